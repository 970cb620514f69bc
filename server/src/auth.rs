//! Authentication, as Dfns does it: a service-account bearer token on every request, and a
//! user action (a signed, single-use challenge) on every request that changes state.
//!
//! - The bearer token is a JWT signed with HMAC-SHA256 under the server's token key. Its
//!   payload names the org under `https://custom/app_metadata` → `orgId`, which Dfns's
//!   TypeScript SDK checks against the org it is given.
//! - A credential signs `clientData`, JSON with `type: "key.get"` and the challenge, over its
//!   exact bytes (base64url without padding on the wire): Ed25519 raw signatures, ECDSA P-256
//!   over SHA-256 in DER form.
//! - A user action is bound to the method, path and payload of its init call; payloads are
//!   compared as JSON values, because Dfns's Python SDK signs compact JSON but sends the body
//!   as its HTTP library writes it.

use base64ct::{Base64UrlUnpadded, Encoding as _};
use hmac::{KeyInit as _, Mac as _};
use keyport_auth::{CredentialKey, CredentialPublicKey};
use serde_json::Value;
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use crate::error::{ApiError, ServeError};

/// The claim that carries the org id, and the kind of a credential's key: one declaration
/// each, in `keyport-auth`, shared with the client.
pub use keyport_auth::{APP_METADATA_CLAIM, CredentialKind};

type HmacSha256 = hmac::Hmac<Sha256>;

/// Issue the service-account token of `org_id`: `base64url(header).base64url(payload).mac`.
pub fn issue_service_token(key: &[u8; 32], org_id: &str, user_id: &str, issued_at: u64) -> String {
    let header = serde_json::json!({"alg": "HS256", "typ": "JWT"});
    let mut payload = serde_json::json!({
        "iss": "keyport-serve",
        "aud": "keyport-serve",
        "sub": user_id,
        "iat": issued_at,
    });
    if let Value::Object(m) = &mut payload {
        m.insert(
            APP_METADATA_CLAIM.into(),
            serde_json::json!({ "orgId": org_id, "userId": user_id, "tokenKind": "Service" }),
        );
    }
    let signing_input = format!(
        "{}.{}",
        Base64UrlUnpadded::encode_string(header.to_string().as_bytes()),
        Base64UrlUnpadded::encode_string(payload.to_string().as_bytes())
    );
    let tag = mac(key, signing_input.as_bytes()).finalize().into_bytes();
    format!("{signing_input}.{}", Base64UrlUnpadded::encode_string(&tag))
}

fn mac(key: &[u8; 32], data: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length; 32 bytes cannot fail.
    let mut m = <HmacSha256 as hmac::KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| HmacSha256::new(&Default::default()));
    m.update(data);
    m
}

/// Check an `Authorization` header value: `Bearer <token>` with a token this server issued
/// for `org_id`. The MAC is checked (in constant time) before anything in the token is read.
pub fn check_bearer(key: &[u8; 32], org_id: &str, header: Option<&str>) -> Result<(), ApiError> {
    let header = header.ok_or_else(|| {
        ApiError::unauthorized(
            "missing Authorization header; send Authorization: Bearer <authToken from client.json>",
        )
    })?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .ok_or_else(|| ApiError::unauthorized("the Authorization header must be Bearer <token>"))?
        .trim();
    let invalid =
        || ApiError::unauthorized("invalid bearer token: it was not issued by this server");
    let (signing_input, tag) = token.rsplit_once('.').ok_or_else(invalid)?;
    let tag = Base64UrlUnpadded::decode_vec(tag).map_err(|_| invalid())?;
    mac(key, signing_input.as_bytes())
        .verify_slice(&tag)
        .map_err(|_| invalid())?;
    let (header_b64, payload_b64) = signing_input.split_once('.').ok_or_else(invalid)?;
    let header: Value = decode_json_b64(header_b64).ok_or_else(invalid)?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(invalid());
    }
    let payload: Value = decode_json_b64(payload_b64).ok_or_else(invalid)?;
    if keyport_auth::org_claim(&payload) != Some(org_id) {
        return Err(ApiError::unauthorized(
            "the bearer token belongs to another org",
        ));
    }
    Ok(())
}

