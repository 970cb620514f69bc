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
//! use keyport::{
//!     CurveId, EnvelopeKind, ExpectedKey, ExportContext, ImportKey, ImportOptions, Protocol,
//! };
//! use zeroize::Zeroizing;
//!
//! # fn main() -> keyport::Result<()> {
//! let mut rng = keyport::os_rng()?;
//! // The other side: five signers speaking hpke-v1, as a ListSigners response would list them.
//! let mut cluster = keyport::signer::Cluster::generate(5, EnvelopeKind::HpkeV1, &mut rng);
//! let signers = cluster.list_signers().select(None)?;
//!
//! // Import: split the key 3-of-5 and seal one share to each signer.
//! let key = Zeroizing::new([0x42u8; 32]);
//! let options = ImportOptions::new(CurveId::Secp256k1, Protocol::Cggmp21, 3);
//! let request = keyport::build_import_request(&ImportKey::Scalar(key.clone()), &signers, &options)?;
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
//! For many keys to the same signers, decode the signers once with [`PreparedSigners::new`]
//! and pass that to [`build_import_request`] instead of the list.
//!
//! # The API map
//!
//! - **The root**: the everyday types and functions above; the checks that the signers are
//!   the ones meant ([`SignerSet`], [`Fingerprint`], the lock file's [`SetDiff`], signed
//!   manifests); [`Error`], [`ErrorKind`] and [`Result`].
//! - [`api`]: the Dfns API's JSON bodies. [`keys`]: key formats, BIP-32/39, addresses.
//!   [`json`]: keyport's strict JSON reader and writer for secret-bearing text.
//!   [`signer`] (feature `signer`): the reference signer and in-process cluster.
//!   `attest` (feature `nitro`): AWS Nitro attestation.
//! - [`hazmat`]: sharing, raw envelopes, payloads, curves and the caller's-RNG variants, with
//!   what each costs when misused. The sharing layer on its own:
//!
//! ```
//! use keyport::hazmat::{curve::Secp256k1, sharing, SecretScalar};
//!
//! # fn main() -> keyport::Result<()> {
//! let mut rng = keyport::os_rng()?;
//! let key = SecretScalar::<Secp256k1>::random(&mut rng);
//! let dealing = sharing::split(&key, 3, 5, &mut rng)?;
//! let commitments = dealing.commitments();
//! for share in dealing.shares() {
//!     sharing::verify_share(share, &commitments)?;
//! }
//! // Any 3 of the 5 shares rebuild the key, checked against the public key.
//! let rebuilt = sharing::reconstruct(&dealing.shares()[1..4], 3, &key.public_key())?;
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

/// Run `$body` with `$C` bound to the curve type named by a runtime [`CurveId`] (for the
/// generic [`hazmat`] functions; the tests and benches use it too).
#[doc(hidden)]
#[macro_export]
macro_rules! with_curve {
    ($id:expr, $C:ident => $body:expr) => {
        match $id {
            $crate::CurveId::Secp256k1 => {
                type $C = $crate::hazmat::curve::Secp256k1;
                $body
            }
            $crate::CurveId::Ed25519 => {
                type $C = $crate::hazmat::curve::Ed25519;
                $body
            }
            $crate::CurveId::Stark => {
                type $C = $crate::hazmat::curve::Stark;
                $body
            }
        }
    };
}

pub mod api;
#[cfg(feature = "nitro")]
pub mod attest;
mod curve;
mod envelope;
mod error;
mod export;
pub mod hazmat;
mod import;
pub mod json;
pub mod keys;
mod payload;
mod protocol;
mod rng;
mod secret;
// Without the reference signer, the signer's half of the seam is unused.
#[cfg_attr(not(feature = "signer"), allow(dead_code))]
mod share_codec;
mod sharing;
#[cfg(feature = "signer")]
pub mod signer;
mod signer_id;
mod signers;

pub use curve::CurveId;
pub use envelope::{DecryptionKey, EnvelopeKind};
pub use error::{Error, ErrorKind, Result};
pub use export::{
    ExpectedKey, ExportContext, MAX_EXPORT_SIGNERS, PrivateKeyField, RecoveredKey, RecoveryWarning,
};
pub use import::{
    EnvelopeChoice, ImportKey, ImportOptions, ImportSigners, MAX_NAME_CHARS, PreparedSigners,
    build_import_request,
};
pub use protocol::{Protocol, VALID_PAIRS, check_pair};
pub use rng::{OsRng, os_rng};
pub use sharing::Threshold;
pub use signer_id::{MAX_SIGNER_ID_LEN, SignerId};
pub use signers::{Fingerprint, PinnedBy, PreparedSigner, SetDiff, SignerSet, select_cluster};
#[cfg(feature = "manifest")]
pub use signers::{MANIFEST_DOMAIN, Manifest, ManifestKey, ManifestSigningKey, SignedManifest};
