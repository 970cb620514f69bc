//! serde's [`Serializer`](serde::Serializer) over the [`Writer`], so that a type's
//! `#[derive(Serialize)]` is its only writing code.
//!
//! The output is byte for byte what `serde_json::to_string` gives for the same value (member
//! order, escapes, integers), except that floating-point numbers are refused: keyport's wire
//! types have none, and leaving them out keeps float formatting out of the WASM module.
//! [`Serializer::collect_str`] writes a `Display` value straight into the output, so a secret
//! shown as hex never passes through a temporary string.

use alloc::string::ToString;
use core::fmt::{self, Display, Write as _};

use serde::ser::{self, Serialize};

use super::{JsonError, Writer};

/// The name of the newtype whose string is written verbatim ([`Raw`]).
const RAW: &str = "$keyport::json::Raw";

/// JSON text written into the output as it is, without quotes or escapes.
///
/// Only keyport's own serializer knows it (serde_json would write it as a string); it lets the
/// dfns-v1 import plaintexts share one encoding of the public shares, which is the same for
/// every signer, instead of encoding `n` points `n` times.
pub(crate) struct Raw<'t>(pub(crate) &'t str);

impl Serialize for Raw<'_> {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(RAW, self.0)
    }
}

/// Writes one value into a [`Writer`].
pub(super) struct Serializer<'w> {
    pub(super) out: &'w mut Writer,
}

fn unsupported(what: &str) -> JsonError {
    JsonError::unplaced(alloc::format!(
        "keyport's JSON writer does not write {what}"
    ))
}

impl ser::Error for JsonError {
    fn custom<T: Display>(msg: T) -> Self {
        JsonError::unplaced(msg.to_string())
    }
}

