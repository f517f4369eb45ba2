"""Recognise the persons, military units, places and named events a document mentions.

``recognise(text, segments)`` reads the body segments (sentence, heading, title, caption; never
credits, reference entries, bylines, headers or footers) and returns document-local
``EntityRecord``s and ``MentionRecord``s whose offsets point into ``text``.

How it works, in passes over each segment:

1. **Patterns** with an unambiguous shape claim their spans first: infobox lines
   (``Commander1: X``, ``Location: X``), ordinal units (``701st Motorised Rifle Brigade``,
   coordinations ``the 1st, 3rd and 4th Azerbaijani battalions``), units designated by a number
   or a letter (``3 Commando Brigade``, ``2 Para``, ``No. 1 Squadron``, ``B Company``), ``Task Force X``, named events
   (``Battle of X``, ``Operation X``, ``X massacre``, codenames), ``the village of X``, and names of
   organisations and documents, which block everything inside them (``Supreme Court of Azerbaijan``).
2. **Capitalised runs** (maximal sequences of capitalised words, with particles such as
   ``de``) are classified by cues, strongest first: named formation (``Vanadzor Regiment``),
   event head (``First Nagorno-Karabakh War``), title or rank (``Colonel X``, ``the British
   journalist X``), place-type word (``Omar Pass``, ``Kalbajar District``, ``Murov range``,
   ``Mount X``), polity (``X Republic``), gazetteer, person cues (given name, surname ending,
   apposition with a role noun, ``X, who``, verb of saying, ``led by X``), place cues (locative
   preposition, ``X, Country``, capture verb, list after ``villages such as``).
3. **Declared aliases** (``known as``, ``redesignated as``, ``(modern-day Y)``, ``(or Y)``,
   ``X or Y monastery``, ``(Azerbaijani: Y)``, acronyms in parentheses) link a new name to a
   mention just before it.
4. **Propagation**: every name recognised somewhere (and the surnames of full names, the
   alias file's names, spelling variants) is a mention wherever else it occurs as a whole run,
   including sentence-initial positions and title-case headings, where capitalisation is no
   evidence. Coordinations spread a place reading to their bare conjuncts.
5. **Resolution** within the document (``etl.resolve``): surnames and given names to the full
   name in scope, spelling variants, declared aliases, the alias file and ``extra_aliases``.

Everything is compiled once per lexicon; the per-document work is regex scanning plus dict
lookups on the (few) capitalised runs.

Speed (``bench/bench_recognise.py``): what the lexicon alone says about a run's words is
computed once per distinct word sequence (``WordsInfo``, memoised per lexicon, bounded); the
regexes that scan whole segments start with a character class so that the engine skips ahead
(``run_fast``), or are gated by cheap necessary conditions; tests on the text before a run
("is it preceded by a title / a locative / 'led by'?") are made from its end (reversed text,
last word) instead of by searching the whole window. Each such rewrite gives the same result as
the original formulation, kept next to it (``bench_recognise.py --check`` compares them on the
corpus); the output of ``recognise()`` is unchanged.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from etl.dates import MONTHS, WEEKDAYS
from etl.lexicon import Lexicon, PlaceType, default_lexicon
from etl.resolve import variant_names
from etl.names import PARTICLES, fold, skeleton, split_person_name
from etl.types import EntityRecord, MentionRecord, SegmentRecord

READ_KINDS = frozenset({"sentence", "heading", "title", "caption"})

# --- character classes ----------------------------------------------------------------


@lru_cache(maxsize=1)
def _upper_class() -> str:
    """A regex character class of every upper-case and title-case letter."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):  # the Basic Multilingual Plane: the regex engine then uses a fast bitmap
        ch = chr(cp)
        if ch.isupper() or ch.istitle():
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    parts = []
    for a, b in ranges:
        parts.append(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}")
    return "[" + "".join(parts) + "]"


@lru_cache(maxsize=1)
def _upper_re() -> re.Pattern:
    return re.compile(_upper_class())


LOWER = r"[a-zà-öø-ÿəığşçćčšžńłœæāēīōū]"
SP = r"[ \u00a0]"
SENT_END_BEFORE = re.compile(r"(?:^|[.!?:;…][\"”’)\]]*|\n)\s*(?:\[[^\]\n]{1,12}\]\s*)*[\"“‘(\[]?\s*$")
# The same test on the reversed text, anchored where the run starts instead of searched for
# (``$`` may match before a final newline, which the leading \s* covers; ``^`` becomes \Z).
_SENT_END_CHARS = frozenset(".!?:;…\"”’)]“‘([")  # the characters SENT_END_BEFORE can end with after spaces
_SENT_END_BEFORE_REVERSED = re.compile(r"\s*[\"“‘(\[]?(?:\s*\][^\]\n]{1,12}\[)*\s*(?:\Z|[\"”’)\]]*[.!?:;…]|\n)")
CITATION = re.compile(r"\[[^\]\n]{1,12}\]")
DOC_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zà-öø-ÿəığşç]{2,}(?![\w])")
ORDINAL_SUFFIX = {"st", "nd", "rd", "th"}
_QUICK_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)\b")
# (a pre-test only, hence no leading \b: the regex engine then skips ahead to the capitals)
_QUICK_ORDWORD = re.compile(r"(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth)[ \u00a0]")
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
# "the Second Battle of X": an ordinal word (or number) before an event's name is part of it
_EVENT_ORDINAL_BEFORE = re.compile(
    r"(?<![\w-])(?:" + "|".join(w.capitalize() for w in ORDINAL_WORDS) + r"|\d{1,2}(?:st|nd|rd|th))[ \u00a0]+\Z")
LOCATIVE = frozenset(
    "in at from to near into towards toward through around outside inside across via within "
    "throughout beyond reaching reached entered onto over under between".split()
)
CAPTURE_VERBS = frozenset(
    "captured capture seized seize took take occupied occupy recaptured recapture retook retake "
    "liberated liberate entered enter reached reach encircled encircle besieged besiege shelled "
    "bombarded surrounded surround lost abandoned evacuated defended attacked overran "
    "shell bombard".split()
)
_AGENT_ALTERNATIVES = (
    "led commanded chaired headed founded planned ordered signed appointed replaced replacing\\s+\\w+\\s+with "
    "succeeded killed assassinated arrested captured built constructed established written described reported "
    "interviewed elected dismissed supervised directed organised organized by"
).split()
AGENT_BEFORE = re.compile(r"\b(?:" + "|".join(_AGENT_ALTERNATIVES) + r")\s+$")
RELATIVE_AFTER = re.compile(r"^,?\s+who\b")
NAME_WORD_BLOCK = re.compile(
    r"\b(?:the\s+)?(?:names?|words?|terms?|surnames?|nicknames?|codename)\s+(?:such\s+as\s+|like\s+|of\s+)?$",
    re.I,
)
_LIST_NOUNS = (
    "villages towns cities settlements districts regions provinces localities communities areas places mountains "
    "rivers passes"
).split()
_LIST_CUES = ("such as", "including", "include", "included", "like", "namely", "as well as")
LIST_CUE_BEFORE = re.compile(
    r"\b(?:" + "|".join(_LIST_NOUNS) + r")\s*,?\s+(?:" + "|".join(c.replace(" ", r"\s+") for c in _LIST_CUES) + r")\s+$",
    re.I,
)
COMPOUND_AFTER = re.compile(
    r"^[-‐‑](?:based|born|led|controlled|held|backed|brokered|mediated|occupied|administered|"
    r"bound|made|manufactured)\b"
)
DASHES = "-‐‑–"
ORG_NOUNS_AFTER = re.compile(
    r"^\s+(?:[a-z-]+\s+){0,3}?(?:company|companies|group|firm|corporation|manufacturer|brand|"
    r"party|government|agency|newspaper|channel|programme|program|plan|project|report|bank|"
    r"foundation|committee|ministry|organisation|organization|movement)\b"
)


@dataclass(slots=True)
class Cand:
    """A mention candidate (internal, mutable until resolution)."""

    seg: int
    start: int  # absolute
    end: int
    kind: str
    rule: str
    title: str | None = None
    # places
    place_type: str | None = None
    place_kind: str | None = None  # admin | feature | polity | None (bare)
    generic: str | None = None
    core: str | None = None  # the proper-name part
    prefix_generic: bool = False  # "Mount X"
    article: bool = False  # preceded by "the"
    gazetteer: object = None
    # units
    number: int | None = None
    formation: str | None = None
    side: str | None = None
    canonical: str | None = None  # an explicit canonical name (units, coordinations, events)
    parent: int | None = None  # index of a parent unit candidate
    # events
    event_type: str | None = None
    # aliases
    alias_of: int | None = None  # index of the candidate this one is a declared alias of
    alias_rule: str | None = None
    resolution: str | None = None
    curated: str | None = None  # canonical from the alias file / extra aliases


@dataclass(slots=True)
class Run:
    seg: int
    start: int  # absolute
    end: int
    tokens: list[tuple[int, int, str]]  # absolute start, end, text
    initial: bool  # begins a sentence (capitalisation is no evidence)
    covered: bool = False
    coordinable: bool | None = None  # _coordinations: the run passes its word tests (computed once)


@dataclass
class Patterns:
    run: re.Pattern
    token: re.Pattern
    unit: re.Pattern
    unit_word: re.Pattern
    roman_unit: re.Pattern  # "II SS Panzer Corps", "XXX Corps", "VII Army"
    cardinal_unit: re.Pattern  # "12 Platoon", "3 Commando Brigade", "2 Para"
    number_sign_unit: re.Pattern  # "No. 1 Squadron"
    lettered_unit: re.Pattern  # "A Company", "Bravo Company", "Company B"
    place_apposition: re.Pattern  # ", the district's largest town" after a place name
    quick_lettered: tuple[str, ...]  # a pre-test (per document, then segment): lettered_unit's formation words
    ordinal_list: re.Pattern
    title_before: re.Pattern
    title_words: dict[str, int]
    max_title_words: int
    place_of: re.Pattern
    event_of: re.Pattern
    event_prefix: re.Pattern
    event_suffix: re.Pattern
    designated: re.Pattern
    ship: re.Pattern | None  # "HMS Arrow", "ARA General Belgrano" (ship_prefixes.txt)
    numbered_place: re.Pattern | None  # "Highway 10", "Hill 861" (place_types.tsv, position "number")
    quick_numbered_place: tuple[str, ...]
    codename: re.Pattern
    alias_cue: re.Pattern
    alias_paren: re.Pattern
    anaphor_alias: re.Pattern
    it_alias: re.Pattern
    infobox: re.Pattern
    name_phrase: re.Pattern
    suffix_types: list[tuple[tuple[str, ...], PlaceType]]
    polity_words: list[tuple[tuple[str, ...], str]]
    quick_prefix: re.Pattern
    quick_suffix: tuple[str, ...]  # a pre-test: a segment without any of these has no event_suffix match
    quick_event_of: re.Pattern  # pre-tests for event_of and place_of
    quick_place_of: re.Pattern
    place_of_reversed: re.Pattern
    title_last_words: frozenset[str] | None  # lower case; None: no quick pre-test for title_before
    title_last3: frozenset[str]  # the last three letters of those of three letters or more
    suffix_or_formation: frozenset[str]
    # memos of pure functions of one word (for this lexicon)
    excluded_place_word: dict[str, bool] = field(default_factory=dict)
    org_text: dict[str, bool] = field(default_factory=dict)
    words_info: dict[tuple[str, ...], "WordsInfo"] = field(default_factory=dict)


def _title_last_words(titles: Iterable[str]) -> frozenset[str] | None:
    """The last words of the titles, for a quick exact pre-test of ``title_before`` (None when a
    title has characters that the pre-test does not handle)."""
    last = set()
    for t in titles:
        # (a title with other letters than ASCII is fine: the pre-test only decides for ASCII
        # words, and leaves any other to the pattern)
        if not t or any(c in t for c in "(\"“") or t != t.lower() or not t.split() or any(
            c.isspace() and c != " " for c in t
        ):
            return None
        last.add(t.split()[-1])
    return frozenset(last)


_MEMO_LIMIT = 16_384  # entries per word memo, then it starts afresh (bounded memory in workers)


def _memo_put(memo: dict, key: str, value: bool) -> bool:
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


# Arabic articles joined to the name they precede: "Haider al-Abadi", "Abd el-Kader"
_ARABIC_ARTICLES = "al|el|ad|an|ar|as|ash|at|az|ud|ul"


def _alternation(words: Iterable[str]) -> str:
    items = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", f"{SP}+") for w in items)


_PATTERNS: dict[int, tuple[weakref.ref, Patterns]] = {}


