#!/usr/bin/env bash
# Code review benchmark: `quarry review` of a 1,000-line diff across C, Python, JavaScript and
# Java (bench/make_review_change.py) with the local engines (every analyzer installed, the
# pattern rules, the secret rules, verification with the ctags index). Target: under 5 s wall.
# Rows: all engines, then each engine alone, so that a slow one is visible.
# Usage: bench/review_bench.sh BUILD_DIR [LINES]
set -euo pipefail
build="${1:-build/release}"
lines="${2:-1000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
quarry="$(realpath "$build/bin/quarry")"
data="$root/bench/data"; mkdir -p "$data"
repo="$data/review-change-$lines"
[ -f "$repo.diff" ] || { rm -rf "$repo" "$repo.diff"; python3 "$root/bench/make_review_change.py" --out "$repo" --lines "$lines" >&2; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
added=$(grep '^+' "$repo.diff" | grep -vc '^+++' || true)
engines=(cppcheck clang flawfinder bandit eslint quarry secrets)
echo "| run | added lines | wall s | user s | sys s | findings | engines that ran |"
echo "|---|---:|---:|---:|---:|---:|---|"
run() {  # run NAME SKIP...
  local name="$1"; shift
  local skip=()
  for e in "$@"; do skip+=(--skip "$e"); done
  /usr/bin/time -f '%e %U %S' -o "$work/t" "$quarry" review "$repo.diff" --root "$repo" \
    --format json "${skip[@]}" > "$work/r.json" || true
  read -r wall user sys < <(tail -n 1 "$work/t")  # time(1) says first when the exit code is not 0
  python3 - "$work/r.json" "$name" "$added" "$wall" "$user" "$sys" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ran = ",".join(e["engine"] for e in r["engines"] if e["state"] == "ran")
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {sys.argv[5]} | {sys.argv[6]} | {len(r['findings'])} | {ran} |")
PY
}
run "all local engines"
for e in "${engines[@]}"; do
  others=()
  for o in "${engines[@]}"; do [ "$o" = "$e" ] || others+=("$o"); done
  run "$e alone" "${others[@]}"
done
