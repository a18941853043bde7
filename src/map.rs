//! The map's state: incidents and their indices, the view, the filters, the selection and the
//! gesture in progress. Every change goes through a method that says what it changed.

use std::fmt;
use std::ops::Range;
use std::rc::Rc;

use crate::basemap::{Basemap, WorldBox};
use crate::categories::{Categories, ColorBy};
use crate::cluster::{Aggregation, Aggregator, MarkerColumns, CELL_PX};
use crate::data::{Incident, IncidentId, IncidentStore, Precision, SizeBy};
use crate::geo::{Bounds, WorldPoint};
use crate::index::{DrawnMarker, MarkerTarget, TimeIndex, TimeRange};
use crate::input::{Effect, FocusOrder, Gesture, InputEvent, MapKey, PointerKind, CLICK_SLOP};
use crate::labels::LabelLanguage;
use crate::presets::ViewPreset;
use crate::quoted::Quoted;
use crate::scene::{self, DisplayList, OverlayContext};
use crate::symbols::{RadiusScale, Theme};
use crate::timeline::Totals;
use crate::view::{Insets, ScreenPoint, ScreenRect, Viewport, Zoom};

/// Padding, in CSS pixels, kept around a preset's area.
const FIT_PADDING: f64 = 24.0;
/// Padding around a cluster's members when zooming into it: room for their circles.
const CLUSTER_PADDING: f64 = 48.0;
/// Room past the panels for a marker's radius, when a click zooms into a cluster.
const MARKER_ROOM: f64 = 20.0;
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
        write!(f, "no incident has the id {}", Quoted(&self.0))
    }
}

impl std::error::Error for UnknownIncident {}

/// How far `v` must move to lie within `lo..=hi` (0 when it already does).
fn shift_into(v: f64, lo: f64, hi: f64) -> f64 {
    if v < lo {
        lo - v
    } else if v > hi {
        hi - v
    } else {
        0.0
    }
}

/// The incidents of a cluster opened in the details panel, in date order, with their totals:
/// summed once, when the list opens or the time range narrows it, since both the panel and the
/// `clusteropen` event read them and a cluster may hold half a million incidents.
#[derive(Debug)]
struct Listed {
    members: Vec<usize>,
    totals: Totals,
}

impl Listed {
    fn new(mut members: Vec<usize>, incidents: &IncidentStore) -> Self {
        members.retain(|&n| n < incidents.len());
        let mut totals = Totals { incidents: members.len() as u64, ..Totals::default() };
        for &n in &members {
            let c = incidents.casualties(n);
            totals.killed += u64::from(c.killed.unwrap_or(0));
            totals.injured += u64::from(c.injured.unwrap_or(0));
            totals.killed_unknown += u64::from(c.killed.is_none());
            totals.injured_unknown += u64::from(c.injured.is_none());
        }
        Self { members, totals }
    }
}

/// A cluster's incidents as the details panel lists them.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedIncidents {
    /// The first ones, in date order, made whole.
    pub first: Vec<Incident>,
    /// How many there are in all.
    pub count: usize,
    /// All of them summed: people reported killed and injured, and how many leave each unknown.
    pub totals: Totals,
}

/// How the size scale is fitted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScaleMode {
    /// To the whole dataset: a circle means the same number whatever time range is shown.
    #[default]
    Fixed,
    /// To the incidents in the time range: small waves fill the scale too (the legend follows).
    Visible,
}

/// Per-incident columns derived from the incidents, kept next to them so that a frame reads
/// flat arrays instead of chasing through each `Incident`.
#[derive(Clone, Debug, Default)]
struct Columns {
    world: Vec<WorldPoint>,
    values: Vec<Option<u32>>,
    approximate: Vec<bool>,
    categories: Vec<u8>,
}

impl Columns {
    /// The slices the aggregation reads.
    fn markers(&self) -> MarkerColumns<'_> {
        MarkerColumns {
            world: &self.world,
            values: &self.values,
            approximate: &self.approximate,
            categories: &self.categories,
        }
    }
}

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
/// let effects = map.handle(InputEvent::PointerUp { pointer: 1, at, kind: PointerKind::Mouse });
/// assert!(matches!(effects.as_slice(), [Effect::SelectionChanged(Some(id))] if id.as_str() == "airport"));
/// ```
pub struct IncidentMap {
    /// In date order (ties in input order); also the id index.
    incidents: IncidentStore,
    time_index: TimeIndex,
    columns: Columns,
    size_by: SizeBy,
    scale_mode: ScaleMode,
    scale: RadiusScale,
    categories: Categories,
    hidden: Vec<bool>,
    view: Viewport,
    time_range: Option<TimeRange>,
    selected: Option<usize>,
    /// The incident the keyboard is on (drawn with a focus ring).
    focused: Option<usize>,
    /// Shown incidents from north to south, computed when the keyboard first needs it after a
    /// filter change.
    geographic_order: Option<Vec<usize>>,
    listed: Option<Listed>,
    hovered: Option<MarkerTarget>,
    gesture: Gesture,
    /// The markers of the last frame and the binned cells and merges behind them, reused by the
    /// next frames as far as the change allows (src/cluster/).
    aggregator: Aggregator,
    /// The overlay's labels and what they were placed for.
    labels: LabelCache,
    /// The largest sizing figure of all the incidents (the fixed scale's maximum), kept so that a
    /// time change does not scan every value again.
    fixed_max: Option<u32>,
    basemap: Option<Rc<Basemap>>,
    theme: Theme,
    language: LabelLanguage,
    /// Where the shell's controls cover the map: labels keep clear of them.
    label_keep_out: Vec<ScreenRect>,
    /// The area the view was fitted to, until the reader moves the map: a resize then fits the
    /// same area again (a map laid out while hidden, or before its stylesheet loaded, still
    /// shows the whole country once it gets its real size).
    fitted: Option<Bounds>,
    /// Parts of the map covered by the shell's panels, kept clear when zooming into a cluster.
    insets: Insets,
}

