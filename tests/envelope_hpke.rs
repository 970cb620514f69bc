//! hpke-v1: RFC 9180 known answers through the `hpke` functions keyport calls, the framing,
//! the context binding and every typed error.

mod common;
use common::Replay;

use hpke::aead::{AesGcm128, ChaCha20Poly1305};
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem as _, OpModeR, OpModeS, Serializable};
use keyport::hazmat::envelope::hpke::{
    self as hpke_v1, Aead, HpkeSecretKey, Kem, KeyConfig, SymmetricSuite,
};
use keyport::hazmat::envelope::{Context, Operation};
use keyport::hazmat::sharing::{MAX_SHARES, ShareIndex};
use keyport::{CurveId, Error, Protocol, Threshold};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

/// One base-mode vector of RFC 9180 Appendix A (values copied from the RFC text).
struct Rfc {
    ikm_e: &'static str,
    ikm_r: &'static str,
    pk_rm: &'static str,
    sk_rm: &'static str,
    enc: &'static str,
    /// (aad, ciphertext) for sequence numbers 0 and 1.
    encryptions: [(&'static str, &'static str); 2],
}

const INFO: &str = "4f6465206f6e2061204772656369616e2055726e"; // "Ode on a Grecian Urn"
const PT: &str = "4265617574792069732074727574682c20747275746820626561757479"; // "Beauty is truth, ..."

/// A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode.
const A_1_1: Rfc = Rfc {
    ikm_e: "7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234",
    ikm_r: "6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037",
    pk_rm: "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d",
    sk_rm: "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8",
    enc: "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431",
    encryptions: [
        (
            "436f756e742d30",
            "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a",
        ),
        (
            "436f756e742d31",
            "af2d7e9ac9ae7e270f46ba1f975be53c09f8d875bdc8535458c2494e8a6eab251c03d0c22a56b8ca42c2063b84",
        ),
    ],
};

/// A.2.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, base mode.
const A_2_1: Rfc = Rfc {
    ikm_e: "909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b",
    ikm_r: "1ac01f181fdf9f352797655161c58b75c656a6cc2716dcb66372da835542e1df",
    pk_rm: "4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a",
    sk_rm: "8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb",
    enc: "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a",
    encryptions: [
        (
            "436f756e742d30",
            "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28",
        ),
        (
            "436f756e742d31",
            "6b53c051e4199c518de79594e1c4ab18b96f081549d45ce015be002090bb119e85285337cc95ba5f59992dc98c",
        ),
    ],
};

fn rfc_known_answer<A: hpke::aead::Aead>(v: &Rfc) {
    type K = X25519HkdfSha256;
    let (info, pt) = (h(INFO), h(PT));
    let (_, derived_pk) = K::derive_keypair(&h(v.ikm_r));
    assert_eq!(derived_pk.to_bytes().as_slice(), &h(v.pk_rm)[..]);
    let pk = <K as hpke::Kem>::PublicKey::from_bytes(&h(v.pk_rm)).unwrap();

    // The one-shot, in-place seal keyport uses: enc and the first ciphertext.
    let (aad0, ct0) = v.encryptions[0];
    let mut rng = Replay::new(&h(v.ikm_e));
    let mut buf = pt.clone();
    let (enc, tag) = hpke::single_shot_seal_inout_detached_with_rng::<A, HkdfSha256, K>(
        &OpModeS::Base,
        &pk,
        &info,
        buf.as_mut_slice().into(),
        &h(aad0),
        &mut rng,
    )
    .unwrap();
    assert_eq!(rng.remaining(), 0, "DHKEM draws exactly Nsk = 32 bytes");
    assert_eq!(hex::encode(enc.to_bytes()), v.enc);
    buf.extend_from_slice(&tag.to_bytes());
    assert_eq!(hex::encode(&buf), ct0);

    // The allocating one-shot and a context (for sequence number 1) agree.
    let (enc1, ct) = hpke::single_shot_seal_with_rng::<A, HkdfSha256, K>(
        &OpModeS::Base,
        &pk,
        &info,
        &pt,
        &h(aad0),
        &mut Replay::new(&h(v.ikm_e)),
    )
    .unwrap();
    assert_eq!(hex::encode(enc1.to_bytes()), v.enc);
    assert_eq!(hex::encode(&ct), ct0);
    let (_, mut ctx) = hpke::setup_sender_with_rng::<A, HkdfSha256, K>(
        &OpModeS::Base,
        &pk,
        &info,
        &mut Replay::new(&h(v.ikm_e)),
    )
    .unwrap();
    for (aad, want) in v.encryptions {
        assert_eq!(hex::encode(ctx.seal(&pt, &h(aad)).unwrap()), want);
    }

    // The in-place open keyport uses, with skRm.
    let sk = <K as hpke::Kem>::PrivateKey::from_bytes(&h(v.sk_rm)).unwrap();
    assert_eq!(K::sk_to_pk(&sk).to_bytes().as_slice(), &h(v.pk_rm)[..]);
    let ct0 = h(ct0);
    let (body, tag) = ct0.split_at(ct0.len() - 16);
    let mut body = body.to_vec();
    hpke::single_shot_open_inout_detached::<A, HkdfSha256, K>(
        &OpModeR::Base,
        &sk,
        &enc,
        &info,
        body.as_mut_slice().into(),
        &h(aad0),
        &hpke::aead::AeadTag::<A>::from_bytes(tag).unwrap(),
    )
    .unwrap();
    assert_eq!(body, pt);
}

