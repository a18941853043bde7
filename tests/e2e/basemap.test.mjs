// End-to-end tests of the basemap: labels at every preset in English and Persian (screenshots in
// test-results/basemap-*.png), the scale bar, the layers that a hover, a selection or a time
// change repaint, and optional web tiles from a local tile server (tile-server.mjs): drawn under
// the markers, crisp on high-DPI screens, standing in for each other while loading, never a hole
// where one fails, a bounded cache, and same-origin tiles under the strict CSP.
//
//   make build && node --test tests/e2e/basemap.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startDist, newPage, screenshotPath, frames } from './helpers.mjs';
import { startTileServer, tileColour } from './tile-server.mjs';
import { decodePng } from './png.mjs';

const TIMEOUT = { timeout: 90_000 };
const PAGE = '/fixtures/basemap.html';
const LAND = [0xf7, 0xf4, 0xee];
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** Opens the test page and adds an <incident-map> with `attributes`; resolves when it is ready. */
async function openMap(browser, base, attributes, { dpr = 1, width = 1000, height = 700, touch = false } = {}) {
  const page = await newPage(browser, { width, height, dpr, touch });
  page.setDefaultTimeout(20_000);
  page.requestedHosts = new Set();
  page.on('request', (r) => page.requestedHosts.add(new URL(r.url()).hostname));
  await page.goto(`${base}${PAGE}`);
  await page.evaluate(async (attrs) => {
    const el = document.createElement('incident-map');
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.body.append(el);
    await customElements.whenDefined('incident-map');
    await el.ready;
    // The legend box sits over the bottom-left corner of the map: fold it so that the pixels
    // these tests sample are the map's own.
    el.shadowRoot.querySelector('.im-legend').open = false;
  }, { src: '/data/incidents.geojson', ...attributes });
  await frames(page);
  return page;
}


const stats = (page) => page.evaluate(() => document.querySelector('incident-map').debugStats());

/** The drawn labels with boxes measured by the canvas itself, in map pixels. */
const measuredLabels = (page) =>
  page.evaluate((font) => {
    const ctx = document.createElement('canvas').getContext('2d');
    return document.querySelector('incident-map').debugLabels().map((l) => {
      ctx.font = `${l.bold ? 600 : 400} ${l.size}px ${font}`;
      const w = ctx.measureText(l.text).width;
      const left = l.anchor === 'start' ? l.x : l.anchor === 'end' ? l.x - w : l.x - w / 2;
      return { ...l, left, right: left + w, top: l.y - l.size / 2, bottom: l.y + l.size / 2 };
    });
  }, FONT);

/** The map area's box in page pixels. */
const mapBox = (page) =>
  page.evaluate(() => {
    const r = document.querySelector('incident-map').shadowRoot.querySelector('.im-map').getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  });

function assertNoOverlaps(labels, box) {
  for (const [i, a] of labels.entries()) {
    assert.ok(a.left >= -0.5 && a.right <= box.width + 0.5, `${a.text} runs off the map: ${a.left}..${a.right}`);
    for (const b of labels.slice(i + 1)) {
      const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom && b.top < a.bottom;
      assert.ok(!overlap, `"${a.text}" overlaps "${b.text}"`);
    }
  }
}

/** Screenshot of the map area, saved under test-results/ and decoded. */
async function shoot(page, name) {
  const clip = await mapBox(page);
  const buffer = await page.screenshot({ clip, path: screenshotPath(name) });
  return decodePng(buffer);
}

const near = (pixel, colour, tolerance = 6) => colour.every((c, i) => Math.abs(pixel[i] - c) <= tolerance);

const PRESETS = {
  afghanistan: { en: ['Kabul', 'Mazar-e Sharif', 'Kunduz', 'BALKH', 'KUNDUZ'], fa: ['کابل', 'مزار شریف', 'قندز', 'بلخ'] },
  kabul: { en: ['Kabul', 'KABUL PROVINCE', 'Bagrami'], fa: ['کابل', 'ولایت کابل'] },
  'mazar-e-sharif': { en: ['Mazar-e Sharif', 'BALKH PROVINCE'], fa: ['مزار شریف', 'ولایت بلخ'] },
  kunduz: { en: ['Kunduz', 'Imam Sahib', 'Khanabad', 'KUNDUZ PROVINCE'], fa: ['قندز', 'امام صاحب', 'ولایت قندز'] },
};

