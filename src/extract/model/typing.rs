//! Labels from the shape and surroundings of a name, after the NER and the context cues: an
//! organisation word ending a name, person cues beside it (", who", ", 48,", a title in
//! parentheses, "the X novel", "author X"), and a show named before a show-role noun and a
//! person ("Harbor Lights star Ana Ruiz", "Harbor Lights's Ana Ruiz").

use super::ModelParse;
use crate::extract::{Mention, MentionForm, Typing};
use crate::ingest::Document;
use crate::ontology::Label;
use std::ops::Range;

/// Last words that make a name an organisation's ("Harbor State Troopers", "Tern Productions").
const ORGANIZATION_NAME_WORDS: [&str; 41] = [
    "reporter",
    "gazette",
    "tribune",
    "herald",
    "journal",
    "team",
    "troopers",
    "patrol",
    "administration",
    "films",
    "productions",
    "television",
    "content",
    "pictures",
    "studios",
    "entertainment",
    "media",
    "network",
    "networks",
    "agency",
    "department",
    "commission",
    "council",
    "association",
    "foundation",
    "institute",
    "university",
    "college",
    "company",
    "corporation",
    "group",
    "records",
    "club",
    "league",
    "federation",
    "committee",
    "authority",
    "bureau",
    "ministry",
    "inc",
    "ltd",
];

/// Nouns of a person's trade written right before the name ("author Ann Lee", "designer Bo Li").
const PERSON_NOUNS_BEFORE: [&str; 14] = [
    "author",
    "novelist",
    "writer",
    "screenwriter",
    "filmmaker",
    "designer",
    "journalist",
    "photographer",
    "composer",
    "choreographer",
    "actor",
    "actress",
    "director",
    "producer",
];

/// Works whose compound modifier is their author ("the Ann Lee novel").
const AUTHORED_WORKS: [&str; 6] = [
    "novel",
    "book",
    "memoir",
    "biography",
    "autobiography",
    "play",
];

/// Nouns after a show's name that make the name after them its actor ("Northwind star X").
const SHOW_ROLE_NOUNS: [&str; 7] = [
    "star",
    "actor",
    "actress",
    "alum",
    "favourite",
    "favorite",
    "veteran",
];

/// Last words that make a name a facility's, which the ontology puts under Place ("Tern Street
/// Church", "Bow Racecourse").
const FACILITY_NAME_WORDS: [&str; 28] = [
    "church",
    "cathedral",
    "chapel",
    "basilica",
    "abbey",
    "mosque",
    "temple",
    "synagogue",
    "base",
    "barracks",
    "platz",
    "hall",
    "arena",
    "stadium",
    "theatre",
    "theater",
    "cinema",
    "ballroom",
    "hospital",
    "racecourse",
    "airport",
    "station",
    "museum",
    "gallery",
    "prison",
    "hotel",
    "palace",
    "castle",
];

/// Pronouns that only a person takes (an organisation is "it" and "its").
const PERSON_PRONOUNS: [&str; 7] = ["he", "him", "his", "himself", "she", "herself", "her"];

/// Dependencies that attach a clause or phrase describing a name to it.
const DESCRIBING_DEPS: [&str; 3] = ["acl", "relcl", "appos"];

const ORG_WORD: &str = "model: a name ending in an organisation word";
const FACILITY_WORD: &str = "model: a name ending in a facility word";
const PERSON_CUE: &str = "model: a person cue beside the name";
const SHOW_BEFORE_ACTOR: &str = "model: a show named before its actor";

/// Applies every retyping of this module to the article's name mentions.
pub(crate) fn retype_by_surroundings(doc: &Document, parse: &ModelParse, mentions: &mut [Mention]) {
    join_organisation_names(doc, mentions);
    join_titles_across_in(doc, mentions);
    type_organisation_names(doc, mentions);
    type_facility_names(doc, mentions);
    type_organisation_lists(parse, mentions);
    type_show_lists(parse, mentions);
    type_brands(parse, mentions);
    type_ceremonies(doc, mentions);
    type_people_by_cues(doc, parse, mentions);
    type_shows_before_actors(doc, mentions);
    type_broadcasters(doc, parse, mentions);
    type_places_by_use(doc, parse, mentions);
    type_corporate_subjects(doc, parse, mentions);
    type_names_by_organisation_nouns(doc, parse, mentions);
    type_race_names(doc, mentions);
}

/// May the surroundings retype this name? Lexicon entries and titles keep their label.
fn retypable(m: &Mention) -> bool {
    m.form == MentionForm::Name && m.lexicon.is_none() && !m.typing.is_title()
}

fn norm(doc: &Document, t: usize) -> &str {
    doc.tokens.get(t).map(|t| t.norm.as_str()).unwrap_or("")
}

