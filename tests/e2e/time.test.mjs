// End-to-end tests of the time control under the map (src/web/timebar.rs, time_control.rs,
// url_state.rs): the histogram brush with mouse, touch and keyboard, the presets, play and pause,
// the counters, dates in other time zones, the URL hash (links, back and forward, two maps), and
// screenshots of the control at 360 and 1280 px.
//
//   make build && node --test tests/e2e/time.test.mjs
//
// Waits are on events recorded in the page or on waitForFunction; the few fixed waits check that
// nothing happens (a paused play stays paused).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  launchBrowser, startDist, newPage, screenshotPath, REPO_ROOT, recordMapEvents, mark, eventsSince, waitForEvent,
  frames, counterFigure, pointCollection,
} from './helpers.mjs';

const DATA = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'www/data/incidents.geojson'), 'utf8'));
const DAYS = DATA.features.map((f) => f.properties.date.slice(0, 10)).sort();
const SPAN = { from: DAYS[0], to: DAYS.at(-1) };
const AIRPORT_ID = 'kabul-2021-08-26-airport';
const SEH_DOKAN_ID = 'mazar-e-sharif-2022-04-21-seh-dokan-mosque';
const feature = (id) => DATA.features.find((f) => f.properties.id === id);
const lonLat = (id) => feature(id).geometry.coordinates;

const TIMEOUT = { timeout: 90_000 };
const EVENT_TYPES = ['load', 'select', 'timerangechange', 'timerangeinput', 'viewchange', 'error'];

// ---------------------------------------------------------------------------------------------
// Page helpers (the event recording is shared: helpers.mjs).

/** Opens a page that records the maps' CustomEvents from before any script runs. */
async function openPage(browser, url, options = {}) {
  const page = await newPage(browser, { width: 1280, height: 1000, ...options });
  page.setDefaultTimeout(20_000);
  await recordMapEvents(page, EVENT_TYPES);
  if (url) await page.goto(url);
  return page;
}

/** Opens a page in a context of its own (a time zone, reduced motion). */
async function openInContext(browser, url, contextOptions, viewport = { width: 1280, height: 1000 }) {
  const context = await browser.newContext({ viewport, ...contextOptions });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !String(msg.location()?.url).endsWith('/favicon.ico')) page.errors.push(msg.text());
  });
  page.on('pageerror', (err) => page.errors.push(String(err)));
  page.closeContext = () => context.close();
  page.setDefaultTimeout(20_000);
  await recordMapEvents(page, EVENT_TYPES);
  await page.goto(url);
  return page;
}

async function ready(page, selector = 'incident-map') {
  await page.waitForFunction((s) => !!document.querySelector(s), selector);
  await page.evaluate((s) => document.querySelector(s).ready, selector);
  await page.waitForFunction((s) => {
    const bar = document.querySelector(s).shadowRoot.querySelector('.im-timebar');
    return bar && !bar.hidden && bar.querySelector('.im-hist').clientWidth > 0;
  }, selector);
}

const sleep = (page, ms) => page.evaluate((ms) => new Promise((r) => setTimeout(r, ms)), ms);

/** A locator inside the map's shadow root (Playwright's CSS pierces open shadow roots). */
const part = (page, selector, map = 'incident-map') => page.locator(`${map} ${selector}`);

const timeRange = (page, map = 'incident-map') => page.evaluate((s) => document.querySelector(s).timeRange, map);
const selected = (page, map = 'incident-map') => page.evaluate((s) => document.querySelector(s).selected ?? null, map);
/** The counters' text, with the no-break spaces that keep the dates in one run read as the spaces
 * and thin spaces Intl writes (demo.test.mjs checks that they are there). */
const counters = async (page, map = 'incident-map') =>
  (await part(page, '.im-counters', map).textContent()).replace(/\u00a0/g, ' ').replace(/\u202f/g, '\u2009');

/** Days since 1970-01-01 of a YYYY-MM-DD date (what the sliders' aria-value* hold). */
const epochDay = (day) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 86_400_000;
const addDays = (day, n) => new Date((epochDay(day) + n) * 86_400_000).toISOString().slice(0, 10);

/** The page point over the middle of `day` on the histogram (y: the middle of the track). */
function dayPoint(page, day, map = 'incident-map') {
  return page.evaluate(
    ([map, target]) => {
      const root = document.querySelector(map).shadowRoot;
      const track = root.querySelector('.im-hist').getBoundingClientRect();
      const min = Number(root.querySelector('.im-handle-from').getAttribute('aria-valuemin'));
      const max = Number(root.querySelector('.im-handle-to').getAttribute('aria-valuemax'));
      const d = Date.UTC(+target.slice(0, 4), +target.slice(5, 7) - 1, +target.slice(8, 10)) / 86_400_000;
      return { x: track.left + ((d - min + 0.5) / (max - min + 1)) * track.width, y: track.top + track.height / 2 };
    },
    [map, day],
  );
}

/** The centre of an element in the page. */
async function centre(locator) {
  const box = await locator.boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse from `a` to `b` in `steps` moves. */
async function mouseDrag(page, a, b, steps = 12) {
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps });
  await page.mouse.up();
}

/** Drags a handle (`.im-handle-from` or `.im-handle-to`) from its centre to put its end on `day`:
 * a handle moves by as many days as the pointer does, wherever on its grip it is taken. */
async function handleDrag(page, handle, day, { touch = false } = {}) {
  const grip = await centre(part(page, handle));
  const now = await page.evaluate((h) => {
    const value = Number(document.querySelector('incident-map').shadowRoot.querySelector(h).getAttribute('aria-valuenow'));
    return new Date(value * 86_400_000).toISOString().slice(0, 10);
  }, handle);
  const [a, b] = [await dayPoint(page, now), await dayPoint(page, day)];
  const to = { x: grip.x + (b.x - a.x), y: grip.y };
  if (touch) await touchDrag(page, grip, to);
  else await mouseDrag(page, grip, to);
}

