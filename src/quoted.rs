//! Text quoted in a message as `{:?}` quotes a `str`, without core's Unicode tables.
//!
//! `{:?}` on a string escapes every character Unicode calls non-printable, which links core's
//! printable and grapheme-extend tables and the code that walks them into the wasm (about 3 KB
//! before gzip: `is_printable`, `escape_debug_ext` and `<str as Debug>::fmt`, twiggy). The
//! messages here quote what a reader wrote (an attribute's value, a date, a place name): the
//! quote, the backslash and the control characters are escaped as `{:?}` escapes them, and every
//! other character is written as it is, so a zero-width space, which `{:?}` would write as
//! `\u{200b}`, shows as itself.

use std::fmt::{self, Write};

/// `"text"`, for messages: `format!("got {}", Quoted(text))`.
#[derive(Clone, Copy)]
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        f.write_char('"')?;
        let mut plain = 0;
        for (at, c) in text.char_indices() {
            let escape = match c {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                c if c.is_control() => "",
                _ => continue,
            };
            f.write_str(text.get(plain..at).unwrap_or_default())?;
            if escape.is_empty() {
                write!(f, "\\u{{{:x}}}", u32::from(c))?;
            } else {
                f.write_str(escape)?;
            }
            plain = at + c.len_utf8();
        }
        f.write_str(text.get(plain..).unwrap_or_default())?;
        f.write_char('"')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_as_debug_does_for_printable_text_and_control_characters() {
        for text in [
            "",
            "Kabul",
            "say \"hi\"",
            r"C:\data",
            "line\nnext\ttab\r",
            "\u{1}\u{7f}\u{85}",
            "مزار شریف",
            "2022-02-30",
            "🙂",
        ] {
            assert_eq!(Quoted(text).to_string(), format!("{text:?}"), "{text}");
        }
    }

    #[test]
    fn writes_other_characters_as_they_are() {
        assert_eq!(Quoted("a\u{200b}b").to_string(), "\"a\u{200b}b\"", "where {{:?}} writes \\u{{200b}}");
    }
}
