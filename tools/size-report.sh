#!/usr/bin/env bash
# Print the raw and gzipped sizes of what a page embedding the map downloads:
# the wasm module, wasm-bindgen's JS glue and the custom-element script; then the size of the
# npm package (DIST/npm), packed and unpacked, as `npm pack` would make it.
# Usage: tools/size-report.sh [DIST_DIR]   (default: dist)
set -euo pipefail
. "$(dirname "$0")/setup/common.sh"

dist="${1:-$REPO_ROOT/dist}"
files=(pkg/incident_map_bg.wasm pkg/incident_map.js incident-map.js)

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

total_raw=0
total_gz=0
echo "Size report ($dist):"
printf '  %-28s %12s %12s\n' file raw gzip
for f in "${files[@]}"; do
  path="$dist/$f"
  if [ ! -f "$path" ]; then
    printf '  %-28s %12s %12s\n' "$f" missing -
    continue
  fi
  raw=$(wc -c <"$path")
  gz=$(gzip -9 -c "$path" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '  %-28s %12s %12s\n' "$f" "$(kb "$raw")" "$(kb "$gz")"
done
printf '  %-28s %12s %12s\n' total "$(kb "$total_raw")" "$(kb "$total_gz")"
echo "JS glue + wasm, raw: $(kb "$total_raw") ($total_raw bytes)"
echo "JS glue + wasm, gzipped: $(kb "$total_gz") ($total_gz bytes)"

if [ -f "$dist/npm/package.json" ]; then
  # --dry-run: nothing is written; the sizes are those of the tarball npm would publish.
  (cd "$dist/npm" && npm pack --dry-run --json 2>/dev/null) | node -e '
    let text = "";
    process.stdin.on("data", (c) => (text += c)).on("end", () => {
      const [p] = [].concat(JSON.parse(text));
      if (!p || !p.size) return console.log("npm package (dist/npm): npm pack gave no size");
      const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
      console.log(`npm package ${p.name}@${p.version} (dist/npm): ${p.entryCount} files, ` +
        `${kb(p.size)} packed (${p.size} bytes), ${kb(p.unpackedSize)} unpacked`);
    });'
fi
