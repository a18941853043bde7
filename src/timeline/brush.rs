//! The brush over the histogram: a range with two handles and a middle. Dragging is described
//! here as data (which part, where the drag began), so the web shell only feeds it days.

use super::bin_size::add_days;
use crate::data::Day;
use crate::index::TimeRange;

/// The part of the brush a drag started on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrushPart {
    /// The start handle.
    From,
    /// The end handle.
    To,
    /// The selected middle: dragging it moves the whole range.
    Middle,
    /// The histogram outside the range: dragging there draws a new range.
    Track,
}

/// `range` cut to `span`: what the brush can show of a range that reaches beyond the data.
/// A range wholly outside the span becomes the span's nearest day.
///
/// ```
/// use incident_map::{clamp_range, TimeRange};
/// let span = TimeRange::parse("2021-05-08", "2022-05-25").unwrap();
/// let year = TimeRange::parse("2021-01-01", "2021-12-31").unwrap();
/// assert_eq!(clamp_range(year, span), TimeRange::parse("2021-05-08", "2021-12-31").unwrap());
/// ```
pub fn clamp_range(range: TimeRange, span: TimeRange) -> TimeRange {
    let clamp = |d: Day| d.clamp(span.from(), span.to());
    // Clamping is monotonic, so from <= to still holds.
    TimeRange::new(clamp(range.from()), clamp(range.to())).unwrap_or(span)
}

/// A drag in progress: where it started and on what.
///
/// ```
/// use incident_map::{BrushDrag, BrushPart, Day, TimeRange};
/// let span = TimeRange::parse("2022-04-01", "2022-04-30").unwrap();
/// let start = TimeRange::parse("2022-04-10", "2022-04-14").unwrap();
/// let grab = Day::parse("2022-04-12").unwrap();
/// let drag = BrushDrag::new(BrushPart::Middle, start, grab, span);
/// let moved = drag.range_at(Day::parse("2022-04-21").unwrap());
/// assert_eq!(moved, TimeRange::parse("2022-04-19", "2022-04-23").unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrushDrag {
    part: BrushPart,
    start: TimeRange,
    anchor: Day,
    span: TimeRange,
}

impl BrushDrag {
    /// A drag of `part`, begun on day `anchor` while the range was `start` (cut to `span`). A
    /// handle's `anchor` may lie beyond the span (its grip reaches past the track's ends): its
    /// movement is counted from there.
    pub fn new(part: BrushPart, start: TimeRange, anchor: Day, span: TimeRange) -> Self {
        Self { part, start: clamp_range(start, span), anchor, span }
    }

    /// What was dragged.
    pub fn part(&self) -> BrushPart {
        self.part
    }

    /// The same drag taken as one of `part` (two handles over each other: which one is dragged
    /// is known only once the pointer moves).
    pub fn with_part(self, part: BrushPart) -> Self {
        Self { part, ..self }
    }

