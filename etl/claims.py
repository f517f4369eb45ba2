"""Quantitative claims: every figure a sentence states about people, things, areas or money.

``extract_claims(sentence, offset, segment_seq=..., exclude=...)`` finds the numbers in one
sentence (``etl.numbers``), drops those that are not claims (years, dates, ordinals, labels such
as ``Resolution 822``, model names, times, durations, distances, percentages, measures), and
reads for each remaining figure:

* the **hedge** phrase next to it (``as many as 15,000``, ``an estimated 60,000``);
* the **counted noun phrase** after it (``240 Armenian soldiers``, ``30,000 of its citizens``);
* the **predicate**, from the strongest cue, in this order: the unit (km2, metres of a peak,
  money); an event word attached to the figure (``511 fatalities``, ``18 killed``); the verb
  whose subject the figure is (``... soldiers were killed``, ``eleven of them died``); a verb or
  noun governing the figure (``killed 511``, ``the deaths of 511``, ``population of 60,000``);
  the whole of a composition or list it belongs to (``511 fatalities, comprising 381
  servicemen and 130 civilians``; ``destroy 97 schools, 9 kindergartens``); the counted noun's
  default (soldiers -> strength, residents -> population, villages -> count), or for people
  and families the cue of the sentence (``resettlements``, ``census``); for a bare figure the
  estimate it repeats (``believes the number to be 200``) or the figure before it;
* **attribution**: ``according to X``, ``X believes/said/reported/estimated/acknowledged ...``,
  ``as reported by X``, ``..., X said``; the source as the text names it, without titles;
* **compositions**: parts point to their whole with ``parent_index``.

The word lists (counted nouns, cues per predicate, hedges, verbs of saying, units) live in
``etl/data/claims_*.tsv`` (see ``etl/data/CLAIMS.md``); the annotation guidelines the rules
follow are in ``tests/gold/CLAIMS.md``.

Everything is bounded: each figure looks at a fixed window of tokens around it, so the work is
linear in the sentence. Most sentences are dismissed before any tokenising: those without
digits or number words, and those whose digits are only years, days of months, ordinals,
markers or codes (``_quick_reject``, on the raw text). ``extract_claims`` never raises.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from etl.dates import WEEKDAYS
from etl.limits import MAX_NUMBERS_PER_SEGMENT
from etl.numbers import _ALL_BYTES, _CARDINAL_BYTES, NumberMatch, _words_of, find_numbers
from etl.types import ClaimRecord

__all__ = ["extract_claims", "Lexicon", "load_lexicon"]

log = logging.getLogger("archive.etl.claims")

DATA_DIR = Path(__file__).resolve().parent / "data"

PERSON_CLASSES = frozenset({"military", "person", "resident", "status", "event", "group", "pronoun", "people"})


# --- lexicon ---------------------------------------------------------------------------


class PhraseTable(dict):
    """phrase (tuple of lower-case words) -> value, with the first and last words indexed so
    that most tokens are rejected by one set lookup."""

    def __init__(self, items=()):
        super().__init__(items)
        self.reindex()

    def reindex(self) -> None:
        self.firsts = frozenset(k[0] for k in self)
        self.lasts = frozenset(k[-1] for k in self)
        self.maxlen = max((len(k) for k in self), default=0)


@dataclass(frozen=True, slots=True)
class Noun:
    word: str
    cls: str  # military | person | resident | status | event | group | thing | abstract
    predicate: str | None
    unit: str | None  # None: the noun itself
    compared_as: str = ""  # "": by class; "-": with anything; else that group (claims_nouns.tsv)


@dataclass(slots=True)
class Lexicon:
    nouns: dict[str, Noun] = field(default_factory=dict)
    cues_after: PhraseTable = field(default_factory=PhraseTable)
    cues_before: PhraseTable = field(default_factory=PhraseTable)
    cues_sentence: PhraseTable = field(default_factory=PhraseTable)
    labels: dict[str, str] = field(default_factory=dict)
    compositions: PhraseTable = field(default_factory=PhraseTable)
    totals: PhraseTable = field(default_factory=PhraseTable)
    hedges_before: PhraseTable = field(default_factory=PhraseTable)
    hedges_after: PhraseTable = field(default_factory=PhraseTable)
    saying: frozenset = frozenset()
    participles: frozenset = frozenset()
    by_verbs: frozenset = frozenset()
    preps: tuple = ()
    sources: frozenset = frozenset()
    titles: frozenset = frozenset()
    vague: frozenset = frozenset()
    units: PhraseTable = field(default_factory=PhraseTable)
    elevation: PhraseTable = field(default_factory=PhraseTable)
    dimension: PhraseTable = field(default_factory=PhraseTable)
    label_words: frozenset = frozenset()
    date_words: frozenset = frozenset()


def _rows(name: str, directory: Path) -> list[list[str]]:
    rows = []
    path = directory / name
    header_seen = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not header_seen:  # the first non-comment line names the columns
            header_seen = True
            continue
        rows.append(cells)
    return rows


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.lower().split())


def load_lexicon(directory: Path = DATA_DIR) -> Lexicon:
    """Read the ``claims_*.tsv`` word lists (administrators may extend them)."""
    lex = Lexicon()
    for cells in _rows("claims_nouns.tsv", directory):
        word, cls = cells[0].lower(), cells[1]
        pred = cells[2] if len(cells) > 2 and cells[2] not in ("", "-") else None
        unit = cells[3] if len(cells) > 3 and cells[3] not in ("", "-") else None
        lex.nouns[word] = Noun(word, cls, pred, unit, cells[4].lower() if len(cells) > 4 else "")
    compositions, totals = set(), set()
    for cells in _rows("claims_cues.tsv", directory):
        phrase, pred, applies, position = (cells + ["", "", "", ""])[:4]
        key = _key(phrase)
        if position == "after":
            lex.cues_after.setdefault(key, []).append((pred, applies))
            lex.cues_sentence.setdefault(key, pred) if applies != "things" else None
        elif position == "before":
            lex.cues_before.setdefault(key, []).append((pred, applies))
            lex.cues_sentence.setdefault(key, pred) if applies != "things" else None
        elif position == "sentence":
            lex.cues_sentence[key] = pred
        elif position == "label":
            lex.labels[phrase.lower()] = pred
        elif position == "composition":
            compositions.add(key)
        elif position == "total":
            totals.add(key)
    lex.compositions = PhraseTable((k, True) for k in compositions)
    lex.totals = PhraseTable((k, True) for k in totals)
    for cells in _rows("claims_hedges.tsv", directory):
        phrase, hedge, position = (cells + ["", "", ""])[:3]
        (lex.hedges_after if position == "after" else lex.hedges_before)[_key(phrase)] = hedge
    saying, by_verbs, preps, sources, titles, vague, participles = set(), set(), [], set(), set(), set(), set()
    for cells in _rows("claims_attribution.tsv", directory):
        cue, kind = (cells + ["", ""])[:2]
        cue = cue.lower()
        {"saying": saying, "by": by_verbs, "source": sources, "title": titles, "vague": vague,
         "participle": participles}.get(
            kind, set()
        ).add(cue)
        if kind == "prep":
            preps.append(_key(cue))
    lex.saying, lex.by_verbs, lex.sources = frozenset(saying), frozenset(by_verbs), frozenset(sources)
    lex.participles = frozenset(participles)
    lex.titles, lex.vague, lex.preps = frozenset(titles), frozenset(vague), tuple(preps)
    elevation, dimension, label_words, date_words = set(), set(), set(), set()
    for cells in _rows("claims_units.tsv", directory):
        word, kind = cells[0].lower(), cells[1]
        factor = float(cells[2]) if len(cells) > 2 and cells[2] else 1.0
        key = _key(word)
        if kind in ("area", "length", "duration", "measure"):
            lex.units[key] = (kind, factor)
        elif kind == "elevation":
            elevation.add(key)
        elif kind == "dimension":
            dimension.add(key)
        elif kind == "label":
            label_words.add(word)
        elif kind == "date":
            date_words.add(word)
    lex.elevation = PhraseTable((k, True) for k in elevation)
    lex.dimension = PhraseTable((k, True) for k in dimension)
    lex.label_words, lex.date_words = frozenset(label_words), frozenset(date_words)
    for table in (lex.cues_after, lex.cues_before, lex.cues_sentence, lex.hedges_before, lex.hedges_after, lex.units):
        table.reindex()
    return lex


LEXICON = load_lexicon()

# --- closed word classes (grammar, not vocabulary) --------------------------------------

_MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
_DETS = frozenset("the a an its their his her our my your this that these those".split())
_QUANTIFIERS = frozenset(
    "all most many some half majority minority part none few several each any much third thirds quarter quarters "
    "fifth fifths tenth tenths proportion share fraction rest remainder".split()
)
# words that end a noun phrase after a figure
_NP_STOP = frozenset(
    """of in at on by to from with for into onto over under across during since until till after before
    near about around between among against through throughout towards toward via per than as like
    within without upon along amid beyond behind inside outside due
    was were is are be been being am has have had will would could should may might must shall can
    do does did who whom whose which that what when where while whereas but although though because
    if unless so then also too and or nor not no only just even still yet both either neither
    the a an this these those its their his her our my your it they he she we i you them""".split()
)
# words that end the search for the verb of a figure's noun phrase
_CLAUSE_STOP = frozenset(
    "while whereas but although though because which who whom whose that when where if unless since so".split()
)
# words after a comma that open a parenthesis ("Four of them, including the driver, were killed")
_PAREN_OPENERS = frozenset("including such among especially notably excluding mostly mainly chiefly".split())
_APPOSITIVE_OPENERS = frozenset("almost nearly virtually practically most many half".split())
_BOUNDARY_WORDS = frozenset("while whereas but although though however".split())
_ANAPHORS = frozenset("number figure toll estimates estimate total count tally numbers figures".split())
# place nouns whose "X of" is a population cue before a figure ("a town of 6,000"), not before a name
_PLACE_OF = frozenset("town city village district region country settlement province nation community".split())
_SINGULAR_ANAPHORS = frozenset("number figure toll estimate total count tally".split())
_TOLD = frozenset(("told", "tells"))
# (not "reported" or "claimed", participles as often: "10 families reported settled there")
_SPEAKING = frozenset(("said", "says", "told", "tells", "added"))
_SPEECH = frozenset("said says told reported reports stated states announced added claimed claims".split())
_CONTRAST = frozenset("but although though however yet".split())
_RANGING = frozenset("range ranges ranged ranging vary varies varied varying".split())
_NUMBERING = frozenset("numbering numbered totaling totalling totalled totaled amounting".split())
_ABBREVIATIONS = frozenset("no nos approx ca c p pp vol sq dr mr mrs ms prof st fig gen col lt".split())
_NAME_PARTICLES = frozenset("de da di du del della der den van von al el bin ibn le la ter y".split())
_CONNECTORS = frozenset("of for the and on".split())
_PRONOUN_HEADS = frozenset("them whom which these those".split())
_SMALL_WORD_MAX = 12

_TOKEN = re.compile(r"\w+(?:['’\-\u2011]\w+)*(?:['’]s?)?|\S")
_MARKER = re.compile(r"\[\s*(?:\d{1,4}|[a-zA-Z]{1,2}|[a-z]+\s?\d{1,4})\s*\]")
_DIGIT = re.compile(r"\d")


# --- tokens ----------------------------------------------------------------------------


class _Tok:
    __slots__ = ("start", "end", "text", "norm", "kind", "num", "cap")

    def __init__(self, start: int, end: int, text: str, kind: str, num: NumberMatch | None = None,
                 norm: str | None = None):
        self.start = start
        self.end = end
        self.text = text
        self.kind = kind  # "w" word | "n" number | "p" punctuation
        self.num = num
        if norm is None:
            norm = text.lower()
        if "’" in norm or "\u2011" in norm:
            norm = norm.replace("’", "'").replace("\u2011", "-")
        self.norm = norm
        self.cap = kind == "w" and text[0].isupper()


_TRAILING_PUNCT = frozenset(',.;:!?)"”')


def _tokenize(text: str, numbers: list[NumberMatch]) -> list[_Tok]:
    """Words, numbers (one token per ``NumberMatch``) and punctuation marks, with offsets.

    Whitespace-separated chunks that are plain words (the common case) skip the regular
    expression; the others are split by ``_TOKEN``."""
    toks: list[_Tok] = []
    append = toks.append
    lower = text.lower()
    if len(lower) != len(text):
        lower = None
    finditer = _TOKEN.finditer

    def slow(lo: int, hi: int) -> None:
        for m in finditer(text, lo, hi):
            s, e = m.span()
            tok = text[s:e]
            c = tok[0]
            if c.isalpha() or (c.isdigit() and e - s > 1):
                append(_Tok(s, e, tok, "w", None, lower[s:e] if lower is not None else None))
            elif c == "." and toks and toks[-1].kind == "w" and toks[-1].end == s and toks[-1].norm in _ABBREVIATIONS:
                prev = toks[-1]
                toks[-1] = _Tok(prev.start, e, text[prev.start:e], "w")  # "No.", "approx."
            else:
                append(_Tok(s, e, tok, "p", None, tok))

    new = object.__new__

    def words(lo: int, hi: int) -> None:
        seg = text[lo:hi]
        pos = 0
        find = seg.find
        for chunk in seg.split():
            i = find(chunk, pos)
            size = len(chunk)
            pos = i + size
            s = lo + i
            if chunk.isalpha():  # the common case, without the regular expression
                t = new(_Tok)
                t.start, t.end, t.text, t.kind, t.num = s, s + size, chunk, "w", None
                t.norm = lower[s:s + size] if lower is not None else chunk.lower()
                t.cap = chunk[0].isupper()
                append(t)
            elif size > 1 and chunk[-1] in _TRAILING_PUNCT and chunk[:-1].isalpha() \
                    and not (chunk[-1] == "." and chunk[:-1].lower() in _ABBREVIATIONS):
                e = s + size - 1
                t = new(_Tok)
                t.start, t.end, t.text, t.kind, t.num = s, e, chunk[:-1], "w", None
                t.norm = lower[s:e] if lower is not None else chunk[:-1].lower()
                t.cap = chunk[0].isupper()
                append(t)
                append(_Tok(e, e + 1, chunk[-1], "p", None, chunk[-1]))
            else:
                slow(s, s + size)

    pos = 0
    for num in numbers:
        if num.start > pos:
            words(pos, num.start)
        append(_Tok(num.start, num.end, num.text, "n", num, num.text.lower()))
        pos = num.end
    words(pos, len(text))
    return toks


def _tokenize_reference(text: str, numbers: list[NumberMatch]) -> list[tuple[int, int, str]]:
    """The same tokens by the regular expression alone (kept for the tests)."""
    out = []
    pos = 0
    for num in numbers + [None]:
        hi = num.start if num is not None else len(text)
        for m in _TOKEN.finditer(text, pos, hi):
            out.append((m.start(), m.end(), m.group()))
        if num is not None:
            out.append((num.start, num.end, num.text))
            pos = num.end
    merged: list[tuple[int, int, str]] = []
    for t in out:
        if t[2] == "." and merged and merged[-1][1] == t[0] and merged[-1][2].lower() in _ABBREVIATIONS:
            prev = merged.pop()
            merged.append((prev[0], t[1], text[prev[0]:t[1]]))
        else:
            merged.append(t)
    return merged


# --- figures ---------------------------------------------------------------------------


class _Fig:
    """One figure being read. Plain class with class-level defaults: cheap to create."""

    head: Noun | None = None
    head_ti: int | None = None
    hedge: str | None = None
    unit: str | None = None
    qual_span: tuple[int, int] | None = None  # token indexes [a, b] of the qualifier
    qual_text: str | None = None  # a qualifier made of separate pieces ("cold ... sources")
    qualifier: str | None = None
    np_end: int = 0  # token index after the noun phrase
    mods: tuple | list = ()
    partitive = False
    quantified = False  # "nearly all of the town's 15,000 ..."
    rnr = False  # shares the noun of a later coordinated figure
    predicate: str | None = None
    level = -1  # 5 unit, 4 event word, 3 verb after, 2 cue before, 1 inherited, 0 default
    rule = ""
    parent: int | None = None
    group: int | None = None
    list_prev: int | None = None
    attributed_to: str | None = None
    counted: str | None = None
    side: str | None = None

    def __init__(self, ti: int, num: NumberMatch):
        self.ti = ti  # token index of the number
        self.num = num
        self.start = num.start  # the figure's phrase, sentence-relative
        self.end = num.end
        self.value = num.value
        self.low = num.low
        self.high = num.high
        self.first_ti = ti  # first token of the phrase (the hedge)
        self.last_ti = ti  # last token of the figure (and its unit / after-hedge)

    @property
    def persons(self) -> bool | None:
        if self.head is None:
            return None
        return self.head.cls in PERSON_CLASSES


def _participle(noun: Noun | None) -> bool:
    """An event word that is an adjective or participle ("killed", "dead"), not a noun ("deaths")."""
    return noun is not None and noun.cls == "event" and (
        noun.word.endswith("ed") or noun.word in ("dead", "missing", "homeless", "kia", "wia", "mia", "unaccounted")
    )


def _lookup_noun(lex: Lexicon, tok: _Tok) -> Noun | None:
    w = tok.norm
    if w.endswith("'s") or w.endswith("'"):
        return None
    return _noun_of(lex, w)


def _fallback_noun(tok: _Tok) -> Noun | None:
    """A plural-looking word not in the lexicon: a demonym (``Kurds``) or a thing (``carvings``)."""
    w = tok.text
    if tok.kind != "w" or len(w) < 4 or not w.endswith("s") or "'" in w or "’" in w:
        return None
    low = w.lower()
    if low.endswith(("ss", "us")):
        return None
    if w[0].isupper() and not w.isupper() and not w[1:-1].isupper():
        return Noun(low, "people", None, "persons")  # Kurds, Azerbaijanis, Americans
    if low.endswith(("is", "ous", "ics")):  # analysis, various, politics
        return None
    return Noun(low, "fallback", "count", None)


def _phrase_at(toks: list[_Tok], i: int, table: PhraseTable, max_len: int = 4, forward: bool = True):
    """The longest phrase of ``table`` starting (forward) or ending (backward) at token ``i``."""
    if not 0 <= i < len(toks) or toks[i].norm not in (table.firsts if forward else table.lasts):
        return 0, None
    n = len(toks)
    for length in range(min(max_len, table.maxlen), 0, -1):
        if forward:
            if i + length > n:
                continue
            seg = toks[i:i + length]
        else:
            if i - length + 1 < 0:
                continue
            seg = toks[i - length + 1:i + 1]
        if any(t.kind != "w" and not (t.kind == "p" and t.text in "+°") for t in seg):
            continue
        key = tuple(t.norm for t in seg)
        if key in table:
            return length, table[key]
    return 0, None


class _Sentence:
    """The analysis of one sentence: tokens, figures, clause boundaries."""

    def __init__(self, text: str, work: str, numbers: list[NumberMatch], lex: Lexicon, previous: str | None = None):
        self.text = text
        self.lex = lex
        self.previous = previous  # the measure of the sentence before (extract_claims)
        self.toks = _tokenize(work, numbers)
        self.n = len(self.toks)
        self._clauses: list[int] | None = None
        self._topic: list[tuple[int, str]] | None = None
        self._clause_words: dict[int, frozenset] = {}

    # clause boundaries: token indexes where a clause starts
    def clause_bounds(self, ti: int) -> tuple[int, int]:
        if self._clauses is None:
            starts = [0]
            for i, t in enumerate(self.toks):
                if (t.kind == "p" and t.text in ";:") or (t.kind == "w" and t.norm in _BOUNDARY_WORDS):
                    starts.append(i + 1)
            self._clauses = starts
        lo, hi = 0, self.n
        for s in self._clauses:
            if s <= ti:
                lo = s
            elif s > ti:
                hi = s - 1
                break
        return lo, hi

    def clause_words(self, ti: int) -> frozenset:
        lo, hi = self.clause_bounds(ti)
        words = self._clause_words.get(lo)
        if words is None:
            words = self._clause_words[lo] = frozenset(t.norm for t in self.toks[lo:hi + 1] if t.kind == "w")
        return words

    def sentence_cues(self) -> list[tuple[int, str]]:
        """(token index, predicate) of every topic cue in the sentence."""
        if self._topic is None:
            found = []
            table = self.lex.cues_sentence
            for i, t in enumerate(self.toks):
                if t.kind != "w":
                    continue
                length, pred = _phrase_at(self.toks, i, table, 3)
                if pred:
                    if t.norm in _PLACE_OF and i + length < self.n and self.toks[i + length].cap:
                        continue  # "killed two children in the town of Martuni": a place, no topic
                    found.append((i, pred))
                else:
                    noun = self.lex.nouns.get(t.norm)
                    if noun is not None and noun.cls == "event" and noun.predicate:
                        found.append((i, noun.predicate))
            self._topic = found
        return self._topic


def _is_year(fig: _Fig) -> bool:
    num = fig.num
    if num.words or num.separators or num.kind not in ("number", "range"):
        return False
    values = [v for v in (num.value, num.low, num.high) if v is not None]
    return bool(values) and all(1000 <= v <= 2099 and v == int(v) for v in values)


def _skip_reason(s: _Sentence, fig: _Fig) -> str | None:
    """Why a number is not a claim, from the tokens around it (None: it may be one)."""
    toks, ti, lex = s.toks, fig.ti, s.lex
    num = fig.num
    if num.kind not in ("number", "range", "money"):
        return num.kind
    prev = toks[ti - 1] if ti > 0 else None
    nxt = toks[ti + 1] if ti + 1 < s.n else None
    # a date: "3 April", "April 3", "8–9 May"
    values = [v for v in (num.value, num.low, num.high) if v is not None]
    if values and all(1 <= v <= 31 and v == int(v) for v in values) and not num.words:
        if (nxt is not None and nxt.kind == "w" and nxt.text in _MONTHS) or (
            prev is not None and prev.kind == "w" and prev.text.rstrip(".") in _MONTHS
        ):
            return "date"
    # a label: "Resolution 822", "No. 5", "clause 4", "resolutions, including 822 (1993) and 853"
    j = ti - 1
    hops = 0
    while j >= 0 and hops < 8:
        t = toks[j]
        if t.kind == "w" and t.norm.rstrip(".") in lex.label_words or (t.kind == "w" and t.norm in lex.label_words):
            if hops == 0 or any(toks[k].kind == "n" or toks[k].norm == "including" for k in range(j + 1, ti)):
                return "label"
            break
        if t.kind == "p" and t.text == "#":
            return "label"
        if t.kind == "n" or (t.kind == "p" and t.text in ",()") or t.norm in ("and", "or", "including"):
            j -= 1
            hops += 1
            continue
        break
    if prev is not None and prev.kind == "p" and prev.text == "#":
        return "label"
    # anaphoric small numbers: "the two ethnic groups", "both"
    if num.words and num.value is not None and num.value <= _SMALL_WORD_MAX and prev is not None \
            and prev.norm in ("the", "these", "those", "its", "their", "his", "her", "our", "all", "every"):
        return "definite"
    if num.words and fig.num.text.lower() == "one":
        if nxt is not None and (nxt.norm in ("of", "another", "or") or nxt.kind == "n"):
            return "pronoun"
        if prev is not None and prev.norm in ("no", "any", "every", "each", "at", "the", "this", "that", "which"):
            return "pronoun"
    return None


def _hedge_before(s: _Sentence, fig: _Fig) -> None:
    toks = s.toks
    i = fig.ti - 1
    if i < 0:
        return
    length, hedge = _phrase_at(toks, i, s.lex.hedges_before, 3, forward=False)
    if hedge:
        fig.hedge = hedge
        fig.first_ti = i - length + 1
        fig.start = toks[fig.first_ti].start


def _hedge_after(s: _Sentence, fig: _Fig) -> None:
    j = fig.last_ti + 1
    if j >= s.n:
        return
    t = s.toks[j]
    if t.kind == "p" and t.text == "+" and t.start == s.toks[fig.last_ti].end:
        fig.hedge = fig.hedge or "over"
        fig.last_ti = j
        fig.end = t.end
        return
    length, hedge = _phrase_at(s.toks, j, s.lex.hedges_after, 2)
    if hedge:  # "300 or more", "60,000 at least"
        fig.hedge = fig.hedge or hedge
        fig.last_ti = j + length - 1
        fig.end = s.toks[fig.last_ti].end


def _suffix(s: _Sentence, fig: _Fig) -> str | None:
    """The word of a hyphenated compound glued to the figure: 44-day-long -> "day"."""
    ti = fig.ti
    if ti + 2 < s.n:
        dash, word = s.toks[ti + 1], s.toks[ti + 2]
        if dash.kind == "p" and dash.text in "-‐‑–" and dash.start == s.toks[ti].end and word.start == dash.end \
                and word.kind == "w":
            return word.norm.split("-")[0]
    return None


def _unit_after(s: _Sentence, fig: _Fig) -> tuple[int, tuple[str, float] | None]:
    j = fig.ti + 1
    if j < s.n and s.toks[j].kind == "p" and s.toks[j].text == "°":
        return 1, ("measure", 1.0)
    # "km2" right after the number is a code-like number token
    if j < s.n and s.toks[j].kind == "n" and s.toks[j].num.kind == "code":
        key = (s.toks[j].norm,)
        if key in s.lex.units:
            return 1, s.lex.units[key]
    length, unit = _phrase_at(s.toks, j, s.lex.units, 3)
    return length, unit


def _elevation_context(s: _Sentence, fig: _Fig, after_unit: int) -> bool:
    toks, lex = s.toks, s.lex
    lo, hi = s.clause_bounds(fig.ti)
    # a dimension right after the unit ("90 meters long", "40 meters in height") is never an elevation
    length, _ = _phrase_at(toks, after_unit, lex.dimension, 3)  # ("10 km to the north")
    if length:
        return False
    for i in range(max(lo, fig.first_ti - 10), fig.first_ti):
        length, hit = _phrase_at(toks, i, lex.elevation, 3)
        if hit:
            return True
    for i in range(after_unit, min(hi + 1, after_unit + 4)):
        length, hit = _phrase_at(toks, i, lex.elevation, 3)
        if hit:
            return True
    return False


def _noun_phrase(s: _Sentence, fig: _Fig, j: int) -> None:
    """Read the counted noun phrase that starts at token ``j``."""
    toks, lex, n = s.toks, s.lex, s.n
    k = j
    if k < n and toks[k].norm == "of" and toks[k].kind == "w":
        fig.partitive = True
        k += 1
        if k < n and toks[k].norm in _PRONOUN_HEADS:
            fig.head = Noun(toks[k].norm, "pronoun", None, "persons")  # no qualifier: "them" says nothing
            fig.head_ti = k
            fig.np_end = k + 1
            return
        while k < n and toks[k].norm in _DETS:
            k += 1
    elif k + 1 < n and toks[k].norm == "as" and toks[k + 1].kind == "w":
        noun = _lookup_noun(lex, toks[k + 1])
        if noun is not None and noun.cls in ("event", "status"):
            fig.head, fig.head_ti, fig.np_end = noun, k + 1, k + 2
            fig.qual_span = (k + 1, k + 1)
            return
    first = k
    mods: list[int] = []
    event_mod: Noun | None = None
    steps = 0
    while k < n and steps < 8:
        t = toks[k]
        steps += 1
        if t.kind == "n":
            if t.num.kind == "code" or fig.partitive:  # "Mi-8 helicopters", "56 of the original 124 villages"
                if t.num.kind == "code":
                    mods.append(k)
                else:
                    mods.clear()  # the whole's number: the qualifier starts after it
                k += 1
                continue
            break
        if t.kind == "p":
            break
        w = t.norm
        noun = _lookup_noun(lex, t)
        if noun is not None and noun.cls != "abstract":
            nxt = toks[k + 1] if k + 1 < n else None
            if noun.cls == "event" and nxt is not None and nxt.kind == "w" and nxt.norm not in _NP_STOP:
                nn = _lookup_noun(lex, nxt)
                fb = _fallback_noun(nxt)
                if (nn is not None and nn.cls not in ("event", "abstract")) or (fb is not None and fb.cls == "people"):
                    event_mod = noun  # "internally displaced Azerbaijanis", "20 wounded soldiers"
                    mods.append(k)
                    k += 1
                    continue
            if nxt is not None and nxt.kind == "w" and nxt.norm not in _NP_STOP and noun.cls != "event":
                nn = _lookup_noun(lex, nxt)
                if nn is not None and nn.cls != "abstract" and not _participle(nn):
                    mods.append(k)  # "civilian deaths", "plant species": the last noun is the head
                    k += 1
                    continue
            fig.head, fig.head_ti = noun, k
            end = k
            # "civilians and soldiers", "buildings and ruins"
            if k + 2 < n and toks[k + 1].norm in ("and", "or") and toks[k + 2].kind == "w":
                other = _lookup_noun(lex, toks[k + 2])
                if other is not None and other.cls not in ("abstract", "event"):
                    end = k + 2
            fig.qual_span = (mods[0] if mods else k, end)
            if _participle(noun) and end == k:
                fig.qual_span = (mods[0], mods[-1]) if mods else None  # "18 killed": nothing counted
            fig.np_end = end + 1
            fig.mods = mods
            if event_mod is not None and noun.cls != "event":
                fig.predicate, fig.level, fig.rule = event_mod.predicate, 4, f"{event_mod.predicate}.event:{event_mod.word}"
            return
        if noun is not None and noun.cls == "abstract":
            fig.head, fig.head_ti, fig.np_end = noun, k, k + 1
            return
        if w in _NP_STOP:
            if w in ("and", "or") and mods and not fig.partitive and k + 1 < n and toks[k + 1].kind == "w" \
                    and toks[k + 1].norm not in _NP_STOP and _fallback_noun(toks[mods[-1]]) is None:
                k += 1
                continue
            break
        mods.append(k)  # an adjective, a possessive ("Aidid's") or a noun the lists do not know
        k += 1
        if len(mods) > 5:
            break
    fig.mods = [m for m in mods if toks[m].kind == "w" and toks[m].norm not in ("and", "or")]
    fig.np_end = (mods[-1] + 1) if mods else first
    for h in reversed(mods):  # the last plural-looking word: "1.2 million votes cast", "1,500 Armenians fled"
        fb = _fallback_noun(toks[h]) if toks[h].kind == "w" else None
        if fb is not None:
            fig.head, fig.head_ti = fb, h
            fig.qual_span = (mods[0], h)
            fig.np_end = h + 1
            if event_mod is not None:
                fig.predicate, fig.level, fig.rule = event_mod.predicate, 4, f"{event_mod.predicate}.event:{event_mod.word}"
            break


def _cue_applies(applies: str, persons: bool | None, unknown: bool = False) -> bool:
    """persons: people; things: things; living: people, or an unknown noun ("30,000 horses died")."""
    if applies == "any" or persons is None:
        return True
    if applies == "living":
        return persons or unknown
    return (applies == "persons") == persons


def _pick(cands: list[tuple[str, str]], persons: bool | None, unknown: bool = False,
          governing: bool = False) -> str | None:
    """The predicate of the first cue that applies to the figure's noun. ``governing``: the cue
    governs the figure ("the deaths of 2,000 peasants"), so it also applies to a noun the word
    lists do not know, preferring the reading for things when the cue has both ("lost")."""
    for pred, applies in cands:
        if _cue_applies(applies, persons, unknown):
            return pred
    if unknown and governing and cands:
        for pred, applies in cands:
            if applies == "things":
                return pred
        return cands[0][0]
    return None


def _verb_after(s: _Sentence, fig: _Fig) -> tuple[str, str] | None:
    """(predicate, cue) of the verb whose subject is the figure's noun phrase: "240 Armenian
    soldiers were killed", "Four of them, including the driver, were killed". Skips
    parentheses and "of ..." phrases; stops at the clause's end, another figure, a relative
    pronoun or a conjunction."""
    toks, n, lex = s.toks, s.n, s.lex
    # without a head, the words after the figure may be the verb itself ("and 600 destroyed")
    k = fig.np_end if fig.np_end > fig.last_ti and fig.head is not None else fig.last_ti + 1
    persons = fig.persons
    # a figure that is the object of a verb ("damaged 2,300 homes and destroyed another 415") takes
    # only a participle right after its noun phrase ("reported 159 servicemen killed")
    before = toks[fig.first_ti - 1] if fig.first_ti > 0 else None
    # "2,000 soldiers, including 300 officers, were killed": the aside's figure has the verb after it
    in_aside = before is not None and before.norm in _PAREN_OPENERS and fig.first_ti >= 2 \
        and toks[fig.first_ti - 2].text == ","
    as_object = before is not None and before.kind == "w" and not before.cap and before.norm not in _NOT_VERB_BEFORE \
        and before.norm not in s.lex.saying and not in_aside
    steps = 0
    while k < n and steps < 14:
        t = toks[k]
        if as_object and t.kind == "w" and t.norm in ("and", "or") or as_object and t.text == ",":
            return None
        if t.kind == "n":
            if t.num.kind in ("code", "marker", "ordinal", "decade"):
                k += 1
                continue
            return None
        if t.kind == "p":
            if t.text in ";:.!?":
                return None
            if t.text in "(—":
                close = ")" if t.text == "(" else "—"
                m = k + 1
                while m < n and m < k + 20 and toks[m].text != close and toks[m].text not in ";.":
                    m += 1
                if m < n and toks[m].text == close:
                    k = m + 1
                    continue
                return None
            if t.text == ",":
                if in_aside:  # the aside's closing comma
                    in_aside = False
                    k += 1
                    continue
                opener = toks[k + 1].norm if k + 1 < n else ""
                if opener in _PAREN_OPENERS or opener in _APPOSITIVE_OPENERS:
                    # ", including 300 officers,": a part, skipped with its figure; ", almost the
                    # entire population of X,": an apposition (with no figure of its own)
                    m = k + 2
                    while m < n and m < k + 20 and toks[m].text not in ",;.":
                        if toks[m].kind == "n" and toks[m].num.kind not in ("code", "marker") \
                                and opener not in _PAREN_OPENERS:
                            return None
                        m += 1
                    if m < n and toks[m].text == ",":
                        k = m + 1
                        continue
                return None
            k += 1
            continue
        if t.norm in _CLAUSE_STOP:
            return None
        length, cands = _phrase_at(toks, k, lex.cues_after, 4)
        if cands:
            pred = _pick(cands, persons, fig.head is not None and fig.head.cls == "fallback")
            if pred:
                phrase = " ".join(x.norm for x in toks[k:k + length])
                return pred, phrase
        k += 1
        steps += 1
    return None


_SKIP_BEFORE = frozenset("the a an its their his her our entire whole total combined original remaining further "
                         "another additional own some all".split())
# verbs linking a noun to its figure: "the population was 44,639", "the toll rose to 1,200"
_LINKING = frozenset("was were is are be been stood stands reached reaches totalled totaled totals numbered numbers "
                     "rose rises fell falls grew declined dropped increased decreased amounted came put".split())
# words before a figure that show it is the object of a verb, not a subject ("damaged 2,300 homes")
_NOT_VERB_BEFORE = frozenset("""of in at on by to from with for into over under about around between among than as
    and or nor but the a an some any no all both each every its their his her our my your this that these those
    there were was is are be been being have has had another further additional only just nearly almost""".split())


def _cue_before(s: _Sentence, fig: _Fig) -> tuple[str, str] | None:
    """(predicate, cue) of a verb or noun governing the figure: "killed 511", "the deaths of
    511 civilians", "population of approximately 60,000", "the population was 44,639"."""
    toks, lex = s.toks, s.lex
    persons = fig.persons
    p = fig.first_ti - 1
    skipped = 0
    while p >= 0 and skipped <= 3:
        t = toks[p]
        if t.kind != "w":
            return None
        length, cands = _phrase_at(toks, p, lex.cues_before, 3, forward=False)
        if cands:
            pred = _pick(cands, persons, fig.head is not None and fig.head.cls == "fallback", governing=True)
            if pred:
                phrase = " ".join(x.norm for x in toks[p - length + 1:p + 1])
                if pred == "population":
                    # "displaced the entire Azerbaijani population of 60,000": the verb governs
                    q = p - length
                    hops = 0
                    while q >= 0 and hops <= 3 and toks[q].kind == "w":
                        l2, c2 = _phrase_at(toks, q, lex.cues_before, 2, forward=False)
                        if c2:
                            p2 = _pick(c2, True)
                            if p2 and p2 != "population":
                                return p2, " ".join(x.norm for x in toks[q - l2 + 1:q + 1])
                            break
                        if toks[q].norm in _SKIP_BEFORE or toks[q].cap:
                            q -= 1
                            hops += 1
                            continue
                        break
                return pred, phrase
        if t.norm in _SKIP_BEFORE or t.norm in ("of", "at", "to") or t.norm in _LINKING or (t.cap and p > 0) \
                or t.norm.endswith("'s"):
            skipped += 1
            p -= 1
            continue
        return None
    return None


