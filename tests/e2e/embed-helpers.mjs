// Page helpers shared by the embedding, CSP, teardown and panic tests (embed.test.mjs,
// csp.test.mjs, teardown.test.mjs, panic.test.mjs). Not a test file itself.
import { newPage, recordMapEvents, mark, eventsSince, waitForEvent, frames } from './helpers.mjs';

export { mark, eventsSince, waitForEvent, frames };

export const EVENT_TYPES = ['load', 'select', 'timerangechange', 'viewchange', 'error'];
export const TIMEOUT = { timeout: 60_000 };

/**
 * Opens a page that records, from before any script runs: the maps' CustomEvents as seen on
 * `document` (`window.__imEvents`), dialogs (`page.dialogs`), requests (`page.requests`, paths)
 * and CSP violations (`window.__cspViolations`).
 */
export async function openPage(browser, url, options = {}) {
  const page = await newPage(browser, { width: 1000, height: 800, ...options });
  page.setDefaultTimeout(15_000);
  page.dialogs = [];
  page.on('dialog', async (dialog) => {
    page.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  page.requests = [];
  page.on('request', (request) => page.requests.push(new URL(request.url()).pathname));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  await recordMapEvents(page, EVENT_TYPES);
  if (url) await page.goto(url);
  return page;
}


/** Awaits `ready` of every <incident-map> in the page once there are `count` of them. */
export async function allReady(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll('incident-map').length === n, count);
  await page.evaluate(() => Promise.all([...document.querySelectorAll('incident-map')].map((m) => m.ready)));
}

/**
 * Waits until the layer `layer` (basemap, markers, overlay) of the map `selector` has painted
 * pixels; resolves to their count.
 */
export async function painted(page, selector, layer = 'markers') {
  const handle = await page.waitForFunction(
    ([selector, layer]) => {
      const el = document.querySelector(selector);
      const c = el?.shadowRoot?.querySelector(`.im-layer-${layer}:not([hidden])`);
      if (!c || !c.width || !c.height) return false;
      const { data } = layerPixels(c);
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]) count++;
      return count > 0 && count;
    },
    [selector, layer],
    { polling: 'raf' },
  );
  return handle.jsonValue();
}

/** Where the position [lon, lat] is on the page (client pixels), by the map's own project(). */
export function clientPoint(page, selector, lonLat) {
  return page.evaluate(
    ([selector, [lon, lat]]) => {
      const el = document.querySelector(selector);
      const r = el.getBoundingClientRect();
      const p = el.project(lon, lat);
      return { x: r.left + p.x, y: r.top + p.y };
    },
    [selector, lonLat],
  );
}

/** Clicks [lon, lat] on the map `selector` and resolves to the `select` event it fires. */
export async function clickAt(page, selector, lonLat) {
  const since = await mark(page);
  const { x, y } = await clientPoint(page, selector, lonLat);
  await page.mouse.click(x, y);
  return waitForEvent(page, 'select', since);
}
