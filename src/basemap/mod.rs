//! The embedded offline basemap: Afghanistan, its neighbours, its 34 provinces, rivers and towns,
//! decoded from the asset that `tools/basemap` builds (www/basemap/afghanistan.json).
//!
//! Geometry comes out as [`WorldPoint`](crate::WorldPoint)s, so drawing a frame is one affine
//! transform per point. Each shape exists at several simplification levels; pick one with
//! [`Basemap::level_for_zoom`].

mod asset;
mod decode;
mod error;
mod place;
mod raw;
mod region;
mod world_box;

pub use asset::Basemap;
pub use error::BasemapError;
pub use place::{Place, PlaceKind};
pub use region::{Region, River};
pub use world_box::WorldBox;
