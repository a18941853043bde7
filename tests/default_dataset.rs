//! The default dataset (www/data/incidents.geojson) against the facts it was made from
//! (shared/data/FACTS.md): every incident present with its date, place, precision and first
//! reported figures, the article's seven marked as such, and every figure sourced.

use incident_map::{load_geojson, Dataset, Gazetteer, Incident, LoadOptions, Precision};

const DATA: &str = include_str!("../www/data/incidents.geojson");

fn load() -> Dataset {
    load_geojson(DATA, &LoadOptions::default()).unwrap()
}

/// One incident of FACTS.md: id, local date (and time), place, precision, the first reported
/// killed and injured (None where the first report gave no figure), and whether the article of
/// about 2022-04-30 covers it.
struct Fact {
    id: &'static str,
    date: &'static str,
    place: &'static str,
    precision: Precision,
    first: (Option<u32>, Option<u32>),
    in_article: bool,
}

const fn fact(
    id: &'static str,
    date: &'static str,
    place: &'static str,
    precision: Precision,
    first: (Option<u32>, Option<u32>),
    in_article: bool,
) -> Fact {
    Fact { id, date, place, precision, first, in_article }
}

use Precision::{City, District, Site};

const FACTS: [Fact; 17] = [
    // The article's seven.
    fact("kabul-2021-08-26-airport", "2021-08-26 17:50", "Kabul", Site, (Some(95), None), true),
    fact("kabul-2022-04-19-school", "2022-04-19 10:00", "Kabul", District, (Some(6), Some(11)), true),
    fact(
        "mazar-e-sharif-2022-04-21-seh-dokan-mosque",
        "2022-04-21 11:55",
        "Mazar-e Sharif",
        Site,
        (Some(10), None),
        true,
    ),
    fact("kunduz-2022-04-21-mechanics-vehicle", "2022-04-21", "Kunduz", City, (Some(4), Some(18)), true),
    fact("imam-sahib-2022-04-22-mosque", "2022-04-22 15:30", "Imam Sahib", City, (Some(33), Some(43)), true),
    fact("mazar-e-sharif-2022-04-28-minibuses", "2022-04-28", "Mazar-e Sharif", City, (Some(9), Some(13)), true),
    fact("kabul-2022-04-29-khalifa-sahib-mosque", "2022-04-29 14:00", "Kabul", City, (Some(10), Some(20)), true),
    // The ten other attacks in the same cities, May 2021 - May 2022.
    fact("kabul-2021-05-08-sayed-ul-shuhada-school", "2021-05-08", "Kabul", District, (Some(85), Some(147)), false),
    fact("kabul-2021-06-12-minivans", "2021-06-12", "Kabul", District, (Some(7), Some(6)), false),
    fact("kabul-2021-10-03-eid-gah-mosque", "2021-10-03", "Kabul", City, (Some(5), None), false),
    fact("kunduz-2021-10-08-sayed-abad-mosque", "2021-10-08", "Kunduz", Site, (Some(46), Some(143)), false),
    fact("kabul-2021-11-02-military-hospital", "2021-11-02", "Kabul", City, (Some(25), Some(50)), false),
    fact("kabul-2021-11-13-minibus", "2021-11-13", "Kabul", District, (Some(1), Some(4)), false),
    fact("kabul-2021-11-17-minibus", "2021-11-17", "Kabul", District, (Some(2), Some(5)), false),
    fact("kabul-2021-12-10-minibus", "2021-12-10", "Kabul", District, (Some(2), Some(3)), false),
    fact("mazar-e-sharif-2022-05-25-minibuses", "2022-05-25", "Mazar-e Sharif", City, (Some(9), Some(15)), false),
    fact("kabul-2022-05-25-hazrat-zakaria-mosque", "2022-05-25", "Kabul", City, (Some(5), Some(22)), false),
];

/// Site coordinates that FACTS.md gives from a source: [lon, lat].
const SITES: [(&str, [f64; 2]); 3] = [
    ("kabul-2021-08-26-airport", [69.2203, 34.5586]),
    ("mazar-e-sharif-2022-04-21-seh-dokan-mosque", [67.1097, 36.7121]),
    ("kunduz-2021-10-08-sayed-abad-mosque", [68.8764, 36.7281]),
];

