//! Executes a [`DisplayList`] on a 2D canvas context. The context's transform is set to the device
//! pixel ratio, so commands stay in CSS pixels and lines stay crisp on high-DPI screens.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement, ImageBitmapRenderingContext, ImageData,
    OffscreenCanvas,
};

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

use super::dom::{append, attr, set_hidden};
use crate::float::Float;
use crate::labels::text_is_rtl;
use crate::scene::{DisplayList, DrawCommand, Stroke, TextAnchor};
use crate::stamps::Composer;
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

/// The bitmap a [`CanvasLayer`] draws into.
enum Bitmap {
    /// A canvas element on the page.
    Element(HtmlCanvasElement),
    /// An off-screen canvas, whose pictures a [`MapLayer`] hands to the page.
    Offscreen(OffscreenCanvas),
    /// An off-screen canvas whose every painting is handed to a canvas element on the page (see
    /// [`CanvasLayer::shown_on`]).
    Handed { offscreen: OffscreenCanvas, element: HtmlCanvasElement, renderer: ImageBitmapRenderingContext },
}

/// A 2D canvas context and the bitmap it draws into: a layer of the map, the legend's circles,
/// the time control's bars.
pub(crate) struct CanvasLayer {
    bitmap: Bitmap,
    context: CanvasRenderingContext2d,
    set: RefCell<SetState>,
    values: RefCell<JsValues>,
    /// What makes the marker layer's picture (see [`MapLayer::stamped`]).
    composer: Option<Rc<RefCell<Composer>>>,
}

impl CanvasLayer {
    pub(crate) fn new(canvas: HtmlCanvasElement) -> Result<Self, JsValue> {
        let context = canvas.get_context("2d")?;
        Self::with_context(Bitmap::Element(canvas), context)
    }

    /// A layer painted off screen and handed to `canvas` whole at each [`CanvasLayer::paint`],
    /// for a canvas painted now and then (the legend, the time control's bars). Why: Chromium,
    /// rendering in software, copies every 2D canvas on screen to the compositor whenever the
    /// page's layers change (a panel opening, a click), drawn or not, and a handed-over picture
    /// only once. Without `OffscreenCanvas`, a 2D canvas.
    pub(crate) fn shown_on(canvas: HtmlCanvasElement) -> Result<Self, JsValue> {
        if let Some(Self { bitmap: Bitmap::Offscreen(offscreen), context, .. }) = Self::offscreen() {
            if let Some(renderer) = canvas.get_context("bitmaprenderer").ok().flatten() {
                let bitmap = Bitmap::Handed { offscreen, element: canvas, renderer: renderer.unchecked_into() };
                return Self::with_context(bitmap, Some(context.unchecked_into()));
            }
        }
        Self::new(canvas)
    }

    /// A layer drawn off screen, or `None` where the browser has no `OffscreenCanvas`.
    fn offscreen() -> Option<Self> {
        let canvas = OffscreenCanvas::new(0, 0).ok()?;
        let context = canvas.get_context("2d").ok()?;
        Self::with_context(Bitmap::Offscreen(canvas), context).ok()
    }

    fn with_context(bitmap: Bitmap, context: Option<js_sys::Object>) -> Result<Self, JsValue> {
        let context = context.ok_or_else(|| JsValue::from_str("this browser gives no 2D canvas context"))?;
        // An off-screen canvas's context has the same drawing methods under another interface
        // name: the bindings call them by name, so one type serves both.
        let context = context.unchecked_into::<CanvasRenderingContext2d>();
        Ok(Self { bitmap, context, set: RefCell::default(), values: RefCell::default(), composer: None })
    }

    /// The canvas element drawn into, if the layer draws on the page.
    pub(crate) fn element(&self) -> Option<&HtmlCanvasElement> {
        match &self.bitmap {
            Bitmap::Element(canvas) | Bitmap::Handed { element: canvas, .. } => Some(canvas),
            Bitmap::Offscreen(_) => None,
        }
    }

