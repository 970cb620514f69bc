//! Base58 and Base58Check, with decoded secrets kept in zeroizing buffers.
//!
//! Base58Check is `base58(payload || SHA-256(SHA-256(payload))[0..4])`. The checksum is
//! written here rather than taken from the `bs58` crate's `check` feature because that
//! feature pulls a second `sha2` (0.10) into the tree; the code is four lines over the
//! `sha2` 0.11 keyport already uses, and it lets a mismatch come back as a typed error that
//! carries no bytes (bs58's error carries both checksums).

use alloc::string::String;
use alloc::vec::Vec;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use super::hash::sha256d;
use crate::error::{Error, Result};

/// Checksum length in bytes.
const CHECKSUM_LEN: usize = 4;

/// Whether every character is in the Bitcoin base58 alphabet (and there is at least one).
pub(crate) fn is_base58(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l'))
}

/// Decode base58 text (surrounding whitespace ignored) into a zeroizing buffer.
pub(crate) fn decode(text: &str, what: &'static str) -> Result<Zeroizing<Vec<u8>>> {
    let t = text.trim();
    let invalid = Error::InvalidEncoding {
        what,
        expected: "base58",
    };
    if !is_base58(t) {
        return Err(invalid);
    }
    // Room for the largest possible output up front, so the buffer never reallocates and
    // leaves a copy behind.
    let mut buf = Zeroizing::new(Vec::with_capacity(t.len()));
    bs58::decode(t).onto(&mut *buf).map_err(|_| invalid)?;
    Ok(buf)
}

/// Decode Base58Check text and return the payload (checksum verified and removed).
pub(crate) fn decode_check(text: &str, what: &'static str) -> Result<Zeroizing<Vec<u8>>> {
    let mut buf = decode(text, what)?;
    let split = buf
        .len()
        .checked_sub(CHECKSUM_LEN)
        .ok_or(Error::ChecksumMismatch { what })?;
    let (payload, checksum) = buf.split_at(split);
    let mut digest = sha256d(payload);
    let ok = digest
        .get(..CHECKSUM_LEN)
        .is_some_and(|d| bool::from(d.ct_eq(checksum)));
    digest.zeroize();
    if !ok {
        return Err(Error::ChecksumMismatch { what });
    }
    buf.truncate(split);
    Ok(buf)
}

/// Base58 of `bytes` appended to `out` (which should have room reserved).
fn encode_onto(bytes: &[u8], out: &mut String) -> Result<()> {
    bs58::encode(bytes)
        .onto(out)
        .map(|_| ())
        // `onto` a String grows it as needed; bs58 cannot refuse.
        .map_err(|_| Error::Internal {
            what: "base58 encoding",
        })
}

/// Base58 of `payload || checksum`, written through a zeroizing scratch buffer.
fn encode_check_onto(payload: &[u8], out: &mut String) -> Result<()> {
    let mut buf = Zeroizing::new(Vec::with_capacity(payload.len() + CHECKSUM_LEN));
    buf.extend_from_slice(payload);
    let mut digest = sha256d(payload);
    buf.extend_from_slice(digest.get(..CHECKSUM_LEN).unwrap_or_default());
    digest.zeroize();
    encode_onto(&buf, out)
}

/// Room for the base58 encoding of `n` bytes.
const fn encoded_capacity(n: usize) -> usize {
    n * 2 + 1
}

/// Base58 of secret bytes, in a zeroizing string.
pub(crate) fn encode_secret(bytes: &[u8]) -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::with_capacity(encoded_capacity(bytes.len())));
    encode_onto(bytes, &mut out)?;
    Ok(out)
}

/// Base58Check of a secret payload, in a zeroizing string.
pub(crate) fn encode_check_secret(payload: &[u8]) -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::with_capacity(encoded_capacity(
        payload.len() + CHECKSUM_LEN,
    )));
    encode_check_onto(payload, &mut out)?;
    Ok(out)
}

/// Base58 of public bytes.
pub(crate) fn encode_public(bytes: &[u8]) -> Result<String> {
    let mut out = String::with_capacity(encoded_capacity(bytes.len()));
    encode_onto(bytes, &mut out)?;
    Ok(out)
}

/// Base58Check of a public payload.
pub(crate) fn encode_check_public(payload: &[u8]) -> Result<String> {
    let mut out = String::with_capacity(encoded_capacity(payload.len() + CHECKSUM_LEN));
    encode_check_onto(payload, &mut out)?;
    Ok(out)
}

/// Copy a decoded buffer of exactly `N` bytes into a zeroizing array.
pub(crate) fn fixed<const N: usize>(
    bytes: &[u8],
    what: &'static str,
) -> Result<Zeroizing<[u8; N]>> {
    let mut out = Zeroizing::new([0u8; N]);
    if bytes.len() != N {
        return Err(Error::KeyLength {
            what,
            expected: N,
            actual: bytes.len(),
        });
    }
    out.copy_from_slice(bytes);
    Ok(out)
}
