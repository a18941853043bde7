//! The map core end to end, natively: presets, time filter, clicks, drags, wheel and keys.

use incident_map::{
    load_geojson, ColorBy, Effect, IncidentMap, InputEvent, LoadOptions, MapKey, MarkerTarget, PointerKind,
    ScreenPoint, TimeRange, ViewPreset,
};

fn demo_map() -> IncidentMap {
    let data = load_geojson(include_str!("../www/data/incidents.geojson"), &LoadOptions::default()).unwrap();
    let mut map = IncidentMap::new(800.0, 600.0, 1.0);
    map.set_incidents(data.incidents);
    map
}

fn click(map: &mut IncidentMap, at: ScreenPoint) -> Vec<Effect> {
    map.handle(InputEvent::PointerDown { pointer: 1, at, kind: PointerKind::Mouse });
    map.handle(InputEvent::PointerUp { pointer: 1, at, kind: PointerKind::Mouse })
}

fn selected(map: &IncidentMap) -> Option<String> {
    map.selected_incident().map(|i| i.id.to_string())
}

#[test]
fn incidents_are_sorted_by_date() {
    let map = demo_map();
    let store = map.incidents();
    assert!((1..store.len()).all(|n| store.date(n - 1) <= store.date(n)));
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
    assert_eq!(click(&mut map, airport), Vec::<Effect>::new(), "nothing there any more");
    let mosque = map.project_id("kabul-2022-04-29-khalifa-sahib-mosque").unwrap();
    click(&mut map, mosque);
    assert_eq!(selected(&map).as_deref(), Some("kabul-2022-04-29-khalifa-sahib-mosque"));
}

#[test]
fn the_time_filter_is_a_contiguous_range() {
    let mut map = demo_map();
    map.set_time_range(Some(TimeRange::parse("2022-04-19", "2022-04-29").unwrap()));
    let shown = map.visible_range();
    assert_eq!(shown.len(), 6, "the six attacks of 19-29 April 2022");
    let drawn: u32 = map.markers().iter().map(|m| m.count).sum();
    assert_eq!(drawn, 6, "all on screen at the Afghanistan view, alone or in clusters");
}

#[test]
fn markers_are_drawn_largest_first() {
    let mut map = demo_map();
    let radii: Vec<f64> = map.markers().iter().map(|m| m.radius).collect();
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
        vec![Effect::ViewChanged]
    );
    assert_eq!(map.handle(InputEvent::PointerUp { pointer: 7, at: moved, kind: PointerKind::Mouse }), vec![]);
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
    assert_eq!(map.handle(InputEvent::Wheel { at, delta_px: -100.0 }), vec![Effect::ViewChanged]);
    assert!(map.view().zoom().value() > zoom);
    assert!(map.view().project(before).distance(at) < 1e-6);
    assert_eq!(map.handle(InputEvent::Key(MapKey::ZoomOut)), vec![Effect::ViewChanged]);
    map.select(Some("kabul-2021-08-26-airport")).unwrap();
    assert_eq!(map.handle(InputEvent::Key(MapKey::Escape)), vec![Effect::SelectionChanged(None)]);
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

/// Every incident of the dataset, at every preset, in at most two clicks: a marker opens its
/// details; a cluster lists its incidents (one more click each) and zooms in to split them.
#[test]
fn the_named_area_shown_is_current_until_the_reader_moves_the_map() {
    let mut map = demo_map();
    assert_eq!(map.current_preset(), Some(ViewPreset::Afghanistan), "a new map shows the country");
    map.show_preset(ViewPreset::Kunduz);
    assert_eq!(map.current_preset(), Some(ViewPreset::Kunduz));
    map.resize(400.0, 700.0, 2.0);
    assert_eq!(map.current_preset(), Some(ViewPreset::Kunduz), "a resize fits the same area again");
    map.zoom_by(1.0);
    assert_eq!(map.current_preset(), None, "a zoom leaves it");
    map.show_preset(ViewPreset::Kabul);
    map.handle(InputEvent::Key(MapKey::Pan(1, 0)));
    assert_eq!(map.current_preset(), None, "a pan leaves it");
}

