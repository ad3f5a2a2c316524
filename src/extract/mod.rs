//! Extract: finds mentions of entities in a document (lexicon names, capitalised names typed
//! from context, pronouns, role nominals such as "the actor", relatives and professionals such
//! as "his nephew", events such as "the snowplow accident") and relation candidates between
//! mentions, from the structure of those phrases and from the patterns of `patterns.toml`.
//! Nothing here decides which mentions are the same entity: that is the resolve stage.

mod dates;
pub mod depmatch;
mod mentions;
pub mod model;
pub mod patterns;

use crate::config::{Config, SAME_AS};
use crate::date::PartialDate;
use crate::error::{Error, Result};
use crate::ingest::{Abbreviations, Document};
use crate::ontology::{Label, RelType};
use aho_corasick::AhoCorasick;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionForm {
    /// A proper name: from the lexicon or a capitalised span.
    Name,
    /// he, his, her, me, my …
    Pronoun,
    /// "the actor", "the Hawkeye actor": the document's main person.
    Role,
    /// "his nephew", "a physical therapist": a person defined by a tie to another.
    Related,
    /// A happening named by a common noun: "the snowplow accident".
    Event,
    /// Pattern-only form: the mention is possessive ("his", "Renner's").
    Possessive,
}

impl MentionForm {
    pub fn parse(s: &str) -> Option<MentionForm> {
        Some(match s {
            "name" => MentionForm::Name,
            "pronoun" => MentionForm::Pronoun,
            "role" => MentionForm::Role,
            "related" => MentionForm::Related,
            "event" => MentionForm::Event,
            "poss" => MentionForm::Possessive,
            _ => return None,
        })
    }
}

/// A tie that defines an unnamed person ("his adult nephew").
#[derive(Debug, Clone)]
pub struct Related {
    /// `daughter`, `nephew` … or the professional role.
    pub kind: String,
    pub professional: bool,
    /// The mention of the person the tie is to.
    pub anchor: Option<usize>,
}

/// The parts of an event phrase.
#[derive(Debug, Clone, Default)]
pub struct EventPhrase {
    /// The configured event kind (`accident`, `premiere` …).
    pub head: String,
    /// Noun modifiers that distinguish it ("snowplow", "second season").
    pub qualifiers: Vec<String>,
    /// Named modifiers ("Rennervations", "Hollywood"), as mention indices.
    pub modifiers: Vec<usize>,
    pub possessor: Option<usize>,
    pub date: Option<PartialDate>,
    pub date_phrase: Option<String>,
    /// Made from an injury verb's agent ("crushed by a snowplow").
    pub implicit: bool,
    /// The head noun as written ("gala", "avalanche"), where the parse read it as a noun
    /// (model extractor only); the event is named by it rather than by its kind.
    pub word: Option<String>,
}

/// Which step typed a mention, for the later steps that treat some typings differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Typing {
    /// Any rule or context cue.
    #[default]
    Cue,
    /// The NER's label alone (a WORK_OF_ART title included).
    Ner,
    /// A title-case phrase in quotation marks.
    QuotedTitle,
    /// A title in parentheses after a person.
    TitleAfterPerson,
    /// A name in apposition to a common noun for a work.
    TitleAfterShowNoun,
    /// A capitalised run opened mid-sentence by a capitalised preposition ("in In Plain Air").
    TitleByCase,
    /// A one-word name kept as part of a full name of the article.
    NamePart,
    /// A name in the lexicon's region list.
    RegionList,
    /// A name whose first word is a given name.
    GivenName,
    /// A name ending in an organisation word.
    OrganisationWord,
    /// A relation pattern's slot typed an untyped name.
    Pattern,
}

impl Typing {
    /// A title step typed it: a one-word title stays one whatever its tag ("Damages").
    pub fn is_title(self) -> bool {
        matches!(
            self,
            Typing::QuotedTitle
                | Typing::TitleAfterPerson
                | Typing::TitleAfterShowNoun
                | Typing::TitleByCase
        )
    }
}

#[derive(Debug, Clone)]
pub struct Mention {
    pub sentence: usize,
    /// Document token indices.
    pub tokens: Range<usize>,
    /// `None` for a capitalised span nothing has typed yet.
    pub label: Option<Label>,
    pub text: String,
    pub form: MentionForm,
    pub lexicon: Option<usize>,
    pub female: Option<bool>,
    pub first_person: bool,
    pub possessive: bool,
    pub quote: Option<usize>,
    pub related: Option<Related>,
    pub event: Option<EventPhrase>,
    /// Why the label was chosen (`lexicon`, `given name`, `context: area of` …).
    pub typed_by: String,
    /// The step that chose the label, where later steps act on it.
    pub typing: Typing,
    /// A name used as a modifier inside a role phrase ("the Oscar nominee"), or one the model
    /// found to be no entity (a character, an award, a common word): an untyped one never
    /// fills a pattern slot.
    pub modifier: bool,
}

