// End-to-end tests under the strict Content-Security-Policy that tools/serve.mjs sends for every
// path under /csp/ (default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'):
// the element and the class load, draw and select there with zero `securitypolicyviolation`
// events, and hostile data (markup, event handlers, javascript:/data:/vbscript: URLs in every
// field) shows as text, opens no dialog, runs no script and makes no link.
//
//   make build && node --test tests/e2e/csp.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, startDist, REPO_ROOT, FIXTURES_DIR } from './helpers.mjs';
import { CSP_POLICY } from '../../tools/serve.mjs';
import { TIMEOUT, openPage, mark, eventsSince, waitForEvent, frames, allReady, painted, clientPoint, clickAt } from './embed-helpers.mjs';

const DATA = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'www/data/incidents.geojson'), 'utf8'));
const HOSTILE = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'hostile.geojson'), 'utf8'));
const REJECTED_TEXT = fs.readFileSync(path.join(FIXTURES_DIR, 'hostile-rejected.geojson'), 'utf8');
const REJECTED = JSON.parse(REJECTED_TEXT);
const AIRPORT_ID = 'kabul-2021-08-26-airport';
const AIRPORT = DATA.features.find((f) => f.properties.id === AIRPORT_ID).geometry.coordinates;

/** Elements that only data could have made (the legend is the widget's own <details>). */
const MARKUP = 'img, script:not([type="module"]), iframe, svg, style, b, details:not(.im-legend), object, embed, a[href]:not([href^="https:"])';

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

/** Opens a page under /csp/ and checks that the policy really is in force there. */
async function cspPage(file) {
  const page = await openPage(browser, null);
  const response = await page.goto(`${server.url}/csp/fixtures/${file}`);
  assert.equal(response.headers()['content-security-policy'], CSP_POLICY);
  return page;
}

/** No CSP violation, console error, dialog or script run from data. */
async function assertClean(page) {
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no securitypolicyviolation');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.dialogs, [], 'no dialog opened');
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null, 'no script from the data ran');
}

