#!/usr/bin/env node
// Two or more builds of the widget compared on some steps of the benchmark, in turns: each round
// opens a fresh page for every build, in order, and runs the steps there; the samples of each
// build are pooled over the rounds. This machine's pace drifts by a third within minutes, so a
// change is judged by builds measured side by side in the same minutes, not by two runs of
// `bench/run.mjs` an hour apart.
//
//   node bench/ab.mjs [--size 1M] [--rounds 3] [--steps zoomdense,zoomcity,zoomdeep,time] DIR...
//
// Each DIR is a wasm-bindgen output folder, as `make build` leaves in dist/pkg (copy it away
// before building the next one). Steps: those of bench/lib/steps.mjs's STEP_NAMES (time is the
// slide of 30 days). Prints, per step, each build's main-thread p50 and p95 of the pooled
// samples, and each round's p50.
import path from 'node:path';
import { launchBrowser, newPage } from '../tests/e2e/helpers.mjs';
import { DEFAULT_SEED, datasetPath, parseSize, writeDataset } from './generate.mjs';
import { startBenchServer } from './lib/server.mjs';
import { PageUnderTest } from './lib/session.mjs';
import { summary } from './lib/stats.mjs';
import { COUNTRY_BOX, pan, runStep, sampleCounts, STEP_NAMES } from './lib/steps.mjs';

function options(argv) {
  const opts = { size: parseSize('1M'), rounds: 3, steps: ['zoomdense', 'zoomcity', 'zoomdeep', 'time'], pkgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--size') (opts.size = parseSize(value)), i++;
    else if (flag === '--rounds') (opts.rounds = Number(value)), i++;
    else if (flag === '--steps') (opts.steps = value.split(',')), i++;
    else if (flag.startsWith('--')) throw new Error(`unknown option ${flag} (see the comment at the top of bench/ab.mjs)`);
    else opts.pkgs.push(path.resolve(flag));
  }
  const unknown = opts.steps.filter((s) => !STEP_NAMES.includes(s));
  if (unknown.length) throw new Error(`unknown steps ${unknown.join(', ')}: choose among ${STEP_NAMES.join(', ')}`);
  if (opts.pkgs.length === 0) throw new Error('name at least one build folder (a copy of dist/pkg)');
  return opts;
}

/** One fresh page of one build: the data loaded, then the steps in order. */
async function measure(browser, pkg, opts) {
  const server = await startBenchServer({ pkg });
  try {
    const page = await newPage(browser, { width: 1280, height: 800 });
    await page.goto(`${server.url}/bench/ours.html`);
    const pt = await PageUnderTest.open(page, 120_000);
    await pt.evaluate(() => window.__lib.ready());
    await page.evaluate((u) => window.__lib.load(u), `/bench-data/${path.basename(datasetPath(opts.size))}`);
    const view = await pt.evaluate(() => window.__lib.view());
    const counts = sampleCounts(opts.size, 'ours');
    const samples = {};
    for (const step of opts.steps) {
      await pt.evaluate((b) => window.__lib.showBox(b), COUNTRY_BOX);
      // As in run.mjs, a drag before the wheel gives the map the focus (cooperative gestures).
      if (step.startsWith('zoom')) await pan(pt, view, { ...counts, gestures: 1 });
      samples[step] = (await runStep(pt, step, opts.size, view, counts, DEFAULT_SEED)).map((s) => s.mainMs);
    }
    await page.close();
    return samples;
  } finally {
    await server.close();
  }
}

const opts = options(process.argv.slice(2));
await writeDataset(opts.size);
const browser = await launchBrowser();
const pooled = opts.pkgs.map(() => Object.fromEntries(opts.steps.map((s) => [s, { all: [], rounds: [] }])));
try {
  for (let round = 0; round < opts.rounds; round++) {
    for (const [i, pkg] of opts.pkgs.entries()) {
      const samples = await measure(browser, pkg, opts);
      for (const step of opts.steps) {
        pooled[i][step].all.push(...samples[step]);
        pooled[i][step].rounds.push(summary(samples[step]).p50);
      }
      console.error(`round ${round + 1}/${opts.rounds}: ${path.basename(pkg)} measured`);
    }
  }
} finally {
  await browser.close();
}
const f = (v) => v.toFixed(2);
console.log(`${opts.size} incidents, ${opts.rounds} rounds alternated; main-thread ms, pooled p50 / p95 [p50 of each round]`);
for (const step of opts.steps) {
  console.log(step);
  for (const [i, pkg] of opts.pkgs.entries()) {
    const { all, rounds } = pooled[i][step];
    const s = summary(all);
    console.log(`  ${path.basename(pkg).padEnd(24)} ${f(s.p50).padStart(7)} / ${f(s.p95).padStart(7)}   [${rounds.map(f).join(', ')}]`);
  }
}
