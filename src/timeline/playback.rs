//! Play: the range's end moves through time, its start either fixed (cumulative: everything up
//! to the day reached) or following at a fixed width (a sliding window), until the end of the
//! span. The state is the range itself, so a pause is simply a stop and play resumes from it.

use super::bin_size::{add_days, days_in};
use super::brush::clamp_range;
use super::histogram::Histogram;
use crate::data::Day;
use crate::index::TimeRange;

/// How the range moves while playing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PlayMode {
    /// The start stays; the end moves: everything up to the day reached.
    #[default]
    Cumulative,
    /// Start and end move together: a window of fixed width slides.
    Window,
}

impl PlayMode {
    /// Parses `cumulative` or `window`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "cumulative" => Some(Self::Cumulative),
            "window" => Some(Self::Window),
            _ => None,
        }
    }
}

/// How fast play goes, in bars per second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PlaySpeed {
    /// One bar a second.
    Slow,
    /// Three bars a second.
    #[default]
    Normal,
    /// Ten bars a second.
    Fast,
}

impl PlaySpeed {
    /// Parses `slow`, `normal` or `fast`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "slow" => Some(Self::Slow),
            "normal" => Some(Self::Normal),
            "fast" => Some(Self::Fast),
            _ => None,
        }
    }

    /// Bars per second.
    pub fn bars_per_second(self) -> f64 {
        match self {
            Self::Slow => 1.0,
            Self::Normal => 3.0,
            Self::Fast => 10.0,
        }
    }
}

/// A play in progress.
///
/// ```
/// use incident_map::{Histogram, Playback, PlayMode, TimeRange};
/// let span = TimeRange::parse("2022-04-01", "2022-04-30").unwrap(); // daily bars
/// let h = Histogram::new(span, &incident_map::IncidentStore::new(), |_| true);
/// // From "everything", cumulative play starts again with the first bar...
/// let mut play = Playback::start(PlayMode::Cumulative, span, &h);
/// assert_eq!(play.range(), TimeRange::parse("2022-04-01", "2022-04-01").unwrap());
/// // ...and grows the range until the end of the span.
/// play.advance_to(10);
/// assert_eq!(play.range(), TimeRange::parse("2022-04-01", "2022-04-11").unwrap());
/// play.advance_to(1000);
/// assert!(play.is_finished());
/// assert_eq!(play.range(), span);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Playback {
    mode: PlayMode,
    span: TimeRange,
    /// The fixed start of a cumulative play.
    from: Day,
    /// The width in days of a window play.
    width: i32,
    /// The end when play (re)started: smooth play counts days from it.
    origin: Day,
    end: Day,
}

impl Playback {
    /// Starts playing from `current`. A range that already reaches the end of the span starts
    /// over: cumulative play from the first bar of its start, a window from the start of the span
    /// (a window as wide as one bar when the range was the whole span).
    pub fn start(mode: PlayMode, current: TimeRange, histogram: &Histogram) -> Self {
        let span = histogram.span();
        let current = clamp_range(current, span);
        let at_end = current.to() >= span.to();
        let width = if current == span { histogram.bin_size().nominal_days() } else { days_in(current) };
        let width = width.clamp(1, days_in(span));
        let (from, end) = match (mode, at_end) {
            (_, false) => (current.from(), current.to()),
            (PlayMode::Cumulative, true) => {
                // Starting from the last bar would have nothing to play: go back to the span's start.
                let from = if histogram.bin_index(current.from()) == histogram.bin_index(span.to()) {
                    span.from()
                } else {
                    current.from()
                };
                (from, histogram.bin_size().end_of(from).min(span.to()))
            }
            (PlayMode::Window, true) => (span.from(), add_days(span.from(), width - 1)),
        };
        Self { mode, span, from, width, origin: end, end }
    }

    /// The range to show now.
    pub fn range(&self) -> TimeRange {
        let from = match self.mode {
            PlayMode::Cumulative => self.from,
            PlayMode::Window => add_days(self.end, 1 - self.width).max(self.span.from()),
        };
        TimeRange::new(from.min(self.end), self.end).unwrap_or(self.span)
    }

