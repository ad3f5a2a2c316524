//! Titles, quotations and organisation names of the model extractor on an article of our own
//! words: a quotation said before its speech verb is no Show, a quoted memoir title holds no
//! person, a bare title after "new film" and a title split by a minor word before "cast" are
//! Shows, and a news outlet named as a source and a numbered channel are Organizations.

mod common;

const ARTICLE: &str = "Director returns to the harbour town\n\n\
    Director Marta Quillan arrived in Port Avery on Monday to start shooting her new film \
    Saltwater on the quay, according to The Avery Courier. The drama will air on ZTV Two next \
    year.\n\n\
    \u{201c}Home at Last,\u{201d} Quillan wrote beside a photo of the crew.\n\n\
    The story is adapted from her memoir \u{201c}Tides of Avery: My Long Walk to the Lighthouse \
    and Back\u{201d}.\n\n\
    Quillan was joined by Ghosts of Avery cast members Ronan Tuppet and Elsie Marr. Ghosts of \
    Avery ran for three seasons.\n";

fn labelled(nodes: &[kgpipe::score::PredictedNode], name: &str, label: &str) -> bool {
    nodes
        .iter()
        .any(|n| n.name == name && n.labels.iter().any(|l| l == label))
}

#[test]
fn model_extractor_reads_titles_quotations_and_outlets() {
    let (nodes, _) = common::model_export_of("960_titles_quotes.txt", ARTICLE);
    assert!(labelled(&nodes, "Saltwater", "Show"), "{nodes:#?}");
    assert!(labelled(&nodes, "Ghosts of Avery", "Show"), "{nodes:#?}");
    assert!(!labelled(&nodes, "Home at Last", "Show"), "{nodes:#?}");
    for name in ["Long Walk", "Lighthouse", "Tides of Avery", "Ghosts"] {
        assert!(!nodes.iter().any(|n| n.name == name), "{name}: {nodes:#?}");
    }
    assert!(
        labelled(&nodes, "The Avery Courier", "Organization"),
        "{nodes:#?}"
    );
    assert!(labelled(&nodes, "ZTV Two", "Organization"), "{nodes:#?}");
}
