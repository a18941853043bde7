//! Where stamps go on a sheet. A stamp is one marker's look drawn once at device resolution; the
//! marker layer then copies it for every marker that looks the same (`web::canvas`). Why:
//! Chromium rasterises a 2D canvas in software here, paying for every antialiased edge. Three
//! levels into the benchmark's million incidents a screen holds about 800 small clusters, each a
//! fill, an outline and an inner ring: replayed on a canvas, 7.1-7.3 ms of rasterising (their
//! counts aside), against 2.7-4.3 ms as copies of stamps.
//!
//! This module is the bookkeeping, natively tested: what makes two stamps the same (a key in whole
//! quarter device pixels, so that radii a hair apart share a stamp) and where each goes on the
//! sheet (rows of stamps, left to right, top to bottom).

use crate::scene::{MarkerLook, Stroke};
use crate::symbols::Color;

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

/// A stamp's square on the sheet, in device pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stamp {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// The stamps on a sheet and the room left: rows filled left to right, each as high as its
/// tallest stamp. The caller clears a sheet that filled up once the paint that filled it is done
/// (what found no room then is drawn directly); a paint rarely needs more than a sheet holds, as
/// markers larger than [`MAX_STAMP_SIDE`] are drawn directly.
#[derive(Debug)]
pub struct StampSheet {
    width: f64,
    height: f64,
    /// A frame uses a few dozen looks: a list is as quick as a map, and smaller.
    stamps: Vec<(StampKey, Stamp)>,
    /// Where the next stamp goes in the current row, and that row's height.
    x: f64,
    y: f64,
    row: f64,
}

/// The largest stamp's width or height, in device pixels: past that a marker is drawn directly
/// (a view holds few such, and they would take the sheet's room from hundreds of small ones).
pub const MAX_STAMP_SIDE: f64 = 128.0;

impl StampSheet {
    /// An empty sheet of `width × height` device pixels.
    pub fn new(width: f64, height: f64) -> Self {
        Self { width, height, stamps: Vec::new(), x: 0.0, y: 0.0, row: 0.0 }
    }

    /// The stamp drawn for `key`, if any.
    pub fn get(&self, key: &StampKey) -> Option<Stamp> {
        self.stamps.iter().find(|(k, _)| k == key).map(|&(_, stamp)| stamp)
    }

    /// Room for a new stamp of `width × height` for `key`.
    pub fn place(&mut self, key: StampKey, width: f64, height: f64) -> Result<Stamp, Unplaced> {
        if width > MAX_STAMP_SIDE || height > MAX_STAMP_SIDE {
            return Err(Unplaced::TooLarge);
        }
        if self.x + width > self.width {
            (self.x, self.y, self.row) = (0.0, self.y + self.row, 0.0);
        }
        if self.y + height > self.height {
            return Err(Unplaced::Full);
        }
        // One pixel between stamps, so that no copy picks up a neighbour's antialiased edge.
        let stamp = Stamp { x: self.x, y: self.y, width, height };
        self.x += width + 1.0;
        self.row = self.row.max(height + 1.0);
        self.stamps.push((key, stamp));
        Ok(stamp)
    }

    /// Forgets every stamp: the caller clears the sheet's pixels.
    pub fn clear(&mut self) {
        *self = Self::new(self.width, self.height);
    }
}

/// Why a stamp found no room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unplaced {
    /// Larger than [`MAX_STAMP_SIDE`]: drawn directly.
    TooLarge,
    /// The sheet is full: clear it, or draw directly.
    Full,
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
    fn stamps_fill_rows_apart_and_a_full_sheet_takes_no_more_until_cleared() {
        let mut sheet = StampSheet::new(40.0, 30.0);
        let key = |n: u32| StampKey([n; 9]);
        let first = sheet.place(key(1), 18.0, 18.0).unwrap();
        let second = sheet.place(key(2), 10.0, 12.0).unwrap();
        assert_eq!((first.x, first.y, second.x, second.y), (0.0, 0.0, 19.0, 0.0));
        assert_eq!(sheet.place(key(3), 18.0, 18.0), Err(Unplaced::Full), "a new row would start at 19 and end past 30");
        let small = sheet.place(key(4), 8.0, 8.0).unwrap();
        assert_eq!((small.x, small.y), (0.0, 19.0), "the row after the tallest stamp and a pixel");
        assert_eq!(sheet.get(&key(2)), Some(second));
        assert_eq!(sheet.place(key(5), 129.0, 8.0), Err(Unplaced::TooLarge));
        sheet.clear();
        assert_eq!(sheet.get(&key(1)), None);
        assert_eq!(sheet.place(key(3), 18.0, 18.0).map(|s| (s.x, s.y)), Ok((0.0, 0.0)));
    }
}
