//! `keyport dfns ...`: the Dfns API client (keyport-dfns) on the command line.
//!
//! JSON results on stdout, human lines (fingerprints, addresses, progress) on stderr.

pub mod args;
mod creds;
mod migrate;

use std::path::Path;

use keyport::api::{ListSignersResponse, SignerInfo, SignersInput};
use keyport::keys::Network;
use keyport::{CurveId, EnvelopeKind, ExpectedKey, ImportOptions, SignerSet, build_import_request};
use keyport_dfns::{ClientOptions, DfnsClient, Outcome};
use zeroize::Zeroizing;

use crate::fsio::{read_secret, write_output, write_secret_file};
use crate::signer_checks::SignerChecks;
use crate::{CliError, CliResult, KeyView, default_protocol, import_key_of, parse_key_text};
use args::{Conn, DfnsCmd, ExportEnvelope, KeyInput};

/// Exit code of a request a policy holds for approval.
pub const EXIT_AWAITING_APPROVAL: u8 = 6;

/// A keyport-dfns error as a CLI error.
pub fn cli_error(e: &keyport_dfns::Error) -> CliError {
    use keyport_dfns::Error as E;
    match e {
        E::Keyport(k) => CliError::lib("keyport", k),
        E::PublicKeyMismatch { .. } => CliError::crypto(e.to_string()),
        E::Usage(_) | E::JournalLocked(_) | E::CredentialNotAllowed { .. } => {
            CliError::usage(e.to_string())
        }
        E::Credentials(_) => CliError::input(e.to_string()),
        _ => CliError::io(e.to_string()),
    }
}

fn client(conn: &Conn, connections: usize) -> CliResult<DfnsClient> {
    let credentials = creds::load(conn)?;
    let options = ClientOptions {
        connections,
        ..ClientOptions::default()
    };
    DfnsClient::with_options(&conn.api_url, credentials, options).map_err(|e| cli_error(&e))
}

/// The signers the next request is built for, with the fingerprint of the set, printed on
/// stderr.
pub struct Fetched {
    /// The raw ListSigners response.
    pub text: String,
    /// Its signers.
    pub signers: Vec<SignerInfo>,
    /// The set's fingerprint (`SignerSet::fingerprint`), hex.
    pub fingerprint: String,
}

/// GET /signers, one cluster chosen, fingerprinted. Every command that builds a request
/// gets its signers here.
pub fn fetch_signers(
    client: &DfnsClient,
    cluster: Option<&str>,
    checks: &SignerChecks,
) -> CliResult<Fetched> {
    let text = client.list_signers_text().map_err(|e| cli_error(&e))?;
    let response =
        ListSignersResponse::from_json(&text).map_err(|e| CliError::lib("GET /signers", &e))?;
    let (cluster_id, signers) = keyport::select_cluster(SignersInput::Response(response), cluster)
        .map_err(|e| CliError::lib("GET /signers", &e))?;
    let set =
        SignerSet::new(&cluster_id, &signers).map_err(|e| CliError::lib("GET /signers", &e))?;
    let fingerprint = set.fingerprint().to_string();
    eprintln!(
        "signers: cluster {cluster_id}, {} signers, fingerprint {fingerprint}",
        signers.len()
    );
    // `--expect-signers`, `--signers-lock`, `--manifest`: before any request is built for
    // these signers.
    checks.check_set(&set)?;
    Ok(Fetched {
        text,
        signers,
        fingerprint,
    })
}

/// Runs `keyport dfns ...`.
pub fn run(cmd: &DfnsCmd) -> CliResult<()> {
    match cmd {
        DfnsCmd::Signers { conn, checks, out } => {
            let c = client(conn, 1)?;
            let fetched = fetch_signers(&c, conn.cluster.as_deref(), checks)?;
            let mut text = fetched.text;
            if !text.ends_with('\n') {
                text.push('\n');
            }
            write_output(out.as_deref(), text.as_bytes())
        }
        DfnsCmd::Import { conn, checks, key } => import(conn, checks, key, None),
        DfnsCmd::WalletImport {
            conn,
            checks,
            key,
            network,
            external_id,
        } => import(
            conn,
            checks,
            key,
            Some((network.as_str(), external_id.as_deref())),
        ),
        DfnsCmd::Export {
            conn,
            key_id,
            expect_public_key,
            out,
            format,
            envelope,
        } => export(conn, key_id, expect_public_key, out, *format, *envelope),
        DfnsCmd::Migrate { .. } => migrate::run(cmd),
    }
}

fn awaiting(approval_id: &str) -> CliResult<()> {
    let body = crate::to_json_pretty(&serde_json::json!({ "awaitingApproval": approval_id }))?;
    crate::fsio::write_stdout(body.as_bytes())?;
    Err(CliError {
        code: EXIT_AWAITING_APPROVAL,
        message: format!(
            "a policy holds the request for approval {approval_id}: nothing is imported until \
             the approvers decide"
        ),
        hint: None,
    })
}

