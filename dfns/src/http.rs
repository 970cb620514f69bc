//! One HTTP exchange, and the retry rules: what may be sent again, and when.
//!
//! - Nothing reached the API (connection refused, DNS, connect timeout): retried with
//!   backoff, whatever the call.
//! - A call that changes nothing ([`Safety::Idempotent`]: reads, the user-action steps):
//!   also retried after a lost answer, a 5xx, or a 429 (waiting as long as `Retry-After` says).
//! - A call that changes state ([`Safety::Once`]): a lost answer is [`Error::InDoubt`] and is
//!   never sent again here; a 429 goes back to the caller, which signs a new user action.

use std::time::Duration;

use crate::error::{Error, Result};

/// How often and how long to retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all (the first included).
    pub max_attempts: u32,
    /// The first backoff; it doubles each attempt (with up to 50% random jitter).
    pub base_delay: Duration,
    /// The longest backoff between two attempts.
    pub max_delay: Duration,
    /// The longest `Retry-After` honoured; a longer one is an error naming it.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(300),
        }
    }
}

impl RetryPolicy {
    /// The backoff before attempt `attempt` (1-based: after the first failure, 1).
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let capped = exp.min(self.max_delay);
        // Jitter from the std hasher's per-process random keys: enough to spread workers apart,
        // and nothing here is secret.
        use std::hash::{BuildHasher as _, Hasher as _};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(attempt);
        let frac = (h.finish() % 1000) as u32;
        capped + capped.mul_f64(f64::from(frac) / 2000.0)
    }
}

/// Whether a call may be sent again after its answer was lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Safety {
    /// Reads and the user-action steps: sending again changes nothing.
    Idempotent,
    /// Imports and exports: sent at most once per user action.
    Once,
}

/// An HTTP answer.
pub(crate) struct Reply {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<Duration>,
}

/// Why one exchange failed.
enum Failure {
    /// Nothing was sent.
    NotSent(String),
    /// The request may have reached the API.
    Unknown(String),
}

/// Largest response body read: 16 MiB (a page of 100 keys is about 40 KB).
const BODY_LIMIT: u64 = 16 * 1024 * 1024;

/// The transport: a pooled HTTP/1.1 agent on rustls, and the base URL.
#[derive(Clone)]
pub(crate) struct Http {
    agent: ureq::Agent,
    base: String,
    pub retry: RetryPolicy,
}

impl Http {
    pub fn new(base_url: &str, timeout: Duration, connections: usize) -> Result<Self> {
        let base = base_url.trim_end_matches('/').to_string();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(Error::Usage(format!(
                "the API URL must start with https:// (or http:// for a local keyport serve), \
                 not {base:?}"
            )));
        }
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .max_idle_connections(connections.max(1))
            .max_idle_connections_per_host(connections.max(1))
            .user_agent(concat!("keyport-dfns/", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(Self {
            agent: ureq::Agent::new_with_config(config),
            base,
            retry: RetryPolicy::default(),
        })
    }

    fn once(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> std::result::Result<Reply, Failure> {
        let url = format!("{}{path}", self.base);
        let result = if method == "POST" {
            let body = body.unwrap_or("");
            let mut req = self
                .agent
                .post(&url)
                .header("content-type", "application/json");
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            req.send(body.as_bytes())
        } else {
            let mut req = self.agent.get(&url);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            req.call()
        };
        let mut resp = result.map_err(classify)?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = resp
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_string()
            .map_err(|e| Failure::Unknown(format!("reading the response: {e}")))?;
        Ok(Reply {
            status,
            body,
            retry_after,
        })
    }

    /// Send `method path` with the retry rules of `safety`. `method` is `GET` (no body) or
    /// `POST` (JSON body).
    pub fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
        safety: Safety,
    ) -> Result<Reply> {
        let call = || format!("{method} {path}");
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let last = attempt >= self.retry.max_attempts;
            let wait = match self.once(method, path, headers, body) {
                Ok(r) if r.status == 429 && safety == Safety::Idempotent && !last => {
                    self.retry_after(&r, attempt, &call())?
                }
                Ok(r) if r.status >= 500 && safety == Safety::Idempotent && !last => {
                    self.retry.backoff(attempt)
                }
                Ok(r) => return Ok(r),
                Err(Failure::NotSent(cause)) if last => {
                    return Err(Error::Network {
                        call: call(),
                        cause,
                    });
                }
                Err(Failure::NotSent(_)) => self.retry.backoff(attempt),
                Err(Failure::Unknown(cause)) if safety == Safety::Once || last => {
                    return Err(Error::InDoubt {
                        call: call(),
                        cause,
                    });
                }
                Err(Failure::Unknown(_)) => self.retry.backoff(attempt),
            };
            std::thread::sleep(wait);
        }
    }

    /// How long a 429 asks to wait (`Retry-After` seconds, else the backoff).
    pub fn retry_after(&self, r: &Reply, attempt: u32, call: &str) -> Result<Duration> {
        match r.retry_after {
            Some(d) if d > self.retry.max_retry_after => Err(Error::Api {
                status: 429,
                call: call.to_string(),
                message: format!(
                    "rate limited, and Retry-After asks for {} s, longer than the {} s this \
                     client waits",
                    d.as_secs(),
                    self.retry.max_retry_after.as_secs()
                ),
                permission: None,
            }),
            Some(d) => Ok(d),
            None => Ok(self.retry.backoff(attempt)),
        }
    }
}

fn classify(e: ureq::Error) -> Failure {
    use std::io::ErrorKind as K;
    match e {
        ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
            Failure::NotSent(e.to_string())
        }
        ureq::Error::Timeout(t) if matches!(t, ureq::Timeout::Resolve | ureq::Timeout::Connect) => {
            Failure::NotSent(format!("timeout: {t}"))
        }
        ureq::Error::Io(ref io)
            if matches!(
                io.kind(),
                K::ConnectionRefused | K::AddrNotAvailable | K::NotFound
            ) =>
        {
            Failure::NotSent(e.to_string())
        }
        ureq::Error::BadUri(_) | ureq::Error::Tls(_) | ureq::Error::Rustls(_) => {
            Failure::NotSent(e.to_string())
        }
        other => Failure::Unknown(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RetryPolicy::default();
        let b1 = p.backoff(1);
        assert!(b1 >= Duration::from_millis(100) && b1 <= Duration::from_millis(150));
        let b3 = p.backoff(3);
        assert!(b3 >= Duration::from_millis(400) && b3 <= Duration::from_millis(600));
        let b30 = p.backoff(30);
        assert!(b30 >= Duration::from_secs(5) && b30 <= Duration::from_millis(7500));
    }
}
