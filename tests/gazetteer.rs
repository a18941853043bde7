//! The built-in gazetteer: its contents against FACTS.md, and name matching.

use incident_map::{Gazetteer, GeocodeError, Precision};

fn g() -> &'static Gazetteer {
    Gazetteer::afghanistan()
}

#[test]
fn the_table_is_complete_and_reads_clean() {
    let places = g().places();
    let count = |p: Precision| places.iter().filter(|x| x.precision == p).count();
    assert_eq!(count(Precision::Province), 34);
    assert_eq!(count(Precision::City), 319, "GeoNames cities500 has 319 Afghan places");
    assert_eq!(count(Precision::District), 1, "the supplement: Dasht-e-Barchi");
    let lines = include_str!("../www/basemap/gazetteer.tsv").lines().filter(|l| !l.starts_with('#')).count();
    assert_eq!(places.len(), lines, "every row of the table was read");
    for place in places {
        let province = g().find_province(&place.province).unwrap_or_else(|e| panic!("{}: {e}", place.name));
        assert_eq!(province.name, place.province, "{} lies in a known province", place.name);
    }
}

#[test]
fn points_match_the_facts() {
    // FACTS.md, "Place coordinates (GeoNames)".
    for (name, lat, lon, province) in [
        ("Kabul", 34.5281, 69.1723, "Kabul"),
        ("Mazar-e Sharif", 36.7090, 67.1109, "Balkh"),
        ("Kunduz", 36.7289, 68.8570, "Kunduz"),
        ("Imam Sahib", 37.1890, 68.9364, "Kunduz"),
        ("Khanabad", 36.6830, 69.1128, "Kunduz"),
        ("Herat", 34.3482, 62.1997, "Herat"),
        ("Kandahar", 31.6133, 65.7101, "Kandahar"),
        ("Jalalabad", 34.4265, 70.4515, "Nangarhar"),
        ("Ghazni", 33.5539, 68.4210, "Ghazni"),
        ("Balkh", 36.7563, 66.8972, "Balkh"),
        ("Pul-e Khumri", 35.9446, 68.7151, "Baghlan"),
        ("Lashkar Gah", 31.5938, 64.3716, "Helmand"),
        ("Dasht-e-Barchi", 34.48, 69.10, "Kabul"),
    ] {
        let place = g().find(name, None).unwrap().place;
        assert_eq!(place.name, name);
        assert!((place.position.lat() - lat).abs() < 1e-3 && (place.position.lon() - lon).abs() < 1e-3, "{name}");
        assert_eq!(place.province, province, "{name}");
    }
    assert_eq!(g().find("Kabul", None).unwrap().place.name_fa.as_deref(), Some("کابل"));
    assert_eq!(g().find("Dasht-e-Barchi", None).unwrap().place.precision, Precision::District);
}

#[test]
fn spellings_of_one_place_find_it() {
    let same = |names: &[&str], expected: &str| {
        for name in names {
            let found = g().find(name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(found.place.name, expected, "{name}");
        }
    };
    same(
        &[
            "Mazar-i-Sharif",
            "Mazar-e Sharif",
            "Mazar e Sharif",
            "mazar-e-sharif",
            "Mazār-e Sharīf",
            "مزار شریف",
            "مزار شريف",
            "Mazar",
        ],
        "Mazar-e Sharif",
    );
    same(&["Kunduz", "Kondoz", "Qonduz", "KUNDUZ", "قندز", "Kunduz City"], "Kunduz");
    same(&["Imam Sahib", "Imām Şāḩib", "Emam Saheb", "امام صاحب"], "Imam Sahib");
    same(&["Pul-i-Khumri", "Puli Khumri", "Pol-e Khomri"], "Pul-e Khumri");
    same(&["Kabul", "Kaboul", "کابل", "كابل"], "Kabul");
    same(&["Dasht-e Barchi", "Dashte Barchi", "dasht-i-barchi"], "Dasht-e-Barchi");
}

#[test]
fn a_town_wins_over_a_province_and_a_main_name_over_an_alternate() {
    assert_eq!(g().find("Kunduz", None).unwrap().place.precision, Precision::City);
    assert_eq!(g().find("Helmand", None).unwrap().place.precision, Precision::Province, "no town of that name");
    // GeoNames lists "Khanabad" among the other names of Taloqan too.
    assert_eq!(g().find("Khanabad", None).unwrap().place.province, "Kunduz");
}

#[test]
fn a_province_narrows_the_search() {
    let found = g().find("Imam Sahib", Some("Kondoz")).unwrap();
    assert_eq!((found.place.name.as_str(), found.note.as_deref()), ("Imam Sahib", None));
    let wrong = g().find("Imam Sahib", Some("Balkh")).unwrap_err();
    assert_eq!(
        wrong.to_string(),
        r#"place "Imam Sahib" is not in Balkh province: the gazetteer has it in Kunduz; check the province or give coordinates"#
    );
    let unknown_province = g().find("Kabul", Some("Atlantis")).unwrap();
    assert_eq!(unknown_province.place.name, "Kabul");
    assert!(unknown_province.note.unwrap().contains(r#"province "Atlantis" is not one of the 34 provinces"#));
}

#[test]
fn an_ambiguous_name_takes_the_most_populous_and_says_so() {
    let names = |n: &str| g().places().iter().filter(|p| p.name == n && p.precision == Precision::City).count();
    let name = ["Qarah Bagh", "Khanaqah", "Dowlatabad"].into_iter().find(|n| names(n) > 1).expect("a repeated name");
    let found = g().find(name, None).unwrap();
    let note = found.note.expect("a note");
    assert!(note.contains("the most populous") && note.contains("give the province"), "{note}");
    let other = g().places().iter().find(|p| p.name == name && p.province != found.place.province).unwrap();
    assert_eq!(g().find(name, Some(&other.province)).unwrap().place, other, "the province picks the other one");
}

#[test]
fn unknown_names_get_the_nearest_known_ones() {
    match g().find("Kandahr", None) {
        Err(GeocodeError::UnknownPlace { suggestions, .. }) => assert_eq!(suggestions[0], "Kandahar (Kandahar)"),
        other => panic!("{other:?}"),
    }
    let message = g().find("Mazar-e-Sharf", None).unwrap_err().to_string();
    assert!(message.starts_with(r#"place "Mazar-e-Sharf" is not in the gazetteer of Afghan places (the nearest known names are Mazar-e Sharif (Balkh)"#), "{message}");
    let nothing = g().find("Xyzzyqwv", None).unwrap_err().to_string();
    assert!(nothing.contains("no known name is close"), "{nothing}");
    let province = g().find_province("Kundur").unwrap_err().to_string();
    assert!(province.contains("Kunduz province"), "{province}");
}

#[test]
fn a_point_on_a_town_centre_is_that_town() {
    use incident_map::LonLat;
    let kunduz = g().place_at(LonLat::new(68.8570, 36.72895).unwrap()).unwrap();
    assert_eq!(kunduz.name, "Kunduz");
    assert!(g().place_at(LonLat::new(68.8764, 36.7281).unwrap()).is_none(), "the Sayed Abad mosque is a site");
}
