"""Shared helpers for the accuracy tests and bench/score.py: run the pure pipeline over the
gold documents and collect what it found, in the shapes etl.evaluate compares."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from etl.evaluate import Gold, load_gold_dir
from etl.types import Extraction

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = PROJECT_ROOT / "tests" / "gold"


GROUPS = {
    "corpus": "corpus/",  # the sample corpus: the rules were written against it
    "extra": "tests/data/extra/",  # written to test generalisation, then used to fix bugs
    "holdout": "tests/data/holdout/",  # annotated independently; never used to tune the rules
}


def group_of(gold: Gold) -> str:
    return next(name for name, prefix in GROUPS.items() if gold.document.startswith(prefix))


def gold_documents(group: str | None = None) -> list[Gold]:
    """Gold per document, of one group (corpus, extra, holdout) or all."""
    documents = load_gold_dir(GOLD_DIR)
    return [g for g in documents if group is None or group_of(g) == group]


@lru_cache(maxsize=None)
def extraction(document: str) -> Extraction:
    from etl.pipeline import extract
    from etl.read import read_path

    return extract(read_path(PROJECT_ROOT / document))


def predicted_events(document: str) -> list[tuple[str, str]]:
    """(statement type, EDTF) of every dated event statement (the statement's own type: the
    event it joins may be of another type of its family)."""
    return [(d.statement_type, d.date.value.edtf) for d in extraction(document).event_dates]


def predicted_claims(document: str) -> list[tuple]:
    return [(c.predicate, c.value, c.low, c.high) for c in extraction(document).claims]


def predicted_mentions(document: str) -> list[tuple[str, str]]:
    return [(m.kind, m.surface) for m in extraction(document).mentions]


def predicted_entities(document: str) -> list[tuple[str, str]]:
    ex = extraction(document)
    mentioned = {m.entity_key for m in ex.mentions}
    return [(e.kind, e.name) for e in ex.entities if e.key in mentioned]
