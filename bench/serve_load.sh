#!/usr/bin/env bash
# Bounded load test of `diplograph serve` over loopback.
#
# Starts the server on 127.0.0.1 with an ephemeral port, then runs wrk from a second process:
# REQUESTS requests (default 10000) spread over THREADS wrk threads and CONNECTIONS keep-alive
# connections, rotating over the mix in bench/serve_load.lua (SPARQL SELECT/ASK/CONSTRUCT in
# JSON, CSV, XML, Turtle; entity pages in HTML, Turtle, JSON-LD). Stops when every thread has
# sent its share, or after MAX_SECONDS whatever happens. Prints wrk's report and one line
#   RESULT requests=... errors_...=... p50_us=... p90_us=... p99_us=... max_us=...
# and exits 1 if any request failed (socket error, timeout or a status other than 2xx/3xx).
#
# SLOW_CLIENTS=N keeps N slow clients connected during the run (bench/slow_clients.py: half
# send nothing, half trickle header lines; closed ones reconnect), to check that idle and slow
# clients do not starve the others (issue 16). `bench/serve_load.sh compare` runs the mix
# without and then with SLOW_CLIENTS (default 200 there) and fails if p99 with them is over
# 3 times p99 without.
#
#   cargo build --release && target/release/diplograph build
#   bench/serve_load.sh                      # 10,000 requests against out/store
#   REQUESTS=2000 BIN=target/debug/diplograph bench/serve_load.sh
#   bench/serve_load.sh compare              # the slow-client mix against the plain one
#   MIX=synth STORE=syn-out/store bench/serve_load.sh   # data from `diplograph synth`
#   MIX=sparql bench/serve_load.sh           # the SPARQL requests of the mix only
#   OXIGRAPH_STORE=ox bench/serve_load.sh    # those queries against `oxigraph serve-read-only`
#                                            # (PyPI oxigraph) on its store `ox` (`oxigraph load`)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == compare ]]; then
  plain=$(SLOW_CLIENTS=0 "$0" | grep '^RESULT ')
  slow=$(SLOW_CLIENTS=${SLOW_CLIENTS:-200} "$0" | grep '^RESULT ')
  p99() { sed -n 's/.* p99_us=\([0-9]*\).*/\1/p' <<<"$1"; }
  echo "plain: $plain"
  echo "slow:  $slow"
  ratio=$(awk -v a="$(p99 "$slow")" -v b="$(p99 "$plain")" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 1) }')
  echo "COMPARE p99_plain_us=$(p99 "$plain") p99_slow_us=$(p99 "$slow") ratio=$ratio slow_clients=${SLOW_CLIENTS:-200}"
  awk -v r="$ratio" 'BEGIN { exit !(r <= 3) }' || { echo "p99 with slow clients is over 3x" >&2; exit 1; }
  exit 0
fi
SLOW_CLIENTS=${SLOW_CLIENTS:-0}

REQUESTS=${REQUESTS:-10000}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
MAX_SECONDS=${MAX_SECONDS:-300}
BIN=${BIN:-target/release/diplograph}
STORE=${STORE:-out/store}
OXIGRAPH_STORE=${OXIGRAPH_STORE:-}
if [[ -n "$OXIGRAPH_STORE" ]]; then
  export SPARQL_PATH=/query
  [[ "${MIX:-}" == *sparql ]] || export MIX=sparql
fi
export MIX=${MIX:-seeds}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
if [[ -z "$OXIGRAPH_STORE" ]]; then
  [[ -x "$BIN" ]] || { echo "no binary at $BIN: cargo build --release" >&2; exit 2; }
  [[ -d "$STORE" ]] || { echo "no store at $STORE: $BIN build" >&2; exit 2; }
fi

work=$(mktemp -d)
server_pid=""
wrk_pid=""
slow_pid=""
cleanup() {
  [[ -n "$wrk_pid" ]] && kill "$wrk_pid" 2>/dev/null || true
  [[ -n "$slow_pid" ]] && kill "$slow_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

url=""
if [[ -n "$OXIGRAPH_STORE" ]]; then
  # the same SPARQL queries against `oxigraph serve-read-only` (PyPI `oxigraph`) on its own
  # store of the same quads, the union of the graphs as the default graph (as diplograph's)
  port=${OXIGRAPH_PORT:-7979}
  oxigraph serve-read-only --location "$OXIGRAPH_STORE" --union-default-graph \
    --bind "127.0.0.1:$port" 2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/query?query=ASK%7B%7D" && url="http://127.0.0.1:$port" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
  done
else
  "$BIN" serve --store "$STORE" --bind 127.0.0.1:0 2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 1 6000); do
    url=$(grep -o 'at http://[0-9.:]*' "$work/server.log" | head -1 | sed 's/^at //') || true
    [[ -n "$url" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
  done
fi
[[ -n "$url" ]] || { echo "the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

if (( SLOW_CLIENTS > 0 )); then
  hostport=${url#http://}
  python3 bench/slow_clients.py "${hostport%:*}" "${hostport##*:}" "$SLOW_CLIENTS" &
  slow_pid=$!
  sleep 2
fi

per_thread=$(( (REQUESTS + THREADS - 1) / THREADS ))
echo "load: $MIX mix, $((per_thread * THREADS)) requests, $THREADS wrk threads, $CONNECTIONS connections, $SLOW_CLIENTS slow clients, $url" >&2
export WRK_DONE_FILE="$work/done"
: >"$WRK_DONE_FILE"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${MAX_SECONDS}s" --timeout 10s --latency \
  -s bench/serve_load.lua "$url" -- "$per_thread" >"$work/wrk.out" 2>&1 &
wrk_pid=$!
while kill -0 "$wrk_pid" 2>/dev/null; do
  if (( $(wc -l <"$WRK_DONE_FILE") >= THREADS )); then
    kill -INT "$wrk_pid" 2>/dev/null || true
    break
  fi
  sleep 0.05
done
wait "$wrk_pid" || true
wrk_pid=""
cat "$work/wrk.out"
result=$(grep '^RESULT ' "$work/wrk.out") || { echo "wrk printed no result" >&2; exit 1; }
errors=0
for field in errors_connect errors_read errors_write errors_status errors_timeout; do
  value=$(sed -n "s/.* $field=\([0-9]*\).*/\1/p" <<<"$result")
  errors=$((errors + value))
done
done_threads=$(wc -l <"$WRK_DONE_FILE")
if (( done_threads < THREADS )); then
  echo "only $done_threads of $THREADS wrk threads finished their share within ${MAX_SECONDS}s" >&2
  exit 1
fi
if (( errors > 0 )); then
  echo "$errors failed requests" >&2
  exit 1
fi
