//! Hex text in and out, with secrets kept in zeroizing buffers.

use alloc::string::String;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Digits in a 32-byte value written in hex.
pub(crate) const SCALAR_HEX_DIGITS: usize = 64;

/// Trim surrounding whitespace and one optional `0x`/`0X` prefix. Returns the digits and
/// whether a prefix was present.
pub(crate) fn strip_0x(text: &str) -> (&str, bool) {
    let t = text.trim();
    match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(rest) => (rest, true),
        None => (t, false),
    }
}

/// Whether every character is a hex digit (and there is at least one).
pub(crate) fn is_hex_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Decode exactly 64 hex digits (optional `0x`, surrounding whitespace ignored) into a
/// zeroizing 32-byte buffer. 62 or 63 digits report [`Error::HexDigits`], whose message says
/// that leading zeros look lost.
pub(crate) fn decode_hex32(text: &str, what: &'static str) -> Result<Zeroizing<[u8; 32]>> {
    let (digits, _) = strip_0x(text);
    if !is_hex_digits(digits) {
        return Err(Error::InvalidEncoding {
            what,
            expected: "hexadecimal",
        });
    }
    if digits.len() != SCALAR_HEX_DIGITS {
        return Err(Error::HexDigits {
            expected: SCALAR_HEX_DIGITS,
            actual: digits.len(),
        });
    }
    let mut out = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(digits, &mut out[..]).map_err(|_| Error::InvalidEncoding {
        what,
        expected: "hexadecimal",
    })?;
    Ok(out)
}

/// Decode 1 to 64 hex digits, left-padded with zeros to 32 bytes (the usual way to write a
/// field element, where leading zeros are dropped).
pub(crate) fn decode_hex32_padded(text: &str, what: &'static str) -> Result<Zeroizing<[u8; 32]>> {
    let (digits, _) = strip_0x(text);
    if !is_hex_digits(digits) {
        return Err(Error::InvalidEncoding {
            what,
            expected: "hexadecimal",
        });
    }
    let n = digits.len();
    let start = SCALAR_HEX_DIGITS.checked_sub(n).ok_or(Error::HexDigits {
        expected: SCALAR_HEX_DIGITS,
        actual: n,
    })?;
    let mut padded = Zeroizing::new([b'0'; SCALAR_HEX_DIGITS]);
    padded
        .get_mut(start..)
        .ok_or(Error::HexDigits {
            expected: SCALAR_HEX_DIGITS,
            actual: n,
        })?
        .copy_from_slice(digits.as_bytes());
    let mut out = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(&padded[..], &mut out[..]).map_err(|_| Error::InvalidEncoding {
        what,
        expected: "hexadecimal",
    })?;
    Ok(out)
}

/// Lowercase hex of secret bytes, in a zeroizing string allocated once at its final size.
pub(crate) fn encode_hex_secret(bytes: &[u8]) -> Zeroizing<String> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Zeroizing::new(String::with_capacity(bytes.len() * 2));
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}
