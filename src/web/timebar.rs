//! The time control's DOM, under the map: the counters, the histogram canvas with the brush (a
//! draggable middle and two handles that are ARIA sliders), the axis, the bar-height switch, play
//! and the presets. Built once; updated with text, attributes and positions only.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use web_sys::{Document, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlSelectElement};

use super::canvas::CanvasLayer;
use super::dom::{append, attr, button, clear, element, set_attr, set_hidden, set_style, set_text, text_child, typed};
use super::format;
use crate::data::Day;
use crate::float::Fixed;
use crate::index::TimeRange;
use crate::presets::TimePreset;
use crate::scene::DisplayList;
use crate::symbols::Color;
use crate::timeline::{BarStyle, BinSize, HistogramMetric, TimeScale};

/// Every element of the time control the widget updates or listens to.
pub(crate) struct TimeBar {
    pub(crate) root: HtmlElement,
    counters: HtmlElement,
    /// The histogram area: pointer input lands here.
    pub(crate) track: HtmlElement,
    bars: CanvasLayer,
    pub(crate) brush: HtmlElement,
    pub(crate) from_handle: HtmlElement,
    pub(crate) to_handle: HtmlElement,
    axis_start: HtmlElement,
    axis_end: HtmlElement,
    /// Years written between the ends, at their 1 January.
    axis_years: HtmlElement,
    /// The span and width the years were placed for.
    years_shown: Cell<Option<(TimeRange, f64)>>,
    metrics: HtmlElement,
    metric_caption: HtmlElement,
    pub(crate) metric_buttons: Vec<(HistogramMetric, HtmlButtonElement)>,
    pub(crate) play: HtmlButtonElement,
    play_icon: HtmlElement,
    play_label: HtmlElement,
    pub(crate) mode: HtmlSelectElement,
    pub(crate) speed: HtmlSelectElement,
    presets_box: HtmlElement,
    /// The track's size, read from layout once and again only when it resizes (a read of
    /// `clientWidth` after a DOM write forces a synchronous layout, on every frame of a drag).
    track_size: Cell<Option<(f64, f64)>>,
    /// The bar colours, read from the computed style once and again only when the theme changes
    /// (`getComputedStyle` forces a style recalculation).
    bar_style: Cell<Option<BarStyle>>,
    /// What the bars' canvas shows: their display list and its width, height and pixel ratio.
    bars_shown: RefCell<Option<(DisplayList, [f64; 3])>>,
}

/// Labels and values of the two handles.
struct HandleText {
    name: &'static str,
    prefix: &'static str,
    class: &'static str,
}

const FROM: HandleText =
    HandleText { name: "Start of the time range", prefix: "from", class: "im-handle im-handle-from" };
const TO: HandleText = HandleText { name: "End of the time range", prefix: "to", class: "im-handle im-handle-to" };

impl TimeBar {
    /// Builds the control (hidden until there is data).
    pub(crate) fn build(doc: &Document) -> Result<Self, JsValue> {
        let root: HtmlElement = typed(doc, "div", "im-timebar");
        attr(&root, "role", "group");
        attr(&root, "aria-label", "Time range");
        set_hidden(&root, true);

        let counters: HtmlElement = typed(doc, "output", "im-counters");
        attr(&counters, "aria-live", "polite");
        append(&root, &counters);

        let track: HtmlElement = typed(doc, "div", "im-hist");
        let canvas: HtmlCanvasElement = typed(doc, "canvas", "im-hist-bars");
        attr(&canvas, "aria-hidden", "true");
        append(&track, &canvas);
        let brush: HtmlElement = typed(doc, "div", "im-brush");
        attr(&brush, "aria-hidden", "true");
        append(&track, &brush);
        let handle = |text: &HandleText| -> Result<HtmlElement, JsValue> {
            let h: HtmlElement = typed(doc, "div", text.class);
            attr(&h, "role", "slider");
            attr(&h, "aria-label", text.name);
            attr(&h, "aria-orientation", "horizontal");
            h.set_tab_index(0);
            append(&track, &h);
            Ok(h)
        };
        let from_handle = handle(&FROM)?;
        let to_handle = handle(&TO)?;
        append(&root, &track);

        let axis = element(doc, "div", "im-axis");
        attr(&axis, "aria-hidden", "true");
        let axis_start = typed_text(doc, &axis, "im-axis-start");
        let axis_end = typed_text(doc, &axis, "im-axis-end");
        let axis_years = typed_text(doc, &axis, "im-axis-years");
        append(&root, &axis);

        let tools = element(doc, "div", "im-timebar-tools");
        // "Per week: [Incidents] [Casualties]": what one bar covers, and what its height counts.
        let metrics: HtmlElement = typed(doc, "div", "im-metric");
        attr(&metrics, "role", "group");
        let metric_caption = typed_text(doc, &metrics, "im-metric-caption");
        attr(&metric_caption, "aria-hidden", "true");
        let mut metric_buttons = Vec::new();
        for (metric, label) in [(HistogramMetric::Incidents, "Incidents"), (HistogramMetric::Casualties, "Casualties")]
        {
            let b = button(doc, "im-button", label, None);
            attr(&b, "aria-pressed", "false");
            append(&metrics, &b);
            metric_buttons.push((metric, b));
        }
        append(&tools, &metrics);

        let play_box = element(doc, "div", "im-play");
        let play = button(doc, "im-button im-play-button", "", None);
        let play_icon: HtmlElement = typed(doc, "span", "im-play-icon");
        attr(&play_icon, "aria-hidden", "true");
        append(&play, &play_icon);
        let play_label: HtmlElement = typed(doc, "span", "");
        append(&play, &play_label);
        append(&play_box, &play);
        let mode = select(
            doc,
            "im-select im-play-mode",
            "Play mode",
            &[("cumulative", "Cumulative"), ("window", "Sliding window")],
        );
        append(&play_box, &mode);
        let speed = select(
            doc,
            "im-select im-play-speed",
            "Play speed",
            &[("slow", "Slow"), ("normal", "Normal"), ("fast", "Fast")],
        );
        speed.set_value("normal");
        append(&play_box, &speed);
        append(&tools, &play_box);
        append(&root, &tools);

        let presets_box: HtmlElement = typed(doc, "div", "im-presets");
        attr(&presets_box, "role", "group");
        attr(&presets_box, "aria-label", "Time presets");
        append(&root, &presets_box);

        let bar = Self {
            root,
            counters,
            track,
            bars: CanvasLayer::shown_on(canvas)?,
            brush,
            from_handle,
            to_handle,
            axis_start,
            axis_end,
            axis_years,
            years_shown: Cell::new(None),
            metrics,
            metric_caption,
            metric_buttons,
            play,
            play_icon,
            play_label,
            mode,
            speed,
            presets_box,
            track_size: Cell::new(None),
            bar_style: Cell::new(None),
            bars_shown: RefCell::new(None),
        };
        bar.show_playing(false);
        Ok(bar)
    }

