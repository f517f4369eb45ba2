"""Segment a document into sentences, headings and the other parts of a page.

``segment(doc)`` is a pure function of ``doc.text`` (for HTML also of ``doc.title``, the
``<title>`` that locates the title line). It returns every segment with exact character offsets
into the stored text (``doc.text[s.start:s.end] == s.text``, in order, never overlapping,
stripped), the citation markers with the segment each supports, and the numbered reference
list when the document has one. ``analyse(text)`` does the same work and also reports what the
layout says about the document (title, byline author and date, publisher, genre cues); the
reader uses it for the metadata.

How the text is read, top to bottom:

1. **Lines and blocks.** The text is split into lines (``\\n``, ``\\r\\n``, ``\\r`` and the
   other Unicode line breaks); blank lines separate groups. Each non-blank line is a block
   (``paragraph`` counts blocks) unless it continues the previous line: the previous line does
   not end a sentence and this one starts in lower case, or the lines have the uniform width
   of hard-wrapped prose; in markdown every line of a paragraph continues it up to a list item,
   heading, quote, table row or footnote.
2. **Front matter.** Site furniture (``Newsroom logo``, ``Last update: ...``,
   ``Fact-checked by ...``, breadcrumbs like ``Home / Politics``, ``From Wikipedia, ...``) ->
   ``header``; the first title-shaped line (short, no sentence-final period, not continued by
   the next line; for HTML the line matching ``<title>``) -> ``title``; ``By <Name> <date>`` ->
   ``byline``; a line that is only a date (``Published: 10 November 2020``) -> ``dateline``;
   a photo caption ``<text> / <credit>`` -> ``caption`` + ``credit``.
3. **Body.** Each block is one of: a markdown ``#`` or underlined heading, or a heading line
   (short, starts with a capital or a section number, no sentence-final punctuation or
   sentence end inside, after a complete line, followed by prose or by another heading that
   is; ``[edit]`` links are left out of the span) -> ``heading``; an image alt-text line
   (``Photograph of ...``, ``A map showing ...``) and the caption line under it -> ``caption``;
   a ``Contents`` block -> ``header``; a line without letters or digits (``|``) or a
   back-matter title (``See also``, ``Notes``, ``References``, ``Bibliography``,
   ``External links`` ...) -> ``footer``; anything else is prose, split into ``sentence``
   segments (a wire dateline ``BAKU (Reuters) —`` opening the first paragraphs -> ``dateline``).
   ``section`` is the text of the last heading (or back-matter title) above the segment.
4. **Back matter.** After a back-matter title nothing is body text: numbered entries under
   ``References``/``Notes``/... (``1. [1]`` plus the lines under it, ``[1] ...``, ``1. ...``)
   and markdown footnotes ``[^id]: ...`` become ``reference`` segments and ``ReferenceRecord``
   rows (title and site split, ``[PDF]`` and ``^ a b`` dropped, ``Mon D, YYYY ·`` dates,
   excerpts without search-engine junk, URLs); everything else is ``footer``.

Sentence splitting is driven by one regular expression that finds candidate ends
(``.``/``!``/``?``/``…`` possibly followed by closing quotes and citation markers, then
whitespace); each candidate is then judged by the word before it (abbreviations, initials,
dotted acronyms), the character after it (lower case never starts a sentence; a period left
alone by a removed link, ``the . reasserted``, still ends one) and whether it sits inside a
double quotation that closes within the same paragraph. Citation markers right after the end
belong to the sentence they follow; markers at the very start of a paragraph support the last
sentence of the previous paragraph (or, with none, the sentence that follows).

Section headings that flattened page text glued to the next sentence
(``...[11] BackgroundAn autonomous oblast...``) are recognised by their shape: at a sentence
start, a short title-like phrase (no punctuation, at most eight words) whose last word runs
straight into a capitalised word that begins a sentence, with a lower->upper case transition
and no space. Real camel-case names are protected: the glued word before the capital must be
at least four letters when capitalised (``McDonald``, ``MacArthur``, ``DeWaal`` are not split;
``iPhone`` has no capital start), acronyms have no lower->upper transition, and a glued word
that occurs more than once in the document is a name, not an accident of flattening.

Everything is linear in the size of the text: each regular expression is anchored or uses
bounded or possessive repetition so it cannot backtrack over its input, windows looked at
around a candidate are bounded, and the limits of ``etl.limits`` are enforced while
segments are produced.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from archive.errors import InputRejected
from etl import limits
from etl.types import CitationMarker, ReadDocument, ReferenceRecord, Segmented, SegmentRecord

__all__ = ["segment", "analyse", "Layout", "LayoutStats", "matched_date", "split_title"]


# --- vocabularies of cues ---------------------------------------------------------------

# Abbreviations after which a period never ends a sentence (compared in lower case).
_ABBREV = frozenset(
    """mr mrs ms messrs dr prof gen gens lt lieut col maj capt cpt sgt cpl pvt adm brig cmdr cdr
    cmdt supt insp gov sen rep pres rev fr hon st ste mt ft jr sr vs v e.g i.e cf viz c ca
    approx al jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
