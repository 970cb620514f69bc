//! The one error type of keyport.
//!
//! Every variant says what was wrong and, where it helps, what to do about it. No variant carries
//! secret material: messages name lengths, indices, signer ids and public values only.
//!
//! Each variant is declared once, in the `declare_errors!` invocation below, with its
//! [`ErrorKind`], its stable [`Error::code`] and its `Display` text side by side. Messages speak
//! of values, never of a shell's flags or options: the CLI and the WASM bindings add their own
//! advice where one of their options helps.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::curve::CurveId;
use crate::envelope::EnvelopeKind;
use crate::envelope::hpke::{Aead, KDF_HKDF_SHA256, Kem};
use crate::keys::KeyFormat;
use crate::protocol::{Protocol, VALID_PAIRS};

/// Shorthand for `core::result::Result<T, keyport::Error>`.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// What kind of problem an [`Error`] is, and so who has to act on it.
///
/// There is no "usage" kind: the library cannot tell whether a value came from a flag, a file
/// or a function argument. A shell that knows (the CLI) maps kinds to its own exit codes and
/// reports its own usage errors.
///
/// Exhaustive on purpose: a new kind is a change every shell has to map, and the compiler
/// should say so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// An input is malformed or invalid (a key, a JSON document, a threshold, a name): fix the
    /// input.
    Input,
    /// A cryptographic check failed: a ciphertext did not open, a share does not verify, a
    /// rebuilt key does not match. The data is corrupted, tampered with, or meant for another
    /// key or cluster.
    Check,
    /// The input is well-formed but asks for something keyport, or this build of it, does not
    /// do (a KEM left out by a crate feature, a protocol on a curve it does not run on).
    Unsupported,
    /// The environment failed (the operating system's random number generator), or keyport
    /// broke one of its own invariants (a bug to report). Nothing about the input is wrong.
    Environment,
}

impl ErrorKind {
    /// Every kind.
    pub const ALL: [ErrorKind; 4] = [
        ErrorKind::Input,
        ErrorKind::Check,
        ErrorKind::Unsupported,
        ErrorKind::Environment,
    ];

