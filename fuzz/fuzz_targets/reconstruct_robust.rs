#![no_main]
//! Robust reconstruction on shares from fuzz bytes.
//!
//! Invariants that can fail:
//! - Ok implies the key: the secret is the key the shares were checked against.
//! - Only shares off the agreed polynomial are blamed: with unambiguous blame, every `t`
//!   kept shares interpolate to the secret (they lie on one polynomial of degree `< t`), and
//!   each blamed share, with `t - 1` kept ones, does not (it is off that polynomial).
//! - Blame is never larger than the certain bound `min(t - 1, m - 2t + 2)`; ambiguous blame
//!   names nobody; colliding shares really share an index.
use keyport::hazmat::SecretScalar;
use keyport::hazmat::curve::{Curve, Ed25519, Secp256k1, Stark, points_equal};
use keyport::hazmat::sharing::{Blame, Identifier, SecretShare, interpolate, reconstruct_robust};
use libfuzzer_sys::fuzz_target;
use subtle::ConstantTimeEq as _;

/// Layout: [threshold][key scalar 32] then shares of 34 bytes (index u16 BE, value 32 BE)
/// each, at most 12.
fn run<C: Curve>(data: &[u8]) {
    let Some((&t, rest)) = data.split_first() else {
        return;
    };
    let Some((key_bytes, rest)) = rest.split_first_chunk::<32>() else {
        return;
    };
    let Ok(key) = SecretScalar::<C>::from_be_bytes(key_bytes) else {
        return;
    };
    let public_key = key.public_key();
    let mut shares = Vec::new();
    for chunk in rest.chunks_exact(34).take(12) {
        let Some((idx, value)) = chunk.split_first_chunk::<2>() else {
            continue;
        };
        let Ok(id) = Identifier::<C>::from_index(u16::from_be_bytes(*idx)) else {
            continue;
        };
        let Ok(v) = C::scalar_from_be_bytes(value) else {
            continue;
        };
        if let Ok(s) = SecretShare::new(id, v) {
            shares.push(s);
        }
    }
    let threshold = usize::from(t % 8);
    let Ok(rec) = reconstruct_robust(&shares, threshold, &public_key, 200_000) else {
        return;
    };
    // Ok implies the key.
    assert!(points_equal::<C>(&rec.secret.public_key(), &public_key));
    assert!(rec.secret == key);
    for &c in &rec.colliding {
        let x = shares[c].identifier();
        assert!(
            shares
                .iter()
                .enumerate()
                .any(|(j, s)| j != c && s.identifier() == x)
        );
    }
    let m = shares.len() - rec.colliding.len();
    match rec.blame {
        Blame::Ambiguous { .. } => assert!(rec.bad_shares.is_empty()),
        Blame::Unambiguous => {
            let e = rec.bad_shares.len();
            assert!(
                e < threshold && e + 2 * threshold <= m + 2,
                "blamed past the certain bound"
            );
            let kept: Vec<SecretShare<C>> = shares
                .iter()
                .enumerate()
                .filter(|(i, _)| !rec.bad_shares.contains(i) && !rec.colliding.contains(i))
                .map(|(_, s)| s.clone())
                .collect();
            let secret = rec.secret.expose();
            let on = |set: &[SecretShare<C>]| {
                interpolate(set).is_ok_and(|s| bool::from(s.ct_eq(secret)))
            };
            for w in kept.windows(threshold) {
                assert!(on(w), "a kept share is off the agreed polynomial");
            }
            for &b in &rec.bad_shares {
                let mut set: Vec<SecretShare<C>> = kept[..threshold - 1].to_vec();
                set.push(shares[b].clone());
                assert!(!on(&set), "a blamed share is on the agreed polynomial");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&curve, rest)) = data.split_first() else {
        return;
    };
    match curve % 3 {
        0 => run::<Secp256k1>(rest),
        1 => run::<Ed25519>(rest),
        _ => run::<Stark>(rest),
    }
});
