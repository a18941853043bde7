//! Any bytes through every loader of untrusted text: GeoJSON, CSV (with the ACLED and GTD
//! dialects), the format detection in front of them, dates and gazetteer look-ups. None may
//! panic, hang or run out of memory. tests/fuzz_corpus.rs makes the same calls on the corpus.
#![no_main]

use incident_map::{load_csv, load_geojson, load_text, Gazetteer, IncidentDate, LoadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let options = LoadOptions::default();
    let strict = LoadOptions { strict: true, max_features: 50, ..LoadOptions::default() };
    let _ = load_geojson(text, &options);
    let _ = load_csv(text, &options);
    let _ = load_text(text, &strict);
    let _ = IncidentDate::parse(text);
    if text.len() < 200 {
        let _ = Gazetteer::afghanistan().find(text, Some(text));
    }
});
