//! # keyport
//!
//! Move private keys into and out of threshold-signing (MPC) wallet networks without the key
//! ever crossing the wire in one piece.
//!
//! keyport splits a key into Shamir shares with Feldman commitments, encrypts each share to one
//! signer, and builds the import request; on export it decrypts the signers' shares, rebuilds
//! the key, checks it against the public key and names any signer whose share was wrong.
//!
//! ```
//! use keyport::curve::{Curve, Secp256k1};
//! use keyport::sharing::{reconstruct, split, verify_share};
//! use keyport::SecretScalar;
//!
//! # fn main() -> keyport::Result<()> {
//! let mut rng = keyport::rng::os_rng()?;
//! let key = SecretScalar::<Secp256k1>::random(&mut rng);
//! let dealing = split(&key, 3, 5, &mut rng)?;
//! let commitments = dealing.commitments();
//! for share in dealing.shares() {
//!     verify_share(share, &commitments)?;
//! }
//! // Any 3 of the 5 shares rebuild the key, checked against the public key.
//! let rebuilt = reconstruct(&dealing.shares()[1..4], 3, &key.public_key())?;
//! assert!(rebuilt == key);
//! # Ok(())
//! # }
//! ```
//!
//! See `SPEC.md` for every byte format and `DESIGN.md`-style architecture notes in the README.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

/// Run `$body` with `$C` bound to the curve type named by a runtime [`curve::CurveId`].
#[doc(hidden)]
#[macro_export]
macro_rules! with_curve {
    ($id:expr, $C:ident => $body:expr) => {
        match $id {
            $crate::curve::CurveId::Secp256k1 => {
                type $C = $crate::curve::Secp256k1;
                $body
            }
            $crate::curve::CurveId::Ed25519 => {
                type $C = $crate::curve::Ed25519;
                $body
            }
            $crate::curve::CurveId::Stark => {
                type $C = $crate::curve::Stark;
                $body
            }
        }
    };
}

pub mod api;
pub mod curve;
pub mod envelope;
pub mod error;
pub mod export;
pub mod import;
pub mod keys;
pub mod payload;
pub mod protocol;
pub mod rng;
pub mod secret;
pub mod sharing;
#[cfg(feature = "signer")]
pub mod signer;
pub mod signers;

pub use error::{Error, Result};
pub use secret::SecretScalar;
