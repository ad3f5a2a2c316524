//! Places the NER mistypes or misses, from the article's words and parse: names of the
//! configured place synonym table ("NYC" read as an organisation), the origin or destination
//! of a journey ("a flight from X to Y", "flew to Y"), a dateline opening the article ("CITY:"),
//! plural place names after "in the" ("in the Highlands"), a name the text calls a town
//! ("the town of X") even where the article's show has that title, and a place-like name equal
//! to the article's show title with no place cue, which is the show.

use super::typing::is_facility_word;
use super::ModelParse;
use crate::config::{Config, PlaceSynonyms};
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate, Typing};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

/// Nouns and verb lemmas of a journey whose "from" / "to" / "for" object is a place.
const TRAVEL_WORDS: [&str; 10] = [
    "flight", "fly", "travel", "trip", "drive", "sail", "bind", "bound", "voyage", "commute",
];

/// Prepositions that name a journey's origin or destination.
const TRAVEL_PREPOSITIONS: [&str; 3] = ["from", "to", "for"];

/// Common nouns for a settlement or an area, as in "the town of X".
const SETTLEMENT_NOUNS: [&str; 8] = [
    "town", "city", "village", "hamlet", "county", "province", "region", "island",
];

/// Tokens that end a dateline ("Mumbai:", "PARIS —").
const DATELINE_ENDS: [&str; 4] = [":", "—", "–", "-"];

/// NER kinds of a geographic name.
const GEOGRAPHIC_KINDS: [&str; 2] = ["GPE", "LOC"];

/// NER kinds that make a plural name something other than a place (a band, a show, an award).
const NOT_PLACE_KINDS: [&str; 5] = ["ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"];

const OWNER: &str = "model: the place a venue is named after (\"X's Y Theatre\")";
const LISTED: &str = "model: listed with a place after \"locations like\"";
const VENUE_AT: &str = "model: a place a venue is at (\"X Naval Base at Y\")";
const SYNONYM: &str = "model: a name of the place synonym table";
const JOURNEY_END: &str = "model: the origin or destination of a journey";
const DATELINE: &str = "model: the dateline opening the article";
const PLURAL_PLACE: &str = "model: a plural place name after \"in the\"";
const SETTLEMENT: &str = "model: a name the text calls a town or city";
const SHOW_TITLE: &str = "model: the article's show title, with no place cue";
const STUDIO_SITE: &str = "model: a studio lot where something happens (a set at X Studios)";

/// Last words of the name of a film studio, a company or its lot.
const STUDIO_WORDS: [&str; 2] = ["studios", "studio"];

/// Words whose "at" / "on" / "in" object is the site of a happening: a set, or a verb of
/// filming or of an accident ("on a set at X Studios", "filmed at X Studios").
const SITE_WORDS: [&str; 16] = [
    "set",
    "stage",
    "soundstage",
    "lot",
    "backlot",
    "film",
    "shoot",
    "record",
    "rehearse",
    "build",
    "happen",
    "occur",
    "injure",
    "hurt",
    "collapse",
    "accident",
];

/// Prepositions of a site.
const SITE_PREPOSITIONS: [&str; 3] = ["at", "on", "in"];

/// Applies every place step of this module to the article's name mentions, in order.
pub(crate) fn type_places(
    doc: &Document,
    parse: &ModelParse,
    config: &Config,
    mentions: &mut Vec<Mention>,
) {
    let synonyms = &config.place_synonyms;
    split_possessive_venues(doc, parse, mentions);
    type_venue_owners(doc, parse, mentions);
    type_synonym_places(synonyms, mentions);
    type_journey_ends(doc, parse, mentions);
    type_dateline(doc, parse, mentions);
    type_plural_places(doc, parse, mentions, |w| is_event_plural(config, w));
    type_show_titles(doc, synonyms, mentions);
    type_settlements(doc, mentions);
    type_listed_places(doc, parse, mentions);
    type_places_after_venues(doc, mentions);
    type_studio_sites(doc, parse, mentions);
}

/// May a place step retype this name? Lexicon entries and titles keep their label.
fn retypable(m: &Mention) -> bool {
    m.form == MentionForm::Name && m.lexicon.is_none() && !m.typing.is_title()
}

fn make_place(m: &mut Mention, why: &str) {
    m.label = Some(Label::Place);
    m.female = None;
    m.modifier = false;
    m.retyped_by(why);
}

