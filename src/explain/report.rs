//! Assembles the explanation of one article, sentence by sentence, from the extraction, the
//! recorded trace, the document's resolution and the parse. Serialisable as it is (`--json`).

use super::trace::ExtractTrace;
use crate::extract::{Extraction, Extractor, Mention, MentionForm};
use crate::ingest::Document;
use crate::nlp;
use crate::resolve::DocumentResolution;
use serde::Serialize;
use std::collections::BTreeSet;
use std::ops::Range;

/// The explanation of one article.
#[derive(Debug, Serialize)]
pub struct Explanation {
    pub article: String,
    pub extractor: &'static str,
    /// Sentences in the article (the range of `--sentence`).
    pub sentence_count: usize,
    pub sentences: Vec<SentenceExplanation>,
}

#[derive(Debug, Serialize)]
pub struct SentenceExplanation {
    /// 1-based, as `--sentence` takes it.
    pub number: usize,
    pub headline: bool,
    pub text: String,
    pub tokens: Vec<TokenRow>,
    /// The model's entities (none with the rules extractor).
    pub entities: Vec<EntityRow>,
    pub mentions: Vec<MentionRow>,
    pub dropped: Vec<DroppedRow>,
    pub coreference: Vec<CorefRow>,
    pub event_coreference: Vec<CorefRow>,
    pub rules_fired: Vec<FiredRow>,
    pub near_misses: Vec<NearMissRow>,
}

