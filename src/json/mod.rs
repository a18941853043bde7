//! Our own JSON: a value type and a reader that behave as serde_json 1.0.154's `Value` and
//! `from_slice` do (the same values, the same errors at the same lines and columns), without
//! serde's machinery, serde_json's reader and the `BTreeMap` behind its objects in the wasm.
//! `tests/json_reader.rs` compares the two on many generated and mutated texts.

mod read;
mod value;
mod write;

pub use read::{f64_from_slice, from_slice, from_str, ignore_slice, Error};
pub use value::{Map, Number, Value};
pub(crate) use write::json_text;

/// serde_json's `json!`, made our value (tests only).
#[cfg(test)]
macro_rules! json {
    ($($t:tt)+) => {
        $crate::json::bridge::from_serde(&serde_json::json!($($t)+))
    };
}
#[cfg(test)]
pub(crate) use json;

/// Conversions from and to serde_json's values, for the tests that compare the two.
#[cfg(test)]
pub(crate) mod bridge {
    use super::{Map, Number, Value};

    /// Our value for a serde_json value.
    pub(crate) fn from_serde(value: &serde_json::Value) -> Value {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Number::from(u),
                (None, Some(i)) => Number::from(i),
                _ => Number::from_f64(n.as_f64().unwrap()).unwrap(),
            }),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => Value::Array(items.iter().map(from_serde).collect()),
            serde_json::Value::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect::<Map>())
            }
        }
    }

    /// serde_json's value for ours.
    pub(crate) fn to_serde(value: &Value) -> serde_json::Value {
        match value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => u.into(),
                (None, Some(i)) => i.into(),
                _ => serde_json::Number::from_f64(n.as_f64().unwrap()).unwrap(),
            }),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
            Value::Object(map) => {
                serde_json::Value::Object(map.iter().map(|(k, v)| (k.clone(), to_serde(v))).collect())
            }
        }
    }
}
