//! One map on the page: the core [`IncidentMap`], the DOM it drew, its listeners and its frame
//! scheduler. Every DOM event flows one way: listener -> [`InputEvent`] -> `IncidentMap::handle`
//! -> [`Effect`] -> dirty layers -> one animation frame -> display lists -> canvases.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Event, HtmlElement, KeyboardEvent, MouseEvent, PointerEvent, ResizeObserver, ResizeObserverEntry, TouchEvent,
    WheelEvent, Window,
};

use super::callback_guard;
use super::canvas::{CanvasLayer, MapLayer};
use super::controls::Controls;
use super::details::{self, DetailsPanel, PanelContent};
use super::dom::set_attr;
use super::dom_input::{map_key, wheel_pixels, Gestures, TwoFingers};
use super::events::{object, to_js, ErrorDetail, Outbox, SelectDetail, TimeRangeDetail, ToJs, ViewDetail};
use super::format;
use super::frame::FrameScheduler;
use super::hint::Hint;
use super::legend::{self, Legend, LegendContent};
use super::listeners::Listener;
use super::scalebar::ScaleBarView;
use super::table::{self, Table};
use super::theme;
use super::ticker::Ticker;
use super::tiles::WebTiles;
use super::time_control::TimeState;
use super::tooltip::Tooltip;
use super::url_state::UrlSync;
use crate::basemap::Basemap;
use crate::categories::ColorBy;
use crate::data::{Incident, IncidentStore, SizeBy};
use crate::index::MarkerTarget;
use crate::input::{Effect, InputEvent, MapKey, PointerKind};
use crate::labels::LabelLanguage;
use crate::map::IncidentMap;
use crate::map::ScaleMode;
use crate::presets::ViewPreset;
use crate::symbols::RadiusScale;
use crate::tiles::TileId;
use crate::view::{Insets, ScreenPoint, ScreenRect, Viewport, Zoom};

/// Which canvases may need repainting at the next frame (each is repainted only if what it
/// shows changed; a layer that only moved is moved).
#[derive(Clone, Copy, Default)]
struct Dirty {
    basemap: bool,
    markers: bool,
    labels: bool,
    /// The rings.
    overlay: bool,
}

impl Dirty {
    const ALL: Dirty = Dirty { basemap: true, markers: true, labels: true, overlay: true };
    /// What a change of the markers shown touches: the rings follow the markers, and the labels
    /// keep clear of the selected one.
    const MARKERS: Dirty = Dirty { basemap: false, markers: true, labels: true, overlay: true };
    const LABELS: Dirty = Dirty { basemap: false, markers: false, labels: true, overlay: false };
    const RINGS: Dirty = Dirty { basemap: false, markers: false, labels: false, overlay: true };
    /// What a selection or the end of a drag touches.
    const LABELS_AND_RINGS: Dirty = Dirty { basemap: false, markers: false, labels: true, overlay: true };

    fn merge(&mut self, other: Dirty) {
        self.basemap |= other.basemap;
        self.markers |= other.markers;
        self.labels |= other.labels;
        self.overlay |= other.overlay;
    }
}

/// Runs `f` for the widget behind `weak`, if it is still there, as a callback of its map: every
/// closure the browser calls (events, frames, timers, observers, tile loads) goes through here, so
/// that a panic inside stops that map (see `callback_guard`).
pub(crate) fn run_callback(weak: &Weak<Widget>, f: impl FnOnce(&Rc<Widget>)) {
    if let Some(widget) = weak.upgrade() {
        callback_guard::callback_of(&widget.host, || f(&widget));
    }
}

/// The scale the legend shows: the one the view's markers are drawn at, the value drawn at the
/// largest single-incident size, and whether it is stepped down from the dataset's.
fn legend_scale(map: &mut IncidentMap) -> (RadiusScale, u32, bool) {
    let drawn = map.drawn_scale();
    if drawn == map.scale() {
        (drawn, map.scale_max(), false)
    } else {
        let value = drawn.value_at(RadiusScale::MAX_RADIUS);
        (drawn, u32::try_from(value).unwrap_or(u32::MAX), true)
    }
}

/// Paints the markers' layer with its pad (the markers of the padded view, as they were merged
/// for this zoom), if the map's aggregation covers the padded view: `false` (nothing painted) if
/// not. The layer may paint the screen's view alone (a browser without OffscreenCanvas): the
/// markers are listed for the view it asks for.
fn paint_markers_padded(layer: &MapLayer, map: &mut IncidentMap, view: &Viewport, merge: u64) -> bool {
    let padded = MapLayer::padded(view);
    let Some(list) = map.marker_layer_in(&padded) else { return false };
    layer.paint_padded(view, merge, |target, painted| {
        let list = if *painted == padded { Some(list) } else { map.marker_layer_in(painted) };
        if let Some(list) = list {
            let _ = target.paint(&list, painted.pixel_ratio());
        }
    });
    true
}

/// How long the view stays still before the layers are painted whole for it (a scaled basemap
/// replaced, the markers' pad painted, the labels shown again), in milliseconds: past a wheel
/// gesture's notches, short enough to be done before the next drag.
const SETTLE_MS: i32 = 150;

/// Whether the reader is on a Mac or an iPhone, where the zoom modifier is ⌘.
fn is_apple(window: &Window) -> bool {
    window.navigator().platform().is_ok_and(|p| p.starts_with("Mac") || p.starts_with("iP"))
}

/// Ids a `clusteropen` event carries at most (the count says how many there are).
const LISTED_IDS: usize = 100;

/// Detail of `clusteropen`: how many incidents a clicked cluster holds, and the first ids.
struct ClusterDetail {
    count: usize,
    ids: Vec<String>,
}

impl ToJs for ClusterDetail {
    fn to_js(&self) -> JsValue {
        object(&[("count", self.count.to_js()), ("ids", self.ids.to_js())])
    }
}

/// Maps narrower or shorter than this start with the legend folded.
const SMALL_MAP_WIDTH_PX: f64 = 640.0;
const SMALL_MAP_HEIGHT_PX: f64 = 420.0;

/// Maps at most this wide show the details panel as a bottom sheet (see incident-map.css).
const NARROW_MAP_PX: f64 = 480.0;
/// The details panel's default width (`--im-panel-width`), used before it has been laid out.
const PANEL_WIDTH_PX: f64 = 320.0;

/// How often each layer was painted: tests check that hover, selection and time changes never
/// repaint the basemap.
#[derive(Clone, Copy, Default)]
pub(crate) struct PaintCounts {
    pub basemap: u32,
    pub markers: u32,
    /// Label placements painted (not counting a picture moved with a pan).
    pub labels: u32,
    pub overlay: u32,
}

impl ToJs for PaintCounts {
    fn to_js(&self) -> JsValue {
        object(&[
            ("basemap", self.basemap.to_js()),
            ("markers", self.markers.to_js()),
            ("labels", self.labels.to_js()),
            ("overlay", self.overlay.to_js()),
        ])
    }
}

