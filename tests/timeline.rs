//! The time control's core on the demo data, natively: the weekly bars, the counters of the week
//! of 19–29 April 2022, the default presets, a keyboard walk, play, and a shared link's state.

use incident_map::{
    default_time_presets, hash_entry, load_geojson, with_hash_entry, BinSize, Day, HashKey, HistogramMetric,
    IncidentMap, LoadOptions, PlayMode, Playback, SharedState, Thumb, ThumbStep, TimeRange, Timeline, Totals,
};

fn demo_map() -> IncidentMap {
    let data = load_geojson(include_str!("../www/data/incidents.geojson"), &LoadOptions::default()).unwrap();
    let mut map = IncidentMap::new(800.0, 600.0, 1.0);
    map.set_incidents(data.incidents);
    map
}

fn range(a: &str, b: &str) -> TimeRange {
    TimeRange::parse(a, b).unwrap()
}

#[test]
fn the_demo_span_has_weekly_bars_from_monday_to_sunday() {
    let map = demo_map();
    let timeline = Timeline::new(map.incidents(), |_| true).unwrap();
    assert_eq!(timeline.span(), range("2021-05-08", "2022-05-25"));
    let histogram = timeline.histogram();
    assert_eq!(histogram.bin_size(), BinSize::Week);
    let bins = histogram.bins();
    // A cut first week (Saturday and Sunday), 54 whole weeks, a cut last week (Monday to Wednesday).
    assert_eq!(bins.len(), 56);
    assert_eq!(bins[0].range, range("2021-05-08", "2021-05-09"));
    assert_eq!(bins[55].range, range("2022-05-23", "2022-05-25"));
    let week_days = |b: &incident_map::Bin| b.range.to().days_since_epoch() - b.range.from().days_since_epoch() + 1;
    assert!(bins[1..55].iter().all(|b| week_days(b) == 7));
    let total: u64 = bins.iter().map(|b| b.totals.incidents).sum();
    assert_eq!(total, 17, "every incident is in one bar");
    // The week of 18 April 2022 holds the wave: 19, 21 (twice) and 22 April.
    let wave = histogram.bin_index(Day::parse("2022-04-21").unwrap()).unwrap();
    assert_eq!(bins[wave].range, range("2022-04-18", "2022-04-24"));
    assert_eq!(bins[wave].totals.incidents, 4);
    assert_eq!(histogram.max(HistogramMetric::Incidents), 4);
    // By casualties the tallest bar is the week of the airport bombing (182 killed, 150 injured).
    let tallest = bins.iter().max_by_key(|b| b.totals.casualties()).unwrap();
    assert_eq!(tallest.range, range("2021-08-23", "2021-08-29"));
}

#[test]
fn the_counters_of_the_week_of_19_to_29_april_2022() {
    let mut map = demo_map();
    let timeline = Timeline::new(map.incidents(), |_| true).unwrap();
    map.set_time_range(Some(range("2022-04-19", "2022-04-29")));
    let totals = timeline.totals(map.visible_range(), map.incidents(), |_| true);
    assert_eq!(totals, Totals { incidents: 6, killed: 138, injured: 216, ..Totals::default() });
    assert_eq!(
        totals.summary(|n| n.to_string(), "19–29 April 2022"),
        "6 incidents · 138 killed · 216 injured · 19–29 April 2022"
    );
    map.set_time_range(None);
    // The Eid Gah mosque's injured are unknown: the sum is a minimum, and says so.
    let all = timeline.totals(map.visible_range(), map.incidents(), |_| true);
    assert_eq!(all, Totals { incidents: 17, killed: 519, injured: 854, killed_unknown: 0, injured_unknown: 1 });
    assert_eq!(all.summary(|n| n.to_string(), ""), "17 incidents · 519 killed · at least 854 injured");
    // A category filter (here: Mazar-e Sharif only) counts through the same hook.
    let in_mazar = |n: usize| map.incidents().id(n).starts_with("mazar");
    let mazar = Timeline::new(map.incidents(), in_mazar).unwrap();
    map.set_time_range(Some(range("2022-04-19", "2022-04-29")));
    let totals = mazar.totals(map.visible_range(), map.incidents(), |n| map.incidents().id(n).starts_with("mazar"));
    assert_eq!(totals, Totals { incidents: 2, killed: 42, injured: 100, ..Totals::default() });
    assert_eq!(mazar.span(), timeline.span(), "the axis stays that of all the data");
}

#[test]
fn the_default_presets_of_the_demo() {
    let map = demo_map();
    let presets = default_time_presets(map.incidents());
    let labels: Vec<&str> = presets.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["All", "2021", "2022", "Apr 2022"]);
    assert_eq!(presets[0].range, range("2021-05-08", "2022-05-25"));
    assert_eq!(presets[3].range, range("2022-04-01", "2022-04-30"), "354 killed and injured in April 2022");
}

#[test]
fn a_keyboard_walk_from_everything_to_the_april_wave() {
    let map = demo_map();
    let timeline = Timeline::new(map.incidents(), |_| true).unwrap();
    let h = timeline.histogram();
    let mut r = timeline.span();
    // End handle: back to the Sunday before the last week, then four weeks at a time.
    r = h.stepped(r, Thumb::To, ThumbStep::Back);
    assert_eq!(r.to().to_string(), "2022-05-22");
    r = h.stepped(r, Thumb::To, ThumbStep::BackLarge);
    assert_eq!(r.to().to_string(), "2022-04-24");
    // Start handle: End brings it to the end handle, Back to that week's Monday.
    r = h.stepped(r, Thumb::From, ThumbStep::Last);
    r = h.stepped(r, Thumb::From, ThumbStep::Back);
    assert_eq!(r, range("2022-04-18", "2022-04-24"));
}

#[test]
fn play_through_the_demo_ends_on_the_last_day() {
    let map = demo_map();
    let timeline = Timeline::new(map.incidents(), |_| true).unwrap();
    let h = timeline.histogram();
    let mut play = Playback::start(PlayMode::Cumulative, timeline.span(), h);
    let mut steps = 0;
    while !play.is_finished() {
        play.step(h);
        steps += 1;
    }
    assert_eq!(steps, 55, "one step per remaining week");
    assert_eq!(play.range(), timeline.span());
}

#[test]
fn a_shared_link_carries_the_view_range_and_selection() {
    let mut map = demo_map();
    map.show_preset(incident_map::ViewPreset::MazarESharif);
    map.set_time_range(Some(range("2022-04-19", "2022-04-29")));
    map.select(Some("mazar-e-sharif-2022-04-21-seh-dokan-mosque")).unwrap();
    let view = map.view();
    let state = SharedState {
        view: Some(incident_map::SharedView { center: view.center(), zoom: view.zoom() }),
        time: map.time_range(),
        selected: map.selected_incident().map(|i| i.id.to_string()),
        unread_time: None,
    };
    let key = HashKey::new("map").unwrap();
    let fragment = with_hash_entry("", &key, &state.encode());
    let read = SharedState::parse(hash_entry(&fragment, &key).unwrap());
    assert_eq!(read.time, state.time);
    assert_eq!(read.selected, state.selected);
    let (a, b) = (read.view.unwrap(), state.view.unwrap());
    assert!((a.center.lon() - b.center.lon()).abs() < 1e-5 && (a.zoom.value() - b.zoom.value()).abs() < 0.01);
}