#[test]
fn every_incident_is_two_clicks_away_at_every_preset() {
    for preset in ViewPreset::ALL {
        let mut map = demo_map();
        map.show_preset(preset);
        let mut reached = std::collections::BTreeSet::new();
        let markers: Vec<_> = map.markers().to_vec();
        for marker in markers {
            let mut fresh = demo_map();
            fresh.show_preset(preset);
            click(&mut fresh, marker.at);
            match marker.target {
                MarkerTarget::Incident(_) => {
                    reached.insert(selected(&fresh).expect("a click on an incident selects it"));
                }
                MarkerTarget::Cluster(_) => {
                    let listed = fresh.listed_incidents(usize::MAX).expect("a click on a cluster lists its incidents");
                    assert_eq!(listed.count as u32, marker.count);
                    assert_eq!(listed.first.len(), listed.count);
                    reached.extend(listed.first.iter().map(|i| i.id.to_string()));
                }
            }
        }
        // Incidents off screen at a city preset are reached from the Afghanistan preset.
        if preset == ViewPreset::Afghanistan {
            assert_eq!(reached.len(), 17, "{preset:?}: {reached:?}");
        } else {
            assert!(!reached.is_empty(), "{preset:?}");
        }
    }
}

#[test]
fn kabul_is_one_cluster_at_the_country_view_and_its_sum_sizes_it() {
    let mut map = demo_map();
    let kabul_members: Vec<u32> =
        map.markers().iter().filter(|m| matches!(m.target, MarkerTarget::Cluster(_))).map(|m| m.count).collect();
    assert!(kabul_members.iter().any(|&n| n >= 10), "Kabul's incidents aggregate: {kabul_members:?}");
    let biggest = map.markers()[0];
    assert!(biggest.value.unwrap() > 182, "the cluster sums its casualties: {:?}", biggest.value);
    assert!(biggest.radius > 36.0, "and its area shows the sum, past the single-incident maximum");
}

#[test]
fn clicking_the_kabul_cluster_zooms_in_and_lists_its_incidents() {
    let mut map = demo_map();
    let cluster = map.markers()[0];
    let zoom = map.view().zoom().value();
    let effects = click(&mut map, cluster.at);
    assert!(effects.contains(&Effect::ListChanged) && effects.contains(&Effect::ViewChanged), "{effects:?}");
    assert!(map.view().zoom().value() > zoom);
    assert_eq!(map.listed_incidents(1).unwrap().count as u32, cluster.count);
    assert_eq!(map.listed_incidents(1).unwrap().first.len(), 1);
    // The `clusteropen` event's ids: the first ones listed, in the list's order.
    let (count, ids) = map.listed_ids(3).unwrap();
    let first: Vec<String> = map.listed_incidents(3).unwrap().first.iter().map(|i| i.id.to_string()).collect();
    assert_eq!((count as u32, ids), (cluster.count, first));
    // The totals are those of the incidents listed, and follow the time range that narrows them.
    let totals = |l: &incident_map::ListedIncidents| {
        let sum = |f: fn(&incident_map::Casualties) -> Option<u32>| {
            l.first.iter().map(|i| u64::from(f(&i.casualties).unwrap_or(0))).sum::<u64>()
        };
        (sum(|c| c.killed), sum(|c| c.injured))
    };
    let all = map.listed_incidents(usize::MAX).unwrap();
    assert_eq!((all.totals.killed, all.totals.injured), totals(&all));
    let effects = map.set_time_range(Some(TimeRange::parse("2022-01-01", "2022-12-31").unwrap()));
    assert!(effects.contains(&Effect::ListChanged), "{effects:?}");
    let narrowed = map.listed_incidents(usize::MAX).unwrap();
    assert!(0 < narrowed.count && narrowed.count < all.count, "{} of {}", narrowed.count, all.count);
    assert!(narrowed.first.iter().all(|i| i.date.day().to_string().starts_with("2022")));
    assert_eq!((narrowed.totals.killed, narrowed.totals.injured), totals(&narrowed));
    assert!(narrowed.totals.killed < all.totals.killed);
    // Escape closes the list.
    assert_eq!(map.handle(InputEvent::Key(MapKey::Escape)), vec![Effect::ListChanged]);
    assert!(map.listed_incidents(1).is_none() && map.listed_ids(1).is_none());
}

