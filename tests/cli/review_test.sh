#!/usr/bin/env bash
# quarry review as a person and a CI job run it: a diff against a tree, a git range, whole files;
# the documented JSON fields and exit codes; and bad input: a diff that does not apply, binary
# hunks, an analyzer that hangs or crashes, a model answer that is not the asked structure. In
# each, the other engines' findings are still reported.
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
T="$WORK/repo"; mkdir -p "$T/app"

cat > "$T/app/tool.py" <<'PY'
import subprocess


def run(name):
    return subprocess.check_output(["ls", name])
PY
git -C "$T" init -q && git -C "$T" add -A &&
  git -C "$T" -c user.name=t -c user.email=t@e commit -qm base
cat > "$T/app/tool.py" <<'PY'
import os
import subprocess


def run(name):
    return subprocess.check_output(["ls", name])


def clean(folder):
    os.system("rm -rf " + folder)
PY
printf '\x89PNG\r\n\x1a\n\x00\x00' > "$T/app/logo.png"
git -C "$T" add -A && git -C "$T" -c user.name=t -c user.email=t@e commit -qm change
git -C "$T" diff HEAD~1 HEAD --binary > "$WORK/change.diff"

expect_exit 1 "a diff against its tree" -- "$QUARRY" review "$WORK/change.diff" --root "$T" --format json
python3 - "$WORK/out" <<'PY' || fail "JSON: reviewed files, engines, findings with file/line/cwe/engine/status, questions"
import json, sys
r = json.load(open(sys.argv[1]))
files = {f["file"] for f in r["reviewed"]["files"]}
assert files == {"app/tool.py"}, files
assert {"file": "app/logo.png", "why": "binary"} in r["reviewed"]["skipped"], r["reviewed"]["skipped"]
engines = {e["engine"]: e["state"] for e in r["engines"]}
assert engines["quarry"] == "ran" and engines["cppcheck"] == "not_needed", engines
found = [f for f in r["findings"] if f["cwe"] == "CWE-78"]
assert found and found[0]["file"] == "app/tool.py" and found[0]["line"] == 10, r["findings"]
for f in r["findings"]:
    for key in ("file", "line", "cwe", "engine", "status"):
        assert key in f, key
    assert f["status"] in ("verified", "needs_human", "rejected")
    assert f["line"] >= 9, f  # only what the change added
assert len(r["questions"]) >= 3
PY

expect_exit 1 "the same change as a git range" -- "$QUARRY" review --git HEAD~1..HEAD --root "$T" --format json
python3 - "$WORK/out" <<'PY' || fail "git range: the same finding"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["reviewed"]["source"] == "git"
assert any(f["cwe"] == "CWE-78" and f["line"] == 10 for f in r["findings"]), r["findings"]
PY

# The tree has moved on: the diff no longer applies, and its own lines are still reviewed.
printf '# moved\n' >> "$T/app/tool.py"; sed -i '1i # new first line' "$T/app/tool.py"
expect_exit 1 "a diff that does not apply" -- "$QUARRY" review "$WORK/change.diff" --root "$T" --format json
grep -q "review.diff_does_not_apply" "$WORK/err" || fail "the mismatch is named"
python3 - "$WORK/out" <<'PY' || fail "does not apply: reviewed from the diff's lines"
import json, sys
r = json.load(open(sys.argv[1]))
assert any(f["cwe"] == "CWE-78" and f["line"] == 10 for f in r["findings"]), r["findings"]
assert not r["reviewed"]["files"][0]["whole"]
PY

expect_exit 2 "nothing to review" -- "$QUARRY" review
expect_exit 2 "two inputs at once" -- "$QUARRY" review "$WORK/change.diff" --full "$T"
printf 'just some notes\n' > "$WORK/notes.txt"
expect_exit 3 "text that is no diff" -- "$QUARRY" review "$WORK/notes.txt" --format json
grep -q "diff.no_files" "$WORK/err" || fail "no diff named"

# Analyzers that hang or crash: stopped or reported, and the rest still counts.
mkdir -p "$WORK/bin"
printf '#!/bin/sh\nsleep 30\n' > "$WORK/bin/bandit"
printf '#!/bin/sh\nkill -SEGV $$\n' > "$WORK/bin/cppcheck"
chmod +x "$WORK/bin/bandit" "$WORK/bin/cppcheck"
mkdir -p "$WORK/full"
cp "$T/app/tool.py" "$WORK/full/"
printf '#include <stdlib.h>\nvoid f(char *s) { system(s); }\n' > "$WORK/full/x.c"
start=$(date +%s)
PATH="$WORK/bin:$PATH" expect_exit 1 "an analyzer that hangs and one that crashes" -- \
  "$QUARRY" review --full "$WORK/full" --timeout 2 --format json
