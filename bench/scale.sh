#!/usr/bin/env bash
# Scale benchmark: diplograph against the tools a user would pick instead, on the same
# synthetic data, in one run.
#
#   bench/scale.sh [SIZE...]        SIZE: small | 1m | 10m   (default: 1m)
#   PEERS=0 bench/scale.sh 10m      skip the Python peers
#   PEERS="pyoxigraph networkx igraph" bench/scale.sh 10m   only these peers (rdflib is the slow one)
#   WORK=/tmp/dg-bench              where data and outputs go (default: target/bench)
#   BIN=path/to/diplograph          use this binary instead of building --release
#   RUNS=3                          run each command 3 times: median wall time, highest peak
#   WARMUP=0                        skip the untimed diplograph build that warms the caches
#
# Per size it generates the data (`diplograph synth`, seed 1), then measures wall time and
# peak RSS (GNU time) of:
#   diplograph build --full + Turtle export       (CSV + corpus -> store + .ttl, one process)
#   diplograph build --full + N-Triples export
#   diplograph build --no-store + Turtle export   (the same build in memory: what the peers do)
#   diplograph write-turtle                       (the build's Turtle-writing stage, from its log)
#   diplograph export --format turtle             (store -> .ttl: reading the store back + writing)
#   rdflib / pyoxigraph: CSV -> Turtle, CSV -> N-Triples (bench/peer_rdf.py)
#   serdi: N-Triples -> Turtle (diplograph's N-Triples as input; the near-limit reference)
#   I/O floor: reading the input files; writing a file the size of the Turtle output
# and prints each row with its ratio to diplograph. With two or more sizes it also prints how
# each grows from the first size to the last. Results go to $WORK/results-SIZE.tsv.
#   diplograph export --format graphml; NetworkX / igraph: Gephi tables -> GraphML (bench/peer_graphml.py)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1m}")
work="${WORK:-$PWD/target/bench}"
peers="${PEERS:-1}"
[[ "$peers" == 1 ]] && peers="pyoxigraph rdflib networkx igraph"
[[ "$peers" == 0 ]] && peers=""
want() { [[ " $peers " == *" $1 "* ]]; }
mkdir -p "$work"

if [[ -n "${BIN:-}" ]]; then
  bin="$BIN" # a diplograph binary built some other way (see the report for how it was built)
else
  cargo build --release --locked --quiet
  bin="$PWD/target/release/diplograph"
fi
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }

# measure NAME TASK OUTPUT_FILE COMMAND...: one row of results-SIZE.tsv. With RUNS=N the
# command runs N times and the row is the run of median wall time (its log is kept as the
# row's log); peak memory is the highest of the N runs.
runs="${RUNS:-1}"
measure() {
  local name="$1" task="$2" output="$3"
  shift 3
  local log="$work/$size/$name-$task.log" k
  for ((k = 1; k <= runs; k++)); do
    if ! /usr/bin/time -f "%e %M" -o "$log.time.$k" "$@" >"$log.$k" 2>&1; then
      cp "$log.$k" "$log"
      rm -f "$log".time.* "$log".[0-9]*
      echo "$name $task failed (see $log)" >&2
      printf '%s\t%s\tFAILED\t\t\t\n' "$name" "$task" >>"$results"
      return 0
    fi
  done
  # the median run by wall time, and the highest peak of all runs
  local median
  median=$(for ((k = 1; k <= runs; k++)); do echo "$(cut -d' ' -f1 "$log.time.$k") $k"; done |
    sort -n | sed -n "$(((runs + 1) / 2))p" | cut -d' ' -f2)
  local peak
  peak=$(cat "$log".time.* | cut -d' ' -f2 | sort -n | tail -1)
  echo "$(cut -d' ' -f1 "$log.time.$median") $peak" >"$log.time"
  cp "$log.$median" "$log"
  rm -f "$log".time.* "$log".[0-9]*
  local wall rss bytes triples=""
  read -r wall rss <"$log.time"
  bytes=$([[ -f "$output" ]] && stat -c %s "$output" || echo 0)
  if grep -qE '^[0-9]+ triples' "$log"; then
    triples=$(grep -oE '^[0-9]+ triples' "$log" | cut -d' ' -f1)
  elif grep -qE ', [0-9]+ quads in' "$log"; then
    triples=$(grep -oE '[0-9]+ quads in' "$log" | cut -d' ' -f1)
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$task" "$wall" "$((rss / 1024))" "$bytes" "$triples" >>"$results"
  printf '  %-12s %-22s %8.2f s %8d MiB\n' "$name" "$task" "$wall" "$((rss / 1024))" >&2
}

