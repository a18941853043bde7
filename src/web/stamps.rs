//! Marker circles rasterised once into an atlas and stamped from it.
//!
//! Chromium's software rasteriser fills an antialiased circle by scan-converting its path, pixel
//! by pixel with coverage: at 1M incidents the country view's 35 clusters, 64 px each, took most
//! of a zoom frame (a trace: 148 `drawArc` a frame). Copying the same pixels from a bitmap is a
//! blend per pixel and nothing else (a test page: 250 circles of 4-64 px in 0.9-2.3 ms stamped,
//! 2.9-9.6 ms drawn). Markers repeat few looks (a capped cluster size, a handful of colours), so
//! each look is drawn once into the atlas, at the device's resolution, and copied to its place,
//! on whole device pixels (a centre moves by at most half a device pixel; nothing is resampled).
//!
//! The atlas is an `OffscreenCanvas`: without one, circles are drawn as paths.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use super::canvas::CanvasLayer;
use crate::scene::{DrawCommand, Stroke};
use crate::symbols::Color;
use crate::view::ScreenPoint;

/// The atlas's side in device pixels (4 MB): room for dozens of the largest clusters' looks.
const ATLAS_PX: f64 = 1024.0;
/// Circles wider than this (device pixels) are drawn as paths: rare, and an atlas of their own.
const LARGEST_STAMP_PX: f64 = 300.0;

/// One look's place in the atlas, in device pixels.
#[derive(Clone, Copy, PartialEq)]
struct Slot {
    x: f64,
    y: f64,
    side: f64,
}

/// See the module's documentation.
pub(crate) struct Stamps {
    atlas: CanvasLayer,
    state: RefCell<Atlas>,
    /// Looks drawn into the atlas in the painting under way.
    added: std::cell::Cell<usize>,
}

/// The atlas's bookkeeping: the looks it holds, sorted by key, and the shelf being filled.
#[derive(Default)]
struct Atlas {
    slots: Vec<(u128, Slot)>,
    shelf_x: f64,
    shelf_y: f64,
    shelf_height: f64,
}

/// Most looks drawn into the atlas per painting; the others are drawn in place. Drawing a look
/// into the atlas costs more than drawing it in place (the atlas is rasterised, and copied if a
/// picture still uses it, before it is stamped from), which pays only if the look is used again:
/// the capped clusters at every notch of a zoom are; a sliding time window's sums mostly are
/// not. Markers come largest first, so the looks that gain most go in first.
const NEW_LOOKS_PER_PAINTING: usize = 8;

/// A circle as the atlas knows it: what makes its pixels, at one pixel ratio.
#[derive(Clone, Copy)]
pub(crate) struct Look {
    key: u128,
    /// Radius and outline in device pixels.
    radius: f64,
    fill: Option<Color>,
    stroke: Stroke,
    ratio: f64,
}

impl Look {
    /// The look of `command` at `ratio`, if it is a circle small enough to stamp.
    pub(crate) fn of(command: &DrawCommand, ratio: f64) -> Option<Self> {
        let DrawCommand::Circle { radius, fill, stroke, .. } = command else { return None };
        let side = 2.0 * (radius + stroke.width) * ratio;
        // (A ratio that is not positive, or not a number, makes no side to stamp.)
        if !(side > 0.0 && side <= LARGEST_STAMP_PX) {
            return None;
        }
        // Quarter device pixels of radius and sixteenths of width: finer than the eye tells apart,
        // coarse enough that a cluster's radius, a square root of its sum, repeats.
        let quarter = |v: f64| (v * 4.0).round() as u128 & 0xffff;
        let colour = |c: Color| u128::from(u32::from_be_bytes([c.r, c.g, c.b, c.a]));
        let (on, off) = stroke.dash.unwrap_or((0.0, 0.0));
        let key = quarter(radius * ratio)
            | (((stroke.width * 16.0 * ratio).round() as u128 & 0xff) << 16)
            | (quarter(on * ratio) & 0xff) << 24
            | (quarter(off * ratio) & 0xff) << 32
            | u128::from(fill.is_some()) << 40
            | fill.map_or(0, colour) << 48
            | colour(stroke.color) << 80;
        let radius = (radius * ratio * 4.0).round() / 4.0;
        Some(Self { key, radius, fill: *fill, stroke: *stroke, ratio })
    }

