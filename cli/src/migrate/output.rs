//! The output of `keyport migrate`: a header line saying what every request was built for, then
//! one line per key, read back on a re-run to skip (and check) the keys already done.

use std::fs::File;
use std::io::{BufRead, BufReader, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{CliError, CliResult};

/// Version of the output format (the header's `keyportMigrate`).
pub const FORMAT_VERSION: u32 = 1;

/// The first line of the output: what every request in it was built for. A re-run whose
/// header would differ is refused, naming each difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Header {
    /// [`FORMAT_VERSION`].
    pub keyport_migrate: u32,
    /// `keyport::Fingerprint` of the signer set, hex.
    pub signers: String,
    /// The cluster id (empty for a bare signers array).
    pub cluster_id: String,
    /// The threshold of every request.
    pub min_signers: usize,
    /// The envelope the shares are sealed in.
    pub envelope: String,
    /// The protocol used for a key line without one, per curve.
    pub default_protocols: std::collections::BTreeMap<String, String>,
}

impl Header {
    /// What changed from `self` (the output's) to `now` (this run's), one phrase each.
    fn differences(&self, now: &Header) -> Vec<String> {
        let mut d = Vec::new();
        if self.signers != now.signers || self.cluster_id != now.cluster_id {
            d.push(format!(
                "the signer set (cluster {:?}, fingerprint {} in the output; cluster {:?}, \
                 fingerprint {} now)",
                self.cluster_id, self.signers, now.cluster_id, now.signers
            ));
        }
        if self.min_signers != now.min_signers {
            d.push(format!(
                "--min-signers ({} in the output, {} now)",
                self.min_signers, now.min_signers
            ));
        }
        if self.envelope != now.envelope {
            d.push(format!(
                "the envelope ({} in the output, {} now)",
                self.envelope, now.envelope
            ));
        }
        if self.default_protocols != now.default_protocols {
            d.push(format!(
                "the default protocols ({:?} in the output, {:?} now)",
                self.default_protocols, now.default_protocols
            ));
        }
        d
    }
}

/// What a finished line of the output says about itself (the request is skipped over).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutLine {
    /// The key's id.
    pub id: String,
    /// Its line in the keys file.
    pub line: usize,
    /// The protocol its request is for.
    pub protocol: String,
    /// SHA-256 of curve name, 0x00 and compressed public key, hex.
    pub key_fingerprint: String,
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
/// the input with those stretches, holding one output line per stretch.
pub struct Resume {
    path: PathBuf,
    segments: Vec<Segment>,
}

fn not_an_output(path: &Path, why: &str) -> CliError {
    CliError::input(format!(
        "{} is not a keyport migrate output ({why}); use another --out",
        path.display()
    ))
}

fn parse_out_line(path: &Path, bytes: &[u8]) -> CliResult<OutLine> {
    serde_json::from_slice(bytes).map_err(|e| not_an_output(path, &crate::json_error_summary(&e)))
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

/// Writes `header` as the first line of the empty, locked output and makes it durable (the
/// file's directory entry too).
fn write_header(file: &mut File, path: &Path, header: &Header) -> CliResult<()> {
    let mut line = serde_json::to_string(header)
        .map_err(|e| CliError::input(format!("cannot serialize the header: {e}")))?;
    line.push('\n');
    let io = |e: std::io::Error| CliError::io(format!("cannot write {}: {e}", path.display()));
    file.write_all(line.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(dir).and_then(|d| d.sync_all()).map_err(io)
}

impl Resume {
    /// Checks the output's header against this run's (writing it into an empty output), scans
    /// the output once (one line at a time), cuts off a torn last line left by a killed run,
    /// and notes where each sorted stretch starts. `file` is the locked output, opened to read
    /// and append.
    pub fn open(file: &mut File, path: &Path, header: &Header) -> CliResult<Self> {
        let io = |e: std::io::Error| CliError::io(format!("cannot read {}: {e}", path.display()));
        let mut resume = Resume {
            path: path.to_path_buf(),
            segments: Vec::new(),
        };
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut reader = BufReader::new(&*file);
        let mut buf = Vec::new();
        let n = reader.read_until(b'\n', &mut buf).map_err(io)?;
        if n == 0 || buf.last() != Some(&b'\n') {
            // New, or only a torn header from a run killed while starting.
            drop(reader);
            file.set_len(0).map_err(io)?;
            write_header(file, path, header)?;
            return Ok(resume);
        }
        let theirs: Header = serde_json::from_slice(&buf).map_err(|_| {
            not_an_output(
                path,
                "its first line is not a migrate header; it was written by an older keyport \
                 or by something else",
            )
        })?;
        if theirs.keyport_migrate != FORMAT_VERSION {
            return Err(not_an_output(path, "its header has another format version"));
        }
        let changed = theirs.differences(header);
        if !changed.is_empty() {
            return Err(CliError::input(format!(
                "{} holds requests built for something else; this run differs in {}. Use a new \
                 --out for a migration with other settings",
                path.display(),
                changed.join("; and in ")
            )));
        }
        let mut bounds: Vec<(u64, u64)> = Vec::new();
        let (mut offset, mut prev) = (n as u64, 0usize);
        loop {
            buf.clear();
            let n = reader.read_until(b'\n', &mut buf).map_err(io)?;
            if n == 0 {
                break;
            }
            if buf.last() != Some(&b'\n') {
                eprintln!(
                    "{}: dropping a partial last line left by an interrupted run",
                    path.display()
                );
                drop(reader);
                file.set_len(offset).map_err(|e| {
                    CliError::io(format!("cannot truncate {}: {e}", path.display()))
                })?;
                file.sync_all().map_err(io)?;
                break;
            }
            let v = parse_out_line(path, &buf)?;
            match bounds.last_mut() {
                Some(last) if v.line > prev => last.1 = offset + n as u64,
                _ => bounds.push((offset, offset + n as u64)),
            }
            prev = v.line;
            offset += n as u64;
        }
        for (start, end) in bounds {
            let mut f = File::open(path).map_err(io)?;
            f.seek(SeekFrom::Start(start)).map_err(io)?;
            let mut reader = BufReader::with_capacity(16 * 1024, f.take(end - start));
            let head = read_out_line(path, &mut reader)?;
            resume.segments.push(Segment { reader, head });
        }
        Ok(resume)
    }

    /// The finished output line for input line `line` (with id `id`), if there is one. Lines
    /// must be asked about in increasing order.
    pub fn done(&mut self, line: usize, id: &str) -> CliResult<Option<OutLine>> {
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
                let found = head.clone();
                seg.head = read_out_line(&self.path, &mut seg.reader)?;
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// Checks that every finished line of the output matched a key of the input.
    pub fn finish(&self) -> CliResult<()> {
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