/// Is `last` (a lower-case word) one that ends an organisation's name?
pub(crate) fn is_organisation_word(last: &str) -> bool {
    ORGANIZATION_NAME_WORDS.contains(&last)
}

/// Is token `t` a word that starts with a digit and holds a letter ("5K", "20th"), which the
/// capitalised runs leave out?
fn is_digit_led_word(doc: &Document, t: usize) -> bool {
    let text = doc.span_text(t..t + 1);
    text.starts_with(|c: char| c.is_ascii_digit()) && text.chars().any(char::is_alphabetic)
}

/// "5K Productions": a name ending in an organisation word takes the digit-led word before it.
fn join_digit_led_words(doc: &Document, mentions: &mut [Mention]) {
    let covered = |mentions: &[Mention], t: usize| mentions.iter().any(|n| n.tokens.contains(&t));
    for i in 0..mentions.len() {
        let m = &mentions[i];
        let start = m.tokens.start;
        let joins = retypable(m)
            && !m.modifier
            && start > 0
            && is_organisation_word(norm(doc, m.tokens.end - 1))
            && is_digit_led_word(doc, start - 1)
            && !covered(mentions, start - 1)
            && doc
                .sentences
                .get(m.sentence)
                .is_some_and(|s| s.tokens.start < start);
        if joins {
            let tokens = start - 1..mentions[i].tokens.end;
            mentions[i].text = doc.span_text(tokens.clone()).to_string();
            mentions[i].tokens = tokens;
        }
    }
}

/// Names of more than one word ending in an organisation word are organisations.
fn type_organisation_names(doc: &Document, mentions: &mut [Mention]) {
    join_digit_led_words(doc, mentions);
    for m in mentions.iter_mut().filter(|m| retypable(m) && !m.modifier) {
        let last = norm(doc, m.tokens.end - 1);
        if m.tokens.len() > 1 && is_organisation_word(last) && m.label != Some(Label::Organization)
        {
            m.label = Some(Label::Organization);
            m.female = None;
            m.retyped_by(ORG_WORD);
            m.typing = Typing::OrganisationWord;
        }
    }
}

/// Is `last` (a lower-case word) one that ends a facility's name?
pub(crate) fn is_facility_word(last: &str) -> bool {
    FACILITY_NAME_WORDS.contains(&last)
}

/// Names of more than one word ending in a facility word are places, unless more than the NER
/// typed them otherwise.
fn type_facility_names(doc: &Document, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| retypable(m) && !m.modifier) {
        let last = norm(doc, m.tokens.end - 1);
        let ner_or_none = weakly_typed(m) && m.label != Some(Label::Place);
        if m.tokens.len() > 1 && is_facility_word(last) && ner_or_none {
            m.label = Some(Label::Place);
            m.female = None;
            m.retyped_by(FACILITY_WORD);
        }
    }
}

/// "Tern Safety and Health Administration": a name, "and", and a name ending in an
/// organisation word are one organisation's name; the second mention is left untyped and out
/// of the patterns' slots.
fn join_organisation_names(doc: &Document, mentions: &mut [Mention]) {
    for i in 0..mentions.len() {
        let Some(j) = organisation_after_and(doc, mentions, i) else {
            continue;
        };
        let tokens = mentions[i].tokens.start..mentions[j].tokens.end;
        mentions[i].text = doc.span_text(tokens.clone()).to_string();
        mentions[i].tokens = tokens;
        mentions[i].label = Some(Label::Organization);
        mentions[i].female = None;
        mentions[i].retyped_by(ORG_WORD);
        mentions[i].typing = Typing::OrganisationWord;
        mentions[j].label = None;
        mentions[j].modifier = true;
        mentions[j].retyped_by("model: joined to the name before it");
    }
}

/// The name mention after "and" that ends in an organisation word and continues mention `i`,
/// if `i` is no person's name.
fn organisation_after_and(doc: &Document, mentions: &[Mention], i: usize) -> Option<usize> {
    let m = &mentions[i];
    let complete = is_organisation_word(norm(doc, m.tokens.end - 1));
    let joinable =
        retypable(m) && !complete && (weakly_typed(m) || m.label == Some(Label::Organization));
    if !joinable {
        return None;
    }
    let and = m.tokens.end;
    if norm(doc, and) != "and" || doc.sentences.iter().any(|s| s.tokens.end == and + 1) {
        return None;
    }
    mentions.iter().position(|n| {
        n.tokens.start == and + 1
            && retypable(n)
            && is_organisation_word(norm(doc, n.tokens.end - 1))
    })
}

/// Nouns after a show's name that name a part of it or its people ("Tern in Bow cast").
const SHOW_PART_NOUNS: [&str; 12] = [
    "cast", "premiere", "season", "finale", "episode", "trailer", "sequel", "star", "co-star",
    "costar", "actor", "actress",
];

