// End-to-end tests of the demo page (dist/index.html): loading, drawing, selecting, the time
// presets, zoom and pan, closing the details, hostile text and bad data, and a phone-sized touch run.
//
//   make build && node --test tests/e2e/
//
// Every test opens its own page; the server and the browser are shared by the file. Waits are on
// events (`select`, `viewchange`, ...) recorded in the page, or on waitForFunction: no fixed sleeps.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  launchBrowser, startDist, newPage, screenshotPath, REPO_ROOT, FIXTURES_DIR, recordMapEvents, mark, eventsSince,
  waitForEvent, frames, counterFigure,
} from './helpers.mjs';

const DATA = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'www/data/incidents.geojson'), 'utf8'));
const HOSTILE_TEXT = fs.readFileSync(path.join(FIXTURES_DIR, 'hostile.geojson'), 'utf8');
const HOSTILE = JSON.parse(HOSTILE_TEXT);
const MIXED_TEXT = fs.readFileSync(path.join(FIXTURES_DIR, 'mixed.geojson'), 'utf8');
const MIXED = JSON.parse(MIXED_TEXT);

const AIRPORT_ID = 'kabul-2021-08-26-airport';
const MOSQUE_ID = 'kabul-2022-04-29-khalifa-sahib-mosque';
const feature = (collection, id) => {
  const found = collection.features.find((f) => f.properties.id === id);
  assert.ok(found, `fixture has no feature ${id}`);
  return found;
};
const AIRPORT = feature(DATA, AIRPORT_ID);
const MOSQUE = feature(DATA, MOSQUE_ID);
/** [lon, lat] of a feature, read from the data (never hard-coded). */
const lonLat = (f) => f.geometry.coordinates;

const TIMEOUT = { timeout: 60_000 };

// ---------------------------------------------------------------------------------------------
// Page helpers (each test file has its own copy: helpers.mjs belongs to the tooling).

const EVENT_TYPES = ['load', 'select', 'timerangechange', 'viewchange', 'error'];

/** Opens a page that records the map's CustomEvents (from before any script runs) and failed
 * requests, and fails on dialogs. */
async function openPage(browser, url, options = {}) {
  const page = await newPage(browser, { width: 1000, height: 900, ...options });
  page.setDefaultTimeout(15_000);
  page.dialogs = [];
  page.on('dialog', async (dialog) => {
    page.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  page.failedRequests = [];
  page.on('response', (response) => {
    const pathname = new URL(response.url()).pathname;
    if (response.status() >= 400 && !pathname.endsWith('/favicon.ico')) {
      page.failedRequests.push(`${response.status()} ${pathname}`);
    }
  });
  page.on('requestfailed', (request) => page.failedRequests.push(`failed ${request.url()}`));
  await recordMapEvents(page, EVENT_TYPES);
  if (url) await page.goto(url);
  return page;
}

/** Awaits `el.ready` of the (first) <incident-map>. */
async function ready(page, selector = 'incident-map') {
  await page.waitForFunction((s) => !!document.querySelector(s), selector);
  await page.evaluate((s) => document.querySelector(s).ready, selector);
}


/** el.project(lon, lat) plus the element's position: a point in the page's viewport. */
function pagePoint(page, [lon, lat], selector = 'incident-map') {
  return page.evaluate(
    ([lon, lat, s]) => {
      const el = document.querySelector(s);
      const r = el.getBoundingClientRect();
      const p = el.project(lon, lat);
      return { x: r.left + p.x, y: r.top + p.y };
    },
    [lon, lat, selector],
  );
}

/** el.project(lon, lat), in the element's CSS pixels. */
const project = (page, [lon, lat], selector = 'incident-map') =>
  page.evaluate(([lon, lat, s]) => document.querySelector(s).project(lon, lat), [lon, lat, selector]);

/** RGBA of one layer canvas at a position given in the element's CSS pixels. */
function layerPixel(page, layer, { x, y }, selector = 'incident-map') {
  return page.evaluate(
    ([layer, x, y, s]) => {
      const el = document.querySelector(s);
      const canvas = el.shadowRoot.querySelector(`canvas.im-layer-${layer}:not([hidden])`);
      const host = el.getBoundingClientRect();
      const box = canvas.getBoundingClientRect();
      const scale = canvas.width / box.width;
      const px = Math.round((host.left + x - box.left) * scale);
      const py = Math.round((host.top + y - box.top) * scale);
      return Array.from(layerPixels(canvas, px, py, 1, 1).data);
    },
    [layer, x, y, selector],
  );
}

/** How many pixels of the rings' layer are painted on the row through `{x, y}` (map
 * coordinates), 100 px each side: a ring around a marker there crosses it. */
function ringPixels(page, { x, y }, selector = 'incident-map') {
  return page.evaluate(
    ([x, y, s]) => {
      const el = document.querySelector(s);
      const canvas = el.shadowRoot.querySelector('canvas.im-layer-overlay:not([hidden])');
      if (!canvas) return 0;
      const host = el.getBoundingClientRect();
      const box = canvas.getBoundingClientRect();
      const scale = canvas.width / box.width;
      const py = Math.round((host.top + y - box.top) * scale);
      let painted = 0;
      for (let dx = -100; dx <= 100; dx++) {
        const px = Math.round((host.left + x + dx - box.left) * scale);
        if (px < 0 || py < 0 || px >= canvas.width || py >= canvas.height) continue;
        if (layerPixels(canvas, px, py, 1, 1).data[3] > 0) painted++;
      }
      return painted;
    },
    [x, y, selector],
  );
}

/** Waits until the markers canvas is painted (opaque enough) at a position. */
async function waitForMarkerAt(page, where, selector = 'incident-map') {
  await page.waitForFunction(
    ([x, y, s]) => {
      const el = document.querySelector(s);
      const canvas = el.shadowRoot.querySelector('canvas.im-layer-markers:not([hidden])');
      const host = el.getBoundingClientRect();
      const box = canvas.getBoundingClientRect();
      if (!box.width) return false;
      const scale = canvas.width / box.width;
      const px = Math.round((host.left + x - box.left) * scale);
      const py = Math.round((host.top + y - box.top) * scale);
      return layerPixels(canvas, px, py, 1, 1).data[3] > 100;
    },
    [where.x, where.y, selector],
    { polling: 'raf' },
  );
}

/** The text of the details panel's facts as {label: value}. */
const detailsFacts = (page) =>
  page.evaluate(() => {
    const dl = document.querySelector('incident-map').shadowRoot.querySelector('.im-details .im-facts');
    const facts = {};
    if (!dl) return facts;
    for (const dt of dl.querySelectorAll('dt')) facts[dt.textContent] = dt.nextElementSibling.textContent;
    return facts;
  });

const detailsVisible = (page) => page.locator('incident-map .im-details').isVisible();

/** Clicks the "Kabul" view button and waits for the view to change. */
async function showKabul(page) {
  const since = await mark(page);
  await page.locator('incident-map .im-views button[data-view="kabul"]').click();
  await waitForEvent(page, 'viewchange', since);
}

/** Clicks at a position and returns the `select` events the click fired. The map answers a
 * click synchronously in its pointerup handler, so the events are in by the time it resolves. */
async function clickAt(page, lonLatPair) {
  const at = await pagePoint(page, lonLatPair);
  const since = await mark(page);
  await page.mouse.click(at.x, at.y);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0))); // one task: the input was handled
  return eventsSince(page, since, 'select');
}

