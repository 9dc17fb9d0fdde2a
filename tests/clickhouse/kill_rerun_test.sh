#!/usr/bin/env bash
# Exactly once on ClickHouse: an ingest into the test cluster killed with SIGKILL at random
# moments (and once with a shard stopped under it), each time rerun with the same command, ends
# with the rows and digest of an uninterrupted ingest into the cluster and of the same evidence in
# SQLite. Usage: kill_rerun_test.sh QUARRY CLUSTER_DIR PORT (the ctest fixture's cluster).
source "$(dirname "$0")/../cli/lib.sh"
cluster_dir="$2"; port="$3"
root="$(cd "$(dirname "$0")/../.." && pwd)"
url="clickhouse://127.0.0.1:$port"
if ! curl -sf "http://127.0.0.1:$port/ping" >/dev/null 2>&1; then
  echo "SKIP: no ClickHouse test cluster on port $port"; exit 0
fi
EV="$WORK/ev"; mkdir -p "$EV"
python3 - "$EV" <<'PY'
import json, random, sys
random.seed(11)
out = sys.argv[1]
for f in range(3):
    lines = []
    for i in range(30000):
        e = {"Channel": random.choice(["Security", "Microsoft-Windows-Sysmon/Operational", "System"]),
             "EventID": random.choice([1, 3, 10, 4624, 4688, 7045]), "Hostname": f"ws{i % 7}",
             "TimeCreated": f"2024-0{1 + f}-0{1 + i % 9} 10:{i // 3600 % 60:02d}:{i % 60:02d}.{i % 1000:03d}",
             "Image": f"C:\\\\Windows\\\\p{i % 50}.exe", "N": i, "F": f}
        if i % 11 == 0:
            e[f"Extra{i % 13}"] = "x" * (i % 40)
        if i > 20000 and i % 17 == 0:
            e["N"] = f"n{i}"          # the column widens to text late in the file
        lines.append(json.dumps(e))
    open(f"{out}/part{f}.jsonl", "w").write("\n".join(lines) + "\n")
PY
db="k$$"
"$QUARRY" ingest "$EV" --case "$WORK/sqlite" --batch-size 2000 -q >/dev/null || fail "SQLite ingest"
start=$(date +%s.%N)
"$QUARRY" ingest "$EV" --case "$WORK/reference" --store "$url/${db}_ref" --batch-size 2000 -q \
  >/dev/null || fail "reference ingest into ClickHouse"
elapsed=$(python3 -c "import time; print(max(0.5, $(date +%s.%N) - $start))")
ref=$("$QUARRY" digest --case "$WORK/reference" --format csv | tail -1)
sqlite=$("$QUARRY" digest --case "$WORK/sqlite" --format csv | tail -1)
if [ "$ref" == "$sqlite" ]; then pass "ClickHouse and SQLite hold the same content ($ref)"
else fail "ClickHouse digest $ref != SQLite $sqlite"; fi

for i in $(seq 1 8); do
  delay=$(python3 -c "import random; random.seed($i * 7919); print(round(random.uniform(0.05, $elapsed), 3))")
  "$QUARRY" ingest "$EV" --case "$WORK/killed" --store "$url/${db}_kill" --batch-size 2000 -q \
    >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
done
"$QUARRY" ingest "$EV" --case "$WORK/killed" --store "$url/${db}_kill" --batch-size 2000 -q \
  >/dev/null || fail "final rerun"
got=$("$QUARRY" digest --case "$WORK/killed" --format csv | tail -1)
if [ "$got" == "$ref" ]; then pass "digest after 8 kills equals the uninterrupted ingest"
else fail "digest $got != $ref"; fi

# A shard stopped in the middle of an ingest: the ingest fails naming it; after a restart the
# rerun completes with the same content.
"$QUARRY" ingest "$EV" --case "$WORK/shard" --store "$url/${db}_shard" --batch-size 2000 -q \
  >/dev/null 2>"$WORK/shard.err" &
pid=$!
sleep "$(python3 -c "print(round($elapsed * 0.4, 3))")"
kill -9 "$(cat "$cluster_dir/s2/pid")"
wait "$pid"; rc=$?
if [ "$rc" -ne 0 ] && grep -q "shard" "$WORK/shard.err"; then
  pass "a stopped shard fails the ingest, named: $(head -c 160 "$WORK/shard.err")"
else
  fail "exit $rc without naming the stopped shard: $(head -c 300 "$WORK/shard.err")"
fi
"$root/scripts/clickhouse-local-cluster" start "$cluster_dir" --port "$port" >/dev/null 2>&1 ||
  fail "restart of the stopped shard"
"$QUARRY" ingest "$EV" --case "$WORK/shard" --store "$url/${db}_shard" --batch-size 2000 -q \
  >/dev/null || fail "rerun after the shard came back"
got=$("$QUARRY" digest --case "$WORK/shard" --format csv | tail -1)
if [ "$got" == "$ref" ]; then pass "digest after a stopped shard equals the uninterrupted ingest"
else fail "digest $got != $ref"; fi
"$QUARRY" tables --case "$WORK/killed" --format csv > "$WORK/killed.tables"
"$QUARRY" tables --case "$WORK/sqlite" --format csv > "$WORK/sqlite.tables"
cmp -s "$WORK/killed.tables" "$WORK/sqlite.tables" && pass "the catalog's tables, rows and times agree" ||
  fail "tables differ: $(diff "$WORK/killed.tables" "$WORK/sqlite.tables" | head -5)"
finish
