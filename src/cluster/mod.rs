//! Aggregation of markers that would overlap. The work per frame is bounded by the screen, not by
//! the data: incidents are binned into a grid of cells anchored to the world at the zoom level's
//! floor (so a pan never reshuffles clusters), and then neighbouring cells whose circles would
//! cover each other are merged greedily, largest first. A cluster's area shows the *sum* of its
//! incidents' figures, and it is labelled with their count.
//!
//! Each stage is cached by what it depends on ([`Aggregator`]): the binned cells by the level, the
//! time range, the hidden categories and a region of the world larger than the screen
//! (`grid.rs`); the merge by the exact zoom and the size scale (`merge.rs`). A pan only reprojects
//! and culls the merged markers; a zoom within a level merges the cached cells again; only a new
//! level, filter or data, or a view that leaves the region, bins again (one pass over the range,
//! which reads only each incident's cell in a coarser grid held for the same range and filter,
//! when there is one, for the incidents that cannot fall in the new region).

mod base;
mod grid;
mod merge;

use std::ops::Range;
use std::rc::Rc;

use base::BaseCells;
use grid::{CellGrid, GridKey, NONE};
use merge::{merge, Merged, WorldMarker};

use crate::basemap::WorldBox;
use crate::geo::WorldPoint;
use crate::index::{DrawnMarker, MarkerHits, MarkerTarget};
use crate::symbols::RadiusScale;
use crate::view::Viewport;

/// Side of a grid cell, in CSS pixels at the zoom level's floor: incidents closer than about this
/// always aggregate.
pub const CELL_PX: f64 = 24.0;

/// Binned grids kept for reuse: going back to a level or a time range seen a moment ago (the
/// whole range after a window, a zoom back out) costs no new pass over the incidents.
const GRIDS_KEPT: usize = 3;

/// Per-incident columns the aggregation reads, all indexed by position in the time-sorted store.
pub struct MarkerColumns<'a> {
    /// Projected positions.
    pub world: &'a [WorldPoint],
    /// Sizing figure (`None` = unknown).
    pub values: &'a [Option<u32>],
    /// Whether the position is approximate.
    pub approximate: &'a [bool],
    /// Colour category.
    pub categories: &'a [u8],
}

impl MarkerColumns<'_> {
    /// Incidents every column has an entry for.
    pub fn len(&self) -> usize {
        self.world.len().min(self.values.len()).min(self.approximate.len()).min(self.categories.len())
    }

    /// Whether there is no incident.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The markers of one frame, and what they stand for.
#[derive(Clone, Debug, Default)]
pub struct Aggregation {
    /// Markers in draw order (largest first, so small ones stay visible on top), for hit tests.
    pub hits: MarkerHits,
    /// The grid and merge the markers come from (none for an empty view).
    source: Option<(Rc<CellGrid>, Rc<Merged>)>,
}

impl Aggregation {
    /// The incidents a marker stands for, in store order: one pass over the cell of each
    /// incident of the range, recorded when it was binned or when the base cells were summed
    /// (no geometry, no filter to evaluate).
    pub fn members(&self, target: MarkerTarget) -> Vec<usize> {
        let id = match target {
            MarkerTarget::Incident(n) => return vec![n],
            MarkerTarget::Cluster(c) => c as u32,
        };
        let Some((grid, merged)) = &self.source else { return Vec::new() };
        let Some(cluster) = merged.markers.get(id as usize) else { return Vec::new() };
        // Which cells are in the cluster, as a flag per cell: the pass below then reads one
        // cell number and one flag per incident.
        let in_cluster: Vec<bool> = merged.cell_marker.iter().map(|&m| m == id).collect();
        let start = grid.key.range.start;
        let (cells, base_to_grid) = grid.incident_cells();
        // For a grid binned from base cells, which base cells are in the cluster.
        let in_cluster = match base_to_grid {
            Some(grid_cell) => grid_cell.iter().map(|&c| c != NONE && in_cluster[c as usize]).collect(),
            None => in_cluster,
        };
        // Without a branch on membership: every incident is written at the end of the list, which
        // grows only past a member. Kabul's half of a million incidents, interleaved with the
        // others in date order, made the branch a coin toss: 4.4 ms a click, traced.
        let mut members = vec![0; cluster.count as usize + 1];
        let mut len = 0;
        for (i, &c) in cells.iter().enumerate() {
            // Only if the cluster's count were short of its members.
            if len == members.len() {
                members.push(0);
            }
            members[len] = start + i;
            len += usize::from(in_cluster.get(c as usize).copied().unwrap_or(false));
        }
        members.truncate(len);
        members
    }

    /// Identifies the merge the markers come from: two frames with the same id show the same
    /// markers, anchored to the world (a pan changes only where they are on screen).
    pub fn merge_id(&self) -> Option<u64> {
        self.source.as_ref().map(|(_, merged)| merged.serial)
    }

    /// The size scale the markers are drawn at (see [`RadiusScale::stepped_to_fit`]); `None` for
    /// an empty view.
    pub fn drawn_scale(&self) -> Option<RadiusScale> {
        self.source.as_ref().map(|(_, merged)| merged.drawn)
    }

