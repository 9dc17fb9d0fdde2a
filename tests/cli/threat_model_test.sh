#!/usr/bin/env bash
# quarry threat-model as a person and a CI job run it: the documented JSON of check, exit codes,
# the report in every format, diff, draft and approve.
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SAMPLE="$ROOT/samples/threat-models/rag-chatbot.yml"
CASES="$ROOT/tests/threatmodel/cases"

expect_exit 1 "check a sample with open high threats" -- "$QUARRY" threat-model check "$SAMPLE" --format json
python3 - "$WORK/out" <<'PY' || fail "check JSON has threats with the documented keys, and findings"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["threats"] and isinstance(r["findings"], list), r.keys()
for t in r["threats"]:
    assert {"id", "stride", "owasp_llm", "atlas", "status", "severity"} <= set(t), t
    assert ("component" in t) != ("flow" in t), t
    assert t["status"] in {"open", "mitigated", "accepted", "transferred", "suggested"}, t
    assert t["severity"] in {"low", "medium", "high", "critical"}, t
    assert t["stride"] in {"Spoofing", "Tampering", "Repudiation", "Information Disclosure",
                           "Denial of Service", "Elevation of Privilege"}, t
    assert all(i.endswith(":2025") for i in t["owasp_llm"]), t
    assert all(i.startswith("AML.T") for i in t["atlas"]), t
assert r["counts"]["open_high"] > 0 and r["exit_code"] == 1
assert any(f["code"] == "tm.gap.undecided" for f in r["findings"])
PY
expect_exit 0 "a model whose threats are all decided" -- "$QUARRY" threat-model check "$CASES/clean/model.yml" --catalog "$CASES/catalog.yml" --today 2026-12-01
expect_exit 3 "a model that does not read" -- "$QUARRY" threat-model check "$CASES/unknown-references/model.yml" --catalog "$CASES/catalog.yml"
grep -q "model.yml:9: error: unknown component kind 'vectorstore'" "$WORK/out" || fail "bad input names file, line and what is wrong"
grep -q "TM-CASE-001" "$WORK/out" || fail "the rest of a bad model is still checked"
expect_exit 2 "no model" -- "$QUARRY" threat-model check
expect_exit 2 "a bad date" -- "$QUARRY" threat-model check "$SAMPLE" --today tomorrow
expect_exit 2 "a catalog that does not exist" -- "$QUARRY" threat-model check "$SAMPLE" --catalog "$WORK/none"
expect_exit 0 "help teaches" -- "$QUARRY" threat-model check --help
grep -q "Examples" "$WORK/out" || fail "check --help has examples"

expect_exit 1 "report as Markdown with the diagram beside it" -- "$QUARRY" threat-model report "$SAMPLE" -o "$WORK/report.md"
grep -q "^## Coverage: OWASP Top 10 for LLM Applications 2025" "$WORK/report.md" || fail "report has the OWASP LLM coverage table"
grep -q "^## Residual risks" "$WORK/report.md" || fail "report has residual risks"
[ -s "$WORK/report.dot" ] || fail "report writes the DOT beside the Markdown"
if command -v dot >/dev/null; then
  grep -q "<svg" "$WORK/report.svg" || fail "Graphviz drew the SVG"
  grep -q "report.svg" "$WORK/report.md" || fail "the Markdown links the SVG"
fi
expect_exit 1 "report as HTML" -- "$QUARRY" threat-model report "$SAMPLE" --format html -o "$WORK/report.html"
grep -q "Content-Security-Policy" "$WORK/report.html" || fail "HTML report has a strict CSP"
! grep -qi "<script" "$WORK/report.html" || fail "HTML report has no script"
expect_exit 1 "report as SARIF" -- "$QUARRY" threat-model report "$SAMPLE" --format sarif
python3 - "$WORK/out" <<'PY' || fail "SARIF 2.1.0 with rules and located results"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0"
run = s["runs"][0]
rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
results = [r for r in run["results"] if r["ruleId"].startswith("TM-")]
assert results and all(r["ruleId"] in rules for r in results)
assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] > 0 for r in results)
PY
expect_exit 1 "report as JSON" -- "$QUARRY" threat-model report "$SAMPLE" --format json
python3 - "$WORK/out" <<'PY' || fail "report JSON adds coverage, residual and diagram"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["coverage"]["owasp_llm"] and r["residual"] and r["diagram"]["dot"].startswith("digraph")
PY

