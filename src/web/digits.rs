//! The ten digits of a cluster's count, drawn once per style by a canvas and read back, for the
//! marker layer's picture (`crate::stamps::Composer`) to blend: the module has no fonts, and the
//! canvas draws them in the face and weight it would write the counts in.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::canvas::font;
use crate::raster::Pixels;
use crate::stamps::{Digit, DigitStyle, GlyphPart};

/// The halo's width, in CSS pixels: the width the canvas strokes a count's text with.
const HALO_PX: f64 = 3.0;

/// The ten digits in `style`, or `None` where no canvas can be read back (the counts are then
/// written by the marker layer's canvas, as text).
pub(crate) fn draw_digits(style: &DigitStyle) -> Option<Vec<Digit>> {
    let canvas: HtmlCanvasElement = web_sys::window()?.document()?.create_element("canvas").ok()?.dyn_into().ok()?;
    // Read back twenty times: a canvas kept in memory, not on a GPU, reads back without a copy
    // across processes.
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &JsValue::from_str("willReadFrequently"), &JsValue::TRUE).ok()?;
    let ctx: CanvasRenderingContext2d =
        canvas.get_context_with_context_options("2d", &options).ok()??.dyn_into().ok()?;
    let ratio = style.ratio;
    ctx.set_font(&font(style.bold, style.size));
    let advances: Vec<f64> =
        (0..10).map(|d| ctx.measure_text(&d.to_string()).map(|m| m.width())).collect::<Result<_, _>>().ok()?;
    let widest = advances.iter().copied().fold(0.0, f64::max);
    // Room for the widest digit and its halo, and for a glyph's height either side of the middle
    // line; the pen on a whole device pixel.
    let pad = HALO_PX + 2.0;
    let width = ((widest + 2.0 * pad) * ratio).ceil() as u32;
    let height = ((2.0 * style.size + 2.0 * pad) * ratio).ceil() as u32;
    canvas.set_width(width);
    canvas.set_height(height);
    let (pen_x, pen_y) = ((pad * ratio).round(), (f64::from(height) / 2.0).round());
    // Setting the size reset the context's state.
    ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok()?;
    ctx.set_font(&font(style.bold, style.size));
    ctx.set_text_baseline("middle");
    ctx.set_text_align("left");
    ctx.set_line_width(HALO_PX);
    ctx.set_line_join("round");
    ctx.set_stroke_style_str(&style.halo.to_string());
    ctx.set_fill_style_str(&style.color.to_string());
    let (x, y) = (pen_x / ratio, pen_y / ratio);
    let read = |draw: &dyn Fn(&str) -> Result<(), JsValue>, text: &str| -> Option<GlyphPart> {
        ctx.clear_rect(0.0, 0.0, f64::from(width) / ratio, f64::from(height) / ratio);
        draw(text).ok()?;
        let image = ctx.get_image_data(0.0, 0.0, f64::from(width), f64::from(height)).ok()?;
        let pixels = Pixels::from_rgba(width as usize, height as usize, image.data().0)?;
        Some(match pixels.inked_part() {
            Some((pixels, left, top)) => {
                GlyphPart { pixels, left: left as i64 - pen_x as i64, top: top as i64 - pen_y as i64 }
            }
            None => GlyphPart::default(),
        })
    };
    (0..10)
        .map(|d| {
            let text = d.to_string();
            let halo = read(&|t| ctx.stroke_text(t, x, y), &text)?;
            let glyph = read(&|t| ctx.fill_text(t, x, y), &text)?;
            Some(Digit { halo, glyph, advance: advances[d] })
        })
        .collect()
}
