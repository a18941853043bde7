//! Loading incidents from GeoJSON text, feature by feature: every bad feature is reported and every
//! good one is kept.

use std::collections::HashMap;

use geojson::{Feature, GeometryValue};
use serde_json::{Map, Value};

use super::fields::{describe, FieldError, Fields};
use super::incident::{Casualties, Incident, IncidentId, IncidentText, Precision};
use super::report::{LoadError, LoadReport, Problem};
use super::IncidentDate;
use crate::geo::{Bounds, LonLat};

/// Limits that keep a hostile or mistaken input from freezing the page.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadOptions {
    /// Reject the whole input when any feature has a problem.
    pub strict: bool,
    /// Largest input accepted, in bytes.
    pub max_bytes: usize,
    /// Most features accepted.
    pub max_features: usize,
    /// The area the data is expected to cover. A point outside it whose swapped pair falls
    /// inside is rejected as a [lat, lon] pair written the wrong way round (such a pair is
    /// usually a valid position elsewhere on Earth, so the range check alone misses it).
    pub expected_area: Option<Bounds>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            strict: false,
            max_bytes: 256 * 1024 * 1024,
            max_features: 2_000_000,
            expected_area: Some(Bounds::new(LonLat::clamped(55.0, 27.0), LonLat::clamped(80.0, 42.0))),
        }
    }
}

/// The incidents a load produced and the report of what it left out.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// The valid incidents, in input order.
    pub incidents: Vec<Incident>,
    /// What was loaded, rejected and warned about.
    pub report: LoadReport,
}

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
    if text.len() > options.max_bytes {
        return Err(LoadError::TooLarge { bytes: text.len(), limit: options.max_bytes });
    }
    let value: Value = serde_json::from_str(text).map_err(|e| LoadError::NotJson(json_error_message(&e)))?;
    load_geojson_value(value, options)
}

/// Loads incidents from an already parsed JSON value (the JS-object path).
pub fn load_geojson_value(value: Value, options: &LoadOptions) -> Result<Dataset, LoadError> {
    let features = feature_list(value)?;
    if features.len() > options.max_features {
        return Err(LoadError::TooManyFeatures { count: features.len(), limit: options.max_features });
    }
    let mut dataset = Dataset::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, raw) in features.into_iter().enumerate() {
        let id_hint = raw_id(&raw);
        let mut warnings = Vec::new();
        let located = |e: FieldError| Problem { index, id: id_hint.clone(), field: e.field, message: e.message };
        match incident_from(index, raw, options, &mut warnings).and_then(|i| unique(i, index, &mut seen)) {
            Ok(incident) => dataset.incidents.push(incident),
            Err(e) => dataset.report.rejected.push(located(e)),
        }
        dataset.report.warnings.extend(warnings.into_iter().map(located));
    }
    dataset.report.loaded = dataset.incidents.len();
    if options.strict && !dataset.report.rejected.is_empty() {
        return Err(LoadError::Strict(dataset.report));
    }
    Ok(dataset)
}

fn json_error_message(e: &serde_json::Error) -> String {
    if e.to_string().contains("recursion limit") {
        format!("it is nested too deeply (more than 128 levels) at line {}, column {}", e.line(), e.column())
    } else {
        e.to_string()
    }
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
        Some(other) => return not_fc(format!("\"type\" is {other:?}, expected \"FeatureCollection\"")),
        None => return not_fc("the object has no \"type\": \"FeatureCollection\"".to_owned()),
    }
    match top.remove("features") {
        Some(Value::Array(features)) => Ok(features),
        Some(other) => not_fc(format!("\"features\" must be a list, got {}", describe(&other))),
        None => not_fc("it has no \"features\" list".to_owned()),
    }
}

