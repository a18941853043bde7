//! Place and province labels: chosen by importance and zoom, placed greedily so that no two
//! overlap, none runs off the screen and none covers the selected marker.

mod placement;
mod province;
mod text;

use crate::basemap::{Basemap, Place, PlaceKind};
use crate::scene::{DrawCommand, Stroke};
use crate::symbols::Theme;
use crate::view::{ScreenPoint, ScreenRect, Viewport};
use placement::{LabelBox, Placer, Side};
pub use text::{estimate_text_width, text_is_rtl};

/// Which script labels are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LabelLanguage {
    /// English names.
    #[default]
    English,
    /// Persian (Dari) names where known, English otherwise. The canvas shapes the script and
    /// lays it out right to left; labels go left of their dot, where a Persian reader expects them.
    Persian,
}

impl LabelLanguage {
    fn pick<'a>(self, english: &'a str, persian: Option<&'a str>) -> &'a str {
        match (self, persian) {
            (LabelLanguage::Persian, Some(fa)) => fa,
            _ => english,
        }
    }
}

/// The smallest zoom at which a place of this kind and population is labelled: the capital
/// always, big cities at country scale, small towns once a province fills the screen.
fn min_zoom(kind: PlaceKind, population: u32) -> f64 {
    match kind {
        PlaceKind::Capital => 0.0,
        PlaceKind::City if population >= 150_000 => 5.0,
        PlaceKind::City => 6.0,
        PlaceKind::Town if population >= 40_000 => 7.0,
        PlaceKind::Town if population >= 15_000 => 8.0,
        PlaceKind::Town if population >= 5_000 => 8.5,
        // Villages and district centres (GeoNames often does not know their population): what
        // a reader orients by around a city.
        PlaceKind::Town => 9.5,
    }
}

/// Text size by importance: a reader ranks places by it at a glance.
fn text_size(place: &Place) -> f64 {
    match place.kind() {
        PlaceKind::Capital => 14.0,
        PlaceKind::City if place.population() >= 400_000 => 13.5,
        PlaceKind::City => 13.0,
        PlaceKind::Town if place.population() >= 40_000 => 12.0,
        PlaceKind::Town if place.population() >= 5_000 => 11.5,
        PlaceKind::Town => 11.0,
    }
}

/// Radius of a place's dot.
const DOT: f64 = 2.5;

/// Room kept around a cluster's count, in CSS pixels: about a digit across, a little up and down.
const COUNT_SLACK_X: f64 = 7.0;
const COUNT_SLACK_Y: f64 = 2.0;

/// Label commands for the places and provinces in view, places first (they matter more), then
/// province names. `keep_clear` is a circle (centre, radius) no label may cover: the selected
/// marker. `keep_out` are the map's controls (buttons, scale bar, credits): a label under them
/// could not be read. `counts` are the boxes of the clusters' counts (`scene::count_boxes`): no
/// label covers one, and a place whose dot one covers (a city under its own cluster) is named
/// beside the count, without its dot.
pub fn label_commands(
    basemap: &Basemap,
    view: &Viewport,
    theme: &Theme,
    language: LabelLanguage,
    keep_clear: Option<(ScreenPoint, f64)>,
    keep_out: &[ScreenRect],
    counts: &[ScreenRect],
) -> Vec<DrawCommand> {
    placed_labels(basemap, view, theme, language, keep_clear, keep_out, counts).commands
}

/// Labels as [`label_commands`] places them, with the boxes they took: a caller can tell whether
/// a circle to keep clear would move any of them ([`PlacedLabels::unmoved_by`]).
#[derive(Clone, Default)]
pub struct PlacedLabels {
    /// The labels' drawing commands.
    pub commands: Vec<DrawCommand>,
    /// Every box reserved or taken, in order: the reserved ones (the circle kept clear, the
    /// controls, the counts) first, then the dots and labels from `own_from` on.
    taken: Vec<LabelBox>,
    own_from: usize,
    /// The dots of the places named beside a count (and not drawn, the count over them).
    under_counts: Vec<LabelBox>,
}

