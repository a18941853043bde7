//! Typed reading of one feature's properties. A reader either returns the value, `None` when the
//! field is absent or null, or a [`FieldError`] naming the field and what is wrong with it.

use crate::json::{Map, Value};

use super::incident::{is_safe_link, Casualties, ReportedFigure, Source};
use crate::quoted::Quoted;

/// A problem with one field: which one, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name.
    pub field: String,
    /// What is wrong (the message names the field).
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_owned(), message: message.into() }
    }
}

/// A decimal number as JSON writes it ("34.5281", "-3", "1e3"); `None` for anything else,
/// including NaN and the infinities. Our JSON reader (src/json, serde_json's number reading) is in
/// the module anyway; core's `str::parse::<f64>` would add about 10 KB of wasm.
pub(crate) fn decimal(text: &str) -> Option<f64> {
    crate::json::from_slice(text.as_bytes()).ok()?.as_f64().filter(|v| v.is_finite())
}

/// A short, safe rendering of a JSON value for error messages.
pub(crate) fn describe(value: &Value) -> String {
    let text = match value {
        Value::String(s) => format!("the text {}", Quoted(s)),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        other => crate::json_kind::json_text(other),
    };
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

/// Reads the properties of one feature.
pub(crate) struct Fields<'a> {
    props: &'a Map,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(props: &'a Map) -> Self {
        Self { props }
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.props.get(name).filter(|v| !v.is_null())
    }

    /// Optional text; numbers are not silently turned into text.
    pub(crate) fn text(&self, name: &str) -> Result<Option<String>, FieldError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
            Some(other) => Err(FieldError::new(name, format!("{name} must be text, got {}", describe(other)))),
        }
    }

    /// A JSON number, if the field holds one.
    pub(crate) fn number(&self, name: &str) -> Option<&'a crate::json::Number> {
        self.get(name).and_then(|v| match v {
            Value::Number(n) => Some(n),
            _ => None,
        })
    }

    /// A casualty count: a non-negative whole number, or absent/null for unknown.
    pub(crate) fn count(&self, name: &str) -> Result<Option<u32>, FieldError> {
        match self.get(name) {
            None => Ok(None),
            Some(value) => count_from(name, value).map(Some),
        }
    }

    /// An optional boolean.
    pub(crate) fn flag(&self, name: &str) -> Result<Option<bool>, FieldError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(FieldError::new(name, format!("{name} must be true or false, got {}", describe(other)))),
        }
    }

    /// The `sources` list. Entries whose link is not http(s) keep their title as text and add a
    /// warning; entries that are not objects are warnings too.
    pub(crate) fn sources(&self, warnings: &mut Vec<FieldError>) -> Vec<Source> {
        match self.get("sources") {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| source_from(&format!("sources[{i}]"), item, warnings))
                .collect(),
            Some(other) => {
                warnings.push(FieldError::new(
                    "sources",
                    format!("sources must be a list of {{title, url}}, got {}; ignored", describe(other)),
                ));
                Vec::new()
            }
        }
    }

    /// The `figures` list of reported casualty figures. A malformed entry is dropped with a warning.
    pub(crate) fn figures(&self, warnings: &mut Vec<FieldError>) -> Vec<ReportedFigure> {
        match self.get("figures") {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| match figure_from(i, item, warnings) {
                    Ok(f) => Some(f),
                    Err(e) => {
                        warnings.push(FieldError::new(&e.field, format!("{}; this figure is ignored", e.message)));
                        None
                    }
                })
                .collect(),
            Some(other) => {
                warnings.push(FieldError::new(
                    "figures",
                    format!("figures must be a list, got {}; ignored", describe(other)),
                ));
                Vec::new()
            }
        }
    }
}

