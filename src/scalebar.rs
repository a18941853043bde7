//! The scale bar: a round distance (1, 2 or 5 × 10ⁿ metres) and how long it is on screen, at the
//! latitude of the map's centre. Web Mercator stretches distances by 1/cos(latitude), so one fixed
//! bar would be wrong by 10 % between the north and the south of Afghanistan: it is recomputed
//! with the view.

use crate::float::Float;
use crate::view::Viewport;

/// A scale bar for one view: `metres` on the ground span `width_px` CSS pixels.
///
/// ```
/// use incident_map::{LonLat, ScaleBar, Viewport, Zoom};
/// let kabul = LonLat::new(69.1723, 34.5281).unwrap();
/// let view = Viewport::new(kabul, Zoom::clamped(10.0), 800.0, 600.0, 1.0);
/// let bar = ScaleBar::for_view(&view, 100.0).unwrap();
/// // 125.9 m per pixel at Kabul at zoom 10: 100 px are 12.6 km, so the bar shows 10 km.
/// assert_eq!((bar.metres(), bar.label().as_str()), (10_000.0, "10 km"));
/// assert!((bar.width_px() - 79.4).abs() < 0.1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleBar {
    metres: f64,
    width_px: f64,
}

impl ScaleBar {
    /// The longest round distance that fits in `max_width_px` at the centre of `view`; `None`
    /// for an empty view or a width that holds no distance of a metre or more.
    pub fn for_view(view: &Viewport, max_width_px: f64) -> Option<ScaleBar> {
        if view.is_empty() {
            return None;
        }
        let per_px = view.metres_per_pixel();
        let metres = round_length_at_most(max_width_px * per_px)?;
        Some(ScaleBar { metres, width_px: metres / per_px })
    }

    /// The distance the bar stands for, in metres: 1, 2 or 5 × 10ⁿ.
    pub fn metres(&self) -> f64 {
        self.metres
    }

    /// The bar's length in CSS pixels.
    pub fn width_px(&self) -> f64 {
        self.width_px
    }

    /// "500 m", "2 km", "1000 km": metres below a kilometre, kilometres from there.
    pub fn label(&self) -> String {
        if self.metres < 1000.0 {
            format!("{} m", Float(self.metres.round()))
        } else {
            format!("{} km", Float((self.metres / 1000.0).round()))
        }
    }
}

/// The largest 1, 2 or 5 × 10ⁿ (n ≥ 0) that is at most `limit`; `None` below one metre.
fn round_length_at_most(limit: f64) -> Option<f64> {
    if !(limit.is_finite() && limit >= 1.0) {
        return None;
    }
    let decade = 10f64.powi(crate::geo::trig::log10(limit).floor() as i32);
    [5.0, 2.0, 1.0].into_iter().map(|step| step * decade).find(|&len| len <= limit * (1.0 + 1e-12))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_lengths_are_1_2_or_5_times_a_power_of_ten() {
        let cases = [(1.0, 1.0), (1.9, 1.0), (2.0, 2.0), (4.99, 2.0), (5.0, 5.0), (9.99, 5.0), (10.0, 10.0)];
        for (limit, expected) in cases {
            assert_eq!(round_length_at_most(limit), Some(expected), "{limit}");
        }
        assert_eq!(round_length_at_most(73_400.0), Some(50_000.0));
        assert_eq!(round_length_at_most(0.5), None);
        assert_eq!(round_length_at_most(f64::NAN), None);
    }

    #[test]
    fn labels_switch_to_kilometres_at_a_kilometre() {
        let bar = |metres| ScaleBar { metres, width_px: 50.0 }.label();
        assert_eq!([bar(200.0), bar(500.0), bar(1000.0), bar(2_000_000.0)], ["200 m", "500 m", "1 km", "2000 km"]);
    }
}
