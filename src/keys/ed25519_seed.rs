//! RFC 8032 ed25519 seeds: parsing (hex or base58), the scalar keyport shares, and output.

use alloc::string::String;

use curve25519_dalek::scalar::Scalar as EdScalar;
use sha2::{Digest, Sha512};
use zeroize::{Zeroize, Zeroizing};

use super::base58;
use super::hex_text::{decode_hex32, encode_hex_secret, is_hex_digits, strip_0x};
use super::parsed::ParsedKey;
use crate::error::{Error, Result};

const WHAT: &str = "ed25519 seed";

/// The scalar an ed25519 seed stands for, as keyport shares it: `SHA-512(seed)[0..32]`,
/// clamped (RFC 8032 §5.1.5), read little-endian, reduced mod L, written big-endian.
pub fn ed25519_scalar_from_seed(seed: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let mut digest = Sha512::digest(seed);
    let mut low = Zeroizing::new([0u8; 32]);
    low.copy_from_slice(digest.get(..32).unwrap_or(&[0u8; 32]));
    digest.as_mut_slice().zeroize();
    // Clamp: clear the low three bits and the top bit, set bit 254.
    low[0] &= 248;
    low[31] &= 127;
    low[31] |= 64;
    let scalar = Zeroizing::new(EdScalar::from_bytes_mod_order(*low));
    let mut be = Zeroizing::new(scalar.to_bytes());
    be.reverse();
    be
}

/// Whether text is to be read as hex rather than base58: it has a `0x` prefix, or it is all
/// hex digits and long enough to be a (possibly truncated) 64-digit value. A 32-byte base58
/// string has 43 or 44 characters.
pub(crate) fn looks_hex(text: &str) -> bool {
    let (digits, prefixed) = strip_0x(text);
    prefixed || (is_hex_digits(digits) && digits.len() >= 56)
}

/// Parse a 32-byte RFC 8032 seed given as 64 hex digits or as base58.
pub(crate) fn parse_ed25519_seed(text: &str) -> Result<ParsedKey> {
    let seed = if looks_hex(text) {
        decode_hex32(text, WHAT)?
    } else {
        let bytes = base58::decode(text, WHAT).map_err(|_| Error::InvalidEncoding {
            what: WHAT,
            expected: "hex or base58",
        })?;
        base58::fixed::<32>(&bytes, WHAT)?
    };
    ParsedKey::from_ed25519_seed(seed)
}

/// An RFC 8032 seed as 64 lowercase hex digits.
pub fn encode_ed25519_seed_hex(seed: &[u8; 32]) -> Zeroizing<String> {
    encode_hex_secret(seed)
}

/// An RFC 8032 seed as base58.
pub fn encode_ed25519_seed_base58(seed: &[u8; 32]) -> Result<Zeroizing<String>> {
    base58::encode_secret(seed)
}
