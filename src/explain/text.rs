//! The plain-text form of an explanation: one block per sentence, one section per kind of
//! decision, in a fixed order.

use super::report::{Explanation, FiredRow, NearMissRow, SentenceExplanation, TokenRow};
use std::fmt::Write;

/// The explanation as text.
pub(crate) fn render(e: &Explanation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "article {} ({} extractor, {} sentences)",
        e.article, e.extractor, e.sentence_count
    );
    for s in &e.sentences {
        sentence(&mut out, s);
    }
    out.trim_end().to_string()
}

fn sentence(out: &mut String, s: &SentenceExplanation) {
    let headline = if s.headline { " (headline)" } else { "" };
    let _ = writeln!(
        out,
        "\n== sentence {}{headline}: {}",
        s.number,
        one_line(&s.text)
    );
    tokens(out, &s.tokens);
    section(out, "entities (model NER)", &s.entities, |e| {
        format!("{:?} {}", e.text, e.label)
    });
    section(out, "mentions", &s.mentions, |m| {
        let mut line = format!(
            "{:?} {} ({}): found by {}, typed by {}",
            m.text,
            m.label.as_deref().unwrap_or("untyped"),
            m.form,
            m.found_by,
            if m.first_typed_by.is_empty() {
                "-"
            } else {
                &m.first_typed_by
            }
        );
        for c in &m.changes {
            let _ = write!(line, "\n      then {c}");
        }
        line
    });
    section(out, "dropped names", &s.dropped, |d| {
        format!("{:?}: {}", d.text, d.why)
    });
    section(out, "coreference", &s.coreference, |c| {
        format!(
            "{:?} ({}) → {} [{}]: {}{}",
            c.mention,
            c.form,
            c.entity,
            c.label,
            c.reason,
            also(&c.also_in)
        )
    });
    section(out, "event coreference", &s.event_coreference, |c| {
        format!(
            "{:?} → {} [{}]: {}{}",
            c.mention,
            c.entity,
            c.label,
            c.reason,
            also(&c.also_in)
        )
    });
    section(out, "rules fired", &s.rules_fired, fired);
    section(out, "near misses", &s.near_misses, near_miss);
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn also(sentences: &[usize]) -> String {
    if sentences.is_empty() {
        return String::new();
    }
    let list: Vec<String> = sentences.iter().map(usize::to_string).collect();
    format!(" (also in sentence {})", list.join(", "))
}

fn section<T>(out: &mut String, title: &str, rows: &[T], line: impl Fn(&T) -> String) {
    let _ = writeln!(out, "{title}:");
    if rows.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for row in rows {
        let _ = writeln!(out, "  {}", line(row));
    }
}

fn tokens(out: &mut String, rows: &[TokenRow]) {
    let _ = writeln!(out, "tokens:");
    let _ = writeln!(
        out,
        "  {:>3} {:>5}  {:<16} {:<5} {:<16} {:>4}  {:<10} ent",
        "#", "(tok)", "text", "tag", "lemma", "head", "dep"
    );
    for t in rows {
        let head = t.head.map_or("-".to_string(), |h| h.to_string());
        let line = format!(
            "  {:>3} {:>5}  {:<16} {:<5} {:<16} {:>4}  {:<10} {}",
            t.i,
            format!("({})", t.token),
            t.text,
            t.tag.as_deref().unwrap_or("-"),
            t.lemma.as_deref().unwrap_or("-"),
            head,
            t.dep.as_deref().unwrap_or("-"),
            t.ent.as_deref().unwrap_or("")
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

fn fired(f: &FiredRow) -> String {
    let at = f
        .location
        .as_deref()
        .map_or(String::new(), |l| format!(" at {l}"));
    let matched = match f.matched.is_empty() {
        true => String::new(),
        false => format!(" matched {:?}", f.matched),
    };
    let mut line = format!(
        "{} rule {}{at}{matched}: {} → {} {} (confidence {:.2})",
        f.kind,
        f.rule,
        f.from.join(", "),
        f.relation,
        f.to.join(", "),
        f.confidence
    );
    if let Some(note) = &f.note {
        let _ = write!(line, "; {note}");
    }
    line
}

fn near_miss(m: &NearMissRow) -> String {
    let unit = match m.kind {
        "dependency" => "nodes",
        _ => "required elements",
    };
    format!(
        "{} rule {} at {}: matched {} of {} {unit} [{}], {} failed: {}",
        m.kind,
        m.rule,
        m.location,
        m.matched,
        m.of,
        m.matched_tokens.join(", "),
        m.failed,
        m.reason
    )
}
