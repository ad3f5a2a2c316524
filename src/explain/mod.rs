//! `kgpipe explain`: why the extractor did what it did with one article — the parse, the
//! mentions and what typed them, the coreference decisions, the rules that fired and the rules
//! that nearly did. The extractor records into an [`ExtractTrace`] only when handed one.

mod command;
mod report;
mod text;
mod trace;

pub use command::{explain, run, ExplainArgs, ExplainRequest};
pub use report::{
    CorefRow, DroppedRow, EntityRow, Explanation, FiredRow, MentionRow, NearMissRow,
    SentenceExplanation, TokenRow,
};
pub use trace::ExtractTrace;
