#!/usr/bin/env bash
# Minify the JavaScript that a page embedding the map downloads, in place: wasm-bindgen's glue
# and the element script. Usage: minify-js.sh FILE.js...
# With terser from package.json (node_modules/.bin/terser): three compression passes and mangled
# local names, as ES2022 modules. Without it, esbuild --minify (also from package.json); without
# either, say so and leave the files as they are (they work either way). ES module syntax,
# exports and the literal `new URL("...", import.meta.url)` asset references are kept; the
# readable sources stay in www/ and wasm-bindgen's output. Measured on 7 December 2026 (gzip -9
# bytes): terser's output is 95 bytes smaller than esbuild's for the glue (5,409 against 5,504)
# and 142 for the element script (4,560 against 4,702).
set -euo pipefail
. "$(dirname "$0")/common.sh"

[ "$#" -gt 0 ] || die "usage: minify-js.sh FILE.js..."
terser="$REPO_ROOT/node_modules/.bin/terser"
esbuild="$REPO_ROOT/node_modules/.bin/esbuild"
if [ ! -x "$terser" ] && [ ! -x "$esbuild" ]; then
  say "neither terser nor esbuild found (npm ci installs them from package.json): the JavaScript is not minified"
  exit 0
fi
for file in "$@"; do
  [ -f "$file" ] || die "$file does not exist"
  before=$(gzip -9 -c "$file" | wc -c)
  if [ -x "$terser" ]; then
    "$terser" "$file" --module --ecma 2022 --compress passes=3 --mangle --output "$file.min"
  else
    "$esbuild" "$file" --minify --format=esm --log-level=warning --outfile="$file.min"
  fi
  mv "$file.min" "$file"
  say "$file: gzipped $before -> $(gzip -9 -c "$file" | wc -c) bytes"
done
