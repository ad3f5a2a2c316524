//! Networks, platforms and bands of the model extractor on articles of our own words: a network
//! before a show noun and a title is an Organization the Show airs on, a title in single quotes
//! beside a show noun is a Show wherever the article repeats it, a title before a show noun in
//! apposition is a Show, a platform named after "stream on" keeps all its words, a quoted title
//! with a possessive inside the quotes drops the "'s", and a band is no person.

mod common;

const NETWORK_ARTICLE: &str = "Brightwave thriller 'Ashgrove' casts Nell Varga in lead role\n\n\
    The Brightwave thriller series Ashgrove will start filming in Porto next spring, the \
    streamer said on Monday.\n\n\
    Nell Varga, who starred in the Kestrel series Dune Road, will play a surgeon. The filming \
    of Ashgrove will take five months.\n\n\
    Varga was also seen in Copper Gate, a biopic from Linden Pictures, two years ago. Her \
    co-star in Copper Gate was Ivo Marsh.\n\n\
    Viewers can stream Ashgrove on Kite Video from next year.\n\n\
    The music is by the rock band Della Crane.\n";

const POSSESSIVE_ARTICLE: &str = "Cast grows for harbour drama\n\n\
    A studio in Bristol has cast Ivo Marsh in the drama \u{2018}Salt Harbour\u{2019}, which \
    follows a lifeboat crew.\n\n\
    \u{201c}The Quiet Year\u{2019}s\u{201d} Della Ruiz will join him, the studio said.\n";

fn labelled(nodes: &[kgpipe::score::PredictedNode], name: &str, label: &str) -> bool {
    nodes
        .iter()
        .any(|n| n.name == name && n.labels.iter().any(|l| l == label))
}

#[test]
fn networks_platforms_and_bands_are_organisations_and_their_titles_shows() {
    let (nodes, rels) = common::model_export_of("970_networks.txt", NETWORK_ARTICLE);
    for show in ["Ashgrove", "Dune Road", "Copper Gate"] {
        assert!(labelled(&nodes, show, "Show"), "{show}: {nodes:#?}");
    }
    for org in [
        "Brightwave",
        "Kestrel",
        "Linden Pictures",
        "Kite Video",
        "Della Crane",
    ] {
        assert!(labelled(&nodes, org, "Organization"), "{org}: {nodes:#?}");
    }
    for wrong in ["Kite", "Porto Ashgrove"] {
        assert!(
            !nodes.iter().any(|n| n.name == wrong),
            "{wrong}: {nodes:#?}"
        );
    }
    assert!(!labelled(&nodes, "Della Crane", "Person"), "{nodes:#?}");
    let has = |from: &str, rel: &str, to: &str| {
        rels.iter()
            .any(|r| r.from == from && r.rel_type == rel && r.to == to)
    };
    assert!(
        has("show:dune-road", "AIRS_ON", "organization:kestrel"),
        "{rels:#?}"
    );
    assert!(
        has("show:ashgrove", "AIRS_ON", "organization:brightwave"),
        "{rels:#?}"
    );
}

#[test]
fn a_possessive_inside_quotes_is_not_part_of_the_title() {
    let (nodes, rels) = common::model_export_of("971_possessive.txt", POSSESSIVE_ARTICLE);
    assert!(labelled(&nodes, "Salt Harbour", "Show"), "{nodes:#?}");
    assert!(labelled(&nodes, "The Quiet Year", "Show"), "{nodes:#?}");
    assert!(
        rels.iter().any(|r| r.from == "person:della-ruiz"
            && r.rel_type == "ACTED_IN"
            && r.to == "show:the-quiet-year"),
        "{rels:#?}"
    );
}