/// One token: with the model, its tag, lemma, head (1-based in the sentence; `None` outside
/// it) and dependency; with the rules extractor, its text only.
#[derive(Debug, Serialize)]
pub struct TokenRow {
    pub i: usize,
    /// Index in the whole article (of the parse, or of the rules tokenizer), as near-miss
    /// reasons cite tokens: `"in"(18)`.
    pub token: usize,
    pub text: String,
    pub tag: Option<String>,
    pub lemma: Option<String>,
    pub head: Option<usize>,
    pub dep: Option<String>,
    pub ent: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EntityRow {
    pub text: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct MentionRow {
    pub text: String,
    pub label: Option<String>,
    pub form: String,
    /// The extraction step that found it, and what typed it then.
    pub found_by: String,
    pub first_typed_by: String,
    /// What gave it its final label, as the extractor recorded it.
    pub typed_by: String,
    /// Later label changes: `step: from → to (why)`.
    pub changes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct DroppedRow {
    pub text: String,
    pub why: String,
}

#[derive(Debug, Serialize)]
pub struct CorefRow {
    pub mention: String,
    pub form: String,
    pub entity: String,
    pub label: String,
    pub reason: String,
    /// Other sentences (1-based) with mentions of the same entity.
    pub also_in: Vec<usize>,
}

#[derive(Debug, Serialize)]
pub struct FiredRow {
    pub rule: String,
    /// `token` (a `[[relation]]`), `dependency` (a `[[dep_rule]]`) or `built-in` (a step).
    pub kind: &'static str,
    /// `patterns.toml:LINE` of the rule.
    pub location: Option<String>,
    /// The tokens it matched.
    pub matched: String,
    pub relation: String,
    pub from: Vec<String>,
    pub to: Vec<String>,
    pub confidence: f32,
    /// Why it gave no relationship, when it gave none.
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct NearMissRow {
    pub rule: String,
    pub kind: &'static str,
    pub location: String,
    /// Required elements (token rules: neither optional nor gaps) or nodes (dependency rules)
    /// matched, out of `of`.
    pub matched: usize,
    pub of: usize,
    pub matched_tokens: Vec<String>,
    pub failed: String,
    pub reason: String,
}

/// What an explanation is assembled from.
pub(crate) struct Sources<'a> {
    pub extractor: &'a Extractor,
    pub extraction: &'a Extraction,
    pub parse: Option<&'a nlp::Doc>,
    pub trace: &'a ExtractTrace,
    pub resolution: &'a DocumentResolution,
    pub near: usize,
}

impl Sources<'_> {
    fn doc(&self) -> &Document {
        &self.extraction.document
    }

    fn mentions(&self) -> &[Mention] {
        &self.extraction.mentions
    }

    /// The explanation of sentence `s` (0-based).
    pub(crate) fn sentence(&self, s: usize) -> SentenceExplanation {
        let sentence = &self.doc().sentences[s];
        let (coreference, event_coreference) = self.coreference(s);
        SentenceExplanation {
            number: s + 1,
            headline: sentence.headline,
            text: self.doc().text[sentence.start..sentence.end].to_string(),
            tokens: self.tokens(s),
            entities: self.entities(s),
            mentions: self.mention_rows(s),
            dropped: self.dropped(s),
            coreference,
            event_coreference,
            rules_fired: self.fired(s),
            near_misses: self.near_misses(s),
        }
    }

    fn bytes(&self, s: usize) -> Range<usize> {
        let sentence = &self.doc().sentences[s];
        sentence.start..sentence.end
    }

    /// Parse tokens starting inside sentence `s`.
    fn parse_tokens(&self, s: usize) -> Vec<usize> {
        let bytes = self.bytes(s);
        self.parse.map_or_else(Vec::new, |p| {
            p.tokens
                .iter()
                .filter(|t| bytes.contains(&t.start))
                .map(|t| t.i)
                .collect()
        })
    }

    fn tokens(&self, s: usize) -> Vec<TokenRow> {
        match self.parse {
            Some(p) => {
                let ids = self.parse_tokens(s);
                let local = |t: usize| ids.iter().position(|&i| i == t).map(|k| k + 1);
                ids.iter()
                    .enumerate()
                    .map(|(k, &t)| {
                        let tok = &p.tokens[t];
                        TokenRow {
                            i: k + 1,
                            token: t,
                            text: p.token_text(t).to_string(),
                            tag: Some(tok.tag.clone()),
                            lemma: Some(tok.lemma.clone()),
                            head: local(tok.head),
                            dep: Some(tok.dep.clone()),
                            ent: (!tok.ent_type.is_empty())
                                .then(|| format!("{}-{}", tok.ent_iob, tok.ent_type)),
                        }
                    })
                    .collect()
            }
            None => {
                let doc = self.doc();
                doc.sentences[s]
                    .tokens
                    .clone()
                    .enumerate()
                    .map(|(k, t)| TokenRow {
                        i: k + 1,
                        token: t,
                        text: doc.text[doc.tokens[t].start..doc.tokens[t].end].to_string(),
                        tag: None,
                        lemma: None,
                        head: None,
                        dep: None,
                        ent: None,
                    })
                    .collect()
            }
        }
    }

    fn entities(&self, s: usize) -> Vec<EntityRow> {
        let Some(p) = self.parse else {
            return Vec::new();
        };
        let bytes = self.bytes(s);
        p.ents
            .iter()
            .filter(|e| bytes.contains(&p.tokens[e.start].start))
            .map(|e| EntityRow {
                text: self.parse_text(e.start..e.end),
                label: e.label.clone(),
            })
            .collect()
    }

    fn parse_text(&self, tokens: Range<usize>) -> String {
        let p = self.parse.expect("a parse");
        let (first, last) = (&p.tokens[tokens.start], &p.tokens[tokens.end - 1]);
        p.text[first.start..last.end].to_string()
    }

    fn doc_text(&self, tokens: Range<usize>) -> String {
        let doc = self.doc();
        match (doc.tokens.get(tokens.start), tokens.end.checked_sub(1)) {
            (Some(first), Some(last)) if last >= tokens.start => {
                doc.text[first.start..doc.tokens[last].end].to_string()
            }
            _ => String::new(),
        }
    }

    fn in_sentence(&self, s: usize) -> impl Iterator<Item = (usize, &Mention)> {
        self.mentions()
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.sentence == s)
    }

    fn mention_rows(&self, s: usize) -> Vec<MentionRow> {
        self.in_sentence(s)
            .filter(|(_, m)| m.label.is_some())
            .map(|(i, m)| MentionRow {
                text: m.text.clone(),
                label: m.label.map(|l| l.to_string()),
                form: form_name(m.form).into(),
                found_by: self.found_by(i),
                first_typed_by: self
                    .trace
                    .first_typed_by
                    .get(i)
                    .cloned()
                    .unwrap_or_default(),
                typed_by: m.typed_by.clone(),
                changes: self.changes(i),
            })
            .collect()
    }

    fn found_by(&self, i: usize) -> String {
        self.trace
            .made_by
            .get(i)
            .map_or("unknown step", |s| s)
            .to_string()
    }

    fn changes(&self, i: usize) -> Vec<String> {
        let label =
            |l: Option<crate::ontology::Label>| l.map_or("untyped".into(), |l| l.to_string());
        self.trace
            .retyped
            .iter()
            .filter(|r| r.mention == i)
            .map(|r| {
                format!(
                    "{}: {} → {} ({})",
                    r.step,
                    label(r.from),
                    label(r.to),
                    r.typed_by
                )
            })
            .collect()
    }

    fn dropped(&self, s: usize) -> Vec<DroppedRow> {
        self.in_sentence(s)
            .filter(|(_, m)| m.label.is_none())
            .map(|(i, m)| {
                let why = match m.typed_by.as_str() {
                    "" => {
                        "untyped: no lexicon entry, NER label, context cue or pattern slot typed it"
                            .to_string()
                    }
                    t => format!("untyped by {}: {t}", self.untyped_by(i)),
                };
                DroppedRow {
                    text: m.text.clone(),
                    why,
                }
            })
            .collect()
    }

    /// The step that last took the mention's label off.
    fn untyped_by(&self, i: usize) -> &'static str {
        self.trace
            .retyped
            .iter()
            .rev()
            .find(|r| r.mention == i && r.to.is_none())
            .map_or_else(
                || self.trace.made_by.get(i).copied().unwrap_or("?"),
                |r| r.step,
            )
    }

