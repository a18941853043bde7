//! Geographic primitives: validated coordinates, bounding boxes and the Web Mercator projection.

mod bounds;
mod lonlat;
mod mercator;
pub(crate) mod trig;

pub use bounds::Bounds;
pub use lonlat::{CoordinateError, LonLat};
pub use mercator::{WorldPoint, TILE_SIZE};
