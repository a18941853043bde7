//! Executes a [`DisplayList`] on a 2D canvas context. The context's transform is set to the device
//! pixel ratio, so commands stay in CSS pixels and lines stay crisp on high-DPI screens.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement};

#[wasm_bindgen]
extern "C" {
    /// The 2D context seen through the colour setters that take a JS value: a colour string made
    /// once and kept, instead of formatting and decoding one per call (web-sys has these setters
    /// only as deprecated bindings).
    #[wasm_bindgen(js_name = CanvasRenderingContext2D)]
    type StyleSetters;
    #[wasm_bindgen(method, setter = fillStyle)]
    fn set_fill_style_value(this: &StyleSetters, value: &JsValue);
    #[wasm_bindgen(method, setter = strokeStyle)]
    fn set_stroke_style_value(this: &StyleSetters, value: &JsValue);
}

use crate::labels::text_is_rtl;
use crate::scene::{DisplayList, DrawCommand, Stroke, TextAnchor};
use crate::symbols::Color;
use crate::tiles::TileDraw;
use crate::view::{ScreenPoint, Viewport};

/// The context's drawing state as last set, so that a command sets only what differs from the
/// one before: each setter is a call out of wasm (and a colour a string to format and decode),
/// and the markers of a frame mostly share their styles.
#[derive(Default)]
struct SetState {
    fill: Option<Color>,
    stroke: Option<Color>,
    line_width: Option<f64>,
    dash: Option<Option<(f64, f64)>>,
    round_joins: bool,
    font: Option<(bool, f64)>,
    align: Option<TextAnchor>,
    rtl: Option<bool>,
    middle_baseline: bool,
}

/// JS values made once per layer and reused: colour strings and dash arrays. A frame of markers
/// switches between a handful of styles hundreds of times (outline, dashed outline, cluster ring,
/// count halo), and each switch would otherwise format a string, pass it out of wasm and decode it.
#[derive(Default)]
struct JsValues {
    colors: Vec<(Color, JsValue)>,
    dashes: Vec<(Option<(f64, f64)>, JsValue)>,
}

impl JsValues {
    fn color(&mut self, color: Color) -> &JsValue {
        kept(&mut self.colors, color, || JsValue::from_str(&color.to_string()))
    }

    fn dash(&mut self, dash: Option<(f64, f64)>) -> &JsValue {
        kept(&mut self.dashes, dash, || {
            let array = js_sys::Array::new();
            if let Some((on, off)) = dash {
                array.push(&JsValue::from_f64(on));
                array.push(&JsValue::from_f64(off));
            }
            array.into()
        })
    }
}

/// The value kept for `key`, made by `make` the first time (a frame uses a handful of keys).
fn kept<K: PartialEq>(values: &mut Vec<(K, JsValue)>, key: K, make: impl FnOnce() -> JsValue) -> &JsValue {
    let at = match values.iter().position(|(k, _)| *k == key) {
        Some(at) => at,
        None => {
            values.push((key, make()));
            values.len() - 1
        }
    };
    &values[at].1
}

/// A canvas used as one layer of the map.
pub(crate) struct CanvasLayer {
    pub(crate) canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    set: RefCell<SetState>,
    values: RefCell<JsValues>,
}

impl CanvasLayer {
    pub(crate) fn new(canvas: HtmlCanvasElement) -> Result<Self, JsValue> {
        let context =
            canvas.get_context("2d")?.ok_or_else(|| JsValue::from_str("this browser gives no 2D canvas context"))?;
        let context = wasm_bindgen::JsCast::dyn_into::<CanvasRenderingContext2d>(context)?;
        Ok(Self { canvas, context, set: RefCell::default(), values: RefCell::default() })
    }

    /// Sizes the backing store to `width × height` CSS pixels at `ratio` device pixels each.
    pub(crate) fn resize(&self, width: f64, height: f64, ratio: f64) {
        let device = |css: f64| (css * ratio).round().max(0.0) as u32;
        if self.canvas.width() != device(width) || self.canvas.height() != device(height) {
            self.canvas.set_width(device(width));
            self.canvas.set_height(device(height));
            // A new size resets the context's state.
            *self.set.borrow_mut() = SetState::default();
        }
    }

