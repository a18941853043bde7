#!/usr/bin/env bash
# Compiles tests/types/usage.ts as a consumer of the built npm package would: in a scratch project
# (target/types-check/) where dist/npm is installed as node_modules/incident-map, so that the types
# resolve through the package's package.json ("exports", "types") like they do for a user.
# Usage: tools/package/check-types.sh   (after `make build`)
set -euo pipefail
. "$(dirname "$0")/../setup/common.sh"

cd "$REPO_ROOT"
[ -f dist/npm/package.json ] || die "dist/npm is missing: run 'make build' first"
tsc=node_modules/.bin/tsc
[ -x "$tsc" ] || die "$tsc is missing: run 'make setup' (npm ci installs typescript)"

scratch=target/types-check
rm -rf "$scratch"
mkdir -p "$scratch/node_modules"
cp -R dist/npm "$scratch/node_modules/incident-map"
cp tests/types/usage.ts tests/types/tsconfig.json "$scratch/"
say "tsc --strict against dist/npm ($("$tsc" --version))"
"$tsc" -p "$scratch/tsconfig.json"
say "types: ok"
