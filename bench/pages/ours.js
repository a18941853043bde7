// The benchmark's driver API for <incident-map> (window.__lib), through the element's public API
// only: ready, setData, the src attribute, setTimeRange, select, project, the load, viewchange and
// select events, and the visibility of the details panel.
const el = document.getElementById('map');
let lastView = null;
el.addEventListener('viewchange', (e) => {
  lastView = e.detail;
});

/**
 * Resolves on the next `select` event that selects an incident or, for a map that aggregates
 * markers, the next `clusteropen` or `viewchange` (a click on a cluster: it lists its incidents
 * and zooms in where they do not share a point): whichever comes first.
 */
function nextSelectionOrExpansion() {
  return new Promise((resolve) => {
    const done = (e) => {
      if (e.type === 'select' && !(e.detail && e.detail.id != null)) return;
      el.removeEventListener('select', done);
      el.removeEventListener('viewchange', done);
      el.removeEventListener('clusteropen', done);
      resolve(e.type);
    };
    el.addEventListener('select', done);
    el.addEventListener('viewchange', done);
    el.addEventListener('clusteropen', done);
  });
}

let pendingSelection = null;

window.__lib = {
  name: 'incident-map',
  async ready() {
    await el.ready;
    await window.__probe.twoFrames();
    return performance.now();
  },
  /** Downloads the GeoJSON and hands it to the map; phases in ms, to the painted frame. */
  async load(url) {
    const t0 = performance.now();
    const text = await (await fetch(url)).text();
    const t1 = performance.now();
    // Awaited in case a later version loads asynchronously.
    const report = await el.setData(text);
    const t2 = performance.now();
    const t3 = await window.__probe.twoFrames();
    const rejected = report?.rejected?.length ?? null;
    const longestTaskMs = window.__probe.longestTaskSince(t0);
    return { loaded: report?.loaded ?? null, rejected, fetchMs: t1 - t0, dataMs: t2 - t1, paintMs: t3 - t2, ms: t3 - t0, longestTaskMs };
  },
  /**
   * Loads the GeoJSON the way the README's embed does, by the `src` attribute: the element
   * downloads it and reads it as it arrives, yielding to the page every megabyte. Timed from
   * setting `src` to the frame painted after its `load` event; with the longest task in between,
   * which is how long the page could not answer input.
   */
  async loadBySrc(url) {
    const t0 = performance.now();
    const report = await new Promise((resolve, reject) => {
      const done = (e) => {
        el.removeEventListener('load', done);
        el.removeEventListener('error', done);
        if (e.type === 'load') resolve(e.detail);
        else reject(new Error(`loading ${url} by src failed: ${e.detail && e.detail.message}`));
      };
      el.addEventListener('load', done);
      el.addEventListener('error', done);
      el.setAttribute('src', url);
    });
    const t1 = await window.__probe.twoFrames();
    return { loaded: report?.loaded ?? null, ms: t1 - t0, longestTaskMs: window.__probe.longestTaskSince(t0) };
  },
  /** Deferred work to wait for after an input: the map paints in its next frame, so none but a click's. */
  until(what) {
    if (what === 'select') return pendingSelection ?? Promise.resolve();
    return Promise.resolve();
  },
  expectSelection() {
    pendingSelection = nextSelectionOrExpansion();
  },
  /** Whether the details panel shows one incident (a cluster's list does not count). */
  detailsShown() {
    const panel = el.shadowRoot && el.shadowRoot.querySelector('.im-details');
    const shown = Boolean(panel && !panel.hidden && panel.getBoundingClientRect().width > 0);
    return shown && !panel.querySelector('.im-list');
  },
  clearSelection() {
    el.select(null);
  },
  /** Shows the box [[west, south], [east, north]] whole, fitted with 24 px padding like the start view. */
  async showBox(box) {
    el.fitBounds(box);
    await window.__probe.twoFrames();
  },
  /** Whether a page point falls on the map itself, not on a control over it: the element that
   * takes the pointer there is the map's surface (its canvases take none). */
  hitsMap(x, y) {
    const top = el.shadowRoot ? el.shadowRoot.elementFromPoint(x, y) : null;
    return Boolean(top && top.classList.contains('im-surface'));
  },
  /** Whether the details panel lists a cluster's incidents. */
  listShown() {
    const panel = el.shadowRoot && el.shadowRoot.querySelector('.im-details');
    return Boolean(panel && !panel.hidden && panel.querySelector('.im-list'));
  },
  setTimeRange(from, to) {
    el.setTimeRange(from, to);
  },
  /** The view: centre, zoom and, from project(), the map area in page pixels. */
  view() {
    if (!lastView) return null;
    const [lon, lat] = lastView.center;
    const c = el.project(lon, lat);
    const r = el.getBoundingClientRect();
    return { center: [lon, lat], zoom: lastView.zoom, left: r.left, top: r.top, width: 2 * c.x, height: 2 * c.y };
  },
  /** Page coordinates of a position. */
  screenPoint(lon, lat) {
    const p = el.project(lon, lat);
    const r = el.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  },
  /** Bytes of WebAssembly memory: the module's exported memory (init() returns the exports). */
  async wasmBytes() {
    try {
      const glue = await import(new URL('/pkg/incident_map.js', location.href).href);
      const exports = await glue.default();
      return exports.memory ? exports.memory.buffer.byteLength : null;
    } catch {
      return null;
    }
  },
};
