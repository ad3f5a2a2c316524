//! The entity recogniser: its own tok2vec, BILUO transitions, greedy; entities never cross the
//! parser's sentence starts nor start on whitespace.

use super::lexeme::Features;
use super::moves::read_classes;
use super::thinc::ThincModel;
use super::tok2vec::{BatchTensor, Tok2Vec};
use super::transition_net::{StepBuffers, TransitionNet};
use super::ModelError;

/// An entity `[start, end)` with its label id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) label: u16,
}

/// BILUO moves, by their code in `ner/moves`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Biluo {
    Begin = 1,
    In = 2,
    Last = 3,
    Unit = 4,
    Out = 5,
}

/// Label id 0 is the empty label.
const NO_LABEL: u16 = 0;
const SLOTS: usize = 3;

pub(crate) struct Ner {
    tok2vec: Tok2Vec,
    net: TransitionNet,
    classes: Vec<(Biluo, u16)>,
    labels: Vec<String>,
}

/// The greedy decoder's state over one document.
struct State<'a> {
    next: usize,
    open: Option<(usize, u16)>,
    sent_starts: &'a [bool],
    is_space: &'a [bool],
    ents: Vec<Span>,
}

impl Ner {
    pub(crate) fn from_bytes(model: &[u8], moves: &[u8]) -> Result<Ner, ModelError> {
        let raw = read_classes("ner/moves", moves, |action, label| match action {
            0 => false,
            5 => label.is_empty(),
            _ => true,
        })?;
        let mut labels = vec![String::new()];
        let mut classes = Vec::with_capacity(raw.len());
        for c in raw {
            let mv = biluo(c.action).ok_or_else(|| {
                ModelError::corrupt("ner/moves", format!("unknown move code {}", c.action))
            })?;
            let id = match labels.iter().position(|l| *l == c.label) {
                Some(i) => i,
                None => {
                    labels.push(c.label);
                    labels.len() - 1
                }
            };
            classes.push((
                mv,
                u16::try_from(id)
                    .map_err(|_| ModelError::corrupt("ner/moves", "too many labels"))?,
            ));
        }
        let model = ThincModel::from_bytes("ner/model", model)?;
        Ok(Ner {
            tok2vec: Tok2Vec::from_model(&model)?,
            net: TransitionNet::from_model(&model, SLOTS, classes.len())?,
            classes,
            labels,
        })
    }

    /// The NER's own token vectors of a batch of documents.
    pub(crate) fn tok2vec(&self, docs: &[&[Features]]) -> BatchTensor {
        self.tok2vec.predict_batch(docs)
    }

    /// Token features through the lower layer, for a whole batch.
    pub(crate) fn precompute(&self, tensor: &BatchTensor) -> Vec<f32> {
        self.net.precompute(&tensor.data, tensor.rows())
    }

    /// The NER's token vectors projected to the lower layer's inputs (spaCy's `tok2vec` ref).
    #[cfg(test)]
    pub(crate) fn project(&self, tensor: &[f32]) -> Vec<f32> {
        self.net
            .project(tensor, tensor.len() / super::tok2vec::WIDTH)
    }

    pub(crate) fn row_len(&self) -> usize {
        self.net.slots() * 128
    }

    /// The entities of one document from its rows of `precompute`.
    pub(crate) fn decode(
        &self,
        table: &[f32],
        sent_starts: &[bool],
        is_space: &[bool],
    ) -> Vec<Span> {
        let view = self.net.view(table);
        let mut buf = self.net.buffers();
        let mut state = State {
            next: 0,
            open: None,
            sent_starts,
            is_space,
            ents: Vec::new(),
        };
        while state.next < is_space.len() {
            view.score(&state.features(), &mut buf);
            match self.best_valid(&state, &buf) {
                Some((mv, label)) => state.apply(mv, label),
                None => break,
            }
        }
        state.ents
    }

    /// The highest-scoring valid class; ties go to the lowest class.
    fn best_valid(&self, state: &State, buf: &StepBuffers) -> Option<(Biluo, u16)> {
        let mut best: Option<(usize, f32)> = None;
        for (i, (&(mv, label), &score)) in self.classes.iter().zip(&buf.scores).enumerate() {
            if state.is_valid(mv, label) && best.is_none_or(|(_, s)| score > s) {
                best = Some((i, score));
            }
        }
        best.map(|(i, _)| self.classes[i])
    }

    pub(crate) fn label(&self, id: u16) -> &str {
        &self.labels[id as usize]
    }
}

