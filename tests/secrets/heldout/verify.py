#!/usr/bin/env python3
"""Self-check of the held-out secret set: expected.yml against files/.

Checks that every expected line exists and carries its planted value (secret_prefix for positives,
`contains` for negatives; PEM positives must begin on that line), that no file/line is listed
twice, that every GitHub classic (ghp_/gho_/ghu_/ghs_/ghr_) and npm token in files/ has a valid
CRC32 checksum except the negatives planted with a wrong one, that the base64 Kubernetes values
decode, and that the structured files parse. Runs no scanner. Exit status 0 when all checks pass.
"""
import base64, json, os, re, string, sys, zlib
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
TOKEN = re.compile(r"\b((?:gh[pousr]|npm)_)([A-Za-z0-9]{36})(?![A-Za-z0-9])")
errors = []


def err(msg):
    errors.append(msg)


def load_expected():
    path = os.path.join(HERE, "expected.yml")
    try:
        import yaml
        with open(path) as fh:
            return yaml.safe_load(fh)
    except ImportError:
        data, section = {"positives": [], "negatives": []}, None
        field = re.compile(r'(\w+): ("(?:[^"\\]|\\.)*"|[^,}]+)')
        for raw in open(path):
            if raw.startswith(("positives:", "negatives:")):
                section = raw.split(":")[0]
            elif raw.strip().startswith("- {"):
                entry = {}
                for k, v in field.findall(raw):
                    v = v.strip()
                    entry[k] = json.loads(v) if v.startswith('"') else (int(v) if v.isdigit() else v)
                data[section].append(entry)
        return data


def b62(n):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(6, "0")


def checksum_ok(body36):
    return b62(zlib.crc32(body36[:30].encode()) & 0xFFFFFFFF) == body36[30:]


def main():
    exp = load_expected()
    cache = {}

    def line_of(f, n):
        if f not in cache:
            p = os.path.join(FILES, f)
            if not os.path.isfile(p):
                err(f"missing file {f}")
                cache[f] = []
            else:
                with open(p, encoding="utf-8") as fh:
                    cache[f] = fh.read().split("\n")
        lines = cache[f]
        if not 1 <= n <= len(lines):
            err(f"{f}:{n} out of range")
            return ""
        return lines[n - 1]

    seen = {}
    for kind in ("positives", "negatives"):
        for e in exp[kind]:
            key = (e["file"], e["line"])
            if key in seen:
                err(f"{key} listed twice ({seen[key]} and {kind})")
            seen[key] = kind
            text = line_of(e["file"], e["line"])
            if kind == "positives":
                pre = e["secret_prefix"]
                if len(pre) != 8:
                    err(f"{key}: secret_prefix not 8 chars")
                if pre not in text:
                    err(f"{key}: secret_prefix {pre!r} not on the line")
                if pre.startswith("-----"):
                    if not re.search(r"-----BEGIN [A-Z ]*PRIVATE KEY[A-Z ]*-----", text):
                        err(f"{key}: PEM positive does not begin on this line")
                if e["why"].startswith("base64") and ": " in text:
                    val = text.split(": ", 1)[1].strip().strip('",')
                    try:
                        dec = base64.b64decode(val, validate=True).decode("ascii")
                        if not dec.isprintable() or len(dec) < 16:
                            err(f"{key}: base64 value decodes to something odd")
                    except Exception as ex:
                        err(f"{key}: base64 value does not decode: {ex}")
            else:
                if e["contains"] not in text:
                    err(f"{key}: contains {e['contains']!r} not on the line")

    # checksummed tokens anywhere in files/
    neg_why = {(e["file"], e["line"]): e["why"] for e in exp["negatives"]}
    pos_fam = {(e["file"], e["line"]): e["family"] for e in exp["positives"]}
    counts = {"valid": 0, "invalid-as-planted": 0}
    for root, _, names in os.walk(FILES):
        for name in names:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, FILES)
            with open(p, encoding="utf-8") as fh:
                for i, text in enumerate(fh.read().split("\n"), 1):
                    for m in TOKEN.finditer(text):
                        ok = checksum_ok(m.group(2))
                        why = neg_why.get((rel, i), "")
                        # on a negative line a token must fail its checksum unless the line is allow-marked
                        expect_bad = bool(why) and "allow" not in why
                        if ok and expect_bad:
                            err(f"{rel}:{i}: token planted with a wrong checksum validates")
                        elif not ok and not expect_bad:
                            err(f"{rel}:{i}: token {m.group(1)}... has an invalid checksum")
                        else:
                            counts["invalid-as-planted" if expect_bad else "valid"] += 1
                        if ok and (rel, i) not in pos_fam and "allow" not in why:
                            err(f"{rel}:{i}: valid token not listed as a positive")
    for (f, n), fam in pos_fam.items():
        if fam in ("github-pat", "npm-token"):
            text = line_of(f, n)
            if not any(checksum_ok(m.group(2)) for m in TOKEN.finditer(text)):
                err(f"{f}:{n}: {fam} positive has no valid checksummed token")

    # structured files parse
    for root, _, names in os.walk(FILES):
        for name in names:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, FILES)
            try:
                if name.endswith((".json", ".ipynb")):
                    json.load(open(p))
                elif name.endswith((".xml", ".config")):
                    ET.parse(p)
                elif name.endswith(".toml") or name == "poetry.lock":
                    import tomllib
                    tomllib.load(open(p, "rb"))
                elif name.endswith((".yml", ".yaml")):
                    try:
                        import yaml
                    except ImportError:
                        continue
                    list(yaml.safe_load_all(open(p)))
            except Exception as ex:
                err(f"{rel}: does not parse: {ex}")

    n_files = sum(len(n) for _, _, n in os.walk(FILES))
    fams = sorted({e["family"] for e in exp["positives"]})
    print(f"files {n_files}, positives {len(exp['positives'])}, negatives {len(exp['negatives'])}, "
          f"families {len(fams)}; checksummed tokens: {counts['valid']} valid, "
          f"{counts['invalid-as-planted']} invalid as planted")
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
