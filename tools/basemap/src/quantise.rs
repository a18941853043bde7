//! Integer coordinates on a grid over the map, delta-encoded: the asset's compact form.

use geo::{Coord, LineString};

/// A square grid: `world = origin + cell * quantum`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    /// The world point of cell (0, 0).
    pub origin: Coord<f64>,
    /// Side of a cell in normalised world units.
    pub quantum: f64,
}

impl Grid {
    /// The cell nearest to `c`.
    pub fn snap(&self, c: Coord<f64>) -> [i64; 2] {
        let cell = |v: f64, o: f64| ((v - o) / self.quantum).round() as i64;
        [cell(c.x, self.origin.x), cell(c.y, self.origin.y)]
    }

    /// `[x0, y0, dx1, dy1, ...]`: the first cell, then steps between cells. A closed ring loses its
    /// closing point (the decoder adds it back). Repeated cells are dropped; `None` when fewer than
    /// three (ring) or two (line) cells remain, i.e. the shape is below the grid's resolution.
    pub fn encode(&self, line: &LineString<f64>, closed: bool) -> Option<Vec<i64>> {
        let mut cells: Vec<[i64; 2]> = line.coords().map(|c| self.snap(*c)).collect();
        cells.dedup();
        if closed && cells.len() > 1 && cells.first() == cells.last() {
            cells.pop();
        }
        if cells.len() < if closed { 3 } else { 2 } {
            return None;
        }
        let mut out = Vec::with_capacity(cells.len() * 2);
        let mut previous = [0, 0];
        for cell in cells {
            out.extend([cell[0] - previous[0], cell[1] - previous[1]]);
            previous = cell;
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The world point of a cell, as the decoder computes it.
    fn unsnap(grid: &Grid, cell: [i64; 2]) -> Coord<f64> {
        Coord { x: grid.origin.x + cell[0] as f64 * grid.quantum, y: grid.origin.y + cell[1] as f64 * grid.quantum }
    }

    #[test]
    fn encodes_deltas_and_drops_the_closing_point() {
        let grid = Grid { origin: Coord { x: 1.0, y: 2.0 }, quantum: 0.5 };
        let ring = LineString::from(vec![(1.0, 2.0), (2.0, 2.0), (2.0, 3.1), (1.0, 2.0)]);
        assert_eq!(grid.encode(&ring, true), Some(vec![0, 0, 2, 0, 0, 2]));
        assert_eq!(grid.encode(&ring, false), Some(vec![0, 0, 2, 0, 0, 2, -2, -2]));
    }

    #[test]
    fn collapsed_shapes_are_dropped() {
        let grid = Grid { origin: Coord { x: 0.0, y: 0.0 }, quantum: 1.0 };
        let tiny = LineString::from(vec![(0.0, 0.0), (0.1, 0.0), (0.1, 0.1), (0.0, 0.0)]);
        assert_eq!(grid.encode(&tiny, true), None);
    }

    #[test]
    fn snapping_moves_a_point_by_at_most_half_a_quantum_per_axis() {
        let grid = Grid { origin: Coord { x: 0.3, y: 0.4 }, quantum: 1e-6 };
        for c in [Coord { x: 0.6912345678, y: 0.3987654321 }, Coord { x: 0.3000004999, y: 0.4 }] {
            let back = unsnap(&grid, grid.snap(c));
            assert!((back.x - c.x).abs() <= 0.5e-6 + 1e-15 && (back.y - c.y).abs() <= 0.5e-6 + 1e-15);
        }
    }
}
