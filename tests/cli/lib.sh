# Shared helpers for the command-line tests: `fail`, `expect_exit`, a scratch dir in $WORK.
set -uo pipefail
QUARRY="$(realpath "$1")"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/quarry-cli.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# expect_exit CODE DESCRIPTION -- command...
expect_exit() {
  local want="$1" what="$2"; shift 3
  "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$what: exit $got, expected $want"; sed 's/^/  | /' "$WORK/err" >&2
  else
    pass "$what"
  fi
}
finish() {
  if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
