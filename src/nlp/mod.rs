//! The trained English pipeline (spaCy's `en_core_web_sm` 3.8.0) run natively: tokens, lexical
//! features, tags, dependency parse, sentences, entities, POS and lemmas.
//!
//! One small API: [`Nlp::embedded`] (the model files built into the binary) or [`Nlp::from_dir`],
//! then [`Nlp::parse`] / [`Nlp::parse_batch`] giving a [`Doc`].

mod arc_eager;
mod attribute_ruler;
mod dep_tree;
mod display;
mod lemmatizer;
mod lexeme;
mod linalg;
mod model_files;
mod moves;
mod ner;
mod nets;
mod parser;
mod pychar;
mod pyregex;
#[cfg(test)]
mod reference;
mod tagger;
mod thinc;
mod tok2vec;
mod tokenizer;
mod transition_net;

pub use display::{
    read_input_text, run_nlp_command, write_doc, write_json, write_table, NlpFormat,
};
pub use model_files::{ModelError, FILES as MODEL_FILES};

use rayon::prelude::*;
use std::ops::Range;
use std::path::Path;

/// Texts are parsed in batches of about this many bytes (a few thousand tokens): large enough
/// for efficient matrix products, small enough to spread over threads and bound memory.
const BATCH_BYTES: usize = 16 * 1024;

/// One token of a parsed text, with spaCy's attribute names.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Index of the token in the document.
    pub i: usize,
    /// Byte range of the token in the text.
    pub start: usize,
    pub end: usize,
    /// Offset in code points from the start of the text (spaCy's `idx`).
    pub idx: usize,
    /// Followed by one space that belongs to it (spaCy's `whitespace_ == " "`).
    pub whitespace: bool,
    /// Fine-grained tag (Penn Treebank), e.g. `NNP`.
    pub tag: String,
    /// Universal POS, e.g. `PROPN`.
    pub pos: String,
    /// Morphological features, `Feat=Val|…` (empty when none).
    pub morph: String,
    pub lemma: String,
    /// Index of the head token (itself for a root).
    pub head: usize,
    /// Dependency label, e.g. `nsubj`; `ROOT` for a root.
    pub dep: String,
    /// `B`, `I` or `O`.
    pub ent_iob: char,
    /// Entity label (`PERSON`, `ORG`, …) or empty.
    pub ent_type: String,
    pub sent_start: bool,
}

/// An entity span `[start, end)` in token indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

/// A parsed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub text: String,
    pub tokens: Vec<Token>,
    pub ents: Vec<Entity>,
}

impl Doc {
    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }
}

/// The loaded pipeline: tokenizer, shared tok2vec, tagger, parser, NER, attribute ruler and
/// lemmatizer.
pub struct Nlp {
    tokenizer: tokenizer::Tokenizer,
    lexicon: lexeme::Lexicon,
    nets: nets::Networks,
    attribute_ruler: attribute_ruler::AttributeRuler,
    lemmatizer: lemmatizer::Lemmatizer,
}

impl Nlp {
    /// The model built into this binary.
    pub fn embedded() -> Result<Nlp, ModelError> {
        Nlp::from_files(&model_files::ModelFiles::embedded())
    }

    /// A model directory laid out like `models/en_core_web_sm`.
    pub fn from_dir(dir: &Path) -> Result<Nlp, ModelError> {
        Nlp::from_files(&model_files::ModelFiles::read_dir(dir)?)
    }

    fn from_files(files: &model_files::ModelFiles) -> Result<Nlp, ModelError> {
        let symbols = lexeme::Symbols::from_json(files.get("symbols.json")?)?;
        Ok(Nlp {
            tokenizer: tokenizer::Tokenizer::from_bytes(files.get("tokenizer")?)?,
            lexicon: lexeme::Lexicon::new(files.get("vocab/lookups.bin")?, symbols.clone())?,
            nets: nets::Networks::from_files(files)?,
            attribute_ruler: attribute_ruler::AttributeRuler::from_bytes(
                files.get("attribute_ruler/patterns")?,
            )?,
            lemmatizer: lemmatizer::Lemmatizer::from_bytes(
                files.get("lemmatizer/lookups/lookups.bin")?,
                symbols,
            )?,
        })
    }

    /// Parse one text.
    pub fn parse(&self, text: &str) -> Doc {
        self.parse_together(&[text]).pop().unwrap_or_else(|| Doc {
            text: text.to_string(),
            tokens: Vec::new(),
            ents: Vec::new(),
        })
    }

