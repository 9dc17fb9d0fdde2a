#!/usr/bin/env bash
# quarry secrets as a person, a CI job and a pre-commit hook run it: the documented JSON, exit
# codes, allow comments, baselines, .gitignore, binaries, unreadable files, git history and staged
# changes, a case's events, gitleaks configurations, SARIF that the 2.1.0 schema accepts.
# Tokens are generated here (valid checksums, random bodies): none is committed anywhere.
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
T="$WORK/tree"; mkdir -p "$T/src" "$T/build" "$T/docs"

# A GitHub token with a valid CRC32, an AWS key id, a Stripe-like key and a high-entropy password.
read -r GH AWS PW < <(python3 - <<'PY'
import binascii, secrets, string
b62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
def enc(n):
    s = ""
    for _ in range(6):
        n, r = divmod(n, 62); s = b62[r] + s
    return s
body = "".join(secrets.choice(b62) for _ in range(30))
gh = "ghp_" + body + enc(binascii.crc32(body.encode()))
aws = "AKIA" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
pw = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(20))
print(gh, aws, pw)
PY
)
BAD_GH="${GH:0:39}$( [ "${GH:39:1}" = A ] && echo B || echo A )"
printf 'import os\n\nTOKEN = "%s"\n' "$GH" > "$T/src/app.py"
printf 'aws_access_key_id = %s\n' "$AWS" > "$T/src/creds.ini"
printf 'token = "%s"  # quarry:allow\nother = "%s"\n' "$GH" "$BAD_GH" > "$T/src/allowed.py"
printf 'db:\n  password: "%s"\n' "$PW" > "$T/build/generated.yml"
printf 'build/\n' > "$T/.gitignore"
printf '\x00\x01binary %s\n' "$GH" > "$T/docs/logo.png"

expect_exit 1 "secrets in a folder" -- "$QUARRY" secrets scan "$T" --format json
python3 - "$WORK/out" "$T" "$GH" <<'PY' || fail "JSON: the documented fields, redacted, at the right line and column"
import json, sys
found, tree, gh = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
by = {(f["file"][len(tree) + 1:], f["line"]): f for f in found}
assert set(by) == {("src/app.py", 3), ("src/creds.ini", 1), ("build/generated.yml", 2)}, sorted(by)
f = by[("src/app.py", 3)]
assert f["rule_id"] == "github-pat-classic" and f["column"] == 10, f
assert {"rule_id", "file", "line", "column", "fingerprint", "secret"} <= set(f), f
assert gh not in open(sys.argv[1]).read(), "a secret printed without --show"
assert len(f["fingerprint"]) == 32
PY
expect_exit 1 "--show prints the secret" -- "$QUARRY" secrets scan "$T/src" --format json --show
grep -q "$GH" "$WORK/out" || fail "--show: the secret in full"
expect_exit 1 "--respect-gitignore" -- "$QUARRY" secrets scan "$T" --format json --respect-gitignore
grep -q generated.yml "$WORK/out" || fail "outside a repository .gitignore does not apply (as in git)"

# Baselines: an earlier report, or fingerprints one per line.
"$QUARRY" secrets scan "$T" --format json > "$WORK/baseline.json"
expect_exit 0 "every finding in the baseline" -- "$QUARRY" secrets scan "$T" --baseline "$WORK/baseline.json"
grep -q "3 in the baseline" "$WORK/out" || fail "the summary counts baselined findings"
python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[0]['fingerprint'])" "$WORK/baseline.json" > "$WORK/ignore.txt"
expect_exit 1 "a text baseline leaves the others" -- "$QUARRY" secrets scan "$T" --baseline "$WORK/ignore.txt" --format json
[ "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$WORK/out")" = 2 ] || fail "one of three baselined"

