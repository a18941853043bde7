//! Stamps: one marker's look drawn once at device resolution (`crate::raster`), then blended
//! for every marker that looks the same into the picture of the marker layer, which the canvas
//! receives in bands of rows (`web::canvas`). Why: Chromium rasterises a 2D canvas in software here, paying
//! for every antialiased edge and every copied pixel. Three levels into the benchmark's million
//! incidents a screen holds about 800 small clusters, each a fill, an outline and an inner ring:
//! replayed on a canvas, 7.1-7.3 ms of rasterising (their counts aside), against 2.7-4.3 ms as
//! copies of stamps drawn on an off-screen canvas, and less again blended here (docs/BENCHMARK.md).
//!
//! This module is the bookkeeping, natively tested: what makes two stamps the same (a key in whole
//! quarter device pixels, so that radii a hair apart share a stamp), the stamps kept, and the
//! picture made from a layer's markers.

use crate::raster::{marker_pixels, Pixels};
use crate::scene::{DisplayList, DrawCommand, MarkerLook, Stroke};
use crate::symbols::Color;
use crate::view::ScreenPoint;

/// What a stamp shows, quantised: equal keys draw the same pixels. A marker's radius, fill,
/// outline colour, width and dash, ring colour and width, and the pixel ratio.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StampKey([u32; 9]);

/// A length (never negative) in whole quarter pixels, rounded (`as` saturates past `u32::MAX`).
fn quarters(v: f64) -> u32 {
    (v * 4.0 + 0.5) as u32
}

fn packed(c: Color) -> u32 {
    u32::from_be_bytes([c.r, c.g, c.b, c.a])
}

/// A marker's stamp: its key, the look it draws (the radius on whole quarter device pixels) and
/// the side of the square it takes, in device pixels (even, so that the centre falls on a pixel
/// corner, where every copy puts the marker's centre).
pub fn marker_stamp(look: &MarkerLook, ratio: f64) -> (StampKey, MarkerLook, f64) {
    let radius = f64::from(quarters(look.radius * ratio)) / 4.0 / ratio;
    let stroke = |s: Option<Stroke>| s.map_or([0, 0], |s| [packed(s.color), quarters(s.width * ratio)]);
    let [outline_color, outline_width] = stroke(Some(look.outline));
    let [ring_color, ring_width] = stroke(look.ring);
    let [dash_on, dash_off] =
        look.outline.dash.map_or([0, 0], |(on, off)| [quarters(on * ratio), quarters(off * ratio)]);
    let key = StampKey([
        quarters(radius * ratio),
        packed(look.fill),
        outline_color,
        outline_width,
        dash_on,
        dash_off,
        ring_color,
        ring_width,
        quarters(ratio),
    ]);
    // Half the outline reaches outside the radius, and one more pixel of antialiasing.
    let side = even((radius + look.outline.width / 2.0 + 1.0) * 2.0 * ratio);
    (key, MarkerLook { radius, ..*look }, side)
}

/// `v` rounded up to an even whole number.
fn even(v: f64) -> f64 {
    (v / 2.0).ceil() * 2.0
}

/// The stamps of the looks drawn lately. A frame uses a few dozen looks: a list is as quick
/// as a map, and smaller.
#[derive(Debug, Default)]
pub struct Stamps {
    looks: Vec<(StampKey, Pixels)>,
    bytes: usize,
}

impl Stamps {
    /// How many bytes of stamps are kept at most: past that they are forgotten, and drawn again
    /// as needed (a view of many categories and sizes on a dense screen; a theme change).
    pub const MAX_BYTES: usize = 4 << 20;

    /// Where the stamp of `look` at `ratio` is kept, drawn if it was not. It stays there until
    /// the next [`Stamps::trim`].
    pub fn find(&mut self, look: &MarkerLook, ratio: f64) -> usize {
        let (key, drawn, side) = marker_stamp(look, ratio);
        if let Some(at) = self.looks.iter().position(|(k, _)| *k == key) {
            return at;
        }
        let pixels = marker_pixels(&drawn, ratio, side as usize);
        self.bytes += pixels.bytes();
        self.looks.push((key, pixels));
        self.looks.len() - 1
    }

    /// The stamp kept at `at`.
    pub fn get(&self, at: usize) -> Option<&Pixels> {
        self.looks.get(at).map(|(_, pixels)| pixels)
    }

