//! Dates and numbers for readers, in the page's locale (Intl). Incident dates are local calendar
//! days, so they are formatted in UTC from midnight UTC: the reader's own time zone never moves
//! an attack to another day.

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::data::{DateSpan, Day, IncidentDate};

const MS_PER_DAY: f64 = 86_400_000.0;

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

/// "26 Aug 2021" (in the reader's locale and order).
pub(crate) fn day(day: Day) -> String {
    formatted(day, &[("timeZone", "UTC"), ("day", "numeric"), ("month", "short"), ("year", "numeric")])
}

/// An incident's date as far as it is known: "26 Aug 2021", "Apr 2022 (day unknown)" or
/// "2022 (month and day unknown)".
pub(crate) fn date(date: IncidentDate) -> String {
    match date.span() {
        DateSpan::Day => day(date.day()),
        DateSpan::Month => {
            let month = formatted(date.day(), &[("timeZone", "UTC"), ("month", "short"), ("year", "numeric")]);
            format!("{month} (day unknown)")
        }
        DateSpan::Year => format!("{date} (month and day unknown)"),
    }
}

fn formatted(day: Day, pairs: &[(&str, &str)]) -> String {
    let date = Date::new(&JsValue::from_f64(f64::from(day.days_since_epoch()) * MS_PER_DAY));
    let format = Intl::DateTimeFormat::new(&Array::new(), &options(pairs));
    format
        .format()
        .call1(&JsValue::UNDEFINED, &date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| day.to_string())
}

/// A casualty figure: the number, or "unknown".
pub(crate) fn count(value: Option<u32>) -> String {
    value.map_or_else(|| "unknown".to_owned(), |v| v.to_string())
}