function assertClean(page) {
  assert.deepEqual(page.errors, [], 'console errors or uncaught exceptions');
  assert.deepEqual(page.failedRequests, [], 'failed requests');
  assert.deepEqual(page.dialogs, [], 'dialogs');
}

/** Expected start of the time control's counters for the incidents of `data` between two days
 * (inclusive): "6 incidents · 138 killed · 216 injured". */
function expectedCounters(data, from, to) {
  const days = data.features.map((f) => f.properties.date.slice(0, 10));
  const shown = data.features.filter((_, i) => (!from || days[i] >= from) && (!to || days[i] <= to));
  const noun = shown.length === 1 ? 'incident' : 'incidents';
  return `${shown.length} ${noun} · ${counterFigure(shown, 'killed')} · ${counterFigure(shown, 'injured')}`;
}

// ---------------------------------------------------------------------------------------------

let server;
/** The test site (test hooks: debugStats), for the test that counts label placements. */
let hooksServer;
let browser;
before(async () => {
  server = await startDist();
  hooksServer = await startDist({ testHooks: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await hooksServer?.close();
});
const demoUrl = () => `${server.url}/index.html`;

describe('the demo page', () => {
  it('loads without errors, fires load and draws the basemap and the markers', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      const load = await waitForEvent(page, 'load', 0);
      assert.equal(load.target, 'incident-map');
      assert.equal(load.detail.loaded, DATA.features.length);
      assert.deepEqual(load.detail.rejected, []);

      // The basemap is opaque and not one flat colour.
      const colours = await page.evaluate(() => {
        const canvas = document.querySelector('incident-map').shadowRoot.querySelector('.im-layer-basemap:not([hidden])');
        const { data } = layerPixels(canvas);
        const seen = new Set();
        let transparent = 0;
        for (let i = 0; i < data.length; i += 4 * 97) {
          if (data[i + 3] < 255) transparent++;
          seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        }
        return { distinct: seen.size, transparent };
      });
      assert.equal(colours.transparent, 0, 'the basemap covers the map');
      assert.ok(colours.distinct >= 3, `the basemap shows land, borders and more: ${colours.distinct} colours`);

      // At the country view the airport is inside the Kabul cluster; at the Kabul view it has
      // its own marker.
      await page.evaluate(() => document.querySelector('incident-map').flyTo('kabul'));
      const airport = await project(page, lonLat(AIRPORT));
      assert.ok(Number.isFinite(airport.x) && Number.isFinite(airport.y), JSON.stringify(airport));
      await waitForMarkerAt(page, airport);
      const [r, g, b, a] = await layerPixel(page, 'markers', airport);
      assert.ok(a > 100, `a marker is drawn at the airport: ${[r, g, b, a]}`);
      assert.ok(r > g + 30 && r > b + 30, `markers are red: ${[r, g, b, a]}`);
      // The markers canvas is not simply filled: a corner far from Afghanistan is transparent.
      assert.equal((await layerPixel(page, 'markers', { x: 5, y: 470 }))[3], 0);
      const counters = await page.locator('incident-map .im-counters').textContent();
      assert.ok(counters.startsWith(expectedCounters(DATA)), counters);
      assert.equal(await page.locator('incident-map .im-message').isVisible(), false);
      assert.equal(await detailsVisible(page), false);
      const attribution = await page.locator('incident-map .im-attribution').textContent();
      assert.match(attribution, /Natural Earth/);

      await frames(page);
      await page.screenshot({ path: screenshotPath('demo-afghanistan') });
      assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  it('clicking the Kabul airport marker opens its details', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      // In the Afghanistan view the Kabul markers overlap; the Kabul view separates them.
      await showKabul(page);
      const selects = await clickAt(page, lonLat(AIRPORT));
      assert.deepEqual(
        selects.map((e) => e.detail),
        [{ id: AIRPORT_ID }],
        'one select event, for the airport',
      );
      assert.equal(await page.evaluate(() => document.querySelector('incident-map').selected), AIRPORT_ID);

      assert.ok(await detailsVisible(page), 'the details panel is shown');
      const title = await page.locator('incident-map .im-details .im-details-title').textContent();
      assert.match(title, /Hamid Karzai International Airport/);
      assert.match(title, /Abbey Gate/);
      const facts = await detailsFacts(page);
      assert.equal(facts.Killed, String(AIRPORT.properties.killed), 'the sized figure: killed 182');
      assert.equal(facts.Injured, String(AIRPORT.properties.injured));
      const sizedBy = await page.locator('incident-map .im-details .im-sized-by').textContent();
      assert.match(sizedBy, /killed/);

      // Every reported figure is listed, first and later, with its number.
      const figures = await page.locator('incident-map .im-details .im-figures li').allTextContents();
      assert.equal(figures.length, AIRPORT.properties.figures.length, figures.join('\n'));
      AIRPORT.properties.figures.forEach((figure, i) => {
        assert.ok(figures[i].startsWith(`${figure.stage} report`), figures[i]);
        assert.ok(figures[i].includes(`${figure.killed} killed`), figures[i]);
      });
      const allFigures = figures.join('\n');
      assert.match(allFigures, /\b169\b/, 'the article figure of 169 Afghans');
      assert.match(allFigures, /\b13 US service members\b/);
      const sources = page.locator('incident-map .im-details .im-sources a');
      assert.equal(await sources.count(), AIRPORT.properties.sources.length);
      assert.equal(await sources.first().getAttribute('href'), AIRPORT.properties.sources[0].url);
      assert.equal(await sources.first().getAttribute('rel'), 'noopener noreferrer');

      // The selection ring is drawn on the overlay, around the marker.
      await frames(page);
      const overlay = await page.evaluate(() => {
        const c = document.querySelector('incident-map').shadowRoot.querySelector('.im-layer-overlay:not([hidden])');
        const { data } = layerPixels(c);
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]) painted++;
        return painted;
      });
      assert.ok(overlay > 0, 'the overlay shows the selection');

      await page.screenshot({ path: screenshotPath('demo-kabul-details') });
      assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  it('the "Apr 2022" preset filters the airport out and keeps the 29 April mosque', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await showKabul(page);
      const first = await clickAt(page, lonLat(AIRPORT));
      assert.deepEqual(first.map((e) => e.detail.id), [AIRPORT_ID]);

      const preset = page.locator('incident-map .im-presets button', { hasText: 'Apr 2022' });
      const from = await preset.getAttribute('data-from');
      const to = await preset.getAttribute('data-to');
      assert.deepEqual([from, to], ['2022-04-01', '2022-04-30']);
      const since = await mark(page);
      await preset.click();
      const change = await waitForEvent(page, 'timerangechange', since);
      assert.deepEqual(change.detail, { from, to });
      assert.equal(change.target, 'incident-map');
      assert.deepEqual(
        await page.evaluate(() => document.querySelector('incident-map').timeRange),
        { from, to },
      );
      // The selected airport is filtered out: the selection is cleared and the panel closes.
      const cleared = await eventsSince(page, since, 'select');
      assert.deepEqual(cleared.map((e) => e.detail), [{ id: null }]);
      assert.equal(await detailsVisible(page), false);

      // The controls follow: pressed preset, the brush handles, the counters.
      const pressed = await page
        .locator('incident-map .im-presets button')
        .evaluateAll((bs) => bs.map((b) => [b.textContent, b.getAttribute('aria-pressed')]));
      for (const [label, state] of pressed) {
        assert.equal(state, label === 'Apr 2022' ? 'true' : 'false', `${label} aria-pressed`);
      }
      assert.equal(await page.locator('incident-map .im-handle-from').getAttribute('data-day'), from);
      assert.equal(await page.locator('incident-map .im-handle-to').getAttribute('data-day'), to);
      const counters = await page.locator('incident-map .im-counters').textContent();
      assert.ok(counters.startsWith(expectedCounters(DATA, from, to)), counters);
      // The dates as the page's locale writes a range (the demo page is en-GB: "1–30 April 2022").
      const days = await page.evaluate(
        ([from, to]) => {
          const f = new Intl.DateTimeFormat(document.documentElement.lang || [], {
            timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric',
          });
          return f.formatRange(new Date(`${from}T00:00Z`), new Date(`${to}T00:00Z`));
        },
        [from, to],
      );
      // In one unbreakable run, so that a narrow line never breaks inside it ("8 / May 2021", "1 – / 30 April"):
      // no-break spaces, and narrow ones for the thin spaces around the dash.
      const unbreakable = days.replace(/ /g, '\u00a0').replace(/\u2009/g, '\u202f');
      assert.ok(counters.endsWith(` · ${unbreakable}`), `${counters} ends with ${days}`);

      // Where the airport was, a click selects nothing.
      const none = await clickAt(page, lonLat(AIRPORT));
      assert.deepEqual(none.filter((e) => e.detail.id === AIRPORT_ID), [], 'the airport is not selectable');
      assert.notEqual(await page.evaluate(() => document.querySelector('incident-map').selected), AIRPORT_ID);
      if (await detailsVisible(page)) {
        const text = await page.locator('incident-map .im-details').textContent();
        assert.doesNotMatch(text, /Hamid Karzai/);
      }

      // The 29 April mosque, in Kabul city, is shown and selectable.
      const mosquePoint = await project(page, lonLat(MOSQUE));
      await waitForMarkerAt(page, mosquePoint);
      const picked = await clickAt(page, lonLat(MOSQUE));
      assert.deepEqual(picked.map((e) => e.detail), [{ id: MOSQUE_ID }]);
      assert.ok(await detailsVisible(page));
      const title = await page.locator('incident-map .im-details .im-details-title').textContent();
      assert.equal(title, MOSQUE.properties.site);
      assert.equal((await detailsFacts(page)).Killed, String(MOSQUE.properties.killed));

      await frames(page);
      await page.screenshot({ path: screenshotPath('demo-apr-2022') });

      // "All" brings everything back.
      const again = await mark(page);
      await page.locator('incident-map .im-presets button', { hasText: 'All' }).click();
      const all = await waitForEvent(page, 'timerangechange', again);
      const allDays = DATA.features.map((f) => f.properties.date.slice(0, 10)).sort();
      assert.deepEqual(all.detail, { from: allDays[0], to: allDays.at(-1) });
      const countersAll = await page.locator('incident-map .im-counters').textContent();
      assert.ok(countersAll.startsWith(expectedCounters(DATA)), countersAll);
      assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  it('the zoom buttons, the keyboard and the wheel zoom the map', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await frames(page);
      const geometry = () =>
        page.evaluate(() => {
          const el = document.querySelector('incident-map');
          const host = el.getBoundingClientRect();
          const area = el.shadowRoot.querySelector('.im-map').getBoundingClientRect();
          return {
            host: { left: host.left, top: host.top },
            centre: { x: area.left - host.left + area.width / 2, y: area.top - host.top + area.height / 2 },
          };
        });
      const { centre, host } = await geometry();
      const target = lonLat(AIRPORT);
      const close = (actual, expected, what) =>
        assert.ok(
          Math.abs(actual.x - expected.x) <= 2 && Math.abs(actual.y - expected.y) <= 2,
          `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
        );
      const scaledAbout = (p, about, factor) => ({
        x: about.x + (p.x - about.x) * factor,
        y: about.y + (p.y - about.y) * factor,
      });

      const before = await project(page, target);
      let since = await mark(page);
      await page.locator('incident-map .im-zoom button[aria-label="Zoom in"]').click();
      const zoomedIn = await waitForEvent(page, 'viewchange', since);
      const beforeZoom = await page.evaluate(
        (since) => window.__imEvents.slice(0, since).filter((e) => e.type === 'viewchange').at(-1).detail.zoom,
        since,
      );
      assert.ok(Math.abs(zoomedIn.detail.zoom - (beforeZoom + 1)) < 1e-9, JSON.stringify(zoomedIn.detail));
      close(await project(page, target), scaledAbout(before, centre, 2), 'zoom in about the centre');

      since = await mark(page);
      await page.locator('incident-map .im-zoom button[aria-label="Zoom out"]').click();
      const zoomedOut = await waitForEvent(page, 'viewchange', since);
      assert.ok(Math.abs(zoomedOut.detail.zoom - beforeZoom) < 1e-9, JSON.stringify(zoomedOut.detail));
      close(await project(page, target), before, 'zoom out again');

      // Keyboard: + and - on the focused map.
      await page.locator('incident-map .im-surface').focus();
      since = await mark(page);
      await page.keyboard.press('+');
      const keyed = await waitForEvent(page, 'viewchange', since);
      assert.ok(Math.abs(keyed.detail.zoom - (beforeZoom + 1)) < 1e-9, JSON.stringify(keyed.detail));
      since = await mark(page);
      await page.keyboard.press('-');
      await waitForEvent(page, 'viewchange', since);
      close(await project(page, target), before, 'keyboard zoom out again');

      // The wheel zooms about the pointer: the point under it stays put.
      const pointer = { x: centre.x - 150, y: centre.y + 60 };
      await page.mouse.move(host.left + pointer.x, host.top + pointer.y);
      since = await mark(page);
      await page.mouse.wheel(0, -200);
      const wheeled = await waitForEvent(page, 'viewchange', since);
      const dz = wheeled.detail.zoom - beforeZoom;
      assert.ok(dz > 0, `the wheel up zooms in: ${JSON.stringify(wheeled.detail)}`);
      close(await project(page, target), scaledAbout(before, pointer, 2 ** dz), 'wheel zoom about the pointer');
      // The page did not scroll: the map took the wheel.
      assert.equal(await page.evaluate(() => window.scrollY), 0);
      assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  it('dragging pans the map by the drag distance and selects nothing', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await frames(page);
      const fixed = lonLat(MOSQUE);
      const before = await project(page, fixed);
      // Start the drag on the airport marker: a drag is never a click.
      const start = await pagePoint(page, lonLat(AIRPORT));
      const [dx, dy] = [-140, 75];
      const since = await mark(page);
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      await page.mouse.move(start.x + dx, start.y + dy, { steps: 12 });
      await page.mouse.up();
      await waitForEvent(page, 'viewchange', since);
      const after = await project(page, fixed);
      assert.ok(
        Math.abs(after.x - before.x - dx) <= 2 && Math.abs(after.y - before.y - dy) <= 2,
        `moved by (${after.x - before.x}, ${after.y - before.y}), dragged by (${dx}, ${dy})`,
      );
      assert.deepEqual(await eventsSince(page, since, 'select'), [], 'a drag selects nothing');
      assert.equal(await detailsVisible(page), false);
      assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  // The layers are pictures moved under the map while a drag goes on (src/web/canvas.rs, MapLayer);
  // a browser without OffscreenCanvas paints them in place at every frame. Either way, what shows
  // after the drag is the marker where the airport now is, and a click on it selects it.
  for (const offscreen of [true, false]) {
    it(`a drag shows the markers where they moved, ${offscreen ? 'as moved pictures' : 'painted in place without OffscreenCanvas'}`, TIMEOUT, async () => {
      const page = await openPage(browser, null);
      try {
        if (!offscreen) await page.addInitScript(() => { delete window.OffscreenCanvas; });
        await page.goto(demoUrl());
        await ready(page);
        await page.evaluate(() => document.querySelector('incident-map').flyTo('kabul'));
        await frames(page);
        const start = await pagePoint(page, lonLat(MOSQUE));
        const [dx, dy] = [90, -60];
        await page.mouse.move(start.x, start.y);
        await page.mouse.down();
        await page.mouse.move(start.x + dx / 2, start.y + dy / 2, { steps: 6 });
        await page.mouse.move(start.x + dx, start.y + dy, { steps: 6 });
        await frames(page);
        // Mid-drag: the markers' shown canvas is the moved picture (or the painted one).
        const moving = await page.evaluate(() => document.querySelector('incident-map').shadowRoot
          .querySelector('.im-layer-markers:not([hidden])').classList.contains('im-moving'));
        assert.equal(moving, offscreen, 'the canvas the markers show on during a drag');
        const airport = await project(page, lonLat(AIRPORT));
        const [, , , alphaMid] = await layerPixel(page, 'markers', airport);
        assert.ok(alphaMid > 100, `mid-drag, a marker where the airport has moved to: alpha ${alphaMid}`);
        await page.mouse.up();
        await frames(page);
        const [, , , alphaAfter] = await layerPixel(page, 'markers', await project(page, lonLat(AIRPORT)));
        assert.ok(alphaAfter > 100, `after the drag: alpha ${alphaAfter}`);
        const since = await mark(page);
        const at = await pagePoint(page, lonLat(AIRPORT));
        await page.mouse.click(at.x, at.y);
        const selected = await waitForEvent(page, 'select', since);
        assert.equal(selected.detail.id, AIRPORT_ID);
        await frames(page);
        // The selection ring (and the hover ring, on the same marker): on a small canvas placed
        // over the marker (src/web/rings.rs), with or without OffscreenCanvas.
        const ringCanvas = () => page.evaluate(() => document.querySelector('incident-map').shadowRoot
          .querySelector('canvas.im-layer-overlay:not([hidden])').classList.contains('im-patch'));
        assert.ok(await ringCanvas(), 'the rings of one marker are drawn on the small canvas');
        assert.ok(await ringPixels(page, await project(page, lonLat(AIRPORT))) > 0, 'a ring around the selection');
        // A second drag carries the ring with its marker.
        const from = await pagePoint(page, lonLat(MOSQUE));
        await page.mouse.move(from.x, from.y);
        await page.mouse.down();
        await page.mouse.move(from.x - 70, from.y + 40, { steps: 6 });
        await frames(page);
        const moved = await project(page, lonLat(AIRPORT));
        assert.ok(await ringPixels(page, moved) > 0, 'mid-drag, the ring is around the marker where it moved');
        await page.mouse.up();
        await frames(page);
        assert.ok(await ringPixels(page, await project(page, lonLat(AIRPORT))) > 0, 'after the drag, the ring too');
        // The pointer over another marker, far from the selection: the rings of both go on the
        // layer the size of the map.
        const mosque = await pagePoint(page, lonLat(MOSQUE));
        await page.mouse.move(mosque.x, mosque.y);
        await frames(page);
        assert.equal(await ringCanvas(), false, 'rings far apart are drawn on the whole overlay');
        assert.ok(await ringPixels(page, await project(page, lonLat(MOSQUE))) > 0, 'the hover ring');
        assert.ok(await ringPixels(page, await project(page, lonLat(AIRPORT))) > 0, 'the selection ring');
        assertClean(page);
      } finally {
        await page.closeContext();
      }
    });
  }

  // A pan moves the labels with the map; they are placed again once, when the view is still
  // (src/web/widget.rs, paint_labels), not at each frame nor at the release.
  it('the labels move with a drag and are placed again once it has stopped', TIMEOUT, async () => {
    const page = await openPage(browser, `${hooksServer.url}/index.html`);
    try {
      await ready(page);
      await page.evaluate(() => document.querySelector('incident-map').flyTo('kabul'));
      await frames(page);
      await page.waitForTimeout(300);
      const placed = () => page.evaluate(() => document.querySelector('incident-map').debugStats().paints.labels);
      const before = await placed();
      const start = await pagePoint(page, lonLat(MOSQUE));
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      for (let i = 1; i <= 8; i++) {
        await page.mouse.move(start.x + 12 * i, start.y - 6 * i);
        await frames(page);
      }
      assert.equal(await placed(), before, 'no placement while the drag goes on');
      await page.mouse.up();
      await page.waitForTimeout(400);
      await frames(page);
      assert.equal(await placed(), before + 1, 'one placement once the view is still');
      assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  it('printed, the map keeps what it shows, its legend and details, and leaves out its controls', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await showKabul(page);
      await clickAt(page, lonLat(AIRPORT));
      await page.locator('incident-map .im-table-toggle').click();
      await page.locator('incident-map .im-table tbody tr').first().waitFor();
      await page.emulateMedia({ media: 'print' });
      const shown = await page.evaluate(() => {
        const root = document.querySelector('incident-map').shadowRoot;
        const shows = (selector) => [...root.querySelectorAll(selector)].some((el) => el.checkVisibility());
        const names = [
          '.im-layer-markers', '.im-legend', '.im-details', '.im-details-title', '.im-counters', '.im-hist-bars',
          '.im-axis', '.im-attribution', '.im-table table',
          '.im-zoom', '.im-views', '.im-close', '.im-handle', '.im-play', '.im-presets', '.im-table-toggle',
        ];
        return {
          shows: Object.fromEntries(names.map((n) => [n, shows(n)])),
          metric: [...root.querySelectorAll('.im-metric .im-button')].filter((b) => b.checkVisibility()).map((b) => b.textContent),
          colours: getComputedStyle(document.querySelector('incident-map')).printColorAdjust,
          table: root.querySelector('.im-table').scrollHeight <= root.querySelector('.im-table').clientHeight,
        };
      });
      assert.deepEqual(shown.shows, {
        '.im-layer-markers': true, '.im-legend': true, '.im-details': true, '.im-details-title': true, '.im-counters': true,
        '.im-hist-bars': true, '.im-axis': true, '.im-attribution': true, '.im-table table': true,
        '.im-zoom': false, '.im-views': false, '.im-close': false, '.im-handle': false, '.im-play': false,
        '.im-presets': false, '.im-table-toggle': false,
      });
      assert.deepEqual(shown.metric, ['Incidents'], 'the measure the histogram draws, alone');
      assert.equal(shown.colours, 'exact', "the panels' backgrounds print");
      assert.ok(shown.table, 'the whole table prints, not a scrolled window of it');
      await page.screenshot({ path: screenshotPath('demo-print'), fullPage: true });
      assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  it('Escape and the close button close the details', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await showKabul(page);
      // (`selected` is documented as null when nothing is selected; api.test.mjs checks that.)
      const selected = () => page.evaluate(() => document.querySelector('incident-map').selected ?? null);

      assert.deepEqual((await clickAt(page, lonLat(AIRPORT))).map((e) => e.detail.id), [AIRPORT_ID]);
      assert.ok(await detailsVisible(page));
      let since = await mark(page);
      await page.keyboard.press('Escape');
      assert.deepEqual((await eventsSince(page, since, 'select')).map((e) => e.detail), [{ id: null }]);
      assert.equal(await detailsVisible(page), false, 'Escape closes the details');
      assert.equal(await selected(), null);

      await clickAt(page, lonLat(AIRPORT));
      assert.ok(await detailsVisible(page));
      since = await mark(page);
      await page.locator('incident-map .im-details .im-close').click();
      assert.deepEqual((await eventsSince(page, since, 'select')).map((e) => e.detail), [{ id: null }]);
      assert.equal(await detailsVisible(page), false, 'the close button closes the details');
      assert.equal(await selected(), null);

      // Escape works from inside the panel too (focus on a link in it).
      await clickAt(page, lonLat(AIRPORT));
      await page.locator('incident-map .im-details .im-sources a').first().focus();
      since = await mark(page);
      await page.keyboard.press('Escape');
      assert.deepEqual((await eventsSince(page, since, 'select')).map((e) => e.detail), [{ id: null }]);
      assert.equal(await detailsVisible(page), false, 'Escape from inside the panel closes it');
      assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  it('closing the details with the close button returns focus to the map', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await showKabul(page);
      await clickAt(page, lonLat(AIRPORT));
      await page.locator('incident-map .im-details .im-close').focus();
      await page.keyboard.press('Enter');
      assert.equal(await detailsVisible(page), false);
      // The focused button was hidden with the panel: focus must not fall back to <body>.
      const focused = await page.evaluate(() => {
        const root = document.querySelector('incident-map').shadowRoot;
        return root.activeElement ? root.activeElement.className : `(page) ${document.activeElement.localName}`;
      });
      assert.equal(focused, 'im-surface', 'keyboard users keep their place: back on the markers');
      assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  it('text from the data reaches the page as text only', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      const report = await page.evaluate((text) => document.querySelector('incident-map').setData(text), HOSTILE_TEXT);
      assert.equal(report.loaded, 1);
      assert.deepEqual(report.rejected, []);
      const warned = report.warnings.map((w) => w.field);
      for (const field of ['sources[0].url', 'sources[1].url', 'sources[2].url', 'sources[3].url']) {
        assert.ok(warned.includes(field), `a warning for ${field}: ${JSON.stringify(warned)}`);
      }
      const props = HOSTILE.features[0].properties;
      const since = await mark(page);
      await page.evaluate((id) => document.querySelector('incident-map').select(id), props.id);
      assert.deepEqual((await eventsSince(page, since, 'select')).map((e) => e.detail), [{ id: props.id }]);
      assert.ok(await detailsVisible(page));

      // Shown literally.
      const details = page.locator('incident-map .im-details');
      assert.equal(await details.locator('.im-details-title').textContent(), props.site);
      assert.equal(await details.locator('.im-summary').textContent(), props.summary);
      const facts = await detailsFacts(page);
      assert.equal(facts.Target, props.target);
      assert.equal(facts.Perpetrator, props.perpetrator);
      assert.equal(facts.Community, props.community);
      assert.equal(facts.Claim, props.claim);
      assert.ok(facts.Place.includes(props.place) && facts.Place.includes(props.province), facts.Place);
      const sourceItems = await details.locator('.im-sources li').allTextContents();
      assert.deepEqual(sourceItems, props.sources.map((s) => s.title));
      const figure = await details.locator('.im-figures li').first().textContent();
      assert.ok(figure.includes(props.figures[0].note), figure);
      assert.ok(figure.includes(props.figures[0].source.title), figure);

      // No markup was made from it, in the shadow root or the page.
      const made = await page.evaluate(() => {
        // The legend is the widget's own <details>; anything else would come from the data.
        const q = 'img, script:not([type="module"]), iframe, svg, style, b, details:not(.im-legend), object, embed';
        return {
          shadow: document.querySelector('incident-map').shadowRoot.querySelectorAll(q).length,
          page: document.querySelectorAll(q).length,
          pwned: window.__pwned ?? null,
        };
      });
      assert.deepEqual(made, { shadow: 0, page: 0, pwned: null });
      // Links only for http(s).
      assert.equal(await page.locator('incident-map a[href^="javascript:" i]').count(), 0);
      assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0);
      const hrefs = await details.locator('a').evaluateAll((as) => as.map((a) => [a.protocol, a.target, a.rel]));
      assert.equal(hrefs.length, 1, `only the https source is a link: ${JSON.stringify(hrefs)}`);
      assert.deepEqual(hrefs[0], ['https:', '_blank', 'noopener noreferrer']);

      // Clicking the unlinked hostile source runs nothing.
      await details.locator('.im-sources li').first().click();
      await frames(page);
      assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
      assert.deepEqual(page.dialogs, [], 'no dialog opened');
      assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  describe('bad data', () => {
    let page;
    let report;
    let loadEvent;
    before(async () => {
      page = await openPage(browser, demoUrl());
      await ready(page);
      const since = await mark(page);
      report = await page.evaluate((text) => document.querySelector('incident-map').setData(text), MIXED_TEXT);
      loadEvent = await waitForEvent(page, 'load', since);
    });
    after(async () => {
      await page?.closeContext();
    });
    const rejectedAt = (index) => report.rejected.find((p) => p.index === index);

    it('setData reports each bad feature with its index, id, field and reason', TIMEOUT, async () => {
      assert.deepEqual(loadEvent.detail, report, 'the load event carries the report');
      const expected = [
        { index: 2, id: 'bad-date', field: 'date', message: /2022-02-30/ },
        { index: 3, id: 'negative-killed', field: 'killed', message: /-3/ },
        { index: 4, id: 'text-killed', field: 'killed', message: /"12"/ },
        { index: 5, id: 'valid-kabul', field: 'id', message: /duplicate/ },
        { index: 6, id: 'polygon', field: 'geometry', message: /Polygon/ },
        { index: 7, id: 'no-geometry', field: 'geometry', message: /missing/ },
      ];
      for (const want of expected) {
        const got = rejectedAt(want.index);
        assert.ok(got, `feature ${want.index} (${want.id}) is rejected: ${JSON.stringify(report.rejected)}`);
        assert.equal(got.id, want.id);
        assert.equal(got.field, want.field, JSON.stringify(got));
        assert.match(got.message, want.message);
        assert.ok(got.message.includes(`feature ${want.index}`), got.message);
      }
      for (const valid of [0, 8]) assert.equal(rejectedAt(valid), undefined, `feature ${valid} is valid`);
      assert.equal(report.loaded + report.rejected.length, MIXED.features.length);
      const notice = page.locator('incident-map .im-message');
      assert.ok(await notice.isVisible(), 'the partial load is explained in the map');
      assert.match(await notice.textContent(), /could not be shown/);
    });

    it('a [lat, lon] pair given as [lon, lat] is rejected', TIMEOUT, async () => {
      // [34.5281, 69.1723] is Kabul swapped: a valid position in the Arctic, far off the map.
      const got = rejectedAt(1);
      assert.ok(got, `the swapped feature is rejected: ${JSON.stringify(report.rejected)}`);
      assert.equal(got.id, 'swapped');
      assert.equal(got.field, 'geometry');
      assert.match(got.message, /swapped/);
      assert.equal(report.loaded, 2);
      assert.equal(report.rejected.length, 7);
    });

    it('the valid incidents are drawn and selectable, the rejected ones are not', TIMEOUT, async () => {
      for (const id of ['valid-kabul', 'valid-mazar']) {
        const where = await project(page, lonLat(feature(MIXED, id)));
        await waitForMarkerAt(page, where);
        await page.evaluate((id) => document.querySelector('incident-map').select(id), id);
        assert.equal(await page.evaluate(() => document.querySelector('incident-map').selected), id);
      }
      for (const id of ['bad-date', 'polygon', 'no-geometry']) {
        const error = await page.evaluate((id) => {
          try {
            document.querySelector('incident-map').select(id);
            return null;
          } catch (e) {
            return e.message;
          }
        }, id);
        assert.ok(error && error.includes(id), `select(${id}) throws naming it: ${error}`);
      }
      const counters = await page.locator('incident-map .im-counters').textContent();
      assert.ok(counters.startsWith(`${report.loaded} incidents · `), counters);
    });

    it("setData('not json') throws, shows the error, fires error and keeps the incidents", TIMEOUT, async () => {
      const countersBefore = await page.locator('incident-map .im-counters').textContent();
      const since = await mark(page);
      const thrown = await page.evaluate(() => {
        try {
          document.querySelector('incident-map').setData('not json');
          return null;
        } catch (e) {
          return { name: e.name, message: e.message };
        }
      });
      assert.ok(thrown, 'setData throws');
      assert.match(thrown.message, /not valid JSON/);
      const error = await waitForEvent(page, 'error', since);
      assert.equal(error.target, 'incident-map');
      assert.equal(error.detail.message, thrown.message);
      const notice = page.locator('incident-map .im-message');
      assert.ok(await notice.isVisible());
      assert.equal(await notice.textContent(), thrown.message);
      assert.deepEqual(await eventsSince(page, since, 'load'), [], 'no load event');

      // The incidents loaded before are kept, drawn and selectable.
      assert.equal(await page.locator('incident-map .im-counters').textContent(), countersBefore);
      const where = await project(page, lonLat(feature(MIXED, 'valid-kabul')));
      await frames(page);
      assert.ok((await layerPixel(page, 'markers', where))[3] > 100);
      await page.evaluate(() => document.querySelector('incident-map').select('valid-kabul'));
      assert.equal(await page.evaluate(() => document.querySelector('incident-map').selected), 'valid-kabul');
      assertClean(page);
    });
  });

  it('on a 360×640 touch screen, tapping a marker shows its details', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl(), { width: 360, height: 640, touch: true, dpr: 2 });
    try {
      await ready(page);
      const since = await mark(page);
      await page.evaluate(() => {
        const el = document.querySelector('incident-map');
        el.flyTo('kabul');
        el.scrollIntoView({ block: 'start' });
      });
      await waitForEvent(page, 'viewchange', since);
      const at = await pagePoint(page, lonLat(AIRPORT));
      assert.ok(at.x > 0 && at.x < 360 && at.y > 0 && at.y < 640, `the airport is on screen: ${JSON.stringify(at)}`);
      await waitForMarkerAt(page, await project(page, lonLat(AIRPORT)));
      const tapped = await mark(page);
      await page.touchscreen.tap(at.x, at.y);
      const select = await waitForEvent(page, 'select', tapped);
      assert.equal(select.detail.id, AIRPORT_ID);
      assert.ok(await detailsVisible(page));
      const box = await page.locator('incident-map .im-details').boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 360, `the panel fits the screen: ${JSON.stringify(box)}`);
      assert.match(await page.locator('incident-map .im-details-title').textContent(), /Abbey Gate/);
      await frames(page);
      await page.screenshot({ path: screenshotPath('demo-touch-details') });
      assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  it('on a 360×640 screen, nothing in the map covers the details panel', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl(), { width: 360, height: 640, touch: true });
    try {
      await ready(page);
      await page.evaluate((id) => {
        const el = document.querySelector('incident-map');
        el.select(id);
        el.scrollIntoView({ block: 'start' });
      }, AIRPORT_ID);
      const covered = await page.evaluate(() => {
        const root = document.querySelector('incident-map').shadowRoot;
        const details = root.querySelector('.im-details');
        const box = details.getBoundingClientRect();
        const hits = [];
        for (const fy of [0.02, 0.5, 0.98]) {
          for (const fx of [0.05, 0.5, 0.95]) {
            const x = box.left + box.width * fx;
            const y = box.top + box.height * fy;
            const top = root.elementFromPoint(x, y);
            if (!details.contains(top)) hits.push(`${top && top.className} at (${Math.round(x)}, ${Math.round(y)})`);
          }
        }
        return hits;
      });
      assert.deepEqual(covered, [], 'the panel is on top of the map chrome');
      assertClean(page);
    } finally {
      await page.closeContext();
    }
  });
});
