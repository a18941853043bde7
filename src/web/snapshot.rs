//! A picture of the map as the reader sees it, for `toPNG()`: the canvas layers composed into one
//! canvas at device resolution, with the attribution that the basemap's licences require.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::controls::Controls;
use crate::float::Float;
use crate::view::Viewport;

/// Attribution text size and padding, in CSS pixels (as in incident-map.css).
const ATTRIBUTION_FONT_PX: f64 = 11.0;
const ATTRIBUTION_PAD_PX: f64 = 6.0;

/// A new canvas holding the map area's background colour, the basemap, marker and overlay layers
/// and the attribution line, as they show `view`.
pub(crate) fn compose(controls: &Controls, view: &Viewport) -> Result<HtmlCanvasElement, JsValue> {
    let ratio = view.pixel_ratio();
    let (width, height) = ((view.width() * ratio).round() as u32, (view.height() * ratio).round() as u32);
    if width == 0 || height == 0 || controls.layers.basemap.content().is_none() {
        return Err(JsValue::from_str("the map has no size yet (is it hidden?): show it before taking a picture"));
    }
    let doc = controls.map_area.owner_document().ok_or_else(|| JsValue::from_str("the map is not in a document"))?;
    let canvas: HtmlCanvasElement = doc.create_element("canvas")?.dyn_into()?;
    canvas.set_width(width);
    canvas.set_height(height);
    let ctx: CanvasRenderingContext2d =
        canvas.get_context("2d")?.ok_or_else(|| JsValue::from_str("no 2D canvas context"))?.dyn_into()?;
    ctx.set_fill_style_str(&background(controls).unwrap_or_else(|| "#ffffff".to_owned()));
    ctx.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    for layer in controls.layers.under_rings() {
        layer.draw_shown(&ctx, view)?;
    }
    controls.layers.rings.draw_shown(&ctx, view)?;
    if let Some(text) = controls.attribution.text_content().filter(|t| !t.trim().is_empty()) {
        attribution(&ctx, &text, f64::from(width), f64::from(height), ratio)?;
    }
    Ok(canvas)
}

/// The map area's computed background colour (it follows the theme), if it is opaque enough to
/// matter.
fn background(controls: &Controls) -> Option<String> {
    let window = web_sys::window()?;
    let style = window.get_computed_style(&controls.map_area).ok()??;
    let colour = style.get_property_value("background-color").ok()?;
    (!colour.is_empty() && colour != "transparent" && colour != "rgba(0, 0, 0, 0)").then_some(colour)
}

/// Writes `text` in the bottom-right corner on a light band, like the attribution on screen.
fn attribution(ctx: &CanvasRenderingContext2d, text: &str, width: f64, height: f64, ratio: f64) -> Result<(), JsValue> {
    let size = ATTRIBUTION_FONT_PX * ratio;
    let pad = ATTRIBUTION_PAD_PX * ratio;
    ctx.set_font(&format!("{}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", Float(size)));
    ctx.set_text_baseline("middle");
    ctx.set_text_align("right");
    let text_width = ctx.measure_text(text)?.width().min(width - 2.0 * pad);
    let band = size + 4.0 * ratio;
    ctx.set_fill_style_str("rgba(255, 255, 255, 0.8)");
    ctx.fill_rect(width - text_width - 2.0 * pad, height - band, text_width + 2.0 * pad, band);
    ctx.set_fill_style_str("#333333");
    ctx.fill_text_with_max_width(text, width - pad, height - band / 2.0, text_width)?;
    Ok(())
}