def _patterns(lex: Lexicon) -> Patterns:
    cached = _PATTERNS.get(id(lex))
    if cached is not None and cached[0]() is lex:  # (an id can be reused once a lexicon is freed)
        return cached[1]
    up = _upper_class()
    letter = r"[^\W\d_]"
    word = r"[^\W_]"
    glue = rf"(?={up}{LOWER})(?<={LOWER}{{3}})"  # the cheap (rarely true) test first
    token = (
        rf"(?:(?:{up}\.){{2,}}"  # U.S.
        rf"|{up}(?:(?!{glue}){word}|['’](?!s\b)(?={letter})|[{DASHES}](?={up}|\d))*)"
    )
    initial = rf"{up}\.(?={SP}{up})"
    particle = "(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + ")"
    # an Arabic article joined to the name it precedes: "Haider al-Abadi", "Abd el-Kader"
    joined = rf"(?:(?:{_ARABIC_ARTICLES})[-‐](?={up}))?"
    # A capitalised run is
    #   (?:(?<![^\W_])|(?<={LOWER}{3}))(?:{initial}|{token})(?:{SP}(?:{particle}{SP})*(?:{initial}|{token}))*
    # written here (run_fast) so that it starts with the upper-case class: the regex engine then
    # skips ahead to the next capital instead of trying the lookbehinds at every position (3-4x
    # faster). The first letter is shared by the three alternatives of the first token (initial,
    # dotted acronym, word), which keep their order; the lookbehinds move after it and look one
    # character further back. Same matches, same spans.
    first_tail = rf"(?:(?!{glue}){word}|['’](?!s\b)(?={letter})|[{DASHES}](?={up}|\d))*"
    run_fast = (
        rf"{up}(?:(?<![^\W_][\s\S])|(?<={LOWER}{{3}}[\s\S]))(?:\.(?={SP}{up})|\.(?:{up}\.)+|{first_tail})"
        rf"(?:{SP}(?:{particle}{SP})*(?:{initial}|{joined}{token}))*"
    )
    forms = set(lex.formations)
    unit = (
        rf"(?<![\w.])(\d{{1,4}})(st|nd|rd|th){SP}+((?:(?:{up}[\w'’-]*|\({up}[\w'’-]*(?:{SP}{up}[\w'’-]*)?\)|"
        rf"(?i:{_alternation(forms)})){SP}+){{0,5}})"  # ("6th (Poona) Division", "51st (Highland) Division")
        rf"((?i:{_alternation(forms)}))\b"
    )
    unit_word = (
        rf"\b({'|'.join(w.capitalize() for w in ORDINAL_WORDS)}){SP}+((?:{up}[\w'’-]*{SP}+){{0,4}}?)"
        rf"({_alternation(w.capitalize() for w in forms)})\b"
    )
    # designations by a cardinal number, "No." and a number, or a letter: the formation word is
    # capitalised (or in capitals: "3 PARA") and singular, "12 companies" being a count; the
    # words between are capitalised ("3 Commando Brigade", "8 Commando Battery")
    singular = {sg for sg, named in lex.formations.values() if named != "ordinal"}
    proper_form = rf"((?:{_alternation(w.capitalize() for w in singular)}|{_alternation(w.upper() for w in singular)}))"
    designation = rf"{SP}+((?:{up}[\w'’-]+{SP}+){{0,3}}){proper_form}(?![\w&-]|['’](?!s\b))"
    # (matched at a number found before a capitalised run: _numbered_units)
    cardinal_unit = rf"(\d(?<![\w.,:/$£€#–-]\d)\d{{0,2}})(?!\d|[.,:]\d){designation}"
    number_sign_unit = rf"No(?<![\w]No)\.?{SP}*(\d{{1,4}})(?!\d|[.,:]\d){designation}"
    lettered = sorted(lex.lettered_formations)
    lettered_form = rf"(?:{_alternation(w.capitalize() for w in lettered)})"
    # "A Company", "Bravo Company" (the letter word is checked in _lettered_unit); "Company B"
    lettered_unit = (
        rf"(?:([A-Z](?<![\w.'’&-][A-Z])[A-Za-z-]*){SP}+({lettered_form})|(?<![\w'’-])({lettered_form})"
        rf"{SP}+([A-Z]))(?![\w&-]|['’](?!s\b)|\.\w)"
    ) if lettered else r"(?!)"
    # "Horadiz, the district's largest town": an apposition whose head is a place word
    place_apposition = (
        rf",{SP}+(?:the|a|an){SP}+(?:[\w'’-]+{SP}+){{0,4}}?(?:{_alternation(w for w in lex.place_of if not w.endswith('s'))})"
        rf"(?={SP}*(?:[,.;:)]|$)|{SP}+(?:of|in|on|near|where|which|that|north|south|east|west|some|about|between)\b)"
    )
    ordinal_list = r"((?:\d{1,4}(?:st|nd|rd|th)\s*,\s*)*\d{1,4}(?:st|nd|rd|th)\s*,?\s+(?:and|or|&)\s+)$"
    title_before = rf"(?:^|(?<=[\s(\"“]))((?:{_alternation(lex.titles)}))[ \u00a0]+$"
    title_words = {}
    for t in lex.titles:
        title_words[t] = len(t.split())
    place_of_words = _alternation(lex.place_of)
    name_run = rf"(?:{token})(?:{SP}(?:{particle}{SP})*(?:{token}))*"
    place_of = rf"\b((?i:{place_of_words}))s?{SP}+of{SP}+(?:the{SP}+)?({name_run})"
    event_of = rf"(?<![\w-])((?:{_alternation(w.capitalize() for w in lex.events_of)}){SP}+of{SP}+(?:the{SP}+)?{name_run})"
    event_prefix = rf"(?<![\w-])(?:{_alternation(w.capitalize() for w in lex.events_prefix)}){SP}+{name_run}"
    # name_run starting with the upper-case class (see run_fast): the engine skips to capitals
    name_run_fast = rf"{up}(?:\.(?:{up}\.)+|{first_tail})(?:{SP}(?:{particle}{SP})*(?:{token}))*"
    event_suffix = rf"({name_run_fast}){SP}+({_alternation(lex.events_suffix)})\b"
    # formations named by a designation: "Task Force Tarawa", "Tarawa Task Force", "Army Group
    # Centre", "Army Group A", "Kampfgruppe Peiper", "Combat Command B", "Task Force 16",
    # "Regimental Combat Team 7"
    designated = (
        rf"\b(Task{SP}+Force|Army{SP}+Group|Battle{SP}?[Gg]roup|Kampfgruppe|Combat{SP}+Command"
        rf"|(?:Regimental|Brigade){SP}+Combat{SP}+Team){SP}+"
        rf"(?:{name_run}|\d{{1,3}}(?:\.\d{{1,2}})?(?![\w.,]\d|\w))"  # "Task Force 16", "Task Force 58.1"
        rf"|{name_run}{SP}+(Task{SP}+Force)\b"
    )
    ship = (rf"(?<![\w.-])({_alternation(lex.ship_prefixes)}){SP}+({up}[\w'’-]*(?:{SP}{up}[\w'’-]*){{0,3}})"
            if lex.ship_prefixes else None)
    codename = rf"\b(?:code-?named|code{SP}name[sd]?|dubbed)\s+[\"“']?({up}[^\"”'\n]{{1,60}}?)[\"”']?(?=[,.;)]|\s+(?:was|is|and|by)\b)"
    phrase = rf"(?:{name_run})(?:{SP}+(?:of|of{SP}+the|and|de|del|la){SP}+(?:{name_run}))*"
    alias_cue = (
        rf"(?:\s*,|\s*[—–(]|\s)\s*(?:(?:also|formerly|previously|later|locally|commonly|sometimes)\s+)?"
        rf"(?:known|referred\s+to|called|spelled|spelt)\s+as\s+(?:the\s+)?({phrase})((?:\s*,?\s+or\s+(?:the\s+)?(?:{phrase}))*)"
    )
    alias_paren = (
        rf"\s*\(\s*(?:(modern-day|present-day|modern|today|now|formerly|former|or|also|aka|a\.k\.a\.)\s+"
        rf"|({up}\w*)?\s*:\s*|)((?:{token})(?:{SP}+(?:{token}|rayonu|rayon|kəndi))*)\s*\)"
    )
    anaphor_alias = (
        rf"\b(?i:the|this|that)\s+((?i:district|region|town|city|village|province|area|territory|"
        rf"settlement|operation|battle|war|offensive))\s+(?:was|is|had\s+been|has\s+been|were)\s+"
        rf"(?:later\s+|officially\s+|then\s+|also\s+)?(?:redesignated|renamed|known|called|rechristened)\s+(?:as\s+)?(?:the\s+)?({phrase})"
    )
    it_alias = rf"^\s*(?:It|This|The\s+\w+)\s+(?:is|was|has\s+been)\s+(?:also\s+)?(?:known|referred\s+to|called)\s+as\s+(?:the\s+)?({phrase})"
    infobox = r"^\s*(Commanders?|Leaders?|Location|Place|Site)\s*\d*\s*:\s*(.+?)\s*$"
    suffix_types = []
    for w, pt in lex.place_suffix.items():
        suffix_types.append((tuple(w.split()), pt))
    suffix_types.sort(key=lambda x: len(x[0]), reverse=True)
    polity_words = sorted(((tuple(k.split()), v) for k, v in lex.polities.items()), key=lambda x: len(x[0]), reverse=True)
    pats = Patterns(
        run=re.compile(run_fast),
        token=re.compile(rf"{initial}|{joined}{token}|{particle}(?={SP})"),
        unit=re.compile(unit),
        unit_word=re.compile(unit_word),
        roman_unit=re.compile(
            rf"(?<![\w.'’-])([IVXL]{{1,7}}){SP}+((?:{up}[\w'’-]*{SP}+){{0,3}}?)(Corps|Army)(?![\w-])"
        ),
        cardinal_unit=re.compile(cardinal_unit),
        number_sign_unit=re.compile(number_sign_unit),
        lettered_unit=re.compile(lettered_unit),
        place_apposition=re.compile(place_apposition),
        quick_lettered=tuple(w.capitalize() for w in lettered),
        ordinal_list=re.compile(ordinal_list),
        title_before=re.compile(title_before, re.I),
        title_words=title_words,
        max_title_words=max(title_words.values(), default=1),
        place_of=re.compile(place_of),
        event_of=re.compile(event_of),
        event_prefix=re.compile(event_prefix),
        event_suffix=re.compile(event_suffix),
        designated=re.compile(designated),
        ship=re.compile(ship) if ship else None,
        numbered_place=re.compile(
            rf"(?<![\w-])({_alternation(w.capitalize() for w in lex.place_number)}){SP}+(\d{{1,4}})(?![\w,.]\d|[\w-])"
        ) if lex.place_number else None,
        quick_numbered_place=tuple(w.capitalize() for w in lex.place_number),
        codename=re.compile(codename),
        alias_cue=re.compile(alias_cue),
        alias_paren=re.compile(alias_paren),
        anaphor_alias=re.compile(anaphor_alias),
        it_alias=re.compile(it_alias),
        infobox=re.compile(infobox),
        name_phrase=re.compile(phrase),
        suffix_types=suffix_types,
        polity_words=polity_words,
        # pre-tests: necessary conditions for a match, cheap to scan for
        quick_prefix=re.compile(rf"(?:{_alternation(w.capitalize() for w in lex.events_prefix)})"),
        quick_suffix=tuple(sorted({w.split()[0] for w in lex.events_suffix if w.split()})),
        quick_event_of=re.compile(rf"(?:{_alternation(w.capitalize() for w in lex.events_of)}){SP}+of"),
        quick_place_of=re.compile(rf"of{SP}+(?:the{SP}+)?{up}"),
        place_of_reversed=re.compile(rf"{SP}+s?(?i:{_alternation(w[::-1] for w in lex.place_of)})"),
        title_last_words=_title_last_words(lex.titles),
        title_last3=frozenset(w[-3:] for w in _title_last_words(lex.titles) or () if len(w) >= 3),
        suffix_or_formation=frozenset(lex.place_suffix) | frozenset(lex.formations),
    )
    key = id(lex)

    def _forget(ref: weakref.ref, key: int = key) -> None:
        if _PATTERNS.get(key, (None,))[0] is ref:
            del _PATTERNS[key]

    _PATTERNS[key] = (weakref.ref(lex, _forget), pats)
    return pats


# --- the document state ------------------------------------------------------------------


@dataclass
class Doc:
    text: str
    lex: Lexicon
    pats: Patterns
    lower_words: set[str]
    cands: list[Cand] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    claimed: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # seg -> spans
    blocked: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    segs: dict[int, SegmentRecord] = field(default_factory=dict)
    titlecase: set[int] = field(default_factory=set)
    by_seg: dict[int, list[int]] = field(default_factory=dict)
    run_matches: dict[int, list[re.Match]] = field(default_factory=dict)
    lettered: bool = False  # the text has a capitalised lettered formation word ("Company")
    runs_by_seg: dict[int, list[Run]] | None = None  # (_coordinations: made once, the runs being all found)

    def overlaps(self, seg: int, start: int, end: int) -> bool:
        for a, b in self.claimed.get(seg, ()):
            if a < end and start < b:
                return True
        for a, b in self.blocked.get(seg, ()):
            if a < end and start < b:
                return True
        return False

    def claim(self, seg: int, start: int, end: int) -> None:
        self.claimed.setdefault(seg, []).append((start, end))

    def block(self, seg: int, start: int, end: int) -> None:
        self.blocked.setdefault(seg, []).append((start, end))

    def add(self, cand: Cand) -> int:
        self.cands.append(cand)
        self.claim(cand.seg, cand.start, cand.end)
        self.by_seg.setdefault(cand.seg, []).append(len(self.cands) - 1)
        return len(self.cands) - 1

    def seg_cands(self, seg: int) -> list[int]:
        return self.by_seg.get(seg, [])

    def is_common(self, word: str) -> bool:
        w = word.casefold()
        return w in self.lex.common_words or w in self.lower_words


# --- public API ----------------------------------------------------------------------------


def recognise(
    text: str,
    segments: Sequence[SegmentRecord],
    *,
    lexicon: Lexicon | None = None,
    extra_aliases: Iterable[tuple[str, str, str]] = (),
) -> tuple[tuple[EntityRecord, ...], tuple[MentionRecord, ...]]:
    """Find the persons, units, places and named events in ``segments`` of ``text``."""
    from etl.resolve import resolve

    lex = lexicon or default_lexicon()
    pats = _patterns(lex)
    # == set(DOC_LOWER_WORD.findall(text)): a match lies within a whitespace-separated token and
    # depends on nothing outside it, so scanning each distinct token once (space-separated) is enough
    lower_words = set(DOC_LOWER_WORD.findall(" ".join(set(text.split()))))
    doc = Doc(text=text, lex=lex, pats=pats, lower_words=lower_words,
              lettered=any(w in text for w in pats.quick_lettered))
    readable = [s for s in segments if s.kind in READ_KINDS and s.end > s.start]
    for seg in readable:
        doc.segs[seg.seq] = seg
        if _looks_titlecase(seg.text) or (seg.kind in ("title", "heading") and _all_capitalised(seg.text)):
            doc.titlecase.add(seg.seq)
    for seg in readable:
        _patterns_pass(doc, seg)
    for seg in readable:
        _runs_pass(doc, seg)
    _coordinations(doc)
    stable = len(doc.cands)  # (every segment is as _coordinations leaves it, see there)
    _designated_parents(doc)
    _declared_aliases(doc, readable)
    _propagate(doc, extra_aliases)
    _coordinations(doc, {c.seg for c in doc.cands[stable:]})
    _reconcile(doc)
    return resolve(doc.text, doc.cands, lex, extra_aliases)


WEAK_PLACE_RULES = frozenset(
    {"place.preposition", "place.coordination", "place.capture_verb", "place.in_document", "place.variant", "place.list",
     "place.comma_country"}
)


def _reconcile(doc: Doc) -> None:
    """A weakly cued place that is the name or surname of a person of the document is that person
    ("in Sargsyan's words")."""
    names: set[str] = set()
    for c in doc.cands:
        if c.kind == "person" and c.rule not in ("person.in_document", "person.surname_in_document"):
            surface = doc.text[c.start:c.end]
            names.add(fold(surface))
            if len(surface.split()) >= 2:
                surname = split_person_name(surface)[1]
                if surname:
                    names.add(fold(surname))
    if not names:
        return
    for c in doc.cands:
        if c.kind == "place" and c.rule in WEAK_PLACE_RULES and c.gazetteer is None:
            if fold(doc.text[c.start:c.end]) in names:
                c.kind, c.rule, c.core, c.place_type = "person", "person.surname_in_document", None, None


_TC_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _all_capitalised(s: str) -> bool:
    words = _TC_WORD.findall(s)
    return bool(words) and all(w[0].isupper() for w in words)


_SPACE_LOWER = re.compile(r" [a-z]")
_ASCII_CASES = bytes.maketrans(bytes(range(97, 123)) + bytes(range(65, 91)), b"a" * 26 + b"A" * 26)


def _looks_titlecase(s: str) -> bool:
    # Quick exact rejection of ordinary sentences: every " x" (space, lower-case letter) starts
    # a word that is not capitalised, and every capitalised word starts with a capital, so with
    # fewer than three capitals per such word the 75% below cannot be reached.
    if s.isascii():
        t = s.encode("ascii").translate(_ASCII_CASES)  # lower-case letters -> a, capitals -> A
        lower_starts = t.count(b" a")
        if lower_starts and t.count(b"A") < 3 * lower_starts:
            return False
    else:
        lower_starts = len(_SPACE_LOWER.findall(s))
        if lower_starts and len(_upper_re().findall(s)) < 3 * lower_starts:
            return False
    words = _TC_WORD.findall(s)
    if len(words) < 4:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    small_caps = sum(1 for w in words if w in ("Of", "In", "On", "At", "To", "For", "Over", "After", "From", "With", "And", "The"))
    return caps >= 0.75 * len(words) and (small_caps > 0 or caps == len(words))