# diff: a decision taken and a component added between two versions.
cp "$CASES/taint/model.yml" "$WORK/old.yml"
cp "$CASES/taint/model.yml" "$WORK/new.yml"
cat >> "$WORK/new.yml" <<'YML'
decisions:
  - {threat: TM-CASE-001, target: agent, status: accepted, rationale: sandboxed, by: Dana Reyes, until: 2099-01-01}
YML
expect_exit 0 "diff: a threat accepted" -- "$QUARRY" threat-model diff "$WORK/old.yml" "$WORK/new.yml" --catalog "$CASES/catalog.yml" --format json
python3 - "$WORK/out" <<'PY' || fail "diff JSON shows the status change"
import json, sys
d = json.load(open(sys.argv[1]))
assert [c["id"] for c in d["changed"]] == ["TM-CASE-001"] and d["changed"][0]["status_after"] == "accepted", d
assert not d["added"] and not d["removed"] and d["new_open_high"] == 0
PY
expect_exit 1 "diff: the acceptance removed again" -- "$QUARRY" threat-model diff "$WORK/new.yml" "$WORK/old.yml" --catalog "$CASES/catalog.yml"

expect_exit 0 "draft from a description" -- "$QUARRY" threat-model draft "A coding agent uses Claude to edit files in the repository and runs shell commands" -o "$WORK/draft.yml"
grep -q "QUESTION: shell-tool" "$WORK/draft.yml" || fail "the drafter asks about the shell's approval"
expect_exit 1 "a draft of nothing is not saved" -- "$QUARRY" threat-model draft "It is a thing." -o "$WORK/nothing.yml"
[ ! -e "$WORK/nothing.yml" ] || fail "an invalid draft was saved"
expect_exit 2 "a provider draft needs a case" -- "$QUARRY" threat-model draft "x" --provider ollama

expect_exit 0 "approve into a journal" -- "$QUARRY" threat-model approve "$CASES/clean/model.yml" --catalog "$CASES/catalog.yml" --case "$WORK/jcase" --author "Dana Reyes"
expect_exit 0 "the journal holds it" -- "$QUARRY" journal show 1 --case "$WORK/jcase" --format json
python3 - "$WORK/out" <<'PY' || fail "the journal entry names the decisions and who made them"
import json, sys
e = json.load(open(sys.argv[1]))
e = e[0] if isinstance(e, list) else e
body = e["body"] if isinstance(e["body"], dict) else json.loads(e["body"])
assert e["kind"] == "threat_model" and e["author"] == "Dana Reyes", e
assert body["decisions"][0]["by"] == "Dana Reyes" and len(body["sha256"]) == 64, body
PY
expect_exit 2 "approving a model that does not read is refused" -- "$QUARRY" threat-model approve "$CASES/unknown-references/model.yml" --catalog "$CASES/catalog.yml" --case "$WORK/jcase"

expect_exit 0 "the JSON Schema" -- "$QUARRY" threat-model schema
cmp -s "$WORK/out" "$ROOT/docs/threat-model.schema.json" || fail "schema matches docs/threat-model.schema.json"
if python3 -c 'import jsonschema, yaml' 2>/dev/null; then
  python3 - "$ROOT/docs/threat-model.schema.json" "$ROOT"/samples/threat-models/*.yml <<'PY' || fail "the samples validate against the JSON Schema"
import json, sys, yaml, jsonschema
schema = json.load(open(sys.argv[1]))
for path in sys.argv[2:]:
    # As YAML-to-JSON converters do: dates (until: 2027-06-30) become strings.
    document = json.loads(json.dumps(yaml.safe_load(open(path)), default=str))
    jsonschema.validate(document, schema)
PY
fi
finish
