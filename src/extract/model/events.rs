//! Event coreference inside an article: a premiere that names no show is the premiere of the
//! article's main show, so "the premiere", "the world premiere" and "the premiere of X" are
//! one event; "the gala" is the article's "Spring Gala" when it names one gala only; "the
//! Olympics" is the article's "Summer Olympics".

use super::article::main_show;
use super::ModelParse;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate, Typing};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::{BTreeMap, BTreeSet};

/// Adds the main show as the modifier of every event of a show-taking kind that names none
/// (neither as a modifier nor in a relation, `tied`); returns the (event, show) pairs made.
pub(crate) fn attach_main_show(
    doc: &Document,
    mentions: &mut [Mention],
    tied: &BTreeSet<usize>,
    takes_show: impl Fn(&str) -> bool,
) -> Vec<(usize, usize)> {
    let Some(show) = main_show(doc, mentions) else {
        return Vec::new();
    };
    let mut made = Vec::new();
    let labels: Vec<Option<Label>> = mentions.iter().map(|m| m.label).collect();
    let unread: BTreeSet<usize> = (0..mentions.len())
        .filter(|&i| names_unread_title(doc, mentions, i))
        .collect();
    for (i, m) in mentions.iter_mut().enumerate() {
        let Some(ev) = m.event.as_mut() else { continue };
        if unread.contains(&i) {
            continue;
        }
        let names_show = ev
            .modifiers
            .iter()
            .any(|&md| labels[md] == Some(Label::Show));
        if takes_show(&ev.head) && !names_show && !tied.contains(&i) {
            ev.modifiers.push(show);
            made.push((i, show));
        }
    }
    made
}

/// Most words read after "of" for the title an event phrase names ("premiere of his new film
/// X").
const TITLE_WINDOW: usize = 6;

/// Does the event phrase name its own show after "of" with a capitalised word no mention
/// reads ("the premiere of his new film XY" where XY is no name found)? Then the article's
/// main show is not its show.
fn names_unread_title(doc: &Document, mentions: &[Mention], i: usize) -> bool {
    let m = &mentions[i];
    let end = doc.sentences[m.sentence].tokens.end;
    if m.event.is_none() || doc.tokens.get(m.tokens.end).is_none_or(|t| t.norm != "of") {
        return false;
    }
    let covered = |t: usize| {
        mentions
            .iter()
            .any(|o| o.label.is_some() && o.tokens.contains(&t))
    };
    (m.tokens.end + 1..end.min(m.tokens.end + 1 + TITLE_WINDOW))
        .take_while(|&t| doc.tokens[t].is_word)
        .any(|t| doc.tokens[t].capitalised && !covered(t))
}

/// Drops the PREMIERE_OF-like relations (`show_relation`) of events that name an unread title
/// after "of" to shows named elsewhere: "the premiere of his new film XY" is not the premiere
/// of the show "his film" stands for in the rest of the article.
pub(crate) fn drop_shows_of_unread_titles(
    doc: &Document,
    mentions: &[Mention],
    relations: &mut Vec<RelationCandidate>,
    show_relation: impl Fn(&str) -> Option<RelType>,
) {
    relations.retain(|r| {
        let Some(ev) = &mentions[r.from].event else {
            return true;
        };
        let to_show = show_relation(&ev.head).is_some_and(|k| r.kind == CandidateType::Rel(k));
        let named_there = mentions[r.to].sentence == mentions[r.from].sentence
            && mentions[r.to].tokens.start >= mentions[r.from].tokens.end;
        !to_show || named_there || !names_unread_title(doc, mentions, r.from)
    });
}

