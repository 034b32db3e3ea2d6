//! The hash of a value as serde sees it ([`hash_value`]): what the cache keys are made of.
//!
//! The value is written in a compact binary form of serde's data model into a buffer kept per
//! thread, and the buffer is hashed once with XXH3 (64 bits; its output is specified, so the
//! same value hashes the same in every process and on every machine, which the build cache on
//! disk needs). No JSON text is made and no string is escaped: for 100,000 claims, writing
//! JSON and escaping its strings took most of the time of hashing them.
//!
//! The form is exact: every value starts with a tag naming its kind, strings and bytes carry
//! their length, sequences, maps and structs end with a tag of their own, structs name their
//! fields and enums their variants; so two values of one type have the same form only if serde
//! sees them the same (and JSON would show them the same).

use std::cell::RefCell;

use serde::ser::{self, Serialize};

/// The hash of `value` as serde sees it, or `None` when it cannot be serialised.
pub fn hash_value<T: Serialize + ?Sized>(value: &T) -> Option<u64> {
    thread_local! {
        /// The buffer of this thread, kept between values (a value serialised while another is,
        /// by a `Serialize` impl that hashes, gets a buffer of its own).
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    /// A buffer grown past this by one large value is not kept.
    const KEPT: usize = 1 << 20;
    let mut buffer = BUFFER.with(|cell| cell.take());
    buffer.clear();
    let written = value.serialize(&mut Writer(&mut buffer));
    let hash = written.ok().map(|()| hash_bytes(&buffer));
    if buffer.capacity() <= KEPT {
        BUFFER.with(|cell| cell.replace(buffer));
    }
    hash
}

/// The hash of some bytes (XXH3, 64 bits).
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The tags that start each kind of value (and end the compound ones).
mod tag {
    pub(super) const FALSE: u8 = 0;
    pub(super) const TRUE: u8 = 1;
    pub(super) const SIGNED: u8 = 2;
    pub(super) const UNSIGNED: u8 = 3;
    pub(super) const SIGNED_WIDE: u8 = 4;
    pub(super) const UNSIGNED_WIDE: u8 = 5;
    pub(super) const FLOAT32: u8 = 6;
    pub(super) const FLOAT64: u8 = 7;
    pub(super) const CHAR: u8 = 8;
    pub(super) const STR: u8 = 9;
    pub(super) const BYTES: u8 = 10;
    pub(super) const NONE: u8 = 11;
    pub(super) const SOME: u8 = 12;
    pub(super) const UNIT: u8 = 13;
    pub(super) const VARIANT: u8 = 14;
    pub(super) const SEQ: u8 = 15;
    pub(super) const MAP: u8 = 16;
    pub(super) const STRUCT: u8 = 17;
    pub(super) const SKIPPED: u8 = 18;
    pub(super) const END: u8 = 19;
}

/// Serialiser writing the binary form into a buffer.
struct Writer<'b>(&'b mut Vec<u8>);

/// Why a value could not be serialised (its own `Serialize` said so).
#[derive(Debug)]
struct Unserialisable;

impl std::fmt::Display for Unserialisable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the value cannot be serialised")
    }
}

impl std::error::Error for Unserialisable {}

impl ser::Error for Unserialisable {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unserialisable
    }
}

impl Writer<'_> {
    fn tag(&mut self, tag: u8) {
        self.0.push(tag);
    }

    fn length(&mut self, length: usize) {
        self.0.extend_from_slice(&(length as u64).to_le_bytes());
    }

    fn bytes(&mut self, tag: u8, bytes: &[u8]) {
        self.tag(tag);
        self.length(bytes.len());
        self.0.extend_from_slice(bytes);
    }

    fn name(&mut self, name: &str) {
        self.length(name.len());
        self.0.extend_from_slice(name.as_bytes());
    }

    fn variant(&mut self, index: u32, name: &str) {
        self.tag(tag::VARIANT);
        self.0.extend_from_slice(&index.to_le_bytes());
        self.name(name);
    }
}

type Done = Result<(), Unserialisable>;

