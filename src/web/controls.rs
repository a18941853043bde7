//! The DOM around the canvases: zoom and area buttons, the time bar, the details panel, the
//! message box, the status line and the attribution. Built once; updated with text only.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlInputElement, ShadowRoot};

use super::canvas::CanvasLayer;
use super::dom::{button, clear, element, set_hidden, text_child, typed};
use super::format;
use super::surface::Surface;
use crate::index::TimeRange;
use crate::presets::{TimePreset, ViewPreset};

/// Every element the widget updates after building.
pub(crate) struct Controls {
    /// The widget's stylesheet: its custom properties theme the canvas once it has loaded.
    pub(crate) stylesheet: Element,
    pub(crate) map_area: HtmlElement,
    pub(crate) surface: Surface,
    pub(crate) layers: [CanvasLayer; 3],
    pub(crate) zoom_in: HtmlButtonElement,
    pub(crate) zoom_out: HtmlButtonElement,
    pub(crate) view_buttons: Vec<(ViewPreset, HtmlButtonElement)>,
    pub(crate) message: HtmlElement,
    pub(crate) details: HtmlElement,
    pub(crate) details_body: HtmlElement,
    pub(crate) details_close: HtmlButtonElement,
    pub(crate) from_input: HtmlInputElement,
    pub(crate) to_input: HtmlInputElement,
    presets_box: HtmlElement,
    pub(crate) status: HtmlElement,
    pub(crate) attribution: HtmlElement,
}

impl Controls {
    /// Builds the widget's DOM inside `root`.
    pub(crate) fn build(doc: &Document, root: &ShadowRoot, css_url: &str) -> Result<Self, JsValue> {
        let link = element(doc, "link", "")?;
        link.set_attribute("rel", "stylesheet")?;
        link.set_attribute("href", css_url)?;
        root.append_child(&link)?;
        let stylesheet = link.clone();

        let frame: HtmlElement = typed(doc, "div", "im")?;
        root.append_child(&frame)?;

        let map_area: HtmlElement = typed(doc, "div", "im-map")?;
        map_area.set_attribute("role", "region")?;
        map_area.set_attribute("aria-label", "Map of incidents")?;
        map_area.set_attribute("aria-roledescription", "map")?;
        frame.append_child(&map_area)?;
        let surface = Surface::build(doc, &map_area)?;

        let layer = |name: &str| -> Result<CanvasLayer, JsValue> {
            let canvas: HtmlCanvasElement = typed(doc, "canvas", &format!("im-layer im-layer-{name}"))?;
            canvas.set_attribute("aria-hidden", "true")?;
            surface.root.append_child(&canvas)?;
            CanvasLayer::new(canvas)
        };
        let layers = [layer("basemap")?, layer("markers")?, layer("overlay")?];

        let zoom_box = element(doc, "div", "im-zoom")?;
        let zoom_in = button(doc, "im-button", "+", Some("Zoom in"))?;
        let zoom_out = button(doc, "im-button", "−", Some("Zoom out"))?;
        zoom_box.append_child(&zoom_in)?;
        zoom_box.append_child(&zoom_out)?;
        map_area.append_child(&zoom_box)?;

        let views = element(doc, "div", "im-views")?;
        views.set_attribute("role", "group")?;
        views.set_attribute("aria-label", "Show area")?;
        let mut view_buttons = Vec::new();
        for preset in ViewPreset::ALL {
            let b = button(doc, "im-button im-view", preset.label(), None)?;
            b.set_attribute("data-view", preset.key())?;
            views.append_child(&b)?;
            view_buttons.push((preset, b));
        }
        map_area.append_child(&views)?;

        let message: HtmlElement = typed(doc, "div", "im-message")?;
        message.set_attribute("role", "alert")?;
        set_hidden(&message, true);
        map_area.append_child(&message)?;

        // A named section (a region landmark inside the map's), not an <aside>: complementary
        // landmarks must be top level.
        let details: HtmlElement = typed(doc, "section", "im-details")?;
        details.set_attribute("aria-label", "Incident details")?;
        set_hidden(&details, true);
        let details_close = button(doc, "im-close", "×", Some("Close details"))?;
        details.append_child(&details_close)?;
        let details_body: HtmlElement = typed(doc, "div", "im-details-body")?;
        details.append_child(&details_body)?;
        map_area.append_child(&details)?;

        let attribution: HtmlElement = typed(doc, "div", "im-attribution")?;
        map_area.append_child(&attribution)?;

        let time: HtmlElement = typed(doc, "div", "im-time")?;
        time.set_attribute("role", "group")?;
        time.set_attribute("aria-label", "Time range")?;
        let date_input = |label: &str, class: &str| -> Result<HtmlInputElement, JsValue> {
            let l = element(doc, "label", "im-date")?;
            text_child(doc, &l, "span", "", label)?;
            let input: HtmlInputElement = typed(doc, "input", class)?;
            input.set_type("date");
            l.append_child(&input)?;
            time.append_child(&l)?;
            Ok(input)
        };
        let from_input = date_input("From", "im-from")?;
        let to_input = date_input("To", "im-to")?;
        let presets_box: HtmlElement = typed(doc, "div", "im-presets")?;
        presets_box.set_attribute("role", "group")?;
        presets_box.set_attribute("aria-label", "Time presets")?;
        time.append_child(&presets_box)?;
        let status: HtmlElement = typed(doc, "output", "im-status")?;
        status.set_attribute("aria-live", "polite")?;
        time.append_child(&status)?;
        frame.append_child(&time)?;

        Ok(Self {
            stylesheet,
            map_area,
            surface,
            layers,
            zoom_in,
            zoom_out,
            view_buttons,
            message,
            details,
            details_body,
            details_close,
            from_input,
            to_input,
            presets_box,
            status,
            attribution,
        })
    }