# Abbreviations that only precede a number ("No. 822", "p. 45").
_ABBREV_NUM = frozenset("no nos nr vol vols p pp ch fig figs art sec est op".split())
# After a dotted acronym ("U.S.", "U.S.S.R.") a sentence only ends before one of these.
_STARTERS = frozenset(
    """The A An In On At It He She They We I This That These Those But However After Before
    During When While As His Her Their Its There Then Meanwhile Although Since Following
    According For From Some Many Most Both Later Despite Under With Other""".split()
)
# Glued-heading words that are really camel-case name prefixes.
_CAMEL_PREFIXES = frozenset("fitz della mac van von".split())
# Back matter: a block with one of these titles ends the body.
_BACK_MATTER = frozenset(
    """see also|notes|references|notes and references|references and notes|footnotes|citations|
    sources|bibliography|external links|further reading|works cited|literature|
    sources and references|notes and sources|cited sources|references cited""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
# Back matter whose numbered entries are the document's reference list.
_REFERENCE_TITLES = frozenset(
    """notes|references|notes and references|references and notes|footnotes|citations|sources|
    bibliography|works cited|sources and references|notes and sources|cited sources|
    references cited""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

# --- regular expressions (all linear: bounded, anchored or possessive) -----------------

_MARKER_BODY = r"\[(?:\^[\w-]{1,20}|\d{1,4}|[a-z]{1,2}|note \d{1,3})\](?![\w(:])"
# A citation marker: [12], [a], [note 3], markdown footnote [^1]. Not [text](url), not
# bracketed words such as [i.e., the Russian government].
_MARKER = re.compile(r"\[(?:\^(?P<fn>[\w-]{1,20})|(?P<lab>\d{1,4}|[a-z]{1,2}|note \d{1,3}))\](?![\w(:])")
_LEADING = re.compile(rf"(?:{_MARKER_BODY}\s*)++")
# A candidate sentence end: terminator run (only from its first character), closing quotes
# or brackets, citation markers, then whitespace or the end of the block.
_BOUNDARY = re.compile(
    r"(?P<term>[.!?…](?<![.!?…][.!?…])[.!?…]*+)(?P<close>[\"”’'»)]{0,3}+)"
    rf"(?P<marks>(?:[ \t]?{_MARKER_BODY})*+)(?P<ws>\s++|\Z)"
)
# The same for a block whose only terminator is a single period: a literal first character
# lets the regex engine skip ahead much faster than a character class does.
_BOUNDARY_DOT = re.compile(
    r"\.(?<![.!?…]\.)(?P<term>)(?P<close>[\"”’'»)]{0,3}+)"
    rf"(?P<marks>(?:[ \t]?{_MARKER_BODY})*+)(?P<ws>\s++|\Z)"
)
_QUOTE = re.compile("[\"“”]")
_LOWER = "a-zà-öø-ÿ"
_UPPER = "A-ZÀ-ÖØ-Þ"
# A capital glued to a lower-case letter, followed by a lower-case letter or a space. The
# pattern starts with the (rarer) capital so that the regex engine skips ahead fast.
_GLUE = re.compile(rf"[{_UPPER}](?<=[{_LOWER}].)(?=[{_LOWER}]|\s)")
_TITLE_LIKE = re.compile(r"[\w'’()&\-]+(?: [\w'’()&\-]+){0,7}")
_WORDCH = re.compile(r"[\w'’\-]*")
_NONWS = re.compile(r"\S")
_ATX = re.compile(r"(#{1,6})[ \t]+(?=\S)")
_HR = re.compile(r"(?:[-=*_~][ \t]*){3,}")
_FENCE = re.compile(r"(?:```|~~~)")
_LIST_ITEM = re.compile(r"(?:[-*+•–]|\d{1,3}[.)])\s")
# A sentence end inside a line: a line holding one is not a heading.
_INTERNAL_END = re.compile(r"[.!?…][\"”’')]{0,3}(?:\[[^\]\s]{1,10}\]){0,20}\s+[\"“(]?[A-Z0-9]")
_SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}\.?[ \t]+(?=[A-Z])")
_EDIT_LINK = re.compile(r"\s*\[edit(?: source)?\]\Z")
_TOC_LINE = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}\.?[ \t]+\S.{0,80}")
# The keys an infobox line starts with: such a line never continues the line before.
_INFOBOX_KEY = re.compile(
    r"(?:Date|Dates|Location|Place|Result|Outcome|Status|Territorial changes|Belligerents|Combatants|Commanders?"
    r"(?: and leaders)?|Leaders?|Strength|Casualties(?: and losses)?|Units? involved)\s*\d*\s*:\s"
)
_KEYVAL = re.compile(r"[^\W\d_][\w .()/-]{0,30}?:\s+\S")
_HAS_ALNUM = re.compile(r"[^\W_]")
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)


_WEEKDAY = r"(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DATE = (
    rf"{_WEEKDAY}(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<mo3>\d{{1,2}})-(?P<d3>\d{{1,2}}))"
)


_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?)"
_NAME_WORD = r"(?!and\b)[^\W\d_][\w'’.\-]*"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}"
_BYLINE = re.compile(
    rf"(?:By|BY|by)\s+(?P<name>{_NAME}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){_NAME}){{0,3}})"
    rf"(?:\s*[,|·•–—-]?\s*{_DATE}{_TIME}?)?\s*"
)
_DATE_LINE = re.compile(
    rf"(?:(?i:published|posted|date|created|first published)(?:\s+on)?\s*:?\s*)?"
    rf"(?:\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?|[AP]M)?\s*(?:[A-Z]{{2,5}})?,?\s*)?{_DATE}{_TIME}?\.?"
)
_EXCERPT_DATE = re.compile(rf"{_DATE}\s*[·•—–-]\s*")
_ANY_DATE = re.compile(_DATE)
_JUNK = re.compile(
    r"(?i:(?:last\s+)?(?:update[ds]?|modified|edited)\b.*"
    r"|fact[\s-]?checked\s+by\b.*"
    r"|.{0,60}\blogo"
    r"|skip\s+to\s+(?:main\s+)?content|menu|main\s+menu|search|home|share|share\s+this(?:\s+article)?"
    r"|tweet|print|e-?mail|subscribe|sign\s+(?:in|up)|log\s*in|log\s*out|advertisement|close"
    r"|toggle\s+navigation|navigation|read\s+more|comments?|follow\s+us|listen(?:\s+to\s+this\s+article)?"
    r"|\d{1,3}\s+min(?:ute)?s?\s+read|from\s+wikipedia,\s+the\s+free\s+encyclopedia|jump\s+to\s+\w+)"
)
_CRUMB = r"[\w&'’.\-]+(?: [\w&'’.\-]+){0,3}"
_BREADCRUMB = re.compile(rf"{_CRUMB}(?:\s+[/>»›|]\s+{_CRUMB}){{1,6}}")
_CREDIT_LINE = re.compile(
    r"(?i:(?:photo(?:graph)?s?|image|picture|credit|foto)(?:\s+(?:by|credit))?\s*[:©]\s*\S.*)"
)
_COPYRIGHT = re.compile(
    r"(?i:(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?)(?P<pub>[^.|©]{2,60}?)"
    r"(?i:[.,]?\s*all\s+rights\s+reserved)?\.?"
)
_PUBLISHED_BY = re.compile(r"(?i:published\s+by)\s+(?P<pub>[^.|]{2,60}?)\.?")
_ALT = re.compile(
    r"(?i:(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:photo(?:graph)?s?|photographic|image|picture|map|"
    r"portrait|illustration|painting|drawing|diagram|chart|flag|coat\s+of\s+arms|emblem|satellite|"
    r"aerial|engraving|sketch|poster|infographic|screenshot|thumbnail)\b)"
)
_NEWS_DATELINE = re.compile(
    r"(?P<dl>[A-Z][A-Z'’.\-]{1,25}(?: [A-Z][A-Z'’.\-]{1,25}){0,2}"
    r"(?:,\s*[A-Z][\w.]{1,20}(?:\s[A-Z][\w.]{1,20}){0,2})?"
    rf"(?:,?\s+(?:{_DATE}|{_MONTH}\s+\d{{1,2}}))?(?:\s*\([\w .,&-]{{2,30}}\))?)\s+[—–-]{{1,2}}\s+(?=\S)"
)
_ENTRY = re.compile(
    r"(?:(?P<num>\d{1,4})[.)](?=\s|\[|\Z)|\[(?P<lab0>[\w-]{1,10})\](?!\())"
    r"[ \t]*(?:\[(?P<lab>[\w-]{1,10})\](?!\())?[ \t]*"
)
_FOOTNOTE_DEF = re.compile(r"\[\^(?P<lab>[\w-]{1,20})\]:[ \t]*")
_URL = re.compile(r"https?://[^\s<>\"]+")
_BACKLINKS = re.compile(r"\^(?:\s+a\s+b(?:\s+[c-z](?=\s)){0,24})?\s*")
_JUNK_TOKEN = re.compile(r"<\|[\w\-]{1,40}\|>")
_MISSING = re.compile(r"\s*Missing:\s.*\Z", re.S)
_MORE_RESULTS = re.compile(r"More results from \S+")
_TITLE_PREFIX = re.compile(r"(?i:(?:\[(?:pdf|doc|docx|html|ppt|pptx|xls|xlsx|txt)\]|\((?:pdf|doc)\))\s*)+")
_DOMAIN = re.compile(r"[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}")
_TRAILING_ELLIPSIS = re.compile(r"\s*(?:\.{3}|…)\Z")


