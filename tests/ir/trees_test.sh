#!/usr/bin/env bash
# quarry ir trees on the sample case: the intrusion's parent/child chains on WS01 (Sysmon,
# linked by ProcessGuid) and DC01 (Security 4688, linked by process id and time), every started
# process once, and a forest whose links agree both ways.
# Usage: trees_test.sh QUARRY
set -euo pipefail
quarry="$(realpath "$1")"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$quarry" ingest "$repo/samples/evidence" --case "$work/case" >/dev/null
"$quarry" ir trees --case "$work/case" --format json >"$work/trees.json"
"$quarry" ir trees --case "$work/case" --host DC01 --format json >"$work/dc01.json"
"$quarry" ir trees --case "$work/case" --match comsvcs >"$work/match.txt"
"$quarry" ir sessions --case "$work/case" --format json >"$work/sessions.json"
"$quarry" ir sessions --case "$work/case" --user bob --format json >"$work/bob.json"
"$quarry" scan --case "$work/case" --rules "$repo/rules" -q >/dev/null || true
"$quarry" ir clusters --case "$work/case" --gap 5m --format json >"$work/clusters.json"
"$quarry" timeline --case "$work/case" --format jsonl >"$work/all.jsonl" 2>/dev/null
python3 - "$work" <<'PY'
import json, sqlite3, sys
work = sys.argv[1]
failures = []
def check(cond, what):
    print(("PASS  " if cond else "FAIL  ") + what)
    if not cond: failures.append(what)
nodes = json.load(open(f"{work}/trees.json"))["processes"]
by_id = {n["id"]: n for n in nodes}
db = sqlite3.connect(f"{work}/case/events.db")
started = db.execute("select count(*) from SysmonEvent where EventID = 1").fetchone()[0] + \
          db.execute("select count(*) from SecurityEvent where EventID = 4688").fetchone()[0]
check(len(by_id) == len(nodes), "process ids are unique")
check(sum(1 for n in nodes if n["eid"]) == started, f"every process start is a node ({started})")
check(all(n["id"] == f"P:{n['eid']}" for n in nodes if n["eid"]), "a started process is P:<_eid>")
check(all(not n["parent"] or n["parent"] in by_id for n in nodes), "every parent is in the forest")
check(all(n["id"] in by_id[n["parent"]]["children"] for n in nodes if n["parent"]), "parents list their children")
check(all(by_id[c]["parent"] == n["id"] for n in nodes for c in n["children"]), "children name their parent")
def chain(leaf_match, host):
    leaf = [n for n in nodes if host in n["host"] and leaf_match in n["command_line"]]
    if not leaf: return []
    out, n = [], leaf[0]
    while n:
        out.append(n["image"].split("\\")[-1].lower())
        n = by_id.get(n["parent"])
    return out[::-1]
ws = chain("comsvcs.dll, MiniDump", "WS01")
want = ["outlook.exe", "winword.exe", "powershell.exe", "upd.exe", "fodhelper.exe", "upd.exe", "rundll32.exe"]
check(ws[-len(want):] == want, "WS01: " + " > ".join(ws))
dc = chain("net1  group", "DC01")
check(dc[-4:] == ["upd.exe", "cmd.exe", "net.exe", "net1.exe"] and dc[0] == "services.exe", "DC01: " + " > ".join(dc))
dc01 = json.load(open(f"{work}/dc01.json"))["processes"]
check(dc01 and all(n["host"].startswith("DC01") for n in dc01), "--host DC01 keeps only DC01")
match = open(f"{work}/match.txt").read()
check("rundll32.exe" in match and "net1" not in match and "trees with 'comsvcs'" in match, "--match shows only the tree holding comsvcs")
# Logon sessions.
sessions = json.load(open(f"{work}/sessions.json"))["sessions"]
sid = {x["id"]: x for x in sessions}
logons = db.execute("select _eid, TargetLogonId from SecurityEvent where EventID = 4624").fetchall()
check(all(f"S:{e}" in sid and sid[f"S:{e}"]["logon_id"] == l for e, l in logons), f"every 4624 is a session S:<_eid> ({len(logons)})")
ends = dict(db.execute("select _eid, TargetLogonId from SecurityEvent where EventID in (4634, 4647)").fetchall())
ended = [x for x in sessions if x["end_eid"]]
check(ended and all(ends[x["end_eid"]].lower() == x["logon_id"].lower() and x["end"] >= x["start"] for x in ended), f"{len(ended)} sessions end with a logoff of their logon id, after the logon")
placed = [p for x in sessions for p in x["processes"]]
with_logon = [n["id"] for n in nodes if n["logon_id"] and n["start"]]
check(sorted(placed) == sorted(with_logon), "every process with a logon id is in exactly one session")
check(all(by_id[p]["logon_id"].lower() == x["logon_id"].lower() and by_id[p]["host"] == x["host"] for x in sessions for p in x["processes"]), "a session's processes carry its logon id, on its host")
dump = [n["id"] for n in nodes if "MiniDump" in n["command_line"]][0]
check(any(dump in x["processes"] and "alice" in x["user"] for x in sessions), "the LSASS dump ran in a session of alice's")
bob = json.load(open(f"{work}/bob.json"))["sessions"]
check(bob and all("bob" in x["user"].lower() for x in bob), "--user bob keeps bob's sessions")
# Activity clusters.
from datetime import datetime, timedelta
def t(x): return datetime.fromisoformat(x.replace("Z", "+00:00"))
clusters = json.load(open(f"{work}/clusters.json"))["clusters"]
entries = [json.loads(l) for l in open(f"{work}/all.jsonl")]
check(sum(c["events"] + c["alerts"] for c in clusters) == len(entries), f"every entry in one cluster ({len(entries)})")
ok = True
by_entity = {}
for c in clusters: by_entity.setdefault(c["entity"], []).append(c)
for cs in by_entity.values():
    for a, b in zip(cs, cs[1:]):
        ok &= t(b["start"]) - t(a["end"]) > timedelta(minutes=5)
check(ok, "clusters of one host or identity are more than the gap apart")
first = {e["_eid"]: e for e in entries}
check(all(c["id"] == f"C:{c['first_eid']}" and first[c["first_eid"]]["TimeGenerated"] == c["start"] for c in clusters), "a cluster is C:<_eid of its first entry>")
kerb = [c for c in clusters if "DC01" in c["entity"] and c["kinds"].get("Security 4769 service ticket", 0) >= 15]
check(len(kerb) == 1 and kerb[0]["alerts"] > 0, "the Kerberoasting burst is one DC01 cluster with its alerts")
sys.exit(1 if failures else 0)
PY
echo "trees, sessions and clusters: all checks passed"