    /// The side of its square in device pixels: the circle, half its outline and a pixel of
    /// antialiasing on each side.
    fn side(&self) -> f64 {
        (2.0 * (self.radius + self.stroke.width * self.ratio / 2.0 + 1.0)).ceil() + 1.0
    }
}

impl Stamps {
    /// An empty atlas, or `None` where the browser has no `OffscreenCanvas`.
    pub(crate) fn new() -> Option<Self> {
        let atlas = CanvasLayer::offscreen()?;
        atlas.resize(ATLAS_PX, ATLAS_PX, 1.0);
        Some(Self { atlas, state: RefCell::default(), added: std::cell::Cell::new(0) })
    }

    /// Makes sure the atlas holds `look`, drawing it there if not (up to
    /// [`NEW_LOOKS_PER_PAINTING`]). Called for every circle of a painting before any is stamped
    /// (then [`Stamps::painted`]): a bitmap stamped from and then drawn into is copied whole by
    /// the browser (copy on write), so all drawing into the atlas comes first.
    pub(crate) fn prepare(&self, look: &Look) -> Result<(), JsValue> {
        let mut atlas = self.state.borrow_mut();
        if atlas.find(look.key).is_some() || self.added.get() >= NEW_LOOKS_PER_PAINTING {
            return Ok(());
        }
        self.added.set(self.added.get() + 1);
        let side = look.side();
        if atlas.shelf_x + side > ATLAS_PX {
            atlas.shelf_x = 0.0;
            atlas.shelf_y += atlas.shelf_height;
            atlas.shelf_height = 0.0;
        }
        if atlas.shelf_y + side > ATLAS_PX {
            // Full: start again. Looks stamped earlier in this painting are drawn as paths.
            *atlas = Atlas::default();
            let ctx = self.atlas.context();
            ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
            ctx.clear_rect(0.0, 0.0, ATLAS_PX, ATLAS_PX);
        }
        let slot = Slot { x: atlas.shelf_x, y: atlas.shelf_y, side };
        atlas.shelf_x += side;
        atlas.shelf_height = atlas.shelf_height.max(side);
        let at = atlas.slots.partition_point(|(k, _)| *k < look.key);
        atlas.slots.insert(at, (look.key, slot));
        drop(atlas);
        // Drawn in device pixels around the slot's centre, with the outline scaled to match.
        let ratio = look.ratio;
        let ctx = self.atlas.context();
        ctx.set_transform(ratio, 0.0, 0.0, ratio, slot.x + side / 2.0, slot.y + side / 2.0)?;
        self.atlas.draw_one(&DrawCommand::Circle {
            at: ScreenPoint::new(0.0, 0.0),
            radius: look.radius / ratio,
            fill: look.fill,
            stroke: look.stroke,
        })
    }

    /// The looks of a painting are prepared: the next painting may add its own.
    pub(crate) fn painted(&self) {
        self.added.set(0);
    }

    /// Copies `look` centred on `at` (CSS pixels) onto `ctx`, whose transform is the pixel
    /// ratio's scale; `false` if the atlas does not hold it (then draw it as a path).
    pub(crate) fn stamp(&self, ctx: &CanvasRenderingContext2d, look: &Look, at: ScreenPoint) -> Result<bool, JsValue> {
        let Some(slot) = self.state.borrow().find(look.key) else { return Ok(false) };
        let ratio = look.ratio;
        let half = slot.side / 2.0;
        // The slot's corner on a whole device pixel: the copy is exact, pixel for pixel.
        let x = ((at.x * ratio) - half).round() / ratio;
        let y = ((at.y * ratio) - half).round() / ratio;
        let Some(atlas) = self.atlas.offscreen_canvas() else { return Ok(false) };
        ctx.draw_image_with_offscreen_canvas_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            atlas,
            slot.x,
            slot.y,
            slot.side,
            slot.side,
            x,
            y,
            slot.side / ratio,
            slot.side / ratio,
        )?;
        Ok(true)
    }
}

impl Atlas {
    fn find(&self, key: u128) -> Option<Slot> {
        self.slots.binary_search_by_key(&key, |(k, _)| *k).ok().map(|at| self.slots[at].1)
    }
}

/// The atlas of a layer, if it has one: the marker layers share one.
pub(crate) type SharedStamps = std::rc::Rc<Stamps>;
