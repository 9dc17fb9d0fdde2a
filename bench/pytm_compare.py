#!/usr/bin/env python3
"""Quarry's threat catalog against pytm's rule set, on the three sample system models.

Runs the pytm mirrors in bench/pytm/ (pytm from a checkout: $PYTM_SRC, default /tmp/pytm-src;
pytm is not a dependency of Quarry) and `quarry threat-model check SAMPLE --format json` on
samples/threat-models/{rag-chatbot,coding-agent,quarry}.yml, and prints Markdown tables:
findings per STRIDE category, per area, distinct rules and threats that fired, findings on LLM
and agent components, OWASP Top 10 for LLM Applications 2025 categories covered, and how many
findings would also appear with every attribute and control left at its default.

Usage: python3 bench/pytm_compare.py [--quarry BIN] [--catalog DIR] [--today YYYY-MM-DD]
                                     [--details] [--json OUT]
Needs python3 with pydantic (for pytm) and PyYAML (to read the samples' component kinds).
Results and discussion: docs/threat-model-vs-pytm.md.

What is counted: a finding is one (rule or threat, target) pair. pytm: one entry of
TM.findings; Quarry: one entry of the check's "threats" list (every applicable threat on every
component or flow, whatever its status). Decisions do not matter: the samples have none.

STRIDE of a pytm rule: pytm's rules carry no STRIDE field; PYTM_STRIDE below is our own
assignment, one letter per rule.

Area of a pytm rule: by its id prefix (PYTM_AREA_BY_PREFIX), except the rules in
PYTM_AREA_EXCEPTIONS, whose prefix group holds a rule about something else (CR03 is password
guessing, DE01 interception, DE04 audit log tampering...). pytm's SC prefix is scripting
(cross-site scripting and JSON hijacking), not supply chain.

Area of a Quarry threat: TM-LLM and TM-AGT -> LLM/agent-specific; TM-SUP -> supply chain. Any
other prefix (TM-WEB, TM-PLT): a Spoofing, Tampering or Information Disclosure threat with a
transport or encryption CWE (QUARRY_CRYPTO_CWES) -> crypto/transport; one with a third-party
component CWE (QUARRY_SUPPLY_CWES) -> supply chain; otherwise by STRIDE: Tampering ->
injection/input, Spoofing and Elevation of Privilege -> access control & auth, Information
Disclosure -> data exposure, Denial of Service -> availability, Repudiation ->
logging/repudiation.

"Fires at defaults": a pytm finding whose rule also fires on a blank element of the same pytm
class (every attribute and control at pytm's default, no data, no flows); a Quarry finding whose
threat also applies to the same target in a bare copy of the sample (the same component ids,
kinds and flow ends, every other attribute dropped, no boundaries or assets).
"""
import argparse
import collections
import datetime
import json
import os
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    sys.exit("pytm_compare.py needs PyYAML (pip install pyyaml)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = [
    ("rag-chatbot", "samples/threat-models/rag-chatbot.yml", "bench/pytm/rag_chatbot.py"),
    ("coding-agent", "samples/threat-models/coding-agent.yml", "bench/pytm/coding_agent.py"),
    ("quarry", "samples/threat-models/quarry.yml", "bench/pytm/quarry.py"),
]

STRIDE = ["S", "T", "R", "I", "D", "E"]
STRIDE_LETTER = {"Spoofing": "S", "Tampering": "T", "Repudiation": "R",
                 "Information Disclosure": "I", "Denial of Service": "D",
                 "Elevation of Privilege": "E"}