    /// The range while the pointer is over `day`. A handle moves by as many days as the pointer
    /// did since the drag began, so that where on its grip it was taken does not jump it to the
    /// pointer (a drag back to where it began changes nothing); dragged past the other handle,
    /// it swaps roles with it (so a one-day range can be widened either way). The middle stops
    /// at the ends of the span, keeping its width.
    pub fn range_at(&self, day: Day) -> TimeRange {
        let (from, to) = (self.start.from(), self.start.to());
        let moved = day.days_since_epoch() - self.anchor.days_since_epoch();
        let inside = |d: Day| d.clamp(self.span.from(), self.span.to());
        let (day, anchor) = (inside(day), inside(self.anchor));
        let (from, to) = match self.part {
            BrushPart::From | BrushPart::To => {
                let (end, other) = if self.part == BrushPart::From { (from, to) } else { (to, from) };
                let end = add_days(end, moved).clamp(self.span.from(), self.span.to());
                (end.min(other), end.max(other))
            }
            BrushPart::Middle => {
                let wanted = day.days_since_epoch() - anchor.days_since_epoch();
                let earliest = self.span.from().days_since_epoch() - from.days_since_epoch();
                let latest = self.span.to().days_since_epoch() - to.days_since_epoch();
                let shift = wanted.clamp(earliest, latest.max(earliest));
                (add_days(from, shift), add_days(to, shift))
            }
            BrushPart::Track => (anchor.min(day), anchor.max(day)),
        };
        TimeRange::new(from, to).unwrap_or(self.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }
    fn range(a: &str, b: &str) -> TimeRange {
        TimeRange::parse(a, b).unwrap()
    }
    const SPAN: (&str, &str) = ("2022-04-01", "2022-04-30");

    fn drag(part: BrushPart, anchor: &str) -> BrushDrag {
        BrushDrag::new(part, range("2022-04-10", "2022-04-14"), day(anchor), range(SPAN.0, SPAN.1))
    }

    #[test]
    fn handles_move_their_end_and_swap_when_they_cross() {
        let from = drag(BrushPart::From, "2022-04-10");
        assert_eq!(from.range_at(day("2022-04-03")), range("2022-04-03", "2022-04-14"));
        assert_eq!(from.range_at(day("2022-04-20")), range("2022-04-14", "2022-04-20"));
        assert_eq!(from.range_at(day("2021-01-01")), range("2022-04-01", "2022-04-14"), "clamped to the span");
        let to = drag(BrushPart::To, "2022-04-14");
        assert_eq!(to.range_at(day("2022-04-29")), range("2022-04-10", "2022-04-29"));
        assert_eq!(to.range_at(day("2022-04-02")), range("2022-04-02", "2022-04-10"));
        // A one-day range at the end of the span can still be widened with its end handle.
        let span = range(SPAN.0, SPAN.1);
        let last = BrushDrag::new(BrushPart::To, range("2022-04-30", "2022-04-30"), day("2022-04-30"), span);
        assert_eq!(last.range_at(day("2022-04-25")), range("2022-04-25", "2022-04-30"));
    }

    #[test]
    fn a_handle_keeps_where_it_was_grabbed() {
        // Taken two days right of its edge (a handle's grip is wider than a day).
        let from = drag(BrushPart::From, "2022-04-12");
        assert_eq!(
            from.range_at(day("2022-04-12")),
            range("2022-04-10", "2022-04-14"),
            "back where it began: unchanged"
        );
        assert_eq!(
            from.range_at(day("2022-04-08")),
            range("2022-04-06", "2022-04-14"),
            "moved by the pointer's four days"
        );
        let to = drag(BrushPart::To, "2022-04-13");
        assert_eq!(to.range_at(day("2022-04-13")), range("2022-04-10", "2022-04-14"));
        assert_eq!(to.range_at(day("2022-04-30")), range("2022-04-10", "2022-04-30"), "clamped to the span");
        // A grip reaching past the track's start, taken there: its movement counts from there.
        let span = range(SPAN.0, SPAN.1);
        let first = BrushDrag::new(BrushPart::From, range("2022-04-01", "2022-04-14"), day("2022-03-29"), span);
        assert_eq!(first.range_at(day("2022-03-29")), range("2022-04-01", "2022-04-14"));
        assert_eq!(first.range_at(day("2022-04-02")), range("2022-04-05", "2022-04-14"));
    }

    #[test]
    fn the_middle_keeps_its_width_and_stays_in_the_span() {
        let middle = drag(BrushPart::Middle, "2022-04-12");
        assert_eq!(middle.range_at(day("2022-04-30")), range("2022-04-26", "2022-04-30"));
        assert_eq!(middle.range_at(day("2022-04-01")), range("2022-04-01", "2022-04-05"));
        assert_eq!(middle.range_at(day("2022-04-12")), range("2022-04-10", "2022-04-14"));
    }

    #[test]
    fn the_track_draws_a_new_range_either_way() {
        let track = drag(BrushPart::Track, "2022-04-20");
        assert_eq!(track.range_at(day("2022-04-25")), range("2022-04-20", "2022-04-25"));
        assert_eq!(track.range_at(day("2022-04-17")), range("2022-04-17", "2022-04-20"));
    }

    #[test]
    fn ranges_beyond_the_span_are_cut() {
        let span = range(SPAN.0, SPAN.1);
        assert_eq!(clamp_range(range("2020-01-01", "2020-12-31"), span), range("2022-04-01", "2022-04-01"));
        assert_eq!(clamp_range(range("2023-01-01", "2023-12-31"), span), range("2022-04-30", "2022-04-30"));
        assert_eq!(clamp_range(range("2022-04-05", "2022-04-06"), span), range("2022-04-05", "2022-04-06"));
    }
}
