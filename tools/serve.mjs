#!/usr/bin/env node
// A small, dependency-free static file server for the built site (dist/) and the tests.
//
//   node tools/serve.mjs [--root dist] [--port 8000] [--host 127.0.0.1]
//                        [--extra-root /fixtures/=tests/fixtures ...] [--quiet]
//
// - Correct MIME types (application/wasm for .wasm, so WebAssembly.instantiateStreaming works).
// - `Cache-Control: no-cache` on everything (the browser revalidates; ETag gives 304s).
// - No directory traversal: every path is resolved and must stay inside its root.
// - A directory serves its index.html (a directory URL without a trailing slash is redirected).
// - Anything under /csp/ is the same file as without the /csp prefix, served with a strict
//   Content-Security-Policy header (for the CSP end-to-end test).
// - --extra-root PREFIX=DIR (repeatable) mounts DIR at the URL prefix PREFIX.
//
// In-process use (tests): `const { url, close } = await startServer({ root, port: 0 })`;
// `url` has no trailing slash, e.g. http://127.0.0.1:43121.
import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CSP_PREFIX = '/csp/';
export const CSP_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.topojson': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  // TypeScript declarations (wasm-bindgen writes .d.ts): plain text, NOT video/mp2t (.ts).
  '.ts': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pbf': 'application/x-protobuf',
  '.bin': 'application/octet-stream',
};

/** The Content-Type for a file name. */
export function mimeType(fileName) {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.d.ts')) return MIME['.ts'];
  return MIME[path.extname(lower)] ?? 'application/octet-stream';
}

/** Normalise extra roots given as {prefix: dir}, [[prefix, dir]] or ['prefix=dir'] strings. */
function normaliseMounts(extraRoots) {
  let entries = [];
  if (!extraRoots) entries = [];
  else if (Array.isArray(extraRoots)) {
    entries = extraRoots.map((e) => {
      if (typeof e === 'string') {
        const eq = e.indexOf('=');
        if (eq <= 0) throw new Error(`--extra-root expects PREFIX=DIR, got '${e}'`);
        return [e.slice(0, eq), e.slice(eq + 1)];
      }
      return e;
    });
  } else entries = Object.entries(extraRoots);
  return entries
    .map(([prefix, dir]) => {
      let p = prefix.startsWith('/') ? prefix : `/${prefix}`;
      if (!p.endsWith('/')) p += '/';
      if (p === '/' || p === CSP_PREFIX) throw new Error(`extra root prefix '${p}' is reserved`);
      return { prefix: p, dir: path.resolve(dir) };
    })
    .sort((a, b) => b.prefix.length - a.prefix.length); // longest prefix wins
}

function isInside(base, candidate) {
  return candidate === base || candidate.startsWith(base.endsWith(path.sep) ? base : base + path.sep);
}

function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : '';
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/**
 * Start the server. Resolves to {url, port, server, close()}; close() resolves when the server
 * has stopped (open keep-alive connections are closed too).
 */