    /// The histogram's size in CSS pixels.
    pub(crate) fn track_size(&self) -> (f64, f64) {
        if let Some(size) = self.track_size.get() {
            return size;
        }
        let size = (f64::from(self.track.client_width()), f64::from(self.track.client_height()));
        // A hidden track measures 0: measure again next time rather than keep that.
        if size.0 > 0.0 {
            self.track_size.set(Some(size));
        }
        size
    }

    /// Forgets the measured track size (the track was resized) and the bar colours (the theme or
    /// the stylesheet changed): the next refresh reads them again.
    pub(crate) fn forget_layout(&self) {
        self.track_size.set(None);
        self.bar_style.set(None);
    }

    /// Shows the control, or hides it when there is no data.
    pub(crate) fn set_visible(&self, visible: bool) {
        set_hidden(&self.root, !visible);
    }

    /// Paints the bars, unless they show `list` at this size already: a time range moving within
    /// the same bins (a drag of the brush, a play's steps) changes no bar.
    pub(crate) fn paint_bars(&self, list: DisplayList, width: f64, height: f64, ratio: f64) {
        let key = (list, [width, height, ratio]);
        if self.bars_shown.borrow().as_ref() == Some(&key) {
            return;
        }
        self.bars.resize(width, height, ratio);
        let _ = self.bars.paint(&key.0, ratio);
        *self.bars_shown.borrow_mut() = Some(key);
    }

    /// Places the brush and the handles over `shown` (a range within the scale's span), and
    /// tells assistive technology the range in force (`actual`, which may reach beyond the data).
    pub(crate) fn place_brush(&self, scale: &TimeScale, span: TimeRange, shown: TimeRange, actual: TimeRange) {
        let (left, right) = (scale.x_of(shown.from()), scale.x_after(shown.to()));
        let width = (right - left).max(0.0);
        set_style(&self.brush, "left", &format!("{}px", Fixed(left, 2)));
        set_style(&self.brush, "width", &format!("{}px", Fixed(width, 2)));
        set_style(&self.from_handle, "left", &format!("{}px", Fixed(left, 2)));
        set_style(&self.to_handle, "left", &format!("{}px", Fixed(right, 2)));
        describe(&self.from_handle, &FROM, span.from(), shown.to(), shown.from(), actual.from());
        describe(&self.to_handle, &TO, shown.from(), span.to(), shown.to(), actual.to());
    }

    /// The counter line. While the range is being dragged or played it is not `live`: a screen
    /// reader then hears the range where it settles, not sixty ranges a second.
    pub(crate) fn show_counters(&self, text: &str, live: bool) {
        let was_live = self.counters.get_attribute("aria-live").as_deref() == Some("polite");
        set_attr(&self.counters, "aria-live", if live { "polite" } else { "off" });
        if live && !was_live {
            // Back from play (which keeps the region quiet): written again even if unchanged,
            // so that a screen reader hears where the range stopped.
            self.counters.set_text_content(Some(text));
        } else {
            set_text(&self.counters, text);
        }
    }

