//! The rules of Dfns's user-action authentication that both sides of keyport follow: the API
//! client (`keyport-dfns`) signs with them, the reference server (`keyport-server`) checks with
//! them. Each rule is here once:
//!
//! - [`CredentialKind`]: the kinds of key a user-action credential may have (Ed25519, ECDSA
//!   P-256) and their names on the command line and in the server's database;
//! - [`CredentialKey`] and [`CredentialPublicKey`]: a credential's private key (PKCS#8 PEM, as
//!   `client.json` and the Dfns dashboard hold it) and public key, with the one signature
//!   encoding per kind: Ed25519 raw 64 bytes (RFC 8032, verified strictly), ECDSA P-256 over
//!   SHA-256 in DER form;
//! - [`client_data`] and [`check_client_data`]: the `clientData` JSON a credential signs;
//! - [`APP_METADATA_CLAIM`] and [`org_claim`]: where a service token's payload names its org.
//!
//! No HTTP and no storage: the server must not need an HTTP client to check a signature.
//!
//! ```
//! use keyport_auth::{CredentialKey, CredentialKind, check_client_data, client_data};
//!
//! // The client's side: its credential signs the clientData of a challenge.
//! let key = CredentialKey::generate(CredentialKind::Ed25519)?;
//! let data = client_data("challenge-1");
//! let signature = key.sign(data.as_bytes());
//!
//! // The server's side: the registered public key and the challenge it issued.
//! let registered = key.public_key();
//! assert!(registered.verify(data.as_bytes(), &signature));
//! check_client_data(data.as_bytes(), "challenge-1")?;
//! # Ok::<(), keyport_auth::Error>(())
//! ```
#![forbid(unsafe_code)]

mod client_data;
mod error;
mod key;
mod kind;
mod token;

pub use client_data::{CLIENT_DATA_TYPE, check_client_data, client_data};
pub use error::{Error, Result};
pub use key::{CredentialKey, CredentialPublicKey};
pub use kind::CredentialKind;
pub use token::{APP_METADATA_CLAIM, org_claim};
