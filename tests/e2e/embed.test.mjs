// End-to-end tests of the two ways in (the <incident-map> element and the IncidentMap class),
// their events, and the pages they must work in: flex and grid layouts, an iframe, a container
// shown later, a page that scrolls, another component's shadow root, several maps on one page,
// and the README's examples exactly as written.
//
//   make build && node --test tests/e2e/embed.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, startDist, REPO_ROOT, DIST_DIR, FIXTURES_DIR } from './helpers.mjs';
import { startServer } from '../../tools/serve.mjs';
import {
  TIMEOUT, openPage, mark, eventsSince, waitForEvent, frames, allReady, painted, clientPoint, clickAt,
} from './embed-helpers.mjs';

/** The device pixels a layer's moved canvas reaches past the map on every side (MapLayer's pad). */
const PAD_DEVICE_PX = 256;

const DATA = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'www/data/incidents.geojson'), 'utf8'));
const MIXED = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'mixed.geojson'), 'utf8'));
const feature = (id) => DATA.features.find((f) => f.properties.id === id);
const AIRPORT_ID = 'kabul-2021-08-26-airport';
const MOSQUE_ID = 'kabul-2022-04-29-khalifa-sahib-mosque';
const AIRPORT = feature(AIRPORT_ID).geometry.coordinates;
const MOSQUE = feature(MOSQUE_ID).geometry.coordinates;
const KUNDUZ_BOX = [[68.80, 36.68], [68.92, 36.76]];

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

/** Opens the class fixture (window.IncidentMap, an empty #box). */
async function classPage(options) {
  const page = await openPage(browser, `${server.url}/fixtures/class.html`, options);
  await page.waitForFunction(() => window.IncidentMap);
  return page;
}

/** Runs `IncidentMap.create(#box, options)` in the page as `window.map`; resolves to an error message or null. */
function create(page, options) {
  return page.evaluate(async (options) => {
    try {
      window.map = await IncidentMap.create(document.querySelector('#box'), options);
      return null;
    } catch (error) {
      return error.message;
    }
  }, options);
}

/** Calls `window.map[method](...args)` in the page: {value} or {error, name}. */
function callMap(page, method, ...args) {
  return page.evaluate(async ([method, args]) => {
    try {
      const value = await window.map[method](...args);
      return { value: value ?? null };
    } catch (error) {
      return { error: error.message, name: error.name };
    }
  }, [method, args]);
}

