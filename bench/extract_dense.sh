#!/usr/bin/env bash
# Extraction time of ONE large alias-dense document (issue 19 item 6: selecting the
# non-overlapping alias hits was quadratic in hits per document; 2 MB took 222 s).
# Builds a document of TARGET_MB (default 10) MB made of every gazetteer alias (Japanese and
# English, entities and posts) in turn, separated by `、` and ` and `, cut into sentences of 20
# aliases, and times bench/extract_bench.rs on it (best of 3, one thread).
#
#   bench/extract_dense.sh [TARGET_MB]
#   XBIN=path/to/extract_bench bench/extract_dense.sh   (build nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
target_mb=${1:-10}
if [[ -z "${XBIN:-}" ]]; then
  cargo build --release --locked --quiet --example extract_bench
  XBIN=${CARGO_TARGET_DIR:-target}/release/examples/extract_bench
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$target_mb" <<'PY'
import csv, pathlib, sys
out, target = pathlib.Path(sys.argv[1]), int(float(sys.argv[2]) * 1_000_000)
aliases = []
for name, cols in [("entities.csv", ["label_en", "label_ja", "aliases_en", "aliases_ja"]),
                   ("posts.csv", ["label_en", "label_ja", "aliases_en", "aliases_ja"])]:
    with open(f"data/gazetteer/{name}", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for col in cols:
                aliases += [a for a in (row.get(col) or "").split("|") if a]
parts, size, n = [], 0, 0
while size < target:
    a = aliases[n % len(aliases)]
    sep = "、" if not a.isascii() else " and "
    if n % 20 == 19:
        sep = "。\n" if not a.isascii() else ".\n"
    piece = a + sep
    parts.append(piece)
    size += len(piece.encode("utf-8"))
    n += 1
body = "".join(parts)
head = "---\nid: dense\ntitle: dense\npublisher: bench\nsource: bench\ndate: 2015-06-30\nlanguage: ja\nrights: none\n---\n"
(out / "dense.txt").write_text(head + body, encoding="utf-8")
print(f"document: {len(body.encode('utf-8'))} bytes, {n} aliases written ({len(aliases)} distinct forms)")
PY
for run in 1 2 3; do
  "$XBIN" data "$work"
done | python3 -c '
import sys
runs = [line.split() for line in sys.stdin]
best = min(runs, key=lambda r: float(r[3]))
b, t = int(best[1]), float(best[3])
print(f"one alias-dense document, best of {len(runs)}: {b / 1e6:.1f} MB in {t:.2f}s on 1 thread: "
      f"{b / t / 1e6:.1f} MB/s ({best[4]} mentions, {best[5]} events, {best[6]} relations)")
'
