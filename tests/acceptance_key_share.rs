//! Protocol acceptance: keyport's secp256k1 and stark shares (CGGMP21 and KU23 imports) form
//! valid CGGMP21 key shares.
//!
//! Each key goes through keyport's real import (a CGGMP21 request for 5 signers, t = 3; the
//! reference signers open, verify and store their shares). Each party's stored share is loaded,
//! as bytes only, into `key-share` 0.7 (LFDT-Lockness, the key
//! format of the `cggmp21` crate) over `generic-ec` 0.5 curves, as a `DirtyCoreKeyShare` with a
//! VSS setup (`min_signers = t`, `I = [1..=n]`: keyport's x-coordinates). The library's own
//! `validate()` must accept every party, and its `reconstruct_secret_key` (feature `spof`) on any
//! `t` shares must return the original secret.
//!
//! Index conventions: key-share's `i` is the party's 0-based position in `public_shares` and
//! `I`; keyport's share at x = k therefore becomes party `i = k - 1` with `I[i] = k`.

mod acceptance_util;

use acceptance_util::{import_via_signers, rng};
use generic_ec::curves::{Secp256k1 as GeSecp256k1, Stark as GeStark};
use generic_ec::serde::CurveName;
use generic_ec::{NonZero, Point, Scalar, SecretScalar as GeSecretScalar};
use key_share::{CoreKeyShare, DirtyCoreKeyShare, DirtyKeyInfo, Validate, VssSetup};
use keyport::hazmat::SecretScalar;
use keyport::hazmat::curve::{Curve, PointForm, Secp256k1, Stark};
use keyport::{EnvelopeKind, ImportKey, Protocol};

const T: u16 = 3;
const N: u16 = 5;

/// Two different `t`-subsets of parties (0-based key-share indices).
const SUBSETS: [[usize; 3]; 2] = [[0, 1, 2], [1, 3, 4]];

fn point<E: generic_ec::Curve>(bytes: &[u8]) -> NonZero<Point<E>> {
    NonZero::from_point(Point::from_bytes(bytes).unwrap()).unwrap()
}

fn secret_scalar<E: generic_ec::Curve>(be: &[u8]) -> NonZero<GeSecretScalar<E>> {
    NonZero::from_secret_scalar(GeSecretScalar::from_be_bytes(be).unwrap()).unwrap()
}

/// A random keyport secret on `C` (from `seed`), imported 3-of-5 through keyport's real path
/// (CGGMP21 request → reference signers open, verify and store → stored shares; the envelope
/// alternates with the seed), as key-share parties on the matching generic-ec curve `E`.
fn deal<C: Curve, E: generic_ec::Curve>(
    seed: u64,
    protocol: Protocol,
) -> (SecretScalar<C>, Vec<DirtyCoreKeyShare<E>>) {
    let secret = SecretScalar::<C>::random(&mut rng(seed));
    let envelope = if seed.is_multiple_of(20) {
        EnvelopeKind::HpkeV1
    } else {
        EnvelopeKind::DfnsV1
    };
    let imported = import_via_signers::<C>(
        &ImportKey::Scalar(secret.to_be_bytes()),
        protocol,
        usize::from(T),
        usize::from(N),
        envelope,
        seed + 1,
    );
    assert_eq!(
        imported.public_key,
        secret.public_key_bytes(PointForm::Compressed).unwrap()
    );

    let shared_public_key = point::<E>(&imported.public_key);
    let public_shares: Vec<NonZero<Point<E>>> = imported
        .parties
        .iter()
        .map(|p| point::<E>(&p.public_share))
        .collect();
    // The signers hold x = 1..=n in order; key-share wants exactly that as `I`.
    let indices: Vec<NonZero<Scalar<E>>> = imported
        .parties
        .iter()
        .map(|p| NonZero::from_scalar(Scalar::from(p.index)).unwrap())
        .collect();
    assert_eq!(
        indices,
        (1..=N)
            .map(|k| NonZero::from_scalar(Scalar::from(k)).unwrap())
            .collect::<Vec<_>>()
    );

    let key_info = DirtyKeyInfo {
        curve: CurveName::new(),
        shared_public_key,
        public_shares,
        vss_setup: Some(VssSetup {
            min_signers: T,
            I: indices,
        }),
    };
    let parties = imported
        .parties
        .iter()
        .enumerate()
        .map(|(i, party)| DirtyCoreKeyShare {
            i: u16::try_from(i).unwrap(),
            key_info: key_info.clone(),
            x: secret_scalar::<E>(&party.share_be[..]),
        })
        .collect();
    (secret, parties)
}