impl PlacedLabels {
    /// Whether placing the labels again with the circle (centre, radius) kept clear would give
    /// the same labels: nothing placed comes near the circle. A click on a marker away from the
    /// labels then leaves them as they are.
    pub fn unmoved_by(&self, keep_clear: (ScreenPoint, f64)) -> bool {
        Placer::clear_of(&self.taken, &LabelBox::around(keep_clear.0, keep_clear.1))
    }

    /// Whether these labels still keep clear of `counts`, the clusters' counts after a time
    /// change or a filter: no count comes near a dot or a label, and every place named beside a
    /// count (its dot not drawn) still has a count over its dot. Then they may stay as they are
    /// (valid, if not what a placement from scratch would give: a place left out for a count
    /// that has gone stays out until the next placement), which spares a time change placing and
    /// painting them again.
    pub fn clear_of_counts(&self, counts: &[ScreenRect]) -> bool {
        let counts: Vec<LabelBox> = counts.iter().map(LabelBox::of).collect();
        let own = &self.taken[self.own_from.min(self.taken.len())..];
        // A dot counts as under a count within the room placing keeps around it.
        let covers = |c: &LabelBox, dot: &LabelBox| c.grown(COUNT_SLACK_X, COUNT_SLACK_Y).overlaps(dot);
        self.under_counts.iter().all(|dot| counts.iter().any(|c| covers(c, dot)))
            && counts.iter().all(|c| Placer::clear_of(own, c))
    }
}

/// See [`label_commands`].
pub fn placed_labels(
    basemap: &Basemap,
    view: &Viewport,
    theme: &Theme,
    language: LabelLanguage,
    keep_clear: Option<(ScreenPoint, f64)>,
    keep_out: &[ScreenRect],
    counts: &[ScreenRect],
) -> PlacedLabels {
    let mut placer = Placer::new(view.width(), view.height());
    if let Some((c, r)) = keep_clear {
        placer.reserve(LabelBox::around(c, r));
    }
    for r in keep_out {
        placer.reserve(LabelBox::of(r));
    }
    // The counts are data, the names context: no name covers a count. Each is reserved with room
    // for a digit more on either side, so that the next time range's count at the same cluster
    // (often a digit wider, its centre moved a little) still leaves the labels clear and they
    // can stay (see `PlacedLabels::clear_of_counts`).
    let counts: Vec<LabelBox> = counts.iter().map(|c| LabelBox::of(c).grown(COUNT_SLACK_X, COUNT_SLACK_Y)).collect();
    for &count in &counts {
        placer.reserve(count);
    }
    let own_from = placer.taken_count();
    let (mut commands, under_counts) = place_labels(basemap, view, theme, language, &counts, &mut placer);
    commands.extend(province::province_labels(basemap, view, theme, language, &mut placer));
    PlacedLabels { commands, taken: placer.into_taken(), own_from, under_counts }
}

