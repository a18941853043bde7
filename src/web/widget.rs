//! One map on the page: the core [`IncidentMap`], the DOM it drew, its listeners and its frame
//! scheduler. Every DOM event flows one way: listener -> [`InputEvent`] -> `IncidentMap::handle`
//! -> [`Effect`] -> dirty layers -> one animation frame -> display lists -> canvases.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Event, HtmlElement, KeyboardEvent, PointerEvent, ResizeObserver, ResizeObserverEntry, WheelEvent, Window,
};

use super::controls::Controls;
use super::events::{to_js, ErrorDetail, Outbox, SelectDetail, TimeRangeDetail, ViewDetail};
use super::frame::FrameScheduler;
use super::listeners::Listener;
use super::time_control::TimeState;
use super::url_state::UrlSync;
use crate::basemap::Basemap;
use crate::data::{Incident, SizeBy};
use crate::input::{Effect, InputEvent, MapKey, PointerKind};
use crate::labels::LabelLanguage;
use crate::map::IncidentMap;
use crate::presets::ViewPreset;
use crate::view::ScreenPoint;

/// Which canvases need repainting at the next frame.
#[derive(Clone, Copy, Default)]
struct Dirty {
    basemap: bool,
    markers: bool,
    overlay: bool,
}

impl Dirty {
    const ALL: Dirty = Dirty { basemap: true, markers: true, overlay: true };

    fn merge(&mut self, other: Dirty) {
        self.basemap |= other.basemap;
        self.markers |= other.markers;
        self.overlay |= other.overlay;
    }
}

