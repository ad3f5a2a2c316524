//! Networks, platforms and bands, and the titles they introduce: the network before a show noun
//! and a title ("the Northfield crime series Low Tide"), a platform after a streaming cue
//! ("stream it on Kite Video"), a band after the word "band", a title in single quotes beside a
//! show noun ("biopic 'Low Tide'"), and a title with a show noun in apposition ("Low Tide, a
//! biopic from …"); every other use of such a title is the title again.

use super::titles::{inside_longer_name, is_title};
use super::ModelParse;
use crate::ingest::Document;
use std::ops::Range;

/// Why an Organization was typed: a proper noun before a show noun and a title.
pub(crate) const NETWORK: &str = "model: network before a show noun and a title";

/// Why an Organization was typed: a name after a streaming cue ("stream on").
pub(crate) const PLATFORM: &str = "model: platform after a streaming cue";

/// Why an Organization was typed: a name after the word "band".
pub(crate) const BAND: &str = "model: name after the word band";

/// Why a Person was typed: a full name after a quoted title with a possessive inside the quotes.
pub(crate) const AFTER_POSSESSIVE_TITLE: &str = "model: full name after a title's possessive";

/// Why a Show was typed: a title after a network and a show noun.
pub(crate) const NETWORK_TITLE: &str = "model: title after a network and a show noun";

/// Why a Show was typed: a title in single quotes beside a show noun.
pub(crate) const SINGLE_QUOTED: &str = "model: single-quoted title beside a show noun";

/// Why a Show was typed: a title with a show noun in apposition after it.
pub(crate) const APPOSED: &str = "model: title with a show noun in apposition";

/// Why a Show was typed: the same words as a title the article names beside a show noun.
pub(crate) const USED_AGAIN: &str = "model: the words of a title named beside a show noun";

/// Common nouns for a kind of work.
const SHOW_WORDS: [&str; 17] = [
    "series",
    "miniseries",
    "docuseries",
    "show",
    "film",
    "movie",
    "drama",
    "comedy",
    "thriller",
    "documentary",
    "docudrama",
    "biopic",
    "sitcom",
    "soap",
    "telenovela",
    "programme",
    "program",
];

/// Lower-case words that may stand between a network and its show noun ("crime drama").
const GENRE_WORDS: [&str; 24] = [
    "crime",
    "spy",
    "period",
    "fantasy",
    "horror",
    "limited",
    "reality",
    "animated",
    "medical",
    "legal",
    "police",
    "teen",
    "historical",
    "hit",
    "new",
    "original",
    "mystery",
    "romantic",
    "action",
    "true-crime",
    "anthology",
    "cooking",
    "sketch",
    "war",
];

/// Lemmas of the verbs and adjectives after which "on" names a platform.
const STREAM_CUES: [&str; 9] = [
    "stream",
    "air",
    "broadcast",
    "available",
    "premiere",
    "debut",
    "watch",
    "launch",
    "release",
];

/// Last words of networks and platforms named in more than one word ("Kite Video", "Kite
/// Max"); other runs of proper nouns before a show noun are more often a franchise ("the Star
/// Quest series").
const NETWORK_LAST_WORDS: [&str; 14] = [
    "tv", "+", "video", "channel", "network", "plus", "max", "studios", "films", "pictures", "one",
    "two", "three", "four",
];

/// Nouns for a settlement or area that name a place after "of" ("the town of X").
const PLACE_NOUNS: [&str; 10] = [
    "town", "city", "village", "county", "state", "region", "district", "island", "province",
    "suburb",
];

/// Generic media words that name no platform on their own ("on TV").
const MEDIA_WORDS: [&str; 4] = ["tv", "television", "radio", "demand"];

/// Minor words a title may keep inside it.
const JOINERS: [&str; 9] = ["of", "the", "and", "&", "in", "on", "at", "a", "to"];

/// Minor words a band's name may keep inside it ("Songs of Leeds", "Bo and The Rays").
const NAME_JOINERS: [&str; 4] = ["of", "the", "and", "&"];

/// Minor words a platform's name may keep inside it ("on Kite in Spain" names a place after).
const PLATFORM_JOINERS: [&str; 2] = ["of", "&"];

/// The NER labels that rule a name out as a network or platform.
const NOT_ORGANISATION: [&str; 6] = ["PERSON", "NORP", "DATE", "TIME", "LANGUAGE", "EVENT"];

