//! Criterion benches: import/recover against their "floor" (the unavoidable cryptography for the
//! same request, measured in the same run), and the sharing primitives.
//!
//! Ids: `import/<envelope>/<curve>/<n>` and `import-floor/…`; `recover/<envelope>/<curve>/<n>` and
//! `recover-floor/…`; `sharing/<op>/<curve>/<n>`. `scripts/bench-table.sh` turns them into ratios.

use std::hint::black_box;

use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ff::Field;
use group::GroupEncoding;
use hkdf::Hkdf;
use k256::{ProjectivePoint, Scalar as KScalar};
use keyport::api::{KeyExportResponse, KeyImportRequest, SignerInfo};
use keyport::hazmat::SecretScalar;
use keyport::hazmat::build_import_request_with_rng;
use keyport::hazmat::curve::{Curve, PointForm};
use keyport::hazmat::envelope::{Context, KeyConfig, hpke};
use keyport::hazmat::sharing::{self, SecretShare};
use keyport::signer::Cluster;
use keyport::{
    CurveId, DecryptionKey, EnvelopeKind, ExportContext, ImportKey, ImportOptions, Protocol,
};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sha2::Sha256;
use zeroize::Zeroizing;

const SEED: u64 = 8;

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(SEED)
}

fn env_name(e: EnvelopeKind) -> &'static str {
    e.as_str()
}

fn key_for(curve: CurveId, rng: &mut ChaCha20Rng) -> Zeroizing<[u8; 32]> {
    keyport::with_curve!(curve, C => SecretScalar::<C>::random(rng).to_be_bytes())
}

/// Which (protocol, curve, envelope, n) imports to measure.
fn import_matrix() -> Vec<(Protocol, CurveId, EnvelopeKind, usize)> {
    let mut m = Vec::new();
    for env in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
        for n in [3, 5, 10, 20, 50, 100] {
            m.push((Protocol::Cggmp21, CurveId::Secp256k1, env, n));
        }
        m.push((Protocol::Cggmp21, CurveId::Stark, env, 5));
        m.push((Protocol::Frost, CurveId::Ed25519, env, 5));
    }
    m
}

fn threshold(n: usize) -> usize {
    n / 2 + 1
}

fn id(env: EnvelopeKind, curve: CurveId) -> String {
    format!("{}/{}", env_name(env), curve.as_str())
}

// ---------------------------------------------------------------------------------------------
// Floors

/// HKDF-SHA256 as dfns-v1 uses it, over a compressed ECDH point.
fn dfns_kdf(shared: &ProjectivePoint) -> [u8; 32] {
    let ikm = shared.to_affine().to_bytes();
    let hk = Hkdf::<Sha256>::new(Some(b"DFNS_KEY_IMPORT"), &ikm);
    let mut okm = [0u8; 32];
    hk.expand(b"ENCRYPTION_KEY", &mut okm).expect("32 bytes");
    okm
}

/// One dfns-v1 envelope composed from k256/hkdf/aes-gcm: one G·e, one pk·e, HKDF, AES-GCM.
fn floor_dfns_seal(pk: &ProjectivePoint, e: &KScalar, plaintext: &mut Vec<u8>) -> usize {
    let epk = ProjectivePoint::mul_by_generator(e).to_affine().to_bytes();
    let key = dfns_kdf(&(*pk * e));
    let cipher = Aes256Gcm::new_from_slice(&key).expect("32-byte key");
    let tag = cipher
        .encrypt_inout_detached(&Nonce::default(), &[], plaintext.as_mut_slice().into())
        .expect("small plaintext");
    tag.len() + epk.len() + plaintext.len()
}

fn dfns_pks(cluster: &Cluster) -> Vec<ProjectivePoint> {
    cluster
        .signers()
        .iter()
        .map(|s| match s.decryption_key() {
            DecryptionKey::DfnsV1(sk) => {
                let bytes = sk.public_key().to_sec1_compressed();
                let pk = k256::PublicKey::from_sec1_bytes(&bytes).expect("valid key");
                pk.to_projective()
            }
            DecryptionKey::HpkeV1(_) => unreachable!("dfns-v1 cluster"),
        })
        .collect()
}