    /// Clears the layer and draws `list`.
    pub(crate) fn paint(&self, list: &DisplayList, ratio: f64) -> Result<(), JsValue> {
        let ctx = &self.context;
        ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
        ctx.clear_rect(0.0, 0.0, f64::from(self.canvas.width()), f64::from(self.canvas.height()));
        ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0)?;
        self.draw(list)
    }

    /// Draws `list` over what the layer holds.
    pub(crate) fn draw(&self, list: &DisplayList) -> Result<(), JsValue> {
        for command in &list.commands {
            self.execute(command)?;
        }
        Ok(())
    }

    /// Draws web tile images over what the layer holds; `image` finds a tile's loaded image.
    pub(crate) fn draw_tiles<'a>(
        &self,
        draws: &[TileDraw],
        image: impl Fn(&TileDraw) -> Option<&'a HtmlImageElement>,
    ) -> Result<(), JsValue> {
        // Scaled stand-ins (a parent stretched while its children load) look better smoothed.
        self.context.set_image_smoothing_enabled(true);
        for d in draws {
            let Some(img) = image(d) else { continue };
            let (w, h) = (f64::from(img.natural_width()), f64::from(img.natural_height()));
            let (s, t) = (d.source, d.target);
            self.context.draw_image_with_html_image_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                img,
                s.x * w,
                s.y * h,
                s.width * w,
                s.height * h,
                t.x,
                t.y,
                t.width,
                t.height,
            )?;
        }
        Ok(())
    }

    fn execute(&self, command: &DrawCommand) -> Result<(), JsValue> {
        let ctx = &self.context;
        match command {
            DrawCommand::Clear(color) => {
                self.fill_style(*color);
                ctx.fill_rect(0.0, 0.0, f64::from(self.canvas.width()), f64::from(self.canvas.height()));
            }
            DrawCommand::Polygons { rings, fill, stroke } => {
                ctx.begin_path();
                for ring in rings {
                    trace(ctx, ring);
                    ctx.close_path();
                }
                if let Some(fill) = fill {
                    self.fill_style(*fill);
                    ctx.fill_with_canvas_winding_rule(web_sys::CanvasWindingRule::Evenodd);
                }
                if let Some(stroke) = stroke {
                    self.stroke(stroke)?;
                }
            }
            DrawCommand::Lines { lines, stroke } => {
                ctx.begin_path();
                for line in lines {
                    trace(ctx, line);
                }
                self.stroke(stroke)?;
            }
            DrawCommand::Circle { at, radius, fill, stroke } => {
                ctx.begin_path();
                ctx.arc(at.x, at.y, *radius, 0.0, std::f64::consts::TAU)?;
                if let Some(fill) = fill {
                    self.fill_style(*fill);
                    ctx.fill();
                }
                self.stroke(stroke)?;
            }
            DrawCommand::Text { at, text, size, bold, color, halo, anchor } => {
                self.text_style(*bold, *size, text_is_rtl(text), *anchor)?;
                if let Some(halo) = halo {
                    self.line_style(&Stroke::solid(*halo, 3.0))?;
                    ctx.stroke_text(text, at.x, at.y)?;
                }
                self.fill_style(*color);
                ctx.fill_text(text, at.x, at.y)?;
            }
        }
        Ok(())
    }

    fn stroke(&self, stroke: &Stroke) -> Result<(), JsValue> {
        self.line_style(stroke)?;
        self.context.stroke();
        Ok(())
    }

    fn fill_style(&self, color: Color) {
        let mut set = self.set.borrow_mut();
        if set.fill != Some(color) {
            self.context.unchecked_ref::<StyleSetters>().set_fill_style_value(self.values.borrow_mut().color(color));
            set.fill = Some(color);
        }
    }

    /// Colour, width, dash and round joins of the lines drawn next.
    fn line_style(&self, stroke: &Stroke) -> Result<(), JsValue> {
        let ctx = &self.context;
        let mut set = self.set.borrow_mut();
        if set.stroke != Some(stroke.color) {
            ctx.unchecked_ref::<StyleSetters>().set_stroke_style_value(self.values.borrow_mut().color(stroke.color));
            set.stroke = Some(stroke.color);
        }
        if set.line_width != Some(stroke.width) {
            ctx.set_line_width(stroke.width);
            set.line_width = Some(stroke.width);
        }
        if !set.round_joins {
            ctx.set_line_join("round");
            set.round_joins = true;
        }
        if set.dash != Some(stroke.dash) {
            ctx.set_line_dash(self.values.borrow_mut().dash(stroke.dash))?;
            set.dash = Some(stroke.dash);
        }
        Ok(())
    }

    fn text_style(&self, bold: bool, size: f64, rtl: bool, anchor: TextAnchor) -> Result<(), JsValue> {
        let ctx = &self.context;
        let mut set = self.set.borrow_mut();
        if set.font != Some((bold, size)) {
            let weight = if bold { "600" } else { "400" };
            ctx.set_font(&format!("{weight} {size}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"));
            set.font = Some((bold, size));
        }
        if !set.middle_baseline {
            ctx.set_text_baseline("middle");
            set.middle_baseline = true;
        }
        // Persian runs right to left: the direction orders its words and neutral characters;
        // the alignment is absolute, so the label stays on the side of its dot that the core
        // chose. (web-sys has no binding for `direction`: set the property itself.)
        if set.rtl != Some(rtl) {
            let direction = JsValue::from_str(if rtl { "rtl" } else { "ltr" });
            js_sys::Reflect::set(ctx, &JsValue::from_str("direction"), &direction)?;
            set.rtl = Some(rtl);
        }
        if set.align != Some(anchor) {
            ctx.set_text_align(match anchor {
                TextAnchor::Center => "center",
                TextAnchor::Start => "left",
                TextAnchor::End => "right",
            });
            set.align = Some(anchor);
        }
        Ok(())
    }
}

