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
    fn json_text_is_serde_jsons_but_for_exponents() {
        let text = r#"[null, true, false, 0, -7, 18446744073709551615, 1.5, 1e300, 100.0, -0.0, 1e-7, "",
            "a\"b\\c\n\r\t\b\f\u0001\u001f\u007f é 😀 /", [], {}, {"b": [1, {"a": null}], "a": [1e22]}]"#;
        for value in serde_json::from_str::<Vec<serde_json::Value>>(text).unwrap() {
            let ours = json_text(&crate::json::from_str(&value.to_string()).unwrap());
            // serde_json writes a positive exponent with its sign; `{:?}` without.
            assert_eq!(ours, serde_json::to_string(&value).unwrap().replace("e+", "e"));
            assert_eq!(serde_json::from_str::<serde_json::Value>(&ours).unwrap(), value, "{ours} reads back");
        }
        // Below 1e-4 `{:?}` takes the exponent form where serde_json writes decimals until 1e-7.
        let small = crate::json::from_str("0.000025").unwrap();
        assert_eq!((json_text(&small), serde_json::to_string(&2.5e-5).unwrap()), ("2.5e-5".into(), "0.000025".into()));
    }
}
