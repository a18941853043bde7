//! What a panic inside one of a map's callbacks does: a DOM event, an animation frame, a timer, a
//! resize observer, a tile's load. A JavaScript call into a map's methods goes through the
//! element's guard (`#call` in `www/incident-map.js`), which turns the trap that follows a panic
//! into a stopped map. The browser calls a callback with no such guard: the trap would only reach
//! the console, and the map would go on with its state half-updated. So each callback runs under
//! [`callback_of`], which notes whose it is, and the panic hook calls [`report`], which fires
//! [`PANIC_EVENT`] on that map's element: the element then stops as after a failed call (an
//! `error` event, the message in the map, every later call refused). Other maps go on.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// The event the element listens for on itself (it neither bubbles nor leaves the element).
pub(crate) const PANIC_EVENT: &str = "incident-map-internal-panic";

thread_local! {
    /// The element of the map whose callback is running, if any.
    static RUNNING: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
}

/// Runs `f` as a callback of the map whose element is `host`.
pub(crate) fn callback_of<R>(host: &HtmlElement, f: impl FnOnce() -> R) -> R {
    let outer = RUNNING.with(|r| r.replace(Some(host.clone())));
    let result = f();
    // Not reached after a panic (the instance traps): `report` clears it then.
    RUNNING.with(|r| *r.borrow_mut() = outer);
    result
}

/// Tells the element of the map whose callback panicked, if a callback was running. Called by the
/// panic hook, before the trap.
pub(crate) fn report(message: &str) {
    let host = RUNNING.try_with(|r| r.try_borrow_mut().ok().and_then(|mut h| h.take())).ok().flatten();
    let Some(host) = host else { return };
    let init = CustomEventInit::new();
    init.set_detail(&JsValue::from_str(message));
    if let Ok(event) = CustomEvent::new_with_event_init_dict(PANIC_EVENT, &init) {
        let _ = host.dispatch_event(&event);
    }
}
