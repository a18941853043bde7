// End-to-end tests of the <incident-map> element's API on fixture pages (tests/fixtures, served
// under /fixtures/): two maps on one page, destroy() and removal from the page, a missing src.
//
//   make build && node --test tests/e2e/
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  launchBrowser, startDist, newPage, REPO_ROOT, recordMapEvents, mark, eventsSince, waitForEvent, frames,
} from './helpers.mjs';

const DATA = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'www/data/incidents.geojson'), 'utf8'));
const AIRPORT_ID = 'kabul-2021-08-26-airport';
const AIRPORT = DATA.features.find((f) => f.properties.id === AIRPORT_ID);
const lonLat = (f) => f.geometry.coordinates;

const TIMEOUT = { timeout: 60_000 };

// ---------------------------------------------------------------------------------------------
// Page helpers (each test file has its own copy: helpers.mjs belongs to the tooling).

const EVENT_TYPES = ['load', 'select', 'timerangechange', 'viewchange', 'error'];

/** Opens a page that records the maps' CustomEvents from before any script runs. */
async function openPage(browser, url, options = {}) {
  const page = await newPage(browser, { width: 1000, height: 900, ...options });
  page.setDefaultTimeout(15_000);
  page.dialogs = [];
  page.on('dialog', async (dialog) => {
    page.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  await recordMapEvents(page, EVENT_TYPES);
  if (url) await page.goto(url);
  return page;
}

/** Awaits `ready` of every <incident-map> on the page. */
async function allReady(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll('incident-map').length === n, count);
  await page.evaluate(() => Promise.all([...document.querySelectorAll('incident-map')].map((m) => m.ready)));
}


/** Runs `fn(el, ...args)` on the element `selector` in the page; returns {value} or {error}. */
function call(page, selector, fn, ...args) {
  return page.evaluate(
    ([selector, source, args]) => {
      const el = document.querySelector(selector);
      try {
        // eslint-disable-next-line no-new-func
        return { value: new Function('el', '...args', `return (${source})(el, ...args)`)(el, ...args) ?? null };
      } catch (e) {
        return { error: e.message, name: e.name };
      }
    },
    [selector, fn.toString(), args],
  );
}

/** The listener counts, via the DevTools protocol, of the objects `window[globalName][i]`. */
async function listenerCounts(cdp, globalName, length) {
  const counts = [];
  for (let i = 0; i < length; i++) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: `window.${globalName}[${i}]` });
    assert.ok(result.objectId, `window.${globalName}[${i}] is an object`);
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    counts.push(listeners.map((l) => l.type));
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
  }
  return counts;
}

/** Keeps every node of the map's shadow root (and the host, document, window) in
 * `window.__targets`, so that they can be inspected after the shadow root is emptied. */
async function captureTargets(page, selector) {
  return page.evaluate((selector) => {
    const el = document.querySelector(selector);
    const nodes = [...el.shadowRoot.querySelectorAll('*')];
    window.__targets = nodes;
    window.__globals = [el, document, window];
    return {
      count: nodes.length,
      names: nodes.map((n) => `${n.localName}${n.className ? `.${String(n.className).split(' ').join('.')}` : ''}`),
    };
  }, selector);
}

const total = (counts) => counts.reduce((sum, types) => sum + types.length, 0);

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

