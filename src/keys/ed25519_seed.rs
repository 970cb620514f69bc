//! RFC 8032 ed25519 seeds: parsing (hex or base58) and output. The scalar a seed stands for
//! comes from [`crate::curve::ed25519::seed_to_scalar`], via [`ParsedKey::from_ed25519_seed`].

use alloc::string::String;

use zeroize::Zeroizing;

use super::base58;
use super::hex_text::{decode_hex32, encode_hex_secret, is_hex_digits, strip_0x};
use super::parsed::ParsedKey;
use crate::error::{Error, Result};

const WHAT: &str = "ed25519 seed";

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
