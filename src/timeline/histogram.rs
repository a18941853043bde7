//! Incidents per bar across the data's span: calendar days, weeks or months (see [`BinSize`]),
//! counted once when the data (or a category filter) changes, never per change of range.

use super::bin_size::BinSize;
use super::totals::Totals;
use super::DatedFigures;
use crate::data::Day;
use crate::index::TimeRange;

/// What the height of a bar shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HistogramMetric {
    /// The number of incidents.
    #[default]
    Incidents,
    /// People reported killed or injured.
    Casualties,
}

impl HistogramMetric {
    /// The value of `totals` this metric shows.
    pub fn of(self, totals: Totals) -> u64 {
        match self {
            Self::Incidents => totals.incidents,
            Self::Casualties => totals.casualties(),
        }
    }
}

/// One bar: its days (the first and last bars are cut to the span) and what happened in them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bin {
    /// The days the bar covers, within the span.
    pub range: TimeRange,
    /// The incidents of those days.
    pub totals: Totals,
}

/// The bars of the whole span, in order, with no gaps: an empty week is a bar of zero.
///
/// ```
/// use incident_map::{load_geojson, BinSize, Histogram, LoadOptions, TimeRange};
/// let f = |d: &str| format!(r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[69,34]}},
///     "properties":{{"date":"{d}","killed":1}}}}"#);
/// let text = format!(r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
///     f("2022-04-19"), f("2022-04-21T11:55"), f("2022-05-03"));
/// let incidents = load_geojson(&text, &LoadOptions::default()).unwrap().incidents;
/// let span = TimeRange::parse("2022-04-19", "2022-05-03").unwrap();
/// let h = Histogram::new(span, &incidents, |_| true);
/// assert_eq!(h.bin_size(), BinSize::Day);
/// assert_eq!(h.bins().len(), 15);
/// assert_eq!(h.bins()[2].totals.incidents, 1, "21 April");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    size: BinSize,
    span: TimeRange,
    bins: Vec<Bin>,
}

impl Histogram {
    /// Counts `incidents` (sorted by date) that `include` accepts into bars over `span`, with
    /// the bar width [`BinSize::for_span`] chooses. Incidents outside the span are not counted.
    pub fn new<D: DatedFigures + ?Sized>(span: TimeRange, incidents: &D, include: impl Fn(usize) -> bool) -> Self {
        Self::with_size(BinSize::for_span(span), span, incidents, include)
    }

    /// Like [`new`](Self::new), with a bar width of the caller's choice.
    pub fn with_size<D: DatedFigures + ?Sized>(
        size: BinSize,
        span: TimeRange,
        incidents: &D,
        include: impl Fn(usize) -> bool,
    ) -> Self {
        let mut bins = empty_bins(size, span);
        let mut bin = 0;
        for n in (0..incidents.count()).filter(|&n| include(n)) {
            let day = incidents.day(n);
            if !span.contains(day) {
                continue;
            }
            // Incidents are sorted, so the bar only ever moves forward.
            while bins.get(bin).is_some_and(|b| b.range.to() < day) {
                bin += 1;
            }
            if let Some(b) = bins.get_mut(bin) {
                b.totals = b.totals.plus(Totals::of_casualties(incidents.casualties(n)));
            }
        }
        Self { size, span, bins }
    }

    /// The width of the bars.
    pub fn bin_size(&self) -> BinSize {
        self.size
    }

    /// The first and last day shown.
    pub fn span(&self) -> TimeRange {
        self.span
    }

    /// The bars, oldest first.
    pub fn bins(&self) -> &[Bin] {
        &self.bins
    }

    /// The position of the bar that holds `day`, if it is in the span.
    pub fn bin_index(&self, day: Day) -> Option<usize> {
        if !self.span.contains(day) {
            return None;
        }
        Some(self.bins.partition_point(|b| b.range.to() < day))
    }

    /// The tallest bar's value.
    pub fn max(&self, metric: HistogramMetric) -> u64 {
        self.bins.iter().map(|b| metric.of(b.totals)).max().unwrap_or(0)
    }
}

