//! The one error type of keyport.
//!
//! Every variant says what was wrong and, where it helps, what to do about it. No variant carries
//! secret material: messages name lengths, indices, signer ids and public values only.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// Shorthand for `core::result::Result<T, keyport::Error>`.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Everything that can go wrong in keyport.
///
/// The `Display` text is meant for the person who has to fix the input; it never contains
/// secret bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A scalar had the wrong number of bytes.
    ScalarLength {
        /// Bytes expected.
        expected: usize,
        /// Bytes given.
        actual: usize,
    },
    /// A scalar was not below the group order (non-canonical encoding).
    ScalarOutOfRange {
        /// The curve whose order was exceeded.
        curve: &'static str,
    },
    /// A scalar that must be non-zero (a key, a share, an index) was zero.
    ZeroScalar,
    /// A point encoding had an unexpected length.
    PointLength {
        /// The curve being decoded.
        curve: &'static str,
        /// Bytes given.
        actual: usize,
    },
    /// A point encoding did not describe a point on the curve (or was not canonical).
    InvalidPoint {
        /// The curve being decoded.
        curve: &'static str,
    },
    /// The identity (point at infinity) was given where a real point is required.
    IdentityPoint,
    /// A point is not in the prime-order subgroup (ed25519 torsion).
    PointNotInSubgroup,
    /// The threshold `t` or the number of shares `n` is out of range.
    InvalidThreshold {
        /// Threshold asked for.
        threshold: usize,
        /// Number of shares / signers.
        n: usize,
    },
    /// More shares than keyport supports in one sharing.
    TooManyShares {
        /// Shares asked for.
        n: usize,
        /// The largest supported number.
        max: usize,
    },
    /// Fewer shares were supplied than the threshold requires.
    NotEnoughShares {
        /// Shares supplied (valid ones).
        got: usize,
        /// Threshold.
        needed: usize,
    },
    /// Two shares carried the same index.
    DuplicateShareIndex,
    /// A share does not match the Feldman commitments (it is corrupted or was tampered with).
    ShareVerificationFailed {
        /// The share's index when it is a small integer, otherwise `None`.
        index: Option<u64>,
    },
    /// The reconstructed key does not match the expected public key.
    PublicKeyMismatch,
    /// Robust reconstruction found no consistent subset of shares matching the public key.
    ReconstructionFailed {
        /// Positions (0-based, in input order) of shares known or suspected to be bad.
        suspects: Vec<usize>,
    },
    /// Robust reconstruction would need to try more share subsets than the configured bound.
    SearchBoundExceeded {
        /// Subsets that would have to be tried.
        subsets: u128,
        /// The bound.
        bound: u128,
    },
    /// The operating system's random number generator could not be read.
    Randomness,
    /// The curve name is not one keyport knows.
    UnknownCurve(String),
    /// The protocol name is not one keyport knows.
    UnknownProtocol(String),
    /// The protocol does not run on the curve.
    UnsupportedScheme {
        /// Protocol asked for.
        protocol: &'static str,
        /// Curve asked for.
        curve: &'static str,
    },
    /// A format carried a version keyport does not speak.
    UnsupportedVersion {
        /// What was being parsed.
        what: &'static str,
        /// The version found.
        found: u32,
        /// The version keyport supports.
        supported: u32,
    },
    /// The requested signer cluster is not in the ListSigners response.
    UnknownCluster {
        /// The id asked for.
        requested: String,
        /// The ids present.
        available: Vec<String>,
    },
    /// The ListSigners response has several clusters and none was chosen.
    ClusterChoiceNeeded {
        /// The ids present.
        available: Vec<String>,
    },
    /// A generic malformed-input error with a description of what was expected.
    Malformed {
        /// What was being parsed.
        what: &'static str,
        /// What was wrong (no secret material).
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::ScalarLength { expected, actual } => write!(
                f,
                "scalar must be exactly {expected} bytes (big-endian), got {actual}; \
                 pad with leading zeros if it was shortened"
            ),
            Error::ScalarOutOfRange { curve } => write!(
                f,
                "scalar is not below the {curve} group order; pass the canonical (reduced) value"
            ),
            Error::ZeroScalar => f.write_str("scalar is zero; a key, share or share index must be non-zero"),
            Error::PointLength { curve, actual } => write!(
                f,
                "{curve} point encoding has {actual} bytes; expected a compressed or uncompressed encoding"
            ),
            Error::InvalidPoint { curve } => {
                write!(f, "bytes do not encode a canonical point on {curve}")
            }
            Error::IdentityPoint => f.write_str("point is the identity; a real public point is required"),
            Error::PointNotInSubgroup => {
                f.write_str("point is not in the prime-order subgroup (it has a torsion component)")
            }
            Error::InvalidThreshold { threshold, n } => write!(
                f,
                "threshold {threshold} of {n} is out of range: need 2 <= threshold <= number of signers"
            ),
            Error::TooManyShares { n, max } => {
                write!(f, "{n} shares requested; keyport supports at most {max}")
            }
            Error::NotEnoughShares { got, needed } => write!(
                f,
                "{got} usable share(s) but the threshold is {needed}; collect more shares"
            ),
            Error::DuplicateShareIndex => f.write_str("two shares have the same index; each signer must hold a distinct index"),
            Error::ShareVerificationFailed { index: Some(i) } => write!(
                f,
                "share {i} does not match the commitments; it is corrupted or was tampered with"
            ),
            Error::ShareVerificationFailed { index: None } => f.write_str(
                "a share does not match the commitments; it is corrupted or was tampered with",
            ),
            Error::PublicKeyMismatch => f.write_str(
                "the rebuilt key does not match the expected public key; a share is wrong or the public key belongs to another key",
            ),
            Error::ReconstructionFailed { suspects } => write!(
                f,
                "no consistent set of shares rebuilds a key matching the public key (suspect share positions: {suspects:?})"
            ),
            Error::SearchBoundExceeded { subsets, bound } => write!(
                f,
                "finding the bad shares would need {subsets} subset checks, above the bound of {bound}; remove shares known to be bad"
            ),
            Error::Randomness => f.write_str(
                "the operating system's random number generator is unavailable; keyport cannot create keys without it",
            ),
            Error::UnknownCurve(c) => write!(f, "unknown curve {c:?}; valid curves: secp256k1, ed25519, stark"),
            Error::UnknownProtocol(p) => write!(
                f,
                "unknown protocol {p:?}; valid protocols: CGGMP21, CGGMP24, KU23, FROST, FROST_BITCOIN, GLOW20_DH"
            ),
            Error::UnsupportedScheme { protocol, curve } => write!(
                f,
                "protocol {protocol} does not run on curve {curve}; valid pairs: {}",
                crate::protocol::valid_pairs_text()
            ),
            Error::UnsupportedVersion { what, found, supported } => write!(
                f,
                "{what} has version {found}; keyport supports version {supported}"
            ),
            Error::UnknownCluster { requested, available } => write!(
                f,
                "no signer cluster {requested:?}; the response has {available:?}"
            ),
            Error::ClusterChoiceNeeded { available } => write!(
                f,
                "the signers list has {} clusters; choose one of {available:?}",
                available.len()
            ),
            Error::Malformed { what, reason } => write!(f, "malformed {what}: {reason}"),
        }
    }
}

impl core::error::Error for Error {}
