//! Every text of a parsed value, looked at by walking the value's serialization: checked as
//! the YAML reader checks the texts of a file (no forbidden character, none longer than
//! [`MAX_VALUE_BYTES`]), or searched for one a rule looks for. For a type that holds every text
//! its file has (a catalogue, a profile: every field known, none left out of its serialization
//! but empty ones), this stands in for a second parse of the file, at a fraction of its cost.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Serializer};

use crate::yaml::{MAX_VALUE_BYTES, forbidden_in_value};

/// Whether no text of `value` breaks the rules.
pub fn all_allowed<T: Serialize>(value: &T) -> bool {
    !any(value, |v| {
        v.len() > MAX_VALUE_BYTES || v.chars().any(forbidden_in_value)
    })
}

/// Whether some text of `value` (a key, a value) is `found`.
pub fn any<T: Serialize + ?Sized>(value: &T, found: impl Fn(&str) -> bool) -> bool {
    value.serialize(Walk(&found)).is_err()
}

/// A text that was looked for: where, the caller finds out (a second parse says).
#[derive(Debug)]
struct Found;

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text that kravkat does not read")
    }
}

impl std::error::Error for Found {}

impl ser::Error for Found {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Found
    }
}

/// The serializer that walks a value, with what it looks for.
#[derive(Clone, Copy)]
struct Walk<'a>(&'a dyn Fn(&str) -> bool);

impl Walk<'_> {
    fn text(self, v: &str) -> Result<(), Found> {
        if (self.0)(v) { Err(Found) } else { Ok(()) }
    }
}

/// The scalar methods of a serializer that only looks at texts.
macro_rules! ignore {
    ($($name:ident($t:ty)),* $(,)?) => {
        $(fn $name(self, _: $t) -> Result<(), Found> { Ok(()) })*
    };
}

impl<'a> Serializer for Walk<'a> {
    type Ok = ();
    type Error = Found;
    type SerializeSeq = Walk<'a>;
    type SerializeTuple = Walk<'a>;
    type SerializeTupleStruct = Walk<'a>;
    type SerializeTupleVariant = Walk<'a>;
    type SerializeMap = Walk<'a>;
    type SerializeStruct = Walk<'a>;
    type SerializeStructVariant = Walk<'a>;

    ignore!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_bytes(&[u8]),
        serialize_unit_struct(&'static str),
    );

    fn serialize_char(self, v: char) -> Result<(), Found> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), Found> {
        self.text(v)
    }

    fn serialize_none(self) -> Result<(), Found> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Found> {
        v.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Found> {
        Ok(())
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Found> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<(), Found> {
        v.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        v: &T,
    ) -> Result<(), Found> {
        v.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Walk<'a>, Found> {
        Ok(self)
    }

    fn serialize_tuple(self, _: usize) -> Result<Walk<'a>, Found> {
        Ok(self)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Walk<'a>, Found> {
        Ok(self)
    }

    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Walk<'a>, Found> {
        Ok(self)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Walk<'a>, Found> {
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Walk<'a>, Found> {
        Ok(self)
    }

    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Walk<'a>, Found> {
        Ok(self)
    }
}

/// The compound parts: each element, key and field value is walked in turn.
macro_rules! compound {
    ($($trait:ident :: $method:ident),* $(,)?) => {
        $(impl ser::$trait for Walk<'_> {
            type Ok = ();
            type Error = Found;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Found> {
                v.serialize(*self)
            }
            fn end(self) -> Result<(), Found> {
                Ok(())
            }
        })*
    };
}

compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

impl ser::SerializeMap for Walk<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Found> {
        k.serialize(*self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Found> {
        v.serialize(*self)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

/// The parts with named fields: each field's value is walked in turn.
macro_rules! fields {
    ($($trait:ident),* $(,)?) => {
        $(impl ser::$trait for Walk<'_> {
            type Ok = ();
            type Error = Found;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, v: &T) -> Result<(), Found> {
                v.serialize(*self)
            }
            fn end(self) -> Result<(), Found> {
                Ok(())
            }
        })*
    };
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use std::path::Path;

    #[test]
    fn every_text_of_a_catalogue_is_looked_at() {
        let source = "id: t\ntitle: T\npublisher: P\nversion: \"1\"\nsource: S\n\
            attribution: { statement: S }\ncategories: [{ name: K }]\nitems:\n\
            - { id: \"1\", kind: principle, category: K, text: x, references: [{ item: \"1\", relation: relates, title: T }] }\n";
        let c: Catalog = serde_saphyr::from_str(source).unwrap();
        assert!(all_allowed(&c));
        let long = "x".repeat(MAX_VALUE_BYTES + 1);
        for (from, to) in [
            ("title: T", "title: \"T\\u0007\""),
            ("statement: S", "statement: \"S\\u202E\""),
            ("name: K }", "name: K, description: \"\\uFFFE\" }"),
            ("title: T }", "title: \"\\u0001\" }"),
            ("text: x", &format!("text: {long}")),
        ] {
            let changed = source.replacen(from, to, 1);
            let c: Catalog = serde_saphyr::from_str(&changed).unwrap_or_else(|e| panic!("{changed}: {e}"));
            assert!(!all_allowed(&c), "{changed}");
            // And the reader refuses it, with the parser's position.
            let e = crate::catalog::parse(Path::new("t.yaml"), &changed).unwrap_err();
            assert!(e.0[0].pos.is_some(), "{e}");
        }
    }
}
