//! The build report a person can act on: `report.json` in the output (counts, skipped
//! articles with reasons, warnings, and each name left out of the graph with its file, line,
//! column, sentence and a hint of the lexicon entry or context cue that would type it), and
//! the short summary printed on stderr. A name that is in the graph is never listed.

use crate::error::{Error, Result};
use crate::export::Sink;
use crate::extract::Extraction;
use crate::ingest::Skip;
use crate::pipeline::Built;
use crate::resolve::MergeLog;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Name of the report file in the output folder.
pub const REPORT_FILE: &str = "report.json";

/// A capitalised name that no lexicon entry or cue typed, so it is not in the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub name: String,
    /// The article id.
    pub article: String,
    /// The file it came from, relative to the input folder.
    pub file: String,
    /// 1-based line and column (in characters) of its first use in the article's text (the
    /// file's own for `.txt`; the extracted text for the other forms).
    pub line: usize,
    pub column: usize,
    pub sentence: String,
    pub hint: String,
}

/// The untyped names of one extracted article, located.
pub fn left_out(ex: &Extraction) -> Vec<LeftOut> {
    let doc = &ex.document;
    ex.untyped
        .iter()
        .filter(|u| u.tokens.start < doc.tokens.len())
        .map(|u| {
            let byte = doc.tokens[u.tokens.start].start;
            let (line, column) = doc.line_col(byte);
            let sentence = doc
                .sentences
                .iter()
                .position(|s| s.tokens.contains(&u.tokens.start))
                .map(|s| doc.sentence_text(s).to_string())
                .unwrap_or_default();
            let word = |i: Option<usize>| {
                i.filter(|&i| i < doc.tokens.len() && doc.tokens[i].is_word)
                    .map(|i| doc.tokens[i].norm.clone())
            };
            let before = word(u.tokens.start.checked_sub(1));
            let after = word(Some(u.tokens.end));
            LeftOut {
                name: u.text.clone(),
                article: doc.id.clone(),
                file: doc.source.clone(),
                line,
                column,
                sentence,
                hint: hint(&u.text, before.as_deref(), after.as_deref()),
            }
        })
        .collect()
}

/// Which configuration entry would type the name.
fn hint(name: &str, before: Option<&str>, after: Option<&str>) -> String {
    let mut h = format!(
        "add it to lexicon.toml: [[entity]] name = {name:?}, label = \"Person|Show|Place|Event|Organization\""
    );
    let context: Vec<String> = [("before", before), ("after", after)]
        .iter()
        .filter_map(|(side, w)| w.map(|w| format!("{side} = [{w:?}]")))
        .collect();
    if !context.is_empty() {
        h.push_str(&format!(
            "; or type names in this context in cues.toml: [[context]] label = \"…\", {}",
            context.join(" or ")
        ));
    }
    h.push_str(&format!(
        "; or, if {name:?} is not a name, add it to non_name_words in cues.toml"
    ));
    h
}

/// Drops the names the graph holds (as a name or an alias of any node, by merge key), and
/// repeats of a name within one article.
pub fn without_graph_names(left: Vec<LeftOut>, built_names: &BTreeSet<String>) -> Vec<LeftOut> {
    let mut seen = BTreeSet::new();
    left.into_iter()
        .filter(|l| !built_names.contains(&crate::resolve::name_key(&l.name)))
        .filter(|l| seen.insert((l.article.clone(), l.name.clone())))
        .collect()
}

/// The merge keys of every name and alias in the graph (Articles excepted).
pub fn graph_names(kg: &crate::graph::KnowledgeGraph) -> BTreeSet<String> {
    kg.nodes()
        .iter()
        .filter(|n| n.label != crate::ontology::Label::Article)
        .flat_map(|n| std::iter::once(&n.name).chain(&n.aliases))
        .map(|n| crate::resolve::name_key(n))
        .collect()
}