/// Common nouns for a work written right before its name ("the series Tern in Bow").
const SHOW_NOUNS_BEFORE: [&str; 10] = [
    "series",
    "film",
    "movie",
    "drama",
    "comedy",
    "sitcom",
    "show",
    "program",
    "programme",
    "documentary",
];

/// "Midday in Tern cast members", "the drama Ash in Bow": two names joined by "in" with a
/// show noun before or a show-part noun after are one show's title; the second mention is
/// left untyped and out of the patterns' slots.
fn join_titles_across_in(doc: &Document, mentions: &mut [Mention]) {
    for i in 0..mentions.len() {
        let Some(j) = title_after_in(doc, mentions, i) else {
            continue;
        };
        let tokens = mentions[i].tokens.start..mentions[j].tokens.end;
        mentions[i].text = doc.span_text(tokens.clone()).to_string();
        mentions[i].tokens = tokens;
        mentions[i].label = Some(Label::Show);
        mentions[i].female = None;
        mentions[i].retyped_by("model: a title of two names joined by in");
        mentions[j].label = None;
        mentions[j].modifier = true;
        mentions[j].retyped_by("model: joined to the title before it");
    }
}

/// The name mention after "in" that ends the title begun by mention `i`, where a show noun
/// stands before the first name or a show-part noun after the second.
fn title_after_in(doc: &Document, mentions: &[Mention], i: usize) -> Option<usize> {
    let m = &mentions[i];
    let capitalised = doc
        .span_text(m.tokens.clone())
        .starts_with(|c: char| c.is_uppercase());
    if !retypable(m) || m.modifier || !capitalised || norm(doc, m.tokens.end) != "in" {
        return None;
    }
    let j = mentions.iter().position(|n| {
        n.tokens.start == m.tokens.end + 1 && retypable(n) && n.sentence == m.sentence
    })?;
    let before = m.tokens.start > 0 && SHOW_NOUNS_BEFORE.contains(&norm(doc, m.tokens.start - 1));
    let after = SHOW_PART_NOUNS.contains(&norm(doc, mentions[j].tokens.end));
    (before || after).then_some(j)
}

/// Things worn or carried whose name modifier is a brand ("a Tern Lacroix gown").
const WORN_THINGS: [&str; 16] = [
    "dress",
    "gown",
    "outfit",
    "suit",
    "tuxedo",
    "jewelry",
    "jewellery",
    "watch",
    "shoes",
    "heels",
    "bag",
    "handbag",
    "look",
    "ensemble",
    "couture",
    "creation",
];

/// Verbs whose object names a brand ("she wore Tern Lacroix").
const WEAR_VERBS: [&str; 3] = ["wear", "don", "sport"];

/// Is the name at `last` a brand: a modifier of something worn, or what someone wore?
fn is_brand(parse: &ModelParse, last: usize) -> bool {
    let dep = parse.token_dep[last].as_deref().unwrap_or("");
    let head = parse.token_head[last].and_then(|h| parse.lemma(h));
    let worn = matches!(dep, "compound" | "nmod" | "amod" | "poss")
        && head.is_some_and(|l| WORN_THINGS.contains(&l));
    let wore = dep == "dobj" && head.is_some_and(|l| WEAR_VERBS.contains(&l));
    worn || wore
}

/// Names of brands are organisations, whatever the NER or a given name said ("a Jon Ree
/// dress").
fn type_brands(parse: &ModelParse, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| retypable(m) && !m.modifier) {
        if m.label != Some(Label::Organization) && is_brand(parse, m.tokens.end - 1) {
            m.label = Some(Label::Organization);
            m.female = None;
            m.retyped_by("model: a brand of something worn");
        }
    }
}

/// One-word names of award ceremonies, which are events ("the Oscars").
const CEREMONY_NAMES: [&str; 6] = ["oscars", "emmys", "grammys", "baftas", "tonys", "olympics"];

/// A ceremony named in one word is an event, whatever the NER said.
fn type_ceremonies(doc: &Document, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| retypable(m) && !m.modifier) {
        let word = norm(doc, m.tokens.start);
        if m.tokens.len() == 1 && CEREMONY_NAMES.contains(&word) && m.label != Some(Label::Event) {
            m.label = Some(Label::Event);
            m.female = None;
            m.retyped_by("model: the name of a ceremony");
        }
    }
}

/// Is the mention an organisation by its words or the lexicon?
fn surely_organisation(m: &Mention) -> bool {
    m.label == Some(Label::Organization)
        && (m.lexicon.is_some() || m.typing == Typing::OrganisationWord)
}

/// Is the mention a person by the lexicon or a given name?
fn surely_person(m: &Mention) -> bool {
    m.label == Some(Label::Person) && (m.lexicon.is_some() || m.typing == Typing::GivenName)
}