for size in "${sizes[@]}"; do
  data="$work/$size/data"
  out="$work/$size/out"
  results="$work/results-$size.tsv"
  mkdir -p "$work/$size" "$out"
  if [[ ! -f "$data/facts/statements.csv" ]]; then
    "$bin" synth --size "$size" --seed 1 --out "$data"
  fi
  printf 'tool\ttask\twall_s\tpeak_rss_mib\toutput_bytes\ttriples\n' >"$results"
  echo "== $size: $(ls "$data/corpus" | wc -l) documents, $(du -sh "$data" | cut -f1) of input ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))" >&2

  # Outputs are deleted once measured (KEEP=1 keeps them): a 10m run writes gigabytes.
  drop() { [[ "${KEEP:-0}" == 1 ]] || rm -rf "$@"; }
  # One untimed build first (WARMUP=0 skips it): the first run after the data is generated, or
  # after the machine sat idle, pays for a cold page cache and freshly faulted memory (at 1m:
  # 7.6 s against 5.8 s for the same build run again, most of it system time), which the rows
  # measured after it, the peers included, do not.
  if [[ "${WARMUP:-1}" == 1 ]]; then
    "$bin" build --full --data "$data" --store "$out/store" --out "$out" --formats turtle >/dev/null 2>&1
  fi
  measure diplograph build+ntriples "$out/diplograph.nt" \
    "$bin" build --full --data "$data" --store "$out/store" --out "$out" --formats ntriples
  measure serdi nt-to-turtle "$out/serdi.ttl" \
    sh -c "serdi -i ntriples -o turtle '$out/diplograph.nt' > '$out/serdi.ttl'"
  drop "$out/serdi.ttl" "$out/diplograph.nt"
  measure diplograph build+turtle "$out/diplograph.ttl" \
    "$bin" build --full --data "$data" --store "$out/store" --out "$out" --formats turtle
  # The same build in memory (`--no-store`: no RocksDB store, manifest or cache), the work the
  # peers do: inputs to a Turtle file.
  measure diplograph nostore+turtle "$out/nostore/diplograph.ttl" \
    "$bin" build --no-store --data "$data" --out "$out/nostore" --formats turtle
  drop "$out/nostore"
  # Turtle writing alone, as the store-less build did it from the quads in memory (sorted,
  # prefixed; the store-backed build writes it while the store is written, sharing the cores):
  # the "writing turtle" stage of its timing line, the like of serdi's N-Triples to Turtle.
  ttl_stage=$(grep -oE 'writing turtle [0-9.]+s' "$work/$size/diplograph-nostore+turtle.log" | grep -oE '[0-9.]+' || true)
  [[ -n "$ttl_stage" ]] && printf 'diplograph\twrite-turtle\t%s\t\t%s\t\n' "$ttl_stage" \
    "$(stat -c %s "$out/diplograph.ttl")" >>"$results"
  measure diplograph export-turtle "$out/export.ttl" \
    "$bin" export --store "$out/store" --format turtle -o "$out/export.ttl"
  ttl_bytes=$(stat -c %s "$out/diplograph.ttl")
  drop "$out/export.ttl" "$out/diplograph.ttl"
  # GraphML: diplograph from the graph its build saved beside the store (store.graph.json); NetworkX and igraph from the
  # Gephi tables diplograph exports from that graph (every column an attribute), so all three
  # write the same graph.
  measure diplograph export-graphml "$out/diplograph.graphml" \
    "$bin" export --store "$out/store" --format graphml -o "$out/diplograph.graphml"
  drop "$out/diplograph.graphml"
  "$bin" export --store "$out/store" --format csv -o "$out/tables" >/dev/null 2>&1
  drop "$out/store" "$out/store.cache" "$out/store.graph.json"
  for lib in networkx igraph; do
    want "$lib" || continue
    measure "$lib" csv-to-graphml "$out/$lib.graphml" python3 bench/peer_graphml.py "$lib" "$out/tables" "$out/$lib.graphml"
    drop "$out/$lib.graphml"
  done
  rm -rf "$out/tables"
  for lib in pyoxigraph rdflib; do
    want "$lib" || continue
    measure "$lib" csv-to-turtle "$out/$lib.ttl" python3 bench/peer_rdf.py "$lib" turtle "$data" "$out/$lib.ttl"
    drop "$out/$lib.ttl"
    measure "$lib" csv-to-ntriples "$out/$lib.nt" python3 bench/peer_rdf.py "$lib" ntriples "$data" "$out/$lib.nt"
    drop "$out/$lib.nt"
  done
  measure floor read-input /dev/null sh -c "find '$data' -type f -exec cat {} + > /dev/null"
  measure floor write-ttl-size "$out/floor.ttl" \
    sh -c "head -c $ttl_bytes /dev/zero > '$out/floor.ttl'"
  rm -f "$out/floor.ttl"

  echo "== $size results (ratio = tool's time / diplograph's time for the same task)"
  python3 - "$results" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
