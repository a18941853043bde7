//! Which tiles a view needs, and what to draw for them with the tiles at hand.

use super::TileId;
use crate::float::clamp;
use crate::view::{ScreenPoint, ScreenRect, Viewport};

/// The tile zoom for a view: the one whose pixels match the screen's device pixels.
///
/// High-DPI strategy: with a `{r}` placeholder (`retina_tiles`) on a screen with a pixel ratio
/// above 1, the server's `@2x` tiles (512 device pixels for 256 CSS pixels) are taken at the
/// view's own zoom; without it, tiles one zoom deeper are taken (log2 of the ratio, rounded), so
/// that each tile pixel still falls on one device pixel. Rounded to the nearest whole zoom (a
/// tile is never stretched more than √2), clamped to `0..=max_zoom`.
///
/// ```
/// use incident_map::tile_zoom;
/// assert_eq!(tile_zoom(11.3, 1.0, false, 19), 11);
/// assert_eq!(tile_zoom(11.3, 2.0, false, 19), 12); // crisp on high-DPI: one zoom deeper
/// assert_eq!(tile_zoom(11.3, 2.0, true, 19), 11);  // ... or the @2x tiles of the same zoom
/// assert_eq!(tile_zoom(18.0, 3.0, false, 19), 19);
/// ```
pub fn tile_zoom(view_zoom: f64, pixel_ratio: f64, retina_tiles: bool, max_zoom: u8) -> u8 {
    let ratio = if pixel_ratio.is_finite() && pixel_ratio > 0.0 { pixel_ratio } else { 1.0 };
    let per_tile_pixel = if retina_tiles && ratio > 1.0 { ratio / 2.0 } else { ratio };
    let z = (view_zoom + crate::geo::trig::log2(per_tile_pixel)).round();
    let max = max_zoom.min(TileId::MAX_ZOOM);
    if z.is_nan() {
        0
    } else {
        clamp(z, 0.0, f64::from(max)) as u8
    }
}

/// The tiles at zoom `z` that cover the view, nearest the centre first (so that they load first).
///
/// ```
/// use incident_map::{visible_tiles, LonLat, Viewport, Zoom};
/// let view = Viewport::new(LonLat::new(0.0, 0.0).unwrap(), Zoom::clamped(3.0), 512.0, 512.0, 1.0);
/// // 512 px at zoom 3 span two tiles each way; the centre is on a tile corner.
/// let tiles = visible_tiles(&view, 3);
/// assert_eq!(tiles.len(), 4);
/// assert!(tiles.iter().all(|t| (3..=4).contains(&t.x()) && (3..=4).contains(&t.y())));
/// ```
pub fn visible_tiles(view: &Viewport, z: u8) -> Vec<TileId> {
    if view.is_empty() || z > TileId::MAX_ZOOM {
        return Vec::new();
    }
    let side = f64::from(1u32 << z);
    let (nw, se) = view.world_extent();
    // A hair inside the edges: a view that ends exactly on a tile edge does not need the next tile.
    let range = |a: f64, b: f64| {
        let first = clamp((a * side).floor(), 0.0, side - 1.0) as u32;
        let last = clamp(((b * side) - 1e-9).floor(), 0.0, side - 1.0) as u32;
        first..=last
    };
    let (xs, ys) = (range(nw.x, se.x), range(nw.y, se.y));
    let centre = view.screen_to_world(ScreenPoint::new(view.width() / 2.0, view.height() / 2.0));
    let mut tiles: Vec<TileId> = ys.flat_map(|y| xs.clone().filter_map(move |x| TileId::new(z, x, y))).collect();
    let distance = |t: &TileId| {
        let o = t.world_origin();
        let half = t.world_size() / 2.0;
        (o.x + half - centre.x).hypot(o.y + half - centre.y)
    };
    crate::sort::sort_by(&mut tiles, |a, b| distance(a).total_cmp(&distance(b)));
    tiles
}

