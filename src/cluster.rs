//! Aggregation of markers that would overlap. The work is bounded by the screen, not by the data:
//! incidents are binned into a grid of cells anchored to the world at the zoom level's floor (so a
//! pan never reshuffles clusters), only cells on screen are kept, and then neighbouring cells whose
//! circles would cover each other are merged greedily, largest first. A cluster's area shows the
//! *sum* of its incidents' figures, and it is labelled with their count.

use std::ops::Range;

use crate::geo::WorldPoint;
use crate::index::{DrawnMarker, MarkerHits, MarkerTarget};
use crate::symbols::RadiusScale;
use crate::view::Viewport;

/// Side of a grid cell, in CSS pixels at the zoom level's floor: incidents closer than about this
/// always aggregate.
pub const CELL_PX: f64 = 24.0;

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

/// The grid one aggregation used, kept to answer "which incidents are in this cluster?" later.
#[derive(Clone, Debug, Default)]
pub struct ClusterLayout {
    level_scale: f64,
    origin: (i64, i64),
    columns: usize,
    rows: usize,
    /// For each cell, the marker it ended in (`u32::MAX` for none).
    cell_marker: Vec<u32>,
}

impl ClusterLayout {
    fn cell_of(&self, p: WorldPoint) -> Option<usize> {
        let cx = (p.x * self.level_scale / CELL_PX).floor() as i64 - self.origin.0;
        let cy = (p.y * self.level_scale / CELL_PX).floor() as i64 - self.origin.1;
        let inside = cx >= 0 && cy >= 0 && (cx as usize) < self.columns && (cy as usize) < self.rows;
        inside.then(|| cy as usize * self.columns + cx as usize)
    }

    /// The marker (index into the aggregation's markers before sorting) an incident at `p` fell in.
    fn marker_at(&self, p: WorldPoint) -> Option<u32> {
        self.cell_of(p).map(|c| self.cell_marker[c]).filter(|&m| m != u32::MAX)
    }
}

/// What one aggregation produced.
#[derive(Clone, Debug, Default)]
pub struct Aggregation {
    /// Markers in draw order (largest first, so small ones stay visible on top), for hit tests.
    pub hits: MarkerHits,
    layout: ClusterLayout,
    /// For each cluster number, the marker id in `layout` it stands for.
    cluster_ids: Vec<u32>,
}

#[derive(Clone, Copy, Default)]
struct Cell {
    count: u32,
    known: bool,
    sum: u64,
    sum_x: f64,
    sum_y: f64,
    first: u32,
    approximate: bool,
    category: Option<u8>,
    mixed: bool,
}

impl Cell {
    fn add(&mut self, n: usize, columns: &MarkerColumns<'_>) {
        let p = columns.world[n];
        let category = columns.categories.get(n).copied();
        if self.count == 0 {
            self.first = n as u32;
            self.category = category;
        } else if self.category != category {
            self.mixed = true;
        }
        self.count += 1;
        if let Some(v) = columns.values.get(n).copied().flatten() {
            self.known = true;
            self.sum += u64::from(v);
        }
        self.sum_x += p.x;
        self.sum_y += p.y;
        self.approximate |= columns.approximate.get(n).copied().unwrap_or(false);
    }

    fn absorb(&mut self, other: &Cell) {
        self.mixed |= other.mixed || self.category != other.category;
        self.count += other.count;
        self.known |= other.known;
        self.sum += other.sum;
        self.sum_x += other.sum_x;
        self.sum_y += other.sum_y;
        self.approximate |= other.approximate;
    }

    fn value(&self) -> Option<u64> {
        self.known.then_some(self.sum)
    }

    fn centre(&self) -> WorldPoint {
        let n = f64::from(self.count.max(1));
        WorldPoint { x: self.sum_x / n, y: self.sum_y / n }
    }
}

/// Radius for a cell's summed value: clusters may grow past the largest single incident (their
/// area keeps showing the sum) up to [`RadiusScale::MAX_CLUSTER_RADIUS`].
fn radius(scale: &RadiusScale, value: Option<u64>) -> f64 {
    scale.cluster_radius(value)
}

