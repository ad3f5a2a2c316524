//! `kgpipe nlp`: reading the input text, and rendering a parsed [`Doc`] as spaCy-style JSON
//! (one token object per line, streamed) or as an aligned table, one block per sentence.

use super::{Doc, Entity, Nlp, Token};
use crate::error::{Error, Result};
use serde::Serialize;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

/// How `kgpipe nlp` shows a parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NlpFormat {
    Json,
    Table,
}

/// `kgpipe nlp`: parses `input` (`-` for stdin) with the model of `model_dir` (the embedded one
/// when `None`) and writes it to stdout. A closed stdout pipe ends the output quietly.
pub fn run_nlp_command(input: &Path, format: NlpFormat, model_dir: Option<&Path>) -> Result<()> {
    let text = read_input_text(input)?;
    let nlp = match model_dir {
        Some(dir) => Nlp::from_dir(dir)?,
        None => Nlp::embedded()?,
    };
    let doc = nlp.parse(&text);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = write_doc(&doc, format, &mut out).and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::Write {
            path: PathBuf::from("<stdout>"),
            source,
        }),
        Ok(()) => Ok(()),
    }
}

/// Writes `doc` in `format`.
pub fn write_doc(doc: &Doc, format: NlpFormat, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        NlpFormat::Json => write_json(doc, out),
        NlpFormat::Table => write_table(doc, out),
    }
}

/// The UTF-8 text of `path`, or of stdin for `-`; errors name the file and, for bad UTF-8,
/// the line and byte offset.
pub fn read_input_text(path: &Path) -> Result<String> {
    let bytes = read_input_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        Error::Input {
            path: display_name(path),
            line,
            message: format!("not valid UTF-8 (byte offset {valid}); kgpipe nlp reads UTF-8 text"),
        }
    })
}

fn read_input_bytes(path: &Path) -> Result<Vec<u8>> {
    let read_error = |source| Error::Read {
        path: display_name(path),
        source,
    };
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(read_error)
}

fn display_name(path: &Path) -> PathBuf {
    if path == Path::new("-") {
        PathBuf::from("<stdin>")
    } else {
        path.to_path_buf()
    }
}

/// One token with spaCy's attribute names (`Token.i`, `.text`, `.idx`, `.tag_`, …).
#[derive(Serialize)]
struct TokenJson<'a> {
    i: usize,
    text: &'a str,
    idx: usize,
    whitespace: &'static str,
    tag: &'a str,
    pos: &'a str,
    morph: &'a str,
    lemma: &'a str,
    head: usize,
    dep: &'a str,
    ent_iob: &'a str,
    ent_type: &'a str,
    sent_start: bool,
}

impl<'a> TokenJson<'a> {
    fn new(doc: &'a Doc, t: &'a Token) -> TokenJson<'a> {
        TokenJson {
            i: t.i,
            text: &doc.text[t.start..t.end],
            idx: t.idx,
            whitespace: if t.whitespace { " " } else { "" },
            tag: &t.tag,
            pos: &t.pos,
            morph: &t.morph,
            lemma: &t.lemma,
            head: t.head,
            dep: &t.dep,
            ent_iob: iob_str(t.ent_iob),
            ent_type: &t.ent_type,
            sent_start: t.sent_start,
        }
    }
}

fn iob_str(iob: char) -> &'static str {
    match iob {
        'B' => "B",
        'I' => "I",
        'O' => "O",
        _ => "",
    }
}

/// One entity as spaCy's `Span`: token range, label, text and code-point offsets.
#[derive(Serialize)]
struct EntityJson<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    start_char: usize,
    end_char: usize,
}

impl<'a> EntityJson<'a> {
    fn new(doc: &'a Doc, e: &'a Entity) -> EntityJson<'a> {
        let (first, last) = (&doc.tokens[e.start], &doc.tokens[e.end - 1]);
        EntityJson {
            start: e.start,
            end: e.end,
            label: &e.label,
            text: &doc.text[first.start..last.end],
            start_char: first.idx,
            end_char: last.idx + doc.text[last.start..last.end].chars().count(),
        }
    }
}

/// `{"tokens": [...], "ents": [...]}`, one token or entity object per line, streamed.
pub fn write_json(doc: &Doc, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"{\"tokens\": [")?;
    write_json_lines(out, doc.tokens.iter().map(|t| TokenJson::new(doc, t)))?;
    out.write_all(b"],\n\"ents\": [")?;
    write_json_lines(out, doc.ents.iter().map(|e| EntityJson::new(doc, e)))?;
    out.write_all(b"]}\n")
}

