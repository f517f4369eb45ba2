"""Public views: the read contract for SQL clients (same names and columns on both backends).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 08:00:00+00:00

Lists (aliases, participants, documents, citations, claim values) are text joined with "; ".
Only current document versions feed these views, except v_documents, which lists every version.
The SQL is kept here, frozen with the revision, rather than imported from the application.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# {agg} is the only dialect difference: group_concat (SQLite) or string_agg (PostgreSQL).
# Lists are aggregated over an ordered, de-duplicated derived table, which both backends honour.

CURRENT_SEGMENTS = """
    SELECT sg.segment_id, sg.version_id, sg.text, sg.char_start, sg.char_end, dv.source_id
    FROM segments sg JOIN document_versions dv ON dv.version_id = sg.version_id
    WHERE dv.is_current
"""

VIEWS: list[tuple[str, str]] = [
    (
        "v_documents",
        """
        SELECT s.source_id AS document_id,
               dv.version_id,
               s.key AS document_key,
               dv.version,
               dv.is_current,
               dv.title,
               dv.genre,
               dv.published,
               dv.publisher,
               dv.author,
               dv.sha256,
               dv.size,
               dv.encoding,
               dv.encoding_warning,
               dv.media_type,
               dv.origin,
               dv.loaded_at,
               dv.etl_run_id,
               dv.extracted_run_id
        FROM document_versions dv
        JOIN sources s ON s.source_id = dv.source_id
        """,
    ),
    (
        "v_references",
        """
        SELECT dv.source_id AS document_id,
               re.entry_id AS reference_id,
               re.version_id,
               re.number,
               re.label,
               re.title,
               re.publisher,
               re.published,
               re.url,
               re.excerpt,
               re.is_empty,
               re.source_id AS cited_source_id,
               (SELECT COUNT(*) FROM citations ci WHERE ci.entry_id = re.entry_id) AS n_citations
        FROM reference_entries re
        JOIN document_versions dv ON dv.version_id = re.version_id
        WHERE dv.is_current
        """,
    ),
    (
        # One row per entity and alias it is known by, with who attests it. Aliases attested by
        # a sentence count only while that sentence belongs to a current version.
        "v_aliases",
        """
        SELECT e.kind AS entity_kind,
               e.entity_id,
               e.name,
               a.alias,
               a.origin,
               a.rule,
               COALESCE(dv.title, s.title, s.key, a.attested_by) AS attested_by,
               s.source_id AS source_id
        FROM aliases a
        JOIN entities e ON e.entity_id = a.entity_id
        LEFT JOIN sources s ON s.source_id = a.source_id
        LEFT JOIN segments sg ON sg.segment_id = a.segment_id
        LEFT JOIN document_versions dv ON dv.version_id = sg.version_id
        WHERE a.segment_id IS NULL OR dv.is_current
        """,
    ),
    (
        "v_entity_mentions",
        """
        SELECT mn.entity_id,
               COUNT(*) AS mentions,
               COUNT(DISTINCT cs.source_id) AS documents
        FROM mentions mn
        JOIN (""" + CURRENT_SEGMENTS + """) cs ON cs.segment_id = mn.segment_id
        GROUP BY mn.entity_id
        """,
    ),
    (
        # Every mention of an entity in a current document: what was recognised, where, by which rule.
        "v_mentions",
        """
        SELECT mn.mention_id,
               e.entity_id,
               e.kind AS entity_kind,
               e.name,
               mn.surface,
               mn.title,
               dv.source_id AS document_id,
               COALESCE(dv.title, s.key) AS document,
               sg.segment_id,
               sg.text AS quote,
               mn.char_start,
               mn.char_end,
               mn.rule,
               mn.etl_run_id
        FROM mentions mn
        JOIN entities e ON e.entity_id = mn.entity_id
        JOIN segments sg ON sg.segment_id = mn.segment_id
        JOIN document_versions dv ON dv.version_id = sg.version_id AND dv.is_current
        JOIN sources s ON s.source_id = dv.source_id
        """,
    ),
    (
        # Who commanded which unit, according to which sentence.
        "v_unit_commanders",
        """
        SELECT uc.unit_id,
               ue.name AS unit,
               u.side,
               uc.person_id,
               pe.name AS commander,
               dv.source_id AS document_id,
               COALESCE(dv.title, s.key) AS document,
               sg.text AS quote,
               uc.rule,
               uc.etl_run_id
        FROM unit_commanders uc
        JOIN entities ue ON ue.entity_id = uc.unit_id
        JOIN units u ON u.entity_id = uc.unit_id
        JOIN entities pe ON pe.entity_id = uc.person_id
        JOIN segments sg ON sg.segment_id = uc.segment_id
        JOIN document_versions dv ON dv.version_id = sg.version_id AND dv.is_current
        JOIN sources s ON s.source_id = dv.source_id
        """,
    ),
    (
        "v_persons",
        """
        SELECT e.entity_id AS person_id,
               e.name,
               (SELECT {agg}(x.alias, '; ') FROM (
                    SELECT DISTINCT va.alias FROM v_aliases va
                    WHERE va.entity_id = e.entity_id AND va.alias <> e.name ORDER BY va.alias
               ) x) AS aliases,
               COALESCE(m.mentions, 0) AS mentions,
               COALESCE(m.documents, 0) AS documents,
               p.given_name,
               p.surname,
               p.title,
               (SELECT {agg}(x.unit, '; ') FROM (
                    SELECT DISTINCT uc.unit FROM v_unit_commanders uc
                    WHERE uc.person_id = e.entity_id ORDER BY uc.unit
               ) x) AS units_commanded,
               (SELECT {agg}(x.item, '; ') FROM (
                    SELECT DISTINCT ev.name || ' (' || pa.role || ')' AS item
                    FROM event_participants pa
                    JOIN entities ev ON ev.entity_id = pa.event_id
                    JOIN (""" + CURRENT_SEGMENTS + """) cs ON cs.segment_id = pa.segment_id
                    WHERE pa.entity_id = e.entity_id ORDER BY item
               ) x) AS events
        FROM entities e
        JOIN persons p ON p.entity_id = e.entity_id
        LEFT JOIN v_entity_mentions m ON m.entity_id = e.entity_id
        WHERE m.mentions > 0 OR NOT EXISTS (SELECT 1 FROM mentions x WHERE x.entity_id = e.entity_id)
        """,
    ),
    (
        "v_units",
        """
        SELECT e.entity_id AS unit_id,
               e.name,
               (SELECT {agg}(x.alias, '; ') FROM (
                    SELECT DISTINCT va.alias FROM v_aliases va
                    WHERE va.entity_id = e.entity_id AND va.alias <> e.name ORDER BY va.alias
               ) x) AS aliases,
               u.side,
               COALESCE(m.mentions, 0) AS mentions,
               COALESCE(m.documents, 0) AS documents,
               u.formation,
               u.number,
               u.parent_unit_id,
               pe.name AS parent_unit,
               (SELECT {agg}(x.commander, '; ') FROM (
                    SELECT DISTINCT uc.commander FROM v_unit_commanders uc
                    WHERE uc.unit_id = e.entity_id ORDER BY uc.commander
               ) x) AS commanders,
               (SELECT {agg}(x.name, '; ') FROM (
                    SELECT DISTINCT ev.name FROM event_participants pa
                    JOIN entities ev ON ev.entity_id = pa.event_id
                    JOIN (""" + CURRENT_SEGMENTS + """) cs ON cs.segment_id = pa.segment_id
                    WHERE pa.entity_id = e.entity_id ORDER BY ev.name
               ) x) AS events
        FROM entities e
        JOIN units u ON u.entity_id = e.entity_id
        LEFT JOIN entities pe ON pe.entity_id = u.parent_unit_id
        LEFT JOIN v_entity_mentions m ON m.entity_id = e.entity_id
        WHERE m.mentions > 0 OR NOT EXISTS (SELECT 1 FROM mentions x WHERE x.entity_id = e.entity_id)
        """,
    ),
    (
        "v_places",
        """
        SELECT e.entity_id AS place_id,
               e.name,
               (SELECT {agg}(x.alias, '; ') FROM (
                    SELECT DISTINCT va.alias FROM v_aliases va
                    WHERE va.entity_id = e.entity_id AND va.alias <> e.name ORDER BY va.alias
               ) x) AS aliases,
               pl.place_type,
               COALESCE(m.mentions, 0) AS mentions,
               COALESCE(m.documents, 0) AS documents,
               (SELECT {agg}(x.item, '; ') FROM (
                    SELECT DISTINCT va.alias || ' (' || COALESCE(va.attested_by, va.origin) || ')' AS item
                    FROM v_aliases va
                    WHERE va.entity_id = e.entity_id AND va.alias <> e.name ORDER BY item
               ) x) AS aliases_attested,
               (SELECT {agg}(x.name, '; ') FROM (
                    SELECT DISTINCT ev.name FROM event_places ep
                    JOIN entities ev ON ev.entity_id = ep.event_id
                    JOIN (""" + CURRENT_SEGMENTS + """) cs ON cs.segment_id = ep.segment_id
                    WHERE ep.place_id = e.entity_id ORDER BY ev.name
               ) x) AS events,
               (SELECT COUNT(*) FROM claims c
                JOIN document_versions dv ON dv.version_id = c.version_id AND dv.is_current
                WHERE c.subject_id = e.entity_id) AS n_claims
        FROM entities e
        JOIN places pl ON pl.entity_id = e.entity_id
        LEFT JOIN v_entity_mentions m ON m.entity_id = e.entity_id
        WHERE m.mentions > 0 OR NOT EXISTS (SELECT 1 FROM mentions x WHERE x.entity_id = e.entity_id)
        """,
    ),
    (
        # Each source's date for each event: the sentence, the document, the date as written.
        "v_event_dates",
        """
        SELECT ed.event_id,
               e.name AS event,
               ev.event_type,
               ed.date_kind,
               ed.statement_type,
               ed.edtf,
               ed.start_date,
               ed.end_date,
               ed.year_inferred,
               dv.source_id AS document_id,
               COALESCE(dv.title, s.key) AS document,
               ed.segment_id,
               sg.text AS quote,
               substr(dv.text, ed.char_start + 1, ed.char_end - ed.char_start) AS date_text,
               (SELECT {agg}(x.label, '; ') FROM (
                    SELECT '[' || ci.label || ']' AS label FROM citations ci
                    WHERE ci.segment_id = ed.segment_id ORDER BY ci.char_start
               ) x) AS citations,
               ed.rule,
               ed.etl_run_id
        FROM event_dates ed
        JOIN entities e ON e.entity_id = ed.event_id
        JOIN events ev ON ev.entity_id = ed.event_id
        JOIN segments sg ON sg.segment_id = ed.segment_id
        JOIN document_versions dv ON dv.version_id = sg.version_id AND dv.is_current
        JOIN sources s ON s.source_id = dv.source_id
        """,
    ),
    (
        "v_events",
        """
        SELECT e.entity_id AS event_id,
               e.name,
               ev.event_type,
               ev.edtf,
               ev.start_date,
               ev.end_date,
               (SELECT {agg}(x.name, '; ') FROM (
                    SELECT DISTINCT pe.name FROM event_places ep
                    JOIN entities pe ON pe.entity_id = ep.place_id
                    JOIN (""" + CURRENT_SEGMENTS + """) cs ON cs.segment_id = ep.segment_id
                    WHERE ep.event_id = e.entity_id ORDER BY pe.name
               ) x) AS place,
               (SELECT {agg}(x.item, '; ') FROM (
                    SELECT DISTINCT pe.name || ' (' || pa.role || ')' AS item
                    FROM event_participants pa
                    JOIN entities pe ON pe.entity_id = pa.entity_id
                    JOIN (""" + CURRENT_SEGMENTS + """) cs ON cs.segment_id = pa.segment_id
                    WHERE pa.event_id = e.entity_id ORDER BY item
               ) x) AS participants,
               (SELECT {agg}(x.document, '; ') FROM (
                    SELECT DISTINCT vd.document FROM v_event_dates vd
                    WHERE vd.event_id = e.entity_id ORDER BY vd.document
               ) x) AS documents,
               ev.year_inferred,
               (SELECT COUNT(DISTINCT vd.document_id) FROM v_event_dates vd
                WHERE vd.event_id = e.entity_id) AS n_sources
        FROM entities e
        JOIN events ev ON ev.entity_id = e.entity_id
        WHERE EXISTS (SELECT 1 FROM v_event_dates vd WHERE vd.event_id = e.entity_id)
        """,
    ),
    (
        "v_claims",
        """
        SELECT c.claim_id,
               se.name AS subject,
               se.kind AS subject_kind,
               c.predicate,
               c.value,
               c.value_low,
               c.value_high,
               c.unit,
               c.qualifier,
               c.hedge,
               c.attributed_to,
               c.edtf,
               sg.text AS quote,
               COALESCE(dv.title, s.key) AS document,
               (SELECT {agg}(x.label, '; ') FROM (
                    SELECT '[' || ci.label || ']' AS label FROM citations ci
                    WHERE ci.segment_id = c.segment_id ORDER BY ci.char_start
               ) x) AS citations,
               (SELECT {agg}(x.ref, '; ') FROM (
                    SELECT DISTINCT '[' || re.label || '] ' || COALESCE(re.title, '(empty entry)') AS ref,
                           re.seq
                    FROM citations ci JOIN reference_entries re ON re.entry_id = ci.entry_id
                    WHERE ci.segment_id = c.segment_id ORDER BY re.seq
               ) x) AS cited_references,
               substr(dv.text, c.char_start + 1, c.char_end - c.char_start) AS figure,
               COALESCE(c.value, (c.value_low + c.value_high) / 2.0, c.value_low, c.value_high)
                   AS point_value,
               c.subject_id,
               c.start_date,
               c.end_date,
               c.year_inferred,
               c.attributed_entity_id,
               c.parent_claim_id,
               dv.source_id AS document_id,
               c.version_id,
               c.segment_id,
               c.char_start,
               c.char_end,
               c.rule,
               c.etl_run_id
        FROM claims c
        JOIN segments sg ON sg.segment_id = c.segment_id
        JOIN document_versions dv ON dv.version_id = c.version_id AND dv.is_current
        JOIN sources s ON s.source_id = dv.source_id
        LEFT JOIN entities se ON se.entity_id = c.subject_id
        """,
    ),
    (
        # Subject + predicate groups whose sources give more than one value. Parts of a
        # composition ("511, comprising 381 servicemen and 130 civilians") are not compared
        # with their whole.
        "v_conflicts",
        """
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
                    FROM v_claims c2
                    WHERE c2.subject_id = c.subject_id AND c2.predicate = c.predicate
                      AND c2.parent_claim_id IS NULL
                    ORDER BY c2.point_value, c2.claim_id
               ) x) AS claim_values,
               c.subject_id,
               c.subject_kind,
               COUNT(DISTINCT c.point_value) AS n_values
        FROM v_claims c
        WHERE c.subject_id IS NOT NULL AND c.parent_claim_id IS NULL
        GROUP BY c.subject_id, c.subject, c.subject_kind, c.predicate
        HAVING COUNT(DISTINCT c.point_value) > 1
        """,
    ),
    (
        # Events whose sources disagree on the date of the same aspect (the day the town fell,
        # the span of the battle): two dates of the same kind and statement type, from
        # different documents, that do not overlap.
        "v_date_conflicts",
        """
        SELECT d.event,
               d.event_type,
               d.statement_type,
               d.date_kind,
               COUNT(DISTINCT d.document_id) AS n_sources,
               COUNT(DISTINCT d.edtf) AS n_dates,
               MIN(d.start_date) AS min_date,
               MAX(d.end_date) AS max_date,
               (SELECT {agg}(x.item, '; ') FROM (
                    SELECT DISTINCT d2.edtf || ' (' || d2.document || ')' AS item, d2.start_date
                    FROM v_event_dates d2
                    WHERE d2.event_id = d.event_id AND d2.date_kind = d.date_kind
                      AND d2.statement_type = d.statement_type
                    ORDER BY d2.start_date, item
               ) x) AS event_dates,
               d.event_id
        FROM v_event_dates d
        WHERE EXISTS (
            SELECT 1 FROM v_event_dates o
            WHERE o.event_id = d.event_id AND o.date_kind = d.date_kind
              AND o.statement_type = d.statement_type
              AND o.document_id <> d.document_id
              AND (o.end_date < d.start_date OR o.start_date > d.end_date)
        )
        GROUP BY d.event_id, d.event, d.event_type, d.statement_type, d.date_kind
        """,
    ),
]


def upgrade() -> None:
    agg = "string_agg" if op.get_bind().dialect.name == "postgresql" else "group_concat"
    for name, body in VIEWS:
        op.execute(f"CREATE VIEW {name} AS {body.replace('{agg}', agg)}")


def downgrade() -> None:
    for name, _ in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
