//! The extraction configuration: the entity lexicon (`lexicon.toml`), the general-English cue
//! words (`cues.toml`) and the relation patterns (`patterns.toml`). Defaults are built into the
//! binary (the bundled example's files); a configuration folder overrides any of them, file by
//! file, and `kgpipe init` writes the defaults out for editing. Loading checks every label,
//! type and list reference and reports file, line and column.

mod checks;
mod places;

pub use places::PlaceSynonyms;

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
/// The three configuration files, in load order.
pub const FILES: [&str; 3] = [LEXICON_FILE, CUES_FILE, PATTERNS_FILE];

/// The built-in default of a configuration file (`FILES`), or `None` for another name.
pub fn default_source(file: &str) -> Option<&'static str> {
    match file {
        LEXICON_FILE => Some(include_str!("../input/lexicon.toml")),
        CUES_FILE => Some(include_str!("../input/cues.toml")),
        PATTERNS_FILE => Some(include_str!("../input/patterns.toml")),
        _ => None,
    }
}

/// How messages name a built-in default file.
fn default_path(file: &str) -> PathBuf {
    PathBuf::from(format!("(built-in default) {file}"))
}

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
    /// Names of one recurring event ("Oscars", "Academy Awards"): one article's mentions of
    /// any of them are one event.
    pub event_synonyms: Vec<Vec<String>>,
    /// Names of one place ("United States", "U.S."), the first the canonical name.
    pub place_synonyms: Vec<Spanned<Vec<String>>>,
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
    /// `cues.place_synonyms`, checked and keyed.
    pub place_synonyms: PlaceSynonyms,
    /// Where `relations` came from, for error messages of later compilation.
    pub patterns_path: PathBuf,
    patterns_source: String,
    /// Values that load but are likely mistakes, located (`file:line:column: ...`).
    pub warnings: Vec<String>,
}

impl Config {
    /// Reads and checks the configuration of folder `dir`: each of the three files it holds
    /// overrides the built-in default, the others keep it. The folder must exist.
    pub fn load(dir: &Path) -> Result<Config> {
        if !dir.is_dir() {
            return Err(Error::Config {
                path: dir.to_path_buf(),
                line: 1,
                column: 1,
                message: "configuration folder does not exist (kgpipe init DIR writes one)".into(),
            });
        }
        Config::load_layered(Some(dir))
    }

    /// The built-in default configuration.
    pub fn defaults() -> Config {
        Config::load_layered(None).expect("the built-in configuration is valid")
    }

    /// Each file from `dir` when it is there, else its built-in default.
    pub fn load_layered(dir: Option<&Path>) -> Result<Config> {
        let [lex, cues, pats] = FILES.map(|f| source_of(dir, f));
        let (lex, cues, pats) = (lex?, cues?, pats?);
        let mut warnings = checks::check_not_empty((&cues.0, &cues.1), None)?;
        warnings.extend(checks::check_not_empty(
            (&pats.0, &pats.1),
            Some("relation"),
        )?);
        let mut config =
            Config::from_sources((&lex.0, &lex.1), (&cues.0, &cues.1), (&pats.0, &pats.1))?;
        config.warnings.splice(0..0, warnings);
        Ok(config)
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
        let warnings = checks::check_lexicon(lexicon, &cue_set)?;

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
        let place_synonyms = PlaceSynonyms::from_groups(cues, &cue_set.place_synonyms)?;
        let mut config = Config {
            lexicon: entities,
            place_synonyms,
            cues: cue_set,
            lists: pats.lists,
            relations: pats.relation,
            dep_rules: pats.dep_rule,
            dep_matcher: DepMatcher::default(),
            patterns_path: patterns.0.to_path_buf(),
            patterns_source: patterns.1.to_string(),
            warnings,
        };
        config.dep_matcher = DepMatcher::compile(&config)?;
        Ok(config)
    }