fn write_json_lines<T: Serialize>(
    out: &mut dyn Write,
    items: impl Iterator<Item = T>,
) -> std::io::Result<()> {
    let mut first = true;
    for item in items {
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, &item)?;
        first = false;
    }
    if !first {
        out.write_all(b"\n")?;
    }
    Ok(())
}

const TABLE_HEADER: [&str; 8] = ["i", "text", "lemma", "pos", "tag", "dep", "head", "ent"];
/// Columns wider than this do not widen the whole table (a 10,000-character token overflows
/// its own row only).
const MAX_COLUMN_WIDTH: usize = 24;

/// An aligned table (i, text, lemma, pos, tag, dep, head, ent); a blank line between sentences.
pub fn write_table(doc: &Doc, out: &mut dyn Write) -> std::io::Result<()> {
    let rows: Vec<[String; 8]> = doc.tokens.iter().map(|t| table_row(doc, t)).collect();
    let widths = column_widths(&rows);
    write_row(out, &TABLE_HEADER.map(String::from), &widths)?;
    for (t, row) in doc.tokens.iter().zip(&rows) {
        if t.sent_start && t.i > 0 {
            out.write_all(b"\n")?;
        }
        write_row(out, row, &widths)?;
    }
    Ok(())
}

fn table_row(doc: &Doc, t: &Token) -> [String; 8] {
    [
        t.i.to_string(),
        printable(&doc.text[t.start..t.end]),
        printable(&t.lemma),
        t.pos.clone(),
        t.tag.clone(),
        t.dep.clone(),
        t.head.to_string(),
        entity_cell(t),
    ]
}

fn entity_cell(t: &Token) -> String {
    match t.ent_iob {
        'B' | 'I' if !t.ent_type.is_empty() => format!("{}-{}", t.ent_iob, t.ent_type),
        _ => String::new(),
    }
}

/// Token text safe for one table cell: whitespace-only tokens quoted and escaped (`"\n\n"`),
/// control characters escaped elsewhere.
fn printable(s: &str) -> String {
    if !s.is_empty() && s.chars().all(char::is_whitespace) {
        return format!("{s:?}");
    }
    if s.chars().any(|c| c.is_control()) {
        return s
            .chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect();
    }
    s.to_string()
}

fn column_widths(rows: &[[String; 8]]) -> [usize; 8] {
    let mut widths = TABLE_HEADER.map(UnicodeWidthStr::width);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width().min(MAX_COLUMN_WIDTH));
        }
    }
    widths
}

