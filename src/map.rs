//! The map's state: incidents and their indices, the view, the time filter, the selection and the
//! gesture in progress. Every change goes through a method that says what it changed.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::rc::Rc;

use crate::basemap::Basemap;
use crate::data::{Incident, IncidentId, SizeBy};
use crate::geo::Bounds;
use crate::index::{DrawnMarker, MarkerHits, TimeIndex, TimeRange};
use crate::input::{Effect, Gesture, InputEvent, MapKey, PointerKind, CLICK_SLOP};
use crate::labels::LabelLanguage;
use crate::presets::ViewPreset;
use crate::scene::{self, DisplayList, OverlayContext};
use crate::symbols::{RadiusScale, Theme};
use crate::view::{ScreenPoint, ScreenRect, Viewport, Zoom};

/// Padding, in CSS pixels, kept around a preset's area.
const FIT_PADDING: f64 = 24.0;
/// Zoom change for one press of + or -.
const ZOOM_STEP: f64 = 1.0;
/// Zoom change per pixel of wheel scroll (100 px, one notch of most mice, is half a level).
const ZOOM_PER_WHEEL_PX: f64 = 0.005;
/// Pan distance for an arrow key, in CSS pixels.
const KEY_PAN_PX: f64 = 80.0;

/// An id that no loaded incident has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownIncident(pub String);

impl fmt::Display for UnknownIncident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no incident has the id {:?}", self.0)
    }
}

impl std::error::Error for UnknownIncident {}

/// The incident map's core state.
///
/// ```
/// use incident_map::{load_geojson, IncidentMap, LoadOptions, InputEvent, PointerKind, Effect};
/// let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature",
///   "geometry":{"type":"Point","coordinates":[69.2203,34.5586]},
///   "properties":{"id":"airport","date":"2021-08-26","killed":182}}]}"#;
/// let mut map = IncidentMap::new(800.0, 600.0, 1.0);
/// map.set_incidents(load_geojson(text, &LoadOptions::default()).unwrap().incidents);
/// let at = map.project_id("airport").unwrap();
/// map.handle(InputEvent::PointerDown { pointer: 1, at, kind: PointerKind::Mouse });
/// let effect = map.handle(InputEvent::PointerUp { pointer: 1, at, kind: PointerKind::Mouse });
/// assert!(matches!(effect, Effect::SelectionChanged(Some(ref id)) if id.as_str() == "airport"));
/// ```
pub struct IncidentMap {
    incidents: Vec<Incident>,
    by_id: HashMap<IncidentId, usize>,
    time_index: TimeIndex,
    size_by: SizeBy,
    scale: RadiusScale,
    view: Viewport,
    time_range: Option<TimeRange>,
    selected: Option<usize>,
    hovered: Option<usize>,
    gesture: Gesture,
    hits: Option<MarkerHits>,
    basemap: Option<Rc<Basemap>>,
    theme: Theme,
    language: LabelLanguage,
    /// Where the shell's controls cover the map: labels keep clear of them.
    label_keep_out: Vec<ScreenRect>,
    /// The area the view was fitted to, until the reader moves the map: a resize then fits the
    /// same area again (a map laid out while hidden, or before its stylesheet loaded, still
    /// shows the whole country once it gets its real size).
    fitted: Option<Bounds>,
}

impl IncidentMap {
    /// An empty map of Afghanistan at the given size in CSS pixels.
    pub fn new(width: f64, height: f64, pixel_ratio: f64) -> Self {
        let afghanistan = ViewPreset::Afghanistan.bounds();
        let view = Viewport::new(afghanistan.south_west(), Zoom::clamped(5.0), width, height, pixel_ratio)
            .fitted_to(afghanistan, FIT_PADDING);
        Self {
            incidents: Vec::new(),
            by_id: HashMap::new(),
            time_index: TimeIndex::default(),
            size_by: SizeBy::default(),
            scale: RadiusScale::fitted(1, RadiusScale::MIN_RADIUS, RadiusScale::MAX_RADIUS),
            view,
            time_range: None,
            selected: None,
            hovered: None,
            gesture: Gesture::Idle,
            hits: None,
            basemap: None,
            theme: Theme::default(),
            language: LabelLanguage::default(),
            label_keep_out: Vec::new(),
            fitted: Some(afghanistan),
        }
    }

