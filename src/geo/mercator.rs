use super::LonLat;
use crate::float::clamp;

/// Side of one tile at zoom 0 in CSS pixels: zoom `z` maps the world onto `TILE_SIZE * 2^z` pixels,
/// the convention of slippy-map tiles, so that our zoom levels mean what they mean in Leaflet.
pub const TILE_SIZE: f64 = 256.0;

/// Spherical Mercator's latitude limit: beyond it the projection runs to infinity.
const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// A position in normalised Web Mercator space: x and y in 0..=1, y growing southwards.
///
/// ```
/// use incident_map::{LonLat, WorldPoint};
/// let kabul = LonLat::new(69.1723, 34.5281).unwrap();
/// let back = WorldPoint::from_lonlat(kabul).to_lonlat();
/// assert!((back.lon() - kabul.lon()).abs() < 1e-9 && (back.lat() - kabul.lat()).abs() < 1e-9);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WorldPoint {
    /// 0 at 180° W, 1 at 180° E.
    pub x: f64,
    /// 0 at the north limit, 1 at the south limit.
    pub y: f64,
}

impl WorldPoint {
    /// Projects a position (latitudes beyond ±85.05° are clamped to the projection's limit).
    pub fn from_lonlat(p: LonLat) -> Self {
        let lat = clamp(p.lat(), -MAX_LATITUDE, MAX_LATITUDE).to_radians();
        let x = (p.lon() + 180.0) / 360.0;
        let y = 0.5
            - super::trig::ln(super::trig::tan(std::f64::consts::FRAC_PI_4 + lat / 2.0)) / (2.0 * std::f64::consts::PI);
        Self { x, y }
    }

    /// Inverse projection; points outside the world square are clamped onto it.
    pub fn to_lonlat(self) -> LonLat {
        let lon = self.x * 360.0 - 180.0;
        let n = std::f64::consts::PI * (1.0 - 2.0 * self.y);
        let lat = super::trig::atan(super::trig::sinh(n)).to_degrees();
        LonLat::clamped(lon, lat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_across_the_range() {
        for lon in [-179.9, -69.0, 0.0, 67.11, 180.0] {
            for lat in [-85.0, -34.5, 0.0, 36.7, 85.0] {
                let p = LonLat::new(lon, lat).unwrap();
                let q = WorldPoint::from_lonlat(p).to_lonlat();
                assert!((p.lon() - q.lon()).abs() < 1e-9 && (p.lat() - q.lat()).abs() < 1e-9, "{p:?} {q:?}");
            }
        }
    }

    #[test]
    fn known_values() {
        let origin = WorldPoint::from_lonlat(LonLat::new(0.0, 0.0).unwrap());
        assert!((origin.x - 0.5).abs() < 1e-12 && (origin.y - 0.5).abs() < 1e-12);
        let north = WorldPoint::from_lonlat(LonLat::new(0.0, 89.0).unwrap());
        assert!(north.y.abs() < 1e-9, "clamped to the projection limit: {north:?}");
    }
}
