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
    /// Text that should hold a key (or key file) is not valid in the expected encoding.
    InvalidEncoding {
        /// What was being decoded (for example "WIF key").
        what: &'static str,
        /// The encoding that was expected (for example "base58").
        expected: &'static str,
    },
    /// A decoded key or key file had the wrong number of bytes (or entries).
    KeyLength {
        /// What was being decoded.
        what: &'static str,
        /// Bytes (or entries) expected.
        expected: usize,
        /// Bytes (or entries) found.
        actual: usize,
    },
    /// A hex key had the wrong number of digits (after an optional `0x`).
    HexDigits {
        /// Digits expected.
        expected: usize,
        /// Digits found.
        actual: usize,
    },
    /// A Base58Check or BIP-39 checksum did not match.
    ChecksumMismatch {
        /// What carried the checksum.
        what: &'static str,
    },
    /// A version (prefix) byte or word is not one keyport knows.
    UnknownVersion {
        /// What carried the version.
        what: &'static str,
        /// The version found (public, not secret).
        version: u32,
        /// The versions that are accepted.
        expected: &'static str,
    },
    /// The public half of a keypair is not the public key of its secret half.
    KeypairMismatch,
    /// A mnemonic has a word count BIP-39 does not allow.
    MnemonicWordCount {
        /// Words found.
        count: usize,
    },
    /// A mnemonic word is not in the BIP-39 English word list.
    MnemonicUnknownWord {
        /// 1-based position of the word (the word itself is never shown).
        position: usize,
    },
    /// A derivation path is malformed.
    InvalidPath {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A hardened child was asked of a public key (BIP-32 CKDpub), or of a threshold key.
    HardenedPublicDerivation {
        /// 1-based position of the hardened segment in the path.
        segment: usize,
    },
    /// SLIP-10 ed25519 derives hardened children only, and the path has a non-hardened segment.
    Slip10NonHardened {
        /// 1-based position of the non-hardened segment in the path.
        segment: usize,
    },
    /// A derived child key is invalid (BIP-32: I_L >= n or the child is zero/infinity).
    InvalidChildKey {
        /// 1-based position of the segment whose child is invalid.
        segment: usize,
    },
    /// A BIP-32 extended key is structurally invalid.
    InvalidExtendedKey {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// `auto` format detection found more than one format the input could be.
    AmbiguousFormat {
        /// The formats the input could be.
        candidates: Vec<&'static str>,
    },
    /// `auto` format detection could not recognise the input.
    UnrecognizedFormat,
    /// The key format name is not one keyport knows.
    UnknownFormat(String),
    /// A curve must be named for this input format.
    CurveRequired {
        /// The input format.
        format: &'static str,
    },
    /// The input format cannot hold keys on the requested curve.
    CurveMismatch {
        /// The input format.
        format: &'static str,
        /// The curve that was requested.
        curve: &'static str,
    },
    /// An option was given that this input format does not use.
    OptionNotApplicable {
        /// The option (for example "passphrase").
        option: &'static str,
        /// The input format.
        format: &'static str,
    },
    /// An encoding started with a version byte this reader does not handle.
    UnknownEnvelopeVersion {
        /// The version byte found.
        found: u8,
        /// The version bytes accepted at this place.
        known: &'static [u8],
    },
    /// A ciphertext is shorter than the smallest valid ciphertext of its envelope.
    CiphertextLength {
        /// The smallest valid length in bytes.
        min: usize,
        /// Bytes given.
        actual: usize,
    },
    /// A ciphertext did not open: it was sealed to another key or context, or it was altered.
    DecryptionFailed,
    /// The HPKE KEM id is not one keyport supports, or its KEM is not built in (features
    /// `hpke-p256`, `hpke-xwing`).
    UnsupportedKem {
        /// The KEM id found.
        kem: u16,
    },
    /// None of the offered HPKE (KDF, AEAD) pairs is one keyport supports.
    UnsupportedCipherSuite {
        /// The (KDF id, AEAD id) pairs that were offered, in order.
        offered: Vec<(u16, u16)>,
    },
    /// A hpke-v1 ciphertext names a key id other than the one of the key trying to open it.
    KeyIdMismatch {
        /// The key id of the secret key.
        expected: u8,
        /// The key id in the ciphertext.
        found: u8,
    },
    /// A hpke-v1 ciphertext names a KEM other than the one of the key trying to open it.
    KemMismatch {
        /// The KEM id of the secret key.
        expected: u16,
        /// The KEM id in the ciphertext.
        found: u16,
    },
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
    /// The same signer id appears twice.
    DuplicateSigner {
        /// The repeated id (base64; public).
        signer_id: String,
    },
    /// The signers list is empty.
    NoSigners,
    /// Signers publish keys for different envelopes.
    MixedEnvelopes {
        /// The first signer's envelope.
        first: &'static str,
        /// Another signer's envelope.
        other: &'static str,
        /// That other signer.
        signer_id: String,
    },
    /// An envelope was forced that a signer's key does not support.
    EnvelopeMismatch {
        /// The envelope asked for.
        requested: &'static str,
        /// The envelope of the signer's key.
        available: &'static str,
    },
    /// A master key (chain code) can only travel in hpke-v1 payloads.
    MasterKeyNeedsHpke,
    /// The key name is too long.
    NameTooLong {
        /// Characters given.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// Export recovery failed; names the signers whose shares were bad or unreadable.
    ExportFailed {
        /// Signers (base64 ids) whose shares could not be used.
        bad_signers: Vec<String>,
        /// Why the key could not be rebuilt.
        cause: alloc::boxed::Box<Error>,
    },
    /// An export response is for another key (or curve) than the one the client expects.
    ResponseKeyMismatch {
        /// The response field that differs: `curve` or `publicKey`.
        field: &'static str,
        /// What the client expects (public).
        expected: String,
        /// What the response says (public).
        found: String,
    },
    /// An export was recovered without saying which public key it must return.
    ExpectedKeyRequired,
    /// The expected key given to `recover` differs from the one the export context records.
    ExpectedKeyConflict {
        /// The key the context records, compressed hex.
        recorded: String,
        /// The key given, compressed hex.
        given: String,
    },
    /// An export response carries a share from a signer the client did not expect.
    UnexpectedSigner {
        /// The signer (canonical base64 id).
        signer_id: String,
    },
    /// A share from one signer could not be opened or parsed.
    SignerShare {
        /// The signer (base64 id).
        signer_id: String,
        /// What was wrong.
        cause: alloc::boxed::Box<Error>,
    },
    /// Signers were given shares of different sharings, or the public data is inconsistent.
    InconsistentDealing {
        /// What disagreed (public data only).
        detail: String,
    },
    /// A generic malformed-input error with a description of what was expected.
    Malformed {
        /// What was being parsed.
        what: &'static str,
        /// What was wrong (no secret material).
        reason: String,
    },
}

impl Error {
    /// A stable machine-readable code for the error: its variant name in SCREAMING_SNAKE_CASE
    /// (for example `DECRYPTION_FAILED`). Never contains input.
    pub const fn code(&self) -> &'static str {
        match self {
            Error::ScalarLength { .. } => "SCALAR_LENGTH",
            Error::ScalarOutOfRange { .. } => "SCALAR_OUT_OF_RANGE",
            Error::ZeroScalar => "ZERO_SCALAR",
            Error::PointLength { .. } => "POINT_LENGTH",
            Error::InvalidPoint { .. } => "INVALID_POINT",
            Error::IdentityPoint => "IDENTITY_POINT",
            Error::PointNotInSubgroup => "POINT_NOT_IN_SUBGROUP",
            Error::InvalidThreshold { .. } => "INVALID_THRESHOLD",
            Error::TooManyShares { .. } => "TOO_MANY_SHARES",
            Error::NotEnoughShares { .. } => "NOT_ENOUGH_SHARES",
            Error::DuplicateShareIndex => "DUPLICATE_SHARE_INDEX",
            Error::ShareVerificationFailed { .. } => "SHARE_VERIFICATION_FAILED",
            Error::PublicKeyMismatch => "PUBLIC_KEY_MISMATCH",
            Error::ReconstructionFailed { .. } => "RECONSTRUCTION_FAILED",
            Error::SearchBoundExceeded { .. } => "SEARCH_BOUND_EXCEEDED",
            Error::Randomness => "RANDOMNESS",
            Error::UnknownCurve(..) => "UNKNOWN_CURVE",
            Error::UnknownProtocol(..) => "UNKNOWN_PROTOCOL",
            Error::InvalidEncoding { .. } => "INVALID_ENCODING",
            Error::KeyLength { .. } => "KEY_LENGTH",
            Error::HexDigits { .. } => "HEX_DIGITS",
            Error::ChecksumMismatch { .. } => "CHECKSUM_MISMATCH",
            Error::UnknownVersion { .. } => "UNKNOWN_VERSION",
            Error::KeypairMismatch => "KEYPAIR_MISMATCH",
            Error::MnemonicWordCount { .. } => "MNEMONIC_WORD_COUNT",
            Error::MnemonicUnknownWord { .. } => "MNEMONIC_UNKNOWN_WORD",
            Error::InvalidPath { .. } => "INVALID_PATH",
            Error::HardenedPublicDerivation { .. } => "HARDENED_PUBLIC_DERIVATION",
            Error::Slip10NonHardened { .. } => "SLIP10_NON_HARDENED",
            Error::InvalidChildKey { .. } => "INVALID_CHILD_KEY",
            Error::InvalidExtendedKey { .. } => "INVALID_EXTENDED_KEY",
            Error::AmbiguousFormat { .. } => "AMBIGUOUS_FORMAT",
            Error::UnrecognizedFormat => "UNRECOGNIZED_FORMAT",
            Error::UnknownFormat(..) => "UNKNOWN_FORMAT",
            Error::CurveRequired { .. } => "CURVE_REQUIRED",
            Error::CurveMismatch { .. } => "CURVE_MISMATCH",
            Error::OptionNotApplicable { .. } => "OPTION_NOT_APPLICABLE",
            Error::UnknownEnvelopeVersion { .. } => "UNKNOWN_ENVELOPE_VERSION",
            Error::CiphertextLength { .. } => "CIPHERTEXT_LENGTH",
            Error::DecryptionFailed => "DECRYPTION_FAILED",
            Error::UnsupportedKem { .. } => "UNSUPPORTED_KEM",
            Error::UnsupportedCipherSuite { .. } => "UNSUPPORTED_CIPHER_SUITE",
            Error::KeyIdMismatch { .. } => "KEY_ID_MISMATCH",
            Error::KemMismatch { .. } => "KEM_MISMATCH",
            Error::UnsupportedScheme { .. } => "UNSUPPORTED_SCHEME",
            Error::UnsupportedVersion { .. } => "UNSUPPORTED_VERSION",
            Error::UnknownCluster { .. } => "UNKNOWN_CLUSTER",
            Error::ClusterChoiceNeeded { .. } => "CLUSTER_CHOICE_NEEDED",
            Error::DuplicateSigner { .. } => "DUPLICATE_SIGNER",
            Error::NoSigners => "NO_SIGNERS",
            Error::MixedEnvelopes { .. } => "MIXED_ENVELOPES",
            Error::EnvelopeMismatch { .. } => "ENVELOPE_MISMATCH",
            Error::MasterKeyNeedsHpke => "MASTER_KEY_NEEDS_HPKE",
            Error::NameTooLong { .. } => "NAME_TOO_LONG",
            Error::ExportFailed { .. } => "EXPORT_FAILED",
            Error::ResponseKeyMismatch { .. } => "RESPONSE_KEY_MISMATCH",
            Error::ExpectedKeyRequired => "EXPECTED_KEY_REQUIRED",
            Error::ExpectedKeyConflict { .. } => "EXPECTED_KEY_CONFLICT",
            Error::UnexpectedSigner { .. } => "UNEXPECTED_SIGNER",
            Error::SignerShare { .. } => "SIGNER_SHARE",
            Error::InconsistentDealing { .. } => "INCONSISTENT_DEALING",
            Error::Malformed { .. } => "MALFORMED",
        }
    }
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
            Error::InvalidEncoding { what, expected } => write!(
                f,
                "{what} is not valid {expected}; check that the whole value was copied and that the format is the right one"
            ),
            Error::KeyLength { what, expected, actual } => write!(
                f,
                "{what} must hold {expected} bytes, found {actual}; check that the whole value was copied and that the format is the right one"
            ),
            Error::HexDigits { expected, actual } if actual < expected => write!(
                f,
                "hex key has {actual} digits but needs exactly {expected}: leading zeros were probably lost; left-pad it with 0 to {expected} digits if so"
            ),
            Error::HexDigits { expected, actual } => write!(
                f,
                "hex key has {actual} digits but needs exactly {expected} (32 bytes, big-endian)"
            ),
            Error::ChecksumMismatch { what } => write!(
                f,
                "{what} checksum does not match: a character was mistyped, swapped or cut off"
            ),
            Error::UnknownVersion { what, version, expected } => write!(
                f,
                "{what} has version {version:#x}; expected {expected}"
            ),
            Error::KeypairMismatch => f.write_str(
                "the keypair's second half is not the public key of its first half; the file is corrupted or was put together from two keys",
            ),
            Error::MnemonicWordCount { count } => write!(
                f,
                "mnemonic has {count} words; BIP-39 mnemonics have 12, 15, 18, 21 or 24"
            ),
            Error::MnemonicUnknownWord { position } => write!(
                f,
                "mnemonic word {position} is not in the BIP-39 English word list; check its spelling"
            ),
            Error::InvalidPath { reason } => write!(
                f,
                "derivation path is malformed: {reason}; write it like m/44'/60'/0'/0/0"
            ),
            Error::HardenedPublicDerivation { segment } => write!(
                f,
                "segment {segment} of the path is hardened; hardened children need the parent private key, \
                 which a threshold key never has in one place: use only non-hardened segments (no ' or h)"
            ),
            Error::Slip10NonHardened { segment } => write!(
                f,
                "segment {segment} of the path is not hardened; SLIP-10 ed25519 derives hardened children only: write it as N'"
            ),
            Error::InvalidChildKey { segment } => write!(
                f,
                "the child key at segment {segment} of the path is invalid (a 1 in 2^127 event in BIP-32); use the next index"
            ),
            Error::InvalidExtendedKey { reason } => write!(f, "extended key is invalid: {reason}"),
            Error::AmbiguousFormat { candidates } => write!(
                f,
                "the input could be any of: {}; name the format (and the curve) explicitly",
                candidates.join(", ")
            ),
            Error::UnrecognizedFormat => f.write_str(
                "could not tell which key format this is; name it: hex, wif, ed25519-seed, solana, stark, mnemonic or xprv",
            ),
            Error::UnknownFormat(name) => write!(
                f,
                "unknown key format {name:?}; valid formats: hex, wif, ed25519-seed, solana, stark, mnemonic, xprv, auto"
            ),
            Error::CurveRequired { format } => write!(
                f,
                "a {format} key does not say which curve it is on; name the curve (secp256k1, ed25519 or stark)"
            ),
            Error::CurveMismatch { format, curve } => write!(
                f,
                "{format} input does not give {curve} keys; check the curve and the format"
            ),
            Error::OptionNotApplicable { option, format } => write!(
                f,
                "the {option} option does not apply to {format} keys; remove it or pick the format it belongs to"
            ),
            Error::UnknownEnvelopeVersion { found, known } => {
                write!(f, "unknown envelope version byte 0x{found:02x}; expected ")?;
                for (i, v) in known.iter().enumerate() {
                    if i > 0 {
                        f.write_str(if i + 1 == known.len() { " or " } else { ", " })?;
                    }
                    let name = match v {
                        1 => "dfns-v1",
                        2 => "hpke-v1",
                        _ => "unknown",
                    };
                    write!(f, "{v} ({name})")?;
                }
                f.write_str("; check that the key or ciphertext was not truncated or mixed up")
            }
            Error::CiphertextLength { min, actual } => write!(
                f,
                "ciphertext has {actual} bytes but at least {min} are required; it was truncated"
            ),
            Error::DecryptionFailed => f.write_str(
                "ciphertext did not open: it was sealed to another key or for another signer, \
                 threshold or public key, or it was altered in transit",
            ),
            Error::UnsupportedKem { kem } => {
                write!(f, "HPKE KEM id 0x{kem:04x} is not supported")?;
                if matches!(kem, 0x0010 | 0x647a) {
                    // A KEM keyport knows, left out of this build by a crate feature.
                    f.write_str(" by this build (keyport's features hpke-p256 and hpke-xwing add P-256 and X-Wing)")?;
                }
                f.write_str("; this build supports 0x0020 (X25519)")?;
                if cfg!(feature = "hpke-p256") {
                    f.write_str(", 0x0010 (P-256)")?;
                }
                if cfg!(feature = "hpke-xwing") {
                    f.write_str(", 0x647a (X-Wing)")?;
                }
                Ok(())
            }
            Error::UnsupportedCipherSuite { offered } => {
                f.write_str("no supported HPKE cipher suite among the offered (KDF, AEAD) ids [")?;
                for (i, (kdf, aead)) in offered.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "(0x{kdf:04x}, 0x{aead:04x})")?;
                }
                f.write_str(
                    "]; keyport supports KDF 0x0001 (HKDF-SHA256) with AEAD 0x0002 (AES-256-GCM) \
                     or 0x0003 (ChaCha20Poly1305)",
                )
            }
            Error::KeyIdMismatch { expected, found } => write!(
                f,
                "ciphertext was sealed to HPKE key id {found} but this key has id {expected}; \
                 open it with the matching decryption key"
            ),
            Error::KemMismatch { expected, found } => write!(
                f,
                "ciphertext uses HPKE KEM 0x{found:04x} but this key is for KEM 0x{expected:04x}; \
                 open it with the matching decryption key"
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
            Error::DuplicateSigner { signer_id } => write!(
                f,
                "signer {signer_id} is listed twice; each signer must appear once"
            ),
            Error::NoSigners => f.write_str("the signers list is empty"),
            Error::MixedEnvelopes { first, other, signer_id } => write!(
                f,
                "signers use different envelopes ({first} and {other}, e.g. signer {signer_id}); all signers of a cluster must use one"
            ),
            Error::EnvelopeMismatch { requested, available } => write!(
                f,
                "envelope {requested} was requested but the signers' keys are {available}; use --envelope auto or {available}"
            ),
            Error::MasterKeyNeedsHpke => f.write_str(
                "a master key's chain code can only be carried by the hpke-v1 envelope; these signers speak dfns-v1",
            ),
            Error::NameTooLong { chars, max } => {
                write!(f, "key name has {chars} characters; at most {max} are allowed")
            }
            Error::ExportFailed { bad_signers, cause } => {
                write!(f, "cannot rebuild the exported key: {cause}")?;
                if !bad_signers.is_empty() {
                    write!(f, "; bad or unreadable shares from signers {bad_signers:?}")?;
                }
                Ok(())
            }
            Error::ResponseKeyMismatch { field, expected, found } => write!(
                f,
                "the export response's {field} is {found} but this export expects {expected}; \
                 it is not an answer for the key you asked for (a relay may have substituted it)"
            ),
            Error::ExpectedKeyRequired => f.write_str(
                "no expected public key: pass the public key of the key being exported \
                 (or record it in the export context), so that a substituted response is refused",
            ),
            Error::ExpectedKeyConflict { recorded, given } => write!(
                f,
                "the export context expects public key {recorded} but {given} was given; use one of them"
            ),
            Error::UnexpectedSigner { signer_id } => write!(
                f,
                "the export response has a share from signer {signer_id}, which this export does not expect"
            ),
            Error::SignerShare { signer_id, cause } => {
                write!(f, "share from signer {signer_id}: {cause}")
            }
            Error::InconsistentDealing { detail } => write!(
                f,
                "the dealing is inconsistent ({detail}); reject this import"
            ),
            Error::Malformed { what, reason } => write!(f, "malformed {what}: {reason}"),
        }
    }
}

impl core::error::Error for Error {}
