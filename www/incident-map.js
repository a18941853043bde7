// <incident-map>: the custom element around the Rust/WebAssembly map (MapHandle).
// This file stays thin: it loads the module once per page, fetches the data and the basemap,
// and forwards attributes and methods. Everything else happens in Rust (src/web/).
import init, { MapHandle, registerBasemap } from "./pkg/incident_map.js";

const moduleUrl = (path) => new URL(path, import.meta.url).href;
const BASEMAP_URL = moduleUrl("basemap/afghanistan.json");
const CSS_URL = moduleUrl("incident-map.css");

let wasmReady = null;
/** Instantiates the WebAssembly module once for every map on the page. */
function loadWasm() {
  wasmReady ??= init({ module_or_path: moduleUrl("pkg/incident_map_bg.wasm") });
  return wasmReady;
}

const basemaps = new Map();
/** Fetches and parses a basemap once per page; every map shares it. */
function loadBasemap(url) {
  if (!basemaps.has(url)) {
    basemaps.set(url, (async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`basemap ${url}: HTTP ${response.status}`);
      registerBasemap(url, await response.text());
      return url;
    })());
  }
  return basemaps.get(url);
}

async function fetchText(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`The incidents could not be downloaded from ${url}: ${error.message}`);
  }
  if (!response.ok) {
    throw new Error(`The incidents could not be downloaded from ${url}: HTTP ${response.status} ${response.statusText}`);
  }
  return response.text();
}

/**
 * A tile URL template made absolute against the page, with its placeholders kept: `new URL`
 * would percent-encode the braces of `{z}`, `{x}`, `{y}` and `{r}`.
 */
function tileTemplate(template) {
  if (!template) return null;
  const absolute = new URL(template, document.baseURI).href;
  return absolute.replace(/%7B([zxyr])%7D/gi, "{$1}");
}

export class IncidentMapElement extends HTMLElement {
  static observedAttributes = [
    "src", "from", "to", "view", "size-by", "color-by", "scale", "lang", "gestures", "tiles", "attribution", "presets", "hash",
  ];

  #handle = null;
  #ready = null;
  #destroyed = false;
  #generation = 0;

  /** Resolves when the map has been built and its first data load has finished (or failed). */
  get ready() {
    return this.#ready ?? Promise.reject(new Error("the map is not on the page"));
  }

  connectedCallback() {
    if (this.#handle) return;
    this.#destroyed = false;
    const generation = ++this.#generation;
    this.#ready = this.#start(generation);
    this.#ready.catch(() => {});
  }

  disconnectedCallback() {
    // Moving the element within the page calls disconnected then connected in one task:
    // tear down only if it is still out of the page once that task is done.
    queueMicrotask(() => {
      if (!this.isConnected) this.destroy();
    });
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.#handle || oldValue === newValue) return;
    if (name === "src") this.#loadData(newValue);
    else if (name === "from" || name === "to") this.#applyTimeAttributes();
    else if (name === "view" && newValue) this.#guard(() => this.#handle.flyTo(newValue));
    else if (name === "size-by") this.#guard(() => this.#handle.setSizeBy(newValue ?? "killed"));
    else if (name === "color-by") this.#guard(() => this.#handle.setColorBy(newValue ?? "none"));
    else if (name === "scale") this.#guard(() => this.#handle.setScale(newValue ?? "fixed"));
    else if (name === "gestures") this.#guard(() => this.#handle.setGestures(newValue ?? ""));
    else if (name === "lang") this.#guard(() => this.#handle.setLanguage(newValue ?? ""));
    else if (name === "tiles" || name === "attribution") this.#applyTiles();
    else if (name === "presets") this.#guard(() => this.#handle.setTimePresets(newValue));
    else if (name === "hash") this.#guard(() => this.#handle.setHashKey(newValue));
  }

  async #start(generation) {
    await loadWasm();
    if (generation !== this.#generation || !this.isConnected) return;
    try {
      this.#handle = new MapHandle(this, {
        cssUrl: CSS_URL,
        sizeBy: this.getAttribute("size-by") ?? undefined,
        strict: this.hasAttribute("strict"),
        lang: this.getAttribute("lang") ?? undefined,
        colorBy: this.getAttribute("color-by") ?? undefined,
        scale: this.getAttribute("scale") ?? undefined,
        gestures: this.getAttribute("gestures") ?? undefined,
      });
    } catch (error) {
      this.#dispatchError(error.message);
      throw error;
    }
    // A bad tiles attribute is reported, and the map goes on with its own basemap.
    this.#applyTiles();
    if (this.hasAttribute("presets")) this.#guard(() => this.#handle.setTimePresets(this.getAttribute("presets")));
    const basemap = loadBasemap(BASEMAP_URL).then(
      (url) => this.#handle?.useBasemap(url),
      (error) => console.warn(`incident-map: ${error.message}; drawing without a basemap`),
    );
    await Promise.all([basemap, this.#loadData(this.getAttribute("src"))]);
    if (this.hasAttribute("view")) this.#guard(() => this.#handle.flyTo(this.getAttribute("view")));
    // Last: the state in a shared link wins over the attributes.
    if (this.hasAttribute("hash")) this.#guard(() => this.#handle.setHashKey(this.getAttribute("hash")));
  }

  async #loadData(src) {
    if (!src) return;
    const generation = this.#generation;
    try {
      const text = await fetchText(new URL(src, document.baseURI).href);
      if (generation !== this.#generation || !this.#handle) return;
      this.#handle.setData(text);
      this.#applyTimeAttributes();
    } catch (error) {
      // setData has already shown its own errors in the map; a download error is shown here.
      if (this.#handle && !String(error.message).startsWith("The incidents could not be loaded")) {
        this.#guard(() => this.#handle.showError(error.message));
      }
    }
  }

  #applyTiles() {
    const tiles = this.getAttribute("tiles");
    this.#guard(() => this.#handle.setTiles(tileTemplate(tiles), this.getAttribute("attribution")));
  }

