//! Province names. At country scale a province's name sits on its label point; zoomed in on a
//! city the label point is usually off screen, so the name moves to a point of the province that
//! is on screen: the reader always sees which province the map shows.

use super::placement::Placer;
use super::text::estimate_text_width;
use super::LabelLanguage;
use crate::basemap::{Basemap, Region};
use crate::scene::{DrawCommand, TextAnchor};
use crate::symbols::Theme;
use crate::view::{ScreenPoint, Viewport};

/// Province names show from this zoom, small: the country preset then says which province each
/// city lies in.
const PROVINCE_LABEL_ZOOM: f64 = 5.0;
/// From this zoom a province fills much of the screen: its name says "province", so that it is
/// not taken for a town.
const PROVINCE_WORD_ZOOM: f64 = 8.0;
/// Columns and rows of the grid of points tried when a province's label point is taken or off
/// screen.
const GRID: (u32, u32) = (9, 7);

/// Label commands for the provinces in view, each placed where it fits.
pub(super) fn province_labels(
    basemap: &Basemap,
    view: &Viewport,
    theme: &Theme,
    language: LabelLanguage,
    placer: &mut Placer,
) -> Vec<DrawCommand> {
    let zoom = view.zoom().value();
    if zoom < PROVINCE_LABEL_ZOOM {
        return Vec::new();
    }
    let size = if zoom < 6.5 { 10.0 } else { 11.0 };
    let (nw, se) = view.world_extent();
    let mut commands = Vec::new();
    for province in basemap.provinces() {
        let b = province.bounds();
        if b.max.x < nw.x || b.min.x > se.x || b.max.y < nw.y || b.min.y > se.y {
            continue;
        }
        let text = province_text(province, language, zoom >= PROVINCE_WORD_ZOOM);
        let width = estimate_text_width(&text, size);
        // The label point first; the grid (a point-in-polygon test per point) only when it
        // does not fit, which at country scale is rare.
        let label = view.world_to_screen(province.label());
        let spot = if placer.place_centred(label, width, size) {
            Some(label)
        } else {
            grid_spots(province, view, label).into_iter().find(|at| placer.place_centred(*at, width, size))
        };
        if let Some(at) = spot {
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

/// "KUNDUZ", or "KUNDUZ PROVINCE" / "ولایت قندز" when zoomed in. Capitals tell a province from a
/// town at a glance, as on printed maps; Persian has no capitals, so it says ولایت (province).
fn province_text(province: &Region, language: LabelLanguage, with_word: bool) -> String {
    match (language, province.name_fa()) {
        (LabelLanguage::Persian, Some(fa)) if with_word => format!("ولایت {fa}"),
        (LabelLanguage::Persian, Some(fa)) => fa.to_owned(),
        _ if with_word => format!("{} PROVINCE", crate::text_case::uppercase(province.name())),
        _ => crate::text_case::uppercase(province.name()),
    }
}

/// Where the name may go when its label point (`label`, on screen) is taken or off screen: points
/// of a grid over the part of the province's box that is on screen, inside the province, nearest
/// the label point first (a city's label often takes its province's label point).
fn grid_spots(province: &Region, view: &Viewport, label: ScreenPoint) -> Vec<ScreenPoint> {
    let b = province.bounds();
    let (nw, se) = (view.world_to_screen(b.min), view.world_to_screen(b.max));
    let (left, top) = (nw.x.max(0.0), nw.y.max(0.0));
    let (right, bottom) = (se.x.min(view.width()), se.y.min(view.height()));
    let (cols, rows) = GRID;
    let mut grid: Vec<ScreenPoint> = (0..rows)
        .flat_map(|r| (0..cols).map(move |c| (c, r)))
        .map(|(c, r)| {
            let fx = (f64::from(c) + 0.5) / f64::from(cols);
            let fy = (f64::from(r) + 0.5) / f64::from(rows);
            ScreenPoint::new(left + fx * (right - left), top + fy * (bottom - top))
        })
        .filter(|p| province.contains(view.screen_to_world(*p)))
        .collect();
    crate::sort::sort_by(&mut grid, |a, b| a.distance(label).total_cmp(&b.distance(label)));
    grid
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::LonLat;
    use crate::view::Zoom;

    #[test]
    fn a_city_view_names_its_province_on_screen() {
        let map = Basemap::parse(include_str!("../../www/basemap/afghanistan.json")).unwrap();
        let mazar = LonLat::new(67.105, 36.71).unwrap();
        let view = Viewport::new(mazar, Zoom::clamped(12.4), 1000.0, 480.0, 1.0);
        let mut placer = Placer::new(view.width(), view.height());
        let commands = province_labels(&map, &view, &Theme::default(), LabelLanguage::English, &mut placer);
        let placed: Vec<(&str, ScreenPoint)> = commands
            .iter()
            .filter_map(|c| match c {
                DrawCommand::Text { text, at, .. } => Some((text.as_str(), *at)),
                _ => None,
            })
            .collect();
        let (_, at) = placed.iter().find(|(t, _)| *t == "BALKH PROVINCE").expect("Balkh named");
        assert!((0.0..1000.0).contains(&at.x) && (0.0..480.0).contains(&at.y));
        let balkh = map.provinces().iter().find(|p| p.name() == "Balkh").unwrap();
        assert!(balkh.contains(view.screen_to_world(*at)), "the name lies inside the province");
    }
}
