//! incident-map: an embeddable incident map.
//!
//! The core (everything outside `web`) is plain Rust: it holds the incidents and their indices,
//! the view and the selection, turns input into effects and builds a display list. It is tested
//! natively with `cargo test`. The `web` module, compiled for `wasm32` only, is the one place that
//! touches the DOM: it turns DOM events into [`InputEvent`]s and paints display lists on canvases.
#![warn(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]
// No `text[a..b]` on a `str` outside tests: `text.get(a..b)`. An index that could cut inside a
// character links core's message for it, which prints the character with `Debug` and so pulls
// in core's Unicode printability tables: 4 KB of the gzipped download (7 December 2026).
#![cfg_attr(not(test), deny(clippy::string_slice))]
// Likewise, no `&str` pattern in `contains`, `find`, `split` or `split_once` outside tests (a
// `char` pattern, `starts_with` or `strip_prefix` instead): a string pattern links core's
// two-way searcher, 4.7 KB of the gzipped download for one `contains("'id'")` (measured).
// No lint catches it; `make build` prints the size.

mod basemap;
mod categories;
mod cluster;
mod data;
mod float;
mod geo;
mod index;
mod input;
pub mod json;
mod json_kind;
mod labels;
mod map;
mod presets;
mod quoted;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod raster;
mod scalebar;
mod scene;
mod sort;
mod sorted_map;
// Used by the web shell's marker layer; tested natively.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod stamps;
mod symbols;
mod text_case;
mod tiles;
mod timeline;
mod url_state;
mod view;
#[cfg(target_arch = "wasm32")]
mod web;

pub use basemap::*;
pub use categories::{Categories, Category, ColorBy};
pub use cluster::{aggregate, Aggregation, Aggregator, AggregatorWork, MarkerColumns, CELL_PX};
pub use data::*;
pub use geo::{Bounds, CoordinateError, LonLat, WorldPoint, TILE_SIZE};
pub use index::{DrawnMarker, MarkerHits, MarkerTarget, TimeIndex, TimeRange, TimeRangeError};
pub use input::{Effect, FocusOrder, Gesture, InputEvent, MapKey, PointerKind, CLICK_SLOP};
pub use labels::{estimate_text_width, label_commands, text_is_rtl, LabelLanguage};
pub use map::{IncidentMap, ListedIncidents, ScaleMode, UnknownIncident};
pub use presets::{default_time_presets, TimePreset, ViewPreset};
pub use scalebar::ScaleBar;
pub use scene::{DisplayList, DrawCommand, MarkerLook, OverlayContext, Stroke, TextAnchor};
pub use symbols::{Color, RadiusScale, Theme};
pub use tiles::{
    plan_draws, tile_zoom, visible_tiles, SourceRect, TileCache, TileDraw, TileFrame, TileId, TileLayer, TileState,
    TileTemplate, TileTemplateError, DEFAULT_TILE_CACHE,
};
pub use timeline::{
    clamp_range, histogram_layer, parse_time_presets, BarStyle, Bin, BinSize, BrushDrag, BrushPart, DatedFigures,
    Histogram, HistogramMetric, PlayMode, PlaySpeed, Playback, PresetListError, RunningTotals, Thumb, ThumbStep,
    TimeScale, Timeline, Totals,
};
pub use url_state::{hash_entry, with_hash_entry, without_hash_entry, HashKey, HashKeyError, SharedState, SharedView};
pub use view::{Insets, ScreenPoint, ScreenRect, Viewport, Zoom, ZoomError};
#[cfg(target_arch = "wasm32")]
pub use web::{register_basemap, register_gazetteer, MapHandle};
