//! Replays the fuzz corpus (fuzz/corpus/loaders) through the loaders with the calls of the fuzz
//! target (fuzz/fuzz_targets/loaders.rs), so that CI checks it without nightly Rust: none may
//! panic, and each input is either loaded or refused with an error.

use std::path::Path;

use incident_map::{load_csv, load_geojson, load_text, Gazetteer, IncidentDate, LoadOptions};

fn replay(text: &str) {
    let options = LoadOptions::default();
    let strict = LoadOptions { strict: true, max_features: 50, ..LoadOptions::default() };
    let _ = load_geojson(text, &options);
    let _ = load_csv(text, &options);
    let _ = load_text(text, &strict);
    let _ = IncidentDate::parse(text);
    if text.len() < 200 {
        let _ = Gazetteer::afghanistan().find(text, Some(text));
    }
}

#[test]
fn every_corpus_file_goes_through_every_loader_without_a_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/loaders");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            replay(text);
            replayed += 1;
        }
    }
    assert!(replayed >= 10, "{replayed} corpus files in {}", dir.display());
}

#[test]
fn odd_shapes_do_not_panic() {
    for text in
        ["", " ", "\u{feff}", "{", "[", "\"", "\n\n\n", ",,,\n,,,", "date\n\"", "é-é-é", "2022-é", "２０２２-04-01"]
    {
        replay(text);
    }
}
