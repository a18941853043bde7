//! One `requestAnimationFrame` per burst of changes: any number of `schedule()` calls before the
//! next frame paint once. The callback closure lives as long as the scheduler, and a frame still
//! pending when the scheduler is torn down or dropped is cancelled: it never calls a dropped
//! closure.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Window;

pub(crate) struct FrameScheduler {
    window: Window,
    callback: Closure<dyn FnMut(f64)>,
    /// The requested frame, until it starts (the callback clears it) or is cancelled.
    pending: Rc<Cell<Option<i32>>>,
}

impl FrameScheduler {
    pub(crate) fn new(window: Window, mut on_frame: impl FnMut(f64) + 'static) -> Self {
        let pending = Rc::new(Cell::new(None));
        let started = Rc::clone(&pending);
        let callback = Closure::<dyn FnMut(f64)>::new(move |time| {
            // This frame is running: a `schedule()` from here on asks for the next one.
            started.set(None);
            on_frame(time);
        });
        Self { window, callback, pending }
    }

    /// Asks for a frame unless one is already on its way.
    pub(crate) fn schedule(&self) {
        if self.pending.get().is_some() {
            return;
        }
        if let Ok(handle) = self.window.request_animation_frame(self.callback.as_ref().unchecked_ref()) {
            self.pending.set(Some(handle));
        }
    }

    /// Inside the frame callback this does nothing (the frame that runs is no longer pending);
    /// anywhere else, as in teardown, it cancels the pending frame.
    pub(crate) fn frame_started(&self) {
        self.cancel();
    }

    /// Cancels the pending frame, if any.
    pub(crate) fn cancel(&self) {
        if let Some(handle) = self.pending.take() {
            let _ = self.window.cancel_animation_frame(handle);
        }
    }
}

impl Drop for FrameScheduler {
    fn drop(&mut self) {
        self.cancel();
    }
}