    /// The markers of the same merge as drawn in another view at the same zoom (a view larger
    /// than the screen, say), or `None` if that view is at another zoom or reaches past the
    /// cells binned.
    pub fn markers_in(&self, view: &Viewport) -> Option<Vec<DrawnMarker>> {
        let (grid, merged) = self.source.as_ref()?;
        if merged.world_size != view.world_size() || !grid.covers(view, grid.extent) {
            return None;
        }
        Some(merged.markers.iter().filter_map(|m| on_screen(m, view)).collect())
    }

    /// The marker an incident is drawn in (its own, or its cluster's), if on screen.
    pub fn marker_of(&self, incident: usize) -> Option<&DrawnMarker> {
        if let Some(m) = self.hits.find(MarkerTarget::Incident(incident)) {
            return Some(m);
        }
        let (grid, merged) = self.source.as_ref()?;
        let id = merged.cell_marker[grid.cell_of_incident(incident)? as usize];
        self.hits.find(MarkerTarget::Cluster(id as usize))
    }
}

/// How many times an [`Aggregator`] binned and merged: tests check what a change recomputes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AggregatorWork {
    /// Passes over the incidents (new grids).
    pub binned: u32,
    /// Greedy merges of a grid's cells.
    pub merged: u32,
}

/// What the last frame was computed for.
#[derive(Clone, Debug, PartialEq)]
struct FrameKey {
    view: Viewport,
    grid: GridKey,
    scale: RadiusScale,
}

struct CachedGrid {
    grid: Rc<CellGrid>,
    merged: Option<Rc<Merged>>,
}

/// Aggregations cached between frames; see the module's documentation for what each change
/// recomputes. Call [`clear`](Self::clear) when the incidents' columns change.
///
/// ```
/// use incident_map::{Aggregator, LonLat, MarkerColumns, RadiusScale, Viewport, WorldPoint, Zoom};
/// let kabul = LonLat::new(69.17, 34.53).unwrap();
/// let world = vec![WorldPoint::from_lonlat(kabul); 3];
/// let columns = MarkerColumns { world: &world, values: &[Some(10), Some(20), None], approximate: &[true; 3], categories: &[0; 3] };
/// let view = Viewport::new(kabul, Zoom::clamped(8.0), 400.0, 300.0, 1.0);
/// let scale = RadiusScale::fitted(100, 4.0, 36.0);
/// let mut aggregator = Aggregator::default();
/// assert_eq!(aggregator.aggregation(&columns, 0..3, &[], &view, scale).hits.markers().len(), 1);
/// aggregator.aggregation(&columns, 0..3, &[], &view.panned_by(5.0, 0.0), scale);
/// assert_eq!(aggregator.work().binned, 1, "a pan bins nothing again");
/// ```
#[derive(Default)]
pub struct Aggregator {
    /// The bounding box of every incident (`Some(None)`: no incident), once computed.
    extent: Option<Option<WorldBox>>,
    /// Every incident summed at a fine level (`Some(None)`: none worth having), once computed:
    /// the unfiltered grids are binned from them.
    base: Option<Option<Rc<BaseCells>>>,
    /// Most recently used last.
    grids: Vec<CachedGrid>,
    frame: Option<(FrameKey, Aggregation)>,
    work: AggregatorWork,
    /// Whether a filtered view's markers are drawn at the scale of every incident's merge at the
    /// same zoom (see [`step_by_everything`](Self::step_by_everything)).
    step_by_everything: bool,
}

impl Aggregator {
    /// Forgets everything: the incidents, their values or their categories changed.
    pub fn clear(&mut self) {
        self.extent = None;
        self.base = None;
        self.grids.clear();
        self.frame = None;
    }

    /// Work done so far.
    pub fn work(&self) -> AggregatorWork {
        self.work
    }

    /// Where a view's markers would not fit the size scale, it is stepped down (see
    /// [`RadiusScale::stepped_to_fit`]) by how far the view's own largest marker is over, by
    /// default. With `true`, by how far the largest would be with no filter at all, time range
    /// or category: so that a circle means the same number in every time range at a zoom, as a
    /// scale fitted to the whole dataset promises (a time slider then compares like with like).
    pub fn step_by_everything(&mut self, everything: bool) {
        if self.step_by_everything != everything {
            self.step_by_everything = everything;
            self.frame = None;
        }
    }

    /// The markers of `view`: the incidents of `range` whose category is not `hidden`,
    /// aggregated where they would overlap, reusing whatever the last frames computed.
    pub fn aggregation(
        &mut self,
        columns: &MarkerColumns<'_>,
        range: Range<usize>,
        hidden: &[bool],
        view: &Viewport,
        scale: RadiusScale,
    ) -> &Aggregation {
        let key = FrameKey { view: *view, grid: GridKey::new(grid::level_of(view), range, hidden), scale };
        let frame = match self.frame.take() {
            Some((last, frame)) if last == key => (last, frame),
            _ => {
                let frame = self.compute(columns, &key);
                (key, frame)
            }
        };
        &self.frame.insert(frame).1
    }

