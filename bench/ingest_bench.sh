#!/usr/bin/env bash
# Ingest benchmark: JSON-lines inputs of 1M and 4M events built from the shared corpus
# (bench/make_input.py), each ingested into a fresh case on one thread. Reports events/s,
# MB/s, CPU seconds and peak RSS, plus the reader alone (no store) for comparison.
# Usage: bench/ingest_bench.sh BUILD_DIR [EVENT_COUNTS...]   (default: 1000000 4000000)
set -euo pipefail
build="${1:-build/release}"; shift || true
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(1000000 4000000)
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/bench/data"; mkdir -p "$data"
quarry="$build/bin/quarry"
printf '| events | input MB | wall s | events/s | MB/s | user s | sys s | peak RSS MB | reader-only events/s |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for n in "${counts[@]}"; do
  input="$data/events-$n.jsonl"
  [ -f "$input" ] || python3 "$root/bench/make_input.py" --events "$n" --out "$input" >&2
  case_dir="$data/case-$n"; rm -rf "$case_dir"
  sync
  /usr/bin/time -f '%e %U %S %M' -o "$data/time-$n" "$quarry" ingest "$input" --case "$case_dir" -q --threads 1 >/dev/null
  read -r wall user sys rss < "$data/time-$n"
  mb=$(python3 -c "import os; print(round(os.path.getsize('$input')/1e6))")
  reader=$("$build/bench/read_throughput" "$input" | sed -E 's/.* ([0-9]+) events\/s.*/\1/')
  python3 - "$n" "$mb" "$wall" "$user" "$sys" "$rss" "$reader" <<'PY'
import sys
n, mb, wall, user, sys_s, rss, reader = sys.argv[1:]
n, mb, wall = int(n), float(mb), float(wall)
print(f"| {n:,} | {mb:,.0f} | {wall:.1f} | {n / wall:,.0f} | {mb / wall:,.0f} | {float(user):.1f} | {float(sys_s):.1f} | {int(rss) / 1024:,.0f} | {int(reader):,} |")
PY
  rm -rf "$case_dir"
done
