//! The scale bar in the map's bottom-left corner: DOM, so that its text stays crisp and readable
//! by assistive technology. It is updated with the basemap, that is only when the view changes.

use web_sys::{Document, HtmlElement};

use super::dom::{append, attr, set_attr, set_hidden, set_style, set_text, typed};
use crate::float::Fixed;
use crate::scalebar::ScaleBar;
use crate::view::Viewport;

/// The longest the bar may be, in CSS pixels.
const MAX_WIDTH_PX: f64 = 100.0;

pub(crate) struct ScaleBarView {
    root: HtmlElement,
    bar: HtmlElement,
    label: HtmlElement,
}

impl ScaleBarView {
    /// Builds the scale bar inside `parent`.
    pub(crate) fn build(doc: &Document, parent: &HtmlElement) -> Self {
        let root: HtmlElement = typed(doc, "div", "im-scale");
        attr(&root, "role", "img");
        let bar: HtmlElement = typed(doc, "div", "im-scale-bar");
        let label: HtmlElement = typed(doc, "span", "im-scale-label");
        append(&bar, &label);
        append(&root, &bar);
        // Shown (empty) from the start: its box is measured before the first frame, so that
        // labels keep clear of it.
        append(parent, &root);
        Self { root, bar, label }
    }

    /// Shows the bar for `view`, or hides it when the view is empty.
    pub(crate) fn show(&self, view: &Viewport) {
        let Some(scale) = ScaleBar::for_view(view, MAX_WIDTH_PX) else {
            set_hidden(&self.root, true);
            return;
        };
        let text = scale.label();
        // Written only where it changed: a horizontal pan keeps the scale, and an unchanged write
        // would still cost a style and layout pass per frame. CSSOM, not a style attribute:
        // allowed under a style-src 'self' policy.
        set_style(&self.bar, "width", &format!("{}px", Fixed(scale.width_px(), 1)));
        set_text(&self.label, &text);
        set_attr(&self.root, "aria-label", &format!("Scale: the bar is {text}"));
        set_hidden(&self.root, false);
    }
}
