// The side-by-side table: for each size and step, input to painted frame and main-thread time
// (p50/p95) for each map, and the ratio of the medians, ours / Leaflet.

const ms = (v) => (v == null ? '-' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const mb = (bytes) => (bytes == null ? '-' : `${(bytes / 1048576).toFixed(1)} MB`);

/** The rows of the table, in order: [key in result.steps, label]. */
export const STEP_ROWS = [
  ['floor', 'floor: input, no work'],
  ['wheelFloor', 'floor: wheel, no work'],
  ['apiFloor', 'floor: API call, no work'],
  ['load', 'load to first paint'],
  ['loadBySrc', 'load by src, streamed'],
  ['panMove', 'pan frame (drag move)'],
  ['panRelease', 'pan release (drag end)'],
  ['panGesture', 'pan gesture (moves+release)'],
  ['zoom', 'zoom frame (wheel notch)'],
  ['zoomDeep', 'zoom 3 levels in, then out'],
  ['zoomCity', 'zoom into Kabul, 3 levels'],
  ['timeToWindow', 'time range: all -> 30 days'],
  ['timeSlide', 'time range: slide 30 days'],
  ['timeToAll', 'time range: 30 days -> all'],
  ['click', 'click incident to details'],
  ['clickCluster', 'click cluster to its list'],
];

/**
 * The Leaflet row a row of ours is compared with where it differs: Leaflet has one way to load
 * (fetch, JSON.parse, a layer), which both of the widget's loads are set against.
 */
const PEER_ROW = { loadBySrc: 'load' };

/** A longest task as printed: the long-task API reports only tasks over 50 ms (0: none). */
const longestTask = (v) => (v == null ? '-' : v > 0 ? `${ms(v)} ms` : 'none over 50 ms');

function cell(step) {
  if (!step) return { text: 'not run', p50: null, main: null };
  // The limit the run was given (--timeout); results written before it was recorded had 60 s.
  if (step.timeout) return { text: `TIMEOUT >${(step.limitMs ?? 60_000) / 1000} s`, p50: null, main: null };
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
  const beyond = m.perIncidentBeyondText == null ? '' : ` (${m.perIncidentBeyondText.toFixed(0)} beyond text)`;
  const perIncident = m.perIncident == null ? '' : `; ${m.perIncident.toFixed(0)} B/inc.${beyond}`;
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
    const b = cell(leaflet?.steps[PEER_ROW[key] ?? key]);
    lines.push(`${pad(label, w[0])}${pad(a.text, w[1])}${pad(b.text, w[2])}${ratio(a.p50, b.p50)}, ${ratio(a.main, b.main)}`);
  }
  lines.push(`${pad('memory after load', w[0])}${pad(ours ? memoryLine(ours) : 'not run', w[1])}${pad(leaflet ? memoryLine(leaflet) : 'not run', w[2])}`);
  for (const r of [ours, leaflet].filter(Boolean)) {
    const l = r.load;
    if (l && !l.timeout && !l.error) {
      const parse = l.parseMs == null ? '' : `, of which JSON.parse ${ms(l.parseMs)}`;
      const longest = l.longestTaskMs == null ? '' : `; longest task ${longestTask(l.longestTaskMs)}`;
      lines.push(`  ${r.lib} load: fetch ${ms(l.fetchMs)} + data ${ms(l.dataMs)}${parse} + first paint ${ms(l.paintMs)} ms${longest}`);
    }
    const s = r.loadBySrc;
    if (s) lines.push(`  ${r.lib} load by src: ${ms(s.ms)} ms to first paint, read as it arrives; longest task ${longestTask(s.longestTaskMs)}`);
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
    const b = cell(leaflet?.steps[PEER_ROW[key] ?? key]);
    lines.push(`| ${label} | ${a.text.replace('|', '·')} | ${b.text.replace('|', '·')} | ${ratio(a.p50, b.p50)} · ${ratio(a.main, b.main)} |`);
  }
  lines.push(`| memory after load | ${ours ? memoryLine(ours) : 'not run'} | ${leaflet ? memoryLine(leaflet) : 'not run'} | |`);
  return lines;
}

/** A frame at 60 Hz, the slack the targets allow over the floor for input to painted. */
const FRAME_MS = 16.7;

/**
 * The issue's targets for one size, each measured against its bound: lines "PASS"/"MISS" with the
 * number and what it is compared with. `sizeBytes`: JS glue + wasm gzipped, checked once.
 */