def matched_date(m: re.Match) -> date | None:
    """The calendar day matched by ``_DATE`` (a byline, a reference's date), parsed by the one
    date wrapper of the pipeline (``etl.dates``); None if it is not a valid day."""
    from etl.dates import parse_date

    groups = [g for g in ("m1", "d1", "y1", "d2", "m2", "y2", "y3", "mo3", "d3") if m.group(g)]
    if not groups:
        return None
    value = parse_date(m.string[min(m.start(g) for g in groups) : max(m.end(g) for g in groups)])
    if value is None or value.start != value.end:
        return None
    return value.start


# --- small shape tests on one line -----------------------------------------------------

_CLOSERS = "\"”’')»*_"


def _last_char(t: str) -> str:
    """The last significant character: trailing citation markers and closers skipped."""
    end = len(t)
    while end and t[end - 1] == "]":
        k = t.rfind("[", max(0, end - 24), end)
        if k < 0:
            break
        end = k
    while end and t[end - 1] in _CLOSERS:
        end -= 1
    return t[end - 1] if end else ""


def _ends_sentence(t: str) -> bool:
    return _last_char(t) in ".!?…"


def _is_prose(t: str) -> bool:
    return _ends_sentence(t) or len(t) > 120


def _heading_shaped(t: str) -> bool:
    """Short, starts with a capital or digit, no sentence-final punctuation, not ``Key: value``.
    A section number (``2.1 ``) before it and an ``[edit]`` link after it are allowed."""
    if len(t) > 120:
        return False
    inner = t.strip("*_ \t")
    if inner.endswith("]"):
        inner = _EDIT_LINK.sub("", inner)
    if inner[:1].isdigit():
        inner = _SECTION_NUMBER.sub("", inner, count=1)
    if not inner or inner.endswith("]"):
        return False
    c = inner[0]
    if not (c.isupper() or c.isdigit()):
        return False
    if _last_char(inner) in ".!?…:;,":
        return False
    if len(inner.split()) > 14 or _KEYVAL.match(inner) or not _HAS_ALNUM.search(inner):
        return False
    if "](" in inner or _INTERNAL_END.search(inner):
        return False
    return any(ch.isalpha() for ch in inner)


def _title_shaped(t: str, *, colon: bool = False) -> bool:
    """``colon``: a "Topic: subtitle" line may be a title ("Orlavo district: Flash Update No. 4",
    "Nagorno-Karabakh: Timeline"), unless its key is an infobox's or metadata's ("Date: ...")."""
    if len(t) > 200 or not any(ch.isalpha() for ch in t):
        return False
    if len(t.split()) > 25 or t[0].islower():
        return False
    if _last_char(t) in ".,;:":
        return False
    if _KEYVAL.match(t):
        m = _COLON_TITLE.fullmatch(t) if colon else None
        if m is None or _INFOBOX_KEY.match(t) or m.group(1).casefold() in _METADATA_KEYS:
            return False
    return True


# "Topic: Subtitle": the subtitle starts with a capital letter and has no colon of its own
_COLON_TITLE = re.compile(r"([^\W\d_][\w'’ .()/-]{0,60}?):[ \t]+[A-Z][^:]*")
_METADATA_KEYS = frozenset(
    "published updated posted filed by author authors source sources photo photograph credit credits date dates "
    "time subject from to cc category categories tags keywords summary abstract note notes warning".split()
)


def _back_matter_key(t: str) -> str:
    """The normalised title of a back-matter line ("## References [edit]" -> "references")."""
    if len(t) > 48 or not (t[0].isalpha() or t[0] in "#*_"):
        return ""
    if t.endswith("]"):
        t = _EDIT_LINK.sub("", t)
    return " ".join(t.strip("#*_ \t:").split()).lower()


def _alt_shaped(t: str) -> bool:
    return (
        len(t) <= 300
        and _ALT.match(t) is not None
        and _last_char(t) not in ".!?…:;,"
        and len(t.split()) >= 3
    )


def _caption_credit(t: str) -> tuple[int, int] | None:
    """For ``<caption> / <credit>``: (end of the caption part, start of the credit part)."""
    if len(t) > 300 or t.count(" / ") != 1:
        return None
    k = t.index(" / ")
    left, right = t[:k].strip(), t[k + 3 :].strip()
    if len(left.split()) < 3 or not right:
        return None
    if not 1 <= len(right.split()) <= 10 or right[-1] in ".!?":
        return None
    if not (right[0].isupper() or right.lower().startswith("photo")):
        return None
    return k, k + 3


# --- results ---------------------------------------------------------------------------


@dataclass
class LayoutStats:
    """Counts of the cues found, for the reader's genre decision (see ``etl.read``)."""

    paragraphs: int = 0  # prose blocks
    single_sentence: int = 0  # prose blocks holding exactly one sentence
    leading_marker_paragraphs: int = 0  # prose blocks that start with [n]
    markers: int = 0
    headings: int = 0  # headings on their own line
    glued_headings: int = 0  # headings glued to the next sentence
    infobox_lines: int = 0  # "Key: value" lines
    references: int = 0
    fact_checked: bool = False
    update_line: bool = False  # "Last update: ..."
    bylines: int = 0
    datelines: int = 0
    credit_captions: int = 0  # "<caption> / <credit>"


@dataclass
class Layout:
    segmented: Segmented
    stats: LayoutStats
    title: str | None = None
    author: str | None = None
    published: date | None = None
    publisher: str | None = None


class _Line:
    __slots__ = ("s", "e", "t", "gap", "indent", "skip", "setext", "_hs")

    def __init__(self, s: int, e: int, t: str, gap: bool, indent: int):
        self.s, self.e, self.t, self.gap, self.indent = s, e, t, gap, indent
        self.skip = False  # horizontal rule, setext underline, fenced code
        self.setext = False  # underlined heading
        self._hs: bool | None = None

    def heading_shaped(self) -> bool:
        if self._hs is None:
            self._hs = _heading_shaped(self.t)
        return self._hs