/// The container's `ResizeObserver` and the closure it calls.
type SizeObserver = (ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

pub(crate) struct State {
    pub(crate) map: IncidentMap,
    dirty: Dirty,
    view_announced: bool,
}

pub(crate) struct Widget {
    pub(crate) host: HtmlElement,
    pub(crate) window: Window,
    pub(crate) controls: Controls,
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
        let mut map = IncidentMap::new(0.0, 0.0, window.device_pixel_ratio());
        map.set_size_by(size_by);
        let state = State { map, dirty: Dirty::ALL, view_announced: false };
        let widget = Rc::new_cyclic(|weak: &Weak<Widget>| {
            let time = TimeState::new(window.clone(), weak.clone());
            let weak = weak.clone();
            let frame = FrameScheduler::new(window.clone(), move |_| {
                if let Some(w) = weak.upgrade() {
                    w.paint_frame();
                }
            });
            Widget {
                host,
                window,
                controls,
                state: RefCell::new(state),
                outbox: Outbox::default(),
                frame,
                listeners: RefCell::new(Vec::new()),
                time,
                url: RefCell::new(None),
                resize: RefCell::new(None),
                destroyed: Cell::new(false),
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
            if let (Some(widget), Ok(event)) = (weak.upgrade(), event.dyn_into::<E>()) {
                handler(&widget, event);
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
        let surface = c.layers[2].canvas.clone();
        self.listen(&surface, "pointerdown", true, |w, e: PointerEvent| {
            let _ = w.controls.layers[2].canvas.set_pointer_capture(e.pointer_id());
            w.pointer(&e, |pointer, at, kind| InputEvent::PointerDown { pointer, at, kind });
        })?;
        self.listen(&surface, "pointermove", true, |w, e: PointerEvent| {
            w.pointer(&e, |pointer, at, kind| InputEvent::PointerMove { pointer, at, kind });
        })?;
        self.listen(&surface, "pointerup", true, |w, e: PointerEvent| {
            w.pointer(&e, |pointer, at, kind| InputEvent::PointerUp { pointer, at, kind });
        })?;
        self.listen(&surface, "pointercancel", true, |w, _: PointerEvent| w.input(InputEvent::PointerLeave))?;
        self.listen(&surface, "pointerleave", true, |w, _: PointerEvent| w.input(InputEvent::PointerLeave))?;
        self.listen(&surface, "wheel", false, |w, e: WheelEvent| {
            e.prevent_default();
            let scale = match e.delta_mode() {
                WheelEvent::DOM_DELTA_LINE => 16.0,
                WheelEvent::DOM_DELTA_PAGE => w.controls.map_area.client_height().into(),
                _ => 1.0,
            };
            let at = w.local_point(e.client_x().into(), e.client_y().into());
            w.input(InputEvent::Wheel { at, delta_px: e.delta_y() * scale });
        })?;
        self.listen(&c.map_area, "keydown", false, |w, e: KeyboardEvent| {
            let key = match e.key().as_str() {
                "+" | "=" => MapKey::ZoomIn,
                "-" | "_" => MapKey::ZoomOut,
                "ArrowLeft" => MapKey::Pan(-1, 0),
                "ArrowRight" => MapKey::Pan(1, 0),
                "ArrowUp" => MapKey::Pan(0, -1),
                "ArrowDown" => MapKey::Pan(0, 1),
                "Escape" => MapKey::Escape,
                _ => return,
            };
            // Keys typed in the details panel (a link, the close button) are not map keys,
            // except Escape, which closes the panel from anywhere in the map.
            let in_panel = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .is_some_and(|n| w.controls.details.contains(Some(&n)));
            if in_panel && key != MapKey::Escape {
                return;
            }
            e.prevent_default();
            w.input(InputEvent::Key(key));
        })?;
        self.listen(&c.zoom_in, "click", true, |w, _: Event| w.input(InputEvent::Key(MapKey::ZoomIn)))?;
        self.listen(&c.zoom_out, "click", true, |w, _: Event| w.input(InputEvent::Key(MapKey::ZoomOut)))?;
        self.listen(&c.details_close, "click", true, |w, _: Event| w.input(InputEvent::Key(MapKey::Escape)))?;
        for (preset, button) in &c.view_buttons {
            let preset = *preset;
            self.listen(button, "click", true, move |w, _: Event| w.show_preset(preset))?;
        }
        Ok(())
    }

    fn observe_size(self: &Rc<Self>) -> Result<(), JsValue> {
        let weak = Rc::downgrade(self);
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Some(w) = weak.upgrade() else { return };
            if let Some(entry) = entries.get(0).dyn_ref::<ResizeObserverEntry>() {
                let rect = entry.content_rect();
                w.resize(rect.width(), rect.height());
            }
        });
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref())?;
        observer.observe(&self.controls.map_area);
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
        if let Some(root) = self.host.shadow_root() {
            root.set_text_content(None);
        }
    }

    pub(crate) fn is_destroyed(&self) -> bool {
        self.destroyed.get()
    }

    fn local_point(&self, client_x: f64, client_y: f64) -> ScreenPoint {
        let rect = self.controls.layers[2].canvas.get_bounding_client_rect();
        ScreenPoint::new(client_x - rect.left(), client_y - rect.top())
    }

    fn pointer(&self, e: &PointerEvent, make: impl FnOnce(i32, ScreenPoint, PointerKind) -> InputEvent) {
        let at = self.local_point(e.client_x().into(), e.client_y().into());
        self.input(make(e.pointer_id(), at, pointer_kind(e)));
    }

    /// Feeds one input to the core and acts on the effect.
    pub(crate) fn input(&self, event: InputEvent) {
        let effect = match self.state.try_borrow_mut() {
            Ok(mut state) => state.map.handle(event),
            Err(_) => return,
        };
        if effect == Effect::ViewChanged {
            // The reader moved the map: the URL follows without a history entry of its own.
            self.note_url_change(false);
        }
        self.apply(effect);
    }

    /// Acts on what the core says changed: marks layers dirty, updates the DOM, queues events.
    pub(crate) fn apply(&self, effect: Effect) {
        match effect {
            Effect::Nothing => return,
            Effect::ViewChanged => self.mark(Dirty::ALL),
            Effect::HoverChanged(id) => {
                let cursor = if id.is_some() { "pointer" } else { "" };
                let _ = self.controls.layers[2].canvas.style().set_property("cursor", cursor);
                self.mark(Dirty { overlay: true, ..Dirty::default() });
            }
            Effect::SelectionChanged(id) => {
                self.mark(Dirty { overlay: true, ..Dirty::default() });
                if id.is_none() {
                    self.keep_focus_out_of_closing_panel();
                }
                self.refresh_details();
                self.outbox.queue("select", to_js(&SelectDetail { id: id.as_ref().map(|i| i.as_str()) }));
                self.note_url_change(true);
            }
        }
        self.outbox.flush(&self.host);
    }

    /// Hiding the details panel while focus is inside it would drop focus to the page: move it
    /// to the map, where the reader was before opening the details.
    fn keep_focus_out_of_closing_panel(&self) {
        let active = self.host.shadow_root().and_then(|root| root.active_element());
        if active.is_some_and(|el| self.controls.details.contains(Some(&el))) {
            let _ = self.controls.map_area.focus();
        }
    }

    fn mark(&self, dirty: Dirty) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.dirty.merge(dirty);
            if dirty.basemap || dirty.markers {
                state.view_announced = false;
            }
        }
        self.frame.schedule();
    }

    fn refresh_details(&self) {
        if let Ok(state) = self.state.try_borrow() {
            let label = state.map.size_by().label();
            let _ = self.controls.show_details(state.map.selected_incident(), label);
        }
    }

    fn resize(&self, width: f64, height: f64) {
        let ratio = self.window.device_pixel_ratio();
        for layer in &self.controls.layers {
            layer.resize(width, height, ratio);
        }
        let effect = match self.state.try_borrow_mut() {
            Ok(mut state) => state.map.resize(width, height, ratio),
            Err(_) => return,
        };
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
        let dirty = std::mem::take(&mut state.dirty);
        let ratio = state.map.view().pixel_ratio();
        let layers = &self.controls.layers;
        if dirty.basemap {
            let _ = layers[0].paint(&state.map.basemap_layer(), ratio);
        }
        if dirty.markers {
            let _ = layers[1].paint(&state.map.marker_layer(), ratio);
        }
        if dirty.overlay || dirty.markers {
            let _ = layers[2].paint(&state.map.overlay_layer(), ratio);
        }
        if !state.view_announced {
            state.view_announced = true;
            let view = state.map.view();
            let center = view.center();
            self.outbox.queue(
                "viewchange",
                to_js(&ViewDetail { center: [center.lon(), center.lat()], zoom: view.zoom().value() }),
            );
        }
        drop(state);
        self.outbox.flush(&self.host);
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
    pub(crate) fn set_incidents(self: &Rc<Self>, incidents: Vec<Incident>) -> Result<(), JsValue> {
        self.state.try_borrow_mut().map_err(|_| JsValue::from_str("the map is busy"))?.map.set_incidents(incidents);
        self.time_data_changed()?;
        self.refresh_details();
        self.mark(Dirty::ALL);
        Ok(())
    }

    /// Sets the basemap and the attribution line it requires.
    pub(crate) fn set_basemap(&self, basemap: Rc<Basemap>) {
        self.controls.attribution.set_text_content(Some(basemap.attribution()));
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.map.set_basemap(basemap);
        }
        self.mark(Dirty::ALL);
    }

    /// Writes basemap labels in `language`.
    pub(crate) fn set_label_language(&self, language: LabelLanguage) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.map.set_label_language(language);
        }
        self.mark(Dirty { overlay: true, ..Dirty::default() });
    }

    /// Shows an error inside the widget and fires `error`.
    pub(crate) fn fail(&self, message: &str) {
        self.controls.show_message(Some(message));
        self.outbox.queue("error", to_js(&ErrorDetail { message }));
        self.outbox.flush(&self.host);
    }
}
