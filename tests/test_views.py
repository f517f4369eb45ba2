"""The public views contract (DESIGN.md): same names and at least these columns on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from archive.db import connect

CONTRACT = {
    "v_documents": "document_id title genre published publisher sha256 version is_current",
    "v_references": "document_id number title publisher published url",
    "v_persons": "person_id name aliases mentions",
    "v_units": "unit_id name aliases side mentions",
    "v_places": "place_id name aliases place_type mentions",
    "v_aliases": "entity_kind name alias",
    "v_events": "event_id name event_type edtf start_date end_date place participants documents",
    "v_claims": (
        "claim_id subject subject_kind predicate value value_low value_high unit qualifier hedge "
        "attributed_to edtf quote document citations"
    ),
    "v_conflicts": "subject predicate n_claims n_sources min_value max_value claim_values",
}


def view_columns(conn, view: str) -> list[str]:
    result = conn.execute(text(f"SELECT * FROM {view} WHERE 1 = 0"))  # names are our constants
    return list(result.keys())


@pytest.mark.parametrize("view", sorted(CONTRACT))
def test_view_has_contract_columns(engine, view):
    with connect(engine) as conn:
        columns = view_columns(conn, view)
    missing = set(CONTRACT[view].split()) - set(columns)
    assert not missing, f"{view} lacks {sorted(missing)}"


def test_views_identical_across_backends(engine, backend):
    """Record the column lists per backend; the PostgreSQL run compares against SQLite's."""
    from archive.db import make_engine
    from archive.migrate import upgrade

    with connect(engine) as conn:
        here = {v: view_columns(conn, v) for v in CONTRACT}
    if backend == "sqlite":
        return
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        sqlite = make_engine(f"sqlite:///{tmp}/ref.db")
        upgrade(sqlite)
        with connect(sqlite) as conn:
            reference = {v: view_columns(conn, v) for v in CONTRACT}
        sqlite.dispose()
    assert here == reference
