//! dfns-v1 against the Dfns reference vectors (`tests/vectors/dfns-v1/ecies.json`).

use keyport::hazmat::envelope::dfns_v1::{self, DfnsV1PublicKey, DfnsV1SecretKey};
use keyport::hazmat::envelope::{Context, RecipientKey};
use keyport::{DecryptionKey, EnvelopeKind, Error};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use serde_json::Value;

const ECIES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/dfns-v1/ecies.json"
));

fn vectors() -> Value {
    serde_json::from_str(ECIES).unwrap()
}

fn hx(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

fn named<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no vector named {name}"))
}

fn any_context() -> Context {
    Context::import(
        keyport::CurveId::Secp256k1,
        keyport::Protocol::Cggmp21,
        keyport::Threshold::for_signers(2, keyport::hazmat::sharing::MAX_SHARES).unwrap(),
        *b"s",
        keyport::hazmat::sharing::ShareIndex::new(1).unwrap(),
        [2u8; 33],
    )
}

#[test]
fn every_case_opens_and_reseals_byte_for_byte() {
    let v = vectors();
    let cases = v["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 6);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let sk = DfnsV1SecretKey::from_bytes(&hx(&case["decryptionKey"])).unwrap();
        assert_eq!(
            &sk.to_bytes()[..],
            &hx(&case["decryptionKey"])[..],
            "{name}"
        );
        let pk = sk.public_key();
        assert_eq!(
            pk.to_bytes().to_vec(),
            hx(&case["encryptionKeyHex"]),
            "{name}"
        );
        let parsed =
            RecipientKey::from_base64(case["encryptionKeyBase64"].as_str().unwrap()).unwrap();
        assert_eq!(parsed, RecipientKey::DfnsV1(pk), "{name}");
        assert_eq!(parsed.to_base64(), case["encryptionKeyBase64"], "{name}");

        let aad = hx(&case["associatedData"]);
        let pt = hx(&case["plaintext"]);
        let ct = hx(&case["ciphertextHex"]);
        assert_eq!(ct.len(), pt.len() + dfns_v1::OVERHEAD, "{name}");
        assert_eq!(
            &dfns_v1::open(&sk, &ct, &aad).unwrap()[..],
            &pt[..],
            "{name}"
        );

        let e: [u8; 32] = hx(&case["intermediate"]["ephemeralSecret"])
            .try_into()
            .unwrap();
        let resealed = dfns_v1::seal_with_ephemeral(&pk, &pt, &aad, &e).unwrap();
        assert_eq!(hex::encode(&resealed), case["ciphertextHex"], "{name}");
        // The pieces land where the README says: tag, then E.
        let tag_at = pt.len();
        assert_eq!(
            hex::encode(&resealed[tag_at..tag_at + 16]),
            case["intermediate"]["gcmTag"],
            "{name}"
        );
        assert_eq!(
            hex::encode(&resealed[tag_at + 16..]),
            case["intermediate"]["ephemeralPublic"],
            "{name}"
        );
    }
}

#[test]
fn empty_aad_cases_open_through_the_generic_api() {
    let v = vectors();
    for case in v["cases"].as_array().unwrap() {
        if case["associatedData"] != "" {
            continue;
        }
        let dk = DecryptionKey::from_bytes(&hx(&case["decryptionKey"])).unwrap();
        assert_eq!(dk.envelope(), EnvelopeKind::DfnsV1);
        let pt = keyport::hazmat::envelope::open(&dk, &any_context(), &hx(&case["ciphertextHex"]))
            .unwrap();
        assert_eq!(&pt[..], &hx(&case["plaintext"])[..]);
    }
}

fn negative_open(name: &str) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
    let v = vectors();
    let case = named(&v["negative"], name);
    assert_eq!(case["operation"], "decrypt");
    let sk = DfnsV1SecretKey::from_bytes(&hx(&case["decryptionKey"])).unwrap();
    dfns_v1::open(
        &sk,
        &hx(&case["ciphertextHex"]),
        &hx(&case["associatedData"]),
    )
}

#[test]
fn negative_tampered_tag() {
    assert_eq!(negative_open("tampered_tag"), Err(Error::DecryptionFailed));
}

#[test]
fn negative_truncated_last_byte() {
    // The last 33 bytes now start with the final tag byte (0x5b): not a point encoding.
    assert_eq!(
        negative_open("truncated_last_byte"),
        Err(Error::InvalidPoint { curve: "secp256k1" })
    );
}

#[test]
fn negative_shorter_than_ephemeral_point() {
    assert_eq!(
        negative_open("truncated_shorter_than_ephemeral_point"),
        Err(Error::CiphertextLength {
            min: 49,
            actual: 32
        })
    );
}

