//! Signing with an ed25519 scalar: what a user can do with an exported ed25519 key.
//!
//! An export gives back the scalar `s`, not the seed, so the RFC 8032 signer (which derives
//! both `s` and the nonce prefix from the seed) cannot be used. `ed25519-dalek`'s hazmat
//! `raw_sign` takes them separately: keyport supplies `s` and a fresh random 32-byte prefix
//! for every signature. The nonce is then `r = SHA-512(prefix || M)` with a random prefix,
//! which is as safe as RFC 8032's (it only needs to be unpredictable and never reused with a
//! different message), and the signature is a standard ed25519 signature under `A = G·s`.

use ed25519_dalek::VerifyingKey;
use ed25519_dalek::hazmat::{ExpandedSecretKey, raw_sign};
use rand_core::CryptoRng;
use sha2::Sha512;
use zeroize::Zeroizing;

use crate::curve::Ed25519;
use crate::error::Result;
use crate::secret::SecretScalar;

/// Sign `message` with an ed25519 secret scalar (32 bytes, big-endian as keyport exports
/// it). The 64-byte signature verifies with any standard ed25519 verifier (RFC 8032,
/// `ed25519-dalek`'s `verify_strict` included) under the public key `G·scalar`.
///
/// `rng` supplies the 32-byte nonce prefix; pass `rand_core::UnwrapErr(getrandom::SysRng)`
/// in production and a seeded RNG in tests.
pub fn ed25519_sign_with_scalar<R: CryptoRng + ?Sized>(
    scalar_be: &[u8; 32],
    message: &[u8],
    rng: &mut R,
) -> Result<[u8; 64]> {
    let scalar = SecretScalar::<Ed25519>::from_be_bytes(scalar_be)?;
    let mut prefix = Zeroizing::new([0u8; 32]);
    rng.fill_bytes(&mut *prefix);
    let esk = ExpandedSecretKey {
        scalar: *scalar.expose(),
        hash_prefix: *prefix,
    };
    let public = VerifyingKey::from(&esk);
    Ok(raw_sign::<Sha512>(&esk, message, &public).to_bytes())
}
