#!/usr/bin/env bash
# quarry rules draft end to end on tests/detect/draft_examples/*: each description is drafted
# against the sample case, must pass every gate and be saved with --approve; the saved rule's
# tests then pass under `rules test`, and the journal holds one "rule" entry per draft.
set -euo pipefail
QUARRY="$1"; root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$QUARRY" ingest "$root/samples/evidence" --case "$work/case" >/dev/null
n=0
for dir in "$root"/tests/detect/draft_examples/*/; do
  name="$(basename "$dir")"
  if ! "$QUARRY" rules draft "$(cat "$dir/description.txt")" --case "$work/case" --tests "$dir" \
      --approve --author tester --technique T1003 --out "$work/rules" >"$work/$name.out" 2>&1; then
    echo "FAIL $name: not saved"; cat "$work/$name.out"; exit 1
  fi
  n=$((n + 1))
done
"$QUARRY" rules test "$work/rules" --format json >"$work/test.json" || {
  echo "FAIL: saved rules' tests"; cat "$work/test.json"; exit 1; }
python3 - "$work/test.json" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["failed"] == 0 and r["passed"] == int(sys.argv[2]), r
PY
grep -c '"author":"tester"' "$work"/rules/*.yml >/dev/null 2>&1 || grep -q "author: 'tester'" "$work"/rules/*.yml
entries="$("$QUARRY" journal list --case "$work/case" --format json | grep -c '"kind":"rule"')"
[ "$entries" -eq "$n" ] || { echo "FAIL: $entries journal entries for $n rules"; exit 1; }
# A draft that fails a gate is not saved and exits 1.
set +e
"$QUARRY" rules draft "process creation where the command line contains zzqx" --case "$work/case" \
  --approve --out "$work/none" >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 1 ] && [ ! -e "$work/none" ] || { echo "FAIL: a draft without samples was saved (rc $rc)"; exit 1; }
echo "ok: $n drafts saved, their tests pass, $entries journal entries"
