//! One GeoJSON feature (or a CSV row made into one) -> one validated [`Incident`]. GeoJSON and
//! CSV share this, so both are checked the same way and reported in the same words.

use std::borrow::Cow;

use crate::json::{Map, Value};

use super::feature_value::{feature_from_members, Feature, GeometryValue, Id};
use super::fields::{describe, FieldError, Fields};
use super::geocoder::Geocoder;
use super::incident::{trimmed, Casualties, Incident, IncidentId, IncidentText, Precision};
use super::options::LoadOptions;
use super::plain_feature::PlainFeature;
use super::store::Record;
use super::IncidentDate;
use crate::float::Float;
use crate::geo::{Bounds, LonLat};
use crate::quoted::Quoted;

/// What validating a feature needs besides the feature.
pub(crate) struct Context {
    pub(crate) options: LoadOptions,
    pub(crate) geocoder: Geocoder,
    /// Whether the features are CSV rows: their problems are worded in columns (`lat`, `lon`),
    /// not in GeoJSON's terms.
    pub(crate) csv: bool,
}

/// Validates one feature. Problems that cost only a descriptive field go to `warnings`.
pub(crate) fn incident_from(
    index: usize,
    raw: Value,
    context: &mut Context,
    warnings: &mut Vec<FieldError>,
) -> Result<Incident, FieldError> {
    let members = match raw {
        Value::Object(members) if members.get("type").and_then(Value::as_str) == Some("Feature") => members,
        other => {
            return Err(FieldError::new("type", format!("expected a GeoJSON Feature, got {}", describe(&other))));
        }
    };
    let feature: Feature = feature_from_members(members).map_err(|e| {
        // The reader's one complaint not about the geometry is the feature's `id`.
        let field = if e.starts_with("Feature 'id'") { "id" } else { "geometry" };
        FieldError::new(field, format!("the feature is not valid GeoJSON: {e}"))
    })?;
    let empty = Map::new();
    let fields = Fields::new(feature.properties.as_ref().unwrap_or(&empty));
    let id = id_of(&feature, &fields, index)?;
    let stated = stated_precision(&fields)?;
    let (position, precision) = match point_of(&feature)? {
        Some(position) => {
            check_not_swapped(position, context.options.expected_area, context.csv)?;
            if let Some(warning) = outside_warning(position, context.options.expected_area, context.csv) {
                warnings.push(warning);
            }
            let precision = stated.unwrap_or_else(|| {
                context.geocoder.place_at(position).map_or(Precision::Unknown, |place| place.precision)
            });
            (position, precision)
        }
        None => geocode(&fields, stated, &mut context.geocoder, context.csv, warnings)?,
    };
    let date = match fields.text("date")? {
        Some(text) => IncidentDate::parse(&text).map_err(|e| FieldError::new("date", format!("date {e}")))?,
        None => return Err(FieldError::new("date", "date is missing: write it as YYYY-MM-DD")),
    };
    let casualties = Casualties { killed: fields.count("killed")?, injured: fields.count("injured")? };
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

/// The id from `properties.id`, else the feature's `id`, else `feature-<index>`.
fn id_of(feature: &Feature, fields: &Fields<'_>, index: usize) -> Result<IncidentId, FieldError> {
    let declared = match (fields.text("id"), &feature.id) {
        (Ok(Some(text)), _) => IncidentId::new(&text),
        (Ok(None), Some(Id::String(s))) => IncidentId::new(s),
        (Ok(None), Some(Id::Number(n))) => IncidentId::new(&n.to_string()),
        (Ok(None), None) => None,
        (Err(_), _) => match fields.number("id") {
            Some(n) => IncidentId::new(&n.to_string()),
            None => return Err(FieldError::new("id", "id must be text or a number")),
        },
    };
    declared
        .or_else(|| IncidentId::new(&format!("feature-{index}")))
        .ok_or_else(|| FieldError::new("id", "id could not be made"))
}

fn stated_precision(fields: &Fields<'_>) -> Result<Option<Precision>, FieldError> {
    fields
        .text("precision")?
        .map(|text| {
            Precision::parse(&text).ok_or_else(|| {
                FieldError::new(
                    "precision",
                    format!("precision must be one of site, district, city, province, unknown; got {}", Quoted(&text)),
                )
            })
        })
        .transpose()
}

/// The position and precision of a feature without geometry, from its `place` or `province`.
fn geocode(
    fields: &Fields<'_>,
    stated: Option<Precision>,
    geocoder: &mut Geocoder,
    csv: bool,
    warnings: &mut Vec<FieldError>,
) -> Result<(LonLat, Precision), FieldError> {
    let province = fields.text("province").ok().flatten();
    let place = match fields.text("place")? {
        Some(name) => {
            let (place, note) =
                geocoder.place(&name, province.as_deref()).map_err(|e| FieldError::new("place", e.to_string()))?;
            if let Some(note) = note {
                warnings.push(FieldError::new("place", note));
            }
            place
        }
        None => match province {
            Some(name) => geocoder.province(&name).map_err(|e| FieldError::new("province", e.to_string()))?,
            None if csv => {
                return Err(FieldError::new(
                    "lat/lon",
                    "lat and lon are empty and no place is given: give both, or a place the gazetteer knows",
                ))
            }
            None => {
                return Err(FieldError::new(
                    "geometry",
                    "geometry is missing: give a Point with [longitude, latitude] or a place the gazetteer knows",
                ))
            }
        },
    };
    let precision = stated.unwrap_or(Precision::Unknown).coarser(place.precision);
    if stated.is_some_and(|s| s < place.precision) {
        warnings.push(FieldError::new(
            "precision",
            format!(
                "precision {} cannot hold for a point taken from the gazetteer ({}): {} is used",
                Quoted(stated.map_or("", Precision::as_str)),
                place.label(),
                Quoted(precision.as_str())
            ),
        ));
    }
    Ok((place.position, precision))
}

/// The Point, `None` for a null geometry, or why the geometry is unusable.
fn point_of(feature: &Feature) -> Result<Option<LonLat>, FieldError> {
    let Some(geometry) = &feature.geometry else {
        return Ok(None);
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
            LonLat::new(c[0], c[1]).map(Some).map_err(|e| FieldError::new("geometry", e.to_string()))
        }
        other => Err(FieldError::new("geometry", format!("geometry must be a Point, got a {}", geometry_name(other)))),
    }
}