[ $(( $(date +%s) - start )) -lt 20 ] || fail "the hanging analyzer was not stopped in time"
python3 - "$WORK/out" <<'PY' || fail "hang and crash: states and the other findings"
import json, sys
r = json.load(open(sys.argv[1]))
engines = {e["engine"]: e for e in r["engines"]}
assert engines["bandit"]["state"] == "timed_out", engines["bandit"]
assert engines["cppcheck"]["state"] == "failed" and "crashed" in engines["cppcheck"]["detail"], engines["cppcheck"]
assert any(f["cwe"] == "CWE-78" and f["file"] == "tool.py" for f in r["findings"]), r["findings"]
PY

# A model answer that is not the asked structure.
printf 'I reviewed it and it looks fine.\n' > "$WORK/answer.txt"
expect_exit 1 "a model answer in prose" -- "$QUARRY" review --full "$WORK/full/tool.py" \
  --findings "$WORK/answer.txt" --findings-engine model --format json
grep -q "review.claimed_not_json" "$WORK/err" || fail "the bad answer is named"
python3 - "$WORK/out" <<'PY' || fail "prose answer: the engines' findings still reported"
import json, sys
r = json.load(open(sys.argv[1]))
assert any(f["cwe"] == "CWE-78" for f in r["findings"]), r["findings"]
assert {e["engine"]: e["state"] for e in r["engines"]}["model"] == "failed"
PY

# Claimed findings: the verdict each deserves (tests/review/verify).
python3 "$ROOT/tests/review/verify/run.py" "$QUARRY" > "$WORK/verify.log" 2>&1 ||
  { fail "verification cases"; sed 's/^/  | /' "$WORK/verify.log" >&2; }

# Triage: a person's decisions are journalled, carried by later reports and written to SARIF
# as suppressions.
C="$WORK/case"; mkdir -p "$C"
"$QUARRY" review --full "$WORK/full/tool.py" --skip bandit --format json -o "$WORK/review.json"
printf 'q\n' | "$QUARRY" review triage "$WORK/review.json" --case "$C" > /dev/null 2>&1 &&
  fail "triage without --by"
printf 'd\n\n' | expect_exit 2 "a dismissal without a reason" -- \
  "$QUARRY" review triage "$WORK/review.json" --case "$C" --by "Dana Reyes"
printf 'd\nthe folder is a constant of ours\n' | expect_exit 0 "triage" -- \
  "$QUARRY" review triage "$WORK/review.json" --case "$C" --by "Dana Reyes"
"$QUARRY" journal verify --case "$C" > /dev/null || fail "the journal verifies after triage"
"$QUARRY" journal list --case "$C" | grep -q "Dana Reyes" || fail "the decision names its person"
expect_exit 0 "a later report carries the decision (dismissed: nothing open)" -- \
  "$QUARRY" review --full "$WORK/full/tool.py" --skip bandit --case "$C" --format json
python3 - "$WORK/out" <<'PY' || fail "triage in the report"
import json, sys
r = json.load(open(sys.argv[1]))
t = [f["triage"] for f in r["findings"] if "triage" in f]
assert t and t[0]["decision"] == "dismissed" and t[0]["by"] == "Dana Reyes", r["findings"]
PY
expect_exit 0 "SARIF" -- "$QUARRY" review --full "$WORK/full/tool.py" --skip bandit --case "$C" \
  --format sarif -o "$WORK/review.sarif"
bash "$ROOT/tests/sarif/run.sh" "$WORK/review.sarif" > "$WORK/sarif.log" 2>&1 ||
  { fail "SARIF validates"; sed 's/^/  | /' "$WORK/sarif.log" >&2; }
python3 - "$WORK/review.sarif" <<'PY' || fail "SARIF: the dismissed finding is a suppression"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
sup = [r for r in run["results"] if r.get("suppressions")]
assert sup and "constant of ours" in sup[0]["suppressions"][0]["justification"], run["results"]
assert any("external/cwe/cwe-78" in t for rule in run["tool"]["driver"]["rules"] for t in rule["properties"]["tags"])
PY

expect_exit 0 "rules' examples" -- "$QUARRY" review rules test
finish
