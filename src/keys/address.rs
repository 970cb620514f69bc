//! What a user checks a key by: its public key and the addresses wallets show for it.
//!
//! Everything here takes public key bytes only, so it can run on the public key a
//! threshold network reports as well as on one computed from an imported secret.

use alloc::string::String;
use alloc::vec::Vec;

use super::base58;
use super::bitcoin::{bitcoin_p2pkh, bitcoin_p2tr, bitcoin_p2wpkh};
use super::ethereum::ethereum_address;
use super::network::Network;
use crate::curve::secp256k1::{compress_affine, decode_affine};
use crate::curve::{Curve, CurveId, Ed25519, PointForm, Stark, point_array};
use crate::error::Result;

/// Check an ed25519 public key with the curve's decoder (canonical encoding, on the curve,
/// not the identity, in the prime-order subgroup) and return its 32 bytes.
fn check_ed25519_public(public_key: &[u8]) -> Result<[u8; 32]> {
    Ed25519::decode_point(public_key)?;
    point_array(CurveId::Ed25519, public_key)
}

/// Check a stark public key with the curve's decoder and return its compressed encoding.
fn stark_compressed(public_key: &[u8]) -> Result<Vec<u8>> {
    Stark::encode_point(&Stark::decode_point(public_key)?, PointForm::Compressed)
}

/// `0x` + the 64 hex digits of the x-coordinate in a compressed stark point.
fn starknet_x_hex(compressed: &[u8]) -> String {
    let mut out = String::with_capacity(66);
    out.push_str("0x");
    out.push_str(&hex::encode(compressed.get(1..).unwrap_or_default()));
    out
}

/// The Solana address of an ed25519 public key: base58 of its 32 bytes.
pub fn solana_address(public_key: &[u8]) -> Result<String> {
    base58::encode_public(&check_ed25519_public(public_key)?)
}

/// The StarkNet public key as wallets show it: the x-coordinate of the stark public point,
/// `0x` + 64 lowercase hex digits. Takes the SEC1-style point encoding the stark curve module
/// produces (33 bytes `02|03 || x`, or 65 bytes `04 || x || y`), checked by that module's
/// decoder: a buffer that is not a point on the curve is an error.
pub fn starknet_public_key(public_key: &[u8]) -> Result<String> {
    Ok(starknet_x_hex(&stark_compressed(public_key)?))
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
                let compressed = compress_affine(&decode_affine(public_key)?)?;
                Ok(Addresses {
                    public_key: hex::encode(compressed),
                    ethereum: Some(ethereum_address(&compressed)?),
                    bitcoin_p2pkh: Some(bitcoin_p2pkh(&compressed, network)?),
                    bitcoin_p2wpkh: Some(bitcoin_p2wpkh(&compressed, network)?),
                    bitcoin_p2tr: Some(bitcoin_p2tr(&compressed, network)?),
                    ..Addresses::default()
                })
            }
            CurveId::Ed25519 => {
                let bytes = check_ed25519_public(public_key)?;
                Ok(Addresses {
                    public_key: hex::encode(bytes),
                    solana: Some(base58::encode_public(&bytes)?),
                    ..Addresses::default()
                })
            }
            CurveId::Stark => {
                let compressed = stark_compressed(public_key)?;
                Ok(Addresses {
                    public_key: hex::encode(&compressed),
                    starknet: Some(starknet_x_hex(&compressed)),
                    ..Addresses::default()
                })
            }
        }
    }
}