export function targetLines(size, { ours, leaflet }) {
  const lines = [];
  const check = (ok, text) => lines.push(`  ${ok == null ? 'n/a ' : ok ? 'PASS' : 'MISS'} ${text}`);
  // With --repeat, each run's figure (`runs`: p50s, `runsP95`), after the pooled one that is judged.
  const eachRun = (figures) => (figures ? ` [runs: ${figures.map(ms).join(', ')}]` : '');
  // And the ratio of each run's p50s, ours / Leaflet's (the runs took turns).
  const eachRatio = (a, b) =>
    a?.runs && b?.runs?.length === a.runs.length ? ` [runs: ${a.runs.map((v, i) => (v / b.runs[i]).toFixed(3)).join(', ')}]` : '';
  const step = (r, key) => (r?.steps[key] && r.steps[key].main ? r.steps[key] : null);
  const f = (v) => (v == null ? '-' : ms(v));
  if (!ours) return lines;
  if (size >= 1_000_000) {
    const floor = step(ours, 'floor');
    // The floor's main-thread time is the instrument's own cost (the CDP calls, the probe's frames):
    // shown beside each figure, which includes it; PASS and MISS are judged on the figure as measured.
    const apiFloor = step(ours, 'apiFloor');
    const netOf = (base, name = 'floor') => (v) => (v == null || !base ? '' : `, ${f(v - base.main.p50)} net of the ${name}'s ${f(base.main.p50)}`);
    const net = netOf(floor);
    const netApi = netOf(apiFloor);
    // Input to painted is compared with the floor of the same kind of input: a wheel notch reaches
    // the page a frame later than a mouse move, map or no map (see wheelFloor in lib/steps.mjs).
    const wheelFloor = step(ours, 'wheelFloor');
    const frameSteps = [
      ['panMove', 'pan frame', floor, 'floor'],
      ['zoom', 'zoom frame', wheelFloor, 'wheel floor'],
      ['zoomDeep', 'zoom frame, 3 levels in and out', wheelFloor, 'wheel floor'],
      ['zoomCity', 'zoom frame, into Kabul 3 levels and out', wheelFloor, 'wheel floor'],
    ];
    for (const [key, label, base, baseName] of frameSteps) {
      const s = step(ours, key);
      const netOfBase = base ? netOf(base, baseName) : net;
      check(s && s.main.p50 <= 8, `${label}: main thread p50 ${f(s?.main.p50)} ms${netOfBase(s?.main.p50)} (≤ 8)${eachRun(s?.runs)}`);
      check(s && s.main.p95 <= 16, `${label}: main thread p95 ${f(s?.main.p95)} ms${netOfBase(s?.main.p95)} (≤ 16)${eachRun(s?.runsP95)}`);
      const over = s && base ? s.painted.p50 - base.painted.p50 : null;
      check(over == null ? null : over <= FRAME_MS, `${label}: input→painted p50 ${f(s?.painted.p50)} ms, ${f(over)} over the ${baseName}'s ${f(base?.painted.p50)} (≤ ${FRAME_MS})`);
    }
    for (const [key, label] of [['timeToWindow', 'all → 30 days'], ['timeSlide', 'slide 30 days'], ['timeToAll', '30 days → all']]) {
      const s = step(ours, key);
      check(s && s.main.p50 <= 16, `time range ${label}: main thread p50 ${f(s?.main.p50)} ms${netApi(s?.main.p50)} (≤ 16)${eachRun(s?.runs)}`);
    }
    const click = step(ours, 'click');
    check(click && click.main.p50 <= 5, `click incident to details: main thread p50 ${f(click?.main.p50)} ms${net(click?.main.p50)} (≤ 5)${eachRun(click?.runs)}`);
    const cluster = step(ours, 'clickCluster');
    check(cluster && cluster.main.p50 <= 5, `click cluster to its list (and zoom in): main thread p50 ${f(cluster?.main.p50)} ms${net(cluster?.main.p50)} (≤ 5)${eachRun(cluster?.runs)}`);
    const m = ours.memory?.perIncidentBeyondText;
    check(m == null ? null : m <= 150, `memory: ${m == null ? '-' : m.toFixed(0)} bytes per incident beyond its text (≤ 150)`);
  }
  if (size >= 100_000 && size < 1_000_000) {
    const load = ours.steps.load?.painted?.p50;
    check(load == null ? null : load <= 1000, `load to first paint, setData(text): ${f(load)} ms (≤ 1000)`);
    // The README's embed: a page that loads by src stays responsive meanwhile (its longest task).
    const bySrc = ours.steps.loadBySrc?.painted?.p50;
    const longest = ours.loadBySrc?.longestTaskMs;
    check(bySrc == null ? null : bySrc <= 1000, `load to first paint, by src (streamed): ${f(bySrc)} ms (≤ 1000); longest task ${longestTask(longest)}`);
    const pan = step(ours, 'panMove');
    const redraw = step(leaflet, 'panRelease');
    const r = pan && redraw ? pan.main.p50 / redraw.main.p50 : null;
    check(r == null ? null : r <= 0.05, `pan frame: main thread p50 ${f(pan?.main.p50)} ms vs Leaflet's redraw frame ${f(redraw?.main.p50)} ms = ${r == null ? '-' : r.toFixed(3)} (≤ 1/20)${eachRatio(pan, redraw)}`);
    const gestureOurs = step(ours, 'panGesture');
    const gestureLeaflet = step(leaflet, 'panGesture');
    const g = gestureOurs && gestureLeaflet ? gestureOurs.main.p50 / gestureLeaflet.main.p50 : null;
    check(g == null ? null : g <= 0.05, `pan gesture (every move + release): ${f(gestureOurs?.main.p50)} vs ${f(gestureLeaflet?.main.p50)} ms = ${g == null ? '-' : g.toFixed(3)} (≤ 1/20)${eachRatio(gestureOurs, gestureLeaflet)}`);
    for (const [key, label] of [['timeToWindow', 'all → 30 days'], ['timeSlide', 'slide 30 days'], ['timeToAll', '30 days → all']]) {
      const a = step(ours, key);
      const b = step(leaflet, key);
      const q = a && b ? a.main.p50 / b.main.p50 : null;
      check(q == null ? null : q <= 0.05, `time range ${label}: ${f(a?.main.p50)} vs ${f(b?.main.p50)} ms = ${q == null ? '-' : q.toFixed(3)} (≤ 1/20)${eachRatio(a, b)}`);
    }
  }
  return lines.length ? ['', `targets at ${size.toLocaleString('en')} incidents:`, ...lines] : lines;
}
