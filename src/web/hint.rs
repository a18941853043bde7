//! The short hint of cooperative gestures ("Use Ctrl + scroll to zoom the map"). It fades out by
//! a CSS animation, so no timer needs cancelling at teardown; alternating two identical
//! animations restarts the fade each time the hint is shown again.

use std::cell::Cell;

use web_sys::{Document, Element, HtmlElement};

use super::dom::{append, attr, typed};

pub(crate) struct Hint {
    root: HtmlElement,
    flip: Cell<bool>,
}

impl Hint {
    pub(crate) fn build(doc: &Document, parent: &Element) -> Self {
        let root: HtmlElement = typed(doc, "div", "im-hint");
        attr(&root, "aria-hidden", "true");
        root.set_hidden(true);
        append(parent, &root);
        Self { root, flip: Cell::new(false) }
    }

    pub(crate) fn show(&self, text: &str) {
        self.root.set_text_content(Some(text));
        let flip = !self.flip.get();
        self.flip.set(flip);
        self.root.set_class_name(if flip { "im-hint im-hint-a" } else { "im-hint im-hint-b" });
        self.root.set_hidden(false);
    }
}
