"""The benchmark's NetworkX and igraph side: read the synthetic graph, write one format.

Usage: peers_export.py networkx|igraph DIR graphml|gexf OUT

Builds the same graph the diplograph side builds (node label/type/date, edge
predicate/date/weight, directed, parallel edges kept), then writes it with
networkx.write_graphml / write_gexf or igraph's Graph.write_graphml.
Prints `read_s build_s write_s nodes edges read_cpu build_cpu write_cpu` (wall and CPU seconds).
"""

import csv
import sys
import time


def main():
    tool, directory, fmt, out = sys.argv[1:5]
    started, cpu = time.perf_counter(), time.process_time()
    with open(directory + "/nodes.csv", newline="", encoding="utf-8") as f:
        nodes = list(csv.reader(f))[1:]
    with open(directory + "/edges.csv", newline="", encoding="utf-8") as f:
        edges = list(csv.reader(f))[1:]
    read, read_cpu = time.perf_counter() - started, time.process_time() - cpu

    started, cpu = time.perf_counter(), time.process_time()
    if tool == "networkx":
        import networkx as nx

        g = nx.MultiDiGraph()
        g.add_nodes_from((i, {"label": l, "type": t, "date": d}) for i, l, t, d in nodes)
        g.add_edges_from((s, t, {"predicate": p, "date": d, "weight": 1}) for s, t, p, d in edges)
        n, m = g.number_of_nodes(), g.number_of_edges()
    elif tool == "igraph":
        import igraph

        index = {row[0]: i for i, row in enumerate(nodes)}
        g = igraph.Graph(
            n=len(nodes),
            edges=[(index[s], index[t]) for s, t, _, _ in edges],
            directed=True,
            vertex_attrs={"id": [r[0] for r in nodes], "label": [r[1] for r in nodes],
                          "type": [r[2] for r in nodes], "date": [r[3] for r in nodes]},
            edge_attrs={"predicate": [e[2] for e in edges], "date": [e[3] for e in edges],
                        "weight": [1] * len(edges)},
        )
        n, m = g.vcount(), g.ecount()
    else:
        raise SystemExit(f"unknown tool {tool}")
    build, build_cpu = time.perf_counter() - started, time.process_time() - cpu

    started, cpu = time.perf_counter(), time.process_time()
    if tool == "networkx" and fmt == "graphml":
        nx.write_graphml(g, out)
    elif tool == "networkx" and fmt == "gexf":
        nx.write_gexf(g, out)
    elif tool == "igraph" and fmt == "graphml":
        g.write_graphml(out)
    else:
        raise SystemExit(f"{tool} cannot write {fmt}")
    write, write_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{read:.3f} {build:.3f} {write:.3f} {n} {m} {read_cpu:.2f} {build_cpu:.2f} {write_cpu:.2f}")


if __name__ == "__main__":
    main()
