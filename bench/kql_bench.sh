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
case_dir="$("$root/bench/large_case.sh" "$build/bin/quarry" "$events")"
# The corpus's events are densest from 2020-08 to 2021-05: the questions look back from here.
"$build/bench/kql_bench" "$case_dir" "$root/bench/kql/queries.txt" --now 2021-02-01T00:00:00Z --runs "$runs"
