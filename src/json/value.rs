//! A JSON value as serde_json 1.0's `Value` holds one: objects sorted by key (its `BTreeMap`),
//! the last of duplicate keys kept, numbers as an unsigned, a negative or a float.

use std::fmt;

use crate::sorted_map::SortedMap;

/// A JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// A list.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum N {
    PosInt(u64),
    /// Always below zero.
    NegInt(i64),
    /// Always finite.
    Float(f64),
}

/// A JSON number: an integer that fits `u64` or `i64`, or a finite `f64`.
#[derive(Clone, Copy, PartialEq)]
pub struct Number {
    n: N,
}

impl Number {
    /// The number for a finite float; `None` for NaN and the infinities.
    pub fn from_f64(f: f64) -> Option<Number> {
        f.is_finite().then_some(Number { n: N::Float(f) })
    }
    /// Whether it is a float (not an integer).
    pub fn is_f64(&self) -> bool {
        matches!(self.n, N::Float(_))
    }
    /// Whether it is an integer that fits `u64`.
    pub fn is_u64(&self) -> bool {
        matches!(self.n, N::PosInt(_))
    }
    /// Whether it is an integer that fits `i64`.
    pub fn is_i64(&self) -> bool {
        match self.n {
            N::PosInt(v) => v <= i64::MAX as u64,
            N::NegInt(_) => true,
            N::Float(_) => false,
        }
    }
    /// As `f64` (integers converted, rounding if they must).
    pub fn as_f64(&self) -> Option<f64> {
        Some(match self.n {
            N::PosInt(u) => u as f64,
            N::NegInt(i) => i as f64,
            N::Float(f) => f,
        })
    }
    /// The integer, if it fits `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self.n {
            N::PosInt(u) => Some(u),
            _ => None,
        }
    }
    /// The integer, if it fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self.n {
            N::PosInt(u) => i64::try_from(u).ok(),
            N::NegInt(i) => Some(i),
            N::Float(_) => None,
        }
    }
}

impl From<u64> for Number {
    fn from(u: u64) -> Self {
        Number { n: N::PosInt(u) }
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Self {
        Number { n: if i < 0 { N::NegInt(i) } else { N::PosInt(i as u64) } }
    }
}

impl fmt::Display for Number {
    /// As serde_json writes it, but for a float's exponent: its shortest digits as `{:?}` writes
    /// them (`1e300` where serde_json writes `1e+300`, `100.0`, `1e-7`), through the crate's
    /// float formatting (`crate::float`) rather than serde_json's own, 1.6 KB of the gzipped
    /// download for the few messages that quote a number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.n {
            N::PosInt(u) => fmt::Display::fmt(&u, f),
            N::NegInt(i) => fmt::Display::fmt(&i, f),
            N::Float(x) => fmt::Display::fmt(&crate::float::FloatDebug(x), f),
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({self})")
    }
}

/// An object's members, sorted by key; inserting a key again replaces its value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map {
    members: SortedMap<String, Value>,
}

impl Map {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }
    /// The object of `entries` in document order: the last of equal keys wins, as when each is
    /// inserted in turn (built in one sort: see [`SortedMap`]'s `FromIterator`).
    pub(crate) fn from_entries(entries: Vec<(String, Value)>) -> Self {
        Map { members: entries.into_iter().collect() }
    }
    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        self.members.insert(key, value)
    }
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.members.get(key)
    }
    /// The value of `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.members.get_mut(key)
    }
    /// Whether `key` is a member.
    pub fn contains_key(&self, key: &str) -> bool {
        self.members.contains_key(key)
    }
    /// Takes `key` out.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.members.remove(key)
    }
    /// How many members.
    pub fn len(&self) -> usize {
        self.members.len()
    }
    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
    /// The members in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &Value)> + ExactSizeIterator {
        self.members.iter()
    }
    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.members.keys()
    }
    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.members.values()
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = <SortedMap<String, Value> as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        self.members.into_iter()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = <&'a SortedMap<String, Value> as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        (&self.members).into_iter()
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        Map { members: iter.into_iter().collect() }
    }
}

static NULL: Value = Value::Null;

impl Value {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => map.get(key),
            _ => None,
        }
    }
    /// Whether it is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    /// A number as `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }
    /// A number as `u64`, if it is one.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }
    /// A number as `i64`, if it is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }
    /// A boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// The items of a list.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }
    /// The members of an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }
    /// The members of an object, to change.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }
    /// Whether it is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }
    /// Whether it is a list.
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }
    /// Whether it is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }
    /// Whether it is a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }
}

impl std::ops::Index<&str> for Value {
    type Output = Value;
    /// The member `key`, or null (as serde_json's `value["key"]`).
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::Index<usize> for Value {
    type Output = Value;
    fn index(&self, i: usize) -> &Value {
        match self {
            Value::Array(items) => items.get(i).unwrap_or(&NULL),
            _ => &NULL,
        }
    }
}

impl fmt::Display for Value {
    /// The compact JSON text, as serde_json's `to_string`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::write::json_text(self))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<f64> for Value {
    /// A number, or null for NaN and the infinities (as serde_json's).
    fn from(f: f64) -> Self {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}
impl From<u64> for Value {
    fn from(u: u64) -> Self {
        Value::Number(u.into())
    }
}
impl From<u32> for Value {
    fn from(u: u32) -> Self {
        Value::Number(u64::from(u).into())
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Number(i.into())
    }
}
impl From<i32> for Value {
    fn from(i: i32) -> Self {
        Value::Number(i64::from(i).into())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}
impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Self {
        Value::Array(items)
    }
}
impl From<Map> for Value {
    fn from(map: Map) -> Self {
        Value::Object(map)
    }
}
impl From<Number> for Value {
    fn from(n: Number) -> Self {
        Value::Number(n)
    }
}
