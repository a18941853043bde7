use std::fmt;

use super::trig::{asin, cos, sin};
use crate::float::{clamp, Float};

/// A WGS 84 position in degrees, always finite and within range.
///
/// ```
/// use incident_map::LonLat;
/// let kabul = LonLat::new(69.1723, 34.5281).unwrap();
/// assert_eq!(kabul.lat(), 34.5281);
/// assert!(LonLat::new(34.5, 169.2).is_err()); // latitude and longitude swapped
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LonLat {
    lon: f64,
    lat: f64,
}

/// Why a pair of numbers is not a position.
#[derive(Clone, Debug, PartialEq)]
pub enum CoordinateError {
    /// NaN or an infinity.
    NotFinite {
        /// The longitude given.
        lon: f64,
        /// The latitude given.
        lat: f64,
    },
    /// Longitude outside -180..=180.
    LongitudeOutOfRange(f64),
    /// Latitude outside -90..=90 (often a swapped pair).
    LatitudeOutOfRange(f64),
}

impl fmt::Display for CoordinateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFinite { lon, lat } => {
                write!(f, "coordinates must be finite numbers, got [{}, {}]", Float(*lon), Float(*lat))
            }
            Self::LongitudeOutOfRange(lon) => {
                write!(f, "longitude must be between -180 and 180, got {}", Float(*lon))
            }
            Self::LatitudeOutOfRange(lat) => write!(
                f,
                "latitude must be between -90 and 90, got {} (are longitude and latitude swapped? GeoJSON order is [lon, lat])",
                Float(*lat)
            ),
        }
    }
}

impl std::error::Error for CoordinateError {}

impl LonLat {
    /// Checks that both numbers are finite and within range.
    pub fn new(lon: f64, lat: f64) -> Result<Self, CoordinateError> {
        if !lon.is_finite() || !lat.is_finite() {
            return Err(CoordinateError::NotFinite { lon, lat });
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(CoordinateError::LongitudeOutOfRange(lon));
        }
        if !(-90.0..=90.0).contains(&lat) {
            return Err(CoordinateError::LatitudeOutOfRange(lat));
        }
        Ok(Self { lon, lat })
    }

    /// Longitude in degrees east.
    pub fn lon(self) -> f64 {
        self.lon
    }

    /// Latitude in degrees north.
    pub fn lat(self) -> f64 {
        self.lat
    }

    /// Clamps out-of-range values instead of rejecting them, for positions computed by the map
    /// itself (such as the inverse of a screen point far outside the world); NaN becomes 0.
    pub fn clamped(lon: f64, lat: f64) -> Self {
        let clean = |v: f64, limit: f64| {
            if v.is_nan() {
                0.0
            } else {
                clamp(v, -limit, limit)
            }
        };
        Self { lon: clean(lon, 180.0), lat: clean(lat, 90.0) }
    }

    /// Great-circle distance in metres (haversine on a sphere of the mean Earth radius).
    pub fn distance_m(self, other: LonLat) -> f64 {
        const EARTH_RADIUS_M: f64 = 6_371_008.8;
        let (phi1, phi2) = (self.lat.to_radians(), other.lat.to_radians());
        let dphi = phi2 - phi1;
        let dlambda = (other.lon - self.lon).to_radians();
        let a = sin(dphi / 2.0).powi(2) + cos(phi1) * cos(phi2) * sin(dlambda / 2.0).powi(2);
        2.0 * EARTH_RADIUS_M * asin(a.sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_finite_and_out_of_range() {
        assert!(matches!(LonLat::new(f64::NAN, 1.0), Err(CoordinateError::NotFinite { .. })));
        assert!(matches!(LonLat::new(1.0, f64::INFINITY), Err(CoordinateError::NotFinite { .. })));
        assert_eq!(LonLat::new(181.0, 0.0), Err(CoordinateError::LongitudeOutOfRange(181.0)));
        assert_eq!(LonLat::new(0.0, -90.5), Err(CoordinateError::LatitudeOutOfRange(-90.5)));
        assert!(LonLat::new(180.0, -90.0).is_ok());
    }

    #[test]
    fn swapped_pair_message_says_so() {
        let err = LonLat::new(34.5, 169.2).unwrap_err();
        assert!(err.to_string().contains("swapped"), "{err}");
    }

    #[test]
    fn distance_kabul_to_mazar() {
        let kabul = LonLat::new(69.1723, 34.5281).unwrap();
        let mazar = LonLat::new(67.1109, 36.7090).unwrap();
        let km = kabul.distance_m(mazar) / 1000.0;
        assert!((300.0..320.0).contains(&km), "{km}");
    }
}