_TAKEN = frozenset({"taken", "held", "made"})  # "taken prisoner", "held hostage", "made captive"
# "casualties were ESTIMATED AT 5,000", "the dead are PUT AT 300", "deaths were THOUGHT TO BE 2,000"
_ESTIMATE_VERBS = frozenset("estimated put reckoned thought believed reported given calculated assessed "
                            "counted said".split())
_ESTIMATE_LINKS = frozenset("at as to be have been".split())
_COPULAS = frozenset("is are was were been be".split())


def _estimated_subject(s: _Sentence, fig: _Fig) -> int | None:
    """Token index of the casualty noun a figure is the estimate of: "German casualties on 1 July
    are estimated at between 10,000 and 12,000", "civilian deaths were put at 2,000". The noun
    (a status or event noun with a measure, claims_nouns.tsv) is the subject of the passive verb,
    at most eight words before it in the same clause."""
    toks, lex = s.toks, s.lex
    if toks[fig.first_ti].norm in _ESTIMATE_VERBS:
        p = fig.first_ti  # the hedge took the verb: "(estimated at) 40,000"
    else:
        p = fig.first_ti - 1
        while p >= 0 and toks[p].norm in _ESTIMATE_LINKS:
            p -= 1
    if p < 1 or toks[p].norm not in _ESTIMATE_VERBS or toks[p - 1].norm not in _COPULAS:
        return None
    for q in range(p - 2, max(-1, p - 10), -1):
        t = toks[q]
        if t.kind == "p" and t.text not in ("'", "’"):
            return None
        noun = lex.nouns.get(t.norm) if t.kind == "w" else None
        if noun is not None:
            return q if noun.cls in ("event", "status") and noun.predicate else None
    return None