#[cfg(test)]
impl Mention {
    /// A name mention of one sentence with nothing else set, for unit tests.
    pub(crate) fn test_name(tokens: Range<usize>, label: Option<Label>) -> Mention {
        Mention {
            sentence: 0,
            tokens,
            label,
            text: String::new(),
            form: MentionForm::Name,
            lexicon: None,
            female: None,
            first_person: false,
            possessive: false,
            quote: None,
            related: None,
            event: None,
            typed_by: String::new(),
            typing: Typing::Cue,
            modifier: false,
        }
    }
}

impl Mention {
    /// Records why a later step changed the label.
    pub fn retyped_by(&mut self, why: impl Into<String>) {
        self.typed_by = why.into();
        self.typing = Typing::Cue;
    }
}

impl Mention {
    pub fn has_form(&self, form: MentionForm) -> bool {
        match form {
            MentionForm::Possessive => self.possessive,
            f => self.form == f,
        }
    }
}

/// The relation kind of a candidate: an ontology type, or the internal same-as link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CandidateType {
    Rel(RelType),
    SameAs,
}

#[derive(Debug, Clone)]
pub struct RelationCandidate {
    pub kind: CandidateType,
    pub from: usize,
    pub to: usize,
    pub rule: String,
    pub confidence: f32,
    pub hedged: bool,
    pub properties: BTreeMap<String, String>,
    pub sentence: usize,
    /// A RELATIVE_OF read from a family word and its possessor ("his daughter"): dropped
    /// when the other side of the tie states it.
    pub possessor_kin: bool,
}

/// Everything extracted from one document.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub document: Document,
    pub mentions: Vec<Mention>,
    pub relations: Vec<RelationCandidate>,
    /// The mention that speaks each quotation of the document, where found.
    pub quote_speakers: Vec<Option<usize>>,
    /// Capitalised spans that no cue could type (reported, not added to the graph).
    pub untyped: Vec<UntypedName>,
    /// Event coreference: (mention, mention of the named event it stands for).
    pub event_links: Vec<(usize, usize)>,
}

/// A capitalised name no cue could type, and the document tokens of its first use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UntypedName {
    pub text: String,
    pub tokens: Range<usize>,
}

/// How a mention typed by the slot of a relation pattern says so.
pub(crate) const PATTERN_TYPED: &str = "relation pattern";

/// A set of token norms, hashed for the per-token lookups.
pub(crate) type WordSet = FxHashSet<String>;

/// Word sets compiled from `cues.toml`.
pub(crate) struct CueSets {
    pub non_name: WordSet,
    pub female_names: WordSet,
    pub male_names: WordSet,
    pub male_pronouns: WordSet,
    pub female_pronouns: WordSet,
    pub first_person: WordSet,
    pub possessives: WordSet,
    pub role_nouns: WordSet,
    pub show_role_nouns: WordSet,
    pub title_words: WordSet,
    pub character_verbs: WordSet,
    pub place_prefixes: WordSet,
    pub speech_verbs: WordSet,
    pub kin: FxHashMap<String, (String, Option<bool>)>,
    /// Profession phrases as token sequences, with their role.
    pub professions: Vec<(Vec<String>, String, bool)>,
    /// Indices into `professions` by first word; `None` when a phrase is empty.
    pub profession_index: Option<FxHashMap<String, Vec<usize>>>,
    pub place_suffixes: WordSet,
    pub regions: Vec<Vec<String>>,
    pub org_suffixes: WordSet,
    /// Event word → (event kind index into `config.cues.event`).
    pub event_words: FxHashMap<String, usize>,
    pub injury_agents: WordSet,
    pub injury_verbs: Vec<Vec<String>>,
    pub months: FxHashMap<String, u32>,
    pub weekdays: FxHashMap<String, u32>,
    pub holidays: Vec<(Vec<String>, u32, u32)>,
    /// First words of `holidays`; `None` when a holiday phrase is empty.
    pub holiday_starts: Option<WordSet>,
    /// First words of `injury_verbs`; `None` when a verb phrase is empty.
    pub injury_verb_starts: Option<WordSet>,
    pub hedges: WordSet,
    pub negations: WordSet,
    pub noun_modifiers: WordSet,
    pub stop_words: WordSet,
    pub context: Vec<(Vec<String>, Vec<String>, Label)>,
}

