// incident-map: two ways to embed the Rust/WebAssembly map (MapHandle, src/web/).
//
//   <incident-map src="incidents.geojson" size-by="killed"></incident-map>     the custom element
//   const map = await IncidentMap.create(container, { data: "incidents.geojson" });   the class
//
// The class is a thin owner of an <incident-map> element: one implementation, two doors. This
// file stays thin too: it loads the module and the basemap once per page, fetches the data,
// forwards attributes and methods, and guards every call into the handle. The map itself is
// Rust (src/web/).
import init, { MapHandle, prepareFormats, registerBasemap, registerGazetteer } from "./pkg/incident_map.js";

// Literal `new URL(..., import.meta.url)` so that bundlers find and copy these files.
const WASM_URL = new URL("./pkg/incident_map_bg.wasm", import.meta.url);
const BASEMAP_URL = new URL("./basemap/afghanistan.json", import.meta.url).href;
const GAZETTEER_URL = new URL("./basemap/gazetteer.tsv", import.meta.url).href;
const CSS_URL = new URL("./incident-map.css", import.meta.url).href;

/**
 * What the Rust panic hook fires on the element whose own callback (an event, a frame, a timer)
 * panicked: no call of ours is there to catch the trap that follows (see src/web/callback_guard.rs).
 */
const PANIC_EVENT = "incident-map-internal-panic";

/** What every call throws once a map has hit an internal error (a Rust panic). */
export const STOPPED_MESSAGE = "this map stopped after an internal error; reload the page or create a new map";

let wasmReady = null;
/** Instantiates the WebAssembly module once for every map on the page. */
function loadWasm() {
  wasmReady ??= init({ module_or_path: WASM_URL }).then((module) => {
    // Intl's first formatter in a page costs about 25 ms (its locale data): made in a task of its
    // own while the data downloads, not in the last task of the first load.
    setTimeout(() => {
      try {
        prepareFormats();
      } catch (error) {
        console.warn(`incident-map: date and number formats not prepared (${error.message})`);
      }
    }, 0);
    return module;
  });
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

let gazetteerReady = null;
/**
 * Fetches the gazetteer of place names once per page, beside the basemap, and registers it once
 * the module is there. Loads never wait for it unless the map says their data needs it (incidents
 * given by place name, or points without a stated precision).
 */
function loadGazetteer() {
  gazetteerReady ??= (async () => {
    const response = await fetch(GAZETTEER_URL);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const text = await response.text();
    await loadWasm();
    registerGazetteer(GAZETTEER_URL, text);
  })();
  return gazetteerReady;
}

/** Why a load that needs the gazetteer could not be done. */
const noGazetteer = (why) =>
  `The incidents could not be loaded: place names need the gazetteer ${GAZETTEER_URL}, which ${why}`;

/**
 * GeoJSON text goes into the map in chunks of this many UTF-16 code units (a few MB of UTF-8):
 * the whole text is then never copied into WebAssembly memory, and an asynchronous load lets
 * the page run between chunks.
 */
const CHUNK_CHARS = 4 << 20;
/**
 * Between two yields to the page, an asynchronous load reads about this many bytes: some 30 ms
 * of parsing on a slow machine, so that input and painting are never held up for long.
 */
const YIELD_EVERY_BYTES = 1 << 20;
/** Text shorter than this goes in one call: chunking it would gain nothing. */
const CHUNKED_FROM_CHARS = 1 << 20;

/** Whether `text` should be read in chunks: long GeoJSON (CSV goes in whole). */
const chunkable = (text) => text.length >= CHUNKED_FROM_CHARS && MapHandle.isJson(text.slice(0, 4096));

/** The end of the chunk of `text` starting at `start`, never between the halves of a surrogate pair. */
function chunkEnd(text, start, size = CHUNK_CHARS) {
  let end = Math.min(text.length, start + size);
  const last = text.charCodeAt(end - 1);
  if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return end;
}

const utf8 = new TextEncoder();

/**
 * Gives the handle the chunk of `text` from `start`; returns where the next one starts, or -1
 * when the load stopped because it needs the gazetteer. The browser's encoder makes the UTF-8
 * (much faster than the glue's own loop for strings).
 */
function pushChunk(handle, text, start, size = CHUNK_CHARS, buffer = undefined) {
  const end = chunkEnd(text, start, size);
  const chunk = text.slice(start, end);
  // A UTF-16 unit takes at most 3 bytes of UTF-8: the buffer always has room.
  const bytes = buffer ? buffer.subarray(0, utf8.encodeInto(chunk, buffer).written) : utf8.encode(chunk);
  return handle.pushBytes(bytes) ? end : -1;
}

/** A buffer for the UTF-8 of one chunk of `size` UTF-16 units, reused for every chunk of a load. */
const chunkBuffer = (text, size) => new Uint8Array(3 * Math.min(size, text.length));

/**
 * Reads GeoJSON `text` into the handle in chunks, in one task; returns the load report, or null
 * when the data needs the gazetteer and it is not registered yet.
 */
function loadChunked(handle, text) {
  handle.beginData();
  const buffer = chunkBuffer(text, CHUNK_CHARS);
  for (let start = 0; start < text.length; ) {
    start = pushChunk(handle, text, start, CHUNK_CHARS, buffer);
    if (start < 0) return null;
  }
  return handle.finishData();
}

/**
 * Ends a chunked load in two tasks, with the page let run between them: the end of the reading
 * (the incidents put in date order), then the map shown with them. `call` runs an action on the
 * handle. Resolves with the load report (null: the gazetteer is needed first).
 */
async function finishRead(call, signal) {
  call((h) => h.finishReading());
  await yieldToPage();
  if (signal.aborted) throw superseded();
  return call((h) => h.showRead());
}

/** Lets the page handle input and paint between two chunks of a load. */
const yieldToPage = () =>
  globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));

