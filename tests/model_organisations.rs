//! Organisation typing of the model extractor on an article of our own words: a one-word
//! company that orders or streams something, a name after "streaming service" or "the
//! broadcaster", one apposed to "the streaming giant", a team named before "rider", and races
//! named "Tour of X" or "X Marathon" as events.

mod common;

const ARTICLE: &str = "Streamer orders a cycling drama\n\n\
    Streaming service Quillora has ordered a drama about a cycling team. The series will follow \
    the Tour of Carrowmere, where the Dunmarra Cycling team won last spring.\n\n\
    Ellis Vantree, a Dunmarra rider, told the broadcaster Kessel Sport that filming starts in \
    June. Varnelle, the streaming giant, will stream the Harwick Marathon live.\n";

#[test]
fn model_extractor_types_companies_by_their_verbs_and_nouns() {
    let (nodes, _) = common::model_export_of("950_organisations.txt", ARTICLE);
    let labelled = |name: &str, label: &str| {
        nodes
            .iter()
            .any(|n| n.name == name && n.labels.iter().any(|l| l == label))
    };
    for org in ["Quillora", "Kessel Sport", "Varnelle", "Dunmarra"] {
        assert!(labelled(org, "Organization"), "{org}: {nodes:#?}");
    }
    assert!(!labelled("Ellis Vantree", "Organization"), "{nodes:#?}");
    assert!(labelled("Tour of Carrowmere", "Event"), "{nodes:#?}");
    assert!(labelled("Harwick Marathon", "Event"), "{nodes:#?}");
}
