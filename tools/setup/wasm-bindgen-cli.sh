#!/usr/bin/env bash
# Install wasm-bindgen-cli (wasm-bindgen, wasm-bindgen-test-runner) at exactly the version of the
# `wasm-bindgen` crate pinned in Cargo.lock: the CLI and the crate must match or the build fails.
set -euo pipefail
. "$(dirname "$0")/common.sh"

want="$(locked_version wasm-bindgen)"
[ -n "$want" ] || die "could not find the wasm-bindgen package in Cargo.lock"

installed_version() { # prints the version of tool $1, or nothing
  command -v "$1" >/dev/null 2>&1 || return 0
  "$1" --version 2>/dev/null | awk 'NR == 1 { print $2 }'
}

have="$(installed_version wasm-bindgen)"
have_runner="$(installed_version wasm-bindgen-test-runner)"
if [ "$have" = "$want" ] && [ "$have_runner" = "$want" ]; then
  say "wasm-bindgen-cli $want: installed (matches Cargo.lock)"
  exit 0
fi

if [ -z "$have" ]; then
  say "wasm-bindgen-cli: not installed; Cargo.lock pins wasm-bindgen $want"
else
  say "wasm-bindgen-cli: have wasm-bindgen ${have:-none} / wasm-bindgen-test-runner ${have_runner:-none}, Cargo.lock pins $want"
fi
# --force: also reinstall when cargo believes this version is installed but a binary is missing.
say "running: cargo install --force wasm-bindgen-cli --version $want (compiles from source, ~5 minutes)"
cargo install --force wasm-bindgen-cli --version "$want"

have="$(installed_version wasm-bindgen)"
[ "$have" = "$want" ] || die "after cargo install, 'wasm-bindgen --version' says '${have:-nothing}', expected $want (is another wasm-bindgen earlier on PATH? $(command -v wasm-bindgen || true))"
say "wasm-bindgen-cli $want: installed"
