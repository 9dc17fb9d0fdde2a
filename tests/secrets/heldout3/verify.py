#!/usr/bin/env python3
"""Self-check of the held-out secret set 3: expected.yml against files/.

Checks that every expected line exists and carries its planted value (secret_prefix for positives,
`contains` for negatives), that no file/line is listed twice, that every file has a listed line,
that every GitHub classic (ghp_/gho_/ghu_/ghs_/ghr_) and npm token in files/ has a valid CRC32
checksum except the negative planted with a wrong one, that each positive line carries a value in
its family's published shape (random part free of words such as `example` or `test`), that
allow-marked negatives carry their marker, that the private keys load (the encrypted one is checked
as PEM with a DEK-Info header and an AES-sized body), that the base64 values decode to what they are
listed as (Basic credentials, Docker auth, kubeconfig key and certificates), that the GPP cpassword
decrypts with Microsoft's published key, that the SES SMTP password is derived from the secret key
beside it, that the JWTs, the Intercom and Mapbox tokens and the AWS session token are well formed,
that the age recipient has a valid bech32 checksum, and that the structured files parse. Runs no
scanner. Exit status 0 when all checks pass.
"""
import base64, configparser, email, hashlib, hmac, json, os, re, string, sys, zlib
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
TOKEN = re.compile(r"\b((?:gh[pousr]|npm)_)([A-Za-z0-9]{36})(?![A-Za-z0-9])")
BANNED = ("example", "test", "fake", "xxx", "dummy", "sample")
U = r"[A-Za-z0-9_-]"
GPP_KEY = bytes.fromhex("4e9906e8fcb66cc9faf49310620ffee8f496e806cc057990209b09a433b66c1b")

# family -> (regex with group v = the random part, word that must appear in the file or None)
FORMATS = {
    "aws-access-key-id": (r"\b(?:AKIA|ASIA)(?P<v>[A-Z2-7]{16})\b", None),
    "aws-secret-access-key": (r"(?<![A-Za-z0-9/+])(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", "secret"),
    "aws-session-token": (r"\bIQoJb3JpZ2luX2Vj(?P<v>[A-Za-z0-9/+]{600,}=*)", "SessionToken"),
    "aws-ses-smtp-password": (r"(?<![A-Za-z0-9/+])(?P<v>B[A-Za-z0-9/+]{43})(?![A-Za-z0-9/+=])", "ses_smtp_password_v4"),
    "github-pat": (r"\bgh[pousr]_(?P<v>[A-Za-z0-9]{36})\b", None),
    "github-fine-grained-pat": (r"\bgithub_pat_(?P<v>11[A-Z0-9]{20}_[A-Za-z0-9]{59})\b", None),
    "gitlab-pat": (rf"\bglpat-(?P<v>{U}{{20}})(?!{U})", None),
    "gitlab-runner-token": (rf"\bglrt-(?P<v>{U}{{20}})(?!{U})", None),
    "anthropic-api-key": (rf"\bsk-ant-api03-(?P<v>{U}{{93}}AA)(?!{U})", None),
    "azure-ad-client-secret": (r"(?<![A-Za-z0-9_~.-])(?P<v>[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{34})(?![A-Za-z0-9_~.-])", "service-principal"),
    "stripe-secret-key": (r"\bsk_live_(?P<v>[A-Za-z0-9]{99})\b", None),
    "google-oauth-access-token": (rf"\bya29\.(?P<v>{U}{{100,}})", None),
    "azure-function-key": (r"[?&\s]code=(?P<v>[A-Za-z0-9_-]{54}==)", None),
    "slack-bot-token": (r"\bxoxb-\d{10,13}-\d{10,13}-(?P<v>[A-Za-z0-9]{24})\b", None),
    "slack-workflow-webhook": (r"hooks\.slack\.com/triggers/T[A-Z0-9]{8,10}/\d{10,14}/(?P<v>[0-9a-f]{32})\b", None),
    "slack-webhook": (r"hooks\.slack\.com/services/T[A-Z0-9]{8,10}/B[A-Z0-9]{8,10}/(?P<v>[A-Za-z0-9]{24})\b", None),
    "vault-batch-token": (rf"\bhvb\.(?P<v>{U}{{100,}})", None),
    "azure-openai-api-key": (r"\b(?P<v>[0-9a-f]{32})\b", "AZURE_OPENAI"),
    "cloudinary-url": (rf"cloudinary://\d{{15}}:(?P<v>{U}{{27}})@", None),
    "sentry-user-token": (r"\bsntryu_(?P<v>[0-9a-f]{64})\b", None),
    "newrelic-license-key": (r"\b(?P<v>[0-9a-f]{36})NRAL\b", None),
    "mapbox-secret-token": (r"\bsk\.(?P<v>eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])", None),
    "backblaze-application-key": (r"\bK00\d(?P<v>[A-Za-z0-9]{27})\b", "B2_APPLICATION_KEY"),
    "gcp-oauth-client-secret": (rf"\bGOCSPX-(?P<v>{U}{{28}})(?!{U})", None),
    "google-oauth-refresh-token": (rf"(?<![A-Za-z0-9/])1//0(?P<v>{U}{{60,}})", None),
    "jwt": (r"\b(?P<v>eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43,})", None),
    "npm-token": (r"\bnpm_(?P<v>[A-Za-z0-9]{36})\b", None),
    "jfrog-api-key": (r"\bAKCp(?P<v>[A-Za-z0-9]{69})\b", None),
    "notion-token": (r"\bsecret_(?P<v>[A-Za-z0-9]{43})\b", "NOTION"),
    "databricks-token": (r"\bdapi(?P<v>[0-9a-f]{32})\b", None),
    "square-access-token": (rf"\bsq0atp-(?P<v>{U}{{22}})(?!{U})", None),
    "brevo-api-key": (r"\bxkeysib-(?P<v>[0-9a-f]{64}-[A-Za-z0-9]{16})\b", None),
    "algolia-admin-key": (r"\b(?P<v>[0-9a-f]{32})\b", "algolia"),
    "azure-service-bus-key": (r"SharedAccessKey=(?P<v>[A-Za-z0-9+/]{43}=)", "servicebus.windows.net"),
    "azure-publish-password": (r'userPWD="(?P<v>[A-Za-z0-9]{60})"', None),
    "gpp-cpassword": (r'cpassword="(?P<v>[A-Za-z0-9+/]{20,})"', None),
    "openrouter-api-key": (r"\bsk-or-v1-(?P<v>[0-9a-f]{64})\b", None),
    "okta-api-token": (rf"SSWS 00(?P<v>{U}{{40}})(?!{U})", "okta"),
    "sendgrid-api-key": (rf"\bSG\.(?P<v>{U}{{22}}\.{U}{{43}})(?!{U})", None),
    "intercom-access-token": (r"(?<![A-Za-z0-9+/])(?P<v>dG9rO[A-Za-z0-9+/]+=*)", "intercom"),
    "groq-api-key": (r"\bgsk_(?P<v>[A-Za-z0-9]{52})\b", None),
    "postman-api-key": (r"\bPMAK-(?P<v>[0-9a-f]{24}-[0-9a-f]{34})\b", None),
    "db-connection-string": (r"(?:(?:postgres(?:ql)?|mysql|rediss?|amqps?)://[^:/\s]*:(?P<v>[^@\s]+)@|Password=(?P<w>[^;\"]+);)", None),
}
# families checked by the value that starts at secret_prefix (high-entropy literal)
LITERAL = {"generic-password", "basic-auth-password", "docker-config-auth"}
errors = []


