#!/usr/bin/env bash
# quarry ir postmortem on the sample case: verified facts only (time to detect, what each rule
# detected), a hunted technique without an alert listed as missed, a chat transcript as the
# people lane (plain lines and a Slack export; unreadable lines reported, the rest kept), the
# parts people write left as [✎ …], and the three comms drafts.
# Usage: postmortem_test.sh QUARRY
set -euo pipefail
quarry="$(realpath "$1")"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$quarry" ingest "$repo/samples/evidence" --case "$work/case" >/dev/null
"$quarry" scan --case "$work/case" --rules "$repo/rules" -q >/dev/null || true
"$quarry" hunt "failed logons by user" --case "$work/case" --approve --author tester --technique T1110 >/dev/null
printf '09:20 dana: WS01 is isolated\n[09:50:30] lee: Kerberoasting alerts on DC01\nthis line has no time\n' >"$work/chat.txt"
cat >"$work/slack.json" <<'JSON'
[{"type":"message","user":"U1","user_profile":{"real_name":"Dana Reyes"},"text":"Isolating WS01","ts":"1773480000.000100"},
 {"type":"message","subtype":"channel_join","user":"U2","text":"","ts":"1773480100.000200"},
 {"type":"message","user_name":"lee","text":"Resetting svc_sql","ts":"1773483600.000300"}]
JSON
printf '{"not":"a transcript"}' >"$work/bad.json"
rc_lines=0
"$quarry" ir postmortem --case "$work/case" --transcript "$work/chat.txt" --transcript-date 2026-03-14 >"$work/pm.md" 2>"$work/pm.err" || rc_lines=$?
"$quarry" ir postmortem --case "$work/case" --transcript "$work/slack.json" >"$work/slack.md" 2>/dev/null
rc_bad=0
"$quarry" ir postmortem --case "$work/case" --transcript "$work/bad.json" >"$work/bad.md" 2>"$work/bad.err" || rc_bad=$?
for k in status customer executive; do
  "$quarry" ir postmortem --case "$work/case" --comms "$k" >"$work/$k.md" 2>/dev/null
done
sed -n '/^## Detection$/,/^## What detection missed/p' "$work/pm.md" | grep '^- ' >"$work/facts.md"
rc_verify=0
"$quarry" ir verify "$work/facts.md" --case "$work/case" >/dev/null || rc_verify=$?
python3 - "$work" "$rc_lines" "$rc_bad" "$rc_verify" <<'PY'
import sys
work, rc_lines, rc_bad, rc_verify = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
failures = []
def check(cond, what):
    print(("PASS  " if cond else "FAIL  ") + what)
    if not cond: failures.append(what)
pm = open(f"{work}/pm.md").read()
for heading in ["## Timeline of key events (verified)", "## Detection", "## What detection missed",
                "## People (from the transcript; not verified)", "## Contributing factors",
                "## Five whys", "## Action items"]:
    check(heading in pm, f"section {heading}")
check("The first alert, \"Office Application Starts A Shell Or Script Host\"" in pm, "time to detect: the first alert named")
check("before the first alerted event" in pm, "time to detect: the burst before it")
check("fired 20 times" in pm, "the RC4 rule's 20 alerts counted")
check("T1110: hunted (journal entry 1)" in pm, "a hunted technique without an alert is listed as missed")
check("T1003.001: hunted" not in pm, "techniques the alerts carry are not listed as missed")
check("2026-03-14T09:20:00Z dana: WS01 is isolated" in pm and "2026-03-14T09:50:30Z lee:" in pm, "plain transcript lines in the people lane")
err = open(f"{work}/pm.err").read()
check(rc_lines == 1 and "line 3: no time at the start" in err, f"an unreadable line is named on stderr, exit 1 (got {rc_lines})")
check(pm.count("[✎") >= 8, "gaps for people are marked")
check(rc_verify == 0, "the detection facts verify again with quarry ir verify")
slack = open(f"{work}/slack.md").read()
check("Dana Reyes: Isolating WS01" in slack and "lee: Resetting svc_sql" in slack, "a Slack export read, real names used")
check("channel_join" not in slack and slack.count("Dana Reyes") == 1, "joins without text left out")
check(rc_bad == 1 and "not a Slack export" in open(f"{work}/bad.err").read(), "an unknown transcript shape: a clear message")
check("## Detection" in open(f"{work}/bad.md").read(), "and the postmortem goes on without it")
for k, marker in [("status", "Current state: [✎"), ("customer", "Whether customer data was affected: [✎"),
                  ("executive", "Decision needed: [✎")]:
    text = open(f"{work}/{k}.md").read()
    check(marker in text and "has 7 alerts" in text, f"--comms {k}: gaps marked and verified facts")
check("## Detection gaps" in open(f"{work}/executive.md").read(), "--comms executive lists detection gaps")
sys.exit(1 if failures else 0)
PY
