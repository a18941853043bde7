//! Reads the asset back with the map's own decoder and checks that quantisation moved no vertex by
//! more than one quantum.

use std::path::Path;

use geo::{Coord, CoordsIter};
use incident_map::{Basemap, WorldPoint};

use crate::levels::{quantum, LEVELS};
use crate::simplify::{simplify_region, simplify_river};
use crate::sources::{read_regions, read_rivers};

/// The largest distance from a decoded point to the nearest vertex of the unquantised shape.
fn max_snap_error(decoded: &[Vec<WorldPoint>], unquantised: &[Coord<f64>]) -> f64 {
    let nearest =
        |p: &WorldPoint| unquantised.iter().map(|c| (c.x - p.x).hypot(c.y - p.y)).fold(f64::INFINITY, f64::min);
    decoded.iter().flatten().map(nearest).fold(0.0, f64::max)
}

fn within_a_quantum(what: &str, level: usize, error: f64) -> Result<(), String> {
    if error > quantum() {
        return Err(format!(
            "{what}: level {level} moved {error:e} in the round trip, more than one quantum ({:e})",
            quantum()
        ));
    }
    Ok(())
}

/// Decodes `json` and compares it with the sources under `dir`, simplified again.
pub fn check(json: &str, dir: &Path) -> Result<(), String> {
    let map = Basemap::parse(json).map_err(|e| format!("the new asset does not decode: {e}"))?;
    let countries = read_regions(&dir.join("countries.geojson"))?;
    let provinces = read_regions(&dir.join("provinces.geojson"))?;
    let layers = [(map.countries(), &countries), (map.provinces(), &provinces)];
    for (decoded, sources) in layers {
        for (region, source) in decoded.iter().zip(sources) {
            for (index, level) in LEVELS.iter().enumerate() {
                let simplified = simplify_region(&source.name, &source.shape, level)?;
                let vertices: Vec<_> = simplified.coords_iter().collect();
                within_a_quantum(region.name(), index, max_snap_error(region.rings(index), &vertices))?;
            }
        }
    }
    for (river, source) in map.rivers().iter().zip(read_rivers(&dir.join("rivers.geojson"))?) {
        for (index, level) in LEVELS.iter().enumerate() {
            let simplified = simplify_river(&source.name, &source.shape, level)?;
            let vertices: Vec<_> = simplified.coords_iter().collect();
            within_a_quantum(river.name(), index, max_snap_error(river.lines(index), &vertices))?;
        }
    }
    println!("round trip: every decoded vertex is within one quantum ({:e}) of the simplified source", quantum());
    Ok(())
}
