//! Protocol acceptance: keyport's ed25519 shares drive a real FROST(Ed25519, SHA-512) signing.
//!
//! The body is shared with the other FROST suites (`acceptance_util/frost.rs`): an RFC 8032
//! seed goes through keyport's real import (t = 3 of 5, both envelopes), the stored shares are
//! loaded into `frost-ed25519` as bytes only, two signer sets (one not the first three) sign,
//! and each signature must verify with `ed25519-dalek` (strict) under the public key RFC 8032
//! derives from the *original seed*: a FROST signer set holding keyport shares is
//! indistinguishable from the single-key wallet it replaced.
//!
//! Byte conventions at the boundary (what this file says; the rest is shared):
//! - `SigningShare`: 32-byte little-endian scalar (keyport writes big-endian, so we reverse);
//! - `VerifyingShare`: the 32-byte RFC 8032 encoding of `G·share`;
//! - `VerifyingKey`: the RFC 8032 public key of the seed.

mod acceptance_util;
#[path = "acceptance_util/frost.rs"]
mod frost_body;

use acceptance_util::bytes32;
use ed25519_dalek::{Signature as DalekSignature, SigningKey as DalekSigningKey};
use frost_body::{FrostSuite, signs_as_the_original_key};
use frost_ed25519::Ed25519Sha512;
use keyport::hazmat::curve::Ed25519;
use keyport::{ImportKey, Protocol};
use zeroize::Zeroizing;

/// RFC 8032 §7.1 TEST 1: secret key (the seed) and public key.
const RFC8032_TEST1_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const RFC8032_TEST1_PUBLIC: &str =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

/// TEST 1 signs the empty message; we sign that and a non-empty one.
const MESSAGES: [&[u8]; 2] = [b"", b"keyport protocol acceptance: frost-ed25519"];

impl FrostSuite for Ed25519Sha512 {
    type Curve = Ed25519;
    const PROTOCOL: Protocol = Protocol::Frost;

    fn signing_share_bytes(share_be: &[u8; 32]) -> Vec<u8> {
        share_be.iter().rev().copied().collect()
    }

    /// `ed25519-dalek`'s strict verification (canonical `S`, no small-order `R` or key).
    fn verify_independently(
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), String> {
        let key = ed25519_dalek::VerifyingKey::from_bytes(public_key.try_into().unwrap())
            .map_err(|e| e.to_string())?;
        let signature = DalekSignature::from_slice(signature).map_err(|e| e.to_string())?;
        key.verify_strict(message, &signature)
            .map_err(|e| e.to_string())
    }
}

fn seed_key(seed: &[u8; 32]) -> ImportKey {
    ImportKey::Ed25519Seed(Zeroizing::new(*seed))
}

fn hex32(s: &str) -> [u8; 32] {
    hex::decode(s).unwrap().try_into().unwrap()
}

#[test]
fn rfc8032_test1_seed_signs_with_two_subsets() {
    let seed = hex32(RFC8032_TEST1_SEED);
    let public = hex32(RFC8032_TEST1_PUBLIC);
    // ed25519-dalek agrees with RFC 8032 on the public key.
    assert_eq!(
        DalekSigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes(),
        public
    );
    signs_as_the_original_key::<Ed25519Sha512>(&seed_key(&seed), &public, &MESSAGES, 100);
}

#[test]
fn random_seeds_sign_with_two_subsets() {
    for k in 0..2u64 {
        let seed = bytes32(0xed25_5190 + k);
        // The RFC 8032 key as computed by ed25519-dalek, not by keyport.
        let public = DalekSigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes();
        signs_as_the_original_key::<Ed25519Sha512>(
            &seed_key(&seed),
            &public,
            &MESSAGES,
            200 + 10 * k,
        );
    }
}

#[test]
fn wrong_share_is_named_at_aggregation() {
    frost_body::wrong_share_is_named_at_aggregation::<Ed25519Sha512>(
        &seed_key(&hex32(RFC8032_TEST1_SEED)),
        &hex32(RFC8032_TEST1_PUBLIC),
        MESSAGES[1],
        300,
    );
}
