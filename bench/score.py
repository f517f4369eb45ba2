"""Extraction accuracy: precision / recall / F1 against the gold annotations in tests/gold.

    python bench/score.py [--group corpus|extra|holdout] [--details]

Runs the whole pure pipeline (etl.pipeline.extract: read, segment, recognise, dates, events,
claims) over every gold document and prints, per group and per document:

* entity mentions per type (person, unit, place, event): strict (exact text) and lenient
  (containment) bag matching, and entity-level matching of canonical names;
* claims: (predicate, value, low, high);
* event dates: EDTF of each dated event statement, and (statement type, EDTF).

Groups: "corpus" (the sample corpus: the rules were written against it), "extra" (written to
test generalisation, then used to fix bugs), "holdout" (annotated independently, never used to
tune the rules). It also times recognition alone. See docs/extraction.md for recorded figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from accuracy import GROUPS, gold_documents, predicted_claims, predicted_entities  # noqa: E402
from accuracy import predicted_events, predicted_mentions  # noqa: E402

from etl.evaluate import ENTITY_TYPES, score_claims, score_entities, score_event_dates, score_mentions, total  # noqa: E402


def line(label: str, counts) -> str:
    return f"{label:<38} P={counts.precision:.3f} R={counts.recall:.3f} F1={counts.f1:.3f}  (tp={counts.tp} fp={counts.fp} fn={counts.fn})"


def report(group: str, details: bool) -> None:
    docs = gold_documents(group)
    if not docs:
        return
    print(f"\n=== {group}: {len(docs)} documents ===")
    for kind in ENTITY_TYPES:
        strict = [score_mentions(g, predicted_mentions(g.document))[kind] for g in docs]
        lenient = [score_mentions(g, predicted_mentions(g.document), lenient=True)[kind] for g in docs]
        entity = [score_entities(g, predicted_entities(g.document))[kind] for g in docs]
        print(line(f"{kind} mentions (strict)", total(strict)))
        print(line(f"{kind} mentions (lenient)", total(lenient)))
        print(line(f"{kind} entities (canonical names)", total(entity)))
        if details:
            t = total(strict)
            print(f"      missed: {t.false_negatives[:40]}\n      spurious: {t.false_positives[:40]}")
    claims = [score_claims(g, predicted_claims(g.document)) for g in docs]
    print(line("claims (predicate + value)", total(claims)))
    if details:
        t = total(claims)
        print(f"      missed: {t.false_negatives}\n      spurious: {t.false_positives}")
    events = [score_event_dates(g, predicted_events(g.document)) for g in docs]
    print(line("event dates (EDTF)", total(e[0] for e in events)))
    print(line("event dates (type + EDTF)", total(e[1] for e in events)))
    print("  per document (F1): persons / places / units / claims / event dates")
    for g, c, e in zip(docs, claims, events):
        m = score_mentions(g, predicted_mentions(g.document))
        print(f"    {g.document:<45} {m['person'].f1:.2f} / {m['place'].f1:.2f} / {m['unit'].f1:.2f} / "
              f"{c.f1:.2f} / {e[0].f1:.2f}")


def recognition_throughput() -> None:
    from etl.read import read_path
    from etl.recognise import recognise
    from etl.segment import segment

    documents = [read_path(p) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    prepared = [(d.text, segment(d).segments) for d in documents]
    size = sum(len(d.raw) for d in documents)
    recognise(*prepared[0])  # warm the lexicon
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for text, segments in prepared:
            recognise(text, segments)
        best = min(best, time.perf_counter() - started)
    print(f"\nrecognition alone: {size / 1e6 / best:.2f} MB/s ({size / 1e3:.0f} kB of corpus, best of 5, one core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", choices=sorted(GROUPS), action="append")
    parser.add_argument("--details", action="store_true", help="list missed and spurious items")
    args = parser.parse_args()
    for group in args.group or list(GROUPS):
        report(group, args.details)
    recognition_throughput()


if __name__ == "__main__":
    main()
