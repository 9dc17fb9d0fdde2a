#!/usr/bin/env python3
"""Self-check of the held-out secret set 2: expected.yml against files/.

Checks that every expected line exists and carries its planted value (secret_prefix for positives,
`contains` for negatives; PEM positives must begin on that line), that no file/line is listed
twice, that every GitHub classic (ghp_/gho_/ghu_/ghs_/ghr_) and npm token in files/ has a valid
CRC32 checksum except the negatives planted with a wrong one, that each positive line carries a
value in its family's published shape (random part free of words such as `example` or `test`),
that the base64 Kubernetes values decode, that allow-marked negatives carry their marker, that the
private keys, PuTTY key, age identity, JWT and Sentry/Grafana tokens are well formed, and that the
structured files parse. Runs no scanner. Exit status 0 when all checks pass.
"""
import base64, csv, hashlib, hmac, io, json, os, re, string, struct, sys, zlib
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
TOKEN = re.compile(r"\b((?:gh[pousr]|npm)_)([A-Za-z0-9]{36})(?![A-Za-z0-9])")
BANNED = ("example", "test", "fake", "xxx", "dummy", "sample")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
U = r"[A-Za-z0-9_-]"

# family -> (regex with group v = the random part, word that must appear in the file or None)
FORMATS = {
    "aws-access-key-id": (r"\b(?:AKIA|ASIA)(?P<v>[A-Z2-7]{16})\b", None),
    "aws-secret-access-key": (r"(?<![A-Za-z0-9/+])(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", "aws_secret_access_key|secret_key"),
    "aws-session-token": (r"FwoGZXIvYXdzE(?P<v>[A-Za-z0-9/+]{200,}=*)", "aws_session_token"),
    "github-pat": (r"\bgh[pousr]_(?P<v>[A-Za-z0-9]{36})\b", None),
    "github-fine-grained-pat": (r"\bgithub_pat_(?P<v>11[A-Z0-9]{20}_[A-Za-z0-9]{59})\b", None),
    "gitlab-pat": (rf"\bglpat-(?P<v>{U}{{20}})(?!{U})", None),
    "gitlab-deploy-token": (rf"\bgldt-(?P<v>{U}{{20}})(?!{U})", None),
    "gitlab-pipeline-trigger-token": (r"\bglptt-(?P<v>[0-9a-f]{40})\b", None),
    "atlassian-api-token": (rf"\bATATT3xFfGF0(?P<v>{U}{{171}})=[0-9A-F]{{8}}\b", None),
    "azure-devops-pat": (r"\b(?P<v>[a-z2-7]{52})\b", "azure devops|AZURE_DEVOPS"),
    "azure-ad-client-secret": (r"(?<![A-Za-z0-9_~.-])(?P<v>[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{34})(?![A-Za-z0-9_~.-])", "AZURE|AzureAd"),
    "azure-sas-token": (r"[?&]sv=\d{4}-\d\d-\d\d&.*&sig=(?P<v>[A-Za-z0-9%]{43,})", "windows.net"),
    "azure-storage-key": (r"AccountKey=(?P<v>[A-Za-z0-9+/]{86}==)", None),
    "gcp-oauth-client-secret": (rf"\bGOCSPX-(?P<v>{U}{{28}})(?!{U})", None),
    "google-api-key": (rf"\bAIza(?P<v>{U}{{35}})(?!{U})", None),
    "slack-user-token": (r"\bxoxp-\d+-\d+-\d+-(?P<v>[0-9a-f]{32})\b", None),
    "discord-webhook": (rf"discord\.com/api/webhooks/\d{{17,20}}/(?P<v>{U}{{68}})(?!{U})", None),
    "teams-webhook": (rf"\.webhook\.office\.com/webhookb2/{UUID}@{UUID}/IncomingWebhook/(?P<v>[0-9a-f]{{32}})/{UUID}", None),
    "twilio-auth-token": (r"\b(?P<v>[0-9a-f]{32})\b", "TWILIO_AUTH_TOKEN"),
    "mailgun-api-key": (r"\bkey-(?P<v>[0-9a-f]{32})\b", "mailgun"),
    "mailchimp-api-key": (r"\b(?P<v>[0-9a-f]{32})-us\d{1,2}\b", "mailchimp"),
    "stripe-secret-key": (r"\bsk_live_(?P<v>[A-Za-z0-9]{99})\b", None),
    "stripe-restricted-key": (r"\brk_live_(?P<v>[A-Za-z0-9]{99})\b", None),
    "stripe-webhook-secret": (r"\bwhsec_(?P<v>[A-Za-z0-9]{32})\b", None),
    "square-access-token": (rf"\bEAAA(?P<v>{U}{{60}})(?!{U})", "square"),
    "square-oauth-secret": (rf"\bsq0csp-(?P<v>{U}{{43}})(?!{U})", None),
    "braintree-access-token": (r"access_token\$production\$(?P<v>[a-z0-9]{16}\$[0-9a-f]{32})\b", None),
    "shopify-access-token": (r"\bshp(?:at|ca|pa)_(?P<v>[0-9a-f]{32})\b", None),
    "openai-api-key": (rf"\bsk-(?:proj|svcacct)-(?P<v>{U}{{74}}T3BlbkFJ{U}{{74}})(?!{U})", None),
    "anthropic-api-key": (rf"\bsk-ant-api03-(?P<v>{U}{{93}}AA)(?!{U})", None),
    "anthropic-admin-key": (rf"\bsk-ant-admin01-(?P<v>{U}{{93}}AA)(?!{U})", None),
    "groq-api-key": (r"\bgsk_(?P<v>[A-Za-z0-9]{52})\b", None),
    "replicate-api-token": (r"\br8_(?P<v>[A-Za-z0-9]{37})\b", None),
    "huggingface-token": (r"\bhf_(?P<v>[A-Za-z]{34})\b", None),
    "perplexity-api-key": (r"\bpplx-(?P<v>[A-Za-z0-9]{48})\b", None),
    "xai-api-key": (r"\bxai-(?P<v>[A-Za-z0-9]{80})\b", None),
    "cohere-api-key": (r"(?<![A-Za-z0-9])(?P<v>[A-Za-z0-9]{40})(?![A-Za-z0-9])", "cohere"),
    "mistral-api-key": (r"(?<![A-Za-z0-9])(?P<v>[A-Za-z0-9]{32})(?![A-Za-z0-9])", "MISTRAL"),
    "npm-token": (r"\bnpm_(?P<v>[A-Za-z0-9]{36})\b", None),
    "pypi-token": (rf"\bpypi-AgEIcHlwaS5vcmc(?P<v>{U}{{50,}})", None),
    "dockerhub-pat": (rf"\bdckr_pat_(?P<v>{U}{{27}})(?!{U})", None),
    "rubygems-api-key": (r"\brubygems_(?P<v>[0-9a-f]{48})\b", None),
    "nuget-api-key": (r"\boy2(?P<v>[a-z0-9]{43})\b", None),
    "crates-io-token": (r"\bcio(?P<v>[A-Za-z0-9]{32})\b", None),
    "terraform-cloud-token": (rf"\b(?P<v>[A-Za-z0-9]{{14}}\.atlasv1\.{U}{{60,70}})(?!{U})", None),
    "vault-token": (rf"\bhvs\.(?P<v>{U}{{90,}})", None),
    "doppler-token": (r"\bdp\.pt\.(?P<v>[A-Za-z0-9]{43})\b", None),
    "pulumi-access-token": (r"\bpul-(?P<v>[0-9a-f]{40})\b", None),
    "heroku-api-key": (rf"\b(?P<v>{UUID})\b", "heroku"),
    "cloudflare-api-token": (rf"(?<!{U})(?P<v>{U}{{40}})(?!{U})", "cloudflare"),
    "fastly-api-token": (rf"(?<!{U})(?P<v>{U}{{32}})(?!{U})", "fastly"),
    "linear-api-key": (r"\blin_api_(?P<v>[A-Za-z0-9]{40})\b", None),
    "notion-token": (r"\bntn_(?P<v>\d{11}[A-Za-z0-9]{35})\b", None),
    "airtable-pat": (r"\bpat(?P<v>[A-Za-z0-9]{14}\.[0-9a-f]{64})\b", None),
    "postman-api-key": (r"\bPMAK-(?P<v>[0-9a-f]{24}-[0-9a-f]{34})\b", None),
    "sentry-auth-token": (r"\bsntrys_(?P<v>eyJ[A-Za-z0-9+/]+_[A-Za-z0-9+/]{43})", None),
    "newrelic-user-api-key": (r"\bNRAK-(?P<v>[A-Z0-9]{27})\b", None),
    "grafana-cloud-token": (r"\bglc_(?P<v>eyJ[A-Za-z0-9+/]+=*)", None),
    "grafana-service-account-token": (r"\bglsa_(?P<v>[A-Za-z0-9]{32}_[0-9a-f]{8})\b", None),
    "okta-api-token": (rf"(?<!{U})00(?P<v>{U}{{40}})(?!{U})", "okta"),
    "jwt": (r"\b(?P<v>eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43})\b", None),
    "age-secret-key": (r"\bAGE-SECRET-KEY-1(?P<v>[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b", None),
    "rails-master-key": (r"^(?P<v>[0-9a-f]{32})$", None),
    "db-connection-string": (r"(?:(?:redis|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|amqps?|ecto)://[^:/\s]*:(?P<v>[^@\s]+)@|[?&]password=(?P<w>[^&\s\"]+))", None),
}
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