/// The part of a tile image to draw, as fractions of its side (the whole tile is `0, 0, 1, 1`),
/// so that it holds whatever pixel size the server sent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SourceRect {
    /// Left edge, 0..1.
    pub x: f64,
    /// Top edge, 0..1.
    pub y: f64,
    /// Width, 0..1.
    pub width: f64,
    /// Height, 0..1.
    pub height: f64,
}

impl SourceRect {
    /// The whole image.
    pub const WHOLE: SourceRect = SourceRect { x: 0.0, y: 0.0, width: 1.0, height: 1.0 };
}

/// One image to draw: part of a loaded tile, stretched over a screen rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TileDraw {
    /// The loaded tile whose image is drawn.
    pub tile: TileId,
    /// Which part of its image.
    pub source: SourceRect,
    /// Where on screen.
    pub target: ScreenRect,
}

/// How many zooms out a missing tile looks for a loaded ancestor to stretch in its place.
const ANCESTOR_LEVELS: u8 = 5;

/// What to draw for the `needed` tiles, given which are loaded. A loaded tile is drawn as it is;
/// a missing one borrows the matching part of its nearest loaded ancestor (after zooming in), or
/// else its loaded children (after zooming out), so that panning and zooming never flash empty
/// squares. Stand-ins come first in the list, real tiles after, so real tiles end up on top. A
/// tile with nothing loaded in its family is left out: the vector basemap shows there.
///
/// ```
/// use incident_map::{plan_draws, visible_tiles, tile_zoom, LonLat, Viewport, Zoom, TileId};
/// let view = Viewport::new(LonLat::new(69.17, 34.53).unwrap(), Zoom::clamped(8.0), 600.0, 400.0, 1.0);
/// let needed = visible_tiles(&view, 8);
/// let parent = needed[0].parent().unwrap();
/// // Only the parent of the centre tile is loaded: it stands in, scaled, for its children.
/// let draws = plan_draws(&view, &needed, |t| t == parent);
/// assert!(!draws.is_empty() && draws.iter().all(|d| d.tile == parent && d.source.width == 0.5));
/// ```
pub fn plan_draws(view: &Viewport, needed: &[TileId], is_ready: impl Fn(TileId) -> bool) -> Vec<TileDraw> {
    let mut stand_ins = Vec::new();
    let mut exact = Vec::new();
    for &tile in needed {
        if is_ready(tile) {
            exact.push(TileDraw { tile, source: SourceRect::WHOLE, target: target_rect(view, tile) });
        } else if let Some(draw) = ancestor_draw(view, tile, &is_ready) {
            stand_ins.push(draw);
        } else {
            stand_ins.extend(tile.children().into_iter().filter(|c| is_ready(*c)).map(|c| TileDraw {
                tile: c,
                source: SourceRect::WHOLE,
                target: target_rect(view, c),
            }));
        }
    }
    stand_ins.extend(exact);
    stand_ins
}

fn ancestor_draw(view: &Viewport, tile: TileId, is_ready: &impl Fn(TileId) -> bool) -> Option<TileDraw> {
    let mut ancestor = tile;
    for _ in 0..ANCESTOR_LEVELS {
        ancestor = ancestor.parent()?;
        if is_ready(ancestor) {
            let scale = tile.world_size() / ancestor.world_size();
            let (o, a) = (tile.world_origin(), ancestor.world_origin());
            let source = SourceRect {
                x: (o.x - a.x) / ancestor.world_size(),
                y: (o.y - a.y) / ancestor.world_size(),
                width: scale,
                height: scale,
            };
            return Some(TileDraw { tile: ancestor, source, target: target_rect(view, tile) });
        }
    }
    None
}

