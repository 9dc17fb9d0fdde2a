#!/usr/bin/env bash
# Prints the folder of the benchmarks' large case of N events (bench/make_input.py's replicated
# corpus, ingested), building it first when it is not there. Shared by the benchmarks that read a
# big case (kql, timeline, baseline, serve).
# Usage: case_dir="$(bench/large_case.sh QUARRY EVENTS)"
set -euo pipefail
quarry="$1"; events="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/bench/data"; mkdir -p "$data"
case_dir="$data/kql-case-$events"
if [ ! -f "$case_dir/events.db" ]; then
  input="$data/events-$events.jsonl"
  [ -f "$input" ] || python3 "$root/bench/make_input.py" --events "$events" --out "$input" >&2
  rm -rf "$case_dir"
  "$quarry" ingest "$input" --case "$case_dir" -q >&2
fi
echo "$case_dir"
