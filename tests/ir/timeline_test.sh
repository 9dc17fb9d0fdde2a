#!/usr/bin/env bash
# quarry timeline on the sample case: order, completeness, pivots, --around, and each output
# format checked field by field (Timesketch's importer needs message, datetime, timestamp_desc).
# Usage: timeline_test.sh QUARRY
set -euo pipefail
quarry="$(realpath "$1")"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
case_dir="$work/case"
"$quarry" ingest "$repo/samples/evidence" --case "$case_dir" >/dev/null
"$quarry" scan --case "$case_dir" --rules "$repo/rules" -q >/dev/null || true
t() { "$quarry" timeline --case "$case_dir" "$@"; }
t --format jsonl >"$work/all.jsonl" 2>/dev/null
t --format timesketch >"$work/ts.jsonl" 2>/dev/null
t --format csv >"$work/all.csv" 2>/dev/null
t --host ws01 --format jsonl >"$work/host.jsonl" 2>/dev/null
t --user alice --format jsonl >"$work/user.jsonl" 2>/dev/null
t --process lsass --format jsonl >"$work/process.jsonl" 2>/dev/null
t --ip 203.0.113.45 --format jsonl >"$work/ip.jsonl" 2>/dev/null
t --alerts-only --format jsonl >"$work/alerts.jsonl" 2>/dev/null
t --no-alerts --format jsonl >"$work/noalerts.jsonl" 2>/dev/null
t --from 2026-03-14T09:00:00Z --to 2026-03-14T09:30:00Z --format jsonl >"$work/range.jsonl" 2>/dev/null
eid="$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][40]["_eid"])' "$work/all.jsonl")"
t --around "$eid" --window 2m --format jsonl >"$work/around.jsonl" 2>/dev/null
t --limit 7 --format jsonl >"$work/limit.jsonl" 2>/dev/null
t --limit 5 >"$work/table.txt"

python3 - "$work" "$case_dir" "$eid" <<'PY'
import csv, json, sqlite3, sys
from datetime import datetime, timezone, timedelta
work, case_dir, around = sys.argv[1], sys.argv[2], int(sys.argv[3])
failures = []
def check(cond, what):
    print(("PASS  " if cond else "FAIL  ") + what)
    if not cond: failures.append(what)
def load(name): return [json.loads(l) for l in open(f"{work}/{name}")]
def when(e): return datetime.fromisoformat(e["TimeGenerated"].replace("Z", "+00:00"))

