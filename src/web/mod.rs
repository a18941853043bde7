//! The web shell: the only code that touches the DOM. [`MapHandle`] is what JavaScript holds; the
//! `<incident-map>` element (www/incident-map.js) is a thin wrapper around it.

mod callback_guard;
mod canvas;
mod controls;
mod details;
mod digits;
mod dom;
mod dom_input;
mod events;
mod format;
mod frame;
mod hint;
mod js_object;
mod legend;
mod listeners;
mod rings;
mod scalebar;
mod snapshot;
mod surface;
mod table;
mod theme;
mod ticker;
mod tiles;
mod time_api;
mod time_control;
mod timebar;
mod tooltip;
mod url_state;
mod widget;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::basemap::Basemap;
use crate::categories::ColorBy;
use crate::data::{
    is_json, load_geojson_object_compact, load_text_compact, CompactDataset, GeoJsonStream, LoadError, LoadOptions,
    SizeBy,
};
use crate::geo::{Bounds, LonLat};
use crate::index::TimeRange;
use crate::labels::LabelLanguage;
use crate::map::ScaleMode;
use crate::presets::ViewPreset;
use crate::quoted::Quoted;
#[cfg(feature = "test-hooks")]
use crate::scene::DrawCommand;
use crate::sorted_map::SortedMap;
use crate::tiles::TileTemplate;
use dom_input::Gestures;
use events::{object, to_js, ReportDetail, ToJs};
use widget::Widget;

thread_local! {
    /// Parsed basemaps by URL: every widget on the page shares one copy.
    static BASEMAPS: RefCell<SortedMap<String, Rc<Basemap>>> = RefCell::new(SortedMap::new());
}

/// Installs the panic hook, so that a bug shows its message in the console: "panicked at
/// file:line:column:" and the message, as a JS `Error` (the console shows its stack too). Our own
/// lines instead of the console_error_panic_hook crate, which does the same with more code. A
/// panic inside one of a map's callbacks also stops that map (see `callback_guard`).
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&js_sys::Error::new(&message).into());
        callback_guard::report(&message);
    }));
}

/// Parses a basemap asset once and keeps it under `key` (its URL) for every map on the page.
#[wasm_bindgen(js_name = registerBasemap)]
pub fn register_basemap(key: &str, text: &str) -> Result<(), JsError> {
    if BASEMAPS.with(|b| b.borrow().contains_key(key)) {
        return Ok(());
    }
    let basemap = Basemap::parse(text).map_err(|e| JsError::new(&format!("basemap {key}: {e}")))?;
    BASEMAPS.with(|b| b.borrow_mut().insert(key.to_owned(), Rc::new(basemap)));
    Ok(())
}

/// Reads the gazetteer of place names (www/basemap/gazetteer.tsv) for every map on the page:
/// until then, a load that needs it answers `null` (see [`MapHandle::set_data`]).
#[wasm_bindgen(js_name = registerGazetteer)]
pub fn register_gazetteer(key: &str, text: &str) -> Result<(), JsError> {
    crate::data::Gazetteer::install_afghanistan(text).map_err(|e| JsError::new(&format!("gazetteer {key}: {e}")))
}

/// Builds the date and number formatters for the page's language ahead of a load: the element
/// calls it once the module is there, in a task of its own, while data downloads.
#[wasm_bindgen(js_name = prepareFormats)]
pub fn prepare_formats() {
    format::prepare();
}

/// Options for [`MapHandle::new`], as a plain JS object.
#[derive(Default)]
struct Options {
    css_url: Option<String>,
    size_by: Option<String>,
    strict: bool,
    lang: Option<String>,
    color_by: Option<String>,
    scale: Option<String>,
    gestures: Option<String>,
    tiles: Option<String>,
    attribution: Option<String>,
}