/// Longest network or platform name, in words.
const MAX_NAME_WORDS: usize = 4;

/// The tokens of the sentence that holds token `t`.
fn sentence_of(doc: &Document, t: usize) -> Range<usize> {
    doc.sentences
        .iter()
        .find(|s| s.tokens.contains(&t))
        .map_or(t..t + 1, |s| s.tokens.clone())
}

/// Is token `t` a lower-case noun for a kind of work?
fn is_show_word(doc: &Document, t: usize) -> bool {
    let tok = &doc.tokens[t];
    tok.is_word && !tok.capitalised && SHOW_WORDS.contains(&tok.norm.as_str())
}

/// Is token `t` a lower-case genre word or show noun that may precede the last show noun?
fn is_genre_word(doc: &Document, t: usize) -> bool {
    let tok = &doc.tokens[t];
    is_show_word(doc, t) || (!tok.capitalised && GENRE_WORDS.contains(&tok.norm.as_str()))
}

/// Does the NER read any token of `r` as something no organisation is (a person, a date ...)?
fn ner_rules_out(parse: &ModelParse, r: Range<usize>) -> bool {
    r.into_iter().any(|t| {
        parse
            .token_ent
            .get(t)
            .copied()
            .flatten()
            .is_some_and(|e| NOT_ORGANISATION.contains(&parse.ents[e].kind.as_str()))
    })
}

/// Is token `t` a capitalised word (or the "+" of a name such as "Kite+")?
fn is_name_token(doc: &Document, t: usize) -> bool {
    doc.tokens
        .get(t)
        .is_some_and(|tok| (tok.is_word && tok.capitalised) || tok.norm == "+")
}

/// Capitalised words from `start` (with "+" marks and `joiners` between capitalised ones).
pub(crate) fn name_run(doc: &Document, start: usize, joiners: &[&str]) -> Range<usize> {
    if start >= doc.tokens.len() {
        return start..start;
    }
    let limit = sentence_of(doc, start).end;
    let mut end = start;
    while end < limit {
        if is_name_token(doc, end) && (end > start || doc.tokens[end].norm != "+") {
            end += 1;
        } else if end > start
            && joiners.contains(&doc.tokens[end].norm.as_str())
            && !doc.tokens[end].capitalised
            && end + 1 < limit
            && doc.tokens[end + 1].is_word
            && doc.tokens[end + 1].capitalised
        {
            end += 2;
        } else {
            break;
        }
    }
    start..end
}

/// The proper nouns right before token `end` ("HBO", "Kite Video", "Kite+"), if any.
fn proper_nouns_before(doc: &Document, parse: &ModelParse, end: usize) -> Option<Range<usize>> {
    let proper = |t: usize| {
        let tag = parse.token_tag[t].as_deref();
        doc.tokens[t].norm == "+"
            || (doc.tokens[t].capitalised && matches!(tag, Some("NNP") | Some("NNPS")))
    };
    let first = sentence_of(doc, end).start;
    let mut start = end;
    while start > first && end - start < MAX_NAME_WORDS && proper(start - 1) {
        start -= 1;
    }
    let opens_name = start > first
        && is_name_token(doc, start - 1)
        && !matches!(doc.tokens[start - 1].norm.as_str(), "the" | "a" | "an");
    let one_word_or_media =
        end - start == 1 || NETWORK_LAST_WORDS.contains(&doc.tokens[end - 1].norm.as_str());
    let found = start < end && !opens_name && doc.tokens[start].norm != "+";
    (found && one_word_or_media).then_some(start..end)
}

/// Networks before a show noun that a title follows, with the title where it is bare: "the
/// Northfield crime series Low Tide" gives (Northfield, Some(Low Tide)); a quoted title after
/// the noun gives (network, None) as the quoted title is found on its own.
pub(crate) fn networks_before_titles(
    doc: &Document,
    parse: &ModelParse,
) -> Vec<(Range<usize>, Option<Range<usize>>)> {
    let mut out = Vec::new();
    for t in 0..doc.tokens.len() {
        if !is_show_word(doc, t)
            || doc
                .tokens
                .get(t + 1)
                .is_some_and(|_| is_genre_word(doc, t + 1))
        {
            continue;
        }
        let sentence = sentence_of(doc, t);
        if t + 1 >= sentence.end {
            continue;
        }
        let mut first = t;
        while first > sentence.start && is_genre_word(doc, first - 1) {
            first -= 1;
        }
        let Some(network) = proper_nouns_before(doc, parse, first) else {
            continue;
        };
        let misread_person = after_determiner(doc, network.start)
            && only_person_by_ner(parse, network.clone())
            && !in_a_full_person_name(doc, parse, network.clone());
        if ner_rules_out(parse, network.clone()) && !misread_person {
            continue;
        }
        if in_headline(doc, t) && !ner_organisation(parse, network.clone()) {
            continue;
        }
        if let Some(title) = bare_title_at(doc, t + 1) {
            out.push((network, Some(title)));
        } else if opens_quoted_title(doc, t + 1) {
            out.push((network, None));
        }
    }
    out
}

