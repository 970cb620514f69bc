//! The writer: compact JSON, escaped exactly as `serde_json` escapes, so both produce the
//! same bytes for the same wire value.

use alloc::string::String;
use core::fmt::Write as _;

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Writes compact JSON (no whitespace) into a string, placing the commas itself.
///
/// Growing the string copies it, and the old copies are not wiped: when writing a secret,
/// size the writer with [`Writer::with_capacity`] so it never grows.
#[derive(Debug)]
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

    fn separator(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    /// Open an object.
    pub fn begin_object(&mut self) {
        self.separator();
        self.out.push('{');
        self.first = true;
    }

    /// Close the innermost object.
    pub fn end_object(&mut self) {
        self.out.push('}');
        self.first = false;
    }

    /// Open an array.
    pub fn begin_array(&mut self) {
        self.separator();
        self.out.push('[');
        self.first = true;
    }

    /// Close the innermost array.
    pub fn end_array(&mut self) {
        self.out.push(']');
        self.first = false;
    }

    /// A member name; the next call writes its value.
    pub fn key(&mut self, name: &str) {
        self.string(name);
        self.out.push(':');
        self.first = true;
    }

    /// A string value.
    pub fn string(&mut self, s: &str) {
        self.separator();
        self.out.push('"');
        // Most strings (Base64, hex, names) need no escape: one scan, one copy.
        if !s.bytes().any(needs_escape) {
            self.out.push_str(s);
            self.out.push('"');
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
            self.out.push_str(s.get(plain_from..i).unwrap_or_default());
            if escape.is_empty() {
                // serde_json writes the other control characters as \u00XX, lower-case hex.
                let _ = write!(self.out, "\\u{b:04x}");
            } else {
                self.out.push_str(escape);
            }
            plain_from = i + 1;
        }
        self.out.push_str(s.get(plain_from..).unwrap_or_default());
        self.out.push('"');
    }

    /// An unsigned integer value.
    pub fn u32(&mut self, n: u32) {
        self.separator();
        // Writing to a String cannot fail.
        let _ = write!(self.out, "{n}");
    }

    /// An unsigned 64-bit integer value (times in seconds; exact in JSON up to 2^53).
    pub fn u64(&mut self, n: u64) {
        self.separator();
        let _ = write!(self.out, "{n}");
    }

    /// `true` or `false`.
    pub fn bool(&mut self, b: bool) {
        self.separator();
        self.out.push_str(if b { "true" } else { "false" });
    }

    /// `null`.
    pub fn null(&mut self) {
        self.separator();
        self.out.push_str("null");
    }

    /// The JSON text.
    pub fn finish(self) -> String {
        self.out
    }
}
