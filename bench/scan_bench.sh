#!/usr/bin/env bash
# Sigma scan benchmark: every SigmaHQ Windows rule of the shared corpus over
#   - JSON lines of N events replicated from the corpus with shifted timestamps (make_input.py),
#   - EVTX: ~100 MB files of the corpus's EVTX chunks replicated with shifted times (make_evtx.py),
# on 1 and 2 threads. Reports events/s, events/s per CPU second and peak RSS; the rule load
# (with the compiled-database cache warm) is reported on its own.
# Usage: bench/scan_bench.sh BUILD_DIR [CORPORA_DIR]
set -euo pipefail
build="${1:-build/release}"
root="$(cd "$(dirname "$0")/.." && pwd)"
corpora="${2:-$root/../shared/corpora}"
rules="$corpora/sigma/rules/windows"
quarry="$build/bin/quarry"
data="$root/bench/data"; mkdir -p "$data"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

run() {  # label threads events inputs...
  local label="$1" threads="$2" events="$3"; shift 3
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$quarry" scan "$@" --rules "$rules" \
    --format jsonl -q --threads "$threads" > "$work/alerts" || true
  read -r wall user sys rss < <(tail -n 1 "$work/t")
  python3 - "$label" "$threads" "$events" "$wall" "$user" "$sys" "$rss" "$(wc -l < "$work/alerts")" <<'PY'
import sys
label, threads, events, wall, user, sys_s, rss, alerts = sys.argv[1:]
events, wall, cpu = int(events), float(wall), float(user) + float(sys_s)
print(f"| {label} | {threads} | {events:,} | {int(alerts):,} | {wall:.1f} | {events / wall:,.0f} | {events / cpu:,.0f} | {int(rss) / 1024:,.0f} |")
PY
}

echo "rules: $(find "$rules" -name '*.yml' | wc -l) files under $rules"
"$quarry" scan /dev/null --rules "$rules" -q >/dev/null 2>&1 || true  # warms the database cache
/usr/bin/time -f '%e s, %M KB' -o "$work/t" "$quarry" scan /dev/null --rules "$rules" -q >/dev/null 2>&1 || true
echo "rule load and compile, database cache warm: $(tail -n 1 "$work/t")"

printf '| input | threads | events | alerts | wall s | events/s | events per CPU s | peak RSS MB |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
events_evtx="${EVTX_RECORDS:-1000000}"
for n in ${EVENT_COUNTS:-250000 1000000}; do
  input="$data/events-$n.jsonl"
  [ -f "$input" ] || python3 "$root/bench/make_input.py" --events "$n" --out "$input" >&2
  for threads in 1 2; do run "JSON lines" "$threads" "$n" "$input"; done
done
# EVTX: corpus chunks replicated into ~100 MB files, times shifted a day per replica.
evtx_dir="$data/evtx-$events_evtx"
[ -d "$evtx_dir" ] || python3 "$root/bench/make_evtx.py" --records "$events_evtx" --out "$evtx_dir" >&2
records=$(cat "$evtx_dir/RECORDS")
for threads in 1 2; do run "EVTX" "$threads" "$records" "$evtx_dir"; done
