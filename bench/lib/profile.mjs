// Chromium's sampling CPU profiler (CDP Profiler) around a phase, and a summary of where the
// main thread spent its time: self time per function, and inclusive time per function.
import fs from 'node:fs';

/** Starts sampling every `intervalUs` microseconds. */
export async function startProfile(cdp, intervalUs = 200) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
}

/** Stops sampling, writes the .cpuprofile (Chromium DevTools opens it) and returns a summary. */
export async function stopProfile(cdp, file) {
  const { profile } = await cdp.send('Profiler.stop');
  fs.writeFileSync(file, JSON.stringify(profile));
  return summarise(profile);
}

function frameName(node) {
  const { functionName, url } = node.callFrame;
  const where = url.startsWith('wasm://') ? 'wasm' : url ? url.split('/').pop() : 'native';
  return `${functionName || '(anonymous)'} [${where}]`;
}

/** Self and inclusive milliseconds per function name, largest first, over the whole profile. */
export function summarise(profile) {
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerHit = totalMs / Math.max(1, profile.samples.length);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const inclusive = new Map();
  const visit = (node, ancestors) => {
    const name = frameName(node);
    const hits = node.hitCount || 0;
    self.set(name, (self.get(name) ?? 0) + hits);
    // Each hit counts once for every distinct function on its stack.
    const stack = new Set(ancestors).add(name);
    for (const n of stack) inclusive.set(n, (inclusive.get(n) ?? 0) + hits);
    for (const child of node.children ?? []) visit(byId.get(child), stack);
  };
  visit(profile.nodes[0], new Set());
  const top = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 60)
      .map(([name, hits]) => ({ name, ms: Math.round(hits * msPerHit * 10) / 10, share: hits / profile.samples.length }));
  return { totalMs, self: top(self), inclusive: top(inclusive) };
}

/** The summary as text lines. */
export function profileLines(title, summary, rows = 12) {
  const line = (e) => `    ${(e.share * 100).toFixed(1).padStart(5)}%  ${e.ms.toFixed(0).padStart(7)} ms  ${e.name}`;
  return [
    `  ${title}: ${summary.totalMs.toFixed(0)} ms profiled`,
    '   self time:',
    ...summary.self.slice(0, rows).map(line),
    '   inclusive time:',
    ...summary.inclusive.filter((e) => !e.name.startsWith('(root)')).slice(0, rows).map(line),
  ];
}
