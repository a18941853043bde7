// The measured steps, the same for both maps. Each returns its samples; the runner summarises
// them. Every input is a real one (page.mouse, or for drags the same CDP Input events sent
// directly: they go through Chromium's input pipeline, hit testing and event dispatch like a
// person's), and every step ends at the frame that shows its result.
import { incidents } from './incidents.mjs';

const MOVE_TYPES = ['pointermove', 'mousemove'];
const PRESS_TYPES = ['pointerdown', 'mousedown'];
const RELEASE_TYPES = ['pointerup', 'mouseup'];

/**
 * How many samples each step takes: fewer for a map whose sample may take seconds at a million
 * (Leaflet: a pan release or a zoom redraws a million circles). The widget takes the full count
 * at every size, so that its p50 and p95 are not read from a handful of samples.
 */
export function sampleCounts(size, lib = 'leaflet') {
  if (size >= 1_000_000 && lib !== 'ours') {
    return { floor: 20, gestures: 2, movesPerGesture: 6, zooms: 6, deepNotches: 2, deepRounds: 1, slides: 4, alls: 2, clicks: 4 };
  }
  return { floor: 20, gestures: 3, movesPerGesture: 10, zooms: 16, deepNotches: 6, deepRounds: 2, slides: 8, alls: 3, clicks: 8 };
}

/** Stops taking samples of one step after this long (the samples taken are kept). */
const STEP_BUDGET_MS = 150_000;

async function repeat(count, takeSample) {
  const samples = [];
  const started = Date.now();
  for (let i = 0; i < count && Date.now() - started < STEP_BUDGET_MS; i++) samples.push(await takeSample(i));
  return samples;
}

/** The floor: an input that no map handles (over a blank corner), then two frames. */
export function inputFloor(pt, counts) {
  const vp = pt.page.viewportSize();
  return repeat(counts.floor, (i) =>
    pt.input(MOVE_TYPES, null, () => pt.page.mouse.move(vp.width - 100 + (i % 2) * 20, vp.height - 60)),
  );
}

/**
 * The floor of wheel inputs: a wheel notch over the same blank corner. Chromium delivers a wheel
 * event through its scroll path, a frame later than a mouse move: on a plain page with no wheel
 * listener at all, a notch reaches the second animation frame after it in about 28 ms and a move
 * in about 12 (measured here), so a zoom is compared with this floor, not the move's.
 */
export async function wheelFloor(pt, counts) {
  const vp = pt.page.viewportSize();
  await pt.page.mouse.move(vp.width - 100, vp.height - 60);
  await pt.settle();
  return repeat(counts.floor, (i) => pt.input(['wheel'], null, () => pt.page.mouse.wheel(0, i % 2 ? 100 : -100)));
}

/** The floor of API steps: a call that does nothing, then two frames. */
export function apiFloor(pt, counts) {
  return repeat(counts.floor, () => pt.sample(() => pt.page.evaluate(() => window.__probe.timed(() => {}))));
}

/**
 * The left button held, moved and released through CDP `Input.dispatchMouseEvent`, the call that
 * `page.mouse` makes: while a button is down, `page.mouse.move` also evaluates Playwright's own
 * drag-and-drop detection script in every frame of the page at each move (0.5-1 ms of the page's
 * main thread on this machine), which is the instrument's cost and not the map's. The events are
 * the same real inputs: Chromium's input pipeline, hit testing and dispatch.
 */
function dragMouse(pt) {
  let at = { x: 0, y: 0 };
  const send = (type, buttons) =>
    pt.cdp.send('Input.dispatchMouseEvent', { type, x: at.x, y: at.y, button: 'left', buttons, clickCount: type === 'mouseMoved' ? 0 : 1 });
  return {
    async move(x, y) {
      at = { x, y };
      await send('mouseMoved', 1);
    },
    down: () => send('mousePressed', 1),
    up: () => send('mouseReleased', 0),
    /** Where the pointer is, without a button (before a press). */
    async hover(x, y) {
      at = { x, y };
      await pt.cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, button: 'none', buttons: 0 });
    },
  };
}

/** Drags: press left of the centre, move 12 px at a time right then back, release. */
export async function pan(pt, view, counts) {
  const mouse = dragMouse(pt);
  const y = view.top + view.height / 2;
  const x0 = view.left + view.width / 2 - 120;
  const moves = [];
  const releases = [];
  const gestures = [];
  for (let g = 0; g < counts.gestures; g++) {
    await mouse.hover(x0, y);
    await pt.settle();
    await mouse.down();
    await pt.settle();
    let x = x0;
    const half = counts.movesPerGesture / 2;
    const gestureMoves = await repeat(counts.movesPerGesture, (i) => {
      x += i < half ? 12 : -12;
      return pt.input(MOVE_TYPES, null, () => mouse.move(x, y));
    });
    const release = await pt.input(RELEASE_TYPES, null, () => mouse.up());
    moves.push(...gestureMoves);
    releases.push(release);
    // The whole drag: Leaflet only translates its canvas while the pointer moves and redraws
    // at the end; the widget redraws at every move. Their sum compares like with like.
    const all = [...gestureMoves, release];
    gestures.push({ ms: all.reduce((t, s) => t + s.ms, 0), mainMs: all.reduce((t, s) => t + s.mainMs, 0), moves: gestureMoves.length });
  }
  return { moves, releases, gestures };
}

