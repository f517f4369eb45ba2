"""Concurrency: readers during a load, and two loads of the same file at once."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import text

from archive.db import connect, make_engine
from archive.reports import get_report, run_report
from archive.search import search
from snapshot import inbox_of_copies

CONSISTENCY = text(
    "SELECT COUNT(*) FROM document_versions v "
    "LEFT JOIN run_documents rd ON rd.version_id = v.version_id AND rd.outcome IN ('new', 'changed') "
    "WHERE rd.run_document_id IS NULL "
    "OR rd.n_segments <> (SELECT COUNT(*) FROM segments s WHERE s.version_id = v.version_id) "
    "OR rd.n_claims <> (SELECT COUNT(*) FROM claims c WHERE c.version_id = v.version_id)"
)


def load(url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "archive.cli", "load", *args, "--quiet"],
        env={**os.environ, "ARCHIVE_DATABASE_URL": url}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.mark.slow
def test_readers_never_see_a_half_loaded_document(db_url, tmp_path, corpus_dir):
    inbox = inbox_of_copies(corpus_dir, tmp_path / "inbox", 5)
    engine = make_engine(db_url)
    writer = load(db_url, str(inbox), "--jobs", "2")
    checks, seen_versions = 0, set()
    conflicts = get_report("conflicts")
    try:
        while writer.poll() is None:
            with connect(engine) as conn:
                assert conn.execute(CONSISTENCY).scalar_one() == 0, "a reader saw a half-loaded document"
                seen_versions.add(conn.execute(text("SELECT COUNT(*) FROM document_versions")).scalar_one())
            run_report(engine, conflicts, {})
            search(engine, "Kalbajar", limit=5)
            checks += 1
        assert writer.returncode == 0, writer.stderr.read()
    finally:
        if writer.poll() is None:
            writer.kill()
        engine.dispose()
    assert checks >= 5 and len(seen_versions) >= 3, (checks, seen_versions)


@pytest.mark.slow
def test_two_loads_of_the_same_file_at_once_make_one_version(db_url, tmp_path, corpus_dir):
    document = tmp_path / "report.txt"
    source = (corpus_dir / "003_5d65ebbd65e26610.txt").read_text(encoding="utf-8")
    for round_ in range(3):
        document.write_text(source + f"\nRevision {round_}.\n", encoding="utf-8")
        first, second = load(db_url, str(document), "--jobs", "1"), load(db_url, str(document), "--jobs", "1")
        for process in (first, second):
            process.wait(timeout=300)
            assert process.returncode == 0, process.stderr.read()
        engine = make_engine(db_url)
        with connect(engine) as conn:
            versions = conn.execute(text("SELECT COUNT(*) FROM document_versions")).scalar_one()
            current = conn.execute(text("SELECT COUNT(*) FROM document_versions WHERE is_current")).scalar_one()
        engine.dispose()
        assert (versions, current) == (round_ + 1, 1)
