#!/usr/bin/env bash
# Reading the store back (issue 17, item 1): `diplograph export --format turtle|ntriples|nquads`
# from the store against the writing stage of the store-less build that made the same quads, and
# against oxigraph reading the same quads out of its own store, in one run.
#
#   bench/store_readback.sh [SIZE]     SIZE: small | 1m | 10m (default 1m)
#   BIN=target/release/diplograph      the snapshot binary (default: cargo build --release)
#   ROCKSDB_BIN=path/to/diplograph     also a `--features rocksdb` binary (its own RocksDB store)
#   RUNS=3                             median wall time of RUNS runs (GNU time), highest peak
#   WORK=target/bench-readback         data, stores and outputs
#   PEERS=0                            skip oxigraph (the PyPI `oxigraph` CLI and `pyoxigraph`)
#
# Rows:
#   diplograph write-FORMAT            the "writing FORMAT" stage of `build --no-store` (from its
#                                      timing line: the quads in memory, sorted, to the file)
#   diplograph export-FORMAT           `export --format FORMAT` from the snapshot store (new process)
#   diplograph-rocksdb export-FORMAT   the same from a RocksDB store (with ROCKSDB_BIN)
#   oxigraph dump-nquads               `oxigraph dump` (PyPI CLI) of its RocksDB store holding
#                                      the snapshot's quads (`oxigraph load`, untimed)
#   pyoxigraph dump-nquads             `Store(path).dump(..., RdfFormat.N_QUADS)` of that store
#   pyoxigraph construct-FORMAT        the union of its graphs (`CONSTRUCT { ?s ?p ?o } WHERE
#                                      { GRAPH ?g { ?s ?p ?o } }`) serialized as Turtle /
#                                      N-Triples: oxigraph dumps only one graph to a format
#                                      without graphs, and diplograph merges them
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1m}"
work="${WORK:-$PWD/target/bench-readback}"
runs="${RUNS:-3}"
if [[ -z "${BIN:-}" ]]; then
  cargo build --release --locked --quiet
  BIN="$PWD/target/release/diplograph"
fi
data="$work/data-$size"
mkdir -p "$work"
[[ -d "$data" ]] || "$BIN" synth --size "$size" --seed 1 --out "$data" >/dev/null 2>&1
results="$work/readback-$size.tsv"
printf 'tool\ttask\twall_s\tpeak_MiB\tbytes\n' >"$results"

# row NAME TASK OUTPUT COMMAND...: median wall time of $runs runs, highest peak RSS
row() {
  local name="$1" task="$2" output="$3" k walls=() peak=0 wall kb
  shift 3
  for ((k = 1; k <= runs; k++)); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/log" 2>&1 ||
      { cat "$work/log" >&2; echo "$name $task failed" >&2; return 1; }
    read -r wall kb <"$work/time"
    walls+=("$wall")
    ((kb > peak)) && peak=$kb
  done
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$task" "$wall" "$((peak / 1024))" \
    "$([[ -f "$output" ]] && stat -c %s "$output" || echo 0)" >>"$results"
  printf '  %-20s %-22s %7.2f s %7d MiB\n' "$name" "$task" "$wall" "$((peak / 1024))" >&2
  [[ "$output" == /dev/null ]] || rm -f "$output"
}

echo "== $size ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))" >&2
out="$work/$size"
rm -rf "$out"
mkdir -p "$out"
# the store, and the store-less build whose writing stages are the reference
"$BIN" build --full --no-exports --data "$data" --store "$out/store" >/dev/null 2>&1
for format in turtle ntriples nquads; do
  walls=()
  for ((k = 1; k <= runs; k++)); do
    "$BIN" build --no-store --data "$data" --out "$out/nostore" --formats "$format" 2>"$work/log" >/dev/null
    walls+=("$(grep -oE "writing $format [0-9.]+s" "$work/log" | grep -oE '[0-9.]+')")
  done
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
  printf 'diplograph\twrite-%s\t%s\t\t\n' "$format" "$wall" >>"$results"
  printf '  %-20s %-22s %7.2f s\n' diplograph "write-$format" "$wall" >&2
  rm -rf "$out/nostore"
done
for format in turtle ntriples nquads; do
  row diplograph "export-$format" "$out/export.$format" \
    "$BIN" export --store "$out/store" --format "$format" -o "$out/export.$format"
done
if [[ -n "${ROCKSDB_BIN:-}" ]]; then
  "$ROCKSDB_BIN" build --full --no-exports --data "$data" --store "$out/rocksdb" >/dev/null 2>&1
  for format in turtle ntriples nquads; do
    row diplograph-rocksdb "export-$format" "$out/export.$format" \
      "$ROCKSDB_BIN" export --store "$out/rocksdb" --format "$format" -o "$out/export.$format"
  done
  rm -rf "$out/rocksdb"*
fi
if [[ "${PEERS:-1}" != 0 ]]; then
  oxigraph load --location "$out/oxigraph" --file "$out/store/quads.nq" >/dev/null 2>&1
  row oxigraph dump-nquads "$out/ox.nq" oxigraph dump --location "$out/oxigraph" --file "$out/ox.nq"
  row pyoxigraph dump-nquads "$out/py.nq" python3 -c '
import sys, pyoxigraph as ox
ox.Store(sys.argv[1]).dump(sys.argv[2], ox.RdfFormat.N_QUADS)' "$out/oxigraph" "$out/py.nq"
  for format in turtle ntriples; do
    row pyoxigraph "construct-$format" "$out/py.$format" python3 -c '
import sys, pyoxigraph as ox
fmt = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}[sys.argv[3]]
ox.Store(sys.argv[1]).query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }").serialize(sys.argv[2], fmt)' \
      "$out/oxigraph" "$out/py.$format" "$format"
  done
fi

echo "== $size: reading the store back (ratio = time / the store-less build's writing stage)"
python3 - "$results" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
write = {r["task"].split("-", 1)[1]: float(r["wall_s"]) for r in rows if r["task"].startswith("write-")}
print(f"{'tool':<20} {'task':<22} {'wall s':>8} {'peak MiB':>9} {'vs write stage':>15}")
for r in rows:
    fmt = r["task"].split("-", 1)[1]
    ratio = f"{float(r['wall_s']) / write[fmt]:.2f}x" if fmt in write and not r["task"].startswith("write-") else ""
    print(f"{r['tool']:<20} {r['task']:<22} {float(r['wall_s']):>8.2f} {r['peak_MiB']:>9} {ratio:>15}")
EOF
