// The benchmark's static server: the built site (dist/) with the two maps' pages at /bench/, the
// generated data at /bench-data/, Leaflet at /leaflet/, and optionally another pkg/ at /pkg/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tools/serve.mjs';
import { DIST_DIR, REPO_ROOT } from '../../tests/e2e/helpers.mjs';
import { DATA_DIR } from '../generate.mjs';

const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Starts the server on a free port; `pkg`: a directory served as /pkg/ instead of dist/pkg. */
export function startBenchServer({ pkg = null } = {}) {
  return startServer({
    root: DIST_DIR,
    port: 0,
    extraRoots: {
      '/bench/': path.join(BENCH_DIR, 'pages'),
      '/bench-data/': DATA_DIR,
      '/leaflet/': path.join(REPO_ROOT, 'node_modules', 'leaflet', 'dist'),
      ...(pkg ? { '/pkg/': pkg } : {}),
    },
  });
}