    /// The bitmap's size in device pixels.
    fn size(&self) -> (u32, u32) {
        match &self.bitmap {
            Bitmap::Element(c) => (c.width(), c.height()),
            Bitmap::Offscreen(c) | Bitmap::Handed { offscreen: c, .. } => (c.width(), c.height()),
        }
    }

    /// Sizes the backing store to `width × height` CSS pixels at `ratio` device pixels each.
    pub(crate) fn resize(&self, width: f64, height: f64, ratio: f64) -> bool {
        let device = |css: f64| (css * ratio).round().max(0.0) as u32;
        let size = (device(width), device(height));
        let changed = self.size() != size;
        if changed {
            match &self.bitmap {
                Bitmap::Element(c) => {
                    c.set_width(size.0);
                    c.set_height(size.1);
                }
                Bitmap::Offscreen(c) | Bitmap::Handed { offscreen: c, .. } => {
                    c.set_width(size.0);
                    c.set_height(size.1);
                }
            }
            self.forget_state();
        }
        changed
    }

    /// A new size (or a handed-over bitmap) resets the context's state.
    fn forget_state(&self) {
        *self.set.borrow_mut() = SetState::default();
    }

    /// Clears the layer and draws `list`; a layer [shown on](CanvasLayer::shown_on) a canvas
    /// hands the picture over.
    pub(crate) fn paint(&self, list: &DisplayList, ratio: f64) -> Result<(), JsValue> {
        self.paint_from(list, ratio, ScreenPoint::new(0.0, 0.0))?;
        if let Bitmap::Handed { offscreen, element, renderer } = &self.bitmap {
            self.hand_over(offscreen, element, renderer);
        }
        Ok(())
    }

    /// Hands what was painted on `offscreen` (this layer's bitmap) to `element`, a `bitmaprenderer`
    /// canvas given the picture's size: `Some(true)` if that size changed, `None` if there was no
    /// picture (a zero-sized canvas: a hidden map or control).
    fn hand_over(
        &self,
        offscreen: &OffscreenCanvas,
        element: &HtmlCanvasElement,
        renderer: &ImageBitmapRenderingContext,
    ) -> Option<bool> {
        let (width, height) = self.size();
        let picture = offscreen.transfer_to_image_bitmap().ok()?;
        let resized = (element.width(), element.height()) != (width, height);
        if resized {
            element.set_width(width);
            element.set_height(height);
        }
        renderer.transfer_from_image_bitmap(&picture);
        // The off-screen canvas starts over with a blank bitmap, and a fresh context state.
        self.forget_state();
        Some(resized)
    }

    /// Clears the layer and draws `list` with `corner` (CSS pixels) at the bitmap's top-left. A
    /// layer with a composer has its markers made into one picture, put on the bitmap band by
    /// band (which clears it too), and draws the rest over it.
    pub(crate) fn paint_from(&self, list: &DisplayList, ratio: f64, corner: ScreenPoint) -> Result<(), JsValue> {
        let ctx = &self.context;
        let (width, height) = self.size();
        ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
        let composed = match &self.composer {
            Some(composer) if width > 0 && height > 0 => {
                let mut composer = composer.borrow_mut();
                let taken = composer.place(list, ratio, corner, &mut super::digits::draw_digits);
                let (mut top, band_rows) = (0, Composer::band_rows(width, height));
                while top < height {
                    let rows = band_rows.min(height - top);
                    let band = composer.band(width, top, rows);
                    let band = ImageData::new_with_u8_clamped_array_and_sh(Clamped(band.data()), width, rows)?;
                    ctx.put_image_data(&band, 0.0, f64::from(top))?;
                    top += rows;
                }
                taken
            }
            _ => {
                ctx.clear_rect(0.0, 0.0, f64::from(width), f64::from(height));
                0
            }
        };
        ctx.set_transform(ratio, 0.0, 0.0, ratio, -corner.x * ratio, -corner.y * ratio)?;
        list.commands[composed..].iter().try_for_each(|command| self.execute(command))
    }

