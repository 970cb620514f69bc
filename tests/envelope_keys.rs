//! The envelope-independent API: version-byte dispatch, base64, generic seal/open.

use keyport::hazmat::envelope::{self, Context, HpkeSecretKey, Kem, RecipientKey};
use keyport::{DecryptionKey, EnvelopeKind, Error};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

fn ctx() -> Context {
    Context::import(
        keyport::CurveId::Ed25519,
        keyport::Protocol::Frost,
        keyport::Threshold::for_signers(2, keyport::hazmat::sharing::MAX_SHARES).unwrap(),
        vec![1, 2, 3],
        keyport::hazmat::sharing::ShareIndex::new(1).unwrap(),
        vec![0x5a; 32],
    )
}

#[test]
fn unknown_version_bytes_are_named() {
    for bad in [0u8, 3, 0x04, 0xff] {
        let want = Error::UnknownEnvelopeVersion {
            found: bad,
            known: &[1, 2],
        };
        assert_eq!(RecipientKey::from_bytes(&[bad, 1, 2, 3]).unwrap_err(), want);
        assert_eq!(DecryptionKey::from_bytes(&[bad; 33]).unwrap_err(), want);
    }
    let text = RecipientKey::from_bytes(&[3]).unwrap_err().to_string();
    assert!(
        text.contains("0x03") && text.contains("1 (dfns-v1) or 2 (hpke-v1)"),
        "{text}"
    );
    assert!(matches!(
        RecipientKey::from_bytes(&[]),
        Err(Error::Malformed { .. })
    ));
    assert!(matches!(
        DecryptionKey::from_bytes(&[]),
        Err(Error::Malformed { .. })
    ));
}

#[test]
fn envelope_names() {
    assert_eq!(EnvelopeKind::DfnsV1.as_str(), "dfns-v1");
    assert_eq!(EnvelopeKind::HpkeV1.as_str(), "hpke-v1");
    assert_eq!(EnvelopeKind::DfnsV1.version(), 1);
    assert_eq!(EnvelopeKind::HpkeV1.version(), 2);
}

#[test]
fn both_kinds_round_trip_through_bytes_base64_and_seal_open() {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    for kind in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
        let dk = DecryptionKey::generate(kind, &mut rng);
        assert_eq!(dk.envelope(), kind);
        let dk2 = DecryptionKey::from_bytes(&dk.to_bytes()).unwrap();
        assert_eq!(dk2.to_bytes(), dk.to_bytes());
        let rk = dk.recipient_key();
        assert_eq!(rk.envelope(), kind);
        assert_eq!(rk.to_bytes()[0], kind.version());
        let b64 = rk.to_base64();
        let parsed = RecipientKey::from_base64(&b64).unwrap();
        assert_eq!(parsed, rk);
        assert_eq!(RecipientKey::from_bytes(&rk.to_bytes()).unwrap(), rk);
        let ct = envelope::seal(&parsed, &ctx(), b"payload", &mut rng).unwrap();
        assert_eq!(&envelope::open(&dk2, &ctx(), &ct).unwrap()[..], b"payload");
        let dbg = format!("{dk:?}");
        assert!(dbg.contains("<redacted>"), "{dbg}");
    }
}

#[test]
fn default_hpke_key_is_x25519() {
    let dk = DecryptionKey::generate(EnvelopeKind::HpkeV1, &mut ChaCha20Rng::seed_from_u64(2));
    match dk.recipient_key() {
        RecipientKey::HpkeV1(config) => assert_eq!(config.kem(), Kem::X25519HkdfSha256),
        other => panic!("{other:?}"),
    }
}

#[test]
fn dfns_v1_ignores_the_context_hpke_v1_does_not() {
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let other = Context::export(
        keyport::CurveId::Secp256k1,
        keyport::Protocol::Cggmp21,
        keyport::Threshold::for_signers(3, keyport::hazmat::sharing::MAX_SHARES).unwrap(),
        vec![9],
        vec![2; 33],
    );
    let dfns = DecryptionKey::generate(EnvelopeKind::DfnsV1, &mut rng);
    let ct = envelope::seal(&dfns.recipient_key(), &ctx(), b"p", &mut rng).unwrap();
    assert_eq!(&envelope::open(&dfns, &other, &ct).unwrap()[..], b"p");
    let hpke = DecryptionKey::HpkeV1(HpkeSecretKey::generate(Kem::XWing, &mut rng).0);
    let ct = envelope::seal(&hpke.recipient_key(), &ctx(), b"p", &mut rng).unwrap();
    assert_eq!(
        envelope::open(&hpke, &other, &ct).unwrap_err(),
        Error::DecryptionFailed
    );
}

#[test]
fn a_ciphertext_for_one_envelope_does_not_open_with_the_other() {
    let mut rng = ChaCha20Rng::seed_from_u64(4);
    let dfns = DecryptionKey::generate(EnvelopeKind::DfnsV1, &mut rng);
    let hpke = DecryptionKey::generate(EnvelopeKind::HpkeV1, &mut rng);
    let to_hpke = envelope::seal(&hpke.recipient_key(), &ctx(), b"p", &mut rng).unwrap();
    let to_dfns = envelope::seal(&dfns.recipient_key(), &ctx(), b"p", &mut rng).unwrap();
    assert!(envelope::open(&dfns, &ctx(), &to_hpke).is_err());
    assert!(envelope::open(&hpke, &ctx(), &to_dfns).is_err());
}

#[test]
fn base64_must_be_standard_and_padded() {
    let dk = DecryptionKey::generate(EnvelopeKind::HpkeV1, &mut ChaCha20Rng::seed_from_u64(5));
    let b64 = dk.recipient_key().to_base64();
    assert!(b64.ends_with('='), "45 bytes need padding: {b64}");
    let unpadded = b64.trim_end_matches('=');
    assert!(matches!(
        RecipientKey::from_base64(unpadded),
        Err(Error::Malformed { what: "recipient key", reason }) if reason.contains("unpadded")
    ));
    assert!(matches!(
        RecipientKey::from_base64("AQ*="),
        Err(Error::Malformed {
            what: "recipient key",
            ..
        })
    ));
    assert!(matches!(
        RecipientKey::from_base64(""),
        Err(Error::Malformed { .. })
    ));
    assert!(matches!(
        RecipientKey::from_base64(&format!(" {b64}")),
        Err(Error::Malformed { .. })
    ));
}
