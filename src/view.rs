//! The viewport: what part of the world is on screen, at what size. Immutable: every change returns
//! a new `Viewport`, so a frame can never see a half-updated view.

use std::fmt;

use crate::float::clamp;
use crate::geo::{Bounds, LonLat, WorldPoint, TILE_SIZE};

/// A point in the map's CSS pixels, origin at the top-left corner.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ScreenPoint {
    /// Pixels from the left edge.
    pub x: f64,
    /// Pixels from the top edge.
    pub y: f64,
}

impl ScreenPoint {
    /// A point at `(x, y)`.
    pub fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    /// Euclidean distance to `other`, in pixels.
    pub fn distance(self, other: ScreenPoint) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// Space to keep clear on each side of the map, in CSS pixels.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Insets {
    /// From the top edge.
    pub top: f64,
    /// From the right edge.
    pub right: f64,
    /// From the bottom edge.
    pub bottom: f64,
    /// From the left edge.
    pub left: f64,
}

impl Insets {
    /// The same space on every side.
    pub fn uniform(v: f64) -> Self {
        Self { top: v, right: v, bottom: v, left: v }
    }
}

/// A rectangle in CSS pixels (a tile's place on screen, a control labels keep clear of).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ScreenRect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// A zoom level: `TILE_SIZE * 2^zoom` pixels span the world. Always within [`Zoom::MIN`]..=[`Zoom::MAX`].
///
/// ```
/// use incident_map::Zoom;
/// assert!(Zoom::try_from(12.5).is_ok());
/// assert!(Zoom::try_from(f64::NAN).is_err());
/// assert_eq!(Zoom::clamped(40.0).value(), Zoom::MAX);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Zoom(f64);

/// A zoom level outside the allowed range, or not a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ZoomError(pub f64);

impl fmt::Display for ZoomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "zoom must be a number from {} to {}, got {}", Zoom::MIN, Zoom::MAX, self.0)
    }
}

impl std::error::Error for ZoomError {}

impl Zoom {
    /// Whole-region view: a few thousand kilometres across.
    pub const MIN: f64 = 3.0;
    /// Street level: beyond it the data's precision is meaningless.
    pub const MAX: f64 = 18.0;

    /// The nearest allowed zoom (NaN becomes the minimum).
    pub fn clamped(z: f64) -> Self {
        Self(if z.is_nan() { Self::MIN } else { clamp(z, Self::MIN, Self::MAX) })
    }

    /// The zoom level.
    pub fn value(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Zoom {
    type Error = ZoomError;
    fn try_from(z: f64) -> Result<Self, ZoomError> {
        if (Self::MIN..=Self::MAX).contains(&z) {
            Ok(Self(z))
        } else {
            Err(ZoomError(z))
        }
    }
}

/// What is on screen: centre, zoom, size in CSS pixels and the device pixel ratio.
///
/// ```
/// use incident_map::{LonLat, Viewport, Zoom, ScreenPoint};
/// let kabul = LonLat::new(69.1723, 34.5281).unwrap();
/// let view = Viewport::new(kabul, Zoom::clamped(11.0), 800.0, 600.0, 2.0);
/// assert_eq!(view.project(kabul), ScreenPoint::new(400.0, 300.0));
/// let back = view.unproject(ScreenPoint::new(123.0, 456.0)).unwrap();
/// let again = view.project(back);
/// assert!((again.x - 123.0).abs() < 1e-6 && (again.y - 456.0).abs() < 1e-6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    center: WorldPoint,
    zoom: Zoom,
    /// Pixels spanned by the world at `zoom`, computed with it: every projected point uses it,
    /// and in the wasm build the power of two is a call to the browser's `Math`.
    world_size: f64,
    width: f64,
    height: f64,
    pixel_ratio: f64,
}

impl Viewport {
    /// A view centred on `center`. Negative or non-finite sizes count as zero; the pixel ratio
    /// falls back to 1 when it is not a positive number.
    pub fn new(center: LonLat, zoom: Zoom, width: f64, height: f64, pixel_ratio: f64) -> Self {
        let size = |v: f64| if v.is_finite() && v > 0.0 { v } else { 0.0 };
        let ratio = if pixel_ratio.is_finite() && pixel_ratio > 0.0 { pixel_ratio } else { 1.0 };
        Self {
            center: WorldPoint::from_lonlat(center),
            zoom,
            world_size: Self::world_size_at(zoom),
            width: size(width),
            height: size(height),
            pixel_ratio: ratio,
        }
    }

