# Shared helpers for tools/setup/*.sh and tools/*.sh. Source it; don't run it.
# shellcheck shell=bash

# Repository root (tools/setup/.. /..).
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT

# cargo-installed tools (wasm-bindgen, wasm-bindgen-test-runner) live here.
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) PATH="$CARGO_BIN:$PATH" ;; esac
export PATH

say() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*"; }
warn() { printf '[%s] warning: %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$(basename "$0" .sh)" "$*" >&2; exit 1; }

# The version of a package pinned in Cargo.lock (first match), e.g. `locked_version wasm-bindgen`.
locked_version() {
  awk -v name="$1" '
    $0 == "name = \"" name "\"" { want = 1; next }
    want && /^version = / { gsub(/"/, "", $3); print $3; exit }
    /^\[\[package\]\]/ { want = 0 }
  ' "$REPO_ROOT/Cargo.lock"
}