fn place_labels(
    basemap: &Basemap,
    view: &Viewport,
    theme: &Theme,
    language: LabelLanguage,
    counts: &[LabelBox],
    placer: &mut Placer,
) -> (Vec<DrawCommand>, Vec<LabelBox>) {
    let zoom = view.zoom().value();
    let on_screen = |p: ScreenPoint| p.x >= 0.0 && p.y >= 0.0 && p.x <= view.width() && p.y <= view.height();
    let shown: Vec<(&Place, ScreenPoint)> = basemap
        .places()
        .iter()
        .filter(|p| zoom >= min_zoom(p.kind(), p.population()))
        .map(|p| (p, view.world_to_screen(p.world())))
        .filter(|(_, at)| on_screen(*at))
        .collect();
    // Every dot first, so that no label covers another place's dot; a dot under the selected
    // marker is dropped with its label. A dot under a cluster's count is not drawn (the count
    // would hide it, or it the count): the place is named beside the count instead.
    let shown: Vec<(&Place, ScreenPoint, Option<LabelBox>)> = shown
        .into_iter()
        .filter_map(|(place, at)| {
            let dot = LabelBox::around(at, DOT);
            match counts.iter().find(|count| count.overlaps(&dot)) {
                Some(count) => Some((place, at, Some(*count))),
                None => placer.try_take(dot).then_some((place, at, None)),
            }
        })
        .collect();
    let mut commands = Vec::new();
    let mut under_counts = Vec::new();
    for (place, at, count) in shown {
        let text = language.pick(place.name(), place.name_fa());
        let size = text_size(place);
        let sides = Side::preference(text_is_rtl(text));
        let width = estimate_text_width(text, size);
        let placed = match count {
            Some(count) => placer.place_beside_box(count, width, size, sides),
            None => placer.place_beside(at, width, size, sides),
        };
        let Some(placed) = placed else { continue };
        if count.is_some() {
            under_counts.push(LabelBox::around(at, DOT));
        } else {
            commands.push(DrawCommand::Circle {
                at,
                radius: DOT,
                fill: Some(theme.label),
                stroke: Stroke::solid(theme.halo, 1.0),
            });
        }
        commands.push(DrawCommand::Text {
            at: placed.at,
            text: text.to_owned(),
            size,
            bold: place.kind() != PlaceKind::Town,
            color: theme.label,
            halo: Some(theme.halo),
            anchor: placed.anchor,
        });
    }
    (commands, under_counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::LonLat;
    use crate::scene::TextAnchor;
    use crate::view::Zoom;

    fn basemap() -> Basemap {
        Basemap::parse(include_str!("../../www/basemap/afghanistan.json")).unwrap()
    }

    fn texts(commands: &[DrawCommand]) -> Vec<(&str, TextAnchor)> {
        commands
            .iter()
            .filter_map(|c| match c {
                DrawCommand::Text { text, anchor, .. } => Some((text.as_str(), *anchor)),
                _ => None,
            })
            .collect()
    }

    /// The country view, Kabul's dot on screen, and a cluster's count drawn over it.
    fn country_with_kabul_count() -> (Viewport, ScreenPoint, ScreenRect) {
        let view = Viewport::new(LonLat::new(67.7, 34.3).unwrap(), Zoom::clamped(6.0), 1000.0, 700.0, 1.0);
        let kabul = view.world_to_screen(crate::geo::WorldPoint::from_lonlat(LonLat::new(69.17233, 34.52813).unwrap()));
        (view, kabul, ScreenRect { x: kabul.x - 8.0, y: kabul.y - 9.0, width: 16.0, height: 18.0 })
    }

    #[test]
    fn a_city_under_a_count_is_named_beside_it_and_no_label_covers_a_count() {
        let map = basemap();
        let (view, kabul, count) = country_with_kabul_count();
        let free = label_commands(&map, &view, &Theme::default(), LabelLanguage::English, None, &[], &[]);
        let near_kabul = |c: &DrawCommand| matches!(c, DrawCommand::Circle { at, .. } if (at.x - kabul.x).abs() < 0.5 && (at.y - kabul.y).abs() < 0.5);
        assert!(free.iter().any(near_kabul), "Kabul's dot, with no count over it");
        let commands = label_commands(&map, &view, &Theme::default(), LabelLanguage::English, None, &[], &[count]);
        assert!(!commands.iter().any(near_kabul), "no dot under the count");
        let (at, anchor) = commands
            .iter()
            .find_map(|c| match c {
                DrawCommand::Text { text, at, anchor, .. } if text == "Kabul" => Some((*at, *anchor)),
                _ => None,
            })
            .expect("Kabul is still named");
        let beside = match anchor {
            TextAnchor::Start => count.x + count.width + COUNT_SLACK_X + 5.0,
            TextAnchor::End => count.x - COUNT_SLACK_X - 5.0,
            TextAnchor::Center => count.x + count.width / 2.0,
        };
        assert!((at.x - beside).abs() < 1e-9, "beside the count: {anchor:?} at {at:?}");
        let count_box = LabelBox::of(&count);
        for c in &commands {
            if let DrawCommand::Text { at, text, size, anchor, .. } = c {
                let width = estimate_text_width(text, *size);
                let left = match anchor {
                    TextAnchor::Start => at.x,
                    TextAnchor::End => at.x - width,
                    TextAnchor::Center => at.x - width / 2.0,
                };
                let b = LabelBox { left, top: at.y - size * 0.7, right: left + width, bottom: at.y + size * 0.7 };
                assert!(!b.overlaps(&count_box), "{text} covers the count");
            }
        }
    }

    #[test]
    fn labels_stay_only_while_new_counts_keep_clear_of_them() {
        let map = basemap();
        let (view, _, count) = country_with_kabul_count();
        let placed = placed_labels(&map, &view, &Theme::default(), LabelLanguage::English, None, &[], &[count]);
        assert!(placed.clear_of_counts(&[count]), "the counts they were placed around");
        let far = ScreenRect { x: 2.0, y: 690.0, width: 10.0, height: 8.0 };
        assert!(placed.clear_of_counts(&[count, far]), "a new count far from every label");
        assert!(!placed.clear_of_counts(&[far]), "Kabul was named beside a count that has gone");
        let narrower = ScreenRect { x: count.x + 3.0, width: count.width - 6.0, ..count };
        assert!(placed.clear_of_counts(&[narrower]), "another count over Kabul's dot, clear of its name");
        let text = placed.commands.iter().find_map(|c| match c {
            DrawCommand::Text { at, text, .. } if text == "Kabul" => Some(*at),
            _ => None,
        });
        let at = text.unwrap();
        let over = ScreenRect { x: at.x - 20.0, y: at.y - 5.0, width: 40.0, height: 10.0 };
        assert!(!placed.clear_of_counts(&[count, over]), "a new count over a label");
    }

    #[test]
    fn persian_labels_sit_left_of_their_dot() {
        let map = basemap();
        let view = Viewport::new(LonLat::new(68.9, 36.9).unwrap(), Zoom::clamped(9.0), 1000.0, 700.0, 1.0);
        let commands = label_commands(&map, &view, &Theme::default(), LabelLanguage::Persian, None, &[], &[]);
        let labels = texts(&commands);
        let kunduz = labels.iter().find(|(t, _)| *t == "قندز" || *t == "قندوز").expect("Kunduz in Persian");
        assert_eq!(kunduz.1, TextAnchor::End);
    }

    #[test]
    fn no_label_goes_under_a_control() {
        let map = basemap();
        let view = Viewport::new(LonLat::new(67.7, 33.95).unwrap(), Zoom::clamped(6.5), 1000.0, 480.0, 1.0);
        let buttons = ScreenRect { x: 0.0, y: 0.0, width: 1000.0, height: 200.0 };
        let commands = label_commands(&map, &view, &Theme::default(), LabelLanguage::English, None, &[buttons], &[]);
        for c in &commands {
            if let DrawCommand::Text { at, size, .. } | DrawCommand::Circle { at, radius: size, .. } = c {
                assert!(at.y - size >= 200.0, "{c:?}");
            }
        }
        assert!(texts(&commands).len() > 5);
    }

    #[test]
    fn kunduz_is_labelled_beside_mazar_at_country_scale() {
        let map = basemap();
        let view = Viewport::new(LonLat::new(67.7, 33.95).unwrap(), Zoom::clamped(5.6), 1000.0, 480.0, 1.0);
        let commands = label_commands(&map, &view, &Theme::default(), LabelLanguage::English, None, &[], &[]);
        let labels: Vec<&str> = texts(&commands).into_iter().map(|(t, _)| t).collect();
        for name in ["Kabul", "Mazar-e Sharif", "Kunduz", "Herat", "Kandahar"] {
            assert!(labels.contains(&name), "{name} missing from {labels:?}");
        }
    }
}
