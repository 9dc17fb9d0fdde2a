#!/usr/bin/env bash
# An ingest killed with SIGKILL at 20 random moments, each time rerun with the same command,
# ends with exactly the rows and content of an uninterrupted ingest.
source "$(dirname "$0")/lib.sh"
EV="$WORK/ev"; mkdir -p "$EV"
python3 - "$EV" <<'PY'
import json, random, sys, gzip
random.seed(7)
out = sys.argv[1]
for f in range(4):
    lines = []
    for i in range(40000):
        e = {"Channel": random.choice(["Security", "Microsoft-Windows-Sysmon/Operational", "System"]),
             "EventID": random.choice([1, 3, 10, 4624, 4688, 7045]), "Hostname": f"ws{i % 7}",
             "TimeCreated": f"2024-01-0{1 + f} 10:{i // 3600 % 60:02d}:{i % 60:02d}.{i % 1000:03d}",
             "Image": f"C:\\\\Windows\\\\p{i % 50}.exe", "N": i, "F": f}
        if i % 11 == 0:
            e[f"Extra{i % 13}"] = "x" * (i % 40)
        lines.append(json.dumps(e))
    data = "\n".join(lines) + "\n"
    if f == 3:
        with gzip.open(f"{out}/part{f}.jsonl.gz", "wt") as g: g.write(data)
    else:
        open(f"{out}/part{f}.jsonl", "w").write(data)
PY
start=$(date +%s.%N)
"$QUARRY" ingest "$EV" --case "$WORK/reference" --batch-size 2000 -q >/dev/null || fail "reference ingest"
elapsed=$(python3 -c "import time; print(max(0.3, $(date +%s.%N) - $start))")
ref=$("$QUARRY" digest --case "$WORK/reference" --format csv | tail -1)

RANDOM=20261122
for i in $(seq 1 20); do
  delay=$(python3 -c "import random; random.seed($i * 7919); print(round(random.uniform(0.01, $elapsed), 3))")
  "$QUARRY" ingest "$EV" --case "$WORK/killed" --batch-size 2000 -q >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  # The case must open after every kill.
  "$QUARRY" tables --case "$WORK/killed" >/dev/null 2>&1 || [ ! -e "$WORK/killed/events.db" ] || fail "case does not open after kill $i"
done
"$QUARRY" ingest "$EV" --case "$WORK/killed" --batch-size 2000 -q >/dev/null || fail "final rerun"
got=$("$QUARRY" digest --case "$WORK/killed" --format csv | tail -1)
if [ "$got" == "$ref" ]; then pass "digest after 20 kills equals the uninterrupted ingest ($ref)"; else fail "digest $got != $ref"; fi
# The catalog's row counts agree with the tables.
python3 - "$WORK/killed/events.db" <<'PY' || fail "catalog row counts match the tables"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for name, rows in db.execute("SELECT name, rows FROM _quarry_tables"):
    actual = db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
    assert actual == rows, (name, actual, rows)
PY
finish
