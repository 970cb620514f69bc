//! End to end, in-process: import -> Cluster verifies -> export -> recover gives the same key,
//! for every valid protocol/curve pair, both envelopes, n in {2, 3, 5, 7, 20} and every t.

use keyport::hazmat::SecretScalar;
use keyport::hazmat::build_import_request_with_rng;
use keyport::hazmat::curve::Curve;
use keyport::signer::Cluster;
use keyport::{
    CurveId, EnvelopeKind, Error, ExpectedKey, ExportContext, ImportKey, ImportOptions, VALID_PAIRS,
};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use zeroize::Zeroizing;

fn random_key(curve: CurveId, rng: &mut ChaCha20Rng) -> Zeroizing<[u8; 32]> {
    keyport::with_curve!(curve, C => SecretScalar::<C>::random(rng).to_be_bytes())
}

fn public_key_hex(curve: CurveId, key: &[u8; 32]) -> String {
    keyport::with_curve!(curve, C => {
        let s = SecretScalar::<C>::from_be_bytes(key).unwrap();
        hex::encode(C::encode_point(&s.public_key(), keyport::hazmat::curve::PointForm::Compressed).unwrap())
    })
}

fn round_trip(envelope: EnvelopeKind, n: usize, t: usize, seed: u64) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let mut cluster = Cluster::generate(n, envelope, &mut rng);
    let signers = cluster.list_signers().clusters.remove(0).signers;
    for (protocol, curve) in VALID_PAIRS {
        let key = random_key(curve, &mut rng);
        let options = ImportOptions::new(curve, protocol, t);
        let request = build_import_request_with_rng(
            &ImportKey::Scalar(key.clone()),
            &signers,
            &options,
            &mut rng,
        )
        .unwrap_or_else(|e| panic!("{protocol}/{curve} {n}/{t}: {e}"));
        assert_eq!(request.encrypted_key_shares.len(), n);
        let key_id = format!("{protocol}-{curve}");
        let pk = cluster.accept_import(&key_id, &request).unwrap();
        assert_eq!(pk, public_key_hex(curve, &key));
        for export_envelope in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
            let ctx = keyport::hazmat::export_context_with_rng(export_envelope, &mut rng);
            let response = cluster
                .answer_export(&key_id, &ctx.request(), &mut rng)
                .unwrap();
            let expected = ExpectedKey::from_hex(curve, &pk).unwrap();
            let recovered = ctx.recover(&response, &expected).unwrap();
            assert_eq!(
                *recovered.secret, *key,
                "{protocol}/{curve} {envelope:?}->{export_envelope:?}"
            );
            assert!(recovered.bad_signers.is_empty());
            assert_eq!(hex::encode(&recovered.public_key), pk);
        }
    }
}

#[test]
fn every_pair_both_envelopes_small_n_every_t() {
    for envelope in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
        for n in [2, 3, 5] {
            for t in 2..=n {
                round_trip(envelope, n, t, (n * 10 + t) as u64);
            }
        }
    }
}

/// Every t for one (envelope, n): one test function per pair so the harness spreads them
/// over the cores.
fn every_t(envelope: EnvelopeKind, n: usize) {
    for t in 2..=n {
        round_trip(envelope, n, t, (n * 100 + t) as u64);
    }
}

#[test]
fn n7_every_t_dfns_v1() {
    every_t(EnvelopeKind::DfnsV1, 7);
}

#[test]
fn n7_every_t_hpke_v1() {
    every_t(EnvelopeKind::HpkeV1, 7);
}

#[test]
fn n20_every_t_dfns_v1() {
    every_t(EnvelopeKind::DfnsV1, 20);
}

#[test]
fn n20_every_t_hpke_v1() {
    every_t(EnvelopeKind::HpkeV1, 20);
}

#[test]
fn ed25519_seed_import_round_trips_to_the_scalar() {
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    let mut cluster = Cluster::generate(5, EnvelopeKind::HpkeV1, &mut rng);
    let signers = cluster.list_signers().clusters.remove(0).signers;
    let seed = Zeroizing::new([7u8; 32]);
    let options = ImportOptions::new(CurveId::Ed25519, keyport::Protocol::Frost, 3);
    let request = build_import_request_with_rng(
        &ImportKey::Ed25519Seed(seed.clone()),
        &signers,
        &options,
        &mut rng,
    )
    .unwrap();
    let pk = cluster.accept_import("k", &request).unwrap();
    let ctx = keyport::hazmat::export_context_with_rng(EnvelopeKind::HpkeV1, &mut rng)
        .with_expected_key(ExpectedKey::from_hex(CurveId::Ed25519, &pk).unwrap());
    let recovered = ctx
        .recover_recorded(
            &cluster
                .answer_export("k", &ctx.request(), &mut rng)
                .unwrap(),
        )
        .unwrap();
    let scalar = keyport::hazmat::curve::ed25519::seed_to_scalar(&seed[..]).unwrap();
    assert_eq!(
        *recovered.secret,
        keyport::hazmat::curve::Ed25519::scalar_to_be_bytes(&scalar)
    );
}

