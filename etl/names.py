"""Name matching keys, shared by in-document resolution (``etl.resolve``) and the writer's
cross-document linking (``etl.link``). Pure, fast and stable: changing a key changes which
entities the archive merges, so these functions are covered by tests and kept small.

* ``fold``: the matching form: case-, diacritic- and punctuation-insensitive, with
  Azerbaijani/Turkic Latin letters transliterated the English way (``Kəlbəcər`` -> ``kalbajar``).
* ``skeleton``: a coarser key for spelling variants (``Dalibaltyan``/``Dalibaltayan``,
  ``Murovdag``/``Murovdagh``): the folded name without vowels after the first letter, with
  digraphs simplified. Short skeletons collide by accident: callers require ``MIN_SKELETON``.
* ``same_person``: whether two person names can be the same person (given names agree,
  surnames agree including their gendered ending: ``Aliyev`` is not ``Aliyeva``).
* ``split_person_name``: ``(given, surname)`` with particles kept on the surname (``de Waal``).

``fold``, ``skeleton``, ``split_person_name`` and ``same_person`` are memoised (bounded
``lru_cache``): the recogniser and the writer call them again and again on the same names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MIN_SKELETON = 4  # skeletons shorter than this are no evidence of identity

# Letters that only Azerbaijani/Turkish Latin uses: a word containing one is transliterated
# the English way throughout (c -> j, x -> kh, q -> g), which would be wrong for other words.
_TURKIC_MARKERS = frozenset("əƏıİğĞşŞçÇ")
_TURKIC_WORD = str.maketrans(
    {
        "ə": "a", "Ə": "a", "ı": "i", "İ": "i", "ğ": "gh", "Ğ": "gh", "ş": "sh", "Ş": "sh",
        "ç": "ch", "Ç": "ch", "c": "j", "C": "j", "x": "kh", "X": "kh", "q": "g", "Q": "g",
        "ö": "o", "Ö": "o", "ü": "u", "Ü": "u",
    }
)
_GENERAL = str.maketrans(
    {
        "ə": "a", "Ə": "a", "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
        "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ʼ": "", "ʻ": "",
    }
)
_APOSTROPHES = re.compile(r"['’`´ʼ.]")
_SEPARATORS = re.compile(r"[\W_]+")
_WORD_CHARS = re.compile(r"[^\W_]+")  # what lies between separators
_WORD = re.compile(r"\S+")

PARTICLES = frozenset(
    "de da di du del della der den van von ter ten la le al el bin ibn ben bint abu ap mac st".split()
)


@lru_cache(maxsize=8192)
def fold(name: str) -> str:
    """The matching form of a name: lower case, no diacritics or punctuation, single spaces.

    >>> fold("Kəlbəcər") == fold("Kalbajar") == fold("KALBAJAR")
    True
    """
    if not name:
        return ""
    if name.isascii():
        # the same steps, minus those that cannot change ASCII text (normalisation, the
        # transliteration tables, combining marks; casefold() is lower() here)
        return " ".join(_WORD_CHARS.findall(_APOSTROPHES.sub("", name.lower())))
    name = unicodedata.normalize("NFC", name)
    if not _TURKIC_MARKERS.isdisjoint(name):
        name = _WORD.sub(
            lambda m: m.group(0).translate(_TURKIC_WORD)
            if any(c in _TURKIC_MARKERS for c in m.group(0))
            else m.group(0),
            name,
        )
    name = name.translate(_GENERAL)
    decomposed = unicodedata.normalize("NFKD", name)
    if decomposed.isascii():  # (combining marks are not ASCII)
        stripped = decomposed
    else:
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = _APOSTROPHES.sub("", stripped.casefold())
    return " ".join(_WORD_CHARS.findall(stripped))  # == " ".join(_SEPARATORS.sub(" ", stripped).split())


_DIGRAPHS = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "c"),
    ("ph", "f"), ("ck", "k"), ("q", "g"), ("x", "k"), ("w", "v"),
)
_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=8192)
def skeleton(name: str) -> str:
    """A coarse key for spelling variants: the folded name without spaces, digraphs simplified
    (gh->g, kh->k, sh->s...), vowels (and y) removed after the first letter, doubles collapsed.

    >>> skeleton("Dalibaltyan") == skeleton("Dalibaltayan")
    True
    """
    s = fold(name).replace(" ", "")
    if not s:
        return ""
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    return _REPEATS.sub(r"\1", s[0] + _VOWELS.sub("", s[1:]))


def _tokens(name: str) -> list[str]:
    return [t for t in name.replace(",", " ").split() if t]


def _is_initial(token: str) -> bool:
    t = token.rstrip(".")
    return len(t) == 1 and t.isalpha()


@lru_cache(maxsize=8192)
def split_person_name(name: str) -> tuple[str | None, str | None]:
    """``(given, surname)``: particles stay with the surname ("Thomas de Waal" ->
    ("Thomas", "de Waal")); a single word is a surname unless it is a known given name."""
    tokens = _tokens(name)
    if not tokens:
        return None, None
    if len(tokens) == 1:
        from etl.lexicon import default_lexicon

        if fold(tokens[0]) in default_lexicon().given_names:
            return tokens[0], None
        return None, tokens[0]
    # The surname starts at the first particle after the first word, else it is the last word.
    start = len(tokens) - 1
    for i in range(1, len(tokens) - 1):
        if tokens[i].casefold() in PARTICLES:
            start = i
            break
    given = " ".join(tokens[:start]) or None
    return given, " ".join(tokens[start:])


def _same_word(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    if not fa or not fb or fa[0] != fb[0]:
        return False
    # Gendered or inflected endings differ: Aliyev/Aliyeva, Mammadov/Mammadova.
    if (fa[-1] in "aeiouy") != (fb[-1] in "aeiouy"):
        return False
    sa, sb = skeleton(a), skeleton(b)
    return len(sa) >= MIN_SKELETON and sa == sb and abs(len(fa) - len(fb)) <= 2


def _given_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    ta, tb = _tokens(a), _tokens(b)
    first_a, first_b = ta[0], tb[0]
    if _is_initial(first_a) or _is_initial(first_b):
        return fold(first_a)[:1] == fold(first_b)[:1]
    if fold(first_a) == fold(first_b):
        return True
    fa, fb = fold(first_a), fold(first_b)
    sa, sb = skeleton(first_a), skeleton(first_b)
    return fa[:1] == fb[:1] and sa == sb and len(sa) >= 3 and (fa[-1] in "aeiouy") == (fb[-1] in "aeiouy")


@lru_cache(maxsize=8192)
def same_person(a: str, b: str) -> bool:
    """Whether two person names can denote the same person: surnames agree (exactly or as a
    spelling variant with the same kind of ending) and given names, when both are present,
    agree (``Ilham Aliyev`` != ``Heydar Aliyev``; ``William F. Garrison`` == ``William Garrison``)."""
    ga, sa = split_person_name(a)
    gb, sb = split_person_name(b)
    if sa is None and sb is None:
        return bool(ga and gb and _given_agree(ga, gb))
    if sa is None or sb is None:
        # One is a lone given name: it must equal the other's given name.
        lone, other_given = (ga, gb) if sa is None else (gb, ga)
        return bool(lone and other_given and fold(lone) == fold(_tokens(other_given)[0]))
    if not _same_word(sa, sb):
        return False
    return _given_agree(ga, gb)
