"""Numbers in running text: digits, number words, ranges, money, percentages, ordinals.

``find_numbers(text)`` returns every numeric expression with its exact span and what kind it
is, so that later stages can decide which of them are claims::

    60,000 | 77.700 (European thousands) | 96.6 | 2.35 billion | $302 million | US$1 billion
    twenty-five | Twenty-eight | three thousand | a hundred | one million | two hundred and fifty
    20,000-25,000 | 35–58 | between 1,000 and 1,500 | from 1,000 to 1,500 | 315–2,000
    701st | fifth (ordinals) | 76% | 98 percent | 1980s | 2 pm | 17:51 | [41] | Mi-8, TB2

Kinds: ``number``, ``range``, ``money``, ``percent``, ``ordinal``, ``decade``, ``time``,
``marker`` (a citation marker ``[41]``) and ``code`` (a number that is part of a name or model:
``Mi-8``, ``GAZ-52``, ``Casualties1``, and score-like pairs ``7-3``). Money and percentages can
be ranges too: they keep their kind and have ``low``/``high`` instead of ``value``.

Plural scale words without a number (``hundreds``, ``thousands of``, ``dozens``) and vague
quantities (``several hundred``) are not numbers. The scanner is one regular-expression pass
plus constant work per match: linear in the length of the text, and it never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["NumberMatch", "find_numbers", "parse_number"]


@dataclass(frozen=True, slots=True)
class NumberMatch:
    start: int
    end: int
    text: str  # == the searched text[start:end]
    value: float | None  # None for ranges
    low: float | None = None  # ranges only
    high: float | None = None
    kind: str = "number"  # number | range | money | percent | ordinal | decade | time | marker | code
    unit: str | None = None  # money: ISO currency code ("USD"); percent: "%"

    @property
    def words(self) -> bool:
        """Written in words ("twenty-five", "a hundred")."""
        return _ANY_DIGIT.search(self.text) is None

    @property
    def separators(self) -> bool:
        """Digits written with a thousands separator or a decimal point ("1,960", "96.6")."""
        return _ANY_SEPARATOR.search(self.text) is not None

    @property
    def scaled(self) -> bool:
        """A scale word is part of it ("2.35 billion", "one million")."""
        return _ANY_SCALE.search(self.text) is not None


_ANY_DIGIT = re.compile(r"\d")
_ANY_SEPARATOR = re.compile(r"\d[,.\u00a0\u202f\u2009]\d")
_ANY_SCALE = re.compile(r"hundred|thousand|million|billion|trillion|mln|bn", re.IGNORECASE)


# --- vocabulary ------------------------------------------------------------------------

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}
_ORDINAL_SMALL = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000, "millionth": 1_000_000,
}
# digits followed by one of these: a scale ("2.35 billion", "5.9 mln")
_DIGIT_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6,
                 "billion": 1e9, "bln": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12}
_CURRENCY_ONLY_SCALES = {"m": 1e6, "k": 1e3, "b": 1e9}  # "$5m", "$20k": only after a currency sign

# currency written before the figure (longest first) and after it
_CURRENCY_BEFORE = [
    ("US$", "USD"), ("U.S.$", "USD"), ("USD", "USD"), ("US dollars", "USD"), ("$", "USD"),
    ("€", "EUR"), ("EUR", "EUR"), ("£", "GBP"), ("GBP", "GBP"), ("₼", "AZN"), ("AZN", "AZN"),
    ("₽", "RUB"), ("RUB", "RUB"), ("AMD", "AMD"), ("֏", "AMD"), ("¥", "JPY"), ("₺", "TRY"),
    ("TRY", "TRY"), ("UAH", "UAH"), ("₴", "UAH"), ("GEL", "GEL"), ("₾", "GEL"), ("CHF", "CHF"),
    ("CNY", "CNY"), ("INR", "INR"), ("₹", "INR"), ("IRR", "IRR"), ("SYP", "SYP"), ("IQD", "IQD"),
    ("ILS", "ILS"), ("₪", "ILS"), ("RSD", "RSD"), ("BAM", "BAM"), ("SOS", "SOS"),
]
_CURRENCY_AFTER = {
    "dollars": "USD", "dollar": "USD", "usd": "USD", "us dollars": "USD", "u.s. dollars": "USD",
    "euros": "EUR", "euro": "EUR", "eur": "EUR", "manat": "AZN", "manats": "AZN", "azn": "AZN",
    "rubles": "RUB", "roubles": "RUB", "rub": "RUB", "drams": "AMD", "dram": "AMD", "amd": "AMD",
    "pounds sterling": "GBP", "lira": "TRY", "liras": "TRY", "yen": "JPY",
    "hryvnias": "UAH", "hryvnia": "UAH", "uah": "UAH", "lari": "GEL", "gel": "GEL", "rials": "IRR",
    "dinars": "IQD", "shekels": "ILS", "rupees": "INR", "yuan": "CNY", "francs": "CHF",
}


def _trie(words) -> str:
    """A regular expression matching any of ``words``, as a trie (fast to reject)."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(tree)