/// An event someone was hurt during ("hurt ... during his concert at X"), in a sentence that
/// says so (an INJURED_IN candidate to accident `e`), is where the accident happened, not an
/// event of its own: (phrase, accident) links; the phrase's ATTENDED candidates go.
pub(crate) fn hosts_of_accidents(
    doc: &Document,
    mentions: &[Mention],
    relations: &mut Vec<RelationCandidate>,
    is_accident: impl Fn(&Mention) -> bool,
) -> Vec<(usize, usize)> {
    let hurt: BTreeMap<usize, usize> = relations
        .iter()
        .filter(|r| r.kind == CandidateType::Rel(RelType::INJURED_IN))
        .map(|r| (r.sentence, r.to))
        .collect();
    let links: Vec<(usize, usize)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.event.is_some() && !is_accident(m) && after_during(doc, m))
        .filter_map(|(i, m)| Some((i, *hurt.get(&m.sentence)?)))
        .filter(|&(i, e)| i != e)
        .collect();
    relations.retain(|r| {
        r.kind != CandidateType::Rel(RelType::ATTENDED) || !links.iter().any(|&(i, _)| r.to == i)
    });
    links
}

/// Does the mention follow "during" ("during his concert")?
fn after_during(doc: &Document, m: &Mention) -> bool {
    let start = doc.sentences[m.sentence].tokens.start;
    (m.tokens.start.saturating_sub(2).max(start)..m.tokens.start)
        .any(|t| doc.tokens[t].norm == "during")
}

/// Event phrases that stand for the one named event of their kind in the article ("the gala",
/// "a special ceremony" → "Spring Gala"): phrase mention → the named event's first mention.
/// `kind_of_word` gives the event kind a word names ("gala" → "ceremony"). A phrase that
/// names its own place or show, or a kind with two named events, stays as it is.
/// A phrase naming several events of its kind takes the one whose last word is its own head
/// word ("the festival" → "Harbor Film Festival" beside "Spring Gala").
pub(crate) fn phrases_of_named_events<'k>(
    doc: &Document,
    mentions: &[Mention],
    kind_of_word: impl Fn(&str) -> Option<&'k str>,
) -> BTreeMap<usize, usize> {
    let mut named: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if !is_event_name(m) {
            continue;
        }
        if let Some(kind) = kind_of_word(last_word(doc, m)) {
            named
                .entry(kind)
                .or_default()
                .entry(m.text.to_lowercase())
                .or_insert(i);
        }
    }
    let mut out = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let Some(ev) = &m.event else { continue };
        let Some(names) = named.get(ev.head.as_str()) else {
            continue;
        };
        if !ev.modifiers.is_empty() {
            continue;
        }
        let firsts: Vec<usize> = names.values().copied().collect();
        let same_word: Vec<usize> = firsts
            .iter()
            .copied()
            .filter(|&n| last_word(doc, &mentions[n]) == last_word(doc, m))
            .collect();
        if let [only] = one_of(&firsts, &same_word) {
            out.insert(i, *only);
        } else if let Some(main) = most_named(doc, mentions, &same_word) {
            out.insert(i, main);
        }
    }
    out
}

/// Among named events sharing a head word, the one whose first word the article writes most
/// often ("Harbor Film Festival" in an article datelined and set in Harbor, beside a
/// "Lakeside Film Festival" named once); none on a tie.
fn most_named(doc: &Document, mentions: &[Mention], names: &[usize]) -> Option<usize> {
    let mut counts: Vec<(usize, usize)> = names
        .iter()
        .map(|&n| (first_word_count(doc, &mentions[n]), n))
        .collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    match counts.as_slice() {
        [(best, n), rest @ ..] if rest.first().is_none_or(|(next, _)| next < best) => Some(*n),
        _ => None,
    }
}

/// How often the article writes the first word of an event's name, capitalised.
fn first_word_count(doc: &Document, m: &Mention) -> usize {
    let Some(first) = name_words(doc, m).first().copied() else {
        return 0;
    };
    doc.tokens
        .iter()
        .filter(|t| t.capitalised && t.norm == first)
        .count()
}

/// The only named event of the kind, else the only one sharing the phrase's head word.
fn one_of<'a>(of_kind: &'a [usize], same_word: &'a [usize]) -> &'a [usize] {
    if of_kind.len() == 1 {
        of_kind
    } else {
        same_word
    }
}