/// Is token `t` in a headline, where every word is capitalised ("Harbor Drama X Starts")?
fn in_headline(doc: &Document, t: usize) -> bool {
    doc.sentences
        .iter()
        .any(|s| s.headline && s.tokens.contains(&t))
}

/// Does the NER read all of `r` as one organisation?
fn ner_organisation(parse: &ModelParse, r: Range<usize>) -> bool {
    r.into_iter()
        .all(|t| parse.token_ent[t].is_some_and(|e| parse.ents[e].kind == "ORG"))
}

/// Is token `t` right after "the", "a" or "an" (no person's name follows one: "the Kestrel
/// series")?
fn after_determiner(doc: &Document, t: usize) -> bool {
    t > 0 && matches!(doc.tokens[t - 1].norm.as_str(), "the" | "a" | "an")
}

/// Does the NER read `r` as a person and as nothing else that rules out an organisation?
fn only_person_by_ner(parse: &ModelParse, r: Range<usize>) -> bool {
    r.into_iter().all(|t| {
        parse.token_ent[t].is_none_or(|e| {
            let kind = parse.ents[e].kind.as_str();
            kind == "PERSON" || !NOT_ORGANISATION.contains(&kind)
        })
    })
}

/// Does a word of `r` end a person's full name the NER finds elsewhere in the article ("the
/// Nolan film X" after "Chris Nolan")?
fn in_a_full_person_name(doc: &Document, parse: &ModelParse, r: Range<usize>) -> bool {
    let last = doc.token_text(r.end - 1);
    parse
        .ents
        .iter()
        .filter(|e| e.kind == "PERSON" && e.tokens.len() > 1 && e.tokens.end != r.end)
        .any(|e| e.tokens.clone().any(|t| doc.token_text(t) == last))
}

/// A bare title-case run starting at `t`.
fn bare_title_at(doc: &Document, t: usize) -> Option<Range<usize>> {
    if !doc
        .tokens
        .get(t)
        .is_some_and(|k| k.is_word && k.capitalised)
    {
        return None;
    }
    let run = name_run(doc, t, &JOINERS);
    is_title(doc, run.clone()).then_some(run)
}

/// Does a quotation mark at `t` open a capitalised word?
fn opens_quoted_title(doc: &Document, t: usize) -> bool {
    let mark = doc
        .tokens
        .get(t)
        .is_some_and(|k| !k.is_word && (k.quote.is_some() || k.norm == "'"));
    mark && doc
        .tokens
        .get(t + 1)
        .is_some_and(|k| k.is_word && k.capitalised)
}

/// Titles in single quotes (' or ‘ ’) with a show noun right before or after the quotation:
/// "biopic 'Low Tide'", "the 'Low Tide' series".
pub(crate) fn single_quoted_titles(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for open in 0..doc.tokens.len() {
        let Some(close) = single_quote_close(doc, open) else {
            continue;
        };
        let inner = open + 1..close;
        let noun_before = open > 0 && is_show_word(doc, open - 1);
        let noun_after = close + 1 < doc.tokens.len() && is_show_word(doc, close + 1);
        if (noun_before || noun_after) && is_title(doc, inner.clone()) {
            out.push(inner);
        }
    }
    out
}

