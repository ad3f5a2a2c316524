//! Test support: spaCy's reference outputs (`tests/nlp/tok_reference.json`, written by
//! `scripts/nlp_tok_reference.py`) compared with the tokenizer, the lexical features, the
//! attribute ruler and the lemmatizer. Every comparison lists each disagreement.

use super::attribute_ruler::AttributeRuler;
use super::lemmatizer::Lemmatizer;
use super::lexeme::{Lexicon, Symbols, IS_SPACE};
use super::model_files::ModelFiles;
use super::tokenizer::{RawToken, Tokenizer};
use super::Token;
use serde::Deserialize;

/// `[text, whitespace, idx, norm, features, tag_in, dep_in, pos, morph, lemma, tag, dep]`.
#[derive(Deserialize)]
pub(crate) struct Row(
    pub String,
    pub bool,
    pub usize,
    pub String,
    pub [u64; 6],
    pub String,
    pub String,
    pub String,
    pub String,
    pub String,
    pub String,
    pub String,
);

#[derive(Deserialize)]
pub(crate) struct Text {
    pub text: String,
    pub tokens: Vec<Row>,
}

#[derive(Deserialize)]
pub(crate) struct Fixture {
    pub texts: Vec<Text>,
}

pub(crate) fn load(path: &str) -> Fixture {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub(crate) fn committed() -> Fixture {
    load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/nlp/tok_reference.json"
    ))
}

/// The loaded non-neural parts of the pipeline.
pub(crate) struct Parts {
    pub tokenizer: Tokenizer,
    pub lexicon: Lexicon,
    pub ruler: AttributeRuler,
    pub lemmatizer: Lemmatizer,
}

pub(crate) fn parts() -> Parts {
    let files = ModelFiles::embedded();
    let symbols = Symbols::from_json(files.get("symbols.json").unwrap()).unwrap();
    Parts {
        tokenizer: Tokenizer::from_bytes(files.get("tokenizer").unwrap()).unwrap(),
        lexicon: Lexicon::new(files.get("vocab/lookups.bin").unwrap(), symbols.clone()).unwrap(),
        ruler: AttributeRuler::from_bytes(files.get("attribute_ruler/patterns").unwrap()).unwrap(),
        lemmatizer: Lemmatizer::from_bytes(
            files.get("lemmatizer/lookups/lookups.bin").unwrap(),
            symbols,
        )
        .unwrap(),
    }
}

/// A token with the given tag and dep and nothing else set.
pub(crate) fn token(start: usize, end: usize, tag: &str, dep: &str) -> Token {
    Token {
        i: 0,
        start,
        end,
        idx: 0,
        whitespace: false,
        tag: tag.to_string(),
        pos: String::new(),
        morph: String::new(),
        lemma: String::new(),
        head: 0,
        dep: dep.to_string(),
        ent_iob: 'O',
        ent_type: String::new(),
        sent_start: false,
    }
}

/// Agreement counts and the disagreements, one line each.
#[derive(Default)]
pub(crate) struct Tally {
    pub total: usize,
    pub same: usize,
    pub diffs: Vec<String>,
}

impl Tally {
    fn check(&mut self, same: bool, describe: impl FnOnce() -> String) {
        self.total += 1;
        if same {
            self.same += 1;
        } else {
            self.diffs.push(describe());
        }
    }

    pub(crate) fn assert_all_same(&self, what: &str) {
        assert!(
            self.diffs.is_empty(),
            "{what}: {} of {} differ:\n{}",
            self.diffs.len(),
            self.total,
            self.diffs.join("\n")
        );
        assert!(self.total > 0, "{what}: nothing compared");
    }
}

fn triple(text: &str, t: &RawToken) -> (String, usize, bool) {
    (text[t.start..t.end].to_string(), t.idx, t.spacy)
}

/// Tokens: (text, idx, whitespace) of every reference token, per text; and, for texts cut
/// identically, the feature ids and the ruler + lemmatizer outputs given spaCy's tags and deps.
pub(crate) struct Report {
    pub tokens: Tally,
    pub features: Tally,
    pub annotations: Tally,
}

