#!/usr/bin/env bash
# Bad input through the CLI: one clear message per problem naming the file, every readable
# record kept, exit code 3.
source "$(dirname "$0")/lib.sh"
EV="$WORK/ev"; mkdir -p "$EV"
printf '{"n":1}\n{"n":2}\n{"n":3,"cut' > "$EV/truncated.jsonl"
printf '{"n":1}\n{"n":"\xff\xfe"}\n' > "$EV/utf8.jsonl"
head -c 20000 /dev/urandom > "$EV/garbage.json"
: > "$EV/empty.json"
mkdir -p "$EV/locked"; printf '{"n":1}\n' > "$EV/locked/inside.jsonl"; chmod 000 "$EV/locked"
printf '{"n":1}\n' > "$EV/good.jsonl"

run_ingest() {
  if [ "$(id -u)" -eq 0 ]; then
    # root reads everything; drop to nobody so the locked folder is really unreadable
    chmod 755 "$WORK"; chmod -R a+rX "$EV"; chmod 000 "$EV/locked"; chmod 777 "$WORK"
    setpriv --reuid=65534 --regid=65534 --clear-groups "$QUARRY" "$@"
  else
    "$QUARRY" "$@"
  fi
}
expect_exit 3 "bad input gives exit 3" -- run_ingest ingest "$EV" --case "$WORK/case"
err="$WORK/err"
grep -q "truncated.jsonl:3" "$err" || fail "truncated record named with file:line"
grep -q "utf8.jsonl:2.*U+FFFD" "$err" || fail "invalid UTF-8 named with file:line"
grep -q "garbage.json.*binary" "$err" || fail "binary garbage reported"
[ "$(grep -c 'garbage.json' "$err")" -eq 1 ] || fail "binary garbage gives one message"
grep -q "empty.json.*empty file" "$err" || fail "empty file reported"
grep -q "locked.*[Pp]ermission denied" "$err" || fail "unreadable directory reported"
rows=$("$QUARRY" digest --case "$WORK/case" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["rows"])')
[ "$rows" -eq 5 ] || fail "readable records kept: got $rows rows, expected 5"
chmod 755 "$EV/locked"
finish
