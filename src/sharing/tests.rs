use super::*;
use crate::curve::{Ed25519, Secp256k1};
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
    let mut count = 1;
    while next_combination(&mut c, 6) {
        count += 1;
    }
    assert_eq!(count, 20);
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
}

#[test]
fn commitments_from_public_shares_all_curves() {
    commitments_round_trip::<Secp256k1>();
    commitments_round_trip::<Ed25519>();
    commitments_round_trip::<crate::curve::Stark>();
}
