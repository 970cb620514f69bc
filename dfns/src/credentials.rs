//! Who the client is: the service token, and the credential that signs user actions.
//!
//! [`CredentialSigner`] is step 3 of the user-action flow (sign `clientData`); [`KeySigner`]
//! does it in memory from a PKCS#8 PEM, as Dfns's `AsymmetricKeySigner` does. A KMS or HSM
//! implements the trait itself:
//!
//! ```
//! use keyport_dfns::{CredentialKind, CredentialSigner, Result};
//!
//! /// Signs with a P-256 key that never leaves a KMS.
//! struct KmsSigner {
//!     cred_id: String,
//!     key_arn: String,
//! }
//!
//! impl CredentialSigner for KmsSigner {
//!     fn cred_id(&self) -> &str {
//!         &self.cred_id
//!     }
//!     fn kind(&self) -> CredentialKind {
//!         CredentialKind::P256
//!     }
//!     fn sign(&self, client_data: &[u8]) -> Result<Vec<u8>> {
//!         // ECDSA_SHA_256 over the exact bytes; KMS returns the DER signature the API wants.
//!         # let _ = (&self.key_arn, client_data);
//!         # let der = vec![0x30, 0x00];
//!         // let der = kms.sign(&self.key_arn, client_data, "ECDSA_SHA_256")?;
//!         Ok(der)
//!     }
//! }
//! ```

use std::fmt;
use std::sync::Arc;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use keyport_auth::CredentialKey;
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The kind of key behind a user-action credential (the server's type too: one declaration,
/// in `keyport-auth`).
pub use keyport_auth::CredentialKind;

/// Signs the `clientData` of a user-action challenge.
///
/// The signature is over exactly the bytes given: Ed25519 raw (RFC 8032), or ECDSA P-256 over
/// SHA-256 in DER form. The client encodes it base64url without padding.
pub trait CredentialSigner: Send + Sync {
    /// The credential id (`credId`) the API registered.
    fn cred_id(&self) -> &str;
    /// The key kind.
    fn kind(&self) -> CredentialKind;
    /// The signature over `client_data`.
    fn sign(&self, client_data: &[u8]) -> Result<Vec<u8>>;
}

/// An in-memory credential key (zeroized on drop).
pub struct KeySigner {
    cred_id: String,
    key: CredentialKey,
}

impl fmt::Debug for KeySigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySigner")
            .field("cred_id", &self.cred_id)
            .field("kind", &self.kind())
            .field("key", &"<redacted>")
            .finish()
    }
}

impl KeySigner {
    /// From a PKCS#8 PEM private key (Ed25519 or P-256), as `keyport serve init` and the Dfns
    /// dashboard write it. The error never quotes the PEM.
    pub fn from_pem(cred_id: impl Into<String>, pem: &str) -> Result<Self> {
        let key =
            CredentialKey::from_pkcs8_pem(pem).map_err(|e| Error::Credentials(e.to_string()))?;
        Ok(Self {
            cred_id: cred_id.into(),
            key,
        })
    }
}

impl CredentialSigner for KeySigner {
    fn cred_id(&self) -> &str {
        &self.cred_id
    }

    fn kind(&self) -> CredentialKind {
        self.key.kind()
    }

    fn sign(&self, client_data: &[u8]) -> Result<Vec<u8>> {
        Ok(self.key.sign(client_data))
    }
}

/// The service token and the credential signer of a client.
#[derive(Clone)]
pub struct Credentials {
    org_id: Option<String>,
    auth_token: Arc<Zeroizing<String>>,
    signer: Arc<dyn CredentialSigner>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("org_id", &self.org_id)
            .field("auth_token", &"<redacted>")
            .field("cred_id", &self.signer.cred_id())
            .finish()
    }
}

/// `client.json` as `keyport serve init` writes it.
#[derive(Deserialize)]
struct ClientFile {
    #[serde(rename = "orgId")]
    org_id: Option<String>,
    #[serde(rename = "authToken")]
    auth_token: Zeroizing<String>,
    #[serde(rename = "credId")]
    cred_id: String,
    #[serde(rename = "privateKey")]
    private_key: Zeroizing<String>,
}

