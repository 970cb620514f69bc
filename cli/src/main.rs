//! `keyport`: import private keys into threshold-signing clusters and export them back.
//!
//! JSON results go to stdout, human messages to stderr. Secrets are read from files or stdin
//! (`-`), never from the command line, and secret files are written with mode 0600.
#![forbid(unsafe_code)]

mod cli;
mod cluster;
mod demo;
mod fsio;
mod migrate;

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser as _;
use keyport::api::{KeyExportResponse, SignersInput};
use keyport::curve::CurveId;
use keyport::export::{ExpectedKey, ExportContext};
use keyport::import::{EnvelopeChoice, ImportKey, ImportOptions, build_import_request};
use keyport::keys::{
    Addresses, ED25519_SCALAR_NOTICE, Network, ParseOptions, ParsedKey, parse_key,
};
use keyport::signer_id::SignerId;
use zeroize::Zeroizing;

use cli::{Cli, ClusterCmd, Command, ExportCmd, ImportArgs, InspectArgs, OutFormat};
use fsio::{read_secret, read_text, write_output, write_secret_file};

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: bad command-line usage (also what clap uses).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: an input could not be parsed or is invalid (JSON, key, threshold, curve).
pub const EXIT_INPUT: u8 = 3;
/// Exit code: a cryptographic check failed (share verification, decryption, reconstruction).
pub const EXIT_CRYPTO: u8 = 4;
/// Exit code: reading or writing a file failed.
pub const EXIT_IO: u8 = 5;

/// A failure with its exit code and a one-line cause (never containing secret material).
#[derive(Debug)]
pub struct CliError {
    /// The process exit code.
    pub code: u8,
    /// The one-line cause.
    pub message: String,
}

impl CliError {
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_USAGE,
            message: message.into(),
        }
    }
    /// An input error (exit 3).
    pub fn input(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_INPUT,
            message: message.into(),
        }
    }
    /// A cryptographic failure (exit 4).
    pub fn crypto(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_CRYPTO,
            message: message.into(),
        }
    }
    /// An I/O failure (exit 5).
    pub fn io(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_IO,
            message: message.into(),
        }
    }
}

