#!/usr/bin/env python3
"""A git repository with COMMITS commits for the secret scanner's history benchmark, written with
`git fast-import` (seconds, not minutes): each commit changes one of FILES source files (a few
lines appended or rewritten); one commit in PLANT_EVERY adds a freshly generated credential, and
some later commit removes it again. Writes REPO/../REPO.planted (commit ordinal, path, kind).
Usage: make_git_history.py --out REPO [--commits 10000] [--files 400] [--plant-every 200]"""
import argparse, binascii, pathlib, random, string, subprocess

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def token(rng):
    body = "".join(rng.choice(B62) for _ in range(30))
    crc, tail = binascii.crc32(body.encode()), ""
    for _ in range(6):
        crc, r = divmod(crc, 62)
        tail = B62[r] + tail
    return "ghp_" + body + tail


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--commits", type=int, default=10000)
    ap.add_argument("--files", type=int, default=400)
    ap.add_argument("--plant-every", type=int, default=200)
    a = ap.parse_args()
    rng = random.Random(7)
    repo = pathlib.Path(a.out)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    contents = {f"src/m{i % 20}/file{i}.py": "".join(f"def f{i}_{j}(x):\n    return x * {j}\n" for j in range(30))
                for i in range(a.files)}
    stream, planted = [], []
    for c in range(1, a.commits + 1):
        path = f"src/m{c % a.files % 20}/file{c % a.files}.py"
        text = contents[path]
        if c % a.plant_every == 0:
            text += f'API_TOKEN = "{token(rng)}"\n'
            planted.append((c, path, "github"))
        elif c % a.plant_every == a.plant_every // 2 and "API_TOKEN" in text:
            text = "".join(l + "\n" for l in text.splitlines() if "API_TOKEN" not in l)
        else:
            text += f"def g{c}(x):\n    return x + {c}\n"
        contents[path] = text
        data = text.encode()
        msg = f"change {c}".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer Bench <bench@example.org> %d +0000\n" % (1700000000 + c * 60))
        stream.append(b"data %d\n%s\n" % (len(msg), msg))
        if c == 1:
            for p, t in contents.items():
                b = t.encode()
                stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (p.encode(), len(b), b))
        else:
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", str(repo), "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
    with open(str(repo) + ".planted", "w") as f:
        for p in planted:
            f.write("%d\t%s\t%s\n" % p)
    print(f"{a.commits} commits, {len(planted)} planted secrets in {repo}")


if __name__ == "__main__":
    main()