fn is_event_name(m: &Mention) -> bool {
    m.form == MentionForm::Name && m.label == Some(Label::Event) && !m.tokens.is_empty()
}

fn last_word<'d>(doc: &'d Document, m: &Mention) -> &'d str {
    &doc.tokens[m.tokens.end - 1].norm
}

/// Event coreference inside an article, as (mention, mention of the event it names) pairs:
/// each phrase of `phrases` (from [`phrases_of_named_events`]), and each event name whose words
/// all recur, with the same last word, in exactly one longer event name of the article ("the
/// Olympics", "Winter Olympics" → "Summer Winter Olympics").
pub(crate) fn event_links(
    doc: &Document,
    mentions: &[Mention],
    phrases: &BTreeMap<usize, usize>,
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = phrases.iter().map(|(&p, &n)| (p, n)).collect();
    let names: Vec<(usize, Vec<&str>)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| is_event_name(m) && m.lexicon.is_none())
        .map(|(i, m)| (i, name_words(doc, m)))
        .collect();
    out.extend(anaphoric_phrases(doc, mentions));
    for (i, words) in &names {
        let longer: BTreeMap<Vec<&str>, usize> = names
            .iter()
            .filter(|(_, other)| is_shorter_form(words, other))
            .map(|(j, other)| (other.clone(), *j))
            .collect();
        if let Some(j) = longest_of_chain(&longer) {
            out.push((*i, j));
        }
    }
    out
}

/// A bare definite phrase of an event kind the article names only once ("the outing") after
/// another event earlier in its sentence ("the premiere of X, and the outing was ...") is that
/// event.
fn anaphoric_phrases(doc: &Document, mentions: &[Mention]) -> Vec<(usize, usize)> {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for ev in mentions.iter().filter_map(|m| m.event.as_ref()) {
        *kinds.entry(ev.head.as_str()).or_default() += 1;
    }
    let mut out = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let Some(ev) = &m.event else { continue };
        let bare = ev.modifiers.is_empty() && ev.qualifiers.is_empty() && ev.possessor.is_none();
        let definite = doc.tokens[m.tokens.start].norm == "the" && m.tokens.len() == 2;
        if !bare || !definite || kinds[ev.head.as_str()] > 1 {
            continue;
        }
        let mut before = mentions.iter().enumerate().filter(|(_, o)| {
            o.sentence == m.sentence
                && o.tokens.end <= m.tokens.start
                && o.label == Some(Label::Event)
                && o.event.as_ref().is_none_or(|e| e.head != ev.head)
        });
        if let Some((j, _)) = before.next_back() {
            out.push((i, j));
        }
    }
    out
}

/// The longest name when every other is a shorter form of it ("Winter Olympics" and "Summer
/// Winter Olympics"), else none: two different events.
fn longest_of_chain(names: &BTreeMap<Vec<&str>, usize>) -> Option<usize> {
    let (longest, &j) = names.iter().max_by_key(|(w, _)| w.len())?;
    names
        .keys()
        .all(|w| w == longest || is_shorter_form(w, longest))
        .then_some(j)
}

/// The words of a name without a leading article.
fn name_words<'d>(doc: &'d Document, m: &Mention) -> Vec<&'d str> {
    let words = m.tokens.clone().map(|t| doc.tokens[t].norm.as_str());
    words.skip_while(|w| *w == "the").collect()
}

/// Is `short` a shorter form of `long`: fewer words, all in `long`, the same last word?
fn is_shorter_form(short: &[&str], long: &[&str]) -> bool {
    short.len() < long.len()
        && short.last().is_some()
        && short.last() == long.last()
        && short.iter().all(|w| long.contains(w))
}

/// The word at document token `t` where the parse reads it as a common noun.
pub(crate) fn noun_word(doc: &Document, parse: &ModelParse, t: usize) -> Option<String> {
    matches!(parse.token_tag[t].as_deref(), Some("NN") | Some("NNS"))
        .then(|| doc.tokens[t].norm.clone())
}