_CARDINAL_WORDS = frozenset(list(_SMALL) + list(_TENS) + list(_SCALES) + ["dozen"])
_ALL_WORDS = sorted(set(_CARDINAL_WORDS) | set(_ORDINAL_SMALL) | {"half"})
# number words, in lower-case text ("twenty-five" is read as "twenty", "-", "five")
_WORD_PATTERN = r"\b" + _trie(_ALL_WORDS) + r"\b"
_WORD = re.compile(_WORD_PATTERN)
_WORD_I = re.compile(_WORD_PATTERN, re.IGNORECASE)  # when lower() changes the length (e.g. "İ")
# the cheap test for number words: ASCII, punctuation to spaces, split, set lookup
_SPLIT_CHARS = b"-.,;:!?()[]{}\"'/"
_WORD_SPLIT = bytes.maketrans(_SPLIT_CHARS, b" " * len(_SPLIT_CHARS))
_DIGIT = re.compile(r"\d")
# a number starting at a digit: English thousands, European thousands, spaced thousands, plain
_NUM_AT = re.compile(
    r"(?P<eng>\d{1,3}(?:,\d{3})+(?:\.\d+)?)(?![\d,]\d|\.\d)"
    r"|(?P<eur>[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?)(?![\d.]\d|,\d)"
    r"|(?P<spc>\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+)(?![\d\u00a0\u202f\u2009])"
    r"|(?P<plain>\d+(?:\.\d+)?)"
)
_SUFFIX = re.compile(r"[A-Za-z]+|'s")
_MARKER_AT = re.compile(r"\[\d{1,4}\]")
_ALNUM_TAIL = re.compile(r"[^\W_]*")


def _words_of(text: str) -> list[bytes]:
    return text.lower().encode("ascii", "replace").translate(_WORD_SPLIT).split()


_CARDINAL_BYTES = frozenset(w.encode() for w in _CARDINAL_WORDS)
_ALL_BYTES = frozenset(w.encode() for w in _ALL_WORDS)


def has_number_word(text: str) -> bool:
    """Whether ``text`` contains a cardinal number word ("four", "Twenty-eight", "hundred")."""
    return not _CARDINAL_BYTES.isdisjoint(_words_of(text))