impl<'s, 'b> ser::Serializer for &'s mut Writer<'b> {
    type Ok = ();
    type Error = Unserialisable;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Done {
        self.tag(if v { tag::TRUE } else { tag::FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.tag(tag::SIGNED);
        self.0.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.tag(tag::SIGNED_WIDE);
        self.0.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.tag(tag::UNSIGNED);
        self.0.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.tag(tag::UNSIGNED_WIDE);
        self.0.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.tag(tag::FLOAT32);
        self.0.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.tag(tag::FLOAT64);
        self.0.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.tag(tag::CHAR);
        self.0.extend_from_slice(&u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.bytes(tag::STR, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.bytes(tag::BYTES, v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.tag(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.tag(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.tag(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, index: u32, variant: &'static str) -> Done {
        self.variant(index, variant);
        self.serialize_unit()
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.variant(index, variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Unserialisable> {
        self.tag(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Unserialisable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, Unserialisable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Unserialisable> {
        self.variant(index, variant);
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Unserialisable> {
        self.tag(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Unserialisable> {
        self.tag(tag::STRUCT);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Unserialisable> {
        self.variant(index, variant);
        self.serialize_struct(variant, len)
    }
}

impl ser::SerializeSeq for &mut Writer<'_> {
    type Ok = ();
    type Error = Unserialisable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(tag::END);
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Writer<'_> {
    type Ok = ();
    type Error = Unserialisable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(tag::END);
        Ok(())
    }
}

impl ser::SerializeTupleStruct for &mut Writer<'_> {
    type Ok = ();
    type Error = Unserialisable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(tag::END);
        Ok(())
    }
}

impl ser::SerializeTupleVariant for &mut Writer<'_> {
    type Ok = ();
    type Error = Unserialisable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(tag::END);
        Ok(())
    }
}

impl ser::SerializeMap for &mut Writer<'_> {
    type Ok = ();
    type Error = Unserialisable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(tag::END);
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Writer<'_> {
    type Ok = ();
    type Error = Unserialisable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.name(key);
        value.serialize(&mut **self)
    }
    fn skip_field(&mut self, key: &'static str) -> Done {
        self.tag(tag::SKIPPED);
        self.name(key);
        Ok(())
    }
    fn end(self) -> Done {
        self.tag(tag::END);
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Writer<'_> {
    type Ok = ();
    type Error = Unserialisable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.name(key);
        value.serialize(&mut **self)
    }
    fn skip_field(&mut self, key: &'static str) -> Done {
        self.tag(tag::SKIPPED);
        self.name(key);
        Ok(())
    }
    fn end(self) -> Done {
        self.tag(tag::END);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::hash_value;

    #[derive(Serialize)]
    struct Pair {
        a: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        c: Option<String>,
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Other,
        New(u32),
        Tuple(u32, u32),
        Fields { x: u32 },
    }

    /// Values that differ as serde sees them (and as JSON shows them) hash differently, also
    /// where a naive concatenation of their parts would be the same; equal values hash the same,
    /// in any process (a fixed value for a fixed input).
    #[test]
    fn different_values_hash_differently_and_equal_ones_the_same() {
        let some = |s: &str| Some(s.to_owned());
        let distinct = [
            hash_value(&("ab", "c")),
            hash_value(&("a", "bc")),
            hash_value(&("ab", "c", "")),
            hash_value(&vec![vec!["a"], vec![]]),
            hash_value(&vec![vec![], vec!["a"]]),
            hash_value(&Pair {
                a: None,
                b: some("x"),
                c: None,
            }),
            hash_value(&Pair {
                a: None,
                b: None,
                c: some("x"),
            }),
            hash_value(&Pair {
                a: some("x"),
                b: None,
                c: None,
            }),
            hash_value(&Option::<u32>::None),
            hash_value(&Some(())),
            hash_value(&()),
            hash_value(&Some(0u32)),
            hash_value(&0u32),
            hash_value(&0i32),
            hash_value(&0.0f64),
            hash_value(&-0.0f64),
            hash_value(&"0"),
            hash_value(&'0'),
            hash_value(&Shape::Unit),
            hash_value(&Shape::Other),
            hash_value(&Shape::New(0)),
            hash_value(&Shape::Tuple(0, 0)),
            hash_value(&Shape::Fields { x: 0 }),
            hash_value(&BTreeMap::from([("a", "b")])),
            hash_value(&BTreeMap::from([("b", "a")])),
            hash_value(&""),
            hash_value(&Vec::<u8>::new()),
        ];
        let mut seen = std::collections::HashSet::new();
        for (n, hash) in distinct.iter().enumerate() {
            let hash = hash.expect("serialisable");
            assert!(seen.insert(hash), "value {n} collides with an earlier one");
        }
        assert_eq!(hash_value(&("ab", "c")), hash_value(&(String::from("ab"), "c")));
        assert_eq!(hash_value(&Shape::Unit), distinct[18]);
        // The same in every process and on every machine: the build cache on disk keeps them.
        assert_eq!(hash_value(&("ab", 1u8)), Some(0x388a_80d3_bbf5_cf6d));
    }

    /// A value whose `Serialize` fails has no hash (its page is then made anew).
    #[test]
    fn an_unserialisable_value_has_no_hash() {
        struct Failing;
        impl Serialize for Failing {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no"))
            }
        }
        assert_eq!(hash_value(&vec![Failing]), None);
        assert!(hash_value(&1u8).is_some(), "the buffer is usable afterwards");
    }
}
