#!/usr/bin/env bash
# `make run`'s look at `quarry serve`: the workbench starts on a free loopback port, the URL's
# token becomes a session cookie, and the JSON API its pages use answers (overview, histogram,
# a hunt drafted and checked); then the server stops. Open the URL yourself to see the pages.
# Usage: scripts/serve_demo.sh QUARRY CASE_DIR
set -euo pipefail
quarry="$1"; case_dir="$2"
work="$(mktemp -d)"
"$quarry" serve --case "$case_dir" --port 0 > "$work/out" 2> "$work/err" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/out" ] && break; sleep 0.1; done
url="$(head -n 1 "$work/out")"
base="${url%%/\?token=*}"
echo "  quarry serve --case $case_dir --port 0   prints   ${url%%token=*}token=…"
curl -s -c "$work/jar" -o /dev/null "$url"
csrf="$(curl -s -b "$work/jar" "$base/api/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')"
curl -s -b "$work/jar" "$base/api/overview" | python3 -c "$(cat <<'PY'
import json, sys
o = json.load(sys.stdin)
levels = ", ".join(f"{c['count']} {c['name']}" for c in o["alerts_by_level"])
print(f"  GET /api/overview: {o['total_rows']} rows in {len(o['tables'])} tables, "
      f"{o['time'].get('from')} to {o['time'].get('to')}; alerts: {levels or 'none'}")
PY
)"
curl -s -b "$work/jar" "$base/api/histogram?buckets=12" | python3 -c "$(cat <<'PY'
import json, sys
h = json.load(sys.stdin)
bars = " ".join(str(b["events"]) for b in h["buckets"])
print(f"  GET /api/histogram: {h['bucket_seconds'] // 60}-minute buckets: {bars}")
PY
)"
curl -s -b "$work/jar" -H "X-Quarry-CSRF: $csrf" -H 'Content-Type: application/json' \
  -d '{"question":"failed logons on DC01"}' "$base/api/hunts" | python3 -c "$(cat <<'PY'
import json, sys
d = json.load(sys.stdin)["draft"]
state = "passes the checks" if d["runnable"] else "does not pass the checks"
print(f"  POST /api/hunts: {' '.join(d['query'].split())!r} ({state}; nothing runs until a person approves)")
PY
)"
code="$(curl -s -o /dev/null -w '%{http_code}' "$base/api/overview")"
echo "  GET /api/overview without the session cookie: HTTP $code"
