//! CSV loading: the widget's own columns, ACLED and GTD exports (fixtures in tests/fixtures/data,
//! written for these tests from the codebooks' columns), and a row of every kind of mistake.

use incident_map::{load_csv, load_text, Dataset, DateSpan, LoadError, LoadOptions, Precision};

fn load(text: &str) -> Dataset {
    load_csv(text, &LoadOptions::default()).unwrap()
}

fn find<'a>(data: &'a Dataset, id: &str) -> &'a incident_map::Incident {
    data.incidents.iter().find(|i| i.id.as_str() == id).unwrap_or_else(|| panic!("{id} not loaded"))
}

#[test]
fn the_widgets_own_columns_load_with_geocoding() {
    let data = load(include_str!("fixtures/data/incidents.csv"));
    assert_eq!(data.report.rejected, vec![]);
    assert_eq!(data.incidents.len(), 5);
    let mosque = find(&data, "mazar-2022-04-21");
    assert_eq!((mosque.precision, mosque.casualties.killed, mosque.claimed), (Precision::Site, Some(31), Some(true)));
    assert_eq!(mosque.date.to_string(), "2022-04-21 11:55");
    assert_eq!(
        mosque.sources[0].url.as_deref(),
        Some("https://en.wikipedia.org/wiki/2022_Mazar-i-Sharif_mosque_bombing")
    );
    let kunduz = find(&data, "kunduz-2022-04-21");
    assert_eq!(kunduz.precision, Precision::City, "geocoded: the place's precision");
    assert_eq!((kunduz.position.lon(), kunduz.position.lat()), (68.857, 36.72895), "GeoNames' Kunduz");
    let persian = find(&data, "mazar-2022-04-28");
    let mazar = incident_map::LonLat::new(67.11087, 36.70904).unwrap();
    assert_eq!((persian.position, persian.precision), (mazar, Precision::City), "مزار شریف is Mazar-e Sharif");
    let quoted = find(&data, "kabul-2022-04-29");
    assert!(quoted.text.summary.as_deref().unwrap().contains(r#""at least 10""#));
    assert_eq!(quoted.sources[0].url, None, "a source without a link keeps its title");
}

#[test]
fn every_bad_row_is_reported_with_its_line_and_the_good_ones_kept() {
    let data = load(include_str!("fixtures/data/incidents-bad.csv"));
    let ids: Vec<&str> = data.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["good-1", "<script>alert(1)</script>"]);
    let problems: Vec<(u64, &str, &str)> = data
        .report
        .rejected
        .iter()
        .map(|p| (p.line.unwrap(), p.id.as_deref().unwrap_or(""), p.field.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (3, "no-date", "date"),
            (4, "bad-date", "date"),
            (5, "negative", "killed"),
            (6, "fraction", "killed"),
            (7, "words", "injured"),
            (8, "unknown-place", "place"),
            // A row's point is named by its columns, not GeoJSON's "geometry".
            (9, "nowhere", "lat/lon"),
            (10, "half-point", "lon"),
            (11, "swapped", "lat/lon"),
            (12, "nan", "lat"),
            (13, "good-1", "id"),
        ]
    );
    let message = |line: u64| data.report.rejected.iter().find(|p| p.line == Some(line)).unwrap().to_string();
    assert_eq!(message(5), r#"line 5 (id "negative"): killed must be a non-negative whole number, got -3"#);
    assert_eq!(message(7), r#"line 7 (id "words"): injured must be a non-negative whole number, got "twelve""#);
    assert!(message(8).contains(r#"place "Kandahr" is not in the gazetteer"#), "{}", message(8));
    assert!(message(8).contains("Kandahar (Kandahar)"), "{}", message(8));
    assert!(message(10).contains("lon is empty but lat is not"), "{}", message(10));
    assert!(message(11).contains("look swapped"), "{}", message(11));
    assert!(message(12).contains(r#"lat must be a finite number, got "NaN""#), "{}", message(12));
    assert!(message(13).contains("line 2 already uses it"), "{}", message(13));
    let hostile = find(&data, "<script>alert(1)</script>");
    assert_eq!(hostile.text.summary.as_deref(), Some("<img src=x onerror=alert(1)> fictional: markup kept as text"));
    assert_eq!(hostile.casualties.killed, Some(0), "0 is a count, not unknown");
}

#[test]
fn acled_exports_are_recognised_and_mapped() {
    let data = load(include_str!("fixtures/data/acled.csv"));
    assert_eq!(data.incidents.len(), 3, "{:?}", data.report.rejected);
    let mosque = find(&data, "AFGX0001");
    assert_eq!(mosque.date.to_string(), "2022-04-21", "29 April 2022 style dates");
    assert_eq!(mosque.casualties.killed, Some(31));
    assert_eq!(mosque.casualties.injured, None, "ACLED does not count injuries: unknown, not zero");
    assert_eq!(mosque.precision, Precision::City, "geo_precision 1 is the town, not the site");
    assert_eq!(mosque.text.perpetrator.as_deref(), Some("Islamic State (Afghanistan)"));
    assert_eq!(mosque.text.province.as_deref(), Some("Balkh"));
    assert!(mosque.text.summary.as_deref().unwrap().starts_with("Suicide bomb: Fixture row"));
    let titles: Vec<&str> = mosque.sources.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Pajhwok Afghan News", "Reuters"]);
    assert_eq!(find(&data, "AFGX0002").precision, Precision::District, "geo_precision 2");
    let month_only = find(&data, "AFGX0003");
    assert_eq!((month_only.date.span(), month_only.date.to_string()), (DateSpan::Month, "2022-04".to_owned()));
    assert_eq!(month_only.precision, Precision::Province, "geo_precision 3 stays coarser than the geocoded town");
    assert_eq!(month_only.casualties.killed, Some(0));
    let rejected: Vec<(&str, &str)> =
        data.report.rejected.iter().map(|p| (p.id.as_deref().unwrap(), p.field.as_str())).collect();
    assert_eq!(rejected, [("AFGX0004", "precision"), ("AFGX0005", "killed")]);
    assert!(data.report.rejected[1].message.starts_with("fatalities must be"), "{}", data.report.rejected[1]);
}

#[test]
fn gtd_exports_are_recognised_and_mapped() {
    let data = load(include_str!("fixtures/data/gtd.csv"));
    assert_eq!(data.incidents.len(), 3, "{:?}", data.report.rejected);
    let airport = find(&data, "202108260099");
    assert_eq!(airport.casualties.killed, Some(182), "nkill 183 less the one perpetrator (nkillter)");
    assert_eq!(airport.casualties.injured, Some(150));
    assert_eq!(airport.precision, Precision::City, "specificity 1");
    assert_eq!(airport.claimed, Some(true));
    assert_eq!(airport.text.target.as_deref(), Some("Private Citizens & Property"));
    assert_eq!(airport.text.site.as_deref(), Some("Crowd at Abbey Gate"));
    assert_eq!(airport.text.perpetrator.as_deref(), Some("Khorasan Chapter of the Islamic State"));
    assert_eq!(airport.sources[0].title, r#""2021 Kabul airport attack," Wikipedia."#);
    let no_day = find(&data, "202204000099");
    assert_eq!((no_day.date.span(), no_day.date.to_string()), (DateSpan::Month, "2022-04".to_owned()));
    assert_eq!(no_day.date.day().to_string(), "2022-04-01", "placed on the first day of the month");
    assert_eq!(no_day.text.perpetrator, None, "\"Unknown\" is no perpetrator");
    assert_eq!(no_day.precision, Precision::City, "geocoded Kunduz");
    let no_month = find(&data, "202200000099");
    assert_eq!((no_month.date.span(), no_month.date.to_string()), (DateSpan::Year, "2022".to_owned()));
    assert_eq!(no_month.claimed, None, "claimed -9 is unknown");
    let rejected: Vec<String> = data.report.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(rejected.len(), 2);
    assert!(rejected[0].contains("specificity is 5"), "{}", rejected[0]);
    assert!(rejected[1].contains("2022/2/30 is not a day"), "{}", rejected[1]);
}

#[test]
fn semicolon_and_tab_separated_files_load() {
    for delimiter in [";", "\t"] {
        let text =
            ["date", "place", "killed"].join(delimiter) + "\n" + &["2022-04-22", "Imam Sahib", "33"].join(delimiter);
        let data = load(&text);
        assert_eq!(data.incidents[0].casualties.killed, Some(33), "{delimiter:?}");
    }
}

#[test]
fn a_header_without_the_needed_columns_is_a_clear_error() {
    let err = load_csv("name,value\nx,1\n", &LoadOptions::default()).unwrap_err().to_string();
    assert!(err.contains("its header (name, value) lacks a date column"), "{err}");
    let err = load_text("not json", &LoadOptions::default()).unwrap_err().to_string();
    assert_eq!(
        err,
        r#"the data is not valid JSON and not a CSV table of incidents: it does not start with { or [, and its first line, "not json", is not a CSV header"#
    );
    for empty in ["", "  \n\n"] {
        let err = load_text(empty, &LoadOptions::default()).unwrap_err().to_string();
        assert_eq!(err, "the data is not valid JSON and not a CSV table of incidents: it is empty", "{empty:?}");
    }
}

#[test]
fn a_header_only_file_loads_nothing_without_error() {
    let data = load("date,place,killed\n");
    assert_eq!((data.incidents.len(), data.report.rejected.len()), (0, 0));
}

#[test]
fn limits_on_bytes_and_rows_are_clear_errors() {
    let rows = "date,place\n".to_owned() + &"2022-04-21,Kabul\n".repeat(5);
    let few = LoadOptions { max_features: 4, ..LoadOptions::default() };
    assert_eq!(load_csv(&rows, &few).unwrap_err(), LoadError::TooManyRows { limit: 4 });
    assert_eq!(load_csv(&rows, &few).unwrap_err().to_string(), "the table has more than 4 rows, over the limit");
    let small = LoadOptions { max_bytes: 10, ..LoadOptions::default() };
    assert!(matches!(load_csv(&rows, &small), Err(LoadError::TooLarge { .. })));
    let data = load(&rows);
    let ids: Vec<&str> = data.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["feature-0", "feature-1", "feature-2", "feature-3", "feature-4"], "stable generated ids");
}

#[test]
fn strict_mode_rejects_the_whole_table() {
    let strict = LoadOptions { strict: true, ..LoadOptions::default() };
    match load_csv(include_str!("fixtures/data/incidents-bad.csv"), &strict) {
        Err(error @ LoadError::Strict(_)) => assert!(
            error.to_string().starts_with(
                r#"strict mode: nothing was loaded because 11 rows had problems; first: line 3 (id "no-date"): date is missing"#
            ),
            "{error}"
        ),
        other => panic!("expected a strict-mode error, got {other:?}"),
    }
}

#[test]
fn a_byte_order_mark_and_quoted_newlines_are_fine() {
    let text = "\u{feff}date,place,summary\n2022-04-21,Kabul,\"two\nlines\"\n2022-04-22,Kabul,x\n";
    let data = load_text(text, &LoadOptions::default()).unwrap();
    assert_eq!(data.incidents.len(), 2);
    assert_eq!(data.incidents[0].text.summary.as_deref(), Some("two\nlines"));
    let bad = "date,place,killed\n2022-04-21,Kabul,1\n2022-04-22,Kabul,\"x\n\"\n";
    assert_eq!(load_text(bad, &LoadOptions::default()).unwrap().report.rejected[0].line, Some(3));
}

/// An id made up for a row without one never takes an id the data uses, and a row that declares
/// an id already made up is told why it is refused.
#[test]
fn made_up_ids_keep_clear_of_the_datas_ids() {
    let text = "id,date,lat,lon\nfeature-1,2022-04-19,34.5,69.2\n,2022-04-20,34.5,69.2\n";
    let data = load(text);
    assert_eq!(data.report.rejected, vec![], "the row without an id loads");
    let ids: Vec<&str> = data.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["feature-1", "feature-1-2"]);

    let text = "id,date,lat,lon\n,2022-04-19,34.5,69.2\nfeature-0,2022-04-20,34.5,69.2\n";
    let data = load(text);
    assert_eq!(data.incidents.len(), 1);
    let problem = &data.report.rejected[0];
    assert_eq!((problem.line, problem.field.as_str()), (Some(3), "id"));
    assert_eq!(
        problem.message,
        r#"duplicate id "feature-0": line 2, which has no id, was given it; give line 2 an id"#
    );
}

/// Persian and Arabic-Indic digits (with the Arabic decimal separator), as spreadsheets in Dari
/// or Pashto write them, and a leading `+`, read as numbers in counts and degrees alike.
#[test]
fn persian_digits_and_a_plus_sign_are_numbers() {
    let text = "id,date,lat,lon,killed,injured\na,2022-04-19,۳۴٫۵۲۸۱,۶۹٫۱۷۲۳,۳۱,٨٧\nb,2022-04-20,+34.5,+69.2,+5,\n";
    let data = load(text);
    assert_eq!(data.report.rejected, vec![]);
    let a = find(&data, "a");
    assert_eq!((a.position.lat(), a.position.lon()), (34.5281, 69.1723));
    assert_eq!((a.casualties.killed, a.casualties.injured), (Some(31), Some(87)));
    let b = find(&data, "b");
    assert_eq!((b.position.lat(), b.position.lon(), b.casualties.killed), (34.5, 69.2, Some(5)));
    let bad = load("id,date,lat,lon\nc,2022-04-20,+-34.5,69.2\n");
    assert_eq!(
        bad.report.rejected[0].message,
        r#"lat must be a number in decimal degrees (such as 34.5281), got "+-34.5""#
    );
}