/// Lists share a type: in a list of three or more names with an organisation by its words and
/// no person by a given name, the NER's guesses are organisations too ("Silver Reel, Tern
/// Studios and Bow Films financed it").
fn type_organisation_lists(parse: &ModelParse, mentions: &mut [Mention]) {
    for group in super::lists::conjunct_groups(parse, mentions) {
        let organisations = group.iter().any(|&i| surely_organisation(&mentions[i]));
        let persons = group.iter().any(|&i| surely_person(&mentions[i]));
        if group.len() < 3 || !organisations || persons {
            continue;
        }
        for i in group {
            let m = &mut mentions[i];
            if retypable(m) && weakly_typed(m) && m.label != Some(Label::Show) {
                m.label = Some(Label::Organization);
                m.female = None;
                m.retyped_by("model: in a list of organisations");
            }
        }
    }
}

/// Is the mention a place by the NER's guess alone, or untyped?
fn place_by_ner_or_untyped(m: &Mention) -> bool {
    m.label.is_none() || (m.label == Some(Label::Place) && m.typing == Typing::Ner)
}

/// Lists share a type: a name coordinated with a show that only the NER made a place (or that
/// nothing typed) is a show too ("roles in Tern Valley and Bowline").
fn type_show_lists(parse: &ModelParse, mentions: &mut [Mention]) {
    for group in super::lists::conjunct_groups(parse, mentions) {
        if !group
            .iter()
            .any(|&i| mentions[i].label == Some(Label::Show))
        {
            continue;
        }
        for i in group {
            let m = &mut mentions[i];
            if retypable(m) && !m.modifier && place_by_ner_or_untyped(m) {
                m.label = Some(Label::Show);
                m.female = None;
                m.retyped_by("model: in a list of shows");
            }
        }
    }
}

/// Was the label only the NER's guess (or none)?
fn weakly_typed(m: &Mention) -> bool {
    m.label.is_none() || m.typing == Typing::Ner
}

/// Names the NER typed otherwise (or not at all) that a person cue marks as persons.
fn type_people_by_cues(doc: &Document, parse: &ModelParse, mentions: &mut [Mention]) {
    let cued: Vec<usize> = (0..mentions.len())
        .filter(|&i| {
            let m = &mentions[i];
            retypable(m)
                && (weakly_typed(m) || ner_reads_person(parse, m))
                && m.label != Some(Label::Person)
                && has_person_cue(doc, parse, mentions, i)
        })
        .collect();
    for i in cued {
        mentions[i].label = Some(Label::Person);
        mentions[i].retyped_by(PERSON_CUE);
    }
}

/// Does the NER read exactly this name as a person (whatever its last word made it)?
fn ner_reads_person(parse: &ModelParse, m: &Mention) -> bool {
    parse.token_ent[m.tokens.start].is_some_and(|e| {
        let ent = &parse.ents[e];
        ent.kind == "PERSON" && ent.tokens == m.tokens
    })
}

/// "Northwind's Ana Ruiz": an untyped name of two or three proper nouns after another name's
/// possessive (a show's or a team's person), not modifying a noun ("Ruiz's Tern Bow tour").
fn untyped_after_possessive(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    m: &Mention,
) -> bool {
    let start = m.tokens.start;
    let proper = m
        .tokens
        .clone()
        .all(|t| parse.token_tag[t].as_deref() == Some("NNP"));
    let after_name = start >= 2
        && norm(doc, start - 1) == "'s"
        && mentions
            .iter()
            .any(|n| n.form == MentionForm::Name && n.tokens.end == start - 1);
    let modifier = parse.token_dep[m.tokens.end - 1].as_deref() == Some("compound");
    m.label.is_none() && (2..=3).contains(&m.tokens.len()) && proper && after_name && !modifier
}

/// ", who", an age in commas, a title in parentheses after it, an authored work it modifies,
/// or a trade noun before it.
fn has_person_cue(doc: &Document, parse: &ModelParse, mentions: &[Mention], i: usize) -> bool {
    let m = &mentions[i];
    let end = m.tokens.end;
    let who = norm(doc, end) == "who" || (norm(doc, end) == "," && norm(doc, end + 1) == "who");
    let trade = m.tokens.start > 0 && PERSON_NOUNS_BEFORE.contains(&norm(doc, m.tokens.start - 1));
    who || is_age_in_commas(doc, end)
        || trade
        || is_author_after_by(doc, m.tokens.start)
        || untyped_after_possessive(doc, parse, mentions, m)
        || title_in_parentheses_after(doc, mentions, end)
        || is_author_modifier(parse, end - 1)
        || describes_with_person_pronoun(doc, parse, m)
}

/// "Lee, best known for his role": a clause or apposition describing the name holds a
/// pronoun only a person takes.
fn describes_with_person_pronoun(doc: &Document, parse: &ModelParse, m: &Mention) -> bool {
    let Some(sentence) = doc.sentences.get(m.sentence) else {
        return false;
    };
    sentence
        .tokens
        .clone()
        .filter(|&t| PERSON_PRONOUNS.contains(&norm(doc, t)))
        .any(|t| attaches_by_describing_dep(parse, t, &m.tokens))
}