# Our STRIDE assignment for each pytm rule (pytm HEAD 86ccaa86, threatlib/threats.json).
PYTM_STRIDE = {
    "INP01": "T", "INP02": "T", "INP03": "T", "CR01": "S", "INP04": "T", "CR02": "I",
    "INP05": "E", "INP06": "T", "SC01": "I", "LB01": "T", "AA01": "S", "DS01": "I", "DE01": "I",
    "DE02": "T", "API01": "E", "AC01": "E", "INP07": "T", "AC02": "T", "DO01": "D", "HA01": "I",
    "AC03": "E", "DO02": "D", "DS02": "I", "INP08": "T", "INP09": "T", "INP10": "T", "INP11": "I",
    "INP12": "T", "AC04": "T", "DO03": "D", "AC05": "S", "INP13": "T", "INP14": "T", "DE03": "I",
    "CR03": "S", "API02": "T", "HA02": "I", "DS03": "I", "AC06": "E", "HA03": "I", "SC02": "T",
    "AC07": "E", "INP15": "T", "HA04": "I", "SC03": "T", "INP16": "E", "AA02": "S", "CR04": "S",
    "DO04": "D", "DS04": "T", "SC04": "T", "CR05": "I", "AC08": "T", "DS05": "I", "SC05": "T",
    "INP17": "T", "AA03": "S", "AC09": "E", "INP18": "I", "CR06": "T", "AC10": "I", "CR07": "T",
    "AA04": "T", "CR08": "T", "INP19": "D", "INP20": "T", "AC11": "S", "INP21": "T", "INP22": "D",
    "INP23": "T", "DO05": "D", "AC12": "E", "AC13": "E", "AC14": "E", "INP24": "T", "INP25": "T",
    "INP26": "T", "INP27": "T", "INP28": "T", "INP29": "T", "INP30": "T", "INP31": "T",
    "INP32": "T", "INP33": "T", "INP34": "T", "INP35": "T", "DE04": "R", "AC15": "T",
    "INP36": "T", "INP37": "T", "INP38": "T", "AC16": "S", "INP39": "T", "INP40": "T",
    "AC17": "S", "AC18": "S", "INP41": "T", "AC19": "S", "AC20": "S", "AC21": "S", "DS06": "I",
    "DR01": "I", "AC22": "I", "AC23": "I", "AC24": "I", "LLM01": "T", "LLM02": "T", "LLM03": "I",
    "LLM04": "T", "LLM05": "E", "LLM06": "E", "LLM07": "E", "LLM08": "I", "LLM09": "E",
}

AREAS = [("llm", "LLM/agent-specific"), ("inj", "injection/input"),
         ("auth", "access control & auth"), ("crypto", "crypto/transport"),
         ("exposure", "data exposure"), ("avail", "availability"),
         ("log", "logging/repudiation"), ("supply", "supply chain")]

PYTM_AREA_BY_PREFIX = {"LLM": "llm", "INP": "inj", "SC": "inj", "LB": "inj", "AA": "auth",
                       "AC": "auth", "API": "auth", "CR": "crypto", "DE": "exposure",
                       "DS": "exposure", "DR": "exposure", "HA": "exposure", "DO": "avail"}
PYTM_AREA_EXCEPTIONS = {
    "CR02": "inj",      # cross-site tracing: script injection that reads cookies
    "CR03": "auth",     # dictionary password attack
    "CR04": "auth",     # session credential forging
    "DE01": "crypto",   # interception of a flow
    "DE02": "inj",      # double encoding past input filters
    "DE03": "crypto",   # sniffing
    "DE04": "log",      # audit log manipulation
    "AC05": "crypto",   # content spoofing on an unencrypted or unauthenticated channel
    "AC10": "crypto",   # badly configured TLS
}

# Our mapping of pytm's LLM rules to OWASP Top 10 for LLM Applications 2025 categories.
PYTM_OWASP_LLM = {"LLM01": ["LLM01"], "LLM02": ["LLM01", "LLM08"], "LLM03": ["LLM02"],
                  "LLM04": ["LLM04"], "LLM05": ["LLM06"], "LLM06": ["LLM05", "LLM06"],
                  "LLM07": ["LLM01"], "LLM08": ["LLM02"], "LLM09": ["LLM03", "LLM06"]}

QUARRY_CRYPTO_CWES = {"CWE-5", "CWE-295", "CWE-296", "CWE-297", "CWE-299", "CWE-300",
                      "CWE-311", "CWE-319", "CWE-326", "CWE-327", "CWE-328", "CWE-523",
                      "CWE-757", "CWE-924"}
