//! The asset's JSON shape, as tools/basemap/src/asset.rs writes it.

use serde::Deserialize;

/// The `format` field of every basemap asset.
pub(super) const FORMAT: &str = "incident-map-basemap";
/// The asset version this decoder reads.
pub(super) const VERSION: u64 = 1;

/// Read first, so that another file or version gets a clear error instead of "missing field".
#[derive(Deserialize)]
pub(super) struct RawHeader {
    pub format: Option<String>,
    pub version: Option<u64>,
}

#[derive(Deserialize)]
pub(super) struct RawAsset {
    pub attribution: String,
    pub origin: [f64; 2],
    pub quantum: f64,
    pub levels: Vec<RawLevel>,
    pub countries: Vec<RawRegion>,
    pub provinces: Vec<RawRegion>,
    pub rivers: Vec<RawRiver>,
    pub places: Vec<RawPlace>,
}

#[derive(Deserialize)]
pub(super) struct RawLevel {
    pub min_zoom: f64,
}

/// `rings[level][ring]` is `[x0, y0, dx1, dy1, ...]` in grid cells, without the closing point.
#[derive(Deserialize)]
pub(super) struct RawRegion {
    pub name: String,
    pub name_fa: Option<String>,
    #[serde(default)]
    pub focus: bool,
    pub label: [i64; 2],
    pub rings: Vec<Vec<Vec<i64>>>,
}

/// `lines[level][part]`, encoded like region rings.
#[derive(Deserialize)]
pub(super) struct RawRiver {
    pub name: String,
    pub lines: Vec<Vec<Vec<i64>>>,
}

#[derive(Deserialize)]
pub(super) struct RawPlace {
    pub name: String,
    pub name_fa: Option<String>,
    pub lon: f64,
    pub lat: f64,
    pub population: u32,
    pub kind: String,
}