describe('basemap', TIMEOUT, () => {
  let server;
  let browser;
  before(async () => {
    server = await startDist({ testHooks: true });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [view, expected] of Object.entries(PRESETS)) {
    for (const lang of ['en', 'fa']) {
      it(`${view} (${lang}): names the province and the towns around, without overlaps`, TIMEOUT, async () => {
        const attrs = lang === 'fa' ? { view, lang } : { view };
        const page = await openMap(browser, server.url, attrs);
        try {
          await shoot(page, `basemap-${view}-${lang}`);
          const labels = await measuredLabels(page);
          const texts = labels.map((l) => l.text);
          for (const name of expected[lang]) assert.ok(texts.includes(name), `${name} missing from ${texts}`);
          assertNoOverlaps(labels, await mapBox(page));
          if (lang === 'fa') {
            // Beside its dot, a Persian name reads from the dot leftwards unless the edge is too near.
            const beside = labels.filter((l) => l.anchor !== 'center');
            const left = beside.filter((l) => l.anchor === 'end').length;
            assert.ok(left >= beside.length / 2, `only ${left} of ${beside.length} Persian labels left of their dot`);
          }
          const hosts = [...page.requestedHosts];
          assert.ok(hosts.every((h) => h === '127.0.0.1'), `requests left the machine: ${hosts}`);
          assert.deepEqual(page.errors, []);
        } finally {
          await page.closeContext();
        }
      });
    }
  }

  it('the scale bar shows a round length that matches the map at its latitude', TIMEOUT, async () => {
    const page = await openMap(browser, server.url, { view: 'kunduz' });
    try {
      for (const view of ['kunduz', 'afghanistan', 'kabul']) {
        await page.evaluate((v) => document.querySelector('incident-map').flyTo(v), view);
        await frames(page);
        const { text, width, metresPerPx } = await page.evaluate(() => {
          const el = document.querySelector('incident-map');
          const bar = el.shadowRoot.querySelector('.im-scale-bar');
          // Ground distance of 100 px at the map's centre, measured with project().
          const rect = el.shadowRoot.querySelector('.im-map').getBoundingClientRect();
          const lat = 36.0;
          const a = el.project(68.0, lat);
          const b = el.project(68.1, lat);
          const metresPer01Deg = 0.1 * 111_320 * Math.cos((lat * Math.PI) / 180);
          void rect;
          return { text: bar.textContent, width: bar.getBoundingClientRect().width, metresPerPx: metresPer01Deg / (b.x - a.x) };
        });
        const match = /^(\d+) (m|km)$/.exec(text);
        assert.ok(match, `scale label ${text}`);
        const metres = Number(match[1]) * (match[2] === 'km' ? 1000 : 1);
        assert.match(String(metres), /^[125]0*$/, `${text} is not 1, 2 or 5 × 10^n`);
        // The bar is measured at the centre latitude; 36° N is within a few per cent of it here.
        const shown = width * metresPerPx;
        assert.ok(Math.abs(shown - metres) / metres < 0.12, `${view}: ${width}px is ${shown} m, label says ${text}`);
        assert.ok(width >= 40 && width <= 101, `${view}: bar ${width}px`);
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  // At a new zoom the basemap paints no more than the screen, on the canvas painted in place (the
  // padded picture is three times the pixels, each a new bitmap: a third of a cluster click's
  // frame), and the pad once the view has been still for a moment (src/web/widget.rs,
  // paint_basemap and settle). Either way the map shows land where it should.
  it('a zoom paints the basemap for the screen at once, and its pad once the view is still', TIMEOUT, async () => {
    const page = await openMap(browser, server.url, { view: 'kabul' });
    try {
      const basemap = () =>
        page.evaluate(() => {
          const el = document.querySelector('incident-map');
          const canvas = el.shadowRoot.querySelector('.im-layer-basemap:not([hidden])');
          const map = el.shadowRoot.querySelector('.im-map').getBoundingClientRect();
          // The centre of the map, in the shown canvas's own pixels (a moved picture is placed
          // with a translation; the one painted in place covers the map exactly).
          const at = { x: map.width / 2, y: map.height / 2 };
          const box = canvas.getBoundingClientRect();
          const x = Math.round(at.x + map.left - box.left);
          const y = Math.round(at.y + map.top - box.top);
          return { moving: canvas.classList.contains('im-moving'), width: canvas.width, mapWidth: map.width, centre: [...layerPixels(canvas, x, y, 1, 1).data] };
        });
      const still = () => page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
      await still();
      const before = await basemap();
      assert.ok(before.moving && before.width > before.mapWidth, 'at rest, the padded picture shows');
      const paints = (await stats(page)).paints.basemap;
      await page.evaluate(() => document.querySelector('incident-map').shadowRoot.querySelector('[aria-label="Zoom in"]').click());
      await frames(page);
      const zoomed = await basemap();
      assert.equal(zoomed.moving, false, 'after the zoom, the canvas painted in place shows');
      assert.equal(zoomed.width, zoomed.mapWidth, 'and it is the size of the map');
      assert.ok(near(zoomed.centre, LAND, 40), `land at the centre: ${zoomed.centre}`);
      await still();
      const settled = await basemap();
      assert.ok(settled.moving && settled.width > settled.mapWidth, 'once still, the padded picture shows');
      assert.ok(near(settled.centre, LAND, 40), `land at the centre: ${settled.centre}`);
      assert.equal((await stats(page)).paints.basemap, paints + 2, 'painted twice: the screen, then the pad');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  // Through a wheel zoom the labels rest (hidden), also at the notches past the scaled stand-in's
  // reach, where the basemap is painted anew: placing them there cost a new picture that the next
  // notch hid again (src/web/widget.rs, paint_labels). Once the view is still they come back.
  it("the labels rest through a wheel zoom, past the basemap's stand-in too, and come back when it is still", TIMEOUT, async () => {
    const page = await openMap(browser, server.url, { view: 'kabul', gestures: 'greedy' });
    try {
      const labelsShown = () =>
        page.evaluate(() => !!document.querySelector('incident-map').shadowRoot.querySelector('.im-layer-labels:not([hidden])'));
      await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
      assert.ok(await labelsShown(), 'at rest, the labels show');
      assert.ok((await page.evaluate(() => document.querySelector('incident-map').debugLabels().length)) > 0);
      const box = await mapBox(page);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const kabul = () => page.evaluate(() => document.querySelector('incident-map').project(69.17, 34.53));
      const start = await kabul();
      const basemapPaints = (await stats(page)).paints.basemap;
      // Eight notches in, a frame apart: more than two levels, so some notch paints the basemap anew.
      for (let i = 0; i < 8; i++) {
        await page.mouse.wheel(0, -100);
        await frames(page);
        assert.equal(await labelsShown(), false, `notch ${i + 1}: the labels rest`);
      }
      assert.notDeepEqual(await kabul(), start, 'the map zoomed');
      assert.ok((await stats(page)).paints.basemap > basemapPaints, 'the basemap was painted during the zoom');
      await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
      await frames(page);
      assert.ok(await labelsShown(), 'once still, the labels show again');
      assert.ok((await page.evaluate(() => document.querySelector('incident-map').debugLabels().length)) > 0, 'and are placed');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('two fingers that only move the map move the labels with it; a pinch rests them', TIMEOUT, async () => {
    const page = await openMap(browser, server.url, { view: 'kabul', gestures: 'greedy' }, { touch: true });
    try {
      const cdp = await page.context().newCDPSession(page);
      const labelsShown = () =>
        page.evaluate(() => !!document.querySelector('incident-map').shadowRoot.querySelector('.im-layer-labels:not([hidden])'));
      const box = await mapBox(page);
      const centre = { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
      // Two fingers 100 px apart, moved `steps` times by (dx, dy) each and spread by `spread`.
      const fingers = async (steps, dx, spread) => {
        const points = (i) => [
          { x: centre.x - 50 - (spread * i) / 2 + dx * i, y: centre.y },
          { x: centre.x + 50 + (spread * i) / 2 + dx * i, y: centre.y },
        ];
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(0) });
        const shown = [];
        for (let i = 1; i <= steps; i++) {
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(i) });
          await frames(page);
          shown.push(await labelsShown());
        }
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        return shown;
      };
      await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
      const start = await page.evaluate(() => document.querySelector('incident-map').project(69.17, 34.53));
      assert.deepEqual(await fingers(4, 10, 0), [true, true, true, true], 'a two-finger pan keeps the labels');
      const panned = await page.evaluate(() => document.querySelector('incident-map').project(69.17, 34.53));
      assert.ok(panned.x > start.x + 20, `the map moved: ${start.x} → ${panned.x}`);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
      const pinched = await fingers(4, 0, 40);
      assert.equal(pinched.at(-1), false, `a pinch rests the labels: ${pinched}`);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
      await frames(page);
      assert.ok(await labelsShown(), 'once still, the labels show again');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('a hover, a selection or a time change never repaints the basemap; a pan does', TIMEOUT, async () => {
    const page = await openMap(browser, server.url, { view: 'kabul' });
    try {
      // The view the map opened on is painted whole once it has been still for 150 ms (the
      // widget's SETTLE_MS): wait that out, or that paint would count against what follows.
      await page.waitForTimeout(400);
      await frames(page);
      const before = (await stats(page)).paints;
      const airport = await page.evaluate(() => {
        const el = document.querySelector('incident-map');
        const p = el.project(69.2203, 34.5586);
        const r = el.getBoundingClientRect();
        return { x: r.left + p.x, y: r.top + p.y };
      });
      await page.mouse.move(airport.x, airport.y);
      await frames(page);
      await page.evaluate(() => document.querySelector('incident-map').select('kabul-2021-08-26-airport'));
      await frames(page);
      await page.evaluate(() => document.querySelector('incident-map').setTimeRange('2021-08-01', '2021-08-31'));
      await frames(page);
      const after = (await stats(page)).paints;
      assert.equal(after.basemap, before.basemap, 'basemap repainted');
      assert.ok(after.overlay >= before.overlay + 3, `overlay ${before.overlay} -> ${after.overlay}`);
      assert.ok(after.markers > before.markers, 'the time change repaints the markers');
      await page.keyboard.press('Escape');
      await page.evaluate(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-surface').focus());
      await page.keyboard.press('Shift+ArrowLeft');
      await frames(page);
      assert.ok((await stats(page)).paints.basemap > after.basemap, 'a pan repaints the basemap');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});

describe('web tiles', TIMEOUT, () => {
  let server;
  let tiles;
  let browser;
  before(async () => {
    server = await startDist({ testHooks: true });
    tiles = await startTileServer({ proxy: server.url });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await tiles?.close();
    await server?.close();
  });

  const template = (r = '') => `${tiles.url}/tiles/{z}/{x}/{y}${r}.png`;
  const settled = (page) =>
    page.waitForFunction(() => {
      const s = document.querySelector('incident-map').debugStats().tiles;
      return s.cached > 0 && s.loading === 0;
    });
  /** Pans a little after the tiles settled: the requests that follow are those of the final
   * zoom only (the map asks for tiles of its first, whole-country view too). */
  async function requestsAfterPan(page) {
    const from = tiles.requests.length;
    await page.evaluate(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-surface').focus());
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Shift+ArrowLeft');
    await frames(page);
    await settled(page);
    return tiles.requests.slice(from);
  }

  it('draws tiles under the markers, one zoom deeper on a high-DPI screen, and credits them', TIMEOUT, async () => {
    const page = await openMap(browser, server.url, { view: 'kabul', tiles: template(), attribution: 'Tiles: test server' }, { dpr: 2 });
    try {
      await settled(page);
      await frames(page);
      const image = await shoot(page, 'basemap-kabul-tiles-dpr2');
      const asked = await requestsAfterPan(page);
      const zooms = new Set(asked.map((r) => r.z));
      // Kabul preset at 1000 px: zoom 11.5; at a pixel ratio of 2 the tiles come from zoom 13.
      assert.deepEqual([...zooms], [13], `tile zooms ${[...zooms]}`);
      assert.ok(asked.every((r) => !r.retina));
      const { width, height } = image;
      const tinted = [0.1, 0.9].flatMap((fx) => [0.2, 0.8].map((fy) => image.pixel(fx * width, fy * height)));
      const shade = tileColour(13);
      assert.ok(
        tinted.every((p) => near(p, shade, 8) || near(p, shade.map((c) => Math.round(c * 0.85)), 8)),
        `tile colour expected at the corners, got ${JSON.stringify(tinted)}`,
      );
      const credit = await page.evaluate(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-attribution').textContent);
      assert.match(credit, /^Tiles: test server · Boundaries: Natural Earth/);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('asks for @2x tiles of the same zoom when the template has {r}', TIMEOUT, async () => {
    const page = await openMap(browser, server.url, { view: 'mazar-e-sharif', tiles: template('{r}'), attribution: 'Test' }, { dpr: 2 });
    try {
      await settled(page);
      await shoot(page, 'basemap-mazar-e-sharif-tiles-2x');
      const asked = await requestsAfterPan(page);
      assert.ok(asked.length > 0 && asked.every((r) => r.retina && r.z === 12), JSON.stringify(asked.slice(0, 3)));
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });

  it('a failed or slow tile leaves the vector basemap, never a hole; parents stand in while zooming', TIMEOUT, async () => {
    // Every tile west of Kunduz city fails, and so does every coarse tile (which would otherwise
    // stand in, scaled): the west of the map has no tile at all.
    const westEdgeLon = (z, x) => ((x + 1) / 2 ** z) * 360 - 180;
    tiles.setFail(({ z, x }) => z < 9 || westEdgeLon(z, x) < 68.86);
    const page = await openMap(browser, server.url, { view: 'kunduz', tiles: template(), attribution: 'Test' });
    try {
      await settled(page);
      await frames(page);
      const image = await shoot(page, 'basemap-kunduz-tiles-some-failed');
      const box = await mapBox(page);
      let land = 0;
      let tile = 0;
      for (let y = 60; y < box.height - 30; y += 23) {
        for (let x = 5; x < box.width - 5; x += 29) {
          const p = image.pixel(x, y);
          if (near(p, LAND, 3)) land++;
          else if (near(p, tileColour(10), 10) || near(p, tileColour(10).map((c) => Math.round(c * 0.85)), 10)) tile++;
        }
      }
      assert.ok(land > 20 && tile > 20, `land samples ${land}, tile samples ${tile}: both must show`);
      const grey = [];
      for (let y = 60; y < box.height - 30; y += 23) {
        for (let x = 5; x < box.width - 5; x += 29) {
          const p = image.pixel(x, y);
          if (p[0] === p[1] && p[1] === p[2] && p[0] > 150 && p[0] < 235) grey.push([x, y]);
        }
      }
      assert.ok(grey.length < 5, `grey holes at ${JSON.stringify(grey.slice(0, 5))}`);

      // Slow tiles: zoom in while the server takes 3 s; the parent tiles stand in, scaled.
      tiles.setFail(() => false);
      tiles.setDelay(3000);
      await page.evaluate(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-surface').focus());
      await page.keyboard.press('+');
      await frames(page);
      const zoomed = await shoot(page, 'basemap-kunduz-tiles-zooming');
      const centre = zoomed.pixel(box.width / 2 + 40, box.height / 2 + 40);
      const parent = tileColour(10);
      assert.ok(
        near(centre, parent, 12) || near(centre, parent.map((c) => Math.round(c * 0.85)), 12) || near(centre, LAND, 3),
        `centre while zooming: ${centre}`,
      );
      assert.ok(!near(centre, [0xdd, 0xe6, 0xec], 3), 'no empty background');
      assert.deepEqual(page.errors.filter((e) => !e.includes('404')), []);
    } finally {
      tiles.setDelay(0);
      tiles.setFail(() => false);
      await page.closeContext();
    }
  });

  it('keeps at most 256 tiles while panning far and wide, and frees them on destroy', TIMEOUT, async () => {
    const page = await openMap(browser, server.url, { view: 'kabul', tiles: template(), attribution: 'Test' });
    try {
      await page.evaluate(() => document.querySelector('incident-map').shadowRoot.querySelector('.im-surface').focus());
      let most = 0;
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press(i % 10 < 5 ? 'ArrowRight' : 'ArrowDown');
        await page.keyboard.press(i % 3 === 0 ? '-' : '+');
        await frames(page);
        const s = (await stats(page)).tiles;
        most = Math.max(most, s.cached);
        assert.ok(s.cached <= s.capacity && s.capacity === 256, JSON.stringify(s));
      }
      assert.ok(most > 20, `only ${most} tiles were ever cached`);
      await page.evaluate(() => document.querySelector('incident-map').destroy());
      assert.deepEqual(page.errors.filter((e) => !e.includes('404')), []);
    } finally {
      await page.closeContext();
    }
  });

  it('loads same-origin tiles under the strict Content-Security-Policy', TIMEOUT, async () => {
    const page = await newPage(browser, { width: 1000, height: 700 });
    try {
      const violations = [];
      page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
      const response = await page.goto(`${tiles.url}/csp${PAGE}`);
      assert.match(response.headers()['content-security-policy'], /default-src 'self'/);
      await page.evaluate(async () => {
        const el = document.createElement('incident-map');
        el.setAttribute('src', '/data/incidents.geojson');
        el.setAttribute('view', 'kunduz');
        el.setAttribute('tiles', '/tiles/{z}/{x}/{y}.png');
        el.setAttribute('attribution', 'Same-origin test tiles');
        document.body.append(el);
        await customElements.whenDefined('incident-map');
        await el.ready;
      });
      await settled(page);
      await frames(page);
      const image = await shoot(page, 'basemap-kunduz-tiles-csp');
      const p = image.pixel(20, 200);
      assert.ok(!near(p, LAND, 3), `tiles drawn under CSP: ${p}`);
      assert.deepEqual(violations, []);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeContext();
    }
  });
});