#[test]
fn rfc9180_a_1_1_x25519_aes128gcm() {
    rfc_known_answer::<AesGcm128>(&A_1_1);
}

#[test]
fn rfc9180_a_2_1_x25519_chacha20poly1305() {
    rfc_known_answer::<ChaCha20Poly1305>(&A_2_1);
}

#[test]
fn rfc_secret_key_loads_as_keyport_key() {
    // skRm of A.2.1 is not clamped; keyport clamps it on the way in (RFC 9180 §7.1.2) and
    // derives the RFC's public key.
    let mut bytes = vec![2u8, 7, 0x00, 0x20];
    bytes.extend_from_slice(&h(A_2_1.sk_rm));
    let sk = HpkeSecretKey::from_bytes(&bytes).unwrap();
    assert_eq!(sk.key_config().public_key(), &h(A_2_1.pk_rm)[..]);
    let canonical = sk.to_bytes();
    assert_ne!(&canonical[..], &bytes[..], "stored clamped");
    let mut clamped = h(A_2_1.sk_rm);
    clamped[0] &= 248;
    clamped[31] &= 127;
    clamped[31] |= 64;
    assert_eq!(&canonical[4..], &clamped[..]);
}

const BINDING: &str = "02c30377349422f2ca1bedda087e5700d9a1a33cc351a313f3422cf31aa5c7b77e";

fn ctx() -> Context {
    ctx_with(
        CurveId::Secp256k1,
        Protocol::Cggmp21,
        3,
        b"signer-0001",
        2,
        &h(BINDING),
    )
}

/// The import context of `ctx()` with one part changed.
fn ctx_with(
    curve: CurveId,
    protocol: Protocol,
    t: usize,
    signer_id: &[u8],
    index: u16,
    binding: &[u8],
) -> Context {
    Context::import(
        curve,
        protocol,
        Threshold::for_signers(t, MAX_SHARES).unwrap(),
        signer_id.to_vec(),
        ShareIndex::new(index).unwrap(),
        binding.to_vec(),
    )
}

fn key(kem: Kem, seed: u64) -> (HpkeSecretKey, KeyConfig) {
    HpkeSecretKey::generate(kem, &mut ChaCha20Rng::seed_from_u64(seed))
}

#[test]
fn lengths_are_those_of_the_kems() {
    let mut rng = ChaCha20Rng::seed_from_u64(10);
    for (kem, npk, nenc, default_aead) in [
        (Kem::X25519HkdfSha256, 32, 32, 3u16),
        (Kem::P256HkdfSha256, 65, 65, 2),
        (Kem::XWing, 1216, 1120, 3),
    ] {
        let (sk, config) = HpkeSecretKey::generate(kem, &mut rng);
        assert_eq!(kem.public_key_len(), npk);
        assert_eq!(kem.enc_len(), nenc);
        assert_eq!(config.public_key().len(), npk);
        assert_eq!(config.to_bytes().len(), 1 + 2 + npk + 2 + 8);
        assert_eq!(sk.to_bytes().len(), 36);
        let ct = hpke_v1::seal(&config, &ctx(), b"abc", &mut rng).unwrap();
        assert_eq!(ct.len(), 1 + 7 + nenc + 3 + 16, "{kem:?}");
        assert_eq!(ct[0], 2);
        assert_eq!(ct[1], config.key_id());
        assert_eq!(&ct[2..4], &kem.id().to_be_bytes());
        assert_eq!(&ct[4..6], &[0, 1]);
        assert_eq!(u16::from_be_bytes([ct[6], ct[7]]), default_aead, "{kem:?}");
        assert_eq!(&hpke_v1::open(&sk, &ctx(), &ct).unwrap()[..], b"abc");
        if kem == Kem::P256HkdfSha256 {
            assert_eq!(config.public_key()[0], 4, "uncompressed SEC1");
        }
    }
}

