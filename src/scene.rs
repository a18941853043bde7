//! The scene as data: each layer is a [`DisplayList`] of draw commands in CSS pixels, built from the
//! basemap, the markers of the frame, the selection and the view. `web::canvas` only executes it,
//! so everything here is tested natively.

use crate::basemap::{Basemap, WorldBox};
use crate::categories::{Categories, ColorBy};
use crate::geo::WorldPoint;
use crate::index::{DrawnMarker, MarkerTarget};
use crate::labels::{estimate_text_width, placed_labels, LabelLanguage, PlacedLabels};
use crate::symbols::{Color, Theme};
use crate::view::{ScreenPoint, ScreenRect, Viewport};

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    /// Colour.
    pub color: Color,
    /// Width in CSS pixels.
    pub width: f64,
    /// Dash and gap lengths, for a dashed line.
    pub dash: Option<(f64, f64)>,
}

impl Stroke {
    /// A solid line.
    pub fn solid(color: Color, width: f64) -> Self {
        Self { color, width, dash: None }
    }
}

/// Text placement relative to its anchor point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextAnchor {
    /// Centred on the point.
    Center,
    /// Starting at the point and running right (whatever the script's direction).
    Start,
    /// Ending at the point: the text runs left of it.
    End,
}

/// One drawing operation.
#[derive(Clone, Debug, PartialEq)]
pub enum DrawCommand {
    /// Fill the whole layer.
    Clear(Color),
    /// Rings filled as one path (even-odd), then optionally outlined.
    Polygons {
        /// Closed rings in CSS pixels.
        rings: Vec<Vec<ScreenPoint>>,
        /// Fill colour.
        fill: Option<Color>,
        /// Outline.
        stroke: Option<Stroke>,
    },
    /// Open lines stroked as one path.
    Lines {
        /// Polylines in CSS pixels.
        lines: Vec<Vec<ScreenPoint>>,
        /// How they are drawn.
        stroke: Stroke,
    },
    /// A circle, filled then outlined.
    Circle {
        /// Centre.
        at: ScreenPoint,
        /// Radius in CSS pixels.
        radius: f64,
        /// Fill colour, if filled.
        fill: Option<Color>,
        /// Outline.
        stroke: Stroke,
    },
    /// A map marker: a filled circle, outlined, with an inner ring if it is a cluster. Kept whole
    /// rather than as circles so that the canvas can draw each look once and copy it (the
    /// marker layer's stamps: `crate::stamps`, drawn by `web::canvas`).
    Marker {
        /// Centre.
        at: ScreenPoint,
        /// Everything else.
        look: MarkerLook,
    },
    /// A label.
    Text {
        /// Anchor point.
        at: ScreenPoint,
        /// The text, drawn as text (the canvas shapes right-to-left scripts itself).
        text: String,
        /// Size in CSS pixels.
        size: f64,
        /// Bold or regular.
        bold: bool,
        /// Fill colour.
        color: Color,
        /// Halo colour drawn behind the glyphs.
        halo: Option<Color>,
        /// Placement.
        anchor: TextAnchor,
    },
}

/// How a marker looks: its radius, fill, outline and (a cluster's) inner ring.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarkerLook {
    /// Radius in CSS pixels.
    pub radius: f64,
    /// Fill colour.
    pub fill: Color,
    /// Outline.
    pub outline: Stroke,
    /// A cluster's inner ring, [`CLUSTER_RING_INSET`] inside the outline.
    pub ring: Option<Stroke>,
}

/// How far inside a cluster's outline its inner ring runs, in CSS pixels.
pub const CLUSTER_RING_INSET: f64 = 3.0;

impl MarkerLook {
    /// The inner ring's radius.
    pub fn ring_radius(&self) -> f64 {
        (self.radius - CLUSTER_RING_INSET).max(1.0)
    }
}

/// An ordered list of draw commands for one layer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DisplayList {
    /// Commands, first drawn first.
    pub commands: Vec<DrawCommand>,
}

impl DisplayList {
    fn push(&mut self, command: DrawCommand) {
        self.commands.push(command);
    }

