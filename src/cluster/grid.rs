//! Binning: the incidents of a time range and category filter summed into the world-anchored cells
//! of one zoom level, over a region of the world. What a grid holds depends only on the level, the
//! filter and the region, never on the exact view: a pan reuses it, and only a new level, a new
//! filter or a view that leaves the region needs a new one (one pass over the range).

use std::ops::Range;
use std::rc::Rc;

use super::base::BaseCells;
use super::{MarkerColumns, CELL_PX};
use crate::basemap::WorldBox;
use crate::geo::{WorldPoint, TILE_SIZE};
use crate::symbols::RadiusScale;
use crate::view::Viewport;

/// Marks "no cell" in [`CellGrid::cell_of`] and "no marker" in cell maps.
pub(crate) const NONE: u32 = u32::MAX;

/// Cells a grid may span when it covers all the data at once. Past that (zoomed in far), the grid
/// covers the view and half a screen on each side instead: a drag of less than that stays in
/// it, and the greedy merge, which runs over the whole grid at every wheel notch, stays small.
/// (One screen on each side, nine screens in all, made the merge of the deepest notch at 1M
/// take 7.2 ms; four screens take 3.7.)
const MAX_EXTENT_CELLS: i64 = 16_384;

/// Cell column or row of a world coordinate at a level: `floor(v · 256 · 2^level / CELL_PX)`.
/// Cells nest exactly: a cell of level `l` is the cell of level `l + 1` shifted right by one.
fn cell_index(v: f64, cells_per_world: f64) -> i64 {
    // `floor` without a call to libm where the target has no rounding instruction: this runs
    // once per incident per pass.
    let t = v * cells_per_world;
    let i = t as i64;
    i - i64::from((i as f64) > t)
}

/// A rectangle of cells at one level: columns `x0..x1`, rows `y0..y1` (exclusive ends).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CellRect {
    pub x0: i64,
    pub y0: i64,
    pub x1: i64,
    pub y1: i64,
}

impl CellRect {
    fn around(min: WorldPoint, max: WorldPoint, cells_per_world: f64) -> Self {
        Self {
            x0: cell_index(min.x, cells_per_world),
            y0: cell_index(min.y, cells_per_world),
            x1: cell_index(max.x, cells_per_world) + 1,
            y1: cell_index(max.y, cells_per_world) + 1,
        }
    }

    fn intersection(self, other: Self) -> Option<Self> {
        let r = Self {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        };
        (r.x0 < r.x1 && r.y0 < r.y1).then_some(r)
    }

    fn contains(self, other: Self) -> bool {
        self.x0 <= other.x0 && self.y0 <= other.y0 && other.x1 <= self.x1 && other.y1 <= self.y1
    }

    fn area(self) -> i64 {
        (self.x1 - self.x0) * (self.y1 - self.y0)
    }

    /// The row-major index of the cell at column `x` and row `y`, if it is in the rectangle.
    #[inline]
    fn index(self, x: i64, y: i64) -> Option<usize> {
        // Wrapping to u64 turns a negative offset into a huge one: one comparison per axis.
        let (cx, cy, width) = ((x - self.x0) as u64, (y - self.y0) as u64, self.columns() as u64);
        (cx < width && cy < self.rows() as u64).then(|| (cy * width + cx) as usize)
    }

    pub fn columns(self) -> usize {
        (self.x1 - self.x0) as usize
    }

    fn rows(self) -> usize {
        (self.y1 - self.y0) as usize
    }
}

/// What a grid was binned for: equal keys (and a region covering the view) mean equal cells.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GridKey {
    pub level: i32,
    pub range: Range<usize>,
    /// Hidden categories (index = category), trailing `false`s trimmed.
    pub hidden: Vec<bool>,
}

impl GridKey {
    pub fn new(level: i32, range: Range<usize>, hidden: &[bool]) -> Self {
        let shown_tail = hidden.iter().rev().take_while(|&&h| !h).count();
        Self { level, range, hidden: hidden[..hidden.len() - shown_tail].to_vec() }
    }

    fn cells_per_world(&self) -> f64 {
        cells_per_world(self.level)
    }
}

/// Cells across the whole world at a level.
pub(crate) fn cells_per_world(level: i32) -> f64 {
    TILE_SIZE * crate::geo::trig::exp2(f64::from(level)) / CELL_PX
}

