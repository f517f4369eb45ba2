"""The archive's schema as SQLAlchemy 2.0 typed models.

The database is created and changed only by Alembic migrations (``migrations/``); these models
are what the migrations are checked against (``alembic check``) and what the code reads and
writes through. Public views for SQL clients are defined in the migrations, not here.

Layout, in words:

* ``sources``: everything a statement can come from: documents we hold (kind ``document``)
  and the works they cite (kind ``reference``, shared between documents that cite the same URL).
* ``document_versions``: every version of a document, its bytes and decoded text, never
  overwritten; exactly one version per document is current.
* ``segments`` (sentences, headings, captions... with exact character offsets), ``citations``
  (``[n]`` markers, linked to ``reference_entries`` when the document has a reference list).
* ``entities`` supertable (one key for mentions, claims and event participants) with
  ``persons``, ``units``, ``places``, ``events``; ``aliases``; ``mentions``.
* ``event_dates`` (each source's date for an event), ``event_participants``, ``event_places``;
  ``unit_commanders`` (who commanded which unit, with the sentence that says so).
* ``claims``: sourced quantitative statements; ``claim_changes`` logs what reprocessing changed.
* ``etl_runs``, ``run_documents``, ``quarantine``, ``file_states``: the job's own records.

Every derived row records the run that made it (``etl_run_id``) and the rule that made it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archive import vocab

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


intpk = Annotated[int, mapped_column(primary_key=True)]
created_at = Annotated[
    datetime, mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)
]
shortstr = Annotated[str, mapped_column(String(64))]
name = Annotated[str, mapped_column(String(400))]


def _in(column: str, values: tuple[str, ...]) -> str:
    """A CHECK expression restricting ``column`` to a vocabulary (values are our constants)."""
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def _run_fk(nullable: bool = False):
    return mapped_column(
        ForeignKey("etl_runs.run_id", ondelete="RESTRICT"), nullable=nullable, index=True
    )


# --- the job's own records --------------------------------------------------------------


class EtlRun(Base):
    """One execution of ``archive load``, ``nightly`` or ``reprocess``."""

    __tablename__ = "etl_runs"
    __table_args__ = (
        CheckConstraint(_in("command", vocab.RUN_COMMANDS), name="command"),
        CheckConstraint(_in("status", vocab.RUN_STATUSES), name="status"),
    )

    run_id: Mapped[intpk]
    command: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), server_default="running")
    started_at: Mapped[created_at]
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    code_version: Mapped[str] = mapped_column(String(64))
    hostname: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None]
    options: Mapped[str | None] = mapped_column(Text)  # JSON: the command's options
    n_documents: Mapped[int] = mapped_column(server_default="0")
    n_new: Mapped[int] = mapped_column(server_default="0")
    n_changed: Mapped[int] = mapped_column(server_default="0")
    n_unchanged: Mapped[int] = mapped_column(server_default="0")
    n_failed: Mapped[int] = mapped_column(server_default="0")
    n_skipped: Mapped[int] = mapped_column(server_default="0")
    stats: Mapped[str | None] = mapped_column(Text)  # JSON: row counts and stage timings
    message: Mapped[str | None] = mapped_column(Text)


class RunDocument(Base):
    """What one run did with one document."""

    __tablename__ = "run_documents"
    __table_args__ = (CheckConstraint(_in("outcome", vocab.DOCUMENT_OUTCOMES), name="outcome"),)

    run_document_id: Mapped[intpk]
    run_id: Mapped[int] = mapped_column(
        ForeignKey("etl_runs.run_id", ondelete="CASCADE"), index=True
    )
    path: Mapped[str | None] = mapped_column(Text)
    document_key: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_versions.version_id", ondelete="SET NULL"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    seconds: Mapped[float | None] = mapped_column(Double)
    n_segments: Mapped[int | None]
    n_citations: Mapped[int | None]
    n_mentions: Mapped[int | None]
    n_claims: Mapped[int | None]
    n_events: Mapped[int | None]


class Quarantine(Base):
    """A file that failed to load, kept out of later runs until it changes."""

    __tablename__ = "quarantine"

    quarantine_id: Mapped[intpk]
    path: Mapped[str] = mapped_column(Text, unique=True)
    document_key: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(BigInteger)
    mtime_ns: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(server_default="1")
    first_run_id: Mapped[int] = mapped_column(ForeignKey("etl_runs.run_id", ondelete="RESTRICT"))
    last_run_id: Mapped[int] = _run_fk()
    first_failed_at: Mapped[created_at]
    last_failed_at: Mapped[created_at]


class FileState(Base):
    """The size, mtime and hash of each file last seen by a load, for the cheap no-op check."""

    __tablename__ = "file_states"

    path: Mapped[str] = mapped_column(Text, primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.source_id", ondelete="SET NULL"), index=True
    )
    checked_at: Mapped[created_at]


# --- documents, their versions, sentences and citations ---------------------------------


class Source(Base):
    """A document we hold, or a work that documents cite."""

    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint(_in("kind", vocab.SOURCE_KINDS), name="kind"),
        UniqueConstraint("kind", "key"),
    )

    source_id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(16))
    # documents: the path relative to the load root, or the identifier given with --id;
    # references: the normalised URL, else the folded title.
    key: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[created_at]


class DocumentVersion(Base):
    """One version of a document: the bytes as loaded and the text every offset points into."""

    __tablename__ = "document_versions"
    __table_args__ = (
        UniqueConstraint("source_id", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("size >= 0", name="size_nonnegative"),
        CheckConstraint(_in("genre", vocab.GENRES), name="genre"),
        CheckConstraint(_in("media_type", vocab.MEDIA_TYPES), name="media_type"),
        # At most one current version per document.
        Index(
            "uq_document_versions_current",
            "source_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    version_id: Mapped[intpk]
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.source_id", ondelete="RESTRICT"), index=True
    )
    version: Mapped[int]
    is_current: Mapped[bool] = mapped_column(server_default=false())
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of the bytes as loaded
    size: Mapped[int] = mapped_column(BigInteger)
    # The bytes as loaded, kept only when they differ from text.encode("utf-8") (a BOM,
    # UTF-16, HTML markup...): the original is always recoverable, never stored twice.
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    text: Mapped[str] = mapped_column(Text)
    encoding: Mapped[str] = mapped_column(String(32))
    encoding_warning: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(32))
    genre: Mapped[str] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    origin: Mapped[str | None] = mapped_column(Text)  # the path it was loaded from
    loaded_at: Mapped[created_at]
    etl_run_id: Mapped[int] = _run_fk()
    # The run whose extraction produced the current derived rows (changes on reprocess).
    extracted_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("etl_runs.run_id", ondelete="RESTRICT")
    )


class Segment(Base):
    """A sentence, heading, caption... ``text == document_versions.text[char_start:char_end]``."""

    __tablename__ = "segments"
    __table_args__ = (
        UniqueConstraint("version_id", "seq"),
        CheckConstraint(_in("kind", vocab.SEGMENT_KINDS), name="kind"),
        CheckConstraint("char_start >= 0", name="start_nonnegative"),
        CheckConstraint("char_start < char_end", name="span_nonempty"),
    )

    segment_id: Mapped[intpk]
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.version_id", ondelete="CASCADE")
    )
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    char_start: Mapped[int]
    char_end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)  # the heading it sits under
    paragraph: Mapped[int] = mapped_column(server_default="0")
    etl_run_id: Mapped[int] = _run_fk()


class ReferenceEntry(Base):
    """One numbered entry of a document's reference list (empty entries are kept, empty)."""

    __tablename__ = "reference_entries"
    __table_args__ = (
        UniqueConstraint("version_id", "seq"),
        CheckConstraint("char_start < char_end", name="span_nonempty"),
    )

    entry_id: Mapped[intpk]
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.version_id", ondelete="CASCADE")
    )
    seq: Mapped[int]
    label: Mapped[str] = mapped_column(String(16))  # as printed: "12", "a"
    number: Mapped[int | None]  # the label as a number, when it is one
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    excerpt: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    is_empty: Mapped[bool] = mapped_column(server_default=false())
    char_start: Mapped[int]
    char_end: Mapped[int]
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.source_id", ondelete="SET NULL"), index=True
    )
    etl_run_id: Mapped[int] = _run_fk()


