// Reaches everyone (issue 7, accessibility): axe-core finds no violation, the keyboard alone
// reaches, opens and closes every incident of the default dataset, a live region says what
// changed, the table follows the filters, the dark theme reaches the canvas, and cooperative
// gestures leave the wheel to the page. Screenshots: test-results/a11y-*.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { frames, launchBrowser, newPage, REPO_ROOT, screenshotPath, startDist } from './helpers.mjs';
import { decodePng } from './png.mjs';

const DATA = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'www/data/incidents.geojson'), 'utf8'));
const AXE = path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js');
const TIMEOUT = { timeout: 90_000 };
/** The dataset in the order the keyboard walks it: by date, input order among equals. */
const BY_DATE = DATA.features
  .map((f, i) => ({ f, i }))
  .sort((a, b) => (a.f.properties.date.slice(0, 10) < b.f.properties.date.slice(0, 10) ? -1 : a.f.properties.date.slice(0, 10) > b.f.properties.date.slice(0, 10) ? 1 : a.f.properties.date < b.f.properties.date ? -1 : a.f.properties.date > b.f.properties.date ? 1 : a.i - b.i))
  .map(({ f }) => f);

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startDist();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(options = {}) {
  const page = await newPage(browser, { width: 1000, height: 800, ...options });
  page.setDefaultTimeout(15_000);
  if (options.colorScheme || options.forcedColors) {
    await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light', forcedColors: options.forcedColors ?? 'none' });
  }
  await page.goto(`${server.url}/index.html`);
  await page.waitForFunction(() => !!document.querySelector('incident-map'));
  await page.evaluate(() => document.querySelector('incident-map').ready);
  return page;
}

const shadowActive = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('incident-map').shadowRoot;
    return root.activeElement ? root.activeElement.className : null;
  });

/** Presses Tab from where the page is until the markers have the focus. */
async function tabToMarkers(page) {
  for (let tabs = 0; (await shadowActive(page)) !== 'im-surface'; tabs++) {
    assert.ok(tabs < 30, 'the markers are reachable with Tab');
    await page.keyboard.press('Tab');
  }
}

/** The incidents of the Kabul cluster at the start view. */
const KABUL = DATA.features.filter(({ geometry: { coordinates: [x, y] } }) => x > 69 && x < 69.4 && y > 34.4 && y < 34.7);

/** Clicks the Kabul cluster (at the mean of its incidents, where it is drawn). */
async function clickKabulCluster(page) {
  const mean = (i) => KABUL.reduce((s, f) => s + f.geometry.coordinates[i], 0) / KABUL.length;
  const p = await page.evaluate(([x, y]) => {
    const el = document.querySelector('incident-map');
    const r = el.shadowRoot.querySelector('.im-map').getBoundingClientRect();
    const q = el.project(x, y);
    return { x: r.left + q.x, y: r.top + q.y };
  }, [mean(0), mean(1)]);
  await page.mouse.click(p.x, p.y);
}

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
}

