//! The widget's own CSV columns: those of the GeoJSON properties, with latitude and longitude
//! columns for the point and `source` / `source_url` for one source.

use crate::json::Value;

use super::row::{count, Draft, Header, Row};
use crate::data::fields::FieldError;

const LAT: [&str; 2] = ["lat", "latitude"];
const LON: [&str; 4] = ["lon", "lng", "long", "longitude"];
const PLACE: [&str; 4] = ["place", "city", "location", "town"];
const KILLED: [&str; 4] = ["killed", "deaths", "dead", "fatalities"];
const INJURED: [&str; 2] = ["injured", "wounded"];
/// Columns copied as they are, under the same name.
const TEXT: [&str; 11] = [
    "id",
    "date",
    "place_fa",
    "province",
    "district",
    "site",
    "precision",
    "target",
    "community",
    "perpetrator",
    "summary",
];

/// Whether a header has what a row needs: a date, and a point or a place.
pub(crate) fn matches(header: &Header) -> bool {
    let located = (header.first_of(&LAT).is_some() && header.first_of(&LON).is_some())
        || header.first_of(&PLACE).is_some()
        || header.has("province");
    header.has("date") && located
}

/// The id a row declares.
pub(crate) fn id(row: &Row<'_>) -> Option<String> {
    row.cell("id").map(str::to_owned)
}

/// The feature a row describes.
pub(crate) fn feature(row: &Row<'_>) -> Result<Value, FieldError> {
    let mut draft = Draft::default();
    for column in TEXT {
        draft.text(column, row.cell(column));
    }
    draft.text("place", row.cell_of(&PLACE).1);
    let (lat_column, lat) = row.cell_of(&LAT);
    let (lon_column, lon) = row.cell_of(&LON);
    draft.point((lat_column.unwrap_or("lat"), lat), (lon_column.unwrap_or("lon"), lon))?;
    for (field, columns) in [("killed", &KILLED[..]), ("injured", &INJURED[..])] {
        if let (Some(column), cell) = row.cell_of(columns) {
            draft.set(field, count(field, column, cell)?);
        }
    }
    draft.text("claim", row.cell("claim"));
    if let Some(text) = row.cell("claimed") {
        draft.set("claimed", flag(text));
    }
    draft.source(row.cell_of(&["source", "source_title"]).1, row.cell_of(&["source_url", "url"]).1);
    Ok(draft.into_feature())
}

/// `true`/`yes`/`1` and `false`/`no`/`0`; anything else stays text, and the loader warns.
fn flag(text: &str) -> Value {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Value::Bool(true),
        "false" | "no" | "0" => Value::Bool(false),
        _ => Value::from(text),
    }
}
