//! Loads web tile images for the core's [`TileLayer`]. Each image keeps its `load` and `error`
//! callbacks with it; evicting or cancelling a tile drops them, detaches them from the image and
//! stops the download, so nothing outlives the map.

use std::rc::Weak;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlImageElement};

use super::canvas::CanvasLayer;
use super::widget::{run_callback, Widget};
use crate::tiles::{TileId, TileLayer, TileState, TileTemplate};
use crate::view::Viewport;

/// One tile image and its callbacks.
pub(crate) struct TileImage {
    image: HtmlImageElement,
    _on_load: Closure<dyn FnMut()>,
    _on_error: Closure<dyn FnMut()>,
}

impl TileImage {
    /// Starts loading `url`; the widget hears of the outcome through `on_settle(id, loaded)`.
    fn load(doc: &Document, id: TileId, url: &str, widget: Weak<Widget>) -> Result<Self, JsValue> {
        let image: HtmlImageElement = doc.create_element("img")?.dyn_into()?;
        let settle = move |ok: bool| {
            let widget = widget.clone();
            Closure::<dyn FnMut()>::new(move || run_callback(&widget, |w| w.tile_settled(id, ok)))
        };
        let (on_load, on_error) = (settle(true), settle(false));
        image.set_onload(Some(on_load.as_ref().unchecked_ref()));
        image.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // Decoding off the main thread keeps panning smooth while tiles arrive.
        image.set_decoding("async");
        image.set_src(url);
        Ok(Self { image, _on_load: on_load, _on_error: on_error })
    }
}

impl Drop for TileImage {
    fn drop(&mut self) {
        self.image.set_onload(None);
        self.image.set_onerror(None);
        if !self.image.complete() {
            // An image without a source stops downloading.
            self.image.remove_attribute("src").ok();
        }
    }
}

/// A map's web tiles: the core's layer with images for handles, and the credit line.
pub(crate) struct WebTiles {
    layer: TileLayer<TileImage>,
    attribution: String,
}

impl WebTiles {
    pub(crate) fn new(template: TileTemplate, attribution: String) -> Self {
        Self { layer: TileLayer::new(template), attribution }
    }

    pub(crate) fn attribution(&self) -> &str {
        &self.attribution
    }

    /// Draws what is loaded for `view` onto `layer` and starts loading what is missing.
    pub(crate) fn paint(&mut self, layer: &CanvasLayer, view: &Viewport, widget: &Weak<Widget>) {
        let frame = self.layer.frame(view);
        let cache = self.layer.cache();
        let _ = layer.draw_tiles(&frame.draws, |d| match cache.get(d.tile) {
            Some(TileState::Ready(t)) => Some(&t.image),
            _ => None,
        });
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        for (id, url) in frame.requests {
            if let Ok(image) = TileImage::load(&doc, id, &url, widget.clone()) {
                self.layer.start_loading(id, image);
            }
        }
    }

    /// A tile arrived (`ok`) or failed; `true` when the map should repaint.
    pub(crate) fn settled(&mut self, id: TileId, ok: bool) -> bool {
        if ok {
            self.layer.loaded(id)
        } else {
            self.layer.failed(id);
            false
        }
    }

    /// `(cached, loading, capacity)`, for tests.
    #[cfg(feature = "test-hooks")]
    pub(crate) fn stats(&self) -> (usize, usize, usize) {
        let cache = self.layer.cache();
        (cache.len(), cache.loading(), cache.capacity())
    }
}
