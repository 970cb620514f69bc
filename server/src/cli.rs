//! `keyport serve ...` arguments.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use keyport::EnvelopeKind;

use crate::auth::CredentialKind;
use crate::error::ServeError;

/// A Dfns-compatible signer network on localhost.
///
/// `keyport serve init --dir D` creates an org, a cluster of reference signers and D/client.json;
/// `keyport serve --dir D` serves the Dfns API for them until SIGTERM.
#[derive(Debug, Parser)]
#[command(name = "keyport serve", args_conflicts_with_subcommands = true)]
pub struct ServeCli {
    /// Set up a new state directory.
    #[command(subcommand)]
    pub command: Option<ServeCommand>,
    /// Serve an existing state directory.
    #[command(flatten)]
    pub run: RunArgs,
}

/// The subcommands of `keyport serve`.
#[derive(Debug, Subcommand)]
pub enum ServeCommand {
    /// Create the org, its signers, the database and D/client.json (mode 0600).
    Init(InitArgs),
}

/// Options of `keyport serve init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The state directory to create (or an empty one).
    #[arg(long)]
    pub dir: PathBuf,
    /// Number of signers in the cluster.
    #[arg(long, default_value_t = 5)]
    pub signers: usize,
    /// Envelope the signers speak: dfns-v1 (the default: what Dfns signers accept today) or
    /// hpke-v1 (named as `EnvelopeKind` parses it).
    #[arg(long, default_value_t = EnvelopeKind::default(), value_parser = parse_envelope)]
    pub envelope: EnvelopeKind,
    /// Kind of the user-action credential key: ed25519 or p256.
    #[arg(long, default_value = "ed25519", value_parser = |s: &str| s.parse::<CredentialKind>())]
    pub credential: CredentialKind,
}

/// Options of `keyport serve` (running).
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The state directory written by `keyport serve init`.
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Address to listen on; port 0 lets the OS choose (the ready line gives the URL).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Seconds a challenge, and then a user action, stays valid.
    #[arg(long, default_value_t = 300)]
    pub action_ttl: u32,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 4 * 1024 * 1024)]
    pub body_limit: usize,
    /// Seconds a signer manifest (GET /signers/manifest) stays valid.
    #[arg(long, default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..))]
    pub manifest_ttl: u64,
}

/// An envelope name, through [`EnvelopeKind`]'s `FromStr` (the one parser of envelope names).
fn parse_envelope(s: &str) -> Result<EnvelopeKind, String> {
    s.parse().map_err(|e: keyport::Error| e.to_string())
}

/// Parse `args` (without the program name and `serve`). `Ok(None)` when help or the version
/// was printed.
pub fn parse(args: Vec<OsString>) -> Result<Option<ServeCli>, ServeError> {
    let argv = std::iter::once(OsString::from("keyport serve")).chain(args);
    match ServeCli::try_parse_from(argv) {
        Ok(cli) => Ok(Some(cli)),
        Err(e) if !e.use_stderr() => {
            print!("{e}");
            Ok(None)
        }
        Err(e) => {
            let text = e.to_string();
            Err(ServeError::Usage(
                text.trim().trim_start_matches("error: ").to_string(),
            ))
        }
    }
}
