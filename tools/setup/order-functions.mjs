#!/usr/bin/env node
// Reorders the functions of a .wasm, in place, so that functions that begin alike sit next to
// each other, which gzip compresses better: it finds repeats only within its last 32 KB, and
// rustc and wasm-opt lay the module's 2,900 functions out in an order that has nothing to do with
// how they look. Measured on 7 December 2026 (gzip -9 of the .wasm after wasm-opt): 194,560 bytes
// in rustc's order; 191,490 sorted by the first 50 characters of each body's text form, 192,296
// by 80, 192,588 by 300, 192,531 by the whole text (binaryen's own --reorder-functions, by call
// count, made it about 8 KB larger). Only the order changes: every call, export and table entry
// names its function, and binaryen writes the indices again. The order is deterministic (ties
// keep their place).
//
//   node tools/setup/order-functions.mjs pkg/incident_map_bg.wasm
//
// Needs the npm package binaryen (package.json); without it, says so and leaves the file as it is.
// Reads the features rustc enables for wasm32-unknown-unknown, as tools/setup/wasm-opt.sh does:
// binaryen writes newer encodings (such as compact imports) when told that every feature is on.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

const [wasmPath] = process.argv.slice(2);
if (!wasmPath) {
  console.error('usage: order-functions.mjs FILE.wasm');
  process.exit(2);
}
const say = (text) => console.log(`[order-functions] ${text}`);
/** How much of each function's text decides its place: the best of those measured above. */
const KEY_CHARS = 50;

let binaryen;
try {
  binaryen = (await import('binaryen')).default;
} catch {
  say('the npm package binaryen is not installed (npm ci installs it): the functions keep their order');
  process.exit(0);
}

const FEATURES = {
  'bulk-memory': 'BulkMemory',
  'bulk-memory-opt': 'BulkMemoryOpt',
  'call-indirect-overlong': 'CallIndirectOverlong',
  'multivalue': 'Multivalue',
  'mutable-globals': 'MutableGlobals',
  'nontrapping-fptoint': 'NontrappingFPToInt',
  'reference-types': 'ReferenceTypes',
  'sign-ext': 'SignExt',
  'simd128': 'SIMD128',
  'relaxed-simd': 'RelaxedSIMD',
  'atomics': 'Atomics',
  'tail-call': 'TailCall',
  'exception-handling': 'ExceptionHandling',
  'extended-const': 'ExtendedConst',
  'multimemory': 'MultiMemory',
};
const cfg = execFileSync('rustc', ['--print', 'cfg', '--target', 'wasm32-unknown-unknown'], { encoding: 'utf8' });
let features = binaryen.Features.MVP;
for (const [, name] of cfg.matchAll(/^target_feature="(.*)"$/gm)) {
  const flag = binaryen.Features[FEATURES[name]];
  if (flag === undefined) say(`rustc enables wasm feature '${name}', which this script does not know: left out`);
  else features |= flag;
}

// As wasm-opt's --enable-bulk-memory and --enable-reference-types imply these two (binaryen's
// library asserts that they go together).
if (features & binaryen.Features.BulkMemory) features |= binaryen.Features.BulkMemoryOpt;
if (features & binaryen.Features.ReferenceTypes) features |= binaryen.Features.CallIndirectOverlong;

const before = fs.readFileSync(wasmPath);
const wasm = binaryen.readBinary(before);
wasm.setFeatures(features);
const defined = [];
for (let i = 0; i < wasm.getNumFunctions(); i++) {
  const info = binaryen.getFunctionInfo(wasm.getFunctionByIndex(i));
  if (info.module) continue; // imported: has no body, and stays where imports go
  defined.push({ i, info, key: binaryen.emitText(info.body).slice(0, KEY_CHARS) });
}
const order = [...defined].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
const copies = order.map(({ info }) => ({ ...info, body: wasm.copyExpression(info.body) }));
for (const { info } of order) wasm.removeFunction(info.name);
for (const f of copies) wasm.addFunction(f.name, f.params, f.results, f.vars, f.body);
if (!wasm.validate()) {
  say('the reordered module does not validate: the functions keep their order');
  process.exit(1);
}
const after = wasm.emitBinary();
wasm.dispose();
fs.writeFileSync(wasmPath, after);
say(`${defined.length} functions ordered by the first ${KEY_CHARS} characters of their text: ${before.length} -> ${after.length} bytes raw`);
