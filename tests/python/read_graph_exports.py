"""Read diplograph's graph exports back with real clients and compare with what was meant.

Usage: read_graph_exports.py EXPECTED.json DIR

DIR holds graph.graphml, graph.gexf, nodes.csv and edges.csv; EXPECTED.json is written by the
Rust test from the PropertyGraph itself (not from any export). Checks, for each client
(NetworkX read_graphml / read_gexf, igraph Read_GraphML, Python's csv module): node and edge
counts, every id, every attribute value and its type; with metrics on, also recomputes
degree, PageRank, betweenness and components with NetworkX and igraph and compares.
Exits non-zero with a message on the first difference; a missing client is an error.
"""

import csv
import json
import math
import sys

import igraph
import networkx as nx

PY_TYPE = {"string": str, "int": int, "double": float, "boolean": bool}


def fail(message):
    raise SystemExit(f"mismatch: {message}")


def check_value(where, name, kind, got, want):
    if type(got) is not PY_TYPE[kind]:
        fail(f"{where}: {name} is {type(got).__name__} {got!r}, want {kind} {want!r}")
    if got != want:
        fail(f"{where}: {name} = {got!r}, want {want!r}")


def check_attrs(where, got, want, types, skip=()):
    got = {k: v for k, v in got.items() if k not in skip}
    want = {k: v for k, v in want.items() if k not in skip}
    if set(got) != set(want):
        fail(f"{where}: attributes {sorted(got)} != {sorted(want)}")
    for name, value in want.items():
        check_value(where, name, types[name], got[name], value)


