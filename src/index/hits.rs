use crate::view::ScreenPoint;

/// A marker as drawn in the current frame: where, how big, and which incident it stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DrawnMarker {
    /// Centre in CSS pixels.
    pub at: ScreenPoint,
    /// Radius in CSS pixels.
    pub radius: f64,
    /// Position of the incident in the map's time-sorted store.
    pub incident: usize,
}

/// The markers of one frame in draw order (first drawn first), with hit testing.
///
/// ```
/// use incident_map::{DrawnMarker, MarkerHits, ScreenPoint};
/// let hits = MarkerHits::new(vec![
///     DrawnMarker { at: ScreenPoint::new(100.0, 100.0), radius: 30.0, incident: 0 },
///     DrawnMarker { at: ScreenPoint::new(110.0, 100.0), radius: 5.0, incident: 1 },
/// ]);
/// assert_eq!(hits.hit(ScreenPoint::new(111.0, 101.0), 4.0), Some(1)); // the one on top
/// assert_eq!(hits.hit(ScreenPoint::new(80.0, 100.0), 4.0), Some(0));
/// assert_eq!(hits.hit(ScreenPoint::new(10.0, 10.0), 4.0), None);
/// ```
#[derive(Clone, Debug, Default)]
pub struct MarkerHits {
    markers: Vec<DrawnMarker>,
}

impl MarkerHits {
    /// Markers in the order they are drawn.
    pub fn new(markers: Vec<DrawnMarker>) -> Self {
        Self { markers }
    }

    /// The markers in draw order.
    pub fn markers(&self) -> &[DrawnMarker] {
        &self.markers
    }

    /// The incident under `point`: the topmost marker that contains it or, failing that, the
    /// marker whose edge is nearest within `tolerance` pixels (small markers stay easy to hit).
    pub fn hit(&self, point: ScreenPoint, tolerance: f64) -> Option<usize> {
        if let Some(m) = self.markers.iter().rev().find(|m| m.at.distance(point) <= m.radius) {
            return Some(m.incident);
        }
        self.markers
            .iter()
            .rev()
            .map(|m| (m.at.distance(point) - m.radius, m.incident))
            .filter(|(gap, _)| *gap <= tolerance)
            .fold(None, |best: Option<(f64, usize)>, cur| match best {
                Some(b) if b.0 <= cur.0 => Some(b),
                _ => Some(cur),
            })
            .map(|(_, incident)| incident)
    }

    /// Where the marker of `incident` is drawn, if it is on screen.
    pub fn find(&self, incident: usize) -> Option<&DrawnMarker> {
        self.markers.iter().find(|m| m.incident == incident)
    }
}
