//! Loading incidents from GeoJSON, feature by feature: every bad feature is reported and every
//! good one is kept.

use crate::json::Value;

use super::collect::{declared_id, Collector, Position};
use super::fields::{describe, FieldError};
use super::geojson_stream::GeoJsonStream;
use super::json_path::NonFiniteNumber;
use super::options::{CompactDataset, Dataset, LoadOptions};
use super::report::LoadError;
use crate::quoted::Quoted;

/// Loads incidents from GeoJSON text.
///
/// ```
/// use incident_map::{load_geojson, LoadOptions};
/// let text = r#"{"type":"FeatureCollection","features":[
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[69.17,34.53]},
///    "properties":{"id":"a","date":"2022-04-29","killed":10}},
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[69.17,34.53]},
///    "properties":{"id":"b","date":"2022-04-29","killed":-3}}]}"#;
/// let data = load_geojson(text, &LoadOptions::default()).unwrap();
/// assert_eq!(data.incidents.len(), 1);
/// assert_eq!(data.report.rejected[0].to_string(),
///            r#"feature 1 (id "b"): killed must be a non-negative whole number, got -3"#);
/// ```
pub fn load_geojson(text: &str, options: &LoadOptions) -> Result<Dataset, LoadError> {
    load_geojson_compact(text, options).map(CompactDataset::into_dataset)
}

/// Loads incidents from GeoJSON text into the compact store, feature by feature.
pub fn load_geojson_compact(text: &str, options: &LoadOptions) -> Result<CompactDataset, LoadError> {
    if text.len() > options.max_bytes {
        return Err(LoadError::TooLarge { bytes: text.len(), limit: options.max_bytes });
    }
    let mut stream = GeoJsonStream::new(options);
    stream.push(text.as_bytes())?;
    stream.finish()
}

/// Loads incidents from an already parsed JSON value.
///
/// ```
/// use incident_map::{load_geojson_value, LoadOptions};
/// let value = incident_map::json::from_str(r#"{"type": "FeatureCollection", "features": [
///     {"type": "Feature", "geometry": null, "properties": {"date": "2022-04-21", "place": "Kondoz"}}]}"#).unwrap();
/// let data = load_geojson_value(value, &LoadOptions::default()).unwrap();
/// assert_eq!(data.incidents[0].id.as_str(), "feature-0");
/// assert_eq!(data.incidents[0].precision, incident_map::Precision::City);
/// ```
pub fn load_geojson_value(value: Value, options: &LoadOptions) -> Result<Dataset, LoadError> {
    load_geojson_object(value, &[], options)
}

/// Loads incidents from a JSON value made from a JavaScript object, in which the numbers JSON
/// cannot hold were replaced by null and listed in `non_finite`: each feature holding one is
/// rejected, naming the number and where it was, instead of reading it as unknown.
///
/// ```
/// use incident_map::{load_geojson_object, LoadOptions, NonFiniteNumber, PathStep};
/// let value = incident_map::json::from_str(r#"{"type": "FeatureCollection", "features": [
///     {"type": "Feature", "geometry": {"type": "Point", "coordinates": [69.17, 34.53]},
///      "properties": {"id": "nan", "date": "2022-04-29", "killed": null}}]}"#).unwrap();
/// let key = |k: &str| PathStep::Key(k.into());
/// let nan = NonFiniteNumber { path: vec![key("features"), PathStep::Index(0), key("properties"), key("killed")],
///                             value: f64::NAN };
/// let data = load_geojson_object(value, &[nan], &LoadOptions::default()).unwrap();
/// assert_eq!(data.report.rejected[0].to_string(),
///     r#"feature 0 (id "nan"): killed is NaN, which is not a number: write a finite number, or null when unknown (at properties.killed)"#);
/// ```
pub fn load_geojson_object(
    value: Value,
    non_finite: &[NonFiniteNumber],
    options: &LoadOptions,
) -> Result<Dataset, LoadError> {
    load_geojson_object_compact(value, non_finite, options).map(CompactDataset::into_dataset)
}

/// [`load_geojson_object`] into the compact store.
pub fn load_geojson_object_compact(
    value: Value,
    non_finite: &[NonFiniteNumber],
    options: &LoadOptions,
) -> Result<CompactDataset, LoadError> {
    let features = feature_list(value)?;
    if features.len() > options.max_features {
        return Err(LoadError::TooManyFeatures { count: features.len(), limit: options.max_features });
    }
    let mut collector = Collector::new(options);
    for (index, raw) in features.into_iter().enumerate() {
        let item = match non_finite.iter().find(|n| n.feature() == Some(index)) {
            Some(bad) => Err((declared_id(&raw), non_finite_error(bad))),
            None => Ok(raw),
        };
        collector.add(Position { index, line: None }, item);
    }
    collector.finish_compact()
}

fn non_finite_error(number: &NonFiniteNumber) -> FieldError {
    let field = number.field();
    FieldError::new(
        &field,
        format!(
            "{field} is {}, which is not a number: write a finite number, or null when unknown (at {})",
            number.name(),
            number.path_in_feature()
        ),
    )
}

fn feature_list(value: Value) -> Result<Vec<Value>, LoadError> {
    let not_fc = |why: String| Err(LoadError::NotFeatureCollection(why));
    let Value::Object(mut top) = value else {
        return not_fc(format!("expected an object with \"type\": \"FeatureCollection\", got {}", describe(&value)));
    };
    match top.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {}
        Some("Feature") => {
            return not_fc(
                "got a single Feature; wrap it as {\"type\": \"FeatureCollection\", \"features\": [ ... ]}".to_owned(),
            )
        }
        Some(other) => return not_fc(format!("\"type\" is {}, expected \"FeatureCollection\"", Quoted(other))),
        None => return not_fc("the object has no \"type\": \"FeatureCollection\"".to_owned()),
    }
    match top.remove("features") {
        Some(Value::Array(features)) => Ok(features),
        Some(other) => not_fc(format!("\"features\" must be a list, got {}", describe(&other))),
        None => not_fc("it has no \"features\" list".to_owned()),
    }
}
