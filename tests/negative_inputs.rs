//! A table of named bad inputs across the public API, each pinned to the exact `keyport::Error`
//! value it must produce (variant and detail, compared as its `Debug` text). Every case runs; failures are collected and reported together.

use keyport::api::{KeyExportResponse, SignerCluster, SignerInfo, SignersInput};
use keyport::hazmat::SecretScalar;
use keyport::hazmat::build_import_request_with_rng;
use keyport::hazmat::curve::{Curve, Ed25519, PointForm, Secp256k1, Stark};
use keyport::hazmat::envelope::{
    self, Context, DfnsV1SecretKey, HpkeSecretKey, Kem, KeyConfig, RecipientKey, dfns_v1, hpke,
};
use keyport::hazmat::payload::{dfns_v1 as dfns_payload, hpke_v1};
use keyport::hazmat::sharing::{
    Commitments, Identifier, SecretShare, check_threshold, reconstruct, reconstruct_robust, split,
    verify_share,
};
use keyport::keys::{DerivationPath, KeyFormat, ParseOptions, parse_key};
use keyport::signer::{Cluster, Signer};
use keyport::{
    CurveId, DecryptionKey, EnvelopeChoice, EnvelopeKind, Error, ExpectedKey, ExportContext,
    ImportKey, ImportOptions, Protocol, Result, check_pair,
};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use zeroize::Zeroizing;

/// One case: its name, what it returned, and the exact error it must return, written as the
/// error's `Debug` text (variant and every detail: one value, never a pattern).
struct Table(Vec<(&'static str, Result<()>, &'static str)>);

impl Table {
    fn add<T>(&mut self, name: &'static str, result: Result<T>, want: &'static str) {
        self.0.push((name, result.map(|_| ()), want));
    }
}

macro_rules! case {
    ($t:expr, $name:expr, $result:expr, $want:literal) => {
        $t.add($name, $result, $want)
    };
}

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn order_be(curve: CurveId) -> [u8; 32] {
    let hex = match curve {
        CurveId::Secp256k1 => "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
        CurveId::Ed25519 => "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed",
        CurveId::Stark => "0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2f",
    };
    hex::decode(hex).unwrap().try_into().unwrap()
}

fn key_bytes(v: u8) -> Zeroizing<[u8; 32]> {
    let mut k = [0u8; 32];
    k[31] = v;
    Zeroizing::new(k)
}

fn signers(cluster: &Cluster) -> Vec<SignerInfo> {
    cluster.list_signers().clusters.remove(0).signers
}

fn hpke_ciphertext(sk: &HpkeSecretKey, ctx: &Context) -> Vec<u8> {
    let recipient = RecipientKey::HpkeV1(sk.key_config());
    envelope::seal(&recipient, ctx, b"share", &mut rng(9)).unwrap()
}

fn sharing_cases(t: &mut Table) {
    let mut r = rng(1);
    let key = SecretScalar::<Secp256k1>::random(&mut r);
    let dealing = split(&key, 3, 5, &mut r).unwrap();
    let shares = dealing.shares().to_vec();
    let commitments = dealing.commitments();
    let other = SecretScalar::<Secp256k1>::random(&mut r);

    case!(
        t,
        "scalar zero",
        SecretScalar::<Secp256k1>::from_be_bytes(&[0; 32]),
        r#"ZeroScalar"#
    );
    case!(
        t,
        "scalar secp256k1 equal to order (non-canonical)",
        SecretScalar::<Secp256k1>::from_be_bytes(&order_be(CurveId::Secp256k1)),
        r#"ScalarOutOfRange { curve: "secp256k1" }"#
    );
    case!(
        t,
        "scalar ed25519 equal to order (non-canonical)",
        SecretScalar::<Ed25519>::from_be_bytes(&order_be(CurveId::Ed25519)),
        r#"ScalarOutOfRange { curve: "ed25519" }"#
    );
    case!(
        t,
        "scalar stark equal to order (non-canonical)",
        SecretScalar::<Stark>::from_be_bytes(&order_be(CurveId::Stark)),
        r#"ScalarOutOfRange { curve: "stark" }"#
    );
    case!(
        t,
        "scalar all 0xff",
        SecretScalar::<Secp256k1>::from_be_bytes(&[0xff; 32]),
        r#"ScalarOutOfRange { curve: "secp256k1" }"#
    );
    case!(
        t,
        "scalar truncated to 31 bytes",
        SecretScalar::<Secp256k1>::from_be_bytes(&[1; 31]),
        r#"ScalarLength { expected: 32, actual: 31 }"#
    );
    case!(
        t,
        "scalar oversized 33 bytes",
        SecretScalar::<Secp256k1>::from_be_bytes(&[1; 33]),
        r#"ScalarLength { expected: 32, actual: 33 }"#
    );
    case!(
        t,
        "share index zero",
        Identifier::<Secp256k1>::from_index(0),
        r#"ZeroScalar"#
    );
    case!(
        t,
        "share index non-canonical scalar",
        Identifier::<Ed25519>::from_be_bytes(&order_be(CurveId::Ed25519)),
        r#"ScalarOutOfRange { curve: "ed25519" }"#
    );
    case!(
        t,
        "point secp256k1 identity byte",
        Secp256k1::decode_point(&[0]),
        r#"IdentityPoint"#
    );
    case!(
        t,
        "point secp256k1 off curve (uncompressed 1,1)",
        {
            let mut p = [0u8; 65];
            p[0] = 4;
            p[32] = 1;
            p[64] = 1;
            Secp256k1::decode_point(&p)
        },
        r#"InvalidPoint { curve: "secp256k1" }"#
    );
    case!(
        t,
        "point secp256k1 SEC1 compact tag 0x05 (a second encoding of G)",
        {
            let mut p = Secp256k1::encode_point(
                &Secp256k1::mul_base(&k256::Scalar::ONE),
                PointForm::Compressed,
            )
            .unwrap();
            p[0] = 0x05;
            Secp256k1::decode_point(&p)
        },
        r#"InvalidPoint { curve: "secp256k1" }"#
    );
    case!(
        t,
        "point secp256k1 truncated",
        Secp256k1::decode_point(&[2; 32]),
        r#"PointLength { curve: "secp256k1", actual: 32 }"#
    );
    case!(
        t,
        "point ed25519 identity",
        {
            let mut p = [0u8; 32];
            p[0] = 1;
            Ed25519::decode_point(&p)
        },
        r#"IdentityPoint"#
    );
    case!(
        t,
        "point ed25519 small-order (torsion) point",
        {
            // y = -1: the point of order 2.
            let mut p = [0xffu8; 32];
            p[0] = 0xec;
            p[31] = 0x7f;
            Ed25519::decode_point(&p)
        },
        r#"PointNotInSubgroup"#
    );
    case!(
        t,
        "point ed25519 non-canonical y >= p",
        Ed25519::decode_point(&[0xff; 32]),
        r#"InvalidPoint { curve: "ed25519" }"#
    );
    case!(
        t,
        "point stark off curve",
        {
            let mut p = [0u8; 33];
            p[0] = 2;
            p[32] = 0x11;
            Stark::decode_point(&p)
        },
        r#"InvalidPoint { curve: "stark" }"#
    );
    case!(
        t,
        "commitments with one point (t < 2)",
        Commitments::<Secp256k1>::new(vec![key.public_key()]),
        r#"InvalidThreshold { threshold: 1, n: 1 }"#
    );
    case!(
        t,
        "split t > n",
        split(&key, 4, 3, &mut r),
        r#"InvalidThreshold { threshold: 4, n: 3 }"#
    );
    case!(
        t,
        "split t < 2",
        split(&key, 1, 3, &mut r),
        r#"InvalidThreshold { threshold: 1, n: 3 }"#
    );
    case!(
        t,
        "split n = 0",
        split(&key, 2, 0, &mut r),
        r#"InvalidThreshold { threshold: 2, n: 0 }"#
    );
    case!(
        t,
        "split n above the maximum",
        split(&key, 2, 5000, &mut r),
        r#"TooManyShares { n: 5000, max: 4096 }"#
    );
    case!(
        t,
        "check_threshold 0 of 0",
        check_threshold(0, 0),
        r#"InvalidThreshold { threshold: 0, n: 0 }"#
    );
    case!(
        t,
        "reconstruct duplicate indices",
        {
            let dup = vec![shares[0].clone(), shares[0].clone(), shares[1].clone()];
            reconstruct(&dup, 3, &key.public_key())
        },
        r#"DuplicateShareIndex"#
    );
    case!(
        t,
        "reconstruct too few shares",
        reconstruct(&shares[..2], 3, &key.public_key()),
        r#"NotEnoughShares { got: 2, needed: 3 }"#
    );
    case!(
        t,
        "reconstruct against a wrong public key",
        reconstruct(&shares[..3], 3, &other.public_key()),
        r#"PublicKeyMismatch"#
    );
    case!(
        t,
        "verify tampered share",
        {
            let bad = SecretShare::new(shares[1].identifier(), *other.expose()).unwrap();
            verify_share(&bad, &commitments)
        },
        r#"ShareVerificationFailed { index: Some(2) }"#
    );
    case!(
        t,
        "robust reconstruct with too many bad shares",
        {
            let mut bad = shares.clone();
            for s in bad.iter_mut().take(3) {
                *s = SecretShare::new(s.identifier(), *other.expose()).unwrap();
            }
            reconstruct_robust(&bad, 3, &key.public_key(), 100_000)
        },
        r#"ReconstructionFailed { suspects: [] }"#
    );
    case!(
        t,
        "robust reconstruct with a zero search bound",
        reconstruct_robust(&shares, 3, &other.public_key(), 0),
        r#"SearchBoundExceeded { subsets: 10, bound: 0 }"#
    );
    case!(
        t,
        "robust reconstruct threshold 1",
        reconstruct_robust(&shares, 1, &key.public_key(), 10),
        r#"InvalidThreshold { threshold: 1, n: 5 }"#
    );
}

