#!/usr/bin/env bash
# Which store: the default snapshot store against RocksDB (`--features rocksdb`), on the same
# synthetic data. Per size: build the store with each binary (`build --full --no-exports`),
# then start a new `query` process RUNS times (a cheap query: the cost is opening the store)
# and print the median wall time and the highest peak RSS (GNU time), and the store's size.
#
#   SNAPSHOT_BIN=target/release/diplograph ROCKSDB_BIN=path/to/rocksdb/diplograph \
#     bench/stores.sh [SIZE...]      SIZE: 100k | 1m | 10m (default: 100k 1m)
#   WORK=/tmp/dg-stores  RUNS=5  KINDS="snapshot rocksdb" (the stores to measure)
#
# "Cold start" here is a new process with the operating system's file cache warm (the store
# was just written or read); the page cache is not dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[[ $# -eq 0 ]] && sizes=(100k 1m)
work="${WORK:-$PWD/target/bench-stores}"
runs="${RUNS:-5}"
mkdir -p "$work"
query='SELECT (COUNT(*) AS ?n) WHERE { ?d a dg:SourceDocument }'
printf 'size\tstore\tquads\tbuild_s\tbuild_MiB\tstore_MB\tquery_s(median of %s)\tquery_MiB\n' "$runs"
for size in "${sizes[@]}"; do
  data="$work/data-$size"
  if [[ ! -d "$data" ]]; then
    case "$size" in
      100k) synth=(--documents 238) ;;  # ~420 quads a document
      *) synth=(--size "$size") ;;
    esac
    "${SNAPSHOT_BIN:?}" synth "${synth[@]}" --out "$data" >/dev/null 2>&1
  fi
  for kind in ${KINDS:-snapshot rocksdb}; do
    bin_var="${kind^^}_BIN"
    bin="${!bin_var:-}"
    [[ -x "$bin" ]] || { printf '%s\t%s\tno binary\n' "$size" "$kind"; continue; }
    store="$work/$size-$kind/store"
    rm -rf "$work/$size-$kind"
    /usr/bin/time -f "%e %M" -o "$work/build.time" \
      "$bin" build --full --no-exports --data "$data" --store "$store" >"$work/build.log" 2>&1
    read -r build_s build_kb <"$work/build.time"
    quads=$(grep -o '[0-9]* quads in' "$work/build.log" | grep -o '^[0-9]*')
    times=()
    peak=0
    for ((k = 1; k <= runs; k++)); do
      /usr/bin/time -f "%e %M" -o "$work/query.time" \
        "$bin" query --format tsv --store "$store" "$query" >/dev/null
      read -r s kb <"$work/query.time"
      times+=("$s")
      ((kb > peak)) && peak=$kb
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
    store_mb=$(du -sm "$store" | cut -f1)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$kind" "$quads" "$build_s" \
      "$((build_kb / 1024))" "$store_mb" "$median" "$((peak / 1024))"
  done
done
