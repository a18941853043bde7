//! Words for what a JSON value is, for the messages of the readers that walk a parsed value by
//! hand (the basemap asset, time presets): "must be text, got a list".

use serde_json::Value;

/// What a JSON value is, for messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
