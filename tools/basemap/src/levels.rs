//! The simplification levels: which zooms each one serves and how far it may stray from the source.

use crate::sources::TILE_SIZE;

/// Allowed deviation from the source geometry, in CSS pixels at the level's tolerance zoom.
pub const TOLERANCE_PX: f64 = 0.5;

/// The quantisation step: one pixel at zoom 14, half the finest level's tolerance (about 8 m on the
/// ground at 35° N), so rounding moves a vertex by at most 0.35 px at zoom 12.
pub const QUANTUM_ZOOM: f64 = 14.0;

/// One simplification level.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Level {
    /// The smallest zoom this level is drawn at (it serves up to the next level's `min_zoom`).
    pub min_zoom: f64,
    /// The zoom at which the simplification error is [`TOLERANCE_PX`]: the level's largest integer zoom.
    pub tolerance_zoom: f64,
}

/// Zoom <= 5, 6-7, 8-9 and >= 10. The last level is exact to half a pixel at zoom 12, beyond the
/// 1:10 million accuracy of the sources, so deeper zooms would only repeat it.
pub const LEVELS: [Level; 4] = [
    Level { min_zoom: 0.0, tolerance_zoom: 5.0 },
    Level { min_zoom: 6.0, tolerance_zoom: 7.0 },
    Level { min_zoom: 8.0, tolerance_zoom: 9.0 },
    Level { min_zoom: 10.0, tolerance_zoom: 12.0 },
];

/// The size of one CSS pixel at `zoom`, in normalised world units.
pub fn pixel_at(zoom: f64) -> f64 {
    1.0 / (TILE_SIZE * zoom.exp2())
}

impl Level {
    /// The allowed deviation in normalised world units.
    pub fn tolerance(&self) -> f64 {
        TOLERANCE_PX * pixel_at(self.tolerance_zoom)
    }
}

/// The quantisation step in normalised world units.
pub fn quantum() -> f64 {
    pixel_at(QUANTUM_ZOOM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_get_finer_and_the_quantum_is_below_every_tolerance() {
        for pair in LEVELS.windows(2) {
            assert!(pair[0].min_zoom < pair[1].min_zoom);
            assert!(pair[0].tolerance() > pair[1].tolerance());
        }
        assert!(quantum() <= LEVELS[3].tolerance() / 2.0);
    }
}