fn biluo(code: u8) -> Option<Biluo> {
    [
        Biluo::Begin,
        Biluo::In,
        Biluo::Last,
        Biluo::Unit,
        Biluo::Out,
    ]
    .get(usize::from(code).checked_sub(1)?)
    .copied()
}

impl State<'_> {
    /// Feature tokens: the next token, the open entity's first token and the token before next.
    fn features(&self) -> [i32; SLOTS] {
        match self.open {
            Some((start, _)) => [self.next as i32, start as i32, self.next as i32 - 1],
            None => [self.next as i32, -1, -1],
        }
    }

    fn is_valid(&self, mv: Biluo, label: u16) -> bool {
        let b = self.next;
        let two_left = b + 2 <= self.is_space.len();
        let next_starts = two_left && self.sent_starts[b + 1];
        match mv {
            Biluo::Begin => {
                self.open.is_none()
                    && two_left
                    && label != NO_LABEL
                    && !next_starts
                    && !self.is_space[b]
            }
            Biluo::In => self.open_label() == Some(label) && two_left && !next_starts,
            Biluo::Last => label != NO_LABEL && self.open_label() == Some(label),
            Biluo::Unit => self.open.is_none() && label != NO_LABEL && !self.is_space[b],
            Biluo::Out => self.open.is_none(),
        }
    }

    fn open_label(&self) -> Option<u16> {
        self.open.map(|(_, l)| l)
    }

    fn apply(&mut self, mv: Biluo, label: u16) {
        let b = self.next;
        match mv {
            Biluo::Begin => self.open = Some((b, label)),
            Biluo::Last => {
                if let Some((start, label)) = self.open.take() {
                    self.ents.push(Span {
                        start,
                        end: b + 1,
                        label,
                    });
                }
            }
            Biluo::Unit => self.ents.push(Span {
                start: b,
                end: b + 1,
                label,
            }),
            Biluo::In | Biluo::Out => {}
        }
        self.next += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state<'a>(sent_starts: &'a [bool], is_space: &'a [bool]) -> State<'a> {
        State {
            next: 0,
            open: None,
            sent_starts,
            is_space,
            ents: Vec::new(),
        }
    }

    #[test]
    fn begin_needs_two_tokens_no_sentence_start_next_and_no_space() {
        let starts = [true, false, true, false];
        let spaces = [false, false, false, true];
        let mut st = state(&starts, &spaces);
        assert!(st.is_valid(Biluo::Begin, 1) && !st.is_valid(Biluo::Begin, NO_LABEL));
        st.next = 1; // token 2 starts a sentence
        assert!(!st.is_valid(Biluo::Begin, 1) && st.is_valid(Biluo::Unit, 1));
        st.next = 3; // last token, and a space
        assert!(!st.is_valid(Biluo::Begin, 1) && !st.is_valid(Biluo::Unit, 1));
        assert!(st.is_valid(Biluo::Out, NO_LABEL));
    }

    #[test]
    fn an_open_entity_continues_or_closes_with_its_own_label() {
        let starts = [true, false, false, true];
        let spaces = [false; 4];
        let mut st = state(&starts, &spaces);
        st.apply(Biluo::Begin, 2);
        assert!(st.is_valid(Biluo::In, 2) && !st.is_valid(Biluo::In, 3));
        assert!(st.is_valid(Biluo::Last, 2) && !st.is_valid(Biluo::Last, 3));
        assert!(!st.is_valid(Biluo::Out, NO_LABEL) && !st.is_valid(Biluo::Unit, 2));
        assert_eq!(st.features(), [1, 0, 0]);
        st.apply(Biluo::In, 2);
        assert!(!st.is_valid(Biluo::In, 2), "token 3 starts a sentence");
        st.apply(Biluo::Last, 2);
        assert_eq!(
            st.ents,
            [Span {
                start: 0,
                end: 3,
                label: 2
            }]
        );
        assert_eq!(st.features(), [3, -1, -1]);
    }

    #[test]
    fn classes_follow_the_moves_file() {
        let ner = Ner::from_bytes(
            include_bytes!("../../models/en_core_web_sm/ner/model"),
            include_bytes!("../../models/en_core_web_sm/ner/moves"),
        )
        .unwrap();
        assert_eq!(ner.classes.len(), 74);
        assert_eq!(ner.classes[0], (Biluo::Begin, 1));
        assert_eq!(ner.label(1), "ORG");
        assert_eq!(ner.classes[72], (Biluo::Unit, NO_LABEL));
        assert_eq!(ner.classes[73], (Biluo::Out, NO_LABEL));
    }
}
