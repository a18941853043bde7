//! How the core's costs grow with the number of incidents: 10,000, 100,000 and 1,000,000 of the
//! benchmark's synthetic incidents (`node bench/generate.mjs`, which `make bench` runs first).
//!
//! Each group measures one step of the core through the public API, at each size:
//! - `load_geojson`: parse and validate GeoJSON text;
//! - `set_incidents`: the index build (sort by date, time index, id map, size scale);
//!   these two are sampled at 10k and 100k; at 1M one run of each is timed and printed, since
//!   criterion would need ten runs of several seconds;
//! - `time_range`: a time filter change and the range query behind it;
//! - `visible_set/<view>`: the markers of a new view (what a pan frame recomputes);
//! - `hit_test/<case>`: a click (press and release) on a drawn frame, on a marker half way down
//!   the draw order or on an empty corner (the worst case of a scan);
//! - `scene_build/<view>`: the marker layer's display list of a drawn frame;
//! - `frame/<view>`: a whole pan frame in the core: new view, basemap, marker and overlay layers;
//! - `aggregation/<case>`: the markers of a frame, by what changed since the last one: `pan` (the
//!   cached merge reprojected), `zoom` (a zoom within the level: the cached cells merged again),
//!   `rebin` (another time range at the same view: one pass over the incidents of the range, at
//!   the country view, the whole range), `deep_rebin` and `deep_merge` (the same three levels in,
//!   where the browser benchmark's wheel gesture goes, and a zoom within that level) and `members`
//!   (the incidents of the largest cluster, as a click on it lists them).
//!
//! `BENCH_SIZES=10k,100k cargo bench --bench core` runs fewer sizes.

use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use incident_map::{
    load_geojson, Basemap, DrawCommand, DrawnMarker, Incident, IncidentMap, LoadOptions, PointerKind, ScreenPoint,
    TimeRange, ViewPreset, Zoom,
};

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 600.0;
/// Sizes that criterion samples in the `load_geojson` and `set_incidents` groups; larger ones
/// take seconds per run and are timed once (criterion would need at least ten runs).
const SAMPLED_UP_TO: usize = 100_000;

/// The sizes in `BENCH_SIZES` (`10k,100k,1M` by default; `10000` and `10_000` also work).
fn sizes() -> Vec<usize> {
    let list = std::env::var("BENCH_SIZES").unwrap_or_else(|_| "10k,100k,1M".to_owned());
    list.split(',').map(parse_size).collect()
}

fn parse_size(text: &str) -> usize {
    let text = text.trim().replace('_', "");
    let (digits, unit) = match text.char_indices().last() {
        Some((at, 'k' | 'K')) => (&text[..at], 1_000),
        Some((at, 'm' | 'M')) => (&text[..at], 1_000_000),
        _ => (text.as_str(), 1),
    };
    digits.parse::<usize>().map(|n| n * unit).unwrap_or_else(|_| panic!("BENCH_SIZES: {text:?} is not a size like 10k"))
}

fn size_name(n: usize) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

fn repo_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn dataset_text(n: usize) -> String {
    let path = repo_file(&format!("bench/out/data/incidents-{}.geojson", size_name(n)));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e}; make it with `node bench/generate.mjs --sizes {n}` (make bench does)", path.display())
    })
}

fn load(text: &str) -> Vec<Incident> {
    load_geojson(text, &LoadOptions::default()).expect("the generated data loads").incidents
}

fn basemap() -> Rc<Basemap> {
    let text = std::fs::read_to_string(repo_file("www/basemap/afghanistan.json")).expect("the basemap asset");
    Rc::new(Basemap::parse(&text).expect("the basemap parses"))
}

/// A map of the whole country at the benchmark's size, with `incidents` and the basemap.
fn map_with(incidents: Vec<Incident>, basemap: &Rc<Basemap>, view: ViewPreset) -> IncidentMap {
    let mut map = IncidentMap::new(WIDTH, HEIGHT, 1.0);
    map.set_basemap(Rc::clone(basemap));
    map.set_incidents(incidents);
    map.show_preset(view);
    map
}

/// Moves the view one pixel right then back, alternately: every call is a new view.
fn nudge(map: &mut IncidentMap, flip: &mut bool) {
    *flip = !*flip;
    let view = map.view().panned_by(if *flip { 1.0 } else { -1.0 }, 0.0);
    map.set_view(view);
}

fn view_name(view: ViewPreset) -> &'static str {
    view.key()
}