fn find<'a>(data: &'a Dataset, id: &str) -> &'a Incident {
    data.incidents.iter().find(|i| i.id.as_str() == id).unwrap_or_else(|| panic!("{id} is missing"))
}

fn from_article(figure: &incident_map::ReportedFigure) -> bool {
    figure.source.as_ref().is_some_and(|s| s.title.starts_with("Insider"))
}

#[test]
fn the_default_dataset_loads_clean() {
    let data = load();
    assert_eq!(data.report.rejected, vec![], "{:?}", data.report.rejected);
    assert_eq!(data.report.warnings, vec![]);
    assert_eq!(data.incidents.len(), FACTS.len());
}

#[test]
fn every_incident_of_the_facts_is_there_with_its_date_place_and_precision() {
    let data = load();
    for fact in &FACTS {
        let incident = find(&data, fact.id);
        assert_eq!(incident.date.to_string(), fact.date, "{}", fact.id);
        assert_eq!(incident.text.place.as_deref(), Some(fact.place), "{}", fact.id);
        assert_eq!(incident.precision, fact.precision, "{}", fact.id);
    }
}

#[test]
fn first_reported_figures_are_kept() {
    let data = load();
    for fact in &FACTS {
        let incident = find(&data, fact.id);
        let (killed, injured) = fact.first;
        let kept = incident.figures.iter().any(|f| {
            f.stage.as_deref() == Some("first")
                && f.casualties.killed == killed
                && (injured.is_none() || f.casualties.injured == injured)
        });
        assert!(kept, "{}: a first figure of {killed:?} killed, {injured:?} injured", fact.id);
    }
}

#[test]
fn the_articles_own_figures_are_kept_with_the_article_as_source() {
    let data = load();
    let airport = find(&data, "kabul-2021-08-26-airport");
    assert!(
        airport.figures.iter().any(|f| from_article(f) && f.casualties.killed == Some(169 + 13)),
        "the article's figure (169 Afghans and 13 US service members) is kept"
    );
    let mosque = find(&data, "kabul-2022-04-29-khalifa-sahib-mosque");
    assert!(mosque
        .figures
        .iter()
        .any(|f| from_article(f) && f.casualties == incident_map::Casualties { killed: Some(10), injured: Some(20) }));
    assert!(mosque.figures.iter().any(|f| f.stage.as_deref() == Some("later") && f.casualties.killed == Some(50)));
}

#[test]
fn the_seven_article_incidents_are_marked() {
    let raw: serde_json::Value = serde_json::from_str(DATA).unwrap();
    let mut marked: Vec<&str> = raw["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["in_article"] == serde_json::Value::Bool(true))
        .map(|f| f["properties"]["id"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = FACTS.iter().filter(|f| f.in_article).map(|f| f.id).collect();
    marked.sort_unstable();
    expected.sort_unstable();
    assert_eq!(marked, expected);
}

#[test]
fn every_incident_and_every_figure_has_a_source() {
    for incident in &load().incidents {
        assert!(incident.sources.iter().any(|s| s.url.is_some()), "{} has a linked source", incident.id);
        assert!(!incident.figures.is_empty(), "{} has its figures", incident.id);
        for figure in &incident.figures {
            assert!(figure.source.is_some(), "{}: every figure names its source", incident.id);
        }
        assert!(incident.text.summary.is_some(), "{} has a summary", incident.id);
    }
}

#[test]
fn points_are_sites_from_sources_or_the_gazetteers_places() {
    let data = load();
    let gazetteer = Gazetteer::afghanistan();
    for incident in &data.incidents {
        let p = incident.position;
        match incident.precision {
            Site => {
                let site = SITES.iter().find(|(id, _)| *id == incident.id.as_str()).expect("a sourced site");
                assert_eq!([p.lon(), p.lat()], site.1, "{}", incident.id);
            }
            City | District => {
                let place = gazetteer.place_at(p).unwrap_or_else(|| panic!("{} is on a known place", incident.id));
                assert_eq!(place.precision, incident.precision, "{} is at {}", incident.id, place.name);
            }
            other => panic!("{}: unexpected precision {other:?}", incident.id),
        }
    }
}
