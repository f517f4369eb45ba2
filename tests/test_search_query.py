"""Translation of web-style search text into safe FTS5 expressions."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search import to_fts5


def test_words_phrases_or_and_exclusion():
    assert to_fts5("Omar Pass") == '"Omar" AND "Pass"'
    assert to_fts5('"Omar Pass" Kalbajar') == '"Omar Pass" AND "Kalbajar"'
    assert to_fts5("Kalbajar OR Kelbajar") == '("Kalbajar" OR "Kelbajar")'
    assert to_fts5("Kalbajar -Lachin") == '("Kalbajar") NOT "Lachin"'
    assert to_fts5("   ") is None
    assert to_fts5("'; DROP TABLE segments; --") == '"DROP" AND "TABLE" AND "segments"'


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_a_valid_fts5_expression(text):
    expression = to_fts5(text)
    if expression is None:
        return
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    db.execute("INSERT INTO t VALUES ('some text')")
    db.execute("SELECT * FROM t WHERE t MATCH ?", (expression,)).fetchall()  # must not raise
