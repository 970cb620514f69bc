//! The writer: compact JSON, escaped exactly as `serde_json` escapes, so both produce the
//! same bytes for the same wire value.

use alloc::string::String;
use core::fmt::{self, Write as _};

use zeroize::Zeroize;

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Writes compact JSON (no whitespace) into a string, placing the commas itself.
///
/// The output may hold secrets (dfns-v1 plaintexts, key files), so it is never left behind:
/// when the string must grow, the writer moves it into a larger one itself and wipes the old
/// one, and a writer dropped before [`Writer::finish`] wipes what it wrote. Sizing it with
/// [`Writer::with_capacity`] still saves the copies.
pub struct Writer {
    out: String,
    /// Whether the next value opens its container (or follows a member name): no comma.
    first: bool,
}

// Not derived: an empty writer starts with `first` set, or its first value would get a comma.
impl Default for Writer {
    fn default() -> Self {
        Self::new()
    }
}

// The output may be secret.
impl fmt::Debug for Writer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Writer({} bytes)", self.out.len())
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.out.zeroize();
    }
}

/// `fmt::Write` for numbers, through [`Writer::put`].
struct Put<'w>(&'w mut Writer);

impl fmt::Write for Put<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.put(s);
        Ok(())
    }
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// An empty writer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            out: String::with_capacity(capacity),
            first: true,
        }
    }

    /// Append `s`. Every byte of output goes through here: when the string is full it is
    /// moved into one twice the size and the old one wiped (`String`'s own growth would leave
    /// the old bytes in freed memory).
    fn put(&mut self, s: &str) {
        if self.out.capacity() - self.out.len() < s.len() {
            let needed = self.out.len().saturating_add(s.len());
            let mut grown =
                String::with_capacity(needed.max(self.out.capacity().saturating_mul(2)).max(64));
            grown.push_str(&self.out);
            self.out.zeroize();
            self.out = grown;
        }
        self.out.push_str(s);
    }

    fn separator(&mut self) {
        if !self.first {
            self.put(",");
        }
        self.first = false;
    }

    /// Open an object.
    pub fn begin_object(&mut self) {
        self.separator();
        self.put("{");
        self.first = true;
    }

    /// Close the innermost object.
    pub fn end_object(&mut self) {
        self.put("}");
        self.first = false;
    }

    /// Open an array.
    pub fn begin_array(&mut self) {
        self.separator();
        self.put("[");
        self.first = true;
    }

    /// Close the innermost array.
    pub fn end_array(&mut self) {
        self.put("]");
        self.first = false;
    }

    /// A member name; the next call writes its value.
    pub fn key(&mut self, name: &str) {
        self.string(name);
        self.put(":");
        self.first = true;
    }

    /// A string value.
    pub fn string(&mut self, s: &str) {
        self.begin_string();
        self.string_part(s);
        self.end_string();
    }

    /// Open a string value whose contents follow in [`Writer::string_part`]s.
    pub(super) fn begin_string(&mut self) {
        self.separator();
        self.put("\"");
    }

    /// Close the string opened by [`Writer::begin_string`].
    pub(super) fn end_string(&mut self) {
        self.put("\"");
    }

    /// Part of a string's contents, escaped.
    pub(super) fn string_part(&mut self, s: &str) {
        // Most strings (Base64, hex, names) need no escape: one scan, one copy.
        if !s.bytes().any(needs_escape) {
            self.put(s);
            return;
        }
        let mut plain_from = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0x00..=0x1f => "",
                _ => continue,
            };
            // `i` is at an ASCII byte, so both slices end on character boundaries.
            self.put(s.get(plain_from..i).unwrap_or_default());
            if escape.is_empty() {
                // serde_json writes the other control characters as \u00XX, lower-case hex.
                let _ = write!(Put(self), "\\u{b:04x}");
            } else {
                self.put(escape);
            }
            plain_from = i + 1;
        }
        self.put(s.get(plain_from..).unwrap_or_default());
    }

    /// JSON text, as it is (the caller vouches that it is one valid value).
    pub(super) fn raw(&mut self, json: &str) {
        self.separator();
        self.put(json);
    }

    /// An unsigned integer value.
    pub fn u32(&mut self, n: u32) {
        self.number(n.into());
    }

    /// An unsigned integer value.
    pub fn number(&mut self, n: u64) {
        self.separator();
        // Writing to the output cannot fail.
        let _ = write!(Put(self), "{n}");
    }

    /// A signed integer value.
    pub fn signed(&mut self, n: i64) {
        self.separator();
        let _ = write!(Put(self), "{n}");
    }

    /// An unsigned 64-bit integer value (times in seconds; exact in JSON up to 2^53).
    pub fn u64(&mut self, n: u64) {
        self.separator();
        let _ = write!(self.out, "{n}");
    }

    /// `true` or `false`.
    pub fn bool(&mut self, b: bool) {
        self.separator();
        self.put(if b { "true" } else { "false" });
    }

    /// `null`.
    pub fn null(&mut self) {
        self.separator();
        self.put("null");
    }

    /// The JSON text.
    pub fn finish(mut self) -> String {
        core::mem::take(&mut self.out)
    }
}
