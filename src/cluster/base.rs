//! Every incident summed once into the cells of one fine level: the grids of the coarser levels
//! are then binned from these sums instead of from the incidents.
//!
//! A wheel zoom into a city of a million incidents binned each new level by a pass over the
//! incidents under the view (about 400,000 around Kabul three levels in: 20-35 ms of a notch in
//! wasm). Cells nest exactly across levels, so a coarser cell is the sum of the finer cells in
//! it; at the level chosen here the benchmark's million incidents fill about 208,000 cells, and
//! a new level costs a pass over those of them in the Morton span of its region (about a
//! millisecond of the deepest notch of the benchmark's deep zoom, profiled).
//!
//! Only the unfiltered incidents (the whole time range, no category hidden) have base cells: it
//! is the state a map opens in and comes back to, and one set of sums per filter would cost a
//! build per time-slider step. A filtered grid is binned from the incidents, as before.

use super::grid::{cells_per_world, Cell, CellRect};
use super::MarkerColumns;

/// The finest level base cells are summed at. Deeper levels are binned from the incidents
/// (a view that deep holds fewer of them, but all of them in the densest city centres).
pub(crate) const FINEST_LEVEL: i32 = 14;

/// Bits of an incident's index packed under its cell's Morton code in the build's sort keys: a
/// Morton code of `FINEST_LEVEL` takes `2 * (FINEST_LEVEL + 4)` bits (cells per world at level
/// `l` are under `2^(l + 4)`), the index the rest of 64.
const INDEX_BITS: u32 = 64 - 2 * (FINEST_LEVEL as u32 + 4);

/// At most one base cell per this many incidents: past that, sums of cells would cost too much
/// memory (48 bytes each: 12 bytes an incident at most) and save too little of a pass over the
/// incidents, and a coarser level is taken. The benchmark's million incidents fill 106,000
/// cells at level 11, 156,000 at level 13 and 208,000 at level 14: level 14 here, so that a
/// wheel zoom into Kabul, where half of them are, sums cells down to level 14 instead of
/// binning 400,000 incidents at each level past 11 (25-30 ms a notch with one cell per eight
/// incidents, level 11).
const INCIDENTS_PER_CELL: usize = 4;

/// Base cells a dataset may always have, however few its incidents: 3 MB of sums. The cap of
/// one cell per four incidents is for memory per incident at a million; a hundred thousand
/// incidents would stop at level 12 under it, and every level of a zoom into their densest city
/// past that would be a pass over the incidents again (15-22 ms notches into Kabul at 100k,
/// against 10-11 at 1M).
const ALWAYS_ALLOWED_CELLS: usize = 65_536;

/// Cells of one level with every incident summed in, in Morton order.
#[derive(Debug)]
pub(crate) struct BaseCells {
    pub level: i32,
    /// Column and row of each cell at `level`.
    pub at: Vec<[u32; 2]>,
    /// The sums of each cell's incidents (its `first` is the lowest index).
    pub cells: Vec<Cell>,
    /// Each incident's cell (an index into `cells`): a cluster's members are found from it,
    /// and a grid deeper than the base cells reads it to skip the incidents beyond its region,
    /// as one binned from a coarser grid does. 4 bytes an incident.
    pub cell_of: Vec<u32>,
}

impl BaseCells {
    /// Sums every incident of `columns` into the cells of the finest level (up to
    /// [`FINEST_LEVEL`]) at which they fill at most one cell per [`INCIDENTS_PER_CELL`]
    /// incidents, or [`ALWAYS_ALLOWED_CELLS`] if that is more; `None` when there is no
    /// incident, or too many for the sort's keys (2^28).
    pub fn build(columns: &MarkerColumns<'_>) -> Option<Self> {
        Self::build_within(columns, columns.len().div_ceil(INCIDENTS_PER_CELL).max(ALWAYS_ALLOWED_CELLS))
    }