    fn compute(&mut self, columns: &MarkerColumns<'_>, key: &FrameKey) -> Aggregation {
        let view = &key.view;
        if view.is_empty() {
            return Aggregation::default();
        }
        let everything = GridKey::new(key.grid.level, 0..columns.len(), &[]);
        let drawn = (self.step_by_everything && key.grid != everything)
            .then(|| self.merged(columns, &everything, view, key.scale, None).1.drawn);
        let (grid, merged) = self.merged(columns, &key.grid, view, key.scale, drawn);
        let markers = merged.markers.iter().filter_map(|m| on_screen(m, view)).collect();
        Aggregation { hits: MarkerHits::new(markers), source: Some((grid, merged)) }
    }

    /// The grid of `grid_key` around `view` and its merge at the view's zoom, drawn at `drawn`
    /// (else at the scale stepped for its own largest marker), from the cache or computed.
    fn merged(
        &mut self,
        columns: &MarkerColumns<'_>,
        grid_key: &GridKey,
        view: &Viewport,
        scale: RadiusScale,
        drawn: Option<RadiusScale>,
    ) -> (Rc<CellGrid>, Rc<Merged>) {
        let extent = *self.extent.get_or_insert_with(|| WorldBox::around(columns.world.iter().copied()));
        let found = self.grids.iter().position(|c| c.grid.key == *grid_key && c.grid.covers(view, extent));
        let mut cached = match found {
            Some(at) => self.grids.remove(at),
            None => {
                self.work.binned += 1;
                let unfiltered = grid_key.range == (0..columns.len()) && grid_key.hidden.is_empty();
                let base = if unfiltered {
                    self.base.get_or_insert_with(|| BaseCells::build(columns).map(Rc::new)).clone()
                } else {
                    None
                };
                let grid = match base.as_ref().and_then(|b| CellGrid::from_base(grid_key.clone(), b, view, extent)) {
                    Some(grid) => grid,
                    None => {
                        // The finest grid of the same incidents at a lower level that recorded
                        // each incident's cell, if any, narrows the pass; else the base cells,
                        // for the unfiltered incidents deeper than them.
                        let coarser = self
                            .grids
                            .iter()
                            .filter(|c| c.grid.key.level < grid_key.level && c.grid.key.range == grid_key.range)
                            .filter(|c| c.grid.key.hidden == grid_key.hidden && c.grid.cell_of.is_some())
                            .max_by_key(|c| c.grid.key.level);
                        let (coarser, base) = (coarser.map(|c| &*c.grid), base.as_deref());
                        CellGrid::bin(grid_key.clone(), columns, view, extent, coarser, base)
                    }
                };
                CachedGrid { grid: Rc::new(grid), merged: None }
            }
        };
        let world_size = view.world_size();
        let merged = match &cached.merged {
            Some(m) if m.world_size == world_size && m.scale == scale && drawn.is_none_or(|d| m.drawn == d) => {
                Rc::clone(m)
            }
            _ => {
                self.work.merged += 1;
                Rc::new(merge(&cached.grid, world_size, scale, drawn, u64::from(self.work.merged)))
            }
        };
        cached.merged = Some(Rc::clone(&merged));
        let grid = Rc::clone(&cached.grid);
        self.grids.push(cached);
        if self.grids.len() > GRIDS_KEPT {
            // The oldest goes, but a grid of every incident (no time filter: the state a reader
            // comes back to after each window, and the one a fixed scale steps by) outlives the
            // windows: a slider sweeping through months must not make "everything" cost a full
            // pass again.
            let whole = |c: &CachedGrid| c.grid.key.range == (0..columns.len());
            let evict = self.grids.iter().position(|c| !whole(c)).unwrap_or(0);
            self.grids.remove(evict);
        }
        (grid, merged)
    }
}

/// The marker as drawn in `view`, if any of it shows.
fn on_screen(m: &WorldMarker, view: &Viewport) -> Option<DrawnMarker> {
    let at = view.world_to_screen(m.centre);
    let r = m.radius;
    let shows = at.x >= -r && at.y >= -r && at.x <= view.width() + r && at.y <= view.height() + r;
    shows.then_some(DrawnMarker {
        at,
        radius: r,
        target: m.target,
        count: m.count,
        value: m.value,
        approximate: m.approximate,
        category: m.category,
    })
}

