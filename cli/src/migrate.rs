//! `keyport migrate`: bulk import, streaming, parallel, resumable.
//!
//! The keys file is read in chunks; each chunk is processed in parallel and its results are
//! appended to the output in input order, one whole line per `write` followed by a flush. On a
//! re-run the lines already in the output (matched by input line number, and checked by id) are
//! skipped; a torn last line (after a kill) is cut off first, so every key ends up in the output
//! exactly once. Memory does not grow with the number of keys: neither the input nor the output is
//! held, only one chunk of results and one output line per earlier run (see [`Resume`]).
//! Each input line is one key: two lines with the same id are two imports.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, IsTerminal as _, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use keyport::api::SignersInput;
use keyport::curve::CurveId;
use keyport::import::{ImportOptions, PreparedSigners, build_import_request_prepared};
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
        serde_json::from_str(text)
            .map_err(|e| format!("not a key JSON line: {}", crate::json_error_summary(&e)))
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

fn process(p: &Pending, signers: &PreparedSigners, min_signers: usize) -> Result<String, String> {
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
    let request = build_import_request_prepared(&import_key_of(&parsed), signers, &opts)
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

/// What a line of the output says about itself (the request is skipped over, not kept).
#[derive(Deserialize)]
struct OutLine {
    id: String,
    line: usize,
}

/// One run's stretch of the output: its lines have increasing input line numbers.
struct Segment {
    reader: BufReader<std::io::Take<File>>,
    head: Option<OutLine>,
}

/// The keys an earlier run finished, read back from the output while the input streams by.
///
/// Every run writes its results in input order, so the output is a few stretches (one per run
/// that retried an earlier line), each sorted by input line number. Resuming is then a merge of
/// the input with those stretches, holding one output line per stretch: memory does not grow with
/// the number of keys. Each finished line's id is checked against the keys file.
struct Resume {
    path: std::path::PathBuf,
    segments: Vec<Segment>,
}

fn parse_out_line(path: &Path, bytes: &[u8]) -> CliResult<OutLine> {
    serde_json::from_slice(bytes).map_err(|e| {
        CliError::input(format!(
            "{} is not a migrate output file: {}",
            path.display(),
            crate::json_error_summary(&e)
        ))
    })
}

fn read_out_line(path: &Path, r: &mut impl BufRead) -> CliResult<Option<OutLine>> {
    let mut buf = Vec::new();
    let n = r
        .read_until(b'\n', &mut buf)
        .map_err(|e| CliError::io(format!("cannot read {}: {e}", path.display())))?;
    if n == 0 {
        return Ok(None);
    }
    parse_out_line(path, &buf).map(Some)
}

impl Resume {
    /// Scans the output once (one line at a time), cuts off a torn last line, and notes where
    /// each sorted stretch starts.
    fn open(out: &Path) -> CliResult<Self> {
        let mut resume = Resume {
            path: out.to_path_buf(),
            segments: Vec::new(),
        };
        let f = match OpenOptions::new().read(true).write(true).open(out) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(resume),
            Err(e) => return Err(CliError::io(format!("cannot open {}: {e}", out.display()))),
        };
        let mut reader = BufReader::new(&f);
        let mut bounds: Vec<(u64, u64)> = Vec::new();
        let (mut offset, mut prev) = (0u64, 0usize);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .map_err(|e| CliError::io(format!("cannot read {}: {e}", out.display())))?;
            if n == 0 {
                break;
            }
            if buf.last() != Some(&b'\n') {
                eprintln!(
                    "{}: dropping a partial last line left by an interrupted run",
                    out.display()
                );
                f.set_len(offset)
                    .map_err(|e| CliError::io(format!("cannot truncate {}: {e}", out.display())))?;
                break;
            }
            let v = parse_out_line(out, &buf)?;
            match bounds.last_mut() {
                Some(last) if v.line > prev => last.1 = offset + n as u64,
                _ => bounds.push((offset, offset + n as u64)),
            }
            prev = v.line;
            offset += n as u64;
        }
        drop(reader);
        for (start, end) in bounds {
            let mut f = File::open(out)
                .map_err(|e| CliError::io(format!("cannot open {}: {e}", out.display())))?;
            f.seek(SeekFrom::Start(start))
                .map_err(|e| CliError::io(format!("cannot read {}: {e}", out.display())))?;
            let mut reader = BufReader::with_capacity(16 * 1024, f.take(end - start));
            let head = read_out_line(out, &mut reader)?;
            resume.segments.push(Segment { reader, head });
        }
        Ok(resume)
    }

    /// Whether input line `line` (with id `id`) is already in the output. Lines must be asked
    /// about in increasing order.
    fn is_done(&mut self, line: usize, id: &str) -> CliResult<bool> {
        for seg in &mut self.segments {
            let Some(head) = &seg.head else { continue };
            if head.line < line {
                return Err(self_mismatch(&self.path, head));
            }
            if head.line == line {
                if head.id != id {
                    return Err(CliError::input(format!(
                        "{}: line {line} of the keys file has id {id:?}, but the output has {:?} \
                         for it; was the keys file changed since the earlier run?",
                        self.path.display(),
                        head.id
                    )));
                }
                seg.head = read_out_line(&self.path, &mut seg.reader)?;
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Checks that every finished line of the output matched a key of the input.
    fn finish(&self) -> CliResult<()> {
        match self.segments.iter().find_map(|s| s.head.as_ref()) {
            Some(head) => Err(self_mismatch(&self.path, head)),
            None => Ok(()),
        }
    }
}

fn self_mismatch(path: &Path, head: &OutLine) -> CliError {
    CliError::input(format!(
        "{} has a request for line {} (id {:?}) that does not match the keys file (changed \
         since the earlier run?) or appears twice",
        path.display(),
        head.line,
        head.id
    ))
}

/// A progress bar over the bytes of the keys file, drawn only when stderr is a terminal.
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

/// Runs the migration.
pub fn run(args: &MigrateArgs) -> CliResult<()> {
    if args.jobs == Some(0) {
        return Err(CliError::usage("--jobs must be at least 1"));
    }
    let signers_text = read_text(&args.signers)?;
    let signers = SignersInput::from_json(&signers_text)
        .and_then(|s| s.select(args.cluster.as_deref()))
        .map_err(|e| CliError::lib(args.signers.display(), &e))?;
    keyport::sharing::check_threshold(args.min_signers, signers.len())
        .map_err(|e| CliError::lib("--min-signers", &e))?;
    // Decode and sort the signers once, not once per key.
    let signers =
        PreparedSigners::new(&signers).map_err(|e| CliError::lib(args.signers.display(), &e))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| CliError::io(format!("cannot start worker threads: {e}")))?;
    let mut resume = Resume::open(&args.out)?;
    let mut out = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&args.out)
        .map_err(|e| CliError::io(format!("cannot open {}: {e}", args.out.display())))?;
    let input = File::open(&args.keys)
        .map_err(|e| CliError::io(format!("cannot read {}: {e}", args.keys.display())))?;
    let input_len = input.metadata().map(|m| m.len()).unwrap_or(0);
    let mut reader = BufReader::new(input);
    let bar = progress_bar(input_len);
    let mut pos = 0u64;
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
            pos += read as u64;
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
            if resume.is_done(line_no, &id)? {
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
                Ok(line) => {
                    out.write_all(line.as_bytes())
                        .and_then(|()| out.flush())
                        .map_err(|e| {
                            CliError::io(format!("cannot write {}: {e}", args.out.display()))
                        })?;
                    n_done += 1;
                }
                Err(reason) => failed.push((p.line, p.id.clone(), reason)),
            }
        }
        bar.set_position(pos);
        bar.set_message(format!(
            "{n_done} done, {n_skipped} skipped, {} failed",
            failed.len()
        ));
    }
    bar.finish_and_clear();
    resume.finish()?;
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