fn name_cases(t: &mut Table) {
    case!(
        t,
        "unknown curve name",
        "p256".parse::<CurveId>(),
        r#"UnknownCurve("p256")"#
    );
    case!(
        t,
        "unknown protocol name",
        "GG18".parse::<Protocol>(),
        r#"UnknownProtocol("GG18")"#
    );
    case!(
        t,
        "mismatched protocol and curve (FROST on secp256k1)",
        check_pair(Protocol::Frost, CurveId::Secp256k1),
        r#"UnsupportedScheme { protocol: "FROST", curve: "secp256k1" }"#
    );
    case!(
        t,
        "mismatched protocol and curve (CGGMP21 on ed25519)",
        check_pair(Protocol::Cggmp21, CurveId::Ed25519),
        r#"UnsupportedScheme { protocol: "CGGMP21", curve: "ed25519" }"#
    );
    case!(
        t,
        "unknown key format name",
        "pem".parse::<KeyFormat>(),
        r#"UnknownFormat("pem")"#
    );
}

fn envelope_cases(t: &mut Table) {
    let mut r = rng(2);
    let dfns = DfnsV1SecretKey::generate(&mut r);
    let dfns_other = DfnsV1SecretKey::generate(&mut r);
    let (hpke_sk, _) = HpkeSecretKey::generate_with_key_id(Kem::X25519HkdfSha256, 7, &mut r);
    let ctx = Context::import(
        keyport::CurveId::Secp256k1,
        keyport::Protocol::Cggmp21,
        keyport::Threshold::for_signers(2, keyport::hazmat::sharing::MAX_SHARES).unwrap(),
        b"s1".to_vec(),
        keyport::hazmat::sharing::ShareIndex::new(1).unwrap(),
        vec![2u8; 33],
    );
    let ct = hpke_ciphertext(&hpke_sk, &ctx);

    case!(
        t,
        "recipient key empty",
        RecipientKey::from_bytes(&[]),
        r#"Malformed { what: "recipient key", reason: "empty input" }"#
    );
    case!(
        t,
        "recipient key wrong version 3",
        RecipientKey::from_bytes(&[3; 34]),
        r#"UnknownEnvelopeVersion { found: 3, known: [1, 2] }"#
    );
    case!(
        t,
        "recipient key wrong version 0",
        RecipientKey::from_bytes(&[0; 34]),
        r#"UnknownEnvelopeVersion { found: 0, known: [1, 2] }"#
    );
    case!(
        t,
        "recipient key url-safe base64",
        RecipientKey::from_base64("AQL-_w=="),
        r#"Malformed { what: "recipient key", reason: "URL-safe base64 ('-', '_') is not accepted; use the standard alphabet ('+', '/') with '=' padding" }"#
    );
    case!(
        t,
        "recipient key unpadded base64",
        RecipientKey::from_base64("AQLDxyz"),
        r#"Malformed { what: "recipient key", reason: "base64 is unpadded or truncated; the standard alphabet with '=' padding is required" }"#
    );
    case!(
        t,
        "dfns-v1 recipient key truncated",
        RecipientKey::from_bytes(&dfns.public_key().to_bytes()[..20]),
        r#"PointLength { curve: "secp256k1", actual: 19 }"#
    );
    case!(
        t,
        "dfns-v1 recipient key off curve",
        {
            let mut b = dfns.public_key().to_bytes();
            b[1] = 5; // not a SEC1 tag
            RecipientKey::from_bytes(&b)
        },
        r#"InvalidPoint { curve: "secp256k1" }"#
    );
    case!(
        t,
        "hpke-v1 key config unknown KEM",
        {
            let mut b = hpke_sk.key_config().to_bytes();
            b[1] = 0x12;
            b[2] = 0x34;
            KeyConfig::from_bytes(&b)
        },
        r#"UnsupportedKem { kem: 4660 }"#
    );
    case!(
        t,
        "hpke-v1 key config truncated",
        {
            let b = hpke_sk.key_config().to_bytes();
            KeyConfig::from_bytes(&b[..b.len() - 3])
        },
        r#"Malformed { what: "hpke-v1 key config", reason: "cipher suite list announces 8 bytes but 5 follow" }"#
    );
    case!(
        t,
        "dfns-v1 decryption key zero scalar",
        DecryptionKey::from_bytes(&{
            let mut b = [0u8; 33];
            b[0] = 1;
            b
        }),
        r#"ZeroScalar"#
    );
    case!(
        t,
        "dfns-v1 decryption key non-canonical scalar",
        DecryptionKey::from_bytes(&{
            let mut b = [0xffu8; 33];
            b[0] = 1;
            b
        }),
        r#"ScalarOutOfRange { curve: "secp256k1" }"#
    );
    case!(
        t,
        "dfns-v1 decryption key truncated",
        DecryptionKey::from_bytes(&[1; 32]),
        r#"ScalarLength { expected: 32, actual: 31 }"#
    );
    case!(
        t,
        "hpke-v1 decryption key oversized",
        DecryptionKey::from_bytes(&{
            let mut b = hpke_sk.to_bytes().to_vec();
            b.push(0);
            b
        }),
        r#"Malformed { what: "hpke-v1 decryption key", reason: "expected 36 bytes, got 37" }"#
    );
    case!(
        t,
        "hpke-v1 decryption key unknown KEM",
        DecryptionKey::from_bytes(&{
            let mut b = hpke_sk.to_bytes().to_vec();
            b[2] = 0x99;
            b
        }),
        r#"UnsupportedKem { kem: 39200 }"#
    );
    case!(
        t,
        "decryption key empty",
        DecryptionKey::from_bytes(&[]),
        r#"Malformed { what: "decryption key", reason: "empty input" }"#
    );
    case!(
        t,
        "dfns-v1 ciphertext truncated",
        dfns_v1::open(&dfns, &[0; 40], &[]),
        r#"CiphertextLength { min: 49, actual: 40 }"#
    );
    case!(
        t,
        "dfns-v1 ciphertext encrypted to another key",
        {
            let c = dfns_v1::seal(&dfns_other.public_key(), b"share", &[], &mut r).unwrap();
            dfns_v1::open(&dfns, &c, &[])
        },
        r#"DecryptionFailed"#
    );
    case!(
        t,
        "dfns-v1 ciphertext tampered",
        {
            let mut c = dfns_v1::seal(&dfns.public_key(), b"share", &[], &mut r).unwrap();
            c[0] ^= 1;
            dfns_v1::open(&dfns, &c, &[])
        },
        r#"DecryptionFailed"#
    );
    case!(
        t,
        "hpke-v1 ciphertext wrong version",
        {
            let mut c = ct.clone();
            c[0] = 1;
            hpke::open(&hpke_sk, &ctx, &c)
        },
        r#"UnknownEnvelopeVersion { found: 1, known: [2] }"#
    );
    case!(
        t,
        "hpke-v1 ciphertext for another key id",
        {
            let mut c = ct.clone();
            c[1] = 8;
            hpke::open(&hpke_sk, &ctx, &c)
        },
        r#"KeyIdMismatch { expected: 7, found: 8 }"#
    );
    case!(
        t,
        "hpke-v1 ciphertext other KEM",
        {
            let mut c = ct.clone();
            c[3] = 0x10;
            hpke::open(&hpke_sk, &ctx, &c)
        },
        r#"KemMismatch { expected: 32, found: 16 }"#
    );
    case!(
        t,
        "hpke-v1 ciphertext truncated",
        hpke::open(&hpke_sk, &ctx, &ct[..20]),
        r#"CiphertextLength { min: 56, actual: 20 }"#
    );
    case!(
        t,
        "hpke-v1 ciphertext opened with another context",
        {
            let other = Context::import(
                keyport::CurveId::Secp256k1,
                keyport::Protocol::Cggmp21,
                keyport::Threshold::for_signers(2, keyport::hazmat::sharing::MAX_SHARES).unwrap(),
                b"s1".to_vec(),
                keyport::hazmat::sharing::ShareIndex::new(2).unwrap(),
                vec![2u8; 33],
            );
            hpke::open(&hpke_sk, &other, &ct)
        },
        r#"DecryptionFailed"#
    );
    case!(
        t,
        "hpke-v1 ciphertext encrypted to another key",
        {
            let (other, _) = HpkeSecretKey::generate_with_key_id(Kem::X25519HkdfSha256, 7, &mut r);
            hpke::open(&other, &ctx, &ct)
        },
        r#"DecryptionFailed"#
    );
    // An import context without a share index, or with index 0, cannot be built: `Context`
    // takes a `ShareIndex` (see "share index 0" among the signer cases).
    case!(
        t,
        "context signer id past a context field",
        Context::export(
            keyport::CurveId::Secp256k1,
            keyport::Protocol::Cggmp21,
            keyport::Threshold::for_signers(2, 2).unwrap(),
            vec![0u8; 70_000],
            vec![2u8; 33],
        )
        .to_bytes(),
        r#"Malformed { what: "hpke-v1 context", reason: "context is 70071 bytes; at most 65507 fit in HPKE's info" }"#
    );
}

