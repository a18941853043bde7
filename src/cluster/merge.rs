//! The greedy merge of cells whose circles would cover each other, in world coordinates. It
//! depends on the grid, the exact zoom (screen distances and radii) and the size scale, never on
//! the pan: a drag reuses it and only reprojects and culls its markers.

use super::grid::{Cell, CellGrid, NONE};

/// An occupied cell not yet taken by a marker, during [`merge`] (never left in its result).
const OPEN: u32 = NONE - 1;
use crate::geo::WorldPoint;
use crate::index::MarkerTarget;
use crate::symbols::RadiusScale;

/// A merged marker, anchored to the world.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct WorldMarker {
    pub centre: WorldPoint,
    pub radius: f64,
    pub target: MarkerTarget,
    pub count: u32,
    pub value: Option<u64>,
    pub approximate: bool,
    pub category: Option<u8>,
}

/// The markers of one grid at one zoom and scale.
#[derive(Debug)]
pub(crate) struct Merged {
    /// Tells merges apart: each new merge gets a new one.
    pub serial: u64,
    /// Pixels spanned by the world at the zoom merged for.
    pub world_size: f64,
    pub scale: RadiusScale,
    /// The scale the markers are drawn at: `scale`, or `scale` stepped down so that the largest
    /// of them fits.
    pub drawn: RadiusScale,
    /// Markers in draw order: largest first, so that small ones stay visible on top. A cluster's
    /// target is `Cluster(its index here)`.
    pub markers: Vec<WorldMarker>,
    /// For each cell of the grid, the index in `markers` of the marker it ended in ([`NONE`] for
    /// an empty cell).
    pub cell_marker: Vec<u32>,
}

/// Merges the occupied cells of `grid` as seen at `world_size` pixels per world: the cell with the
/// largest sum absorbs every neighbour whose centre falls inside the larger of the two circles,
/// then the next cell not yet absorbed does the same, and so on.
///
/// The markers are drawn at `drawn` if given, else at `scale` stepped down so that the largest of
/// them fits (see [`RadiusScale::stepped_to_fit`]).
pub(crate) fn merge(
    grid: &CellGrid,
    world_size: f64,
    scale: RadiusScale,
    drawn: Option<RadiusScale>,
    serial: u64,
) -> Merged {
    let cells = &grid.cells;
    // Largest sum first, then the larger count, then the cell's place: as keys sorted once, not
    // a comparison through the cells (this runs at every zoom, over thousands of cells).
    let order = sorted(grid.occupied.iter().map(|&c| (order_key(cells[c as usize].sum, cells[c as usize].count), c)));
    let columns = grid.rect.columns() as i64;
    let rows = (cells.len() as i64).checked_div(columns).unwrap_or(0);
    let cell_px = world_size / super::grid::cells_per_world(grid.key.level);
    // Centres and radii once per cell, not once per pair of neighbours.
    let mut centre = vec![WorldPoint { x: 0.0, y: 0.0 }; cells.len()];
    let mut radius = vec![0.0f64; cells.len()];
    for &c in &grid.occupied {
        let cell = &cells[c as usize];
        centre[c as usize] = cell.centre();
        radius[c as usize] = scale.cluster_radius(cell.value());
    }
    // The marker each cell ends in: `OPEN` while an occupied cell is not yet taken, `NONE` for an
    // empty one. One small array to test in the neighbour scan below (its hot loop), instead of
    // the cells themselves.
    let mut root = vec![NONE; cells.len()];
    for &c in &grid.occupied {
        root[c as usize] = OPEN;
    }
    // The largest radius from each place in the order on: a cell still open when a seed takes
    // its turn comes later in the order, so no neighbour's circle is larger than this. Past the
    // few large clusters it falls to the small ones' size, and most seeds scan the 3 × 3 cells
    // around them instead of the 7 × 7 the largest circle on the map would ask for.
    let mut largest_from = vec![0.0f64; order.len()];
    let mut largest = 0.0f64;
    for (slot, &c) in largest_from.iter_mut().zip(&order).rev() {
        largest = largest.max(radius[c as usize]);
        *slot = largest;
    }
    let mut merged: Vec<Cell> = Vec::new();
    for (&a, &reach_r) in order.iter().zip(&largest_from) {
        let a = a as usize;
        if root[a] != OPEN {
            continue;
        }
        let id = merged.len() as u32;
        root[a] = id;
        let mut seed = cells[a];
        let seed_at = centre[a];
        let seed_r = radius[a];
        // Two centres `k` cells apart are at least `k - 1` cells apart on screen: past this
        // reach no neighbour can be within the larger of the two radii.
        let reach = (reach_r / cell_px).floor() as i64 + 1;
        let (ax, ay) = (a as i64 % columns, a as i64 / columns);
        // Exclusive ranges: an inclusive one checks one more flag at every step of this hot loop.
        for by in (ay - reach).max(0)..(ay + reach + 1).min(rows) {
            for bx in (ax - reach).max(0)..(ax + reach + 1).min(columns) {
                let b = (by * columns + bx) as usize;
                if root[b] != OPEN {
                    continue;
                }
                let (dx, dy) = ((centre[b].x - seed_at.x) * world_size, (centre[b].y - seed_at.y) * world_size);
                let within = seed_r.max(radius[b]);
                if dx * dx + dy * dy < within * within {
                    root[b] = id;
                    seed.join(&cells[b]);
                }
            }
        }
        merged.push(seed);
    }
    // The merge above spaces the markers by their capped radii; they are drawn on a scale on
    // which the largest of them fits (see `RadiusScale::stepped_to_fit`).
    let drawn = drawn.unwrap_or_else(|| scale.stepped_to_fit(merged.iter().filter_map(Cell::value).max()));
    let markers: Vec<WorldMarker> = merged.iter().map(|cell| world_marker(cell, &drawn)).collect();
    Merged { serial, drawn, ..in_draw_order(markers, root, world_size, scale) }
}

