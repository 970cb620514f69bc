//! Strict JSON (RFC 8259) for keyport's wire types: a reader into a borrowed tree and a compact
//! writer.
//!
//! Written here rather than taken from `serde_json` for three reasons:
//! - **Secrets.** dfns-v1 share plaintexts and export context files are JSON holding secret
//!   scalars. This reader borrows strings from the (already zeroizing) input, and a string
//!   that needs unescaping goes into a [`Zeroizing`] buffer sized once, so no copy of a secret
//!   is left behind. `serde_json` unescapes into a scratch buffer it never wipes.
//! - **Messages.** An error says what is wrong and where (line and column), naming only
//!   fields of the schema, never a value from the input, which may be secret.
//! - **Size.** keyport's JSON holds strings, booleans and small unsigned integers.
//!   `serde_json` always carries float parsing and formatting; in the WASM module its parser
//!   alone was about a sixth of the code (BENCHMARKS.md, WASM).
//!
//! keyport's own wire types ([`crate::api`], the dfns-v1 plaintexts, the export context file)
//! are each declared once with `wire_struct!` (module `table`): serde's `Serialize` derive
//! writes them through [`Writer`], and a field table reads them from the tree. Other types
//! (the CLI's secret files) read through serde's `Deserialize` with [`from_str`]. Tests check
//! that both directions agree with serde_json byte for byte.
//!
//! ```
//! use keyport::json;
//!
//! #[derive(serde::Deserialize)]
//! struct Example {
//!     name: String,
//!     count: u32,
//! }
//!
//! let text = r#"{"name": "a\u00e9", "count": 3, "extra": [null]}"#;
//! let e: Example = json::from_str(text).map_err(|e| e.describe(text))?;
//! assert_eq!((e.name.as_str(), e.count), ("aé", 3));
//!
//! let mut w = json::Writer::new();
//! w.begin_object();
//! w.key("name");
//! w.string(&e.name);
//! w.key("count");
//! w.u32(e.count);
//! w.end_object();
//! assert_eq!(w.finish(), r#"{"name":"aé","count":3}"#);
//! # Ok::<(), String>(())
//! ```

mod de;
mod read;
mod ser;
pub(crate) mod table;
mod write;

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use zeroize::Zeroizing;

pub(crate) use read::parse;
pub(crate) use ser::Raw;
pub use write::Writer;

/// Objects and arrays nested deeper than this are refused (the reader is recursive).
pub(crate) const MAX_DEPTH: usize = 128;

/// One JSON value and the byte offset where it starts in the input.
#[derive(Debug)]
pub(crate) struct Node<'a> {
    offset: usize,
    value: Value<'a>,
}

/// A JSON value. Numbers stay as their literal text; strings borrow the input unless they
/// contain escapes.
#[derive(Debug)]
pub(crate) enum Value<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number literal, exactly as written (already checked against the grammar).
    Number(&'a str),
    /// A string.
    String(Text<'a>),
    /// An array.
    Array(Vec<Node<'a>>),
    /// An object's members in input order (duplicate names are kept; the readers refuse them).
    Object(Vec<Member<'a>>),
}

/// One `"name": value` member of an object.
#[derive(Debug)]
pub(crate) struct Member<'a> {
    /// The member's name.
    pub name: Text<'a>,
    /// Its value.
    pub value: Node<'a>,
}

/// A string's contents: a slice of the input, or the unescaped text in a wiping buffer.
pub(crate) enum Text<'a> {
    /// No escapes: the input's own bytes.
    Borrowed(&'a str),
    /// Unescaped into a buffer that is wiped on drop.
    Unescaped(Zeroizing<String>),
}

impl Text<'_> {
    /// The string.
    pub fn as_str(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Unescaped(s) => s,
        }
    }
}

// Strings may be secret (share plaintexts): `Debug` shows only their length.
impl core::fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Text({} bytes)", self.as_str().len())
    }
}

/// What is wrong with a JSON input, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    kind: JsonErrorKind,
    offset: usize,
    /// Whether `offset` is known yet. serde's error constructors know no place; the
    /// deserializer places their errors at the value they came from.
    placed: bool,
    /// What the deserializer still has to add to an unplaced error.
    pending: Pending,
}