def err(msg):
    errors.append(msg)


def load_expected():
    path = os.path.join(HERE, "expected.yml")
    try:
        import yaml
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except ImportError:
        data, section = {"positives": [], "negatives": []}, None
        field = re.compile(r'(\w+): ("(?:[^"\\]|\\.)*"|[^,}]+)')
        for raw in open(path, encoding="utf-8"):
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


def high_entropy(v):
    classes = sum(any(c in cls for c in v) for cls in (string.ascii_lowercase, string.ascii_uppercase, string.digits))
    return len(v) >= 16 and classes == 3 and sum(c.isdigit() for c in v) >= 2 and len(set(v)) >= 12


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


def load_key(pem):
    try:
        from cryptography.hazmat.primitives import serialization
    except ImportError:
        return True
    serialization.load_pem_private_key(pem.encode(), password=None)
    return True


def load_cert(pem):
    try:
        from cryptography import x509
    except ImportError:
        return True
    x509.load_pem_x509_certificate(pem.encode())
    return True


def pem_block(lines, start):
    out = []
    for l in lines[start - 1:]:
        out.append(l.strip())
        if l.strip().startswith("-----END"):
            break
    return "\n".join(out) + "\n"


def check_encrypted_pem(block):
    head = [l for l in block.split("\n") if ": " in l]
    if "Proc-Type: 4,ENCRYPTED" not in head or not any(h.startswith("DEK-Info: AES-") for h in head):
        raise ValueError("no Proc-Type/DEK-Info headers")
    body = "".join(l for l in block.split("\n") if l and "-----" not in l and ": " not in l)
    raw = base64.b64decode(body, validate=True)
    if len(raw) % 16 or len(raw) < 96:
        raise ValueError("ciphertext is not AES-CBC sized")


def gpp_decrypt(c):
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives import padding
    raw = base64.b64decode(c + "=" * (-len(c) % 4))
    d = Cipher(algorithms.AES(GPP_KEY), modes.CBC(b"\0" * 16)).decryptor()
    un = padding.PKCS7(128).unpadder()
    return (un.update(d.update(raw) + d.finalize()) + un.finalize()).decode("utf-16-le")


