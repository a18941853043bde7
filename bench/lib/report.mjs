// The side-by-side table: for each size and step, input to painted frame and main-thread time
// (p50/p95) for each map, and the ratio of the medians, ours / Leaflet.

const ms = (v) => (v == null ? '-' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const mb = (bytes) => (bytes == null ? '-' : `${(bytes / 1048576).toFixed(1)} MB`);

/** The rows of the table, in order: [key in result.steps, label]. */
export const STEP_ROWS = [
  ['floor', 'floor: input, no work'],
  ['apiFloor', 'floor: API call, no work'],
  ['load', 'load to first paint'],
  ['panMove', 'pan frame (drag move)'],
  ['panRelease', 'pan release (drag end)'],
  ['panGesture', 'pan gesture (moves+release)'],
  ['zoom', 'zoom frame (wheel notch)'],
  ['timeToWindow', 'time range: all -> 30 days'],
  ['timeSlide', 'time range: slide 30 days'],
  ['timeToAll', 'time range: 30 days -> all'],
  ['click', 'click to details shown'],
];

function cell(step) {
  if (!step) return { text: 'not run', p50: null, main: null };
  if (step.timeout) return { text: 'TIMEOUT >60 s', p50: null, main: null };
  if (step.error) return { text: `failed: ${step.error}`.slice(0, 38), p50: null, main: null };
  const p = step.painted;
  const m = step.main;
  const text = p.n === 1 ? `${ms(p.p50)} | ${ms(m.p50)}` : `${ms(p.p50)}/${ms(p.p95)} | ${ms(m.p50)}/${ms(m.p95)}`;
  return { text, p50: p.p50, main: m.p50 };
}

const ratio = (a, b) => (a == null || b == null || b === 0 ? '-' : (a / b).toFixed(a / b < 0.1 ? 3 : 2));

function memoryLine(result) {
  const m = result.memory;
  if (!m) return 'not measured';
  const perIncident = m.perIncident == null ? '' : `; ${m.perIncident.toFixed(0)} B/inc.`;
  return `JS ${mb(m.jsHeapUsed)}${m.wasmBytes == null ? '' : ` + wasm ${mb(m.wasmBytes)}`}${perIncident}`;
}

/** The table as lines of text, for one size. `results`: {ours, leaflet} results of that size. */
export function tableLines(sizeLabel, bytes, { ours, leaflet }) {
  const w = [28, 40, 40];
  const pad = (s, n) => String(s).padEnd(n);
  const lines = [
    '',
    `== ${sizeLabel} incidents (${(bytes / 1e6).toFixed(1)} MB of GeoJSON); ms, input→painted p50/p95 | main thread p50/p95`,
    `${pad('step', w[0])}${pad('incident-map', w[1])}${pad('Leaflet 1.9 (canvas)', w[2])}ours/Leaflet painted, main`,
  ];
  for (const [key, label] of STEP_ROWS) {
    const a = cell(ours?.steps[key]);
    const b = cell(leaflet?.steps[key]);
    lines.push(`${pad(label, w[0])}${pad(a.text, w[1])}${pad(b.text, w[2])}${ratio(a.p50, b.p50)}, ${ratio(a.main, b.main)}`);
  }
  lines.push(`${pad('memory after load', w[0])}${pad(ours ? memoryLine(ours) : 'not run', w[1])}${pad(leaflet ? memoryLine(leaflet) : 'not run', w[2])}`);
  for (const r of [ours, leaflet].filter(Boolean)) {
    const l = r.load;
    if (l && !l.timeout && !l.error) {
      const parse = l.parseMs == null ? '' : `, of which JSON.parse ${ms(l.parseMs)}`;
      lines.push(`  ${r.lib} load: fetch ${ms(l.fetchMs)} + data ${ms(l.dataMs)}${parse} + first paint ${ms(l.paintMs)} ms`);
    }
    for (const e of r.errors) lines.push(`  ${r.lib}: ${e}`);
  }
  return lines;
}

/** The same table in Markdown (bench/out/results.md), for docs/BENCHMARK.md. */
export function markdownLines(sizeLabel, bytes, { ours, leaflet }) {
  const lines = [
    '',
    `**${sizeLabel} incidents** (${(bytes / 1e6).toFixed(1)} MB of GeoJSON). Milliseconds: input→painted p50/p95 · main thread p50/p95.`,
    '',
    '| step | incident-map | Leaflet 1.9 (canvas) | ours/Leaflet, painted · main |',
    '|---|---|---|---|',
  ];
  for (const [key, label] of STEP_ROWS) {
    const a = cell(ours?.steps[key]);
    const b = cell(leaflet?.steps[key]);
    lines.push(`| ${label} | ${a.text.replace('|', '·')} | ${b.text.replace('|', '·')} | ${ratio(a.p50, b.p50)} · ${ratio(a.main, b.main)} |`);
  }
  lines.push(`| memory after load | ${ours ? memoryLine(ours) : 'not run'} | ${leaflet ? memoryLine(leaflet) : 'not run'} | |`);
  return lines;
}
