use super::*;
use crate::curve::{Ed25519, Secp256k1};
use alloc::vec;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

fn round_trip<C: Curve>() {
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let key = SecretScalar::<C>::random(&mut rng);
    let d = split(&key, 3, 5, &mut rng).unwrap();
    let pk = key.public_key();
    assert_eq!(d.commitments().public_key(), &pk);
    let r = reconstruct(&d.shares()[2..5], 3, &pk).unwrap();
    assert!(r == key);
    assert_eq!(
        reconstruct(&d.shares()[..2], 3, &pk).unwrap_err(),
        Error::NotEnoughShares { got: 2, needed: 3 }
    );
}

#[test]
fn round_trip_secp256k1() {
    round_trip::<Secp256k1>();
}

#[test]
fn round_trip_ed25519() {
    round_trip::<Ed25519>();
}

#[test]
fn combinations_enumerate_all() {
    let mut c = [0, 1, 2];
    let mut seen = vec![c];
    while next_combination(&mut c, 6) {
        assert!(c.windows(2).all(|w| w[0] < w[1]) && c[2] < 6, "{c:?}");
        seen.push(c);
    }
    assert_eq!(seen.len(), 20);
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 20, "every 3-subset of 0..6 exactly once");
    // Colexicographic: all subsets of the first four positions come first.
    let mut c = [0, 1, 2];
    let mut order = vec![c];
    while next_combination(&mut c, 6) {
        order.push(c);
    }
    assert!(order[..4].iter().all(|s| s[2] < 4));
    assert_eq!(order[4], [0, 1, 4]);
    assert_eq!(binomial(6, 3), 20);
    assert_eq!(binomial(100, 50), 100891344545564193334812497256);
}

#[test]
fn as_index_only_for_small_integers() {
    let i = Identifier::<Secp256k1>::from_index(513).unwrap();
    assert_eq!(i.as_index(), Some(513));
    let big = Identifier::<Secp256k1>::from_scalar(-k256::Scalar::ONE).unwrap();
    assert_eq!(big.as_index(), None);
    assert_eq!(
        Identifier::<Secp256k1>::from_index(0).unwrap_err(),
        Error::ZeroScalar
    );
}

fn commitments_round_trip<C: Curve>() {
    let mut rng = ChaCha20Rng::seed_from_u64(11);
    let key = SecretScalar::<C>::random(&mut rng);
    for t in 2..6 {
        let d = split(&key, t, 7, &mut rng).unwrap();
        let pubs = d.public_shares();
        let pairs: Vec<_> = d.shares()[7 - t..]
            .iter()
            .zip(&pubs[7 - t..])
            .map(|(s, p)| (s.identifier(), *p))
            .collect();
        assert_eq!(
            commitments_from_public_shares::<C>(&pairs).unwrap(),
            d.commitments()
        );
    }
    // x = 1..=t takes the Newton path; x = 2..=t+1 the Lagrange one; both must agree with the
    // dealer's commitments.
    for t in 2..=12 {
        let d = split(&key, t, t + 1, &mut rng).unwrap();
        let pubs = d.public_shares();
        for start in [0, 1] {
            let pairs: Vec<_> = d.shares()[start..start + t]
                .iter()
                .zip(&pubs[start..start + t])
                .map(|(s, p)| (s.identifier(), *p))
                .collect();
            assert_eq!(
                commitments_from_public_shares::<C>(&pairs).unwrap(),
                d.commitments(),
                "t={t} start={start}"
            );
        }
    }
}

#[test]
fn commitments_from_public_shares_all_curves() {
    commitments_round_trip::<Secp256k1>();
    commitments_round_trip::<Ed25519>();
    commitments_round_trip::<crate::curve::Stark>();
}

fn index_multiplication_matches_scalar_multiplication<C: Curve>() {
    let mut rng = ChaCha20Rng::seed_from_u64(11);
    let p = C::mul_base(SecretScalar::<C>::random(&mut rng).expose());
    for index in [1u16, 2, 3, 7, 255, 256, 4096, 65534, 65535] {
        let x = Identifier::<C>::from_index(index).unwrap().to_scalar();
        assert_eq!(mul_by_index::<C>(&p, index), p * x, "index {index}");
    }
    // `evaluate` agrees with the textbook sum for index and non-index identifiers alike.
    let key = SecretScalar::<C>::random(&mut rng);
    let commitments = split(&key, 4, 6, &mut rng).unwrap().commitments();
    let big = Identifier::<C>::from_scalar(C::Scalar::random(&mut rng)).unwrap();
    for x in [Identifier::<C>::from_index(5).unwrap(), big] {
        let xs = x.to_scalar();
        let mut power = C::Scalar::ONE;
        let mut expected = C::Point::identity();
        for c in commitments.points() {
            expected += *c * power;
            power *= xs;
        }
        assert_eq!(commitments.evaluate(&x), expected);
    }
}

#[test]
fn index_multiplication_all_curves() {
    index_multiplication_matches_scalar_multiplication::<Secp256k1>();
    index_multiplication_matches_scalar_multiplication::<Ed25519>();
    index_multiplication_matches_scalar_multiplication::<crate::curve::Stark>();
}

#[test]
fn interpolate_first_names_later_shares_off_the_polynomial() {
    let mut rng = ChaCha20Rng::seed_from_u64(12);
    let key = SecretScalar::<Secp256k1>::random(&mut rng);
    let d = split(&key, 3, 6, &mut rng).unwrap();
    let mut shares = d.shares().to_vec();
    let (secret, off) = interpolate_first(&shares, 3).unwrap();
    assert_eq!(*secret, *key.expose());
    assert!(off.is_empty());
    shares[4] = SecretShare::new(
        shares[4].identifier(),
        *shares[4].value() + k256::Scalar::ONE,
    )
    .unwrap();
    assert_eq!(interpolate_first(&shares, 3).unwrap().1, alloc::vec![4]);
    assert_eq!(
        interpolate_first(&shares[..2], 3).unwrap_err(),
        Error::NotEnoughShares { got: 2, needed: 3 }
    );
    assert!(matches!(
        interpolate_first(&shares, 1).unwrap_err(),
        Error::InvalidThreshold { threshold: 1, .. }
    ));
}

