"""Crash safety: SIGKILL at random points of multi-document runs, then a normal run.

Seeded, so a failure can be replayed: ARCHIVE_CRASH_SEED picks another sequence. Each backend
gets KILLS kills (24 over the suite), at random delays that land in start-up, migration (the
first SQLite run migrates a new file), extraction and writing. The delays scale with a calibration
run on the same machine, and the inbox is topped up before each attempt so there is always work
for the kill to interrupt. After every kill:

* no partial document: each version has the run record and exactly the segments its own
  transaction wrote;
* no duplicate rows: one version per document (the files never change), one current;
* no stale lock: the next run starts (exit code is never 4).

Finally a normal run completes and the archive equals one built by a single clean run.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from archive.db import connect, make_engine
from archive.errors import EXIT_LOCKED, EXIT_OK
from snapshot import snapshot

KILLS = 12
SEED = int(os.environ.get("ARCHIVE_CRASH_SEED", "1993"))


def nightly(url: str, inbox, jobs: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "archive.cli", "nightly", "--inbox", str(inbox), "--jobs", str(jobs), "--quiet"],
        env={**os.environ, "ARCHIVE_DATABASE_URL": url}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def check_invariants(url: str) -> int:
    engine = make_engine(url)
    try:
        with connect(engine) as conn:
            tables = {r[0] for r in conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'table'" if engine.dialect.name == "sqlite"
                else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))}
            if "document_versions" not in tables:
                return 0  # killed before the first migration committed: nothing there, nothing partial
            partial = conn.execute(text(
                "SELECT v.version_id FROM document_versions v "
                "LEFT JOIN run_documents rd ON rd.version_id = v.version_id AND rd.outcome IN ('new', 'changed') "
                "WHERE rd.run_document_id IS NULL OR rd.n_segments <> "
                "(SELECT COUNT(*) FROM segments s WHERE s.version_id = v.version_id)")).all()
            assert partial == [], f"half-loaded versions: {partial}"
            duplicated = conn.execute(text(
                "SELECT source_id FROM document_versions GROUP BY source_id "
                "HAVING COUNT(*) > 1 OR SUM(CASE WHEN is_current THEN 1 ELSE 0 END) <> 1")).all()
            assert duplicated == [], f"documents with several versions: {duplicated}"
            sources = conn.execute(text("SELECT COUNT(*) FROM sources WHERE kind = 'document'")).scalar_one()
            versions = conn.execute(text("SELECT COUNT(*) FROM document_versions")).scalar_one()
            assert sources == versions, "a document without its version"
            return versions
    finally:
        engine.dispose()


def add_copies(corpus_dir, inbox, first: int, count: int) -> int:
    """Write ``count`` more documents into the inbox, copies of the sample corpus each with its own
    appendix (so each is a distinct document); returns the next free copy number."""
    docs = sorted(corpus_dir.glob("*.txt"))
    for n in range(first, first + count):
        doc = docs[n % len(docs)]
        (inbox / f"copy{n:03d}_{doc.name}").write_text(
            doc.read_text(encoding="utf-8") + f"\nAppendix {n}: a copy for the crash test.\n", encoding="utf-8")
    return first + count


@pytest.mark.slow
def test_random_sigkills_then_a_normal_run(backend, tmp_path, corpus_dir, pg_server):
    rng = random.Random(f"{SEED}-{backend}")
    inbox = tmp_path / "inbox"
    shutil.copytree(corpus_dir, inbox)
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'crash.db'}"  # a new file: the first run migrates it
        clean = f"sqlite:///{tmp_path / 'clean.db'}"
        scratch = f"sqlite:///{tmp_path / 'scratch.db'}"
    else:
        url, clean, scratch = (pg_server.url_for(pg_server.create(template=pg_server.migrated_template()))
                               for _ in range(3))

    # Calibrate the kill window on this machine: the time a run takes to load BACKLOG documents
    # (start-up and migration included) with the faster --jobs 2. Before every attempt the inbox is
    # topped up to at least BACKLOG documents not loaded yet, so a delay drawn below that time
    # lands while the run is working, on a fast machine as on a slow one.
    backlog = 20
    copies = add_copies(corpus_dir, inbox, 0, backlog - len(list(inbox.glob("*.txt"))))
    started = time.monotonic()
    calibration = nightly(scratch, inbox, jobs=2)
    _, err = calibration.communicate(timeout=600)
    assert calibration.returncode == EXIT_OK, err[-2000:]
    window = time.monotonic() - started

    landed = loaded = 0
    for attempt in range(KILLS):
        unloaded = len(list(inbox.glob("*.txt"))) - loaded
        copies = add_copies(corpus_dir, inbox, copies, max(0, backlog - unloaded))
        process = nightly(url, inbox, jobs=1 + attempt % 2)
        time.sleep(rng.uniform(0.1, 0.85) * window)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            landed += 1
        else:
            window *= 0.7  # the calibration run was slower than runs are now (a busy machine then)
        process.wait(timeout=60)
        assert process.returncode != EXIT_LOCKED, "a killed run left a lock behind"
        loaded = check_invariants(url)
    assert landed >= KILLS * 2 // 3, f"only {landed} of {KILLS} kills landed during a run"

    final = nightly(url, inbox, jobs=2)
    out, err = final.communicate(timeout=600)
    assert final.returncode == EXIT_OK, err[-2000:]
    assert check_invariants(url) == len(list(inbox.glob("*.txt")))
    reference = nightly(clean, inbox, jobs=1)
    _, err = reference.communicate(timeout=600)
    assert reference.returncode == EXIT_OK, err[-2000:]
    assert snapshot(url) == snapshot(clean)
