//! `auto`: tell the key format from the text, only when it can be one format alone.
//!
//! | text                                     | format                                  |
//! |------------------------------------------|-----------------------------------------|
//! | starts with `[`                          | `solana` (JSON key file)                |
//! | several words                            | `mnemonic`                              |
//! | `0x...`, or 56-64 hex digits             | `hex` with curve secp256k1, `stark` with curve stark; otherwise ambiguous (a 32-byte hex value is a scalar on any curve, or an ed25519 seed) |
//! | starts with `xprv` / `tprv`              | `xprv`                                  |
//! | base58 of 37/38 bytes, version 0x80/0xef | `wif`                                   |
//! | base58 of 64 bytes                       | `solana` (wallet export)                |
//! | base58 of 32 bytes                       | `ed25519-seed`                          |
//! | base58 of 82 bytes                       | `xprv`                                  |
//!
//! Anything else is [`Error::UnrecognizedFormat`]. Detection looks at shape only; the
//! chosen parser then checks checksums, lengths and ranges as usual.

use alloc::vec;

use super::base58;
use super::ed25519_seed::looks_hex;
use super::input::KeyFormat;
use crate::curve::CurveId;
use crate::error::{Error, Result};

/// Detect the format of `text`, using `curve` (if given) to settle hex input.
///
/// Returns [`Error::AmbiguousFormat`] with the candidates when the text could be more than
/// one format, and [`Error::UnrecognizedFormat`] when it looks like none.
pub fn detect_format(text: &str, curve: Option<CurveId>) -> Result<KeyFormat> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::UnrecognizedFormat);
    }
    if t.starts_with('[') {
        return Ok(KeyFormat::Solana);
    }
    if t.split_whitespace().nth(1).is_some() {
        return Ok(KeyFormat::Mnemonic);
    }
    if looks_hex(t) {
        return match curve {
            Some(CurveId::Secp256k1) => Ok(KeyFormat::Hex),
            Some(CurveId::Stark) => Ok(KeyFormat::Stark),
            Some(CurveId::Ed25519) => Err(Error::AmbiguousFormat {
                candidates: vec![KeyFormat::Hex.as_str(), KeyFormat::Ed25519Seed.as_str()],
            }),
            None => Err(Error::AmbiguousFormat {
                candidates: vec![
                    KeyFormat::Hex.as_str(),
                    KeyFormat::Ed25519Seed.as_str(),
                    KeyFormat::Stark.as_str(),
                ],
            }),
        };
    }
    if t.starts_with("xprv") || t.starts_with("tprv") {
        return Ok(KeyFormat::Xprv);
    }
    let decoded = base58::decode(t, "key").map_err(|_| Error::UnrecognizedFormat)?;
    match (decoded.len(), decoded.first()) {
        (37 | 38, Some(0x80 | 0xef)) => Ok(KeyFormat::Wif),
        (64, _) => Ok(KeyFormat::Solana),
        (32, _) => Ok(KeyFormat::Ed25519Seed),
        (82, _) => Ok(KeyFormat::Xprv),
        _ => Err(Error::UnrecognizedFormat),
    }
}
