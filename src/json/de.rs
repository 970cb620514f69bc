//! serde's [`Deserializer`] over the [`Node`] tree, so that a type's `#[derive(Deserialize)]`
//! is its only reading code.
//!
//! What the tree gives stays: strings are lent from the input (`visit_borrowed_str`) or from
//! the wiping buffer the reader unescaped them into (`visit_str`, so the visitor copies them
//! into its own, typed storage and the buffer is wiped); every error is placed at the value it
//! is about. What the derive gives on top: member names, duplicates (always refused), unknown
//! members (refused with `#[serde(deny_unknown_fields)]`) and defaults, from the one
//! declaration.
//!
//! Messages never quote the input: a member name appears only when it is one the type
//! declares, and the error constructors below ignore the values serde hands them.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde::de::{
    self, DeserializeSeed, Expected, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor,
};

use super::{JsonError, JsonErrorKind, Member, Node, Pending, Text, Value};

/// What a value is called in a message: the declared member it belongs to, the array member
/// its array belongs to, or nothing (the root of the document).
#[derive(Clone, Copy)]
enum Name {
    Root,
    Member(&'static str),
    Element(&'static str),
}

impl Name {
    /// The name for a value of this kind; `fallback` is used at the root.
    fn or(self, fallback: &'static str) -> &'static str {
        match self {
            Name::Root => fallback,
            Name::Member(n) | Name::Element(n) => n,
        }
    }
}

/// One value of the tree, ready to hand to a `Deserialize` impl.
pub(super) struct NodeDeserializer<'n, 'a> {
    node: &'n Node<'a>,
    name: Name,
}

impl<'n, 'a> NodeDeserializer<'n, 'a> {
    /// The root of a parsed document.
    pub(super) fn root(node: &'n Node<'a>) -> Self {
        Self {
            node,
            name: Name::Root,
        }
    }

    #[inline(never)]
    fn wrong_type(&self, expected: &str) -> JsonError {
        JsonError::structure(
            self.node,
            format!("{} must be {expected}", self.name.or("the value")),
        )
    }

    /// A visitor's result, with an error that has no place yet placed at this value.
    fn at<T>(&self, r: Result<T, JsonError>) -> Result<T, JsonError> {
        r.map_err(|e| self.place(e))
    }

    /// `e` placed at this value (non-generic, for [`Self::at`]).
    #[inline(never)]
    fn place(&self, e: JsonError) -> JsonError {
        e.placed_at(self.node.offset, self.name.or("the value"))
    }

    /// An unsigned integer of at most `max`: digits only, no sign, fraction or exponent.
    fn unsigned(&self, max: u64) -> Result<u64, JsonError> {
        let range = || self.wrong_type(&format!("an integer from 0 to {max}"));
        match self.node.value {
            Value::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => n
                .parse::<u64>()
                .ok()
                .filter(|v| *v <= max)
                .ok_or_else(range),
            _ => Err(range()),
        }
    }

    fn text(&self) -> Result<&'n Text<'a>, JsonError> {
        match &self.node.value {
            Value::String(t) => Ok(t),
            _ => Err(self.wrong_type("a string")),
        }
    }
}

/// Hands a string to a visitor: lent from the input, or copied out of the wiping buffer.
fn visit_text<'de, V: Visitor<'de>>(text: &Text<'de>, visitor: V) -> Result<V::Value, JsonError> {
    match text {
        Text::Borrowed(s) => visitor.visit_borrowed_str(s),
        Text::Unescaped(s) => visitor.visit_str(s),
    }
}

macro_rules! unsigned {
    ($($method:ident => $visit:ident($t:ty)),* $(,)?) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, JsonError> {
            let n = self.unsigned(u64::from(<$t>::MAX))?;
            // In range by the check above.
            let n = <$t>::try_from(n).map_err(|_| self.wrong_type("an integer"))?;
            self.at(visitor.$visit(n))
        }
    )*};
}

impl<'a> de::Deserializer<'a> for NodeDeserializer<'_, 'a> {
    type Error = JsonError;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let r = match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(_) => {
                let n = self.unsigned(u64::MAX)?;
                visitor.visit_u64(n)
            }
            Value::String(t) => visit_text(t, visitor),
            Value::Array(_) => return self.deserialize_seq(visitor),
            Value::Object(_) => return self.deserialize_map(visitor),
        };
        self.at(r)
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.node.value {
            Value::Bool(b) => self.at(visitor.visit_bool(b)),
            _ => Err(self.wrong_type("true or false")),
        }
    }

    unsigned! {
        deserialize_u8 => visit_u8(u8),
        deserialize_u16 => visit_u16(u16),
        deserialize_u32 => visit_u32(u32),
        deserialize_u64 => visit_u64(u64),
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let text = self.text()?;
        self.at(visit_text(text, visitor))
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.node.value {
            Value::Null => self.at(visitor.visit_none()),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let Value::Array(items) = &self.node.value else {
            return Err(self.wrong_type("an array"));
        };
        let name = Name::Element(self.name.or("an element"));
        let mut access = Elements {
            items: items.iter(),
            name,
        };
        let value = self.at(visitor.visit_seq(&mut access))?;
        match access.items.next() {
            None => Ok(value),
            Some(extra) => Err(too_many(extra, self.name)),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.object("an object", &[], visitor)
    }

    /// SPEC.md §7.4: a struct is an object, never the array of its field values serde's
    /// derive would also take.
    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        self.object(name, fields, visitor)
    }

    /// Unit variants only, written as their name (as serde_json writes them).
    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        let text = self.text()?;
        self.at(visitor.visit_enum(text.as_str().into_deserializer()))
    }

    /// Skipped members were already checked by the reader; nothing to look at.
    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, JsonError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        i8 i16 i32 i64 i128 u128 f32 f64 char bytes byte_buf unit unit_struct tuple_struct
    }
}

