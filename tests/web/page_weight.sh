#!/usr/bin/env bash
# The workbench's built pages, gzipped, stay under 500 KB (the page-weight limit).
# Usage: page_weight.sh WEB_DIST
set -euo pipefail
[ -f "$1/assets/index.js" ] || { echo "page_weight: $1 holds no built pages (Node.js and npm missing when building?)"; exit 1; }
total=0
while IFS= read -r -d '' f; do
  n=$(gzip -9 -c "$f" | wc -c)
  printf '%8d  %s\n' "$n" "${f#$1/}"
  total=$((total + n))
done < <(find "$1" -type f -print0 | sort -z)
echo "total gzipped: $total bytes (limit 512000)"
[ "$total" -gt 0 ] && [ "$total" -lt 512000 ]
