//! Command-line definitions (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use keyport::keys::KeyFormat;
use keyport::{CurveId, EnvelopeKind, Protocol};

/// The exit-code table, shared by every subcommand's help (a macro so `concat!` can use it).
macro_rules! exit_codes {
    () => {
        "\
Exit codes (a keyport error's code comes from its kind):
  0  success
  2  usage: a bad or missing option, or a command that would overwrite or reveal
     something (an existing cluster or key id, a private key printed to a terminal)
  3  input: a file or value is malformed, invalid or unsupported (JSON, key, curve,
     protocol, threshold)
  4  cryptographic check: a share, ciphertext or rebuilt key did not verify
  5  I/O or environment: a file cannot be read or written, no OS randomness, or an
     internal error

Secrets are read from files or stdin (-), never from the command line."
    };
}

const EXIT_CODES: &str = exit_codes!();

const MIGRATE_HELP: &str = concat!(
    "\
Keys file (--keys), one key per line; blank lines and lines starting with # are skipped.
  CSV (RFC 4180: fields may be quoted, \"\" inside quotes is a quote), optional header line:
    id,format,curve,key[,protocol]
  JSONL, one object per line:
    {\"id\": ..., \"format\": ..., \"curve\": ..., \"key\": ..., \"protocol\": ...}
  id        unique label of the key (two lines with one id are refused)
  format    a --key-format name: hex, wif, ed25519-seed, ed25519-scalar, solana, stark, xprv
  curve     secp256k1, ed25519 or stark (empty when the format fixes it)
  key       the private key (never printed, whatever column it is put in)
  protocol  optional; default CGGMP24, or FROST for ed25519

Output (--out), JSONL:
  line 1    {\"keyportMigrate\":1, \"signers\": fingerprint, \"clusterId\", \"minSigners\",
             \"envelope\", \"defaultProtocols\"}: what every request was built for
  then      {\"id\", \"line\", \"curve\", \"protocol\", \"keyFingerprint\", \"publicKey\", \"request\"}
            keyFingerprint = SHA-256(curve name || 0x00 || compressed public key), hex
A re-run into the same output skips the keys already there, after checking that the header,
each finished line's key and protocol, and the line numbers still match; anything that differs
is refused, naming what changed. The output is locked while a run writes it (a second run is
refused) and synced before a line is counted as done.

",
    exit_codes!()
);

/// Move private keys into and out of threshold-signing (MPC) clusters.
#[derive(Debug, Parser)]
#[command(name = "keyport", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Round-trip a fresh key through an in-process 5-signer cluster for every protocol/curve
    /// pair and both envelopes, and print a table.
    #[command(after_help = EXIT_CODES)]
    Demo(DemoArgs),
    /// Build a key import request (POST /keys/import body) from a private key.
    #[command(after_help = EXIT_CODES)]
    Import(ImportArgs),
    /// Export a key: create a one-time context, then recover the key from the response.
    #[command(subcommand)]
    Export(ExportCmd),
    /// Print a key's public key and addresses (no splitting).
    #[command(after_help = EXIT_CODES)]
    Inspect(InspectArgs),
    /// A file-based reference signer cluster for trying the flow locally.
    #[command(subcommand)]
    Cluster(ClusterCmd),
    /// The signers you encrypt to: their fingerprint, for pinning them.
    #[command(subcommand)]
    Signers(SignersCmd),
    /// Bulk import: one import request per key, in parallel, resumable.
    #[command(after_help = MIGRATE_HELP)]
    Migrate(MigrateArgs),
    /// The Dfns API client: signers, import, wallet-import, export, migrate (exactly once).
    #[command(subcommand)]
    Dfns(crate::dfns::args::DfnsCmd),
    /// A Dfns-compatible signer network on localhost: `serve init --dir D`, then `serve --dir D`
    /// (see `keyport serve --help`).
    #[command(disable_help_flag = true)]
    Serve {
        /// The arguments of `keyport serve`, handed to the keyport-server crate.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
}

/// Options of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Signers in each cluster.
    #[arg(long, default_value_t = 5)]
    pub n: usize,
    /// Threshold (minSigners).
    #[arg(long, default_value_t = 3)]
    pub t: usize,
}

/// Options of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Signers: a ListSigners response or a bare array of {signerId, encryptionKey}.
    #[arg(long)]
    pub signers: PathBuf,
    /// Which cluster of the ListSigners response (needed when there are several).
    #[arg(long)]
    pub cluster: Option<String>,
    /// Curve (secp256k1, ed25519, stark); needed for hex and mnemonic keys. ed25519 keys in hex
    /// need --key-format ed25519-seed or ed25519-scalar.
    #[arg(long, value_parser = parse_curve)]
    pub curve: Option<CurveId>,
    /// Protocol (CGGMP21, CGGMP24, KU23, FROST, FROST_BITCOIN, GLOW20_DH); default CGGMP24,
    /// or FROST for ed25519.
    #[arg(long, value_parser = parse_protocol)]
    pub protocol: Option<Protocol>,
    /// Threshold t: how many signers are needed to sign.
    #[arg(long)]
    pub min_signers: usize,
    /// File holding the private key, or - for stdin.
    #[arg(long)]
    pub key_file: PathBuf,
    /// Key format: auto, hex (secp256k1, stark), wif, ed25519-seed (a wallet's RFC 8032 seed),
    /// ed25519-scalar (what an export returns), solana, stark, mnemonic, xprv.
    #[arg(long, default_value = "auto", value_parser = parse_format)]
    pub key_format: KeyFormat,
    /// File holding the BIP-39 passphrase (mnemonic keys).
    #[arg(long)]
    pub passphrase_file: Option<PathBuf>,
    /// Derivation path (mnemonic and xprv keys), e.g. m/44'/60'/0'/0/0. A mnemonic without it
    /// uses m/44'/60'/0'/0/0 (secp256k1, Ethereum) or m/44'/501'/0'/0' (ed25519, Solana); the
    /// path used is always printed.
    #[arg(long)]
    pub path: Option<String>,
    /// Name of the key at the signer network.
    #[arg(long)]
    pub name: Option<String>,
    /// Import as a master key (with its chain code; hpke envelope only).
    #[arg(long)]
    pub master_key: bool,
    /// Envelope to encrypt shares with: auto (what the signers publish), dfns-v1 or hpke-v1.
    #[arg(long, value_parser = parse_import_envelope, default_value = "auto")]
    pub envelope: ImportEnvelope,
    /// Where to write the request (default stdout).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Checks that the signers are the ones you meant.
    #[command(flatten)]
    pub checks: crate::signer_checks::SignerChecks,
    /// --require-attestation, --attestations, --attestation-time.
    #[command(flatten)]
    pub attestation: crate::attestation::AttestationArgs,
}

/// Options of `inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// File holding the private key, or - for stdin.
    #[arg(long)]
    pub key_file: PathBuf,
    /// Key format: auto, hex (secp256k1, stark), wif, ed25519-seed (a wallet's RFC 8032 seed),
    /// ed25519-scalar (what an export returns), solana, stark, mnemonic, xprv.
    #[arg(long, default_value = "auto", value_parser = parse_format)]
    pub key_format: KeyFormat,
    /// Curve (needed for hex and mnemonic keys).
    #[arg(long, value_parser = parse_curve)]
    pub curve: Option<CurveId>,
    /// File holding the BIP-39 passphrase (mnemonic keys).
    #[arg(long)]
    pub passphrase_file: Option<PathBuf>,
    /// Derivation path (mnemonic and xprv keys).
    #[arg(long)]
    pub path: Option<String>,
    /// Print JSON {curve, publicKey, addresses}.
    #[arg(long)]
    pub json: bool,
}

/// `export` subcommands.
#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// Write a one-time export context (0600) and print the KeyExportRequest body.
    #[command(after_help = EXIT_CODES)]
    Init {
        /// Where to write the context file (secret; mode 0600; must not exist yet).
        #[arg(long)]
        context_out: PathBuf,
        /// Replace an existing file at --context-out (the export pending with it is lost).
        #[arg(long)]
        force: bool,
        /// Envelope the signers should encrypt their shares with: dfns-v1 (the default: what
        /// Dfns signers accept today) or hpke-v1 (needed to get a master key's chain code back).
        #[arg(long, value_parser = parse_envelope, default_value_t = ClusterEnvelope(EnvelopeKind::default()))]
        envelope: ClusterEnvelope,
        /// Record the public key (hex, compressed or uncompressed) the export must return, so
        /// that `export recover` refuses any other key without more flags. Needs --curve.
        #[arg(long, value_name = "HEX", requires = "curve")]
        expect_public_key: Option<String>,
        /// The curve of --expect-public-key.
        #[arg(long, value_parser = parse_curve)]
        curve: Option<CurveId>,
        /// Record the signers (ListSigners JSON or a signers array) the export must come from:
        /// a response with another signer id or more shares is refused.
        #[arg(long, value_name = "FILE")]
        signers: Option<PathBuf>,
        /// Where to write the request (default stdout).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Recover the key from a KeyExportResponse with the context file.
    #[command(after_help = EXIT_CODES)]
    Recover(RecoverArgs),
}

/// Options of `export recover`.
#[derive(Debug, Args)]
pub struct RecoverArgs {
    /// The context file written by `export init`.
    #[arg(long)]
    pub context: PathBuf,
    /// The KeyExportResponse JSON.
    #[arg(long)]
    pub response: PathBuf,
    /// Output format of the key.
    #[arg(long, value_enum, default_value_t = OutFormat::Hex)]
    pub format: OutFormat,
    /// Where to write the key (mode 0600); - for stdout. Without it, stdout unless a terminal.
    /// A master key's chain code (hex) follows the key on a second line.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write JSON {privateKey, chainCode?, publicKey, curve, protocol, badSigners, warnings}.
    #[arg(long)]
    pub json: bool,
    /// Replace an existing file at --out.
    #[arg(long)]
    pub force: bool,
    /// Keep the context file after a successful recovery (by default it is wiped and deleted:
    /// it is one-time).
    #[arg(long)]
    pub keep_context: bool,
    /// The public key (hex, compressed or uncompressed) the export must return; a response
    /// for any other key is refused. Not needed if `export init` recorded one.
    #[arg(long, value_name = "HEX", conflicts_with = "trust_response_public_key")]
    pub expect_public_key: Option<String>,
    /// The curve of --expect-public-key (default: the response's curve, which the key's
    /// bytes must then match).
    #[arg(long, value_parser = parse_curve, requires = "expect_public_key")]
    pub curve: Option<CurveId>,
    /// Accept whatever public key the response claims. Whoever relays the response can then
    /// substitute a key of its own; prints a warning.
    #[arg(long)]
    pub trust_response_public_key: bool,
}

/// `cluster` subcommands.
#[derive(Debug, Subcommand)]
pub enum ClusterCmd {
    /// Create a cluster of N signers in DIR (signers.json plus 0600 key files).
    #[command(after_help = EXIT_CODES)]
    New {
        /// Number of signers.
        #[arg(long)]
        n: usize,
        /// Directory for the cluster.
        #[arg(long)]
        dir: PathBuf,
        /// Envelope the signers publish keys for: hpke-v1 or dfns-v1.
        #[arg(long, value_parser = parse_envelope, default_value_t = ClusterEnvelope(EnvelopeKind::HpkeV1))]
        envelope: ClusterEnvelope,
    },
    /// Every signer opens and verifies its share of an import request and stores it.
    #[command(after_help = EXIT_CODES)]
    Accept {
        /// The cluster directory.
        #[arg(long)]
        dir: PathBuf,
        /// The KeyImportRequest JSON.
        #[arg(long)]
        request: PathBuf,
        /// The id to store the key under.
        #[arg(long)]
        key_id: String,
    },
    /// Answer a KeyExportRequest for a stored key; prints the KeyExportResponse.
    #[command(after_help = EXIT_CODES)]
    Export {
        /// The cluster directory.
        #[arg(long)]
        dir: PathBuf,
        /// The stored key's id.
        #[arg(long)]
        key_id: String,
        /// The KeyExportRequest JSON.
        #[arg(long)]
        request: PathBuf,
        /// Where to write the response (default stdout).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Options of `migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Signers: a ListSigners response or a bare array.
    #[arg(long)]
    pub signers: PathBuf,
    /// Which cluster of the ListSigners response.
    #[arg(long)]
    pub cluster: Option<String>,
    /// Keys file (CSV or JSONL, see below), or - for stdin.
    #[arg(long)]
    pub keys: PathBuf,
    /// Output JSONL: a header line, then one request line per key; resumed on re-runs.
    #[arg(long)]
    pub out: PathBuf,
    /// Threshold t for every key.
    #[arg(long)]
    pub min_signers: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Checks that the signers are the ones you meant.
    #[command(flatten)]
    pub checks: crate::signer_checks::SignerChecks,
}

/// `signers` subcommands.
#[derive(Debug, Subcommand)]
pub enum SignersCmd {
    /// Print the signer set's fingerprint (SHA-256, SPEC.md §8.4), for --expect-signers.
    #[command(after_help = EXIT_CODES)]
    Fingerprint {
        /// Signers: a ListSigners response or a bare array of {signerId, encryptionKey}.
        #[arg(long)]
        signers: PathBuf,
        /// Which cluster of the ListSigners response (needed when there are several).
        #[arg(long)]
        cluster: Option<String>,
    },
}

/// Envelope choice for `import`: `auto` or an envelope name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportEnvelope(Option<EnvelopeKind>);

impl ImportEnvelope {
    /// The forced envelope, if any.
    pub fn kind(self) -> Option<EnvelopeKind> {
        self.0
    }
}

/// Envelope choice for cluster keys and export contexts (named as `EnvelopeKind` parses it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClusterEnvelope(EnvelopeKind);

impl ClusterEnvelope {
    /// The envelope kind.
    pub fn kind(self) -> EnvelopeKind {
        self.0
    }
}

// For clap's `[default: ...]` in --help.
impl std::fmt::Display for ClusterEnvelope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Output format of a recovered key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// 64 hex digits (the scalar).
    Hex,
    /// Wallet import format (secp256k1, mainnet, compressed).
    Wif,
}

fn parse_curve(s: &str) -> Result<CurveId, String> {
    s.parse().map_err(|e: keyport::Error| e.to_string())
}

fn parse_protocol(s: &str) -> Result<Protocol, String> {
    s.parse().map_err(|e: keyport::Error| e.to_string())
}

fn parse_envelope(s: &str) -> Result<ClusterEnvelope, String> {
    s.parse()
        .map(ClusterEnvelope)
        .map_err(|e: keyport::Error| e.to_string())
}

fn parse_import_envelope(s: &str) -> Result<ImportEnvelope, String> {
    match s {
        "auto" => Ok(ImportEnvelope(None)),
        _ => parse_envelope(s)
            .map(|e| ImportEnvelope(Some(e.0)))
            .map_err(|e| format!("{e}, or auto")),
    }
}

fn parse_format(s: &str) -> Result<KeyFormat, String> {
    s.parse().map_err(|e: keyport::Error| e.to_string())
}