by = {(r["tool"], r["task"]): r for r in rows}
ref = {"csv-to-turtle": ("diplograph", "build+turtle"), "csv-to-ntriples": ("diplograph", "build+ntriples"),
       "nt-to-turtle": ("diplograph", "write-turtle"), "read-input": ("diplograph", "build+turtle"),
       "write-ttl-size": ("diplograph", "export-turtle"), "csv-to-graphml": ("diplograph", "export-graphml")}
print(f"{'tool':<12} {'task':<18} {'wall s':>9} {'peak MiB':>9} {'triples':>10} {'vs diplograph':>22}")
# the CSV-to-Turtle peers are also compared with the store-less build (the same work as theirs)
extra = {"csv-to-turtle": ("diplograph", "nostore+turtle")}
for r in rows:
    if r["wall_s"] == "FAILED":
        print(f"{r['tool']:<12} {r['task']:<18} {'FAILED':>9}")
        continue
    wall = float(r["wall_s"])
    ratio = ""
    other = by.get(ref.get(r["task"], ("", "")))
    if other and other["wall_s"] != "FAILED":
        dg = float(other["wall_s"])
        ratio = f"{wall / dg:6.2f}x ({other['task']})"
    second = by.get(extra.get(r["task"], ("", "")))
    if second and second["wall_s"] != "FAILED":
        ratio += f", {wall / float(second['wall_s']):6.2f}x ({second['task']})"
    print(f"{r['tool']:<12} {r['task']:<18} {wall:>9.2f} {r['peak_rss_mib']:>9} {r['triples']:>10} {ratio:>22}")
EOF
done

if ((${#sizes[@]} > 1)); then
  first="${sizes[0]}"
  last="${sizes[-1]}"
  echo "== growth from $first to $last (time and peak memory multipliers)"
  python3 - "$work/results-$first.tsv" "$work/results-$last.tsv" <<'EOF'
import csv, sys
a = {(r["tool"], r["task"]): r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")}
b = {(r["tool"], r["task"]): r for r in csv.DictReader(open(sys.argv[2]), delimiter="\t")}
print(f"{'tool':<12} {'task':<18} {'time x':>8} {'memory x':>9}")
for key, rb in b.items():
    ra = a.get(key)
    if not ra or "FAILED" in (ra["wall_s"], rb["wall_s"]):
        continue
    t = float(rb["wall_s"]) / max(float(ra["wall_s"]), 1e-3)
    m = (f'{float(rb["peak_rss_mib"]) / max(float(ra["peak_rss_mib"]), 1):.1f}'
         if ra["peak_rss_mib"] and rb["peak_rss_mib"] else "-")
    print(f"{key[0]:<12} {key[1]:<18} {t:>8.1f} {m:>9}")
EOF
fi