fn norm(doc: &Document, t: usize) -> &str {
    doc.tokens.get(t).map(|t| t.norm.as_str()).unwrap_or("")
}

/// The NER kind of the entity covering token `t`.
fn ner_kind(parse: &ModelParse, t: usize) -> Option<&str> {
    let e = parse.token_ent.get(t).copied().flatten()?;
    parse.ents.get(e).map(|e| e.kind.as_str())
}

/// A name of the synonym table is a Place whatever typed it, unless it names a show or event.
fn type_synonym_places(synonyms: &PlaceSynonyms, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| retypable(m)) {
        let other = !matches!(
            m.label,
            Some(Label::Place) | Some(Label::Show) | Some(Label::Event)
        );
        if other && synonyms.canonical(&m.text).is_some() {
            m.label = Some(Label::Place);
            m.female = None;
            m.retyped_by(SYNONYM);
        }
    }
}

/// "a flight from X to Y", "flew to Y", "bound for Y": a name the NER left untyped or typed a
/// person, object of from / to / for after a journey word, is a Place (a name the NER reads as
/// an organisation, work or event stays one: "bound for Netflix").
fn type_journey_ends(doc: &Document, parse: &ModelParse, mentions: &mut [Mention]) {
    for m in mentions
        .iter_mut()
        .filter(|m| retypable(m) && !m.possessive)
    {
        let weak = m.label.is_none() || (m.label == Some(Label::Person) && m.typing == Typing::Ner);
        let head = m.tokens.end - 1;
        let other_kind = ner_kind(parse, head).is_some_and(|k| NOT_PLACE_KINDS.contains(&k));
        if weak && !other_kind && journey_of(doc, parse, head).is_some() {
            make_place(m, JOURNEY_END);
        }
    }
}

/// The journey word whose from / to / for object is token `t`, through a chain of such
/// prepositions ("from X to Y": Y's "to" may hang on X).
fn journey_of(doc: &Document, parse: &ModelParse, t: usize) -> Option<usize> {
    let mut object = t;
    for _ in 0..3 {
        if parse.token_dep[object].as_deref() != Some("pobj") {
            return None;
        }
        let prep = parse.token_head[object]?;
        if !TRAVEL_PREPOSITIONS.contains(&norm(doc, prep)) {
            return None;
        }
        let governor = parse.token_head[prep]?;
        let lemma = parse.lemma(governor).unwrap_or("");
        if TRAVEL_WORDS.contains(&lemma) || TRAVEL_WORDS.contains(&norm(doc, governor)) {
            return Some(governor);
        }
        object = governor;
    }
    None
}

/// "Mumbai: The actor began ...": a name opening the first body sentence right before a colon
/// or dash, geographic by the NER or a proper noun it left untyped, is a Place even where a
/// later step dropped it.
fn type_dateline(doc: &Document, parse: &ModelParse, mentions: &mut [Mention]) {
    let Some(first) = doc.sentences.iter().find(|s| !s.headline) else {
        return;
    };
    let start = first.tokens.start;
    for m in mentions.iter_mut().filter(|m| retypable(m)) {
        let opens = m.tokens.start == start && m.tokens.len() <= 3;
        let ended = DATELINE_ENDS.contains(&norm(doc, m.tokens.end));
        let geographic = match ner_kind(parse, m.tokens.start) {
            Some(kind) => GEOGRAPHIC_KINDS.contains(&kind),
            None => is_proper_noun(parse, m.tokens.start) && !is_section_word(doc, m),
        };
        if opens && ended && geographic && m.label != Some(Label::Place) {
            make_place(m, DATELINE);
        }
    }
}

fn is_proper_noun(parse: &ModelParse, t: usize) -> bool {
    matches!(parse.token_tag[t].as_deref(), Some("NNP" | "NNPS"))
}

/// Words that open a headline-like line with a colon without being a place ("Exclusive:").
const SECTION_WORDS: [&str; 10] = [
    "exclusive",
    "update",
    "watch",
    "breaking",
    "opinion",
    "review",
    "analysis",
    "explainer",
    "listen",
    "video",
];

fn is_section_word(doc: &Document, m: &Mention) -> bool {
    m.tokens.len() == 1 && SECTION_WORDS.contains(&norm(doc, m.tokens.start))
}

