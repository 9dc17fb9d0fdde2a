#!/usr/bin/env bash
# Validates SARIF logs (validate.mjs: the SARIF 2.1.0 schema plus GitHub code scanning's extra
# requirements), installing the validator and the schema from npm first when they are missing
# (package-lock.json pins them; node_modules is not committed).
# Usage: run.sh FILE.sarif [FILE2 ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

# One npm install for all the callers that run in parallel.
(
  flock 9
  if [[ ! -f "$here/node_modules/.package-lock.json" || "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
) 9>"$here/.npm.lock"

exec node "$here/validate.mjs" "$@"
