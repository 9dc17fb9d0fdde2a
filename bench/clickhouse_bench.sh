#!/usr/bin/env bash
# The ClickHouse store against the SQLite case, same machine, same run:
#  1. ingest of the EVENTS-event input (bench/make_input.py) into a fresh SQLite case and into a
#     fresh case on a two-shard cluster (scripts/clickhouse-local-cluster), events/s and ratio;
#  2. the ten hunting questions of bench/kql/queries.txt as KQL on a SQLite case and on a
#     ClickHouse case of the same KQL_EVENTS events (bench/kql_bench --versus), medians of RUNS.
# The cluster keeps its data under bench/data/clickhouse (its cases are reused) and is stopped at
# the end. Needs Debian's clickhouse-server (scripts/setup).
# Usage: bench/clickhouse_bench.sh BUILD_DIR [EVENTS] [KQL_EVENTS...]
#        (defaults: 4000000 events; 5000000 for the questions; RUNS=5 in the environment)
set -euo pipefail
build="${1:-build/release}"; shift || true
events="${1:-4000000}"; shift || true
kql_events=("$@"); [ ${#kql_events[@]} -gt 0 ] || kql_events=(5000000)
runs="${RUNS:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/bench/data"; mkdir -p "$data"
quarry="$build/bin/quarry"
port="${QUARRY_BENCH_CLICKHOUSE_PORT:-19123}"
cluster="$root/scripts/clickhouse-local-cluster"
"$cluster" start "$data/clickhouse" --port "$port" >/dev/null
trap '"$cluster" stop "$data/clickhouse" --port "$port"' EXIT
store="clickhouse://127.0.0.1:$port"
drop_database() {  # a case's database on both shards, so that a new case may use it
  for p in "$port" $((port + 10)); do
    curl -sf "http://127.0.0.1:$p/" --data-binary "DROP DATABASE IF EXISTS $1" >/dev/null
  done
}
timed_ingest() {  # timed_ingest INPUT CASE [STORE]: prints "wall user sys"
  local out="$data/time.$$"
  rm -rf "$2"
  sync
  /usr/bin/time -f '%e %U %S' -o "$out" "$quarry" ingest "$1" --case "$2" ${3:+--store "$3"} \
    -q >/dev/null
  cat "$out"; rm -f "$out"
}

echo "## Ingest of $events events: SQLite case vs two-shard ClickHouse"
echo
input="$data/events-$events.jsonl"
[ -f "$input" ] || python3 "$root/bench/make_input.py" --events "$events" --out "$input" >&2
read -r s_wall s_user s_sys < <(timed_ingest "$input" "$data/store-sqlite-$events")
rm -rf "$data/store-sqlite-$events"
drop_database "ingest_$events"
read -r c_wall c_user c_sys < <(timed_ingest "$input" "$data/store-clickhouse-$events" \
  "$store/ingest_$events?cluster=quarry")
rm -rf "$data/store-clickhouse-$events"
drop_database "ingest_$events"
python3 - "$events" "$s_wall" "$s_user" "$s_sys" "$c_wall" "$c_user" "$c_sys" <<'PY'
import sys
n = int(sys.argv[1]); sw, su, ss, cw, cu, cs = map(float, sys.argv[2:])
print("| store | wall s | events/s | quarry user s | quarry sys s |")
print("|---|---:|---:|---:|---:|")
print(f"| SQLite | {sw:.1f} | {n / sw:,.0f} | {su:.1f} | {ss:.1f} |")
print(f"| ClickHouse, 2 shards | {cw:.1f} | {n / cw:,.0f} | {cu:.1f} | {cs:.1f} |")
print(f"\nClickHouse / SQLite events/s: {sw / cw:.2f}")
PY

for n in "${kql_events[@]}"; do
  echo
  echo "## The ten KQL questions at $n events: SQLite case (first) vs ClickHouse case (second)"
  echo
  sqlite_case="$("$root/bench/large_case.sh" "$quarry" "$n")"
  ch_case="$data/kql-clickhouse-case-$n"
  if [ ! -f "$ch_case/quarry.toml" ] || ! "$quarry" tables --case "$ch_case" >/dev/null 2>&1; then
    drop_database "kql_$n"
    input="$data/events-$n.jsonl"
    [ -f "$input" ] || python3 "$root/bench/make_input.py" --events "$n" --out "$input" >&2
    rm -rf "$ch_case"
    "$quarry" ingest "$input" --case "$ch_case" --store "$store/kql_$n?cluster=quarry" -q >&2
  fi
  "$build/bench/kql_bench" "$sqlite_case" "$root/bench/kql/queries.txt" \
    --now 2021-02-01T00:00:00Z --runs "$runs" --versus "$ch_case" || true
done
