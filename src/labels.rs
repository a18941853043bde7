//! Place and province labels: chosen by importance and zoom, placed greedily so that no two overlap
//! and none covers the selected marker.

use crate::basemap::{Basemap, PlaceKind};
use crate::scene::{DrawCommand, TextAnchor};
use crate::symbols::Theme;
use crate::view::{ScreenPoint, Viewport};

/// Which script labels are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LabelLanguage {
    /// English names.
    #[default]
    English,
    /// Persian (Dari) names where known, English otherwise. The canvas shapes the script and
    /// lays it out right to left.
    Persian,
}

/// A label's box on screen, for collision tests.
#[derive(Clone, Copy, Debug)]
struct LabelBox {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl LabelBox {
    fn overlaps(&self, other: &LabelBox) -> bool {
        self.left < other.right && other.left < self.right && self.top < other.bottom && other.top < self.bottom
    }
}

/// Rough width of a label: the core has no font metrics, so it errs wide (a wider guess only
/// drops a label, never lets two collide).
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.62
}

/// The smallest zoom at which a place of this kind and population is labelled.
fn min_zoom(kind: PlaceKind, population: u32) -> f64 {
    match kind {
        PlaceKind::Capital => 0.0,
        PlaceKind::City if population >= 150_000 => 5.0,
        PlaceKind::City => 6.0,
        PlaceKind::Town if population >= 40_000 => 7.5,
        PlaceKind::Town => 9.0,
    }
}

/// Province names show from this zoom: below it they would crowd the country.
const PROVINCE_LABEL_ZOOM: f64 = 6.5;
/// Province names hide from this zoom: at city scale the province is obvious.
const PROVINCE_LABEL_MAX_ZOOM: f64 = 11.0;

/// Label commands for the places and provinces in view, places first (they matter more).
/// `keep_clear` is a circle (centre, radius) no label may cover: the selected marker.
pub fn label_commands(
    basemap: &Basemap,
    view: &Viewport,
    theme: &Theme,
    language: LabelLanguage,
    keep_clear: Option<(ScreenPoint, f64)>,
) -> Vec<DrawCommand> {
    let zoom = view.zoom().value();
    let mut placed: Vec<LabelBox> = keep_clear
        .map(|(c, r)| LabelBox { left: c.x - r, top: c.y - r, right: c.x + r, bottom: c.y + r })
        .into_iter()
        .collect();
    let mut commands = Vec::new();
    let on_screen = |p: ScreenPoint| p.x >= 0.0 && p.y >= 0.0 && p.x <= view.width() && p.y <= view.height();
    let name = |en: &str, fa: Option<&str>| -> String {
        match (language, fa) {
            (LabelLanguage::Persian, Some(fa)) => fa.to_owned(),
            _ => en.to_owned(),
        }
    };

    for place in basemap.places() {
        if zoom < min_zoom(place.kind(), place.population()) {
            continue;
        }
        let at = view.world_to_screen(place.world());
        if !on_screen(at) {
            continue;
        }
        let size = match place.kind() {
            PlaceKind::Capital => 14.0,
            PlaceKind::City => 13.0,
            PlaceKind::Town => 12.0,
        };
        let text = name(place.name(), place.name_fa());
        let width = text_width(&text, size);
        let anchor = ScreenPoint::new(at.x + 5.0, at.y);
        let b = LabelBox {
            left: at.x - 4.0,
            top: at.y - size * 0.7,
            right: anchor.x + width + 2.0,
            bottom: at.y + size * 0.7,
        };
        if placed.iter().any(|p| p.overlaps(&b)) {
            continue;
        }
        placed.push(b);
        commands.push(DrawCommand::Circle {
            at,
            radius: 2.5,
            fill: Some(theme.label),
            stroke: crate::scene::Stroke::solid(theme.halo, 1.0),
        });
        commands.push(DrawCommand::Text {
            at: anchor,
            text,
            size,
            bold: place.kind() != PlaceKind::Town,
            color: theme.label,
            halo: Some(theme.halo),
            anchor: TextAnchor::Start,
        });
    }

    if (PROVINCE_LABEL_ZOOM..PROVINCE_LABEL_MAX_ZOOM).contains(&zoom) {
        for province in basemap.provinces() {
            let at = view.world_to_screen(province.label());
            if !on_screen(at) {
                continue;
            }
            let text = name(province.name(), province.name_fa());
            let size = 11.0;
            let half = text_width(&text, size) / 2.0;
            let b = LabelBox { left: at.x - half, top: at.y - 7.0, right: at.x + half, bottom: at.y + 7.0 };
            if placed.iter().any(|p| p.overlaps(&b)) {
                continue;
            }
            placed.push(b);
            commands.push(DrawCommand::Text {
                at,
                text,
                size,
                bold: false,
                color: theme.province_label,
                halo: Some(theme.halo),
                anchor: TextAnchor::Center,
            });
        }
    }
    commands
}