#[test]
fn default_suites_and_key_ids() {
    let (sk, config) = key(Kem::X25519HkdfSha256, 11);
    assert_eq!(
        config.suites(),
        &[
            SymmetricSuite { kdf: 1, aead: 3 },
            SymmetricSuite { kdf: 1, aead: 2 }
        ]
    );
    assert_eq!(config, sk.key_config());
    let (_, p256) = key(Kem::P256HkdfSha256, 12);
    assert_eq!(
        p256.suites(),
        &[
            SymmetricSuite::new(Aead::Aes256Gcm),
            SymmetricSuite::new(Aead::ChaCha20Poly1305)
        ]
    );
    let (sk, config) =
        HpkeSecretKey::generate_with_key_id(Kem::XWing, 0x5a, &mut ChaCha20Rng::seed_from_u64(1));
    assert_eq!((sk.key_id(), config.key_id()), (0x5a, 0x5a));
}

#[test]
fn sender_takes_the_first_supported_pair() {
    let (sk, config) = key(Kem::X25519HkdfSha256, 13);
    let offered = vec![
        SymmetricSuite { kdf: 1, aead: 1 },   // AES-128-GCM: not supported
        SymmetricSuite { kdf: 2, aead: 3 },   // HKDF-SHA384: not supported
        SymmetricSuite::new(Aead::Aes256Gcm), // first supported
        SymmetricSuite::new(Aead::ChaCha20Poly1305),
    ];
    let custom = KeyConfig::new(
        config.key_id(),
        Kem::X25519HkdfSha256,
        config.public_key(),
        offered.clone(),
    )
    .unwrap();
    assert_eq!(custom.selected_aead().unwrap(), Aead::Aes256Gcm);
    // Round trip keeps the unsupported entries.
    let reparsed = KeyConfig::from_bytes(&custom.to_bytes()).unwrap();
    assert_eq!(reparsed.suites(), &offered[..]);
    let ct = hpke_v1::seal(&reparsed, &ctx(), b"x", &mut ChaCha20Rng::seed_from_u64(0)).unwrap();
    assert_eq!(&ct[6..8], &[0, 2]);
    assert_eq!(&hpke_v1::open(&sk, &ctx(), &ct).unwrap()[..], b"x");
}

#[test]
fn no_supported_pair_is_a_typed_error_naming_the_offer() {
    let (_, config) = key(Kem::X25519HkdfSha256, 14);
    let offered = vec![
        SymmetricSuite { kdf: 1, aead: 1 },
        SymmetricSuite { kdf: 3, aead: 2 },
    ];
    let err = KeyConfig::new(1, Kem::X25519HkdfSha256, config.public_key(), offered).unwrap_err();
    assert_eq!(
        err,
        Error::UnsupportedCipherSuite {
            offered: vec![(1, 1), (3, 2)]
        }
    );
    let text = err.to_string();
    assert!(
        text.contains("(0x0001, 0x0001), (0x0003, 0x0002)"),
        "{text}"
    );
    // The same through the parser.
    let mut bytes = config.to_bytes();
    let n = bytes.len();
    bytes[n - 8..].copy_from_slice(&[0, 1, 0, 1, 0, 3, 0, 2]);
    assert_eq!(
        KeyConfig::from_bytes(&bytes).unwrap_err(),
        Error::UnsupportedCipherSuite {
            offered: vec![(1, 1), (3, 2)]
        }
    );
}

