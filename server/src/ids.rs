//! Random identifiers and timestamps.

use std::time::{SystemTime, UNIX_EPOCH};

use base64ct::{Base64UrlUnpadded, Encoding as _};

use crate::error::ApiError;

/// `prefix-` followed by 20 lowercase hex digits (80 random bits), e.g. `key-1f…`.
pub fn new_id(prefix: &str) -> Result<String, ApiError> {
    let mut b = [0u8; 10];
    getrandom::fill(&mut b).map_err(|e| ApiError::internal("randomness", e))?;
    Ok(format!("{prefix}-{}", hex::encode(b)))
}

/// 32 random bytes as base64url without padding (challenges, user-action tokens).
pub fn random_token() -> Result<String, ApiError> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| ApiError::internal("randomness", e))?;
    Ok(Base64UrlUnpadded::encode_string(&b))
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The current time in ISO 8601 UTC with milliseconds, as Dfns writes dates
/// (`2026-12-01T09:00:00.000Z`).
pub fn iso_now() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn shapes() {
        let id = super::new_id("key").unwrap();
        assert!(id.starts_with("key-") && id.len() == 24, "{id}");
        assert_eq!(super::random_token().unwrap().len(), 43);
        let now = super::iso_now();
        assert!(now.ends_with('Z') && now.len() == 24, "{now}");
    }
}
