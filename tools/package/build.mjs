#!/usr/bin/env node
// Writes the npm-ready package folder from the built site: `make build` runs it after copying
// www/ into dist/.
//
//   node tools/package/build.mjs [DIST]        (default: dist; writes DIST/npm)
//
// The package is the widget only (no demo page, no dataset): the ES module, wasm-bindgen's glue,
// the .wasm, the stylesheet, the basemap with its NOTICE, the TypeScript declarations, a README
// and the licence. Its version is the crate's (Cargo.toml), so the two never disagree.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, 'dist'));
const out = path.join(dist, 'npm');

/** Files of the package: [path in the package, where it comes from]. */
const FILES = [
  ['incident-map.js', path.join(dist, 'incident-map.js')],
  ['incident-map.d.ts', path.join(dist, 'incident-map.d.ts')],
  ['incident-map.css', path.join(dist, 'incident-map.css')],
  ['pkg/incident_map.js', path.join(dist, 'pkg/incident_map.js')],
  ['pkg/incident_map.d.ts', path.join(dist, 'pkg/incident_map.d.ts')],
  ['pkg/incident_map_bg.wasm', path.join(dist, 'pkg/incident_map_bg.wasm')],
  ['pkg/incident_map_bg.wasm.d.ts', path.join(dist, 'pkg/incident_map_bg.wasm.d.ts')],
  ['basemap/afghanistan.json', path.join(dist, 'basemap/afghanistan.json')],
  ['basemap/gazetteer.tsv', path.join(dist, 'basemap/gazetteer.tsv')],
  ['basemap/NOTICE.md', path.join(dist, 'basemap/NOTICE.md')],
  ['README.md', path.join(REPO_ROOT, 'tools/package/README.md')],
  ['LICENSE', path.join(REPO_ROOT, 'LICENSE')],
];

/** The crate's `[package]` field `name` (version, description, license) from Cargo.toml. */
function crateField(name) {
  const toml = fs.readFileSync(path.join(REPO_ROOT, 'Cargo.toml'), 'utf8');
  const section = toml.split(/^\[/m).find((s) => s.startsWith('package]')) ?? '';
  const match = section.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm'));
  if (!match) throw new Error(`Cargo.toml: [package] has no ${name}`);
  return match[1];
}

function manifest() {
  return {
    name: 'incident-map',
    version: crateField('version'),
    description: crateField('description'),
    license: crateField('license'),
    type: 'module',
    main: './incident-map.js',
    module: './incident-map.js',
    types: './incident-map.d.ts',
    exports: {
      '.': { types: './incident-map.d.ts', default: './incident-map.js' },
      './incident-map.css': './incident-map.css',
      './pkg/incident_map.js': { types: './pkg/incident_map.d.ts', default: './pkg/incident_map.js' },
      './pkg/incident_map_bg.wasm': './pkg/incident_map_bg.wasm',
      './basemap/afghanistan.json': './basemap/afghanistan.json',
      './basemap/gazetteer.tsv': './basemap/gazetteer.tsv',
      './package.json': './package.json',
    },
    files: [...new Set(FILES.map(([to]) => to.split('/')[0]))].filter((f) => f !== 'README.md' && f !== 'LICENSE'),
    // Importing the module defines the <incident-map> element: bundlers must keep it.
    sideEffects: ['./incident-map.js'],
    keywords: ['map', 'incidents', 'webassembly', 'custom-element', 'web-component', 'geojson', 'canvas'],
  };
}

function main() {
  for (const [, from] of FILES) {
    if (!fs.existsSync(from)) throw new Error(`${path.relative(REPO_ROOT, from)} is missing: run 'make build'`);
  }
  fs.rmSync(out, { recursive: true, force: true });
  for (const [to, from] of FILES) {
    fs.mkdirSync(path.dirname(path.join(out, to)), { recursive: true });
    fs.copyFileSync(from, path.join(out, to));
  }
  fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(manifest(), null, 2)}\n`);
  console.log(`== npm package -> ${path.relative(process.cwd(), out) || out}/ (${FILES.length + 1} files)`);
}

try {
  main();
} catch (error) {
  console.error(`tools/package/build.mjs: ${error.message}`);
  process.exit(1);
}
