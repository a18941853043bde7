//! Symbol sizes and colours. A marker's *area* is proportional to its value: the radius grows with
//! the square root, so a circle for 100 dead covers ten times the ink of one for 10, as readers
//! compare it. Tiny values are lifted to a minimum radius so that every incident stays visible and
//! clickable; the largest values are capped so that one attack cannot cover a city.

use std::fmt;

use crate::float::{clamp, Fixed};

/// Maps a casualty figure to a radius in CSS pixels.
///
/// ```
/// use incident_map::RadiusScale;
/// let scale = RadiusScale::fitted(400, 4.0, 40.0);
/// assert_eq!(scale.radius(Some(400)), 40.0);
/// assert_eq!(scale.radius(Some(100)), 20.0);   // a quarter of the value, a quarter of the area
/// assert_eq!(scale.radius(Some(0)), 4.0);      // lifted to the minimum
/// assert_eq!(scale.radius(None), 4.0);         // unknown: drawn small, never hidden
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RadiusScale {
    px_per_sqrt_unit: f64,
    min_radius: f64,
    max_radius: f64,
}

impl RadiusScale {
    /// Smallest radius drawn: big enough to see and to click.
    pub const MIN_RADIUS: f64 = 4.0;
    /// Largest radius drawn for one incident.
    pub const MAX_RADIUS: f64 = 36.0;
    /// Smallest radius drawn for a cluster: room for its double outline (see `scene::marker_layer`)
    /// and a one-digit count, so that it never passes for a single incident.
    pub const MIN_CLUSTER_RADIUS: f64 = 6.0;
    /// Largest radius drawn for a cluster: its area keeps showing the sum well past the largest
    /// single incident, but one cluster cannot cover the country.
    pub const MAX_CLUSTER_RADIUS: f64 = 64.0;

    /// A scale that draws `max_value` at `max_radius`. The scale is fitted once to the whole
    /// dataset, so a circle means the same number whatever time range is shown.
    pub fn fitted(max_value: u32, min_radius: f64, max_radius: f64) -> Self {
        let max_radius = max_radius.max(min_radius);
        Self { px_per_sqrt_unit: max_radius / f64::from(max_value.max(1)).sqrt(), min_radius, max_radius }
    }

    /// Radius for a value; unknown values get the minimum.
    pub fn radius(&self, value: Option<u32>) -> f64 {
        match value {
            Some(v) => clamp(self.px_per_sqrt_unit * f64::from(v).sqrt(), self.min_radius, self.max_radius),
            None => self.min_radius,
        }
    }

    /// Radius for a cluster's summed value (unknown: the minimum), between
    /// [`MIN_CLUSTER_RADIUS`](Self::MIN_CLUSTER_RADIUS) and
    /// [`MAX_CLUSTER_RADIUS`](Self::MAX_CLUSTER_RADIUS) rather than the incidents' bounds.
    pub fn cluster_radius(&self, sum: Option<u64>) -> f64 {
        let min = self.min_radius.max(Self::MIN_CLUSTER_RADIUS);
        match sum {
            Some(v) => clamp(self.px_per_sqrt_unit * (v as f64).sqrt(), min, Self::MAX_CLUSTER_RADIUS),
            None => min,
        }
    }

    /// The scale a view's markers are drawn at, `largest` being the largest value among them:
    /// this one if that value's circle fits within
    /// [`MAX_CLUSTER_RADIUS`](Self::MAX_CLUSTER_RADIUS), else this one stepped down, each step
    /// halving the area of every circle, until it fits. Without it a view of large clusters (the
    /// country at 100,000 incidents) would draw them all at the cap, equal whatever their sums,
    /// which says nothing true; stepped, every circle's area still shows its value, the legend
    /// says on which scale, and the steps are coarse enough that the scale rarely changes while
    /// the view does.
    ///
    /// ```
    /// use incident_map::RadiusScale;
    /// let scale = RadiusScale::fitted(100, 4.0, 36.0);
    /// assert_eq!(scale.stepped_to_fit(Some(300)), scale, "fits: unchanged");
    /// let stepped = scale.stepped_to_fit(Some(100_000));
    /// assert!(stepped.cluster_radius(Some(100_000)) <= RadiusScale::MAX_CLUSTER_RADIUS);
    /// assert!(stepped.cluster_radius(Some(100_000)) > RadiusScale::MAX_CLUSTER_RADIUS / 2f64.sqrt());
    /// assert_eq!(stepped.exact_radius(400.0), 2.0 * stepped.exact_radius(100.0), "area still shows the value");
    /// ```
    pub fn stepped_to_fit(&self, largest: Option<u64>) -> Self {
        let Some(largest) = largest else { return *self };
        let mut scale = *self;
        // At most 64 steps: a value of u64::MAX fits within the cap by then.
        for _ in 0..64 {
            if scale.exact_radius(largest as f64) <= Self::MAX_CLUSTER_RADIUS {
                break;
            }
            scale.px_per_sqrt_unit /= std::f64::consts::SQRT_2;
        }
        scale
    }

    /// The value whose circle has `radius` on this scale (the inverse of
    /// [`exact_radius`](Self::exact_radius)), rounded; for the size legend of a stepped scale.
    pub fn value_at(&self, radius: f64) -> u64 {
        if self.px_per_sqrt_unit <= 0.0 {
            return 0;
        }
        let value = (radius / self.px_per_sqrt_unit).powi(2).round();
        if value >= u64::MAX as f64 {
            u64::MAX
        } else {
            value as u64
        }
    }