    /// Replaces the incidents. They are sorted by date (ties keep their input order) and the size
    /// scale is fitted to the largest value of the whole dataset. The selection is kept if its
    /// incident is still there.
    pub fn set_incidents(&mut self, mut incidents: Vec<Incident>) {
        let selected_id = self.selected_incident().map(|i| i.id.clone());
        incidents.sort_by_key(|i| i.date);
        self.time_index = TimeIndex::new(incidents.iter().map(|i| i.date.day())).unwrap_or_default();
        self.by_id = incidents.iter().enumerate().map(|(n, i)| (i.id.clone(), n)).collect();
        self.incidents = incidents;
        self.fit_scale();
        self.selected = selected_id.and_then(|id| self.by_id.get(&id).copied());
        self.hovered = None;
        self.hits = None;
    }

    fn fit_scale(&mut self) {
        let max = self.incidents.iter().filter_map(|i| i.casualties.value(self.size_by)).max().unwrap_or(1);
        self.scale = RadiusScale::fitted(max, RadiusScale::MIN_RADIUS, RadiusScale::MAX_RADIUS);
    }

    /// The incidents, sorted by date.
    pub fn incidents(&self) -> &[Incident] {
        &self.incidents
    }

    /// Position of an incident in [`incidents`](Self::incidents).
    pub fn position_of(&self, id: &str) -> Option<usize> {
        IncidentId::new(id).and_then(|id| self.by_id.get(&id).copied())
    }

    /// Sets the basemap drawn under the markers.
    pub fn set_basemap(&mut self, basemap: Rc<Basemap>) {
        self.basemap = Some(basemap);
    }

    /// The basemap, if one is set.
    pub fn basemap(&self) -> Option<&Basemap> {
        self.basemap.as_deref()
    }

