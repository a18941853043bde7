//! Words for what a JSON value is, for the messages of the readers that walk a parsed value by
//! hand (the basemap asset, time presets): "must be text, got a list"; and a value's JSON text.

use crate::json::Value;

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

pub(crate) use crate::json::json_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_text_is_serde_jsons() {
        let text = r#"[null, true, false, 0, -7, 18446744073709551615, 1.5, 1e300, 100.0, -0.0, 1e-7, "",
            "a\"b\\c\n\r\t\b\f\u0001\u001f\u007f é 😀 /", [], {}, {"b": [1, {"a": null}], "a": "x"}]"#;
        for value in serde_json::from_str::<Vec<serde_json::Value>>(text).unwrap() {
            let ours = crate::json::from_str(&value.to_string()).unwrap();
            assert_eq!(json_text(&ours), serde_json::to_string(&value).unwrap());
        }
    }
}
