//! Secrets back out, in the forms wallets import.
//!
//! WIF output is [`super::encode_wif`], seeds [`super::encode_ed25519_seed_hex`] and
//! friends, Solana keypairs [`super::encode_solana_keypair_base58`] /
//! [`super::encode_solana_keypair_json`].

use alloc::string::String;

use zeroize::Zeroizing;

use super::hex_text::encode_hex_secret;

/// What to tell a user whenever an ed25519 key leaves keyport as a scalar.
pub const ED25519_SCALAR_NOTICE: &str = "This is an ed25519 secret scalar, not a seed. \
Threshold wallets hold ed25519 keys as the scalar SHA-512(seed)[0..32] (clamped, reduced mod L), \
and the seed cannot be recovered from it. No wallet can import this value as a seed or a \
Solana keypair: importing it as one gives a different key and a different address. \
To use it, sign with the scalar directly (keyport's ed25519_sign_with_scalar); the \
signatures verify under the original public key.";

/// A 32-byte scalar as 64 lowercase hex digits (no `0x`), big-endian.
///
/// For ed25519 scalars, show [`ED25519_SCALAR_NOTICE`] with it.
pub fn encode_hex_scalar(secret_be: &[u8; 32]) -> Zeroizing<String> {
    encode_hex_secret(secret_be)
}