    /// Sets the colours.
    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
    }

    /// Writes basemap labels in this language.
    pub fn set_label_language(&mut self, language: LabelLanguage) {
        self.language = language;
    }

    /// Tells where controls cover the map (CSS pixels), so that no label hides under them.
    pub fn set_label_keep_out(&mut self, rects: Vec<ScreenRect>) {
        self.label_keep_out = rects;
    }

    /// Which figure sizes the markers.
    pub fn size_by(&self) -> SizeBy {
        self.size_by
    }

    /// Sizes markers by another figure (refits the scale).
    pub fn set_size_by(&mut self, size_by: SizeBy) {
        self.size_by = size_by;
        self.fit_scale();
        self.hits = None;
    }

    /// The size scale in use.
    pub fn scale(&self) -> RadiusScale {
        self.scale
    }

    /// The current view.
    pub fn view(&self) -> &Viewport {
        &self.view
    }

    /// Replaces the view (the reader's own view: a later resize keeps it as it is).
    pub fn set_view(&mut self, view: Viewport) -> Effect {
        self.fitted = None;
        self.replace_view(view)
    }

    fn replace_view(&mut self, view: Viewport) -> Effect {
        if view == self.view {
            return Effect::Nothing;
        }
        self.view = view;
        self.hits = None;
        Effect::ViewChanged
    }

    /// Follows a new container size: keeps the centre and zoom, or fits the preset area again if
    /// the reader has not moved the map since it was shown.
    pub fn resize(&mut self, width: f64, height: f64, pixel_ratio: f64) -> Effect {
        let resized = self.view.with_size(width, height, pixel_ratio);
        match self.fitted {
            Some(bounds) => self.replace_view(resized.fitted_to(bounds, FIT_PADDING)),
            None => self.replace_view(resized),
        }
    }

    /// Shows a named area.
    pub fn show_preset(&mut self, preset: ViewPreset) -> Effect {
        let bounds = preset.bounds();
        self.fitted = Some(bounds);
        self.replace_view(self.view.fitted_to(bounds, FIT_PADDING))
    }

    /// Zooms by `steps` levels about the centre of the map.
    pub fn zoom_by(&mut self, steps: f64) -> Effect {
        let center = ScreenPoint::new(self.view.width() / 2.0, self.view.height() / 2.0);
        self.set_view(self.view.zoomed_about(center, Zoom::clamped(self.view.zoom().value() + steps)))
    }

    /// The time filter: `None` shows everything.
    pub fn time_range(&self) -> Option<TimeRange> {
        self.time_range
    }

    /// The first and last day of the data.
    pub fn data_span(&self) -> Option<TimeRange> {
        self.time_index.span()
    }

    /// Filters by time (`None` shows everything). Clears the selection when its incident is
    /// filtered out, since a selected marker that cannot be seen would confuse.
    pub fn set_time_range(&mut self, range: Option<TimeRange>) -> Vec<Effect> {
        if range == self.time_range {
            return Vec::new();
        }
        self.time_range = range;
        self.hits = None;
        self.hovered = None;
        let mut effects = vec![Effect::MarkersChanged];
        if let Some(sel) = self.selected {
            if !self.visible_range().contains(&sel) {
                self.selected = None;
                effects.push(Effect::SelectionChanged(None));
            }
        }
        effects
    }

    /// Positions of the incidents that pass the time filter: a contiguous range, since the
    /// incidents are sorted by date.
    pub fn visible_range(&self) -> Range<usize> {
        match self.time_range {
            None => 0..self.incidents.len(),
            Some(range) => self.time_index.range(range),
        }
    }

    /// The selected incident.
    pub fn selected_incident(&self) -> Option<&Incident> {
        self.selected.and_then(|n| self.incidents.get(n))
    }

    /// Selects an incident by id, or clears the selection with `None`.
    pub fn select(&mut self, id: Option<&str>) -> Result<Effect, UnknownIncident> {
        let target = match id {
            None => None,
            Some(id) => Some(self.position_of(id).ok_or_else(|| UnknownIncident(id.to_owned()))?),
        };
        Ok(self.set_selected(target))
    }

    fn set_selected(&mut self, target: Option<usize>) -> Effect {
        if target == self.selected {
            return Effect::Nothing;
        }
        self.selected = target;
        Effect::SelectionChanged(self.selected_incident().map(|i| i.id.clone()))
    }

    /// Screen position of an incident's marker centre (whether or not it is drawn).
    pub fn project_id(&self, id: &str) -> Option<ScreenPoint> {
        self.position_of(id).map(|n| self.view.project(self.incidents[n].position))
    }

    /// The markers of the current frame in draw order: the incidents that pass the filter and fall
    /// on screen, largest first so that small ones stay visible on top.
    pub fn markers(&mut self) -> &MarkerHits {
        let hits = self.hits.take().unwrap_or_else(|| self.compute_markers());
        self.hits.insert(hits)
    }

    fn compute_markers(&self) -> MarkerHits {
        let (w, h) = (self.view.width(), self.view.height());
        let mut drawn: Vec<DrawnMarker> = self
            .visible_range()
            .filter_map(|n| {
                let incident = &self.incidents[n];
                let radius = self.scale.radius(incident.casualties.value(self.size_by));
                let at = self.view.project(incident.position);
                let on_screen = at.x >= -radius && at.y >= -radius && at.x <= w + radius && at.y <= h + radius;
                on_screen.then_some(DrawnMarker { at, radius, incident: n })
            })
            .collect();
        drawn.sort_by(|a, b| b.radius.total_cmp(&a.radius));
        MarkerHits::new(drawn)
    }

    /// Answers one input.
    pub fn handle(&mut self, event: InputEvent) -> Effect {
        match event {
            InputEvent::PointerDown { pointer, at, .. } => {
                if self.gesture == Gesture::Idle {
                    self.gesture = Gesture::Pressed { pointer, start: at };
                }
                Effect::Nothing
            }
            InputEvent::PointerMove { pointer, at, kind } => self.pointer_moved(pointer, at, kind),
            InputEvent::PointerUp { pointer, at, kind } => self.pointer_released(pointer, at, kind),
            InputEvent::PointerLeave => {
                self.gesture = Gesture::Idle;
                self.set_hovered(None)
            }
            InputEvent::Wheel { at, delta_px } => {
                let zoom = Zoom::clamped(self.view.zoom().value() - delta_px * ZOOM_PER_WHEEL_PX);
                self.set_view(self.view.zoomed_about(at, zoom))
            }
            InputEvent::Key(key) => self.key_pressed(key),
        }
    }

    fn pointer_moved(&mut self, pointer: i32, at: ScreenPoint, kind: PointerKind) -> Effect {
        match self.gesture {
            Gesture::Pressed { pointer: p, start } if p == pointer && start.distance(at) > CLICK_SLOP => {
                self.gesture = Gesture::Dragging { pointer, last: at };
                self.hovered = None;
                self.set_view(self.view.panned_by(at.x - start.x, at.y - start.y))
            }
            Gesture::Dragging { pointer: p, last } if p == pointer => {
                self.gesture = Gesture::Dragging { pointer, last: at };
                self.set_view(self.view.panned_by(at.x - last.x, at.y - last.y))
            }
            Gesture::Idle if kind != PointerKind::Touch => {
                let under = self.markers().hit(at, kind.hit_tolerance());
                self.set_hovered(under)
            }
            _ => Effect::Nothing,
        }
    }

    fn pointer_released(&mut self, pointer: i32, at: ScreenPoint, kind: PointerKind) -> Effect {
        let gesture = std::mem::take(&mut self.gesture);
        match gesture {
            Gesture::Pressed { pointer: p, .. } if p == pointer => {
                let under = self.markers().hit(at, kind.hit_tolerance());
                self.set_selected(under)
            }
            Gesture::Dragging { pointer: p, .. } if p == pointer => Effect::Nothing,
            other => {
                self.gesture = other;
                Effect::Nothing
            }
        }
    }

    fn key_pressed(&mut self, key: MapKey) -> Effect {
        match key {
            MapKey::ZoomIn => self.zoom_by(ZOOM_STEP),
            MapKey::ZoomOut => self.zoom_by(-ZOOM_STEP),
            MapKey::Pan(dx, dy) => {
                self.set_view(self.view.panned_by(-f64::from(dx) * KEY_PAN_PX, -f64::from(dy) * KEY_PAN_PX))
            }
            MapKey::Escape => self.set_selected(None),
        }
    }

    fn set_hovered(&mut self, target: Option<usize>) -> Effect {
        if target == self.hovered {
            return Effect::Nothing;
        }
        self.hovered = target;
        Effect::HoverChanged(target.and_then(|n| self.incidents.get(n)).map(|i| i.id.clone()))
    }

    /// The incident under the pointer.
    pub fn hovered_incident(&self) -> Option<&Incident> {
        self.hovered.and_then(|n| self.incidents.get(n))
    }

    /// The basemap layer for the current view.
    pub fn basemap_layer(&self) -> DisplayList {
        scene::basemap_layer(self.basemap.as_deref(), &self.view, &self.theme)
    }

    /// Province and country borders alone, drawn again over web tiles so that provinces stay visible.
    pub fn border_layer(&self) -> DisplayList {
        scene::border_layer(self.basemap.as_deref(), &self.view, &self.theme)
    }

    /// The marker layer for the current view and filter.
    pub fn marker_layer(&mut self) -> DisplayList {
        let theme = self.theme;
        self.markers();
        let hits = self.hits.as_ref().map(|h| scene::marker_layer(h, &self.incidents, &theme));
        hits.unwrap_or_default()
    }

    /// The overlay layer: labels, hover and selection rings.
    pub fn overlay_layer(&mut self) -> DisplayList {
        let (hovered, selected, theme) = (self.hovered, self.selected, self.theme);
        self.markers();
        let Some(hits) = self.hits.as_ref() else { return DisplayList::default() };
        let hovered = hovered.and_then(|n| hits.find(n));
        let selected = selected.and_then(|n| hits.find(n));
        let context = OverlayContext {
            basemap: self.basemap.as_deref(),
            view: &self.view,
            language: self.language,
            keep_out: &self.label_keep_out,
        };
        scene::overlay_layer(&context, hovered, selected, &theme)
    }
}
