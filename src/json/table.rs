//! The read side of keyport's own wire types: a declarative field table per type.
//!
//! [`wire_struct!`] declares a wire type once: its Rust fields, each with its wire name (and
//! any alias), and whether unknown members are refused. From that one declaration it emits
//! the struct with serde's derives (so serde_json and keyport's writer see the same names) and
//! a [`FromNode`] impl that reads it from the parsed tree through one shared, non-generic
//! member lookup ([`members`]).
//!
//! Why not serde's derived `Deserialize` here: its visitor (a field matcher, a state machine
//! over every member, the missing/duplicate bookkeeping) is generated and compiled per type;
//! for the dozen wire types it was about 4 KB gzipped of the shipped WASM module, over a 3 KB
//! budget (BENCHMARKS.md, WASM). The table reads the same inputs and gives the same messages
//! (SPEC.md §7.4); `tests/json_wire.rs` checks both against serde_json. Types of other crates
//! (the CLI's key files) read through serde's `Deserialize` ([`super::from_str`]), where size
//! does not matter.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use zeroize::Zeroizing;

use super::{JsonError, Node, Text, Value};

/// What a value is called in a message: the declared member it belongs to, the array member
/// its array belongs to, or nothing (the root of the document).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Name {
    /// The document itself.
    Root,
    /// The value of the member declared as this.
    Member(&'static str),
    /// An element of the array that is the value of this member.
    Element(&'static str),
}

impl Name {
    /// The name for a value of this kind; `fallback` is used at the root.
    pub(crate) fn or(self, fallback: &'static str) -> &'static str {
        match self {
            Name::Root => fallback,
            Name::Member(n) | Name::Element(n) => n,
        }
    }
}

/// A value read from the tree with keyport's rules (SPEC.md §7.4).
pub(crate) trait FromNode<'a>: Sized {
    /// Read `node`, called `name` in messages.
    fn from_node(node: &Node<'a>, name: Name) -> Result<Self, JsonError>;

    /// The value of a declared member that is absent from `object`: an error, except for
    /// `Option`, which is `None`.
    fn absent(object: &Node<'a>, name: &'static str) -> Result<Self, JsonError> {
        Err(missing(object, name))
    }
}

/// "missing field …", at the object (non-generic: one copy for every type).
#[inline(never)]
fn missing(object: &Node<'_>, name: &'static str) -> JsonError {
    JsonError::structure(object, format!("missing field \"{name}\""))
}

/// "<name> must be <expected>", at `node`.
#[inline(never)]
pub(crate) fn wrong_type(node: &Node<'_>, name: Name, expected: &str) -> JsonError {
    JsonError::structure(node, format!("{} must be {expected}", name.or("the value")))
}

/// The string at `node`.
pub(crate) fn text<'n, 'a>(node: &'n Node<'a>, name: Name) -> Result<&'n Text<'a>, JsonError> {
    match &node.value {
        Value::String(t) => Ok(t),
        _ => Err(wrong_type(node, name, "a string")),
    }
}

impl<'a> FromNode<'a> for String {
    fn from_node(node: &Node<'a>, name: Name) -> Result<Self, JsonError> {
        text(node, name).map(|t| String::from(t.as_str()))
    }
}

/// A secret string: copied once, into storage that is wiped on drop.
impl<'a> FromNode<'a> for Zeroizing<String> {
    fn from_node(node: &Node<'a>, name: Name) -> Result<Self, JsonError> {
        text(node, name).map(|t| Zeroizing::new(String::from(t.as_str())))
    }
}

/// Lent from the input when it has no escapes.
impl<'a> FromNode<'a> for Cow<'a, str> {
    fn from_node(node: &Node<'a>, name: Name) -> Result<Self, JsonError> {
        text(node, name).map(|t| match t {
            Text::Borrowed(s) => Cow::Borrowed(*s),
            Text::Unescaped(s) => Cow::Owned(String::from(s.as_str())),
        })
    }
}

impl<'a> FromNode<'a> for bool {
    fn from_node(node: &Node<'a>, name: Name) -> Result<Self, JsonError> {
        match node.value {
            Value::Bool(b) => Ok(b),
            _ => Err(wrong_type(node, name, "true or false")),
        }
    }
}

/// Digits only (no sign, fraction or exponent), at most 4294967295.
impl<'a> FromNode<'a> for u32 {
    fn from_node(node: &Node<'a>, name: Name) -> Result<Self, JsonError> {
        match node.value {
            Value::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => n.parse().ok(),
            _ => None,
        }
        .ok_or_else(|| wrong_type(node, name, "an integer from 0 to 4294967295"))
    }
}

/// `null` and an absent member are `None`.
impl<'a, T: FromNode<'a>> FromNode<'a> for Option<T> {
    fn from_node(node: &Node<'a>, name: Name) -> Result<Self, JsonError> {
        match node.value {
            Value::Null => Ok(None),
            _ => T::from_node(node, name).map(Some),
        }
    }

    fn absent(_: &Node<'a>, _: &'static str) -> Result<Self, JsonError> {
        Ok(None)
    }
}

