// Types of incident-map.js: the <incident-map> element, the IncidentMap class, their options and
// the detail of each event. The WebAssembly handle they wrap is typed by wasm-bindgen in
// pkg/incident_map.d.ts.

/** How a circle is sized: its area shows this figure. */
export type SizeBy = "killed" | "injured" | "total";
/** What a circle's colour shows. */
export type ColorBy = "target" | "claim" | "none";
/** Whether the size scale is fitted to the whole dataset or to the time range shown. */
export type ScaleMode = "fixed" | "visible";
/** The named areas of `view` and `flyTo`. */
export type ViewName = "afghanistan" | "kabul" | "mazar-e-sharif" | "kunduz";
/** A date as `YYYY-MM-DD`. */
export type IsoDate = string;
/** `[[west, south], [east, north]]`, in degrees. */
export type LonLatBounds = readonly [readonly [number, number], readonly [number, number]];

/** A GeoJSON FeatureCollection of incidents (see the README's data format). */
export interface IncidentCollection {
  type: "FeatureCollection";
  features: unknown[];
  [key: string]: unknown;
}

/** Data to load: a URL (IncidentMap only), GeoJSON or CSV text, or a GeoJSON object. */
export type IncidentData = string | IncidentCollection;
/** How the map takes the wheel and touches: `cooperative` (for embeds, the default) or `greedy`. */
export type Gestures = "cooperative" | "greedy";
/** One time preset button. */
export interface TimePreset {
  label: string;
  from: IsoDate;
  to: IsoDate;
}
/** A day for `setTimeRange`: `YYYY-MM-DD`, or a `Date` (its local day). */
export type Day = IsoDate | Date;

/** One rejected feature or one warning of a load. */
export interface LoadProblem {
  /** Index of the feature in `features` (of the row, for CSV). */
  index: number;
  /** The line of a CSV row; `null` for GeoJSON. */
  line: number | null;
  /** Its id, when it has one. */
  id: string | null;
  /** The field at fault, such as `killed` or `sources[0].url`. */
  field: string;
  /** A sentence a person can act on. */
  message: string;
}

/** What a load did: returned by `setData` and carried by `load`. */
export interface LoadReport {
  loaded: number;
  rejected: LoadProblem[];
  warnings: LoadProblem[];
}

/** Detail of `select`: the selected incident's id, `null` when the selection is cleared. */
export interface SelectDetail {
  id: string | null;
}

/** Detail of `timerangechange`, and the value of `timeRange`. */
export interface TimeRangeDetail {
  from: IsoDate | null;
  to: IsoDate | null;
}

/** Detail of `clusteropen`: how many incidents the opened cluster lists, and the first 100 ids. */
export interface ClusterDetail {
  count: number;
  ids: string[];
}

/** Detail of `viewchange`. */
export interface ViewDetail {
  center: [lon: number, lat: number];
  zoom: number;
}

/** Detail of `error`. `fatal` is set when the map has stopped for good after an internal error. */
export interface ErrorDetail {
  message: string;
  fatal?: true;
}

/** The events of a map and their detail. */
export interface IncidentMapEventMap {
  load: CustomEvent<LoadReport>;
  select: CustomEvent<SelectDetail>;
  timerangechange: CustomEvent<TimeRangeDetail>;
  timerangeinput: CustomEvent<TimeRangeDetail>;
  clusteropen: CustomEvent<ClusterDetail>;
  viewchange: CustomEvent<ViewDetail>;
  error: CustomEvent<ErrorDetail>;
}

/** A position on the map in CSS pixels, from its top-left corner. */
export interface Point {
  x: number;
  y: number;
}

/** Options of `IncidentMap.create`: the element's attributes, and the data. */
export interface IncidentMapOptions {
  /** A URL, GeoJSON text or a GeoJSON object. */
  data?: IncidentData;
  sizeBy?: SizeBy;
  colorBy?: ColorBy;
  scale?: ScaleMode;
  from?: IsoDate;
  to?: IsoDate;
  view?: ViewName;
  /** A BCP 47 tag: `fa` (or `prs`) writes place names in Persian script. */
  lang?: string;
  /** Reject the whole dataset when any incident is invalid. */
  strict?: boolean;
  /** `cooperative` (the default) or `greedy`. */
  gestures?: Gestures;
  /** A raster tile URL template for the basemap: `https://…/{z}/{x}/{y}.png` (optionally `{r}`). */
  tiles?: string;
  /** The credit the tile provider requires, shown on the map. */
  attribution?: string;
  /** The time preset buttons (or their JSON text). */
  presets?: readonly TimePreset[] | string;
  /** Keep the view, time range and selection in the page URL's `#` under this key (`true`: `map`). */
  hash?: string | boolean;
}