/// The word an event is named by: its most frequent head noun ("the gala", "the gala", "the
/// ceremony" → "gala"), on a tie the kind's own name, then the first in order; the kind's
/// name when no head noun was read.
pub(crate) fn naming_word<'a>(counts: &'a BTreeMap<String, usize>, kind: &'a str) -> &'a str {
    counts
        .iter()
        .max_by_key(|(w, &n)| (n, *w == kind, std::cmp::Reverse(*w)))
        .map_or(kind, |(w, _)| w.as_str())
}

/// The name of an accident after the person hurt in it ("Ava Marsh car crash"), from the
/// event's own name ("Car crash").
pub(crate) fn victim_event_name(victim: &str, event: &str) -> String {
    let mut chars = event.chars();
    let first = chars.next().map(|c| c.to_lowercase().collect::<String>());
    format!("{victim} {}{}", first.unwrap_or_default(), chars.as_str())
}

/// The person an accident is named and identified by, among those hurt in it (key → count of
/// statements): the article's main person when hurt, else the one said hurt most often, then
/// the first by key.
pub(crate) fn chief_victim<'a>(
    victims: &'a BTreeMap<String, usize>,
    main: Option<&str>,
) -> Option<&'a str> {
    if let Some((k, _)) = victims.get_key_value(main.unwrap_or_default()) {
        return Some(k);
    }
    victims
        .iter()
        .max_by_key(|(k, &n)| (n, std::cmp::Reverse(*k)))
        .map(|(k, _)| k.as_str())
}

/// OCCURRED_AT for a named event that begins with the name of a place the article names
/// ("Harbor Film Festival" beside "HARBOR, Maine —" or "in Harbor").
pub(crate) fn places_in_event_names(
    doc: &Document,
    mentions: &[Mention],
) -> Vec<RelationCandidate> {
    let places: Vec<(usize, Vec<&str>)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.form == MentionForm::Name && m.label == Some(Label::Place))
        .map(|(i, m)| (i, name_words(doc, m)))
        .collect();
    let mut out = Vec::new();
    for (e, m) in mentions.iter().enumerate() {
        if !is_event_name(m) {
            continue;
        }
        let words = name_words(doc, m);
        let place = places
            .iter()
            .filter(|(_, p)| p.len() < words.len() && words.starts_with(p))
            .max_by_key(|(_, p)| p.len());
        if let Some(&(p, _)) = place {
            out.push(RelationCandidate {
                kind: CandidateType::Rel(RelType::OCCURRED_AT),
                from: e,
                to: p,
                rule: "article: place in the event's name".into(),
                confidence: 0.6,
                hedged: false,
                properties: BTreeMap::new(),
                sentence: m.sentence,
                possessor_kin: false,
            });
        }
    }
    out
}

/// The year that keeps the editions of a recurring named event apart (2024 for a "Harbor Film
/// Festival" in an article of 2024); none for other entities.
pub(crate) fn recurring_year(
    label: Label,
    unlisted: bool,
    name: &str,
    date: Option<crate::date::PartialDate>,
) -> Option<i32> {
    let last = name.rsplit(' ').next().unwrap_or_default().to_lowercase();
    let recurring = label == Label::Event
        && unlisted
        && name.contains(' ')
        && super::ner::EVENT_NAME_WORDS.contains(&last.as_str())
        && !name
            .split(' ')
            .any(|w| w.chars().all(|c| c.is_ascii_digit()));
    date.and_then(|d| d.year).filter(|_| recurring)
}

/// An event name with its year ("Harbor Film Festival 2024").
pub(crate) fn with_year(name: &str, year: i32) -> String {
    format!("{name} {year}")
}

/// Most steps from a place up the parse to the event it is said to be at ("the gala at the
/// Harbor Hotel in Lakeside": Lakeside → in → Hotel → at → gala).
const PLACE_STEPS: usize = 4;