def _quantified(s: _Sentence, fig: _Fig) -> bool:
    """"Nearly all of the town's roughly 15,000 inhabitants": the verb is about "all"."""
    toks = s.toks
    for p in range(fig.first_ti - 1, max(-1, fig.first_ti - 5), -1):
        if toks[p].kind != "w":
            return False
        if toks[p].norm == "of" and p > 0 and (
            toks[p - 1].norm in _QUANTIFIERS or (toks[p - 1].kind == "n" and toks[p - 1].num.kind == "percent")
        ):
            return True
    return False


def _coordinated(s: _Sentence, a: _Fig, b: _Fig) -> bool:
    """Only commas, 'and', 'or', 'as well as' between a's noun phrase and b's phrase."""
    k = max(a.np_end, a.last_ti + 1)
    if k > b.first_ti:
        return False
    between = s.toks[k:b.first_ti]
    if not between or len(between) > 4:
        return False
    words = [t.norm for t in between if t.kind == "w"]
    puncts = [t.text for t in between if t.kind == "p"]
    return all(w in _COORD_WORDS for w in words) and all(p in ",;" for p in puncts) and ";" not in puncts


_COORD_WORDS = frozenset("and or as well plus perhaps possibly probably maybe also another further".split())


_ADVERBS_BEFORE_VERB = frozenset(
    "later also then earlier now still subsequently initially first again officially publicly separately".split()
)
_LEADING_JUNK = frozenset("and but while whereas however so then also yet".split())
_PREPOSITIONS = frozenset("of for from in at on".split())