/** Wheel notches at the centre, in then out: 100 px each, half a zoom level in both maps. */
export async function zoom(pt, view, counts) {
  await pt.page.mouse.move(view.left + view.width / 2, view.top + view.height / 2);
  await pt.settle();
  return repeat(counts.zooms, (i) => pt.input(['wheel'], 'zoom', () => pt.page.mouse.wheel(0, i % 2 ? 100 : -100)));
}

/**
 * A reader's wheel zoom: notches in at the centre of the start view, three levels deep (six
 * notches of half a level), then back out, twice. `zoom` alternates in and out at the country
 * view, where a map that aggregates shows a few dozen clusters, and its grid holds both levels
 * after the first notch; here every level is new on the way in, and the deeper views show the
 * most markers (at 1M the spread-out incidents make some 800 small clusters on the screen).
 * Leaflet at 1M (9-10 s a notch) takes one level in and out.
 */
export async function zoomDeep(pt, view, counts) {
  await pt.page.mouse.move(view.left + view.width / 2, view.top + view.height / 2);
  await pt.settle();
  const run = counts.deepNotches;
  return repeat(2 * run * counts.deepRounds, (i) => {
    const inward = Math.floor(i / run) % 2 === 0;
    return pt.input(['wheel'], 'zoom', () => pt.page.mouse.wheel(0, inward ? -100 : 100));
  });
}

/**
 * The densest notch of `zoomDeep` alone: from five notches in (two and a half levels) to the
 * sixth, the first notch of a new level, where its grid's cells are smallest on screen and the
 * most markers show (at 1M some 800, two thirds of them with a count). It is the slow end of the
 * three-level zoom: two of its 24 notches, so its p95. Each sample is that notch; the notch back
 * out is not measured. For `bench/trace.mjs`: what that frame is made of.
 */
export async function zoomDense(pt, view, counts) {
  const centre = [view.left + view.width / 2, view.top + view.height / 2];
  await pt.page.mouse.move(...centre);
  await pt.settle();
  for (let i = 0; i < counts.deepNotches - 1; i++) {
    await pt.page.mouse.wheel(0, -100);
    await pt.settle();
  }
  return repeat(counts.zooms, async () => {
    const sample = await pt.input(['wheel'], 'zoom', () => pt.page.mouse.wheel(0, -100));
    await pt.page.mouse.wheel(0, 100);
    await pt.settle();
    return sample;
  });
}

/** Kabul whole: zoom 11.5 on the benchmark's map, half of the generated incidents in view. */
export const KABUL_BOX = [[69.0, 34.42], [69.35, 34.64]];

/**
 * The same wheel zoom as `zoomDeep`, into Kabul from a view of the whole city (zoom 11.5 to
 * 14.5 for the widget): the densest data there is, where a reader of an incident map zooms
 * first. Past the country view every level holds hundreds of thousands of incidents at 1M.
 */
export async function zoomCity(pt, view, counts) {
  await pt.evaluate((box) => window.__lib.showBox(box), KABUL_BOX);
  return zoomDeep(pt, view, counts);
}

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/** 30-day windows starting on 2022-01-01, one after the other. */
function windows(count) {
  const start = Date.UTC(2022, 0, 1);
  const day = 86_400_000;
  return Array.from({ length: count }, (_, i) => [isoDay(start + i * 30 * day), isoDay(start + (i * 30 + 29) * day)]);
}

/**
 * Time range changes through the API (a time slider calls the same): from everything to a 30-day
 * window, the window sliding on by 30 days, and back to everything.
 */
export async function timeRange(pt, counts) {
  const toWindow = [];
  const slides = [];
  const toAll = [];
  for (let round = 0; round < counts.alls; round++) {
    const ws = windows(round === 0 ? counts.slides + 1 : 1);
    toWindow.push(await pt.call('setTimeRange', ...ws[0]));
    for (const w of ws.slice(1)) slides.push(await pt.call('setTimeRange', ...w));
    toAll.push(await pt.call('setTimeRange', null, null));
  }
  return { toWindow, slides, toAll };
}

/** Whether a page point is well inside the map, clear of its buttons. */
const wellInside = (p, view) =>
  p.x > view.left + 60 && p.x < view.left + view.width - 40 && p.y > view.top + 60 && p.y < view.top + view.height - 40;

/**
 * Where single incidents are clicked: a box in the thinly spread part of the data (central
 * Afghanistan, far from every hotspot), sized so that about 60 incidents fall in it whatever the
 * dataset's size (the spread share is uniform, so the box shrinks as 1/sqrt(N)). At the country
 * view a map that aggregates shows clusters only, so an incident's click is measured here.
 */
export function clickBox(size) {
  const [lon, lat] = [66.0, 33.6];
  const half = 0.1 * Math.sqrt(1_000_000 / size);
  return [[lon - half, lat - half / 1.6], [lon + half, lat + half / 1.6]];
}

