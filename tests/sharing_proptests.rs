//! Property tests for splitting and reconstruction, written once and run on every curve.

mod common;

use ff::Field as _;
use keyport::Error;
use keyport::hazmat::SecretScalar;
use keyport::hazmat::curve::{Curve, Ed25519, Secp256k1, Stark};
use keyport::hazmat::sharing::{
    Blame, DEFAULT_WORK_BOUND, Identifier, SecretShare, interpolate, reconstruct,
    reconstruct_robust, split, verify_share,
};
use proptest::prelude::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

/// Every k-subset of 0..n, or `limit` pseudo-random ones when there are more.
fn subsets(n: usize, k: usize, limit: usize, rng: &mut ChaCha20Rng) -> Vec<Vec<usize>> {
    let mut all = Vec::new();
    let mut c: Vec<usize> = (0..k).collect();
    loop {
        all.push(c.clone());
        if all.len() > limit {
            break;
        }
        let mut i = k;
        let mut advanced = false;
        while i > 0 {
            i -= 1;
            if c[i] < n - k + i {
                c[i] += 1;
                for j in i + 1..k {
                    c[j] = c[j - 1] + 1;
                }
                advanced = true;
                break;
            }
        }
        if !advanced {
            return all;
        }
    }
    // Too many to enumerate: sample.
    use rand_core::Rng;
    (0..limit)
        .map(|_| {
            let mut idx: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                let j = (rng.next_u32() as usize) % (i + 1);
                idx.swap(i, j);
            }
            let mut s = idx[..k].to_vec();
            s.sort();
            s
        })
        .collect()
}

fn pick<C: Curve>(shares: &[SecretShare<C>], idx: &[usize]) -> Vec<SecretShare<C>> {
    idx.iter().map(|&i| shares[i].clone()).collect()
}

fn check_sharing<C: Curve>(seed: u64, t: usize, n: usize) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let key = SecretScalar::<C>::random(&mut rng);
    let pk = key.public_key();
    let dealing = split(&key, t, n, &mut rng).unwrap();
    let commitments = dealing.commitments();
    assert_eq!(commitments.threshold(), t);
    assert_eq!(commitments.public_key(), &pk);
    let shares = dealing.shares();
    assert_eq!(shares.len(), n);
    let public_shares = dealing.public_shares();
    for (i, share) in shares.iter().enumerate() {
        assert_eq!(share.identifier().as_index(), Some(i as u16 + 1));
        verify_share(share, &commitments).unwrap();
        assert_eq!(commitments.evaluate(&share.identifier()), public_shares[i]);
    }
    // Every t-subset interpolates to the key (field arithmetic only, so we can afford many);
    // a few of them go through the checked path too.
    for (k, sub) in subsets(n, t, 300, &mut rng).iter().enumerate() {
        let s = pick(shares, sub);
        assert_eq!(*interpolate(&s).unwrap(), *key.expose());
        if k < 5 {
            assert!(reconstruct(&s, t, &pk).unwrap() == key);
        }
    }
    // Every (t-1)-subset fails the checked reconstruct: too few for threshold t, and a wrong
    // key (never returned) when the caller understates the threshold.
    for sub in subsets(n, t - 1, 20, &mut rng) {
        let s = pick(shares, &sub);
        assert_eq!(
            reconstruct(&s, t, &pk).unwrap_err(),
            Error::NotEnoughShares {
                got: t - 1,
                needed: t
            }
        );
        if t > 2 {
            assert_eq!(
                reconstruct(&s, t - 1, &pk).unwrap_err(),
                Error::PublicKeyMismatch
            );
        }
    }
}