/// Keeps an OCCURRED_AT candidate only where the parse attaches the place to the event: the
/// place's head reaches a token of the event phrase within [`PLACE_STEPS`] steps ("the crash
/// on both sides of the Atlantic" is not at the Atlantic when "on" hangs on another word), not
/// through another place (the city of "at the hall in the city" is the hall's).
pub(crate) fn keep_attached_places(
    parse: &ModelParse,
    mentions: &[Mention],
    relations: &mut Vec<RelationCandidate>,
) {
    relations.retain(|r| {
        let occurred = r.kind == CandidateType::Rel(RelType::OCCURRED_AT);
        let implicit = mentions[r.from].event.as_ref().is_some_and(|e| e.implicit);
        !occurred || implicit || is_attached(parse, mentions, &mentions[r.from], &mentions[r.to])
    });
}

/// Is token `t` inside a place mention other than `place` ("Hall" of "at Harbor Hall in
/// Lakeside": Lakeside is where the hall is, the event is at the hall)?
fn in_other_place(mentions: &[Mention], place: &Mention, t: usize) -> bool {
    mentions.iter().any(|o| {
        o.label == Some(Label::Place)
            && o.tokens.contains(&t)
            && o.tokens != place.tokens
            && o.event.is_none()
    })
}

/// Is the place attached to the event phrase, or to the verb the event is the subject of ("the
/// accident happened on a road off the highway")?
fn is_attached(parse: &ModelParse, mentions: &[Mention], event: &Mention, place: &Mention) -> bool {
    let Some(mut t) = place.tokens.end.checked_sub(1) else {
        return false;
    };
    let verb = subject_verb(parse, event);
    for _ in 0..=PLACE_STEPS {
        if !place.tokens.contains(&t) && in_other_place(mentions, place, t) {
            return false;
        }
        if event.tokens.contains(&t) || Some(t) == verb {
            return true;
        }
        match parse.token_head[t] {
            Some(h) if h != t => t = h,
            _ => return false,
        }
    }
    false
}

/// The verb whose subject the event phrase is ("the fire broke out at", "the incident, which
/// occurred at").
fn subject_verb(parse: &ModelParse, event: &Mention) -> Option<usize> {
    let root = event
        .tokens
        .clone()
        .find(|&t| parse.token_head[t].is_some_and(|h| !event.tokens.contains(&h)))?;
    let dep = parse.token_dep[root].as_deref();
    if matches!(dep, Some("nsubj") | Some("nsubjpass")) {
        return parse.token_head[root];
    }
    relative_clause_of(parse, root)
}

/// The verb of a relative clause on token `t`.
fn relative_clause_of(parse: &ModelParse, t: usize) -> Option<usize> {
    (0..parse.token_head.len()).find(|&v| {
        v != t && parse.token_head[v] == Some(t) && parse.token_dep[v].as_deref() == Some("relcl")
    })
}

/// Part-of-speech tags of a verb that cannot head an event phrase ("come and visit", "they
/// premiere"); the past forms stay, for the configured "premiered".
const VERB_TAGS: [&str; 4] = ["VB", "VBP", "VBZ", "VBG"];

/// Does the parse read document token `t` as a verb that names no event?
pub(crate) fn is_verb_reading(parse: &ModelParse, t: usize) -> bool {
    parse.token_tag[t]
        .as_deref()
        .is_some_and(|tag| VERB_TAGS.contains(&tag))
}

/// A name the NER reads as a place, before a show-taking event that names its show after "of"
/// ("the LA premiere of his film X"), is where the event is, not its show, whatever a context
/// cue said.
pub(crate) fn places_before_premieres(
    doc: &Document,
    parse: &ModelParse,
    mentions: &mut [Mention],
    takes_show: impl Fn(&str) -> bool,
) {
    let mut places = Vec::new();
    for m in mentions.iter() {
        let Some(ev) = &m.event else { continue };
        if !takes_show(&ev.head) || !names_show_after(doc, m) {
            continue;
        }
        let shows = ev.modifiers.iter().copied().filter(|&md| {
            mentions[md].label == Some(Label::Show) && is_ner_place(parse, &mentions[md])
        });
        places.extend(shows);
    }
    for md in places {
        mentions[md].label = Some(Label::Place);
        mentions[md].retyped_by("model: place of an event that names its show");
    }
}

