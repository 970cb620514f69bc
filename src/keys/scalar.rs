//! Canonical-scalar checks: a key is a 32-byte big-endian integer in `1..n` for its curve.

use curve25519_dalek::scalar::Scalar as EdScalar;
use k256::elliptic_curve::ff::PrimeField;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::curve::CurveId;
use crate::error::{Error, Result};

/// The StarkNet curve order
/// `n = 0x0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2f`, big-endian.
pub const STARK_ORDER: [u8; 32] = [
    0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xb7, 0x81, 0x12, 0x6d, 0xca, 0xe7, 0xb2, 0x32, 0x1e, 0x66, 0xa2, 0x41, 0xad, 0xc6, 0x4d, 0x2f,
];

/// `a < b` for 32-byte big-endian integers, in constant time (a borrow chain over `a - b`).
pub(crate) fn be_less_than(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let mut borrow = 0u16;
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        let diff = u16::from(*x)
            .wrapping_sub(u16::from(*y))
            .wrapping_sub(borrow);
        borrow = (diff >> 15) & 1;
    }
    borrow == 1
}

/// Whether all 32 bytes are zero, in constant time.
fn is_zero(bytes: &[u8; 32]) -> bool {
    bool::from(bytes.ct_eq(&[0u8; 32]))
}

/// Whether `bytes` is a canonical encoding on `curve` (below the order); zero allowed.
fn below_order(curve: CurveId, bytes: &[u8; 32]) -> bool {
    match curve {
        CurveId::Secp256k1 => {
            bool::from(k256::Scalar::from_repr(k256::FieldBytes::from(*bytes)).is_some())
        }
        CurveId::Ed25519 => {
            let mut le = Zeroizing::new(*bytes);
            le.reverse();
            bool::from(EdScalar::from_canonical_bytes(*le).is_some())
        }
        CurveId::Stark => be_less_than(bytes, &STARK_ORDER),
    }
}

/// Check that `bytes` is a valid key on `curve`: non-zero and below the group order.
///
/// Every curve writes keys as 32 bytes big-endian (DESIGN.md), ed25519 included.
pub(crate) fn check_key_scalar(curve: CurveId, bytes: &[u8; 32]) -> Result<()> {
    if is_zero(bytes) {
        return Err(Error::ZeroScalar);
    }
    if !below_order(curve, bytes) {
        return Err(Error::ScalarOutOfRange {
            curve: curve.as_str(),
        });
    }
    Ok(())
}

/// A secp256k1 scalar from a checked key (zeroized when dropped).
pub(crate) fn secp256k1_scalar(bytes: &[u8; 32]) -> Result<Zeroizing<k256::Scalar>> {
    check_key_scalar(CurveId::Secp256k1, bytes)?;
    Option::<k256::Scalar>::from(k256::Scalar::from_repr(k256::FieldBytes::from(*bytes)))
        .map(Zeroizing::new)
        .ok_or(Error::ScalarOutOfRange {
            curve: CurveId::Secp256k1.as_str(),
        })
}

/// An ed25519 scalar from a checked big-endian key (zeroized when dropped).
pub(crate) fn ed25519_scalar(bytes: &[u8; 32]) -> Result<Zeroizing<EdScalar>> {
    check_key_scalar(CurveId::Ed25519, bytes)?;
    let mut le = Zeroizing::new(*bytes);
    le.reverse();
    Option::<EdScalar>::from(EdScalar::from_canonical_bytes(*le))
        .map(Zeroizing::new)
        .ok_or(Error::ScalarOutOfRange {
            curve: CurveId::Ed25519.as_str(),
        })
}
