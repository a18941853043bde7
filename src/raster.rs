//! The marker layer's pixels, made in the module rather than by the canvas. Chromium renders a
//! 2D canvas in software here, and every copy of a stamp (`drawImage`) cost about 26 ns a pixel
//! at the frame's commit: 320 stamps of 28 px, 6.5 ms a frame, where one `putImageData` of the
//! whole layer cost no more than clearing it (page-level measurement, 1100 × 700 canvas, see
//! docs/BENCHMARK.md). So each marker look is drawn here once, at device resolution, as a sprite,
//! and every marker of a frame is blended from its sprite into one picture, handed to the canvas
//! in bands of rows (`putImageData`); the counts are written on it by the canvas after.
//!
//! Pixels are straight (not premultiplied) RGBA, row by row, as `ImageData` holds them.

use crate::scene::{MarkerLook, Stroke};
use crate::symbols::Color;

/// A rectangle of straight RGBA pixels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pixels {
    width: usize,
    height: usize,
    data: Vec<u8>,
    /// The rows blended into since the picture was cleared, `[first, end)`: all that a clear at
    /// the same size has to wipe (a sparse view's markers take a band of the screen).
    inked: (usize, usize),
}

impl Pixels {
    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.height
    }

    /// The pixels, four bytes each (red, green, blue, opacity), row by row.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.data.len()
    }

    /// A picture `width × height` of straight RGBA bytes, row by row (`None` if there are not
    /// exactly that many).
    pub fn from_rgba(width: usize, height: usize, data: Vec<u8>) -> Option<Pixels> {
        (data.len() == width * height * 4).then_some(Pixels { width, height, data, inked: (0, height) })
    }

    /// The smallest rectangle holding every pixel that is not transparent, and its top-left
    /// here (`None`: nothing is): what a sprite needs to keep, so that blending it reads no
    /// blank margin.
    pub fn inked_part(&self) -> Option<(Pixels, usize, usize)> {
        // (left, top, right, bottom), inclusive.
        let mut inked: Option<(usize, usize, usize, usize)> = None;
        for (at, pixel) in self.data.chunks_exact(4).enumerate() {
            if pixel[3] != 0 {
                let (x, y) = (at % self.width, at / self.width);
                let (l, t, r, b) = inked.unwrap_or((x, y, x, y));
                inked = Some((l.min(x), t.min(y), r.max(x), b.max(y)));
            }
        }
        let (left, top, right, bottom) = inked?;
        let width = right + 1 - left;
        let mut data = Vec::with_capacity(width * (bottom + 1 - top) * 4);
        for y in top..=bottom {
            let from = (y * self.width + left) * 4;
            data.extend_from_slice(&self.data[from..from + width * 4]);
        }
        Some((Pixels::from_rgba(width, bottom + 1 - top, data)?, left, top))
    }

    /// Makes transparent every pixel that `cover` (a picture of the same size) has opaque: what
    /// it will be blended under and never show.
    pub fn clear_under(&mut self, cover: &Pixels) {
        for (pixel, over) in self.data.chunks_exact_mut(4).zip(cover.data.chunks_exact(4)) {
            if over[3] == 255 {
                pixel[3] = 0;
            }
        }
    }

    /// Makes the picture `width × height`, every pixel transparent. The buffer is kept: a frame
    /// allocates nothing once the largest picture has been made.
    pub fn clear(&mut self, width: usize, height: usize) {
        let row = width * 4;
        let same = (width, height) == (self.width, self.height);
        (self.width, self.height) = (width, height);
        let inked = std::mem::replace(&mut self.inked, (height, 0));
        self.data.truncate(row * height);
        // At a new size every pixel kept moves: all are wiped, and new ones come in blank.
        let (first, end) = if same { (inked.0 * row, inked.1 * row) } else { (0, self.data.len()) };
        if let Some(pixels) = self.data.get_mut(first..end) {
            pixels.fill(0);
        }
        self.data.resize(row * height, 0);
    }

    /// The pixel at (`x`, `y`), if inside.
    #[cfg(test)]
    pub fn pixel(&self, x: usize, y: usize) -> Option<[u8; 4]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let at = (y * self.width + x) * 4;
        Some([self.data[at], self.data[at + 1], self.data[at + 2], self.data[at + 3]])
    }

    /// Blends `sprite` over the picture with its top-left at (`left`, `top`) (source over, as the
    /// canvas draws); what falls outside the picture is left out.
    pub fn blend(&mut self, sprite: &Pixels, left: i64, top: i64) {
        let clip = |at: i64, len: usize, room: usize| -> (usize, usize, usize) {
            // (first column of the sprite, first of the picture, how many)
            let skip = (-at).max(0) as usize;
            let start = at.max(0) as usize;
            let end = (at + len as i64).clamp(0, room as i64) as usize;
            (skip, start, end.saturating_sub(start))
        };
        let (sx, dx, columns) = clip(left, sprite.width, self.width);
        let (sy, dy, rows) = clip(top, sprite.height, self.height);
        if columns == 0 || rows == 0 {
            return;
        }
        self.inked = (self.inked.0.min(dy), self.inked.1.max(dy + rows));
        for row in 0..rows {
            let from = ((sy + row) * sprite.width + sx) * 4;
            let to = ((dy + row) * self.width + dx) * 4;
            let source = sprite.data[from..from + columns * 4].chunks_exact(4);
            let target = self.data[to..to + columns * 4].chunks_exact_mut(4);
            for (s, d) in source.zip(target) {
                // Whole pixels, so that a copy is one 4-byte move rather than a call.
                if let (Ok(s), Ok(d)) = (<&[u8; 4]>::try_from(s), <&mut [u8; 4]>::try_from(d)) {
                    over(s, d);
                }
            }
        }
    }
}