# Verbs of saying that are also words of names: "the Islamic State", "the United States".
_NAME_HOMOGRAPHS = frozenset({"state", "states"})


def _attribution_name(s: _Sentence, a: int, b: int, *, any_noun: bool = False) -> str | None:
    """The source named by tokens a..b (inclusive), as written, without titles; None if vague.

    The subject must look like a source: a name (capitalised), or a phrase ending in a source
    noun ("Official Azerbaijani records", "Armenian sources"), or a source noun with a
    prepositional phrase ("The 1926 census for the uezd"). "Armenian forces committed" is not.
    After "according to" (``any_noun``) whatever is named is the source ("the brigade's war
    diary").
    """
    toks, lex = s.toks, s.lex
    for i in range(b, a - 1, -1):  # the last comma-separated chunk
        if toks[i].kind == "p" and toks[i].text in ',()"“”':
            a = i + 1
            break
    while a <= b and (toks[a].kind == "p" or toks[a].norm in _LEADING_JUNK):
        a += 1
    while b >= a and (toks[b].kind == "p" or toks[b].norm in _ADVERBS_BEFORE_VERB):
        b -= 1  # "the prosecutor general later put ...", "officials also said"
    if a > b or b - a > 8:
        return None
    words = toks[a:b + 1]
    if all(t.norm in lex.vague or t.norm in _DETS for t in words if t.kind == "w"):
        return None
    if words[0].norm in lex.vague and not any(t.cap for t in words[1:]):
        return None  # "some", "other estimates"
    last = words[-1]
    # (a source of two words: "the Ukrainian prosecutor general", "the UN secretary general")
    ok = last.cap or last.norm in lex.sources or (len(words) > 1 and f"{words[-2].norm} {last.norm}" in lex.sources)
    if not ok:
        for j, t in enumerate(words[:-1]):
            if t.norm in lex.sources and words[j + 1].norm in _PREPOSITIONS:
                ok = not any(w.kind == "w" and not w.cap and w.norm.endswith(("ed", "ing")) for w in words[j + 1:])
                break
    if not ok and not any_noun:
        return None
    for j in range(a, b):  # "Tsitsianov's report to Emperor Alexander I": the report, not whom it was sent to
        if toks[j].norm in lex.sources and toks[j + 1].norm == "to":
            return s.text[toks[a].start:toks[j].end]
    # a person's name after a description or a title: "the British journalist Thomas de Waal"
    i = b
    run_start = None
    while i >= a:
        t = toks[i]
        if t.kind == "w" and (t.cap or (t.norm in _NAME_PARTICLES and run_start is not None)):
            run_start = i
            i -= 1
            continue
        break
    if run_start is not None:
        while run_start <= b and toks[run_start].norm in _NAME_PARTICLES:
            run_start += 1
        k = run_start
        while k <= b and toks[k].norm.rstrip(".") in lex.titles:
            k += 1
        before = toks[run_start - 1] if run_start > a else None
        described = before is not None and before.kind == "w" and not before.cap \
            and before.norm not in _CONNECTORS and before.norm not in _DETS \
            and before.norm not in _PREPOSITIONS  # "officials in Stepanakert": not Stepanakert
        if k <= b and (k > run_start or described) and not any(t.norm in lex.sources for t in toks[k:b + 1]):
            return s.text[toks[k].start:toks[b].end]
    return s.text[toks[a].start:toks[b].end]


# "..., X said on Monday", "..., X said Tuesday" (news style drops the "on")
_AFTER_SAYING = frozenset(("in", "on", "at", "that", "last", "yesterday", "today", "tonight", "late", "earlier",
                           *(day.lower() for day in WEEKDAYS)))


def sentence_source(text: str, lexicon: Lexicon | None = None) -> str | None:
    """The source a sentence's subject names ("The Tarish military denied the claims, ..." ->
    "The Tarish military"), or None when its subject does not look like a source. Used for a
    pronoun that says something in the next sentence ("It said three were killed")."""
    work = _MARKER.sub(lambda m: " " * len(m.group()), text) if "[" in text else text
    s = _Sentence(text, work, [], lexicon or LEXICON)
    first_break = next((i for i, t in enumerate(s.toks) if t.text == ";"), s.n)
    return _sentence_subject(s, first_break) if s.n else None