def b64any(s):
    s = s.replace("-", "+").replace("_", "/")
    return base64.b64decode(s + "=" * (-len(s) % 4), validate=True)


# bech32 (BIP 173), for the age identity
CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_ok(s):
    s = s.lower()
    hrp, data = s[:s.rfind("1")], [CHARSET.index(c) for c in s[s.rfind("1") + 1:]]
    chk, gen = 1, [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    for v in [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp] + data:
        b = chk >> 25
        chk = (chk & 0x1ffffff) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk == 1


def ppk_ok(text):
    lines = text.split("\n")
    head = dict(l.split(": ", 1) for l in lines if ": " in l)
    i = lines.index(next(l for l in lines if l.startswith("Public-Lines:")))
    pub = base64.b64decode("".join(lines[i + 1:i + 1 + int(head["Public-Lines"])]))
    j = lines.index(next(l for l in lines if l.startswith("Private-Lines:")))
    prv = base64.b64decode("".join(lines[j + 1:j + 1 + int(head["Private-Lines"])]))
    s = lambda b: struct.pack(">I", len(b)) + b
    alg = lines[0].split(": ", 1)[1]
    data = s(alg.encode()) + s(head["Encryption"].encode()) + s(head["Comment"].encode()) + s(pub) + s(prv)
    return head["Encryption"] == "none" and hmac.new(b"", data, hashlib.sha256).hexdigest() == head["Private-MAC"]


def pem_ok(block):
    try:
        from cryptography.hazmat.primitives import serialization
    except ImportError:
        return True
    if "ENCRYPTED" in block:
        body = "".join(l.strip() for l in block.split("\n") if l.strip() and "-----" not in l)
        return base64.b64decode(body)[:1] == b"\x30"
    serialization.load_pem_private_key(block.encode(), password=None)
    return True


def pem_block(lines, start):
    out = []
    for l in lines[start - 1:]:
        out.append(l.strip())
        if l.strip().startswith("-----END"):
            break
    return "\n".join(out) + "\n"


def check_format(key, fam, text, whole):
    fmt = FORMATS.get(fam)
    if not fmt:
        return
    rx, near = fmt
    m = list(re.finditer(rx, text, re.M))
    if not m:
        err(f"{key}: no value in the {fam} shape on the line")
        return
    if near and not re.search(near, whole, re.I):
        err(f"{key}: {fam} value without {near!r} in its file")
    for x in m:
        v = x.group("v") or (x.groupdict().get("w") or "")
        if any(b in v.lower() for b in BANNED):
            err(f"{key}: random part of the {fam} value holds a banned word")
    if fam == "jwt":
        hdr = json.loads(b64any(m[0].group("v").split(".")[0]))
        if hdr.get("alg") in (None, "none"):
            err(f"{key}: JWT positive without a signing alg")
    if fam == "sentry-auth-token":
        json.loads(b64any(m[0].group("v").rsplit("_", 1)[0]))
    if fam == "grafana-cloud-token":
        json.loads(b64any(m[0].group("v")))
    if fam == "age-secret-key" and not bech32_ok("AGE-SECRET-KEY-1" + m[0].group("v")):
        err(f"{key}: age identity fails its bech32 checksum")


def main():
    exp = load_expected()
    cache = {}

    def read(f):
        if f not in cache:
            p = os.path.join(FILES, f)
            if not os.path.isfile(p):
                err(f"missing file {f}")
                cache[f] = ""
            else:
                with open(p, encoding="utf-8", newline="") as fh:
                    cache[f] = fh.read()
        return cache[f]

    def line_of(f, n):
        lines = read(f).split("\n")
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
                    else:
                        try:
                            if not pem_ok(pem_block(read(e["file"]).split("\n"), e["line"])):
                                err(f"{key}: PEM block is not DER")
                        except Exception as ex:
                            err(f"{key}: private key does not load: {ex}")
                if e["family"] == "putty-private-key" and not ppk_ok(read(e["file"])):
                    err(f"{key}: PuTTY key MAC does not verify")
                check_format(key, e["family"], text, read(e["file"]))
                if e["why"].startswith("base64") and ": " in text:
                    val = text.split(": ", 1)[1].strip().strip('",')
                    try:
                        dec = base64.b64decode(val, validate=True).decode("ascii")
                        if not dec.isprintable() or len(dec) < 16:
                            err(f"{key}: base64 value decodes to something odd")
                        if e["family"] == "docker-config-auth":
                            for reg in json.loads(dec)["auths"].values():
                                user, tok = base64.b64decode(reg["auth"]).decode().split(":", 1)
                                m = TOKEN.search(tok)
                                if user != reg["username"] or tok != reg["password"] or not (m and checksum_ok(m.group(2))):
                                    err(f"{key}: docker config auth does not match or its token fails CRC32")
                    except Exception as ex:
                        err(f"{key}: base64 value does not decode: {ex}")
            else:
                if e["contains"] not in text:
                    err(f"{key}: contains {e['contains']!r} not on the line")
                if "allow" in e["why"] and not re.search(r"(?:gitleaks|quarry):allow", text):
                    err(f"{key}: allow-marked negative without its marker")

    # checksummed tokens anywhere in files/
    neg_why = {(e["file"], e["line"]): e["why"] for e in exp["negatives"]}
    pos_fam = {(e["file"], e["line"]): e["family"] for e in exp["positives"]}
    counts = {"valid": 0, "invalid-as-planted": 0}
    for root, _, names in os.walk(FILES):
        for name in names:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, FILES)
            for i, text in enumerate(read(rel).split("\n"), 1):
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
    try:
        import yaml

        class Loader(yaml.SafeLoader):
            pass
        Loader.add_constructor("!vault", lambda loader, node: loader.construct_scalar(node))
    except ImportError:
        yaml = None
    for root, _, names in os.walk(FILES):
        for name in names:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, FILES)
            low = name.lower()
            try:
                if low.endswith((".json", ".ipynb", ".har")):
                    json.load(open(p, encoding="utf-8"))
                elif low.endswith(".jsonl"):
                    for l in open(p, encoding="utf-8"):
                        json.loads(l)
                elif low.endswith((".xml", ".config")):
                    ET.parse(p)
                elif low.endswith(".toml"):
                    import tomllib
                    tomllib.load(open(p, "rb"))
                elif low.endswith(".csv"):
                    rows = list(csv.reader(io.StringIO(read(rel))))
                    if len({len(r) for r in rows}) != 1:
                        raise ValueError("rows of different lengths")
                elif low.endswith((".yml", ".yaml")) and yaml:
                    docs = list(yaml.load_all(open(p, encoding="utf-8"), Loader=Loader))
                    if name == "tls.yml":
                        pem_ok(docs[0]["edge_tls_private_key"])
                elif low.endswith((".p8", ".pem")):
                    pem_ok(read(rel))
            except Exception as ex:
                err(f"{rel}: does not parse: {ex}")

    n_files = sum(len(n) for _, _, n in os.walk(FILES))
    listed = {e["file"] for e in exp["positives"] + exp["negatives"]}
    for root, _, names in os.walk(FILES):
        for name in names:
            rel = os.path.relpath(os.path.join(root, name), FILES)
            if rel not in listed:
                err(f"{rel}: no listed line")
    fams = sorted({e["family"] for e in exp["positives"]})
    print(f"files {n_files}, positives {len(exp['positives'])}, negatives {len(exp['negatives'])}, "
          f"families {len(fams)}; checksummed tokens: {counts['valid']} valid, "
          f"{counts['invalid-as-planted']} invalid as planted")
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
