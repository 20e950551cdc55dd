-- Bounded load for `diplograph serve`, used by bench/serve_load.sh and the CI load test.
-- Each wrk thread sends `limit` requests (the first script argument) rotating over a mix of
-- SPARQL queries, entity pages (HTML) and entity descriptions (Turtle, JSON-LD), then stops
-- and appends a line to the file named by $WRK_DONE_FILE, so the harness can end wrk (SIGINT)
-- as soon as every thread is done instead of waiting out wrk's -d duration.
-- `done` prints one parseable line: totals, errors and latency percentiles in microseconds.

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local requests = {
  { "/sparql?query=" .. encode("SELECT ?label WHERE { id:japan rdfs:label ?label }"),
    "application/sparql-results+json" },
  { "/sparql?query=" .. encode("SELECT ?e ?d WHERE { ?e a dg:Event ; dg:date ?d } ORDER BY ?d LIMIT 20"),
    "text/csv" },
  { "/sparql?query=" .. encode("ASK { id:japan dg:cooperatesWith id:united-states }"),
    "application/sparql-results+xml" },
  { "/id/tokyo", "text/html" },
  { "/id/nisc-japan", "text/turtle" },
  { "/id/japan-us-cyber-dialogue-5", "text/html" },
  { "/id/estonia", "application/ld+json" },
  { "/sparql?query=" .. encode("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a dg:State ; rdfs:label ?l }"),
    "text/turtle" },
}

local limit = 1000
local sent = 0
local received = 0
local index = 0

function init(args)
  limit = tonumber(args[1] or "1000")
end

function request()
  index = index % #requests + 1
  sent = sent + 1
  local r = requests[index]
  return wrk.format("GET", r[1], { Accept = r[2] })
end

function response(status, headers, body)
  received = received + 1
  if received == limit then
    local path = os.getenv("WRK_DONE_FILE")
    if path then
      local file = io.open(path, "a")
      file:write("done\n")
      file:close()
    end
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d errors_connect=%d errors_read=%d errors_write=%d " ..
    "errors_status=%d errors_timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