    /// Draws `list` over what the layer holds.
    pub(crate) fn draw(&self, list: &DisplayList) -> Result<(), JsValue> {
        list.commands.iter().try_for_each(|command| self.execute(command))
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
                let (width, height) = self.size();
                ctx.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
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
            DrawCommand::Circle { at, radius, fill, stroke } => self.circle(*at, *radius, *fill, stroke)?,
            DrawCommand::Marker { at, look } => {
                self.circle(*at, look.radius, Some(look.fill), &look.outline)?;
                if let Some(ring) = &look.ring {
                    self.circle(*at, look.ring_radius(), None, ring)?;
                }
            }
            DrawCommand::Text { at, text, size, bold, color, halo, anchor } => {
                self.text_style(*bold, *size, text_is_rtl(text), *anchor)?;
                if let Some(halo) = halo {
                    self.line_style(&Stroke::solid(*halo, HALO_PX))?;
                    ctx.stroke_text(text, at.x, at.y)?;
                }
                self.fill_style(*color);
                ctx.fill_text(text, at.x, at.y)?;
            }
        }
        Ok(())
    }

    fn circle(&self, at: ScreenPoint, radius: f64, fill: Option<Color>, stroke: &Stroke) -> Result<(), JsValue> {
        let ctx = &self.context;
        ctx.begin_path();
        ctx.arc(at.x, at.y, radius, 0.0, std::f64::consts::TAU)?;
        if let Some(fill) = fill {
            self.fill_style(fill);
            ctx.fill();
        }
        self.stroke(stroke)
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
            ctx.set_font(&font(bold, size));
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

/// How wide the halo behind the map's text is stroked, in CSS pixels (a count's digits drawn
/// for the marker layer's picture too).
pub(crate) const HALO_PX: f64 = 3.0;

/// The CSS font of the map's text: the system's sans-serif face, semi-bold or regular.
pub(crate) fn font(bold: bool, size: f64) -> String {
    let weight = if bold { "600" } else { "400" };
    format!("{weight} {}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", Float(size))
}

/// One layer of the map on screen, as two canvases of which one shows at a time:
///
/// - a 2D canvas the size of the screen, painted in place: what a zoom, a filter change, a hover
///   or a click paints (no more than it shows);
/// - a canvas showing a picture painted off screen for a view larger than the screen (a pad on
///   every side) and handed over whole (`transferToImageBitmap`, a `bitmaprenderer` context),
///   placed under the map with a CSS transform. While the view only moves (a drag, the arrow
///   keys), a frame moves it instead of drawing anything: the compositor shifts pixels that are
///   already there, as Leaflet translates its canvas during a drag, but with no blank edge. A
///   wheel notch can show it scaled for a moment.
///
/// Why two: Chromium copies a 2D canvas to the compositor at every frame in which it moves, drawn
/// or not (3 ms a frame for four padded layers on the benchmark's machine), and a handed-over
/// picture only once; but each hand-over leaves the off-screen canvas a new bitmap to allocate,
/// which a layer repainted at every frame (a zoom) should not pay. Without `OffscreenCanvas` the
/// first canvas does everything and a pan paints again.
pub(crate) struct MapLayer {
    direct: CanvasLayer,
    direct_canvas: HtmlCanvasElement,
    /// The view (the screen's) and content painted on `direct`.
    direct_held: Cell<Option<Held>>,
    moving: Option<Moving>,
    /// Whether `moving` is the canvas shown.
    shows_moving: Cell<bool>,
    /// Whether the layer is hidden altogether (the labels during a wheel zoom).
    hidden: Cell<bool>,
}

/// The moved canvas of a [`MapLayer`] and what paints it.
struct Moving {
    canvas: HtmlCanvasElement,
    renderer: ImageBitmapRenderingContext,
    /// Off screen: paints the pictures handed to `canvas`.
    painter: CanvasLayer,
    /// The view (padded or not) and content of the picture `canvas` holds.
    held: Cell<Option<Held>>,
    /// The CSS transform last written, so that an unchanged one is not written again.
    placed: RefCell<String>,
}

/// What a canvas of a [`MapLayer`] holds.
#[derive(Clone, Copy, PartialEq)]
struct Held {
    /// The view it was painted for.
    view: Viewport,
    /// The caller's key of what it shows: equal keys, equal content.
    content: u64,
}

impl MapLayer {
    /// How far past each edge of the screen a padded picture reaches, in device pixels: on a
    /// dense screen the pad covers fewer CSS pixels, so that its memory does not grow with the
    /// square of the pixel ratio.
    const PAD_DEVICE_PX: f64 = 256.0;

    /// The layer with its markers blended from stamps into one picture (see `crate::stamps`),
    /// the same for its two canvases.
    pub(crate) fn stamped(mut self) -> Self {
        let composer = Some(Rc::new(RefCell::new(Composer::default())));
        self.direct.composer.clone_from(&composer);
        if let Some(moving) = &mut self.moving {
            moving.painter.composer = composer;
        }
        self
    }

    /// Builds the layer's canvases (class `im-layer im-layer-{name}`) at the end of `parent`.
    pub(crate) fn build(doc: &web_sys::Document, parent: &web_sys::Element, name: &str) -> Result<Self, JsValue> {
        let canvas = |moving: bool| -> Result<HtmlCanvasElement, JsValue> {
            let canvas: HtmlCanvasElement = doc.create_element("canvas")?.dyn_into()?;
            let class = if moving { "im-layer im-moving" } else { "im-layer" };
            canvas.set_class_name(&format!("{class} im-layer-{name}"));
            attr(&canvas, "aria-hidden", "true");
            canvas.set_hidden(moving);
            out_of_flow(&canvas)?;
            append(parent, &canvas);
            Ok(canvas)
        };
        let direct_canvas = canvas(false)?;
        let direct = CanvasLayer::new(direct_canvas.clone())?;
        let moving = match CanvasLayer::offscreen() {
            Some(painter) => {
                let canvas = canvas(true)?;
                match canvas.get_context("bitmaprenderer").ok().flatten() {
                    Some(renderer) => Some(Moving {
                        canvas,
                        renderer: renderer.unchecked_into(),
                        painter,
                        held: Cell::new(None),
                        placed: RefCell::new(String::new()),
                    }),
                    None => {
                        canvas.remove();
                        None
                    }
                }
            }
            None => None,
        };
        Ok(Self {
            direct,
            direct_canvas,
            direct_held: Cell::new(None),
            moving,
            shows_moving: Cell::new(false),
            hidden: Cell::new(false),
        })
    }

    /// The pad in CSS pixels for `view`; none for a map with no size (hidden), which then holds
    /// no pixels at all.
    pub(crate) fn pad(view: &Viewport) -> f64 {
        if view.width() <= 0.0 || view.height() <= 0.0 {
            return 0.0;
        }
        (Self::PAD_DEVICE_PX / view.pixel_ratio().max(1.0)).round()
    }

    /// `view` grown by the pad on each side (same centre and zoom).
    pub(crate) fn padded(view: &Viewport) -> Viewport {
        let grow = 2.0 * Self::pad(view);
        view.with_size(view.width() + grow, view.height() + grow, view.pixel_ratio())
    }

    /// Forgets what the canvases hold: their content changed (theme, basemap, tiles, size).
    pub(crate) fn invalidate(&self) {
        self.direct_held.set(None);
        if let Some(moving) = &self.moving {
            moving.held.set(None);
        }
    }

    /// The key of what the layer shows, if anything.
    pub(crate) fn content(&self) -> Option<u64> {
        self.shown_held().map(|h| h.content)
    }

    fn shown_held(&self) -> Option<Held> {
        match (&self.moving, self.shows_moving.get()) {
            (Some(moving), true) => moving.held.get(),
            _ => self.direct_held.get(),
        }
    }

    /// Whether the layer shows a picture painted for another place at the zoom of `view`: the
    /// view has only moved since.
    pub(crate) fn moved_from(&self, view: &Viewport) -> bool {
        self.shown_held().is_some_and(|h| h.view.zoom() == view.zoom() && h.view.center() != view.center())
    }

    /// Whether the moved canvas holds all of `view` with `content`, pad included.
    fn holds_padded(&self, view: &Viewport, content: u64) -> bool {
        let Some(moving) = &self.moving else { return false };
        let padded = moving.held.get().is_some_and(|h| h.view.width() > view.width());
        padded && moving.offset_of(view, content).is_some_and(|(_, covered)| covered)
    }

    /// Shows `view` with `content` if a canvas holds all of it: the moved canvas at an offset, or
    /// the painted one if painted for exactly this view. `false` (and nothing changed) if neither.
    pub(crate) fn show(&self, view: &Viewport, content: u64) -> bool {
        if let Some(moving) = &self.moving {
            if let Some((at, true)) = moving.offset_of(view, content) {
                moving.place(&format!("translate({}px,{}px)", Float(-at.x), Float(-at.y)));
                self.switch(true);
                return true;
            }
        }
        if self.direct_held.get() == Some(Held { view: *view, content }) {
            self.switch(false);
            return true;
        }
        false
    }

    /// Moves what the layer shows to where it lies in `view`, at the same scale, even if that
    /// leaves part of the screen uncovered: the labels and rings follow a drag this way, and are
    /// painted again when it ends. A picture painted in place is handed to the moved canvas
    /// first (once per drag). `false` if the layer cannot be moved.
    pub(crate) fn show_moved(&self, view: &Viewport) -> bool {
        let Some(moving) = &self.moving else { return false };
        if !self.shows_moving.get() {
            let Some(held) = self.direct_held.get() else { return false };
            if moving.held.get() != Some(held) {
                let ratio = held.view.pixel_ratio();
                moving.painter.resize(held.view.width(), held.view.height(), ratio);
                let ctx = &moving.painter.context;
                let copied = ctx
                    .set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
                    .and_then(|()| ctx.draw_image_with_html_canvas_element(&self.direct_canvas, 0.0, 0.0));
                if copied.is_err() {
                    return false;
                }
                moving.present(held);
            }
        }
        let Some(held) = moving.held.get() else { return false };
        match moving.offset_of(view, held.content) {
            Some((at, _)) => {
                moving.place(&format!("translate({}px,{}px)", Float(-at.x), Float(-at.y)));
                self.switch(true);
                true
            }
            None => false,
        }
    }

    /// Shows the moved canvas scaled for `view`, a zoom of the view it holds (a wheel notch): a
    /// stand-in, slightly soft, until the layer is painted again. `false` (and nothing changed)
    /// if it holds other content, or would not cover the screen at that scale.
    pub(crate) fn show_scaled(&self, view: &Viewport, content: u64) -> bool {
        let Some(moving) = &self.moving else { return false };
        let Some(held) = moving.held.get().filter(|h| h.content == content) else { return false };
        let k = view.world_size() / held.view.world_size();
        if held.view.pixel_ratio() != view.pixel_ratio() || !(0.5..=2.0).contains(&k) {
            return false;
        }
        let at = view.world_to_screen(held.view.screen_to_world(ScreenPoint::new(0.0, 0.0)));
        let (width, height) = (held.view.width() * k, held.view.height() * k);
        if at.x > 0.0 || at.y > 0.0 || at.x + width < view.width() || at.y + height < view.height() {
            return false;
        }
        moving.place(&format!("translate({}px,{}px) scale({})", Float(at.x), Float(at.y), Float(k)));
        self.switch(true);
        true
    }

    /// Paints the padded view of `view` with `paint` (which draws a layer for a view) and shows
    /// it on the moved canvas: the next pan frames move it. Without that canvas, paints the
    /// screen's view in place.
    pub(crate) fn paint_padded(&self, view: &Viewport, content: u64, paint: impl FnOnce(&CanvasLayer, &Viewport)) {
        let Some(moving) = &self.moving else {
            self.paint_in_place(view, content, paint);
            return;
        };
        let padded = Self::padded(view);
        moving.painter.resize(padded.width(), padded.height(), padded.pixel_ratio());
        paint(&moving.painter, &padded);
        moving.present(Held { view: padded, content });
        self.show(view, content);
    }

    /// Paints `list`, drawn for `view`, off screen and shows it as a picture on the moved
    /// canvas: for a layer painted now and then (the labels, the rings), which then costs the
    /// compositor nothing at later frames (see [`CanvasLayer::shown_on`]), and which a drag moves
    /// as it is. Without that canvas, paints it in place.
    pub(crate) fn paint_picture(&self, view: &Viewport, content: u64, list: &DisplayList) -> Result<(), JsValue> {
        let Some(moving) = &self.moving else { return self.paint_screen(view, content, list) };
        moving.painter.resize(view.width(), view.height(), view.pixel_ratio());
        moving.painter.paint(list, view.pixel_ratio())?;
        moving.present(Held { view: *view, content });
        self.show(view, content);
        Ok(())
    }

    /// Paints `list`, drawn for `view`, in place, and shows it: for a layer painted at every
    /// frame of a zoom (the markers), where a hand-over would allocate a new bitmap each time.
    pub(crate) fn paint_screen(&self, view: &Viewport, content: u64, list: &DisplayList) -> Result<(), JsValue> {
        let mut painted = Ok(());
        self.paint_in_place(view, content, |target, view| painted = target.paint(list, view.pixel_ratio()));
        painted
    }

    /// Paints the screen's `view` with `paint` (which draws a layer for a view) on the canvas
    /// painted in place, and shows it: no more than the screen, where a view is new (a zoom, a
    /// jump) and the next frames may not move it at all; [`MapLayer::wants_pad`] then says the
    /// pad is still to paint.
    pub(crate) fn paint_in_place(&self, view: &Viewport, content: u64, paint: impl FnOnce(&CanvasLayer, &Viewport)) {
        self.direct.resize(view.width(), view.height(), view.pixel_ratio());
        self.direct_held.set(None);
        paint(&self.direct, view);
        self.direct_held.set(Some(Held { view: *view, content }));
        self.switch(false);
    }

    /// Whether the layer could move a padded picture of `view` with `content` but holds none:
    /// it was painted in place. Never for a layer with no moved canvas (no `OffscreenCanvas`),
    /// which has no pad to paint.
    pub(crate) fn wants_pad(&self, view: &Viewport, content: u64) -> bool {
        self.moving.is_some() && !self.holds_padded(view, content)
    }

    /// Whether the layer is hidden altogether (see [`MapLayer::set_hidden`]).
    pub(crate) fn is_hidden(&self) -> bool {
        self.hidden.get()
    }

    /// Hides the layer (or shows it again) without painting it.
    pub(crate) fn set_hidden(&self, hidden: bool) {
        if self.hidden.replace(hidden) != hidden {
            self.switch(self.shows_moving.get());
        }
    }

    /// Shows the moved canvas or the painted one (unless the layer is hidden).
    fn switch(&self, moving: bool) {
        let moving = moving && self.moving.is_some();
        self.shows_moving.set(moving);
        let hidden = self.hidden.get();
        set_hidden(&self.direct_canvas, hidden || moving);
        if let Some(m) = &self.moving {
            set_hidden(&m.canvas, hidden || !moving);
        }
    }

    /// Draws what the layer shows of `view` onto `ctx`, which covers the screen at device
    /// resolution (for a picture of the map).
    pub(crate) fn draw_shown(&self, ctx: &CanvasRenderingContext2d, view: &Viewport) -> Result<(), JsValue> {
        if self.hidden.get() {
            return Ok(());
        }
        let (canvas, held) = match (&self.moving, self.shows_moving.get()) {
            (Some(moving), true) => (&moving.canvas, moving.held.get()),
            _ => (&self.direct_canvas, self.direct_held.get()),
        };
        let Some(held) = held else { return Ok(()) };
        let ratio = view.pixel_ratio();
        let at = held.view.world_to_screen(view.screen_to_world(ScreenPoint::new(0.0, 0.0)));
        let k = held.view.world_size() / view.world_size();
        ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            canvas,
            at.x * ratio,
            at.y * ratio,
            view.width() * k * ratio,
            view.height() * k * ratio,
            0.0,
            0.0,
            view.width() * ratio,
            view.height() * ratio,
        )
    }
}