# --- pass 1: patterns with an unambiguous shape ----------------------------------------------

_OTHER_INFOBOX = re.compile(r"^\s*[A-Z][\w ]{0,20}\d*\s*:\s")
_NAMES_AS_WORDS = re.compile(r"\b(?:names?|words?|terms?|surnames?)\s+(?:such\s+as\s+|like\s+|of\s+)?(?=[A-Z])")
_LIST_REST = re.compile(r"[^.;:()]*")


_DESIGNATION_WORDS = ("Task", "Group", "group", "Kampf", "Combat")  # (a cheap test before the regex)


def _patterns_pass(doc: Doc, seg: SegmentRecord) -> None:
    s, off, lex, pats = seg.text, seg.start, doc.lex, doc.pats
    if ":" in s:  # (every infobox line has one)
        if "\n" in s and seg.kind != "caption" and _OTHER_INFOBOX.match(s):
            # infobox lines the segmenter left in one segment: each line on its own, when all are
            lines = [(lm.start(), lm.group()) for lm in _LINE.finditer(s) if lm.group().strip()]
            parts = [SegmentRecord(seq=seg.seq, kind=seg.kind, start=off + a, end=off + a + len(t), text=t)
                     for a, t in lines]
            if all(pats.infobox.match(p.text) or _is_other_infobox(p) for p in parts):
                for p in parts:
                    _infobox_line(doc, p)
                return
        if _infobox_line(doc, seg):
            return
    # names cited as words: "the name Kalbajar", "names such as Arzu, Tursun ..."
    for m in (_NAMES_AS_WORDS.finditer(s) if ("name" in s or "word" in s or "term" in s) else ()):
        end = m.end()
        lst = _LIST_REST.match(s, end)
        stop = lst.end() if lst else end
        if "such as" in m.group(0) or "like" in m.group(0):
            doc.block(seg.seq, off + end, off + stop)
        else:
            r = pats.run.match(s, end)
            if r:
                doc.block(seg.seq, off + r.start(), off + r.end())
    doc.run_matches[seg.seq] = runs_here = list(pats.run.finditer(s))
    if not runs_here:
        return
    # codenames
    for m in (pats.codename.finditer(s) if ("code" in s or "dubbed" in s) else ()):
        name = m.group(1).strip()
        a = off + m.start(1)
        doc.add(Cand(seg.seq, a, a + len(name), "event", "event.codename", event_type="offensive", canonical=name))
    # ordinal units
    has_ordinal = _QUICK_ORDINAL.search(s) is not None
    for m in (pats.unit.finditer(s) if has_ordinal else ()):
        _unit(doc, seg, m)
    for m in (pats.unit_word.finditer(s) if _QUICK_ORDWORD.search(s) else ()):
        if not doc.overlaps(seg.seq, off + m.start(), off + m.end()):
            _unit(doc, seg, m, word_ordinal=True)
    for m in (pats.roman_unit.finditer(s) if "Corps" in s or "Army" in s else ()):
        number = _roman(m.group(1))
        if number and not doc.overlaps(seg.seq, off + m.start(), off + m.end()):
            mid_words = m.group(2).split()
            doc.add(Cand(seg.seq, off + m.start(), off + m.end(), "unit", "unit.roman_formation", number=number,
                         formation=m.group(3).lower(), side=_unit_side(lex, mid_words, s[: m.start()]),
                         canonical=_norm_space(m.group(0))))
    _numbered_units(doc, seg, runs_here)
    if doc.lettered and seg.seq not in doc.titlecase and any(w in s for w in pats.quick_lettered):
        for m in pats.lettered_unit.finditer(s):
            _lettered_unit(doc, seg, m)
    for m in (pats.designated.finditer(s) if any(w in s for w in _DESIGNATION_WORDS) else ()):
        if not doc.overlaps(seg.seq, off + m.start(), off + m.end()):
            formation = _norm_space(m.group(1) or m.group(2)).lower()  # "task force", "army group"...
            doc.add(Cand(seg.seq, off + m.start(), off + m.end(), "unit", "unit." + formation.replace(" ", "_"),
                         formation=formation, canonical=_norm_space(m.group(0))))
    # places named by a number: "reached Highway 10", "held Hill 861"
    for m in (pats.numbered_place.finditer(s) if pats.numbered_place is not None
              and any(w in s for w in pats.quick_numbered_place) else ()):
        if not doc.overlaps(seg.seq, off + m.start(), off + m.end()):
            pt = lex.place_number[m.group(1).casefold()]
            doc.add(Cand(seg.seq, off + m.start(), off + m.end(), "place", "place.numbered", core=m.group(2),
                         place_type=pt.place_type, place_kind=pt.kind, generic=pt.generic, prefix_generic=True))
    # ships: equipment, no entity (nor a place: "naval gunfire from HMS Arrow")
    for m in (pats.ship.finditer(s) if pats.ship is not None and any(p in s for p in lex.ship_prefixes) else ()):
        doc.block(seg.seq, off + m.start(), off + m.end())
    # named events
    has_of = " of" in s or "\u00a0of" in s
    for m in (pats.event_of.finditer(s) if has_of and pats.quick_event_of.search(s) else ()):
        a, b = off + m.start(1), off + m.end(1)
        if doc.overlaps(seg.seq, a, b):
            continue
        head = m.group(1).split()[0].casefold()
        if head in ("defence", "defense") and _OF_BEFORE.search(s, max(0, m.start(1) - 4), m.start(1)):
            continue  # "the Ministry of Defence of Georgia": a ministry's name, not a battle
        # "the Second Battle of Fallujah" is not the first: the ordinal is part of the name
        o = _EVENT_ORDINAL_BEFORE.search(s, max(0, m.start(1) - 12), m.start(1))
        if o is not None and not doc.overlaps(seg.seq, off + o.start(), a):
            a = off + o.start()
        doc.add(Cand(seg.seq, a, b, "event", "event.battle_of" if head == "battle" else f"event.{head}_of",
                     event_type=lex.events_of.get(head, "other"), canonical=_norm_space(doc.text[a:b])))
    for m in (pats.event_prefix.finditer(s) if pats.quick_prefix.search(s) else ()):
        a, b = off + m.start(), off + m.end()
        if doc.overlaps(seg.seq, a, b):
            continue
        name = _trim_run_text(doc, m.group(0))
        head = m.group(0).split()[0].casefold()
        doc.add(Cand(seg.seq, a, a + len(name), "event", f"event.{head}", event_type=lex.events_prefix.get(head, "other"),
                     canonical=_norm_space(name)))
    for m in (pats.event_suffix.finditer(s) if any(w in s for w in pats.quick_suffix) else ()):
        a, b = off + m.start(1), off + m.end(2)
        if doc.overlaps(seg.seq, a, b):
            continue
        name_part = m.group(1)
        # keep only the proper-name tail of the run ("the Bashlibel", sentence-initial words)
        toks = name_part.split()
        while toks and (doc.is_common(toks[0]) or toks[0].casefold() in lex.demonyms) and len(toks) > 0:
            toks = toks[1:]
        if not toks or toks[-1].casefold() in lex.demonyms or any(t.casefold() in lex.demonyms for t in toks):
            continue
        tail = " ".join(toks)
        idx = name_part.rfind(toks[0])
        a2 = off + m.start(1) + idx
        doc.add(Cand(seg.seq, a2, b, "event", "event.named_suffix", event_type=lex.events_suffix[m.group(2).casefold()],
                     canonical=_norm_space(s[a2 - off:b - off])))
        _ = tail
    # "the village of X", "the villages of X and Y"
    for m in (pats.place_of.finditer(s) if has_of and _place_of_possible(s, pats) else ()):
        word = m.group(1).casefold()
        pt = lex.place_of.get(word) or lex.place_of.get(word.rstrip("s"))
        a, b = off + m.start(2), off + m.end(2)
        if pt is None or doc.overlaps(seg.seq, a, b):
            continue
        name = m.group(2)
        more = _AND_NAME.match(s, m.end(2))
        if more and fold(name + " and " + more.group(1)) in lex.gazetteer:
            name, b = name + " and " + more.group(1), off + more.end()  # "the capital of Bosnia and Herzegovina"
        if name.casefold() in lex.demonyms or _has_org_word(lex, name.split()):
            continue
        pw = re.search(r"([A-Z][\w'’-]*)[ \u00a0]+$", s[: m.start(1)])
        if pw and m.group(1)[0].islower() and not doc.is_common(pw.group(1)):
            continue  # "the Toghanali village of the Goygol district": a suffix, not "village of"
        if _FOLLOWING_TYPE.match(s[m.end(2):]) and (lex.place_suffix.get(_FOLLOWING_TYPE.match(s[m.end(2):]).group(1))):
            continue
        singular = word[:-3] + "y" if word.endswith("ies") else word.rstrip("s")  # ("cities of")
        i = doc.add(Cand(seg.seq, a, b, "place", f"place.{singular}_of", place_type=pt.place_type, core=name))
        _ = i
    # organisation and document names block everything inside them, and "of X" after them
    if seg.seq not in doc.titlecase:
        _block_orgs(doc, seg)


_LINE = re.compile(r"[^\n]+")
_AND_NAME = re.compile(r"[ \u00a0]+and[ \u00a0]+([A-Z][\w'’-]*(?:[ \u00a0]+[A-Z][\w'’-]*)*)")


def _is_other_infobox(seg: SegmentRecord) -> bool:
    s = seg.text
    # (a title is no infobox line: "Orlavo district: Flash Update No. 4")
    return ":" in s and len(s) < 200 and seg.kind not in ("caption", "title") and _OTHER_INFOBOX.match(s) is not None


def _infobox_line(doc: Doc, seg: SegmentRecord) -> bool:
    """An infobox line: its names (``Commander1: X``, ``Location: X``) are found, and the other
    lines (Date:, Result:, Strength1:), which hold no names we annotate, are blocked."""
    m = doc.pats.infobox.match(seg.text)
    if m:
        _infobox(doc, seg, m)
        return True
    if _is_other_infobox(seg):
        doc.block(seg.seq, seg.start, seg.end)
        return True
    return False


def _place_of_possible(s: str, pats: Patterns) -> bool:
    """A necessary condition for a ``place_of`` match: "of" (and maybe "the") before a capital,
    after a place word (and maybe "s") and spaces, checked on the reversed text before it."""
    for m in pats.quick_place_of.finditer(s):
        if pats.place_of_reversed.match(s[: m.start()][::-1]):
            return True
    return False


def _norm_space(s: str) -> str:
    return " ".join(s.split())


def _trim_run_text(doc: Doc, s: str) -> str:
    return s.rstrip()


def _has_org_word(lex: Lexicon, tokens: Sequence[str]) -> bool:
    is_org_word = lex.is_org_word
    for t in tokens:
        if is_org_word(t):
            return True
    return False


_ORG_KINDS = ("org", "document")


def _has_org_word_lw(lex: Lexicon, lw: Sequence[str]) -> bool:
    """_has_org_word on words already casefolded (lex.is_org_word's test, without its memo)."""
    get = lex.nonentities.get
    for t in lw:
        if get(t.strip(".")) in _ORG_KINDS:
            return True
    return False


_ORG_CHAIN_CONNECT = re.compile(r"^(?:\s+(?:of|for|and|on|with|in)\s+(?:the\s+)?(?:former\s+)?)")  # ("Tribunal for the former Yugoslavia")


def _block_orgs(doc: Doc, seg: SegmentRecord) -> None:
    s, off, lex, pats = seg.text, seg.start, doc.lex, doc.pats
    runs = doc.run_matches.get(seg.seq, [])
    org_text = pats.org_text
    unit_spans: list[tuple[int, int]] | None = None  # (made when first needed)
    i = 0
    while i < len(runs):
        r = runs[i]
        text = r.group()
        org = org_text.get(text)  # _has_org_word(lex, text.split()), remembered per text
        if org is None:
            org = _memo_put(org_text, text, _has_org_word(lex, text.split()))
        if not org:
            i += 1
            continue
        toks = text.split()
        org = not _is_gazetteer(lex, text)
        if org and _unit_like(lex, toks):
            org = False
        if org:
            if unit_spans is None:
                unit_spans = [(c.start - off, c.end - off) for c in map(doc.cands.__getitem__, doc.seg_cands(seg.seq))
                              if c.kind == "unit"]
            if any(a < r.end() and r.start() < b for a, b in unit_spans):
                org = False  # a unit found by a pattern: "B Company"
        if org:
            fm = re.match(r"^[ \u00a0]+([a-z]+)\b", s[r.end():])
            if fm and lex.formations.get(fm.group(1), ("", ""))[1] == "yes":
                org = False  # "Somali National Alliance militia"
            elif len(toks) == 2 and toks[1] == "Force" and not doc.is_common(toks[0]) and \
                    toks[0].casefold() not in lex.demonyms and not _is_gazetteer(lex, toks[0]):
                org = False  # "Delta Force"
        if not org:
            i += 1
            continue
        start, end = r.start(), r.end()
        j = i + 1
        while j < len(runs):
            gap = s[end:runs[j].start()]
            if "and" in gap and _titled_name(lex, runs[j].group()):
                break  # "the Central Bank and General Nikolai Vatutin": a person, not the org's name
            if "of" in gap and runs[j].group().rsplit(None, 1)[-1].casefold() in lex.formations:
                break  # "Chief of Staff of the Tesmir Corps": a formation, not the org's name
            if _ORG_CHAIN_CONNECT.fullmatch(gap) or gap in (" ", "\u00a0"):
                end = runs[j].end()
                j += 1
                continue
            break
        doc.block(seg.seq, off + start, off + end)
        i = j
    # "of (the) X" after a unit name is part of the unit's designation
    for ci in doc.seg_cands(seg.seq):
        c = doc.cands[ci]
        if c.kind == "unit":
            tail = s[c.end - off:]
            m = _OF_THE.match(tail)
            if m:
                r = pats.run.match(tail, m.end())
                if r and ("the" in m.group(0) or _is_gazetteer(lex, r.group(0)) or r.group(0).isupper()):
                    doc.block(seg.seq, c.end + r.start(), c.end + r.end())


def _titled_name(lex: Lexicon, run_text: str) -> bool:
    """A title or rank followed by at least one more capitalised word: "General Nikolai Vatutin"."""
    words = run_text.split()
    return len(words) >= 2 and words[0].casefold().rstrip(".") in lex.titles


def _unit_like_lw(lex: Lexicon, lw: Sequence[str]) -> bool:
    """_unit_like on words already casefolded."""
    info = lex.formations.get(lw[-1])
    if not info:
        return False
    named = info[1]
    if named == "yes":
        return True
    if named == "cue":
        return not lex.military_words.isdisjoint(lw[:-1])
    return False


def _unit_like(lex: Lexicon, toks: Sequence[str]) -> bool:
    return _unit_like_lw(lex, [t.casefold() for t in toks])


def _is_gazetteer(lex: Lexicon, name: str) -> bool:
    return fold(name) in lex.gazetteer


