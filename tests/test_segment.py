"""Segmentation: exact offsets, sentence ends, headings, captions, citations, references, limits.

The sample documents are read with ``etl.read.read_path`` and segmented; small inputs are built
in the tests. Every expectation is about behaviour an archivist relies on: which text is a
sentence, which heading it sits under, which reference a ``[n]`` marker supports.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import InputRejected
from archive.vocab import SEGMENT_KINDS
from etl import limits
from etl.read import read_path
from etl.segment import segment, split_title
from etl.types import ReadDocument, Segmented

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
EXTRA = ROOT / "tests" / "data" / "extra"
INGEST = ROOT / "tests" / "data" / "ingest"
ALL_FILES = sorted(CORPUS.glob("*.txt")) + sorted(EXTRA.glob("*.txt")) + sorted(INGEST.glob("*.*"))


def doc_of(text: str, media_type: str = "text/plain", title: str | None = None) -> ReadDocument:
    return ReadDocument(
        raw=text.encode("utf-8", "surrogatepass"),
        sha256="0" * 64,
        text=text,
        encoding="utf-8",
        encoding_warning=None,
        media_type=media_type,
        genre="other",
        title=title,
    )


def seg(text: str, **kw) -> Segmented:
    return segment(doc_of(text, **kw))


def texts(result: Segmented, kind: str) -> list[str]:
    return [s.text for s in result.segments if s.kind == kind]


def sentences(text: str) -> list[str]:
    return texts(seg(text), "sentence")


def by_text(result: Segmented, start: str):
    found = [s for s in result.segments if s.text.startswith(start)]
    assert found, f"no segment starts with {start!r}"
    return found[0]


def markers_of(result: Segmented, seq: int) -> list[str]:
    return [c.label for c in result.citations if c.segment_seq == seq]


def assert_well_formed(text: str, result: Segmented) -> None:
    """The invariants every segmentation must satisfy."""
    prev_end = 0
    prev_para = 0
    for i, s in enumerate(result.segments):
        assert s.seq == i
        assert s.kind in SEGMENT_KINDS
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= prev_end, f"segment {i} overlaps the previous one"
        assert s.paragraph >= prev_para
        prev_end, prev_para = s.end, s.paragraph
    n = len(result.segments)
    for c in result.citations:
        assert 0 <= c.segment_seq < n
        assert text[c.start : c.end] in (f"[{c.label}]", f"[^{c.label}]")
    for r in result.references:
        assert 0 <= r.start < r.end <= len(text)


@pytest.fixture(scope="module")
def docs() -> dict[str, tuple[ReadDocument, Segmented]]:
    out = {}
    for path in sorted(CORPUS.glob("*.txt")) + sorted(EXTRA.glob("*.txt")):
        d = read_path(path)
        out[path.name[:3] if path.parent == CORPUS else path.stem] = (d, segment(d))
    return out


# --- invariants on every sample ---------------------------------------------------------


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_segment_is_an_exact_ordered_span(path):
    d = read_path(path)
    result = segment(d)
    assert result.segments
    assert_well_formed(d.text, result)
    # every body sentence marker is a real [n]/[a] marker, never a bracketed phrase
    for c in result.citations:
        assert " " not in c.label or c.label.startswith("note ")


# --- document 000: an extract ------------------------------------------------------------


def test_000_title_sentences_and_trailing_captions(docs):
    d, r = docs["000"]
    assert texts(r, "title") == ["Operation Kalbajar"]
    assert texts(r, "heading") == []
    assert texts(r, "caption") == [
        "Photograph of Azerbaijani refugees leading horses with their belongings on a snowy mountain road",
        "Azerbaijani refugees fleeing from Kalbajar through the Murov range.",
        "A photographic portrait of Heydar Aliyev",
        "Aliyev during his Inauguration.",
        "A map showing Kalbajar District's location",
        "Kalbajar District shown within Azerbaijan's contemporary administrative divisions.",
        "Scenic photograph of the mountains forests of Kalbajar",
        "Kalbajar itself is mostly filled with tall mountains and dense forests.",
    ]
    sents = [s for s in r.segments if s.kind == "sentence"]
    assert len(sents) == 30
    # one sentence per paragraph in this extract
    assert len({s.paragraph for s in sents}) == 30
    assert sents[-1].text.endswith("cut off the Vardenis–Martakert road.")


def test_000_leading_markers_support_the_previous_paragraph(docs):
    d, r = docs["000"]
    rejected = by_text(r, "Azerbaijan rejected the request several times")
    # its own markers, then the [10] that opens the next paragraph
    assert markers_of(r, rejected.seq) == ["10", "11", "12", "13", "14", "15", "16", "17", "10"]
    lachin = by_text(r, "Armenian forces launched an offensive on 18")
    assert markers_of(r, lachin.seq) == ["19", "20", "21"]
    assert not lachin.text.startswith("[")
    # "[39][40] The 3rd..." gives both markers to the sentence before
    operation = by_text(r, "The 5th\xa0Battalion, led by Garay Asadov")
    assert markers_of(r, operation.seq) == ["40", "39", "40"]
    third = by_text(r, "The 3rd\xa0Azerbaijani Battalion")
    assert markers_of(r, third.seq) == ["39"]


# --- document 001: flattened encyclopedia page --------------------------------------------


def test_001_glued_headings_are_separated(docs):
    d, r = docs["001"]
    assert texts(r, "title") == ["Battle of Kalbajar"]
    assert texts(r, "heading") == [
        "Background",
        "The region of Kalbajar",
        "Rationale for its taking",
        "The battle",
        "Heavy resistance",
        "Melkonian's advance",
        "Final push",
        "Political ramifications",
    ]
    follows = {
        "Background": "An autonomous oblast during the Soviet era",
        "The region of Kalbajar": "Kalbajar is a raion surrounded",
        "Rationale for its taking": "In March 1993, military incursions",
        "Heavy resistance": "Defeats in late March already",
        "Melkonian's advance": "The following two days saw",
        "Final push": "As the deadline passed on April 2",
        "Political ramifications": "The offensive provoked international criticism",
    }
    segs = r.segments
    for heading, sentence in follows.items():
        h = next(s for s in segs if s.kind == "heading" and s.text == heading)
        nxt = segs[h.seq + 1]
        assert nxt.kind == "sentence" and nxt.text.startswith(sentence)
        assert nxt.section == heading
        assert h.end == nxt.start  # glued: no gap between heading and sentence
    assert not any(re.search(r"[a-z][A-Z][a-z]", s.text[:40]) for s in segs if s.kind == "sentence")
    assert texts(r, "footer") == ["Notes", "References", "Bibliography", "External links", "|"]
    assert by_text(r, "The Battle of Kalbajar[a] took place").section is None


def test_001_sentence_ends_markers_and_quotes(docs):
    d, r = docs["001"]
    displaced = by_text(r, "As a result of the battle, an estimated 60,000")
    assert displaced.text.endswith("were displaced.[4]")
    following = r.segments[displaced.seq + 1]
    assert following.text == "Civilians fled Kalbajar in April through mountains still covered in snow."
    first = by_text(r, "The Battle of Kalbajar[a]")
    assert markers_of(r, first.seq) == ["a"]
    quote = by_text(r, 'He stated, "This is a historical issue...')
    assert quote.text.endswith("and that's that\".[17]")
    assert "Unfortunately! It would be nice" in quote.text
    khan = by_text(r, 'Identified by his radio codename, "Khan"')
    assert khan.text.endswith('we\'ll fight to the end."[27]')
    condemned = by_text(r, "The United States also condemned the offensive")
    assert markers_of(r, condemned.seq) == ["30", "35", "36"]
    us = by_text(r, "In an attempt to end the hostilities, U.S., Russia and Turkey")
    assert us.text.endswith("peace talks.[39]")
    moscow = by_text(r, "This charge was refuted")
    assert "[i.e., the Russian government]" in moscow.text and markers_of(r, moscow.seq) == ["32"]
    # bracketed words are not citation markers
    assert not any(c.label in ("i.e., the Russian government", "to the Azerbaijanis") for c in r.citations)
    # nothing after the back matter is a sentence
    refs = next(s for s in r.segments if s.text == "References")
    assert all(s.kind == "footer" for s in r.segments[refs.seq :])


# --- document 002: an extract without a title --------------------------------------------


def test_002_extract_lines_and_marker_runs(docs):
    d, r = docs["002"]
    assert texts(r, "title") == [] and d.title is None
    sents = [s for s in r.segments if s.kind == "sentence"]
    assert len(sents) == 20
    assert all(not s.text.startswith("[") for s in sents)
    taking = by_text(r, "With the taking of the region")
    assert markers_of(r, taking.seq) == ["30", "35", "36"]  # the run opening the next line
    april = by_text(r, "On April 30, 1993, Turkey and Pakistan")
    assert markers_of(r, april.seq) == ["38"]
    assert markers_of(r, sents[0].seq) == []


# --- document 003: a news article --------------------------------------------------------


def test_003_news_front_matter(docs):
    d, r = docs["003"]
    kinds = [(s.kind, s.text) for s in r.segments[:6]]
    assert kinds == [
        ("header", "Last update: June 25, 2024 17:51"),
        ("header", "Newsroom logo"),
        ("title", "Azerbaijan Regains Control Over Kalbajar District Following Withdrawal Of Armenia's Troops"),
        ("byline", "By Mushvig Mehdiyev November 26, 2020"),
        ("caption", "Units of the Azerbaijani army enters Kalbajar, November 25, 2020"),
        ("credit", "Ministry of Defense of Azerbaijan"),
    ]
    assert r.segments[4].paragraph == r.segments[5].paragraph


def test_003_quotes_and_domains(docs):
    d, r = docs["003"]
    q = by_text(r, '"Kalbajar is our ancient land.')
    assert q.text.endswith("according to President.Az.")
    fortress = by_text(r, "The name of the district originates")
    assert fortress.text.endswith('meaning "a fortress on the river."')
    assert r.segments[fortress.seq + 1].text.startswith("Kalbajar has been populated exclusively")
    assert by_text(r, "Sirmakes has reportedly exploited gold worth $302").kind == "sentence"


# --- document 004: encyclopedia with a reference list -------------------------------------


def test_004_headings_and_front(docs):
    d, r = docs["004"]
    assert [(s.kind, s.text) for s in r.segments[:2]] == [
        ("header", "Fact-checked by Grok 2 weeks ago"),
        ("title", "Kalbajar"),
    ]
    headings = texts(r, "heading")
    assert headings[:4] == [
        "Geography",
        "Location and Borders",
        "Physical Features and Climate",
        "Etymology and Administrative Status",
    ]
    assert "Battle of Kalbajar (1993)" in headings and "Armenian Occupation (1993–2020)" in headings
    assert headings[-1] == "Preservation Challenges and Restoration"
    assert len(headings) == 30
    climate = by_text(r, "Winters are severe")
    assert "8.65°C and lows near 0.17°C." in climate.text
    assert by_text(r, "Ethnic Azerbaijanis formed the vast majority").text.endswith("96.6% of the total population.")
    assert by_text(r, "The U.S. Department of State's 2021").kind == "sentence"
    # a period left behind by a removed link still ends the sentence
    assert by_text(r, "reasserted control over Kalbajar on 25 November 2020").kind == "sentence"


def test_004_reference_list(docs):
    d, r = docs["004"]
    refs = r.references
    assert len(refs) == 131
    assert [x.label for x in refs] == [str(n) for n in range(1, 132)]
    assert [x.number for x in refs] == list(range(1, 132))
    assert [s.kind for s in r.segments].count("reference") == 131
    start = next(s for s in r.segments if s.text == "References")
    assert start.kind == "footer"
    assert all(s.kind in ("reference", "footer") for s in r.segments[start.seq :])
    assert {x.label for x in refs if x.is_empty} == {"98", "112", "120", "128"}
    assert all(x.title is None and x.excerpt is None for x in refs if x.is_empty)
    one, two, four, six, nine, eleven, sixteen = (refs[k - 1] for k in (1, 2, 4, 6, 9, 11, 16))
    assert (one.title, one.publisher) == ("Kalbajar District", "Karabakh.org")
    assert one.excerpt.startswith("Geographical situation Kalbajar is the highest mountain region")
    assert (two.title, two.publisher) == ("Military occupation of Azerbaijan by Armenia", "Rulac")
    assert four.title == "Kelbajar" and four.excerpt.endswith("on the steep cliffs.")  # "Missing: ..." dropped
    assert (six.title, six.publisher) == ("Kalbajar", "Official web-site of President of Azerbaijan Republic")
    assert six.published == date(2025, 6, 22) and six.excerpt.startswith("Kalbajar, which largely has")
    assert nine.title.startswith("Geobotanical features") and "[PDF]" not in nine.title
    assert eleven.published == date(2019, 12, 9)
    assert sixteen.published == date(2013, 4, 29) and "<|" not in sixteen.excerpt
    assert not any("<|" in (x.excerpt or "") + (x.title or "") for x in refs)
    for x in refs:
        entry = d.text[x.start : x.end]
        assert entry.startswith(f"{x.label}. [{x.label}]")
    # markers in the body can be linked to entries by label
    labels = {x.label for x in refs}
    assert all(c.label in labels for c in r.citations)


# --- extra documents ---------------------------------------------------------------------


def test_extra_infobox_and_initials(docs):
    d, r = docs["mogadishu_1993"]
    assert texts(r, "heading") == ["Background", "The raid", "Aftermath"]
    assert "Commander1: William F. Garrison" in texts(r, "sentence")
    task = by_text(r, "The United Nations Security Council then called")
    assert "Major General William F. Garrison, to capture Aidid" in task.text
    d, r = docs["shusha_1992"]
    assert texts(r, "title") == ["Capture of Shusha"]
    assert texts(r, "heading") == ["Background", "The assault", "Aftermath"]
    d, r = docs["aghdam_news_2020"]
    assert [s.kind for s in r.segments[:5]] == ["header", "title", "byline", "caption", "credit"]
    assert r.segments[4].text == "Photo: Ministry of Defense"


def test_infobox_lines_of_prose_width_are_not_joined():
    """Two "Label: value" lines are two lines, even when the first is as wide as wrapped prose."""
    text = ("Battle of Dornovo\n\n"
            "Commanders and leaders: Mile Dornovic, Branko Kelmaric; Zivota Varnic, Mladen Orlic\n"
            "Strength: 1,800 Vessian troops; 36,000 Tarish and paramilitary troops\n"
            "Casualties and losses: 879 killed, 770 wounded\n\n"
            "The Battle of Dornovo was a siege.\n")
    assert sentences(text)[:3] == [
        "Commanders and leaders: Mile Dornovic, Branko Kelmaric; Zivota Varnic, Mladen Orlic",
        "Strength: 1,800 Vessian troops; 36,000 Tarish and paramilitary troops",
        "Casualties and losses: 879 killed, 770 wounded",
    ]


def test_an_infobox_line_does_not_continue_the_line_before():
    text = ("Battle of Dornovo\n"
            "Part of the Vessian campaign on the northern front of the Second Tarish War\n"
            "Date: 12 July 1943\n"
            "Location: Dornovo, Kelmar Oblast\n\n"
            "The Battle of Dornovo was a siege.\n")
    assert sentences(text)[:3] == [
        "Part of the Vessian campaign on the northern front of the Second Tarish War",
        "Date: 12 July 1943",
        "Location: Dornovo, Kelmar Oblast",
    ]


# --- sentence splitting ------------------------------------------------------------------


SPLITS = [
    ["Maj. Gen. Surat Huseynov arrived.", "He left."],
    ["Lt. Col. Ivanov met Capt. Petrov and Sgt. Orlov.", "Dr. Aliyev, Mr. and Mrs. Smith came."],
    ["The U.S. Army and the U.S.S.R. agreed.", "Then it ended."],
    ["They lived on St. Mark Street near Mt. Ararat.", "It was cold."],
    ["Resolution No. 822 passed.", "It demanded withdrawal."],
    ["France vs. Germany, e.g. in 1940, i.e. the war.", "Later, c. 1200 or ca. 1300, approx. 500 men came."],
    ["On Jan. 5 and Feb. 6 it snowed.", "Then it stopped."],
    ["S. Husseinov and William F. Garrison met.", "They talked."],
    ["Highs hover around 8.65°C.", "About 96.6% were Azerbaijanis.", "The census counted 77.700 people."],
    ["It was reported by President.Az and Karabakh.org today.", "It came from President.Az.", "The army moved."],
    ["Is it over?", "Yes!", "It is…", "Really."],
    ["He waited... and waited.", "Then he left."],
    ["Between 1991 and 1993.", "1994 brought a ceasefire."],
]


@pytest.mark.parametrize("expected", SPLITS, ids=lambda e: e[0][:24])
def test_sentence_splitting(expected):
    assert sentences(" ".join(expected)) == expected


def test_quotations_are_not_split_inside():
    text = (
        'He stated, "This is a historical issue... of course this is historical Armenia... And we\'ll '
        'vindicate that reality with our guns. Unfortunately! It would be nice". Then he left.'
    )
    out = sentences(text)
    assert len(out) == 2 and out[1] == "Then he left."
    curly = "He said, “It is ours. It is ancient.” Then he left. She said, “No.”"
    assert sentences(curly) == ["He said, “It is ours. It is ancient.”", "Then he left.", "She said, “No.”"]


def test_a_quote_never_reaches_into_the_next_paragraph():
    out = sentences('He said, "It is ours. It is ancient.\n\nThen he left. "Yes."')
    assert out == ['He said, "It is ours.', "It is ancient.", "Then he left.", '"Yes."']


def test_crlf_line_endings():
    text = "Battle of X\r\n\r\nIt began. It ended.\r\n\r\nAftermath\r\nPeace came.\r\n"
    r = seg(text)
    assert_well_formed(text, r)
    assert [(s.kind, s.text) for s in r.segments] == [
        ("title", "Battle of X"),
        ("sentence", "It began."),
        ("sentence", "It ended."),
        ("heading", "Aftermath"),
        ("sentence", "Peace came."),
    ]


def test_hard_wrapped_paragraph_is_one_block():
    text = (
        "The offensive began on 27 March 1993 and the Armenian forces advanced\n"
        "from four directions. Kalbajar fell on 2 April after a week of fighting\n"
        "in the snow.\n"
    )
    r = seg(text)
    assert texts(r, "sentence") == [
        "The offensive began on 27 March 1993 and the Armenian forces advanced\nfrom four directions.",
        "Kalbajar fell on 2 April after a week of fighting\nin the snow.",
    ]
    assert {s.paragraph for s in r.segments} == {0}


# --- citation markers ------------------------------------------------------------------


def test_marker_runs_letters_and_non_markers():
    r = seg(
        "Fighting began.[30][35][36] The note says so.[a] It was cold.[b]\n\n"
        "See [the map](https://example.org/1) and [1](https://example.org/2) for [i.e., the region] "
        "and [to the Azerbaijanis] and [sic] details."
    )
    labels = [(c.segment_seq, c.label) for c in r.citations]
    assert labels == [(0, "30"), (0, "35"), (0, "36"), (1, "a"), (2, "b")]
    assert texts(r, "sentence")[0] == "Fighting began.[30][35][36]"


def test_leading_markers():
    r = seg("First sentence here.\n\n[10] Second sentence here.\n\n[11][12] Third one.")
    s = r.segments
    assert [x.text for x in s] == ["First sentence here.", "Second sentence here.", "Third one."]
    assert markers_of(r, 0) == ["10"]
    assert markers_of(r, 1) == ["11", "12"]
    assert markers_of(r, 2) == []
    # at the start of the first paragraph the marker supports the sentence that follows
    r = seg("[3] Opening sentence.\n\nNext sentence.")
    assert r.segments[0].text == "Opening sentence." and markers_of(r, 0) == ["3"]
    # after a heading there is no previous sentence to support
    r = seg("Intro sentence.\n\nBackground\n\n[4] After the heading.")
    after = by_text(r, "After the heading.")
    assert markers_of(r, after.seq) == ["4"]


def test_markers_inside_a_sentence_support_it():
    r = seg("Troops reached Lachin,[19] thus seizing the corridor,[20] a key road.[21] Next one.")
    assert markers_of(r, 0) == ["19", "20", "21"]
    assert markers_of(r, 1) == []


# --- glued headings: shape, not words -----------------------------------------------------


def test_glued_heading_generic():
    r = seg("The war ended in 1994.[2] AftermathThe war left many displaced. OutcomeA treaty followed.")
    assert texts(r, "heading") == ["Aftermath", "Outcome"]
    assert texts(r, "sentence") == ["The war ended in 1994.[2]", "The war left many displaced.", "A treaty followed."]


def test_glued_heading_chain_in_one_word():
    r = seg(
        "The siege began in 1991.[4] The siegeShellingGrad rockets were fired daily. "
        "AftermathIt ended.[7] See alsoNotesReferences"
    )
    assert texts(r, "heading") == ["The siege", "Shelling", "Aftermath"]
    assert texts(r, "sentence") == [
        "The siege began in 1991.[4]",
        "Grad rockets were fired daily.",
        "It ended.[7]",
    ]
    assert texts(r, "footer") == ["See also", "Notes", "References"]


@pytest.mark.parametrize(
    "text",
    [
        "McDonald's opened in Baku. MacArthur landed at Inchon. DeWaal wrote a book.",
        "iPhone sales rose. NKAO and UNOSOM were named. The Azerbaijan SSR declared independence.",
        "LinkedIn is a network. He joined LinkedIn later.",
        "FitzGerald arrived. LeBron played. DiCaprio acted.",
    ],
)
def test_camel_case_names_are_not_headings(text):
    r = seg(text)
    assert texts(r, "heading") == []
    assert "".join(texts(r, "sentence")).replace(" ", "") == text.replace(" ", "")


# --- own-line headings, markdown, HTML ---------------------------------------------------


def test_copied_wikipedia_layout():
    text = (
        "Battle of Aghdam\n\nFrom Wikipedia, the free encyclopedia\n\n"
        "The Battle of Aghdam took place in 1993.[1] Armenian forces captured the town.\n\n"
        "Contents\n1 Background\n2 Battle\n2.1 Assault\n3 Aftermath\n\n"
        "1 Background[edit]\nAghdam had been used as a base.[2]\n\n"
        "2. Battle\nThe assault began on 12 June 1993. The town fell on 23 July.[3]\n\n"
        "AFTERMATH\nThe town was looted.[4]\n"
    )
    r = seg(text)
    assert texts(r, "header") == [
        "From Wikipedia, the free encyclopedia",
        "Contents",
        "1 Background",
        "2 Battle",
        "2.1 Assault",
        "3 Aftermath",
    ]
    assert texts(r, "heading") == ["1 Background", "2. Battle", "AFTERMATH"]  # "[edit]" left out of the span
    assert by_text(r, "Aghdam had been used").section == "1 Background"
    assert texts(r, "sentence")[-1] == "The town was looted.[4]"


def test_markdown_document():
    d = read_path(INGEST / "report.md")
    r = segment(d)
    assert_well_formed(d.text, r)
    assert texts(r, "title") == ["Capture of Shusha"]
    assert texts(r, "heading") == ["Background", "Aftermath"]
    first = texts(r, "sentence")[0]
    assert first.startswith("The **capture of Shusha** was a military operation")  # emphasis kept
    assert first.endswith("8–9 May 1992.[1]")
    assert "- The operation was planned by Maj. Gen. Arkadi Ter-Tadevosyan.[^ops]" in texts(r, "sentence")
    assert [(c.label, r.segments[c.segment_seq].text[:8]) for c in r.citations][:3] == [
        ("1", "The **ca"),
        ("2", "- The Az"),
        ("ops", "- The op"),
    ]
    assert [x.label for x in r.references] == ["ops", "1", "2", "3"]
    assert r.references[0].title.startswith("Thomas de Waal, Black Garden")
    assert (r.references[1].title, r.references[1].publisher) == ("Capture of Shusha", "Karabakh.org")
    assert r.references[3].is_empty
    heading = next(s for s in r.segments if s.text == "Background")
    assert d.text[heading.start - 3 : heading.start] == "## "  # the span excludes the markers


def test_markdown_atx_and_setext_headings():
    text = (
        "Report\n======\n\nIntro sentence.\n\n### Details ###\n\nThe details follow.\n\n"
        "Summary\n-------\n\nAll done."
    )
    r = seg(text, media_type="text/markdown")
    assert texts(r, "title") == ["Report"]
    assert texts(r, "heading") == ["Details", "Summary"]
    assert texts(r, "sentence") == ["Intro sentence.", "The details follow.", "All done."]


def test_html_document():
    d = read_path(INGEST / "news_page.html")
    r = segment(d)
    assert_well_formed(d.text, r)
    assert [s.kind for s in r.segments[:5]] == ["header", "title", "byline", "caption", "credit"]
    assert texts(r, "title") == ["Azerbaijani Army Enters Aghdam District After 27 Years"]
    assert texts(r, "heading") == ["Reconstruction"]
    assert "Maj. Gen. Zakir Hasanov said mines were cleared near Giyasli." in texts(r, "sentence")
    assert [(x.title, x.publisher) for x in r.references] == [
        ("Aghdam District", "Karabakh.org"),
        ("Azerbaijan reclaims Aghdam", "Caucasus Daily"),
    ]
    assert [c.label for c in r.citations] == ["1"]


def test_html_encyclopedia_page():
    d = read_path(INGEST / "encyclopedia_page.html")
    r = segment(d)
    assert_well_formed(d.text, r)
    assert d.genre == "encyclopedia" and d.title == "Battle of Kalbajar"  # (<title>: "... - Wikipedia")
    assert texts(r, "title") == ["Battle of Kalbajar"]
    assert "Date: 27 March – 3 April 1993" in texts(r, "sentence")  # infobox row, not a heading
    assert texts(r, "heading") == ["Background"]
    assert texts(r, "footer") == ["References"]
    assert [(c.label, r.segments[c.segment_seq].text[:14]) for c in r.citations] == [
        ("a", "The Battle of "),
        ("1", "The Battle of "),
        ("2", "An autonomous "),
    ]
    one, two = r.references
    assert one.title == "de Waal, Thomas (2003). Black Garden. New York: NYU Press. p. 214."
    assert two.title.startswith('"Kalbajar". Karabakh.org.')


# --- references and titles ---------------------------------------------------------------


TITLE_LINES = [
    ("Kalbajar District | Karabakh.org", "Kalbajar District", "Karabakh.org"),
    ("Military occupation of Azerbaijan by Armenia - Rulac", "Military occupation of Azerbaijan by Armenia", "Rulac"),
    (
        "Kalbajar » Official web-site of President of Azerbaijan Republic",
        "Kalbajar",
        "Official web-site of President of Azerbaijan Republic",
    ),
    ("[PDF] Geobotanical features of alpine vegetation ...", "Geobotanical features of alpine vegetation", None),
    ("Red Kurdistan - KurdishPeople.Org - Who are the Kurds?", "Red Kurdistan", "KurdishPeople.Org"),
    (
        "For Armenians, they're not occupied territories – they're the homeland",
        "For Armenians, they're not occupied territories – they're the homeland",
        None,
    ),
    ("- Kelbajar", "Kelbajar", None),
    ("Karabakh in the Middle Ages - | IRS Heritage", "Karabakh in the Middle Ages", "IRS Heritage"),
]


@pytest.mark.parametrize("line, title, publisher", TITLE_LINES, ids=lambda v: str(v)[:20])
def test_reference_title_and_publisher(line, title, publisher):
    assert split_title(line) == (title, publisher)


def test_generic_numbered_notes_section():
    text = (
        "Kalbajar fell in April 1993.[1] Refugees crossed the Murov pass.[2]\n\n"
        "Notes\n\n"
        "1. de Waal, Thomas. Black Garden. NYU Press, 2003. https://example.org/black-garden.\n"
        "2. Human Rights Watch - HRW\n"
        "   Mar 3, 1994 · Refugees from Kalbajar crossed the pass on foot.\n\n"
        "External links\n\nSome link text here.\n"
    )
    r = seg(text)
    assert texts(r, "footer") == ["Notes", "External links", "Some link text here."]
    one, two = r.references
    assert one.label == "1" and one.url == "https://example.org/black-garden"
    assert (two.title, two.publisher, two.published) == ("Human Rights Watch", "HRW", date(1994, 3, 3))
    assert two.excerpt == "Refugees from Kalbajar crossed the pass on foot."
    assert [c.label for c in r.citations] == ["1", "2"]


# --- limits ------------------------------------------------------------------------------


def test_long_sentence_is_cut_at_whitespace(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SEGMENT_CHARS", 50)
    words = " ".join(f"word{i}" for i in range(60)) + "."
    r = seg(words)
    pieces = texts(r, "sentence")
    assert len(pieces) > 1 and all(len(p) <= 50 for p in pieces)
    assert " ".join(pieces) == words  # cut at whitespace only
    solid = "x" * 120
    assert [len(p) for p in texts(seg(solid), "sentence")] == [50, 50, 20]


def test_too_many_markers_in_a_segment(monkeypatch):
    monkeypatch.setattr(limits, "MAX_MARKERS_PER_SEGMENT", 5)
    assert len(seg("Fine." + "[1]" * 5 + " Next.").citations) == 5
    message = r"segment 0 has 6 citation markers; the limit is 5 \(ARCHIVE_MAX_MARKERS_PER_SEGMENT\)"
    with pytest.raises(InputRejected, match=message):
        seg("Too many." + "[1]" * 6 + " Next.")


def test_twenty_thousand_markers_name_the_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_MARKERS_PER_SEGMENT", 500)
    message = r"segment 0 has 20000 citation markers; the limit is 500 \(ARCHIVE_MAX_MARKERS_PER_SEGMENT\)"
    with pytest.raises(InputRejected, match=message):
        seg("[7]" * 20_000 + " Text.")


def test_too_many_segments(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SEGMENTS_PER_DOCUMENT", 3)
    assert len(seg("One. Two. Three.").segments) == 3
    with pytest.raises(InputRejected, match="ARCHIVE_MAX_SEGMENTS_PER_DOCUMENT"):
        seg("One. Two. Three. Four.")


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a" * 1_000_000, id="1MB-line"),
        pytest.param("word " * 200_000, id="1MB-words"),
        pytest.param(("." * 1000 + "x") * 1000, id="dot-runs"),
        pytest.param("Text" + "[7]" * 20_000 + " more.", id="20000-markers"),
        pytest.param("In " + ", ".join(str(i) for i in range(10_000)) + " people died.", id="10000-numbers"),
        pytest.param('"' * 500_000, id="quotes"),
        pytest.param("aB" * 500_000, id="camel"),
        pytest.param("[" * 500_000 + "]" * 500_000, id="brackets"),
        pytest.param("Heading textThe sentence. " * 20_000, id="glued"),
        pytest.param("# " + "#" * 500_000, id="hashes"),
        pytest.param("References\n" + "".join(f"{i}. [{i}]\n" for i in range(20_000)), id="entries"),
    ],
)
def test_hostile_inputs_finish_with_exact_offsets_or_rejection(text):
    try:
        r = seg(text)
    except InputRejected as e:
        assert "ARCHIVE_MAX_" in str(e)
        return
    assert_well_formed(text, r)


# --- properties --------------------------------------------------------------------------

_TOKENS = [
    "a", "B", "z", " ", "  ", "\n", "\n\n", "\r\n", "\t", ".", ". ", "...", "…", "!", "?", ",", ":",
    '"', "“", "”", "'", "(", ")", "[", "]", "[1]", "[12]", "[a]", "[^n]", "[^n]: ", "#", "## ", "*",
    "_", "-", "–", "/", " / ", "|", "»", "·", "1.", "2020", "By ", "Jan. ", "November 26, 2020", "U.S.",
    "Mr.", "Photograph of ", "References", "Notes", "NotesReferences", "BackgroundThe ", "McDonald",
    "Last update: ", "Key: value", "1. [1]\n", "http://example.org ", "```", "---", "é", "İ", "ß",
    "\u00a0", "\u2028", "\x85", "\x0c", "\ufffd", "\U0001f600", "Kalbajar",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=8)), max_size=60).map("".join),
    st.sampled_from(["text/plain", "text/markdown"]),
    st.one_of(st.none(), st.text(max_size=20)),
)
def test_property_offsets_are_exact_for_any_text(text, media_type, title):
    try:
        r = seg(text, media_type=media_type, title=title)
    except InputRejected:
        return
    assert_well_formed(text, r)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=300))
def test_property_arbitrary_unicode(text):
    try:
        r = seg(text)
    except InputRejected:
        return
    assert_well_formed(text, r)


@pytest.mark.parametrize(
    "first, title",
    [
        ("Orlavo district: Flash Update No. 4", "Orlavo district: Flash Update No. 4"),
        ("Human rights report: Kelmar district, 1993", "Human rights report: Kelmar district, 1993"),
        # an infobox's or metadata's key is no title's topic
        ("Date: 14 March 2024", None),
        ("Location: Dornovo", None),
        ("Published: Vessian News Agency", None),
        # nor a line whose second part is a sentence
        ("Note: the figures are provisional", None),
    ],
)
def test_a_topic_and_subtitle_line_is_the_title(first, title):
    result = seg(f"{first}\n\nShelling hit the district on Monday, officials said.\n")
    assert texts(result, "title") == ([title] if title else [])
