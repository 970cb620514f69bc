//! BIP-39 mnemonics (English word list), then BIP-32 (secp256k1) or SLIP-10 (ed25519).
//!
//! The words and checksum are checked here, not by the `bip39` crate, for two reasons: that
//! crate leaves the decoded entropy bits on the stack unwiped and finds words by binary search
//! (timing depends on the secret words), and in the WASM build it brought a second SHA-256
//! implementation and a 16 KB table of word pointers (about 8 KB gzipped of the module). The
//! check is BIP-39's, in the crate's order (word count, then each word, then the checksum), over
//! the standard English list (`bip39-english.txt`, byte-identical to bitcoin/bips
//! `bip-0039/english.txt`; a test pins its SHA-256). RustCrypto's `pbkdf2` (with the `hmac` and
//! `sha2` keyport already uses) derives the seed. The phrase is trimmed, split on any
//! whitespace and lower-cased, and the passphrase is NFKD-normalised (BIP-39) into a zeroizing
//! string sized up front. Without the `nfkd` feature (no Unicode tables, for small WASM builds)
//! a non-ASCII passphrase is rejected with [`Error::InvalidEncoding`]; ASCII is its own NFKD
//! form, so ASCII passphrases give the same seed either way.

use alloc::string::String;

use sha2::{Digest, Sha256, Sha512};
use subtle::{ConditionallySelectable, ConstantTimeEq};
#[cfg(feature = "nfkd")]
use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, Zeroizing};

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
    check_words_and_checksum(&lowered)?;
    let passphrase = nfkd(passphrase)?;
    // BIP-39: PBKDF2-HMAC-SHA512 of the words joined by single spaces, salt "mnemonic" ||
    // passphrase, 2048 rounds.
    let mut words = Zeroizing::new(String::with_capacity(lowered.len()));
    for (i, word) in lowered.split_whitespace().enumerate() {
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

/// The BIP-39 English word list: 2048 words, one per line, sorted.
const ENGLISH: &str = include_str!("bip39-english.txt");
/// Longest word in the list.
const MAX_WORD_LEN: usize = 8;

/// A word padded to a fixed width with its length, for constant-time comparison.
type PaddedWord = [u8; MAX_WORD_LEN + 1];

fn pad(word: &str) -> Option<PaddedWord> {
    let bytes = word.as_bytes();
    let mut out = [0u8; MAX_WORD_LEN + 1];
    out.get_mut(..bytes.len())?.copy_from_slice(bytes);
    *out.last_mut()? = u8::try_from(bytes.len()).ok()?;
    Some(out)
}

/// The index of `word` in the English list. Every entry is compared, in constant time, so the
/// time taken does not depend on which word it is (only on whether it is longer than any word).
fn word_index(word: &str) -> Option<u16> {
    let wanted = Zeroizing::new(pad(word)?);
    let mut found = subtle::Choice::from(0);
    let mut index = 0u16;
    for (i, entry) in (0u16..).zip(ENGLISH.lines()) {
        let hit = pad(entry).map_or(subtle::Choice::from(0), |e| e.ct_eq(&*wanted));
        index.conditional_assign(&i, hit);
        found |= hit;
    }
    bool::from(found).then_some(index)
}

/// BIP-39's checks of a lower-cased phrase, in this order: 12, 15, 18, 21 or 24 words; every
/// word on the English list; the checksum (the first `words/3` bits of SHA-256 of the
/// entropy) matches.
fn check_words_and_checksum(phrase: &str) -> Result<()> {
    let count = phrase.split_whitespace().count();
    if !(12..=24).contains(&count) || !count.is_multiple_of(3) {
        return Err(Error::MnemonicWordCount { count });
    }
    // 11 bits per word, most significant first: the entropy, then its checksum.
    let mut bits = Zeroizing::new([0u8; 33]);
    let mut position = 0usize;
    for (i, word) in phrase.split_whitespace().enumerate() {
        let index = word_index(word).ok_or(Error::MnemonicUnknownWord { position: i + 1 })?;
        for shift in (0..11).rev() {
            if let Some(byte) = bits.get_mut(position / 8) {
                // Branch-free: the bit is shifted in, not tested.
                *byte |= (((index >> shift) & 1) as u8) << (7 - position % 8);
            }
            position += 1;
        }
    }
    let entropy_len = count / 3 * 4;
    let checksum_bits = count / 3; // 4 to 8
    // entropy_len <= 32 < 33 for the counts admitted above: the error arm is never taken.
    let entropy = bits
        .get(..entropy_len)
        .ok_or(Error::MnemonicWordCount { count })?;
    let mut digest = Sha256::digest(entropy);
    let expected = digest.first().copied().unwrap_or(0) >> (8 - checksum_bits);
    digest.zeroize();
    let actual = bits.get(entropy_len).copied().unwrap_or(0) >> (8 - checksum_bits);
    if expected != actual {
        return Err(Error::ChecksumMismatch { what: WHAT });
    }
    Ok(())
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
    let key = match curve {
        CurveId::Secp256k1 => ExtendedPrivateKey::from_seed(&*seed)?
            .derive_path(&path)?
            .to_parsed_key(),
        _ => Slip10Ed25519Key::from_seed(&*seed)?
            .derive_path(&path)?
            .to_parsed_key(),
    }?;
    Ok(key.with_derivation_path(path))
}

/// The standard derivation path prefix (`m/purpose'/coin'`) of each address
/// [`super::Addresses::named`] lists, by its JSON name: BIP-44 Ethereum, BIP-44/84/86 Bitcoin
/// (P2PKH, P2WPKH, P2TR), and Solana's BIP-44 coin type. StarkNet keys do not come from
/// mnemonics here.
pub const STANDARD_PATHS: [(&str, &str); 5] = [
    ("ethereum", "m/44'/60'"),
    ("bitcoinP2pkh", "m/44'/0'"),
    ("bitcoinP2wpkh", "m/84'/0'"),
    ("bitcoinP2tr", "m/86'/0'"),
    ("solana", "m/44'/501'"),
];

/// Whether `path` lies under the standard path of the address named `address` (its JSON name
/// in [`super::Addresses::named`]); `None` for an address with no mnemonic path (StarkNet) or
/// an unknown name. A wallet for that chain derives its accounts there, so an address shown for
/// a key off that path is one no wallet of the chain would find from the same words.
pub fn is_standard_path_for(address: &str, path: &DerivationPath) -> Option<bool> {
    let (_, prefix) = STANDARD_PATHS.iter().find(|(name, _)| *name == address)?;
    let prefix: DerivationPath = prefix.parse().ok()?;
    Some(path.steps().starts_with(prefix.steps()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use proptest::prelude::*;

    #[test]
    fn the_path_used_is_recorded_and_matched_to_chains() {
        let twelve = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
        let eth = parse_mnemonic(twelve, CurveId::Secp256k1, "", None).unwrap();
        let path = eth.derivation_path().unwrap();
        assert_eq!(path.to_string(), DEFAULT_SECP256K1_PATH);
        assert_eq!(is_standard_path_for("ethereum", path), Some(true));
        assert_eq!(is_standard_path_for("bitcoinP2wpkh", path), Some(false));
        assert_eq!(is_standard_path_for("starknet", path), None);
        let sol = parse_mnemonic(twelve, CurveId::Ed25519, "", None).unwrap();
        let path = sol.derivation_path().unwrap();
        assert_eq!(path.to_string(), DEFAULT_ED25519_PATH);
        assert_eq!(is_standard_path_for("solana", path), Some(true));
        let btc = parse_mnemonic(twelve, CurveId::Secp256k1, "", Some("m/84'/0'/0'/0/0")).unwrap();
        let path = btc.derivation_path().unwrap();
        assert_eq!(is_standard_path_for("bitcoinP2wpkh", path), Some(true));
        assert_eq!(is_standard_path_for("ethereum", path), Some(false));
    }

    #[test]
    fn word_list_is_bip39_english() {
        // SHA-256 of bitcoin/bips bip-0039/english.txt.
        let digest = Sha256::digest(ENGLISH.as_bytes());
        assert_eq!(
            hex::encode(digest),
            "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"
        );
        assert_eq!(ENGLISH.lines().count(), 2048);
        assert!(ENGLISH.lines().all(|w| w.len() <= MAX_WORD_LEN));
    }

    #[test]
    fn word_index_finds_every_word_and_nothing_else() {
        for (i, word) in (0u16..).zip(ENGLISH.lines()) {
            assert_eq!(word_index(word), Some(i), "{word}");
        }
        for not_a_word in [
            "",
            "aband",
            "abandons",
            "zo",
            "zooo",
            "Abandon",
            "abandonab",
        ] {
            assert_eq!(word_index(not_a_word), None, "{not_a_word}");
        }
    }

    #[test]
    fn checks_run_in_order_count_words_checksum() {
        let twelve = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
        assert_eq!(check_words_and_checksum(twelve), Ok(()));
        let bad_sum = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon";
        assert_eq!(
            check_words_and_checksum(bad_sum),
            Err(Error::ChecksumMismatch { what: WHAT })
        );
        // A word-count error wins over an unknown word.
        assert_eq!(
            check_words_and_checksum("nope nope"),
            Err(Error::MnemonicWordCount { count: 2 })
        );
        for count in [0, 1, 11, 13, 25, 27] {
            let phrase = alloc::vec!["abandon"; count].join(" ");
            assert_eq!(
                check_words_and_checksum(&phrase),
                Err(Error::MnemonicWordCount { count })
            );
        }
        let unknown = twelve.replacen("abandon", "abandoned", 1);
        assert_eq!(
            check_words_and_checksum(&unknown),
            Err(Error::MnemonicUnknownWord { position: 1 })
        );
    }

    proptest! {
        /// Every entropy length: the `bip39` crate's phrase passes the checks here and gives
        /// the same seed; a phrase with one word swapped for another either fails the checksum
        /// or (1 time in 2^(words/3)) is another valid phrase, exactly as `bip39` says.
        #[test]
        fn agrees_with_the_bip39_crate(
            entropy in proptest::collection::vec(any::<u8>(), 32),
            words_idx in 0usize..5,
            swap_at in 0usize..24,
            swap_to in 0usize..2048,
            passphrase in "[ -~]{0,12}",
        ) {
            let len = [16, 20, 24, 28, 32][words_idx];
            let m = bip39::Mnemonic::from_entropy(&entropy[..len]).unwrap();
            let phrase = m.to_string();
            prop_assert_eq!(check_words_and_checksum(&phrase), Ok(()));
            let ours = mnemonic_to_seed(&phrase, &passphrase).unwrap();
            prop_assert_eq!(&ours[..], &m.to_seed_normalized(&passphrase)[..]);

            let mut words: alloc::vec::Vec<&str> = phrase.split(' ').collect();
            let at = swap_at % words.len();
            words[at] = ENGLISH.lines().nth(swap_to).unwrap();
            let swapped = words.join(" ");
            let theirs = bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &swapped);
            match check_words_and_checksum(&swapped) {
                Ok(()) => prop_assert!(theirs.is_ok()),
                Err(e) => {
                    prop_assert_eq!(e, Error::ChecksumMismatch { what: WHAT });
                    prop_assert_eq!(theirs.unwrap_err(), bip39::Error::InvalidChecksum);
                }
            }
        }
    }
}
