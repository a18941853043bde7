//! The histogram as a display list: one bar per bin, the bars in the range in the accent colour
//! and the others muted, so the canvas painter that draws the map draws this too.

use super::histogram::{Histogram, HistogramMetric};
use super::scale::TimeScale;
use crate::index::TimeRange;
use crate::scene::{DisplayList, DrawCommand, Stroke};
use crate::symbols::Color;
use crate::view::ScreenPoint;

/// Room kept above the tallest bar, in CSS pixels.
const TOP_ROOM: f64 = 4.0;
/// The least height of a bar that is not zero, so that one incident stays visible.
const MIN_BAR: f64 = 2.0;
/// Bars at least this wide get a one-pixel gap between them.
const GAP_FROM_WIDTH: f64 = 4.0;

/// The colours of the histogram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BarStyle {
    /// Bars outside the range.
    pub idle: Color,
    /// Bars in the range.
    pub selected: Color,
    /// The line along the bottom.
    pub baseline: Color,
}

impl Default for BarStyle {
    fn default() -> Self {
        Self {
            idle: Color::rgb(0xb4, 0xbc, 0xc6),
            selected: Color::rgb(0x1f, 0x4e, 0x9b),
            baseline: Color::rgb(0x8a, 0x93, 0x9e),
        }
    }
}

/// Draws `histogram` over `scale`'s width and `height` CSS pixels; the bars that overlap
/// `selected` (every bar for `None`) are highlighted.
///
/// ```
/// use incident_map::{histogram_layer, BarStyle, Histogram, HistogramMetric, TimeRange, TimeScale};
/// let span = TimeRange::parse("2022-04-01", "2022-04-30").unwrap();
/// let h = Histogram::new(span, &incident_map::IncidentStore::new(), |_| true);
/// let list = histogram_layer(&h, HistogramMetric::Incidents, None, &TimeScale::new(span, 300.0), 60.0,
///     &BarStyle::default());
/// assert_eq!(list.commands.len(), 1, "no bars, only the baseline");
/// ```
pub fn histogram_layer(
    histogram: &Histogram,
    metric: HistogramMetric,
    selected: Option<TimeRange>,
    scale: &TimeScale,
    height: f64,
    style: &BarStyle,
) -> DisplayList {
    let max = histogram.max(metric);
    let usable = (height - TOP_ROOM).max(0.0);
    let (mut idle, mut chosen) = (Vec::new(), Vec::new());
    for bin in histogram.bins() {
        let value = metric.of(bin.totals);
        if value == 0 || max == 0 {
            continue;
        }
        let bar = (value as f64 / max as f64 * usable).max(MIN_BAR.min(usable));
        let (left, right) = (scale.x_of(bin.range.from()), scale.x_after(bin.range.to()));
        let right = if right - left >= GAP_FROM_WIDTH { right - 1.0 } else { right };
        let ring = rectangle(left, height - bar, right, height);
        let overlaps = match selected {
            None => true,
            Some(r) => r.from() <= bin.range.to() && bin.range.from() <= r.to(),
        };
        if overlaps {
            chosen.push(ring)
        } else {
            idle.push(ring)
        }
    }
    let mut commands = Vec::new();
    for (rings, color) in [(idle, style.idle), (chosen, style.selected)] {
        if !rings.is_empty() {
            commands.push(DrawCommand::Polygons { rings, fill: Some(color), stroke: None });
        }
    }
    let base = height - 0.5;
    commands.push(DrawCommand::Lines {
        lines: vec![vec![ScreenPoint::new(0.0, base), ScreenPoint::new(scale.width(), base)]],
        stroke: Stroke::solid(style.baseline, 1.0),
    });
    DisplayList { commands }
}

fn rectangle(left: f64, top: f64, right: f64, bottom: f64) -> Vec<ScreenPoint> {
    vec![
        ScreenPoint::new(left, top),
        ScreenPoint::new(right, top),
        ScreenPoint::new(right, bottom),
        ScreenPoint::new(left, bottom),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_geojson, Incident, LoadOptions};
    use crate::timeline::BinSize;

    fn incidents(dates: &[(&str, u32)]) -> Vec<Incident> {
        let features: Vec<String> = dates
            .iter()
            .map(|(d, k)| {
                format!(
                    r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[69,34]}},
                    "properties":{{"date":"{d}","killed":{k},"injured":0}}}}"#
                )
            })
            .collect();
        let text = format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","));
        load_geojson(&text, &LoadOptions::default()).unwrap().incidents
    }

    fn rings(list: &DisplayList, n: usize) -> (&Vec<Vec<ScreenPoint>>, Color) {
        match &list.commands[n] {
            DrawCommand::Polygons { rings, fill: Some(color), .. } => (rings, *color),
            other => panic!("expected bars, got {other:?}"),
        }
    }

    #[test]
    fn bars_are_scaled_to_the_tallest_and_split_by_the_range() {
        let span = TimeRange::parse("2022-04-01", "2022-04-10").unwrap();
        let list = incidents(&[("2022-04-01", 1), ("2022-04-05", 1), ("2022-04-05", 1), ("2022-04-10", 9)]);
        let h = Histogram::with_size(BinSize::Day, span, &list, |_| true);
        let scale = TimeScale::new(span, 100.0);
        let style = BarStyle::default();
        let range = TimeRange::parse("2022-04-05", "2022-04-10").ok();
        let drawn = histogram_layer(&h, HistogramMetric::Incidents, range, &scale, 44.0, &style);
        let (idle, idle_color) = rings(&drawn, 0);
        let (chosen, chosen_color) = rings(&drawn, 1);
        assert_eq!((idle.len(), idle_color), (1, style.idle), "1 April is outside");
        assert_eq!((chosen.len(), chosen_color), (2, style.selected));
        // 5 April has the most incidents (2): its bar is full height (44 - 4), from x = 40 to 49
        // (one pixel of gap).
        let tall = &chosen[0];
        assert_eq!((tall[0].x, tall[0].y, tall[2].x, tall[2].y), (40.0, 4.0, 49.0, 44.0));
        // By casualties, 10 April (9 killed) is the tallest.
        let drawn = histogram_layer(&h, HistogramMetric::Casualties, range, &scale, 44.0, &style);
        let (chosen, _) = rings(&drawn, 1);
        assert_eq!(chosen[1][0].y, 4.0);
        assert!(chosen[0][0].y > 30.0, "5 April's 2 killed is short: {:?}", chosen[0]);
    }

    #[test]
    fn small_values_stay_visible() {
        let span = TimeRange::parse("2022-04-01", "2022-04-02").unwrap();
        let list = incidents(&[("2022-04-01", 1), ("2022-04-02", 1000)]);
        let h = Histogram::with_size(BinSize::Day, span, &list, |_| true);
        let drawn = histogram_layer(
            &h,
            HistogramMetric::Casualties,
            None,
            &TimeScale::new(span, 10.0),
            40.0,
            &Default::default(),
        );
        let (bars, _) = rings(&drawn, 0);
        assert_eq!(bars[0][0].y, 38.0, "two pixels tall at least");
    }
}