impl Moving {
    /// Hands what `painter` painted to the canvas on the page (see [`MapLayer`]).
    fn present(&self, held: Held) {
        let Bitmap::Offscreen(offscreen) = &self.painter.bitmap else { return };
        let Some(resized) = self.painter.hand_over(offscreen, &self.canvas, &self.renderer) else { return };
        if resized {
            // The CSS size is the bitmap's at the pixel ratio: one canvas pixel, one device pixel.
            let ratio = held.view.pixel_ratio();
            let style = self.canvas.style();
            let px = |device: u32| format!("{}px", Float(f64::from(device) / ratio));
            let _ = style.set_property("width", &px(self.canvas.width()));
            let _ = style.set_property("height", &px(self.canvas.height()));
        }
        self.held.set(Some(held));
    }

    /// Where the top-left of `view` falls on the picture (CSS pixels, whole device pixels), if
    /// it holds `content` at the same scale; and whether it holds all of `view`.
    fn offset_of(&self, view: &Viewport, content: u64) -> Option<(ScreenPoint, bool)> {
        let held = self.held.get().filter(|h| h.content == content)?;
        if held.view.zoom() != view.zoom() || held.view.pixel_ratio() != view.pixel_ratio() {
            return None;
        }
        let at = held.view.world_to_screen(view.screen_to_world(ScreenPoint::new(0.0, 0.0)));
        let at = snapped(at, view.pixel_ratio());
        let (spare_x, spare_y) = (held.view.width() - view.width(), held.view.height() - view.height());
        let covered = (0.0..=spare_x).contains(&at.x) && (0.0..=spare_y).contains(&at.y);
        Some((at, covered))
    }

