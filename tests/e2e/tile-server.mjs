// A raster tile server for the tests: node:http on 127.0.0.1, a free port, tiles painted on the
// fly (no files, no internet). Each tile shows which one it is: its fill colour comes from its
// zoom (tileColour), a checkerboard of its x + y parity, a dark frame, and three rows of bits
// (z, x, y) in its top-left corner.
//
//   const tiles = await startTileServer({ proxy: dist.url, fail: ({x, y}) => ..., delayMs: 0 });
//   `${tiles.url}/tiles/{z}/{x}/{y}{r}.png`   256 px tiles, 512 px for ...@2x.png
//   tiles.requests    every tile asked for: [{z, x, y, retina}]
//   tiles.setDelay(ms), tiles.setFail(fn)     change behaviour mid-test
//   await tiles.close()
//
// With `proxy`, every other path is forwarded to that server (the built site), so that a page and
// its tiles share one origin: the strict CSP test allows images from 'self' only.
//
// This file is not a test itself: test files are named *.test.mjs.
import http from 'node:http';
import { encodePng } from './png.mjs';

/** The fill colour of tiles at zoom `z`: a hue per zoom, saturated, unlike the vector basemap. */
export function tileColour(z) {
  const hues = [[80, 140, 220], [220, 120, 60], [60, 170, 90], [170, 80, 200]];
  return hues[z % hues.length];
}

function paintTile(z, x, y, size) {
  const rgba = new Uint8Array(size * size * 4);
  const fill = tileColour(z);
  const shade = (x + y) % 2 === 0 ? 1 : 0.85;
  const cell = size / 32;
  const bit = (row, i) => ([z, x, y][row] >> (15 - i)) & 1;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let c = fill.map((v) => Math.round(v * shade));
      if (px < 2 * (size / 256) || py < 2 * (size / 256)) c = [40, 40, 40];
      const [bx, by] = [Math.floor(px / cell), Math.floor(py / cell)];
      if (bx >= 1 && bx <= 16 && by >= 1 && by <= 3) c = bit(by - 1, bx - 1) ? [0, 0, 0] : [255, 255, 255];
      rgba.set([...c, 255], (py * size + px) * 4);
    }
  }
  return encodePng(size, size, rgba);
}

const TILE_PATH = /^\/tiles\/(\d+)\/(\d+)\/(\d+)(@2x)?\.png$/;

/** Starts the server; resolves to {url, requests, setDelay, setFail, close}. */
export async function startTileServer({ proxy = null, delayMs = 0, fail = () => false } = {}) {
  const requests = [];
  let delay = delayMs;
  let failing = fail;
  const cache = new Map();
  const timers = new Set();

  function serveTile(res, match) {
    const [z, x, y] = match.slice(1, 4).map(Number);
    const retina = Boolean(match[4]);
    requests.push({ z, x, y, retina });
    const send = () => {
      if (failing({ z, x, y, retina })) {
        res.writeHead(404, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
        res.end('no such tile\n');
        return;
      }
      const key = `${z}/${x}/${y}/${retina}`;
      if (!cache.has(key)) cache.set(key, paintTile(z, x, y, retina ? 512 : 256));
      res.writeHead(200, {
        'Content-Type': 'image/png',
        'Cache-Control': 'no-store',
        'Access-Control-Allow-Origin': '*',
      });
      res.end(cache.get(key));
    };
    if (delay > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, delay);
      timers.add(timer);
    } else send();
  }

  function forward(req, res) {
    const target = new URL(req.url, proxy);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  }

  const server = http.createServer((req, res) => {
    const match = TILE_PATH.exec(new URL(req.url, 'http://x').pathname);
    if (match) serveTile(res, match);
    else if (proxy) forward(req, res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    setDelay(ms) {
      delay = ms;
    },
    setFail(fn) {
      failing = fn;
    },
    close() {
      for (const t of timers) clearTimeout(t);
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
  };
}