fn hpke_configs(cluster: &Cluster) -> Vec<KeyConfig> {
    cluster
        .signers()
        .iter()
        .map(|s| match s.decryption_key() {
            DecryptionKey::HpkeV1(sk) => sk.key_config(),
            DecryptionKey::DfnsV1(_) => unreachable!("hpke-v1 cluster"),
        })
        .collect()
}

fn fixed_context(curve: CurveId, protocol: Protocol, t: usize) -> Context {
    Context::import(
        curve,
        protocol,
        keyport::Threshold::for_signers(t, keyport::hazmat::sharing::MAX_SHARES).expect("t"),
        vec![7u8; 16],
        keyport::hazmat::sharing::ShareIndex::new(1).expect("index"),
        Vec::new(),
    )
}

/// The length of one real share plaintext, so that the floor encrypts as many bytes.
fn plaintext_len(request: &KeyImportRequest, env: EnvelopeKind) -> usize {
    use base64ct::{Base64, Encoding as _};
    let ct =
        Base64::decode_vec(&request.encrypted_key_shares[0].encrypted_key_share).expect("base64");
    match env {
        // AES-GCM || tag(16) || E(33)
        EnvelopeKind::DfnsV1 => ct.len() - 16 - 33,
        // version(1) || header(7) || enc(32, X25519) || ct || tag(16)
        EnvelopeKind::HpkeV1 => ct.len() - 1 - 7 - 32 - 16,
    }
}

#[allow(clippy::too_many_arguments)] // a bench fixture: every parameter is one axis of the matrix
fn floor_import<C: Curve>(
    env: EnvelopeKind,
    protocol: Protocol,
    n: usize,
    t: usize,
    plen: usize,
    dfns: &[ProjectivePoint],
    hpke_cfgs: &[KeyConfig],
    rng: &mut ChaCha20Rng,
) -> usize {
    let mut out = 0usize;
    match env {
        EnvelopeKind::DfnsV1 => {
            // n public shares G·s_i, then n envelopes.
            for _ in 0..n {
                let s = C::Scalar::random(&mut *rng);
                black_box(C::mul_base(&s));
            }
            for pk in dfns {
                let e = KScalar::random(&mut *rng);
                let mut pt = vec![0u8; plen];
                out += floor_dfns_seal(pk, &e, &mut pt);
            }
        }
        EnvelopeKind::HpkeV1 => {
            // t commitments G·a_k, then n HPKE seals.
            for _ in 0..t {
                let a = C::Scalar::random(&mut *rng);
                black_box(C::mul_base(&a));
            }
            let context = fixed_context(C::ID, protocol, t);
            let pt = vec![0u8; plen];
            for cfg in hpke_cfgs {
                out += hpke::seal(cfg, &context, &pt, rng).expect("seal").len();
            }
        }
    }
    out
}

fn bench_import(c: &mut Criterion) {
    let mut g = c.benchmark_group("import");
    let mut fg_data = Vec::new();
    for (protocol, curve, env, n) in import_matrix() {
        let t = threshold(n);
        let mut r = rng();
        let cluster = Cluster::generate(n, env, &mut r);
        let signers: Vec<SignerInfo> = cluster.list_signers().clusters.remove(0).signers;
        let key = ImportKey::Scalar(key_for(curve, &mut r));
        let options = ImportOptions::new(curve, protocol, t);
        let sample = build_import_request_with_rng(&key, &signers, &options, &mut r)
            .expect("import request");
        let plen = plaintext_len(&sample, env);
        g.bench_with_input(BenchmarkId::new(id(env, curve), n), &n, |b, _| {
            let mut r = rng();
            b.iter(|| {
                build_import_request_with_rng(&key, &signers, &options, &mut r).expect("import")
            })
        });
        fg_data.push((protocol, curve, env, n, t, plen, cluster));
    }
    g.finish();
    let mut g = c.benchmark_group("import-floor");
    for (protocol, curve, env, n, t, plen, cluster) in fg_data {
        let dfns = if env == EnvelopeKind::DfnsV1 {
            dfns_pks(&cluster)
        } else {
            Vec::new()
        };
        let cfgs = if env == EnvelopeKind::HpkeV1 {
            hpke_configs(&cluster)
        } else {
            Vec::new()
        };
        g.bench_with_input(BenchmarkId::new(id(env, curve), n), &n, |b, _| {
            let mut r = rng();
            b.iter(|| {
                keyport::with_curve!(curve, C => floor_import::<C>(
                    env, protocol, n, t, plen, &dfns, &cfgs, &mut r
                ))
            })
        });
    }
    g.finish();
}

