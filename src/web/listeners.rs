//! DOM listeners that remove themselves: each is kept with its target and event type and taken
//! off the target when dropped, so `destroy()` leaves no listener behind (no `Closure::forget`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AddEventListenerOptions, Event, EventTarget};

/// One registered listener; removing it from the DOM is its `Drop`.
pub(crate) struct Listener {
    target: EventTarget,
    event_type: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

impl Listener {
    /// Adds `handler` for `event_type` on `target`. `passive: false` lets the handler call
    /// `preventDefault` (needed for wheel and touch gestures the map takes over).
    pub(crate) fn new(
        target: &EventTarget,
        event_type: &'static str,
        passive: bool,
        handler: impl FnMut(Event) + 'static,
    ) -> Result<Self, JsValue> {
        let closure = Closure::<dyn FnMut(Event)>::new(handler);
        let options = AddEventListenerOptions::new();
        options.set_passive(passive);
        target.add_event_listener_with_callback_and_add_event_listener_options(
            event_type,
            closure.as_ref().unchecked_ref(),
            &options,
        )?;
        Ok(Self { target: target.clone(), event_type, closure })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        // Removal cannot meaningfully fail; if it did there is nothing better to do during drop.
        let _ = self.target.remove_event_listener_with_callback(self.event_type, self.closure.as_ref().unchecked_ref());
    }
}
