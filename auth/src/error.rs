//! What can go wrong with a credential or a `clientData`. No message quotes its input: a
//! credential kind, a key or a `clientData` may hold anything, a pasted secret included.

use core::fmt;

use crate::kind::CredentialKind;

/// Shorthand for `core::result::Result<T, keyport_auth::Error>`.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// A credential or `clientData` problem.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A credential kind name is none of [`CredentialKind::ALL`].
    UnknownKind,
    /// A private key is not a PKCS#8 PEM Ed25519 or P-256 private key.
    PrivateKey,
    /// Bytes that are not a public key of the kind.
    PublicKey {
        /// The kind the bytes were read as.
        kind: CredentialKind,
        /// How many bytes there were.
        len: usize,
    },
    /// The operating system's random number generator failed.
    Randomness,
    /// A key could not be written as PKCS#8 PEM.
    Encoding,
    /// A `clientData` is not JSON.
    ClientDataNotJson,
    /// A `clientData`'s `type` is not [`crate::CLIENT_DATA_TYPE`].
    ClientDataType,
    /// A `clientData`'s `challenge` is not the challenge it was checked against.
    ClientDataChallenge,
}

impl Error {
    /// A stable machine-readable code: the variant name in SCREAMING_SNAKE_CASE.
    pub const fn code(&self) -> &'static str {
        match self {
            Error::UnknownKind => "UNKNOWN_KIND",
            Error::PrivateKey => "PRIVATE_KEY",
            Error::PublicKey { .. } => "PUBLIC_KEY",
            Error::Randomness => "RANDOMNESS",
            Error::Encoding => "ENCODING",
            Error::ClientDataNotJson => "CLIENT_DATA_NOT_JSON",
            Error::ClientDataType => "CLIENT_DATA_TYPE",
            Error::ClientDataChallenge => "CLIENT_DATA_CHALLENGE",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownKind => {
                f.write_str("unknown credential kind; use ")?;
                let names = CredentialKind::ALL.map(CredentialKind::as_str);
                f.write_str(&names.join(" or "))
            }
            Error::PrivateKey => f.write_str(
                "the credential key is not a PKCS#8 PEM Ed25519 or P-256 private key \
                 (-----BEGIN PRIVATE KEY-----)",
            ),
            Error::PublicKey { kind, len } => write!(
                f,
                "{len} bytes are not a {kind} credential public key (ed25519: 32 bytes; \
                 p256: a SEC1 point, 33 or 65 bytes)"
            ),
            Error::Randomness => {
                f.write_str("the operating system's random number generator failed")
            }
            Error::Encoding => f.write_str("cannot write the credential key as PKCS#8 PEM"),
            Error::ClientDataNotJson => f.write_str("clientData is not JSON"),
            Error::ClientDataType => {
                write!(f, "clientData.type must be \"{}\"", crate::CLIENT_DATA_TYPE)
            }
            Error::ClientDataChallenge => {
                f.write_str("clientData.challenge is not the challenge that was issued")
            }
        }
    }
}

impl std::error::Error for Error {}
