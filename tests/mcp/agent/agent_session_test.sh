#!/usr/bin/env bash
# A scripted agent session over `quarry mcp`, then the person in a terminal (script(1) gives the
# approval command a real TTY): the hunt the agent asked to record stays pending until the person
# says yes, is not recorded when they say no or when no terminal is there, and the journal then
# names the person and verifies.
# Usage: agent_session_test.sh QUARRY CASE_DIR NODE SDK_DIR
set -euo pipefail
quarry="$1"; case_dir="$2"; node="$3"; sdk="$4"
fail() { echo "FAIL  $*"; exit 1; }
pass() { echo "PASS  $*"; }
entries() { "$quarry" journal list --case "$case_dir" --format json | python3 -c 'import json,sys; d = json.load(sys.stdin); print(len(d if isinstance(d, list) else d["entries"]))'; }

out="$("$node" "$sdk/agent_session.mjs" "$quarry" "$case_dir")" || { echo "$out"; fail "agent session"; }
echo "$out"
id="$(sed -n 's/^PENDING //p' <<<"$out")"
[[ -n "$id" ]] || fail "no pending item"
[[ "$(entries)" == 0 ]] || fail "journal written before approval"

# In a terminal: script(1) runs the command on a pseudo-terminal and types the answer into it.
# (The answer comes from a file: from a pipe still open after the command ends, script(1)
# 2.38 loses the command's exit code.)
in_terminal() {  # ANSWER COMMAND...
  local answer="$1"; shift
  printf '%s\n' "$answer" >"$work/answer"
  script -qec "$(printf '%q ' "$@")" /dev/null <"$work/answer"
}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

set +e
"$quarry" journal approve "$id" --case "$case_dir" --author alice </dev/null >/dev/null 2>&1; rc=$?
set -e
[[ $rc == 2 ]] || fail "approve without a terminal or --yes: exit $rc, want 2"
[[ "$(entries)" == 0 ]] || fail "approved without a terminal"
pass "without a terminal the approval is refused (exit 2)"

set +e
no="$(in_terminal n "$quarry" journal approve "$id" --case "$case_dir" --author alice)"; rc=$?
set -e
[[ $rc == 1 ]] || { echo "$no"; fail "answering no: exit $rc, want 1"; }
[[ "$(entries)" == 0 ]] || fail "recorded although the person said no"
grep -q '\[y/N\]' <<<"$no" || { echo "$no"; fail "no [y/N] question on the terminal"; }
pass "the person says no in a terminal: nothing recorded (exit 1)"

yes="$(in_terminal y "$quarry" journal approve "$id" --case "$case_dir" --author alice)" || { echo "$yes"; fail "answering yes"; }
[[ "$(entries)" == 1 ]] || fail "not recorded after yes"
"$quarry" journal show 1 --case "$case_dir" --format json | python3 -c '
import json, sys
e = json.load(sys.stdin)
e = e.get("entry", e)
assert "alice" in json.dumps(e), "the entry does not name the approving person"
' || fail "journal entry author"
pass "the person says yes in a terminal: recorded with alice as author"

"$quarry" journal verify --case "$case_dir" >/dev/null || fail "journal does not verify"
pass "journal verifies"

set +e
again="$("$quarry" journal approve "$id" --case "$case_dir" --author bob --yes 2>&1)"; rc=$?
set -e
[[ $rc != 0 ]] || fail "approved twice"
[[ "$(entries)" == 1 ]] || fail "a second entry"
pass "an approved item cannot be approved again (exit $rc)"
echo "agent session: all checks passed"
