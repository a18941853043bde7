//! Small helpers for building DOM. Text goes in with `textContent` only: data never reaches the
//! page as HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlButtonElement, HtmlElement};

// Building the widget's DOM cannot fail: every tag and attribute name is a constant of ours,
// and every element is new, so no append can make a cycle. The helpers below therefore return
// the element itself, not a `Result`. Each `?` on a DOM call cost its own error path, and the
// widget makes some 250 of them while it builds: 3.9 KB of the gzipped download, measured
// (docs/BENCHMARK.md, "7 December 2026, night").
#[wasm_bindgen]
extern "C" {
    /// The page's `Document`, seen through `createElement` without web-sys's `catch`: it
    /// throws only for a tag that is not a valid name, and the tags here are constants.
    type Builder;
    #[wasm_bindgen(method, js_name = createElement)]
    fn create_element(this: &Builder, tag: &str) -> Element;
}

/// Creates `<tag class="class">`.
pub(crate) fn element(doc: &Document, tag: &str, class: &str) -> Element {
    let el = doc.unchecked_ref::<Builder>().create_element(tag);
    if !class.is_empty() {
        el.set_class_name(class);
    }
    el
}

/// Creates an element of a known type, such as `HtmlCanvasElement`: the tag decides the type
/// (`typed::<HtmlCanvasElement>(doc, "canvas", ..)`), so no check is made.
pub(crate) fn typed<T: JsCast>(doc: &Document, tag: &str, class: &str) -> T {
    element(doc, tag, class).unchecked_into::<T>()
}

/// Sets an attribute of an element being built (a constant, valid name: it cannot fail).
pub(crate) fn attr(el: &Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}

/// Appends a new child while building (it cannot fail: see the top of this section).
pub(crate) fn append(parent: &web_sys::Node, child: &web_sys::Node) {
    let _ = parent.append_child(child);
}

/// Creates an element holding `text` as text, appended to `parent`.
pub(crate) fn text_child(doc: &Document, parent: &Element, tag: &str, class: &str, text: &str) -> Element {
    let el = element(doc, tag, class);
    el.set_text_content(Some(text));
    append(parent, &el);
    el
}

/// A `<button type="button">` with a visible label and, when given, an accessible name.
pub(crate) fn button(doc: &Document, class: &str, label: &str, aria_label: Option<&str>) -> HtmlButtonElement {
    let b: HtmlButtonElement = typed(doc, "button", class);
    b.set_type("button");
    b.set_text_content(Some(label));
    if let Some(name) = aria_label {
        attr(&b, "aria-label", name);
    }
    b
}

/// Shows or hides an element with the `hidden` attribute.
pub(crate) fn set_hidden(el: &HtmlElement, hidden: bool) {
    // Written only when it changes (see set_text): a pan frame hides the hidden tooltip again.
    if el.hidden() != hidden {
        el.set_hidden(hidden);
    }
}

/// Removes every child of `el`.
pub(crate) fn clear(el: &Element) {
    el.set_text_content(None);
}

/// Sets an element's text only when it differs: an unchanged write still invalidates style and
/// layout, which the time control and the legend would otherwise pay on every frame of a drag.
pub(crate) fn set_text(el: &Element, text: &str) {
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
}

/// Sets an attribute only when its value differs (see [`set_text`]).
pub(crate) fn set_attr(el: &Element, name: &str, value: &str) {
    if el.get_attribute(name).as_deref() != Some(value) {
        let _ = el.set_attribute(name, value);
    }
}

/// Sets an inline style property only when it differs (see [`set_text`]). Through the CSSOM, not
/// the `style` attribute, which a strict Content-Security-Policy blocks.
pub(crate) fn set_style(el: &HtmlElement, property: &str, value: &str) {
    let style = el.style();
    if style.get_property_value(property).ok().as_deref() != Some(value) {
        let _ = style.set_property(property, value);
    }
}