class Citation(Base):
    """A ``[n]`` marker and the sentence it supports; linked to its entry when there is a list."""

    __tablename__ = "citations"
    __table_args__ = (CheckConstraint("char_start < char_end", name="span_nonempty"),)

    citation_id: Mapped[intpk]
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.segment_id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(16))
    char_start: Mapped[int]
    char_end: Mapped[int]
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("reference_entries.entry_id", ondelete="SET NULL"), index=True
    )
    etl_run_id: Mapped[int] = _run_fk()


# --- entities --------------------------------------------------------------------------


class Entity(Base):
    """One key for every person, unit, place and event."""

    __tablename__ = "entities"
    __table_args__ = (
        CheckConstraint(_in("kind", vocab.ENTITY_KINDS), name="kind"),
        Index("ix_entities_kind_folded", "kind", "folded"),
    )

    entity_id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[name]  # canonical name
    folded: Mapped[str] = mapped_column(String(400))  # matching form of the canonical name
    # spelling-variant key of the name (etl.keys.match_skeleton), NULL when too short to match
    skeleton: Mapped[str | None] = mapped_column(String(400), index=True)
    created_run_id: Mapped[int | None] = _run_fk(nullable=True)
    created_at: Mapped[created_at]


class Person(Base):
    __tablename__ = "persons"

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="CASCADE"), primary_key=True
    )
    given_name: Mapped[str | None] = mapped_column(String(200))
    surname: Mapped[str | None] = mapped_column(String(200), index=True)
    title: Mapped[str | None] = mapped_column(String(200))  # the title or rank seen first
    # match keys (etl.keys.person_keys): folded surname, first word of the folded given name
    surname_folded: Mapped[str | None] = mapped_column(String(200), index=True)
    given_folded: Mapped[str | None] = mapped_column(String(200), index=True)