/// The id a feature declares, read before validation so that every problem can name it.
fn raw_id(raw: &Value) -> Option<String> {
    let declared = raw.get("properties").and_then(|p| p.get("id")).or_else(|| raw.get("id"))?;
    match declared {
        Value::String(s) => IncidentId::new(s).map(|id| id.as_str().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn unique(incident: Incident, index: usize, seen: &mut HashMap<String, usize>) -> Result<Incident, FieldError> {
    match seen.get(incident.id.as_str()) {
        Some(first) => Err(FieldError::new(
            "id",
            format!("duplicate id {:?}: feature {first} already uses it", incident.id.as_str()),
        )),
        None => {
            seen.insert(incident.id.as_str().to_owned(), index);
            Ok(incident)
        }
    }
}

fn incident_from(
    index: usize,
    raw: Value,
    options: &LoadOptions,
    warnings: &mut Vec<FieldError>,
) -> Result<Incident, FieldError> {
    if raw.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err(FieldError::new("type", format!("expected a GeoJSON Feature, got {}", describe(&raw))));
    }
    let feature: Feature = serde_json::from_value(raw)
        .map_err(|e| FieldError::new("geometry", format!("the feature is not valid GeoJSON: {e}")))?;
    let empty = Map::new();
    let props = feature.properties.as_ref().unwrap_or(&empty);
    let fields = Fields::new(props);
    let id = match (fields.text("id"), &feature.id) {
        (Ok(Some(text)), _) => IncidentId::new(&text),
        (Ok(None), Some(geojson::feature::Id::String(s))) => IncidentId::new(s),
        (Ok(None), Some(geojson::feature::Id::Number(n))) => IncidentId::new(&n.to_string()),
        (Ok(None), None) => None,
        (Err(_), _) => match props.get("id") {
            Some(Value::Number(n)) => IncidentId::new(&n.to_string()),
            _ => return Err(FieldError::new("id", "id must be text or a number")),
        },
    }
    .or_else(|| IncidentId::new(&format!("feature-{index}")))
    .ok_or_else(|| FieldError::new("id", "id could not be made"))?;

    let position = position_of(&feature)?;
    check_not_swapped(position, options.expected_area)?;
    let date = match fields.text("date")? {
        Some(text) => IncidentDate::parse(&text).map_err(|e| FieldError::new("date", format!("date {e}")))?,
        None => return Err(FieldError::new("date", "date is missing: write it as YYYY-MM-DD")),
    };
    let casualties = Casualties { killed: fields.count("killed")?, injured: fields.count("injured")? };
    let precision = match fields.text("precision")? {
        None => Precision::Site,
        Some(text) => Precision::parse(&text).ok_or_else(|| {
            FieldError::new(
                "precision",
                format!("precision must be one of site, district, city, province; got {text:?}"),
            )
        })?,
    };
    let mut text_field = |name: &str| match fields.text(name) {
        Ok(v) => v,
        Err(e) => {
            warnings.push(FieldError::new(&e.field, format!("{}; ignored", e.message)));
            None
        }
    };
    let text = IncidentText {
        place: text_field("place"),
        place_fa: text_field("place_fa"),
        province: text_field("province"),
        district: text_field("district"),
        site: text_field("site"),
        target: text_field("target"),
        community: text_field("community"),
        perpetrator: text_field("perpetrator"),
        claim: text_field("claim"),
        summary: text_field("summary"),
    };
    let claimed = fields.flag("claimed").unwrap_or_else(|e| {
        warnings.push(FieldError::new(&e.field, format!("{}; ignored", e.message)));
        None
    });
    Ok(Incident {
        id,
        date,
        position,
        precision,
        casualties,
        claimed,
        text,
        figures: fields.figures(warnings),
        sources: fields.sources(warnings),
    })
}

fn position_of(feature: &Feature) -> Result<LonLat, FieldError> {
    let Some(geometry) = &feature.geometry else {
        return Err(FieldError::new(
            "geometry",
            "geometry is missing: give a Point with [longitude, latitude] or a place the gazetteer knows",
        ));
    };
    match &geometry.value {
        GeometryValue::Point { coordinates } => {
            let c = coordinates.as_slice();
            if c.len() < 2 {
                return Err(FieldError::new(
                    "geometry",
                    format!("a Point needs [longitude, latitude], got {} number(s)", c.len()),
                ));
            }
            LonLat::new(c[0], c[1]).map_err(|e| FieldError::new("geometry", e.to_string()))
        }
        other => Err(FieldError::new("geometry", format!("geometry must be a Point, got a {}", geometry_name(other)))),
    }
}

/// Rejects a point that lies outside the expected area only because its numbers are swapped.
fn check_not_swapped(position: LonLat, area: Option<Bounds>) -> Result<(), FieldError> {
    let Some(area) = area else { return Ok(()) };
    if area.contains(position) {
        return Ok(());
    }
    match LonLat::new(position.lat(), position.lon()) {
        Ok(swapped) if area.contains(swapped) => Err(FieldError::new(
            "geometry",
            format!(
                "coordinates [{}, {}] look swapped: GeoJSON order is [longitude, latitude], so write [{}, {}]",
                position.lon(),
                position.lat(),
                position.lat(),
                position.lon()
            ),
        )),
        _ => Ok(()),
    }
}

fn geometry_name(value: &GeometryValue) -> &'static str {
    match value {
        GeometryValue::Point { .. } => "Point",
        GeometryValue::MultiPoint { .. } => "MultiPoint",
        GeometryValue::LineString { .. } => "LineString",
        GeometryValue::MultiLineString { .. } => "MultiLineString",
        GeometryValue::Polygon { .. } => "Polygon",
        GeometryValue::MultiPolygon { .. } => "MultiPolygon",
        GeometryValue::GeometryCollection { .. } => "GeometryCollection",
    }
}
