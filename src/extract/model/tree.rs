//! The dependency tree of one sentence: children of a token by label, and its conjuncts.

use super::ModelParse;
use std::ops::Range;

/// The parse of one sentence.
pub(crate) struct Tree<'a> {
    pub parse: &'a ModelParse,
    pub sentence: &'a Range<usize>,
}

impl Tree<'_> {
    /// Tokens of the sentence whose head is `t` with one of the dependency labels, in order.
    pub fn children<'d>(&self, t: usize, deps: &'d [&str]) -> impl Iterator<Item = usize> + 'd
    where
        Self: 'd,
    {
        let p = self.parse;
        self.sentence.clone().filter(move |&c| {
            c != t
                && p.token_head[c] == Some(t)
                && p.token_dep[c].as_deref().is_some_and(|d| deps.contains(&d))
        })
    }

    /// The first child of `t` with one of the dependency labels.
    pub fn first_child(&self, t: usize, deps: &[&str]) -> Option<usize> {
        self.children(t, deps).next()
    }

    /// Token `t` and the tokens joined to it as conjuncts or appositions, in order found.
    pub fn with_conjuncts(&self, t: usize) -> Vec<usize> {
        let mut out = vec![t];
        let mut k = 0;
        while k < out.len() {
            let head = out[k];
            out.extend(self.children(head, &["conj", "appos"]));
            k += 1;
        }
        out
    }
}
