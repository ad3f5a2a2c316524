//! The extraction configuration read from `input/`: the entity lexicon (`lexicon.toml`), the
//! general-English cue words (`cues.toml`) and the relation patterns (`patterns.toml`).
//! Loading checks every label, type and list reference and reports file, line and column.

use crate::error::{Error, Result};
use crate::extract::depmatch::{DepMatcher, DepRuleSpec};
use crate::ontology::{Label, RelType};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const LEXICON_FILE: &str = "lexicon.toml";
pub const CUES_FILE: &str = "cues.toml";
pub const PATTERNS_FILE: &str = "patterns.toml";

/// One known entity of the domain.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconEntry {
    pub id: Option<Spanned<String>>,
    pub label: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub wikidata: Option<String>,
    pub gender: Option<String>,
    /// Schema.org subtype for Shows: `TVSeries`, `Movie` or `CreativeWorkSeries`.
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    entity: Vec<LexiconEntry>,
}

/// A family word: the surface word, the relationship `kind` it stands for, and the gender it implies.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KinWord {
    pub word: String,
    pub kind: String,
    pub gender: Option<String>,
    /// Kinds that name the other side of the tie ("daughter" → "father", "mother").
    #[serde(default)]
    pub inverse: Vec<String>,
}

/// A professional role; all `words` name the same role for coreference.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profession {
    pub role: String,
    pub words: Vec<String>,
}

/// A kind of happening: its head nouns, and the label of a capitalised modifier when unknown.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventHead {
    pub name: String,
    pub words: Vec<String>,
    /// Labels given, in order, to untyped capitalised modifiers ("a Six Flags trip" → Place).
    #[serde(default)]
    pub modifier_labels: Vec<Spanned<String>>,
    /// Whether mentions with this head in one document usually denote one happening.
    #[serde(default)]
    pub one_per_document: bool,
    /// Relationship from a possessor ("his accident") to the event.
    pub possessor_relation: Option<String>,
    /// Relationship from the event to a Show modifier ("the Rennervations premiere").
    pub show_relation: Option<String>,
    /// Relationship from the event to a Place modifier ("his Hollywood premiere").
    pub place_relation: Option<String>,
}

/// A phrase just before or after a capitalised name that tells its label ("told ET").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextCue {
    pub label: Spanned<String>,
    #[serde(default)]
    pub before: Vec<String>,
    #[serde(default)]
    pub after: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub name: String,
    pub month: u32,
    pub day: u32,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Cues {
    /// Words that end in a period without ending a sentence ("Mt", "Dr").
    pub abbreviations: Vec<String>,
    /// Capitalised words that are not names on their own (sentence starters, titles, days).
    pub non_name_words: Vec<String>,
    pub given_names_female: Vec<String>,
    pub given_names_male: Vec<String>,
    pub pronouns_male: Vec<String>,
    pub pronouns_female: Vec<String>,
    pub first_person: Vec<String>,
    pub possessives: Vec<String>,
    /// Nouns that, after "the", refer back to the story's main person ("the actor").
    pub role_nouns: Vec<String>,
    /// Role nouns whose capitalised modifier is a Show ("the Hawkeye actor").
    pub show_role_nouns: Vec<String>,
    /// Titles written before a name ("Director Dan Rockwell").
    pub title_words: Vec<String>,
    /// Verbs after which a name is a character, not a person ("playing Clint Barton").
    pub character_verbs: Vec<String>,
    /// First words of place names ("Lake Tahoe", "Mount Rose").
    pub place_prefixes: Vec<String>,
    pub speech_verbs: Vec<String>,
    pub kin: Vec<KinWord>,
    pub profession: Vec<Profession>,
    pub place_suffixes: Vec<String>,
    pub regions: Vec<String>,
    pub organization_suffixes: Vec<String>,
    pub event: Vec<EventHead>,
    /// Nouns that, as agent of an injury verb ("crushed by a snowplow"), imply an accident.
    pub injury_agents: Vec<String>,
    pub injury_verbs: Vec<String>,
    pub months: Vec<String>,
    pub weekdays: Vec<String>,
    pub holidays: Vec<Holiday>,
    pub hedges: Vec<String>,
    pub negations: Vec<String>,
    /// Words that may stand between a possessive and a family or job noun ("his adult nephew").
    pub noun_modifiers: Vec<String>,
    /// Function words that end a noun phrase when walking left from its head.
    pub stop_words: Vec<String>,
    pub context: Vec<ContextCue>,
    /// Relationship from a related person to the possessor ("his nephew").
    pub kin_relation: Option<String>,
    /// Relationship from the possessor to a professional ("his trainer").
    pub profession_relation: Option<String>,
    /// Relationship from a role nominal to a Show inside it ("the Hawkeye actor").
    pub role_show_relation: Option<String>,
}

