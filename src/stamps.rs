//! Stamps: one marker's look drawn once at device resolution (`crate::raster`), then blended
//! for every marker that looks the same into the picture of the marker layer, which the canvas
//! receives in bands of rows (`web::canvas`). Why: Chromium rasterises a 2D canvas in software here, paying
//! for every antialiased edge and every copied pixel. Three levels into the benchmark's million
//! incidents a screen holds about 800 small clusters, each a fill, an outline and an inner ring:
//! replayed on a canvas, 7.1-7.3 ms of rasterising (their counts aside), against 2.7-4.3 ms as
//! copies of stamps drawn on an off-screen canvas, and less again blended here (docs/BENCHMARK.md).
//!
//! The clusters' counts go into the same picture, from the ten digits drawn once per style by a
//! canvas (`web::digits`) and blended here: written by the canvas as text, some 620 counts cost
//! the densest notch of the benchmark's three-level zoom at 1M about 5 of its 12 ms.
//!
//! This module is the bookkeeping, natively tested: what makes two stamps the same (a key in whole
//! quarter device pixels, so that radii a hair apart share a stamp), the stamps and digits kept,
//! and the picture made from a layer's markers and counts.

use crate::raster::{marker_pixels, Pixels};
use crate::scene::{DisplayList, DrawCommand, MarkerLook, Stroke, TextAnchor};
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

/// How a cluster's count is written: the text's size (CSS pixels) and weight, its colour and its
/// halo's, at a pixel ratio. The canvas draws the ten digits once in each style
/// ([`Composer::place`] asks for them); the module has no fonts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DigitStyle {
    /// Font size, in CSS pixels.
    pub size: f64,
    /// Bold or regular.
    pub bold: bool,
    /// The glyphs' colour.
    pub color: Color,
    /// The halo's colour, stroked 3 CSS pixels wide round the glyphs.
    pub halo: Color,
    /// Device pixels per CSS pixel.
    pub ratio: f64,
}

/// A digit's halo or its glyph as the canvas drew it: the inked pixels, and their top-left
/// from the pen (the left end of the text's middle line), in device pixels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GlyphPart {
    /// The pixels, straight RGBA.
    pub pixels: Pixels,
    /// Columns from the pen to the pixels' left edge.
    pub left: i64,
    /// Rows from the pen to the pixels' top edge.
    pub top: i64,
}

/// One digit in one [`DigitStyle`]: its halo, its glyph, and how far it moves the pen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Digit {
    /// The halo, blended under every glyph of the count (the canvas strokes the whole text
    /// before it fills it).
    pub halo: GlyphPart,
    /// The glyph.
    pub glyph: GlyphPart,
    /// The advance, in CSS pixels.
    pub advance: f64,
}

/// Digit styles kept: a view uses two (the large and the small count); a theme change or a
/// move to a screen of another density adds two more.
const DIGIT_STYLES_KEPT: usize = 8;

/// What a placed sprite is: a marker's stamp, or a digit's halo or glyph (the style's place among
/// the kept styles, and the digit).
#[derive(Clone, Copy, Debug)]
enum Sprite {
    Stamp(usize),
    Halo(usize, usize),
    Glyph(usize, usize),
}

/// Makes the marker layer's picture: the markers, and the clusters' counts over them, in bands of
/// rows where it is large. A count written by the canvas costs its text's shaping and
/// rasterising at every frame: at the densest notch of the benchmark's three-level zoom at 1M
/// (some 620 counts) 12.0 ms a frame with the counts, 6.8 without, 9.8 blended from digits
/// (main-thread p50, four rounds alternated, docs/BENCHMARK.md).
///
/// Bands: the whole of a padded view on a dense screen would be tens of megabytes of module
/// memory, which the module never gives back. A screen's picture on a desktop is one band: each
/// band is one more call to put it on the canvas, and three bands a frame cost a zoom into Kabul
/// at 100k 1.3 ms more (14.2 against 12.9 ms, main-thread p50, three rounds alternated).
///
/// The stamps, the digits, where the sprites go and the band's pixels are kept from frame to
/// frame, so that a frame allocates nothing large.
#[derive(Debug, Default)]
pub struct Composer {
    stamps: Stamps,
    /// The ten digits of each style counts were written in lately.
    digits: Vec<(DigitStyle, Vec<Digit>)>,
    /// Each sprite placed, in order, with its top-left in the bitmap's device pixels.
    placed: Vec<(Sprite, i64, i64)>,
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

