#!/usr/bin/env node
// Writes the benchmark's datasets: GeoJSON FeatureCollections of synthetic incidents across
// Afghanistan (the recipe is in lib/incidents.mjs), deterministic for a seed.
//
//   node bench/generate.mjs [--sizes 10k,100k,1M] [--seed 8] [--out bench/out/data]
//
// A dataset already written with the same size, seed and recipe version is kept as it is.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { incidents, RECIPE_VERSION } from './lib/incidents.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SIZES = [10_000, 100_000, 1_000_000];
export const DEFAULT_SEED = 8;
export const DATA_DIR = path.join(BENCH_DIR, 'out', 'data');

/** `10k`, `100k`, `1M`: the name of a size in file names and tables. */
export function sizeName(n) {
  if (n >= 1e6 && n % 1e6 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 1e3 === 0) return `${n / 1e3}k`;
  return String(n);
}

/** Parses a size: 10000, 10_000, 10k or 1M. */
export function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(String(text).trim().replace(/_/g, ''));
  if (!m) throw new Error(`${text} is not a size (10000, 10k, 1M)`);
  return Math.round(Number(m[1]) * { '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase()]);
}

/** Path of the dataset of `count` incidents. */
export const datasetPath = (count, dir = DATA_DIR) => path.join(dir, `incidents-${sizeName(count)}.geojson`);

/** Writes one dataset (unless an identical one is there); resolves to its path and size. */
export async function writeDataset(count, { seed = DEFAULT_SEED, dir = DATA_DIR } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const file = datasetPath(count, dir);
  const metaFile = file.replace(/\.geojson$/, '.meta.json');
  const meta = { count, seed, recipe: RECIPE_VERSION };
  const old = fs.existsSync(metaFile) && fs.existsSync(file) ? JSON.parse(fs.readFileSync(metaFile, 'utf8')) : null;
  if (old && old.count === count && old.seed === seed && old.recipe === RECIPE_VERSION) {
    return { file, bytes: fs.statSync(file).size, reused: true };
  }
  const out = fs.createWriteStream(file);
  const write = (text) => (out.write(text) ? null : new Promise((r) => out.once('drain', r)));
  await write('{"type":"FeatureCollection","features":[\n');
  let chunk = [];
  let first = true;
  for (const feature of incidents(count, seed)) {
    chunk.push(JSON.stringify(feature));
    if (chunk.length === 5000) {
      await write((first ? '' : ',\n') + chunk.join(',\n'));
      first = false;
      chunk = [];
    }
  }
  if (chunk.length) await write((first ? '' : ',\n') + chunk.join(',\n'));
  await write('\n]}\n');
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
  fs.writeFileSync(metaFile, `${JSON.stringify({ ...meta, bytes: fs.statSync(file).size })}\n`);
  return { file, bytes: fs.statSync(file).size, reused: false };
}

function parseArgs(argv) {
  const opts = { sizes: DEFAULT_SIZES, seed: DEFAULT_SEED, dir: DATA_DIR };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--sizes') opts.sizes = value().split(',').map(parseSize);
    else if (flag === '--seed') opts.seed = Number(value());
    else if (flag === '--out') opts.dir = path.resolve(value());
    else throw new Error(`unknown argument ${argv[i]} (use --sizes, --seed, --out)`);
  }
  if (opts.sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--sizes: positive whole numbers');
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  for (const count of opts.sizes) {
    const started = performance.now();
    const { file, bytes, reused } = await writeDataset(count, opts);
    const took = ((performance.now() - started) / 1000).toFixed(1);
    const mb = (bytes / 1e6).toFixed(1);
    console.log(`${reused ? 'kept' : 'wrote'} ${path.relative(process.cwd(), file)}: ${count} incidents, ${mb} MB${reused ? '' : ` in ${took} s`}`);
  }
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`generate.mjs: ${err.message}`);
    process.exit(1);
  });
}