    /// The box (top-left, bottom-right) that the list's circles ink, outlines and their
    /// antialiasing included; `None` if it is empty or holds anything but circles.
    pub fn circles_extent(&self) -> Option<(ScreenPoint, ScreenPoint)> {
        let mut extent: Option<(ScreenPoint, ScreenPoint)> = None;
        for command in &self.commands {
            let DrawCommand::Circle { at, radius, stroke, .. } = command else { return None };
            // Half the outline lies outside the radius; one more pixel for the antialiased edge.
            let reach = radius + stroke.width / 2.0 + 1.0;
            let (low, high) =
                (ScreenPoint::new(at.x - reach, at.y - reach), ScreenPoint::new(at.x + reach, at.y + reach));
            extent = Some(match extent {
                None => (low, high),
                Some((a, b)) => (
                    ScreenPoint::new(a.x.min(low.x), a.y.min(low.y)),
                    ScreenPoint::new(b.x.max(high.x), b.y.max(high.y)),
                ),
            });
        }
        extent
    }
}

/// The basemap layer: land, provinces, rivers and borders. Areas outside the
/// basemap's extent share the neighbours' muted land colour, so the clipped edge reads as more land.
pub fn basemap_layer(basemap: Option<&Basemap>, view: &Viewport, theme: &Theme) -> DisplayList {
    let mut list = DisplayList::default();
    list.push(DrawCommand::Clear(theme.background));
    let Some(basemap) = basemap else { return list };
    let level = basemap.level_for_zoom(view.zoom().value());
    let to_screen = |ring: &Vec<WorldPoint>| projected_for(view, ring);
    for focus in [false, true] {
        let rings: Vec<_> = basemap
            .countries()
            .iter()
            .filter(|c| c.is_focus() == focus)
            .flat_map(|c| c.rings(level).iter().map(to_screen))
            .collect();
        let fill = if focus { theme.land } else { theme.neighbour_land };
        list.push(DrawCommand::Polygons { rings, fill: Some(fill), stroke: None });
    }
    let rivers: Vec<_> = basemap.rivers().iter().flat_map(|r| r.lines(level).iter().map(to_screen)).collect();
    list.push(DrawCommand::Lines { lines: rivers, stroke: Stroke::solid(theme.river, 1.2) });
    list.commands.extend(border_layer(Some(basemap), view, theme).commands);
    list
}

/// Province borders, then country borders: the top of the basemap, drawn again over web tiles so
/// that the provinces stay visible on any tile style.
pub fn border_layer(basemap: Option<&Basemap>, view: &Viewport, theme: &Theme) -> DisplayList {
    let mut list = DisplayList::default();
    let Some(basemap) = basemap else { return list };
    let level = basemap.level_for_zoom(view.zoom().value());
    let to_screen = |ring: &Vec<WorldPoint>| projected_for(view, ring);
    let provinces: Vec<_> = basemap.provinces().iter().flat_map(|p| p.rings(level).iter().map(to_screen)).collect();
    list.push(DrawCommand::Polygons {
        rings: provinces,
        fill: None,
        stroke: Some(Stroke::solid(theme.province_border, 0.8)),
    });
    let borders: Vec<_> = border_lines(basemap, level).iter().map(to_screen).collect();
    list.push(DrawCommand::Lines { lines: borders, stroke: Stroke::solid(theme.border, 1.0) });
    list
}

/// A ring or a line of the basemap on screen, without the points that cannot change what the
/// view shows: where three points in a row are all beyond the same edge of the screen (and a
/// margin wider than half the widest basemap line, 1.2 pixels: strokes have round joins), the
/// middle one goes. The triangle it made lies beyond that edge, so neither a fill (under any
/// fill rule) nor a stroke changes on screen. Zoomed in, most of the basemap lies beyond the
/// screen: three levels into the benchmark's deep zoom, a painting's 23,766 points come down to
/// 780-2,718.
fn projected_for(view: &Viewport, ring: &[WorldPoint]) -> Vec<ScreenPoint> {
    const MARGIN: f64 = 4.0;
    let (right, bottom) = (view.width() + MARGIN, view.height() + MARGIN);
    // One bit per edge the point is beyond.
    let beyond = |p: &ScreenPoint| {
        u8::from(p.x < -MARGIN)
            | u8::from(p.x > right) << 1
            | u8::from(p.y < -MARGIN) << 2
            | u8::from(p.y > bottom) << 3
    };
    let mut kept: Vec<(ScreenPoint, u8)> = Vec::with_capacity(ring.len());
    for p in ring {
        let p = view.world_to_screen(*p);
        let side = beyond(&p);
        while let [.., (_, a), (_, b)] = kept.as_slice() {
            if a & b & side == 0 {
                break;
            }
            kept.pop();
        }
        kept.push((p, side));
    }
    kept.into_iter().map(|(p, _)| p).collect()
}

