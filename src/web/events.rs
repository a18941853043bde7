//! Events the widget fires on its host element: `CustomEvent`s that bubble and cross shadow roots,
//! carrying plain objects. They are queued while the widget's state is borrowed and dispatched
//! after, so a listener may call back into the widget.

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// Converts a Rust value into a plain JS object (`null` for `None`, arrays for `Vec`).
pub(crate) fn to_js<T: ToJs + ?Sized>(value: &T) -> JsValue {
    value.to_js()
}

/// A value JS receives as a plain object, array, string, number, boolean or null: what
/// `JSON.parse` gave of serde_json's text before (members in declaration order, a number that is
/// not finite as null), built directly: serde's serializer and its JSON writer were ~3 KB of the
/// gzipped wasm.
pub(crate) trait ToJs {
    fn to_js(&self) -> JsValue;
}

/// A plain object with these members, in this order.
pub(crate) fn object(members: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in members {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

impl ToJs for str {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl ToJs for String {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl<T: ToJs + ?Sized> ToJs for &T {
    fn to_js(&self) -> JsValue {
        (**self).to_js()
    }
}

impl ToJs for bool {
    fn to_js(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

/// JSON wrote a number that is not finite as null.
impl ToJs for f64 {
    fn to_js(&self) -> JsValue {
        if self.is_finite() {
            JsValue::from_f64(*self)
        } else {
            JsValue::NULL
        }
    }
}

// Whole numbers: `JSON.parse` rounds a large one to the nearest double, as `as f64` does.
impl ToJs for usize {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64(*self as f64)
    }
}

impl ToJs for u32 {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64(f64::from(*self))
    }
}

impl ToJs for u64 {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64(*self as f64)
    }
}

impl<T: ToJs> ToJs for Option<T> {
    fn to_js(&self) -> JsValue {
        self.as_ref().map_or(JsValue::NULL, ToJs::to_js)
    }
}

impl<T: ToJs> ToJs for [T] {
    fn to_js(&self) -> JsValue {
        self.iter().map(ToJs::to_js).collect::<Array>().into()
    }
}

impl<T: ToJs> ToJs for Vec<T> {
    fn to_js(&self) -> JsValue {
        self.as_slice().to_js()
    }
}

impl<T: ToJs, const N: usize> ToJs for [T; N] {
    fn to_js(&self) -> JsValue {
        self.as_slice().to_js()
    }
}

#[derive(Default)]
pub(crate) struct Outbox {
    queued: RefCell<Vec<(&'static str, JsValue)>>,
}

impl Outbox {
    pub(crate) fn queue(&self, name: &'static str, detail: JsValue) {
        self.queued.borrow_mut().push((name, detail));
    }

    /// Dispatches every queued event on `host`, in order.
    pub(crate) fn flush(&self, host: &HtmlElement) {
        let queued = std::mem::take(&mut *self.queued.borrow_mut());
        for (name, detail) in queued {
            let init = CustomEventInit::new();
            init.set_bubbles(true);
            init.set_composed(true);
            init.set_detail(&detail);
            if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
                let _ = host.dispatch_event(&event);
            }
        }
    }
}

/// Detail of `select`.
pub(crate) struct SelectDetail<'a> {
    pub(crate) id: Option<&'a str>,
}

impl ToJs for SelectDetail<'_> {
    fn to_js(&self) -> JsValue {
        object(&[("id", self.id.to_js())])
    }
}

/// Detail of `timerangechange` and `timerangeinput`, and the value of `timeRange`.
pub(crate) struct TimeRangeDetail {
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
}

impl ToJs for TimeRangeDetail {
    fn to_js(&self) -> JsValue {
        object(&[("from", self.from.to_js()), ("to", self.to.to_js())])
    }
}

/// Detail of `viewchange`.
pub(crate) struct ViewDetail {
    pub(crate) center: [f64; 2],
    pub(crate) zoom: f64,
}

impl ToJs for ViewDetail {
    fn to_js(&self) -> JsValue {
        object(&[("center", self.center.to_js()), ("zoom", self.zoom.to_js())])
    }
}

/// Detail of `error`.
pub(crate) struct ErrorDetail<'a> {
    pub(crate) message: &'a str,
}

impl ToJs for ErrorDetail<'_> {
    fn to_js(&self) -> JsValue {
        object(&[("message", self.message.to_js())])
    }
}

/// One problem, as JS sees it.
pub(crate) struct ProblemDetail<'a> {
    pub(crate) index: usize,
    /// The line of a CSV row; null for GeoJSON.
    pub(crate) line: Option<u64>,
    pub(crate) id: Option<&'a str>,
    pub(crate) field: &'a str,
    pub(crate) message: String,
}

impl ToJs for ProblemDetail<'_> {
    fn to_js(&self) -> JsValue {
        object(&[
            ("index", self.index.to_js()),
            ("line", self.line.to_js()),
            ("id", self.id.to_js()),
            ("field", self.field.to_js()),
            ("message", self.message.to_js()),
        ])
    }
}

/// The load report returned by `setData` and carried by `load`.
pub(crate) struct ReportDetail<'a> {
    pub(crate) loaded: usize,
    pub(crate) rejected: Vec<ProblemDetail<'a>>,
    pub(crate) warnings: Vec<ProblemDetail<'a>>,
}

impl ToJs for ReportDetail<'_> {
    fn to_js(&self) -> JsValue {
        object(&[
            ("loaded", self.loaded.to_js()),
            ("rejected", self.rejected.to_js()),
            ("warnings", self.warnings.to_js()),
        ])
    }
}

impl<'a> ReportDetail<'a> {
    pub(crate) fn new(report: &'a crate::data::LoadReport) -> Self {
        let convert = |p: &'a crate::data::Problem| ProblemDetail {
            index: p.index,
            line: p.line,
            id: p.id.as_deref(),
            field: &p.field,
            message: p.to_string(),
        };
        Self {
            loaded: report.loaded,
            rejected: report.rejected.iter().map(convert).collect(),
            warnings: report.warnings.iter().map(convert).collect(),
        }
    }
}
