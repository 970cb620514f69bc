//! Solana keypairs: 64 bytes `seed || public key`, as base58 (what wallets export) or as a
//! JSON array of 64 integers (what `solana-keygen` writes to a key file).

use alloc::string::String;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::base58;
use super::parsed::ParsedKey;
use super::public::ed25519_public_key;
use crate::error::{Error, Result};

const WHAT: &str = "Solana keypair";
const WHAT_JSON: &str = "Solana keypair file";
const JSON_EXPECTED: &str = "a JSON array of 64 integers from 0 to 255";
const KEYPAIR_LEN: usize = 64;

/// Parse a 64-byte Solana keypair (base58 or JSON array). Bytes 32..64 must be the public
/// key of the seed in bytes 0..32 ([`Error::KeypairMismatch`] otherwise).
pub(crate) fn parse_solana_keypair(text: &str) -> Result<ParsedKey> {
    let t = text.trim();
    let keypair = if t.starts_with('[') {
        parse_json_array(t)?
    } else {
        let bytes = base58::decode(t, WHAT)?;
        base58::fixed::<KEYPAIR_LEN>(&bytes, WHAT)?
    };
    let (seed_bytes, public) = keypair.split_at(32);
    let seed = base58::fixed::<32>(seed_bytes, WHAT)?;
    let key = ParsedKey::from_ed25519_seed(seed)?;
    let expected = ed25519_public_key(key.secret_bytes())?;
    if !bool::from(expected.ct_eq(public)) {
        return Err(Error::KeypairMismatch);
    }
    Ok(key)
}

/// Parse `[n, n, ...]` with exactly 64 integers 0..=255, straight into a zeroizing buffer.
fn parse_json_array(t: &str) -> Result<Zeroizing<[u8; KEYPAIR_LEN]>> {
    let invalid = || Error::InvalidEncoding {
        what: WHAT_JSON,
        expected: JSON_EXPECTED,
    };
    let mut out = Zeroizing::new([0u8; KEYPAIR_LEN]);
    let inner = t
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .ok_or_else(invalid)?;
    let mut count = 0usize;
    if !inner.trim().is_empty() {
        for item in inner.split(',') {
            let digits = item.trim();
            if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(invalid());
            }
            let value = digits
                .bytes()
                .fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0'));
            let byte = u8::try_from(value).map_err(|_| invalid())?;
            if let Some(slot) = out.get_mut(count) {
                *slot = byte;
            }
            count += 1;
        }
    }
    if count != KEYPAIR_LEN {
        return Err(Error::KeyLength {
            what: WHAT_JSON,
            expected: KEYPAIR_LEN,
            actual: count,
        });
    }
    Ok(out)
}

/// The 64-byte keypair `seed || public key` in a zeroizing buffer.
fn keypair_bytes(seed: &[u8; 32]) -> Result<Zeroizing<[u8; KEYPAIR_LEN]>> {
    let key = ParsedKey::from_ed25519_seed(Zeroizing::new(*seed))?;
    let public = ed25519_public_key(key.secret_bytes())?;
    let mut out = Zeroizing::new([0u8; KEYPAIR_LEN]);
    out[..32].copy_from_slice(seed);
    out[32..].copy_from_slice(&public);
    Ok(out)
}

/// A Solana keypair (from its RFC 8032 seed) as base58, the form wallets import.
pub fn encode_solana_keypair_base58(seed: &[u8; 32]) -> Result<Zeroizing<String>> {
    base58::encode_secret(&*keypair_bytes(seed)?)
}

/// A Solana keypair (from its RFC 8032 seed) as the JSON array `solana-keygen` writes.
pub fn encode_solana_keypair_json(seed: &[u8; 32]) -> Result<Zeroizing<String>> {
    let bytes = keypair_bytes(seed)?;
    let mut out = Zeroizing::new(String::with_capacity(KEYPAIR_LEN * 4 + 2));
    out.push('[');
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let (h, t, o) = (b / 100, (b / 10) % 10, b % 10);
        if h > 0 {
            out.push(char::from(b'0' + h));
        }
        if h > 0 || t > 0 {
            out.push(char::from(b'0' + t));
        }
        out.push(char::from(b'0' + o));
    }
    out.push(']');
    Ok(out)
}
