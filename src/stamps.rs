//! Stamps: one marker's look drawn once at device resolution (`crate::raster`), then blended
//! for every marker that looks the same into the picture of the marker layer, which the canvas
//! receives whole (`web::canvas`). Why: Chromium rasterises a 2D canvas in software here, paying
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

    /// The stamp of `look` at `ratio`, drawn if not kept.
    pub fn stamp(&mut self, look: &MarkerLook, ratio: f64) -> &Pixels {
        let (key, drawn, side) = marker_stamp(look, ratio);
        let at = match self.looks.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                let pixels = marker_pixels(&drawn, ratio, side as usize);
                if self.bytes + pixels.bytes() > Self::MAX_BYTES {
                    *self = Self::default();
                }
                self.bytes += pixels.bytes();
                self.looks.push((key, pixels));
                self.looks.len() - 1
            }
        };
        &self.looks[at].1
    }

    /// How many stamps are kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.looks.len()
    }
}

/// Makes the marker layer's picture: its stamps, and the picture's pixels, kept from frame to
/// frame so that a frame allocates nothing large.
#[derive(Debug, Default)]
pub struct Composer {
    stamps: Stamps,
    picture: Pixels,
}

impl Composer {
    /// Makes the picture of `list` for a bitmap of `width × height` device pixels whose top-left
    /// is at `corner` (CSS pixels) at `ratio` device pixels each: every marker up to the first
    /// command of another kind, blended from its stamp with its centre on the device pixel corner
    /// nearest its place (at most half a device pixel off). Returns how many commands it took:
    /// the caller draws the rest over the picture (the clusters' counts).
    pub fn compose(&mut self, list: &DisplayList, ratio: f64, corner: ScreenPoint, width: u32, height: u32) -> usize {
        self.picture.clear(width as usize, height as usize);
        let mut taken = 0;
        for command in &list.commands {
            let DrawCommand::Marker { at, look } = command else { break };
            let stamp = self.stamps.stamp(look, ratio);
            let left = ((at.x - corner.x) * ratio - stamp.width() as f64 / 2.0).round();
            let top = ((at.y - corner.y) * ratio - stamp.height() as f64 / 2.0).round();
            self.picture.blend(stamp, left as i64, top as i64);
            taken += 1;
        }
        taken
    }

    /// The picture last made.
    pub fn picture(&self) -> &Pixels {
        &self.picture
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
        let first = stamps.stamp(&look(7.0, true), 1.0).clone();
        assert_eq!((first.width(), first.height()), (18, 18));
        assert_eq!(stamps.stamp(&look(7.04, true), 1.0), &first, "a hair apart: the same stamp");
        assert_eq!(stamps.len(), 1);
        stamps.stamp(&look(7.0, true), 2.0);
        assert_eq!(stamps.len(), 2, "another ratio, another stamp");
        // Large stamps on a dense screen (190 to 430 px a side): 4 MB holds a dozen or so, then
        // they start over.
        for n in 0..40 {
            stamps.stamp(&look(30.0 + f64::from(n), false), 3.0);
            assert!(stamps.bytes <= Stamps::MAX_BYTES);
        }
        assert!(stamps.len() < 20);
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
        let taken = composer.compose(&list, 2.0, ScreenPoint::new(10.0, 0.0), 100, 60);
        assert_eq!(taken, 2, "the markers before the count; what follows is the canvas's to draw");
        let picture = composer.picture();
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
        let again = composer.compose(&DisplayList { commands: vec![text] }, 1.0, ScreenPoint::new(0.0, 0.0), 8, 4);
        assert_eq!(again, 0);
        assert_eq!(composer.picture().data(), &[0; 8 * 4 * 4], "a new picture starts clear");
    }
}