def _sentence_subject(s: _Sentence, p: int) -> str | None:
    """The source named at the start of the sentence (or after its last semicolon before
    token ``p``): its run of capitalised words, source nouns and titles."""
    toks, lex = s.toks, s.lex
    start = next((c + 1 for c in range(p - 1, -1, -1) if toks[c].text == ";"), 0)
    end = start
    while end < p and (toks[end].cap or toks[end].norm in lex.sources or toks[end].norm in _DETS
                       or toks[end].norm in lex.titles or toks[end].norm in _NAME_PARTICLES):
        end += 1
    return _attribution_name(s, start, end - 1) if end > start else None


def _last_break(toks: list[_Tok], hi: int, lo: int) -> int | None:
    """The last comma, semicolon or colon at or before ``hi`` and not before ``lo``."""
    for c in range(hi, lo - 1, -1):
        if toks[c].kind == "p" and toks[c].text in ",;:":
            return c
    return None


def _phrase_end(toks: list[_Tok], start: int, longest: int = 8) -> int:
    """Where a source's name that starts at ``start`` ends (exclusive): at the next , ; : or .,
    after at most ``longest`` tokens."""
    b = start
    while b < len(toks) and not (toks[b].kind == "p" and toks[b].text in ",;:.") and b - start < longest:
        b += 1
    return b


def _attribute(s: _Sentence, figs: list[_Fig]) -> None:
    """Who says so: ``according to X``, ``X said/believes/reported ... <figure>``, ``as
    reported by X``, ``<figure> ..., X said``. Most sentences have none of these words: one pass
    over the tokens finds them, and the figures are only looked at when there are some."""
    toks, lex, n = s.toks, s.lex, s.n
    prep_firsts = {k[0] for k in lex.preps}
    saying, by_verbs, prep_at, participles = [], [], [], []
    for i, t in enumerate(toks):
        norm = t.norm
        if norm in lex.saying and not (norm in _NAME_HOMOGRAPHS and t.cap and i > 0 and toks[i - 1].cap):
            saying.append(i)  # (not "the Islamic State", "the United States")
        if norm in lex.participles and i > 0 and toks[i - 1].text == ",":
            participles.append(i)
        if norm in lex.by_verbs and i + 1 < n and toks[i + 1].norm == "by":
            by_verbs.append(i)
        if norm in prep_firsts:
            prep_at.append(i)
    if not (saying or by_verbs or prep_at or participles):
        return
    # "according to X": covers the sentence region between semicolons
    preps: list[tuple[int, int, str]] = []  # (region start, region end, name)
    named: set[int] = set()  # tokens of the sources named after "according to"
    for i in prep_at:
        for key in lex.preps:
            if tuple(x.norm for x in toks[i:i + len(key)]) != key:
                continue
            a = b = i + len(key)
            while b < n and not (toks[b].kind == "p" and toks[b].text in ",;:.") and toks[b].kind != "n" and b - a < 10:
                b += 1
            name = _attribution_name(s, a, b - 1, any_noun=True) if b > a else None
            if name:
                lo = i
                while lo > 0 and toks[lo - 1].text != ";":
                    lo -= 1
                hi = b
                while hi < n and toks[hi].text != ";":
                    hi += 1
                preps.append((lo, hi, name))
                named.update(range(a, b))
    if named:  # "according to Soviet reports": "reports" names the source, it is not a verb here
        saying = [v for v in saying if v not in named]
    by_after: dict[int, str] = {}  # figures attributed by a verb of saying after them
    by_before: dict[int, str] = {}  # ... and by one before them
    for number, fig in enumerate(figs):
        if fig.predicate is None:
            continue
        lo, hi = s.clause_bounds(fig.ti)
        name = None
        # "<source> <verb of saying> ... <figure>": the last such verb of the clause before the figure
        before = [v for v in saying if lo <= v < fig.first_ti]
        if before:
            v = before[-1]
            c = _last_break(toks, v - 1, lo)
            a = lo if c is None else c + 1  # the subject: from the clause start (or the last comma) to the verb
            if v > a and toks[v - 1].norm not in ("was", "were", "been", "be", "is", "are"):
                name = _attribution_name(s, a, v - 1)
            elif v == a and v - 2 > lo and toks[v - 1].text == ",":
                # "Lena Ortiz, a ministry spokeswoman, said ...": the name before the apposition
                c2 = _last_break(toks, v - 2, lo)
                if c2 is not None and toks[c2].text == ",":
                    c = _last_break(toks, c2 - 1, lo)
                    start = lo if c is None else c + 1
                    name = _attribution_name(s, start, c2 - 1) if c2 > start else None
                    apposition = toks[c2 + 1:v - 1]
                    if name is None or (toks[start].norm in ("a", "an", "the") and apposition and all(
                            t.kind == "w" and t.cap for t in apposition)):
                        # ("A separatist commander, Eduard Basurin, said": the name, not the description)
                        name = _attribution_name(s, c2 + 1, v - 2) or name
            if name and toks[v].norm in _SPEECH:
                by_before[number] = name  # (reported speech goes on after "while"; an estimate does not)
        # "... as reported by X"
        if name is None:
            for v in by_verbs:
                if fig.last_ti < v <= min(hi, fig.last_ti + 11):
                    name = _attribution_name(s, v + 2, _phrase_end(toks, v + 2) - 1)
                    break
        if name is None:
            for lo_p, hi_p, pname in preps:
                if lo_p <= fig.ti <= hi_p:
                    name = pname
                    break
        # "..., X said."
        if name is None:
            after = [v for v in saying if fig.last_ti < v < fig.last_ti + 30]
            if after:
                v = after[0]
                # (no other figure that counts something between: "two countries' border" does not)
                if not any(f2.predicate is not None and fig.last_ti < f2.first_ti and f2.last_ti < v for f2 in figs):
                    nxt = toks[v + 1] if v + 1 < n else None
                    if nxt is not None and nxt.kind == "w" and toks[v - 1].text == "," and nxt.norm not in _AFTER_SAYING:
                        # inverted: "..., said Lena Ortiz, a ministry spokeswoman."
                        name = _attribution_name(s, v + 1, _phrase_end(toks, v + 1) - 1)
                        if name:
                            by_after[number] = name
                    elif (nxt is None or nxt.text in ".,;" or nxt.norm in _AFTER_SAYING or toks[v].norm in _TOLD) \
                            and not (nxt is not None and nxt.norm == "that"):  # "X reported that ...": its own figures
                        # ("..., the governor told reporters": whoever is told)
                        c = v - 1
                        while c > fig.last_ti and not (toks[c].kind == "p" and toks[c].text in ",\"”"):
                            c -= 1
                        if c > fig.last_ti and v - c <= 8:
                            name = _attribution_name(s, c + 1, v - 1)
                            if name:
                                by_after[number] = name
        # "The ministry denied the report, saying 550 soldiers had died", "Azerbaijan has not
        # disclosed its losses but said 25 civilians had been killed": the sentence's subject
        if name is None:
            p = next((p for p in reversed(participles) if p < fig.first_ti), None)
            if p is None and before and toks[before[-1] - 1].norm in ("and", "but"):
                p = before[-1]
            if p is not None and not any(t.text == ";" for t in toks[p:fig.first_ti]):
                name = _sentence_subject(s, p)
        fig.attributed_to = name
    # "Four civilians were killed and 12 wounded ..., the ministry said": the figures before the
    # one next to the verb share its source, back to a semicolon or a source of their own
    for number in sorted(by_after, reverse=True):
        for earlier in range(number - 1, -1, -1):
            fig = figs[earlier]
            if fig.predicate is None:
                continue
            if fig.attributed_to is not None or any(t.text == ";" for t in toks[fig.last_ti:figs[number].first_ti]):
                break
            fig.attributed_to = by_after[number]
    # "The army said 40 soldiers were killed, while 128 were taken prisoner": a figure in a clause
    # joined by "while", "whereas" or "and" is still what the source said (not after "but", a
    # semicolon or another verb of saying)
    for number in sorted(by_before):
        for later in range(number + 1, len(figs)):
            fig = figs[later]
            if fig.predicate is None:
                continue
            between = toks[figs[later - 1].last_ti + 1:fig.first_ti]
            if fig.attributed_to is not None or any(
                t.text == ";" or t.norm in _CONTRAST or t.norm in lex.saying for t in between
            ):
                break
            fig.attributed_to = by_before[number]