    /// The centre of the view.
    pub fn center(&self) -> LonLat {
        self.center.to_lonlat()
    }
    /// The zoom level.
    pub fn zoom(&self) -> Zoom {
        self.zoom
    }
    /// Width in CSS pixels.
    pub fn width(&self) -> f64 {
        self.width
    }
    /// Height in CSS pixels.
    pub fn height(&self) -> f64 {
        self.height
    }
    /// Device pixels per CSS pixel.
    pub fn pixel_ratio(&self) -> f64 {
        self.pixel_ratio
    }
    /// Whether the view has no area (a hidden or collapsed container).
    pub fn is_empty(&self) -> bool {
        self.width == 0.0 || self.height == 0.0
    }

    /// Pixels spanned by the whole world at this zoom.
    pub fn world_size(&self) -> f64 {
        self.world_size
    }

    fn world_size_at(zoom: Zoom) -> f64 {
        TILE_SIZE * crate::geo::trig::exp2(zoom.value())
    }

    /// Screen position of a projected point.
    pub fn world_to_screen(&self, p: WorldPoint) -> ScreenPoint {
        let s = self.world_size();
        ScreenPoint {
            x: (p.x - self.center.x) * s + self.width / 2.0,
            y: (p.y - self.center.y) * s + self.height / 2.0,
        }
    }

    /// Projected point under a screen position (not clamped to the world square).
    pub fn screen_to_world(&self, p: ScreenPoint) -> WorldPoint {
        let s = self.world_size();
        WorldPoint { x: self.center.x + (p.x - self.width / 2.0) / s, y: self.center.y + (p.y - self.height / 2.0) / s }
    }

    /// Screen position of a geographic position, in CSS pixels.
    pub fn project(&self, p: LonLat) -> ScreenPoint {
        self.world_to_screen(WorldPoint::from_lonlat(p))
    }

    /// Geographic position under a screen point; `None` for a zero-sized view, where no point is on screen.
    pub fn unproject(&self, p: ScreenPoint) -> Option<LonLat> {
        (!self.is_empty()).then(|| self.screen_to_world(p).to_lonlat())
    }

    /// The part of the world on screen, in projected coordinates: (top-left, bottom-right).
    pub fn world_extent(&self) -> (WorldPoint, WorldPoint) {
        (
            self.screen_to_world(ScreenPoint::new(0.0, 0.0)),
            self.screen_to_world(ScreenPoint::new(self.width, self.height)),
        )
    }

    /// The same view at another size (the centre stays put).
    pub fn with_size(self, width: f64, height: f64, pixel_ratio: f64) -> Self {
        Self::new(self.center(), self.zoom, width, height, pixel_ratio).with_world_center(self.center)
    }

    /// The same view centred elsewhere.
    pub fn with_center(self, center: LonLat) -> Self {
        self.with_world_center(WorldPoint::from_lonlat(center))
    }

    /// The same view at another zoom, about the centre.
    pub fn with_zoom(self, zoom: Zoom) -> Self {
        Self { zoom, world_size: Self::world_size_at(zoom), ..self }
    }

    fn with_world_center(self, c: WorldPoint) -> Self {
        Self { center: WorldPoint { x: clamp(c.x, 0.0, 1.0), y: clamp(c.y, 0.0, 1.0) }, ..self }
    }

    /// The view moved so that the map follows a drag of `(dx, dy)` CSS pixels.
    pub fn panned_by(self, dx: f64, dy: f64) -> Self {
        let s = self.world_size();
        self.with_world_center(WorldPoint { x: self.center.x - dx / s, y: self.center.y - dy / s })
    }

    /// The view zoomed to `zoom`, keeping the point under `anchor` fixed on screen.
    pub fn zoomed_about(self, anchor: ScreenPoint, zoom: Zoom) -> Self {
        let fixed = self.screen_to_world(anchor);
        let zoomed = self.with_zoom(zoom);
        let s = zoomed.world_size();
        zoomed.with_world_center(WorldPoint {
            x: fixed.x - (anchor.x - self.width / 2.0) / s,
            y: fixed.y - (anchor.y - self.height / 2.0) / s,
        })
    }

    /// The view that shows `bounds` whole, with `padding` CSS pixels on each side, as close as
    /// the zoom limits allow. A zero-sized view keeps its zoom and only moves its centre.
    pub fn fitted_to(self, bounds: Bounds, padding: f64) -> Self {
        self.fitted_within(bounds, Insets::uniform(padding))
    }

