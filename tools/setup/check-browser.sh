#!/usr/bin/env bash
# The browser tests (wasm-bindgen-test in Chromium, and the playwright end-to-end tests) need
# Debian's Chromium and ChromeDriver. Never download a browser: use the distribution's.
set -euo pipefail
. "$(dirname "$0")/common.sh"

missing=()
[ -x /usr/bin/chromium ] || missing+=(/usr/bin/chromium)
[ -x /usr/bin/chromedriver ] || missing+=(/usr/bin/chromedriver)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Missing: ${missing[*]}" >&2
  echo "Chromium is needed for the browser tests: apt-get install -y chromium chromium-driver" >&2
  exit 1
fi
say "browser: $(/usr/bin/chromium --version 2>/dev/null | head -n1), $(/usr/bin/chromedriver --version | head -n1 | cut -d' ' -f1-2)"
