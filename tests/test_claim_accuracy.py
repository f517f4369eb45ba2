"""Claims extraction against the hand-written gold (tests/gold/claims, guidelines in
tests/gold/CLAIMS.md).

Every body sentence of the sample corpus and of the extra documents (tests/data/extra/) goes
through ``extract_claims``, with the citation markers and, when ``etl.dates`` is available,
the date expressions of the sentence as ``exclude`` spans (as the pipeline does). Scores are
printed per document (run with ``-s``), with the false positives and negatives, and floors
are asserted: the corpus target (F1 >= 0.90) and a regression floor for the extra documents,
which stand in for documents the rules were not written against.

Sentences come from ``etl.segment`` when it is importable and works on the document; until
then from a small splitter in this module (paragraphs, then sentence ends), which stops at
the reference list.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from etl.claims import extract_claims
from etl.evaluate import Counts, load_gold_dir, score_claims, total
from etl.types import ClaimRecord

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"

CORPUS_FLOOR = 0.90  # the target for the sample corpus (micro F1 over its documents)
EXTRA_FLOOR = 0.85  # regression floor for the extra documents: the level reached minus a margin
EXTRA_DOC_FLOOR = 0.70  # every extra document on its own

BODY_KINDS = ("sentence", "heading", "caption")

# --- sentences ---------------------------------------------------------------------------

_MARKER = re.compile(r"\[\s*(?:\d{1,4}|[a-zA-Z]{1,2})\s*\]")
_END = re.compile(r"(?<=[.!?])[\"”’)]*(?:\[\w{1,4}\])*\s+(?=[\"“(\[]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b[A-Z]|\bU\.S|\bNo|\bMr|\bMrs|\bDr|\bSt|\bvs|\be\.g|\bi\.e|\bc|\bca)\.$")
_REFERENCES = re.compile(r"^(?:References|NotesReferences|Notes|Bibliography|External links)\s*$|NotesReferences\s*$",
                         re.MULTILINE)
_NOT_BODY = re.compile(r"^(?:Last update:|Fact-checked by|By [A-Z][\w.]+ [A-Z]\w+ \w+ \d{1,2}, \d{4}|Home /)")


def _fallback_sentences(text: str) -> list[tuple[int, str]]:
    """(start, sentence) for the body text: paragraphs split at sentence ends."""
    stop = _REFERENCES.search(text)
    body_end = stop.start() if stop else len(text)
    out: list[tuple[int, str]] = []
    for para in re.finditer(r"[^\n]+", text[:body_end]):
        line = para.group()
        if not line.strip() or _NOT_BODY.match(line.strip()):
            continue
        start = para.start()
        pos = 0
        for m in _END.finditer(line):
            if _ABBREV.search(line[:m.start()]):
                continue
            out.append((start + pos, line[pos:m.start()]))
            pos = m.end()
        out.append((start + pos, line[pos:]))
    return [(s, t) for s, t in out if t.strip()]


SEGMENTERS: dict[str, str] = {}  # document -> which segmentation was used (printed)


def _sentences(path: Path) -> tuple[str, list[tuple[int, str]]]:
    """The document's text and its body sentences as (start offset, sentence)."""
    raw = path.read_bytes()
    try:  # the real reader and segmenter, once they exist and work on this document
        from etl.read import read_bytes
        from etl.segment import segment

        document = read_bytes(raw, path=str(path))
        segmented = segment(document)
        found = [(s.start, s.text) for s in segmented.segments if s.kind in BODY_KINDS]
        if found and all(document.text[s:s + len(t)] == t for s, t in found):
            SEGMENTERS[str(path)] = "etl.segment"
            return document.text, found
    except Exception:  # noqa: BLE001 - not written yet, or not working yet: use the splitter
        pass
    SEGMENTERS[str(path)] = "fallback splitter"
    text = raw.decode("utf-8-sig")
    return text, _fallback_sentences(text)


def _date_spans(sentence: str, start: int) -> list[tuple[int, int]]:
    try:
        from etl.dates import find_dates
    except Exception:  # noqa: BLE001
        return []
    try:
        return [(d.start, d.end) for d in find_dates(sentence, offset=start)]
    except Exception:  # noqa: BLE001
        return []