    /// Round values for a size legend: up to three "nice" numbers (1, 1.5, 2, 3, 5, 7.5 × 10^n)
    /// spread from the largest value down, each drawn at its exact radius.
    ///
    /// ```
    /// use incident_map::RadiusScale;
    /// assert_eq!(RadiusScale::legend_values(182), vec![150, 30, 5]);
    /// assert_eq!(RadiusScale::legend_values(3), vec![3]);
    /// assert_eq!(RadiusScale::legend_values(0), Vec::<u32>::new());
    /// ```
    pub fn legend_values(max_value: u32) -> Vec<u32> {
        let mut values: Vec<u32> = Vec::new();
        for target in [f64::from(max_value), f64::from(max_value) / 5.0, f64::from(max_value) / 25.0] {
            let v = nice_floor(target);
            if v >= 1 && values.last().is_none_or(|&last| v < last) {
                values.push(v);
            }
        }
        values
    }

    /// The exact (unclamped) radius for a legend value.
    pub fn exact_radius(&self, value: f64) -> f64 {
        self.px_per_sqrt_unit * value.max(0.0).sqrt()
    }

    /// The smallest radius this scale draws.
    pub fn min_radius(&self) -> f64 {
        self.min_radius
    }
}

/// The largest of 1, 1.5, 2, 3, 5, 7.5 × 10^n not above `v` (0 below 1).
fn nice_floor(v: f64) -> u32 {
    if v < 1.0 {
        return 0;
    }
    let base = 10f64.powi(crate::geo::trig::log10(v).floor() as i32);
    let step = [7.5, 5.0, 3.0, 2.0, 1.5, 1.0].into_iter().find(|m| m * base <= v + 1e-9).unwrap_or(1.0);
    let nice = step * base;
    if nice < 1.5 && nice.fract() != 0.0 {
        1
    } else {
        nice.round() as u32
    }
}

/// An sRGB colour with alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity, 255 opaque.
    pub a: u8,
}

impl Color {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    /// The same colour with another opacity.
    pub const fn with_alpha(self, a: u8) -> Self {
        Self { a, ..self }
    }
}

impl fmt::Display for Color {
    /// CSS syntax, as the canvas takes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.a == 255 {
            write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
        } else {
            write!(f, "rgba({},{},{},{})", self.r, self.g, self.b, Fixed(f64::from(self.a) / 255.0, 3))
        }
    }
}

/// The colours of the map. Defaults are chosen for contrast on the light basemap.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// Everything outside the countries drawn (beyond the basemap's extent).
    pub background: Color,
    /// Afghanistan's land.
    pub land: Color,
    /// Neighbouring countries' land, muted.
    pub neighbour_land: Color,
    /// Country borders.
    pub border: Color,
    /// Province borders.
    pub province_border: Color,
    /// Rivers.
    pub river: Color,
    /// Place labels.
    pub label: Color,
    /// Province labels, quieter than places.
    pub province_label: Color,
    /// Halo behind labels.
    pub halo: Color,
    /// Marker fill.
    pub marker: Color,
    /// Marker outline.
    pub marker_outline: Color,
    /// Ring around the selected marker.
    pub selection: Color,
    /// Ring around the marker under the pointer.
    pub hover: Color,
    /// Ring around the marker the keyboard is on.
    pub focus: Color,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            background: Color::rgb(0xe9, 0xe7, 0xe2),
            land: Color::rgb(0xf7, 0xf4, 0xee),
            neighbour_land: Color::rgb(0xe9, 0xe7, 0xe2),
            border: Color::rgb(0x6b, 0x6b, 0x6b),
            province_border: Color::rgb(0xb5, 0xae, 0xa3),
            river: Color::rgb(0x8c, 0xb4, 0xd2),
            label: Color::rgb(0x26, 0x26, 0x26),
            province_label: Color::rgb(0x6a, 0x5f, 0x52),
            halo: Color::rgb(0xff, 0xff, 0xff).with_alpha(220),
            marker: Color::rgb(0xc6, 0x28, 0x28),
            marker_outline: Color::rgb(0x6d, 0x0f, 0x0f),
            selection: Color::rgb(0x11, 0x11, 0x11),
            hover: Color::rgb(0x1f, 0x4e, 0x9b),
            focus: Color::rgb(0x1f, 0x4e, 0x9b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_is_proportional_to_value() {
        let scale = RadiusScale::fitted(182, 1.0, 36.0);
        let area = |v| scale.radius(Some(v)).powi(2);
        let ratio = area(100) / area(25);
        assert!((ratio - 4.0).abs() < 1e-9, "{ratio}");
    }

    #[test]
    fn clamps_and_zero_max() {
        let scale = RadiusScale::fitted(0, 4.0, 36.0);
        assert_eq!(scale.radius(Some(0)), 4.0);
        assert_eq!(scale.radius(Some(1_000_000)), 36.0);
    }

    #[test]
    fn css_colours() {
        assert_eq!(Color::rgb(255, 0, 16).to_string(), "#ff0010");
        assert_eq!(Color::rgb(0, 0, 0).with_alpha(51).to_string(), "rgba(0,0,0,0.200)");
    }
}
