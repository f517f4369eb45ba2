"""Full-text search over segments: FTS5 on SQLite, tsvector + GIN on PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 08:10:00+00:00

Kept in step with `segments` by the database itself (triggers on SQLite, a generated column
on PostgreSQL), so no loader can forget it. Both stem English words ("passes" finds "pass").
These objects are not in the models; alembic/env.py leaves them out of `alembic check`.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE segments_fts USING fts5(
           text, content='segments', content_rowid='segment_id',
           tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN
           INSERT INTO segments_fts(rowid, text) VALUES (new.segment_id, new.text);
       END""",
    """CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN
           INSERT INTO segments_fts(segments_fts, rowid, text)
           VALUES ('delete', old.segment_id, old.text);
       END""",
    """CREATE TRIGGER segments_fts_update AFTER UPDATE OF text ON segments BEGIN
           INSERT INTO segments_fts(segments_fts, rowid, text)
           VALUES ('delete', old.segment_id, old.text);
           INSERT INTO segments_fts(rowid, text) VALUES (new.segment_id, new.text);
       END""",
    "INSERT INTO segments_fts(segments_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS segments_fts_update",
    "DROP TRIGGER IF EXISTS segments_fts_delete",
    "DROP TRIGGER IF EXISTS segments_fts_insert",
    "DROP TABLE IF EXISTS segments_fts",
]
POSTGRES_UP = [
    """ALTER TABLE segments ADD COLUMN search_vector tsvector
           GENERATED ALWAYS AS (to_tsvector('english', text)) STORED""",
    "CREATE INDEX ix_segments_search_vector ON segments USING gin (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_segments_search_vector",
    "ALTER TABLE segments DROP COLUMN IF EXISTS search_vector",
]


def _statements(up: bool) -> list[str]:
    if op.get_bind().dialect.name == "postgresql":
        return POSTGRES_UP if up else POSTGRES_DOWN
    return SQLITE_UP if up else SQLITE_DOWN


def upgrade() -> None:
    for statement in _statements(up=True):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(up=False):
        op.execute(statement)
