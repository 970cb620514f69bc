//! `keyport migrate`: bulk import, streaming, parallel, resumable, and refusing to mislead.
//!
//! - The keys file (CSV or JSONL, [`keys`]) is read in chunks; each chunk is processed in
//!   parallel and its results are appended to the output in input order, one whole line per
//!   `write`, and the output is synced before the chunk counts as done.
//! - The output starts with a header ([`output::Header`]): the signer set's fingerprint, the
//!   threshold, the envelope and the default protocols. A re-run into an output built for
//!   anything else is refused, naming what changed.
//! - On a re-run the lines already in the output (matched by input line number and id) are
//!   skipped after checking that the key under that id still has the same fingerprint and
//!   protocol; a torn last line (after a kill) is cut off first, so every key ends up in the
//!   output exactly once.
//! - The output is locked (`flock`, exclusive) for the whole run: a second runner is refused.
//! - Two records with one id are refused, naming both lines.
//! - Memory holds one chunk, one output line per earlier run, and the ids seen (for the
//!   duplicate check), never the keys file or the output.

pub(crate) mod keys;
mod output;

use std::collections::{BTreeMap, HashMap};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, IsTerminal as _, Write as _};
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use keyport::keys::{KeyFormat, ParseOptions, ParsedKey};
use keyport::{CurveId, ImportOptions, PreparedSigners, Protocol, build_import_request};
use rayon::prelude::*;
use sha2::{Digest as _, Sha256};

use crate::cli::MigrateArgs;
use crate::{CliError, CliResult, default_protocol, import_key_of};
use keys::{KeyLine, KeyReader};
use output::{Header, OutLine, Resume};

/// Keys processed per parallel chunk (bounds memory; the output is synced once per chunk).
const CHUNK: usize = 256;

/// One key record to process, with the output line an earlier run wrote for it, if any.
struct Pending {
    line: usize,
    fields: KeyLine,
    done: Option<OutLine>,
}

/// What became of one record.
enum Outcome {
    /// A new request line, to append.
    Written(String),
    /// Already in the output, and the same key and protocol: skipped.
    Verified,
    /// This key failed (reported, the run goes on).
    Failed(String),
    /// The record contradicts the output: the run stops.
    Refused(String),
}

/// The key fingerprint recorded per line: SHA-256(curve name || 0x00 || compressed public key).
fn key_fingerprint(curve: CurveId, public_key: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(curve.as_str().as_bytes());
    h.update([0u8]);
    h.update(public_key);
    hex::encode(h.finalize())
}

/// A named column's value as `T`, without ever quoting it (it may be a misplaced key).
fn column<T: std::str::FromStr>(value: &str, column: &str, valid: &str) -> Result<T, String> {
    value.parse().map_err(|_| {
        format!("the {column} column is not a {column} name (value not shown); valid: {valid}")
    })
}

/// The key, curve and protocol of a record.
pub(crate) fn parse_record(k: &KeyLine) -> Result<(ParsedKey, Protocol), String> {
    let format: KeyFormat = column(
        &k.format,
        "format",
        "hex, wif, ed25519-seed, ed25519-scalar, solana, stark, mnemonic, xprv, auto",
    )?;
    let curve: Option<CurveId> = k
        .curve
        .as_deref()
        .map(|c| column(c, "curve", "secp256k1, ed25519, stark"))
        .transpose()?;
    let parsed = keyport::keys::parse_key(
        &k.key,
        format,
        &ParseOptions {
            curve,
            ..ParseOptions::default()
        },
    )
    .map_err(|e| format!("key: {e}"))?;
    let protocol: Protocol = match k.protocol.as_deref() {
        Some(p) => column(
            p,
            "protocol",
            "CGGMP21, CGGMP24, KU23, FROST, FROST_BITCOIN, GLOW20_DH",
        )?,
        None => default_protocol(parsed.curve()),
    };
    keyport::check_pair(protocol, parsed.curve()).map_err(|e| e.to_string())?;
    Ok((parsed, protocol))
}

