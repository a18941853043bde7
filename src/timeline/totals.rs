//! Counts and casualties over a time range, and the counter line readers see:
//! "7 incidents · 261 killed · 300 injured · 19–29 April 2022".

use std::ops::Range;

use super::DatedFigures;
use crate::data::{Casualties, Incident};

/// How many incidents, the people reported killed and injured in them, and how many of them
/// leave each figure unknown. An unknown figure adds nothing to its sum, so a sum over incidents
/// some of which are unknown is a minimum, and over incidents all of which are unknown says
/// nothing: the counter line says so instead of writing 0 (ACLED counts no injuries, for one).
///
/// ```
/// use incident_map::Totals;
/// let t = Totals { incidents: 7, killed: 261, injured: 300, ..Totals::default() };
/// assert_eq!(t.summary(|n| n.to_string(), "19–29 April 2022"),
///            "7 incidents · 261 killed · 300 injured · 19–29 April 2022");
/// assert_eq!(Totals { incidents: 1, ..t }.summary(|n| n.to_string(), ""), "1 incident · 261 killed · 300 injured");
/// let some_unknown = Totals { injured_unknown: 2, ..t };
/// assert_eq!(some_unknown.summary(|n| n.to_string(), ""), "7 incidents · 261 killed · at least 300 injured");
/// let none_known = Totals { injured: 0, injured_unknown: 7, ..t };
/// assert_eq!(none_known.summary(|n| n.to_string(), ""), "7 incidents · 261 killed · injured unknown");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Number of incidents.
    pub incidents: u64,
    /// People reported killed.
    pub killed: u64,
    /// People reported injured.
    pub injured: u64,
    /// Incidents whose number killed is unknown.
    pub killed_unknown: u64,
    /// Incidents whose number injured is unknown.
    pub injured_unknown: u64,
}

impl Totals {
    /// One incident's contribution.
    pub fn of(incident: &Incident) -> Self {
        Self::of_casualties(incident.casualties)
    }

    /// One incident's contribution, from its casualties.
    pub fn of_casualties(c: Casualties) -> Self {
        Self {
            incidents: 1,
            killed: u64::from(c.killed.unwrap_or(0)),
            injured: u64::from(c.injured.unwrap_or(0)),
            killed_unknown: u64::from(c.killed.is_none()),
            injured_unknown: u64::from(c.injured.is_none()),
        }
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
            killed_unknown: self.killed_unknown.saturating_add(other.killed_unknown),
            injured_unknown: self.injured_unknown.saturating_add(other.injured_unknown),
        }
    }

    /// What is left of `self` without `other` (which it must include).
    fn minus(self, other: Self) -> Self {
        Self {
            incidents: self.incidents.saturating_sub(other.incidents),
            killed: self.killed.saturating_sub(other.killed),
            injured: self.injured.saturating_sub(other.injured),
            killed_unknown: self.killed_unknown.saturating_sub(other.killed_unknown),
            injured_unknown: self.injured_unknown.saturating_sub(other.injured_unknown),
        }
    }

    /// The counter line: "7 incidents · 261 killed · 300 injured · {dates}", with numbers written
    /// by `number` (the page formats them in its locale) and without the dates when `dates` is
    /// empty. A figure some incidents leave unknown is "at least" its sum; one they all leave
    /// unknown is "unknown".
    pub fn summary(&self, number: impl Fn(u64) -> String, dates: &str) -> String {
        let noun = if self.incidents == 1 { "incident" } else { "incidents" };
        let mut parts = vec![
            format!("{} {noun}", number(self.incidents)),
            self.figure("killed", self.killed, self.killed_unknown, &number),
            self.figure("injured", self.injured, self.injured_unknown, &number),
        ];
        if !dates.is_empty() {
            parts.push(dates.to_owned());
        }
        parts.join(" · ")
    }

    /// "261 killed", "at least 261 killed" or "killed unknown".
    pub fn figure(&self, what: &str, sum: u64, unknown: u64, number: impl Fn(u64) -> String) -> String {
        if self.incidents > 0 && unknown >= self.incidents {
            format!("{what} unknown")
        } else if unknown > 0 {
            format!("at least {} {what}", number(sum))
        } else {
            format!("{} {what}", number(sum))
        }
    }
}

/// Incidents between two stored running sums: the sums inside a block are added up again when
/// asked (at most twice `BLOCK - 1` incidents' figures, a microsecond), instead of being stored
/// for every incident (40 bytes an incident at a million, for a time change's counter line).
const BLOCK: usize = 64;

/// Running sums over incidents sorted by date, so that the totals of any contiguous range of
/// them (which is what a time filter selects) cost two lookups and two short sums, however many
/// incidents there are.
///
/// ```
/// use incident_map::{load_geojson, LoadOptions, RunningTotals, Totals};
/// let f = |d: &str, k: u32| format!(r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[69,34]}},
///     "properties":{{"date":"{d}","killed":{k},"injured":1}}}}"#);
/// let text = format!(r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
///     f("2021-08-26", 182), f("2022-04-21", 31), f("2022-04-29", 50));
/// let incidents = load_geojson(&text, &LoadOptions::default()).unwrap().incidents;
/// let sums = RunningTotals::new(&incidents[..], |_| true);
/// assert_eq!(sums.between(1..3, &incidents[..], |_| true), Totals { incidents: 2, killed: 81, injured: 2, ..Totals::default() });
/// ```
#[derive(Clone, Debug, Default)]
pub struct RunningTotals {
    /// `blocks[j]` is the total of the first `j * BLOCK` incidents.
    blocks: Vec<Totals>,
    /// How many incidents were summed.
    count: usize,
}