fn decode_json_b64(s: &str) -> Option<Value> {
    let bytes = Base64UrlUnpadded::decode_vec(s).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// A registered credential: its id and public key (the private key lives only in client.json).
///
/// Its `Debug` shows the public key; nothing here is secret.
#[derive(Clone, Debug)]
pub struct Credential {
    /// The credential id, as sent in `credentialAssertion.credId`.
    pub id: String,
    /// The public key (and so the kind).
    pub public_key: CredentialPublicKey,
}

impl Credential {
    /// A new credential: the public half and the private key as PKCS#8 PEM (for client.json).
    pub fn generate(
        id: String,
        kind: CredentialKind,
    ) -> Result<(Self, Zeroizing<String>), ServeError> {
        let bad = |e: keyport_auth::Error| {
            ServeError::Crypto(format!("cannot create the credential key: {e}"))
        };
        let key = CredentialKey::generate(kind).map_err(bad)?;
        let pem = key.to_pkcs8_pem().map_err(bad)?;
        let public_key = key.public_key();
        Ok((Self { id, public_key }, pem))
    }

    /// The key kind.
    pub fn kind(&self) -> CredentialKind {
        self.public_key.kind()
    }

    /// Whether `signature` is this credential's signature over exactly `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        self.public_key.verify(message, signature)
    }
}

/// What a user action is bound to: the method, path and payload of its init call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The HTTP method, upper case.
    pub method: String,
    /// The path (with query, if any) the action may be used on.
    pub path: String,
    /// The signed payload text: `""` for no body, else JSON.
    pub payload: String,
}

impl Binding {
    /// Check that a request matches this binding. The body is compared with the payload as
    /// JSON values (member order and whitespace do not matter; content does).
    pub fn check(&self, method: &str, path: &str, body: &[u8]) -> Result<(), ApiError> {
        if !self.method.eq_ignore_ascii_case(method) {
            return Err(ApiError::forbidden(format!(
                "the user action was signed for {} but the request is {method}",
                self.method
            )));
        }
        if self.path != path {
            return Err(ApiError::forbidden(
                "the user action was signed for another path than this request's",
            ));
        }
        let signed = parse_payload(&self.payload)
            .map_err(|_| ApiError::forbidden("the signed payload is not JSON"))?;
        let sent = if body.iter().all(u8::is_ascii_whitespace) {
            None
        } else {
            Some(serde_json::from_slice::<Value>(body).map_err(|e| {
                ApiError::bad_request(format!(
                    "the body is not JSON (line {} column {})",
                    e.line(),
                    e.column()
                ))
            })?)
        };
        if signed != sent {
            return Err(ApiError::forbidden(
                "the request body differs from the payload the user action signed",
            ));
        }
        Ok(())
    }
}

/// A `userActionPayload`: `""` (no body) or JSON text.
pub fn parse_payload(payload: &str) -> Result<Option<Value>, serde_json::Error> {
    if payload.is_empty() {
        Ok(None)
    } else {
        serde_json::from_str(payload).map(Some)
    }
}

/// Check a `clientData` (decoded) against the challenge (`keyport_auth::check_client_data`:
/// `type` `key.get`, `challenge` equal to it, other members allowed), in the API's words: not
/// JSON is 400, the rest 403.
pub fn check_client_data(client_data: &[u8], challenge: &str) -> Result<(), ApiError> {
    use keyport_auth::Error as E;
    keyport_auth::check_client_data(client_data, challenge).map_err(|e| match e {
        E::ClientDataType => ApiError::forbidden(
            "credentialAssertion.clientData.type must be \"key.get\"",
        ),
        E::ClientDataChallenge => ApiError::forbidden(
            "credentialAssertion.clientData.challenge is not the challenge of this challengeIdentifier",
        ),
        _ => ApiError::bad_request("credentialAssertion.clientData is not JSON"),
    })
}

