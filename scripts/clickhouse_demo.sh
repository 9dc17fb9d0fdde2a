#!/usr/bin/env bash
# `make run`'s look at a case on ClickHouse: a two-shard cluster starts on loopback, the sample
# evidence goes into it, KQL, a Sigma scan and the alerts' timeline run there, and the contents
# compare equal to a SQLite case's by digest; then the cluster stops.
# Usage: scripts/clickhouse_demo.sh QUARRY
set -uo pipefail
quarry="$(realpath "$1")"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ ! -x /usr/sbin/clickhouse-server ]; then
  echo "  (clickhouse-server is not installed: scripts/setup installs it)"; exit 0
fi
work="$(mktemp -d)"
port=16123  # not the bench cluster's 19123 nor the test fixture's 28123
trap '"$root/scripts/clickhouse-local-cluster" stop "$work/cluster" --port $port >/dev/null 2>&1; rm -rf "$work"' EXIT
url="$("$root/scripts/clickhouse-local-cluster" start "$work/cluster" --port $port 2>/dev/null)" ||
  { echo "  (the demo cluster did not start)"; exit 0; }
echo "  scripts/clickhouse-local-cluster start   -> $url (two shards)"
"$quarry" ingest samples/evidence --case "$work/case" --store "$url" -q > /dev/null
"$quarry" ingest samples/evidence --case "$work/sqlite" -q > /dev/null
echo "  quarry ingest samples/evidence --case CASE --store $url"
"$quarry" tables --case "$work/case" | head -n 4 | sed 's/^/  /'
query='SecurityEvent | where EventID == 4625 | summarize Failures = count() by TargetUserName | sort by Failures desc | take 3'
echo "  $query"
"$quarry" query "$query" --case "$work/case" 2>/dev/null | sed 's/^/    /'
"$quarry" scan --case "$work/case" --rules rules > /dev/null 2>&1 || true
"$quarry" scan --case "$work/sqlite" --rules rules > /dev/null 2>&1 || true
echo "  quarry scan --case CASE --rules rules/   # the rules' filter runs in ClickHouse"
echo "  quarry timeline --case CASE --alerts-only --limit 3"
"$quarry" timeline --case "$work/case" --alerts-only --limit 3 --width 120 2>/dev/null |
  grep -v '^$' | sed 's/^/    /'
a="$("$quarry" digest --case "$work/case" --format csv | tail -n 1 | cut -d, -f3)"
b="$("$quarry" digest --case "$work/sqlite" --format csv | tail -n 1 | cut -d, -f3)"
[ "$a" == "$b" ] && echo "  the same events as the SQLite case (digest ${a:0:16}…)" ||
  echo "  the digests differ: ClickHouse ${a:0:16}…, SQLite ${b:0:16}…"
