#!/usr/bin/env python3
"""Verification cases: each folder holds repo/ (the code), findings.json (what a model or an agent
claims about it) and expected.json (the verdict each claimed finding must get, in order, with the
reason code for the ones that are not verified). Usage: run.py QUARRY"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    quarry = sys.argv[1]
    failures = 0
    for case in sorted(os.listdir(HERE)):
        folder = os.path.join(HERE, case)
        if not os.path.isdir(folder):
            continue
        repo = os.path.join(folder, "repo")
        out = subprocess.run(
            [quarry, "review", "--full", repo, "--findings", os.path.join(folder, "findings.json"),
             "--findings-engine", "model", "--skip", "cppcheck", "--skip", "clang", "--skip",
             "flawfinder", "--skip", "bandit", "--skip", "eslint", "--skip", "quarry", "--skip",
             "secrets", "--format", "json"], capture_output=True, text=True, timeout=300)
        if out.returncode not in (0, 1):
            print(f"{case}: quarry review exited {out.returncode}: {out.stderr}")
            failures += 1
            continue
        report = json.loads(out.stdout)
        findings = report["findings"]
        for want in json.load(open(os.path.join(folder, "expected.json"))):
            match = [f for f in findings if f["line"] == want["line"] and f["cwe"] == want["cwe"]
                     and any(v["engine"] == "model" for v in f["engines"])]
            if not match:
                print(f"{case}: no finding at line {want['line']} with {want['cwe']}")
                failures += 1
                continue
            f = match[0]
            codes = [r["code"] for r in f["reasons"]]
            ok = f["status"] == want["status"] and ("reason" not in want or want["reason"] in codes)
            print(f"{case}: line {want['line']} {want['cwe']}: {f['status']} {codes} "
                  f"{'ok' if ok else 'WRONG, expected ' + want['status'] + ' ' + want.get('reason', '')}")
            failures += 0 if ok else 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
