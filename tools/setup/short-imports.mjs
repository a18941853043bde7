#!/usr/bin/env node
// Gives the functions that the .wasm imports from wasm-bindgen's JS glue short names, in both
// files, in place. wasm-bindgen names each one after the Rust import plus a hash
// (`__wbg_addEventListener_f2d27251d333a631`): some 7 KB of names in the .wasm and again in the
// glue, the hashes of which gzip cannot shrink. Each is then a short identifier (`a`, `b`, ...,
// `a0`, ...), the same in both files. Only names that appear exactly once in the glue, as one
// token, are renamed; anything else unexpected leaves both files untouched.
//
//   node tools/setup/short-imports.mjs pkg/incident_map_bg.wasm pkg/incident_map.js
import fs from 'node:fs';

const [wasmPath, jsPath] = process.argv.slice(2);
if (!wasmPath || !jsPath) {
  console.error('usage: short-imports.mjs FILE_bg.wasm FILE.js');
  process.exit(2);
}
const say = (text) => console.log(`[short-imports] ${text}`);

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function toLeb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/** Skips an import's description (function, table, memory, global or tag): the next offset. */
function skipDescription(bytes, at) {
  const kind = bytes[at++];
  const limits = (from) => {
    const [flags, next] = leb(bytes, from);
    let after = leb(bytes, next)[1];
    if (flags & 1) after = leb(bytes, after)[1];
    return after;
  };
  if (kind === 0) return leb(bytes, at)[1];
  if (kind === 1) return limits(at + 1);
  if (kind === 2) return limits(at);
  if (kind === 3) return at + 2;
  if (kind === 4) return leb(bytes, at + 1)[1];
  throw new Error(`unknown import kind ${kind}`);
}

/** Short identifiers, one for each n: a..z, A..Z, then two characters and more. */
function shortName(n) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const more = `${letters}0123456789`;
  let name = letters[n % letters.length];
  for (let rest = Math.floor(n / letters.length); rest > 0; rest = Math.floor((rest - 1) / more.length)) {
    name += more[(rest - 1) % more.length];
  }
  return name;
}

const wasm = fs.readFileSync(wasmPath);
let js = fs.readFileSync(jsPath, 'utf8');
const decoder = new TextDecoder();
const encoder = new TextEncoder();

let at = 8;
const sections = [];
while (at < wasm.length) {
  const id = wasm[at];
  const [size, start] = leb(wasm, at + 1);
  sections.push({ id, start, end: start + size, head: at });
  at = start + size;
}
const imports = sections.find((s) => s.id === 2);
if (!imports) {
  say('no import section: nothing to do');
  process.exit(0);
}

// How often each identifier occurs in the glue.
const counts = new Map();
for (const token of js.match(/[A-Za-z_$][\w$]*/g) ?? []) counts.set(token, (counts.get(token) ?? 0) + 1);

const [count, first] = leb(wasm, imports.start);
const entries = [];
const renamed = new Map();
at = first;
for (let i = 0; i < count; i++) {
  const [moduleLength, moduleAt] = leb(wasm, at);
  const module = wasm.subarray(moduleAt, moduleAt + moduleLength);
  const [nameLength, nameAt] = leb(wasm, moduleAt + moduleLength);
  const name = decoder.decode(wasm.subarray(nameAt, nameAt + nameLength));
  const descriptionAt = nameAt + nameLength;
  at = skipDescription(wasm, descriptionAt);
  let newName = name;
  if (/^[A-Za-z_$][\w$]*$/.test(name) && counts.get(name) === 1) {
    newName = shortName(renamed.size);
    while (counts.has(newName)) newName = `${newName}_`;
    renamed.set(name, newName);
  }
  entries.push({ module, name: encoder.encode(newName), description: wasm.subarray(descriptionAt, at) });
}
if (at !== imports.end) throw new Error('the import section did not parse to its end: files left as they are');

const body = [...toLeb(count)];
for (const e of entries) {
  body.push(...toLeb(e.module.length), ...e.module, ...toLeb(e.name.length), ...e.name, ...e.description);
}
const section = Uint8Array.from([2, ...toLeb(body.length), ...body]);
const out = Buffer.concat([wasm.subarray(0, imports.head), section, wasm.subarray(imports.end)]);

let replaced = 0;
js = js.replace(/[A-Za-z_$][\w$]*/g, (token) => {
  const short = renamed.get(token);
  if (short === undefined) return token;
  replaced++;
  return short;
});
if (replaced !== renamed.size) throw new Error(`renamed ${replaced} names in the glue, expected ${renamed.size}`);

fs.writeFileSync(wasmPath, out);
fs.writeFileSync(jsPath, js);
say(`${renamed.size} of ${count} imports renamed: wasm ${wasm.length} -> ${out.length} bytes`);
