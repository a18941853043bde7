//! The report of a load: every problem with where it is, and the errors that stop a load.

use std::fmt;

use crate::float::Fixed;
use crate::quoted::Quoted;

/// One problem with one feature (or row): where it is, which field, and what to do about it.
///
/// ```
/// use incident_map::Problem;
/// let mut p = Problem { index: 3, line: None, id: Some("kbl-7".into()), field: "killed".into(),
///                       message: "killed must be a non-negative whole number, got -3".into() };
/// assert_eq!(p.to_string(), r#"feature 3 (id "kbl-7"): killed must be a non-negative whole number, got -3"#);
/// p.line = Some(5);
/// assert!(p.to_string().starts_with(r#"line 5 (id "kbl-7"): "#));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Position of the feature (or CSV data row) in the input, counted from 0.
    pub index: usize,
    /// For CSV, the line of the file the row starts on (the header is line 1).
    pub line: Option<u64>,
    /// The feature's id, when it has one.
    pub id: Option<String>,
    /// The field at fault: `geometry`, `date`, `killed`, ...
    pub field: String,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}")?,
            None => write!(f, "feature {}", self.index)?,
        }
        if let Some(id) = &self.id {
            write!(f, " (id {})", Quoted(id))?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What a load kept and what it could not use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Incidents loaded.
    pub loaded: usize,
    /// Features left out, each with the first problem that ruled it out.
    pub rejected: Vec<Problem>,
    /// Problems that cost a field but not the feature (for example a source link that is not
    /// http or https: the source stays, as text).
    pub warnings: Vec<Problem>,
    /// Incidents loaded outside the area the data is expected to cover (`LoadOptions::
    /// expected_area`): each also has a warning, and the map says how many are out of sight.
    pub off_map: usize,
}

/// Why nothing at all could be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The text is not JSON.
    NotJson(String),
    /// The input is larger than the limit.
    TooLarge {
        /// Size of the input in bytes.
        bytes: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// More features than the limit.
    TooManyFeatures {
        /// Features in the input.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// Valid JSON, but not a GeoJSON FeatureCollection.
    NotFeatureCollection(String),
    /// Neither JSON (it does not start with `{` or `[`) nor a CSV table this widget reads.
    NotJsonOrCsv(String),
    /// A CSV table with more data rows than the limit.
    TooManyRows {
        /// The limit.
        limit: usize,
    },
    /// A JavaScript object that cannot be read as JSON (nested too deeply, or circular).
    NotJsonObject(String),
    /// Strict mode: the input had problems, so none of it was loaded.
    Strict(LoadReport),
    /// Some incidents are given by place name (or need the gazetteer to tell a town centre from
    /// a site), and the gazetteer is not loaded yet: load again once it is.
    NeedsGazetteer,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson(why) => write!(f, "the data is not valid JSON: {why}"),
            Self::TooLarge { bytes, limit } => write!(
                f,
                "the data is {} MB, over the limit of {} MB: split it or filter it before loading",
                Fixed(*bytes as f64 / 1e6, 1),
                Fixed(*limit as f64 / 1e6, 1)
            ),
            Self::TooManyFeatures { count, limit } => {
                write!(f, "the data has {count} features, over the limit of {limit}")
            }
            Self::NotFeatureCollection(why) => write!(f, "the data is not a GeoJSON FeatureCollection: {why}"),
            Self::NotJsonOrCsv(why) => write!(f, "the data is not valid JSON and not a CSV table of incidents: {why}"),
            Self::TooManyRows { limit } => write!(f, "the table has more than {limit} rows, over the limit"),
            Self::NotJsonObject(why) => write!(f, "the data object cannot be read as GeoJSON: {why}"),
            Self::Strict(report) => {
                let unit = match report.rejected.first() {
                    Some(Problem { line: Some(_), .. }) => "row",
                    _ => "feature",
                };
                let n = report.rejected.len();
                let plural = if n == 1 { "" } else { "s" };
                write!(f, "strict mode: nothing was loaded because {n} {unit}{plural} had problems")?;
                if let Some(first) = report.rejected.first() {
                    write!(f, "; first: {first}")?;
                }
                Ok(())
            }
            Self::NeedsGazetteer => f.write_str("place names need the gazetteer of Afghan places, which is not loaded"),
        }
    }
}

impl std::error::Error for LoadError {}
