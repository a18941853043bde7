//! A bounded store of tile images, least recently used out first.

use crate::sorted_map::SortedMap;

use super::TileId;

/// How many tiles a map keeps by default: about four screens of a large high-DPI display, so
/// that panning back and forth and zooming in and out again reuse what was loaded, while the
/// memory stays bounded (256 tiles of 256 × 256 RGBA are 64 MB of decoded pixels at most).
pub const DEFAULT_TILE_CACHE: usize = 256;

/// Where one tile is: still loading (with the request's handle), ready, or failed for good.
#[derive(Debug, PartialEq)]
pub enum TileState<T> {
    /// Requested; the handle (the image being loaded) is kept until it arrives.
    Loading(T),
    /// Loaded and drawable.
    Ready(T),
    /// The server failed: not asked again while the entry stays in the cache.
    Failed,
}

#[derive(Debug)]
struct Entry<T> {
    state: TileState<T>,
    last_used: u64,
}

/// The tile images of one map, at most `capacity` of them (each handle `T` is the web shell's
/// image; the core only needs to know it exists). Dropping an entry drops its handle, which is
/// how the web shell cancels a request and frees its callbacks.
///
/// ```
/// use incident_map::{TileCache, TileId};
/// let mut cache = TileCache::new(2);
/// let t = |x| TileId::new(4, x, 3).unwrap();
/// cache.insert_loading(t(0), "a");
/// cache.mark_ready(t(0));
/// cache.insert_loading(t(1), "b");
/// cache.insert_loading(t(2), "c");
/// cache.evict(&[t(2)]);          // over capacity: the least recently used goes first
/// assert!(!cache.contains(t(0)) && cache.contains(t(1)) && cache.contains(t(2)));
/// assert_eq!(cache.len(), 2);
/// ```
#[derive(Debug)]
pub struct TileCache<T> {
    capacity: usize,
    entries: SortedMap<TileId, Entry<T>>,
    clock: u64,
}

impl<T> TileCache<T> {
    /// An empty cache holding at most `capacity` tiles (at least one).
    pub fn new(capacity: usize) -> Self {
        Self { capacity: capacity.max(1), entries: SortedMap::new(), clock: 0 }
    }

    /// How many tiles it holds at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Sets the capacity (at least one); the next [`evict`](Self::evict) trims to it.
    pub fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity.max(1);
    }

    /// How many tiles it holds, in any state.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many tiles are still loading.
    pub fn loading(&self) -> usize {
        self.entries.values().filter(|e| matches!(e.state, TileState::Loading(_))).count()
    }

    /// Whether the tile is known, in any state.
    pub fn contains(&self, id: TileId) -> bool {
        self.entries.contains_key(&id)
    }

    /// The tile's state.
    pub fn get(&self, id: TileId) -> Option<&TileState<T>> {
        self.entries.get(&id).map(|e| &e.state)
    }

    /// Whether the tile can be drawn.
    pub fn is_ready(&self, id: TileId) -> bool {
        matches!(self.get(id), Some(TileState::Ready(_)))
    }

    /// Marks the tile as just used (drawn), so that it is evicted last.
    pub fn touch(&mut self, id: TileId) {
        self.clock += 1;
        if let Some(e) = self.entries.get_mut(&id) {
            e.last_used = self.clock;
        }
    }

    /// Records a request for the tile, keeping `handle` until it settles.
    pub fn insert_loading(&mut self, id: TileId, handle: T) {
        self.clock += 1;
        self.entries.insert(id, Entry { state: TileState::Loading(handle), last_used: self.clock });
    }

    /// The tile arrived; `false` if it was no longer wanted (evicted or cancelled meanwhile).
    pub fn mark_ready(&mut self, id: TileId) -> bool {
        let Some(entry) = self.entries.get_mut(&id) else { return false };
        let state = std::mem::replace(&mut entry.state, TileState::Failed);
        entry.state = match state {
            TileState::Loading(handle) | TileState::Ready(handle) => TileState::Ready(handle),
            TileState::Failed => TileState::Failed,
        };
        matches!(entry.state, TileState::Ready(_))
    }

    /// The tile failed: its handle is dropped and it will not be asked for again while cached.
    pub fn mark_failed(&mut self, id: TileId) {
        if let Some(entry) = self.entries.get_mut(&id) {
            entry.state = TileState::Failed;
        }
    }

    /// Drops the requests still loading that are not in `needed`: after a fast pan, the tiles
    /// that scrolled away should not hold up the ones now on screen.
    pub fn cancel_unneeded(&mut self, needed: &[TileId]) {
        self.entries.retain(|id, e| !matches!(e.state, TileState::Loading(_)) || needed.contains(id));
    }

    /// Evicts the least recently used tiles until at most `capacity` remain, never one of `keep`
    /// (the tiles of the frame being drawn).
    pub fn evict(&mut self, keep: &[TileId]) {
        let excess = self.entries.len().saturating_sub(self.capacity);
        if excess == 0 {
            return;
        }
        let mut candidates: Vec<(u64, TileId)> =
            self.entries.iter().filter(|(id, _)| !keep.contains(id)).map(|(id, e)| (e.last_used, *id)).collect();
        crate::sort::sort_by(&mut candidates, |a, b| a.cmp(b));
        for (_, id) in candidates.into_iter().take(excess) {
            self.entries.remove(&id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(x: u32) -> TileId {
        TileId::new(10, x, 7).unwrap()
    }

    #[test]
    fn a_touched_tile_outlives_older_ones() {
        let mut cache = TileCache::new(3);
        for x in 0..3 {
            cache.insert_loading(t(x), x);
            cache.mark_ready(t(x));
        }
        cache.touch(t(0));
        cache.insert_loading(t(3), 3);
        cache.evict(&[]);
        assert!(cache.contains(t(0)) && !cache.contains(t(1)) && cache.contains(t(2)) && cache.contains(t(3)));
    }

    #[test]
    fn never_evicts_the_tiles_on_screen_and_stays_bounded() {
        let mut cache = TileCache::new(DEFAULT_TILE_CACHE);
        for x in 0..1000 {
            cache.insert_loading(t(x), ());
            cache.mark_ready(t(x));
            cache.evict(&[t(x), t(0)]);
            assert!(cache.len() <= DEFAULT_TILE_CACHE);
        }
        assert!(cache.contains(t(0)) && cache.contains(t(999)) && !cache.contains(t(1)));
    }

    #[test]
    fn failed_tiles_are_remembered_and_late_arrivals_ignored() {
        let mut cache = TileCache::new(4);
        cache.insert_loading(t(1), "img");
        cache.mark_failed(t(1));
        assert_eq!(cache.get(t(1)), Some(&TileState::Failed));
        assert!(!cache.mark_ready(t(1)), "a failed tile stays failed");
        assert!(!cache.mark_ready(t(2)), "never requested");
        cache.insert_loading(t(3), "img");
        cache.insert_loading(t(4), "img");
        cache.mark_ready(t(4));
        cache.cancel_unneeded(&[]);
        assert!(!cache.contains(t(3)) && cache.contains(t(4)) && cache.contains(t(1)));
        assert_eq!(cache.loading(), 0);
    }
}
