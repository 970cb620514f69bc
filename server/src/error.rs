//! The two error types of the server: [`ServeError`] for setup and startup (a command-line
//! failure with an exit code) and [`ApiError`] for a refused HTTP request (a status and a
//! Dfns-shaped body).
//!
//! Neither ever carries a share, a key or a token: messages name fields, ids and paths only.

use std::fmt;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A failure of `keyport serve init` or of starting the server.
#[derive(Debug)]
pub enum ServeError {
    /// Bad command-line usage (exit 2).
    Usage(String),
    /// A file or directory could not be read or written (exit 5).
    Io(String),
    /// The state directory is inconsistent or the database failed (exit 5).
    Storage(String),
    /// A key could not be created, decoded or opened (exit 4).
    Crypto(String),
}

impl ServeError {
    /// The process exit code, the same classes as the `keyport` CLI uses.
    pub fn exit_code(&self) -> u8 {
        match self {
            ServeError::Usage(_) => 2,
            ServeError::Crypto(_) => 4,
            ServeError::Io(_) | ServeError::Storage(_) => 5,
        }
    }

    /// An I/O failure on `path`, with what was being done.
    pub(crate) fn io(what: &str, path: &std::path::Path, e: &std::io::Error) -> Self {
        ServeError::Io(format!("cannot {what} {}: {e}", path.display()))
    }
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Usage(m)
            | ServeError::Io(m)
            | ServeError::Storage(m)
            | ServeError::Crypto(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ServeError {}

impl From<rusqlite::Error> for ServeError {
    fn from(e: rusqlite::Error) -> Self {
        ServeError::Storage(format!("database: {e}"))
    }
}

/// A refused request: an HTTP status and a message, sent as
/// `{"error":{"message":...,"code":...}}` (Dfns's error shape; its SDKs read both members).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable machine-readable code, e.g. `invalid_body`.
    pub code: &'static str,
    /// What was wrong and what to fix.
    pub message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400: the body (or a query parameter) is wrong; the message names the field.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_body", message)
    }

    /// 401: the `Authorization: Bearer` token is missing or invalid.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 403: the user action (or its challenge) is missing, reused, expired or mismatched.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "user_action_refused", message)
    }

    /// 404: no such key or wallet.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 409: the request conflicts with stored state (a duplicate `externalId`).
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 413: the body is larger than the server accepts.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the request body is larger than {limit} bytes"),
        )
    }

    /// 500: the server failed (storage, randomness). The detail goes to the log, not the
    /// client.
    pub fn internal(context: &str, detail: impl fmt::Display) -> Self {
        eprintln!("keyport serve: internal error: {context}: {detail}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("internal error ({context}); see the server log"),
        )
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::internal("storage", e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": { "message": self.message, "code": self.code }
        });
        crate::routes::json_response(self.status, &body)
    }
}