/// A layer painted for a view larger than the screen, off screen, and copied onto the visible
/// layer at an offset while the view only moves: a pan frame then copies pixels instead of
/// drawing the layer again (as Leaflet translates its canvas during a drag, but with no blank
/// edge, since the copy reaches past the screen). A zoom, a resize or new content repaints it.
pub(crate) struct PannedCopy {
    layer: CanvasLayer,
    /// The (padded) view the copy holds, and what it shows (the caller's key: equal keys, equal
    /// content); `None` when it holds nothing valid.
    held: Option<(Viewport, u64)>,
}

impl PannedCopy {
    /// How far past each edge of the screen the copy reaches, in device pixels: on a dense
    /// screen the pad covers fewer CSS pixels, so that its memory does not grow with the square
    /// of the pixel ratio.
    const PAD_DEVICE_PX: f64 = 256.0;

    /// The pad in CSS pixels for `view`.
    fn pad(view: &Viewport) -> f64 {
        (Self::PAD_DEVICE_PX / view.pixel_ratio().max(1.0)).round()
    }

    pub(crate) fn new(document: &web_sys::Document) -> Result<Self, JsValue> {
        let canvas = wasm_bindgen::JsCast::dyn_into::<HtmlCanvasElement>(document.create_element("canvas")?)?;
        Ok(Self { layer: CanvasLayer::new(canvas)?, held: None })
    }

    /// Forgets the copy: its content changed (theme, basemap, tiles) or no longer matches.
    pub(crate) fn invalidate(&mut self) {
        self.held = None;
    }

    /// Where the top-left of `view` falls in the copy (CSS pixels), if the copy holds all of it
    /// at the same scale.
    fn offset_of(&self, view: &Viewport, content: u64) -> Option<ScreenPoint> {
        let (held, held_content) = self.held?;
        if held_content != content {
            return None;
        }
        let same_scale = held.zoom() == view.zoom() && held.pixel_ratio() == view.pixel_ratio();
        let same_size = held.width() == view.width() + 2.0 * Self::pad(view)
            && held.height() == view.height() + 2.0 * Self::pad(view);
        if !same_scale || !same_size {
            return None;
        }
        let at = held.world_to_screen(view.screen_to_world(ScreenPoint::new(0.0, 0.0)));
        let span = 2.0 * Self::pad(view);
        ((0.0..=span).contains(&at.x) && (0.0..=span).contains(&at.y)).then_some(at)
    }