impl Options {
    /// Reads the options object: absent, `undefined` or `null` fields take their defaults,
    /// unknown ones are ignored, and a field of the wrong type is an error naming it.
    fn read(options: &JsValue) -> Result<Options, JsError> {
        if options.is_undefined() || options.is_null() {
            return Ok(Options::default());
        }
        if !options.is_object() {
            return Err(JsError::new(&format!("map options must be an object, got {}", js_kind(options))));
        }
        let field = |name: &str| {
            Reflect::get(options, &JsValue::from_str(name))
                .map(|v| Some(v).filter(|v| !v.is_undefined() && !v.is_null()))
                .map_err(|_| JsError::new(&format!("map options: {name} could not be read")))
        };
        let text = |name: &str| -> Result<Option<String>, JsError> {
            match field(name)? {
                None => Ok(None),
                Some(v) => v
                    .as_string()
                    .map(Some)
                    .ok_or_else(|| JsError::new(&format!("map options: {name} must be a string, got {}", js_kind(&v)))),
            }
        };
        let strict = match field("strict")? {
            None => false,
            Some(v) => v.as_bool().ok_or_else(|| {
                JsError::new(&format!("map options: strict must be true or false, got {}", js_kind(&v)))
            })?,
        };
        Ok(Options {
            css_url: text("cssUrl")?,
            size_by: text("sizeBy")?,
            strict,
            lang: text("lang")?,
            color_by: text("colorBy")?,
            scale: text("scale")?,
            gestures: text("gestures")?,
            tiles: text("tiles")?,
            attribution: text("attribution")?,
        })
    }
}

/// What a JS value is, for messages (`typeof`, with arrays told apart).
fn js_kind(value: &JsValue) -> String {
    match value.js_typeof().as_string().unwrap_or_default().as_str() {
        _ if js_sys::Array::is_array(value) => "an array".to_owned(),
        "object" => "an object".to_owned(),
        other => format!("a {other}"),
    }
}

/// One map, held by JavaScript. Every method returns an error instead of panicking; after
/// `destroy()` every method but `destroy()` throws.
#[wasm_bindgen]
pub struct MapHandle {
    widget: Option<Rc<Widget>>,
    strict: Cell<bool>,
    /// The GeoJSON being read in chunks (between `beginData` and `finishData`, or
    /// `finishReading`).
    stream: RefCell<Option<GeoJsonStream>>,
    /// What a chunked load read, between `finishReading` and `showRead`.
    read: RefCell<Option<Result<CompactDataset, LoadError>>>,
}

