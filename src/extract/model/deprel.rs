//! Relations from the dependency rules (`[[dep_rule]]`): each match's slot tokens are mapped
//! onto the document's mentions, and every pair of mentions the slots bind becomes a candidate
//! with the rule's name and confidence.

use super::ModelParse;
use crate::explain::ExtractTrace;
use crate::extract::depmatch::DepMatcher;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate};
use crate::nlp;
use crate::ontology::Label;
use std::collections::BTreeMap;

/// How strongly a mention of each form stands for the token it covers.
fn form_rank(form: MentionForm) -> u8 {
    match form {
        MentionForm::Name => 5,
        MentionForm::Event => 4,
        MentionForm::Related => 3,
        MentionForm::Role => 2,
        MentionForm::Pronoun => 1,
        MentionForm::Possessive => 0,
    }
}

/// The typed mention that stands for each document token.
fn mention_per_token(n: usize, mentions: &[Mention]) -> Vec<Option<usize>> {
    let mut best: Vec<Option<usize>> = vec![None; n];
    for (i, m) in mentions.iter().enumerate() {
        if m.label.is_none() {
            continue;
        }
        for t in m.tokens.clone() {
            let better = best[t].is_none_or(|b| {
                let o = &mentions[b];
                (form_rank(m.form), m.tokens.len()) > (form_rank(o.form), o.tokens.len())
            });
            if better {
                best[t] = Some(i);
            }
        }
    }
    best
}

/// Common nouns that, in an article, stand for its main show ("the film features X").
pub(crate) const SHOW_NOUNS: [&str; 10] = [
    "film",
    "movie",
    "series",
    "show",
    "drama",
    "documentary",
    "sitcom",
    "docuseries",
    "miniseries",
    "biopic",
];

/// Where a slot's tokens find their mentions: the mention at each token, else a name in
/// apposition to it ("their new film Red One"), else the article's main show for "the film".
struct Lookup<'a> {
    parse: &'a ModelParse,
    at: Vec<Option<usize>>,
    main_show: Option<usize>,
    /// Event phrases that stand for a named event of the article.
    named: &'a BTreeMap<usize, usize>,
}

impl Lookup<'_> {
    fn mention_for(&self, d: usize) -> Option<usize> {
        if let Some(m) = self.at[d] {
            return Some(self.named.get(&m).copied().unwrap_or(m));
        }
        let appos = (0..self.at.len()).find(|&c| {
            self.parse.token_head[c] == Some(d)
                && c != d
                && self.parse.token_dep[c].as_deref() == Some("appos")
                && self.at[c].is_some()
        });
        if let Some(c) = appos {
            return self.at[c];
        }
        let noun = self.parse.lemma(d).is_some_and(|l| SHOW_NOUNS.contains(&l));
        noun.then_some(self.main_show).flatten()
    }

    /// The mentions a slot's parse tokens stand for, in order, without repeats.
    fn slot_mentions(&self, tokens: &[usize]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for &p in tokens {
            let m = self.parse.parse_to_doc.get(p).copied().flatten();
            if let Some(m) = m
                .and_then(|d| self.mention_for(d))
                .filter(|m| !out.contains(m))
            {
                out.push(m);
            }
        }
        out
    }
}

/// Candidates for every match of every dependency rule in the parse.
pub(crate) fn dep_relations(
    matcher: &DepMatcher,
    raw: &nlp::Doc,
    parse: &ModelParse,
    mentions: &[Mention],
    main_show: Option<usize>,
    named: &BTreeMap<usize, usize>,
    mut trace: Option<&mut ExtractTrace>,
) -> Vec<RelationCandidate> {
    if matcher.is_empty() {
        return Vec::new();
    }
    let lookup = Lookup {
        parse,
        at: mention_per_token(parse.token_ent.len(), mentions),
        main_show,
        named,
    };
    let at = &lookup.at;
    let label_of = |p: usize| -> Option<Label> {
        let d = parse.parse_to_doc.get(p).copied().flatten()?;
        at[d].and_then(|m| mentions[m].label)
    };
    let mut out = Vec::new();
    for sentence in crate::extract::depmatch::sentences(raw) {
        for found in matcher.find_with(raw, sentence.clone(), &label_of) {
            let rule = &matcher.rules()[found.rule];
            let froms = lookup.slot_mentions(&found.from.tokens);
            let tos = lookup.slot_mentions(&found.to.tokens);
            if let Some(t) = trace.as_deref_mut() {
                t.dep_rule_fired(sentence.clone(), &found, &froms, &tos);
            }
            for &from in &froms {
                for &to in tos.iter().filter(|&&to| to != from) {
                    out.push(RelationCandidate {
                        kind: CandidateType::Rel(rule.rel_type),
                        from,
                        to,
                        rule: format!("dep: {}", rule.name),
                        confidence: rule.confidence,
                        hedged: false,
                        properties: found.properties.clone(),
                        sentence: mentions[from].sentence,
                        possessor_kin: false,
                    });
                }
            }
        }
        if let Some(t) = trace.as_deref_mut() {
            t.dep_rule_near_misses(sentence.clone(), matcher.explain(raw, sentence, &label_of));
        }
    }
    out
}