def _infobox(doc: Doc, seg: SegmentRecord, m: re.Match) -> None:
    key, value = m.group(1).casefold(), m.group(2)
    vstart = seg.start + m.start(2)
    doc.block(seg.seq, seg.start, vstart)
    for part in re.finditer(r"[^,;]+", value):
        item = part.group(0)
        if key.startswith(("commander", "leader")):
            for sub in re.finditer(r"(?:(?!\band\b)[^&])+", item):
                piece = sub.group(0)
                lead = len(piece) - len(piece.lstrip())
                name = piece.strip()
                a = vstart + part.start() + sub.start() + lead
                title, name, a = _strip_title(doc, name, a)
                name = re.sub(r"\s*\(.*$", "", name)
                if name and name[0].isupper():
                    doc.add(Cand(seg.seq, a, a + len(name), "person", "person.infobox", title=title))
        else:
            lead = len(item) - len(item.lstrip())
            name = re.sub(r"\s*\(.*$", "", item.strip())
            a = vstart + part.start() + lead
            for pa, pb in _place_conjuncts(doc.lex, name):
                doc.add(Cand(seg.seq, a + pa, a + pb, "place", "place.infobox", core=name[pa:pb]))


_AND = re.compile(r"[ \u00a0]+(?:and|&)[ \u00a0]+")


def _place_conjuncts(lex: Lexicon, name: str) -> list[tuple[int, int]]:
    """The spans of the places a place name of an infobox stands for: "Darwin and Goose Green"
    is two places when both parts are capitalised, "Bosnia and Herzegovina" (a gazetteer name)
    one."""
    if not name or not name[0].isupper():
        return []
    if not _AND.search(name) or _is_gazetteer(lex, name):
        return [(0, len(name))]
    spans, a = [], 0
    for m in _AND.finditer(name):
        spans.append((a, m.start()))
        a = m.end()
    spans.append((a, len(name)))
    if all(name[x:y][:1].isupper() for x, y in spans):
        return spans
    return [(0, len(name))]


def _strip_title(doc: Doc, name: str, a: int) -> tuple[str | None, str, int]:
    words = name.split()
    for n in range(min(doc.pats.max_title_words, len(words) - 1), 0, -1):
        cand = " ".join(words[:n]).casefold()
        if cand in doc.lex.titles:
            rest = name.split(None, n)[-1]
            return " ".join(words[:n]), rest, a + name.index(rest)
    return None, name, a


def _unit(doc: Doc, seg: SegmentRecord, m: re.Match, *, word_ordinal: bool = False) -> None:
    lex, off, s = doc.lex, seg.start, seg.text
    a, b = off + m.start(), off + m.end()
    if doc.overlaps(seg.seq, a, b):
        return
    if word_ordinal:
        number, suffix = ORDINAL_WORDS[m.group(1).casefold()], None
        mid, form = m.group(2), m.group(3)
    else:
        number, suffix = int(m.group(1)), m.group(2)
        mid, form = m.group(3), m.group(4)
    mid_words = mid.split()
    if any(not (w.lstrip("(")[:1].isupper() or w.casefold() in lex.formations) for w in mid_words):
        return
    if form[0].islower() and form.casefold() in lex.common_words:
        return  # "his 51st flight": a lower-case formation word that is also a common word
    singular, named = lex.formations[form.casefold()]
    before = s[: m.start()]
    side = _unit_side(lex, mid_words, before)
    ordinal_text = m.group(1) + (suffix or "") if not word_ordinal else m.group(1)
    formation_title = " ".join(w.capitalize() for w in singular.split())
    mid_norm = " ".join(mid_words)
    canonical = " ".join(x for x in (ordinal_text, mid_norm, formation_title) if x)
    main = doc.add(Cand(seg.seq, a, b, "unit", "unit.ordinal_formation", number=number, formation=singular, side=side,
                        canonical=canonical))
    # coordination: "the 1st, 3rd and 4th Azerbaijani battalions"
    if not word_ordinal:
        lm = doc.pats.ordinal_list.search(before)
        if lm:
            for om in re.finditer(r"(\d{1,4})(st|nd|rd|th)", lm.group(1)):
                oa = off + lm.start(1) + om.start()
                ob = off + lm.start(1) + om.end()
                name = " ".join(x for x in (om.group(0), mid_norm, formation_title) if x)
                doc.add(Cand(seg.seq, oa, ob, "unit", "unit.coordination", number=int(om.group(1)), formation=singular,
                             side=side, canonical=name))
    # parent in parentheses: "128th Regiment (7th Russian Army)"
    after = s[m.end():]
    pm = re.match(r"^\s*\(\s*", after)
    if pm:
        inner = doc.pats.unit.match(s, m.end() + pm.end())
        if inner:
            _unit(doc, seg, inner)
            doc.cands[main].parent = len(doc.cands) - 1


def _unit_side(lex: Lexicon, mid_words: Sequence[str], before: str) -> str | None:
    """The side a demonym in the designation ("3rd Georgian Battalion"), else just before it
    ("the Georgian 17th regiment"), gives a unit."""
    side = None
    for w in mid_words:
        country = lex.demonyms.get(w.casefold())
        if country:
            side = country
    dm = re.search(r"([A-Z][\w-]*)\s+$", before[-60:]) if side is None else None
    if dm and dm.group(1).casefold() in lex.demonyms:
        side = lex.demonyms[dm.group(1).casefold()]
    return side


_WORD_BEFORE = re.compile(r"([\w'’.-]+)[ \u00a0]+$")


def _name_word_before(doc: Doc, s: str, pos: int) -> bool:
    """A capitalised word of a name stands right before ``pos`` (only spaces between): then a
    number or letter at ``pos`` belongs to that name ("Phase 2 Group", "East India Company",
    "Plan B Company"), unless the word is a possessive ("Crosland's B Company"), a common word
    ("In 3 Commando Brigade ...") or a title."""
    wm = _WORD_BEFORE.search(s, max(0, pos - 40), pos)
    if wm is None:
        return False
    w = wm.group(1)
    if not w[0].isupper() or w.endswith(("'s", "’s", "s'", "s’")):
        return False
    w = w.rstrip(".")
    return not (doc.is_common(w) or w.casefold() in doc.lex.titles)


def _designation_words(doc: Doc, mid: str) -> list[str] | None:
    """The capitalised words between a number and a formation word, or None when one of them
    shows that the number is not a designation ("on 2 April Company ...", "3 The ...")."""
    words = mid.split()
    lex = doc.lex
    for w in words:
        lw = w.casefold()
        if lw in lex.common_words or lw in lex.nonentities or lw in lex.titles:
            return None
    return words


_NUMBER_BEFORE = re.compile(r"(?<!\d)\d{1,4}[ \u00a0]+$")
_NUMBER_SIGN_BEFORE = re.compile(r"No\.?[ \u00a0]*$")


def _numbered_units(doc: Doc, seg: SegmentRecord, runs: Sequence[re.Match]) -> None:
    """Units designated by a number: the capitalised runs right after a number are tried (the
    same matches as ``cardinal_unit`` / ``number_sign_unit`` searched in the whole segment,
    whose words must be capitalised, at a fraction of the cost in texts full of figures)."""
    s, pats = seg.text, doc.pats
    for r in runs:
        a = r.start()
        if a < 2 or s[a - 1] not in _SPACES or not (s[a - 2].isdigit() or s[a - 2] in _SPACES):
            continue
        nm = _NUMBER_BEFORE.search(s, max(0, a - 20), a)
        if nm is None:
            continue
        k = nm.start()
        sign = _NUMBER_SIGN_BEFORE.search(s, max(0, k - 4), k)
        m = pats.number_sign_unit.match(s, sign.start()) if sign else None
        if m is not None:
            _numbered_unit(doc, seg, m, "unit.numbered_formation")
            continue
        m = pats.cardinal_unit.match(s, k)
        if m is not None:
            _numbered_unit(doc, seg, m, "unit.cardinal_formation")


def _numbered_unit(doc: Doc, seg: SegmentRecord, m: re.Match, rule: str) -> None:
    """A unit designated by a cardinal number: "12 Platoon", "3 Commando Brigade", "2 Para",
    "40 Commando" (``unit.cardinal_formation``); "No. 1 Squadron" (``unit.numbered_formation``)."""
    lex, off, s = doc.lex, seg.start, seg.text
    a, b = off + m.start(), off + m.end()
    number = int(m.group(1))
    if number == 0 or doc.overlaps(seg.seq, a, b):
        return
    if rule == "unit.cardinal_formation" and _name_word_before(doc, s, m.start()):
        return
    mid_words = _designation_words(doc, m.group(2))
    if mid_words is None:
        return
    singular = lex.formations[m.group(3).casefold()][0]
    prefix = "No. " if rule == "unit.numbered_formation" else ""
    canonical = " ".join([f"{prefix}{number}", *mid_words, " ".join(w.capitalize() for w in singular.split())])
    doc.add(Cand(seg.seq, a, b, "unit", rule, number=number, formation=singular,
                 side=_unit_side(lex, mid_words, s[max(0, m.start() - 60):m.start()]), canonical=canonical))


def _lettered_unit(doc: Doc, seg: SegmentRecord, m: re.Match) -> None:
    """A sub-unit designated by a letter: "A Company", "C Squadron", "Bravo Company" (a word of
    unit_letters.txt), "Company B" (``unit.lettered_formation``)."""
    lex, off, s = doc.lex, seg.start, seg.text
    a, b = off + m.start(), off + m.end()
    if doc.overlaps(seg.seq, a, b):
        return
    if m.group(1) is not None:
        letter, form = m.group(1), m.group(2)
        if len(letter) > 1 and letter.casefold() not in lex.unit_letters:
            return
        if _name_word_before(doc, s, m.start()):
            return
        words = [letter.capitalize() if len(letter) > 1 else letter, form.capitalize()]
    else:
        form, letter = m.group(3), m.group(4)
        if _name_word_before(doc, s, m.start()):
            return
        words = [form.capitalize(), letter]
    doc.add(Cand(seg.seq, a, b, "unit", "unit.lettered_formation", formation=form.casefold(),
                 canonical=" ".join(words)))


# --- pass 2: capitalised runs ------------------------------------------------------------------


def _runs_pass(doc: Doc, seg: SegmentRecord) -> None:
    s, off, pats = seg.text, seg.start, doc.pats
    seq = seg.seq
    titlecase = seq in doc.titlecase
    token_match = pats.token.match
    overlaps = doc.overlaps
    runs_append = doc.runs.append
    classify = _classify_titlecase if titlecase else _classify
    for m in doc.run_matches.get(seq, ()):
        a, b = m.span()
        if overlaps(seq, off + a, off + b):
            # a run partly covered: keep the uncovered tail/head tokens as their own runs
            all_toks = [(off + t.start(), off + t.end(), t.group(0)) for t in pats.token.finditer(s, a, b)]
            toks = [t for t in all_toks if not doc.overlaps(seg.seq, t[0], t[1])]
            if not toks:
                if all_toks:
                    doc.runs.append(Run(seg.seq, off + a, off + b, all_toks, initial=_initial(s, a), covered=True))
                continue
            groups: list[list[tuple[int, int, str]]] = [[toks[0]]]
            for t in toks[1:]:
                if t[0] - groups[-1][-1][1] <= 1:
                    groups[-1].append(t)
                else:
                    groups.append([t])
            for g in groups:
                if g[0][2].casefold() in PARTICLES:
                    g = g[1:]
                if g:
                    run = Run(seg.seq, g[0][0], g[-1][1], g, initial=_initial(s, g[0][0] - off))
                    doc.runs.append(run)
                    if not titlecase:
                        _classify(doc, seg, run)
            continue
        t = token_match(s, a, b)
        if t is not None and t.end() == b:  # one token: what finditer would give, without it
            toks = [(off + a, off + b, t.group())]
        else:
            toks = [(off + t.start(), off + t.end(), t.group(0)) for t in pats.token.finditer(s, a, b)]
            if not toks:
                continue
        run = Run(seq, off + a, off + b, toks, a == 0 or s[a - 1].isalpha() or _initial(s, a))
        runs_append(run)
        classify(doc, seg, run)


def _initial(s: str, a: int) -> bool:
    if a == 0:
        return True
    if a >= 1 and s[a - 1].isalpha():  # glued heading: "battleHeavy"
        return True
    # == bool(SENT_END_BEFORE.search(s[max(0, a - 40):a])), decided from the end of that window:
    # after the spaces before a, a newline or the window's start is a sentence start, a
    # character that SENT_END_BEFORE cannot end with (a letter, a comma...) is not
    lo = max(0, a - 40)
    j = a - 1
    while j >= lo and s[j].isspace():
        if s[j] == "\n":
            return True
        j -= 1
    if j < lo:
        return True
    if s[j] not in _SENT_END_CHARS:
        return False
    return _SENT_END_BEFORE_REVERSED.match(s[lo:a][::-1]) is not None


def _sub(run: Run, i: int, j: int) -> Run:
    toks = run.tokens[i:j]
    return Run(run.seg, toks[0][0], toks[-1][1], toks, initial=run.initial and i == 0)


def _words(run: Run) -> list[str]:
    return [t[2] for t in run.tokens]


@dataclass(slots=True)
class WordsInfo:
    """What the lexicon alone says about a sequence of run words (nothing that depends on the
    document or the context): computed once per distinct sequence and lexicon, see _words_info."""

    lw: tuple[str, ...]  # casefolded words
    full: str  # " ".join(words)
    gaz: object  # lex.gazetteer.get(fold(full))
    dash_compound: bool  # one word with a dash that is not a gazetteer name
    event_head: tuple[int, int, str] | None  # (k, i, event type) of _classify's event-head test
    title: str | None  # _title_in_run
    title_start: int
    other_nonentity_first: bool  # lex.nonentities.get(lw[0]) == "other"
    demonym_first: bool  # lw[0] in lex.demonyms
    demonym_rest: bool  # any of lw[1:] in lex.demonyms
    polity: str | None  # _polity(lex, lw)
    unit_like: bool  # _unit_like(lex, words)
    has_org: bool  # _has_org_word(lex, words)
    # _person_cue
    suffix_or_formation_rest: bool  # any of lw[1:] is a place-type or formation word
    known_person: bool
    has_lower: bool
    given_first: bool  # fold(words[0]) in lex.given_names
    surname_like_last: bool  # lex.is_surname_like(words[-1])
    # _place_cue
    nonentity_first: bool  # lw[0] in lex.nonentities
    excluded_word: bool  # a word (or a dash-separated part of one) is a non-entity or a demonym
    has_vowel: bool  # _has_vowel(full)
    all_upper: bool  # full.isupper()
    formation_last: bool  # len(words) >= 2 and lw[-1] in lex.formations
    demonym_or_nonentity: bool  # a word is a demonym or a non-entity (_coordinable)


# Event heads a name can continue after, with "of" and a capitalised name ("War of Independence").
_OF_HEADS = frozenset(("war", "wars", "revolution", "uprising", "rebellion"))
_HEAD_OF = re.compile(r"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?([A-Z][\w'’-]*)(?:[ \u00a0]+[A-Z][\w'’-]*){0,3}")
_EVENT_HEAD_SKIP = ("the", "a", "an", "this", "that", "in", "on", "at", "by", "after", "during",
                    "before", "following", "part", "of", "since", "until")


