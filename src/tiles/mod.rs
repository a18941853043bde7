//! Optional raster web tiles (`tiles="https://…/{z}/{x}/{y}.png"`), drawn over the vector land
//! and under the borders and markers. The core decides everything that can be decided without a
//! browser: which tiles a view needs and at which zoom ([`tile_zoom`], [`visible_tiles`]), what to
//! draw while some are missing ([`plan_draws`]: a loaded parent or children, scaled), and which
//! images to keep ([`TileCache`], least recently used first out). The web shell only loads images.
//!
//! A tile that fails or is slow is simply not drawn: the vector basemap underneath stays visible,
//! never a grey hole.

mod cache;
mod id;
mod layer;
mod plan;
mod template;

pub use cache::{TileCache, TileState, DEFAULT_TILE_CACHE};
pub use id::TileId;
pub use layer::{TileFrame, TileLayer};
pub use plan::{plan_draws, tile_zoom, visible_tiles, SourceRect, TileDraw};
pub use template::{TileTemplate, TileTemplateError};
