//! Events the widget fires on its host element: `CustomEvent`s that bubble and cross shadow roots,
//! carrying plain objects. They are queued while the widget's state is borrowed and dispatched
//! after, so a listener may call back into the widget.

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// Converts a Rust value into a plain JS object (`null` for `None`, arrays for `Vec`), through
/// JSON text: serde_json's writer is in the module anyway, and serde-wasm-bindgen cost ~6.5 KB
/// of wasm. Event details are small, so the extra `JSON.parse` is a few microseconds.
pub(crate) fn to_js<T: Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value).ok().and_then(|text| js_sys::JSON::parse(&text).ok()).unwrap_or(JsValue::NULL)
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
#[derive(Serialize)]
pub(crate) struct SelectDetail<'a> {
    pub(crate) id: Option<&'a str>,
}

/// Detail of `timerangechange` and `timerangeinput`, and the value of `timeRange`.
#[derive(Serialize)]
pub(crate) struct TimeRangeDetail {
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
}

/// Detail of `viewchange`.
#[derive(Serialize)]
pub(crate) struct ViewDetail {
    pub(crate) center: [f64; 2],
    pub(crate) zoom: f64,
}

/// Detail of `error`.
#[derive(Serialize)]
pub(crate) struct ErrorDetail<'a> {
    pub(crate) message: &'a str,
}

/// One problem, as JS sees it.
#[derive(Serialize)]
pub(crate) struct ProblemDetail<'a> {
    pub(crate) index: usize,
    /// The line of a CSV row; null for GeoJSON.
    pub(crate) line: Option<u64>,
    pub(crate) id: Option<&'a str>,
    pub(crate) field: &'a str,
    pub(crate) message: String,
}

/// The load report returned by `setData` and carried by `load`.
#[derive(Serialize)]
pub(crate) struct ReportDetail<'a> {
    pub(crate) loaded: usize,
    pub(crate) rejected: Vec<ProblemDetail<'a>>,
    pub(crate) warnings: Vec<ProblemDetail<'a>>,
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
