//! The keyboard and screen-reader side of the canvas: the canvases sit in a focusable listbox
//! whose one live option describes the incident the keyboard is on (`aria-activedescendant`), so
//! the markers are reachable without one tab stop each, and an announcer reads out what changed.
//! Only the active option exists in the DOM, so this costs the same for 17 or a million incidents.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

use super::dom::{append, attr, text_child, typed};
use super::format;
use crate::data::Incident;

/// Id of the active option, referenced by the listbox's `aria-activedescendant`.
const OPTION_ID: &str = "im-active-incident";
/// Id of the keyboard help text.
const HELP_ID: &str = "im-keyboard-help";

pub(crate) struct Surface {
    /// The focusable listbox that holds the canvases.
    pub(crate) root: HtmlElement,
    option: HtmlElement,
    announcer: HtmlElement,
}

impl Surface {
    pub(crate) fn build(doc: &Document, parent: &Element) -> Self {
        let root: HtmlElement = typed(doc, "div", "im-surface");
        attr(&root, "role", "listbox");
        attr(&root, "aria-label", "Incidents on the map");
        attr(&root, "aria-describedby", HELP_ID);
        root.set_tab_index(0);
        append(parent, &root);
        let option: HtmlElement = typed(doc, "div", "im-visually-hidden");
        option.set_id(OPTION_ID);
        attr(&option, "role", "option");
        attr(&option, "aria-selected", "false");
        option.set_hidden(true);
        append(&root, &option);
        let help = text_child(
            doc,
            parent,
            "p",
            "im-visually-hidden",
            "Left and right arrows: previous and next incident by date. Up and down arrows: by place, \
             north to south. Home and End: first and last. Enter: details. Shift and Enter: the list of \
             the cluster it is in. Escape: close. Plus and minus: zoom. Shift and an arrow: move the map.",
        );
        help.set_id(HELP_ID);
        let announcer: HtmlElement = typed(doc, "div", "im-visually-hidden");
        attr(&announcer, "role", "status");
        attr(&announcer, "aria-live", "polite");
        append(parent, &announcer);
        Self { root, option, announcer }
    }

    /// Describes the focused incident in the active option ("3 of 17"), or clears it.
    pub(crate) fn show_focus(
        &self,
        incident: Option<&Incident>,
        position: Option<(usize, usize)>,
        selected: bool,
    ) -> Result<(), JsValue> {
        let Some(incident) = incident else {
            self.root.remove_attribute("aria-activedescendant")?;
            self.option.set_hidden(true);
            return Ok(());
        };
        let place = incident.text.place.as_deref().unwrap_or("");
        let text = format!(
            "{}, {}, {}: {} killed, {} injured",
            format::date(incident.date),
            place,
            incident.title(),
            format::count(incident.casualties.killed),
            format::count(incident.casualties.injured),
        );
        self.option.set_text_content(Some(&text));
        if let Some((at, of)) = position {
            attr(&self.option, "aria-posinset", &at.to_string());
            attr(&self.option, "aria-setsize", &of.to_string());
        }
        attr(&self.option, "aria-selected", if selected { "true" } else { "false" });
        self.option.set_hidden(false);
        attr(&self.root, "aria-activedescendant", OPTION_ID);
        Ok(())
    }

    /// Reads out a change ("12 incidents shown, 1–30 April 2022") through the live region.
    pub(crate) fn announce(&self, text: &str) {
        self.announcer.set_text_content(Some(text));
    }
}
