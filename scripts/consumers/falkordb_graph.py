"""Reads a graph back from a running FalkorDB over its Redis protocol (the falkordb client, not
Bolt) and prints it as JSON: counts per label and type, every node's properties by id, every
relationship's properties by "from TYPE to", and the answers of the given queries.

Values keep their FalkorDB type: a date is {"date": "YYYY-MM-DD"}, so a string never passes
for one.
Usage: falkordb_graph.py PORT GRAPH [CYPHER_QUERY ...]
"""
import datetime
import json
import sys

import falkordb


def typed(value):
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return value


def main(port, graph, queries):
    db = falkordb.FalkorDB(host="127.0.0.1", port=int(port), socket_timeout=60)
    if graph not in db.list_graphs():
        json.dump({"graphs": db.list_graphs()}, sys.stdout)
        return
    g = db.select_graph(graph)
    labels = {}
    for (label,) in g.query("CALL db.labels()").result_set:
        labels[label] = g.query(f"MATCH (n:`{label}`) RETURN count(n)").result_set[0][0]
    types = {}
    for (rel,) in g.query("CALL db.relationshipTypes()").result_set:
        types[rel] = g.query(f"MATCH ()-[r:`{rel}`]->() RETURN count(r)").result_set[0][0]
    nodes = {}
    for (node,) in g.query("MATCH (n) RETURN n").result_set:
        props = {k: typed(v) for k, v in node.properties.items()}
        props["_labels"] = node.labels
        nodes.setdefault(props.get("id"), []).append(props)
    rels = {}
    for a, r, b in g.query("MATCH (a)-[r]->(b) RETURN a.id, r, b.id").result_set:
        rels.setdefault(f"{a} {r.relation} {b}", []).append(
            {k: typed(v) for k, v in r.properties.items()})
    answers = [[[typed(v) for v in row] for row in g.query(q).result_set] for q in queries]
    json.dump({"graphs": db.list_graphs(), "labels": labels, "types": types, "nodes": nodes,
               "rels": rels, "answers": answers}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