impl Credentials {
    /// A token and a signer. With `org_id`, the token must be a JWT naming that org (as
    /// Dfns's TypeScript SDK checks), so a token of another org is caught before any call.
    pub fn new(
        org_id: Option<String>,
        auth_token: Zeroizing<String>,
        signer: Arc<dyn CredentialSigner>,
    ) -> Result<Self> {
        let token = auth_token.trim();
        if token.is_empty() || token.chars().any(|c| c.is_ascii_control() || c == ' ') {
            return Err(Error::Credentials(
                "the auth token is empty or contains spaces or control characters".into(),
            ));
        }
        if let Some(org) = &org_id {
            check_token_org(token, org)?;
        }
        let auth_token = Arc::new(Zeroizing::new(token.to_string()));
        Ok(Self {
            org_id,
            auth_token,
            signer,
        })
    }

    /// From the JSON `{"orgId","authToken","credId","privateKey"}` (`keyport serve init`'s
    /// `client.json`). Errors name the field, never its value.
    pub fn from_client_json(text: &str) -> Result<Self> {
        let file: ClientFile = serde_json::from_str(text).map_err(|e| {
            Error::Credentials(format!(
                "not a client.json {{\"orgId\",\"authToken\",\"credId\",\"privateKey\"}} \
                 (line {} column {})",
                e.line(),
                e.column()
            ))
        })?;
        let signer = KeySigner::from_pem(file.cred_id, &file.private_key)?;
        Self::new(file.org_id, file.auth_token, Arc::new(signer))
    }

    /// The org id, if known.
    pub fn org_id(&self) -> Option<&str> {
        self.org_id.as_deref()
    }

    /// The credential signer.
    pub fn signer(&self) -> &dyn CredentialSigner {
        &*self.signer
    }

    /// `Bearer <token>`.
    pub(crate) fn bearer(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("Bearer {}", self.auth_token.as_str()))
    }
}

/// The JWT payload's `https://custom/app_metadata.orgId` must be `org`.
fn check_token_org(token: &str, org: &str) -> Result<()> {
    let bad = |why: &str| Error::Credentials(format!("the auth token {why}"));
    let mut parts = token.split('.');
    let (Some(_), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("is not a JWT (three base64url parts)"));
    };
    let bytes = Zeroizing::new(
        Base64UrlUnpadded::decode_vec(payload.trim_end_matches('='))
            .map_err(|_| bad("payload is not base64url"))?,
    );
    let v: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|_| bad("payload is not JSON"))?;
    match keyport_auth::org_claim(&v) {
        Some(c) if c == org => Ok(()),
        Some(c) => Err(Error::Credentials(format!(
            "the auth token belongs to org {c}, not to orgId {org}"
        ))),
        None => Err(bad(&format!(
            "names no org ({}.orgId)",
            keyport_auth::APP_METADATA_CLAIM
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_errors_never_show_secrets() {
        let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n";
        let s = KeySigner::from_pem("cr-1", pem).unwrap();
        assert_eq!(s.kind(), CredentialKind::Ed25519);
        assert!(!format!("{s:?}").contains("MC4C"));
        let e =
            KeySigner::from_pem("cr-1", "-----BEGIN PRIVATE KEY-----\nSECRETSECRET\n").unwrap_err();
        assert!(!e.to_string().contains("SECRETSECRET"));
        let c = Credentials::new(None, Zeroizing::new("tok.en.x".into()), Arc::new(s)).unwrap();
        assert!(!format!("{c:?}").contains("tok.en"));
    }

    #[test]
    fn the_token_must_name_the_org() {
        let payload = Base64UrlUnpadded::encode_string(
            br#"{"https://custom/app_metadata":{"orgId":"or-1"}}"#,
        );
        let token = format!("e30.{payload}.c2ln");
        assert!(check_token_org(&token, "or-1").is_ok());
        let e = check_token_org(&token, "or-2").unwrap_err();
        assert_eq!(
            e.to_string(),
            "credentials: the auth token belongs to org or-1, not to orgId or-2"
        );
        assert!(check_token_org("nope", "or-1").is_err());
    }
}
