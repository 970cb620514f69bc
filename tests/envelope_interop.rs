//! hpke-v1 against an independent HPKE implementation: Python's `pyhpke` (0.6.5), through
//! `tests/interop/hpke_peer.py`. Both directions, X25519 and P-256, both AEADs. (pyhpke has
//! no X-Wing.)
//!
//! Without pyhpke the tests fail under `CI=true` (`.ci/run` exports it), and otherwise print a
//! notice and pass. Install it with `pip install pyhpke==0.6.5`.

use std::process::Command;

use keyport::DecryptionKey;
use keyport::hazmat::envelope::hpke::{
    self as hpke_v1, Aead, HpkeSecretKey, Kem, KeyConfig, SymmetricSuite,
};
use keyport::hazmat::envelope::{self, Context};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};

mod common;

use common::PythonPeer;

const PEER: PythonPeer = PythonPeer(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/interop/hpke_peer.py"
));

const SUITES: [(Kem, Aead); 4] = [
    (Kem::X25519HkdfSha256, Aead::ChaCha20Poly1305),
    (Kem::X25519HkdfSha256, Aead::Aes256Gcm),
    (Kem::P256HkdfSha256, Aead::Aes256Gcm),
    (Kem::P256HkdfSha256, Aead::ChaCha20Poly1305),
];

fn peer(args: &[&str], stdin: &[u8]) -> String {
    let (code, out, err) = PEER.run(args, &hex::encode(stdin)).expect("peer runs");
    assert_eq!(code, 0, "peer {args:?} failed: {err}");
    out
}

fn context(i: u16) -> Context {
    Context::import(
        keyport::CurveId::Secp256k1,
        keyport::Protocol::Cggmp21,
        keyport::Threshold::for_signers(3, keyport::hazmat::sharing::MAX_SHARES).unwrap(),
        format!("signer-{i}").into_bytes(),
        keyport::hazmat::sharing::ShareIndex::new(i).unwrap(),
        hex::decode("0103e6c465bb8e139fc8e50a253b6d41c3c7c6af5f5d1b184323b1931203c26c0b").unwrap(),
    )
}

fn key_for(kem: Kem, aead: Aead, rng: &mut ChaCha20Rng) -> (HpkeSecretKey, KeyConfig) {
    let (sk, base) = HpkeSecretKey::generate(kem, rng);
    let config = KeyConfig::new(
        base.key_id(),
        kem,
        base.public_key(),
        vec![SymmetricSuite::new(aead)],
    )
    .unwrap();
    (sk, config)
}

#[test]
fn keyport_seals_pyhpke_opens() {
    if !PEER.available() {
        return;
    }
    let mut rng = ChaCha20Rng::seed_from_u64(0x1111);
    for (i, (kem, aead)) in SUITES.into_iter().enumerate() {
        let (sk, config) = key_for(kem, aead, &mut rng);
        let mut payload = vec![0u8; 180 + i];
        rng.fill_bytes(&mut payload);
        let ctx = context(i as u16 + 1);
        let ct = hpke_v1::seal(&config, &ctx, &payload, &mut rng).unwrap();
        let header: [u8; 7] = ct[1..8].try_into().unwrap();
        let (enc, body) = ct[8..].split_at(kem.enc_len());
        let info = hpke_v1::info(&header, &ctx).unwrap();
        let secret = &sk.to_bytes()[4..];
        let opened = peer(
            &[
                "open",
                &kem.id().to_string(),
                &aead.id().to_string(),
                &hex::encode(secret),
                &hex::encode(enc),
                &hex::encode(&info),
            ],
            body,
        );
        assert_eq!(opened, hex::encode(&payload), "{kem:?} {aead:?}");
    }
}

#[test]
fn pyhpke_seals_keyport_opens() {
    if !PEER.available() {
        return;
    }
    let mut rng = ChaCha20Rng::seed_from_u64(0x2222);
    for (i, (kem, aead)) in SUITES.into_iter().enumerate() {
        let (sk, config) = key_for(kem, aead, &mut rng);
        let mut payload = vec![0u8; 200 - i];
        rng.fill_bytes(&mut payload);
        let ctx = context(i as u16 + 1);
        let mut header = [0u8; 7];
        header[0] = config.key_id();
        header[1..3].copy_from_slice(&kem.id().to_be_bytes());
        header[3..5].copy_from_slice(&1u16.to_be_bytes());
        header[5..7].copy_from_slice(&aead.id().to_be_bytes());
        let info = hpke_v1::info(&header, &ctx).unwrap();
        let out = peer(
            &[
                "seal",
                &kem.id().to_string(),
                &aead.id().to_string(),
                &hex::encode(config.public_key()),
                &hex::encode(&info),
            ],
            &payload,
        );
        let (enc, body) = out.split_once(' ').expect("enc and ct");
        let mut ct = vec![hpke_v1::VERSION];
        ct.extend_from_slice(&header);
        ct.extend_from_slice(&hex::decode(enc).unwrap());
        ct.extend_from_slice(&hex::decode(body).unwrap());
        let dk = DecryptionKey::HpkeV1(sk);
        assert_eq!(
            &envelope::open(&dk, &ctx, &ct).unwrap()[..],
            &payload[..],
            "{kem:?} {aead:?}"
        );
        // And it is bound to the context, as keyport's own ciphertexts are.
        assert!(envelope::open(&dk, &context(99), &ct).is_err());
    }
}

/// pyhpke, reading only SPEC.md, rebuilds context and info, opens the X25519 and P-256
/// vectors and reseals them byte for byte from `enc_random`.
#[test]
fn spec_vectors_check_out_with_pyhpke() {
    if !PEER.available() {
        return;
    }
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/SPEC.md");
    assert_eq!(peer(&["check-spec", spec], b""), "2");
}

/// The CI switch itself: a missing peer must fail the run under `CI=true`.
#[test]
fn missing_peer_fails_under_ci() {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "peer_check_with_a_missing_peer", "--nocapture"])
        .env("CI", "true")
        .env("KEYPORT_INTEROP_PYTHON", "/nonexistent/python3")
        .output()
        .unwrap();
    assert!(!out.status.success(), "a missing peer passed under CI=true");
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "peer_check_with_a_missing_peer"])
        .env("CI", "false")
        .env("KEYPORT_INTEROP_PYTHON", "/nonexistent/python3")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "outside CI a missing peer is a notice"
    );
}

/// Run by [`missing_peer_fails_under_ci`] in a child process with a python that does not
/// exist; on its own (the real python) it checks nothing more than `peer_available`.
#[test]
fn peer_check_with_a_missing_peer() {
    let _ = PEER.available();
}
