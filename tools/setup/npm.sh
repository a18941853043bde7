#!/usr/bin/env bash
# Install the npm dev tools (playwright-core for the end-to-end tests, basemap inputs, ...).
# `npm ci` when node_modules is missing or older than package-lock.json; `npm install` creates
# package-lock.json if there is none.
set -euo pipefail
. "$(dirname "$0")/common.sh"

cd "$REPO_ROOT"
command -v node >/dev/null || die "node is not on PATH (Node.js 20 is expected): apt-get install -y nodejs npm"
command -v npm >/dev/null || die "npm is not on PATH: apt-get install -y npm"
[ -f package.json ] || die "package.json is missing"

# npm writes node_modules/.package-lock.json on every install: it is the stamp of the last install.
stamp=node_modules/.package-lock.json
if [ ! -f package-lock.json ]; then
  say "package-lock.json is missing: running npm install to create it (commit it)"
  npm install --no-audit --no-fund
elif [ ! -d node_modules ] || [ ! -f "$stamp" ]; then
  say "node_modules is missing: running npm ci"
  npm ci --no-audit --no-fund
elif [ package-lock.json -nt "$stamp" ]; then
  say "package-lock.json is newer than node_modules: running npm ci"
  npm ci --no-audit --no-fund
else
  say "node_modules: up to date with package-lock.json (node $(node --version), npm $(npm --version))"
fi
if [ package.json -nt package-lock.json ]; then
  warn "package.json is newer than package-lock.json; if you changed dependencies run 'npm install' and commit package-lock.json"
fi
