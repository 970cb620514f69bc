//! Ethereum addresses: the last 20 bytes of `keccak256(x || y)`, with the EIP-55 checksum.

use alloc::string::String;

use k256::elliptic_curve::point::AffineCoordinates;

use super::hash::keccak256;
use crate::curve::secp256k1::decode_affine;
use crate::error::Result;

/// The EIP-55 checksummed address (`0x` + 40 hex digits) of a secp256k1 public key
/// (33 or 65 bytes).
pub fn ethereum_address(public_key: &[u8]) -> Result<String> {
    let point = decode_affine(public_key)?;
    let mut xy = [0u8; 64];
    xy[..32].copy_from_slice(&point.x());
    xy[32..].copy_from_slice(&point.y());
    let digest = keccak256(&xy);
    let lower = hex::encode(digest.get(12..).unwrap_or_default());
    // EIP-55: uppercase the i-th hex letter when the i-th nibble of keccak256(lower) >= 8.
    let check = keccak256(lower.as_bytes());
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in lower.chars().enumerate() {
        let byte = check.get(i / 2).copied().unwrap_or(0);
        let nibble = if i % 2 == 0 { byte >> 4 } else { byte & 0x0f };
        out.push(if nibble >= 8 {
            c.to_ascii_uppercase()
        } else {
            c
        });
    }
    Ok(out)
}