/// The zoom level (floor of the zoom) whose cells a view aggregates in.
pub(crate) fn level_of(view: &Viewport) -> i32 {
    view.zoom().value().floor() as i32
}

/// The cells a view needs: those on screen, plus a margin of the largest marker (a marker just off
/// screen may still reach into it) and one cell.
pub(crate) fn needed_cells(view: &Viewport, level: i32) -> CellRect {
    let (top_left, bottom_right) = view.world_extent();
    let margin = (RadiusScale::MAX_CLUSTER_RADIUS + CELL_PX) / view.world_size();
    let grow = |p: WorldPoint, by: f64| WorldPoint { x: p.x + by, y: p.y + by };
    CellRect::around(grow(top_left, -margin), grow(bottom_right, margin), cells_per_world(level))
}

/// The region a new grid covers for this view: all the data if that is few enough cells, else
/// the needed cells and half a screen more on each side (clipped to the data).
fn region_for(view: &Viewport, level: i32, extent: Option<WorldBox>) -> CellRect {
    let needed = needed_cells(view, level);
    let Some(extent) = extent else { return needed };
    let data = CellRect::around(extent.min, extent.max, cells_per_world(level));
    if data.area() <= MAX_EXTENT_CELLS {
        return data;
    }
    let screen_cells_x = (view.width() / CELL_PX / 2.0).ceil() as i64 + 1;
    let screen_cells_y = (view.height() / CELL_PX / 2.0).ceil() as i64 + 1;
    let around = CellRect {
        x0: needed.x0 - screen_cells_x,
        y0: needed.y0 - screen_cells_y,
        x1: needed.x1 + screen_cells_x,
        y1: needed.y1 + screen_cells_y,
    };
    around.intersection(data).unwrap_or(CellRect { x0: needed.x0, y0: needed.y0, x1: needed.x0 + 1, y1: needed.y0 + 1 })
}

/// The incidents of one cell, summed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Cell {
    pub count: u32,
    /// The first incident binned here (the only one when `count == 1`).
    pub first: u32,
    pub sum: u64,
    pub sum_x: f64,
    pub sum_y: f64,
    /// Whether any incident has a known value.
    pub known: bool,
    /// Whether every incident here has an approximate position (a cluster is drawn dashed only
    /// then: a dashed outline says "this place is approximate", which a group holding exact
    /// sites would contradict).
    pub approximate: bool,
    pub category: u8,
    /// Whether the incidents have more than one category.
    pub mixed: bool,
}

impl Cell {
    /// A cell holding one incident: `first`, at `at`.
    pub fn single(first: usize, at: WorldPoint, value: Option<u32>, approximate: bool, category: u8) -> Self {
        Self {
            count: 1,
            first: first as u32,
            sum: value.map_or(0, u64::from),
            sum_x: at.x,
            sum_y: at.y,
            known: value.is_some(),
            approximate,
            category,
            mixed: false,
        }
    }

    /// Adds the incidents of `other` (one incident, a base cell, a neighbour in a merge): the
    /// cell's first incident and its category stay those of the lowest index, whatever the
    /// order the incidents came in.
    pub fn join(&mut self, other: &Cell) {
        if self.count == 0 {
            *self = *other;
            return;
        }
        self.mixed |= other.mixed || self.category != other.category;
        if other.first < self.first {
            self.first = other.first;
            self.category = other.category;
        }
        self.count += other.count;
        self.known |= other.known;
        self.sum += other.sum;
        self.sum_x += other.sum_x;
        self.sum_y += other.sum_y;
        self.approximate &= other.approximate;
    }

    pub fn value(&self) -> Option<u64> {
        self.known.then_some(self.sum)
    }

    pub fn centre(&self) -> WorldPoint {
        let n = f64::from(self.count.max(1));
        WorldPoint { x: self.sum_x / n, y: self.sum_y / n }
    }
}

/// The binned cells of one region at one level, for one filter.
#[derive(Debug)]
pub(crate) struct CellGrid {
    pub key: GridKey,
    /// The bounding box of every incident when the grid was binned.
    pub extent: Option<WorldBox>,
    pub rect: CellRect,
    /// Row-major over `rect`.
    pub cells: Vec<Cell>,
    /// Indices of the cells holding at least one incident, ascending.
    pub occupied: Vec<u32>,
    /// For each incident of `key.range` (offset from its start), its cell, or [`NONE`] when it is
    /// filtered out or outside the region: a cluster's members are found from it in one pass.
    /// `None` for a grid binned from base cells, which never read the incidents: `base` then
    /// tells each incident's cell ([`CellGrid::incident_cells`]).
    pub cell_of: Option<Vec<u32>>,
    /// The base cells a grid was binned from, if it was.
    pub base: Option<Rc<BaseCells>>,
}

