"""The documentation's SQL runs: every ```sql block of docs/sql-clients.md on both backends
(```sql sqlite / ```sql postgresql blocks on their own backend), against the loaded corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from archive.db import connect, make_engine

DOC = Path(__file__).resolve().parent.parent / "docs" / "sql-clients.md"
BLOCKS = re.findall(r"```sql( sqlite| postgresql)?\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_there_are_ten_questions_and_every_view_is_documented():
    assert len([b for b in BLOCKS if not b[0]]) >= 12
    doc = DOC.read_text(encoding="utf-8")
    for view in ("v_documents", "v_references", "v_persons", "v_units", "v_places", "v_aliases", "v_events",
                 "v_claims", "v_conflicts", "v_mentions", "v_unit_commanders", "v_event_dates", "v_date_conflicts",
                 "v_disputed_claims"):
        assert f"| `{view}` |" in doc, view


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_documented_query_runs(loaded_url, backend, index):
    dialect, sql = BLOCKS[index]
    if dialect and dialect.strip() != backend:
        pytest.skip(f"a {dialect.strip()} example")
    engine = make_engine(loaded_url)
    with connect(engine) as conn:
        rows = conn.execute(text(sql.strip().rstrip(";"))).all()
    engine.dispose()
    if "Omar" in sql or "Kalbajar" in sql or "killed" in sql:
        assert rows, sql
