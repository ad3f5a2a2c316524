//! The arc-eager transition system of spaCy's parser: the state (stack, buffer with a
//! re-buffer of unshifted tokens, arcs per head), the validity of each move and its effect.

/// The five move types, by their code in `parser/moves`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift = 0,
    Reduce = 1,
    Left = 2,
    Right = 3,
    Break = 4,
}

impl Move {
    pub(crate) fn from_code(code: u8) -> Option<Move> {
        [
            Move::Shift,
            Move::Reduce,
            Move::Left,
            Move::Right,
            Move::Break,
        ]
        .get(code as usize)
        .copied()
    }
}

/// A dependency arc; `child == DEAD` marks a deleted one.
#[derive(Debug, Clone, Copy)]
struct Arc {
    child: u32,
    label: u16,
}

const DEAD: u32 = u32::MAX;

/// A parse in progress over `n` tokens.
pub(crate) struct State {
    n: usize,
    stack: Vec<u32>,
    next: usize,
    rebuffer: Vec<u32>,
    heads: Vec<i32>,
    unshiftable: Vec<bool>,
    sent_start: Vec<bool>,
    left_arcs: Vec<Vec<Arc>>,
    right_arcs: Vec<Vec<Arc>>,
}

impl State {
    pub(crate) fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::new(),
            next: 0,
            rebuffer: Vec::new(),
            heads: vec![-1; n],
            unshiftable: vec![false; n],
            sent_start: vec![false; n],
            left_arcs: vec![Vec::new(); n],
            right_arcs: vec![Vec::new(); n],
        }
    }

    /// The i-th token of the buffer, −1 past its end.
    fn b(&self, i: usize) -> i32 {
        if i < self.rebuffer.len() {
            return self.rebuffer[self.rebuffer.len() - 1 - i] as i32;
        }
        let k = self.next + i - self.rebuffer.len();
        if k < self.n {
            k as i32
        } else {
            -1
        }
    }

    /// The i-th token from the stack top, −1 past its bottom.
    fn s(&self, i: usize) -> i32 {
        if i < self.stack.len() {
            self.stack[self.stack.len() - 1 - i] as i32
        } else {
            -1
        }
    }

    fn buffer_length(&self) -> usize {
        self.n - self.next + self.rebuffer.len()
    }

    pub(crate) fn is_final(&self) -> bool {
        self.stack.is_empty() && self.buffer_length() == 0
    }

    fn is_sent_start(&self, w: i32) -> bool {
        w >= 0 && (w as usize) < self.n && self.sent_start[w as usize]
    }

    /// The child of the most recent live arc of `head` in `arcs`, −1 if none.
    fn last_child(arcs: &[Vec<Arc>], head: i32) -> i32 {
        let Ok(h) = usize::try_from(head) else {
            return -1;
        };
        arcs.get(h)
            .and_then(|list| list.iter().rev().find(|a| a.child != DEAD))
            .map_or(-1, |a| a.child as i32)
    }

    /// The 8 feature tokens: B0, B1, S0, S1, S2, L(B0), L(S0), R(S0).
    pub(crate) fn features(&self, ids: &mut [i32; 8]) {
        let (b0, s0) = (self.b(0), self.s(0));
        *ids = [
            b0,
            self.b(1),
            s0,
            self.s(1),
            self.s(2),
            Self::last_child(&self.left_arcs, b0),
            Self::last_child(&self.left_arcs, s0),
            Self::last_child(&self.right_arcs, s0),
        ];
    }

    /// Which of the five moves are valid, indexed by the move code.
    pub(crate) fn valid_moves(&self) -> [bool; 5] {
        let stack = !self.stack.is_empty();
        let blen = self.buffer_length();
        let b0_start = self.is_sent_start(self.b(0));
        let shift = !stack || (blen >= 2 && !b0_start && !self.b0_unshiftable());
        let arc = stack && blen > 0 && !b0_start;
        let brk = blen >= 2 && self.b(1) == self.b(0) + 1 && !self.is_sent_start(self.b(1));
        [shift, stack, arc, arc, brk]
    }

    fn b0_unshiftable(&self) -> bool {
        usize::try_from(self.b(0)).is_ok_and(|b| self.unshiftable[b])
    }

    /// Applies a valid move.
    pub(crate) fn apply(&mut self, mv: Move, label: u16) {
        match mv {
            Move::Shift => self.push(),
            Move::Reduce => self.reduce(),
            Move::Left => {
                let (b0, s0) = (self.b(0), self.s(0));
                self.add_arc(b0 as u32, s0 as u32, label);
                self.unshiftable[b0 as usize] = false;
                self.stack.pop();
            }
            Move::Right => {
                self.add_arc(self.s(0) as u32, self.b(0) as u32, label);
                self.push();
            }
            Move::Break => {
                let b1 = self.b(1) as usize;
                self.sent_start[b1] = true;
            }
        }
    }

    /// Ends the parse at once (spaCy's `force_final`, when no move is valid).
    pub(crate) fn force_final(&mut self) {
        self.stack.clear();
        self.rebuffer.clear();
        self.next = self.n;
    }

    fn push(&mut self) {
        let b0 = match self.rebuffer.pop() {
            Some(t) => t,
            None => {
                self.next += 1;
                (self.next - 1) as u32
            }
        };
        self.stack.push(b0);
    }

    fn reduce(&mut self) {
        let s0 = self.s(0) as usize;
        if self.heads[s0] >= 0 || self.stack.len() == 1 {
            self.stack.pop();
        } else {
            self.unshiftable[s0] = true;
            self.rebuffer.push(s0 as u32);
            self.stack.pop();
        }
    }

    fn add_arc(&mut self, head: u32, child: u32, label: u16) {
        let old = self.heads[child as usize];
        if old >= 0 {
            self.del_arc(old as u32, child);
        }
        let arcs = if head > child {
            &mut self.left_arcs
        } else {
            &mut self.right_arcs
        };
        arcs[head as usize].push(Arc { child, label });
        self.heads[child as usize] = head as i32;
    }

    fn del_arc(&mut self, head: u32, child: u32) {
        let arcs = if head > child {
            &mut self.left_arcs
        } else {
            &mut self.right_arcs
        };
        let list = &mut arcs[head as usize];
        if list.last().is_some_and(|a| a.child == child) {
            list.pop();
        } else if let Some(a) = list.iter_mut().find(|a| a.child == child) {
            a.child = DEAD;
        }
    }

    /// Head and label of every token with an arc; `None` for the roots.
    pub(crate) fn arcs(&self) -> Vec<Option<(usize, u16)>> {
        let mut out = vec![None; self.n];
        for arcs in [&self.left_arcs, &self.right_arcs] {
            for (h, list) in arcs.iter().enumerate() {
                for a in list.iter().filter(|a| a.child != DEAD) {
                    out[a.child as usize] = Some((h, a.label));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_state_only_shifts_or_breaks() {
        let st = State::new(3);
        assert_eq!(st.valid_moves(), [true, false, false, false, true]);
        assert_eq!(
            State::new(1).valid_moves(),
            [true, false, false, false, false]
        );
    }

    #[test]
    fn break_blocks_arcs_into_the_next_sentence() {
        let mut st = State::new(3);
        st.apply(Move::Shift, 0);
        st.apply(Move::Break, 0); // B1 = token 2 starts a sentence
        assert_eq!(st.valid_moves(), [true, true, true, true, false]);
        st.apply(Move::Right, 0);
        let v = st.valid_moves();
        assert!(!v[Move::Shift as usize] && !v[Move::Left as usize] && !v[Move::Right as usize]);
        assert!(v[Move::Reduce as usize]);
    }

    #[test]
    fn reduce_of_a_headless_token_unshifts_it() {
        let mut st = State::new(3);
        st.apply(Move::Shift, 0);
        st.apply(Move::Shift, 0);
        st.apply(Move::Reduce, 0); // token 1 has no head and the stack is 2 deep
        assert_eq!((st.s(0), st.b(0), st.b(1)), (0, 1, 2));
        assert!(
            !st.valid_moves()[Move::Shift as usize],
            "token 1 is unshiftable"
        );
        st.apply(Move::Left, 7); // head B0 = 1, child S0 = 0
        assert_eq!(st.arcs()[0], Some((1, 7)));
        assert!(
            st.valid_moves()[Move::Shift as usize],
            "LEFT makes B0 shiftable again"
        );
    }

    #[test]
    fn features_follow_the_latest_arcs() {
        let mut st = State::new(4);
        st.apply(Move::Shift, 0);
        st.apply(Move::Right, 1); // 0 → 1
        st.apply(Move::Reduce, 0);
        st.apply(Move::Right, 2); // 0 → 2
        let mut ids = [0; 8];
        st.features(&mut ids);
        assert_eq!(ids, [3, -1, 2, 0, -1, -1, -1, -1]);
        st.apply(Move::Left, 3); // reattach 2 under 3: the arc 0 → 2 is removed
        st.features(&mut ids);
        assert_eq!(ids, [3, -1, 0, -1, -1, 2, -1, 1]);
        assert_eq!(st.arcs(), [None, Some((0, 1)), Some((3, 3)), None]);
    }
}
