"""What an archive holds, comparable across databases: every public view's rows without the
columns that legitimately differ between two equivalent loads (surrogate ids, run ids,
timestamps, file paths of temporary inboxes). Two archives with equal snapshots hold the same
documents, sentences, entities, events and claims."""

from __future__ import annotations

import shutil
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import text

from archive.db import connect, make_engine

VIEWS = (
    "v_documents", "v_references", "v_persons", "v_units", "v_places", "v_aliases", "v_mentions",
    "v_unit_commanders", "v_events", "v_event_dates", "v_claims", "v_conflicts", "v_date_conflicts",
)
VOLATILE = {
    "document_id", "version_id", "reference_id", "cited_source_id", "person_id", "unit_id", "place_id",
    "entity_id", "event_id", "claim_id", "subject_id", "attributed_entity_id", "parent_claim_id",
    "parent_unit_id", "segment_id", "mention_id", "source_id", "etl_run_id", "extracted_run_id",
    "loaded_at", "origin",
}
TABLES = (
    "sources", "document_versions", "segments", "citations", "reference_entries", "entities", "persons",
    "units", "places", "events", "aliases", "mentions", "event_dates", "event_participants",
    "event_places", "unit_commanders", "claims", "file_states", "quarantine",
)


def _plain(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool):
        return int(value)
    return value if value is None or isinstance(value, (int, float, str)) else str(value)


def snapshot(url: str) -> dict[str, Counter]:
    engine = make_engine(url)
    result: dict[str, Counter] = {}
    with connect(engine) as conn:
        for view in VIEWS:
            rows = conn.execute(text(f"SELECT * FROM {view}"))  # our own constant names
            keep = [i for i, c in enumerate(rows.keys()) if c not in VOLATILE]
            result[view] = Counter(tuple(_plain(r[i]) for i in keep) for r in rows)
    engine.dispose()
    return result


def table_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with connect(engine) as conn:
        counts = {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES}
    engine.dispose()
    return counts


def table_rows(url: str) -> dict[str, list]:
    """Every row of every content table, ids included (for 'changes no row' checks)."""
    engine = make_engine(url)
    result = {}
    with connect(engine) as conn:
        for table in TABLES:
            result[table] = sorted(map(tuple, conn.execute(text(f"SELECT * FROM {table}"))), key=repr)
    engine.dispose()
    return result


def scalar(url: str, sql: str):
    """One value from a query (a fresh engine, as another client would see it)."""
    engine = make_engine(url)
    with connect(engine) as conn:
        value = conn.execute(text(sql)).scalar_one()
    engine.dispose()
    return value


def inbox_of_copies(corpus_dir: Path, inbox: Path, copies: int) -> Path:
    """The sample corpus plus `copies` altered copies of each document (a longer run to kill)."""
    shutil.copytree(corpus_dir, inbox)
    for i in range(copies):
        for doc in sorted(corpus_dir.glob("*.txt")):
            (inbox / f"copy{i}_{doc.name}").write_text(doc.read_text(encoding="utf-8") + f"\nCopy {i}.\n",
                                                       encoding="utf-8")
    return inbox


def wait_for_versions(url: str, count: int, timeout: float = 120) -> None:
    """Wait until a run in another process has committed `count` document versions."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if scalar(url, "SELECT COUNT(*) FROM document_versions") >= count:
                return
        except Exception:  # noqa: BLE001 - the schema may not exist yet
            pass
        time.sleep(0.05)
