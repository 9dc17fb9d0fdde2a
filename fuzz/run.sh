#!/usr/bin/env bash
# Runs every fuzz target, seeded from our own test inputs and samples.
# Usage: fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET [RUNS_PER_TARGET]
# QUARRY_FUZZ_TARGETS="fuzz_reader_json fuzz_sigma" runs only the targets named there.
# With RUNS (the smoke test in `make test`), each target starts from a fresh corpus with a fixed
# seed and stops after RUNS inputs: the same inputs every time, so CI is reproducible. Without it,
# targets run for SECONDS each and keep their corpus between sessions.
set -euo pipefail
build="$1"; seconds="${2:-20}"; runs="${3:-}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$build/fuzz-corpus"
limits=(-max_total_time="$seconds")
if [ -n "$runs" ]; then
  work="$build/fuzz-smoke"
  rm -rf "$work"
  limits=(-runs="$runs" -seed=1 -max_total_time="$seconds")
fi
mkdir -p "$work"
seed() {  # seed DIR FILES...
  local dir="$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && head -c 65536 "$f" > "$dir/$(echo "$f" | md5sum | cut -c1-16)"; done
  return 0
}
# Readers, one target per entry of the reader table (fuzz_reader_<name>): each test case's input
# seeds the reader its expected_reader file names; fuzz_reader_any, where sniffing chooses, gets
# them all and the samples.
for dir in "$root"/tests/ingest/cases/*/; do
  seed "$work/reader-$(cat "$dir/expected_reader")" "$dir"input*
  seed "$work/reader-any" "$dir"input*
done
seed "$work/reader-any" "$root"/samples/evidence/*
# EVTX: the head of corpus files (file header plus the first chunk), when the corpus is there.
mkdir -p "$work/evtx" "$work/reader-evtx"
corpora="${QUARRY_CORPORA:-$root/../shared/corpora}"
if [ -d "$corpora/evtx" ]; then
  mapfile -t evtx_files < <(find "$corpora/evtx" "$corpora/sigma-regression" -name '*.evtx' \
    -size -400k 2>/dev/null | sort)
  for f in "${evtx_files[@]:0:40}"; do
    out="$(echo "$f" | md5sum | cut -c1-16)"
    head -c 69632 "$f" > "$work/evtx/$out"
    cp "$work/evtx/$out" "$work/reader-evtx/$out"
  done
fi
# Sigma: our semantics cases, and a sample of the corpus rules when it is there.
seed "$work/sigma" "$root"/tests/sigma/cases/*/rule.yml
if [ -d "$corpora/sigma/rules" ]; then
  mapfile -t sigma_files < <(find "$corpora/sigma/rules" -name '*.yml' 2>/dev/null | sort)
  for ((i = 0; i < ${#sigma_files[@]}; i += 80)); do seed "$work/sigma" "${sigma_files[$i]}"; done
fi
# A compiled-rule cache file of our rule pack: fuzz_sigma reads what follows a 'Q' as one.
QUARRY_CACHE_DIR="$work/cache" "$build/bin/quarry" rules check "$root/rules" >/dev/null 2>&1 || true
for f in "$work"/cache/rules/*.bin; do
  [ -f "$f" ] && { printf 'Q'; cat "$f"; } > "$work/sigma/cache-$(basename "$f" | cut -c1-16)"
done
# Rule tests' expect.yml files: ours and the test cases'.
seed "$work/rule-expect" "$root"/rules/*/*.tests/expect.yml "$root"/tests/detect/rule_tests/*/rules/*.tests/expect.yml
# KQL: the parser cases, and a sample of the corpus queries when it is there.
mkdir -p "$work/kql"
for f in "$root"/tests/kql/parse/*.txt; do
  awk -v dir="$work/kql" -v base="$(basename "$f")" '
    /^====$/ { n++; skip = 0; next } /^----$/ { skip = 1; next }
    !skip { print > (dir "/" base "-" n) }' "$f"
done
if [ -d "$corpora/kql/queries" ]; then
  mapfile -t kql_files < <(find "$corpora/kql/queries" -name '*.kql' 2>/dev/null | sort)
  for ((i = 0; i < ${#kql_files[@]}; i += 40)); do seed "$work/kql" "${kql_files[$i]}"; done
fi
# Drafts written as rules: our conversion cases and the KQL parser's.
mkdir -p "$work/draft-sigma"
seed "$work/draft-sigma" "$root"/tests/detect/draft_sigma/*/query.kql
cp "$work"/kql/*.txt-* "$work/draft-sigma/" 2>/dev/null || true
# The assistant: questions of our hunt set (odd first byte) and model answers (even).
mkdir -p "$work/assist"
n=0
for f in "$root"/tests/assist/hunts/*.txt; do
  awk 'NR == 1 || prev == "====" { print } { prev = $0 }' "$f" | while IFS= read -r q; do
    n=$((n + 1)); printf '\001%s' "$q" > "$work/assist/q-$(basename "$f")-$n"
  done
done
for f in "$root"/tests/detect/draft*/cases/*/description.txt; do  # descriptions (3 mod 4)
  n=$((n + 1)); { printf '\003'; cat "$f"; } > "$work/assist/d-$n"
done
printf '\000```json\n{"query": "T | where A == 1", "explanation": "x"}\n```' > "$work/assist/answer1"
printf '\000Sure! AKIAIOSFODNN7EXAMPLE password=hunter2 10.0.0.1' > "$work/assist/answer2"
# MCP: the JSON-RPC cases, and a call of every tool with arguments of its kind.
mkdir -p "$work/mcp"
python3 - "$root/tests/mcp/jsonrpc_cases.jsonl" "$work/mcp" <<'PY'
import json, sys
for n, line in enumerate(open(sys.argv[1])):
    open(f"{sys.argv[2]}/case-{n}", "w").write(json.loads(line)["in"])
calls = {"run_kql": {"query": "T | take 1", "max_rows": 5}, "rules_lint": {"rule": "title: x"},
         "scan": {"rules": ["/tmp"], "paths": ["/tmp"]}, "get_event": {"eid": 1},
         "record_hunt": {"question": "q", "query": "T"}, "save_rule": {"name": "n", "rule": "r"}}
for n, (tool, args) in enumerate(calls.items()):
    msg = {"jsonrpc": "2.0", "id": n, "method": "tools/call", "params": {"name": tool, "arguments": args}}
    open(f"{sys.argv[2]}/call-{n}", "w").write(json.dumps(msg))
meta = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}
for n, (method, params) in enumerate([("server/discover", {}), ("resources/read", {"uri": "quarry://case/schema/T"}),
        ("prompts/get", {"name": "hunt", "arguments": {"question": "q"}}),
        ("completion/complete", {"ref": {"type": "ref/resource", "uri": "quarry://case/schema/{table}"}, "argument": {"name": "table", "value": "S"}})]):
    params["_meta"] = meta
    open(f"{sys.argv[2]}/stateless-{n}", "w").write(json.dumps({"jsonrpc": "2.0", "id": n, "method": method, "params": params}))
PY
# Claims: the verifier's test sets (sentences with citations).
seed "$work/claims" "$root"/tests/ir/claims_dev/*/claims.md "$root"/tests/ir/claims_dev2/*/claims.md
printf '09:20 dana: WS01 is isolated\n[09:50:30] lee: text\n2026-03-14T10:00:00Z kim: done\n' >"$work/claims/chat"
printf '[{"user_name":"lee","text":"x","ts":"1773483600.000300"}]' >"$work/claims/slack"
# Threat models: the samples and check cases (models), the catalog and its condition tests.
seed "$work/threat-model" "$root"/samples/threat-models/*.yml "$root"/tests/threatmodel/cases/*/model.yml
seed "$work/threat-catalog" "$root"/threats/*.yml "$root"/tests/threatmodel/conditions/*.yml \
  "$root"/tests/threatmodel/cases/catalog.yml
# Secrets: our rule files and gitleaks-style configurations (rules), and the blind sets' files
# and the CLI test's shapes (scan).
seed "$work/secret-rules" "$root"/rules/secrets/*.toml
printf '[extend]\nuseDefault = true\ndisabledRules = ["jwt"]\n[[rules]]\nid = "x"\nregex = \x27\x27\x27(itk_[a-z]{8})\x27\x27\x27\nkeywords = ["itk_"]\n[[rules.allowlists]]\nregexTarget = "line"\nregexes = ["ok"]\n[allowlist]\npaths = ["vendor/"]\n' > "$work/secret-rules/gitleaks"
mkdir -p "$work/secret-scan"
find "$root"/tests/secrets -path '*/files/*' -type f -size -64k 2>/dev/null | sort | head -120 | while read -r f; do
  seed "$work/secret-scan" "$f"
done
# Review: the verification cases' claimed findings, diffs of the benchmark's fixes, our review
# rule files, and one record of each analyzer's output (the first byte picks the reader).
mkdir -p "$work/review-input" "$work/review-rules"
seed "$work/review-input" "$root"/tests/review/verify/*/findings.json
for case in "$root"/tests/review/bench/cases/*/; do
  [ -d "$case/vulnerable" ] || continue
  diff -ru "$case/vulnerable" "$case/fixed" > "$work/review-input/$(basename "$case").diff" 2>/dev/null || true
done
for f in "$root"/review-rules/*.yml; do
  [ -f "$f" ] && { printf '\x00'; cat "$f"; } > "$work/review-rules/$(basename "$f")"
done
printf '\x01a.c\t2\t65\terror\tmemleak\t401\tMemory leak: p\n' > "$work/review-rules/cppcheck"
printf '\x02File,Line,Column,DefaultLevel,Level,Category,Name,Warning,Suggestion,Note,CWEs,Context\na.c,6,3,4,4,buffer,strcpy,"w (CWE-120).",s,,CWE-120,"  strcpy(b, a);"\n' > "$work/review-rules/flawfinder"
printf '\x03{"results":[{"filename":"b.py","line_number":3,"line_range":[3,4],"test_id":"B602","issue_text":"t","issue_severity":"HIGH"}]}' > "$work/review-rules/bandit"
printf '\x04[{"filePath":"/x.js","messages":[{"ruleId":"no-eval","line":2,"endLine":2,"message":"m","severity":2}]}]' > "$work/review-rules/eslint"
printf '\x05{"runs":[{"results":[{"ruleId":"unix.Malloc","message":{"text":"t"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"file:///a.c"},"region":{"startLine":10,"endLine":10}}}]}]}]}' > "$work/review-rules/clang"
# The workbench: one request of each route the server test makes, and refusals (no session,
# another origin, a traversal, an oversized parameter). Odd first byte: a valid session.
mkdir -p "$work/server"
printf '\x01GET\n/api/histogram\nbuckets=10&host=DC01\n\n' > "$work/server/histogram"
printf '\x01POST\n/api/kql/check\n\nContent-Type: application/json\n\n{"query":"SecurityEvent | take 1"}' > "$work/server/check"
printf '\x01POST\n/api/hunts\n\n\n{"question":"failed logons on DC01","window":"1d"}' > "$work/server/hunt"
printf '\x01POST\n/api/hunts/0123456789abcdef/edit\n\n\n{"query":"T | where A == 1"}' > "$work/server/edit"
printf '\x01GET\n/api/hunts/0123456789abcdef/rows\noffset=5&limit=20\n\n' > "$work/server/rows"
printf '\x01GET\n/api/events/1000000001\n\n\n' > "$work/server/event"
printf '\x01GET\n/api/timeline\nhost=WS01&alerts_only=true&limit=5\n\n' > "$work/server/timeline"
printf '\x00GET\n/api/overview\n\nOrigin: http://evil.example\n\n' > "$work/server/origin"
printf '\x00GET\n/assets/../../etc/passwd\n\n\n' > "$work/server/traversal"
printf '\x00GET\n/\ntoken=0123456789abcdef0123456789abcdef\n\n' > "$work/server/token"
printf '\x01POST\n/api/reviews/1/triage\n\n\n{"fingerprint":"f","decision":"dismissed","reason":"r"}' > "$work/server/triage"
printf '\x01GET\n/api/trees\nhost=WS01&from=2026-03-14T09:00:00Z&limit=5\n\n' > "$work/server/trees"
mkdir -p "$work/time"; printf '2024-01-31T10:00:00.1234567+05:30' > "$work/time/seed1"
# The store: addresses (first byte even) and ClickHouse answers (odd; the second byte splits them).
mkdir -p "$work/store"
printf '\x00\x00clickhouse://127.0.0.1:18123/quarry?cluster=quarry' > "$work/store/url"
printf '\x00\x00clickhouse://[::1]:9/x' > "$work/store/url6"
printf '\x01\x07a\tb\\tc\t\\N\n1\t\\\\N\t\n' > "$work/store/tsv"
status=0
targets=()
for bin in "$build"/fuzz/fuzz_reader_*; do
  [ -x "$bin" ] && targets+=("$(basename "$bin"):reader-${bin##*/fuzz_reader_}")
done
targets+=(fuzz_time:time fuzz_evtx:evtx fuzz_sigma:sigma fuzz_rule_expect:rule-expect fuzz_kql:kql fuzz_assist:assist fuzz_draft_sigma:draft-sigma fuzz_mcp:mcp fuzz_claims:claims
         fuzz_threat_model:threat-model fuzz_threat_catalog:threat-catalog fuzz_secret_rules:secret-rules
         fuzz_secret_scan:secret-scan fuzz_review_input:review-input fuzz_review_rules:review-rules fuzz_server:server
         fuzz_store:store)
for entry in "${targets[@]}"; do
  name="${entry%%:*}"; corpus="${entry#*:}"; bin="$build/fuzz/$name"
  if [ -n "${QUARRY_FUZZ_TARGETS:-}" ] && [[ " $QUARRY_FUZZ_TARGETS " != *" $name "* ]]; then
    continue
  fi
  mkdir -p "$work/$corpus"
  # EVTX seeds are a file header and a whole first chunk.
  max_len=65536; [[ "$corpus" == *evtx ]] && max_len=69632
  echo "fuzz: $name ${runs:+$runs runs, }at most ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=1 "$bin" "${limits[@]}" -max_len="$max_len" -timeout=10 \
       -rss_limit_mb=2048 -print_final_stats=0 -artifact_prefix="$work/$corpus-" "$work/$corpus" >"$work/$corpus.log" 2>&1; then
    echo "fuzz: $name found a problem:"; tail -40 "$work/$corpus.log"; status=1
  fi
done
exit $status
