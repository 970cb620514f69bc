//! The reader: RFC 8259 text into a [`Node`] tree, strictly (no comments, no trailing commas,
//! no bare control characters or lone surrogates, nothing after the value).

use alloc::string::String;
use alloc::vec::Vec;

use zeroize::Zeroizing;

use super::{JsonError, MAX_DEPTH, Member, Node, Text, Value};

/// Parse one JSON document.
///
/// # Errors
/// The first syntax error, or [`super::JsonErrorKind::Eof`] when the text ends inside a value.
pub(crate) fn parse(text: &str) -> Result<Node<'_>, JsonError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let root = p.value()?;
    p.skip_whitespace();
    if p.pos < p.bytes.len() {
        return Err(JsonError::syntax(
            "trailing characters after the value",
            p.pos,
        ));
    }
    Ok(root)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// The error for byte `self.pos`: end of input, or a syntax error saying what was expected.
    fn unexpected(&self, expected: &'static str) -> JsonError {
        if self.pos >= self.bytes.len() {
            JsonError::eof(self.pos)
        } else {
            JsonError::syntax(expected, self.pos)
        }
    }

    fn value(&mut self) -> Result<Node<'a>, JsonError> {
        self.skip_whitespace();
        let offset = self.pos;
        let value = match self.peek() {
            Some(b'{') => self.nested(Self::object)?,
            Some(b'[') => self.nested(Self::array)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            _ => return Err(self.unexpected("expected a value")),
        };
        Ok(Node { offset, value })
    }

    fn nested(
        &mut self,
        parse: fn(&mut Self) -> Result<Value<'a>, JsonError>,
    ) -> Result<Value<'a>, JsonError> {
        if self.depth >= MAX_DEPTH {
            return Err(JsonError::syntax(
                "objects and arrays nested more than 128 deep",
                self.pos,
            ));
        }
        self.depth += 1;
        let value = parse(self);
        self.depth -= 1;
        value
    }

    fn literal(&mut self, word: &'static str, value: Value<'a>) -> Result<Value<'a>, JsonError> {
        for expected in word.bytes() {
            if self.peek() != Some(expected) {
                return Err(self.unexpected("expected true, false or null"));
            }
            self.pos += 1;
        }
        Ok(value)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<&'a str, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.unexpected("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.unexpected("expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.unexpected("expected a digit in the exponent"));
            }
        }
        // The literal is ASCII, so both ends are character boundaries.
        self.text
            .get(start..self.pos)
            .ok_or_else(|| JsonError::syntax("expected a number", start))
    }

    /// A string; `self.pos` is at its opening quote.
    fn string(&mut self) -> Result<Text<'a>, JsonError> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        // First find the closing quote, so an unescaped copy can be sized once (a growing
        // buffer would leave unwiped copies of a secret behind).
        let mut escaped = false;
        loop {
            match self.peek() {
                None => return Err(JsonError::eof(self.pos)),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 2;
                }
                Some(0x00..=0x1f) => {
                    return Err(JsonError::syntax(
                        "control character in a string (escape it)",
                        self.pos,
                    ));
                }
                Some(_) => self.pos += 1,
            }
        }
        let end = self.pos;
        self.pos += 1;
        // `start` follows an ASCII quote and `end` is at one, so both are boundaries.
        let raw = self
            .text
            .get(start..end)
            .ok_or_else(|| JsonError::syntax("string is not UTF-8", open))?;
        if !escaped {
            return Ok(Text::Borrowed(raw));
        }
        unescape(raw, start).map(Text::Unescaped)
    }

    fn object(&mut self) -> Result<Value<'a>, JsonError> {
        self.pos += 1; // '{'
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("expected a member name in double quotes"));
            }
            let name = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("expected ':' after a member name"));
            }
            self.pos += 1;
            let value = self.value()?;
            members.push(Member { name, value });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.unexpected("expected ',' or '}' after an object member")),
            }
        }
    }

    fn array(&mut self) -> Result<Value<'a>, JsonError> {
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.unexpected("expected ',' or ']' after an array element")),
            }
        }
    }
}

/// Resolve the escapes of a string's raw contents (`raw` starts at byte `base` of the input).
/// The output is never longer than `raw`, so its buffer is allocated once.
fn unescape(raw: &str, base: usize) -> Result<Zeroizing<String>, JsonError> {
    let mut out = Zeroizing::new(String::with_capacity(raw.len()));
    let mut rest = raw;
    while let Some(i) = rest.find('\\') {
        let (plain, tail) = rest.split_at(i);
        out.push_str(plain);
        let at = base + (raw.len() - tail.len());
        let bad = |detail| JsonError::syntax(detail, at);
        let mut chars = tail.chars();
        chars.next(); // the backslash
        let c = match chars.next() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let (c, used) = unicode_escape(chars.as_str())
                    .ok_or_else(|| bad("\\u needs 4 hex digits, and a surrogate needs its pair"))?;
                chars = chars.as_str().get(used..).unwrap_or_default().chars();
                c
            }
            _ => {
                return Err(bad(
                    "unknown escape (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)",
                ));
            }
        };
        out.push(c);
        rest = chars.as_str();
    }
    out.push_str(rest);
    Ok(out)
}

/// The character of a `\u` escape whose 4 hex digits start `s` (a high surrogate must be
/// followed by `\u` and a low one), and how many bytes of `s` it used.
fn unicode_escape(s: &str) -> Option<(char, usize)> {
    let hex4 = |s: &str| {
        let digits = s.get(..4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    };
    let first = hex4(s)?;
    match first {
        0xd800..=0xdbff => {
            let low = hex4(s.get(4..)?.strip_prefix("\\u")?)?;
            if !(0xdc00..=0xdfff).contains(&low) {
                return None;
            }
            let c = char::from_u32(0x10000 + ((first - 0xd800) << 10) + (low - 0xdc00))?;
            Some((c, 10))
        }
        _ => Some((char::from_u32(first)?, 4)),
    }
}
