//! `keyport`: import private keys into threshold-signing clusters and export them back.
//!
//! JSON results go to stdout, human messages to stderr. Secrets are read from files or stdin
//! (`-`), never from the command line, and secret files are written with mode 0600.
#![forbid(unsafe_code)]

mod attestation;
mod cli;
mod cluster;
mod context;
mod demo;
mod dfns;
mod error;
mod fsio;
mod migrate;
mod signer_checks;

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser as _;
use keyport::api::{KeyExportResponse, SignersInput};
use keyport::keys::{
    Addresses, ED25519_SCALAR_NOTICE, Network, ParseOptions, ParsedKey, parse_key,
};
use keyport::{
    CurveId, EnvelopeChoice, ExpectedKey, ExportContext, ImportKey, ImportOptions, SignerId,
    build_import_request,
};
use zeroize::Zeroizing;

use cli::{Cli, ClusterCmd, Command, ExportCmd, ImportArgs, InspectArgs, OutFormat, SignersCmd};
use fsio::{read_secret, read_text, write_output, write_secret_file};
use keyport::keys::is_standard_path_for;

pub use error::{CliError, CliResult, EXIT_OK};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("error: {}", e.message);
            if let Some(hint) = &e.hint {
                eprintln!("hint: {hint}");
            }
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
            force,
            envelope,
            expect_public_key,
            curve,
            signers,
            out,
        }) => {
            let mut ctx = ExportContext::new(envelope.kind())
                .map_err(|e| CliError::lib("cannot create export context", &e))?;
            if let (Some(hex_key), Some(curve)) = (expect_public_key.as_deref(), curve) {
                let expected = ExpectedKey::from_hex(curve, hex_key)
                    .map_err(|e| CliError::lib("--expect-public-key", &e))?;
                ctx = ctx.with_expected_key(expected);
            }
            if let Some(path) = signers.as_deref() {
                let text = read_text(path)?;
                let list = SignersInput::from_json(&text)
                    .and_then(|s| s.select(None))
                    .map_err(|e| CliError::lib(path.display(), &e))?;
                ctx = list
                    .iter()
                    .map(|s| SignerId::from_base64(&s.signer_id))
                    .collect::<Result<Vec<_>, _>>()
                    .and_then(|ids| ctx.with_expected_signers(ids))
                    .map_err(|e| CliError::lib(path.display(), &e))?;
            }
            context::create(&context_out, ctx.to_json().as_bytes(), force)?;
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
        Command::Signers(SignersCmd::Fingerprint { signers, cluster }) => {
            let file = signer_checks::SignersFile::read(&signers, cluster.as_deref())?;
            fsio::write_stdout(format!("{}\n", file.set()?.fingerprint()).as_bytes())
        }
        Command::Dfns(cmd) => dfns::run(&cmd),
        Command::Serve { args } => keyport_server::cli_main(args).map_err(|e| CliError {
            code: e.exit_code(),
            message: e.to_string(),
            hint: None,
        }),
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
pub fn default_protocol(curve: CurveId) -> keyport::Protocol {
    use keyport::Protocol;
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
    parse_key(text, format, options).map_err(|e| CliError::lib("key", &e))
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
    let pk = parsed.public_key().map_err(|e| CliError::lib("key", &e))?;
    Addresses::from_public_key(parsed.curve(), &pk).map_err(|e| CliError::lib("key", &e))
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

/// What the user checks a key by: public key, the addresses that apply, and for a mnemonic the
/// path used. A mnemonic key's addresses are listed only for chains whose standard path it was
/// derived on (an Ethereum-path key's Bitcoin address is one no Bitcoin wallet would find from
/// the same words); the others are named in `off_path`, not shown.
pub struct KeyView {
    curve: CurveId,
    addresses: Addresses,
    path: Option<String>,
    off_path: Vec<&'static str>,
}

impl KeyView {
    /// The view of a parsed key.
    pub fn of(parsed: &ParsedKey) -> CliResult<KeyView> {
        let mut addresses = addresses_of(parsed)?;
        let mut off_path = Vec::new();
        if let Some(path) = parsed.derivation_path() {
            let fields: [&mut Option<String>; 6] = [
                &mut addresses.ethereum,
                &mut addresses.bitcoin_p2pkh,
                &mut addresses.bitcoin_p2wpkh,
                &mut addresses.bitcoin_p2tr,
                &mut addresses.solana,
                &mut addresses.starknet,
            ];
            let names = Addresses::default().named().map(|(name, _)| name);
            for (field, name) in fields.into_iter().zip(names) {
                if field.is_some() && is_standard_path_for(name, path) != Some(true) {
                    *field = None;
                    off_path.push(name);
                }
            }
        }
        Ok(KeyView {
            curve: parsed.curve(),
            addresses,
            path: parsed.derivation_path().map(ToString::to_string),
            off_path,
        })
    }

    /// Human lines: curve, path (mnemonic), public key, addresses, and a note on those left out.
    fn print(&self, to: &mut dyn std::io::Write) {
        let _ = writeln!(to, "curve:      {}", self.curve.as_str());
        if let Some(path) = &self.path {
            let _ = writeln!(to, "path:       {path}");
        }
        let _ = writeln!(to, "public key: {}", self.addresses.public_key);
        for (_, label, value) in address_fields(&self.addresses) {
            if let Some(v) = value {
                let _ = writeln!(to, "{label:<15} {v}");
            }
        }
        if !self.off_path.is_empty() {
            let standard: Vec<String> = keyport::keys::STANDARD_PATHS
                .iter()
                .filter(|(name, _)| self.off_path.contains(name))
                .map(|(name, prefix)| format!("{name} {prefix}/..."))
                .collect();
            let _ = writeln!(
                to,
                "(not shown: addresses of chains whose standard path this is not: {}; pass \
                 --path to derive on theirs)",
                standard.join(", ")
            );
        }
    }

    /// JSON: `{curve, derivationPath?, publicKey, addresses}`.
    fn json(&self) -> serde_json::Value {
        let mut value = serde_json::json!({
            "curve": self.curve.as_str(),
            "publicKey": self.addresses.public_key,
            "addresses": addresses_json(&self.addresses),
        });
        if let (Some(path), Some(map)) = (&self.path, value.as_object_mut()) {
            map.insert(
                "derivationPath".into(),
                serde_json::Value::String(path.clone()),
            );
            map.insert(
                "addressesNotOnTheirStandardPath".into(),
                serde_json::json!(self.off_path),
            );
        }
        value
    }

    /// For a mnemonic key: the path used, on stderr (whatever else goes to stdout).
    fn note_path(&self) {
        if let Some(path) = &self.path {
            eprintln!("note: the key was derived from the mnemonic along {path}");
        }
    }
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

/// `import`: everything is read and checked (signers, key, protocol and curve, threshold, master
/// key) and the request is built before anything is printed, so a failure never follows a
/// public key and addresses that look like a success.
fn import(args: &ImportArgs) -> CliResult<()> {
    let file = signer_checks::SignersFile::read(&args.signers, args.cluster.as_deref())?;
    // The checks that need no key come before the key is read (maybe typed at a terminal):
    // first that these are the signers meant.
    args.checks.check(&file)?;
    let signers = file.signers;
    keyport::Threshold::for_signers(args.min_signers, signers.len())
        .map_err(|e| CliError::lib("--min-signers", &e))?;
    if let (Some(protocol), Some(curve)) = (args.protocol, args.curve) {
        keyport::check_pair(protocol, curve).map_err(|e| CliError::lib("--protocol", &e))?;
    }
    // So is every signer's attestation, when one is required.
    let attestation = args.attestation.requirement()?;
    if let Some(requirement) = &attestation {
        let prepared = keyport::PreparedSigners::new(&signers)
            .map_err(|e| CliError::lib(args.signers.display(), &e))?;
        requirement
            .check(prepared.signers())
            .map_err(|e| CliError::lib("--require-attestation", &e))?;
    }
    let key_text = read_secret(&args.key_file, "--key-file")?;
    let options = parse_options(
        args.curve,
        args.passphrase_file.as_deref(),
        args.path.as_deref(),
    )?;
    let parsed = parse_key_text(&key_text, args.key_format, &options)?;
    let curve = parsed.curve();
    let protocol = args.protocol.unwrap_or_else(|| default_protocol(curve));
    keyport::check_pair(protocol, curve).map_err(|e| CliError::lib("--protocol", &e))?;
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
    opts.attestation = attestation;
    let view = KeyView::of(&parsed)?;
    let request = build_import_request(&import_key_of(&parsed), &signers, &opts)
        .map_err(|e| CliError::lib("cannot build the import request", &e))?;
    let body = to_json_pretty(&request)?;
    // Everything is known good: now say what the request is for.
    view.print(&mut std::io::stderr());
    eprintln!(
        "import request: {} of {} signers, {} on {}",
        args.min_signers,
        signers.len(),
        protocol.as_str(),
        curve.as_str()
    );
    write_output(args.out.as_deref(), body.as_bytes())
}

fn recover(args: &cli::RecoverArgs) -> CliResult<()> {
    let ctx_text = Zeroizing::new(read_text(&args.context)?);
    let ctx = ExportContext::from_json(&ctx_text).map_err(|e| {
        CliError::lib(
            format_args!("{} is not an export context file", args.context.display()),
            &e,
        )
    })?;
    let resp_text = read_text(&args.response)?;
    let response = KeyExportResponse::from_json(&resp_text)
        .map_err(|e| CliError::lib(args.response.display(), &e))?;
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
                    .map_err(|e| CliError::lib(args.response.display(), &e))?,
            };
            let expected = ExpectedKey::from_hex(curve, hex_key)
                .map_err(|e| CliError::lib("--expect-public-key", &e))?;
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
    .map_err(|e| recovery_error(&e, &response, &args.context))?;
    for bad in &recovered.bad_signers {
        eprintln!("bad signer: {bad} (its share did not open or is off the key's polynomial)");
    }
    for warning in &recovered.warnings {
        eprintln!("warning: {warning}");
    }
    if recovered.curve == CurveId::Ed25519 {
        eprintln!("note: {ED25519_SCALAR_NOTICE}");
    }
    let text: Zeroizing<String> = if args.json {
        // The library's record; the CLI only presents it.
        recovered.to_json(keyport::PrivateKeyField::Include)
    } else {
        let chain_hex = recovered
            .chain_code
            .as_ref()
            .map(|cc| Zeroizing::new(hex::encode(&cc[..])));
        let s = match args.format {
            OutFormat::Hex => keyport::keys::encode_hex_scalar(&recovered.secret),
            OutFormat::Wif => {
                if recovered.curve != CurveId::Secp256k1 {
                    return Err(CliError::usage(format!(
                        "--format wif is for secp256k1 keys; this key is {}",
                        recovered.curve.as_str()
                    )));
                }
                keyport::keys::encode_wif(&recovered.secret, Network::Mainnet)
                    .map_err(|e| CliError::lib("cannot encode WIF", &e))?
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
            write_secret_file(p, text.as_bytes(), args.force)?;
            eprintln!("wrote the recovered key to {} (mode 0600)", p.display());
        }
    }
    context::retire(&args.context, args.keep_context)?;
    eprintln!(
        "recovered {} key {} ({} bad signers)",
        recovered.curve.as_str(),
        hex::encode(&recovered.public_key),
        recovered.bad_signers.len()
    );
    Ok(())
}

/// Tells apart why a recovery failed, from what the library reports: no share opened at all
/// (almost always the wrong context), shares opened but none rebuilds the expected key, or
/// too few good shares with the bad signers named.
fn recovery_error(
    e: &keyport::Error,
    response: &KeyExportResponse,
    context: &std::path::Path,
) -> CliError {
    use keyport::Error;
    let Error::ExportFailed { bad_signers, cause } = e else {
        return CliError::lib("cannot recover the key", e);
    };
    let total = response.encrypted_key_shares.len();
    match cause.as_ref() {
        Error::NotEnoughShares { got: 0, .. } if bad_signers.len() == total => {
            CliError::crypto(format!(
                "no share opened (none of the {total} shares decrypts with this context): is {} \
                 the context the export was requested with?",
                context.display()
            ))
        }
        Error::NotEnoughShares { got, needed } => CliError::crypto(format!(
            "only {got} of {total} shares are good but {needed} are needed; these signers' \
             shares were bad (did not open or did not verify): {}",
            bad_signers.join(", ")
        )),
        Error::ReconstructionFailed { .. } | Error::PublicKeyMismatch => {
            let mut m = format!(
                "shares opened, but no set of {} of them fits the expected key {}: the response's \
                 shares are not shares of that key",
                response.min_signers, response.public_key
            );
            if !bad_signers.is_empty() {
                m.push_str(&format!(
                    "; shares that did not open or verify: {}",
                    bad_signers.join(", ")
                ));
            }
            CliError::crypto(m)
        }
        _ => CliError::lib("cannot recover the key", e),
    }
}

fn inspect(args: &InspectArgs) -> CliResult<()> {
    let key_text = read_secret(&args.key_file, "--key-file")?;
    let options = parse_options(
        args.curve,
        args.passphrase_file.as_deref(),
        args.path.as_deref(),
    )?;
    let parsed = parse_key_text(&key_text, args.key_format, &options)?;
    let view = KeyView::of(&parsed)?;
    view.note_path();
    if args.json {
        let body = to_json_pretty(&view.json())?;
        fsio::write_stdout(body.as_bytes())
    } else {
        let mut buf = Vec::new();
        view.print(&mut buf);
        fsio::write_stdout(&buf)
    }
}
