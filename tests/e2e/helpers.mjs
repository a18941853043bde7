// Helpers for the end-to-end tests (node --test tests/e2e/*.test.mjs, run by `make test`).
//
//   import { launchBrowser, startDist, newPage, screenshotPath } from './helpers.mjs';
//
//   const server = await startDist();          // dist/ on a random port, /fixtures/ = tests/fixtures
//   const browser = await launchBrowser();     // Debian's /usr/bin/chromium, headless
//   const page = await newPage(browser, { width: 800, height: 600, dpr: 2, touch: false });
//   await page.goto(`${server.url}/examples/basic.html`);
//   await page.screenshot({ path: screenshotPath('basic') });
//   assert.deepEqual(page.errors, []);        // console errors and uncaught page errors
//   await browser.close(); await server.close();
//
// This file is not a test itself: test files are named *.test.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../tools/serve.mjs';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built site (`make build`). */
export const DIST_DIR = path.join(REPO_ROOT, 'dist');
/** Test fixtures, served under /fixtures/. */
export const FIXTURES_DIR = path.join(REPO_ROOT, 'tests', 'fixtures');
/** Where screenshots go (ignored by git). */
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

/** Debian's Chromium; never a downloaded browser. CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/**
 * Flags for Chromium here: we run as root (no sandbox), without a GPU, and with no network but
 * loopback (so no background connections, component updates or first-run pages).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Launch headless Chromium through playwright-core. Close it with `await browser.close()`.
 *
 * Debian's Chromium 148 on the project's machines now and then dies while starting (SIGSEGV
 * before the first page, "Target page, context or browser has been closed": twice in the test
 * runs of 7 December, in different suites, each passing when run again). A launch that fails
 * that way is tried again, twice at most, and says so; any other failure is thrown at once.
 */
