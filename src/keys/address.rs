//! What a user checks a key by: its public key and the addresses wallets show for it.
//!
//! Everything here takes public key bytes only, so it can run on the public key a
//! threshold network reports as well as on one computed from an imported secret.

use alloc::string::String;

use curve25519_dalek::edwards::CompressedEdwardsY;

use super::base58;
use super::bitcoin::{bitcoin_p2pkh, bitcoin_p2tr, bitcoin_p2wpkh};
use super::ethereum::ethereum_address;
use super::network::Network;
use super::public::{compress_secp256k1, decode_secp256k1_point};
use super::scalar::be_less_than;
use crate::curve::CurveId;
use crate::error::{Error, Result};

/// The StarkNet base field prime `p = 2^251 + 17·2^192 + 1`, big-endian.
const STARK_FIELD_PRIME: [u8; 32] = [
    0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
];

/// Decode an ed25519 public key and check it is a usable key: on the curve, not the
/// identity, in the prime-order subgroup.
fn check_ed25519_public(public_key: &[u8]) -> Result<[u8; 32]> {
    let bytes: [u8; 32] = public_key.try_into().map_err(|_| Error::PointLength {
        curve: "ed25519",
        actual: public_key.len(),
    })?;
    let point = CompressedEdwardsY(bytes)
        .decompress()
        .ok_or(Error::InvalidPoint { curve: "ed25519" })?;
    if is_identity_encoding(&bytes) {
        return Err(Error::IdentityPoint);
    }
    if !point.is_torsion_free() {
        return Err(Error::PointNotInSubgroup);
    }
    Ok(bytes)
}

/// Whether 32 bytes are the encoding of the ed25519 identity (y = 1, x = 0).
fn is_identity_encoding(bytes: &[u8; 32]) -> bool {
    bytes.first() == Some(&1) && bytes.iter().skip(1).all(|b| *b == 0)
}

/// The Solana address of an ed25519 public key: base58 of its 32 bytes.
pub fn solana_address(public_key: &[u8]) -> Result<String> {
    let bytes = check_ed25519_public(public_key)?;
    base58::encode_public(&bytes)
}

/// The StarkNet public key as wallets show it: the x-coordinate of the stark public point,
/// `0x` + 64 lowercase hex digits. Takes the SEC1-style point encoding the stark curve module
/// produces (33 bytes `02|03 || x`, or 65 bytes `04 || x || y`); x is bytes 1..33. The point
/// itself is checked by the curve module; here only the prefix and `x < p`.
pub fn starknet_public_key(public_key: &[u8]) -> Result<String> {
    let prefix_ok = matches!(
        (public_key.len(), public_key.first()),
        (33, Some(0x02 | 0x03)) | (65, Some(0x04))
    );
    if !prefix_ok {
        return Err(if matches!(public_key.len(), 33 | 65) {
            Error::InvalidPoint { curve: "stark" }
        } else {
            Error::PointLength {
                curve: "stark",
                actual: public_key.len(),
            }
        });
    }
    let x: [u8; 32] = public_key
        .get(1..33)
        .and_then(|s| s.try_into().ok())
        .ok_or(Error::InvalidPoint { curve: "stark" })?;
    if !be_less_than(&x, &STARK_FIELD_PRIME) {
        return Err(Error::InvalidPoint { curve: "stark" });
    }
    let mut out = String::with_capacity(66);
    out.push_str("0x");
    out.push_str(&hex::encode(x));
    Ok(out)
}

/// A key's public key and the addresses wallets derive from it. Fields that do not apply to
/// the curve are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Addresses {
    /// The compressed public key, lowercase hex (33 bytes secp256k1 and stark, 32 ed25519).
    pub public_key: String,
    /// Ethereum address with EIP-55 checksum (secp256k1).
    pub ethereum: Option<String>,
    /// Bitcoin P2PKH address (secp256k1).
    pub bitcoin_p2pkh: Option<String>,
    /// Bitcoin P2WPKH address, bech32 (secp256k1).
    pub bitcoin_p2wpkh: Option<String>,
    /// Bitcoin P2TR address, BIP-86 key-path-only, bech32m (secp256k1).
    pub bitcoin_p2tr: Option<String>,
    /// Solana address (ed25519).
    pub solana: Option<String>,
    /// StarkNet public key, the x-coordinate (stark).
    pub starknet: Option<String>,
}

impl Addresses {
    /// Each address under its JSON name (camelCase, as the WASM API's `inspectKey` and
    /// `keyport inspect --json` write it), in display order; `None` where the curve has no
    /// such address.
    pub fn named(&self) -> [(&'static str, Option<&str>); 6] {
        [
            ("ethereum", self.ethereum.as_deref()),
            ("bitcoinP2pkh", self.bitcoin_p2pkh.as_deref()),
            ("bitcoinP2wpkh", self.bitcoin_p2wpkh.as_deref()),
            ("bitcoinP2tr", self.bitcoin_p2tr.as_deref()),
            ("solana", self.solana.as_deref()),
            ("starknet", self.starknet.as_deref()),
        ]
    }

    /// Addresses on Bitcoin mainnet (see [`Addresses::from_public_key_on`]).
    pub fn from_public_key(curve: CurveId, public_key: &[u8]) -> Result<Self> {
        Addresses::from_public_key_on(curve, public_key, Network::Mainnet)
    }

    /// Addresses of a public key on `curve`, with Bitcoin addresses for `network`.
    ///
    /// secp256k1 keys may be given compressed (33 bytes) or uncompressed (65 bytes);
    /// ed25519 keys are 32 bytes; stark keys as described at [`starknet_public_key`].
    pub fn from_public_key_on(curve: CurveId, public_key: &[u8], network: Network) -> Result<Self> {
        match curve {
            CurveId::Secp256k1 => {
                let compressed = compress_secp256k1(&decode_secp256k1_point(public_key)?);
                Ok(Addresses {
                    public_key: hex::encode(compressed),
                    ethereum: Some(ethereum_address(&compressed)?),
                    bitcoin_p2pkh: Some(bitcoin_p2pkh(&compressed, network)?),
                    bitcoin_p2wpkh: Some(bitcoin_p2wpkh(&compressed, network)?),
                    bitcoin_p2tr: Some(bitcoin_p2tr(&compressed, network)?),
                    ..Addresses::default()
                })
            }
            CurveId::Ed25519 => Ok(Addresses {
                public_key: hex::encode(check_ed25519_public(public_key)?),
                solana: Some(solana_address(public_key)?),
                ..Addresses::default()
            }),
            CurveId::Stark => {
                let starknet = starknet_public_key(public_key)?;
                let mut compressed = [0u8; 33];
                if let Some(x) = public_key.get(1..33) {
                    compressed[1..].copy_from_slice(x);
                }
                // 02/03 as given, or from the parity of y in a 65-byte encoding.
                compressed[0] = match public_key.len() {
                    65 => 0x02 | (public_key.last().copied().unwrap_or(0) & 1),
                    _ => public_key.first().copied().unwrap_or(0x02),
                };
                Ok(Addresses {
                    public_key: hex::encode(compressed),
                    starknet: Some(starknet),
                    ..Addresses::default()
                })
            }
        }
    }
}
