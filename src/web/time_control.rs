//! The time control's behaviour: the range flows one way, like map input. Pointer, keys, presets,
//! play and the API all end in `preview_time_range` (filter, redraw, `timerangeinput`) and, once
//! the change is settled (pointer released, key pressed, play paused or ended), in
//! `settle_time_range` (`timerangechange`, URL). Counting happens once per data load: a change of
//! range filters with the time index and reads the running totals, never re-sorts or re-parses.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlButtonElement, KeyboardEvent, PointerEvent, ResizeObserver, Window};

use super::dom::set_attr;
use super::events::to_js;
use super::format;
use super::listeners::Listener;
use super::ticker::Ticker;
use super::widget::{run_callback, Widget};
use crate::index::TimeRange;
use crate::presets::{default_time_presets, TimePreset};
use crate::timeline::{
    clamp_range, histogram_layer, BrushDrag, BrushPart, HistogramMetric, PlayMode, PlaySpeed, Playback, Thumb,
    ThumbStep, TimeScale, Timeline,
};

/// A press on the histogram moves at least this far (CSS pixels) before it counts as a drag.
const DRAG_SLOP: f64 = 3.0;

/// A drag on the histogram in progress.
#[derive(Clone, Copy)]
struct Drag {
    pointer: i32,
    brush: BrushDrag,
    start_x: f64,
    moved: bool,
    /// The range before the press: a gesture the browser takes over (a vertical swipe that
    /// scrolls the page) puts it back.
    before: Option<TimeRange>,
    /// Pressed where the two handles cover each other (a one-bar range, on a phone most of all):
    /// the first move decides which one it drags, the end going right, the start going left.
    stacked: bool,
}

/// A brush narrower than this (CSS px) has its handles over each other: each handle's grip
/// reaches 5 px inside the range (`.im-handle-from`, `.im-handle-to` in incident-map.css).
const STACKED_PX: f64 = 10.0;

/// A play in progress.
#[derive(Clone, Copy)]
struct Playing {
    playback: Playback,
    speed: PlaySpeed,
    /// When play (re)started, in milliseconds (smooth play measures time from it).
    started_ms: f64,
    /// Readers who prefer reduced motion get whole-bar steps on a timer instead of a glide.
    stepped: bool,
}