#[test]
fn hiding_a_category_removes_its_markers_and_keeps_counts() {
    let mut map = demo_map();
    map.set_color_by(ColorBy::Target);
    let mosque = map.categories().entries().iter().position(|c| c.label == "mosque").unwrap();
    let before: u32 = map.markers().iter().map(|m| m.count).sum();
    let mosques = map.category_counts()[mosque] as u32;
    assert_eq!(map.set_category_hidden(mosque, true), vec![Effect::MarkersChanged]);
    let after: u32 = map.markers().iter().map(|m| m.count).sum();
    assert_eq!(after, before - mosques);
    assert_eq!(map.shown_incidents().count() as u32, 17 - mosques);
    assert_eq!(map.set_category_hidden(mosque, true), vec![], "already hidden: nothing changes");
}

#[test]
fn a_filter_lets_go_of_the_selection_and_list_entries_it_hides() {
    let mut map = demo_map();
    map.set_color_by(ColorBy::Target);
    let mosque = map.categories().entries().iter().position(|c| c.label == "mosque").unwrap();
    let a_mosque = map.shown_incidents().find(|i| i.text.target.as_deref() == Some("mosque")).unwrap().id;
    map.select(Some(a_mosque.as_str())).unwrap();
    let effects = map.set_category_hidden(mosque, true);
    assert_eq!(effects, vec![Effect::MarkersChanged, Effect::SelectionChanged(None)]);
    assert_eq!(map.selected_id(), None);
    map.set_category_hidden(mosque, false);

    // A cluster's list: the largest cluster at the start view, opened, then a range that holds
    // none of its incidents closes it, as one that holds some of them narrows it.
    let cluster = map.markers().iter().max_by_key(|m| m.count).unwrap().target;
    map.activate(cluster);
    let listed = map.listed_incidents(usize::MAX).unwrap();
    let first_day = listed.first[0].date.day();
    let one_day = TimeRange::new(first_day, first_day).unwrap();
    let effects = map.set_time_range(Some(one_day));
    assert!(effects.contains(&Effect::ListChanged), "{effects:?}");
    let narrowed = map.listed_incidents(usize::MAX).expect("the list keeps that day's incidents");
    assert!(narrowed.count < listed.count && narrowed.first.iter().all(|i| i.date.day() == first_day));
    let before_any = TimeRange::parse("2020-01-01", "2020-01-31").unwrap();
    assert!(map.set_time_range(Some(before_any)).contains(&Effect::ListChanged));
    assert!(map.listed_incidents(usize::MAX).is_none(), "an emptied list closes");
}

#[test]
fn the_scale_is_fixed_across_time_ranges_unless_asked() {
    let mut map = demo_map();
    let fixed = map.scale();
    map.set_time_range(Some(TimeRange::parse("2022-04-01", "2022-04-30").unwrap()));
    assert_eq!(map.scale(), fixed, "a circle means the same number in every range");
    map.set_scale_mode(incident_map::ScaleMode::Visible);
    assert!(map.scale().radius(Some(50)) > fixed.radius(Some(50)), "rescaled to April's largest");
}

