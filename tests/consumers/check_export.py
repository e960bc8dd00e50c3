#!/usr/bin/env python3
"""Load a cyberkg export with the library its users load it with, and report what it read.

Usage: check_export.py FORMAT FILE
  FORMAT: graphml | gexf   (networkx)   -> {"nodes": N, "edges": M, "node": {...}, "edge": {...}}
          nt | jsonld      (rdflib)     -> {"triples": T, "labels": {iri: label}}
Exits 1 with the library's own error when it cannot read the file.
"""
import json
import sys


def main() -> int:
    fmt, path = sys.argv[1], sys.argv[2]
    if fmt in ("graphml", "gexf"):
        import networkx as nx

        g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path, version="1.3")
        node = dict(g.nodes["country:TJ"]) if "country:TJ" in g else {}
        edge = {}
        for u, v, data in g.edges(data=True):
            if u == "country:TJ" and v == "country:CN":
                edge = dict(data)
        print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                          "directed": g.is_directed(), "node": node, "edge": edge}, default=str))
        return 0
    if fmt in ("nt", "jsonld"):
        import rdflib

        g = rdflib.Graph()
        g.parse(path, format="nt" if fmt == "nt" else "json-ld")
        labels = {str(s): str(o) for s, o in g.subject_objects(rdflib.RDFS.label)}
        coop = rdflib.URIRef("urn:cyberkg:vocab:COOPERATES_WITH")
        pairs = [[str(s), str(o)] for s, o in g.subject_objects(coop)]
        print(json.dumps({"triples": len(g), "labels": labels, "cooperates": pairs}))
        return 0
    print(f"unknown format {fmt}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