/// Does the event phrase go on with "of" ("premiere of", inside or right after the phrase)?
fn names_show_after(doc: &Document, m: &Mention) -> bool {
    (m.tokens.start..=m.tokens.end).any(|t| doc.tokens.get(t).is_some_and(|w| w.norm == "of"))
}

/// Does the NER read the mention's first token as part of a place?
fn is_ner_place(parse: &ModelParse, m: &Mention) -> bool {
    parse.token_ent[m.tokens.start].and_then(|e| parse.ents[e].label) == Some(Label::Place)
}

/// Does the parse read document token `t` as a noun modifying a common noun after it
/// ("festival favorite", "the awards jury", "fire department"): no event of its own?
pub(crate) fn is_noun_modifier(parse: &ModelParse, t: usize) -> bool {
    let Some(h) = parse.token_head[t].filter(|&h| h > t) else {
        return false;
    };
    parse.token_dep[t].as_deref() == Some("compound")
        && matches!(parse.token_tag[h].as_deref(), Some("NN") | Some("NNS"))
}

/// Event names nothing but a weak cue typed, left untyped: one proper noun the NER alone
/// called an event, not plural and not an event word ("Midnight" of a title, "Canuck
/// winners"), and a name a relation pattern's slot typed an event without an event word at
/// its end ("Stuntman hurt on set").
pub(crate) fn untype_unlikely_event_names(
    doc: &Document,
    parse: &ModelParse,
    mentions: &mut [Mention],
    is_event_word: impl Fn(&str) -> bool,
) {
    for m in mentions.iter_mut() {
        if !is_event_name(m) || m.lexicon.is_some() {
            continue;
        }
        let last = m.tokens.end - 1;
        let event_word = is_event_word(&doc.tokens[last].norm);
        let plural = parse.token_tag[last].as_deref() == Some("NNPS");
        let lone = m.tokens.len() == 1 && !plural && !event_word;
        let by_pattern = m.typing == Typing::Pattern && !event_word;
        if lone || by_pattern {
            m.label = None;
            m.retyped_by("model: no event word, no event name");
        }
    }
}

/// Nouns that name an accident beside the configured words, read as nouns by the parse ("a
/// nasty fall", "the house fire", "the avalanche", "the mine flood", "the roof collapse").
const ACCIDENT_NOUNS: [&str; 12] = [
    "fall",
    "avalanche",
    "fire",
    "blaze",
    "explosion",
    "bombing",
    "rollover",
    "flood",
    "flooding",
    "collapse",
    "landslide",
    "current",
];

/// Words that make "fall" a season ("this fall", "fall 2024", "the fall of 2019").
const SEASON_NEIGHBOURS: [&str; 6] = ["this", "last", "next", "early", "late", "of"];

/// Accident nouns that name a hazard only after a word of their compound ("a rip current",
/// not "current events").
const HAZARD_COMPOUNDS: [(&str, &str); 1] = [("current", "rip")];

/// Is document token `t` an accident noun the configuration does not list?
pub(crate) fn is_accident_noun(doc: &Document, parse: &ModelParse, t: usize) -> bool {
    let noun = matches!(parse.token_tag[t].as_deref(), Some("NN"));
    let word = doc.tokens[t].norm.as_str();
    if !noun || !ACCIDENT_NOUNS.contains(&word) {
        return false;
    }
    let before = t.checked_sub(1).map(|k| doc.tokens[k].norm.as_str());
    let after = doc.tokens.get(t + 1).map(|k| k.norm.as_str());
    let season = word == "fall"
        && (before.is_some_and(|w| SEASON_NEIGHBOURS.contains(&w))
            || after.is_some_and(|w| w == "of" || w.chars().all(|c| c.is_ascii_digit())));
    !season && has_its_compound(word, before)
}