/// `source` over `target`, straight alpha, in place.
fn over(source: &[u8; 4], target: &mut [u8; 4]) {
    let (sa, da) = (source[3], target[3]);
    if sa == 0 {
        return;
    }
    // Most of a frame's pixels fall on transparent ones, or are opaque: copies.
    if sa == 255 || da == 0 {
        *target = *source;
        return;
    }
    let s = f32::from(sa) / 255.0;
    let kept = f32::from(da) / 255.0 * (1.0 - s);
    let a = s + kept;
    for c in 0..3 {
        target[c] = to_byte((f32::from(source[c]) * s + f32::from(target[c]) * kept) / a);
    }
    target[3] = to_byte(a * 255.0);
}

/// A channel value rounded into a byte (`as` saturates).
fn to_byte(v: f32) -> u8 {
    (v + 0.5) as u8
}

/// A marker drawn as the canvas draws it (`web::canvas`: its disc filled, its outline stroked over
/// the edge, a cluster's inner ring stroked last), centred on the corner between the middle four
/// pixels of a `side × side` square, at `ratio` device pixels per CSS pixel. Edges are
/// antialiased by the share of each pixel the shape covers, across the edge.
pub fn marker_pixels(look: &MarkerLook, ratio: f64, side: usize) -> Pixels {
    let mut pixels = Pixels::default();
    pixels.clear(side, side);
    let centre = side as f64 / 2.0;
    let radius = look.radius * ratio;
    let band = |stroke: &Stroke, at: f64| {
        let half = stroke.width * ratio / 2.0;
        (at - half, at + half)
    };
    let outline = band(&look.outline, radius);
    let dash = look.outline.dash.map(|(on, off)| (on * ratio, (on + off) * ratio));
    let ring = look.ring.map(|stroke| (stroke, band(&stroke, look.ring_radius() * ratio)));
    // Most of a marker's pixels are its fill alone, or nothing: only its edges and rings are
    // composed pixel by pixel.
    let fill = {
        let mut paint = Premultiplied::default();
        paint.over(look.fill, 1.0);
        paint.straight()
    };
    let reach = outline.1.max(radius) + 0.5;
    let near = |d: f64, (from, to): (f64, f64)| d + 0.5 > from && d - 0.5 < to;
    for y in 0..side {
        for x in 0..side {
            let (dx, dy) = (x as f64 + 0.5 - centre, y as f64 + 0.5 - centre);
            let d = dx.hypot(dy);
            if d >= reach {
                continue;
            }
            let at = (y * side + x) * 4;
            let on_ring = ring.is_some_and(|(_, r)| near(d, r));
            if d + 0.5 <= radius && !near(d, outline) && !on_ring {
                pixels.data[at..at + 4].copy_from_slice(&fill);
                continue;
            }
            let mut paint = Premultiplied::default();
            paint.over(look.fill, covered(d, 0.0, radius));
            let mut edge = covered(d, outline.0, outline.1);
            if let (Some((on, period)), true) = (dash, edge > 0.0) {
                // The dash runs clockwise from the right, as along the canvas's arc; the pixel's
                // place on it is its angle times the radius.
                // (`%` on floats would bring in a library function of 2 KB.)
                let along = angle(dy, dx) * radius;
                let along = along - (along / period).floor() * period;
                edge *= (covered(along, 0.0, on) + covered(along, period, period + on)).min(1.0);
            }
            paint.over(look.outline.color, edge);
            if let Some((stroke, (inner, outer))) = ring {
                paint.over(stroke.color, covered(d, inner, outer));
            }
            pixels.data[at..at + 4].copy_from_slice(&paint.straight());
        }
    }
    pixels
}

