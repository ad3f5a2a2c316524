#!/usr/bin/env bash
# Extraction quality: builds and scores the dev corpus (../shared/dev), the seed articles (gold in
# ../shared/gold), tests/articles and tests/fresh (four stories of other kinds) with `kgpipe score`,
# for each extractor.
# Usage: scripts/quality.sh [rules|model ...]   (default: rules model)
# Prints overall, per-label and per-type figures, and the precision of the top half of the edges
# by confidence; then, per set, entity and relationship F1 against the floors and targets of
# scripts/quality-floors. Exits 1 when a set scores below its floor (a target not yet met is
# printed, not failed). A corpus whose gold is absent is "skipped" (../shared missing;
# KGPIPE_SHARED points elsewhere).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
floors="$root/scripts/quality-floors"
verdicts=()
below=0
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
        "$bin" score --graph "$out/neo4j" "${golds[@]}" | sed '/^missed entities:/,$d' |
            tee "$work/$name/score-$ex"
        judge "$name" "$ex" "$work/$name/score-$ex"
    done
}

# judge SET EXTRACTOR REPORT: entity and relationship F1 (the report's first two "all" rows)
# against the set's floor and target.
judge() {
    local set="$1" ex="$2" report="$3" line
    line="$(awk -v s="$set" -v e="$ex" '$1 == s && $2 == e' "$floors")"
    [ -n "$line" ] || { verdicts+=("$set, $ex: no floor in scripts/quality-floors"); return; }
    read -r _ _ ef rf et rt <<<"$line"
    read -r e r < <(awk '/^  all +P /{f[++n]=$7} END{print f[1], f[2]}' "$report")
    local verdict
    verdict="$(awk -v e="$e" -v r="$r" -v ef="$ef" -v rf="$rf" -v et="$et" -v rt="$rt" 'BEGIN{
        printf "entity F1 %.3f (floor %.2f, target %.2f %s), relationship F1 %.3f (floor %.2f, target %.2f %s)",
            e, ef, et, (e >= et ? "met" : "not met"), r, rf, rt, (r >= rt ? "met" : "not met");
        exit !(e >= ef && r >= rf) }')" || { below=1; verdict="$verdict  BELOW THE FLOOR"; }
    verdicts+=("$set, $ex: $verdict")
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
score fresh-stories "$root/tests/fresh/*.txt" "$root"/tests/fresh/gold/*.gold.json

echo "== floors and targets (scripts/quality-floors)"
printf '%s\n' "${verdicts[@]}"
if [ "$below" -ne 0 ]; then
    echo "quality.sh: a set scored below its floor" >&2
    exit 1
fi
