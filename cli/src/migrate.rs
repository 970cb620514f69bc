//! `keyport migrate`: bulk import, streaming, parallel, resumable.
//!
//! The keys file is read in chunks; each chunk is processed in parallel and its results are
//! appended to the output in input order, one whole line per `write` followed by a flush. On a
//! re-run the ids already in the output are skipped; a torn last line (after a kill) is cut off
//! first, so every key ends up in the output exactly once.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{
    BufRead as _, BufReader, IsTerminal as _, Read as _, Seek as _, SeekFrom, Write as _,
};
use std::path::Path;

use keyport::api::{SignerInfo, SignersInput};
use keyport::curve::CurveId;
use keyport::import::{ImportOptions, build_import_request};
use keyport::keys::{KeyFormat, ParseOptions};
use keyport::protocol::Protocol;
use rayon::prelude::*;
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::cli::MigrateArgs;
use crate::fsio::read_text;
use crate::{CliError, CliResult, default_protocol, import_key_of};

/// Keys processed per parallel chunk (bounds memory).
const CHUNK: usize = 256;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyLine {
    id: String,
    format: String,
    #[serde(default)]
    curve: Option<String>,
    key: Zeroizing<String>,
    #[serde(default)]
    protocol: Option<String>,
}

/// One input line, not yet parsed.
struct Pending {
    line: usize,
    id: String,
    text: Zeroizing<String>,
}

fn parse_line(text: &str) -> Result<KeyLine, String> {
    if text.starts_with('{') {
        serde_json::from_str(text).map_err(|e| {
            format!(
                "not a key JSON line: {}",
                keyport::api::json_error_summary(&e)
            )
        })
    } else {
        let mut parts = text.split(',').map(str::trim);
        let id = parts.next().unwrap_or_default().to_string();
        let format = parts.next().unwrap_or_default().to_string();
        let curve = parts.next().filter(|s| !s.is_empty()).map(str::to_string);
        let key = Zeroizing::new(parts.next().unwrap_or_default().to_string());
        let protocol = parts.next().filter(|s| !s.is_empty()).map(str::to_string);
        if id.is_empty() || format.is_empty() || key.is_empty() || parts.next().is_some() {
            return Err("a CSV line is id,format,curve,key[,protocol]".into());
        }
        Ok(KeyLine {
            id,
            format,
            curve,
            key,
            protocol,
        })
    }
}

/// The id of a line, without parsing the key (for skipping and reporting).
fn line_id(text: &str) -> Option<String> {
    if text.starts_with('{') {
        #[derive(Deserialize)]
        struct IdOnly {
            id: String,
        }
        serde_json::from_str::<IdOnly>(text).ok().map(|v| v.id)
    } else {
        text.split(',')
            .next()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }
}

fn process(p: &Pending, signers: &[SignerInfo], min_signers: usize) -> Result<String, String> {
    let k = parse_line(&p.text)?;
    let format: KeyFormat = k.format.parse().map_err(|e| format!("{e}"))?;
    let curve: Option<CurveId> = k
        .curve
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(|e: keyport::Error| e.to_string())?;
    let parsed = keyport::keys::parse_key(
        &k.key,
        format,
        &ParseOptions {
            curve,
            ..ParseOptions::default()
        },
    )
    .map_err(|e| format!("key: {e}"))?;
    let curve = parsed.curve();
    let protocol: Protocol = match k.protocol.as_deref() {
        Some(s) => s.parse().map_err(|e: keyport::Error| e.to_string())?,
        None => default_protocol(curve),
    };
    let opts = ImportOptions::new(curve, protocol, min_signers);
    let request = build_import_request(&import_key_of(&parsed), signers, &opts)
        .map_err(|e| format!("import: {e}"))?;
    let pk = parsed.public_key().map_err(|e| e.to_string())?;
    let value = serde_json::json!({
        "id": k.id,
        "line": p.line,
        "publicKey": hex::encode(pk),
        "request": request,
    });
    let mut s = serde_json::to_string(&value).map_err(|e| e.to_string())?;
    s.push('\n');
    Ok(s)
}

