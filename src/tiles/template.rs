use std::fmt;

use super::TileId;
use crate::quoted::Quoted;

/// A tile URL template such as `https://tile.example.org/{z}/{x}/{y}{r}.png`.
///
/// Placeholders: `{z}`, `{x}`, `{y}` (all three required) and optionally `{r}`, which becomes
/// `@2x` on high-DPI screens (the server then sends 512-pixel tiles) and nothing elsewhere.
/// Only `http:` and `https:` URLs are accepted: a template is a URL the browser will fetch.
///
/// ```
/// use incident_map::{TileId, TileTemplate};
/// let t = TileTemplate::parse("https://tiles.example/{z}/{x}/{y}{r}.png").unwrap();
/// let id = TileId::new(6, 44, 25).unwrap();
/// assert_eq!(t.url(id, false), "https://tiles.example/6/44/25.png");
/// assert_eq!(t.url(id, true), "https://tiles.example/6/44/25@2x.png");
/// assert!(t.has_retina_placeholder());
/// assert!(TileTemplate::parse("javascript:alert(1)//{z}{x}{y}").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TileTemplate {
    template: String,
    retina: bool,
}

/// Why a tile template was refused; the message says what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TileTemplateError {
    /// Not an `http:` or `https:` URL.
    Scheme(String),
    /// A required placeholder is absent.
    Missing(&'static str),
    /// A `{…}` this widget does not fill in (for example `{s}` subdomains).
    Unknown(String),
}

impl fmt::Display for TileTemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Scheme(t) => write!(f, "tiles must be an http: or https: URL, got {}", Quoted(t)),
            Self::Missing(p) => {
                write!(f, "the tiles URL needs the placeholders {{z}}, {{x}} and {{y}}; {p} is missing")
            }
            Self::Unknown(p) => {
                write!(
                    f,
                    "the tiles URL has the placeholder {p}, which is not supported (use {{z}}, {{x}}, {{y}}, {{r}})"
                )
            }
        }
    }
}

impl std::error::Error for TileTemplateError {}

const PLACEHOLDERS: [&str; 4] = ["{z}", "{x}", "{y}", "{r}"];

impl TileTemplate {
    /// Checks a template (see the type's documentation).
    pub fn parse(template: &str) -> Result<Self, TileTemplateError> {
        let t = template.trim();
        let lower = t.to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            return Err(TileTemplateError::Scheme(t.to_owned()));
        }
        // Which placeholders the template holds, in `PLACEHOLDERS`' order.
        let mut holds = [false; 4];
        let mut rest = t;
        while let Some((_, found, after)) = next_placeholder(rest) {
            let Some(at) = PLACEHOLDERS.iter().position(|p| *p == found) else {
                return Err(TileTemplateError::Unknown(found.to_owned()));
            };
            holds[at] = true;
            rest = after;
        }
        if let Some(at) = holds[..3].iter().position(|h| !h) {
            return Err(TileTemplateError::Missing(PLACEHOLDERS[at]));
        }
        Ok(Self { template: t.to_owned(), retina: holds[3] })
    }

    /// Whether the server offers `@2x` tiles through `{r}`.
    pub fn has_retina_placeholder(&self) -> bool {
        self.retina
    }

    /// The URL of one tile; `retina` fills `{r}` with `@2x`.
    pub fn url(&self, id: TileId, retina: bool) -> String {
        let mut url = String::with_capacity(self.template.len() + 16);
        let mut rest = self.template.as_str();
        while let Some((before, found, after)) = next_placeholder(rest) {
            url.push_str(before);
            match found {
                "{z}" => url.push_str(&id.z().to_string()),
                "{x}" => url.push_str(&id.x().to_string()),
                "{y}" => url.push_str(&id.y().to_string()),
                _ if retina => url.push_str("@2x"),
                _ => {}
            }
            rest = after;
        }
        url.push_str(rest);
        url
    }
}

/// The next `{...}` in `text` (to its end if it is not closed), with the text before and after it.
fn next_placeholder(text: &str) -> Option<(&str, &str, &str)> {
    let open = text.find('{')?;
    let after = text.get(open..)?;
    let close = after.find('}').map_or(text.len(), |c| open + c + 1);
    Some((text.get(..open)?, text.get(open..close)?, text.get(close..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_it_cannot_fill_in() {
        assert_eq!(TileTemplate::parse("https://a/{z}/{x}.png"), Err(TileTemplateError::Missing("{y}")));
        assert_eq!(
            TileTemplate::parse("https://{s}.tile/{z}/{x}/{y}.png"),
            Err(TileTemplateError::Unknown("{s}".into()))
        );
        assert!(matches!(TileTemplate::parse("data:image/png,{z}{x}{y}"), Err(TileTemplateError::Scheme(_))));
        assert!(TileTemplateError::Missing("{y}").to_string().contains("{y} is missing"));
        let plain = TileTemplate::parse(" HTTP://127.0.0.1:8/t/{z}/{x}/{y}.png ").unwrap();
        assert!(!plain.has_retina_placeholder());
        assert_eq!(plain.url(TileId::new(0, 0, 0).unwrap(), true), "HTTP://127.0.0.1:8/t/0/0/0.png");
        // A placeholder may come twice; one left open is not one of ours.
        let twice = TileTemplate::parse("https://t/{z}/{x}/{y}{r}?z={z}").unwrap();
        assert_eq!(twice.url(TileId::new(3, 5, 2).unwrap(), true), "https://t/3/5/2@2x?z=3");
        assert_eq!(TileTemplate::parse("https://a/{z}/{x}/{y"), Err(TileTemplateError::Unknown("{y".into())));
    }
}