    /// A stable lower-case name: `input`, `check`, `unsupported` or `environment` (the WASM
    /// package's `kind` property).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Input => "input",
            ErrorKind::Check => "check",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Environment => "environment",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares [`Error`] and derives `code()`, `kind()` and `Display` from one entry per variant:
///
/// ```text
/// /// Doc of the variant.
/// Name { /// Doc of the field.
///        field: Type, ... }            // or `Name(/// doc
///                                      //         binding: Type)`, or just `Name`
///     => Kind, "CODE", |f| <expression writing to f>,
/// ```
///
/// `Kind` is an expression of type [`ErrorKind`] (its variants are in scope, so `Input` will
/// do); the fields are in scope, by reference, in both it and the `Display` expression.
///
/// A variant that exists only in some builds carries `#[cfg(...)]` after its doc comment
/// (`/// Doc.` then `#[cfg(feature = "nitro")]` then `Name ...`): the macro puts it on the
/// variant and on each of its arms, so a build without the feature has neither the variant nor
/// its message. Only doc comments and `cfg` attributes are accepted on a variant, in that order.
///
/// A declarative macro rather than `thiserror`: thiserror derives only `Display`, so `code()`
/// and `kind()` would stay parallel hand-written matches, the duplication this replaces. The
/// macro expands to the same three matches written by hand before, so it costs nothing in
/// code size.
macro_rules! declare_errors {
    (
        $(#[$meta:meta])*
        pub enum Error {
            $(
                $(#[doc = $doc:literal])*
                $(#[cfg($cfg:meta)])*
                $name:ident
                $( { $( $(#[$fdoc:meta])* $field:ident : $fty:ty ),* $(,)? } )?
                $( ( $(#[$tdoc:meta])* $tfield:ident : $tty:ty ) )?
                => $kind:expr, $code:literal, |$f:ident| $display:expr,
            )*
        }
    ) => {
        $(#[$meta])*
        pub enum Error {
            $(
                $(#[doc = $doc])*
                $(#[cfg($cfg)])*
                $name
                $( { $( $(#[$fdoc])* $field : $fty ),* } )?
                $( ( $(#[$tdoc])* $tty ) )?,
            )*
        }

        impl Error {
            /// A stable machine-readable code for the error: its variant name in
            /// SCREAMING_SNAKE_CASE (for example `DECRYPTION_FAILED`). Never contains input.
            pub const fn code(&self) -> &'static str {
                match self {
                    $( $(#[cfg($cfg)])* Error::$name { .. } => $code, )*
                }
            }

            /// What kind of problem this is (see [`ErrorKind`]): what a shell's exit code or a
            /// caller's retry logic should go by.
            #[allow(unused_variables)]
            pub fn kind(&self) -> ErrorKind {
                #[allow(unused_imports)]
                use ErrorKind::*;
                match self {
                    $(
                        $(#[cfg($cfg)])*
                        Error::$name $({ $($field),* })? $(($tfield))? => $kind,
                    )*
                }
            }

            /// Every variant's name and code, in declaration order.
            #[cfg(test)]
            const DECLARED: &[(&str, &str)] = &[$($(#[cfg($cfg)])* (stringify!($name), $code)),*];

            /// One value of every variant, in declaration order, with sample fields.
            #[cfg(test)]
            fn samples() -> Vec<Error> {
                use self::tests::Sample as _;
                alloc::vec![$(
                    $(#[cfg($cfg)])*
                    Error::$name
                    $({ $($field: <$fty>::sample()),* })?
                    $((<$tty>::sample()))?
                ),*]
            }
        }

        impl fmt::Display for Error {
            #[allow(unused_variables)]
            fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $(
                        $(#[cfg($cfg)])*
                        Error::$name $({ $($field),* })? $(($tfield))? => {
                            let $f = &mut *out;
                            $display
                        }
                    )*
                }
            }
        }
    };
}

declare_errors! {
    /// Everything that can go wrong in keyport.
    ///
    /// The `Display` text is meant for the person who has to fix the input; it never contains
    /// secret bytes. [`Error::kind`] says which kind of problem it is, [`Error::code`] names the
    /// variant stably.
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[non_exhaustive]
    pub enum Error {
        // ----- Scalars and points -----
        /// A scalar had the wrong number of bytes.
        ScalarLength {
            /// Bytes expected.
            expected: usize,
            /// Bytes given.
            actual: usize,
        } => Input, "SCALAR_LENGTH", |f| write!(
            f,
            "scalar must be exactly {expected} bytes (big-endian), got {actual}; \
             pad with leading zeros if it was shortened"
        ),
        /// A scalar was not below the group order (non-canonical encoding).
        ScalarOutOfRange {
            /// The curve whose order was exceeded.
            curve: &'static str,
        } => Input, "SCALAR_OUT_OF_RANGE", |f| write!(
            f,
            "scalar is not below the {curve} group order; pass the canonical (reduced) value"
        ),
        /// A scalar that must be non-zero (a key, a share, an index) was zero.
        ZeroScalar => Input, "ZERO_SCALAR", |f| {
            f.write_str("scalar is zero; a key, share or share index must be non-zero")
        },
        /// A point encoding had an unexpected length.
        PointLength {
            /// The curve being decoded.
            curve: &'static str,
            /// Bytes given.
            actual: usize,
        } => Input, "POINT_LENGTH", |f| write!(
            f,
            "{curve} point encoding has {actual} bytes; expected a compressed or uncompressed encoding"
        ),
        /// A point encoding did not describe a point on the curve (or was not canonical).
        InvalidPoint {
            /// The curve being decoded.
            curve: &'static str,
        } => Input, "INVALID_POINT", |f| {
            write!(f, "bytes do not encode a canonical point on {curve}")
        },
        /// The identity (point at infinity) was given where a real point is required.
        IdentityPoint => Input, "IDENTITY_POINT", |f| {
            f.write_str("point is the identity; a real public point is required")
        },
        /// A point is not in the prime-order subgroup (ed25519 torsion).
        PointNotInSubgroup => Input, "POINT_NOT_IN_SUBGROUP", |f| {
            f.write_str("point is not in the prime-order subgroup (it has a torsion component)")
        },

        // ----- Sharing and reconstruction -----
        /// The threshold `t` or the number of shares `n` is out of range.
        InvalidThreshold {
            /// Threshold asked for.
            threshold: usize,
            /// Number of shares / signers.
            n: usize,
        } => Input, "INVALID_THRESHOLD", |f| write!(
            f,
            "threshold {threshold} of {n} is out of range: need 2 <= threshold <= number of signers"
        ),
        /// More shares than keyport supports in one sharing.
        TooManyShares {
            /// Shares asked for.
            n: usize,
            /// The largest supported number.
            max: usize,
        } => Unsupported, "TOO_MANY_SHARES", |f| {
            write!(f, "{n} shares requested; keyport supports at most {max}")
        },
        /// A reference signer cluster of a size keyport does not run.
        ClusterSize {
            /// Signers asked for.
            n: usize,
            /// The fewest signers a cluster holds.
            min: usize,
            /// The most signers a cluster holds.
            max: usize,
        } => Input, "CLUSTER_SIZE", |f| {
            write!(f, "a cluster of {n} signers is out of range: it needs {min} to {max}")
        },
        /// Fewer shares were supplied than the threshold requires.
        NotEnoughShares {
            /// Shares supplied (valid ones).
            got: usize,
            /// Threshold.
            needed: usize,
        } => Input, "NOT_ENOUGH_SHARES", |f| write!(
            f,
            "{got} usable share(s) but the threshold is {needed}; collect more shares"
        ),
        /// Two shares carried the same index.
        DuplicateShareIndex => Input, "DUPLICATE_SHARE_INDEX", |f| {
            f.write_str("two shares have the same index; each signer must hold a distinct index")
        },
        /// A share does not match the Feldman commitments (it is corrupted or was tampered with).
        ShareVerificationFailed {
            /// The share's index when it is a small integer, otherwise `None`.
            index: Option<u64>,
        } => Check, "SHARE_VERIFICATION_FAILED", |f| match index {
            Some(i) => write!(
                f,
                "share {i} does not match the commitments; it is corrupted or was tampered with"
            ),
            None => f.write_str(
                "a share does not match the commitments; it is corrupted or was tampered with",
            ),
        },
        /// The reconstructed key does not match the expected public key.
        PublicKeyMismatch => Check, "PUBLIC_KEY_MISMATCH", |f| f.write_str(
            "the rebuilt key does not match the expected public key; a share is wrong or the public key belongs to another key",
        ),
        /// Robust reconstruction found no consistent subset of shares matching the public key.
        ReconstructionFailed {
            /// Positions (0-based, in input order) of shares known or suspected to be bad.
            suspects: Vec<usize>,
        } => Check, "RECONSTRUCTION_FAILED", |f| write!(
            f,
            "no consistent set of shares rebuilds a key matching the public key (suspect share positions: {suspects:?})"
        ),
        /// Robust reconstruction would need to try more share subsets than the configured bound.
        SearchBoundExceeded {
            /// Subsets that would have to be tried.
            subsets: u128,
            /// The bound.
            bound: u128,
        } => Check, "SEARCH_BOUND_EXCEEDED", |f| write!(
            f,
            "finding the bad shares would need {subsets} subset checks, above the bound of {bound}; remove shares known to be bad"
        ),

        // ----- Environment and internal -----
        /// The operating system's random number generator could not be read.
        Randomness => Environment, "RANDOMNESS", |f| f.write_str(
            "the operating system's random number generator is unavailable; keyport cannot create keys without it",
        ),
        /// keyport broke one of its own invariants (a dependency refused an input keyport
        /// built). A bug: the input is not at fault.
        Internal {
            /// The step that failed (for example "bech32 encoding").
            what: &'static str,
        } => Environment, "INTERNAL", |f| write!(
            f,
            "internal error in {what}; this is a bug in keyport, please report it"
        ),

        // ----- Names -----
        /// The curve name is not one keyport knows.
        UnknownCurve(
            /// The name given.
            name: String
        ) => Input, "UNKNOWN_CURVE", |f| {
            write!(f, "unknown curve {name:?}; valid curves: ")?;
            write_names(f, &CurveId::ALL.map(CurveId::as_str), ", ")
        },
        /// The protocol name is not one keyport knows.
        UnknownProtocol(
            /// The name given.
            name: String
        ) => Input, "UNKNOWN_PROTOCOL", |f| {
            write!(f, "unknown protocol {name:?}; valid protocols: ")?;
            write_names(f, &Protocol::ALL.map(Protocol::as_str), ", ")
        },

        // ----- Key formats -----
        /// Text that should hold a key (or key file) is not valid in the expected encoding.
        InvalidEncoding {
            /// What was being decoded (for example "WIF key").
            what: &'static str,
            /// The encoding that was expected (for example "base58").
            expected: &'static str,
        } => Input, "INVALID_ENCODING", |f| write!(
            f,
            "{what} is not valid {expected}; check that the whole value was copied and that the format is the right one"
        ),
        /// A decoded key or key file had the wrong number of bytes (or entries).
        KeyLength {
            /// What was being decoded.
            what: &'static str,
            /// Bytes (or entries) expected.
            expected: usize,
            /// Bytes (or entries) found.
            actual: usize,
        } => Input, "KEY_LENGTH", |f| write!(
            f,
            "{what} must hold {expected} bytes, found {actual}; check that the whole value was copied and that the format is the right one"
        ),
        /// A hex key had the wrong number of digits (after an optional `0x`).
        HexDigits {
            /// Digits expected.
            expected: usize,
            /// Digits found.
            actual: usize,
        } => Input, "HEX_DIGITS", |f| if actual < expected {
            write!(
                f,
                "hex key has {actual} digits but needs exactly {expected}: leading zeros were probably lost; left-pad it with 0 to {expected} digits if so"
            )
        } else {
            write!(
                f,
                "hex key has {actual} digits but needs exactly {expected} (32 bytes, big-endian)"
            )
        },
        /// A Base58Check or BIP-39 checksum did not match.
        ChecksumMismatch {
            /// What carried the checksum.
            what: &'static str,
        } => Input, "CHECKSUM_MISMATCH", |f| write!(
            f,
            "{what} checksum does not match: a character was mistyped, swapped or cut off"
        ),
        /// A version (prefix) byte or word is not one keyport knows.
        UnknownVersion {
            /// What carried the version.
            what: &'static str,
            /// The version found (public, not secret).
            version: u32,
            /// The versions that are accepted.
            expected: &'static str,
        } => Input, "UNKNOWN_VERSION", |f| {
            write!(f, "{what} has version {version:#x}; expected {expected}")
        },
        /// The public half of a keypair is not the public key of its secret half.
        KeypairMismatch => Input, "KEYPAIR_MISMATCH", |f| f.write_str(
            "the keypair's second half is not the public key of its first half; the file is corrupted or was put together from two keys",
        ),
        /// A mnemonic has a word count BIP-39 does not allow.
        MnemonicWordCount {
            /// Words found.
            count: usize,
        } => Input, "MNEMONIC_WORD_COUNT", |f| write!(
            f,
            "mnemonic has {count} words; BIP-39 mnemonics have 12, 15, 18, 21 or 24"
        ),
        /// A mnemonic word is not in the BIP-39 English word list.
        MnemonicUnknownWord {
            /// 1-based position of the word (the word itself is never shown).
            position: usize,
        } => Input, "MNEMONIC_UNKNOWN_WORD", |f| write!(
            f,
            "mnemonic word {position} is not in the BIP-39 English word list; check its spelling"
        ),
        /// A derivation path is malformed.
        InvalidPath {
            /// What is wrong with it.
            reason: &'static str,
        } => Input, "INVALID_PATH", |f| write!(
            f,
            "derivation path is malformed: {reason}; write it like m/44'/60'/0'/0/0"
        ),
        /// A hardened child was asked of a public key (BIP-32 CKDpub), or of a threshold key.
        HardenedPublicDerivation {
            /// 1-based position of the hardened segment in the path.
            segment: usize,
        } => Input, "HARDENED_PUBLIC_DERIVATION", |f| write!(
            f,
            "segment {segment} of the path is hardened; hardened children need the parent private key, \
             which a threshold key never has in one place: use only non-hardened segments (no ' or h)"
        ),
        /// SLIP-10 ed25519 derives hardened children only, and the path has a non-hardened segment.
        Slip10NonHardened {
            /// 1-based position of the non-hardened segment in the path.
            segment: usize,
        } => Input, "SLIP10_NON_HARDENED", |f| write!(
            f,
            "segment {segment} of the path is not hardened; SLIP-10 ed25519 derives hardened children only: write it as N'"
        ),
        /// A derived child key is invalid (BIP-32: I_L >= n or the child is zero/infinity).
        InvalidChildKey {
            /// 1-based position of the segment whose child is invalid.
            segment: usize,
        } => Input, "INVALID_CHILD_KEY", |f| write!(
            f,
            "the child key at segment {segment} of the path is invalid (a 1 in 2^127 event in BIP-32); use the next index"
        ),
        /// A BIP-32 extended key is structurally invalid.
        InvalidExtendedKey {
            /// What is wrong with it.
            reason: &'static str,
        } => Input, "INVALID_EXTENDED_KEY", |f| write!(f, "extended key is invalid: {reason}"),
        /// `auto` format detection found more than one format the input could be.
        AmbiguousFormat {
            /// The formats the input could be.
            candidates: Vec<&'static str>,
        } => Input, "AMBIGUOUS_FORMAT", |f| {
            f.write_str("the input could be any of: ")?;
            write_names(f, candidates, ", ")?;
            f.write_str("; name the format (and the curve) explicitly")
        },
        /// `auto` format detection could not recognise the input.
        UnrecognizedFormat => Input, "UNRECOGNIZED_FORMAT", |f| {
            f.write_str("could not tell which key format this is; name it: ")?;
            let names = KeyFormat::ALL.map(KeyFormat::as_str);
            // `auto` is last in `KeyFormat::ALL`, and not a format to name.
            let explicit = match names.split_last() {
                Some((&"auto", rest)) => rest,
                _ => &names[..],
            };
            write_names(f, explicit, " or ")
        },
        /// The key format name is not one keyport knows.
        UnknownFormat(
            /// The name given.
            name: String
        ) => Input, "UNKNOWN_FORMAT", |f| {
            write!(f, "unknown key format {name:?}; valid formats: ")?;
            write_names(f, &KeyFormat::ALL.map(KeyFormat::as_str), ", ")
        },
        /// The envelope name is not one keyport knows (`EnvelopeKind`'s `FromStr`).
        UnknownEnvelope(
            /// The name given.
            name: String
        ) => Input, "UNKNOWN_ENVELOPE", |f| {
            write!(f, "unknown envelope {name:?}; valid envelopes: ")?;
            write_names(f, &EnvelopeKind::ALL.map(EnvelopeKind::as_str), ", ")
        },
        /// A curve must be named for this input format.
        CurveRequired {
            /// The input format.
            format: &'static str,
        } => Input, "CURVE_REQUIRED", |f| {
            write!(f, "a {format} key does not say which curve it is on; name the curve (")?;
            write_names(f, &CurveId::ALL.map(CurveId::as_str), " or ")?;
            f.write_str(")")
        },
        /// The input format cannot hold keys on the requested curve.
        CurveMismatch {
            /// The input format.
            format: &'static str,
            /// The curve that was requested.
            curve: &'static str,
        } => Input, "CURVE_MISMATCH", |f| write!(
            f,
            "{format} input does not give {curve} keys; check the curve and the format"
        ),
        /// A text-only key format was named for a key given as raw bytes.
        KeyFormatIsText {
            /// The format named.
            format: &'static str,
        } => Input, "KEY_FORMAT_IS_TEXT", |f| write!(
            f,
            "the {format} format is text, and this key was given as raw bytes; pass the text, or \
             name a raw format (hex for a scalar, ed25519-seed or ed25519-scalar)"
        ),
        /// A bare hex key was given for ed25519, where 32 hex bytes can be a seed or a scalar
        /// (two different keys); the format must say which.
        Ed25519FormatRequired => Input, "ED25519_FORMAT_REQUIRED", |f| f.write_str(
            "a hex ed25519 key can be a seed or a scalar, which are different keys; name it: \
             ed25519-seed (the RFC 8032 seed wallets hold, and what Dfns's SDK assumes) or \
             ed25519-scalar (the clamped, reduced scalar an export returns)"
        ),
        /// A JSON document was given where a key was expected.
        JsonNotAKey {
            /// What the document looks like (a fixed description, never its content).
            looks_like: &'static str,
        } => Input, "JSON_NOT_A_KEY", |f| write!(
            f,
            "the key input is a JSON document ({looks_like}), not a private key; pass the file that holds the key"
        ),
        /// An option was given that this input format does not use.
        OptionNotApplicable {
            /// The option (for example "passphrase").
            option: &'static str,
            /// The input format.
            format: &'static str,
        } => Input, "OPTION_NOT_APPLICABLE", |f| write!(
            f,
            "the {option} option does not apply to {format} keys; remove it or pick the format it belongs to"
        ),

        // ----- Envelopes -----
        /// An encoding started with a version byte this reader does not handle.
        UnknownEnvelopeVersion {
            /// The version byte found.
            found: u8,
            /// The version bytes accepted at this place.
            known: &'static [u8],
        } => Input, "UNKNOWN_ENVELOPE_VERSION", |f| {
            write!(f, "unknown envelope version byte 0x{found:02x}; expected ")?;
            write_list(f, known.len(), " or ", &|f, i| match known.get(i) {
                Some(&v) => {
                    let name = EnvelopeKind::ALL
                        .into_iter()
                        .find(|k| k.version() == v)
                        .map_or("unknown", EnvelopeKind::as_str);
                    write!(f, "{v} ({name})")
                }
                None => Ok(()),
            })?;
            f.write_str("; check that the key or ciphertext was not truncated or mixed up")
        },
        /// A ciphertext is shorter than the smallest valid ciphertext of its envelope.
        CiphertextLength {
            /// The smallest valid length in bytes.
            min: usize,
            /// Bytes given.
            actual: usize,
        } => Input, "CIPHERTEXT_LENGTH", |f| write!(
            f,
            "ciphertext has {actual} bytes but at least {min} are required; it was truncated"
        ),
        /// A ciphertext did not open: it was sealed to another key or context, or it was altered.
        DecryptionFailed => Check, "DECRYPTION_FAILED", |f| f.write_str(
            "ciphertext did not open: it was sealed to another key or for another signer, \
             threshold or public key, or it was altered in transit",
        ),
        /// The HPKE KEM id is not one keyport supports, or its KEM is not built in (features
        /// `hpke-p256`, `hpke-xwing`).
        UnsupportedKem {
            /// The KEM id found.
            kem: u16,
        } => Unsupported, "UNSUPPORTED_KEM", |f| {
            write!(f, "HPKE KEM id 0x{kem:04x} is not supported")?;
            if matches!(kem, 0x0010 | 0x647a) {
                // A KEM keyport knows, left out of this build by a crate feature.
                f.write_str(" by this build (keyport's features hpke-p256 and hpke-xwing add P-256 and X-Wing)")?;
            }
            f.write_str("; this build supports ")?;
            write_list(f, Kem::ALL.len(), ", ", &|f, i| match Kem::ALL.get(i) {
                Some(k) => write!(f, "0x{:04x} ({})", k.id(), k.name()),
                None => Ok(()),
            })
        },
        /// None of the offered HPKE (KDF, AEAD) pairs is one keyport supports.
        UnsupportedCipherSuite {
            /// The (KDF id, AEAD id) pairs that were offered, in order.
            offered: Vec<(u16, u16)>,
        } => Unsupported, "UNSUPPORTED_CIPHER_SUITE", |f| {
            f.write_str("no supported HPKE cipher suite among the offered (KDF, AEAD) ids [")?;
            write_list(f, offered.len(), ", ", &|f, i| match offered.get(i) {
                Some((kdf, aead)) => write!(f, "(0x{kdf:04x}, 0x{aead:04x})"),
                None => Ok(()),
            })?;
            write!(f, "]; keyport supports KDF 0x{KDF_HKDF_SHA256:04x} (HKDF-SHA256) with AEAD ")?;
            write_list(f, Aead::ALL.len(), " or ", &|f, i| match Aead::ALL.get(i) {
                Some(a) => write!(f, "0x{:04x} ({})", a.id(), a.name()),
                None => Ok(()),
            })
        },
        /// A hpke-v1 ciphertext names a key id other than the one of the key trying to open it.
        KeyIdMismatch {
            /// The key id of the secret key.
            expected: u8,
            /// The key id in the ciphertext.
            found: u8,
        } => Check, "KEY_ID_MISMATCH", |f| write!(
            f,
            "ciphertext was sealed to HPKE key id {found} but this key has id {expected}; \
             open it with the matching decryption key"
        ),
        /// A hpke-v1 ciphertext names a KEM other than the one of the key trying to open it.
        KemMismatch {
            /// The KEM id of the secret key.
            expected: u16,
            /// The KEM id in the ciphertext.
            found: u16,
        } => Check, "KEM_MISMATCH", |f| write!(
            f,
            "ciphertext uses HPKE KEM 0x{found:04x} but this key is for KEM 0x{expected:04x}; \
             open it with the matching decryption key"
        ),
        /// The protocol does not run on the curve.
        UnsupportedScheme {
            /// Protocol asked for.
            protocol: &'static str,
            /// Curve asked for.
            curve: &'static str,
        } => Unsupported, "UNSUPPORTED_SCHEME", |f| {
            write!(f, "protocol {protocol} does not run on curve {curve}; valid pairs: ")?;
            write_list(f, VALID_PAIRS.len(), ", ", &|f, i| match VALID_PAIRS.get(i) {
                Some((p, c)) => write!(f, "{}/{}", p.as_str(), c.as_str()),
                None => Ok(()),
            })
        },
        /// A format carried a version keyport does not speak.
        UnsupportedVersion {
            /// What was being parsed.
            what: &'static str,
            /// The version found.
            found: u32,
            /// The version keyport supports.
            supported: u32,
        } => Unsupported, "UNSUPPORTED_VERSION", |f| write!(
            f,
            "{what} has version {found}; keyport supports version {supported}"
        ),

        // ----- Signers and requests -----
        /// The requested signer cluster is not in the ListSigners response.
        UnknownCluster {
            /// The id asked for.
            requested: String,
            /// The ids present.
            available: Vec<String>,
        } => Input, "UNKNOWN_CLUSTER", |f| write!(
            f,
            "no signer cluster {requested:?}; the response has {available:?}"
        ),
        /// The ListSigners response has several clusters and none was chosen.
        ClusterChoiceNeeded {
            /// The ids present.
            available: Vec<String>,
        } => Input, "CLUSTER_CHOICE_NEEDED", |f| write!(
            f,
            "the signers list has {} clusters; choose one of {available:?}",
            available.len()
        ),
        /// The same signer id appears twice.
        DuplicateSigner {
            /// The repeated id (base64; public).
            signer_id: String,
        } => Input, "DUPLICATE_SIGNER", |f| write!(
            f,
            "signer {signer_id} is listed twice; each signer must appear once"
        ),
        /// The signers list is empty.
        NoSigners => Input, "NO_SIGNERS", |f| f.write_str("the signers list is empty"),
        /// Signers publish keys for different envelopes.
        MixedEnvelopes {
            /// The first signer's envelope.
            first: &'static str,
            /// Another signer's envelope.
            other: &'static str,
            /// That other signer.
            signer_id: String,
        } => Input, "MIXED_ENVELOPES", |f| write!(
            f,
            "signers use different envelopes ({first} and {other}, e.g. signer {signer_id}); all signers of a cluster must use one"
        ),
        /// An envelope was forced that a signer's key does not support.
        EnvelopeMismatch {
            /// The envelope asked for.
            requested: &'static str,
            /// The envelope of the signer's key.
            available: &'static str,
        } => Input, "ENVELOPE_MISMATCH", |f| write!(
            f,
            "envelope {requested} was requested but the signers' keys are {available}; \
             ask for {available}, or let keyport take the signers' envelope"
        ),
        /// A master key (chain code) can only travel in hpke-v1 payloads.
        MasterKeyNeedsHpke => Unsupported, "MASTER_KEY_NEEDS_HPKE", |f| f.write_str(
            "a master key's chain code can only be carried by the hpke-v1 envelope; these signers speak dfns-v1",
        ),
        /// The key name is too long.
        NameTooLong {
            /// Characters given.
            chars: usize,
            /// The limit.
            max: usize,
        } => Input, "NAME_TOO_LONG", |f| {
            write!(f, "key name has {chars} characters; at most {max} are allowed")
        },
        /// A signer holds no key under this id.
        KeyNotFound {
            /// The key id asked for (a caller-chosen label; public).
            key_id: String,
        } => Input, "KEY_NOT_FOUND", |f| {
            write!(f, "this cluster holds no key {key_id:?}")
        },
        /// An import request has no share for this signer: it was built for other signers.
        NoShareForSigner {
            /// The signer (base64 id).
            signer_id: String,
        } => Check, "NO_SHARE_FOR_SIGNER", |f| write!(
            f,
            "the import request has no share for signer {signer_id}; \
             it was built for another cluster's signers"
        ),

        // ----- Signer pinning and manifests (issue 22) -----
        /// The signer set's fingerprint is not the one the caller expects.
        SignerFingerprintMismatch {
            /// The fingerprint expected (hex).
            expected: String,
            /// The fingerprint of the signers in use (hex).
            found: String,
        } => Check, "SIGNER_FINGERPRINT_MISMATCH", |f| write!(
            f,
            "the signers' fingerprint is {found} but {expected} is expected; these are not the \
             signers you pinned (refusing to encrypt to them)"
        ),
        /// The signers in use differ from a pinned set (a signers lock or a signed manifest).
        SignerSetChanged {
            /// What pinned the set: `the signers lock` or `the signed manifest`.
            pinned_by: &'static str,
            /// The pinned set's fingerprint (hex).
            pinned: String,
            /// The fingerprint of the signers in use (hex).
            found: String,
            /// What changed from the pinned set to the one in use (boxed: errors stay small).
            diff: alloc::boxed::Box<crate::signers::SetDiff>,
        } => Check, "SIGNER_SET_CHANGED", |f| {
            write!(f, "the signers differ from {pinned_by} (fingerprint {pinned}, now {found}):")?;
            let mut sep = " ";
            if let Some((was, now)) = &diff.cluster {
                write!(f, " cluster id {was:?} is now {now:?}")?;
                sep = "; ";
            }
            for (label, ids) in [
                ("added", &diff.added),
                ("removed", &diff.removed),
                ("key changed", &diff.changed),
            ] {
                if !ids.is_empty() {
                    write!(f, "{sep}{label}: ")?;
                    write_list(f, ids.len(), ", ", &|f, i| {
                        f.write_str(ids.get(i).map_or("", String::as_str))
                    })?;
                    sep = "; ";
                }
            }
            f.write_str("; refusing to encrypt to them")
        },
        /// A signer manifest is signed by (or names) another key than the pinned one.
        ManifestWrongKey {
            /// The pinned key: algorithm and key id.
            pinned: String,
            /// The key the manifest names: algorithm and key id.
            signed_by: String,
        } => Check, "MANIFEST_WRONG_KEY", |f| write!(
            f,
            "the signer manifest is signed by key {signed_by}, not by the pinned manifest key {pinned}"
        ),
        /// A signer manifest's signature does not verify under the pinned key.
        ManifestSignatureInvalid => Check, "MANIFEST_SIGNATURE_INVALID", |f| f.write_str(
            "the signer manifest's signature does not verify under the pinned manifest key: \
             it was changed after signing"
        ),
        /// A signer manifest is not valid yet at the given time.
        ManifestNotYetValid {
            /// Its `issuedAt` (seconds since 1970-01-01 UTC).
            issued_at: u64,
            /// The time it was checked at.
            now: u64,
        } => Check, "MANIFEST_NOT_YET_VALID", |f| write!(
            f,
            "the signer manifest is issued at {issued_at}, after now ({now}, seconds since \
             1970-01-01 UTC); check this machine's clock or the issuer's"
        ),
        /// A signer manifest has expired at the given time.
        ManifestExpired {
            /// Its `expiresAt` (seconds since 1970-01-01 UTC).
            expires_at: u64,
            /// The time it was checked at.
            now: u64,
        } => Check, "MANIFEST_EXPIRED", |f| write!(
            f,
            "the signer manifest expired at {expires_at} (now {now}, seconds since 1970-01-01 \
             UTC); fetch a fresh one"
        ),

        // ----- Flows -----
        /// Export recovery failed; names the signers whose shares were bad or unreadable.
        ExportFailed {
            /// Signers (base64 ids) whose shares could not be used.
            bad_signers: Vec<String>,
            /// Why the key could not be rebuilt.
            cause: alloc::boxed::Box<Error>,
        } => Check, "EXPORT_FAILED", |f| {
            write!(f, "cannot rebuild the exported key: {cause}")?;
            if !bad_signers.is_empty() {
                write!(f, "; bad or unreadable shares from signers {bad_signers:?}")?;
            }
            Ok(())
        },
        /// An export response is for another key (or curve) than the one the client expects.
        ResponseKeyMismatch {
            /// The response field that differs: `curve` or `publicKey`.
            field: &'static str,
            /// What the client expects (public).
            expected: String,
            /// What the response says (public).
            found: String,
        } => Check, "RESPONSE_KEY_MISMATCH", |f| write!(
            f,
            "the export response's {field} is {found} but this export expects {expected}; \
             it is not an answer for the key you asked for (a relay may have substituted it)"
        ),
        /// An export was recovered without saying which public key it must return.
        ExpectedKeyRequired => Input, "EXPECTED_KEY_REQUIRED", |f| f.write_str(
            "no expected public key: pass the public key of the key being exported \
             (or record it in the export context), so that a substituted response is refused"
        ),
        /// The expected key given to `recover` differs from the one the export context records.
        ExpectedKeyConflict {
            /// The key the context records, compressed hex.
            recorded: String,
            /// The key given, compressed hex.
            given: String,
        } => Input, "EXPECTED_KEY_CONFLICT", |f| write!(
            f,
            "the export context expects public key {recorded} but {given} was given; use one of them"
        ),
        /// An export response carries a share from a signer the client did not expect.
        UnexpectedSigner {
            /// The signer (canonical base64 id).
            signer_id: String,
        } => Check, "UNEXPECTED_SIGNER", |f| write!(
            f,
            "the export response has a share from signer {signer_id}, which this export does not expect"
        ),
        /// A share from one signer could not be opened or parsed.
        SignerShare {
            /// The signer (base64 id).
            signer_id: String,
            /// What was wrong.
            cause: alloc::boxed::Box<Error>,
        } => cause.kind(), "SIGNER_SHARE", |f| {
            write!(f, "share from signer {signer_id}: {cause}")
        },
        /// Signers were given shares of different sharings, or the public data is inconsistent.
        InconsistentDealing {
            /// What disagreed (public data only).
            detail: String,
        } => Check, "INCONSISTENT_DEALING", |f| write!(
            f,
            "the dealing is inconsistent ({detail}); reject this import"
        ),
        /// A generic malformed-input error with a description of what was expected.
        Malformed {
            /// What was being parsed.
            what: &'static str,
            /// What was wrong (no secret material).
            reason: String,
        } => Input, "MALFORMED", |f| write!(f, "malformed {what}: {reason}"),

        // ----- Enclave attestation (keyport::attest, feature `nitro`; SPEC.md §12) -----
        /// An attestation document is not a well-formed COSE_Sign1 or Nitro attestation
        /// payload.
        #[cfg(feature = "nitro")]
        AttestationMalformed {
            /// Which part: `COSE_Sign1`, `payload` or a payload field such as `pcrs`.
            part: &'static str,
            /// What was wrong with it.
            reason: &'static str,
        } => Input, "ATTESTATION_MALFORMED", |f| write!(
            f,
            "attestation document: malformed {part}: {reason}"
        ),
        /// The document's certificate bundle does not start at the pinned AWS Nitro root.
        #[cfg(feature = "nitro")]
        AttestationRoot => Check, "ATTESTATION_ROOT", |f| f.write_str(
            "attestation document: the certificate chain does not start at the pinned AWS Nitro \
             Enclaves root (SHA-256 641A0321…79BB5B); it was not issued by AWS Nitro"
        ),
        /// A certificate of the document's chain failed a check (index 0 is the root, the last
        /// index the enclave's leaf certificate).
        #[cfg(feature = "nitro")]
        AttestationChain {
            /// The certificate's position in the chain: 0 = root, last = leaf.
            index: usize,
            /// What failed.
            reason: &'static str,
        } => Check, "ATTESTATION_CHAIN", |f| write!(
            f,
            "attestation document: certificate {index} of the chain (0 = root): {reason}"
        ),
        /// A certificate of the chain is not valid at the time the caller gave.
        #[cfg(feature = "nitro")]
        AttestationCertificateTime {
            /// The certificate's position in the chain: 0 = root, last = leaf.
            index: usize,
            /// Its notBefore, Unix seconds.
            not_before: u64,
            /// Its notAfter, Unix seconds.
            not_after: u64,
            /// The time checked, Unix seconds.
            time: u64,
        } => Check, "ATTESTATION_CERTIFICATE_TIME", |f| write!(
            f,
            "attestation document: certificate {index} of the chain (0 = root) is valid from \
             {not_before} to {not_after} (Unix seconds), not at {time}; Nitro leaf certificates \
             live about three hours: fetch a fresh attestation"
        ),
        /// The COSE_Sign1 signature does not verify under the leaf certificate's key.
        #[cfg(feature = "nitro")]
        AttestationSignature => Check, "ATTESTATION_SIGNATURE", |f| f.write_str(
            "attestation document: the COSE_Sign1 signature does not verify under the enclave's \
             leaf certificate; the document was altered"
        ),
        /// The document is older than the policy allows, or from the future.
        #[cfg(feature = "nitro")]
        AttestationStale {
            /// The document's timestamp, Unix seconds.
            issued_at: u64,
            /// The time checked, Unix seconds.
            time: u64,
            /// The policy's largest age, seconds.
            max_age: u64,
        } => Check, "ATTESTATION_STALE", |f| write!(
            f,
            "attestation document: issued at {issued_at}, but at {time} (Unix seconds) the policy \
             accepts only documents at most {max_age} s old and at most 300 s in the future"
        ),
        /// A PCR does not have the value the policy expects.
        #[cfg(feature = "nitro")]
        AttestationPcr {
            /// The PCR's index.
            index: u8,
            /// `missing` or `differs from the policy`.
            problem: &'static str,
        } => Check, "ATTESTATION_PCR", |f| write!(
            f,
            "attestation document: PCR{index} {problem}; the enclave does not run the image the \
             policy names"
        ),
        /// The document does not bind the key it was checked for.
        #[cfg(feature = "nitro")]
        AttestationBinding {
            /// The policy's binding (`public-key`, `user-data`, `user-data-sha256`).
            binding: &'static str,
        } => Check, "ATTESTATION_BINDING", |f| write!(
            f,
            "attestation document: the signer's encryption key is not the attested one \
             ({binding} binding)"
        ),
        /// An attestation policy is invalid.
        #[cfg(feature = "nitro")]
        AttestationPolicy {
            /// What is wrong with it.
            reason: String,
        } => Input, "ATTESTATION_POLICY", |f| write!(f, "invalid attestation policy: {reason}"),
        /// An import requires attested signers, and this signer has no attestation document.
        #[cfg(feature = "nitro")]
        AttestationMissing {
            /// The signer, standard base64.
            signer_id: String,
        } => Check, "ATTESTATION_MISSING", |f| write!(
            f,
            "signer {signer_id} has no attestation document, and the import requires one"
        ),
        /// An import requires attested signers, and this signer's document failed.
        #[cfg(feature = "nitro")]
        SignerNotAttested {
            /// The signer, standard base64.
            signer_id: String,
            /// The check that failed.
            cause: alloc::boxed::Box<Error>,
        } => Check, "SIGNER_NOT_ATTESTED", |f| write!(
            f,
            "signer {signer_id} is not attested under the policy: {cause}"
        ),

        // ----- CubeSigner import key (keyport::attest::cubesigner, feature `nitro`; SPEC.md
        // §12.7). Checked in this order: malformed, expired, attestation, signature. -----
        /// A CubeSigner "create key-import key" response is not of the shape its API
        /// specifies.
        #[cfg(feature = "nitro")]
        CubeSignerKeyMalformed {
            /// The response member at fault (`public_key`, `enclave_signature`, ...), or
            /// `response` for the JSON as a whole.
            field: &'static str,
            /// What was wrong with it.
            reason: String,
        } => Input, "CUBE_SIGNER_KEY_MALFORMED", |f| write!(
            f,
            "CubeSigner import key: malformed {field}: {reason}"
        ),
        /// The CubeSigner import key has expired at the time checked.
        #[cfg(feature = "nitro")]
        CubeSignerKeyExpired {
            /// Its `expires`, Unix seconds.
            expires: u64,
            /// The time checked, Unix seconds.
            time: u64,
        } => Check, "CUBE_SIGNER_KEY_EXPIRED", |f| write!(
            f,
            "CubeSigner import key: it expired at {expires}, and the time checked is {time} \
             (Unix seconds); ask CubeSigner for a fresh import key"
        ),
        /// The enclave attestation of the CubeSigner import key failed.
        #[cfg(feature = "nitro")]
        CubeSignerKeyAttestation {
            /// The attestation check that failed.
            cause: alloc::boxed::Box<Error>,
        } => cause.kind(), "CUBE_SIGNER_KEY_ATTESTATION", |f| write!(
            f,
            "CubeSigner import key: its enclave attestation failed: {cause}"
        ),
        /// The attested enclave key did not sign this import key (RSA-PSS).
        #[cfg(feature = "nitro")]
        CubeSignerKeySignature => Check, "CUBE_SIGNER_KEY_SIGNATURE", |f| f.write_str(
            "CubeSigner import key: the enclave_signature does not verify under the attested \
             enclave key (RSA-PSS-SHA256); the import key, its sk_enc, dk_enc or expires was \
             altered, or another key signed it"
        ),
    }
}

impl core::error::Error for Error {}

/// Writes `n` items, the `i`-th by `item(f, i)`, separated by `", "` and the last two by `last`
/// (`", "` or `" or "`). Not generic, so every list in every message shares one copy of it
/// (the WASM module's size).
fn write_list(
    f: &mut fmt::Formatter<'_>,
    n: usize,
    last: &str,
    item: &dyn Fn(&mut fmt::Formatter<'_>, usize) -> fmt::Result,
) -> fmt::Result {
    for i in 0..n {
        if i > 0 {
            f.write_str(if i + 1 == n { last } else { ", " })?;
        }
        item(f, i)?;
    }
    Ok(())
}

/// Writes `names` as a list (see [`write_list`]).
fn write_names(f: &mut fmt::Formatter<'_>, names: &[&str], last: &str) -> fmt::Result {
    write_list(f, names.len(), last, &|f, i| match names.get(i) {
        Some(name) => f.write_str(name),
        None => Ok(()),
    })
}

#[cfg(test)]
mod tests {
    use super::{Error, ErrorKind};
    use alloc::boxed::Box;
    use alloc::string::{String, ToString as _};
    use alloc::vec::Vec;

    /// A sample value of a field type, so that a test can build every variant.
    pub(super) trait Sample {
        fn sample() -> Self;
    }

    macro_rules! sample {
        ($($t:ty => $v:expr),* $(,)?) => { $(impl Sample for $t { fn sample() -> Self { $v } })* };
    }

    sample! {
        usize => 7,
        u8 => 3,
        u16 => 0x0010,
        u32 => 9,
        u64 => 13,
        u128 => 11,
        &'static str => "thing",
        &'static [u8] => &[1, 2],
        String => "name".into(),
        Option<u64> => Some(5),
        Vec<usize> => alloc::vec![0, 2],
        Vec<String> => alloc::vec!["AQ==".into()],
        Vec<&'static str> => alloc::vec!["hex", "wif"],
        Vec<(u16, u16)> => alloc::vec![(1, 1)],
        Box<Error> => Box::new(Error::DecryptionFailed),
        Box<crate::signers::SetDiff> => Box::new(crate::signers::SetDiff {
            added: alloc::vec!["AQ==".into()],
            ..Default::default()
        }),
    }

    fn screaming_snake(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_uppercase());
        }
        out
    }

    #[test]
    fn every_code_is_its_variant_name_and_unique() {
        let mut seen = Vec::new();
        for &(name, code) in Error::DECLARED {
            assert_eq!(code, screaming_snake(name), "code of {name}");
            assert!(!seen.contains(&code), "{code} declared twice");
            seen.push(code);
        }
        assert!(seen.len() >= 58, "only {} variants declared", seen.len());
    }

    #[test]
    fn every_variant_has_kind_code_and_message_from_its_declaration() {
        let samples = Error::samples();
        assert_eq!(samples.len(), Error::DECLARED.len());
        for (e, &(name, code)) in samples.iter().zip(Error::DECLARED) {
            assert_eq!(e.code(), code);
            // The derived Debug starts with the variant name: the sample is that variant.
            assert!(alloc::format!("{e:?}").starts_with(name), "{e:?}");
            assert!(ErrorKind::ALL.contains(&e.kind()));
            let text = e.to_string();
            assert!(text.len() > 10, "{name}: {text:?}");
            assert!(!text.ends_with(['.', ';', ' ']), "{name}: {text:?}");
            // No shell's advice in the library: no `--flag`, no JS option names.
            assert!(!text.contains("--"), "{name}: {text:?}");
        }
    }

    #[test]
    fn the_attestation_variants_exist_only_with_nitro() {
        let attestation: Vec<&str> = Error::DECLARED
            .iter()
            .map(|&(_, code)| code)
            .filter(|code| {
                code.starts_with("ATTESTATION_")
                    || code.starts_with("CUBE_SIGNER_KEY_")
                    || *code == "SIGNER_NOT_ATTESTED"
            })
            .collect();
        let expected = if cfg!(feature = "nitro") { 15 } else { 0 };
        assert_eq!(attestation.len(), expected, "{attestation:?}");
    }

    #[test]
    fn kinds_follow_what_the_caller_must_do() {
        assert_eq!(Error::Randomness.kind(), ErrorKind::Environment);
        assert_eq!(Error::Internal { what: "x" }.kind(), ErrorKind::Environment);
        assert_eq!(Error::DecryptionFailed.kind(), ErrorKind::Check);
        assert_eq!(Error::ZeroScalar.kind(), ErrorKind::Input);
        assert_eq!(
            Error::UnsupportedKem { kem: 1 }.kind(),
            ErrorKind::Unsupported
        );
        let wrapped = |cause| Error::SignerShare {
            signer_id: "AQ==".into(),
            cause: Box::new(cause),
        };
        // A signer's share takes the kind of what was wrong with it.
        assert_eq!(wrapped(Error::DecryptionFailed).kind(), ErrorKind::Check);
        assert_eq!(wrapped(Error::ZeroScalar).kind(), ErrorKind::Input);
        let names: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names, ["input", "check", "unsupported", "environment"]);
    }

    #[test]
    fn value_lists_come_from_the_constants() {
        let curve = Error::UnknownCurve("x".into()).to_string();
        assert!(
            curve.ends_with("valid curves: secp256k1, ed25519, stark"),
            "{curve}"
        );
        let protocol = Error::UnknownProtocol("x".into()).to_string();
        assert!(
            protocol.ends_with("CGGMP21, CGGMP24, KU23, FROST, FROST_BITCOIN, GLOW20_DH"),
            "{protocol}"
        );
        let unrecognized = Error::UnrecognizedFormat.to_string();
        assert!(!unrecognized.contains("auto"), "{unrecognized}");
        assert!(unrecognized.contains(" or "), "{unrecognized}");
        for format in crate::keys::KeyFormat::ALL {
            let listed = Error::UnknownFormat("x".into()).to_string();
            assert!(listed.contains(format.as_str()), "{listed}");
        }
        let required = Error::CurveRequired { format: "hex" }.to_string();
        assert!(
            required.ends_with("(secp256k1, ed25519 or stark)"),
            "{required}"
        );
        let version = Error::UnknownEnvelopeVersion {
            found: 3,
            known: &[1, 2],
        }
        .to_string();
        assert!(
            version.contains("expected 1 (dfns-v1) or 2 (hpke-v1);"),
            "{version}"
        );
        let kem = Error::UnsupportedKem { kem: 0x0099 }.to_string();
        assert!(kem.contains("this build supports 0x0020 (X25519)"), "{kem}");
        let suite = Error::UnsupportedCipherSuite {
            offered: alloc::vec![(1, 1), (3, 2)],
        }
        .to_string();
        assert!(
            suite.ends_with(
                "[(0x0001, 0x0001), (0x0003, 0x0002)]; keyport supports KDF 0x0001 (HKDF-SHA256) \
                 with AEAD 0x0002 (AES-256-GCM) or 0x0003 (ChaCha20Poly1305)"
            ),
            "{suite}"
        );
        let scheme = Error::UnsupportedScheme {
            protocol: "FROST",
            curve: "stark",
        }
        .to_string();
        assert!(
            scheme.contains("valid pairs: CGGMP21/secp256k1, CGGMP21/stark,"),
            "{scheme}"
        );
    }
}