def _resolve(s: _Sentence, figs: list[_Fig]) -> None:
    """Decide each figure's predicate (see the module docstring for the order of cues)."""
    toks, lex = s.toks, s.lex
    for f in figs:
        if f.level >= 3:
            continue
        if not f.quantified and f.head is not None or f.head is None:
            hit = None if f.quantified else _verb_after(s, f)
            if hit and (f.head is None or f.head.cls != "abstract"):
                f.predicate, f.level, f.rule = hit[0], 3, f"{hit[0]}.verb:{hit[1]}"
                continue
        if f.level >= 2:
            continue
        hit = _cue_before(s, f)
        if hit:
            f.predicate, f.level, f.rule = hit[0], 2, f"{hit[0]}.cue:{hit[1]}"
        elif f.head is None:
            k = _estimated_subject(s, f)
            if k is not None:  # "German casualties on 1 July are estimated at 10,000"
                noun = lex.nouns[toks[k].norm]
                f.predicate, f.level, f.rule = noun.predicate, 2, f"{noun.predicate}.subject:{noun.word}"
                f.head, f.head_ti = noun, k
                a = k - 1 if k > 0 and toks[k - 1].kind == "w" and toks[k - 1].norm not in _NOT_VERB_BEFORE else k
                f.qual_span = (a, k)
    # right-node raising: "over 30,000 cold, 17 hot, and more than 400 acidic sources" (the last
    # member is joined by "and"/"or"; "4,500 infantry, 30 tanks" is a list, not a coordination)
    for i in range(len(figs) - 2, -1, -1):
        a, b = figs[i], figs[i + 1]
        if a.head is None and a.mods and b.head is not None and b.head.cls != "pronoun" and _coordinated(s, a, b) \
                and not a.partitive and (b.rnr or _joined_by_and(s, a, b)):
            b.rnr = True
            a.rnr = True
            a.head, a.head_ti = b.head, b.head_ti
            a.qual_span = (a.mods[0], a.mods[-1])
            a.qual_text = s.text[s.toks[a.mods[0]].start:s.toks[a.mods[-1]].end] + " " + s.toks[b.head_ti].text
    # an unknown noun coordinated with people is people: "25,000 soldiers and perhaps 10,000 stragglers"
    for i in range(1, len(figs)):
        a, b = figs[i - 1], figs[i]
        if _coordinated(s, a, b) and a.head is not None and b.head is not None:
            if a.head.cls == "fallback" and b.persons:
                a.head = Noun(a.head.word, "people", None, "persons")
            elif b.head.cls == "fallback" and a.persons:
                b.head = Noun(b.head.word, "people", None, "persons")
                if b.level == 3:  # re-read its verb as a verb about people
                    b.level, b.predicate = -1, None
                    hit = _verb_after(s, b)
                    if hit:
                        b.predicate, b.level, b.rule = hit[0], 3, f"{hit[0]}.verb:{hit[1]}"
    # structure: compositions, groups, lists
    for i, b in enumerate(figs):
        if i == 0:
            continue
        a = figs[i - 1]
        p = b.first_ti - 1
        trigger = None
        if p >= 0 and toks[p].text == "(" and p in (a.np_end, a.last_ti + 1):
            trigger = "paren"  # "29 families (115 people)"
        hops = 0
        while trigger is None and p >= 0 and hops < 5:
            t = toks[p]
            if t.kind == "w":
                if _phrase_at(toks, p, lex.compositions, 3, forward=False)[1]:
                    trigger = "part"  # "comprising 381 servicemen", "with Kurds comprising 73.1% (37,470 ...)"
                elif _phrase_at(toks, p, lex.totals, 2, forward=False)[1]:
                    trigger = "group"  # "32 families totaling 139 individuals"
                elif not t.cap:
                    break
            elif not ((t.kind == "n" and t.num.kind == "percent") or (t.kind == "p" and t.text in ",(—")):
                break
            p -= 1
            hops += 1
        if trigger == "part":
            # the whole: the nearest earlier figure that is not itself a part and is large enough
            for w in range(i - 1, -1, -1):
                whole = figs[w]
                if whole.parent is None and _values_fit(whole, b) and _same_kind(whole, b):
                    b.parent = w
                    break
        elif trigger in ("group", "paren") and _same_kind(a, b):
            b.group = i - 1
        elif a.parent is not None and _same_kind(a, b) and _values_fit(figs[a.parent], b) \
                and _same_clause(s, a, b) and b.predicate is None:
            b.parent = a.parent  # the parts continue: "(37,470 individuals), Azerbaijanis 26.3% (13,520)"
        if b.parent is None and b.group is None and _coordinated(s, a, b):
            b.list_prev = i - 1
    _inherit(figs, s.lex)
    # defaults from the counted noun, or the sentence's cue for people
    for f in figs:
        if f.predicate is not None:
            continue
        h = f.head
        if h is None or h.cls == "abstract":
            continue
        if h.cls == "pronoun":
            continue
        if h.cls in ("person", "group", "people"):
            pred = _sentence_cue(s, f)
            if pred:
                f.predicate, f.level, f.rule = pred, 0, f"{pred}.sentence"
            else:
                f.predicate, f.level, f.rule = "count", 0, f"count.noun:{h.word}"
            continue
        if h.cls == "force":
            f.predicate, f.level, f.rule = "count", 0, f"count.noun:{h.word}"
            continue
        if h.cls == "military" and f.partitive:  # "two of Aidid's lieutenants": some people, not a force
            f.predicate, f.level, f.rule = "count", 0, f"count.partitive:{h.word}"
            continue
        if h.predicate:
            f.predicate, f.level, f.rule = h.predicate, 0, f"{h.predicate}.noun:{h.word}"
    _inherit(figs, s.lex)
    # bare figures
    for i, f in enumerate(figs):
        if f.predicate is not None or (f.head is not None and f.head.cls in ("abstract",)):
            continue
        _bare(s, figs, i)
    _inherit(figs, s.lex)
    # "116,000 of the city's 140,000 residents were made homeless", "of its 800 inhabitants":
    # the residents of a place are its population, whatever happened to some of them
    # (only with a part: "the displacement of its 58,000 residents" displaced them all)
    # ... and the soldiers of a force are its strength: "Of the 3,000 defenders, 1,200 were killed"
    for i, f in enumerate(figs):
        h = f.head
        # ... and the things a part is taken from are counted: "9,000 of the city's 39,000 houses
        # had been destroyed"
        whole = "population" if h is not None and h.predicate == "population" else \
            "strength" if h is not None and h.cls == "military" else \
            "count" if h is not None and h.cls not in PERSON_CLASSES and h.cls != "abstract" else None
        if whole is None or f.predicate == whole:
            continue
        start = toks[f.first_ti].start
        after_part = i > 0 and _WHOLE_OF.fullmatch(s.text, toks[figs[i - 1].last_ti].end, start)
        leading = i + 1 < len(figs) and _LEADING_WHOLE_OF.fullmatch(s.text, 0, start)
        if after_part or leading:
            f.predicate, f.level, f.rule = whole, 3, f"{whole}.whole_of:{h.word}"


_OF_WHOLE = r"of\s+(?:its|their|the(?:\s+[\w-]+['’]s?)?)\s+"
_WHOLE_OF = re.compile(rf"(?i:\s+{_OF_WHOLE})")  # between the part and the whole
_LEADING_WHOLE_OF = re.compile(rf"(?i:\s*{_OF_WHOLE})")  # "Of the village's 800 residents, 300 ..."


def _joined_by_and(s: _Sentence, a: _Fig, b: _Fig) -> bool:
    return any(t.norm in ("and", "or") for t in s.toks[max(a.np_end, a.last_ti + 1):b.first_ti])


def _values_fit(whole: _Fig, part: _Fig) -> bool:
    wv = whole.value if whole.value is not None else whole.high
    pv = part.value if part.value is not None else part.high
    return wv is not None and pv is not None and pv <= wv


def _same_kind(a: _Fig, b: _Fig) -> bool:
    if (a.num.kind == "money") != (b.num.kind == "money"):
        return False
    if a.unit in ("km2", "m") or b.unit in ("km2", "m"):
        return a.unit == b.unit
    pa, pb = a.persons, b.persons
    return pa is None or pb is None or pa == pb


def _same_clause(s: _Sentence, a: _Fig, b: _Fig) -> bool:
    return s.clause_bounds(a.ti) == s.clause_bounds(b.ti)


_THINGS_PREDICATE = {"killed": "destroyed"}  # a list of people and things that share one verb


def _inherit(figs: list[_Fig], lex: Lexicon) -> None:
    for _ in range(2):
        for f in figs:
            if f.level >= 2:
                continue
            src, how = None, None
            if f.parent is not None:
                src, how = figs[f.parent], "part"
            elif f.group is not None:
                src, how = figs[f.group], "group"
            elif f.list_prev is not None and (
                2 <= figs[f.list_prev].level < 5 or figs[f.list_prev].rule.endswith((".list", ".group"))
            ):
                src, how = figs[f.list_prev], "list"
            if src is None or src.predicate is None:
                continue
            predicate = src.predicate
            if how == "list" and not _same_kind(src, f):
                # "losses of 40 soldiers and 3 tanks": what people suffer, things suffer in their way
                predicate = _THINGS_PREDICATE.get(predicate) if src.persons and f.persons is False else None
                if predicate is None:
                    continue
            if src.level >= 1 or f.predicate is None:
                if f.predicate != predicate or f.level < 1:
                    f.predicate, f.level, f.rule = predicate, 1, f"{predicate}.{how}"
                    if f.head is None and src.head is not None and how != "part":
                        f.head = src.head
        # coordinated subjects share their verb: "Over 120 schools and 40 hospitals were burned";
        # in its sense for each: "240 soldiers, 30 tanks and 12 guns were lost" (soldiers killed)
        verbs: dict[int, str] = {}  # figure index -> the verb its list shares
        for i in range(len(figs) - 1, -1, -1):
            f = figs[i]
            verb = f.rule.split(":", 1)[1] if f.level == 3 and ".verb:" in f.rule else verbs.get(i)
            if f.list_prev is not None and (f.level == 3 or verb) and f.predicate:
                g = figs[f.list_prev]
                if g.level < 2 and _same_kind(g, f):
                    g.predicate, g.level, g.rule = f.predicate, 1, f"{f.predicate}.list"
                    if verb:
                        verbs[f.list_prev] = verb
                elif g.level < 2 and verb and g.persons is not None:
                    cands = lex.cues_after.get(tuple(verb.split()))
                    predicate = _pick(cands, g.persons) if cands else None
                    if predicate and predicate != f.predicate:
                        g.predicate, g.level, g.rule = predicate, 1, f"{predicate}.list:{verb}"
                        verbs[f.list_prev] = verb
        # a group shares the stronger predicate both ways: "32 families totaling 139 individuals relocated"
        for f in figs:
            if f.group is not None:
                g = figs[f.group]
                if g.level < f.level and f.level >= 2 and f.predicate:
                    g.predicate, g.level, g.rule = f.predicate, 1, f"{f.predicate}.group"


def _sentence_cue(s: _Sentence, f: _Fig) -> str | None:
    best = None
    best_d = 10**9
    own = set(range(f.first_ti, f.np_end + 1))
    for i, pred in s.sentence_cues():
        if i in own:
            continue
        d = abs(i - f.ti)
        if d < best_d:
            best, best_d = pred, d
    return best


