//! Keys that decide identity: the normalised name key, the key of a cluster inside one
//! document, and the key of an entity across documents.

use crate::ontology::Label;
use std::cmp::Ordering;
use std::fmt;

/// Key used to merge names: NFKC, lower case, no possessive, letters and digits only.
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower: String = name
        .nfkc()
        .collect::<String>()
        .replace('’', "'")
        .to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower).to_string();
    let no_poss = lower.replace("'s ", " ");
    let no_poss = no_poss.strip_suffix("'s").unwrap_or(&no_poss);
    no_poss
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '+')
        .collect()
}

/// The words of a name, each normalised as the tokenizer normalises words.
pub(super) fn name_words(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(crate::ingest::normalise_word)
        .collect()
}

/// Surface text as an alias: without a leading article.
pub(super) fn alias_text(text: &str) -> String {
    let t = text.trim();
    for det in ["a ", "an ", "A ", "An "] {
        if let Some(rest) = t.strip_prefix(det) {
            return rest.to_string();
        }
    }
    t.to_string()
}

/// What a document-local cluster of mentions is keyed by.
///
/// Keys are ordered by their text form (`Display`), so clusters are visited, and entities
/// numbered, in the same order whatever the variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum ClusterKey {
    /// A lexicon entry, by its id.
    Lexicon(String),
    /// A name of a label, by its name key.
    Name(Label, String),
    /// The one event of its kind in the document ("the crash").
    SoleEvent { head: String },
    /// An event told apart by its named modifiers and qualifiers.
    Event {
        head: String,
        modifiers: String,
        qualifiers: String,
    },
    /// A person defined by a tie to another cluster ("his daughter").
    Tie {
        anchor: Box<ClusterKey>,
        kind: String,
    },
}

impl fmt::Display for ClusterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClusterKey::Lexicon(id) => write!(f, "lex:{id}"),
            ClusterKey::Name(label, key) => write!(f, "{label}:{key}"),
            ClusterKey::SoleEvent { head } => write!(f, "event:{head}"),
            ClusterKey::Event {
                head,
                modifiers,
                qualifiers,
            } => write!(f, "event:{head}:{modifiers}:{qualifiers}"),
            ClusterKey::Tie { anchor, kind } => write!(f, "rel:{anchor}:{kind}"),
        }
    }
}

impl Ord for ClusterKey {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_text(self, other)
    }
}

impl PartialOrd for ClusterKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// What an entity is keyed by across documents.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum EntityKey {
    /// A lexicon entry, by its id.
    Lexicon(String),
    /// A name of a label, by its name key.
    Name(Label, String),
    /// An accident-like event, identified by who was hurt in it.
    EventOf {
        head: String,
        victim: Box<EntityKey>,
    },
    /// A generic event with no named modifier ("the ceremony"), kept to its article.
    InDocument(Box<EntityKey>, String),
    /// One edition of a recurring named event, by the year of its article.
    Edition(Box<EntityKey>, i32),
}

impl fmt::Display for EntityKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntityKey::Lexicon(id) => write!(f, "lex:{id}"),
            EntityKey::Name(label, key) => write!(f, "{label}:{key}"),
            EntityKey::EventOf { head, victim } => write!(f, "Event:{head}:of:{victim}"),
            EntityKey::InDocument(key, document) => write!(f, "{key}:in:{document}"),
            EntityKey::Edition(key, year) => write!(f, "{key}:{year}"),
        }
    }
}

impl Ord for EntityKey {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_text(self, other)
    }
}

impl PartialOrd for EntityKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

thread_local! {
    /// Two buffers reused for every comparison, so ordering keys allocates nothing.
    static TEXTS: std::cell::RefCell<(String, String)> = const {
        std::cell::RefCell::new((String::new(), String::new()))
    };
}

fn cmp_text(a: &impl fmt::Display, b: &impl fmt::Display) -> Ordering {
    use std::fmt::Write;
    TEXTS.with(|texts| {
        let (ta, tb) = &mut *texts.borrow_mut();
        ta.clear();
        tb.clear();
        write!(ta, "{a}").expect("writing to a String");
        write!(tb, "{b}").expect("writing to a String");
        ta.as_str().cmp(tb.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_key_ignores_case_possessive_spaces_and_article() {
        assert_eq!(name_key("The Hurt Locker"), name_key("hurt locker"));
        assert_eq!(
            name_key("Snow plow accident"),
            name_key("snowplow accident")
        );
        assert_eq!(
            name_key("Jeremy Renner’s nephew"),
            name_key("Jeremy Renner nephew")
        );
        assert_ne!(name_key("Disney+"), name_key("Disney"));
    }

    #[test]
    fn name_key_normalises_compatibility_characters() {
        assert_eq!(name_key("ＡＢＣ News"), name_key("abc news"));
        assert_eq!(name_key("Renner's"), "renner");
    }

    #[test]
    fn alias_text_drops_only_an_indefinite_article() {
        assert_eq!(alias_text("  a snowplow "), "snowplow");
        assert_eq!(alias_text("An accident"), "accident");
        assert_eq!(alias_text("the crash"), "the crash");
        assert_eq!(alias_text("Anna"), "Anna");
    }

    #[test]
    fn name_words_are_normalised_words() {
        assert_eq!(name_words("Jeremy  Renner"), vec!["jeremy", "renner"]);
    }

    #[test]
    fn cluster_keys_order_as_their_text() {
        let name = ClusterKey::Name(Label::Person, "renner".into());
        let sole = ClusterKey::SoleEvent {
            head: "crash".into(),
        };
        let lex = ClusterKey::Lexicon("jeremy_renner".into());
        let tie = ClusterKey::Tie {
            anchor: Box::new(lex.clone()),
            kind: "nephew".into(),
        };
        assert_eq!(tie.to_string(), "rel:lex:jeremy_renner:nephew");
        let mut keys = vec![tie.clone(), lex.clone(), sole.clone(), name.clone()];
        keys.sort();
        assert_eq!(keys, vec![name, sole, lex, tie]);
    }

    #[test]
    fn entity_keys_name_the_victim_of_an_event() {
        let victim = EntityKey::Name(Label::Person, "renner".into());
        let key = EntityKey::EventOf {
            head: "accident".into(),
            victim: Box::new(victim.clone()),
        };
        assert_eq!(key.to_string(), "Event:accident:of:Person:renner");
        assert!(victim < EntityKey::Lexicon("a".into()));
    }

    #[test]
    fn generic_events_stay_in_their_article_and_editions_keep_their_year() {
        let plain = EntityKey::Name(Label::Event, "ceremony".into());
        let here = EntityKey::InDocument(Box::new(plain.clone()), "a1".into());
        let there = EntityKey::InDocument(Box::new(plain.clone()), "a2".into());
        assert_eq!(here.to_string(), "Event:ceremony:in:a1");
        assert_ne!(here, there);
        let festival = EntityKey::Name(Label::Event, "harbor film festival".into());
        let edition = EntityKey::Edition(Box::new(festival), 2024);
        assert_eq!(edition.to_string(), "Event:harbor film festival:2024");
    }
}
