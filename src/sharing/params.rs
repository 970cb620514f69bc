//! [`Threshold`] and [`ShareIndex`]: the two numbers of a sharing, checked once.
//!
//! The API carries the threshold as a `u32` (`minSigners`), the hpke-v1 payload and context as
//! a `u16`, and the sharing code counts in `usize`. Each conversion happens here, with one error
//! for one kind of overflow, so every caller refuses the same values with the same message.

use core::fmt;

use super::MAX_SHARES;
use crate::curve::Curve;
use crate::error::{Error, Result};
use crate::sharing::Identifier;

/// The threshold `t` of a sharing (the API's `minSigners`): `2 <= t <= MAX_SHARES`, and never
/// more than the number of signers it was checked against.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Threshold(u16);

impl Threshold {
    /// `t` for a sharing among `n` signers: `2 <= t <= n <= MAX_SHARES`.
    ///
    /// # Errors
    /// [`Error::TooManyShares`] for `n > MAX_SHARES`; [`Error::InvalidThreshold`] for `t < 2`
    /// or `t > n`.
    pub fn for_signers(t: usize, n: usize) -> Result<Self> {
        if n > MAX_SHARES {
            return Err(Error::TooManyShares { n, max: MAX_SHARES });
        }
        if t < 2 || t > n {
            return Err(Error::InvalidThreshold { threshold: t, n });
        }
        // t <= n <= MAX_SHARES < 2^16.
        u16::try_from(t)
            .map(Self)
            .map_err(|_| Error::InvalidThreshold { threshold: t, n })
    }

    /// `t` on its own, before the number of signers is known: `2 <= t <= MAX_SHARES`.
    ///
    /// # Errors
    /// [`Error::InvalidThreshold`] for `t < 2` or `t > MAX_SHARES`.
    pub fn new(t: usize) -> Result<Self> {
        Self::for_signers(t, MAX_SHARES)
    }

    /// The API's `minSigners` for a sharing among `n` signers: as [`Threshold::for_signers`].
    ///
    /// # Errors
    /// As [`Threshold::for_signers`].
    pub fn from_min_signers(min_signers: u32, n: usize) -> Result<Self> {
        Self::for_signers(usize::try_from(min_signers).unwrap_or(usize::MAX), n)
    }

    /// `t` as a count.
    pub const fn get(self) -> usize {
        self.0 as usize
    }

    /// `t` as the 16-bit field of the hpke-v1 payload and context.
    pub const fn to_u16(self) -> u16 {
        self.0
    }

    /// `t` as the API's `minSigners`.
    pub const fn to_u32(self) -> u32 {
        self.0 as u32
    }
}

impl fmt::Debug for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Threshold({})", self.0)
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A share's index (its x-coordinate) in a keyport dealing: `1 <= index <= MAX_SHARES`.
/// Index `i` goes to the `i`-th signer in signer-id byte order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShareIndex(u16);

impl ShareIndex {
    /// The index of the signer at 0-based `position` in signer order: `position + 1`.
    ///
    /// # Errors
    /// [`Error::TooManyShares`] when `position + 1 > MAX_SHARES`.
    pub fn from_position(position: usize) -> Result<Self> {
        let n = position.saturating_add(1);
        if n > MAX_SHARES {
            return Err(Error::TooManyShares { n, max: MAX_SHARES });
        }
        u16::try_from(n)
            .map(Self)
            .map_err(|_| Error::TooManyShares { n, max: MAX_SHARES })
    }

    /// An index as a payload or a stored share carries it.
    ///
    /// # Errors
    /// [`Error::ZeroScalar`] for 0 (the secret lives at x = 0); [`Error::TooManyShares`] past
    /// `MAX_SHARES`.
    pub fn new(index: u16) -> Result<Self> {
        if index == 0 {
            return Err(Error::ZeroScalar);
        }
        Self::from_position(usize::from(index) - 1)
    }

    /// The index, 1-based.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The 0-based position of its signer in signer order.
    pub const fn position(self) -> usize {
        self.0 as usize - 1
    }

    /// The share's x-coordinate on curve `C`.
    pub fn identifier<C: Curve>(self) -> Identifier<C> {
        Identifier::from_nonzero_index(self.0)
    }
}

impl fmt::Debug for ShareIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ShareIndex({})", self.0)
    }
}

impl fmt::Display for ShareIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::Secp256k1;

    #[test]
    fn threshold_bounds_and_one_error_per_overflow() {
        assert_eq!(Threshold::for_signers(2, 2).unwrap().get(), 2);
        assert_eq!(
            Threshold::for_signers(MAX_SHARES, MAX_SHARES)
                .unwrap()
                .to_u16(),
            4096
        );
        assert_eq!(
            Threshold::for_signers(1, 5),
            Err(Error::InvalidThreshold { threshold: 1, n: 5 })
        );
        assert_eq!(
            Threshold::for_signers(6, 5),
            Err(Error::InvalidThreshold { threshold: 6, n: 5 })
        );
        assert_eq!(
            Threshold::for_signers(2, MAX_SHARES + 1),
            Err(Error::TooManyShares {
                n: MAX_SHARES + 1,
                max: MAX_SHARES
            })
        );
        assert_eq!(
            Threshold::from_min_signers(u32::MAX, 5),
            Err(Error::InvalidThreshold {
                threshold: u32::MAX as usize,
                n: 5
            })
        );
        assert_eq!(Threshold::from_min_signers(3, 5).unwrap().to_u32(), 3);
    }

    #[test]
    fn share_index_bounds() {
        assert_eq!(ShareIndex::from_position(0).unwrap().get(), 1);
        assert_eq!(ShareIndex::from_position(4095).unwrap().get(), 4096);
        assert_eq!(
            ShareIndex::from_position(4096),
            Err(Error::TooManyShares { n: 4097, max: 4096 })
        );
        assert_eq!(
            ShareIndex::from_position(usize::MAX),
            Err(Error::TooManyShares {
                n: usize::MAX,
                max: 4096
            })
        );
        assert_eq!(ShareIndex::new(0), Err(Error::ZeroScalar));
        assert_eq!(
            ShareIndex::new(4097),
            Err(Error::TooManyShares { n: 4097, max: 4096 })
        );
        let i = ShareIndex::new(7).unwrap();
        assert_eq!(i.position(), 6);
        assert_eq!(
            i.identifier::<Secp256k1>().to_be_bytes(),
            Identifier::<Secp256k1>::from_index(7)
                .unwrap()
                .to_be_bytes()
        );
    }
}
