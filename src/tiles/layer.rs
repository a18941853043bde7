//! One map's web tiles: the template, the cache, and the per-frame decision of what to request
//! and what to draw.

use super::{plan_draws, tile_zoom, visible_tiles, TileCache, TileDraw, TileId, TileTemplate, DEFAULT_TILE_CACHE};
use crate::view::Viewport;

/// The deepest tile zoom requested: OpenStreetMap-style servers stop at 19.
const MAX_TILE_ZOOM: u8 = 19;

/// What one frame draws, and which tiles it should start loading.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TileFrame {
    /// Images to draw, in order.
    pub draws: Vec<TileDraw>,
    /// Tiles to request now, with their URLs, nearest the centre first.
    pub requests: Vec<(TileId, String)>,
}

/// The web tiles of one map: which to load, which to keep, what to draw.
///
/// ```
/// use incident_map::{LonLat, TileLayer, TileTemplate, Viewport, Zoom};
/// let template = TileTemplate::parse("https://t.example/{z}/{x}/{y}.png").unwrap();
/// let mut tiles: TileLayer<&str> = TileLayer::new(template);
/// let view = Viewport::new(LonLat::new(69.17, 34.53).unwrap(), Zoom::clamped(11.0), 800.0, 600.0, 1.0);
/// let frame = tiles.frame(&view);
/// assert!(frame.draws.is_empty() && !frame.requests.is_empty());
/// let (first, url) = frame.requests[0].clone();
/// assert!(url.starts_with("https://t.example/11/"));
/// tiles.start_loading(first, "image");
/// assert!(tiles.loaded(first));
/// assert_eq!(tiles.frame(&view).draws.len(), 1);
/// ```
#[derive(Debug)]
pub struct TileLayer<T> {
    template: TileTemplate,
    cache: TileCache<T>,
    /// The tiles the last frame needed or drew: never evicted.
    in_use: Vec<TileId>,
}

impl<T> TileLayer<T> {
    /// Tiles from `template`, with a cache of [`DEFAULT_TILE_CACHE`] tiles, or twice the tiles on
    /// screen if that is more.
    pub fn new(template: TileTemplate) -> Self {
        Self { template, cache: TileCache::new(DEFAULT_TILE_CACHE), in_use: Vec::new() }
    }

    /// The URL template.
    pub fn template(&self) -> &TileTemplate {
        &self.template
    }

    /// The cache, for inspection.
    pub fn cache(&self) -> &TileCache<T> {
        &self.cache
    }

    /// Plans a frame for `view`: drops requests that left the screen, lists what to draw (with
    /// parents or children standing in for missing tiles) and what to request.
    pub fn frame(&mut self, view: &Viewport) -> TileFrame {
        let retina = self.template.has_retina_placeholder() && view.pixel_ratio() > 1.0;
        let z = tile_zoom(view.zoom().value(), view.pixel_ratio(), retina, MAX_TILE_ZOOM);
        let needed = visible_tiles(view, z);
        // A huge screen can need more tiles than the default holds: evicting tiles still on
        // screen would load them again and again. The capacity follows the screen, both ways.
        self.cache.set_capacity(DEFAULT_TILE_CACHE.max(needed.len() * 2));
        self.cache.cancel_unneeded(&needed);
        let cache = &self.cache;
        let draws = plan_draws(view, &needed, |t| cache.is_ready(t));
        for d in &draws {
            self.cache.touch(d.tile);
        }
        let requests =
            needed.iter().filter(|t| !self.cache.contains(**t)).map(|t| (*t, self.template.url(*t, retina))).collect();
        self.in_use = needed;
        self.in_use.extend(draws.iter().map(|d| d.tile));
        self.cache.evict(&self.in_use);
        TileFrame { draws, requests }
    }

    /// Keeps `handle` (the image being loaded) for a requested tile, evicting old tiles if the
    /// cache is full.
    pub fn start_loading(&mut self, id: TileId, handle: T) {
        self.cache.insert_loading(id, handle);
        self.cache.evict(&self.in_use);
    }

