//! One entry point for text of either format: JSON starts with `{` or `[`, anything else is read
//! as CSV.

use super::csv_load::load_csv;
use super::geojson_load::load_geojson_compact;
use super::options::{CompactDataset, Dataset, LoadOptions};
use super::report::LoadError;
use super::store::IncidentStore;

/// Loads GeoJSON or CSV text, telling them apart by the first character that is not white space
/// (or a byte-order mark): `{` or `[` is JSON, anything else CSV.
///
/// ```
/// use incident_map::{load_text, LoadOptions};
/// let options = LoadOptions::default();
/// let geojson = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,
///                  "properties":{"date":"2022-04-22","place":"Imam Sahib"}}]}"#;
/// assert_eq!(load_text(geojson, &options).unwrap().incidents.len(), 1);
/// let csv = "date,place,killed\n2022-04-22,Imam Sahib,33\n";
/// assert_eq!(load_text(csv, &options).unwrap().incidents[0].casualties.killed, Some(33));
/// assert!(load_text("not json", &options).unwrap_err().to_string().contains("not valid JSON"));
/// ```
pub fn load_text(text: &str, options: &LoadOptions) -> Result<Dataset, LoadError> {
    load_text_compact(text, options).map(CompactDataset::into_dataset)
}

/// [`load_text`] into the compact store.
pub fn load_text_compact(text: &str, options: &LoadOptions) -> Result<CompactDataset, LoadError> {
    if is_json(text) {
        load_geojson_compact(text, options)
    } else {
        load_csv(text, options).map(|data| CompactDataset {
            incidents: IncidentStore::from_incidents(data.incidents),
            report: data.report,
        })
    }
}

/// Whether text (or its first chunk) is JSON rather than CSV: its first character that is not
/// white space or a byte-order mark is `{` or `[`.
pub fn is_json(text: &str) -> bool {
    text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}').starts_with(['{', '['])
}
