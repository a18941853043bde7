//! The ten digits of a cluster's count, drawn once per style by a canvas and read back, for the
//! marker layer's picture (`crate::stamps::Composer`) to blend: the module has no fonts, and the
//! canvas draws them in the face and weight it would write the counts in.

use std::cell::Cell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::canvas::{font, HALO_PX};
use crate::raster::Pixels;
use crate::stamps::{Digit, DigitStyle, GlyphPart};

thread_local! {
    /// Whether this page has failed to draw the digits: no canvas to draw them on, or none that
    /// reads back what was drawn. Browsers that resist fingerprinting (Tor Browser, Firefox with
    /// `privacy.resistFingerprinting`) return a blank white picture instead, and may tell the
    /// reader at every attempt: once it failed, the counts are written as text and no canvas is
    /// read again.
    static UNREADABLE: Cell<bool> = const { Cell::new(false) };
}

/// The ten digits in `style`, or `None` where no canvas can be read back (the counts are then
/// written by the marker layer's canvas, as text).
pub(crate) fn draw_digits(style: &DigitStyle) -> Option<Vec<Digit>> {
    if UNREADABLE.get() {
        return None;
    }
    let digits = read_digits(style);
    UNREADABLE.set(digits.is_none());
    digits
}

fn read_digits(style: &DigitStyle) -> Option<Vec<Digit>> {
    let canvas: HtmlCanvasElement = web_sys::window()?.document()?.create_element("canvas").ok()?.dyn_into().ok()?;
    // Read back twenty times: a canvas kept in memory, not on a GPU, reads back without a copy
    // across processes.
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &JsValue::from_str("willReadFrequently"), &JsValue::TRUE).ok()?;
    let ctx: CanvasRenderingContext2d =
        canvas.get_context_with_context_options("2d", &options).ok()??.dyn_into().ok()?;
    let ratio = style.ratio;
    // Room for a digit (narrower than its em) and its halo, and for a glyph's height either
    // side of the middle line; the pen on a whole device pixel.
    let pad = HALO_PX + 2.0;
    let (width, height) = (((style.size + 2.0 * pad) * ratio).ceil(), ((2.0 * style.size + 2.0 * pad) * ratio).ceil());
    canvas.set_width(width as u32);
    canvas.set_height(height as u32);
    let (pen_x, pen_y) = ((pad * ratio).round(), (height / 2.0).round());
    ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok()?;
    ctx.set_font(&font(style.bold, style.size));
    ctx.set_text_baseline("middle");
    ctx.set_text_align("left");
    ctx.set_line_width(HALO_PX);
    ctx.set_line_join("round");
    ctx.set_stroke_style_str(&style.halo.to_string());
    ctx.set_fill_style_str(&style.color.to_string());
    let (x, y) = (pen_x / ratio, pen_y / ratio);
    // The halo (stroked) or the glyph (filled) of `digit`, read back.
    let read = |digit: &str, halo: bool| -> Option<Pixels> {
        ctx.clear_rect(0.0, 0.0, width / ratio, height / ratio);
        if halo { ctx.stroke_text(digit, x, y) } else { ctx.fill_text(digit, x, y) }.ok()?;
        let image = ctx.get_image_data(0.0, 0.0, width, height).ok()?;
        let pixels = Pixels::from_rgba(width as usize, height as usize, image.data().0)?;
        // The pad keeps the corner blank: inked there, the picture read is not the one drawn.
        (pixels.data().get(3) == Some(&0)).then_some(pixels)
    };
    // Cut to its inked part, placed from the pen.
    let part = |pixels: Pixels| {
        pixels.inked_part().map_or_else(GlyphPart::default, |(pixels, left, top)| GlyphPart {
            pixels,
            left: left as i64 - pen_x as i64,
            top: top as i64 - pen_y as i64,
        })
    };
    let mut digits = Vec::with_capacity(10);
    for digit in ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] {
        let advance = ctx.measure_text(digit).ok()?.width();
        let (mut halo, glyph) = (read(digit, true)?, read(digit, false)?);
        // Where the glyph is opaque it hides its own halo whatever lies under: those halo
        // pixels would be blended for nothing, most of them over a marker's translucent fill.
        halo.clear_under(&glyph);
        digits.push(Digit { halo: part(halo), glyph: part(glyph), advance });
    }
    Some(digits)
}
