"""The records that flow between pipeline stages: plain frozen dataclasses, no database.

Every stage before ``load`` is a pure function from text to these records, so stages can be
tested without a database and run in worker processes (records pickle cheaply).

Offsets: every ``start``/``end`` is a character offset into ``ReadDocument.text`` (the stored
text), end-exclusive, so ``text[start:end]`` is the exact span. Never into a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# --- read ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadDocument:
    """A file decoded into the text the archive stores, with what the text says about itself."""

    raw: bytes  # the bytes as given
    sha256: str  # hex digest of ``raw``
    text: str  # decoded (HTML: converted to text); every offset points into this
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1252", ...
    encoding_warning: str | None  # set when decoding needed a fallback or replaced characters
    media_type: str  # archive.vocab.MEDIA_TYPES
    genre: str  # archive.vocab.GENRES
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: date | None = None
    path: str | None = None  # where it was read from, for messages


# --- segment ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    seq: int  # 0-based order in the document
    kind: str  # archive.vocab.SEGMENT_KINDS
    start: int
    end: int
    text: str  # == document.text[start:end]
    section: str | None = None  # the heading this segment sits under
    paragraph: int = 0  # 0-based paragraph (block separated by blank lines / newlines)


@dataclass(frozen=True, slots=True)
class CitationMarker:
    """A ``[n]``/``[a]`` marker and the segment (sentence) it supports."""

    segment_seq: int
    label: str  # "10", "a" (without brackets)
    start: int  # span of the marker including brackets
    end: int


@dataclass(frozen=True, slots=True)
class ReferenceRecord:
    """One entry of a document's numbered reference list."""

    seq: int
    label: str  # "1", "a"
    number: int | None
    start: int  # span of the whole entry in the text
    end: int
    title: str | None = None
    publisher: str | None = None  # site or publisher
    published: date | None = None
    excerpt: str | None = None
    url: str | None = None
    is_empty: bool = False


@dataclass(frozen=True, slots=True)
class Segmented:
    segments: tuple[SegmentRecord, ...]
    citations: tuple[CitationMarker, ...] = ()
    references: tuple[ReferenceRecord, ...] = ()


# --- dates -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateValue:
    """A normalised date: EDTF plus the indexable first and last day it can mean."""

    edtf: str
    start: date
    end: date
    year_inferred: bool = False  # the year came from the narrative, not the expression
    precision: str = "day"  # day | month | season | year | decade | century | range


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # span of the date expression in the document text
    end: int
    text: str
    value: DateValue
    rule: str


# --- entities --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """A person, unit, place or event named in a segment."""

    segment_seq: int
    start: int  # the name itself: no title/rank before it, no possessive 's after it
    end: int
    surface: str  # == document.text[start:end]
    kind: str  # person | unit | place | event
    rule: str  # which cue recognised it, e.g. "person.title", "place.village_of"
    entity_key: str  # the document-local entity this mention resolves to (see EntityRecord)
    title: str | None = None  # persons: the title or rank before the name ("Colonel")
    resolution: str | None = None  # how it was resolved, e.g. "surname-in-scope"


@dataclass(frozen=True, slots=True)
class AliasRecord:
    alias: str
    rule: str  # "mention", "declared.known_as", "curated", ...
    segment_seq: int | None = None  # the sentence that attests it, if any


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """A document-local entity: all mentions with the same ``key`` are the same thing.

    Cross-document resolution (to the archive's canonical entities) happens in the writer.
    """

    key: str  # unique within the document, e.g. "person:3"
    kind: str  # person | unit | place | event
    name: str  # canonical name within the document ("Monte Melkonian", "Kalbajar")
    aliases: tuple[AliasRecord, ...] = ()
    # persons
    given_name: str | None = None
    surname: str | None = None
    title: str | None = None
    # units
    side: str | None = None  # a country name ("Azerbaijan"), from a demonym in the text
    formation: str | None = None  # "brigade", "regiment", "company"...
    number: int | None = None
    parent_key: str | None = None
    # places
    place_type: str | None = None  # archive.vocab.PLACE_TYPES
    # events
    event_type: str | None = None


# --- events and claims -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventDateRecord:
    """One dated statement of an event in a segment."""

    event_key: str  # an EntityRecord of kind "event"
    segment_seq: int
    date: DateMention
    date_kind: str  # "span" | "point"
    rule: str
    statement_type: str = "other"  # what the sentence says happened then (archive.vocab.EVENT_TYPES)


@dataclass(frozen=True, slots=True)
class ParticipantRecord:
    event_key: str
    entity_key: str
    role: str  # archive.vocab.PARTICIPANT_ROLES
    segment_seq: int
    rule: str


@dataclass(frozen=True, slots=True)
class EventPlaceRecord:
    event_key: str
    place_key: str
    segment_seq: int
    rule: str


@dataclass(frozen=True, slots=True)
class CommandRecord:
    """A person stated to command or lead a unit."""

    unit_key: str
    person_key: str
    segment_seq: int
    rule: str


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """A quantitative statement found in a segment."""

    segment_seq: int
    start: int  # the figure's phrase ("as many as 15,000") in the document text
    end: int
    predicate: str  # archive.vocab.PREDICATES
    value: float | None
    low: float | None = None
    high: float | None = None
    unit: str | None = None  # "persons", "km2", "m", "USD", or what is counted
    qualifier: str | None = None  # what exactly is counted: "Azerbaijani servicemen"
    counted: str | None = None  # ... compared as: "military", "civilians", "schools" (None: anything)
    side: str | None = None  # ... whose, from a demonym in it: "Azerbaijan" (None: unsaid or several)
    hedge: str = "exact"  # archive.vocab.HEDGES
    attributed_to: str | None = None  # who says so, as the text names them
    attributed_key: str | None = None  # ... resolved to a person/entity key when possible
    subject_key: str | None = None  # the entity or event the claim is about
    date: DateValue | None = None
    parent_index: int | None = None  # index (in Extraction.claims) of the whole it is part of
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the pure stages found in one document: what ``load`` writes."""

    document: ReadDocument
    segmented: Segmented
    entities: tuple[EntityRecord, ...] = ()
    mentions: tuple[MentionRecord, ...] = ()
    event_dates: tuple[EventDateRecord, ...] = ()
    participants: tuple[ParticipantRecord, ...] = ()
    event_places: tuple[EventPlaceRecord, ...] = ()
    commands: tuple[CommandRecord, ...] = ()
    claims: tuple[ClaimRecord, ...] = ()
    timings: dict[str, float] = field(default_factory=dict, compare=False)


# --- pickling ----------------------------------------------------------------------------
# Workers send every Extraction to the writer process by pickle. The default pickling of a
# slots dataclass restores each object through ``dataclasses.fields()`` and one setattr per
# field; rebuilding from the field values in order (``cls(*values)``) is the same object at
# about a third of the cost, and the writer's process is the one that pays it.


def _fast_reduce(cls: type) -> None:
    import operator
    from dataclasses import fields

    names = [f.name for f in fields(cls)]
    if len(names) == 1:
        single = operator.attrgetter(names[0])

        def values(self):
            return (single(self),)
    else:
        values = operator.attrgetter(*names)

    def __reduce__(self):
        return (cls, values(self))

    cls.__reduce__ = __reduce__


for _cls in (ReadDocument, SegmentRecord, CitationMarker, ReferenceRecord, Segmented, DateValue, DateMention,
             MentionRecord, AliasRecord, EntityRecord, EventDateRecord, ParticipantRecord, EventPlaceRecord,
             CommandRecord, ClaimRecord, Extraction):
    _fast_reduce(_cls)
del _cls