/// "his home in the Highlands": one capitalised plural word after "in the", which the NER
/// does not read as an organisation, work or event, is a Place.
fn type_plural_places(
    doc: &Document,
    parse: &ModelParse,
    mentions: &mut [Mention],
    is_event: impl Fn(&str) -> bool,
) {
    for m in mentions
        .iter_mut()
        .filter(|m| retypable(m) && !m.possessive)
    {
        let t = m.tokens.start;
        let weak = m.label.is_none() || m.typing == Typing::Ner;
        let after_in_the = t >= 2 && norm(doc, t - 1) == "the" && norm(doc, t - 2) == "in";
        let plural = m.tokens.len() == 1 && is_plural_name(doc, parse, t);
        let other_kind = ner_kind(parse, t).is_some_and(|k| NOT_PLACE_KINDS.contains(&k))
            || is_event(norm(doc, t));
        let modifies = matches!(parse.token_dep[t].as_deref(), Some("compound" | "poss"));
        if weak && after_in_the && plural && !other_kind && !modifies {
            make_place(m, PLURAL_PLACE);
        }
    }
}

/// A capitalised word ending in "s" that the tagger reads as a plural proper noun, or as a
/// proper noun whose own form is not possessive.
fn is_plural_name(doc: &Document, parse: &ModelParse, t: usize) -> bool {
    let word = doc.token_text(t);
    let tag = parse.token_tag[t].as_deref().unwrap_or("");
    word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && doc.tokens[t].capitalised
        && matches!(tag, "NNPS" | "NNP" | "NNS")
}

/// Plural names of competitions and award shows ("the Finals", "the Emmys").
const EVENT_PLURALS: [&str; 6] = [
    "finals",
    "semifinals",
    "playoffs",
    "nationals",
    "paralympics",
    "awards",
];

/// Is the lower-case word `w` a plural event name: a configured event synonym, an event word
/// of a name, or a competition?
fn is_event_plural(config: &Config, w: &str) -> bool {
    EVENT_PLURALS.contains(&w)
        || super::ner::EVENT_NAME_WORDS.contains(&w)
        || config
            .cues
            .event_synonyms
            .iter()
            .flatten()
            .any(|name| crate::resolve::name_key(name) == w)
}

/// "the small town of X": the text calls X a settlement.
fn called_a_settlement(doc: &Document, m: &Mention) -> bool {
    let t = m.tokens.start;
    t >= 2 && norm(doc, t - 1) == "of" && SETTLEMENT_NOUNS.contains(&norm(doc, t - 2))
}

/// "in X, <place>": a place named right after X and a comma.
fn placed_in_a_region(doc: &Document, mentions: &[Mention], m: &Mention) -> bool {
    let end = m.tokens.end;
    norm(doc, end) == ","
        && mentions.iter().any(|n| {
            n.tokens.start == end + 1 && n.label == Some(Label::Place) && n.sentence == m.sentence
        })
}

/// Words before "in" / "at" that put a real place after it ("filmed in X", "born in X").
const PLACE_VERBS: [&str; 11] = [
    "filmed", "shot", "filming", "shooting", "born", "based", "lives", "lived", "raised", "moved",
    "up",
];

/// "filmed in X", "grew up in X": a real place, not a film's setting.
fn placed_by_a_verb(doc: &Document, m: &Mention) -> bool {
    let t = m.tokens.start;
    t >= 2 && matches!(norm(doc, t - 1), "in" | "at") && PLACE_VERBS.contains(&norm(doc, t - 2))
}

/// A name the text calls a town or city ("the town of X") is a Place even where the same name
/// elsewhere is the article's show.
fn type_settlements(doc: &Document, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| retypable(m)) {
        if m.label != Some(Label::Place) && called_a_settlement(doc, m) {
            make_place(m, SETTLEMENT);
        }
    }
}

/// A Place named exactly as the article's show ("Harbor City" in a story about the film
/// "Harbor City") is the show, unless the text calls it a town, names its region after it,
/// films or lives in it, or the synonym table has it.
fn type_show_titles(doc: &Document, synonyms: &PlaceSynonyms, mentions: &mut [Mention]) {
    let Some(show) = super::article::main_show(doc, mentions) else {
        return;
    };
    let title = mentions[show].text.to_lowercase();
    let titled: Vec<usize> = (0..mentions.len())
        .filter(|&i| {
            let m = &mentions[i];
            retypable(m)
                && m.label == Some(Label::Place)
                && m.text.to_lowercase() == title
                && synonyms.canonical(&m.text).is_none()
                && !called_a_settlement(doc, m)
                && !placed_in_a_region(doc, mentions, m)
                && !placed_by_a_verb(doc, m)
        })
        .collect();
    for i in titled {
        mentions[i].label = Some(Label::Show);
        mentions[i].retyped_by(SHOW_TITLE);
    }
}

