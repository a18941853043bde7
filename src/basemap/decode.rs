//! Raw JSON to checked values; every broken item is reported, not just the first.

use crate::geo::{LonLat, WorldPoint};

use super::raw::{RawAsset, RawPlace, RawRegion, RawRiver};
use super::{Place, PlaceKind, Region, River, WorldBox};
use crate::float::{Float, FloatDebug};

/// The grid the geometry is quantised on, and the problems found so far.
pub(super) struct Decoder {
    origin: [f64; 2],
    quantum: f64,
    level_count: usize,
    pub problems: Vec<String>,
}

impl Decoder {
    pub fn new(raw: &RawAsset) -> Self {
        let mut decoder =
            Self { origin: raw.origin, quantum: raw.quantum, level_count: raw.levels.len(), problems: Vec::new() };
        if !(raw.quantum.is_finite() && raw.quantum > 0.0) {
            decoder.problems.push(format!("quantum must be a positive number, got {}", Float(raw.quantum)));
        }
        if !raw.origin.iter().all(|v| v.is_finite()) {
            decoder.problems.push(format!(
                "origin must be finite, got [{}, {}]",
                FloatDebug(raw.origin[0]),
                FloatDebug(raw.origin[1])
            ));
        }
        if raw.levels.is_empty() {
            decoder.problems.push("levels is empty: the asset needs at least one simplification level".into());
        }
        if raw.levels.windows(2).any(|w| w[0].min_zoom >= w[1].min_zoom) {
            decoder.problems.push("levels must be sorted by increasing min_zoom".into());
        }
        decoder
    }

    fn cell(&self, x: i64, y: i64) -> WorldPoint {
        WorldPoint { x: self.origin[0] + x as f64 * self.quantum, y: self.origin[1] + y as f64 * self.quantum }
    }

    /// `[x0, y0, dx1, dy1, ...]` to points; a ring gets its closing point back.
    fn shape(&mut self, what: &dyn Fn() -> String, flat: &[i64], closed: bool) -> Vec<WorldPoint> {
        let minimum = if closed { 3 } else { 2 };
        if flat.len() % 2 != 0 || flat.len() < minimum * 2 {
            self.problems.push(format!(
                "{}: needs an even number of at least {} coordinates, got {}",
                what(),
                minimum * 2,
                flat.len()
            ));
            return Vec::new();
        }
        let (mut x, mut y) = (0i64, 0i64);
        let mut points = Vec::with_capacity(flat.len() / 2 + 1);
        for step in flat.chunks_exact(2) {
            x = x.saturating_add(step[0]);
            y = y.saturating_add(step[1]);
            points.push(self.cell(x, y));
        }
        if closed {
            points.push(points[0]);
        }
        points
    }

    fn levels(&mut self, what: &str, shapes: &[Vec<Vec<i64>>], closed: bool) -> Vec<Vec<Vec<WorldPoint>>> {
        if shapes.len() != self.level_count {
            self.problems.push(format!("{what}: has {} levels, the asset declares {}", shapes.len(), self.level_count));
        }
        let mut levels = Vec::with_capacity(shapes.len());
        for (level, parts) in shapes.iter().enumerate() {
            if parts.is_empty() {
                self.problems.push(format!("{what}: level {level} is empty"));
            }
            let decoded = parts
                .iter()
                .enumerate()
                .map(|(i, flat)| self.shape(&|| format!("{what}: level {level}, part {i}"), flat, closed))
                .collect();
            levels.push(decoded);
        }
        levels
    }

    fn bounds(&mut self, what: &str, levels: &[Vec<Vec<WorldPoint>>]) -> WorldBox {
        let finest = levels.last().map(|parts| parts.iter().flatten().copied());
        finest.and_then(WorldBox::around).unwrap_or_else(|| {
            self.problems.push(format!("{what}: has no points"));
            WorldBox { min: WorldPoint { x: 0.0, y: 0.0 }, max: WorldPoint { x: 0.0, y: 0.0 } }
        })
    }

    pub fn region(&mut self, layer: &str, index: usize, raw: RawRegion) -> Region {
        let what = format!("{layer} {index} ({})", raw.name);
        let levels = self.levels(&what, &raw.rings, true);
        let bounds = self.bounds(&what, &levels);
        let label = self.cell(raw.label[0], raw.label[1]);
        let region = Region { name: raw.name, name_fa: raw.name_fa, focus: raw.focus, label, levels, bounds };
        if !region.levels.is_empty() && !region.contains(label) {
            self.problems.push(format!("{what}: the label point lies outside the region"));
        }
        region
    }

    pub fn river(&mut self, index: usize, raw: RawRiver) -> River {
        let what = format!("river {index} ({})", raw.name);
        let levels = self.levels(&what, &raw.lines, false);
        let bounds = self.bounds(&what, &levels);
        River { name: raw.name, levels, bounds }
    }

    pub fn place(&mut self, index: usize, raw: RawPlace) -> Option<Place> {
        let what = format!("place {index} ({})", raw.name);
        let position = LonLat::new(raw.lon, raw.lat).map_err(|e| self.problems.push(format!("{what}: {e}"))).ok();
        let kind = PlaceKind::from_name(&raw.kind);
        if kind.is_none() {
            self.problems.push(format!("{what}: kind must be \"capital\", \"city\" or \"town\", got \"{}\"", raw.kind));
        }
        let (position, kind) = (position?, kind?);
        let world = WorldPoint::from_lonlat(position);
        Some(Place { name: raw.name, name_fa: raw.name_fa, position, world, population: raw.population, kind })
    }
}
