//! The details panel: one incident's facts, figures and sources, or the list of a cluster's
//! incidents. Everything from the data goes in as text; links only for http(s) sources.

use web_sys::{Document, Element, HtmlAnchorElement, HtmlElement};

use super::dom::{append, attr, button, clear, element, set_hidden, text_child, typed};
use super::format;
use crate::data::{Incident, ReportedFigure};
use crate::map::ListedIncidents;

/// The panel's elements.
pub(crate) struct DetailsPanel<'a> {
    pub(crate) aside: &'a HtmlElement,
    pub(crate) body: &'a HtmlElement,
}

/// Attribute naming the incident a list button opens (read by the panel's one click listener).
pub(crate) const INCIDENT_ATTR: &str = "data-incident";
/// Attribute of the button that goes back from an incident to its cluster's list.
pub(crate) const BACK_ATTR: &str = "data-back-to-list";
/// Attribute of the button that shows the next entries of a cluster's list.
pub(crate) const MORE_ATTR: &str = "data-list-more";

/// What the panel shows.
pub(crate) enum PanelContent<'a> {
    /// Nothing: the panel is hidden.
    Hidden,
    /// One incident; `list_len` is the size of the cluster list it was opened from, if any.
    Incident { incident: &'a Incident, sized_by_label: &'a str, list_len: Option<usize> },
    /// The incidents of a cluster, each a button that opens it, and the entry to focus, if any.
    List(&'a ListedIncidents, Option<usize>),
}

/// Fills the panel.
pub(crate) fn show(panel: &DetailsPanel<'_>, content: PanelContent<'_>) {
    clear(panel.body);
    match content {
        PanelContent::Hidden => set_hidden(panel.aside, true),
        PanelContent::Incident { incident, sized_by_label, list_len } => {
            if let Some(n) = list_len {
                show_back_button(panel, n);
            }
            show_incident(panel, incident, sized_by_label)
        }
        PanelContent::List(incidents, focus_entry) => show_list(panel, incidents, focus_entry),
    }
}

fn show_back_button(panel: &DetailsPanel<'_>, list_len: usize) {
    let Some(doc) = panel.body.owner_document() else { return };
    let back = button(&doc, "im-back", &format!("← All {list_len} incidents here"), None);
    attr(&back, BACK_ATTR, "");
    append(panel.body, &back);
}

fn show_list(panel: &DetailsPanel<'_>, listed: &ListedIncidents, focus_entry: Option<usize>) {
    let Some(doc) = panel.body.owner_document() else { return };
    let heading = text_child(&doc, panel.body, "h2", "im-details-title", &format!("{} incidents here", listed.count));
    heading.set_id("im-details-title");
    attr(panel.aside, "aria-labelledby", "im-details-title");
    let t = &listed.totals;
    // Reported figures are minimums; those some incidents leave unknown say "at least", those
    // all of them leave unknown say "unknown".
    let total = format!(
        "{} · {} in all (reported minimums)",
        t.figure("killed", t.killed, t.killed_unknown, format::number),
        t.figure("injured", t.injured, t.injured_unknown, format::number)
    );
    text_child(&doc, panel.body, "p", "im-list-total", &total);
    let list = element(&doc, "ul", "im-list");
    let mut focus = None;
    for (entry, incident) in listed.first.iter().take(MAX_LISTED).enumerate() {
        let li = element(&doc, "li", "");
        let b = button(&doc, "im-list-item", "", None);
        attr(&b, INCIDENT_ATTR, incident.id.as_str());
        text_child(&doc, &b, "span", "im-list-date", &format::date(incident.date));
        text_child(&doc, &b, "span", "im-list-title", incident.title());
        let figures = format!(
            "{} killed · {} injured",
            format::count(incident.casualties.killed),
            format::count(incident.casualties.injured)
        );
        text_child(&doc, &b, "span", "im-list-figures", &figures);
        append(&li, &b);
        append(&list, &li);
        if focus_entry == Some(entry) {
            focus = Some(b);
        }
    }
    append(panel.body, &list);
    let shown = listed.first.len().min(MAX_LISTED);
    let reachable = listed.count.min(MAX_LISTED);
    if shown < reachable {
        let next = (reachable - shown).min(LIST_PAGE);
        let more = button(&doc, "im-list-more-button", &format!("Show {next} more"), None);
        attr(&more, MORE_ATTR, "");
        append(panel.body, &more);
    } else if listed.count > MAX_LISTED {
        let more = listed.count - MAX_LISTED;
        text_child(
            &doc,
            panel.body,
            "p",
            "im-list-more",
            &format!("…and {more} more: zoom in or narrow the time range to see them one by one."),
        );
    }
    set_hidden(panel.aside, false);
    if let Some(entry) = focus {
        // Focus is a courtesy to a keyboard reader: the list is shown whether or not it lands.
        let _ = entry.focus();
    }
}