/// Whether a hazard noun that needs a compound word ("current") has it just before.
fn has_its_compound(word: &str, before: Option<&str>) -> bool {
    HAZARD_COMPOUNDS
        .iter()
        .filter(|(noun, _)| *noun == word)
        .all(|(_, first)| before == Some(*first))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest, Abbreviations};
    use std::path::Path;

    /// Whether each occurrence of "fall" (tagged NN) in `text` reads as an accident.
    fn falls(text: &str) -> Vec<bool> {
        accidents(text, "fall")
    }

    /// Whether each occurrence of `word` (tagged NN) in `text` reads as an accident.
    fn accidents(text: &str, word: &str) -> Vec<bool> {
        let d = ingest(
            "t.txt",
            Path::new("t.txt"),
            text.to_string(),
            &Abbreviations::new(["Mt"]),
        );
        let mut p = ModelParse {
            token_tag: vec![None; d.tokens.len()],
            ..ModelParse::default()
        };
        let at: Vec<usize> = (0..d.tokens.len())
            .filter(|&t| d.tokens[t].norm == word)
            .collect();
        for &t in &at {
            p.token_tag[t] = Some("NN".into());
        }
        at.iter().map(|&t| is_accident_noun(&d, &p, t)).collect()
    }

    #[test]
    fn a_fall_is_an_accident_but_not_a_season() {
        assert_eq!(
            falls("She was hurt in a bad fall on the stairs."),
            vec![true]
        );
        assert_eq!(
            falls("The show returns this fall and again in the fall of 2026."),
            vec![false, false]
        );
    }

    #[test]
    fn a_hazard_noun_is_an_accident_and_a_current_only_after_rip() {
        assert_eq!(
            accidents("The mine flood trapped six men.", "flood"),
            vec![true]
        );
        assert_eq!(
            accidents(
                "A rip current pulled him out; the current show ends.",
                "current"
            ),
            vec![true, false]
        );
        assert_eq!(
            accidents("After the collapse of the roof, crews dug.", "collapse"),
            vec![true]
        );
    }

    #[test]
    fn the_most_frequent_head_noun_names_the_event() {
        let counts = |ws: &[(&str, usize)]| -> BTreeMap<String, usize> {
            ws.iter().map(|(w, n)| (w.to_string(), *n)).collect()
        };
        let gala = counts(&[("ceremony", 1), ("gala", 2)]);
        assert_eq!(naming_word(&gala, "ceremony"), "gala");
        let tie = counts(&[("accident", 1), ("crash", 1)]);
        assert_eq!(naming_word(&tie, "accident"), "accident");
        let tie = counts(&[("fall", 1), ("crash", 1)]);
        assert_eq!(naming_word(&tie, "accident"), "crash");
        assert_eq!(naming_word(&BTreeMap::new(), "trip"), "trip");
    }

    #[test]
    fn an_accident_is_named_after_its_victim() {
        assert_eq!(
            victim_event_name("Ava Marsh", "Car crash"),
            "Ava Marsh car crash"
        );
        assert_eq!(victim_event_name("Bo Li", "Avalanche"), "Bo Li avalanche");
    }

    #[test]
    fn the_main_person_then_the_most_named_victim_names_an_accident() {
        let v: BTreeMap<String, usize> = [("a".to_string(), 1), ("b".to_string(), 2)].into();
        assert_eq!(chief_victim(&v, Some("a")), Some("a"));
        assert_eq!(chief_victim(&v, Some("c")), Some("b"));
        assert_eq!(chief_victim(&v, None), Some("b"));
        assert_eq!(chief_victim(&BTreeMap::new(), Some("a")), None);
    }

    #[test]
    fn a_recurring_event_is_keyed_by_its_year() {
        let d = Some(crate::date::PartialDate::ymd(2024, 5, 1));
        assert_eq!(
            recurring_year(Label::Event, true, "Harbor Film Festival", d),
            Some(2024)
        );
        assert_eq!(
            recurring_year(Label::Event, true, "Spring Gala 2023", d),
            None
        );
        assert_eq!(
            recurring_year(Label::Event, false, "Harbor Film Festival", d),
            None
        );
        assert_eq!(
            recurring_year(Label::Place, true, "Harbor Festival", d),
            None
        );
        assert_eq!(recurring_year(Label::Event, true, "Festival", d), None);
        assert_eq!(
            recurring_year(Label::Event, true, "Harbor Film Festival", None),
            None
        );
        assert_eq!(
            with_year("Harbor Film Festival", 2024),
            "Harbor Film Festival 2024"
        );
    }

    #[test]
    fn shorter_forms_share_the_last_word() {
        assert!(is_shorter_form(&["olympics"], &["winter", "olympics"]));
        assert!(!is_shorter_form(&["winter"], &["winter", "olympics"]));
        assert!(!is_shorter_form(
            &["beijing", "olympics"],
            &["winter", "olympics"]
        ));
        let names: BTreeMap<Vec<&str>, usize> = [
            (vec!["winter", "olympics"], 1),
            (vec!["beijing", "winter", "olympics"], 2),
        ]
        .into();
        assert_eq!(longest_of_chain(&names), Some(2));
        let two: BTreeMap<Vec<&str>, usize> = [
            (vec!["harbor", "film", "festival"], 1),
            (vec!["lakeside", "film", "festival"], 2),
        ]
        .into();
        assert_eq!(longest_of_chain(&two), None);
    }

    #[test]
    fn several_named_events_need_the_same_head_word() {
        assert_eq!(one_of(&[3], &[]), &[3]);
        assert_eq!(one_of(&[3, 5], &[5]), &[5]);
        assert!(one_of(&[3, 5], &[]).is_empty());
    }

    #[test]
    fn a_noun_before_a_common_noun_is_no_event() {
        let tags = ["DT", "NN", "NN", "NNP", "NN"].map(|t| Some(t.to_string()));
        let p = ModelParse {
            token_tag: tags.to_vec(),
            token_head: vec![Some(2), Some(2), Some(2), Some(4), Some(2)],
            token_dep: ["det", "compound", "ROOT", "compound", "appos"]
                .map(|d| Some(d.to_string()))
                .to_vec(),
            ..ModelParse::default()
        };
        assert!(is_noun_modifier(&p, 1));
        assert!(!is_noun_modifier(&p, 2));
        assert!(is_noun_modifier(&p, 3));
        assert!(!is_noun_modifier(&p, 4));
    }

    #[test]
    fn a_place_inside_another_place_is_that_places_location() {
        let hall = Mention::test_name(3..5, Some(Label::Place));
        let city = Mention::test_name(6..7, Some(Label::Place));
        let mentions = vec![hall.clone(), city.clone()];
        assert!(in_other_place(&mentions, &city, 4));
        assert!(!in_other_place(&mentions, &city, 6));
        assert!(!in_other_place(&mentions, &hall, 4));
    }

    #[test]
    fn an_event_after_during_hosts_what_happened() {
        let d = ingest(
            "t.txt",
            Path::new("t.txt"),
            "She was hurt during his concert. His concert was long.".to_string(),
            &Abbreviations::new(["Mt"]),
        );
        let at = |k: usize| {
            let mut m = Mention::test_name(k..k + 2, Some(Label::Event));
            m.sentence = usize::from(k > 6);
            m
        };
        assert!(after_during(&d, &at(4)));
        assert!(!after_during(&d, &at(7)));
    }

    #[test]
    fn a_verb_is_no_accident() {
        let d = ingest(
            "t.txt",
            Path::new("t.txt"),
            "Prices fall.".to_string(),
            &Abbreviations::new(["Mt"]),
        );
        let p = ModelParse {
            token_tag: vec![Some("NNS".into()), Some("VBP".into()), None],
            ..ModelParse::default()
        };
        assert!(!is_accident_noun(&d, &p, 1));
    }
}
