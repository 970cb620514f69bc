//! [`DfnsClient`]: the endpoints, and user-action signing as Dfns documents it.
//!
//! A call that changes state is signed in four steps:
//! 1. `POST /auth/action/init` with `{userActionPayload, userActionHttpMethod,
//!    userActionHttpPath, userActionServerKind: "Api"}`, where the payload is the exact body
//!    string that will be sent;
//! 2. the challenge's `allowCredentials.key` must list our `credId`;
//! 3. the credential signs `clientData = {"type":"key.get","challenge":...}` (its exact bytes);
//! 4. `POST /auth/action` with the assertion returns the user action, sent as
//!    `X-DFNS-USERACTION` with the body string that was signed, byte for byte.

use std::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use keyport::api::{KeyExportResponse, KeyImportRequest, ListSignersResponse};
use keyport::{EnvelopeKind, ExpectedKey, ExportContext, RecoveredKey};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::http::{Http, Reply, RetryPolicy, Safety};
use crate::types::{Key, Outcome, Page, Wallet, approval_id};

/// The permission each call needs, named in 401 and 403 errors.
pub mod permission {
    /// `GET /signers`.
    pub const LIST_SIGNERS: &str = "Signers:ListSigners";
    /// `POST /keys/import`.
    pub const KEYS_IMPORT: &str = "Keys:Import";
    /// `POST /wallets/import`.
    pub const WALLETS_IMPORT: &str = "Wallets:Import";
    /// `POST /keys/{keyId}/export`.
    pub const KEYS_EXPORT: &str = "Keys:Export";
    /// `GET /keys`, `GET /keys/{keyId}`.
    pub const KEYS_READ: &str = "Keys:Read";
    /// `GET /wallets`, `GET /wallets/{walletId}`.
    pub const WALLETS_READ: &str = "Wallets:Read";
}

/// Options of a [`DfnsClient`].
#[derive(Clone, Copy, Debug)]
pub struct ClientOptions {
    /// Time allowed for one HTTP exchange.
    pub timeout: Duration,
    /// Pooled connections kept per host (set it to the number of concurrent callers).
    pub connections: usize,
    /// Retry rules.
    pub retry: RetryPolicy,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(90),
            connections: 8,
            retry: RetryPolicy::default(),
        }
    }
}

/// A client of the Dfns API (or of `keyport serve`). Cheap to clone; safe to share between
/// threads (one connection pool).
#[derive(Clone)]
pub struct DfnsClient {
    http: Http,
    credentials: Credentials,
}

impl std::fmt::Debug for DfnsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DfnsClient")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// Ids in a path must be plain: letters, digits, `-`, `_`, `.`.
fn path_id(what: &str, id: &str) -> Result<()> {
    if !id.is_empty()
        && id.len() <= 200
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{what} must be letters, digits, '-', '_' or '.' (as the API issues them)"
        )))
    }
}