impl IncidentMap {
    /// An empty map of Afghanistan at the given size in CSS pixels.
    pub fn new(width: f64, height: f64, pixel_ratio: f64) -> Self {
        let afghanistan = ViewPreset::Afghanistan.bounds();
        let view = Viewport::new(afghanistan.south_west(), Zoom::clamped(5.0), width, height, pixel_ratio)
            .fitted_to(afghanistan, FIT_PADDING);
        Self {
            incidents: IncidentStore::new(),
            time_index: TimeIndex::default(),
            columns: Columns::default(),
            size_by: SizeBy::default(),
            scale_mode: ScaleMode::default(),
            scale: RadiusScale::fitted(1, RadiusScale::MIN_RADIUS, RadiusScale::MAX_RADIUS),
            categories: Categories::default(),
            hidden: Vec::new(),
            view,
            time_range: None,
            selected: None,
            focused: None,
            geographic_order: None,
            listed: None,
            hovered: None,
            gesture: Gesture::Idle,
            aggregator: Aggregator::default(),
            labels: LabelCache::default(),
            fixed_max: None,
            basemap: None,
            theme: Theme::default(),
            language: LabelLanguage::default(),
            label_keep_out: Vec::new(),
            fitted: Some(afghanistan),
            insets: Insets::uniform(CLUSTER_PADDING),
        }
    }

    /// Replaces the incidents. They are sorted by date (ties keep their input order) and the size
    /// scale is fitted. The selection is kept if its incident is still there; if it is not, the
    /// effects say so (`SelectionChanged(None)`), as for any other end of a selection.
    pub fn set_incidents(&mut self, incidents: Vec<Incident>) -> Vec<Effect> {
        self.set_store(IncidentStore::from_incidents(incidents))
    }

    /// Replaces the incidents with a loaded store (see [`set_incidents`](Self::set_incidents)).
    pub fn set_store(&mut self, mut incidents: IncidentStore) -> Vec<Effect> {
        let selected_id = self.selected_incident().map(|i| i.id);
        // Free the old incidents before building the new columns: wasm memory keeps its peak.
        self.incidents = IncidentStore::new();
        self.columns = Columns::default();
        self.time_index = TimeIndex::default();
        incidents.sort_by_date();
        let count = incidents.len();
        self.time_index = TimeIndex::new((0..count).map(|n| incidents.date(n).day())).unwrap_or_default();
        self.columns.world = (0..count).map(|n| WorldPoint::from_lonlat(incidents.position(n))).collect();
        self.columns.approximate = (0..count).map(|n| incidents.precision(n) != Precision::Site).collect();
        self.incidents = incidents;
        let had_selection = selected_id.is_some();
        self.selected = selected_id.and_then(|id| self.incidents.position_of(id.as_str()));
        self.focused = None;
        self.listed = None;
        self.hovered = None;
        self.refresh_values();
        self.refresh_categories(self.categories.color_by());
        if had_selection && self.selected.is_none() {
            vec![Effect::SelectionChanged(None)]
        } else {
            Vec::new()
        }
    }

    fn refresh_values(&mut self) {
        let (incidents, size_by) = (&self.incidents, self.size_by);
        self.columns.values = (0..incidents.len()).map(|n| incidents.casualties(n).value(size_by)).collect();
        self.fixed_max = self.columns.values.iter().flatten().copied().max();
        self.aggregator.clear();
        self.fit_scale();
    }

    fn refresh_categories(&mut self, color_by: ColorBy) {
        self.categories = Categories::new(&self.incidents, color_by);
        self.columns.categories = (0..self.incidents.len()).map(|n| self.categories.of(n)).collect();
        self.hidden = vec![false; self.categories.entries().len()];
        self.aggregator.clear();
        self.geographic_order = None;
    }

    fn fit_scale(&mut self) {
        let max = self.range_max().unwrap_or(1);
        self.scale = RadiusScale::fitted(max, RadiusScale::MIN_RADIUS, RadiusScale::MAX_RADIUS);
    }

    /// The incidents, sorted by date.
    pub fn incidents(&self) -> &IncidentStore {
        &self.incidents
    }

    /// Position of an incident in [`incidents`](Self::incidents).
    pub fn position_of(&self, id: &str) -> Option<usize> {
        self.incidents.position_of(id)
    }

    /// Sets the basemap drawn under the markers.
    pub fn set_basemap(&mut self, basemap: Rc<Basemap>) {
        self.basemap = Some(basemap);
        // The generation goes on counting, so that no canvas takes new labels for ones it holds.
        self.labels.free = None;
        self.labels.kept_clear = None;
    }