fn payload_cases(t: &mut Table) {
    let mut r = rng(3);
    let key = SecretScalar::<Secp256k1>::random(&mut r);
    let dealing = split(&key, 2, 3, &mut r).unwrap();
    let enc = hpke_v1::encode_commitments(&dealing.commitments()).unwrap();
    let good = hpke_v1::encode(
        &dealing.shares()[0],
        keyport::Threshold::new(2).unwrap(),
        &enc,
        None,
    )
    .unwrap()
    .to_vec();
    let export_pt = dfns_payload::encode_export_share(&dealing.shares()[0]).to_vec();
    let export_text = String::from_utf8(export_pt.clone()).unwrap();

    case!(
        t,
        "hpke-v1 payload wrong version",
        {
            let mut b = good.clone();
            b[0] = 9;
            hpke_v1::decode::<Secp256k1>(&b)
        },
        r#"UnsupportedVersion { what: "hpke-v1 share payload", found: 9, supported: 1 }"#
    );
    case!(
        t,
        "hpke-v1 payload for another curve",
        hpke_v1::decode::<Stark>(&good),
        r#"Malformed { what: "hpke-v1 share payload", reason: "payload is not for curve stark" }"#
    );
    case!(
        t,
        "hpke-v1 payload truncated",
        hpke_v1::decode::<Secp256k1>(&good[..good.len() - 1]),
        r#"Malformed { what: "hpke-v1 share payload", reason: "97 bytes after the header; expected 98 (or 130 with a chain code) for threshold 2" }"#
    );
    case!(
        t,
        "hpke-v1 payload oversized (trailing byte)",
        {
            let mut b = good.clone();
            b.push(0);
            hpke_v1::decode::<Secp256k1>(&b)
        },
        r#"Malformed { what: "hpke-v1 share payload", reason: "99 bytes after the header; expected 98 (or 130 with a chain code) for threshold 2" }"#
    );
    case!(
        t,
        "hpke-v1 payload index zero",
        {
            let mut b = good.clone();
            b[2] = 0;
            b[3] = 0;
            hpke_v1::decode::<Secp256k1>(&b)
        },
        r#"ZeroScalar"#
    );
    case!(
        t,
        "hpke-v1 payload threshold 1",
        {
            let mut b = good.clone();
            b[4] = 0;
            b[5] = 1;
            hpke_v1::decode::<Secp256k1>(&b)
        },
        r#"InvalidThreshold { threshold: 1, n: 1 }"#
    );
    case!(
        t,
        "hpke-v1 payload share off the commitments",
        {
            let mut b = good.clone();
            b[6 + 31] ^= 1;
            hpke_v1::decode::<Secp256k1>(&b)
        },
        r#"ShareVerificationFailed { index: Some(1) }"#
    );
    case!(
        t,
        "dfns-v1 export plaintext wrong version",
        dfns_payload::decode_export_share::<Secp256k1>(
            export_text
                .replace("\"version\":1", "\"version\":2")
                .as_bytes()
        ),
        r#"UnsupportedVersion { what: "dfns-v1 share plaintext", found: 2, supported: 1 }"#
    );
    case!(
        t,
        "dfns-v1 export plaintext for another curve",
        dfns_payload::decode_export_share::<Stark>(&export_pt),
        r#"Malformed { what: "dfns-v1 share plaintext", reason: "curve tag \"secp256k1\" where stark was expected" }"#
    );
    case!(
        t,
        "dfns-v1 export plaintext not JSON",
        dfns_payload::decode_export_share::<Secp256k1>(b"{"),
        r#"Malformed { what: "dfns-v1 share plaintext", reason: "unexpected end of input at line 1 column 2" }"#
    );
    case!(
        t,
        "dfns-v1 import plaintext empty",
        dfns_payload::decode_import_share::<Secp256k1>(b""),
        r#"Malformed { what: "dfns-v1 share plaintext", reason: "unexpected end of input at line 1 column 1" }"#
    );
}