impl CellGrid {
    /// Bins the incidents of `key` that fall in the region this view needs. One tight pass over
    /// flat arrays: no hashing, no allocation per incident.
    ///
    /// `coarser`, a grid of the same range and filter at a lower level whose region holds this
    /// one's, tells which incidents can fall in the region: only those it binned in a cell
    /// covering part of the region. Three levels into a million incidents, the region is a
    /// ninth of the coarser one's, and reading one cell number per incident instead of its
    /// position and figures more than halves the pass. The result is the same either way.
    /// `base`, the base cells of every incident, does the same for a grid of the whole range with
    /// no category hidden (the only one to pass it), deeper than the base cells.
    pub fn bin(
        key: GridKey,
        columns: &MarkerColumns<'_>,
        view: &Viewport,
        extent: Option<WorldBox>,
        coarser: Option<&CellGrid>,
        base: Option<&BaseCells>,
    ) -> Self {
        let rect = region_for(view, key.level, extent);
        let per_world = key.cells_per_world();
        let width = rect.columns();
        let mut cells = vec![Cell::default(); width * rect.rows()];
        let end = key.range.end.min(columns.len());
        let start = key.range.start.min(end);
        let mut cell_of = vec![NONE; end - start];
        // Hidden categories as a table indexed by the category byte: no bounds check per incident.
        let mut hidden = [false; 256];
        for (slot, &h) in hidden.iter_mut().zip(&key.hidden) {
            *slot = h;
        }
        // The coarser grid's (or the base cells') cell of each incident, and which of those cells
        // reach into the region.
        let narrow = coarser
            .and_then(|c| Some((c.cell_of.as_deref()?, c.cells_over(rect, key.level)?)))
            .or_else(|| base.and_then(|b| Some((b.cell_of.as_slice(), b.cells_over(rect, key.level)?))));
        let incidents = columns.world[start..end]
            .iter()
            .zip(&columns.values[start..end])
            .zip(&columns.approximate[start..end])
            .zip(&columns.categories[start..end])
            .zip(cell_of.iter_mut());
        for (i, ((((&p, &value), &approximate), &category), slot)) in incidents.enumerate() {
            if let Some((parents, over)) = &narrow {
                if !parents.get(i).and_then(|&c| over.get(c as usize)).is_some_and(|&o| o) {
                    continue;
                }
            }
            if hidden[usize::from(category)] {
                continue;
            }
            let Some(c) = rect.index(cell_index(p.x, per_world), cell_index(p.y, per_world)) else { continue };
            let Some(cell) = cells.get_mut(c) else { continue };
            *slot = c as u32;
            cell.join(&Cell::single(start + i, p, value, approximate, category));
        }
        let occupied = occupied(&cells);
        Self { key, extent, rect, cells, occupied, cell_of: Some(cell_of), base: None }
    }

    /// Bins the base cells (every incident, summed at a finer level) that fall in the region
    /// this view needs: the same cells as [`bin`](Self::bin) for the whole range and no hidden
    /// category, from a pass over the base cells instead of the incidents. `None` if the base
    /// cells are not finer than `key`'s level.
    pub fn from_base(key: GridKey, base: &Rc<BaseCells>, view: &Viewport, extent: Option<WorldBox>) -> Option<Self> {
        let shift = u32::try_from(base.level - key.level).ok().filter(|&s| s < 32)?;
        let rect = region_for(view, key.level, extent);
        let mut cells = vec![Cell::default(); rect.columns() * rect.rows()];
        let span = base.spanning(rect, shift);
        // The base cells inside one cell of this level are neighbours in the Morton order (their
        // codes share its code as a prefix): each run of them is summed on the side and added to
        // the grid once, instead of each base cell being added at a grid cell looked up for it.
        let mut add = |parent: [u32; 2], sums: &Cell| {
            let [x, y] = parent.map(i64::from);
            if let Some(cell) = rect.index(x, y).and_then(|c| cells.get_mut(c)) {
                cell.join(sums);
            }
        };
        // Starts as an empty run at a place outside every grid: adding it adds nothing.
        let mut run = ([u32::MAX; 2], Cell::default());
        for (&[x, y], sums) in base.at[span.clone()].iter().zip(&base.cells[span]) {
            let parent = [x >> shift, y >> shift];
            if parent == run.0 {
                run.1.join(sums);
            } else {
                add(run.0, &run.1);
                run = (parent, *sums);
            }
        }
        add(run.0, &run.1);
        let occupied = occupied(&cells);
        Some(Self { key, extent, rect, cells, occupied, cell_of: None, base: Some(Rc::clone(base)) })
    }