/// One relation pattern, see `patterns.toml` for the grammar.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationRule {
    pub id: String,
    #[serde(rename = "type")]
    pub rel_type: Spanned<String>,
    pub pattern: Spanned<String>,
    pub from: String,
    pub to: String,
    #[serde(default = "default_confidence")]
    pub confidence: f32,
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
}

fn default_confidence() -> f32 {
    0.8
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternsFile {
    #[serde(default)]
    lists: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    relation: Vec<RelationRule>,
    #[serde(default)]
    dep_rule: Vec<DepRuleSpec>,
}

/// A checked entity of the lexicon.
#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub label: Label,
    pub name: String,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub wikidata: Option<String>,
    pub female: Option<bool>,
    pub kind: Option<String>,
}

/// The whole checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub lexicon: Vec<Entity>,
    pub cues: Cues,
    pub lists: BTreeMap<String, Vec<String>>,
    pub relations: Vec<RelationRule>,
    /// The `[[dep_rule]]` tables as written, and compiled (checked at load).
    pub dep_rules: Vec<DepRuleSpec>,
    pub dep_matcher: DepMatcher,
    /// Where `relations` came from, for error messages of later compilation.
    pub patterns_path: PathBuf,
    patterns_source: String,
}

impl Config {
    /// Reads and checks the three configuration files in `dir`.
    pub fn load(dir: &Path) -> Result<Config> {
        let lex_path = dir.join(LEXICON_FILE);
        let cues_path = dir.join(CUES_FILE);
        let pat_path = dir.join(PATTERNS_FILE);
        let lex_src = read(&lex_path)?;
        let cues_src = read(&cues_path)?;
        let pat_src = read(&pat_path)?;
        Config::from_sources(
            (&lex_path, &lex_src),
            (&cues_path, &cues_src),
            (&pat_path, &pat_src),
        )
    }

    /// Parses configuration from strings; paths are used only in messages.
    pub fn from_sources(
        lexicon: (&Path, &str),
        cues: (&Path, &str),
        patterns: (&Path, &str),
    ) -> Result<Config> {
        let lex: LexiconFile = parse_toml(lexicon.0, lexicon.1)?;
        let cue_set: Cues = parse_toml(cues.0, cues.1)?;
        let pats: PatternsFile = parse_toml(patterns.0, patterns.1)?;

        let mut entities = Vec::new();
        let mut seen_ids: BTreeMap<String, ()> = BTreeMap::new();
        for entry in lex.entity {
            let label = parse_label(lexicon, &entry.label)?;
            if label == Label::Article {
                return Err(at(
                    lexicon,
                    entry.label.span(),
                    "label Article is reserved for input documents",
                ));
            }
            if entry.name.trim().is_empty() {
                return Err(at(lexicon, entry.label.span(), "entity has an empty name"));
            }
            let id = match &entry.id {
                Some(id) => {
                    if id.get_ref().trim().is_empty() {
                        return Err(at(lexicon, id.span(), "empty entity id"));
                    }
                    if seen_ids.insert(id.get_ref().clone(), ()).is_some() {
                        return Err(at(
                            lexicon,
                            id.span(),
                            &format!("duplicate lexicon id {:?}", id.get_ref()),
                        ));
                    }
                    id.get_ref().clone()
                }
                None => format!("{}:{}", label.as_str(), entry.name),
            };
            let female = match entry.gender.as_deref() {
                None => None,
                Some("female") => Some(true),
                Some("male") => Some(false),
                Some(other) => {
                    return Err(at(
                        lexicon,
                        entry.label.span(),
                        &format!("gender must be \"female\" or \"male\", not {other:?}"),
                    ))
                }
            };
            entities.push(Entity {
                id,
                label,
                name: entry.name,
                aliases: entry.aliases,
                description: entry.description,
                wikidata: entry.wikidata,
                female,
                kind: entry.kind,
            });
        }
        for head in &cue_set.event {
            for l in &head.modifier_labels {
                parse_label(cues, l)?;
            }
        }
        for cue in &cue_set.context {
            parse_label(cues, &cue.label)?;
        }
        for rule in &pats.relation {
            if RelType::parse(rule.rel_type.get_ref()).is_none()
                && rule.rel_type.get_ref() != SAME_AS
            {
                return Err(at(
                    patterns,
                    rule.rel_type.span(),
                    &format!(
                        "unknown relationship type {:?} in rule {:?}; known: {}, or {SAME_AS}",
                        rule.rel_type.get_ref(),
                        rule.id,
                        RelType::ALL.map(|t| t.as_str()).join(", ")
                    ),
                ));
            }
            if !(0.0..=1.0).contains(&rule.confidence) {
                return Err(at(
                    patterns,
                    rule.pattern.span(),
                    "confidence must lie in 0..=1",
                ));
            }
        }
        let mut ids = BTreeSet::new();
        for rule in &pats.relation {
            if !ids.insert(rule.id.clone()) {
                return Err(at(
                    patterns,
                    rule.pattern.span(),
                    &format!("duplicate rule id {:?}", rule.id),
                ));
            }
        }
        let mut config = Config {
            lexicon: entities,
            cues: cue_set,
            lists: pats.lists,
            relations: pats.relation,
            dep_rules: pats.dep_rule,
            dep_matcher: DepMatcher::default(),
            patterns_path: patterns.0.to_path_buf(),
            patterns_source: patterns.1.to_string(),
        };
        config.dep_matcher = DepMatcher::compile(&config)?;
        Ok(config)
    }