    /// [`build`](Self::build) at the finest level with at most `most_cells` cells.
    pub fn build_within(columns: &MarkerColumns<'_>, most_cells: usize) -> Option<Self> {
        let n = columns.len();
        if n == 0 || n as u64 >= 1 << INDEX_BITS {
            return None;
        }
        let per_world = cells_per_world(FINEST_LEVEL);
        let limit = (1u32 << (FINEST_LEVEL + 4)) - 1;
        let cell = |v: f64| ((v * per_world).max(0.0) as u32).min(limit);
        // Morton code and index in one key: one sort of plain integers groups the incidents
        // by cell at every level at once (a cell's code at a coarser level is a prefix).
        let mut keys: Vec<u64> = columns.world[..n]
            .iter()
            .zip(0u64..)
            .map(|(p, i)| morton(cell(p.x), cell(p.y)) << INDEX_BITS | i)
            .collect();
        sort_by_code(&mut keys, 64);
        let (level, count) = finest_fitting(&keys, most_cells)?;
        let shift = INDEX_BITS + 2 * (FINEST_LEVEL - level) as u32;
        // The cells are made once the keys are gone (below): one array of them, never two.
        let mut base = Self { level, at: Vec::with_capacity(count), cells: Vec::new(), cell_of: vec![0; n] };
        // Each incident's cell first, in Morton order; then the sums in the incidents' order, so
        // that their columns are read in order and only the cells at random (reading four
        // columns at random, in Morton order, was most of this build: 366 ms at 1M, profiled).
        let mut current = u64::MAX;
        for &key in &keys {
            // `current` starts above any shifted key: the first key starts a cell.
            if key >> shift != current {
                current = key >> shift;
                let (x, y) = unmorton(current);
                base.at.push([x, y]);
            }
            base.cell_of[(key & ((1 << INDEX_BITS) - 1)) as usize] = (base.at.len() - 1) as u32;
        }
        drop(keys);
        base.cells = vec![Cell::default(); base.at.len()];
        for (i, &c) in base.cell_of.iter().enumerate() {
            let one =
                Cell::single(i, columns.world[i], columns.values[i], columns.approximate[i], columns.categories[i]);
            // In the incidents' order the first to reach a cell is its lowest index, as `first` wants.
            base.cells[c as usize].join(&one);
        }
        Some(base)
    }

    /// For each base cell, whether it covers part of `rect`, a region of cells at the finer
    /// `level`; `None` if `level` is not finer.
    pub fn cells_over(&self, rect: CellRect, level: i32) -> Option<Vec<bool>> {
        let shift = u32::try_from(level - self.level).ok().filter(|&s| s > 0 && s < 32)?;
        // A base cell's children at `level` are columns `x << shift ..(x + 1) << shift`, and rows alike.
        let reaches = |v: u32, from: i64, to: i64| (i64::from(v) << shift) < to && (i64::from(v) + 1) << shift > from;
        Some(self.at.iter().map(|&[x, y]| reaches(x, rect.x0, rect.x1) && reaches(y, rect.y0, rect.y1)).collect())
    }

    /// The base cells (indices, a range of the Morton order) that can fall in `rect`, a region
    /// of cells `shift` levels coarser: every cell inside it, and those between in the order.
    /// A Morton code grows with the column and with the row, so the cells of a box lie between
    /// the codes of its two far corners; a view of a city then reads its own cells and not the
    /// country's.
    pub fn spanning(&self, rect: CellRect, shift: u32) -> std::ops::Range<usize> {
        // Far past any column or row (under 2^18 at level 14): a region reaching beyond the
        // world's edge is clamped, not wrapped.
        let limit = i64::from(u32::MAX >> 1);
        let corner = |x: i64, y: i64| morton((x << shift).clamp(0, limit) as u32, (y << shift).clamp(0, limit) as u32);
        let (first, last) = (corner(rect.x0, rect.y0), corner(rect.x1, rect.y1));
        let code = |&[x, y]: &[u32; 2]| morton(x, y);
        self.at.partition_point(|c| code(c) < first)..self.at.partition_point(|c| code(c) < last)
    }
}