def _words_info(doc: Doc, words: list[str]) -> WordsInfo:
    memo = doc.pats.words_info
    key = tuple(words)
    info = memo.get(key)
    if info is not None:
        return info
    lex = doc.lex
    demonyms, nonentities = lex.demonyms, lex.nonentities
    lw = tuple([w.casefold() for w in words])
    n = len(words)
    full = " ".join(words)
    folded = fold(full)
    gaz = lex.gazetteer.get(folded)
    event_head = None
    for k in range(n - 1, 0, -1):
        etype = lex.events_head.get(lw[k])
        if etype and words[k][0].isupper():
            i = 0
            while i < k and lw[i] in _EVENT_HEAD_SKIP:
                i += 1
            if i < k and not all(x in demonyms for x in lw[i:k]) or (i < k and lw[k] == "war"):
                event_head = (k, i, etype)
                break
    title, title_start = _title_in_run(doc, words, lw)
    excluded = doc.pats.excluded_place_word
    excluded_word = False
    for w in words:
        x = excluded.get(w)
        if x is None:
            x = _memo_put(excluded, w, any(part in nonentities or part in demonyms
                                           for part in _DASH_SPLIT.split(w.casefold())))
        if x:
            excluded_word = True
            break
    info = WordsInfo(
        lw=lw,
        full=full,
        gaz=gaz,
        dash_compound=n == 1 and ("–" in words[0] or "-" in words[0]) and gaz is None,
        event_head=event_head,
        title=title,
        title_start=title_start,
        other_nonentity_first=nonentities.get(lw[0]) == "other",
        demonym_first=lw[0] in demonyms,
        demonym_rest=n > 1 and not demonyms.keys().isdisjoint(lw[1:]),
        polity=_polity(lex, lw),
        unit_like=_unit_like_lw(lex, lw),
        has_org=_has_org_word_lw(lex, lw),
        suffix_or_formation_rest=n > 1 and not doc.pats.suffix_or_formation.isdisjoint(lw[1:]),
        known_person=folded in lex.known_persons,
        has_lower=_has_lower_char(words),
        given_first=fold(words[0]) in lex.given_names,
        surname_like_last=lex.is_surname_like(words[-1]),
        nonentity_first=lw[0] in nonentities,
        excluded_word=excluded_word,
        has_vowel=_has_vowel(full),
        all_upper=full.isupper(),
        formation_last=n >= 2 and lw[-1] in lex.formations,
        demonym_or_nonentity=not (demonyms.keys().isdisjoint(lw) and nonentities.keys().isdisjoint(lw)),
    )
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[key] = info
    return info


def _classify(doc: Doc, seg: SegmentRecord, run: Run) -> None:
    """Classify one capitalised run of a normal sentence, adding candidates."""
    lex, s, off = doc.lex, seg.text, seg.start
    words = [t[2] for t in run.tokens]
    info = _words_info(doc, words)
    lw = info.lw

    # a run that ends in an abbreviated rank ("Confederate Gen. Robert E. Lee", "Union Maj. Gen."):
    # the rank is the title of the name after it, not a word of a name
    if s[run.end - off:run.end - off + 1] == "." and lw[-1] + "." in lex.titles:
        if len(words) > 1:
            _classify(doc, seg, _sub(run, 0, len(words) - 1))
        return

    # "President of Azerbaijan Ilham Aliyev", "the Governor of Ohio John Smith": a place, then a
    # name that starts with a given name
    if (len(words) >= 3 and info.gaz is None and fold(words[0]) in lex.gazetteer
            and fold(words[1]) in lex.given_names and s[max(0, run.start - off - 4):run.start - off] == " of "):
        _classify(doc, seg, _sub(run, 0, 1))
        _classify(doc, seg, _sub(run, 1, len(words)))
        return

    # hyphen/dash compounds of two places: "Vardenis–Martakert road", "Turkey-Armenia border"
    if info.dash_compound:
        parts = re.split(r"[–-]", words[0])
        if all(p and p[0].isupper() for p in parts) and ("–" in words[0] or all(_is_gazetteer(lex, p) for p in parts)):
            if not any(p.casefold() in lex.demonyms for p in parts) and not _event_head_after(doc, s, run.end - off):
                pos = run.start
                for p in parts:
                    if p.casefold() not in lex.nonentities and not doc.is_common(p):
                        g = lex.gazetteer.get(fold(p))
                        doc.add(Cand(run.seg, pos, pos + len(p), "place", "place.compound", core=p, gazetteer=g,
                                     place_type=g.place_type if g else None))
                    pos += len(p) + 1
                run.covered = True
                return

    # an event head inside the run: "First Nagorno-Karabakh War", "Great Purge"
    if info.event_head is not None:
        k, i, etype = info.event_head
        sub = _sub(run, i, k + 1)
        end = sub.end
        if k + 1 == len(words) and info.lw[k] in _OF_HEADS:
            # "the Croatian War of Independence", "the Second War of the Pacific"
            m = _HEAD_OF.match(doc.text, end)
            if m and not doc.is_common(m.group(1)):
                end = m.end()
        doc.add(Cand(run.seg, sub.start, end, "event", "event.named_head", event_type=etype,
                     canonical=_norm_space(doc.text[sub.start:end])))
        if k + 1 < len(words):
            _classify(doc, seg, _sub(run, k + 1, len(words)))
        if i > 0 and any(not doc.is_common(w) for w in words[:i]):
            _classify(doc, seg, _sub(run, 0, i))
        run.covered = True
        return

    # a title or rank inside the run, or just before it
    title, start_i = info.title, info.title_start
    if title is None and not (len(words) == 1 and doc.is_common(words[0])):
        # (a title before a lone common word is rejected below: no need to look for it)
        tb = _title_before(doc.pats, s, max(0, run.start - off - 40), run.start - off)
        if tb and not _title_is_object(s, tb.start(1)):
            title = tb.group(1)
            start_i = 0
    if info.title is not None and _ends_a_title(doc, s, run.start - off, run.end - off):
        return  # "deputy chief of the General Staff": the end of a title, not "General" + a name
    if (title is not None and info.title is not None and start_i == 1 and lw[0] in _PLACE_FORMING_TITLES
            and _prev_word(s[max(0, run.start - off - 20):run.start - off]) in ("at", "near", "in", "from", "to")
            and s[run.end - off:run.end - off + 1] not in "'’"):
        title = None  # "failed at Sheikh Sa'ad", "near Sheikh Zuweid": a place named after a holy man
    if title is not None and start_i < len(words):
        rest = _sub(run, start_i, len(words))
        rw = _words(rest)
        place_words = start_i - len(title.split())
        if place_words > 0 and lw[0] not in lex.demonyms and lw[0] not in _CALENDAR_WORDS:
            _classify(doc, seg, _sub(run, 0, place_words))  # "Artsakh" of "Artsakh President X"
        # (a demonym that is also a given name may start the name: "Colonel Christian de Castries")
        if not _has_org_word(lex, rw) and not _is_gazetteer(lex, " ".join(rw)) and not any(
            w.casefold() in lex.demonyms and not (i == 0 and len(rw) > 1 and fold(w) in lex.given_names)
            for i, w in enumerate(rw)
        ) and not (len(rw) == 1 and doc.is_common(rw[0])):
            if _place_suffix(doc, rest, s, off) is None:
                doc.add(Cand(run.seg, rest.start, rest.end, "person", "person.title", title=title))
                run.covered = True
                return

    # sentence-initial common word: "The", "In", "Ancient" (but a particle stays: "De Waal")
    prep_from_initial = False
    if run.initial and len(words) >= 1 and lw[0] not in PARTICLES:
        if doc.is_common(words[0]) or info.other_nonentity_first:
            prep_from_initial = lw[0] in LOCATIVE
            if len(words) == 1:
                return
            run = _sub(run, 1, len(words))
            run.initial = False
            words = words[1:]
            info = _words_info(doc, words)
            lw = info.lw
            if len(words) == 1 and doc.is_common(words[0]) and not _is_gazetteer(lex, words[0]):
                return

    # the word(s) after the run (_FOLLOWING_TYPE), shared by _named_unit and _place_suffix
    e = run.end - off
    follow = _FOLLOWING_TYPE_AT.match(s, e) if s[e:e + 1] in _SPACES else None

    if s[e:e + 1] in _CURRENCY_SIGNS:
        run.covered = True  # "US$882 million", "A$": a currency, not a place
        return
    # named formation: "Vanadzor Regiment", "Central Self-Defence Group", "Somali National Alliance militia"
    if (info.formation_last or follow is not None) and _named_unit(doc, run, s, off, words, lw, follow):
        return

    # demonyms at the start ("Azerbaijani President ...", "Armenian SSR")
    if info.demonym_first and info.gaz is None and not info.polity:
        demonyms = lex.demonyms
        j = 0
        while j < len(words) and lw[j] in demonyms:
            j += 1
        if j == len(words):
            return
        sub = _sub(run, j, len(words))
        sub.initial = False
        _classify(doc, seg, sub)
        return
    if info.demonym_rest and info.gaz is None and not info.polity:
        # "Sorani Kurdish", "Turkish Bayraktar TB2": not a name of ours
        if not info.unit_like:
            return

    # (a second _named_unit test here would see the same run and words: it is False)
    ps: object = _NOT_YET
    if info.has_org and info.gaz is None and not info.polity:
        ps = ptest = _place_suffix(doc, run, s, off, words, follow)
        if ptest is None or _has_org_word(lex, ptest[0]):
            return
    if len(words) == 1 and info.other_nonentity_first:
        return

    after = s[run.end - off:]
    before = s[max(0, run.start - off - 60):run.start - off]

    pol = info.polity
    if pol:
        doc.add(Cand(run.seg, run.start, run.end, "place", "place.polity", core=info.full, place_type=pol,
                     place_kind="polity", gazetteer=info.gaz))
        run.covered = True
        return

    # place-type words: "Omar Pass", "Kalbajar District", "Murov range", "Mount X", "Khudavang temple complex"
    if ps is _NOT_YET:
        ps = _place_suffix(doc, run, s, off, words, follow)
    if ps is not None:
        core_words, pt, end_abs = ps
        if core_words and not any(w.casefold() in lex.demonyms for w in core_words) and not all(
            doc.is_common(w) for w in core_words
        ):
            core = " ".join(core_words)
            c = Cand(run.seg, _core_start(run, core_words), end_abs, "place", "place.type_suffix", core=core,
                     place_type=pt.place_type, place_kind=pt.kind, generic=pt.generic,
                     gazetteer=lex.gazetteer.get(fold(core)), article=_article_before(doc, run))
            doc.add(c)
            run.covered = True
            _maybe_coordinated_types(doc, seg, run, c, pt)
            return
    if lw[0] in lex.place_prefix and len(words) >= 2:
        pt = lex.place_prefix[lw[0]]
        core = " ".join(words[1:])
        doc.add(Cand(run.seg, run.start, run.end, "place", "place.type_prefix", core=core, place_type=pt.place_type,
                     place_kind=pt.kind, generic=pt.generic, prefix_generic=True))
        run.covered = True
        return
    # (a second _polity test here would see the same words: it is None)

    full = info.full
    g = info.gaz
    if g is not None and not (len(words) == 1 and lw[0] in doc.lex.given_names and len(after) > 1 and after[0] == " "
                              and after[1:2].isupper()):
        doc.add(Cand(run.seg, run.start, run.end, "place", "place.gazetteer", core=full, gazetteer=g,
                     place_type=g.place_type, article=_article_before(doc, run)))
        run.covered = True
        return

    # persons
    rule = _person_cue(doc, run, words, lw, before, after, info, follow)
    if rule:
        doc.add(Cand(run.seg, run.start, run.end, "person", rule))
        run.covered = True
        return

    # places from context
    if info.has_vowel and not info.all_upper or g is not None:
        prule = _place_cue(doc, run, words, before, after, prep_from_initial, info)
        if prule:
            doc.add(Cand(run.seg, run.start, run.end, "place", prule, core=full, article=_article_before(doc, run)))
            run.covered = True
            return


_NOT_YET = object()
# Titles that begin many place names ("Sheikh Sa'ad", "Sheikh Zuweid", "Imam Ali"): after a
# preposition of place the run is a place
_PLACE_FORMING_TITLES = frozenset(("sheikh", "imam"))
_CURRENCY_SIGNS = frozenset("$€£¥₽")


def _title_before(pats: Patterns, s: str, pos: int, endpos: int) -> re.Match | None:
    """``pats.title_before.search(s, pos, endpos)``, after a quick exact pre-test: a title
    followed by spaces ends the window only if the last word before them is a title's last word."""
    last_words = pats.title_last_words
    if last_words is not None:
        c = s[endpos - 1] if endpos > pos else ""
        if c == " " or c == "\u00a0":
            # the usual case, by the last three letters of the word before the spaces: they end
            # it (no space or quote among them), so a title's last word must end with them
            u = s[pos:endpos].rstrip(" \u00a0")
            tail = u[-3:]
            if len(tail) == 3 and tail.isascii():
                if tail.isalpha():
                    if tail.lower() not in pats.title_last3:
                        return None
                    # (else the whole word is tested below)
                elif tail[0] == " " and tail[1:].isalpha():  # a two-letter word ("in", "of")
                    if tail[1:].lower() not in last_words:
                        return None
                    return pats.title_before.search(s, pos, endpos)
        elif c != "\n":
            return None  # the window does not end with spaces (or spaces and a newline)
        t = s[pos:endpos]
        if t.endswith("\n"):  # ($ also matches before a final newline)
            t = t[:-1]
        u = t.rstrip(" \u00a0")
        if len(u) == len(t):
            return None
        parts = u.rsplit(None, 1)
        if not parts:
            return None
        w = parts[-1]
        for c in "(\"“":  # what may stand before a title instead of a space
            k = w.rfind(c)
            if k >= 0:
                w = w[k + 1:]
        if w.isascii() and w.lower() not in last_words:
            return None
    return pats.title_before.search(s, pos, endpos)


def _ends_a_title(doc: Doc, s: str, a: int, b: int) -> bool:
    """The run s[a:b] ends a title that starts before it ("chief of the General Staff")."""
    lo = max(0, a - 40)
    window = s[lo:b] + " "
    tb = _title_before(doc.pats, window, 0, len(window))
    return tb is not None and tb.start(1) < a - lo


def _classify_titlecase(doc: Doc, seg: SegmentRecord, run: Run) -> None:
    """Title-case headings: capitalisation is no evidence; only gazetteer names, strong
    patterns (type words after a gazetteer name, event heads) and, later, names known from the
    body count."""
    lex = doc.lex
    words = _words(run)
    lw = [w.casefold() for w in words]
    # event heads
    for k in range(len(words) - 1, 0, -1):
        if lw[k] in lex.events_head:
            i = k - 1
            while i >= 0 and not doc.is_common(words[i]) or (i >= 0 and lw[i] in ORDINAL_WORDS) or (
                i >= 0 and lw[i] in ("great", "cold", "civil", "world")
            ):
                i -= 1
            i += 1
            if i < k:
                sub = _sub(run, i, k + 1)
                doc.add(Cand(run.seg, sub.start, sub.end, "event", "event.named_head", event_type=lex.events_head[lw[k]],
                             canonical=_norm_space(doc.text[sub.start:sub.end])))
                return
    # windows, longest first
    n = len(words)
    i = 0
    while i < n:
        found = False
        for j in range(min(n, i + 5), i, -1):
            name = " ".join(words[i:j])
            g = lex.gazetteer.get(fold(name))
            if g is not None:
                sub = _sub(run, i, j)
                # a type word after it ("Kalbajar District")
                if j < n and lw[j] in lex.place_suffix:
                    pt = lex.place_suffix[lw[j]]
                    sub = _sub(run, i, j + 1)
                    doc.add(Cand(run.seg, sub.start, sub.end, "place", "place.type_suffix", core=name, gazetteer=g,
                                 place_type=pt.place_type, place_kind=pt.kind, generic=pt.generic))
                    i = j + 1
                else:
                    doc.add(Cand(run.seg, sub.start, sub.end, "place", "place.gazetteer", core=name, gazetteer=g,
                                 place_type=g.place_type))
                    i = j
                found = True
                break
        if not found:
            i += 1