    /// Like [`fitted_to`](Self::fitted_to), keeping `insets` clear on each side (for example
    /// where a panel covers the map).
    ///
    /// ```
    /// use incident_map::{Bounds, Insets, LonLat, Viewport, Zoom};
    /// let kabul = Bounds::new(LonLat::new(69.10, 34.48).unwrap(), LonLat::new(69.22, 34.56).unwrap());
    /// let view = Viewport::new(kabul.south_west(), Zoom::clamped(5.0), 1000.0, 500.0, 1.0);
    /// let fitted = view.fitted_within(kabul, Insets { top: 20.0, right: 340.0, bottom: 20.0, left: 20.0 });
    /// let east = fitted.project(kabul.north_east());
    /// assert!(east.x <= 660.0 + 1e-6, "clear of a 340 px panel on the right: {east:?}");
    /// ```
    pub fn fitted_within(self, bounds: Bounds, insets: Insets) -> Self {
        let nw = WorldPoint::from_lonlat(LonLat::clamped(bounds.west(), bounds.north()));
        let se = WorldPoint::from_lonlat(LonLat::clamped(bounds.east(), bounds.south()));
        let avail_w = (self.width - insets.left - insets.right).max(1.0);
        let avail_h = (self.height - insets.top - insets.bottom).max(1.0);
        let span_x = (se.x - nw.x).max(1e-12);
        let span_y = (se.y - nw.y).max(1e-12);
        let zoom = if self.is_empty() {
            self.zoom
        } else {
            Zoom::clamped(crate::geo::trig::log2((avail_w / span_x).min(avail_h / span_y)) - TILE_SIZE.log2())
        };
        // Centre the box in the free area, then shift the view's centre by the insets' imbalance.
        let zoomed = self.with_zoom(zoom);
        let s = zoomed.world_size();
        let center = WorldPoint {
            x: (nw.x + se.x) / 2.0 + (insets.right - insets.left) / 2.0 / s,
            y: (nw.y + se.y) / 2.0 + (insets.bottom - insets.top) / 2.0 / s,
        };
        zoomed.with_world_center(center)
    }

    /// Metres on the ground per CSS pixel at the view's centre latitude.
    pub fn metres_per_pixel(&self) -> f64 {
        const EQUATOR_M: f64 = 40_075_016.686;
        EQUATOR_M * crate::geo::trig::cos(self.center().lat().to_radians()) / self.world_size()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kabul() -> LonLat {
        LonLat::new(69.1723, 34.5281).unwrap()
    }

    #[test]
    fn project_unproject_round_trip_everywhere_on_screen() {
        let view = Viewport::new(kabul(), Zoom::clamped(7.3), 640.0, 480.0, 1.5);
        for x in (0..=640).step_by(80) {
            for y in (0..=480).step_by(60) {
                let p = ScreenPoint::new(x as f64, y as f64);
                let q = view.project(view.unproject(p).unwrap());
                assert!(p.distance(q) < 1e-6, "{p:?} -> {q:?}");
            }
        }
    }

    #[test]
    fn zero_sized_view_has_no_points() {
        let view = Viewport::new(kabul(), Zoom::clamped(5.0), 0.0, 300.0, 1.0);
        assert_eq!(view.unproject(ScreenPoint::new(1.0, 1.0)), None);
    }

    #[test]
    fn zoom_about_keeps_the_anchor_fixed() {
        let view = Viewport::new(kabul(), Zoom::clamped(8.0), 800.0, 600.0, 1.0);
        let anchor = ScreenPoint::new(100.0, 500.0);
        let under = view.unproject(anchor).unwrap();
        let zoomed = view.zoomed_about(anchor, Zoom::clamped(10.5));
        assert!(zoomed.project(under).distance(anchor) < 1e-6);
        assert_eq!(zoomed.zoom().value(), 10.5);
    }

    #[test]
    fn pan_moves_the_map_with_the_pointer() {
        let view = Viewport::new(kabul(), Zoom::clamped(9.0), 800.0, 600.0, 1.0);
        let before = view.project(kabul());
        let after = view.panned_by(30.0, -20.0).project(kabul());
        assert!((after.x - before.x - 30.0).abs() < 1e-6 && (after.y - before.y + 20.0).abs() < 1e-6);
    }

    #[test]
    fn fit_shows_the_whole_box() {
        let view = Viewport::new(kabul(), Zoom::clamped(3.0), 800.0, 600.0, 1.0);
        let afg = Bounds::new(LonLat::new(60.5, 29.4).unwrap(), LonLat::new(74.9, 38.5).unwrap());
        let fitted = view.fitted_to(afg, 20.0);
        for corner in [afg.south_west(), afg.north_east()] {
            let p = fitted.project(corner);
            assert!((19.9..=780.1).contains(&p.x) && (19.9..=580.1).contains(&p.y), "{p:?}");
        }
        assert!(fitted.zoom().value() > 5.0 && fitted.zoom().value() < 6.5, "{:?}", fitted.zoom());
    }

    #[test]
    fn scale_is_right_at_kabul() {
        let view = Viewport::new(kabul(), Zoom::clamped(10.0), 800.0, 600.0, 1.0);
        // 152.87 m/px at the equator at zoom 10; cos(34.53°) = 0.8238.
        assert!((view.metres_per_pixel() - 125.9).abs() < 0.5, "{}", view.metres_per_pixel());
    }
}
