//! Opt-in URL state (the `hash` attribute): the view, the time range and the selection are
//! written to the page's URL hash under the map's key, and read back from it when the reader
//! opens a link or goes back and forward. Nothing here runs unless the embedder gave a key.
//!
//! Writes are debounced (a drag or a glide of play writes once, when it rests). A change of time
//! range or selection, or a jump to a named area, adds a history entry, so Back undoes it; panning
//! and zooming only replace the current entry, so Back is not filled with every nudge of the map.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::Event;

use super::listeners::Listener;
use super::ticker::Ticker;
use super::widget::{run_callback, Widget};
use crate::quoted::Quoted;
use crate::url_state::{hash_entry, with_hash_entry, without_hash_entry, HashKey, SharedState, SharedView};

/// How long the map must rest before its state is written, in milliseconds.
const WRITE_DELAY_MS: i32 = 250;

/// The link between one map and the URL hash.
pub(crate) struct UrlSync {
    key: HashKey,
    /// What the URL says for this map now (as last written or read), to tell real changes
    /// from echoes.
    written: RefCell<String>,
    /// The state when the key was set: what a URL without this map's entry shows.
    initial: SharedState,
    /// The page's own anchor in the fragment when the key was set (`intro` in
    /// `#intro&map1=…`): a fragment without this map's entry and with another anchor comes from
    /// a link to a section of the page, which should not reset the map.
    start_anchor: Option<String>,
    /// Whether the next write adds a history entry (rather than replacing the current one).
    push: Cell<bool>,
    writer: Ticker,
    _listeners: Vec<Listener>,
}

