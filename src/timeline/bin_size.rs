//! The width of a histogram bar: a calendar day, an ISO week (Monday to Sunday), a calendar
//! month or year, chosen from the span so that the bars stay few enough to read on a phone.

use crate::data::Day;
use crate::index::TimeRange;

/// Most bars of one day: about two months.
const MAX_DAY_BINS: i32 = 62;
/// Most bars of one week: about fourteen months.
const MAX_WEEK_BINS: i32 = 62;
/// Most bars of one month: six years (a terrorism database's fifty years would be 600 bars,
/// half a pixel each on a phone).
const MAX_MONTH_BINS: i32 = 72;

/// How much time one histogram bar covers.
///
/// ```
/// use incident_map::{BinSize, Day, TimeRange};
/// let span = TimeRange::parse("2021-05-08", "2022-05-25").unwrap();
/// assert_eq!(BinSize::for_span(span), BinSize::Week);
/// // Weeks start on Monday: 19 April 2022 was a Tuesday.
/// let tuesday = Day::parse("2022-04-19").unwrap();
/// assert_eq!(BinSize::Week.start_of(tuesday).to_string(), "2022-04-18");
/// assert_eq!(BinSize::Week.end_of(tuesday).to_string(), "2022-04-24");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinSize {
    /// One calendar day.
    Day,
    /// One ISO week, Monday to Sunday.
    Week,
    /// One calendar month.
    Month,
    /// One calendar year.
    Year,
}

/// The number of days in `range`, both ends included.
pub(crate) fn days_in(range: TimeRange) -> i32 {
    range.to().days_since_epoch() - range.from().days_since_epoch() + 1
}

/// `day` moved by `days` (negative: earlier).
pub(crate) fn add_days(day: Day, days: i32) -> Day {
    Day::from_days_since_epoch(day.days_since_epoch().saturating_add(days))
}

impl BinSize {
    /// The bar width for a span: days up to about two months, weeks up to about fourteen
    /// months, months up to six years, years beyond.
    pub fn for_span(span: TimeRange) -> Self {
        let days = days_in(span);
        let (from, to) = (span.from().ymd(), span.to().ymd());
        // Months are 1 to 12: the casts are exact.
        let months = (to.0 - from.0) * 12 + to.1 as i32 - from.1 as i32 + 1;
        if days <= MAX_DAY_BINS {
            Self::Day
        } else if days <= MAX_WEEK_BINS * 7 {
            Self::Week
        } else if months <= MAX_MONTH_BINS {
            Self::Month
        } else {
            Self::Year
        }
    }

    /// The first day of the bar that holds `day`.
    pub fn start_of(self, day: Day) -> Day {
        match self {
            Self::Day => day,
            // 1970-01-01 was a Thursday: three days after a Monday.
            Self::Week => add_days(day, -(day.days_since_epoch() + 3).rem_euclid(7)),
            Self::Month => day.month_start(),
            Self::Year => Day::from_ymd(day.ymd().0, 1, 1).unwrap_or(day),
        }
    }

    /// The first day of the bar after the one that holds `day`.
    pub fn next_start(self, day: Day) -> Day {
        match self {
            Self::Day => day.succ(),
            Self::Week => add_days(self.start_of(day), 7),
            Self::Month => day.month_end().succ(),
            Self::Year => Day::from_ymd(day.ymd().0.saturating_add(1), 1, 1).unwrap_or_else(|| day.succ()),
        }
    }

    /// The last day of the bar that holds `day`.
    pub fn end_of(self, day: Day) -> Day {
        add_days(self.next_start(day), -1)
    }

    /// How many bars Shift+arrow moves a handle: a week of days, four weeks, a year of months.
    pub fn large_step(self) -> usize {
        match self {
            Self::Day => 7,
            Self::Week => 4,
            Self::Month => 12,
            Self::Year => 10,
        }
    }

    /// The usual length of a bar in days (a month counts 30), for the width of a play window.
    pub fn nominal_days(self) -> i32 {
        match self {
            Self::Day => 1,
            Self::Week => 7,
            Self::Month => 30,
            Self::Year => 365,
        }
    }

    /// "day", "week" or "month", for captions such as "incidents per week".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn span(a: &str, b: &str) -> TimeRange {
        TimeRange::parse(a, b).unwrap()
    }

    #[test]
    fn the_span_chooses_the_bar_width() {
        assert_eq!(BinSize::for_span(span("2022-04-19", "2022-04-19")), BinSize::Day);
        assert_eq!(BinSize::for_span(span("2022-04-01", "2022-06-01")), BinSize::Day, "62 days");
        assert_eq!(BinSize::for_span(span("2022-04-01", "2022-06-02")), BinSize::Week, "63 days");
        assert_eq!(BinSize::for_span(span("2021-01-01", "2022-03-10")), BinSize::Week, "434 days");
        assert_eq!(BinSize::for_span(span("2021-01-01", "2022-03-11")), BinSize::Month, "435 days");
        assert_eq!(BinSize::for_span(span("2015-01-31", "2020-12-01")), BinSize::Month, "72 months");
        assert_eq!(BinSize::for_span(span("2015-01-31", "2021-01-01")), BinSize::Year, "73 months");
    }

    #[test]
    fn years_run_january_to_december() {
        assert_eq!(BinSize::Year.start_of(day("1999-07-04")), day("1999-01-01"));
        assert_eq!(BinSize::Year.end_of(day("1999-07-04")), day("1999-12-31"));
        assert_eq!(BinSize::Year.next_start(day("1999-12-31")), day("2000-01-01"));
    }

    #[test]
    fn weeks_run_monday_to_sunday_across_months_and_years() {
        // Sunday 2 January 2022 belongs to the week that began on Monday 27 December 2021.
        assert_eq!(BinSize::Week.start_of(day("2022-01-02")), day("2021-12-27"));
        assert_eq!(BinSize::Week.end_of(day("2021-12-27")), day("2022-01-02"));
        assert_eq!(BinSize::Week.start_of(day("2022-01-03")), day("2022-01-03"), "a Monday starts its week");
        assert_eq!(BinSize::Week.next_start(day("2022-01-02")), day("2022-01-03"));
        // Before 1970 too (negative day numbers).
        assert_eq!(BinSize::Week.start_of(day("1969-12-31")), day("1969-12-29"));
    }

    #[test]
    fn months_follow_the_calendar_including_leap_days() {
        assert_eq!(BinSize::Month.start_of(day("2024-02-29")), day("2024-02-01"));
        assert_eq!(BinSize::Month.end_of(day("2024-02-10")), day("2024-02-29"));
        assert_eq!(BinSize::Month.end_of(day("2023-02-10")), day("2023-02-28"));
        assert_eq!(BinSize::Month.next_start(day("2021-12-31")), day("2022-01-01"));
    }

    #[test]
    fn days_are_their_own_bars() {
        let d = day("2022-04-21");
        assert_eq!((BinSize::Day.start_of(d), BinSize::Day.end_of(d)), (d, d));
        assert_eq!(BinSize::Day.next_start(d), day("2022-04-22"));
    }
}