QUARRY_SUPPLY_CWES = {"CWE-494", "CWE-829", "CWE-1104", "CWE-1357"}

LLM_AGENT_KINDS = {"llm", "agent", "orchestrator"}


def pytm_area(sid):
    if sid in PYTM_AREA_EXCEPTIONS:
        return PYTM_AREA_EXCEPTIONS[sid]
    prefix = sid.rstrip("0123456789")
    return PYTM_AREA_BY_PREFIX.get(prefix, "other")


def quarry_area(threat):
    tid = threat["id"]
    stride = STRIDE_LETTER.get(threat["stride"], threat["stride"][:1])
    if tid.startswith(("TM-LLM-", "TM-AGT-")):
        return "llm"
    if tid.startswith("TM-SUP-"):
        return "supply"
    cwes = set(threat.get("cwe") or [])
    if stride in ("S", "T", "I") and cwes & QUARRY_CRYPTO_CWES:
        return "crypto"
    if cwes & QUARRY_SUPPLY_CWES:
        return "supply"
    return {"T": "inj", "S": "auth", "E": "auth", "I": "exposure", "D": "avail",
            "R": "log"}[stride]


# --- running the tools ------------------------------------------------------------------------
def run_pytm(script, pytm_src, as_shipped=False):
    env = dict(os.environ, PYTM_SRC=pytm_src)
    cmd = [sys.executable, os.path.join(ROOT, script)] + (["--as-shipped"] if as_shipped else [])
    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{script} failed ({out.returncode}):\n{out.stderr}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def run_quarry(quarry, model, catalog, today):
    cmd = [quarry, "threat-model", "check", model, "--format", "json"]
    if catalog:
        cmd += ["--catalog", catalog]
    if today:
        cmd += ["--today", today]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if out.returncode not in (0, 1, 3):
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr}")
    result = json.loads(out.stdout)
    result["_rc"] = out.returncode
    return result


def load_model(path):
    with open(os.path.join(ROOT, path)) as f:
        return yaml.safe_load(f)


def bare_copy(model):
    """The sample with ids, kinds and flow ends only."""
    return {
        "quarry_threat_model": 1,
        "system": {"name": "bare copy"},
        "components": [{"id": c["id"], "kind": c["kind"]} for c in model["components"]],
        "flows": [{k: f[k] for k in ("id", "from", "to") if k in f} for f in model["flows"]],
    }


def pytm_blank_rules(pytm_src):
    """(rule id, pytm class) pairs whose rule fires on a blank element of that class."""
    code = r"""
import json, sys
from pytm import (TM, Actor, Agent, Dataflow, Datastore, ExternalEntity, Lambda, LLM, Process,
                  Server)
TM.reset()
tm = TM("blank", "blank elements")
blank = [Server("s"), Process("p"), Lambda("l"), Datastore("d"), ExternalEntity("e"),
         Actor("a"), LLM("m"), Agent("g")]
blank.append(Dataflow(Actor("a2"), Server("s2"), "f"))
pairs = [[t.id, type(e).__name__] for e in blank for t in TM._threats if t.apply(e)]
print(json.dumps(pairs))
"""
    env = dict(os.environ, PYTHONPATH=pytm_src)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"pytm blank-element probe failed:\n{out.stderr}")
    return {tuple(p) for p in json.loads(out.stdout)}


