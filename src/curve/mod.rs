//! Curves keyport can share keys on, behind one [`Curve`] trait.
//!
//! Every curve speaks the same wire conventions (see SPEC.md): scalars are 32 bytes big-endian,
//! points are SEC1-style compressed (33 bytes) or uncompressed (65 bytes) for secp256k1 and
//! stark, and the RFC 8032 32-byte encoding for ed25519.

use alloc::vec::Vec;
use core::fmt;

use ff::{Field, PrimeField};
use group::Group;
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::error::{Error, Result};

pub mod ed25519;
pub mod secp256k1;
pub mod stark;

pub use ed25519::Ed25519;
pub use secp256k1::Secp256k1;
pub use stark::Stark;

/// Length in bytes of every scalar on the wire.
pub const SCALAR_LEN: usize = 32;

/// Which form a point is encoded in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PointForm {
    /// SEC1 compressed (33 bytes) on short-Weierstrass curves; the RFC 8032 encoding on ed25519.
    Compressed,
    /// SEC1 uncompressed (`04 || x || y`, 65 bytes) on short-Weierstrass curves; on ed25519 this
    /// is the same 32-byte encoding as `Compressed`.
    Uncompressed,
}

/// The curves keyport supports, as a runtime value (the API names them by string).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CurveId {
    /// secp256k1 (Bitcoin, Ethereum).
    Secp256k1,
    /// Edwards25519 (EdDSA, Solana).
    Ed25519,
    /// The StarkNet curve.
    Stark,
}

impl CurveId {
    /// Every supported curve.
    pub const ALL: [CurveId; 3] = [CurveId::Secp256k1, CurveId::Ed25519, CurveId::Stark];

    /// The name the HTTP API and the dfns-v1 plaintexts use.
    pub const fn as_str(self) -> &'static str {
        match self {
            CurveId::Secp256k1 => "secp256k1",
            CurveId::Ed25519 => "ed25519",
            CurveId::Stark => "stark",
        }
    }

    /// The one-byte id used in binary encodings (hpke-v1 payloads and context).
    pub const fn to_byte(self) -> u8 {
        match self {
            CurveId::Secp256k1 => 1,
            CurveId::Ed25519 => 2,
            CurveId::Stark => 3,
        }
    }

    /// Inverse of [`CurveId::to_byte`].
    pub fn from_byte(b: u8) -> Result<Self> {
        match b {
            1 => Ok(CurveId::Secp256k1),
            2 => Ok(CurveId::Ed25519),
            3 => Ok(CurveId::Stark),
            _ => Err(Error::Malformed {
                what: "curve id",
                reason: alloc::format!("unknown curve id byte {b}; expected 1, 2 or 3"),
            }),
        }
    }

    /// Length of a compressed point on this curve.
    pub const fn compressed_len(self) -> usize {
        match self {
            CurveId::Ed25519 => 32,
            _ => 33,
        }
    }
}

impl fmt::Display for CurveId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::str::FromStr for CurveId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "secp256k1" => Ok(CurveId::Secp256k1),
            "ed25519" => Ok(CurveId::Ed25519),
            "stark" => Ok(CurveId::Stark),
            other => Err(Error::UnknownCurve(other.into())),
        }
    }
}

/// A prime-order group keyport can share secrets in.
///
/// Implementations decode strictly: wrong lengths, values at or above the order, non-canonical
/// encodings, off-curve points and the identity are all errors (the identity only where a point
/// is decoded; arithmetic can of course produce it).
pub trait Curve:
    'static + Copy + Clone + fmt::Debug + Default + Send + Sync + PartialEq + Eq
{
    /// The scalar field (integers mod the group order).
    type Scalar: PrimeField + Zeroize + ConstantTimeEq + Send + Sync;
    /// A group element.
    type Point: Group<Scalar = Self::Scalar> + ConstantTimeEq + Send + Sync;

    /// The runtime id of this curve.
    const ID: CurveId;
    /// Length of a compressed point.
    const COMPRESSED_LEN: usize;
    /// Length of an uncompressed point (equal to `COMPRESSED_LEN` on ed25519).
    const UNCOMPRESSED_LEN: usize;

    /// Decode a canonical 32-byte big-endian scalar. Zero is allowed here; callers that need a
    /// key use [`decode_nonzero_scalar`].
    fn scalar_from_be_bytes(bytes: &[u8]) -> Result<Self::Scalar>;

    /// Encode a scalar as 32 bytes, big-endian.
    fn scalar_to_be_bytes(s: &Self::Scalar) -> [u8; SCALAR_LEN];

    /// `G·s` using a precomputed fixed-base table.
    fn mul_base(s: &Self::Scalar) -> Self::Point;

    /// Encode a non-identity point. The identity is an error.
    fn encode_point(p: &Self::Point, form: PointForm) -> Result<Vec<u8>>;

    /// Encode many points at once; implementations normalise them with a single inversion.
    fn encode_points(points: &[Self::Point], form: PointForm) -> Result<Vec<Vec<u8>>> {
        points.iter().map(|p| Self::encode_point(p, form)).collect()
    }

    /// Decode a point in either form (the length says which). Rejects the identity, off-curve
    /// points, non-canonical encodings and (ed25519) points outside the prime-order subgroup.
    fn decode_point(bytes: &[u8]) -> Result<Self::Point>;
}

/// Decode a 32-byte big-endian scalar that must be non-zero (a key, a share, an index).
pub fn decode_nonzero_scalar<C: Curve>(bytes: &[u8]) -> Result<C::Scalar> {
    let s = C::scalar_from_be_bytes(bytes)?;
    if bool::from(s.is_zero()) {
        return Err(Error::ZeroScalar);
    }
    Ok(s)
}

/// [`decode_nonzero_scalar`] for a curve known only at run time, keeping nothing: checks that
/// `bytes` is a key on `curve` (32 bytes big-endian, non-zero, below the group order).
pub(crate) fn check_nonzero_scalar(curve: CurveId, bytes: &[u8]) -> Result<()> {
    crate::with_curve!(curve, C => {
        decode_nonzero_scalar::<C>(bytes).map(|mut s| s.zeroize())
    })
}

/// An encoded point on `curve` as an `N`-byte array, for callers that hold one form of one
/// curve (the length was fixed by the encoder or decoder; a mismatch is a length error).
pub(crate) fn point_array<const N: usize>(curve: CurveId, encoded: &[u8]) -> Result<[u8; N]> {
    encoded.try_into().map_err(|_| Error::PointLength {
        curve: curve.as_str(),
        actual: encoded.len(),
    })
}

/// Check that a scalar slice is exactly 32 bytes.
pub(crate) fn check_scalar_len(bytes: &[u8]) -> Result<&[u8; SCALAR_LEN]> {
    bytes.try_into().map_err(|_| Error::ScalarLength {
        expected: SCALAR_LEN,
        actual: bytes.len(),
    })
}

/// Compare two points' encodings in constant time (`a == b`).
pub fn points_equal<C: Curve>(a: &C::Point, b: &C::Point) -> bool {
    bool::from(a.ct_eq(b))
}