/// Rejects a point that lies outside the expected area only because its numbers are swapped.
fn check_not_swapped(position: LonLat, area: Option<Bounds>, csv: bool) -> Result<(), FieldError> {
    let Some(area) = area else { return Ok(()) };
    if area.contains(position) {
        return Ok(());
    }
    let (lon, lat) = (Float(position.lon()), Float(position.lat()));
    match LonLat::new(position.lat(), position.lon()) {
        Ok(swapped) if area.contains(swapped) && csv => Err(FieldError::new(
            "lat/lon",
            format!("lat {lat} and lon {lon} look swapped: the row's lat should be {lon} and its lon {lat}"),
        )),
        Ok(swapped) if area.contains(swapped) => Err(FieldError::new(
            "geometry",
            format!(
                "coordinates [{lon}, {lat}] look swapped: GeoJSON order is [longitude, latitude], so write [{lat}, {lon}]"
            ),
        )),
        _ => Ok(()),
    }
}

/// A warning for a point outside the area the data is expected to cover: it is loaded, but the
/// map's views and basemap are not there, so no reader would see it unless told. [0, 0] is
/// named as what it usually is.
fn outside_warning(position: LonLat, area: Option<Bounds>, csv: bool) -> Option<FieldError> {
    let area = area.filter(|a| !a.contains(position))?;
    let (lon, lat) = (Float(position.lon()), Float(position.lat()));
    let (field, point) =
        if csv { ("lat/lon", format!("lat {lat}, lon {lon}")) } else { ("geometry", format!("[{lon}, {lat}]")) };
    let why = if position.lon() == 0.0 && position.lat() == 0.0 {
        "0, 0 is usually a place that failed to geocode".to_owned()
    } else {
        format!(
            "the map covers longitudes {} to {} and latitudes {} to {}",
            Float(area.west()),
            Float(area.east()),
            Float(area.south()),
            Float(area.north())
        )
    };
    Some(FieldError::new(field, format!("{point} is outside the map's area, so the incident is out of sight: {why}")))
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

/// A usual, valid feature read fast, as the store keeps it, with `id` for its id (the one it
/// declares, or one made from its index: see [`present`]); `None` when the general reader must
/// look at it (it then decides, and words any problem). For every feature it accepts, the
/// result is what [`incident_from`] gives, without warnings, and no field is copied.
pub(crate) fn plain_record<'a>(
    id: &'a str,
    feature: &'a PlainFeature<'_>,
    context: &mut Context,
) -> Option<Record<'a>> {
    let PlainFeature { coordinates, properties: p } = feature;
    let precision = match present(&p.precision) {
        Some(word) => Some(Precision::parse(word)?),
        None => None,
    };
    let (lon, lat) = *coordinates;
    let position = LonLat::new(lon, lat).ok()?;
    check_not_swapped(position, context.options.expected_area, context.csv).ok()?;
    // Outside the expected area: the general reader warns.
    if context.options.expected_area.is_some_and(|area| !area.contains(position)) {
        return None;
    }
    let precision = precision
        .unwrap_or_else(|| context.geocoder.place_at(position).map_or(Precision::Unknown, |place| place.precision));
    let date = IncidentDate::parse(present(&p.date)?).ok()?;
    Some(Record {
        id,
        date,
        position,
        precision,
        casualties: Casualties { killed: p.killed, injured: p.injured },
        claimed: p.claimed,
        text: [
            present(&p.place),
            present(&p.place_fa),
            present(&p.province),
            present(&p.district),
            present(&p.site),
            present(&p.target),
            present(&p.community),
            present(&p.perpetrator),
            present(&p.claim),
            present(&p.summary),
        ],
    })
}

