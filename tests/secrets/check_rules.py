#!/usr/bin/env python3
"""Checks rules/secrets/*.toml with Python's re as a stand-in for the C++ scanner, for rule
authors: ids, regex syntax RE2 accepts (no look-around or back-references), every example in every
context the harness wraps it in, every counter-example (its own rule must not report it) and every
negative line (no rule may report it). The C++ test harness is the judge;
this script is for writing rules before it exists and for quick edits.
Usage: check_rules.py [RULES_DIR]"""
import base64, binascii, json, math, pathlib, re, sys, tomllib

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b62(n, width):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def valid(name, secret):
    if name == "github-crc32":
        body = secret.split("_", 1)[1] if "_" in secret else secret
        return len(body) >= 7 and b62(binascii.crc32(body[:-6].encode()), 6) == body[-6:]
    if name == "jwt":
        parts = secret.split(".")
        try:
            head = json.loads(base64.urlsafe_b64decode(parts[0] + "=="))
            json.loads(base64.urlsafe_b64decode(parts[1] + "=="))
            return len(parts) == 3 and "alg" in head
        except Exception:
            return False
    if name == "pem-private-key":
        m = re.search(r"-----BEGIN ([A-Z ]*)PRIVATE KEY-----(.*?)-----END \1PRIVATE KEY-----", secret, re.S)
        return bool(m) and re.fullmatch(r"[A-Za-z0-9+/=\s:,\-A-Z]*", m.group(2)) is not None
    if name == "aws-access-key-id":
        return re.fullmatch(r"(AKIA|ASIA|ABIA|ACCA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z2-7]{16}", secret) is not None
    raise ValueError(f"unknown validator {name}")


def entropy(s):
    return -sum(s.count(c) / len(s) * math.log2(s.count(c) / len(s)) for c in set(s)) if s else 0


CONTEXTS = ["TOKEN={}", 'TOKEN="{}"', "token = {}", "token: {}", 'token: "{}"', '{{"token": "{}"}}',
            "<token>{}</token>", 'token = "{}"', 'api_token = "{}"  # python', "const token = '{}';",
            'token := "{}"', 'String token = "{}";', 'var token = @"{}";', "export TOKEN='{}'",
            "https://api.example.net/v1?token={}&x=1", "curl -H 'Authorization: Bearer {}' https://x",
            '{{"config": "{{\\"token\\": \\"{}\\"}}"}}']


def scan(rules, line, path="file.txt"):
    found = []
    low = line.lower()
    for r in rules:
        if r.get("keywords") and not any(k in low for k in r["keywords"]):
            continue
        for m in r["_re"].finditer(line):
            secret = m.group(r.get("secret_group", 0))
            if secret is None or ("entropy" in r and entropy(secret) < r["entropy"]):
                continue
            if "validator" in r and not valid(r["validator"], secret):
                continue
            al = r.get("allowlist", {})
            if any(re.search(x, secret) for x in al.get("secrets", [])) or \
               any(re.search(x, m.group(0)) for x in al.get("matches", [])) or \
               any(re.search(x, line) for x in al.get("lines", [])) or \
               any(re.search(x, path) for x in al.get("paths", [])) or \
               any(w in secret.lower() for w in al.get("stopwords", [])):
                continue
            if re.search(r"(quarry|gitleaks):allow", line):
                continue
            found.append((r["id"], secret))
    return found


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[2] / "rules/secrets")
    rules, errors, ids = [], [], set()
    for f in sorted(root.glob("*.toml")):
        for r in tomllib.load(open(f, "rb")).get("rule", []):
            r["_file"] = f.name
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", r.get("id", "")) or r["id"] in ids:
                errors.append(f"{f.name}: bad or duplicate id {r.get('id')!r}")
            ids.add(r.get("id"))
            if re.search(r"\(\?[=!<]|\\[1-9]", r["regex"]):
                errors.append(f"{r['id']}: look-around or back-reference (RE2 has neither)")
            if any(k != k.lower() for k in r.get("keywords", [])):
                errors.append(f"{r['id']}: keywords must be lower-case")
            r["_re"] = re.compile(r["regex"])
            ex = r.get("examples", {})
            if not (ex.get("secrets") or ex.get("lines")) or not (ex.get("not_secrets") or ex.get("not_lines")):
                errors.append(f"{r['id']}: needs positive and negative examples")
            rules.append(r)
    vectors = 0
    for r in rules:
        ex = r.get("examples", {})
        for s in ex.get("secrets", []):
            for c in CONTEXTS:
                vectors += 1
                if (r["id"], s) not in scan(rules, c.format(s)):
                    errors.append(f"{r['id']}: missed {s[:12]}… in {c!r}")
        for line in ex.get("lines", []):
            vectors += 1
            if not any(i == r["id"] for i, _ in scan(rules, line)):
                errors.append(f"{r['id']}: missed line {line[:60]!r}")
        # A counter-example is a value this rule must not report; another rule may (a GitHub-shaped
        # token with a bad checksum after "Bearer" is still a bearer token). Whole negative lines
        # must get no finding from any rule.
        for s in ex.get("not_secrets", []):
            for c in CONTEXTS:
                vectors += 1
                own = [f for f in scan(rules, c.format(s)) if f[0] == r["id"]]
                if own:
                    errors.append(f"{r['id']}: false hit {own} in {c.format(s)[:70]!r}")
        for line in ex.get("not_lines", []):
            vectors += 1
            if scan(rules, line):
                errors.append(f"{r['id']}: false hit {scan(rules, line)} on {line[:70]!r}")
    print("\n".join(errors))
    print(f"{len(rules)} rules, {vectors} vectors, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