fn check_tampered_share_is_named<C: Curve>(seed: u64, t: usize, n: usize, victim: usize) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let key = SecretScalar::<C>::random(&mut rng);
    let pk = key.public_key();
    let dealing = split(&key, t, n, &mut rng).unwrap();
    let commitments = dealing.commitments();
    let mut shares = dealing.shares().to_vec();
    let v = victim % n;
    let bad = SecretShare::new(
        shares[v].identifier(),
        *shares[v].value() + C::Scalar::from(1u64),
    )
    .unwrap();
    shares[v] = bad;
    assert_eq!(
        verify_share(&shares[v], &commitments).unwrap_err(),
        Error::ShareVerificationFailed {
            index: Some(v as u64 + 1)
        }
    );
    if n > t {
        let r = reconstruct_robust(&shares, t, &pk, DEFAULT_WORK_BOUND).unwrap();
        assert!(r.secret == key);
        // Named only when no explanation with fewer than t colluders spares it (SPEC §8.2).
        if 2 * t < n + 2 {
            assert_eq!(r.bad_shares, vec![v]);
            assert_eq!(r.blame, Blame::Unambiguous);
        } else {
            assert!(r.bad_shares.is_empty());
            assert_eq!(r.blame, Blame::Ambiguous { off: 1 });
        }
    } else {
        assert!(matches!(
            reconstruct_robust(&shares, t, &pk, DEFAULT_WORK_BOUND).unwrap_err(),
            Error::ReconstructionFailed { .. }
        ));
    }
    assert_eq!(
        reconstruct(&shares, t, &pk).unwrap_err(),
        Error::PublicKeyMismatch
    );
}

fn threshold_and_n() -> impl Strategy<Value = (usize, usize)> {
    (2usize..=20).prop_flat_map(|n| (2usize..=n, Just(n)))
}

macro_rules! curve_props {
    ($name:ident, $curve:ty) => {
        mod $name {
            use super::*;
            proptest! {
                #![proptest_config(ProptestConfig::with_cases(12))]
                #[test]
                fn split_verify_reconstruct(seed in any::<u64>(), (t, n) in threshold_and_n()) {
                    check_sharing::<$curve>(seed, t, n);
                }
                #[test]
                fn tampered_share_is_named(seed in any::<u64>(), (t, n) in threshold_and_n(), victim in any::<usize>()) {
                    check_tampered_share_is_named::<$curve>(seed, t, n, victim);
                }
            }
        }
    };
}

curve_props!(secp256k1, Secp256k1);
curve_props!(ed25519, Ed25519);
curve_props!(stark, Stark);

fn negative_inputs<C: Curve>() {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let key = SecretScalar::<C>::random(&mut rng);
    assert_eq!(
        split(&key, 1, 3, &mut rng).unwrap_err(),
        Error::InvalidThreshold { threshold: 1, n: 3 }
    );
    assert_eq!(
        split(&key, 4, 3, &mut rng).unwrap_err(),
        Error::InvalidThreshold { threshold: 4, n: 3 }
    );
    assert_eq!(
        split(&key, 2, 0, &mut rng).unwrap_err(),
        Error::InvalidThreshold { threshold: 2, n: 0 }
    );
    assert_eq!(
        split(&key, 2, 5000, &mut rng).unwrap_err(),
        Error::TooManyShares {
            n: 5000,
            max: keyport::hazmat::sharing::MAX_SHARES
        }
    );
    let d = split(&key, 2, 3, &mut rng).unwrap();
    let dup = vec![d.shares()[0].clone(), d.shares()[0].clone()];
    assert_eq!(interpolate(&dup).unwrap_err(), Error::DuplicateShareIndex);
    assert_eq!(
        reconstruct(&dup, 2, &key.public_key()).unwrap_err(),
        Error::DuplicateShareIndex
    );
    assert_eq!(
        Identifier::<C>::from_index(0).unwrap_err(),
        Error::ZeroScalar
    );
    assert_eq!(
        SecretShare::new(
            Identifier::<C>::from_index(1).unwrap(),
            C::Scalar::from(0u64)
        )
        .unwrap_err(),
        Error::ZeroScalar
    );
    // Shares from a different key never reconstruct to the wrong key.
    let other = SecretScalar::<C>::random(&mut rng);
    assert_eq!(
        reconstruct(d.shares(), 2, &other.public_key()).unwrap_err(),
        Error::PublicKeyMismatch
    );
    // Debug never shows the secret.
    let dbg = format!("{:?} {:?} {:?}", key, d.shares()[0], d);
    assert!(dbg.contains("redacted"));
    assert!(!dbg.contains(&hex::encode(key.to_be_bytes().as_slice())));
}
for_each_curve!(negative_inputs);