/// Reads the ids already in the output and cuts off a torn last line.
fn resume_state(out: &Path) -> CliResult<HashSet<String>> {
    let mut done = HashSet::new();
    let mut f = match OpenOptions::new().read(true).write(true).open(out) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(done),
        Err(e) => return Err(CliError::io(format!("cannot open {}: {e}", out.display()))),
    };
    let mut text = Vec::new();
    f.read_to_end(&mut text)
        .map_err(|e| CliError::io(format!("cannot read {}: {e}", out.display())))?;
    let keep = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    if keep < text.len() {
        eprintln!(
            "{}: dropping a partial last line left by an interrupted run",
            out.display()
        );
        f.set_len(keep as u64)
            .and_then(|()| f.seek(SeekFrom::End(0)).map(|_| ()))
            .map_err(|e| CliError::io(format!("cannot truncate {}: {e}", out.display())))?;
    }
    for line in text.get(..keep).unwrap_or_default().split(|&b| b == b'\n') {
        if line.is_empty() {
            continue;
        }
        #[derive(Deserialize)]
        struct IdOnly {
            id: String,
        }
        let v: IdOnly = serde_json::from_slice(line).map_err(|e| {
            CliError::input(format!(
                "{} is not a migrate output file: {}",
                out.display(),
                keyport::api::json_error_summary(&e)
            ))
        })?;
        done.insert(v.id);
    }
    Ok(done)
}

/// Runs the migration.
pub fn run(args: &MigrateArgs) -> CliResult<()> {
    if args.jobs == Some(0) {
        return Err(CliError::usage("--jobs must be at least 1"));
    }
    let signers_text = read_text(&args.signers)?;
    let signers = SignersInput::from_json(&signers_text)
        .and_then(|s| s.select(args.cluster.as_deref()))
        .map_err(|e| CliError::input(format!("{}: {e}", args.signers.display())))?;
    keyport::sharing::check_threshold(args.min_signers, signers.len())
        .map_err(|e| CliError::input(format!("--min-signers: {e}")))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| CliError::io(format!("cannot start worker threads: {e}")))?;
    let mut done = resume_state(&args.out)?;
    let mut out = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&args.out)
        .map_err(|e| CliError::io(format!("cannot open {}: {e}", args.out.display())))?;
    let input = File::open(&args.keys)
        .map_err(|e| CliError::io(format!("cannot read {}: {e}", args.keys.display())))?;
    let mut reader = BufReader::new(input);
    let progress = std::io::stderr().is_terminal();
    let (mut n_done, mut n_skipped) = (0usize, 0usize);
    let mut failed: Vec<(usize, String, String)> = Vec::new();
    let mut line_no = 0usize;
    let mut eof = false;
    while !eof {
        let mut chunk: Vec<Pending> = Vec::with_capacity(CHUNK);
        while chunk.len() < CHUNK {
            let mut buf = Zeroizing::new(String::new());
            let read = reader
                .read_line(&mut buf)
                .map_err(|e| CliError::io(format!("cannot read {}: {e}", args.keys.display())))?;
            if read == 0 {
                eof = true;
                break;
            }
            line_no += 1;
            let text = Zeroizing::new(buf.trim().to_string());
            if text.is_empty() || text.starts_with('#') || (line_no == 1 && text.starts_with("id,"))
            {
                continue;
            }
            let Some(id) = line_id(&text) else {
                failed.push((line_no, String::new(), "no id on this line".into()));
                continue;
            };
            if done.contains(&id) {
                n_skipped += 1;
                continue;
            }
            chunk.push(Pending {
                line: line_no,
                id,
                text,
            });
        }
        let results: Vec<Result<String, String>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|p| process(p, &signers, args.min_signers))
                .collect()
        });
        for (p, r) in chunk.iter().zip(results) {
            match r {
                Ok(_) if done.contains(&p.id) => n_skipped += 1,
                Ok(line) => {
                    out.write_all(line.as_bytes())
                        .and_then(|()| out.flush())
                        .map_err(|e| {
                            CliError::io(format!("cannot write {}: {e}", args.out.display()))
                        })?;
                    done.insert(p.id.clone());
                    n_done += 1;
                }
                Err(reason) => failed.push((p.line, p.id.clone(), reason)),
            }
        }
        if progress {
            eprint!(
                "\r{n_done} done, {n_skipped} skipped, {} failed",
                failed.len()
            );
        }
    }
    if progress {
        eprintln!();
    }
    out.sync_all()
        .map_err(|e| CliError::io(format!("cannot write {}: {e}", args.out.display())))?;
    for (line, id, reason) in &failed {
        eprintln!("failed: line {line} (id {id:?}): {reason}");
    }
    eprintln!(
        "migrate: {n_done} done, {n_skipped} skipped (already in {}), {} failed",
        args.out.display(),
        failed.len()
    );
    let summary = serde_json::json!({
        "done": n_done,
        "skipped": n_skipped,
        "failed": failed.iter().map(|(line, id, reason)| serde_json::json!({
            "line": line, "id": id, "reason": reason,
        })).collect::<Vec<_>>(),
    });
    crate::fsio::write_stdout(crate::to_json_pretty(&summary)?.as_bytes())?;
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::input(format!("{} keys failed", failed.len())))
    }
}
