//! `keyport dfns ...` arguments.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use keyport::keys::KeyFormat;
use keyport::{CurveId, Protocol};

/// Help text shared by the `dfns` subcommands.
pub const DFNS_HELP: &str = "\
Credentials: --credentials FILE (or env DFNS_CREDENTIALS) is the JSON that `keyport serve init`
writes, {\"orgId\",\"authToken\",\"credId\",\"privateKey\"}, and must be mode 0600. The same values
may come as --auth-token-file, --credential-key-file (PKCS#8 PEM, Ed25519 or P-256) and --cred-id.
No secret is ever taken from the command line.

Exit codes: 0 success, 2 usage, 3 input, 4 a check failed (the API's public key differs from the
imported key's), 5 the API or the network failed, 6 a policy holds the request for approval
(stdout has {\"awaitingApproval\": ID}).";

/// Where the API is and who calls it.
#[derive(Debug, Args)]
pub struct Conn {
    /// The API's base URL.
    #[arg(long, env = "DFNS_API_URL", default_value = "https://api.dfns.io")]
    pub api_url: String,
    /// client.json: {"orgId","authToken","credId","privateKey"} (mode 0600).
    #[arg(long, env = "DFNS_CREDENTIALS")]
    pub credentials: Option<PathBuf>,
    /// File holding the service-account or personal-access token (instead of --credentials).
    #[arg(long, conflicts_with = "credentials")]
    pub auth_token_file: Option<PathBuf>,
    /// File holding the credential's private key, PKCS#8 PEM (instead of --credentials).
    #[arg(long, conflicts_with = "credentials")]
    pub credential_key_file: Option<PathBuf>,
    /// The credential id (with --credential-key-file).
    #[arg(long, conflicts_with = "credentials")]
    pub cred_id: Option<String>,
    /// Which cluster of the ListSigners response (needed when there are several).
    #[arg(long)]
    pub cluster: Option<String>,
}

/// The key being imported.
#[derive(Debug, Args)]
pub struct KeyInput {
    /// File holding the private key, or - for stdin.
    #[arg(long)]
    pub key_file: PathBuf,
    /// Key format: auto, hex, wif, ed25519-seed, ed25519-scalar, solana, stark, mnemonic, xprv.
    #[arg(long, default_value = "auto", value_parser = parse_format)]
    pub key_format: KeyFormat,
    /// Curve (secp256k1, ed25519, stark); needed for hex and mnemonic keys.
    #[arg(long, value_parser = parse_curve)]
    pub curve: Option<CurveId>,
    /// Protocol; default CGGMP24, or FROST for ed25519.
    #[arg(long, value_parser = parse_protocol)]
    pub protocol: Option<Protocol>,
    /// Threshold t.
    #[arg(long, default_value_t = 3)]
    pub min_signers: usize,
    /// Name of the key at the API.
    #[arg(long)]
    pub name: Option<String>,
    /// Import as a master key (with its chain code; hpke signers only).
    #[arg(long)]
    pub master_key: bool,
    /// File holding the BIP-39 passphrase (mnemonic keys).
    #[arg(long)]
    pub passphrase_file: Option<PathBuf>,
    /// Derivation path (mnemonic and xprv keys).
    #[arg(long)]
    pub path: Option<String>,
}

/// `keyport dfns` subcommands.
#[derive(Debug, Subcommand)]
pub enum DfnsCmd {
    /// GET /signers: the response on stdout (or --out), the signer set's fingerprint on stderr.
    #[command(after_help = DFNS_HELP)]
    Signers {
        #[command(flatten)]
        conn: Conn,
        #[command(flatten)]
        checks: crate::signer_checks::SignerChecks,
        /// Where to write the response (default stdout).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Import one key: split, seal, sign the user action, POST /keys/import, check the public key.
    #[command(after_help = DFNS_HELP)]
    Import {
        #[command(flatten)]
        conn: Conn,
        #[command(flatten)]
        checks: crate::signer_checks::SignerChecks,
        #[command(flatten)]
        key: KeyInput,
    },
    /// Import one key as a wallet (POST /wallets/import).
    #[command(after_help = DFNS_HELP)]
    WalletImport {
        #[command(flatten)]
        conn: Conn,
        #[command(flatten)]
        checks: crate::signer_checks::SignerChecks,
        #[command(flatten)]
        key: KeyInput,
        /// The wallet's network, e.g. Ethereum, Bitcoin, Solana.
        #[arg(long)]
        network: String,
        /// Your own id of the wallet (unique in the org: a second import with it is refused).
        #[arg(long)]
        external_id: Option<String>,
    },
    /// Export a key with a one-time key held in memory only; write it 0600 to a new file.
    #[command(after_help = DFNS_HELP)]
    Export {
        #[command(flatten)]
        conn: Conn,
        /// The key id (key-...).
        #[arg(long)]
        key_id: String,
        /// The public key (hex) the export must return; any other key is refused.
        #[arg(long, value_name = "HEX")]
        expect_public_key: String,
        /// Where to write the key (mode 0600, must not exist).
        #[arg(long)]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::cli::OutFormat::Hex)]
        format: crate::cli::OutFormat,
        /// Envelope of the one-time key.
        #[arg(long, value_enum, default_value_t = ExportEnvelope::DfnsV1)]
        envelope: ExportEnvelope,
    },
    /// Import a whole keys file, exactly once per key, resumable (SQLite journal).
    #[command(after_help = DFNS_HELP)]
    Migrate {
        #[command(flatten)]
        conn: Conn,
        #[command(flatten)]
        checks: crate::signer_checks::SignerChecks,
        /// Keys file, in `keyport migrate`'s formats (CSV or JSONL; see keyport migrate --help).
        #[arg(long)]
        keys: PathBuf,
        /// The journal (SQLite); created on the first run, resumed on later ones.
        #[arg(long)]
        journal: PathBuf,
        /// Concurrent requests.
        #[arg(long, default_value_t = 4)]
        jobs: usize,
        /// At most this many imports started per second.
        #[arg(long)]
        rps: Option<f64>,
        /// Threshold t for every key.
        #[arg(long, default_value_t = 3)]
        min_signers: usize,
        /// Import wallets (POST /wallets/import, externalId = the row id) instead of keys.
        #[arg(long, requires = "network")]
        wallets: bool,
        /// The wallets' network (with --wallets).
        #[arg(long, requires = "wallets")]
        network: Option<String>,
    },
}

/// Envelope of an export's one-time key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportEnvelope {
    /// dfns-v1 (what Dfns signers accept today).
    DfnsV1,
    /// hpke-v1 (RFC 9180).
    #[value(alias = "hpke-v1")]
    Hpke,
}

fn parse_curve(s: &str) -> Result<CurveId, String> {
    s.parse().map_err(|e: keyport::Error| e.to_string())
}

fn parse_protocol(s: &str) -> Result<Protocol, String> {
    s.parse().map_err(|e: keyport::Error| e.to_string())
}

fn parse_format(s: &str) -> Result<KeyFormat, String> {
    s.parse().map_err(|e: keyport::Error| e.to_string())
}
