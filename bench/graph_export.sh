#!/usr/bin/env bash
# Graph-export benchmark: diplograph (release build) vs NetworkX write_graphml/write_gexf vs
# igraph write_graphml, on the same deterministic synthetic graph (default 100k nodes, 1M
# edges), generated once as CSV and read by every tool. Reports wall time of the whole run and
# of the write alone, CPU time (user + system: the fair number on a shared machine), peak RSS
# (/usr/bin/time -v) and output size, and the ratios. Outputs are deleted after measuring.
#
#   bench/graph_export.sh            # NODES=100000 EDGES=1000000
#   NODES=1000 EDGES=10000 bench/graph_export.sh
#   DG=path/to/graph_bench bench/graph_export.sh   # use an already built example binary
#
# Needs python3 with networkx and igraph (.ci/requirements.txt) and GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."

NODES=${NODES:-100000}
EDGES=${EDGES:-1000000}
DATA=${DATA:-target/bench-graph/${NODES}x${EDGES}}
mkdir -p "$DATA"
if [[ ! -s "$DATA/edges.csv" ]]; then
  echo "generating $NODES nodes, $EDGES edges into $DATA" >&2
  python3 bench/gen_synthetic.py "$DATA" "$NODES" "$EDGES"
fi
if [[ -z "${DG:-}" ]]; then
  cargo build --release --locked --quiet --example graph_bench
  DG=target/release/examples/graph_bench
fi

seconds() { # GNU time's "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.33"
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$1"
}
peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }
cpu() { awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$1"; }

declare -A TOTAL WRITE CPU WCPU
printf '%-10s %-7s | %8s %8s | %8s %8s %8s | %7s %7s\n' tool format "wall s" "write s" "cpu s" "writecpu" "buildcpu" "peak MB" "file MB"
run() {
  local tool=$1 format=$2; shift 2
  local out="$DATA/$tool.$format" timing="$DATA/$tool.$format.time"
  /usr/bin/time -v -o "$timing" "$@" "$out" > "$DATA/$tool.$format.out"
  read -r _read _build write nodes edges _read_cpu build_cpu write_cpu < "$DATA/$tool.$format.out"
  if [[ "$nodes $edges" != "$NODES $EDGES" ]]; then
    echo "$tool wrote $nodes nodes, $edges edges: expected $NODES, $EDGES" >&2
    exit 1
  fi
  TOTAL[$tool.$format]=$(seconds "$timing")
  WRITE[$tool.$format]=$write
  CPU[$tool.$format]=$(cpu "$timing")
  WCPU[$tool.$format]=$write_cpu
  printf '%-10s %-7s | %8.2f %8.2f | %8.2f %8.2f %8.2f | %7s %7.0f\n' "$tool" "$format" "${TOTAL[$tool.$format]}" "$write" \
    "${CPU[$tool.$format]}" "$write_cpu" "$build_cpu" \
    "$(peak_mb "$timing")" "$(awk -v b="$(stat -c %s "$out")" 'BEGIN {print b / 1048576}')"
  rm -f "$out"
}
run diplograph graphml "$DG" "$DATA" graphml
run diplograph gexf "$DG" "$DATA" gexf
run networkx graphml python3 bench/peers_export.py networkx "$DATA" graphml
run networkx gexf python3 bench/peers_export.py networkx "$DATA" gexf
run igraph graphml python3 bench/peers_export.py igraph "$DATA" graphml

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1fx", a / b}'; }
echo
echo "speed-up of diplograph: wall total / wall write / cpu total / cpu write"
for peer in networkx.graphml networkx.gexf igraph.graphml; do
  own=diplograph.${peer#*.}
  printf '  vs %-17s %s / %s / %s / %s\n' "$peer:" \
    "$(ratio "${TOTAL[$peer]}" "${TOTAL[$own]}")" "$(ratio "${WRITE[$peer]}" "${WRITE[$own]}")" \
    "$(ratio "${CPU[$peer]}" "${CPU[$own]}")" "$(ratio "${WCPU[$peer]}" "${WCPU[$own]}")"
done