def ses_v4(secret, region="us-east-1"):
    sig = ("AWS4" + secret).encode()
    for m in ("11111111", region, "ses", "aws4_request", "SendRawEmail"):
        sig = hmac.new(sig, m.encode(), hashlib.sha256).digest()
    return base64.b64encode(b"\x04" + sig).decode()


def json_string_on(line, key):
    m = re.search(r'"' + re.escape(key) + r'":\s*("(?:[^"\\]|\\.)*")', line)
    return json.loads(m.group(1)) if m else None


def check_format(key, fam, text, whole):
    fmt = FORMATS.get(fam)
    if not fmt:
        return
    rx, near = fmt
    m = list(re.finditer(rx, text))
    if not m:
        err(f"{key}: no value in the {fam} shape on the line")
        return
    if near and not re.search(near, whole, re.I):
        err(f"{key}: {fam} value without {near!r} in its file")
    for x in m:
        v = x.group("v") or (x.groupdict().get("w") or "")
        if any(b in v.lower() for b in BANNED):
            err(f"{key}: random part of the {fam} value holds a banned word")
        if fam == "db-connection-string" and not high_entropy(v):
            err(f"{key}: connection-string password is not high-entropy")
    v = m[0].group("v")
    if fam == "jwt":
        hdr = json.loads(b64any(v.split(".")[0]))
        sig = b64any(v.split(".")[2])
        if hdr.get("alg") in (None, "none") or len(sig) != {"HS256": 32, "RS256": 256}.get(hdr["alg"], -1):
            err(f"{key}: JWT without a signing alg or with a signature of the wrong size")
        json.loads(b64any(v.split(".")[1]))
    if fam == "mapbox-secret-token":
        body = json.loads(b64any(v.split(".")[0]))
        if set(body) != {"u", "a"}:
            err(f"{key}: Mapbox token payload is not {{u, a}}")
    if fam == "intercom-access-token":
        dec = base64.b64decode(v).decode()
        if not re.fullmatch(r"tok:[0-9a-f_]{36}:1:0", dec):
            err(f"{key}: Intercom token does not decode to tok:<id>:1:0")
    if fam == "aws-session-token":
        if not base64.b64decode(m[0].group(0)).startswith(b"!\n\torigin_ec"):
            err(f"{key}: session token does not decode to the origin_ec header")
    if fam == "gpp-cpassword":
        pw = gpp_decrypt(v)
        if not high_entropy(pw) or not pw.isprintable():
            err(f"{key}: cpassword does not decrypt to a high-entropy password")
    if fam == "azure-function-key":
        if len(base64.urlsafe_b64decode(v)) != 40:
            err(f"{key}: function key is not 40 bytes")
    if fam == "azure-service-bus-key" and len(base64.b64decode(v)) != 32:
        err(f"{key}: SharedAccessKey is not 32 bytes")