fn import(
    conn: &Conn,
    checks: &SignerChecks,
    k: &KeyInput,
    wallet: Option<(&str, Option<&str>)>,
) -> CliResult<()> {
    if let (Some(protocol), Some(curve)) = (k.protocol, k.curve) {
        keyport::check_pair(protocol, curve).map_err(|e| CliError::lib("--protocol", &e))?;
    }
    let c = client(conn, 1)?;
    let fetched = fetch_signers(&c, conn.cluster.as_deref(), checks)?;
    keyport::Threshold::for_signers(k.min_signers, fetched.signers.len())
        .map_err(|e| CliError::lib("--min-signers", &e))?;
    let key_text = read_secret(&k.key_file, "--key-file")?;
    let options = crate::parse_options(k.curve, k.passphrase_file.as_deref(), k.path.as_deref())?;
    let parsed = parse_key_text(&key_text, k.key_format, &options)?;
    let curve = parsed.curve();
    let protocol = k.protocol.unwrap_or_else(|| default_protocol(curve));
    keyport::check_pair(protocol, curve).map_err(|e| CliError::lib("--protocol", &e))?;
    let mut opts = ImportOptions::new(curve, protocol, k.min_signers);
    opts.name = k.name.clone();
    if k.master_key {
        let cc = parsed.chain_code().ok_or_else(|| {
            CliError::input(
                "--master-key needs a key with a chain code (an xprv or a mnemonic without --path)",
            )
        })?;
        opts.chain_code = Some(Zeroizing::new(*cc));
    }
    let view = KeyView::of(&parsed)?;
    let pk = parsed.public_key().map_err(|e| CliError::lib("key", &e))?;
    let expected = ExpectedKey::new(curve, &pk).map_err(|e| CliError::lib("key", &e))?;
    let request = build_import_request(&import_key_of(&parsed), &fetched.signers, &opts)
        .map_err(|e| CliError::lib("cannot build the import request", &e))?;
    let body = match wallet {
        None => match c
            .import_key(&request, &expected)
            .map_err(|e| cli_error(&e))?
        {
            Outcome::Done(key) => {
                eprintln!(
                    "imported key {} ({} {})",
                    key.id,
                    protocol.as_str(),
                    curve.as_str()
                );
                crate::to_json_pretty(&key)?
            }
            Outcome::AwaitingApproval { approval_id } => return awaiting(&approval_id),
        },
        Some((network, external_id)) => match c
            .import_wallet(&request, network, external_id, &expected)
            .map_err(|e| cli_error(&e))?
        {
            Outcome::Done(w) => {
                eprintln!(
                    "imported wallet {} on {} (key {}), address {}",
                    w.id,
                    w.network,
                    w.signing_key.id,
                    w.address.as_deref().unwrap_or("(none given)")
                );
                crate::to_json_pretty(&w)?
            }
            Outcome::AwaitingApproval { approval_id } => return awaiting(&approval_id),
        },
    };
    // The API's public key matched the one computed here: show what to check it by.
    view.print(&mut std::io::stderr());
    crate::fsio::write_stdout(body.as_bytes())
}

fn export(
    conn: &Conn,
    key_id: &str,
    expect_public_key: &str,
    out: &Path,
    format: crate::cli::OutFormat,
    envelope: ExportEnvelope,
) -> CliResult<()> {
    if std::fs::symlink_metadata(out).is_ok() {
        return Err(CliError::usage(format!(
            "{} already exists; refusing to overwrite a file with a secret",
            out.display()
        )));
    }
    let c = client(conn, 1)?;
    let key = c.get_key(key_id).map_err(|e| cli_error(&e))?;
    let curve: CurveId = key
        .curve
        .parse()
        .map_err(|e| CliError::lib(format_args!("GET /keys/{key_id}"), &e))?;
    let expected = ExpectedKey::from_hex(curve, expect_public_key)
        .map_err(|e| CliError::lib("--expect-public-key", &e))?;
    let kind = match envelope {
        ExportEnvelope::DfnsV1 => EnvelopeKind::DfnsV1,
        ExportEnvelope::Hpke => EnvelopeKind::HpkeV1,
    };
    // The one-time key lives in this process only: it never touches disk.
    let recovered = match c
        .export_key(key_id, expected, kind)
        .map_err(|e| cli_error(&e))?
    {
        Outcome::Done(r) => r,
        Outcome::AwaitingApproval { approval_id } => return awaiting(&approval_id),
    };
    for bad in &recovered.bad_signers {
        eprintln!("bad signer: {bad} (its share did not open or is off the key's polynomial)");
    }
    if recovered.curve == CurveId::Ed25519 {
        eprintln!("note: {}", keyport::keys::ED25519_SCALAR_NOTICE);
    }
    let key_text = match format {
        crate::cli::OutFormat::Hex => keyport::keys::encode_hex_scalar(&recovered.secret),
        crate::cli::OutFormat::Wif => {
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
    // Sized once, so that appending the newline leaves no unwiped copy behind.
    let mut text = Zeroizing::new(String::with_capacity(key_text.len() + 1));
    text.push_str(&key_text);
    text.push('\n');
    write_secret_file(out, text.as_bytes(), false)?;
    eprintln!(
        "exported {} key {} to {} (mode 0600)",
        recovered.curve.as_str(),
        hex::encode(&recovered.public_key),
        out.display()
    );
    Ok(())
}
