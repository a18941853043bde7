//! Lower- and upper-casing text without core's Unicode case tables.
//!
//! `str::to_lowercase` and `str::to_uppercase` link about 24 KB of case tables and 7 KB of code
//! into the wasm (twiggy). Most text cased here is ASCII (column names, month names, preset
//! names), which needs no table. The rest goes to the browser's own `String.prototype.
//! toLowerCase`/`toUpperCase`, which applies the same Unicode rules (final sigma included), on
//! the one string at once; the native build (tests, benches) keeps std's tables.

/// `text` in lower case, by Unicode's rules (as `str::to_lowercase`).
pub(crate) fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    unicode_lowercase(text)
}

/// `text` in upper case, by Unicode's rules (as `str::to_uppercase`).
pub(crate) fn uppercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_uppercase();
    }
    unicode_uppercase(text)
}

#[cfg(target_arch = "wasm32")]
fn unicode_lowercase(text: &str) -> String {
    String::from(js_sys::JsString::from(text).to_lower_case())
}

#[cfg(target_arch = "wasm32")]
fn unicode_uppercase(text: &str) -> String {
    String::from(js_sys::JsString::from(text).to_upper_case())
}

#[cfg(not(target_arch = "wasm32"))]
fn unicode_lowercase(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(not(target_arch = "wasm32"))]
fn unicode_uppercase(text: &str) -> String {
    text.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_text_is_cased_without_tables() {
        assert_eq!(lowercase("Event Date"), "event date");
        assert_eq!(uppercase("Kunduz province 1"), "KUNDUZ PROVINCE 1");
    }

    #[test]
    fn other_text_follows_unicode() {
        assert_eq!(lowercase("MAZĀR-E SHARĪF"), "mazār-e sharīf");
        assert_eq!(uppercase("Kābul"), "KĀBUL");
        assert_eq!(lowercase("ΟΔΟΣ"), "οδο\u{3c2}");
        assert_eq!(uppercase("straße"), "STRASSE");
        assert_eq!(lowercase("مزار شریف"), "مزار شریف");
    }
}
