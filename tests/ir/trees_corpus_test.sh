#!/usr/bin/env bash
# quarry ir trees on OTRF datasets with known parent/child chains (tests/ir/trees_corpus/cases.tsv),
# in both the Sysmon and the Security 4688 trees, the two records of each leaf linked (same_as).
# Usage: trees_corpus_test.sh QUARRY [CORPORA]
set -euo pipefail
quarry="$(realpath "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
corpora="${2:-${QUARRY_CORPORA:-$here/../../../shared/corpora}}"
base="$corpora/json/otrf-security-datasets/datasets/atomic/windows"
[[ -d "$base" ]] || { echo "no OTRF datasets under $corpora; skipped"; exit 0; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
while IFS=$'\t' read -r dataset leaf fragment chain; do
  [[ -z "$dataset" || "$dataset" == \#* ]] && continue
  rm -rf "$work/case"
  "$quarry" ingest "$base/$dataset"/*.json --case "$work/case" >/dev/null
  "$quarry" ir trees --case "$work/case" --format json >"$work/trees.json"
  python3 - "$work/trees.json" "$dataset" "$leaf" "$fragment" "$chain" <<'PY' || status=1
import json, sys
path, dataset, leaf, fragment, chain = sys.argv[1:]
nodes = json.load(open(path))["processes"]
by_id = {n["id"]: n for n in nodes}
want = [x.strip().lower() for x in chain.split(">")]
def base(p): return p.replace("/", "\\").split("\\")[-1].lower()
ok = True
for source in ("sysmon", "security"):
    leaves = [n for n in nodes if n["source"] == source and base(n["image"]) == leaf.lower() and fragment in n["command_line"]]
    if not leaves:
        print(f"FAIL  {dataset} ({source}): no {leaf} with '{fragment}'"); ok = False; continue
    got, n = [], leaves[0]
    while n:
        got.append(base(n["image"]))
        n = by_id.get(n["parent"])
    got = got[::-1]
    good = got[-len(want):] == want
    print(("PASS  " if good else "FAIL  ") + f"{dataset} ({source}): " + " > ".join(got))
    ok &= good
# The two sources' records of the leaf are linked as the same process.
leaf_nodes = {src: [n for n in nodes if n["source"] == src and base(n["image"]) == leaf.lower() and fragment in n["command_line"]] for src in ("sysmon", "security")}
if leaf_nodes["sysmon"] and leaf_nodes["security"]:
    s, t = leaf_nodes["sysmon"][0], leaf_nodes["security"][0]
    linked = s["same_as"] == t["id"] and t["same_as"] == s["id"]
    print(("PASS  " if linked else "FAIL  ") + f"{dataset}: Sysmon {s['id']} and Security {t['id']} are the same process")
    ok &= linked
sys.exit(0 if ok else 1)
PY
done <"$here/trees_corpus/cases.tsv"
exit $status
