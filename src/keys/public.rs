//! Public keys from secret scalars (what a user checks a key by).

use curve25519_dalek::edwards::EdwardsPoint;
use k256::elliptic_curve::group::GroupEncoding;

use super::scalar::{ed25519_scalar, secp256k1_scalar};
use crate::error::Result;

/// The compressed (33-byte SEC1) secp256k1 public key `G·k` of a 32-byte big-endian key.
///
/// The key must be canonical and non-zero.
pub fn secp256k1_public_key(secret_be: &[u8; 32]) -> Result<[u8; 33]> {
    let k = secp256k1_scalar(secret_be)?;
    let point = k256::ProjectivePoint::mul_by_generator(&k).to_affine();
    Ok(point.to_bytes().into())
}

/// The RFC 8032 ed25519 public key `G·s` of a 32-byte big-endian scalar.
///
/// The scalar must be canonical (below L) and non-zero. For a key held as an RFC 8032 seed,
/// pass the scalar from [`super::ed25519_scalar_from_seed`].
pub fn ed25519_public_key(scalar_be: &[u8; 32]) -> Result<[u8; 32]> {
    let s = ed25519_scalar(scalar_be)?;
    Ok(EdwardsPoint::mul_base(&s).compress().to_bytes())
}

/// Decode a secp256k1 public key, compressed (33 bytes) or uncompressed (65 bytes).
pub(crate) fn decode_secp256k1_point(bytes: &[u8]) -> Result<k256::AffinePoint> {
    if bytes.len() != 33 && bytes.len() != 65 {
        return Err(crate::error::Error::PointLength {
            curve: "secp256k1",
            actual: bytes.len(),
        });
    }
    // The curve's decoder holds the rules (canonical tags only, on the curve, not the identity).
    <crate::curve::Secp256k1 as crate::curve::Curve>::decode_point(bytes).map(|p| p.to_affine())
}

/// The 33-byte compressed encoding of a secp256k1 point (which must not be the identity).
pub(crate) fn compress_secp256k1(point: &k256::AffinePoint) -> [u8; 33] {
    point.to_bytes().into()
}