    /// Smooth play: the end `days` days after where play started (never past the span).
    pub fn advance_to(&mut self, days: i32) {
        self.end = add_days(self.origin, days.max(0)).min(self.span.to());
    }

    /// Stepped play (for readers who prefer reduced motion): the end jumps to the next bar's end.
    pub fn step(&mut self, histogram: &Histogram) {
        let next = histogram.bin_size().end_of(self.end.succ());
        self.end = next.min(self.span.to()).max(self.end);
    }

    /// Whether the end of the span has been reached.
    pub fn is_finished(&self) -> bool {
        self.end >= self.span.to()
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

    #[test]
    fn cumulative_play_keeps_the_start_and_resumes_where_it_stopped() {
        let h = weekly();
        let mut play = Playback::start(PlayMode::Cumulative, range("2022-04-01", "2022-04-10"), &h);
        assert_eq!(play.range(), range("2022-04-01", "2022-04-10"), "resumes from the range shown");
        play.step(&h);
        assert_eq!(play.range(), range("2022-04-01", "2022-04-17"), "to the end of the next week");
        play.advance_to(3);
        assert_eq!(play.range(), range("2022-04-01", "2022-04-13"));
        play.advance_to(400);
        assert!(play.is_finished());
        assert_eq!(play.range(), range("2022-04-01", "2022-05-25"));
    }

    #[test]
    fn play_at_the_end_starts_over() {
        let h = weekly();
        let all = h.span();
        let play = Playback::start(PlayMode::Cumulative, all, &h);
        assert_eq!(play.range(), range("2021-05-08", "2021-05-09"), "the first, cut week");
        let play = Playback::start(PlayMode::Cumulative, range("2022-05-24", "2022-05-25"), &h);
        assert_eq!(play.range().from(), all.from(), "from the last bar, back to the start");
        let play = Playback::start(PlayMode::Cumulative, range("2022-01-03", "2022-05-25"), &h);
        assert_eq!(play.range(), range("2022-01-03", "2022-01-09"));
    }

    #[test]
    fn a_window_slides_at_its_width() {
        let h = weekly();
        let mut play = Playback::start(PlayMode::Window, range("2022-04-19", "2022-04-29"), &h);
        play.advance_to(5);
        assert_eq!(play.range(), range("2022-04-24", "2022-05-04"));
        play.step(&h);
        assert_eq!(play.range(), range("2022-04-28", "2022-05-08"), "to the Sunday of the next week");
        play.advance_to(1000);
        assert_eq!(play.range(), range("2022-05-15", "2022-05-25"));
        assert!(play.is_finished());
    }

    #[test]
    fn a_window_from_everything_is_one_bar_wide_from_the_start() {
        let h = weekly();
        let play = Playback::start(PlayMode::Window, h.span(), &h);
        assert_eq!(play.range(), range("2021-05-08", "2021-05-14"));
        let late = Playback::start(PlayMode::Window, range("2022-05-20", "2022-05-25"), &h);
        assert_eq!(late.range(), range("2021-05-08", "2021-05-13"), "a six-day window starts over");
    }

    #[test]
    fn stepping_never_goes_past_the_span() {
        let h = weekly();
        let mut play = Playback::start(PlayMode::Cumulative, range("2022-05-01", "2022-05-20"), &h);
        play.step(&h);
        assert_eq!(play.range().to().to_string(), "2022-05-22");
        play.step(&h);
        assert_eq!(play.range().to().to_string(), "2022-05-25");
        assert!(play.is_finished());
        play.step(&h);
        assert_eq!(play.range().to().to_string(), "2022-05-25");
    }

    #[test]
    fn modes_and_speeds_parse() {
        assert_eq!(PlayMode::parse("window"), Some(PlayMode::Window));
        assert_eq!(PlaySpeed::parse("fast").map(PlaySpeed::bars_per_second), Some(10.0));
        assert_eq!(PlaySpeed::parse("warp"), None);
    }
}
