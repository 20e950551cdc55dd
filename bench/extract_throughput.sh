#!/usr/bin/env bash
# Extraction throughput on a large corpus: the five corpus documents repeated (as separate
# documents) to about 100 MB of text, extracted by the release binary on one thread
# (RAYON_NUM_THREADS=1, `--format none`), timed; prints MB/s and chars/s per core.
#
#   bench/extract_throughput.sh [TARGET_MB]   (default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
target_mb=${1:-100}
cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$target_mb" <<'PY'
import pathlib, sys
out, target = pathlib.Path(sys.argv[1]), int(sys.argv[2]) * 1_000_000
docs = sorted(pathlib.Path("data/corpus").glob("*.txt"))
texts = [d.read_text(encoding="utf-8") for d in docs]
total_bytes = total_chars = n = 0
while total_bytes < target:
    for d, t in zip(docs, texts):
        head, body = t.split("\n---\n", 1)
        head = head.replace("id: ", f"id: r{n}-", 1)
        (out / f"r{n}-{d.name}").write_text(head + "\n---\n" + body, encoding="utf-8")
        total_bytes += len(body.encode("utf-8"))
        total_chars += len(body)
        n += 1
(out / "SIZE").write_text(f"{total_bytes} {total_chars} {n}")
PY
read -r bytes chars docs < "$work/SIZE"
rm "$work/SIZE"
echo "corpus: $docs documents, $bytes bytes of text ($chars chars)"
start=$(date +%s.%N)
find "$work" -name '*.txt' -print0 | sort -z | RAYON_NUM_THREADS=1 xargs -0 target/release/diplograph extract --format none 2>"$work.log" >/dev/null || { cat "$work.log"; exit 1; }
end=$(date +%s.%N)
tail -1 "$work.log"
rm -f "$work.log"
python3 - "$bytes" "$chars" "$start" "$end" <<'PY'
import sys
b, c, s, e = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
t = e - s
print(f"time {t:.2f}s on 1 thread: {b / t / 1e6:.1f} MB/s, {c / t / 1e6:.2f} M chars/s (includes reading, parsing headers and loading the gazetteer)")
PY