# A Kubernetes Secret's base64 data: the credential is found in what it decodes to, at the line
# of the encoded value.
mkdir -p "$WORK/k8s"
B64=$(printf 'password: "%s"' "$PW" | base64 -w0)
printf 'apiVersion: v1\nkind: Secret\ndata:\n  config.yaml: %s\n' "$B64" > "$WORK/k8s/secret.yaml"
expect_exit 1 "a secret inside base64" -- "$QUARRY" secrets scan "$WORK/k8s" --format json
python3 - "$WORK/out" <<'PY' || fail "base64: found at the encoded value's line, marked as decoded"
import json, sys
f, = json.load(open(sys.argv[1]))
assert f["line"] == 4 and f["column"] == 16 and f["encoding"] == "base64", f
PY

# Nothing found; unreadable input; usage errors.
mkdir -p "$WORK/clean" && printf 'password = "${DB_PASSWORD}"\nkey = "<your-api-key>"\n' > "$WORK/clean/a.env"
expect_exit 0 "no secret" -- "$QUARRY" secrets scan "$WORK/clean" --format json
[ "$(cat "$WORK/out")" = "[]" ] || fail "no secret is an empty array"
expect_exit 3 "a path that does not exist" -- "$QUARRY" secrets scan "$WORK/clean" "$WORK/nope"
grep -q "nope: error: no such file or folder" "$WORK/out" || fail "the missing path is named"
expect_exit 2 "nothing to scan" -- "$QUARRY" secrets scan
expect_exit 2 "--case with --git" -- "$QUARRY" secrets scan --case "$WORK/c" --git

# SARIF 2.1.0, validated against the schema (npm: tests/sarif).
expect_exit 1 "SARIF" -- "$QUARRY" secrets scan "$T" --format sarif -o "$WORK/s.sarif"
bash "$ROOT/tests/sarif/run.sh" "$WORK/s.sarif" > "$WORK/sarif.log" 2>&1 || { fail "SARIF fails the 2.1.0 schema"; cat "$WORK/sarif.log" >&2; }
grep -q "$GH" "$WORK/s.sarif" && fail "SARIF holds a secret"

# Git history: a secret added then removed is still found, at the commit that added it.
G="$WORK/repo"; mkdir -p "$G"; git -C "$G" init -q
git -C "$G" config user.email dev@example.org; git -C "$G" config user.name "Dev One"
printf 'print("hello")\n' > "$G/main.py"; git -C "$G" add . ; git -C "$G" commit -qm first
printf 'print("hello")\nTOKEN = "%s"\n' "$GH" > "$G/main.py"; git -C "$G" commit -qam leak
LEAK=$(git -C "$G" rev-parse HEAD)
printf 'print("hello")\n' > "$G/main.py"; git -C "$G" commit -qam removed
expect_exit 0 "the working tree is clean" -- "$QUARRY" secrets scan "$G"
expect_exit 1 "the history is not" -- "$QUARRY" secrets scan "$G" --git --format json
python3 - "$WORK/out" "$LEAK" <<'PY' || fail "git findings name commit, author, date, path and line"
import json, sys
f, = json.load(open(sys.argv[1]))
assert f["commit"] == sys.argv[2] and f["author"] == "Dev One <dev@example.org>", f
assert f["file"] == "main.py" and f["line"] == 2 and f["date"].endswith("Z"), f
PY
expect_exit 0 "a range after the leak" -- "$QUARRY" secrets scan "$G" --git "$LEAK..HEAD"
printf 'secret_key = "%s"\n' "$PW" > "$G/settings.py"; git -C "$G" add settings.py
expect_exit 1 "staged changes" -- "$QUARRY" secrets scan "$G" --staged --format json
grep -q settings.py "$WORK/out" || fail "the staged file is reported"
printf 'not a repository\n' > "$WORK/clean/.git"
expect_exit 3 "a folder that is no repository" -- "$QUARRY" secrets scan "$WORK/nope-repo" --git

