"""Write a deterministic synthetic graph as nodes.csv + edges.csv (the benchmark's input).

Usage: gen_synthetic.py DIR [NODES] [EDGES]   (defaults: 100000 nodes, 1000000 edges)

nodes.csv: id,label,type,date — slugs n0…, labels with & < > " and Japanese, the eleven
entity types in turn, a date for every node (used by Event nodes). edges.csv:
source,target,predicate,date — no self-loops, every (source, predicate, target, date)
distinct, so each edge is one fact in every tool. A fixed LCG makes the bytes the same on
every machine and Python version.
"""

import os
import sys

TYPES = ["State", "Ministry", "Agency", "Official", "Organization", "WorkingGroup",
         "InternationalForum", "Event", "Document", "Place", "Program"]
PREDICATES = ["memberOf", "partOf", "participatedIn", "signed", "established", "agreedOn",
              "hosted", "heldIn", "represents", "headOf", "joined", "contributedTo",
              "cooperatesWith", "issued"]


class Lcg:
    def __init__(self, seed):
        self.state = seed

    def next(self, bound):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.state >> 33) % bound


def day(rng):
    return f"{2000 + rng.next(25)}-{1 + rng.next(12):02d}-{1 + rng.next(28):02d}"


def main():
    out = sys.argv[1]
    n_nodes = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    n_edges = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    os.makedirs(out, exist_ok=True)
    rng = Lcg(20131003)
    with open(os.path.join(out, "nodes.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("id,label,type,date\n")
        for i in range(n_nodes):
            label = f'"Node {i} & <日本> ""q"""'
            f.write(f"n{i},{label},{TYPES[i % len(TYPES)]},{day(rng)}\n")
    seen = set()
    with open(os.path.join(out, "edges.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("source,target,predicate,date\n")
        while len(seen) < n_edges:
            s, t = rng.next(n_nodes), rng.next(n_nodes)
            p, d = PREDICATES[rng.next(len(PREDICATES))], day(rng)
            if s == t or (s, t, p, d) in seen:
                continue
            seen.add((s, t, p, d))
            f.write(f"n{s},n{t},{p},{d}\n")


if __name__ == "__main__":
    main()
