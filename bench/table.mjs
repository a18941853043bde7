#!/usr/bin/env node
// Prints the side-by-side tables of one or more results files of bench/run.mjs, merged by size
// (for maps or sizes measured in separate runs, such as the two 1M runs), as text and Markdown.
//
//   node bench/table.mjs bench/out/results.json [more.json ...]
import fs from 'node:fs';
import { sizeName } from './generate.mjs';
import { markdownLines, tableLines } from './lib/report.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node bench/table.mjs RESULTS.json [RESULTS.json ...]');
  process.exit(2);
}
const bySize = new Map();
for (const file of files) {
  const run = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const { size, bytes, results } of run.sizes) {
    const merged = bySize.get(size) ?? { bytes, results: {}, dates: new Set() };
    Object.assign(merged.results, results);
    merged.dates.add(run.machine.date);
    bySize.set(size, merged);
  }
}
const sizes = [...bySize.keys()].sort((a, b) => a - b);
for (const size of sizes) {
  const { bytes, results, dates } = bySize.get(size);
  console.log([...tableLines(sizeName(size), bytes, results), `  runs: ${[...dates].join(', ')}`].join('\n'));
}
console.log('\nMarkdown:');
for (const size of sizes) {
  const { bytes, results } = bySize.get(size);
  console.log(markdownLines(sizeName(size), bytes, results).join('\n'));
}
