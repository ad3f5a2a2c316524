//! The dependency parser: arc-eager transitions, greedy, over the shared tok2vec; sentence
//! boundaries and deprojectivisation.

use super::arc_eager::{Move, State};
use super::dep_tree::Tree;
use super::moves::read_classes;
use super::thinc::ThincModel;
use super::tok2vec::WIDTH;
use super::transition_net::{StepBuffers, TransitionNet};
use super::ModelError;

/// Heads, labels and sentence starts of one document.
pub(crate) struct Parse {
    pub(crate) heads: Vec<usize>,
    pub(crate) deps: Vec<u16>,
    pub(crate) sent_starts: Vec<bool>,
}

const SLOTS: usize = 8;

/// A trained model takes about 2 steps per token; corrupt weights could wander for longer, so
/// the parse is cut (as spaCy's `force_final` would) after this many.
fn max_steps(n: usize) -> usize {
    10 * n + 10
}

pub(crate) struct Parser {
    net: TransitionNet,
    /// Move and label id of each output class.
    classes: Vec<(Move, u16)>,
    /// Distinct dependency labels (after and before deprojectivisation).
    labels: Vec<String>,
    /// For a decorated label `X||Y`: the ids of `X` and `Y`.
    decorated: Vec<Option<(u16, u16)>>,
    root: u16,
}

impl Parser {
    pub(crate) fn from_bytes(model: &[u8], moves: &[u8]) -> Result<Parser, ModelError> {
        let raw = read_classes("parser/moves", moves, |_, _| true)?;
        let mut labels = LabelTable::default();
        let mut classes = Vec::with_capacity(raw.len());
        for c in &raw {
            let mv = Move::from_code(c.action).ok_or_else(|| {
                ModelError::corrupt("parser/moves", format!("unknown move code {}", c.action))
            })?;
            classes.push((mv, labels.id(&c.label)));
        }
        let root = labels.id("ROOT");
        let decorated = labels.decompose_all();
        let model = ThincModel::from_bytes("parser/model", model)?;
        Ok(Parser {
            net: TransitionNet::from_model(&model, SLOTS, classes.len())?,
            classes,
            labels: labels.names,
            decorated,
            root,
        })
    }

    /// Token features through the lower layer, for a batch of `rows` tokens.
    pub(crate) fn precompute(&self, tensor: &[f32]) -> Vec<f32> {
        self.net.precompute(tensor, tensor.len() / WIDTH)
    }

    /// The floats of `precompute` per token.
    pub(crate) fn row_len(&self) -> usize {
        self.net.slots() * 128
    }

    /// Parses one document from its rows of `precompute`.
    pub(crate) fn decode(&self, table: &[f32], is_space: &[bool]) -> Parse {
        let n = is_space.len();
        let state = self.greedy(table, n);
        let mut tree = Tree::from_arcs(&state.arcs(), self.root);
        tree.deprojectivize(|d| self.decorated[d as usize], is_space);
        let sent_starts = tree.sent_starts();
        Parse {
            heads: tree.heads,
            deps: tree.deps,
            sent_starts,
        }
    }

    fn greedy(&self, table: &[f32], n: usize) -> State {
        let view = self.net.view(table);
        let mut buf = self.net.buffers();
        let mut state = State::new(n);
        let mut ids = [0i32; SLOTS];
        for _ in 0..max_steps(n) {
            if state.is_final() {
                break;
            }
            state.features(&mut ids);
            view.score(&ids, &mut buf);
            match self.best_valid(&state, &buf) {
                Some((mv, label)) => state.apply(mv, label),
                None => state.force_final(),
            }
        }
        state.force_final();
        state
    }

    /// The highest-scoring valid class; ties go to the lowest class.
    fn best_valid(&self, state: &State, buf: &StepBuffers) -> Option<(Move, u16)> {
        let valid = state.valid_moves();
        let mut best: Option<(usize, f32)> = None;
        for (i, (&(mv, _), &score)) in self.classes.iter().zip(&buf.scores).enumerate() {
            if valid[mv as usize] && best.is_none_or(|(_, s)| score > s) {
                best = Some((i, score));
            }
        }
        best.map(|(i, _)| self.classes[i])
    }

    pub(crate) fn label(&self, id: u16) -> &str {
        &self.labels[id as usize]
    }
}

/// Interned label strings.
#[derive(Default)]
struct LabelTable {
    names: Vec<String>,
}

impl LabelTable {
    fn id(&mut self, name: &str) -> u16 {
        match self.names.iter().position(|n| n == name) {
            Some(i) => i as u16,
            None => {
                self.names.push(name.to_string());
                (self.names.len() - 1) as u16
            }
        }
    }

    /// For each label, the ids of `X` and `Y` if it reads `X||Y` (adding them as labels).
    fn decompose_all(&mut self) -> Vec<Option<(u16, u16)>> {
        let decorated: Vec<Option<(String, String)>> = self
            .names
            .iter()
            .map(|n| {
                n.split_once("||")
                    .map(|(x, y)| (x.to_string(), y.to_string()))
            })
            .collect();
        let mut out: Vec<Option<(u16, u16)>> = decorated
            .into_iter()
            .map(|d| d.map(|(x, y)| (self.id(&x), self.id(&y))))
            .collect();
        out.resize(self.names.len(), None);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_table_decomposes_decorated_labels() {
        let mut t = LabelTable::default();
        let a = t.id("prep||pobj");
        let b = t.id("det");
        let d = t.decompose_all();
        assert_eq!(t.names, ["prep||pobj", "det", "prep", "pobj"]);
        assert_eq!(d[a as usize], Some((2, 3)));
        assert_eq!(d[b as usize], None);
        assert_eq!(d.len(), 4);
    }
}