/// Does the head chain from `t` reach the name through a describing dependency?
fn attaches_by_describing_dep(parse: &ModelParse, t: usize, name: &Range<usize>) -> bool {
    let mut cur = t;
    for _ in 0..parse.token_head.len().min(64) {
        let Some(head) = parse.token_head.get(cur).copied().flatten() else {
            return false;
        };
        if name.contains(&head) {
            let dep = parse.token_dep[cur].as_deref().unwrap_or("");
            return !name.contains(&cur) && DESCRIBING_DEPS.contains(&dep);
        }
        if head == cur {
            return false;
        }
        cur = head;
    }
    false
}

/// Participles of writing and directing, which only a person does ("written by Lee").
const AUTHORING_PARTICIPLES: [&str; 10] = [
    "written",
    "co-written",
    "penned",
    "directed",
    "co-directed",
    "narrated",
    "illustrated",
    "composed",
    "choreographed",
    "authored",
];

/// "written by" right before the name.
fn is_author_after_by(doc: &Document, start: usize) -> bool {
    start >= 2
        && norm(doc, start - 1) == "by"
        && AUTHORING_PARTICIPLES.contains(&norm(doc, start - 2))
}

/// Verbs whose "on" object is a broadcaster or a streaming service ("streams on Tern+").
const BROADCAST_VERBS: [&str; 8] = [
    "stream",
    "air",
    "broadcast",
    "premiere",
    "debut",
    "launch",
    "available",
    "watch",
];

/// Is the name the object of "on" after a broadcasting verb ("airs on Tern TV")?
fn is_broadcast_object(parse: &ModelParse, last: usize) -> bool {
    let Some(on) = parse.token_head[last] else {
        return false;
    };
    let pobj = parse.token_dep[last].as_deref() == Some("pobj");
    let is_on = parse.lemma(on) == Some("on");
    let verb = parse.token_head[on].and_then(|v| parse.lemma(v));
    pobj && is_on && verb.is_some_and(|v| BROADCAST_VERBS.contains(&v))
}

/// "Tern+", "BBC Scotland": a name ending in "+" (a streaming service), or one the NER alone
/// made a person that opens with an acronym of three or more capitals.
fn is_organisation_by_shape(doc: &Document, m: &Mention) -> bool {
    let text = doc.span_text(m.tokens.clone());
    let first = doc.span_text(m.tokens.start..m.tokens.start + 1);
    let acronym = first.len() >= 3 && first.chars().all(|c| c.is_ascii_uppercase());
    let ner_person = m.label == Some(Label::Person) && m.typing == Typing::Ner;
    text.ends_with('+') || (ner_person && acronym && m.tokens.len() > 1)
}

/// Broadcasters and streaming services the NER took for places or persons are organisations.
fn type_broadcasters(doc: &Document, parse: &ModelParse, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| retypable(m) && !m.modifier) {
        let weak = weakly_typed(m) && m.label != Some(Label::Show);
        let broadcaster =
            is_broadcast_object(parse, m.tokens.end - 1) || is_organisation_by_shape(doc, m);
        if weak && broadcaster && m.label != Some(Label::Organization) {
            m.label = Some(Label::Organization);
            m.female = None;
            m.retyped_by("model: a broadcaster by its use or shape");
        }
    }
}

/// Nouns a place name modifies ("a Tern resident").
const PLACE_PEOPLE_NOUNS: [&str; 6] = [
    "resident",
    "residents",
    "native",
    "natives",
    "townspeople",
    "villagers",
];

/// Prepositions of location before a one-word place ("the base at Tern").
const LOCATIVE_PREPOSITIONS: [&str; 3] = ["at", "in", "near"];

/// Does the name modify a noun for the people of a place ("a Tern resident")?
fn modifies_residents(parse: &ModelParse, last: usize) -> bool {
    parse.token_dep[last].as_deref() == Some("compound")
        && parse.token_head[last]
            .and_then(|h| parse.lemma(h))
            .is_some_and(|l| PLACE_PEOPLE_NOUNS.contains(&l))
}

/// Is the one-word name the object (or a conjunct of the object) of a locative preposition
/// after a facility noun ("the base at Tern and Bow")?
fn located_after_facility(doc: &Document, parse: &ModelParse, t: usize) -> bool {
    let mut cur = t;
    if parse.token_dep[cur].as_deref() == Some("conj") {
        let Some(h) = parse.token_head[cur] else {
            return false;
        };
        cur = h;
    }
    let Some(prep) = parse.token_head[cur] else {
        return false;
    };
    let pobj = parse.token_dep[cur].as_deref() == Some("pobj");
    let locative = LOCATIVE_PREPOSITIONS.contains(&norm(doc, prep));
    let facility = parse.token_head[prep].is_some_and(|h| is_facility_word(norm(doc, h)));
    pobj && locative && facility
}