impl<'w> ser::Serializer for Serializer<'w> {
    type Ok = ();
    type Error = JsonError;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    fn serialize_bool(self, v: bool) -> Result<(), JsonError> {
        self.out.bool(v);
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), JsonError> {
        self.serialize_i64(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<(), JsonError> {
        self.serialize_i64(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<(), JsonError> {
        self.serialize_i64(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<(), JsonError> {
        self.out.signed(v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), JsonError> {
        self.serialize_u64(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<(), JsonError> {
        self.serialize_u64(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<(), JsonError> {
        self.serialize_u64(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<(), JsonError> {
        self.out.number(v);
        Ok(())
    }

    fn serialize_f32(self, _: f32) -> Result<(), JsonError> {
        Err(unsupported("floating-point numbers"))
    }

    fn serialize_f64(self, _: f64) -> Result<(), JsonError> {
        Err(unsupported("floating-point numbers"))
    }

    fn serialize_char(self, v: char) -> Result<(), JsonError> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), JsonError> {
        self.out.string(v);
        Ok(())
    }

    /// As serde_json: an array of numbers.
    fn serialize_bytes(self, v: &[u8]) -> Result<(), JsonError> {
        self.out.begin_array();
        for b in v {
            self.out.number(u64::from(*b));
        }
        self.out.end_array();
        Ok(())
    }

    fn serialize_none(self) -> Result<(), JsonError> {
        self.out.null();
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), JsonError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), JsonError> {
        self.out.null();
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), JsonError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), JsonError> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        if name == RAW {
            return value.serialize(RawText(self.out));
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        self.out.begin_object();
        self.out.key(variant);
        value.serialize(Serializer {
            out: &mut *self.out,
        })?;
        self.out.end_object();
        Ok(())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w>, JsonError> {
        self.out.begin_array();
        Ok(Compound {
            out: self.out,
            close: Close::Array,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>, JsonError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'w>, JsonError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'w>, JsonError> {
        self.out.begin_object();
        self.out.key(variant);
        self.out.begin_array();
        Ok(Compound {
            out: self.out,
            close: Close::ArrayInObject,
        })
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w>, JsonError> {
        self.out.begin_object();
        Ok(Compound {
            out: self.out,
            close: Close::Object,
        })
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'w>, JsonError> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'w>, JsonError> {
        self.out.begin_object();
        self.out.key(variant);
        self.out.begin_object();
        Ok(Compound {
            out: self.out,
            close: Close::ObjectInObject,
        })
    }

    /// Straight into the output, escaped as it is written.
    fn collect_str<T: ?Sized + Display>(self, value: &T) -> Result<(), JsonError> {
        self.out.begin_string();
        write!(Escaping(&mut *self.out), "{value}")
            .map_err(|_| unsupported("a value whose Display fails"))?;
        self.out.end_string();
        Ok(())
    }
}

/// `fmt::Write` into the inside of a JSON string.
struct Escaping<'w>(&'w mut Writer);

impl fmt::Write for Escaping<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.string_part(s);
        Ok(())
    }
}

/// How a [`Compound`] closes.
enum Close {
    Array,
    Object,
    ArrayInObject,
    ObjectInObject,
}

/// An array or object being written.
pub(super) struct Compound<'w> {
    out: &'w mut Writer,
    close: Close,
}

impl Compound<'_> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        value.serialize(Serializer {
            out: &mut *self.out,
        })
    }

    fn finish(self) -> Result<(), JsonError> {
        match self.close {
            Close::Array => self.out.end_array(),
            Close::Object => self.out.end_object(),
            Close::ArrayInObject => {
                self.out.end_array();
                self.out.end_object();
            }
            Close::ObjectInObject => {
                self.out.end_object();
                self.out.end_object();
            }
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = JsonError;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        self.element(value)
    }

    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = JsonError;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        self.element(value)
    }

    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = JsonError;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        self.element(value)
    }

    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = JsonError;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        self.element(value)
    }

    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = JsonError;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), JsonError> {
        key.serialize(KeyText(self.out))
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        self.element(value)
    }

    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = JsonError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        self.out.key(key);
        self.element(value)
    }

    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = JsonError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        self.out.key(key);
        self.element(value)
    }

    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

/// Takes only a string, which it writes as is ([`Raw`]), or as a member name ([`KeyText`]).
macro_rules! string_only {
    ($name:ident, $what:literal, |$out:ident, $s:ident| $write:expr) => {
        struct $name<'w>(&'w mut Writer);

        impl ser::Serializer for $name<'_> {
            type Ok = ();
            type Error = JsonError;
            type SerializeSeq = ser::Impossible<(), JsonError>;
            type SerializeTuple = ser::Impossible<(), JsonError>;
            type SerializeTupleStruct = ser::Impossible<(), JsonError>;
            type SerializeTupleVariant = ser::Impossible<(), JsonError>;
            type SerializeMap = ser::Impossible<(), JsonError>;
            type SerializeStruct = ser::Impossible<(), JsonError>;
            type SerializeStructVariant = ser::Impossible<(), JsonError>;

            fn serialize_str(self, $s: &str) -> Result<(), JsonError> {
                let $out = self.0;
                $write;
                Ok(())
            }

            fn serialize_bool(self, _: bool) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_i8(self, _: i8) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_i16(self, _: i16) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_i32(self, _: i32) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_i64(self, _: i64) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_u8(self, _: u8) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_u16(self, _: u16) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_u32(self, _: u32) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_u64(self, _: u64) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_f32(self, _: f32) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_f64(self, _: f64) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_char(self, _: char) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_bytes(self, _: &[u8]) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_none(self) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_unit(self) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_unit_struct(self, _: &'static str) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_unit_variant(
                self,
                _: &'static str,
                _: u32,
                _: &'static str,
            ) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_newtype_struct<T: ?Sized + Serialize>(
                self,
                _: &'static str,
                _: &T,
            ) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_newtype_variant<T: ?Sized + Serialize>(
                self,
                _: &'static str,
                _: u32,
                _: &'static str,
                _: &T,
            ) -> Result<(), JsonError> {
                Err(unsupported($what))
            }
            fn serialize_seq(
                self,
                _: Option<usize>,
            ) -> Result<ser::Impossible<(), JsonError>, JsonError> {
                Err(unsupported($what))
            }
            fn serialize_tuple(
                self,
                _: usize,
            ) -> Result<ser::Impossible<(), JsonError>, JsonError> {
                Err(unsupported($what))
            }
            fn serialize_tuple_struct(
                self,
                _: &'static str,
                _: usize,
            ) -> Result<ser::Impossible<(), JsonError>, JsonError> {
                Err(unsupported($what))
            }
            fn serialize_tuple_variant(
                self,
                _: &'static str,
                _: u32,
                _: &'static str,
                _: usize,
            ) -> Result<ser::Impossible<(), JsonError>, JsonError> {
                Err(unsupported($what))
            }
            fn serialize_map(
                self,
                _: Option<usize>,
            ) -> Result<ser::Impossible<(), JsonError>, JsonError> {
                Err(unsupported($what))
            }
            fn serialize_struct(
                self,
                _: &'static str,
                _: usize,
            ) -> Result<ser::Impossible<(), JsonError>, JsonError> {
                Err(unsupported($what))
            }
            fn serialize_struct_variant(
                self,
                _: &'static str,
                _: u32,
                _: &'static str,
                _: usize,
            ) -> Result<ser::Impossible<(), JsonError>, JsonError> {
                Err(unsupported($what))
            }
        }
    };
}

string_only!(RawText, "raw JSON other than a string", |out, s| out.raw(s));
string_only!(KeyText, "object keys other than strings", |out, s| out
    .key(s));
