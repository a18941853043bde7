use std::fmt;

/// Why an asset could not be read as a basemap.
///
/// ```
/// use incident_map::{Basemap, BasemapError};
/// let err = Basemap::parse("{\"format\": \"incident-map-basemap\", \"version\": 99}").unwrap_err();
/// assert!(matches!(err, BasemapError::UnsupportedVersion { found: 99, .. }));
/// assert!(err.to_string().contains("make basemap"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum BasemapError {
    /// The text is not JSON of the expected shape.
    Json {
        /// Line of the error, from 1.
        line: usize,
        /// Column of the error, from 1.
        column: usize,
        /// What the JSON reader found wrong (serde_json's words).
        message: String,
    },
    /// The JSON is some other file: its `format` field is missing or different.
    NotABasemap {
        /// The `format` field, if there was one.
        found: Option<String>,
    },
    /// The asset was written by another version of the build tool.
    UnsupportedVersion {
        /// The asset's version.
        found: u64,
        /// The version this decoder reads.
        supported: u64,
    },
    /// The asset is well-formed JSON but some items are broken; every one is listed.
    Invalid {
        /// One message per broken item, naming it.
        problems: Vec<String>,
    },
}

impl fmt::Display for BasemapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json { line, column, message } => write!(
                f,
                "the basemap is not valid at line {line}, column {column}: {message} (rebuild it with `make basemap`)"
            ),
            Self::NotABasemap { found: Some(found) } => {
                write!(f, "not a basemap asset: format must be \"{}\", got \"{found}\"", super::raw::FORMAT)
            }
            Self::NotABasemap { found: None } => {
                write!(f, "not a basemap asset: it has no \"format\" field (expected \"{}\")", super::raw::FORMAT)
            }
            Self::UnsupportedVersion { found, supported } => write!(
                f,
                "basemap version {found} is not supported, this build reads version {supported}: rebuild the asset with `make basemap`"
            ),
            Self::Invalid { problems } => {
                write!(f, "the basemap has {} problem(s): {}", problems.len(), problems.join("; "))
            }
        }
    }
}

impl std::error::Error for BasemapError {}

impl From<crate::json::Error> for BasemapError {
    fn from(e: crate::json::Error) -> Self {
        Self::Json { line: e.line(), column: e.column(), message: e.to_string() }
    }
}
