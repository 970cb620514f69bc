//! # keyport-server
//!
//! `keyport serve`: a local network of reference signers behind the Dfns HTTP API, for
//! development and CI, for teams that run their own signers, and as the fixture of keyport's
//! end-to-end tests.
//!
//! - `keyport serve init --dir D [--signers 5] [--envelope dfns-v1|hpke] [--credential ed25519|p256]`
//!   creates an org with one cluster of signers, the database and `D/client.json`.
//! - `keyport serve --dir D [--listen 127.0.0.1:8080]` serves `GET /signers`, the user-action
//!   flow (`POST /auth/action/init`, `POST /auth/action`), `POST /keys/import`,
//!   `POST /wallets/import`, `POST /keys/{keyId}/export`, the key and wallet reads, and
//!   `GET /signers/manifest` (the signers, signed by the key in `D/manifest.pub`).
//!
//! Layers: [`network`] is the only module that calls the keyport library; [`store`] is the
//! only one that talks SQL; [`auth`] holds the token and signature rules; [`routes`] joins
//! them per request.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod auth;
pub mod cli;
pub mod error;
pub mod files;
pub mod ids;
pub mod network;
pub mod routes;
pub mod seal;
pub mod serve;
pub mod state;
pub mod store;

use std::ffi::OsString;

pub use error::{ApiError, ServeError};

/// The entry point of `keyport serve ARGS...` (ARGS without the program name and `serve`).
///
/// Writes the ready line and results to stdout, logs to stderr. The caller prints the error
/// and exits with [`ServeError::exit_code`].
pub fn cli_main(args: Vec<OsString>) -> Result<(), ServeError> {
    let Some(cli) = cli::parse(args)? else {
        return Ok(());
    };
    match cli.command {
        Some(cli::ServeCommand::Init(a)) => {
            let done = state::init(&a.dir, a.signers, a.envelope, a.credential)?;
            eprintln!(
                "keyport serve: created org {} with {} {} signers in {}; {} (mode 0600) holds its token and credential key",
                done.org_id,
                a.signers,
                a.envelope.as_str(),
                a.dir.display(),
                state::client_path(&a.dir).display()
            );
            println!(
                "{}",
                serde_json::json!({
                    "orgId": done.org_id,
                    "clusterId": done.cluster_id,
                    "credId": done.cred_id,
                    "client": state::client_path(&a.dir),
                    "manifestKey": state::manifest_pub_path(&a.dir),
                })
            );
            Ok(())
        }
        None => {
            let dir = cli.run.dir.ok_or_else(|| {
                ServeError::Usage("--dir is required: keyport serve --dir D (create D with keyport serve init --dir D)".into())
            })?;
            let app = state::open(&dir, i64::from(cli.run.action_ttl), cli.run.body_limit)?;
            let app = routes::App {
                manifest_ttl: cli.run.manifest_ttl,
                ..app
            };
            serve::run(app, cli.run.listen)
        }
    }
}