fn two_clusters_json() -> String {
    let mut r = rng(4);
    let a = Cluster::generate(2, EnvelopeKind::DfnsV1, &mut r);
    let resp = keyport::api::ListSignersResponse {
        clusters: vec![
            SignerCluster {
                cluster_id: "a".into(),
                signers: signers(&a),
            },
            SignerCluster {
                cluster_id: "b".into(),
                signers: signers(&a),
            },
        ],
    };
    serde_json::to_string(&resp).unwrap()
}

fn signer_cases(t: &mut Table) {
    let mut r = rng(5);
    let dfns = Cluster::generate(3, EnvelopeKind::DfnsV1, &mut r);
    let hpke_cluster = Cluster::generate(3, EnvelopeKind::HpkeV1, &mut r);
    let two = two_clusters_json();

    case!(
        t,
        "cluster of one signer",
        Cluster::try_generate(1, EnvelopeKind::DfnsV1, &mut r),
        r#"ClusterSize { n: 1, min: 2, max: 4096 }"#
    );
    case!(
        t,
        "cluster past the share limit",
        keyport::signer::check_cluster_size(4097),
        r#"ClusterSize { n: 4097, min: 2, max: 4096 }"#
    );
    case!(
        t,
        "threshold from minSigners u32::MAX",
        keyport::Threshold::from_min_signers(u32::MAX, 3),
        r#"InvalidThreshold { threshold: 4294967295, n: 3 }"#
    );
    case!(
        t,
        "share index 0",
        keyport::hazmat::sharing::ShareIndex::new(0),
        r#"ZeroScalar"#
    );
    case!(
        t,
        "share index past the share limit",
        keyport::hazmat::sharing::ShareIndex::from_position(4096),
        r#"TooManyShares { n: 4097, max: 4096 }"#
    );
    case!(
        t,
        "signers JSON not JSON",
        SignersInput::from_json("[{"),
        r#"Malformed { what: "signers JSON", reason: "unexpected end of input at line 1 column 3; expected a ListSigners response {\"clusters\":[...]} or an array of {signerId, encryptionKey}" }"#
    );
    case!(
        t,
        "signers JSON unknown cluster",
        SignersInput::from_json(&two).unwrap().select(Some("zzz")),
        r#"UnknownCluster { requested: "zzz", available: ["a", "b"] }"#
    );
    case!(
        t,
        "signers JSON two clusters, none chosen",
        SignersInput::from_json(&two).unwrap().select(None),
        r#"ClusterChoiceNeeded { available: ["a", "b"] }"#
    );
    case!(
        t,
        "duplicate signerIds",
        {
            let mut s = signers(&dfns);
            s.push(s[0].clone());
            keyport::PreparedSigners::new(&s)
        },
        r#"DuplicateSigner { signer_id: "0OB/oEPMYJxWeT5+Thqa//mZWEg2SxrQUD0G47DaLtU=" }"#
    );
    case!(
        t,
        "signer id not base64",
        keyport::PreparedSigners::new(&[SignerInfo {
            signer_id: "***".into(),
            encryption_key: signers(&dfns)[0].encryption_key.clone(),
        }]),
        r#"Malformed { what: "signerId", reason: "\"***\" is not standard base64" }"#
    );
    case!(
        t,
        "mixed envelopes in one cluster",
        {
            let mut s = signers(&dfns);
            s.push(signers(&hpke_cluster)[0].clone());
            keyport::PreparedSigners::new(&s)
        },
        r#"MixedEnvelopes { first: "dfns-v1", other: "hpke-v1", signer_id: "RTrVdRHXajqhKr/vD1Axa9EiFwrbBptzETdX8yif6H0=" }"#
    );
}

