//! Time presets given by the embedder, as JSON: `[{"label": "Apr 2022", "from": "2022-04-01",
//! "to": "2022-04-30"}]`. Every bad entry is reported, not only the first.

use std::fmt;

use crate::json::Value;
use crate::json_kind::json_kind;

use crate::index::TimeRange;
use crate::presets::TimePreset;
use crate::quoted::Quoted;

/// Why a list of presets was refused: one message per problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresetListError(pub Vec<String>);

impl fmt::Display for PresetListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("; "))
    }
}

impl std::error::Error for PresetListError {}

/// Parses the `presets` attribute.
///
/// ```
/// use incident_map::parse_time_presets;
/// let presets = parse_time_presets(r#"[{"label":"Apr 2022","from":"2022-04-01","to":"2022-04-30"}]"#).unwrap();
/// assert_eq!(presets[0].label, "Apr 2022");
/// let error = parse_time_presets(r#"[{"label":"x","from":"2022-05-01","to":"2022-04-01"}]"#).unwrap_err();
/// assert!(error.to_string().starts_with("presets[0] (\"x\"): time range: from"), "{error}");
/// ```
pub fn parse_time_presets(json: &str) -> Result<Vec<TimePreset>, PresetListError> {
    // Read from a Value, not through a derived Deserialize: the derive cost ~3 KB of wasm, and
    // this way an entry of the wrong shape is one more problem listed, not the end of the list.
    const SHAPE: &str = "presets must be a JSON list of {\"label\", \"from\", \"to\"} objects";
    let list: Value =
        crate::json::from_slice(json.as_bytes()).map_err(|e| PresetListError(vec![format!("{SHAPE}: {e}")]))?;
    let Value::Array(entries) = list else {
        return Err(PresetListError(vec![format!("{SHAPE}, got {}", json_kind(&list))]));
    };
    let mut presets = Vec::new();
    let mut problems = Vec::new();
    for (n, entry) in entries.iter().enumerate() {
        let Value::Object(fields) = entry else {
            problems.push(format!(
                "presets[{n}]: must be an object with a label, a from and a to, got {}",
                json_kind(entry)
            ));
            continue;
        };
        let text = |key: &str| match fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.as_str())),
            Some(other) => Err(format!("{key} must be text, got {}", json_kind(other))),
        };
        let (label, from, to) = match (text("label"), text("from"), text("to")) {
            (Ok(label), Ok(from), Ok(to)) => (label, from, to),
            (label, from, to) => {
                let name =
                    label.as_ref().ok().copied().flatten().map(|l| format!(" ({})", Quoted(l))).unwrap_or_default();
                let why: Vec<String> = [label.err(), from.err(), to.err()].into_iter().flatten().collect();
                problems.push(format!("presets[{n}]{name}: {}", why.join(", ")));
                continue;
            }
        };
        let name = label.map(|l| format!(" ({})", Quoted(l))).unwrap_or_default();
        let label = label.map(str::trim).filter(|l| !l.is_empty());
        let (Some(label), Some(from), Some(to)) = (label, from, to) else {
            problems.push(format!("presets[{n}]{name}: needs a label, a from and a to"));
            continue;
        };
        match TimeRange::parse(from, to) {
            Ok(range) => presets.push(TimePreset { label: label.to_owned(), range }),
            Err(e) => problems.push(format!("presets[{n}]{name}: {e}")),
        }
    }
    if problems.is_empty() {
        Ok(presets)
    } else {
        Err(PresetListError(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_entry_is_reported() {
        let json = r#"[{"label":"ok","from":"2022-04-01","to":"2022-04-30"},
            {"label":"no end","from":"2022-04-01"},
            {"label":"bad","from":"2022-02-30","to":"2022-03-01"},
            {"from":"2022-04-01","to":"2022-04-30"}]"#;
        let error = parse_time_presets(json).unwrap_err();
        assert_eq!(error.0.len(), 3, "{error}");
        assert!(error.0[0].starts_with("presets[1] (\"no end\")"), "{error}");
        assert!(error.0[1].contains("2022-02-30"), "{error}");
        assert!(error.0[2].starts_with("presets[3]:"), "{error}");
    }

    #[test]
    fn entries_of_the_wrong_shape_are_listed_with_the_others() {
        let json =
            r#"[3, {"label":"x","from":20220401,"to":null}, {"label":"ok","from":"2022-04-01","to":"2022-04-30"}]"#;
        let error = parse_time_presets(json).unwrap_err();
        assert_eq!(
            error.0,
            [
                "presets[0]: must be an object with a label, a from and a to, got a number",
                "presets[1] (\"x\"): from must be text, got a number",
            ]
        );
    }

    #[test]
    fn not_a_list_is_explained() {
        let error = parse_time_presets(r#"{"label":"x"}"#).unwrap_err();
        assert!(error.to_string().contains("JSON list"), "{error}");
        assert!(error.to_string().ends_with("got an object"), "{error}");
        assert!(parse_time_presets("[").unwrap_err().to_string().contains("JSON list"));
        assert_eq!(parse_time_presets("[]").unwrap(), vec![]);
    }
}
