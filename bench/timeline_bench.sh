#!/usr/bin/env bash
# Incident-response structure over a large case: `quarry timeline` (every event in time order,
# JSON lines), `quarry ir trees`, `quarry ir sessions` and `quarry ir clusters` over the case of
# N events that bench/kql_bench.sh builds (bench/make_input.py's replicated corpus), with wall
# time and peak RSS. Output goes to /dev/null except for the counts.
# Usage: bench/timeline_bench.sh BUILD_DIR [EVENTS]   (default 1000000 events)
set -euo pipefail
build="${1:-build/release}"
events="${2:-1000000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
quarry="$build/bin/quarry"
case_dir="$("$root/bench/large_case.sh" "$quarry" "$events")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
echo "| job | events | output | wall s | user s | sys s | peak RSS MB |"
echo "|---|---:|---|---:|---:|---:|---:|"
run() {  # LABEL COUNT_CMD ARGS...
  local label="$1" count="$2"; shift 2
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$quarry" "$@" >"$work/out" 2>/dev/null
  read -r wall user sys rss < <(tail -n 1 "$work/t")
  echo "| $label | $events | $(eval "$count" <"$work/out") | $wall | $user | $sys | $((rss / 1024)) |"
}
run "timeline --format jsonl" 'echo "$(wc -l) entries"' timeline --case "$case_dir" --format jsonl
run "ir trees" "python3 -c 'import json,sys; d=json.load(sys.stdin)[\"processes\"]; print(len(d), \"processes\")'" ir trees --case "$case_dir" --format json
run "ir sessions" "python3 -c 'import json,sys; d=json.load(sys.stdin)[\"sessions\"]; print(len(d), \"sessions\")'" ir sessions --case "$case_dir" --format json
run "ir clusters --gap 10m" "python3 -c 'import json,sys; d=json.load(sys.stdin)[\"clusters\"]; print(len(d), \"clusters\")'" ir clusters --case "$case_dir" --format json
