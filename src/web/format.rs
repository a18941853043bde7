//! Dates and numbers for readers, in the page's locale (Intl): the language of the page
//! (`<html lang>`), or the browser's when the page does not say. Incident dates are local
//! calendar days, so they are formatted in UTC from midnight UTC: the reader's own time zone never
//! moves an attack to another day.

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::data::{DateSpan, Day, IncidentDate};
use crate::index::TimeRange;

const MS_PER_DAY: f64 = 86_400_000.0;

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

/// The page's language as an Intl locale list: `[lang]`, or `[]` (the browser's) without one.
fn locales() -> Array {
    let lang = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .filter(|l| !l.trim().is_empty());
    let list = Array::new();
    // An invalid tag would make Intl throw: fall back to the browser's locale.
    if let Some(lang) = lang.filter(|l| is_valid_locale_cached(l)) {
        list.push(&JsValue::from_str(&lang));
    }
    list
}

thread_local! {
    /// The last tag checked and the answer: a page keeps its language, and asking Intl again at
    /// every date formatted was a tenth of a click's time.
    static CHECKED_LOCALE: std::cell::RefCell<Option<(String, bool)>> = const { std::cell::RefCell::new(None) };
}

fn is_valid_locale_cached(tag: &str) -> bool {
    let known = CHECKED_LOCALE.with(|c| c.borrow().as_ref().filter(|(t, _)| t == tag).map(|(_, valid)| *valid));
    known.unwrap_or_else(|| {
        let valid = is_valid_locale(tag);
        CHECKED_LOCALE.with(|c| *c.borrow_mut() = Some((tag.to_owned(), valid)));
        valid
    })
}

/// Whether Intl accepts `tag`, asked in a way that catches the RangeError of a bad one.
fn is_valid_locale(tag: &str) -> bool {
    let Ok(intl) = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")) else { return false };
    let Ok(check) = Reflect::get(&intl, &JsValue::from_str("getCanonicalLocales")) else { return false };
    check.dyn_ref::<js_sys::Function>().is_some_and(|f| f.call1(&intl, &JsValue::from_str(tag)).is_ok())
}

fn date_of(day: Day) -> Date {
    Date::new(&JsValue::from_f64(f64::from(day.days_since_epoch()) * MS_PER_DAY))
}

/// The ways the widget writes a date; each has one cached formatter per page language.
#[derive(Clone, Copy, PartialEq)]
enum DateStyle {
    /// "26 Aug 2021".
    ShortDay,
    /// "26 August 2021".
    LongDay,
    /// "Aug 2021".
    Month,
}

impl DateStyle {
    fn options(self) -> Object {
        let utc = ("timeZone", "UTC");
        let year = ("year", "numeric");
        match self {
            Self::ShortDay => options(&[utc, ("day", "numeric"), ("month", "short"), year]),
            Self::LongDay => options(&[utc, ("day", "numeric"), ("month", "long"), year]),
            Self::Month => options(&[utc, ("month", "short"), year]),
        }
    }
}

thread_local! {
    /// Formatters by date style and page language: building an Intl.DateTimeFormat costs far
    /// more than using one, and a long list or table formats hundreds of dates at a time (a
    /// table of incidents known to the month only built one per row).
    static DATE_FORMATS: std::cell::RefCell<Vec<(DateStyle, String, Intl::DateTimeFormat)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn date_format(style: DateStyle) -> Intl::DateTimeFormat {
    let list = locales();
    let lang = list.get(0).as_string().unwrap_or_default();
    let cached = DATE_FORMATS
        .with(|f| f.borrow().iter().find(|(s, l, _)| *s == style && *l == lang).map(|(_, _, format)| format.clone()));
    if let Some(format) = cached {
        return format;
    }
    let format = Intl::DateTimeFormat::new(&list, &style.options());
    DATE_FORMATS.with(|f| f.borrow_mut().push((style, lang, format.clone())));
    format
}

fn format_with(format: &Intl::DateTimeFormat, day: Day) -> String {
    format
        .format()
        .call1(&JsValue::UNDEFINED, &date_of(day))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| day.to_string())
}

/// Builds the formatters a load's first showing needs (the time bar's days, months, long days
/// and numbers) ahead of it. The page's first Intl formatter costs about 25 ms (Intl's locale
/// data; the next about 1 to 4), which a load otherwise pays in its last task.
pub(crate) fn prepare() {
    for style in [DateStyle::ShortDay, DateStyle::Month, DateStyle::LongDay] {
        date_format(style);
    }
    number(0);
}

/// "Apr 2022": a month as the page's language writes it short ("avr. 2022" in French).
pub(crate) fn month(day: Day) -> String {
    format_with(&date_format(DateStyle::Month), day)
}

/// "26 Aug 2021" (in the reader's locale and order).
pub(crate) fn day(day: Day) -> String {
    format_with(&date_format(DateStyle::ShortDay), day)
}

/// An incident's date as far as it is known: "26 Aug 2021", "Apr 2022 (day unknown)" or
/// "2022 (month and day unknown)".
pub(crate) fn date(date: IncidentDate) -> String {
    match date.span() {
        DateSpan::Day => day(date.day()),
        DateSpan::Month => format!("{} (day unknown)", month(date.day())),
        DateSpan::Year => format!("{date} (month and day unknown)"),
    }
}

/// "19 April 2022", with the month written out.
pub(crate) fn long_day(day: Day) -> String {
    format_with(&date_format(DateStyle::LongDay), day)
}

/// "19–29 April 2022": a range as the locale writes it, shared parts once, in one unbreakable
/// run, so that a narrow counter line breaks before it, never inside it ("8 / May 2021",
/// "20 – / 26 September").
pub(crate) fn day_range(range: TimeRange) -> String {
    let format = date_format(DateStyle::LongDay);
    let text = if range.from() == range.to() {
        format_with(&format, range.from())
    } else {
        format
            .format_range(&date_of(range.from()), &date_of(range.to()))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| format!("{} – {}", format_with(&format, range.from()), format_with(&format, range.to())))
    };
    // Intl writes thin spaces (U+2009) around the dash, which break and, at the start of a line,
    // show as a stray space: they become narrow no-break spaces.
    text.chars()
        .map(|c| match c {
            ' ' => '\u{a0}',
            '\u{2009}' => '\u{202f}',
            c => c,
        })
        .collect()
}

thread_local! {
    /// The number formatter and the page language it was built for (see `DATE_FORMATS`): the
    /// time control's counters format three numbers at every change of the time range.
    static NUMBER_FORMAT: std::cell::RefCell<Option<(String, Intl::NumberFormat)>> =
        const { std::cell::RefCell::new(None) };
}

/// A whole number with the locale's grouping: "1,234".
pub(crate) fn number(n: u64) -> String {
    let list = locales();
    let lang = list.get(0).as_string().unwrap_or_default();
    let cached = NUMBER_FORMAT.with(|f| f.borrow().as_ref().filter(|(l, _)| *l == lang).map(|(_, f)| f.clone()));
    let format = cached.unwrap_or_else(|| {
        let format = Intl::NumberFormat::new(&list, &Object::new());
        NUMBER_FORMAT.with(|f| *f.borrow_mut() = Some((lang, format.clone())));
        format
    });
    format
        .format()
        .call1(&JsValue::UNDEFINED, &JsValue::from_f64(n as f64))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| n.to_string())
}

/// A casualty figure: the number, or "unknown".
pub(crate) fn count(value: Option<u32>) -> String {
    value.map_or_else(|| "unknown".to_owned(), |v| v.to_string())
}
