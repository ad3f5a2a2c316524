//! Credits and places read from list shapes by the model extractor, on an article of our own:
//! works joined before an actor word, a crew list, and places listed side by side.

mod common;

const CREDITS: &str = "Harrow Point begins filming in the spring\n\n\
    The new drama Harrow Point has begun filming on the coast.\n\n\
    Kings of Salt and Copper Lane star Vera Holm will lead the cast of Harrow Point.\n\n\
    Producers are Anselm Greaves for Tidewater Pictures, Maren Olsk for Fjordlight, \
    and Dorian Pell.\n\n\
    The crew shot for six weeks in Leeds, York and Hull.\n\n\
    The studio stands in Portwell, Ashcombe, near the old harbour.\n\n\
    Holm, 41, is a popular actor, known for roles in \"Night Ferry\" and \"Glass Orchard\".\n\n\
    The cast also includes Ruth Ambler, whose work has ranged from \"Low Country\" to \"Blue Acre\".\n\n\
    Ada Quill (\"Stone Circle\" trilogy) co-stars.\n\n\
    Last year Ambler was starring in \"Red Meridian,\" alongside Tomas Brandt.\n";

fn relations() -> Vec<kgpipe::score::PredictedRel> {
    common::model_export_of("903_credits.txt", CREDITS).1
}

#[test]
fn list_shapes_credit_every_member_and_keep_peers_apart() {
    let rels = relations();
    let has = |from: &str, rel: &str, to: &str| {
        rels.iter()
            .any(|r| r.from == from && r.rel_type == rel && r.to == to)
    };
    for work in ["show:kings-of-salt", "show:copper-lane"] {
        assert!(
            has("person:vera-holm", "ACTED_IN", work),
            "each work before 'star' is the actor's: {rels:#?}"
        );
    }
    assert!(
        has("person:vera-holm", "ACTED_IN", "show:harrow-point"),
        "the joined works are credits, so the cast cue finds the show: {rels:#?}"
    );
    for producer in [
        "person:anselm-greaves",
        "person:maren-olsk",
        "person:dorian-pell",
    ] {
        assert!(
            has(producer, "FILMED", "show:harrow-point"),
            "every listed producer made the show: {rels:#?}"
        );
    }
    for (actor, work) in [
        ("person:vera-holm", "show:night-ferry"),
        ("person:vera-holm", "show:glass-orchard"),
        ("person:ruth-ambler", "show:low-country"),
        ("person:ruth-ambler", "show:blue-acre"),
        ("person:ada-quill", "show:stone-circle"),
        ("person:ada-quill", "show:harrow-point"),
        ("person:tomas-brandt", "show:red-meridian"),
    ] {
        assert!(
            has(actor, "ACTED_IN", work),
            "credits told by 'known for', 'whose work', parentheses and 'alongside': {rels:#?}"
        );
    }
    assert!(
        !rels
            .iter()
            .any(|r| r.rel_type == "LOCATED_IN" && r.from == "place:leeds"),
        "places listed side by side are peers: {rels:#?}"
    );
}