_RARE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _lines(text: str) -> list[_Line]:
    """The non-blank lines, stripped, with their offsets. Line breaks are those of
    ``str.splitlines`` (``\\n``, ``\\r\\n``, ``\\r`` and the Unicode separators)."""
    out: list[_Line] = []
    append = out.append
    pos = 0
    gap = True
    if any(c in text for c in _RARE_BREAKS):
        pieces = text.splitlines(True)
        plain = False
    else:
        pieces = text.split("\n")
        plain = True
    for raw in pieces:
        if plain:
            content = raw
            n = len(raw) + 1
        else:
            n = len(raw)
            if raw.endswith("\r\n"):
                content = raw[:-2]
            elif raw and raw[-1] in "\n" + _RARE_BREAKS:
                content = raw[:-1]
            else:
                content = raw
        stripped = content.strip()
        if stripped:
            s = pos + content.find(stripped[0])  # everything before it is whitespace
            append(_Line(s, s + len(stripped), stripped, gap, s - pos))
            gap = False
        else:
            gap = True
        pos += n
    return out


# --- the builder -----------------------------------------------------------------------


class _Builder:
    def __init__(self, text: str, media_type: str):
        self.text = text
        self.markdown = media_type == "text/markdown"
        self.segments: list[SegmentRecord] = []
        self.citations: list[CitationMarker] = []
        self.references: list[ReferenceRecord] = []
        self.marker_counts: Counter[int] = Counter()
        self.over: int | None = None  # the first segment given more markers than allowed
        self.section: str | None = None
        self.para = -1
        self.mode = "body"  # body | refs | footer
        self.stats = LayoutStats()
        self.title: str | None = None
        self.author: str | None = None
        self.published: date | None = None
        self.publisher: str | None = None
        self.prev_sentence: int | None = None  # last sentence of the previous prose block
        self.block_last: int | None = None  # last sentence in the current prose block
        self.entry_indent: int | None = None
        self.leads: list[list] = []  # leading markers of the current block: [start, end, seq]
        self.block_glue = False
        self._glued_counts: Counter[str] | None = None
        self.max_segments = limits.MAX_SEGMENTS_PER_DOCUMENT
        self.max_chars = limits.MAX_SEGMENT_CHARS
        self.max_markers = limits.MAX_MARKERS_PER_SEGMENT

    # -- output --------------------------------------------------------------------

    def add(self, kind: str, s: int, e: int) -> int | None:
        """Add the segment [s, e) stripped of surrounding whitespace; None if it is blank."""
        seg = self.text[s:e]
        stripped = seg.strip()
        if not stripped:
            return None
        s += seg.find(stripped[0])
        return self._push(kind, s, s + len(stripped))

    def _push(self, kind: str, s: int, e: int) -> int:
        """Add a segment whose span is already stripped and non-empty."""
        seq = len(self.segments)
        if seq >= self.max_segments:
            raise InputRejected(
                f"the document has more than {self.max_segments} segments; the limit is "
                f"{self.max_segments} (ARCHIVE_MAX_SEGMENTS_PER_DOCUMENT)"
            )
        self.segments.append(SegmentRecord(seq, kind, s, e, self.text[s:e], self.section, self.para))
        return seq

    def cite(self, seq: int, m: re.Match) -> None:
        label = m.group("fn") or m.group("lab")
        self.citations.append(CitationMarker(seq, label, m.start(), m.end()))
        self.stats.markers += 1
        self.marker_counts[seq] += 1
        if self.over is None and self.marker_counts[seq] > self.max_markers:
            self.over = seq

    def check_markers(self) -> None:
        """Reject the document once a block has given a segment too many markers (checked
        after the whole block, so that the message gives the full count)."""
        if self.over is not None:
            raise InputRejected(
                f"segment {self.over} has {self.marker_counts[self.over]} citation markers; the limit is "
                f"{self.max_markers} (ARCHIVE_MAX_MARKERS_PER_SEGMENT)"
            )

    def cite_span(self, seq: int, s: int, e: int) -> None:
        for m in _MARKER.finditer(self.text, s, e):
            self.cite(seq, m)
        self.check_markers()

    def heading(self, kind: str, s: int, e: int) -> int | None:
        seg = self.text[s:e].strip()
        if seg:
            self.section = seg
        seq = self.add(kind, s, e)
        self.block_last = None
        return seq

    # -- front matter --------------------------------------------------------------

    def front(self, lines: list[_Line], hint: str | None) -> int:
        n = len(lines)
        hint_idx = self._find_hint(lines, hint) if hint else None
        have_title = False
        i = 0
        while i < min(n, 40):
            ln = lines[i]
            if ln.skip:
                i += 1
                continue
            if hint_idx is not None and i <= hint_idx:
                if i < hint_idx:
                    # above the title: a byline, date or caption, else site header
                    if self._front_line(ln, False, False) is None:
                        self.para += 1
                        self.add("header", ln.s, ln.e)
                else:
                    self.para += 1
                    s, e = self._inner(ln)
                    self.add("title", s, e)
                    self.title = self.text[s:e].strip()
                    have_title = True
                i += 1
                continue
            allow_title = (
                hint_idx is None
                and not have_title
                and i + 1 < n
                and (lines[i + 1].gap or not self._joins(ln, lines[i + 1]))  # not a wrapped paragraph
            )
            kind = self._front_line(ln, allow_title, have_title)
            if kind is None:
                break
            have_title = have_title or kind == "title"
            i += 1
        return i

    def _inner(self, ln: _Line) -> tuple[int, int]:
        """The span of a heading line without markdown ``#`` markers or emphasis."""
        s, e, t = ln.s, ln.e, ln.t
        m = _ATX.match(t)
        if m:
            s += m.end()
            body = t[m.end() :]
            stripped = body.rstrip("#").rstrip()
            e = s + len(stripped) if stripped else e
            t = self.text[s:e]
        if t.endswith("]"):
            m = _EDIT_LINK.search(t)
            if m and m.start() > 0:
                e -= len(t) - m.start()
                t = t[: m.start()]
        ls = len(t) - len(t.lstrip("*_"))
        rs = len(t) - len(t.rstrip("*_"))
        if ls + rs < len(t):
            s, e = s + ls, e - rs
        return s, e

    def _find_hint(self, lines: list[_Line], hint: str) -> int | None:
        h = " ".join(hint.split()).casefold()
        if not h:
            return None
        cands = []
        for k in range(min(len(lines), 30)):
            if lines[k].skip:
                continue
            s, e = self._inner(lines[k])
            cands.append((k, " ".join(self.text[s:e].split()).casefold()))
        for k, t in cands:
            if t == h:
                return k
        for k, t in cands:
            if len(t) >= 8 and len(t) >= 0.4 * len(h) and (h.startswith(t) or h.endswith(t)):
                return k
        return None

    def _front_line(self, ln: _Line, allow_title: bool, have_title: bool) -> str | None:
        """Classify one line of the front matter; None when the body begins here."""
        t = ln.t
        short = len(t) <= 160
        if short and (_JUNK.fullmatch(t) or (len(t) <= 100 and _BREADCRUMB.fullmatch(t))):
            low = t.lower()
            if "checked by" in low:
                self.stats.fact_checked = True
            if re.match(r"(?:last\s+)?(?:update|modified|edited)", low):
                self.stats.update_line = True
            self.para += 1
            self.add("header", ln.s, ln.e)
            return "header"
        if short:
            m = _PUBLISHED_BY.fullmatch(t)
            if m:
                self.publisher = self.publisher or m.group("pub").strip()
                self.para += 1
                self.add("header", ln.s, ln.e)
                return "header"
            m = _BYLINE.fullmatch(t)
            if m and self._name_ok(m.group("name")):
                self.para += 1
                self.add("byline", ln.s, ln.e)
                self.stats.bylines += 1
                author, org = _byline_names(m.group("name"))
                self.author = self.author or author
                self.publisher = self.publisher or org
                d = matched_date(m)
                if d and not self.published:
                    self.published = d
                return "byline"
            m = _DATE_LINE.fullmatch(t)
            if m:
                self.para += 1
                self.add("dateline", ln.s, ln.e)
                self.stats.datelines += 1
                d = matched_date(m)
                if d and not self.published:
                    self.published = d
                return "dateline"
        if allow_title:
            s, e = self._inner(ln)
            inner = self.text[s:e]
            if inner and _title_shaped(inner, colon=True) and not ln.t.startswith("["):
                self.para += 1
                self.add("title", s, e)
                self.title = inner.strip()
                return "title"
        if (have_title or not allow_title) and self._caption_line(ln):
            return "caption"
        return None

    @staticmethod
    def _name_ok(name: str) -> bool:
        particles = {"de", "da", "di", "van", "von", "der", "den", "al", "el", "bin", "ibn", "la", "le", "du", "and"}
        words = name.replace(",", " ").replace("&", " ").split()
        return bool(words) and all(w[0].isupper() or w.lower() in particles for w in words)

    def _caption_line(self, ln: _Line) -> bool:
        """``<caption> / <credit>`` or a bare ``Photo: <credit>`` line."""
        t = ln.t
        cc = _caption_credit(t)
        if cc:
            self.para += 1
            self.add("caption", ln.s, ln.s + cc[0])
            self.add("credit", ln.s + cc[1], ln.e)
            self.stats.credit_captions += 1
            return True
        if len(t) <= 120 and _CREDIT_LINE.fullmatch(t):
            self.para += 1
            self.add("credit", ln.s, ln.e)
            return True
        return False

    # -- body ----------------------------------------------------------------------

    def body(self, lines: list[_Line], i: int) -> None:
        n = len(lines)
        prose_blocks = 0
        caption_run = False
        while i < n:
            ln = lines[i]
            if ln.skip:
                i += 1
                continue
            t = ln.t
            if self.mode != "body":
                i = self._back_line(lines, i)
                continue
            atx = _ATX.match(t) if t[0] == "#" else None
            if not atx and not ln.setext and _last_char(t) in ".!?…" and not t.startswith("[^"):
                # a line that ends a sentence is prose (the common case: no other test applies)
                caption_run = False
                i = self._prose_lines(lines, i, prose_blocks < 2)
                prose_blocks += 1
                continue
            key = _back_matter_key(t)
            if key in ("contents", "table of contents"):
                i = self._contents(lines, i)
                continue
            if key in _BACK_MATTER and (atx or ln.heading_shaped() or ln.setext):
                self.para += 1
                s, e = self._inner(ln)
                self._back_title(key, s, e)
                i += 1
                continue
            if atx or ln.setext:
                self.para += 1
                s, e = self._inner(ln)
                self.heading("heading", s, e)
                self.stats.headings += 1
                self._end_block()
                i += 1
                continue
            if not _HAS_ALNUM.search(t):
                self.para += 1
                self.add("footer", ln.s, ln.e)
                i += 1
                continue
            if t.startswith("[^") and _FOOTNOTE_DEF.match(t):
                i = self._entry(lines, i, footnote=True)
                continue
            same_group_next = i + 1 < n and not lines[i + 1].gap
            if _alt_shaped(t) and (same_group_next or caption_run):
                self.para += 1
                self.add("caption", ln.s, ln.e)
                if same_group_next and not _alt_shaped(lines[i + 1].t):
                    nxt = lines[i + 1]
                    self.para += 1
                    seq = self.add("caption", nxt.s, nxt.e)
                    if seq is not None:
                        self.cite_span(seq, nxt.s, nxt.e)
                    i += 1
                caption_run = True
                self._end_block()
                i += 1
                continue
            caption_run = False
            if len(t) <= 300 and self._caption_line(ln):
                self._end_block()
                i += 1
                continue
            if (
                ln.heading_shaped()
                and (not self.markdown or (ln.gap and (i + 1 == n or lines[i + 1].gap)))
                and self._heading_context(lines, i)
                and self._heading_after(lines, i)
            ):
                self.para += 1
                s, e = self._inner(ln)
                self.heading("heading", s, e)
                self.stats.headings += 1
                self._end_block()
                i += 1
                continue
            i = self._prose_lines(lines, i, prose_blocks < 2)
            prose_blocks += 1

    def _contents(self, lines: list[_Line], i: int) -> int:
        """A table of contents: the ``Contents`` line and the numbered lines under it are
        site furniture (``header``), not headings."""
        self.para += 1
        self.add("header", lines[i].s, lines[i].e)
        i += 1
        first = i
        while (
            i < len(lines)
            and (i == first or not lines[i].gap)
            and _TOC_LINE.fullmatch(lines[i].t)
            and _last_char(lines[i].t) not in ".!?…"
        ):
            self.para += 1
            self.add("header", lines[i].s, lines[i].e)
            i += 1
        return i

    def _prose_lines(self, lines: list[_Line], i: int, dateline: bool) -> int:
        """Prose: line ``i`` and its hard-wrapped continuations. Returns the next line."""
        n = len(lines)
        j = i
        while j + 1 < n and not lines[j + 1].gap and self._joins(lines[j], lines[j + 1]):
            j += 1
        t = lines[i].t
        if j == i and len(t) <= 100 and _KEYVAL.match(t):
            self.stats.infobox_lines += 1
        self.para += 1
        self.prose(lines[i].s, lines[j].e, dateline=dateline)
        return j + 1

    def _end_block(self) -> None:
        self.prev_sentence = None
        self.block_last = None

    def _heading_context(self, lines: list[_Line], i: int) -> bool:
        nxt = self._next(lines, i)
        if nxt is None:
            return False
        t = lines[nxt].t
        if _is_prose(t) or _ATX.match(t):
            return True
        if lines[nxt].heading_shaped():
            nn = self._next(lines, nxt)
            return nn is not None and _is_prose(lines[nn].t)
        return False

    @staticmethod
    def _heading_after(lines: list[_Line], i: int) -> bool:
        """A heading starts a group or follows a line that is complete (not mid-sentence)."""
        ln = lines[i]
        if ln.gap or i == 0:
            return True
        prev = lines[i - 1]
        return prev.skip or _last_char(prev.t) in ".!?…:" or prev.heading_shaped()

    @staticmethod
    def _next(lines: list[_Line], i: int) -> int | None:
        i += 1
        while i < len(lines) and lines[i].skip:
            i += 1
        return i if i < len(lines) else None

    def _joins(self, a: _Line, b: _Line) -> bool:
        """Is ``b`` a hard-wrapped continuation of ``a``? (In markdown every line of a
        paragraph is, up to a list item, heading, quote, table row or footnote.)"""
        ta, tb = a.t, b.t
        if b.skip or b.setext:
            return False
        if self.markdown:
            return not (
                _LIST_ITEM.match(tb) or tb[0] in "#>|" or tb.startswith("[^") or _ENTRY.match(tb)
            )
        if len(ta) < 30:
            return False
        lc = _last_char(ta)
        if lc in ".!?…:;" or _LIST_ITEM.match(tb) or _ATX.match(tb) or _ENTRY.match(tb):
            return False
        c = tb[0]
        if c.islower():
            return True
        if _KEYVAL.match(ta) and _KEYVAL.match(tb):
            return False  # infobox lines: "Commanders and leaders: ..." then "Strength: ..."
        if _INFOBOX_KEY.match(tb):
            return False  # "Part of the Battle of Kursk on the Eastern Front" then "Date: 12 July 1943"
        # the uniform width of wrapped prose
        return 60 <= len(ta) <= 100 and not b.heading_shaped() and not _alt_shaped(ta) and b.indent <= a.indent

    # -- back matter ---------------------------------------------------------------

    def _back_title(self, key: str, s: int, e: int) -> None:
        self.heading("footer", s, e)
        self.mode = "refs" if key in _REFERENCE_TITLES else "footer"
        self._end_block()

    def _back_line(self, lines: list[_Line], i: int) -> int:
        ln = lines[i]
        t = ln.t
        key = _back_matter_key(t)
        if key in _BACK_MATTER:
            self.para += 1
            s, e = self._inner(ln)
            self._back_title(key, s, e)
            return i + 1
        if t.startswith("[^") and _FOOTNOTE_DEF.match(t):
            return self._entry(lines, i, footnote=True)
        if self.mode == "refs" and _ENTRY.match(t) and self._entry_indent_ok(ln):
            return self._entry(lines, i)
        self.para += 1
        self.add("footer", ln.s, ln.e)
        return i + 1

    def _entry_indent_ok(self, ln: _Line) -> bool:
        """An entry starts no deeper than the first entry did (deeper: a continuation line
        that happens to start with a number)."""
        return self.entry_indent is None or ln.indent <= self.entry_indent + 1

    def _entry(self, lines: list[_Line], i: int, footnote: bool = False) -> int:
        """One numbered reference entry: its first line and the lines that continue it."""
        ln = lines[i]
        if footnote:
            m = _FOOTNOTE_DEF.match(ln.t)
            label = m.group("lab")
            number = int(label) if label.isdigit() else None
        else:
            m = _ENTRY.match(ln.t)
            if self.entry_indent is None:
                self.entry_indent = ln.indent
            label = m.group("lab") or m.group("lab0") or m.group("num")
            number = int(label) if label.isdigit() else (int(m.group("num")) if m.group("num") else None)
        parts: list[str] = []
        rest = ln.t[m.end() :].strip()
        if rest:
            parts.append(rest)
        end = ln.e
        j = i + 1
        n = len(lines)
        while j < n:
            nx = lines[j]
            if nx.gap or nx.skip:
                break
            t = nx.t
            c = t[0]
            if c == "[" and _FOOTNOTE_DEF.match(t):
                break
            if len(t) <= 40 and _back_matter_key(t) in _BACK_MATTER:
                break
            if not footnote and (c == "[" or c.isdigit()) and _ENTRY.match(t) and self._entry_indent_ok(nx):
                break
            if footnote and nx.indent == 0:
                break
            parts.append(nx.t)
            end = nx.e
            j += 1
        self.para += 1
        seq = self._push("reference", ln.s, end)
        if seq is not None:
            self.references.append(_reference(len(self.references), label, number, ln.s, end, parts))
            self.stats.references += 1
        return j

    # -- prose ---------------------------------------------------------------------

    def prose(self, bs: int, be: int, dateline: bool = False) -> None:
        text = self.text
        st = self.stats
        st.paragraphs += 1
        self.block_last = None
        if dateline and text[bs].isupper():
            m = _NEWS_DATELINE.match(text, bs, min(be, bs + 160))
            if m:
                self.add("dateline", m.start("dl"), m.end("dl"))
                st.datelines += 1
                d = matched_date(m)  # "BAKU, 29 September 2020 (Reuters) -": the day of the report
                if d is None:  # "GANJA, Azerbaijan (Oct 17, 2020) -"
                    in_brackets = _ANY_DATE.search(text, m.start("dl"), m.end("dl"))
                    d = matched_date(in_brackets) if in_brackets else None
                if d and not self.published:
                    self.published = d
                bs = m.end()
        first_seq = len(self.segments)
        marks = list(_MARKER.finditer(text, bs, be)) if text.find("[", bs, be) >= 0 else []
        self.leads = []
        if marks and marks[0].start() == bs:
            st.leading_marker_paragraphs += 1
        quotes = self._quotes(bs, be)
        nq, qi = len(quotes), 0
        # glued headings are looked for only in blocks with a lower->upper transition
        self.block_glue = _GLUE.search(text, bs, be) is not None
        start = bs
        count = 0
        simple = (
            text.find("!", bs, be) < 0
            and text.find("?", bs, be) < 0
            and text.find("…", bs, be) < 0
            and text.find("..", bs, be) < 0
        )
        for m in (_BOUNDARY_DOT if simple else _BOUNDARY).finditer(text, bs, be):
            ts = m.start()
            ne = m.end()
            c = text[ne] if ne < be else ""
            if nq:
                while qi < nq and quotes[qi][1] < ts:
                    qi += 1
                if qi < nq and quotes[qi][0] < ts:
                    close = quotes[qi][1]
                    if not (m.end("term") <= close < m.end("close")):
                        continue
            if c:
                if c.islower():
                    # lower case never starts a sentence, except after a stray period
                    if not (m.end("term") - ts == 1 and text[ts] == "." and (ts == bs or text[ts - 1].isspace())):
                        continue
                elif not self._is_end(m, ts, c, bs, be):
                    continue
            count += self._sentence(start, m.end("marks"))
            start = ne
        if start < be:
            count += self._tail(start, be)
        if marks:
            self._assign(marks, first_seq)
            self.check_markers()
        if count == 1:
            st.single_sentence += 1
        self.prev_sentence = self.block_last

    def _assign(self, marks: list[re.Match], first_seq: int) -> None:
        """Give each citation marker of a block to its sentence: leading markers to the
        sentence chosen when they were read, the others to the segment that contains them."""
        segs = self.segments
        n = len(segs)
        leads = self.leads
        nl = len(leads)
        k, li = first_seq, 0
        for m in marks:
            p = m.start()
            while li < nl and leads[li][1] <= p:
                li += 1
            if li < nl and leads[li][0] <= p:
                if leads[li][2] is not None:
                    self.cite(leads[li][2], m)
                continue
            while k < n and segs[k].end <= p:
                k += 1
            if k < n and segs[k].start <= p and m.end() <= segs[k].end:
                self.cite(k, m)

    def _quotes(self, bs: int, be: int) -> list[tuple[int, int]]:
        """Double quotations that open and close within the block: (open, close) offsets."""
        text = self.text
        if text.find('"', bs, be) < 0 and text.find("“", bs, be) < 0 and text.find("”", bs, be) < 0:
            return []
        out = []
        open_at = -1
        for m in _QUOTE.finditer(text, bs, be):
            p = m.start()
            q = text[p]
            if q == "“":
                if open_at < 0:
                    open_at = p
            elif q == "”":
                if open_at >= 0:
                    if p - open_at <= 3000:
                        out.append((open_at, p))
                    open_at = -1
            elif open_at < 0:
                open_at = p
            else:
                if p - open_at <= 3000:
                    out.append((open_at, p))
                open_at = -1
        return out

    def _is_end(self, m: re.Match, ts: int, c: str, bs: int, be: int) -> bool:
        """Does the candidate at ``ts`` end a sentence? ``c`` is the next sentence's first char."""
        text = self.text
        if m.end("term") - ts != 1 or text[ts] != ".":
            # ellipsis, ?, !: a sentence ends unless the text runs on in lower case
            return not (c.islower() or c in ",;:")
        prev = text[ts - 1] if ts > bs else " "
        if prev.isspace():
            return True  # a stray period left where a link was removed: ". reasserted control"
        if c.islower():
            return False
        k = text.rfind(" ", max(bs, ts - 40), ts)
        tok = text[(k + 1 if k >= 0 else max(bs, ts - 40)) : ts]
        if len(tok.split()) > 1:  # another kind of whitespace (tab, newline, no-break space)
            tok = tok.split()[-1]
        if tok and tok[0] in "([{\"“‘'«":
            tok = tok.lstrip("([{\"“‘'«")
        if not tok:
            return True
        low = tok.lower()
        if low in _ABBREV:
            return False
        if len(tok) == 1 and tok.isalpha():
            return False  # an initial: "S. Husseinov", "William F. Garrison"
        if c.isdigit() and low in _ABBREV_NUM:
            return False
        if "." in tok and _is_dotted(tok):
            nxt = _WORDCH.match(text, m.end(), min(be, m.end() + 20)).group()
            return nxt in _STARTERS
        return True

    def _sentence(self, s: int, e: int) -> int:
        """Emit the sentence region [s, e): leading markers, glued headings, the sentence."""
        text = self.text
        lead = None
        if text[s] == "[":
            m = _LEADING.match(text, s, e)
            if m:
                target = self.block_last if self.block_last is not None else self.prev_sentence
                lead = [m.start(), m.end(), target]
                self.leads.append(lead)
                s = m.end()
        while self.block_glue and s < e:
            h = self._glued(s, e)
            if h is None:
                break
            self.heading("heading", s, h)
            self.stats.glued_headings += 1
            s = h
        if s < e and e - s <= self.max_chars and not text[s].isspace():
            first = self._push("sentence", s, e)  # the common case of _emit
        else:
            first = self._emit(s, e)
        if first is None:
            return 0
        if lead is not None and lead[2] is None:
            lead[2] = first
        self.block_last = len(self.segments) - 1
        return 1

    def _emit(self, s: int, e: int) -> int | None:
        """Add a sentence, cut into pieces of at most MAX_SEGMENT_CHARS; the first piece's seq."""
        text = self.text
        if s >= e:
            return None
        if text[s].isspace() or text[e - 1].isspace():
            m = _NONWS.search(text, s, e)
            if not m:
                return None
            s = m.start()
            while e > s and text[e - 1].isspace():
                e -= 1
        limit = self.max_chars
        if e - s <= limit:
            return self._push("sentence", s, e)
        first = None
        while e - s > limit:
            w = s + limit
            k = max(text.rfind(" ", s + 1, w + 1), text.rfind("\n", s + 1, w + 1), text.rfind("\t", s + 1, w + 1))
            if k <= s:
                k = w
            seq = self.add("sentence", s, k)
            if first is None:
                first = seq
            m = _NONWS.search(text, k, e)
            if not m:
                return first
            s = m.start()
        seq = self.add("sentence", s, e)
        return first if first is not None else seq

    def _glued(self, s: int, e: int) -> int | None:
        """End of a section heading glued to the sentence starting at ``s``, if there is one."""
        text = self.text
        m = _GLUE.search(text, s + 1, min(e, s + 81))
        if not m:
            return None
        i = m.start()
        prefix = text[s:i]
        if len(prefix) > 70 or not (prefix[0].isupper() or prefix[0].isdigit()):
            return None
        if not _TITLE_LIKE.fullmatch(prefix):
            return None
        last = prefix.rsplit(" ", 1)[-1]
        if last[0].isupper():
            if len(last) < 4 or last.lower() in _CAMEL_PREFIXES:
                return None
        elif len(last) < 2:
            return None
        nw = _WORDCH.match(text, i, min(e, i + 40)).group()
        after = i + len(nw)
        if after >= e or not (text[after].isspace() or text[after] == ","):
            return None
        if self._glued_count(last + nw) > 1:
            return None
        return i

    def _glued_count(self, token: str) -> int:
        """How many words of the document are ``token`` (words with a lower->upper case
        transition only; each word counted once however many transitions it has)."""
        if self._glued_counts is None:
            counts: Counter[str] = Counter()
            text = self.text
            last_start = -1
            for m in _GLUE.finditer(text):
                p = m.start()
                start = p - len(_WORDCH.match(text[max(0, p - 40) : p][::-1]).group())
                if start == last_start:
                    continue  # another transition in the same word ("siegeShellingGrad")
                last_start = start
                counts[text[start : p] + _WORDCH.match(text, p, p + 40).group()] += 1
            self._glued_counts = counts
        return self._glued_counts[token]

    def _tail(self, s: int, e: int) -> int:
        """The end of a block that no sentence end closed: back-matter titles glued together
        at the end of flattened text ("NotesReferences"), or a last sentence."""
        text = self.text
        m = _LEADING.match(text, s, e) if text[s] == "[" else None
        core = m.end() if m else s
        region = text[core:e].strip()
        if self.block_last is not None and region and len(region) <= 80 and _TITLE_LIKE.fullmatch(region):
            cuts = [core] + [g.start() for g in _GLUE.finditer(text, core + 1, e)] + [e]
            parts = [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]
            keys = [_back_matter_key(text[a:b]) for a, b in parts]
            whole = _back_matter_key(region)
            if whole in _BACK_MATTER or (len(parts) > 1 and all(k in _BACK_MATTER for k in keys)):
                if m:
                    self.leads.append([m.start(), m.end(), self.block_last])
                if whole in _BACK_MATTER:
                    parts, keys = [(core, e)], [whole]
                for (a, b), key in zip(parts, keys, strict=True):
                    self._back_title(key, a, b)
                return 0
        return self._sentence(s, e)