/// Country outlines as open lines, cut wherever a ring runs along the edge of the basemap's
/// extent: the neighbours are clipped to a box there, and that cut is not a border.
fn border_lines(basemap: &Basemap, level: usize) -> Vec<Vec<WorldPoint>> {
    let Some(extent) =
        WorldBox::around(basemap.countries().iter().flat_map(|c| c.rings(level).iter().flatten().copied()))
    else {
        return Vec::new();
    };
    let eps = 1e-9;
    let on_edge = |p: &WorldPoint| {
        (p.x - extent.min.x).abs() < eps
            || (p.x - extent.max.x).abs() < eps
            || (p.y - extent.min.y).abs() < eps
            || (p.y - extent.max.y).abs() < eps
    };
    let mut lines = Vec::new();
    for ring in basemap.countries().iter().flat_map(|c| c.rings(level)) {
        let mut current: Vec<WorldPoint> = Vec::new();
        for pair in ring.windows(2) {
            if on_edge(&pair[0]) && on_edge(&pair[1]) {
                if current.len() > 1 {
                    lines.push(std::mem::take(&mut current));
                }
                current.clear();
                continue;
            }
            if current.is_empty() {
                current.push(pair[0]);
            }
            current.push(pair[1]);
        }
        if current.len() > 1 {
            lines.push(current);
        }
    }
    lines
}

/// The marker layer: one [`DrawCommand::Marker`] per drawn marker, in draw order, each filled with its
/// category's colour (translucent, so that overlaps show) and outlined. Approximate locations get
/// a dashed outline so that readers do not take a city centre for the site of an attack. A cluster
/// gets a double outline and its incident count, so it never passes for a single incident.
pub fn marker_layer(markers: &[DrawnMarker], categories: &Categories, theme: &Theme) -> DisplayList {
    let mut list = DisplayList::default();
    // The clusters' counts go last, over every circle: a count stays legible where a smaller
    // marker overlaps its cluster, and the canvas switches to text styles once, not per cluster.
    let (mut counts, mut small_counts) = (Vec::new(), Vec::new());
    for m in markers {
        let base = if categories.color_by() == ColorBy::None { theme.marker } else { categories.color(m.category) };
        let fill = base.with_alpha(MARKER_ALPHA);
        let dash = m.approximate.then_some((3.0, 2.0));
        let ring = matches!(m.target, MarkerTarget::Cluster(_)).then(|| Stroke::solid(theme.halo, 1.5));
        let outline = Stroke { color: theme.marker_outline, width: 1.0, dash };
        list.push(DrawCommand::Marker { at: m.at, look: MarkerLook { radius: m.radius, fill, outline, ring } });
    }
    for count in shown_counts(markers) {
        let to = if count.size == LARGE_COUNT_PX { &mut counts } else { &mut small_counts };
        to.push(DrawCommand::Text {
            at: count.at,
            text: count.text,
            size: count.size,
            bold: true,
            color: theme.label,
            halo: Some(theme.halo),
            anchor: TextAnchor::Center,
        });
    }
    // Large counts, then small ones: the canvas switches fonts once, not at every other count.
    list.commands.extend(counts);
    list.commands.extend(small_counts);
    list
}

/// A cluster's count as the marker layer writes it.
struct ShownCount {
    at: ScreenPoint,
    text: String,
    size: f64,
    /// Its box, rounded out to whole pixels.
    rect: ScreenRect,
}

