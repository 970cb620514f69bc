//! Signer-set pinning (issue 22 item 1) and signed manifests (item 2): the SPEC.md vectors
//! (§8.4, §8.7), the lock format (§8.6), and every refusal with its exact error.

use keyport::api::SignerInfo;
use keyport::{
    Error, Fingerprint, Manifest, ManifestKey, ManifestSigningKey, PinnedBy, SetDiff,
    SignedManifest, SignerSet,
};
use proptest::prelude::*;

fn info(id: &str, key: &str) -> SignerInfo {
    SignerInfo {
        signer_id: id.to_string(),
        encryption_key: key.to_string(),
    }
}

/// The SPEC.md §8.4 set: cluster "c1", signers 0x02 (key 0x0a0b) and 0x01 (key 0x0c).
fn spec_set() -> SignerSet {
    SignerSet::new("c1", &[info("Ag==", "Cgs="), info("AQ==", "DA==")]).unwrap()
}

const SPEC_FINGERPRINT: &str = "6bc8a21cf85b51604f73ed7c9064b6193ac8cef2b7cd3477ad8297f3287cc9f3";
/// SPEC.md §8.7: 2025-12-01T00:00:00Z and a day later.
const ISSUED: u64 = 1_764_547_200;
const EXPIRES: u64 = 1_764_633_600;

#[test]
fn fingerprint_vector_matches_spec() {
    let set = spec_set();
    assert_eq!(
        hex::encode(set.canonical_bytes()),
        "0002633100010100010c00010200020a0b"
    );
    assert_eq!(set.fingerprint().to_string(), SPEC_FINGERPRINT);
    assert_eq!(
        Fingerprint::from_hex(&SPEC_FINGERPRINT.to_uppercase()).unwrap(),
        set.fingerprint()
    );
    // Unpadded ids are the same signers.
    let unpadded = SignerSet::new("c1", &[info("Ag", "Cgs="), info("AQ", "DA==")]).unwrap();
    assert_eq!(unpadded.fingerprint(), set.fingerprint());
    assert_eq!(
        SignerSet::new("c1", &[info("AQ==", "DA=="), info("Ag==", "Cgs=")])
            .unwrap()
            .fingerprint(),
        set.fingerprint()
    );
}

#[test]
fn fingerprint_refusals() {
    assert_eq!(
        Fingerprint::from_hex("6bc8"),
        Err(Error::Malformed {
            what: "signer-set fingerprint",
            reason: "expected 64 hex digits (SHA-256)".into()
        })
    );
    assert_eq!(SignerSet::new("c1", &[]), Err(Error::NoSigners));
    assert_eq!(
        SignerSet::new("c1", &[info("AQ==", "DA=="), info("AQ", "Cgs=")]),
        Err(Error::DuplicateSigner {
            signer_id: "AQ==".into()
        })
    );
    let other = Fingerprint::from_hex(&"00".repeat(32)).unwrap();
    assert_eq!(
        spec_set().check_fingerprint(&other),
        Err(Error::SignerFingerprintMismatch {
            expected: "00".repeat(32),
            found: SPEC_FINGERPRINT.into()
        })
    );
    assert_eq!(
        spec_set().check_fingerprint(&spec_set().fingerprint()),
        Ok(())
    );
}

