#!/usr/bin/env bash
# Extraction quality: builds and scores the dev corpus (../shared/dev), the seed articles (gold in
# ../shared/gold) and tests/articles with `kgpipe score`, for each extractor.
# Usage: scripts/quality.sh [rules|model ...]   (default: rules model)
# Prints overall, per-label and per-type figures, and the precision of the top half of the edges
# by confidence. Exits 0 with "skipped" for a corpus whose gold is absent (../shared missing;
# KGPIPE_SHARED points elsewhere).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${KGPIPE_SHARED:-$root/../shared}"
extractors=("${@:-rules}")
[ $# -eq 0 ] && extractors=(rules model)

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$root/target}/release/kgpipe"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# score NAME ARTICLES_GLOB GOLD...: builds the articles with the repository's configuration.
score() {
    local name="$1" articles="$2"
    shift 2
    local input="$work/$name/input"
    mkdir -p "$input/articles"
    cp "$root"/input/*.toml "$input/"
    # shellcheck disable=SC2086
    cp $articles "$input/articles/"
    for ex in "${extractors[@]}"; do
        local out="$work/$name/out-$ex"
        echo "== $name, extractor $ex"
        "$bin" build --input "$input" --output "$out" --format neo4j --no-svg \
            --extractor "$ex" >/dev/null
        local golds=()
        for g in "$@"; do golds+=(--gold "$g"); done
        "$bin" score --graph "$out/neo4j" "${golds[@]}" | sed '/^missed entities:/,$d'
    done
}

if [ -d "$shared/dev" ]; then
    score dev "$shared/dev/*.txt" "$shared/dev/dev.merged.json"
else
    echo "== dev: skipped (no ../shared/dev beside the repository)"
fi
if [ -f "$shared/gold/seeds.merged.json" ]; then
    score seeds "$root/input/articles/*.txt" "$shared/gold/seeds.merged.json"
else
    echo "== seeds: skipped (no ../shared/gold beside the repository)"
fi
score tests-articles "$root/tests/articles/*.txt" "$root"/tests/articles/gold/*.gold.json
