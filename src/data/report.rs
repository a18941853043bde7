use std::fmt;

/// One problem with one feature (or row): where it is, which field, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Position of the feature in the input, counted from 0.
    pub index: usize,
    /// The feature's id, when it has one.
    pub id: Option<String>,
    /// The field at fault: `geometry`, `date`, `killed`, ...
    pub field: String,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "feature {}", self.index)?;
        if let Some(id) = &self.id {
            write!(f, " (id {id:?})")?;
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
    /// Strict mode: the input had problems, so none of it was loaded.
    Strict(LoadReport),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson(why) => write!(f, "the data is not valid JSON: {why}"),
            Self::TooLarge { bytes, limit } => write!(
                f,
                "the data is {:.1} MB, over the limit of {:.1} MB: split it or filter it before loading",
                *bytes as f64 / 1e6,
                *limit as f64 / 1e6
            ),
            Self::TooManyFeatures { count, limit } => {
                write!(f, "the data has {count} features, over the limit of {limit}")
            }
            Self::NotFeatureCollection(why) => write!(f, "the data is not a GeoJSON FeatureCollection: {why}"),
            Self::Strict(report) => {
                write!(
                    f,
                    "strict mode: nothing was loaded because {} feature(s) have problems",
                    report.rejected.len()
                )?;
                if let Some(first) = report.rejected.first() {
                    write!(f, "; first: {first}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}
