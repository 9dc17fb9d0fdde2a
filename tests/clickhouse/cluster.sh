#!/usr/bin/env bash
# ctest fixture: `start DIR PORT` brings up the two-shard test cluster (scripts/
# clickhouse-local-cluster) under DIR, `stop DIR PORT` stops it and removes DIR. Without Debian's
# clickhouse-server the fixture says so and the ClickHouse tests skip themselves, visibly.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
command="$1"; dir="$2"; port="$3"
if [ ! -x /usr/sbin/clickhouse-server ]; then
  echo "NOTICE: clickhouse-server is not installed; ClickHouse tests will be skipped (scripts/setup installs it)"
  exit 0
fi
case "$command" in
  start)
    "$root/scripts/clickhouse-local-cluster" stop "$dir" --port "$port" >/dev/null 2>&1 || true
    rm -rf "$dir"
    "$root/scripts/clickhouse-local-cluster" start "$dir" --port "$port"
    ;;
  stop)
    "$root/scripts/clickhouse-local-cluster" stop "$dir" --port "$port"
    rm -rf "$dir"
    ;;
esac
