//! Organisation typing of the model extractor on an article of our own words: a one-word
//! company that orders or streams something, a name after "streaming service" or "the
//! broadcaster", one apposed to "the streaming giant", a team named before "rider", and races
//! named "Tour of X" or "X Marathon" as events.

mod common;

use kgpipe::{build, BuildOptions, ExtractorKind};

const ARTICLE: &str = "Streamer orders a cycling drama\n\n\
    Streaming service Quillora has ordered a drama about a cycling team. The series will follow \
    the Tour of Carrowmere, where the Dunmarra Cycling team won last spring.\n\n\
    Ellis Vantree, a Dunmarra rider, told the broadcaster Kessel Sport that filming starts in \
    June. Varnelle, the streaming giant, will stream the Harwick Marathon live.\n";

#[test]
fn model_extractor_types_companies_by_their_verbs_and_nouns() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("950_organisations.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let input = common::input_with(tmp.path(), &[article]);
    let out = tmp.path().join("output");
    let mut options = BuildOptions::new(&input, &out);
    options.extractor = ExtractorKind::Model;
    options.render_svg = false;
    build(&options).expect("model build succeeds");
    let (nodes, _) =
        kgpipe::score::read_export(&out.join("neo4j"), ';').expect("export reads back");
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
