//! Event coreference inside an article: a premiere that names no show is the premiere of the
//! article's main show, so "the premiere", "the world premiere" and "the premiere of X" are
//! one event.

use super::article::main_show;
use crate::extract::Mention;
use crate::ingest::Document;
use crate::ontology::Label;
use std::collections::BTreeSet;

/// Adds the main show as the modifier of every event of a show-taking kind that names none
/// (neither as a modifier nor in a relation, `tied`); returns the (event, show) pairs made.
pub(crate) fn attach_main_show(
    doc: &Document,
    mentions: &mut [Mention],
    tied: &BTreeSet<usize>,
    takes_show: impl Fn(&str) -> bool,
) -> Vec<(usize, usize)> {
    let Some(show) = main_show(doc, mentions) else {
        return Vec::new();
    };
    let mut made = Vec::new();
    let labels: Vec<Option<Label>> = mentions.iter().map(|m| m.label).collect();
    for (i, m) in mentions.iter_mut().enumerate() {
        let Some(ev) = m.event.as_mut() else { continue };
        let names_show = ev
            .modifiers
            .iter()
            .any(|&md| labels[md] == Some(Label::Show));
        if takes_show(&ev.head) && !names_show && !tied.contains(&i) {
            ev.modifiers.push(show);
            made.push((i, show));
        }
    }
    made
}
