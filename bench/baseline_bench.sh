#!/usr/bin/env bash
# False-positive baseline benchmark: every SigmaHQ Windows rule of the shared corpus over a case
# of N events (bench/make_input.py's replicated corpus, as bench/kql_bench.sh builds it), timed
# as `quarry rules baseline` (read-only, per-day counts and value breakdowns) and as
# `quarry scan --case` (the same matching, alerts stored) on a copy of the case, same run.
# Usage: bench/baseline_bench.sh BUILD_DIR [EVENTS] [CORPORA_DIR]   (default 1000000 events)
set -euo pipefail
build="${1:-build/release}"
events="${2:-1000000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
corpora="${3:-$root/../shared/corpora}"
rules="$corpora/sigma/rules/windows"
quarry="$build/bin/quarry"
case_dir="$("$root/bench/large_case.sh" "$quarry" "$events")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$quarry" rules check "$rules" > /dev/null || true  # warm the compiled-rule cache for both
echo "| job | events | alerts | wall s | user s | sys s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
/usr/bin/time -f '%e %U %S %M' -o "$work/t" "$quarry" rules baseline "$rules" --case "$case_dir" \
  --format json -q > "$work/baseline.json" || true
read -r wall user sys rss < <(tail -n 1 "$work/t")
alerts="$(python3 -c "import json,sys; print(sum(r['alerts'] for r in json.load(open(sys.argv[1]))['rules']))" "$work/baseline.json")"
echo "| rules baseline | $events | $alerts | $wall | $user | $sys | $((rss / 1024)) |"
cp -r "$case_dir" "$work/case"
/usr/bin/time -f '%e %U %S %M' -o "$work/t" "$quarry" scan --case "$work/case" --rules "$rules" \
  --format jsonl -q > "$work/alerts.jsonl" || true
read -r wall user sys rss < <(tail -n 1 "$work/t")
echo "| scan --case | $events | $(wc -l < "$work/alerts.jsonl") | $wall | $user | $sys | $((rss / 1024)) |"
