//! Public keys from secret scalars (what a user checks a key by), as fixed-size arrays.
//!
//! The rules (which scalars are keys, how a point is encoded) are the curve module's; this
//! module only gives them the array shapes the key formats and addresses use.

use crate::curve::{Curve, Ed25519, PointForm, Secp256k1, point_array};
use crate::error::Result;
use crate::secret::SecretScalar;

/// The compressed (33-byte SEC1) secp256k1 public key `G·k` of a 32-byte big-endian key.
///
/// The key must be canonical and non-zero.
pub fn secp256k1_public_key(secret_be: &[u8; 32]) -> Result<[u8; 33]> {
    compressed_public_key::<Secp256k1, 33>(secret_be)
}

/// The RFC 8032 ed25519 public key `G·s` of a 32-byte big-endian scalar.
///
/// The scalar must be canonical (below L) and non-zero. For a key held as an RFC 8032 seed,
/// use [`super::ParsedKey::from_ed25519_seed`] and its `public_key`.
pub fn ed25519_public_key(scalar_be: &[u8; 32]) -> Result<[u8; 32]> {
    compressed_public_key::<Ed25519, 32>(scalar_be)
}

/// `G·s` of a checked key on `C`, compressed, as an `N`-byte array.
fn compressed_public_key<C: Curve, const N: usize>(secret_be: &[u8; 32]) -> Result<[u8; N]> {
    let encoded =
        SecretScalar::<C>::from_be_bytes(secret_be)?.public_key_bytes(PointForm::Compressed)?;
    point_array(C::ID, &encoded)
}
