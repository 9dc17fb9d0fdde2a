#!/usr/bin/env bash
# The workbench over a large case: the time histogram's API answer (whole case, one host, a
# zoomed hour) and the timeline page rendered in Debian's chromium until its histogram is drawn,
# on the case of N events that bench/kql_bench.sh builds. Target: the histogram renders in under
# 1 s on a 1M-event case.
# Usage: bench/serve_bench.sh BUILD_DIR [EVENTS]   (default 1000000 events)
set -euo pipefail
build="${1:-build/release}"
events="${2:-1000000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
quarry="$(realpath "$build/bin/quarry")"
case_dir="$("$root/bench/large_case.sh" "$quarry" "$events")"
work="$(mktemp -d)"
"$quarry" serve --case "$case_dir" --port 0 > "$work/out" 2> "$work/err" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/out" ] && break; sleep 0.1; done
url="$(head -n 1 "$work/out")"; base="${url%%/\?token=*}"
curl -s -c "$work/jar" -o /dev/null "$url"
echo "| request | events counted | buckets | best of 3, s |"
echo "|---|---:|---:|---:|"
time_request() {  # LABEL PATH
  local best=999 t
  for _ in 1 2 3; do
    t=$(curl -s -b "$work/jar" -o "$work/body" -w '%{time_total}' "$base$2")
    best=$(python3 -c "print(min($best, $t))")
  done
  python3 - "$work/body" "$1" "$best" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))
print(f"| {sys.argv[2]} | {h['events']:,} | {len(h['buckets'])} | {float(sys.argv[3]):.3f} |")
PY
}
time_request "GET /api/histogram (whole case)" "/api/histogram?buckets=80"
host=$(curl -s -b "$work/jar" "$base/api/overview" | python3 -c 'import json,sys; h=json.load(sys.stdin)["events_by_host"]; print(h[0]["name"] if h else "")')
time_request "GET /api/histogram?host=$host" "/api/histogram?buckets=80&host=$host"
from=$(curl -s -b "$work/jar" "$base/api/overview" | python3 -c 'import json,sys; print(json.load(sys.stdin)["time"]["from"])')
time_request "GET /api/histogram (first hour)" "/api/histogram?buckets=60&from=$from&to=$(python3 -c "import datetime as d; t=d.datetime.fromisoformat('$from'.replace('Z','+00:00')); print((t+d.timedelta(hours=1)).strftime('%Y-%m-%dT%H:%M:%SZ'))")"
# The page: from navigation to the histogram drawn with its bars, in chromium.
node - "$url" "$root/tests/web/node_modules/playwright-core/index.mjs" <<'JS'
const [url, pw] = process.argv.slice(2);
const { chromium } = await import(pw);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage();
await page.goto(url);
await page.getByRole('heading', { name: 'Case overview' }).waitFor();
const times = [];
for (let i = 0; i < 3; i++) {
  await page.goto(url.replace(/\/\?token=.*/, '/#/overview'));
  await page.getByRole('heading', { name: 'Case overview' }).waitFor();
  const start = Date.now();
  await page.evaluate(() => { location.hash = '#/timeline'; });
  await page.locator('.histogram svg rect.events').first().waitFor();
  times.push((Date.now() - start) / 1000);
}
console.log(`| timeline page until the histogram is drawn (chromium) | | | ${Math.min(...times).toFixed(3)} |`);
await browser.close();
JS
