#!/usr/bin/env bash
# Scores quarry ir verify on test sets of claims (tests/ir/claims: held out; tests/ir/claims_dev:
# for development). Each folder has claims.md, expected.jsonl and case.args (the commands that
# build its case). Prints each miss and, per folder and in all, how many false claims were caught
# and how many true ones were flagged.
# Usage: claims_test.sh QUARRY SET_DIR [MIN_DETECTION_% MAX_FALSE_ALARM_%] [CORPORA]
set -euo pipefail
quarry="$(realpath "$1")"
set_dir="$(realpath "$2")"
min_detect="${3:-0}"
max_false="${4:-100}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpora="${5:-${QUARRY_CORPORA:-$root/../shared/corpora}}"
[[ -d "$corpora/json" ]] || { echo "no shared corpora at $corpora; skipped"; exit 0; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for folder in "$set_dir"/*/; do
  name="$(basename "$folder")"
  [[ -f "$folder/case.args" ]] || continue
  while read -r line; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    line="${line//\$ROOT/$root}"
    line="${line//\$CORPORA/$corpora}"
    # Shell words, so a path with spaces can be quoted ("$CORPORA/evtx/Credential Access/…").
    eval "args=($line)"
    "$quarry" "${args[@]}" --case "$work/$name" >/dev/null 2>"$work/$name.err" ||
      { echo "FAIL  $name: quarry $line"; cat "$work/$name.err"; exit 1; }
  done <"$folder/case.args"
  rc=0
  "$quarry" ir verify "$folder/claims.md" --case "$work/$name" --format json >"$work/$name.json" || rc=$?
  [[ $rc -le 1 ]] || { echo "FAIL  $name: ir verify exited $rc"; exit 1; }
done
python3 - "$set_dir" "$work" "$min_detect" "$max_false" <<'PY'
import json, os, sys
set_dir, work, min_detect, max_false = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
totals = {"false": 0, "caught": 0, "true": 0, "alarms": 0, "uncited": 0, "uncited_ok": 0, "split": 0}
for name in sorted(os.listdir(set_dir)):
    folder = os.path.join(set_dir, name)
    if not os.path.isfile(os.path.join(folder, "case.args")):
        continue
    want = [json.loads(l) for l in open(os.path.join(folder, "expected.jsonl")) if l.strip()]
    got = json.load(open(os.path.join(work, name + ".json")))["claims"]
    by_line = {}
    for g in got:
        by_line.setdefault(g["line"], []).append(g)
    t = {k: 0 for k in totals}
    for w in want:
        cands = by_line.get(w["line"], [])
        # Several sentences on a line: the one whose text is the expected sentence.
        match = [g for g in cands if g["text"].strip() == w["text"].strip()]
        g = match[0] if match else (cands[0] if len(cands) == 1 else None)
        if g is None:
            t["split"] += 1
            print(f"SPLIT {name}:{w['line']}: expected sentence not found: {w['text']}")
            verdict = "missing"
        else:
            verdict = g["verdict"]
        kind = w["verdict"]
        if kind == "unsupported":
            t["false"] += 1
            t["caught"] += verdict == "unsupported"
        elif kind == "supported":
            t["true"] += 1
            t["alarms"] += verdict != "supported"
        else:
            t["uncited"] += 1
            t["uncited_ok"] += verdict == "uncited"
        if verdict != kind and g is not None:
            why = "; ".join(g["problems"]) or "no problem found"
            print(f"MISS  {name}:{w['line']} want {kind} ({w.get('seeded')}) got {verdict}: {w['text']}\n      {why}")
    for k in totals:
        totals[k] += t[k]
    print(f"{name}: false claims caught {t['caught']}/{t['false']}, true claims flagged {t['alarms']}/{t['true']}, uncited {t['uncited_ok']}/{t['uncited']}")
detect = 100.0 * totals["caught"] / max(1, totals["false"])
alarms = 100.0 * totals["alarms"] / max(1, totals["true"])
print(f"all: false claims caught {totals['caught']}/{totals['false']} ({detect:.1f}%), "
      f"true claims flagged {totals['alarms']}/{totals['true']} ({alarms:.1f}%), "
      f"uncited {totals['uncited_ok']}/{totals['uncited']}, sentences not found {totals['split']}")
ok = detect >= min_detect and alarms <= max_false and totals["uncited_ok"] == totals["uncited"]
print("PASS" if ok else f"FAIL  floors: detection >= {min_detect}%, false alarms <= {max_false}%, every uncited sentence")
sys.exit(0 if ok else 1)
PY
