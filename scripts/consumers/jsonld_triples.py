"""Expands a JSON-LD file with pyld, offline, and prints its RDF triples as JSON.

Fails if any remote document is requested or any property is dropped during expansion.
Output: a JSON list of [subject, predicate, object_kind, object_value, datatype].
"""
import json
import sys

from pyld import jsonld


def refuse(url, options=None):
    raise RuntimeError(f"remote document requested (the file must be self-contained): {url}")


def main(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    jsonld.set_document_loader(refuse)
    dropped = []
    jsonld.expand(doc, {"documentLoader": refuse}, on_property_dropped=dropped.append)
    if dropped:
        sys.exit(f"pyld dropped properties on expansion: {sorted(set(map(str, dropped)))}")
    dataset = jsonld.to_rdf(doc, {"documentLoader": refuse})
    triples = []
    for graph, quads in dataset.items():
        if graph != "@default":
            sys.exit(f"unexpected named graph {graph}")
        for q in quads:
            o = q["object"]
            triples.append([q["subject"]["value"], q["predicate"]["value"], o["type"], o["value"], o.get("datatype", "")])
    json.dump(sorted(triples), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
