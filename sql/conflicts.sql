-- title: Where the sources disagree
-- description: Every subject and measure for which the sources give different figures, one row
--   per figure with its document, the sentence, its [n] markers and the references they cite;
--   beside them, every event whose sources date the same aspect differently (the day the town
--   fell, the span of the battle), one row per source's date ("date of capture"). Only figures
--   that can be estimates of the same thing are compared: not soldiers with civilians, one
--   side's losses with the other's, schools with clubs, nor figures of dates that do not
--   overlap (a figure that does not say is compared with all). Parts of a composition ("511,
--   comprising 381 servicemen and 130 civilians") are not compared with their whole.
-- param: subject text = ''  -- only subjects whose name contains this text (case-insensitive); empty: all
-- param: measure text = ''  -- only this measure (killed, displaced, ...; "date" for event dates); empty: all
-- param: min_sources int = 1  -- only disagreements among at least this many documents
WITH figures AS (
    SELECT 'figure' AS kind,
           c.subject,
           c.predicate AS measure,
           c.figure AS value,
           c.point_value AS sort_value,
           c.hedge,
           c.qualifier,
           c.edtf AS date,
           c.attributed_to,
           c.document,
           c.citations,
           c.cited_references,
           c.quote,
           k.n_sources
    FROM v_conflicts k
    JOIN v_disputed_claims c ON c.subject_id = k.subject_id AND c.predicate = k.predicate
),
dates AS (
    SELECT 'date' AS kind,
           d.event AS subject,
           'date of ' || d.statement_type AS measure,
           d.edtf AS value,
           0 AS sort_value,
           NULL AS hedge,
           NULL AS qualifier,
           NULL AS date,
           NULL AS attributed_to,
           d.document,
           d.citations,
           NULL AS cited_references,
           d.quote,
           k.n_sources
    FROM v_date_conflicts k
    JOIN v_event_dates d
      ON d.event_id = k.event_id AND d.date_kind = k.date_kind AND d.statement_type = k.statement_type
)
SELECT kind, subject, measure, value, hedge, qualifier, date, attributed_to, document, citations,
       cited_references, quote, n_sources
FROM (SELECT * FROM figures UNION ALL SELECT * FROM dates) x
WHERE n_sources >= :min_sources
  AND (:subject = '' OR LOWER(subject) LIKE '%' || LOWER(:subject) || '%')
  AND (:measure = '' OR measure = :measure OR (:measure = 'date' AND kind = 'date'))
ORDER BY subject, measure, sort_value, value, document