#[test]
fn negative_only_ephemeral_point() {
    assert_eq!(
        negative_open("only_ephemeral_point_no_tag"),
        Err(Error::CiphertextLength {
            min: 49,
            actual: 33
        })
    );
}

#[test]
fn negative_wrong_associated_data() {
    assert_eq!(
        negative_open("wrong_associated_data"),
        Err(Error::DecryptionFailed)
    );
}

#[test]
fn negative_wrong_decryption_key() {
    assert_eq!(
        negative_open("wrong_decryption_key"),
        Err(Error::DecryptionFailed)
    );
}

#[test]
fn negative_tampered_ephemeral_point() {
    // x with its last bit flipped happens to be on the curve too, so E parses; the key
    // derived from the wrong E fails the tag.
    assert_eq!(
        negative_open("tampered_ephemeral_point"),
        Err(Error::DecryptionFailed)
    );
}

#[test]
fn negative_decryption_key_wrong_version_byte() {
    let v = vectors();
    let case = named(&v["negative"], "decryption_key_wrong_version_byte");
    assert_eq!(
        DfnsV1SecretKey::from_bytes(&hx(&case["decryptionKey"])).unwrap_err(),
        Error::UnknownEnvelopeVersion {
            found: 2,
            known: &[1]
        }
    );
    // Through the dispatcher, version 2 means hpke-v1, whose keys are 36 bytes.
    assert!(matches!(
        DecryptionKey::from_bytes(&hx(&case["decryptionKey"])),
        Err(Error::Malformed {
            what: "hpke-v1 decryption key",
            ..
        })
    ));
}

#[test]
fn negative_encryption_key_wrong_version_byte() {
    let v = vectors();
    let case = named(&v["negative"], "encryption_key_wrong_version_byte");
    assert_eq!(
        DfnsV1PublicKey::from_bytes(&hx(&case["encryptionKeyHex"])).unwrap_err(),
        Error::UnknownEnvelopeVersion {
            found: 2,
            known: &[1]
        }
    );
    // Through the dispatcher it reads as an hpke-v1 key config with KEM id 0xe6c4.
    assert_eq!(
        RecipientKey::from_base64(case["encryptionKeyBase64"].as_str().unwrap()).unwrap_err(),
        Error::UnsupportedKem { kem: 0xe6c4 }
    );
}

#[test]
fn negative_decryption_key_too_long() {
    let v = vectors();
    let case = named(&v["negative"], "decryption_key_too_long");
    assert_eq!(
        DfnsV1SecretKey::from_bytes(&hx(&case["decryptionKey"])).unwrap_err(),
        Error::ScalarLength {
            expected: 32,
            actual: 33
        }
    );
}

