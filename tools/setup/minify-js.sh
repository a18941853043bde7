#!/usr/bin/env bash
# Minify the JavaScript that a page embedding the map downloads, in place: wasm-bindgen's glue
# and the element script. Usage: minify-js.sh FILE.js...
# With esbuild from package.json (node_modules/.bin/esbuild); without it, say so and leave the
# files as they are (they work either way). ES module syntax, exports and the literal
# `new URL("...", import.meta.url)` asset references are kept; only whitespace, comments and
# local names go. Measured on the build of 2026-11-28 (gzip -9 bytes): glue 12,698 -> 8,183,
# element script 6,476 -> 3,302. The readable sources stay in www/ and wasm-bindgen's output.
set -euo pipefail
. "$(dirname "$0")/common.sh"

[ "$#" -gt 0 ] || die "usage: minify-js.sh FILE.js..."
esbuild="$REPO_ROOT/node_modules/.bin/esbuild"
if [ ! -x "$esbuild" ]; then
  say "esbuild not found (npm ci installs it from package.json): the JavaScript is not minified"
  exit 0
fi
for file in "$@"; do
  [ -f "$file" ] || die "$file does not exist"
  before=$(gzip -9 -c "$file" | wc -c)
  "$esbuild" "$file" --minify --format=esm --log-level=warning --outfile="$file.min"
  mv "$file.min" "$file"
  say "$file: gzipped $before -> $(gzip -9 -c "$file" | wc -c) bytes"
done