/// Aggregates the incidents of `range` that `keep` accepts, as seen in `view`.
///
/// ```
/// use incident_map::{aggregate, LonLat, MarkerColumns, MarkerTarget, RadiusScale, Viewport, WorldPoint, Zoom};
/// let kabul = LonLat::new(69.17, 34.53).unwrap();
/// let world = vec![WorldPoint::from_lonlat(kabul); 3];
/// let columns = MarkerColumns { world: &world, values: &[Some(10), Some(20), None], approximate: &[true; 3], categories: &[0; 3] };
/// let view = Viewport::new(kabul, Zoom::clamped(8.0), 400.0, 300.0, 1.0);
/// let scale = RadiusScale::fitted(100, 4.0, 36.0);
/// let result = aggregate(&columns, 0..3, |_| true, &view, &scale);
/// let cluster = &result.hits.markers()[0];
/// assert_eq!((result.hits.markers().len(), cluster.count, cluster.value), (1, 3, Some(30)));
/// assert_eq!(result.members(MarkerTarget::Cluster(0), &columns, 0..3, |_| true), vec![0, 1, 2]);
/// ```
pub fn aggregate(
    columns: &MarkerColumns<'_>,
    range: Range<usize>,
    keep: impl Fn(usize) -> bool,
    view: &Viewport,
    scale: &RadiusScale,
) -> Aggregation {
    if view.is_empty() {
        return Aggregation::default();
    }
    let layout = grid_for(view, scale);
    let mut cells = vec![Cell::default(); layout.columns * layout.rows];
    for n in range.filter(|&n| keep(n)) {
        if let Some(c) = columns.world.get(n).and_then(|&p| layout.cell_of(p)) {
            cells[c].add(n, columns);
        }
    }
    merge(cells, layout, columns, view, scale)
}

/// The grid for this view: cells anchored to the world at `floor(zoom)`, covering the screen
/// plus a margin of the largest marker radius (a marker just off screen may still show).
fn grid_for(view: &Viewport, scale: &RadiusScale) -> ClusterLayout {
    let level_scale = crate::geo::TILE_SIZE * view.zoom().value().floor().exp2();
    let (top_left, bottom_right) = view.world_extent();
    let margin = (RadiusScale::MAX_CLUSTER_RADIUS.max(scale.min_radius()) + CELL_PX) / view.world_size();
    let cell = |v: f64| (v * level_scale / CELL_PX).floor() as i64;
    let (x0, y0) = (cell(top_left.x - margin), cell(top_left.y - margin));
    let (x1, y1) = (cell(bottom_right.x + margin), cell(bottom_right.y + margin));
    let columns = (x1 - x0 + 1).clamp(1, 4096) as usize;
    let rows = (y1 - y0 + 1).clamp(1, 4096) as usize;
    ClusterLayout { level_scale, origin: (x0, y0), columns, rows, cell_marker: vec![u32::MAX; columns * rows] }
}

/// Greedy merge of cells whose circles would cover each other: the largest cell absorbs any
/// neighbour whose centre falls inside the larger of the two circles.
fn merge(
    mut cells: Vec<Cell>,
    mut layout: ClusterLayout,
    columns: &MarkerColumns<'_>,
    view: &Viewport,
    scale: &RadiusScale,
) -> Aggregation {
    let occupied: Vec<usize> = (0..cells.len()).filter(|&c| cells[c].count > 0).collect();
    let mut order = occupied.clone();
    order.sort_by(|&a, &b| cells[b].sum.cmp(&cells[a].sum).then(cells[b].count.cmp(&cells[a].count)).then(a.cmp(&b)));
    let cell_px = CELL_PX * view.world_size() / layout.level_scale;
    let reach = ((2.0 * RadiusScale::MAX_CLUSTER_RADIUS) / cell_px).ceil() as i64;
    let mut root: Vec<u32> = vec![u32::MAX; cells.len()];
    let mut markers = Vec::new();
    let mut cluster_ids = Vec::new();
    for &a in &order {
        if root[a] != u32::MAX {
            continue;
        }
        let id = markers.len() as u32;
        root[a] = id;
        let mut seed = cells[a];
        let seed_at = view.world_to_screen(seed.centre());
        let seed_r = radius(scale, seed.value());
        let (ax, ay) = ((a % layout.columns) as i64, (a / layout.columns) as i64);
        for dy in -reach..=reach {
            for dx in -reach..=reach {
                let (bx, by) = (ax + dx, ay + dy);
                if (dx, dy) == (0, 0) || bx < 0 || by < 0 || bx as usize >= layout.columns || by as usize >= layout.rows
                {
                    continue;
                }
                let b = by as usize * layout.columns + bx as usize;
                if cells[b].count == 0 || root[b] != u32::MAX {
                    continue;
                }
                let other = cells[b];
                let d = view.world_to_screen(other.centre()).distance(seed_at);
                if d < seed_r.max(radius(scale, other.value())) {
                    root[b] = id;
                    seed.absorb(&other);
                }
            }
        }
        cells[a] = seed;
        markers.push(marker_for(&seed, columns, view, scale, &mut cluster_ids, id));
    }
    for &c in &occupied {
        layout.cell_marker[c] = root[c];
    }
    let mut markers: Vec<DrawnMarker> = markers.into_iter().filter(|m| on_screen(m, view)).collect();
    markers.sort_by(|a, b| b.radius.total_cmp(&a.radius));
    Aggregation { hits: MarkerHits::new(markers), layout, cluster_ids }
}

