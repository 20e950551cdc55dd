-- Bounded load for `diplograph serve`, used by bench/serve_load.sh and the CI load test.
-- Each wrk thread sends `limit` requests (the first script argument) rotating over a mix of
-- SPARQL queries, entity pages (HTML) and entity descriptions (Turtle, JSON-LD), then stops
-- and appends a line to the file named by $WRK_DONE_FILE, so the harness can end wrk (SIGINT)
-- as soon as every thread is done instead of waiting out wrk's -d duration.
-- `done` prints one parseable line: totals, errors and latency percentiles in microseconds.

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- MIX picks the mix (environment, read here): "seeds" (default) for the bundled data; "synth"
-- for `diplograph synth` data (its ids: state-0, city-0, ...); "sparql" and "synth-sparql" the
-- SPARQL requests of those mixes alone, each with its PREFIX lines, sent to SPARQL_PATH
-- (default /sparql; /query for `oxigraph serve`), so another SPARQL server can answer the same
-- queries.
local mix = os.getenv("MIX") or "seeds"
local sparql_path = os.getenv("SPARQL_PATH") or "/sparql"
local prologue = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" ..
  "PREFIX dg: <https://w3id.org/diplograph/ontology#>\n" ..
  "PREFIX id: <https://w3id.org/diplograph/id/>\n"

local function sparql(query, accept)
  return { sparql_path .. "?query=" .. encode(prologue .. query), accept }
end

local function requests_for(ids)
  local queries = {
    sparql("SELECT ?label WHERE { id:" .. ids.state .. " rdfs:label ?label }",
      "application/sparql-results+json"),
    sparql("SELECT ?e ?d WHERE { ?e a dg:Event ; dg:date ?d } ORDER BY ?d LIMIT 20", "text/csv"),
    sparql("ASK { id:" .. ids.state .. " dg:cooperatesWith id:" .. ids.partner .. " }",
      "application/sparql-results+xml"),
    sparql("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a dg:State ; rdfs:label ?l }", "text/turtle"),
  }
  local pages = {
    { "/id/" .. ids.place, "text/html" },
    { "/id/" .. ids.agency, "text/turtle" },
    { "/id/" .. ids.event, "text/html" },
    { "/id/" .. ids.other, "application/ld+json" },
  }
  if mix:find("sparql") then
    return queries
  end
  -- interleaved as the mix always was: three queries, then pages, the CONSTRUCT last
  return { queries[1], queries[2], queries[3], pages[1], pages[2], pages[3], pages[4], queries[4] }
end

local requests
if mix:find("synth") then
  requests = requests_for({ state = "state-0", partner = "state-1", place = "city-0",
    agency = "mofa-0", event = "synth-event-0000005", other = "state-1" })
else
  requests = requests_for({ state = "japan", partner = "united-states", place = "tokyo",
    agency = "nisc-japan", event = "japan-us-cyber-dialogue-5", other = "estonia" })
end

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