impl<'a, T: FromNode<'a>> FromNode<'a> for Vec<T> {
    fn from_node(node: &Node<'a>, name: Name) -> Result<Self, JsonError> {
        let items = elements(node, name)?;
        let element = Name::Element(name.or("an element"));
        items.iter().map(|n| T::from_node(n, element)).collect()
    }
}

/// The elements of the array at `node` (non-generic, for every `Vec<T>`).
#[inline(never)]
fn elements<'n, 'a>(node: &'n Node<'a>, name: Name) -> Result<&'n [Node<'a>], JsonError> {
    match &node.value {
        Value::Array(items) => Ok(items),
        _ => Err(wrong_type(node, name, "an array")),
    }
}

/// An object whose members are all strings, kept in input order with their names: for maps
/// whose keys are the input's (PCR indices, signer ids), which a field table cannot declare.
/// The caller checks the names and values; a name given twice is kept twice.
#[cfg(feature = "nitro")]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct StringMap(pub(crate) Vec<(String, String)>);

#[cfg(feature = "nitro")]
impl<'a> FromNode<'a> for StringMap {
    fn from_node(node: &Node<'a>, name: Name) -> Result<Self, JsonError> {
        let Value::Object(found) = &node.value else {
            return Err(wrong_type(node, name, "an object"));
        };
        found
            .iter()
            .map(|m| match &m.value.value {
                Value::String(t) => Ok((String::from(m.name.as_str()), String::from(t.as_str()))),
                _ => Err(JsonError::structure(
                    &m.value,
                    format!("each value of {} must be a string", name.or("the object")),
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(StringMap)
    }
}

#[cfg(feature = "nitro")]
impl serde::Serialize for StringMap {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Whether an object accepts members it does not declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unknown {
    /// Ignore them (API bodies: the service may add fields).
    Ignore,
    /// Refuse them (formats keyport owns: share plaintexts, the export context file).
    Deny,
}

/// Finds the declared members of the object at `node` in one pass over it, into `slots`
/// (one per declared field; `names[i]` is field `i`'s wire name followed by its aliases).
/// Shared by every wire type: the per-type code is only the table and one call per field.
///
/// # Errors
/// `<description> must be an object` (or `<member> must be an object` for a member's value);
/// a declared member given twice (under its name or an alias): `duplicate field "<name>" in
/// <description>`, at the second; with [`Unknown::Deny`], another member: `<description> has
/// a field other than "<names>"`, at its value. Member names from the input are never quoted.
#[inline(never)]
pub(crate) fn members<'n, 'a>(
    node: &'n Node<'a>,
    name: Name,
    description: &'static str,
    names: &[&[&'static str]],
    unknown: Unknown,
    slots: &mut [Option<&'n Node<'a>>],
) -> Result<(), JsonError> {
    let Value::Object(found) = &node.value else {
        let what = match name {
            Name::Member(n) => n,
            Name::Root | Name::Element(_) => description,
        };
        return Err(JsonError::structure(
            node,
            format!("{what} must be an object"),
        ));
    };
    for m in found {
        let member = m.name.as_str();
        let field = names.iter().position(|accepted| accepted.contains(&member));
        match field.map(|i| (i, slots.get_mut(i))) {
            Some((_, Some(slot @ None))) => *slot = Some(&m.value),
            Some((i, _)) => {
                let declared = names.get(i).and_then(|n| n.first()).unwrap_or(&"");
                return Err(JsonError::structure(
                    &m.value,
                    format!("duplicate field \"{declared}\" in {description}"),
                ));
            }
            None if unknown == Unknown::Deny => {
                let listed: Vec<String> = names
                    .iter()
                    .filter_map(|n| n.first())
                    .map(|n| format!("\"{n}\""))
                    .collect();
                return Err(JsonError::structure(
                    &m.value,
                    format!("{description} has a field other than {}", listed.join(", ")),
                ));
            }
            None => {}
        }
    }
    Ok(())
}

/// Field `name`'s value from its slot: read, or [`FromNode::absent`] when the object lacks it.
pub(crate) fn member<'a, T: FromNode<'a>>(
    object: &Node<'a>,
    slot: Option<&Option<&Node<'a>>>,
    name: &'static str,
) -> Result<T, JsonError> {
    match slot.copied().flatten() {
        Some(node) => T::from_node(node, Name::Member(name)),
        None => T::absent(object, name),
    }
}

/// Whether field `name`, which has aliases, is present when `T` requires it. Such a field is
/// checked before the others: which of its names the object uses tells which dialect it is
/// (the API's `encryptedKeyShares` or the SDK's `encryptedShares`), so an object with neither
/// is reported as lacking that field first.
pub(crate) fn aliased_present<'a, T: FromNode<'a>>(
    object: &Node<'a>,
    slots: &[Option<&Node<'a>>],
    names: &[&[&'static str]],
    name: &'static str,
) -> Result<(), JsonError> {
    let field = names.iter().position(|n| n.first() == Some(&name));
    match field.and_then(|i| slots.get(i)).copied().flatten() {
        Some(_) => Ok(()),
        None => T::absent(object, name).map(drop),
    }
}

/// Declares a wire type once: the struct, deriving serde's `Serialize` (keyport's writer and
/// serde_json write it) with each field's wire name, and its [`FromNode`] impl reading the
/// same names through [`members`]. A public type that Rust callers may also read with
/// serde_json adds `#[derive(serde::Deserialize)]`: the names and rules are the same attributes.
///
/// ```ignore
/// wire_struct! {
///     /// One signer.
///     #[derive(Clone, Debug)]
///     pub struct SignerInfo as "a signer", ignore_unknown {
///         /// Its id.
///         pub signer_id: String = "signerId",
///     }
/// }
/// ```
///
/// `as "<description>"` is what messages call the object (and serde's container name);
/// `deny_unknown` or `ignore_unknown` says what happens to undeclared members. A field may add
/// `| "<alias>"` after its name, and serde attributes of its own (`default`,
/// `skip_serializing_if`, `borrow`) before it. Generics: none, one lifetime, or one lifetime
/// and one type parameter.
macro_rules! wire_struct {
    // The three shapes of generics, each emitting the struct and its impl.
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident as $desc:literal, $unknown:ident {
            $($body:tt)*
        }
    ) => {
        $crate::json::table::wire_struct!(@struct [$(#[$meta])*] [$vis] [$name] [$desc] $unknown
            { $($body)* });
        $crate::json::table::wire_struct!(@impl ['de] [$name] ['de] [$desc] $unknown { $($body)* });
    };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident<$lt:lifetime> as $desc:literal, $unknown:ident {
            $($body:tt)*
        }
    ) => {
        $crate::json::table::wire_struct!(@struct [$(#[$meta])*] [$vis] [$name<$lt>] [$desc]
            $unknown { $($body)* });
        $crate::json::table::wire_struct!(@impl [$lt] [$name<$lt>] [$lt] [$desc] $unknown
            { $($body)* });
    };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident<$lt:lifetime, $P:ident> as $desc:literal, $unknown:ident {
            $($body:tt)*
        }
    ) => {
        $crate::json::table::wire_struct!(@struct [$(#[$meta])*] [$vis] [$name<$lt, $P>] [$desc]
            $unknown { $($body)* });
        $crate::json::table::wire_struct!(@impl [$lt, $P: $crate::json::table::FromNode<$lt>]
            [$name<$lt, $P>] [$lt] [$desc] $unknown { $($body)* });
    };

    // serde's `deny_unknown_fields` exactly when the table refuses unknown members.
    (@struct [$($meta:tt)*] [$vis:vis] [$($head:tt)*] [$desc:literal] deny_unknown { $($body:tt)* }) => {
        $crate::json::table::wire_struct!(@emit [$($meta)* #[serde(rename = $desc, deny_unknown_fields)]]
            [$vis] [$($head)*] { $($body)* });
    };
    (@struct [$($meta:tt)*] [$vis:vis] [$($head:tt)*] [$desc:literal] ignore_unknown { $($body:tt)* }) => {
        $crate::json::table::wire_struct!(@emit [$($meta)* #[serde(rename = $desc)]]
            [$vis] [$($head)*] { $($body)* });
    };
    (@emit [$($meta:tt)*] [$vis:vis] [$($head:tt)*] {
        $(
            $(#[$fmeta:meta])*
            $fvis:vis $field:ident : $ty:ty = $wire:literal $(| $alias:literal)?
        ),* $(,)?
    }) => {
        #[derive(serde::Serialize)]
        $($meta)*
        $vis struct $($head)* {
            $(
                $(#[$fmeta])*
                #[serde(rename = $wire $(, alias = $alias)?)]
                $fvis $field: $ty,
            )*
        }
    };

    (@unknown deny_unknown) => { $crate::json::table::Unknown::Deny };
    (@unknown ignore_unknown) => { $crate::json::table::Unknown::Ignore };

    (@impl [$($generics:tt)*] [$($ty_head:tt)*] [$lt:lifetime] [$desc:literal] $unknown:ident {
        $(
            $(#[$fmeta:meta])*
            $fvis:vis $field:ident : $ty:ty = $wire:literal $(| $alias:literal)?
        ),* $(,)?
    }) => {
        impl<$($generics)*> $crate::json::table::FromNode<$lt> for $($ty_head)* {
            fn from_node(
                node: &$crate::json::Node<$lt>,
                name: $crate::json::table::Name,
            ) -> ::core::result::Result<Self, $crate::json::JsonError> {
                const NAMES: &[&[&str]] = &[$(&[$wire $(, $alias)?]),*];
                let mut slots = [None; NAMES.len()];
                $crate::json::table::members(
                    node,
                    name,
                    $desc,
                    NAMES,
                    $crate::json::table::wire_struct!(@unknown $unknown),
                    &mut slots,
                )?;
                // Fields with an alias first (see `aliased_present`).
                $($(
                    let _alias = $alias;
                    $crate::json::table::aliased_present::<$ty>(node, &slots, NAMES, $wire)?;
                )?)*
                let mut slot = slots.iter();
                Ok(Self {
                    $($field: $crate::json::table::member(node, slot.next(), $wire)?,)*
                })
            }
        }
    };
}

pub(crate) use wire_struct;
