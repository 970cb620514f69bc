//! Bitcoin addresses of a secp256k1 public key: P2PKH, P2WPKH (BIP-173) and P2TR (BIP-86).

use alloc::string::String;
use alloc::vec::Vec;

use k256::elliptic_curve::group::Group;
use k256::elliptic_curve::point::AffineCoordinates;

use super::base58;
use super::hash::{hash160, tagged_hash};
use super::network::Network;
use crate::curve::secp256k1::{compress_affine, decode_affine};
use crate::curve::{Curve, Secp256k1};
use crate::error::{Error, Result};

/// The hash160 of the compressed public key (33- or 65-byte input).
fn pubkey_hash(public_key: &[u8]) -> Result<[u8; 20]> {
    let point = decode_affine(public_key)?;
    Ok(hash160(&compress_affine(&point)?))
}

/// P2PKH address (`1...` on mainnet) of the compressed public key.
///
/// Uncompressed (65-byte) input is compressed first: keyport keys are always used
/// compressed.
pub fn bitcoin_p2pkh(public_key: &[u8], network: Network) -> Result<String> {
    let h = pubkey_hash(public_key)?;
    let mut payload = Vec::with_capacity(21);
    payload.push(network.p2pkh_version());
    payload.extend_from_slice(&h);
    base58::encode_check_public(&payload)
}

/// P2WPKH address (`bc1q...` on mainnet): segwit v0, bech32.
pub fn bitcoin_p2wpkh(public_key: &[u8], network: Network) -> Result<String> {
    let h = pubkey_hash(public_key)?;
    // A 20-byte v0 program under a fixed HRP always encodes.
    bech32::segwit::encode_v0(network.hrp(), &h).map_err(|_| Error::Internal {
        what: "bech32 segwit address encoding",
    })
}

/// The BIP-86 taproot output key of an internal key (x-only, 32 bytes):
/// `Q = P + int(H_TapTweak(x(P)))·G`, where `P` is the internal key lifted to even y
/// (BIP-340 `lift_x`), and the result is `x(Q)`.
pub fn taproot_output_key(public_key: &[u8]) -> Result<[u8; 32]> {
    let point = decode_affine(public_key)?;
    // lift_x(x(P)): the point with this x and even y.
    let even = if bool::from(point.y_is_odd()) {
        -point
    } else {
        point
    };
    let x = even.x();
    let t = tagged_hash(b"TapTweak", &x);
    let t = Secp256k1::scalar_from_be_bytes(&t)
        .map_err(|_| Error::InvalidPoint { curve: "secp256k1" })?;
    let q = k256::ProjectivePoint::from(even) + Secp256k1::mul_base(&t);
    if bool::from(q.is_identity()) {
        return Err(Error::InvalidPoint { curve: "secp256k1" });
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(&q.to_affine().x());
    Ok(out)
}

/// P2TR address (`bc1p...` on mainnet) for a single key, BIP-86 (key path only, no script
/// tree): segwit v1, bech32m, program = the tweaked output key.
pub fn bitcoin_p2tr(public_key: &[u8], network: Network) -> Result<String> {
    let q = taproot_output_key(public_key)?;
    // A 32-byte v1 program under a fixed HRP always encodes.
    bech32::segwit::encode_v1(network.hrp(), &q).map_err(|_| Error::Internal {
        what: "bech32m taproot address encoding",
    })
}