class Unit(Base):
    __tablename__ = "units"

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="CASCADE"), primary_key=True
    )
    side: Mapped[str | None] = mapped_column(String(200))
    formation: Mapped[str | None] = mapped_column(String(64))  # brigade, regiment, company...
    number: Mapped[int | None]
    parent_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="SET NULL")
    )


class Place(Base):
    __tablename__ = "places"
    __table_args__ = (CheckConstraint(_in("place_type", vocab.PLACE_TYPES), name="place_type"),)

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="CASCADE"), primary_key=True
    )
    place_type: Mapped[str | None] = mapped_column(String(32))


class Event(Base):
    """A dated happening. Its date here is the consensus of ``event_dates``."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_in("event_type", vocab.EVENT_TYPES), name="event_type"),
        CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR start_date <= end_date", name="date_order"
        ),
        Index("ix_events_start_date", "start_date"),
    )

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="CASCADE"), primary_key=True
    )
    event_type: Mapped[str] = mapped_column(String(32))
    edtf: Mapped[str | None] = mapped_column(String(64))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    year_inferred: Mapped[bool] = mapped_column(server_default=false())


class Alias(Base):
    """A name an entity is known by, and who attests it (a sentence, a curated file, an admin)."""

    __tablename__ = "aliases"
    __table_args__ = (
        CheckConstraint(_in("origin", vocab.ALIAS_ORIGINS), name="origin"),
        # an entity's aliases, and whether it already has a given one (not a scan of all of them)
        Index("ix_aliases_entity_id_folded", "entity_id", "folded"),
        # linking looks up (name -> entity): covering indexes, since a name every document uses
        # has one alias row per document
        Index("ix_aliases_folded_entity_id", "folded", "entity_id"),
        Index("ix_aliases_skeleton_entity_id", "skeleton", "entity_id"),
    )

    alias_id: Mapped[intpk]
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.entity_id", ondelete="CASCADE"))
    alias: Mapped[name]
    folded: Mapped[str] = mapped_column(String(400))
    skeleton: Mapped[str | None] = mapped_column(String(400))  # as entities.skeleton
    origin: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(64))
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.source_id", ondelete="SET NULL"), index=True
    )
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("segments.segment_id", ondelete="CASCADE"), index=True
    )
    attested_by: Mapped[str | None] = mapped_column(Text)  # for curated and admin aliases
    etl_run_id: Mapped[int | None] = _run_fk(nullable=True)
    created_at: Mapped[created_at]


class Mention(Base):
    """An entity named in a sentence: exact span, and the rule that recognised it."""

    __tablename__ = "mentions"
    __table_args__ = (CheckConstraint("char_start < char_end", name="span_nonempty"),)

    mention_id: Mapped[intpk]
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="CASCADE"), index=True
    )
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.segment_id", ondelete="CASCADE"), index=True
    )
    char_start: Mapped[int]
    char_end: Mapped[int]
    surface: Mapped[name]
    title: Mapped[str | None] = mapped_column(String(200))  # rank or title before a person
    rule: Mapped[str] = mapped_column(String(64))
    etl_run_id: Mapped[int] = _run_fk()


# --- events ----------------------------------------------------------------------------


class EventDate(Base):
    """One source's date for an event, with the sentence that states it."""

    __tablename__ = "event_dates"
    __table_args__ = (
        CheckConstraint(_in("date_kind", vocab.DATE_KINDS), name="date_kind"),
        CheckConstraint(_in("statement_type", vocab.EVENT_TYPES), name="statement_type"),
        CheckConstraint("start_date <= end_date", name="date_order"),
        CheckConstraint("char_start < char_end", name="span_nonempty"),
        # the writer looks for events dated near a date (etl.link: unnamed events)
        Index("ix_event_dates_start_date", "start_date"),
    )

    event_date_id: Mapped[intpk]
    event_id: Mapped[int] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="CASCADE"), index=True
    )
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.segment_id", ondelete="CASCADE"), index=True
    )
    date_kind: Mapped[str] = mapped_column(String(8))
    # What this sentence says happened on that date: the capture, the offensive's launch...
    # Sources disagree when they date the same aspect of the same event differently.
    statement_type: Mapped[str] = mapped_column(String(32))
    edtf: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    year_inferred: Mapped[bool] = mapped_column(server_default=false())
    char_start: Mapped[int]  # the date expression in the document text
    char_end: Mapped[int]
    rule: Mapped[str] = mapped_column(String(64))
    etl_run_id: Mapped[int] = _run_fk()


