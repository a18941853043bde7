#!/usr/bin/env bash
# The download-size budget: the JS glue plus the .wasm (and the element script), gzipped, as
# tools/size-report.sh measures them, must not grow more than maxGrowth (10%) over the figure
# recorded in bench/size-budget.json.
#
#   bench/size-budget.sh [DIST_DIR]            check (exit 1 when over budget)
#   bench/size-budget.sh --record [DIST_DIR]   write the current figure as the new budget
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
budget_file="$here/size-budget.json"
record=0
if [ "${1:-}" = "--record" ]; then
  record=1
  shift
fi
dist="${1:-$here/../dist}"

# The last line of the size report: "JS glue + wasm, gzipped: 161.0 KB (164880 bytes)".
report="$(bash "$here/../tools/size-report.sh" "$dist")"
if grep -q ' missing ' <<<"$report"; then
  echo "$report"
  echo "size budget: a file is missing from $dist; run make build first" >&2
  exit 1
fi
current="$(sed -n 's/^JS glue + wasm, gzipped: .*(\([0-9]*\) bytes)$/\1/p' <<<"$report")"
[ -n "$current" ] || { echo "size budget: could not read the gzipped size from tools/size-report.sh" >&2; exit 1; }

field() { sed -n "s/.*\"$1\": *\"\{0,1\}\([^,\"]*\)\"\{0,1\},\{0,1\}$/\1/p" "$budget_file" | head -1; }
if [ "$record" = 1 ]; then
  tmp="$(mktemp)"
  sed "s/\"gzippedBytes\": *[0-9]*/\"gzippedBytes\": $current/; s/\"recorded\": *\"[^\"]*\"/\"recorded\": \"$(date -u +%F), commit $(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo unknown)\"/" "$budget_file" >"$tmp"
  mv "$tmp" "$budget_file"
  echo "size budget: recorded $current bytes gzipped in bench/size-budget.json"
  exit 0
fi

recorded="$(field gzippedBytes)"
growth="$(field maxGrowth)"
limit="$(awk -v r="$recorded" -v g="$growth" 'BEGIN { printf "%d", r * (1 + g) }')"
change="$(awk -v c="$current" -v r="$recorded" 'BEGIN { printf "%+.1f%%", (c - r) * 100 / r }')"
if [ "$current" -gt "$limit" ]; then
  echo "size budget: FAILED: JS glue + wasm gzipped is $current bytes, $change over the recorded $recorded bytes" >&2
  echo "  (the limit is $limit bytes, +$(awk -v g="$growth" 'BEGIN { print g * 100 }')%). Make it smaller, or, if the growth is worth it," >&2
  echo "  record the new figure with bench/size-budget.sh --record and say why in the commit." >&2
  exit 1
fi
echo "size budget: ok: JS glue + wasm gzipped is $current bytes ($change against the recorded $recorded; limit $limit)"