// ---------------------------------------------------------------------------------------------
// Recover

struct RecoverCase {
    protocol: Protocol,
    curve: CurveId,
    env: EnvelopeKind,
    n: usize,
    ctx: ExportContext,
    response: KeyExportResponse,
    secret: Zeroizing<[u8; 32]>,
}

fn recover_cases() -> Vec<RecoverCase> {
    let mut out = Vec::new();
    let n = 5;
    for env in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
        for (protocol, curve) in [
            (Protocol::Cggmp21, CurveId::Secp256k1),
            (Protocol::Cggmp21, CurveId::Stark),
            (Protocol::Frost, CurveId::Ed25519),
        ] {
            let mut r = rng();
            let mut cluster = Cluster::generate(n, env, &mut r);
            let signers = cluster.list_signers().clusters.remove(0).signers;
            let secret = key_for(curve, &mut r);
            let options = ImportOptions::new(curve, protocol, threshold(n));
            let req = build_import_request_with_rng(
                &ImportKey::Scalar(secret.clone()),
                &signers,
                &options,
                &mut r,
            )
            .expect("import");
            cluster.accept_import("k", &req).expect("accept");
            let ctx = keyport::hazmat::export_context_with_rng(env, &mut r);
            let response = cluster
                .answer_export("k", &ctx.request(), &mut r)
                .expect("answer");
            out.push(RecoverCase {
                protocol,
                curve,
                env,
                n,
                ctx,
                response,
                secret,
            });
        }
    }
    out
}

fn bench_recover(c: &mut Criterion) {
    let cases = recover_cases();
    let mut g = c.benchmark_group("recover");
    for case in &cases {
        let expected = keyport::ExpectedKey::from_hex(case.curve, &case.response.public_key)
            .expect("expected key");
        let got = case
            .ctx
            .recover(&case.response, &expected)
            .expect("recover");
        assert_eq!(*got.secret, *case.secret);
        g.bench_with_input(
            BenchmarkId::new(id(case.env, case.curve), case.n),
            &case.n,
            |b, _| {
                b.iter(|| {
                    case.ctx
                        .recover(black_box(&case.response), &expected)
                        .expect("recover")
                })
            },
        );
    }
    g.finish();

    // Floor: n envelope opens, plus one G·s to check the key.
    let mut g = c.benchmark_group("recover-floor");
    for case in &cases {
        let mut r = rng();
        let plen = 64usize;
        let s = keyport::with_curve!(case.curve, C => C::scalar_to_be_bytes(&<C as Curve>::Scalar::random(&mut r)));
        match case.env {
            EnvelopeKind::DfnsV1 => {
                // Each open: one E·d (variable base), HKDF, AES-GCM decrypt.
                let items: Vec<(ProjectivePoint, KScalar, Vec<u8>, aes_gcm::Tag)> = (0..case.n)
                    .map(|_| {
                        let d = KScalar::random(&mut r);
                        let e = KScalar::random(&mut r);
                        let epk = ProjectivePoint::GENERATOR * e;
                        let key = dfns_kdf(&(epk * d));
                        let cipher = Aes256Gcm::new_from_slice(&key).expect("key");
                        let mut buf = vec![1u8; plen];
                        let tag = cipher
                            .encrypt_inout_detached(
                                &Nonce::default(),
                                &[],
                                buf.as_mut_slice().into(),
                            )
                            .expect("seal");
                        (epk, d, buf, tag)
                    })
                    .collect();
                let curve = case.curve;
                g.bench_with_input(
                    BenchmarkId::new(id(case.env, curve), case.n),
                    &case.n,
                    |b, _| {
                        b.iter(|| {
                            for (epk, d, ct, tag) in &items {
                                let key = dfns_kdf(&(*epk * d));
                                let cipher = Aes256Gcm::new_from_slice(&key).expect("key");
                                let mut buf = ct.clone();
                                cipher
                                    .decrypt_inout_detached(
                                        &Nonce::default(),
                                        &[],
                                        buf.as_mut_slice().into(),
                                        tag,
                                    )
                                    .expect("open");
                                black_box(buf);
                            }
                            keyport::with_curve!(curve, C => {
                                let s = C::scalar_from_be_bytes(&s).expect("scalar");
                                black_box(C::mul_base(&s));
                            });
                        })
                    },
                );
            }
            EnvelopeKind::HpkeV1 => {
                let context = fixed_context(case.curve, case.protocol, threshold(case.n));
                let items: Vec<(keyport::hazmat::envelope::HpkeSecretKey, Vec<u8>)> = (0..case.n)
                    .map(|_| {
                        let (sk, cfg) = keyport::hazmat::envelope::HpkeSecretKey::generate(
                            keyport::hazmat::envelope::Kem::X25519HkdfSha256,
                            &mut r,
                        );
                        let ct =
                            hpke::seal(&cfg, &context, &vec![1u8; plen], &mut r).expect("seal");
                        (sk, ct)
                    })
                    .collect();
                let curve = case.curve;
                g.bench_with_input(
                    BenchmarkId::new(id(case.env, curve), case.n),
                    &case.n,
                    |b, _| {
                        b.iter(|| {
                            for (sk, ct) in &items {
                                black_box(hpke::open(sk, &context, ct).expect("open"));
                            }
                            keyport::with_curve!(curve, C => {
                                let s = C::scalar_from_be_bytes(&s).expect("scalar");
                                black_box(C::mul_base(&s));
                            });
                        })
                    },
                );
            }
        }
    }
    g.finish();
}

