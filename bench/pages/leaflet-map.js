// The same map in Leaflet 1.9, written the way Leaflet's documentation recommends for many
// points: one canvas renderer for every marker (preferCanvas), one L.circleMarker per incident
// made by L.geoJSON's pointToLayer, radius from the widget's scale (area-true: radius =
// clamp(36 * sqrt(v / max), 4, 36), unknown drawn at 4), largest drawn first so small ones stay
// on top, dashed outline for approximate positions. A time range is applied the way a
// TimeDimension-style slider does it, by removing and adding markers, here with a binary search
// over the markers sorted by day so that only the markers that change are touched. A click opens
// a details panel beside the map, like the widget's (a Leaflet popup would autopan, which here
// means one more full redraw).
//
// Options that differ from Leaflet's defaults, and why:
// - zoomSnap: 0, so the view can match the widget's fitted, fractional zoom exactly;
// - zoomAnimation: false and inertia: false, because the widget has neither: each input is
//   measured to the frame that shows its final result, not to the end of an animation;
// - wheelPxPerZoomLevel: 138, so one wheel notch (100 px) zooms half a level, as in the widget.
/* global L */
const MIN_RADIUS = 4;
const MAX_RADIUS = 36;
const FILL = '#c62828';
const FILL_OPACITY = 170 / 255;
const OUTLINE = '#6d0f0f';
const AFGHANISTAN = [[29.3, 60.4], [38.6, 75.0]];
const FIT_PADDING = 24;

const container = document.getElementById('leaflet-map');
const details = document.getElementById('details');
const map = L.map(container, {
  preferCanvas: true,
  zoomSnap: 0,
  zoomAnimation: false,
  inertia: false,
  wheelPxPerZoomLevel: 138,
  attributionControl: false,
}).fitBounds(AFGHANISTAN, { padding: [FIT_PADDING, FIT_PADDING] });
// Clicks inside the panel stay in the panel.
L.DomEvent.disableClickPropagation(details);

let group = null;
let byDay = null; // {layers: sorted by day, days: Int32Array}
let shown = [0, 0]; // the [start, end) of byDay.layers on the map
let selectionWaiter = null;

const dayNumber = (iso) => Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000);

function radiusScale(features) {
  let max = 1;
  for (const f of features) {
    const k = f.properties.killed;
    if (Number.isInteger(k) && k > max) max = k;
  }
  const perSqrtUnit = MAX_RADIUS / Math.sqrt(max);
  return (v) => (Number.isInteger(v) ? Math.min(MAX_RADIUS, Math.max(MIN_RADIUS, perSqrtUnit * Math.sqrt(v))) : MIN_RADIUS);
}

function showDetails(layer) {
  const p = layer.feature.properties;
  document.getElementById('details-title').textContent = `${p.place ?? p.id}, ${p.date}`;
  document.getElementById('details-body').textContent =
    `${p.killed ?? 'unknown'} killed, ${p.injured ?? 'unknown'} injured. Target: ${p.target ?? 'unknown'}.`;
  details.hidden = false;
  if (selectionWaiter) selectionWaiter();
}

function build(features) {
  const radius = radiusScale(features);
  features.sort((a, b) => radius(b.properties.killed) - radius(a.properties.killed));
  const layer = L.geoJSON(features, {
    pointToLayer: (feature, latlng) =>
      L.circleMarker(latlng, {
        radius: radius(feature.properties.killed),
        color: OUTLINE,
        weight: 1,
        opacity: 1,
        fillColor: FILL,
        fillOpacity: FILL_OPACITY,
        dashArray: feature.properties.precision && feature.properties.precision !== 'site' ? '3 2' : null,
      }),
  });
  layer.on('click', (e) => showDetails(e.layer));
  return layer;
}

function indexByDay(layer) {
  const layers = layer.getLayers();
  const days = layers.map((l) => dayNumber(l.feature.properties.date));
  const order = days.map((_, i) => i).sort((a, b) => days[a] - days[b] || a - b);
  return { layers: order.map((i) => layers[i]), days: Int32Array.from(order, (i) => days[i]) };
}

/** First position in the sorted `days` whose day is >= `day` (or > `day` when `after`). */
function bound(days, day, after) {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid] < day || (after && days[mid] === day)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function setShown(start, end) {
  const [oldStart, oldEnd] = shown;
  const layers = byDay.layers;
  for (let i = oldStart; i < oldEnd; i++) if (i < start || i >= end) group.removeLayer(layers[i]);
  for (let i = start; i < end; i++) if (i < oldStart || i >= oldEnd) group.addLayer(layers[i]);
  shown = [start, end];
}

window.__lib = {
  name: 'Leaflet 1.9',
  async ready() {
    await window.__probe.twoFrames();
    return performance.now();
  },
  async load(url) {
    const t0 = performance.now();
    const text = await (await fetch(url)).text();
    const t1 = performance.now();
    const data = JSON.parse(text);
    const t2 = performance.now();
    group = build(data.features);
    group.addTo(map);
    byDay = indexByDay(group);
    shown = [0, byDay.layers.length];
    const t3 = performance.now();
    const t4 = await window.__probe.twoFrames();
    const longestTaskMs = window.__probe.longestTaskSince(t0);
    return { loaded: byDay.layers.length, rejected: 0, fetchMs: t1 - t0, parseMs: t2 - t1, dataMs: t3 - t1, paintMs: t4 - t3, ms: t4 - t0, longestTaskMs };
  },
  /** Deferred work to wait for after an input: a wheel zoom is applied after a debounce timer. */
  until(what) {
    if (what === 'zoom') return new Promise((resolve) => map.once('moveend', () => resolve()));
    if (what === 'select') return new Promise((resolve) => { selectionWaiter = resolve; });
    return Promise.resolve();
  },
  expectSelection() {},
  detailsShown() {
    return !details.hidden && details.getBoundingClientRect().width > 0;
  },
  clearSelection() {
    details.hidden = true;
    selectionWaiter = null;
  },
  /** Shows the box [[west, south], [east, north]] whole, with the widget's 24 px padding. */
  async showBox([[w, s], [e, n]]) {
    map.fitBounds([[s, w], [n, e]], { padding: [FIT_PADDING, FIT_PADDING] });
    await window.__probe.twoFrames();
  },
  hitsMap(x, y) {
    const top = document.elementFromPoint(x, y);
    return Boolean(top && top.tagName === 'CANVAS' && container.contains(top));
  },
  listShown() {
    return false;
  },
  setTimeRange(from, to) {
    if (from == null) return setShown(0, byDay.layers.length);
    return setShown(bound(byDay.days, dayNumber(from), false), bound(byDay.days, dayNumber(to), true));
  },
  view() {
    const c = map.getCenter();
    const r = container.getBoundingClientRect();
    const size = map.getSize();
    return { center: [c.lng, c.lat], zoom: map.getZoom(), left: r.left, top: r.top, width: size.x, height: size.y };
  },
  screenPoint(lon, lat) {
    const p = map.latLngToContainerPoint([lat, lon]);
    const r = container.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  },
  async wasmBytes() {
    return null;
  },
};