    /// Each incident's cell, in two steps: for each incident of the range (offset from its
    /// start), the cell it was binned in, and for a grid binned from base cells, the grid cell of
    /// each base cell ([`NONE`]: outside the grid), as the first step gives base cells.
    pub fn incident_cells(&self) -> (&[u32], Option<Vec<u32>>) {
        if let Some(cell_of) = &self.cell_of {
            return (cell_of, None);
        }
        let Some(base) = &self.base else { return (&[], None) };
        (&base.cell_of, Some((0..base.at.len()).map(|k| self.cell_of_base_cell(base, k)).collect()))
    }

    /// The grid cell (an index into `cells`, or [`NONE`]) holding base cell `k` of `base`, the
    /// base cells this grid was binned from.
    fn cell_of_base_cell(&self, base: &BaseCells, k: usize) -> u32 {
        let shift = (base.level - self.key.level) as u32;
        let [x, y] = base.at[k];
        self.rect.index(i64::from(x >> shift), i64::from(y >> shift)).map_or(NONE, |c| c as u32)
    }

    /// For each of this grid's cells, whether it covers part of `rect`, a region of cells at
    /// the finer `level`; `None` if this grid cannot say which incidents fall in `rect` (another
    /// range or filter is the caller's to rule out; here: not a coarser level, or `rect` reaches
    /// past this grid's region).
    pub fn cells_over(&self, rect: CellRect, level: i32) -> Option<Vec<bool>> {
        let shift = u32::try_from(level - self.key.level).ok().filter(|&s| s > 0 && s < 32)?;
        // Cells nest exactly: a cell's parent `shift` levels up is its index shifted right.
        let up = CellRect {
            x0: rect.x0 >> shift,
            y0: rect.y0 >> shift,
            x1: ((rect.x1 - 1) >> shift) + 1,
            y1: ((rect.y1 - 1) >> shift) + 1,
        };
        if !self.rect.contains(up) {
            return None;
        }
        let width = self.rect.columns();
        let mut over = vec![false; self.cells.len()];
        for y in up.y0..up.y1 {
            let row = (y - self.rect.y0) as usize * width;
            let (from, to) = ((up.x0 - self.rect.x0) as usize, (up.x1 - self.rect.x0) as usize);
            over[row + from..row + to].fill(true);
        }
        Some(over)
    }

    /// Whether this grid holds every cell `view` needs (cells outside the data's extent hold
    /// nothing, so they need not be in the grid).
    pub fn covers(&self, view: &Viewport, extent: Option<WorldBox>) -> bool {
        let needed = needed_cells(view, self.key.level);
        let needed = match extent {
            Some(e) => needed.intersection(CellRect::around(e.min, e.max, self.key.cells_per_world())),
            None => Some(needed),
        };
        needed.is_none_or(|n| self.rect.contains(n))
    }

    /// The cell an incident was binned in, if it was.
    pub fn cell_of_incident(&self, incident: usize) -> Option<u32> {
        let offset = incident.checked_sub(self.key.range.start)?;
        let cell = match (&self.cell_of, &self.base) {
            (Some(cell_of), _) => *cell_of.get(offset)?,
            // One base cell's place, not the map of all of them that a pass over members builds.
            (None, Some(base)) => self.cell_of_base_cell(base, *base.cell_of.get(offset)? as usize),
            (None, None) => return None,
        };
        (cell != NONE).then_some(cell)
    }
}

/// Indices of the cells holding at least one incident, ascending.
fn occupied(cells: &[Cell]) -> Vec<u32> {
    (0..cells.len() as u32).filter(|&c| cells[c as usize].count > 0).collect()
}