/// A text property trimmed, if it says anything (a feature's id, too: one that says nothing is
/// made from the feature's index).
pub(crate) fn present<'a>(value: &'a Option<Cow<'_, str>>) -> Option<&'a str> {
    value.as_deref().map(trimmed).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::plain_feature::read_plain;

    /// Every feature the fast reader accepts gives what the general reader gives, without a
    /// warning; the others are left to the general reader.
    #[test]
    fn the_fast_reader_agrees_with_the_general_one() {
        let options = LoadOptions::default();
        let mut context = Context { options: options.clone(), geocoder: Geocoder::new(), csv: false };
        let point = r#""geometry":{"type":"Point","coordinates":[69.2,34.5]}"#;
        let cases = [
            (format!(r#"{{"type":"Feature",{point},"properties":{{"id":" a ","date":"2022-04-29","killed":3,"injured":null,"place":" Kabul ","place_fa":"کابل","site":"","claimed":true,"summary":"x \"y\" \\n","extra":[1,{{"z":2}}]}}}}"#), true),
            (format!(r#"{{{point},"properties":{{"date":"2022-04","precision":"Town","killed":0}},"type":"Feature"}}"#), true),
            (format!(r#"{{"type":"Feature",{point},"properties":{{"date":"2022-04-29","killed":4294967294}}}}"#), true),
            (format!(r#"{{"type":"Feature",{point},"properties":{{"id":"feature-9","date":"2022-04-29"}}}}"#), true),
            (r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[61.2,34.35]},"properties":{"date":"2022-04-29"}}"#.to_owned(), true),
            (format!(r#"{{"type":"Feature",{point},"properties":{{"date":"2022-04-29","killed":4294967295}}}}"#), false),
            (format!(r#"{{"type":"Feature",{point},"properties":{{"date":"2022-04-29","killed":4.0}}}}"#), false),
            (format!(r#"{{"type":"Feature",{point},"properties":{{"date":"2022-04-29","killed":-1}}}}"#), false),
            (format!(r#"{{"type":"Feature",{point},"properties":{{"date":"2022-04-29","claimed":"yes"}}}}"#), false),
            (format!(r#"{{"type":"Feature",{point},"properties":{{"date":"2022-04-29","place":7}}}}"#), false),
            (format!(r#"{{"type":"Feature",{point},"properties":{{"id":7,"date":"2022-04-29"}}}}"#), false),
            (format!(r#"{{"type":"Feature",{point},"id":"f","properties":{{"date":"2022-04-29"}}}}"#), false),
            (format!(r#"{{"type":"Feature",{point},"properties":["a","2022-04-29"]}}"#), false),
            (format!(r#"{{"type":"Feature",{point},"properties":{{"date":"2022-02-30"}}}}"#), false),
            (format!(r#"{{"type":"Feature",{point},"properties":{{"date":"2022-04-29","precision":"street"}}}}"#), false),
            (format!(r#"{{"type":"Feature",{point},"properties":{{"date":"2022-04-29","sources":[]}}}}"#), false),
            (r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[34.5,69.2]},"properties":{"date":"2022-04-29"}}"#.to_owned(), false),
            (r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[69.2,34.5,1200]},"properties":{"date":"2022-04-29"}}"#.to_owned(), false),
            (r#"{"type":"Feature","geometry":["Point",[69.2,34.5]],"properties":{"date":"2022-04-29"}}"#.to_owned(), false),
            (r#"{"type":"Feature","geometry":null,"properties":{"date":"2022-04-29","place":"Kabul"}}"#.to_owned(), false),
            (r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[69.2,34.5]},"properties":null}"#.to_owned(), false),
        ];
        for (n, (text, fast)) in cases.iter().enumerate() {
            let feature = read_plain(text.as_bytes());
            let made_up = format!("feature-{n}");
            let declared = feature.as_ref().and_then(|f| present(&f.properties.id));
            let got = feature.as_ref().and_then(|f| plain_record(declared.unwrap_or(&made_up), f, &mut context));
            assert_eq!(got.is_some(), *fast, "{text}");
            if let Some(record) = got {
                let mut warnings = Vec::new();
                let value: Value = crate::json::from_str(text).unwrap();
                assert_eq!(declared.is_some(), crate::data::collect::declared_id(&value).is_some(), "{text}");
                let general = incident_from(n, value, &mut context, &mut warnings).unwrap();
                assert_eq!(record, Record::of(&general), "{text}");
                assert!(general.figures.is_empty() && general.sources.is_empty(), "{text}");
                assert!(warnings.is_empty(), "{text}: {warnings:?}");
            }
        }
    }
}
