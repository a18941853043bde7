#!/usr/bin/env bash
# Make sure the wasm32-unknown-unknown target is installed for the active toolchain.
set -euo pipefail
. "$(dirname "$0")/common.sh"

TARGET=wasm32-unknown-unknown
command -v rustup >/dev/null || die "rustup is not on PATH; install Rust with rustup first"
cd "$REPO_ROOT"
if rustup target list --installed | grep -qx "$TARGET"; then
  say "Rust target $TARGET: installed ($(rustc --version))"
else
  say "Rust target $TARGET: missing, running: rustup target add $TARGET"
  rustup target add "$TARGET" ||
    die "could not add the $TARGET target (rustup needs to reach the Rust distribution server)"
fi
