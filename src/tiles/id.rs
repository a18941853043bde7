use crate::geo::WorldPoint;

/// One slippy-map tile: zoom `z`, column `x` from the west, row `y` from the north.
///
/// ```
/// use incident_map::TileId;
/// let t = TileId::new(3, 5, 2).unwrap();
/// assert_eq!(t.parent(), TileId::new(2, 2, 1));
/// assert!(t.children().iter().all(|c| c.parent() == Some(t)));
/// assert_eq!(TileId::new(1, 2, 0), None); // zoom 1 has columns 0 and 1 only
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    z: u8,
    x: u32,
    y: u32,
}

impl TileId {
    /// The deepest zoom a tile may have (beyond it `2^z` overflows the column numbers' range).
    pub const MAX_ZOOM: u8 = 24;

    /// A tile, if `x` and `y` exist at zoom `z`.
    pub fn new(z: u8, x: u32, y: u32) -> Option<Self> {
        let side = 1u32.checked_shl(u32::from(z))?;
        (z <= Self::MAX_ZOOM && x < side && y < side).then_some(Self { z, x, y })
    }

    /// Zoom level.
    pub fn z(self) -> u8 {
        self.z
    }
    /// Column, from 0 at 180° W.
    pub fn x(self) -> u32 {
        self.x
    }
    /// Row, from 0 at the north limit.
    pub fn y(self) -> u32 {
        self.y
    }

    /// The tile one zoom out that holds this one; `None` at zoom 0.
    pub fn parent(self) -> Option<Self> {
        (self.z > 0).then(|| Self { z: self.z - 1, x: self.x / 2, y: self.y / 2 })
    }

    /// The four tiles one zoom in that make up this one (north-west, north-east, south-west,
    /// south-east); empty past [`TileId::MAX_ZOOM`].
    pub fn children(self) -> Vec<Self> {
        if self.z >= Self::MAX_ZOOM {
            return Vec::new();
        }
        let (x, y, z) = (self.x * 2, self.y * 2, self.z + 1);
        vec![Self { z, x, y }, Self { z, x: x + 1, y }, Self { z, x, y: y + 1 }, Self { z, x: x + 1, y: y + 1 }]
    }

    /// Side of the tile in normalised world units (the world is 1 × 1).
    pub fn world_size(self) -> f64 {
        1.0 / f64::from(1u32 << self.z)
    }

    /// The tile's north-west corner in normalised world space.
    pub fn world_origin(self) -> WorldPoint {
        let s = self.world_size();
        WorldPoint { x: f64::from(self.x) * s, y: f64::from(self.y) * s }
    }
}