/// Places the NER took for organisations or persons (or left untyped), by their use: a
/// modifier of "resident", or one word after "at" a facility.
fn type_places_by_use(doc: &Document, parse: &ModelParse, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| retypable(m) && !m.modifier) {
        let last = m.tokens.end - 1;
        let weak = weakly_typed(m) && !matches!(m.label, Some(Label::Place) | Some(Label::Show));
        let one_word = m.tokens.len() == 1;
        let place = modifies_residents(parse, last)
            || (one_word && located_after_facility(doc, parse, last));
        if weak && place {
            m.label = Some(Label::Place);
            m.female = None;
            m.retyped_by("model: a place by its use");
        }
    }
}

/// Verbs whose subject, when a name, is a company, broadcaster or streaming service ("Tern
/// has ordered a drama").
const CORPORATE_VERBS: [&str; 13] = [
    "order",
    "commission",
    "announce",
    "acquire",
    "stream",
    "air",
    "broadcast",
    "produce",
    "hire",
    "greenlight",
    "renew",
    "cancel",
    "license",
];

/// Common nouns for an organisation that type the name they modify or are apposed to
/// ("streaming service Tern", "Tern, the streaming giant", "the Tern team").
const ORGANISATION_NOUNS: [&str; 14] = [
    "service",
    "network",
    "broadcaster",
    "streamer",
    "studio",
    "company",
    "team",
    "outlet",
    "publisher",
    "giant",
    "platform",
    "channel",
    "rider",
    "label",
];

/// The verb a name is the subject of, through "and" ("Tern and Bow have announced").
fn subject_verb(parse: &ModelParse, t: usize) -> Option<usize> {
    let mut cur = t;
    if parse.token_dep[cur].as_deref() == Some("conj") {
        cur = parse.token_head[cur]?;
    }
    let subject = matches!(parse.token_dep[cur].as_deref(), Some("nsubj"));
    subject.then(|| parse.token_head[cur]).flatten()
}

/// Is the name the subject of a corporate verb ("Tern has ordered a drama")?
fn is_corporate_subject(parse: &ModelParse, last: usize) -> bool {
    subject_verb(parse, last)
        .and_then(|v| parse.lemma(v))
        .is_some_and(|l| CORPORATE_VERBS.contains(&l))
}

/// A one-word name the NER alone made a place (or left untyped) that orders, commissions or
/// announces something is a company: places named by the cues or the lexicon keep their type.
fn type_corporate_subjects(doc: &Document, parse: &ModelParse, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| retypable(m) && !m.modifier) {
        let one_word = m.tokens.len() == 1 && !is_place_shaped(doc, m);
        if one_word && place_by_ner_or_untyped(m) && is_corporate_subject(parse, m.tokens.end - 1) {
            m.label = Some(Label::Organization);
            m.female = None;
            m.retyped_by("model: the subject of a corporate verb");
        }
    }
}

/// Does a place word open or end the name ("Tern City", "Lake Bow")?
fn is_place_shaped(doc: &Document, m: &Mention) -> bool {
    let last = norm(doc, m.tokens.end - 1);
    is_facility_word(last) || matches!(last, "city" | "county" | "state")
}

/// Is the lowercase token `t` an organisation noun?
fn is_organisation_noun(doc: &Document, t: usize) -> bool {
    let word = doc.span_text(t..t + 1);
    word.chars().next().is_some_and(|c| c.is_lowercase())
        && ORGANISATION_NOUNS.contains(&norm(doc, t))
}

/// Is an organisation noun right before the name and tied to it by the parse ("streaming
/// service Tern", "broadcaster Tern Sport")?
fn organisation_noun_before(doc: &Document, parse: &ModelParse, m: &Mention) -> bool {
    let Some(before) = m.tokens.start.checked_sub(1) else {
        return false;
    };
    let head_in_name = parse.token_head[before].is_some_and(|h| m.tokens.contains(&h));
    let name_on_noun = parse.token_head[m.tokens.end - 1] == Some(before);
    is_organisation_noun(doc, before) && (head_in_name || name_on_noun)
}

/// Is an organisation noun the head the name modifies ("the Tern team", "a Tern rider") or
/// the head of an apposition to it ("Tern, the streaming giant"); a rider apposed to a name is
/// a person ("Ann Lee, a Tern rider")?
fn organisation_noun_after(doc: &Document, parse: &ModelParse, m: &Mention) -> bool {
    let last = m.tokens.end - 1;
    let modifies = parse.token_dep[last].as_deref() == Some("compound")
        && parse.token_head[last]
            .is_some_and(|h| h == m.tokens.end && is_organisation_noun(doc, h));
    let apposed = (m.tokens.end..parse.token_head.len()).any(|t| {
        parse.token_head[t] == Some(last)
            && parse.token_dep[t].as_deref() == Some("appos")
            && is_organisation_noun(doc, t)
            && norm(doc, t) != "rider"
    });
    modifies || apposed
}