db = sqlite3.connect(f"{case_dir}/events.db")
tables = [r[0] for r in db.execute("select name from _quarry_tables")]
total = sum(db.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables)
alerts = db.execute('select count(*) from "Alerts"').fetchone()[0]
everything = load("all.jsonl")
check(len(everything) == total, f"every row of every table once ({len(everything)} of {total})")
check(len({e["_eid"] for e in everything}) == total, "no _eid twice")
keys = [(when(e), e["_eid"]) for e in everything]
check(keys == sorted(keys), "ordered by time, then _eid")
check(all(e.get("message") for e in everything), "every entry has a message")
check(all(e["kind"] for e in everything), "every entry has a kind")
# Templates: a Sysmon process start names its image and command line; a 4624 its user.
by_eid = {e["_eid"]: e for e in everything}
proc = [e for e in everything if e["kind"].startswith("Sysmon 1 ")]
check(proc and all(e["fields"]["Image"] in e["message"] for e in proc), "Sysmon 1 messages name the image")
logons = [e for e in everything if e["kind"].startswith("Security 4624")]
check(logons and all(e["fields"]["TargetUserName"] in e["message"] for e in logons), "4624 messages name the user")
al = load("alerts.jsonl")
check(len(al) == alerts and all(e["table"] == "Alerts" for e in al), f"--alerts-only: the {alerts} alerts")
check(all(str(e["fields"]["EventEid"]) in e["message"] for e in al), "alert messages cite their event")
check(len(load("noalerts.jsonl")) == total - alerts, "--no-alerts: everything else")
host = load("host.jsonl")
check(host and all(e["Computer"].lower().startswith("ws01.") for e in host), f"--host ws01 ({len(host)} entries, all on WS01)")
check(len(host) == sum(1 for e in everything if e["Computer"].lower().startswith("ws01.")), "--host keeps every WS01 entry")
user = load("user.jsonl")
check(user and all("alice" in json.dumps(e["fields"]).lower() for e in user), f"--user alice ({len(user)})")
process = load("process.jsonl")
check(process and all("lsass" in json.dumps(e["fields"]).lower() for e in process), f"--process lsass ({len(process)})")
ip = load("ip.jsonl")
check(ip and all("203.0.113.45" in json.dumps(e["fields"]) for e in ip), f"--ip 203.0.113.45 ({len(ip)})")
rng = load("range.jsonl")
lo, hi = datetime(2026,3,14,9,0,tzinfo=timezone.utc), datetime(2026,3,14,9,30,tzinfo=timezone.utc)
check(rng and all(lo <= when(e) <= hi for e in rng), "--from/--to bound the entries")
check(len(rng) == sum(1 for e in everything if lo <= when(e) <= hi), "--from/--to keep every entry inside")
ar = load("around.jsonl")
at = when(by_eid[around])
check(any(e["_eid"] == around for e in ar), "--around includes its event")
check(all(abs(when(e) - at) <= timedelta(minutes=2) for e in ar), "--around stays within --window")
check(len(ar) == sum(1 for e in everything if abs(when(e) - at) <= timedelta(minutes=2)), "--around keeps every entry inside")
check([e["_eid"] for e in load("limit.jsonl")] == [e["_eid"] for e in everything[:7]], "--limit 7: the first 7")
# Timesketch: the importer's required fields, and the same entries in the same order.
ts = load("ts.jsonl")
check(len(ts) == total, "timesketch: one line per entry")
ok = True
for e, s in zip(everything, ts):
    d = datetime.fromisoformat(s["datetime"].replace("Z", "+00:00"))
    ok &= isinstance(s["message"], str) and s["message"] == e["message"]
    ok &= isinstance(s["timestamp_desc"], str) and s["timestamp_desc"] != ""
    ok &= d == when(e) and s["timestamp"] == int(d.timestamp() * 1_000_000) // 1 and s["_eid"] == e["_eid"]
    ok &= d.tzinfo is not None
check(ok, "timesketch: message, datetime (UTC), timestamp (µs) and timestamp_desc match each entry")
rows = list(csv.reader(open(f"{work}/all.csv")))
check(rows[0] == ["TimeGenerated", "_eid", "table", "Computer", "kind", "message"] and len(rows) == total + 1, "csv: header and one row per entry")
check([int(r[1]) for r in rows[1:]] == [e["_eid"] for e in everything], "csv: same order")
table = open(f"{work}/table.txt").read().splitlines()
check(table[0].startswith("TimeGenerated") and len(table) == 8 and "stopped at --limit 5" in table[-1], "table: header, 5 lines, the summary")
sys.exit(1 if failures else 0)
PY

# Bad input: clear messages and usage exit codes.
expect_fail() {  # CODE WORDS ARGS...
  local code="$1" words="$2"; shift 2
  set +e; out="$("$quarry" timeline "$@" 2>&1)"; rc=$?; set -e
  if [[ $rc != "$code" || "$out" != *"$words"* ]]; then echo "FAIL  timeline $* -> $rc: $out"; exit 1; fi
  echo "PASS  timeline $* -> $rc ($words)"
}
expect_fail 2 "not a time" --case "$case_dir" --from yesterday
expect_fail 2 "before --from" --case "$case_dir" --from 2026-03-14T10:00:00Z --to 2026-03-14T09:00:00Z
expect_fail 2 "not a timespan" --case "$case_dir" --around "$eid" --window soon
expect_fail 3 "no event with _eid 42" --case "$case_dir" --around 42
expect_fail 2 "--format" --case "$case_dir" --format xml
expect_fail 3 "" --case "$work/no-such-case"
echo "timeline: all checks passed"