    /// `file:line` of a byte span of `patterns.toml`.
    pub fn pattern_location(&self, span: std::ops::Range<usize>) -> String {
        let (line, _) = line_col(&self.patterns_source, span.start);
        format!("{}:{line}", self.patterns_path.display())
    }

    /// An error located at a byte span of `patterns.toml`.
    pub fn pattern_error(&self, span: std::ops::Range<usize>, message: &str) -> Error {
        at((&self.patterns_path, &self.patterns_source), span, message)
    }
}

/// Internal relation type: the two mentions denote the same entity (apposition).
pub const SAME_AS: &str = "SAME_AS";

/// Where file `name` comes from (its path, or the built-in default) and its text.
fn source_of(dir: Option<&Path>, name: &str) -> Result<(PathBuf, String)> {
    if let Some(path) = dir.map(|d| d.join(name)).filter(|p| p.exists()) {
        let text = read(&path)?;
        return Ok((path, text));
    }
    let text = default_source(name).expect("a configuration file name");
    Ok((default_path(name), text.to_string()))
}

/// True when `dir` holds at least one configuration file.
pub fn holds_configuration(dir: &Path) -> bool {
    FILES.iter().any(|f| dir.join(f).is_file())
}

/// What `kgpipe init` did with one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitOutcome {
    Written,
    /// The file was there already, byte-identical to the default.
    AlreadyDefault,
}

/// Writes the three default files into `dir` (created if needed). Refuses, writing nothing,
/// when a file is there with other content: it may hold the user's edits.
pub fn write_defaults(dir: &Path) -> Result<Vec<(PathBuf, InitOutcome)>> {
    let mut plan = Vec::new();
    for name in FILES {
        let path = dir.join(name);
        let default = default_source(name).expect("a configuration file name");
        let outcome = match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => InitOutcome::Written,
            Err(source) => return Err(Error::Read { path, source }),
            Ok(_) if std::fs::read(&path).is_ok_and(|b| b == default.as_bytes()) => {
                InitOutcome::AlreadyDefault
            }
            Ok(_) => {
                return Err(Error::Exists {
                    path,
                    why: "exists and differs from the default; kgpipe init never overwrites a \
                          configuration file (move it away or choose another folder)"
                        .into(),
                })
            }
        };
        plan.push((path, outcome));
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    for (path, outcome) in &plan {
        if *outcome == InitOutcome::Written {
            write_new(path, default_source_for(path))?;
        }
    }
    Ok(plan)
}

fn default_source_for(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    default_source(name).expect("a configuration file name")
}

/// Creates `path` with `text`, failing if something appeared there meanwhile.
fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        f.write_all(text.as_bytes())
    };
    write().map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

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
    fn defaults_load_and_a_folder_overrides_one_file() {
        let d = Config::defaults();
        assert!(!d.lexicon.is_empty() && !d.relations.is_empty());
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(LEXICON_FILE), "").unwrap();
        let c = Config::load(tmp.path()).unwrap();
        assert!(c.lexicon.is_empty(), "the folder's empty lexicon overrides");
        assert_eq!(
            c.relations.len(),
            d.relations.len(),
            "patterns stay default"
        );
    }

    #[test]
    fn init_writes_defaults_and_refuses_to_overwrite_edits() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("cfg");
        let first = write_defaults(&dir).unwrap();
        assert!(first.iter().all(|(_, o)| *o == InitOutcome::Written));
        let again = write_defaults(&dir).unwrap();
        assert!(again.iter().all(|(_, o)| *o == InitOutcome::AlreadyDefault));
        std::fs::write(dir.join(CUES_FILE), "# mine\n").unwrap();
        std::fs::remove_file(dir.join(LEXICON_FILE)).unwrap();
        let err = write_defaults(&dir).unwrap_err();
        assert!(err.to_string().contains("cues.toml"), "{err}");
        assert!(
            !dir.join(LEXICON_FILE).exists(),
            "nothing written on refusal"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join(CUES_FILE)).unwrap(),
            "# mine\n"
        );
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
    }
}