/// The closing single quotation mark of one that opens at `open`: a lone mark after a space
/// (or at the start) and before a capitalised word, closed by a mark right after a word and
/// before a space, a punctuation mark or the end, within one sentence.
fn single_quote_close(doc: &Document, open: usize) -> Option<usize> {
    let is_mark = |t: usize| {
        doc.tokens
            .get(t)
            .is_some_and(|k| !k.is_word && k.norm == "'")
    };
    let spaced_before = open == 0 || doc.tokens[open - 1].end < doc.tokens[open].start;
    let opens = is_mark(open)
        && spaced_before
        && doc
            .tokens
            .get(open + 1)
            .is_some_and(|k| k.is_word && k.capitalised && k.start == doc.tokens[open].end);
    if !opens {
        return None;
    }
    let limit = (open + 2 + super::titles::MAX_TITLE_WORDS * 2).min(sentence_of(doc, open).end);
    let close = (open + 2..limit).find(|&c| is_mark(c))?;
    let touches_word =
        doc.tokens[close - 1].is_word && doc.tokens[close - 1].end == doc.tokens[close].start;
    let then_break = doc
        .tokens
        .get(close + 1)
        .is_none_or(|k| k.start > doc.tokens[close].end || !k.is_word);
    (touches_word && then_break).then_some(close)
}

/// Titles with a show noun in apposition after them: "in Low Tide, a biopic from Kite Films",
/// where the show noun heads its phrase (not "Ann Lee, a drama teacher").
pub(crate) fn titles_before_apposed_show_nouns(
    doc: &Document,
    parse: &ModelParse,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for comma in 1..doc.tokens.len() {
        if doc.tokens[comma].norm != "," || !apposed_show_noun_after(doc, parse, comma) {
            continue;
        }
        let Some(title) = title_ending_at(doc, comma) else {
            continue;
        };
        out.push(title);
    }
    out
}

/// Does "a|an [up to three lower-case words] <show noun>" follow the comma at `comma`, with
/// the show noun ending its noun phrase?
fn apposed_show_noun_after(doc: &Document, parse: &ModelParse, comma: usize) -> bool {
    let article = doc
        .tokens
        .get(comma + 1)
        .is_some_and(|k| matches!(k.norm.as_str(), "a" | "an"));
    if !article {
        return false;
    }
    let lower = |t: usize| {
        doc.tokens
            .get(t)
            .is_some_and(|k| k.is_word && !k.capitalised)
    };
    let Some(noun) = (comma + 2..comma + 6)
        .take_while(|&t| lower(t))
        .find(|&t| is_show_word(doc, t))
    else {
        return false;
    };
    let next_is_noun = doc.tokens.get(noun + 1).is_some_and(|k| {
        k.norm == "'s"
            || k.norm == "-"
            || parse.token_tag[noun + 1]
                .as_deref()
                .is_some_and(|tag| tag.starts_with("NN"))
    });
    !next_is_noun
}

/// The title-case run that ends right before token `end`, if it reads as a title.
fn title_ending_at(doc: &Document, end: usize) -> Option<Range<usize>> {
    let capital = |t: usize| doc.tokens[t].is_word && doc.tokens[t].capitalised;
    let first = sentence_of(doc, end).start;
    let mut start = end;
    while start > first {
        if capital(start - 1) {
            start -= 1;
        } else if start > first + 1
            && start < end
            && JOINERS.contains(&doc.tokens[start - 1].norm.as_str())
            && capital(start - 2)
        {
            start -= 2;
        } else {
            break;
        }
    }
    let at_sentence_start = start == first;
    let title = start..end;
    (start < end && !at_sentence_start && is_title(doc, title.clone())).then_some(title)
}

/// Platforms after a streaming cue: "stream it on Kite Video", "available on Kite+": the
/// whole capitalised run after "on" or "via", not a date, a person or a bare word for a medium.
pub(crate) fn platforms_after_streaming_cues(
    doc: &Document,
    parse: &ModelParse,
    is_date_word: impl Fn(usize) -> bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for on in 1..doc.tokens.len() {
        if !matches!(doc.tokens[on].norm.as_str(), "on" | "via")
            || !after_stream_cue(doc, parse, on)
        {
            continue;
        }
        let run = name_run(doc, on + 1, &PLATFORM_JOINERS);
        let words = run.clone().filter(|&t| doc.tokens[t].is_word).count();
        let generic = words == 1 && MEDIA_WORDS.contains(&doc.tokens[run.start].norm.as_str());
        let dated = run.clone().any(&is_date_word);
        if words == 0 || words > MAX_NAME_WORDS || generic || dated {
            continue;
        }
        if !ner_rules_out(parse, run.clone()) {
            out.push(run);
        }
    }
    out
}

/// Is there a streaming cue among the three words before token `on`, in its sentence?
fn after_stream_cue(doc: &Document, parse: &ModelParse, on: usize) -> bool {
    let sentence_start = doc
        .sentences
        .iter()
        .find(|s| s.tokens.contains(&on))
        .map_or(0, |s| s.tokens.start);
    (on.saturating_sub(3).max(sentence_start)..on).any(|t| {
        parse
            .lemma(t)
            .is_some_and(|l| STREAM_CUES.contains(&l.to_lowercase().as_str()))
    })
}

