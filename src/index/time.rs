use std::fmt;
use std::ops::Range;

use crate::data::{DateError, Day};
use crate::quoted::Quoted;

/// An inclusive range of local days.
///
/// ```
/// use incident_map::{Day, TimeRange};
/// let april = TimeRange::parse("2022-04-01", "2022-04-30").unwrap();
/// assert!(april.contains(Day::parse("2022-04-30").unwrap()));
/// assert!(TimeRange::parse("2022-05-01", "2022-04-01").is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeRange {
    from: Day,
    to: Day,
}

/// Why two dates do not make a range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeRangeError {
    /// One end is not a date.
    BadDate {
        /// `from` or `to`.
        end: &'static str,
        /// What is wrong with it.
        error: DateError,
    },
    /// `from` is after `to`.
    Reversed {
        /// The start given.
        from: Day,
        /// The end given.
        to: Day,
    },
}

impl fmt::Display for TimeRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // A range is of whole days: the data's "optionally with THH:MM" does not apply here.
            Self::BadDate { end, error: DateError::Malformed(s) } => {
                write!(f, "time range {end}: must be a day written YYYY-MM-DD, got {}", Quoted(s))
            }
            Self::BadDate { end, error } => write!(f, "time range {end}: {error}"),
            Self::Reversed { from, to } => {
                write!(f, "time range: from ({from}) is after to ({to})")
            }
        }
    }
}

impl std::error::Error for TimeRangeError {}

impl TimeRange {
    /// The days from `from` to `to`, both included; an error if `from` is after `to`.
    pub fn new(from: Day, to: Day) -> Result<Self, TimeRangeError> {
        if from > to {
            return Err(TimeRangeError::Reversed { from, to });
        }
        Ok(Self { from, to })
    }

    /// Parses two `YYYY-MM-DD` dates.
    pub fn parse(from: &str, to: &str) -> Result<Self, TimeRangeError> {
        let from = Day::parse(from.trim()).map_err(|error| TimeRangeError::BadDate { end: "from", error })?;
        let to = Day::parse(to.trim()).map_err(|error| TimeRangeError::BadDate { end: "to", error })?;
        Self::new(from, to)
    }

    /// The whole month of `day`.
    pub fn month_of(day: Day) -> Self {
        Self { from: day.month_start(), to: day.month_end() }
    }

    /// First day.
    pub fn from(&self) -> Day {
        self.from
    }
    /// Last day.
    pub fn to(&self) -> Day {
        self.to
    }

    /// Whether `day` is in the range.
    pub fn contains(&self, day: Day) -> bool {
        self.from <= day && day <= self.to
    }
}

/// The incidents' days in ascending order, for range queries by bisection: O(log n), no scan.
///
/// ```
/// use incident_map::{Day, TimeIndex, TimeRange};
/// let days: Vec<Day> = ["2021-08-26", "2022-04-19", "2022-04-21", "2022-04-29"]
///     .iter().map(|d| Day::parse(d).unwrap()).collect();
/// let index = TimeIndex::new(days.iter().copied()).unwrap();
/// assert_eq!(index.range(TimeRange::parse("2022-04-01", "2022-04-30").unwrap()), 1..4);
/// ```
#[derive(Clone, Debug, Default)]
pub struct TimeIndex {
    days: Vec<i32>,
}

impl TimeIndex {
    /// Indexes days that are already in ascending order; `None` if they are not.
    pub fn new(sorted_days: impl IntoIterator<Item = Day>) -> Option<Self> {
        let days: Vec<i32> = sorted_days.into_iter().map(Day::days_since_epoch).collect();
        days.windows(2).all(|w| w[0] <= w[1]).then_some(Self { days })
    }

    /// Positions of the incidents within `range`.
    pub fn range(&self, range: TimeRange) -> Range<usize> {
        let from = range.from().days_since_epoch();
        let to = range.to().days_since_epoch();
        let start = self.days.partition_point(|&d| d < from);
        let end = self.days.partition_point(|&d| d <= to);
        start..end.max(start)
    }

    /// Positions within `range`, or all `len` positions for no range.
    pub fn range_or_all(&self, range: Option<TimeRange>, len: usize) -> Range<usize> {
        match range {
            Some(r) => self.range(r),
            None => 0..len,
        }
    }

    /// The first and last day, if there are any incidents.
    pub fn span(&self) -> Option<TimeRange> {
        let first = *self.days.first()?;
        let last = *self.days.last()?;
        Some(TimeRange { from: Day::from_days_since_epoch(first), to: Day::from_days_since_epoch(last) })
    }

    /// Number of indexed incidents.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    #[test]
    fn a_range_end_with_a_time_of_day_is_told_to_be_a_day() {
        let error = TimeRange::parse("2022-04-01T10:00", "2022-04-30").unwrap_err().to_string();
        assert_eq!(error, r#"time range from: must be a day written YYYY-MM-DD, got "2022-04-01T10:00""#);
        let error = TimeRange::parse("2022-04-01", "2022-02-30").unwrap_err().to_string();
        assert_eq!(error, r#"time range to: "2022-02-30" is not a day of the calendar"#);
    }

    #[test]
    fn range_edges_are_inclusive() {
        let days = ["2021-08-26", "2022-04-19", "2022-04-21", "2022-04-21", "2022-04-22", "2022-04-29"];
        let index = TimeIndex::new(days.iter().map(|d| day(d))).unwrap();
        let r = |a, b| index.range(TimeRange::parse(a, b).unwrap());
        assert_eq!(r("2022-04-21", "2022-04-21"), 2..4);
        assert_eq!(r("2021-08-26", "2021-08-31"), 0..1);
        assert_eq!(r("2020-01-01", "2020-12-31"), 0..0);
        assert_eq!(r("2023-01-01", "2023-12-31"), 6..6);
        assert_eq!(r("2000-01-01", "2030-01-01"), 0..6);
        assert_eq!(index.span(), Some(TimeRange::parse("2021-08-26", "2022-04-29").unwrap()));
    }

    #[test]
    fn unsorted_days_are_refused() {
        assert!(TimeIndex::new([day("2022-01-02"), day("2022-01-01")]).is_none());
    }

    #[test]
    fn reversed_and_bad_ranges_are_errors() {
        assert!(matches!(TimeRange::parse("2022-05-01", "2022-04-01"), Err(TimeRangeError::Reversed { .. })));
        let err = TimeRange::parse("2022-02-30", "2022-03-01").unwrap_err();
        assert!(err.to_string().starts_with("time range from:"), "{err}");
    }
}