_ORG_WORDS = frozenset(
    """news press agency times post daily media service network radio tv reuters associated
    herald tribune journal gazette telegraph chronicle newspaper magazine staff""".split()
)


def _byline_names(names: str) -> tuple[str | None, str | None]:
    """``John Smith, BBC News`` -> (``John Smith``, ``BBC News``): trailing comma-separated
    parts that name an organisation (an acronym, or News/Press/Agency/...) are the publisher."""
    parts = [" ".join(p.split()) for p in names.split(",")]
    org = None
    while len(parts) > 1:
        words = parts[-1].split()
        if any((w.isupper() and len(w) >= 2) or w.lower() in _ORG_WORDS for w in words):
            org = parts.pop()
        else:
            break
    return ", ".join(parts) or None, org


def _is_dotted(tok: str) -> bool:
    """``U.S``, ``U.S.S.R``, ``e.g``: single letters joined by periods."""
    parts = tok.split(".")
    return len(parts) >= 2 and all(len(p) == 1 and p.isalpha() for p in parts)


# --- references ------------------------------------------------------------------------


def _clean(t: str) -> str:
    if "<|" in t:
        t = _JUNK_TOKEN.sub(" ", t)
    if t.startswith("^"):
        t = _BACKLINKS.sub("", t, count=1)  # Wikipedia's "^ a b" jump-back links
    return " ".join(t.split())


