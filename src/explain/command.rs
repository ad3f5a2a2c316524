//! The `explain` subcommand: reads one article, extracts it with a trace, resolves it, and
//! prints the explanation as text or JSON.

use super::report::{Explanation, Sources};
use super::trace::ExtractTrace;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::extract::model::ExtractorKind;
use crate::extract::Extractor;
use crate::ingest::source::{read_unit, Input, InputSpec};
use crate::ingest::RawArticle;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `kgpipe explain ARTICLE [--sentence N]`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExplainArgs {
    /// The article: a .txt, .md or .html file, a .jsonl file of one article, or - for stdin.
    pub article: PathBuf,
    /// Explain only sentence N (1-based, as the full explanation numbers them).
    #[arg(long, value_name = "N")]
    pub sentence: Option<usize>,
    /// How many rules that did not fire to show per sentence, the furthest first.
    #[arg(long, value_name = "K", default_value_t = 3)]
    pub near: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Extractor: `model` (the rules with the NLP model's entities and parse) or `rules`.
    #[arg(long, default_value = "model")]
    pub extractor: String,
    /// Folder of configuration files overriding the built-in defaults (as for build).
    #[arg(long, env = "KGPIPE_CONFIG", value_name = "DIR")]
    pub config: Option<PathBuf>,
    /// Read the article in this form instead of by extension: txt, md, html or jsonl.
    #[arg(long, value_name = "FORM")]
    pub input_format: Option<String>,
}

/// What to explain, checked.
#[derive(Debug, Clone)]
pub struct ExplainRequest {
    pub article: PathBuf,
    pub input_format: Option<String>,
    pub sentence: Option<usize>,
    pub near: usize,
    pub extractor: ExtractorKind,
    pub config: Option<PathBuf>,
}

impl ExplainArgs {
    fn request(&self) -> Result<ExplainRequest> {
        let extractor = ExtractorKind::parse(&self.extractor).ok_or_else(|| {
            Error::Usage(format!(
                "unknown extractor {:?}: use model or rules",
                self.extractor
            ))
        })?;
        Ok(ExplainRequest {
            article: self.article.clone(),
            input_format: self.input_format.clone(),
            sentence: self.sentence,
            near: self.near,
            extractor,
            config: self.config.clone(),
        })
    }
}

/// Runs the subcommand: the explanation on standard output.
pub fn run(args: &ExplainArgs) -> Result<()> {
    let explanation = explain(&args.request()?)?;
    let text = match args.json {
        true => serde_json::to_string_pretty(&explanation)
            .map_err(|e| Error::Export(format!("cannot write JSON: {e}")))?,
        false => super::text::render(&explanation),
    };
    let mut out = std::io::stdout().lock();
    // A closed pipe (`kgpipe explain a.txt | head`) ends the output quietly.
    let _ = writeln!(out, "{text}");
    Ok(())
}

/// The explanation of the one article `request` names.
pub fn explain(request: &ExplainRequest) -> Result<Explanation> {
    let config = match &request.config {
        Some(dir) => Config::load(dir)?,
        None => Config::load_layered(None)?,
    };
    let extractor =
        Extractor::new(config)?.with_max_name_chars(crate::Limits::default().max_name_chars);
    let raw = read_one_article(&request.article, request.input_format.clone())?;
    let path = raw.path.clone();
    let document = crate::ingest::ingest_article(raw, extractor.abbreviations());
    let count = document.sentences.len();
    if count == 0 {
        return Err(Error::Input {
            path,
            line: 1,
            message: "the article has no text to explain".into(),
        });
    }
    let wanted = sentences_wanted(request.sentence, count)?;
    let parse = match request.extractor {
        ExtractorKind::Model => Some(crate::nlp::Nlp::embedded()?.parse(&document.text)),
        ExtractorKind::Rules => None,
    };
    let mut trace = ExtractTrace::new();
    let extraction = extractor.extract_traced(document, parse.as_ref(), &mut trace);
    let resolution = crate::resolve::resolve_document(extractor.config(), &extraction);
    let sources = Sources {
        extractor: &extractor,
        extraction: &extraction,
        parse: parse.as_ref(),
        trace: &trace,
        resolution: &resolution,
        near: request.near,
    };
    Ok(Explanation {
        article: extraction.document.id.clone(),
        extractor: match request.extractor {
            ExtractorKind::Model => "model",
            ExtractorKind::Rules => "rules",
        },
        sentence_count: count,
        sentences: wanted.map(|s| sources.sentence(s)).collect(),
    })
}

/// The 0-based sentences to explain; `--sentence` beyond the article is a usage error.
fn sentences_wanted(sentence: Option<usize>, count: usize) -> Result<std::ops::Range<usize>> {
    match sentence {
        None => Ok(0..count),
        Some(n) if (1..=count).contains(&n) => Ok(n - 1..n),
        Some(n) => Err(Error::Usage(format!(
            "--sentence {n}: the article has {count} sentence{} (1 to {count})",
            if count == 1 { "" } else { "s" }
        ))),
    }
}

/// Reads the article at `path` (any input form); it must hold exactly one.
fn read_one_article(path: &Path, format: Option<String>) -> Result<RawArticle> {
    let spec = InputSpec {
        path: path.to_path_buf(),
        format,
        ..InputSpec::default()
    };
    let input = Input::list(&spec)?;
    if let Some(e) = input.refused.into_iter().next() {
        return Err(e);
    }
    let mut articles = Vec::new();
    for unit in &input.units {
        read_unit(unit, crate::Limits::default().max_article_bytes, &mut |a| {
            articles.push(a?);
            Ok(())
        })?;
    }
    match articles.len() {
        1 => Ok(articles.remove(0)),
        0 => Err(Error::NoArticles {
            path: path.to_path_buf(),
            hint: "give one article file".into(),
        }),
        n => Err(Error::Usage(format!(
            "{}: holds {n} articles; explain reads one (give one file, or a .jsonl file of one line)",
            path.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_numbers_are_one_based_and_checked() {
        assert_eq!(sentences_wanted(None, 3).unwrap(), 0..3);
        assert_eq!(sentences_wanted(Some(3), 3).unwrap(), 2..3);
        for bad in [0, 4] {
            let e = sentences_wanted(Some(bad), 3).unwrap_err();
            assert_eq!(e.exit_code(), 2);
            assert!(e.to_string().contains("has 3 sentences (1 to 3)"), "{e}");
        }
    }
}