#[test]
fn master_key_chain_code_travels_in_hpke_only() {
    let mut rng = ChaCha20Rng::seed_from_u64(6);
    let mut cluster = Cluster::generate(3, EnvelopeKind::HpkeV1, &mut rng);
    let signers = cluster.list_signers().clusters.remove(0).signers;
    let key = random_key(CurveId::Secp256k1, &mut rng);
    let mut options = ImportOptions::new(CurveId::Secp256k1, keyport::Protocol::Cggmp21, 2);
    options.chain_code = Some(Zeroizing::new([9u8; 32]));
    let request = build_import_request_with_rng(
        &ImportKey::Scalar(key.clone()),
        &signers,
        &options,
        &mut rng,
    )
    .unwrap();
    assert_eq!(request.master_key, Some(true));
    let pk = cluster.accept_import("m", &request).unwrap();
    let ctx = keyport::hazmat::export_context_with_rng(EnvelopeKind::HpkeV1, &mut rng);
    let recovered = ctx
        .recover(
            &cluster
                .answer_export("m", &ctx.request(), &mut rng)
                .unwrap(),
            &ExpectedKey::from_hex(CurveId::Secp256k1, &pk).unwrap(),
        )
        .unwrap();
    assert_eq!(recovered.chain_code.as_deref(), Some(&[9u8; 32]));

    let dfns = Cluster::generate(3, EnvelopeKind::DfnsV1, &mut rng);
    let dfns_signers = dfns.list_signers().clusters.remove(0).signers;
    assert_eq!(
        build_import_request_with_rng(&ImportKey::Scalar(key), &dfns_signers, &options, &mut rng)
            .unwrap_err(),
        Error::MasterKeyNeedsHpke
    );
}

#[test]
fn export_context_file_round_trips() {
    let mut rng = ChaCha20Rng::seed_from_u64(8);
    for kind in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
        let ctx = keyport::hazmat::export_context_with_rng(kind, &mut rng);
        let json = ctx.to_json();
        let back = ExportContext::from_json(&json).unwrap();
        assert_eq!(back.request(), ctx.request());
        assert!(back.expected_key().is_none() && back.expected_signers().is_none());
        let secret_hex = &json[json.find("decryptionKey").unwrap() + 16..][..40];
        assert!(!format!("{ctx:?}").contains(secret_hex));
        // With an expected key and signers recorded.
        let expected = ExpectedKey::from_hex(
            CurveId::Secp256k1,
            "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
        )
        .unwrap();
        let ids = vec![
            "AQID".parse().unwrap(),
            keyport::SignerId::from_base64("BAU").unwrap(),
        ];
        let ctx = keyport::hazmat::export_context_with_rng(kind, &mut rng)
            .with_expected_key(expected.clone())
            .with_expected_signers(ids)
            .unwrap();
        let back = ExportContext::from_json(&ctx.to_json()).unwrap();
        assert_eq!(back.expected_key(), Some(&expected));
        let listed: Vec<String> = back
            .expected_signers()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(listed, ["AQID", "BAU="]);
    }
}

/// Finding 1: whoever assembles the response deals a key of its own, seals the shares to the
/// client's (public) one-time key under the real signer ids, and sets `publicKey` to match.
/// With the expected key the response is refused; claiming the real key instead, it cannot
/// rebuild anything. Both envelopes, every curve.
#[test]
fn substituted_response_is_refused() {
    use keyport::signer::Signer;
    let mut rng = ChaCha20Rng::seed_from_u64(13);
    for envelope in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
        for (protocol, curve) in [
            (keyport::Protocol::Cggmp21, CurveId::Secp256k1),
            (keyport::Protocol::Frost, CurveId::Ed25519),
            (keyport::Protocol::Cggmp21, CurveId::Stark),
        ] {
            let mut cluster = Cluster::generate(3, envelope, &mut rng);
            let signers = cluster.list_signers().clusters.remove(0).signers;
            let key = random_key(curve, &mut rng);
            let options = ImportOptions::new(curve, protocol, 2);
            let request = build_import_request_with_rng(
                &ImportKey::Scalar(key.clone()),
                &signers,
                &options,
                &mut rng,
            )
            .unwrap();
            let pk = cluster.accept_import("real", &request).unwrap();
            let expected = ExpectedKey::from_hex(curve, &pk).unwrap();
            // The attacker: the same signer ids, its own keys and its own secret.
            let fakes: Vec<Signer> = cluster
                .signers()
                .iter()
                .map(|s| {
                    let id = keyport::SignerId::from_base64(&s.id_base64())
                        .unwrap()
                        .into_bytes();
                    Signer::new(id, keyport::DecryptionKey::generate(envelope, &mut rng))
                })
                .collect();
            let mut attacker = Cluster::from_signers("evil", fakes);
            let evil_key = random_key(curve, &mut rng);
            let evil_signers = attacker.list_signers().clusters.remove(0).signers;
            let evil_request = build_import_request_with_rng(
                &ImportKey::Scalar(evil_key),
                &evil_signers,
                &options,
                &mut rng,
            )
            .unwrap();
            let evil_pk = attacker.accept_import("evil", &evil_request).unwrap();
            for export_envelope in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
                let ctx = keyport::hazmat::export_context_with_rng(export_envelope, &mut rng);
                let mut forged = attacker
                    .answer_export("evil", &ctx.request(), &mut rng)
                    .unwrap();
                let ids: Vec<_> = forged
                    .encrypted_key_shares
                    .iter()
                    .map(|e| e.signer_id.clone())
                    .collect();
                assert_eq!(
                    ids,
                    signers
                        .iter()
                        .map(|s| s.signer_id.clone())
                        .collect::<Vec<_>>()
                );
                assert_eq!(
                    ctx.recover(&forged, &expected).unwrap_err(),
                    Error::ResponseKeyMismatch {
                        field: "publicKey",
                        expected: pk.clone(),
                        found: evil_pk.clone(),
                    }
                );
                // Lying about the key does not help: nothing rebuilds the expected key.
                forged.public_key = pk.clone();
                let err = ctx.recover(&forged, &expected).unwrap_err();
                assert!(
                    matches!(err, Error::ExportFailed { .. }),
                    "{envelope:?}->{export_envelope:?} {curve}: {err:?}"
                );
                // Only trusting the response returns the attacker's key.
                forged.public_key = evil_pk.clone();
                let trusted = ctx.recover_trusting_response_key(&forged).unwrap();
                assert_eq!(hex::encode(&trusted.public_key), evil_pk);
            }
        }
    }
}

