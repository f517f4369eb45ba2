"""The writer: the only stage that changes the database.

One transaction per document version. Either everything a document yields (its version,
segments, citations, references, mentions, entities, events, claims, the run's record of it)
is committed, or nothing is: a crash or a failure mid-document leaves no half-loaded document.

Versions: the same bytes again change nothing (``unchanged``); different bytes for the same
document key make a new version, keep the old one (and its derived rows) and mark the new one
current. Nothing the user loaded is overwritten.

Writers are serialised: SQLite's write lock (``BEGIN IMMEDIATE``) and, on PostgreSQL,
transaction-level advisory locks: the document's own (taken first, by its key) and then the
writer lock, before anything that links to the rest of the archive. So two ``archive load`` of
the same file at once make one version, not two, and cross-document entity linking sees a
consistent archive. On PostgreSQL a document's own rows (source, version, sentences) are
written before the writer lock, in the background, while the previous document is finished
(``Writer.begin``).
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, text, union, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from archive.db import IMMEDIATE, open_connection
from archive.errors import ArchiveError
from archive.models import (
    Alias,
    Citation,
    Claim,
    ClaimChange,
    DocumentVersion,
    Entity,
    EventDate,
    EventParticipant,
    EventPlace,
    FileState,
    Mention,
    Quarantine,
    ReferenceEntry,
    RunDocument,
    Segment,
    Source,
    UnitCommander,
)
from etl.bulk import allocate_ids, insert_rows
from etl.keys import match_skeleton
from etl.link import Linker
from etl.types import Extraction, ReferenceRecord

_SEGMENTS = Segment.__table__
CURATED_ALIASES = "curated alias file (etl/data/aliases.tsv)"
# Statements built once (building a statement with .values() costs more than running it).
_INSERT_RUN_DOCUMENT = insert(RunDocument.__table__)
_DOCUMENT_SOURCE = select(Source.source_id).where(Source.kind == "document", Source.key == bindparam("key"))
_INSERT_SOURCE = insert(Source.__table__).returning(Source.__table__.c.source_id)
_DELETE_QUARANTINE = delete(Quarantine.__table__).where(Quarantine.__table__.c.path == bindparam("path"))
_INSERT_VERSION = insert(DocumentVersion.__table__).returning(DocumentVersion.__table__.c.version_id)
_UPSERT_FILE_STATE = {
    is_postgres: statement.on_conflict_do_update(
        index_elements=["path"],
        set_={k: statement.excluded[k] for k in ("size", "mtime_ns", "sha256", "source_id", "checked_at")},
    )
    for is_postgres, statement in ((True, pg_insert(FileState.__table__)), (False, sqlite_insert(FileState.__table__)))
}
_REFERENCE_SOURCES = select(Source.key, Source.source_id).where(
    Source.kind == "reference", Source.key.in_(bindparam("keys", expanding=True))
)
# PostgreSQL: cited works, in one statement of constant text (arrays, not a parameter per value).
_INSERT_REFERENCE_SOURCES = text(
    "INSERT INTO sources (kind, key, title, publisher, url, published)"
    " SELECT 'reference', s.key, s.title, s.publisher, s.url, s.published"
    " FROM unnest(CAST(:keys AS text[]), CAST(:titles AS text[]), CAST(:publishers AS text[]),"
    " CAST(:urls AS text[]), CAST(:published AS date[])) AS s(key, title, publisher, url, published)"
    " ON CONFLICT (kind, key) DO NOTHING RETURNING key, source_id"
)
_REFERENCE_SOURCES_PG = text(
    "SELECT key, source_id FROM sources WHERE kind = 'reference' AND key = ANY(CAST(:keys AS text[]))"
)
# Any constant: the advisory lock every PostgreSQL writer holds for its transaction.
WRITER_LOCK_KEY = 0x41524348  # "ARCH"
_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(:k)")
# SQLite writer connection (see Writer._transaction; measured in docs/performance.md).
WRITER_CACHE_KIB = 16 * 1024
WRITER_CHECKPOINT_PAGES = 10_000


@dataclass(frozen=True, slots=True)
class FileStat:
    """What the cheap no-op check of the nightly job compares: size and mtime of a file."""

    path: str
    size: int
    mtime_ns: int


@dataclass(slots=True)
class _Opened:
    """What the first half of loading a document wrote (Writer._open_document)."""

    seconds: float  # how long it took
    outcome: str  # new, changed, unchanged
    source_id: int
    version_id: int
    version: int
    segment_ids: dict[int, int]
    counts: dict[str, int]  # rows written


class PendingLoad:
    """A document begun by ``Writer.begin()``; ``finish()`` commits it and returns its result."""

    __slots__ = ("writer", "extraction", "key", "origin", "file_stat", "conn", "transaction", "opened")

    def __init__(self, writer: Writer, extraction: Extraction, key: str, origin: str | None, file_stat: FileStat | None):
        self.writer, self.extraction, self.key, self.origin, self.file_stat = writer, extraction, key, origin, file_stat
        self.conn: Connection | None = None
        self.transaction = None
        self.opened: Future | None = None  # the first half, running in the background

    def finish(self) -> LoadResult:
        return self.writer._finish(self)


@dataclass
class LoadResult:
    outcome: str  # new | changed | unchanged | reprocessed
    source_id: int
    version_id: int
    version: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def reference_source_key(ref: ReferenceRecord) -> str | None:
    """The identity of a cited work across documents: its URL, else its title and site."""
    from etl.names import fold

    if ref.url:
        url = ref.url.strip().rstrip("/")
        for prefix in ("https://", "http://"):
            if url.lower().startswith(prefix):
                url = url[len(prefix) :]
        return "url:" + url.lower().removeprefix("www.")
    if ref.title:
        return "title:" + fold(ref.title) + ("|" + fold(ref.publisher) if ref.publisher else "")
    return None


class Writer:
    """Writes extractions for one ETL run. Not thread-safe; one per process.

    The writer keeps one connection for the run (opening and closing an SQLite connection per
    document costs a WAL checkpoint each time) and runs one transaction per document on it;
    after a failed transaction the connection is dropped and the next one opens afresh.
    ``close()`` releases it."""

    def __init__(self, engine: Engine, run_id: int):
        self.engine = engine
        self.run_id = run_id
        self.linker = Linker()
        self.is_postgres = engine.dialect.name == "postgresql"
        self._conn: Connection | None = None
        # PostgreSQL: documents begun and not finished, the connections they used (two at most)
        # and the thread that writes a document's own rows in the background (see begin()).
        self._pending: deque[PendingLoad] = deque()
        self._idle: list[Connection] = []
        self._background: ThreadPoolExecutor | None = None

    def close(self) -> None:
        """Roll back any document begun and not finished; release the connections."""
        while self._pending:
            self._discard(self._pending.popleft())
        while self._idle:
            with contextlib.suppress(Exception):
                self._idle.pop().close()
        if self._background is not None:
            self._background.shutdown(wait=True)
            self._background = None
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()

    # -- transactions ---------------------------------------------------------------------

    def _open(self) -> Connection:
        """A connection for writing (see _transaction)."""
        conn = open_connection(self.engine).execution_options(**IMMEDIATE)
        if self.is_postgres:
            # The writer's statements touch a few index entries each, but the planner cannot
            # estimate some of them (recursive queries, lists) and its high estimates switch on
            # JIT compilation, ~50 ms per statement, more than the statement itself.
            with conn.begin():
                conn.exec_driver_sql("SET jit = off")
        else:
            # A document dirties a few hundred pages, many of them the same from one document
            # to the next (the growing end of each table and index). Checkpointing every
            # ~40 MB of WAL instead of SQLite's 4 MB copies each such page to the database
            # once per ~25 documents rather than every other one, with a tenth of the
            # fsyncs; a 16 MiB page cache (default 2 MiB) keeps the index pages that random
            # keys land on. Both bounded: the memory does not grow with the archive.
            with conn.begin():
                conn.exec_driver_sql(f"PRAGMA cache_size = -{WRITER_CACHE_KIB:d}")
                conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint = {WRITER_CHECKPOINT_PAGES:d}")
        return conn

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction (SQLite: BEGIN IMMEDIATE) on the run's connection."""
        if self._conn is None:
            self._conn = self._open()
        try:
            with self._conn.begin():
                yield self._conn
        except BaseException:
            if self._conn is not None:
                conn, self._conn = self._conn, None
                conn.close()
            raise

    def _lock_document(self, conn: Connection, key: str) -> None:
        """PostgreSQL: hold the document's own advisory lock for the transaction, so that two
        writers of the same document (two ``archive load`` of one file) make one version. Taken
        before the writer lock (``_serialise``), always in that order."""
        if self.is_postgres:
            conn.execute(_ADVISORY_LOCK, {"k": stable_hash("document\0" + key)})

    def _serialise(self, conn: Connection) -> None:
        if self.is_postgres:
            conn.execute(_ADVISORY_LOCK, {"k": WRITER_LOCK_KEY})

    # -- loading a document -----------------------------------------------------------------

    def load(
        self,
        extraction: Extraction,
        *,
        key: str,
        origin: str | None = None,
        file_stat: FileStat | None = None,
    ) -> LoadResult:
        """Load one document in one transaction (retried once if a concurrent writer won a race)."""
        return self.begin(extraction, key=key, origin=origin, file_stat=file_stat).finish()

    def begin(
        self,
        extraction: Extraction,
        *,
        key: str,
        origin: str | None = None,
        file_stat: FileStat | None = None,
    ) -> PendingLoad:
        """Start loading one document; ``finish()`` what this returns, in the order begun, to
        commit it. At most two documents are begun and not finished.

        On PostgreSQL the document's own rows (its source, its version, its sentences: nothing
        linking reads) are written at once, in the background, on a connection of their own,
        while the caller finishes the document begun before: the server inserts and indexes one
        document's sentences while the writer links the previous one and writes its derived rows.
        Each document is still one transaction. Linking starts only once the previous document is
        committed, so the archive ends the same as if the documents were loaded one after the
        other. Elsewhere (SQLite has one writer at a time) everything happens in ``finish()``."""
        if len(self._pending) >= 2:
            raise RuntimeError("finish a document before beginning a third")
        pending = PendingLoad(self, extraction, key, origin, file_stat)
        if self.is_postgres:
            conn = self._idle.pop() if self._idle else self._open()
            try:
                pending.transaction = conn.begin()
            except BaseException:
                conn.close()
                raise
            pending.conn = conn
            if self._background is None:
                self._background = ThreadPoolExecutor(1, thread_name_prefix="archive-writer")
            pending.opened = self._background.submit(self._open_document, conn, extraction, key, origin)
        self._pending.append(pending)
        return pending

    def _finish(self, pending: PendingLoad) -> LoadResult:
        if not self._pending or self._pending[0] is not pending:
            raise RuntimeError("documents are finished in the order they were begun")
        self._pending.popleft()
        if pending.opened is None:
            return self._load_alone(pending, attempts=2)
        conn = pending.conn
        try:
            opened = pending.opened.result()
            self._serialise(conn)
            result = self._complete_document(conn, opened, pending)
            pending.transaction.commit()
        except IntegrityError:
            # A concurrent writer won a race (see load()): the document again, on its own.
            self._discard(pending)
            self.linker.reset()
            return self._load_alone(pending, attempts=1)
        except BaseException:
            self._discard(pending)
            self.linker.reset()
            raise
        self._idle.append(conn)
        return result

    def _load_alone(self, pending: PendingLoad, *, attempts: int) -> LoadResult:
        for attempt in range(1, attempts + 1):
            try:
                with self._transaction() as conn:
                    opened = self._open_document(conn, pending.extraction, pending.key, pending.origin)
                    self._serialise(conn)
                    return self._complete_document(conn, opened, pending)
            except IntegrityError:
                self.linker.reset()
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _discard(self, pending: PendingLoad) -> None:
        """Roll back a document begun in the background and drop its connection."""
        conn, pending.conn = pending.conn, None
        if conn is None:
            return
        with contextlib.suppress(Exception):
            if pending.opened is not None:
                pending.opened.result()  # (wait until the background is done with the connection)
        with contextlib.suppress(Exception):
            pending.transaction.rollback()
        with contextlib.suppress(Exception):
            conn.close()

    def load_unchanged(
        self, *, key: str, origin: str | None, file_stat: FileStat | None, sha256: str
    ) -> LoadResult:
        """Record that a file's bytes equal its document's current version (nothing extracted)."""
        with self._transaction() as conn:
            started = time.perf_counter()
            current = conn.execute(
                select(DocumentVersion.source_id, DocumentVersion.version_id, DocumentVersion.version, DocumentVersion.sha256)
                .join(Source, Source.source_id == DocumentVersion.source_id)
                .where(Source.kind == "document", Source.key == key, DocumentVersion.is_current)
            ).one_or_none()
            if current is None or current.sha256 != sha256:
                raise ArchiveError(
                    f"document {key!r} changed in the archive while this run read it", hint="run again"
                )
            self._record_document(conn, "unchanged", origin, key, current.version_id, sha256, started, {})
            self._remember_file(conn, file_stat, sha256, current.source_id)
            self._release_quarantine(conn, origin)
            return LoadResult("unchanged", current.source_id, current.version_id, current.version, {}, 0.0)

    def _open_document(self, conn, extraction: Extraction, key: str, origin: str | None) -> _Opened:
        """The first half of loading a document: its source and version rows and its sentences
        (or, when its bytes are the current version's, nothing)."""
        started = time.perf_counter()
        self._lock_document(conn, key)
        doc = extraction.document
        source_id = conn.execute(_DOCUMENT_SOURCE, {"key": key}).scalar_one_or_none()
        current = last = None
        if source_id is None:  # a new document: no versions to look up
            source_id = conn.execute(_INSERT_SOURCE, {"kind": "document", "key": key}).scalar_one()
        else:
            current = conn.execute(
                select(DocumentVersion.version_id, DocumentVersion.version, DocumentVersion.sha256).where(
                    DocumentVersion.source_id == source_id, DocumentVersion.is_current
                )
            ).one_or_none()
            if current is not None and current.sha256 == doc.sha256:
                return _Opened(time.perf_counter() - started, "unchanged", source_id, current.version_id, current.version, {}, {})
            last = conn.execute(
                select(func.max(DocumentVersion.version)).where(DocumentVersion.source_id == source_id)
            ).scalar_one()
        version = (last or 0) + 1
        if current is not None:
            conn.execute(
                update(DocumentVersion)
                .where(DocumentVersion.version_id == current.version_id)
                .values(is_current=False)
            )
        raw = None if doc.raw == doc.text.encode("utf-8") else doc.raw
        version_id = conn.execute(
            _INSERT_VERSION,
            {
                "source_id": source_id,
                "version": version,
                "is_current": True,
                "sha256": doc.sha256,
                "size": len(doc.raw),
                "raw": raw,
                "text": doc.text,
                "encoding": doc.encoding,
                "encoding_warning": doc.encoding_warning,
                "media_type": doc.media_type,
                "genre": doc.genre,
                "title": doc.title,
                "author": doc.author,
                "publisher": doc.publisher,
                "published": doc.published,
                "origin": origin,
                "etl_run_id": self.run_id,
                "extracted_run_id": self.run_id,
            },
        ).scalar_one()
        segment_ids, counts = self._write_text(conn, version_id, extraction.segmented)
        outcome = "new" if current is None else "changed"
        return _Opened(time.perf_counter() - started, outcome, source_id, version_id, version, segment_ids, counts)

    def _complete_document(self, conn, opened: _Opened, pending: PendingLoad) -> LoadResult:
        """The second half: everything that links to the rest of the archive, and the run log."""
        started = time.perf_counter() - opened.seconds  # (the time waited in between is not the document's)
        key, origin, file_stat = pending.key, pending.origin, pending.file_stat
        sha256 = pending.extraction.document.sha256
        counts: dict[str, int] = {}
        if opened.outcome != "unchanged":
            counts = {
                **opened.counts,
                **self._write_derived(conn, opened.version_id, opened.source_id, pending.extraction, opened.segment_ids),
            }
        self._record_document(conn, opened.outcome, origin, key, opened.version_id, sha256, started, counts)
        self._remember_file(conn, file_stat, sha256, opened.source_id)
        self._release_quarantine(conn, origin)
        return LoadResult(
            opened.outcome, opened.source_id, opened.version_id, opened.version, counts,
            time.perf_counter() - started,
        )

    # -- reprocessing -------------------------------------------------------------------------

    def reprocess(self, version_id: int, extraction: Extraction) -> LoadResult:
        """Replace the derived rows of a version with a new extraction of its stored text.

        The claims that disappear or appear are logged in ``claim_changes`` for this run.
        """
        with self._transaction() as conn:
            started = time.perf_counter()
            key = conn.execute(
                select(Source.key)
                .join(DocumentVersion, DocumentVersion.source_id == Source.source_id)
                .where(DocumentVersion.version_id == version_id)
            ).scalar_one()
            self._lock_document(conn, key)
            self._serialise(conn)
            row = conn.execute(
                select(
                    DocumentVersion.source_id,
                    DocumentVersion.version,
                    DocumentVersion.extracted_run_id,
                    DocumentVersion.sha256,
                ).where(DocumentVersion.version_id == version_id)
            ).one()
            before = claim_fingerprints(conn, version_id)
            conn.execute(delete(Segment).where(Segment.version_id == version_id))
            conn.execute(delete(ReferenceEntry).where(ReferenceEntry.version_id == version_id))
            segment_ids, counts = self._write_text(conn, version_id, extraction.segmented)
            counts.update(self._write_derived(conn, version_id, row.source_id, extraction, segment_ids))
            after = claim_fingerprints(conn, version_id)
            self._log_claim_changes(conn, version_id, row.extracted_run_id, before, after)
            conn.execute(
                update(DocumentVersion)
                .where(DocumentVersion.version_id == version_id)
                .values(extracted_run_id=self.run_id)
            )
            collect_garbage(conn)
            self.linker.reset()
            self._record_document(conn, "reprocessed", None, key, version_id, row.sha256, started, counts)
            return LoadResult("reprocessed", row.source_id, version_id, row.version, counts, time.perf_counter() - started)

    def _log_claim_changes(self, conn, version_id, previous_run_id, before, after) -> None:
        rows = []
        for change, fingerprints, other in (("disappeared", before, after), ("appeared", after, before)):
            for fingerprint, detail in fingerprints.items():
                if fingerprint not in other:
                    rows.append(
                        {
                            "run_id": self.run_id,
                            "previous_run_id": previous_run_id,
                            "version_id": version_id,
                            "change": change,
                            **detail,
                        }
                    )
        if rows:
            conn.execute(insert(ClaimChange.__table__), rows)

    # -- derived rows -------------------------------------------------------------------------

    def _write_text(self, conn, version_id: int, seg) -> tuple[dict[int, int], dict[str, int]]:
        """A version's own rows, which no other document's linking reads: its sentences (and on
        SQLite their full-text index), its reference list and its citation markers. Returns the
        sentences' ids by seq, and counts."""
        run = self.run_id
        segments = seg.segments
        segment_ids = dict(zip((s.seq for s in segments), allocate_ids(conn, _SEGMENTS, len(segments))))
        insert_rows(
            conn,
            _SEGMENTS,
            [
                {
                    "segment_id": segment_ids[s.seq],
                    "version_id": version_id,
                    "seq": s.seq,
                    "kind": s.kind,
                    "char_start": s.start,
                    "char_end": s.end,
                    "text": s.text,
                    "section": s.section,
                    "paragraph": s.paragraph,
                    "etl_run_id": run,
                }
                for s in segments
            ],
        )
        if not self.is_postgres:
            index_segments(conn, version_id)
        counts = {"segments": len(segment_ids)}

        entry_ids = self._write_references(conn, version_id, seg.references)
        counts["references"] = len(seg.references)
        if seg.citations:
            insert_rows(
                conn,
                Citation.__table__,
                [
                    {
                        "segment_id": segment_ids[c.segment_seq],
                        "label": c.label,
                        "char_start": c.start,
                        "char_end": c.end,
                        "entry_id": entry_ids.get(c.label),
                        "etl_run_id": run,
                    }
                    for c in seg.citations
                ],
            )
        counts["citations"] = len(seg.citations)

        return segment_ids, counts

    def _write_derived(self, conn, version_id: int, source_id: int, extraction: Extraction, segment_ids) -> dict[str, int]:
        """Everything that links to the rest of the archive: entities and their aliases,
        mentions, events, relations, claims (after ``_write_text``)."""
        run = self.run_id
        counts: dict[str, int] = {}

        entity_ids = self.linker.link_all(conn, extraction, run_id=run)
        self._write_aliases(conn, extraction, entity_ids, segment_ids, source_id)
        if extraction.mentions:
            insert_rows(
                conn,
                Mention.__table__,
                [
                    {
                        "entity_id": entity_ids[m.entity_key],
                        "segment_id": segment_ids[m.segment_seq],
                        "char_start": m.start,
                        "char_end": m.end,
                        "surface": m.surface,
                        "title": m.title,
                        "rule": m.rule,
                        "etl_run_id": run,
                    }
                    for m in extraction.mentions
                ],
            )
        counts["mentions"] = len(extraction.mentions)
        counts["entities"] = len(entity_ids)

        touched_events = set()
        if extraction.event_dates:
            insert_rows(
                conn,
                EventDate.__table__,
                [
                    {
                        "event_id": entity_ids[d.event_key],
                        "segment_id": segment_ids[d.segment_seq],
                        "date_kind": d.date_kind,
                        "statement_type": d.statement_type,
                        "edtf": d.date.value.edtf,
                        "start_date": d.date.value.start,
                        "end_date": d.date.value.end,
                        "year_inferred": d.date.value.year_inferred,
                        "char_start": d.date.start,
                        "char_end": d.date.end,
                        "rule": d.rule,
                        "etl_run_id": run,
                    }
                    for d in extraction.event_dates
                ],
            )
            touched_events.update(entity_ids[d.event_key] for d in extraction.event_dates)
        if extraction.participants:
            insert_rows(
                conn,
                EventParticipant.__table__,
                [
                    {
                        "event_id": entity_ids[p.event_key],
                        "entity_id": entity_ids[p.entity_key],
                        "role": p.role,
                        "segment_id": segment_ids[p.segment_seq],
                        "rule": p.rule,
                        "etl_run_id": run,
                    }
                    for p in extraction.participants
                ],
            )
        if extraction.event_places:
            insert_rows(
                conn,
                EventPlace.__table__,
                [
                    {
                        "event_id": entity_ids[p.event_key],
                        "place_id": entity_ids[p.place_key],
                        "segment_id": segment_ids[p.segment_seq],
                        "rule": p.rule,
                        "etl_run_id": run,
                    }
                    for p in extraction.event_places
                ],
            )
        if extraction.commands:
            insert_rows(
                conn,
                UnitCommander.__table__,
                [
                    {
                        "unit_id": entity_ids[c.unit_key],
                        "person_id": entity_ids[c.person_key],
                        "segment_id": segment_ids[c.segment_seq],
                        "rule": c.rule,
                        "etl_run_id": run,
                    }
                    for c in extraction.commands
                ],
            )
        counts["commands"] = len(extraction.commands)
        counts["event_dates"] = len(extraction.event_dates)
        self.linker.update_event_dates(conn, touched_events)

        counts["claims"] = self._write_claims(conn, extraction, version_id, entity_ids, segment_ids)
        return counts

    def _write_references(self, conn, version_id: int, references) -> dict[str, int]:
        if not references:
            return {}
        keys = {r.seq: reference_source_key(r) for r in references}
        wanted = {k for k in keys.values() if k}
        source_ids = self._ensure_reference_sources(conn, wanted, references, keys)
        new_ids = allocate_ids(conn, ReferenceEntry.__table__, len(references))
        rows = [
            {
                "entry_id": entry_id,
                "version_id": version_id,
                "seq": r.seq,
                "label": r.label,
                "number": r.number,
                "title": r.title,
                "publisher": r.publisher,
                "published": r.published,
                "excerpt": r.excerpt,
                "url": r.url,
                "is_empty": r.is_empty,
                "char_start": r.start,
                "char_end": r.end,
                "source_id": source_ids.get(keys[r.seq]),
                "etl_run_id": self.run_id,
            }
            for entry_id, r in zip(new_ids, sorted(references, key=lambda r: r.seq))
        ]
        insert_rows(conn, ReferenceEntry.__table__, rows)
        entry_ids: dict[str, int] = {}
        for row in rows:  # (in seq order)
            entry_ids.setdefault(row["label"], row["entry_id"])  # the first entry with a label wins
        return entry_ids

    def _ensure_reference_sources(self, conn, wanted: set[str], references, keys) -> dict[str, int]:
        if not wanted:
            return {}
        found: dict[str, int] = {}
        wanted_list = sorted(wanted)
        if self.is_postgres:
            found.update(conn.execute(_REFERENCE_SOURCES_PG, {"keys": wanted_list}).all())
        else:
            for start in range(0, len(wanted_list), 500):
                found.update(conn.execute(_REFERENCE_SOURCES, {"keys": wanted_list[start : start + 500]}).all())
        by_key = {keys[r.seq]: r for r in references if keys[r.seq]}
        missing = [k for k in wanted_list if k not in found]
        rows = [
            {
                "kind": "reference",
                "key": k,
                "title": by_key[k].title,
                "publisher": by_key[k].publisher,
                "url": by_key[k].url,
                "published": by_key[k].published,
            }
            for k in missing
        ]
        if not rows:
            return found
        if self.is_postgres:
            # Another document in flight (see begin()) may be adding the same source: the insert
            # then waits for its transaction and skips the key, which is read once committed.
            columns = {
                name: [row[column] for row in rows]
                for name, column in (("keys", "key"), ("titles", "title"), ("publishers", "publisher"),
                                     ("urls", "url"), ("published", "published"))
            }
            found.update(conn.execute(_INSERT_REFERENCE_SOURCES, columns).all())
            late = [k for k in missing if k not in found]
            if late:
                found.update(conn.execute(_REFERENCE_SOURCES_PG, {"keys": late}).all())
            return found
        # SQLite: this writer holds the database's write lock, so none can be added meanwhile.
        new_ids = allocate_ids(conn, Source.__table__, len(rows))
        insert_rows(conn, Source.__table__, [{"source_id": i, **row} for i, row in zip(new_ids, rows)])
        found.update(zip(missing, new_ids))
        return found

    def _write_aliases(self, conn, extraction, entity_ids, segment_ids, source_id) -> None:
        """Aliases seen or declared in the document (attested by its sentence), and aliases of
        the curated alias file (attested by the file, stored once per entity)."""
        from etl.names import fold

        rows = []
        seen: set[tuple[int, str]] = set()
        for record in extraction.entities:
            entity_id = entity_ids[record.key]
            for alias in record.aliases:
                mark = (entity_id, alias.alias)
                if mark in seen or not alias.alias.strip():
                    continue
                seen.add(mark)
                curated = alias.rule.startswith(("curated", "alias-file"))
                folded = fold(alias.alias)[:400]
                if curated and self.linker.has_curated(conn, entity_id, folded):
                    continue
                rows.append(
                    {
                        "entity_id": entity_id,
                        "alias": alias.alias[:400],
                        "folded": folded,
                        "skeleton": match_skeleton(alias.alias),
                        "origin": "curated" if curated else ("declared" if alias.rule.startswith("declared") else "mention"),
                        "rule": alias.rule[:64],
                        "source_id": None if curated else source_id,
                        "segment_id": segment_ids.get(alias.segment_seq) if alias.segment_seq is not None else None,
                        "attested_by": CURATED_ALIASES if curated else None,
                        "etl_run_id": self.run_id,
                    }
                )
        insert_rows(conn, Alias.__table__, rows)

    def _write_claims(self, conn, extraction, version_id, entity_ids, segment_ids) -> int:
        claims = extraction.claims
        if not claims:
            return 0

        def row(c, parent_id=None):
            return {
                "subject_id": entity_ids.get(c.subject_key) if c.subject_key else None,
                "predicate": c.predicate,
                "value": c.value,
                "value_low": c.low,
                "value_high": c.high,
                "unit": c.unit,
                "qualifier": c.qualifier[:400] if c.qualifier else None,
                "counted": c.counted[:64] if c.counted else None,
                "side": c.side[:64] if c.side else None,
                "hedge": c.hedge,
                "attributed_to": c.attributed_to[:400] if c.attributed_to else None,
                "attributed_entity_id": entity_ids.get(c.attributed_key) if c.attributed_key else None,
                "edtf": c.date.edtf if c.date else None,
                "start_date": c.date.start if c.date else None,
                "end_date": c.date.end if c.date else None,
                "year_inferred": c.date.year_inferred if c.date else False,
                "segment_id": segment_ids[c.segment_seq],
                "version_id": version_id,
                "char_start": c.start,
                "char_end": c.end,
                "parent_claim_id": parent_id,
                "rule": c.rule[:64],
                "etl_run_id": self.run_id,
            }

        # Wholes first (a part's row refers to its whole's id), ids allocated up front.
        order = [i for i, c in enumerate(claims) if c.parent_index is None]
        order += [i for i, c in enumerate(claims) if c.parent_index is not None]
        ids = dict(zip(order, allocate_ids(conn, Claim.__table__, len(claims))))
        rows = []
        for i in order:
            c = claims[i]
            rows.append({"claim_id": ids[i], **row(c, None if c.parent_index is None else ids.get(c.parent_index))})
        insert_rows(conn, Claim.__table__, rows)
        return len(claims)

    # -- bookkeeping ----------------------------------------------------------------------------

    def _record_document(self, conn, outcome, origin, key, version_id, sha256, started, counts) -> None:
        conn.execute(
            _INSERT_RUN_DOCUMENT,
            {
                "run_id": self.run_id,
                "path": origin,
                "document_key": key,
                "version_id": version_id,
                "outcome": outcome,
                "sha256": sha256,
                "seconds": time.perf_counter() - started,
                "n_segments": counts.get("segments"),
                "n_citations": counts.get("citations"),
                "n_mentions": counts.get("mentions"),
                "n_claims": counts.get("claims"),
                "n_events": counts.get("event_dates"),
            },
        )

    def _remember_file(self, conn, file_stat: FileStat | None, sha256: str, source_id: int | None) -> None:
        if file_stat is None:
            return
        values = {
            "path": file_stat.path,
            "size": file_stat.size,
            "mtime_ns": file_stat.mtime_ns,
            "sha256": sha256,
            "source_id": source_id,
            "checked_at": _utcnow(),
        }
        conn.execute(_UPSERT_FILE_STATE[self.is_postgres], values)

    def _release_quarantine(self, conn, origin: str | None) -> None:
        if origin:
            conn.execute(_DELETE_QUARANTINE, {"path": origin})

    def record_failure(
        self,
        *,
        path: str | None,
        key: str | None,
        error: str,
        file_stat: FileStat | None = None,
        sha256: str | None = None,
        quarantine: bool = True,
    ) -> None:
        """Record a document that failed (in its own transaction) and quarantine its file."""
        with self._transaction() as conn:
            conn.execute(
                insert(RunDocument).values(
                    run_id=self.run_id, path=path, document_key=key, outcome="failed", error=error, sha256=sha256
                )
            )
            if not (quarantine and path):
                return
            existing = conn.execute(
                select(Quarantine.quarantine_id).where(Quarantine.path == path)
            ).scalar_one_or_none()
            values = {
                "document_key": key,
                "sha256": sha256,
                "size": file_stat.size if file_stat else None,
                "mtime_ns": file_stat.mtime_ns if file_stat else None,
                "error": error,
                "last_run_id": self.run_id,
                "last_failed_at": _utcnow(),
            }
            if existing is None:
                conn.execute(insert(Quarantine).values(path=path, first_run_id=self.run_id, **values))
            else:
                conn.execute(
                    update(Quarantine)
                    .where(Quarantine.quarantine_id == existing)
                    .values(failures=Quarantine.failures + 1, **values)
                )

    def record_skipped(self, *, path: str | None, key: str | None, reason: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                insert(RunDocument).values(
                    run_id=self.run_id, path=path, document_key=key, outcome="skipped", error=reason
                )
            )