fn process(p: &Pending, signers: &PreparedSigners, min_signers: usize) -> Outcome {
    let (parsed, protocol) = match parse_record(&p.fields) {
        Ok(v) => v,
        Err(reason) if p.done.is_some() => {
            return Outcome::Refused(format!(
                "line {} (id {:?}) is already in the output, but its record no longer reads: \
                 {reason}",
                p.line,
                p.fields.id.as_str()
            ));
        }
        Err(reason) => return Outcome::Failed(reason),
    };
    let curve = parsed.curve();
    let pk = match parsed.public_key() {
        Ok(pk) => pk,
        Err(e) => return Outcome::Failed(format!("key: {e}")),
    };
    let fingerprint = key_fingerprint(curve, &pk);
    if let Some(done) = &p.done {
        if done.key_fingerprint != fingerprint {
            return Outcome::Refused(format!(
                "line {} (id {:?}): the key differs from the one the output holds a request \
                 for (key fingerprint {} in the output, {fingerprint} now)",
                p.line,
                p.fields.id.as_str(),
                done.key_fingerprint
            ));
        }
        if done.protocol != protocol.as_str() {
            return Outcome::Refused(format!(
                "line {} (id {:?}): the protocol differs ({} in the output, {} now)",
                p.line,
                p.fields.id.as_str(),
                done.protocol,
                protocol.as_str()
            ));
        }
        return Outcome::Verified;
    }
    let opts = ImportOptions::new(curve, protocol, min_signers);
    let request = match build_import_request(&import_key_of(&parsed), signers, &opts) {
        Ok(r) => r,
        Err(e) => return Outcome::Failed(format!("import: {e}")),
    };
    let value = serde_json::json!({
        "id": p.fields.id.as_str(),
        "line": p.line,
        "curve": curve.as_str(),
        "protocol": protocol.as_str(),
        "keyFingerprint": fingerprint,
        "publicKey": hex::encode(pk),
        "request": request,
    });
    match serde_json::to_string(&value) {
        Ok(mut s) => {
            s.push('\n');
            Outcome::Written(s)
        }
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// A progress bar over the bytes of the keys file still to do in this run, drawn only when
/// stderr is a terminal.
fn progress_bar(input_len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = if input_len > 0 {
        ProgressBar::new(input_len).with_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{wide_bar}] {percent}% eta {eta} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    } else {
        ProgressBar::new_spinner()
    };
    bar.set_message("starting");
    bar
}

/// This run's header.
fn header_for(
    args: &MigrateArgs,
    cluster_id: &str,
    signers: &[keyport::api::SignerInfo],
    prepared: &PreparedSigners,
) -> CliResult<Header> {
    let fingerprint = keyport::SignerSet::new(cluster_id, signers)
        .map_err(|e| CliError::lib(args.signers.display(), &e))?
        .fingerprint()
        .to_bytes();
    let default_protocols: BTreeMap<String, String> =
        [CurveId::Secp256k1, CurveId::Ed25519, CurveId::Stark]
            .into_iter()
            .map(|c| {
                (
                    c.as_str().to_string(),
                    default_protocol(c).as_str().to_string(),
                )
            })
            .collect();
    Ok(Header {
        keyport_migrate: output::FORMAT_VERSION,
        signers: hex::encode(fingerprint),
        cluster_id: cluster_id.to_string(),
        min_signers: args.min_signers,
        envelope: prepared.envelope().as_str().to_string(),
        default_protocols,
    })
}

/// Opens the output to read and append, creating it, and takes the exclusive lock.
fn open_locked(path: &Path) -> CliResult<File> {
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| CliError::io(format!("cannot open {}: {e}", path.display())))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(CliError::usage(format!(
            "{} is being written by another keyport migrate; wait for it to finish (two runs \
             on one output would import keys twice)",
            path.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(CliError::io(format!("cannot lock {}: {e}", path.display())))
        }
    }
}

/// Counts of one run.
#[derive(Default)]
struct Tally {
    done: usize,
    skipped: usize,
    failed: Vec<(usize, String, String)>,
    /// Input bytes of skipped records (not part of this run's work).
    skipped_bytes: u64,
}

/// Runs the migration.
pub fn run(args: &MigrateArgs) -> CliResult<()> {
    if args.jobs == Some(0) {
        return Err(CliError::usage("--jobs must be at least 1"));
    }
    let file = crate::signer_checks::SignersFile::read(&args.signers, args.cluster.as_deref())?;
    args.checks.check(&file)?;
    let (signers, cluster_id) = (file.signers, file.cluster_id);
    keyport::Threshold::for_signers(args.min_signers, signers.len())
        .map_err(|e| CliError::lib("--min-signers", &e))?;
    // Decode and sort the signers once, not once per key.
    let prepared =
        PreparedSigners::new(&signers).map_err(|e| CliError::lib(args.signers.display(), &e))?;
    let header = header_for(args, &cluster_id, &signers, &prepared)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| CliError::io(format!("cannot start worker threads: {e}")))?;
    let (input, input_len, name): (Box<dyn BufRead>, u64, String) = if args.keys.as_os_str() == "-"
    {
        (Box::new(std::io::stdin().lock()), 0, "stdin".to_string())
    } else {
        let f = File::open(&args.keys).map_err(|e| {
            CliError::io(format!(
                "cannot read {}: {}",
                args.keys.display(),
                crate::fsio::io_cause(&e)
            ))
        })?;
        crate::fsio::warn_if_readable_by_others(&f, &args.keys);
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        (
            Box::new(BufReader::new(f)),
            len,
            args.keys.display().to_string(),
        )
    };
    let mut out = open_locked(&args.out)?;
    let mut resume = Resume::open(&mut out, &args.out, &header)?;
    let mut reader = KeyReader::new(input, name);
    let bar = progress_bar(input_len);
    let mut tally = Tally::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut pos = 0u64;
    let mut eof = false;
    while !eof {
        let mut chunk: Vec<Pending> = Vec::with_capacity(CHUNK);
        let mut chunk_bytes: Vec<u64> = Vec::with_capacity(CHUNK);
        while chunk.len() < CHUNK {
            let Some(rec) = reader.next_record()? else {
                eof = true;
                break;
            };
            pos += rec.bytes;
            let fields = match rec.fields {
                Ok(f) => f,
                Err(reason) => {
                    tally.failed.push((rec.line, String::new(), reason));
                    continue;
                }
            };
            if let Some(first) = seen.insert(fields.id.to_string(), rec.line) {
                return Err(CliError::input(format!(
                    "lines {first} and {} of the keys file have the same id {:?}; ids must be \
                     unique (nothing of line {} was imported)",
                    rec.line,
                    fields.id.as_str(),
                    rec.line
                )));
            }
            let done = resume.done(rec.line, &fields.id)?;
            chunk.push(Pending {
                line: rec.line,
                fields,
                done,
            });
            chunk_bytes.push(rec.bytes);
        }
        let results: Vec<Outcome> = pool.install(|| {
            chunk
                .par_iter()
                .map(|p| process(p, &prepared, args.min_signers))
                .collect()
        });
        if let Some(Outcome::Refused(why)) =
            results.iter().find(|r| matches!(r, Outcome::Refused(_)))
        {
            bar.finish_and_clear();
            return Err(CliError::input(format!(
                "{}: {why}; nothing of this run's last {} keys was written. Use a new --out for \
                 changed keys",
                args.out.display(),
                chunk.len()
            )));
        }
        let mut wrote = false;
        for ((p, r), bytes) in chunk.iter().zip(results).zip(chunk_bytes) {
            match r {
                Outcome::Written(line) => {
                    out.write_all(line.as_bytes()).map_err(|e| {
                        CliError::io(format!("cannot write {}: {e}", args.out.display()))
                    })?;
                    wrote = true;
                    tally.done += 1;
                }
                Outcome::Verified => {
                    tally.skipped += 1;
                    tally.skipped_bytes += bytes;
                }
                Outcome::Failed(reason) => {
                    tally.failed.push((p.line, p.fields.id.to_string(), reason))
                }
                Outcome::Refused(_) => {}
            }
        }
        // A line counts as done only once it is on disk.
        if wrote {
            out.sync_data()
                .map_err(|e| CliError::io(format!("cannot write {}: {e}", args.out.display())))?;
        }
        // The message first: a frame drawn between these calls then never shows more progress
        // than its counts. The bar covers this run's work only (the file less what was skipped).
        bar.set_message(format!(
            "{} done, {} skipped, {} failed",
            tally.done,
            tally.skipped,
            tally.failed.len()
        ));
        if input_len > 0 {
            bar.set_length(input_len.saturating_sub(tally.skipped_bytes).max(1));
        }
        bar.set_position(pos.saturating_sub(tally.skipped_bytes));
    }
    bar.finish_and_clear();
    resume.finish()?;
    report(args, &tally)
}

/// The per-key failures and the summary (stderr), and the JSON summary (stdout).
fn report(args: &MigrateArgs, tally: &Tally) -> CliResult<()> {
    for (line, id, reason) in &tally.failed {
        eprintln!("failed: line {line} (id {id:?}): {reason}");
    }
    eprintln!(
        "migrate: {} done, {} skipped (already in {}), {} failed",
        tally.done,
        tally.skipped,
        args.out.display(),
        tally.failed.len()
    );
    let summary = serde_json::json!({
        "done": tally.done,
        "skipped": tally.skipped,
        "failed": tally.failed.iter().map(|(line, id, reason)| serde_json::json!({
            "line": line, "id": id, "reason": reason,
        })).collect::<Vec<_>>(),
    });
    crate::fsio::write_stdout(crate::to_json_pretty(&summary)?.as_bytes())?;
    if tally.failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::input(format!(
            "{} keys failed",
            tally.failed.len()
        )))
    }
}
