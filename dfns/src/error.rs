//! The one error type of keyport-dfns.
//!
//! Each variant says what failed and what to do; none ever carries a token, a credential key,
//! a share or a private key: messages hold HTTP statuses, the API's own messages, ids, paths
//! and public keys only.

use std::fmt;

/// Shorthand for `Result<T, keyport_dfns::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A failure of a Dfns API call, of the credentials, or of the migration journal.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status. For 401 and 403 `permission` names what the
    /// call needs (`Keys:Import`, ...).
    Api {
        /// The HTTP status.
        status: u16,
        /// `METHOD /path` of the call.
        call: String,
        /// The API's own message (`error.message` of the body), or the body's start.
        message: String,
        /// The permission the call needs, for 401 and 403.
        permission: Option<&'static str>,
    },
    /// The request could not be sent (connection refused, DNS, TLS): nothing reached the API.
    Network {
        /// `METHOD /path` of the call.
        call: String,
        /// What failed.
        cause: String,
    },
    /// The request was (perhaps) sent but no answer came (connection reset, timeout, a 5xx on
    /// a call that changes state): the API may or may not have applied it. Never retried
    /// blindly; [`crate::migrate`] resolves it by asking the API.
    InDoubt {
        /// `METHOD /path` of the call.
        call: String,
        /// What failed.
        cause: String,
    },
    /// The challenge of `POST /auth/action/init` does not list our credential.
    CredentialNotAllowed {
        /// Our credential id.
        cred_id: String,
        /// The credential ids the challenge allows.
        allowed: Vec<String>,
    },
    /// The API stored a key whose public key differs from the one computed locally.
    PublicKeyMismatch {
        /// The key id the API returned.
        key_id: String,
        /// The public key computed from the imported secret (hex).
        expected: String,
        /// The public key the API returned.
        returned: String,
    },
    /// The credentials (client.json, token, credential key) are unusable.
    Credentials(String),
    /// A response body is not what the API documents.
    Response {
        /// `METHOD /path` of the call.
        call: String,
        /// What was wrong (field names, never values of secret fields).
        reason: String,
    },
    /// A keyport library error (building a request, recovering a key).
    Keyport(keyport::Error),
    /// The migration journal could not be read or written, or contradicts this run.
    Journal(String),
    /// Another runner holds the journal.
    JournalLocked(String),
    /// An argument is invalid (a URL, a count).
    Usage(String),
}

impl Error {
    /// A stable machine-readable code.
    pub const fn code(&self) -> &'static str {
        match self {
            Error::Api { .. } => "dfns_api_error",
            Error::Network { .. } => "dfns_network",
            Error::InDoubt { .. } => "dfns_in_doubt",
            Error::CredentialNotAllowed { .. } => "dfns_credential_not_allowed",
            Error::PublicKeyMismatch { .. } => "dfns_public_key_mismatch",
            Error::Credentials(_) => "dfns_credentials",
            Error::Response { .. } => "dfns_bad_response",
            Error::Keyport(_) => "dfns_keyport",
            Error::Journal(_) => "dfns_journal",
            Error::JournalLocked(_) => "dfns_journal_locked",
            Error::Usage(_) => "dfns_usage",
        }
    }

    /// Whether retrying the same call later may succeed without anything being changed (a
    /// network failure before sending, a 429 or a 5xx).
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Network { .. } => true,
            Error::Api { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                status,
                call,
                message,
                permission,
            } => {
                write!(f, "{call}: HTTP {status}: {message}")?;
                match (status, permission) {
                    (401, Some(p)) => write!(
                        f,
                        " (check the auth token; this call needs the {p} permission)"
                    ),
                    (403, Some(p)) => write!(
                        f,
                        " (this call needs the {p} permission, and a user action signed by a \
                         credential of the token's user)"
                    ),
                    _ => Ok(()),
                }
            }
            Error::Network { call, cause } => {
                write!(
                    f,
                    "{call}: cannot reach the API ({cause}); nothing was sent"
                )
            }
            Error::InDoubt { call, cause } => write!(
                f,
                "{call}: no answer ({cause}); the API may or may not have applied the request"
            ),
            Error::CredentialNotAllowed { cred_id, allowed } => write!(
                f,
                "the user-action challenge does not allow credential {cred_id} (it allows: {}); \
                 use the credential registered for the token's user",
                if allowed.is_empty() {
                    "none".to_string()
                } else {
                    allowed.join(", ")
                }
            ),
            Error::PublicKeyMismatch {
                key_id,
                expected,
                returned,
            } => write!(
                f,
                "the API stored key {key_id} with public key {returned}, but the imported key's \
                 public key is {expected}: do not use this key"
            ),
            Error::Credentials(m) => write!(f, "credentials: {m}"),
            Error::Response { call, reason } => {
                write!(f, "{call}: unexpected response: {reason}")
            }
            Error::Keyport(e) => write!(f, "{e}"),
            Error::Journal(m) => write!(f, "journal: {m}"),
            Error::JournalLocked(path) => write!(
                f,
                "the journal {path} is in use by another keyport dfns migrate; wait for it to \
                 finish (two runners on one journal could import a key twice)"
            ),
            Error::Usage(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl From<keyport::Error> for Error {
    fn from(e: keyport::Error) -> Self {
        Error::Keyport(e)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Journal(format!("database: {e}"))
    }
}