export async function launchBrowser(options = {}) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} not found. Chromium is needed for the browser tests: ` +
        'apt-get install -y chromium chromium-driver',
    );
  }
  const launch = () =>
    chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      ...options,
    });
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch();
    } catch (error) {
      const died = /has been closed|SIGSEGV|signal=SIG/.test(String(error?.message));
      if (!died || attempt === 3) throw error;
      console.warn(`launchBrowser: Chromium died while starting (attempt ${attempt} of 3); trying again`);
    }
  }
}

/**
 * dist/ with the test-only build's pkg/ (`make panic-site`): the same site, whose MapHandle also
 * has the test hooks debugStats() and debugLabels() (cargo feature test-hooks) and debugPanic().
 */
export const TEST_SITE_DIR = path.join(REPO_ROOT, 'target/debug-panic/site');

/**
 * Serve dist/ in-process on a random free port on 127.0.0.1, with tests/fixtures mounted at
 * /fixtures/. Resolves to {url, close()}; `url` has no trailing slash (`${url}/index.html`).
 * Anything under `${url}/csp/` is served with the strict Content-Security-Policy header.
 * `testHooks`: serve the test site (TEST_SITE_DIR) instead, for tests that read the test hooks.
 */
export async function startDist({ extraRoots = {}, testHooks = false } = {}) {
  const root = testHooks ? TEST_SITE_DIR : DIST_DIR;
  if (!fs.existsSync(path.join(root, 'pkg'))) {
    throw new Error(`${root}/pkg not found: run '${testHooks ? 'make build panic-site' : 'make build'}' first`);
  }
  const server = await startServer({
    root,
    port: 0,
    extraRoots: { '/fixtures/': FIXTURES_DIR, ...extraRoots },
  });
  return { url: server.url, close: server.close };
}

/**
 * Open a page in a new browser context of the given viewport size, device pixel ratio and touch
 * support. `page.errors` collects console errors (a missing favicon.ico excepted) and uncaught
 * exceptions, as strings;
 * `page.closeContext()` closes the page's context.
 */
export async function newPage(browser, { width = 800, height = 600, dpr = 1, touch = false } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: dpr,
    hasTouch: touch,
  });
  // The map's layer canvases show pictures painted off screen (a `bitmaprenderer` context, see
  // src/web/canvas.rs), which have no 2D context to read: tests read a layer's pixels through
  // a copy: `layerPixels(canvas, x, y, width, height)`, like `getImageData` (the whole canvas by
  // default). `markerCanvasPoint(el, lon, lat)` is the shown markers canvas of the map `el` and
  // where a place falls on it, in that canvas's own (device) pixels, wherever the canvas is placed.
  await context.addInitScript(() => {
    window.layerPixels = (canvas, x = 0, y = 0, width = canvas.width, height = canvas.height) => {
      const copy = document.createElement('canvas');
      copy.width = width;
      copy.height = height;
      const ctx = copy.getContext('2d');
      ctx.drawImage(canvas, x, y, width, height, 0, 0, width, height);
      return ctx.getImageData(0, 0, width, height);
    };
    window.markerCanvasPoint = (el, lon, lat) => {
      const p = el.project(lon, lat);
      const canvas = el.shadowRoot.querySelector('canvas.im-layer-markers:not([hidden])');
      const host = el.getBoundingClientRect();
      const box = canvas.getBoundingClientRect();
      const scale = canvas.width / box.width;
      return { canvas, x: (host.left + p.x - box.left) * scale, y: (host.top + p.y - box.top) * scale };
    };
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      // Chromium asks for /favicon.ico by itself; a missing one is not the page's error.
      if (loc && loc.url && new URL(loc.url, 'http://x').pathname.endsWith('/favicon.ico')) return;
      const where = loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      page.errors.push(`console.error: ${msg.text()}${where}`);
    }
  });
  page.on('pageerror', (err) => {
    page.errors.push(`pageerror: ${err && err.stack ? err.stack : String(err)}`);
  });
  page.closeContext = () => context.close();
  return page;
}

/** The path test-results/<name>.png (absolute, under the repository root); creates the folder. */
export function screenshotPath(name) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const safe = String(name).replace(/[^\w.-]+/g, '_');
  return path.join(RESULTS_DIR, `${safe}.png`);
}

/** The map events most end-to-end tests record. */
export const MAP_EVENTS = ['load', 'select', 'timerangechange', 'viewchange', 'error'];

/**
 * Records the maps' CustomEvents of `types`, as seen on `document`, from before any script of
 * the page runs: `window.__imEvents` holds `{type, target (id or tag name), detail}`.
 */
export async function recordMapEvents(page, types = MAP_EVENTS) {
  await page.addInitScript((types) => {
    window.__imEvents = [];
    for (const type of types) {
      document.addEventListener(type, (event) => {
        if (!(event instanceof CustomEvent)) return;
        const target = event.target;
        window.__imEvents.push({
          type,
          target: (target && (target.id || target.localName)) || null,
          detail: JSON.parse(JSON.stringify(event.detail ?? null)),
        });
      });
    }
  }, types);
}

/** How many map events have been recorded so far (a mark to look only at later ones). */
export const mark = (page) => page.evaluate(() => window.__imEvents.length);

/** The map events recorded since `since`, of `type` and from the map `target` when given. */
export const eventsSince = (page, since, type, target) =>
  page.evaluate(
    ([since, type, target]) =>
      window.__imEvents.slice(since).filter((e) => (!type || e.type === type) && (!target || e.target === target)),
    [since, type, target ?? null],
  );

/** Waits for a map event of `type` after `since` whose detail has the fields of `match`. */
export async function waitForEvent(page, type, since, match = {}) {
  const handle = await page.waitForFunction(
    ([type, since, match]) =>
      window.__imEvents
        .slice(since)
        .find(
          (e) =>
            e.type === type &&
            Object.entries(match).every(([k, v]) => JSON.stringify(e.detail?.[k]) === JSON.stringify(v)),
        ),
    [type, since, match],
  );
  return handle.jsonValue();
}

/** Resolves after two animation frames: whatever the map scheduled has been painted. */
export const frames = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** A figure of the counters: "138 killed", "at least 854 injured" where some incidents leave it
 * unknown, "injured unknown" where all of them do. */
export function counterFigure(features, field) {
  const sum = features.reduce((total, f) => total + (f.properties[field] ?? 0), 0);
  const unknown = features.filter((f) => f.properties[field] == null).length;
  if (features.length > 0 && unknown === features.length) return `${field} unknown`;
  return unknown > 0 ? `at least ${sum} ${field}` : `${sum} ${field}`;
}

/** A GeoJSON collection of point incidents, for `setData`: `[id, date, properties?, [lon, lat]?]`
 * each, in Kabul unless a position is given. */
export function pointCollection(points) {
  const features = points.map(([id, date, properties = {}, coordinates = [69.17, 34.53]]) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates },
    properties: { id, date, ...properties },
  }));
  return { type: 'FeatureCollection', features };
}