    fn place(&self, transform: &str) {
        place(&self.canvas, &self.placed, transform);
    }
}

/// Writes `transform` on `canvas` unless `placed`, the one last written, is the same: a style
/// written is a style pass at the next frame, changed or not.
pub(crate) fn place(canvas: &HtmlCanvasElement, placed: &RefCell<String>, transform: &str) {
    let mut placed = placed.borrow_mut();
    if *placed != transform {
        let _ = canvas.style().set_property("transform", transform);
        transform.clone_into(&mut placed);
    }
}

/// `p` (CSS pixels) on whole device pixels, so that the compositor places a bitmap there without
/// resampling it.
pub(crate) fn snapped(p: ScreenPoint, ratio: f64) -> ScreenPoint {
    ScreenPoint::new((p.x * ratio).round() / ratio, (p.y * ratio).round() / ratio)
}

/// Takes a layer's canvas out of the flow, as the stylesheet does (`.im-layer`), but inline: until
/// the stylesheet has loaded, canvases in the flow would give the map area their height, which the
/// map would then give to its canvases, a frame later, growing without end.
pub(crate) fn out_of_flow(canvas: &HtmlCanvasElement) -> Result<(), JsValue> {
    let style = canvas.style();
    style.set_property("position", "absolute")?;
    style.set_property("left", "0")?;
    style.set_property("top", "0")
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