#[test]
fn diff_names_each_change() {
    let pinned = SignerSet::new(
        "c1",
        &[
            info("AQ==", "DA=="),
            info("Ag==", "Cgs="),
            info("Aw==", "DQ=="),
        ],
    )
    .unwrap();
    // 0x01 kept, 0x02 key changed, 0x03 removed, 0x04 added, cluster renamed.
    let now = SignerSet::new(
        "c2",
        &[
            info("BA==", "Dg=="),
            info("AQ==", "DA=="),
            info("Ag==", "Dw=="),
        ],
    )
    .unwrap();
    let d = pinned.diff(&now);
    assert_eq!(
        d,
        SetDiff {
            cluster: Some(("c1".into(), "c2".into())),
            added: vec!["BA==".into()],
            removed: vec!["Aw==".into()],
            changed: vec!["Ag==".into()],
        }
    );
    assert_eq!(
        d.to_string(),
        "cluster id: \"c1\" -> \"c2\"\nadded signer BA==\nremoved signer Aw==\nkey changed: signer Ag=="
    );
    assert!(pinned.diff(&pinned).is_empty());
    let err = now.check_same_as(&pinned, PinnedBy::Lock).unwrap_err();
    assert_eq!(
        err,
        Error::SignerSetChanged {
            pinned_by: "the signers lock",
            pinned: pinned.fingerprint().to_string(),
            found: now.fingerprint().to_string(),
            diff: Box::new(d.clone()),
        }
    );
    assert!(
        err.to_string().ends_with(
            "cluster id \"c1\" is now \"c2\"; added: BA==; removed: Aw==; key changed: Ag==; \
             refusing to encrypt to them"
        ),
        "{err}"
    );
    assert_eq!(err.code(), "SIGNER_SET_CHANGED");
}

#[test]
fn lock_round_trip_and_spec_text() {
    let text = spec_set().to_lock_json();
    assert_eq!(
        text,
        format!(
            "{{\"keyportSignersLock\":1,\"clusterId\":\"c1\",\"signers\":[{{\"signerId\":\"AQ==\",\
             \"encryptionKey\":\"DA==\"}},{{\"signerId\":\"Ag==\",\"encryptionKey\":\"Cgs=\"}}],\
             \"fingerprint\":\"{SPEC_FINGERPRINT}\"}}\n"
        )
    );
    assert_eq!(SignerSet::from_lock_json(&text).unwrap(), spec_set());
}

#[test]
fn lock_refusals() {
    let text = spec_set().to_lock_json();
    // A hand edit (a key changed) no longer matches the recorded fingerprint.
    let edited = text.replace("Cgs=", "Cgw=");
    match SignerSet::from_lock_json(&edited) {
        Err(Error::Malformed { what, reason }) => {
            assert_eq!(what, "signers lock");
            assert!(reason.starts_with(&format!("its fingerprint {SPEC_FINGERPRINT} is not")));
        }
        other => panic!("{other:?}"),
    }
    let v2 = text.replace("\"keyportSignersLock\":1", "\"keyportSignersLock\":2");
    assert!(matches!(
        SignerSet::from_lock_json(&v2),
        Err(Error::Malformed { what: "signers lock", reason })
            if reason.contains("keyportSignersLock must be 1")
    ));
    let extra = text.replace(
        "{\"keyportSignersLock\":1,",
        "{\"keyportSignersLock\":1,\"x\":0,",
    );
    assert!(matches!(
        SignerSet::from_lock_json(&extra),
        Err(Error::Malformed { what: "signers lock", reason })
            if reason.contains("has a field other than")
    ));
    assert!(matches!(
        SignerSet::from_lock_json("not json"),
        Err(Error::Malformed {
            what: "signers lock",
            ..
        })
    ));
}

fn ed25519_key() -> ManifestSigningKey {
    ManifestSigningKey::ed25519_from_seed(&[7; 32])
}

fn p256_key() -> ManifestSigningKey {
    ManifestSigningKey::p256_from_bytes(&[7; 32]).unwrap()
}

fn spec_manifest() -> Manifest {
    Manifest::new(spec_set(), ISSUED, EXPIRES).unwrap()
}

const SIGNED_BYTES: &str = "6b6579706f7274207369676e6572206d616e69666573742076310000000000692cda80\
                            00000000692e2c000002633100010100010c00010200020a0b";