impl<'n, 'a> NodeDeserializer<'n, 'a> {
    /// An object read as a struct (`fields` its declared members; `description` the container
    /// name, which keyport's wire types set to what the object is, "an import request").
    fn object<V: Visitor<'a>>(
        self,
        description: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        let Value::Object(members) = &self.node.value else {
            return Err(self.not_object(description));
        };
        let mut access = Members {
            members: members.iter(),
            fields,
            description,
            current: None,
        };
        visitor
            .visit_map(&mut access)
            .map_err(|e| object_error(e, access.current, self.node.offset, description))
    }

    /// "<what> must be an object", at this value. Outside the generic [`Self::object`], so it
    /// is compiled once (WASM size), as are the other error paths below.
    #[inline(never)]
    fn not_object(&self, description: &'static str) -> JsonError {
        let what = match self.name {
            Name::Member(n) => n,
            Name::Root | Name::Element(_) => description,
        };
        JsonError::structure(self.node, format!("{what} must be an object"))
    }
}

/// An error out of a struct's `visit_map`, placed: a duplicate at the member read last
/// (`current`; it is found after that member was read), anything else at the object.
#[inline(never)]
fn object_error(
    e: JsonError,
    current: Option<&Member<'_>>,
    object: usize,
    description: &'static str,
) -> JsonError {
    match e {
        JsonError {
            kind: JsonErrorKind::Structure(detail),
            placed: false,
            pending: Pending::Duplicate,
            ..
        } => JsonError::at(
            JsonErrorKind::Structure(format!("{detail} in {description}")),
            current.map_or(object, |m| m.value.offset),
        ),
        e => e.placed_at(object, description),
    }
}

/// An error out of a member name's matcher: an unknown member (`deny_unknown_fields`) becomes
/// "<the object> has a field other than …", at the member's value.
#[inline(never)]
fn key_error(e: JsonError, member: &Member<'_>, description: &'static str) -> JsonError {
    match e {
        JsonError {
            kind: JsonErrorKind::Structure(detail),
            placed: false,
            ..
        } => JsonError::structure(&member.value, format!("{description} {detail}")),
        e => e,
    }
}