/// Most incidents a cluster's list shows: past this a list is no help to a reader (and its DOM
/// would cost more than the map), so the panel says how many more there are.
pub(crate) const MAX_LISTED: usize = 100;

/// Entries a cluster's list shows when it opens, and how many more each "Show more" adds, up to
/// [`MAX_LISTED`]. A panel shows three to eight at a time (with long titles or short); the
/// browser's style and layout of a hundred entries took about 7 ms of a cluster click (traced at
/// 10k, by hiding the list), which a reader paid at every click and rarely scrolled to.
pub(crate) const LIST_PAGE: usize = 20;

fn show_incident(panel: &DetailsPanel<'_>, incident: &Incident, sized_by_label: &str) {
    let Some(doc) = panel.body.owner_document() else {
        return;
    };
    let body: &Element = panel.body;
    let heading = text_child(&doc, body, "h2", "im-details-title", incident.title());
    heading.set_id("im-details-title");
    attr(panel.aside, "aria-labelledby", "im-details-title");

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
    let dl = element(&doc, "dl", "im-facts");
    let row = |label: &str, value: &str| fact_row(&doc, &dl, label, value);
    row("Date", &when);
    row("Place", &place);
    if let Some(fa) = &t.place_fa {
        if let Some(dd) = row("Persian name", fa) {
            attr(&dd, "lang", "fa");
            attr(&dd, "dir", "rtl");
        }
    }
    row("Location", incident.precision.describe());
    row("Killed", &format::count(incident.casualties.killed));
    row("Injured", &format::count(incident.casualties.injured));
    row("Target", t.target.as_deref().unwrap_or(""));
    row("Community", t.community.as_deref().unwrap_or(""));
    let claim = match (t.claim.as_deref(), incident.claimed) {
        (Some(text), _) => text.to_owned(),
        (None, Some(true)) => "claimed".to_owned(),
        (None, Some(false)) => "not claimed".to_owned(),
        (None, None) => String::new(),
    };
    row("Claim", &claim);
    row("Perpetrator", t.perpetrator.as_deref().unwrap_or(""));
    append(body, &dl);
    text_child(&doc, body, "p", "im-sized-by", &format!("The circle's area shows the number {sized_by_label}."));
    if let Some(summary) = &t.summary {
        text_child(&doc, body, "p", "im-summary", summary);
    }
    if !incident.figures.is_empty() {
        text_child(&doc, body, "h3", "", "Reported figures");
        let list = element(&doc, "ul", "im-figures");
        for figure in &incident.figures {
            let li = element(&doc, "li", "");
            append(&li, &doc.create_text_node(&figure_text(figure)));
            if let Some(source) = &figure.source {
                append(&li, &doc.create_text_node(" — "));
                append_source(&doc, &li, &source.title, source.url.as_deref());
            }
            append(&list, &li);
        }
        append(body, &list);
    }
    if !incident.sources.is_empty() {
        text_child(&doc, body, "h3", "", "Sources");
        let list = element(&doc, "ul", "im-sources");
        for source in &incident.sources {
            let li = element(&doc, "li", "");
            append_source(&doc, &li, &source.title, source.url.as_deref());
            append(&list, &li);
        }
        append(body, &list);
    }
    set_hidden(panel.aside, false);
}

/// Appends a `<dt>label</dt><dd>value</dd>` pair, unless `value` is empty; returns the `<dd>`.
fn fact_row(doc: &Document, dl: &Element, label: &str, value: &str) -> Option<Element> {
    if value.is_empty() {
        return None;
    }
    text_child(doc, dl, "dt", "", label);
    Some(text_child(doc, dl, "dd", "", value))
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
fn append_source(doc: &Document, parent: &Element, title: &str, url: Option<&str>) {
    match url {
        Some(url) => {
            let a: HtmlAnchorElement = typed(doc, "a", "");
            a.set_href(url);
            a.set_target("_blank");
            a.set_rel("noopener noreferrer");
            a.set_text_content(Some(title));
            append(parent, &a);
        }
        None => {
            append(parent, &doc.create_text_node(title));
        }
    }
}