// ---------------------------------------------------------------------------------------------
// Sharing primitives

fn bench_sharing_on<C: Curve>(c: &mut Criterion, n: usize) {
    let t = threshold(n);
    let mut r = rng();
    let secret = SecretScalar::<C>::random(&mut r);
    let pk = secret.public_key();
    let dealing = sharing::split(&secret, t, n, &mut r).expect("split");
    let commitments = dealing.commitments();
    let shares: Vec<SecretShare<C>> = dealing.shares().to_vec();
    let name = C::ID.as_str();
    let mut g = c.benchmark_group("sharing");
    g.bench_with_input(BenchmarkId::new(format!("split/{name}"), n), &n, |b, _| {
        let mut r = rng();
        b.iter(|| sharing::split(&secret, t, n, &mut r).expect("split"))
    });
    g.bench_with_input(
        BenchmarkId::new(format!("verify_share/{name}"), n),
        &n,
        |b, _| {
            b.iter(|| sharing::verify_share(black_box(&shares[0]), &commitments).expect("verify"))
        },
    );
    g.bench_with_input(
        BenchmarkId::new(format!("interpolate/{name}"), n),
        &n,
        |b, _| b.iter(|| sharing::interpolate(black_box(&shares[..t])).expect("interpolate")),
    );
    g.bench_with_input(
        BenchmarkId::new(format!("reconstruct/{name}"), n),
        &n,
        |b, _| {
            b.iter(|| sharing::reconstruct(black_box(&shares[..t]), t, &pk).expect("reconstruct"))
        },
    );
    let mut bad = shares.clone();
    bad[0] =
        SecretShare::new(bad[0].identifier(), *bad[0].value() + C::Scalar::ONE).expect("share");
    g.bench_with_input(
        BenchmarkId::new(format!("reconstruct_robust_1bad/{name}"), n),
        &n,
        |b, _| {
            b.iter(|| {
                let got = sharing::reconstruct_robust(
                    black_box(&bad),
                    t,
                    &pk,
                    sharing::DEFAULT_WORK_BOUND,
                )
                .expect("robust");
                assert_eq!(got.bad_shares, vec![0]);
                got
            })
        },
    );
    let _ = PointForm::Compressed;
    g.finish();
}

fn bench_sharing(c: &mut Criterion) {
    bench_sharing_on::<keyport::hazmat::curve::Secp256k1>(c, 5);
    bench_sharing_on::<keyport::hazmat::curve::Stark>(c, 5);
    bench_sharing_on::<keyport::hazmat::curve::Ed25519>(c, 5);
}