    /// Forgets every stamp if they hold more than [`Stamps::MAX_BYTES`]: before a paint, so that
    /// the places [`Stamps::find`] gives hold through it.
    pub fn trim(&mut self) {
        if self.bytes > Self::MAX_BYTES {
            *self = Self::default();
        }
    }

    /// How many stamps are kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.looks.len()
    }
}

/// Makes the marker layer's picture, in bands of rows where it is large: the whole of a padded
/// view on a dense screen would be tens of megabytes of module memory, which the module never
/// gives back. A screen's picture on a desktop is one band: each band is one more call to put
/// it on the canvas, and three bands a frame cost a zoom into Kabul at 100k 1.3 ms more (14.2
/// against 12.9 ms, main-thread p50, three rounds alternated).
///
/// The stamps, where the markers go and the band's pixels are kept from frame to frame, so that
/// a frame allocates nothing large.
#[derive(Debug, Default)]
pub struct Composer {
    stamps: Stamps,
    /// Each marker placed: its stamp, and its stamp's top-left in the bitmap's device pixels.
    placed: Vec<(usize, i64, i64)>,
    band: Pixels,
}

impl Composer {
    /// How many bytes a band holds at most: a desktop screen's picture (1,920 × 500 device
    /// pixels), a padded one in two or three bands.
    pub const BAND_BYTES: u32 = 4 << 20;

    /// How many rows a band of a picture `width` device pixels wide and `height` high holds.
    pub fn band_rows(width: u32, height: u32) -> u32 {
        (Self::BAND_BYTES / width.max(1) / 4).clamp(1, height.max(1))
    }

    /// Places the markers of `list` for a bitmap whose top-left is at `corner` (CSS pixels) at
    /// `ratio` device pixels each: every marker up to the first command of another kind, with its
    /// stamp's centre on the device pixel corner nearest its place (at most half a device pixel
    /// off). Returns how many commands it took: the caller draws the rest over the picture (the
    /// clusters' counts).
    pub fn place(&mut self, list: &DisplayList, ratio: f64, corner: ScreenPoint) -> usize {
        self.stamps.trim();
        self.placed.clear();
        for command in &list.commands {
            let DrawCommand::Marker { at, look } = command else { break };
            let stamp = self.stamps.find(look, ratio);
            let Some(pixels) = self.stamps.get(stamp) else { break };
            let left = ((at.x - corner.x) * ratio - pixels.width() as f64 / 2.0).round();
            let top = ((at.y - corner.y) * ratio - pixels.height() as f64 / 2.0).round();
            self.placed.push((stamp, left as i64, top as i64));
        }
        self.placed.len()
    }