/// Bars of zero covering `span` without gaps, the first and last cut to it.
fn empty_bins(size: BinSize, span: TimeRange) -> Vec<Bin> {
    let mut bins = Vec::new();
    let mut start = span.from();
    while start <= span.to() {
        let end = size.end_of(start).min(span.to());
        if let Ok(range) = TimeRange::new(start, end) {
            bins.push(Bin { range, totals: Totals::default() });
        }
        start = end.succ();
    }
    bins
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_geojson, Incident, LoadOptions};

    fn incidents(dates: &[&str]) -> Vec<Incident> {
        let features: Vec<String> = dates
            .iter()
            .map(|d| {
                format!(
                    r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[69,34]}},
                    "properties":{{"date":"{d}","killed":2,"injured":3}}}}"#
                )
            })
            .collect();
        let text = format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","));
        let mut list = load_geojson(&text, &LoadOptions::default()).unwrap().incidents;
        list.sort_by_key(|i| i.date);
        list
    }

    fn span(a: &str, b: &str) -> TimeRange {
        TimeRange::parse(a, b).unwrap()
    }

    fn counts(h: &Histogram) -> Vec<u64> {
        h.bins().iter().map(|b| b.totals.incidents).collect()
    }

    #[test]
    fn weekly_bars_split_on_monday_and_are_cut_to_the_span() {
        // Sunday 24 April and Monday 25 April fall in different weeks.
        let list = incidents(&["2022-04-19", "2022-04-24T23:59", "2022-04-25T00:00", "2022-06-30"]);
        let h = Histogram::with_size(BinSize::Week, span("2022-04-19", "2022-06-30"), &list, |_| true);
        let first = h.bins()[0].range;
        assert_eq!((first.from().to_string(), first.to().to_string()), ("2022-04-19".into(), "2022-04-24".into()));
        assert_eq!(h.bins()[1].range.from().to_string(), "2022-04-25");
        assert_eq!(h.bins().last().unwrap().range.to().to_string(), "2022-06-30", "last bar cut to the span");
        assert_eq!(counts(&h)[..3], [2, 1, 0]);
        assert_eq!(counts(&h).iter().sum::<u64>(), 4);
    }

    #[test]
    fn monthly_bars_follow_calendar_months() {
        let list = incidents(&["2021-05-08", "2021-05-31", "2021-06-01", "2022-04-21", "2022-05-25"]);
        let h = Histogram::new(span("2021-05-08", "2022-05-25"), &list, |_| true);
        assert_eq!(h.bin_size(), BinSize::Week, "383 days make weekly bars");
        let h = Histogram::with_size(BinSize::Month, span("2021-05-08", "2022-05-25"), &list, |_| true);
        assert_eq!(h.bins().len(), 13);
        assert_eq!(counts(&h)[..2], [2, 1], "31 May and 1 June are in different months");
        assert_eq!(h.bins()[11].range, span("2022-04-01", "2022-04-30"));
        assert_eq!(h.bins()[11].totals.incidents, 1);
    }

    #[test]
    fn daily_bars_use_the_local_date_whatever_the_time_of_day() {
        // An attack at 23:59 local time stays on its day: dates carry no time zone to shift.
        let list = incidents(&["2022-04-21T00:00", "2022-04-21T23:59", "2022-04-22T00:01"]);
        let h = Histogram::new(span("2022-04-21", "2022-04-22"), &list, |_| true);
        assert_eq!(h.bin_size(), BinSize::Day);
        assert_eq!(counts(&h), [2, 1]);
    }

    #[test]
    fn casualties_and_filters() {
        let list = incidents(&["2022-04-21", "2022-04-21", "2022-04-22"]);
        let h = Histogram::new(span("2022-04-21", "2022-04-22"), &list, |_| true);
        assert_eq!(h.max(HistogramMetric::Incidents), 2);
        assert_eq!(h.max(HistogramMetric::Casualties), 10);
        let none = Histogram::new(span("2022-04-21", "2022-04-22"), &list, |_| false);
        assert_eq!(none.max(HistogramMetric::Incidents), 0);
        assert_eq!(none.bins().len(), 2, "the bars stay when a filter empties them");
    }

    #[test]
    fn bin_index_finds_the_bar_of_a_day() {
        let list = incidents(&["2021-05-08", "2022-05-25"]);
        let h = Histogram::with_size(BinSize::Month, span("2021-05-08", "2022-05-25"), &list, |_| true);
        let day = |s: &str| Day::parse(s).unwrap();
        assert_eq!(h.bin_index(day("2021-05-08")), Some(0));
        assert_eq!(h.bin_index(day("2021-06-01")), Some(1));
        assert_eq!(h.bin_index(day("2022-05-25")), Some(12));
        assert_eq!(h.bin_index(day("2022-05-26")), None);
        assert_eq!(h.bin_index(day("2021-05-07")), None);
    }

    #[test]
    fn a_one_day_span_has_one_bar() {
        let list = incidents(&["2022-04-21"]);
        let h = Histogram::new(span("2022-04-21", "2022-04-21"), &list, |_| true);
        assert_eq!(counts(&h), [1]);
    }
}