def _event_head_after(doc: Doc, s: str, pos: int) -> bool:
    m = re.match(r"^\s+(\w+)", s[pos:])
    return bool(m and m.group(1).casefold() in doc.lex.events_head and m.group(1)[0].isupper())


def _title_is_object(s: str, pos: int) -> bool:
    """'the son of' etc. are not titles before a name when followed by 'of'."""
    return False


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(numeral: str) -> int | None:
    """The value of a Roman numeral in canonical form ("XXIV" -> 24), else None ("IIII", "VX")."""
    total = 0
    for i, c in enumerate(numeral):
        v = _ROMAN[c]
        total += -v if i + 1 < len(numeral) and _ROMAN[numeral[i + 1]] > v else v
    if total <= 0:
        return None
    canonical = ""
    n = total
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            canonical += letters
            n -= value
    return total if canonical == numeral else None


_OF_BEFORE = re.compile(r"\bof\s+$")
_CALENDAR_WORDS = frozenset(w.lower() for w in (*MONTHS, *WEEKDAYS))
_JOINED_ARTICLE = re.compile(rf"(?:{_ARABIC_ARTICLES})[-‐][^\W\d_a-z]")  # "al-Abadi" (as in _patterns' runs)


def _title_in_run(doc: Doc, words: list[str], lw: Sequence[str]) -> tuple[str | None, int]:
    """(``lw``: the words casefolded; " ".join(lw[i:j]) == " ".join(words[i:j]).casefold(), as
    casefold() maps each character on its own and leaves spaces.)"""
    lex = doc.lex
    i = 0
    # "Azerbaijani President X"; "(On 29) August President X": a date's month before the title
    while i < len(words) - 1 and (lw[i] in lex.demonyms or lw[i] in _CALENDAR_WORDS):
        i += 1
    starts = (i,)
    if i == 0 and len(words) > 2 and fold(words[0]) in lex.gazetteer:
        starts = (0, 1)  # "Artsakh President X", "Ukraine Prime Minister X": a place's title
    for i in starts:
        for n in range(min(doc.pats.max_title_words, len(words) - i - 1), 0, -1):
            cand = lw[i] if n == 1 else " ".join(lw[i:i + n])
            if cand in lex.titles:
                rest = words[i + n:]
                if rest and (rest[0][0].isupper() or _JOINED_ARTICLE.match(rest[0])):  # ("Prime Minister al-Abadi")
                    return " ".join(words[i:i + n]), i + n
    return None, 0


def _place_suffix(doc: Doc, run: Run, s: str, off: int, words: list[str] | None = None,
                  follow: re.Match | None | object = _NOT_YET):
    """(core words, PlaceType, end offset) when the run ends with (or is followed by) a
    place-type word, else None. (``words``: the run's words; ``follow``: _FOLLOWING_TYPE_AT
    matched after the run, if already done.)"""
    place_suffix = doc.lex.place_suffix
    if words is None:
        words = [t[2] for t in run.tokens]
    if len(words) >= 3:
        pt = place_suffix.get(f"{words[-2].casefold()} {words[-1].casefold()}")
        if pt is not None:
            return words[:-2], pt, run.end
    if len(words) >= 2:
        pt = place_suffix.get(words[-1].casefold())
        if pt is not None:
            return words[:-1], pt, run.end
    e = run.end - off  # _FOLLOWING_TYPE on s[e:], matched in place
    if s[e:e + 2] in ("'s", "’s"):
        # "Rorke's Drift", "Hamilton's Crossing": a feature named after someone's possession
        m = _POSSESSIVE_TYPE_AT.match(s, e + 2)
        pt = place_suffix.get(m.group(1).casefold()) if m else None
        if pt is not None and pt.kind == "feature":
            return words[:-1] + [words[-1] + s[e:e + 2]], pt, run.end + (m.end(1) - e)
        return None
    if follow is _NOT_YET:
        if s[e:e + 1] not in _SPACES:
            return None
        follow = _FOLLOWING_TYPE_AT.match(s, e)
    m = follow
    if m:
        for k, grp in ((2, m.group(1) + " " + (m.group(2) or "")), (1, m.group(1))):
            if k == 2 and not m.group(2):
                continue
            pt = place_suffix.get(grp.strip())
            if pt is not None:
                end_rel = (m.end(2) if k == 2 else m.end(1)) - e
                if grp.strip() in _VERB_LIKE_TYPES and _VERBAL_TYPE_AT.match(s, e + end_rel):
                    return None
                return words, pt, run.end + end_rel
    return None


_SPACES = (" ", "\u00a0")
_POSSESSIVE_TYPE_AT = re.compile(r"[ \u00a0]([A-Z][a-z]+)\b")
_FOLLOWING_TYPE = re.compile(r"^[ \u00a0]+([a-zəı]+)(?:[ \u00a0]+([a-z]+))?")
_VERBAL_TYPE = re.compile(r"^[ \u00a0]+(?:through|over|by|from|into|across|to|the|a|an|its|their|up|down|out|off|on)\b")
# the same without ^, to match at a position of the segment instead of on a copy of its tail
_FOLLOWING_TYPE_AT = re.compile(_FOLLOWING_TYPE.pattern[1:])
_VERBAL_TYPE_AT = re.compile(_VERBAL_TYPE.pattern[1:])
_VERB_LIKE_TYPES = frozenset({"passes", "ranges", "springs", "plains", "rivers", "heights", "range", "pass", "spring"})


def _core_start(run: Run, core_words: list[str]) -> int:
    # the core is the run's tail words before the type word; the run may start earlier only
    # when the core is the whole run prefix
    return run.start


def _maybe_coordinated_types(doc: Doc, seg: SegmentRecord, run: Run, cand: Cand, pt: PlaceType) -> None:
    """'the Omar and Guzgu passes', 'Gegharkunik and Vayots Dzor provinces': the bare
    conjuncts before the plural type word are places of that type."""
    s, off = seg.text, seg.start
    type_text = doc.text[run.end:cand.end].strip().casefold() if cand.end > run.end else ""
    plural = type_text.endswith("s") and type_text not in ("pass",) or type_text in ("passes",)
    if not plural:
        return
    pos = run.start - off
    # the runs of the segment found so far are the last ones of doc.runs (the segments are read
    # one after the other): the runs before this one's start, in doc.runs order, from the end
    runs = doc.runs
    k = len(runs)
    while k > 0 and runs[k - 1].seg == run.seg:
        k -= 1
    for r in reversed([r for r in runs[k:] if r.end - off <= pos]):
        gap = s[r.end - off:pos]
        if not re.fullmatch(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)", gap):
            break
        words = _words(r)
        whole = r
        if r.initial and doc.is_common(words[0]) and words[0].casefold() not in PARTICLES:
            if len(words) == 1:
                break
            r = _sub(r, 1, len(words))  # "The Bazarchay and Hakari rivers": not "The Bazarchay"
            words = words[1:]
        if doc.overlaps(r.seg, r.start, r.end) and not any(
            doc.cands[k].start == r.start and doc.cands[k].kind == "place" for k in doc.seg_cands(r.seg)
        ):
            break
        existing = [doc.cands[k] for k in doc.seg_cands(r.seg) if doc.cands[k].start == r.start and doc.cands[k].kind == "place"]
        if existing:
            c0 = existing[0]
            if c0.place_kind is None:
                c0.place_type, c0.place_kind, c0.generic = pt.place_type, pt.kind, pt.generic
        else:
            if any(w.casefold() in doc.lex.demonyms for w in words):
                break
            doc.add(Cand(r.seg, r.start, r.end, "place", "place.coordination", core=" ".join(words),
                         place_type=pt.place_type, place_kind=pt.kind, generic=pt.generic,
                         gazetteer=doc.lex.gazetteer.get(fold(" ".join(words)))))
            whole.covered = True
        pos = r.start - off


def _polity(lex: Lexicon, lw: Sequence[str]) -> str | None:
    """The place type of a polity word (or two, three) ending the run (``lw``: its words casefolded)."""
    polities = lex.polities
    n = len(lw)
    for k in (3, 2, 1):
        if n > k:
            ptype = polities.get(lw[-1] if k == 1 else " ".join(lw[-k:]))
            if ptype:
                return ptype
    return None


def _named_unit(doc: Doc, run: Run, s: str, off: int, words: list[str], lw: Sequence[str],
                follow: re.Match | None) -> bool:
    """(``words``, ``lw``: the run's words and their casefolds; ``follow``: _FOLLOWING_TYPE_AT
    matched after the run, or None.)"""
    lex = doc.lex
    end = run.end
    form = None
    if len(words) >= 2 and lw[-1] in lex.formations:
        form = lw[-1]
        name_words = words[:-1]
    elif follow is not None:
        # re.match(r"^[ \u00a0]+([a-z]+)\b", s[e:]) from follow: its first word, when that is
        # plain a-z and not followed by a word character
        word, word_end = follow.group(1), follow.end(1)
        # (singular: "two Army battalions of the X Division" counts battalions; coordinations,
        # "the Vanadzor and Martuni battalions", are split by _coordinations)
        if word.isascii() and word in lex.formations and lex.formations[word][1] == "yes" \
                and lex.formations[word][0] == word and not (
            word_end < len(s) and (s[word_end].isalnum() or s[word_end] == "_")
        ):
            form = word
            name_words = words
            end = off + word_end
    if form is None:
        return False
    singular, named = lex.formations[form]
    if named in ("no", "ordinal"):
        return False
    if named == "cue" and not any(w.casefold() in lex.military_words for w in name_words):
        # "Delta Force", "Quds Force": one proper word before "Force"
        if not (singular == "force" and len(name_words) == 1 and not doc.is_common(name_words[0])
                and name_words[0].casefold() not in lex.demonyms and not _is_gazetteer(lex, name_words[0])) \
                and not (singular == "corps" and len(name_words) == 1 and _place_name(doc, name_words[0])) \
                and not _MILITARY_CONTEXT_AFTER.match(s, end - off) \
                and not _MILITARY_CONTEXT_BEFORE.search(s, max(0, run.start - off - 40), run.start - off):
            # ("Sarajevo-Romanija Corps", "Drina Corps": a corps named after its region, or
            # said to be an army's or to have a commander: "the Drina Corps of the Army of
            # Republika Srpska", "Commander of the Drina Corps"; not "Peace Corps", "Press Corps")
            return False
    if all(w.casefold() in lex.demonyms or doc.is_common(w) for w in name_words):
        return False
    start = run.start
    if len(name_words) > 1 and name_words[0] == "The":
        name_words = name_words[1:]  # "2nd Battalion, The Parachute Regiment" (a style of the name)
        start = run.tokens[1][0]
    side = _unit_side(lex, name_words, "")
    canonical = " ".join(name_words) + " " + (singular.capitalize() if form == lw[-1] and words[-1][0].isupper() else singular)
    if form != lw[-1]:
        canonical = _norm_space(doc.text[start:end])
    doc.add(Cand(run.seg, start, end, "unit", "unit.named_formation", formation=singular, side=side,
                 canonical=_norm_space(canonical)))
    run.covered = True
    tail = s[end - off:]
    m = _OF_THE.match(tail)
    if m:
        r = doc.pats.run.match(tail, m.end())
        if r and ("the" in m.group(0) or _is_gazetteer(lex, r.group(0)) or r.group(0).isupper()):
            doc.block(run.seg, end + r.start(), end + r.end())
    return True


_OF_THE = re.compile(r"^\s+of\s+(?:the\s+)?")
# What makes a formation of an ambiguous word ("Corps", "Group", "Force") military: an army it
# belongs to, or someone commanding it
_MILITARY_CONTEXT_AFTER = re.compile(
    r"[ \u00a0]+of[ \u00a0]+the[ \u00a0]+(?:[A-Z][\w'’-]*[ \u00a0]+){0,3}(?:Army|Armed[ \u00a0]+Forces|Navy)\b"
    r"|,?[ \u00a0]+(?:commanded|led)[ \u00a0]+by\b")
_MILITARY_CONTEXT_BEFORE = re.compile(
    r"(?i:\b(?:commander|commanding[ \u00a0]+officer|chief[ \u00a0]+of[ \u00a0]+staff)[ \u00a0]+of[ \u00a0]+)the[ \u00a0]+\Z")


def _place_name(doc: Doc, word: str) -> bool:
    """A place's name: in the gazetteer, found as a place earlier in the document, or a compound
    of two such names or of capitalised parts ("Sarajevo-Romanija")."""
    if word.casefold() in doc.lex.demonyms or doc.is_common(word):
        return False
    if _is_gazetteer(doc.lex, word):
        return True
    parts = _DASH_SPLIT.split(word)
    if len(parts) > 1 and all(p[:1].isupper() and len(p) > 1 for p in parts):
        return True
    key = fold(word)
    return any(c.kind == "place" and fold(c.core or doc.text[c.start:c.end]) == key for c in doc.cands)


def _article_before(doc: Doc, run: Run) -> bool:
    return doc.text[max(0, run.start - 4):run.start].casefold().endswith(("the ", "the\u00a0"))


_VOWEL = re.compile(r"[aeiouyAEIOUYəƏıİöÖüÜáéíóúàèìòùâêîôûäëïа-яА-Я]")


def _has_vowel(s: str) -> bool:  # (called once per WordsInfo: not memoised)
    return _VOWEL.search(s) is not None or not s.isascii()


def _has_lower_char(words: list[str]) -> bool:
    """any(ch.islower() for w in words for ch in w)"""
    joined = "".join(words)
    if joined.isascii():
        return joined != joined.upper()  # (an ASCII character is lower case iff it is a-z)
    return any(ch.islower() for ch in joined)


_PREV_WORD = re.compile(r"([\w'’-]+)[ \u00a0]+$")
_WORD_REVERSED = re.compile(r"[\w'’-]+")
_WORDISH = _WORD_REVERSED


def _prev_word(before: str) -> str:
    """The word before the trailing spaces of ``before``, casefolded ("" if none): the group of
    ``_PREV_WORD.search(before)``, found from the end."""
    if before.endswith("\n"):  # ($ also matches before a final newline)
        before = before[:-1]
    t = before.rstrip(" \u00a0")
    if len(t) == len(before):
        return ""
    if not t or t[-1].isspace():
        return ""
    last = t.rsplit(None, 1)[-1]  # the word lies in the last whitespace-free part
    if _WORDISH.fullmatch(last):
        return last.casefold()
    m = _WORD_REVERSED.match(last[::-1])
    return m.group()[::-1].casefold() if m else ""