def _site_like(part: str) -> bool:
    if not part or len(part.split()) > 8 or any(q in part for q in "\"“”?"):
        return False
    if part.endswith("...") or part.endswith("…"):
        return False
    return part[0].isupper() or part[0].isdigit() or bool(_DOMAIN.fullmatch(part))


def split_title(line: str) -> tuple[str | None, str | None]:
    """A reference's title line -> (title, publisher).

    ``Kalbajar District | Karabakh.org`` -> (``Kalbajar District``, ``Karabakh.org``);
    ``Military occupation of Azerbaijan by Armenia - Rulac`` -> (..., ``Rulac``);
    ``Kalbajar » Official web-site of ...``; a ``[PDF]`` prefix and a trailing ``...`` are
    dropped; a leading ``- `` (an empty site name) is dropped.
    """
    t = _clean(line)
    t = _TITLE_PREFIX.sub("", t, count=1) if t.startswith(("[", "(")) else t
    t = t.lstrip("-–—•· ").strip()
    publisher = None
    for sep in (" | ", " » ", " - ", " – ", " — "):
        if sep not in t:
            continue
        parts = [p.strip(" -–—|»") for p in t.split(sep)]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            continue
        domains = [k for k in range(1, len(parts)) if _DOMAIN.fullmatch(parts[k])]
        if domains:
            k = domains[0]
        elif _site_like(parts[-1]):
            k = len(parts) - 1
        else:
            continue
        publisher = parts[k]
        t = parts[0] if k >= 1 else t
        break
    if t.endswith(("...", "…")):
        t = _TRAILING_ELLIPSIS.sub("", t)
    t = t.strip(" -–—|»")
    return (t or None), publisher


