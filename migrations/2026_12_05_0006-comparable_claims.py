"""Claims say what kind they count and whose; sources disagree only on comparable figures.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 23:00:00+00:00

``v_conflicts`` used to put every two different figures of one subject and measure side by
side: 12 soldiers and 40 civilians killed, 9 schools and 43 clubs destroyed, the population of
1926 and of 1989, a shelling on one day and another a year later. Two figures now disagree
only if they can be estimates of the same thing:

- the same kind counted, where both say (``claims.counted``: "military", "civilians",
  "schools"..., from the qualifier and the curated ``etl/data/claims_nouns.tsv``);
- the same side, where both say (``claims.side``: "Armenia" for "Armenian soldiers", from
  ``etl/data/demonyms.tsv``);
- the same unit, where both say;
- dates that overlap, where both are dated;
- from two documents, or from one that says whose figures they are and names two sources
  (a document that gives two figures on its own authority states two things: "29 families
  were resettled on 20 September ... 32 families on 15 September").

A figure that does not say (no qualifier, "people", undated) is comparable with any other.
The new view ``v_disputed_claims`` lists the claims that disagree with at least one comparable
claim; ``v_conflicts`` (same columns as before) aggregates it. ``v_claims`` gains ``counted``
and ``side``. Existing claims are filled in here with the function the writer uses
(``etl.claims.compared_as``), so ``reprocess`` is not needed.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def _views_of_0002() -> dict[str, str]:
    """The view definitions frozen in revision 0002 (this revision changes two of them)."""
    path = Path(__file__).with_name("2026_11_23_0002-public_views.py")
    spec = importlib.util.spec_from_file_location("archive_migration_0002", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.VIEWS)


def _v_claims() -> str:
    body = _views_of_0002()["v_claims"]
    assert "c.qualifier,\n" in body
    return body.replace("c.qualifier,\n", "c.qualifier,\n               c.counted,\n               c.side,\n", 1)


V_DISPUTED_CLAIMS = """
    SELECT c.*
    FROM v_claims c
    WHERE c.subject_id IS NOT NULL AND c.parent_claim_id IS NULL
      AND EXISTS (
        SELECT 1
        FROM claims o
        JOIN document_versions ov ON ov.version_id = o.version_id AND ov.is_current
        WHERE o.subject_id = c.subject_id AND o.predicate = c.predicate AND o.parent_claim_id IS NULL
          AND COALESCE(o.value, (o.value_low + o.value_high) / 2.0, o.value_low, o.value_high)
              <> c.point_value
          AND (o.version_id <> c.version_id
               OR COALESCE(o.attributed_to, '') <> COALESCE(c.attributed_to, ''))
          AND (o.counted IS NULL OR c.counted IS NULL OR o.counted = c.counted)
          AND (o.side IS NULL OR c.side IS NULL OR o.side = c.side)
          AND (o.unit IS NULL OR c.unit IS NULL OR o.unit = c.unit)
          AND (o.start_date IS NULL OR c.start_date IS NULL
               OR (o.start_date <= COALESCE(c.end_date, c.start_date)
                   AND c.start_date <= COALESCE(o.end_date, o.start_date)))
      )
"""

# Same columns as revision 0002's, over the disputed claims only.
V_CONFLICTS = """
    SELECT c.subject,
           c.predicate,
           COUNT(*) AS n_claims,
           COUNT(DISTINCT c.document_id) AS n_sources,
           MIN(COALESCE(c.value_low, c.value)) AS min_value,
           MAX(COALESCE(c.value_high, c.value)) AS max_value,
           (SELECT {agg}(x.item, '; ') FROM (
                SELECT c2.figure || ' (' || c2.document
                       || COALESCE(', according to ' || c2.attributed_to, '')
                       || COALESCE(' ' || c2.citations, '') || ')' AS item,
                       c2.point_value, c2.claim_id
                FROM v_disputed_claims c2
                WHERE c2.subject_id = c.subject_id AND c2.predicate = c.predicate
                ORDER BY c2.point_value, c2.claim_id
           ) x) AS claim_values,
           c.subject_id,
           c.subject_kind,
           COUNT(DISTINCT c.point_value) AS n_values
    FROM v_disputed_claims c
    GROUP BY c.subject_id, c.subject, c.subject_kind, c.predicate
"""


def _agg() -> str:
    return "string_agg" if op.get_bind().dialect.name == "postgresql" else "group_concat"


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_conflicts")
    op.execute("DROP VIEW IF EXISTS v_claims")
    # Plain ALTER TABLE (no batch copy): SQLite's other views on this table stay valid.
    op.add_column("claims", sa.Column("counted", sa.String(length=64), nullable=True))
    op.add_column("claims", sa.Column("side", sa.String(length=64), nullable=True))
    _backfill()
    agg = _agg()
    op.execute(f"CREATE VIEW v_claims AS {_v_claims().replace('{agg}', agg)}")
    op.execute(f"CREATE VIEW v_disputed_claims AS {V_DISPUTED_CLAIMS}")
    op.execute(f"CREATE VIEW v_conflicts AS {V_CONFLICTS.replace('{agg}', agg)}")


def _backfill() -> None:
    from etl.claims import compared_as

    bind = op.get_bind()
    claims = sa.Table("claims", sa.MetaData(), autoload_with=bind)
    update = (
        sa.update(claims)
        .where(claims.c.claim_id == sa.bindparam("key"))
        .values(counted=sa.bindparam("new_counted"), side=sa.bindparam("new_side"))
    )
    rows = bind.execute(
        sa.select(claims.c.claim_id, claims.c.predicate, claims.c.qualifier).where(claims.c.qualifier.is_not(None))
    ).all()
    changes = []
    for r in rows:
        counted, side = compared_as(r.predicate, r.qualifier)
        if counted or side:
            changes.append({"key": r.claim_id, "new_counted": counted, "new_side": side})
    for start in range(0, len(changes), BATCH):
        bind.execute(update, changes[start : start + BATCH])


def downgrade() -> None:
    agg = _agg()
    old = _views_of_0002()
    op.execute("DROP VIEW IF EXISTS v_conflicts")
    op.execute("DROP VIEW IF EXISTS v_disputed_claims")
    op.execute("DROP VIEW IF EXISTS v_claims")
    # (ALTER TABLE ... DROP COLUMN: SQLite 3.35 or later, as Python 3.11 ships)
    op.drop_column("claims", "side")
    op.drop_column("claims", "counted")
    op.execute(f"CREATE VIEW v_claims AS {old['v_claims'].replace('{agg}', agg)}")
    op.execute(f"CREATE VIEW v_conflicts AS {old['v_conflicts'].replace('{agg}', agg)}")
