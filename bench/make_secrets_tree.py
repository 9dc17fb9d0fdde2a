#!/usr/bin/env python3
"""A source tree for the secret scanner's benchmark: text files of the shared corpora (Sigma
rules, KQL queries, JSON logs, schemas) copied into a folder layout like a monorepo until the
tree reaches SIZE megabytes, plus synthetic source files (Python, JavaScript, Go, YAML, .env) of
which one in PLANT_EVERY holds a freshly generated credential (checksum-valid GitHub token, AWS
key pair, high-entropy password). Writes TREE/planted.tsv (file, line, kind) for a recall check.
Usage: make_secrets_tree.py --out TREE --size-mb 500 [--corpora DIR] [--plant-every 50]"""
import argparse, binascii, os, pathlib, random, string

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def github_token(rng):
    body = "".join(rng.choice(B62) for _ in range(30))
    crc, tail = binascii.crc32(body.encode()), ""
    for _ in range(6):
        crc, r = divmod(crc, 62)
        tail = B62[r] + tail
    return "ghp_" + body + tail


def planted(rng, kind):
    if kind == "github":
        return f'GITHUB_TOKEN = "{github_token(rng)}"'
    if kind == "aws":
        kid = "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
        return f"aws_access_key_id = {kid}"
    pw = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(20))
    return f'db_password = "{pw}"'


SOURCE = {
    ".py": "def handler_{n}(event, context):\n    value = event.get('k{n}', {n})\n    return {{'status': 200, 'body': str(value)}}\n\n",
    ".js": "export function render{n}(props) {{\n  const items = props.items.filter((x) => x.id !== {n});\n  return items.map((x) => x.name).join(', ');\n}}\n\n",
    ".go": "func Process{n}(ctx context.Context, in []byte) (int, error) {{\n\tif len(in) == {n} {{\n\t\treturn 0, errors.New(\"empty\")\n\t}}\n\treturn len(in), nil\n}}\n\n",
    ".yml": "service_{n}:\n  image: registry.internal/app:{n}\n  replicas: 3\n  env:\n    LOG_LEVEL: info\n    TIMEOUT_MS: \"{n}\"\n",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--size-mb", type=int, default=500)
    ap.add_argument("--corpora", default=str(pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpora"))
    ap.add_argument("--plant-every", type=int, default=50)
    a = ap.parse_args()
    rng = random.Random(42)
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    texts = []
    for sub in ("sigma", "kql", "kql-schema", "json"):
        for p in sorted(pathlib.Path(a.corpora, sub).rglob("*")):
            if p.is_file() and p.suffix in (".yml", ".yaml", ".kql", ".json", ".jsonl", ".md", ".tsv", ".txt") and p.stat().st_size < 4 << 20:
                texts.append(p)
    budget, written, n, plants = a.size_mb << 20, 0, 0, []
    a.plant_every = max(3, a.plant_every // 3 * 3)  # source files are every third
    while written < budget:
        n += 1
        folder = out / f"pkg{n % 97:02d}" / f"mod{n % 13}"
        folder.mkdir(parents=True, exist_ok=True)
        if n % 3 and texts:  # two files in three are copies of corpus text
            src = texts[n % len(texts)]
            data = src.read_bytes()
            dest = folder / f"{n}-{src.name}"
        else:
            ext = list(SOURCE)[n % len(SOURCE)]
            lines = "".join(SOURCE[ext].format(n=n * 100 + i) for i in range(rng.randint(20, 400)))
            dest = folder / f"file{n}{ext}"
            if n % a.plant_every == 0:
                kind = ("github", "aws", "password")[len(plants) % 3]
                line_no = lines.count("\n") + 1
                lines += planted(rng, kind) + "\n"
                plants.append((str(dest.relative_to(out)), line_no, kind))
            data = lines.encode()
        dest.write_bytes(data)
        written += len(data)
    with open(out / "planted.tsv", "w") as f:
        for p in plants:
            f.write("%s\t%d\t%s\n" % p)
    print(f"{n} files, {written >> 20} MB, {len(plants)} planted secrets in {out}")


if __name__ == "__main__":
    main()
