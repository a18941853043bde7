//! Keyboard steps of the brush handles: an arrow moves a handle to the next bar edge, Shift+arrow
//! several bars, Home and End to the ends of what the handle may reach.

use super::histogram::Histogram;
use crate::data::Day;
use crate::index::TimeRange;

/// One of the two handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Thumb {
    /// The start of the range.
    From,
    /// The end of the range.
    To,
}

/// A key's move of a handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThumbStep {
    /// One bar earlier (Left or Down arrow).
    Back,
    /// One bar later (Right or Up arrow).
    Forward,
    /// Several bars earlier (Shift+arrow, Page Down).
    BackLarge,
    /// Several bars later (Shift+arrow, Page Up).
    ForwardLarge,
    /// As early as the handle may go (Home).
    First,
    /// As late as the handle may go (End).
    Last,
}

impl ThumbStep {
    /// The step for a key (`KeyboardEvent.key`) with or without Shift; `None` for other keys.
    pub fn from_key(key: &str, shift: bool) -> Option<Self> {
        match (key, shift) {
            ("ArrowLeft" | "ArrowDown", false) => Some(Self::Back),
            ("ArrowRight" | "ArrowUp", false) => Some(Self::Forward),
            ("ArrowLeft" | "ArrowDown", true) | ("PageDown", _) => Some(Self::BackLarge),
            ("ArrowRight" | "ArrowUp", true) | ("PageUp", _) => Some(Self::ForwardLarge),
            ("Home", _) => Some(Self::First),
            ("End", _) => Some(Self::Last),
            _ => None,
        }
    }
}

impl Histogram {
    /// `range` (already within the span) after moving `thumb` by `step`. The start handle goes
    /// to bar starts and the end handle to bar ends, so a handle in the middle of a bar first
    /// snaps to that bar's edge; neither handle passes the other.
    ///
    /// ```
    /// use incident_map::{load_geojson, Histogram, LoadOptions, Thumb, ThumbStep, TimeRange};
    /// let span = TimeRange::parse("2021-05-08", "2022-05-25").unwrap();
    /// let h = Histogram::new(span, &incident_map::IncidentStore::new(), |_| true); // weekly bars
    /// let r = TimeRange::parse("2022-04-19", "2022-04-29").unwrap();
    /// let later = h.stepped(r, Thumb::From, ThumbStep::Forward);
    /// assert_eq!(later.from().to_string(), "2022-04-25", "the next Monday");
    /// assert_eq!(h.stepped(r, Thumb::To, ThumbStep::Last).to(), span.to());
    /// ```
    pub fn stepped(&self, range: TimeRange, thumb: Thumb, step: ThumbStep) -> TimeRange {
        let span = self.span();
        let (from, to) = (range.from(), range.to());
        let moved = match (thumb, step) {
            (Thumb::From, ThumbStep::First) => span.from(),
            (Thumb::From, ThumbStep::Last) => to,
            (Thumb::To, ThumbStep::First) => from,
            (Thumb::To, ThumbStep::Last) => span.to(),
            (thumb, step) => {
                let (forward, times) = match step {
                    ThumbStep::Back => (false, 1),
                    ThumbStep::Forward => (true, 1),
                    ThumbStep::BackLarge => (false, self.bin_size().large_step()),
                    _ => (true, self.bin_size().large_step()),
                };
                let start = if thumb == Thumb::From { from } else { to };
                (0..times).fold(start, |day, _| self.next_edge(day, thumb, forward))
            }
        };
        let result = match thumb {
            Thumb::From => TimeRange::new(moved.min(to), to),
            Thumb::To => TimeRange::new(from, moved.max(from)),
        };
        result.unwrap_or(range)
    }