/// The finest level (up to [`FINEST_LEVEL`]) whose cells number at most `most`, and their
/// number, from the sorted keys: two neighbours in the sort start a new cell at every level
/// from the first one their codes differ at (a cell's code at level `l` is its code at
/// `FINEST_LEVEL` shifted right by `2 * (FINEST_LEVEL - l)` bits).
fn finest_fitting(keys: &[u64], most: usize) -> Option<(i32, usize)> {
    // How many neighbours first differ at each level.
    let mut first_differ = [0usize; FINEST_LEVEL as usize + 1];
    for pair in keys.windows(2) {
        let differ = (pair[0] ^ pair[1]) >> INDEX_BITS;
        if differ != 0 {
            let bits = 64 - differ.leading_zeros() as i32;
            let level = FINEST_LEVEL + 1 - (bits + 1) / 2;
            first_differ[level.max(0) as usize] += 1;
        }
    }
    let mut cells = 1; // the first key starts a cell at every level
    let mut fitting = None;
    for (level, &starts) in (0..).zip(&first_differ) {
        cells += starts;
        if cells <= most {
            fitting = Some((level, cells));
        }
    }
    fitting
}

/// Sorts the keys by their Morton codes (the bits above `INDEX_BITS`, from bit `top` down), in
/// place: a most-significant-digit radix sort, 8 bits at a time. In place because this runs
/// once a dataset is loaded, and the page's memory keeps its peak: a second array of keys
/// would be 8 bytes more per incident for good. (A comparison sort of `u64`s, compiled for
/// this one use, added 3.5 KB to the download.)
fn sort_by_code(keys: &mut [u64], top: u32) {
    if top <= INDEX_BITS {
        return;
    }
    if keys.len() <= 32 {
        // Insertion sort: fewer moves than a pass of 256 buckets.
        for i in 1..keys.len() {
            let mut j = i;
            while j > 0 && keys[j - 1] >> INDEX_BITS > keys[j] >> INDEX_BITS {
                keys.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let shift = top.saturating_sub(8).max(INDEX_BITS);
    let digit = |k: u64| ((k >> shift) & ((1 << (top - shift)) - 1)) as usize;
    let mut ends = [0usize; 256];
    for &k in keys.iter() {
        ends[digit(k)] += 1;
    }
    let mut starts = [0usize; 256];
    let mut at = 0;
    for (start, end) in starts.iter_mut().zip(&mut ends) {
        (*start, at) = (at, at + *end);
        *end = at;
    }
    // Each key goes to the next free place of its bucket, the key there moving on in turn.
    let mut next = starts;
    for bucket in 0..256 {
        while next[bucket] < ends[bucket] {
            let d = digit(keys[next[bucket]]);
            if d == bucket {
                next[bucket] += 1;
            } else {
                keys.swap(next[bucket], next[d]);
                next[d] += 1;
            }
        }
    }
    for (&start, &end) in starts.iter().zip(&ends) {
        sort_by_code(&mut keys[start..end], shift);
    }
}

/// Interleaves the bits of a column and a row: `x` in the even bits, `y` in the odd ones.
fn morton(x: u32, y: u32) -> u64 {
    spread(x) | spread(y) << 1
}

/// The column and row of a Morton code.
fn unmorton(code: u64) -> (u32, u32) {
    (squeeze(code), squeeze(code >> 1))
}

/// The bits of `v` moved to the even bit positions.
fn spread(v: u32) -> u64 {
    let mut v = u64::from(v);
    v = (v | v << 16) & 0x0000_FFFF_0000_FFFF;
    v = (v | v << 8) & 0x00FF_00FF_00FF_00FF;
    v = (v | v << 4) & 0x0F0F_0F0F_0F0F_0F0F;
    v = (v | v << 2) & 0x3333_3333_3333_3333;
    (v | v << 1) & 0x5555_5555_5555_5555
}

/// The even bits of `v`, packed: the inverse of [`spread`].
fn squeeze(v: u64) -> u32 {
    let mut v = v & 0x5555_5555_5555_5555;
    v = (v | v >> 1) & 0x3333_3333_3333_3333;
    v = (v | v >> 2) & 0x0F0F_0F0F_0F0F_0F0F;
    v = (v | v >> 4) & 0x00FF_00FF_00FF_00FF;
    v = (v | v >> 8) & 0x0000_FFFF_0000_FFFF;
    (v | v >> 16) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn morton_codes_round_trip_and_nest() {
        for (x, y) in [(0, 0), (1, 0), (0, 1), (87_381, 53_000), ((1 << 18) - 1, (1 << 18) - 1)] {
            assert_eq!(unmorton(morton(x, y)), (x, y));
            // The code of the parent cell is the code shifted by one pair of bits.
            assert_eq!(morton(x >> 1, y >> 1), morton(x, y) >> 2);
        }
    }

    #[test]
    fn the_radix_sort_orders_by_code() {
        // Enough keys for several passes of buckets, and codes sharing long prefixes.
        let mut state = 7u64;
        let mut keys: Vec<u64> = (0..5000u64)
            .map(|i| {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let (x, y) = ((state >> 40) as u32 % 300 + 40_000, (state >> 20) as u32 % 5000);
                morton(x, y) << INDEX_BITS | i
            })
            .collect();
        let mut expected = keys.clone();
        expected.sort_unstable();
        sort_by_code(&mut keys, 64);
        let codes = |k: &[u64]| k.iter().map(|k| k >> INDEX_BITS).collect::<Vec<_>>();
        assert_eq!(codes(&keys), codes(&expected));
        keys.sort_unstable();
        assert_eq!(keys, expected, "the same keys");
    }

    #[test]
    fn the_span_of_a_region_holds_every_base_cell_inside_it() {
        // Base cells on a 64 x 64 block of columns and rows, in Morton order.
        let mut at: Vec<[u32; 2]> = (0..64 * 64).map(|i| [1000 + i % 64, 3000 + i / 64]).collect();
        at.sort_unstable_by_key(|&[x, y]| morton(x, y));
        let base = BaseCells { level: 9, cells: vec![Cell::default(); at.len()], at, cell_of: Vec::new() };
        for shift in [0u32, 1, 3] {
            for (x0, y0, side) in [(1000, 3000, 64), (1010, 3020, 5), (1063, 3063, 1), (990, 2990, 8), (1040, 3000, 30)]
            {
                let rect =
                    CellRect { x0: x0 >> shift, y0: y0 >> shift, x1: (x0 + side) >> shift, y1: (y0 + side) >> shift };
                let span = base.spanning(rect, shift);
                for (k, &[x, y]) in base.at.iter().enumerate() {
                    let (cx, cy) = (i64::from(x >> shift), i64::from(y >> shift));
                    let inside = (rect.x0..rect.x1).contains(&cx) && (rect.y0..rect.y1).contains(&cy);
                    assert!(!inside || span.contains(&k), "shift {shift}, {rect:?}: cell {k} at {x}, {y} left out");
                }
            }
        }
        // A small region reads a small part of the cells (more than its own where it straddles
        // a boundary of the order: here 240 for 16).
        let span = base.spanning(CellRect { x0: 1010, y0: 3020, x1: 1014, y1: 3024 }, 0);
        assert!(span.len() < base.at.len() / 16, "{} cells read for 16", span.len());
    }

    #[test]
    fn the_level_is_the_finest_with_few_enough_cells() {
        let key = |x: u32, y: u32, i: u64| morton(x, y) << INDEX_BITS | i;
        // Two incidents in one cell at the finest level, a third in a neighbouring one, and a
        // fourth far away.
        let mut keys = vec![key(5000, 9000, 3), key(1000, 1000, 1), key(1001, 1000, 2), key(1000, 1000, 0)];
        sort_by_code(&mut keys, 64);
        assert_eq!(
            keys.iter().map(|k| k >> INDEX_BITS).collect::<Vec<_>>(),
            [morton(1000, 1000), morton(1000, 1000), morton(1001, 1000), morton(5000, 9000)]
        );
        assert_eq!(finest_fitting(&keys, 4), Some((FINEST_LEVEL, 3)));
        assert_eq!(finest_fitting(&keys, 3), Some((FINEST_LEVEL, 3)));
        // 1000 and 1001 share their parent: one level up, two cells.
        assert_eq!(finest_fitting(&keys, 2), Some((FINEST_LEVEL - 1, 2)));
        // Rows 1000 and 9000 part at 2^13: only at level 0 (14 levels up) is all one cell.
        assert_eq!(finest_fitting(&keys, 1), Some((FINEST_LEVEL - 14, 1)));
        assert_eq!(finest_fitting(&keys, 0), None);
    }
}