def _bare(s: _Sentence, figs: list[_Fig], i: int) -> None:
    f = figs[i]
    toks, lex = s.toks, s.lex
    lo, hi = s.clause_bounds(f.ti)
    # an infobox label: "Strength: 3,000", "Casualties2: 300"
    first = toks[0] if toks else None
    if first is not None and s.n > 1:
        label = None
        if first.kind == "n" and first.num.kind == "code":
            label = re.sub(r"\d+$", "", first.norm)
            colon = 1
        elif first.kind == "w":
            label = first.norm
            colon = 1
            if s.n > 2 and toks[1].kind == "n" and toks[1].num.kind == "code":
                colon = 2
        if label in lex.labels and colon < s.n and toks[colon].text == ":":
            pred = lex.labels[label]
            f.predicate, f.level, f.rule = pred, 0, f"{pred}.label:{label}"
            return
    # "believes the number to be 200", "other estimates range from 1,000 to 1,500"; after "range
    # from", "vary between" the whole clause ("estimates of civilians executed by the regime
    # range from 2,800 to 6,000")
    before = [toks[k].norm for k in range(max(lo, f.first_ti - 2), f.first_ti)]
    reach = 16 if any(w in _RANGING for w in before) else 7
    for p in range(max(lo, f.first_ti - reach), f.first_ti):
        if toks[p].kind == "w" and toks[p].norm in _ANAPHORS:
            # "the number of Armenian settlers at around 1,500": the noun after "of"
            if p + 2 < f.first_ti and toks[p + 1].norm == "of":
                for q in range(p + 2, f.first_ti):
                    noun = _lookup_noun(lex, toks[q]) or _fallback_noun(toks[q])
                    if noun is not None and noun.cls != "abstract":
                        f.head, f.head_ti = noun, q
                        # "estimates of the number of people": the qualifier starts after the last "of"
                        start = max((k + 1 for k in range(p + 2, q) if toks[k].norm == "of"), default=p + 2)
                        f.qual_span = (start, q)
                        pred = noun.predicate or (_sentence_cue(s, f) if noun.cls in PERSON_CLASSES else "count") or "count"
                        f.predicate, f.level, f.rule = pred, 0, f"{pred}.number_of:{noun.word}"
                        return
            # (with no measure in the sentence, "the figure" is the sentence before's: "About 41,000
            # people have fled. The authorities put the figure higher, at 46,000.")
            cues = s.sentence_cues()
            how = "anaphor"
            if not cues and s.previous and toks[p].norm in _SINGULAR_ANAPHORS and p > 0 \
                    and toks[p - 1].norm in ("the", "this", "that"):
                cues, how = [(-1, s.previous)], "anaphor_before"
            if cues:
                pred = cues[0][1]
                f.predicate, f.level, f.rule = pred, 0, f"{pred}.{how}:{toks[p].norm}"
                for prev in figs[:i]:
                    if prev.predicate == pred and f.head is None:
                        f.head, f.qual_span, f.qual_text = prev.head, prev.qual_span, prev.qual_text
                        break
                return
            break
    # "numbering 42,548", "Kurdish settlements, numbering at least eight"
    p = f.first_ti - 1
    if p >= 0 and toks[p].norm in _NUMBERING:
        for q in range(p - 1, max(lo - 1, p - 10), -1):
            noun = _lookup_noun(lex, toks[q]) or _fallback_noun(toks[q])
            if noun is not None and noun.cls != "abstract":
                f.head, f.head_ti = noun, q
                a = q
                while a - 1 >= lo and a > q - 2 and toks[a - 1].kind == "w" and toks[a - 1].norm not in _NP_STOP \
                        and _lookup_noun(lex, toks[a - 1]) is None:
                    a -= 1
                f.qual_span = (a, q)
                if noun.cls == "force":
                    pred = "strength"
                elif noun.cls in ("person", "group", "people"):
                    pred = _sentence_cue(s, f) or "count"
                else:
                    pred = noun.predicate or "count"
                f.predicate, f.level, f.rule = pred, 0, f"{pred}.numbering:{noun.word}"
                return
    # "The first resolution out of four"
    if f.first_ti >= 2 and toks[f.first_ti - 1].norm == "of" and toks[f.first_ti - 2].norm == "out":
        for q in range(f.first_ti - 3, max(lo - 1, f.first_ti - 6), -1):
            noun = _lookup_noun(lex, toks[q])
            if noun is not None and noun.cls not in ("abstract",):
                f.head, f.head_ti = noun, q
                pred = noun.predicate or "count"
                f.predicate, f.level, f.rule = pred, 0, f"{pred}.out_of:{noun.word}"
                f.qual_text = noun.word if noun.word.endswith("s") else noun.word + "s"
                f.unit = noun.unit or (noun.word if noun.word.endswith("s") else noun.word + "s")
                return
    # a figure continuing the one before it: "fewer than 3,000 Azerbaijani", "a decline to 600"
    if f.head is not None and f.head.cls == "pronoun":
        return
    if f.last_ti + 1 < s.n and toks[f.last_ti + 1].kind == "n":
        return  # "three 105 mm guns": a count of what the measure after it describes, not more men
    for j in range(i - 1, -1, -1):
        prev = figs[j]
        if prev.predicate is not None and prev.num.kind == f.num.kind and prev.level != 5:
            prev_tok = toks[f.first_ti - 1] if f.first_ti > 0 else None
            if prev_tok is not None and prev_tok.kind == "w" and prev_tok.norm in ("in", "on", "since", "by", "until"):
                return
            f.predicate, f.level, f.rule = prev.predicate, 0, f"{prev.predicate}.ellipsis"
            if f.head is None:
                f.head = prev.head
                after = toks[f.mods[-1] + 1] if f.mods and f.mods[-1] + 1 < s.n else None
                if f.mods and (after is None or after.kind == "p"):  # "fewer than 3,000 Azerbaijani."
                    f.qual_span = (f.mods[0], f.mods[-1])
                else:
                    f.qual_span, f.qual_text = prev.qual_span, prev.qual_text
            return
        if prev.predicate is not None:
            return


def _unit_for(f: _Fig, s: _Sentence) -> str | None:
    if f.unit:
        return f.unit
    h = f.head
    if h is None:
        return "persons" if f.predicate in ("killed", "wounded", "missing", "hostages", "displaced",
                                             "resettled", "population", "strength") else None
    if h.cls in PERSON_CLASSES and h.cls != "group":
        return "persons"
    if h.unit:
        return h.unit
    if f.head_ti is not None:
        word = s.toks[f.head_ti].text
        return word if word.isupper() or word[:-1].isupper() else word.lower()
    return h.word


def _qualifier(f: _Fig, s: _Sentence) -> str | None:
    if f.qual_text:
        return f.qual_text
    if f.qual_span is None:
        return None
    a, b = f.qual_span
    toks = s.toks
    while a <= b and (toks[a].norm in _DETS or toks[a].kind == "p"):
        a += 1
    if a > b:
        return None
    return s.text[toks[a].start:toks[b].end]


def _analyse(text: str, numbers: list[NumberMatch], exclude_rel: list[tuple[int, int]], lex: Lexicon,
             previous: str | None = None) -> list[_Fig]:
    work = _MARKER.sub(lambda m: " " * len(m.group()), text) if "[" in text else text
    if work is not text and work != text:
        numbers = [m for m in numbers if work[m.start:m.end] == m.text]
    s = _Sentence(text, work, numbers, lex, previous)
    figs: list[_Fig] = []
    for ti, t in enumerate(s.toks):
        if t.kind != "n":
            continue
        num = t.num
        if num.kind not in ("number", "range", "money"):
            continue
        if any(a < num.end and num.start < b for a, b in exclude_rel):
            continue
        fig = _Fig(ti, num)
        if num.value is not None and num.value < 0:
            continue
        if _skip_reason(s, fig):
            continue
        _hedge_before(s, fig)
        suffix = _suffix(s, fig)
        if num.kind == "money":
            fig.predicate, fig.level, fig.rule, fig.unit = "cost", 5, "cost.money", num.unit
            fig.np_end = ti + 1
            # "gold worth $302 million": the thing paid for is before "worth"
            if fig.first_ti >= 2 and s.toks[fig.first_ti - 1].norm in ("worth", "valued") \
                    and s.toks[fig.first_ti - 2].kind == "w":
                fig.qual_span = (fig.first_ti - 2, fig.first_ti - 2)
            figs.append(fig)
            continue
        if suffix is not None:
            if (suffix,) in lex.units:
                continue  # "44-day-long", "eight-hour", "6,000-year-old", "3-km"
            if suffix in ("man", "strong", "men"):
                fig.predicate, fig.level, fig.rule = "strength", 4, f"strength.suffix:{suffix}"
                fig.last_ti = ti + 2
                fig.end = s.toks[ti + 2].end
                fig.unit = "persons"
                fig.np_end = ti + 3
                if ti + 3 < s.n and s.toks[ti + 3].kind == "w" and s.toks[ti + 3].norm not in _NP_STOP:
                    fig.qual_span = (ti + 3, ti + 3)
                    fig.np_end = ti + 4
                figs.append(fig)
                continue
            # other compounds ("a 12-member delegation", "four-lane"): not counts
            continue
        ulen, unit = _unit_after(s, fig)
        if unit is not None:
            kind, factor = unit
            after = ti + 1 + ulen
            if kind == "area":
                fig.predicate, fig.level, fig.rule, fig.unit = "area_km2", 5, "area_km2.unit", "km2"
                if factor != 1.0:
                    fig.value = None if fig.value is None else round(fig.value * factor, 9)
                    fig.low = None if fig.low is None else round(fig.low * factor, 9)
                    fig.high = None if fig.high is None else round(fig.high * factor, 9)
                    fig.last_ti = after - 1
                    fig.end = s.toks[after - 1].end
                fig.np_end = after
                figs.append(fig)
                continue
            if kind == "length" and _elevation_context(s, fig, after) and not _is_year(fig):
                fig.predicate, fig.level, fig.rule, fig.unit = "elevation_m", 5, "elevation_m.unit", "m"
                if s.toks[ti + 1].norm in ("kilometres", "kilometers", "km", "kilometre", "kilometer"):
                    fig.value = None if fig.value is None else fig.value * 1000
                elif s.toks[ti + 1].norm in ("feet", "foot", "ft"):
                    fig.value = None if fig.value is None else round(fig.value * 0.3048, 3)
                fig.np_end = after
                figs.append(fig)
                continue
            continue  # a distance, duration or measure
        _hedge_after(s, fig)
        _noun_phrase(s, fig, fig.last_ti + 1)
        if fig.head is not None and fig.head.cls == "abstract":
            continue
        if fig.head is not None and fig.value is not None and fig.value <= 10 and any(
            t.norm in _SPEAKING for t in s.toks[fig.last_ti + 1:min(fig.np_end + 1, s.n)]
        ):
            continue  # "one resident said", "two officials told reporters": who speaks, not a count
        if _is_year(fig):
            if fig.head is None or fig.head.cls in ("fallback", "people") or (
                fig.first_ti > 0 and s.toks[fig.first_ti - 1].norm in lex.date_words
            ):
                continue
        if num.words and num.text.lower() == "one" and (
            fig.head is None or fig.head.cls in ("fallback", "people") or fig.partitive
        ):
            continue
        if fig.head is not None and fig.head.cls == "event" and fig.predicate is None and not fig.partitive:
            # "315 dead", "18 killed" (but in "eleven of the wounded died" the verb decides)
            fig.predicate, fig.level, fig.rule = fig.head.predicate, 4, f"{fig.head.predicate}.event:{fig.head.word}"
        elif fig.head is not None and fig.head.cls == "status" and fig.head.predicate and fig.predicate is None \
                and fig.head_ti is not None and fig.head_ti == fig.last_ti + 2 \
                and s.toks[fig.last_ti + 1].norm in _TAKEN:
            # "1,500 wounded and 3,000 taken prisoner": as "18 killed", the participle says it
            fig.predicate, fig.level, fig.rule = fig.head.predicate, 4, \
                f"{fig.head.predicate}.event:{s.toks[fig.last_ti + 1].norm} {s.toks[fig.head_ti].norm}"
        fig.quantified = _quantified(s, fig)
        figs.append(fig)
    if not figs:
        return figs
    _resolve(s, figs)
    _attribute(s, figs)
    # hedges: reportedly, ranges. A token's lower-case form is a substring of the lower-cased
    # text, so a sentence without "reported"/"allegedly" in it needs no look at its clauses.
    lowered = text.lower()
    hearsay = "reported" in lowered or "allegedly" in lowered
    for f in figs:
        if f.low is not None and f.high is not None:
            f.hedge = "range"
        elif f.hedge is None and hearsay:
            words = s.clause_words(f.ti)
            if "reportedly" in words or "allegedly" in words or ("reported" in words and f.attributed_to is None):
                f.hedge = "reportedly"
    for f in figs:
        if f.predicate is not None:
            f.unit = _unit_for(f, s)
            f.qualifier = _qualifier(f, s)
            if f.qualifier is not None:
                f.counted, f.side = compared_as(f.predicate, f.qualifier, lex)
    return figs


# Figures of these measures count people or things: two of them are estimates of one figure only
# if they count the same kind (12 soldiers and 40 civilians killed are not two estimates; nor are
# 9 schools and 43 clubs destroyed). Areas, heights, strengths and costs are compared as they are.
_COMPARED_BY_KIND = frozenset(
    {"killed", "wounded", "missing", "hostages", "displaced", "resettled", "population", "count", "destroyed"}
)
_CLASS_KINDS = {"military": "military", "force": "military", "resident": "civilians"}
_OWN_KIND_CLASSES = frozenset({"person", "group", "thing", "fallback"})  # compared as the noun itself
_THING_CLASSES = frozenset({"group", "thing", "fallback"})  # ... with its modifiers
_KIND_MODIFIERS = {"civilian": "civilians", "civilians": "civilians", "non-combatants": "civilians",
                   "military": "military", "army": "military", "combatants": "military"}
