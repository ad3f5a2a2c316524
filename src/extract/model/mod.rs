//! The model extractor: runs the NLP layer on an article and maps its parse and entities onto
//! the document's own tokens (so evidence offsets stay those of ingest); the steps here then
//! delimit and type name mentions (NER, quoted titles, names used earlier in the article) for
//! the rule steps to build on.

pub(crate) mod article;
pub(crate) mod attendance;
pub(crate) mod characters;
pub(crate) mod credits;
pub(crate) mod deprel;
pub(crate) mod events;
pub(crate) mod hurt;
pub(crate) mod kin;
pub(crate) mod lists;
pub(crate) mod names;
pub(crate) mod ner;
pub(crate) mod networks;
pub(crate) mod outlets;
pub(crate) mod persons;
pub(crate) mod places;
pub(crate) mod plural_owners;
pub(crate) mod relations;
pub(crate) mod rescue;
pub(crate) mod role_appositions;
pub(crate) mod sites;
pub(crate) mod ties;
pub(crate) mod titles;
pub(crate) mod tree;
pub(crate) mod typing;

use crate::ingest::Document;
use crate::nlp;
use crate::ontology::Label;
use std::ops::Range;

/// Which extractor a build runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExtractorKind {
    /// Lexicon, capitalised spans and cue words only (the fast path).
    Rules,
    /// The rules plus the trained NLP layer (NER and parse): the default.
    #[default]
    Model,
}

impl ExtractorKind {
    pub fn parse(s: &str) -> Option<ExtractorKind> {
        match s {
            "rules" => Some(ExtractorKind::Rules),
            "model" => Some(ExtractorKind::Model),
            _ => None,
        }
    }
}

/// An entity of the NER, in document tokens.
#[derive(Debug, Clone)]
pub(crate) struct NerSpan {
    pub tokens: Range<usize>,
    /// The ontology label, `None` for kinds the ontology does not keep (DATE, NORP …).
    pub label: Option<Label>,
    pub kind: String,
}

/// The parse of one document, aligned with its tokens.
#[derive(Debug, Clone, Default)]
pub(crate) struct ModelParse {
    pub ents: Vec<NerSpan>,
    /// The NER span covering each document token.
    pub token_ent: Vec<Option<usize>>,
    /// The parse token that starts at each document token: tag, lemma, dependency label and
    /// the document token of its head.
    pub token_tag: Vec<Option<String>>,
    pub token_lemma: Vec<Option<String>>,
    pub token_dep: Vec<Option<String>>,
    pub token_head: Vec<Option<usize>>,
    /// The document token each parse token starts at.
    pub parse_to_doc: Vec<Option<usize>>,
}

impl ModelParse {
    /// The lemma of document token `t`, where a parse token starts there.
    pub fn lemma(&self, t: usize) -> Option<&str> {
        self.token_lemma.get(t).and_then(|l| l.as_deref())
    }
}

/// Aligns a parse of `doc.text` with the document's tokens by byte offsets.
pub(crate) fn align(doc: &Document, parse: &nlp::Doc) -> ModelParse {
    let n = doc.tokens.len();
    let mut out = ModelParse {
        ents: Vec::new(),
        token_ent: vec![None; n],
        token_tag: vec![None; n],
        token_lemma: vec![None; n],
        token_dep: vec![None; n],
        token_head: vec![None; n],
        parse_to_doc: Vec::new(),
    };
    let to_doc: Vec<Option<usize>> = parse
        .tokens
        .iter()
        .map(|t| doc_token_starting_at(doc, t.start))
        .collect();
    for (t, d) in parse.tokens.iter().zip(&to_doc) {
        if let Some(d) = *d {
            out.token_tag[d] = Some(t.tag.clone());
            out.token_lemma[d] = Some(t.lemma.to_lowercase());
            out.token_dep[d] = Some(t.dep.clone());
            out.token_head[d] = to_doc.get(t.head).copied().flatten();
        }
    }
    out.parse_to_doc = to_doc;
    for e in &parse.ents {
        let (Some(first), Some(last)) = (parse.tokens.get(e.start), parse.tokens.get(e.end - 1))
        else {
            continue;
        };
        let range = doc_tokens_within(doc, first.start, last.end);
        if range.is_empty() {
            continue;
        }
        let i = out.ents.len();
        for t in range.clone() {
            out.token_ent[t] = Some(i);
        }
        out.ents.push(NerSpan {
            tokens: range,
            label: ner::ontology_label(&e.label),
            kind: e.label.clone(),
        });
    }
    out
}

fn doc_token_starting_at(doc: &Document, byte: usize) -> Option<usize> {
    let i = doc.tokens.partition_point(|t| t.start < byte);
    (i < doc.tokens.len() && doc.tokens[i].start == byte).then_some(i)
}

/// Document tokens lying inside the byte range `[start, end)`.
fn doc_tokens_within(doc: &Document, start: usize, end: usize) -> Range<usize> {
    let first = doc.tokens.partition_point(|t| t.start < start);
    let last = doc.tokens.partition_point(|t| t.end <= end);
    first..last.max(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_kind_parses_both_names_only() {
        assert_eq!(ExtractorKind::parse("model"), Some(ExtractorKind::Model));
        assert_eq!(ExtractorKind::parse("rules"), Some(ExtractorKind::Rules));
        assert_eq!(ExtractorKind::parse("neural"), None);
    }
}
