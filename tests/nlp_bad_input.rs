//! Text the model has never seen: no panic, and every parse keeps the invariants of
//! `kgpipe::fuzz::assert_nlp_invariants` (tokens cover the text, idx in code points, heads in
//! range and in their sentence, entities in bounds and consistent with the IOB tags).
//! Linear time is the benchmark's matter (`cargo bench --bench nlp`), not a timed test here.

use kgpipe::fuzz::assert_nlp_invariants;
use kgpipe::nlp::{Doc, Nlp};
use std::sync::OnceLock;

fn nlp() -> &'static Nlp {
    static NLP: OnceLock<Nlp> = OnceLock::new();
    NLP.get_or_init(|| Nlp::embedded().expect("the embedded model loads"))
}

fn parse_checked(text: &str) -> Doc {
    let doc = nlp().parse(text);
    assert_eq!(doc.text, text);
    assert_nlp_invariants(&doc);
    doc
}

/// SplitMix64, so that the junk is the same on every run.
fn junk_numbers(seed: u64) -> impl Iterator<Item = u64> {
    let mut state = seed;
    std::iter::from_fn(move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Some(z ^ (z >> 31))
    })
}

/// Valid UTF-8 without NUL, as ingest lets through: any code point of any plane, controls,
/// combining marks and private use included.
fn binary_junk(chars: usize, seed: u64) -> String {
    junk_numbers(seed)
        .filter_map(|n| match n % 4 {
            0 => char::from_u32((n >> 8) as u32 % 0x80),
            1 => char::from_u32((n >> 8) as u32 % 0x800),
            2 => char::from_u32((n >> 8) as u32 % 0x1_0000),
            _ => char::from_u32((n >> 8) as u32 % 0x11_0000),
        })
        .filter(|&c| c != '\0')
        .take(chars)
        .collect()
}

fn cases() -> Vec<(&'static str, String)> {
    vec![
        (
            "emoji",
            "Family 👨‍👩‍👧 trip 🎉🎉 to Paris 🇫🇷! Great news 😀😀😀... #blessed @fan 👍🏽".into(),
        ),
        (
            "rtl",
            "مرحبا بالعالم. שלום עולם! He said \"مرحبا\" in Tel Aviv (תל אביב) on 3 May.".into(),
        ),
        (
            "mixed scripts",
            "Tokyo 東京 — Москва, Ελλάδα; हिन्दी और 한국어 Kaua‘i O'Neil Zellweger-Smith".into(),
        ),
        ("long token", "x".repeat(10_000)),
        (
            "long token in a sentence",
            format!("He typed {} and left.", "ab1".repeat(3_400)),
        ),
        ("binary junk", binary_junk(4_000, 7)),
        ("binary junk 2", binary_junk(4_000, 8)),
        (
            "256 tokens without punctuation",
            (0..256)
                .map(|i| ["the", "crew", "walked", "Smith", "river", "7"][i % 6])
                .collect::<Vec<_>>()
                .join(" "),
        ),
        ("whitespace only", "  \n\t \u{a0}\n\n   \r\n ".into()),
        (
            "controls",
            "a\u{1}b\u{7f}c\u{200b}d\u{feff}e\u{202e}f\r\ng".into(),
        ),
        ("punctuation run", "!?.,;:\"'()[]{}-–—…".repeat(300)),
        (
            "combining marks",
            "e\u{301}\u{302}\u{303} n\u{303}o Zalgơ̸̢̗̜̓̈́".into(),
        ),
        ("lone newlines", "\n\n\n".into()),
        (
            "urls and numbers",
            "See https://example.com/a?b=1&c=2#x, mail a.b@c.org, 3.14, 1,000,000 and 10:30pm."
                .into(),
        ),
    ]
}

#[test]
fn empty_text_has_no_tokens() {
    let doc = parse_checked("");
    assert!(doc.tokens.is_empty() && doc.ents.is_empty());
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn hostile_texts_keep_the_invariants() {
    let mut failures = Vec::new();
    for (name, text) in cases() {
        match std::panic::catch_unwind(|| parse_checked(&text)) {
            Err(p) => failures.push(format!("{name}: {}", panic_message(p))),
            Ok(doc) if doc.tokens.is_empty() => failures.push(format!("{name}: no tokens")),
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_long_token_stays_one_token_or_more_but_covers_it() {
    let text = "x".repeat(10_000);
    let doc = parse_checked(&text);
    let covered: usize = doc.tokens.iter().map(|t| t.end - t.start).sum();
    assert_eq!(covered, 10_000);
}

#[test]
fn whitespace_only_text_is_whitespace_tokens() {
    let doc = parse_checked("  \n\t \n\n   ");
    assert!(!doc.tokens.is_empty());
    for t in &doc.tokens {
        assert!(doc.token_text(t.i).chars().all(char::is_whitespace));
        assert_eq!((t.tag.as_str(), t.pos.as_str()), ("_SP", "SPACE"), "{t:?}");
    }
}

#[test]
fn a_batch_equals_each_text_alone() {
    let texts: Vec<String> = cases().into_iter().map(|(_, t)| t).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let batch = nlp().parse_batch(&refs);
    assert_eq!(batch.len(), texts.len());
    for (doc, text) in batch.iter().zip(&refs) {
        assert_eq!(doc, &nlp().parse(text), "{text:?}");
    }
}

#[test]
fn a_two_megabyte_text_parses() {
    let paragraph = "The storm closed the coastal road on Monday, officials said. \
        Crews from Leeds and Bristol worked through the night; by 6 a.m. the lanes reopened. \
        \"We are grateful,\" said Ana López-Ruiz, 45, who runs a café nearby.\n\n";
    let text = paragraph.repeat(2_000_000 / paragraph.len() + 1);
    assert!(text.len() >= 2_000_000);
    let doc = parse_checked(&text);
    assert!(doc.tokens.len() > 300_000, "{} tokens", doc.tokens.len());
    assert!(doc.tokens.iter().filter(|t| t.sent_start).count() > 20_000);
}
