//! The canvas colours from CSS custom properties, so that one stylesheet themes the DOM and the
//! canvas alike (and the dark theme of `prefers-color-scheme` reaches the map). A property that
//! is missing or not a hex colour keeps the built-in colour.

use web_sys::{HtmlElement, Window};

use crate::symbols::{Color, Theme};

/// Parses `#rgb` or `#rrggbb` (what the stylesheet uses); anything else is `None`.
pub(crate) fn parse_hex(text: &str) -> Option<Color> {
    let hex = text.trim().strip_prefix('#')?;
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        3 => {
            let d: Vec<u8> = hex.chars().map(|c| c.to_digit(16).map(|v| (v * 17) as u8)).collect::<Option<_>>()?;
            Some(Color::rgb(d[0], d[1], d[2]))
        }
        6 => Some(Color::rgb(channel(hex.get(0..2)?)?, channel(hex.get(2..4)?)?, channel(hex.get(4..6)?)?)),
        _ => None,
    }
}

/// The theme the host's computed style asks for.
pub(crate) fn read(window: &Window, host: &HtmlElement) -> Theme {
    let mut theme = Theme::default();
    let Ok(Some(style)) = window.get_computed_style(host) else { return theme };
    let get = |name: &str| style.get_property_value(name).ok().and_then(|v| parse_hex(&v));
    let slots: [(&str, &mut Color); 12] = [
        ("--im-canvas-background", &mut theme.background),
        ("--im-canvas-land", &mut theme.land),
        ("--im-canvas-neighbour", &mut theme.neighbour_land),
        ("--im-canvas-border", &mut theme.border),
        ("--im-canvas-province", &mut theme.province_border),
        ("--im-canvas-river", &mut theme.river),
        ("--im-canvas-label", &mut theme.label),
        ("--im-canvas-province-label", &mut theme.province_label),
        ("--im-marker", &mut theme.marker),
        ("--im-marker-outline", &mut theme.marker_outline),
        ("--im-selection", &mut theme.selection),
        ("--im-focus", &mut theme.focus),
    ];
    for (name, slot) in slots {
        if let Some(color) = get(name) {
            *slot = color;
        }
    }
    if let Some(halo) = get("--im-canvas-halo") {
        theme.halo = halo.with_alpha(220);
    }
    theme
}
