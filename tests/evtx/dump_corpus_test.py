#!/usr/bin/env python3
"""`quarry dump` over the shared corpus.

1. Every Sigma regression sample that has both an .evtx and the evtx_dump JSON made from it:
   our JSON lines must equal that JSON, record for record (parsed, so key order is free).
2. Every EVTX file under corpora/evtx: no crash (exit 0, or 3 when records were lost), and at
   least as many records as libevtx's evtxexport gave (files.tsv, events_evtxexport).
Skipped with a notice when the corpus is absent.
"""
import csv, json, os, subprocess, sys

quarry, corpora = sys.argv[1], os.environ.get("QUARRY_CORPORA") or sys.argv[2]
if not os.path.isdir(corpora):
    print(f"NOTICE: corpus not found at {corpora}; EVTX corpus test skipped")
    sys.exit(0)

# Samples whose JSON was edited by hand after export (the .evtx says otherwise).
HAND_EDITED = {
    "ad691d92-15f2-4181-9aa4-723c74f9ddc3.json": "ParentCommandLine case changed (Explorer.EXE)",
}

def dump(path):
    p = subprocess.run([quarry, "dump", path], capture_output=True, text=True, errors="replace")
    if p.returncode not in (0, 3):
        raise SystemExit(f"FAIL: quarry dump exited {p.returncode} on {path}\n{p.stderr[-2000:]}")
    return p

def concatenated_json(path):
    text = open(path, encoding="utf-8").read()
    dec, i, out = json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        obj, i = dec.raw_decode(text, i)
        out.append(obj)

failures, pairs = [], 0
for d, _, files in sorted(os.walk(os.path.join(corpora, "sigma-regression"))):
    for f in sorted(files):
        if not f.endswith(".evtx") or not os.path.exists(os.path.join(d, f[:-5] + ".json")):
            continue
        pairs += 1
        if f[:-5] + ".json" in HAND_EDITED:
            continue
        ours = [json.loads(l) for l in dump(os.path.join(d, f)).stdout.splitlines() if l.strip()]
        theirs = concatenated_json(os.path.join(d, f[:-5] + ".json"))
        if ours != theirs:
            failures.append(f"{os.path.join(d, f)}: differs from its evtx_dump JSON")

expected = {}
tsv = os.path.join(corpora, "evtx", "files.tsv")
with open(tsv, encoding="utf-8") as fh:
    for row in csv.DictReader(fh, delimiter="\t"):
        if row.get("events_evtxexport", "").isdigit():
            expected[row["path"]] = int(row["events_evtxexport"])
files = records = 0
root = os.path.join(corpora, "evtx")
for d, _, names in sorted(os.walk(root)):
    for f in sorted(names):
        if not f.lower().endswith(".evtx"):
            continue
        path = os.path.join(d, f)
        n = sum(1 for l in dump(path).stdout.splitlines() if l.strip())
        files, records = files + 1, records + n
        want = expected.get(os.path.relpath(path, root))
        if want is not None and n < want:
            failures.append(f"{path}: {n} records, evtxexport gave {want}")

print(f"{pairs} regression pairs compared; {files} EVTX files, {records} records")
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures or pairs == 0 or files == 0 else 0)
