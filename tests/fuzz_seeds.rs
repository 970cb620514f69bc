//! The hpke-v1 fuzz seeds (`fuzz/corpus/{hpke_v1_payload,hpke_v1_open,export_response}/hpke-*`).
//!
//! There are no hpke-v1 vectors in `tests/vectors`, so these seeds are made by keyport
//! itself, deterministically (seeded RNG), for the fixed key and context the fuzz targets use
//! (`fuzz/src/lib.rs`). The test rebuilds every seed, checks it is valid input for its target
//! (the payload decodes, the ciphertext opens, the export response recovers), and checks the
//! committed file is byte-identical, so a format change cannot leave stale seeds behind.
//! `KEYPORT_WRITE_FUZZ_SEEDS=1 cargo test --test fuzz_seeds` rewrites them.

use std::path::PathBuf;

use keyport::hazmat::build_import_request_with_rng;
use keyport::hazmat::curve::{Curve, Ed25519, Secp256k1, Stark};
use keyport::hazmat::envelope::{self, Context};
use keyport::hazmat::payload::hpke_v1;
use keyport::hazmat::{SecretScalar, sharing};
use keyport::signer::Cluster;
use keyport::{DecryptionKey, EnvelopeKind, ExportContext, ImportKey, ImportOptions, VALID_PAIRS};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

/// `fuzz/src/lib.rs` `HPKE_V1_KEY`: version 2, key id 1, KEM X25519, secret 0x42 × 32.
fn fuzz_hpke_key() -> DecryptionKey {
    let mut k = [0x42u8; 36];
    k[..4].copy_from_slice(&[2, 1, 0, 0x20]);
    DecryptionKey::from_bytes(&k).unwrap()
}

/// `fuzz/src/lib.rs` `hpke_context()`.
fn fuzz_hpke_context() -> Context {
    Context::import(
        keyport::CurveId::Secp256k1,
        keyport::Protocol::Cggmp21,
        keyport::Threshold::for_signers(2, keyport::hazmat::sharing::MAX_SHARES).unwrap(),
        b"signer-1".to_vec(),
        keyport::hazmat::sharing::ShareIndex::new(1).unwrap(),
        vec![2u8; 33],
    )
}

/// Selector byte of the hpke-v1 key in `fuzz/src/lib.rs` `EXPORT_KEYS`.
const EXPORT_HPKE_SELECTOR: u8 = 4;

fn corpus(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target)
}

/// Payloads for every curve, several thresholds, with and without a chain code.
fn payloads<C: Curve>(rng: &mut ChaCha20Rng) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for (t, n) in [(2, 2), (2, 3), (3, 5), (5, 7)] {
        let key = SecretScalar::<C>::random(rng);
        let dealing = sharing::split(&key, t, n, rng).unwrap();
        let commitments = hpke_v1::encode_commitments(&dealing.commitments()).unwrap();
        for (i, share) in dealing.shares().iter().enumerate() {
            let chain_code = (i == 0).then_some([0xccu8; 32]);
            let bytes = hpke_v1::encode(
                share,
                keyport::Threshold::new(t).unwrap(),
                &commitments,
                chain_code.as_ref(),
            )
            .unwrap();
            // Valid input: it decodes, and re-encodes to itself.
            hpke_v1::decode::<C>(&bytes).unwrap();
            out.push(bytes.to_vec());
            if i >= 1 {
                break;
            }
        }
    }
    out
}

/// `(target, file name, bytes)` for every hpke-v1 seed.
fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut rng = ChaCha20Rng::seed_from_u64(0x5eed);
    let mut out = Vec::new();

    let mut all_payloads = Vec::new();
    all_payloads.extend(payloads::<Secp256k1>(&mut rng));
    all_payloads.extend(payloads::<Ed25519>(&mut rng));
    all_payloads.extend(payloads::<Stark>(&mut rng));
    let key = fuzz_hpke_key();
    let recipient = key.recipient_key();
    let context = fuzz_hpke_context();
    for (k, payload) in all_payloads.iter().enumerate() {
        out.push(("hpke_v1_payload", format!("hpke-{k:02}"), payload.clone()));
        let ct = envelope::seal(&recipient, &context, payload, &mut rng).unwrap();
        assert_eq!(&*envelope::open(&key, &context, &ct).unwrap(), payload);
        out.push(("hpke_v1_open", format!("hpke-{k:02}"), ct));
    }

    // Whole export responses sealed to the fixed hpke-v1 export key, for every pair.
    let ctx = ExportContext::from_decryption_key(fuzz_hpke_key());
    for (k, (protocol, curve)) in VALID_PAIRS.into_iter().enumerate() {
        let mut cluster = Cluster::generate(3, EnvelopeKind::HpkeV1, &mut rng);
        let signers = cluster.list_signers().clusters.remove(0).signers;
        let secret =
            keyport::with_curve!(curve, C => SecretScalar::<C>::random(&mut rng).to_be_bytes());
        let request = build_import_request_with_rng(
            &ImportKey::Scalar(secret.clone()),
            &signers,
            &ImportOptions::new(curve, protocol, 2),
            &mut rng,
        )
        .unwrap();
        cluster.accept_import("k", &request).unwrap();
        let response = cluster
            .answer_export("k", &ctx.request(), &mut rng)
            .unwrap();
        assert_eq!(
            *ctx.recover_trusting_response_key(&response).unwrap().secret,
            *secret
        );
        let mut bytes = vec![EXPORT_HPKE_SELECTOR];
        bytes.extend_from_slice(serde_json::to_string(&response).unwrap().as_bytes());
        out.push(("export_response", format!("hpke-{k:02}-{curve}"), bytes));
    }
    out
}

#[test]
fn hpke_seeds_are_valid_and_committed() {
    let write = std::env::var_os("KEYPORT_WRITE_FUZZ_SEEDS").is_some();
    let mut stale = Vec::new();
    for (target, name, bytes) in seeds() {
        let path = corpus(target).join(&name);
        if write {
            std::fs::create_dir_all(corpus(target)).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            stale.push(format!("{target}/{name}"));
        }
    }
    assert!(
        stale.is_empty(),
        "fuzz seeds missing or stale (rewrite with KEYPORT_WRITE_FUZZ_SEEDS=1): {stale:?}"
    );
}
