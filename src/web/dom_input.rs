//! DOM events to core input: keys to [`MapKey`]s, wheel deltas to pixels, two-finger touches to
//! a pan-and-pinch step. Pure translation; the widget decides what to do with the result.

use std::cell::Cell;

use web_sys::{KeyboardEvent, TouchEvent, WheelEvent};

use crate::input::{FocusOrder, InputEvent, MapKey};
use crate::view::ScreenPoint;

/// How the map shares gestures with the page it is embedded in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Gestures {
    /// For embeds (the default): the wheel scrolls the page unless the map has focus or Ctrl/⌘
    /// is held; one finger scrolls the page and two fingers move the map.
    #[default]
    Cooperative,
    /// For full-page maps: the wheel and one finger move the map.
    Greedy,
}

impl Gestures {
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "cooperative" => Some(Self::Cooperative),
            "greedy" | "full" | "fullpage" => Some(Self::Greedy),
            _ => None,
        }
    }
}

/// The map key for a key press. On the markers (the focusable surface) arrows walk through the
/// incidents and Shift + arrows move the map; elsewhere in the map only Escape and zoom count.
pub(crate) fn map_key(event: &KeyboardEvent, on_surface: bool) -> Option<MapKey> {
    if event.ctrl_key() || event.meta_key() || event.alt_key() {
        return None;
    }
    let shift = event.shift_key();
    let key = match event.key().as_str() {
        "Escape" => MapKey::Escape,
        "+" | "=" => MapKey::ZoomIn,
        "-" | "_" => MapKey::ZoomOut,
        "ArrowLeft" if shift => MapKey::Pan(-1, 0),
        "ArrowRight" if shift => MapKey::Pan(1, 0),
        "ArrowUp" if shift => MapKey::Pan(0, -1),
        "ArrowDown" if shift => MapKey::Pan(0, 1),
        "ArrowLeft" => MapKey::Step(FocusOrder::Time, -1),
        "ArrowRight" => MapKey::Step(FocusOrder::Time, 1),
        "ArrowUp" => MapKey::Step(FocusOrder::Geographic, -1),
        "ArrowDown" => MapKey::Step(FocusOrder::Geographic, 1),
        "Home" => MapKey::Ends(false),
        "End" => MapKey::Ends(true),
        "Enter" if shift => MapKey::ActivateCluster,
        "Enter" | " " => MapKey::Activate,
        _ => return None,
    };
    (on_surface || matches!(key, MapKey::Escape)).then_some(key)
}

/// A wheel turn in pixels, whatever unit the browser reports it in.
pub(crate) fn wheel_pixels(event: &WheelEvent, page_height: f64) -> f64 {
    let unit = match event.delta_mode() {
        WheelEvent::DOM_DELTA_LINE => 16.0,
        WheelEvent::DOM_DELTA_PAGE => page_height,
        _ => 1.0,
    };
    event.delta_y() * unit
}

/// Follows two fingers from one `touchmove` to the next.
#[derive(Default)]
pub(crate) struct TwoFingers {
    last: Cell<Option<(ScreenPoint, f64)>>,
}

impl TwoFingers {
    /// The input for this touch event, if two fingers are down and have moved; `local` maps
    /// client coordinates to the map's.
    pub(crate) fn track(&self, event: &TouchEvent, local: impl Fn(f64, f64) -> ScreenPoint) -> Option<InputEvent> {
        let touches = event.touches();
        if touches.length() != 2 {
            self.last.set(None);
            return None;
        }
        let (a, b) = (touches.get(0)?, touches.get(1)?);
        let pa = local(f64::from(a.client_x()), f64::from(a.client_y()));
        let pb = local(f64::from(b.client_x()), f64::from(b.client_y()));
        let mid = ScreenPoint::new((pa.x + pb.x) / 2.0, (pa.y + pb.y) / 2.0);
        let spread = pa.distance(pb).max(1.0);
        let previous = self.last.replace(Some((mid, spread)));
        let (from, before) = previous?;
        Some(InputEvent::TwoFingers { from, to: mid, scale: spread / before })
    }

    /// Forgets the fingers (touchend, touchcancel).
    pub(crate) fn reset(&self) {
        self.last.set(None);
    }
}