/// The part of an error from serde's constructors that only the deserializer knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    /// Nothing: the message is complete.
    Nothing,
    /// A duplicate member: place it at that member (serde finds it only after reading the
    /// member) and say which object it is in.
    Duplicate,
    /// "must be …": say which value first.
    Subject,
}

/// The class of a [`JsonError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// The text is not JSON; the detail says what was expected.
    Syntax(&'static str),
    /// The text ends inside a value.
    Eof,
    /// Valid JSON of the wrong shape: a field missing, repeated, unknown or of the wrong type.
    Structure(String),
}

impl JsonError {
    fn at(kind: JsonErrorKind, offset: usize) -> Self {
        Self {
            kind,
            offset,
            placed: true,
            pending: Pending::Nothing,
        }
    }

    fn syntax(detail: &'static str, offset: usize) -> Self {
        Self::at(JsonErrorKind::Syntax(detail), offset)
    }

    fn eof(offset: usize) -> Self {
        Self::at(JsonErrorKind::Eof, offset)
    }

    /// A structure error at `node` (for checks made after parsing, such as a value's range).
    pub(crate) fn structure(node: &Node<'_>, detail: String) -> Self {
        Self::at(JsonErrorKind::Structure(detail), node.offset)
    }

    /// A structure error whose place the deserializer fills in.
    fn unplaced(detail: impl Into<String>) -> Self {
        Self {
            placed: false,
            ..Self::at(JsonErrorKind::Structure(detail.into()), 0)
        }
    }

    /// An unplaced error whose deserializer still has to do `pending`.
    fn pending(detail: impl Into<String>, pending: Pending) -> Self {
        Self {
            pending,
            ..Self::unplaced(detail)
        }
    }

    /// This error, placed at `offset` and its message completed with `subject` (what the value
    /// is called), unless it already has a place.
    fn placed_at(self, offset: usize, subject: &str) -> Self {
        if self.placed {
            return self;
        }
        let kind = match (self.kind, self.pending) {
            (JsonErrorKind::Structure(detail), Pending::Subject) => {
                JsonErrorKind::Structure(format!("{subject} {detail}"))
            }
            (kind, _) => kind,
        };
        Self {
            kind,
            offset,
            placed: true,
            pending: Pending::Nothing,
        }
    }

    /// The class of error.
    pub fn kind(&self) -> &JsonErrorKind {
        &self.kind
    }

    /// The byte offset in the input where the error was found.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The error as one line naming the line and column in `text` (the input it came from).
    /// It never quotes the input.
    pub fn describe(&self, text: &str) -> String {
        let (line, column) = line_column(text, self.offset);
        match &self.kind {
            JsonErrorKind::Syntax(detail) => {
                format!("invalid JSON syntax ({detail}) at line {line} column {column}")
            }
            JsonErrorKind::Eof => format!("unexpected end of input at line {line} column {column}"),
            JsonErrorKind::Structure(detail) => {
                format!("unexpected structure: {detail} at line {line} column {column}")
            }
        }
    }
}

/// Without the input at hand: the byte offset instead of line and column
/// ([`JsonError::describe`] gives those). Never quotes the input either.
impl core::fmt::Display for JsonError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match &self.kind {
            JsonErrorKind::Syntax(detail) => write!(f, "invalid JSON syntax ({detail})"),
            JsonErrorKind::Eof => f.write_str("unexpected end of input"),
            JsonErrorKind::Structure(detail) => write!(f, "unexpected structure: {detail}"),
        }?;
        if self.placed {
            write!(f, " at byte {}", self.offset)?;
        }
        Ok(())
    }
}

impl core::error::Error for JsonError {}

/// 1-based line and column (in characters) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let segment = before.get(line_start..).unwrap_or_default();
    // Count characters, not bytes: skip UTF-8 continuation bytes.
    let column = 1 + segment.iter().filter(|&&b| b & 0xc0 != 0x80).count();
    (line, column)
}

