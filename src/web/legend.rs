//! The legend: what a circle's size means (nested circles at the exact sizes used on the map),
//! what the dashed outline and the cluster ring mean, and what each colour means. Colour entries
//! are toggle buttons that hide or show their category.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlButtonElement, HtmlCanvasElement, HtmlElement};

use super::canvas::CanvasLayer;
use super::dom::{append, attr, button, clear, element, set_attr, set_text, text_child, typed};
use super::format;
use crate::categories::{Categories, Category, ColorBy};
use crate::float::Float;
use crate::scene::{DisplayList, DrawCommand, Stroke, TextAnchor};
use crate::symbols::{RadiusScale, Theme};
use crate::view::ScreenPoint;

/// Attribute naming the category a legend button toggles.
pub(crate) const CATEGORY_ATTR: &str = "data-category";

pub(crate) struct Legend {
    pub(crate) root: HtmlElement,
    title: Element,
    sizes: CanvasLayer,
    keys: HtmlElement,
    colours_title: Element,
    pub(crate) colours: HtmlElement,
    /// What the legend was last built from: a time change only moves the counts, so the sizes
    /// canvas and the buttons are rebuilt only when what they show changed (a rebuild would also
    /// drop the keyboard focus from a legend button).
    built: RefCell<Built>,
}

/// The inputs of the parts of the legend that are rebuilt rather than updated.
#[derive(Default)]
struct Built {
    sizes: Option<SizeKey>,
    colours: Option<(ColorBy, Vec<Category>)>,
    /// The count and the button of each category entry, updated in place.
    entries: Vec<(Element, HtmlButtonElement)>,
}

/// What the size part of the legend is drawn from.
#[derive(Clone, PartialEq)]
struct SizeKey {
    label: String,
    scale: RadiusScale,
    scale_max: u32,
    stepped: bool,
    theme: Theme,
    pixel_ratio: f64,
}

/// What the legend shows.
pub(crate) struct LegendContent<'a> {
    pub(crate) size_label: &'a str,
    pub(crate) scale: RadiusScale,
    pub(crate) scale_max: u32,
    /// Whether `scale` is the view's stepped-down scale rather than the dataset's (see
    /// `RadiusScale::stepped_to_fit`): the title says so.
    pub(crate) stepped: bool,
    pub(crate) categories: &'a Categories,
    pub(crate) counts: &'a [usize],
    pub(crate) hidden: &'a [bool],
    pub(crate) theme: &'a Theme,
    pub(crate) pixel_ratio: f64,
}

const LABEL_GAP: f64 = 8.0;
/// Room for the values beside the circles, in characters: at least this many ("1,500,000", a
/// stepped scale's value at a million incidents), so that the legend keeps its width as the
/// scale steps; more for longer numbers.
const LABEL_CHARS: f64 = 9.0;
/// A generous advance per character of the 11 px values (digits are about 7 px wide).
const LABEL_CHAR_PX: f64 = 7.0;

impl Legend {
    pub(crate) fn build(doc: &Document, parent: &Element) -> Result<Self, JsValue> {
        let root: HtmlElement = typed(doc, "details", "im-legend");
        attr(&root, "open", "");
        text_child(doc, &root, "summary", "", "Legend");
        let title = text_child(doc, &root, "p", "im-legend-title", "");
        let canvas: HtmlCanvasElement = typed(doc, "canvas", "im-legend-sizes");
        attr(&canvas, "role", "img");
        append(&root, &canvas);
        let keys: HtmlElement = typed(doc, "ul", "im-legend-keys");
        append(&root, &keys);
        let colours_title = text_child(doc, &root, "p", "im-legend-title", "");
        let colours: HtmlElement = typed(doc, "ul", "im-legend-colours");
        attr(&colours, "aria-label", "Show or hide a category");
        append(&root, &colours);
        append(parent, &root);
        Ok(Self {
            root,
            title,
            sizes: CanvasLayer::shown_on(canvas)?,
            keys,
            colours_title,
            colours,
            built: RefCell::new(Built::default()),
        })
    }

    pub(crate) fn show(&self, content: &LegendContent<'_>) -> Result<(), JsValue> {
        let Some(doc) = self.root.owner_document() else { return Ok(()) };
        self.show_scale(SizeKey {
            label: content.size_label.to_owned(),
            scale: content.scale,
            scale_max: content.scale_max,
            stepped: content.stepped,
            theme: *content.theme,
            pixel_ratio: content.pixel_ratio,
        })?;
        let colours = (content.categories.color_by(), content.categories.entries().to_vec());
        if self.built.borrow().colours.as_ref() != Some(&colours) {
            self.show_keys(&doc, content);
            self.show_colours(&doc, content)?;
            self.built.borrow_mut().colours = Some(colours);
        }
        self.update_colours(content);
        Ok(())
    }

    /// The counts and pressed states of the category entries, in place.
    fn update_colours(&self, content: &LegendContent<'_>) {
        for (index, (count, b)) in self.built.borrow().entries.iter().enumerate() {
            set_text(count, &content.counts.get(index).copied().unwrap_or(0).to_string());
            let hidden = content.hidden.get(index).copied().unwrap_or(false);
            set_attr(b, "aria-pressed", if hidden { "false" } else { "true" });
        }
    }

    /// Shows the markers' scale as drawn now (`scale_max` being the value drawn at the largest
    /// single-incident size), the rest of the legend unchanged: a zoom may step the scale down
    /// or back up. Nothing is drawn if it is the scale shown already.
    pub(crate) fn rescale(&self, scale: RadiusScale, scale_max: u32, stepped: bool) -> Result<(), JsValue> {
        let Some(last) = self.built.borrow().sizes.clone() else { return Ok(()) };
        self.show_scale(SizeKey { scale, scale_max, stepped, ..last })
    }