    /// Coreference decisions of the sentence's mentions: (entities, events).
    fn coreference(&self, s: usize) -> (Vec<CorefRow>, Vec<CorefRow>) {
        let (mut people, mut events) = (Vec::new(), Vec::new());
        for (i, m) in self.in_sentence(s) {
            let Some((key, name, label, reason)) = self.resolution.mention_entity(i) else {
                continue;
            };
            let event = m.form == MentionForm::Event || m.event.is_some();
            let renamed = alias_differs(&m.text, name);
            if !event && m.form == MentionForm::Name && !renamed {
                continue;
            }
            let mut reason = reason.to_string();
            if let Some(&named) = self.trace.named_events.get(&i) {
                reason = format!(
                    "{reason}; stands for the named event {:?}",
                    self.mentions()[named].text
                );
            }
            let row = CorefRow {
                mention: m.text.clone(),
                form: form_name(m.form).into(),
                entity: name.to_string(),
                label: label.to_string(),
                reason,
                also_in: self.sentences_of(&key, s),
            };
            match event {
                true => events.push(row),
                false => people.push(row),
            }
        }
        (people, events)
    }

    /// Other sentences (1-based) with a mention of the entity `key`.
    fn sentences_of(&self, key: &str, except: usize) -> Vec<usize> {
        let set: BTreeSet<usize> = (0..self.mentions().len())
            .filter(|&j| {
                self.resolution
                    .mention_entity(j)
                    .is_some_and(|e| e.0 == key)
            })
            .map(|j| self.mentions()[j].sentence)
            .filter(|&t| t != except)
            .map(|t| t + 1)
            .collect();
        set.into_iter().collect()
    }

    fn fired(&self, s: usize) -> Vec<FiredRow> {
        let mut out = self.token_fired(s);
        out.extend(self.dep_fired(s));
        out.extend(self.built_in_fired(s));
        out
    }

