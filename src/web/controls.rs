//! The DOM around the canvases: zoom and area buttons, the details panel, the message box, the
//! attribution, and the time control under the map (its own file: timebar.rs). Built once;
//! updated with text only.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlButtonElement, HtmlElement, ShadowRoot};

use super::canvas::MapLayer;
use super::dom::{append, attr, button, element, set_hidden, typed};
use super::rings::RingLayer;
use super::surface::Surface;
use super::timebar::TimeBar;
use crate::presets::ViewPreset;

/// The map's canvases, bottom to top. Each changes for its own reasons: the basemap with the
/// view, the markers with the view and the filters, the labels with the view and the selection
/// they keep clear of, the rings with every hover, so that a hover or a click repaints a few
/// circles and nothing else.
pub(crate) struct Layers {
    pub(crate) basemap: MapLayer,
    pub(crate) markers: MapLayer,
    /// Place and province names.
    pub(crate) labels: MapLayer,
    /// Hover, selection and focus rings, over the rest.
    pub(crate) rings: RingLayer,
}

impl Layers {
    /// Every layer but the rings, bottom to top.
    pub(crate) fn under_rings(&self) -> [&MapLayer; 3] {
        [&self.basemap, &self.markers, &self.labels]
    }
}

/// Every element the widget updates after building.
pub(crate) struct Controls {
    /// The widget's stylesheet: its custom properties theme the canvas once it has loaded.
    pub(crate) stylesheet: Element,
    pub(crate) map_area: HtmlElement,
    pub(crate) surface: Surface,
    pub(crate) layers: Layers,
    pub(crate) zoom_in: HtmlButtonElement,
    pub(crate) zoom_out: HtmlButtonElement,
    pub(crate) view_buttons: Vec<(ViewPreset, HtmlButtonElement)>,
    pub(crate) message: HtmlElement,
    pub(crate) details: HtmlElement,
    pub(crate) details_body: HtmlElement,
    pub(crate) details_close: HtmlButtonElement,
    pub(crate) timebar: TimeBar,
    pub(crate) attribution: HtmlElement,
}

impl Controls {
    /// Builds the widget's DOM inside `root`.
    pub(crate) fn build(doc: &Document, root: &ShadowRoot, css_url: &str) -> Result<Self, JsValue> {
        let link = element(doc, "link", "");
        attr(&link, "rel", "stylesheet");
        attr(&link, "href", css_url);
        append(root, &link);
        let stylesheet = link.clone();

        let frame: HtmlElement = typed(doc, "div", "im");
        append(root, &frame);

        let map_area: HtmlElement = typed(doc, "div", "im-map");
        attr(&map_area, "role", "region");
        attr(&map_area, "aria-label", "Map of incidents");
        attr(&map_area, "aria-roledescription", "map");
        append(&frame, &map_area);
        let surface = Surface::build(doc, &map_area);

        let layer = |name: &str| MapLayer::build(doc, &surface.root, name);
        let layers = Layers {
            basemap: layer("basemap")?,
            markers: layer("markers")?.stamped(),
            labels: layer("labels")?,
            rings: RingLayer::build(doc, &surface.root)?,
        };

        let zoom_box = element(doc, "div", "im-zoom");
        let zoom_in = button(doc, "im-button", "+", Some("Zoom in"));
        let zoom_out = button(doc, "im-button", "−", Some("Zoom out"));
        append(&zoom_box, &zoom_in);
        append(&zoom_box, &zoom_out);
        append(&map_area, &zoom_box);

        let views = element(doc, "div", "im-views");
        attr(&views, "role", "group");
        attr(&views, "aria-label", "Show area");
        let mut view_buttons = Vec::new();
        for preset in ViewPreset::ALL {
            let b = button(doc, "im-button im-view", preset.label(), None);
            attr(&b, "data-view", preset.key());
            append(&views, &b);
            view_buttons.push((preset, b));
        }
        append(&map_area, &views);

        let message: HtmlElement = typed(doc, "div", "im-message");
        attr(&message, "role", "alert");
        set_hidden(&message, true);
        append(&map_area, &message);

        // A named section (a region landmark inside the map's), not an <aside>: complementary
        // landmarks must be top level.
        let details: HtmlElement = typed(doc, "section", "im-details");
        attr(&details, "aria-label", "Incident details");
        set_hidden(&details, true);
        let details_close = button(doc, "im-close", "×", Some("Close details"));
        append(&details, &details_close);
        let details_body: HtmlElement = typed(doc, "div", "im-details-body");
        append(&details, &details_body);
        append(&map_area, &details);

        let attribution: HtmlElement = typed(doc, "div", "im-attribution");
        append(&map_area, &attribution);

        let timebar = TimeBar::build(doc)?;
        append(&frame, &timebar.root);

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
            timebar,
            attribution,
        })
    }

    /// Shows a message over the map (an error a reader can act on), or hides it with `None`.
    pub(crate) fn show_message(&self, text: Option<&str>) {
        self.message.set_text_content(text);
        set_hidden(&self.message, text.is_none());
    }
}