/// "on a set at X Studios", "filmed at X Studios": a studio's name where a set stands or
/// something is filmed or happens is the lot, a Place; a studio that makes, releases or hires
/// stays an Organization.
fn type_studio_sites(doc: &Document, parse: &ModelParse, mentions: &mut [Mention]) {
    for m in mentions
        .iter_mut()
        .filter(|m| retypable(m) && !m.possessive)
    {
        let last = m.tokens.end - 1;
        let studio = m.tokens.len() > 1 && STUDIO_WORDS.contains(&norm(doc, last));
        if studio && m.label == Some(Label::Organization) && is_site(doc, parse, last) {
            make_place(m, STUDIO_SITE);
        }
    }
}

/// Is token `t` the object of a preposition of place after a site word?
fn is_site(doc: &Document, parse: &ModelParse, t: usize) -> bool {
    if parse.token_dep[t].as_deref() != Some("pobj") {
        return false;
    }
    let Some(prep) = parse.token_head[t].filter(|&p| p != t) else {
        return false;
    };
    let governor = parse.token_head[prep].filter(|&g| g != prep);
    let site = governor.is_some_and(|g| {
        let lemma = parse.lemma(g).unwrap_or_else(|| norm(doc, g));
        SITE_WORDS.contains(&lemma) || SITE_WORDS.contains(&norm(doc, g))
    });
    SITE_PREPOSITIONS.contains(&norm(doc, prep)) && site
}

/// The token of the possessive "'s" inside a name, with a name part on each side.
fn inner_possessive(doc: &Document, m: &Mention) -> Option<usize> {
    (m.tokens.start + 1..m.tokens.end - 1).find(|&t| matches!(norm(doc, t), "'s" | "’s"))
}

/// Does the name end in a facility word ("Theatre", "Hall")?
fn is_venue(doc: &Document, m: &Mention) -> bool {
    m.label == Some(Label::Place) && is_facility_word(norm(doc, m.tokens.end - 1))
}

/// Is the NER's reading of tokens `owner` no person's or organisation's own name? Either it
/// reads them as a place, or as part of one entity with the venue after them.
fn owner_may_be_place(parse: &ModelParse, owner: std::ops::Range<usize>, venue_end: usize) -> bool {
    let entity = parse.token_ent.get(owner.start).copied().flatten();
    let whole = entity.is_some_and(|e| parse.ents[e].tokens.end >= venue_end);
    whole || ner_kind(parse, owner.start).is_some_and(|k| GEOGRAPHIC_KINDS.contains(&k))
}

/// "Harlow's Grand Palace Theatre" read as one Place: the owner before "'s" (one to three
/// capitalised words the NER reads as a place or as part of the whole name) becomes a Place
/// mention of its own and the mention keeps the venue.
fn split_possessive_venues(doc: &Document, parse: &ModelParse, mentions: &mut Vec<Mention>) {
    let mut owners = Vec::new();
    for m in mentions
        .iter_mut()
        .filter(|m| retypable(m) && is_venue(doc, m))
    {
        let Some(poss) = inner_possessive(doc, m) else {
            continue;
        };
        let owner = m.tokens.start..poss;
        let capitalised = owner.clone().all(|t| doc.tokens[t].capitalised);
        if owner.len() > 3
            || !capitalised
            || !owner_may_be_place(parse, owner.clone(), m.tokens.end)
        {
            continue;
        }
        let mut place = m.clone();
        place.tokens = owner.clone();
        place.text = doc.span_text(owner).to_string();
        place.possessive = true;
        make_place(&mut place, OWNER);
        owners.push(place);
        m.tokens = poss + 1..m.tokens.end;
        m.text = doc.span_text(m.tokens.clone()).to_string();
    }
    mentions.extend(owners);
}

/// The mention of the name right before the "'s" that owns venue mention `v`.
fn owner_of_venue(doc: &Document, mentions: &[Mention], v: &Mention) -> Option<usize> {
    let poss = v.tokens.start.checked_sub(1)?;
    if !matches!(norm(doc, poss), "'s" | "’s") {
        return None;
    }
    mentions.iter().position(|o| {
        o.form == MentionForm::Name && o.tokens.end == poss && o.sentence == v.sentence
    })
}