def check_literal(key, fam, text, pre):
    m = re.search(re.escape(pre) + r"[A-Za-z0-9._~+/=-]*", text)
    v = m.group(0) if m else ""
    if any(b in v.lower() for b in BANNED):
        err(f"{key}: value holds a banned word")
    creds = None
    if fam in ("basic-auth-password", "docker-config-auth"):
        try:
            dec = base64.b64decode(v, validate=True).decode("ascii")
            if ":" in dec and dec.isprintable():
                creds = dec.split(":", 1)
        except Exception:
            creds = None
        if fam == "basic-auth-password" and re.search(r"(?i)\bbasic\s+" + re.escape(pre), text) and not creds:
            err(f"{key}: Basic header value does not decode to user:password")
            return
        if fam == "docker-config-auth":
            if not creds or not re.fullmatch(rf"dckr_pat_{U}{{27}}", creds[1]):
                err(f"{key}: docker auth does not decode to user:dckr_pat_…")
            return
    if creds:
        secret = creds[1]
        t = TOKEN.fullmatch(secret)
        if re.match(r"(?:gh[pousr]|npm)_", secret):
            if not (t and checksum_ok(t.group(2))):
                err(f"{key}: token inside the base64 is malformed or fails its CRC32")
        elif not high_entropy(secret):
            err(f"{key}: base64 credential holds a low-entropy password")
    elif not high_entropy(v):
        err(f"{key}: {fam} value {v[:8]}… is not high-entropy")


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
                pre, fam = e["secret_prefix"], e["family"]
                if len(pre) != 8:
                    err(f"{key}: secret_prefix not 8 chars")
                if pre not in text:
                    err(f"{key}: secret_prefix {pre!r} not on the line")
                    continue
                try:
                    if fam == "private-key":
                        if pre.startswith("-----"):
                            if not re.search(r"-----BEGIN [A-Z ]*PRIVATE KEY[A-Z ]*-----", text):
                                err(f"{key}: PEM positive does not begin on this line")
                            elif text.lstrip().startswith('"private_key_pem"'):
                                load_key(json_string_on(text, "private_key_pem"))
                            else:
                                block = pem_block(read(e["file"]).split("\n"), e["line"])
                                if "ENCRYPTED" in block:
                                    check_encrypted_pem(block)
                                else:
                                    load_key(block)
                        else:
                            val = text.split(": ", 1)[1].strip()
                            load_key(base64.b64decode(val, validate=True).decode("ascii"))
                    elif fam in LITERAL:
                        check_literal(key, fam, text, pre)
                    else:
                        check_format(key, fam, text, read(e["file"]))
                    if fam == "aws-ses-smtp-password":
                        whole = read(e["file"])
                        sec = re.search(r'"secret": "([A-Za-z0-9/+]{40})"', whole).group(1)
                        if ses_v4(sec) not in text:
                            err(f"{key}: SES SMTP password is not derived from the secret key in the file")
                except Exception as ex:
                    err(f"{key}: {fam} value does not check out: {ex!r}")
            else:
                if e["contains"] not in text:
                    err(f"{key}: contains {e['contains']!r} not on the line")
                if "allow" in e["why"] and not re.search(r"(?:gitleaks|quarry):allow", text):
                    err(f"{key}: allow-marked negative without its marker")

    # negatives whose claim can be checked
    for e in exp["negatives"]:
        text = line_of(e["file"], e["line"])
        try:
            if e["why"].startswith("base64 CA certificate") or e["why"].startswith("base64 client certificate"):
                load_cert(base64.b64decode(text.split(": ", 1)[1].strip()).decode())
            if e["why"].startswith("age recipient"):
                if not bech32_ok(re.search(r"age1[a-z0-9]+", text).group(0)):
                    err(f"{e['file']}:{e['line']}: age recipient fails its bech32 checksum")
            if e["why"].startswith("base64 of a low-entropy"):
                val = re.search(r'"auth": "([^"]+)"', text).group(1)
                if high_entropy(base64.b64decode(val).decode().split(":", 1)[1]):
                    err(f"{e['file']}:{e['line']}: low-entropy negative is high-entropy")
            if e["why"].startswith("base64 of ordinary data"):
                val = re.search(r"-EncodedCommand ([A-Za-z0-9+/=]+)", text).group(1)
                if "Remove-Item" not in base64.b64decode(val).decode("utf-16-le"):
                    err(f"{e['file']}:{e['line']}: EncodedCommand does not decode to the benign script")
            if e["why"] == "empty cpassword" and 'cpassword=""' not in text:
                err(f"{e['file']}:{e['line']}: cpassword is not empty")
        except Exception as ex:
            err(f"{e['file']}:{e['line']}: negative does not check out: {ex!r}")

    # checksummed tokens anywhere in files/
    neg_why = {(e["file"], e["line"]): e["why"] for e in exp["negatives"]}
    pos_fam = {(e["file"], e["line"]): e["family"] for e in exp["positives"]}
    counts = {"valid": 0, "invalid-as-planted": 0}
    for root, _, names in os.walk(FILES):
        for name in names:
            rel = os.path.relpath(os.path.join(root, name), FILES)
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
            if not any(checksum_ok(m.group(2)) for m in TOKEN.finditer(line_of(f, n))):
                err(f"{f}:{n}: {fam} positive has no valid checksummed token")

    # structured files parse
    try:
        import yaml
    except ImportError:
        yaml = None
    for root, _, names in os.walk(FILES):
        for name in names:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, FILES)
            low = name.lower()
            try:
                if low.endswith((".json", ".tfstate")) or name == ".dockercfg":
                    json.loads(read(rel))
                elif low.endswith(".jsonl"):
                    for l in read(rel).splitlines():
                        json.loads(l)
                elif low.endswith((".xml", ".publishsettings")):
                    ET.parse(p)
                elif (low.endswith((".yml", ".yaml")) or rel.endswith(".kube/config")) and yaml:
                    docs = list(yaml.safe_load_all(read(rel)))
                    if rel.endswith(".kube/config") and docs[0]["kind"] != "Config":
                        raise ValueError("not a kubeconfig")
                elif low.endswith((".ini", ".conf")):
                    cp = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",))
                    cp.read_string(read(rel))
                elif low.endswith(".eml"):
                    msg = email.message_from_string(read(rel))
                    if not msg["DKIM-Signature"] or not msg.get_payload():
                        raise ValueError("no DKIM-Signature or body")
                elif name == "ConsoleHost_history.txt":
                    if "\n" in read(rel).replace("\r\n", ""):
                        raise ValueError("PSReadLine history is not CRLF")
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