async function fetchResponse(url, signal) {
  let response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new Error(`The incidents could not be downloaded from ${url}: ${error.message}`);
  }
  if (!response.ok) {
    throw new Error(`The incidents could not be downloaded from ${url}: HTTP ${response.status} ${response.statusText}`);
  }
  return response;
}

/**
 * A panic in the Rust code aborts: the WebAssembly instance traps (`WebAssembly.RuntimeError`),
 * and a handle left half-borrowed by the trap answers later calls with wasm-bindgen's aliasing
 * error. Either means this map's state can no longer be trusted.
 */
function isInternalError(error) {
  return (
    error instanceof WebAssembly.RuntimeError ||
    /recursive use of an object|null pointer passed to rust|attempted to take ownership/i.test(error?.message ?? "")
  );
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

/** The bytes of `chunks` in one array. */
function concat(chunks) {
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

const superseded = () => new DOMException("a later load replaced this one", "AbortError");

/**
 * `data` given as a string: a URL, or the data itself. Data when it is blank (the map says it is
 * empty, rather than fetching the page's own address), starts with `{` or `[` (JSON), has a line
 * break (`\n` or `\r`: CSV rows; a URL has none), or is one line of names separated by tabs,
 * commas or semicolons with no `/` or `.` (a CSV header without rows); any other string is a URL.
 */
function sourceOf(data) {
  if (typeof data !== "string") return { data };
  const text = data.replace(/^\ufeff/, "").trim();
  const isData =
    text === "" || /^[{[]/.test(text) || /[\n\r\t]/.test(text) || (/[,;]/.test(text) && !/[/.]/.test(text));
  return isData ? { data } : { url: data };
}

/**
 * A day or an id for the map's methods, which read text: a Date becomes its local YYYY-MM-DD,
 * anything else its string (a number id is text in the data too). Passed to WebAssembly as it
 * came, a number or an object would not be text, and the instance would stop.
 */
const textOf = (value) =>
  value == null
    ? null
    : value instanceof Date
      ? [value.getFullYear(), value.getMonth() + 1, value.getDate()].map((n) => String(n).padStart(2, "0")).join("-")
      : String(value);

// The element's loader, shared with IncidentMap and hidden from everything else.
const LOAD = Symbol("load");

export class IncidentMapElement extends HTMLElement {
  static observedAttributes = [
    "src", "from", "to", "view", "size-by", "color-by", "scale", "lang", "strict", "gestures", "tiles", "attribution",
    "presets", "hash",
  ];

  #handle = null;
  #ready = null;
  #destroyed = false;
  /** Set by an internal error: every later call throws STOPPED_MESSAGE. */
  #stopped = false;
  /** Set when an attribute's bad value kept the map from being built. */
  #failed = false;
  /** A change of `from` or `to` waits for the end of the task, for the other one. */
  #timeQueued = false;
  /** Between connectedCallback and the end of the first load. */
  #building = false;
  #generation = 0;
  /** What the last load read: `{url}` or `{data}` (kept to reload it when `strict` changes). */
  #source = null;
  /** Aborts the download in flight when a later load or `destroy()` replaces it. */
  #loading = null;
  /** Stops the map when one of its own callbacks panicked (listening while the map exists). */
  #onPanic = (event) => this.#stop(new Error(String(event.detail)));

  /** Resolves when the map has been built and its first data load has finished (or failed). */
  get ready() {
    return this.#ready ?? Promise.reject(new Error("the map is not on the page"));
  }

  /** The GeoJSON object or text to show (instead of `src`); `null` when the data came from `src`. */
  get data() {
    return this.#source && "data" in this.#source ? this.#source.data : null;
  }

  set data(value) {
    this.#source = { data: value };
    if (this.#handle) this[LOAD](this.#source).catch(() => {});
  }

  connectedCallback() {
    // Moved within the page while it was still being built: that build goes on (`ready`, taken
    // before the move, resolves when it has loaded the data).
    if (this.#handle || this.#building) return;
    // A page (or a framework) may set `data` before this script defined the element: that value
    // sits on the instance and hides the setter. Set it again through the setter.
    if (Object.hasOwn(this, "data")) {
      const data = this.data;
      delete this.data;
      this.data = data;
    }
    this.#start();
  }

  /** Builds the map, then loads its data: `ready` follows it. */
  #start() {
    this.#failed = false;
    this.#destroyed = false;
    this.#stopped = false;
    this.addEventListener(PANIC_EVENT, this.#onPanic);
    const generation = ++this.#generation;
    this.#building = true;
    this.#ready = this.#build(generation).finally(() => {
      if (generation === this.#generation) this.#building = false;
    });
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
    // A map that a bad attribute kept from being built is built again once one changes.
    if (this.#failed && this.isConnected) this.#start();
    if (!this.#handle || this.#stopped) return;
    // `from` and `to` set again to the same days put the range back where the reader moved it
    // from (a page's own "reset" control); other attributes set to their value change nothing.
    if (oldValue === newValue && name !== "from" && name !== "to") return;
    switch (name) {
      case "src":
        if (newValue) this[LOAD]({ url: newValue }).catch(() => {});
        break;
      case "from":
      case "to":
        // Once for both when a script sets them one after the other: the first alone would be
        // half a range (or no range: from after the old to).
        if (!this.#timeQueued) {
          this.#timeQueued = true;
          queueMicrotask(() => {
            this.#timeQueued = false;
            if (this.#handle) this.#applyTimeAttributes({ clear: true });
          });
        }
        break;
      case "strict":
        this.#attempt((h) => h.setStrict(newValue !== null));
        if (this.#source) this[LOAD](this.#source).catch(() => {});
        break;
      default:
        this.#applyOption(name, newValue);
    }
  }

  /** Applies one display attribute (everything but src, from, to and strict). */
  #applyOption(name, value) {
    if (name === "view") {
      if (value) this.#attempt((h) => h.flyTo(value));
    } else if (name === "size-by") this.#attempt((h) => h.setSizeBy(value ?? "killed"));
    else if (name === "color-by") this.#attempt((h) => h.setColorBy(value ?? "none"));
    else if (name === "scale") this.#attempt((h) => h.setScale(value ?? "fixed"));
    else if (name === "lang") this.#attempt((h) => h.setLanguage(value ?? ""));
    else if (name === "gestures") this.#attempt((h) => h.setGestures(value ?? ""));
    else if (name === "tiles" || name === "attribution") this.#applyTiles();
    else if (name === "presets") this.#attempt((h) => h.setTimePresets(value));
    // The URL hash key: the state in a shared link wins over the other attributes.
    else if (name === "hash") this.#attempt((h) => h.setHashKey(value));
  }

  /** A bad tiles attribute is reported, and the map goes on with its own basemap. */
  #applyTiles() {
    const tiles = this.getAttribute("tiles");
    this.#attempt((h) => h.setTiles(tileTemplate(tiles), this.getAttribute("attribution")));
  }

  async #build(generation) {
    // Fetched while the module compiles; only loads whose data needs it wait for it.
    const gazetteer = loadGazetteer().catch((error) =>
      console.warn(`incident-map: the gazetteer ${GAZETTEER_URL} could not be loaded (${error.message})`),
    );
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
      if (!isInternalError(error)) {
        this.#failed = true;
        this.#dispatchError(error.message);
        throw error;
      }
      this.#stop(error);
      throw new Error(STOPPED_MESSAGE, { cause: error });
    }
    if (this.hasAttribute("tiles")) this.#applyTiles();
    if (this.hasAttribute("presets")) this.#applyOption("presets", this.getAttribute("presets"));
    const basemap = loadBasemap(BASEMAP_URL).then(
      (url) => this.#handle && this.#attempt((h) => h.useBasemap(url)),
      (error) => console.warn(`incident-map: ${error.message}; drawing without a basemap`),
    );
    const src = this.getAttribute("src");
    const source = this.#source ?? (src ? { url: src } : null);
    const data = source ? this[LOAD](source).catch(() => {}) : null;
    await Promise.all([basemap, gazetteer, data]);
    if (this.hasAttribute("view") && this.#handle) this.#attempt((h) => h.flyTo(this.getAttribute("view")));
    // Last: the state in a shared link wins over the attributes.
    if (this.hasAttribute("hash") && this.#handle) this.#applyOption("hash", this.getAttribute("hash"));
  }

  /**
   * Loads `{url}` or `{data}` (GeoJSON text or object) and resolves to the load report. A later
   * load or `destroy()` rejects this one with an AbortError. Failures are also shown in the map
   * and fired as `error`.
   */
  async [LOAD](source) {
    this.#source = source;
    this.#loading?.abort();
    const loading = new AbortController();
    this.#loading = loading;
    let report;
    this.setAttribute("aria-busy", "true");
    try {
      report = await this.#read(source, loading);
      if (report === null) {
        // The data needs the gazetteer, which has not arrived yet: wait for it and read again.
        try {
          await loadGazetteer();
        } catch (error) {
          const message = noGazetteer(`could not be downloaded: ${error.message}`);
          this.#attempt((h) => h.showError(message));
          throw new Error(message, { cause: error });
        }
        if (loading.signal.aborted) throw superseded();
        report = await this.#read(source, loading);
      }
    } finally {
      if (this.#loading === loading) {
        this.#loading = null;
        this.removeAttribute("aria-busy");
      }
    }
    this.#applyTimeAttributes({ clear: false });
    return report;
  }

  /** One reading of `source` for [LOAD]: the report, or null when the data needs the gazetteer first. */
  async #read(source, loading) {
    const data = source.data;
    if ("url" in source) {
      const url = new URL(source.url, document.baseURI).href;
      try {
        const response = await fetchResponse(url, loading.signal);
        return await this.#readBody(response, url, loading.signal);
      } catch (error) {
        if (loading.signal.aborted) throw superseded();
        if (error.downloadFailed === false) throw error.cause;
        this.#attempt((h) => h.showError(error.message));
        throw error;
      }
    }
    if (typeof data === "string" && chunkable(data)) return this.#readText(data, loading.signal);
    // setData shows its own errors in the map and fires `error`.
    return this.#call((h) => h.setData(data));
  }

  /** Reads GeoJSON text in chunks, letting the page run between them. */
  async #readText(text, signal) {
    const buffer = chunkBuffer(text, YIELD_EVERY_BYTES);
    this.#call((h) => h.beginData());
    for (let start = 0; start < text.length; ) {
      start = this.#call((h) => pushChunk(h, text, start, YIELD_EVERY_BYTES, buffer));
      if (start < 0) return null;
      await yieldToPage();
      if (signal.aborted) throw superseded();
    }
    return finishRead((action) => this.#call(action), signal);
  }

  /**
   * Reads a downloaded body as it arrives: GeoJSON chunk by chunk (the text is never whole in
   * memory), CSV whole. Errors of the map's reading are marked `downloadFailed: false`.
   */
  async #readBody(response, url, signal) {
    if (!response.body) {
      // No body at all (204 No Content): read as empty text, which the map reports.
      try {
        return this.#call((h) => h.setData(""));
      } catch (cause) {
        throw Object.assign(new Error(cause.message), { downloadFailed: false, cause });
      }
    }
    const reader = response.body.getReader();
    try {
      const report = await this.#readParts(reader, url, signal);
      // A load that needs the gazetteer stops early: the rest of the download is not needed.
      if (report === null) reader.cancel().catch(() => {});
      return report;
    } catch (error) {
      // Stop the download too: nothing more of it will be read.
      reader.cancel().catch(() => {});
      throw error;
    }
  }

  async #readParts(reader, url, signal) {
    const chunks = [];
    let json = null;
    let sinceYield = 0;
    const map = (action) => {
      try {
        return this.#call(action);
      } catch (cause) {
        throw Object.assign(new Error(cause.message), { downloadFailed: false, cause });
      }
    };
    for (;;) {
      let part;
      try {
        part = await reader.read();
      } catch (error) {
        if (signal.aborted) throw superseded();
        throw new Error(`The incidents could not be downloaded from ${url}: ${error.message}`);
      }
      const { done, value } = part;
      if (signal.aborted) throw superseded();
      if (done) break;
      if (json === null) {
        // The first bytes tell JSON from CSV (a byte-order mark and white space skipped).
        chunks.push(value);
        const head = new TextDecoder().decode(concat(chunks).subarray(0, 4096), { stream: true });
        if (!/[^\s\ufeff]/.test(head)) continue;
        json = MapHandle.isJson(head);
        if (json) {
          map((h) => h.beginData());
          for (const chunk of chunks) if (!map((h) => h.pushBytes(chunk))) return null;
          chunks.length = 0;
        }
      } else if (json) {
        if (!map((h) => h.pushBytes(value))) return null;
        // A body already downloaded is read in microtasks, which never let the page run.
        sinceYield += value.length;
        if (sinceYield >= YIELD_EVERY_BYTES) {
          sinceYield = 0;
          await yieldToPage();
          if (signal.aborted) throw superseded();
        }
      } else {
        chunks.push(value);
      }
    }
    if (json) return finishRead(map, signal);
    return map((h) => h.setData(new TextDecoder().decode(concat(chunks))));
  }

  /** Applies `from` and `to` when both are set; with `clear`, removing both shows everything. */
  #applyTimeAttributes({ clear }) {
    const from = this.getAttribute("from");
    const to = this.getAttribute("to");
    if (from && to) this.#attempt((h) => h.setTimeRange(from, to));
    else if (clear && !from && !to) this.#attempt((h) => h.setTimeRange(null, null));
  }

  /**
   * Every call into the handle goes through here. An internal error (a Rust panic) stops the map
   * for good: it fires `error` and every later call throws STOPPED_MESSAGE, instead of the
   * confusing errors a trapped WebAssembly instance gives.
   */
  #call(action) {
    if (this.#stopped) throw new Error(STOPPED_MESSAGE);
    if (this.#destroyed) throw new Error("this map was destroyed: add the element to the page again to make a new one");
    if (!this.#handle) throw new Error("the map is not ready: await element.ready first");
    try {
      return action(this.#handle);
    } catch (error) {
      if (!isInternalError(error)) throw error;
      this.#stop(error);
      throw new Error(STOPPED_MESSAGE, { cause: error });
    }
  }

  /** `#call` for reactions to attributes: an error is fired as `error` instead of thrown. */
  #attempt(action) {
    try {
      return this.#call(action);
    } catch (error) {
      if (!this.#stopped) this.#dispatchError(error.message);
      return undefined;
    }
  }

  #stop(cause) {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#loading?.abort();
    console.error("incident-map: internal error:", cause);
    // The Rust side cannot be trusted to show it: write it into the map's message box directly.
    const box = this.shadowRoot?.querySelector(".im-message");
    if (box) {
      box.textContent = STOPPED_MESSAGE;
      box.hidden = false;
    }
    this.#dispatchError(STOPPED_MESSAGE, { fatal: true });
  }

  #dispatchError(message, extra = {}) {
    if (!extra.fatal) console.error(`incident-map: ${message}`);
    this.dispatchEvent(new CustomEvent("error", { detail: { message, ...extra }, bubbles: true, composed: true }));
  }

  /** `{x, y}` of a position in the element's CSS pixels. */
  project(lon, lat) {
    return this.#call((h) => h.project(lon, lat));
  }

  /** Shows incidents from `from` to `to` (YYYY-MM-DD, inclusive); no arguments shows all. */
  setTimeRange(from = null, to = null) {
    this.#call((h) => h.setTimeRange(textOf(from), textOf(to)));
  }

  /** `{from, to}` of the range shown. */
  get timeRange() {
    return this.#call((h) => h.timeRange);
  }

  /** Selects an incident by id (opens its details); `null` clears the selection. */
  select(id) {
    this.#call((h) => h.select(textOf(id)));
  }

  /** The selected incident's id, or null. */
  get selected() {
    return this.#call((h) => h.selected);
  }

  /**
   * Replaces the time presets: `[{label, from, to}]` (or its JSON text); `null` goes back to the
   * presets derived from the data.
   */
  setTimePresets(presets) {
    const json = presets == null || typeof presets === "string" ? presets ?? null : JSON.stringify(presets);
    this.#call((h) => h.setTimePresets(json));
  }

  /**
   * Test hooks, not a stable API, and only in the test build (`make panic-site`, cargo feature
   * test-hooks): elsewhere they throw. Paint counters and web tile cache sizes.
   */
  debugStats() {
    return this.#call((h) => h.debugStats());
  }

  /** Test hooks, not a stable API: the labels drawn now, `[{text, x, y, size, bold, anchor}]`. */
  debugLabels() {
    return this.#call((h) => h.debugLabels());
  }

  /** Loads GeoJSON (text or object) or CSV text; returns the report `{loaded, rejected, warnings}`. */
  setData(data) {
    this.#loading?.abort();
    this.#loading = null;
    this.removeAttribute("aria-busy");
    this.#source = { data };
    const chunked = typeof data === "string" && chunkable(data);
    const report = this.#call((h) => (chunked ? loadChunked(h, data) : h.setData(data)));
    if (report !== null) return report;
    // Only before `ready` (which waits for the gazetteer) or when the gazetteer failed to download.
    const message = noGazetteer("has not been loaded: await element.ready first, or set the data property");
    this.#attempt((h) => h.showError(message));
    throw new Error(message);
  }

  /** Shows a named area: afghanistan, kabul, mazar-e-sharif or kunduz. */
  flyTo(name) {
    this.#call((h) => h.flyTo(String(name)));
  }

  /** Shows the box `[[west, south], [east, north]]` (degrees) whole. */
  fitBounds(bounds) {
    const [sw, ne] = Array.isArray(bounds) ? bounds : [];
    const numbers = [sw?.[0], sw?.[1], ne?.[0], ne?.[1]];
    if (!Array.isArray(sw) || !Array.isArray(ne) || !numbers.every(Number.isFinite)) {
      throw new TypeError(`fitBounds takes [[west, south], [east, north]] in degrees, got ${JSON.stringify(bounds)}`);
    }
    this.#call((h) => h.fitBounds(...numbers));
  }

  /** A PNG of the map as the reader sees it (layers and attribution, at device resolution). */
  async toPNG() {
    const canvas = this.#call((h) => h.snapshot());
    return new Promise((resolve, reject) => {
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the map picture could not be encoded"))));
    });
  }

  /** Removes the map and everything it added to the page. Safe to call twice. */
  destroy() {
    this.#generation++;
    this.#building = false;
    this.#destroyed = true;
    this.removeEventListener(PANIC_EVENT, this.#onPanic);
    this.#loading?.abort();
    this.#loading = null;
    const handle = this.#handle;
    this.#handle = null;
    if (!handle) return;
    try {
      handle.destroy();
      handle.free();
    } catch (error) {
      // Only after an internal error, when the handle is stuck: take its DOM away at least.
      this.shadowRoot?.replaceChildren();
      if (!this.#stopped) throw error;
    }
  }
}

if (!customElements.get("incident-map")) {
  customElements.define("incident-map", IncidentMapElement);
}

/** Option names of IncidentMap.create and the element attributes they set. */
const OPTION_ATTRIBUTES = {
  sizeBy: "size-by",
  colorBy: "color-by",
  scale: "scale",
  from: "from",
  to: "to",
  view: "view",
  lang: "lang",
  strict: "strict",
  gestures: "gestures",
  tiles: "tiles",
  attribution: "attribution",
  presets: "presets",
  hash: "hash",
};
const BOOLEAN_OPTIONS = new Set(["strict"]);

/**
 * The map as a JavaScript object: `await IncidentMap.create(container, options)`. It owns an
 * <incident-map> element appended to `container`, so both ways in behave the same.
 */
export class IncidentMap {
  #element;
  #listeners = [];
  #destroyed = false;

  /**
   * Builds the map in `container` (an element in this page). Use `await map.ready`, or
   * `IncidentMap.create`, before calling its methods; listeners added with `on()` before that
   * see the first `load`.
   */
  constructor(container, options = {}) {
    if (!(container instanceof Element)) {
      throw new TypeError(`IncidentMap needs a container element, got ${container === null ? "null" : typeof container}`);
    }
    const { data, ...rest } = options ?? {};
    const element = document.createElement("incident-map");
    IncidentMap.#setAttributes(element, rest);
    if (data !== undefined && data !== null) {
      const source = sourceOf(data);
      if ("url" in source) element.setAttribute("src", source.url);
      else element.data = source.data;
    }
    this.#element = element;
    container.append(element);
    /** Resolves to this map once it is built and its first load has finished (or failed). */
    this.ready = element.ready.then(() => this);
  }

  /**
   * Builds a map in `container` and resolves once it is ready. `options`: `{data, sizeBy,
   * colorBy, scale, from, to, view, lang, strict, gestures, tiles, attribution, presets, hash}`;
   * `data` is a URL, GeoJSON text or a GeoJSON object; `presets` is `[{label, from, to}]`;
   * `hash` is the key of this map in the URL hash (`true`: "map"). A data error does not reject: the map shows it and fires `error`. It
   * rejects (and removes the map) when the map cannot be built at all.
   */
  static async create(container, options = {}) {
    const map = new IncidentMap(container, options);
    try {
      await map.ready;
    } catch (error) {
      map.destroy();
      throw error;
    }
    return map;
  }

  static #setAttributes(element, options) {
    for (const [option, value] of Object.entries(options)) {
      const name = OPTION_ATTRIBUTES[option];
      if (!name) {
        const known = ["data", ...Object.keys(OPTION_ATTRIBUTES)].join(", ");
        throw new TypeError(`unknown option ${JSON.stringify(option)}: use ${known}`);
      }
      const off = value === undefined || value === null || value === false;
      if (off) element.removeAttribute(name);
      else element.setAttribute(name, IncidentMap.#attributeValue(option, value));
    }
  }

  /** An option's value as attribute text: presets as JSON, `hash: true` as the key "map". */
  static #attributeValue(option, value) {
    if (BOOLEAN_OPTIONS.has(option) && value === true) return "";
    if (option === "hash" && value === true) return "map";
    if (option === "presets" && typeof value !== "string") return JSON.stringify(value);
    return String(value);
  }

  /** The <incident-map> element this map lives in. */
  get element() {
    return this.#element;
  }

  #live() {
    if (this.#destroyed) throw new Error("this map was destroyed: create a new one with IncidentMap.create");
    return this.#element;
  }

  /** Loads a URL, GeoJSON text or a GeoJSON object; resolves to the load report. */
  setData(data) {
    return this.#live()[LOAD](sourceOf(data));
  }

  /** Changes options after creation (any option of `create`, `data` excepted). */
  setOptions(options) {
    if ("data" in options) throw new TypeError("setOptions does not take data: use setData");
    IncidentMap.#setAttributes(this.#live(), options);
  }

  /** Shows incidents from `from` to `to` (YYYY-MM-DD, inclusive); no arguments shows all. */
  setTimeRange(from = null, to = null) {
    this.#live().setTimeRange(from, to);
  }

  /** `{from, to}` of the range shown. */
  get timeRange() {
    return this.#live().timeRange;
  }

  /** Selects an incident by id (opens its details); `null` clears the selection. */
  select(id) {
    this.#live().select(id);
  }

  /** The selected incident's id, or null. */
  get selected() {
    return this.#live().selected;
  }

  /** Shows a named area: afghanistan, kabul, mazar-e-sharif or kunduz. */
  flyTo(name) {
    this.#live().flyTo(name);
  }

  /** Shows the box `[[west, south], [east, north]]` (degrees) whole. */
  fitBounds(bounds) {
    this.#live().fitBounds(bounds);
  }

  /** `{x, y}` of a position in the map's CSS pixels. */
  project(lon, lat) {
    return this.#live().project(lon, lat);
  }

  /** A PNG of the map as the reader sees it. */
  toPNG() {
    return this.#live().toPNG();
  }

  /** Calls `listener(event)` for each `type` event (load, select, timerangechange, viewchange, error). */
  on(type, listener) {
    this.#live().addEventListener(type, listener);
    this.#listeners.push([type, listener]);
    return this;
  }

  /** Stops calling a listener added with `on`. */
  off(type, listener) {
    const at = this.#listeners.findIndex(([t, l]) => t === type && l === listener);
    if (at >= 0) {
      this.#listeners.splice(at, 1);
      this.#element.removeEventListener(type, listener);
    }
    return this;
  }

  /** Removes the map from the page with everything it holds. Safe to call twice. */
  destroy() {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const [type, listener] of this.#listeners.splice(0)) this.#element.removeEventListener(type, listener);
    this.#element.destroy();
    this.#element.remove();
  }
}
