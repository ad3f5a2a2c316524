//! Entry points for fuzzing (`fuzz/`, run with `cargo fuzz`) and for the seed-corpus tests:
//! each takes arbitrary bytes, must never panic, and asserts the invariants of its stage.

use crate::config::Config;
use crate::extract::Extractor;
use crate::ingest::{ingest, Abbreviations};
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

/// The whole pipeline on arbitrary text: the graph always validates and exports.
pub fn pipeline_bytes(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
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
