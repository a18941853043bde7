//! The table view: the incidents shown on the map as rows, an equal alternative to the picture
//! for screen-reader users and for readers who want the numbers. It follows every filter; each
//! site is a button that selects the incident on the map.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlButtonElement, HtmlElement};

use super::details::INCIDENT_ATTR;
use super::dom::{append, attr, button, clear, element, text_child, typed};
use super::format;
use crate::data::Incident;

/// Rows drawn at most: past this the table says how many more the filters match.
pub(crate) const MAX_ROWS: usize = 500;
const REGION_ID: &str = "im-table-region";

pub(crate) struct Table {
    pub(crate) toggle: HtmlButtonElement,
    pub(crate) region: HtmlElement,
    caption: Element,
    body: Element,
}

impl Table {
    pub(crate) fn build(doc: &Document, parent: &Element) -> Self {
        let toggle = button(doc, "im-button im-table-toggle", "Show the incidents as a table", None);
        attr(&toggle, "aria-expanded", "false");
        attr(&toggle, "aria-controls", REGION_ID);
        append(parent, &toggle);
        let region: HtmlElement = typed(doc, "div", "im-table");
        region.set_id(REGION_ID);
        region.set_hidden(true);
        let table = element(doc, "table", "");
        let caption = text_child(doc, &table, "caption", "", "");
        let head = element(doc, "thead", "");
        let row = element(doc, "tr", "");
        for title in ["Date", "Place", "Site", "Killed", "Injured", "Target", "Claim"] {
            let th = text_child(doc, &row, "th", "", title);
            attr(&th, "scope", "col");
        }
        append(&head, &row);
        append(&table, &head);
        let body = element(doc, "tbody", "");
        append(&table, &body);
        append(&region, &table);
        append(parent, &region);
        Self { toggle, region, caption, body }
    }

    /// Whether the table is open.
    pub(crate) fn is_open(&self) -> bool {
        !self.region.hidden()
    }

    /// Opens or closes the table.
    pub(crate) fn set_open(&self, open: bool) {
        self.region.set_hidden(!open);
        attr(&self.toggle, "aria-expanded", if open { "true" } else { "false" });
        self.toggle.set_text_content(Some(if open { "Hide the table" } else { "Show the incidents as a table" }));
    }

    /// Fills the rows with `shown` (in date order); `total` is how many the filters match.
    pub(crate) fn show(&self, shown: &[Incident], total: usize, selected: Option<&str>) {
        let Some(doc) = self.body.owner_document() else { return };
        clear(&self.body);
        let caption = if total > shown.len() {
            format!("The first {} of {total} incidents shown on the map, by date", shown.len())
        } else if total == 1 {
            "The one incident shown on the map".to_owned()
        } else {
            format!("{total} incidents shown on the map, by date")
        };
        self.caption.set_text_content(Some(&caption));
        for incident in shown {
            let tr = element(&doc, "tr", "");
            if selected == Some(incident.id.as_str()) {
                attr(&tr, "aria-current", "true");
            }
            text_child(&doc, &tr, "td", "", &format::date(incident.date));
            let t = &incident.text;
            let place = [t.place.as_deref(), t.province.as_deref()].into_iter().flatten().collect::<Vec<_>>();
            text_child(&doc, &tr, "td", "", &place.join(", "));
            let site = element(&doc, "td", "");
            // Named with its date too: sites such as "minibus (site not verified...)" recur, and a
            // screen reader tabbing through the buttons would not tell them apart.
            let date = format::date(incident.date);
            let b = button(&doc, "im-table-site", incident.title(), Some(&format!("{}, {date}", incident.title())));
            attr(&b, INCIDENT_ATTR, incident.id.as_str());
            append(&site, &b);
            append(&tr, &site);
            text_child(&doc, &tr, "td", "im-num", &format::count(incident.casualties.killed));
            text_child(&doc, &tr, "td", "im-num", &format::count(incident.casualties.injured));
            text_child(&doc, &tr, "td", "", t.target.as_deref().unwrap_or(""));
            let claim = t.claim.clone().unwrap_or_else(|| match incident.claimed {
                Some(true) => "claimed".to_owned(),
                Some(false) => "not claimed".to_owned(),
                None => String::new(),
            });
            text_child(&doc, &tr, "td", "", &claim);
            append(&self.body, &tr);
        }
    }

    /// Marks the row of `selected` as the current one, and no other.
    pub(crate) fn mark_selected(&self, selected: Option<&str>) {
        let rows = self.body.child_nodes();
        for row in (0..rows.length()).filter_map(|i| rows.item(i)?.dyn_into::<Element>().ok()) {
            let site = row.query_selector("button").ok().flatten();
            let id = site.and_then(|b| b.get_attribute(INCIDENT_ATTR));
            let _ = if id.is_some() && id.as_deref() == selected {
                row.set_attribute("aria-current", "true")
            } else {
                row.remove_attribute("aria-current")
            };
        }
    }

    /// The table's body, where the row buttons are.
    pub(crate) fn rows(&self) -> &Element {
        &self.body
    }
}