fn import_cases(t: &mut Table) {
    let mut r = rng(6);
    let dfns = Cluster::generate(3, EnvelopeKind::DfnsV1, &mut r);
    let s = signers(&dfns);
    let key = ImportKey::Scalar(key_bytes(5));
    let opts = |f: &dyn Fn(&mut ImportOptions)| {
        let mut o = ImportOptions::new(CurveId::Secp256k1, Protocol::Cggmp21, 2);
        f(&mut o);
        o
    };
    case!(
        t,
        "import name over 100 chars",
        build_import_request_with_rng(&key, &s, &opts(&|o| o.name = Some("x".repeat(101))), &mut r),
        r#"NameTooLong { chars: 101, max: 100 }"#
    );
    case!(
        t,
        "import t > n",
        build_import_request_with_rng(&key, &s, &opts(&|o| o.min_signers = 4), &mut r),
        r#"InvalidThreshold { threshold: 4, n: 3 }"#
    );
    case!(
        t,
        "import t < 2",
        build_import_request_with_rng(&key, &s, &opts(&|o| o.min_signers = 1), &mut r),
        r#"InvalidThreshold { threshold: 1, n: 3 }"#
    );
    case!(
        t,
        "import n = 0",
        build_import_request_with_rng(&key, &[], &opts(&|_| {}), &mut r),
        r#"NoSigners"#
    );
    case!(
        t,
        "import mismatched curve and protocol",
        build_import_request_with_rng(&key, &s, &opts(&|o| o.protocol = Protocol::Frost), &mut r),
        r#"UnsupportedScheme { protocol: "FROST", curve: "secp256k1" }"#
    );
    case!(
        t,
        "import zero key",
        build_import_request_with_rng(&ImportKey::Scalar(key_bytes(0)), &s, &opts(&|_| {}), &mut r),
        r#"ZeroScalar"#
    );
    case!(
        t,
        "import non-canonical key",
        build_import_request_with_rng(
            &ImportKey::Scalar(Zeroizing::new(order_be(CurveId::Secp256k1))),
            &s,
            &opts(&|_| {}),
            &mut r
        ),
        r#"ScalarOutOfRange { curve: "secp256k1" }"#
    );
    case!(
        t,
        "import master key to dfns-v1 signers",
        build_import_request_with_rng(
            &key,
            &s,
            &opts(&|o| o.chain_code = Some(zeroize::Zeroizing::new([1; 32]))),
            &mut r
        ),
        r#"MasterKeyNeedsHpke"#
    );
    case!(
        t,
        "import forced hpke-v1 to dfns-v1 signers",
        build_import_request_with_rng(
            &key,
            &s,
            &opts(&|o| o.envelope = EnvelopeChoice::Force(EnvelopeKind::HpkeV1)),
            &mut r
        ),
        r#"EnvelopeMismatch { requested: "hpke-v1", available: "dfns-v1" }"#
    );
    case!(
        t,
        "signer accepts shares encrypted to another key",
        {
            let req = build_import_request_with_rng(&key, &s, &opts(&|_| {}), &mut r).unwrap();
            let stranger = Signer::new(
                keyport::SignerId::from_base64(&s[0].signer_id)
                    .unwrap()
                    .into_bytes(),
                DecryptionKey::generate(EnvelopeKind::DfnsV1, &mut r),
            );
            stranger.accept_import(&req)
        },
        r#"DecryptionFailed"#
    );
    // hpke-v1 imports carry the dealing digest (SPEC §4.4.1).
    let hpke_cluster = Cluster::generate(3, EnvelopeKind::HpkeV1, &mut r);
    let hs = signers(&hpke_cluster);
    let hreq = build_import_request_with_rng(&key, &hs, &opts(&|_| {}), &mut r).unwrap();
    let signer = &hpke_cluster.signers()[0];
    let with_req = |f: &dyn Fn(&mut keyport::api::KeyImportRequest)| {
        let mut x = hreq.clone();
        f(&mut x);
        signer.accept_import(&x)
    };
    case!(
        t,
        "hpke-v1 import without dealingDigest",
        with_req(&|x| x.dealing_digest = None),
        r#"Malformed { what: "import request", reason: "an hpke-v1 import needs dealingDigest (SPEC.md §7.1.1)" }"#
    );
    case!(
        t,
        "hpke-v1 import dealingDigest not hex",
        with_req(&|x| x.dealing_digest = Some("zz".repeat(32))),
        r#"Malformed { what: "import request", reason: "dealingDigest must be 64 hex digits" }"#
    );
    case!(
        t,
        "hpke-v1 import with another dealing's digest",
        with_req(&|x| x.dealing_digest = Some("00".repeat(32))),
        r#"DecryptionFailed"#
    );
    case!(
        t,
        "dfns-v1 import with a dealingDigest",
        {
            let mut req = build_import_request_with_rng(&key, &s, &opts(&|_| {}), &mut r).unwrap();
            req.dealing_digest = Some("00".repeat(32));
            dfns.signers()[0].accept_import(&req)
        },
        r#"Malformed { what: "import request", reason: "dealingDigest is for hpke-v1 imports; a dfns-v1 import has none" }"#
    );
    case!(
        t,
        "hpke-v1 import share spliced from another import",
        {
            let other = build_import_request_with_rng(&key, &hs, &opts(&|_| {}), &mut r).unwrap();
            let mine = keyport_hotpath::base64::encode(
                &keyport::SignerId::from_base64(&signer.id_base64())
                    .unwrap()
                    .into_bytes(),
            );
            let pos = hreq
                .encrypted_key_shares
                .iter()
                .position(|e| e.signer_id == mine)
                .unwrap();
            let mut x = hreq.clone();
            x.encrypted_key_shares[pos] = other.encrypted_key_shares[pos].clone();
            signer.accept_import(&x)
        },
        r#"DecryptionFailed"#
    );
    case!(
        t,
        "hpke-v1 payload that does not hash to the request's digest",
        {
            // A share sealed under the request's digest but carrying another dealing: what a
            // relay that knows the signer's public key can produce.
            let other = keyport::hazmat::sharing::split(
                &SecretScalar::<Secp256k1>::from_be_bytes(&*key_bytes(3)).unwrap(),
                2,
                3,
                &mut r,
            )
            .unwrap();
            let bytes = hpke_v1::encode_commitments(&other.commitments()).unwrap();
            let id = keyport::SignerId::from_base64(&signer.id_base64())
                .unwrap()
                .into_bytes();
            let mut ids: Vec<Vec<u8>> = hs
                .iter()
                .map(|i| {
                    keyport::SignerId::from_base64(&i.signer_id)
                        .unwrap()
                        .into_bytes()
                })
                .collect();
            ids.sort();
            let index = ids.iter().position(|i| *i == id).unwrap() as u16 + 1;
            let share = &other.shares()[usize::from(index) - 1];
            let plaintext =
                hpke_v1::encode(share, keyport::Threshold::new(2).unwrap(), &bytes, None).unwrap();
            let mut digest = [0u8; 32];
            hex::decode_to_slice(hreq.dealing_digest.as_deref().unwrap(), &mut digest).unwrap();
            let context = keyport::hazmat::import_context::<Secp256k1>(
                Protocol::Cggmp21,
                keyport::Threshold::for_signers(2, 3).unwrap(),
                &id,
                keyport::hazmat::sharing::ShareIndex::new(index).unwrap(),
                &digest,
            );
            let recipient = RecipientKey::from_base64(&signer.info().encryption_key).unwrap();
            let ct = envelope::seal(&recipient, &context, &plaintext, &mut r).unwrap();
            let mut x = hreq.clone();
            let mine = keyport_hotpath::base64::encode(&id);
            let pos = x
                .encrypted_key_shares
                .iter()
                .position(|e| e.signer_id == mine)
                .unwrap();
            x.encrypted_key_shares[pos].encrypted_key_share = keyport_hotpath::base64::encode(&ct);
            signer.accept_import(&x)
        },
        r#"InconsistentDealing { detail: "the payload's commitments and chain code do not hash to the request's dealingDigest" }"#
    );
}