def pytm_info(pytm_src):
    path = os.path.join(pytm_src, "pytm", "threatlib", "threats.json")
    with open(path, encoding="utf8") as f:
        rules = json.load(f)
    active = [r for r in rules if "DEPRECATED" not in r]
    version = "?"
    try:
        with open(os.path.join(pytm_src, "pyproject.toml")) as f:
            for line in f:
                if line.startswith("version"):
                    version = line.split("=", 1)[1].strip().strip('"')
                    break
    except OSError:
        pass
    commit = None
    head = os.path.join(pytm_src, ".git", "HEAD")
    if os.path.exists(head):            # read the checkout's HEAD without running git
        ref = open(head).read().strip()
        if ref.startswith("ref: "):
            ref_path = os.path.join(pytm_src, ".git", ref[5:])
            if os.path.exists(ref_path):
                commit = open(ref_path).read().strip()
            else:
                packed = os.path.join(pytm_src, ".git", "packed-refs")
                if os.path.exists(packed):
                    for line in open(packed):
                        if line.strip().endswith(ref[5:]):
                            commit = line.split()[0]
        else:
            commit = ref
    return {"rules": len(rules), "active": len(active), "version": version, "commit": commit,
            "deprecated": [r["SID"] for r in rules if "DEPRECATED" in r]}


# --- measuring ----------------------------------------------------------------------------------
def measure(name, model_path, script, args, blank_rules):
    model = load_model(model_path)
    kinds = {c["id"]: c["kind"] for c in model["components"]}

    pytm = run_pytm(script, args.pytm_src)
    pytm_shipped = run_pytm(script, args.pytm_src, as_shipped=True)
    q = run_quarry(args.quarry, model_path, args.catalog, args.today)
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
        yaml.safe_dump(bare_copy(model), f, sort_keys=False)
        bare_path = f.name
    try:
        qb = run_quarry(args.quarry, bare_path, args.catalog, args.today)
    finally:
        os.unlink(bare_path)

    def target(t):
        return ("component", t["component"]) if "component" in t else ("flow", t.get("flow"))

    bare_pairs = {(t["id"], target(t)) for t in qb["threats"]}
    qt = q["threats"]

    p = {
        "findings": len(pytm),
        "as_shipped": len(pytm_shipped),
        "stride": collections.Counter(PYTM_STRIDE.get(r["sid"], "?") for r in pytm),
        "area": collections.Counter(pytm_area(r["sid"]) for r in pytm),
        "distinct": sorted({r["sid"] for r in pytm}),
        "on_llm_agent": sum(1 for r in pytm if r["kind"] in LLM_AGENT_KINDS),
        "on_flows": sum(1 for r in pytm if r["kind"] == "flow"),
        "at_defaults": sum(1 for r in pytm if (r["sid"], r["element"]) in blank_rules),
        "per_rule": collections.Counter(r["sid"] for r in pytm),
        "owasp_llm": sorted({c for r in pytm for c in PYTM_OWASP_LLM.get(r["sid"], [])}),
    }
    qq = {
        "findings": len(qt),
        "stride": collections.Counter(STRIDE_LETTER[t["stride"]] for t in qt),
        "area": collections.Counter(quarry_area(t) for t in qt),
        "distinct": sorted({t["id"] for t in qt}),
        "on_llm_agent": sum(1 for t in qt if "component" in t
                            and kinds.get(t["component"]) in LLM_AGENT_KINDS),
        "on_flows": sum(1 for t in qt if "flow" in t),
        "at_defaults": sum(1 for t in qt if (t["id"], target(t)) in bare_pairs),
        "per_rule": collections.Counter(t["id"] for t in qt),
        "owasp_llm": sorted({c.split(":")[0] for t in qt for c in t.get("owasp_llm") or []}),
        "open_high": q["counts"].get("open_high"),
        "catalog": q["catalog"],
        "rc": q["_rc"],
        "bare_rc": qb["_rc"],
    }
    return {"name": name, "model": model_path, "components": len(model["components"]),
            "flows": len(model["flows"]), "pytm": p, "quarry": qq}