    /// The nearest bar start (for the start handle) or bar end (for the end handle) strictly
    /// after or before `day`; `day` itself when there is none.
    fn next_edge(&self, day: Day, thumb: Thumb, forward: bool) -> Day {
        let edge =
            |i: usize| self.bins().get(i).map(|b| if thumb == Thumb::From { b.range.from() } else { b.range.to() });
        let after = self.bins().partition_point(|b| {
            let e = if thumb == Thumb::From { b.range.from() } else { b.range.to() };
            e <= day
        });
        let found = if forward {
            edge(after)
        } else {
            // The edges before `after` are <= day; the last one strictly before `day`.
            (0..after).rev().filter_map(edge).find(|e| *e < day)
        };
        found.unwrap_or(day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::BinSize;

    fn range(a: &str, b: &str) -> TimeRange {
        TimeRange::parse(a, b).unwrap()
    }

    fn weekly() -> Histogram {
        Histogram::with_size(
            BinSize::Week,
            range("2021-05-08", "2022-05-25"),
            &crate::data::IncidentStore::new(),
            |_| true,
        )
    }

    fn text(r: TimeRange) -> (String, String) {
        (r.from().to_string(), r.to().to_string())
    }

    #[test]
    fn arrows_move_a_handle_to_the_neighbouring_bar_edge() {
        let h = weekly();
        let r = range("2022-04-19", "2022-04-29");
        // 19 April is a Tuesday: back goes to the start of its own week, then to the week before.
        assert_eq!(text(h.stepped(r, Thumb::From, ThumbStep::Back)).0, "2022-04-18");
        let twice = h.stepped(h.stepped(r, Thumb::From, ThumbStep::Back), Thumb::From, ThumbStep::Back);
        assert_eq!(text(twice).0, "2022-04-11");
        // 29 April is a Friday: the end handle goes to the Sunday of its week, or the one before.
        assert_eq!(text(h.stepped(r, Thumb::To, ThumbStep::Forward)).1, "2022-05-01");
        assert_eq!(text(h.stepped(r, Thumb::To, ThumbStep::Back)).1, "2022-04-24");
    }

    #[test]
    fn shift_moves_several_bars() {
        let h = weekly();
        let r = range("2022-01-03", "2022-04-29");
        assert_eq!(text(h.stepped(r, Thumb::From, ThumbStep::ForwardLarge)).0, "2022-01-31", "four weeks");
        assert_eq!(text(h.stepped(r, Thumb::From, ThumbStep::BackLarge)).0, "2021-12-06");
    }

    #[test]
    fn home_and_end_go_to_the_ends_a_handle_may_reach() {
        let h = weekly();
        let r = range("2022-01-03", "2022-04-29");
        assert_eq!(text(h.stepped(r, Thumb::From, ThumbStep::First)), ("2021-05-08".into(), "2022-04-29".into()));
        assert_eq!(text(h.stepped(r, Thumb::From, ThumbStep::Last)), ("2022-04-29".into(), "2022-04-29".into()));
        assert_eq!(text(h.stepped(r, Thumb::To, ThumbStep::First)), ("2022-01-03".into(), "2022-01-03".into()));
        assert_eq!(text(h.stepped(r, Thumb::To, ThumbStep::Last)).1, "2022-05-25");
    }

    #[test]
    fn handles_stop_at_each_other_and_at_the_span() {
        let h = weekly();
        let r = range("2022-04-18", "2022-04-24");
        assert_eq!(h.stepped(r, Thumb::From, ThumbStep::Forward), range("2022-04-24", "2022-04-24"));
        assert_eq!(h.stepped(r, Thumb::To, ThumbStep::Back), range("2022-04-18", "2022-04-18"));
        let start = range("2021-05-08", "2021-06-01");
        assert_eq!(h.stepped(start, Thumb::From, ThumbStep::Back), start, "nothing before the span");
        let end = range("2022-05-01", "2022-05-25");
        assert_eq!(h.stepped(end, Thumb::To, ThumbStep::ForwardLarge), end, "nothing after the span");
        // The cut first bar starts at the span: its start is an edge.
        assert_eq!(text(h.stepped(range("2021-05-10", "2021-06-01"), Thumb::From, ThumbStep::Back)).0, "2021-05-08");
    }

    #[test]
    fn keys_map_to_steps() {
        assert_eq!(ThumbStep::from_key("ArrowRight", false), Some(ThumbStep::Forward));
        assert_eq!(ThumbStep::from_key("ArrowLeft", true), Some(ThumbStep::BackLarge));
        assert_eq!(ThumbStep::from_key("PageUp", false), Some(ThumbStep::ForwardLarge));
        assert_eq!(ThumbStep::from_key("Home", false), Some(ThumbStep::First));
        assert_eq!(ThumbStep::from_key("a", false), None);
    }
}
