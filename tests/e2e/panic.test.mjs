// End-to-end test of a real Rust panic. The release build cannot panic on purpose, so `make test`
// builds the crate a second time with the test-only cargo feature `debug-panic` (which adds
// MapHandle.debugPanic()) into target/debug-panic/site (`make panic-site`), and this test serves
// that site. It swaps one MapHandle method for debugPanic so that an ordinary call of the element
// panics inside Rust: the panic hook logs it, the WebAssembly instance traps, and the element's
// guard must turn that into a stopped map with a clear error, while other maps go on.
//
//   make build panic-site && node --test tests/e2e/panic.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, REPO_ROOT, FIXTURES_DIR } from './helpers.mjs';
import { startServer } from '../../tools/serve.mjs';
import { TIMEOUT, openPage, eventsSince, waitForEvent, painted } from './embed-helpers.mjs';

const PANIC_SITE = path.join(REPO_ROOT, 'target/debug-panic/site');
const STOPPED = 'this map stopped after an internal error; reload the page or create a new map';
const AIRPORT_ID = 'kabul-2021-08-26-airport';

let server;
let browser;
before(async () => {
  if (!fs.existsSync(path.join(PANIC_SITE, 'pkg'))) {
    throw new Error(`${PANIC_SITE} not found: run 'make build panic-site' first (make test does)`);
  }
  server = await startServer({ root: PANIC_SITE, port: 0, extraRoots: { '/fixtures/': FIXTURES_DIR } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Makes two maps on the page, `window.a` (element #a) and `window.b` (#b), and waits for a's markers. */
async function openTwoMaps(page) {
  await page.waitForFunction(() => window.IncidentMap);
  await page.evaluate(async () => {
    const second = document.createElement('div');
    second.id = 'box2';
    second.className = 'box';
    document.body.append(second);
    window.a = await IncidentMap.create(document.querySelector('#box'), { data: '/data/incidents.geojson' });
    window.b = await IncidentMap.create(second, { data: '/data/incidents.geojson', view: 'kabul' });
    window.a.element.id = 'a';
    window.b.element.id = 'b';
  });
  await painted(page, '#a');
}

/**
 * Calls map a's `select()` with MapHandle's `method` (a debug-panic one) in place of its own:
 * 'no error' if the call returns, else the error's message and its cause.
 */
function selectThrough(page, method) {
  return page.evaluate(async (method) => {
    const { MapHandle } = await import('/pkg/incident_map.js');
    if (typeof MapHandle.prototype[method] !== 'function') return 'not the debug-panic build';
    const select = MapHandle.prototype.select;
    MapHandle.prototype.select = MapHandle.prototype[method];
    try {
      window.a.select('anything');
      return 'no error';
    } catch (error) {
      return { message: error.message, cause: `${error.cause?.constructor?.name}: ${error.cause?.message}` };
    } finally {
      MapHandle.prototype.select = select;
    }
  }, method);
}

describe('a Rust panic', () => {
  it('stops only its map: error fired, message shown, later calls throw a clear error', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/class.html`);
    try {
      await openTwoMaps(page);

      // Map a's select() now goes into Rust's debugPanic(): a real panic, inside a real call.
      const thrown = await selectThrough(page, 'debugPanic');
      assert.deepEqual(thrown, { message: STOPPED, cause: 'RuntimeError: unreachable' });

      const error = await waitForEvent(page, 'error', 0);
      assert.deepEqual({ target: error.target, detail: error.detail }, { target: 'a', detail: { message: STOPPED, fatal: true } });
      assert.equal(await page.locator('#a .im-message').textContent(), STOPPED, 'the map says so');
      assert.ok(await page.locator('#a .im-message').isVisible());

      // Every later call throws the same clear error: no "recursive use of an object", no trap.
      const later = await page.evaluate(async () => {
        const attempt = async (fn) => {
          try {
            await fn();
            return 'no error';
          } catch (e) {
            return e.message;
          }
        };
        return {
          select: await attempt(() => window.a.select(null)),
          timeRange: await attempt(() => window.a.timeRange),
          flyTo: await attempt(() => window.a.flyTo('kabul')),
          setData: await attempt(() => window.a.setData('/data/incidents.geojson')),
          toPNG: await attempt(() => window.a.toPNG()),
          element: await attempt(() => window.a.element.setTimeRange(null, null)),
        };
      });
      for (const [call, message] of Object.entries(later)) assert.equal(message, STOPPED, call);
      assert.equal((await eventsSince(page, 0, 'error')).length, 1, 'one error event');

      // Attributes of the stopped map are ignored quietly.
      await page.evaluate(() => window.a.element.setAttribute('view', 'kunduz'));

      // The other map goes on, and a new map can be made.
      const others = await page.evaluate(async (id) => {
        window.b.select(id);
        const c = await IncidentMap.create(document.querySelector('#box2'), { data: '/data/incidents.geojson' });
        c.select(id);
        const result = { b: window.b.selected, c: c.selected };
        c.destroy();
        return result;
      }, AIRPORT_ID);
      assert.deepEqual(others, { b: AIRPORT_ID, c: AIRPORT_ID });

      // destroy() of the stopped map removes it without throwing; a second one does nothing.
      const destroyed = await page.evaluate(() => {
        const el = window.a.element;
        window.a.destroy();
        window.a.destroy();
        return { inPage: el.isConnected, shadow: el.shadowRoot.childNodes.length };
      });
      assert.deepEqual(destroyed, { inPage: false, shadow: 0 });

      // The console has the panic hook's message and the element's report, and nothing else.
      const unexpected = page.errors.filter(
        (e) => !/debug-panic: a deliberate panic/.test(e) && !/incident-map: internal error/.test(e),
      );
      assert.deepEqual(unexpected, []);
      assert.ok(page.errors.some((e) => /debug-panic: a deliberate panic/.test(e)), 'the panic hook logged the panic');
    } finally {
      await page.closeContext();
    }
  });

  it('inside one of its own callbacks (a frame) stops only its map too, and input after it stays quiet', TIMEOUT, async () => {
    const page = await openPage(browser, `${server.url}/fixtures/class.html`);
    try {
      await openTwoMaps(page);

      // Map a's next animation frame panics, with its state borrowed: no call of the element's is
      // around it, only the browser's frame callback.
      const returned = await selectThrough(page, 'debugPanicInFrame');
      assert.equal(returned, 'no error', 'the call itself returns: the panic comes in the frame');

      const error = await waitForEvent(page, 'error', 0);
      assert.deepEqual({ target: error.target, detail: error.detail }, { target: 'a', detail: { message: STOPPED, fatal: true } });
      assert.equal(await page.locator('#a .im-message').textContent(), STOPPED, 'the map says so');
      const later = await page.evaluate(() => {
        try {
          window.a.select(null);
          return 'no error';
        } catch (e) {
          return e.message;
        }
      });
      assert.equal(later, STOPPED);

      // Input over the stopped map reaches its listeners, which find its state held by the panic:
      // no new error, no second trap.
      const errorsBefore = page.errors.length;
      const box = await page.locator('#a').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 10);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -100);
      await page.keyboard.press('ArrowRight');
      await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
      assert.deepEqual(page.errors.slice(errorsBefore), [], 'nothing more in the console');
      assert.equal((await eventsSince(page, 0, 'error')).length, 1, 'one error event');

      // The other map goes on.
      const other = await page.evaluate((id) => {
        window.b.select(id);
        return window.b.selected;
      }, AIRPORT_ID);
      assert.equal(other, AIRPORT_ID);
      assert.ok(
        page.errors.some((e) => /debug-panic: a deliberate panic in a frame/.test(e)),
        'the panic hook logged the panic',
      );
      // The trap itself reaches the console as an uncaught error from the frame callback; the
      // element's report follows it. Nothing else.
      const unexpected = page.errors.filter(
        (e) => !/debug-panic: a deliberate panic/.test(e) && !/incident-map: internal error/.test(e) && !/unreachable/.test(e),
      );
      assert.deepEqual(unexpected, []);
    } finally {
      await page.closeContext();
    }
  });
});
