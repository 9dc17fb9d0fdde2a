#!/usr/bin/env bash
# EVTX benchmark: our decoder against libevtx's evtxexport, same files, same run.
#
# Two file sets from the shared corpus: every EVTX file (many small files), and the files of
# 1 MB or more. For each set it reports
#   - decode: bench/evtx_throughput (files held in memory, every record rendered to evtx_dump
#     JSON, nothing written) on 1 and 2 threads: events/s, MB/s, events per CPU second;
#   - dump: `quarry dump FILE > /dev/null` per file, one thread, end to end (process start,
#     reading, JSON written);
#   - evtxexport: `evtxexport FILE > /dev/null` per file (libevtx, one thread, text written).
# Per-core rates divide records by CPU time (user + sys). Records for evtxexport are the ones
# it prints ("Event number" lines), counted in a separate untimed pass.
# Usage: bench/evtx_bench.sh BUILD_DIR [CORPORA_DIR]
set -euo pipefail
build="${1:-build/release}"
root="$(cd "$(dirname "$0")/.." && pwd)"
corpora="${2:-$root/../shared/corpora}"
quarry="$build/bin/quarry"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
command -v evtxexport >/dev/null || { echo "evtxexport not found (apt install libevtx-utils)" >&2; exit 2; }

find "$corpora/evtx" "$corpora/sigma-regression" -name '*.evtx' -type f | sort > "$work/all"
find "$corpora/evtx" "$corpora/sigma-regression" -name '*.evtx' -type f -size +1M | sort > "$work/large"

cpu_of() {  # command... -> prints "cpu_seconds wall_seconds"
  /usr/bin/time -f '%U %S %e' -o "$work/t" "$@" >/dev/null 2>&1 || true
  awk '{printf "%.3f %.3f\n", $1 + $2, $3}' "$work/t"
}

printf '| files | tool | threads | records | input MB | wall s | CPU s | events/s | MB/s | events per CPU s |\n'
printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for set in all large; do
  list="$work/$set"
  files=$(wc -l < "$list")
  mb=$(xargs -d '\n' stat -c %s < "$list" | awk '{s += $1} END {printf "%.1f", s / 1e6}')
  label="$set ($files)"
  for threads in 1 2; do
    line=$("$build/bench/evtx_throughput" --threads "$threads" --repeat 3 "@$list")
    python3 - "$label" "$threads" "$line" <<'PY'
import sys
label, threads, line = sys.argv[1:]
f = dict(kv.split("=") for kv in line.split())
rec, mb, wall, cpu = int(f["records"]) / 3, float(f["input_mb"]) / 3, float(f["wall_s"]) / 3, float(f["cpu_s"]) / 3
print(f"| {label} | quarry decode | {threads} | {rec:,.0f} | {mb:,.1f} | {wall:.3f} | {cpu:.3f} | {rec / wall:,.0f} | {mb / wall:,.0f} | {rec / cpu:,.0f} |")
PY
  done
  read -r cpu wall < <(cpu_of bash -c 'while IFS= read -r f; do "$0" dump --threads 1 "$f"; done < "$1"' "$quarry" "$list")
  records=$(while IFS= read -r f; do "$quarry" dump --threads 1 "$f" 2>/dev/null; done < "$list" | wc -l)
  python3 -c "r,mb,w,c=$records,$mb,$wall,$cpu; print(f'| $label | quarry dump | 1 | {r:,} | {mb:,.1f} | {w:.3f} | {c:.3f} | {r/w:,.0f} | {mb/w:,.0f} | {r/c:,.0f} |')"
  read -r cpu wall < <(cpu_of bash -c 'while IFS= read -r f; do evtxexport "$f"; done < "$0"' "$list")
  records=$(while IFS= read -r f; do evtxexport "$f" 2>/dev/null; done < "$list" | grep -c '^Event number' || true)
  python3 -c "r,mb,w,c=$records,$mb,$wall,$cpu; print(f'| $label | evtxexport | 1 | {r:,} | {mb:,.1f} | {w:.3f} | {c:.3f} | {r/w:,.0f} | {mb/w:,.0f} | {r/c:,.0f} |')"
done