#[test]
fn every_negative_case_is_covered() {
    let v = vectors();
    let names: Vec<&str> = v["negative"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let covered = [
        "tampered_tag",
        "truncated_last_byte",
        "truncated_shorter_than_ephemeral_point",
        "only_ephemeral_point_no_tag",
        "wrong_associated_data",
        "wrong_decryption_key",
        "decryption_key_wrong_version_byte",
        "encryption_key_wrong_version_byte",
        "decryption_key_too_long",
        "tampered_ephemeral_point",
    ];
    let mut sorted = names.clone();
    sorted.sort_unstable();
    let mut want = covered.to_vec();
    want.sort_unstable();
    assert_eq!(sorted, want, "a negative vector was added; give it a test");
}

#[test]
fn quirk_uncompressed_encryption_key_is_accepted_and_recompressed() {
    let v = vectors();
    let q = named(&v["quirks"], "encryption_key_uncompressed_point");
    let key = RecipientKey::from_base64(q["encryptionKeyBase64"].as_str().unwrap()).unwrap();
    assert_eq!(key.envelope(), EnvelopeKind::DfnsV1);
    assert_eq!(
        key.to_base64(),
        q["referenceResult"]["reserializedBase64"].as_str().unwrap()
    );
}

#[test]
fn quirk_unpadded_base64_is_rejected() {
    let v = vectors();
    let q = named(&v["quirks"], "encryption_key_base64_unpadded");
    match RecipientKey::from_base64(q["encryptionKeyBase64"].as_str().unwrap()) {
        Err(Error::Malformed {
            what: "recipient key",
            reason,
        }) => assert!(reason.contains("unpadded"), "{reason}"),
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn quirk_url_safe_base64_is_rejected() {
    let v = vectors();
    let q = named(&v["quirks"], "encryption_key_base64_urlsafe");
    match RecipientKey::from_base64(q["encryptionKeyBase64"].as_str().unwrap()) {
        Err(Error::Malformed {
            what: "recipient key",
            reason,
        }) => assert!(reason.contains("URL-safe"), "{reason}"),
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn quirk_identity_ephemeral_point_is_rejected() {
    let v = vectors();
    let q = named(&v["quirks"], "identity_ephemeral_point");
    // The reference opened it; prove the vector is what it claims (33 zero bytes at the end).
    assert_eq!(q["referenceResult"]["ok"], true);
    let ct = hx(&q["ciphertextHex"]);
    assert_eq!(&ct[ct.len() - 33..], &[0u8; 33]);
    let sk = DfnsV1SecretKey::from_bytes(&hx(&q["decryptionKey"])).unwrap();
    assert_eq!(
        dfns_v1::open(&sk, &ct, &hx(&q["associatedData"])).unwrap_err(),
        Error::IdentityPoint
    );
    // And with any other key too.
    let other = DfnsV1SecretKey::generate(&mut ChaCha20Rng::seed_from_u64(1));
    assert_eq!(
        dfns_v1::open(&other, &ct, &[]).unwrap_err(),
        Error::IdentityPoint
    );
}

#[test]
fn quirk_zero_and_short_decryption_keys_are_rejected() {
    let v = vectors();
    let q = named(&v["quirks"], "decryption_key_version_only");
    assert_eq!(
        DfnsV1SecretKey::from_bytes(&hx(&q["decryptionKey"])).unwrap_err(),
        Error::ScalarLength {
            expected: 32,
            actual: 0
        }
    );
    // What the reference turned it into: the zero scalar, now at full length.
    assert_eq!(
        DfnsV1SecretKey::from_bytes(&hx(&q["referenceResult"]["reserialized"])).unwrap_err(),
        Error::ZeroScalar
    );
    let q = named(&v["quirks"], "decryption_key_short_scalar");
    assert_eq!(
        DfnsV1SecretKey::from_bytes(&hx(&q["decryptionKey"])).unwrap_err(),
        Error::ScalarLength {
            expected: 32,
            actual: 1
        }
    );
    // The padded form is a fine key, with the public key the reference computed.
    let sk = DfnsV1SecretKey::from_bytes(&hx(&q["referenceResult"]["reserialized"])).unwrap();
    assert_eq!(
        sk.public_key().to_bytes().to_vec(),
        hx(&q["referenceResult"]["encryptionKeyHex"])
    );
}

#[test]
fn secret_key_out_of_range_is_rejected() {
    let mut bytes = [0xffu8; 33];
    bytes[0] = 1;
    assert_eq!(
        DfnsV1SecretKey::from_bytes(&bytes).unwrap_err(),
        Error::ScalarOutOfRange { curve: "secp256k1" }
    );
    // n itself.
    let n =
        hex::decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141").unwrap();
    let mut bytes = vec![1u8];
    bytes.extend_from_slice(&n);
    assert_eq!(
        DfnsV1SecretKey::from_bytes(&bytes).unwrap_err(),
        Error::ScalarOutOfRange { curve: "secp256k1" }
    );
    assert!(matches!(
        DfnsV1SecretKey::from_bytes(&[]),
        Err(Error::Malformed { .. })
    ));
}

#[test]
fn public_key_rejections() {
    // Identity, in the two ways SEC1 can spell it here.
    assert_eq!(
        DfnsV1PublicKey::from_bytes(&[1, 0]).unwrap_err(),
        Error::IdentityPoint
    );
    let mut zero = [0u8; 34];
    zero[0] = 1;
    assert_eq!(
        DfnsV1PublicKey::from_bytes(&zero).unwrap_err(),
        Error::IdentityPoint
    );
    // x = 5 has no square root of x^3 + 7 mod p: off the curve.
    let mut off = [0u8; 34];
    off[0] = 1;
    off[1] = 2;
    off[33] = 5;
    assert_eq!(
        DfnsV1PublicKey::from_bytes(&off).unwrap_err(),
        Error::InvalidPoint { curve: "secp256k1" }
    );
    // x >= p is not canonical.
    let mut big = [0xffu8; 34];
    big[0] = 1;
    big[1] = 2;
    assert_eq!(
        DfnsV1PublicKey::from_bytes(&big).unwrap_err(),
        Error::InvalidPoint { curve: "secp256k1" }
    );
    // A valid point with an uncompressed point's tag but a compressed point's length.
    let good = DfnsV1SecretKey::generate(&mut ChaCha20Rng::seed_from_u64(2))
        .public_key()
        .to_bytes();
    let mut wrong_tag = good;
    wrong_tag[1] = 4;
    assert_eq!(
        DfnsV1PublicKey::from_bytes(&wrong_tag).unwrap_err(),
        Error::InvalidPoint { curve: "secp256k1" }
    );
    // Other lengths.
    assert_eq!(
        DfnsV1PublicKey::from_bytes(&good[..20]).unwrap_err(),
        Error::PointLength {
            curve: "secp256k1",
            actual: 19
        }
    );
    let mut long = good.to_vec();
    long.push(0);
    assert_eq!(
        DfnsV1PublicKey::from_bytes(&long).unwrap_err(),
        Error::PointLength {
            curve: "secp256k1",
            actual: 34
        }
    );
    // An uncompressed point whose y does not match x.
    let mut unc = [0u8; 66];
    unc[0] = 1;
    unc[1] = 4;
    unc[2..34].copy_from_slice(&good[2..34]);
    unc[65] = 1;
    assert_eq!(
        DfnsV1PublicKey::from_bytes(&unc).unwrap_err(),
        Error::InvalidPoint { curve: "secp256k1" }
    );
}

#[test]
fn fresh_keys_round_trip_and_seal_randomly() {
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let sk = DfnsV1SecretKey::generate(&mut rng);
    let again = DfnsV1SecretKey::from_bytes(&sk.to_bytes()[..]).unwrap();
    assert_eq!(again.public_key(), sk.public_key());
    let pk = sk.public_key();
    let a = dfns_v1::seal(&pk, b"share", b"", &mut rng).unwrap();
    let b = dfns_v1::seal(&pk, b"share", b"", &mut rng).unwrap();
    assert_ne!(a, b, "a fresh ephemeral key per ciphertext");
    assert_eq!(&dfns_v1::open(&sk, &a, b"").unwrap()[..], b"share");
    assert_eq!(&dfns_v1::open(&sk, &b, b"").unwrap()[..], b"share");
    assert_eq!(format!("{sk:?}"), "DfnsV1SecretKey(<redacted>)");
}

#[test]
fn seal_with_ephemeral_rejects_bad_scalars() {
    let pk = DfnsV1SecretKey::generate(&mut ChaCha20Rng::seed_from_u64(4)).public_key();
    assert_eq!(
        dfns_v1::seal_with_ephemeral(&pk, b"", b"", &[0; 32]).unwrap_err(),
        Error::ZeroScalar
    );
    assert_eq!(
        dfns_v1::seal_with_ephemeral(&pk, b"", b"", &[0xff; 32]).unwrap_err(),
        Error::ScalarOutOfRange { curve: "secp256k1" }
    );
}

/// `seal_many` is `seal` in a loop, byte for byte, for the same RNG stream (it only batches
/// the affine conversions), and every ciphertext opens with its own recipient's key only.
#[test]
fn seal_many_matches_sequential_seal() {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;
    let mut r = ChaCha20Rng::seed_from_u64(99);
    let keys: Vec<keyport::hazmat::envelope::DfnsV1SecretKey> = (0..4)
        .map(
            |_| match keyport::DecryptionKey::generate(keyport::EnvelopeKind::DfnsV1, &mut r) {
                keyport::DecryptionKey::DfnsV1(k) => k,
                keyport::DecryptionKey::HpkeV1(_) => unreachable!(),
            },
        )
        .collect();
    let pks: Vec<_> = keys.iter().map(|k| k.public_key()).collect();
    let plaintexts: Vec<Vec<u8>> = (0..4).map(|i| vec![i as u8; 10 + 50 * i]).collect();
    let items: Vec<_> = pks
        .iter()
        .zip(&plaintexts)
        .map(|(p, m)| (p, m.as_slice()))
        .collect();
    let batched = dfns_v1::seal_many(&items, b"aad", &mut ChaCha20Rng::seed_from_u64(7)).unwrap();
    let mut one_by_one = ChaCha20Rng::seed_from_u64(7);
    for (i, (pk, m)) in items.iter().enumerate() {
        assert_eq!(
            batched[i],
            dfns_v1::seal(pk, m, b"aad", &mut one_by_one).unwrap(),
            "recipient {i}"
        );
        assert_eq!(&*dfns_v1::open(&keys[i], &batched[i], b"aad").unwrap(), *m);
        assert_eq!(
            dfns_v1::open(&keys[(i + 1) % 4], &batched[i], b"aad").unwrap_err(),
            Error::DecryptionFailed
        );
    }
    assert!(
        dfns_v1::seal_many(&[], b"", &mut one_by_one)
            .unwrap()
            .is_empty()
    );
}