/// The stored form of a user-action token: its SHA-256 (the token itself is never stored).
pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Decode base64url without padding, naming the field on failure.
pub fn b64url(field: &str, s: &str) -> Result<Vec<u8>, ApiError> {
    Base64UrlUnpadded::decode_vec(s)
        .map_err(|_| ApiError::bad_request(format!("{field} must be base64url without padding")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [9; 32];

    #[test]
    fn bearer_tokens_verify_only_for_their_server_and_org() {
        let t = issue_service_token(&KEY, "or-1", "us-1", 0);
        let h = format!("Bearer {t}");
        assert_eq!(check_bearer(&KEY, "or-1", Some(&h)), Ok(()));
        for bad in [
            check_bearer(&[8; 32], "or-1", Some(&h)),
            check_bearer(&KEY, "or-2", Some(&h)),
            check_bearer(&KEY, "or-1", None),
            check_bearer(&KEY, "or-1", Some(&t)),
            check_bearer(&KEY, "or-1", Some("Bearer a.b.c")),
            check_bearer(&KEY, "or-1", Some(&format!("Bearer {t}x"))),
        ] {
            assert_eq!(
                bad.unwrap_err().status,
                axum::http::StatusCode::UNAUTHORIZED
            );
        }
    }

    #[test]
    fn credentials_verify_their_own_signatures_only() {
        for kind in [CredentialKind::Ed25519, CredentialKind::P256] {
            let (c, pem) = Credential::generate("cr-1".into(), kind).unwrap();
            assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
            if kind == CredentialKind::Ed25519 {
                // PKCS#8 v1: version 0, no public key (what Python's cryptography loads).
                assert!(pem.contains("MC4CAQAwBQYDK2VwBCIEI"), "{}", &pem[..]);
            }
            assert!(!c.verify(b"m", &[0u8; 64]));
            assert!(!c.verify(b"m", b""));
        }
    }

    #[test]
    fn bindings_compare_payloads_as_values() {
        let b = Binding {
            method: "POST".into(),
            path: "/keys/import".into(),
            payload: r#"{"a":1,"b":[true,"x"]}"#.into(),
        };
        assert_eq!(
            b.check("POST", "/keys/import", br#"{ "b": [true, "x"], "a": 1 }"#),
            Ok(())
        );
        let forbidden =
            |r: Result<(), ApiError>| r.unwrap_err().status == axum::http::StatusCode::FORBIDDEN;
        assert!(forbidden(b.check(
            "PUT",
            "/keys/import",
            br#"{"a":1,"b":[true,"x"]}"#
        )));
        assert!(forbidden(b.check(
            "POST",
            "/keys/imports",
            br#"{"a":1,"b":[true,"x"]}"#
        )));
        assert!(forbidden(b.check(
            "POST",
            "/keys/import",
            br#"{"a":2,"b":[true,"x"]}"#
        )));
        assert!(forbidden(b.check("POST", "/keys/import", b"")));
        let empty = Binding {
            payload: String::new(),
            ..b
        };
        assert_eq!(empty.check("POST", "/keys/import", b""), Ok(()));
        assert!(forbidden(empty.check("POST", "/keys/import", b"{}")));
    }

    #[test]
    fn client_data_needs_the_type_and_the_challenge() {
        assert_eq!(
            check_client_data(br#"{"type":"key.get","challenge":"c"}"#, "c"),
            Ok(())
        );
        assert_eq!(
            check_client_data(
                br#"{"type":"key.get","challenge":"c","origin":"o","crossOrigin":false}"#,
                "c"
            ),
            Ok(())
        );
        assert!(check_client_data(br#"{"type":"key.create","challenge":"c"}"#, "c").is_err());
        assert!(check_client_data(br#"{"type":"key.get","challenge":"d"}"#, "c").is_err());
        assert!(check_client_data(b"nope", "c").is_err());
    }
}
