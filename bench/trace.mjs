#!/usr/bin/env node
// Where one step's main-thread time goes: runs one step of the benchmark on one map and size,
// with Chromium's trace on, and prints the step's main-thread p50 and the trace events of the
// renderer's main thread summed by name (thread time, per sample). The sampling profiler shows
// most of a frame as "(program)"; the trace names it: canvas rasterisation
// (Canvas2DResourceProviderSharedImage::ProduceCanvasResource, SkCanvas::drawArc), compositing
// (Commit), style, layout, hit testing, or the instrument's own scripts.
//
//   node bench/trace.mjs [--step pan|zoom|zoomdeep|zoomdense|zoomcity|time|click|cluster] [--size 1M] [--lib ours|leaflet] [--top 40]
//                        [--profile [--save FILE]] [--pkg DIR] [--hide SELECTOR] [--under EVENT]
//
// --profile adds Chromium's sampling CPU profile inside the samples (JS and wasm functions by
// name with a build that keeps them: `wasm-bindgen --target web --out-dir DIR` on the release
// .wasm, then --pkg DIR); --hide SELECTOR hides elements of the widget (display: none) for the
// step, to see what they cost the browser; --under EVENT sums only the trace events nested in
// an event of that name (EventHandler::handleMouseReleaseEvent: what a click's release costs), and
// with --profile only the profile's samples inside those events. --save FILE writes those samples
// as a .cpuprofile, for DevTools or a script that walks the call tree.
//
// Needs dist/ (make build) and the generated data (node bench/generate.mjs). Only the events that
// start inside a sample count: each sample is bracketed by `console.timeStamp` marks, so the
// set-up between samples (for clicks: showing the box again) is left out. Tracing adds its own
// overhead: read the timings from `node bench/run.mjs`, the shares from here.
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, newPage } from '../tests/e2e/helpers.mjs';
import { DEFAULT_SEED, datasetPath, parseSize, writeDataset } from './generate.mjs';
import { startBenchServer } from './lib/server.mjs';
import { PageUnderTest } from './lib/session.mjs';
import { startProfile, summarise } from './lib/profile.mjs';
import { summary } from './lib/stats.mjs';
import { pan, runStep, sampleCounts, STEP_NAMES } from './lib/steps.mjs';

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
    else if (flag === '--pkg') opts.pkg = value;
    else if (flag === '--hide') opts.hide = value;
    else if (flag === '--under') opts.under = value;
    else if (flag === '--save') opts.save = value;
    else if (flag === '--profile') (opts.profile = true), i--;
    else throw new Error(`unknown option ${flag} (see the comment at the top of bench/trace.mjs)`);
    i++;
  }
  if (!STEP_NAMES.includes(opts.step)) throw new Error(`--step must be one of ${STEP_NAMES.join(', ')}, got ${opts.step}`);
  if (!PAGES[opts.lib]) throw new Error(`--lib must be ours or leaflet, got ${opts.lib}`);
  return opts;
}

const MARK = 'im-trace-sample';

/** Marks the start and end of every sample in the trace (the marks cost a CDP round trip each,
 * outside the sample's own measurement). */
function bracketSamples(pt) {
  const sample = pt.sample.bind(pt);
  pt.sample = async (act) => {
    await pt.page.evaluate((m) => console.timeStamp(`${m}-start`), MARK);
    try {
      return await sample(act);
    } finally {
      await pt.page.evaluate((m) => console.timeStamp(`${m}-end`), MARK);
    }
  };
}

/** The [start, end) trace times of the samples, from their marks. */
function sampleWindows(events) {
  const marks = events
    .filter((e) => e.name === 'TimeStamp' && String(e.args?.data?.message).startsWith(MARK))
    .sort((a, b) => a.ts - b.ts);
  const windows = [];
  let start = null;
  for (const m of marks) {
    if (m.args.data.message.endsWith('-start')) start = m.ts;
    else if (start !== null) windows.push([start, m.ts]), (start = null);
  }
  if (!windows.length) throw new Error('the trace holds no sample marks (console.timeStamp events)');
  return windows;
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
const server = await startBenchServer({ pkg: opts.pkg ?? null });
const browser = await launchBrowser();
try {
  const page = await newPage(browser, { width: 1280, height: 800 });
  await page.goto(`${server.url}/bench/${PAGES[opts.lib]}`);
  const pt = await PageUnderTest.open(page, 120_000);
  await pt.evaluate(() => window.__lib.ready());
  await page.evaluate((u) => window.__lib.load(u), `/bench-data/${path.basename(datasetPath(opts.size))}`);
  const view = await pt.evaluate(() => window.__lib.view());
  const counts = sampleCounts(opts.size, opts.lib);
  // As in run.mjs, a drag comes before the wheel: it gives the map the focus, without which
  // (cooperative gestures, the default) a wheel scrolls the page instead.
  if (opts.step.startsWith('zoom')) await pan(pt, view, { ...counts, gestures: 1 });
  bracketSamples(pt);
  if (opts.hide) {
    // What the step costs without some of the widget's elements (display: none), to find
    // which of them the browser spends on.
    await page.evaluate((selector) => {
      const style = document.createElement('style');
      style.textContent = `${selector} { display: none !important; }`;
      document.querySelector('incident-map').shadowRoot.append(style);
    }, opts.hide);
  }
  await pt.cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
  if (opts.profile) await startProfile(pt.cdp, 100);
  const samples = await runStep(pt, opts.step, opts.size, view, counts, DEFAULT_SEED);
  const profile = opts.profile ? (await pt.cdp.send('Profiler.stop')).profile : null;
  const events = await readTrace(pt.cdp);
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const windows = sampleWindows(events);
  const inSample = (ts) => windows.some(([from, to]) => ts >= from && ts < to);
  const onMain = (e) => e.ph === 'X' && e.tdur && e.pid === main?.pid && e.tid === main?.tid && inSample(e.ts);
  // With --under: the spans of the events of that name, and only what starts inside one counts.
  const spans = opts.under ? events.filter((e) => onMain(e) && e.name === opts.under).map((e) => [e.ts, e.ts + e.dur]) : null;
  const inSpans = (ts) => !spans || spans.some(([from, to]) => ts >= from && ts < to);
  const counted = (e) => onMain(e) && inSpans(e.ts);
  const byName = new Map();
  for (const e of events) {
    if (!counted(e)) continue;
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
  if (profile) {
    // The profile's clock is the trace's: keep the samples taken inside the step's samples.
    let t = profile.startTime;
    const kept = profile.samples.map((_, i) => {
      t += profile.timeDeltas[i];
      return inSample(t) && inSpans(t);
    });
    const inside = { ...profile, samples: profile.samples.filter((_, i) => kept[i]) };
    inside.nodes = profile.nodes.map((n) => ({ ...n, hitCount: 0 }));
    const byId = new Map(inside.nodes.map((node) => [node.id, node]));
    for (const id of inside.samples) byId.get(id).hitCount++;
    inside.endTime = inside.startTime + inside.samples.length * 100;
    inside.timeDeltas = inside.samples.map(() => 100);
    if (opts.save) fs.writeFileSync(opts.save, JSON.stringify(inside));
    const summary = summarise(inside);
    console.log(`CPU profile inside the samples (100 µs sampling, ${inside.samples.length} hits; ms per sample):`);
    for (const [title, rows] of [['self', summary.self], ['inclusive', summary.inclusive]]) {
      console.log(`  ${title}:`);
      for (const e of rows.slice(0, opts.top)) console.log(`    ${(e.ms / n).toFixed(2).padStart(7)} ms  ${e.name}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