/// Read `text` as a `T`, through `T`'s `Deserialize` (SPEC.md §7.4: strict RFC 8259, members
/// named once, a struct only as an object; the derive decides unknown members and defaults).
///
/// Strings are lent to `T` from `text` where they hold no escapes; otherwise they are unescaped
/// into a buffer that is wiped once `T` has taken its copy. A secret field should therefore
/// be a type that decodes straight from the borrowed `&str` into wiping storage.
///
/// # Errors
/// The first syntax or structure error; [`JsonError::describe`] turns it into a message.
pub fn from_str<'a, T: serde::Deserialize<'a>>(text: &'a str) -> Result<T, JsonError> {
    T::deserialize(de::NodeDeserializer::root(&parse(text)?))
}

/// Read one of keyport's own wire types (declared with [`table::wire_struct!`]) from `text`,
/// with a JSON error turned into [`crate::Error::Malformed`] about `what`, its description
/// followed by `hint` (the expected shape, or empty). Strings are lent from `text` where the
/// type borrows them, and unescaped ones come from wiping buffers, as for [`from_str`].
pub(crate) fn from_str_malformed<'a, T: table::FromNode<'a>>(
    text: &'a str,
    what: &'static str,
    hint: &str,
) -> crate::Result<T> {
    parse(text)
        .and_then(|root| T::from_node(&root, table::Name::Root))
        .map_err(|e| malformed(&e, text, what, hint))
}

/// A JSON error about `text` as [`crate::Error::Malformed`] about `what`, its description
/// followed by `hint`. One non-generic copy for every `T` read (WASM size).
#[inline(never)]
fn malformed(e: &JsonError, text: &str, what: &'static str, hint: &str) -> crate::Error {
    crate::Error::Malformed {
        what,
        reason: format!("{}{hint}", e.describe(text)),
    }
}

/// `value` as compact JSON, through its `Serialize`: the bytes `serde_json::to_string` gives.
///
/// # Errors
/// For values keyport's JSON does not write: floating-point numbers, object keys that are not
/// strings, or an error of the value's own `Serialize`.
pub fn to_string<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
    to_string_with_capacity(value, 0)
}

/// [`to_string`] into a buffer of `capacity` bytes to start with (one allocation when it is
/// enough). The output of a failed write is wiped.
///
/// # Errors
/// As [`to_string`].
pub fn to_string_with_capacity<T: serde::Serialize + ?Sized>(
    value: &T,
    capacity: usize,
) -> Result<String, JsonError> {
    let mut w = Writer::with_capacity(capacity);
    value.serialize(ser::Serializer { out: &mut w })?;
    Ok(w.finish())
}

/// One of keyport's wire types as compact JSON (see [`to_string_with_capacity`]). Infallible
/// for them: their fields are strings, integers, booleans, arrays and options, and the writer
/// refuses only floating-point numbers and object keys that are not strings, which they
/// cannot hold. So there is no error to return; `tests/json_wire.rs` checks every type's bytes
/// against serde_json's.
pub(crate) fn to_wire_string<T: serde::Serialize + ?Sized>(value: &T, capacity: usize) -> String {
    to_string_with_capacity(value, capacity).unwrap_or_default()
}

/// [`to_string_with_capacity`] as [`crate::Error::Malformed`] about `what` on failure (which the
/// wire types, made of strings, integers and arrays, never meet).
pub(crate) fn to_string_malformed<T: serde::Serialize + ?Sized>(
    value: &T,
    what: &'static str,
    capacity: usize,
) -> crate::Result<String> {
    to_string_with_capacity(value, capacity).map_err(|e| unwritable(&e, what))
}

/// A write error as [`crate::Error::Malformed`] about `what` (non-generic, as [`malformed`]).
#[inline(never)]
fn unwritable(e: &JsonError, what: &'static str) -> crate::Error {
    crate::Error::Malformed {
        what,
        reason: e.to_string(),
    }
}

impl<'a> Node<'a> {
    /// The byte offset in the input where this value starts.
    #[cfg(test)]
    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    /// The value.
    #[cfg_attr(not(feature = "manifest"), allow(dead_code))]
    pub(crate) fn value(&self) -> &Value<'a> {
        &self.value
    }
}

#[cfg(test)]
mod tests;
