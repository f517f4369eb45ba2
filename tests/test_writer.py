"""The writer's two halves (Writer.begin / finish): on PostgreSQL a document's sentences are
written in the background while the document before it is linked and committed. Whatever the
overlap, the archive must end as if the documents had been loaded one after the other, a
failed document must leave nothing, and two writers of one document must make one version."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from archive.db import make_engine
from etl.load import Writer
from etl.pipeline import extract
from etl.read import read_path
from etl.runs import RunCounts, RunStats, finish_run, start_run
from snapshot import scalar, snapshot, table_counts


@pytest.fixture(scope="module")
def extractions(corpus_dir) -> list:
    return [(path.name, extract(read_path(str(path)))) for path in sorted(corpus_dir.glob("*.txt"))]


def writer_for(url: str) -> tuple[Writer, object]:
    engine = make_engine(url)
    return Writer(engine, start_run(engine, "load", {})), engine


def done(writer: Writer, engine) -> None:
    writer.close()
    finish_run(engine, writer.run_id, RunCounts(), RunStats())
    engine.dispose()


def test_overlapped_loads_equal_loads_one_after_the_other(db_url, second_db_url, extractions):
    writer, engine = writer_for(db_url)
    pending = None
    for key, extraction in extractions:
        begun = writer.begin(extraction, key=key)
        if pending is not None:
            assert pending.finish().outcome == "new"
        pending = begun
    assert pending.finish().outcome == "new"
    done(writer, engine)

    other = second_db_url
    writer, engine = writer_for(other)
    for key, extraction in extractions:
        writer.load(extraction, key=key)
    done(writer, engine)
    assert table_counts(db_url) == table_counts(other)
    assert snapshot(db_url) == snapshot(other)
    assert scalar(db_url, "SELECT COUNT(*) FROM v_claims") > 100


def test_a_failed_document_leaves_nothing_and_the_next_one_loads(db_url, extractions, monkeypatch):
    (bad_key, bad), (good_key, good) = extractions[0], extractions[3]
    writer, engine = writer_for(db_url)
    original = Writer._write_derived

    def failing(self, conn, version_id, source_id, extraction, segment_ids):
        if extraction is bad:
            # a real database error, after the document's sentences are written
            conn.execute(text("SELECT no_such_function()"))
        return original(self, conn, version_id, source_id, extraction, segment_ids)

    monkeypatch.setattr(Writer, "_write_derived", failing)
    first = writer.begin(bad, key=bad_key)
    second = writer.begin(good, key=good_key)
    with pytest.raises(Exception):
        first.finish()
    assert second.finish().outcome == "new"
    done(writer, engine)
    assert scalar(db_url, "SELECT MIN(key) FROM sources WHERE kind = 'document'") == good_key
    assert scalar(db_url, "SELECT COUNT(*) FROM document_versions") == 1
    assert scalar(db_url, "SELECT COUNT(DISTINCT version_id) FROM segments") == 1
    assert scalar(db_url, "SELECT COUNT(*) FROM run_documents WHERE outcome = 'new'") == 1


def test_close_rolls_back_documents_begun_and_not_finished(db_url, extractions):
    writer, engine = writer_for(db_url)
    (key_1, first), (key_2, second), (key_3, third) = extractions[:3]
    writer.begin(first, key=key_1)
    writer.begin(second, key=key_2)
    with pytest.raises(RuntimeError):
        writer.begin(third, key=key_3)  # two at most
    done(writer, engine)
    assert scalar(db_url, "SELECT COUNT(*) FROM document_versions") == 0
    assert scalar(db_url, "SELECT COUNT(*) FROM segments") == 0
    assert scalar(db_url, "SELECT COUNT(*) FROM sources") == 0


def test_two_writers_of_one_document_make_one_version(db_url, extractions, backend):
    key, extraction = extractions[2]
    first, first_engine = writer_for(db_url)
    second, second_engine = writer_for(db_url)
    pending = first.begin(extraction, key=key)
    if pending.opened is not None:
        pending.opened.result()  # the first writer has written the version, not committed it
    results = []
    racer = threading.Thread(target=lambda: results.append(second.load(extraction, key=key)))
    racer.start()
    if backend == "postgresql":
        time.sleep(0.5)
        assert racer.is_alive(), "the second writer must wait for the first one's document"
    outcome = pending.finish().outcome
    racer.join(60)
    assert not racer.is_alive()
    assert sorted([outcome, results[0].outcome]) == ["new", "unchanged"]
    done(first, first_engine)
    done(second, second_engine)
    assert scalar(db_url, "SELECT COUNT(*) FROM document_versions") == 1


def test_a_reprocess_and_a_new_version_of_one_document_at_once(db_url, extractions, corpus_dir):
    """The load has written the new version (and marked the old one not current) and waits for
    the writer lock; the reprocess of the old version must wait for the load, not take the
    writer lock and then wait for the old version's row (a deadlock)."""
    from etl.read import read_bytes

    key, extraction = extractions[1]
    changed = extract(read_bytes((corpus_dir / key).read_bytes() + b"\nA paragraph added later.\n", path=key))
    loader, loader_engine = writer_for(db_url)
    loader.load(extraction, key=key)
    old_version = scalar(db_url, "SELECT MIN(version_id) FROM document_versions")
    reprocessor, reprocessor_engine = writer_for(db_url)
    pending = loader.begin(changed, key=key)
    if pending.opened is not None:
        pending.opened.result()
    results, errors = [], []

    def reprocess():
        try:
            results.append(reprocessor.reprocess(old_version, extraction))
        except Exception as exc:  # reported below
            errors.append(exc)

    racer = threading.Thread(target=reprocess)
    racer.start()
    time.sleep(0.5)
    outcome = pending.finish().outcome
    racer.join(60)
    assert not errors, errors
    assert (outcome, results[0].outcome) == ("changed", "reprocessed")
    done(loader, loader_engine)
    done(reprocessor, reprocessor_engine)
    assert scalar(db_url, "SELECT COUNT(*) FROM document_versions WHERE is_current") == 1
    assert scalar(db_url, "SELECT COUNT(*) FROM document_versions") == 2


def test_two_documents_in_flight_citing_the_same_new_sources(db_url, extractions, monkeypatch):
    """The second document's sentences and references are written while the first, which added
    the same new cited sources, is not committed yet: one source row per cited work, both
    documents' references pointing at it, and no document loaded twice over."""
    key, extraction = max(extractions, key=lambda item: len(item[1].segmented.references))
    writer, engine = writer_for(db_url)
    if writer.is_postgres:  # (elsewhere every document is loaded alone)
        monkeypatch.setattr(Writer, "_load_alone", lambda *a, **k: pytest.fail("a document was retried"))
    first = writer.begin(extraction, key=key)
    second = writer.begin(extraction, key="copy of " + key)
    assert (first.finish().outcome, second.finish().outcome) == ("new", "new")
    done(writer, engine)
    cited = scalar(db_url, "SELECT COUNT(DISTINCT source_id) FROM reference_entries")
    assert cited > 20
    assert scalar(db_url, "SELECT COUNT(*) FROM sources WHERE kind = 'reference'") == cited
    assert scalar(
        db_url,
        "SELECT COUNT(*) FROM reference_entries a JOIN reference_entries b ON a.seq = b.seq "
        "AND a.version_id < b.version_id WHERE a.source_id IS NOT NULL AND a.source_id = b.source_id",
    ) == scalar(db_url, "SELECT COUNT(*) FROM reference_entries WHERE source_id IS NOT NULL") / 2
