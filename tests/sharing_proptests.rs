//! Property tests for splitting and reconstruction, written once and run on every curve.

mod common;

use keyport::curve::{Curve, Ed25519, Secp256k1, Stark};
use keyport::sharing::{
    DEFAULT_SEARCH_BOUND, Identifier, SecretShare, interpolate, reconstruct, reconstruct_robust,
    split, verify_share,
};
use keyport::{Error, SecretScalar};
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
        let r = reconstruct_robust(&shares, t, &pk, DEFAULT_SEARCH_BOUND).unwrap();
        assert!(r.secret == key);
        assert_eq!(r.bad_shares, vec![v]);
    } else {
        assert!(matches!(
            reconstruct_robust(&shares, t, &pk, DEFAULT_SEARCH_BOUND).unwrap_err(),
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
            max: keyport::sharing::MAX_SHARES
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

/// A robust reconstruct with a duplicated index among good shares still succeeds and names the
/// impostor.
fn duplicate_index_impostor<C: Curve>() {
    let mut rng = ChaCha20Rng::seed_from_u64(9);
    let key = SecretScalar::<C>::random(&mut rng);
    let d = split(&key, 3, 5, &mut rng).unwrap();
    let mut shares = d.shares().to_vec();
    let fake = SecretScalar::<C>::random(&mut rng);
    shares.push(SecretShare::new(shares[1].identifier(), *fake.expose()).unwrap());
    let r = reconstruct_robust(&shares, 3, &key.public_key(), DEFAULT_SEARCH_BOUND).unwrap();
    assert!(r.secret == key);
    assert_eq!(r.bad_shares, vec![5]);
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