def networkx_graphml(path, expected):
    g = nx.read_graphml(path)
    if not g.is_directed():
        fail("graphml: graph is not directed")
    if (g.number_of_nodes(), g.number_of_edges()) != (
        len(expected["nodes"]),
        len(expected["edges"]),
    ):
        fail(f"graphml: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    for node in expected["nodes"]:
        check_attrs(f"graphml node {node['id']}", g.nodes[node["id"]], node["attrs"], expected["node_types"])
    edges = {}
    if g.is_multigraph():
        for u, v, key, data in g.edges(keys=True, data=True):
            edges[key] = (u, v, dict(data))
    else:
        for u, v, data in g.edges(data=True):
            data = dict(data)
            edges[data.pop("id")] = (u, v, data)
    for edge in expected["edges"]:
        u, v, data = edges[edge["id"]]
        if (u, v) != (edge["source"], edge["target"]):
            fail(f"graphml edge {edge['id']}: endpoints {u} -> {v}")
        check_attrs(f"graphml edge {edge['id']}", data, edge["attrs"], expected["edge_types"])
    print(f"networkx read_graphml: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, attributes equal")
    return g


def spells_of(data):
    if "spells" in data:
        return [[s, e] for s, e in data.pop("spells")]
    if "start" in data:
        return [[data.pop("start"), data.pop("end", None)]]
    return []


def networkx_gexf(path, expected):
    g = nx.read_gexf(path)
    if g.graph.get("mode") != "dynamic":
        fail(f"gexf: mode {g.graph.get('mode')}")
    if (g.number_of_nodes(), g.number_of_edges()) != (
        len(expected["nodes"]),
        len(expected["edges"]),
    ):
        fail(f"gexf: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    types = dict(expected["node_types"])
    for node in expected["nodes"]:
        data = dict(g.nodes[node["id"]])
        where = f"gexf node {node['id']}"
        colour = data.pop("viz")["color"]
        if [colour["r"], colour["g"], colour["b"]] != node["colour"]:
            fail(f"{where}: colour {colour}")
        if spells_of(data) != node["spells"]:
            fail(f"{where}: times differ from {node['spells']}")
        check_attrs(where, data, node["attrs"], types)
    edges = {}
    if g.is_multigraph():
        for u, v, key, data in g.edges(keys=True, data=True):
            data = dict(data)
            data.pop("id")
            edges[key] = (u, v, data)
    else:
        for u, v, data in g.edges(data=True):
            data = dict(data)
            edges[data.pop("id")] = (u, v, data)
    edge_types = dict(expected["edge_types"], weight="double")
    for edge in expected["edges"]:
        u, v, data = edges[edge["id"]]
        where = f"gexf edge {edge['id']}"
        if (u, v) != (edge["source"], edge["target"]):
            fail(f"{where}: endpoints {u} -> {v}")
        if spells_of(data) != edge["spells"]:
            fail(f"{where}: times differ from {edge['spells']}")
        # GEXF weights are floats by definition.
        want = dict(edge["attrs"], weight=float(edge["attrs"]["weight"]))
        check_attrs(where, data, want, edge_types)
    print(f"networkx read_gexf: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, attributes and times equal")


def igraph_value(where, name, kind, got, want):
    if want is None:
        missing = got == "" if kind == "string" else (got is None or (isinstance(got, float) and math.isnan(got)))
        if not missing:
            fail(f"{where}: {name} = {got!r}, want absent")
        return
    if kind in ("int", "double"):
        # igraph keeps every numeric attribute as a double.
        if not isinstance(got, float) or got != float(want):
            fail(f"{where}: {name} = {got!r}, want {want!r}")
    else:
        check_value(where, name, kind, got, want)


def igraph_graphml(path, expected):
    g = igraph.Graph.Read_GraphML(path)
    if not g.is_directed():
        fail("igraph: graph is not directed")
    if (g.vcount(), g.ecount()) != (len(expected["nodes"]), len(expected["edges"])):
        fail(f"igraph: {g.vcount()} nodes, {g.ecount()} edges")
    for vertex, node in zip(g.vs, expected["nodes"]):
        where = f"igraph node {node['id']}"
        if vertex["id"] != node["id"]:
            fail(f"{where}: id {vertex['id']}")
        for name, kind in expected["node_types"].items():
            igraph_value(where, name, kind, vertex[name], node["attrs"].get(name))
    # Edges keep file order (igraph's own edge `id` attribute is not the GraphML edge id).
    for e, edge in zip(g.es, expected["edges"]):
        where = f"igraph edge {edge['id']}"
        if (g.vs[e.source]["id"], g.vs[e.target]["id"]) != (edge["source"], edge["target"]):
            fail(f"{where}: endpoints")
        for name, kind in expected["edge_types"].items():
            igraph_value(where, name, kind, e[name], edge["attrs"].get(name))
    print(f"igraph Read_GraphML: {g.vcount()} nodes, {g.ecount()} edges, attributes equal")
    return g


def close(where, got, want, tolerance):
    if abs(got - want) > tolerance:
        fail(f"{where}: {got!r} vs {want!r}")


def metrics(g, ig, expected):
    nodes = {n["id"]: n["attrs"] for n in expected["nodes"]}
    for n, attrs in nodes.items():
        if (g.degree(n), g.in_degree(n), g.out_degree(n)) != (attrs["degree"], attrs["in_degree"], attrs["out_degree"]):
            fail(f"degree of {n}")
    if not expected["metrics"]:
        print("networkx: degrees equal")
        return
    # Symmetric facts (co-participation) flow both ways in PageRank: add the reverse edges.
    reverse = [(e["target"], e["source"], e["mutual"]) for e in expected["edges"] if e["mutual"]]
    flows = nx.MultiDiGraph(g)
    flows.add_weighted_edges_from(reverse)
    pagerank = nx.pagerank(flows, alpha=0.85, weight="weight", tol=1e-13, max_iter=2000)
    simple = nx.Graph(g.to_undirected())
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    for n, attrs in nodes.items():
        close(f"pagerank of {n}", attrs["pagerank"], pagerank[n], 1e-9)
        close(f"betweenness of {n}", attrs["betweenness"], betweenness[n], 1e-9)
    components = sorted(
        (sorted(c) for c in nx.weakly_connected_components(g)), key=lambda c: (-len(c), c[0])
    )
    for number, members in enumerate(components):
        for n in members:
            if nodes[n]["component"] != number:
                fail(f"component of {n}: {nodes[n]['component']} != {number}")
    print(f"networkx: degree, pagerank ({len(reverse)} mutual edges), betweenness and {len(components)} components equal")

    ids = ig.vs["id"]
    index = {node_id: i for i, node_id in enumerate(ids)}
    flows = ig.copy()
    flows.add_edges([(index[t], index[s]) for t, s, _ in reverse], attributes={"weight": [float(w) for _, _, w in reverse]})
    pr = flows.pagerank(weights="weight", directed=True, damping=0.85)
    u = ig.as_undirected(mode="collapse")
    u.simplify()
    raw = u.betweenness(directed=False)
    n = ig.vcount()
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    for i, node_id in enumerate(ids):
        close(f"igraph pagerank of {node_id}", nodes[node_id]["pagerank"], pr[i], 1e-9)
        close(f"igraph betweenness of {node_id}", nodes[node_id]["betweenness"], raw[i] * scale, 1e-9)
    print("igraph: pagerank and betweenness equal")


def read_csv(path, expected):
    with open(path + "/nodes.csv", newline="", encoding="utf-8") as f:
        if f.read(1) == "\ufeff":
            fail("nodes.csv starts with a BOM")
        f.seek(0)
        rows = list(csv.DictReader(f))
    if [r["Id"] for r in rows] != [n["id"] for n in expected["nodes"]]:
        fail("nodes.csv ids")
    for row, node in zip(rows, expected["nodes"]):
        if row["Label"] != node["attrs"]["label"] or row["Type"] != node["attrs"]["type"]:
            fail(f"nodes.csv row {node['id']}: {row['Label']!r}")
    with open(path + "/edges.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row, edge in zip(rows, expected["edges"]):
        got = (row["Source"], row["Target"], row["Id"], row["Label"], int(row["Weight"]))
        want = (edge["source"], edge["target"], edge["id"], edge["attrs"]["label"], edge["attrs"]["weight"])
        if got != want:
            fail(f"edges.csv row {got} != {want}")
    if len(rows) != len(expected["edges"]):
        fail("edges.csv rows")
    print(f"python csv: {len(expected['nodes'])} nodes, {len(rows)} edges equal")


def main():
    expected_path, directory = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    print(f"networkx {nx.__version__}, igraph {igraph.__version__}")
    g = networkx_graphml(directory + "/graph.graphml", expected)
    networkx_gexf(directory + "/graph.gexf", expected)
    ig = igraph_graphml(directory + "/graph.graphml", expected)
    metrics(g, ig, expected)
    read_csv(directory, expected)


if __name__ == "__main__":
    main()
