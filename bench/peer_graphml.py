"""The scale benchmark's NetworkX and igraph side for GraphML.

Usage: peer_graphml.py networkx|igraph DIR OUT

Reads the Gephi tables diplograph exported from the same store (DIR/nodes.csv, DIR/edges.csv),
builds a directed multigraph with every column as an attribute (Weight and degree counts as
integers, the rest as strings, as a user loading the tables would), and writes GraphML with
networkx.write_graphml or igraph's Graph.write_graphml. Prints `NODES nodes, EDGES edges`.
With METRICS=1, igraph computes PageRank, betweenness and components itself (as diplograph's
export does) instead of writing the columns diplograph computed.
"""

import csv
import os
import sys

INTS = {"Weight", "degree", "in_degree", "out_degree"}


def table(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        keep = [i for i, name in enumerate(header) if name != "Interval"]
        out = []
        for row in rows:
            out.append({header[i]: (int(row[i]) if header[i] in INTS and row[i] else row[i])
                        for i in keep if row[i] != ""})
        return out


def main():
    tool, directory, out = sys.argv[1:4]
    nodes = table(directory + "/nodes.csv")
    edges = table(directory + "/edges.csv")
    for e in edges:
        e.pop("Type", None)  # always "Directed": the graph is directed
    if tool == "networkx":
        import networkx as nx

        g = nx.MultiDiGraph()
        g.add_nodes_from((n.pop("Id"), n) for n in nodes)
        g.add_edges_from((e.pop("Source"), e.pop("Target"), e.pop("Id"), e) for e in edges)
        nx.write_graphml(g, out)
        n, m = g.number_of_nodes(), g.number_of_edges()
    elif tool == "igraph":
        import igraph

        index = {row["Id"]: i for i, row in enumerate(nodes)}
        g = igraph.Graph(n=len(nodes), directed=True)
        for name in sorted({k for row in nodes for k in row}):
            g.vs[name] = [row.get(name, "") for row in nodes]
        g.add_edges([(index[e["Source"]], index[e["Target"]]) for e in edges])
        for name in sorted({k for row in edges for k in row} - {"Source", "Target"}):
            g.es[name] = [row.get(name, "") for row in edges]
        if os.environ.get("METRICS") == "1":
            # compute the metrics instead of copying diplograph's columns: weighted PageRank,
            # exact betweenness of the undirected simple view, weak components
            g.vs["pagerank"] = g.pagerank(weights=[float(w or 1) for w in g.es["Weight"]])
            simple = g.as_undirected().simplify()
            g.vs["betweenness"] = simple.betweenness(directed=False)
            g.vs["component"] = g.connected_components(mode="weak").membership
        g.write_graphml(out)
        n, m = g.vcount(), g.ecount()
    else:
        raise SystemExit(f"unknown tool {tool}")
    print(f"{n} nodes, {m} edges")


if __name__ == "__main__":
    main()