    /// Replaces the time preset buttons; returns them for the widget to wire up.
    pub(crate) fn set_time_presets(&self, presets: &[TimePreset]) -> Result<Vec<HtmlButtonElement>, JsValue> {
        clear(&self.presets_box);
        let Some(doc) = self.presets_box.owner_document() else {
            return Ok(Vec::new());
        };
        presets
            .iter()
            .map(|p| {
                let b = button(&doc, "im-button im-preset", &p.label, None)?;
                b.set_attribute("aria-pressed", "false")?;
                b.set_attribute("data-from", &p.range.from().to_string())?;
                b.set_attribute("data-to", &p.range.to().to_string())?;
                self.presets_box.append_child(&b)?;
                Ok(b)
            })
            .collect()
    }

    /// Reflects the time range in the date inputs and the preset buttons' pressed state.
    pub(crate) fn show_time_range(
        &self,
        shown: Option<TimeRange>,
        span: Option<TimeRange>,
        presets: &[(TimePreset, HtmlButtonElement)],
    ) {
        let effective = shown.or(span);
        for (input, value) in
            [(&self.from_input, effective.map(|r| r.from())), (&self.to_input, effective.map(|r| r.to()))]
        {
            input.set_value(&value.map(|d| d.to_string()).unwrap_or_default());
            if let Some(span) = span {
                input.set_min(&span.from().to_string());
                input.set_max(&span.to().to_string());
            }
        }
        for (preset, b) in presets {
            let pressed = effective == Some(preset.range);
            let _ = b.set_attribute("aria-pressed", if pressed { "true" } else { "false" });
        }
    }

    /// The status line: how many incidents the filter shows and over which days.
    pub(crate) fn show_status(&self, shown: usize, total: usize, killed: u64, range: Option<TimeRange>) {
        let noun = if total == 1 { "incident" } else { "incidents" };
        let mut text = format!("{shown} of {total} {noun} shown · {killed} killed");
        if let Some(r) = range {
            text.push_str(&format!(" · {} – {}", format::day(r.from()), format::day(r.to())));
        }
        self.status.set_text_content(Some(&text));
    }

    /// Shows a message over the map (an error a reader can act on), or hides it with `None`.
    pub(crate) fn show_message(&self, text: Option<&str>) {
        self.message.set_text_content(text);
        set_hidden(&self.message, text.is_none());
    }
}