fn marker_for(
    cell: &Cell,
    columns: &MarkerColumns<'_>,
    view: &Viewport,
    scale: &RadiusScale,
    cluster_ids: &mut Vec<u32>,
    id: u32,
) -> DrawnMarker {
    let category = if cell.mixed { None } else { cell.category };
    let (target, at) = if cell.count == 1 {
        let n = cell.first as usize;
        (MarkerTarget::Incident(n), view.world_to_screen(columns.world[n]))
    } else {
        cluster_ids.push(id);
        (MarkerTarget::Cluster(cluster_ids.len() - 1), view.world_to_screen(cell.centre()))
    };
    DrawnMarker {
        at,
        radius: if cell.count == 1 {
            scale.radius(cell.value().map(|v| v as u32))
        } else {
            radius(scale, cell.value())
        },
        target,
        count: cell.count,
        value: cell.value(),
        approximate: cell.approximate,
        category,
    }
}

fn on_screen(m: &DrawnMarker, view: &Viewport) -> bool {
    let r = m.radius;
    m.at.x >= -r && m.at.y >= -r && m.at.x <= view.width() + r && m.at.y <= view.height() + r
}

impl Aggregation {
    /// The incidents a cluster stands for, in store order. One pass over `range`: called on a
    /// click, never per frame.
    pub fn members(
        &self,
        target: MarkerTarget,
        columns: &MarkerColumns<'_>,
        range: Range<usize>,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<usize> {
        let id = match target {
            MarkerTarget::Incident(n) => return vec![n],
            MarkerTarget::Cluster(c) => match self.cluster_ids.get(c) {
                Some(&id) => id,
                None => return Vec::new(),
            },
        };
        range
            .filter(|&n| keep(n))
            .filter(|&n| columns.world.get(n).and_then(|&p| self.layout.marker_at(p)) == Some(id))
            .collect()
    }

    /// The marker an incident is drawn in (its own, or its cluster's), if on screen.
    pub fn marker_of(&self, incident: usize, columns: &MarkerColumns<'_>) -> Option<&DrawnMarker> {
        if let Some(m) = self.hits.find(MarkerTarget::Incident(incident)) {
            return Some(m);
        }
        let id = columns.world.get(incident).and_then(|&p| self.layout.marker_at(p))?;
        let cluster = self.cluster_ids.iter().position(|&c| c == id)?;
        self.hits.find(MarkerTarget::Cluster(cluster))
    }
}

#[cfg(test)]
mod tests {
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
        let result = aggregate(&data.columns(), 0..5, |_| true, &view(5.7), &scale);
        assert_eq!(result.hits.markers().len(), 3, "{:?}", result.hits.markers());
        let kabul = &result.hits.markers()[0];
        assert_eq!((kabul.count, kabul.value, kabul.category), (3, Some(237), None));
        assert!(matches!(kabul.target, MarkerTarget::Cluster(_)));
        assert!((kabul.radius - 36.0 * (237.0f64 / 182.0).sqrt()).abs() < 1e-9, "area shows the sum: {}", kabul.radius);
        let members = result.members(kabul.target, &data.columns(), 0..5, |_| true);
        assert_eq!(members, vec![0, 1, 2]);
    }

    #[test]
    fn zooming_in_splits_clusters_but_not_identical_points() {
        let data = sample();
        let scale = RadiusScale::fitted(182, 4.0, 36.0);
        let kabul_view = Viewport::new(LonLat::new(69.19, 34.54).unwrap(), Zoom::clamped(12.0), 800.0, 600.0, 1.0);
        let result = aggregate(&data.columns(), 0..5, |_| true, &kabul_view, &scale);
        let counts: Vec<u32> = result.hits.markers().iter().map(|m| m.count).collect();
        assert_eq!(counts, vec![1, 2], "the airport alone; the two city-centre incidents share a point");
    }

    #[test]
    fn filtered_incidents_are_left_out() {
        let data = sample();
        let scale = RadiusScale::fitted(182, 4.0, 36.0);
        let result = aggregate(&data.columns(), 1..5, |n| data.categories[n] != 2, &view(5.7), &scale);
        let total: u32 = result.hits.markers().iter().map(|m| m.count).sum();
        assert_eq!(total, 3);
        assert!(result.hits.markers().iter().all(|m| m.target != MarkerTarget::Incident(4)));
    }

    #[test]
    fn draw_order_is_largest_first() {
        let data = sample();
        let scale = RadiusScale::fitted(182, 4.0, 36.0);
        let result = aggregate(&data.columns(), 0..5, |_| true, &view(5.7), &scale);
        assert!(result.hits.markers().windows(2).all(|w| w[0].radius >= w[1].radius));
    }

    #[test]
    fn a_pan_does_not_reshuffle_clusters() {
        let data = sample();
        let scale = RadiusScale::fitted(182, 4.0, 36.0);
        let a = aggregate(&data.columns(), 0..5, |_| true, &view(6.0), &scale);
        let b = aggregate(&data.columns(), 0..5, |_| true, &view(6.0).panned_by(37.0, -11.0), &scale);
        let summary = |r: &Aggregation| {
            let mut v: Vec<(u32, Option<u64>)> = r.hits.markers().iter().map(|m| (m.count, m.value)).collect();
            v.sort();
            v
        };
        assert_eq!(summary(&a), summary(&b));
    }
}