/// A compiled extractor: build once per configuration, then run on many documents.
pub struct Extractor {
    pub(crate) config: Config,
    pub(crate) cues: CueSets,
    pub(crate) abbreviations: Abbreviations,
    lexicon_matcher: AhoCorasick,
    /// For each automaton pattern: (lexicon index, case-sensitive surface or empty).
    lexicon_patterns: Vec<(usize, String)>,
    rules: patterns::RuleSet,
    dep_matcher: depmatch::DepMatcher,
    structural: Structural,
    /// Longest name in characters (see `Limits::max_name_chars`).
    pub(crate) max_name_chars: usize,
}

/// Relation types that the phrase structures imply, from `cues.toml`.
#[derive(Debug, Clone, Default)]
struct Structural {
    kin: Option<RelType>,
    profession: Option<RelType>,
    role_show: Option<RelType>,
}

fn words(list: &[String]) -> WordSet {
    list.iter()
        .map(|w| crate::ingest::normalise_word(w))
        .collect()
}

/// Indices of the phrases by their first word, in order; `None` when a phrase is empty.
fn index_by_first_word<T>(
    phrases: &[(Vec<String>, T, bool)],
) -> Option<FxHashMap<String, Vec<usize>>> {
    let mut index: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, (words, _, _)) in phrases.iter().enumerate() {
        index.entry(words.first()?.clone()).or_default().push(i);
    }
    Some(index)
}

/// The first word of each phrase; `None` when a phrase is empty (it matches anywhere).
fn first_words<'p>(phrases: impl IntoIterator<Item = &'p Vec<String>>) -> Option<WordSet> {
    phrases
        .into_iter()
        .map(|words| words.first().cloned())
        .collect()
}

/// May a phrase with these first words (`None`: any) start at a token with this norm?
pub(crate) fn may_start(starts: &Option<WordSet>, norm: &str) -> bool {
    starts.as_ref().is_none_or(|s| s.contains(norm))
}

impl CueSets {
    /// The profession phrases that may start with `norm`, in configuration order.
    pub fn professions_starting(
        &self,
        norm: &str,
    ) -> impl Iterator<Item = &(Vec<String>, String, bool)> {
        let scan_all = match &self.profession_index {
            None => self.professions.as_slice(),
            Some(_) => &[],
        };
        let listed = self
            .profession_index
            .as_ref()
            .and_then(|index| index.get(norm))
            .map_or(&[][..], Vec::as_slice);
        scan_all
            .iter()
            .chain(listed.iter().map(|&i| &self.professions[i]))
    }
}

/// Records what the step just run did to the mentions, when tracing.
fn note(
    trace: &mut Option<&mut crate::explain::ExtractTrace>,
    step: &'static str,
    mentions: &[Mention],
) {
    if let Some(t) = trace.as_deref_mut() {
        t.after_step(step, mentions);
    }
}

/// Token norms of a phrase, split as the tokenizer splits text.
pub(crate) fn phrase_tokens(phrase: &str, abbreviations: &Abbreviations) -> Vec<String> {
    let mut toks = Vec::new();
    crate::ingest::tokenize(phrase, 0, phrase.len(), abbreviations, &mut toks);
    toks.into_iter().map(|t| t.norm).collect()
}

