//! Time presets given by the embedder, as JSON: `[{"label": "Apr 2022", "from": "2022-04-01",
//! "to": "2022-04-30"}]`. Every bad entry is reported, not only the first.

use std::fmt;

use serde::Deserialize;

use crate::index::TimeRange;
use crate::presets::TimePreset;

/// Why a list of presets was refused: one message per problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresetListError(pub Vec<String>);

impl fmt::Display for PresetListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("; "))
    }
}

impl std::error::Error for PresetListError {}

#[derive(Deserialize)]
struct RawPreset {
    label: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

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
    let raw: Vec<RawPreset> = serde_json::from_str(json).map_err(|e| {
        PresetListError(vec![format!("presets must be a JSON list of {{\"label\", \"from\", \"to\"}} objects: {e}")])
    })?;
    let mut presets = Vec::new();
    let mut problems = Vec::new();
    for (n, entry) in raw.into_iter().enumerate() {
        let name = entry.label.as_deref().map(|l| format!(" ({l:?})")).unwrap_or_default();
        let label = entry.label.as_deref().map(str::trim).filter(|l| !l.is_empty());
        let (Some(label), Some(from), Some(to)) = (label, entry.from.as_deref(), entry.to.as_deref()) else {
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
    fn not_a_list_is_explained() {
        let error = parse_time_presets(r#"{"label":"x"}"#).unwrap_err();
        assert!(error.to_string().contains("JSON list"), "{error}");
        assert_eq!(parse_time_presets("[]").unwrap(), vec![]);
    }
}
