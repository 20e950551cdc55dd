#!/usr/bin/env bash
# Extraction throughput on a large corpus: the five corpus documents repeated (as separate
# documents) to about 100 MB of text, extracted on one core two ways, each timed:
#   1. the extractor itself (bench/extract_bench.rs): documents read into memory first, then
#      extracted one after the other on one thread, each result dropped as it goes;
#   2. the command end to end: `diplograph extract --format none` on one thread
#      (RAYON_NUM_THREADS=1), including process start-up, reading and parsing every file, loading
#      the gazetteer once per xargs batch and keeping every result for the final report.
# Prints MB/s (UTF-8 bytes of document text) and chars/s for both.
#
#   bench/extract_throughput.sh [TARGET_MB]   (default 100)
#   BIN=path/to/diplograph XBIN=path/to/extract_bench bench/extract_throughput.sh   (build nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
target_mb=${1:-100}
if [[ -z "${BIN:-}" ]]; then
  cargo build --release --locked --quiet
  BIN=target/release/diplograph
fi
if [[ -z "${XBIN:-}" ]]; then
  cargo build --release --locked --quiet --example extract_bench
  XBIN=target/release/examples/extract_bench
fi
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
(out / "SIZE").write_text(f"{total_bytes} {total_chars} {n}\n")
PY
read -r bytes chars docs < "$work/SIZE"
rm "$work/SIZE"
echo "corpus: $docs documents, $bytes bytes of text ($chars chars)"
for run in 1 2 3; do
  "$XBIN" data "$work"
done | python3 -c '
import sys
runs = [line.split() for line in sys.stdin]
best = min(runs, key=lambda r: float(r[3]))
docs, b, c, t = int(best[0]), int(best[1]), int(best[2]), float(best[3])
print(f"extractor alone, best of {len(runs)}: {docs} documents in {t:.2f}s on 1 thread: "
      f"{b / t / 1e6:.1f} MB/s, {c / t / 1e6:.2f} M chars/s "
      f"({best[4]} mentions, {best[5]} events, {best[6]} relations)")
'
start=$(date +%s.%N)
find "$work" -name '*.txt' -print0 | sort -z | RAYON_NUM_THREADS=1 xargs -0 "$BIN" extract --format none 2>"$work.log" >/dev/null || { cat "$work.log"; exit 1; }
end=$(date +%s.%N)
grep -c "^extracted" "$work.log" | sed 's/^/extract invocations (xargs batches, each loads the gazetteer): /'
tail -1 "$work.log"
rm -f "$work.log"
python3 - "$bytes" "$chars" "$start" "$end" <<'PY'
import sys
b, c, s, e = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
t = e - s
print(f"diplograph extract end to end: {t:.2f}s on 1 thread: {b / t / 1e6:.1f} MB/s, {c / t / 1e6:.2f} M chars/s (includes reading, parsing headers and loading the gazetteer)")
PY
