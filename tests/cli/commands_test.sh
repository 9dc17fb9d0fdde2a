#!/usr/bin/env bash
# The documented command-line interface: exit codes, formats and the sample evidence.
source "$(dirname "$0")/lib.sh"
SAMPLES="$(dirname "$0")/../../samples/evidence"
CASE="$WORK/case"

expect_exit 0 "ingest the sample evidence" -- "$QUARRY" ingest "$SAMPLES" --case "$CASE"
grep -q "events added" "$WORK/out" || fail "ingest prints a summary"

expect_exit 0 "tables as JSON" -- "$QUARRY" tables --case "$CASE" --format json
python3 - "$WORK/out" <<'PY' || fail "tables JSON has table, rows, min_time, max_time"
import json, sys
rows = json.load(open(sys.argv[1]))
assert isinstance(rows, list) and rows, rows
names = {r["table"] for r in rows}
assert {"SysmonEvent", "SecurityEvent", "AWSCloudTrail"} <= names, names
for r in rows:
    assert isinstance(r["rows"], int) and r["rows"] > 0
    assert r["min_time"].endswith("Z") and r["max_time"] >= r["min_time"]
PY

expect_exit 0 "re-ingest adds nothing" -- "$QUARRY" ingest "$SAMPLES" --case "$CASE" --format json
python3 - "$WORK/out" <<'PY' || fail "re-ingest report says already in case"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["events_added"] == 0 and all(f["state"] == "already in case" for f in r["files"]), r
PY

expect_exit 0 "ingest report as JSON lines" -- "$QUARRY" ingest "$SAMPLES" --case "$CASE" --format jsonl
[ "$(wc -l < "$WORK/out")" -eq 3 ] || fail "one JSON line per evidence file"

for fmt in table json jsonl csv; do
  expect_exit 0 "schema SysmonEvent --format $fmt" -- "$QUARRY" schema SysmonEvent --case "$CASE" --format "$fmt"
done
grep -q "CommandLine" "$WORK/out" || fail "schema lists CommandLine"
expect_exit 3 "schema of an unknown table" -- "$QUARRY" schema NoSuchTable --case "$CASE"
grep -q "SysmonEvent" "$WORK/err" || fail "unknown table error lists the tables"

EID=$("$QUARRY" files --case "$CASE" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["file_id"] * 10**9)')
expect_exit 0 "show the first event" -- "$QUARRY" show "$EID" --case "$CASE" --format json
python3 - "$WORK/out" "$EID" <<'PY' || fail "show JSON has provenance"
import json, sys
e = json.loads(open(sys.argv[1]).read())
assert e["_eid"] == int(sys.argv[2]) and e["_source"] and "_record" in e and e["_file_sha256"], e
PY
expect_exit 3 "show an unknown eid" -- "$QUARRY" show 42 --case "$CASE"
expect_exit 2 "usage error" -- "$QUARRY" tables
expect_exit 2 "unknown format" -- "$QUARRY" tables --case "$CASE" --format yaml
expect_exit 3 "missing case" -- "$QUARRY" tables --case "$WORK/nope"
expect_exit 0 "help" -- "$QUARRY" ingest --help
grep -q "Examples" "$WORK/out" || fail "ingest --help has examples"
expect_exit 0 "digest" -- "$QUARRY" digest --case "$CASE" --format json

# Sigma: our test rules over the sample evidence (one of them broken on purpose).
RULES="$(dirname "$0")/rules"
expect_exit 0 "scan as JSON lines" -- "$QUARRY" scan "$SAMPLES" --rules "$RULES" --format jsonl
python3 - "$WORK/out" <<'PY' || fail "scan JSON lines carry the documented keys and both rules"
import json, sys
alerts = [json.loads(l) for l in open(sys.argv[1])]
keys = {"rule_id", "rule_title", "level", "time", "computer", "tags", "source", "record"}
assert alerts and all(keys <= set(a) for a in alerts), alerts
by_rule = {}
for a in alerts:
    by_rule[a["rule_id"]] = by_rule.get(a["rule_id"], 0) + 1
