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
fn the_default_dataset_loads_clean() {
    let data = load(include_str!("../www/data/incidents.geojson"));
    assert_eq!(data.report.rejected, vec![], "{:?}", data.report.rejected);
    assert_eq!(data.report.warnings, vec![]);
    assert_eq!(data.incidents.len(), 17);
}

#[test]
fn the_article_incidents_are_present_with_their_sources() {
    let data = load(include_str!("../www/data/incidents.geojson"));
    let find = |id: &str| data.incidents.iter().find(|i| i.id.as_str() == id).unwrap();
    let airport = find("kabul-2021-08-26-airport");
    assert_eq!(airport.precision, Precision::Site);
    assert!(airport.title().contains("Abbey Gate"));
    let from_article =
        |f: &incident_map::ReportedFigure| f.source.as_ref().is_some_and(|s| s.title.starts_with("Insider"));
    assert!(
        airport.figures.iter().any(|f| from_article(f) && f.casualties.killed == Some(169 + 13)),
        "the article's figure (169 Afghans and 13 US service members) is kept"
    );
    let mosque = find("kabul-2022-04-29-khalifa-sahib-mosque");
    assert!(mosque.figures.iter().any(|f| from_article(f) && f.casualties.killed == Some(10)));
    assert_eq!(mosque.precision, Precision::City, "the site is unverified: city precision");
    for incident in &data.incidents {
        assert!(incident.sources.iter().any(|s| s.url.is_some()), "{} has a linked source", incident.id);
    }
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
