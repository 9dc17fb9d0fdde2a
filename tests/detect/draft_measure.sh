#!/usr/bin/env bash
# Measures `quarry rules draft` on a set of descriptions with evidence (tests/detect/draft/ by
# default): the set's background/ is ingested as the case, then each cases/NN/description.txt
# is drafted with --tests cases/NN (positive/ and negative/) and --dry-run. Prints per case the
# gates and, at the end, how many drafts pass every gate, by shape (expect.txt `shape:`).
# Usage: tests/detect/draft_measure.sh QUARRY [SET_DIR] [--provider …]
# With QUARRY_DRAFT_FLOOR=N in the environment it fails when fewer than N pass (ctest).
set -uo pipefail
QUARRY="$1"; set_dir="${2:-$(cd "$(dirname "$0")" && pwd)/draft}"; shift 2 2>/dev/null || shift
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$QUARRY" ingest "$set_dir/background" --case "$work/case" >/dev/null 2>&1 || {
  echo "cannot ingest $set_dir/background"; exit 2; }
for dir in "$set_dir"/cases/*/; do
  name="$(basename "$dir")"
  shape="$(sed -n 's/^shape: *//p' "$dir/expect.txt" 2>/dev/null)"
  "$QUARRY" rules draft "$(cat "$dir/description.txt")" --case "$work/case" --tests "$dir" \
    --dry-run --format json "$@" >"$work/$name.json" 2>"$work/$name.err"
  python3 - "$work/$name.json" "$name" "${shape:-?}" <<'PY'
import json, sys
path, name, shape = sys.argv[1:]
try:
    d = json.load(open(path))
except Exception:
    print(f"{name}\t{shape}\tERROR\t(no report)"); sys.exit()
gates = {g["name"]: g["state"] for g in d["gates"]}
why = next((g["detail"] for g in d["gates"] if g["state"] == "failed"), "")
print(f"{name}\t{shape}\t{'PASS' if d['passed'] else 'fail'}\t" +
      " ".join(f"{k}={v}" for k, v in gates.items()) + (f"\t{why[:160]}" if why else ""))
PY
done | tee "$work/results.tsv"
python3 - "$work/results.tsv" <<'PY'
import collections, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = collections.defaultdict(lambda: [0, 0])
for r in rows:
    by[r[1]][1] += 1
    by[r[1]][0] += r[2] == "PASS"
total = sum(v[1] for v in by.values()); ok = sum(v[0] for v in by.values())
print(f"\n{ok} of {total} descriptions drafted into rules that pass every gate")
for shape, (p, n) in sorted(by.items()):
    print(f"  {shape}: {p} of {n}")
open(sys.argv[1] + ".passed", "w").write(str(ok))
PY
floor="${QUARRY_DRAFT_FLOOR:-0}"
passed="$(cat "$work/results.tsv.passed" 2>/dev/null || echo 0)"
if [ "$passed" -lt "$floor" ]; then
  echo "FAIL: $passed pass every gate, below the floor of $floor"; exit 1
fi