/// A worst-case hostile export response at n = 20, t = 10: nine colluders (fewer than t) send
/// shares of `f + g` for a random `g` with `g(0) = 0` (under hpke-v1 with that forged
/// dealing's commitments, which their shares verify against). dfns-v1 can then neither decode
/// nor find ten consistent shares early in the search, so the work budget is what stops it;
/// hpke-v1 adopts the honest dealing and names the nine. Either way recovery must finish in
/// well under 100 ms (issue 16).
fn hostile_response<C: Curve>(
    env: EnvelopeKind,
) -> (ExportContext, KeyExportResponse, keyport::ExpectedKey) {
    use keyport::api::EncryptedKeyShare;
    use keyport::hazmat::envelope::RecipientKey;
    use keyport::hazmat::payload::{dfns_v1 as dfns_payload, hpke_v1};
    let (n, t) = (20usize, 10usize);
    let mut r = rng();
    let key = SecretScalar::<C>::random(&mut r);
    let pk = key.public_key_bytes(PointForm::Compressed).expect("pk");
    let dealing = sharing::split(&key, t, n, &mut r).expect("split");
    let commitments = dealing.commitments();
    let g: Vec<C::Scalar> = std::iter::once(C::Scalar::ZERO)
        .chain((1..t).map(|_| C::Scalar::random(&mut r)))
        .collect();
    let forged_points: Vec<C::Point> = commitments
        .points()
        .iter()
        .zip(&g)
        .map(|(c, gk)| *c + C::mul_base(gk))
        .collect();
    let honest_bytes = hpke_v1::encode_commitments(&commitments).expect("commitments");
    let forged_bytes = hpke_v1::encode_commitments(
        &sharing::Commitments::<C>::new(forged_points).expect("forged"),
    )
    .expect("commitments");
    let ctx = keyport::hazmat::export_context_with_rng(env, &mut r);
    let recipient = RecipientKey::from_base64(&ctx.request().encryption_key).expect("recipient");
    let protocol = if C::ID == CurveId::Ed25519 {
        Protocol::Frost
    } else {
        Protocol::Cggmp21
    };
    let threshold = sharing::Threshold::for_signers(t, n).expect("t");
    let items = dealing
        .shares()
        .iter()
        .enumerate()
        .map(|(i, share)| {
            let share = if i < t - 1 {
                let x = share.identifier().to_scalar();
                let gx = g.iter().rev().fold(C::Scalar::ZERO, |acc, c| acc * x + c);
                SecretShare::new(share.identifier(), *share.value() + gx).expect("share")
            } else {
                share.clone()
            };
            let plaintext = match env {
                EnvelopeKind::DfnsV1 => dfns_payload::encode_export_share(&share),
                EnvelopeKind::HpkeV1 => {
                    let bytes = if i < t - 1 {
                        &forged_bytes
                    } else {
                        &honest_bytes
                    };
                    hpke_v1::encode(&share, keyport::Threshold::new(t).unwrap(), bytes, None)
                        .expect("payload")
                }
            };
            let id = vec![0x40, i as u8];
            let context = Context::export(C::ID, protocol, threshold, id.clone(), pk.clone());
            let ct = keyport::hazmat::envelope::seal(&recipient, &context, &plaintext, &mut r)
                .expect("seal");
            EncryptedKeyShare {
                encrypted_key_share: keyport_hotpath::base64::encode(&ct),
                signer_id: keyport_hotpath::base64::encode(&id),
            }
        })
        .collect();
    let response = KeyExportResponse {
        public_key: hex::encode(&pk),
        min_signers: t as u32,
        protocol: protocol.as_str().into(),
        curve: C::ID.as_str().into(),
        encrypted_key_shares: items,
    };
    let expected = keyport::ExpectedKey::new(C::ID, &pk).expect("expected");
    (ctx, response, expected)
}

fn bench_hostile(c: &mut Criterion) {
    let mut g = c.benchmark_group("recover_hostile");
    for env in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
        for curve in [CurveId::Secp256k1, CurveId::Stark, CurveId::Ed25519] {
            let (ctx, response, expected) =
                keyport::with_curve!(curve, C => hostile_response::<C>(env));
            let outcome = ctx.recover(&response, &expected);
            if env == EnvelopeKind::HpkeV1 {
                assert_eq!(outcome.expect("hpke-v1 recovers").bad_signers.len(), 9);
            }
            g.bench_with_input(BenchmarkId::new(id(env, curve), 20), &20, |b, _| {
                b.iter(|| {
                    let _ = black_box(ctx.recover(black_box(&response), &expected));
                })
            });
        }
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_import,
    bench_recover,
    bench_sharing,
    bench_hostile
);
criterion_main!(benches);