fn count_from(name: &str, value: &Value) -> Result<u32, FieldError> {
    let bad = |why: &str| FieldError::new(name, format!("{name} must be a non-negative whole number, {why}"));
    match value {
        Value::Number(n) => {
            if let Some(v) = n.as_u64() {
                // u32::MAX itself is kept free: the compact store writes "unknown" with it.
                u32::try_from(v)
                    .ok()
                    .filter(|&v| v < u32::MAX)
                    .ok_or_else(|| bad(&format!("got {v}, which is too large")))
            } else if n.as_i64().is_some() {
                Err(bad(&format!("got {n}")))
            } else {
                match n.as_f64() {
                    Some(f) if f >= 0.0 && f.fract() == 0.0 && f < f64::from(u32::MAX) => Ok(f as u32),
                    _ => Err(bad(&format!("got {n}"))),
                }
            }
        }
        Value::String(s) => Err(bad(&format!("got the text {} (write the number without quotes)", Quoted(s)))),
        other => Err(bad(&format!("got {}", describe(other)))),
    }
}

fn source_from(field: &str, item: &Value, warnings: &mut Vec<FieldError>) -> Option<Source> {
    let Value::Object(obj) = item else {
        warnings
            .push(FieldError::new(field, format!("{field} must be {{title, url}}, got {}; ignored", describe(item))));
        return None;
    };
    let text = |key: &str| obj.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let raw_url = text("url");
    let url = raw_url.filter(|u| is_safe_link(u)).map(str::to_owned);
    if let (Some(raw), None) = (raw_url, &url) {
        warnings.push(FieldError::new(
            &format!("{field}.url"),
            format!(
                "{field}.url is not an http or https link ({}); shown as text, not linked",
                describe(&Value::String(raw.to_owned()))
            ),
        ));
    }
    let title = text("title").or(raw_url).map(str::to_owned);
    match title {
        Some(title) => Some(Source { title, url }),
        None => {
            warnings.push(FieldError::new(field, format!("{field} has neither a title nor a url; ignored")));
            None
        }
    }
}

fn figure_from(i: usize, item: &Value, warnings: &mut Vec<FieldError>) -> Result<ReportedFigure, FieldError> {
    let field = format!("figures[{i}]");
    let Value::Object(obj) = item else {
        return Err(FieldError::new(&field, format!("{field} must be an object, got {}", describe(item))));
    };
    let fields = Fields::new(obj);
    let prefixed = |e: FieldError| FieldError::new(&format!("{field}.{}", e.field), format!("{field}.{}", e.message));
    let casualties = Casualties {
        killed: fields.count("killed").map_err(prefixed)?,
        injured: fields.count("injured").map_err(prefixed)?,
    };
    let text = |name: &str| fields.text(name).map_err(prefixed);
    let source = match obj.get("source") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(Source { title: s.trim().to_owned(), url: None }),
        Some(value) => source_from(&format!("{field}.source"), value, warnings),
    };
    Ok(ReportedFigure {
        stage: text("stage")?,
        casualties,
        qualifier: text("qualifier")?,
        source,
        reported: text("reported")?,
        note: text("note")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    fn props(v: Value) -> Map {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn counts_accept_whole_numbers_only() {
        let p = props(json!({"a": 3, "b": -3, "c": 2.5, "d": "12", "e": null, "f": 4.0, "g": 1e12}));
        let f = Fields::new(&p);
        assert_eq!(f.count("a"), Ok(Some(3)));
        assert!(f.count("b").unwrap_err().message.contains("got -3"));
        assert!(f.count("c").unwrap_err().message.contains("got 2.5"));
        assert!(f.count("d").unwrap_err().message.contains("without quotes"));
        assert_eq!(f.count("e"), Ok(None));
        assert_eq!(f.count("missing"), Ok(None));
        assert_eq!(f.count("f"), Ok(Some(4)));
        assert!(f.count("g").is_err());
    }

    #[test]
    fn unsafe_source_links_stay_as_text() {
        let p = props(json!({"sources": [
            {"title": "AP", "url": "https://apnews.com/x"},
            {"title": "evil", "url": "javascript:alert(1)"},
            "plain"
        ]}));
        let mut warnings = Vec::new();
        let sources = Fields::new(&p).sources(&mut warnings);
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[0].url.as_deref(), Some("https://apnews.com/x"));
        assert_eq!(sources[1].url, None);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }
}
