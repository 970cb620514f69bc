//! The CLI's failures: one-line causes, exit codes and hints.
//!
//! A keyport error's exit code comes from its [`ErrorKind`] alone ([`exit_code`]), never from
//! the call site; the CLI's own checks (an option, a file) pick theirs with the constructors.
//! Advice that names one of the CLI's flags lives here ([`hint`]), not in the library, whose
//! messages the WASM package shows too.

use std::fmt;

use keyport::ErrorKind;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: bad command-line usage (also what clap uses), or a command that would clobber
/// or reveal something (an existing cluster or key, a private key to a terminal).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: an input is malformed, invalid or unsupported (JSON, key, threshold, curve):
/// [`ErrorKind::Input`] and [`ErrorKind::Unsupported`].
pub const EXIT_INPUT: u8 = 3;
/// Exit code: a cryptographic check failed (share verification, decryption, reconstruction):
/// [`ErrorKind::Check`].
pub const EXIT_CRYPTO: u8 = 4;
/// Exit code: reading or writing a file failed, or the environment did (no OS randomness, an
/// internal error): [`ErrorKind::Environment`].
pub const EXIT_IO: u8 = 5;

/// The exit code of a keyport error of `kind` (the table in `keyport --help`).
pub const fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Input | ErrorKind::Unsupported => EXIT_INPUT,
        ErrorKind::Check => EXIT_CRYPTO,
        ErrorKind::Environment => EXIT_IO,
    }
}

/// What to change on the command line for a keyport error, where one of the CLI's options
/// helps. `None` where the message alone says it.
pub fn hint(e: &keyport::Error) -> Option<String> {
    use keyport::Error as E;
    Some(match e {
        E::EnvelopeMismatch { available, .. } => {
            format!("pass --envelope auto, or --envelope {available}")
        }
        E::ClusterChoiceNeeded { .. } | E::UnknownCluster { .. } => {
            "pass --cluster with one of the cluster ids listed".into()
        }
        E::CurveRequired { .. } => "pass --curve".into(),
        E::AmbiguousFormat { .. } | E::UnrecognizedFormat => {
            "pass --key-format (and --curve where the format needs one)".into()
        }
        E::OptionNotApplicable { option, .. } => match *option {
            "passphrase" => "drop --passphrase-file".into(),
            "path" => "drop --path".into(),
            _ => return None,
        },
        E::SignerSetChanged { pinned_by, .. } if *pinned_by == "the signers lock" => {
            "if you expected this change (check it with whoever runs the signers), re-run with \
             --accept-signer-change to update the lock"
                .into()
        }
        E::ManifestExpired { .. } | E::ManifestNotYetValid { .. } => {
            "fetch a fresh manifest (keyport serve: GET /signers/manifest)".into()
        }
        E::MasterKeyNeedsHpke => {
            "drop --master-key to import the key without its chain code".into()
        }
        _ => return None,
    })
}

/// A failure with its exit code, a one-line cause and an optional hint (never containing
/// secret material).
#[derive(Debug)]
pub struct CliError {
    /// The process exit code.
    pub code: u8,
    /// The one-line cause.
    pub message: String,
    /// A second line saying which option to change, if one helps.
    pub hint: Option<String>,
}

impl CliError {
    fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            hint: None,
        }
    }
    /// A keyport error after `context` (a file, a step): the exit code comes from the error's
    /// kind, the hint from [`hint`].
    pub fn lib(context: impl fmt::Display, e: &keyport::Error) -> Self {
        Self {
            code: exit_code(e.kind()),
            message: format!("{context}: {e}"),
            hint: hint(e),
        }
    }
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(EXIT_USAGE, message)
    }
    /// An input error (exit 3).
    pub fn input(message: impl Into<String>) -> Self {
        Self::new(EXIT_INPUT, message)
    }
    /// A cryptographic failure (exit 4).
    pub fn crypto(message: impl Into<String>) -> Self {
        Self::new(EXIT_CRYPTO, message)
    }
    /// An I/O or environment failure (exit 5).
    pub fn io(message: impl Into<String>) -> Self {
        Self::new(EXIT_IO, message)
    }
}

impl From<keyport::Error> for CliError {
    fn from(e: keyport::Error) -> Self {
        Self {
            code: exit_code(e.kind()),
            message: e.to_string(),
            hint: hint(&e),
        }
    }
}

/// Result type of the CLI.
pub type CliResult<T> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_code_comes_from_the_kind() {
        let cases = [
            (keyport::Error::Randomness, EXIT_IO),
            (keyport::Error::Internal { what: "x" }, EXIT_IO),
            (keyport::Error::DecryptionFailed, EXIT_CRYPTO),
            (keyport::Error::ZeroScalar, EXIT_INPUT),
            (keyport::Error::UnsupportedKem { kem: 1 }, EXIT_INPUT),
        ];
        for (e, code) in cases {
            assert_eq!(CliError::lib("step", &e).code, code, "{e:?}");
            assert_eq!(CliError::from(e).code, code);
        }
        let codes: Vec<u8> = ErrorKind::ALL.into_iter().map(exit_code).collect();
        assert_eq!(codes, [EXIT_INPUT, EXIT_CRYPTO, EXIT_INPUT, EXIT_IO]);
    }

    #[test]
    fn hints_name_flags_the_library_does_not() {
        let e = keyport::Error::EnvelopeMismatch {
            requested: "hpke-v1",
            available: "dfns-v1",
        };
        assert!(!e.to_string().contains("--envelope"));
        let hint = CliError::lib("x", &e).hint.unwrap();
        assert_eq!(hint, "pass --envelope auto, or --envelope dfns-v1");
        assert_eq!(CliError::lib("x", &keyport::Error::ZeroScalar).hint, None);
    }
}
