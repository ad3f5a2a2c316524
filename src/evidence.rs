//! Evidence: the sentence that states a relationship. Each (article, sentence) is stored once,
//! behind an `Arc`, and every relationship it states refers to it; rule names are interned, so
//! a graph holds one copy of each name however many relationships a rule found.

use rustc_hash::FxHashSet;
use std::sync::{Arc, Mutex, OnceLock};

/// One sentence of an article, as evidence cites it.
#[derive(Debug, PartialEq, Eq)]
pub struct Sentence {
    /// The article's id, shared by every sentence of the article.
    pub document: Arc<str>,
    /// The sentence's index in its article.
    pub index: usize,
    /// Character offsets of the sentence in the article.
    pub start: usize,
    pub end: usize,
    pub text: Box<str>,
}

impl Sentence {
    pub fn new(
        document: impl Into<Arc<str>>,
        index: usize,
        (start, end): (usize, usize),
        text: &str,
    ) -> Sentence {
        Sentence {
            document: document.into(),
            index,
            start,
            end,
            text: text.into(),
        }
    }
}

/// The sentence that states a relationship, and how it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Shared with every other evidence from the same article and sentence.
    pub sentence: Arc<Sentence>,
    /// The rule's name, interned (see [`rule_name`]).
    pub rule: Arc<str>,
    pub confidence: f32,
    pub hedged: bool,
}

impl Evidence {
    pub fn document(&self) -> &str {
        &self.sentence.document
    }

    pub fn text(&self) -> &str {
        &self.sentence.text
    }

    /// Character offset of the sentence's start in its article.
    pub fn start(&self) -> usize {
        self.sentence.start
    }

    pub fn end(&self) -> usize {
        self.sentence.end
    }

    /// (article, start): one sentence of the corpus.
    pub fn place(&self) -> (&str, usize) {
        (&self.sentence.document, self.sentence.start)
    }

    /// The order evidence is listed in: by place, then rule.
    pub fn order_key(&self) -> (&str, usize, &str) {
        (&self.sentence.document, self.sentence.start, &self.rule)
    }
}

/// The one shared copy of a rule name. Names come from the rule set (built in or
/// `patterns.toml`), so the table stays as small as the rule sets loaded.
pub fn rule_name(name: &str) -> Arc<str> {
    static NAMES: OnceLock<Mutex<FxHashSet<Arc<str>>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = names.get(name) {
        return known.clone();
    }
    let name: Arc<str> = Arc::from(name);
    names.insert(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_name_is_held_once() {
        let a = rule_name("kin-of-possessor");
        let b = rule_name(&String::from("kin-of-possessor"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &rule_name("tie-to-the-main-person")));
        assert_eq!(&*a, "kin-of-possessor");
    }

    #[test]
    fn evidence_reads_its_sentence() {
        let s = Arc::new(Sentence::new("a.txt", 3, (10, 24), "Ann met Bo."));
        let ev = Evidence {
            sentence: s.clone(),
            rule: rule_name("r"),
            confidence: 0.5,
            hedged: false,
        };
        assert_eq!(ev.place(), ("a.txt", 10));
        assert_eq!((ev.text(), ev.end()), ("Ann met Bo.", 24));
        assert_eq!(ev.order_key(), ("a.txt", 10, "r"));
    }
}
