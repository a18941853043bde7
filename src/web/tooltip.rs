//! The hover tooltip: what a marker is, without a click. It repeats what the details panel and
//! the table say, so it is hidden from assistive technology.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

use super::dom::{append, attr, clear, set_hidden, text_child, typed};
use super::format;
use crate::data::Incident;
use crate::float::Float;
use crate::index::DrawnMarker;

/// Distance between the marker's edge and the tooltip, in CSS pixels.
const OFFSET: f64 = 8.0;

pub(crate) struct Tooltip {
    root: HtmlElement,
}

impl Tooltip {
    pub(crate) fn build(doc: &Document, parent: &Element) -> Self {
        let root: HtmlElement = typed(doc, "div", "im-tooltip");
        attr(&root, "aria-hidden", "true");
        set_hidden(&root, true);
        append(parent, &root);
        Self { root }
    }

    pub(crate) fn hide(&self) {
        set_hidden(&self.root, true);
    }

    /// Shows the tooltip beside `marker`, for one incident or a cluster of `members`.
    pub(crate) fn show(
        &self,
        marker: &DrawnMarker,
        incident: Option<&Incident>,
        map_width: f64,
    ) -> Result<(), JsValue> {
        let Some(doc) = self.root.owner_document() else { return Ok(()) };
        clear(&self.root);
        match incident {
            Some(i) => {
                text_child(&doc, &self.root, "strong", "", i.title());
                let place = i.text.place.as_deref().unwrap_or("");
                text_child(&doc, &self.root, "span", "", &format!("{place} · {}", format::date(i.date)));
                let figures = format!(
                    "{} killed · {} injured",
                    format::count(i.casualties.killed),
                    format::count(i.casualties.injured)
                );
                text_child(&doc, &self.root, "span", "", &figures);
            }
            None => {
                text_child(&doc, &self.root, "strong", "", &format!("{} incidents", marker.count));
                let sum = marker.value.map_or_else(|| "unknown".to_owned(), format::number);
                text_child(&doc, &self.root, "span", "", &format!("{sum} in all · click to list them"));
            }
        }
        // Right of the marker, or left of it near the right edge.
        let style = self.root.style();
        let right_side = marker.at.x + marker.radius + OFFSET + 220.0 < map_width;
        let x = if right_side { marker.at.x + marker.radius + OFFSET } else { marker.at.x - marker.radius - OFFSET };
        style.set_property("left", &format!("{}px", Float(x)))?;
        style.set_property("top", &format!("{}px", Float(marker.at.y)))?;
        style.set_property("transform", if right_side { "translateY(-50%)" } else { "translate(-100%, -50%)" })?;
        set_hidden(&self.root, false);
        Ok(())
    }
}