/// Aggregates the incidents of `range` whose category is not `hidden`, as seen in `view`, from
/// scratch (an [`Aggregator`] reuses work between frames; this is one with nothing cached).
///
/// ```
/// use incident_map::{aggregate, LonLat, MarkerColumns, MarkerTarget, RadiusScale, Viewport, WorldPoint, Zoom};
/// let kabul = LonLat::new(69.17, 34.53).unwrap();
/// let world = vec![WorldPoint::from_lonlat(kabul); 3];
/// let columns = MarkerColumns { world: &world, values: &[Some(10), Some(20), None], approximate: &[true; 3], categories: &[0; 3] };
/// let view = Viewport::new(kabul, Zoom::clamped(8.0), 400.0, 300.0, 1.0);
/// let scale = RadiusScale::fitted(100, 4.0, 36.0);
/// let result = aggregate(&columns, 0..3, &[], &view, scale);
/// let cluster = &result.hits.markers()[0];
/// assert_eq!((result.hits.markers().len(), cluster.count, cluster.value), (1, 3, Some(30)));
/// assert_eq!(result.members(cluster.target), vec![0, 1, 2]);
/// ```
pub fn aggregate(
    columns: &MarkerColumns<'_>,
    range: Range<usize>,
    hidden: &[bool],
    view: &Viewport,
    scale: RadiusScale,
) -> Aggregation {
    Aggregator::default().aggregation(columns, range, hidden, view, scale).clone()
}

#[cfg(test)]
mod tests {
    use super::grid::Cell;
    use super::*;
    use crate::geo::LonLat;
    use crate::view::Zoom;

    struct Data {
        world: Vec<WorldPoint>,
        values: Vec<Option<u32>>,
        approximate: Vec<bool>,
        categories: Vec<u8>,
    }

