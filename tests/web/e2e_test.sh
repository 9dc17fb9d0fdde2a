#!/usr/bin/env bash
# The workbench end to end in a real browser: the sample case with its alerts, a fake
# OpenAI-compatible model whose first draft hallucinates a column, `quarry serve` with approvals,
# then tests/web/e2e.mjs in Debian's chromium. Screenshots go to ARTIFACTS.
# Usage: e2e_test.sh QUARRY ARTIFACTS
set -euo pipefail
quarry="$(realpath "$1")"; artifacts="$2"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
command -v chromium >/dev/null || { echo "e2e: chromium is missing (scripts/setup installs it)"; exit 1; }
(
  flock 9
  if [[ ! -f "$here/node_modules/.package-lock.json" || "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
) 9>"$here/.npm.lock"

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
"$quarry" ingest "$repo/samples/evidence" --case "$work/case" >/dev/null
"$quarry" scan --case "$work/case" --rules "$repo/rules" >/dev/null || [ $? -eq 1 ]
# The sample change reviewed with an AI reviewer's claimed findings, for the triage page.
"$quarry" review "$repo/samples/review/change.diff" --root "$repo/samples/review/tree" \
  --findings "$repo/samples/review/agent-findings.json" --findings-engine model --format json \
  --skip cppcheck --skip clang --skip flawfinder --skip bandit --skip eslint > "$work/review.json" || [ $? -eq 1 ]

# Each server prints what the test needs on its first line; wait for it (at most 30 s).
first_line() {
  local i
  for i in $(seq 300); do
    if [ -s "$1" ] && head -n 1 "$1" | grep -q .; then head -n 1 "$1"; return 0; fi
    sleep 0.1
  done
  echo "e2e: nothing on $1 after 30 s" >&2; return 1
}
node "$here/fake_model.mjs" > "$work/model.port" & pids+=($!)
model_port="$(first_line "$work/model.port")"
OPENAI_API_KEY=test "$quarry" serve --case "$work/case" --port 0 --allow-approve --by "E2E Tester" \
  --provider openai --endpoint "http://127.0.0.1:$model_port" --model fake --review "$work/review.json" --rules "$repo/rules" \
  --threat-model "$repo/samples/threat-models/rag-chatbot.yml" \
  > "$work/serve.out" 2> "$work/serve.err" & pids+=($!)
url="$(first_line "$work/serve.out")" || { cat "$work/serve.err"; exit 1; }
[[ "$url" =~ ^http://127\.0\.0\.1:[0-9]+/\?token=[0-9a-f]{32}$ ]] || { echo "e2e: first line is not the URL: $url"; cat "$work/serve.err"; exit 1; }
node "$here/e2e.mjs" "$url" "$artifacts" || { echo "--- quarry serve said:"; cat "$work/serve.err"; exit 1; }
