//! The API's Key and Wallet objects, list pages, and the outcome of a call that a policy may
//! hold for approval. Request and response bodies of the import and export calls are
//! keyport's own [`keyport::api`] types.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A Key object (`GET /keys/{keyId}`, the answer of `POST /keys/import`).
///
/// Members this type does not name are kept in `extra`, so printing it loses nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Key {
    /// `key-...`.
    pub id: String,
    /// `ECDSA`, `EdDSA`, `Schnorr`, ...
    pub scheme: String,
    /// `secp256k1`, `ed25519`, `stark`.
    pub curve: String,
    /// The group public key, hex.
    #[serde(rename = "publicKey")]
    pub public_key: String,
    /// `Active`, ...
    #[serde(default)]
    pub status: Option<String>,
    /// Whether the key came in by import.
    #[serde(default)]
    pub imported: Option<bool>,
    /// Whether the key has been exported.
    #[serde(default)]
    pub exported: Option<bool>,
    /// The key's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The signing key of a [`Wallet`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SigningKey {
    /// `key-...`.
    pub id: String,
    /// The signature scheme.
    pub scheme: String,
    /// The curve.
    pub curve: String,
    /// The group public key, hex.
    #[serde(rename = "publicKey")]
    pub public_key: String,
}

/// A Wallet object (`GET /wallets/{walletId}`, the answer of `POST /wallets/import`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Wallet {
    /// `wa-...`.
    pub id: String,
    /// The network, e.g. `Ethereum`.
    pub network: String,
    /// The address on that network.
    #[serde(default)]
    pub address: Option<String>,
    /// The key behind the wallet.
    #[serde(rename = "signingKey")]
    pub signing_key: SigningKey,
    /// `Active`, ...
    #[serde(default)]
    pub status: Option<String>,
    /// Whether the wallet came in by import.
    #[serde(default)]
    pub imported: Option<bool>,
    /// The caller's own id of the wallet (unique per org).
    #[serde(
        rename = "externalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub external_id: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One page of a list call: `{items, nextPageToken?}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// The token of the next page; absent on the last.
    #[serde(rename = "nextPageToken", default)]
    pub next_page_token: Option<String>,
}

/// What a call that a policy may hold came to.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<T> {
    /// The API did it.
    Done(T),
    /// HTTP 202: a policy holds the request until it is approved. Neither a failure nor a
    /// success: the change happens (or not) when the approvers decide.
    AwaitingApproval {
        /// The approval's id (`ap-...`), to look up or show to the approvers.
        approval_id: String,
    },
}

impl<T> Outcome<T> {
    /// The result, if the API did it.
    pub fn done(self) -> Option<T> {
        match self {
            Outcome::Done(t) => Some(t),
            Outcome::AwaitingApproval { .. } => None,
        }
    }

    /// Apply `f` to the result.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<U> {
        match self {
            Outcome::Done(t) => Outcome::Done(f(t)),
            Outcome::AwaitingApproval { approval_id } => Outcome::AwaitingApproval { approval_id },
        }
    }
}

/// The approval id of a 202 body: `approvalId`, `approval.id`, or an `id` of the form `ap-...`.
pub(crate) fn approval_id(body: &Value) -> Option<String> {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    s(body.get("approvalId"))
        .or_else(|| s(body.get("approval").and_then(|a| a.get("id"))))
        .or_else(|| s(body.get("id")).filter(|id| id.starts_with("ap-")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn approval_ids_are_found_where_the_api_puts_them() {
        assert_eq!(
            approval_id(&json!({"approvalId": "ap-1"})).as_deref(),
            Some("ap-1")
        );
        assert_eq!(
            approval_id(&json!({"approval": {"id": "ap-2"}})).as_deref(),
            Some("ap-2")
        );
        assert_eq!(
            approval_id(&json!({"id": "ap-3", "status": "Pending"})).as_deref(),
            Some("ap-3")
        );
        assert_eq!(approval_id(&json!({"id": "key-1"})), None);
    }

    #[test]
    fn key_objects_keep_unknown_members() {
        let text = r#"{"id":"key-1","scheme":"ECDSA","curve":"secp256k1","publicKey":"02ab","status":"Active","imported":true,"exported":false,"dateCreated":"2026-12-01T00:00:00Z"}"#;
        let k: Key = serde_json::from_str(text).unwrap();
        assert_eq!(k.extra["dateCreated"], "2026-12-01T00:00:00Z");
        let back: Value = serde_json::to_value(&k).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());
    }
}