/// The share of a pixel-wide window centred on `at` that lies in `[from, to]`.
fn covered(at: f64, from: f64, to: f64) -> f64 {
    ((at + 0.5).min(to) - (at - 0.5).max(from)).clamp(0.0, 1.0)
}

/// The angle of (`x`, `y`) from the positive x axis, towards positive y, in `[0, 2π)`: within
/// 0.002 radians (a tenth of a pixel along the largest marker's outline on a dense screen), which
/// is all a dash needs, without a maths library in the module.
fn angle(y: f64, x: f64) -> f64 {
    use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI, TAU};
    let (ax, ay) = (x.abs(), y.abs());
    if ax == 0.0 && ay == 0.0 {
        return 0.0;
    }
    // atan of a ratio in [0, 1], by a polynomial fitted to it.
    let z = ax.min(ay) / ax.max(ay);
    let t = FRAC_PI_4 * z - z * (z - 1.0) * (0.2447 + 0.0663 * z);
    let first = if ay > ax { FRAC_PI_2 - t } else { t };
    let half = if x < 0.0 { PI - first } else { first };
    if y < 0.0 {
        TAU - half
    } else {
        half
    }
}

/// A colour being composed, premultiplied by its opacity (channels 0 to 1).
#[derive(Clone, Copy, Default)]
struct Premultiplied([f64; 4]);

impl Premultiplied {
    /// Paints `color` over, on `coverage` of the pixel.
    fn over(&mut self, color: Color, coverage: f64) {
        let a = f64::from(color.a) / 255.0 * coverage;
        if a <= 0.0 {
            return;
        }
        let [r, g, b, alpha] = &mut self.0;
        for (c, v) in [(r, color.r), (g, color.g), (b, color.b)] {
            *c = f64::from(v) / 255.0 * a + *c * (1.0 - a);
        }
        *alpha = a + *alpha * (1.0 - a);
    }

