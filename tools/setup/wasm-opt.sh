#!/usr/bin/env bash
# Optimise a wasm file in place with binaryen's wasm-opt (-O2 without its inlining pass, or
# WASM_OPT_LEVEL), when a recent enough wasm-opt is found (WASM_OPT=path, else
# node_modules/.bin/wasm-opt from package.json's binaryen, else PATH); otherwise say so and skip.
# The --enable-* flags are the wasm features that rustc turns on for wasm32-unknown-unknown
# (read from `rustc --print cfg`): wasm-opt refuses (or mis-optimises) a module that uses a
# feature it was not told about. Usage: wasm-opt.sh FILE.wasm
set -euo pipefail
. "$(dirname "$0")/common.sh"

file="${1:?usage: wasm-opt.sh FILE.wasm}"
[ -f "$file" ] || die "$file does not exist"
# Prefer a project-local binaryen from npm (node_modules/.bin/wasm-opt, if package.json has it)
# over Debian 12's binaryen 108, which is too old (below).
if [ -n "${WASM_OPT:-}" ]; then
  wasm_opt="$WASM_OPT"
elif [ -x "$REPO_ROOT/node_modules/.bin/wasm-opt" ]; then
  wasm_opt="$REPO_ROOT/node_modules/.bin/wasm-opt"
elif command -v wasm-opt >/dev/null; then
  wasm_opt="$(command -v wasm-opt)"
else
  say "wasm-opt not found: skipping the size optimisation (apt-get install -y binaryen, or npm's binaryen package)"
  exit 0
fi

# Oldest binaryen seen to produce a working module from wasm-bindgen 0.2.130's output. Debian 12's
# binaryen 108 round-trips the externref table export wrongly: the page then fails at start-up with
# "WebAssembly.Table.set(): Argument 1 is invalid for table" (seen here), so it is not used.
MIN_VERSION=116
version="$("$wasm_opt" --version 2>/dev/null || true)"
major="$(printf '%s\n' "$version" | sed -n 's/.*version \([0-9][0-9]*\).*/\1/p' | head -n1)"
if [ -z "$major" ] || [ "$major" -lt "$MIN_VERSION" ]; then
  say "skipping wasm-opt: $wasm_opt is '${version:-unknown}'; binaryen older than $MIN_VERSION breaks"
  say "  wasm-bindgen's output. A current one: the npm package binaryen (node_modules/.bin/wasm-opt)."
  exit 0
fi

flags=()
while IFS= read -r feature; do
  case "$feature" in
    bulk-memory) flags+=(--enable-bulk-memory) ;;
    multivalue) flags+=(--enable-multivalue) ;;
    mutable-globals) flags+=(--enable-mutable-globals) ;;
    nontrapping-fptoint) flags+=(--enable-nontrapping-float-to-int) ;;
    reference-types) flags+=(--enable-reference-types) ;;
    sign-ext) flags+=(--enable-sign-ext) ;;
    simd128) flags+=(--enable-simd) ;;
    relaxed-simd) flags+=(--enable-relaxed-simd) ;;
    atomics) flags+=(--enable-threads) ;;
    tail-call) flags+=(--enable-tail-call) ;;
    exception-handling) flags+=(--enable-exception-handling) ;;
    extended-const) flags+=(--enable-extended-const) ;;
    multimemory) flags+=(--enable-multimemory) ;;
    bulk-memory-opt|call-indirect-overlong) ;; # covered by bulk-memory / reference-types
    *) warn "rustc enables wasm feature '$feature' that this script does not map to a wasm-opt flag" ;;
  esac
done < <(rustc --print cfg --target wasm32-unknown-unknown | sed -n 's/^target_feature="\(.*\)"$/\1/p')

# The target_features section only tells tools which features the module uses; browsers ignore it.
flags+=(--strip-debug --strip-producers --strip-target-features)

# WASM_OPT_LEVEL picks the optimisation flags. What counts is the gzipped size, and on rustc's
# opt-level="z" + LTO output binaryen's inlining is what grows it: measured with binaryen 132 on
# wasm-bindgen's output (gzip -9 bytes, before 289,140): -O1 287,399; -O2 303,835; -Os 302,725;
# -Oz 303,274; -O2 without inlining-optimizing 284,885; -Os/-Oz/-O3 without it 285,623/286,364/
# 285,452. Inlined copies of small functions shrink the raw module but repeat code gzip cannot
# fold. So the default is -O2 with that one pass skipped, run until it changes nothing more
# (--converge: -163 bytes gzipped on 6 December 2026, 3 s more). Then the whole-program flow
# analysis (--gufa-optimizing: values a function can only ever see become constants) and
# --code-folding (identical tails of branches merged): -325 bytes together on 7 December 2026
# (204,759 against 205,084, with the functions ordered as in the build); alone -185 and -99.
read -r -a level <<<"${WASM_OPT_LEVEL:--O2 --skip-pass=inlining-optimizing --converge --gufa-optimizing --code-folding}"
before=$(wc -c <"$file")
before_gz=$(gzip -9 -c "$file" | wc -c)
say "$wasm_opt ${level[*]} ${flags[*]} $file (${version:-unknown version})"
if ! "$wasm_opt" "${level[@]}" "${flags[@]}" "$file" -o "$file.opt"; then
  rm -f "$file.opt"
  if [ "${WASM_OPT_REQUIRED:-0}" = 1 ]; then
    die "wasm-opt failed (WASM_OPT_REQUIRED=1)"
  fi
  warn "wasm-opt (${version:-unknown version}) failed on $file: it is probably too old for the wasm"
  warn "features used (binaryen 116 cannot read table.fill). Keeping the UNOPTIMISED wasm."
  exit 0
fi
mv "$file.opt" "$file"
say "wasm-opt ${level[*]}: raw $before -> $(wc -c <"$file") bytes, gzipped $before_gz -> $(gzip -9 -c "$file" | wc -c) bytes"