    /// The bar colours: the selected bars take the theme's `--im-accent` (a `#rgb` or `#rrggbb`
    /// colour), so that they match the brush.
    pub(crate) fn bar_style(&self) -> BarStyle {
        if let Some(style) = self.bar_style.get() {
            return style;
        }
        let accent = web_sys::window()
            .and_then(|w| w.get_computed_style(&self.track).ok().flatten())
            .and_then(|style| style.get_property_value("--im-accent").ok())
            .and_then(|value| hex_color(value.trim()));
        let default = BarStyle::default();
        let style = BarStyle { selected: accent.unwrap_or(default.selected), ..default };
        self.bar_style.set(Some(style));
        style
    }

    /// The ends of the axis, what one bar covers and what its height counts.
    pub(crate) fn show_axis(&self, scale: &TimeScale, span: TimeRange, size: BinSize, metric: HistogramMetric) {
        set_text(&self.axis_start, &format::day(span.from()));
        set_text(&self.axis_end, &format::day(span.to()));
        self.show_years(scale, span);
        set_text(&self.metric_caption, &format!("Per {}:", size.noun()));
        let what = match metric {
            HistogramMetric::Incidents => "incidents",
            HistogramMetric::Casualties => "people killed and injured",
        };
        set_attr(&self.metrics, "aria-label", &format!("Bars show {what} per {}", size.noun()));
        for (m, b) in &self.metric_buttons {
            set_attr(b, "aria-pressed", if *m == metric { "true" } else { "false" });
        }
    }

    /// The years between the ends of the axis, so that a reader can tell where one begins on
    /// the bars (the ends' dates alone leave a year or fifty of bars unmarked). Placed again only
    /// for another span or width: the control is redrawn at every step of a slider.
    fn show_years(&self, scale: &TimeScale, span: TimeRange) {
        let key = Some((span, scale.width()));
        if self.years_shown.get() == key {
            return;
        }
        self.years_shown.set(key);
        clear(&self.axis_years);
        let Some(doc) = self.axis_years.owner_document() else { return };
        // A year is about 30 px wide at the axis's 12 px; the ends' dates about 75.
        for (year, x) in scale.year_ticks(44.0, 84.0) {
            let label = text_child(&doc, &self.axis_years, "span", "im-axis-year", &year.to_string());
            set_style(label.unchecked_ref::<HtmlElement>(), "left", &format!("{}px", Fixed(x, 1)));
        }
    }

    /// The play button as Play or Pause (its name says what it does: no `aria-pressed`, which
    /// would contradict a changing name).
    pub(crate) fn show_playing(&self, playing: bool) {
        let (icon, label) = if playing { ("❚❚", "Pause") } else { ("▶", "Play") };
        self.play_icon.set_text_content(Some(icon));
        self.play_label.set_text_content(Some(label));
        attr(&self.play, "data-playing", if playing { "true" } else { "false" });
    }

    /// Replaces the preset buttons; returns them for the widget to wire up.
    pub(crate) fn set_presets(&self, presets: &[TimePreset]) -> Vec<HtmlButtonElement> {
        clear(&self.presets_box);
        let Some(doc) = self.presets_box.owner_document() else {
            return Vec::new();
        };
        presets
            .iter()
            .map(|p| {
                let b = button(&doc, "im-button im-preset", &p.label, None);
                attr(&b, "aria-pressed", "false");
                attr(&b, "data-from", &p.range.from().to_string());
                attr(&b, "data-to", &p.range.to().to_string());
                append(&self.presets_box, &b);
                b
            })
            .collect()
    }
}

/// Parses `#rgb` or `#rrggbb`.
fn hex_color(text: &str) -> Option<Color> {
    let hex = text.strip_prefix('#')?;
    let digit = |i: usize, len: usize| u8::from_str_radix(hex.get(i..i + len)?, 16).ok();
    match hex.len() {
        3 => Some(Color::rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
        6 => Some(Color::rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
        _ => None,
    }
}

/// Sets a handle's slider values: days since 1970 for the numbers, the date in words for the text.
fn describe(handle: &HtmlElement, text: &HandleText, min: Day, max: Day, now: Day, actual: Day) {
    let number = |d: Day| d.days_since_epoch().to_string();
    set_attr(handle, "aria-valuemin", &number(min));
    set_attr(handle, "aria-valuemax", &number(max));
    set_attr(handle, "aria-valuenow", &number(now));
    set_attr(handle, "aria-valuetext", &format!("{} {}", text.prefix, format::long_day(actual)));
    set_attr(handle, "data-day", &actual.to_string());
}

fn typed_text(doc: &Document, parent: &web_sys::Element, class: &str) -> HtmlElement {
    let el: HtmlElement = typed(doc, "span", class);
    append(parent, &el);
    el
}

/// A `<select>` with an accessible name and `(value, label)` options.
fn select(doc: &Document, class: &str, name: &str, choices: &[(&str, &str)]) -> HtmlSelectElement {
    let s: HtmlSelectElement = typed(doc, "select", class);
    attr(&s, "aria-label", name);
    for (value, label) in choices {
        let option = text_child(doc, &s, "option", "", label);
        attr(&option, "value", value);
    }
    s
}