#[test]
fn key_config_parse_errors() {
    let (_, config) = key(Kem::X25519HkdfSha256, 15);
    let good = config.to_bytes();
    assert_eq!(KeyConfig::from_bytes(&good).unwrap(), config);
    let malformed = |b: &[u8]| matches!(KeyConfig::from_bytes(b), Err(Error::Malformed { .. }));
    assert!(malformed(&[]));
    assert!(malformed(&good[..2]));
    assert!(malformed(&good[..20])); // inside the public key
    assert!(malformed(&good[..good.len() - 1])); // inside the suite list
    let mut trailing = good.clone();
    trailing.push(0);
    assert!(malformed(&trailing));
    let mut empty_list = good[..3 + 32].to_vec();
    empty_list.extend_from_slice(&[0, 0]);
    assert!(malformed(&empty_list));
    let mut odd_list = good[..3 + 32].to_vec();
    odd_list.extend_from_slice(&[0, 6, 0, 1, 0, 3, 0, 1]);
    assert!(malformed(&odd_list));
    // Unknown KEM: nothing after it can be read.
    let mut unknown = good.clone();
    unknown[1..3].copy_from_slice(&0x0021u16.to_be_bytes());
    assert_eq!(
        KeyConfig::from_bytes(&unknown).unwrap_err(),
        Error::UnsupportedKem { kem: 0x0021 }
    );
    // A P-256 "public key" that is not on the curve.
    let (_, p256) = key(Kem::P256HkdfSha256, 16);
    let mut off = p256.to_bytes();
    off[3 + 64] ^= 1;
    assert!(matches!(
        KeyConfig::from_bytes(&off),
        Err(Error::Malformed {
            what: "hpke-v1 recipient public key",
            ..
        })
    ));
    // Wrong public key length through the constructor.
    assert!(matches!(
        KeyConfig::new(
            0,
            Kem::P256HkdfSha256,
            &[4; 33],
            vec![SymmetricSuite::new(Aead::Aes256Gcm)]
        ),
        Err(Error::Malformed { .. })
    ));
}

#[test]
fn secret_key_encoding() {
    for (i, kem) in Kem::ALL.into_iter().enumerate() {
        let (sk, config) = key(kem, 20 + i as u64);
        let bytes = sk.to_bytes();
        assert_eq!(bytes[0], 2);
        assert_eq!(bytes[1], sk.key_id());
        assert_eq!(&bytes[2..4], &kem.id().to_be_bytes());
        let again = HpkeSecretKey::from_bytes(&bytes[..]).unwrap();
        assert_eq!(again.key_config(), config);
        assert_eq!(&again.to_bytes()[..], &bytes[..]);
        let dbg = format!("{sk:?}");
        assert!(dbg.contains("<redacted>"), "{dbg}");
        assert!(!dbg.contains(&hex::encode(&bytes[4..])), "{dbg}");
    }
    let (sk, _) = key(Kem::P256HkdfSha256, 30);
    let mut bytes = sk.to_bytes().to_vec();
    assert_eq!(
        HpkeSecretKey::from_bytes(&bytes[..35]).unwrap_err(),
        Error::Malformed {
            what: "hpke-v1 decryption key",
            reason: "expected 36 bytes, got 35".into()
        }
    );
    bytes[0] = 1;
    assert_eq!(
        HpkeSecretKey::from_bytes(&bytes).unwrap_err(),
        Error::UnknownEnvelopeVersion {
            found: 1,
            known: &[2]
        }
    );
    bytes[0] = 2;
    bytes[2..4].copy_from_slice(&[0x99, 0x99]);
    assert_eq!(
        HpkeSecretKey::from_bytes(&bytes).unwrap_err(),
        Error::UnsupportedKem { kem: 0x9999 }
    );
    // P-256 scalars must be in 1..n.
    bytes[2..4].copy_from_slice(&[0x00, 0x10]);
    bytes[4..].fill(0);
    assert!(matches!(
        HpkeSecretKey::from_bytes(&bytes),
        Err(Error::Malformed {
            what: "hpke-v1 decryption key",
            ..
        })
    ));
    bytes[4..].fill(0xff);
    assert!(matches!(
        HpkeSecretKey::from_bytes(&bytes),
        Err(Error::Malformed {
            what: "hpke-v1 decryption key",
            ..
        })
    ));
}