_DASHES = "-–—‐‑−"
_RANGE_GAP = re.compile(r"^[ \u00a0]?[-–—‐‑−][ \u00a0]?$|^\s+(?:to|and|or)\s+$", re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"[ \u00a0]?(?:%|percent\b|per[ \u00a0]cent\b|pct\b)", re.IGNORECASE)
_TIME_AFTER = re.compile(
    r"(?::[0-5]\d(?::[0-5]\d)?(?:[ \u00a0]?[ap]\.?m\.?(?!\w))?|[ \u00a0]?(?:[ap]\.m\.|[ap]m\b))",
    re.IGNORECASE,
)
_SCALE_AFTER = re.compile(
    r"(?:[ \u00a0]+(hundred|thousand|million|billion|trillion)\b|[ \u00a0]?(mln|mn|bln|bn|tn)\b\.?)",
    re.IGNORECASE,
)
_CURRENCY_AFTER_RE = re.compile(
    r"[ \u00a0]+(u\.s\.[ \u00a0]dollars|us[ \u00a0]dollars|pounds[ \u00a0]sterling|dollars?|usd|euros?|eur|manats?|azn|"
    r"rubles|roubles|rub|drams?|amd|liras?|yen|hryvnias?|uah|lari|gel|rials|dinars|shekels|rupees|yuan|francs)\b",
    re.IGNORECASE,
)
_CURRENCY_BEFORE_RE = re.compile(
    r"(?:US\$|U\.S\.\$|USD|US[ \u00a0]dollars|\$|€|EUR|£|GBP|₼|AZN|₽|RUB|AMD|֏|¥|₺|TRY|UAH|₴|GEL|₾|CHF|CNY|INR|₹"
    r"|IRR|SYP|IQD|ILS|₪|RSD|BAM|SOS)[ \u00a0]?$"
)
_ORD_SUFFIX = {"st", "nd", "rd", "th"}
_UNITS_GLUED = {"km", "m", "km2", "kg", "cm", "mm", "ha", "mw", "kw", "gw", "t", "mi", "ft", "h",
                "hrs", "am", "pm", "bn", "mln", "mn", "k", "b", "tn", "x"}


def _float(text: str, style: str) -> float | None:
    try:
        if style == "eng":
            return float(text.replace(",", ""))
        if style == "eur":
            return float(text.replace(".", "").replace(",", "."))
        if style == "spc":
            return float(re.sub(r"[\u00a0\u202f\u2009]", "", text))
        return float(text)
    except ValueError:
        return None


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    value: float | None
    kind: str
    unit: str | None = None
    scaled: bool = False
    words: bool = False
    separators: bool = False
    raw_value: float | None = None  # before a scale word was applied
    scale: float = 1.0
    low: float | None = None
    high: float | None = None


class _Cardinal:
    """Accumulates English cardinal words ("two hundred and fifty thousand")."""

    __slots__ = ("total", "current", "last", "last_big")

    def __init__(self) -> None:
        self.total = 0.0
        self.current = 0.0
        self.last: str | None = None  # small | tens | hundred | big | dozen
        self.last_big = float("inf")

    @property
    def value(self) -> float:
        return self.total + self.current

    def add(self, word: str, *, first: bool, lead: str | None, gap: str) -> bool:
        """Consume ``word`` if it continues the number; False (nothing changed) otherwise."""
        last = self.last
        if "-" in word:  # twenty-five
            a, b = word.split("-", 1)
            if a not in _TENS or b not in _SMALL or last in ("small", "tens", "dozen"):
                return False
            self.current += _TENS[a] + _SMALL[b]
            self.last = "small"
            return True
        if word in _SMALL:
            v = _SMALL[word]
            if last in ("small", "dozen") or (last == "tens" and (v == 0 or v >= 10 or gap == "and")):
                return False
            self.current += v
            self.last = "small"
            return True
        if word in _TENS:
            if last in ("small", "tens", "dozen"):
                return False
            self.current += _TENS[word]
            self.last = "tens"
            return True
        if word == "hundred":
            if last in ("hundred", "dozen") or self.current >= 100 or (first and not lead):
                return False
            self.current = (self.current or 1) * 100
            self.last = "hundred"
            return True
        if word in _SCALES:
            scale = _SCALES[word]
            if scale >= self.last_big or last == "dozen" or (first and not lead):
                return False
            amount = self.current or (0.5 if lead == "half a" else 1)
            self.total += amount * scale
            self.current = 0.0
            self.last = "big"
            self.last_big = scale
            return True
        if word == "dozen":
            if (first and not lead) or last not in (None, "small", "tens"):
                return False
            self.current = (self.current or (0.5 if lead == "half a" else 1)) * 12
            self.last = "dozen"
            return True
        return False  # "half" on its own, ordinals