def _reference(seq: int, label: str, number: int | None, s: int, e: int, parts: list[str]) -> ReferenceRecord:
    url = None
    lines: list[str] = []
    for p in parts:
        u = _URL.search(p) if "http" in p else None
        if u and url is None:
            url = u.group().rstrip(".,;:)]")
        if u and u.group() == p.strip():
            continue  # a bare URL line
        lines.append(p)
    title = publisher = excerpt = None
    published = None
    if lines:
        title, publisher = split_title(lines[0])
        rest = _clean(" ".join(lines[1:]))
        if "More results from " in rest:
            rest = _MORE_RESULTS.sub(" ", rest)
        if "Missing:" in rest:
            rest = _MISSING.sub("", rest)
        rest = rest.strip()
        m = _EXCERPT_DATE.match(rest) if rest[:1].isalnum() else None
        if m:
            published = matched_date(m)
            rest = rest[m.end() :].strip()
        excerpt = rest or None
    return ReferenceRecord(
        seq=seq,
        label=label,
        number=number,
        start=s,
        end=e,
        title=title,
        publisher=publisher,
        published=published,
        excerpt=excerpt,
        url=url,
        is_empty=not (title or excerpt or url),
    )


# --- entry points ----------------------------------------------------------------------


def _prepare(lines: list[_Line], markdown: bool) -> None:
    """Mark horizontal rules, setext underlines (their heading above) and fenced code."""
    fence = False
    for k, ln in enumerate(lines):
        t = ln.t
        if markdown and _FENCE.match(t):
            ln.skip = True
            fence = not fence
            continue
        if fence:
            ln.skip = True
            continue
        if len(t) <= 200 and _HR.fullmatch(t):
            ln.skip = True
            if k and not ln.gap and t[0] in "=-" and not lines[k - 1].skip and _heading_shaped(lines[k - 1].t):
                lines[k - 1].setext = True


