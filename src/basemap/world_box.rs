use crate::geo::WorldPoint;

/// An axis-aligned box in normalised world space, for culling shapes outside the view.
///
/// ```
/// use incident_map::{WorldBox, WorldPoint};
/// let b = WorldBox::around([WorldPoint { x: 0.2, y: 0.4 }, WorldPoint { x: 0.3, y: 0.1 }]).unwrap();
/// assert_eq!((b.min.y, b.max.y), (0.1, 0.4));
/// assert!(b.contains(WorldPoint { x: 0.25, y: 0.2 }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WorldBox {
    /// The north-west corner (smallest x and y).
    pub min: WorldPoint,
    /// The south-east corner (largest x and y).
    pub max: WorldPoint,
}

impl WorldBox {
    /// The smallest box holding every point; `None` for no points.
    pub fn around(points: impl IntoIterator<Item = WorldPoint>) -> Option<Self> {
        let mut iter = points.into_iter();
        let first = iter.next()?;
        Some(iter.fold(Self { min: first, max: first }, |b, p| Self {
            min: WorldPoint { x: b.min.x.min(p.x), y: b.min.y.min(p.y) },
            max: WorldPoint { x: b.max.x.max(p.x), y: b.max.y.max(p.y) },
        }))
    }

    /// Whether `p` lies inside or on the edge.
    pub fn contains(&self, p: WorldPoint) -> bool {
        (self.min.x..=self.max.x).contains(&p.x) && (self.min.y..=self.max.y).contains(&p.y)
    }

    /// Whether the two boxes share any point.
    pub fn intersects(&self, other: &WorldBox) -> bool {
        self.min.x <= other.max.x && other.min.x <= self.max.x && self.min.y <= other.max.y && other.min.y <= self.max.y
    }
}
