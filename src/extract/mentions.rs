//! Mention detection over one document: each step adds mentions of one form.

use super::dates::DatePhrase;
use super::model::{self, ModelParse, NerSpan};
use super::{EventPhrase, Extractor, Mention, MentionForm, Related};
use crate::ingest::Document;
use crate::ontology::Label;
use aho_corasick::AhoCorasick;
use rustc_hash::FxHashSet;
use std::collections::BTreeSet;
use std::ops::Range;

/// What the words of a name say about its label.
struct RuleTyping<'w> {
    label: Option<Label>,
    why: &'w str,
    female: Option<bool>,
    decisive: bool,
}

pub(crate) struct DocState<'a> {
    pub ex: &'a Extractor,
    pub doc: &'a Document,
    pub mentions: Vec<Mention>,
    /// Name mention covering each token.
    named: Vec<Option<usize>>,
    /// Tokens that belong to a date phrase.
    date_token: Vec<bool>,
    /// Words seen starting in lower case somewhere in the document.
    lowercase_words: FxHashSet<&'a str>,
    /// The date phrases of each sentence.
    dates: Vec<Vec<DatePhrase>>,
    /// Mentions by their first token, and by their end (exclusive) token.
    by_start: Vec<Vec<usize>>,
    by_end: Vec<Vec<usize>>,
    /// Tokens inside an event phrase.
    in_event: Vec<bool>,
    /// The NLP layer's parse, aligned with the tokens (model extractor only).
    pub model: Option<&'a ModelParse>,
}

fn is_hyphenated_adjective(text: &str) -> bool {
    // "Oscar-nominated", "near-death": the last part is lower case.
    text.contains('-')
        && text.rsplit('-').next().is_some_and(|last| {
            last.chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
        })
}

fn is_age(norm: &str) -> bool {
    let mut parts = norm.split('-');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(years), Some("year"), Some("old"), None) => years.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

fn looks_adjective(norm: &str) -> bool {
    norm.contains('-')
        || [
            "ful", "ic", "ous", "ing", "ed", "al", "ible", "able", "ive", "less", "ish",
        ]
        .iter()
        .any(|s| norm.len() > s.len() + 2 && norm.ends_with(s))
}