/// Names an organisation noun types: before the name, apposed to it, or modified by it.
fn type_names_by_organisation_nouns(doc: &Document, parse: &ModelParse, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| retypable(m)) {
        let weak = weakly_typed(m) && m.label != Some(Label::Organization);
        let cued =
            organisation_noun_before(doc, parse, m) || organisation_noun_after(doc, parse, m);
        if weak && cued {
            m.label = Some(Label::Organization);
            m.female = None;
            m.retyped_by("model: an organisation noun beside the name");
        }
    }
}

/// Words that make a name a race ("Tour of Tern", "Tern Grand Prix", "Tern Marathon").
fn is_race_name(doc: &Document, m: &Mention) -> bool {
    let words: Vec<&str> = m.tokens.clone().map(|t| norm(doc, t)).collect();
    let tour_of = words.len() >= 3 && words[0] == "tour" && words[1] == "of";
    let ends = |w: &str| words.last() == Some(&w);
    let grand_prix = words.len() >= 3 && words[words.len() - 2] == "grand" && ends("prix");
    tour_of || grand_prix || (words.len() >= 2 && ends("marathon"))
}

/// Races and tours are events, whatever the NER or a context cue said.
fn type_race_names(doc: &Document, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| retypable(m)) {
        if m.label != Some(Label::Event) && is_race_name(doc, m) {
            m.label = Some(Label::Event);
            m.female = None;
            m.retyped_by("model: the name of a race");
        }
    }
}

/// ", 48," right after a name.
fn is_age_in_commas(doc: &Document, end: usize) -> bool {
    let age = norm(doc, end + 1);
    norm(doc, end) == "," && norm(doc, end + 2) == "," && is_age(age)
}

/// A number of one to three digits below 120.
fn is_age(word: &str) -> bool {
    (1..=3).contains(&word.len())
        && word.bytes().all(|b| b.is_ascii_digit())
        && word.parse::<u32>().is_ok_and(|n| n < 120)
}

/// "(Title)" right after the name, the title typed as one a person acted in.
fn title_in_parentheses_after(doc: &Document, mentions: &[Mention], end: usize) -> bool {
    norm(doc, end) == "("
        && mentions
            .iter()
            .any(|n| n.tokens.start == end + 1 && n.typing == Typing::TitleAfterPerson)
}

/// The name is a compound modifier of a novel or book (its author).
fn is_author_modifier(parse: &ModelParse, last: usize) -> bool {
    parse.token_dep[last].as_deref() == Some("compound")
        && parse.token_head[last]
            .and_then(|h| parse.lemma(h))
            .is_some_and(|l| AUTHORED_WORKS.contains(&l))
}

/// "Northwind star Ana Ruiz", "Northwind's Ana Ruiz": the name before is a show.
fn type_shows_before_actors(doc: &Document, mentions: &mut [Mention]) {
    let shows: Vec<usize> = (0..mentions.len())
        .filter(|&i| {
            let m = &mentions[i];
            retypable(m)
                && m.label != Some(Label::Show)
                && m.typing != Typing::RegionList
                && (before_role_and_person(doc, mentions, i)
                    || possessor_of_actor(doc, mentions, i))
        })
        .collect();
    for i in shows {
        mentions[i].label = Some(Label::Show);
        mentions[i].female = None;
        mentions[i].retyped_by(SHOW_BEFORE_ACTOR);
    }
}

/// Is a person's full name the name mention starting at `t`?
fn full_person_at(mentions: &[Mention], t: usize) -> bool {
    mentions.iter().any(|n| {
        n.tokens.start == t
            && n.form == MentionForm::Name
            && n.label == Some(Label::Person)
            && n.tokens.len() > 1
    })
}

/// The name, a show-role noun, then a person's full name.
fn before_role_and_person(doc: &Document, mentions: &[Mention], i: usize) -> bool {
    let end = mentions[i].tokens.end;
    SHOW_ROLE_NOUNS.contains(&norm(doc, end)) && full_person_at(mentions, end + 1)
}

