//! Counts and casualties over a time range, and the counter line readers see:
//! "7 incidents · 261 killed · 300 injured · 19–29 April 2022".

use std::ops::Range;

use super::DatedFigures;
use crate::data::{Casualties, Incident};

/// How many incidents, and the people reported killed and injured in them. An unknown figure
/// adds nothing: the sums are of what was reported, so they are minimums.
///
/// ```
/// use incident_map::Totals;
/// let t = Totals { incidents: 7, killed: 261, injured: 300 };
/// assert_eq!(t.summary(|n| n.to_string(), "19–29 April 2022"),
///            "7 incidents · 261 killed · 300 injured · 19–29 April 2022");
/// assert_eq!(Totals { incidents: 1, ..t }.summary(|n| n.to_string(), ""), "1 incident · 261 killed · 300 injured");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Number of incidents.
    pub incidents: u64,
    /// People reported killed.
    pub killed: u64,
    /// People reported injured.
    pub injured: u64,
}

impl Totals {
    /// One incident's contribution.
    pub fn of(incident: &Incident) -> Self {
        Self::of_casualties(incident.casualties)
    }

    /// One incident's contribution, from its casualties.
    pub fn of_casualties(c: Casualties) -> Self {
        Self { incidents: 1, killed: u64::from(c.killed.unwrap_or(0)), injured: u64::from(c.injured.unwrap_or(0)) }
    }

    /// Killed plus injured.
    pub fn casualties(self) -> u64 {
        self.killed.saturating_add(self.injured)
    }

    /// Both totals together.
    pub fn plus(self, other: Self) -> Self {
        Self {
            incidents: self.incidents.saturating_add(other.incidents),
            killed: self.killed.saturating_add(other.killed),
            injured: self.injured.saturating_add(other.injured),
        }
    }

    /// What is left of `self` without `other` (which it must include).
    fn minus(self, other: Self) -> Self {
        Self {
            incidents: self.incidents.saturating_sub(other.incidents),
            killed: self.killed.saturating_sub(other.killed),
            injured: self.injured.saturating_sub(other.injured),
        }
    }

    /// The counter line: "7 incidents · 261 killed · 300 injured · {dates}", with numbers written
    /// by `number` (the page formats them in its locale) and without the dates when `dates` is
    /// empty.
    pub fn summary(&self, number: impl Fn(u64) -> String, dates: &str) -> String {
        let noun = if self.incidents == 1 { "incident" } else { "incidents" };
        let mut parts = vec![
            format!("{} {noun}", number(self.incidents)),
            format!("{} killed", number(self.killed)),
            format!("{} injured", number(self.injured)),
        ];
        if !dates.is_empty() {
            parts.push(dates.to_owned());
        }
        parts.join(" · ")
    }
}

/// Running sums over incidents sorted by date, so that the totals of any contiguous range of
/// them (which is what a time filter selects) cost two lookups, however many incidents there are.
///
/// ```
/// use incident_map::{load_geojson, LoadOptions, RunningTotals, Totals};
/// let f = |d: &str, k: u32| format!(r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[69,34]}},
///     "properties":{{"date":"{d}","killed":{k},"injured":1}}}}"#);
/// let text = format!(r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
///     f("2021-08-26", 182), f("2022-04-21", 31), f("2022-04-29", 50));
/// let incidents = load_geojson(&text, &LoadOptions::default()).unwrap().incidents;
/// let sums = RunningTotals::new(&incidents, |_| true);
/// assert_eq!(sums.between(1..3), Totals { incidents: 2, killed: 81, injured: 2 });
/// ```
#[derive(Clone, Debug, Default)]
pub struct RunningTotals {
    /// `prefix[i]` is the total of the first `i` incidents.
    prefix: Vec<Totals>,
}

impl RunningTotals {
    /// Sums `incidents` in order, counting only those `include` accepts (a category filter).
    pub fn new<D: DatedFigures + ?Sized>(incidents: &D, include: impl Fn(usize) -> bool) -> Self {
        let mut prefix = Vec::with_capacity(incidents.count() + 1);
        let mut sum = Totals::default();
        prefix.push(sum);
        for n in 0..incidents.count() {
            if include(n) {
                sum = sum.plus(Totals::of_casualties(incidents.casualties(n)));
            }
            prefix.push(sum);
        }
        Self { prefix }
    }

    /// The totals of the incidents at `positions` (clamped to those summed).
    pub fn between(&self, positions: Range<usize>) -> Totals {
        let at = |i: usize| self.prefix.get(i.min(self.prefix.len().saturating_sub(1))).copied().unwrap_or_default();
        at(positions.end).minus(at(positions.start.min(positions.end)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_geojson, LoadOptions};

    fn incidents(figures: &[(&str, Option<u32>, Option<u32>)]) -> Vec<Incident> {
        let features: Vec<String> = figures
            .iter()
            .map(|(date, k, i)| {
                let num = |v: &Option<u32>| v.map_or("null".to_owned(), |v| v.to_string());
                format!(
                    r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[69,34]}},
                    "properties":{{"date":"{date}","killed":{},"injured":{}}}}}"#,
                    num(k),
                    num(i)
                )
            })
            .collect();
        let text = format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","));
        load_geojson(&text, &LoadOptions::default()).unwrap().incidents
    }

    #[test]
    fn unknown_figures_add_nothing() {
        let list = incidents(&[("2022-04-19", Some(6), None), ("2022-04-21", None, Some(18))]);
        let sums = RunningTotals::new(&list, |_| true);
        assert_eq!(sums.between(0..2), Totals { incidents: 2, killed: 6, injured: 18 });
        assert_eq!(sums.between(0..2).casualties(), 24);
    }

    #[test]
    fn ranges_are_clamped_and_empty_ranges_are_zero() {
        let list = incidents(&[("2022-04-19", Some(6), Some(25)), ("2022-04-21", Some(4), Some(18))]);
        let sums = RunningTotals::new(&list, |_| true);
        assert_eq!(sums.between(1..1), Totals::default());
        assert_eq!(sums.between(1..99), Totals { incidents: 1, killed: 4, injured: 18 });
        let (start, end) = (5, 2);
        assert_eq!(sums.between(start..end), Totals::default());
        assert_eq!(RunningTotals::default().between(0..3), Totals::default());
    }

    #[test]
    fn a_filter_leaves_incidents_out_of_the_sums() {
        let list = incidents(&[("2022-04-19", Some(6), Some(25)), ("2022-04-21", Some(4), Some(18))]);
        let sums = RunningTotals::new(&list, |n| list[n].casualties.killed == Some(4));
        assert_eq!(sums.between(0..2), Totals { incidents: 1, killed: 4, injured: 18 });
    }

    #[test]
    fn the_summary_uses_the_number_format_it_is_given() {
        let t = Totals { incidents: 1234, killed: 0, injured: 5 };
        let grouped = |n: u64| if n == 1234 { "1,234".to_owned() } else { n.to_string() };
        assert_eq!(t.summary(grouped, "2022"), "1,234 incidents · 0 killed · 5 injured · 2022");
        assert_eq!(Totals::default().summary(|n| n.to_string(), ""), "0 incidents · 0 killed · 0 injured");
    }
}
