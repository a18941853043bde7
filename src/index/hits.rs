use crate::view::ScreenPoint;

/// What a drawn marker stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerTarget {
    /// One incident: its position in the map's time-sorted store.
    Incident(usize),
    /// Several incidents aggregated because they would overlap: its number in this frame's
    /// cluster list (valid until the view, the filter or the data change).
    Cluster(usize),
}

/// A marker as drawn in the current frame: where, how big, and what it stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DrawnMarker {
    /// Centre in CSS pixels.
    pub at: ScreenPoint,
    /// Radius in CSS pixels.
    pub radius: f64,
    /// The incident or cluster.
    pub target: MarkerTarget,
    /// Incidents it stands for (1 for an incident).
    pub count: u32,
    /// Sum of the sizing figure over its incidents; `None` when every one is unknown.
    pub value: Option<u64>,
    /// Whether any of its positions is approximate (city, district or province precision).
    pub approximate: bool,
    /// Colour category shared by all its incidents; `None` for a mix, or when not colouring.
    pub category: Option<u8>,
}

impl DrawnMarker {
    /// A marker for one incident.
    pub fn incident(at: ScreenPoint, radius: f64, incident: usize) -> Self {
        Self {
            at,
            radius,
            target: MarkerTarget::Incident(incident),
            count: 1,
            value: None,
            approximate: false,
            category: None,
        }
    }
}

/// The markers of one frame in draw order (first drawn first), with hit testing.
///
/// ```
/// use incident_map::{DrawnMarker, MarkerHits, MarkerTarget, ScreenPoint};
/// let hits = MarkerHits::new(vec![
///     DrawnMarker::incident(ScreenPoint::new(100.0, 100.0), 30.0, 0),
///     DrawnMarker::incident(ScreenPoint::new(110.0, 100.0), 5.0, 1),
/// ]);
/// assert_eq!(hits.hit(ScreenPoint::new(111.0, 101.0), 4.0), Some(MarkerTarget::Incident(1))); // on top
/// assert_eq!(hits.hit(ScreenPoint::new(80.0, 100.0), 4.0), Some(MarkerTarget::Incident(0)));
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

    /// The marker under `point`: the topmost one that contains it or, failing that, the one
    /// whose edge is nearest within `tolerance` pixels (small markers stay easy to hit).
    pub fn hit(&self, point: ScreenPoint, tolerance: f64) -> Option<MarkerTarget> {
        self.hit_marker(point, tolerance).map(|m| m.target)
    }

    /// Like [`hit`](Self::hit), returning the marker itself.
    pub fn hit_marker(&self, point: ScreenPoint, tolerance: f64) -> Option<&DrawnMarker> {
        if let Some(m) = self.markers.iter().rev().find(|m| m.at.distance(point) <= m.radius) {
            return Some(m);
        }
        self.markers
            .iter()
            .rev()
            .map(|m| (m.at.distance(point) - m.radius, m))
            .filter(|(gap, _)| *gap <= tolerance)
            .fold(None, |best: Option<(f64, &DrawnMarker)>, cur| match best {
                Some(b) if b.0 <= cur.0 => Some(b),
                _ => Some(cur),
            })
            .map(|(_, m)| m)
    }

    /// The marker of this target, if it is drawn.
    pub fn find(&self, target: MarkerTarget) -> Option<&DrawnMarker> {
        self.markers.iter().find(|m| m.target == target)
    }
}