fn js_error(e: JsValue) -> JsError {
    JsError::new(&e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

#[wasm_bindgen]
impl MapHandle {
    /// Builds a map inside `host` (in its shadow root). `options`:
    /// `{cssUrl, sizeBy, colorBy, scale, strict, lang, gestures}`.
    #[wasm_bindgen(constructor)]
    pub fn new(host: HtmlElement, options: JsValue) -> Result<MapHandle, JsError> {
        let options = Options::read(&options)?;
        let size_by = match options.size_by.as_deref() {
            None => SizeBy::default(),
            Some(text) => SizeBy::parse(text).ok_or_else(|| {
                JsError::new(&format!("size-by must be killed, injured or total, got {}", Quoted(text)))
            })?,
        };
        let css_url = options.css_url.unwrap_or_else(|| "incident-map.css".to_owned());
        let widget = Widget::create(host, &css_url, size_by).map_err(js_error)?;
        let mut handle = MapHandle {
            widget: Some(widget),
            strict: Cell::new(options.strict),
            stream: RefCell::new(None),
            read: RefCell::new(None),
        };
        let configured = (|| {
            handle.set_language(options.lang.as_deref().unwrap_or(""))?;
            if let Some(color_by) = options.color_by.as_deref() {
                handle.set_color_by(color_by)?;
            }
            if let Some(scale) = options.scale.as_deref() {
                handle.set_scale(scale)?;
            }
            handle.set_gestures(options.gestures.as_deref().unwrap_or(""))?;
            handle.set_tiles(options.tiles, options.attribution)
        })();
        if configured.is_err() {
            // A bad option: no half-built map, and none of its listeners or observers, stays.
            handle.destroy();
        }
        configured.map(|()| handle)
    }

    /// Writes basemap labels in the language of this BCP 47 tag: Persian script for `fa` (and
    /// `prs`, Dari), English otherwise.
    #[wasm_bindgen(js_name = setLanguage)]
    pub fn set_language(&self, lang: &str) -> Result<(), JsError> {
        let widget = self.widget()?;
        let primary = lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        let language =
            if primary == "fa" || primary == "prs" { LabelLanguage::Persian } else { LabelLanguage::English };
        widget.set_label_language(language);
        Ok(())
    }

    /// Shows raster web tiles under the markers: `template` is an absolute `http(s)` URL with
    /// `{z}`, `{x}`, `{y}` and optionally `{r}` (`@2x` on high-DPI screens); `attribution` is
    /// the credit the tile provider requires, shown on the map as text. `null` or an empty
    /// template goes back to the vector basemap alone. Tiles that fail or are slow leave the
    /// vector basemap visible.
    #[wasm_bindgen(js_name = setTiles)]
    pub fn set_tiles(&self, template: Option<String>, attribution: Option<String>) -> Result<(), JsError> {
        let widget = self.widget()?;
        let template = template.filter(|t| !t.trim().is_empty());
        let tiles = match template {
            None => None,
            Some(t) => {
                let template = TileTemplate::parse(&t).map_err(|e| JsError::new(&e.to_string()))?;
                Some(tiles::WebTiles::new(template, attribution.unwrap_or_default()))
            }
        };
        widget.set_tiles(tiles);
        Ok(())
    }

    /// Counters for tests and the benchmark: `{paints: {basemap, markers, labels, overlay}, tiles: {cached,
    /// loading, capacity}, drawn: {markers, clusters}}` (`drawn`: the markers of the current view,
    /// clusters among them). Not part of the stable API.
    #[cfg(feature = "test-hooks")]
    #[wasm_bindgen(js_name = debugStats)]
    pub fn debug_stats(&self) -> Result<JsValue, JsError> {
        let widget = self.widget()?;
        let (cached, loading, capacity) = widget.tile_stats();
        let drawn = {
            let mut state = widget.state.try_borrow_mut().map_err(|_| JsError::new("the map is busy"))?;
            let markers = state.map.markers();
            let clusters =
                markers.iter().filter(|m| matches!(m.target, crate::index::MarkerTarget::Cluster(_))).count();
            object(&[("markers", markers.len().to_js()), ("clusters", clusters.to_js())])
        };
        let tiles = object(&[("cached", cached.to_js()), ("loading", loading.to_js()), ("capacity", capacity.to_js())]);
        Ok(object(&[("paints", widget.paint_counts().to_js()), ("tiles", tiles), ("drawn", drawn)]))
    }

    /// The labels the overlay draws now, for tests: `[{text, x, y, size, bold, anchor}]` with
    /// `anchor` one of `start` (text runs right of x), `end` (left of x) or `center`.
    #[cfg(feature = "test-hooks")]
    #[wasm_bindgen(js_name = debugLabels)]
    pub fn debug_labels(&self) -> Result<JsValue, JsError> {
        let widget = self.widget()?;
        let list = widget.state.try_borrow_mut().map_err(|_| JsError::new("the map is busy"))?.map.overlay_layer();
        struct Label<'a> {
            text: &'a str,
            x: f64,
            y: f64,
            size: f64,
            bold: bool,
            anchor: &'static str,
        }
        impl ToJs for Label<'_> {
            fn to_js(&self) -> JsValue {
                object(&[
                    ("text", self.text.to_js()),
                    ("x", self.x.to_js()),
                    ("y", self.y.to_js()),
                    ("size", self.size.to_js()),
                    ("bold", self.bold.to_js()),
                    ("anchor", self.anchor.to_js()),
                ])
            }
        }
        let labels: Vec<Label<'_>> = list
            .commands
            .iter()
            .filter_map(|c| match c {
                DrawCommand::Text { at, text, size, bold, anchor, .. } => Some(Label {
                    text,
                    x: at.x,
                    y: at.y,
                    size: *size,
                    bold: *bold,
                    anchor: match anchor {
                        crate::scene::TextAnchor::Start => "start",
                        crate::scene::TextAnchor::End => "end",
                        crate::scene::TextAnchor::Center => "center",
                    },
                }),
                _ => None,
            })
            .collect();
        Ok(to_js(&labels))
    }

    fn widget(&self) -> Result<&Rc<Widget>, JsError> {
        self.widget
            .as_ref()
            .filter(|w| !w.is_destroyed())
            .ok_or_else(|| JsError::new("this map was destroyed; create a new one"))
    }

    /// Draws the basemap registered under `key` with [`register_basemap`].
    #[wasm_bindgen(js_name = useBasemap)]
    pub fn use_basemap(&self, key: &str) -> Result<(), JsError> {
        let widget = self.widget()?;
        let basemap = BASEMAPS
            .with(|b| b.borrow().get(key).cloned())
            .ok_or_else(|| JsError::new(&format!("no basemap registered as {}", Quoted(key))))?;
        widget.set_basemap(basemap);
        Ok(())
    }

    /// Loads incidents from GeoJSON or CSV text, or a GeoJSON object. Returns the report
    /// `{loaded, rejected: [{index, line, id, field, message}], warnings}`; the valid incidents
    /// replace the shown ones. An input that cannot be read at all throws, shows the error in the
    /// map and fires `error`, and leaves the incidents shown before untouched. `null` when the
    /// data needs the gazetteer and it is not registered yet (nothing changes): load again after
    /// `registerGazetteer`.
    #[wasm_bindgen(js_name = setData)]
    pub fn set_data(&self, data: JsValue) -> Result<JsValue, JsError> {
        self.widget()?;
        self.stream.replace(None);
        self.read.replace(None);
        let options = LoadOptions { strict: self.strict.get(), ..LoadOptions::default() };
        self.show_loaded(load_any(&data, &options))
    }

    /// Starts reading GeoJSON text in chunks (any load in progress is dropped): then `pushBytes`
    /// for each chunk, and `finishData` (or `finishReading`, then `showRead`). Neither the whole
    /// text nor a JSON tree of it is then held in memory, and the page can run between chunks.
    #[wasm_bindgen(js_name = beginData)]
    pub fn begin_data(&self) -> Result<(), JsError> {
        self.widget()?;
        let options = LoadOptions { strict: self.strict.get(), ..LoadOptions::default() };
        self.read.replace(None);
        self.stream.replace(Some(GeoJsonStream::new(&options)));
        Ok(())
    }

    /// Reads the next chunk of UTF-8 bytes (a chunk may end inside a character). An input that
    /// cannot be read throws, like `setData`. `false` when the load stopped because it needs the
    /// gazetteer (see `setData`).
    #[wasm_bindgen(js_name = pushBytes)]
    pub fn push_bytes(&self, chunk: &[u8]) -> Result<bool, JsError> {
        self.widget()?;
        let pushed = match self.stream.borrow_mut().as_mut() {
            Some(stream) => stream.push(chunk),
            None => return Err(JsError::new("no load in progress: call beginData first")),
        };
        match pushed {
            Ok(()) => Ok(true),
            Err(error) => {
                self.stream.replace(None);
                self.show_loaded(Err(error)).map(|report| !report.is_null())
            }
        }
    }

    /// Ends the chunked load: shows the incidents and returns the report (or `null`), like `setData`.
    #[wasm_bindgen(js_name = finishData)]
    pub fn finish_data(&self) -> Result<JsValue, JsError> {
        self.finish_reading()?;
        self.show_read()
    }

    /// Ends the chunked load's reading without showing it (`showRead` does): the incidents are
    /// put in date order here, a task of its own. At a million, profiled, that sort was a third
    /// of the last task of a load by `src` (0.47 of 1.34 s); the page can now run between the two.
    /// The sort now runs while the map still holds the incidents it shows (`IncidentMap::set_store`
    /// sorted after freeing them): 24 bytes an incident more at the peak of a reload.
    /// A load that failed keeps its error for `showRead`.
    #[wasm_bindgen(js_name = finishReading)]
    pub fn finish_reading(&self) -> Result<(), JsError> {
        self.widget()?;
        let stream = self.stream.take().ok_or_else(|| JsError::new("no load in progress: call beginData first"))?;
        let mut read = stream.finish();
        if let Ok(dataset) = &mut read {
            dataset.incidents.sort_by_date();
        }
        self.read.replace(Some(read));
        Ok(())
    }

    /// Shows what `finishReading` read and returns the report (or `null`), like `setData`; or
    /// throws its error.
    #[wasm_bindgen(js_name = showRead)]
    pub fn show_read(&self) -> Result<JsValue, JsError> {
        self.widget()?;
        let read = self.read.take().ok_or_else(|| JsError::new("nothing read to show: call finishReading first"))?;
        self.show_loaded(read)
    }

    /// Whether text (or its first chunk) is GeoJSON for `beginData`, rather than CSV for `setData`.
    #[wasm_bindgen(js_name = isJson)]
    pub fn is_json_text(text: &str) -> bool {
        is_json(text)
    }

    /// Shows what a load produced, or its error (which is also thrown); `null` for a load that
    /// needs the gazetteer first.
    fn show_loaded(&self, loaded: Result<CompactDataset, LoadError>) -> Result<JsValue, JsError> {
        let widget = self.widget()?;
        let dataset = match loaded {
            Ok(dataset) => dataset,
            Err(LoadError::NeedsGazetteer) => return Ok(JsValue::NULL),
            Err(error) => {
                let message = match &error {
                    LoadError::Strict(_) => error.to_string(),
                    _ => format!("The incidents could not be loaded: {error}"),
                };
                widget.fail(&message);
                return Err(JsError::new(&message));
            }
        };
        for problem in dataset.report.rejected.iter().chain(&dataset.report.warnings) {
            web_sys::console::warn_1(&JsValue::from_str(&format!("incident-map: {problem}")));
        }
        let message = load_message(&dataset.report);
        // Every feature rejected: nothing could be loaded, as with a file that cannot be read. The
        // map keeps what it showed (a typo in a column would otherwise wipe a working map).
        if dataset.report.loaded == 0 && !dataset.report.rejected.is_empty() {
            let message = message.unwrap_or_default();
            widget.fail(&message);
            return Err(JsError::new(&message));
        }
        let report = to_js(&ReportDetail::new(&dataset.report));
        widget.controls.show_message(message.as_deref());
        widget.set_incidents(dataset.incidents).map_err(js_error)?;
        widget.outbox.queue("load", report.clone());
        widget.outbox.flush(&widget.host);
        Ok(report)
    }

    /// Sizes the circles by `killed`, `injured` or `total` (killed + injured).
    #[wasm_bindgen(js_name = setSizeBy)]
    pub fn set_size_by(&self, size_by: &str) -> Result<(), JsError> {
        let widget = self.widget()?;
        let size_by = SizeBy::parse(size_by).ok_or_else(|| {
            JsError::new(&format!("size-by must be killed, injured or total, got {}", Quoted(size_by)))
        })?;
        widget.set_size_by(size_by);
        Ok(())
    }

    /// Colours the circles by `target` (type of target), `claim` (claim status) or `none`.
    #[wasm_bindgen(js_name = setColorBy)]
    pub fn set_color_by(&self, color_by: &str) -> Result<(), JsError> {
        let widget = self.widget()?;
        let color_by = ColorBy::parse(color_by).ok_or_else(|| {
            JsError::new(&format!("color-by must be target, claim or none, got {}", Quoted(color_by)))
        })?;
        widget.set_color_by(color_by);
        Ok(())
    }

    /// Fits the size scale to the whole dataset (`fixed`, the default: a circle means the same
    /// number in every time range) or to the time range shown (`visible`).
    #[wasm_bindgen(js_name = setScale)]
    pub fn set_scale(&self, mode: &str) -> Result<(), JsError> {
        let widget = self.widget()?;
        let mode = match mode.trim().to_ascii_lowercase().as_str() {
            "" | "fixed" => ScaleMode::Fixed,
            "visible" => ScaleMode::Visible,
            other => return Err(JsError::new(&format!("scale must be fixed or visible, got {}", Quoted(other)))),
        };
        widget.set_scale_mode(mode);
        Ok(())
    }

    /// `cooperative` (the default, for embeds: the wheel scrolls the page unless the map has
    /// focus or Ctrl/⌘ is held; one finger scrolls, two fingers move the map) or `greedy` (for
    /// full-page maps: the wheel and one finger move the map).
    #[wasm_bindgen(js_name = setGestures)]
    pub fn set_gestures(&self, gestures: &str) -> Result<(), JsError> {
        let widget = self.widget()?;
        let gestures = Gestures::parse(gestures).ok_or_else(|| {
            JsError::new(&format!("gestures must be cooperative or greedy, got {}", Quoted(gestures)))
        })?;
        widget.set_gestures(gestures);
        Ok(())
    }

    /// Shows an error inside the map and fires `error` (for failures outside the map, such as a
    /// failed download of the data).
    #[wasm_bindgen(js_name = showError)]
    pub fn show_error(&self, message: &str) -> Result<(), JsError> {
        self.widget()?.fail(message);
        Ok(())
    }

    /// Shows the incidents from `from` to `to` (inclusive `YYYY-MM-DD` dates); `null` for both
    /// shows everything.
    #[wasm_bindgen(js_name = setTimeRange)]
    pub fn set_time_range(&self, from: Option<String>, to: Option<String>) -> Result<(), JsError> {
        let widget = self.widget()?;
        let range = match (from.as_deref(), to.as_deref()) {
            (None, None) => None,
            (Some(from), Some(to)) => Some(TimeRange::parse(from, to).map_err(|e| JsError::new(&e.to_string()))?),
            _ => return Err(JsError::new("setTimeRange takes both from and to, or neither")),
        };
        widget.set_time_range(range);
        Ok(())
    }

    /// The time range shown: `{from, to}` as `YYYY-MM-DD`.
    #[wasm_bindgen(getter, js_name = timeRange)]
    pub fn time_range(&self) -> Result<JsValue, JsError> {
        Ok(to_js(&self.widget()?.time_range_detail()))
    }

    /// Selects the incident with this id (opens its details), or clears the selection with `null`.
    pub fn select(&self, id: Option<String>) -> Result<(), JsError> {
        let widget = self.widget()?;
        let effect = {
            let mut state = widget.state.try_borrow_mut().map_err(|_| JsError::new("the map is busy"))?;
            match id.as_deref() {
                Some(id) => vec![state.map.select(Some(id)).map_err(|e| JsError::new(&e.to_string()))?],
                // Clearing the selection closes the details panel, a cluster's list included.
                None => state.map.close_details(),
            }
        };
        widget.apply_all(effect);
        Ok(())
    }

    /// The selected incident's id, or `null`.
    #[wasm_bindgen(getter)]
    pub fn selected(&self) -> Result<JsValue, JsError> {
        let state = self.widget()?.state.try_borrow().map_err(|_| JsError::new("the map is busy"))?;
        Ok(state.map.selected_incident().map_or(JsValue::NULL, |i| JsValue::from_str(i.id.as_str())))
    }

    /// Where a position is on the element, in CSS pixels: `{x, y}` (like Leaflet's
    /// `latLngToContainerPoint`).
    pub fn project(&self, lon: f64, lat: f64) -> Result<JsValue, JsError> {
        let widget = self.widget()?;
        let position = LonLat::new(lon, lat).map_err(|e| JsError::new(&e.to_string()))?;
        let state = widget.state.try_borrow().map_err(|_| JsError::new("the map is busy"))?;
        let p = state.map.view().project(position);
        let host = widget.host.get_bounding_client_rect();
        let surface = widget.controls.map_area.get_bounding_client_rect();
        let (dx, dy) = (surface.left() - host.left(), surface.top() - host.top());
        Ok(object(&[("x", (p.x + dx).to_js()), ("y", (p.y + dy).to_js())]))
    }

    /// Shows a named area: `afghanistan`, `kabul`, `mazar-e-sharif` or `kunduz`.
    #[wasm_bindgen(js_name = flyTo)]
    pub fn fly_to(&self, name: &str) -> Result<(), JsError> {
        let widget = self.widget()?;
        let preset = ViewPreset::parse(name).ok_or_else(|| {
            JsError::new(&format!("unknown view {}: use afghanistan, kabul, mazar-e-sharif or kunduz", Quoted(name)))
        })?;
        widget.show_preset(preset);
        Ok(())
    }

    /// Rejects a whole dataset with any invalid incident (`true`), or loads the valid ones and
    /// reports the rest (`false`, the default). Applies to the next `setData`.
    #[wasm_bindgen(js_name = setStrict)]
    pub fn set_strict(&self, strict: bool) -> Result<(), JsError> {
        self.widget()?;
        self.strict.set(strict);
        Ok(())
    }

    /// Shows the box from `west`, `south` to `east`, `north` (degrees) whole, as close as the zoom
    /// limits allow.
    #[wasm_bindgen(js_name = fitBounds)]
    pub fn fit_bounds(&self, west: f64, south: f64, east: f64, north: f64) -> Result<(), JsError> {
        let widget = self.widget()?;
        let corner = |lon: f64, lat: f64| LonLat::new(lon, lat).map_err(|e| JsError::new(&format!("fitBounds: {e}")));
        let bounds = Bounds::new(corner(west, south)?, corner(east, north)?);
        let effect = {
            let mut state = widget.state.try_borrow_mut().map_err(|_| JsError::new("the map is busy"))?;
            state.map.fit_bounds(bounds)
        };
        widget.apply(effect);
        Ok(())
    }

    /// A new canvas with the map as the reader sees it: the basemap, marker and overlay layers at
    /// device resolution, on the map's background colour, with the basemap's attribution written
    /// in the bottom-right corner. Panels and buttons are not part of it.
    pub fn snapshot(&self) -> Result<web_sys::HtmlCanvasElement, JsError> {
        let widget = self.widget()?;
        let view = *widget.state.try_borrow().map_err(|_| JsError::new("the map is busy"))?.map.view();
        snapshot::compose(&widget.controls, &view).map_err(js_error)
    }

    /// Removes the map: every listener, observer, frame and closure, and its DOM. A second call
    /// does nothing.
    pub fn destroy(&mut self) {
        if let Some(widget) = self.widget.take() {
            widget.teardown();
        }
    }
}

