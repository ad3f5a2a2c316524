//! Entry points for fuzzing (`fuzz/`, run with `cargo fuzz`) and for the seed-corpus tests:
//! each takes arbitrary bytes, must never panic, and asserts the invariants of its stage.

use crate::config::Config;
use crate::extract::Extractor;
use crate::ingest::{ingest, Abbreviations};
use crate::nlp::{Doc, Nlp};
use std::path::Path;
use std::sync::OnceLock;

const LEXICON: &str = include_str!("../input/lexicon.toml");
const CUES: &str = include_str!("../input/cues.toml");
const PATTERNS: &str = include_str!("../input/patterns.toml");

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| {
        let config = Config::from_sources(
            (Path::new("lexicon.toml"), LEXICON),
            (Path::new("cues.toml"), CUES),
            (Path::new("patterns.toml"), PATTERNS),
        )
        .expect("the bundled configuration loads");
        Extractor::new(config).expect("the bundled configuration compiles")
    })
}

fn nlp() -> &'static Nlp {
    static NLP: OnceLock<Nlp> = OnceLock::new();
    NLP.get_or_init(|| Nlp::embedded().expect("the embedded model loads"))
}

/// Ingest: sentences and tokens stay inside the text, on character boundaries, in order.
pub fn ingest_bytes(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = ingest(
        "fuzz.txt",
        Path::new("fuzz.txt"),
        text.to_string(),
        &Abbreviations::new(["Mt", "Dr"]),
    );
    let mut last_end = 0;
    let mut last_char = 0;
    for (i, s) in doc.sentences.iter().enumerate() {
        assert!(s.start <= s.end && s.end <= doc.text.len());
        assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end));
        assert!(s.start >= last_end, "sentences overlap");
        assert!(s.char_start >= last_char && s.char_start <= s.char_end);
        assert_eq!(
            s.char_end - s.char_start,
            doc.sentence_text(i).chars().count()
        );
        for t in s.tokens.clone() {
            let tok = &doc.tokens[t];
            assert!(s.start <= tok.start && tok.start < tok.end && tok.end <= s.end);
        }
        last_end = s.end;
        last_char = s.char_end;
    }
}

/// Configuration: any bytes as one of the three files either load or fail with a located error.
pub fn config_bytes(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut files = [LEXICON, CUES, PATTERNS];
    files[usize::from(which % 3)] = text;
    match Config::from_sources(
        (Path::new("lexicon.toml"), files[0]),
        (Path::new("cues.toml"), files[1]),
        (Path::new("patterns.toml"), files[2]),
    ) {
        Ok(config) => {
            let _ = Extractor::new(config);
        }
        Err(e) => assert!(
            e.exit_code() == 3 && e.to_string().contains(".toml:"),
            "unlocated error: {e}"
        ),
    }
}

/// The whole pipeline on arbitrary text: the NLP layer's parse keeps its invariants, and the
/// graph always validates and exports.
pub fn pipeline_bytes(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    assert_nlp_invariants(&nlp().parse(text));
    let ex = extractor();
    let doc = ingest(
        "fuzz.txt",
        Path::new("fuzz.txt"),
        text.to_string(),
        ex.abbreviations(),
    );
    let extraction = ex.extract(doc);
    let resolution = crate::resolve::resolve(ex.config(), &[extraction]);
    let kg = crate::graph::build(ex.config(), &resolution, None);
    let violations = crate::validate::validate(&kg);
    assert!(violations.is_empty(), "{violations:?}");
    let _ = crate::export::dot::to_dot(&kg);
    let _ = crate::export::jsonld::to_json(&kg);
    let _ = crate::export::neo4j::array_delimiter(&kg);
}

/// What every parse must satisfy, whatever the text: tokens cover the text in order (each
/// token's text then its one absorbed space, as spaCy's `text_with_ws`), `idx` counts code
/// points, heads stay in range and in the token's sentence without cycles, and entities are in
/// bounds, ordered, non-overlapping and agree with the tokens' IOB tags.
pub fn assert_nlp_invariants(doc: &Doc) {
    assert_tokens_cover_text(doc);
    assert_heads_form_trees_within_sentences(doc);
    assert_entities_match_iob(doc);
}

fn assert_tokens_cover_text(doc: &Doc) {
    let text = &doc.text;
    let (mut at, mut chars) = (0, 0);
    for (i, t) in doc.tokens.iter().enumerate() {
        assert_eq!(t.i, i, "token {i} has i = {}", t.i);
        assert_eq!(
            t.start, at,
            "token {i} starts at byte {}, expected {at}",
            t.start
        );
        assert!(
            t.start < t.end && t.end <= text.len(),
            "token {i}: bad range {}..{}",
            t.start,
            t.end
        );
        assert!(
            text.is_char_boundary(t.end),
            "token {i} ends inside a character"
        );
        assert_eq!(t.idx, chars, "token {i}: idx is not its code-point offset");
        assert!(
            !t.tag.is_empty() && !t.dep.is_empty(),
            "token {i}: no tag or dep"
        );
        chars += text[t.start..t.end].chars().count();
        at = t.end;
        if t.whitespace {
            assert!(
                text[at..].starts_with(' '),
                "token {i}: whitespace but no space follows"
            );
            at += 1;
            chars += 1;
        }
    }
    assert_eq!(
        at,
        text.len(),
        "the tokens do not cover the text (end at byte {at})"
    );
}