impl RunningTotals {
    /// Sums `incidents` in order, counting only those `include` accepts (a category filter).
    pub fn new<D: DatedFigures + ?Sized>(incidents: &D, include: impl Fn(usize) -> bool) -> Self {
        let count = incidents.count();
        let mut blocks = Vec::with_capacity(count / BLOCK + 1);
        let mut sum = Totals::default();
        for n in 0..=count {
            if n % BLOCK == 0 {
                blocks.push(sum);
            }
            if n < count && include(n) {
                sum = sum.plus(Totals::of_casualties(incidents.casualties(n)));
            }
        }
        Self { blocks, count }
    }

    /// The totals of the incidents at `positions` (clamped to those summed), read from the same
    /// `incidents` with the same `include` the sums were made with.
    pub fn between<D: DatedFigures + ?Sized>(
        &self,
        positions: Range<usize>,
        incidents: &D,
        include: impl Fn(usize) -> bool,
    ) -> Totals {
        let end = positions.end.min(self.count).min(incidents.count());
        let start = positions.start.min(end);
        self.up_to(end, incidents, &include).minus(self.up_to(start, incidents, &include))
    }

    /// The total of the first `n` incidents.
    fn up_to<D: DatedFigures + ?Sized>(&self, n: usize, incidents: &D, include: &impl Fn(usize) -> bool) -> Totals {
        let Some(&block) = self.blocks.get(n / BLOCK) else { return Totals::default() };
        (n / BLOCK * BLOCK..n)
            .filter(|&i| include(i))
            .fold(block, |sum, i| sum.plus(Totals::of_casualties(incidents.casualties(i))))
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
        let sums = RunningTotals::new(&list[..], |_| true);
        let all = sums.between(0..2, &list[..], |_| true);
        assert_eq!(all, Totals { incidents: 2, killed: 6, injured: 18, killed_unknown: 1, injured_unknown: 1 });
        assert_eq!(all.casualties(), 24);
        assert_eq!(all.summary(|n| n.to_string(), ""), "2 incidents · at least 6 killed · at least 18 injured");
        let first = sums.between(0..1, &list[..], |_| true);
        assert_eq!(first.summary(|n| n.to_string(), ""), "1 incident · 6 killed · injured unknown");
    }

    #[test]
    fn ranges_are_clamped_and_empty_ranges_are_zero() {
        let list = incidents(&[("2022-04-19", Some(6), Some(25)), ("2022-04-21", Some(4), Some(18))]);
        let sums = RunningTotals::new(&list[..], |_| true);
        let between = |r: Range<usize>| sums.between(r, &list[..], |_| true);
        assert_eq!(between(1..1), Totals::default());
        assert_eq!(between(1..99), Totals { incidents: 1, killed: 4, injured: 18, ..Totals::default() });
        let (start, end) = (5, 2);
        assert_eq!(between(start..end), Totals::default());
        assert_eq!(RunningTotals::default().between(0..3, &list[..], |_| true), Totals::default());
    }

    #[test]
    fn a_filter_leaves_incidents_out_of_the_sums() {
        let list = incidents(&[("2022-04-19", Some(6), Some(25)), ("2022-04-21", Some(4), Some(18))]);
        let include = |n: usize| list[n].casualties.killed == Some(4);
        let sums = RunningTotals::new(&list[..], include);
        assert_eq!(
            sums.between(0..2, &list[..], include),
            Totals { incidents: 1, killed: 4, injured: 18, ..Totals::default() }
        );
    }

    /// Every range of a few blocks' incidents, against a plain sum of it.
    #[test]
    fn sums_across_blocks_match_a_plain_sum() {
        let figures: Vec<(String, Option<u32>, Option<u32>)> = (0..3 * BLOCK + 5)
            .map(|n| {
                let day = format!("2022-{:02}-{:02}", 1 + n / 28 % 12, 1 + n % 28);
                let killed = (n % 7 != 0).then_some((n * 13 % 50) as u32);
                let injured = (n % 5 != 0).then_some((n * 7 % 30) as u32);
                (day, killed, injured)
            })
            .collect();
        let mut list = incidents(&figures.iter().map(|(d, k, i)| (d.as_str(), *k, *i)).collect::<Vec<_>>());
        list.sort_by_key(|i| i.date);
        let include = |n: usize| n % 3 != 1;
        let sums = RunningTotals::new(&list[..], include);
        let plain =
            |r: Range<usize>| r.filter(|&n| include(n)).fold(Totals::default(), |t, n| t.plus(Totals::of(&list[n])));
        for start in (0..list.len()).step_by(7) {
            for end in (start..=list.len() + 2).step_by(5) {
                assert_eq!(
                    sums.between(start..end, &list[..], include),
                    plain(start..end.min(list.len())),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn the_summary_uses_the_number_format_it_is_given() {
        let t = Totals { incidents: 1234, killed: 0, injured: 5, ..Totals::default() };
        let grouped = |n: u64| if n == 1234 { "1,234".to_owned() } else { n.to_string() };
        assert_eq!(t.summary(grouped, "2022"), "1,234 incidents · 0 killed · 5 injured · 2022");
        assert_eq!(Totals::default().summary(|n| n.to_string(), ""), "0 incidents · 0 killed · 0 injured");
    }
}
