"""Reads GraphML files with networkx and with igraph and compares each with what the graph holds.

Arguments: pairs of paths, GRAPHML EXPECTED_JSON. The expected JSON, written by the Rust test
from the graph, is {"lists": [names of list attributes], "nodes": {id: {attr: value}},
"edges": [{"id", "source", "target", "attrs": {attr: value}}]}; a list attribute's value is the
list, which the GraphML holds as a JSON array string.

Checked for each file, by each reader: the node ids; every node's attributes, with their types
(str, int, float, bool); the edges as (id, source, target), directed (igraph: in file order, see check_igraph); every edge's
attributes.
Prints one line per file and reader on success; exits non-zero naming the first difference.
"""
import json
import math
import sys

import igraph
import networkx as nx


class Mismatch(Exception):
    pass


def check(what, got, want):
    if got != want:
        raise Mismatch(f"{what}: got {got!r}, want {want!r}")


def decoded(attrs, lists):
    """Attributes as read, list attributes decoded from their JSON array text."""
    out = {}
    for k, v in attrs.items():
        if k in lists:
            if not isinstance(v, str):
                raise Mismatch(f"list attribute {k} is a {type(v).__name__}, not a string")
            v = json.loads(v)
        out[k] = v
    return out


def same_attrs(what, got, want, lists):
    got = decoded(got, lists)
    check(f"{what} attribute names", sorted(got), sorted(want))
    for k, v in want.items():
        check(f"{what} {k} type", type(got[k]).__name__, type(v).__name__)
        check(f"{what} {k}", got[k], v)


def networkx_edges(g):
    if g.is_multigraph():
        for u, v, key, data in g.edges(keys=True, data=True):
            yield key, u, v, data
    else:
        for u, v, data in g.edges(data=True):
            data = dict(data)
            yield data.pop("id"), u, v, data


def check_networkx(path, want, lists):
    g = nx.read_graphml(path)
    check("networkx directed", g.is_directed(), True)
    check("networkx node ids", sorted(g.nodes), sorted(want["nodes"]))
    for n, attrs in g.nodes(data=True):
        same_attrs(f"networkx node {n!r}", attrs, want["nodes"][n], lists)
    edges = {e["id"]: e for e in want["edges"]}
    got = list(networkx_edges(g))
    check("networkx edge ids", sorted(k for k, *_ in got), sorted(edges))
    for key, u, v, data in got:
        e = edges[key]
        check(f"networkx edge {key} ends", (u, v), (e["source"], e["target"]))
        same_attrs(f"networkx edge {key}", data, e["attrs"], lists)


def igraph_values(attrs, declared_types, want):
    """igraph gives every declared attribute to every vertex or edge: an absent string is ""
    or None, an absent number NaN, an absent boolean False. Those are left out (GraphML's "no
    value"), a False only when the graph holds no value. igraph keeps numbers as floats: an
    int attribute is given back as an int when whole."""
    out = {}
    for k, v in attrs.items():
        t = declared_types[k]
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        if (t == "string" and v == "") or (t == "boolean" and v is False and k not in want):
            continue
        if t == "int" and isinstance(v, float) and v.is_integer():
            v = int(v)
        out[k] = v
    return out


def key_types(path):
    import xml.etree.ElementTree as ET

    ns = "{http://graphml.graphdrawing.org/xmlns}"
    types = {"node": {}, "edge": {}}
    for key in ET.parse(path).getroot().iter(f"{ns}key"):
        types[key.get("for")][key.get("attr.name")] = key.get("attr.type")
    return types


def check_igraph(path, want, lists):
    g = igraph.Graph.Read_GraphML(path)
    types = key_types(path)
    check("igraph directed", g.is_directed(), True)
    ids = g.vs["id"] if g.vcount() else []
    check("igraph node ids", sorted(ids), sorted(want["nodes"]))
    for vertex in g.vs:
        attrs = dict(vertex.attributes())
        n = attrs.pop("id")
        attrs = igraph_values(attrs, types["node"], want["nodes"][n])
        same_attrs(f"igraph node {n!r}", attrs, want["nodes"][n], lists)
    # igraph 1.0 does not keep GraphML edge ids (it fills an edge's "id" with its source's
    # id): its edges are matched to the graph's in file order, which it keeps.
    check("igraph edge count", g.ecount(), len(want["edges"]))
    for edge, e in zip(g.es, want["edges"]):
        attrs = dict(edge.attributes())
        attrs.pop("id", None)
        check(f"igraph edge {e['id']} ends", (ids[edge.source], ids[edge.target]), (e["source"], e["target"]))
        attrs = igraph_values(attrs, types["edge"], e["attrs"])
        same_attrs(f"igraph edge {e['id']}", attrs, e["attrs"], lists)


def main(args):
    if len(args) % 2:
        sys.exit("give pairs: GRAPHML EXPECTED_JSON ...")
    for path, expected in zip(args[::2], args[1::2]):
        with open(expected, encoding="utf-8") as f:
            want = json.load(f)
        lists = set(want["lists"])
        for name, reader in [("networkx", check_networkx), ("igraph", check_igraph)]:
            try:
                reader(path, want, lists)
            except Mismatch as e:
                sys.exit(f"{path}: {name}: {e}")
            print(f"{path}: {name}: {len(want['nodes'])} nodes, {len(want['edges'])} edges equal")


if __name__ == "__main__":
    main(sys.argv[1:])