/// "Brooklyn's Kings Theatre" read as two names: an owner the NER reads as a place is a Place
/// whatever a given-name list said.
fn type_venue_owners(doc: &Document, parse: &ModelParse, mentions: &mut [Mention]) {
    let owners: Vec<usize> = mentions
        .iter()
        .filter(|v| is_venue(doc, v))
        .filter_map(|v| owner_of_venue(doc, mentions, v))
        .collect();
    for o in owners {
        let m = &mentions[o];
        let geographic =
            ner_kind(parse, m.tokens.start).is_some_and(|k| GEOGRAPHIC_KINDS.contains(&k));
        if retypable(m) && geographic && m.label != Some(Label::Place) {
            make_place(&mut mentions[o], OWNER);
        }
    }
}

/// LOCATED_IN from a venue to the place that owns it ("Harlow's Grand Palace Theatre") and
/// to the places it is at ("the Kelvane Naval Base at Arrow and Bellmouth").
pub(crate) fn venue_locations(doc: &Document, mentions: &[Mention]) -> Vec<RelationCandidate> {
    let mut out = venues_in_owning_places(doc, mentions);
    out.extend(venues_at_places(doc, mentions));
    out
}

/// The name mention starting at token `t` (after an optional "the"), in sentence `s`.
fn name_at(doc: &Document, mentions: &[Mention], t: usize, s: usize) -> Option<usize> {
    let t = if norm(doc, t) == "the" { t + 1 } else { t };
    mentions
        .iter()
        .position(|m| m.tokens.start == t && m.sentence == s && m.form == MentionForm::Name)
}

/// The names listed right after "<venue> at" ("the Kelvane Naval Base at Arrow and Bellmouth").
fn names_after_venue(doc: &Document, mentions: &[Mention], venue: &Mention) -> Vec<usize> {
    let mut names = Vec::new();
    if norm(doc, venue.tokens.end) != "at" {
        return names;
    }
    let mut next = name_at(doc, mentions, venue.tokens.end + 1, venue.sentence);
    while let Some(p) = next {
        names.push(p);
        let after = mentions[p].tokens.end;
        next = matches!(norm(doc, after), "and" | ",")
            .then(|| name_at(doc, mentions, after + 1, venue.sentence))
            .flatten();
    }
    names
}

/// Names after "<venue> at", untyped or typed by the NER alone, are the places it is at.
fn type_places_after_venues(doc: &Document, mentions: &mut [Mention]) {
    let listed: Vec<usize> = mentions
        .iter()
        .filter(|v| is_venue(doc, v))
        .flat_map(|v| names_after_venue(doc, mentions, v))
        .collect();
    for i in listed {
        let m = &mut mentions[i];
        let weak = m.label.is_none() || m.typing == Typing::Ner;
        if retypable(m) && weak && m.label != Some(Label::Show) && !m.modifier {
            make_place(m, VENUE_AT);
        }
    }
}

/// "the Kelvane Naval Base at Arrow and Bellmouth": a venue, "at", and the places listed
/// after it.
fn venues_at_places(doc: &Document, mentions: &[Mention]) -> Vec<RelationCandidate> {
    let mut out = Vec::new();
    for (v, venue) in mentions
        .iter()
        .enumerate()
        .filter(|(_, v)| is_venue(doc, v))
    {
        for p in names_after_venue(doc, mentions, venue) {
            if mentions[p].label == Some(Label::Place) {
                out.push(located_in(
                    v,
                    p,
                    venue.sentence,
                    "model: a venue at a place",
                    0.65,
                ));
            }
        }
    }
    out
}

fn located_in(
    from: usize,
    to: usize,
    sentence: usize,
    rule: &str,
    confidence: f32,
) -> RelationCandidate {
    RelationCandidate {
        kind: CandidateType::Rel(RelType::LOCATED_IN),
        from,
        to,
        rule: rule.into(),
        confidence,
        hedged: false,
        properties: BTreeMap::new(),
        sentence,
        possessor_kin: false,
    }
}

/// LOCATED_IN from a venue to the place that owns it ("Harlow's Grand Palace Theatre").
fn venues_in_owning_places(doc: &Document, mentions: &[Mention]) -> Vec<RelationCandidate> {
    let mut out = Vec::new();
    for (v, venue) in mentions
        .iter()
        .enumerate()
        .filter(|(_, v)| is_venue(doc, v))
    {
        let Some(o) = owner_of_venue(doc, mentions, venue) else {
            continue;
        };
        if mentions[o].label != Some(Label::Place) {
            continue;
        }
        out.push(located_in(
            v,
            o,
            venue.sentence,
            "model: a venue named after its place",
            0.7,
        ));
    }
    out
}