fn bench_size(c: &mut Criterion, n: usize, basemap: &Rc<Basemap>) {
    let name = size_name(n);
    let text = dataset_text(n);
    let started = Instant::now();
    let incidents = load(&text);
    let load_time = started.elapsed();
    eprintln!("{name}: one load_geojson of {:.1} MB took {:.2?}", text.len() as f64 / 1e6, load_time);
    if n <= SAMPLED_UP_TO {
        c.benchmark_group("load_geojson")
            .bench_with_input(BenchmarkId::from_parameter(&name), &text, |b, text| b.iter(|| load(text)));
    }
    drop(text);

    let index = |data: Vec<Incident>| {
        let mut map = IncidentMap::new(WIDTH, HEIGHT, 1.0);
        map.set_incidents(data);
        map
    };
    if n <= SAMPLED_UP_TO {
        c.benchmark_group("set_incidents").bench_function(BenchmarkId::from_parameter(&name), |b| {
            b.iter_batched(|| incidents.clone(), index, BatchSize::LargeInput)
        });
    } else {
        let data = incidents.clone();
        let started = Instant::now();
        let map = index(data);
        eprintln!("{name}: one set_incidents took {:.2?}", started.elapsed());
        drop(map);
    }

    let mut map = map_with(incidents, basemap, ViewPreset::Afghanistan);
    let april = TimeRange::parse("2022-04-01", "2022-04-30").expect("a range");
    let autumn = TimeRange::parse("2021-08-15", "2021-10-31").expect("a range");
    let mut flip = false;
    c.benchmark_group("time_range").bench_function(BenchmarkId::from_parameter(&name), |b| {
        b.iter(|| {
            flip = !flip;
            map.set_time_range(Some(if flip { april } else { autumn }));
            map.visible_range()
        })
    });
    map.set_time_range(None);

    for view in [ViewPreset::Afghanistan, ViewPreset::Kabul] {
        map.show_preset(view);
        let id = BenchmarkId::new(view_name(view), &name);
        c.benchmark_group("visible_set").bench_function(id.clone(), |b| {
            b.iter(|| {
                nudge(&mut map, &mut flip);
                map.markers().len()
            })
        });
        if view == ViewPreset::Afghanistan {
            // A marker half way down the draw order, and a corner of the map with no marker:
            // the second is the worst case of a scan, the first a typical one.
            let markers = map.markers().to_vec();
            let on_marker = markers[markers.len() / 2].at;
            let empty = ScreenPoint::new(2.0, HEIGHT - 2.0);
            for (case, at) in [("marker", on_marker), ("miss", empty)] {
                c.benchmark_group("hit_test").bench_function(BenchmarkId::new(case, &name), |b| {
                    // The hit test alone: a click on a cluster would also zoom the map in.
                    b.iter(|| map.aggregation().hits.hit(at, PointerKind::Mouse.hit_tolerance()))
                });
            }
        }
        c.benchmark_group("scene_build").bench_function(id.clone(), |b| b.iter(|| map.marker_layer()));
        c.benchmark_group("frame").bench_function(id, |b| {
            b.iter(|| {
                nudge(&mut map, &mut flip);
                (map.basemap_layer(), map.marker_layer(), map.overlay_layer())
            })
        });
    }
    bench_aggregation(c, &mut map, &name);
    drop(map);
}

/// The aggregation's caches at the country view: what a pan, a zoom and a time change cost.
fn bench_aggregation(c: &mut Criterion, map: &mut IncidentMap, name: &str) {
    map.show_preset(ViewPreset::Afghanistan);
    map.set_time_range(None);
    let mut flip = false;
    let mut group = c.benchmark_group("aggregation");
    group.bench_function(BenchmarkId::new("pan", name), |b| {
        b.iter(|| {
            nudge(map, &mut flip);
            map.markers().len()
        })
    });
    let zoom = map.view().zoom().value();
    // Within the level of the fitted view (6.11): the cells stay, the merge is redone.
    let zooms = [zoom.floor() + 0.2, zoom.floor() + 0.7];
    group.bench_function(BenchmarkId::new("zoom", name), |b| {
        b.iter(|| {
            flip = !flip;
            let view = map.view().with_zoom(Zoom::clamped(zooms[usize::from(flip)]));
            map.set_view(view);
            map.markers().len()
        })
    });
    map.show_preset(ViewPreset::Afghanistan);
    let span = map.data_span().expect("the data has dates");
    // Four ranges, more than the aggregator keeps, so that every change bins again.
    let ends: Vec<TimeRange> = ["2022-12-31", "2022-12-30", "2022-12-29", "2022-12-28"]
        .iter()
        .map(|to| TimeRange::parse(&span.from().to_string(), to).expect("a range"))
        .collect();
    let mut at = 0;
    group.bench_function(BenchmarkId::new("rebin", name), |b| {
        b.iter(|| {
            at = (at + 1) % ends.len();
            map.set_time_range(Some(ends[at]));
            map.markers().len()
        })
    });
    // Three levels in at the centre, where the benchmark's wheel gesture ends (`zoomDeep` in
    // bench/lib/steps.mjs): a new grid there (the same four ranges: every call bins again, over
    // the region of the screen and one more on each side), then a zoom within that level (the
    // cached cells merged again). Their difference is the pass over the incidents.
    map.show_preset(ViewPreset::Afghanistan);
    let deep = map.view().with_zoom(Zoom::clamped(zoom + 3.0));
    map.set_view(deep);
    group.bench_function(BenchmarkId::new("deep_rebin", name), |b| {
        b.iter(|| {
            at = (at + 1) % ends.len();
            map.set_time_range(Some(ends[at]));
            map.markers().len()
        })
    });
    map.set_time_range(None);
    let deep_zooms = [deep.zoom().value().floor() + 0.2, deep.zoom().value().floor() + 0.7];
    group.bench_function(BenchmarkId::new("deep_merge", name), |b| {
        b.iter(|| {
            flip = !flip;
            map.set_view(deep.with_zoom(Zoom::clamped(deep_zooms[usize::from(flip)])));
            map.markers().len()
        })
    });
    eprintln!("{name}: three levels in, {} markers on the screen", map.markers().len());
    map.show_preset(ViewPreset::Afghanistan);
    let largest = map.markers()[0].target;
    group.bench_function(BenchmarkId::new("members", name), |b| b.iter(|| map.members(largest).len()));
    group.finish();
}

fn core(c: &mut Criterion) {
    eprintln!(
        "sizes: Incident {} bytes before its text, DrawnMarker {}, DrawCommand {}",
        std::mem::size_of::<Incident>(),
        std::mem::size_of::<DrawnMarker>(),
        std::mem::size_of::<DrawCommand>()
    );
    let basemap = basemap();
    for n in sizes() {
        bench_size(c, n, &basemap);
    }
}

criterion_group! {
    name = benches;
    // Short runs: the machine has two shared cores, and the growth with N is what matters here.
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = core
}
criterion_main!(benches);