export async function startServer({
  root = 'dist',
  port = 8000,
  host = '127.0.0.1',
  extraRoots = undefined,
  log = false,
} = {}) {
  const rootDir = path.resolve(root);
  const rootStat = await fsp.stat(rootDir).catch(() => null);
  if (!rootStat || !rootStat.isDirectory()) {
    throw new Error(`root directory '${rootDir}' does not exist (run 'make build' first?)`);
  }
  const mounts = normaliseMounts(extraRoots);
  const realRoots = new Map(); // dir -> realpath(dir), for the symlink check

  async function realBase(dir) {
    if (!realRoots.has(dir)) realRoots.set(dir, await fsp.realpath(dir).catch(() => dir));
    return realRoots.get(dir);
  }

  async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
    }
    let url;
    let pathname;
    try {
      url = new URL(req.url, 'http://localhost');
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'Bad Request\n');
    }
    if (pathname.includes('\0') || pathname.includes('\\')) return send(res, 400, 'Bad Request\n');

    const headers = { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
    let urlPrefix = '';
    if (pathname === '/csp') {
      return send(res, 301, 'Moved\n', { Location: `/csp/${url.search}` });
    }
    if (pathname.startsWith(CSP_PREFIX)) {
      headers['Content-Security-Policy'] = CSP_POLICY;
      urlPrefix = '/csp';
      pathname = pathname.slice(urlPrefix.length);
    }

    let base = rootDir;
    let rel = pathname;
    const mount = mounts.find((m) => pathname.startsWith(m.prefix) || pathname === m.prefix.slice(0, -1));
    if (mount) {
      if (pathname === mount.prefix.slice(0, -1)) {
        return send(res, 301, 'Moved\n', { Location: `${urlPrefix}${mount.prefix}${url.search}` });
      }
      base = mount.dir;
      rel = pathname.slice(mount.prefix.length);
    }

    let filePath = path.resolve(base, `.${path.posix.sep}${rel}`);
    if (!isInside(base, filePath)) return send(res, 403, 'Forbidden\n');

    let stat = await fsp.stat(filePath).catch(() => null);
    if (stat && stat.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        return send(res, 301, 'Moved\n', { Location: `${url.pathname}/${url.search}` });
      }
      filePath = path.join(filePath, 'index.html');
      stat = await fsp.stat(filePath).catch(() => null);
    }
    if (!stat || !stat.isFile()) return send(res, 404, `Not Found: ${url.pathname}\n`, headers);

    // Refuse symlinks that lead outside the root.
    const real = await fsp.realpath(filePath).catch(() => null);
    if (!real || !isInside(await realBase(base), real)) return send(res, 403, 'Forbidden\n');

    const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    headers.ETag = etag;
    headers['Last-Modified'] = stat.mtime.toUTCString();
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': mimeType(filePath),
      'Content-Length': stat.size,
    });
    if (req.method === 'HEAD') return res.end();
    const stream = fs.createReadStream(filePath);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  const server = http.createServer((req, res) => {
    if (log) {
      res.on('finish', () => console.log(`${req.method} ${req.url} ${res.statusCode}`));
    }
    handle(req, res).catch((err) => {
      console.error(`serve.mjs: ${req.method} ${req.url}: ${err.stack ?? err}`);
      if (!res.headersSent) send(res, 500, 'Internal Server Error\n');
      else res.destroy();
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing = null;
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    server,
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      return closing;
    },
  };
}

function parseArgs(argv) {
  const opts = { root: 'dist', port: 8000, host: '127.0.0.1', extraRoots: [], log: true };
  const value = (i, name) => {
    if (i >= argv.length) throw new Error(`${name} needs a value`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline;
    if (arg.startsWith('--') && arg.includes('=')) {
      inline = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
    }
    const next = () => inline ?? value(++i, arg);
    switch (arg) {
      case '--root': opts.root = next(); break;
      case '--port': opts.port = Number(next()); break;
      case '--host': opts.host = next(); break;
      case '--extra-root': opts.extraRoots.push(next()); break;
      case '--quiet': opts.log = false; break;
      case '-h':
      case '--help':
        console.log(
          'usage: node tools/serve.mjs [--root DIR] [--port N] [--host H] ' +
            '[--extra-root PREFIX=DIR ...] [--quiet]',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument '${argv[i]}' (try --help)`);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new Error('--port must be an integer between 0 and 65535');
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(2);
  }
  let srv;
  try {
    srv = await startServer(opts);
  } catch (err) {
    const msg =
      err.code === 'EADDRINUSE'
        ? `port ${opts.port} on ${opts.host} is already in use (try PORT=8001 make serve)`
        : err.message;
    console.error(`serve.mjs: ${msg}`);
    process.exit(1);
  }
  console.log(`Serving ${path.resolve(opts.root)} at ${srv.url}/`);
  console.log(`  with the strict Content-Security-Policy: ${srv.url}/csp/`);
  for (const m of normaliseMounts(opts.extraRoots)) console.log(`  ${srv.url}${m.prefix} -> ${m.dir}`);
  console.log('Press Ctrl-C to stop.');
  const stop = (signal) => {
    console.log(`\n${signal}: stopping the server.`);
    srv.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

const invokedDirectly = (() => {
  try {
    return (
      process.argv[1] !== undefined &&
      fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
})();
if (invokedDirectly) main();
