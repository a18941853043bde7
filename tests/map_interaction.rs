//! The map core end to end, natively: presets, time filter, clicks, drags, wheel and keys.

use incident_map::{
    load_geojson, Effect, IncidentMap, InputEvent, LoadOptions, MapKey, PointerKind, ScreenPoint, TimeRange, ViewPreset,
};

fn demo_map() -> IncidentMap {
    let data = load_geojson(include_str!("../www/data/incidents.geojson"), &LoadOptions::default()).unwrap();
    let mut map = IncidentMap::new(800.0, 600.0, 1.0);
    map.set_incidents(data.incidents);
    map
}

fn click(map: &mut IncidentMap, at: ScreenPoint) -> Effect {
    map.handle(InputEvent::PointerDown { pointer: 1, at, kind: PointerKind::Mouse });
    map.handle(InputEvent::PointerUp { pointer: 1, at, kind: PointerKind::Mouse })
}

fn selected(map: &IncidentMap) -> Option<String> {
    map.selected_incident().map(|i| i.id.to_string())
}

#[test]
fn incidents_are_sorted_by_date() {
    let map = demo_map();
    assert!(map.incidents().windows(2).all(|w| w[0].date <= w[1].date));
}

#[test]
fn clicking_the_airport_in_kabul_selects_it_until_april_2022_is_chosen() {
    let mut map = demo_map();
    map.show_preset(ViewPreset::Kabul);
    let airport = map.project_id("kabul-2021-08-26-airport").unwrap();
    click(&mut map, airport);
    assert_eq!(selected(&map).as_deref(), Some("kabul-2021-08-26-airport"));

    let effects = map.set_time_range(Some(TimeRange::parse("2022-04-01", "2022-04-30").unwrap()));
    assert!(effects.contains(&Effect::SelectionChanged(None)), "the filtered-out selection is cleared");
    assert_eq!(click(&mut map, airport), Effect::Nothing);
    let mosque = map.project_id("kabul-2022-04-29-khalifa-sahib-mosque").unwrap();
    click(&mut map, mosque);
    assert_eq!(selected(&map).as_deref(), Some("kabul-2022-04-29-khalifa-sahib-mosque"));
}

#[test]
fn the_time_filter_is_a_contiguous_range() {
    let mut map = demo_map();
    map.set_time_range(Some(TimeRange::parse("2022-04-19", "2022-04-29").unwrap()));
    let shown = &map.incidents()[map.visible_range()];
    assert_eq!(shown.len(), 6, "the six attacks of 19-29 April 2022");
    assert_eq!(map.markers().markers().len(), 6, "all on screen at the Afghanistan view");
}

#[test]
fn markers_are_drawn_largest_first() {
    let mut map = demo_map();
    let radii: Vec<f64> = map.markers().markers().iter().map(|m| m.radius).collect();
    assert!(radii.windows(2).all(|w| w[0] >= w[1]), "{radii:?}");
}

#[test]
fn a_drag_pans_and_is_not_a_click() {
    let mut map = demo_map();
    let kabul = map.project_id("kabul-2021-08-26-airport").unwrap();
    let start = ScreenPoint::new(100.0, 100.0);
    map.handle(InputEvent::PointerDown { pointer: 7, at: start, kind: PointerKind::Mouse });
    let moved = ScreenPoint::new(160.0, 130.0);
    assert_eq!(
        map.handle(InputEvent::PointerMove { pointer: 7, at: moved, kind: PointerKind::Mouse }),
        Effect::ViewChanged
    );
    assert_eq!(map.handle(InputEvent::PointerUp { pointer: 7, at: moved, kind: PointerKind::Mouse }), Effect::Nothing);
    let after = map.project_id("kabul-2021-08-26-airport").unwrap();
    assert!((after.x - kabul.x - 60.0).abs() < 1e-6 && (after.y - kabul.y - 30.0).abs() < 1e-6);
    assert_eq!(selected(&map), None);
}

#[test]
fn wheel_zooms_about_the_cursor_and_keys_zoom_and_close() {
    let mut map = demo_map();
    let at = ScreenPoint::new(200.0, 150.0);
    let before = map.view().unproject(at).unwrap();
    let zoom = map.view().zoom().value();
    assert_eq!(map.handle(InputEvent::Wheel { at, delta_px: -100.0 }), Effect::ViewChanged);
    assert!(map.view().zoom().value() > zoom);
    assert!(map.view().project(before).distance(at) < 1e-6);
    assert_eq!(map.handle(InputEvent::Key(MapKey::ZoomOut)), Effect::ViewChanged);
    map.select(Some("kabul-2021-08-26-airport")).unwrap();
    assert_eq!(map.handle(InputEvent::Key(MapKey::Escape)), Effect::SelectionChanged(None));
}

#[test]
fn selecting_an_unknown_id_is_an_error() {
    let mut map = demo_map();
    assert_eq!(map.select(Some("nope")).unwrap_err().to_string(), r#"no incident has the id "nope""#);
}

#[test]
fn a_map_laid_out_hidden_fits_afghanistan_once_shown() {
    let mut map = IncidentMap::new(0.0, 0.0, 1.0);
    map.resize(800.0, 600.0, 2.0);
    let afg = ViewPreset::Afghanistan.bounds();
    for corner in [afg.south_west(), afg.north_east()] {
        let p = map.view().project(corner);
        assert!((0.0..=800.0).contains(&p.x) && (0.0..=600.0).contains(&p.y), "{p:?}");
    }
}