    impl Data {
        fn new(points: &[(f64, f64, Option<u32>, u8)]) -> Self {
            Self {
                world: points.iter().map(|p| WorldPoint::from_lonlat(LonLat::new(p.0, p.1).unwrap())).collect(),
                values: points.iter().map(|p| p.2).collect(),
                approximate: vec![false; points.len()],
                categories: points.iter().map(|p| p.3).collect(),
            }
        }
        fn columns(&self) -> MarkerColumns<'_> {
            MarkerColumns {
                world: &self.world,
                values: &self.values,
                approximate: &self.approximate,
                categories: &self.categories,
            }
        }
    }

    fn view(zoom: f64) -> Viewport {
        Viewport::new(LonLat::new(68.5, 35.5).unwrap(), Zoom::clamped(zoom), 1000.0, 800.0, 1.0)
    }

    // Kabul airport and city centre (5 km apart), Mazar-e Sharif, Kunduz.
    fn sample() -> Data {
        Data::new(&[
            (69.2203, 34.5586, Some(182), 0),
            (69.1723, 34.5281, Some(50), 1),
            (69.1723, 34.5281, Some(5), 1),
            (67.1109, 36.7090, Some(31), 1),
            (68.8570, 36.7289, Some(4), 2),
        ])
    }

    #[test]
    fn kabul_aggregates_at_country_zoom_and_sums_casualties() {
        let data = sample();
        let scale = RadiusScale::fitted(182, 4.0, 36.0);
        let result = aggregate(&data.columns(), 0..5, &[], &view(5.7), scale);
        assert_eq!(result.hits.markers().len(), 3, "{:?}", result.hits.markers());
        let kabul = &result.hits.markers()[0];
        assert_eq!((kabul.count, kabul.value, kabul.category), (3, Some(237), None));
        assert!(matches!(kabul.target, MarkerTarget::Cluster(_)));
        assert!((kabul.radius - 36.0 * (237.0f64 / 182.0).sqrt()).abs() < 1e-9, "area shows the sum: {}", kabul.radius);
        let members = result.members(kabul.target);
        assert_eq!(members, vec![0, 1, 2]);
    }

    #[test]
    fn clusters_past_the_largest_size_step_the_whole_view_down_keeping_area_for_value() {
        // Kabul's three incidents repeated 200 times (47,400 killed), Mazar-e Sharif's once (31),
        // Kunduz's 500 times (2,000): on the dataset's scale Kabul would pass the cap.
        let sample = sample();
        let mut points = Vec::new();
        for (i, times) in [(0, 200), (1, 200), (2, 200), (3, 1), (4, 500)] {
            let at = &sample.world[i];
            for _ in 0..times {
                points.push((*at, sample.values[i]));
            }
        }
        let data = Data {
            world: points.iter().map(|p| p.0).collect(),
            values: points.iter().map(|p| p.1).collect(),
            approximate: vec![false; points.len()],
            categories: vec![0; points.len()],
        };
        let scale = RadiusScale::fitted(182, 4.0, 36.0);
        let result = aggregate(&data.columns(), 0..points.len(), &[], &view(5.7), scale);
        let drawn = result.drawn_scale().unwrap();
        assert_ne!(drawn, scale, "stepped down");
        let markers = result.hits.markers();
        let (kabul, kunduz) = (&markers[0], markers.iter().find(|m| m.count == 500).unwrap());
        assert_eq!(kabul.value, Some(47_400));
        assert!(
            kabul.radius <= RadiusScale::MAX_CLUSTER_RADIUS
                && kabul.radius > RadiusScale::MAX_CLUSTER_RADIUS / 2f64.sqrt()
        );
        let expected = kabul.radius * (2_000.0f64 / 47_400.0).sqrt();
        assert!(expected > RadiusScale::MIN_CLUSTER_RADIUS);
        assert!(
            (kunduz.radius - expected).abs() < 1e-9,
            "areas keep the ratio of the sums: {} vs {expected}",
            kunduz.radius
        );
        // Mazar-e Sharif and 49 of Kunduz's fit the dataset's scale: nothing is stepped.
        let rest = aggregate(&data.columns(), 600..650, &[], &view(5.7), scale);
        assert_eq!(rest.drawn_scale(), Some(scale));
        // Stepped by everything, a filtered view keeps the scale of the whole data at this zoom,
        // and the grid of everything is binned once for any number of windows.
        let mut aggregator = Aggregator::default();
        aggregator.step_by_everything(true);
        let columns = data.columns();
        for window in [600..650, 650..700, 0..10] {
            let filtered = aggregator.aggregation(&columns, window.clone(), &[], &view(5.7), scale);
            assert_eq!(filtered.drawn_scale(), Some(drawn), "window {window:?}");
        }
        assert_eq!(aggregator.work().binned, 4, "three windows and everything");
        let hidden = aggregator.aggregation(&columns, 0..points.len(), &[true], &view(5.7), scale);
        assert_eq!(hidden.drawn_scale(), Some(drawn), "a hidden category is a filter too");
    }

    #[test]
    fn a_cluster_is_approximate_only_when_all_its_incidents_are() {
        let scale = RadiusScale::fitted(182, 4.0, 36.0);
        for (approximate, expected) in [([true, true, true], true), ([true, false, true], false)] {
            let mut data = sample();
            data.approximate[..3].copy_from_slice(&approximate);
            let result = aggregate(&data.columns(), 0..5, &[], &view(5.7), scale);
            let kabul = &result.hits.markers()[0];
            assert_eq!(kabul.count, 3);
            assert_eq!(kabul.approximate, expected, "Kabul's incidents approximate: {approximate:?}");
        }
    }

    #[test]
    fn zooming_in_splits_clusters_but_not_identical_points() {
        let data = sample();
        let scale = RadiusScale::fitted(182, 4.0, 36.0);
        let kabul_view = Viewport::new(LonLat::new(69.19, 34.54).unwrap(), Zoom::clamped(12.0), 800.0, 600.0, 1.0);
        let result = aggregate(&data.columns(), 0..5, &[], &kabul_view, scale);
        let counts: Vec<u32> = result.hits.markers().iter().map(|m| m.count).collect();
        assert_eq!(counts, vec![1, 2], "the airport alone; the two city-centre incidents share a point");
    }

    #[test]
    fn filtered_incidents_are_left_out() {
        let data = sample();
        let scale = RadiusScale::fitted(182, 4.0, 36.0);
        let result = aggregate(&data.columns(), 1..5, &[false, false, true], &view(5.7), scale);
        let total: u32 = result.hits.markers().iter().map(|m| m.count).sum();
        assert_eq!(total, 3);
        assert!(result.hits.markers().iter().all(|m| m.target != MarkerTarget::Incident(4)));
    }

    #[test]
    fn draw_order_is_largest_first() {
        let data = sample();
        let scale = RadiusScale::fitted(182, 4.0, 36.0);
        let result = aggregate(&data.columns(), 0..5, &[], &view(5.7), scale);
        assert!(result.hits.markers().windows(2).all(|w| w[0].radius >= w[1].radius));
    }

    #[test]
    fn a_pan_does_not_reshuffle_clusters() {
        let data = sample();
        let scale = RadiusScale::fitted(182, 4.0, 36.0);
        let a = aggregate(&data.columns(), 0..5, &[], &view(6.0), scale);
        let b = aggregate(&data.columns(), 0..5, &[], &view(6.0).panned_by(37.0, -11.0), scale);
        let summary = |r: &Aggregation| {
            let mut v: Vec<(u32, Option<u64>)> = r.hits.markers().iter().map(|m| (m.count, m.value)).collect();
            v.sort();
            v
        };
        assert_eq!(summary(&a), summary(&b));
    }

    /// `n` incidents: half in a few km around Kabul, half spread over the country, with values,
    /// unknowns and three categories, from a fixed seed.
    fn spread(n: usize) -> Data {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let points: Vec<(f64, f64, Option<u32>, u8)> = (0..n)
            .map(|i| {
                let (lon, lat) = if i % 2 == 0 {
                    (69.17 + (next() - 0.5) * 0.08, 34.53 + (next() - 0.5) * 0.06)
                } else {
                    (61.0 + next() * 10.0, 30.0 + next() * 7.0)
                };
                let value = (i % 9 != 0).then_some((i % 13) as u32);
                (lon, lat, value, (i % 3) as u8)
            })
            .collect();
        Data::new(&points)
    }

    fn kabul_view(zoom: f64) -> Viewport {
        Viewport::new(LonLat::new(69.17, 34.53).unwrap(), Zoom::clamped(zoom), 960.0, 600.0, 1.0)
    }

    #[test]
    fn a_pan_reuses_the_cache_and_matches_a_fresh_aggregation() {
        let data = spread(4000);
        let scale = RadiusScale::fitted(12, 4.0, 36.0);
        // The country (the grid covers all the data) and a city (it covers a few screens).
        for zoom in [6.3, 12.4] {
            let mut aggregator = Aggregator::default();
            aggregator.aggregation(&data.columns(), 0..4000, &[], &kabul_view(zoom), scale);
            for (dx, dy) in [(12.0, 0.0), (-300.0, 140.0), (600.0, -380.0)] {
                let panned = kabul_view(zoom).panned_by(dx, dy);
                let cached = aggregator.aggregation(&data.columns(), 0..4000, &[], &panned, scale).clone();
                let fresh = aggregate(&data.columns(), 0..4000, &[], &panned, scale);
                assert_eq!(cached.hits.markers(), fresh.hits.markers(), "zoom {zoom}, pan {dx},{dy}");
                assert!(!cached.hits.markers().is_empty());
            }
            assert_eq!(aggregator.work(), AggregatorWork { binned: 1, merged: 1 }, "zoom {zoom}: pans only reproject");
        }
    }

    #[test]
    fn a_grid_narrowed_by_a_coarser_one_bins_exactly_what_a_full_pass_does() {
        let data = spread(6000);
        let columns = data.columns();
        let extent = WorldBox::around(data.world.iter().copied());
        let hidden = [false, true];
        let bin = |level_of_view: &Viewport, coarser: Option<&CellGrid>, range: Range<usize>| {
            let key = GridKey::new(grid::level_of(level_of_view), range, &hidden);
            CellGrid::bin(key, &columns, level_of_view, extent, coarser, None)
        };
        let same = |a: &CellGrid, b: &CellGrid| {
            a.rect == b.rect && a.cells == b.cells && a.cell_of == b.cell_of && a.occupied == b.occupied
        };
        // Into Kabul (half the incidents) and into the spread-out west, one to five levels in.
        for centre in [LonLat::new(69.17, 34.53).unwrap(), LonLat::new(64.0, 33.0).unwrap()] {
            let at = |zoom: f64| Viewport::new(centre, Zoom::clamped(zoom), 960.0, 600.0, 1.0);
            for range in [0..6000, 1500..4200] {
                let country = bin(&at(6.2), None, range.clone());
                let mut narrowed_any = false;
                for zoom in [7.4, 9.1, 11.6] {
                    let full = bin(&at(zoom), None, range.clone());
                    let narrowed = bin(&at(zoom), Some(&country), range.clone());
                    assert!(same(&full, &narrowed), "zoom {zoom} from the country grid");
                    narrowed_any |= country.cells_over(full.rect, full.key.level).is_some();
                    let finer = bin(&at(zoom + 1.0), Some(&full), range.clone());
                    assert!(
                        same(&bin(&at(zoom + 1.0), None, range.clone()), &finer),
                        "zoom {} from {zoom}",
                        zoom + 1.0
                    );
                }
                assert!(narrowed_any, "the country grid narrowed some pass");
            }
        }
        // A coarser grid whose region does not hold the new one's, or a grid of the same level,
        // cannot narrow it.
        let kabul = kabul_view(11.0);
        let small = bin(&kabul, None, 0..6000);
        let far = kabul.panned_by(20_000.0, 0.0).with_zoom(Zoom::clamped(12.0));
        assert_eq!(small.cells_over(needed_rect(&far), 12), None);
        assert_eq!(small.cells_over(small.rect, small.key.level), None);
    }

    #[test]
    fn a_grid_binned_from_base_cells_holds_what_a_pass_over_the_incidents_does() {
        let data = spread(6000);
        let columns = data.columns();
        let extent = WorldBox::around(data.world.iter().copied());
        // Few enough cells that the zooms below reach past them too (a map's own base cells for
        // 6000 incidents would go down to the finest level).
        let base = Rc::new(BaseCells::build_within(&columns, 750).expect("6000 incidents are worth base cells"));
        assert!(base.cells.len() <= 750, "at most 750 cells: {}", base.cells.len());
        let own = BaseCells::build(&columns).expect("base cells");
        assert_eq!(own.level, base::FINEST_LEVEL, "6000 incidents are summed down to the finest level");
        assert_eq!(base.cells.iter().map(|c| c.count as usize).sum::<usize>(), 6000);
        let (mut compared, mut deeper, mut skipped_any) = (0, 0, false);
        for centre in [LonLat::new(69.17, 34.53).unwrap(), LonLat::new(64.0, 33.0).unwrap()] {
            for zoom in [2.5, 5.2, 6.9, 8.4, 10.1, 12.7] {
                let view = Viewport::new(centre, Zoom::clamped(zoom), 960.0, 600.0, 1.0);
                let key = GridKey::new(grid::level_of(&view), 0..6000, &[]);
                let full = CellGrid::bin(key.clone(), &columns, &view, extent, None, None);
                let Some(summed) = CellGrid::from_base(key.clone(), &base, &view, extent) else {
                    assert!(full.key.level > base.level, "zoom {zoom}: base cells serve every level up to theirs");
                    // Deeper, the base cells narrow the pass over the incidents.
                    let narrowed = CellGrid::bin(key, &columns, &view, extent, None, Some(&base));
                    let over = base.cells_over(full.rect, full.key.level).expect("a finer level");
                    skipped_any |= over.contains(&false);
                    assert_eq!((narrowed.cells, narrowed.cell_of), (full.cells, full.cell_of), "zoom {zoom}");
                    deeper += 1;
                    continue;
                };
                compared += 1;
                assert_eq!((summed.rect, &summed.occupied), (full.rect, &full.occupied), "zoom {zoom}");
                for (a, b) in summed.cells.iter().zip(&full.cells) {
                    // The positions are summed in another order: equal to rounding.
                    let near = |u: f64, v: f64| (u - v).abs() <= 1e-12 * v.abs().max(1.0);
                    assert!(near(a.sum_x, b.sum_x) && near(a.sum_y, b.sum_y), "zoom {zoom}: {a:?} against {b:?}");
                    assert_eq!(Cell { sum_x: b.sum_x, sum_y: b.sum_y, ..*a }, *b, "zoom {zoom}");
                }
                // Each incident's cell, computed from its position, is the one it was binned in.
                let cell_of = full.cell_of.as_ref().unwrap();
                for (n, &cell) in cell_of.iter().enumerate() {
                    assert_eq!(summed.cell_of_incident(n), Some(cell).filter(|&c| c != NONE));
                }
            }
        }
        assert!(compared >= 6 && deeper >= 2, "{compared} levels compared, {deeper} deeper");
        assert!(skipped_any, "the base cells left some incidents out of a deeper pass");
    }

    #[test]
    fn the_merge_absorbs_what_a_scan_of_every_cell_would() {
        let data = spread(6000);
        let columns = data.columns();
        let extent = WorldBox::around(data.world.iter().copied());
        for scale in [RadiusScale::fitted(12, 4.0, 36.0), RadiusScale::fitted(400, 4.0, 36.0)] {
            for zoom in [5.1, 7.6, 9.3, 11.8] {
                let view = kabul_view(zoom);
                let grid = CellGrid::bin(
                    GridKey::new(grid::level_of(&view), 0..6000, &[]),
                    &columns,
                    &view,
                    extent,
                    None,
                    None,
                );
                let merged = merge(&grid, view.world_size(), scale, None, 0);
                // The greedy merge written plainly: each open cell, largest sum first, takes every
                // open cell of the grid within the larger of the two circles.
                let cells = &grid.cells;
                let mut order = grid.occupied.clone();
                order.sort_by(|&a, &b| {
                    let (ca, cb) = (&cells[a as usize], &cells[b as usize]);
                    cb.sum.cmp(&ca.sum).then(cb.count.cmp(&ca.count)).then(a.cmp(&b))
                });
                let radius = |c: u32| scale.cluster_radius(cells[c as usize].value());
                let mut group = vec![NONE; cells.len()];
                for &a in &order {
                    if group[a as usize] != NONE {
                        continue;
                    }
                    group[a as usize] = a;
                    for &b in &order {
                        let (pa, pb) = (cells[a as usize].centre(), cells[b as usize].centre());
                        let d = ((pa.x - pb.x).powi(2) + (pa.y - pb.y).powi(2)).sqrt() * view.world_size();
                        if group[b as usize] == NONE && d < radius(a).max(radius(b)) {
                            group[b as usize] = a;
                        }
                    }
                }
                // The same cells end together: each group's marker is the one its seed is in.
                for &c in &grid.occupied {
                    let seed = group[c as usize];
                    assert_eq!(
                        merged.cell_marker[c as usize], merged.cell_marker[seed as usize],
                        "zoom {zoom}, cell {c}"
                    );
                }
                let groups: std::collections::BTreeSet<u32> =
                    grid.occupied.iter().map(|&c| group[c as usize]).collect();
                assert_eq!(groups.len(), merged.markers.len(), "zoom {zoom}");
            }
        }
    }

    fn needed_rect(view: &Viewport) -> grid::CellRect {
        grid::needed_cells(view, grid::level_of(view))
    }

    #[test]
    fn a_view_leaving_the_binned_region_bins_again_and_matches_a_fresh_aggregation() {
        let data = spread(4000);
        let scale = RadiusScale::fitted(12, 4.0, 36.0);
        let mut aggregator = Aggregator::default();
        let view = kabul_view(11.0);
        aggregator.aggregation(&data.columns(), 0..4000, &[], &view, scale);
        let far = view.panned_by(5000.0, 3000.0);
        let cached = aggregator.aggregation(&data.columns(), 0..4000, &[], &far, scale).clone();
        assert_eq!(aggregator.work().binned, 2);
        assert_eq!(cached.hits.markers(), aggregate(&data.columns(), 0..4000, &[], &far, scale).hits.markers());
    }

    #[test]
    fn a_filter_or_level_change_bins_again_a_zoom_within_the_level_only_merges() {
        let data = spread(2000);
        let scale = RadiusScale::fitted(12, 4.0, 36.0);
        let columns = data.columns();
        let mut aggregator = Aggregator::default();
        let expect = |aggregator: &mut Aggregator, range: Range<usize>, hidden: &[bool], view: Viewport, scale| {
            let cached = aggregator.aggregation(&columns, range.clone(), hidden, &view, scale).clone();
            let fresh = aggregate(&columns, range, hidden, &view, scale);
            assert_eq!(cached.hits.markers(), fresh.hits.markers());
            aggregator.work()
        };
        let work = |binned, merged| AggregatorWork { binned, merged };
        assert_eq!(expect(&mut aggregator, 0..2000, &[], kabul_view(7.2), scale), work(1, 1));
        assert_eq!(expect(&mut aggregator, 0..2000, &[], kabul_view(7.7), scale), work(1, 2), "same level");
        assert_eq!(expect(&mut aggregator, 0..2000, &[], kabul_view(8.1), scale), work(2, 3), "new level");
        assert_eq!(expect(&mut aggregator, 0..900, &[], kabul_view(8.1), scale), work(3, 4), "time range");
        assert_eq!(expect(&mut aggregator, 0..900, &[false, true], kabul_view(8.1), scale), work(4, 5), "hidden");
        let bigger = RadiusScale::fitted(4, 4.0, 36.0);
        assert_eq!(expect(&mut aggregator, 0..900, &[false, true], kabul_view(8.1), bigger), work(4, 6), "scale");
        // Back to the whole range at this level: that grid was kept, and so was its merge.
        assert_eq!(expect(&mut aggregator, 0..2000, &[], kabul_view(8.1), scale), work(4, 6), "kept");
        aggregator.clear();
        assert_eq!(expect(&mut aggregator, 0..2000, &[], kabul_view(8.1), scale), work(5, 7), "cleared");
    }

    #[test]
    fn the_whole_range_outlives_a_sweep_of_time_windows() {
        let data = spread(2000);
        let scale = RadiusScale::fitted(12, 4.0, 36.0);
        let mut aggregator = Aggregator::default();
        let view = kabul_view(6.3);
        aggregator.aggregation(&data.columns(), 0..2000, &[], &view, scale);
        for start in (0..1500).step_by(100) {
            aggregator.aggregation(&data.columns(), start..start + 300, &[], &view, scale);
        }
        let binned = aggregator.work().binned;
        let back = aggregator.aggregation(&data.columns(), 0..2000, &[], &view, scale).clone();
        assert_eq!(aggregator.work().binned, binned, "no new pass for everything after 15 windows");
        assert_eq!(back.hits.markers(), aggregate(&data.columns(), 0..2000, &[], &view, scale).hits.markers());
    }

    #[test]
    fn the_members_of_each_marker_are_exactly_the_incidents_it_sums() {
        let data = spread(3000);
        let scale = RadiusScale::fitted(12, 4.0, 36.0);
        // A filtered range (grids binned from the incidents), and everything (from base cells).
        for (range, hidden) in [(200..2800, &[false, false, true][..]), (0..3000, &[][..])] {
            for zoom in [5.5, 6.8, 9.4, 13.0] {
                let result = aggregate(&data.columns(), range.clone(), hidden, &kabul_view(zoom), scale);
                for marker in result.hits.markers() {
                    let members = result.members(marker.target);
                    assert_eq!(members.len(), marker.count as usize, "zoom {zoom}: {marker:?}");
                    assert!(members.windows(2).all(|w| w[0] < w[1]), "in store order");
                    let shown = |n: usize| {
                        range.contains(&n) && !hidden.get(usize::from(data.categories[n])).is_some_and(|&h| h)
                    };
                    assert!(members.iter().all(|&n| shown(n)));
                    let values: Vec<u32> = members.iter().filter_map(|&n| data.values[n]).collect();
                    let sum = (!values.is_empty()).then(|| values.iter().map(|&v| u64::from(v)).sum::<u64>());
                    assert_eq!(sum, marker.value, "zoom {zoom}: the marker sums its members");
                    for &n in &members {
                        assert_eq!(result.marker_of(n), Some(marker), "incident {n} is drawn in this marker");
                    }
                }
            }
        }
    }

    #[test]
    fn markers_in_a_larger_view_are_the_same_merge_projected_there() {
        let data = spread(2000);
        let scale = RadiusScale::fitted(12, 4.0, 36.0);
        let view = kabul_view(8.4);
        let result = aggregate(&data.columns(), 0..2000, &[], &view, scale);
        let larger = view.with_size(view.width() + 512.0, view.height() + 512.0, 1.0);
        let wide = result.markers_in(&larger).expect("the grid covers the larger view");
        for m in result.hits.markers() {
            let there = wide.iter().find(|w| w.target == m.target).expect("every marker is in the larger view");
            assert!((there.at.x - 256.0 - m.at.x).abs() < 1e-6 && (there.at.y - 256.0 - m.at.y).abs() < 1e-6);
        }
        assert!(wide.len() >= result.hits.markers().len());
        assert_eq!(result.markers_in(&view.with_zoom(Zoom::clamped(8.6))), None, "another zoom: another merge");
    }
}