    fn mention_text(&self, m: usize) -> String {
        self.mentions()[m].text.clone()
    }

    fn token_fired(&self, s: usize) -> Vec<FiredRow> {
        let rules = self.extractor.token_rules().rules();
        let config = self.extractor.config();
        self.trace
            .token_fired
            .iter()
            .filter(|f| f.sentence == s)
            .map(|f| {
                let rule = &rules[f.rule];
                let end = |name: &str| f.slots.get(name).map(|&m| self.mention_text(m));
                let confidence = self
                    .extraction
                    .relations
                    .iter()
                    .find(|r| {
                        r.rule == rule.id
                            && r.sentence == s
                            && Some(&r.from) == f.slots.get(&rule.from)
                            && Some(&r.to) == f.slots.get(&rule.to)
                    })
                    .map_or(rule.confidence, |r| r.confidence);
                FiredRow {
                    rule: rule.id.clone(),
                    kind: "token",
                    location: config
                        .relations
                        .get(f.rule)
                        .map(|r| config.pattern_location(r.pattern.span())),
                    matched: self.doc_text(f.tokens.clone()),
                    relation: rule.rel_type.clone(),
                    from: end(&rule.from).into_iter().collect(),
                    to: end(&rule.to).into_iter().collect(),
                    confidence,
                    note: f.dropped.map(str::to_string),
                }
            })
            .collect()
    }

    /// The document sentence a parse sentence (parse token range) starts in.
    fn sentence_of_parse(&self, range: &Range<usize>) -> Option<usize> {
        let p = self.parse?;
        let byte = p.tokens.get(range.start)?.start;
        self.doc()
            .sentences
            .iter()
            .position(|s| (s.start..s.end.max(s.start + 1)).contains(&byte))
    }

    fn dep_rule_location(&self, r: usize) -> String {
        let config = self.extractor.config();
        config.dep_rules.get(r).map_or_else(String::new, |spec| {
            config.pattern_location(spec.name_span())
        })
    }

    fn dep_fired(&self, s: usize) -> Vec<FiredRow> {
        let matcher = self.extractor.dep_matcher();
        self.trace
            .dep_fired
            .iter()
            .filter(|f| self.sentence_of_parse(&f.sentence) == Some(s))
            .map(|f| {
                let rule = &matcher.rules()[f.rule];
                let texts = |ms: &[usize]| ms.iter().map(|&m| self.mention_text(m)).collect();
                let pairs = f.from.iter().any(|a| f.to.iter().any(|b| a != b));
                FiredRow {
                    rule: rule.name.clone(),
                    kind: "dependency",
                    location: Some(self.dep_rule_location(f.rule)),
                    matched: self.node_tokens(rule, &f.nodes).join(", "),
                    relation: rule.rel_type.as_str().to_string(),
                    from: texts(&f.from),
                    to: texts(&f.to),
                    confidence: rule.confidence,
                    note: (!pairs).then(|| "a slot stands for no mention: no relationship".into()),
                }
            })
            .collect()
    }

    /// `node=token` for the parse tokens bound to a dependency rule's nodes.
    fn node_tokens(
        &self,
        rule: &crate::extract::depmatch::DepRule,
        nodes: &[usize],
    ) -> Vec<String> {
        nodes
            .iter()
            .zip(&rule.nodes)
            .map(|(&t, node)| {
                let text = self.parse.map_or("", |p| p.token_text(t));
                format!("{}={text:?}", node.id)
            })
            .collect()
    }

