"""Full-text search on the loaded sample corpus, both backends."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from archive.cli import main
from archive.db import make_engine
from archive.search import search
from snapshot import table_counts


def run(url, *args):
    return CliRunner().invoke(main, ["--db", url, *args], catch_exceptions=False)


def test_search_finds_omar_pass(loaded_url):
    result = run(loaded_url, "search", "Omar Pass", "--format", "json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert len(hits) >= 3
    assert all("[" in h["snippet"] and "]" in h["snippet"] for h in hits)
    assert {h["document"] for h in hits} >= {"Operation Kalbajar", "Battle of Kalbajar"}
    text = run(loaded_url, "search", "Omar Pass")
    assert "[Omar]" in text.output and "[Pass]" in text.output


def test_search_stems_phrases_or_and_exclusion(loaded_url):
    engine = make_engine(loaded_url)
    assert search(engine, "passes", limit=50)  # stemming: "passes" finds "pass"
    phrase = search(engine, '"Murov Mountains"', limit=50)
    either = search(engine, "Yevlakh OR Dashkasan", limit=50)
    without = search(engine, "Yevlakh -Ganja", limit=50)
    assert phrase and either and without
    assert len(either) >= len(search(engine, "Yevlakh", limit=50))
    assert all("Ganja" not in h.snippet for h in without)
    assert search(engine, "   ") == []
    engine.dispose()


@pytest.mark.parametrize(
    "query",
    ["'; DROP TABLE segments; --", 'Omar" OR 1=1 --', "NEAR(", "*", "\"", "a AND", "(Omar", "Omar:Pass", "\\",
     "NOT", "^Omar", "Omar & | Pass", "!!", "'"],
)
def test_hostile_search_text_is_harmless(loaded_url, query):
    before = table_counts(loaded_url)
    result = run(loaded_url, "search", query)
    assert result.exit_code == 0, result.output
    raw = run(loaded_url, "search", "--raw", query)
    assert raw.exit_code in (0, 1), raw.output
    if raw.exit_code == 1:
        assert "cannot parse the search expression" in raw.output
    assert "Traceback" not in result.output + raw.output
    assert table_counts(loaded_url) == before


def test_sqlite_search_index_in_step_after_load_new_version_and_reprocess(sqlite_db_url, corpus_dir, tmp_path):
    """The writer (not a trigger) indexes new segments: the FTS5 index must hold exactly the
    archived sentences after loads, a new version and a reprocess (FTS5's integrity-check
    compares the index with its content table and raises on any difference)."""
    import shutil

    from sqlalchemy import text

    inbox = tmp_path / "inbox"
    shutil.copytree(corpus_dir, inbox)
    assert run(sqlite_db_url, "load", str(inbox), "--jobs", "1", "--quiet").exit_code == 0
    changed = sorted(inbox.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA quokka sentence added later.\n", encoding="utf-8")
    assert run(sqlite_db_url, "load", str(inbox), "--jobs", "1", "--quiet").exit_code == 0
    assert run(sqlite_db_url, "reprocess", "--all", "--jobs", "1", "--quiet").exit_code == 0
    engine = make_engine(sqlite_db_url)
    with engine.connect() as conn:
        conn.exec_driver_sql("INSERT INTO segments_fts(segments_fts, rank) VALUES ('integrity-check', 1)")
        indexed = conn.execute(text("SELECT count(*) FROM segments_fts")).scalar_one()
        segments = conn.execute(text("SELECT count(*) FROM segments")).scalar_one()
        triggers = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars().all()
    assert indexed == segments > 0
    assert "segments_fts_insert" not in triggers  # (migration 0005)
    assert [h.snippet for h in search(engine, "quokka")]
    engine.dispose()