/// Plural nouns for places that introduce examples ("locations like X and Y").
const PLACE_NOUNS: [&str; 16] = [
    "locations",
    "places",
    "venues",
    "sites",
    "spots",
    "towns",
    "cities",
    "countries",
    "villages",
    "destinations",
    "landmarks",
    "areas",
    "neighborhoods",
    "neighbourhoods",
    "theaters",
    "theatres",
];

/// Does the list starting at token `first` follow "locations like", "places such as" or
/// "venues including" (an article may stand between)?
fn follows_place_examples(doc: &Document, first: usize) -> bool {
    let mut t = first;
    if t > 0 && norm(doc, t - 1) == "the" {
        t -= 1;
    }
    let cue = match t.checked_sub(1).map(|p| norm(doc, p)) {
        Some("like" | "including") => 1,
        Some("as") if t >= 2 && norm(doc, t - 2) == "such" => 2,
        _ => return false,
    };
    t.checked_sub(cue + 1)
        .is_some_and(|n| PLACE_NOUNS.contains(&norm(doc, n)))
}

/// "locations like X and Y": names untyped or typed by the NER alone, listed with a place
/// after a plural place noun and "like" / "such as" / "including", are places.
fn type_listed_places(doc: &Document, parse: &ModelParse, mentions: &mut [Mention]) {
    for group in super::lists::conjunct_groups(parse, mentions) {
        let first = group.iter().map(|&i| mentions[i].tokens.start).min();
        let has_place = group
            .iter()
            .any(|&i| mentions[i].label == Some(Label::Place));
        if !has_place || !first.is_some_and(|f| follows_place_examples(doc, f)) {
            continue;
        }
        for i in group {
            let m = &mut mentions[i];
            let weak = m.label.is_none() || m.typing == Typing::Ner;
            if retypable(m) && weak && m.label != Some(Label::Show) && !m.modifier {
                make_place(m, LISTED);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::test_document as doc_of;

    fn at(d: &Document, w: &str) -> usize {
        (0..d.tokens.len()).find(|&t| d.token_text(t) == w).unwrap()
    }

    fn name(d: &Document, first: &str, last: &str) -> Mention {
        let mut m = Mention::test_name(at(d, first)..at(d, last) + 1, Some(Label::Place));
        m.text = d.span_text(m.tokens.clone()).to_string();
        m
    }

    #[test]
    fn examples_of_places_follow_a_plural_place_noun_and_like_or_such_as() {
        let d = doc_of("They shot at locations like the Ardle and at sites such as Bow .");
        assert!(follows_place_examples(&d, at(&d, "Ardle")));
        assert!(follows_place_examples(&d, at(&d, "Bow")));
        let d = doc_of("Singers like Ardle and Bow came .");
        assert!(!follows_place_examples(&d, at(&d, "Ardle")));
    }

    #[test]
    fn a_settlement_noun_or_a_place_verb_before_the_name_marks_a_real_place() {
        let d = doc_of("It lies in the small town of Kelby and was filmed in Arrow .");
        assert!(called_a_settlement(&d, &name(&d, "Kelby", "Kelby")));
        assert!(placed_by_a_verb(&d, &name(&d, "Arrow", "Arrow")));
        assert!(!placed_by_a_verb(&d, &name(&d, "Kelby", "Kelby")));
        assert!(!called_a_settlement(&d, &name(&d, "Arrow", "Arrow")));
    }

    #[test]
    fn a_possessive_inside_a_venue_name_splits_owner_and_venue() {
        let d = doc_of("We met at Kelby's Grand Palace Theatre and at Bow Hall .");
        let whole = name(&d, "Kelby", "Theatre");
        assert!(is_venue(&d, &whole));
        assert_eq!(inner_possessive(&d, &whole), Some(at(&d, "Kelby") + 1));
        assert_eq!(inner_possessive(&d, &name(&d, "Bow", "Hall")), None);
    }

    #[test]
    fn only_the_words_of_a_section_open_a_line_without_being_a_place() {
        let d = doc_of("Exclusive : the actor spoke . Kelby : the actor spoke .");
        assert!(is_section_word(&d, &name(&d, "Exclusive", "Exclusive")));
        assert!(!is_section_word(&d, &name(&d, "Kelby", "Kelby")));
    }
}