/// Sorts the markers largest first (ties keep the merge's order) and numbers the clusters by
/// their place in that order.
fn in_draw_order(markers: Vec<WorldMarker>, mut root: Vec<u32>, world_size: f64, scale: RadiusScale) -> Merged {
    // Largest radius first, ties in merge order (the marker's index breaks them).
    let order = sorted(markers.iter().zip(0u32..).map(|(m, at)| (!total_order(m.radius), at)));
    let mut place = vec![0u32; markers.len()];
    for (at, &m) in order.iter().enumerate() {
        place[m as usize] = at as u32;
    }
    let sorted = order
        .iter()
        .enumerate()
        .map(|(at, &m)| {
            let mut marker = markers[m as usize];
            if let MarkerTarget::Cluster(_) = marker.target {
                marker.target = MarkerTarget::Cluster(at);
            }
            marker
        })
        .collect();
    for r in root.iter_mut().filter(|r| **r != NONE) {
        *r = place[*r as usize];
    }
    Merged { serial: 0, world_size, scale, drawn: scale, markers: sorted, cell_marker: root }
}

/// Sums and counts past these sort as if they were these (a cell of more than a trillion killed
/// or sixteen million incidents): the merge's order key packs both into one `u64`.
const SUM_CAP: u64 = (1 << 40) - 1;
const COUNT_CAP: u64 = (1 << 24) - 1;

/// The merge's order of a cell as one ascending key: the larger sum first, then the larger count.
fn order_key(sum: u64, count: u32) -> u64 {
    ((SUM_CAP - sum.min(SUM_CAP)) << 24) | (COUNT_CAP - u64::from(count).min(COUNT_CAP))
}

/// The second of each pair, in the order of the pairs: keys with a tie-breaking index, so that an
/// unstable sort gives a stable order. (`(u64, u32)` pairs are sorted in `data/store.rs` too: one
/// copy of the sort in the module.)
fn sorted(keys: impl Iterator<Item = (u64, u32)>) -> Vec<u32> {
    let mut keys: Vec<(u64, u32)> = keys.collect();
    keys.sort_unstable();
    keys.into_iter().map(|(_, at)| at).collect()
}

/// A key in `f64::total_cmp`'s order.
fn total_order(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

fn world_marker(cell: &Cell, scale: &RadiusScale) -> WorldMarker {
    let single = cell.count == 1;
    WorldMarker {
        centre: cell.centre(),
        radius: if single {
            scale.radius(cell.value().map(|v| v.min(u64::from(u32::MAX)) as u32))
        } else {
            scale.cluster_radius(cell.value())
        },
        // Numbered once the markers are in draw order.
        target: if single { MarkerTarget::Incident(cell.first as usize) } else { MarkerTarget::Cluster(0) },
        count: cell.count,
        value: cell.value(),
        approximate: cell.approximate,
        category: if cell.mixed { None } else { Some(cell.category) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sort_keys_order_as_the_comparisons_they_replace() {
        // Cells with many equal sums and counts, in a scrambled order.
        let mut seed = 11u32;
        let mut next = move |m: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % m
        };
        let cells: Vec<(u64, u32)> = (0..2000).map(|_| (u64::from(next(9)) * 1000, next(5) + 1)).collect();
        let occupied: Vec<u32> = (0..2000).rev().filter(|c| c % 3 != 0).collect();
        let by_keys = sorted(occupied.iter().map(|&c| (order_key(cells[c as usize].0, cells[c as usize].1), c)));
        let mut compared = occupied.clone();
        compared.sort_by(|&a, &b| {
            let (ca, cb) = (cells[a as usize], cells[b as usize]);
            cb.0.cmp(&ca.0).then(cb.1.cmp(&ca.1)).then(a.cmp(&b))
        });
        assert_eq!(by_keys, compared);

        // Radii largest first, ties in their first order, as a stable sort by `total_cmp`.
        let radii: Vec<f64> = (0..500).map(|_| f64::from(next(12)) * 0.75).chain([0.0, -0.0, 1e-300, 64.0]).collect();
        let by_keys = sorted(radii.iter().zip(0u32..).map(|(r, at)| (!total_order(*r), at)));
        let mut compared: Vec<u32> = (0..radii.len() as u32).collect();
        compared.sort_by(|&a, &b| radii[b as usize].total_cmp(&radii[a as usize]));
        assert_eq!(by_keys, compared);
    }
}