_LEAD = re.compile(r"\b(a|half[ \u00a0]a)[ \u00a0]$", re.IGNORECASE)


def _is_ordinal_word(word: str) -> float | None:
    if word in _ORDINAL_SMALL:
        return float(_ORDINAL_SMALL[word])
    if "-" in word:
        a, b = word.split("-", 1)
        if a in _TENS and b in _ORDINAL_SMALL:
            return float(_TENS[a] + _ORDINAL_SMALL[b])
    return None


def _word_sequences(text: str, atoms: list[tuple[int, int, str]]):
    """Group word atoms (start, end, lowercased word) into number phrases.

    Yields (start, end, value, kind). Words that do not continue a phrase start a new one; a
    word that cannot start one ("hundred" without "a", "half") is dropped.
    """
    i, n = 0, len(atoms)
    while i < n:
        start, end, word = atoms[i]
        if word in _TENS and i + 1 < n and text[end:atoms[i + 1][0]] in ("-", "\u2011") \
                and atoms[i + 1][2] in _ORDINAL_SMALL and _ORDINAL_SMALL[atoms[i + 1][2]] < 10:
            yield start, atoms[i + 1][1], float(_TENS[word] + _ORDINAL_SMALL[atoms[i + 1][2]]), "ordinal"
            i += 2
            continue
        ordinal = _is_ordinal_word(word)
        if ordinal is not None:
            yield start, end, ordinal, "ordinal"
            i += 1
            continue
        m = _LEAD.search(text, max(0, start - 8), start)
        lead = re.sub(r"[ \u00a0]+", " ", m.group(1).lower()) if m else None
        card = _Cardinal()
        j = i
        while j < n:
            s, e, w = atoms[j]
            gap = ""
            if j > i:
                raw_gap = text[atoms[j - 1][1]:s]
                if raw_gap in (" ", "\u00a0", "-", "\u2011"):
                    gap = " "
                elif re.fullmatch(r"[ \u00a0]+and[ \u00a0]+", raw_gap, re.IGNORECASE) and card.last in ("hundred", "big"):
                    gap = "and"
                else:
                    break
            if _is_ordinal_word(w) is not None or not card.add(w, first=j == i, lead=lead, gap=gap):
                break
            j += 1
        if j == i:
            i += 1
            continue
        phrase_start = start
        if lead and word in ("hundred", "thousand", "million", "billion", "trillion", "dozen"):
            phrase_start = m.start()
        yield phrase_start, atoms[j - 1][1], card.value, "number"
        i = j