/// A robust reconstruct with a duplicated index still succeeds; the two claimants of the
/// index are set aside unjudged (which one lies cannot be told).
fn duplicate_index_impostor<C: Curve>() {
    let mut rng = ChaCha20Rng::seed_from_u64(9);
    let key = SecretScalar::<C>::random(&mut rng);
    let d = split(&key, 3, 5, &mut rng).unwrap();
    let mut shares = d.shares().to_vec();
    let fake = SecretScalar::<C>::random(&mut rng);
    shares.push(SecretShare::new(shares[1].identifier(), *fake.expose()).unwrap());
    let r = reconstruct_robust(&shares, 3, &key.public_key(), DEFAULT_WORK_BOUND).unwrap();
    assert!(r.secret == key);
    assert!(r.bad_shares.is_empty());
    assert_eq!(r.colliding, vec![1, 5]);
}
for_each_curve!(duplicate_index_impostor);

/// vsss-rs, an independent implementation, combines our shares to the same secret.
#[test]
fn vsss_rs_cross_check() {
    use vsss_rs::{DefaultShare, IdentifierPrimeField, ValuePrimeField};
    type S = DefaultShare<IdentifierPrimeField<k256::Scalar>, ValuePrimeField<k256::Scalar>>;
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let key = SecretScalar::<Secp256k1>::random(&mut rng);
    let d = split(&key, 3, 5, &mut rng).unwrap();
    let theirs: Vec<S> = d.shares()[1..4]
        .iter()
        .map(|s| S {
            identifier: IdentifierPrimeField(s.identifier().to_scalar()),
            value: IdentifierPrimeField(*s.value()),
        })
        .collect();
    let combined = vsss_rs::combine_iter(theirs).unwrap();
    assert_eq!(combined.0, *key.expose());
}

// ---------------------------------------------------------------------------------------------
// Collusion: fewer than t signers corrupt their shares, with corruptions chosen to cancel.
// The client either recovers the expected key naming only colluders, or refuses; it never
// returns another key and never names an honest signer.
// ---------------------------------------------------------------------------------------------

/// `Σ a_k x^k`.
fn eval<C: Curve>(coeffs: &[C::Scalar], x: &C::Scalar) -> C::Scalar {
    coeffs
        .iter()
        .rev()
        .fold(C::Scalar::from(0u64), |acc, c| acc * x + c)
}

/// A random non-zero scalar.
fn nonzero<C: Curve>(rng: &mut ChaCha20Rng) -> C::Scalar {
    *SecretScalar::<C>::random(rng).expose()
}

/// How the colluders corrupt their shares (all of them together).
#[derive(Clone, Copy, Debug)]
enum Attack {
    /// Each colluder sends a random value.
    Random,
    /// Colluders add `g(x)` with `g(0) = 0` and `g` zero at up to `t - 2` honest x: the
    /// polynomial through them and those honest shares has the right secret.
    Cancel,
    /// Colluders in the first `t` positions shift their values so that the Lagrange sum of
    /// the first subset is unchanged (the attack on "first subset wins").
    FirstSubset,
    /// Each colluder claims an honest signer's index with a random value.
    StealIndex,
}

fn attack() -> impl Strategy<Value = Attack> {
    prop_oneof![
        Just(Attack::Random),
        Just(Attack::Cancel),
        Just(Attack::FirstSubset),
        Just(Attack::StealIndex)
    ]
}

/// `(t, n, colluders)`: 2 <= t <= n <= 9, colluders a set of fewer than t positions.
fn collusion_shape() -> impl Strategy<Value = (usize, usize, Vec<usize>)> {
    (2usize..=9)
        .prop_flat_map(|n| (2usize..=n, Just(n)))
        .prop_flat_map(|(t, n)| {
            (
                Just(t),
                Just(n),
                proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 0..t),
            )
        })
}

