//! Executes a [`DisplayList`] on a 2D canvas context. The context's transform is set to the device
//! pixel ratio, so commands stay in CSS pixels and lines stay crisp on high-DPI screens.

use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement};

use crate::labels::text_is_rtl;
use crate::scene::{DisplayList, DrawCommand, Stroke, TextAnchor};
use crate::tiles::TileDraw;
use crate::view::ScreenPoint;

/// A canvas used as one layer of the map.
pub(crate) struct CanvasLayer {
    pub(crate) canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

impl CanvasLayer {
    pub(crate) fn new(canvas: HtmlCanvasElement) -> Result<Self, JsValue> {
        let context =
            canvas.get_context("2d")?.ok_or_else(|| JsValue::from_str("this browser gives no 2D canvas context"))?;
        let context = wasm_bindgen::JsCast::dyn_into::<CanvasRenderingContext2d>(context)?;
        Ok(Self { canvas, context })
    }

    /// Sizes the backing store to `width × height` CSS pixels at `ratio` device pixels each.
    pub(crate) fn resize(&self, width: f64, height: f64, ratio: f64) {
        let device = |css: f64| (css * ratio).round().max(0.0) as u32;
        if self.canvas.width() != device(width) || self.canvas.height() != device(height) {
            self.canvas.set_width(device(width));
            self.canvas.set_height(device(height));
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
                ctx.set_fill_style_str(&color.to_string());
                ctx.fill_rect(0.0, 0.0, f64::from(self.canvas.width()), f64::from(self.canvas.height()));
            }
            DrawCommand::Polygons { rings, fill, stroke } => {
                ctx.begin_path();
                for ring in rings {
                    trace(ctx, ring);
                    ctx.close_path();
                }
                if let Some(fill) = fill {
                    ctx.set_fill_style_str(&fill.to_string());
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
                    ctx.set_fill_style_str(&fill.to_string());
                    ctx.fill();
                }
                self.stroke(stroke)?;
            }
            DrawCommand::Text { at, text, size, bold, color, halo, anchor } => {
                let weight = if *bold { "600" } else { "400" };
                ctx.set_font(&format!("{weight} {size}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"));
                ctx.set_text_baseline("middle");
                // Persian runs right to left: the direction orders its words and neutral
                // characters; the alignment is absolute, so the label stays on the side of its
                // dot that the core chose.
                // (web-sys has no binding for `direction`: set the property itself.)
                let direction = JsValue::from_str(if text_is_rtl(text) { "rtl" } else { "ltr" });
                js_sys::Reflect::set(ctx, &JsValue::from_str("direction"), &direction)?;
                ctx.set_text_align(match anchor {
                    TextAnchor::Center => "center",
                    TextAnchor::Start => "left",
                    TextAnchor::End => "right",
                });
                if let Some(halo) = halo {
                    ctx.set_line_join("round");
                    ctx.set_line_width(3.0);
                    ctx.set_stroke_style_str(&halo.to_string());
                    ctx.set_line_dash(&js_sys::Array::new())?;
                    ctx.stroke_text(text, at.x, at.y)?;
                }
                ctx.set_fill_style_str(&color.to_string());
                ctx.fill_text(text, at.x, at.y)?;
            }
        }
        Ok(())
    }

    fn stroke(&self, stroke: &Stroke) -> Result<(), JsValue> {
        let ctx = &self.context;
        ctx.set_stroke_style_str(&stroke.color.to_string());
        ctx.set_line_width(stroke.width);
        ctx.set_line_join("round");
        let dash = js_sys::Array::new();
        if let Some((on, off)) = stroke.dash {
            dash.push(&JsValue::from_f64(on));
            dash.push(&JsValue::from_f64(off));
        }
        ctx.set_line_dash(&dash)?;
        ctx.stroke();
        Ok(())
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