/// Bands: the capitalised run right after a lower-case "band" ("the rock band The Low Tides").
pub(crate) fn bands(doc: &Document) -> Vec<Range<usize>> {
    (0..doc.tokens.len())
        .filter(|&t| {
            let tok = &doc.tokens[t];
            tok.is_word && !tok.capitalised && tok.norm == "band"
        })
        .map(|t| name_run(doc, t + 1, &NAME_JOINERS))
        .filter(|r| !r.is_empty() && r.len() <= MAX_NAME_WORDS + 2)
        .collect()
}

/// Every other place the article writes one of `titles` word for word, not inside a longer
/// capitalised name: once named beside a show noun, the same words are the work again.
pub(crate) fn other_uses(doc: &Document, titles: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for title in titles {
        let words: Vec<&str> = title.clone().map(|t| doc.token_text(t)).collect();
        let n = words.len();
        if n == 0 {
            continue;
        }
        for s in 0..doc.tokens.len().saturating_sub(n - 1) {
            let same = (s..s + n)
                .map(|t| doc.token_text(t))
                .eq(words.iter().copied());
            let taken = titles
                .iter()
                .chain(out.iter())
                .any(|r| r.start < s + n && s < r.end);
            let place = s >= 2
                && doc.tokens[s - 1].norm == "of"
                && PLACE_NOUNS.contains(&doc.tokens[s - 2].norm.as_str());
            if same && !taken && !place && !inside_longer_name(doc, s..s + n) {
                out.push(s..s + n);
            }
        }
    }
    out
}

/// Is a show noun right before or after `r`, over any quotation marks ("biopic \"Low Tide\"")?
pub(crate) fn beside_show_noun(doc: &Document, r: Range<usize>) -> bool {
    let mark = |t: usize| {
        !doc.tokens[t].is_word
            && matches!(
                doc.tokens[t].norm.as_str(),
                "\"" | "'" | "\u{201c}" | "\u{201d}" | "\u{2018}" | "\u{2019}"
            )
    };
    let mut before = r.start;
    while before > 0 && mark(before - 1) {
        before -= 1;
    }
    let mut after = r.end;
    while after < doc.tokens.len() && mark(after) {
        after += 1;
    }
    (before > 0 && is_show_word(doc, before - 1))
        || (after < doc.tokens.len() && is_show_word(doc, after))
}

/// Persons right after a quoted title that ends in a possessive inside the quotes ("\u{201c}The
/// Long Day's\u{201d} Ann Lee"): a full name of two or three capitalised words.
pub(crate) fn persons_after_possessive_titles(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for t in 1..doc.tokens.len() {
        let closes = doc.tokens[t - 1].quote.is_some() && doc.tokens[t].quote.is_none();
        if !closes || !possessive_inside_quotes(doc, t - 1) {
            continue;
        }
        let run = name_run(doc, t, &[]);
        let all_capitalised = run
            .clone()
            .all(|k| doc.tokens[k].is_word && doc.tokens[k].capitalised);
        if (2..=3).contains(&run.len()) && all_capitalised {
            out.push(run);
        }
    }
    out
}

