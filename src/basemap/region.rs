use crate::geo::WorldPoint;

use super::WorldBox;

/// A country or a province: an outline per simplification level and a label point.
///
/// Rings are closed (the last point repeats the first) and hold exteriors and holes alike: fill
/// them with the even-odd rule.
///
/// ```
/// use incident_map::Basemap;
/// let map = Basemap::parse(include_str!("../../www/basemap/afghanistan.json")).unwrap();
/// let balkh = map.provinces().iter().find(|r| r.name() == "Balkh").unwrap();
/// assert!(balkh.contains(balkh.label()));
/// let ring = &balkh.rings(0)[0];
/// assert_eq!(ring.first(), ring.last());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub(super) name: String,
    pub(super) name_fa: Option<String>,
    pub(super) focus: bool,
    pub(super) label: WorldPoint,
    pub(super) levels: Vec<Vec<Vec<WorldPoint>>>,
    pub(super) bounds: WorldBox,
}

impl Region {
    /// The English name (provinces: GeoNames' spelling without "Wilayat-e", e.g. "Kunduz").
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The Persian (Dari) name, where the sources have one.
    pub fn name_fa(&self) -> Option<&str> {
        self.name_fa.as_deref()
    }

    /// True for Afghanistan, the country the map is about; neighbours are drawn muted.
    pub fn is_focus(&self) -> bool {
        self.focus
    }

    /// Where to put the name: the pole of inaccessibility, always inside the region.
    pub fn label(&self) -> WorldPoint {
        self.label
    }

    /// The closed rings at `level` (see [`Basemap::level_for_zoom`](super::Basemap::level_for_zoom));
    /// a level past the finest gives the finest.
    pub fn rings(&self, level: usize) -> &[Vec<WorldPoint>] {
        level_or_finest(&self.levels, level)
    }

    /// The box around the region (at the finest level).
    pub fn bounds(&self) -> WorldBox {
        self.bounds
    }

    /// Whether `p` is inside, by the even-odd rule on the finest level.
    pub fn contains(&self, p: WorldPoint) -> bool {
        self.bounds.contains(p) && self.rings(usize::MAX).iter().filter(|ring| crosses_ray(ring, p)).count() % 2 == 1
    }
}

/// A river: its lines per simplification level.
///
/// ```
/// use incident_map::Basemap;
/// let map = Basemap::parse(include_str!("../../www/basemap/afghanistan.json")).unwrap();
/// let amu = map.rivers().iter().find(|r| r.name() == "Amu Darya").unwrap();
/// assert!(amu.lines(0).iter().all(|line| line.len() >= 2));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct River {
    pub(super) name: String,
    pub(super) levels: Vec<Vec<Vec<WorldPoint>>>,
    pub(super) bounds: WorldBox,
}

impl River {
    /// The English name (given at build time: the source data has no names).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The lines at `level`; a level past the finest gives the finest.
    pub fn lines(&self, level: usize) -> &[Vec<WorldPoint>] {
        level_or_finest(&self.levels, level)
    }

    /// The box around the river (at the finest level).
    pub fn bounds(&self) -> WorldBox {
        self.bounds
    }
}

fn level_or_finest(levels: &[Vec<Vec<WorldPoint>>], level: usize) -> &[Vec<WorldPoint>] {
    levels.get(level).or(levels.last()).map_or(&[], Vec::as_slice)
}

/// Whether a ray from `p` towards +x crosses `ring` an odd number of times.
fn crosses_ray(ring: &[WorldPoint], p: WorldPoint) -> bool {
    let mut inside = false;
    for pair in ring.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x) {
            inside = !inside;
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, side: f64) -> Vec<WorldPoint> {
        [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
            .iter()
            .map(|(dx, dy)| WorldPoint { x: x0 + dx * side, y: y0 + dy * side })
            .collect()
    }

    #[test]
    fn even_odd_treats_an_inner_ring_as_a_hole() {
        let rings = vec![square(0.0, 0.0, 1.0), square(0.25, 0.25, 0.5)];
        let bounds = WorldBox::around(rings[0].iter().copied()).unwrap();
        let region = Region {
            name: "donut".into(),
            name_fa: None,
            focus: false,
            label: WorldPoint { x: 0.1, y: 0.1 },
            levels: vec![rings],
            bounds,
        };
        assert!(region.contains(WorldPoint { x: 0.1, y: 0.5 }));
        assert!(!region.contains(WorldPoint { x: 0.5, y: 0.5 }), "in the hole");
        assert!(!region.contains(WorldPoint { x: 1.5, y: 0.5 }));
        assert_eq!(region.rings(7).len(), 2, "past the finest level gives the finest");
    }
}
