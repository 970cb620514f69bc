//! [`SecretScalar`]: a non-zero private key on some curve, zeroized on drop.

use core::fmt;

use ff::Field;
use rand_core::CryptoRng;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::curve::{Curve, PointForm, SCALAR_LEN, decode_nonzero_scalar};
use crate::error::{Error, Result};

/// A non-zero secret scalar (a private key or a reconstructed secret) on curve `C`.
///
/// The value is wiped from memory when dropped, and `Debug` prints `<redacted>`.
pub struct SecretScalar<C: Curve>(C::Scalar);

impl<C: Curve> SecretScalar<C> {
    /// Wrap a scalar, rejecting zero.
    pub fn new(scalar: C::Scalar) -> Result<Self> {
        if bool::from(scalar.is_zero()) {
            return Err(Error::ZeroScalar);
        }
        Ok(Self(scalar))
    }

    /// Decode a canonical, non-zero, 32-byte big-endian scalar.
    pub fn from_be_bytes(bytes: &[u8]) -> Result<Self> {
        decode_nonzero_scalar::<C>(bytes).map(Self)
    }

    /// A uniformly random non-zero scalar.
    pub fn random<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        loop {
            let s = C::Scalar::random(rng);
            if !bool::from(s.is_zero()) {
                return Self(s);
            }
        }
    }

    /// The scalar as 32 big-endian bytes, in a buffer that is wiped on drop.
    pub fn to_be_bytes(&self) -> Zeroizing<[u8; SCALAR_LEN]> {
        Zeroizing::new(C::scalar_to_be_bytes(&self.0))
    }

    /// Borrow the scalar for arithmetic.
    pub fn expose(&self) -> &C::Scalar {
        &self.0
    }

    /// The public key `G·s`.
    pub fn public_key(&self) -> C::Point {
        C::mul_base(&self.0)
    }

    /// The encoded public key `G·s`.
    pub fn public_key_bytes(&self, form: PointForm) -> Result<alloc::vec::Vec<u8>> {
        C::encode_point(&self.public_key(), form)
    }
}

impl<C: Curve> Clone for SecretScalar<C> {
    fn clone(&self) -> Self {
        Self(self.0)
    }
}

impl<C: Curve> PartialEq for SecretScalar<C> {
    /// Constant-time comparison.
    fn eq(&self, other: &Self) -> bool {
        bool::from(self.0.ct_eq(&other.0))
    }
}

impl<C: Curve> Eq for SecretScalar<C> {}

impl<C: Curve> Drop for SecretScalar<C> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<C: Curve> ZeroizeOnDrop for SecretScalar<C> {}

impl<C: Curve> fmt::Debug for SecretScalar<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretScalar<{}>(<redacted>)", C::ID)
    }
}
