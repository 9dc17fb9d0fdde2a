#!/usr/bin/env python3
"""Builds a JSON-lines benchmark input of N events by replicating the shared corpus's events
(OTRF Windows JSON lines and the Sigma regression samples) with timestamps shifted one day per
replica, so every event is distinct and time ranges grow with N. The corpus stays in
../shared; only the generated file (bench/data, git-ignored) holds copies."""
import argparse, datetime, glob, json, os, re, sys

TIME_KEYS = ("TimeCreated", "@timestamp", "EventTime", "UtcTime", "EventReceivedTime", "TimeGenerated")
STAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def load_events(corpora):
    events = []
    for path in sorted(glob.glob(os.path.join(corpora, "json/otrf-security-datasets/datasets/atomic/windows/**/*.json"), recursive=True)):
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.strip()
                if line:
                    events.append(json.loads(line))
    decoder = json.JSONDecoder()
    for path in sorted(glob.glob(os.path.join(corpora, "sigma-regression/**/*.json"), recursive=True)):
        text = open(path, encoding="utf-8", errors="replace").read()
        i = 0
        while i < len(text):
            while i < len(text) and text[i].isspace():
                i += 1
            if i >= len(text):
                break
            obj, i = decoder.raw_decode(text, i)
            events.append(obj)
    return events


def shift(value, days):
    m = STAMP.match(value) if isinstance(value, str) else None
    if not m:
        return value
    d = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) + datetime.timedelta(days=days)
    return d.isoformat() + value[10:]


def shifted_lines(event, days):
    e = dict(event)
    for k in TIME_KEYS:
        if k in e:
            e[k] = shift(e[k], days)
    if "Event" in e:  # evtx_dump layout
        st = e["Event"].get("System", {}).get("TimeCreated", {}).get("#attributes", {})
        if "SystemTime" in st:
            ev = json.loads(json.dumps(e))
            ev["Event"]["System"]["TimeCreated"]["#attributes"]["SystemTime"] = shift(st["SystemTime"], days)
            e = ev
    return json.dumps(e, separators=(",", ":"))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--corpora", default=os.environ.get("QUARRY_CORPORA", os.path.join(os.path.dirname(__file__), "../../shared/corpora")))
    args = ap.parse_args()
    events = load_events(args.corpora)
    if not events:
        sys.exit("no corpus events found under " + args.corpora)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    written = 0
    with open(args.out, "w", encoding="utf-8") as out:
        replica = 0
        while written < args.events:
            for e in events:
                if written >= args.events:
                    break
                out.write(shifted_lines(e, replica) + "\n")
                written += 1
            replica += 1
    print(f"{args.out}: {written} events from {len(events)} corpus events x {replica} replicas", file=sys.stderr)


if __name__ == "__main__":
    main()