#[test]
fn the_keyboard_walks_the_shown_incidents_by_date_and_by_place() {
    let mut map = demo_map();
    let key = |map: &mut IncidentMap, k| map.handle(InputEvent::Key(k));
    key(&mut map, MapKey::Ends(false));
    assert_eq!(map.focus_position(), Some((1, 17)));
    let first = map.focused_incident().unwrap().id.clone();
    key(&mut map, MapKey::Step(incident_map::FocusOrder::Time, 1));
    assert_eq!(map.focus_position(), Some((2, 17)));
    key(&mut map, MapKey::Step(incident_map::FocusOrder::Time, -1));
    assert_eq!(map.focused_incident().unwrap().id, first);
    key(&mut map, MapKey::Ends(true));
    assert_eq!(map.focus_position(), Some((17, 17)));
    // Enter opens it and brings it into view.
    let effects = key(&mut map, MapKey::Activate);
    assert!(matches!(effects.first(), Some(Effect::SelectionChanged(Some(_)))), "{effects:?}");
    // North to south: the first step up from nothing lands on the northernmost (Imam Sahib).
    let mut map = demo_map();
    key(&mut map, MapKey::Step(incident_map::FocusOrder::Geographic, 1));
    assert_eq!(map.focused_incident().unwrap().text.place.as_deref(), Some("Imam Sahib"));
    // A filter that hides the focused incident moves the focus off it.
    map.set_time_range(Some(TimeRange::parse("2021-05-01", "2021-05-31").unwrap()));
    assert!(map.focused_incident().is_none());
}

#[test]
fn a_second_finger_turns_a_tap_into_a_gesture() {
    let mut map = demo_map();
    map.show_preset(ViewPreset::Kabul);
    let airport = map.project_id("kabul-2021-08-26-airport").unwrap();
    map.handle(InputEvent::PointerDown { pointer: 1, at: airport, kind: PointerKind::Touch });
    map.handle(InputEvent::PointerDown { pointer: 2, at: ScreenPoint::new(10.0, 10.0), kind: PointerKind::Touch });
    assert_eq!(map.handle(InputEvent::PointerUp { pointer: 1, at: airport, kind: PointerKind::Touch }), vec![]);
    assert_eq!(selected(&map), None);
    let effects = map.handle(InputEvent::TwoFingers {
        from: ScreenPoint::new(100.0, 100.0),
        to: ScreenPoint::new(120.0, 100.0),
        scale: 2.0,
    });
    assert_eq!(effects, vec![Effect::ViewChanged]);
}