/// "X's Ana Ruiz", where only the NER (or nothing) made X a person.
fn possessor_of_actor(doc: &Document, mentions: &[Mention], i: usize) -> bool {
    let m = &mentions[i];
    let weak = m.label.is_none() || (m.label == Some(Label::Person) && m.typing == Typing::Ner);
    weak && norm(doc, m.tokens.end) == "'s" && full_person_at(mentions, m.tokens.end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::test_document as doc_of;

    #[test]
    fn ages_are_short_numbers() {
        assert!(is_age("48"));
        assert!(is_age("7"));
        assert!(!is_age("2023"));
        assert!(!is_age("150"));
        assert!(!is_age("4a"));
    }

    #[test]
    fn organisation_words_end_organisation_names() {
        assert!(is_organisation_word("troopers"));
        assert!(is_organisation_word("productions"));
        assert!(!is_organisation_word("smith"));
    }

    #[test]
    fn digit_led_words_start_with_a_digit_and_hold_a_letter() {
        let d = doc_of("She works for 5K Productions and 20th Tern since 2020 .");
        let at = |w: &str| (0..d.tokens.len()).find(|&t| d.token_text(t) == w).unwrap();
        assert!(is_digit_led_word(&d, at("5K")));
        assert!(is_digit_led_word(&d, at("20th")));
        assert!(!is_digit_led_word(&d, at("2020")));
        assert!(!is_digit_led_word(&d, at("Productions")));
    }

    #[test]
    fn tours_grand_prix_and_marathons_are_races() {
        let d = doc_of("The Tour of Tern , the Bow Grand Prix , the Bow Marathon and Tour Bow .");
        let at = |w: &str, n: usize| {
            (0..d.tokens.len())
                .filter(|&t| d.token_text(t) == w)
                .nth(n)
                .unwrap()
        };
        let race = |r: Range<usize>| is_race_name(&d, &Mention::test_name(r, None));
        assert!(race(at("Tour", 0)..at("Tern", 0) + 1));
        assert!(race(at("Bow", 0)..at("Prix", 0) + 1));
        assert!(race(at("Bow", 1)..at("Marathon", 0) + 1));
        assert!(!race(at("Tour", 1)..at("Bow", 2) + 1));
        assert!(!race(at("Marathon", 0)..at("Marathon", 0) + 1));
    }

    #[test]
    fn only_lowercase_organisation_nouns_type_a_name() {
        let d = doc_of("The streaming service Tern and Service Bow .");
        let at = |w: &str| (0..d.tokens.len()).find(|&t| d.token_text(t) == w).unwrap();
        assert!(is_organisation_noun(&d, at("service")));
        assert!(!is_organisation_noun(&d, at("Service")));
        assert!(!is_organisation_noun(&d, at("streaming")));
    }

    #[test]
    fn writing_participle_and_by_mark_an_author() {
        let d = doc_of("A play written by Lee and produced by Tern.");
        let at = |w: &str| (0..d.tokens.len()).find(|&t| d.token_text(t) == w).unwrap();
        assert!(is_author_after_by(&d, at("Lee")));
        assert!(!is_author_after_by(&d, at("Tern")));
    }

    #[test]
    fn streaming_services_and_acronym_led_names_are_organisations_by_shape() {
        let d = doc_of("It streams on Tern+ for TERN Bowland and Ana Bowland.");
        let at = |w: &str| (0..d.tokens.len()).find(|&t| d.token_text(t) == w).unwrap();
        let mut plus = Mention::test_name(at("Tern+")..at("Tern+") + 1, Some(Label::Place));
        plus.typing = Typing::Ner;
        assert!(is_organisation_by_shape(&d, &plus));
        let mut acronym = Mention::test_name(at("TERN")..at("TERN") + 2, Some(Label::Person));
        acronym.typing = Typing::Ner;
        assert!(is_organisation_by_shape(&d, &acronym));
        let mut person = Mention::test_name(at("Ana")..at("Ana") + 2, Some(Label::Person));
        person.typing = Typing::Ner;
        assert!(!is_organisation_by_shape(&d, &person));
    }

    #[test]
    fn facility_words_end_facility_names() {
        assert!(is_facility_word("church"));
        assert!(is_facility_word("racecourse"));
        assert!(!is_facility_word("productions"));
        assert!(!is_facility_word("smith"));
    }

    /// "Lee , known for his role": Lee(0) ,(1) known(2) for(3) his(4) role(5).
    fn described_parse(dep_of_known: &str) -> ModelParse {
        let heads = [None, Some(0), Some(0), Some(2), Some(5), Some(3)];
        let deps = ["nsubj", "punct", dep_of_known, "prep", "poss", "pobj"];
        ModelParse {
            token_head: heads.to_vec(),
            token_dep: deps.iter().map(|d| Some(d.to_string())).collect(),
            ..ModelParse::default()
        }
    }

    #[test]
    fn a_pronoun_in_a_describing_clause_reaches_the_name() {
        assert!(attaches_by_describing_dep(
            &described_parse("acl"),
            4,
            &(0..1)
        ));
        assert!(!attaches_by_describing_dep(
            &described_parse("conj"),
            4,
            &(0..1)
        ));
        assert!(!attaches_by_describing_dep(
            &described_parse("acl"),
            4,
            &(1..2)
        ));
    }
}