#[test]
fn manifest_vectors_match_spec() {
    let m = spec_manifest();
    assert_eq!(hex::encode(m.signed_bytes()), SIGNED_BYTES);
    let ed = ed25519_key().public_key();
    assert_eq!(
        hex::encode(ed.to_bytes()),
        "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c"
    );
    assert_eq!(ed.key_id(), "fe812c12f3ab4ce6");
    let json = m.sign(&ed25519_key());
    assert_eq!(json, include_str!("vectors/signers/manifest-ed25519.json"));
    let p = p256_key().public_key();
    let json_p256 = m.sign(&p256_key());
    assert_eq!(
        json_p256,
        include_str!("vectors/signers/manifest-p256.json")
    );
    for (key, json) in [(ed, json), (p, json_p256)] {
        let read = SignedManifest::from_json(&json).unwrap();
        assert_eq!(read.verify(&key, ISSUED).unwrap(), &spec_set());
        assert_eq!(read.verify(&key, EXPIRES - 1).unwrap(), &spec_set());
        // Whitespace and member order of the JSON do not matter: the signed bytes are binary.
        let pretty = json
            .replace(",\"", ",\n  \"")
            .replace("{\"keyport", "{ \"keyport");
        let reread = SignedManifest::from_json(&pretty).unwrap();
        assert_eq!(reread.verify(&key, ISSUED).unwrap(), &spec_set());
    }
}

#[test]
fn manifest_keys_parse_from_hex_and_pem() {
    let ed = ed25519_key().public_key();
    assert_eq!(
        ManifestKey::from_text(&format!(" {}\n", hex::encode(ed.to_bytes()))).unwrap(),
        ed
    );
    assert_eq!(
        ManifestKey::from_text(include_str!("vectors/signers/manifest-ed25519.pub.pem")).unwrap(),
        ed
    );
    let p = p256_key().public_key();
    assert_eq!(p.to_bytes().len(), 33);
    assert_eq!(
        ManifestKey::from_text(&hex::encode(p.to_bytes())).unwrap(),
        p
    );
    assert_eq!(
        ManifestKey::from_text(include_str!("vectors/signers/manifest-p256.pub.pem")).unwrap(),
        p
    );
    let malformed = |reason: &str| {
        Err::<ManifestKey, _>(Error::Malformed {
            what: "manifest key",
            reason: reason.into(),
        })
    };
    assert_eq!(
        ManifestKey::from_text("zz"),
        malformed("neither a PEM PUBLIC KEY nor hex")
    );
    assert_eq!(
        ManifestKey::from_bytes(&[1; 20]),
        malformed("20 bytes; expected 32 (Ed25519) or 33/65 (P-256, SEC1)")
    );
    // The identity point (y = 1) has small order: anyone can sign for it.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert_eq!(
        ManifestKey::from_bytes(&identity),
        malformed("a small-order Ed25519 point, which anyone can sign for")
    );
    let mut off_curve = [1u8; 65];
    off_curve[0] = 4;
    for bad in [&[0x05; 33][..], &off_curve[..], &[0x02; 65][..]] {
        assert_eq!(
            ManifestKey::from_bytes(bad),
            malformed("not a P-256 point (SEC1 compressed or uncompressed)")
        );
    }
    assert_eq!(
        ManifestKey::from_text("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
        malformed("a PEM block that is not an Ed25519 or P-256 PUBLIC KEY (SubjectPublicKeyInfo)")
    );
}

