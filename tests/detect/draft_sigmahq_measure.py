#!/usr/bin/env python3
"""Measures `quarry rules draft` on descriptions nobody here wrote: each rule of the shared Sigma
regression samples (../shared/corpora/sigma-regression) gives its SigmaHQ `title` and
`description` as the English request and its EVTX sample as the positive evidence. The case the
drafter links against is every sample of the set ingested together, so each rule's draft is
baselined against the other rules' events. Reports how many drafts pass every gate, and per
gate how many fail.

Usage: tests/detect/draft_sigmahq_measure.py QUARRY [--corpora DIR] [--field title|description|both]
       [--floor N] [--show]
Measured 2026-12-05 before any change made with this set in view: 41 of 101 with the titles,
17 with the descriptions, 14 with both.
"""
import argparse, collections, csv, json, os, subprocess, sys, tempfile
import yaml

ap = argparse.ArgumentParser()
ap.add_argument("quarry")
ap.add_argument("--corpora", default=os.environ.get("QUARRY_CORPORA", os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "corpora")))
ap.add_argument("--field", default="both", choices=["title", "description", "both"])
ap.add_argument("--show", action="store_true", help="print each draft's Sigma")
ap.add_argument("--floor", type=int, default=0,
                help="exit 1 when fewer drafts pass every gate (a regression guard in ctest)")
args = ap.parse_args()
reg = os.path.join(args.corpora, "sigma-regression")
rules_root = os.path.join(args.corpora, "sigma")
cases = {}
with open(os.path.join(reg, "cases.tsv")) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        if row["sample_format"] == "evtx":
            cases.setdefault(row["rule_id"], row)
work = tempfile.mkdtemp(prefix="quarry-draft-measure-")
case = os.path.join(work, "case")
samples = [os.path.join(reg, r["sample_path"]) for r in cases.values()]
subprocess.run([args.quarry, "ingest", *samples, "--case", case], stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL)
fails = collections.Counter()
passed = 0
for rule_id, row in sorted(cases.items()):
    with open(os.path.join(rules_root, row["rule_path"])) as f:
        rule = yaml.safe_load(f)
    title, desc = rule.get("title", ""), (rule.get("description") or "").strip()
    text = {"title": title, "description": desc, "both": f"{title}. {desc}"}[args.field]
    out = subprocess.run([args.quarry, "rules", "draft", text, "--case", case, "--sample",
                          os.path.join(reg, row["sample_path"]), "--dry-run", "--format", "json"],
                         capture_output=True, text=True)
    try:
        d = json.loads(out.stdout)
    except ValueError:
        print(f"{rule_id}\tERROR\t{out.stderr.strip()[:120]}")
        fails["error"] += 1
        continue
    failed = [g for g in d["gates"] if g["state"] == "failed"]
    for g in failed:
        fails[g["name"]] += 1
    passed += d["passed"]
    first = failed[0]["name"] + ": " + failed[0]["detail"][:110] if failed else ""
    print(f"{rule_id}\t{'PASS' if d['passed'] else 'fail'}\t{title[:60]}\t{first}")
    if args.show and d["sigma"]:
        print(d["sigma"])
print(f"\n{passed} of {len(cases)} SigmaHQ descriptions drafted into rules that pass every gate")
print("gates failed: " + ", ".join(f"{k} {v}" for k, v in fails.most_common()))
subprocess.run(["rm", "-rf", work])
if passed < args.floor:
    print(f"below the floor of {args.floor}")
    sys.exit(1)
