"""The curated word lists the recogniser reads (``etl/data/*``), loaded once per process.

Every list is a plain TSV/TXT file an administrator can extend (``etl/data/README.md``
describes each format). ``default_lexicon()`` is cached: workers call ``recognise()`` for
thousands of documents and must not re-read the files.
"""

from __future__ import annotations


from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar
from pathlib import Path

from archive.vocab import EVENT_TYPES, PLACE_TYPES
from etl.names import fold

DATA_DIR = Path(__file__).parent / "data"
_MEMO_LIMIT = 16_384
_MISSING = object()
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PlaceType:
    word: str  # lower case, may be several words
    place_type: str
    kind: str  # admin | feature
    position: str  # suffix | prefix | of
    generic: str | None  # canonical generic for features ("Pass", "Mountains")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    place_type: str
    country: str | None


@dataclass(frozen=True, slots=True)
class Alias:
    kind: str
    canonical: str
    alias: str
    source: str


@dataclass
class Lexicon:
    """Word lists keyed for O(1) lookups; every key is lower case (or ``fold``ed)."""

    titles: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()  # folded
    surname_endings: tuple[str, ...] = ()
    formations: dict[str, tuple[str, str]] = field(default_factory=dict)  # word/plural -> (singular, named)
    ship_prefixes: frozenset[str] = frozenset()  # "HMS", "USS": a ship's name, blocked
    echelons: dict[str, int] = field(default_factory=dict)  # singular formation word -> size rank (1 squad .. 9 front)
    lettered_formations: frozenset[str] = frozenset()  # singular words designated by a letter ("A Company")
    unit_letters: frozenset[str] = frozenset()  # phonetic-alphabet words standing for a letter ("Alpha")
    military_words: frozenset[str] = frozenset()
    place_suffix: dict[str, PlaceType] = field(default_factory=dict)
    place_number: dict[str, PlaceType] = field(default_factory=dict)  # "Highway 10", "Hill 861"
    place_prefix: dict[str, PlaceType] = field(default_factory=dict)
    place_of: dict[str, PlaceType] = field(default_factory=dict)
    polities: dict[str, str] = field(default_factory=dict)  # "republic" -> place type
    demonyms: dict[str, str | None] = field(default_factory=dict)  # lower -> country
    nonentities: dict[str, str] = field(default_factory=dict)  # lower -> org|document|other
    events_of: dict[str, str] = field(default_factory=dict)
    events_prefix: dict[str, str] = field(default_factory=dict)
    events_head: dict[str, str] = field(default_factory=dict)
    events_suffix: dict[str, str] = field(default_factory=dict)
    gazetteer: dict[str, GazetteerEntry] = field(default_factory=dict)  # folded name/variant -> entry
    aliases: tuple[Alias, ...] = ()
    known_persons: frozenset[str] = frozenset()  # folded
    common_words: frozenset[str] = frozenset()
    # memos of the word tests below and of what readers derive from the lists (a lexicon is not
    # changed once in use)
    _memo: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def load(cls, directory: Path = DATA_DIR) -> Lexicon:
        d = Path(directory)
        lex = cls()
        lex.titles = frozenset(_lines(d / "titles.txt", lower=True))
        lex.verbs = frozenset(_lines(d / "verbs.txt", lower=True))
        lex.given_names = frozenset(fold(w) for line in _lines(d / "given_names.txt") for w in line.split())
        lex.surname_endings = tuple(sorted(set(_lines(d / "surname_endings.txt", lower=True)), key=len, reverse=True))
        lettered = set()
        for row in _rows(d / "formations.tsv", 3):
            word, plural, named = row[0].lower(), row[1].lower(), row[2].lower()
            lex.formations[word] = (word, named)
            lex.formations[plural] = (word, named)
            if len(row) > 3 and row[3].lower() == "letter":
                lettered.add(word)
            if len(row) > 4 and row[4] not in ("", "-"):
                if not row[4].isdigit():
                    raise ValueError(f"formations.tsv: echelon of {word!r} is not a number: {row[4]!r}")
                lex.echelons[word] = int(row[4])
        lex.lettered_formations = frozenset(lettered)
        ships = d / "ship_prefixes.txt"
        lex.ship_prefixes = frozenset(_lines(ships)) if ships.exists() else frozenset()
        letters = d / "unit_letters.txt"
        lex.unit_letters = frozenset(_lines(letters, lower=True)) if letters.exists() else frozenset()
        lex.military_words = frozenset(_lines(d / "military_words.txt", lower=True))
        for row in _rows(d / "place_types.tsv", 5):
            word, ptype, kind, position, generic = row[0].lower(), row[1], row[2], row[3], row[4]
            if ptype not in PLACE_TYPES:
                raise ValueError(f"place_types.tsv: unknown place type {ptype!r}")
            entry = PlaceType(word, ptype, kind, position, None if generic in ("", "-") else generic)
            {"suffix": lex.place_suffix, "prefix": lex.place_prefix, "of": lex.place_of,
             "number": lex.place_number}[position][word] = entry
        for row in _rows(d / "polities.txt", 2):
            lex.polities[row[0].lower()] = row[1]
        for row in _rows(d / "demonyms.tsv", 1):
            lex.demonyms[row[0].lower()] = (row[1] if len(row) > 1 and row[1] else None)
        for row in _rows(d / "nonentities.tsv", 2):
            lex.nonentities[row[0].lower()] = row[1]
        for row in _rows(d / "events.tsv", 3):
            word, position, etype = row[0].lower(), row[1], row[2]
            if etype not in EVENT_TYPES:
                raise ValueError(f"events.tsv: unknown event type {etype!r}")
            {"of": lex.events_of, "prefix": lex.events_prefix, "head": lex.events_head, "suffix": lex.events_suffix}[
                position
            ][word] = etype
        for row in _rows(d / "gazetteer.tsv", 2):
            entry = GazetteerEntry(row[0], row[1], row[2] if len(row) > 2 and row[2] else None)
            if entry.place_type not in PLACE_TYPES:
                raise ValueError(f"gazetteer.tsv: unknown place type {entry.place_type!r} for {row[0]}")
            lex.gazetteer.setdefault(fold(row[0]), entry)
            if len(row) > 3:
                for variant in row[3].split(";"):
                    if variant.strip():
                        lex.gazetteer.setdefault(fold(variant.strip()), entry)
        lex.aliases = tuple(
            Alias(r[0], r[1], r[2], r[3] if len(r) > 3 else "") for r in _rows(d / "aliases.tsv", 3)
        )
        lex.known_persons = frozenset(fold(line) for line in _lines(d / "known_persons.txt"))
        lex.common_words = frozenset(_lines(d / "common_words.txt", lower=True))
        return lex

    # -- helpers used by the recogniser ---------------------------------------------------

    def is_surname_like(self, word: str) -> bool:
        memo = self._word_memo("surname_like")
        hit = memo.get(word)
        if hit is None:
            w = word.casefold()
            hit = memo[word] = w.endswith(tuple(self.surname_endings)) and any(
                w.endswith(e) and len(w) >= len(e) + 3 for e in self.surname_endings
            )
        return hit

    def is_org_word(self, token: str) -> bool:
        """The token names an organisation or a document ("Ministry", "Treaty")."""
        memo = self._word_memo("org_word")
        hit = memo.get(token)
        if hit is None:
            hit = memo[token] = self.nonentities.get(token.casefold().strip(".")) in ("org", "document")
        return hit

    def remember(self, name: str, key: object, build: Callable[[], T]) -> T:
        """build() remembered under (name, key) for the last few keys; with key None, or a key
        that cannot be hashed, it is built every time."""
        try:
            hash(key)
        except TypeError:
            key = None
        if key is None:
            return build()
        memo = self._memo.setdefault(name, {})
        hit = memo.get(key, _MISSING)
        if hit is _MISSING:
            if len(memo) >= 8:
                memo.clear()
            hit = memo[key] = build()
        return hit

    def _word_memo(self, name: str) -> dict[str, bool]:
        memo = self._memo.get(name)
        if memo is None or len(memo) >= _MEMO_LIMIT:  # bounded: it starts afresh when full
            memo = self._memo[name] = {}
        return memo


def _lines(path: Path, *, lower: bool = False) -> list[str]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        out.append(line.lower() if lower else line)
    return out


def _rows(path: Path, min_columns: int) -> list[list[str]]:
    rows = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in raw.split("\t")]
        if len(cols) < min_columns:
            raise ValueError(f"{path.name}:{n}: expected at least {min_columns} tab-separated columns")
        rows.append(cols)
    return rows


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon of ``etl/data``, loaded once per process."""
    return Lexicon.load(DATA_DIR)



