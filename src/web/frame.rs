//! One `requestAnimationFrame` per burst of changes: any number of `schedule()` calls before the
//! next frame paint once. The callback closure lives as long as the scheduler and the pending
//! frame is cancelled on drop.

use std::cell::Cell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Window;

pub(crate) struct FrameScheduler {
    window: Window,
    callback: Closure<dyn FnMut(f64)>,
    pending: Cell<Option<i32>>,
}

impl FrameScheduler {
    pub(crate) fn new(window: Window, on_frame: impl FnMut(f64) + 'static) -> Self {
        Self { window, callback: Closure::<dyn FnMut(f64)>::new(on_frame), pending: Cell::new(None) }
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

    /// Called at the start of the frame callback: the next `schedule()` asks for a new frame.
    pub(crate) fn frame_started(&self) {
        self.pending.set(None);
    }

    fn cancel(&self) {
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