  #applyTimeAttributes() {
    const from = this.getAttribute("from");
    const to = this.getAttribute("to");
    if (from && to) this.#guard(() => this.#handle.setTimeRange(from, to));
  }

  #guard(action) {
    try {
      return action();
    } catch (error) {
      this.#dispatchError(error.message);
      return undefined;
    }
  }

  #dispatchError(message) {
    console.error(`incident-map: ${message}`);
    this.dispatchEvent(new CustomEvent("error", { detail: { message }, bubbles: true, composed: true }));
  }

  #map() {
    if (this.#destroyed) throw new Error("this map was destroyed: add the element to the page again to make a new one");
    if (!this.#handle) throw new Error("the map is not ready: await element.ready first");
    return this.#handle;
  }

  /** `{x, y}` of a position in the element's CSS pixels. */
  project(lon, lat) {
    return this.#map().project(lon, lat);
  }

  /** Shows incidents from `from` to `to` (YYYY-MM-DD, inclusive); no arguments shows all. */
  setTimeRange(from = null, to = null) {
    this.#map().setTimeRange(from, to);
  }

  /** `{from, to}` of the range shown. */
  get timeRange() {
    return this.#map().timeRange;
  }

  /**
   * Replaces the time presets: `[{label, from, to}]` (or its JSON text); `null` goes back to the
   * presets derived from the data.
   */
  setTimePresets(presets) {
    const json = presets == null || typeof presets === "string" ? presets ?? null : JSON.stringify(presets);
    this.#map().setTimePresets(json);
  }

  /** Selects an incident by id (opens its details); `null` clears the selection. */
  select(id) {
    this.#map().select(id ?? null);
  }

  /** The selected incident's id, or null. */
  get selected() {
    return this.#map().selected;
  }

  /** Loads GeoJSON (text or object) or CSV text; returns the report `{loaded, rejected, warnings}`. */
  setData(data) {
    return this.#map().setData(data);
  }

  /** Shows a named area: afghanistan, kabul, mazar-e-sharif or kunduz. */
  flyTo(name) {
    this.#map().flyTo(name);
  }

  /** Test hooks, not a stable API: paint counters and web tile cache sizes. */
  debugStats() {
    return this.#map().debugStats();
  }

  /** Test hooks, not a stable API: the labels drawn now, `[{text, x, y, size, bold, anchor}]`. */
  debugLabels() {
    return this.#map().debugLabels();
  }

  /** Removes the map and everything it added to the page. Safe to call twice. */
  destroy() {
    this.#generation++;
    this.#destroyed = true;
    const handle = this.#handle;
    this.#handle = null;
    if (handle) {
      handle.destroy();
      handle.free();
    }
  }
}

if (!customElements.get("incident-map")) {
  customElements.define("incident-map", IncidentMapElement);
}