def _scan_digits(text: str, atoms: list[_Atom]) -> None:
    n = len(text)
    pos = 0
    search = _DIGIT.search
    while True:
        d = search(text, pos)
        if d is None:
            return
        start = d.start()
        prev = text[start - 1] if start else " "
        # a citation marker: [41]
        if prev == "[":
            mk = _MARKER_AT.match(text, start - 1)
            if mk:
                atoms.append(_Atom(start - 1, mk.end(), float(text[start:mk.end() - 1]), "marker"))
                pos = mk.end()
                continue
        m = _NUM_AT.match(text, start)
        end = m.end()
        # glued to letters: a code ("TB2", "Casualties1") or a unit ("km2")
        if prev.isalpha() or prev == "_":
            a = start
            while a > 0 and a > start - 30 and (text[a - 1].isalnum() or text[a - 1] == "_"):
                a -= 1
            letters = text[a:start]
            tail = max(_ALNUM_TAIL.match(text, start).end(), start + 1)
            if not (letters.isalpha() and letters.lower() in _UNITS_GLUED and not text[a - 1:a].isalnum()):
                if not any(atom.start <= a < atom.end for atom in atoms[-1:]):
                    atoms.append(_Atom(a, tail, None, "code"))
            pos = tail
            continue
        if prev in ".,":  # the tail of something already read ("1,00,000", ".5")
            pos = max(end, start + 1)
            continue
        neg = False
        if prev in "-\u2011" and start >= 2 and text[start - 2].isalpha():
            # "Mi-8", "GAZ-52": a model name when the prefix has a capital; "mid-1990s" is not one
            a = start - 1
            while a > 0 and a > start - 20 and text[a - 1].isalpha():
                a -= 1
            if any(c.isupper() for c in text[a:start - 1]) and not text[a - 1:a].isalnum():
                tail = max(_ALNUM_TAIL.match(text, start).end(), start + 1)
                atoms.append(_Atom(a, tail, None, "code"))
                pos = tail
                continue
        elif prev in "-\u2212" and (start < 2 or text[start - 2] in " \t\n(\u00a0"):
            neg = True
        style = m.lastgroup
        num_text = m.group(style)
        value = _float(num_text, style)
        if value is None:
            pos = max(end, start + 1)
            continue
        if neg:
            value = -value
            start -= 1
        kind = "number"
        sm = _SUFFIX.match(text, end) if end < n and (text[end].isalpha() or text[end] == "'") else None
        if sm:
            suffix = sm.group()
            sl = suffix.lower()
            if sl in _ORD_SUFFIX and style == "plain" and "." not in num_text:
                kind = "ordinal"
                end = sm.end()
            elif sl in ("s", "'s") and style == "plain" and len(num_text) in (2, 4) and num_text.endswith("0"):
                kind = "decade"
                end = sm.end()
            elif sl in ("am", "pm"):
                kind = "time"
                end = sm.end()
            elif sl in _UNITS_GLUED or sl in ("s", "'s"):
                pass  # "3km", "$5bn": the number alone; the unit is read after it
            else:
                tail = max(_ALNUM_TAIL.match(text, end).end(), end)
                atoms.append(_Atom(start, tail, None, "code"))  # "5G", "2S1"
                pos = max(tail, start + 1)
                continue
        a = _Atom(start, end, value, kind, separators=style != "plain" or "." in num_text, raw_value=value)
        a.unit = "eur" if style == "eur" else None  # for the scale-word correction in _decorate
        atoms.append(a)
        pos = max(end, start + 1)


def _scan_words(text: str, atoms: list[_Atom]) -> None:
    lower = text.lower()
    finder = _WORD.finditer(lower) if len(lower) == len(text) else _WORD_I.finditer(text)
    words: list[tuple[int, int, str]] = []
    for m in finder:
        w = m.group().lower().replace("\u2011", "-")
        if words and text[words[-1][1]:m.start()].strip().lower() not in ("", "and", "-"):
            atoms.extend(_Atom(s, e, v, kind, words=True) for s, e, v, kind in _word_sequences(text, words))
            words.clear()
        words.append((m.start(), m.end(), w))
    if words:
        atoms.extend(_Atom(s, e, v, kind, words=True) for s, e, v, kind in _word_sequences(text, words))


def _scan(text: str, words: bool | None = None) -> list[_Atom]:
    atoms: list[_Atom] = []
    _scan_digits(text, atoms)
    if words is None:
        words = not _ALL_BYTES.isdisjoint(_words_of(text))
    if words:
        _scan_words(text, atoms)
        atoms.sort(key=lambda a: a.start)
        # a word inside a code or next to a digit atom it overlaps is dropped
        kept: list[_Atom] = []
        for a in atoms:
            if kept and a.start < kept[-1].end:
                continue
            kept.append(a)
        atoms = kept
    return atoms


_AFTER_WORD = re.compile(r"[ \u00a0]?([A-Za-z]+\.?(?:[A-Za-z]\.)?|%)")
_SCALE_WORDS = frozenset(_DIGIT_SCALES)
_PERCENT_WORDS = frozenset({"%", "percent", "per", "pct"})
_TIME_WORDS = frozenset({"am", "pm", "a.m.", "p.m.", "a.", "p."})
_CURRENCY_WORDS = frozenset(w.split()[0] for w in _CURRENCY_AFTER) | {"us", "u.s."}
_CURRENCY_CHARS = frozenset("$€£₼₽¥₺₴₾₹₪֏")


