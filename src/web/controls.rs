//! The DOM around the canvases: zoom and area buttons, the time bar, the details panel, the
//! message box, the status line and the attribution. Built once; updated with text only.

use wasm_bindgen::prelude::*;
use web_sys::{
    Document, Element, HtmlAnchorElement, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlInputElement,
    ShadowRoot,
};

use super::canvas::CanvasLayer;
use super::dom::{button, clear, element, set_hidden, text_child, typed};
use super::format;
use crate::data::{Incident, ReportedFigure};
use crate::index::TimeRange;
use crate::presets::{TimePreset, ViewPreset};

/// Every element the widget updates after building.
pub(crate) struct Controls {
    pub(crate) map_area: HtmlElement,
    pub(crate) layers: [CanvasLayer; 3],
    pub(crate) zoom_in: HtmlButtonElement,
    pub(crate) zoom_out: HtmlButtonElement,
    pub(crate) view_buttons: Vec<(ViewPreset, HtmlButtonElement)>,
    pub(crate) message: HtmlElement,
    pub(crate) details: HtmlElement,
    details_body: HtmlElement,
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

        let frame: HtmlElement = typed(doc, "div", "im")?;
        root.append_child(&frame)?;

        let map_area: HtmlElement = typed(doc, "div", "im-map")?;
        map_area.set_attribute("role", "region")?;
        map_area.set_attribute("aria-label", "Map of incidents")?;
        map_area.set_attribute("aria-roledescription", "map")?;
        map_area.set_tab_index(0);
        frame.append_child(&map_area)?;

        let layer = |name: &str| -> Result<CanvasLayer, JsValue> {
            let canvas: HtmlCanvasElement = typed(doc, "canvas", &format!("im-layer im-layer-{name}"))?;
            canvas.set_attribute("aria-hidden", "true")?;
            map_area.append_child(&canvas)?;
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

        let details: HtmlElement = typed(doc, "aside", "im-details")?;
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
            map_area,
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

    /// Fills the details panel for `incident`, or hides it.
    pub(crate) fn show_details(&self, incident: Option<&Incident>, sized_by_label: &str) -> Result<(), JsValue> {
        clear(&self.details_body);
        let Some(incident) = incident else {
            set_hidden(&self.details, true);
            return Ok(());
        };
        let Some(doc) = self.details_body.owner_document() else {
            return Ok(());
        };
        let body: &Element = &self.details_body;
        let heading = text_child(&doc, body, "h2", "im-details-title", incident.title())?;
        heading.set_id("im-details-title");
        self.details.set_attribute("aria-labelledby", "im-details-title")?;

        let mut when = format::date(incident.date);
        if let Some(m) = incident.date.minute_of_day() {
            when.push_str(&format!(", {:02}:{:02} local time", m / 60, m % 60));
        }
        let t = &incident.text;
        let place = [t.district.as_deref(), t.place.as_deref(), t.province.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        let dl = element(&doc, "dl", "im-facts")?;
        let row = |label: &str, value: &str| fact_row(&doc, &dl, label, value);
        row("Date", &when)?;
        row("Place", &place)?;
        if let Some(fa) = &t.place_fa {
            if let Some(dd) = row("Persian name", fa)? {
                dd.set_attribute("lang", "fa")?;
                dd.set_attribute("dir", "rtl")?;
            }
        }
        row("Location", incident.precision.describe())?;
        row("Killed", &format::count(incident.casualties.killed))?;
        row("Injured", &format::count(incident.casualties.injured))?;
        row("Target", t.target.as_deref().unwrap_or(""))?;
        row("Community", t.community.as_deref().unwrap_or(""))?;
        let claim = match (t.claim.as_deref(), incident.claimed) {
            (Some(text), _) => text.to_owned(),
            (None, Some(true)) => "claimed".to_owned(),
            (None, Some(false)) => "not claimed".to_owned(),
            (None, None) => String::new(),
        };
        row("Claim", &claim)?;
        row("Perpetrator", t.perpetrator.as_deref().unwrap_or(""))?;
        body.append_child(&dl)?;
        text_child(&doc, body, "p", "im-sized-by", &format!("The circle's area shows the number {sized_by_label}."))?;
        if let Some(summary) = &t.summary {
            text_child(&doc, body, "p", "im-summary", summary)?;
        }
        if !incident.figures.is_empty() {
            text_child(&doc, body, "h3", "", "Reported figures")?;
            let list = element(&doc, "ul", "im-figures")?;
            for figure in &incident.figures {
                let li = element(&doc, "li", "")?;
                li.append_child(&doc.create_text_node(&figure_text(figure)))?;
                if let Some(source) = &figure.source {
                    li.append_child(&doc.create_text_node(" — "))?;
                    append_source(&doc, &li, &source.title, source.url.as_deref())?;
                }
                list.append_child(&li)?;
            }
            body.append_child(&list)?;
        }
        if !incident.sources.is_empty() {
            text_child(&doc, body, "h3", "", "Sources")?;
            let list = element(&doc, "ul", "im-sources")?;
            for source in &incident.sources {
                let li = element(&doc, "li", "")?;
                append_source(&doc, &li, &source.title, source.url.as_deref())?;
                list.append_child(&li)?;
            }
            body.append_child(&list)?;
        }
        set_hidden(&self.details, false);
        Ok(())
    }
}

/// Appends a `<dt>label</dt><dd>value</dd>` pair, unless `value` is empty; returns the `<dd>`.
fn fact_row(doc: &Document, dl: &Element, label: &str, value: &str) -> Result<Option<Element>, JsValue> {
    if value.is_empty() {
        return Ok(None);
    }
    text_child(doc, dl, "dt", "", label)?;
    text_child(doc, dl, "dd", "", value).map(Some)
}

/// "first report: at least 10 killed, 20 injured (29 Apr 2022; police)".
fn figure_text(f: &ReportedFigure) -> String {
    let qualifier = f.qualifier.as_deref().map(|q| format!("{q} ")).unwrap_or_default();
    let mut parts = Vec::new();
    if let Some(k) = f.casualties.killed {
        parts.push(format!("{qualifier}{k} killed"));
    }
    if let Some(i) = f.casualties.injured {
        parts.push(format!("{i} injured"));
    }
    let mut text = String::new();
    if let Some(stage) = &f.stage {
        text.push_str(&format!("{stage} report: "));
    }
    text.push_str(if parts.is_empty() { "no figure" } else { "" });
    text.push_str(&parts.join(", "));
    let context: Vec<&str> = [f.reported.as_deref(), f.note.as_deref()].into_iter().flatten().collect();
    if !context.is_empty() {
        text.push_str(&format!(" ({})", context.join("; ")));
    }
    text
}

/// A link for http(s) sources (new tab, no opener, no referrer), plain text otherwise.
fn append_source(doc: &Document, parent: &Element, title: &str, url: Option<&str>) -> Result<(), JsValue> {
    match url {
        Some(url) => {
            let a: HtmlAnchorElement = typed(doc, "a", "")?;
            a.set_href(url);
            a.set_target("_blank");
            a.set_rel("noopener noreferrer");
            a.set_text_content(Some(title));
            parent.append_child(&a)?;
        }
        None => {
            parent.append_child(&doc.create_text_node(title))?;
        }
    }
    Ok(())
}