describe('the IncidentMap class', () => {
  it('create() builds a map from a URL with options, and its methods work', TIMEOUT, async () => {
    const page = await classPage();
    try {
      assert.equal(
        await create(page, { data: '/data/incidents.geojson', sizeBy: 'injured', colorBy: 'target', view: 'kabul',
          from: '2022-04-01', to: '2022-04-30' }),
        null,
      );
      assert.equal(await page.locator('#box > incident-map').count(), 1, 'the element is in the container');
      const load = await waitForEvent(page, 'load', 0);
      assert.equal(load.detail.loaded, DATA.features.length);
      assert.deepEqual(await page.evaluate(() => map.timeRange), { from: '2022-04-01', to: '2022-04-30' });
      assert.match(await page.locator('#box .im-legend').textContent(), /injured/);
      await painted(page, '#box > incident-map');

      let since = await mark(page);
      await page.evaluate((id) => map.select(id), MOSQUE_ID);
      assert.equal(await page.evaluate(() => map.selected), MOSQUE_ID);
      assert.deepEqual((await eventsSince(page, since, 'select')).map((e) => e.detail), [{ id: MOSQUE_ID }]);

      since = await mark(page);
      await page.evaluate(() => map.setTimeRange('2022-04-19', '2022-04-29'));
      await waitForEvent(page, 'timerangechange', since, { from: '2022-04-19', to: '2022-04-29' });

      since = await mark(page);
      await page.evaluate(() => map.flyTo('mazar-e-sharif'));
      await waitForEvent(page, 'viewchange', since);

      const report = await callMap(page, 'setData', '/fixtures/mixed.geojson');
      assert.equal(report.value.loaded + report.value.rejected.length, MIXED.features.length);
      assert.ok(report.value.rejected.length > 0);
      assert.deepEqual(page.errors, []);
      assert.deepEqual(page.dialogs, []);
    } finally {
      await page.closeContext();
    }
  });

  it('create() takes data as a GeoJSON object or as text', TIMEOUT, async () => {
    const page = await classPage();
    try {
      assert.equal(await create(page, { data: DATA }), null);
      assert.equal((await waitForEvent(page, 'load', 0)).detail.loaded, DATA.features.length);
      await page.evaluate(() => map.destroy());
      const since = await mark(page);
      assert.equal(await create(page, { data: JSON.stringify(DATA), view: 'kunduz' }), null);
      assert.equal((await waitForEvent(page, 'load', since)).detail.loaded, DATA.features.length);
      const report = await callMap(page, 'setData', { type: 'FeatureCollection', features: [DATA.features[0]] });
      assert.equal(report.value.loaded, 1);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('on() sees the first load when added before ready; off() stops a listener', TIMEOUT, async () => {
    const page = await classPage();
    try {
      const seen = await page.evaluate(async (id) => {
        const seen = [];
        const map = new IncidentMap(document.querySelector('#box'), { data: '/data/incidents.geojson' });
        const onSelect = (e) => seen.push(`select ${e.detail.id}`);
        map.on('load', (e) => seen.push(`load ${e.detail.loaded}`)).on('select', onSelect);
        if ((await map.ready) !== map) seen.push('ready did not resolve to the map');
        map.select(id);
        map.off('select', onSelect);
        map.select(null);
        map.destroy();
        return seen;
      }, MOSQUE_ID);
      assert.deepEqual(seen, [`load ${DATA.features.length}`, `select ${MOSQUE_ID}`]);
    } finally {
      await page.closeContext();
    }
  });

  it('setData(url) rejects on a download error, shows it, and a later load cancels an earlier one', TIMEOUT,
    async () => {
      const page = await classPage();
      try {
        assert.equal(await create(page, { data: DATA }), null);
        const since = await mark(page);
        const missing = await callMap(page, 'setData', '/fixtures/no-such-file.geojson');
        assert.match(missing.error, /no-such-file\.geojson.*404/);
        const error = await waitForEvent(page, 'error', since);
        assert.equal(error.detail.message, missing.error);
        assert.equal(await page.locator('#box .im-message').textContent(), missing.error);

        const race = await page.evaluate(async () => {
          const first = map.setData('/data/incidents.geojson').then(() => 'resolved', (e) => e.name);
          const second = map.setData('/fixtures/mixed.geojson').then((r) => r.loaded, (e) => e.message);
          return [await first, await second];
        });
        assert.equal(race[0], 'AbortError');
        assert.ok(race[1] > 0 && race[1] < MIXED.features.length, `the second load's report: ${race[1]}`);
        assert.deepEqual(page.errors.filter((e) => !/404/.test(e)), []);
      } finally {
        await page.closeContext();
      }
    });

  it('fitBounds shows the box whole and rejects what is not a box', TIMEOUT, async () => {
    const page = await classPage();
    try {
      assert.equal(await create(page, { data: DATA }), null);
      const since = await mark(page);
      assert.deepEqual(await callMap(page, 'fitBounds', KUNDUZ_BOX), { value: null });
      // The first frame's own viewchange may still arrive after `since`: wait for the one of the box.
      await page.waitForFunction(
        (since) => window.__imEvents.slice(since).some((e) => e.type === 'viewchange' &&
          Math.abs(e.detail.center[0] - 68.86) < 0.01 && Math.abs(e.detail.center[1] - 36.72) < 0.01),
        since,
      );
      const size = await page.evaluate(() => {
        const r = map.element.shadowRoot.querySelector('.im-map').getBoundingClientRect();
        return { width: r.width, height: r.height };
      });
      for (const [lon, lat] of KUNDUZ_BOX) {
        const p = (await callMap(page, 'project', lon, lat)).value;
        assert.ok(p.x >= 0 && p.x <= size.width && p.y >= 0 && p.y <= size.height, JSON.stringify(p));
      }
      const spread = (await callMap(page, 'project', 68.92, 36.68)).value.x - (await callMap(page, 'project', 68.80, 36.68)).value.x;
      assert.ok(spread > size.width / 3, `the box fills the map: ${spread} of ${size.width}`);

      for (const bad of [[68, 36], [[68, 'x'], [69, 37]], null, [[68, 36], [69, 95]]]) {
        const result = await callMap(page, 'fitBounds', bad);
        assert.ok(result.error, `fitBounds(${JSON.stringify(bad)}) throws`);
        assert.match(result.error, /fitBounds/);
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('toPNG gives the map as seen, at device resolution, with the attribution', TIMEOUT, async () => {
    const page = await classPage({ dpr: 2 });
    try {
      assert.equal(await create(page, { data: DATA, view: 'kabul' }), null);
      await painted(page, '#box > incident-map');
      await frames(page);
      const picture = await page.evaluate(async () => {
        const blob = await map.toPNG();
        const image = await createImageBitmap(blob);
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(image, 0, 0);
        const layers = [...map.element.shadowRoot.querySelectorAll('.im-layer:not([hidden])')];
        const colours = new Set();
        const { data } = ctx.getImageData(0, 0, image.width, image.height);
        let transparent = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] < 255) transparent++;
          colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        }
        // The attribution band: the bottom-right corner holds dark text pixels.
        const band = ctx.getImageData(image.width - 200, image.height - 24, 200, 24).data;
        let dark = 0;
        for (let i = 0; i < band.length; i += 4) if (band[i] < 100 && band[i + 1] < 100 && band[i + 2] < 100) dark++;
        return {
          type: blob.type,
          size: [image.width, image.height],
          layers: layers.map((c) => [c.width, c.height]),
          names: layers.map((c) => [...c.classList].find((n) => n.startsWith('im-layer-'))),
          transparent,
          colours: colours.size,
          dark,
        };
      });
      assert.equal(picture.type, 'image/png');
      // Four layers shown, each painted for the map or reaching past it on every side (the pad a
      // drag moves into); the picture is the map's size either way.
      const padded = picture.size.map((n) => n + 2 * PAD_DEVICE_PX);
      // The rings' layer is hidden while nothing is ringed.
      assert.deepEqual(picture.names, ['im-layer-basemap', 'im-layer-markers', 'im-layer-labels'], 'one canvas shown per layer');
      for (const size of picture.layers) {
        assert.ok([`${picture.size}`, `${padded}`].includes(`${size}`), `a layer of ${size} for ${picture.size}`);
      }
      assert.equal(picture.size[0], 2 * 640, 'device pixels at dpr 2');
      assert.equal(picture.transparent, 0, 'opaque: drawn on the map background');
      assert.ok(picture.colours > 20, `markers and basemap: ${picture.colours} colours`);
      assert.ok(picture.dark > 30, `attribution text in the corner: ${picture.dark} dark pixels`);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('rejects unknown options and bad containers; a map that cannot be built leaves nothing', TIMEOUT, async () => {
    const page = await classPage();
    try {
      assert.match(await create(page, { data: DATA, sizeby: 'killed' }), /unknown option "sizeby"/);
      assert.match(await create(page, { data: DATA, sizeBy: 'wounded' }), /size-by must be killed, injured or total/);
      assert.equal(await page.locator('#box > *').count(), 0, 'the container is left empty');
      assert.match(
        await page.evaluate(() => IncidentMap.create(null).then(() => null, (e) => `${e.name}: ${e.message}`)),
        /TypeError: IncidentMap needs a container element/,
      );
      assert.deepEqual(page.errors.filter((e) => !/size-by must be/.test(e)), []);
    } finally {
      await page.closeContext();
    }
  });

  it('destroy() removes the map, its listeners and its element; a second destroy() does nothing', TIMEOUT,
    async () => {
      const page = await classPage();
      try {
        assert.equal(await create(page, { data: DATA }), null);
        const result = await page.evaluate(async () => {
          let heard = 0;
          map.on('select', () => heard++);
          const element = map.element;
          map.destroy();
          map.destroy();
          element.dispatchEvent(new CustomEvent('select', { detail: { id: null } }));
          let error = null;
          try {
            map.select(null);
          } catch (e) {
            error = e.message;
          }
          return { heard, inBox: document.querySelector('#box').children.length, error, shadow: element.shadowRoot.childNodes.length };
        });
        assert.deepEqual(result, {
          heard: 0,
          inBox: 0,
          error: 'this map was destroyed: create a new one with IncidentMap.create',
          shadow: 0,
        });
        assert.deepEqual(page.errors, []);
      } finally {
        await page.closeContext();
      }
    });
});

describe('the element attributes react when changed', () => {
  it('strict reloads the data in the new mode, both ways', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      await allReady(page, 1);
      let since = await mark(page);
      await page.evaluate(() => document.querySelector('#map').setAttribute('src', '/fixtures/mixed.geojson'));
      const lenient = await waitForEvent(page, 'load', since);
      assert.ok(lenient.detail.loaded > 0 && lenient.detail.rejected.length > 0);

      since = await mark(page);
      await page.evaluate(() => document.querySelector('#map').setAttribute('strict', ''));
      const error = await waitForEvent(page, 'error', since);
      assert.match(error.detail.message, /strict/i);
      assert.deepEqual(await eventsSince(page, since, 'load'), [], 'strict mode loads nothing of a flawed file');

      since = await mark(page);
      await page.evaluate(() => document.querySelector('#map').removeAttribute('strict'));
      const again = await waitForEvent(page, 'load', since);
      assert.equal(again.detail.loaded, lenient.detail.loaded);

      // The same with data given as an object (the `data` property).
      since = await mark(page);
      await page.evaluate((mixed) => {
        const el = document.querySelector('#map');
        el.data = mixed;
        el.toggleAttribute('strict', true);
      }, MIXED);
      await waitForEvent(page, 'error', since);
      assert.deepEqual(page.errors.filter((e) => !/incident-map: /.test(e)), []);
    } finally {
      await page.closeContext();
    }
  });

  it('size-by, color-by, from, to, view, lang, gestures and hash take effect', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/one-map.html`);
    try {
      await allReady(page, 1);
      const set = (name, value) =>
        page.evaluate(([name, value]) => {
          const el = document.querySelector('#map');
          if (value === null) el.removeAttribute(name);
          else el.setAttribute(name, value);
        }, [name, value]);
      const legend = () => page.locator('#map .im-legend').textContent();

      await set('size-by', 'injured');
      assert.match(await legend(), /injured/);
      await set('size-by', null);
      assert.match(await legend(), /killed/);

      await set('color-by', 'target');
      assert.ok((await page.locator('#map .im-legend [data-category]').count()) > 1, 'a colour per target type');
      await set('color-by', null);
      assert.equal(await page.locator('#map .im-legend [data-category]').count(), 0);

      let since = await mark(page);
      await set('from', '2022-04-01');
      assert.deepEqual(await eventsSince(page, since, 'timerangechange'), [], 'waits for both ends');
      await set('to', '2022-04-30');
      await waitForEvent(page, 'timerangechange', since, { from: '2022-04-01', to: '2022-04-30' });
      since = await mark(page);
      await set('from', null);
      await set('to', null);
      const all = await waitForEvent(page, 'timerangechange', since);
      assert.notEqual(all.detail.from, '2022-04-01', 'no range: everything');

      since = await mark(page);
      const before = await page.evaluate((a) => document.querySelector('#map').project(...a), AIRPORT);
      await set('view', 'kabul');
      await waitForEvent(page, 'viewchange', since);
      const after = await page.evaluate((a) => document.querySelector('#map').project(...a), AIRPORT);
      assert.notDeepEqual(after, before);

      await set('lang', 'fa');
      await set('lang', null);
      await set('gestures', 'greedy');
      await set('gestures', null);
      // (tiles: tests/e2e/basemap.test.mjs, against a local tile server)
      await set('hash', 'map1');
      await set('hash', null);
      await frames(page);
      assert.deepEqual(page.errors, []);
      assert.deepEqual(await eventsSince(page, 0, 'error'), []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('events', () => {
  it('bubble and cross shadow roots, carrying plain objects', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/shadow-host.html`);
    try {
      await page.waitForFunction(() => document.querySelector('#card')?.shadowRoot?.querySelector('incident-map'));
      await page.evaluate(() => document.querySelector('#card').shadowRoot.querySelector('incident-map').ready);
      await page.evaluate(([id, lonLat]) => {
        const map = document.querySelector('#card').shadowRoot.querySelector('incident-map');
        map.select(id);
        map.setTimeRange('2021-08-01', '2021-08-31');
        map.project(...lonLat);
      }, [AIRPORT_ID, AIRPORT]);
      await frames(page);
      const card = await page.evaluate(() => window.__cardEvents.map(({ type, target, plain }) => ({ type, target, plain })));
      const types = new Set(card.map((e) => e.type));
      for (const type of ['load', 'select', 'timerangechange', 'viewchange']) assert.ok(types.has(type), `${type} in the shadow root`);
      assert.ok(card.every((e) => e.target === 'inner' && e.plain), JSON.stringify(card));

      // On document the events arrive retargeted to the outer component, with the same details.
      const outside = await eventsSince(page, 0);
      assert.deepEqual(outside.map((e) => e.type), card.map((e) => e.type));
      assert.ok(outside.every((e) => e.target === 'card'));
      const select = outside.find((e) => e.type === 'select');
      assert.deepEqual(select.detail, { id: AIRPORT_ID });
      const clonable = await page.evaluate(() => window.__cardEvents.every((e) => structuredClone(e.detail) !== undefined));
      assert.ok(clonable, 'details are plain, clonable data');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

/** Shows Kabul (where the airport is a marker of its own) and clicks the airport. */
async function clickAirport(page, selector) {
  const since = await mark(page);
  await page.evaluate((s) => document.querySelector(s).flyTo('kabul'), selector);
  await waitForEvent(page, 'viewchange', since);
  await frames(page);
  return clickAt(page, selector, AIRPORT);
}

/** A map's size on the page and the CSS width its markers canvas paints of it (the moved canvas's
 * bitmap reaches past the map by the pad). */
function layout(page, selector) {
  return page.evaluate(([selector, pad]) => {
    const el = document.querySelector(selector);
    const box = el.getBoundingClientRect();
    const canvas = el.shadowRoot.querySelector('.im-layer-markers:not([hidden])');
    const padding = canvas.classList.contains('im-moving') ? 2 * pad : 0;
    const painted = canvas.width && (canvas.width - padding) / devicePixelRatio;
    return { width: box.width, height: box.height, canvas: painted, pixels: canvas.width };
  }, [selector, PAD_DEVICE_PX]);
}

describe('pages it must work in', () => {
  it('a flex layout: the map takes the free width and follows the window', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/layout-flex.html`);
    try {
      await allReady(page, 1);
      await painted(page, '#map');
      const wide = await layout(page, '#map');
      assert.equal(wide.width, 900 - 200 - 8);
      assert.equal(wide.canvas, wide.width);
      assert.deepEqual((await clickAirport(page, '#map')).detail, { id: AIRPORT_ID });
      await page.evaluate(() => { document.querySelector('.flex').style.width = '600px'; });
      for (let i = 0; i < 100 && (await layout(page, '#map')).canvas !== 392; i++) await page.waitForTimeout(50);
      assert.equal((await layout(page, '#map')).canvas, 392);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('a grid layout: the map fills its cell', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/layout-grid.html`);
    try {
      await allReady(page, 1);
      await painted(page, '#map');
      const cell = await layout(page, '#map');
      assert.equal(cell.width, 960 - 240 - 8);
      assert.equal(cell.canvas, cell.width);
      assert.ok(cell.height >= 480);
      assert.deepEqual((await clickAirport(page, '#map')).detail, { id: AIRPORT_ID });
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('an iframe: the map in the framed page draws and selects', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/iframe.html`);
    try {
      const frame = await (await page.waitForSelector('#frame')).contentFrame();
      await frame.waitForFunction(() => document.querySelector('#map')?.ready);
      await frame.evaluate(() => document.querySelector('#map').ready);
      await frame.waitForFunction(() => {
        const c = document.querySelector('#map').shadowRoot.querySelector('.im-layer-markers:not([hidden])');
        if (!c.width) return false;
        const { data } = layerPixels(c);
        return data.some((v, i) => i % 4 === 3 && v > 0);
      }, null, { polling: 'raf' });
      await frame.evaluate(() => document.querySelector('#map').flyTo('kabul'));
      await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const frameBox = await page.locator('#frame').boundingBox();
      const inFrame = await frame.evaluate((a) => {
        const el = document.querySelector('#map');
        const r = el.getBoundingClientRect();
        const p = el.project(...a);
        window.__selected = [];
        el.addEventListener('select', (e) => window.__selected.push(e.detail.id));
        return { x: r.left + p.x, y: r.top + p.y };
      }, AIRPORT);
      // frameBox includes the iframe's 1 px border.
      await page.mouse.click(frameBox.x + 1 + inFrame.x, frameBox.y + 1 + inFrame.y);
      await frame.waitForFunction(() => window.__selected.length > 0);
      assert.deepEqual(await frame.evaluate(() => window.__selected), [AIRPORT_ID]);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('a container that starts hidden: shown later, the map gets its size and fits Afghanistan', TIMEOUT,
    async () => {
      const page = await openPage(browser, `${server.url}/fixtures/hidden.html`);
      try {
        await allReady(page, 1);
        const hidden = await page.evaluate(() => document.querySelector('#map').shadowRoot.querySelector('.im-layer-markers:not([hidden])').width);
        assert.equal(hidden, 0, 'no size while hidden');
        const since = await mark(page);
        await page.evaluate(() => { document.querySelector('#box').hidden = false; });
        await waitForEvent(page, 'viewchange', since);
        await painted(page, '#map');
        const shown = await layout(page, '#map');
        assert.equal(shown.canvas, 640);
        // The whole country is in view: Herat (west) and Badakhshan (north-east) included.
        for (const [lon, lat] of [[62.2, 34.35], [71.5, 37.0]]) {
          const p = await page.evaluate((a) => document.querySelector('#map').project(...a), [lon, lat]);
          assert.ok(p.x > 0 && p.x < shown.width && p.y > 0 && p.y < shown.height, `${lon},${lat} -> ${JSON.stringify(p)}`);
        }
        assert.deepEqual((await clickAirport(page, '#map')).detail, { id: AIRPORT_ID });
        assert.deepEqual(page.errors, []);
      } finally {
        await page.closeContext();
      }
    });

  it('a page that scrolls: project() and clicks stay right after scrolling', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/scrolling.html`, { height: 700 });
    try {
      await allReady(page, 1);
      await page.evaluate(() => document.querySelector('#map').flyTo('kabul'));
      for (const scrollY of [1000, 1200]) {
        const projected = await page.evaluate((a) => document.querySelector('#map').project(...a), AIRPORT);
        await page.evaluate((y) => window.scrollTo(0, y), scrollY);
        await frames(page);
        assert.deepEqual(await page.evaluate((a) => document.querySelector('#map').project(...a), AIRPORT), projected,
          'project() is relative to the element');
        const point = await clientPoint(page, '#map', AIRPORT);
        assert.ok(point.y > 0 && point.y < 700, `on screen at scroll ${scrollY}: ${point.y}`);
        const since = await mark(page);
        await page.mouse.click(point.x, point.y);
        const selected = await waitForEvent(page, 'select', since);
        assert.equal(selected.detail.id, AIRPORT_ID);
        await page.keyboard.press('Escape');
        await waitForEvent(page, 'select', since + 1, { id: null });
        assert.equal(await page.evaluate(() => window.scrollY), scrollY, 'the page did not jump');
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('several maps share one wasm module, one basemap and one gazetteer download', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/two-maps.html`);
    try {
      await allReady(page, 2);
      await page.evaluate(() => {
        const third = document.createElement('incident-map');
        third.id = 'third';
        third.setAttribute('src', '/data/incidents.geojson');
        document.body.append(third);
      });
      await allReady(page, 3);
      await painted(page, '#third');
      const count = (suffix) => page.requests.filter((p) => p.endsWith(suffix)).length;
      assert.equal(count('/basemap/afghanistan.json'), 1, 'basemap fetched once');
      assert.equal(count('/basemap/gazetteer.tsv'), 1, 'gazetteer fetched once');
      assert.equal(count('/pkg/incident_map_bg.wasm'), 1, 'wasm fetched once');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

/**
 * The README's runnable examples: each ```html block after a `<!-- example: NAME.html -->` line.
 */
function readmeExamples() {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const examples = {};
  for (const m of readme.matchAll(/<!-- example: ([\w.-]+) -->\s*```html\n([\s\S]*?)```/g)) examples[m[1]] = m[2];
  return examples;
}

describe('the README examples, exactly as written', () => {
  let site;
  let siteServer;
  before(async () => {
    // What the README says to do: copy dist/ (or the npm package) next to your page.
    site = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-map-readme-'));
    fs.cpSync(DIST_DIR, site, { recursive: true });
    fs.cpSync(path.join(DIST_DIR, 'npm'), path.join(site, 'node_modules', 'incident-map'), { recursive: true });
    for (const [name, html] of Object.entries(readmeExamples())) fs.writeFileSync(path.join(site, name), html);
    siteServer = await startServer({ root: site, port: 0 });
  });
  after(async () => {
    await siteServer?.close();
    fs.rmSync(site, { recursive: true, force: true });
  });

  it('has the three examples', () => {
    assert.deepEqual(Object.keys(readmeExamples()).sort(), ['element.html', 'module.html', 'npm.html']);
  });

  it('element.html: the custom element with its attributes and a select listener', TIMEOUT, async () => {
    const page = await openPage(browser, `${siteServer.url}/element.html`);
    try {
      await allReady(page, 1);
      assert.deepEqual(await page.evaluate(() => document.querySelector('incident-map').timeRange),
        { from: '2022-04-01', to: '2022-04-30' });
      await painted(page, 'incident-map');
      await clickAt(page, 'incident-map', MOSQUE);
      await page.waitForFunction((id) => document.body.textContent.includes(id), MOSQUE_ID);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('module.html: IncidentMap.create, events, setTimeRange, fitBounds and a PNG download', TIMEOUT, async () => {
    const page = await openPage(browser, `${siteServer.url}/module.html`);
    try {
      await allReady(page, 1);
      await page.waitForFunction(() => document.querySelector('incident-map').timeRange.from === '2022-04-19');
      await painted(page, 'incident-map');
      await frames(page);
      await clickAt(page, 'incident-map', MOSQUE);
      await page.waitForFunction((id) => document.body.textContent.includes(id), MOSQUE_ID);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /PNG/ }).click()]);
      const file = await download.path();
      assert.deepEqual([...fs.readFileSync(file).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('npm.html: the npm package imported by its name', TIMEOUT, async () => {
    const page = await openPage(browser, `${siteServer.url}/npm.html`);
    try {
      await allReady(page, 1);
      await painted(page, 'incident-map');
      assert.ok(page.requests.some((p) => p.startsWith('/node_modules/incident-map/pkg/')), 'loaded from the package');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});