    /// An error located at a byte span of `patterns.toml`.
    pub fn pattern_error(&self, span: std::ops::Range<usize>, message: &str) -> Error {
        at((&self.patterns_path, &self.patterns_source), span, message)
    }
}

/// Internal relation type: the two mentions denote the same entity (apposition).
pub const SAME_AS: &str = "SAME_AS";

fn read(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        Error::Config {
            path: path.to_path_buf(),
            line,
            column: 1,
            message: "file is not valid UTF-8".into(),
        }
    })
}

fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path, src: &str) -> Result<T> {
    toml::from_str(src).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(src, s.start)).unwrap_or((1, 1));
        Error::Config {
            path: path.to_path_buf(),
            line,
            column,
            message: e.message().to_string(),
        }
    })
}

fn parse_label(file: (&Path, &str), label: &Spanned<String>) -> Result<Label> {
    Label::parse(label.get_ref()).ok_or_else(|| {
        at(
            file,
            label.span(),
            &format!(
                "unknown label {:?}; known: {}",
                label.get_ref(),
                Label::ALL.map(|l| l.as_str()).join(", ")
            ),
        )
    })
}

fn at(file: (&Path, &str), span: std::ops::Range<usize>, message: &str) -> Error {
    let (line, column) = line_col(file.1, span.start);
    Error::Config {
        path: file.0.to_path_buf(),
        line,
        column,
        message: message.to_string(),
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(lex: &str, pats: &str) -> Result<Config> {
        Config::from_sources(
            (Path::new("lexicon.toml"), lex),
            (Path::new("cues.toml"), ""),
            (Path::new("patterns.toml"), pats),
        )
    }

    #[test]
    fn unknown_label_is_located() {
        let err = load("[[entity]]\nlabel = \"Robot\"\nname = \"R2\"\n", "").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("lexicon.toml:2:9: unknown label \"Robot\""),
            "{msg}"
        );
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let lex = "[[entity]]\nid = \"a\"\nlabel = \"Person\"\nname = \"A\"\n[[entity]]\nid = \"a\"\nlabel = \"Person\"\nname = \"B\"\n";
        let msg = load(lex, "").unwrap_err().to_string();
        assert!(
            msg.contains("lexicon.toml:6:") && msg.contains("duplicate lexicon id"),
            "{msg}"
        );
    }

    #[test]
    fn unknown_type_is_located() {
        let pats = "[[relation]]\nid = \"x\"\ntype = \"LOVES\"\npattern = \"{S:Person} love {O:Person}\"\nfrom = \"S\"\nto = \"O\"\n";
        let msg = load("", pats).unwrap_err().to_string();
        assert!(
            msg.starts_with("patterns.toml:3:8: unknown relationship type \"LOVES\""),
            "{msg}"
        );
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let msg = load("[[entity]\n", "").unwrap_err().to_string();
        assert!(msg.starts_with("lexicon.toml:1:"), "{msg}");
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
    }
}
