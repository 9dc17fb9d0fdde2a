#!/usr/bin/env bash
# `quarry threat-model check` on a generated model of 200 components and 500 flows (the issue's
# size; bench/make_threat_model.py), and ten times that, with wall time and peak RSS. The target
# is under 1 s for the first.
# Usage: bench/threat_model_bench.sh BUILD_DIR
set -euo pipefail
build="${1:-build/release}"
root="$(cd "$(dirname "$0")/.." && pwd)"
quarry="$build/bin/quarry"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
echo "| model | threats that apply | wall s | user s | sys s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|"
for size in "200 500" "2000 5000"; do
  read -r components flows <<<"$size"
  model="$work/model-$components.yml"
  python3 "$root/bench/make_threat_model.py" --components "$components" --flows "$flows" --out "$model"
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$quarry" threat-model check "$model" \
    --format json --today 2026-12-01 >"$work/out" 2>/dev/null || true
  read -r wall user sys rss < <(tail -n 1 "$work/t")
  applied=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["threats"]))' <"$work/out")
  echo "| $components components, $flows flows | $applied | $wall | $user | $sys | $((rss / 1024)) |"
done