/// The tile's square on screen, with edges snapped to device pixels so that neighbouring tiles
/// meet without a hairline seam.
fn target_rect(view: &Viewport, tile: TileId) -> ScreenRect {
    let ratio = view.pixel_ratio();
    let snap = |v: f64| (v * ratio).round() / ratio;
    let o = tile.world_origin();
    let s = tile.world_size();
    let nw = view.world_to_screen(o);
    let se = view.world_to_screen(crate::geo::WorldPoint { x: o.x + s, y: o.y + s });
    let (x, y) = (snap(nw.x), snap(nw.y));
    ScreenRect { x, y, width: snap(se.x) - x, height: snap(se.y) - y }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::LonLat;
    use crate::view::Zoom;

    fn view(zoom: f64, ratio: f64) -> Viewport {
        Viewport::new(LonLat::new(69.17, 34.53).unwrap(), Zoom::clamped(zoom), 1000.0, 700.0, ratio)
    }

    #[test]
    fn visible_tiles_cover_the_view_and_no_more() {
        let v = view(11.4, 1.0);
        let tiles = visible_tiles(&v, 11);
        let rects: Vec<ScreenRect> = tiles.iter().map(|t| target_rect(&v, *t)).collect();
        for r in &rects {
            assert!(r.x < 1000.0 && r.y < 700.0 && r.x + r.width > 0.0 && r.y + r.height > 0.0, "{r:?}");
        }
        let left = rects.iter().map(|r| r.x).fold(f64::MAX, f64::min);
        let bottom = rects.iter().map(|r| r.y + r.height).fold(f64::MIN, f64::max);
        assert!(left <= 0.0 && bottom >= 700.0);
        // 1000 × 700 px of tiles shown at 2^0.4 = 1.32 × their size: at most 4 columns by 3 rows.
        assert!(tiles.len() <= 4 * 4, "{}", tiles.len());
        assert_eq!(target_rect(&v, tiles[0]).width.round(), (256.0 * 0.4f64.exp2()).round());
    }

    #[test]
    fn neighbouring_tiles_meet_on_device_pixels() {
        let v = view(9.37, 1.5);
        let tiles = visible_tiles(&v, 10);
        let a = tiles.iter().find(|t| tiles.contains(&TileId::new(10, t.x() + 1, t.y()).unwrap())).unwrap();
        let b = TileId::new(10, a.x() + 1, a.y()).unwrap();
        let (ra, rb) = (target_rect(&v, *a), target_rect(&v, b));
        assert_eq!(ra.x + ra.width, rb.x);
        assert!(((ra.x * 1.5) - (ra.x * 1.5).round()).abs() < 1e-9);
    }

    #[test]
    fn children_stand_in_after_zooming_out_and_real_tiles_draw_last() {
        let v = view(8.0, 1.0);
        let needed = visible_tiles(&v, 8);
        let loaded_child = needed[0].children()[3];
        let exact = needed[1];
        let draws = plan_draws(&v, &needed, |t| t == loaded_child || t == exact);
        assert_eq!(draws.iter().map(|d| d.tile).collect::<Vec<_>>(), [loaded_child, exact]);
        let child = draws[0].target;
        let whole = target_rect(&v, needed[0]);
        assert!((child.width * 2.0 - whole.width).abs() <= 1.0);
        assert!((child.x + child.width - (whole.x + whole.width)).abs() <= 1.0, "south-east quarter");
    }

    #[test]
    fn nothing_loaded_draws_nothing() {
        let v = view(8.0, 1.0);
        assert!(plan_draws(&v, &visible_tiles(&v, 8), |_| false).is_empty());
        assert!(visible_tiles(&Viewport::new(LonLat::new(0.0, 0.0).unwrap(), Zoom::clamped(5.0), 0.0, 5.0, 1.0), 5)
            .is_empty());
    }

    #[test]
    fn zoom_choice_ignores_nonsense_ratios() {
        assert_eq!(tile_zoom(7.6, f64::NAN, false, 19), 8);
        assert_eq!(tile_zoom(7.6, 1.5, true, 19), 7, "@2x tiles at 1.5: 7.6 + log2(0.75) = 7.2");
        assert_eq!(tile_zoom(3.0, 1.0, false, 2), 2);
    }
}
