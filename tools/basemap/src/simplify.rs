//! Douglas-Peucker simplification per level, checked against the source geometry.
//!
//! Douglas-Peucker rather than Visvalingam-Whyatt: it bounds the distance of every dropped vertex
//! from the simplified outline by the tolerance, which is exactly the "half a pixel at this zoom"
//! promise, and [`max_deviation`] can verify it. Visvalingam's area threshold has no such bound and
//! its topology-preserving variant only guards within one geometry, not between neighbouring
//! provinces, which is what could show; at sub-pixel tolerances neither matters.

use geo::{Distance, Euclidean, LineString, MultiLineString, MultiPolygon, Point, Simplify};

use crate::levels::Level;
use crate::sources::rings;

/// The largest distance from a vertex of `source` to the line `simplified` (the one-sided
/// Hausdorff distance; the other side is zero since Douglas-Peucker keeps a subset of vertices).
pub fn max_deviation(source: &LineString<f64>, simplified: &LineString<f64>) -> f64 {
    source.points().map(|p: Point<f64>| Euclidean.distance(&p, simplified)).fold(0.0, f64::max)
}

fn check(what: &str, level: &Level, pairs: Vec<(&LineString<f64>, &LineString<f64>)>) -> Result<(), String> {
    let tolerance = level.tolerance();
    for (index, (source, simplified)) in pairs.into_iter().enumerate() {
        let deviation = max_deviation(source, simplified);
        if deviation > tolerance * (1.0 + 1e-9) {
            return Err(format!(
                "{what}: ring {index} strays {deviation:e} from the source at min zoom {}, more than the tolerance {tolerance:e}",
                level.min_zoom
            ));
        }
    }
    Ok(())
}

/// `shape` simplified for `level`, after checking that it stays within the level's tolerance.
pub fn simplify_region(what: &str, shape: &MultiPolygon<f64>, level: &Level) -> Result<MultiPolygon<f64>, String> {
    let simplified = shape.simplify(level.tolerance());
    check(what, level, rings(shape).zip(rings(&simplified)).collect())?;
    Ok(simplified)
}

/// `shape` simplified for `level`, after checking that it stays within the level's tolerance.
pub fn simplify_river(what: &str, shape: &MultiLineString<f64>, level: &Level) -> Result<MultiLineString<f64>, String> {
    let simplified = shape.simplify(level.tolerance());
    check(what, level, shape.iter().zip(simplified.iter()).collect())?;
    Ok(simplified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::levels::LEVELS;
    use geo::polygon;

    #[test]
    fn a_wiggle_below_the_tolerance_disappears_and_the_deviation_stays_within_it() {
        let t = LEVELS[0].tolerance();
        let square = polygon![(x: 0.0, y: 0.0), (x: 50.0 * t, y: 0.4 * t), (x: 100.0 * t, y: 0.0), (x: 100.0 * t, y: 100.0 * t), (x: 0.0, y: 100.0 * t)];
        let shape = MultiPolygon::new(vec![square.clone()]);
        let simplified = simplify_region("square", &shape, &LEVELS[0]).unwrap();
        assert_eq!(simplified.0[0].exterior().0.len(), 5, "the wiggle vertex is gone");
        assert!(max_deviation(square.exterior(), simplified.0[0].exterior()) <= t);
    }

    #[test]
    fn deviation_measures_the_distance_to_segments_not_vertices() {
        let source = LineString::from(vec![(0.0, 0.0), (5.0, 1.0), (10.0, 0.0)]);
        let simplified = LineString::from(vec![(0.0, 0.0), (10.0, 0.0)]);
        assert_eq!(max_deviation(&source, &simplified), 1.0);
    }
}
