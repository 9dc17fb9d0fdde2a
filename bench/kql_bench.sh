#!/usr/bin/env bash
# KQL benchmark: a 5M-event case built from the shared corpus (bench/make_input.py, replicas
# shifted a day each), then the ten hunting questions of bench/kql/queries.txt, each timed as
# KQL through `quarry query`'s path and as hand-written SQLite SQL, in the same run.
# Usage: bench/kql_bench.sh BUILD_DIR [EVENTS] [RUNS]   (defaults: 5000000 events, 9 runs)
set -euo pipefail
build="${1:-build/release}"
events="${2:-5000000}"
runs="${3:-9}"
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/bench/data"; mkdir -p "$data"
case_dir="$data/kql-case-$events"
if [ ! -f "$case_dir/events.db" ]; then
  input="$data/events-$events.jsonl"
  [ -f "$input" ] || python3 "$root/bench/make_input.py" --events "$events" --out "$input" >&2
  rm -rf "$case_dir"
  "$build/bin/quarry" ingest "$input" --case "$case_dir" -q >&2
fi
# The corpus's events are densest from 2020-08 to 2021-05: the questions look back from here.
"$build/bench/kql_bench" "$case_dir" "$root/bench/kql/queries.txt" --now 2021-02-01T00:00:00Z --runs "$runs"