    /// Parse many texts (in parallel where it pays); the result is in input order and identical
    /// to parsing each text alone.
    pub fn parse_batch(&self, texts: &[&str]) -> Vec<Doc> {
        let batches: Vec<Vec<Doc>> = batch_ranges(texts, BATCH_BYTES)
            .into_par_iter()
            .map(|r| self.parse_together(&texts[r]))
            .collect();
        batches.into_iter().flatten().collect()
    }

    /// Parses `texts` as one batch through the networks.
    fn parse_together(&self, texts: &[&str]) -> Vec<Doc> {
        let raws: Vec<Vec<tokenizer::RawToken>> =
            texts.iter().map(|t| self.tokenizer.tokenize(t)).collect();
        let features: Vec<Vec<lexeme::Features>> = texts
            .iter()
            .zip(&raws)
            .map(|(text, raw)| raw.iter().map(|t| self.lexicon.features(text, t)).collect())
            .collect();
        let slices: Vec<&[lexeme::Features]> = features.iter().map(Vec::as_slice).collect();
        let analyses = self.nets.analyse(&slices);
        texts
            .iter()
            .zip(raws.iter().zip(&features))
            .zip(analyses)
            .map(|((text, (raw, feats)), analysis)| self.finish_doc(text, raw, feats, analysis))
            .collect()
    }

    /// Tokens from the networks' output, then the attribute ruler and the lemmatizer.
    fn finish_doc(
        &self,
        text: &str,
        raw: &[tokenizer::RawToken],
        features: &[lexeme::Features],
        analysis: nets::Analysis,
    ) -> Doc {
        let is_space: Vec<bool> = features.iter().map(|f| f[lexeme::IS_SPACE] == 1).collect();
        let mut tokens = self.assemble_tokens(raw, &analysis.tags, &analysis.parse);
        self.attribute_ruler.apply(text, &mut tokens, &is_space);
        self.lemmatizer.apply(text, &mut tokens);
        let ents = self.ner_entities(analysis.ents, &mut tokens);
        Doc {
            text: text.to_string(),
            tokens,
            ents,
        }
    }

    fn assemble_tokens(
        &self,
        raw: &[tokenizer::RawToken],
        tags: &[u16],
        parse: &parser::Parse,
    ) -> Vec<Token> {
        raw.iter()
            .enumerate()
            .map(|(i, t)| Token {
                i,
                start: t.start,
                end: t.end,
                idx: t.idx,
                whitespace: t.spacy,
                tag: self.nets.tagger.label(tags[i]).to_string(),
                pos: String::new(),
                morph: String::new(),
                lemma: String::new(),
                head: parse.heads[i],
                dep: self.nets.parser.label(parse.deps[i]).to_string(),
                ent_iob: 'O',
                ent_type: String::new(),
                sent_start: i == 0 || parse.sent_starts[i],
            })
            .collect()
    }

    fn ner_entities(&self, spans: Vec<ner::Span>, tokens: &mut [Token]) -> Vec<Entity> {
        spans
            .into_iter()
            .map(|s| {
                let label = self.nets.ner.label(s.label).to_string();
                for (k, t) in tokens[s.start..s.end].iter_mut().enumerate() {
                    t.ent_iob = if k == 0 { 'B' } else { 'I' };
                    t.ent_type = label.clone();
                }
                Entity {
                    start: s.start,
                    end: s.end,
                    label,
                }
            })
            .collect()
    }
}

/// Consecutive ranges of `texts` of about `bytes` bytes each (at least one text per range).
fn batch_ranges(texts: &[&str], bytes: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, t) in texts.iter().enumerate() {
        size += t.len();
        if size >= bytes {
            ranges.push(start..i + 1);
            (start, size) = (i + 1, 0);
        }
    }
    if start < texts.len() {
        ranges.push(start..texts.len());
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_ranges_cover_every_text_in_order() {
        let texts = ["aaaa", "bb", "c", "dddddd", "e"];
        assert_eq!(batch_ranges(&texts, 5), [0..2, 2..4, 4..5]);
        assert_eq!(batch_ranges(&texts, 1000), vec![0..texts.len()]);
        assert!(batch_ranges(&[], 5).is_empty());
    }

    #[test]
    fn parse_batch_equals_parsing_each_text_alone() {
        let nlp = Nlp::embedded().unwrap();
        let long = "The council met on Tuesday. It voted to close the bridge. ".repeat(400);
        let texts = [
            "Apple hired Tim Cook in Cupertino.",
            "",
            "  \n",
            long.as_str(),
            "Hi.",
        ];
        let batch = nlp.parse_batch(&texts);
        assert_eq!(batch.len(), texts.len());
        for (doc, text) in batch.iter().zip(texts) {
            assert_eq!(*doc, nlp.parse(text));
        }
    }
}