class EventParticipant(Base):
    __tablename__ = "event_participants"
    __table_args__ = (CheckConstraint(_in("role", vocab.PARTICIPANT_ROLES), name="role"),)

    event_participant_id: Mapped[intpk]
    event_id: Mapped[int] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="CASCADE"), index=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.segment_id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(64))
    etl_run_id: Mapped[int] = _run_fk()


class EventPlace(Base):
    __tablename__ = "event_places"

    event_place_id: Mapped[intpk]
    event_id: Mapped[int] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="CASCADE"), index=True
    )
    place_id: Mapped[int] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="CASCADE"), index=True
    )
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.segment_id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(64))
    etl_run_id: Mapped[int] = _run_fk()


class UnitCommander(Base):
    """A person stated to command (or lead) a unit, with the sentence that says so."""

    __tablename__ = "unit_commanders"

    unit_commander_id: Mapped[intpk]
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="CASCADE"), index=True
    )
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.segment_id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(64))
    etl_run_id: Mapped[int] = _run_fk()


# --- claims ----------------------------------------------------------------------------


class Claim(Base):
    """A quantitative statement: about what, which measure, how many, according to whom, where."""

    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint(_in("predicate", vocab.PREDICATES), name="predicate"),
        CheckConstraint(_in("hedge", vocab.HEDGES), name="hedge"),
        CheckConstraint(
            "value IS NOT NULL OR value_low IS NOT NULL OR value_high IS NOT NULL",
            name="has_value",
        ),
        CheckConstraint(
            "value_low IS NULL OR value_high IS NULL OR value_low <= value_high", name="low_le_high"
        ),
        CheckConstraint("value IS NULL OR value_low IS NULL OR value_low <= value", name="low_le_value"),
        CheckConstraint(
            "value IS NULL OR value_high IS NULL OR value <= value_high", name="value_le_high"
        ),
        CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR start_date <= end_date", name="date_order"
        ),
        CheckConstraint("char_start < char_end", name="span_nonempty"),
        # what v_disputed_claims compares, so that it reads this index only (migration 0007)
        Index("ix_claims_comparable", "subject_id", "predicate", "start_date", "end_date", "value", "value_low",
              "value_high", "counted", "side", "unit", "version_id", "parent_claim_id", "attributed_to"),
    )

    claim_id: Mapped[intpk]
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="SET NULL")
    )
    predicate: Mapped[str] = mapped_column(String(32))
    value: Mapped[float | None] = mapped_column(Double)
    value_low: Mapped[float | None] = mapped_column(Double)
    value_high: Mapped[float | None] = mapped_column(Double)
    unit: Mapped[str | None] = mapped_column(String(32))
    qualifier: Mapped[str | None] = mapped_column(String(400))
    # what kind the qualifier counts ("military", "civilians", "schools") and whose ("Armenia"):
    # figures of different kinds or sides are not compared (v_disputed_claims); NULL: unsaid
    counted: Mapped[str | None] = mapped_column(String(64))
    side: Mapped[str | None] = mapped_column(String(64))
    hedge: Mapped[str] = mapped_column(String(16), server_default="exact")
    attributed_to: Mapped[str | None] = mapped_column(String(400))
    attributed_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.entity_id", ondelete="SET NULL")
    )
    edtf: Mapped[str | None] = mapped_column(String(64))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    year_inferred: Mapped[bool] = mapped_column(server_default=false())
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.segment_id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.version_id", ondelete="CASCADE"), index=True
    )
    char_start: Mapped[int]  # the figure's phrase in the document text
    char_end: Mapped[int]
    parent_claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claims.claim_id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(64))
    etl_run_id: Mapped[int] = _run_fk()


class ClaimChange(Base):
    """What reprocessing a document version changed in its claims: the audit trail between runs."""

    __tablename__ = "claim_changes"
    __table_args__ = (CheckConstraint("change IN ('appeared', 'disappeared')", name="change"),)

    claim_change_id: Mapped[intpk]
    run_id: Mapped[int] = mapped_column(
        ForeignKey("etl_runs.run_id", ondelete="CASCADE"), index=True
    )
    previous_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("etl_runs.run_id", ondelete="SET NULL")
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.version_id", ondelete="CASCADE"), index=True
    )
    change: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str | None] = mapped_column(String(400))
    predicate: Mapped[str] = mapped_column(String(32))
    value: Mapped[float | None] = mapped_column(Double)
    value_low: Mapped[float | None] = mapped_column(Double)
    value_high: Mapped[float | None] = mapped_column(Double)
    qualifier: Mapped[str | None] = mapped_column(String(400))
    hedge: Mapped[str | None] = mapped_column(String(16))
    quote: Mapped[str | None] = mapped_column(Text)