def _currency_before(text: str, a: _Atom) -> str | None:
    """A currency sign or code right before the figure ("$", "US$", "USD ", "€"): its code."""
    start = a.start
    p = text[start - 1] if start else ""
    if not (p in _CURRENCY_CHARS or (p in " \u00a0" and start >= 4 and text[start - 2].isupper())):
        return None
    cur = _CURRENCY_BEFORE_RE.search(text, max(0, start - 12), start)
    if not cur:
        return None
    sym = cur.group().strip(" \u00a0")
    code = next((c for s, c in _CURRENCY_BEFORE if s == sym), None)
    pre = cur.start()
    # a currency code glued to a word ("XUSD 5") is not a currency
    if code is None or (pre > 0 and text[pre - 1].isalnum() and sym[0].isalpha()):
        return None
    a.start = pre
    return code


def _apply_scale(a: _Atom, scale: float) -> None:
    a.raw_value = a.value
    a.scale = scale
    a.value = a.value * scale if a.value is not None else None
    a.scaled = True


def _decorate(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Attach scale words, currencies, percent signs and time markers to plain numbers.

    Each number looks at the one word after it (and the character before it); the specific
    regular expressions only run when that word can start something."""
    n = len(text)
    for a in atoms:
        european = a.unit == "eur"
        a.unit = None
        if a.kind != "number":
            continue
        end = a.end
        nxt = text[end] if end < n else ""
        word = None
        if nxt and nxt in " \u00a0%" or nxt.isalpha():
            wm = _AFTER_WORD.match(text, end)
            if wm:
                word = wm.group(1).lower()
        if not a.words:
            if nxt == ":" or word in _TIME_WORDS:
                t = _TIME_AFTER.match(text, end)
                if t and (t.group().startswith(":") or (a.value is not None and 0 <= a.value <= 24)):
                    a.kind = "time"
                    a.end = t.end()
                    continue
            if word is not None and word.rstrip(".") in _SCALE_WORDS:
                sc = _SCALE_AFTER.match(text, end)
                if sc:
                    if european:  # "2.350 billion" is 2.35 billion, not 2350 billion
                        raw = text[a.start:a.end].lstrip("-\u2212")
                        try:
                            a.value = float(raw.replace(",", ".").replace(".", "", raw.count(".") - 1))
                        except ValueError:
                            pass
                    _apply_scale(a, _DIGIT_SCALES[(sc.group(1) or sc.group(2)).lower()])
                    a.end = end = end + len(sc.group().rstrip("."))
                    nxt = text[end] if end < n else ""
                    wm = _AFTER_WORD.match(text, end) if nxt in " \u00a0" else None
                    word = wm.group(1).lower() if wm else None
        elif a.value is not None and a.value >= 1_000_000:
            a.scaled = True
        currency = None if a.words else _currency_before(text, a)
        if currency is not None and not a.scaled and nxt in ("m", "k", "b", "M", "K", "B"):
            m2 = re.match(r"(m|k|b)\b", text[end:end + 2], re.IGNORECASE)
            if m2:  # "$5m", "$20k"
                _apply_scale(a, _CURRENCY_ONLY_SCALES[m2.group(1).lower()])
                a.end = end = end + 1
                word = None
        if currency is None and word is not None and word.rstrip(".") in _CURRENCY_WORDS:
            ca = _CURRENCY_AFTER_RE.match(text, end)
            if ca:
                currency = _CURRENCY_AFTER[re.sub(r"[ \u00a0]+", " ", ca.group(1).lower())]
                a.end = ca.end()
        if currency:
            a.kind = "money"
            a.unit = currency
            continue
        if word in _PERCENT_WORDS:
            p = _PERCENT_AFTER.match(text, end)
            if p:
                a.kind = "percent"
                a.unit = "%"
                a.end = p.end()
    return atoms


_NUMERIC = ("number", "money", "percent")


def _combine_ranges(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Join ``A-B``, ``A–B``, ``A to B``, ``A or B``, ``between A and B`` into ranges."""
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is None or a.kind not in _NUMERIC or b.kind not in _NUMERIC or a.value is None or b.value is None:
            out.append(a)
            i += 1
            continue
        if b.start - a.end > 6:
            out.append(a)
            i += 1
            continue
        gap = text[a.end:b.start]
        word = gap.strip(" \u00a0").lower()
        start = a.start
        ok = False
        if _RANGE_GAP.match(gap):
            if word in ("to", "or") or (word and word in _DASHES):
                ok = True
                if word == "to":
                    m = re.search(r"\bfrom[ \u00a0]+$", text[max(0, a.start - 8):a.start], re.IGNORECASE)
                    if m:
                        start = a.start - (len(m.group()))
            elif word == "and":
                m = re.search(r"\bbetween[ \u00a0]+$", text[max(0, a.start - 11):a.start], re.IGNORECASE)
                if m:
                    ok = True
                    start = a.start - len(m.group())
        if not ok:
            out.append(a)
            i += 1
            continue
        low, high = a.value, b.value
        # "2-3 million", "$1-2 billion": the scale of the high end applies to the low one
        if b.scaled and not a.scaled and not b.words and b.raw_value is not None and low <= b.raw_value:
            low = low * b.scale
        # year spans written short: 1993-94
        b_text = text[b.start:b.end]
        if (1000 <= low <= 2099 and low == int(low) and not a.separators and word in _DASHES
                and b_text.isdigit() and len(b_text) == 2):
            century = int(low) // 100 * 100
            high = century + high if century + high > low else high
        compatible = (
            a.kind == b.kind
            or (a.kind == "number" and b.kind in ("money", "percent"))
            or (a.kind == "money" and b.kind == "number")
        )
        if a.kind == b.kind == "money" and a.unit != b.unit:
            compatible = False
        if compatible and low < high:
            kind = "range"
            unit = None
            if "money" in (a.kind, b.kind):
                kind, unit = "money", a.unit or b.unit
            elif b.kind == "percent":
                kind, unit = "percent", "%"
            out.append(_Atom(start, b.end, None, kind, unit=unit, scaled=a.scaled or b.scaled,
                             words=a.words or b.words, separators=a.separators or b.separators,
                             low=low, high=high))
            i += 2
            continue
        if (gap == "-" and a.kind == b.kind == "number" and not a.words and not b.words
                and not a.separators and not b.separators and low >= high):
            out.append(_Atom(a.start, b.end, None, "code"))  # "7-3": a score, not a quantity
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def find_numbers(text: str, _words: bool | None = None) -> list[NumberMatch]:
    """Every numeric expression in ``text``, in order, non-overlapping. Never raises.
    (``_words``: whether ``text`` has a number word of ``_ALL_WORDS``, if the caller knows.)"""
    if not isinstance(text, str) or not text:
        return []
    try:
        atoms = _combine_ranges(text, _decorate(text, _scan(text, _words)))
    except Exception:  # pragma: no cover - a bug here must not stop a document
        return []
    out: list[NumberMatch] = []
    last_end = -1
    for a in atoms:
        if a.start < last_end or a.start < 0 or a.end > len(text) or a.end <= a.start:
            continue
        value = a.value
        low, high = a.low, a.high
        if a.kind in ("range",) or (low is not None and high is not None):
            value = None
        out.append(NumberMatch(a.start, a.end, text[a.start:a.end], value, low, high, a.kind, a.unit))
        last_end = a.end
    return out


def parse_number(text: str) -> float | None:
    """The value of ``text`` when it is exactly one number ("60,000", "twenty-five",
    "2.35 billion", "US$1 billion", "77.700"); None otherwise (ranges, words, empty)."""
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    found = find_numbers(stripped)
    if len(found) != 1:
        return None
    m = found[0]
    if m.start != 0 or m.end != len(stripped) or m.kind not in ("number", "money", "percent", "ordinal"):
        return None
    return m.value
