#!/usr/bin/env bash
# `make run`'s look at `quarry mcp`: what an agent in Claude Code or Cursor sees when it asks for
# the tools, checks a query with a column that does not exist, runs the corrected one and asks for
# the hunt to be recorded (a pending item that a person approves in a terminal).
# Usage: scripts/mcp_demo.sh QUARRY CASE_DIR
set -euo pipefail
quarry="$1"; case_dir="$2"
summary="$(cat <<'PY'
import json, sys
names = {3: "check_kql", 4: "run_kql", 5: "record_hunt"}
answers = sorted((json.loads(line) for line in sys.stdin), key=lambda m: m.get("id", 0))
for m in answers:
    r = m.get("result", {})
    if m.get("id") == 1:
        info = r["serverInfo"]
        print(f"  initialize: protocol {r['protocolVersion']}, server {info['name']} {info['version']}")
    elif m.get("id") == 2:
        print(f"  tools/list: {len(r['tools'])} tools: " + ", ".join(t["name"] for t in r["tools"]))
    elif "content" in r:
        print(f"  {names[m['id']]}: " + r["content"][0]["text"].splitlines()[0])
        for f in r["structuredContent"].get("findings", []):
            if f["severity"] == "error":
                print(f"    {f['code']}: {f['message']}")
PY
)"
{
  echo '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"make-run","version":"1"}}}'
  echo '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
  echo '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"check_kql","arguments":{"query":"SecurityEvent | where EventID == 4625 | summarize count() by SourceIp"}}}'
  echo '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"run_kql","arguments":{"query":"SecurityEvent | where EventID == 4625 | summarize Failures = count() by IpAddress"}}}'
  echo '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"record_hunt","arguments":{"question":"failed logons by source IP","query":"SecurityEvent | where EventID == 4625 | summarize Failures = count() by IpAddress"}}}'
} | "$quarry" mcp --case "$case_dir" 2>/dev/null | python3 -c "$summary"
echo "  (approve with: quarry journal approve N --case $case_dir; see docs/mcp.md)"
