//! Where a value sits in a JSON document, and the numbers JSON cannot hold (NaN, infinities)
//! found there: what the JS-object path of `setData` reports instead of turning them into null.

use std::fmt;

/// One step into a JSON document: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathStep {
    /// A key of an object.
    Key(String),
    /// An index into an array.
    Index(usize),
}

/// A number that JSON cannot hold, and where it was.
///
/// ```
/// use incident_map::{NonFiniteNumber, PathStep};
/// let n = NonFiniteNumber {
///     path: vec![PathStep::Key("features".into()), PathStep::Index(2),
///                PathStep::Key("properties".into()), PathStep::Key("killed".into())],
///     value: f64::NAN,
/// };
/// assert_eq!(n.to_string(), "NaN at features[2].properties.killed");
/// assert_eq!(n.feature(), Some(2));
/// assert_eq!(n.field(), "killed");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct NonFiniteNumber {
    /// Where it is, from the top of the document.
    pub path: Vec<PathStep>,
    /// NaN, or an infinity.
    pub value: f64,
}

impl NonFiniteNumber {
    /// The number as JavaScript writes it: `NaN`, `Infinity` or `-Infinity`.
    pub fn name(&self) -> &'static str {
        match self.value {
            v if v.is_nan() => "NaN",
            v if v > 0.0 => "Infinity",
            _ => "-Infinity",
        }
    }

    /// The index of the feature it is in, when it is inside `features[i]`.
    pub fn feature(&self) -> Option<usize> {
        match self.path.as_slice() {
            [PathStep::Key(features), PathStep::Index(i), ..] if features == "features" => Some(*i),
            _ => None,
        }
    }

    /// The field of the feature it belongs to, named as load reports name fields: a property
    /// (`killed`, `figures`), or `geometry`.
    pub fn field(&self) -> String {
        match self.path.get(2..).unwrap_or_default() {
            [PathStep::Key(p), PathStep::Key(field), ..] if p == "properties" => field.clone(),
            [PathStep::Key(top), ..] => top.clone(),
            _ => "type".to_owned(),
        }
    }

    /// Its path inside its feature, such as `properties.figures[0].killed`.
    pub fn path_in_feature(&self) -> String {
        path_text(self.path.get(2..).unwrap_or_default())
    }
}

impl fmt::Display for NonFiniteNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.name(), path_text(&self.path))
    }
}

/// A path as text: `features[2].properties.killed`.
pub(crate) fn path_text(path: &[PathStep]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            PathStep::Key(key) if out.is_empty() => out.push_str(key),
            PathStep::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            PathStep::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: Vec<PathStep>, value: f64) -> NonFiniteNumber {
        NonFiniteNumber { path, value }
    }

    #[test]
    fn fields_and_paths() {
        let key = |k: &str| PathStep::Key(k.to_owned());
        let coordinate = at(
            vec![key("features"), PathStep::Index(0), key("geometry"), key("coordinates"), PathStep::Index(1)],
            f64::INFINITY,
        );
        assert_eq!((coordinate.field(), coordinate.name()), ("geometry".to_owned(), "Infinity"));
        assert_eq!(coordinate.path_in_feature(), "geometry.coordinates[1]");
        let bare = at(vec![key("features"), PathStep::Index(4)], f64::NEG_INFINITY);
        assert_eq!((bare.feature(), bare.field(), bare.name()), (Some(4), "type".to_owned(), "-Infinity"));
        assert_eq!(at(vec![key("bbox"), PathStep::Index(0)], f64::NAN).feature(), None);
    }
}
