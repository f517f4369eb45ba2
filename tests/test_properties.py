"""Property tests (hypothesis) across the pure stages: they never crash on arbitrary text and
their outputs keep their invariants."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import vocab
from archive.errors import InputRejected
from etl.claims import extract_claims
from etl.pipeline import extract
from etl.read import read_bytes

WORDS = st.sampled_from(
    "the village of Dalbeg Colonel Arman Petrosyan 2nd Battalion killed wounded displaced about over nearly "
    "as many as 1,200 12,000-15,000 twenty-five 3 April 1993 winter 1993–1994 [4] [a] according to said "
    "River Pass District Brigade Regiment Company militia captured offensive on in . , ; : \" ' ( ) – "
    "US$1 billion 77.700 km2 metres the late 1980s VIII-XIII centuries Kəlbəcər O'Brien".split()
)
PROSE = st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=60).map(" ".join)
settings.register_profile("archive", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("archive")


@settings(max_examples=300)
@given(PROSE, st.integers(min_value=0, max_value=10_000))
def test_claims_keep_their_invariants(sentence, offset):
    for claim in extract_claims(sentence, offset):
        assert claim.predicate in vocab.PREDICATES and claim.hedge in vocab.HEDGES
        assert offset <= claim.start < claim.end <= offset + len(sentence)
        if claim.low is not None and claim.high is not None:
            assert claim.low <= claim.high
        if claim.value is not None:
            assert claim.low is None or claim.low <= claim.value
            assert claim.high is None or claim.value <= claim.high
        assert claim.value is not None or claim.low is not None or claim.high is not None


@settings(max_examples=150)
@given(st.lists(PROSE, min_size=1, max_size=6).map("\n\n".join))
def test_the_whole_pipeline_never_crashes_and_keeps_offsets_exact(text):
    try:
        document = read_bytes(text.encode("utf-8"), path="generated.txt")
        result = extract(document)
    except InputRejected:
        return
    body = document.text
    for s in result.segmented.segments:
        assert body[s.start : s.end] == s.text
    for m in result.mentions:
        assert body[m.start : m.end] == m.surface and m.kind in vocab.ENTITY_KINDS
    keys = {e.key for e in result.entities}
    assert all(m.entity_key in keys for m in result.mentions)
    for d in result.event_dates:
        assert d.event_key in keys and d.statement_type in vocab.EVENT_TYPES
        assert isinstance(d.date.value.start, date) and d.date.value.start <= d.date.value.end
    for c in result.claims:
        assert c.subject_key is None or c.subject_key in keys
        assert c.parent_index is None or 0 <= c.parent_index < len(result.claims)


EDGE_DATES = st.sampled_from(
    ["the 1st century", "the 1th century CE", "1 January 1", "December 9999", "the 99th century", "9999",
     "the 1st century BC", "3 April 1993", "between 1 and 2"]
)
EVENT_SENTENCES = st.sampled_from(
    ["The town of Dalbeg was captured in {}.", "The fortress was besieged in {}.", "The offensive began in {}.",
     "Dalbeg fell on {}.", "The 2nd Battalion withdrew from Dalbeg in {}."]
)


@settings(max_examples=60)
@given(st.lists(st.tuples(EVENT_SENTENCES, EDGE_DATES), min_size=1, max_size=6))
def test_events_dated_at_the_edges_of_the_calendar_do_not_crash(statements):
    """Date arithmetic near year 1 and year 9999 (slack around an event's dates) stays in range."""
    text = "\n\n".join(sentence.format(when) for sentence, when in statements)
    result = extract(read_bytes(text.encode("utf-8"), path="edges.txt"))
    for d in result.event_dates:
        assert d.date.value.start <= d.date.value.end


@settings(max_examples=100)
@given(st.binary(max_size=2000))
def test_reading_arbitrary_bytes_accepts_or_rejects_cleanly(raw):
    try:
        document = read_bytes(raw, path="bytes.txt")
    except InputRejected as exc:
        assert str(exc)
        return
    assert "\x00" not in document.text
    assert document.media_type in vocab.MEDIA_TYPES and document.genre in vocab.GENRES