    fn show_scale(&self, key: SizeKey) -> Result<(), JsValue> {
        if self.built.borrow().sizes.as_ref() == Some(&key) {
            return Ok(());
        }
        // No figure above 0 (all unknown, as ACLED's injured, or all 0): no circle to show, and
        // the reader is told why every marker is the same small size.
        let values = RadiusScale::legend_values(key.scale_max);
        let note = if values.is_empty() {
            ": none is given above 0, so every circle has the smallest size"
        } else if key.stepped {
            ", on a smaller scale to fit this view's clusters"
        } else {
            ""
        };
        set_text(&self.title, &format!("Circle area: number {}{note}", key.label));
        self.show_sizes(&key, &values)?;
        self.built.borrow_mut().sizes = Some(key);
        Ok(())
    }

    /// Draws the circles for `values` (the scale's legend values; none hides the circles).
    fn show_sizes(&self, content: &SizeKey, values: &[u32]) -> Result<(), JsValue> {
        let radius = |v: u32| content.scale.exact_radius(f64::from(v)).max(1.0);
        let largest = values.first().map_or(content.scale.min_radius(), |&v| radius(v));
        // Room for the largest circle a marker can have, whatever this scale's largest value: a
        // stepped scale changes at most wheel notches into a city, and a legend sized to its
        // circles moved under the reader's eyes and cost a layout and a new bitmap each time.
        let room = largest.max(RadiusScale::MAX_RADIUS);
        // With the locale's grouping: a stepped scale's values run into the millions.
        let texts: Vec<String> = values.iter().map(|&v| format::number(u64::from(v))).collect();
        let longest = texts.iter().map(|t| t.chars().count()).max().unwrap_or(0) as f64;
        let label_width = LABEL_CHARS.max(longest) * LABEL_CHAR_PX;
        let (width, height) = (2.0 * room + LABEL_GAP + label_width, 2.0 * room + 4.0);
        let Some(canvas) = self.sizes.element() else { return Ok(()) };
        canvas.set_hidden(values.is_empty());
        if values.is_empty() {
            return Ok(());
        }
        if self.sizes.resize(width, height, content.pixel_ratio) {
            let style = canvas.style();
            style.set_property("width", &format!("{}px", Float(width)))?;
            style.set_property("height", &format!("{}px", Float(height)))?;
        }
        attr(canvas, "aria-label", &format!("Circles for {} {}", texts.join("; "), content.label));
        let mut list = DisplayList::default();
        let bottom = height - 2.0;
        for (&v, text) in values.iter().zip(texts) {
            let r = radius(v);
            let centre = ScreenPoint::new(largest + 1.0, bottom - r);
            list.commands.push(DrawCommand::Circle {
                at: centre,
                radius: r,
                fill: None,
                stroke: Stroke::solid(content.theme.marker_outline, 1.0),
            });
            let top = ScreenPoint::new(centre.x, bottom - 2.0 * r);
            let label_at = ScreenPoint::new(2.0 * room + LABEL_GAP, top.y.max(6.0));
            list.commands.push(DrawCommand::Lines {
                lines: vec![vec![top, ScreenPoint::new(label_at.x - 2.0, top.y.max(6.0))]],
                stroke: Stroke { color: content.theme.province_label, width: 0.8, dash: Some((2.0, 2.0)) },
            });
            list.commands.push(DrawCommand::Text {
                at: label_at,
                text,
                size: 11.0,
                bold: false,
                color: content.theme.label,
                halo: None,
                anchor: TextAnchor::Start,
            });
        }
        self.sizes.paint(&list, content.pixel_ratio)
    }

    fn show_keys(&self, doc: &Document, content: &LegendContent<'_>) {
        clear(&self.keys);
        let mut keys = vec![
            ("im-key-approximate", "dashed outline: approximate location"),
            ("im-key-cluster", "ring and number: several incidents, area = their sum"),
        ];
        if content.categories.color_by() != ColorBy::None {
            keys.push(("im-key-mixed", "grey: a cluster of several categories"));
        }
        for (class, text) in keys {
            let li = element(doc, "li", "");
            let swatch = element(doc, "span", &format!("im-key {class}"));
            attr(&swatch, "aria-hidden", "true");
            append(&li, &swatch);
            text_child(doc, &li, "span", "", text);
            append(&self.keys, &li);
        }
    }

    fn show_colours(&self, doc: &Document, content: &LegendContent<'_>) -> Result<(), JsValue> {
        clear(&self.colours);
        self.built.borrow_mut().entries.clear();
        let colouring = content.categories.color_by() != ColorBy::None;
        self.colours_title.set_text_content(Some(&format!("Colour: {}", content.categories.color_by().title())));
        self.colours.set_hidden(!colouring);
        super::dom::set_hidden(&(self.colours_title.clone().unchecked_into::<HtmlElement>()), !colouring);
        if !colouring {
            return Ok(());
        }
        for (index, category) in content.categories.entries().iter().enumerate() {
            let li = element(doc, "li", "");
            let b = button(doc, "im-legend-entry", "", None);
            attr(&b, CATEGORY_ATTR, &index.to_string());
            let swatch: HtmlElement = typed(doc, "span", "im-swatch");
            attr(&swatch, "aria-hidden", "true");
            swatch.style().set_property("background-color", &category.color.with_alpha(180).to_string())?;
            append(&b, &swatch);
            text_child(doc, &b, "span", "im-legend-label", &category.label);
            // Filled in by update_colours, with the pressed state.
            let count = text_child(doc, &b, "span", "im-legend-count", "");
            append(&li, &b);
            append(&self.colours, &li);
            self.built.borrow_mut().entries.push((count, b));
        }
        Ok(())
    }
}