    /// Relationships made by the extractor's own steps (not `patterns.toml`).
    fn built_in_fired(&self, s: usize) -> Vec<FiredRow> {
        let token_rules: BTreeSet<&str> = self
            .extractor
            .token_rules()
            .rules()
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        self.extraction
            .relations
            .iter()
            .filter(|r| r.sentence == s)
            .filter(|r| !token_rules.contains(r.rule.as_str()) && !r.rule.starts_with("dep: "))
            .map(|r| FiredRow {
                rule: r.rule.clone(),
                kind: "built-in",
                location: None,
                matched: String::new(),
                relation: match r.kind {
                    crate::extract::CandidateType::Rel(t) => t.as_str().to_string(),
                    crate::extract::CandidateType::SameAs => crate::config::SAME_AS.into(),
                },
                from: vec![self.mention_text(r.from)],
                to: vec![self.mention_text(r.to)],
                confidence: r.confidence,
                note: None,
            })
            .collect()
    }

    /// The rules that got furthest without matching, token and dependency rules together.
    fn near_misses(&self, s: usize) -> Vec<NearMissRow> {
        let mut rows = self.token_near(s);
        rows.extend(self.dep_near(s));
        rows.sort_by(|a, b| {
            let share = |r: &NearMissRow| (r.matched * 1000) / r.of.max(1);
            share(b)
                .cmp(&share(a))
                .then(b.matched.cmp(&a.matched))
                .then(a.kind.cmp(b.kind))
                .then(a.rule.cmp(&b.rule))
        });
        rows.truncate(self.near);
        rows
    }

    fn token_near(&self, s: usize) -> Vec<NearMissRow> {
        let rules = self.extractor.token_rules().rules();
        let config = self.extractor.config();
        let fired: BTreeSet<usize> = self
            .trace
            .token_fired
            .iter()
            .filter(|f| f.sentence == s)
            .map(|f| f.rule)
            .collect();
        self.trace
            .token_near
            .iter()
            .filter(|(t, _)| *t == s)
            .flat_map(|(_, misses)| misses)
            .filter(|m| !fired.contains(&m.rule))
            .map(|m| {
                let mut matched_tokens = vec![self.doc_text(m.span.clone())];
                matched_tokens.extend(
                    m.slots
                        .iter()
                        .map(|(slot, &mi)| format!("{slot}={:?}", self.mention_text(mi))),
                );
                NearMissRow {
                    rule: rules[m.rule].id.clone(),
                    kind: "token",
                    location: config
                        .relations
                        .get(m.rule)
                        .map(|r| config.pattern_location(r.pattern.span()))
                        .unwrap_or_default(),
                    matched: m.required_matched,
                    of: m.required,
                    matched_tokens,
                    failed: format!("element {} `{}`", m.matched + 1, m.failed_element),
                    reason: m.reason.clone(),
                }
            })
            .collect()
    }

    fn dep_near(&self, s: usize) -> Vec<NearMissRow> {
        let matcher = self.extractor.dep_matcher();
        self.trace
            .dep_near
            .iter()
            .filter(|(range, _)| self.sentence_of_parse(range) == Some(s))
            .flat_map(|(_, misses)| misses)
            .filter(|m| m.depth > 0)
            .map(|m| {
                let rule = &matcher.rules()[m.rule];
                NearMissRow {
                    rule: rule.name.clone(),
                    kind: "dependency",
                    location: self.dep_rule_location(m.rule),
                    matched: m.depth,
                    of: rule.nodes.len(),
                    matched_tokens: self.node_tokens(rule, &m.bound),
                    failed: format!(
                        "node {} `{}`",
                        m.failed_node + 1,
                        rule.node_text(m.failed_node)
                    ),
                    reason: m.reason.clone(),
                }
            })
            .collect()
    }
}

fn form_name(form: MentionForm) -> &'static str {
    match form {
        MentionForm::Name => "name",
        MentionForm::Pronoun => "pronoun",
        MentionForm::Role => "role noun",
        MentionForm::Related => "kin or profession",
        MentionForm::Event => "event phrase",
        MentionForm::Possessive => "possessive",
    }
}

/// Whether a name mention reads differently from its entity's name (a surname, an alias).
fn alias_differs(text: &str, entity: &str) -> bool {
    crate::resolve::name_key(text) != crate::resolve::name_key(entity)
}