/** Drags with one finger (touch events through the DevTools protocol: pointerType "touch"). */
async function touchDrag(page, a, b, steps = 10) {
  const cdp = await page.context().newCDPSession(page);
  const at = (p) => ({ touchPoints: [{ x: Math.round(p.x), y: Math.round(p.y) }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', ...at(a) });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', ...at({ x: a.x + ((b.x - a.x) * i) / steps, y: a.y }) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Alpha of the markers canvas at a [lon, lat], in the element's CSS pixels. */
function markerAlpha(page, [lon, lat]) {
  return page.evaluate(
    ([lon, lat]) => {
      const { canvas, x, y } = markerCanvasPoint(document.querySelector('incident-map'), lon, lat);
      return layerPixels(canvas, Math.round(x), Math.round(y), 1, 1).data[3];
    },
    [lon, lat],
  );
}

/** "6 incidents · 138 killed · 216 injured" for the data between two days (inclusive). */
function expectedCounters(from = SPAN.from, to = SPAN.to) {
  const shown = DATA.features.filter((f) => {
    const d = f.properties.date.slice(0, 10);
    return d >= from && d <= to;
  });
  return `${shown.length} ${shown.length === 1 ? 'incident' : 'incidents'} · ${counterFigure(shown, 'killed')} · ${counterFigure(shown, 'injured')}`;
}

/** A range as the page's locale writes it (the demo page is en-GB: "19–29 April 2022"). */
function dateRangeText(page, from, to) {
  return page.evaluate(
    ([from, to]) => {
      const f = new Intl.DateTimeFormat(document.documentElement.lang || [], {
        timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric',
      });
      const [a, b] = [new Date(`${from}T00:00Z`), new Date(`${to}T00:00Z`)];
      return from === to ? f.format(a) : f.formatRange(a, b);
    },
    [from, to],
  );
}

/** The hash entry of a map key in the page's URL, decoded only as far as splitting it. */
const hashEntry = (page, key) =>
  page.evaluate((key) => {
    const entry = location.hash.slice(1).split('&').find((e) => e.startsWith(`${key}=`));
    return entry ? entry.slice(key.length + 1) : null;
  }, key);

const lastView = (page, target) =>
  page.evaluate((target) => {
    const views = window.__imEvents.filter((e) => e.type === 'viewchange' && (!target || e.target === target));
    return views.at(-1)?.detail ?? null;
  }, target ?? null);

/** Chooses the speed and mode of play. */
async function playSettings(page, { speed, mode }) {
  if (speed) await part(page, '.im-play-speed').selectOption(speed);
  if (mode) await part(page, '.im-play-mode').selectOption(mode);
}

// ---------------------------------------------------------------------------------------------

let server;
let browser;
before(async () => {
  server = await startDist();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});
const demoUrl = () => `${server.url}/index.html`;

describe('the brush', () => {
  it('dragging a handle changes the visible markers and the counters', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await page.evaluate(() => document.querySelector('incident-map').flyTo('kabul'));
      await frames(page);
      assert.ok((await markerAlpha(page, lonLat(AIRPORT_ID))) > 100, 'the airport is drawn');
      assert.ok((await counters(page)).startsWith(expectedCounters()), await counters(page));

      // Drag the start handle to 19 April 2022: markers follow while dragging (input events),
      // one change event when released.
      let since = await mark(page);
      await handleDrag(page, '.im-handle-from', '2022-04-19');
      const inputs = await eventsSince(page, since, 'timerangeinput');
      const changes = await eventsSince(page, since, 'timerangechange');
      assert.ok(inputs.length >= 3, `timerangeinput while dragging: ${inputs.length}`);
      assert.deepEqual(changes.map((e) => e.detail), [{ from: '2022-04-19', to: SPAN.to }], 'one change, on release');
      assert.deepEqual(inputs.at(-1).detail, changes[0].detail);

      // Then the end handle to 29 April.
      since = await mark(page);
      await handleDrag(page, '.im-handle-to', '2022-04-29');
      const change = await eventsSince(page, since, 'timerangechange');
      assert.deepEqual(change.map((e) => e.detail), [{ from: '2022-04-19', to: '2022-04-29' }]);
      assert.deepEqual(await timeRange(page), { from: '2022-04-19', to: '2022-04-29' });

      const text = await counters(page);
      assert.ok(text.startsWith(expectedCounters('2022-04-19', '2022-04-29')), text);
      assert.ok(text.endsWith(` · ${await dateRangeText(page, '2022-04-19', '2022-04-29')}`), text);
      // (en-GB in this Chromium's ICU: "19 – 29 April 2022", thin spaces around the dash.)
      assert.match(text, /^6 incidents · 138 killed · 216 injured · 19\s?–\s?29 April 2022$/u);

      await frames(page);
      assert.equal(await markerAlpha(page, lonLat(AIRPORT_ID)), 0, 'the airport (August 2021) is filtered out');
      assert.ok((await markerAlpha(page, lonLat('kabul-2022-04-29-khalifa-sahib-mosque'))) > 100, '29 April stays');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('dragging the middle moves the range; a press on a bar chooses its week', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await page.evaluate(() => document.querySelector('incident-map').setTimeRange('2022-04-04', '2022-04-10'));
      let since = await mark(page);
      const grab = await dayPoint(page, '2022-04-07');
      await mouseDrag(page, grab, await dayPoint(page, '2022-04-21'));
      assert.deepEqual((await eventsSince(page, since, 'timerangechange')).map((e) => e.detail), [
        { from: '2022-04-18', to: '2022-04-24' },
      ]);

      // Drawing a new range on the histogram outside the brush.
      since = await mark(page);
      await mouseDrag(page, await dayPoint(page, '2021-10-01'), await dayPoint(page, '2021-11-20'));
      assert.deepEqual((await eventsSince(page, since, 'timerangechange')).map((e) => e.detail), [
        { from: '2021-10-01', to: '2021-11-20' },
      ]);

      // A click on a bar outside the range chooses that bar: the week of 21 April 2022 (Monday to Sunday).
      since = await mark(page);
      const bar = await dayPoint(page, '2022-04-21');
      await page.mouse.click(bar.x, bar.y);
      assert.deepEqual((await eventsSince(page, since, 'timerangechange')).map((e) => e.detail), [
        { from: '2022-04-18', to: '2022-04-24' },
      ]);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('the keyboard moves the handles: arrows by a bar, Shift by four, Home and End to the ends', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      const from = part(page, '.im-handle-from');
      const to = part(page, '.im-handle-to');
      assert.equal(await from.getAttribute('role'), 'slider');
      assert.equal(await from.getAttribute('aria-label'), 'Start of the time range');
      assert.equal(await to.getAttribute('aria-label'), 'End of the time range');
      assert.equal(await from.getAttribute('aria-valuetext'), 'from 8 May 2021');
      assert.equal(await to.getAttribute('aria-valuetext'), 'to 25 May 2022');
      assert.equal(Number(await from.getAttribute('aria-valuenow')), epochDay(SPAN.from));
      assert.equal(Number(await from.getAttribute('aria-valuemin')), epochDay(SPAN.from));
      assert.equal(Number(await to.getAttribute('aria-valuemax')), epochDay(SPAN.to));

      /** Presses a key and returns the one change it made. */
      const press = async (key) => {
        const since = await mark(page);
        await page.keyboard.press(key);
        const changes = await eventsSince(page, since, 'timerangechange');
        assert.equal(changes.length, 1, `${key}: one timerangechange, got ${JSON.stringify(changes)}`);
        return changes[0].detail;
      };
      await from.focus();
      // 8 May 2021 is a Saturday: the next bar (week) starts on Monday 10 May.
      assert.deepEqual(await press('ArrowRight'), { from: '2021-05-10', to: SPAN.to });
      assert.equal(await from.getAttribute('aria-valuetext'), 'from 10 May 2021');
      assert.equal(Number(await from.getAttribute('aria-valuenow')), epochDay('2021-05-10'));
      assert.deepEqual(await press('Shift+ArrowRight'), { from: '2021-06-07', to: SPAN.to });
      assert.deepEqual(await press('ArrowLeft'), { from: '2021-05-31', to: SPAN.to });
      assert.deepEqual(await press('Home'), SPAN);
      assert.ok((await counters(page)).startsWith(expectedCounters()));

      await to.focus();
      // 25 May 2022 is a Wednesday: back one bar is Sunday 22 May, four more is 24 April.
      assert.deepEqual(await press('ArrowLeft'), { from: SPAN.from, to: '2022-05-22' });
      assert.deepEqual(await press('Shift+ArrowLeft'), { from: SPAN.from, to: '2022-04-24' });
      assert.equal(await to.getAttribute('aria-valuetext'), 'to 24 April 2022');
      assert.deepEqual(await press('End'), SPAN);
      // Home on the end handle: as early as it may go, the start handle's day.
      assert.deepEqual(await press('Home'), { from: SPAN.from, to: SPAN.from });
      assert.equal(Number(await to.getAttribute('aria-valuemin')), epochDay(SPAN.from));
      assert.equal(await counters(page), `${expectedCounters(SPAN.from, SPAN.from)} · 8 May 2021`);
      assert.match(await counters(page), /^1 incident · 90 killed · 240 injured/);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('on a 360 px touch screen, a finger drags a handle and taps a bar', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl(), { width: 360, height: 640, touch: true, dpr: 2 });
    try {
      await ready(page);
      await part(page, '.im-timebar').scrollIntoViewIfNeeded();
      const box = await part(page, '.im-timebar').boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 360, `the control fits: ${JSON.stringify(box)}`);
      const since = await mark(page);
      await handleDrag(page, '.im-handle-from', '2022-04-19', { touch: true });
      const change = await waitForEvent(page, 'timerangechange', since);
      // At 360 px a day is under a pixel wide: the finger lands within a day or two.
      const landed = epochDay(change.detail.from) - epochDay('2022-04-19');
      assert.ok(Math.abs(landed) <= 2, `dragged to ${change.detail.from}`);
      assert.equal(change.detail.to, SPAN.to);
      assert.ok((await eventsSince(page, since, 'timerangeinput')).length >= 2, 'input events while the finger moves');

      const tapped = await mark(page);
      const bar = await dayPoint(page, '2021-08-26');
      await page.touchscreen.tap(bar.x, bar.y);
      const chosen = await waitForEvent(page, 'timerangechange', tapped);
      assert.deepEqual(chosen.detail, { from: '2021-08-23', to: '2021-08-29' }, 'the week of the airport bombing');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('the brush, taken the way readers take it', () => {
  it('a handle keeps where it was grabbed: a drag back to where it began changes nothing', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await page.evaluate(() => document.querySelector('incident-map').setTimeRange('2021-10-01', '2022-01-31'));
      for (const handle of ['.im-handle-from', '.im-handle-to']) {
        const since = await mark(page);
        const grip = await centre(part(page, handle));
        await page.mouse.move(grip.x, grip.y);
        await page.mouse.down();
        await page.mouse.move(grip.x + (handle.endsWith('from') ? 20 : -20), grip.y, { steps: 5 });
        await page.mouse.move(grip.x, grip.y, { steps: 5 });
        await page.mouse.up();
        assert.deepEqual(await timeRange(page), { from: '2021-10-01', to: '2022-01-31' }, handle);
        assert.deepEqual(await eventsSince(page, since, 'timerangechange'), [], `${handle}: nothing to settle`);
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('on a phone, a vertical swipe on the bars scrolls the page and leaves the range; stacked handles go the way the finger does', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl(), { width: 360, height: 640, touch: true, dpr: 2 });
    try {
      await ready(page);
      await page.evaluate(() => document.querySelector('incident-map').setTimeRange('2022-04-01', '2022-04-30'));
      await part(page, '.im-timebar').scrollIntoViewIfNeeded();
      const scrolled = await page.evaluate(() => window.scrollY);
      const since = await mark(page);
      const start = await dayPoint(page, '2021-09-22');
      const cdp = await page.context().newCDPSession(page);
      const touch = (type, p) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: p ? [{ x: Math.round(p.x), y: Math.round(p.y) }] : [] });
      await touch('touchStart', start);
      for (let i = 1; i <= 10; i++) await touch('touchMove', { x: start.x + i * 0.3, y: start.y - i * 20 });
      await touch('touchEnd');
      await cdp.detach();
      await frames(page);
      assert.ok((await page.evaluate(() => window.scrollY)) > scrolled + 50, 'the page scrolled');
      assert.deepEqual(await timeRange(page), { from: '2022-04-01', to: '2022-04-30' }, 'the range is left as it was');
      assert.deepEqual(await eventsSince(page, since, 'timerangechange'), []);

      // A tapped bar is one week, under both handles: a finger on them going right widens the end.
      await part(page, '.im-timebar').scrollIntoViewIfNeeded();
      const bar = await dayPoint(page, '2021-08-26');
      await page.touchscreen.tap(bar.x, bar.y);
      await page.waitForFunction(() => document.querySelector('incident-map').timeRange.from === '2021-08-23');
      const grip = await centre(part(page, '.im-handle-to'));
      await touchDrag(page, grip, { x: grip.x + 40, y: grip.y });
      let range = await timeRange(page);
      assert.equal(range.from, '2021-08-23', `going right moves the end: ${JSON.stringify(range)}`);
      assert.ok(range.to > '2021-09-10', JSON.stringify(range));
      await page.evaluate(() => document.querySelector('incident-map').setTimeRange('2021-08-23', '2021-08-29'));
      const left = await centre(part(page, '.im-handle-to'));
      await touchDrag(page, left, { x: left.x - 40, y: left.y });
      range = await timeRange(page);
      assert.equal(range.to, '2021-08-29', `going left moves the start: ${JSON.stringify(range)}`);
      assert.ok(range.from < '2021-08-10', JSON.stringify(range));
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('long spans', () => {
  it('fifty years: bars per year, a preset per decade, and the years written under the bars', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl(), { width: 360, height: 640, touch: true, dpr: 2 });
    try {
      await ready(page);
      const read = () =>
        page.evaluate(() => {
          const root = document.querySelector('incident-map').shadowRoot;
          const texts = (q) => [...root.querySelectorAll(q)].map((e) => e.textContent);
          return { caption: texts('.im-metric-caption')[0], presets: texts('.im-presets .im-button'), years: texts('.im-axis-year') };
        });
      assert.deepEqual((await read()).years, ['2022'], "the demo's year 2022 begins between its ends");
      const years = Array.from({ length: 51 }, (_, i) => 1970 + i);
      const fifty = pointCollection(years.map((y) => [`i${y}`, `${y}-06-01`, { killed: y % 7 }]));
      await page.evaluate((data) => document.querySelector('incident-map').setData(data), fifty);
      const long = await read();
      assert.equal(long.caption, 'Per year:');
      assert.deepEqual(long.presets, ['All', '1970s', '1980s', '1990s', '2000s', '2010s', '2020s', 'Jun 1973']);
      assert.deepEqual(long.years, ['1990', '2000'], 'every tenth year, clear of the ends');
      // Each year label sits over its 1 January on the bars.
      const placed = await page.evaluate(() => {
        const root = document.querySelector('incident-map').shadowRoot;
        const track = root.querySelector('.im-hist').getBoundingClientRect();
        const label = root.querySelector('.im-axis-year').getBoundingClientRect();
        return { centre: label.left + label.width / 2 - track.left, width: track.width };
      });
      const expected = ((Date.UTC(1990, 0, 1) - Date.UTC(1970, 5, 1)) / 86_400_000 / 18_264) * placed.width;
      assert.ok(Math.abs(placed.centre - expected) < 2, `${placed.centre} against ${expected}`);
      await part(page, '.im-timebar').screenshot({ path: screenshotPath('time-fifty-years') });
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('presets', () => {
  it('default presets: the span, each year, the month with the most casualties; a preset toggles', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      const buttons = part(page, '.im-presets button');
      assert.deepEqual(await buttons.allTextContents(), ['All', '2021', '2022', 'Apr 2022']);
      // The month is written in the page's language, as the counters' dates are.
      await page.evaluate(async () => {
        document.documentElement.lang = 'fr';
        const el = document.querySelector('incident-map');
        el.setData(await (await fetch('data/incidents.geojson')).text());
      });
      assert.deepEqual(await buttons.allTextContents(), ['All', '2021', '2022', 'avr. 2022']);
      await page.evaluate(async () => {
        document.documentElement.lang = 'en-GB';
        const el = document.querySelector('incident-map');
        el.setData(await (await fetch('data/incidents.geojson')).text());
      });
      const pressed = () => buttons.evaluateAll((bs) => bs.filter((b) => b.getAttribute('aria-pressed') === 'true').map((b) => b.textContent));
      assert.deepEqual(await pressed(), ['All']);

      let since = await mark(page);
      await buttons.filter({ hasText: '2021' }).click();
      assert.deepEqual((await eventsSince(page, since, 'timerangechange')).map((e) => e.detail), [
        { from: '2021-01-01', to: '2021-12-31' },
      ]);
      assert.deepEqual(await pressed(), ['2021']);
      assert.ok((await counters(page)).startsWith(expectedCounters('2021-01-01', '2021-12-31')));
      // The brush shows the part of 2021 with data; the handles tell the range in force.
      assert.equal(await part(page, '.im-handle-from').getAttribute('aria-valuetext'), 'from 1 January 2021');

      // Pressing it again lets go of it: back to everything.
      since = await mark(page);
      await buttons.filter({ hasText: '2021' }).click();
      assert.deepEqual((await eventsSince(page, since, 'timerangechange')).map((e) => e.detail), [SPAN]);
      assert.deepEqual(await pressed(), ['All']);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('the embedder gives presets with the presets attribute; a bad list is reported', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await page.evaluate(() =>
        document.querySelector('incident-map').setAttribute(
          'presets',
          JSON.stringify([
            { label: 'The April wave', from: '2022-04-19', to: '2022-04-29' },
            { label: 'Airport', from: '2021-08-26', to: '2021-08-26' },
          ]),
        ),
      );
      const buttons = part(page, '.im-presets button');
      assert.deepEqual(await buttons.allTextContents(), ['The April wave', 'Airport']);
      const since = await mark(page);
      await buttons.filter({ hasText: 'The April wave' }).click();
      assert.deepEqual((await eventsSince(page, since, 'timerangechange')).map((e) => e.detail), [
        { from: '2022-04-19', to: '2022-04-29' },
      ]);
      assert.equal(await buttons.first().getAttribute('aria-pressed'), 'true');

      const bad = await mark(page);
      await page.evaluate(() =>
        document.querySelector('incident-map').setAttribute('presets', '[{"label":"Oops","from":"2022-05-01","to":"2022-04-01"}]'),
      );
      const error = await waitForEvent(page, 'error', bad);
      assert.match(error.detail.message, /presets\[0\] \("Oops"\)/);
      assert.deepEqual(await buttons.allTextContents(), ['The April wave', 'Airport'], 'the presets shown stay');

      // Removing the attribute goes back to the presets derived from the data.
      await page.evaluate(() => document.querySelector('incident-map').removeAttribute('presets'));
      assert.deepEqual(await buttons.allTextContents(), ['All', '2021', '2022', 'Apr 2022']);
      // (The bad list was reported through the console too.)
      assert.deepEqual(page.errors.filter((e) => !/Oops/.test(e)), []);
    } finally {
      await page.closeContext();
    }
  });

  it('the switch shows casualties instead of counts', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      const group = part(page, '.im-metric');
      assert.equal(await part(page, '.im-metric-caption').textContent(), 'Per week:');
      assert.equal(await group.getAttribute('aria-label'), 'Bars show incidents per week');
      const bars = () => part(page, '.im-hist-bars').evaluate((c) => c.toDataURL());
      const before = await bars();
      await part(page, '.im-metric button').filter({ hasText: 'Casualties' }).click();
      assert.equal(await group.getAttribute('aria-label'), 'Bars show people killed and injured per week');
      assert.equal(await part(page, '.im-metric button').filter({ hasText: 'Casualties' }).getAttribute('aria-pressed'), 'true');
      assert.notEqual(await bars(), before, 'the bars are redrawn by casualties');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('the bars', () => {
  // The bars are a picture handed to their canvas (src/web/timebar.rs); a range that moves within
  // the same week (a drag, a play's steps) selects the same bars, and hands over no new picture.
  it('are painted again only when the range selects other bars', TIMEOUT, async () => {
    const page = await openPage(browser, null);
    try {
      await page.addInitScript(() => {
        window.__barPictures = 0;
        const hand = ImageBitmapRenderingContext.prototype.transferFromImageBitmap;
        ImageBitmapRenderingContext.prototype.transferFromImageBitmap = function (bitmap) {
          if (this.canvas.classList.contains('im-hist-bars')) window.__barPictures++;
          return hand.call(this, bitmap);
        };
      });
      await page.goto(demoUrl());
      await ready(page);
      const bars = async () => ({
        pictures: await page.evaluate(() => window.__barPictures),
        image: await part(page, '.im-hist-bars').evaluate((c) => c.toDataURL()),
      });
      const show = async (from, to) => {
        await page.evaluate(([f, t]) => document.querySelector('incident-map').setTimeRange(f, t), [from, to]);
        await frames(page);
      };
      // A Wednesday, then the Thursday after it: the same week, whichever day weeks start on.
      await show('2021-08-25', '2021-08-25');
      const wednesday = await bars();
      assert.ok(wednesday.pictures > 0, 'the bars were painted');
      await show('2021-08-26', '2021-08-26');
      assert.match(await counters(page), /^1 incident/, 'the range moved to the airport bombing');
      const thursday = await bars();
      assert.equal(thursday.pictures, wednesday.pictures, 'no new picture for the same bars');
      assert.equal(thursday.image, wednesday.image);
      await show('2021-09-08', '2021-09-08');
      const later = await bars();
      assert.equal(later.pictures, thursday.pictures + 1, 'another week: painted again');
      assert.notEqual(later.image, thursday.image);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('play', () => {
  it('cumulative play runs to the end of the data and stops', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await playSettings(page, { speed: 'fast', mode: 'cumulative' });
      const play = part(page, '.im-play-button');
      assert.equal((await play.textContent()).trim(), '▶Play');
      let since = await mark(page);
      await play.click();
      assert.match(await play.textContent(), /Pause/);
      assert.equal(await play.getAttribute('aria-pressed'), null, 'the name says what it does; no toggle state on top');
      await page.waitForFunction(
        () => document.querySelector('incident-map').shadowRoot.querySelector('.im-play-button').dataset.playing === 'false',
      );
      assert.match(await play.textContent(), /Play/);
      const inputs = (await eventsSince(page, since, 'timerangeinput')).map((e) => e.detail);
      assert.ok(inputs.length >= 10, `the range moved step by step: ${inputs.length} steps`);
      assert.deepEqual(inputs[0], { from: SPAN.from, to: '2021-05-09' }, 'from "everything", play starts over with the first week');
      for (let i = 1; i < inputs.length; i++) {
        assert.equal(inputs[i].from, SPAN.from, 'cumulative: the start stays');
        assert.ok(inputs[i].to > inputs[i - 1].to, `the end only moves forward: ${inputs[i - 1].to} -> ${inputs[i].to}`);
      }
      assert.deepEqual(inputs.at(-1), SPAN, 'play stops at the last day');
      assert.deepEqual(await timeRange(page), SPAN);
      // It ended where it began (everything): no settled change, so no timerangechange.
      assert.deepEqual(await eventsSince(page, since, 'timerangechange'), []);
      const after = await mark(page);
      await sleep(page, 400);
      assert.deepEqual(await eventsSince(page, after), [], 'nothing moves once play has stopped');

      // From a range that ends earlier, play runs on from it, and the end is one settled change.
      await page.evaluate(() => document.querySelector('incident-map').setTimeRange('2021-05-08', '2021-12-31'));
      since = await mark(page);
      await play.click();
      const end = await waitForEvent(page, 'timerangechange', since);
      assert.deepEqual(end.detail, SPAN);
      const first = (await eventsSince(page, since, 'timerangeinput'))[0].detail;
      assert.equal(first.from, '2021-05-08');
      assert.ok(first.to > '2021-12-31' && first.to < '2022-01-10', `continues from 31 December: ${first.to}`);
      assert.equal((await eventsSince(page, since, 'timerangechange')).length, 1, 'one change, when play ends');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('a sliding window keeps its width to the end', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await page.evaluate(() => document.querySelector('incident-map').setTimeRange('2022-04-19', '2022-04-29'));
      await playSettings(page, { speed: 'fast', mode: 'window' });
      const since = await mark(page);
      await part(page, '.im-play-button').click();
      const end = await waitForEvent(page, 'timerangechange', since);
      assert.deepEqual(end.detail, { from: '2022-05-15', to: '2022-05-25' });
      for (const { from, to } of (await eventsSince(page, since, 'timerangeinput')).map((e) => e.detail)) {
        assert.equal(epochDay(to) - epochDay(from), 10, `an 11-day window: ${from}..${to}`);
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('pause holds the range; play resumes where it stopped', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await playSettings(page, { speed: 'slow', mode: 'cumulative' });
      const play = part(page, '.im-play-button');
      const since = await mark(page);
      await play.click();
      await page.waitForFunction((since) => window.__imEvents.slice(since).filter((e) => e.type === 'timerangeinput').length >= 4, since);
      const paused = await mark(page);
      await play.click();
      const change = await eventsSince(page, paused, 'timerangechange');
      assert.equal(change.length, 1, 'pausing settles the range: one timerangechange');
      const held = await timeRange(page);
      assert.deepEqual(change[0].detail, held);
      assert.equal(held.from, SPAN.from);
      assert.ok(held.to > '2021-05-09' && held.to < SPAN.to, JSON.stringify(held));
      assert.match(await play.textContent(), /Play/);

      const quiet = await mark(page);
      await sleep(page, 700);
      assert.deepEqual(await eventsSince(page, quiet), [], 'paused: no timer moves the range');
      assert.deepEqual(await timeRange(page), held);

      const resumed = await mark(page);
      await play.click();
      await page.waitForFunction((s) => window.__imEvents.slice(s).some((e) => e.type === 'timerangeinput'), resumed);
      const next = (await eventsSince(page, resumed, 'timerangeinput'))[0].detail;
      assert.equal(next.from, held.from, 'resumes with the same start');
      assert.ok(next.to > held.to && epochDay(next.to) - epochDay(held.to) <= 3, `resumes where it stopped: ${held.to} -> ${next.to}`);
      await play.click();
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('a press on the bars during play settles once; new data during play settles where it stopped, and a new span is told', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await playSettings(page, { speed: 'slow', mode: 'cumulative' });
      const play = part(page, '.im-play-button');
      let since = await mark(page);
      await play.click();
      await page.waitForFunction((since) => window.__imEvents.slice(since).filter((e) => e.type === 'timerangeinput').length >= 3, since);
      const pressed = await mark(page);
      const bar = await dayPoint(page, '2022-02-16');
      await page.mouse.click(bar.x, bar.y);
      assert.deepEqual((await eventsSince(page, pressed, 'timerangechange')).map((e) => e.detail), [{ from: '2022-02-14', to: '2022-02-20' }]);

      await page.evaluate(() => document.querySelector('incident-map').setTimeRange(null, null));
      since = await mark(page);
      await play.click();
      await page.waitForFunction((since) => window.__imEvents.slice(since).filter((e) => e.type === 'timerangeinput').length >= 3, since);
      const loaded = await mark(page);
      const text = JSON.stringify(DATA);
      await page.evaluate((text) => document.querySelector('incident-map').setData(text), text);
      const settled = await eventsSince(page, loaded, 'timerangechange');
      assert.equal(settled.length, 1, 'where play stopped is settled');
      assert.deepEqual(settled[0].detail, await timeRange(page));
      assert.match(await play.textContent(), /Play/);

      // Everything, in data of other years: the range's days are told.
      await page.evaluate(() => document.querySelector('incident-map').setTimeRange(null, null));
      const other = await mark(page);
      const otherYears = pointCollection([['a', '2010-01-05'], ['b', '2015-03-03']]);
      await page.evaluate((data) => document.querySelector('incident-map').setData(data), otherYears);
      const told = await eventsSince(page, other, 'timerangechange');
      assert.deepEqual(told.map((e) => e.detail), [{ from: '2010-01-05', to: '2015-03-03' }]);
      assert.equal((await eventsSince(page, other, 'timerangeinput')).length, 1);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('with prefers-reduced-motion, play steps a whole week at a time', TIMEOUT, async () => {
    const page = await openInContext(browser, demoUrl(), { reducedMotion: 'reduce' });
    try {
      await ready(page);
      assert.ok(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches));
      await page.evaluate(() => document.querySelector('incident-map').setTimeRange('2022-03-01', '2022-03-31'));
      await playSettings(page, { speed: 'fast', mode: 'cumulative' });
      const since = await mark(page);
      await part(page, '.im-play-button').click();
      await waitForEvent(page, 'timerangechange', since);
      const ends = (await eventsSince(page, since, 'timerangeinput')).map((e) => e.detail.to);
      // Each step ends a week (a Sunday) until the last day of the data.
      assert.deepEqual(ends, ['2022-04-03', '2022-04-10', '2022-04-17', '2022-04-24', '2022-05-01', '2022-05-08', '2022-05-15', '2022-05-22', SPAN.to]);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('destroy() during play stops it: no timer, frame or event outlives the map', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      await playSettings(page, { speed: 'slow' });
      const since = await mark(page);
      await part(page, '.im-play-button').click();
      await waitForEvent(page, 'timerangeinput', since);
      const cdp = await page.context().newCDPSession(page);
      const windowListeners = async () => {
        const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
        return listeners.map((l) => l.type);
      };
      const before = await windowListeners();
      assert.ok(before.includes('popstate') && before.includes('hashchange'), `the hash="map" demo listens: ${before}`);
      await page.evaluate(() => document.querySelector('incident-map').destroy());
      const destroyed = await mark(page);
      await sleep(page, 600);
      await frames(page);
      assert.deepEqual(await eventsSince(page, destroyed), [], 'no events after destroy()');
      const left = await windowListeners();
      assert.ok(!left.includes('popstate') && !left.includes('hashchange'), `window listeners left: ${left}`);
      await cdp.detach();
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('dates are the data\'s local dates in every time zone', () => {
  for (const timezoneId of ['Pacific/Kiritimati', 'America/Los_Angeles']) {
    it(`in ${timezoneId}`, TIMEOUT, async () => {
      const page = await openInContext(browser, demoUrl(), { timezoneId });
      try {
        await ready(page);
        const offset = await page.evaluate(() => new Date('2022-04-01T00:00Z').getTimezoneOffset());
        assert.notEqual(offset, 0, 'the page really runs in another zone');
        assert.equal(await part(page, '.im-axis-start').textContent(), '8 May 2021');
        assert.equal(await part(page, '.im-axis-end').textContent(), '25 May 2022');
        await part(page, '.im-presets button').filter({ hasText: 'Apr 2022' }).click();
        assert.deepEqual(await timeRange(page), { from: '2022-04-01', to: '2022-04-30' });
        assert.equal(await part(page, '.im-handle-from').getAttribute('aria-valuetext'), 'from 1 April 2022');
        assert.equal(await part(page, '.im-handle-to').getAttribute('aria-valuetext'), 'to 30 April 2022');
        const april = await dateRangeText(page, '2022-04-01', '2022-04-30');
        assert.match(april, /^1\s?–\s?30 April 2022$/u);
        assert.equal(await counters(page), `${expectedCounters('2022-04-01', '2022-04-30')} · ${april}`);
        // A click on the bar of the week of 18 April gives that Monday-to-Sunday week.
        const bar = await dayPoint(page, '2022-04-21');
        const since = await mark(page);
        await page.mouse.click(bar.x, bar.y - 20);
        const week = await waitForEvent(page, 'timerangechange', since);
        assert.deepEqual(week.detail, { from: '2022-04-18', to: '2022-04-24' });
        assert.deepEqual(page.errors, []);
      } finally {
        await page.closeContext();
      }
    });
  }
});

describe('URL state (hash attribute)', () => {
  const LINK =
    `map=view:13/36.70891/67.11044;time:2022-04-19..2022-04-29;select:${SEH_DOKAN_ID}`;

  it('a link whose time range is no range shows every day, says why and is written again as shown', TIMEOUT, async () => {
    const warnings = [];
    const page = await openPage(browser, null);
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    try {
      await page.goto(`${demoUrl()}#map=time:2022-04-29..2022-04-19`);
      await ready(page);
      assert.deepEqual(await timeRange(page), SPAN);
      await page.waitForFunction(() => !location.hash.includes('2022-04-29..2022-04-19'));
      assert.ok(
        warnings.some((w) => w.includes('the link\'s time range "2022-04-29..2022-04-19" is not a range')),
        warnings.join('\n'),
      );
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('a URL with a hash opens the same view, range and selection', TIMEOUT, async () => {
    const page = await openPage(browser, `${demoUrl()}#${LINK}`);
    try {
      await ready(page);
      await page.waitForFunction(() => document.querySelector('incident-map').selected !== null);
      assert.deepEqual(await timeRange(page), { from: '2022-04-19', to: '2022-04-29' });
      assert.equal(await selected(page), SEH_DOKAN_ID);
      assert.ok(await part(page, '.im-details').isVisible(), 'its details are open');
      assert.match(await part(page, '.im-details-title').textContent(), /Seh Dokan/);
      await frames(page);
      const view = await lastView(page);
      assert.equal(view.zoom, 13);
      assert.ok(Math.abs(view.center[0] - 67.11044) < 1e-6 && Math.abs(view.center[1] - 36.70891) < 1e-6, JSON.stringify(view));
      assert.match(await counters(page), /^6 incidents · 138 killed · 216 injured · 19\s?–\s?29 April 2022$/u);
      const entries = await page.evaluate(() => history.length);
      await sleep(page, 500);
      assert.equal(await page.evaluate(() => location.hash), `#${LINK}`, 'opening a link does not rewrite it');
      assert.equal(await page.evaluate(() => history.length), entries, 'nor adds history entries');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('a link whose selection its own time range leaves out opens the range without it, and says so', TIMEOUT, async () => {
    // The Seh Dokan mosque (21 April 2022) with a range that ends before it: edited by hand, or
    // data that changed since. No reader saw that selection.
    const edited = LINK.replace('time:2022-04-19..2022-04-29', 'time:2022-04-01..2022-04-20');
    const page = await openPage(browser, `${demoUrl()}#${edited}`);
    const warnings = [];
    page.on('console', (msg) => msg.type() === 'warning' && warnings.push(msg.text()));
    try {
      await ready(page);
      await frames(page);
      assert.deepEqual(await timeRange(page), { from: '2022-04-01', to: '2022-04-20' });
      assert.equal(await selected(page), null);
      assert.ok(!(await part(page, '.im-details').isVisible()), 'no details of an incident the map does not show');
      assert.ok(
        warnings.some((w) => w.includes(SEH_DOKAN_ID) && w.includes("outside the link's time range")),
        warnings.join('\n'),
      );
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('from everything to the week of 19–29 April 2022 in Mazar-e Sharif, shared by a link', TIMEOUT, async () => {
    const author = await openPage(browser, demoUrl());
    let reader;
    try {
      await ready(author);
      assert.equal(await author.evaluate(() => location.hash), '', 'nothing is written before the reader acts');
      let since = await mark(author);
      await part(author, '.im-views button').filter({ hasText: 'Mazar-e Sharif' }).click();
      await waitForEvent(author, 'viewchange', since);
      // Everything is selected: a drag across the bars draws the new range.
      since = await mark(author);
      await mouseDrag(author, await dayPoint(author, '2022-04-19'), await dayPoint(author, '2022-04-29'));
      assert.deepEqual((await eventsSince(author, since, 'timerangechange')).map((e) => e.detail), [
        { from: '2022-04-19', to: '2022-04-29' },
      ]);
      // Then the Seh Dokan mosque attack on the map.
      await frames(author);
      const at = await author.evaluate((ll) => {
        const el = document.querySelector('incident-map');
        const r = el.getBoundingClientRect();
        const p = el.project(...ll);
        return { x: r.left + p.x, y: r.top + p.y };
      }, lonLat(SEH_DOKAN_ID));
      await author.mouse.click(at.x, at.y);
      // At the Mazar-e Sharif view the mosque and the minibuses at the city centre 350 m away
      // share one cluster: its list in the details panel leads to the mosque.
      const listed = author.locator(`incident-map .im-list-item[data-incident="${SEH_DOKAN_ID}"]`);
      if ((await selected(author)) !== SEH_DOKAN_ID) await listed.click();
      assert.equal(await selected(author), SEH_DOKAN_ID);
      await author.waitForFunction((id) => location.hash.includes(`select:${id}`), SEH_DOKAN_ID);
      const entry = await hashEntry(author, 'map');
      assert.match(entry, /^view:[\d.]+\/36\.\d+\/67\.\d+;time:2022-04-19\.\.2022-04-29;select:/);
      await frames(author);
      await author.screenshot({ path: screenshotPath('time-journey-author') });
      const link = await author.evaluate(() => location.href);
      const authorView = await lastView(author);
      const authorCounters = await counters(author);

      // The reader opens the link in a browser of their own.
      reader = await openPage(browser, link);
      await ready(reader);
      await reader.waitForFunction(() => document.querySelector('incident-map').selected !== null);
      await frames(reader);
      assert.deepEqual(await timeRange(reader), { from: '2022-04-19', to: '2022-04-29' });
      assert.equal(await selected(reader), SEH_DOKAN_ID);
      assert.equal(await counters(reader), authorCounters);
      const readerView = await lastView(reader);
      assert.ok(Math.abs(readerView.zoom - authorView.zoom) < 0.01, `${readerView.zoom} vs ${authorView.zoom}`);
      for (const i of [0, 1]) assert.ok(Math.abs(readerView.center[i] - authorView.center[i]) < 1e-5);
      // Markers land on the same pixels, to the rounding of the shared coordinates: half a pixel,
      // and the link's zoom, written with two decimals (up to 0.005 of a level, which moves a point
      // by that factor of its distance from the centre; the fitted view's zoom has more).
      const size = await reader.evaluate(() => {
        const r = document.querySelector('incident-map').shadowRoot.querySelector('.im-map').getBoundingClientRect();
        return { width: r.width, height: r.height };
      });
      const scale = Math.abs(2 ** (readerView.zoom - authorView.zoom) - 1);
      for (const id of [SEH_DOKAN_ID, 'mazar-e-sharif-2022-04-28-minibuses']) {
        const [a, b] = await Promise.all(
          [author, reader].map((p) => p.evaluate((ll) => document.querySelector('incident-map').project(...ll), lonLat(id))),
        );
        const fromCentre = Math.hypot(a.x - size.width / 2, a.y - size.height / 2);
        const tolerance = 0.5 + fromCentre * scale;
        assert.ok(
          Math.abs(a.x - b.x) < tolerance && Math.abs(a.y - b.y) < tolerance,
          `${id}: ${JSON.stringify([a, b])}, tolerance ${tolerance}`,
        );
      }
      assert.ok(await part(reader, '.im-details').isVisible());
      await reader.screenshot({ path: screenshotPath('time-journey-reader') });
      assert.deepEqual(author.errors, []);
      assert.deepEqual(reader.errors, []);
    } finally {
      await author.closeContext();
      await reader?.closeContext();
    }
  });

  it('back and forward restore the previous states', TIMEOUT, async () => {
    const page = await openPage(browser, demoUrl());
    try {
      await ready(page);
      const base = await page.evaluate(() => history.length);
      await part(page, '.im-presets button').filter({ hasText: 'Apr 2022' }).click();
      await page.waitForFunction(() => location.hash.includes('time:2022-04-01..2022-04-30'));
      await page.evaluate((id) => document.querySelector('incident-map').select(id), SEH_DOKAN_ID);
      await page.waitForFunction(() => location.hash.includes('select:'));
      assert.equal(await page.evaluate(() => history.length), base + 2, 'two history entries: the range, the selection');

      await page.evaluate(() => history.back());
      await page.waitForFunction(() => document.querySelector('incident-map').selected === null);
      assert.deepEqual(await timeRange(page), { from: '2022-04-01', to: '2022-04-30' });
      assert.equal(await part(page, '.im-details').isVisible(), false);

      await page.evaluate(() => history.back());
      await page.waitForFunction((span) => document.querySelector('incident-map').timeRange.from === span.from, SPAN);
      assert.deepEqual(await timeRange(page), SPAN, 'back to everything');
      assert.equal(await page.evaluate(() => location.hash), '');
      assert.ok((await counters(page)).startsWith(expectedCounters()));

      await page.evaluate(() => history.forward());
      await page.waitForFunction(() => document.querySelector('incident-map').timeRange.from === '2022-04-01');
      await page.evaluate(() => history.forward());
      await page.waitForFunction((id) => document.querySelector('incident-map').selected === id, SEH_DOKAN_ID);
      assert.equal(await page.evaluate(() => history.length), base + 2, 'going back and forth adds no entries');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('two maps keep separate keys; a map without hash never touches the URL', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/two-maps-hash.html#intro`);
    try {
      await ready(page, '#first');
      await ready(page, '#second');
      await page.evaluate(() => document.querySelector('#first').setTimeRange('2022-04-01', '2022-04-30'));
      await page.waitForFunction(() => location.hash.includes('a='));
      assert.equal(await hashEntry(page, 'b'), null, 'the second map wrote nothing');
      await page.evaluate((id) => document.querySelector('#second').select(id), AIRPORT_ID);
      await page.waitForFunction(() => location.hash.includes('b='));
      const hash = await page.evaluate(() => location.hash);
      assert.ok(hash.startsWith('#intro&'), `the page's own anchor stays: ${hash}`);
      assert.match(await hashEntry(page, 'a'), /time:2022-04-01\.\.2022-04-30/);
      assert.doesNotMatch(await hashEntry(page, 'a'), /select:/);
      assert.match(await hashEntry(page, 'b'), new RegExp(`select:${AIRPORT_ID}$`));
      assert.doesNotMatch(await hashEntry(page, 'b'), /time:/);

      // Back undoes the second map's selection only.
      await page.evaluate(() => history.back());
      await page.waitForFunction(() => document.querySelector('#second').selected === null);
      assert.deepEqual(await timeRange(page, '#first'), { from: '2022-04-01', to: '2022-04-30' });

      // A page with the same link shows both maps' states.
      const link = `${server.url}/fixtures/two-maps-hash.html${hash}`;
      const other = await openPage(browser, link);
      try {
        await ready(other, '#first');
        await ready(other, '#second');
        await other.waitForFunction(() => document.querySelector('#second').selected !== null);
        assert.deepEqual(await timeRange(other, '#first'), { from: '2022-04-01', to: '2022-04-30' });
        assert.equal(await selected(other, '#first'), null);
        assert.equal(await selected(other, '#second'), AIRPORT_ID);
      } finally {
        await other.closeContext();
      }

      // No hash attribute: the URL is left alone.
      const plain = await openPage(browser, `${server.url}/fixtures/two-maps.html`);
      try {
        await ready(plain, '#first');
        const entries = await plain.evaluate(() => history.length);
        await plain.evaluate(() => document.querySelector('#first').setTimeRange('2022-04-01', '2022-04-30'));
        await plain.evaluate((id) => document.querySelector('#first').select(id), SEH_DOKAN_ID);
        await sleep(plain, 500);
        assert.equal(await plain.evaluate(() => location.hash), '');
        assert.equal(await plain.evaluate(() => history.length), entries);
      } finally {
        await plain.closeContext();
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('the control under a strict Content-Security-Policy', () => {
  it("the page's own anchors: a link to a section keeps the map's state, and a shared link scrolls to its anchor", TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/hash-anchors.html#intro&map1=select:${SEH_DOKAN_ID}`);
    try {
      await ready(page, '#map');
      await page.waitForFunction((id) => document.querySelector('#map').selected === id, SEH_DOKAN_ID);
      const top = (id) => page.evaluate((id) => Math.round(document.getElementById(id).getBoundingClientRect().top), id);
      assert.ok(Math.abs(await top('intro')) < 5, `scrolled to #intro: its top at ${await top('intro')}`);
      // A link to another section of the page: the map keeps its selection, and its entry
      // comes back into the URL beside the new anchor.
      await page.evaluate(() => document.getElementById('to-later').click());
      await page.waitForFunction(() => location.hash.startsWith('#later&map1='));
      assert.equal(await selected(page, '#map'), SEH_DOKAN_ID);
      assert.ok(Math.abs(await top('later')) < 5, 'the browser scrolled to #later');
      // Back to the shared link: the same state.
      await page.goBack();
      await page.waitForFunction(() => location.hash.startsWith('#intro&'));
      await sleep(page, 300);
      assert.equal(await selected(page, '#map'), SEH_DOKAN_ID);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('a new hash key takes the entry of the old one out of the URL', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      await ready(page, '#map');
      await page.evaluate((id) => {
        const el = document.querySelector('#map');
        el.setAttribute('hash', 'old');
        el.select(id);
      }, SEH_DOKAN_ID);
      await page.waitForFunction(() => location.hash.includes('old=') && location.hash.includes('select:'));
      await page.evaluate(() => document.querySelector('#map').setAttribute('hash', 'new'));
      await page.waitForFunction(() => !location.hash.includes('old='));
      await page.evaluate(() => document.querySelector('#map').select(null));
      await page.waitForFunction(() => location.hash.includes('new='));
      assert.ok(!(await page.evaluate(() => location.hash)).includes('old='));
      // Removing the attribute takes the entry out too, with no "#" left behind.
      await page.evaluate(() => document.querySelector('#map').removeAttribute('hash'));
      await page.waitForFunction(() => location.href.endsWith('/fixtures/one-map.html'));
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('works without inline styles or scripts', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/csp/index.html`);
    try {
      await ready(page);
      const since = await mark(page);
      await handleDrag(page, '.im-handle-from', '2022-04-19');
      const change = await waitForEvent(page, 'timerangechange', since);
      assert.equal(change.detail.from, '2022-04-19');
      const left = await part(page, '.im-brush').evaluate((b) => b.getBoundingClientRect().left);
      const from = await dayPoint(page, '2022-04-19');
      assert.ok(Math.abs(left - from.x) < 3, 'the brush is placed (styles set from code are allowed)');
      assert.deepEqual(page.errors, [], 'no CSP violation');
    } finally {
      await page.closeContext();
    }
  });
});

describe('screenshots of the control', () => {
  for (const width of [360, 1280]) {
    it(`at ${width} px, showing the week of 19–29 April 2022 in Mazar-e Sharif`, TIMEOUT, async () => {
      const page = await openPage(browser, `${demoUrl()}#map=time:2022-04-19..2022-04-29`, { width, height: 900, dpr: 2 });
      try {
        await ready(page);
        await page.waitForFunction(() => document.querySelector('incident-map').timeRange.from === '2022-04-19');
        await page.evaluate(() => document.querySelector('incident-map').flyTo('mazar-e-sharif'));
        await part(page, '.im-timebar').scrollIntoViewIfNeeded();
        await frames(page);
        const bar = part(page, '.im-timebar');
        const box = await bar.boundingBox();
        assert.ok(box.width <= width, `the control fits in ${width} px: ${box.width}`);
        // Nothing in the control overflows its box.
        const overflow = await bar.evaluate((root) =>
          [...root.querySelectorAll('*')]
            .filter((n) => n.getClientRects().length)
            .map((n) => [n.className, n.getBoundingClientRect()])
            .filter(([, r]) => r.right > root.getBoundingClientRect().right + 1 || r.left < root.getBoundingClientRect().left - 1)
            .map(([c]) => c),
        );
        assert.deepEqual(overflow, []);
        await bar.screenshot({ path: screenshotPath(`time-control-${width}`) });
        await page.locator('incident-map').screenshot({ path: screenshotPath(`time-map-${width}`) });
        assert.deepEqual(page.errors, []);
      } finally {
        await page.closeContext();
      }
    });
  }
});