fn public_shares_are_g_times_shares<C: Curve>() {
    let mut rng = ChaCha20Rng::seed_from_u64(13);
    let key = SecretScalar::<C>::random(&mut rng);
    // Both sides of the differences/direct switch, t = n, t = 2, and a long run.
    for (t, n) in [
        (2, 2),
        (2, 3),
        (3, 5),
        (5, 5),
        (4, 20),
        (11, 20),
        (26, 50),
        (51, 100),
    ] {
        let d = split(&key, t, n, &mut rng).unwrap();
        let expected: Vec<C::Point> = d.shares().iter().map(|s| C::mul_base(s.value())).collect();
        assert_eq!(d.public_shares(), expected, "t={t} n={n}");
    }
}

#[test]
fn public_shares_all_curves() {
    public_shares_are_g_times_shares::<Secp256k1>();
    public_shares_are_g_times_shares::<Ed25519>();
    public_shares_are_g_times_shares::<crate::curve::Stark>();
}

/// One bad share at n = 20, t = 10 is decoded directly (Reed–Solomon, no subset search):
/// two decodings and one `G·s` fit a budget of two decodings plus one multiplication.
#[test]
fn one_bad_share_is_decoded_without_a_search() {
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    let key = SecretScalar::<Secp256k1>::random(&mut rng);
    let pk = key.public_key();
    let (t, n) = (10, 20);
    let d = split(&key, t, n, &mut rng).unwrap();
    let budget = 2 * decode::gao_cost(n) + 2 * n as u64 + MUL_BASE_WORK;
    for victim in [0, 5, 9, 10, 19] {
        let mut shares = d.shares().to_vec();
        shares[victim] = SecretShare::new(
            shares[victim].identifier(),
            *shares[victim].value() + k256::Scalar::ONE,
        )
        .unwrap();
        let r = reconstruct_robust(&shares, t, &pk, budget).unwrap();
        assert!(r.secret == key, "victim {victim}");
        assert_eq!(r.bad_shares, vec![victim]);
        assert_eq!(r.blame, Blame::Unambiguous);
        // One unit less and the search gives up, typed.
        assert!(matches!(
            reconstruct_robust(&shares, t, &pk, budget - 1),
            Err(Error::SearchBoundExceeded { .. })
        ));
    }
}

/// The attack: t = 3, n = 5, two colluders shift their shares by `g(x)`, where `g`
/// vanishes at 0 and at one honest x, so that the polynomial through the colluders and that
/// honest share has the right secret. The key comes out right and nobody is named: the shares
/// have two explanations with fewer than `t` colluders.
#[test]
fn cancelling_colluders_get_nobody_named() {
    let mut rng = ChaCha20Rng::seed_from_u64(11);
    let key = SecretScalar::<Secp256k1>::random(&mut rng);
    let pk = key.public_key();
    let d = split(&key, 3, 5, &mut rng).unwrap();
    let mut shares = d.shares().to_vec();
    // g(x) = k·x·(x - 1): zero at 0 and at the honest share x = 1.
    let k = k256::Scalar::from(77u64);
    for c in [3usize, 4] {
        let x = shares[c].identifier().to_scalar();
        let g = k * x * (x - k256::Scalar::ONE);
        shares[c] = SecretShare::new(shares[c].identifier(), *shares[c].value() + g).unwrap();
    }
    let r = reconstruct_robust(&shares, 3, &pk, DEFAULT_WORK_BOUND).unwrap();
    assert!(r.secret == key);
    assert!(r.bad_shares.is_empty(), "{:?}", r.bad_shares);
    assert_eq!(r.blame, Blame::Ambiguous { off: 2 });
}

#[test]
fn colliding_indices_are_set_aside_unjudged() {
    let mut rng = ChaCha20Rng::seed_from_u64(12);
    let key = SecretScalar::<Secp256k1>::random(&mut rng);
    let d = split(&key, 2, 5, &mut rng).unwrap();
    let mut shares = d.shares().to_vec();
    // Share 4 claims share 0's index with another value.
    shares[4] = SecretShare::new(shares[0].identifier(), k256::Scalar::from(5u64)).unwrap();
    let r = reconstruct_robust(&shares, 2, &key.public_key(), DEFAULT_WORK_BOUND).unwrap();
    assert!(r.secret == key);
    assert_eq!(r.colliding, vec![0, 4]);
    assert!(r.bad_shares.is_empty());
}

#[test]
fn positions_split_into_distinct_and_colliding_x() {
    let x = |b: u8| {
        let mut v = [0u8; 32];
        v[31] = b;
        v
    };
    let none: (Vec<usize>, Vec<usize>) = (vec![], vec![]);
    assert_eq!(distinct_positions(&[]), none);
    assert_eq!(distinct_positions(&[x(1)]), (vec![0], vec![]));
    assert_eq!(
        distinct_positions(&[x(3), x(1), x(2)]),
        (vec![0, 1, 2], vec![])
    );
    // A pair and a triple among distinct values; both lists in position order.
    assert_eq!(
        distinct_positions(&[x(5), x(2), x(9), x(5), x(7), x(9), x(1), x(9)]),
        (vec![1, 4, 6], vec![0, 2, 3, 5, 7])
    );
    assert_eq!(distinct_positions(&[x(4); 3]), (vec![], vec![0, 1, 2]));
}
