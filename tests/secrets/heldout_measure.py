#!/usr/bin/env python3
"""Scores `quarry secrets scan DIR/files --format json` against DIR/expected.yml (the rules in
DIR/README.md): a positive is met when a finding has its file and line; a negative is violated
when any finding does. Prints met/positives and violated/negatives; with --show-misses, the
missed and violated lines too. Exits 1 when met falls below --min-met or violated exceeds
--max-violated.
Usage: heldout_measure.py QUARRY --dir DIR [--min-met N] [--max-violated N] [--show-misses]"""
import argparse, json, os, subprocess, sys
import yaml


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("quarry")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--min-met", type=int, default=0)
    ap.add_argument("--max-violated", type=int, default=None)
    ap.add_argument("--show-misses", action="store_true")
    a = ap.parse_args()
    files = os.path.join(a.dir, "files")
    run = subprocess.run([a.quarry, "secrets", "scan", files, "--format", "json"],
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        print(run.stderr, file=sys.stderr)
        print(f"quarry exited {run.returncode}", file=sys.stderr)
        return 2
    found = {}
    for f in json.loads(run.stdout):
        rel = os.path.relpath(f["file"], files)
        found.setdefault((rel, f["line"]), []).append(f["rule_id"])
    expected = yaml.safe_load(open(os.path.join(a.dir, "expected.yml")))
    pos, neg = expected.get("positives", []), expected.get("negatives", [])
    met = [p for p in pos if (p["file"], p["line"]) in found]
    violated = [n for n in neg if (n["file"], n["line"]) in found]
    print(f"positives met: {len(met)}/{len(pos)}")
    print(f"negatives violated: {len(violated)}/{len(neg)}")
    scored = {(x["file"], x["line"]) for x in pos + neg}
    print(f"findings on unlisted lines: {sum(1 for k in found if k not in scored)}")
    if a.show_misses:
        for p in pos:
            if (p["file"], p["line"]) not in found:
                print(f"MISS {p['file']}:{p['line']} {p['family']} {p.get('why', '')}")
        for n in violated:
            print(f"FALSE {n['file']}:{n['line']} {found[(n['file'], n['line'])]} {n.get('why', '')}")
    bad = len(met) < a.min_met or (a.max_violated is not None and len(violated) > a.max_violated)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
