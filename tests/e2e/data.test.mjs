// End-to-end tests of loading data into <incident-map>: a CSV file as `src`, CSV text and
// objects with NaN through setData, each problem reported with where it is; the gazetteer
// fetched beside the basemap, waited for only by data that needs it.
//
//   make build && node --test tests/e2e/data.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startDist, newPage, recordMapEvents } from './helpers.mjs';

const TIMEOUT = { timeout: 60_000 };

/** Opens `url` and records the map's `load` and `error` events from before any script runs. */
async function openPage(browser, url) {
  const page = await newPage(browser, { width: 900, height: 700 });
  page.setDefaultTimeout(15_000);
  await recordMapEvents(page, ['load', 'error']);
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('incident-map'));
  await page.evaluate(() => document.querySelector('incident-map').ready);
  return page;
}

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

describe('long GeoJSON, read in chunks', () => {
  it('keeps characters whole across chunk boundaries, sync and async, and locates errors', { timeout: 120_000 }, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      const result = await page.evaluate(async () => {
        const el = document.querySelector('incident-map');
        const head =
          '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[69.17,34.53]},' +
          '"properties":{"id":"big","date":"2022-04-29","summary":"';
        // Chunks end at even offsets (multiples of 2^20 UTF-16 units): after an odd prefix of
        // surrogate pairs, every such end falls between the two halves of a pair.
        const pad = head.length % 2 === 0 ? 'x' : '';
        const summary = pad + '😀'.repeat(2_200_000);
        const tail =
          '"}},{"type":"Feature","geometry":{"type":"Point","coordinates":[69.2,34.5]},' +
          '"properties":{"id":"é-2","date":"2022-04-30","place":"Kābul \\"centre\\""}}]}';
        const text = head + summary + tail;
        const read = () => {
          el.select('big');
          const shown = el.shadowRoot.querySelector('.im-summary').textContent;
          el.select('é-2');
          return { same: shown === summary, length: shown.length, place: el.shadowRoot.querySelector('.im-details').textContent };
        };
        const sync = el.setData(text);
        const afterSync = read();
        el.setData('{"type":"FeatureCollection","features":[]}');
        // The `data` property loads asynchronously: in chunks, yielding to the page between them.
        const loaded = new Promise((resolve) => el.addEventListener('load', (e) => resolve(e.detail), { once: true }));
        el.data = text;
        const async = await loaded;
        const afterAsync = read();
        let error = null;
        try {
          el.setData(head + 'a'.repeat(5_000_000) + '"}}, tru]}');
        } catch (e) {
          error = e.message;
        }
        return { sync: sync.loaded, afterSync, async: async.loaded, afterAsync, error, busy: el.hasAttribute('aria-busy') };
      });
      assert.equal(result.sync, 2);
      assert.equal(result.async, 2);
      for (const after of [result.afterSync, result.afterAsync]) {
        assert.ok(after.same, `the summary came back whole (${after.length} units)`);
        assert.match(after.place, /Kābul "centre"/);
      }
      assert.match(result.error, /not valid JSON: expected ident at line 1 column 5000\d{3}/);
      assert.equal(result.busy, false, 'aria-busy is cleared after a load');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('data formats', () => {
  it('src may point to a CSV file: its rows load, places geocoded', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/csv-map.html`);
    try {
      const loads = await page.evaluate(() => window.__imEvents.filter((e) => e.type === 'load'));
      assert.equal(loads.length, 1);
      assert.deepEqual(loads[0].detail, { loaded: 5, rejected: [], warnings: [] });
      const details = await page.evaluate(() => {
        const map = document.querySelector('incident-map');
        map.select('kunduz-2022-04-21');
        return map.shadowRoot.querySelector('.im-details').textContent;
      });
      assert.match(details, /Kunduz/);
      assert.match(details, /city or town centre \(approximate\)/, 'a geocoded place says how exact it is');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('the gazetteer is fetched beside the basemap: a load waits for it only when its data needs it', TIMEOUT, async () => {
    const page = await newPage(browser, { width: 900, height: 700 });
    page.setDefaultTimeout(15_000);
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route('**/basemap/gazetteer.tsv', async (route) => {
      await held;
      await route.continue();
    });
    try {
      await recordMapEvents(page, ['load', 'error']);
      await page.goto(`${server.url}/fixtures/one-map.html`);
      // The demo's points all state their precision: they load while the gazetteer is held back.
      await page.waitForFunction(() => window.__imEvents.some((e) => e.type === 'load'));
      const loads = () => page.evaluate(() => window.__imEvents.filter((e) => e.type === 'load').map((e) => e.detail));
      assert.equal((await loads())[0].loaded, 17);
      // CSV rows given by place name wait for it, then load whole.
      await page.evaluate(() => document.querySelector('incident-map').setAttribute('src', '/fixtures/data/incidents.csv'));
      await page.waitForTimeout(500);
      assert.equal((await loads()).length, 1, 'no load before the gazetteer has arrived');
      assert.equal(await page.evaluate(() => document.querySelector('incident-map').getAttribute('aria-busy')), 'true');
      release();
      await page.waitForFunction(() => window.__imEvents.filter((e) => e.type === 'load').length === 2);
      assert.deepEqual((await loads())[1], { loaded: 5, rejected: [], warnings: [] });
      await page.evaluate(() => document.querySelector('incident-map').ready);
      assert.deepEqual(page.errors, []);
    } finally {
      release();
      await page.closeContext();
    }
  });

  it('setData takes CSV text, and objects whose NaN is reported instead of read as unknown', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      const csv = await page.evaluate(() =>
        document.querySelector('incident-map').setData('date,place,killed\n2022-04-22,Imam Sahib,33\n2022-04-23,Kandahr,1\n'),
      );
      assert.equal(csv.loaded, 1);
      assert.equal(csv.rejected[0].line, 3);
      assert.equal(csv.rejected[0].field, 'place');
      assert.match(csv.rejected[0].message, /^line 3: place "Kandahr" is not in the gazetteer .*Kandahar \(Kandahar\)/);
      const object = await page.evaluate(() =>
        document.querySelector('incident-map').setData({
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', geometry: null, properties: { id: 'ok', date: '2022-04-21', place: 'Kunduz' } },
            { type: 'Feature', geometry: { type: 'Point', coordinates: [69.17, NaN] }, properties: { id: 'nan', date: '2022-04-21' } },
            { type: 'Feature', geometry: null, properties: { id: 'inf', date: '2022-04-21', place: 'Kabul', injured: -Infinity } },
          ],
        }),
      );
      assert.equal(object.loaded, 1);
      assert.deepEqual(
        object.rejected.map((p) => [p.index, p.id, p.field]),
        [[1, 'nan', 'geometry'], [2, 'inf', 'injured']],
      );
      assert.match(object.rejected[1].message, /injured is -Infinity, which is not a number/);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});
