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