/// Corrupt `shares` at `colluders` with `attack`; returns the positions whose share changed.
fn corrupt<C: Curve>(
    shares: &mut [SecretShare<C>],
    t: usize,
    colluders: &[usize],
    attack: Attack,
    rng: &mut ChaCha20Rng,
) -> Vec<usize> {
    let n = shares.len();
    let honest: Vec<usize> = (0..n).filter(|i| !colluders.contains(i)).collect();
    let x = |i: usize| shares[i].identifier().to_scalar();
    let deltas: Vec<(usize, C::Scalar)> = match attack {
        Attack::Random | Attack::StealIndex => colluders
            .iter()
            .map(|&c| (c, nonzero::<C>(rng) - shares[c].value()))
            .collect(),
        Attack::Cancel => {
            // g(x) = k·x·Π (x - x_h) over up to t - 2 honest h.
            let roots: Vec<C::Scalar> = honest
                .iter()
                .take(t.saturating_sub(2))
                .map(|&h| x(h))
                .collect();
            let k = nonzero::<C>(rng);
            colluders
                .iter()
                .map(|&c| {
                    let xc = x(c);
                    let g = roots.iter().fold(k * xc, |acc, r| acc * (xc - r));
                    (c, g)
                })
                .collect()
        }
        Attack::FirstSubset => {
            // Lagrange weights at 0 of the first t positions.
            let first: Vec<usize> = (0..t).collect();
            let lambda = |i: usize| {
                first
                    .iter()
                    .filter(|&&j| j != i)
                    .fold(C::Scalar::from(1u64), |acc, &j| {
                        acc * x(j) * Option::<C::Scalar>::from((x(j) - x(i)).invert()).unwrap()
                    })
            };
            let inside: Vec<usize> = colluders.iter().copied().filter(|c| *c < t).collect();
            let mut out: Vec<(usize, C::Scalar)> = Vec::new();
            if let Some((&last, rest)) = inside.split_last() {
                let mut sum = C::Scalar::from(0u64);
                for &c in rest {
                    let d = nonzero::<C>(rng);
                    sum += lambda(c) * d;
                    out.push((c, d));
                }
                if !rest.is_empty() {
                    let inv = Option::<C::Scalar>::from(lambda(last).invert()).unwrap();
                    out.push((last, -(sum * inv)));
                }
            }
            for &c in colluders.iter().filter(|c| **c >= t) {
                out.push((c, nonzero::<C>(rng)));
            }
            out
        }
    };
    let mut changed = Vec::new();
    for (c, d) in deltas {
        let id = if let (Attack::StealIndex, Some(&h)) = (attack, honest.first()) {
            shares[h].identifier()
        } else {
            shares[c].identifier()
        };
        let value = *shares[c].value() + d;
        if bool::from(value.is_zero()) {
            continue;
        }
        if value != *shares[c].value() || id != shares[c].identifier() {
            changed.push(c);
        }
        shares[c] = SecretShare::new(id, value).unwrap();
    }
    changed.sort_unstable();
    changed
}

fn check_collusion_dfns<C: Curve>(
    seed: u64,
    t: usize,
    n: usize,
    colluders: &[usize],
    attack: Attack,
) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let key = SecretScalar::<C>::random(&mut rng);
    let pk = key.public_key();
    let dealing = split(&key, t, n, &mut rng).unwrap();
    let mut shares = dealing.shares().to_vec();
    let changed = corrupt(&mut shares, t, colluders, attack, &mut rng);
    match reconstruct_robust(&shares, t, &pk, DEFAULT_WORK_BOUND) {
        Ok(r) => {
            assert!(r.secret == key, "another key");
            assert!(
                r.bad_shares.iter().all(|b| changed.contains(b)),
                "named an honest share: bad {:?}, changed {changed:?}",
                r.bad_shares
            );
            if r.blame == Blame::Unambiguous {
                let judged: Vec<usize> = changed
                    .iter()
                    .copied()
                    .filter(|c| !r.colliding.contains(c))
                    .collect();
                assert_eq!(r.bad_shares, judged, "unambiguous blame misses a colluder");
            } else {
                assert!(r.bad_shares.is_empty());
            }
        }
        Err(e) => {
            assert!(
                matches!(
                    e,
                    Error::ReconstructionFailed { .. }
                        | Error::SearchBoundExceeded { .. }
                        | Error::NotEnoughShares { .. }
                ),
                "{e:?}"
            );
            // Within the decoding radius recovery is guaranteed.
            let c = changed.len();
            assert!(
                !(matches!(
                    attack,
                    Attack::Random | Attack::Cancel | Attack::FirstSubset
                ) && n >= 2 * c + t),
                "refused within the decoding radius: {e:?}"
            );
        }
    }
}

