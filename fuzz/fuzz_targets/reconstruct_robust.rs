#![no_main]
use keyport::SecretScalar;
use keyport::curve::{Curve, Ed25519, Secp256k1, Stark, points_equal};
use keyport::sharing::{Identifier, SecretShare, reconstruct_robust};
use libfuzzer_sys::fuzz_target;

/// Layout: [threshold][public-key mode][key scalar 32] then shares of 34 bytes
/// (index u16 BE, value 32 BE) each, at most 12.
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
    if let Ok(rec) = reconstruct_robust(&shares, threshold, &public_key, 2_000) {
        // Invariant: whatever comes back matches the public key it was checked against.
        assert!(points_equal::<C>(&rec.secret.public_key(), &public_key));
        assert!(rec.secret == key);
        assert!(rec.bad_shares.iter().all(|&i| i < shares.len()));
        assert!(shares.len() - rec.bad_shares.len() >= threshold);
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