#[test]
fn manifest_refusals_each_name_their_check() {
    let json = spec_manifest().sign(&ed25519_key());
    let key = ed25519_key().public_key();
    let read = SignedManifest::from_json(&json).unwrap();
    // Expired: at expiresAt itself, and a day later.
    for now in [EXPIRES, EXPIRES + 86_400] {
        assert_eq!(
            read.verify(&key, now),
            Err(Error::ManifestExpired {
                expires_at: EXPIRES,
                now
            })
        );
    }
    assert_eq!(
        read.verify(&key, ISSUED - 1),
        Err(Error::ManifestNotYetValid {
            issued_at: ISSUED,
            now: ISSUED - 1
        })
    );
    // Wrong key: another Ed25519 key, and a P-256 key.
    let other = ManifestSigningKey::ed25519_from_seed(&[8; 32]).public_key();
    assert_eq!(
        read.verify(&other, ISSUED),
        Err(Error::ManifestWrongKey {
            pinned: format!("ed25519 {}", other.key_id()),
            signed_by: format!("ed25519 {}", key.key_id()),
        })
    );
    assert_eq!(
        read.verify(&p256_key().public_key(), ISSUED),
        Err(Error::ManifestWrongKey {
            pinned: format!("ecdsa-p256-sha256 {}", p256_key().public_key().key_id()),
            signed_by: format!("ed25519 {}", key.key_id()),
        })
    );
    // Wrong key that claims the pinned key's id: the signature fails.
    let forged = spec_manifest()
        .sign(&ManifestSigningKey::ed25519_from_seed(&[8; 32]))
        .replace(&other.key_id(), &key.key_id());
    assert_eq!(
        SignedManifest::from_json(&forged)
            .unwrap()
            .verify(&key, ISSUED),
        Err(Error::ManifestSignatureInvalid)
    );
    // Tampered: every signed field changed in turn.
    let tampered = [
        json.replace("\"c1\"", "\"c2\""),
        json.replace("Cgs=", "Cgw="),
        json.replace("\"AQ==\"", "\"Aw==\""),
        json.replace(&ISSUED.to_string(), &(ISSUED - 60).to_string()),
        json.replace(&EXPIRES.to_string(), &(EXPIRES + 86_400).to_string()),
    ];
    for t in &tampered {
        assert_ne!(t, &json);
        assert_eq!(
            SignedManifest::from_json(t).unwrap().verify(&key, ISSUED),
            Err(Error::ManifestSignatureInvalid),
            "{t}"
        );
    }
    // The signers in use must be exactly the manifest's.
    let stated = read.verify(&key, ISSUED).unwrap();
    let in_use = SignerSet::new("c1", &[info("AQ==", "DA==")]).unwrap();
    assert_eq!(
        in_use.check_same_as(stated, PinnedBy::Manifest),
        Err(Error::SignerSetChanged {
            pinned_by: "the signed manifest",
            pinned: SPEC_FINGERPRINT.into(),
            found: in_use.fingerprint().to_string(),
            diff: Box::new(SetDiff {
                removed: vec!["Ag==".into()],
                ..SetDiff::default()
            }),
        })
    );
    assert_eq!(spec_set().check_same_as(stated, PinnedBy::Manifest), Ok(()));
}

#[test]
fn manifest_shape_refusals() {
    let json = spec_manifest().sign(&ed25519_key());
    let malformed = |text: &str| match SignedManifest::from_json(text) {
        Err(Error::Malformed { what, reason }) => {
            assert_eq!(what, "signer manifest", "{reason}");
            reason
        }
        other => panic!("{other:?}"),
    };
    let backwards = json
        .replace(&ISSUED.to_string(), "~")
        .replace(&EXPIRES.to_string(), &ISSUED.to_string())
        .replace('~', &EXPIRES.to_string());
    assert_eq!(
        malformed(&backwards),
        format!("expiresAt {ISSUED} is not after issuedAt {EXPIRES}")
    );
    assert!(
        malformed(&json.replace(&ISSUED.to_string(), "-1")).contains("issuedAt must be an integer")
    );
    assert!(
        malformed(&json.replace(&EXPIRES.to_string(), "1.5e9"))
            .contains("expiresAt must be an integer")
    );
    assert!(
        malformed(&json.replace("\"keyportSignerManifest\":1", "\"keyportSignerManifest\":2"))
            .contains("keyportSignerManifest must be 1")
    );
    assert!(
        malformed(&json.replace("\"algorithm\"", "\"alg\"")).contains("has a field other than")
    );
    let sig_start = json.find("\"signature\":\"").unwrap() + 13;
    let mut bad_sig = json.clone();
    bad_sig.replace_range(sig_start..sig_start + 1, "!");
    assert_eq!(
        malformed(&bad_sig),
        "signature is not standard padded base64"
    );
    // A signature of the wrong length parses but does not verify.
    let sig = &json[sig_start..json[sig_start..].find('"').unwrap() + sig_start];
    let raw = keyport_hotpath_decode(sig);
    for len in [0, 63, 65] {
        let mut other = raw.clone();
        other.resize(len, 0);
        let text = json.replace(sig, &keyport_hotpath::base64::encode(&other));
        assert_eq!(
            SignedManifest::from_json(&text)
                .unwrap()
                .verify(&ed25519_key().public_key(), ISSUED),
            Err(Error::ManifestSignatureInvalid)
        );
    }
}