def index_segments(conn: Connection, version_id: int) -> None:
    """SQLite: add a version's segments to the full-text index (``segments_fts``), in one
    statement (see migration 0005: a per-row trigger cost three times as much). PostgreSQL
    indexes its generated ``search_vector`` column by itself."""
    conn.execute(
        text("INSERT INTO segments_fts(rowid, text) SELECT segment_id, text FROM segments WHERE version_id = :v"),
        {"v": version_id},
    )


def claim_fingerprints(conn: Connection, version_id: int) -> dict[tuple, dict]:
    """The claims of a version as comparable fingerprints (independent of row ids)."""
    rows = conn.execute(
        select(
            Claim.predicate,
            Claim.value,
            Claim.value_low,
            Claim.value_high,
            Claim.qualifier,
            Claim.hedge,
            Entity.name.label("subject"),
            Segment.text.label("quote"),
        )
        .join(Segment, Segment.segment_id == Claim.segment_id)
        .outerjoin(Entity, Entity.entity_id == Claim.subject_id)
        .where(Claim.version_id == version_id)
    ).all()
    result = {}
    for r in rows:
        fingerprint = (r.subject, r.predicate, r.value, r.value_low, r.value_high, r.qualifier, r.hedge, r.quote)
        result[fingerprint] = {
            "subject": r.subject,
            "predicate": r.predicate,
            "value": r.value,
            "value_low": r.value_low,
            "value_high": r.value_high,
            "qualifier": r.qualifier,
            "hedge": r.hedge,
            "quote": r.quote,
        }
    return result


def collect_garbage(conn: Connection) -> int:
    """Delete derived entities nothing refers to any more (after reprocessing replaced rows).

    An entity stays while any mention, claim, event date, participation, event place or a
    curated/admin alias refers to it.
    """
    referenced = union(
        select(Mention.entity_id),
        select(Claim.subject_id).where(Claim.subject_id.is_not(None)),
        select(Claim.attributed_entity_id).where(Claim.attributed_entity_id.is_not(None)),
        select(EventDate.event_id),
        select(EventParticipant.event_id),
        select(EventParticipant.entity_id),
        select(EventPlace.event_id),
        select(EventPlace.place_id),
        select(UnitCommander.unit_id),
        select(UnitCommander.person_id),
        select(Alias.entity_id).where(Alias.origin.in_(("curated", "admin"))),
    )
    result = conn.execute(delete(Entity).where(Entity.entity_id.not_in(referenced)))
    return result.rowcount or 0


def stable_hash(text_value: str) -> int:
    """A signed 64-bit integer from a string (for advisory lock keys)."""
    return int.from_bytes(hashlib.sha256(text_value.encode()).digest()[:8], "big", signed=True)