/** Incidents of the dataset inside `box`, from the generator (the same sequence the file holds). */
function incidentsIn(box, size, seed) {
  const [[w, s], [e, n]] = box;
  const inside = [];
  for (const f of incidents(size, seed)) {
    const [lon, lat] = f.geometry.coordinates;
    if (lon >= w && lon <= e && lat >= s && lat <= n) inside.push([lon, lat]);
  }
  return inside;
}

/** Kabul's centre, where the largest cluster of the generated data sits at the country view. */
const KABUL = { lon: 69.175, lat: 34.53 };

/**
 * One measured click: clears the selection, shows `box`, moves the pointer over `at` (a page
 * point, or `{lon, lat}` projected once the box shows), lets the page come to rest, then presses
 * and releases, timed to the frame that shows what the click opened.
 */
async function clickAt(pt, box, at) {
  const mouse = pt.page.mouse;
  await pt.evaluate(() => window.__lib.clearSelection());
  await pt.evaluate((b) => window.__lib.showBox(b), box);
  const p = 'lon' in at ? await pt.evaluate(([a, b]) => window.__lib.screenPoint(a, b), [at.lon, at.lat]) : at;
  await mouse.move(p.x, p.y);
  await pt.rest();
  await pt.evaluate(() => window.__lib.expectSelection());
  return pt.input(PRESS_TYPES, 'select', async () => {
    await mouse.down();
    await mouse.up();
  });
}

/**
 * Clicks on single incidents: the map shows `clickBox(size)`, and each target is an incident with
 * no other one within 60 px on screen (the widget's grid cells are at most 48 px wide at a
 * fractional zoom and a single marker's radius at most 36 px, so such an incident is drawn on its
 * own), pressed and released, to the frame that shows its details. A click
 * that opens something else (a cluster's list) is counted in `missed` and left out.
 */
export async function clickIncident(pt, size, seed, counts) {
  const box = clickBox(size);
  await pt.evaluate((b) => window.__lib.showBox(b), box);
  const view = await pt.evaluate(() => window.__lib.view());
  const points = [];
  for (const [lon, lat] of incidentsIn(box, size, seed)) {
    points.push(await pt.evaluate(([a, b]) => window.__lib.screenPoint(a, b), [lon, lat]));
  }
  const isolated = [];
  for (const p of points) {
    if (!wellInside(p, view) || points.some((q) => q !== p && Math.hypot(q.x - p.x, q.y - p.y) < 60)) continue;
    // Not under a control (the legend, the zoom buttons) that lies over the map.
    if (await pt.evaluate(([x, y]) => window.__lib.hitsMap(x, y), [p.x, p.y])) isolated.push(p);
  }
  const samples = [];
  let missed = 0;
  for (const p of isolated.slice(0, counts.clicks)) {
    // A selection may pan the map to clear the details panel: the same view for every click.
    const sample = await clickAt(pt, box, p);
    if (await pt.evaluate(() => window.__lib.detailsShown())) samples.push(sample);
    else missed++;
  }
  await pt.evaluate(() => window.__lib.clearSelection());
  return { samples, missed, candidates: isolated.length, inBox: points.length, view };
}

/** The start view of both maps: Afghanistan, [[west, south], [east, north]]. */
export const COUNTRY_BOX = [[60.4, 29.3], [75.0, 38.6]];

/**
 * Clicks on the Kabul cluster at the country view (maps that aggregate only): press and release,
 * to the frame that shows the cluster's list (the widget also zooms in to split it). The view is
 * put back before each sample.
 */
export async function clickCluster(pt, countryBox, counts) {
  const samples = [];
  for (let i = 0; i < counts.clicks; i++) {
    const sample = await clickAt(pt, countryBox, KABUL);
    if (!(await pt.evaluate(() => window.__lib.listShown()))) throw new Error('a click on the Kabul cluster showed no list');
    samples.push(sample);
  }
  await pt.evaluate(() => window.__lib.clearSelection());
  return samples;
}

/** The steps `bench/trace.mjs` and `bench/ab.mjs` can run alone, by name. */
export const STEP_NAMES = ['pan', 'zoom', 'zoomdeep', 'zoomdense', 'zoomcity', 'time', 'click', 'cluster'];

/** Runs the step called `step` (one of `STEP_NAMES`) and returns its samples (each with `mainMs`). */
export async function runStep(pt, step, size, view, counts, seed) {
  if (step === 'pan') return (await pan(pt, view, counts)).moves;
  if (step === 'zoom') return zoom(pt, view, counts);
  if (step === 'zoomdeep') return zoomDeep(pt, view, counts);
  if (step === 'zoomdense') return zoomDense(pt, view, counts);
  if (step === 'zoomcity') return zoomCity(pt, view, counts);
  if (step === 'time') return (await timeRange(pt, counts)).slides;
  if (step === 'cluster') return clickCluster(pt, COUNTRY_BOX, counts);
  if (step === 'click') return (await clickIncident(pt, size, seed, counts)).samples;
  throw new Error(`no step called ${step}: choose among ${STEP_NAMES.join(', ')}`);
}
