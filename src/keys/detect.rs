//! `auto`: tell the key format from the text, only when it can be one format alone.
//!
//! | text                                     | format                                  |
//! |------------------------------------------|-----------------------------------------|
//! | starts with `{`, or `[` then `{`         | refused: a JSON document, not a key ([`Error::JsonNotAKey`] says what it looks like) |
//! | starts with `[`                          | `solana` (JSON key file)                |
//! | several words                            | `mnemonic`                              |
//! | `0x...`, or 56-64 hex digits             | `hex` with curve secp256k1, `stark` with curve stark; otherwise ambiguous (a 32-byte hex value is a scalar on any curve, or an ed25519 seed or scalar) |
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
    if let Some(looks_like) = json_document(t) {
        return Err(Error::JsonNotAKey { looks_like });
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
                candidates: vec![
                    KeyFormat::Ed25519Seed.as_str(),
                    KeyFormat::Ed25519Scalar.as_str(),
                ],
            }),
            None => Err(Error::AmbiguousFormat {
                candidates: vec![
                    KeyFormat::Hex.as_str(),
                    KeyFormat::Ed25519Seed.as_str(),
                    KeyFormat::Ed25519Scalar.as_str(),
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

/// What a JSON document given in place of a key looks like, by the member names keyport's own
/// files and the API bodies use (a fixed description: nothing of the text is echoed). `None`
/// when the text is not a JSON object or an array of objects (a Solana key file is an array of
/// numbers).
fn json_document(t: &str) -> Option<&'static str> {
    let object = t.starts_with('{')
        || t.strip_prefix('[')
            .is_some_and(|rest| rest.trim_start().starts_with('{'));
    if !object {
        return None;
    }
    let has = |member: &str| {
        let quoted = alloc::format!("\"{member}\"");
        t.contains(quoted.as_str())
    };
    // Most specific first: an import request also names signers, an export response too.
    const SHAPES: [(&str, &str); 7] = [
        ("decryptionKey", "an export context or a signer key file"),
        (
            "encryptedKeyShares",
            "an import request or an export response",
        ),
        ("supportedSchemes", "an export request"),
        ("clusters", "a ListSigners response (a signers file)"),
        ("encryptionKey", "a signers list"),
        ("publicKey", "a public-key summary (no private key)"),
        (
            "privateKey",
            "a JSON object with a privateKey member; pass the key itself",
        ),
    ];
    Some(
        SHAPES
            .iter()
            .find(|(member, _)| has(member))
            .map_or("a JSON document", |(_, what)| what),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_documents_are_named_not_read_as_mnemonics() {
        let cases = [
            (
                r#"{"clusters":[{"clusterId":"c","signers":[]}]}"#,
                "a ListSigners response (a signers file)",
            ),
            (
                r#"[ {"signerId":"AA==","encryptionKey":"AQ=="} ]"#,
                "a signers list",
            ),
            (
                "{\n  \"envelope\": \"hpke-v1\",\n  \"decryptionKey\": \"00\"\n}",
                "an export context or a signer key file",
            ),
            (r#"{"a": 1, "b": 2}"#, "a JSON document"),
        ];
        for (text, looks_like) in cases {
            assert_eq!(
                detect_format(text, None),
                Err(Error::JsonNotAKey { looks_like }),
                "{text}"
            );
        }
        // A Solana key file is still a Solana key file.
        assert_eq!(detect_format("[1, 2, 3]", None), Ok(KeyFormat::Solana));
    }

    #[test]
    fn ed25519_hex_is_never_guessed() {
        let hex = "11".repeat(32);
        assert_eq!(
            detect_format(&hex, Some(CurveId::Ed25519)),
            Err(Error::AmbiguousFormat {
                candidates: vec!["ed25519-seed", "ed25519-scalar"]
            })
        );
    }
}