def _reversed_phrase(phrase: str) -> str:
    """A regex for the reversed text of ``phrase`` (words separated by \\s+; \\w+ stays)."""
    parts = phrase.split(r"\s+")
    return r"\s+".join(p if p == r"\w+" else p[::-1] for p in reversed(parts))


# AGENT_BEFORE and LIST_CUE_BEFORE (which end with \s+$) on the reversed text, matched at its
# start: the same yes/no as a search from the start
_AGENT_BEFORE_REVERSED = re.compile(r"\s+(?:" + "|".join(_reversed_phrase(a) for a in _AGENT_ALTERNATIVES) + r")\b")
_LIST_CUE_REVERSED = re.compile(
    r"\s+(?:" + "|".join(_reversed_phrase(c.replace(" ", r"\s+")) for c in _LIST_CUES) + r")\s+,?\s*(?:"
    + "|".join(w[::-1] for w in _LIST_NOUNS) + r")\b",
    re.I,
)
_NEXT_VERB = re.compile(r"^[ \u00a0]+(?:also[ \u00a0]+|later[ \u00a0]+|then[ \u00a0]+)?([a-z]+)")
_PUNCT_AFTER = re.compile(r"^\s*[:,.;)]")
_CLAUSE_SPLIT = re.compile(r"[;:.()\[\]]|, (?:and|but|while) ")
_CLAUSE_WORD = re.compile(r"[A-Za-z][\w-]*")
# The first words of an apposition after a name: ", the (last) khan of", ", commander of"
_APPOSITION_AFTER = re.compile(r"^,[ \u00a0]+(?:(?:the|a|an)[ \u00a0]+)?([\w-]+(?:[ \u00a0]+[\w-]+){0,3})")
_ACCORDING_TO = re.compile(r"\baccording[ \u00a0]+to[ \u00a0]+$", re.I)
_COMMA_NAME = re.compile(r"^,[ \u00a0]+([A-Z][\w-]*(?:[ \u00a0][A-Z][\w-]*)?)")
_DASH_SPLIT = re.compile(r"[-–]")


def _verb_after(follow: re.Match | None) -> str | None:
    """The group of _NEXT_VERB.match(after), from _FOLLOWING_TYPE_AT matched at the same place:
    the second word after "also", "later" or "then", else the a-z start of the first word."""
    if follow is None:
        return None
    first, second = follow.group(1), follow.group(2)
    if second is not None and first in ("also", "later", "then"):
        return second
    if first.isascii():
        return first
    m = _ASCII_LOWER_START.match(first)
    return m.group() if m else None


_ASCII_LOWER_START = re.compile(r"[a-z]+")
_LOCATIVE_END = re.compile(r"(?<![^\W\d_])(?:in|at)[ \u00a0]+\Z")
_AGENT_LAST = tuple(a.split(r"\s+")[-1] for a in _AGENT_ALTERNATIVES)  # their last words
_LIST_CUE_LAST = tuple({p.split()[-1] for p in _LIST_CUES})


def _person_cue(doc: Doc, run: Run, words: list[str], lw: Sequence[str], before: str, after: str,
                info: WordsInfo | None = None, follow: re.Match | None | object = _NOT_YET) -> str | None:
    """(``follow``: _FOLLOWING_TYPE_AT matched at the end of the run, when known.)"""
    lex = doc.lex
    n = len(words)
    if info is None:
        info = _words_info(doc, words)
    if info.suffix_or_formation_rest:
        return None
    if info.known_person:
        return "person.known"
    if not info.has_lower:
        return None  # acronyms and numerals: "UNOSOM II"
    if n >= 2 and info.given_first and not doc.is_common(words[-1]):
        if not ORG_NOUNS_AFTER.match(after):
            return "person.given_name"
    if 2 <= n <= 4 and info.surname_like_last and not doc.is_common(words[-1]):
        return "person.surname_form"
    first = after[:1]
    if follow is _NOT_YET:
        nxt = _NEXT_VERB.match(after) if first in _SPACES else None
        verb = nxt.group(1) if nxt else None
    else:
        verb = _verb_after(follow)
    if verb is not None and verb in lex.verbs and not (n == 1 and doc.is_common(words[0])) \
            and not _LOCATIVE_END.search(before):  # "officials in Dornovo said": a place
        return "person.verb_of_saying"
    if "who" in after and RELATIVE_AFTER.match(after) and (n >= 2 or not run.initial):
        return "person.relative_who"
    # AGENT_BEFORE.search(before), when before ends with one of its words (and spaces)
    if n >= 2 and before.rstrip().endswith(_AGENT_LAST) and _AGENT_BEFORE_REVERSED.match(before[::-1]):
        return "person.by_agent"
    # apposition: "the Minister of Defence, X" / "X, the chief adviser"
    if before.endswith((", ", ",\u00a0")) and (n >= 2 or _PUNCT_AFTER.match(after)):
        clause = _CLAUSE_SPLIT.split(before[:-2])[-1]
        clause_words = _CLAUSE_WORD.findall(clause.casefold())
        tail = clause_words[-8:]
        if any(w in lex.titles for w in tail) or any(
            " ".join(tail[i:i + 2]) in lex.titles for i in range(len(tail) - 1)
        ):
            return "person.apposition"
    am = _APPOSITION_AFTER.match(after) if n >= 2 and first == "," else None
    if am:
        words = am.group(1).casefold().split()
        if words[0] in lex.titles and words[0] not in ("head", "chief"):
            return "person.apposition"  # "X, the commander"
        # a title after a word or two, then of/to/for: "Javad Khan, the last khan of Ganja"
        of = next((i for i, w in enumerate(words) if w in ("of", "to", "for")), 0)
        if any(w in lex.titles and w not in ("head", "chief") for w in words[:of]):
            return "person.apposition"
    return None


def _list_cue_before(before: str) -> bool:
    """LIST_CUE_BEFORE.search(before), tested only when the word before the spaces may end a cue."""
    stripped = before.rstrip()
    if len(stripped) == len(before):
        return False  # (it ends with \s+)
    tail = stripped[-9:]
    if tail.isascii() and not tail.lower().endswith(_LIST_CUE_LAST):
        return False
    return _LIST_CUE_REVERSED.match(before[::-1]) is not None


# Lower-case words after a name that make it the name of a weapon or a vehicle, not of a place
_WEAPON_AFTER = re.compile(
    r"[ \u00a0]+(?:multiple[ \u00a0]+)?(?:rocket[ \u00a0]+)?(?:launchers?|rockets?|missiles?|drones?|howitzers?|"
    r"mortars?|helicopters?|jets?|fighter[ \u00a0]+jets?|warplanes?|tanks?|artillery[ \u00a0]+systems?|"
    r"air[ \u00a0]+defen[cs]e[ \u00a0]+systems?|rifles?|guns?)\b")


def _place_cue(doc: Doc, run: Run, words: list[str], before: str, after: str, prep_from_initial: bool,
               info: WordsInfo) -> str | None:
    lex = doc.lex
    if info.nonentity_first or (len(words) == 1 and doc.is_common(words[0])):
        return None
    if info.excluded_word:  # a word or a dash-separated part of one is a non-entity or a demonym
        return None
    if _WEAPON_AFTER.match(after):
        return None  # "fire from Smerch multiple rocket launchers", "hit by Grad rockets": a weapon's name
    if after[:1] in DASHES and COMPOUND_AFTER.match(after):
        return "place.compound"
    if prep_from_initial:
        return "place.preposition"
    prev = _prev_word(before)
    if prev in LOCATIVE and not run.initial:
        if prev == "to" and _ACCORDING_TO.search(before):
            return None
        if prev in ("over", "under") and len(words) == 1:
            return None
        return "place.preposition"
    if prev in CAPTURE_VERBS and not run.initial:
        return "place.capture_verb"
    if _list_cue_before(before):
        return "place.list"
    cm = _COMMA_NAME.match(after) if after[:1] == "," else None
    if cm:
        g = lex.gazetteer.get(fold(cm.group(1)))
        if g is not None and g.place_type in ("country", "region", "province"):
            return "place.comma_country"
    if after[:1] == "," and doc.pats.place_apposition.match(after):
        return "place.apposition"
    return None


# --- coordination propagation ----------------------------------------------------------------

_COORD_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)")


def _coordinable(doc: Doc, r: Run) -> bool:
    """The tests of _coordinations on a run's words and start (which never change)."""
    words = [t[2] for t in r.tokens]
    info = _words_info(doc, words)
    if info.demonym_or_nonentity:
        return False
    if len(words) == 1 and doc.is_common(words[0]) or not info.has_vowel:  # (_has_vowel(" ".join(words)))
        return False
    if r.initial and doc.is_common(words[0]):
        return False
    if doc.text[max(0, r.start - 4):r.start].casefold().endswith("the "):
        return False
    return True


def _coordinations(doc: Doc, segs: set[int] | None = None) -> None:
    """A bare run coordinated with a place is a place: 'captured Ganlykend, Bozlu, ... and Chopurlu'.

    (``segs``: only these segments are examined, the others being unchanged since the last call.)"""
    by_seg = doc.runs_by_seg  # (the runs are all found before the first call)
    if by_seg is None:
        by_seg = doc.runs_by_seg = {}
        for r in doc.runs:
            by_seg.setdefault(r.seg, []).append(r)
    place_starts: dict[int, dict[int, Cand]] = {}
    for c in doc.cands:
        if c.kind == "place" and (segs is None or c.seg in segs):
            place_starts.setdefault(c.seg, {})[c.start] = c
    titlecase = doc.titlecase
    # A segment is examined again only after a place was added in it: nothing else changes what
    # its runs see (their places, overlaps and covered flags are the segment's own), so another
    # pass over an unchanged segment adds nothing (the passes of the original loop, minus no-ops).
    # The same holds between two calls: a segment in which no candidate was added since the
    # last call (no place, no claimed span, no run newly covered: _propagate covers a run only
    # when it adds a candidate in it) adds nothing, hence ``segs``.
    todo = by_seg if segs is None else {k: v for k, v in by_seg.items() if k in segs}
    while todo:
        changed_segs: dict[int, list[Run]] = {}
        for seg_no, runs in todo.items():
            if seg_no in titlecase:
                continue
            places = place_starts.get(seg_no)
            if not places:
                continue
            seg = doc.segs[seg_no]
            s, off = seg.text, seg.start
            seg_places = None  # the segment's place candidates, in the order of doc.seg_cands
            for idx, r in enumerate(runs):
                if r.covered:
                    continue
                ok = r.coordinable  # the tests of the run's words, which do not change: once per run
                if ok is None:
                    ok = r.coordinable = _coordinable(doc, r)
                if not ok or doc.overlaps(seg_no, r.start, r.end):
                    continue
                words = [t[2] for t in r.tokens]
                neighbour = None
                for other in (runs[idx - 1] if idx > 0 else None, runs[idx + 1] if idx + 1 < len(runs) else None):
                    if other is None:
                        continue
                    c = places.get(other.start)
                    if c is None:
                        if seg_places is None:
                            seg_places = [doc.cands[k] for k in doc.seg_cands(seg_no) if doc.cands[k].kind == "place"]
                        c = next((p for p in seg_places if p.start >= other.start and p.end <= other.end), None)
                    if c is None or c.place_kind == "feature":
                        continue
                    lo, hi = (c.end, r.start) if other.start < r.start else (r.end, c.start)
                    if hi < lo or not _COORD_GAP.fullmatch(s[lo - off:hi - off]):
                        continue
                    neighbour = c
                    break
                if neighbour is None:
                    continue
                if _person_cue(doc, r, words, [w.casefold() for w in words], s[max(0, r.start - off - 60):r.start - off],
                               s[r.end - off:]):
                    continue
                c = Cand(seg_no, r.start, r.end, "place", "place.coordination", core=" ".join(words),
                         gazetteer=doc.lex.gazetteer.get(fold(" ".join(words))))
                doc.add(c)
                places[r.start] = c
                if seg_places is not None:
                    seg_places.append(c)
                r.covered = True
                changed_segs[seg_no] = runs
        todo = changed_segs


# --- declared aliases ------------------------------------------------------------------------


def _cand_ending_at(doc: Doc, seg: int, pos: int, slack: str) -> int | None:
    best = None
    for i in doc.seg_cands(seg):
        c = doc.cands[i]
        if c.end <= pos:
            gap = doc.text[c.end:pos]
            if re.fullmatch(slack, gap):
                if best is None or c.end > doc.cands[best].end:
                    best = i
    return best


def _new_alias(doc: Doc, seg: SegmentRecord, x: int, a: int, b: int, rule: str) -> None:
    """Make [a, b) a mention of the same entity as candidate x."""
    name = doc.text[a:b]
    existing = [i for i in doc.seg_cands(seg.seq) if doc.cands[i].start < b and a < doc.cands[i].end]
    src = doc.cands[x]
    if existing:
        for i in existing:
            if i != x and doc.cands[i].kind == src.kind:
                doc.cands[i].alias_of = x
                doc.cands[i].alias_rule = rule
        return
    if doc.overlaps(seg.seq, a, b):
        return
    # a type word after the alias ("Kəlbəcər rayonu", "Dedeveng monastery") belongs to the span
    c = Cand(seg.seq, a, b, src.kind, f"{src.kind}.declared_alias", alias_of=x, alias_rule=rule, core=name,
             event_type=src.event_type, place_type=src.place_type, canonical=None)
    if src.kind == "place":
        words = name.split()
        if len(words) > 1 and words[-1].casefold() in doc.lex.place_suffix:
            pt = doc.lex.place_suffix[words[-1].casefold()]
            c.core = " ".join(words[:-1])
            c.place_kind, c.generic = pt.kind, pt.generic
    doc.add(c)


_CODENAMED_BEFORE = re.compile(r"\s*(?:,|\(|—|–)\s*(?:code-?named|code[ \u00a0]name[sd]?)\s+[\"“']?\Z")