/// Result type of the CLI.
pub type CliResult<T> = Result<T, CliError>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("error: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}

fn run(cli: Cli) -> CliResult<()> {
    match cli.command {
        Command::Demo(args) => demo::run(&args),
        Command::Import(args) => import(&args),
        Command::Export(ExportCmd::Init {
            context_out,
            envelope,
            expect_public_key,
            curve,
            signers,
            out,
        }) => {
            let mut ctx = ExportContext::new(envelope.kind())
                .map_err(|e| CliError::crypto(format!("cannot create export context: {e}")))?;
            if let (Some(hex_key), Some(curve)) = (expect_public_key.as_deref(), curve) {
                let expected = ExpectedKey::from_hex(curve, hex_key)
                    .map_err(|e| CliError::input(format!("--expect-public-key: {e}")))?;
                ctx = ctx.with_expected_key(expected);
            }
            if let Some(path) = signers.as_deref() {
                let text = read_text(path)?;
                let list = SignersInput::from_json(&text)
                    .and_then(|s| s.select(None))
                    .map_err(|e| CliError::input(format!("{}: {e}", path.display())))?;
                ctx = list
                    .iter()
                    .map(|s| SignerId::from_base64(&s.signer_id))
                    .collect::<Result<Vec<_>, _>>()
                    .and_then(|ids| ctx.with_expected_signers(ids))
                    .map_err(|e| CliError::input(format!("{}: {e}", path.display())))?;
            }
            write_secret_file(&context_out, ctx.to_json().as_bytes())?;
            eprintln!(
                "wrote the one-time export context ({}) to {}; keep it until you recover the key",
                ctx.envelope().as_str(),
                context_out.display()
            );
            let body = to_json_pretty(&ctx.request())?;
            write_output(out.as_deref(), body.as_bytes())
        }
        Command::Export(ExportCmd::Recover(args)) => recover(&args),
        Command::Inspect(args) => inspect(&args),
        Command::Cluster(ClusterCmd::New { n, dir, envelope }) => {
            cluster::new(n, &dir, envelope.kind())
        }
        Command::Cluster(ClusterCmd::Accept {
            dir,
            request,
            key_id,
        }) => cluster::accept(&dir, &request, &key_id),
        Command::Cluster(ClusterCmd::Export {
            dir,
            key_id,
            request,
            out,
        }) => cluster::export(&dir, &key_id, &request, out.as_deref()),
        Command::Migrate(args) => migrate::run(&args),
    }
}

/// A serde_json error as text that never quotes the input (its own messages can contain input
/// values, which may be secret): only the class, line and column. For the CLI's own files;
/// the API bodies are read by keyport's `from_json`.
pub fn json_error_summary(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let class = match e.classify() {
        Category::Io => "I/O error",
        Category::Syntax => "invalid JSON syntax",
        Category::Data => "unexpected structure (a field is missing, unknown or of the wrong type)",
        Category::Eof => "unexpected end of input",
    };
    format!("{class} at line {} column {}", e.line(), e.column())
}

/// Serializes a value as pretty JSON with a trailing newline.
pub fn to_json_pretty<T: serde::Serialize>(value: &T) -> CliResult<String> {
    let mut s = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::input(format!("cannot serialize JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// The protocol used when `--protocol` is not given.
pub fn default_protocol(curve: CurveId) -> keyport::protocol::Protocol {
    use keyport::protocol::Protocol;
    match curve {
        CurveId::Ed25519 => Protocol::Frost,
        CurveId::Secp256k1 | CurveId::Stark => Protocol::Cggmp24,
    }
}

/// Parses a key text as `format`, mapping failures to input errors.
pub fn parse_key_text(
    text: &str,
    format: keyport::keys::KeyFormat,
    options: &ParseOptions,
) -> CliResult<ParsedKey> {
    parse_key(text, format, options).map_err(|e| CliError::input(format!("key: {e}")))
}

/// The value to import for a parsed key (the seed for ed25519 keys given as a seed).
pub fn import_key_of(parsed: &ParsedKey) -> ImportKey {
    match parsed.ed25519_seed() {
        Some(seed) => ImportKey::Ed25519Seed(Zeroizing::new(*seed)),
        None => ImportKey::Scalar(Zeroizing::new(*parsed.secret_bytes())),
    }
}

/// Public key (compressed) and addresses of a parsed key.
pub fn addresses_of(parsed: &ParsedKey) -> CliResult<Addresses> {
    let pk = parsed
        .public_key()
        .map_err(|e| CliError::input(format!("key: {e}")))?;
    Addresses::from_public_key(parsed.curve(), &pk)
        .map_err(|e| CliError::input(format!("key: {e}")))
}

/// Each address with its JSON name and its human label, in display order.
fn address_fields(
    a: &Addresses,
) -> impl Iterator<Item = (&'static str, &'static str, Option<&str>)> {
    const LABELS: [&str; 6] = [
        "ethereum",
        "bitcoin p2pkh",
        "bitcoin p2wpkh",
        "bitcoin p2tr",
        "solana",
        "starknet",
    ];
    a.named()
        .into_iter()
        .zip(LABELS)
        .map(|((name, value), label)| (name, label, value))
}

/// The addresses as a JSON object with API-style names, only those that apply.
pub fn addresses_json(a: &Addresses) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (name, _, value) in address_fields(a) {
        if let Some(v) = value {
            map.insert(name.to_string(), serde_json::Value::String(v.to_string()));
        }
    }
    serde_json::Value::Object(map)
}

fn print_addresses(to: &mut dyn std::io::Write, curve: CurveId, a: &Addresses) {
    let _ = writeln!(to, "curve:      {}", curve.as_str());
    let _ = writeln!(to, "public key: {}", a.public_key);
    for (_, name, value) in address_fields(a) {
        if let Some(v) = value {
            let _ = writeln!(to, "{name:<15} {v}");
        }
    }
}

fn parse_options(
    curve: Option<CurveId>,
    passphrase_file: Option<&std::path::Path>,
    path: Option<&str>,
) -> CliResult<ParseOptions> {
    let passphrase = match passphrase_file {
        Some(p) => Some(read_secret(p, "--passphrase-file")?),
        None => None,
    };
    Ok(ParseOptions {
        curve,
        passphrase,
        path: path.map(str::to_string),
    })
}

fn import(args: &ImportArgs) -> CliResult<()> {
    let signers_text = read_text(&args.signers)?;
    let signers = SignersInput::from_json(&signers_text)
        .and_then(|s| s.select(args.cluster.as_deref()))
        .map_err(|e| CliError::input(format!("{}: {e}", args.signers.display())))?;
    let key_text = read_secret(&args.key_file, "--key-file")?;
    let options = parse_options(
        args.curve,
        args.passphrase_file.as_deref(),
        args.path.as_deref(),
    )?;
    let parsed = parse_key_text(&key_text, args.key_format, &options)?;
    let curve = parsed.curve();
    let protocol = args.protocol.unwrap_or_else(|| default_protocol(curve));
    let mut opts = ImportOptions::new(curve, protocol, args.min_signers);
    opts.name = args.name.clone();
    opts.envelope = match args.envelope.kind() {
        None => EnvelopeChoice::Auto,
        Some(k) => EnvelopeChoice::Force(k),
    };
    if args.master_key {
        let cc = parsed.chain_code().ok_or_else(|| {
            CliError::input(
                "--master-key needs a key with a chain code (an xprv or a mnemonic without --path)",
            )
        })?;
        opts.chain_code = Some(Zeroizing::new(*cc));
    }
    let addresses = addresses_of(&parsed)?;
    print_addresses(&mut std::io::stderr(), curve, &addresses);
    let request = build_import_request(&import_key_of(&parsed), &signers, &opts)
        .map_err(|e| CliError::input(format!("cannot build the import request: {e}")))?;
    eprintln!(
        "import request: {} of {} signers, {} on {}",
        args.min_signers,
        signers.len(),
        protocol.as_str(),
        curve.as_str()
    );
    let body = to_json_pretty(&request)?;
    write_output(args.out.as_deref(), body.as_bytes())
}

fn recover(args: &cli::RecoverArgs) -> CliResult<()> {
    let ctx_text = Zeroizing::new(read_text(&args.context)?);
    let ctx = ExportContext::from_json(&ctx_text).map_err(|e| {
        CliError::input(format!(
            "{} is not an export context file: {e}",
            args.context.display()
        ))
    })?;
    let resp_text = read_text(&args.response)?;
    let response = KeyExportResponse::from_json(&resp_text)
        .map_err(|e| CliError::input(format!("{}: {e}", args.response.display())))?;
    let to_terminal = args.out.is_none() && std::io::stdout().is_terminal();
    if to_terminal {
        return Err(CliError::usage(
            "refusing to print a private key to a terminal; use --out FILE, or --out - to force stdout",
        ));
    }
    let recovered = match (&args.expect_public_key, ctx.expected_key()) {
        (Some(hex_key), _) => {
            let curve = match args.curve {
                Some(c) => c,
                None => response
                    .curve
                    .parse()
                    .map_err(|e| CliError::input(format!("{}: {e}", args.response.display())))?,
            };
            let expected = ExpectedKey::from_hex(curve, hex_key)
                .map_err(|e| CliError::input(format!("--expect-public-key: {e}")))?;
            ctx.recover(&response, &expected)
        }
        (None, Some(_)) => ctx.recover_recorded(&response),
        (None, None) if args.trust_response_public_key => {
            eprintln!(
                "warning: --trust-response-public-key: the key is checked only against the \
                 public key the response itself claims; whoever relayed the response could have \
                 substituted a key of its own. Compare the public key below with the one you expect."
            );
            ctx.recover_trusting_response_key(&response)
        }
        (None, None) => {
            return Err(CliError::usage(
                "no expected public key: pass --expect-public-key HEX (the public key of the key \
                 being exported), record it with `export init --expect-public-key`, or pass \
                 --trust-response-public-key to accept whatever key the response claims",
            ));
        }
    }
    .map_err(|e| {
        CliError::crypto(format!(
            "cannot recover the key (is {} the context this export was requested with?): {e}",
            args.context.display()
        ))
    })?;
    for bad in &recovered.bad_signers {
        eprintln!("bad signer: {bad} (its share did not open or is off the key's polynomial)");
    }
    for warning in &recovered.warnings {
        eprintln!("warning: {warning}");
    }
    if recovered.curve == CurveId::Ed25519 {
        eprintln!("note: {ED25519_SCALAR_NOTICE}");
    }
    let secret_hex = keyport::keys::encode_hex_scalar(&recovered.secret);
    let chain_hex = recovered
        .chain_code
        .as_ref()
        .map(|cc| Zeroizing::new(hex::encode(&cc[..])));
    let text: Zeroizing<String> = if args.json {
        recovered_json(
            &recovered,
            &secret_hex,
            chain_hex.as_deref().map(String::as_str),
        )
    } else {
        let s = match args.format {
            OutFormat::Hex => secret_hex,
            OutFormat::Wif => {
                if recovered.curve != CurveId::Secp256k1 {
                    return Err(CliError::usage(format!(
                        "--format wif is for secp256k1 keys; this key is {}",
                        recovered.curve.as_str()
                    )));
                }
                keyport::keys::encode_wif(&recovered.secret, Network::Mainnet)
                    .map_err(|e| CliError::input(format!("cannot encode WIF: {e}")))?
            }
        };
        // Sized once, so that appending does not leave an unwiped copy behind.
        let mut out = Zeroizing::new(String::with_capacity(s.len() + 2 + 64 + 1));
        out.push_str(&s);
        out.push('\n');
        if let Some(cc) = &chain_hex {
            out.push_str(cc);
            out.push('\n');
            eprintln!("note: this is a master key; its chain code is on the second line");
        }
        out
    };
    match args.out.as_deref() {
        None => fsio::write_stdout(text.as_bytes())?,
        Some(p) if p.as_os_str() == "-" => fsio::write_stdout(text.as_bytes())?,
        Some(p) => {
            write_secret_file(p, text.as_bytes())?;
            eprintln!("wrote the recovered key to {} (mode 0600)", p.display());
        }
    }
    eprintln!(
        "recovered {} key {} ({} bad signers)",
        recovered.curve.as_str(),
        hex::encode(&recovered.public_key),
        recovered.bad_signers.len()
    );
    Ok(())
}

/// The `export recover --json` document, written by keyport's JSON writer into one buffer
/// sized up front (so the private key never sits in an unwiped value or a regrown buffer).
fn recovered_json(
    recovered: &keyport::export::RecoveredKey,
    secret_hex: &str,
    chain_hex: Option<&str>,
) -> Zeroizing<String> {
    let ids: usize = recovered.bad_signers.iter().map(|s| s.len() + 4).sum();
    let warnings: Vec<String> = recovered.warnings.iter().map(ToString::to_string).collect();
    let warn_len: usize = warnings.iter().map(|w| w.len() + 64).sum();
    let mut w = keyport::json::Writer::with_capacity(
        secret_hex.len() + 2 * recovered.public_key.len() + ids + warn_len + 256,
    );
    w.begin_object();
    w.key("privateKey");
    w.string(secret_hex);
    if let Some(cc) = chain_hex {
        w.key("chainCode");
        w.string(cc);
    }
    w.key("publicKey");
    w.string(&hex::encode(&recovered.public_key));
    w.key("curve");
    w.string(recovered.curve.as_str());
    w.key("protocol");
    w.string(recovered.protocol.as_str());
    w.key("badSigners");
    w.begin_array();
    for id in &recovered.bad_signers {
        w.string(id);
    }
    w.end_array();
    w.key("warnings");
    w.begin_array();
    for (warning, text) in recovered.warnings.iter().zip(&warnings) {
        w.begin_object();
        w.key("code");
        w.string(warning.code());
        w.key("message");
        w.string(text);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    let mut text = Zeroizing::new(w.finish());
    // The buffer was sized with room to spare; a newline does not regrow it.
    text.push('\n');
    text
}

fn inspect(args: &InspectArgs) -> CliResult<()> {
    let key_text = read_secret(&args.key_file, "--key-file")?;
    let options = parse_options(
        args.curve,
        args.passphrase_file.as_deref(),
        args.path.as_deref(),
    )?;
    let parsed = parse_key_text(&key_text, args.key_format, &options)?;
    let addresses = addresses_of(&parsed)?;
    if args.json {
        let value = serde_json::json!({
            "curve": parsed.curve().as_str(),
            "publicKey": addresses.public_key,
            "addresses": addresses_json(&addresses),
        });
        let body = to_json_pretty(&value)?;
        fsio::write_stdout(body.as_bytes())
    } else {
        let mut buf = Vec::new();
        print_addresses(&mut buf, parsed.curve(), &addresses);
        fsio::write_stdout(&buf)
    }
}