describe('accessibility', () => {
  it('axe-core finds no violation, with the details, the legend and the table open', TIMEOUT, async () => {
    const page = await open();
    try {
      assert.deepEqual(await axe(page), [], 'the page as it opens');
      await page.evaluate(() => {
        const el = document.querySelector('incident-map');
        el.setAttribute('color-by', 'target');
        el.select('kabul-2021-08-26-airport');
      });
      await page.locator('incident-map .im-table-toggle').click();
      await page.locator('incident-map .im-table tbody tr').first().waitFor();
      assert.deepEqual(await axe(page), [], 'with details, colour legend and table');
      await page.screenshot({ path: screenshotPath('a11y-details-table'), fullPage: true });
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('the keyboard alone reaches, opens and closes every incident', TIMEOUT, async () => {
    const page = await open();
    try {
      // Tab from the top of the page until the markers have focus.
      await tabToMarkers(page);
      const option = () =>
        page.evaluate(() => {
          const root = document.querySelector('incident-map').shadowRoot;
          const surface = root.querySelector('.im-surface');
          const id = surface.getAttribute('aria-activedescendant');
          const el = id && root.getElementById(id);
          return el && { text: el.textContent, pos: el.getAttribute('aria-posinset'), size: el.getAttribute('aria-setsize') };
        });
      // Focusing the markers lands on the first incident by date.
      await page.waitForFunction(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-surface').hasAttribute('aria-activedescendant'));
      const seen = [];
      for (let n = 0; n < BY_DATE.length; n++) {
        if (n > 0) await page.keyboard.press('ArrowRight');
        const active = await option();
        assert.equal(active.pos, String(n + 1));
        assert.equal(active.size, String(BY_DATE.length));
        assert.ok(active.text.includes(BY_DATE[n].properties.site), `${active.text} names ${BY_DATE[n].properties.site}`);
        await page.keyboard.press('Enter');
        const title = page.locator('incident-map .im-details-title');
        await title.waitFor({ state: 'visible' });
        assert.equal(await title.textContent(), BY_DATE[n].properties.site);
        assert.equal(await page.evaluate(() => document.querySelector('incident-map').selected), BY_DATE[n].properties.id);
        // The map brought the incident into view.
        const p = await page.evaluate((c) => document.querySelector('incident-map').project(c[0], c[1]), BY_DATE[n].geometry.coordinates);
        const size = await page.evaluate(() => {
          const r = document.querySelector('incident-map').shadowRoot.querySelector('.im-map').getBoundingClientRect();
          return { w: r.width, h: r.height };
        });
        assert.ok(p.x >= 0 && p.y >= 0 && p.x <= size.w && p.y <= size.h, `incident ${n} on screen: ${JSON.stringify(p)}`);
        if (n === 2) await page.screenshot({ path: screenshotPath('a11y-keyboard-focus') });
        await page.keyboard.press('Escape');
        await page.locator('incident-map .im-details').waitFor({ state: 'hidden' });
        assert.equal(await shadowActive(page), 'im-surface', 'focus stays on the markers');
        seen.push(BY_DATE[n].properties.id);
      }
      assert.equal(new Set(seen).size, DATA.features.length);
      // End and Home jump to the last and first incident; up and down walk by place.
      await page.keyboard.press('Home');
      assert.equal((await option()).pos, '1');
      await page.keyboard.press('End');
      assert.equal((await option()).pos, String(BY_DATE.length));
      await page.keyboard.press('ArrowDown');
      assert.ok((await option()).text.length > 0);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('a live region says what a filter changed, and the table follows', TIMEOUT, async () => {
    const page = await open();
    try {
      await page.locator('incident-map .im-table-toggle').click();
      const rows = page.locator('incident-map .im-table tbody tr');
      await rows.first().waitFor();
      assert.equal(await rows.count(), DATA.features.length);
      await page.evaluate(() => document.querySelector('incident-map').setTimeRange('2022-04-01', '2022-04-30'));
      const april = DATA.features.filter((f) => f.properties.date.startsWith('2022-04'));
      await page.waitForFunction(
        (n) => document.querySelector('incident-map').shadowRoot.querySelectorAll('.im-table tbody tr').length === n,
        april.length,
      );
      // The time control's counters are the live region for time changes.
      const counters = await page.evaluate(() => {
        const el = document.querySelector('incident-map').shadowRoot.querySelector('.im-counters');
        return { text: el.textContent, live: el.getAttribute('aria-live') };
      });
      assert.match(counters.text, new RegExp(`^${april.length} incidents`));
      assert.equal(counters.live, 'polite');
      // The map's status line does not say it again.
      const statusText = () =>
        page.evaluate(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-map [role="status"]').textContent);
      await page.waitForFunction(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-map [role="status"]').textContent === '');
      assert.equal(await statusText(), '');
      // A category filter is announced once: by the counters, with the status line silent.
      await page.evaluate(() => document.querySelector('incident-map').setAttribute('color-by', 'target'));
      await page.locator('incident-map .im-legend-entry', { hasText: 'mosque' }).click();
      const aprilMosques = april.filter((f) => f.properties.target === 'mosque').length;
      assert.ok(aprilMosques > 0, 'April has mosque attacks to hide');
      const afterFilter = await page.evaluate(() => {
        const root = document.querySelector('incident-map').shadowRoot;
        const counters = root.querySelector('.im-counters');
        return { counters: counters.textContent, live: counters.getAttribute('aria-live'), status: root.querySelector('.im-map [role="status"]').textContent };
      });
      assert.match(afterFilter.counters, new RegExp(`^${april.length - aprilMosques} incidents`));
      assert.equal(afterFilter.live, 'polite');
      assert.equal(afterFilter.status, '');
      // A site in the table selects the incident on the map.
      const id = april[0].properties.id;
      await page.locator(`incident-map .im-table-site[data-incident="${id}"]`).click();
      await page.waitForFunction((id) => document.querySelector('incident-map').selected === id, id);
      assert.equal(await page.locator(`incident-map .im-table tr[aria-current="true"] .im-table-site`).getAttribute('data-incident'), id);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('the dark theme reaches the canvas', TIMEOUT, async () => {
    const page = await open({ colorScheme: 'dark' });
    try {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const corner = await page.evaluate(() => {
        const canvas = document.querySelector('incident-map').shadowRoot.querySelector('.im-layer-basemap:not([hidden])');
        return Array.from(layerPixels(canvas, 4, canvas.height - 4, 1, 1).data);
      });
      assert.ok(corner[0] < 80 && corner[1] < 80 && corner[2] < 80, `dark background: ${corner}`);
      await page.locator('incident-map').screenshot({ path: screenshotPath('a11y-dark') });
      assert.deepEqual(await axe(page), [], 'no contrast problem in the dark theme either');
    } finally {
      await page.closeContext();
    }
  });

  it("in forced colours, pressed and current buttons, the map's focus ring and the table's row still show", TIMEOUT, async () => {
    const page = await open({ forcedColors: 'active' });
    try {
      assert.ok(await page.evaluate(() => matchMedia('(forced-colors: active)').matches));
      const looks = () =>
        page.evaluate(() => {
          const root = document.querySelector('incident-map').shadowRoot;
          const style = (el, pseudo) => getComputedStyle(el, pseudo);
          const buttons = (selector) =>
            [...root.querySelectorAll(selector)].map((b) => ({
              label: b.textContent,
              pressed: b.getAttribute('aria-pressed'),
              current: b.getAttribute('aria-current'),
              background: style(b).backgroundColor,
              underline: style(b).textDecorationLine,
            }));
          const row = root.querySelector('.im-table tr[aria-current="true"]');
          return {
            metric: buttons('.im-metric .im-button'),
            presets: buttons('.im-presets .im-button'),
            views: buttons('.im-views .im-button'),
            ring: style(root.querySelector('.im-surface'), '::after').outlineStyle,
            row: row && style(row).outlineStyle,
          };
        });
      const before = await looks();
      // Backgrounds are forced to the system's button colour: a pressed button keeps its own.
      for (const group of [before.metric, before.presets]) {
        const pressed = group.filter((b) => b.pressed === 'true');
        const other = group.filter((b) => b.pressed === 'false');
        assert.equal(pressed.length, 1, JSON.stringify(group));
        assert.ok(other.length > 0);
        for (const b of other) assert.notEqual(b.background, pressed[0].background, `${b.label} against ${pressed[0].label}`);
      }
      // The current area is underlined (the accent's inset shadow is dropped in forced colours).
      assert.deepEqual(
        before.views.map((b) => [b.label, b.underline]),
        [['Afghanistan', 'underline'], ['Kabul', 'none'], ['Mazar-e Sharif', 'none'], ['Kunduz', 'none']],
      );
      assert.equal(before.ring, 'none', 'no ring before the map has the focus');
      await tabToMarkers(page);
      assert.equal((await looks()).ring, 'solid', "the map's focus ring, as an outline");
      await page.locator('incident-map').screenshot({ path: screenshotPath('a11y-forced-colors') });
      await page.locator('incident-map .im-table-toggle').click();
      await page.locator('incident-map .im-table-site').first().click();
      await page.waitForFunction(() => !!document.querySelector('incident-map').shadowRoot.querySelector('.im-table tr[aria-current="true"]'));
      assert.equal((await looks()).row, 'solid', "the table's current row, outlined");
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('cooperative gestures: the wheel scrolls the page unless Ctrl is held or the map has focus', TIMEOUT, async () => {
    const page = await open({ height: 600 });
    try {
      const el = page.locator('incident-map');
      const box = await el.boundingBox();
      const zoom = () => page.evaluate(() => document.querySelector('incident-map').project(69.17, 34.53).x);
      const before = await zoom();
      await page.mouse.move(box.x + box.width / 2, box.y + 150);
      const scrollBefore = await page.evaluate(() => window.scrollY);
      await page.mouse.wheel(0, 200);
      await page.waitForFunction((y) => window.scrollY !== y, scrollBefore);
      assert.equal(await zoom(), before, 'the map did not zoom');
      await page.locator('incident-map .im-hint').waitFor({ state: 'visible' });
      assert.match(await page.locator('incident-map .im-hint').textContent(), /scroll to zoom/);
      await page.screenshot({ path: screenshotPath('a11y-cooperative-hint') });
      // With Ctrl held, the wheel zooms the map.
      const box2 = await el.boundingBox();
      await page.mouse.move(box2.x + box2.width / 2, box2.y + 150);
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -200);
      await page.keyboard.up('Control');
      await page.waitForFunction((x) => document.querySelector('incident-map').project(69.17, 34.53).x !== x, before);
      // greedy: the wheel always zooms.
      await page.evaluate(() => document.querySelector('incident-map').setAttribute('gestures', 'greedy'));
      const zoomed = await zoom();
      await page.mouse.wheel(0, -100);
      await page.waitForFunction((x) => document.querySelector('incident-map').project(69.17, 34.53).x !== x, zoomed);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

// Found by a review of the keyboard and screen-reader paths (7 December 2026): focus that fell to
// the page's <body>, a focus ring that never showed, and changes that were not announced.
describe('keyboard focus and announcements', () => {
  const status = (page) =>
    page.evaluate(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-map [role="status"]').textContent);

  it('a site chosen in the table keeps the focus, and the panel is announced', TIMEOUT, async () => {
    const page = await open();
    try {
      await page.locator('incident-map .im-table-toggle').click();
      const sites = page.locator('incident-map .im-table-site');
      await sites.first().waitFor();
      const ids = await sites.evaluateAll((b) => b.map((x) => x.getAttribute('data-incident')));
      await sites.nth(2).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => document.querySelector('incident-map').selected === id, ids[2]);
      const active = () =>
        page.evaluate(() => document.querySelector('incident-map').shadowRoot.activeElement?.getAttribute('data-incident') ?? null);
      assert.equal(await active(), ids[2], 'the focus stays on the button that chose it');
      const title = await page.locator('incident-map .im-details-title').textContent();
      assert.equal(await status(page), `${title}: details shown`);
      assert.equal(await page.locator('incident-map .im-table tr[aria-current="true"] .im-table-site').getAttribute('data-incident'), ids[2]);
      // The next Tab goes on to the next row, not back to the top of the table.
      await page.keyboard.press('Tab');
      assert.equal(await active(), ids[3]);
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => document.querySelector('incident-map').selected === id, ids[3]);
      assert.equal(await page.locator('incident-map .im-table tr[aria-current="true"]').count(), 1, 'one current row');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it("closing a cluster's list from the keyboard leaves the focus on the markers", TIMEOUT, async () => {
    const page = await open();
    try {
      for (const close of ['Escape', 'close button']) {
        await page.evaluate(() => document.querySelector('incident-map').flyTo('afghanistan'));
        await clickKabulCluster(page);
        const entry = page.locator('incident-map .im-list-item').first();
        await entry.waitFor({ state: 'visible' });
        if (close === 'Escape') {
          await entry.focus();
          await page.keyboard.press('Escape');
        } else {
          await page.locator('incident-map .im-close').focus();
          await page.keyboard.press('Enter');
        }
        await page.locator('incident-map .im-details').waitFor({ state: 'hidden' });
        assert.equal(await shadowActive(page), 'im-surface', `after ${close}`);
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it("back from an incident to its cluster's list returns the focus to that incident's entry", TIMEOUT, async () => {
    const page = await open();
    try {
      await clickKabulCluster(page);
      const entries = page.locator('incident-map .im-list-item');
      await entries.first().waitFor({ state: 'visible' });
      const id = await entries.nth(5).getAttribute('data-incident');
      await entries.nth(5).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => document.querySelector('incident-map').selected === id, id);
      await page.locator('incident-map .im-back').focus();
      await page.keyboard.press('Enter');
      await entries.first().waitFor({ state: 'visible' });
      const active = await page.evaluate(() => {
        const el = document.querySelector('incident-map').shadowRoot.activeElement;
        return el && { cls: el.className, id: el.getAttribute('data-incident') };
      });
      assert.deepEqual(active, { cls: 'im-list-item', id }, 'on the entry it opened, not on the close button');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('the zoom buttons say when they are at their limit, and keep the focus', TIMEOUT, async () => {
    const page = await open();
    try {
      const state = () =>
        page.evaluate(() => {
          const root = document.querySelector('incident-map').shadowRoot;
          const [zoomIn, zoomOut] = root.querySelectorAll('.im-zoom .im-button');
          return [zoomIn.getAttribute('aria-disabled'), zoomOut.getAttribute('aria-disabled'), root.activeElement?.getAttribute('aria-label')];
        });
      const zoomIn = page.locator('incident-map .im-zoom .im-button').first();
      await zoomIn.focus();
      for (let i = 0; i < 20; i++) await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-zoom .im-button').getAttribute('aria-disabled') === 'true');
      assert.deepEqual(await state(), ['true', 'false', 'Zoom in'], 'at the deepest zoom, still focused');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-zoom .im-button').getAttribute('aria-disabled') === 'false');
      assert.deepEqual((await state()).slice(0, 2), ['false', 'false']);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('the button of the area the map shows is marked current until the reader moves the map', TIMEOUT, async () => {
    const page = await open();
    try {
      const current = () =>
        page.evaluate(() =>
          [...document.querySelector('incident-map').shadowRoot.querySelectorAll('.im-views .im-button')]
            .filter((b) => b.getAttribute('aria-current') === 'true')
            .map((b) => b.dataset.view),
        );
      const waitForCurrent = (expected) =>
        page.waitForFunction(
          (expected) =>
            [...document.querySelector('incident-map').shadowRoot.querySelectorAll('.im-views .im-button')]
              .filter((b) => b.getAttribute('aria-current') === 'true')
              .map((b) => b.dataset.view)
              .join() === expected,
          expected,
        );
      // The map opens on the whole country.
      await waitForCurrent('afghanistan');
      await page.locator('incident-map .im-views button[data-view="kabul"]').click();
      await waitForCurrent('kabul');
      assert.deepEqual(await current(), ['kabul']);
      // A zoom button moves the map away from the named area: no button is current.
      await page.locator('incident-map .im-zoom .im-button').first().click();
      await waitForCurrent('');
      assert.deepEqual(await current(), []);
      await page.locator('incident-map .im-views button[data-view="kunduz"]').click();
      await waitForCurrent('kunduz');
      // A drag too.
      const box = await page.locator('incident-map .im-surface').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 20, { steps: 4 });
      await page.mouse.up();
      await waitForCurrent('');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it("Shift+Enter on a marker opens the list of the cluster it is drawn in", TIMEOUT, async () => {
    const page = await open();
    try {
      await tabToMarkers(page);
      // The first incident by date, the Kabul school bombing, is in the Kabul cluster at the start.
      await page.keyboard.press('Shift+Enter');
      await page.locator('incident-map .im-list-item').first().waitFor({ state: 'visible' });
      assert.equal(await page.locator('incident-map .im-list-item').count(), KABUL.length);
      assert.equal(await status(page), `${KABUL.length} incidents here, listed in the details panel`);
      assert.equal(await shadowActive(page), 'im-surface', 'the keyboard stays on the markers');
      await page.keyboard.press('Escape');
      await page.locator('incident-map .im-details').waitFor({ state: 'hidden' });
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it("the table's site buttons have names a screen reader can tell apart", TIMEOUT, async () => {
    const page = await open();
    try {
      await page.locator('incident-map .im-table-toggle').click();
      const sites = page.locator('incident-map .im-table-site');
      await sites.first().waitFor();
      const names = await sites.evaluateAll((b) => b.map((x) => x.getAttribute('aria-label') ?? x.textContent));
      assert.equal(new Set(names).size, names.length, `names: ${names.join(' | ')}`);
      // Each name starts with the text the button shows.
      const shown = await sites.evaluateAll((b) => b.map((x) => x.textContent));
      names.forEach((n, i) => assert.ok(n.startsWith(shown[i]), `${n} starts with ${shown[i]}`));
    } finally {
      await page.closeContext();
    }
  });

  it("the markers' focus ring shows over the map", TIMEOUT, async () => {
    const page = await open();
    try {
      // A pixel 1 px inside the map's left edge, halfway down: the ring is 3 px of --im-accent.
      const edge = async () => {
        const r = await page.evaluate(() => {
          const b = document.querySelector('incident-map').shadowRoot.querySelector('.im-map').getBoundingClientRect();
          return { x: Math.round(b.left) + 1, y: Math.round(b.top + b.height / 2) };
        });
        const { pixel } = decodePng(await page.screenshot({ clip: { x: r.x, y: r.y, width: 1, height: 1 } }));
        return pixel(0, 0);
      };
      const accent = ([r, g, b]) => Math.abs(r - 31) < 12 && Math.abs(g - 78) < 12 && Math.abs(b - 155) < 12;
      assert.ok(!accent(await edge()), 'no ring before');
      await tabToMarkers(page);
      const ring = await edge();
      assert.ok(accent(ring), `the ring's colour at the edge: ${ring}`);
      await page.locator('incident-map').screenshot({ path: screenshotPath('a11y-markers-focus-ring') });
    } finally {
      await page.closeContext();
    }
  });

  it('pausing play writes the counters again, so that the range where it stopped is heard', TIMEOUT, async () => {
    const page = await open();
    try {
      await page.evaluate(() => {
        const counters = document.querySelector('incident-map').shadowRoot.querySelector('.im-counters');
        window.__counterLog = [];
        new MutationObserver((records) => {
          for (const r of records) window.__counterLog.push(r.type === 'attributes' ? `live=${counters.getAttribute('aria-live')}` : 'text');
        }).observe(counters, { attributes: true, attributeFilter: ['aria-live'], childList: true, characterData: true, subtree: true });
      });
      const play = page.locator('incident-map .im-play-button');
      await play.click();
      await page.waitForFunction(() => window.__counterLog.includes('live=off'));
      await page.waitForTimeout(300);
      await play.click();
      await page.waitForFunction(() => window.__counterLog.includes('live=polite'));
      const log = await page.evaluate(() => window.__counterLog);
      const on = log.lastIndexOf('live=polite');
      assert.ok(log.slice(on + 1).includes('text'), `written after the region is live again: ${log.join(', ')}`);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('small screens', () => {
  it('on a phone one finger on the map scrolls the page and opens nothing', TIMEOUT, async () => {
    const page = await open({ width: 360, height: 640, dpr: 2, touch: true });
    try {
      const cdp = await page.context().newCDPSession(page);
      const start = await page.evaluate(() => {
        const el = document.querySelector('incident-map');
        el.scrollIntoView({ block: 'start' });
        window.scrollBy(0, -100);
        const r = el.shadowRoot.querySelector('.im-map').getBoundingClientRect();
        // Over the Kabul cluster's lower edge, so that a swipe taken for a tap would open it.
        const q = el.project(69.17, 34.53);
        return { x: r.left + q.x, y: Math.min(r.top + q.y + 120, r.bottom - 40), scrollY: window.scrollY };
      });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: start.x, y: start.y }] });
      for (let i = 1; i <= 12; i++) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: start.x, y: start.y - i * 10 }] });
        await page.waitForTimeout(16);
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await page.waitForFunction((y) => window.scrollY > y + 50, start.scrollY);
      await page.waitForTimeout(300);
      assert.equal(await page.locator('incident-map .im-details').isHidden(), true, 'the swipe opened nothing');
      await cdp.detach();
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('a site tapped in the table brings the map into view; Enter on one leaves the page where it is', TIMEOUT, async () => {
    const page = await open({ width: 360, height: 640, dpr: 2, touch: true });
    try {
      await page.locator('incident-map .im-table-toggle').tap();
      const sites = page.locator('incident-map .im-table-site');
      await sites.nth(5).scrollIntoViewIfNeeded();
      const mapTop = () =>
        page.evaluate(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-map').getBoundingClientRect().top);
      assert.ok((await mapTop()) < -200, 'the map is out of sight above the table');
      await sites.nth(5).tap();
      await page.waitForFunction(() => document.querySelector('incident-map').selected !== null);
      await page.waitForFunction(() => {
        const r = document.querySelector('incident-map').shadowRoot.querySelector('.im-map').getBoundingClientRect();
        return r.top > -1 && r.top < 10;
      });
      await sites.nth(8).focus();
      const scrolled = await page.evaluate(() => window.scrollY);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('incident-map').shadowRoot.activeElement?.classList.contains('im-table-site'));
      await frames(page);
      assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'Enter keeps the page, with the focus on the site');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('the scale bar stays clear of the credits, and the close button in sight when the panel scrolls', TIMEOUT, async () => {
    const page = await open({ width: 360, height: 640, dpr: 2, touch: true });
    try {
      const boxes = () =>
        page.evaluate(() => {
          const root = document.querySelector('incident-map').shadowRoot;
          const box = (sel) => {
            const r = root.querySelector(sel).getBoundingClientRect();
            return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
          };
          return { scale: box('.im-scale'), credits: box('.im-attribution'), panel: box('.im-details'), close: box('.im-close') };
        });
      const { scale, credits } = await boxes();
      const overlap = scale.left < credits.right && credits.left < scale.right && scale.top < credits.bottom && credits.top < scale.bottom;
      assert.ok(!overlap, `scale ${JSON.stringify(scale)}, credits ${JSON.stringify(credits)}`);
      await page.evaluate(() => document.querySelector('incident-map').select('kabul-2021-05-08-sayed-ul-shuhada-school'));
      const scrolls = await page.evaluate(() => {
        const panel = document.querySelector('incident-map').shadowRoot.querySelector('.im-details');
        panel.scrollTop = panel.scrollHeight;
        return panel.scrollTop > 100;
      });
      assert.ok(scrolls, 'the details are longer than the sheet');
      const { panel, close } = await boxes();
      assert.ok(
        close.top >= panel.top - 1 && close.bottom <= panel.bottom + 1,
        `the close button ${JSON.stringify(close)} within the scrolled panel ${JSON.stringify(panel)}`,
      );
      await page.locator('incident-map').screenshot({ path: screenshotPath('a11y-phone-panel-scrolled') });
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('page zoom', () => {
  it('at 200% page zoom the map and its controls fit and stay usable', TIMEOUT, async () => {
    // 200% zoom of a 1280 × 1000 window: the page lays out in 640 × 500 CSS pixels at two
    // device pixels each.
    const page = await open({ width: 640, height: 500, dpr: 2 });
    try {
      const overflow = await page.evaluate(() => {
        const el = document.querySelector('incident-map');
        const root = el.shadowRoot;
        const host = el.getBoundingClientRect();
        const outside = [...root.querySelectorAll('button, input, select, summary, .im-surface')]
          .filter((b) => b.offsetParent !== null)
          .map((b) => ({ name: b.textContent.trim() || b.className, r: b.getBoundingClientRect() }))
          .filter(({ r }) => r.left < host.left - 1 || r.right > host.right + 1)
          .map(({ name }) => name);
        return { outside, pageWidth: document.documentElement.scrollWidth, window: innerWidth };
      });
      assert.deepEqual(overflow.outside, [], 'every control inside the map');
      assert.ok(overflow.pageWidth <= overflow.window, `no horizontal scrolling: ${JSON.stringify(overflow)}`);
      // Still usable: a preset and a marker.
      await page.locator('incident-map .im-views button', { hasText: 'Kabul' }).click();
      const p = await page.evaluate(() => {
        const el = document.querySelector('incident-map');
        const r = el.getBoundingClientRect();
        const q = el.project(69.2203, 34.5586);
        return { x: r.left + q.x, y: r.top + q.y };
      });
      await page.evaluate((y) => window.scrollTo(0, y), Math.max(0, p.y - 200));
      const q = await page.evaluate(() => {
        const el = document.querySelector('incident-map');
        const r = el.getBoundingClientRect();
        const q = el.project(69.2203, 34.5586);
        return { x: r.left + q.x, y: r.top + q.y };
      });
      await page.mouse.click(q.x, q.y);
      await page.waitForFunction(() => document.querySelector('incident-map').selected !== null);
      await page.screenshot({ path: screenshotPath('a11y-zoom-200') });
      assert.deepEqual(await axe(page), []);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('the legend as a map opens', () => {
  /**
   * Opens the demo at `width` x `height`, its stylesheet held back `cssDelay` ms, and answers
   * whether the legend is open once the map is ready.
   */
  async function legendOpen(width, height, cssDelay) {
    const page = await newPage(browser, { width, height });
    page.setDefaultTimeout(15_000);
    try {
      await page.route('**/incident-map.css', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, cssDelay));
        await route.continue();
      });
      await page.goto(`${server.url}/index.html`);
      await page.waitForFunction(() => !!document.querySelector('incident-map'));
      await page.evaluate(() => document.querySelector('incident-map').ready);
      // The stylesheet is there and laid out: the legend's state is decided.
      await page.waitForFunction(() => !!document.querySelector('incident-map').shadowRoot.querySelector('link').sheet);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const open = await page.evaluate(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-legend').open);
      assert.deepEqual(page.errors, []);
      return open;
    } finally {
      await page.closeContext();
    }
  }

  it('is open on a large map even when its stylesheet arrives late, and folded on a small one', TIMEOUT, async () => {
    // Unstyled, the map's box is not its own size: a large map measured small before its
    // stylesheet arrived, and folded its legend for good.
    assert.equal(await legendOpen(1100, 900, 800), true, 'a large map, stylesheet late');
    assert.equal(await legendOpen(1100, 900, 0), true, 'a large map');
    assert.equal(await legendOpen(400, 700, 800), false, 'a phone, stylesheet late');
    assert.equal(await legendOpen(400, 700, 0), false, 'a phone');
  });
});
