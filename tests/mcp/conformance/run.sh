#!/usr/bin/env bash
# The official MCP conformance suite (@modelcontextprotocol/conformance, server mode) against
# `quarry mcp --http`, for every protocol version it has server scenarios for:
#   2025-06-18 and 2025-11-25 with conformance 0.1.16, 2026-07-28 with 0.2.0-alpha (conformance-next).
# The suite cannot send a bearer token, so auth_proxy.mjs adds it and forwards everything else
# as sent. Scenarios that need the reference server's own test tools (test_simple_text,
# test_image_content, ...) are listed, each with its reason, in expected-failures*.yml; the suite
# fails the run when a listed scenario passes too, so the lists stay honest.
# Usage: run.sh QUARRY CASE_DIR NODE22 SDK_DIR [OUT_DIR]
set -euo pipefail
quarry="$1"; case_dir="$2"; node="$3"; sdk="$4"; out="${5:-$(mktemp -d)}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

export QUARRY_MCP_TOKEN="conformance-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
port="$(free_port)"
"$quarry" mcp --case "$case_dir" --http "$port" 2>"$out/server.log" &
server=$!
"$node" "$here/auth_proxy.mjs" --target "127.0.0.1:$port" >"$out/proxy.log" 2>&1 &
proxy=$!
trap 'kill $server $proxy 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q 'bearer token' "$out/server.log" && grep -q 'listening on' "$out/proxy.log" && break
  sleep 0.1
done
url="$(sed -n 's/^auth_proxy listening on //p' "$out/proxy.log")/mcp"
[[ "$url" == http* ]] || { cat "$out/server.log" "$out/proxy.log"; echo "FAIL  server or proxy did not start"; exit 1; }

status=0
run() {  # LABEL PACKAGE EXPECTED_FAILURES ARGS...
  local label="$1" pkg="$2" expected="$3"; shift 3
  echo "== conformance $label"
  if "$node" "$sdk/node_modules/$pkg/dist/index.js" server --url "$url" \
      --expected-failures "$here/$expected" -o "$out/$label" "$@" >"$out/$label.log" 2>&1; then
    tail -n 25 "$out/$label.log"
    echo "PASS  conformance $label"
  else
    cat "$out/$label.log"
    echo "FAIL  conformance $label (results in $out/$label)"
    status=1
  fi
}
run 2025-06-18 @modelcontextprotocol/conformance expected-failures.yml --spec-version 2025-06-18
run 2025-11-25 @modelcontextprotocol/conformance expected-failures.yml --spec-version 2025-11-25
run 2026-07-28 conformance-next expected-failures-2026-07-28.yml --requirements 2026-07-28
kill -0 $server 2>/dev/null || { echo "FAIL  the server died"; status=1; }
exit $status
