#!/usr/bin/env bash
# quarry ir verify on the sample case: the JSON shape the acceptance checks read, each kind of
# check failing when it should (host, user, process, time, count, technique, missing event),
# P:/S:/C: citations, Markdown with several sentences a line, and bad input (a malformed
# citation, a missing file) reported without losing the other sentences.
# Usage: verify_test.sh QUARRY
set -euo pipefail
quarry="$(realpath "$1")"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$quarry" ingest "$repo/samples/evidence" --case "$work/case" >/dev/null
"$quarry" scan --case "$work/case" --rules "$repo/rules" -q >/dev/null || true
"$quarry" timeline --case "$work/case" --format jsonl >"$work/all.jsonl" 2>/dev/null
"$quarry" ir trees --case "$work/case" --format json >"$work/trees.json"
"$quarry" ir sessions --case "$work/case" --format json >"$work/sessions.json"
"$quarry" ir clusters --case "$work/case" --format json >"$work/clusters.json"
# Sentences written from the case's own events, true and with one thing changed.
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
rows = [json.loads(l) for l in open(f"{work}/all.jsonl")]
def first(pred):
    return next(r for r in rows if pred(r))
lsass = first(lambda r: r["table"] == "SysmonEvent" and "lsass" in r["fields"].get("TargetImage", "").lower())
rc4 = first(lambda r: r["table"] == "SecurityEvent" and str(r["fields"].get("EventID")) == "4769"
            and r["fields"].get("TicketEncryptionType") == "0x17")
rc4_all = [r for r in rows if r["table"] == "SecurityEvent" and str(r["fields"].get("EventID")) == "4769"
           and r["fields"].get("TicketEncryptionType") == "0x17"]
alert = first(lambda r: r["table"] == "Alerts" and "t1558.003" in json.dumps(r["fields"].get("Tags", "")).lower())
src = lsass["fields"]["SourceImage"].split("\\")[-1]
t = lsass["TimeGenerated"][11:16]
h = int(t[:2])
wrong_t = f"{(h + 1) % 24:02d}{t[2:]}"
tree = json.load(open(f"{work}/trees.json"))["processes"]
node = next(n for n in tree if n["eid"] and "powershell" in n["image"].lower())
session = next(s for s in json.load(open(f"{work}/sessions.json"))["sessions"] if s["eid"])
ids = ",".join(str(r["_eid"]) for r in rc4_all)
n = len(rc4_all)
lines = [
  "# Incident summary",
  "",
  f"{src} opened LSASS on WS01 at {t} UTC [E:{lsass['_eid']}].",
  f"{src} opened LSASS on DC01 at {t} UTC [E:{lsass['_eid']}].",
  f"{src} opened LSASS on WS01 at {wrong_t} UTC [E:{lsass['_eid']}].",
  f"mimikatz.exe opened LSASS on WS01 [E:{lsass['_eid']}].",
  f"- The domain controller issued {n} RC4 service tickets [E:{ids}]. It issued {n + 1} of them [E:{ids}].",
  f"The RC4 request is Kerberoasting, T1558.003 [E:{rc4['_eid']}]. It is also T1003.001 [E:{rc4['_eid']}].",
  f"The alert {alert['_eid']} fired [E:{alert['_eid']}].",
  f"Something happened on WS01 [E:99999999999].",
  f"A malformed citation [E:12x] and a good one [E:{lsass['_eid']}].",
  f"The attacker then moved on.",
  f"The process {node['image'].split(chr(92))[-1]} ran [{node['id']}].",
  f"The logon of {session['user'].split(chr(92))[-1]} was on {session['host'].split('.')[0]} [{session['id']}].",
]
open(f"{work}/claims.md", "w").write("\n".join(lines) + "\n")
want = ["supported", "unsupported", "unsupported", "unsupported", "supported", "unsupported",
        "supported", "unsupported", "supported", "unsupported", "unsupported", "uncited",
        "supported", "supported"]
open(f"{work}/want.json", "w").write(json.dumps(want))
PY
rc=0
"$quarry" ir verify "$work/claims.md" --case "$work/case" --format json >"$work/out.json" || rc=$?
"$quarry" ir verify - --case "$work/case" <"$work/claims.md" >"$work/out.txt" || true
rc_missing=0
"$quarry" ir verify "$work/nope.md" --case "$work/case" 2>"$work/missing.err" || rc_missing=$?
printf 'All true here [E:%s].\n' "$(python3 -c "import json;print(json.loads(open('$work/all.jsonl').readline())['_eid'])")" >"$work/one.md"
rc_ok=0
"$quarry" ir verify "$work/one.md" --case "$work/case" >/dev/null || rc_ok=$?
python3 - "$work" "$rc" "$rc_missing" "$rc_ok" <<'PY'
import json, sys
work, rc, rc_missing, rc_ok = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
failures = []
def check(cond, what):
    print(("PASS  " if cond else "FAIL  ") + what)
    if not cond: failures.append(what)
out = json.load(open(f"{work}/out.json"))
want = json.load(open(f"{work}/want.json"))
claims = out["claims"]
check(len(claims) == len(want), f"{len(want)} sentences (got {len(claims)}); the heading is not one")
for c in claims:
    check(set(["text", "citations", "verdict", "problems", "line"]) <= set(c), f"line {c['line']}: text, citations, verdict, problems")
for i, (c, w) in enumerate(zip(claims, want)):
    check(c["verdict"] == w, f"sentence {i + 1} ({c['text'][:60]}): {w} (got {c['verdict']}: {'; '.join(c['problems'])})")
p = {i: " ".join(c["problems"]) for i, c in enumerate(claims)}
check("DC01" in p[1] or "dc01" in p[1].lower(), "wrong host named in the problem")
check("the cited events are at" in p[2], "wrong time: the problem says when the events are")
check("mimikatz.exe" in p[3], "absent process named")
check("the citations hold" in p[5], "wrong count: the problem says the real count")
check("T1003.001" in p[7] and "T1558.003" in p[7], "wrong technique: says what the alerts carry")
check("not an event or alert of the case" in p[9], "a missing event is named")
check("12x" in p[10], "a malformed citation is reported")
check(claims[6]["line"] == claims[5]["line"] + 1 and claims[4]["line"] == claims[5]["line"], "two sentences on a bullet line share its line number")
check(out["supported"] + out["unsupported"] + out["uncited"] == len(claims), "totals add up")
check(rc == 1, f"exit 1 when something is unsupported (got {rc})")
check(rc_ok == 0, f"exit 0 when all is supported (got {rc_ok})")
check(rc_missing == 3 and "nope.md" in open(f"{work}/missing.err").read(), f"a missing file: exit 3 and its name (got {rc_missing})")
text = open(f"{work}/out.txt").read()
check("unsupported  line" in text and "sentence(s):" in text, "text output: verdict per sentence and totals")
sys.exit(1 if failures else 0)
PY
