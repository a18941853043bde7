// End-to-end tests of loading data into <incident-map>: a CSV file as `src`, CSV text and
// objects with NaN through setData, each problem reported with where it is; the gazetteer
// fetched beside the basemap, waited for only by data that needs it.
//
//   make build && node --test tests/e2e/data.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startDist, newPage, recordMapEvents, eventsSince, pointCollection } from './helpers.mjs';

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

describe('what a load tells the reader', () => {
  it('a load none of whose rows is valid keeps the map, throws and fires error; an empty one says so', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      const result = await page.evaluate(() => {
        const el = document.querySelector('incident-map');
        const root = el.shadowRoot;
        const seen = () => ({
          counters: root.querySelector('.im-counters').textContent,
          message: root.querySelector('.im-message').checkVisibility() ? root.querySelector('.im-message').textContent : null,
        });
        let thrown = null;
        try {
          el.setData('id,date,place\na,19/04/2022,Kabul\nb,2022-13-01,Kabul\n');
        } catch (error) {
          thrown = error.message;
        }
        const afterBad = seen();
        const header = el.setData('id,date,place\n');
        return { thrown, afterBad, header, afterHeader: seen() };
      });
      const first = 'No incident could be shown (2 rejected). First problem: line 2 (id "a"): date must be a date written YYYY-MM-DD';
      assert.ok(result.thrown?.startsWith(first), result.thrown);
      assert.ok(result.afterBad.message.startsWith(first), 'the message is in the map');
      assert.match(result.afterBad.counters, /^17 incidents · /, 'the map keeps the 17 incidents it showed');
      const errors = (await eventsSince(page, 0, 'error')).map((e) => e.detail.message);
      assert.equal(errors.length, 1);
      assert.ok(errors[0].startsWith(first));
      assert.deepEqual(result.header, { loaded: 0, rejected: [], warnings: [] }, 'a header alone loads, and clears the map');
      assert.deepEqual(result.afterHeader, { counters: '', message: 'This data holds no incidents.' });
    } finally {
      await page.closeContext();
    }
  });

  it('unknown casualties are "unknown" in the counters, and a scale with nothing to show says why', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      const unknown = pointCollection([['a', '2022-04-19'], ['b', '2022-04-20']]);
      const some = pointCollection([['a', '2022-04-19', { killed: 4 }], ['b', '2022-04-20', { killed: 2, injured: 5 }]]);
      const seen = await page.evaluate(([unknown, some]) => {
        const el = document.querySelector('incident-map');
        const root = el.shadowRoot;
        const look = () => ({
          counters: root.querySelector('.im-counters').textContent.split(' · ').slice(0, 3).join(' · '),
          legend: root.querySelector('.im-legend-title').textContent,
          circles: root.querySelector('.im-legend-sizes').checkVisibility(),
        });
        el.setData(unknown);
        const none = look();
        el.setData(some);
        return { none, some: look() };
      }, [unknown, some]);
      assert.deepEqual(seen.none, {
        counters: '2 incidents · killed unknown · injured unknown',
        legend: 'Circle area: number killed: none is given above 0, so every circle has the smallest size',
        circles: false,
      });
      assert.deepEqual(seen.some, { counters: '2 incidents · 6 killed · at least 5 injured', legend: 'Circle area: number killed', circles: true });
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('dates known to the month or the year only say so, in the page\'s language, in the table and the details', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      // Known to the day, to the month (three of them: each table row formats its own date)
      // and to the year.
      const csv = 'id,date,lat,lon,killed\nday,2022-04-19,34.52,69.17,3\nm1,2022-04,34.53,69.18,1\nm2,2022-04,34.54,69.19,1\nm3,2021-11,34.55,69.20,2\nyear,2021,34.56,69.21,1\n';
      const read = (lang) =>
        page.evaluate(
          async ([csv, lang]) => {
            document.documentElement.lang = lang;
            const el = document.querySelector('incident-map');
            el.setData(csv);
            const root = el.shadowRoot;
            const toggle = root.querySelector('.im-table-toggle');
            if (toggle.getAttribute('aria-expanded') !== 'true') toggle.click();
            const dates = Object.fromEntries(
              [...root.querySelectorAll('.im-table tbody tr')].map((tr) => [tr.querySelector('button').dataset.incident, tr.cells[0].textContent]),
            );
            el.select('m3');
            await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
            const facts = [...root.querySelectorAll('.im-facts dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent]);
            el.select(null);
            return { dates, details: Object.fromEntries(facts).Date };
          },
          [csv, lang],
        );
      const en = await read('en-GB');
      assert.deepEqual(en.dates, {
        day: '19 Apr 2022',
        m1: 'Apr 2022 (day unknown)',
        m2: 'Apr 2022 (day unknown)',
        m3: 'Nov 2021 (day unknown)',
        year: '2021 (month and day unknown)',
      });
      assert.equal(en.details, 'Nov 2021 (day unknown)');
      const fr = await read('fr');
      assert.equal(fr.dates.m1, 'avr. 2022 (day unknown)');
      assert.equal(fr.dates.m3, 'nov. 2021 (day unknown)');
      assert.equal(fr.dates.day, '19 avr. 2022');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it("incidents outside the map's area load, with a warning each and a notice in the map", TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      const data = pointCollection([
        ['kabul', '2022-04-20'],
        ['paris', '2022-04-20', {}, [2.35, 48.85]],
        ['zero', '2022-04-20', {}, [0, 0]],
      ]);
      const seen = await page.evaluate((data) => {
        const el = document.querySelector('incident-map');
        const report = el.setData(data);
        return { report, message: el.shadowRoot.querySelector('.im-message').textContent };
      }, data);
      assert.equal(seen.report.loaded, 3, 'nothing valid is lost');
      assert.deepEqual(seen.report.warnings.map((w) => [w.id, w.field]), [['paris', 'geometry'], ['zero', 'geometry']]);
      assert.match(seen.report.warnings[0].message, /\[2\.35, 48\.85\] is outside the map's area, so the incident is out of sight: the map covers longitudes 55 to 80/);
      assert.match(seen.report.warnings[1].message, /0, 0 is usually a place that failed to geocode/);
      assert.equal(seen.message, "Outside the map's area, out of sight: 2 (details in the console).");
    } finally {
      await page.closeContext();
    }
  });

  it('IncidentMap.setData tells data from a URL: CR-only CSV, a header alone, JSON arrays and blank text are data', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      const requested = [];
      page.on('request', (r) => requested.push(new URL(r.url()).pathname));
      const seen = await page.evaluate(async () => {
        const { IncidentMap } = await import('/incident-map.js');
        const box = document.createElement('div');
        box.style.width = '400px';
        document.body.append(box);
        const map = await IncidentMap.create(box, {});
        const outcome = (promise) => promise.then((report) => ({ loaded: report.loaded }), (error) => ({ error: error.message }));
        const result = {
          crOnly: await outcome(map.setData('id,date,lat,lon\r1,2022-04-19,34.5,69.2\r2,2022-04-20,34.5,69.2')),
          header: await outcome(map.setData('id,date,place')),
          array: await outcome(map.setData('[{"type":"Feature"}]')),
          blank: await outcome(map.setData('')),
        };
        map.destroy();
        return result;
      });
      assert.deepEqual(seen.crOnly, { loaded: 2 });
      assert.deepEqual(seen.header, { loaded: 0 });
      assert.ok(seen.array.error && !/downloaded/.test(seen.array.error), seen.array.error);
      assert.match(seen.blank.error, /empty/);
      assert.deepEqual(requested.filter((p) => !p.startsWith('/incident-map') && !p.startsWith('/basemap') && !p.startsWith('/data/')), []);
    } finally {
      await page.closeContext();
    }
  });
});
