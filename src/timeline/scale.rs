//! Days to pixels and back along the histogram: each day of the span gets an equal slice of the
//! width, so a bar's width is proportional to its days (a cut first week is narrower).

use super::bin_size::{add_days, days_in};
use crate::data::Day;
use crate::float::clamp;
use crate::index::TimeRange;

/// A linear map from the days of a span to `0..width` CSS pixels.
///
/// ```
/// use incident_map::{Day, TimeRange, TimeScale};
/// let span = TimeRange::parse("2022-04-01", "2022-04-30").unwrap();
/// let scale = TimeScale::new(span, 300.0);
/// let d = Day::parse("2022-04-19").unwrap();
/// assert_eq!(scale.x_of(d), 180.0);
/// assert_eq!(scale.x_after(d), 190.0);
/// assert_eq!(scale.day_at(185.0), d);
/// assert_eq!(scale.day_at(-40.0), span.from(), "clamped to the span");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeScale {
    first: Day,
    days: i32,
    width: f64,
}

impl TimeScale {
    /// The scale of `span` over `width` CSS pixels (a negative or non-finite width counts as zero).
    pub fn new(span: TimeRange, width: f64) -> Self {
        let width = if width.is_finite() && width > 0.0 { width } else { 0.0 };
        Self { first: span.from(), days: days_in(span).max(1), width }
    }

    /// The width in CSS pixels.
    pub fn width(&self) -> f64 {
        self.width
    }

    /// Where `day` begins.
    pub fn x_of(&self, day: Day) -> f64 {
        let offset = f64::from(day.days_since_epoch() - self.first.days_since_epoch());
        offset / f64::from(self.days) * self.width
    }

    /// Where `day` ends (and the next one begins).
    pub fn x_after(&self, day: Day) -> f64 {
        self.x_of(day.succ())
    }

    /// The years to write under the bars, each at its 1 January's `x`: every year, or every
    /// 2nd, 5th, 10th... so that labels stay at least `min_gap` apart, and none within
    /// `end_room` of either end, where the span's first and last days are written.
    pub fn year_ticks(&self, min_gap: f64, end_room: f64) -> Vec<(i32, f64)> {
        let last = add_days(self.first, self.days - 1);
        let (first_year, last_year) = (self.first.ymd().0, last.ymd().0);
        let per_year = self.width / f64::from(self.days) * 365.25;
        let Some(step) = [1, 2, 5, 10, 20, 50, 100].into_iter().find(|&s| f64::from(s) * per_year >= min_gap) else {
            return Vec::new();
        };
        (first_year + 1..=last_year)
            .filter(|year| year % step == 0)
            .filter_map(|year| Some((year, self.x_of(Day::from_ymd(year, 1, 1)?))))
            .filter(|&(_, x)| x >= end_room && x <= self.width - end_room)
            .collect()
    }

    /// The day under `x`, counted on past the span's ends for points beyond them (up to a span's
    /// length): a drag that begins on a handle's grip outside the track measures its movement
    /// from there.
    pub fn day_at_beyond(&self, x: f64) -> Day {
        if self.width <= 0.0 || !x.is_finite() {
            return self.first;
        }
        let days = f64::from(self.days);
        let offset = clamp((x / self.width * days).floor(), -days, 2.0 * days) as i32;
        add_days(self.first, offset)
    }

    /// The day under `x`, the nearest end of the span for points beyond it.
    pub fn day_at(&self, x: f64) -> Day {
        if self.width <= 0.0 || !x.is_finite() {
            return self.first;
        }
        let offset = (x / self.width * f64::from(self.days)).floor();
        let offset = clamp(offset, 0.0, f64::from(self.days - 1)) as i32;
        add_days(self.first, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pixel_maps_back_to_the_day_drawn_there() {
        let span = TimeRange::parse("2021-05-08", "2022-05-25").unwrap();
        let scale = TimeScale::new(span, 344.0);
        let mut day = span.from();
        while day <= span.to() {
            let middle = (scale.x_of(day) + scale.x_after(day)) / 2.0;
            assert_eq!(scale.day_at(middle), day);
            day = day.succ();
        }
        assert_eq!(scale.x_after(span.to()), 344.0);
        assert_eq!(scale.day_at(1e9), span.to());
        let day_width = scale.x_after(span.from()) - scale.x_of(span.from());
        assert_eq!(scale.day_at_beyond(-day_width / 2.0), add_days(span.from(), -1), "counted on past the start");
        assert!(scale.day_at_beyond(1e9) > span.to() && scale.day_at_beyond(-1e9) < span.from(), "and bounded");
    }

    #[test]
    fn year_ticks_step_to_keep_their_labels_apart_and_clear_of_the_ends() {
        let demo = TimeScale::new(TimeRange::parse("2021-05-08", "2022-05-25").unwrap(), 930.0);
        let ticks = demo.year_ticks(44.0, 80.0);
        assert_eq!(ticks.len(), 1);
        assert_eq!(ticks[0].0, 2022);
        assert_eq!(ticks[0].1, demo.x_of(Day::parse("2022-01-01").unwrap()));
        let fifty = TimeScale::new(TimeRange::parse("1970-01-01", "2020-12-31").unwrap(), 326.0);
        let years: Vec<i32> = fifty.year_ticks(44.0, 80.0).into_iter().map(|(y, _)| y).collect();
        assert_eq!(years, [1990, 2000], "every tenth year at 6.4 px a year; 1980 (64 px) is too near the start");
        let short = TimeScale::new(TimeRange::parse("2022-01-05", "2022-11-30").unwrap(), 500.0);
        assert!(short.year_ticks(44.0, 80.0).is_empty(), "no new year inside");
    }

    #[test]
    fn a_zero_width_is_harmless() {
        let span = TimeRange::parse("2022-04-01", "2022-04-30").unwrap();
        let scale = TimeScale::new(span, f64::NAN);
        assert_eq!(scale.day_at(10.0), span.from());
        assert_eq!(scale.x_of(span.to()), 0.0);
    }
}
