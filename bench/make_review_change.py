#!/usr/bin/env python3
"""Builds a git repository with a base commit and a change of about N added lines across C,
Python, JavaScript and Java files (functions of our own making, a few with the sinks review
rules look for), for bench/review_bench.sh.

Usage: make_review_change.py --out DIR [--lines 1000] [--seed 7]"""
import argparse
import os
import random
import subprocess

TEMPLATES = {
    "c": ("c", [
        "int {f}(const char *in, char *out, size_t n) {{\n  size_t len = strlen(in);\n"
        "  if (len >= n) return -1;\n  memcpy(out, in, len + 1);\n  return (int)len;\n}}\n",
        "void {f}(const char *name) {{\n  char cmd[256];\n  snprintf(cmd, sizeof cmd, \"ls %s\", name);\n"
        "  system(cmd);\n}}\n",
        "int {f}(int a, int b) {{\n  int total = 0;\n  for (int i = a; i < b; ++i) total += i * 3;\n"
        "  return total;\n}}\n",
    ]),
    "python": ("py", [
        "def {f}(cursor, name):\n    cursor.execute(\"SELECT id FROM users WHERE name = %s\", (name,))\n"
        "    return cursor.fetchone()\n",
        "def {f}(folder):\n    import os\n    os.system(\"du -sh \" + folder)\n",
        "def {f}(items):\n    total = 0\n    for item in items:\n        total += item.price * item.count\n"
        "    return total\n",
    ]),
    "javascript": ("js", [
        "function {f}(req, res) {{\n  const id = Number(req.params.id);\n  res.json({{ id }});\n}}\n",
        "function {f}(el, html) {{\n  el.innerHTML = html;\n}}\n",
        "function {f}(list) {{\n  return list.filter((x) => x.active).map((x) => x.name);\n}}\n",
    ]),
    "java": ("java", [
        "  static int {f}(java.sql.Connection c, String name) throws Exception {{\n"
        "    var s = c.prepareStatement(\"SELECT id FROM t WHERE name = ?\");\n"
        "    s.setString(1, name);\n    return s.executeQuery().getInt(1);\n  }}\n",
        "  static void {f}(String dir) throws Exception {{\n"
        "    Runtime.getRuntime().exec(\"ls \" + dir);\n  }}\n",
        "  static int {f}(int[] xs) {{\n    int m = 0;\n    for (int x : xs) m = Math.max(m, x);\n"
        "    return m;\n  }}\n",
    ]),
}
HEADERS = {"c": "#include <stdlib.h>\n#include <string.h>\n#include <stdio.h>\n\n",
           "python": "", "javascript": "", "java": "public class {cls} {{\n"}
FOOTERS = {"c": "", "python": "", "javascript": "", "java": "}\n"}


def body(language, prefix, count, rng):
    ext, templates = TEMPLATES[language]
    out = []
    for i in range(count):
        out.append(rng.choice(templates).format(f=f"{prefix}{i}"))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--lines", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out)
    git = lambda *args: subprocess.run(["git", "-C", a.out, *args], check=True, capture_output=True)
    git("init", "-q")
    files = [(lang, n) for lang in TEMPLATES for n in range(3)]
    for lang, n in files:
        ext = TEMPLATES[lang][0]
        path = os.path.join(a.out, lang, f"mod{n}.{ext}")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        cls = f"Mod{n}"
        with open(path, "w") as f:
            f.write(HEADERS[lang].format(cls=cls) + body(lang, "base", 10, rng) + FOOTERS[lang])
    git("add", "-A")
    git("-c", "user.name=b", "-c", "user.email=b@e", "commit", "-qm", "base")
    added = 0
    round_ = 0
    while added < a.lines:
        for lang, n in files:
            ext = TEMPLATES[lang][0]
            path = os.path.join(a.out, lang, f"mod{n}.{ext}")
            text = open(path).read()
            new = "\n" + body(lang, f"r{round_}_", 2, rng)
            if lang == "java":
                text = text.rstrip()[:-1] + new + "}\n"
            else:
                text += new
            open(path, "w").write(text)
            added += new.count("\n")
        round_ += 1
    git("add", "-A")
    git("-c", "user.name=b", "-c", "user.email=b@e", "commit", "-qm", "change")
    diff = subprocess.run(["git", "-C", a.out, "diff", "HEAD~1", "HEAD"], check=True,
                          capture_output=True, text=True).stdout
    open(os.path.join(a.out + ".diff"), "w").write(diff)
    plus = sum(1 for l in diff.splitlines() if l.startswith("+") and not l.startswith("+++"))
    print(f"{plus} added lines in {len(files)} files")


if __name__ == "__main__":
    main()