/// The overlay's labels are kept between frames when only the hover, or a time range that moves
/// no cluster's count, changed, and placed again for a new view, new counts or a selection
/// (which they keep clear of): what is drawn is the same as a map that placed them from scratch.
#[test]
fn overlay_labels_are_reused_only_while_what_they_depend_on_is_unchanged() {
    let basemap =
        std::rc::Rc::new(incident_map::Basemap::parse(include_str!("../www/basemap/afghanistan.json")).unwrap());
    let fresh = |setup: &dyn Fn(&mut IncidentMap)| {
        let mut map = demo_map();
        map.set_basemap(basemap.clone());
        setup(&mut map);
        map.overlay_layer()
    };
    let mut map = demo_map();
    map.set_basemap(basemap.clone());
    map.show_preset(ViewPreset::Kabul);
    let before = map.overlay_layer();
    assert!(!before.commands.is_empty(), "Kabul has labels");

    let counts = map.count_boxes();
    let april = TimeRange::parse("2022-04-01", "2022-04-30").unwrap();
    map.set_time_range(Some(april));
    let (generation, labels) = map.label_layer();
    let april_counts = map.count_boxes();
    assert_ne!(april_counts, counts, "April's clusters have other counts than the whole range's");
    assert!(labels_clear_of(&labels, &april_counts), "the labels keep clear of April's counts");
    // Kept as they were if they already did, else placed from scratch around the new counts.
    let from_scratch = fresh(&|m| {
        m.show_preset(ViewPreset::Kabul);
        m.set_time_range(Some(april));
    });
    assert!(map.overlay_layer() == before || map.overlay_layer() == from_scratch);
    map.set_time_range(Some(TimeRange::parse("2022-04-01", "2022-04-30").unwrap()));
    assert_eq!(map.label_layer(), (generation, labels.clone()), "the same counts keep the labels");

    // Deferred (the shell, while a slider moves), new counts that come near a label leave the
    // labels as they are until the map is still; then they are placed again, clear of them.
    map.defer_label_counts(true);
    let mut moved = false;
    for (from, to) in [("2021-08-01", "2021-08-31"), ("2021-05-01", "2021-12-31"), ("2021-10-01", "2021-11-30")] {
        map.set_time_range(Some(TimeRange::parse(from, to).unwrap()));
        if map.labels_await_counts() {
            assert_eq!(map.label_layer().0, generation, "{from}..{to}: kept while deferred");
            map.defer_label_counts(false);
            let (placed, labels) = map.label_layer();
            assert_ne!(placed, generation, "{from}..{to}: placed again once still");
            assert!(labels_clear_of(&labels, &map.count_boxes()));
            assert!(!map.labels_await_counts());
            moved = true;
            break;
        }
    }
    assert!(moved, "one of these ranges brings a count near a label");
    map.defer_label_counts(false);
    map.set_time_range(Some(april));

    map.handle(InputEvent::Wheel { at: ScreenPoint::new(400.0, 300.0), delta_px: -100.0 });
    let zoomed = map.overlay_layer();
    assert_ne!(zoomed, before, "a new view places the labels again");
    let mosque = map.project_id("kabul-2022-04-29-khalifa-sahib-mosque").unwrap();
    click(&mut map, mosque);
    let view = *map.view();
    let id = selected(&map).unwrap();
    assert_eq!(
        map.overlay_layer(),
        fresh(&|m| {
            m.set_time_range(Some(april));
            m.set_view(view);
            m.select(Some(&id)).unwrap();
        }),
        "after a selection, the same labels and rings as a map that placed them from scratch"
    );
}

/// Whether no dot or text of `labels` overlaps one of `counts` (boxes as the placer estimates them).
fn labels_clear_of(labels: &incident_map::DisplayList, counts: &[incident_map::ScreenRect]) -> bool {
    use incident_map::{DrawCommand, TextAnchor};
    let overlaps = |(left, top, right, bottom): (f64, f64, f64, f64), c: &incident_map::ScreenRect| {
        left < c.x + c.width && c.x < right && top < c.y + c.height && c.y < bottom
    };
    labels.commands.iter().all(|command| {
        let b = match command {
            DrawCommand::Circle { at, radius, .. } => (at.x - radius, at.y - radius, at.x + radius, at.y + radius),
            DrawCommand::Text { at, text, size, anchor, .. } => {
                let width = incident_map::estimate_text_width(text, *size);
                let left = match anchor {
                    TextAnchor::Start => at.x,
                    TextAnchor::End => at.x - width,
                    TextAnchor::Center => at.x - width / 2.0,
                };
                (left, at.y - size * 0.7, left + width, at.y + size * 0.7)
            }
            _ => return true,
        };
        !counts.iter().any(|c| overlaps(b, c))
    })
}