impl<'a> DocState<'a> {
    pub fn new(ex: &'a Extractor, doc: &'a Document) -> DocState<'a> {
        let n = doc.tokens.len();
        let lowercase_words = doc
            .tokens
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                t.is_word
                    && !t.capitalised
                    && doc
                        .token_text(*i)
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase)
            })
            .map(|(_, t)| t.norm.as_str())
            .collect();
        let dates: Vec<Vec<DatePhrase>> = doc
            .sentences
            .iter()
            .map(|s| super::dates::find_dates(ex, doc, s.tokens.clone()))
            .collect();
        let mut state = DocState {
            ex,
            doc,
            mentions: Vec::new(),
            named: vec![None; n],
            date_token: vec![false; n],
            lowercase_words,
            by_start: vec![Vec::new(); n + 1],
            by_end: vec![Vec::new(); n + 1],
            in_event: vec![false; n],
            model: None,
            dates,
        };
        for (range, _, _) in state.dates.iter().flatten() {
            for t in range.clone() {
                state.date_token[t] = true;
            }
        }
        for (t, tok) in doc.tokens.iter().enumerate() {
            if tok.capitalised
                && (ex.cues.months.contains_key(&tok.norm)
                    || ex.cues.weekdays.contains_key(&tok.norm))
            {
                state.date_token[t] = true;
            }
        }
        state
    }

    fn norm(&self, t: usize) -> &str {
        &self.doc.tokens[t].norm
    }

    fn sentence_of(&self, t: usize) -> usize {
        self.doc
            .sentences
            .partition_point(|s| s.tokens.end <= t)
            .min(self.doc.sentences.len().saturating_sub(1))
    }

    fn push(&mut self, mut m: Mention) -> usize {
        let i = self.mentions.len();
        if m.tokens.end < self.doc.tokens.len()
            && self.doc.tokens[m.tokens.end].norm == "'s"
            && m.form != MentionForm::Pronoun
        {
            m.possessive = true;
        }
        if m.form == MentionForm::Name {
            for t in m.tokens.clone() {
                self.named[t] = Some(i);
            }
        }
        if m.event.is_some() {
            for t in m.tokens.clone() {
                self.in_event[t] = true;
            }
        }
        self.by_start[m.tokens.start].push(i);
        self.by_end[m.tokens.end].push(i);
        self.mentions.push(m);
        i
    }

    /// Indices of the mentions whose first token is `t`.
    pub fn mentions_starting_at(&self, t: usize) -> &[usize] {
        &self.by_start[t]
    }

    /// The pronoun mention at token `t`.
    fn pronoun_at(&self, t: usize) -> Option<usize> {
        self.by_start[t]
            .iter()
            .copied()
            .find(|&m| self.mentions[m].form == MentionForm::Pronoun)
    }

    /// The longest mention ending at token `end` (exclusive) that satisfies `keep`.
    fn longest_ending_at(&self, end: usize, keep: impl Fn(&Mention) -> bool) -> Option<usize> {
        self.by_end[end]
            .iter()
            .copied()
            .filter(|&m| keep(&self.mentions[m]))
            .max_by_key(|&m| (self.mentions[m].tokens.len(), m))
    }

    fn mention(
        &self,
        tokens: Range<usize>,
        label: Option<Label>,
        form: MentionForm,
        typed_by: &str,
    ) -> Mention {
        Mention {
            sentence: self.sentence_of(tokens.start),
            text: self.doc.span_text(tokens.clone()).to_string(),
            quote: self.doc.tokens[tokens.start].quote,
            tokens,
            label,
            form,
            lexicon: None,
            female: None,
            first_person: false,
            possessive: false,
            related: None,
            event: None,
            typed_by: typed_by.to_string(),
            modifier: false,
        }
    }

    /// Lexicon aliases at token boundaries; one-word aliases must match case.
    pub fn lexicon_mentions(&mut self, matcher: &AhoCorasick, patterns: &[(usize, String)]) {
        let tokens = &self.doc.tokens;
        let bytes = tokens.iter().map(|t| t.norm.len() + 1).sum::<usize>();
        let mut key = String::with_capacity(bytes + self.doc.sentences.len());
        // (byte offset in `key`, token): both in increasing offset order.
        let mut starts = Vec::with_capacity(tokens.len());
        let mut ends = Vec::with_capacity(tokens.len());
        for s in &self.doc.sentences {
            for t in s.tokens.clone() {
                starts.push((key.len(), t));
                key.push(' ');
                key.push_str(&tokens[t].norm);
                ends.push((key.len(), t));
            }
            key.push('\n');
        }
        let token_at = |offsets: &[(usize, usize)], offset: usize| {
            offsets
                .binary_search_by_key(&offset, |&(o, _)| o)
                .ok()
                .map(|i| offsets[i].1)
        };
        let mut found = Vec::new();
        for m in matcher.find_iter(&key) {
            let (Some(first), Some(last)) =
                (token_at(&starts, m.start()), token_at(&ends, m.end()))
            else {
                continue;
            };
            let (entity, case) = &patterns[m.pattern().as_usize()];
            if !case.is_empty()
                && case.chars().any(char::is_uppercase)
                && crate::ingest::normalise_word_keep_case(self.doc.token_text(first)) != *case
            {
                continue;
            }
            found.push((first..last + 1, *entity));
        }
        let mut covered = vec![false; tokens.len()];
        for (range, _) in &found {
            covered[range.clone()].fill(true);
        }
        let mut kept = Vec::new();
        for (range, entity) in found {
            let (first, last) = (range.start, range.end - 1);
            // A one-word person alias after a first name ("Danric" in "Mia Danric", "Renner" in
            // "Ava Renner") is part of another person's name, not the entity the alias belongs to.
            let person = self.ex.config.lexicon[entity].label == Label::Person;
            if first == last && person {
                let glued = |t: usize| {
                    let tok = &self.doc.tokens[t];
                    tok.is_word
                        && tok.capitalised
                        && !covered[t]
                        && !self.ex.cues.non_name.contains(&tok.norm)
                        && !self.ex.cues.stop_words.contains(&tok.norm)
                };
                let sentence = &self.doc.sentences[self.sentence_of(first)].tokens;
                let given = |t: usize| {
                    let n = &self.doc.tokens[t].norm;
                    self.ex.cues.female_names.contains(n) || self.ex.cues.male_names.contains(n)
                };
                if first > sentence.start && glued(first - 1) && given(first - 1) {
                    continue;
                }
            }
            kept.push((range, entity));
        }
        for (range, entity) in kept {
            let e = &self.ex.config.lexicon[entity];
            let mut m = self.mention(range, Some(e.label), MentionForm::Name, "lexicon");
            m.lexicon = Some(entity);
            m.female = e.female;
            self.push(m);
        }
    }

    fn is_name_token(&self, t: usize, shouting: bool) -> bool {
        let tok = &self.doc.tokens[t];
        let text = self.doc.token_text(t);
        tok.is_word
            && tok.capitalised
            && self.named[t].is_none()
            && !self.date_token[t]
            && !is_hyphenated_adjective(text)
            && tok.norm != "i"
            && !(shouting && text.chars().count() > 1 && text.chars().all(|c| !c.is_lowercase()))
    }

    /// Maximal capitalised spans (with inner "of", "the", "&"), typed from their own words.
    pub fn name_mentions(&mut self) {
        let body_names: BTreeSet<String> = BTreeSet::new();
        let mut body_seen = body_names;
        let order: Vec<usize> = (0..self.doc.sentences.len())
            .filter(|&s| !self.doc.sentences[s].headline)
            .chain((0..self.doc.sentences.len()).filter(|&s| self.doc.sentences[s].headline))
            .collect();
        for s in order {
            let sent = self.doc.sentences[s].clone();
            let words: Vec<usize> = sent
                .tokens
                .clone()
                .filter(|&t| self.doc.tokens[t].is_word)
                .collect();
            let upper = words
                .iter()
                .filter(|&&t| self.doc.token_text(t).chars().all(|c| !c.is_lowercase()))
                .count();
            let shouting = words.len() >= 3 && upper * 2 > words.len();
            let mut t = sent.tokens.start;
            while t < sent.tokens.end {
                if !self.is_name_token(t, shouting) {
                    t += 1;
                    continue;
                }
                let mut end = t + 1;
                while end < sent.tokens.end {
                    if self.is_name_token(end, shouting) {
                        end += 1;
                    } else if matches!(self.norm(end), "of" | "the" | "&" | "de" | "y" | "'s")
                        && end + 1 < sent.tokens.end
                        && self.is_name_token(end + 1, shouting)
                    {
                        end += 2;
                    } else {
                        break;
                    }
                }
                let mut start = t;
                let next = end;
                // Drop sentence-initial or quote-initial common words.
                while start < end {
                    let initial = start == sent.tokens.start
                        || matches!(
                            self.doc.token_text(start - 1),
                            "\"" | "“" | "‘" | "(" | ":" | "'"
                        );
                    let norm = self.norm(start);
                    let title = self.ex.cues.title_words.contains(norm) && start + 1 < end;
                    let common = self.ex.cues.non_name.contains(norm)
                        || self.ex.cues.stop_words.contains(norm)
                        || title
                        || (initial && self.lowercase_words.contains(norm));
                    if common || norm == "the" {
                        start += 1;
                        while start < end && matches!(self.norm(start), "of" | "the" | "&") {
                            start += 1;
                        }
                    } else {
                        break;
                    }
                }
                // ...and trailing ones ("Instagram Story").
                while end > start + 1 && self.ex.cues.non_name.contains(self.norm(end - 1)) {
                    end -= 1;
                }
                let character = start > sent.tokens.start
                    && self.ex.cues.character_verbs.contains(self.norm(start - 1));
                let too_long = start < end
                    && (end - start > 12
                        || self.doc.span_text(start..end).chars().count() > self.ex.max_name_chars);
                if start < end && !character && !too_long {
                    let text = self.doc.span_text(start..end).to_string();
                    let key = crate::ingest::normalise_word(&text);
                    if sent.headline {
                        if body_seen.contains(&key) {
                            self.name_run(start..end, "headline name seen in body");
                        }
                    } else {
                        body_seen.insert(key);
                        self.name_run(start..end, "");
                    }
                }
                t = next;
            }
        }
    }

    /// Quoted titles and the NER's titled works, as one Show each (model extractor only).
    pub fn title_mentions(&mut self) {
        let Some(parse) = self.model else { return };
        let speech = &self.ex.cues.speech_verbs;
        let is_show_noun = |t: usize| {
            let noun = parse.token_tag[t].as_deref() == Some("NN");
            noun && parse
                .lemma(t)
                .is_some_and(|l| model::deprel::SHOW_NOUNS.contains(&l))
        };
        let quoted =
            model::titles::quoted_titles(self.doc, |t| speech.contains(self.norm(t)), is_show_noun)
                .into_iter()
                .map(|r| (r, model::titles::QUOTED));
        let works = parse
            .ents
            .iter()
            .filter(|e| e.label == Some(Label::Show))
            .map(|e| self.without_article(e.tokens.clone()))
            .filter(|r| model::titles::is_title(self.doc, r.clone()))
            .filter(|r| r.len() > 1 || parse.token_tag[r.start].as_deref() == Some("NNP"))
            .map(|r| (r, "model: ner WORK_OF_ART"));
        let person_ends_at = |k: usize| {
            let ner = parse.token_ent[k].is_some_and(|e| {
                parse.ents[e].label == Some(Label::Person) && parse.ents[e].tokens.end == k + 1
            });
            let lexicon = self.named[k].is_some_and(|m| {
                self.mentions[m].label == Some(Label::Person)
                    && self.mentions[m].tokens.end == k + 1
            });
            let proper = |t: usize| parse.token_tag[t].as_deref() == Some("NNP");
            let two_word_name = k > 0 && proper(k) && proper(k - 1);
            ner || lexicon || two_word_name
        };
        let in_parentheses = model::titles::parenthetical_titles(self.doc, person_ends_at)
            .into_iter()
            .map(|r| (r, model::titles::AFTER_PERSON));
        let cues = &self.ex.cues;
        let is_date_word = |t: usize| {
            cues.months.contains_key(self.norm(t)) || cues.weekdays.contains_key(self.norm(t))
        };
        let apposed = model::titles::apposed_titles(self.doc, parse, is_date_word)
            .into_iter()
            .filter(|r| !self.starts_with_given_name(r.start))
            .map(|r| (r, model::titles::AFTER_SHOW_NOUN));
        let found: Vec<_> = in_parentheses
            .chain(quoted)
            .chain(apposed)
            .chain(works)
            .collect();
        for (range, why) in found {
            if range.clone().any(|t| self.named[t].is_some()) {
                continue;
            }
            let m = self.mention(range, Some(Label::Show), MentionForm::Name, why);
            self.push(m);
        }
    }

    /// Does a name start with a given name ("the film Tom Kay made")?
    fn starts_with_given_name(&self, t: usize) -> bool {
        let w = self.norm(t);
        self.ex.cues.female_names.contains(w) || self.ex.cues.male_names.contains(w)
    }

    fn without_article(&self, mut r: Range<usize>) -> Range<usize> {
        while r.len() > 1 && matches!(self.norm(r.start), "the" | "a" | "an") {
            r.start += 1;
        }
        r
    }

    /// A capitalised run: cut at the NER's entity edges in the model extractor.
    fn name_run(&mut self, range: Range<usize>, why: &str) {
        let Some(parse) = self.model else {
            return self.name_mention(range, why);
        };
        let after_person = |t: usize| {
            t > 0
                && parse.token_ent[t - 1]
                    .is_some_and(|e| parse.ents[e].label == Some(Label::Person))
        };
        if let Some(s) = range
            .clone()
            .find(|&t| self.norm(t) == "'s" && after_person(t))
        {
            // A person's possessive ends a name: "Woody Allen's Midnight in Paris" holds two.
            for part in [range.start..s, s + 1..range.end] {
                if !part.is_empty() {
                    self.name_run(part, why);
                }
            }
            return;
        }
        let pieces = model::ner::pieces(parse, range.clone());
        let mut ents = pieces.iter().filter_map(|p| p.ent);
        if let (Some(only), None) = (ents.next(), ents.next()) {
            // One entity inside a longer run ("Guardians of the Galaxy"): the run is the name.
            return self.ner_mention(range, &parse.ents[only]);
        }
        for piece in pieces {
            match piece.ent {
                Some(e) => self.ner_mention(piece.tokens, &parse.ents[e]),
                None => self.unlabelled_piece(piece.tokens, why),
            }
        }
    }

    /// A piece of a run the NER left alone: an event by its last word ("Spring Gala"), else
    /// typed by the rules.
    fn unlabelled_piece(&mut self, range: Range<usize>, why: &str) {
        if !self.rule_typing(range.clone(), "").decisive && self.is_event_name(range.clone()) {
            let why = "model: a name ending in an event word";
            let m = self.mention(range, Some(Label::Event), MentionForm::Name, why);
            self.push(m);
            return;
        }
        self.name_mention(range, why);
    }

    /// An award ("the Golden Reel Award"): the ontology keeps no awards.
    fn is_award_name(&self, range: Range<usize>) -> bool {
        model::ner::AWARD_WORDS.contains(&self.norm(range.end - 1))
    }

    /// Not a common word the NER took for a name ("Honestly", "Supporting"): a one-word name
    /// must be a proper noun to the tagger.
    fn is_proper_name(&self, range: Range<usize>) -> bool {
        let Some(parse) = self.model else { return true };
        range.len() > 1
            || matches!(
                parse.token_tag[range.start].as_deref(),
                Some("NNP") | Some("NNPS") | None
            )
    }

    /// A name of more than one word ending in an event word ("Harbor Film Festival").
    fn is_event_name(&self, range: Range<usize>) -> bool {
        let last = self.norm(range.end - 1);
        range.len() > 1
            && (self.ex.cues.event_words.contains_key(last)
                || model::ner::EVENT_NAME_WORDS.contains(&last))
    }

    /// A name the NER delimited: the words' own cues (place and organisation words, given
    /// names, regions) decide first, the NER's label otherwise.
    fn ner_mention(&mut self, range: Range<usize>, span: &NerSpan) {
        let typing = self.rule_typing(range.clone(), "");
        if typing.decisive {
            let mut m = self.mention(range, typing.label, MentionForm::Name, typing.why);
            m.female = typing.female;
            self.push(m);
            return;
        }
        if self.is_award_name(range.clone()) || !self.is_proper_name(range.clone()) {
            let m = self.mention(range, None, MentionForm::Name, "model: not an entity name");
            self.push(m);
            return;
        }
        if self.is_event_name(range.clone()) {
            let why = "model: a name ending in an event word";
            let m = self.mention(range, Some(Label::Event), MentionForm::Name, why);
            self.push(m);
            return;
        }
        let why = format!("{} {}", model::ner::NER_TYPED, span.kind);
        let m = self.mention(range, span.label, MentionForm::Name, &why);
        self.push(m);
    }

    fn name_mention(&mut self, range: Range<usize>, why: &str) {
        let typing = self.rule_typing(range.clone(), why);
        let mut m = self.mention(range, typing.label, MentionForm::Name, typing.why);
        m.female = typing.female;
        self.push(m);
    }

    /// The label the words of a name give it (region list, brand, given name, place or
    /// organisation word); `decisive` when a word cue decided, even to leave it untyped.
    fn rule_typing<'w>(&self, range: Range<usize>, why: &'w str) -> RuleTyping<'w> {
        let cues = &self.ex.cues;
        let norms: Vec<String> = range.clone().map(|t| self.norm(t).to_string()).collect();
        let first = norms[0].as_str();
        let last = norms[norms.len() - 1].as_str();
        let next = self
            .doc
            .tokens
            .get(range.end)
            .map(|t| t.norm.as_str())
            .unwrap_or("");
        let modifier_of_role = norms.len() == 1 && cues.role_nouns.contains(next);
        let text = self.doc.span_text(range.clone());
        let (label, why, female, decisive) = if cues.regions.contains(&norms) {
            (Some(Label::Place), "region list", None, true)
        } else if text.ends_with('+') {
            (Some(Label::Organization), "brand ending in +", None, true)
        } else if modifier_of_role {
            (None, why, None, true)
        } else if norms.len() > 1 && cues.place_prefixes.contains(first) {
            (Some(Label::Place), "place word", None, true)
        } else if cues.female_names.contains(first) && !cues.place_suffixes.contains(last) {
            (Some(Label::Person), "given name", Some(true), true)
        } else if cues.male_names.contains(first) && !cues.place_suffixes.contains(last) {
            (Some(Label::Person), "given name", Some(false), true)
        } else if norms.len() > 1 && cues.place_suffixes.contains(last) {
            (Some(Label::Place), "place word", None, true)
        } else if norms.len() > 1 && cues.org_suffixes.contains(last) {
            (Some(Label::Organization), "organisation word", None, true)
        } else {
            (None, why, None, false)
        };
        RuleTyping {
            label,
            why,
            female,
            decisive,
        }
    }

    /// he/his/she/her everywhere; I/me/my inside quotations.
    pub fn pronoun_mentions(&mut self) {
        let (cues, doc) = (&self.ex.cues, self.doc);
        for t in 0..doc.tokens.len() {
            let norm = doc.tokens[t].norm.as_str();
            let female = if cues.male_pronouns.contains(norm) {
                Some(false)
            } else if cues.female_pronouns.contains(norm) {
                Some(true)
            } else {
                None
            };
            let first = cues.first_person.contains(norm) && doc.tokens[t].quote.is_some();
            if female.is_none() && !first {
                continue;
            }
            let possessive = cues.possessives.contains(norm);
            let mut m = self.mention(
                t..t + 1,
                Some(Label::Person),
                MentionForm::Pronoun,
                "pronoun",
            );
            m.female = female;
            m.first_person = first;
            m.possessive = possessive;
            self.push(m);
        }
    }

    /// Name mention that ends at token `end` (exclusive), if any.
    fn name_ending_at(&self, end: usize) -> Option<usize> {
        self.named[end - 1].filter(|&m| self.mentions[m].tokens.end == end)
    }

    /// "the actor", "the Hawkeye actor", "the 52-year-old": the main person by a role.
    pub fn role_mentions(&mut self) {
        for s in 0..self.doc.sentences.len() {
            let range = self.doc.sentences[s].tokens.clone();
            for t in range.clone() {
                let norm = self.norm(t);
                let is_role = self.ex.cues.role_nouns.contains(norm);
                let age_alone = is_age(norm)
                    && !(t + 1 < range.end && self.ex.cues.role_nouns.contains(self.norm(t + 1)));
                if !is_role && !age_alone {
                    continue;
                }
                if t + 1 < range.end
                    && self.doc.tokens[t + 1].capitalised
                    && self.named[t + 1].is_some()
                {
                    continue; // "the actor Jeremy Renner": the name says it
                }
                let mut j = t;
                let mut start = None;
                let mut inner = Vec::new();
                let mut steps = 0;
                while j > range.start && steps < 5 {
                    let k = j - 1;
                    let kn = self.norm(k);
                    if kn == "the" {
                        start = Some(k);
                        break;
                    }
                    if let Some(m) = self.name_ending_at(k + 1) {
                        inner.push(m);
                        let ms = self.mentions[m].tokens.start;
                        if self.norm(ms) == "the" {
                            start = Some(ms);
                            break;
                        }
                        j = ms;
                    } else if self.doc.tokens[k].is_word
                        && (is_hyphenated_adjective(self.doc.token_text(k))
                            || is_age(kn)
                            || (looks_adjective(kn) && !self.ex.cues.stop_words.contains(kn)))
                    {
                        j = k;
                    } else {
                        break;
                    }
                    steps += 1;
                }
                let Some(start) = start else { continue };
                let show_role = self.ex.cues.show_role_nouns.contains(self.norm(t));
                for &m in &inner {
                    self.mentions[m].modifier = true;
                }
                for m in inner.into_iter().filter(|_| show_role) {
                    if self.mentions[m].label.is_none() {
                        self.mentions[m].label = Some(Label::Show);
                        self.mentions[m].typed_by = "context: the X actor".into();
                    }
                }
                let mut m = self.mention(
                    start..t + 1,
                    Some(Label::Person),
                    MentionForm::Role,
                    "role nominal",
                );
                if norm_is_female_role(self.norm(t)) {
                    m.female = Some(true);
                }
                self.push(m);
            }
        }
    }

    /// "his adult nephew", "Renner's daughter", "a physical therapist", "my PT".
    pub fn related_mentions(&mut self) {
        let n = self.doc.tokens.len();
        let mut t = 0;
        while t < n {
            let mut found: Option<(usize, String, bool, Option<bool>)> = None;
            if let Some((kind, female)) = self.ex.cues.kin.get(self.norm(t)) {
                found = Some((1, kind.clone(), false, *female));
            }
            for (words, role, acronym) in self.ex.cues.professions_starting(self.norm(t)) {
                let len = words.len();
                if t + len <= n
                    && words
                        .iter()
                        .enumerate()
                        .all(|(i, w)| self.doc.tokens[t + i].norm == *w)
                    && (!acronym || self.doc.token_text(t).chars().all(|c| !c.is_lowercase()))
                    && found.as_ref().is_none_or(|f| f.0 < len)
                {
                    found = Some((len, role.clone(), true, None));
                }
            }
            let Some((len, kind, professional, female)) = found else {
                t += 1;
                continue;
            };
            let s = self.sentence_of(t);
            let sent_start = self.doc.sentences[s].tokens.start;
            let mut j = t;
            let mut steps = 0;
            while j > sent_start && steps < 3 {
                let kn = self.norm(j - 1);
                if self.ex.cues.noun_modifiers.contains(kn)
                    || is_age(kn)
                    || (is_hyphenated_adjective(self.doc.token_text(j - 1))
                        && !self.doc.tokens[j - 1].capitalised)
                {
                    j -= 1;
                    steps += 1;
                } else {
                    break;
                }
            }
            let mut anchor = None;
            let mut start = None;
            if j > sent_start {
                let k = j - 1;
                let kn = self.norm(k).to_string();
                if self.ex.cues.possessives.contains(&kn) {
                    anchor = self.pronoun_at(k);
                    start = Some(k);
                } else if kn == "'s" {
                    anchor =
                        self.longest_ending_at(k, |m| m.label.is_none_or(|l| l == Label::Person));
                    start = anchor.map(|a| self.mentions[a].tokens.start);
                } else if matches!(kn.as_str(), "a" | "an" | "the") && professional {
                    start = Some(k);
                }
            }
            let name_follows = t + len < n
                && self.doc.tokens[t + len].capitalised
                && self.named[t + len].is_some();
            if start.is_none() && name_follows {
                start = Some(j);
            }
            if let Some(start) = start {
                if let Some(a) = anchor {
                    if self.mentions[a].label.is_none() {
                        self.mentions[a].label = Some(Label::Person);
                        self.mentions[a].typed_by = "context: X's family or staff".into();
                    }
                }
                let mut m = self.mention(
                    start..t + len,
                    Some(Label::Person),
                    MentionForm::Related,
                    "family or job noun",
                );
                m.female = female;
                m.related = Some(Related {
                    kind,
                    professional,
                    anchor,
                });
                self.push(m);
            }
            t += len;
        }
    }

    /// Event phrases around configured head nouns, and implicit accidents after injury verbs.
    pub fn event_mentions(&mut self) {
        for s in 0..self.doc.sentences.len() {
            let range = self.doc.sentences[s].tokens.clone();
            let before = self.mentions.len();
            for t in range.clone() {
                let named_event = self.model.is_some() && self.named[t].is_some();
                let verb = self
                    .model
                    .is_some_and(|p| model::events::is_verb_reading(p, t));
                if named_event || verb {
                    continue;
                }
                if let Some(&head) = self.ex.cues.event_words.get(self.norm(t)) {
                    self.event_phrase(s, t, head, range.clone());
                } else if let Some(head) = self.model_accident_at(t) {
                    self.event_phrase(s, t, head, range.clone());
                }
            }
            self.implicit_events(range.clone());
            let events: Vec<usize> = (before..self.mentions.len())
                .filter(|&m| self.mentions[m].event.is_some())
                .collect();
            if let ([only], [(_, date, phrase)]) = (events.as_slice(), self.dates[s].as_slice()) {
                let ev = self.mentions[*only].event.as_mut().expect("event mention");
                ev.date = Some(*date);
                ev.date_phrase = Some(phrase.clone());
            }
        }
    }

    /// The accident kind, where the parse reads token `t` as an accident noun the cues do not
    /// list (model extractor only).
    fn model_accident_at(&self, t: usize) -> Option<usize> {
        let parse = self.model?;
        let kind = self
            .ex
            .config
            .cues
            .event
            .iter()
            .position(|e| e.name == "accident")?;
        model::events::is_accident_noun(self.doc, parse, t).then_some(kind)
    }

    fn event_phrase(&mut self, s: usize, head_token: usize, head: usize, range: Range<usize>) {
        let cues = &self.ex.cues;
        let mut phrase = EventPhrase {
            head: self.ex.config.cues.event[head].name.clone(),
            word: self
                .model
                .and_then(|p| model::events::noun_word(self.doc, p, head_token)),
            ..EventPhrase::default()
        };
        let mut j = head_token;
        let mut start = head_token;
        let mut adjective_zone = false;
        let mut steps = 0;
        while j > range.start && steps < 7 {
            let k = j - 1;
            let kn = self.norm(k).to_string();
            steps += 1;
            if self.date_token[k] {
                j = k;
                start = k;
                continue;
            }
            if let Some(m) = self.name_ending_at(k + 1) {
                phrase.modifiers.push(m);
                j = self.mentions[m].tokens.start;
                start = j;
                continue;
            }
            if matches!(kn.as_str(), "a" | "an" | "the") {
                start = k;
                break;
            }
            if cues.possessives.contains(&kn) {
                phrase.possessor = self.pronoun_at(k);
                start = k;
                break;
            }
            if kn == "'s" {
                phrase.possessor = self.longest_ending_at(k, |m| m.label.is_some());
                start = phrase
                    .possessor
                    .map_or(k, |p| self.mentions[p].tokens.start);
                break;
            }
            if kn == "and" || kn == "," {
                adjective_zone = true;
                j = k;
                continue;
            }
            let tok = &self.doc.tokens[k];
            if !tok.is_word || cues.stop_words.contains(&kn) || cues.event_words.contains_key(&kn) {
                break;
            }
            if tok.capitalised && !self.doc.sentences[s].headline {
                break;
            }
            if !adjective_zone && !looks_adjective(&kn) {
                phrase.qualifiers.insert(0, kn);
            } else {
                adjective_zone = true;
            }
            j = k;
            start = k;
        }
        let mut end = head_token + 1;
        let wanted: Vec<Label> = self.ex.config.cues.event[head]
            .modifier_labels
            .iter()
            .filter_map(|l| Label::parse(l.get_ref()))
            .collect();
        if end + 1 < range.end && matches!(self.norm(end), "of" | "to" | "at" | "in") {
            // "premiere of his Disney+ docuseries Rennervations": the name may come a few words on.
            let mut k = end + 1;
            while k < range.end && k <= end + 5 {
                if let Some(m) = self.named[k].filter(|&m| self.mentions[m].tokens.start == k) {
                    let fits = self.mentions[m].label.is_none_or(|l| wanted.contains(&l));
                    let last = self.mentions[m].tokens.end;
                    let more = last < range.end && self.named[last].is_some();
                    if fits && !more {
                        phrase.modifiers.push(m);
                        end = last;
                        break;
                    }
                    k = last;
                    continue;
                }
                let tok = &self.doc.tokens[k];
                if !tok.is_word
                    || (cues.stop_words.contains(&tok.norm)
                        && !cues.possessives.contains(&tok.norm))
                {
                    break;
                }
                k += 1;
            }
        }
        phrase
            .modifiers
            .sort_by_key(|&m| self.mentions[m].tokens.start);
        let labels: Vec<Label> = self.ex.config.cues.event[head]
            .modifier_labels
            .iter()
            .filter_map(|l| Label::parse(l.get_ref()))
            .collect();
        for &m in &phrase.modifiers.clone() {
            if self.mentions[m].label.is_none() {
                let taken: Vec<Label> = phrase
                    .modifiers
                    .iter()
                    .filter_map(|&o| self.mentions[o].label)
                    .collect();
                if let Some(l) = labels.iter().find(|l| !taken.contains(l)) {
                    self.mentions[m].label = Some(*l);
                    self.mentions[m].typed_by = format!("context: modifier of {}", phrase.head);
                }
            }
        }
        let mut m = self.mention(
            start..end,
            Some(Label::Event),
            MentionForm::Event,
            "event noun",
        );
        m.event = Some(phrase);
        self.push(m);
    }

    fn implicit_events(&mut self, range: Range<usize>) {
        let cues = &self.ex.cues;
        let mut found = Vec::new();
        for t in range.clone() {
            if !super::may_start(&cues.injury_verb_starts, self.norm(t)) {
                continue;
            }
            for verb in &cues.injury_verbs {
                let len = verb.len();
                if t + len + 2 > range.end
                    || !verb
                        .iter()
                        .enumerate()
                        .all(|(i, w)| self.doc.tokens[t + i].norm == *w)
                {
                    continue;
                }
                let mut k = t + len;
                if self.norm(k) != "by" {
                    continue;
                }
                k += 1;
                if matches!(
                    self.norm(k),
                    "a" | "an" | "the" | "his" | "her" | "their" | "its"
                ) {
                    k += 1;
                }
                if k < range.end && self.norm(k) == "own" {
                    k += 1;
                }
                let np_start = t + len + 1;
                let mut words = Vec::new();
                while k < range.end
                    && words.len() < 3
                    && self.doc.tokens[k].is_word
                    && !cues.stop_words.contains(self.norm(k))
                {
                    words.push(self.norm(k).to_string());
                    if cues.injury_agents.contains(self.norm(k)) {
                        found.push((np_start..k + 1, words.clone()));
                        break;
                    }
                    k += 1;
                }
            }
        }
        // Active voice: "a snowplow ran him over", "the truck hit her".
        const DETERMINERS: [&str; 6] = ["a", "an", "the", "his", "her", "their"];
        for t in range.clone() {
            if !cues.injury_agents.contains(self.norm(t)) || t == range.start {
                continue;
            }
            let Some(det) = (t.saturating_sub(3).max(range.start)..t)
                .rev()
                .find(|&k| DETERMINERS.contains(&self.norm(k)))
            else {
                continue;
            };
            let verb_at = t + 1;
            if verb_at >= range.end {
                continue;
            }
            let verb = self.norm(verb_at);
            let active = cues
                .injury_verbs
                .iter()
                .any(|v| v.first().is_some_and(|w| w == verb))
                || matches!(verb, "ran" | "rolled" | "slammed" | "plowed" | "ploughed");
            if active {
                let words = (det + 1..t + 1).map(|k| self.norm(k).to_string()).collect();
                found.push((det..t + 1, words));
            }
        }
        for (range, qualifiers) in found {
            if range.clone().any(|t| self.in_event[t]) {
                continue;
            }
            let head = self
                .ex
                .config
                .cues
                .event
                .iter()
                .find(|e| e.one_per_document)
                .map_or_else(|| "accident".to_string(), |e| e.name.clone());
            let mut m = self.mention(
                range,
                Some(Label::Event),
                MentionForm::Event,
                "injury verb agent",
            );
            m.event = Some(EventPhrase {
                head,
                qualifiers,
                implicit: true,
                ..EventPhrase::default()
            });
            self.push(m);
        }
    }

    /// Types untyped names from the words just before or after them.
    pub fn type_from_context(&mut self) {
        let cues = &self.ex.cues;
        // First and last words of full person names, for "Renner" after "Jeremy Renner".
        let name_parts: BTreeSet<String> = self
            .mentions
            .iter()
            .filter(|m| {
                m.label == Some(Label::Person) && m.form == MentionForm::Name && m.tokens.len() > 1
            })
            .flat_map(|m| {
                [
                    self.norm(m.tokens.start).to_string(),
                    self.norm(m.tokens.end - 1).to_string(),
                ]
            })
            .collect();
        for i in 0..self.mentions.len() {
            let ner_typed = self.mentions[i].typed_by.starts_with(model::ner::NER_TYPED)
                && self.mentions[i].label != Some(Label::Person);
            if (self.mentions[i].label.is_some() && !ner_typed)
                || self.mentions[i].form != MentionForm::Name
            {
                continue;
            }
            let range = self.mentions[i].tokens.clone();
            let sent = self.doc.sentences[self.mentions[i].sentence].tokens.clone();
            let matches_at = |phrase: &[String], at: usize| -> bool {
                at >= sent.start
                    && at + phrase.len() <= sent.end
                    && phrase
                        .iter()
                        .enumerate()
                        .all(|(k, w)| self.doc.tokens[at + k].norm == *w)
            };
            let mut label = None;
            for (before, after, l) in &cues.context {
                let hit_before = !before.is_empty()
                    && (range.start >= before.len()
                        && matches_at(before, range.start - before.len())
                        || (range.start > before.len()
                            && self.norm(range.start - 1) == ","
                            && matches_at(before, range.start - 1 - before.len())));
                let hit_after = !after.is_empty() && matches_at(after, range.end);
                if hit_before || hit_after {
                    label = Some((
                        *l,
                        if hit_before {
                            before.join(" ")
                        } else {
                            after.join(" ")
                        },
                    ));
                    break;
                }
            }
            if label.is_none() {
                // "X, Nevada": a name followed by a region is a place.
                if range.end + 1 < sent.end && self.norm(range.end) == "," {
                    let next = range.end + 1;
                    let region = self.by_start[next]
                        .iter()
                        .any(|&m| self.mentions[m].label == Some(Label::Place));
                    if region {
                        label = Some((Label::Place, "X, <Place>".into()));
                    }
                }
            }
            if label.is_none() {
                let norms: Vec<&str> = range.clone().map(|t| self.norm(t)).collect();
                let single = norms.len() == 1;
                let surname_of = single && name_parts.contains(norms[0]);
                if surname_of {
                    label = Some((Label::Person, "part of a person's name".into()));
                }
            }
            if let Some((l, why)) = label {
                self.mentions[i].label = Some(l);
                self.mentions[i].typed_by = format!("context: {why}");
            }
        }
    }

    /// Mentions by start token, longest first.
    pub fn starting_at(&self) -> Vec<Vec<usize>> {
        let mut by_start = vec![Vec::new(); self.doc.tokens.len() + 1];
        for (i, m) in self.mentions.iter().enumerate() {
            by_start[m.tokens.start].push(i);
        }
        for v in &mut by_start {
            v.sort_unstable_by_key(|&i| (std::cmp::Reverse(self.mentions[i].tokens.end), i));
        }
        by_start
    }

    /// The speaker of each quotation: the person next to a speech verb outside it.
    pub fn quote_speakers(&self) -> Vec<Option<usize>> {
        let doc = self.doc;
        let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); doc.sentences.len()];
        for (i, m) in self.mentions.iter().enumerate() {
            by_sentence[m.sentence].push(i);
        }
        let mut out = Vec::new();
        for q in &doc.quotes {
            let mut speaker = None;
            let first = doc.sentences.partition_point(|s| s.end <= q.start);
            for (s, sent) in doc.sentences.iter().enumerate().skip(first) {
                if sent.start >= q.end || speaker.is_some() {
                    break;
                }
                let outside: Vec<usize> = sent
                    .tokens
                    .clone()
                    .filter(|&t| doc.tokens[t].quote.is_none())
                    .collect();
                for &v in &outside {
                    if !self.ex.cues.speech_verbs.contains(self.norm(v)) {
                        continue;
                    }
                    let person = |m: &Mention| {
                        m.label == Some(Label::Person)
                            && m.quote.is_none()
                            && m.sentence == s
                            && !m.first_person
                    };
                    let in_sentence = || by_sentence[s].iter().map(|&i| (i, &self.mentions[i]));
                    let near = in_sentence()
                        .filter(|(_, m)| {
                            person(m)
                                && ((m.tokens.end <= v && v - m.tokens.end <= 2)
                                    || (m.tokens.start > v && m.tokens.start - v <= 2))
                        })
                        .max_by_key(|(_, m)| {
                            (
                                m.tokens.len(),
                                std::cmp::Reverse(m.tokens.start.abs_diff(v)),
                            )
                        })
                        .map(|(i, _)| i);
                    let subject = || {
                        in_sentence()
                            .filter(|(_, m)| person(m))
                            .min_by_key(|(_, m)| {
                                (m.tokens.start, std::cmp::Reverse(m.tokens.len()))
                            })
                            .map(|(i, _)| i)
                    };
                    speaker = near.or_else(subject);
                    if speaker.is_some() {
                        break;
                    }
                }
            }
            out.push(speaker);
        }
        out
    }

    /// Distinct untyped names with the tokens of their first use, for the report.
    pub fn untyped(&self) -> Vec<super::UntypedName> {
        let mut first: std::collections::BTreeMap<&str, std::ops::Range<usize>> =
            std::collections::BTreeMap::new();
        for m in self.mentions.iter().filter(|m| m.label.is_none()) {
            let at = first.entry(m.text.as_str()).or_insert(m.tokens.clone());
            if m.tokens.start < at.start {
                *at = m.tokens.clone();
            }
        }
        first
            .into_iter()
            .map(|(text, tokens)| super::UntypedName {
                text: text.to_string(),
                tokens,
            })
            .collect()
    }
}

fn norm_is_female_role(norm: &str) -> bool {
    matches!(norm, "actress" | "alumna" | "heiress" | "songstress")
}
