#!/usr/bin/env python3
"""Structural check of the `quarry review` benchmark (tests/review/bench).

Usage: python3 verify.py [--table] [--dir SET --min-cases N --min-traps N]
(--dir: another set in the same layout, such as ../heldout with 24 cases and 4 traps)
Exits non-zero and lists every problem if the set is malformed.
With --table, also prints the per-language / per-CWE count table used in README.md.
"""
import os
import re
import sys
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
REQUIRED = ["id", "language", "cwe", "owasp_2025", "file", "lines", "description", "fixed_is_clean"]
LANG_EXT = {"c": (".c", ".h"), "python": (".py",), "javascript": (".js", ".mjs", ".cjs"), "java": (".java",)}
OWASP = {f"A{i:02d}" for i in range(1, 11)}
MIN_CASES = 60
MIN_TRAPS = 8


def read(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def check_case(name, errors):
    d = os.path.join(CASES, name)
    yml = os.path.join(d, "case.yml")
    if not os.path.isfile(yml):
        errors.append(f"{name}: missing case.yml")
        return None
    try:
        meta = yaml.safe_load(read(yml))
    except yaml.YAMLError as exc:
        errors.append(f"{name}: case.yml does not parse: {exc}")
        return None
    if not isinstance(meta, dict):
        errors.append(f"{name}: case.yml is not a mapping")
        return None
    missing = [k for k in REQUIRED if k not in meta]
    if missing:
        errors.append(f"{name}: missing fields {missing}")
        return None
    err = lambda msg: errors.append(f"{name}: {msg}")
    if meta["id"] != name:
        err(f"id {meta['id']!r} does not match folder name")
    lang = meta["language"]
    if lang not in LANG_EXT:
        err(f"unknown language {lang!r}")
        return None
    fname = meta["file"]
    if not isinstance(fname, str) or not fname.endswith(LANG_EXT[lang]):
        err(f"file {fname!r} does not match language {lang}")
    if meta["fixed_is_clean"] is not True:
        err("fixed_is_clean must be true")
    if not isinstance(meta["description"], str) or len(meta["description"].strip()) < 10:
        err("description missing or too short")
    fixed = os.path.join(d, "fixed", fname)
    if not os.path.isfile(fixed):
        err(f"missing fixed/{fname}")

    if meta.get("trap") is True:
        if meta["cwe"] != "none":
            err("trap cases must have cwe: none")
        if meta["lines"] not in ([], None):
            err("trap cases must have empty lines")
        if os.path.exists(os.path.join(d, "vulnerable")):
            err("trap cases must not have a vulnerable/ version")
        for extra in meta.get("support_files", []) or []:
            if not os.path.isfile(os.path.join(d, "fixed", extra)):
                err(f"missing support file fixed/{extra}")
        return meta

    if not isinstance(meta["cwe"], str) or not re.fullmatch(r"CWE-\d+", meta["cwe"]):
        err(f"bad cwe {meta['cwe']!r}")
    if meta["owasp_2025"] not in OWASP:
        err(f"bad owasp_2025 {meta['owasp_2025']!r}")
    vuln = os.path.join(d, "vulnerable", fname)
    if not os.path.isfile(vuln):
        err(f"missing vulnerable/{fname}")
        return meta
    vtext = read(vuln)
    vlines = vtext.split("\n")
    if vtext.endswith("\n"):
        vlines = vlines[:-1]
    lines = meta["lines"]
    if not isinstance(lines, list) or not lines or not all(isinstance(n, int) for n in lines):
        err("lines must be a non-empty list of integers")
    else:
        if len(set(lines)) != len(lines):
            err("duplicate entries in lines")
        for n in lines:
            if n < 1 or n > len(vlines):
                err(f"line {n} out of range (file has {len(vlines)} lines)")
            elif not vlines[n - 1].strip():
                err(f"line {n} is blank")
    if os.path.isfile(fixed) and read(fixed) == vtext:
        err("vulnerable and fixed versions are identical")
    for sub in ("vulnerable", "fixed"):
        p = os.path.join(d, sub, fname)
        if os.path.isfile(p):
            n = len(read(p).splitlines())
            if not 15 <= n <= 100:
                err(f"{sub}/{fname} has {n} lines (expected a small program)")
    return meta


def table(metas):
    real = [m for m in metas if not m.get("trap")]
    traps = [m for m in metas if m.get("trap")]
    langs = ["c", "python", "javascript", "java"]
    out = ["| Language | Cases | Traps | CWEs (cases) |", "|---|---|---|---|"]
    for lang in langs:
        cw = Counter(m["cwe"] for m in real if m["language"] == lang)
        cwes = ", ".join(f"{c} ({n})" for c, n in sorted(cw.items(), key=lambda kv: int(kv[0][4:])))
        nt = sum(1 for m in traps if m["language"] == lang)
        out.append(f"| {lang} | {sum(cw.values())} | {nt} | {cwes} |")
    out.append(f"| **total** | **{len(real)}** | **{len(traps)}** | {len({m['cwe'] for m in real})} distinct CWEs |")
    return "\n".join(out)


def main():
    global CASES, MIN_CASES, MIN_TRAPS
    args = sys.argv[1:]
    for flag in ("--dir", "--min-cases", "--min-traps"):
        if flag in args:
            value = args[args.index(flag) + 1]
            if flag == "--dir":
                CASES = os.path.join(os.path.abspath(value), "cases")
            elif flag == "--min-cases":
                MIN_CASES = int(value)
            else:
                MIN_TRAPS = int(value)
    errors = []
    metas = []
    if not os.path.isdir(CASES):
        print("no cases/ directory", file=sys.stderr)
        return 1
    for name in sorted(os.listdir(CASES)):
        if os.path.isdir(os.path.join(CASES, name)):
            m = check_case(name, errors)
            if m is not None:
                metas.append(m)
    real = [m for m in metas if not m.get("trap")]
    traps = [m for m in metas if m.get("trap")]
    if len(real) < MIN_CASES:
        errors.append(f"only {len(real)} non-trap cases, need >= {MIN_CASES}")
    if len(traps) < MIN_TRAPS:
        errors.append(f"only {len(traps)} trap cases, need >= {MIN_TRAPS}")
    if "--table" in sys.argv:
        print(table(metas))
    if errors:
        for e in errors:
            print("FAIL", e)
        print(f"{len(errors)} problem(s)")
        return 1
    per_lang = Counter(m["language"] for m in real)
    print(f"OK: {len(real)} cases ({', '.join(f'{k} {v}' for k, v in sorted(per_lang.items()))}), {len(traps)} traps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