# The last analysis, so that ``segment(read_bytes(raw))`` does not segment the text twice (the
# reader analyses the layout for the metadata). Keyed by the identity of the text object and
# everything else the result depends on; one entry, replaced atomically.
_last: tuple | None = None


def analyse(text: str, *, title_hint: str | None = None, media_type: str = "text/plain") -> Layout:
    """Segment ``text`` and report what its layout says about the document.

    ``title_hint`` (the HTML ``<title>``) locates the title line among the first lines; the
    lines above it are site header. Raises ``InputRejected`` only, when a limit is exceeded.
    """
    global _last
    key = (
        title_hint,
        media_type,
        limits.MAX_SEGMENT_CHARS,
        limits.MAX_MARKERS_PER_SEGMENT,
        limits.MAX_SEGMENTS_PER_DOCUMENT,
    )
    last = _last
    if last is not None and last[0] is text and last[1] == key:
        return last[2]
    layout = _analyse(text, title_hint, media_type)
    _last = (text, key, layout)
    return layout


def _analyse(text: str, title_hint: str | None, media_type: str) -> Layout:
    b = _Builder(text, media_type)
    lines = _lines(text)
    _prepare(lines, b.markdown)
    i = b.front(lines, title_hint)
    b.body(lines, i)
    for line in lines[-5:]:
        m = _COPYRIGHT.fullmatch(line.t) if len(line.t) <= 120 else None
        if m and not b.publisher:
            b.publisher = m.group("pub").strip(" ,.") or None
    return Layout(
        segmented=Segmented(tuple(b.segments), tuple(b.citations), tuple(b.references)),
        stats=b.stats,
        title=b.title,
        author=b.author,
        published=b.published,
        publisher=b.publisher,
    )


def segment(doc: ReadDocument) -> Segmented:
    """Split a read document into segments, citation markers and its reference list.

    Every segment satisfies ``doc.text[s.start:s.end] == s.text``; segments are in document
    order and do not overlap. Raises ``InputRejected`` when the document exceeds
    ``MAX_SEGMENTS_PER_DOCUMENT`` segments or a segment carries more than
    ``MAX_MARKERS_PER_SEGMENT`` citation markers.
    """
    hint = doc.title if doc.media_type == "text/html" else None  # as the reader did
    return analyse(doc.text, title_hint=hint, media_type=doc.media_type).segmented