/// The controls drawn over the map, which labels keep clear of: each button, the credit line and
/// the scale bar (a new control over the map belongs in this list).
const CONTROL_SELECTORS: &str = ".im-zoom > *, .im-views > *, .im-attribution, .im-scale, .im-legend";

/// The container's `ResizeObserver` and the closure it calls.
type SizeObserver = (ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

pub(crate) struct State {
    pub(crate) map: IncidentMap,
    dirty: Dirty,
    view_announced: bool,
    /// The centre and zoom of the last `viewchange`: a repaint that keeps them (new data, a
    /// resize) fires none.
    last_view: Option<[f64; 3]>,
}

pub(crate) struct Widget {
    /// Only in the `debug-panic` test build: this map's next frame panics.
    #[cfg(feature = "debug-panic")]
    panic_in_next_frame: Cell<bool>,
    pub(crate) host: HtmlElement,
    pub(crate) window: Window,
    pub(crate) controls: Controls,
    legend: Legend,
    tooltip: Tooltip,
    table: Table,
    hint: Hint,
    gestures: Cell<Gestures>,
    two_fingers: TwoFingers,
    /// Set by a press on the map, so that the focus it gives the markers is not taken for the
    /// keyboard's.
    focus_by_pointer: Cell<bool>,
    /// Whether the legend's initial state was chosen for the map's first real size.
    legend_sized: Cell<bool>,
    pub(crate) state: RefCell<State>,
    pub(crate) outbox: Outbox,
    frame: FrameScheduler,
    listeners: RefCell<Vec<Listener>>,
    /// The time control under the map (src/web/time_control.rs).
    pub(crate) time: TimeState,
    /// The link to the URL hash, when the embedder asked for one (src/web/url_state.rs).
    pub(crate) url: RefCell<Option<UrlSync>>,
    resize: RefCell<Option<SizeObserver>>,
    destroyed: Cell<bool>,
    /// This widget, for callbacks that must not keep it alive (tile images).
    me: Weak<Widget>,
    scale_bar: ScaleBarView,
    /// Optional web tiles drawn over the vector land.
    tiles: RefCell<Option<WebTiles>>,
    /// The basemap's credit line, shown after the tiles' one.
    basemap_credit: RefCell<String>,
    paints: Cell<PaintCounts>,
    /// Whether the basemap layer shows a scaled copy (a wheel zoom's stand-in).
    basemap_scaled: Cell<bool>,
    /// The world size (the zoom) the basemap was last painted at: another is painted in place.
    basemap_world_size: Cell<Option<f64>>,
    /// Whether the zoom under way comes from a wheel or a pinch (many small steps, each a frame),
    /// until the view settles: only such a zoom shows stand-ins. A button or key zooms once and
    /// is painted whole at once.
    zoom_burst: Cell<bool>,
    /// Once the view has been still for a moment: paints the layers whole for it, so that the
    /// next pan frame moves canvases and the next wheel notch can scale the basemap.
    settle: Ticker,
    /// Whether the next frame places the labels for its view even if it only moved (`settle`
    /// asks for it).
    labels_due: Cell<bool>,
    /// How many entries of a cluster's list the details panel shows ("Show more" adds a page).
    list_shown: Cell<usize>,
}

fn pointer_kind(event: &PointerEvent) -> PointerKind {
    match event.pointer_type().as_str() {
        "touch" => PointerKind::Touch,
        "pen" => PointerKind::Pen,
        _ => PointerKind::Mouse,
    }
}

impl Widget {
    /// Builds the widget's DOM in `host`'s shadow root and wires every listener.
    pub(crate) fn create(host: HtmlElement, css_url: &str, size_by: SizeBy) -> Result<Rc<Self>, JsValue> {
        let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window: the map needs a browser page"))?;
        let doc = window.document().ok_or_else(|| JsValue::from_str("no document"))?;
        let root = match host.shadow_root() {
            Some(root) => {
                root.set_text_content(None);
                root
            }
            None => host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?,
        };
        let controls = Controls::build(&doc, &root, css_url)?;
        let legend = Legend::build(&doc, &controls.map_area)?;
        let tooltip = Tooltip::build(&doc, &controls.map_area);
        let hint = Hint::build(&doc, &controls.map_area);
        let frame_el = controls.map_area.parent_element().ok_or_else(|| JsValue::from_str("map area has no parent"))?;
        let table = Table::build(&doc, &frame_el);
        let scale_bar = ScaleBarView::build(&doc, &controls.map_area);
        let mut map = IncidentMap::new(0.0, 0.0, window.device_pixel_ratio());
        map.set_size_by(size_by);
        map.set_theme(theme::read(&window, &host));
        let state = State { map, dirty: Dirty::ALL, view_announced: false, last_view: None };
        let widget = Rc::new_cyclic(|me: &Weak<Widget>| {
            let time = TimeState::new(window.clone(), me.clone());
            let weak = me.clone();
            let frame = FrameScheduler::new(window.clone(), move |_| run_callback(&weak, |w| w.paint_frame()));
            let weak = me.clone();
            let settle = Ticker::new(window.clone(), move || run_callback(&weak, |w| w.settle()));
            Widget {
                #[cfg(feature = "debug-panic")]
                panic_in_next_frame: Cell::new(false),
                host,
                window,
                controls,
                legend,
                tooltip,
                table,
                hint,
                gestures: Cell::new(Gestures::default()),
                two_fingers: TwoFingers::default(),
                focus_by_pointer: Cell::new(false),
                legend_sized: Cell::new(false),
                state: RefCell::new(state),
                outbox: Outbox::default(),
                frame,
                listeners: RefCell::new(Vec::new()),
                time,
                url: RefCell::new(None),
                resize: RefCell::new(None),
                destroyed: Cell::new(false),
                me: me.clone(),
                scale_bar,
                tiles: RefCell::new(None),
                basemap_credit: RefCell::new(String::new()),
                paints: Cell::new(PaintCounts::default()),
                basemap_scaled: Cell::new(false),
                list_shown: Cell::new(details::LIST_PAGE),
                basemap_world_size: Cell::new(None),
                zoom_burst: Cell::new(false),
                settle,
                labels_due: Cell::new(false),
            }
        });
        widget.wire()?;
        widget.wire_time_control()?;
        widget.observe_size()?;
        Ok(widget)
    }

    /// A listener that forwards to the widget while it lives (it holds only a weak reference).
    pub(crate) fn listener<E: JsCast + 'static>(
        self: &Rc<Self>,
        target: &web_sys::EventTarget,
        event_type: &'static str,
        passive: bool,
        handler: impl Fn(&Rc<Widget>, E) + 'static,
    ) -> Result<Listener, JsValue> {
        let weak = Rc::downgrade(self);
        Listener::new(target, event_type, passive, move |event: Event| {
            if let Ok(event) = event.dyn_into::<E>() {
                run_callback(&weak, |widget| handler(widget, event));
            }
        })
    }

    /// Adds a listener that lives until `teardown`.
    pub(crate) fn listen<E: JsCast + 'static>(
        self: &Rc<Self>,
        target: &web_sys::EventTarget,
        event_type: &'static str,
        passive: bool,
        handler: impl Fn(&Rc<Widget>, E) + 'static,
    ) -> Result<(), JsValue> {
        let listener = self.listener(target, event_type, passive, handler)?;
        self.listeners.borrow_mut().push(listener);
        Ok(())
    }

    fn wire(self: &Rc<Self>) -> Result<(), JsValue> {
        let c = &self.controls;
        // The pointer's surface: the canvases under it take no pointer events (they move).
        let surface = c.surface.root.clone();
        self.listen(&surface, "pointerdown", true, |w, e: PointerEvent| {
            // The press also focuses the markers; that focus is the pointer's, not the keyboard's.
            w.focus_by_pointer.set(true);
            w.pointer(&e, |pointer, at, kind| InputEvent::PointerDown { pointer, at, kind });
        })?;
        self.listen(&surface, "pointermove", true, |w, e: PointerEvent| {
            // Cooperative gestures: one finger scrolls the page, so it never drags the map.
            if w.gestures.get() == Gestures::Cooperative && pointer_kind(&e) == PointerKind::Touch {
                return;
            }
            w.pointer(&e, |pointer, at, kind| InputEvent::PointerMove { pointer, at, kind });
            // A drag keeps the pointer past the map's edge. Captured once the press has become a
            // drag, not at the press: a click needs no capture, and taking it costs a click a
            // twentieth of its time.
            let root = &w.controls.surface.root;
            let dragging = w.state.try_borrow().is_ok_and(|s| s.map.is_dragging());
            if dragging && !root.has_pointer_capture(e.pointer_id()) {
                let _ = root.set_pointer_capture(e.pointer_id());
            }
        })?;
        self.listen(&surface, "pointerup", true, |w, e: PointerEvent| {
            w.pointer(&e, |pointer, at, kind| InputEvent::PointerUp { pointer, at, kind });
        })?;
        self.listen(&surface, "pointercancel", true, |w, _: PointerEvent| w.input(InputEvent::PointerLeave))?;
        self.listen(&surface, "pointerleave", true, |w, _: PointerEvent| w.input(InputEvent::PointerLeave))?;
        self.listen(&surface, "wheel", false, |w, e: WheelEvent| w.wheel(&e))?;
        let keyboard_surface = c.surface.root.clone();
        self.listen(&keyboard_surface, "touchstart", false, |w, e: TouchEvent| w.touch(&e))?;
        self.listen(&keyboard_surface, "touchmove", false, |w, e: TouchEvent| w.touch(&e))?;
        self.listen(&keyboard_surface, "touchend", true, |w, _: TouchEvent| w.two_fingers.reset())?;
        self.listen(&keyboard_surface, "touchcancel", true, |w, _: TouchEvent| w.two_fingers.reset())?;
        self.listen(&c.map_area, "keydown", false, |w, e: KeyboardEvent| {
            let on_surface = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .is_some_and(|n| w.controls.surface.root.is_same_node(Some(&n)));
            let Some(key) = map_key(&e, on_surface) else { return };
            e.prevent_default();
            w.input(InputEvent::Key(key));
        })?;
        self.listen(&keyboard_surface, "focus", true, |w, _: Event| w.surface_focused())?;
        self.listen(&self.table.toggle, "click", true, |w, _: Event| w.toggle_table())?;
        self.listen(self.table.rows(), "click", true, |w, e: Event| w.table_clicked(&e))?;
        self.listen(&c.stylesheet, "load", true, |w, _: Event| {
            w.refresh_theme();
            // The map's box may already have its styled size (no resize follows): decide now.
            let area = &w.controls.map_area;
            w.fold_legend_on_small_maps(f64::from(area.client_width()), f64::from(area.client_height()));
        })?;
        if let Ok(Some(dark)) = self.window.match_media("(prefers-color-scheme: dark)") {
            self.listen(&dark, "change", true, |w, _: Event| w.refresh_theme())?;
        }
        self.listen(&c.zoom_in, "click", true, |w, _: Event| w.input(InputEvent::Key(MapKey::ZoomIn)))?;
        self.listen(&c.zoom_out, "click", true, |w, _: Event| w.input(InputEvent::Key(MapKey::ZoomOut)))?;
        self.listen(&c.details_close, "click", true, |w, _: Event| w.input(InputEvent::Key(MapKey::Escape)))?;
        for (preset, button) in &c.view_buttons {
            let preset = *preset;
            self.listen(button, "click", true, move |w, _: Event| w.show_preset(preset))?;
        }
        self.listen(&c.details_body, "click", true, |w, e: Event| w.details_clicked(&e))?;
        self.listen(&self.legend.colours, "click", true, |w, e: Event| w.legend_clicked(&e))?;
        Ok(())
    }

    fn observe_size(self: &Rc<Self>) -> Result<(), JsValue> {
        let weak = Rc::downgrade(self);
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            run_callback(&weak, |w| {
                for entry in entries.iter() {
                    let Some(entry) = entry.dyn_ref::<ResizeObserverEntry>() else { continue };
                    if entry.target().is_same_node(Some(&w.controls.map_area)) {
                        let rect = entry.content_rect();
                        w.resize(rect.width(), rect.height());
                    }
                }
                // The map, the legend or the details panel changed size: layout has just run, so
                // the panels' sizes are read here, once, and not on every click (where a read after
                // a DOM change would force a synchronous layout).
                w.update_insets();
            });
        });
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref())?;
        observer.observe(&self.controls.map_area);
        observer.observe(&self.legend.root);
        observer.observe(&self.controls.details);
        *self.resize.borrow_mut() = Some((observer, callback));
        Ok(())
    }

    /// Takes down listeners, observers and the pending frame, and empties the shadow root.
    pub(crate) fn teardown(&self) {
        if self.destroyed.replace(true) {
            return;
        }
        self.listeners.borrow_mut().clear();
        self.time.teardown();
        *self.url.borrow_mut() = None;
        if let Some((observer, _callback)) = self.resize.borrow_mut().take() {
            observer.disconnect();
        }
        self.frame.frame_started();
        self.settle.cancel();
        // Drops every tile image with its callbacks, stopping their downloads.
        self.tiles.borrow_mut().take();
        if let Some(root) = self.host.shadow_root() {
            root.set_text_content(None);
        }
    }

    pub(crate) fn is_destroyed(&self) -> bool {
        self.destroyed.get()
    }

    fn local_point(&self, client_x: f64, client_y: f64) -> ScreenPoint {
        // The map area's box: the canvases reach past it and move under it.
        let rect = self.controls.surface.root.get_bounding_client_rect();
        ScreenPoint::new(client_x - rect.left(), client_y - rect.top())
    }

    fn pointer(&self, e: &PointerEvent, make: impl FnOnce(i32, ScreenPoint, PointerKind) -> InputEvent) {
        let at = self.local_point(e.client_x().into(), e.client_y().into());
        self.input(make(e.pointer_id(), at, pointer_kind(e)));
    }

    /// Feeds one input to the core and acts on its effects.
    pub(crate) fn input(&self, event: InputEvent) {
        self.zoom_burst.set(matches!(event, InputEvent::Wheel { .. } | InputEvent::TwoFingers { .. }));
        let (effects, drag_ended) = match self.state.try_borrow_mut() {
            Ok(mut state) => {
                let was_dragging = state.map.is_dragging();
                let effects = state.map.handle(event);
                (effects, was_dragging && !state.map.is_dragging())
            }
            Err(_) => return,
        };
        if drag_ended {
            // A drag moves the labels and rings with the map; at its end they are painted for the
            // new view.
            self.mark(Dirty::LABELS_AND_RINGS);
        }
        if effects.contains(&Effect::ViewChanged) {
            // The reader moved the map: the URL follows without a history entry of its own.
            self.note_url_change(false);
        }
        self.apply_all(effects);
    }

    /// Acts on several effects, then dispatches the events they queued.
    pub(crate) fn apply_all(&self, effects: Vec<Effect>) {
        for effect in effects {
            self.apply_one(effect);
        }
        self.outbox.flush(&self.host);
    }

    /// Acts on one effect and dispatches the events it queued.
    pub(crate) fn apply(&self, effect: Effect) {
        self.apply_all(vec![effect]);
    }

    /// Acts on what the core says changed: marks layers dirty, updates the DOM, queues events.
    fn apply_one(&self, effect: Effect) {
        match effect {
            Effect::Nothing => {}
            Effect::ViewChanged => {
                self.tooltip.hide();
                self.mark(Dirty::ALL);
            }
            Effect::MarkersChanged => {
                self.tooltip.hide();
                self.mark(Dirty::MARKERS);
            }
            Effect::HoverChanged(target) => {
                let cursor = if target.is_some() { "pointer" } else { "" };
                let _ = self.controls.surface.root.style().set_property("cursor", cursor);
                self.refresh_tooltip();
                self.mark(Dirty::RINGS);
            }
            Effect::ListChanged => {
                self.tooltip.hide();
                self.list_shown.set(details::LIST_PAGE);
                self.refresh_details();
                let listed = self.state.try_borrow().ok().and_then(|s| s.map.listed_ids(LISTED_IDS));
                if let Some((count, ids)) = listed {
                    self.controls.surface.announce(&format!("{count} incidents here, listed in the details panel"));
                    self.outbox.queue("clusteropen", to_js(&ClusterDetail { count, ids }));
                }
            }
            Effect::FocusChanged(_) => {
                self.mark(Dirty::RINGS);
                self.refresh_focus();
            }
            Effect::SelectionChanged(id) => {
                self.mark(Dirty::LABELS_AND_RINGS);
                self.refresh_details();
                self.refresh_focus();
                self.mark_table_selection();
                if id.is_some() {
                    self.announce_selection();
                }
                self.outbox.queue("select", to_js(&SelectDetail { id: id.as_ref().map(|i| i.as_str()) }));
                self.note_url_change(true);
            }
        }
    }

    /// A wheel turn: zooms the map, unless cooperative gestures leave it to the page.
    fn wheel(&self, e: &WheelEvent) {
        let map_has_focus = self.host.shadow_root().and_then(|r| r.active_element()).is_some();
        let modifier = e.ctrl_key() || e.meta_key();
        if self.gestures.get() == Gestures::Cooperative && !modifier && !map_has_focus {
            self.hint.show(if is_apple(&self.window) {
                "Use ⌘ + scroll to zoom the map"
            } else {
                "Use Ctrl + scroll to zoom the map"
            });
            return;
        }
        e.prevent_default();
        let page = f64::from(self.controls.map_area.client_height());
        let at = self.local_point(e.client_x().into(), e.client_y().into());
        self.input(InputEvent::Wheel { at, delta_px: wheel_pixels(e, page) });
    }

    /// Touches: two fingers move and pinch the map; in cooperative mode one finger is left to
    /// the page (and a hint says how to move the map).
    fn touch(&self, e: &TouchEvent) {
        let fingers = e.touches().length();
        if fingers >= 2 {
            e.prevent_default();
            let local = |x: f64, y: f64| self.local_point(x, y);
            if let Some(input) = self.two_fingers.track(e, local) {
                self.input(input);
            }
        } else if fingers == 1 && e.type_() == "touchmove" && self.gestures.get() == Gestures::Cooperative {
            self.hint.show("Use two fingers to move the map");
        }
    }

    /// Chooses cooperative or greedy gestures.
    pub(crate) fn set_gestures(&self, gestures: Gestures) {
        self.gestures.set(gestures);
        let class = self.controls.map_area.class_list();
        let _ = class.toggle_with_force("im-greedy", gestures == Gestures::Greedy);
    }

    /// Tabbing onto the markers: start on the first incident so that the arrows have a place.
    /// A click that focuses them leaves the view alone.
    fn surface_focused(&self) {
        if self.focus_by_pointer.replace(false) {
            return;
        }
        let effects = match self.state.try_borrow_mut() {
            Ok(mut state) if state.map.focused_incident().is_none() => {
                state.map.handle(InputEvent::Key(MapKey::Ends(false)))
            }
            _ => return,
        };
        self.apply_all(effects);
    }

    fn toggle_table(&self) {
        let open = !self.table.is_open();
        self.table.set_open(open);
        self.refresh_table();
    }

    /// A click on a site in the table selects that incident on the map.
    fn table_clicked(&self, event: &Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let Ok(Some(item)) = target.closest(&format!("[{}]", details::INCIDENT_ATTR)) else { return };
        let id = item.get_attribute(details::INCIDENT_ATTR);
        let effects = match self.state.try_borrow_mut() {
            Ok(mut state) => {
                let mut effects = state.map.focus(id.as_deref());
                effects.extend(state.map.handle(InputEvent::Key(MapKey::Activate)));
                effects
            }
            Err(_) => return,
        };
        self.apply_all(effects);
        // A tap or a click on a site below a map scrolled up out of sight (on a phone most of
        // all) would change nothing the reader sees: bring the map into view. Enter on a site
        // makes a click at (0, 0): a keyboard reader keeps the page where it is, and the focus.
        let pointer = event.dyn_ref::<MouseEvent>().is_some_and(|e| e.client_x() != 0 || e.client_y() != 0);
        if pointer && self.controls.map_area.get_bounding_client_rect().top() < 0.0 {
            self.controls.map_area.scroll_into_view_with_bool(true);
        }
    }

    /// The zoom buttons say when they can go no further (`aria-disabled`, not `disabled`, which
    /// would take the keyboard focus from the button just pressed).
    fn mark_zoom_limits(&self, zoom: f64) {
        let c = &self.controls;
        for (button, limit) in [(&c.zoom_in, Zoom::MAX), (&c.zoom_out, Zoom::MIN)] {
            set_attr(button, "aria-disabled", if zoom == limit { "true" } else { "false" });
        }
    }

    /// The button of the named area the map shows, until the reader moves it, is the current
    /// one (`aria-current`): a reader sees, and hears, where the map is.
    fn mark_current_view(&self, current: Option<ViewPreset>) {
        for (preset, button) in &self.controls.view_buttons {
            set_attr(button, "aria-current", if current == Some(*preset) { "true" } else { "false" });
        }
    }

    /// Says whose details opened: a choice made from the keyboard (Enter on a marker, a site in
    /// the table) leaves the focus where it was, so nothing else would tell a screen reader.
    fn announce_selection(&self) {
        let title = self.state.try_borrow().ok().and_then(|s| s.map.selected_incident()).map(|i| i.title().to_owned());
        if let Some(title) = title {
            self.controls.surface.announce(&format!("{title}: details shown"));
        }
    }

    /// Moves the table's highlight to the selected incident. The rows stay: rebuilding them would
    /// drop the keyboard focus from the site button that made the selection.
    fn mark_table_selection(&self) {
        if let Ok(state) = self.state.try_borrow() {
            self.table.mark_selected(state.map.selected_id());
        }
    }

    /// Rebuilds the table's rows if it is open.
    pub(crate) fn refresh_table(&self) {
        if !self.table.is_open() {
            return;
        }
        let Ok(state) = self.state.try_borrow() else { return };
        let map = &state.map;
        let total = map.shown_count();
        let rows: Vec<Incident> = map.shown_incidents().take(table::MAX_ROWS).collect();
        self.table.show(&rows, total, map.selected_id());
    }

    /// Reads the colours again (the reader switched to or from a dark theme).
    fn refresh_theme(&self) {
        let theme = theme::read(&self.window, &self.host);
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.map.set_theme(theme);
        }
        self.copies_changed();
        self.controls.timebar.forget_layout();
        self.refresh_legend();
        self.refresh_time_control();
        self.mark(Dirty::ALL);
    }

    /// Announces how many incidents the filters show, and over which days.
    fn announce_shown(&self) {
        // With a time control, its counters (a live region) say the new count and its days: the
        // status line saying it too would be heard twice.
        if self.has_time_control() {
            self.controls.surface.announce("");
            return;
        }
        let Ok(state) = self.state.try_borrow() else { return };
        let map = &state.map;
        let shown = map.shown_count();
        let noun = if shown == 1 { "incident" } else { "incidents" };
        let mut text = format!("{shown} {noun} shown");
        if let Some(range) = map.time_range().or(map.data_span()) {
            text.push_str(&format!(", {} – {}", format::day(range.from()), format::day(range.to())));
        }
        self.controls.surface.announce(&text);
    }

    /// On a small map the open legend would cover much of it: it starts folded there (once; the
    /// reader's own choice is kept after that). Decided at the first size measured with the
    /// stylesheet applied: unstyled, a large map's box measured 150 px high and folded its
    /// legend (the end-to-end tests caught it with the stylesheet slow to arrive, on a busy machine).
    fn fold_legend_on_small_maps(&self, width: f64, height: f64) {
        if width <= 0.0 || height <= 0.0 || !self.styled() || self.legend_sized.replace(true) {
            return;
        }
        if width < SMALL_MAP_WIDTH_PX || height < SMALL_MAP_HEIGHT_PX {
            let _ = self.legend.root.remove_attribute("open");
        }
    }

    /// Whether the widget's stylesheet has loaded (its `<link>` has a sheet).
    fn styled(&self) -> bool {
        js_sys::Reflect::get(&self.controls.stylesheet, &JsValue::from_str("sheet"))
            .is_ok_and(|sheet| sheet.is_object())
    }

    /// Tells the core which parts of the map the panels cover: a click on a cluster opens the
    /// details panel (right side, or a bottom sheet on narrow maps) while zooming in, and the
    /// cluster's incidents should land where the reader can see them.
    fn update_insets(&self) {
        let area = &self.controls.map_area;
        let (width, height) = (f64::from(area.client_width()), f64::from(area.client_height()));
        let legend = f64::from(self.legend.root.offset_height());
        // Below the view buttons, which wrap to a second row on a phone (their box is 8 px down).
        let buttons =
            self.controls.view_buttons.last().map_or(32.0, |(_, b)| f64::from(b.offset_top() + b.offset_height()));
        let top = buttons + 24.0;
        let insets = if width <= NARROW_MAP_PX {
            Insets { top, right: 16.0, bottom: height * 0.5, left: 16.0 }
        } else {
            let panel = f64::from(self.controls.details.offset_width()).max(PANEL_WIDTH_PX).min(width / 2.0);
            Insets { top, right: panel + 24.0, bottom: legend.min(height / 2.0) + 32.0, left: 24.0 }
        };
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.map.set_insets(insets);
        }
    }

    /// Describes the focused incident to assistive technology.
    fn refresh_focus(&self) {
        let Ok(state) = self.state.try_borrow() else { return };
        let map = &state.map;
        let focused = map.focused_incident();
        let selected = map.focused_id().is_some() && map.focused_id() == map.selected_id();
        let _ = self.controls.surface.show_focus(focused.as_ref(), map.focus_position(), selected);
    }

    fn refresh_tooltip(&self) {
        let Ok(mut state) = self.state.try_borrow_mut() else { return };
        let Some(marker) = state.map.hovered_marker() else {
            self.tooltip.hide();
            return;
        };
        let incident = match marker.target {
            MarkerTarget::Incident(n) if n < state.map.incidents().len() => Some(state.map.incidents().get(n)),
            _ => None,
        };
        let _ = self.tooltip.show(&marker, incident.as_ref(), state.map.view().width());
    }

    /// A click in the details panel: a listed incident opens, "back" returns to the list.
    fn details_clicked(&self, event: &Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        if let Ok(Some(item)) = target.closest(&format!("[{}]", details::INCIDENT_ATTR)) {
            let id = item.get_attribute(details::INCIDENT_ATTR);
            let effect = match self.state.try_borrow_mut() {
                Ok(mut state) => state.map.select(id.as_deref()).unwrap_or(Effect::Nothing),
                Err(_) => return,
            };
            self.apply(effect);
            let _ = self.controls.details_close.focus();
        } else if let Ok(Some(_)) = target.closest(&format!("[{}]", details::MORE_ATTR)) {
            self.show_more_of_list();
        } else if let Ok(Some(_)) = target.closest(&format!("[{}]", details::BACK_ATTR)) {
            let (entry, effect) = match self.state.try_borrow_mut() {
                Ok(mut state) => (state.map.selected_list_entry(), state.map.select(None).unwrap_or(Effect::Nothing)),
                Err(_) => return,
            };
            self.apply(effect);
            // Back to the entry that was opened, not to the top of a list of up to 100 (the
            // panel is filled again, with the focus on it).
            match entry.filter(|&n| n < self.list_shown.get()) {
                Some(n) => self.show_details(Some(n)),
                None => {
                    let _ = self.controls.details_close.focus();
                }
            }
        }
    }

    /// "Show more" in a cluster's list: the next page of entries, with the keyboard focus on the
    /// first of them (the button it was on has moved below them).
    fn show_more_of_list(&self) {
        let first_new = self.list_shown.get();
        self.list_shown.set((first_new + details::LIST_PAGE).min(details::MAX_LISTED));
        self.show_details(Some(first_new));
    }

    /// A click on a colour entry of the legend hides or shows its category.
    fn legend_clicked(&self, event: &Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let Ok(Some(entry)) = target.closest(&format!("[{}]", legend::CATEGORY_ATTR)) else { return };
        let Some(category) = entry.get_attribute(legend::CATEGORY_ATTR).and_then(|c| c.parse::<usize>().ok()) else {
            return;
        };
        let effects = match self.state.try_borrow_mut() {
            Ok(mut state) => {
                let hidden = state.map.is_category_hidden(category);
                state.map.set_category_hidden(category, !hidden)
            }
            Err(_) => return,
        };
        if !effects.is_empty() {
            self.apply_all(effects);
            self.after_filter_change();
            self.focus_legend_entry(category);
        }
    }

    /// Rebuilding the legend replaces its buttons: keep keyboard focus on the same entry.
    fn focus_legend_entry(&self, category: usize) {
        let selector = format!("[{}=\"{category}\"]", legend::CATEGORY_ATTR);
        if let Ok(Some(el)) = self.legend.colours.query_selector(&selector) {
            if let Ok(el) = el.dyn_into::<HtmlElement>() {
                let _ = el.focus();
            }
        }
    }

    /// After a filter other than time changed: markers, legend counts and the status line.
    fn after_filter_change(&self) {
        self.tooltip.hide();
        self.refresh_legend();
        self.recount_time();
        self.refresh_table();
        self.refresh_focus();
        self.announce_shown();
        // Filters and symbols change the markers, never the basemap.
        self.mark(Dirty::MARKERS);
    }

    /// Redraws the legend for the current scale, categories and counts.
    pub(crate) fn refresh_legend(&self) {
        let Ok(mut state) = self.state.try_borrow_mut() else { return };
        let (scale, scale_max, stepped) = legend_scale(&mut state.map);
        let map = &state.map;
        let counts = map.category_counts();
        let hidden: Vec<bool> = (0..map.categories().entries().len()).map(|c| map.is_category_hidden(c)).collect();
        let theme = *map.theme();
        let content = LegendContent {
            size_label: map.size_by().label(),
            scale,
            scale_max,
            stepped,
            categories: map.categories(),
            counts: &counts,
            hidden: &hidden,
            theme: &theme,
            pixel_ratio: self.window.device_pixel_ratio(),
        };
        let _ = self.legend.show(&content);
    }

    /// Sizes markers by another figure.
    pub(crate) fn set_size_by(&self, size_by: SizeBy) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.map.set_size_by(size_by);
        }
        self.after_filter_change();
        self.refresh_details();
    }

    /// Colours markers by another category (all categories shown again).
    pub(crate) fn set_color_by(&self, color_by: ColorBy) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.map.set_color_by(color_by);
        }
        self.after_filter_change();
    }

    /// Fits the size scale to the whole data or to the time range shown.
    pub(crate) fn set_scale_mode(&self, mode: ScaleMode) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.map.set_scale_mode(mode);
        }
        self.after_filter_change();
    }

    /// Hiding the details panel while focus is inside it would drop focus to the page: move it
    /// to the map, where the reader was before opening the details.
    fn keep_focus_out_of_closing_panel(&self) {
        let active = self.host.shadow_root().and_then(|root| root.active_element());
        if active.is_some_and(|el| self.controls.details.contains(Some(&el))) {
            let _ = self.controls.surface.root.focus();
        }
    }

    /// Only in the `debug-panic` test build: the next frame of this map panics.
    #[cfg(feature = "debug-panic")]
    pub(crate) fn panic_in_next_frame(&self) {
        self.panic_in_next_frame.set(true);
        self.mark(Dirty::ALL);
    }

    fn mark(&self, dirty: Dirty) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.dirty.merge(dirty);
            // Only the basemap follows the view: a new filter is not a new view.
            if dirty.basemap {
                state.view_announced = false;
            }
        }
        self.frame.schedule();
    }

    fn refresh_details(&self) {
        self.show_details(None);
    }

    /// Fills the details panel; `focus_entry`: the entry of a cluster's list to focus.
    fn show_details(&self, focus_entry: Option<usize>) {
        let Ok(state) = self.state.try_borrow() else { return };
        let map = &state.map;
        let listed = map.listed_incidents(self.list_shown.get());
        let label = map.size_by().label();
        let selected = map.selected_incident();
        drop(state);
        let content = match (&selected, &listed) {
            (Some(incident), list) => {
                PanelContent::Incident { incident, sized_by_label: label, list_len: list.as_ref().map(|l| l.count) }
            }
            (None, Some(list)) => PanelContent::List(list, focus_entry),
            (None, None) => {
                // Whatever closed it (Escape, the close button, a filter), the keyboard stays in
                // the map rather than falling to the page's <body>.
                self.keep_focus_out_of_closing_panel();
                PanelContent::Hidden
            }
        };
        let panel = DetailsPanel { aside: &self.controls.details, body: &self.controls.details_body };
        details::show(&panel, content);
    }

    fn resize(&self, width: f64, height: f64) {
        self.fold_legend_on_small_maps(width, height);
        let ratio = self.window.device_pixel_ratio();
        let effect = match self.state.try_borrow_mut() {
            Ok(mut state) => state.map.resize(width, height, ratio),
            Err(_) => return,
        };
        self.measure_controls();
        self.copies_changed();
        // Resizing a canvas clears it: paint now, in the same task, so that no blank frame shows.
        self.mark(Dirty::ALL);
        let _ = effect;
        self.paint_frame();
    }

    fn paint_frame(&self) {
        self.frame.frame_started();
        if self.destroyed.get() {
            return;
        }
        let Ok(mut state) = self.state.try_borrow_mut() else {
            return;
        };
        #[cfg(feature = "debug-panic")]
        if self.panic_in_next_frame.replace(false) {
            // With the state borrowed, as a bug in a paint would leave it.
            #[allow(clippy::panic)]
            {
                panic!("debug-panic: a deliberate panic in a frame callback for the end-to-end tests");
            }
        }
        let dirty = std::mem::take(&mut state.dirty);
        let mut paints = self.paints.get();
        if dirty.basemap {
            paints.basemap += 1;
            self.paint_basemap(&state.map);
            self.scale_bar.show(state.map.view());
        }
        if dirty.markers {
            paints.markers += 1;
            self.paint_markers(&mut state.map);
        }
        if dirty.labels && self.paint_labels(&mut state.map) {
            paints.labels += 1;
        }
        if dirty.overlay || dirty.labels {
            paints.overlay += 1;
            self.paint_rings(&mut state.map);
        }
        self.paints.set(paints);
        if !state.view_announced {
            state.view_announced = true;
            let view = state.map.view();
            let (center, zoom) = (view.center(), view.zoom().value());
            let now = [center.lon(), center.lat(), zoom];
            let last = state.last_view.replace(now);
            if last != Some(now) {
                self.outbox.queue("viewchange", to_js(&ViewDetail { center: [now[0], now[1]], zoom }));
                self.mark_current_view(state.map.current_preset());
            }
            // Once a frame at most, and only for a new zoom: not at every move of a drag.
            if last.map(|[_, _, z]| z) != Some(zoom) {
                self.mark_zoom_limits(zoom);
            }
        }
        drop(state);
        self.outbox.flush(&self.host);
    }

    /// Shows the basemap for the map's view. While the view only moves (a drag, arrow keys), the
    /// canvas painted past the screen's edges is moved, and painted only when the view leaves
    /// it; a wheel zoom shows it scaled until the view settles; a new zoom (a button, a key, a
    /// cluster opened, a named area) paints the screen only, and `settle` the pad; any other
    /// change (new tiles, a theme) paints it whole.
    fn paint_basemap(&self, map: &IncidentMap) {
        let view = *map.view();
        let layer = &self.controls.layers.basemap;
        if layer.show(&view, 0) {
            self.basemap_scaled.set(false);
            return;
        }
        let scaled = self.zoom_burst.get() && layer.content().is_some() && layer.show_scaled(&view, 0);
        if !scaled {
            let draw = |target: &CanvasLayer, view: &Viewport| self.draw_basemap(target, map, view);
            // The padded picture is three times the screen's pixels, each a new bitmap to clear
            // and hand over: a cluster's click spent a third of its frame on it (trace at 10k).
            // A pan past the pad keeps going, and paints the pad it will move next; the first
            // painting has no zoom before it, and paints the pad at once rather than twice.
            let before = self.basemap_world_size.replace(Some(view.world_size()));
            if before.is_some_and(|size| size != view.world_size()) {
                layer.paint_in_place(&view, 0, draw);
            } else {
                layer.paint_padded(&view, 0, draw);
            }
        }
        self.basemap_scaled.set(scaled);
        self.settle.after(SETTLE_MS);
    }

    /// The view has been still for [`SETTLE_MS`]: paints each layer whole for it where it shows a
    /// stand-in (a scaled basemap, markers without their pad, hidden labels).
    fn settle(&self) {
        if self.destroyed.get() {
            return;
        }
        let Ok(mut state) = self.state.try_borrow_mut() else { return };
        if state.dirty.basemap {
            return; // a frame is on its way, and will settle again
        }
        let view = *state.map.view();
        let layers = &self.controls.layers;
        self.zoom_burst.set(false);
        // A scaled stand-in, or the screen painted in place at a new zoom: the whole padded view.
        if self.basemap_scaled.replace(false) || layers.basemap.wants_pad(&view, 0) {
            let mut paints = self.paints.get();
            paints.basemap += 1;
            self.paints.set(paints);
            let map = &state.map;
            layers.basemap.paint_padded(&view, 0, |target, view| self.draw_basemap(target, map, view));
        }
        // Labels resting through a wheel zoom, moved with a pan, or kept through new counts that
        // now come near them (a time change, a filter): placed for the view now.
        let await_counts = state.map.labels_await_counts();
        if layers.labels.is_hidden() || layers.labels.moved_from(&view) || await_counts {
            state.dirty.labels = true;
            self.labels_due.set(true);
            self.frame.schedule();
        }
        // The markers' pad, when the layer shows this view's markers without it.
        if !state.dirty.markers {
            let map = &mut state.map;
            if let Some(merge) = map.marker_merge_id().filter(|&m| layers.markers.wants_pad(&view, m)) {
                paint_markers_padded(&layers.markers, map, &view, merge);
            }
        }
    }

    /// Shows the marker layer; like the basemap, moved while the view only moves (the markers
    /// are anchored to the world, and a pan reuses their merge, so the moved canvas is exact).
    fn paint_markers(&self, map: &mut IncidentMap) {
        let view = *map.view();
        let layer = &self.controls.layers.markers;
        let merge = map.marker_merge_id();
        if let Some(merge) = merge {
            if layer.show(&view, merge) {
                return;
            }
            // Same merge, beyond the pad (a long drag): the whole padded view, so that the next
            // frames move it again.
            if layer.content() == Some(merge) && paint_markers_padded(layer, map, &view, merge) {
                return;
            }
        }
        // A new zoom or filter: no more than the screen now, the pad once the view is still.
        let list = map.marker_layer();
        let _ = layer.paint_screen(&view, merge.unwrap_or(0), &list);
        // The markers may be on another scale than the legend shows (a zoom steps it).
        let (scale, scale_max, stepped) = legend_scale(map);
        let _ = self.legend.rescale(scale, scale_max, stepped);
        self.settle.after(SETTLE_MS);
    }

    /// Shows the place labels. While the view only moves (a drag, the arrow keys, a selection
    /// brought clear of the details panel) they move with the map (the screen's labels: none
    /// comes in from the edges), and `settle` places them again once the view is still; on any
    /// other view change, or when the selection they keep clear of moves, they are placed at
    /// once; through a wheel or pinch zoom they rest (hidden), and `settle` brings them back.
    /// `true` if they were placed and painted.
    fn paint_labels(&self, map: &mut IncidentMap) -> bool {
        let view = *map.view();
        let layer = &self.controls.layers.labels;
        // The labels rest (hidden) through a wheel or pinch zoom, until the view settles: placing
        // and rasterising them at every notch was a third of a zoom frame, and at a notch that
        // paints the basemap anew (a level past its scaled stand-in) their new picture cost a
        // new bitmap (2.2 ms three levels in at 1M, profiled), only to vanish again at the next.
        // Two fingers that only move the map move the labels with it, as a drag does.
        let resting = self.zoom_burst.get() && !layer.moved_from(&view);
        layer.set_hidden(resting);
        if resting {
            return false;
        }
        // Placing them at every frame of a pan (and at the frame that ends it, or at a click that
        // pans the map) was most of such a frame.
        let due = self.labels_due.replace(false);
        // New counts alone wait for the map to be still (`settle`), unless it is.
        map.defer_label_counts(!due);
        if !due && layer.moved_from(&view) && layer.show_moved(&view) {
            self.settle.after(SETTLE_MS);
            return false;
        }
        let generation = map.label_generation();
        if layer.show(&view, generation) {
            return false;
        }
        let _ = layer.paint_picture(&view, generation, &map.label_layer().1);
        true
    }

    /// Shows the hover, selection and focus rings: moved with a drag, painted again when they
    /// change (see [`RingLayer`](super::rings::RingLayer)).
    fn paint_rings(&self, map: &mut IncidentMap) {
        let view = *map.view();
        let layer = &self.controls.layers.rings;
        let key = map.ring_key();
        if !layer.show(&view, key, map.is_dragging()) {
            let _ = layer.paint(&view, key, &map.ring_layer());
        }
    }

    /// Draws the basemap (vector land, then web tiles and borders over them if any) for `view`.
    fn draw_basemap(&self, layer: &CanvasLayer, map: &IncidentMap, view: &Viewport) {
        let ratio = view.pixel_ratio();
        let _ = layer.paint(&crate::scene::basemap_layer(map.basemap(), view, map.theme()), ratio);
        if let Some(tiles) = self.tiles.borrow_mut().as_mut() {
            tiles.paint(layer, view, &self.me);
            let _ = layer.draw(&crate::scene::border_layer(map.basemap(), view, map.theme()));
        }
    }

    /// The basemap's content changed (not only the view): the next frame paints it anew.
    fn basemap_changed(&self) {
        self.controls.layers.basemap.invalidate();
    }

    /// The colours or the canvas size changed: no layer holds anything valid any more.
    fn copies_changed(&self) {
        for layer in self.controls.layers.under_rings() {
            layer.invalidate();
        }
        self.controls.layers.rings.invalidate();
    }

    /// Shows a named area.
    pub(crate) fn show_preset(&self, preset: ViewPreset) {
        let effect = match self.state.try_borrow_mut() {
            Ok(mut state) => state.map.show_preset(preset),
            Err(_) => return,
        };
        self.note_url_change(true);
        self.apply(effect);
    }

    pub(crate) fn time_range_detail(&self) -> TimeRangeDetail {
        let Ok(state) = self.state.try_borrow() else {
            return TimeRangeDetail { from: None, to: None };
        };
        let range = state.map.time_range().or(state.map.data_span());
        TimeRangeDetail { from: range.map(|r| r.from().to_string()), to: range.map(|r| r.to().to_string()) }
    }

    /// Replaces the incidents, rebuilds the time control and repaints.
    pub(crate) fn set_incidents(self: &Rc<Self>, incidents: IncidentStore) -> Result<(), JsValue> {
        let effects =
            self.state.try_borrow_mut().map_err(|_| JsValue::from_str("the map is busy"))?.map.set_store(incidents);
        self.apply_all(effects);
        self.time_data_changed()?;
        self.refresh_legend();
        self.refresh_details();
        self.refresh_table();
        self.refresh_focus();
        self.announce_shown();
        self.mark(Dirty::ALL);
        Ok(())
    }

    /// Sets the basemap and the attribution line it requires.
    pub(crate) fn set_basemap(&self, basemap: Rc<Basemap>) {
        *self.basemap_credit.borrow_mut() = basemap.attribution().to_owned();
        self.show_attribution();
        self.measure_controls();
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.map.set_basemap(basemap);
        }
        self.basemap_changed();
        self.mark(Dirty::ALL);
    }

    /// Shows web tiles under the markers (or stops with `None`), crediting them with `attribution`.
    pub(crate) fn set_tiles(&self, tiles: Option<WebTiles>) {
        *self.tiles.borrow_mut() = tiles;
        self.show_attribution();
        self.measure_controls();
        self.repaint_basemap();
    }

    /// Repaints the basemap layer at the next frame, for a reason other than the view (tiles
    /// came or went): no `viewchange` is announced.
    fn repaint_basemap(&self) {
        self.basemap_changed();
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.dirty.basemap = true;
        }
        self.frame.schedule();
    }

    /// The credit line: the tiles' (when shown), then the basemap's, which is drawn under them.
    fn show_attribution(&self) {
        let tiles = self.tiles.borrow();
        let basemap = self.basemap_credit.borrow();
        let credits: Vec<&str> = [tiles.as_ref().map(WebTiles::attribution), Some(basemap.as_str())]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let line = credits.join(" · ");
        self.controls.attribution.set_text_content(Some(&line));
    }

    /// Tells the core where the controls cover the map, so that labels keep clear of them.
    /// Measured when the layout can change (a resize, a new credit line), not at every frame.
    fn measure_controls(&self) {
        let area = self.controls.map_area.get_bounding_client_rect();
        let Ok(found) = self.controls.map_area.query_selector_all(CONTROL_SELECTORS) else { return };
        let rects = (0..found.length())
            .filter_map(|i| found.item(i))
            .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
            .map(|el| el.get_bounding_client_rect())
            .filter(|r| r.width() > 0.0 && r.height() > 0.0)
            .map(|r| ScreenRect {
                x: r.left() - area.left(),
                y: r.top() - area.top(),
                width: r.width(),
                height: r.height(),
            })
            .collect();
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.map.set_label_keep_out(rects);
        }
        self.mark(Dirty::LABELS);
    }

    /// A tile image arrived or failed: repaint the basemap if it is drawn.
    pub(crate) fn tile_settled(&self, id: TileId, ok: bool) {
        let repaint = self.tiles.try_borrow_mut().is_ok_and(|mut t| t.as_mut().is_some_and(|t| t.settled(id, ok)));
        if repaint && !self.destroyed.get() {
            self.repaint_basemap();
        }
    }

    /// How often each layer was painted.
    #[cfg(feature = "test-hooks")]
    pub(crate) fn paint_counts(&self) -> PaintCounts {
        self.paints.get()
    }

    /// `(cached, loading, capacity)` of the web tiles; zeros without tiles.
    #[cfg(feature = "test-hooks")]
    pub(crate) fn tile_stats(&self) -> (usize, usize, usize) {
        self.tiles.borrow().as_ref().map_or((0, 0, 0), WebTiles::stats)
    }

    /// Writes basemap labels in `language`.
    pub(crate) fn set_label_language(&self, language: LabelLanguage) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.map.set_label_language(language);
        }
        self.mark(Dirty::LABELS);
    }

    /// Shows an error inside the widget and fires `error`.
    pub(crate) fn fail(&self, message: &str) {
        self.controls.show_message(Some(message));
        self.outbox.queue("error", to_js(&ErrorDetail { message }));
        self.outbox.flush(&self.host);
    }
}
