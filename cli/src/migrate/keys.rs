//! The keys file of `keyport migrate`: CSV (RFC 4180, through `csv-core`) or JSONL, one key
//! per record, read as a stream with every field in a zeroizing buffer.
//!
//! Any column may hold a key by mistake, so no error built here quotes a field: a bad format,
//! curve or protocol is named by its column, and an id that looks like a key is refused
//! without being shown (every id that passes may then appear in messages and in the output).

use std::io::BufRead;

use csv_core::{ReadRecordResult, Reader};
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::fsio::looks_like_secret;
use crate::{CliError, CliResult};

/// Longest line of the keys file (a key record is well under 1 KiB).
const LINE_CAP: usize = 16 * 1024;
/// Columns of a CSV record: id, format, curve, key, protocol.
const MAX_COLUMNS: usize = 5;

/// One key record, every field wiped on drop (any of them may hold a misplaced key). A JSON
/// line is read by keyport's JSON reader: strings land straight in these wiping buffers (an
/// escaped one through the reader's own wiping buffer), and errors name a field and a place,
/// never a value.
#[derive(Deserialize)]
#[serde(rename = "a key line", deny_unknown_fields)]
pub struct KeyLine {
    /// The key's label (checked not to look like a key before it is ever shown).
    pub id: Zeroizing<String>,
    /// A key-format name.
    pub format: Zeroizing<String>,
    /// A curve name, if the format does not fix it.
    #[serde(default)]
    pub curve: Option<Zeroizing<String>>,
    /// The private key.
    pub key: Zeroizing<String>,
    /// A protocol name (default per curve).
    #[serde(default)]
    pub protocol: Option<Zeroizing<String>>,
}

/// A JSON key line, through keyport's JSON reader (secret: see [`KeyLine`]).
fn read_json_line(text: &[u8]) -> Result<KeyLine, String> {
    let text =
        std::str::from_utf8(text).map_err(|_| "not a key JSON line: not UTF-8".to_string())?;
    keyport::json::from_str(text).map_err(|e| format!("not a key JSON line: {}", e.describe(text)))
}

/// A record as read: its first line number, how many input bytes it (and any comment or blank
/// lines before it) took, and its fields, or why it cannot be read (never quoting a field).
pub struct Record {
    /// 1-based line number where the record starts.
    pub line: usize,
    /// Input bytes consumed since the previous record.
    pub bytes: u64,
    /// The fields, or the reason the record is unusable.
    pub fields: Result<KeyLine, String>,
}

/// Reads records from a keys file or stdin.
pub struct KeyReader<R> {
    input: R,
    name: String,
    line_no: usize,
    records: usize,
    csv: Reader,
    buf: Zeroizing<Vec<u8>>,
    out: Zeroizing<Vec<u8>>,
}

impl<R: BufRead> KeyReader<R> {
    /// A reader over `input`; `name` is how messages call it.
    pub fn new(input: R, name: String) -> Self {
        KeyReader {
            input,
            name,
            line_no: 0,
            records: 0,
            csv: Reader::new(),
            buf: Zeroizing::new(Vec::with_capacity(1024)),
            out: Zeroizing::new(vec![0u8; LINE_CAP]),
        }
    }

