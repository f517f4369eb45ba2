"""Scoring extraction against hand-written gold annotations.

Gold files are JSON, one per document and aspect, so that each aspect can be annotated on its
own: ``tests/gold/entities/<stem>.json``, ``tests/gold/claims/<stem>.json``,
``tests/gold/events/<stem>.json``. Each holds ``document`` (its path relative to the repo root)
and the aspect's list::

    {
      "document": "corpus/000_f15b69dfdb06d471.txt",
      "entities": [["person", "Surat Huseynov", "Surat Huseynov"], ...],
                  # [type, text of one mention, canonical name]; one row per mention, so a
                  # name mentioned three times appears three times
      "claims": [{"predicate": "strength", "value": 3000, "low": null, "high": null,
                  "hedge": "over", "text": "over three thousand soldiers"}, ...],
      "events": [{"type": "offensive", "edtf": "1993-12-15", "text": "..."}, ...]
    }

Matching is by bag (multiset) per document, independent of offsets, so gold stays readable
and robust to segmentation changes:

* mentions: (type, text) pairs; also a *lenient* score where a predicted mention counts if
  its text contains or is contained in a gold mention of the same type;
* entities: the set of (type, folded canonical name) per document;
* claims: (predicate, value, low, high) with values rounded to 6 significant digits;
* events: the event dates (EDTF), and (type, EDTF) pairs.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ENTITY_TYPES = ("person", "unit", "place", "event")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list = field(default_factory=list)
    false_negatives: list = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.false_positives.extend(other.false_positives)
        self.false_negatives.extend(other.false_negatives)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} (tp={self.tp} fp={self.fp} fn={self.fn})"


def bag_match(gold: Iterable, predicted: Iterable) -> Counts:
    g, p = Counter(gold), Counter(predicted)
    both = g & p
    return Counts(
        tp=sum(both.values()),
        fp=sum((p - g).values()),
        fn=sum((g - p).values()),
        false_positives=sorted((p - g).elements(), key=repr),
        false_negatives=sorted((g - p).elements(), key=repr),
    )


def lenient_match(gold: Iterable[str], predicted: Iterable[str]) -> Counts:
    """Greedy one-to-one matching where containment either way counts as a match."""
    remaining = list(gold)
    counts = Counts()
    exact_first = sorted(predicted, key=lambda s: s not in remaining)
    for text in exact_first:
        hit = next((g for g in remaining if g == text), None)
        if hit is None:
            hit = next((g for g in remaining if text in g or g in text), None)
        if hit is None:
            counts.fp += 1
            counts.false_positives.append(text)
        else:
            counts.tp += 1
            remaining.remove(hit)
    counts.fn = len(remaining)
    counts.false_negatives = remaining
    return counts


def fold(name: str) -> str:
    """Case- and diacritic-insensitive form for comparing canonical names."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def value_key(value) -> float | None:
    if value is None:
        return None
    return float(f"{float(value):.6g}")


@dataclass
class Gold:
    path: Path
    document: str
    entities: list[tuple[str, str, str]]
    claims: list[dict]
    events: list[dict]


ASPECTS = ("entities", "claims", "events")


def load_gold_dir(directory: Path) -> list[Gold]:
    """All gold documents under ``directory`` (its entities/, claims/, events/ folders),
    merged per document; an aspect without a file for a document is an empty list."""
    merged: dict[str, dict] = {}
    for aspect in ASPECTS:
        for path in sorted((Path(directory) / aspect).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            entry = merged.setdefault(data["document"], {"path": path})
            entry[aspect] = data.get(aspect, [])
    return [
        Gold(
            path=entry["path"],
            document=document,
            entities=[tuple(e) for e in entry.get("entities", [])],
            claims=list(entry.get("claims", [])),
            events=list(entry.get("events", [])),
        )
        for document, entry in sorted(merged.items())
    ]


def score_mentions(gold: Gold, predicted: Iterable[tuple[str, str]], *, lenient: bool = False) -> dict[str, Counts]:
    """Per entity type: predicted is an iterable of (type, mention text)."""
    predicted = list(predicted)
    result = {}
    for kind in ENTITY_TYPES:
        g = [text for t, text, _ in gold.entities if t == kind]
        p = [text for t, text in predicted if t == kind]
        result[kind] = lenient_match(g, p) if lenient else bag_match(g, p)
    return result


def score_entities(gold: Gold, predicted: Iterable[tuple[str, str]]) -> dict[str, Counts]:
    """Per entity type: the sets of canonical names (folded) in gold and predicted."""
    predicted = set(predicted)
    result = {}
    for kind in ENTITY_TYPES:
        g = {fold(canonical) for t, _, canonical in gold.entities if t == kind}
        p = {fold(name) for t, name in predicted if t == kind}
        result[kind] = bag_match(g, p)
    return result


def claim_key(predicate: str, value, low=None, high=None) -> tuple:
    return (predicate, value_key(value), value_key(low), value_key(high))


def score_claims(gold: Gold, predicted: Iterable[tuple]) -> Counts:
    """predicted: iterable of (predicate, value, low, high)."""
    g = [claim_key(c["predicate"], c.get("value"), c.get("low"), c.get("high")) for c in gold.claims]
    p = [claim_key(*c) for c in predicted]
    return bag_match(g, p)


def score_event_dates(gold: Gold, predicted: Iterable[tuple[str, str]]) -> tuple[Counts, Counts]:
    """predicted: iterable of (event type, EDTF). Returns (dates only, type + date)."""
    predicted = list(predicted)
    dates = bag_match([e["edtf"] for e in gold.events], [edtf for _, edtf in predicted])
    typed = bag_match([(e["type"], e["edtf"]) for e in gold.events], predicted)
    return dates, typed


def total(counts: Iterable[Counts]) -> Counts:
    out = Counts()
    for c in counts:
        out.add(c)
    return out