fn export_cases(t: &mut Table) {
    let mut r = rng(7);
    let mut cluster = Cluster::generate(3, EnvelopeKind::HpkeV1, &mut r);
    let s = signers(&cluster);
    let opts = ImportOptions::new(CurveId::Secp256k1, Protocol::Cggmp21, 2);
    let req =
        build_import_request_with_rng(&ImportKey::Scalar(key_bytes(9)), &s, &opts, &mut r).unwrap();
    let pk = cluster.accept_import("k", &req).unwrap();
    let expected = ExpectedKey::from_hex(CurveId::Secp256k1, &pk).unwrap();
    let ctx = keyport::hazmat::export_context_with_rng(EnvelopeKind::DfnsV1, &mut r);
    let resp = cluster.answer_export("k", &ctx.request(), &mut r).unwrap();
    let with = |f: &dyn Fn(&mut KeyExportResponse)| {
        let mut x = resp.clone();
        f(&mut x);
        x
    };
    // Recover against the key the user expects (the imported one).
    let recover = |x: &KeyExportResponse| ctx.recover(x, &expected);
    let wrong_pk = {
        let k = SecretScalar::<Secp256k1>::from_be_bytes(&*key_bytes(10)).unwrap();
        hex::encode(Secp256k1::encode_point(&k.public_key(), PointForm::Compressed).unwrap())
    };

    case!(
        t,
        "envelope name unknown",
        "dfns-v2".parse::<EnvelopeKind>(),
        r#"UnknownEnvelope("dfns-v2")"#
    );
    case!(
        t,
        "export context not JSON",
        ExportContext::from_json("{"),
        r#"Malformed { what: "export context file", reason: "unexpected end of input at line 1 column 2; expected {\"envelope\": \"dfns-v1\"|\"hpke-v1\", \"decryptionKey\": hex, \"expectedPublicKey\"?: {\"curve\", \"publicKey\"}, \"signers\"?: [base64]}" }"#
    );
    case!(
        t,
        "export context envelope disagrees with key",
        ExportContext::from_json(&ctx.to_json().replace("dfns-v1", "hpke-v1")),
        r#"Malformed { what: "export context file", reason: "envelope says \"hpke-v1\" but the key is dfns-v1" }"#
    );
    case!(
        t,
        "export context key not hex",
        ExportContext::from_json(r#"{"envelope":"dfns-v1","decryptionKey":"zz"}"#),
        r#"Malformed { what: "export context file", reason: "decryptionKey is not hex" }"#
    );
    case!(
        t,
        "export context unknown field",
        ExportContext::from_json(r#"{"envelope":"dfns-v1","decryptionKey":"01","x":1}"#),
        r#"Malformed { what: "export context file", reason: "unexpected structure: an export context file has a field other than \"envelope\", \"decryptionKey\", \"expectedPublicKey\", \"signers\" at line 1 column 48; expected {\"envelope\": \"dfns-v1\"|\"hpke-v1\", \"decryptionKey\": hex, \"expectedPublicKey\"?: {\"curve\", \"publicKey\"}, \"signers\"?: [base64]}" }"#
    );
    case!(
        t,
        "export response minSigners 1",
        recover(&with(&|x| x.min_signers = 1)),
        r#"InvalidThreshold { threshold: 1, n: 100 }"#
    );
    case!(
        t,
        "export response minSigners above n",
        recover(&with(&|x| x.min_signers = 4)),
        r#"ExportFailed { bad_signers: [], cause: NotEnoughShares { got: 3, needed: 4 } }"#
    );
    case!(
        t,
        "export response unknown curve",
        recover(&with(&|x| x.curve = "p256".into())),
        r#"UnknownCurve("p256")"#
    );
    case!(
        t,
        "export response mismatched protocol",
        recover(&with(&|x| x.protocol = "FROST".into())),
        r#"UnsupportedScheme { protocol: "FROST", curve: "secp256k1" }"#
    );
    case!(
        t,
        "export response wrong public key",
        recover(&with(&|x| x.public_key = wrong_pk.clone())),
        r#"ResponseKeyMismatch { field: "publicKey", expected: "03acd484e2f0c7f65309ad178a9f559abde09796974c57e714c35f110dfc27ccbe", found: "03a0434d9e47f3c86235477c7b1ae6ae5d3442d49b1943c2b752a68e2a47e247c7" }"#
    );
    case!(
        t,
        "export response public key off curve",
        recover(&with(&|x| x.public_key = format!("02{}", "00".repeat(32)))),
        r#"ResponseKeyMismatch { field: "publicKey", expected: "03acd484e2f0c7f65309ad178a9f559abde09796974c57e714c35f110dfc27ccbe", found: "020000000000000000000000000000000000000000000000000000000000000000" }"#
    );
    case!(
        t,
        "export shares encrypted to another key",
        {
            let stranger =
                keyport::hazmat::export_context_with_rng(EnvelopeKind::DfnsV1, &mut rng(70));
            stranger.recover(&resp, &expected)
        },
        r#"ExportFailed { bad_signers: ["GUVKJ7dS+QWQlQfWFg3ciI4t+LdzCY7z97zTIafKp0g=", "J6nXssrY7VFSiJH9ZBo1nyn0TGvYyshGqvYV4oPBYBY=", "LHZFRISiZrfbtIU3rLKThfT6nwL7jANtVd9nNalelk0="], cause: NotEnoughShares { got: 0, needed: 2 } }"#
    );
    case!(
        t,
        "export response duplicate signerIds",
        recover(&with(&|x| {
            let first = x.encrypted_key_shares[0].clone();
            x.encrypted_key_shares[1] = first;
        })),
        r#"DuplicateSigner { signer_id: "GUVKJ7dS+QWQlQfWFg3ciI4t+LdzCY7z97zTIafKp0g=" }"#
    );
    case!(
        t,
        "export response JSON missing fields",
        KeyExportResponse::from_json("{}"),
        r#"Malformed { what: "export response JSON", reason: "unexpected structure: missing field \"encryptedKeyShares\" at line 1 column 1" }"#
    );
    case!(
        t,
        "export response for another key than expected",
        ctx.recover(
            &resp,
            &ExpectedKey::from_hex(CurveId::Secp256k1, &wrong_pk).unwrap()
        ),
        r#"ResponseKeyMismatch { field: "publicKey", expected: "03a0434d9e47f3c86235477c7b1ae6ae5d3442d49b1943c2b752a68e2a47e247c7", found: "03acd484e2f0c7f65309ad178a9f559abde09796974c57e714c35f110dfc27ccbe" }"#
    );
    case!(
        t,
        "export response on another curve than expected",
        ctx.recover(&with(&|x| x.curve = "stark".into()), &expected),
        r#"ResponseKeyMismatch { field: "curve", expected: "secp256k1", found: "stark" }"#
    );
    case!(
        t,
        "export recovered without an expected key",
        ctx.recover_recorded(&resp),
        r#"ExpectedKeyRequired"#
    );
    case!(
        t,
        "export expected key differs from the recorded one",
        keyport::hazmat::export_context_with_rng(EnvelopeKind::DfnsV1, &mut rng(71))
            .with_expected_key(ExpectedKey::from_hex(CurveId::Secp256k1, &wrong_pk).unwrap())
            .recover(&resp, &expected),
        r#"ExpectedKeyConflict { recorded: "03a0434d9e47f3c86235477c7b1ae6ae5d3442d49b1943c2b752a68e2a47e247c7", given: "03acd484e2f0c7f65309ad178a9f559abde09796974c57e714c35f110dfc27ccbe" }"#
    );
    case!(
        t,
        "export response from an unexpected signer",
        keyport::hazmat::export_context_with_rng(EnvelopeKind::DfnsV1, &mut rng(72))
            .with_expected_signers(vec![
                "AQID".parse().unwrap(),
                "BAUG".parse().unwrap(),
                "BwgJ".parse().unwrap()
            ])
            .unwrap()
            .recover(&resp, &expected),
        r#"UnexpectedSigner { signer_id: "GUVKJ7dS+QWQlQfWFg3ciI4t+LdzCY7z97zTIafKp0g=" }"#
    );
    case!(
        t,
        "export response with more shares than expected signers",
        keyport::hazmat::export_context_with_rng(EnvelopeKind::DfnsV1, &mut rng(73))
            .with_expected_signers(vec!["AQID".parse().unwrap()])
            .unwrap()
            .recover(&resp, &expected),
        r#"TooManyShares { n: 3, max: 1 }"#
    );
    case!(
        t,
        "export response one signer twice, padded and unpadded",
        recover(&with(&|x| {
            let mut twin = x.encrypted_key_shares[0].clone();
            twin.signer_id = twin.signer_id.trim_end_matches('=').to_string();
            x.encrypted_key_shares[1] = twin;
        })),
        r#"DuplicateSigner { signer_id: "GUVKJ7dS+QWQlQfWFg3ciI4t+LdzCY7z97zTIafKp0g=" }"#
    );
    case!(
        t,
        "export response minSigners above the cap",
        recover(&with(&|x| x.min_signers = 101)),
        r#"InvalidThreshold { threshold: 101, n: 100 }"#
    );
    case!(
        t,
        "export response with more shares than the cap",
        recover(&with(&|x| {
            let first = x.encrypted_key_shares[0].clone();
            x.encrypted_key_shares = (0..101u32)
                .map(|i| keyport::api::EncryptedKeyShare {
                    signer_id: keyport_hotpath::base64::encode(&i.to_be_bytes()),
                    ..first.clone()
                })
                .collect();
        })),
        r#"TooManyShares { n: 101, max: 100 }"#
    );
    case!(
        t,
        "expected public key of the wrong length",
        ExpectedKey::from_hex(CurveId::Secp256k1, "0279be"),
        r#"PointLength { curve: "secp256k1", actual: 3 }"#
    );
    case!(
        t,
        "expected public key not hex",
        ExpectedKey::from_hex(CurveId::Ed25519, "zz"),
        r#"Malformed { what: "expected public key", reason: "not hex" }"#
    );
    case!(
        t,
        "export context file expected key not a point",
        ExportContext::from_json(&format!(
            r#"{{"envelope":"dfns-v1","decryptionKey":"01{}07","expectedPublicKey":{{"curve":"secp256k1","publicKey":"04{}"}}}}"#,
            "00".repeat(31),
            "00".repeat(64)
        )),
        r#"InvalidPoint { curve: "secp256k1" }"#
    );
    case!(
        t,
        "export context file signer listed twice",
        ExportContext::from_json(&{
            let with_ids =
                keyport::hazmat::export_context_with_rng(EnvelopeKind::DfnsV1, &mut rng(74))
                    .with_expected_signers(vec!["AQID".parse().unwrap()])
                    .unwrap()
                    .to_json();
            with_ids.replace(r#"["AQID"]"#, r#"["AQID","AQID"]"#)
        }),
        r#"DuplicateSigner { signer_id: "AQID" }"#
    );
    case!(
        t,
        "signer id empty",
        keyport::SignerId::from_base64(""),
        r#"Malformed { what: "signerId", reason: "empty signer id" }"#
    );
}

fn key_cases(t: &mut Table) {
    let none = ParseOptions::default();
    let secp = ParseOptions {
        curve: Some(CurveId::Secp256k1),
        ..Default::default()
    };
    let ed = ParseOptions {
        curve: Some(CurveId::Ed25519),
        ..Default::default()
    };
    case!(
        t,
        "hex key with 63 digits",
        parse_key(&"1".repeat(63), KeyFormat::Hex, &secp),
        r#"HexDigits { expected: 64, actual: 63 }"#
    );
    case!(
        t,
        "hex key without a curve",
        parse_key(&"11".repeat(32), KeyFormat::Hex, &none),
        r#"CurveRequired { format: "hex" }"#
    );
    case!(
        t,
        "hex key zero",
        parse_key(&"00".repeat(32), KeyFormat::Hex, &secp),
        r#"ZeroScalar"#
    );
    case!(
        t,
        "hex key with a passphrase",
        parse_key(
            &"11".repeat(32),
            KeyFormat::Hex,
            &ParseOptions {
                passphrase: Some(Zeroizing::new("p".into())),
                ..secp.clone()
            }
        ),
        r#"OptionNotApplicable { option: "passphrase", format: "hex" }"#
    );
    case!(
        t,
        "WIF with a bad checksum",
        parse_key(
            "5HueCGU8rMjxEXxiPuD5BDku4MKqqeDw9oK6JNDm7aXxJ8wa3c3",
            KeyFormat::Wif,
            &none
        ),
        r#"ChecksumMismatch { what: "WIF key" }"#
    );
    case!(
        t,
        "WIF asked for ed25519",
        parse_key(
            "5HueCGU8rMjxEXxiPuD5BDku4MKqqeDw9oK6JNDm7aXxJ8wa3c4",
            KeyFormat::Wif,
            &ed
        ),
        r#"CurveMismatch { format: "wif", curve: "ed25519" }"#
    );
    case!(
        t,
        "mnemonic with 11 words",
        parse_key(&["abandon"; 11].join(" "), KeyFormat::Mnemonic, &secp),
        r#"MnemonicWordCount { count: 11 }"#
    );
    case!(
        t,
        "mnemonic with an unknown word",
        parse_key(
            &format!("{} zzzz", ["abandon"; 11].join(" ")),
            KeyFormat::Mnemonic,
            &secp
        ),
        r#"MnemonicUnknownWord { position: 12 }"#
    );
    case!(
        t,
        "derivation path malformed",
        "m/x/1".parse::<DerivationPath>(),
        r#"InvalidPath { reason: "a step is not a decimal number with an optional ' (or h) after it" }"#
    );
    case!(
        t,
        "auto format unrecognizable",
        parse_key("hello", KeyFormat::Auto, &none),
        r#"UnrecognizedFormat"#
    );
    case!(
        t,
        "xprv not base58",
        parse_key("xprv0OIl", KeyFormat::Xprv, &none),
        r#"InvalidEncoding { what: "extended key", expected: "base58" }"#
    );
    case!(
        t,
        "solana keypair halves mismatch",
        parse_key(
            &format!("[{}]", ["1"; 64].join(",")),
            KeyFormat::Solana,
            &none
        ),
        r#"KeypairMismatch"#
    );
    case!(
        t,
        "solana keypair truncated",
        parse_key(
            &format!("[{}]", ["1"; 63].join(",")),
            KeyFormat::Solana,
            &none
        ),
        r#"KeyLength { what: "Solana keypair file", expected: 64, actual: 63 }"#
    );
}

/// Signer-set pinning and signed manifests (issue 22; SPEC.md §8.4, §8.6, §8.7).
fn pinning_cases(t: &mut Table) {
    use keyport::{
        Fingerprint, Manifest, ManifestKey, ManifestSigningKey, PinnedBy, SignedManifest, SignerSet,
    };
    let info = |id: &str, key: &str| SignerInfo {
        signer_id: id.into(),
        encryption_key: key.into(),
    };
    let set = SignerSet::new("c1", &[info("AQ==", "DA=="), info("Ag==", "Cgs=")]).unwrap();
    let other = SignerSet::new("c1", &[info("AQ==", "DA=="), info("Aw==", "Cgs=")]).unwrap();
    case!(
        t,
        "pin: fingerprint not hex",
        Fingerprint::from_hex("xyz"),
        r#"Malformed { what: "signer-set fingerprint", reason: "expected 64 hex digits (SHA-256)" }"#
    );
    case!(
        t,
        "pin: another fingerprint expected",
        set.check_fingerprint(&Fingerprint::from_hex(&"ab".repeat(32)).unwrap()),
        r#"SignerFingerprintMismatch { expected: "abababababababababababababababababababababababababababababababab", found: "6bc8a21cf85b51604f73ed7c9064b6193ac8cef2b7cd3477ad8297f3287cc9f3" }"#
    );
    case!(
        t,
        "pin: lock holds other signers",
        other.check_same_as(&set, PinnedBy::Lock),
        r#"SignerSetChanged { pinned_by: "the signers lock", pinned: "6bc8a21cf85b51604f73ed7c9064b6193ac8cef2b7cd3477ad8297f3287cc9f3", found: "ed31f394054b5a2195c5ceaa937eb48e14b24ceb9ac1e9a4ab52dad77073ad45", diff: SetDiff { cluster: None, added: ["Aw=="], removed: ["Ag=="], changed: [] } }"#
    );
    case!(
        t,
        "pin: lock of another version",
        SignerSet::from_lock_json(&set.to_lock_json().replace(":1,", ":2,")),
        r#"Malformed { what: "signers lock", reason: "unexpected structure: keyportSignersLock must be 1 (the only version this keyport reads) at line 1 column 23" }"#
    );
    let key = ManifestSigningKey::ed25519_from_seed(&[7; 32]);
    let json = Manifest::new(set.clone(), 100, 200).unwrap().sign(&key);
    let signed = SignedManifest::from_json(&json).unwrap();
    let pinned = key.public_key();
    case!(
        t,
        "manifest: expired",
        signed.verify(&pinned, 200),
        r#"ManifestExpired { expires_at: 200, now: 200 }"#
    );
    case!(
        t,
        "manifest: not yet valid",
        signed.verify(&pinned, 99),
        r#"ManifestNotYetValid { issued_at: 100, now: 99 }"#
    );
    case!(
        t,
        "manifest: wrong key",
        signed.verify(
            &ManifestSigningKey::ed25519_from_seed(&[8; 32]).public_key(),
            150
        ),
        r#"ManifestWrongKey { pinned: "ed25519 5c29b78f10a35a49", signed_by: "ed25519 fe812c12f3ab4ce6" }"#
    );
    case!(
        t,
        "manifest: tampered",
        SignedManifest::from_json(&json.replace("Cgs=", "Cgw="))
            .and_then(|m| m.verify(&pinned, 150).map(|_| ())),
        r#"ManifestSignatureInvalid"#
    );
    case!(
        t,
        "manifest: signers in use differ",
        other.check_same_as(signed.verify(&pinned, 150).unwrap(), PinnedBy::Manifest),
        r#"SignerSetChanged { pinned_by: "the signed manifest", pinned: "6bc8a21cf85b51604f73ed7c9064b6193ac8cef2b7cd3477ad8297f3287cc9f3", found: "ed31f394054b5a2195c5ceaa937eb48e14b24ceb9ac1e9a4ab52dad77073ad45", diff: SetDiff { cluster: None, added: ["Aw=="], removed: ["Ag=="], changed: [] } }"#
    );
    case!(
        t,
        "manifest: expiry not after issue",
        Manifest::new(set.clone(), 200, 200),
        r#"Malformed { what: "signer manifest", reason: "expiresAt 200 is not after issuedAt 200" }"#
    );
    case!(
        t,
        "manifest key: wrong length",
        ManifestKey::from_bytes(&[1; 31]),
        r#"Malformed { what: "manifest key", reason: "31 bytes; expected 32 (Ed25519) or 33/65 (P-256, SEC1)" }"#
    );
}

/// The variant name from the derived `Debug`, in SCREAMING_SNAKE_CASE: what `Error::code()`
/// must return (the WASM package's stable `code`).
fn code_from_debug(e: &Error) -> String {
    let debug = format!("{e:?}");
    let name = debug.split([' ', '(', '{']).next().unwrap_or_default();
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[test]
fn negative_inputs_table() {
    let mut t = Table(Vec::new());
    sharing_cases(&mut t);
    name_cases(&mut t);
    envelope_cases(&mut t);
    payload_cases(&mut t);
    signer_cases(&mut t);
    import_cases(&mut t);
    export_cases(&mut t);
    key_cases(&mut t);
    pinning_cases(&mut t);

    let mut names = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    let dump = std::env::var_os("KEYPORT_DUMP_NEGATIVE").is_some();
    for (name, result, want) in &t.0 {
        assert!(names.insert(*name), "duplicate case name {name:?}");
        if dump && let Err(e) = result {
            // KEYPORT_DUMP_NEGATIVE=1: print what each case returns, to pin new rows.
            println!("DUMP\x1f{name}\x1f{e:?}");
        }
        match result {
            Ok(()) => failures.push(format!("{name}: accepted (Ok)")),
            Err(e) if format!("{e:?}") != *want => {
                failures.push(format!("{name}: got {e:?}\n  want {want}"))
            }
            Err(e) if e.code() != code_from_debug(e) => {
                failures.push(format!("{name}: code() is {} for {e:?}", e.code()))
            }
            Err(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        t.0.len(),
        failures.join("\n")
    );
    assert!(t.0.len() >= 60, "only {} cases", t.0.len());
}