    /// The basemap, if one is set.
    pub fn basemap(&self) -> Option<&Basemap> {
        self.basemap.as_deref()
    }

    /// Sets the colours.
    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
    }

    /// The colours.
    pub fn theme(&self) -> &Theme {
        &self.theme
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
        self.refresh_values();
    }

    /// How the size scale is fitted.
    pub fn scale_mode(&self) -> ScaleMode {
        self.scale_mode
    }

    /// Fits the size scale to the whole dataset or to the time range shown.
    pub fn set_scale_mode(&mut self, mode: ScaleMode) {
        self.scale_mode = mode;
        self.fit_scale();
    }

    /// The size scale in use.
    pub fn scale(&self) -> RadiusScale {
        self.scale
    }

    /// The size scale the markers of the view are drawn at: [`scale`](Self::scale), stepped
    /// down where the view's largest cluster would not fit it (see
    /// [`RadiusScale::stepped_to_fit`]).
    pub fn drawn_scale(&mut self) -> RadiusScale {
        let scale = self.scale;
        self.aggregation().drawn_scale().unwrap_or(scale)
    }

    /// The largest single value the scale is fitted to (for the size legend).
    pub fn scale_max(&self) -> u32 {
        self.range_max().unwrap_or(0)
    }

    /// The largest known sizing figure the scale is fitted to: of every incident (kept since the
    /// values last changed), or of the time range shown.
    fn range_max(&self) -> Option<u32> {
        match self.scale_mode {
            ScaleMode::Fixed => self.fixed_max,
            ScaleMode::Visible => self.columns.values[self.visible_range()].iter().flatten().copied().max(),
        }
    }

    /// Colours markers by another category (every category is shown again).
    pub fn set_color_by(&mut self, color_by: ColorBy) {
        self.refresh_categories(color_by);
    }

    /// The categories the markers are coloured by.
    pub fn categories(&self) -> &Categories {
        &self.categories
    }

    /// Hides or shows a category. Returns whether anything changed.
    pub fn set_category_hidden(&mut self, category: usize, hidden: bool) -> Vec<Effect> {
        match self.hidden.get_mut(category) {
            Some(h) if *h != hidden => *h = hidden,
            _ => return Vec::new(),
        }
        self.geographic_order = None;
        self.focused = self.focused.filter(|&n| self.is_shown(n));
        self.hovered = None;
        let mut effects = vec![Effect::MarkersChanged];
        self.narrow_details(&mut effects);
        effects
    }

    /// After a filter changed: an opened cluster's list keeps only the incidents still shown (and
    /// closes when none is), and a selected incident that the filter hides is let go, as a
    /// selected marker that cannot be seen would confuse.
    fn narrow_details(&mut self, effects: &mut Vec<Effect>) {
        let visible = self.visible_range();
        if let Some(list) = self.listed.take() {
            let mut members = list.members;
            members.retain(|&n| visible.contains(&n) && self.is_shown(n));
            if !members.is_empty() {
                self.listed = Some(Listed::new(members, &self.incidents));
            }
            effects.push(Effect::ListChanged);
        }
        if self.selected.is_some_and(|n| !visible.contains(&n) || !self.is_shown(n)) {
            self.selected = None;
            effects.push(Effect::SelectionChanged(None));
        }
    }

    /// Whether a category is hidden.
    pub fn is_category_hidden(&self, category: usize) -> bool {
        self.hidden.get(category).copied().unwrap_or(false)
    }

    /// Incidents per category in the time range (hidden ones included), in legend order.
    pub fn category_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.categories.entries().len()];
        for n in self.visible_range() {
            if let Some(c) = counts.get_mut(usize::from(self.columns.categories[n])) {
                *c += 1;
            }
        }
        counts
    }

    /// Whether the incident at this position passes the category filter.
    pub fn is_shown(&self, n: usize) -> bool {
        !self.hidden.get(usize::from(self.columns.categories[n])).copied().unwrap_or(false)
    }

    /// Whether any category is hidden.
    pub fn any_category_hidden(&self) -> bool {
        self.hidden.iter().any(|&h| h)
    }

    /// The incidents that pass every filter (time and category), in date order, each made whole
    /// as it is reached: take only the ones needed.
    pub fn shown_incidents(&self) -> impl Iterator<Item = Incident> + '_ {
        self.visible_range().filter(|&n| self.is_shown(n)).map(|n| self.incidents.get(n))
    }

    /// How many incidents pass every filter.
    pub fn shown_count(&self) -> usize {
        self.visible_range().filter(|&n| self.is_shown(n)).count()
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
        self.fit_bounds(preset.bounds())
    }

    /// Shows `bounds` whole, as close as the zoom limits allow. Until the reader moves the map, a
    /// resize fits the same box again.
    ///
    /// ```
    /// use incident_map::{Bounds, IncidentMap, LonLat};
    /// let mut map = IncidentMap::new(800.0, 600.0, 1.0);
    /// let kunduz = Bounds::new(LonLat::new(68.80, 36.68).unwrap(), LonLat::new(68.92, 36.76).unwrap());
    /// map.fit_bounds(kunduz);
    /// let east = map.view().project(kunduz.north_east());
    /// assert!(east.x > 0.0 && east.x <= 800.0 && east.y >= 0.0 && east.y < 600.0, "{east:?}");
    /// ```
    pub fn fit_bounds(&mut self, bounds: Bounds) -> Effect {
        self.fitted = Some(bounds);
        self.replace_view(self.view.fitted_to(bounds, FIT_PADDING))
    }

    /// The named area the view was fitted to, until the reader moves the map (the shell marks
    /// its button as the current one).
    pub fn current_preset(&self) -> Option<ViewPreset> {
        ViewPreset::ALL.into_iter().find(|p| self.fitted == Some(p.bounds()))
    }

    /// Zooms by `steps` levels about the centre of the map.
    pub fn zoom_by(&mut self, steps: f64) -> Effect {
        let center = ScreenPoint::new(self.view.width() / 2.0, self.view.height() / 2.0);
        self.set_view(self.view.zoomed_about(center, Zoom::clamped(self.view.zoom().value() + steps)))
    }

    /// Parts of the map that the shell's panels cover (the details panel, the legend): a zoom
    /// into a cluster keeps its incidents clear of them. Each side gets at least a margin.
    pub fn set_insets(&mut self, insets: Insets) {
        let m = CLUSTER_PADDING;
        self.insets = Insets {
            top: insets.top.max(m),
            right: insets.right.max(m),
            bottom: insets.bottom.max(m),
            left: insets.left.max(m),
        };
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
        self.geographic_order = None;
        self.hovered = None;
        if self.scale_mode == ScaleMode::Visible {
            self.fit_scale();
        }
        let mut effects = vec![Effect::MarkersChanged];
        if let Some(focused) = self.focused {
            if !self.visible_range().contains(&focused) {
                self.focused = None;
                effects.push(Effect::FocusChanged(None));
            }
        }
        self.narrow_details(&mut effects);
        effects
    }

    /// Positions of the incidents that pass the time filter: a contiguous range, since the
    /// incidents are sorted by date.
    pub fn visible_range(&self) -> Range<usize> {
        self.time_index.range_or_all(self.time_range, self.incidents.len())
    }

    /// The selected incident.
    pub fn selected_incident(&self) -> Option<Incident> {
        self.selected.filter(|&n| n < self.incidents.len()).map(|n| self.incidents.get(n))
    }

    /// The id of the selected incident.
    pub fn selected_id(&self) -> Option<&str> {
        self.selected.filter(|&n| n < self.incidents.len()).map(|n| self.incidents.id(n))
    }

    /// The incidents listed in the details panel after a cluster was opened, in date order: the
    /// first `limit` made whole, with the count and the totals of all of them.
    pub fn listed_incidents(&self, limit: usize) -> Option<ListedIncidents> {
        let list = self.listed.as_ref()?;
        Some(ListedIncidents {
            first: list.members.iter().take(limit).map(|&n| self.incidents.get(n)).collect(),
            count: list.members.len(),
            totals: list.totals,
        })
    }

    /// How many incidents the list of an opened cluster holds, and the ids of the first `limit`
    /// (for the `clusteropen` event: read without making the incidents whole).
    pub fn listed_ids(&self, limit: usize) -> Option<(usize, Vec<String>)> {
        let list = self.listed.as_ref()?;
        Some((list.members.len(), list.members.iter().take(limit).map(|&n| self.incidents.id(n).to_owned()).collect()))
    }

    /// The selected incident's place in the opened cluster's list, if it is one of its entries.
    pub fn selected_list_entry(&self) -> Option<usize> {
        let selected = self.selected?;
        self.listed.as_ref()?.members.iter().position(|&n| n == selected)
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
        Effect::SelectionChanged(self.selected_id().and_then(IncidentId::new))
    }

    /// Closes the details: the selection and any cluster list.
    pub fn close_details(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.listed.take().is_some() {
            effects.push(Effect::ListChanged);
        }
        effects.push(self.set_selected(None));
        effects.retain(|e| *e != Effect::Nothing);
        effects
    }

    /// Screen position of an incident's marker centre (whether or not it is drawn).
    pub fn project_id(&self, id: &str) -> Option<ScreenPoint> {
        self.position_of(id).map(|n| self.view.project(self.incidents.position(n)))
    }

    /// The markers of the current frame: incidents that pass the filters and fall on screen,
    /// aggregated where they would overlap, largest first. Cached: a call for an unchanged view
    /// and filter costs nothing, a pan only reprojects (src/cluster/).
    pub fn aggregation(&mut self) -> &Aggregation {
        let range = self.visible_range();
        let columns = self.columns.markers();
        // A scale fitted to the whole dataset is stepped as the whole dataset would be (see
        // `Aggregator::step_by_everything`); one fitted to the time range, by what it shows.
        self.aggregator.step_by_everything(self.scale_mode == ScaleMode::Fixed);
        self.aggregator.aggregation(&columns, range, &self.hidden, &self.view, self.scale)
    }

    /// The drawn markers, in draw order.
    pub fn markers(&mut self) -> &[DrawnMarker] {
        self.aggregation().hits.markers()
    }

    /// The incidents a drawn marker stands for, in date order.
    pub fn members(&mut self, target: MarkerTarget) -> Vec<usize> {
        self.aggregation().members(target)
    }

    /// The marker under the pointer, if any.
    pub fn hovered_marker(&mut self) -> Option<DrawnMarker> {
        let target = self.hovered?;
        self.aggregation().hits.find(target).copied()
    }

    /// Answers one input with what it changed.
    pub fn handle(&mut self, event: InputEvent) -> Vec<Effect> {
        let effects = match event {
            InputEvent::PointerDown { pointer, at, .. } => {
                self.gesture = match self.gesture {
                    Gesture::Idle => Gesture::Pressed { pointer, start: at },
                    // A second finger: a pinch or a two-finger pan, never a tap.
                    Gesture::Pressed { pointer: first, start } => Gesture::Dragging { pointer: first, last: start },
                    dragging => dragging,
                };
                Vec::new()
            }
            InputEvent::PointerMove { pointer, at, kind } => vec![self.pointer_moved(pointer, at, kind)],
            InputEvent::PointerUp { pointer, at, kind } => self.pointer_released(pointer, at, kind),
            InputEvent::PointerLeave => {
                self.gesture = Gesture::Idle;
                vec![self.set_hovered(None)]
            }
            InputEvent::Wheel { at, delta_px } => {
                let zoom = Zoom::clamped(self.view.zoom().value() - delta_px * ZOOM_PER_WHEEL_PX);
                vec![self.set_view(self.view.zoomed_about(at, zoom))]
            }
            InputEvent::Key(MapKey::Escape) => self.close_details(),
            InputEvent::Key(MapKey::Step(order, step)) => self.step_focus(order, step),
            InputEvent::Key(MapKey::Ends(last)) => self.focus_end(last),
            InputEvent::Key(MapKey::Activate) => self.activate_focused(),
            InputEvent::Key(MapKey::ActivateCluster) => {
                let n = self.focused;
                match n.and_then(|n| self.aggregation().marker_of(n)).map(|m| m.target) {
                    Some(cluster @ MarkerTarget::Cluster(_)) => self.activate(cluster),
                    _ => self.activate_focused(),
                }
            }
            InputEvent::Key(key) => vec![self.key_pressed(key)],
            InputEvent::TwoFingers { from, to, scale } => {
                let zoom = Zoom::clamped(self.view.zoom().value() + crate::geo::trig::log2(scale.max(1e-3)));
                let panned = self.view.panned_by(to.x - from.x, to.y - from.y);
                vec![self.set_view(panned.zoomed_about(to, zoom))]
            }
        };
        effects.into_iter().filter(|e| *e != Effect::Nothing).collect()
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
                let under = self.aggregation().hits.hit(at, kind.hit_tolerance());
                self.set_hovered(under)
            }
            _ => Effect::Nothing,
        }
    }

    fn pointer_released(&mut self, pointer: i32, at: ScreenPoint, kind: PointerKind) -> Vec<Effect> {
        let gesture = std::mem::take(&mut self.gesture);
        match gesture {
            Gesture::Pressed { pointer: p, .. } if p == pointer => {
                let under = self.aggregation().hits.hit(at, kind.hit_tolerance());
                match under {
                    Some(target) => self.activate(target),
                    None => self.close_details(),
                }
            }
            Gesture::Dragging { pointer: p, .. } if p == pointer => Vec::new(),
            other => {
                self.gesture = other;
                Vec::new()
            }
        }
    }

    /// What a click or a tap (or Enter on a focused marker) on a marker does: an incident opens
    /// its details; a cluster lists its incidents in the details panel and zooms in to split them
    /// where they do not share one point. Every incident is then one more click away.
    pub fn activate(&mut self, target: MarkerTarget) -> Vec<Effect> {
        let members = self.members(target);
        match members.as_slice() {
            [] => Vec::new(),
            [one] => {
                let mut effects = Vec::new();
                if self.listed.take().is_some() {
                    effects.push(Effect::ListChanged);
                }
                effects.push(self.set_selected(Some(*one)));
                effects.push(self.reveal(*one));
                effects
            }
            _ => {
                let mut effects = vec![self.set_selected(None), Effect::ListChanged];
                if let Some(view) = self.split_view(&members) {
                    effects.push(self.set_view(view));
                }
                self.listed = Some(Listed::new(members, &self.incidents));
                effects
            }
        }
    }

    /// Pans, if needed, so that an incident is clear of the panels (the details panel that its
    /// selection opens may cover it, on a phone most of all).
    pub fn reveal(&mut self, incident: usize) -> Effect {
        let Some(&world) = self.columns.world.get(incident) else { return Effect::Nothing };
        let p = self.view.world_to_screen(world);
        // The whole circle, not just its centre, should clear the panels.
        let radius = self.scale.radius(self.columns.values.get(incident).copied().flatten());
        let margin = radius + 8.0;
        let (left, top) = (self.insets.left + margin, self.insets.top + margin);
        let right = (self.view.width() - self.insets.right - margin).max(left);
        let bottom = (self.view.height() - self.insets.bottom - margin).max(top);
        let (dx, dy) = (shift_into(p.x, left, right), shift_into(p.y, top, bottom));
        if dx == 0.0 && dy == 0.0 {
            return Effect::Nothing;
        }
        self.set_view(self.view.panned_by(dx, dy))
    }

    /// The view that spreads a cluster's members, or `None` when they share one point (no zoom
    /// splits them: the list in the details panel does).
    fn split_view(&self, members: &[usize]) -> Option<Viewport> {
        // The box of the members' projected positions (flat columns, no geographic clamping per
        // point): a cluster may hold most of a million incidents.
        let world = &self.columns.world;
        let extent = WorldBox::around(members.iter().filter_map(|&n| world.get(n).copied()))?;
        let (a, b) = (extent.min, extent.max);
        let bounds = Bounds::new(a.to_lonlat(), b.to_lonlat());
        let spread_at_max_zoom = (a.x - b.x).hypot(a.y - b.y) * crate::geo::TILE_SIZE * Zoom::MAX.exp2();
        if spread_at_max_zoom < CELL_PX {
            return None;
        }
        // The fit places the incidents' centres: past the panels (the insets), keep room for
        // the radius of a typical marker, or one at the edge would sit half under a panel. (The
        // largest, 36 px, would zoom a phone's narrow band between buttons and sheet too far out.)
        let i = self.insets;
        let room = MARKER_ROOM;
        let insets = Insets { top: i.top + room, right: i.right + room, bottom: i.bottom + room, left: i.left + room };
        let fitted = self.view.fitted_within(bounds, insets);
        let zoom = fitted.zoom().value().max((self.view.zoom().value() + 1.0).min(Zoom::MAX));
        Some(fitted.with_zoom(Zoom::clamped(zoom)))
    }

    fn key_pressed(&mut self, key: MapKey) -> Effect {
        match key {
            MapKey::ZoomIn => self.zoom_by(ZOOM_STEP),
            MapKey::ZoomOut => self.zoom_by(-ZOOM_STEP),
            MapKey::Pan(dx, dy) => {
                self.set_view(self.view.panned_by(-f64::from(dx) * KEY_PAN_PX, -f64::from(dy) * KEY_PAN_PX))
            }
            MapKey::Escape | MapKey::Step(..) | MapKey::Ends(_) | MapKey::Activate | MapKey::ActivateCluster => {
                Effect::Nothing
            }
        }
    }

    /// The incident the keyboard is on.
    pub fn focused_incident(&self) -> Option<Incident> {
        self.focused.filter(|&n| n < self.incidents.len()).map(|n| self.incidents.get(n))
    }

    /// The id of the incident the keyboard is on.
    pub fn focused_id(&self) -> Option<&str> {
        self.focused.filter(|&n| n < self.incidents.len()).map(|n| self.incidents.id(n))
    }

    /// The focused incident's place in the time order of the shown incidents: (1-based
    /// position, count), for "3 of 17".
    pub fn focus_position(&self) -> Option<(usize, usize)> {
        let focused = self.focused?;
        let shown: Vec<usize> = self.visible_range().filter(|&n| self.is_shown(n)).collect();
        let at = shown.iter().position(|&n| n == focused)?;
        Some((at + 1, shown.len()))
    }

    fn shown_in(&mut self, order: FocusOrder) -> Vec<usize> {
        match order {
            FocusOrder::Time => self.visible_range().filter(|&n| self.is_shown(n)).collect(),
            FocusOrder::Geographic => {
                if self.geographic_order.is_none() {
                    let mut shown: Vec<usize> = self.visible_range().filter(|&n| self.is_shown(n)).collect();
                    let world = &self.columns.world;
                    // Positions sorted in place by the module's one copy of the stable sort.
                    crate::sort::sort_positions(&mut shown, &mut |a, b| {
                        world[a].y.total_cmp(&world[b].y).then(world[a].x.total_cmp(&world[b].x))
                    });
                    self.geographic_order = Some(shown);
                }
                self.geographic_order.clone().unwrap_or_default()
            }
        }
    }

    /// Moves the keyboard focus by `step` in `order` (starting from the first incident) and
    /// brings it into view.
    fn step_focus(&mut self, order: FocusOrder, step: i8) -> Vec<Effect> {
        let shown = self.shown_in(order);
        if shown.is_empty() {
            return Vec::new();
        }
        let next = match self.focused.and_then(|f| shown.iter().position(|&n| n == f)) {
            None => 0,
            Some(at) => (at as isize + isize::from(step)).clamp(0, shown.len() as isize - 1) as usize,
        };
        self.set_focus(shown[next])
    }

    fn focus_end(&mut self, last: bool) -> Vec<Effect> {
        let shown = self.shown_in(FocusOrder::Time);
        let target = if last { shown.last() } else { shown.first() };
        match target {
            Some(&n) => self.set_focus(n),
            None => Vec::new(),
        }
    }

    fn set_focus(&mut self, incident: usize) -> Vec<Effect> {
        if self.focused == Some(incident) {
            return Vec::new();
        }
        self.focused = Some(incident);
        let id = (incident < self.incidents.len()).then(|| self.incidents.id(incident)).and_then(IncidentId::new);
        vec![Effect::FocusChanged(id), self.reveal(incident)]
    }

    /// Opens the focused incident's details (Enter), or focuses the first incident.
    fn activate_focused(&mut self) -> Vec<Effect> {
        match self.focused {
            Some(n) => {
                let mut effects = Vec::new();
                if self.listed.take().is_some() {
                    effects.push(Effect::ListChanged);
                }
                effects.push(self.set_selected(Some(n)));
                effects.push(self.reveal(n));
                effects
            }
            None => self.step_focus(FocusOrder::Time, 1),
        }
    }

    /// Moves the keyboard focus to an incident (for instance the one a reader picked in the
    /// table or the list), or clears it.
    pub fn focus(&mut self, id: Option<&str>) -> Vec<Effect> {
        match id.and_then(|id| self.position_of(id)) {
            Some(n) => self.set_focus(n),
            None if self.focused.take().is_some() => vec![Effect::FocusChanged(None)],
            None => Vec::new(),
        }
    }

    fn set_hovered(&mut self, target: Option<MarkerTarget>) -> Effect {
        if target == self.hovered {
            return Effect::Nothing;
        }
        self.hovered = target;
        Effect::HoverChanged(target)
    }

    /// The basemap layer for the current view.
    pub fn basemap_layer(&self) -> DisplayList {
        scene::basemap_layer(self.basemap.as_deref(), &self.view, &self.theme)
    }

    /// Province and country borders alone, drawn again over web tiles so that provinces stay visible.
    pub fn border_layer(&self) -> DisplayList {
        scene::border_layer(self.basemap.as_deref(), &self.view, &self.theme)
    }

    /// The marker layer for the current view and filters.
    pub fn marker_layer(&mut self) -> DisplayList {
        let range = self.visible_range();
        let columns = self.columns.markers();
        self.aggregator.step_by_everything(self.scale_mode == ScaleMode::Fixed);
        let aggregation = self.aggregator.aggregation(&columns, range, &self.hidden, &self.view, self.scale);
        scene::marker_layer(aggregation.hits.markers(), &self.categories, &self.theme)
    }

    /// The marker layer as it would be drawn in another view at the same zoom (for a copy that
    /// reaches past the screen), or `None` where the cached aggregation does not cover it.
    pub fn marker_layer_in(&mut self, view: &Viewport) -> Option<DisplayList> {
        let markers = self.aggregation().markers_in(view)?;
        Some(scene::marker_layer(&markers, &self.categories, &self.theme))
    }

    /// Identifies the markers drawn (see [`Aggregation::merge_id`]).
    pub fn marker_merge_id(&mut self) -> Option<u64> {
        self.aggregation().merge_id()
    }

    /// The overlay layer: labels, hover and selection rings.
    pub fn overlay_layer(&mut self) -> DisplayList {
        self.overlay_layer_with(true)
    }

    /// The overlay layer, with or without the place labels (see [`IncidentMap::label_layer`]).
    pub fn overlay_layer_with(&mut self, labels: bool) -> DisplayList {
        let mut list = if labels { self.label_layer().1 } else { DisplayList::default() };
        list.commands.extend(self.ring_layer().commands);
        list
    }

    /// The place and province labels, and a number that changes whenever they are placed again
    /// (the shell repaints their canvas only then). They are placed again only when what they
    /// depend on changed: a hover, a focus move or a time change keeps them (placing them costs a
    /// point-in-polygon test per province and a collision pass).
    pub fn label_layer(&mut self) -> (u64, DisplayList) {
        let (generation, commands) = self.current_labels();
        (generation, DisplayList { commands: commands.to_vec() })
    }

    /// The number [`IncidentMap::label_layer`] would give, without copying the labels: a frame
    /// whose canvas already holds them needs no more.
    pub fn label_generation(&mut self) -> u64 {
        self.current_labels().0
    }

    /// Whether the labels wait for the map to be still before they are placed again around new
    /// counts (see [`IncidentMap::labels_await_counts`]). The shell sets it while a time change
    /// or a filter is painted, and clears it once the map is still: a slider or Play then does not
    /// place and paint the labels at every step (1-3 ms at 100,000 incidents, profiled).
    pub fn defer_label_counts(&mut self, defer: bool) {
        self.labels.defer_counts = defer;
    }

    /// Whether labels kept through new counts (see [`IncidentMap::defer_label_counts`]) would be
    /// placed again now: some new count comes near one.
    pub fn labels_await_counts(&mut self) -> bool {
        let counts = self.count_boxes();
        self.labels
            .free
            .as_ref()
            .is_some_and(|(cached, placed, _)| cached.counts != counts && !placed.clear_of_counts(&counts))
    }

    /// The labels for the current view and selection, placed if they are not yet.
    fn current_labels(&mut self) -> (u64, &[crate::scene::DrawCommand]) {
        let mut key = LabelKey {
            setting: LabelSetting {
                view: self.view,
                language: self.language,
                keep_out: self.label_keep_out.clone(),
                basemap: self.basemap.as_ref().map(|b| Rc::as_ptr(b) as usize),
                theme: self.theme,
            },
            counts: self.count_boxes(),
        };
        // New counts alone (a time change, a filter) keep the labels while they still keep clear
        // of them, or, deferred, until the map is still: no placing and painting at every step of
        // a slider.
        if let Some((cached, placed, _)) = &mut self.labels.free {
            if cached.setting == key.setting && cached.counts != key.counts {
                if placed.clear_of_counts(&key.counts) {
                    let kept_clear_holds =
                        self.labels.kept_clear.as_ref().is_none_or(|(_, kept, _)| kept.clear_of_counts(&key.counts));
                    if !kept_clear_holds {
                        self.labels.kept_clear = None;
                    }
                    cached.counts = key.counts.clone();
                } else if self.labels.defer_counts {
                    // Kept as placed for the counts they were placed around.
                    key = cached.clone();
                }
            }
        }
        if !matches!(&self.labels.free, Some((cached, _, _)) if *cached == key) {
            let placed = scene::overlay_labels(&self.overlay_context(None, &key.counts), None, &self.theme);
            self.labels.generation += 1;
            self.labels.free = Some((key, placed, self.labels.generation));
            self.labels.kept_clear = None;
        }
        let selected = self.selected.map(|n| self.ringed_marker(n));
        let keep_clear = match (&self.labels.free, &selected) {
            (Some((_, free, _)), Some(m)) => Some(scene::label_keep_clear(m)).filter(|&k| !free.unmoved_by(k)),
            _ => None,
        };
        let Some(keep_clear) = keep_clear else {
            return self.labels.free.as_ref().map_or((0, &[]), |(_, free, generation)| (*generation, &free.commands));
        };
        if !matches!(&self.labels.kept_clear, Some((cached, _, _)) if *cached == keep_clear) {
            let counts = self.labels.free.as_ref().map(|(key, _, _)| key.counts.clone()).unwrap_or_default();
            let placed = scene::overlay_labels(&self.overlay_context(None, &counts), selected.as_ref(), &self.theme);
            self.labels.generation += 1;
            self.labels.kept_clear = Some((keep_clear, placed, self.labels.generation));
        }
        self.labels.kept_clear.as_ref().map_or((0, &[]), |(_, placed, generation)| (*generation, &placed.commands))
    }

    /// The rings around the hovered, the selected and the focused marker.
    pub fn ring_layer(&mut self) -> DisplayList {
        let hovered = self.hovered.and_then(|t| self.aggregation().hits.find(t).copied());
        let selected = self.selected.map(|n| self.ringed_marker(n));
        let focused = self.focused.map(|n| self.ringed_marker(n));
        let context = self.overlay_context(focused.as_ref(), &[]);
        scene::overlay_rings(&context, hovered.as_ref(), selected.as_ref(), &self.theme)
    }

    /// A key of what [`IncidentMap::ring_layer`] draws, the view aside: which markers are ringed,
    /// and the markers they ring.
    pub fn ring_key(&mut self) -> u64 {
        let merge = self.aggregation().merge_id().unwrap_or(0);
        let target = |t: Option<MarkerTarget>| match t {
            None => 0,
            Some(MarkerTarget::Incident(n)) => 2 * n as u64 + 1,
            Some(MarkerTarget::Cluster(n)) => 2 * n as u64 + 2,
        };
        let parts = [
            merge,
            target(self.hovered),
            self.selected.map_or(0, |n| n as u64 + 1),
            self.focused.map_or(0, |n| n as u64 + 1),
        ];
        // FNV-1a over the parts: a key to compare, not a hash table's.
        parts
            .iter()
            .flat_map(|p| p.to_le_bytes())
            .fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    }

    /// Whether a drag of the map is under way.
    pub fn is_dragging(&self) -> bool {
        matches!(self.gesture, Gesture::Dragging { .. })
    }

    /// The marker drawn for incident `n`; one inside a cluster is ringed where it really is, at
    /// the smallest size.
    fn ringed_marker(&mut self, n: usize) -> DrawnMarker {
        let (view, scale) = (self.view, self.scale);
        let world = self.columns.world[n];
        match self.aggregation().hits.find(MarkerTarget::Incident(n)) {
            Some(m) => *m,
            None => DrawnMarker::incident(view.world_to_screen(world), scale.min_radius(), n),
        }
    }

    fn overlay_context<'a>(&'a self, focused: Option<&'a DrawnMarker>, counts: &'a [ScreenRect]) -> OverlayContext<'a> {
        OverlayContext {
            basemap: self.basemap.as_deref(),
            view: &self.view,
            language: self.language,
            focused,
            keep_out: &self.label_keep_out,
            counts,
        }
    }

    /// The boxes of the counts written in the clusters drawn now, which the labels keep clear of
    /// (see [`crate::label_commands`]).
    pub fn count_boxes(&mut self) -> Vec<ScreenRect> {
        scene::count_boxes(self.aggregation().hits.markers())
    }
}

/// What the overlay's labels were placed for (see [`IncidentMap::label_layer`]), the selected
/// marker aside.
#[derive(Clone, Debug, PartialEq)]
struct LabelKey {
    setting: LabelSetting,
    /// The clusters' counts the labels keep clear of: new counts (a time range, a filter) place
    /// them again only if they come near one (see `PlacedLabels::clear_of_counts`).
    counts: Vec<ScreenRect>,
}

/// Everything the labels depend on but the clusters' counts: any change places them again.
#[derive(Clone, Debug, PartialEq)]
struct LabelSetting {
    view: Viewport,
    language: LabelLanguage,
    keep_out: Vec<ScreenRect>,
    basemap: Option<usize>,
    theme: Theme,
}

/// The labels placed for a [`LabelKey`] with nothing to keep clear of, and, when the selected
/// marker is near enough to move some, placed again clear of it; each with the generation that
/// tells the shell whether its canvas holds them.
#[derive(Default)]
struct LabelCache {
    free: Option<(LabelKey, crate::labels::PlacedLabels, u64)>,
    kept_clear: Option<((ScreenPoint, f64), crate::labels::PlacedLabels, u64)>,
    generation: u64,
    /// See [`IncidentMap::defer_label_counts`].
    defer_counts: bool,
}