/// Standard padded base64 decoding (the signature field's encoding).
fn keyport_hotpath_decode(text: &str) -> Vec<u8> {
    keyport::SignerId::from_base64(text).unwrap().into_bytes()
}

fn arb_signers() -> impl Strategy<Value = Vec<(Vec<u8>, Vec<u8>)>> {
    prop::collection::btree_map(
        prop::collection::vec(any::<u8>(), 1..4),
        prop::collection::vec(any::<u8>(), 1..4),
        1..6,
    )
    .prop_map(|m| m.into_iter().collect())
}

fn set_of(cluster: &str, signers: &[(Vec<u8>, Vec<u8>)]) -> SignerSet {
    let infos: Vec<SignerInfo> = signers
        .iter()
        .map(|(id, key)| {
            info(
                &keyport_hotpath::base64::encode(id),
                &keyport_hotpath::base64::encode(key),
            )
        })
        .collect();
    SignerSet::new(cluster, &infos).unwrap()
}

proptest! {
    /// Any one change (a key byte, a signer dropped, a signer added, the cluster id) changes
    /// the fingerprint, shows in the diff as exactly that change, and breaks the signature;
    /// order never matters.
    #[test]
    fn any_change_is_caught(
        signers in arb_signers(),
        pick in any::<prop::sample::Index>(),
        change in 0u8..4,
        seed in any::<[u8; 32]>(),
    ) {
        let set = set_of("c", &signers);
        let mut reversed = signers.clone();
        reversed.reverse();
        prop_assert_eq!(set_of("c", &reversed).fingerprint(), set.fingerprint());
        let i = pick.index(signers.len());
        let mut changed = signers.clone();
        let mut cluster = "c";
        // Removing the only signer would leave no set: change the cluster id instead.
        let change = if change == 1 && signers.len() == 1 { 3 } else { change };
        match change {
            0 => changed[i].1[0] ^= 1,
            1 => { changed.remove(i); }
            2 => changed.push((vec![0xff; 5], vec![1])),
            _ => cluster = "d",
        }
        let now = set_of(cluster, &changed);
        prop_assert_ne!(now.fingerprint(), set.fingerprint());
        let d = set.diff(&now);
        let counts = (d.cluster.is_some() as usize, d.added.len(), d.removed.len(), d.changed.len());
        let expected = match change { 0 => (0, 0, 0, 1), 1 => (0, 0, 1, 0), 2 => (0, 1, 0, 0), _ => (1, 0, 0, 0) };
        prop_assert_eq!(counts, expected);
        prop_assert!(now.check_same_as(&set, PinnedBy::Lock).is_err());
        // A manifest for the old set does not vouch for the new one, and a lock round-trips.
        let key = ManifestSigningKey::ed25519_from_seed(&seed);
        let json = Manifest::new(set.clone(), 10, 20).unwrap().sign(&key);
        let read = SignedManifest::from_json(&json).unwrap();
        let stated = read.verify(&key.public_key(), 15).unwrap();
        prop_assert!(now.check_same_as(stated, PinnedBy::Manifest).is_err());
        prop_assert_eq!(SignerSet::from_lock_json(&now.to_lock_json()).unwrap(), now);
    }
}