describe('under the strict Content-Security-Policy', () => {
  it('the policy blocks inline script on these pages (the test can see a violation)', TIMEOUT, async () => {
    const page = await cspPage('csp-map.html');
    try {
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inline = true';
        document.body.append(s);
      });
      await page.waitForFunction(() => window.__cspViolations.length > 0);
      assert.equal(await page.evaluate(() => window.__inline ?? null), null);
    } finally {
      await page.closeContext();
    }
  });

  it('the element loads, draws and selects, with zero violations', TIMEOUT, async () => {
    const page = await cspPage('csp-map.html');
    try {
      await allReady(page, 1);
      const load = await waitForEvent(page, 'load', 0);
      assert.equal(load.detail.loaded, DATA.features.length);
      await painted(page, '#map', 'basemap');
      await painted(page, '#map', 'markers');
      // The stylesheet applied (a file, allowed by style-src 'self'): the map area has its height.
      const height = await page.evaluate(() => document.querySelector('#map').shadowRoot.querySelector('.im-map').getBoundingClientRect().height);
      assert.ok(height >= 480, `styled: ${height}`);
      await frames(page);
      assert.deepEqual((await clickAt(page, '#map', AIRPORT)).detail, { id: AIRPORT_ID });
      assert.ok(await page.locator('#map .im-details').isVisible());
      // Hover, zoom and the time presets: the code paths that set styles and attributes.
      const since = await mark(page);
      await page.locator('#map .im-zoom button[aria-label="Zoom in"]').click();
      await waitForEvent(page, 'viewchange', since);
      await page.locator('#map .im-preset').last().click();
      await waitForEvent(page, 'timerangechange', since);
      await page.keyboard.press('Escape');
      await frames(page);
      await assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  it('the IncidentMap class works there too, toPNG included', TIMEOUT, async () => {
    const page = await cspPage('csp-class.html');
    try {
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      await painted(page, '#box > incident-map');
      const png = await page.evaluate(async () => {
        const blob = await window.map.toPNG();
        return { type: blob.type, size: blob.size };
      });
      assert.equal(png.type, 'image/png');
      assert.ok(png.size > 1000);
      await frames(page);
      assert.deepEqual((await clickAt(page, '#box > incident-map', AIRPORT)).detail, { id: AIRPORT_ID });
      await assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  it('hostile data shows as text only, with no dialog, no script and no unsafe link', TIMEOUT, async () => {
    const page = await cspPage('csp-hostile.html');
    try {
      await allReady(page, 1);
      const load = await waitForEvent(page, 'load', 0);
      assert.equal(load.detail.loaded, 1);
      const props = HOSTILE.features[0].properties;
      const unsafe = props.sources.filter((s) => !/^https:/.test(s.url));
      const warned = load.detail.warnings.map((w) => w.field);
      assert.equal(warned.filter((f) => /^sources\[\d+\]\.url$/.test(f)).length, unsafe.length, JSON.stringify(warned));

      // Hover (the tooltip) and click (the details panel) the hostile marker.
      await painted(page, '#map');
      await frames(page);
      const [lon, lat] = HOSTILE.features[0].geometry.coordinates;
      const point = await clientPoint(page, '#map', [lon, lat]);
      await page.mouse.move(point.x, point.y);
      await page.waitForFunction(() => {
        const tip = document.querySelector('#map').shadowRoot.querySelector('.im-tooltip');
        return tip && !tip.hidden && tip.textContent.length > 0;
      });
      const tooltip = await page.locator('#map .im-tooltip').textContent();
      assert.ok(tooltip.includes(props.site) || tooltip.includes(props.place), `tooltip shows the text: ${tooltip}`);
      const selected = await clickAt(page, '#map', [lon, lat]);
      assert.deepEqual(selected.detail, { id: props.id });

      const details = page.locator('#map .im-details');
      const text = await details.textContent();
      for (const field of ['site', 'place', 'place_fa', 'province', 'district', 'target', 'community', 'perpetrator', 'claim', 'summary']) {
        assert.ok(text.includes(props[field]), `${field} shown literally`);
      }
      const figure = props.figures[0];
      for (const part of [figure.note, figure.qualifier, figure.source.title]) {
        assert.ok(text.includes(part), `figure text shown literally: ${part}`);
      }
      for (const source of props.sources) assert.ok(text.includes(source.title), `source title literally: ${source.title}`);

      const made = await page.evaluate((q) => ({
        shadow: document.querySelector('#map').shadowRoot.querySelectorAll(q).length,
        page: document.querySelectorAll(q).length,
      }), MARKUP);
      assert.deepEqual(made, { shadow: 0, page: 0 }, 'no markup made from data');
      const links = await details.locator('a').evaluateAll((as) => as.map((a) => a.href));
      assert.deepEqual(links.sort(), props.sources.filter((s) => /^https:/.test(s.url)).map((s) => new URL(s.url).href).sort());

      // Clicking every source item, linked or not, runs nothing (links open in a new tab: skip those).
      for (const item of await details.locator('.im-sources li').all()) {
        if ((await item.locator('a').count()) === 0) await item.click();
      }
      await frames(page);
      await assertClean(page);
    } finally {
      await page.closeContext();
    }
  });

  it('hostile values in validated fields are rejected and quoted as text', TIMEOUT, async () => {
    const page = await cspPage('csp-map.html');
    try {
      await allReady(page, 1);
      const since = await mark(page);
      // Every feature rejected: nothing could be loaded, so setData throws and the map keeps what it showed.
      const thrown = await page.evaluate((text) => {
        try {
          document.querySelector('#map').setData(text);
          return null;
        } catch (error) {
          return error.message;
        }
      }, REJECTED_TEXT);
      assert.ok(thrown?.startsWith(`No incident could be shown (${REJECTED.features.length} rejected). First problem: feature 0`), thrown);
      const message = await page.locator('#map .im-message').textContent();
      assert.equal(message, thrown);
      assert.ok(message.includes("<img src=x onerror=alert('id-date')>"), `the id is quoted literally: ${message}`);
      assert.deepEqual((await eventsSince(page, since, 'load')).length, 0);
      assert.deepEqual((await eventsSince(page, since, 'error')).map((e) => e.detail.message), [thrown]);
      const made = await page.evaluate((q) => document.querySelector('#map').shadowRoot.querySelectorAll(q).length, MARKUP);
      assert.equal(made, 0);
      await frames(page);
      const consoleWarnings = page.errors.filter((e) => !/incident-map/.test(e));
      assert.deepEqual(consoleWarnings, []);
      page.errors.length = 0;
      await assertClean(page);
    } finally {
      await page.closeContext();
    }
  });
});
