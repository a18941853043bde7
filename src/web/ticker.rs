//! A timer that cleans up after itself: one pending `setTimeout` or `requestAnimationFrame` at a
//! time, its closure owned here (no `Closure::forget`), and the pending call cancelled when the
//! ticker is cancelled or dropped. Play and the debounced URL writer run on it.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Window;

#[derive(Clone, Copy)]
enum Pending {
    Timeout(i32),
    Frame(i32),
}

pub(crate) struct Ticker {
    window: Window,
    callback: Closure<dyn FnMut(JsValue)>,
    pending: Rc<Cell<Option<Pending>>>,
}

impl Ticker {
    /// A ticker that calls `on_tick` each time a scheduled call comes due.
    pub(crate) fn new(window: Window, mut on_tick: impl FnMut() + 'static) -> Self {
        let pending: Rc<Cell<Option<Pending>>> = Rc::default();
        let seen = pending.clone();
        let callback = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            // Cleared first, so that `on_tick` may schedule the next call.
            seen.set(None);
            on_tick();
        });
        Self { window, callback, pending }
    }

    /// Calls back after `ms` milliseconds, replacing any call already scheduled.
    pub(crate) fn after(&self, ms: i32) {
        self.cancel();
        let f = self.callback.as_ref().unchecked_ref();
        if let Ok(id) = self.window.set_timeout_with_callback_and_timeout_and_arguments_0(f, ms) {
            self.pending.set(Some(Pending::Timeout(id)));
        }
    }

    /// Calls back at the next animation frame, replacing any call already scheduled.
    pub(crate) fn next_frame(&self) {
        self.cancel();
        if let Ok(id) = self.window.request_animation_frame(self.callback.as_ref().unchecked_ref()) {
            self.pending.set(Some(Pending::Frame(id)));
        }
    }

    /// Cancels the scheduled call, if any.
    pub(crate) fn cancel(&self) {
        match self.pending.take() {
            Some(Pending::Timeout(id)) => self.window.clear_timeout_with_handle(id),
            Some(Pending::Frame(id)) => {
                let _ = self.window.cancel_animation_frame(id);
            }
            None => {}
        }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.cancel();
    }
}
