use super::LonLat;

/// A longitude/latitude box; never crosses the antimeridian (nothing in this map does).
///
/// ```
/// use incident_map::{Bounds, LonLat};
/// let b = Bounds::around([LonLat::new(69.0, 34.0).unwrap(), LonLat::new(67.0, 36.7).unwrap()]).unwrap();
/// assert_eq!(b.west(), 67.0);
/// assert_eq!(b.north(), 36.7);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    south_west: LonLat,
    north_east: LonLat,
}

impl Bounds {
    /// The box spanned by two corners, in any order.
    pub fn new(a: LonLat, b: LonLat) -> Self {
        let sw = LonLat::clamped(a.lon().min(b.lon()), a.lat().min(b.lat()));
        let ne = LonLat::clamped(a.lon().max(b.lon()), a.lat().max(b.lat()));
        Self { south_west: sw, north_east: ne }
    }

    /// The smallest box holding every point; `None` for no points.
    pub fn around(points: impl IntoIterator<Item = LonLat>) -> Option<Self> {
        let mut iter = points.into_iter();
        let first = iter.next()?;
        Some(iter.fold(Self::new(first, first), |b, p| b.extended(p)))
    }

    /// This box grown to hold `p`.
    pub fn extended(self, p: LonLat) -> Self {
        Self::new(
            LonLat::clamped(self.west().min(p.lon()), self.south().min(p.lat())),
            LonLat::clamped(self.east().max(p.lon()), self.north().max(p.lat())),
        )
    }

    /// Western edge, degrees.
    pub fn west(&self) -> f64 {
        self.south_west.lon()
    }
    /// Eastern edge, degrees.
    pub fn east(&self) -> f64 {
        self.north_east.lon()
    }
    /// Southern edge, degrees.
    pub fn south(&self) -> f64 {
        self.south_west.lat()
    }
    /// Northern edge, degrees.
    pub fn north(&self) -> f64 {
        self.north_east.lat()
    }
    /// South-west corner.
    pub fn south_west(&self) -> LonLat {
        self.south_west
    }
    /// North-east corner.
    pub fn north_east(&self) -> LonLat {
        self.north_east
    }

    /// Whether `p` lies inside or on the edge.
    pub fn contains(&self, p: LonLat) -> bool {
        (self.west()..=self.east()).contains(&p.lon()) && (self.south()..=self.north()).contains(&p.lat())
    }
}