describe('two maps on one page', () => {
  it('are both ready and independent', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/two-maps.html`);
    try {
      await allReady(page, 2);
      const loads = await eventsSince(page, 0, 'load');
      assert.deepEqual(loads.map((e) => e.target).sort(), ['first', 'second']);
      for (const load of loads) assert.equal(load.detail.loaded, DATA.features.length);

      // The second map has view="kabul": the two views differ.
      await frames(page);
      const spread = (selector) =>
        call(page, selector, (el, a) => {
          const p = el.project(...a);
          const q = el.project(a[0] + 0.1, a[1]);
          return q.x - p.x;
        }, lonLat(AIRPORT));
      const [first, second] = [await spread('#first'), await spread('#second')];
      assert.ok(second.value > first.value * 5, `kabul view is closer: ${first.value} vs ${second.value}`);

      // Select in the first: the second is untouched.
      let since = await mark(page);
      await call(page, '#first', (el, id) => el.select(id), AIRPORT_ID);
      assert.equal((await call(page, '#first', (el) => el.selected)).value, AIRPORT_ID);
      assert.equal((await call(page, '#second', (el) => el.selected ?? null)).value, null);
      assert.ok(await page.locator('#first .im-details').isVisible());
      assert.equal(await page.locator('#second .im-details').isVisible(), false);
      assert.deepEqual(
        (await eventsSince(page, since, 'select')).map((e) => [e.target, e.detail.id]),
        [['first', AIRPORT_ID]],
      );

      // Click the airport in the second (Kabul view): the first keeps its own selection.
      await page.locator('#second').scrollIntoViewIfNeeded();
      const point = await call(page, '#second', (el, a) => {
        const r = el.getBoundingClientRect();
        const p = el.project(...a);
        return { x: r.left + p.x, y: r.top + p.y };
      }, lonLat(AIRPORT));
      since = await mark(page);
      await page.mouse.click(point.value.x, point.value.y);
      const clicked = await waitForEvent(page, 'select', since);
      assert.deepEqual([clicked.target, clicked.detail.id], ['second', AIRPORT_ID]);
      assert.deepEqual((await eventsSince(page, since, 'select')).length, 1);
      assert.equal((await call(page, '#first', (el) => el.selected)).value, AIRPORT_ID);

      // A time range on the first does not filter the second.
      since = await mark(page);
      await call(page, '#first', (el) => el.setTimeRange('2022-04-01', '2022-04-30'));
      const change = await waitForEvent(page, 'timerangechange', since);
      assert.equal(change.target, 'first');
      assert.deepEqual((await eventsSince(page, since, 'timerangechange')).length, 1);
      assert.deepEqual((await call(page, '#first', (el) => el.timeRange)).value, { from: '2022-04-01', to: '2022-04-30' });
      const secondRange = (await call(page, '#second', (el) => el.timeRange)).value;
      assert.notDeepEqual(secondRange, { from: '2022-04-01', to: '2022-04-30' });
      assert.equal((await call(page, '#second', (el) => el.selected)).value, AIRPORT_ID);
      assert.equal((await call(page, '#first', (el) => el.selected ?? null)).value, null, 'filtered out');

      // Zooming the first does not move the second.
      const before = (await call(page, '#second', (el, a) => el.project(...a), lonLat(AIRPORT))).value;
      since = await mark(page);
      await page.locator('#first .im-zoom button[aria-label="Zoom in"]').click();
      const view = await waitForEvent(page, 'viewchange', since);
      assert.equal(view.target, 'first');
      assert.deepEqual((await call(page, '#second', (el, a) => el.project(...a), lonLat(AIRPORT))).value, before);

      assert.deepEqual(page.errors, []);
      assert.deepEqual(page.dialogs, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('the element API', () => {
  it('selected is null when nothing is selected, as documented', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      await allReady(page, 1);
      assert.deepEqual(await call(page, '#map', (el) => el.selected === null), { value: true });
      await call(page, '#map', (el, id) => el.select(id), AIRPORT_ID);
      await call(page, '#map', (el) => el.select(null));
      assert.deepEqual(await call(page, '#map', (el) => el.selected === null), { value: true });
    } finally {
      await page.closeContext();
    }
  });

  it('methods throw readable errors for bad arguments', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      await allReady(page, 1);
      const unknown = await call(page, '#map', (el) => el.select('no-such-incident'));
      assert.match(unknown.error, /no-such-incident/);
      const badDate = await call(page, '#map', (el) => el.setTimeRange('2022-02-30', '2022-03-01'));
      assert.match(badDate.error, /2022-02-30/);
      const badView = await call(page, '#map', (el) => el.flyTo('atlantis'));
      assert.match(badView.error, /atlantis/);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('what a script may pass', () => {
  // Found by a review (7 December 2026): wasm-bindgen reads a string argument's `.length`, so a
  // number or a Date reached the WebAssembly instance as garbage and stopped the map for good.
  it('numbers, Dates and objects give an answer or a readable error, and the map goes on', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      await allReady(page, 1);
      const since = await mark(page);
      const number = await call(page, '#map', (el) => el.select(123));
      assert.match(number.error, /"123"/, 'a number id is looked up as its text');
      const object = await call(page, '#map', (el) => el.select({ id: 1 }));
      assert.match(object.error, /object Object/);
      const view = await call(page, '#map', (el) => el.flyTo(5));
      assert.match(view.error, /unknown view "5"/);
      const range = await call(page, '#map', (el) => {
        el.setTimeRange(new Date(2022, 3, 1), new Date(2022, 3, 30));
        return el.timeRange;
      });
      assert.deepEqual(range, { value: { from: '2022-04-01', to: '2022-04-30' } }, 'a Date is its local day');
      const digits = await call(page, '#map', (el) => el.setTimeRange(20220401, 20220430));
      assert.match(digits.error, /20220401/);
      // Still alive: a valid call works, and nothing fatal was reported.
      assert.deepEqual(await call(page, '#map', (el, id) => (el.select(id), el.selected), AIRPORT_ID), { value: AIRPORT_ID });
      const errors = await eventsSince(page, since, 'error');
      assert.deepEqual(errors.filter((e) => e.detail.fatal), [], 'the map did not stop');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('from and to changed one after the other are applied once, as one range', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`, {});
    try {
      await allReady(page, 1);
      await page.evaluate(() => {
        const el = document.querySelector('#map');
        el.setAttribute('from', '2022-04-01');
        el.setAttribute('to', '2022-04-30');
      });
      await page.waitForFunction(() => document.querySelector('#map').timeRange.from === '2022-04-01');
      const since = await mark(page);
      // Later on both ends: `from` alone would be after the old `to`.
      await page.evaluate(() => {
        const el = document.querySelector('#map');
        el.setAttribute('from', '2022-05-01');
        el.setAttribute('to', '2022-05-25');
      });
      await page.waitForFunction(() => document.querySelector('#map').timeRange.from === '2022-05-01');
      await frames(page);
      const events = await eventsSince(page, since);
      assert.deepEqual(events.filter((e) => e.type === 'error'), [], 'no error for a half-updated range');
      assert.deepEqual(
        events.filter((e) => e.type === 'timerangechange').map((e) => e.detail),
        [{ from: '2022-05-01', to: '2022-05-25' }],
        'one change, to the whole new range',
      );
      // The reader moves the range; the page sets the same attributes again: back to them.
      await page.evaluate(() => document.querySelector('#map').setTimeRange('2021-10-01', '2021-10-31'));
      await page.evaluate(() => {
        const el = document.querySelector('#map');
        el.setAttribute('from', '2022-05-01');
        el.setAttribute('to', '2022-05-25');
      });
      await page.waitForFunction(() => document.querySelector('#map').timeRange.from === '2022-05-01');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('data set before the element was defined is loaded', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/late-script.html`);
    try {
      // `ready` exists once the script has defined the element.
      await page.evaluate(() => customElements.whenDefined('incident-map'));
      await allReady(page, 1);
      assert.deepEqual(await page.evaluate(() => window.loads), [1]);
      assert.deepEqual(await call(page, '#map', (el) => el.timeRange), { value: { from: '2022-04-21', to: '2022-04-21' } });
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('new data without the selected incident ends the selection with a select event', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      await allReady(page, 1);
      await call(page, '#map', (el, id) => el.select(id), AIRPORT_ID);
      const since = await mark(page);
      const other = DATA.features.find((f) => f.properties.id !== AIRPORT_ID);
      await call(page, '#map', (el, f) => el.setData({ type: 'FeatureCollection', features: [f] }), other);
      assert.deepEqual(await call(page, '#map', (el) => el.selected), { value: null });
      assert.deepEqual((await eventsSince(page, since, 'select')).map((e) => e.detail), [{ id: null }]);
      // Data that keeps it keeps the selection, and says nothing.
      await call(page, '#map', (el, id) => el.select(id), other.properties.id);
      const kept = await mark(page);
      await call(page, '#map', (el, f) => el.setData({ type: 'FeatureCollection', features: [f] }), other);
      assert.deepEqual(await call(page, '#map', (el) => el.selected), { value: other.properties.id });
      assert.deepEqual(await eventsSince(page, kept, 'select'), []);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('a load or a resize that keeps the centre and zoom fires no viewchange', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      await allReady(page, 1);
      await frames(page);
      await frames(page);
      const since = await mark(page);
      await call(page, '#map', (el, data) => el.setData(data), DATA);
      await waitForEvent(page, 'load', since);
      await frames(page);
      await frames(page);
      assert.deepEqual(await eventsSince(page, since, 'viewchange'), []);
      // A move does fire one.
      await call(page, '#map', (el) => el.flyTo('kabul'));
      await waitForEvent(page, 'viewchange', since);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('IncidentMap.setData takes CSV text as data, not as a URL', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/class.html`);
    try {
      const report = await page.evaluate(async () => {
        const { IncidentMap } = await import('/incident-map.js');
        const box = document.createElement('div');
        document.body.append(box);
        const map = await IncidentMap.create(box);
        const loaded = await map.setData('id,date,lat,lon,killed\ncsv-1,2022-04-21,34.52,69.16,3\n');
        const range = map.timeRange;
        map.destroy();
        return { loaded: loaded.loaded, range };
      });
      assert.deepEqual(report, { loaded: 1, range: { from: '2022-04-21', to: '2022-04-21' } });
    } finally {
      await page.closeContext();
    }
  });

  it('a bad attribute at start leaves no half-built map, and fixing it builds the map', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/bad-attribute.html`);
    try {
      const error = await waitForEvent(page, 'error', 0);
      assert.match(error.detail.message, /color-by must be target, claim or none, got "targets"/);
      await page.waitForFunction(() => document.querySelector('#map').shadowRoot?.childNodes.length === 0);
      // Nothing of it is left running: a resize calls nothing (it threw "closure invoked after
      // being dropped" from the observers left behind).
      await page.evaluate(() => (document.querySelector('#map').style.width = '500px'));
      await frames(page);
      await frames(page);
      assert.deepEqual(page.errors.filter((e) => !/color-by must be/.test(e)), []);
      await page.evaluate(() => document.querySelector('#map').setAttribute('color-by', 'target'));
      await page.waitForFunction(() => !!document.querySelector('#map').shadowRoot.querySelector('.im-map'));
      await allReady(page, 1);
      assert.deepEqual(await call(page, '#map', (el) => el.timeRange.from), { value: '2021-05-08' });
      assert.ok(await page.locator('#map .im-legend-entry').count() > 0, 'coloured by target');
    } finally {
      await page.closeContext();
    }
  });
});

describe('destroy', () => {
  it('destroy() empties the shadow root and removes every listener; a second call does nothing', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      await allReady(page, 1);
      await frames(page);
      const cdp = await page.context().newCDPSession(page);
      const { count, names } = await captureTargets(page, '#map');
      const before = await listenerCounts(cdp, '__targets', count);
      const globalsBefore = await listenerCounts(cdp, '__globals', 3);
      const byName = Object.fromEntries(names.map((n, i) => [n, before[i]]));
      const surface = byName['div.im-surface'];
      for (const type of ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'wheel']) {
        assert.ok(surface.includes(type), `the map's surface listens for ${type}: ${surface}`);
      }
      assert.ok(byName['div.im-map'].includes('keydown'));
      assert.ok(total(before) >= 15, `listeners before destroy: ${total(before)}`);

      const since = await mark(page);
      const result = await call(page, '#map', (el) => el.destroy());
      assert.deepEqual(result, { value: null });
      assert.equal(
        await page.evaluate(() => document.querySelector('#map').shadowRoot.childNodes.length),
        0,
        'the shadow root is empty',
      );
      const after = await listenerCounts(cdp, '__targets', count);
      assert.equal(total(after), 0, `listeners left: ${JSON.stringify(after.map((t, i) => [names[i], t]).filter(([, t]) => t.length))}`);
      const globalsAfter = await listenerCounts(cdp, '__globals', 3);
      globalsAfter.forEach((types, i) =>
        assert.ok(types.length <= globalsBefore[i].length, `no listener added to ${['host', 'document', 'window'][i]}`),
      );

      // A second destroy() is a no-op.
      assert.deepEqual(await call(page, '#map', (el) => el.destroy()), { value: null });
      // Nothing is left to react: resizing the element and waiting frames fires nothing, throws nothing.
      await page.evaluate(() => {
        document.querySelector('#map').style.width = '500px';
      });
      await frames(page);
      await frames(page);
      assert.deepEqual(await eventsSince(page, since), [], 'no events after destroy()');
      assert.deepEqual(page.errors, []);
      await cdp.detach();
    } finally {
      await page.closeContext();
    }
  });

  it('after destroy(), methods throw an error that says the map was destroyed', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      await allReady(page, 1);
      await call(page, '#map', (el) => el.destroy());
      const calls = {
        project: await call(page, '#map', (el) => el.project(69.2, 34.5)),
        select: await call(page, '#map', (el) => el.select('kabul-2021-08-26-airport')),
        setTimeRange: await call(page, '#map', (el) => el.setTimeRange('2022-04-01', '2022-04-30')),
        timeRange: await call(page, '#map', (el) => el.timeRange),
        selected: await call(page, '#map', (el) => el.selected),
        setData: await call(page, '#map', (el) => el.setData('{"type":"FeatureCollection","features":[]}')),
        flyTo: await call(page, '#map', (el) => el.flyTo('kabul')),
      };
      for (const [method, outcome] of Object.entries(calls)) {
        assert.ok(outcome.error, `${method} throws after destroy(): ${JSON.stringify(outcome)}`);
      }
      for (const [method, outcome] of Object.entries(calls)) {
        assert.match(outcome.error, /destroyed/, `${method}: the message should say the map was destroyed`);
      }
    } finally {
      await page.closeContext();
    }
  });

  it('removing the element from the page tears the map down', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      await allReady(page, 1);
      await frames(page);
      const cdp = await page.context().newCDPSession(page);
      const { count } = await captureTargets(page, '#map');
      assert.ok(total(await listenerCounts(cdp, '__targets', count)) > 0);
      await page.evaluate(() => {
        window.__removed = document.querySelector('#map');
        window.__removed.remove();
      });
      await page.waitForFunction(() => window.__removed.shadowRoot.childNodes.length === 0);
      assert.equal(total(await listenerCounts(cdp, '__targets', count)), 0, 'no listener left');
      const thrown = await page.evaluate(() => {
        try {
          window.__removed.project(69.2, 34.5);
          return null;
        } catch (e) {
          return e.message;
        }
      });
      assert.ok(thrown, 'project() throws once the element is removed');
      assert.deepEqual(page.errors, []);
      await cdp.detach();
    } finally {
      await page.closeContext();
    }
  });

  it('moving the element within the page keeps the map', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      await allReady(page, 1);
      await page.evaluate(() => {
        const el = document.querySelector('#map');
        const box = document.createElement('section');
        document.body.append(box);
        box.append(el); // disconnected and connected again in one task
      });
      await frames(page);
      assert.ok(await page.evaluate(() => document.querySelector('#map').shadowRoot.childNodes.length > 0));
      const selected = await call(page, '#map', (el, id) => {
        el.select(id);
        return el.selected;
      }, AIRPORT_ID);
      assert.deepEqual(selected, { value: AIRPORT_ID });
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
  it('moved before it is ready, it builds once, and the ready taken before the move waits for the data', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/class.html`);
    try {
      const result = await page.evaluate(async () => {
        await import('/incident-map.js');
        const el = document.createElement('incident-map');
        el.setAttribute('src', '/data/incidents.geojson');
        document.body.append(el);
        const early = el.ready;
        document.body.prepend(el); // moved at once: disconnected and connected in one task
        await early;
        return { from: el.timeRange.from, sameReady: el.ready === early };
      });
      assert.deepEqual(result, { from: '2021-05-08', sameReady: true });
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('a missing src', () => {
  it('shows a readable message, fires error, and still draws the basemap', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/missing-src.html`);
    try {
      await allReady(page, 1);
      const error = await waitForEvent(page, 'error', 0);
      assert.equal(error.target, 'incident-map');
      assert.match(error.detail.message, /no-such-file\.geojson/);
      assert.match(error.detail.message, /404/);
      const notice = page.locator('incident-map .im-message');
      assert.ok(await notice.isVisible(), 'the message is shown in the map');
      assert.equal(await notice.textContent(), error.detail.message);
      assert.deepEqual(await eventsSince(page, 0, 'load'), [], 'no load event');

      // The basemap is drawn (several colours), and no markers.
      await page.waitForFunction(() => {
        const c = document.querySelector('incident-map').shadowRoot.querySelector('.im-layer-basemap:not([hidden])');
        if (!c.width) return false;
        const { data } = layerPixels(c);
        const seen = new Set();
        for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        return seen.size >= 3;
      }, null, { polling: 'raf' });
      const markers = await page.evaluate(() => {
        const c = document.querySelector('incident-map').shadowRoot.querySelector('.im-layer-markers:not([hidden])');
        const { data } = layerPixels(c);
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]) painted++;
        return painted;
      });
      assert.equal(markers, 0);
      // The only console error is the browser's own report of the 404.
      const unexpected = page.errors.filter((e) => !/404/.test(e));
      assert.deepEqual(unexpected, []);
    } finally {
      await page.closeContext();
    }
  });
});