    /// As straight RGBA bytes.
    fn straight(self) -> [u8; 4] {
        let [r, g, b, a] = self.0;
        if a <= 0.0 {
            return [0; 4];
        }
        let byte = |v: f64| (v * 255.0 + 0.5) as u8;
        [byte(r / a), byte(g / a), byte(b / a), byte(a)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(radius: f64, dash: Option<(f64, f64)>, ring: bool) -> MarkerLook {
        MarkerLook {
            radius,
            fill: Color::rgb(200, 30, 30).with_alpha(180),
            outline: Stroke { color: Color::rgb(40, 40, 40), width: 1.0, dash },
            ring: ring.then(|| Stroke::solid(Color::rgb(255, 255, 255), 1.5)),
        }
    }

    #[test]
    fn a_picture_from_bytes_keeps_only_its_inked_part() {
        assert_eq!(Pixels::from_rgba(2, 2, vec![0; 15]), None, "a byte short");
        let mut data = vec![0; 6 * 5 * 4];
        // Two pixels inked, at (1, 1) and (3, 2).
        data[(6 + 1) * 4..(6 + 1) * 4 + 4].copy_from_slice(&[1, 2, 3, 4]);
        data[(2 * 6 + 3) * 4..(2 * 6 + 3) * 4 + 4].copy_from_slice(&[5, 6, 7, 255]);
        let picture = Pixels::from_rgba(6, 5, data).unwrap();
        let (part, left, top) = picture.inked_part().unwrap();
        assert_eq!((part.width(), part.height(), left, top), (3, 2, 1, 1));
        assert_eq!(part.pixel(0, 0), Some([1, 2, 3, 4]));
        assert_eq!(part.pixel(2, 1), Some([5, 6, 7, 255]));
        assert_eq!(part.pixel(1, 0).unwrap()[3], 0);
        assert_eq!(Pixels::from_rgba(3, 1, [9, 9, 9, 0].repeat(3)).unwrap().inked_part(), None, "nothing inked");
    }

    #[test]
    fn what_an_opaque_cover_hides_is_cleared() {
        let mut under = Pixels::from_rgba(3, 1, [9, 9, 9, 200].repeat(3)).unwrap();
        let cover = Pixels::from_rgba(3, 1, [[1, 1, 1, 255], [1, 1, 1, 254], [0, 0, 0, 0]].concat()).unwrap();
        under.clear_under(&cover);
        assert_eq!(under.data(), &[9, 9, 9, 0, 9, 9, 9, 200, 9, 9, 9, 200], "only under the opaque pixel");
    }

    #[test]
    fn a_marker_is_its_fill_inside_its_outline_at_its_edge_and_nothing_past_it() {
        let side = 18;
        let p = marker_pixels(&look(7.0, None, false), 1.0, side);
        assert_eq!((p.width(), p.height(), p.bytes()), (18, 18, 18 * 18 * 4));
        assert_eq!(p.pixel(9, 9), Some([200, 30, 30, 180]), "the fill, as given, at the centre");
        // The pixel centred 6.5 px right of the centre straddles the radius (7): outline over fill.
        let [r, _, _, a] = p.pixel(15, 9).unwrap();
        assert!(r < 110 && a > 210, "the outline at the edge, half its pixel: {:?}", p.pixel(15, 9));
        assert_eq!(p.pixel(17, 9).unwrap()[3], 0, "8.5 px out: past the outline's half width and its antialiasing");
        assert_eq!(p.pixel(0, 0).unwrap()[3], 0, "the corner");
        // Symmetric: the marker is centred on the square's middle corner.
        for (x, y) in [(2, 9), (15, 9), (9, 2), (9, 15), (4, 4), (13, 13)] {
            assert_eq!(p.pixel(x, y), p.pixel(side - 1 - x, y));
            assert_eq!(p.pixel(x, y), p.pixel(x, side - 1 - y));
        }
    }

    #[test]
    fn a_dense_screen_draws_the_same_marker_at_twice_the_pixels() {
        let plain = marker_pixels(&look(7.0, None, true), 1.0, 18);
        let dense = marker_pixels(&look(7.0, None, true), 2.0, 34);
        assert_eq!(dense.pixel(17, 17), plain.pixel(9, 9), "the fill at the centre");
        let reach =
            |p: &Pixels, centre: usize| (centre..p.width()).take_while(|&x| p.pixel(x, centre).unwrap()[3] > 0).count();
        // 7.5 CSS px: the radius and half the outline, the last pixel half covered at 1x.
        assert_eq!((reach(&plain, 9), reach(&dense, 17)), (8, 15), "as far in CSS pixels at each ratio");
    }

    #[test]
    fn a_cluster_has_its_ring_inside_the_outline() {
        let p = marker_pixels(&look(10.0, None, true), 1.0, 24);
        // The ring runs 3 px inside the outline: at radius 7, width 1.5, white over the fill.
        let ring = p.pixel(12 + 6, 12).unwrap();
        assert!(ring[1] > 180 && ring[2] > 180, "white-ish at the ring: {ring:?}");
        let fill = p.pixel(12 + 4, 12).unwrap();
        assert_eq!(fill, [200, 30, 30, 180], "the fill between the centre and the ring");
    }

    #[test]
    fn a_dashed_outline_has_gaps_and_its_dashes_start_at_the_right() {
        let p = marker_pixels(&look(10.0, Some((3.0, 2.0)), false), 1.0, 24);
        // Round the outline, pixel by pixel: some are dash, some gap.
        let mut dash = 0;
        let mut gap = 0;
        for step in 0..360 {
            let t = f64::from(step).to_radians();
            let (x, y) = ((12.0 + 10.0 * t.cos()) as usize, (12.0 + 10.0 * t.sin()) as usize);
            let [r, ..] = p.pixel(x, y).unwrap();
            if r < 120 {
                dash += 1;
            } else if r > 180 {
                gap += 1;
            }
        }
        assert!(dash > 150 && gap > 50, "dashes and gaps round the outline: {dash} dark, {gap} light");
        // The first dash starts at the angle 0 (right of the centre) and runs 3 px clockwise
        // (down, on screen), then a gap of 2: dark just below the right-hand point, then light.
        assert!(p.pixel(21, 13).unwrap()[0] < 120, "the first dash just below the right: {:?}", p.pixel(21, 13));
        assert!(p.pixel(21, 15).unwrap()[0] > 150, "the gap after it: {:?}", p.pixel(21, 15));
    }

    #[test]
    fn the_angle_is_close_to_atan2_all_round() {
        for step in 0..3600 {
            let t = f64::from(step) / 10.0;
            let (y, x) = (t.to_radians().sin() * 3.0, t.to_radians().cos() * 3.0);
            let want = y.atan2(x).rem_euclid(std::f64::consts::TAU);
            let got = angle(y, x);
            let diff = (got - want).abs().min(std::f64::consts::TAU - (got - want).abs());
            assert!(diff < 0.002, "{t}°: {got} against {want}");
        }
        assert_eq!(angle(0.0, 0.0), 0.0);
    }

    /// A picture of one pixel.
    fn dot(rgba: [u8; 4]) -> Pixels {
        Pixels { width: 1, height: 1, data: rgba.to_vec(), inked: (0, 1) }
    }

    #[test]
    fn blending_is_source_over() {
        let blend = |under: [u8; 4], top: [u8; 4]| {
            let mut picture = dot(under);
            picture.blend(&dot(top), 0, 0);
            picture.pixel(0, 0).unwrap()
        };
        assert_eq!(blend([0; 4], [0, 0, 255, 128]), [0, 0, 255, 128], "on nothing: itself");
        assert_eq!(blend([9, 9, 9, 9], [1, 2, 3, 255]), [1, 2, 3, 255], "opaque: itself");
        assert_eq!(blend([9, 9, 9, 9], [1, 2, 3, 0]), [9, 9, 9, 9], "transparent: nothing changes");
        // Half-transparent blue over opaque green: as much of each, opaque.
        assert_eq!(blend([0, 255, 0, 255], [0, 0, 255, 128]), [0, 127, 128, 255]);
        // Blue at 128 over the same: blue, opacity 1 - (1 - 128/255)^2 of 255.
        assert_eq!(blend([0, 0, 255, 128], [0, 0, 255, 128]), [0, 0, 255, 192]);
    }

    #[test]
    fn what_falls_outside_the_picture_is_left_out() {
        let mut sprite = Pixels::default();
        sprite.clear(2, 2);
        sprite.data.copy_from_slice(&[1, 0, 0, 255, 2, 0, 0, 255, 3, 0, 0, 255, 4, 0, 0, 255]);
        let mut picture = Pixels::default();
        picture.clear(4, 3);
        picture.blend(&sprite, 3, 2);
        assert_eq!(picture.pixel(3, 2), Some([1, 0, 0, 255]), "the sprite's top-left, the rest outside");
        picture.blend(&sprite, -1, -1);
        assert_eq!(picture.pixel(0, 0), Some([4, 0, 0, 255]), "its bottom-right, the rest outside");
        for (left, top) in [(9, 0), (-9, 0), (0, 9), (0, -9), (4, 3), (-2, -2)] {
            picture.blend(&sprite, left, top);
        }
        let inked: Vec<usize> = (0..12).filter(|n| picture.data()[n * 4 + 3] > 0).collect();
        assert_eq!(inked, [0, 11], "two pixels inked, nothing from the sprites wholly outside");
        picture.blend(&sprite, 1, 1);
        picture.clear(4, 3);
        assert_eq!(picture.data(), &[0; 48], "cleared at the same size: the rows inked are wiped");
        picture.blend(&sprite, 2, 1);
        picture.clear(2, 1);
        assert_eq!(picture.data(), &[0; 8], "cleared, at a smaller size");
        picture.blend(&sprite, 0, 0);
        picture.clear(4, 3);
        assert_eq!(picture.data(), &[0; 48], "cleared, at a larger size: what the smaller one held is gone too");
    }
}