/// `validate()`'s error, as text: key-share's reasons are a private enum, so the variant name
/// in the `Debug` output is the only handle on it.
fn validation_error<E: generic_ec::Curve>(party: DirtyCoreKeyShare<E>) -> String {
    match party.validate() {
        Ok(_) => panic!("an invalid key share passed validation"),
        Err(e) => format!("{:?}", e.into_error()),
    }
}

fn shares_form_valid_key_shares<C: Curve, E: generic_ec::Curve>(protocol: Protocol) {
    for seed in [10u64, 20] {
        let (secret, parties) = deal::<C, E>(seed, protocol);
        let valid: Vec<CoreKeyShare<E>> = parties
            .into_iter()
            .map(|p| {
                let i = p.i;
                p.validate()
                    .unwrap_or_else(|e| panic!("party {i}: {:?}", e.into_error()))
            })
            .collect();
        for subset in SUBSETS {
            let chosen: Vec<CoreKeyShare<E>> = subset.iter().map(|&k| valid[k].clone()).collect();
            let rebuilt = key_share::reconstruct_secret_key(&chosen).unwrap();
            assert_eq!(
                rebuilt.as_ref().to_be_bytes().as_bytes(),
                &secret.to_be_bytes()[..],
                "subset {subset:?}"
            );
        }
        // Fewer than t shares are refused, not silently wrong.
        assert!(key_share::reconstruct_secret_key(&valid[..2]).is_err());
    }
}

/// A wrong secret share fails its owner's validation; a dealer that also published the matching
/// public share (an inconsistent dealing) fails the VSS check for every party; a share whose
/// public key is not the dealt key fails too.
fn corrupted_shares_fail_validation<C: Curve, E: generic_ec::Curve>() {
    let (_, parties) = deal::<C, E>(30, Protocol::Cggmp21);

    // Party 1 holds party 3's share, public shares as dealt.
    let mut wrong_x = parties[1].clone();
    wrong_x.x = parties[3].x.clone();
    assert!(
        validation_error(wrong_x).contains("PartySecretShareDoesntMatchPublicShare"),
        "wrong share"
    );

    // An inconsistent dealing: a random share for party 1 *and* its public share published.
    let bad = secret_scalar::<E>(&SecretScalar::<C>::random(&mut rng(31)).to_be_bytes()[..]);
    let bad_public: NonZero<Point<E>> = Point::generator() * &bad;
    for (k, party) in parties.iter().enumerate() {
        let mut p = party.clone();
        p.key_info.public_shares[1] = bad_public;
        if k == 1 {
            p.x = bad.clone();
        }
        assert!(
            validation_error(p).contains("SharesDontMatchPublicKey"),
            "inconsistent dealing, party {k}"
        );
    }

    // Shares of a different key than the one claimed.
    let mut wrong_key = parties[0].clone();
    wrong_key.key_info.shared_public_key = parties[0].key_info.public_shares[4];
    assert!(validation_error(wrong_key).contains("SharesDontMatchPublicKey"));

    // keyport's 1-based share numbers are not key-share's `i`: using them is rejected.
    let mut one_based = parties[0].clone();
    one_based.i = 1;
    assert!(validation_error(one_based).contains("PartySecretShareDoesntMatchPublicShare"));
    let mut one_based = parties[4].clone();
    one_based.i = N;
    assert!(validation_error(one_based).contains("PartyIndexOutOfBounds"));
}

#[test]
fn secp256k1_shares_form_valid_key_shares() {
    shares_form_valid_key_shares::<Secp256k1, GeSecp256k1>(Protocol::Cggmp21);
}

#[test]
fn stark_shares_form_valid_key_shares() {
    shares_form_valid_key_shares::<Stark, GeStark>(Protocol::Cggmp21);
}

/// KU23 has no public implementation (SPEC.md §11): its shares, imported under its own
/// protocol name, are checked as the same Shamir/Feldman key shares.
#[test]
fn ku23_secp256k1_shares_form_valid_key_shares() {
    shares_form_valid_key_shares::<Secp256k1, GeSecp256k1>(Protocol::Ku23);
}

#[test]
fn ku23_stark_shares_form_valid_key_shares() {
    shares_form_valid_key_shares::<Stark, GeStark>(Protocol::Ku23);
}

#[test]
fn secp256k1_corrupted_shares_fail_validation() {
    corrupted_shares_fail_validation::<Secp256k1, GeSecp256k1>();
}

#[test]
fn stark_corrupted_shares_fail_validation() {
    corrupted_shares_fail_validation::<Stark, GeStark>();
}
