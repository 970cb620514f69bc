//! # keyport-dfns
//!
//! A client of the Dfns API (and of `keyport serve`, which speaks it) on keyport's public API:
//! user-action signing, `GET /signers`, key and wallet import with the public key checked,
//! export with a one-time key that never touches disk, and [`migrate`]: bulk import that
//! delivers every key exactly once, resuming from a SQLite [`journal`] after any crash.
//!
//! Native only: it is never part of the WASM module (HTTP through ureq on rustls with ring;
//! no OpenSSL).
//!
//! ```no_run
//! use keyport::CurveId;
//! use keyport::ExpectedKey;
//! use keyport::{build_import_request, ImportKey, ImportOptions};
//! use keyport::Protocol;
//! use keyport_dfns::{Credentials, DfnsClient, Outcome};
//! use zeroize::Zeroizing;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let credentials = Credentials::from_client_json(&std::fs::read_to_string("client.json")?)?;
//! let client = DfnsClient::new("https://api.dfns.io", credentials)?;
//! let signers = client.list_signers()?.select(None)?;
//! let secret = Zeroizing::new([0x42u8; 32]);
//! let key = ImportKey::Scalar(secret);
//! let options = ImportOptions::new(CurveId::Secp256k1, Protocol::Cggmp24, 3);
//! let request = build_import_request(&key, &signers, &options)?;
//! // The public key computed locally: the API's answer must name the same one.
//! let expected = ExpectedKey::from_hex(
//!     CurveId::Secp256k1,
//!     "0324653eac434488002cc06bbfb7f10fe18991e35f9fe4302dbea6d2353dc0ab1c",
//! )?;
//! match client.import_key(&request, &expected)? {
//!     Outcome::Done(key) => println!("imported {}", key.id),
//!     Outcome::AwaitingApproval { approval_id } => println!("awaiting approval {approval_id}"),
//! }
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod client;
mod credentials;
mod error;
mod http;
pub mod journal;
pub mod migrate;
mod types;

pub use client::{ClientOptions, DfnsClient, permission};
pub use credentials::{CredentialKind, CredentialSigner, Credentials, KeySigner};
pub use error::{Error, Result};
pub use http::RetryPolicy;
pub use types::{Key, Outcome, Page, SigningKey, Wallet};