/// Numbers (i, head) right-aligned, text left-aligned, two spaces between columns.
fn write_row(out: &mut dyn Write, row: &[String; 8], widths: &[usize; 8]) -> std::io::Result<()> {
    let mut line = String::new();
    for (k, (cell, &w)) in row.iter().zip(widths).enumerate() {
        let pad = " ".repeat(w.saturating_sub(cell.width()));
        if k > 0 {
            line.push_str("  ");
        }
        if k == 0 || k == 6 {
            line.push_str(&pad);
            line.push_str(cell);
        } else if k + 1 < row.len() {
            line.push_str(cell);
            line.push_str(&pad);
        } else {
            line.push_str(cell);
        }
    }
    writeln!(out, "{}", line.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Ann met Bob.\nHe left." with hand-set attributes (the shape of a parse, not a real one).
    fn sample() -> Doc {
        let text = "Ann met Bob.\nHe left.".to_string();
        let spec: [(&str, usize, &str, usize, bool); 8] = [
            ("Ann", 0, "nsubj", 1, true),
            ("met", 4, "ROOT", 1, false),
            ("Bob", 8, "dobj", 1, false),
            (".", 11, "punct", 1, false),
            ("\n", 12, "dep", 3, false),
            ("He", 13, "nsubj", 6, true),
            ("left", 16, "ROOT", 6, false),
            (".", 20, "punct", 6, false),
        ];
        let tokens = spec
            .iter()
            .enumerate()
            .map(|(i, &(s, start, dep, head, sent_start))| Token {
                i,
                start,
                end: start + s.len(),
                idx: start,
                whitespace: text[start + s.len()..].starts_with(' '),
                tag: "NN".into(),
                pos: "NOUN".into(),
                morph: if i == 0 {
                    "Number=Sing".into()
                } else {
                    String::new()
                },
                lemma: s.to_lowercase(),
                head,
                dep: dep.into(),
                ent_iob: if i == 0 || i == 2 { 'B' } else { 'O' },
                ent_type: if i == 0 || i == 2 {
                    "PERSON".into()
                } else {
                    String::new()
                },
                sent_start,
            })
            .collect();
        Doc {
            text,
            tokens,
            ents: vec![
                Entity {
                    start: 0,
                    end: 1,
                    label: "PERSON".into(),
                },
                Entity {
                    start: 2,
                    end: 3,
                    label: "PERSON".into(),
                },
            ],
        }
    }

    fn json_of(doc: &Doc) -> serde_json::Value {
        let mut out = Vec::new();
        write_json(doc, &mut out).unwrap();
        serde_json::from_slice(&out).expect("valid JSON")
    }

    fn table_of(doc: &Doc) -> String {
        let mut out = Vec::new();
        write_table(doc, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_tokens_carry_spacy_attributes() {
        let v = json_of(&sample());
        let t = &v["tokens"][2];
        assert_eq!(t["text"], "Bob");
        assert_eq!(t["idx"], 8);
        assert_eq!(t["head"], 1);
        assert_eq!(t["dep"], "dobj");
        assert_eq!(t["ent_iob"], "B");
        assert_eq!(t["ent_type"], "PERSON");
        assert_eq!(t["sent_start"], false);
        assert_eq!(v["tokens"][0]["whitespace"], " ");
        assert_eq!(v["tokens"][0]["morph"], "Number=Sing");
        assert_eq!(v["tokens"][3]["whitespace"], "");
        assert_eq!(v["tokens"][5]["sent_start"], true);
        assert_eq!(v["tokens"].as_array().unwrap().len(), 8);
    }

    #[test]
    fn json_entities_have_spans_and_character_offsets() {
        let v = json_of(&sample());
        let e = &v["ents"][1];
        assert_eq!(
            (&e["start"], &e["end"], &e["label"], &e["text"]),
            (&2.into(), &3.into(), &"PERSON".into(), &"Bob".into())
        );
        assert_eq!((&e["start_char"], &e["end_char"]), (&8.into(), &11.into()));
    }

    #[test]
    fn json_puts_one_token_per_line() {
        let mut out = Vec::new();
        write_json(&sample(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().filter(|l| l.contains("\"i\":")).count(), 8);
    }

    #[test]
    fn empty_doc_gives_empty_lists() {
        let doc = Doc {
            text: String::new(),
            tokens: vec![],
            ents: vec![],
        };
        assert_eq!(json_of(&doc), serde_json::json!({"tokens": [], "ents": []}));
        assert_eq!(table_of(&doc).lines().count(), 1);
    }

    #[test]
    fn table_separates_sentences_and_aligns_columns() {
        let table = table_of(&sample());
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0].split_whitespace().collect::<Vec<_>>(),
            TABLE_HEADER
        );
        assert_eq!(lines.len(), 1 + 8 + 1, "{table}");
        assert_eq!(
            lines[6], "",
            "blank line before the second sentence:\n{table}"
        );
        let lemma_col = lines[0].find("lemma").unwrap();
        for l in lines.iter().filter(|l| !l.is_empty()).skip(1) {
            assert_eq!(l.as_bytes()[lemma_col - 1], b' ', "{table}");
            assert_ne!(l.as_bytes()[lemma_col], b' ', "{table}");
        }
        assert!(lines[1].ends_with("B-PERSON"), "{table}");
        assert!(
            lines[5].contains("\"\\n\""),
            "newline token escaped:\n{table}"
        );
    }

    #[test]
    fn wide_characters_keep_alignment() {
        let mut doc = sample();
        doc.text = doc.text.replacen("Bob", "李娜", 1);
        doc.tokens[2].end = 8 + "李娜".len();
        for t in &mut doc.tokens[3..] {
            t.start += 3;
            t.end += 3;
        }
        let table = table_of(&doc);
        let lines: Vec<&str> = table.lines().collect();
        let pos_col = lines[0].find("pos").unwrap();
        assert_eq!(
            lines[3].width() - lines[3][lines[3].find("NOUN").unwrap()..].width(),
            pos_col
        );
    }

    #[test]
    fn printable_escapes_controls_and_whitespace_tokens() {
        assert_eq!(printable("  "), "\"  \"");
        assert_eq!(printable("a\u{7}b"), "a\\u{7}b");
        assert_eq!(printable("Kaua‘i"), "Kaua‘i");
    }
}