    /// Reads one line into `self.buf` (cleared first); false at the end of the input.
    fn read_line(&mut self) -> CliResult<bool> {
        self.buf.clear();
        let n = std::io::Read::take(&mut self.input, LINE_CAP as u64 + 1)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| {
                CliError::io(format!(
                    "cannot read {}: {}",
                    self.name,
                    crate::fsio::io_cause(&e)
                ))
            })?;
        if n == 0 {
            return Ok(false);
        }
        self.line_no += 1;
        if self.buf.len() > LINE_CAP {
            return Err(CliError::input(format!(
                "{}: line {} is longer than {} KiB; is this a keys file?",
                self.name,
                self.line_no,
                LINE_CAP / 1024
            )));
        }
        Ok(true)
    }

    /// The next record, skipping blank lines, `#` comments and a leading CSV header.
    pub fn next_record(&mut self) -> CliResult<Option<Record>> {
        let mut bytes = 0u64;
        loop {
            if !self.read_line()? {
                return Ok(None);
            }
            bytes += self.buf.len() as u64;
            let text = trim_ascii(&self.buf);
            if text.is_empty() || text.starts_with(b"#") {
                continue;
            }
            let line = self.line_no;
            let fields = if text.starts_with(b"{") {
                read_json_line(text)
            } else {
                let (fields, more) = self.csv_record()?;
                bytes += more;
                fields
            };
            self.records += 1;
            if self.records == 1 && fields.as_ref().is_ok_and(is_header) {
                continue;
            }
            let fields = fields.and_then(check_id);
            return Ok(Some(Record {
                line,
                bytes,
                fields,
            }));
        }
    }

    /// Parses the CSV record that starts with the line in `self.buf`, reading more lines while
    /// a quoted field spans them. Returns the fields and the bytes of the extra lines.
    fn csv_record(&mut self) -> CliResult<(Result<KeyLine, String>, u64)> {
        let mut ends = [0usize; MAX_COLUMNS + 1];
        let (mut nout, mut nends, mut extra) = (0usize, 0usize, 0u64);
        let mut input_done = false;
        loop {
            // A line holds at most one record terminator, at its end: one call per line.
            let input = if input_done { &[][..] } else { &self.buf[..] };
            let out = self.out.get_mut(nout..).unwrap_or_default();
            let ends_left = ends.get_mut(nends..).unwrap_or_default();
            let (result, _, o, e) = self.csv.read_record(input, out, ends_left);
            nout += o;
            nends += e;
            let failure = match result {
                ReadRecordResult::Record => {
                    self.csv.reset();
                    let ends = ends.get(..nends).unwrap_or_default();
                    return Ok((self.fields_of(ends, nout), extra));
                }
                ReadRecordResult::InputEmpty if !input_done => None,
                ReadRecordResult::OutputFull => Some("a record is longer than 16 KiB".to_string()),
                ReadRecordResult::OutputEndsFull => Some(format!(
                    "a CSV record has more than {MAX_COLUMNS} columns; the columns are \
                     id,format,curve,key[,protocol]"
                )),
                ReadRecordResult::InputEmpty | ReadRecordResult::End => {
                    Some("the keys file ends inside a quoted field".to_string())
                }
            };
            if let Some(reason) = failure {
                self.csv.reset();
                return Ok((Err(reason), extra));
            }
            // The record goes on (a quoted field holds a line break): feed the next line, or
            // tell the parser the input has ended.
            if self.read_line()? {
                extra += self.buf.len() as u64;
            } else {
                input_done = true;
            }
        }
    }

    /// The record's fields as a [`KeyLine`], from csv-core's field ends.
    fn fields_of(&self, ends: &[usize], len: usize) -> Result<KeyLine, String> {
        let data = self.out.get(..len).unwrap_or_default();
        let mut start = 0;
        let mut fields: Vec<Zeroizing<String>> = Vec::with_capacity(MAX_COLUMNS);
        for &end in ends {
            let bytes = data.get(start..end).unwrap_or_default();
            let text = std::str::from_utf8(trim_ascii(bytes))
                .map_err(|_| "a field is not UTF-8 text".to_string())?;
            fields.push(Zeroizing::new(text.to_string()));
            start = end;
        }
        if !(4..=MAX_COLUMNS).contains(&fields.len()) {
            return Err(format!(
                "a CSV record has {} columns; the columns are id,format,curve,key[,protocol]",
                fields.len()
            ));
        }
        let mut it = fields.into_iter();
        let mut next = || it.next().unwrap_or_default();
        let (id, format, curve, key, protocol) = (next(), next(), next(), next(), next());
        let optional = |s: Zeroizing<String>| (!s.is_empty()).then_some(s);
        if key.is_empty() {
            return Err("the key column is empty".into());
        }
        Ok(KeyLine {
            id,
            format,
            curve: optional(curve),
            key,
            protocol: optional(protocol),
        })
    }
}

/// Whether a record is the CSV header `id,format,curve,key[,protocol]`.
fn is_header(k: &KeyLine) -> bool {
    k.id.as_str() == "id"
        && k.format.as_str() == "format"
        && k.curve.as_deref().map(String::as_str) == Some("curve")
        && k.key.as_str() == "key"
}

/// An id must be present and must not look like a key (it is shown in messages and written to
/// the output, so a key put in the id column must stop here, unshown).
fn check_id(k: KeyLine) -> Result<KeyLine, String> {
    if k.id.is_empty() {
        return Err("the id column is empty".into());
    }
    if looks_like_secret(&k.id) || k.id.len() > 200 {
        return Err(
            "the id column holds what looks like a key (not shown); the columns are \
             id,format,curve,key[,protocol]"
                .into(),
        );
    }
    Ok(k)
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (id, curve, key) of a record that reads, or why it does not.
    type Read = Result<(String, String, String), String>;

    fn records(text: &str) -> Vec<(usize, Read)> {
        let mut r = KeyReader::new(text.as_bytes(), "keys".into());
        let mut out = Vec::new();
        while let Some(rec) = r.next_record().unwrap() {
            out.push((
                rec.line,
                rec.fields.map(|k| {
                    (
                        k.id.to_string(),
                        k.curve.as_deref().cloned().unwrap_or_default(),
                        k.key.to_string(),
                    )
                }),
            ));
        }
        out
    }

    #[test]
    fn csv_quoted_fields_comments_header_and_jsonl() {
        let got = records(
            "id,format,curve,key\n\
             # comment\n\
             \"a,1\",hex,secp256k1,\"00ff\"\n\
             \n\
             b , hex , stark , 01 \n\
             {\"id\":\"c\",\"format\":\"hex\",\"curve\":\"stark\",\"key\":\"02\"}\n\
             \"multi\nline\",hex,stark,03\n\
             last,hex,stark,04",
        );
        let ok = |id: &str, curve: &str, key: &str| Ok((id.into(), curve.into(), key.into()));
        assert_eq!(
            got,
            vec![
                (3, ok("a,1", "secp256k1", "00ff")),
                (5, ok("b", "stark", "01")),
                (6, ok("c", "stark", "02")),
                (7, ok("multi\nline", "stark", "03")),
                (9, ok("last", "stark", "04")),
            ]
        );
    }

    #[test]
    fn a_key_in_the_id_column_is_refused_unshown() {
        let key = "ab".repeat(32);
        let got = records(&format!("{key},hex,secp256k1,{key}\n"));
        let (line, r) = &got[0];
        assert_eq!(*line, 1);
        let e = r.clone().unwrap_err();
        assert!(e.contains("looks like a key"), "{e}");
        assert!(!e.contains(&key));
    }
}
