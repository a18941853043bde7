//! Indices over the incidents: by time (a sorted array searched by bisection) and by screen
//! position (the markers drawn in the current frame, for hit testing).

mod hits;
mod time;

pub use hits::{DrawnMarker, MarkerHits, MarkerTarget};
pub use time::{TimeIndex, TimeRange, TimeRangeError};