pub(crate) fn compare(parts: &Parts, fixture: &Fixture) -> Report {
    let mut report = Report {
        tokens: Tally::default(),
        features: Tally::default(),
        annotations: Tally::default(),
    };
    for (n, reference) in fixture.texts.iter().enumerate() {
        let text = &reference.text;
        let raw = parts.tokenizer.tokenize(text);
        let ours: Vec<_> = raw.iter().map(|t| triple(text, t)).collect();
        let theirs: Vec<_> = reference
            .tokens
            .iter()
            .map(|r| (r.0.clone(), r.2, r.1))
            .collect();
        for (k, t) in theirs.iter().enumerate() {
            report.tokens.check(ours.get(k) == Some(t), || {
                format!("text {n} token {k}: spaCy {t:?}, ours {:?}", ours.get(k))
            });
        }
        if ours.len() > theirs.len() {
            report.tokens.diffs.push(format!(
                "text {n}: {} extra tokens",
                ours.len() - theirs.len()
            ));
        }
        if ours == theirs {
            compare_features(parts, text, &raw, reference, n, &mut report.features);
            compare_annotations(parts, text, &raw, reference, n, &mut report.annotations);
        }
    }
    report
}

fn compare_features(
    parts: &Parts,
    text: &str,
    raw: &[RawToken],
    reference: &Text,
    n: usize,
    tally: &mut Tally,
) {
    for (k, (t, row)) in raw.iter().zip(&reference.tokens).enumerate() {
        let ours = parts.lexicon.features(text, t);
        tally.check(ours == row.4, || {
            format!(
                "text {n} token {k} {:?} (norm {:?}): spaCy {:?}, ours {ours:?}",
                row.0, row.3, row.4
            )
        });
    }
}

fn compare_annotations(
    parts: &Parts,
    text: &str,
    raw: &[RawToken],
    reference: &Text,
    n: usize,
    tally: &mut Tally,
) {
    let mut tokens: Vec<Token> = raw
        .iter()
        .zip(&reference.tokens)
        .map(|(t, row)| token(t.start, t.end, &row.5, &row.6))
        .collect();
    let is_space: Vec<bool> = raw
        .iter()
        .map(|t| parts.lexicon.features(text, t)[IS_SPACE] == 1)
        .collect();
    parts.ruler.apply(text, &mut tokens, &is_space);
    parts.lemmatizer.apply(text, &mut tokens);
    for (k, (t, row)) in tokens.iter().zip(&reference.tokens).enumerate() {
        let ours = (&t.pos, &t.morph, &t.lemma, &t.tag, &t.dep);
        let theirs = (&row.7, &row.8, &row.9, &row.10, &row.11);
        tally.check(ours == theirs, || {
            format!(
                "text {n} token {k} {:?} (tag {}, dep {}): spaCy {theirs:?}, ours {ours:?}",
                row.0, row.5, row.6
            )
        });
    }
}

#[test]
fn committed_fixture_tokens_are_identical() {
    compare(&parts(), &committed())
        .tokens
        .assert_all_same("tokens");
}

#[test]
fn committed_fixture_features_are_identical() {
    compare(&parts(), &committed())
        .features
        .assert_all_same("feature ids");
}

#[test]
fn committed_fixture_pos_morph_lemma_are_identical() {
    compare(&parts(), &committed())
        .annotations
        .assert_all_same("pos/morph/lemma/tag/dep");
}

/// A larger private check: `NLP_TOK_REFERENCE=/path/to/dump.json cargo test --lib
/// nlp::reference::private -- --ignored --nocapture` (a dump of the same script on other texts).
#[test]
#[ignore]
fn private_reference_dump() {
    let path = std::env::var("NLP_TOK_REFERENCE").expect("set NLP_TOK_REFERENCE");
    let report = compare(&parts(), &load(&path));
    for (what, t) in [
        ("tokens", &report.tokens),
        ("features", &report.features),
        ("pos/morph/lemma/tag/dep", &report.annotations),
    ] {
        eprintln!("{what}: {} / {} identical", t.same, t.total);
        for d in t.diffs.iter().take(30) {
            eprintln!("  {d}");
        }
    }
}