#[test]
fn header_errors_come_before_any_cryptography() {
    let (sk, config) = key(Kem::X25519HkdfSha256, 40);
    let ct = hpke_v1::seal(
        &config,
        &ctx(),
        b"payload",
        &mut ChaCha20Rng::seed_from_u64(1),
    )
    .unwrap();
    let with = |at: usize, bytes: &[u8]| {
        let mut c = ct.clone();
        c[at..at + bytes.len()].copy_from_slice(bytes);
        hpke_v1::open(&sk, &ctx(), &c)
    };
    assert_eq!(
        with(0, &[1]).unwrap_err(),
        Error::UnknownEnvelopeVersion {
            found: 1,
            known: &[2]
        }
    );
    let other_id = config.key_id().wrapping_add(1);
    assert_eq!(
        with(1, &[other_id]).unwrap_err(),
        Error::KeyIdMismatch {
            expected: config.key_id(),
            found: other_id
        }
    );
    assert_eq!(
        with(2, &[0x00, 0x10]).unwrap_err(),
        Error::KemMismatch {
            expected: 0x0020,
            found: 0x0010
        }
    );
    assert_eq!(
        with(4, &[0x00, 0x02]).unwrap_err(),
        Error::UnsupportedCipherSuite {
            offered: vec![(2, 3)]
        }
    );
    assert_eq!(
        with(6, &[0x00, 0x01]).unwrap_err(),
        Error::UnsupportedCipherSuite {
            offered: vec![(1, 1)]
        }
    );
    // Switching to the other supported AEAD: the header is bound into `info`.
    assert_eq!(with(6, &[0x00, 0x02]).unwrap_err(), Error::DecryptionFailed);
    // Truncation.
    let min = 1 + 7 + 32 + 16;
    assert_eq!(
        hpke_v1::open(&sk, &ctx(), &ct[..min - 1]).unwrap_err(),
        Error::CiphertextLength {
            min,
            actual: min - 1
        }
    );
    assert_eq!(
        hpke_v1::open(&sk, &ctx(), &[]).unwrap_err(),
        Error::CiphertextLength { min, actual: 0 }
    );
    assert_eq!(
        hpke_v1::open(&sk, &ctx(), &ct[..ct.len() - 1]).unwrap_err(),
        Error::DecryptionFailed
    );
}

#[test]
fn another_key_with_the_same_id_fails_to_open() {
    let (_, config) = key(Kem::X25519HkdfSha256, 50);
    let (other, _) = HpkeSecretKey::generate_with_key_id(
        Kem::X25519HkdfSha256,
        config.key_id(),
        &mut ChaCha20Rng::seed_from_u64(51),
    );
    let ct = hpke_v1::seal(&config, &ctx(), b"s", &mut ChaCha20Rng::seed_from_u64(2)).unwrap();
    assert_eq!(
        hpke_v1::open(&other, &ctx(), &ct).unwrap_err(),
        Error::DecryptionFailed
    );
}

#[test]
fn invalid_encapsulated_key_is_typed() {
    let (sk, config) = key(Kem::P256HkdfSha256, 52);
    let mut ct = hpke_v1::seal(&config, &ctx(), b"s", &mut ChaCha20Rng::seed_from_u64(3)).unwrap();
    ct[8] = 0x05; // not the uncompressed-point tag
    assert!(matches!(
        hpke_v1::open(&sk, &ctx(), &ct),
        Err(Error::Malformed {
            what: "hpke-v1 ciphertext",
            ..
        })
    ));
}

#[test]
fn small_order_x25519_recipient_cannot_be_sealed_to() {
    let config = KeyConfig::new(
        0,
        Kem::X25519HkdfSha256,
        &[0u8; 32],
        vec![SymmetricSuite::new(Aead::ChaCha20Poly1305)],
    )
    .unwrap();
    assert!(matches!(
        hpke_v1::seal(&config, &ctx(), b"s", &mut ChaCha20Rng::seed_from_u64(4)),
        Err(Error::Malformed {
            what: "hpke-v1 recipient public key",
            ..
        })
    ));
}

/// Seals under `ctx()` and tries to open under `moved`.
fn open_moved(moved: Context) -> Result<(), Error> {
    let (sk, config) = key(Kem::X25519HkdfSha256, 60);
    let ct = hpke_v1::seal(
        &config,
        &ctx(),
        b"share",
        &mut ChaCha20Rng::seed_from_u64(5),
    )
    .unwrap();
    assert_eq!(&hpke_v1::open(&sk, &ctx(), &ct).unwrap()[..], b"share");
    hpke_v1::open(&sk, &moved, &ct).map(|_| ())
}

#[test]
fn moved_to_another_signer_id_fails() {
    let c = ctx_with(
        CurveId::Secp256k1,
        Protocol::Cggmp21,
        3,
        b"signer-0002",
        2,
        &h(BINDING),
    );
    assert_eq!(open_moved(c), Err(Error::DecryptionFailed));
}

#[test]
fn moved_to_another_index_fails() {
    let c = ctx_with(
        CurveId::Secp256k1,
        Protocol::Cggmp21,
        3,
        b"signer-0001",
        3,
        &h(BINDING),
    );
    assert_eq!(open_moved(c), Err(Error::DecryptionFailed));
}