#[derive(Serialize)]
struct SkipJson<'a> {
    article: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct ReportJson<'a> {
    kgpipe: &'static str,
    articles: usize,
    skipped: Vec<SkipJson<'a>>,
    nodes: BTreeMap<String, usize>,
    relationships: BTreeMap<String, usize>,
    names_left_out: &'a [LeftOut],
    warnings: &'a [String],
}

/// Writes `report.json` into the sink.
pub fn write(built: &Built, warnings: &[String], sink: &mut dyn Sink) -> Result<()> {
    let report = ReportJson {
        kgpipe: env!("CARGO_PKG_VERSION"),
        articles: built.documents,
        skipped: built
            .skipped
            .iter()
            .map(|s| SkipJson {
                article: &s.article,
                reason: &s.reason,
            })
            .collect(),
        nodes: counts(built.graph.count_by_label()),
        relationships: counts(built.graph.count_by_type()),
        names_left_out: &built.left_out,
        warnings,
    };
    let mut file = sink.create(REPORT_FILE)?;
    serde_json::to_writer_pretty(&mut file, &report).map_err(|e| file.error(e.into()))?;
    file.put(b"\n")?;
    file.finish()
}

/// Name of the merge report in the output folder.
pub const MERGE_REPORT_FILE: &str = "merge_report.tsv";

/// Writes `merge_report.tsv`: which surface form became which node, and why.
pub fn write_merges(merges: &MergeLog, sink: &mut dyn Sink) -> Result<()> {
    let mut file = sink.create(MERGE_REPORT_FILE)?;
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_writer(&mut file);
    let fail = |e: csv::Error| Error::Export(format!("{MERGE_REPORT_FILE}: {e}"));
    w.write_record(["document", "surface", "label", "node", "reason"])
        .map_err(fail)?;
    let io_fail = |e: std::io::Error| Error::Export(format!("{MERGE_REPORT_FILE}: {e}"));
    for m in merges.sorted().map_err(io_fail)? {
        let m = m.map_err(io_fail)?;
        w.write_record([&m.document, &m.surface, &m.label, &m.entity, &m.reason])
            .map_err(fail)?;
    }
    w.flush()
        .map_err(|e| Error::Export(format!("{MERGE_REPORT_FILE}: {e}")))?;
    drop(w);
    file.finish()
}

fn counts<K: std::fmt::Display>(m: BTreeMap<K, usize>) -> BTreeMap<String, usize> {
    m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The short stderr summary: what was read, what was left out, and where the details are.
pub fn stderr_summary(
    documents: usize,
    skipped: &[Skip],
    left_out: usize,
    warnings: usize,
    output: &Path,
) -> String {
    let mut s = format!("kgpipe: {documents} articles read");
    if !skipped.is_empty() {
        s.push_str(&format!(", {} skipped", skipped.len()));
    }
    if left_out > 0 {
        s.push_str(&format!(", {left_out} untyped names left out of the graph"));
    }
    if warnings > 0 {
        s.push_str(&format!(", {warnings} warnings"));
    }
    s.push_str(&format!(
        "; details in {}",
        output.join(REPORT_FILE).display()
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_names_the_lexicon_entry_and_the_context_words() {
        let h = hint("Acme Corp", Some("told"), None);
        assert!(h.contains("name = \"Acme Corp\""), "{h}");
        assert!(
            h.contains("[[context]]") && h.contains("before = [\"told\"]"),
            "{h}"
        );
    }

    #[test]
    fn names_in_the_graph_are_never_listed() {
        let l = |name: &str| LeftOut {
            name: name.into(),
            article: "a.txt".into(),
            file: "a.txt".into(),
            line: 1,
            column: 1,
            sentence: String::new(),
            hint: String::new(),
        };
        let names = BTreeSet::from([crate::resolve::name_key("Netflix")]);
        let kept = without_graph_names(vec![l("Netflix"), l("Acme"), l("Acme")], &names);
        assert_eq!(kept, vec![l("Acme")]);
    }
}