/// Text is GeoJSON or CSV; an object is GeoJSON, with its NaN and infinities reported.
fn load_any(data: &JsValue, options: &LoadOptions) -> Result<CompactDataset, LoadError> {
    match data.as_string() {
        Some(text) => load_text_compact(&text, options),
        None => {
            let (value, non_finite) = js_object::to_json(data)?;
            load_geojson_object_compact(value, &non_finite, options)
        }
    }
}

/// Only in the `debug-panic` test build (`make test` builds it separately into
/// `target/debug-panic/`; the release build never has it): a method that panics, so that the
/// end-to-end tests can check what the element does after a real Rust panic.
#[cfg(feature = "debug-panic")]
#[wasm_bindgen]
impl MapHandle {
    /// Panics.
    #[wasm_bindgen(js_name = debugPanic)]
    #[allow(clippy::panic)]
    pub fn debug_panic(&self) {
        panic!("debug-panic: a deliberate panic for the end-to-end tests");
    }

    /// Makes the map's next animation frame panic: a panic in a callback the browser calls, with
    /// no call of the element's around it.
    #[wasm_bindgen(js_name = debugPanicInFrame)]
    pub fn debug_panic_in_frame(&self) -> Result<(), JsError> {
        self.widget()?.panic_in_next_frame();
        Ok(())
    }
}

/// A notice for partly loaded data, or an explanation when nothing could be shown: every
/// feature rejected, or none at all (a header without rows, an empty collection), which loads
/// (the map is cleared) but must not leave a blank map unexplained; and how many incidents were
/// loaded outside the map's area, where no reader would find them unless told.
fn load_message(report: &crate::data::LoadReport) -> Option<String> {
    let off_map = (report.off_map > 0)
        .then(|| format!("Outside the map's area, out of sight: {} (details in the console).", report.off_map));
    let Some(first) = report.rejected.first() else {
        return match report.loaded {
            0 => Some("This data holds no incidents.".to_owned()),
            _ => off_map,
        };
    };
    let total = report.loaded + report.rejected.len();
    let rejected = if report.loaded == 0 {
        format!("No incident could be shown ({total} rejected). First problem: {first}")
    } else {
        format!(
            "{} of {total} incidents could not be shown (details in the console). First: {first}",
            report.rejected.len()
        )
    };
    Some(match off_map {
        Some(off_map) => format!("{rejected} {off_map}"),
        None => rejected,
    })
}
