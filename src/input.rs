//! Input as data: the web shell turns DOM events into [`InputEvent`]s in CSS pixels; the map
//! answers each with an [`Effect`]. Gesture state is an explicit enum, so "a press that has not yet
//! moved far enough to be a drag" is a state, not a pair of booleans.

use crate::data::IncidentId;
use crate::index::MarkerTarget;
use crate::view::ScreenPoint;

/// Movement, in CSS pixels, below which a press and release count as a click, not a drag.
pub const CLICK_SLOP: f64 = 5.0;

/// The kind of pointer, which sets the hit tolerance: a finger is less precise than a mouse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointerKind {
    /// A mouse or a trackpad.
    Mouse,
    /// A pen.
    Pen,
    /// A finger.
    Touch,
}

impl PointerKind {
    /// Extra pixels around a marker that still hit it.
    pub fn hit_tolerance(self) -> f64 {
        match self {
            Self::Mouse | Self::Pen => 4.0,
            Self::Touch => 14.0,
        }
    }
}

/// A key the map reacts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapKey {
    /// `+` or `=`.
    ZoomIn,
    /// `-`.
    ZoomOut,
    /// Shift + an arrow key: pan by a step in that direction (dx, dy in -1..=1).
    Pan(i8, i8),
    /// Escape: close the details (selection and cluster list).
    Escape,
    /// An arrow key: move the keyboard focus to the next (+1) or previous (-1) incident in
    /// this order.
    Step(FocusOrder, i8),
    /// Home (`false`) or End (`true`): the first or last incident in time order.
    Ends(bool),
    /// Enter or Space: open the focused incident's details.
    Activate,
    /// Shift + Enter: open the list of the cluster the focused incident is drawn in (as a click
    /// on it would), or its details when it is drawn on its own.
    ActivateCluster,
}

/// The orders in which the keyboard walks through the incidents shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusOrder {
    /// By date (left and right arrows).
    Time,
    /// From north to south (up and down arrows), west to east among equals.
    Geographic,
}

/// One user input, in CSS pixels relative to the map's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum InputEvent {
    /// A button or finger went down.
    PointerDown {
        /// Which pointer (several fingers may be down).
        pointer: i32,
        /// Where.
        at: ScreenPoint,
        /// Mouse, pen or touch.
        kind: PointerKind,
    },
    /// A pointer moved, pressed or not.
    PointerMove {
        /// Which pointer.
        pointer: i32,
        /// Where.
        at: ScreenPoint,
        /// Mouse, pen or touch.
        kind: PointerKind,
    },
    /// A pointer was released.
    PointerUp {
        /// Which pointer.
        pointer: i32,
        /// Where.
        at: ScreenPoint,
        /// Mouse, pen or touch.
        kind: PointerKind,
    },
    /// The pointer left the map or the gesture was cancelled by the browser.
    PointerLeave,
    /// A wheel turn, normalised to pixels; positive zooms out.
    Wheel {
        /// Where the pointer is: the point that stays fixed.
        at: ScreenPoint,
        /// Scroll distance in pixels.
        delta_px: f64,
    },
    /// A key press while the map has focus.
    Key(MapKey),
    /// Two fingers moved (cooperative touch gestures: one finger scrolls the page).
    TwoFingers {
        /// The fingers' midpoint before the move.
        from: ScreenPoint,
        /// Their midpoint after it.
        to: ScreenPoint,
        /// Distance between the fingers after the move over before it (pinch zoom).
        scale: f64,
    },
}

/// What the map's state machine is in the middle of.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Gesture {
    /// Nothing pressed.
    #[default]
    Idle,
    /// Pressed, not yet moved beyond [`CLICK_SLOP`]: a release now is a click.
    Pressed {
        /// The pointer that pressed.
        pointer: i32,
        /// Where it went down.
        start: ScreenPoint,
    },
    /// Dragging the map.
    Dragging {
        /// The pointer that drags.
        pointer: i32,
        /// Where it was at the last move.
        last: ScreenPoint,
    },
}

/// What an input changed, for the shell to act on.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Nothing to do.
    Nothing,
    /// The view moved: every layer is redrawn.
    ViewChanged,
    /// Other markers are shown (the time filter changed) but the view did not move: the markers
    /// and the overlay are redrawn, the basemap is not.
    MarkersChanged,
    /// The selection changed (to this incident, or to none): the overlay and details update.
    SelectionChanged(Option<IncidentId>),
    /// The marker under the pointer changed: only the overlay, the tooltip and the cursor update.
    HoverChanged(Option<MarkerTarget>),
    /// The list of a cluster's incidents in the details panel opened, changed or closed.
    ListChanged,
    /// The keyboard focus moved to another incident (or left the markers).
    FocusChanged(Option<IncidentId>),
}