    /// The picture's rows `top` to `top + rows` (of a bitmap `width` device pixels wide), the
    /// placed markers blended in, in order.
    pub fn band(&mut self, width: u32, top: u32, rows: u32) -> &Pixels {
        self.band.clear(width as usize, rows as usize);
        let (first, end) = (i64::from(top), i64::from(top) + i64::from(rows));
        for &(stamp, left, stamp_top) in &self.placed {
            let Some(pixels) = self.stamps.get(stamp) else { continue };
            if stamp_top < end && stamp_top + pixels.height() as i64 > first {
                self.band.blend(pixels, left, stamp_top - first);
            }
        }
        &self.band
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(radius: f64, ring: bool) -> MarkerLook {
        let outline = Stroke::solid(Color::rgb(40, 40, 40), 1.0);
        let ring = ring.then(|| Stroke::solid(Color::rgb(255, 255, 255), 1.5));
        MarkerLook { radius, fill: Color::rgb(200, 30, 30).with_alpha(180), outline, ring }
    }

    #[test]
    fn radii_a_hair_apart_share_a_stamp_and_the_ring_and_ratio_tell_stamps_apart() {
        let (a, drawn, side) = marker_stamp(&look(7.01, true), 1.0);
        let (b, _, _) = marker_stamp(&look(7.05, true), 1.0);
        assert_eq!(a, b);
        assert_eq!(drawn.radius, 7.0, "the stamp draws the radius on whole quarter pixels");
        assert_eq!(side, 18.0, "radius 7, half the outline, a pixel of antialiasing, each way: 17, made even");
        assert_ne!(a, marker_stamp(&look(7.2, true), 1.0).0);
        assert_ne!(a, marker_stamp(&look(7.0, false), 1.0).0);
        let (dense, drawn, side) = marker_stamp(&look(7.0, true), 2.0);
        assert_ne!(a, dense);
        assert_eq!((drawn.radius, side), (7.0, 34.0), "device pixels on a dense screen");
        let mut dashed = look(7.0, true);
        dashed.outline.dash = Some((3.0, 2.0));
        assert_ne!(a, marker_stamp(&dashed, 1.0).0);
    }

    #[test]
    fn a_look_is_drawn_once_and_the_stamps_kept_are_bounded() {
        let mut stamps = Stamps::default();
        let first = stamps.find(&look(7.0, true), 1.0);
        let pixels = stamps.get(first).unwrap();
        assert_eq!((pixels.width(), pixels.height()), (18, 18));
        assert_eq!(stamps.find(&look(7.04, true), 1.0), first, "a hair apart: the same stamp");
        assert_eq!(stamps.len(), 1);
        stamps.find(&look(7.0, true), 2.0);
        assert_eq!(stamps.len(), 2, "another ratio, another stamp");
        // Large stamps on a dense screen (190 to 430 px a side): 4 MB holds a dozen or so. A
        // paint keeps what it finds; the next starts over past the bound.
        for n in 0..40 {
            stamps.find(&look(30.0 + f64::from(n), false), 3.0);
        }
        assert_eq!(stamps.len(), 42);
        stamps.trim();
        assert_eq!((stamps.len(), stamps.bytes), (0, 0));
        stamps.find(&look(7.0, true), 1.0);
        stamps.trim();
        assert_eq!(stamps.len(), 1, "under the bound: kept");
    }

    #[test]
    fn the_picture_holds_each_marker_centred_on_its_place_and_leaves_the_counts_to_the_canvas() {
        let marker = |x: f64, y: f64| DrawCommand::Marker { at: ScreenPoint::new(x, y), look: look(7.0, true) };
        let text = DrawCommand::Text {
            at: ScreenPoint::new(20.0, 20.0),
            text: "12".into(),
            size: 11.0,
            bold: true,
            color: Color::rgb(0, 0, 0),
            halo: None,
            anchor: crate::scene::TextAnchor::Center,
        };
        let list =
            DisplayList { commands: vec![marker(20.0, 20.0), marker(50.5, 10.0), text.clone(), marker(5.0, 5.0)] };
        let mut composer = Composer::default();
        // The bitmap's top-left at (10, 0) CSS px, on a dense screen.
        let taken = composer.place(&list, 2.0, ScreenPoint::new(10.0, 0.0));
        assert_eq!(taken, 2, "the markers before the count; what follows is the canvas's to draw");
        let whole = composer.band(100, 0, 60).clone();
        // In bands of 25 rows (the last 10), the same pixels.
        assert_eq!(Composer::band_rows(100, 60), 60, "a small picture is one band");
        assert_eq!(Composer::band_rows(1472, 1112), 712, "a padded desktop view: two bands");
        assert_eq!(Composer::band_rows(1682, 2612), 623, "a padded phone view at 3x: five");
        assert_eq!(Composer::band_rows(2_000_000, 10), 1, "a row at least");
        let mut banded = Vec::new();
        for (top, rows) in [(0, 25), (25, 25), (50, 10)] {
            banded.extend_from_slice(composer.band(100, top, rows).data());
        }
        assert_eq!(banded, whole.data(), "bands make the same picture");
        let picture = &whole;
        assert_eq!((picture.width(), picture.height()), (100, 60));
        let alpha = |x: usize, y: usize| picture.pixel(x, y).unwrap()[3];
        // The first marker's centre is at device (20, 40): its middle four pixels are the fill.
        for (x, y) in [(19, 39), (20, 39), (19, 40), (20, 40)] {
            assert_eq!(picture.pixel(x, y), Some([200, 30, 30, 180]));
        }
        // 7 CSS px and half the outline reach 15 device px each way: symmetric about the corner.
        assert!(alpha(20 + 14, 40) > 0 && alpha(20 + 15, 40) == 0 && alpha(19 - 14, 40) > 0 && alpha(19 - 15, 40) == 0);
        // The second at device (81, 20), rounded to the corner (81 or 82): inked about there.
        assert!(alpha(81, 20) > 0 && alpha(81, 20 + 16) == 0);
        // The marker after the count, at device (-10, 10), would ink the left edge about (0, 10).
        assert_eq!(alpha(0, 10), 0, "the marker after the count was not drawn here");
        let again = composer.place(&DisplayList { commands: vec![text] }, 1.0, ScreenPoint::new(0.0, 0.0));
        assert_eq!(again, 0);
        assert_eq!(composer.band(8, 0, 4).data(), &[0; 8 * 4 * 4], "a new picture starts clear");
    }
}
