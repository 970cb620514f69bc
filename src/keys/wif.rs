//! Bitcoin Wallet Import Format: `base58check(version || key || [0x01])`.
//!
//! Version 0x80 is mainnet and 0xef testnet (also signet and regtest). A trailing 0x01 marks
//! a key whose public key is used compressed.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use zeroize::Zeroizing;

use super::base58;
use super::network::Network;
use super::parsed::ParsedKey;
use crate::curve::{CurveId, check_nonzero_scalar};
use crate::error::{Error, Result};

const WHAT: &str = "WIF key";
const COMPRESSED_FLAG: u8 = 0x01;

/// A decoded WIF key.
pub struct WifKey {
    /// The key (secp256k1).
    pub key: ParsedKey,
    /// The network its version byte names. Testnet version bytes decode as
    /// [`Network::Testnet`] (regtest uses the same byte).
    pub network: Network,
    /// Whether the key is marked for compressed public keys.
    pub compressed: bool,
}

// The key is a `ParsedKey`, wiped on drop.
impl zeroize::ZeroizeOnDrop for WifKey {}

impl fmt::Debug for WifKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WifKey")
            .field("key", &self.key)
            .field("network", &self.network)
            .field("compressed", &self.compressed)
            .finish()
    }
}

/// Decode a WIF key (surrounding whitespace ignored).
///
/// Errors: [`Error::ChecksumMismatch`], [`Error::UnknownVersion`] for a version byte other
/// than 0x80/0xef, [`Error::KeyLength`] for a payload that is neither 33 nor 34 bytes,
/// [`Error::InvalidEncoding`] for a 34-byte payload whose last byte is not 0x01, and the
/// scalar range errors.
pub fn parse_wif(text: &str) -> Result<WifKey> {
    let payload = base58::decode_check(text, WHAT)?;
    let (&version, rest) = payload.split_first().ok_or(Error::KeyLength {
        what: WHAT,
        expected: 34,
        actual: 0,
    })?;
    let network = match version {
        0x80 => Network::Mainnet,
        0xef => Network::Testnet,
        other => {
            return Err(Error::UnknownVersion {
                what: WHAT,
                version: u32::from(other),
                expected: "0x80 (mainnet) or 0xef (testnet)",
            });
        }
    };
    let (key_bytes, compressed) = match rest.len() {
        32 => (rest, false),
        33 => match rest.split_last() {
            Some((&COMPRESSED_FLAG, key)) => (key, true),
            _ => {
                return Err(Error::InvalidEncoding {
                    what: WHAT,
                    expected: "WIF (a 34-byte payload must end in the compression flag 0x01)",
                });
            }
        },
        n => {
            return Err(Error::KeyLength {
                what: WHAT,
                expected: 34,
                actual: n + 1,
            });
        }
    };
    let secret = base58::fixed::<32>(key_bytes, WHAT)?;
    let key = ParsedKey::from_scalar(CurveId::Secp256k1, secret)?;
    Ok(WifKey {
        key,
        network,
        compressed,
    })
}

/// Encode a secp256k1 key (32 bytes big-endian) as compressed WIF for `network`.
pub fn encode_wif(secret_be: &[u8; 32], network: Network) -> Result<Zeroizing<String>> {
    check_nonzero_scalar(CurveId::Secp256k1, &secret_be[..])?;
    let mut payload = Zeroizing::new(Vec::with_capacity(34));
    payload.push(network.wif_version());
    payload.extend_from_slice(secret_be);
    payload.push(COMPRESSED_FLAG);
    base58::encode_check_secret(&payload)
}