def _declared_aliases(doc: Doc, readable: Sequence[SegmentRecord]) -> None:
    pats = doc.pats
    prev_first: int | None = None
    for seg in readable:
        s, off = seg.text, seg.start
        # "X, also known as Y or Z", "X—known as Y—"
        for m in (_KNOWN_AS.finditer(s) if " as " in s else ()):
            x = _cand_ending_at(doc, seg.seq, off + m.start(), r"")
            if x is None:
                continue
            am = pats.alias_cue.match(s, m.start())
            if not am:
                continue
            names = [(am.start(1), am.end(1))]
            for om in re.finditer(r"\s+or\s+(?:the\s+)?", am.group(2) or ""):
                rest = (am.group(2) or "")[om.end():]
                nm = pats.name_phrase.match(rest)
                if nm:
                    base = am.start(2) + om.end()
                    names.append((base + nm.start(), base + nm.end()))
            for a, b in names:
                _new_alias(doc, seg, x, off + a, off + b, "declared.known_as")
        # "the Second Battle of X, code-named Operation Y,": one event, two names
        for i in (doc.seg_cands(seg.seq) if "code" in s else ()):
            c = doc.cands[i]
            if c.rule != "event.codename" or c.alias_of is not None:
                continue
            cue = _CODENAMED_BEFORE.search(s, 0, c.start - off)
            x = _cand_ending_at(doc, seg.seq, off + cue.start(), r"") if cue else None
            if x is not None and x != i and doc.cands[x].kind == "event":
                c.alias_of, c.alias_rule = x, "declared.codename"
        # "(modern-day Y)", "(or Y)", "(Azerbaijani: Y)", "(: Y)", acronyms "(NKAO)"
        for m in (re.finditer(r"\(", s) if "(" in s and doc.seg_cands(seg.seq) else ()):
            x = _cand_ending_at(doc, seg.seq, off + m.start(), r"\s*")
            if x is None:
                continue
            if doc.cands[x].kind == "unit" and _unit_short_name(doc, seg, x, m.end()):
                continue
            pm = pats.alias_paren.match(s, m.start())
            if not pm:
                continue
            cue = (pm.group(1) or "").casefold()
            a, b = off + pm.start(3), off + pm.end(3)
            alias = pm.group(3)
            src = doc.cands[x]
            if not cue and pm.group(2) is None and ":" not in s[m.start():pm.start(3)]:
                # a bare parenthesis: only an acronym of the name before it
                if not (alias.isupper() and len(alias) >= 2 and _initials(doc.text[src.start:src.end]) == alias.replace(".", "")):
                    continue
                rule = "declared.acronym"
            elif cue in ("or", "also", "aka", "a.k.a."):
                rule = "declared.or"
            elif cue:
                rule = "declared.modern_name" if cue in ("modern-day", "present-day", "modern", "today", "now") else "declared.former_name"
            else:
                rule = "declared.other_language"
            _new_alias(doc, seg, x, a, b, rule)
        # "X or Y monastery" (one thing, two names)
        for i in list(doc.seg_cands(seg.seq)):
            c = doc.cands[i]
            if c.kind != "place" or c.place_kind != "feature":
                continue
            before = doc.text[max(off, c.start - 60):c.start]
            bm = re.search(r"(?:(?<=\s)|^)([A-Z][\w'’-]*(?:[ \u00a0][A-Z][\w'’-]*)*)\s+or\s+$", before)
            tail_words = doc.text[max(0, c.end - len(c.generic or "") - 12):c.end].split()
            type_word = tail_words[-1].casefold() if c.generic and tail_words else ""
            if bm and not type_word.endswith("s"):
                a = c.start - (len(before) - bm.start(1))
                b = a + len(bm.group(1))
                if not doc.overlaps(seg.seq, a, b) and bm.group(1).casefold() not in doc.lex.demonyms:
                    j = doc.add(Cand(seg.seq, a, b, "place", "place.declared_alias", core=bm.group(1),
                                     place_type=c.place_type, place_kind=c.place_kind, generic=c.generic))
                    c.alias_of = j
                    c.alias_rule = "declared.or"
        # "the district was redesignated as Y": the most mentioned place of that type
        for m in (pats.anaphor_alias.finditer(s) if " as " in s or "renamed" in s else ()):
            noun = m.group(1).casefold()
            x = _salient(doc, noun)
            if x is not None:
                _new_alias(doc, seg, x, off + m.start(2), off + m.end(2), "declared.redesignated")
        # "It is also known as the Y": the first mention of the previous segment
        m = pats.it_alias.match(s)
        if m and prev_first is not None:
            _new_alias(doc, seg, prev_first, off + m.start(1), off + m.end(1), "declared.known_as")
        firsts = doc.seg_cands(seg.seq)
        if firsts:
            prev_first = min(firsts, key=lambda i: doc.cands[i].start)


_KNOWN_AS = re.compile(
    r"(?:,|—|–|\(|\s)\s*(?:(?:also|formerly|previously|later|locally|commonly|sometimes)\s+)?"
    r"(?:known|referred\s+to|called|spelled|spelt)\s+as\s+"
)


# Between a unit and the larger one it is designated as part of: "2nd Battalion, Parachute
# Regiment", "2nd Battalion, The Parachute Regiment", "the 3rd Company of the 1st Battalion"
_DESIGNATION_GAP = re.compile(r",[ \u00a0]+(?:[Tt]he[ \u00a0]+)?|[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?")
_POSSESSIVE_GAP = re.compile(r"['’]s[ \u00a0]+")
_LIST_GAP = re.compile(r"[ \u00a0]*,?[ \u00a0]+(?:and|or)[ \u00a0]+(?:the[ \u00a0]+)?")


def _designated_parents(doc: Doc) -> None:
    """A unit designated as part of a larger one names its parent: "2nd Battalion, Parachute
    Regiment", "the 3rd Company of the 1st Battalion", "the Parachute Regiment's 2nd Battalion",
    and along a chain ("A Company, 2nd Battalion, 5th Regiment"). Only where both formations have
    an echelon (formations.tsv) and the parent's is larger; a list is no designation: "the 2nd
    Battalion, the 4th Regiment and the 6th Division" (a list ends with "and"), "the 2nd
    Battalion, the 4th Battalion"."""
    echelons = doc.lex.echelons
    if not echelons:
        return
    for idxs in doc.by_seg.values():
        units = sorted((i for i in idxs if doc.cands[i].kind == "unit" and doc.cands[i].alias_of is None
                        and doc.cands[i].formation in echelons), key=lambda i: doc.cands[i].start)
        if len(units) < 2:
            continue
        for n, (i, j) in enumerate(zip(units, units[1:])):
            a, b = doc.cands[i], doc.cands[j]
            if b.parent is None and echelons[a.formation] > echelons[b.formation] \
                    and _POSSESSIVE_GAP.fullmatch(doc.text, a.end, b.start):
                b.parent = i  # "the Parachute Regiment's 2nd Battalion"
                continue
            gap = _DESIGNATION_GAP.fullmatch(doc.text, a.end, b.start)
            if gap is None or a.parent is not None or echelons[b.formation] <= echelons[a.formation]:
                continue
            if gap.group(0).startswith(","):
                # (a comma can also separate the items of a list: not if the next unit follows
                # with "and", or is no larger than this one)
                if n + 2 < len(units):
                    c = doc.cands[units[n + 2]]
                    if _LIST_GAP.fullmatch(doc.text, b.end, c.start) or (
                            _DESIGNATION_GAP.fullmatch(doc.text, b.end, c.start)
                            and echelons[c.formation] <= echelons[b.formation]):
                        continue
                if n > 0 and _LIST_GAP.fullmatch(doc.text, doc.cands[units[n - 1]].end, a.start):
                    continue
            a.parent = j


_PAREN_CLOSE = re.compile(r"\s*\)")
_SPACES_AT = re.compile(r"\s*")


def _unit_short_name(doc: Doc, seg: SegmentRecord, x: int, pos: int) -> bool:
    """"the 2nd Battalion (2 Para)": a unit of the same number alone in the parentheses after
    a unit is its short name, not its parent ("128th Regiment (7th Army)"); after a designation,
    the short name of its first unit ("2nd Battalion, Parachute Regiment (2 Para)")."""
    src = doc.cands[x]
    if src.number is None:
        child = next((i for i in doc.seg_cands(seg.seq) if doc.cands[i].parent == x and doc.cands[i].kind == "unit"
                      and doc.cands[i].number is not None), None)
        if child is None:
            return False
        x, src = child, doc.cands[child]
    a = seg.start + _SPACES_AT.match(seg.text, pos).end()
    for i in doc.seg_cands(seg.seq):
        c = doc.cands[i]
        if c.start == a and c.kind == "unit" and c.number == src.number and i != x and \
                _PAREN_CLOSE.match(doc.text, c.end) and c.parent is None:
            if src.parent == i:
                src.parent = None
            c.alias_of, c.alias_rule = x, "declared.short_name"
            return True
    return False


def _initials(name: str) -> str:
    return "".join(p[0] for p in re.split(r"[\s\-–]+", name) if p and p[0].isupper())


def _salient(doc: Doc, noun: str) -> int | None:
    kinds = {"operation": "event", "battle": "event", "war": "event", "offensive": "event"}
    kind = kinds.get(noun, "place")
    counts: dict[str, list[int]] = {}
    for i, c in enumerate(doc.cands):
        if c.kind != kind:
            continue
        if kind == "place" and c.place_kind == "feature":
            continue
        key = fold(c.core or doc.text[c.start:c.end])
        counts.setdefault(key, []).append(i)
    if not counts:
        return None
    best = max(counts.values(), key=len)
    return best[0]


# --- propagation -----------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _windows(n: int) -> tuple[tuple[int, int], ...]:
    """The sub-runs _propagate tries, longest first from each start: (i, j) word indices."""
    return tuple((i, j) for i in range(n) for j in range(min(n, i + 5), i, -1))


def _alias_entries(lex: Lexicon, extra_aliases: Iterable[tuple[str, str, str]]) -> dict:
    """What the alias file and the archive's aliases add to _propagate's known names (the first
    entry of a name wins), remembered for the last few tuples of archive aliases."""
    key = extra_aliases if isinstance(extra_aliases, tuple) else None  # an iterable is read once
    return lex.remember("recognise.aliases", key, lambda: _build_alias_entries(lex, extra_aliases))


def _build_alias_entries(lex: Lexicon, extra_aliases: Iterable[tuple[str, str, str]]) -> dict:
    entries: dict[str, tuple[str, int | None, str]] = {}
    for a in lex.aliases:
        entries.setdefault(fold(a.alias), (a.kind, None, f"{a.kind}.alias_file"))
    for kind, canonical, alias in extra_aliases:
        entries.setdefault(fold(alias), (kind, None, f"{kind}.alias_file"))
        entries.setdefault(fold(canonical), (kind, None, f"{kind}.alias_file"))
    return entries


_OF_PLACE_NAME = re.compile(r"(\w+) of ([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})\Z")


def _propagate(doc: Doc, extra_aliases: Iterable[tuple[str, str, str]]) -> None:
    """Every name recognised somewhere is a mention wherever it occurs as a whole run."""
    lex = doc.lex
    known: dict[str, tuple[str, int | None, str]] = {}  # folded -> (kind, cand index, rule)
    variants: dict[str, tuple[str, int]] = {}  # skeleton -> (kind, cand index)
    persons_full: list[int] = []
    for i, c in enumerate(doc.cands):
        surface = doc.text[c.start:c.end]
        if c.kind == "person":
            known.setdefault(fold(surface), ("person", i, "person.in_document"))
            if len(surface.split()) >= 2:
                persons_full.append(i)
        elif c.kind == "place":
            for name in {surface, c.core or surface}:
                known.setdefault(fold(name), ("place", i, "place.in_document"))
                sk = skeleton(name)
                if len(sk) >= 5:
                    variants.setdefault(sk, ("place", i))
        elif c.kind in ("unit", "event"):
            known.setdefault(fold(surface), (c.kind, i, f"{c.kind}.in_document"))
    # the place an event is named after ("Capture of Dornovo", "Siege of Tesmir"): a place where
    # its name stands alone ("Dornovo stands on a plateau"), unless the document says otherwise
    for c in doc.cands:
        if c.kind == "event" and c.rule.endswith("_of") and c.canonical:
            m = _OF_PLACE_NAME.match(c.canonical)
            if m and m.group(1).casefold() in lex.events_of and m.group(2).casefold() not in lex.demonyms:
                known.setdefault(fold(m.group(2)), ("place", None, "place.event_name"))
    # surnames and given names of full names

    surn: dict[str, list[int]] = {}
    for i in persons_full:
        given, surname = split_person_name(doc.text[doc.cands[i].start:doc.cands[i].end])
        if surname:
            surn.setdefault(fold(surname), []).append(i)
            sk = skeleton(surname)
            if len(sk) >= 5:
                variants.setdefault("p:" + sk, ("person", i))
    for key, idxs in surn.items():
        known.setdefault(key, ("person", idxs[0], "person.surname_in_document"))
    givens: dict[str, set[str]] = {}
    for i in persons_full:
        surface = doc.text[doc.cands[i].start:doc.cands[i].end]
        given = split_person_name(surface)[0]
        if given:
            givens.setdefault(fold(given.split()[0]), set()).add(fold(surface))
    for key, fulls in givens.items():
        if len(fulls) == 1 and key not in known and key not in lex.gazetteer and len(key) > 2:
            known[key] = ("person", None, "person.given_name_in_document")
    # the alias file and the archive's aliases: they come after the document's names (which win),
    # so they are looked up second instead of being merged into ``known`` for every document
    alias_known = _alias_entries(lex, extra_aliases)
    if not known and not alias_known:
        return
    demonyms, nonentities, gazetteer = lex.demonyms, lex.nonentities, lex.gazetteer
    doc_known_get, alias_known_get = known.get, alias_known.get

    def known_get(key: str) -> tuple[str, int | None, str] | None:
        hit = doc_known_get(key)
        return alias_known_get(key) if hit is None else hit

    titlecase = doc.titlecase
    for r in doc.runs:
        if r.covered:
            continue
        toks = r.tokens
        words = [t[2] for t in toks]
        n = len(words)
        in_titlecase = r.seg in titlecase
        windows = _windows(n) if in_titlecase or r.initial or n > 1 else ((0, n),)
        i_pos = 0
        for i, j in windows:
            if i < i_pos:
                continue
            # (the tests below are pure, so they are made cheapest first; the original order was
            # overlap, demonym/non-entity/organisation word, known name or variant, common word)
            name = words[i] if j - i == 1 else " ".join(words[i:j])
            key = fold(name)
            hit = known_get(key)
            if hit is None:
                if j - i != 1 or in_titlecase or doc.is_common(name):
                    continue
                sk = skeleton(name)
                v = variants.get(sk) or variants.get("p:" + sk)
                if v is None or len(sk) < 5:
                    continue
                src_c = doc.cands[v[1]]
                src_name = src_c.core or doc.text[src_c.start:src_c.end]
                if v[0] == "person":
                    src_name = split_person_name(doc.text[src_c.start:src_c.end])[1] or src_name
                if not variant_names(src_name, name):
                    continue
                hit = (v[0], v[1], f"{v[0]}.variant")
            sub_start, sub_end = toks[i][0], toks[j - 1][1]
            if doc.overlaps(r.seg, sub_start, sub_end):
                continue
            lname = name.casefold()
            if lname in demonyms or lname in nonentities or _has_org_word(lex, words[i:j]):
                continue
            kind, src, rule = hit
            if kind == "person" and j - i == 1 and doc.is_common(name) and (r.initial or in_titlecase):
                continue
            c = Cand(r.seg, sub_start, sub_end, kind, rule, core=name if kind == "place" else None,
                     article=doc.text[max(0, sub_start - 4):sub_start].casefold().endswith(("the ", "the\u00a0")))
            if src is not None:
                s0 = doc.cands[src]
                if kind == "place":
                    c.gazetteer = s0.gazetteer if fold(s0.core or "") == key else gazetteer.get(key)
                    c.place_type = c.gazetteer.place_type if c.gazetteer else None
                if kind in ("unit", "event"):
                    c.canonical = s0.canonical
                    c.event_type = s0.event_type
                    c.number, c.formation, c.side = s0.number, s0.formation, s0.side
            else:
                c.gazetteer = gazetteer.get(key) if kind == "place" else None
                if kind == "event":
                    c.event_type = "other"
            doc.add(c)
            i_pos = j
        if i_pos:
            r.covered = True