/// "<the array> has too many elements", at the first element too many.
#[inline(never)]
fn too_many(extra: &Node<'_>, name: Name) -> JsonError {
    JsonError::structure(
        extra,
        format!("{} has too many elements", name.or("the array")),
    )
}

struct Elements<'n, 'a> {
    items: core::slice::Iter<'n, Node<'a>>,
    name: Name,
}

impl<'a> SeqAccess<'a> for &mut Elements<'_, 'a> {
    type Error = JsonError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, JsonError> {
        self.items
            .next()
            .map(|node| {
                seed.deserialize(NodeDeserializer {
                    node,
                    name: self.name,
                })
            })
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Members<'n, 'a> {
    members: core::slice::Iter<'n, Member<'a>>,
    fields: &'static [&'static str],
    description: &'static str,
    /// The member whose name was read last.
    current: Option<&'n Member<'a>>,
}

impl Members<'_, '_> {
    /// The declared name the current member carries, if it is one (so a message may say it).
    fn declared(&self) -> Option<&'static str> {
        let name = self.current?.name.as_str();
        self.fields.iter().copied().find(|f| *f == name)
    }
}

impl<'a> MapAccess<'a> for &mut Members<'_, 'a> {
    type Error = JsonError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, JsonError> {
        let Some(member) = self.members.next() else {
            return Ok(None);
        };
        self.current = Some(member);
        let description = self.description;
        seed.deserialize(Key(&member.name))
            .map(Some)
            .map_err(|e| key_error(e, member, description))
    }

    /// Not inlined into each struct's `visit_map`: one copy per member type (`String`,
    /// `Option<u32>`, …) serves every struct that has one (WASM size; one call per member).
    #[inline(never)]
    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, JsonError> {
        let name = self
            .declared()
            .map_or(Name::Member("a member"), Name::Member);
        let Some(member) = self.current else {
            return Err(JsonError::unplaced(
                "internal: a value asked for before its name",
            ));
        };
        seed.deserialize(NodeDeserializer {
            node: &member.value,
            name,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

/// A member name, handed to the derive's field matcher.
struct Key<'n, 'a>(&'n Text<'a>);

impl<'a> de::Deserializer<'a> for Key<'_, 'a> {
    type Error = JsonError;

    /// One `visit_str` (not [`visit_text`]'s two calls): the derive's member-name matcher is
    /// then inlined once per type, not twice (WASM size). No wire type borrows a member name.
    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, JsonError> {
        visitor.visit_str(self.0.as_str())
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// The text of an `Expected`, for messages ("a string", "64 hex digits").
struct Show<'e>(&'e dyn Expected);

impl fmt::Display for Show<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// serde's error constructors, each ignoring the input value it is given (it may be secret).
impl de::Error for JsonError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        JsonError::unplaced(msg.to_string())
    }

    fn invalid_type(_: Unexpected<'_>, exp: &dyn Expected) -> Self {
        JsonError::pending(format!("must be {}", Show(exp)), Pending::Subject)
    }

    fn invalid_value(_: Unexpected<'_>, exp: &dyn Expected) -> Self {
        JsonError::pending(format!("must be {}", Show(exp)), Pending::Subject)
    }

    fn invalid_length(len: usize, exp: &dyn Expected) -> Self {
        JsonError::unplaced(format!("{len} elements where {} were expected", Show(exp)))
    }

    fn unknown_variant(_: &str, expected: &'static [&'static str]) -> Self {
        JsonError::pending(
            format!("must be one of {}", quoted(expected)),
            Pending::Subject,
        )
    }

    fn unknown_field(_: &str, expected: &'static [&'static str]) -> Self {
        JsonError::unplaced(format!("has a field other than {}", quoted(expected)))
    }

    fn missing_field(field: &'static str) -> Self {
        JsonError::unplaced(format!("missing field \"{field}\""))
    }

    fn duplicate_field(field: &'static str) -> Self {
        JsonError::pending(format!("duplicate field \"{field}\""), Pending::Duplicate)
    }
}

/// `"a", "b", "c"`.
fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