/// A click on a marker away from the labels leaves them as placed (the same generation, so the
/// shell repaints no label), and a click near them places them again: either way they are the
/// labels placed from scratch around the selected marker.
#[test]
fn a_selection_moves_the_labels_only_when_it_is_near_them() {
    let basemap =
        std::rc::Rc::new(incident_map::Basemap::parse(include_str!("../www/basemap/afghanistan.json")).unwrap());
    let (mut kept, mut moved) = (0, 0);
    for preset in ViewPreset::ALL {
        let mut map = demo_map();
        map.set_basemap(basemap.clone());
        map.show_preset(preset);
        let (free_generation, free) = map.label_layer();
        let markers: Vec<_> = map.markers().to_vec();
        for marker in markers.iter().filter(|m| matches!(m.target, MarkerTarget::Incident(_))) {
            click(&mut map, marker.at);
            assert!(selected(&map).is_some(), "{preset:?}: a click at {:?} selects", marker.at);
            let (generation, labels) = map.label_layer();
            let keep_clear = Some((marker.at, marker.radius + 3.0));
            let theme = *map.theme();
            let counts = map.count_boxes();
            let scratch = incident_map::label_commands(
                &basemap,
                map.view(),
                &theme,
                incident_map::LabelLanguage::English,
                keep_clear,
                &[],
                &counts,
            );
            assert_eq!(labels.commands, scratch, "{preset:?}: the labels around {:?}", marker.at);
            assert_eq!(generation == free_generation, labels == free, "{preset:?}: placed again only if they moved");
            if labels == free {
                kept += 1;
            } else {
                moved += 1;
            }
        }
    }
    assert!(kept > 0 && moved > 0, "both cases are exercised: {kept} kept, {moved} moved");
}

/// During a wheel zoom the shell paints the overlay without labels: the rings stay, and the
/// labels come back whole afterwards.
#[test]
fn the_overlay_without_labels_keeps_the_rings() {
    let basemap =
        std::rc::Rc::new(incident_map::Basemap::parse(include_str!("../www/basemap/afghanistan.json")).unwrap());
    let mut map = demo_map();
    map.set_basemap(basemap);
    map.show_preset(ViewPreset::Kabul);
    map.select(Some("kabul-2021-08-26-airport")).unwrap();
    let is_text = |c: &incident_map::DrawCommand| matches!(c, incident_map::DrawCommand::Text { .. });
    let whole = map.overlay_layer();
    let bare = map.overlay_layer_with(false);
    assert!(whole.commands.iter().any(is_text) && !bare.commands.iter().any(is_text));
    assert!(!bare.commands.is_empty(), "the selection rings are drawn");
    assert_eq!(bare.commands[..], whole.commands[whole.commands.len() - bare.commands.len()..]);
    assert_eq!(map.overlay_layer(), whole, "the labels are back, as placed before");
}

#[test]
fn shift_enter_opens_the_list_of_the_cluster_the_focused_incident_is_in() {
    let mut map = demo_map();
    // At the start view the Kabul incidents are one cluster: the keyboard is on one of them.
    let cluster = *map.markers().iter().max_by_key(|m| m.count).unwrap();
    let MarkerTarget::Cluster(_) = cluster.target else { panic!("the largest marker is a cluster") };
    let member = map.members(cluster.target)[0];
    let id = map.incidents().id(member).to_owned();
    map.focus(Some(&id));
    let effects = map.handle(InputEvent::Key(MapKey::ActivateCluster));
    assert!(effects.contains(&Effect::ListChanged), "{effects:?}");
    let listed = map.listed_incidents(usize::MAX).expect("the cluster's list is open");
    assert_eq!(listed.count as u32, cluster.count);
    assert!(listed.first.iter().any(|i| i.id.as_str() == id), "it lists the focused incident");
    assert_eq!(map.selected_id(), None, "a list, not one incident's details");

    // Zoomed in so far that an incident with a site of its own (the airport) is drawn alone:
    // its details, as Enter.
    let airport = "kabul-2021-08-26-airport";
    let at = map.incidents().position(map.incidents().position_of(airport).unwrap());
    map.fit_bounds(incident_map::Bounds::new(at, at));
    map.focus(Some(airport));
    let effects = map.handle(InputEvent::Key(MapKey::ActivateCluster));
    assert!(
        matches!(
            effects.iter().find(|e| matches!(e, Effect::SelectionChanged(_))),
            Some(Effect::SelectionChanged(Some(_)))
        ),
        "{effects:?}"
    );
}