#[test]
fn moved_to_another_threshold_fails() {
    let c = ctx_with(
        CurveId::Secp256k1,
        Protocol::Cggmp21,
        2,
        b"signer-0001",
        2,
        &h(BINDING),
    );
    assert_eq!(open_moved(c), Err(Error::DecryptionFailed));
}

#[test]
fn moved_to_another_public_key_fails() {
    let mut binding = h(BINDING);
    binding[32] ^= 1;
    let c = ctx_with(
        CurveId::Secp256k1,
        Protocol::Cggmp21,
        3,
        b"signer-0001",
        2,
        &binding,
    );
    assert_eq!(open_moved(c), Err(Error::DecryptionFailed));
}

#[test]
fn moved_to_another_curve_protocol_or_operation_fails() {
    let c = ctx_with(
        CurveId::Stark,
        Protocol::Cggmp21,
        3,
        b"signer-0001",
        2,
        &h(BINDING),
    );
    assert_eq!(open_moved(c), Err(Error::DecryptionFailed));
    let c = ctx_with(
        CurveId::Secp256k1,
        Protocol::Cggmp24,
        3,
        b"signer-0001",
        2,
        &h(BINDING),
    );
    assert_eq!(open_moved(c), Err(Error::DecryptionFailed));
    let c = Context::export(
        CurveId::Secp256k1,
        Protocol::Cggmp21,
        Threshold::for_signers(3, MAX_SHARES).unwrap(),
        b"signer-0001".to_vec(),
        h(BINDING),
    );
    assert_eq!(c.operation(), Operation::Export);
    assert_eq!(open_moved(c), Err(Error::DecryptionFailed));
}

#[test]
fn info_layout() {
    let header = [7u8, 0x00, 0x20, 0x00, 0x01, 0x00, 0x03];
    let c = Context::export(
        keyport::CurveId::Ed25519,
        keyport::Protocol::Frost,
        keyport::Threshold::for_signers(2, keyport::hazmat::sharing::MAX_SHARES).unwrap(),
        vec![0xab],
        vec![0x11; 32],
    );
    let info = hpke_v1::info(&header, &c).unwrap();
    let mut want = b"keyport hpke-v1\x00".to_vec();
    want.extend_from_slice(&header);
    want.extend_from_slice(&c.to_bytes().unwrap());
    assert_eq!(info, want);
    assert_eq!(&info[..16], b"keyport hpke-v1\0");
}

#[test]
fn invalid_context_is_refused_by_seal_and_open() {
    let (sk, config) = key(Kem::X25519HkdfSha256, 70);
    // A context too large for HPKE's info (an index-less import cannot be built any more).
    let c = ctx_with(
        CurveId::Secp256k1,
        Protocol::Cggmp21,
        3,
        &[7; 70_000],
        2,
        &h(BINDING),
    );
    assert!(matches!(
        hpke_v1::seal(&config, &c, b"s", &mut ChaCha20Rng::seed_from_u64(6)),
        Err(Error::Malformed {
            what: "hpke-v1 context",
            ..
        })
    ));
    let ct = hpke_v1::seal(&config, &ctx(), b"s", &mut ChaCha20Rng::seed_from_u64(6)).unwrap();
    assert!(matches!(
        hpke_v1::open(&sk, &c, &ct),
        Err(Error::Malformed {
            what: "hpke-v1 context",
            ..
        })
    ));
}

#[test]
fn largest_context_seals_and_one_more_byte_is_refused() {
    use keyport::hazmat::envelope::context::MAX_CONTEXT_LEN;
    let (sk, config) = key(Kem::X25519HkdfSha256, 80);
    let c = ctx();
    let fixed = c.to_bytes().unwrap().len() - c.signer_id().len();
    let with_id = |len: usize| {
        ctx_with(
            CurveId::Secp256k1,
            Protocol::Cggmp21,
            3,
            &vec![7; len],
            2,
            &h(BINDING),
        )
    };
    let c = with_id(MAX_CONTEXT_LEN - fixed);
    assert_eq!(c.to_bytes().unwrap().len(), MAX_CONTEXT_LEN);
    let ct = hpke_v1::seal(&config, &c, b"s", &mut ChaCha20Rng::seed_from_u64(8)).unwrap();
    assert_eq!(&hpke_v1::open(&sk, &c, &ct).unwrap()[..], b"s");
    let c = with_id(MAX_CONTEXT_LEN - fixed + 1);
    assert!(matches!(
        hpke_v1::seal(&config, &c, b"s", &mut ChaCha20Rng::seed_from_u64(8)),
        Err(Error::Malformed {
            what: "hpke-v1 context",
            ..
        })
    ));
}
