// A consumer of the npm package, compiled by `make test` (tools/package/check-types.sh) with
// `tsc --strict --noEmit` against dist/npm installed as node_modules/incident-map. It proves that
// the declarations resolve through package.json and describe the API the README shows. Lines
// marked @ts-expect-error must fail to compile: the types catch those mistakes.
import {
  IncidentMap,
  IncidentMapElement,
  STOPPED_MESSAGE,
  type ErrorDetail,
  type IncidentMapOptions,
  type LoadReport,
  type SelectDetail,
  type TimeRangeDetail,
  type ViewDetail,
} from "incident-map";
import { MapHandle } from "incident-map/pkg/incident_map.js";

export async function classUsage(container: HTMLElement): Promise<Blob> {
  const options: IncidentMapOptions = {
    data: "incidents.geojson",
    sizeBy: "killed",
    view: "kabul",
    strict: true,
    gestures: "greedy",
    hash: "map1",
    presets: [{ label: "Apr 2022", from: "2022-04-01", to: "2022-04-30" }],
    tiles: "https://tiles.example.org/{z}/{x}/{y}.png",
    attribution: "© Example",
  };
  const map = await IncidentMap.create(container, options);
  map.on("select", (event) => {
    const id: string | null = event.detail.id;
    console.log(id);
  });
  map.on("viewchange", (event) => console.log(event.detail.center[0], event.detail.zoom));
  map.on("error", (event) => console.log(event.detail.message, event.detail.fatal === true));
  const report: LoadReport = await map.setData({ type: "FeatureCollection", features: [] });
  console.log(report.rejected.map((p) => `${p.index} ${p.field} ${p.message}`));
  map.setTimeRange("2022-04-19", "2022-04-29");
  const range: TimeRangeDetail = map.timeRange;
  console.log(range.from, map.selected, STOPPED_MESSAGE);
  map.fitBounds([[68.8, 36.68], [68.92, 36.76]]);
  map.flyTo("kunduz");
  const { x, y } = map.project(69.2, 34.5);
  console.log(x + y);
  // @ts-expect-error: not a view name
  map.flyTo("paris");
  // @ts-expect-error: sizeBy is killed, injured or total
  map.setOptions({ sizeBy: "wounded" });
  // @ts-expect-error: setOptions does not take data
  map.setOptions({ data: "x.geojson" });
  const png = await map.toPNG();
  map.destroy();
  return png;
}

export async function elementUsage(): Promise<void> {
  const el = document.querySelector("incident-map");
  if (!el) return;
  const typed: IncidentMapElement = el; // HTMLElementTagNameMap knows the tag
  await typed.ready;
  typed.addEventListener("timerangechange", (event) => {
    const detail: TimeRangeDetail = event.detail;
    console.log(detail.to);
  });
  typed.addEventListener("load", (event) => console.log(event.detail.loaded));
  typed.addEventListener("select", (event) => {
    const detail: SelectDetail = event.detail;
    console.log(detail.id);
  });
  typed.addEventListener("error", (event) => {
    const detail: ErrorDetail = event.detail;
    console.log(detail.message);
  });
  typed.addEventListener("viewchange", (event) => {
    const detail: ViewDetail = event.detail;
    console.log(detail.zoom);
  });
  const report = typed.setData('{"type": "FeatureCollection", "features": []}');
  console.log(report.loaded);
  typed.data = { type: "FeatureCollection", features: [] };
  typed.select(null);
  typed.select(7); // a number id, as GeoJSON allows
  typed.setTimeRange(new Date(2022, 3, 1), "2022-04-30");
  typed.setTimePresets([{ label: "Apr 2022", from: "2022-04-01", to: "2022-04-30" }]);
  typed.addEventListener("timerangeinput", (event) => console.log(event.detail.from));
  typed.addEventListener("clusteropen", (event) => console.log(event.detail.count, event.detail.ids[0]));
  typed.addEventListener("load", (event) => console.log(event.detail.rejected.map((p) => p.line ?? p.index)));
  // @ts-expect-error: gestures is cooperative or greedy
  const wrong: IncidentMapOptions = { gestures: "scroll" };
  console.log(wrong);
  // @ts-expect-error: project takes numbers
  typed.project("69", "34");
  document.createElement("incident-map").setAttribute("size-by", "injured");
}

export function handleUsage(host: HTMLElement): void {
  // The WebAssembly handle, as wasm-bindgen declares it.
  const handle = new MapHandle(host, { sizeBy: "killed" });
  handle.setTimeRange("2022-04-01", "2022-04-30");
  handle.destroy();
  handle.free();
}
