//! The layer of the hover, selection and keyboard-focus rings.
//!
//! A click rings one marker (the hovered one is the one clicked), and a ring layer the size of
//! the map would be cleared, drawn and handed to the compositor whole for a few circles: on the
//! benchmark's machine (software rendering) that hand-over was a millisecond of every click at
//! 1M incidents. So rings that lie close together are drawn on a small canvas of fixed size (no
//! reallocation from one click to the next), placed over them with a CSS transform and anchored
//! to the world: a drag moves it, and the next frame at the same zoom only places it again.
//! Rings spread wider than that (the pointer over one marker, another selected) go on a layer
//! the size of the map, which a drag moves like the labels.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::canvas::{out_of_flow, place, snapped, CanvasLayer, MapLayer};
use super::dom::{append, attr, set_hidden};
use crate::float::Float;
use crate::geo::WorldPoint;
use crate::scene::DisplayList;
use crate::view::{ScreenPoint, Viewport, Zoom};

/// The side of the small canvas, in CSS pixels: the widest rings (keyboard focus around the
/// largest cluster, 64 px: 64 + 7 of gap + 3 of half outline + 1 of antialiasing) fit in it.
const PATCH_CSS_PX: f64 = 160.0;

/// What the small canvas holds.
#[derive(Clone, Copy, PartialEq)]
struct PatchHeld {
    /// The caller's key of the rings drawn.
    content: u64,
    zoom: Zoom,
    pixel_ratio: f64,
    /// Where its top-left corner lies in the world: the rings stay on their markers as the view
    /// moves.
    corner: WorldPoint,
}

/// See the module's documentation.
pub(crate) struct RingLayer {
    patch: CanvasLayer,
    patch_canvas: HtmlCanvasElement,
    patch_held: Cell<Option<PatchHeld>>,
    /// The CSS transform last written on the small canvas.
    placed: RefCell<String>,
    /// Rings spread wider than the small canvas.
    full: MapLayer,
}

impl RingLayer {
    /// Builds the layer's canvases (class `im-layer-overlay`; the small one also `im-patch`) at
    /// the end of `parent`.
    pub(crate) fn build(doc: &web_sys::Document, parent: &web_sys::Element) -> Result<Self, JsValue> {
        let full = MapLayer::build(doc, parent, "overlay")?;
        let patch_canvas: HtmlCanvasElement = doc.create_element("canvas")?.dyn_into()?;
        patch_canvas.set_class_name("im-layer im-patch im-layer-overlay");
        attr(&patch_canvas, "aria-hidden", "true");
        patch_canvas.set_hidden(true);
        // Its CSS size is fixed; its bitmap follows the pixel ratio.
        let size = format!("{}px", Float(PATCH_CSS_PX));
        patch_canvas.style().set_property("width", &size)?;
        patch_canvas.style().set_property("height", &size)?;
        out_of_flow(&patch_canvas)?;
        append(parent, &patch_canvas);
        let patch = CanvasLayer::new(patch_canvas.clone())?;
        Ok(Self { patch, patch_canvas, patch_held: Cell::new(None), placed: RefCell::new(String::new()), full })
    }

    /// Shows the rings keyed `content` for `view` if a canvas holds them: the small one placed
    /// anew at the same zoom; the large one as painted for this view, or moved with a drag.
    /// `false` (and nothing changed) if neither does.
    pub(crate) fn show(&self, view: &Viewport, content: u64, dragging: bool) -> bool {
        if let Some(held) = self.patch_held.get() {
            if held.content == content && held.zoom == view.zoom() && held.pixel_ratio == view.pixel_ratio() {
                self.place_patch(snapped(view.world_to_screen(held.corner), view.pixel_ratio()));
                self.shown(Some(true));
                return true;
            }
        }
        let shown = if dragging && self.full.content() == Some(content) {
            self.full.show_moved(view)
        } else {
            self.full.show(view, content)
        };
        if shown {
            self.shown(Some(false));
        }
        shown
    }

    /// Draws `list` (the rings keyed `content`, for `view`) and shows it; hides the layer when
    /// there is no ring (the usual state), so that no empty canvas is handed over.
    pub(crate) fn paint(&self, view: &Viewport, content: u64, list: &DisplayList) -> Result<(), JsValue> {
        self.patch_held.set(None);
        if list.commands.is_empty() {
            self.full.invalidate();
            self.shown(None);
            return Ok(());
        }
        let extent = list.circles_extent();
        let Some((low, high)) =
            extent.filter(|(low, high)| high.x - low.x <= PATCH_CSS_PX && high.y - low.y <= PATCH_CSS_PX)
        else {
            self.shown(Some(false));
            return self.full.paint_picture(view, content, list);
        };
        let ratio = view.pixel_ratio();
        let centre = ScreenPoint::new((low.x + high.x) / 2.0, (low.y + high.y) / 2.0);
        let corner = snapped(ScreenPoint::new(centre.x - PATCH_CSS_PX / 2.0, centre.y - PATCH_CSS_PX / 2.0), ratio);
        self.patch.resize(PATCH_CSS_PX, PATCH_CSS_PX, ratio);
        self.patch.paint_from(list, ratio, corner)?;
        self.patch_held.set(Some(PatchHeld {
            content,
            zoom: view.zoom(),
            pixel_ratio: ratio,
            corner: view.screen_to_world(corner),
        }));
        self.place_patch(corner);
        self.shown(Some(true));
        Ok(())
    }

    /// Forgets what the canvases hold (new colours, a new size).
    pub(crate) fn invalidate(&self) {
        self.patch_held.set(None);
        self.full.invalidate();
    }

    /// Draws the rings shown onto `ctx`, which covers the screen at device resolution (for a
    /// picture of the map).
    pub(crate) fn draw_shown(&self, ctx: &CanvasRenderingContext2d, view: &Viewport) -> Result<(), JsValue> {
        match self.patch_held.get().filter(|_| !self.patch_canvas.hidden()) {
            Some(held) if held.zoom == view.zoom() => {
                let ratio = view.pixel_ratio();
                let at = snapped(view.world_to_screen(held.corner), ratio);
                ctx.draw_image_with_html_canvas_element(&self.patch_canvas, at.x * ratio, at.y * ratio)
            }
            _ => self.full.draw_shown(ctx, view),
        }
    }

    /// Shows the small canvas (`Some(true)`), the large one (`Some(false)`) or neither.
    fn shown(&self, patch: Option<bool>) {
        set_hidden(&self.patch_canvas, patch != Some(true));
        self.full.set_hidden(patch != Some(false));
    }

    fn place_patch(&self, corner: ScreenPoint) {
        place(&self.patch_canvas, &self.placed, &format!("translate({}px,{}px)", Float(corner.x), Float(corner.y)));
    }
}