/// Sentence number of each token (the first token starts a sentence).
fn sentence_ids(doc: &Doc) -> Vec<usize> {
    let mut sentence = 0;
    doc.tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if i == 0 {
                assert!(t.sent_start, "the first token does not start a sentence");
            } else if t.sent_start {
                sentence += 1;
            }
            sentence
        })
        .collect()
}

fn assert_heads_form_trees_within_sentences(doc: &Doc) {
    let n = doc.tokens.len();
    let sentence = sentence_ids(doc);
    for t in &doc.tokens {
        assert!(t.head < n, "token {}: head {} out of range", t.i, t.head);
        assert_eq!(
            sentence[t.head], sentence[t.i],
            "token {}: head {} is in another sentence",
            t.i, t.head
        );
    }
    for t in &doc.tokens {
        let (mut at, mut steps) = (t.i, 0);
        while doc.tokens[at].head != at {
            at = doc.tokens[at].head;
            steps += 1;
            assert!(steps <= n, "token {}: its heads form a cycle", t.i);
        }
    }
}

fn assert_entities_match_iob(doc: &Doc) {
    let mut expected: Vec<(char, &str)> = vec![('O', ""); doc.tokens.len()];
    let mut last_end = 0;
    for e in &doc.ents {
        assert!(
            e.start < e.end && e.end <= doc.tokens.len(),
            "entity {}..{} out of bounds",
            e.start,
            e.end
        );
        assert!(
            e.start >= last_end,
            "entity {}..{} overlaps the previous one",
            e.start,
            e.end
        );
        assert!(
            !e.label.is_empty(),
            "entity {}..{} has no label",
            e.start,
            e.end
        );
        for (k, slot) in expected[e.start..e.end].iter_mut().enumerate() {
            *slot = (if k == 0 { 'B' } else { 'I' }, e.label.as_str());
        }
        last_end = e.end;
    }
    for (t, (iob, label)) in doc.tokens.iter().zip(expected) {
        assert_eq!(
            (t.ent_iob, t.ent_type.as_str()),
            (iob, label),
            "token {}: IOB disagrees with the entity list",
            t.i
        );
    }
}

#[cfg(test)]
mod tests {
    use super::assert_nlp_invariants;
    use crate::nlp::{Doc, Entity, Token};

    /// "Ann met Bob. He left." as tokens, each its own root, one sentence per period.
    fn doc() -> Doc {
        let text = "Ann met Bob. He left.";
        let pieces = [("Ann", true), ("met", true), ("Bob", false), (".", true)];
        let pieces = pieces
            .iter()
            .chain(&[("He", true), ("left", false), (".", false)]);
        let mut at = 0;
        let tokens = pieces
            .enumerate()
            .map(|(i, &(s, whitespace))| {
                let t = Token {
                    i,
                    start: at,
                    end: at + s.len(),
                    idx: at,
                    whitespace,
                    tag: "X".into(),
                    pos: "X".into(),
                    morph: String::new(),
                    lemma: s.into(),
                    head: i,
                    dep: "ROOT".into(),
                    ent_iob: if i == 2 { 'B' } else { 'O' },
                    ent_type: if i == 2 {
                        "PERSON".into()
                    } else {
                        String::new()
                    },
                    sent_start: i == 0 || i == 4,
                };
                at += s.len() + usize::from(whitespace);
                t
            })
            .collect();
        Doc {
            text: text.into(),
            tokens,
            ents: vec![Entity {
                start: 2,
                end: 3,
                label: "PERSON".into(),
            }],
        }
    }

    fn fails(change: impl FnOnce(&mut Doc)) -> bool {
        let mut d = doc();
        change(&mut d);
        std::panic::catch_unwind(|| assert_nlp_invariants(&d)).is_err()
    }

    #[test]
    fn a_consistent_parse_passes() {
        assert_nlp_invariants(&doc());
        assert!(!fails(|d| d.tokens[1].head = 0));
    }

    #[test]
    fn token_coverage_is_checked() {
        assert!(fails(|d| d.tokens[0].whitespace = false), "gap");
        assert!(fails(|d| d.tokens[1].start -= 1), "overlap");
        assert!(
            fails(|d| {
                d.tokens.pop();
            }),
            "uncovered end"
        );
        assert!(fails(|d| d.tokens[3].idx += 1), "idx");
        assert!(fails(|d| d.tokens[2].i = 7), "i");
    }

    #[test]
    fn heads_are_checked() {
        assert!(fails(|d| d.tokens[1].head = 99), "out of range");
        assert!(fails(|d| d.tokens[5].head = 1), "other sentence");
        assert!(
            fails(|d| {
                d.tokens[0].head = 1;
                d.tokens[1].head = 0;
            }),
            "cycle"
        );
        assert!(
            fails(|d| d.tokens[0].sent_start = false),
            "no first sentence start"
        );
    }

    #[test]
    fn entities_are_checked() {
        assert!(fails(|d| d.ents[0].end = 9), "out of bounds");
        assert!(fails(|d| d.ents.push(d.ents[0].clone())), "overlap");
        assert!(fails(|d| d.tokens[2].ent_iob = 'I'), "IOB");
        assert!(fails(|d| d.tokens[3].ent_type = "ORG".into()), "stray type");
    }
}