/// The `ResizeObserver` of the histogram and the closure it calls.
type TrackObserver = (ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

/// The time control's state, kept by the widget.
pub(crate) struct TimeState {
    timeline: RefCell<Option<Timeline>>,
    metric: Cell<HistogramMetric>,
    presets: RefCell<Vec<(TimePreset, HtmlButtonElement)>>,
    /// The embedder's presets; `None` derives them from the data.
    custom_presets: RefCell<Option<Vec<TimePreset>>>,
    preset_listeners: RefCell<Vec<Listener>>,
    drag: Cell<Option<Drag>>,
    /// The range of the last `timerangechange` (`None`: everything).
    settled: Cell<Option<TimeRange>>,
    playing: Cell<Option<Playing>>,
    ticker: Ticker,
    observer: RefCell<Option<TrackObserver>>,
}

impl TimeState {
    /// The state of a widget not built yet (`widget` is its weak self-reference).
    pub(crate) fn new(window: Window, widget: Weak<Widget>) -> Self {
        let ticker = Ticker::new(window, move || run_callback(&widget, |w| w.play_tick()));
        Self {
            timeline: RefCell::new(None),
            metric: Cell::new(HistogramMetric::default()),
            presets: RefCell::new(Vec::new()),
            custom_presets: RefCell::new(None),
            preset_listeners: RefCell::new(Vec::new()),
            drag: Cell::new(None),
            settled: Cell::new(None),
            playing: Cell::new(None),
            ticker,
            observer: RefCell::new(None),
        }
    }

    /// Stops play, takes off the preset listeners and the size observer.
    pub(crate) fn teardown(&self) {
        self.playing.set(None);
        self.ticker.cancel();
        self.preset_listeners.borrow_mut().clear();
        if let Some((observer, _callback)) = self.observer.borrow_mut().take() {
            observer.disconnect();
        }
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn prefers_reduced_motion(window: &Window) -> bool {
    matches!(window.match_media("(prefers-reduced-motion: reduce)"), Ok(Some(query)) if query.matches())
}

impl Widget {
    /// Adds the time control's listeners and its size observer.
    pub(crate) fn wire_time_control(self: &Rc<Self>) -> Result<(), JsValue> {
        let bar = &self.controls.timebar;
        let track = bar.track.clone();
        self.listen(&track, "pointerdown", true, |w, e: PointerEvent| w.track_pressed(&e))?;
        self.listen(&track, "pointermove", true, |w, e: PointerEvent| w.track_moved(&e))?;
        self.listen(&track, "pointerup", true, |w, e: PointerEvent| w.track_released(&e, true))?;
        self.listen(&track, "pointercancel", true, |w, e: PointerEvent| w.track_released(&e, false))?;
        for (handle, thumb) in [(&bar.from_handle, Thumb::From), (&bar.to_handle, Thumb::To)] {
            self.listen(handle, "keydown", false, move |w, e: KeyboardEvent| w.handle_key(&e, thumb))?;
        }
        for (metric, b) in &bar.metric_buttons {
            let metric = *metric;
            self.listen(b, "click", true, move |w, _: Event| {
                w.time.metric.set(metric);
                w.refresh_time_control();
            })?;
        }
        self.listen(&bar.play, "click", true, |w, _: Event| w.toggle_play())?;
        for select in [&bar.mode, &bar.speed] {
            // A new mode or speed takes effect at once: play restarts from where it is.
            self.listen(select, "change", true, |w, _: Event| {
                if w.time.playing.get().is_some() {
                    w.start_playing();
                }
            })?;
        }
        self.observe_track()
    }

    fn observe_track(self: &Rc<Self>) -> Result<(), JsValue> {
        let weak = Rc::downgrade(self);
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| {
            run_callback(&weak, |w| {
                w.controls.timebar.forget_layout();
                w.refresh_time_control();
            });
        });
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref())?;
        observer.observe(&self.controls.timebar.track);
        *self.time.observer.borrow_mut() = Some((observer, callback));
        Ok(())
    }

    /// Recounts the timeline after the incidents changed, rebuilds the presets and redraws.
    pub(crate) fn time_data_changed(self: &Rc<Self>) -> Result<(), JsValue> {
        let old_span = self.data_span_shown();
        // Where play stopped is a settled range, in the events and the URL.
        self.stop_playing(true);
        self.recount_time();
        // "Everything" now spans other days: an embedder showing the range's dates hears of it.
        let new_span = self.data_span_shown();
        let all = self.state.try_borrow().is_ok_and(|s| s.map.time_range().is_none());
        if all && old_span.is_some() && new_span.is_some() && old_span != new_span {
            let detail = to_js(&self.time_range_detail());
            self.outbox.queue("timerangeinput", detail.clone());
            self.outbox.queue("timerangechange", detail);
        }
        self.rebuild_presets()
    }

    /// The days the time control spans (the data's), `None` without one.
    fn data_span_shown(&self) -> Option<TimeRange> {
        self.time.timeline.try_borrow().ok()?.as_ref().map(Timeline::span)
    }

    /// Whether the range is being dragged or played: the URL is written once it settles.
    pub(crate) fn time_is_moving(&self) -> bool {
        self.time.drag.get().is_some() || self.time.playing.get().is_some()
    }

    /// Recounts the histogram and the counters over the incidents the category filter shows
    /// (all of them when no category is hidden; the span, and so the axis, stays that of all the
    /// incidents). The counters read the sums with the same filter (`refresh_time_control`).
    pub(crate) fn recount_time(&self) {
        let timeline = match self.state.try_borrow() {
            Ok(state) => Timeline::new(state.map.incidents(), |n| state.map.is_shown(n)),
            Err(_) => return,
        };
        *self.time.timeline.borrow_mut() = timeline;
        self.refresh_time_control();
    }

    /// Uses the embedder's presets, or the ones derived from the data with `None`.
    pub(crate) fn set_custom_presets(self: &Rc<Self>, presets: Option<Vec<TimePreset>>) -> Result<(), JsValue> {
        *self.time.custom_presets.borrow_mut() = presets;
        self.rebuild_presets()
    }

    fn rebuild_presets(self: &Rc<Self>) -> Result<(), JsValue> {
        let presets = match self.time.custom_presets.borrow().clone() {
            Some(custom) => custom,
            None => match self.state.try_borrow() {
                // The month preset in the page's language, as the counters' dates are.
                Ok(state) => default_time_presets(state.map.incidents())
                    .into_iter()
                    .map(|mut preset| {
                        if preset.range == TimeRange::month_of(preset.range.from()) {
                            preset.label = format::month(preset.range.from());
                        }
                        preset
                    })
                    .collect(),
                Err(_) => return Ok(()),
            },
        };
        let buttons = self.controls.timebar.set_presets(&presets);
        let listeners = presets
            .iter()
            .zip(&buttons)
            .map(|(preset, button)| {
                let range = preset.range;
                self.listener(button, "click", true, move |w, _: Event| w.toggle_preset(range))
            })
            .collect::<Result<Vec<_>, _>>()?;
        *self.time.preset_listeners.borrow_mut() = listeners;
        *self.time.presets.borrow_mut() = presets.into_iter().zip(buttons).collect();
        self.refresh_time_control();
        Ok(())
    }

    /// A preset button is a toggle: pressing the one in force goes back to everything.
    fn toggle_preset(&self, range: TimeRange) {
        let in_force = self.state.try_borrow().ok().and_then(|s| s.map.time_range().or(s.map.data_span()));
        self.set_time_range(if in_force == Some(range) { None } else { Some(range) });
    }

    /// Sets the range at once (API, attributes, presets, keys): stops play, then previews and
    /// settles the change.
    pub(crate) fn set_time_range(&self, range: Option<TimeRange>) {
        self.stop_playing(false);
        self.filter_time_range(range);
        self.settle_time_range();
    }

    /// Shows `range` (`None`, or the whole span: everything) while it is being chosen: filters,
    /// updates the control and fires `timerangeinput` if it changed.
    fn preview_time_range(&self, range: Option<TimeRange>) {
        self.filter_time_range(range);
        self.refresh_time_control();
    }

    /// Filters to `range`, fires `timerangeinput` if it changed and schedules the frame; the
    /// control itself is refreshed by the caller (once: `settle_time_range` does it too).
    fn filter_time_range(&self, range: Option<TimeRange>) {
        let effects = match self.state.try_borrow_mut() {
            // The whole span is the same as no filter: keep one representation of "everything".
            Ok(mut state) => {
                let range = range.filter(|r| Some(*r) != state.map.data_span());
                state.map.set_time_range(range)
            }
            Err(_) => return,
        };
        if effects.is_empty() {
            return;
        }
        self.outbox.queue("timerangeinput", to_js(&self.time_range_detail()));
        self.refresh_legend();
        self.refresh_table();
        self.apply_all(effects);
    }

    /// Ends a change: fires `timerangechange` and updates the URL if the range differs from the
    /// one last settled.
    fn settle_time_range(&self) {
        // The counters become live again, and say where the range settled.
        self.refresh_time_control();
        let Ok(current) = self.state.try_borrow().map(|s| s.map.time_range()) else { return };
        if self.time.settled.replace(current) == current {
            return;
        }
        self.outbox.queue("timerangechange", to_js(&self.time_range_detail()));
        self.outbox.flush(&self.host);
        self.note_url_change(true);
        // The counters have said it; the status line would still say what the last filter of
        // another kind showed (a screen reader can read it at any time).
        self.controls.surface.announce("");
    }

    /// Whether the time control shows (there are dated incidents), and with it the counters: a
    /// live region that says each new count.
    pub(crate) fn has_time_control(&self) -> bool {
        self.data_span_shown().is_some()
    }

    /// Redraws the control from the map's range: bars, brush, handles, counters, presets.
    pub(crate) fn refresh_time_control(&self) {
        let bar = &self.controls.timebar;
        let (Ok(state), Ok(timeline)) = (self.state.try_borrow(), self.time.timeline.try_borrow()) else { return };
        let Some(timeline) = timeline.as_ref() else {
            bar.set_visible(false);
            // Not the counts of the data before: nothing is left to say.
            bar.show_counters("", false);
            return;
        };
        bar.set_visible(true);
        let map = &state.map;
        let span = timeline.span();
        let actual = map.time_range().unwrap_or(span);
        let shown = clamp_range(actual, span);
        let (width, height) = bar.track_size();
        let scale = TimeScale::new(span, width);
        let metric = self.time.metric.get();
        let bars = histogram_layer(timeline.histogram(), metric, map.time_range(), &scale, height, &bar.bar_style());
        bar.paint_bars(bars, width, height, map.view().pixel_ratio());
        bar.place_brush(&scale, span, shown, actual);
        bar.show_axis(&scale, span, timeline.histogram().bin_size(), metric);
        let totals = timeline.totals(map.visible_range(), map.incidents(), |n| map.is_shown(n));
        let live = !self.time_is_moving();
        bar.show_counters(&totals.summary(format::number, &format::day_range(actual)), live);
        for (preset, b) in self.time.presets.borrow().iter() {
            set_attr(b, "aria-pressed", if preset.range == actual { "true" } else { "false" });
        }
    }

    /// The scale of the histogram and the range the brush shows now.
    fn brush_geometry(&self) -> Option<(TimeScale, TimeRange, TimeRange)> {
        let span = self.data_span_shown()?;
        let state = self.state.try_borrow().ok()?;
        let shown = clamp_range(state.map.time_range().unwrap_or(span), span);
        Some((TimeScale::new(span, self.controls.timebar.track_size().0), span, shown))
    }

    fn track_x(&self, e: &PointerEvent) -> f64 {
        f64::from(e.client_x()) - self.controls.timebar.track.get_bounding_client_rect().left()
    }

    fn track_pressed(&self, e: &PointerEvent) {
        if e.button() > 0 || self.time.drag.get().is_some() {
            return;
        }
        let Some((scale, span, shown)) = self.brush_geometry() else { return };
        // Not settled here: the release settles once, where the press leaves the range.
        self.stop_playing(false);
        let before = self.state.try_borrow().ok().and_then(|s| s.map.time_range());
        let bar = &self.controls.timebar;
        let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let is = |el: &web_sys::HtmlElement| target.as_ref().is_some_and(|t| el.contains(Some(t)));
        let part = if is(&bar.from_handle) {
            BrushPart::From
        } else if is(&bar.to_handle) {
            BrushPart::To
        } else if is(&bar.brush) && shown != span {
            // A brush over the whole span cannot move: a press on it draws a new range instead.
            BrushPart::Middle
        } else {
            BrushPart::Track
        };
        let x = self.track_x(e);
        let on_handle = matches!(part, BrushPart::From | BrushPart::To);
        let anchor = if on_handle { scale.day_at_beyond(x) } else { scale.day_at(x) };
        let brush = BrushDrag::new(part, shown, anchor, span);
        let stacked = on_handle && (scale.x_after(shown.to()) - scale.x_of(shown.from())).abs() < STACKED_PX;
        let _ = bar.track.set_pointer_capture(e.pointer_id());
        self.time.drag.set(Some(Drag { pointer: e.pointer_id(), brush, start_x: x, moved: false, before, stacked }));
    }

    fn track_moved(&self, e: &PointerEvent) {
        let Some(mut drag) = self.time.drag.get().filter(|d| d.pointer == e.pointer_id()) else { return };
        let Some((scale, _, _)) = self.brush_geometry() else { return };
        let x = self.track_x(e);
        if !drag.moved && (x - drag.start_x).abs() <= DRAG_SLOP {
            return;
        }
        if drag.stacked {
            drag.stacked = false;
            let part = if x > drag.start_x { BrushPart::To } else { BrushPart::From };
            drag.brush = drag.brush.with_part(part);
        }
        drag.moved = true;
        self.time.drag.set(Some(drag));
        self.preview_time_range(Some(drag.brush.range_at(scale.day_at_beyond(x))));
    }

    /// Ends a drag. A press on the bars (not on a handle) that did not move chooses the bar
    /// under it.
    fn track_released(&self, e: &PointerEvent, completed: bool) {
        let Some(drag) = self.time.drag.get().filter(|d| d.pointer == e.pointer_id()) else { return };
        self.time.drag.set(None);
        if !completed {
            // The browser took the gesture (a swipe that scrolls the page): nothing was chosen.
            self.preview_time_range(drag.before);
            self.settle_time_range();
            return;
        }
        let on_bars = matches!(drag.brush.part(), BrushPart::Track | BrushPart::Middle);
        if !drag.moved && on_bars {
            let bin = self.brush_geometry().and_then(|(scale, _, _)| {
                let timeline = self.time.timeline.try_borrow().ok()?;
                let histogram = timeline.as_ref()?.histogram();
                let index = histogram.bin_index(scale.day_at(self.track_x(e)))?;
                histogram.bins().get(index).map(|b| b.range)
            });
            if let Some(range) = bin {
                self.preview_time_range(Some(range));
            }
        }
        self.settle_time_range();
    }

    fn handle_key(&self, e: &KeyboardEvent, thumb: Thumb) {
        let Some(step) = ThumbStep::from_key(&e.key(), e.shift_key()) else { return };
        e.prevent_default();
        let Some((_, _, shown)) = self.brush_geometry() else { return };
        let moved = match self.time.timeline.try_borrow() {
            Ok(timeline) => timeline.as_ref().map(|t| t.histogram().stepped(shown, thumb, step)),
            Err(_) => return,
        };
        if let Some(range) = moved {
            self.set_time_range(Some(range));
        }
    }

    fn toggle_play(&self) {
        if self.time.playing.get().is_some() {
            self.stop_playing(true);
        } else {
            self.start_playing();
        }
    }

    /// Starts (or restarts, after a change of mode or speed) play from the range shown.
    fn start_playing(&self) {
        let bar = &self.controls.timebar;
        let mode = PlayMode::parse(&bar.mode.value()).unwrap_or_default();
        let speed = PlaySpeed::parse(&bar.speed.value()).unwrap_or_default();
        let Some((_, _, shown)) = self.brush_geometry() else { return };
        let playback = match self.time.timeline.try_borrow() {
            Ok(timeline) => match timeline.as_ref() {
                Some(t) => Playback::start(mode, shown, t.histogram()),
                None => return,
            },
            Err(_) => return,
        };
        let stepped = prefers_reduced_motion(&self.window);
        self.time.playing.set(Some(Playing { playback, speed, started_ms: now_ms(), stepped }));
        bar.show_playing(true);
        self.preview_time_range(Some(playback.range()));
        self.schedule_play_tick();
    }

    fn schedule_play_tick(&self) {
        match self.time.playing.get() {
            Some(p) if p.stepped => self.time.ticker.after((1000.0 / p.speed.bars_per_second()).round() as i32),
            Some(_) => self.time.ticker.next_frame(),
            None => {}
        }
    }

    /// One step of play: a frame of the glide, or a whole bar for reduced motion.
    pub(crate) fn play_tick(&self) {
        let Some(mut playing) = self.time.playing.get() else { return };
        {
            let Ok(timeline) = self.time.timeline.try_borrow() else { return };
            let Some(histogram) = timeline.as_ref().map(Timeline::histogram) else { return };
            if playing.stepped {
                playing.playback.step(histogram);
            } else {
                let seconds = (now_ms() - playing.started_ms) / 1000.0;
                let days_per_second = playing.speed.bars_per_second() * f64::from(histogram.bin_size().nominal_days());
                playing.playback.advance_to((seconds * days_per_second).floor() as i32);
            }
        }
        self.time.playing.set(Some(playing));
        self.preview_time_range(Some(playing.playback.range()));
        if playing.playback.is_finished() {
            self.stop_playing(true);
        } else {
            self.schedule_play_tick();
        }
    }

    /// Stops play, if playing; `settle` fires `timerangechange` for where it stopped.
    fn stop_playing(&self, settle: bool) {
        if self.time.playing.take().is_none() {
            return;
        }
        self.time.ticker.cancel();
        self.controls.timebar.show_playing(false);
        if settle {
            self.settle_time_range();
        }
    }
}
