#!/usr/bin/env node
// Where one step's main-thread time goes: runs one step of the benchmark on one map and size,
// with Chromium's trace on, and prints the step's main-thread p50 and the trace events of the
// renderer's main thread summed by name (thread time, per sample). The sampling profiler shows
// most of a frame as "(program)"; the trace names it: canvas rasterisation
// (Canvas2DResourceProviderSharedImage::ProduceCanvasResource, SkCanvas::drawArc), compositing
// (Commit), style, layout, hit testing, or the instrument's own scripts.
//
//   node bench/trace.mjs [--step pan|zoom|time|click] [--size 1M] [--lib ours|leaflet] [--top 40]
//
// Needs dist/ (make build) and the generated data (node bench/generate.mjs). The trace covers the
// whole step, the set-up between its samples included (for clicks: showing the box again), and
// adds its own overhead: read the timings from `node bench/run.mjs`, the shares from here.
import path from 'node:path';
import { launchBrowser, newPage } from '../tests/e2e/helpers.mjs';
import { DEFAULT_SEED, datasetPath, parseSize, writeDataset } from './generate.mjs';
import { startBenchServer } from './lib/server.mjs';
import { PageUnderTest } from './lib/session.mjs';
import { summary } from './lib/stats.mjs';
import { clickIncident, pan, sampleCounts, timeRange, zoom } from './lib/steps.mjs';

const PAGES = { ours: 'ours.html', leaflet: 'leaflet.html' };
const CATEGORIES = 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,disabled-by-default-skia';

function options(argv) {
  const opts = { step: 'zoom', size: parseSize('1M'), lib: 'ours', top: 40 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--step') opts.step = value;
    else if (flag === '--size') opts.size = parseSize(value);
    else if (flag === '--lib') opts.lib = value;
    else if (flag === '--top') opts.top = Number(value);
    else throw new Error(`unknown option ${flag} (see the comment at the top of bench/trace.mjs)`);
    i++;
  }
  if (!['pan', 'zoom', 'time', 'click'].includes(opts.step)) throw new Error(`--step must be pan, zoom, time or click, got ${opts.step}`);
  if (!PAGES[opts.lib]) throw new Error(`--lib must be ours or leaflet, got ${opts.lib}`);
  return opts;
}

/** Runs the step and returns its samples (each with `mainMs`). */
async function runStep(pt, step, size, view, counts) {
  if (step === 'pan') return (await pan(pt, view, counts)).moves;
  if (step === 'zoom') return zoom(pt, view, counts);
  if (step === 'time') return (await timeRange(pt, counts)).slides;
  return (await clickIncident(pt, size, DEFAULT_SEED, counts)).samples;
}

/** Reads a finished trace (CDP Tracing with transferMode ReturnAsStream). */
async function readTrace(cdp) {
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  return JSON.parse(text).traceEvents;
}

const opts = options(process.argv.slice(2));
await writeDataset(opts.size);
const server = await startBenchServer();
const browser = await launchBrowser();
try {
  const page = await newPage(browser, { width: 1280, height: 800 });
  await page.goto(`${server.url}/bench/${PAGES[opts.lib]}`);
  const pt = await PageUnderTest.open(page, 120_000);
  await pt.evaluate(() => window.__lib.ready());
  await page.evaluate((u) => window.__lib.load(u), `/bench-data/${path.basename(datasetPath(opts.size))}`);
  const view = await pt.evaluate(() => window.__lib.view());
  const counts = sampleCounts(opts.size, opts.lib);
  await pt.cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
  const samples = await runStep(pt, opts.step, opts.size, view, counts);
  const events = await readTrace(pt.cdp);
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const byName = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !e.tdur || e.pid !== main?.pid || e.tid !== main?.tid) continue;
    const entry = byName.get(e.name) ?? { ms: 0, count: 0 };
    entry.ms += e.tdur / 1000;
    entry.count += 1;
    byName.set(e.name, entry);
  }
  const n = Math.max(samples.length, 1);
  const s = summary(samples.map((x) => x.mainMs));
  console.log(`${opts.lib}, ${opts.step}, ${opts.size} incidents: ${samples.length} samples, main thread p50 ${s.p50.toFixed(2)} ms (traced)`);
  console.log('main-thread trace events, thread time per sample (nested events are counted in their parents too):');
  const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, opts.top);
  for (const [name, { ms, count }] of rows) {
    console.log(`  ${(ms / n).toFixed(2).padStart(7)} ms  ${(count / n).toFixed(1).padStart(6)}×  ${name}`);
  }
} finally {
  await browser.close();
  await server.close();
}