assert by_rule == {"6f0e2a51-0b0d-4c61-9d1b-3d1f6d1f0a01": 2,
                   "6f0e2a51-0b0d-4c61-9d1b-3d1f6d1f0a02": 3}, by_rule
# process_creation also applies to Security 4688 (NewProcessName for Image).
assert any(a["event_id"] == "4688" for a in alerts), alerts
assert all(isinstance(a["tags"], list) and a["source"] and a["record"] >= 0 for a in alerts)
PY
grep -q "unknown modifier 'bogus'" "$WORK/err" || fail "scan reports the rule that did not load"
cp "$WORK/out" "$WORK/one_thread.jsonl"
expect_exit 0 "scan on two threads" -- "$QUARRY" scan "$SAMPLES" --rules "$RULES" --format jsonl --threads 2
cmp -s "$WORK/out" "$WORK/one_thread.jsonl" || fail "two threads give the same alerts in the same order"
# A JSON lines file large enough to be read in blocks on two threads: same alerts, same record
# offsets and the same warning (line and offset) for a damaged line as one thread.
python3 - "$SAMPLES/dc01-security.jsonl" "$WORK/big.jsonl" <<'PY'
import sys
lines = [l.rstrip("\r\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    out.write("\ufeff")
    written, i = 0, 0
    while written < 10 << 20:
        line = lines[i % len(lines)]
        if i == 7000:
            line = '{"EventID": 4688, "broken'
        text = line + ("\r\n" if i % 3 == 0 else "\n") + ("\n" if i % 1000 == 5 else "")
        out.write(text)
        written += len(text.encode())
        i += 1
PY
expect_exit 3 "scan a large JSON lines file on one thread (one line lost)" -- "$QUARRY" scan "$WORK/big.jsonl" --rules "$RULES" --format jsonl --threads 1
cp "$WORK/out" "$WORK/big_one.jsonl"; cp "$WORK/err" "$WORK/big_one.err"
expect_exit 3 "scan a large JSON lines file in blocks" -- "$QUARRY" scan "$WORK/big.jsonl" --rules "$RULES" --format jsonl --threads 2
[ -s "$WORK/big_one.jsonl" ] || fail "the large file gives alerts"
cmp -s "$WORK/out" "$WORK/big_one.jsonl" || fail "blocks on two threads give the alerts of one thread"
grep -q "big.jsonl:7008 (byte " "$WORK/big_one.err" || fail "the damaged line is reported with its line number"
diff <(grep -v "alert(s) from" "$WORK/err") <(grep -v "alert(s) from" "$WORK/big_one.err") \
  || fail "blocks report the damaged line like one thread"
# A correlation judged when its windows end (lt): fired from each window's last event, the
# windows still open at the end of the input included.
LT_CASE="$(dirname "$0")/../sigma/cases/correlation_lt_judged_when_window_ends"
expect_exit 0 "scan with an lt correlation" -- "$QUARRY" scan "$LT_CASE/events.jsonl" --rules "$LT_CASE/rule.yml" --format jsonl
python3 - "$WORK/out" <<'PY' || fail "lt correlation alerts: one per window with fewer than 3 events"
import json, sys
alerts = [json.loads(l) for l in open(sys.argv[1])]
got = [(a["rule_title"], a["time"][11:16], a["details"]) for a in alerts]
want = [("heartbeat too rare", "10:02", {"Host": "a"}),
        ("heartbeat too rare", "10:30", {"Host": "a"}),
        ("heartbeat too rare", "10:34", {"Host": "c"})]
assert got == want, got
PY
expect_exit 0 "scan --min-level high" -- "$QUARRY" scan "$SAMPLES" --rules "$RULES" --format csv --min-level high
[ "$(wc -l < "$WORK/out")" -eq 3 ] || fail "CSV header plus the two high alerts"
expect_exit 0 "scan summary" -- "$QUARRY" scan "$SAMPLES" --rules "$RULES"
grep -q "credential-access" "$WORK/out" || fail "summary lists ATT&CK tactics"
expect_exit 2 "scan with a bad level" -- "$QUARRY" scan "$SAMPLES" --rules "$RULES" --min-level severe
expect_exit 0 "scan a case stores its alerts" -- "$QUARRY" scan --case "$CASE" --rules "$RULES" --format jsonl
[ "$(wc -l < "$WORK/out")" -eq 5 ] || fail "scanning the case gives the same five alerts"
grep -q "5 alert(s) stored in table Alerts" "$WORK/err" || fail "scan --case says where alerts went"
expect_exit 0 "Alerts table in the case" -- "$QUARRY" tables --case "$CASE" --format json
python3 - "$WORK/out" <<'PY' || fail "the case lists an Alerts table with five rows"
import json, sys
rows = {r["table"]: r["rows"] for r in json.load(open(sys.argv[1]))}
assert rows.get("Alerts") == 5, rows
PY
expect_exit 0 "the same scan again" -- "$QUARRY" scan --case "$CASE" --rules "$RULES" --format jsonl
grep -q "already in the case" "$WORK/err" || fail "a repeated case scan adds nothing"
# --min-level selects rules before they run: a case scan stores only their alerts.
MIN_CASE="$WORK/min-level.case"
"$QUARRY" ingest "$SAMPLES" --case "$MIN_CASE" >/dev/null 2>&1
expect_exit 0 "scan a case with --min-level high" -- "$QUARRY" scan --case "$MIN_CASE" --rules "$RULES" --min-level high --format jsonl
grep -q "2 alert(s) stored in table Alerts" "$WORK/err" || fail "only the two high alerts are stored"
expect_exit 0 "stored alerts by level" -- "$QUARRY" query 'Alerts | summarize n = count() by Level' --case "$MIN_CASE" --window 0 --format json
python3 - "$WORK/out" <<'PY' || fail "the Alerts table holds high and critical alerts only"
import json, sys
levels = {r["Level"]: r["n"] for r in json.load(open(sys.argv[1]))}
assert levels and set(levels) <= {"high", "critical"}, levels
PY
expect_exit 0 "the same case scanned with every level" -- "$QUARRY" scan --case "$MIN_CASE" --rules "$RULES" --format jsonl
grep -q "5 alert(s) stored in table Alerts" "$WORK/err" || fail "another selection is another scan"
expect_exit 2 "scan needs paths or a case" -- "$QUARRY" scan --rules "$RULES"
# A logsource mapping file and expand placeholders.
MAP="$(dirname "$0")/mapping"
expect_exit 1 "rules without their mapping do not load" -- "$QUARRY" rules check "$MAP/rules.yml"
expect_exit 0 "scan with a mapping file" -- "$QUARRY" scan "$MAP/events.jsonl" --rules "$MAP/rules.yml" --mapping "$MAP/mapping.yml" --format jsonl
[ "$(wc -l < "$WORK/out")" -eq 3 ] || fail "the mapping file gates both rules (and renames Image)"
expect_exit 0 "scan with a placeholder" -- "$QUARRY" scan "$MAP/events.jsonl" --rules "$MAP/rules.yml" --mapping "$MAP/mapping.yml" --placeholder TrustedHosts=jump1 --format jsonl
[ "$(wc -l < "$WORK/out")" -eq 2 ] || fail "the placeholder feeds the filter"
expect_exit 2 "a missing mapping file" -- "$QUARRY" scan "$MAP/events.jsonl" --rules "$MAP/rules.yml" --mapping "$MAP/none.yml"
grep -q "cannot read the mapping file" "$WORK/err" || fail "names the mapping file"
expect_exit 1 "rules check finds the broken rule" -- "$QUARRY" rules check "$RULES" --format json
python3 - "$WORK/out" <<'PY' || fail "rules check JSON lists every rule with id, path, loaded, reason"
import json, sys
rows = json.load(open(sys.argv[1]))
assert len(rows) == 3 and all({"id", "path", "loaded", "reason"} <= set(r) for r in rows), rows
bad = [r for r in rows if not r["loaded"]]
assert len(bad) == 1 and "broken.yml:7: unknown modifier 'bogus'" in bad[0]["reason"], bad
PY
# quarry kql check: against the case's catalog and against a schema folder.
KQL="$WORK/kql"; mkdir -p "$KQL"
printf 'SysmonEvent\n| where TimeGenerated > ago(7d) and EventID == 1\n| project TimeGenerated, Computer, CommandLine\n' > "$KQL/good.kql"
printf 'SysmonEvent\n| where EventID == 1 and comandline has "x"\n' > "$KQL/typo.kql"
printf 'SysmonEvent | where (EventID == 1\n' > "$KQL/broken.kql"
expect_exit 0 "kql check of a query that binds" -- "$QUARRY" kql check "$KQL/good.kql" --case "$CASE"
grep -q "good.kql: ok" "$WORK/out" || fail "kql check says ok"
expect_exit 1 "kql check finds a misspelt column" -- "$QUARRY" kql check "$KQL/good.kql" "$KQL/typo.kql" "$KQL/broken.kql" --case "$CASE" --format json
python3 - "$WORK/out" <<'PY' || fail "kql check JSON: file, parsed, bound, findings with span and suggestion"
import json, sys
rows = {r["file"].rsplit("/", 1)[-1]: r for r in json.load(open(sys.argv[1]))}
assert rows["good.kql"]["parsed"] and rows["good.kql"]["bound"] and rows["good.kql"]["findings"] == []
typo = rows["typo.kql"]
assert typo["parsed"] and not typo["bound"], typo
f = typo["findings"][0]
assert f["severity"] == "error" and f["code"] == "kql.unknown_column", f
assert f["span"]["line"] == 2 and f["span"]["column"] == 26 and "CommandLine" in f["suggestion"], f
assert any(f["code"] == "kql.no_time_filter" and f["severity"] == "warning" for f in typo["findings"]), typo
broken = rows["broken.kql"]
assert not broken["parsed"] and broken["findings"][0]["code"] == "kql.syntax", broken
PY
expect_exit 1 "kql check against a schema folder" -- "$QUARRY" kql check "$KQL/good.kql" --schema "$(dirname "$0")/../kql/schema" --format json
grep -q '"code":"kql.unknown_table"' "$WORK/out" || fail "SysmonEvent is not in the test schema"
expect_exit 2 "kql check needs --schema or --case" -- "$QUARRY" kql check "$KQL/good.kql"
# quarry query: rows as a JSON array; a query with an error finding does not run.
expect_exit 0 "query as JSON" -- "$QUARRY" query 'SecurityEvent | where EventID == 4625 | summarize n = count() by TargetUserName | sort by n desc' --case "$CASE" --format json
python3 - "$WORK/out" <<'PY' || fail "query JSON is an array of row objects"
import json, sys
rows = json.load(open(sys.argv[1]))
assert isinstance(rows, list) and rows and all(set(r) == {"TargetUserName", "n"} for r in rows), rows
assert [r["n"] for r in rows] == sorted((r["n"] for r in rows), reverse=True), rows
PY
grep -q "kql.no_time_filter" "$WORK/err" || fail "query warns about the missing time filter"
expect_exit 1 "query with an unknown column does not run" -- "$QUARRY" query 'SysmonEvent | where Imagee endswith "cmd.exe"' --case "$CASE" --format json
grep -q "did you mean 'Image'" "$WORK/err" || fail "query names the close column"
[ ! -s "$WORK/out" ] || fail "a query that does not check prints no rows"
expect_exit 0 "query --explain prints SQL" -- "$QUARRY" query 'SysmonEvent | where TimeGenerated > ago(1h) | take 3' --case "$CASE" --explain
grep -q "^SELECT" "$WORK/out" || fail "explain prints the SQL"
grep -q "^now: 2026-03-14T" "$WORK/out" || fail "explain prints the case's reference time"
expect_exit 3 "query on a missing case" -- "$QUARRY" query 'T | take 1' --case "$WORK/no-such-case"
# quarry hunt: a draft as JSON (query, findings, explanation, provider); nothing runs without
# --approve; an approved hunt is journalled and the journal verifies, until a byte changes.
expect_exit 0 "hunt --dry-run as JSON" -- "$QUARRY" hunt "failed logons by user in the last 12 hours" --case "$CASE" --dry-run --format json
python3 - "$WORK/out" <<'PY' || fail "hunt draft JSON has query, findings, explanation, provider"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["provider"] == "builtin" and "EventID == 4625" in d["query"], d
assert isinstance(d["findings"], list) and d["explanation"] and d["runnable"] is True, d
PY
[ ! -e "$CASE/journal.jsonl" ] || fail "a dry run records nothing"
expect_exit 1 "hunt that cannot be drafted" -- "$QUARRY" hunt "how is the weather" --case "$CASE" --dry-run --format json
grep -q '"code":"hunt.no_query"' "$WORK/out" || fail "an undrafted hunt says so"
expect_exit 0 "hunt without a terminal or --approve runs nothing" -- "$QUARRY" hunt "rdp logons" --case "$CASE" < /dev/null
grep -q "Not run" "$WORK/out" || fail "says it did not run"
expect_exit 0 "hunt --approve" -- "$QUARRY" hunt "failed logons by user" --refine "only from 10.0.1.15" --case "$CASE" --approve --author tester --technique T1110
grep -q "Recorded as journal entry 1" "$WORK/out" || fail "the approved hunt is journalled"
grep -q "alice" "$WORK/out" || fail "the raw rows are shown"
expect_exit 0 "journal list" -- "$QUARRY" journal list --case "$CASE" --format json
python3 - "$WORK/out" <<'PY' || fail "journal entry has the hunt"
import json, sys
e = json.load(open(sys.argv[1]))[0]
b = e["body"]
assert e["author"] == "tester" and e["kind"] == "hunt" and len(b["drafts"]) == 2, e
assert b["row_count"] == 1 and len(b["result_sha256"]) == 64 and b["sample_rows"][0]["Count"] == 3, b
assert any(t["id"] == "T1110" and t["confirmed"] for t in b["techniques"]), b
PY
expect_exit 0 "journal verify" -- "$QUARRY" journal verify --case "$CASE"
expect_exit 0 "journal export" -- "$QUARRY" journal export --case "$CASE" --format md
grep -q '```kql' "$WORK/out" || fail "the report shows the query"
sed -i 's/tester/mallory/' "$CASE/journal.jsonl"
expect_exit 1 "journal verify after tampering" -- "$QUARRY" journal verify --case "$CASE"
grep -q "first bad entry 1" "$WORK/out" || fail "verify names the bad entry"
expect_exit 0 "a hunt onto a tampered journal is refused" -- true
"$QUARRY" hunt "rdp logons" --case "$CASE" --approve > "$WORK/out" 2> "$WORK/err" && fail "a tampered journal took a new entry"
grep -q "not intact" "$WORK/err" || fail "the refusal says the journal is not intact"
# Signed entries: keygen, hunt --sign-key, verify --public-key.
expect_exit 0 "journal keygen" -- "$QUARRY" journal keygen --out "$WORK/hunter.pem"
expect_exit 0 "ingest a second case" -- "$QUARRY" ingest "$SAMPLES" --case "$WORK/signed"
expect_exit 0 "signed hunt" -- "$QUARRY" hunt "rdp logons" --case "$WORK/signed" --approve --sign-key "$WORK/hunter.pem"
expect_exit 0 "verify with the public key" -- "$QUARRY" journal verify --case "$WORK/signed" --public-key "$WORK/hunter.pem.pub"
grep -q "every signature verifies" "$WORK/out" || fail "verify says the signatures check"
expect_exit 1 "verify an unsigned journal with a key" -- "$QUARRY" journal verify --case "$CASE" --public-key "$WORK/hunter.pem.pub"
# On a terminal (script(1) gives the hunt one): refine in English, approve, confirm ATT&CK; then
# edit the query by hand, approve, decline the techniques.
if command -v script > /dev/null; then
  printf 'r\nonly the last 6 hours\na\ny\n' | script -qec "'$QUARRY' hunt 'failed logons by user' --case '$WORK/signed' --author tty-user" /dev/null > "$WORK/out" 2>&1 \
    || fail "interactive hunt failed: $(tail -5 "$WORK/out")"
  grep -q "Approved by tty-user (interactive)" "$WORK/out" || fail "the interactive hunt ran after approval"
  printf 'e\nSecurityEvent | where TimeGenerated > ago(1d) | where EventID == 4624 | count\n\na\nn\n' | script -qec "'$QUARRY' hunt 'successful logons' --case '$WORK/signed' --author tty-user" /dev/null > "$WORK/out" 2>&1 \
    || fail "interactive edit failed: $(tail -5 "$WORK/out")"
  expect_exit 0 "journal after interactive hunts" -- "$QUARRY" journal list --case "$WORK/signed" --format json
  python3 - "$WORK/out" <<'PY' || fail "interactive hunts are journalled with their refinements and edits"
import json, sys
entries = json.load(open(sys.argv[1]))
refined, edited = entries[-2]["body"], entries[-1]["body"]
assert refined["approval"] == "interactive" and len(refined["drafts"]) == 2, refined
assert "ago(6h)" in refined["query"] and all(t["confirmed"] for t in refined["techniques"]), refined
assert edited["drafts"][-1]["provider"] == "person" and "count" in edited["query"], edited
assert not any(t["confirmed"] for t in edited["techniques"]), edited
PY
fi
# Rule tests: the JSON report's documented keys, JUnit XML, and the exit code of a failing test.
RULE_TESTS="$(dirname "$0")/../detect/rule_tests"
expect_exit 1 "rules test with a failing rule" -- "$QUARRY" rules test "$RULE_TESTS/pass_and_fail/rules" --format json --junit "$WORK/junit.xml"
python3 - "$WORK/out" "$WORK/junit.xml" <<'PY' || fail "rules test JSON and JUnit carry the verdicts"
import json, sys, xml.etree.ElementTree as ET
report = json.load(open(sys.argv[1]))
rules = {r["id"]: r for r in report["rules"]}
evil = rules["6a0d7e52-0000-4000-8000-000000000001"]
assert set(evil) >= {"rule", "id", "passed", "failures"} and evil["passed"] is False
assert {f["code"] for f in evil["failures"]} == {"rules.test.missed", "rules.test.unexpected"}
assert [u["rule"] for u in report["untested"]] == ["Notepad Started"]
assert report["problems"][0]["code"] == "rules.test.orphan"
suite = ET.parse(sys.argv[2]).getroot().find("testsuite")
assert suite.get("failures") == "2" and suite.get("skipped") == "1"
PY
expect_exit 2 "rules test without a PATH" -- "$QUARRY" rules test

# Coverage: a Navigator layer of our pack that Navigator's format (4.5) accepts.
expect_exit 0 "rules coverage as a Navigator layer" -- "$QUARRY" rules coverage "$(dirname "$0")/../../rules" --format navigator
python3 - "$WORK/out" <<'PY' || fail "the Navigator layer has the format's required fields and scored techniques"
import json, re, sys
layer = json.load(open(sys.argv[1]))
assert layer["versions"]["layer"] == "4.5" and layer["domain"] == "enterprise-attack" and layer["name"]
techniques = layer["techniques"]
assert len(techniques) >= 20
for t in techniques:
    assert re.fullmatch(r"T\d{4}(\.\d{3})?", t["techniqueID"]) and t["score"] >= 1 and t["comment"]
assert layer["gradient"]["maxValue"] >= max(t["score"] for t in techniques)
PY

# Lint: our pack has no error against the sample case (warnings: values the samples lack).
expect_exit 0 "rules lint of our pack against the sample case" -- "$QUARRY" rules lint "$(dirname "$0")/../../rules" --case "$CASE" --format json
python3 - "$WORK/out" <<'PY' || fail "lint JSON has per rule findings with severity, code and message"
import json, sys
report = json.load(open(sys.argv[1]))
assert report["errors"] == 0 and len(report["rules"]) >= 30
for r in report["rules"]:
    for f in r["findings"]:
        assert f["severity"] in ("info", "warning") and f["code"].startswith("rules.lint.") and f["message"]
PY

# Baseline: per rule id, alerts and per_day over the sample case, read-only.
alerts_before="$("$QUARRY" query "Alerts | count" --case "$CASE" --format csv 2>/dev/null | tail -1)"
expect_exit 1 "rules baseline of our pack (a rule over a 1/day budget)" -- "$QUARRY" rules baseline "$(dirname "$0")/../../rules" --case "$CASE" --budget 1/day --format json -q
python3 - "$WORK/out" <<'PY' || fail "baseline JSON has per rule id, alerts and per_day median, p95, max"
import json, sys
report = json.load(open(sys.argv[1]))
assert report["days"] >= 1 and report["events"] > 0 and report["over_budget"] >= 1
for r in report["rules"]:
    assert r["id"] and r["alerts"] >= 0 and set(r["per_day"]) == {"median", "p95", "max"}
    assert r["per_day"]["max"] >= r["per_day"]["p95"] >= 0
assert any(r["over_budget"] and r["alerts"] > 1 for r in report["rules"])
PY
alerts_after="$("$QUARRY" query "Alerts | count" --case "$CASE" --format csv 2>/dev/null | tail -1)"
[ "$alerts_before" = "$alerts_after" ] || fail "baseline leaves the case's Alerts alone ($alerts_before, then $alerts_after)"
expect_exit 2 "rules baseline with a bad budget" -- "$QUARRY" rules baseline "$(dirname "$0")/../../rules" --case "$CASE" --budget lots

# Convert: one rule's KQL on stdout (exit 0), runnable by quarry query; why not, exit 1.
expect_exit 0 "rules convert a rule to KQL for the case" -- "$QUARRY" rules convert "$(dirname "$0")/../../rules/windows/office_spawns_shell.yml" --to kql --case "$CASE"
head -1 "$WORK/out" | grep -Eq '^(SysmonEvent|SecurityEvent|union)' || fail "convert prints the KQL alone"
cp "$WORK/out" "$WORK/converted.kql"
expect_exit 0 "the converted KQL runs" -- "$QUARRY" query @"$WORK/converted.kql" --case "$CASE" --format csv
expect_exit 0 "rules convert of a correlation with its rule" -- "$QUARRY" rules convert "$(dirname "$0")/../../rules/windows/kerberoasting_burst.yml" "$(dirname "$0")/../../rules/windows/kerberoasting_rc4_service_ticket.yml" --to kql --case "$CASE"
grep -q "summarize Values = dcount(QuarryValue) by TargetUserName, Window = bin(TimeGenerated, 30m)" "$WORK/out" || fail "a value_count correlation becomes summarize dcount by bin"
expect_exit 1 "rules convert of a keyword rule says why not" -- "$QUARRY" rules convert "$(dirname "$0")/../detect/convert/modifiers/rules/keywords.yml" --to kql --case "$CASE"
grep -q "cannot convert" "$WORK/err" || fail "convert names the rule it cannot convert and why"

finish
