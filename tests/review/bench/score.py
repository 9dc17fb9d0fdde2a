#!/usr/bin/env python3
"""Scores `quarry review --full` on the benchmark (README.md, "Scoring rule").

Usage: python3 score.py QUARRY [--dir SET] [--floor FILE] [--json OUT] [--cases-out OUT]

Runs `QUARRY review --full DIR --format json` on every case's vulnerable/ and fixed/ folder and
prints precision, recall and F1 (--dir: another set in the same layout, e.g. ../heldout) at (file, CWE, line) per engine and combined, overall and per
language. Combined counts the findings a person is shown as candidates (verified and
needs_human); "verified only" counts only verified ones. Rejected findings count for nothing.
With --floor, exits 1 when the combined scores fall below the floors in FILE (JSON:
{"combined_f1": x, "combined_precision": y, "combined_recall": z}).
"""
import json
import os
import subprocess
import sys
from collections import defaultdict

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
ENGINES = ["cppcheck", "clang", "flawfinder", "bandit", "eslint", "quarry", "secrets"]
ENGINE_LANGUAGES = {
    "cppcheck": {"c"}, "clang": {"c"}, "flawfinder": {"c"}, "bandit": {"python"},
    "eslint": {"javascript"}, "quarry": {"c", "python", "javascript", "java"},
    "secrets": {"c", "python", "javascript", "java"},
}


def review(quarry, folder):
    out = subprocess.run([quarry, "review", "--full", folder, "--format", "json"],
                         capture_output=True, text=True, timeout=600)
    if out.returncode not in (0, 1):
        raise SystemExit(f"quarry review failed on {folder} ({out.returncode}): {out.stderr}")
    return json.loads(out.stdout)


class Score:
    def __init__(self):
        self.tp = self.fp = self.cases = 0

    def row(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / self.cases if self.cases else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def claims(report, view):
    """(file, cwe, line) claims of one view: an engine's voices, or the combined findings."""
    out = []
    for f in report["findings"]:
        if f["status"] == "rejected":
            continue
        if view == "combined":
            out.append((os.path.basename(f["file"]), f["cwe"], f["line"]))
        elif view == "verified":
            if f["status"] == "verified":
                out.append((os.path.basename(f["file"]), f["cwe"], f["line"]))
        else:
            for v in f["engines"]:
                if v["engine"] == view:
                    out.append((os.path.basename(f["file"]), v["cwe"] or f["cwe"], f["line"]))
    return out


def main():
    quarry = sys.argv[1]
    args = sys.argv[2:]
    floor = json_out = cases_out = None
    while args:
        if args[0] == "--floor":
            floor, args = args[1], args[2:]
        elif args[0] == "--json":
            json_out, args = args[1], args[2:]
        elif args[0] == "--cases-out":
            cases_out, args = args[1], args[2:]
        elif args[0] == "--dir":
            global CASES
            CASES, args = os.path.join(os.path.abspath(args[1]), "cases"), args[2:]
        else:
            raise SystemExit(f"unknown argument {args[0]}")
    views = ENGINES + ["combined", "verified"]
    scores = defaultdict(Score)  # (view, language) -> Score
    per_case = []
    for name in sorted(os.listdir(CASES)):
        case = yaml.safe_load(open(os.path.join(CASES, name, "case.yml")))
        language = case["language"]
        trap = case.get("trap", False)
        runs = {}
        for side in ("vulnerable", "fixed"):
            folder = os.path.join(CASES, name, side)
            if os.path.isdir(folder):
                runs[side] = review(quarry, folder)
        record = {"id": name, "language": language}
        for view in views:
            if view in ENGINE_LANGUAGES and language not in ENGINE_LANGUAGES[view]:
                continue
            for key in ((view, language), (view, "all")):
                s = scores[key]
                if not trap:
                    s.cases += 1
                found = False
                for side, report in runs.items():
                    for (file, cwe, line) in claims(report, view):
                        hit = (side == "vulnerable" and not trap and file == case["file"]
                               and cwe == case["cwe"] and line in case["lines"])
                        if hit and not found:
                            found = True
                            s.tp += 1
                        elif not hit:
                            s.fp += 1
            record[view] = {
                side: claims(report, view) for side, report in runs.items()}
        per_case.append(record)
    print(f"{'engine':<11} {'language':<11} {'TP':>4} {'FP':>4} {'cases':>5} "
          f"{'precision':>9} {'recall':>7} {'F1':>6}")
    result = {}
    for view in views:
        for language in ("all", "c", "python", "javascript", "java"):
            s = scores.get((view, language))
            if s is None:
                continue
            p, r, f = s.row()
            result[f"{view}/{language}"] = {"tp": s.tp, "fp": s.fp, "cases": s.cases,
                                            "precision": p, "recall": r, "f1": f}
            print(f"{view:<11} {language:<11} {s.tp:>4} {s.fp:>4} {s.cases:>5} "
                  f"{p:>9.2f} {r:>7.2f} {f:>6.2f}")
    if json_out:
        json.dump(result, open(json_out, "w"), indent=1)
    if cases_out:
        json.dump(per_case, open(cases_out, "w"), indent=1)
    if floor:
        want = json.load(open(floor))
        got = result["combined/all"]
        low = [k for k in ("f1", "precision", "recall")
               if got[k] + 1e-9 < want.get("combined_" + k, 0)]
        if low:
            print("below the floor: " + ", ".join(f"{k} {got[k]:.2f} < {want['combined_' + k]}"
                                                   for k in low))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