def table(header, rows):
    numeric = [all(isinstance(row[i], int) for row in rows) for i in range(len(header))]
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def pct(part, whole):
    return f"{part} ({100 * part / whole:.0f}%)" if whole else "0"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quarry", default=os.environ.get(
        "QUARRY", os.path.join(ROOT, "build/release/bin/quarry")))
    ap.add_argument("--pytm-src", default=os.environ.get("PYTM_SRC", "/tmp/pytm-src"))
    ap.add_argument("--catalog", help="pass --catalog DIR to quarry (default: built-in catalog)")
    ap.add_argument("--today", help="pass --today to quarry")
    ap.add_argument("--details", action="store_true", help="also list every rule and threat")
    ap.add_argument("--json", help="also write the numbers to this file")
    args = ap.parse_args()

    info = pytm_info(args.pytm_src)
    blank_rules = pytm_blank_rules(args.pytm_src)
    results = [measure(n, m, s, args, blank_rules) for n, m, s in SAMPLES]
    cat = results[0]["quarry"]["catalog"]

    where = ("commit " + info["commit"][:12] if info["commit"]
             else "no .git in " + args.pytm_src)
    print(f"Measured {datetime.date.today().isoformat()}. pytm {info['version']} ({where}),"
          f" {info['active']} active rules ({info['rules']} in threats.json, deprecated: "
          f"{', '.join(info['deprecated']) or 'none'}). Quarry catalog: {cat['threats']} threats "
          f"in {', '.join(cat['files'])}.")
    for r in results:
        q = r["quarry"]
        if q["rc"] == 3 or q["bare_rc"] == 3:
            print(f"\nWARNING: quarry exit 3 on {r['name']}: the description or the catalog did "
                  "not fully read; numbers may be partial.")
    print()

    print("### (a) Findings per STRIDE category\n")
    rows = []
    for r in results:
        for tool in ("pytm", "quarry"):
            m = r[tool]
            rows.append([r["name"], "pytm" if tool == "pytm" else "Quarry", m["findings"]]
                        + [m["stride"].get(s, 0) for s in STRIDE])
    print(table(["sample", "tool", "findings"] + STRIDE, rows))
    print()

    print("### (b) Findings per area\n")
    rows = []
    for r in results:
        for tool in ("pytm", "quarry"):
            m = r[tool]
            rows.append([r["name"], "pytm" if tool == "pytm" else "Quarry"]
                        + [m["area"].get(a, 0) for a, _ in AREAS])
    print(table(["sample", "tool"] + [label for _, label in AREAS], rows))
    print()

    print("### (c) Distinct rules or threats, LLM/agent components, defaults\n")
    rows = []
    for r in results:
        for tool in ("pytm", "quarry"):
            m = r[tool]
            size = info["active"] if tool == "pytm" else cat["threats"]
            rows.append([r["name"], "pytm" if tool == "pytm" else "Quarry",
                         f"{len(m['distinct'])} of {size}", m["findings"], m["on_flows"],
                         m["on_llm_agent"], m["area"].get("llm", 0),
                         pct(m["at_defaults"], m["findings"])])
    print(table(["sample", "tool", "distinct fired", "findings", "on flows",
                 "on LLM/agent components", "LLM/agent-specific findings",
                 "fire at defaults"], rows))
    print()

    print("### (d) OWASP Top 10 for LLM Applications 2025 categories covered\n")
    rows = []
    for r in results:
        for tool in ("pytm", "quarry"):
            m = r[tool]
            rows.append([r["name"], "pytm" if tool == "pytm" else "Quarry", len(m["owasp_llm"]),
                         ", ".join(m["owasp_llm"]) or "none"])
    print(table(["sample", "tool", "categories", "which"], rows))
    print()

    print("### (e) pytm flow facts: re-asserted after TM.check() (default) or as shipped\n")
    rows = [[r["name"], "pytm", r["pytm"]["findings"], r["pytm"]["as_shipped"]] for r in results]
    print(table(["sample", "tool", "flow facts re-asserted", "as shipped"], rows))

    if args.details:
        for r in results:
            for tool in ("pytm", "quarry"):
                m = r[tool]
                print(f"\n{r['name']} {tool}: " + ", ".join(
                    f"{k} {v}" for k, v in sorted(m["per_rule"].items())))

    if args.json:
        def plain(o):
            if isinstance(o, collections.Counter):
                return dict(o)
            raise TypeError(type(o))
        with open(args.json, "w") as f:
            json.dump({"pytm": info, "results": results}, f, indent=1, default=plain)


if __name__ == "__main__":
    main()