/// The counts written in the clusters among `markers` (in draw order, largest first): each where
/// it fits its circle ([`count_size`]) and clear of the counts of larger clusters, so that two
/// neighbours' numbers never run together.
fn shown_counts(markers: &[DrawnMarker]) -> Vec<ShownCount> {
    let mut shown: Vec<ShownCount> = Vec::new();
    for m in markers.iter().filter(|m| matches!(m.target, MarkerTarget::Cluster(_))) {
        let text = m.count.to_string();
        let Some(size) = count_size(&text, m.radius) else { continue };
        let (half_w, half_h) = (estimate_text_width(&text, size) / 2.0 + 1.0, size * 0.7);
        let (left, top) = ((m.at.x - half_w).floor(), (m.at.y - half_h).floor());
        let (right, bottom) = ((m.at.x + half_w).ceil(), (m.at.y + half_h).ceil());
        let rect = ScreenRect { x: left, y: top, width: right - left, height: bottom - top };
        let touches = |r: &ScreenRect| r.x < right && left < r.x + r.width && r.y < bottom && top < r.y + r.height;
        if !shown.iter().any(|c| touches(&c.rect)) {
            shown.push(ShownCount { at: m.at, text, size, rect });
        }
    }
    shown
}

/// The boxes of the counts [`marker_layer`] writes in the clusters among `markers`, rounded out to
/// whole pixels (so that a key of them compares equal across frames that draw the same).
pub fn count_boxes(markers: &[DrawnMarker]) -> Vec<ScreenRect> {
    shown_counts(markers).into_iter().map(|c| c.rect).collect()
}

/// Font sizes of a cluster's count, in CSS pixels.
const LARGE_COUNT_PX: f64 = 13.0;
const SMALL_COUNT_PX: f64 = 11.0;

/// The font size at which a cluster of `radius` shows its count `text`: the large one from a
/// radius of 14 px, the small one below, and none where the count would spill out of the circle
/// (digits are taken at 0.7 em, a bold digit's advance in common sans-serif faces). A count
/// spilling over its neighbours and the place names said more than the circle's area, which
/// is what the reader should compare; the count stays in the marker's tooltip, its list and its
/// accessible name.
fn count_size(text: &str, radius: f64) -> Option<f64> {
    let fits = |size: f64| text.chars().count() as f64 * 0.7 * size <= 2.0 * radius;
    [LARGE_COUNT_PX, SMALL_COUNT_PX]
        .into_iter()
        .filter(|&size| size == SMALL_COUNT_PX || radius >= 14.0)
        .find(|&s| fits(s))
}

/// Marker fill opacity: enough colour to read the category, enough see-through to show overlaps.
const MARKER_ALPHA: u8 = 180;

/// What the overlay layer draws besides the rings.
pub struct OverlayContext<'a> {
    /// The basemap whose places and provinces are labelled.
    pub basemap: Option<&'a Basemap>,
    /// The view.
    pub view: &'a Viewport,
    /// Label language.
    pub language: LabelLanguage,
    /// The marker the keyboard is on.
    pub focused: Option<&'a DrawnMarker>,
    /// The map's controls, which labels keep clear of.
    pub keep_out: &'a [ScreenRect],
    /// The boxes of the clusters' counts ([`count_boxes`]), which labels keep clear of.
    pub counts: &'a [ScreenRect],
}

/// The overlay layer is place labels, then rings around the hovered and the selected marker.
/// Labels sit above the markers (with a halo, so they stay legible over them) but skip the
/// selected marker, so that no label hides it. Changing the overlay never repaints the markers.
///
/// The overlay's place labels alone: they depend on the view, the language, the controls, the
/// clusters' counts and the selected marker (which they keep clear of), not on hover, so a
/// caller may keep them while only that changes.
pub fn overlay_labels(context: &OverlayContext<'_>, selected: Option<&DrawnMarker>, theme: &Theme) -> PlacedLabels {
    let keep_clear = selected.map(label_keep_clear);
    match context.basemap {
        Some(basemap) => {
            placed_labels(basemap, context.view, theme, context.language, keep_clear, context.keep_out, context.counts)
        }
        None => PlacedLabels::default(),
    }
}

/// The circle around a selected marker that labels keep clear of: the marker and its ring.
pub fn label_keep_clear(selected: &DrawnMarker) -> (ScreenPoint, f64) {
    (selected.at, selected.radius + 3.0)
}