# A corrupt repository: a blob missing from the object store is named, the rest of the history is
# still scanned.
C="$WORK/corrupt"; mkdir -p "$C"; git -C "$C" init -q
git -C "$C" config user.email dev@example.org; git -C "$C" config user.name "Dev One"
printf 'TOKEN = "%s"\n' "$GH" > "$C/a.py"; git -C "$C" add a.py; git -C "$C" commit -qm a
printf 'print(1)\n' > "$C/b.py"; git -C "$C" add b.py; git -C "$C" commit -qm b
blob=$(git -C "$C" rev-parse HEAD:b.py); rm -f "$C/.git/objects/${blob:0:2}/${blob:2}"
expect_exit 1 "a history with a missing object" -- "$QUARRY" secrets scan "$C" --git --format json
grep -q "secrets.git.object" "$WORK/err" || fail "the missing object is reported"
grep -q a.py "$WORK/out" || fail "the rest of the history is scanned"

# .gitignore inside a repository.
cp -r "$T/." "$G/" && git -C "$G" add .gitignore
expect_exit 1 "--respect-gitignore in a repository" -- "$QUARRY" secrets scan "$G" --respect-gitignore --format json
grep -q generated.yml "$WORK/out" && fail "build/ is ignored by .gitignore"
grep -q creds.ini "$WORK/out" || fail "files that are not ignored are scanned"

# gitleaks configurations: our rules extended, one disabled, a path allowlist.
cat > "$WORK/gitleaks.toml" <<'TOML'
title = "team rules"
[extend]
useDefault = true
disabledRules = ["aws-access-key-id"]
[[rules]]
id = "internal-token"
description = "Internal service token"
regex = '''\b(itk_[a-z0-9]{24})\b'''
keywords = ["itk_"]
[allowlist]
paths = ['''generated\.yml$''']
TOML
printf 'svc = "itk_%s"\n' "abcdefghijklmnopqrstuvwx" > "$T/src/internal.cfg"
expect_exit 1 "a gitleaks configuration" -- "$QUARRY" secrets scan "$T" --config "$WORK/gitleaks.toml" --format json
python3 - "$WORK/out" <<'PY' || fail "gitleaks config: extended, disabled, own rule, allowlisted path"
import json, sys
ids = sorted((f["rule_id"], f["file"].rsplit("/", 1)[-1]) for f in json.load(open(sys.argv[1])))
assert ids == [("github-pat-classic", "app.py"), ("internal-token", "internal.cfg")], ids
PY
printf '[[rules]]\nid = "broken"\nregex = "(unclosed"\n[[rules]]\nid = "ok"\nregex = "zzq_[0-9]{8}"\n' > "$WORK/bad.toml"
expect_exit 3 "an invalid gitleaks rule" -- "$QUARRY" secrets scan "$WORK/clean" --config "$WORK/bad.toml"
grep -q "bad.toml:3: error: rule 'broken', field 'regex': RE2 rejects" "$WORK/out" || fail "the bad rule is named with its line and field"

# A case's events.
mkdir -p "$WORK/ev"
printf '{"TimeGenerated":"2026-01-01T00:00:00Z","CommandLine":"git clone https://%s@github.com/acme/app"}\n' "$GH" > "$WORK/ev/proc.json"
"$QUARRY" ingest "$WORK/ev" --case "$WORK/case" > /dev/null
expect_exit 1 "secrets in a case" -- "$QUARRY" secrets scan --case "$WORK/case" --format json
python3 - "$WORK/out" <<'PY' || fail "case findings carry _eid, table and column"
import json, sys
f = json.load(open(sys.argv[1]))[0]
assert f["eid"] > 0 and f["field"] == "CommandLine" and f["table"], f
PY
expect_exit 0 "a timeline of the events holding credentials" -- "$QUARRY" timeline --case "$WORK/case" --secrets --format jsonl
grep -q '"_secrets":"github-pat-classic"' "$WORK/out" || fail "timeline --secrets marks the entry with its rule"
[ "$(wc -l < "$WORK/out")" = 1 ] || fail "timeline --secrets shows only events holding a credential"

expect_exit 0 "the built-in rules pass their examples" -- "$QUARRY" secrets test
grep -Eq "^[0-9]{3} rules, [0-9]+ example vectors, 0 failures$" "$WORK/out" || fail "secrets test summary"
finish
