//! GeoJSON loading: good and bad inputs, each bad one with its expected report.

use incident_map::{load_geojson, LoadError, LoadOptions, Precision};

fn collection(features: &[&str]) -> String {
    format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","))
}

fn point(lon: &str, lat: &str, props: &str) -> String {
    format!(
        r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{lon},{lat}]}},"properties":{{{props}}}}}"#
    )
}

fn load(text: &str) -> incident_map::Dataset {
    load_geojson(text, &LoadOptions::default()).unwrap()
}

#[test]
fn each_bad_feature_is_reported_and_the_good_ones_kept() {
    let text = collection(&[
        &point("69.17", "34.53", r#""id":"good","date":"2022-04-29","killed":10"#),
        &point("34.53", "69.17", r#""id":"swapped","date":"2022-04-29""#),
        &point("190", "34", r#""id":"lon","date":"2022-04-29""#),
        &point("69", "34", r#""id":"feb30","date":"2022-02-30""#),
        &point("69", "34", r#""id":"nodate""#),
        &point("69", "34", r#""id":"neg","date":"2022-04-29","killed":-3"#),
        &point("69", "34", r#""id":"frac","date":"2022-04-29","killed":2.5"#),
        &point("69", "34", r#""id":"str","date":"2022-04-29","injured":"12""#),
        &point("69", "34", r#""id":"good","date":"2022-04-29""#),
        r#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[69,34],[70,34],[70,35],[69,34]]]},"properties":{"id":"poly","date":"2022-04-29"}}"#,
        r#"{"type":"Feature","geometry":null,"properties":{"id":"nogeom","date":"2022-04-29"}}"#,
        &point("69", "34", r#""date":"2022-04-29","precision":"street""#),
    ]);
    let data = load(&text);
    assert_eq!(data.incidents.len(), 1);
    let problems: Vec<(usize, Option<&str>, &str)> =
        data.report.rejected.iter().map(|p| (p.index, p.id.as_deref(), p.field.as_str())).collect();
    assert_eq!(
        problems,
        vec![
            (1, Some("swapped"), "geometry"),
            (2, Some("lon"), "geometry"),
            (3, Some("feb30"), "date"),
            (4, Some("nodate"), "date"),
            (5, Some("neg"), "killed"),
            (6, Some("frac"), "killed"),
            (7, Some("str"), "injured"),
            (8, Some("good"), "id"),
            (9, Some("poly"), "geometry"),
            (10, Some("nogeom"), "geometry"),
            (11, None, "precision"),
        ]
    );
    let messages: Vec<String> = data.report.rejected.iter().map(ToString::to_string).collect();
    assert!(messages[0].contains("swapped"), "{}", messages[0]);
    assert_eq!(messages[3], r#"feature 4 (id "nodate"): date is missing: write it as YYYY-MM-DD"#);
    assert_eq!(messages[4], r#"feature 5 (id "neg"): killed must be a non-negative whole number, got -3"#);
    assert!(messages[6].contains("without quotes"), "{}", messages[6]);
    assert!(messages[7].contains("feature 0 already uses it"), "{}", messages[7]);
    assert!(messages[8].contains("Polygon"), "{}", messages[8]);
}

#[test]
fn whole_file_errors_name_the_problem() {
    let err = |text: &str| load_geojson(text, &LoadOptions::default()).unwrap_err().to_string();
    assert!(err("not json").starts_with("the data is not valid JSON"));
    assert!(err("[1,2]").contains("expected an object"));
    assert!(err(&point("69", "34", r#""date":"2022-01-01""#)).contains("single Feature"));
    assert!(err(r#"{"type":"FeatureCollection","features":{}}"#).contains("must be a list"));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(err(&deep).contains("nested too deeply"), "{}", err(&deep));
    let small = LoadOptions { max_bytes: 10, ..LoadOptions::default() };
    assert!(matches!(load_geojson(&collection(&[]), &small), Err(LoadError::TooLarge { .. })));
}

#[test]
fn an_empty_collection_loads_nothing_without_error() {
    let data = load(&collection(&[]));
    assert_eq!((data.incidents.len(), data.report.rejected.len()), (0, 0));
}

#[test]
fn strict_mode_rejects_everything_on_any_problem() {
    let text = collection(&[
        &point("69", "34", r#""id":"a","date":"2022-04-29""#),
        &point("69", "34", r#""id":"b","date":"2022-13-01""#),
    ]);
    let strict = LoadOptions { strict: true, ..LoadOptions::default() };
    match load_geojson(&text, &strict) {
        Err(LoadError::Strict(report)) => assert_eq!(report.rejected.len(), 1),
        other => panic!("expected a strict-mode error, got {other:?}"),
    }
}

#[test]
fn missing_ids_get_stable_generated_ids_and_numbers_are_accepted() {
    let text = collection(&[
        &point("69", "34", r#""date":"2022-04-29""#),
        r#"{"type":"Feature","id":42,"geometry":{"type":"Point","coordinates":[69,34]},"properties":{"date":"2022-04-30"}}"#,
    ]);
    let data = load(&text);
    let ids: Vec<&str> = data.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["feature-0", "42"]);
}

#[test]
fn hostile_text_is_kept_as_text_and_unsafe_links_dropped() {
    let props = r#""id":"<script>alert(1)</script>","date":"2022-04-29","summary":"<img src=x onerror=alert(1)>",
        "sources":[{"title":"<b>x</b>","url":"javascript:alert(1)"},{"title":"ok","url":"https://example.org/a"}]"#;
    let data = load(&collection(&[&point("69", "34", props)]));
    let incident = &data.incidents[0];
    assert_eq!(incident.id.as_str(), "<script>alert(1)</script>");
    assert_eq!(incident.text.summary.as_deref(), Some("<img src=x onerror=alert(1)>"));
    assert_eq!(incident.sources[0].url, None);
    assert_eq!(incident.sources[1].url.as_deref(), Some("https://example.org/a"));
    assert_eq!(data.report.warnings.len(), 1);
    assert_eq!(data.report.warnings[0].field, "sources[0].url");
}

#[test]
fn right_to_left_and_mixed_script_text_survives() {
    let props = r#""date":"2022-04-21","place":"Mazar-e Sharif","place_fa":"مزار شریف","site":"مسجد Seh Dokan""#;
    let data = load(&collection(&[&point("67.11", "36.71", props)]));
    assert_eq!(data.incidents[0].text.place_fa.as_deref(), Some("مزار شریف"));
    assert_eq!(data.incidents[0].title(), "مسجد Seh Dokan");
}

#[test]
fn a_feature_given_by_place_is_geocoded_with_the_places_precision() {
    let text = collection(&[
        r#"{"type":"Feature","geometry":null,"properties":{"id":"a","date":"2022-04-22","place":"Imam Sahib","province":"Kunduz"}}"#,
        r#"{"type":"Feature","geometry":null,"properties":{"id":"b","date":"2022-04-28","place":"مزار شریف"}}"#,
        r#"{"type":"Feature","geometry":null,"properties":{"id":"c","date":"2022-04-19","place":"Dasht-e-Barchi","precision":"site"}}"#,
        r#"{"type":"Feature","geometry":null,"properties":{"id":"d","date":"2022-04-19","province":"Kondoz"}}"#,
        r#"{"type":"Feature","geometry":null,"properties":{"id":"e","date":"2022-04-19","place":"Kabul","precision":"province"}}"#,
    ]);
    let data = load(&text);
    assert_eq!(data.report.rejected, vec![]);
    let got: Vec<(&str, Precision, f64)> =
        data.incidents.iter().map(|i| (i.id.as_str(), i.precision, i.position.lat())).collect();
    assert_eq!(
        got,
        [
            ("a", Precision::City, 37.18897),
            ("b", Precision::City, 36.70904),
            ("c", Precision::District, 34.48),
            ("d", Precision::Province, 36.9043),
            ("e", Precision::Province, 34.52813),
        ],
        "the place's precision, or the stated one when coarser"
    );
    assert_eq!(data.report.warnings.len(), 1);
    assert_eq!(data.report.warnings[0].field, "precision");
    assert!(data.report.warnings[0].message.contains(r#"precision "site" cannot hold"#), "{}", data.report.warnings[0]);
}

#[test]
fn an_unknown_place_is_rejected_with_the_nearest_names() {
    let text = collection(&[
        r#"{"type":"Feature","geometry":null,"properties":{"id":"x","date":"2022-04-22","place":"Kandahr"}}"#,
        r#"{"type":"Feature","geometry":null,"properties":{"id":"y","date":"2022-04-22","place":"Imam Sahib","province":"Balkh"}}"#,
        r#"{"type":"Feature","geometry":null,"properties":{"id":"z","date":"2022-04-22","province":"Atlantis"}}"#,
    ]);
    let messages: Vec<String> = load(&text).report.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages[0],
        r#"feature 0 (id "x"): place "Kandahr" is not in the gazetteer of Afghan places (the nearest known names are Kandahar (Kandahar), Kandahar province, Kanday (Kunar)); check the spelling or give coordinates"#
    );
    assert!(messages[1].contains("not in Balkh province: the gazetteer has it in Kunduz"), "{}", messages[1]);
    assert!(messages[2].contains(r#"province "Atlantis" is not one of the 34 provinces"#), "{}", messages[2]);
}

#[test]
fn a_missing_precision_is_never_taken_for_an_exact_site() {
    let text = collection(&[
        &point("69.2203", "34.5586", r#""id":"gate","date":"2021-08-26""#),
        &point("69.1723", "34.5281", r#""id":"kabul-centre","date":"2022-04-29""#),
        &point("69.2203", "34.5586", r#""id":"said","date":"2021-08-26","precision":"site""#),
    ]);
    let data = load(&text);
    let got: Vec<Precision> = data.incidents.iter().map(|i| i.precision).collect();
    assert_eq!(got, [Precision::Unknown, Precision::City, Precision::Site]);
    assert_eq!(Precision::Unknown.describe(), "not stated (may be approximate)");
}

#[test]
fn non_finite_numbers_in_an_object_are_reported_where_they_are() {
    use incident_map::{load_geojson_object, NonFiniteNumber, PathStep};
    let value = incident_map::json::from_str(&collection(&[
        &point("69", "34", r#""id":"ok","date":"2022-04-29","killed":1"#),
        &point("69", "34", r#""id":"nan-killed","date":"2022-04-29","killed":null"#),
        r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[69,null]},"properties":{"id":"inf-lat","date":"2022-04-29"}}"#,
        &point("69", "34", r#""id":"nan-figure","date":"2022-04-29","figures":[{"killed":null}]"#),
    ]))
    .unwrap();
    let key = |k: &str| PathStep::Key(k.to_owned());
    let at = |i: usize, rest: Vec<PathStep>, value: f64| {
        let mut path = vec![key("features"), PathStep::Index(i)];
        path.extend(rest);
        NonFiniteNumber { path, value }
    };
    let non_finite = [
        at(1, vec![key("properties"), key("killed")], f64::NAN),
        at(2, vec![key("geometry"), key("coordinates"), PathStep::Index(1)], f64::INFINITY),
        at(3, vec![key("properties"), key("figures"), PathStep::Index(0), key("killed")], f64::NEG_INFINITY),
    ];
    let data = load_geojson_object(value, &non_finite, &LoadOptions::default()).unwrap();
    assert_eq!(data.incidents.len(), 1);
    let messages: Vec<String> = data.report.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            r#"feature 1 (id "nan-killed"): killed is NaN, which is not a number: write a finite number, or null when unknown (at properties.killed)"#,
            r#"feature 2 (id "inf-lat"): geometry is Infinity, which is not a number: write a finite number, or null when unknown (at geometry.coordinates[1])"#,
            r#"feature 3 (id "nan-figure"): figures is -Infinity, which is not a number: write a finite number, or null when unknown (at properties.figures[0].killed)"#,
        ]
    );
}

#[test]
fn numbers_json_text_cannot_hold_are_a_located_error() {
    let err = load_geojson(&collection(&[&point("69", "1e400", r#""date":"2022-04-29""#)]), &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("the data is not valid JSON: number out of range at line 1"), "{err}");
    let err = load_geojson(&collection(&[&point("69", "NaN", r#""date":"2022-04-29""#)]), &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("at line 1 column"), "{err}");
}

#[test]
fn dates_missing_malformed_impossible_or_partial() {
    let text = collection(&[
        &point("69", "34", r#""id":"slashes","date":"25/05/2022""#),
        &point("69", "34", r#""id":"number","date":20220525"#),
        &point("69", "34", r#""id":"month","date":"2022-04""#),
        &point("69", "34", r#""id":"month13","date":"2022-13""#),
        &point("69", "34", r#""id":"zone","date":"2022-04-29T14:00Z""#),
    ]);
    let data = load(&text);
    let loaded: Vec<String> = data.incidents.iter().map(|i| format!("{} {}", i.id, i.date)).collect();
    assert_eq!(loaded, ["month 2022-04"]);
    let messages: Vec<String> = data.report.rejected.iter().map(|p| p.message.clone()).collect();
    assert_eq!(
        messages,
        [
            r#"date must be a date written YYYY-MM-DD (optionally with THH:MM), got "25/05/2022""#,
            "date must be text, got 20220525",
            r#"date "2022-13" is not a day of the calendar"#,
            r#"date must be a date written YYYY-MM-DD (optionally with THH:MM), got "2022-04-29T14:00Z""#,
        ]
    );
}

#[test]
fn missing_and_null_casualties_are_unknown_not_zero() {
    let text = collection(&[
        &point("69", "34", r#""id":"missing","date":"2022-04-29""#),
        &point("69", "34", r#""id":"null","date":"2022-04-29","killed":null,"injured":0"#),
    ]);
    let data = load(&text);
    let got: Vec<(Option<u32>, Option<u32>)> =
        data.incidents.iter().map(|i| (i.casualties.killed, i.casualties.injured)).collect();
    assert_eq!(got, [(None, None), (None, Some(0))]);
}

#[test]
fn markup_in_every_field_is_kept_as_text() {
    let data = load(include_str!("fixtures/hostile.geojson"));
    let incident = &data.incidents[0];
    let raw: serde_json::Value = serde_json::from_str(include_str!("fixtures/hostile.geojson")).unwrap();
    let props = &raw["features"][0]["properties"];
    let t = &incident.text;
    for (field, kept) in [
        ("site", &t.site),
        ("place", &t.place),
        ("province", &t.province),
        ("district", &t.district),
        ("target", &t.target),
        ("community", &t.community),
        ("perpetrator", &t.perpetrator),
        ("claim", &t.claim),
        ("summary", &t.summary),
    ] {
        assert_eq!(kept.as_deref(), props[field].as_str(), "{field} is kept verbatim");
    }
    assert_eq!(incident.figures[0].note.as_deref(), props["figures"][0]["note"].as_str());
    assert_eq!(incident.figures[0].source.as_ref().unwrap().title, "<script>alert('figure source')</script>");
    assert_eq!(incident.sources.len(), props["sources"].as_array().unwrap().len(), "every source is kept");
    assert_eq!(incident.sources.iter().filter(|s| s.url.is_some()).count(), 1, "only the https link stays a link");
}

#[test]
fn the_feature_limit_is_a_clear_error() {
    let text =
        collection(&[&point("69", "34", r#""date":"2022-04-29""#), &point("69", "34", r#""date":"2022-04-29""#)]);
    let one = LoadOptions { max_features: 1, ..LoadOptions::default() };
    assert_eq!(load_geojson(&text, &one).unwrap_err().to_string(), "the data has 2 features, over the limit of 1");
}

/// A 50 MB file loads (in about a second in a release build; this debug build is slower).
#[test]
fn a_50_mb_file_loads() {
    let feature = |i: usize| {
        point(
            &format!("{:.4}", 60.0 + (i % 1000) as f64 * 0.01),
            &format!("{:.4}", 30.0 + (i / 1000 % 100) as f64 * 0.1),
            &format!(
                r#""id":"gen-{i}","date":"2022-04-{:02}","killed":{},"injured":{},"precision":"city","place":"Generated place {i}","summary":"A generated incident for the size test: {}""#,
                i % 28 + 1,
                i % 50,
                i % 70,
                "x".repeat(60)
            ),
        )
    };
    let mut text = String::from(r#"{"type":"FeatureCollection","features":["#);
    let mut count = 0;
    while text.len() < 50_000_000 {
        if count > 0 {
            text.push(',');
        }
        text.push_str(&feature(count));
        count += 1;
    }
    text.push_str("]}");
    let start = std::time::Instant::now();
    let data = load(&text);
    let elapsed = start.elapsed();
    eprintln!("50 MB: {} features in {elapsed:?}", count);
    assert_eq!((data.incidents.len(), data.report.rejected.len()), (count, 0));
    assert!(elapsed.as_secs() < 120, "{elapsed:?}");
    let small = LoadOptions { max_bytes: 20_000_000, ..LoadOptions::default() };
    assert_eq!(
        load_geojson(&text, &small).unwrap_err().to_string(),
        format!(
            "the data is {:.1} MB, over the limit of 20.0 MB: split it or filter it before loading",
            text.len() as f64 / 1e6
        )
    );
}

/// A feature `id` that is neither text nor a number is reported under `id`, not `geometry`.
#[test]
fn a_bad_feature_id_is_named_as_the_id() {
    let bad = r#"{"type":"Feature","id":{"x":1},"geometry":{"type":"Point","coordinates":[69.2,34.5]},"properties":{"date":"2022-04-19"}}"#;
    let data = load(&collection(&[bad, &point("69.2", "34.5", r#""date":"2022-04-20""#)]));
    assert_eq!(data.incidents.len(), 1);
    let problem = &data.report.rejected[0];
    assert_eq!((problem.index, problem.field.as_str()), (0, "id"));
    assert!(problem.message.contains("'id' must be a string or a number"), "{}", problem.message);
}

/// Incidents kept outside the expected area are counted in the report; one rejected for another
/// reason is not, though its position is warned about too.
#[test]
fn incidents_kept_outside_the_area_are_counted() {
    let data = load(&collection(&[
        &point("69.2", "34.5", r#""date":"2022-04-19""#),
        &point("2.35", "48.85", r#""date":"2022-04-20""#),
        &point("0", "0", r#""date":"2022-04-21""#),
        &point("0", "0", r#""date":"21/04/2022""#),
    ]));
    assert_eq!((data.incidents.len(), data.report.off_map), (3, 2));
    assert_eq!(data.report.warnings.len(), 3);
}