impl Widget {
    /// Starts (or, with `None`, stops) keeping the map's state in the URL hash under `key`. The
    /// state in the URL, if any, is applied at once: a shared link shows what its author saw.
    pub(crate) fn set_hash_key(self: &Rc<Self>, key: Option<HashKey>) -> Result<(), JsValue> {
        // A new key (or none): the entry under the old one goes, or a link would carry both.
        let old = self.url.borrow_mut().take();
        if let Some(old) = old.filter(|old| Some(&old.key) != key.as_ref()) {
            let fragment = without_hash_entry(&self.fragment(), &old.key);
            let location = self.window.location();
            // No `#` left dangling when that entry was all the fragment held.
            let url = if fragment.is_empty() {
                format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
            } else {
                format!("#{fragment}")
            };
            if let Ok(history) = self.window.history() {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        }
        let Some(key) = key else { return Ok(()) };
        let weak = Rc::downgrade(self);
        let writer = Ticker::new(self.window.clone(), move || run_callback(&weak, |w| w.write_url()));
        let window: web_sys::EventTarget = self.window.clone().into();
        // Back and forward between pushed entries fire popstate; a link or a typed hash fires
        // hashchange. Both lead to the same idempotent update.
        let listeners = vec![
            self.listener(&window, "popstate", true, |w, _: Event| w.location_changed())?,
            self.listener(&window, "hashchange", true, |w, _: Event| w.location_changed())?,
        ];
        let initial = self.shared_state();
        let start = self.fragment();
        scroll_to_anchor(&self.window, &start);
        let start_anchor = page_anchor(&start).map(str::to_owned);
        let sync = UrlSync {
            key,
            written: RefCell::new(initial.encode()),
            initial,
            start_anchor,
            push: Cell::new(false),
            writer,
            _listeners: listeners,
        };
        *self.url.borrow_mut() = Some(sync);
        self.location_changed();
        Ok(())
    }

    /// Notes a change for the URL (written once the map rests); `push` asks for a history entry.
    pub(crate) fn note_url_change(&self, push: bool) {
        if let Ok(url) = self.url.try_borrow() {
            if let Some(sync) = url.as_ref() {
                sync.push.set(sync.push.get() || push);
                sync.writer.after(WRITE_DELAY_MS);
            }
        }
    }

    /// The state a link would carry now.
    fn shared_state(&self) -> SharedState {
        let Ok(state) = self.state.try_borrow() else { return SharedState::default() };
        let view = state.map.view();
        SharedState {
            view: Some(SharedView { center: view.center(), zoom: view.zoom() }),
            time: state.map.time_range(),
            selected: state.map.selected_incident().map(|i| i.id.as_str().to_owned()),
            unread_time: None,
        }
    }

    fn fragment(&self) -> String {
        let hash = self.window.location().hash().unwrap_or_default();
        hash.strip_prefix('#').unwrap_or(&hash).to_owned()
    }

    fn write_url(&self) {
        let Ok(url) = self.url.try_borrow() else { return };
        let Some(sync) = url.as_ref() else { return };
        if self.time_is_moving() {
            // A range mid-drag or mid-play is no state to share or go back to: written once it
            // settles (the settling asks again; asked again here too, in case it does not).
            sync.writer.after(WRITE_DELAY_MS);
            return;
        }
        let text = self.shared_state().encode();
        let push = sync.push.replace(false);
        if *sync.written.borrow() == text {
            return;
        }
        let hash = format!("#{}", with_hash_entry(&self.fragment(), &sync.key, &text));
        let Ok(history) = self.window.history() else { return };
        let written = if push {
            history.push_state_with_url(&JsValue::NULL, "", Some(&hash))
        } else {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&hash))
        };
        if written.is_ok() {
            *sync.written.borrow_mut() = text;
        }
    }

    /// Shows what the URL says for this map, unless it already does.
    fn location_changed(&self) {
        let fragment = self.fragment();
        let wanted = {
            let Ok(url) = self.url.try_borrow() else { return };
            let Some(sync) = url.as_ref() else { return };
            let text = match hash_entry(&fragment, &sync.key) {
                Some(text) => text.to_owned(),
                None if page_anchor(&fragment) != sync.start_anchor.as_deref() => {
                    // The page's own anchor replaced the hash: the map stays as it is, and its
                    // entry goes back into the URL beside the anchor, so that the link still
                    // shows both.
                    let hash = format!("#{}", with_hash_entry(&fragment, &sync.key, &sync.written.borrow()));
                    if let Ok(history) = self.window.history() {
                        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&hash));
                    }
                    return;
                }
                None => sync.initial.encode(),
            };
            if *sync.written.borrow() == text {
                return;
            }
            *sync.written.borrow_mut() = text.clone();
            let state = SharedState::parse(&text);
            // A link without a view keeps the view of the map as it first was.
            SharedState { view: state.view.or(sync.initial.view), ..state }
        };
        self.show_shared_state(&wanted);
        // Showing it noted changes of its own: they are what the URL already says.
        if let Ok(url) = self.url.try_borrow() {
            if let Some(sync) = url.as_ref() {
                sync.writer.cancel();
                sync.push.set(false);
            }
        }
        if let Some(unread) = &wanted.unread_time {
            let warning = format!(
                "incident-map: the link's time range {} is not a range (time:YYYY-MM-DD..YYYY-MM-DD, in order): every day is shown",
                Quoted(unread)
            );
            web_sys::console::warn_1(&JsValue::from_str(&warning));
            // The URL then says what the map shows, not the unread range.
            self.note_url_change(false);
        }
    }

    /// Applies a shared state: view, then time range (which may clear the selection), then
    /// selection. An id the data does not have, or one the link's own time range leaves out (no
    /// reader saw it selected so: the link was edited, or the data changed), is reported in the
    /// console and skipped.
    fn show_shared_state(&self, wanted: &SharedState) {
        if let Some(view) = wanted.view {
            let effect = match self.state.try_borrow_mut() {
                Ok(mut state) => {
                    let target = state.map.view().with_center(view.center).with_zoom(view.zoom);
                    state.map.set_view(target)
                }
                Err(_) => return,
            };
            self.apply(effect);
        }
        self.set_time_range(wanted.time);
        let selected = match self.state.try_borrow_mut() {
            Ok(mut state) => {
                let map = &mut state.map;
                let position = wanted.selected.as_deref().and_then(|id| map.position_of(id));
                let left_out = position.and_then(|n| {
                    if !map.visible_range().contains(&n) {
                        Some("is outside the link's time range")
                    } else if !map.is_shown(n) {
                        Some("is in a category the map hides")
                    } else {
                        None
                    }
                });
                match (left_out, wanted.selected.as_deref()) {
                    (Some(why), Some(id)) => {
                        let warning = format!("incident-map: the link's selection {} {why}: not selected", Quoted(id));
                        web_sys::console::warn_1(&JsValue::from_str(&warning));
                        map.select(None)
                    }
                    _ => map.select(wanted.selected.as_deref()),
                }
            }
            Err(_) => return,
        };
        match selected {
            Ok(effect) => self.apply(effect),
            Err(e) => web_sys::console::warn_1(&JsValue::from_str(&format!("incident-map: the link's selection: {e}"))),
        }
    }
}

/// A link such as `#intro&map1=…` names the page's own anchor beside the maps' entries, but the
/// browser looks for an element named by the whole hash and finds none: scroll to `intro`, the
/// first part that is not a `key=value` entry, as the browser would have.
fn scroll_to_anchor(window: &web_sys::Window, fragment: &str) {
    if !fragment.contains('=') {
        return; // nothing of ours in it: the browser has done it
    }
    let target = page_anchor(fragment).and_then(|id| window.document()?.get_element_by_id(id));
    if let Some(target) = target {
        target.scroll_into_view();
    }
}

/// The page's own anchor in a fragment: its first part that is not a map's `key=value` entry.
fn page_anchor(fragment: &str) -> Option<&str> {
    fragment.split('&').find(|part| !part.is_empty() && !part.contains('='))
}
