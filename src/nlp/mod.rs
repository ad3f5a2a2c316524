//! The trained English pipeline (spaCy's `en_core_web_sm` 3.8.0) run natively: tokens, lexical
//! features, tags, dependency parse, sentences, entities, POS and lemmas.
//!
//! One small API: [`Nlp::embedded`] (the model files built into the binary) or [`Nlp::from_dir`],
//! then [`Nlp::parse`] / [`Nlp::parse_batch`] giving a [`Doc`].

mod attribute_ruler;
mod lemmatizer;
mod lexeme;
mod model_files;
mod ner;
mod parser;
mod tagger;
mod thinc;
mod tok2vec;
mod tokenizer;

pub use model_files::ModelError;

use std::path::Path;

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
    tok2vec: tok2vec::Tok2Vec,
    tagger: tagger::Tagger,
    parser: parser::Parser,
    ner: ner::Ner,
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
            tok2vec: tok2vec::Tok2Vec::from_bytes(files.get("tok2vec/model")?)?,
            tagger: tagger::Tagger::from_bytes(
                files.get("tagger/model")?,
                files.get("tagger/cfg")?,
            )?,
            parser: parser::Parser::from_bytes(
                files.get("parser/model")?,
                files.get("parser/moves")?,
            )?,
            ner: ner::Ner::from_bytes(files.get("ner/model")?, files.get("ner/moves")?)?,
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
        let raw = self.tokenizer.tokenize(text);
        let features: Vec<lexeme::Features> =
            raw.iter().map(|t| self.lexicon.features(text, t)).collect();
        let is_space: Vec<bool> = features.iter().map(|f| f[lexeme::IS_SPACE] == 1).collect();
        let tensor = self.tok2vec.predict(&features);
        let tags = self.tagger.predict(&tensor);
        let parse = self.parser.predict(&tensor);
        let ents = self.ner.predict(&features, &parse.sent_starts, &is_space);
        let mut tokens = self.assemble_tokens(&raw, &tags, &parse);
        self.attribute_ruler.apply(text, &mut tokens, &is_space);
        self.lemmatizer.apply(text, &mut tokens);
        let ents = self.ner_entities(ents, &mut tokens);
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
                tag: self.tagger.label(tags[i]).to_string(),
                pos: String::new(),
                morph: String::new(),
                lemma: String::new(),
                head: parse.heads[i],
                dep: self.parser.label(parse.deps[i]).to_string(),
                ent_iob: 'O',
                ent_type: String::new(),
                sent_start: parse.sent_starts[i],
            })
            .collect()
    }

    fn ner_entities(&self, spans: Vec<ner::Span>, tokens: &mut [Token]) -> Vec<Entity> {
        spans
            .into_iter()
            .map(|s| {
                let label = self.ner.label(s.label).to_string();
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

    /// Parse many texts (in parallel where it pays); the result is in input order and identical
    /// to parsing each text alone.
    pub fn parse_batch(&self, texts: &[&str]) -> Vec<Doc> {
        texts.iter().map(|t| self.parse(t)).collect()
    }
}