    /// The tile's image arrived; `true` if it is still wanted (the map should repaint).
    pub fn loaded(&mut self, id: TileId) -> bool {
        self.cache.mark_ready(id)
    }

    /// The tile failed: it stays undrawn (the vector basemap shows) and is not asked again.
    pub fn failed(&mut self, id: TileId) {
        self.cache.mark_failed(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::LonLat;
    use crate::view::Zoom;

    fn layer(template: &str) -> TileLayer<u32> {
        TileLayer::new(TileTemplate::parse(template).unwrap())
    }

    fn view(zoom: f64, ratio: f64) -> Viewport {
        Viewport::new(LonLat::new(67.11, 36.71).unwrap(), Zoom::clamped(zoom), 1000.0, 700.0, ratio)
    }

    #[test]
    fn high_dpi_asks_one_zoom_deeper_or_for_2x_tiles() {
        let mut plain = layer("https://t/{z}/{x}/{y}.png");
        assert!(plain
            .frame(&view(12.2, 2.0))
            .requests
            .iter()
            .all(|(t, u)| t.z() == 13 && u.starts_with("https://t/13/")));
        let mut retina = layer("https://t/{z}/{x}/{y}{r}.png");
        let frame = retina.frame(&view(12.2, 2.0));
        assert!(frame.requests.iter().all(|(t, u)| t.z() == 12 && u.ends_with("@2x.png")));
        assert!(retina.frame(&view(12.2, 1.0)).requests.iter().all(|(_, u)| !u.contains('@')));
    }

    #[test]
    fn panning_around_keeps_the_cache_bounded_and_reuses_tiles() {
        let mut tiles = layer("https://t/{z}/{x}/{y}.png");
        let mut requested = 0;
        for step in 0..400 {
            let v = view(9.0, 1.0).panned_by(f64::from(step % 40) * 90.0, 0.0);
            for (id, _) in tiles.frame(&v).requests {
                requested += 1;
                tiles.start_loading(id, step);
                tiles.loaded(id);
            }
            assert!(tiles.cache().len() <= DEFAULT_TILE_CACHE);
        }
        // Ten passes over the same strip: the cache holds it, so only the first pass loads.
        let one_pass = requested;
        assert!(one_pass < 100, "{one_pass} requests");
    }

    #[test]
    fn the_capacity_follows_the_screen_back_down() {
        let mut tiles = layer("https://t/{z}/{x}/{y}.png");
        let huge = Viewport::new(LonLat::new(67.11, 36.71).unwrap(), Zoom::clamped(12.0), 8000.0, 6000.0, 1.0);
        for (id, _) in tiles.frame(&huge).requests {
            tiles.start_loading(id, 0);
            tiles.loaded(id);
        }
        assert!(tiles.cache().capacity() > DEFAULT_TILE_CACHE && tiles.cache().len() > DEFAULT_TILE_CACHE);
        tiles.frame(&view(12.0, 1.0));
        assert_eq!((tiles.cache().capacity(), tiles.cache().len()), (DEFAULT_TILE_CACHE, DEFAULT_TILE_CACHE));
    }

    #[test]
    fn a_failed_tile_is_not_drawn_nor_asked_again() {
        let mut tiles = layer("https://t/{z}/{x}/{y}.png");
        let v = view(7.0, 1.0);
        let requests = tiles.frame(&v).requests;
        for (i, (id, _)) in requests.iter().enumerate() {
            tiles.start_loading(*id, 0);
            if i == 0 {
                tiles.failed(*id);
            } else {
                tiles.loaded(*id);
            }
        }
        let again = tiles.frame(&v);
        assert!(again.requests.is_empty());
        assert_eq!(again.draws.len(), requests.len() - 1);
        assert!(again.draws.iter().all(|d| d.tile != requests[0].0));
    }
}
