#!/usr/bin/env bash
# Sigma scan benchmark: every SigmaHQ Windows rule of the shared corpus over
#   - JSON lines of N events replicated from the corpus with shifted timestamps (make_input.py),
#   - EVTX: ~100 MB files of the corpus's EVTX chunks replicated with shifted times (make_evtx.py),
# on 1 and 2 threads. Reports events/s, events/s per CPU second and peak RSS; the rule load is
# reported on its own, first with an empty cache (cold start) and then with it filled (warm).
# Usage: [BASELINE=old/quarry] [EVENT_COUNTS="250000 1000000"] [EVTX_RECORDS=N] \
#        bench/scan_bench.sh BUILD_DIR [CORPORA_DIR]
set -euo pipefail
build="${1:-build/release}"
root="$(cd "$(dirname "$0")/.." && pwd)"
corpora="${2:-$root/../shared/corpora}"
rules="$corpora/sigma/rules/windows"
quarry="$build/bin/quarry"
data="$root/bench/data"; mkdir -p "$data"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

# BASELINE=path/to/an/older/quarry runs every scan with it too, right after ours, and says
# whether the alerts are byte for byte the same: "before" and "after" from the same run.
baseline="${BASELINE:-}"

measure() {  # binary label threads events inputs... ; leaves the alerts in $work/alerts
  local bin="$1" label="$2" threads="$3" events="$4" same=""; shift 4
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$bin" scan "$@" --rules "$rules" \
    --format jsonl -q --threads "$threads" > "$work/alerts" || true
  read -r wall user sys rss < <(tail -n 1 "$work/t")
  if [ -n "${reference:-}" ]; then  # the alerts of our own run, to compare with
    cmp -s "$work/alerts" "$reference" && same="same" || same="DIFFERENT"
  elif [ -n "$baseline" ]; then
    same="-"
  fi
  python3 - "$label" "$threads" "$events" "$wall" "$user" "$sys" "$rss" "$(wc -l < "$work/alerts")" "$same" <<'PY'
import sys
label, threads, events, wall, user, sys_s, rss, alerts, same = sys.argv[1:]
events, wall, cpu = int(events), float(wall), float(user) + float(sys_s)
tail = f" {same} |" if same else ""
print(f"| {label} | {threads} | {events:,} | {int(alerts):,} | {wall:.1f} | {events / wall:,.0f} | {events / cpu:,.0f} | {int(rss) / 1024:,.0f} |{tail}")
PY
}

run() {  # label threads events inputs...
  local label="$1" threads="$2" events="$3"; shift 3
  reference="" measure "$quarry" "$label" "$threads" "$events" "$@"
  [ -n "$baseline" ] || return 0
  mv "$work/alerts" "$work/alerts.ours"
  QUARRY_CACHE_DIR="$work/cache-baseline" reference="$work/alerts.ours" \
    measure "$baseline" "$label (baseline)" "$threads" "$events" "$@"
}

echo "rules: $(find "$rules" -name '*.yml' | wc -l) files under $rules"
# A cache of our own: the first load compiles everything (cold), the second reads the cache.
export QUARRY_CACHE_DIR="$work/cache"
load() {
  /usr/bin/time -f '%e s wall, %U s user + %S s sys, %M KB' -o "$work/t" \
    "$quarry" scan /dev/null --rules "$rules" -q >/dev/null 2>&1 || true
  echo "rule load and compile, $1: $(tail -n 1 "$work/t")"
}
load "cache cold (compiles every database)"
load "cache warm"

if [ -n "$baseline" ]; then
  QUARRY_CACHE_DIR="$work/cache-baseline" "$baseline" scan /dev/null --rules "$rules" -q >/dev/null 2>&1 || true
  printf '| input | threads | events | alerts | wall s | events/s | events per CPU s | peak RSS MB | alerts as ours |\n'
  printf '|---|---:|---:|---:|---:|---:|---:|---:|---|\n'
else
  printf '| input | threads | events | alerts | wall s | events/s | events per CPU s | peak RSS MB |\n'
  printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
fi
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