/// Does the quotation that ends at token `last` end in a possessive before its closing marks?
fn possessive_inside_quotes(doc: &Document, last: usize) -> bool {
    let mut k = last;
    while k > 0 && !doc.tokens[k].is_word && doc.tokens[k].quote.is_some() {
        k -= 1;
    }
    doc.tokens[k].norm == "'s" && doc.tokens[k].quote.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::test_document as doc;

    /// A parse that tags every capitalised word a proper noun, a few function words
    /// prepositions and every other word a noun.
    fn parse_of(d: &Document) -> ModelParse {
        let n = d.tokens.len();
        let tag = |t: usize| {
            let tok = &d.tokens[t];
            let function_word = ["a", "the", "in", "on", "from", "of", "and"];
            let tag = if tok.capitalised {
                "NNP"
            } else if function_word.contains(&tok.norm.as_str()) {
                "IN"
            } else {
                "NN"
            };
            Some(tag.to_string())
        };
        ModelParse {
            token_ent: vec![None; n],
            token_tag: (0..n).map(tag).collect(),
            token_lemma: d.tokens.iter().map(|k| Some(k.norm.clone())).collect(),
            token_dep: vec![None; n],
            token_head: vec![None; n],
            ..ModelParse::default()
        }
    }

    fn texts(d: &Document, ranges: Vec<Range<usize>>) -> Vec<String> {
        ranges
            .into_iter()
            .map(|r| d.span_text(r).to_string())
            .collect()
    }

    #[test]
    fn a_network_before_a_show_noun_and_a_title_is_split_from_it() {
        let d = doc("She starred in the Brightwave crime series Low Tide last year.");
        let found = networks_before_titles(&d, &parse_of(&d));
        assert_eq!(found.len(), 1);
        assert_eq!(d.span_text(found[0].0.clone()), "Brightwave");
        assert_eq!(d.span_text(found[0].1.clone().unwrap()), "Low Tide");
    }

    #[test]
    fn a_network_of_several_words_ends_in_a_media_word_and_a_franchise_is_none() {
        let d = doc("She joined the Kite Video drama Low Tide in May.");
        let found = networks_before_titles(&d, &parse_of(&d));
        assert_eq!(d.span_text(found[0].0.clone()), "Kite Video");
        let d = doc("She joined the Star Quest series Low Tide in May.");
        assert!(networks_before_titles(&d, &parse_of(&d)).is_empty());
    }

    #[test]
    fn a_name_before_a_show_noun_with_no_title_after_is_no_network() {
        let d = doc("She loved the Low Tide series as a child.");
        assert!(networks_before_titles(&d, &parse_of(&d)).is_empty());
        let d = doc("Fans wait for the Brightwave series\n\nLow Tide returns in May.");
        assert!(networks_before_titles(&d, &parse_of(&d)).is_empty());
    }

    #[test]
    fn a_single_quoted_title_beside_a_show_noun_is_a_title() {
        let d = doc("Kite casts Ann Lee in biopic 'Iron Gate' for spring");
        assert_eq!(texts(&d, single_quoted_titles(&d)), vec!["Iron Gate"]);
        let d = doc("Kite casts Ann Lee in biopic \u{2018}Iron Gate\u{2019} for spring");
        assert_eq!(texts(&d, single_quoted_titles(&d)), vec!["Iron Gate"]);
        let d = doc("He called it 'Iron Gate' and laughed.");
        assert!(single_quoted_titles(&d).is_empty());
    }

    #[test]
    fn a_name_before_an_apposed_show_noun_is_a_title_but_not_before_a_noun_compound() {
        let d = doc("She was seen in Iron Gate, a biopic from Kite Films, last year.");
        let p = parse_of(&d);
        assert_eq!(
            texts(&d, titles_before_apposed_show_nouns(&d, &p)),
            vec!["Iron Gate"]
        );
        let d = doc("She met Ann Lee, a drama teacher, last year.");
        assert!(titles_before_apposed_show_nouns(&d, &parse_of(&d)).is_empty());
    }

    #[test]
    fn a_platform_after_a_streaming_cue_keeps_all_its_words() {
        let d = doc("The show will stream on Kite Video in Spain and premieres on Friday.");
        let p = parse_of(&d);
        let friday = |t: usize| d.tokens[t].norm == "friday";
        assert_eq!(
            texts(&d, platforms_after_streaming_cues(&d, &p, friday)),
            vec!["Kite Video"]
        );
        let d = doc("It is available on Kite+ from May.");
        let p = parse_of(&d);
        assert_eq!(
            texts(&d, platforms_after_streaming_cues(&d, &p, |_| false)),
            vec!["Kite+"]
        );
    }

    #[test]
    fn the_name_after_band_is_the_band() {
        let d = doc("She sang with the rock band Mary Vale of Lanterns before acting.");
        assert_eq!(texts(&d, bands(&d)), vec!["Mary Vale of Lanterns"]);
    }

    #[test]
    fn a_title_is_found_again_word_for_word_but_not_inside_a_longer_name() {
        let d = doc("The biopic Iron Gate opens. Iron Gate won. Iron Gate Road is long.");
        let first = 2..4;
        assert_eq!(d.span_text(first.clone()), "Iron Gate");
        assert_eq!(texts(&d, other_uses(&d, &[first])), vec!["Iron Gate"]);
        let d = doc("The biopic Iron Gate opens in the small town of Iron Gate.");
        let title = 2..4;
        assert!(other_uses(&d, &[title]).is_empty());
    }
}