/// The API's own message of an error body: `error.message`, `message`, or the body's start.
fn api_message(body: &str) -> String {
    let v: Option<Value> = serde_json::from_str(body).ok();
    let m = v.as_ref().and_then(|v| {
        v.get("error")
            .and_then(|e| e.get("message"))
            .or_else(|| v.get("message"))
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    m.unwrap_or_else(|| {
        let mut s: String = body.chars().take(200).collect();
        if s.is_empty() {
            s.push_str("(empty body)");
        }
        s
    })
}

impl DfnsClient {
    /// A client of the API at `base_url` (`https://api.dfns.io`, or a `keyport serve` URL).
    pub fn new(base_url: &str, credentials: Credentials) -> Result<Self> {
        Self::with_options(base_url, credentials, ClientOptions::default())
    }

    /// [`DfnsClient::new`] with options.
    pub fn with_options(
        base_url: &str,
        credentials: Credentials,
        options: ClientOptions,
    ) -> Result<Self> {
        let mut http = Http::new(base_url, options.timeout, options.connections)?;
        http.retry = options.retry;
        Ok(Self { http, credentials })
    }

    /// The credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    fn error(&self, call: String, r: &Reply, permission: &'static str) -> Error {
        Error::Api {
            status: r.status,
            call,
            message: api_message(&r.body),
            permission: matches!(r.status, 401 | 403).then_some(permission),
        }
    }

    /// An authenticated GET, parsed as `T`.
    fn get<T: DeserializeOwned>(&self, path: &str, permission: &'static str) -> Result<T> {
        let bearer = self.credentials.bearer();
        let r = self.http.call(
            "GET",
            path,
            &[("authorization", bearer.as_str())],
            None,
            Safety::Idempotent,
        )?;
        if r.status != 200 {
            return Err(self.error(format!("GET {path}"), &r, permission));
        }
        parse(&format!("GET {path}"), &r.body)
    }

    /// An authenticated POST of the user-action steps. Init is retried as it is; the
    /// assertion consumes its challenge, so a lost answer there is [`Error::InDoubt`] and the
    /// caller starts the flow again.
    fn post_auth(
        &self,
        path: &str,
        body: &str,
        permission: &'static str,
        safety: Safety,
    ) -> Result<Value> {
        let bearer = self.credentials.bearer();
        let r = self.http.call(
            "POST",
            path,
            &[("authorization", bearer.as_str())],
            Some(body),
            safety,
        )?;
        if r.status != 200 {
            return Err(self.error(format!("POST {path}"), &r, permission));
        }
        parse(&format!("POST {path}"), &r.body)
    }

    /// Steps 1-4: a user action for exactly (`method`, `path`, `payload`).
    fn user_action(
        &self,
        method: &str,
        path: &str,
        payload: &str,
        permission: &'static str,
    ) -> Result<Zeroizing<String>> {
        let signer = self.credentials.signer();
        let init = json!({
            "userActionPayload": payload,
            "userActionHttpMethod": method,
            "userActionHttpPath": path,
            "userActionServerKind": "Api",
        })
        .to_string();
        let challenge =
            self.post_auth("/auth/action/init", &init, permission, Safety::Idempotent)?;
        let call = "POST /auth/action/init";
        let field = |name: &str| {
            challenge
                .get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| Error::Response {
                    call: call.into(),
                    reason: format!("no {name} string"),
                })
        };
        let challenge_text = field("challenge")?;
        let challenge_id = field("challengeIdentifier")?;
        let allowed: Vec<String> = challenge
            .get("allowCredentials")
            .and_then(|a| a.get("key"))
            .and_then(Value::as_array)
            .map(|keys| {
                keys.iter()
                    .filter_map(|k| k.get("id").and_then(Value::as_str).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if !allowed.iter().any(|id| id == signer.cred_id()) {
            return Err(Error::CredentialNotAllowed {
                cred_id: signer.cred_id().to_string(),
                allowed,
            });
        }
        let client_data = keyport_auth::client_data(challenge_text);
        let signature = signer.sign(client_data.as_bytes())?;
        let assertion = json!({
            "challengeIdentifier": challenge_id,
            "firstFactor": {
                "kind": "Key",
                "credentialAssertion": {
                    "credId": signer.cred_id(),
                    "clientData": Base64UrlUnpadded::encode_string(client_data.as_bytes()),
                    "signature": Base64UrlUnpadded::encode_string(&signature),
                }
            }
        })
        .to_string();
        let done = self.post_auth("/auth/action", &assertion, permission, Safety::Once)?;
        let token = done
            .get("userAction")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::Response {
                call: "POST /auth/action".into(),
                reason: "no userAction string".into(),
            })?;
        Ok(Zeroizing::new(token.to_string()))
    }

    /// A signed POST of `body` (sent byte-identical to the signed payload). A 429 waits as
    /// `Retry-After` says and signs a new user action; a lost answer or a 5xx is
    /// [`Error::InDoubt`]; 202 is [`Outcome::AwaitingApproval`].
    pub fn signed_post(
        &self,
        path: &str,
        body: &str,
        permission: &'static str,
    ) -> Result<Outcome<String>> {
        let call = format!("POST {path}");
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let action = match self.user_action("POST", path, body, permission) {
                Ok(a) => a,
                // The assertion's answer was lost (its challenge is spent either way), or the
                // API failed: nothing has changed yet, so sign a new user action.
                Err(Error::InDoubt { .. }) if attempt < self.http.retry.max_attempts => {
                    std::thread::sleep(self.http.retry.backoff(attempt));
                    continue;
                }
                Err(Error::Api { status, .. })
                    if status >= 500 && attempt < self.http.retry.max_attempts =>
                {
                    std::thread::sleep(self.http.retry.backoff(attempt));
                    continue;
                }
                Err(e) => return Err(e),
            };
            let bearer = self.credentials.bearer();
            let r = self.http.call(
                "POST",
                path,
                &[
                    ("authorization", bearer.as_str()),
                    ("x-dfns-useraction", action.as_str()),
                ],
                Some(body),
                Safety::Once,
            )?;
            match r.status {
                200 | 201 => return Ok(Outcome::Done(r.body)),
                202 => {
                    let v: Value = parse(&call, &r.body)?;
                    let approval_id = approval_id(&v).ok_or_else(|| Error::Response {
                        call: call.clone(),
                        reason: "HTTP 202 (awaiting approval) without an approval id".into(),
                    })?;
                    return Ok(Outcome::AwaitingApproval { approval_id });
                }
                429 if attempt < self.http.retry.max_attempts => {
                    std::thread::sleep(self.http.retry_after(&r, attempt, &call)?);
                }
                s if s >= 500 => {
                    return Err(Error::InDoubt {
                        call,
                        cause: format!("HTTP {s}: {}", api_message(&r.body)),
                    });
                }
                _ => return Err(self.error(call, &r, permission)),
            }
        }
    }

    /// `GET /signers`, as the API's text (for printing and fingerprinting).
    pub fn list_signers_text(&self) -> Result<String> {
        let bearer = self.credentials.bearer();
        let r = self.http.call(
            "GET",
            "/signers",
            &[("authorization", bearer.as_str())],
            None,
            Safety::Idempotent,
        )?;
        if r.status != 200 {
            return Err(self.error("GET /signers".into(), &r, permission::LIST_SIGNERS));
        }
        Ok(r.body)
    }

    /// `GET /signers`.
    pub fn list_signers(&self) -> Result<ListSignersResponse> {
        Ok(ListSignersResponse::from_json(&self.list_signers_text()?)?)
    }

    /// `POST /keys/import`; the key is reported only if the API's `publicKey` is `expected`.
    pub fn import_key(
        &self,
        request: &KeyImportRequest,
        expected: &ExpectedKey,
    ) -> Result<Outcome<Key>> {
        let out = self.signed_post("/keys/import", &request.to_json(), permission::KEYS_IMPORT)?;
        match out {
            Outcome::Done(body) => {
                let key: Key = parse("POST /keys/import", &body)?;
                check_public_key(&key.id, &key.public_key, expected)?;
                Ok(Outcome::Done(key))
            }
            Outcome::AwaitingApproval { approval_id } => {
                Ok(Outcome::AwaitingApproval { approval_id })
            }
        }
    }

    /// `POST /wallets/import`: the import request with `network` and `externalId`; the wallet
    /// is reported only if its signing key's `publicKey` is `expected`. A taken `externalId`
    /// is HTTP 409.
    pub fn import_wallet(
        &self,
        request: &KeyImportRequest,
        network: &str,
        external_id: Option<&str>,
        expected: &ExpectedKey,
    ) -> Result<Outcome<Wallet>> {
        let mut v = serde_json::to_value(request).map_err(|e| Error::Response {
            call: "POST /wallets/import".into(),
            reason: format!("cannot encode the request ({})", e.classify() as u8),
        })?;
        if let Value::Object(m) = &mut v {
            m.insert("network".into(), json!(network));
            if let Some(x) = external_id {
                m.insert("externalId".into(), json!(x));
            }
        }
        let body = v.to_string();
        match self.signed_post("/wallets/import", &body, permission::WALLETS_IMPORT)? {
            Outcome::Done(body) => {
                let w: Wallet = parse("POST /wallets/import", &body)?;
                check_public_key(&w.signing_key.id, &w.signing_key.public_key, expected)?;
                Ok(Outcome::Done(w))
            }
            Outcome::AwaitingApproval { approval_id } => {
                Ok(Outcome::AwaitingApproval { approval_id })
            }
        }
    }

    /// `POST /keys/{keyId}/export` with a fresh one-time key (held in memory only), then the
    /// key recovered from the answer and checked against `expected` (never against the key
    /// the answer claims).
    pub fn export_key(
        &self,
        key_id: &str,
        expected: ExpectedKey,
        envelope: EnvelopeKind,
    ) -> Result<Outcome<RecoveredKey>> {
        path_id("the key id", key_id)?;
        let ctx = ExportContext::new(envelope)?.with_expected_key(expected);
        let path = format!("/keys/{key_id}/export");
        let body = ctx.request().to_json();
        match self.signed_post(&path, &body, permission::KEYS_EXPORT)? {
            Outcome::Done(text) => {
                let response = KeyExportResponse::from_json(&text)?;
                Ok(Outcome::Done(ctx.recover_recorded(&response)?))
            }
            Outcome::AwaitingApproval { approval_id } => {
                Ok(Outcome::AwaitingApproval { approval_id })
            }
        }
    }

    /// `GET /keys/{keyId}`.
    pub fn get_key(&self, key_id: &str) -> Result<Key> {
        path_id("the key id", key_id)?;
        self.get(&format!("/keys/{key_id}"), permission::KEYS_READ)
    }

    /// `GET /keys?limit=&paginationToken=`: one page.
    pub fn list_keys(&self, limit: Option<u32>, page_token: Option<&str>) -> Result<Page<Key>> {
        let path = list_path("/keys", limit, page_token)?;
        self.get(&path, permission::KEYS_READ)
    }

    /// `GET /wallets/{walletId}`.
    pub fn get_wallet(&self, wallet_id: &str) -> Result<Wallet> {
        path_id("the wallet id", wallet_id)?;
        self.get(&format!("/wallets/{wallet_id}"), permission::WALLETS_READ)
    }

    /// `GET /wallets?limit=&paginationToken=`: one page.
    pub fn list_wallets(
        &self,
        limit: Option<u32>,
        page_token: Option<&str>,
    ) -> Result<Page<Wallet>> {
        let path = list_path("/wallets", limit, page_token)?;
        self.get(&path, permission::WALLETS_READ)
    }

    /// Every key, all pages.
    pub fn all_keys(&self) -> Result<Vec<Key>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self.list_keys(Some(100), token.as_deref())?;
            out.extend(page.items);
            match page.next_page_token {
                Some(t) => token = Some(t),
                None => return Ok(out),
            }
        }
    }

    /// Every wallet, all pages.
    pub fn all_wallets(&self) -> Result<Vec<Wallet>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self.list_wallets(Some(100), token.as_deref())?;
            out.extend(page.items);
            match page.next_page_token {
                Some(t) => token = Some(t),
                None => return Ok(out),
            }
        }
    }
}