    /// Whether the copy holds all of `view` with this content.
    pub(crate) fn holds(&self, view: &Viewport, content: u64) -> bool {
        self.offset_of(view, content).is_some()
    }

    /// Copies the part of the copy under `view` onto `target`; `false` (and nothing drawn) when
    /// the copy does not hold it.
    pub(crate) fn blit(&self, target: &CanvasLayer, view: &Viewport, content: u64) -> Result<bool, JsValue> {
        let Some(at) = self.offset_of(view, content) else { return Ok(false) };
        let ratio = view.pixel_ratio();
        let ctx = &target.context;
        ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
        ctx.clear_rect(0.0, 0.0, f64::from(target.canvas.width()), f64::from(target.canvas.height()));
        // Whole device pixels: the copy is not resampled, so it stays as sharp as a repaint.
        ctx.set_image_smoothing_enabled(false);
        ctx.draw_image_with_html_canvas_element(&self.layer.canvas, -(at.x * ratio).round(), -(at.y * ratio).round())?;
        ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0)?;
        Ok(true)
    }

    /// Draws the copy scaled onto `target` for `view`, a zoom of the view it holds (a wheel
    /// notch): a stand-in, slightly soft, until the layer is painted again. `false` (and nothing
    /// drawn) if the copy holds other content, or would not cover the screen at that scale.
    pub(crate) fn blit_scaled(&self, target: &CanvasLayer, view: &Viewport, content: u64) -> Result<bool, JsValue> {
        let Some((held, held_content)) = self.held else { return Ok(false) };
        let k = view.world_size() / held.world_size();
        if held_content != content || held.pixel_ratio() != view.pixel_ratio() || !(0.5..=2.0).contains(&k) {
            return Ok(false);
        }
        let at = view.world_to_screen(held.screen_to_world(ScreenPoint::new(0.0, 0.0)));
        let (width, height) = (held.width() * k, held.height() * k);
        if at.x > 0.0 || at.y > 0.0 || at.x + width < view.width() || at.y + height < view.height() {
            return Ok(false);
        }
        let ratio = view.pixel_ratio();
        let ctx = &target.context;
        ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
        ctx.set_image_smoothing_enabled(true);
        ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            &self.layer.canvas,
            at.x * ratio,
            at.y * ratio,
            width * ratio,
            height * ratio,
        )?;
        ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0)?;
        Ok(true)
    }

    /// Paints the copy for `padded(view)` with `paint`, off screen.
    pub(crate) fn repaint(&mut self, view: &Viewport, content: u64, paint: impl FnOnce(&CanvasLayer, &Viewport)) {
        let padded = Self::padded(view);
        self.layer.resize(padded.width(), padded.height(), padded.pixel_ratio());
        paint(&self.layer, &padded);
        self.held = Some((padded, content));
    }

    /// `view` grown by the copy's pad on each side.
    pub(crate) fn padded(view: &Viewport) -> Viewport {
        let grow = 2.0 * Self::pad(view);
        view.with_size(view.width() + grow, view.height() + grow, view.pixel_ratio())
    }

    /// Paints the copy for `padded(view)` with `paint` (which draws a layer for a view), then
    /// copies it onto `target`.
    pub(crate) fn repaint_and_blit(
        &mut self,
        target: &CanvasLayer,
        view: &Viewport,
        content: u64,
        paint: impl FnOnce(&CanvasLayer, &Viewport),
    ) -> Result<bool, JsValue> {
        self.repaint(view, content, paint);
        self.blit(target, view, content)
    }
}

fn trace(ctx: &CanvasRenderingContext2d, points: &[ScreenPoint]) {
    let mut iter = points.iter();
    if let Some(first) = iter.next() {
        ctx.move_to(first.x, first.y);
        for p in iter {
            ctx.line_to(p.x, p.y);
        }
    }
}
