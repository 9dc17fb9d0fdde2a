#!/usr/bin/env python3
"""Measures `quarry threat-model check` on the held-out models of tests/threatmodel/heldout:
each model's expected.yml says what a reviewer must see flagged (expect) and what must not be
(absent), written before anyone looked at the catalog's conditions. Prints, per model and in
total, how many expectations are met and how many absent items were flagged anyway.
Usage: heldout_measure.py QUARRY [--dir DIR] [--catalog DIR] [--min-recall PCT] [--max-false PCT]
       [--show-misses]"""
import argparse
import json
import pathlib
import subprocess
import sys

import yaml


def flagged(report, item):
    target = item.get("target")
    if "finding" in item:
        return any(f["code"] == item["finding"] and target in f["message"] for f in report["findings"])
    for t in report["threats"]:
        if t.get("component", t.get("flow")) != target or t["status"] == "suggested":
            continue
        if "owasp_llm" in item and item["owasp_llm"] in t["owasp_llm"]:
            return True
        if "owasp" in item and item["owasp"] in t["owasp"]:
            return True
        if "stride" in item and item["stride"] == t["stride"]:
            return True
    return False


def main():
    p = argparse.ArgumentParser()
    p.add_argument("quarry")
    p.add_argument("--dir", default=str(pathlib.Path(__file__).parent / "heldout"))
    p.add_argument("--min-recall", type=float, default=0)
    p.add_argument("--max-false", type=float, default=100)
    p.add_argument("--show-misses", action="store_true")
    p.add_argument("--catalog", help="threat catalog folder instead of the built-in one")
    a = p.parse_args()
    total_expect = total_met = total_absent = total_false = 0
    print("| model | expectations met | absent items flagged |")
    print("|---|---:|---:|")
    for d in sorted(pathlib.Path(a.dir).iterdir()):
        if not (d / "expected.yml").exists():
            continue
        cmd = [a.quarry, "threat-model", "check", str(d / "model.yml"), "--format", "json",
               "--today", "2026-12-01"]
        if a.catalog:
            cmd += ["--catalog", a.catalog]
        out = subprocess.run(cmd, capture_output=True, text=True)
        report = json.loads(out.stdout)
        spec = yaml.safe_load(open(d / "expected.yml"))
        expect, absent = spec.get("expect", []), spec.get("absent", [])
        met = [i for i in expect if flagged(report, i)]
        false = [i for i in absent if flagged(report, i)]
        total_expect += len(expect)
        total_met += len(met)
        total_absent += len(absent)
        total_false += len(false)
        print(f"| {d.name} | {len(met)}/{len(expect)} | {len(false)}/{len(absent)} |")
        if a.show_misses:
            for i in expect:
                if i not in met:
                    print(f"  missed: {i}", file=sys.stderr)
            for i in false:
                print(f"  flagged anyway: {i}", file=sys.stderr)
    recall = 100.0 * total_met / max(total_expect, 1)
    false_rate = 100.0 * total_false / max(total_absent, 1)
    print(f"| **total** | {total_met}/{total_expect} ({recall:.1f}%) | {total_false}/{total_absent} ({false_rate:.1f}%) |")
    if recall < a.min_recall or false_rate > a.max_false:
        print(f"below the floor: recall {recall:.1f}% < {a.min_recall} or false {false_rate:.1f}% > {a.max_false}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
