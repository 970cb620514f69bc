//! # keyport
//!
//! Move private keys into and out of threshold-signing (MPC) wallet networks without the key
//! ever crossing the wire in one piece.
//!
//! keyport splits a key into Shamir shares with Feldman commitments, encrypts each share to one
//! signer, and builds the import request; on export it decrypts the signers' shares, rebuilds
//! the key, checks it against the public key and names any signer whose share was wrong.
//!
//! A whole import and export against an in-process signer cluster:
//!
//! ```
//! use keyport::curve::CurveId;
//! use keyport::envelope::EnvelopeKind;
//! use keyport::export::{ExpectedKey, ExportContext};
//! use keyport::import::{build_import_request, ImportKey, ImportOptions};
//! use keyport::protocol::Protocol;
//! use keyport::signer::Cluster;
//! use zeroize::Zeroizing;
//!
//! # fn main() -> keyport::Result<()> {
//! let mut rng = keyport::rng::os_rng()?;
//! // The other side: five signers speaking hpke-v1, as a ListSigners response would list them.
//! let mut cluster = Cluster::generate(5, EnvelopeKind::HpkeV1, &mut rng);
//! let signers = cluster.list_signers().select(None)?;
//!
//! // Import: split the key 3-of-5 and seal one share to each signer.
//! let key = Zeroizing::new([0x42u8; 32]);
//! let options = ImportOptions::new(CurveId::Secp256k1, Protocol::Cggmp21, 3);
//! let request = build_import_request(&ImportKey::Scalar(key.clone()), &signers, &options)?;
//! let public_key = cluster.accept_import("key-1", &request)?; // every signer verifies
//!
//! // Export: a one-time key, the signers answer, the client rebuilds the key and checks it
//! // against the public key it expects (never the one the response claims).
//! let expected = ExpectedKey::from_hex(CurveId::Secp256k1, &public_key)?;
//! let export = ExportContext::new(EnvelopeKind::HpkeV1)?;
//! let response = cluster.answer_export("key-1", &export.request(), &mut rng)?;
//! let recovered = export.recover(&response, &expected)?;
//! assert_eq!(*recovered.secret, *key);
//! assert_eq!(hex::encode(&recovered.public_key), public_key);
//! assert!(recovered.bad_signers.is_empty());
//! # Ok(())
//! # }
//! ```
//!
//! The sharing layer on its own:
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
//! See `SPEC.md` for every byte format and `ARCHITECTURE.md` for the map of the code.
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
#[cfg(feature = "nitro")]
pub mod attest;
pub mod curve;
pub mod envelope;
pub mod error;
pub mod export;
pub mod import;
pub mod json;
pub mod keys;
pub mod payload;
pub mod protocol;
pub mod rng;
pub mod secret;
// Without the reference signer, the signer's half of the seam is unused.
#[cfg_attr(not(feature = "signer"), allow(dead_code))]
mod share_codec;
pub mod sharing;
#[cfg(feature = "signer")]
pub mod signer;
pub mod signer_id;
pub mod signers;

pub use error::{Error, ErrorKind, Result};
pub use secret::SecretScalar;
