//! From the parser's arcs to spaCy's dependency tree: roots, subtree edges, sentence starts (the
//! left edges of the roots) and deprojectivisation of `X||Y` labels.

/// Heads (absolute; a root is its own head), label ids and subtree edges.
pub(crate) struct Tree {
    pub(crate) heads: Vec<usize>,
    pub(crate) deps: Vec<u16>,
    l_edge: Vec<usize>,
    r_edge: Vec<usize>,
}

/// spaCy gives up widening the edges of a non-projective tree after this many passes.
const EDGE_PASSES: usize = 12;

impl Tree {
    /// The tree of `arcs` (head and label per token, `None` for a root labelled `root`).
    pub(crate) fn from_arcs(arcs: &[Option<(usize, u16)>], root: u16) -> Tree {
        let (heads, deps) = arcs
            .iter()
            .enumerate()
            .map(|(i, a)| a.unwrap_or((i, root)))
            .unzip();
        let mut tree = Tree {
            heads,
            deps,
            l_edge: Vec::new(),
            r_edge: Vec::new(),
        };
        tree.set_edges();
        tree
    }

    /// spaCy's `set_children_from_heads`: widen edges until every head lies in its sentence.
    fn set_edges(&mut self) {
        let n = self.heads.len();
        self.l_edge = (0..n).collect();
        self.r_edge = (0..n).collect();
        for _ in 0..EDGE_PASSES {
            self.widen_edges();
            if self.heads_within_sentences() {
                break;
            }
        }
    }

    fn widen_edges(&mut self) {
        let n = self.heads.len();
        for i in (0..n).chain((0..n).rev()) {
            let h = self.heads[i];
            self.l_edge[h] = self.l_edge[h].min(self.l_edge[i]);
            self.r_edge[h] = self.r_edge[h].max(self.r_edge[i]);
        }
    }

    fn heads_within_sentences(&self) -> bool {
        let n = self.heads.len();
        let starts = self.sent_starts();
        let mut start = 0;
        for (i, &starts_here) in starts.iter().enumerate().take(n) {
            if (i > 0 && starts_here) || i == n - 1 {
                if (start..i).any(|j| self.heads[j] < start || self.heads[j] > i) {
                    return false;
                }
                start = i;
            }
        }
        true
    }

    /// `true` at the left edge of every root's subtree.
    pub(crate) fn sent_starts(&self) -> Vec<bool> {
        let mut starts = vec![false; self.heads.len()];
        for (i, &h) in self.heads.iter().enumerate() {
            if h == i {
                starts[self.l_edge[i]] = true;
            }
        }
        starts
    }

    /// Reattaches each token labelled `X||Y` (per `decorated`) to the first `Y` found breadth-first
    /// below its head, relabels it `X`, and recomputes the edges.
    pub(crate) fn deprojectivize(
        &mut self,
        decorated: impl Fn(u16) -> Option<(u16, u16)>,
        is_space: &[bool],
    ) {
        let mut changed = false;
        for i in 0..self.heads.len() {
            if let Some((x, y)) = decorated(self.deps[i]) {
                self.heads[i] = self.find_new_head(i, y, is_space);
                self.deps[i] = x;
                changed = true;
            }
        }
        if changed {
            self.set_edges();
        }
    }

    fn find_new_head(&self, token: usize, label: u16, is_space: &[bool]) -> usize {
        let mut seen = vec![false; self.heads.len()];
        let mut queue = vec![self.heads[token]];
        while !queue.is_empty() {
            let mut next = Vec::new();
            for q in queue {
                for c in self.children(q) {
                    if is_space.get(c) == Some(&true) || c == token || seen[c] {
                        continue;
                    }
                    if self.deps[c] == label {
                        return c;
                    }
                    seen[c] = true;
                    next.push(c);
                }
            }
            queue = next;
        }
        self.heads[token]
    }

    /// Children of `node` by the current heads, searched within its (possibly stale) edges.
    fn children(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        (self.l_edge[node]..=self.r_edge[node]).filter(move |&c| c != node && self.heads[c] == node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: u16 = 0;

    #[test]
    fn sentences_are_the_subtrees_of_the_roots() {
        // 0 ← 1 (root), 2 → 1; 3 (root) → 4
        let arcs = [Some((1, 5)), None, Some((1, 6)), None, Some((3, 7))];
        let tree = Tree::from_arcs(&arcs, ROOT);
        assert_eq!(tree.heads, [1, 1, 1, 3, 3]);
        assert_eq!(tree.deps, [5, ROOT, 6, ROOT, 7]);
        assert_eq!(tree.sent_starts(), [true, false, false, true, false]);
    }

    #[test]
    fn decorated_label_moves_to_the_first_matching_descendant() {
        // "man came in who wore": 0 ← 1 root; 1 → 2 (prt); 1 → 4 labelled relcl||nsubj; 3 ← 4.
        // 0 carries label NSUBJ, so 4 reattaches under 0 and becomes RELCL.
        const NSUBJ: u16 = 1;
        const PRT: u16 = 2;
        const DECORATED: u16 = 3;
        const RELCL: u16 = 4;
        let arcs = [
            Some((1, NSUBJ)),
            None,
            Some((1, PRT)),
            Some((4, NSUBJ)),
            Some((1, DECORATED)),
        ];
        let mut tree = Tree::from_arcs(&arcs, ROOT);
        tree.deprojectivize(|d| (d == DECORATED).then_some((RELCL, NSUBJ)), &[false; 5]);
        assert_eq!(tree.heads, [1, 1, 1, 4, 0]);
        assert_eq!(tree.deps, [NSUBJ, ROOT, PRT, NSUBJ, RELCL]);
        assert_eq!(tree.sent_starts(), [true, false, false, false, false]);
    }

    #[test]
    fn decorated_label_without_a_match_keeps_its_head_and_skips_spaces() {
        const X: u16 = 1;
        const Y: u16 = 2;
        const DECORATED: u16 = 3;
        let arcs = [Some((1, Y)), None, Some((1, DECORATED))];
        let mut tree = Tree::from_arcs(&arcs, ROOT);
        tree.deprojectivize(
            |d| (d == DECORATED).then_some((X, Y)),
            &[true, false, false],
        );
        assert_eq!(tree.heads, [1, 1, 1]);
        assert_eq!(tree.deps, [Y, ROOT, X]);
    }
}
