#!/usr/bin/env bash
# Analyst queries (issue 17, item 5): each examples/queries/*.rq timed on a store, by diplograph
# and by pyoxigraph on the same quads, printed side by side.
#
#   bench/queries.sh STORE [STORE...]   stores made by `diplograph build` (snapshot or RocksDB)
#   BIN=target/release/diplograph  RUNS=5 (median of RUNS)  TIMEOUT=30 (seconds, diplograph's
#   --timeout: a query stopped there is reported as such, and not run by pyoxigraph)
#
# diplograph: one `diplograph serve` per store (the store loaded once, as a server does), each
# query sent RUNS times over loopback HTTP (keep-alive; the time from sending to the last byte
# of the SPARQL JSON results). pyoxigraph: the store's quads (`export --format nquads`) loaded
# into an in-memory `pyoxigraph.Store` once, each query run RUNS times in-process with the
# results read to the end, the union of the graphs as the default graph and diplograph's
# prefixes prepended. So diplograph's times include an HTTP round trip and JSON encoding that
# pyoxigraph's do not. Rows are the result rows (the queries name entities of the bundled data:
# on `diplograph synth` data most find nothing, and what they time is the lookups that say so).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/diplograph}
RUNS=${RUNS:-5}
TIMEOUT=${TIMEOUT:-30}
(($# > 0)) || { echo "usage: bench/queries.sh STORE [STORE...]" >&2; exit 2; }
work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for store in "$@"; do
  "$BIN" export --store "$store" --format nquads -o "$work/quads.nq" 2>/dev/null
  "$BIN" serve --store "$store" --bind 127.0.0.1:0 --max-results 1000000 --timeout "$TIMEOUT" 2>"$work/server.log" &
  server_pid=$!
  url=""
  for _ in $(seq 1 12000); do
    url=$(grep -o 'at http://[0-9.:]*' "$work/server.log" | head -1 | sed 's/^at //') || true
    [[ -n "$url" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "== $store: $(wc -l <"$work/quads.nq") quads; load $(cut -d' ' -f1 /proc/loadavg), $(nproc) cores"
  python3 - "$url" "$work/quads.nq" "$RUNS" "$TIMEOUT" examples/queries/*.rq <<'EOF'
import json, statistics, sys, time, urllib.parse, http.client
import pyoxigraph as ox

url, quads, runs, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[5:]
host = urllib.parse.urlparse(url)
conn = http.client.HTTPConnection(host.hostname, host.port)

def diplograph(query):
    body = urllib.parse.urlencode({"query": query})
    conn.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded",
                                            "Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    data = response.read()
    if response.status == 503:
        raise TimeoutError(data.decode(errors="replace").strip())
    if response.status != 200:
        raise SystemExit(f"diplograph answered {response.status}: {data[:300]!r}")
    return len(json.loads(data)["results"]["bindings"])

started = time.perf_counter()
store = ox.Store()
store.bulk_load(path=quads, format=ox.RdfFormat.N_QUADS)
load_s = time.perf_counter() - started
base = "https://w3id.org/diplograph/"
prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in [
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("time", "http://www.w3.org/2006/time#"),
    ("wd", "http://www.wikidata.org/entity/"),
    ("dg", base + "ontology#"),
    ("d", base), ("id", base + "id/"), ("post", base + "post/"), ("doc", base + "doc/"),
])

def pyoxigraph(query):
    return sum(1 for _ in store.query(prologue + query, use_default_graph_as_union=True))

print(f"pyoxigraph in-memory load: {load_s:.2f} s")
print(f"{'query':<46} {'rows':>6} {'diplograph ms':>14} {'pyoxigraph ms':>14} {'ratio':>7}")
for path in files:
    query = open(path, encoding="utf-8").read()
    timings = {}
    rows = {}
    name = path.rsplit("/", 1)[-1][:-3]
    try:
        diplograph(query)  # one untimed run each: the timed runs are warm
        pyoxigraph(query)
    except TimeoutError:
        print(f"{name:<46} {'':>6} {'> ' + sys.argv[4] + ' s':>14} {'not run':>14}")
        continue
    for name_, run in (("diplograph", diplograph), ("pyoxigraph", pyoxigraph)):
        samples = []
        for _ in range(runs):
            t = time.perf_counter()
            rows[name_] = run(query)
            samples.append(time.perf_counter() - t)
        timings[name_] = statistics.median(samples) * 1000
    flag = "" if rows["diplograph"] == rows["pyoxigraph"] else f" (pyoxigraph {rows['pyoxigraph']} rows)"
    print(f"{name:<46} {rows['diplograph']:>6} {timings['diplograph']:>14.2f} "
          f"{timings['pyoxigraph']:>14.2f} {timings['pyoxigraph'] / timings['diplograph']:>6.2f}x{flag}")
EOF
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
done