impl Extractor {
    pub fn new(config: Config) -> Result<Extractor> {
        let c = &config.cues;
        let abbreviations = Abbreviations::new(&c.abbreviations);
        let phrases = |list: &[String]| -> Vec<Vec<String>> {
            list.iter()
                .map(|p| phrase_tokens(p, &abbreviations))
                .filter(|p| !p.is_empty())
                .collect()
        };
        let mut event_words = FxHashMap::default();
        for (i, e) in c.event.iter().enumerate() {
            for w in &e.words {
                event_words.insert(crate::ingest::normalise_word(w), i);
            }
        }
        let mut context = Vec::new();
        for cue in &c.context {
            let label = Label::parse(cue.label.get_ref()).ok_or_else(|| Error::Config {
                path: std::path::PathBuf::from(crate::config::CUES_FILE),
                line: 0,
                column: 0,
                message: format!("unknown label {:?} in a context cue", cue.label.get_ref()),
            })?;
            for b in &cue.before {
                context.push((phrase_tokens(b, &abbreviations), Vec::new(), label));
            }
            for a in &cue.after {
                context.push((Vec::new(), phrase_tokens(a, &abbreviations), label));
            }
        }
        let mut cues = CueSets {
            non_name: words(&c.non_name_words),
            female_names: words(&c.given_names_female),
            male_names: words(&c.given_names_male),
            male_pronouns: words(&c.pronouns_male),
            female_pronouns: words(&c.pronouns_female),
            first_person: words(&c.first_person),
            possessives: words(&c.possessives),
            role_nouns: words(&c.role_nouns),
            show_role_nouns: words(&c.show_role_nouns),
            title_words: words(&c.title_words),
            character_verbs: words(&c.character_verbs),
            place_prefixes: words(&c.place_prefixes),
            speech_verbs: words(&c.speech_verbs),
            kin: c
                .kin
                .iter()
                .map(|k| {
                    let female = k.gender.as_deref().map(|g| g == "female");
                    (
                        crate::ingest::normalise_word(&k.word),
                        (k.kind.clone(), female),
                    )
                })
                .collect(),
            professions: c
                .profession
                .iter()
                .flat_map(|p| {
                    p.words.iter().map(|w| {
                        let acronym = w.len() > 1 && w.chars().all(|ch| ch.is_uppercase());
                        (phrase_tokens(w, &abbreviations), p.role.clone(), acronym)
                    })
                })
                .collect(),
            place_suffixes: words(&c.place_suffixes),
            regions: phrases(&c.regions),
            org_suffixes: words(&c.organization_suffixes),
            event_words,
            injury_agents: words(&c.injury_agents),
            injury_verbs: phrases(&c.injury_verbs),
            months: c
                .months
                .iter()
                .enumerate()
                .flat_map(|(i, m)| {
                    m.split('|')
                        .map(move |alt| (crate::ingest::normalise_word(alt), i as u32 + 1))
                })
                .collect(),
            weekdays: c
                .weekdays
                .iter()
                .enumerate()
                .map(|(i, d)| (crate::ingest::normalise_word(d), i as u32))
                .collect(),
            holidays: c
                .holidays
                .iter()
                .map(|h| (phrase_tokens(&h.name, &abbreviations), h.month, h.day))
                .collect(),
            hedges: words(&c.hedges),
            negations: words(&c.negations),
            noun_modifiers: words(&c.noun_modifiers),
            stop_words: words(&c.stop_words),
            context,
            profession_index: None,
            holiday_starts: None,
            injury_verb_starts: None,
        };
        cues.profession_index = index_by_first_word(&cues.professions);
        cues.holiday_starts = first_words(cues.holidays.iter().map(|(words, _, _)| words));
        cues.injury_verb_starts = first_words(&cues.injury_verbs);
        let mut keys = Vec::new();
        let mut lexicon_patterns = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, e) in config.lexicon.iter().enumerate() {
            for alias in std::iter::once(&e.name).chain(e.aliases.iter()) {
                let toks = phrase_tokens(alias, &abbreviations);
                if toks.is_empty() {
                    continue;
                }
                // A leading space anchors the match at a token start; the end is checked against
                // token ends, so adjacent names can both match.
                let key = format!(" {}", toks.join(" "));
                let single = toks.len() == 1;
                let case = if single {
                    crate::ingest::normalise_word_keep_case(alias.trim())
                } else {
                    String::new()
                };
                if seen.insert((key.clone(), case.clone())) {
                    keys.push(key);
                    lexicon_patterns.push((i, case));
                }
            }
        }
        let lexicon_matcher = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&keys)
            .map_err(|e| Error::Export(format!("cannot build the lexicon matcher: {e}")))?;
        let rules = patterns::RuleSet::new(patterns::compile(&config)?);
        let dep_matcher = depmatch::DepMatcher::compile(&config)?;
        let rel = |name: &Option<String>| -> Result<Option<RelType>> {
            match name {
                None => Ok(None),
                Some(n) => RelType::parse(n).map(Some).ok_or_else(|| Error::Config {
                    path: std::path::PathBuf::from(crate::config::CUES_FILE),
                    line: 0,
                    column: 0,
                    message: format!("unknown relationship type {n:?}"),
                }),
            }
        };
        let structural = Structural {
            kin: rel(&c.kin_relation)?,
            profession: rel(&c.profession_relation)?,
            role_show: rel(&c.role_show_relation)?,
        };
        for e in &c.event {
            for r in [&e.possessor_relation, &e.show_relation, &e.place_relation] {
                rel(r)?;
            }
        }
        Ok(Extractor {
            config,
            cues,
            abbreviations,
            lexicon_matcher,
            lexicon_patterns,
            rules,
            dep_matcher,
            structural,
            max_name_chars: 200,
        })
    }

    /// Sets the longest name, in characters, that a capitalised run may form.
    pub fn with_max_name_chars(mut self, max: usize) -> Self {
        self.max_name_chars = max;
        self
    }

    pub fn abbreviations(&self) -> &Abbreviations {
        &self.abbreviations
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The compiled `[[relation]]` rules.
    pub(crate) fn token_rules(&self) -> &patterns::RuleSet {
        &self.rules
    }

    /// The compiled `[[dep_rule]]` rules.
    pub(crate) fn dep_matcher(&self) -> &depmatch::DepMatcher {
        &self.dep_matcher
    }

    /// Runs every rule extraction step on one document.
    pub fn extract(&self, document: Document) -> Extraction {
        self.run(document, None, None)
    }

    /// Runs the model extractor on one document, given the NLP layer's parse of its text.
    pub fn extract_with_parse(&self, document: Document, parse: &crate::nlp::Doc) -> Extraction {
        let aligned = model::align(&document, parse);
        self.run(document, Some((&aligned, parse)), None)
    }

    /// Extracts like [`Extractor::extract`] (no parse) or [`Extractor::extract_with_parse`],
    /// recording each decision into `trace` for `kgpipe explain`.
    pub fn extract_traced(
        &self,
        document: Document,
        parse: Option<&crate::nlp::Doc>,
        trace: &mut crate::explain::ExtractTrace,
    ) -> Extraction {
        let aligned = parse.map(|p| model::align(&document, p));
        let model_parse = aligned.as_ref().zip(parse);
        self.run(document, model_parse, Some(trace))
    }

    fn run(
        &self,
        document: Document,
        model_parse: Option<(&model::ModelParse, &crate::nlp::Doc)>,
        mut trace: Option<&mut crate::explain::ExtractTrace>,
    ) -> Extraction {
        let parse = model_parse.map(|(p, _)| p);
        let mut state = mentions::DocState::new(self, &document);
        state.model = parse;
        state.lexicon_mentions(&self.lexicon_matcher, &self.lexicon_patterns);
        note(&mut trace, "lexicon", &state.mentions);
        state.title_mentions();
        note(&mut trace, "quoted and colon titles", &state.mentions);
        state.name_mentions();
        note(&mut trace, "capitalised names", &state.mentions);
        state.pronoun_mentions();
        note(&mut trace, "pronouns", &state.mentions);
        state.role_mentions();
        note(&mut trace, "role nouns", &state.mentions);
        state.related_mentions();
        note(&mut trace, "kin and professions", &state.mentions);
        state.event_mentions();
        note(&mut trace, "event phrases", &state.mentions);
        state.type_from_context();
        note(&mut trace, "context cues", &state.mentions);
        if let Some(p) = parse {
            model::names::untype_common_words(p, &mut state.mentions);
            model::names::drop_peoples_and_languages(&document, p, &mut state.mentions);
            note(&mut trace, "model: common words", &state.mentions);
            model::typing::retype_by_surroundings(&document, p, &mut state.mentions);
            note(&mut trace, "model: typed by surroundings", &state.mentions);
            model::names::type_name_parts(&document, &mut state.mentions);
            note(&mut trace, "model: parts of full names", &state.mentions);
            model::lists::type_person_lists(p, &mut state.mentions);
            note(&mut trace, "model: lists of persons", &state.mentions);
            model::persons::type_persons_by_sentence(&document, p, &mut state.mentions);
            note(
                &mut trace,
                "model: persons by the sentence",
                &state.mentions,
            );
            model::names::align_labels_in_article(&document, &mut state.mentions);
            note(&mut trace, "model: same name elsewhere", &state.mentions);
            model::characters::drop_characters(p, &mut state.mentions);
            note(&mut trace, "model: characters", &state.mentions);
            let possessives = &self.cues.possessives;
            model::kin::anchor_kin(&document, |w| possessives.contains(w), &mut state.mentions);
            note(&mut trace, "model: kin anchors", &state.mentions);
            let cues = &self.cues;
            let is_date_word =
                |w: &str| cues.months.contains_key(w) || cues.weekdays.contains_key(w);
            model::names::drop_non_names(&document, p, is_date_word, &mut state.mentions);
            note(&mut trace, "model: not names", &state.mentions);
            model::names::resolve_partial_names(&document, &mut state.mentions);
            note(&mut trace, "model: parts of longer names", &state.mentions);
            model::events::places_before_premieres(&document, p, &mut state.mentions, |h| {
                self.config
                    .cues
                    .event
                    .iter()
                    .any(|e| e.name == h && e.show_relation.is_some())
            });
            note(&mut trace, "model: places of premieres", &state.mentions);
            model::places::type_places(&document, p, &self.config, &mut state.mentions);
            note(&mut trace, "model: places", &state.mentions);
        }
        let parse_anchored = parse.map_or_else(Vec::new, |p| {
            model::ties::anchor_ties_by_parse(&document, p, &mut state.mentions)
        });
        let actors = match parse {
            Some(_) => model::relations::actor_of_work(&document, &mut state.mentions),
            None => Vec::new(),
        };
        note(&mut trace, "model: actors of works", &state.mentions);
        let mut event_links = Vec::new();
        let mut relations = self.structural_relations(&state);
        model::ties::demote_parse_anchored(&mut relations, &parse_anchored);
        if parse.is_some() {
            model::ties::roles_by_their_word(&document, &state.mentions, &mut relations);
        }
        relations.extend(actors);
        self.pattern_relations(&mut state, &mut relations, trace.as_deref_mut());
        note(&mut trace, "relation patterns", &state.mentions);
        if let Some(p) = parse {
            model::events::keep_attached_places(p, &state.mentions, &mut relations);
        }
        if let Some(p) = parse {
            model::events::untype_unlikely_event_names(&document, p, &mut state.mentions, |w| {
                self.cues.event_words.contains_key(w) || model::ner::EVENT_NAME_WORDS.contains(&w)
            });
            self.premieres_of_main_show(&document, &mut state.mentions, &mut relations);
            note(
                &mut trace,
                "model: events of the main show",
                &state.mentions,
            );
            let mentions = &state.mentions;
            let named = model::events::phrases_of_named_events(&document, mentions, |w| {
                self.cues
                    .event_words
                    .get(w)
                    .map(|&k| self.config.cues.event[k].name.as_str())
            });
            event_links = model::events::event_links(&document, mentions, &named);
            relations.extend(model::events::places_in_event_names(&document, mentions));
            relations.extend(model::hurt::hurt_in_accident(&document, p, mentions, |m| {
                self.is_accident(m)
            }));
            let has_accident = mentions.iter().any(|m| self.is_accident(m));
            relations.extend(model::rescue::rescues(&document, p, mentions, has_accident));
            model::rescue::drop_savers_the_parse_denies(&document, p, mentions, &mut relations);
            event_links.extend(model::events::hosts_of_accidents(
                &document,
                mentions,
                &mut relations,
                |m| self.is_accident(m),
            ));
            relations.extend(model::relations::parenthetical_roles(
                &document, p, mentions,
            ));
            relations.extend(model::relations::broadcaster_of_show(&document, mentions));
            relations.extend(model::relations::maker_of_work(&document, mentions));
            relations.extend(model::ties::ties_to_list_members(&document, p, mentions));
            relations.extend(model::role_appositions::ties_named_through_roles(
                &document, p, mentions,
            ));
            relations.extend(model::plural_owners::couples_relatives(
                &document,
                p,
                mentions,
                |w| self.cues.kin.get(w).map(|k| k.0.as_str()),
            ));
            relations.extend(model::relations::subjects_of_possessed_show(
                &document, p, mentions,
            ));
            relations.extend(model::credits::crew_list_credits(&document, p, mentions));
            if let Some((_, raw)) = model_parse {
                let main_show = model::article::main_show(&document, mentions);
                relations.extend(model::deprel::dep_relations(
                    &self.dep_matcher,
                    raw,
                    p,
                    mentions,
                    main_show,
                    &named,
                    trace.as_deref_mut(),
                ));
                if let Some(t) = trace {
                    t.named_events(&named);
                }
            }
            relations.extend(model::article::article_relations(
                &document,
                p,
                mentions,
                |m| self.attendable(m),
                &named,
            ));
            model::article::drop_characters_as_people(&document, p, mentions, &mut relations);
            model::credits::drop_listed_places(
                &document,
                &self.cues.regions,
                mentions,
                &mut relations,
            );
            relations.extend(model::places::venue_locations(&document, mentions));
            model::events::drop_shows_of_unread_titles(&document, mentions, &mut relations, |h| {
                let head = self.config.cues.event.iter().find(|e| e.name == h);
                head.and_then(|e| e.show_relation.as_deref())
                    .and_then(RelType::parse)
            });
            model::attendance::drop_kept_away(&document, p, mentions, &mut relations);
        }
        let quote_speakers = state.quote_speakers();
        let untyped = state.untyped();
        Extraction {
            mentions: state.mentions,
            relations,
            quote_speakers,
            untyped,
            event_links,
            document,
        }
    }

    /// Event coreference: show-taking events that name no show are the main show's.
    fn premieres_of_main_show(
        &self,
        document: &Document,
        mentions: &mut [Mention],
        relations: &mut Vec<RelationCandidate>,
    ) {
        let tied: BTreeSet<usize> = relations
            .iter()
            .filter(|r| {
                mentions[r.from].event.is_some() && mentions[r.to].label == Some(Label::Show)
            })
            .map(|r| r.from)
            .collect();
        let show_relation = |head: &str| {
            self.config
                .cues
                .event
                .iter()
                .find(|h| h.name == head)
                .and_then(|h| h.show_relation.as_deref())
                .and_then(RelType::parse)
        };
        let made = model::events::attach_main_show(document, mentions, &tied, |head| {
            show_relation(head).is_some()
        });
        for (event, show) in made {
            let head = mentions[event].event.as_ref().map(|e| e.head.clone());
            let Some(rel) = head.as_deref().and_then(show_relation) else {
                continue;
            };
            relations.push(RelationCandidate {
                kind: CandidateType::Rel(rel),
                from: event,
                to: show,
                rule: "article: event of the main show".into(),
                confidence: 0.5,
                hedged: false,
                properties: BTreeMap::new(),
                sentence: mentions[event].sentence,
                possessor_kin: false,
            });
        }
    }

    /// Is this an event of a kind an article has one of (an accident)?
    fn is_accident(&self, m: &Mention) -> bool {
        m.event.as_ref().is_some_and(|ev| {
            self.config
                .cues
                .event
                .iter()
                .any(|h| h.name == ev.head && h.one_per_document)
        })
    }

    /// Can a person attend this event (a premiere or a gala, not a crash)?
    fn attendable(&self, m: &Mention) -> bool {
        match &m.event {
            Some(ev) => {
                self.config.cues.event.iter().any(|h| {
                    h.name == ev.head && h.possessor_relation.as_deref() == Some("ATTENDED")
                })
            }
            None => m.form == MentionForm::Name && m.label == Some(Label::Event),
        }
    }

    fn structural_relations(&self, state: &mentions::DocState<'_>) -> Vec<RelationCandidate> {
        let mut out = Vec::new();
        for (i, m) in state.mentions.iter().enumerate() {
            if let Some(r) = &m.related {
                let Some(anchor) = r.anchor else { continue };
                if r.professional {
                    if let Some(t) = self.structural.profession {
                        let props = BTreeMap::from([("role".to_string(), r.kind.clone())]);
                        out.push(structural(
                            t,
                            anchor,
                            i,
                            "profession-of-possessor",
                            0.85,
                            props,
                            m.sentence,
                        ));
                    }
                } else if let Some(t) = self.structural.kin {
                    let props = BTreeMap::from([("kind".to_string(), r.kind.clone())]);
                    out.push(RelationCandidate {
                        possessor_kin: true,
                        ..structural(t, i, anchor, "kin-of-possessor", 0.9, props, m.sentence)
                    });
                }
            }
            let head_is_show_role = self
                .cues
                .show_role_nouns
                .contains(&state.doc.tokens[m.tokens.end - 1].norm);
            if m.form == MentionForm::Role && head_is_show_role {
                if let Some(t) = self.structural.role_show {
                    let inside = m
                        .tokens
                        .clone()
                        .flat_map(|tok| state.mentions_starting_at(tok).iter().copied());
                    for j in inside {
                        let inner = &state.mentions[j];
                        if j != i
                            && inner.label == Some(Label::Show)
                            && inner.tokens.start >= m.tokens.start
                            && inner.tokens.end <= m.tokens.end
                        {
                            out.push(structural(
                                t,
                                i,
                                j,
                                "role-nominal-of-show",
                                0.85,
                                BTreeMap::new(),
                                m.sentence,
                            ));
                        }
                    }
                }
            }
            if let Some(ev) = &m.event {
                let Some(head) = self.config.cues.event.iter().find(|h| h.name == ev.head) else {
                    continue;
                };
                if let (Some(p), Some(t)) = (
                    ev.possessor,
                    head.possessor_relation.as_deref().and_then(RelType::parse),
                ) {
                    if state.mentions[p].label == Some(Label::Person) {
                        out.push(structural(
                            t,
                            p,
                            i,
                            "possessor-of-event",
                            0.7,
                            BTreeMap::new(),
                            m.sentence,
                        ));
                    }
                }
                for &md in &ev.modifiers {
                    let rel = match state.mentions[md].label {
                        Some(Label::Show) => head.show_relation.as_deref(),
                        Some(Label::Place) => head.place_relation.as_deref(),
                        _ => None,
                    };
                    if let Some(t) = rel.and_then(RelType::parse) {
                        out.push(structural(
                            t,
                            i,
                            md,
                            "modifier-of-event",
                            0.85,
                            BTreeMap::new(),
                            m.sentence,
                        ));
                    }
                }
            }
        }
        out
    }

    fn pattern_relations(
        &self,
        state: &mut mentions::DocState<'_>,
        out: &mut Vec<RelationCandidate>,
        mut trace: Option<&mut crate::explain::ExtractTrace>,
    ) {
        let doc = state.doc;
        let starting_at = state.starting_at();
        let mut candidates = Vec::new();
        let mut match_state = patterns::MatchState::default();
        for (s, sentence) in doc.sentences.iter().enumerate() {
            if sentence.headline {
                continue;
            }
            let mut typed: Vec<(usize, Label)> = Vec::new();
            {
                let view = patterns::SentenceView {
                    tokens: &doc.tokens,
                    start: sentence.tokens.start,
                    end: sentence.tokens.end,
                    mentions: &state.mentions,
                    starting_at: &starting_at,
                };
                let found = self
                    .rules
                    .find_all(&view, &mut candidates, &mut match_state);
                for (r, m) in found {
                    let rule = &self.rules.rules()[r];
                    let dropped = match self.candidate_of(doc, rule, &m, s) {
                        Ok(candidate) => {
                            self.slot_typings(state, rule, &m, &mut typed);
                            out.push(candidate);
                            None
                        }
                        Err(why) => Some(why),
                    };
                    if let Some(t) = trace.as_deref_mut() {
                        t.token_rule_fired(s, r, &m, dropped);
                    }
                }
                if let Some(t) = trace.as_deref_mut() {
                    t.token_rule_near_misses(s, self.rules.near_misses(&view));
                }
            }
            for (mi, label) in typed {
                if state.mentions[mi].label.is_none() {
                    state.mentions[mi].label = Some(label);
                    state.mentions[mi].retyped_by(PATTERN_TYPED);
                    state.mentions[mi].typing = Typing::Pattern;
                }
            }
        }
    }

    /// The relation candidate a token rule's match states, or why it states none.
    fn candidate_of(
        &self,
        doc: &Document,
        rule: &patterns::CompiledRule,
        m: &patterns::Match,
        s: usize,
    ) -> std::result::Result<RelationCandidate, &'static str> {
        let sentence = &doc.sentences[s];
        let (Some(&from), Some(&to)) = (m.slots.get(&rule.from), m.slots.get(&rule.to)) else {
            return Err("a slot of the relationship is unbound");
        };
        if from == to {
            return Err("both ends are the same mention");
        }
        let window = m.start.saturating_sub(3).max(sentence.tokens.start)..m.end;
        let hedge_window = m.start.saturating_sub(2).max(sentence.tokens.start)..m.end;
        if window
            .clone()
            .any(|t| self.cues.negations.contains(&doc.tokens[t].norm))
        {
            return Err("a negation word stands within three tokens before it");
        }
        let hedged = hedge_window
            .clone()
            .any(|t| self.cues.hedges.contains(&doc.tokens[t].norm));
        let properties = rule
            .properties
            .iter()
            .map(|(k, v)| {
                let value = match v.strip_prefix('$') {
                    Some(c) => m.captures.get(c).cloned().unwrap_or_default(),
                    None => v.clone(),
                };
                (k.clone(), value)
            })
            .collect();
        let kind = if rule.rel_type == SAME_AS {
            CandidateType::SameAs
        } else {
            CandidateType::Rel(RelType::parse(&rule.rel_type).ok_or("unknown relationship type")?)
        };
        let confidence = if hedged {
            rule.confidence * 0.6
        } else {
            rule.confidence
        };
        Ok(RelationCandidate {
            kind,
            from,
            to,
            rule: rule.id.clone(),
            confidence,
            hedged,
            properties,
            sentence: s,
            possessor_kin: false,
        })
    }

    /// Untyped mentions a rule's match binds take the slot's label.
    fn slot_typings(
        &self,
        state: &mentions::DocState<'_>,
        rule: &patterns::CompiledRule,
        m: &patterns::Match,
        typed: &mut Vec<(usize, Label)>,
    ) {
        for (slot, &mi) in &m.slots {
            if state.mentions[mi].label.is_none() {
                if let Some(l) = rule.slot_label(slot) {
                    typed.push((mi, l));
                }
            }
        }
    }
}

/// A relationship stated by the structure of one mention (a possessor, a modifier).
fn structural(
    kind: RelType,
    from: usize,
    to: usize,
    rule: &str,
    confidence: f32,
    properties: BTreeMap<String, String>,
    sentence: usize,
) -> RelationCandidate {
    RelationCandidate {
        kind: CandidateType::Rel(kind),
        from,
        to,
        rule: rule.to_string(),
        confidence,
        hedged: false,
        properties,
        sentence,
        possessor_kin: false,
    }
}