fn list_path(base: &str, limit: Option<u32>, page_token: Option<&str>) -> Result<String> {
    let mut q = Vec::new();
    if let Some(l) = limit {
        q.push(format!("limit={l}"));
    }
    if let Some(t) = page_token {
        if !t
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
        {
            return Err(Error::Response {
                call: format!("GET {base}"),
                reason: "nextPageToken has characters that need URL encoding".into(),
            });
        }
        q.push(format!("paginationToken={t}"));
    }
    Ok(if q.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", q.join("&"))
    })
}

/// A JSON body as `T`; the error names the call and the position, never the content.
fn parse<T: DeserializeOwned>(call: &str, body: &str) -> Result<T> {
    serde_json::from_str(body).map_err(|e| Error::Response {
        call: call.to_string(),
        reason: format!(
            "the body is not the documented JSON (line {} column {})",
            e.line(),
            e.column()
        ),
    })
}

/// The API's `publicKey` must be the key computed locally.
pub(crate) fn check_public_key(key_id: &str, returned: &str, expected: &ExpectedKey) -> Result<()> {
    let same = ExpectedKey::from_hex(expected.curve(), returned)
        .is_ok_and(|k| k.compressed() == expected.compressed());
    if same {
        Ok(())
    } else {
        Err(Error::PublicKeyMismatch {
            key_id: key_id.to_string(),
            expected: expected.to_hex(),
            returned: returned.chars().take(200).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_messages_and_paths() {
        assert_eq!(
            api_message(r#"{"error":{"message":"no","code":"x"}}"#),
            "no"
        );
        assert_eq!(api_message(r#"{"message":"m"}"#), "m");
        assert_eq!(api_message(""), "(empty body)");
        assert_eq!(
            list_path("/keys", Some(100), Some("cDE")).unwrap(),
            "/keys?limit=100&paginationToken=cDE"
        );
        assert!(list_path("/keys", None, Some("a&b")).is_err());
        assert!(path_id("id", "key-1").is_ok());
        assert!(path_id("id", "../x").is_err());
        assert!(path_id("id", "").is_err());
    }
}
