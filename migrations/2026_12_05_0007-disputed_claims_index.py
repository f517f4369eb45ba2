"""Finding disputed claims without reading every claim of a subject for each of them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 23:30:00+00:00

``v_disputed_claims`` (revision 0006) asks, for each claim, whether another claim of the same
subject and measure can be an estimate of the same thing and gives another figure. On SQLite
that read the table row of every claim of the subject and measure, for each claim: 2.4 s for
1,000 synthetic documents all about one district, ``v_conflicts`` 5.0 s (the view of revision
0002 took 0.5 s).

Three changes, with the same result:

- a covering index on the columns the comparison reads (it replaces the ``(subject_id,
  predicate)`` index, which is its prefix), so the comparison reads the index only;
- on SQLite, the date condition is split into index probes, the cheapest first: an undated
  claim against any; a dated one against those starting within its dates, then against the
  undated, and only then against those that started earlier and still run;
- ``v_conflicts`` lists the figures in the same pass as it counts them (below).

Measured on the same 1,000 documents, ``SELECT * FROM v_conflicts`` (same rows before and
after): SQLite 5.0 -> 1.3 s (``v_disputed_claims`` 2.4 -> 0.8 s); PostgreSQL 15 -> 3.0 s
(``v_disputed_claims`` 0.6 s, unchanged; most of the rest is reading each figure out of its
document's text).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMPARED = ["subject_id", "predicate", "start_date", "end_date", "value", "value_low", "value_high", "counted",
            "side", "unit", "version_id", "parent_claim_id", "attributed_to"]

# Another current, top-level claim of c's subject and measure that gives another figure and can
# be an estimate of the same thing; {dates} narrows it to one of the date probes.
PARTNER = """
        SELECT 1
        FROM claims o
        JOIN document_versions ov ON ov.version_id = o.version_id AND ov.is_current
        WHERE o.subject_id = c.subject_id AND o.predicate = c.predicate AND {dates}
          AND o.parent_claim_id IS NULL
          AND COALESCE(o.value, (o.value_low + o.value_high) / 2.0, o.value_low, o.value_high)
              <> c.point_value
          AND (o.version_id <> c.version_id
               OR COALESCE(o.attributed_to, '') <> COALESCE(c.attributed_to, ''))
          AND (o.counted IS NULL OR c.counted IS NULL OR o.counted = c.counted)
          AND (o.side IS NULL OR c.side IS NULL OR o.side = c.side)
          AND (o.unit IS NULL OR c.unit IS NULL OR o.unit = c.unit)"""

# Two claims' dates are compatible when either is undated or they overlap; split so that each
# probe is a range of the index: (c undated) or (o starts within c's dates) or (o undated) or
# (o started before c and still runs when c starts).
PROBES = [
    "c.start_date IS NULL AND EXISTS ({})".format(PARTNER.format(dates="1 = 1")),
    "c.start_date IS NOT NULL AND EXISTS ({})".format(
        PARTNER.format(dates="o.start_date BETWEEN c.start_date AND COALESCE(c.end_date, c.start_date)")),
    "EXISTS ({})".format(PARTNER.format(dates="o.start_date IS NULL")),
    "c.start_date IS NOT NULL AND EXISTS ({})".format(
        PARTNER.format(dates="o.start_date < c.start_date AND COALESCE(o.end_date, o.start_date) >= c.start_date")),
]

V_DISPUTED_CLAIMS = """
    SELECT c.*
    FROM v_claims c
    WHERE c.subject_id IS NOT NULL AND c.parent_claim_id IS NULL
      AND ({})
""".format("\n        OR ".join(f"({probe})" for probe in PROBES))


# v_conflicts (same columns as revisions 0002 and 0006) in one pass over v_disputed_claims: its
# list of figures used to be a subquery per subject and measure, which ran the comparison again
# for each (PostgreSQL: 15 s for 638 rows). The figures are listed by value, then document and
# place in it (not by claim_id alone: reprocessing one document gives its claims new ids, and
# the list must not change order for that): in an ordered aggregate on PostgreSQL; on SQLite (no
# ORDER BY in aggregates before 3.44) from a derived table ordered by the grouping columns, then
# those, which SQLite reads in that order.
_ITEM = """d.figure || ' (' || d.document || COALESCE(', according to ' || d.attributed_to, '')
                   || COALESCE(' ' || d.citations, '') || ')' AS item"""
_V_CONFLICTS = """
    SELECT c.subject,
           c.predicate,
           COUNT(*) AS n_claims,
           COUNT(DISTINCT c.document_id) AS n_sources,
           MIN(COALESCE(c.value_low, c.value)) AS min_value,
           MAX(COALESCE(c.value_high, c.value)) AS max_value,
           {claim_values} AS claim_values,
           c.subject_id,
           c.subject_kind,
           COUNT(DISTINCT c.point_value) AS n_values
    FROM (SELECT d.*, {item}
          FROM v_disputed_claims d{order}) c
    GROUP BY c.subject_id, c.subject, c.subject_kind, c.predicate
"""
V_CONFLICTS = {
    "sqlite": _V_CONFLICTS.format(
        claim_values="group_concat(c.item, '; ')", item=_ITEM,
        order="\n          ORDER BY d.subject_id, d.subject, d.subject_kind, d.predicate, d.point_value, d.document,"
              " d.char_start, d.claim_id"),
    "postgresql": _V_CONFLICTS.format(
        claim_values="string_agg(c.item, '; ' ORDER BY c.point_value, c.document, c.char_start, c.claim_id)",
        item=_ITEM, order=""),
}


def _revision(name: str):
    path = Path(__file__).with_name(name)
    spec = importlib.util.spec_from_file_location(f"archive_migration_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _views(disputed: str, conflicts: str) -> None:
    op.execute("DROP VIEW IF EXISTS v_conflicts")
    op.execute("DROP VIEW IF EXISTS v_disputed_claims")
    op.execute(f"CREATE VIEW v_disputed_claims AS {disputed}")
    op.execute(f"CREATE VIEW v_conflicts AS {conflicts}")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_index("ix_claims_comparable", "claims", COMPARED, unique=False)
    op.drop_index("ix_claims_subject_predicate", table_name="claims")
    # (PostgreSQL keeps revision 0006's single test: its planner makes it one hash join, 0.5 s
    # for those 1,000 documents, where the split one takes 7 s)
    before = _revision("2026_12_05_0006-comparable_claims.py").V_DISPUTED_CLAIMS
    _views(V_DISPUTED_CLAIMS if dialect == "sqlite" else before, V_CONFLICTS[dialect])


def downgrade() -> None:
    agg = "string_agg" if op.get_bind().dialect.name == "postgresql" else "group_concat"
    before = _revision("2026_12_05_0006-comparable_claims.py")
    op.create_index("ix_claims_subject_predicate", "claims", ["subject_id", "predicate"], unique=False)
    op.drop_index("ix_claims_comparable", table_name="claims")
    _views(before.V_DISPUTED_CLAIMS, before.V_CONFLICTS.replace("{agg}", agg))