    /// Places the commands of `list` for a bitmap whose top-left is at `corner` (CSS pixels) at
    /// `ratio` device pixels each, from the first up to one it cannot make: markers, each with
    /// its stamp's centre on the device pixel corner nearest its place (at most half a device
    /// pixel off), and counts (digits centred on their place, with a halo), whose digits
    /// `draw_digits` gives in a style not seen lately (ten, or `None`: the canvas writes the
    /// counts). Returns how many commands it took: the caller draws the rest over the picture.
    pub fn place(
        &mut self,
        list: &DisplayList,
        ratio: f64,
        corner: ScreenPoint,
        draw_digits: &mut dyn FnMut(&DigitStyle) -> Option<Vec<Digit>>,
    ) -> usize {
        self.stamps.trim();
        if self.digits.len() > DIGIT_STYLES_KEPT {
            self.digits.clear();
        }
        self.placed.clear();
        let mut taken = 0;
        for command in &list.commands {
            let placed = match command {
                DrawCommand::Marker { at, look } => self.place_marker(*at, look, ratio, corner),
                DrawCommand::Text { at, text, size, bold, color, halo: Some(halo), anchor: TextAnchor::Center }
                    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    let style = DigitStyle { size: *size, bold: *bold, color: *color, halo: *halo, ratio };
                    self.place_count(*at, text, style, corner, draw_digits)
                }
                _ => false,
            };
            if !placed {
                break;
            }
            taken += 1;
        }
        taken
    }

    fn place_marker(&mut self, at: ScreenPoint, look: &MarkerLook, ratio: f64, corner: ScreenPoint) -> bool {
        let stamp = self.stamps.find(look, ratio);
        let Some(pixels) = self.stamps.get(stamp) else { return false };
        let left = ((at.x - corner.x) * ratio - pixels.width() as f64 / 2.0).round();
        let top = ((at.y - corner.y) * ratio - pixels.height() as f64 / 2.0).round();
        self.placed.push((Sprite::Stamp(stamp), left as i64, top as i64));
        true
    }

    /// Places a count's halos, then its glyphs, the text centred on `at`.
    fn place_count(
        &mut self,
        at: ScreenPoint,
        text: &str,
        style: DigitStyle,
        corner: ScreenPoint,
        draw_digits: &mut dyn FnMut(&DigitStyle) -> Option<Vec<Digit>>,
    ) -> bool {
        let kept = match self.digits.iter().position(|(s, _)| *s == style) {
            Some(kept) => kept,
            None => match draw_digits(&style) {
                Some(digits) if digits.len() == 10 => {
                    self.digits.push((style, digits));
                    self.digits.len() - 1
                }
                _ => return false,
            },
        };
        let digits = &self.digits[kept].1;
        let digit = |b: u8| usize::from(b - b'0');
        let width: f64 = text.bytes().map(|b| digits[digit(b)].advance).sum();
        let pen_y = ((at.y - corner.y) * style.ratio).round() as i64;
        let start = (at.x - corner.x - width / 2.0) * style.ratio;
        for halos in [true, false] {
            let mut pen = start;
            for b in text.bytes() {
                let d = &digits[digit(b)];
                let (part, sprite) = if halos {
                    (&d.halo, Sprite::Halo(kept, digit(b)))
                } else {
                    (&d.glyph, Sprite::Glyph(kept, digit(b)))
                };
                self.placed.push((sprite, pen.round() as i64 + part.left, pen_y + part.top));
                pen += d.advance * style.ratio;
            }
        }
        true
    }

    /// The picture's rows `top` to `top + rows` (of a bitmap `width` device pixels wide), the
    /// placed sprites blended in, in order.
    pub fn band(&mut self, width: u32, top: u32, rows: u32) -> &Pixels {
        let Self { stamps, digits, placed, band } = self;
        band.clear(width as usize, rows as usize);
        let (first, end) = (i64::from(top), i64::from(top) + i64::from(rows));
        for &(sprite, left, sprite_top) in placed.iter() {
            let pixels = match sprite {
                Sprite::Stamp(stamp) => stamps.get(stamp),
                Sprite::Halo(style, d) => digits.get(style).and_then(|(_, ds)| ds.get(d)).map(|d| &d.halo.pixels),
                Sprite::Glyph(style, d) => digits.get(style).and_then(|(_, ds)| ds.get(d)).map(|d| &d.glyph.pixels),
            };
            let Some(pixels) = pixels else { continue };
            if sprite_top < end && sprite_top + pixels.height() as i64 > first {
                band.blend(pixels, left, sprite_top - first);
            }
        }
        band
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
    fn the_picture_holds_each_marker_centred_on_its_place_and_leaves_other_text_to_the_canvas() {
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
        let taken = composer.place(&list, 2.0, ScreenPoint::new(10.0, 0.0), &mut |_| None);
        assert_eq!(
            taken, 2,
            "the markers before the text (no halo: not a count); what follows is the canvas's to draw"
        );
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
        let again =
            composer.place(&DisplayList { commands: vec![text] }, 1.0, ScreenPoint::new(0.0, 0.0), &mut |_| None);
        assert_eq!(again, 0);
        assert_eq!(composer.band(8, 0, 4).data(), &[0; 8 * 4 * 4], "a new picture starts clear");
    }

    /// Digits for tests: digit `d` is a glyph of `d + 1` opaque black columns, 3 rows high, with
    /// a one-pixel white halo round it; each advances `d + 2` CSS pixels.
    fn test_digits(style: &DigitStyle) -> Vec<Digit> {
        let part = |width: usize, height: usize, rgba: [u8; 4], offset: i64| GlyphPart {
            pixels: Pixels::from_rgba(width, height, rgba.repeat(width * height)).unwrap(),
            left: offset,
            top: offset - 1,
        };
        assert_eq!(style.ratio, 1.0);
        (0..10)
            .map(|d| Digit {
                halo: part(d + 3, 5, [255, 255, 255, 255], -1),
                glyph: part(d + 1, 3, [0, 0, 0, 255], 0),
                advance: d as f64 + 2.0,
            })
            .collect()
    }

    #[test]
    fn a_count_is_its_halos_then_its_glyphs_centred_on_its_place_in_digits_drawn_once_a_style() {
        let count = |x: f64, text: &str, bold: bool| DrawCommand::Text {
            at: ScreenPoint::new(x, 10.0),
            text: text.into(),
            size: 11.0,
            bold,
            color: Color::rgb(0, 0, 0),
            halo: Some(Color::rgb(255, 255, 255)),
            anchor: crate::scene::TextAnchor::Center,
        };
        let marker = DrawCommand::Marker { at: ScreenPoint::new(20.0, 10.0), look: look(7.0, true) };
        let label = DrawCommand::Text {
            at: ScreenPoint::new(5.0, 5.0),
            text: "Kabul".into(),
            size: 11.0,
            bold: false,
            color: Color::rgb(0, 0, 0),
            halo: Some(Color::rgb(255, 255, 255)),
            anchor: crate::scene::TextAnchor::Center,
        };
        let list = DisplayList { commands: vec![marker, count(20.0, "10", true), count(40.0, "1", true), label] };
        let asked = std::cell::Cell::new(0);
        let mut composer = Composer::default();
        let mut draw = |style: &DigitStyle| {
            asked.set(asked.get() + 1);
            Some(test_digits(style))
        };
        let taken = composer.place(&list, 1.0, ScreenPoint::new(0.0, 0.0), &mut draw);
        assert_eq!(taken, 3, "the marker and the two counts; a word is the canvas's to write");
        assert_eq!(asked.get(), 1, "the digits of one style are drawn once");
        let picture = composer.band(60, 0, 20).clone();
        let px = |x: usize, y: usize| picture.pixel(x, y).unwrap();
        // "10": advances 3 + 2 = 5, so the pen starts at 20 - 2.5 = 17.5, rounded to 18 for
        // the "1" (two columns, 18-19) and 21 for the "0" (one column, 21). Rows 9 to 11.
        for x in [18, 19, 21] {
            assert_eq!(px(x, 10), [0, 0, 0, 255], "glyph column {x}");
        }
        // The "0"'s halo (columns 20-22) comes before both glyphs: it does not cover the "1".
        assert_eq!(px(20, 10), [255, 255, 255, 255], "between the glyphs: halo");
        assert_eq!(px(19, 8), [255, 255, 255, 255], "above a glyph: its halo");
        // The marker's fill shows past the halos (its centre's pixels at 19-20, 9-10 are under
        // the count): 7 px left of the centre.
        assert_eq!(px(14, 10), [200, 30, 30, 180]);
        // "1" alone at 40: advance 3, pen at 38.5 → 39 (rounded half away from zero): columns 39-40.
        assert_eq!((px(39, 10), px(40, 10), px(41, 10)), ([0, 0, 0, 255], [0, 0, 0, 255], [255, 255, 255, 255]));
        // Another style (regular weight) asks again; one the canvas cannot draw leaves the rest.
        let list = DisplayList { commands: vec![count(20.0, "7", false), count(30.0, "7", true)] };
        assert_eq!(composer.place(&list, 1.0, ScreenPoint::new(0.0, 0.0), &mut |_| None), 0);
        assert_eq!(composer.place(&list, 1.0, ScreenPoint::new(0.0, 0.0), &mut draw), 2);
        assert_eq!(asked.get(), 2);
    }
}
