//! The time control's core: bars of incidents per day, week or month across the data's span,
//! running totals for the counters, the brush (handles, middle, keyboard steps), play, and the
//! presets an embedder may give. All of it is plain Rust, tested natively; `web::timebar` only
//! draws it and forwards input.

mod bars;
mod bin_size;
mod brush;
mod histogram;
mod keys;
mod playback;
mod preset_list;
mod scale;
mod totals;

use std::ops::Range;

pub use bars::{histogram_layer, BarStyle};
pub use bin_size::BinSize;
pub use brush::{clamp_range, BrushDrag, BrushPart};
pub use histogram::{Bin, Histogram, HistogramMetric};
pub use keys::{Thumb, ThumbStep};
pub use playback::{PlayMode, PlaySpeed, Playback};
pub use preset_list::{parse_time_presets, PresetListError};
pub use scale::TimeScale;
pub use totals::{RunningTotals, Totals};

use crate::data::{Casualties, Day, Incident, IncidentStore};
use crate::index::TimeRange;

/// What the time control reads of incidents in date order: each one's day and casualties.
/// Implemented by the compact store the map keeps, and by plain lists of incidents.
pub trait DatedFigures {
    /// How many incidents.
    fn count(&self) -> usize;
    /// The day of the incident at `n`.
    fn day(&self, n: usize) -> Day;
    /// The casualties of the incident at `n`.
    fn casualties(&self, n: usize) -> Casualties;
}

impl DatedFigures for [Incident] {
    fn count(&self) -> usize {
        self.len()
    }
    fn day(&self, n: usize) -> Day {
        self[n].date.day()
    }
    fn casualties(&self, n: usize) -> Casualties {
        self[n].casualties
    }
}

impl DatedFigures for Vec<Incident> {
    fn count(&self) -> usize {
        self.len()
    }
    fn day(&self, n: usize) -> Day {
        self[n].date.day()
    }
    fn casualties(&self, n: usize) -> Casualties {
        self[n].casualties
    }
}

impl DatedFigures for IncidentStore {
    fn count(&self) -> usize {
        self.len()
    }
    fn day(&self, n: usize) -> Day {
        self.date(n).day()
    }
    fn casualties(&self, n: usize) -> Casualties {
        IncidentStore::casualties(self, n)
    }
}

/// What the time control knows of the data: the span, its histogram and the running totals.
/// Built once per data load (or change of category filter); a change of range only looks up.
///
/// ```
/// use incident_map::{load_geojson, LoadOptions, Timeline, Totals};
/// let f = |d: &str, k: u32| format!(r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[69,34]}},
///     "properties":{{"date":"{d}","killed":{k},"injured":2}}}}"#);
/// let text = format!(r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
///     f("2021-08-26", 182), f("2022-04-21", 31), f("2022-04-29", 50));
/// let mut incidents = load_geojson(&text, &LoadOptions::default()).unwrap().incidents;
/// incidents.sort_by_key(|i| i.date);
/// let timeline = Timeline::new(&incidents, |_| true).unwrap();
/// assert_eq!(timeline.span().from().to_string(), "2021-08-26");
/// assert_eq!(timeline.totals(1..3, &incidents[..], |_| true), Totals { incidents: 2, killed: 81, injured: 4, ..Totals::default() });
/// ```
#[derive(Clone, Debug)]
pub struct Timeline {
    histogram: Histogram,
    totals: RunningTotals,
}

impl Timeline {
    /// The timeline of `incidents` (sorted by date), counting those whose position `include`
    /// accepts; `None` when there are no incidents. The span covers every incident, so that
    /// filtering by category never moves the axis.
    pub fn new<D: DatedFigures + ?Sized>(incidents: &D, include: impl Fn(usize) -> bool) -> Option<Self> {
        let last = incidents.count().checked_sub(1)?;
        let span = TimeRange::new(incidents.day(0), incidents.day(last)).ok()?;
        Some(Self {
            histogram: Histogram::new(span, incidents, &include),
            totals: RunningTotals::new(incidents, include),
        })
    }

    /// The first and last day of the data.
    pub fn span(&self) -> TimeRange {
        self.histogram.span()
    }

    /// The bars.
    pub fn histogram(&self) -> &Histogram {
        &self.histogram
    }

    /// The totals of the incidents at `positions` (in the sorted order): what a time filter
    /// shows, since it selects a contiguous run of them. `incidents` and `include` are those the
    /// timeline was made with.
    pub fn totals<D: DatedFigures + ?Sized>(
        &self,
        positions: Range<usize>,
        incidents: &D,
        include: impl Fn(usize) -> bool,
    ) -> Totals {
        self.totals.between(positions, incidents, include)
    }
}