def document_claims(path: Path) -> list[ClaimRecord]:
    return _document_claims(path)[1]


def _document_claims(path: Path) -> tuple[str, list[ClaimRecord]]:
    text, sentences = _sentences(path)
    claims: list[ClaimRecord] = []
    for seq, (start, sentence) in enumerate(sentences):
        exclude = [(start + m.start(), start + m.end()) for m in _MARKER.finditer(sentence)]
        exclude += _date_spans(sentence, start)
        base = len(claims)
        for c in extract_claims(sentence, start, segment_seq=seq, exclude=exclude):
            if c.parent_index is not None:  # per sentence -> per document, as the pipeline does
                c = replace(c, parent_index=base + c.parent_index)
            claims.append(c)
    return text, claims


# --- scoring ------------------------------------------------------------------------------


def _score_all() -> dict[str, tuple[Counts, list[ClaimRecord], str]]:
    results = {}
    for gold in load_gold_dir(GOLD):
        if not gold.claims and not (GOLD / "claims" / gold.path.name).exists():
            continue
        path = ROOT / gold.document
        text, claims = _document_claims(path)
        counts = score_claims(gold, [(c.predicate, c.value, c.low, c.high) for c in claims])
        results[gold.document] = (counts, claims, text)
    return results


@pytest.fixture(scope="module")
def scores():
    results = _score_all()
    assert results, "no claims gold found"
    print()
    for document, (counts, claims, text) in results.items():
        print(f"{document}: {counts}  [{SEGMENTERS.get(str(ROOT / document))}]")
        for fp in counts.false_positives:
            where = [text[c.start:c.end] + f" [{c.rule}]" for c in claims
                     if (c.predicate, c.value, c.low, c.high) == fp or
                     (c.predicate == fp[0] and c.value is not None and fp[1] is not None and float(c.value) == fp[1])]
            print(f"    FP {fp} {where[:2]}")
        for fn in counts.false_negatives:
            print(f"    FN {fn}")
    return results


def _corpus(results):
    return {d: r for d, r in results.items() if d.startswith("corpus/")}


def _extra(results):
    return {d: r for d, r in results.items() if d.startswith("tests/data/extra/")}


def _others(results):
    """Documents with claims gold outside the corpus and the extra set (a held-out set added
    by others): reported, not asserted, and not used to write the rules."""
    return {d: r for d, r in results.items() if not d.startswith(("corpus/", "tests/data/extra/"))}


def test_gold_documents_present(scores):
    assert len(_corpus(scores)) == 5
    assert len(_extra(scores)) == 3


def test_corpus_f1(scores):
    counts = total(c for c, _, _ in _corpus(scores).values())
    print(f"corpus total: {counts}")
    assert counts.f1 >= CORPUS_FLOOR, counts


def test_extra_documents_f1(scores):
    extra = _extra(scores)
    counts = total(c for c, _, _ in extra.values())
    mean = sum(c.f1 for c, _, _ in extra.values()) / len(extra)
    print(f"extra total: {counts}; mean F1 over documents = {mean:.3f}")
    assert mean >= EXTRA_FLOOR, mean
    for document, (c, _, _) in extra.items():
        assert c.f1 >= EXTRA_DOC_FLOOR, (document, str(c))


def test_other_documents_reported(scores):
    others = _others(scores)
    if not others:
        pytest.skip("no other documents with claims gold")
    counts = total(c for c, _, _ in others.values())
    mean = sum(c.f1 for c, _, _ in others.values()) / len(others)
    print(f"other documents ({len(others)}): {counts}; mean F1 over documents = {mean:.3f}")


def test_claim_spans_are_exact(scores):
    """Every claim's span is inside the document and starts/ends on the figure's phrase."""
    for document, (_, claims, text) in scores.items():
        for c in claims:
            assert 0 <= c.start < c.end <= len(text), (document, c)
            phrase = text[c.start:c.end]
            assert phrase == phrase.strip() and any(ch.isdigit() or ch.isalpha() for ch in phrase), (document, phrase)
            if c.parent_index is not None:
                assert 0 <= c.parent_index < len(claims)
