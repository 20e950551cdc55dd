#!/usr/bin/env bash
# Checks that two builds of diplograph extract exactly the same thing: every document of
# data/corpus, data/heldout/corpus, data/dev/corpus and the test fixtures, one `extract` per file
# (JSON with provenance, informational diagnostics on) plus one `extract` of all of them at once,
# one long document made of every corpus body in turn (long-text paths), and a small
# `diplograph synth` data directory with its own gazetteer. stdout and stderr of both are
# compared byte for byte; the first difference is shown and the script exits 1.
#
#   bench/extract_identical.sh BASE_BIN NEW_BIN
#
# A speed change to the extractor must leave this silent (exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: extract_identical.sh BASE_BIN NEW_BIN}
new=${2:?usage: extract_identical.sh BASE_BIN NEW_BIN}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/long" "$work/base" "$work/new"

files=()
for f in data/corpus/*.txt data/heldout/corpus/*.txt data/dev/corpus/*.txt \
  tests/fixtures/extract/*.txt tests/fixtures/mini/corpus/*.txt; do
  [[ -f $f ]] && files+=("$f")
done

# One long document: the header of the first corpus document, then every body in turn, 20 times.
python3 - "$work/long/long.txt" <<'PY'
import pathlib, sys
docs = sorted(pathlib.Path("data").glob("**/corpus/*.txt"))
head = docs[0].read_text(encoding="utf-8").split("\n---\n", 1)[0]
bodies = [d.read_text(encoding="utf-8").split("\n---\n", 1)[1] for d in docs]
pathlib.Path(sys.argv[1]).write_text(head + "\n---\n" + "\n\n".join(bodies * 20), encoding="utf-8")
PY
"$base" synth --documents 40 --seed 7 --out "$work/synth" >/dev/null 2>&1

run() { # BIN OUTDIR
  local bin=$1 out=$2 i=0
  for f in "${files[@]}"; do
    "$bin" extract -v --provenance --format json "$f" >"$out/$i.json" 2>"$out/$i.err" || echo "exit $?" >>"$out/$i.err"
    i=$((i + 1))
  done
  "$bin" extract -v --provenance --format json "${files[@]}" >"$out/all.json" 2>"$out/all.err" || true
  "$bin" extract -v --format table "${files[@]}" >"$out/all.table" 2>/dev/null || true
  "$bin" extract -v --provenance --format json "$work/long/long.txt" >"$out/long.json" 2>"$out/long.err" || true
  "$bin" extract -v --provenance --format json --data "$work/synth" "$work"/synth/corpus/*.txt \
    >"$out/synth.json" 2>"$out/synth.err" || true
}
run "$base" "$work/base"
run "$new" "$work/new"
if ! diff -r "$work/base" "$work/new" >"$work/diff"; then
  head -40 "$work/diff"
  echo "extract_identical: outputs differ" >&2
  exit 1
fi
n=$(find "$work/base" -type f | wc -l)
bytes=$(cat "$work"/base/* | wc -c)
echo "extract_identical: ${#files[@]} documents, $n outputs ($bytes bytes) identical"