/// The export path: `n` signers answer; the colluders' ciphertexts carry corrupted payloads,
/// sealed to the client like any signer's. hpke-v1 payloads carry commitments and a chain
/// code, which colluders also forge (a whole dealing `f + g` with `g(0) = 0` whose
/// commitments their shares verify against, or another chain code).
fn check_collusion_export<C: Curve>(
    envelope: keyport::EnvelopeKind,
    seed: u64,
    t: usize,
    n: usize,
    colluders: &[usize],
    attack: Attack,
    forge_dealing: bool,
) {
    use keyport::EnvelopeKind;
    use keyport::ExpectedKey;
    use keyport::api::{EncryptedKeyShare, KeyExportResponse};
    use keyport::hazmat::curve::PointForm;
    use keyport::hazmat::envelope::{Context, RecipientKey};
    use keyport::hazmat::payload::{dfns_v1 as dfns_payload, hpke_v1};
    use keyport::hazmat::sharing::Commitments;

    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let protocol = if C::ID == keyport::CurveId::Ed25519 {
        "FROST"
    } else {
        "CGGMP21"
    };
    let key = SecretScalar::<C>::random(&mut rng);
    let pk_bytes = key.public_key_bytes(PointForm::Compressed).unwrap();
    let chain_code = [0x5au8; 32];
    let dealing = split(&key, t, n, &mut rng).unwrap();
    let commitments = dealing.commitments();
    let honest_bytes = hpke_v1::encode_commitments(&commitments).unwrap();
    let mut shares = dealing.shares().to_vec();
    let changed = corrupt(&mut shares, t, colluders, attack, &mut rng);
    // The colluders' forged dealing: f + g for a random g with g(0) = 0. Its commitments have
    // C_0 = the real key, and the colluders' shares of it verify against them.
    let forged: Option<(Vec<u8>, Vec<SecretShare<C>>)> = forge_dealing.then(|| {
        let g: Vec<C::Scalar> = std::iter::once(C::Scalar::from(0u64))
            .chain((1..t).map(|_| nonzero::<C>(&mut rng)))
            .collect();
        let points: Vec<C::Point> = commitments
            .points()
            .iter()
            .zip(&g)
            .map(|(c, gk)| *c + C::mul_base(gk))
            .collect();
        let bytes = hpke_v1::encode_commitments(&Commitments::<C>::new(points).unwrap()).unwrap();
        let shares = dealing
            .shares()
            .iter()
            .map(|s| {
                let x = s.identifier().to_scalar();
                SecretShare::new(s.identifier(), *s.value() + eval::<C>(&g, &x)).unwrap()
            })
            .collect();
        (bytes, shares)
    });
    let ctx = keyport::hazmat::export_context_with_rng(envelope, &mut rng);
    let recipient = RecipientKey::from_base64(&ctx.request().encryption_key).unwrap();
    let ids: Vec<Vec<u8>> = (0..n).map(|i| vec![0x10, i as u8 + 1]).collect();
    let mut changed = changed;
    let items: Vec<EncryptedKeyShare> = (0..n)
        .map(|i| {
            let colluding = colluders.contains(&i);
            let plaintext = match envelope {
                EnvelopeKind::DfnsV1 => dfns_payload::encode_export_share(&shares[i]),
                EnvelopeKind::HpkeV1 => match (&forged, colluding) {
                    (Some((bytes, fshares)), true) => {
                        if !changed.contains(&i) {
                            changed.push(i);
                        }
                        hpke_v1::encode(
                            &fshares[i],
                            keyport::Threshold::new(t).unwrap(),
                            bytes,
                            Some(&chain_code),
                        )
                        .unwrap()
                    }
                    _ => hpke_v1::encode(
                        &shares[i],
                        keyport::Threshold::new(t).unwrap(),
                        &honest_bytes,
                        Some(&chain_code),
                    )
                    .unwrap(),
                },
            };
            let context = Context::export(
                C::ID,
                protocol.parse().unwrap(),
                keyport::Threshold::for_signers(t, keyport::hazmat::sharing::MAX_SHARES).unwrap(),
                ids[i].clone(),
                pk_bytes.clone(),
            );
            let ct = keyport::hazmat::envelope::seal(&recipient, &context, &plaintext, &mut rng)
                .unwrap();
            EncryptedKeyShare {
                // Standard padded base64, the same encoding as a signer id.
                encrypted_key_share: keyport_hotpath::base64::encode(&ct),
                signer_id: keyport_hotpath::base64::encode(&ids[i]),
            }
        })
        .collect();
    changed.sort_unstable();
    let response = KeyExportResponse {
        public_key: hex::encode(&pk_bytes),
        min_signers: t as u32,
        protocol: protocol.into(),
        curve: C::ID.as_str().into(),
        encrypted_key_shares: items,
    };
    let expected = ExpectedKey::new(C::ID, &pk_bytes).unwrap();
    let names = |pos: &[usize]| -> Vec<String> {
        let mut v: Vec<String> = pos
            .iter()
            .map(|&i| keyport_hotpath::base64::encode(&ids[i]))
            .collect();
        v.sort();
        v
    };
    let honest_count = n - colluders.len();
    match ctx.recover(&response, &expected) {
        Ok(r) => {
            assert_eq!(&r.secret[..], &key.to_be_bytes()[..], "another key");
            assert_eq!(r.public_key, pk_bytes);
            let changed_names = names(&changed);
            assert!(
                r.bad_signers.iter().all(|b| changed_names.contains(b)),
                "named an honest signer: {:?} vs {changed_names:?}",
                r.bad_signers
            );
            if envelope == EnvelopeKind::HpkeV1 {
                // Every forged or corrupted payload is off the real dealing and named, unless
                // fewer than t - 1 honest shares let the colluders' shares sit on another
                // polynomial with the same secret (then the key is still right and nobody
                // honest is named).
                if honest_count + 1 >= t {
                    assert_eq!(r.bad_signers, changed_names);
                }
                assert_eq!(r.chain_code.as_deref(), Some(&chain_code));
            }
        }
        Err(e) => {
            assert!(matches!(e, Error::ExportFailed { .. }), "{e:?}");
            if envelope == EnvelopeKind::HpkeV1 {
                assert!(
                    honest_count < t,
                    "hpke-v1 refused with {honest_count} honest of t = {t}: {e:?}"
                );
            }
        }
    }
}

macro_rules! collusion_props {
    ($name:ident, $curve:ty) => {
        mod $name {
            use super::*;
            proptest! {
                #![proptest_config(ProptestConfig::with_cases(64))]
                #[test]
                fn dfns_v1_reconstruction(seed in any::<u64>(), (t, n, colluders) in collusion_shape(), attack in attack()) {
                    check_collusion_dfns::<$curve>(seed, t, n, &colluders, attack);
                }
            }
            proptest! {
                #![proptest_config(ProptestConfig::with_cases(24))]
                #[test]
                fn export_both_envelopes(seed in any::<u64>(), (t, n, colluders) in collusion_shape(), attack in attack(), forge in any::<bool>(), hpke in any::<bool>()) {
                    let envelope = if hpke {
                        keyport::EnvelopeKind::HpkeV1
                    } else {
                        keyport::EnvelopeKind::DfnsV1
                    };
                    check_collusion_export::<$curve>(envelope, seed, t, n, &colluders, attack, forge);
                }
            }
        }
    };
}

mod collusion {
    use super::*;
    collusion_props!(secp256k1, Secp256k1);
    collusion_props!(ed25519, Ed25519);
    collusion_props!(stark, Stark);
}