/** What every call throws after the map has stopped on an internal error. */
export declare const STOPPED_MESSAGE: string;

/** What the element and the class have in common. */
interface MapMethods {
  /** Shows incidents from `from` to `to` (inclusive); no arguments shows everything. */
  setTimeRange(from?: Day | null, to?: Day | null): void;
  /** The range shown. */
  readonly timeRange: TimeRangeDetail;
  /** Selects an incident by id (a number id as in the data) and opens its details; `null` clears the selection. */
  select(id: string | number | null): void;
  /** The selected incident's id, or `null`. */
  readonly selected: string | null;
  /** Shows a named area. */
  flyTo(name: ViewName): void;
  /** Shows the box whole. */
  fitBounds(bounds: LonLatBounds): void;
  /** Where a position is on the map, in CSS pixels. */
  project(lon: number, lat: number): Point;
  /** A PNG of the map as the reader sees it, at device resolution. */
  toPNG(): Promise<Blob>;
  /** Removes the map with every listener, frame, observer and closure. A second call does nothing. */
  destroy(): void;
}

/** The `<incident-map>` element. */
export declare class IncidentMapElement extends HTMLElement implements MapMethods {
  static readonly observedAttributes: string[];
  /** Resolves when the map is built and its first load has finished (or failed). */
  readonly ready: Promise<void>;
  /** GeoJSON to show instead of `src` (object or text); `null` when the data came from `src`. */
  data: string | IncidentCollection | null;
  /** Loads GeoJSON text or an object now; returns the report. Throws when nothing could be loaded. */
  setData(data: string | IncidentCollection): LoadReport;
  /** Replaces the time presets (or their JSON text); `null` goes back to those derived from the data. */
  setTimePresets(presets: readonly TimePreset[] | string | null): void;
  setTimeRange(from?: Day | null, to?: Day | null): void;
  readonly timeRange: TimeRangeDetail;
  select(id: string | number | null): void;
  readonly selected: string | null;
  flyTo(name: ViewName): void;
  fitBounds(bounds: LonLatBounds): void;
  project(lon: number, lat: number): Point;
  toPNG(): Promise<Blob>;
  destroy(): void;

  addEventListener<K extends keyof IncidentMapEventMap>(
    type: K,
    listener: (this: IncidentMapElement, event: IncidentMapEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof IncidentMapEventMap>(
    type: K,
    listener: (this: IncidentMapElement, event: IncidentMapEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** The map as a JavaScript object; it owns an `<incident-map>` element in its container. */
export declare class IncidentMap implements MapMethods {
  /** Builds a map in `container` and resolves once it is ready (see the README for when it rejects). */
  static create(container: Element, options?: IncidentMapOptions): Promise<IncidentMap>;
  /** Starts building; add listeners with `on()`, then `await map.ready`. */
  constructor(container: Element, options?: IncidentMapOptions);
  /** Resolves to this map once it is built and its first load has finished (or failed). */
  readonly ready: Promise<IncidentMap>;
  /** The `<incident-map>` element this map lives in. */
  readonly element: IncidentMapElement;
  /** Loads a URL, GeoJSON text or object; resolves to the report. */
  setData(data: IncidentData): Promise<LoadReport>;
  /** Changes options after creation. */
  setOptions(options: Omit<IncidentMapOptions, "data">): void;
  on<K extends keyof IncidentMapEventMap>(type: K, listener: (event: IncidentMapEventMap[K]) => unknown): this;
  off<K extends keyof IncidentMapEventMap>(type: K, listener: (event: IncidentMapEventMap[K]) => unknown): this;
  setTimeRange(from?: Day | null, to?: Day | null): void;
  readonly timeRange: TimeRangeDetail;
  select(id: string | number | null): void;
  readonly selected: string | null;
  flyTo(name: ViewName): void;
  fitBounds(bounds: LonLatBounds): void;
  project(lon: number, lat: number): Point;
  toPNG(): Promise<Blob>;
  destroy(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "incident-map": IncidentMapElement;
  }
}
