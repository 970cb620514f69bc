//! BIP-39 mnemonics (English word list), then BIP-32 (secp256k1) or SLIP-10 (ed25519).
//!
//! The `bip39` crate (3.x, `default-features = false`: no_std, no alloc, English only) checks
//! the words and checksum; RustCrypto's `pbkdf2` (with the `hmac` and `sha2` keyport already
//! uses) derives the seed. keyport normalises around it: the phrase is trimmed, split on any
//! whitespace and lower-cased, and the passphrase is NFKD-normalised (BIP-39) into a zeroizing
//! string sized up front. Without the `nfkd` feature (no Unicode tables, for small WASM builds)
//! a non-ASCII passphrase is rejected with [`Error::InvalidEncoding`]; ASCII is its own NFKD
//! form, so ASCII passphrases give the same seed either way.

use alloc::string::String;

use bip39::{Language, Mnemonic};
use sha2::Sha512;
#[cfg(feature = "nfkd")]
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use super::bip32::ExtendedPrivateKey;
use super::parsed::ParsedKey;
use super::path::DerivationPath;
use super::slip10::Slip10Ed25519Key;
use crate::curve::CurveId;
use crate::error::{Error, Result};

/// Default path for secp256k1 keys from a mnemonic: the first Ethereum account (BIP-44).
pub const DEFAULT_SECP256K1_PATH: &str = "m/44'/60'/0'/0/0";
/// Default path for ed25519 keys from a mnemonic: the first Solana account (Phantom,
/// Solflare, `solana-keygen`), SLIP-10.
pub const DEFAULT_ED25519_PATH: &str = "m/44'/501'/0'/0'";

const WHAT: &str = "mnemonic";

/// The 64-byte BIP-39 seed of a mnemonic and passphrase (PBKDF2-HMAC-SHA512, 2048 rounds,
/// salt `"mnemonic" || NFKD(passphrase)`).
///
/// Errors: [`Error::MnemonicWordCount`], [`Error::MnemonicUnknownWord`] (1-based position),
/// [`Error::ChecksumMismatch`], and [`Error::InvalidEncoding`] for non-ASCII phrases (only
/// the English word list is supported) and, without the `nfkd` feature, for a non-ASCII
/// passphrase.
pub fn mnemonic_to_seed(phrase: &str, passphrase: &str) -> Result<Zeroizing<[u8; 64]>> {
    let phrase = phrase.trim();
    if !phrase.is_ascii() {
        return Err(Error::InvalidEncoding {
            what: WHAT,
            expected: "words from the English BIP-39 word list",
        });
    }
    let lowered = Zeroizing::new(phrase.to_ascii_lowercase());
    let mnemonic =
        Mnemonic::parse_in_normalized(Language::English, &lowered).map_err(|e| match e {
            bip39::Error::BadWordCount(count) => Error::MnemonicWordCount { count },
            bip39::Error::UnknownWord(i) => Error::MnemonicUnknownWord { position: i + 1 },
            bip39::Error::InvalidChecksum => Error::ChecksumMismatch { what: WHAT },
            _ => Error::InvalidEncoding {
                what: WHAT,
                expected: "words from the English BIP-39 word list",
            },
        })?;
    let passphrase = nfkd(passphrase)?;
    // BIP-39: PBKDF2-HMAC-SHA512 of the words joined by single spaces, salt "mnemonic" ||
    // passphrase, 2048 rounds.
    let mut words = Zeroizing::new(String::with_capacity(lowered.len()));
    for (i, word) in mnemonic.words().enumerate() {
        if i > 0 {
            words.push(' ');
        }
        words.push_str(word);
    }
    let mut salt = Zeroizing::new(alloc::vec::Vec::with_capacity(8 + passphrase.len()));
    salt.extend_from_slice(b"mnemonic");
    salt.extend_from_slice(passphrase.as_bytes());
    let mut seed = Zeroizing::new([0u8; 64]);
    pbkdf2::pbkdf2_hmac::<Sha512>(words.as_bytes(), &salt, 2048, &mut *seed);
    Ok(seed)
}

/// NFKD form of a passphrase, in a zeroizing string allocated once at its final size.
fn nfkd(passphrase: &str) -> Result<Zeroizing<String>> {
    if passphrase.is_ascii() {
        // ASCII is its own NFKD form.
        return Ok(Zeroizing::new(String::from(passphrase)));
    }
    nfkd_non_ascii(passphrase)
}

#[cfg(feature = "nfkd")]
fn nfkd_non_ascii(passphrase: &str) -> Result<Zeroizing<String>> {
    let len: usize = passphrase.nfkd().map(char::len_utf8).sum();
    let mut out = Zeroizing::new(String::with_capacity(len));
    out.extend(passphrase.nfkd());
    Ok(out)
}

#[cfg(not(feature = "nfkd"))]
fn nfkd_non_ascii(_passphrase: &str) -> Result<Zeroizing<String>> {
    Err(Error::InvalidEncoding {
        what: "BIP-39 passphrase",
        expected: "ASCII text (a non-ASCII passphrase needs keyport's nfkd feature)",
    })
}

/// Parse a mnemonic into a key on `curve`: BIP-32 along `path` (default
/// [`DEFAULT_SECP256K1_PATH`]) for secp256k1, SLIP-10 (hardened steps only, default
/// [`DEFAULT_ED25519_PATH`]) for ed25519. Stark keys from mnemonics are wallet-specific
/// (EIP-2645 with key grinding) and are not derived here.
pub(crate) fn parse_mnemonic(
    text: &str,
    curve: CurveId,
    passphrase: &str,
    path: Option<&str>,
) -> Result<ParsedKey> {
    let default_path = match curve {
        CurveId::Secp256k1 => DEFAULT_SECP256K1_PATH,
        CurveId::Ed25519 => DEFAULT_ED25519_PATH,
        CurveId::Stark => {
            return Err(Error::CurveMismatch {
                format: "mnemonic",
                curve: CurveId::Stark.as_str(),
            });
        }
    };
    // Check the path before the (slow) PBKDF2.
    let path: DerivationPath = path.unwrap_or(default_path).parse()?;
    if curve == CurveId::Ed25519
        && let Some(pos) = path.steps().iter().position(|s| !s.is_hardened())
    {
        return Err(Error::Slip10NonHardened { segment: pos + 1 });
    }
    let seed = mnemonic_to_seed(text, passphrase)?;
    match curve {
        CurveId::Secp256k1 => ExtendedPrivateKey::from_seed(&*seed)?
            .derive_path(&path)?
            .to_parsed_key(),
        _ => Slip10Ed25519Key::from_seed(&*seed)?
            .derive_path(&path)?
            .to_parsed_key(),
    }
}
