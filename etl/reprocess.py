"""Reprocessing: run the current extraction rules over the archived text again.

No source files are needed: the text every offset points into is in ``document_versions``.
For each current version (or the ones asked for), its derived rows (segments, citations,
references, mentions, event dates, claims...) are replaced in one transaction, rows record the
new run, entities nothing refers to any more are removed, and the claims that appeared or
disappeared are logged in ``claim_changes`` (report: ``archive report run claim_changes``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, select

from archive.db import connect
from archive.errors import ArchiveError
from archive.models import DocumentVersion, Source
from etl.job import DocumentReport, JobSummary, admin_aliases, ordered_map, _WORKER_STATE
from etl.limits import ExtractionTimeout, time_limit
from etl.load import Writer
from etl.runs import RunCounts, RunStats, finish_run, start_run
from etl.types import ReadDocument

log = logging.getLogger("archive.etl")


@dataclass(frozen=True)
class Item:
    version_id: int
    key: str
    document: ReadDocument


def select_versions(engine: Engine, documents: Iterable[str] = ()) -> list[tuple[int, str]]:
    """(version_id, document key) of the current versions to reprocess: all, or the documents
    named by key or numeric document id."""
    wanted = list(documents)
    with connect(engine) as conn:
        query = (
            select(DocumentVersion.version_id, Source.key, Source.source_id)
            .join(Source, Source.source_id == DocumentVersion.source_id)
            .where(DocumentVersion.is_current)
            .order_by(Source.key)
        )
        rows = conn.execute(query).all()
    if not wanted:
        return [(r.version_id, r.key) for r in rows]
    chosen, missing = [], []
    for name in wanted:
        match = [r for r in rows if r.key == name or str(r.source_id) == name]
        if not match:
            missing.append(name)
        chosen.extend((r.version_id, r.key) for r in match)
    if missing:
        raise ArchiveError(f"no document with key or id {', '.join(map(repr, missing))}",
                           hint="see: archive report run source_coverage, or SELECT * FROM v_documents")
    return chosen


def _load_item(engine: Engine, version_id: int, key: str) -> Item:
    with connect(engine) as conn:
        v = conn.execute(
            select(*DocumentVersion.__table__.columns).where(DocumentVersion.version_id == version_id)
        ).one()
        document = ReadDocument(
            raw=v.raw if v.raw is not None else v.text.encode("utf-8"),
            sha256=v.sha256,
            text=v.text,
            encoding=v.encoding,
            encoding_warning=v.encoding_warning,
            media_type=v.media_type,
            genre=v.genre,
            title=v.title,
            author=v.author,
            publisher=v.publisher,
            published=v.published,
            path=v.origin,
        )
    return Item(version_id, key, document)


def _extract(item: Item):
    from etl.pipeline import extract

    started = time.perf_counter()
    try:
        with time_limit():
            extraction = extract(item.document, extra_aliases=_WORKER_STATE.get("extra_aliases", ()))
        return item, extraction, None, time.perf_counter() - started
    except ExtractionTimeout as exc:
        return item, None, str(exc), time.perf_counter() - started
    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the run
        return item, None, f"{type(exc).__name__}: {exc}", time.perf_counter() - started


def _lost(item, reason: str) -> tuple:
    return item, None, reason, 0.0


def reprocess(
    engine: Engine,
    versions: list[tuple[int, str]],
    *,
    jobs: int = 1,
    on_document: Callable[[DocumentReport], None] = lambda report: None,
) -> JobSummary:
    started = time.perf_counter()
    run_id = start_run(engine, "reprocess", {"documents": len(versions), "jobs": jobs})
    writer = Writer(engine, run_id)
    counts, stats, failures = RunCounts(), RunStats(), []
    items = (_load_item(engine, version_id, key) for version_id, key in versions)
    try:
        for item, extraction, error, seconds in ordered_map(
            _extract, items, jobs, (admin_aliases(engine), {}), _lost
        ):
            if error is not None:
                writer.record_failure(path=None, key=item.key, error=error, quarantine=False)
                report = DocumentReport(item.key, item.key, "failed", error=error)
            else:
                result = writer.reprocess(item.version_id, extraction)
                stats.add_rows(result.counts)
                stats.add_seconds({"extract_total": seconds, "write": result.seconds})
                report = DocumentReport(item.key, item.key, "reprocessed", result.version, counts=result.counts)
            counts.record(report.outcome)
            if report.outcome == "failed":
                failures.append(report)
            on_document(report)
    except BaseException:
        writer.close()
        finish_run(engine, run_id, counts, stats, status="interrupted", message="stopped before the end")
        raise
    writer.close()
    status = finish_run(engine, run_id, counts, stats)
    return JobSummary(run_id, status, counts, stats, failures, time.perf_counter() - started, engine)
