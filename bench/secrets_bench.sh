#!/usr/bin/env bash
# Secret scanner benchmark, same run: `quarry secrets scan` over a source tree of SIZE MB (the
# shared corpora's text files laid out like a monorepo plus synthetic source files with planted
# credentials, bench/make_secrets_tree.py) on one thread and on every core, against
# `grep -E -i -r` over the same keywords as the floor (grep only finds keyword lines; the
# scanner also runs every rule's regex, entropy, validators and allowlists on them); then a git
# history of 10,000 commits (bench/make_git_history.py). Recall on the planted secrets is checked.
# Usage: bench/secrets_bench.sh BUILD_DIR [SIZE_MB] [CORPORA_DIR]   (default 500 MB)
set -euo pipefail
build="${1:-build/release}"
size="${2:-500}"
root="$(cd "$(dirname "$0")/.." && pwd)"
corpora="${3:-$root/../shared/corpora}"
quarry="$(realpath "$build/bin/quarry")"
data="$root/bench/data"; mkdir -p "$data"
tree="$data/secrets-tree-$size"
[ -f "$tree/planted.tsv" ] || { rm -rf "$tree"; python3 "$root/bench/make_secrets_tree.py" --out "$tree" --size-mb "$size" --corpora "$corpora" >&2; }
repo="$data/secrets-git-10000"
[ -f "$repo.planted" ] || { rm -rf "$repo"; python3 "$root/bench/make_git_history.py" --out "$repo" --commits 10000 >&2; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
bytes=$(du -sb "$tree" | cut -f1)
mb=$(python3 -c "print(f'{$bytes / 1048576:.0f}')")
# The keywords of every built-in rule, as one extended regex for grep.
python3 - "$root/rules/secrets" > "$work/keywords.re" <<'PY'
import pathlib, re, sys, tomllib
kws = sorted({k for f in pathlib.Path(sys.argv[1]).glob("*.toml")
              for r in tomllib.load(open(f, "rb"))["rule"] for k in r.get("keywords", [])})
print("|".join(re.sub(r"([][.^$*+?(){}|\\])", r"\\\1", k) for k in kws))
PY
cat "$tree"/planted.tsv > /dev/null; find "$tree" -type f -exec cat {} + > /dev/null  # warm the page cache
row() {  # row NAME FILE_OF_TIME EXTRA
  read -r wall user sys rss < <(tail -n 1 "$2")
  python3 -c "
wall, user, sys_, rss, mb = $wall, $user, $sys, $rss, $mb
cpu = user + sys_
print(f'| $1 | {mb} | {wall:.2f} | {user:.2f} | {sys_:.2f} | {mb / cpu:.0f} | {rss // 1024} | $3 |')"
}
echo "| job | MB | wall s | user s | sys s | MB per CPU second | peak RSS MB | notes |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
for threads in 1 0; do
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$quarry" secrets scan "$tree" --format json \
    --threads "$threads" > "$work/found.json" || true
  recall=$(python3 - "$work/found.json" "$tree" <<'PY'
import json, sys
tree = sys.argv[2].rstrip("/") + "/"
got = {(f["file"][len(tree):], f["line"]) for f in json.load(open(sys.argv[1]))}
planted = [l.split("\t") for l in open(tree + "planted.tsv")]
print(f"{sum((p, int(n)) in got for p, n, _ in planted)}/{len(planted)} planted found, {len(got)} findings")
PY
)
  row "quarry secrets scan --threads $([ "$threads" = 0 ] && nproc || echo 1)" "$work/t" "$recall"
done
/usr/bin/time -f '%e %U %S %M' -o "$work/t" grep -E -i -r -c -f "$work/keywords.re" "$tree" > "$work/grep.out" || true
row "grep -E -i -r (keywords only)" "$work/t" "$(awk -F: '{s += $NF} END {print s}' "$work/grep.out") matching lines"
/usr/bin/time -f '%e %U %S %M' -o "$work/t" "$quarry" secrets scan "$repo" --git --format json > "$work/git.json" || true
read -r wall user sys rss < <(tail -n 1 "$work/t")
found=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$work/git.json")
echo
echo "| git history | commits | wall s | user s | sys s | peak RSS MB | secrets found / planted |"
echo "|---|---:|---:|---:|---:|---:|---:|"
echo "| quarry secrets scan --git | 10000 | $wall | $user | $sys | $((rss / 1024)) | $found / $(wc -l < "$repo.planted") |"