/// The overlay's rings: hover, selection and keyboard focus, drawn over the labels.
pub fn overlay_rings(
    context: &OverlayContext<'_>,
    hovered: Option<&DrawnMarker>,
    selected: Option<&DrawnMarker>,
    theme: &Theme,
) -> DisplayList {
    let mut list = DisplayList::default();
    if let Some(m) = hovered {
        list.push(ring(m, Stroke::solid(theme.hover, 2.0), 2.0));
    }
    if let Some(m) = selected {
        list.push(ring(m, Stroke::solid(theme.halo.with_alpha(255), 5.0), 2.5));
        list.push(ring(m, Stroke::solid(theme.selection, 2.5), 2.5));
    }
    // The keyboard focus: a wide two-tone ring outside any selection ring, visible on every
    // background (the focus indicator of WCAG 2.2's 2.4.11).
    if let Some(m) = context.focused {
        list.push(ring(m, Stroke::solid(theme.halo.with_alpha(255), 6.0), 7.0));
        list.push(ring(m, Stroke { color: theme.focus, width: 3.0, dash: Some((6.0, 3.0)) }, 7.0));
    }
    list
}

fn ring(m: &DrawnMarker, stroke: Stroke, gap: f64) -> DrawCommand {
    DrawCommand::Circle { at: m.at, radius: m.radius + gap, fill: None, stroke }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_basemap_keeps_only_the_points_that_shape_the_screen() {
        let view = Viewport::new(
            crate::geo::LonLat::new(69.17, 34.53).unwrap(),
            crate::view::Zoom::clamped(9.0),
            400.0,
            300.0,
            1.0,
        );
        let world = |x: f64, y: f64| view.screen_to_world(ScreenPoint::new(x, y));
        let path = |points: &[(f64, f64)]| points.iter().map(|&(x, y)| world(x, y)).collect::<Vec<_>>();
        let near = |a: ScreenPoint, (x, y): (f64, f64)| (a.x - x).abs() < 1e-6 && (a.y - y).abs() < 1e-6;
        // A ring around the screen, with a wiggle of points beyond the left edge and one inside.
        let ring = [
            (-50.0, -50.0),
            (-60.0, 100.0),
            (-70.0, 120.0),
            (-55.0, 200.0),
            (-50.0, 350.0),
            (200.0, 150.0),
            (450.0, 350.0),
            (450.0, -50.0),
        ];
        let kept = projected_for(&view, &path(&ring));
        let expected = [ring[0], ring[4], ring[5], ring[6], ring[7]];
        assert_eq!(kept.len(), expected.len(), "{kept:?}");
        assert!(kept.iter().zip(expected).all(|(&a, b)| near(a, b)), "{kept:?}");
        // Beyond two edges in turn (left, then above): only points beyond one same edge go.
        let corner = [(-20.0, 100.0), (-30.0, 50.0), (-30.0, -30.0), (50.0, -40.0), (100.0, -20.0)];
        let kept = projected_for(&view, &path(&corner));
        let expected = [corner[0], corner[2], corner[4]];
        assert!(kept.len() == 3 && kept.iter().zip(expected).all(|(&a, b)| near(a, b)), "{kept:?}");
        // Within the margin, or on screen, nothing goes.
        let edge = [(-3.0, 10.0), (-3.5, 20.0), (-2.0, 30.0), (10.0, 40.0)];
        assert_eq!(projected_for(&view, &path(&edge)).len(), 4);
    }

    #[test]
    fn markers_keep_draw_order_and_clusters_show_their_count() {
        let mut cluster = DrawnMarker::incident(ScreenPoint::new(1.0, 1.0), 20.0, 0);
        cluster.target = MarkerTarget::Cluster(0);
        cluster.count = 12;
        let markers = [cluster, DrawnMarker::incident(ScreenPoint::new(2.0, 2.0), 5.0, 1)];
        let list = marker_layer(&markers, &Categories::default(), &Theme::default());
        let radii: Vec<f64> = list
            .commands
            .iter()
            .filter_map(|c| match c {
                DrawCommand::Marker { look, .. } => Some(look.radius),
                _ => None,
            })
            .collect();
        assert_eq!(radii, vec![20.0, 5.0]);
        let rings: Vec<bool> = list
            .commands
            .iter()
            .filter_map(|c| match c {
                DrawCommand::Marker { look, .. } => Some(look.ring.is_some()),
                _ => None,
            })
            .collect();
        assert_eq!(rings, vec![true, false], "a cluster, and only a cluster, has an inner ring");
        assert!(list.commands.iter().any(|c| matches!(c, DrawCommand::Text { text, .. } if text == "12")));
    }

    #[test]
    fn a_count_that_would_touch_a_larger_clusters_count_is_left_out() {
        let cluster = |x: f64, radius: f64, count: u32, n: usize| {
            let mut m = DrawnMarker::incident(ScreenPoint::new(x, 50.0), radius, n);
            m.target = MarkerTarget::Cluster(n);
            m.count = count;
            m
        };
        // Draw order, largest first: the second's "4" would touch the first's "9".
        let markers = [cluster(50.0, 8.0, 9, 0), cluster(56.0, 7.0, 4, 1), cluster(90.0, 7.0, 3, 2)];
        let list = marker_layer(&markers, &Categories::default(), &Theme::default());
        let texts: Vec<&str> = list
            .commands
            .iter()
            .filter_map(|c| match c {
                DrawCommand::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, vec!["9", "3"]);
        assert_eq!(count_boxes(&markers).len(), 2, "the labels keep clear of the counts drawn");
    }

    #[test]
    fn a_count_shows_only_where_it_fits_its_circle() {
        assert_eq!(count_size("12", 20.0), Some(LARGE_COUNT_PX));
        assert_eq!(count_size("1234", 16.0), Some(SMALL_COUNT_PX), "too wide at 13 px, fits at 11");
        assert_eq!(count_size("7", 6.0), Some(SMALL_COUNT_PX), "the smallest cluster holds one digit");
        assert_eq!(count_size("3013", 8.0), None);
        let mut cluster = DrawnMarker::incident(ScreenPoint::new(1.0, 1.0), 8.0, 0);
        cluster.target = MarkerTarget::Cluster(0);
        cluster.count = 3013;
        let list = marker_layer(&[cluster], &Categories::default(), &Theme::default());
        assert!(!list.commands.iter().any(|c| matches!(c, DrawCommand::Text { .. })));
        let ringed = list.commands.iter().any(|c| matches!(c, DrawCommand::Marker { look, .. } if look.ring.is_some()));
        assert!(ringed, "still a cluster's double outline");
    }

    #[test]
    fn circles_extent_covers_outlines_and_refuses_other_commands() {
        let marker = DrawnMarker::incident(ScreenPoint::new(50.0, 40.0), 10.0, 0);
        let mut list = DisplayList::default();
        assert_eq!(list.circles_extent(), None);
        list.push(ring(&marker, Stroke::solid(Color::rgb(0, 0, 0), 4.0), 2.0));
        // Radius 10 + gap 2, half the 4 px outline, 1 px of antialiasing: 15 px each way.
        assert_eq!(list.circles_extent(), Some((ScreenPoint::new(35.0, 25.0), ScreenPoint::new(65.0, 55.0))));
        let far = DrawnMarker::incident(ScreenPoint::new(100.0, 0.0), 5.0, 1);
        list.push(ring(&far, Stroke::solid(Color::rgb(0, 0, 0), 2.0), 0.0));
        assert_eq!(list.circles_extent(), Some((ScreenPoint::new(35.0, -7.0), ScreenPoint::new(107.0, 55.0))));
        list.push(DrawCommand::Clear(Color::rgb(0, 0, 0)));
        assert_eq!(list.circles_extent(), None);
    }

    #[test]
    fn overlay_is_empty_without_selection_hover_or_basemap() {
        let view =
            Viewport::new(crate::geo::LonLat::clamped(69.0, 34.0), crate::view::Zoom::clamped(6.0), 100.0, 100.0, 1.0);
        let context = OverlayContext {
            basemap: None,
            view: &view,
            language: LabelLanguage::English,
            focused: None,
            keep_out: &[],
            counts: &[],
        };
        assert!(overlay_labels(&context, None, &Theme::default()).commands.is_empty());
        assert!(overlay_rings(&context, None, None, &Theme::default()).commands.is_empty());
    }
}