/// Finding 4: a share spliced in from another import of another key is refused by the
/// standalone signer that receives it (its ciphertext is bound to the other dealing's
/// digest), and a request whose digest is swapped is refused by every other signer.
#[test]
fn spliced_import_share_is_refused_by_a_standalone_signer() {
    let mut rng = ChaCha20Rng::seed_from_u64(14);
    let cluster = Cluster::generate(3, EnvelopeKind::HpkeV1, &mut rng);
    let signers = cluster.list_signers().clusters.remove(0).signers;
    let options = ImportOptions::new(CurveId::Secp256k1, keyport::Protocol::Cggmp21, 2);
    let build = |rng: &mut ChaCha20Rng| {
        let key = random_key(CurveId::Secp256k1, rng);
        build_import_request_with_rng(&ImportKey::Scalar(key), &signers, &options, rng).unwrap()
    };
    let x = build(&mut rng);
    let y = build(&mut rng);
    assert_ne!(x.dealing_digest, y.dealing_digest);
    let victim = &cluster.signers()[1];
    let pos = x
        .encrypted_key_shares
        .iter()
        .position(|e| e.signer_id == victim.id_base64())
        .unwrap();
    let mut spliced = x.clone();
    spliced.encrypted_key_shares[pos] = y.encrypted_key_shares[pos].clone();
    assert_eq!(
        victim.accept_import(&spliced).unwrap_err(),
        Error::DecryptionFailed
    );
    // Swapping the digest too: the victim accepts y's share, every other signer refuses.
    spliced.dealing_digest = y.dealing_digest.clone();
    victim.accept_import(&spliced).unwrap();
    for (i, s) in cluster.signers().iter().enumerate() {
        if i != 1 {
            assert_eq!(
                s.accept_import(&spliced).unwrap_err(),
                Error::DecryptionFailed
            );
        }
    }
    // Without the digest an hpke-v1 import is refused outright.
    let mut bare = x.clone();
    bare.dealing_digest = None;
    assert_eq!(
        victim.accept_import(&bare).unwrap_err(),
        Error::Malformed {
            what: "import request",
            reason: "an hpke-v1 import needs dealingDigest (SPEC.md §7.1.1)".into(),
        }
    );
    // The honest request is accepted by all.
    for s in cluster.signers() {
        s.accept_import(&x).unwrap();
    }
}

#[test]
fn prepared_signers_give_the_same_request() {
    use keyport::PreparedSigners;
    let mut rng = ChaCha20Rng::seed_from_u64(9);
    for envelope in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
        let cluster = Cluster::generate(4, envelope, &mut rng);
        let signers = cluster.list_signers().clusters.remove(0).signers;
        let prepared = PreparedSigners::new(&signers).unwrap();
        assert_eq!((prepared.len(), prepared.envelope()), (4, envelope));
        let key = ImportKey::Scalar(random_key(CurveId::Secp256k1, &mut rng));
        let options = ImportOptions::new(CurveId::Secp256k1, keyport::Protocol::Cggmp21, 3);
        let direct = build_import_request_with_rng(
            &key,
            &signers,
            &options,
            &mut ChaCha20Rng::seed_from_u64(1),
        )
        .unwrap();
        let reused = build_import_request_with_rng(
            &key,
            &prepared,
            &options,
            &mut ChaCha20Rng::seed_from_u64(1),
        )
        .unwrap();
        assert_eq!(direct, reused);
        // The threshold is still checked against the prepared list.
        let mut bad = options.clone();
        bad.min_signers = 5;
        assert_eq!(
            build_import_request_with_rng(&key, &prepared, &bad, &mut rng).unwrap_err(),
            Error::InvalidThreshold { threshold: 5, n: 4 }
        );
    }
}