_QUALIFIER_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def compared_as(predicate: str, qualifier: str | None, lex: Lexicon | None = None) -> tuple[str | None, str | None]:
    """What kind a figure counts and whose, as far as its qualifier says: ("military", "Armenia")
    for "Armenian soldiers", ("civilians", None) for "civilian deaths", ("schools", None) for
    "schools"; None where it does not say ("people", "casualties") or says two ("Kurdish and
    Azerbaijani civilians", "military and civilian casualties").

    A function of the stored predicate and qualifier only, so that migration 0006 fills in rows
    written before it exactly as the writer fills in new ones."""
    from etl.lexicon import default_lexicon

    lex = lex or LEXICON
    demonyms = default_lexicon().demonyms
    words = [w.lower() for w in _QUALIFIER_WORD.findall(qualifier or "")]
    sides = {demonyms[w] or w for w in words if w in demonyms}
    side = sides.pop() if len(sides) == 1 else None
    if predicate not in _COMPARED_BY_KIND or not words:
        return None, side
    kinds = set()
    for w in words:  # "civilian deaths", "civilians and soldiers": every word that names a kind
        noun = _noun_of(lex, w)
        if w in _KIND_MODIFIERS:
            kinds.add(_KIND_MODIFIERS[w])
        elif noun is not None and noun.compared_as not in ("", "-") and noun.cls not in _THING_CLASSES:
            kinds.add(noun.compared_as)  # "citizens": civilians
        elif noun is not None and not noun.compared_as and noun.cls in _CLASS_KINDS:
            kinds.add(_CLASS_KINDS[noun.cls])
    if not kinds:  # "schools", "families", "carvings": the head noun itself ("houses and ruins": two)
        heads = [len(words) - 1] + [i - 1 for i, w in enumerate(words) if w in ("and", "or") and i > 0]
        for h in heads:
            head = words[h]
            noun = _noun_of(lex, head)
            if noun is not None and noun.cls in _OWN_KIND_CLASSES and noun.compared_as in ("", noun.word):
                head = noun.word
            elif noun is not None and noun.cls in _OWN_KIND_CLASSES and noun.compared_as != "-":
                head = noun.compared_as  # "landmines" -> "mines"
            elif noun is not None or head in demonyms or head.endswith("ed") \
                    or predicate not in ("count", "destroyed"):
                continue
            # with its modifiers: 35 anti-tank mines and 100 anti-personnel mines, 17 hot and
            # 400 acidic springs are not two estimates either
            start = h
            while start > 0 and words[start - 1] not in ("and", "or"):
                start -= 1
            mods = [w for w in words[start:h]  # ("displaced families", "identified species": the state)
                    if w not in _PLAIN_MODIFIERS and w not in demonyms and not w.endswith("ed")]
            kinds.add(" ".join(mods + [head]))
    return (kinds.pop() if len(kinds) == 1 else None), side


# Modifiers that do not make a count count something else.
_PLAIN_MODIFIERS = frozenset(
    "more other others additional further new total all the these those such several many few "
    "about approximately around over nearly almost some least most than".split()
)


def _noun_of(lex: Lexicon, w: str) -> Noun | None:
    """The lexicon's entry for a word or its singular ("soldier", "city", "militiaman")."""
    n = lex.nouns.get(w)
    if n is not None:
        return n
    for cand in (w + "s", w[:-1] + "ies" if w.endswith("y") else None, w[:-3] + "men" if w.endswith("man") else None,
                 w + "es"):
        if cand and cand in lex.nouns:
            return lex.nouns[cand]
    return None


_NEXT_WORD = re.compile(r"[\s\u00a0]+([^\W\d_]+)")
_PREV_WORD = re.compile(r"([^\W\d_]+)\.?[\s\u00a0]+$")


# "\d\d*" is "\d+", written so that the pattern starts with a character set: the regex engine then
# skips quickly to the next digit instead of trying a match at every position.
_DIGIT_RUN = re.compile(r"\d\d*(?:[.,\u00a0]\d+)*")
_ORD_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_HYPHEN_WORD = re.compile(r"[-\u2011]([^\W\d_]+)")
_NEXT_WHOLE_WORD = re.compile(r"[\s\u00a0]+([^\W\d_]+)\b(?![²³])")
_ELEVATION_HINT = re.compile(r"elevation|altitude|peak|summit|mount|above sea|standing at|rises to|rising to|high",
                             re.IGNORECASE)
_DEFINITE = frozenset("the these those its their his her our all every".split())


def _obviously_not(text: str, start: int, end: int, value: float | None, words: bool, lex: Lexicon) -> bool:
    """A number that is certainly not a claim, from the words right around it in the raw text:
    a duration, measure or distance unit after it ("27 years", "44-day-long", "80 kilometers",
    "-28°C", "76%"), an abstract noun ("four directions"), a label before it ("Resolution 822"),
    a month next to it ("43 April", "April 3"), "one of", "the two"."""
    nxt = text[end:end + 1]
    if nxt in ("%", "°"):
        return True
    if nxt in ("-", "\u2011"):
        m = _HYPHEN_WORD.match(text, end)
        if m is not None:
            unit = lex.units.get((m.group(1).lower(),))
            if unit is not None and unit[0] in ("duration", "measure", "length"):
                return True
    m = _NEXT_WHOLE_WORD.match(text, end)
    if m is not None:
        word = m.group(1)
        low = word.lower()
        unit = lex.units.get((low,))
        if unit is not None:
            if unit[0] in ("duration", "measure"):
                return True
            if unit[0] == "length" and _ELEVATION_HINT.search(text) is None:
                return True
        noun = lex.nouns.get(low)
        if noun is not None and noun.cls == "abstract":
            return True
        if word in _MONTHS and value is not None and value < 100 and not words:
            return True
        if words and low in ("of", "another") and value == 1:
            return True
    p = _PREV_WORD.search(text, max(0, start - 16), start)
    if p is not None:
        prev = p.group(1)
        low = prev.lower()
        if low in lex.label_words or low + "." in lex.label_words:
            return True
        if prev in _MONTHS and value is not None and value <= 31 and not words:
            return True
        if words and value is not None and value <= _SMALL_WORD_MAX and low in _DEFINITE:
            return True
    return False


def _quick_reject(text: str, lex: Lexicon) -> bool:
    """True when every digit run in ``text`` is certainly not a claim (years, days of months,
    ordinals, markers, codes, durations, distances, labels) and there is no number word:
    checked on the raw text, before ``find_numbers``. Most sentences of prose that have digits
    only have years and dates."""
    for m in _DIGIT_RUN.finditer(text):
        s, e = m.span()
        run = m.group()
        prev = text[s - 1] if s else " "
        if prev.isalpha() or (prev in "-\u2011" and s >= 2 and text[s - 2].isalpha()):
            continue  # "Casualties1", "km2", "Mi-8", "mid-1990s"
        if prev == "[" and text[e:e + 1] == "]":
            continue  # a citation marker
        if text[e:e + 2].lower() in _ORD_SUFFIXES and not text[e + 2:e + 3].isalpha():
            continue  # 701st
        if run.isdigit() and len(run) == 4 and 1000 <= int(run) <= 2099:
            w = _NEXT_WORD.match(text, e)
            if w is None:
                continue
            word = w.group(1).lower()
            noun = lex.nouns.get(word) or lex.nouns.get(word + "s")
            if noun is None or noun.cls == "abstract":
                continue  # a year
            return False
        try:
            value = float(run.replace(",", "").replace("\u00a0", "")) if run.count(".") <= 1 else None
        except ValueError:
            value = None
        if _obviously_not(text, s, e, value, False, lex):
            continue
        return False
    return True


def _worth_reading(text: str, numbers: list[NumberMatch], exclude_rel: list[tuple[int, int]], lex: Lexicon) -> bool:
    """Cheap test before any tokenising: may one of these numbers be a claim?

    Conservative: only numbers that are certainly not claims are ruled out here (other kinds,
    excluded spans, years not followed by a counted noun, see also ``_obviously_not``).
    """
    for num in numbers:
        kind = num.kind
        if kind == "money":
            if not any(a < num.end and num.start < b for a, b in exclude_rel):
                return True
            continue
        if kind not in ("number", "range"):
            continue
        if exclude_rel and any(a < num.end and num.start < b for a, b in exclude_rel):
            continue
        values = (num.value,) if num.value is not None else (num.low, num.high)
        if any(v is None or v < 0 for v in values):
            continue
        words = num.words
        if not words and all(v == int(v) for v in values) and not num.separators \
                and all(1000 <= v <= 2099 for v in values):
            m = _NEXT_WORD.match(text, num.end)
            if m is None:
                continue
            word = m.group(1).lower()
            noun = lex.nouns.get(word) or lex.nouns.get(word + "s")
            if noun is None or noun.cls == "abstract":
                continue  # a year
        if _obviously_not(text, num.start, num.end, max(values), words, lex):
            continue
        return True
    return False


def extract_claims(
    sentence: str,
    offset: int = 0,
    *,
    segment_seq: int = 0,
    exclude: Sequence[tuple[int, int]] = (),
    lexicon: Lexicon | None = None,
    previous: str | None = None,
) -> list[ClaimRecord]:
    """The claims stated in one sentence; offsets in the result are ``offset`` + index.

    ``exclude``: absolute spans known not to be figures (dates, citation markers, unit names);
    numbers inside them are never claims. A sentence with more than ``MAX_NUMBERS_PER_SEGMENT``
    numbers gives no claims (the caller logs a warning). ``previous``: the predicate of the last
    claim of the sentence before in the paragraph, which "the figure" of a sentence that names
    no measure refers to.
    """
    if not isinstance(sentence, str) or not sentence:
        return []
    sentence_words = _words_of(sentence)
    words = not _CARDINAL_BYTES.isdisjoint(sentence_words)  # has_number_word(sentence)
    if not words and (_DIGIT.search(sentence) is None or _quick_reject(sentence, lexicon or LEXICON)):
        return []
    try:
        numbers = find_numbers(sentence, not _ALL_BYTES.isdisjoint(sentence_words))
        if not numbers or len(numbers) > MAX_NUMBERS_PER_SEGMENT:
            return []
        lex = lexicon or LEXICON
        exclude_rel = [(a - offset, b - offset) for a, b in exclude if b > offset and a < offset + len(sentence)]
        if not _worth_reading(sentence, numbers, exclude_rel, lex):
            return []
        figs = _analyse(sentence, numbers, exclude_rel, lex, previous)
    except Exception:  # a rule bug must not lose the document: log it, give no claims
        log.exception("claim extraction failed", extra={"segment": segment_seq})
        return []
    kept = [i for i, f in enumerate(figs) if f.predicate is not None]
    position = {old: new for new, old in enumerate(kept)}
    out: list[ClaimRecord] = []
    for old in kept:
        f = figs[old]
        out.append(
            ClaimRecord(
                segment_seq=segment_seq,
                start=offset + f.start,
                end=offset + f.end,
                predicate=f.predicate,
                value=f.value,
                low=f.low,
                high=f.high,
                unit=f.unit,
                qualifier=f.qualifier,
                counted=f.counted,
                side=f.side,
                hedge=f.hedge or "exact",
                attributed_to=f.attributed_to,
                parent_index=position.get(f.parent) if f.parent is not None else None,
                rule=f.rule,
            )
        )
    return out
