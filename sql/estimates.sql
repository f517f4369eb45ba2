-- title: Low, best and high estimates per subject and measure
-- description: For every subject and measure with figures in at least one current document, the
--   way UCDP GED publishes estimates but traceable to every sentence. Rule: each source document
--   contributes one value, the median of its own figures (a range counts as its midpoint); BEST is
--   the median of those per-source values (the mean of the two middle ones for an even count); LOW
--   is the smallest figure any source gives and HIGH the largest (a range contributes its low and
--   high ends). Parts of a composition are left out. n_sources counts documents.
-- param: subject text = ''  -- only subjects whose name contains this text; empty: all
-- param: measure text = ''  -- only this measure (killed, displaced, ...); empty: all
-- param: min_sources int = 1  -- only estimates resting on at least this many documents
WITH claims AS (
    SELECT subject_id, subject, subject_kind, predicate, unit, document_id, point_value,
           COALESCE(value_low, value) AS low_value,
           COALESCE(value_high, value) AS high_value
    FROM v_claims
    WHERE subject_id IS NOT NULL AND parent_claim_id IS NULL AND point_value IS NOT NULL
),
ranked_in_source AS (
    SELECT subject_id, predicate, document_id, point_value,
           ROW_NUMBER() OVER (PARTITION BY subject_id, predicate, document_id ORDER BY point_value) AS rn,
           COUNT(*) OVER (PARTITION BY subject_id, predicate, document_id) AS n
    FROM claims
),
per_source AS (
    SELECT subject_id, predicate, document_id, AVG(point_value) AS value
    FROM ranked_in_source
    WHERE rn IN ((n + 1) / 2, (n + 2) / 2)
    GROUP BY subject_id, predicate, document_id
),
ranked AS (
    SELECT subject_id, predicate, value,
           ROW_NUMBER() OVER (PARTITION BY subject_id, predicate ORDER BY value) AS rn,
           COUNT(*) OVER (PARTITION BY subject_id, predicate) AS n
    FROM per_source
),
best AS (
    SELECT subject_id, predicate, AVG(value) AS best, MAX(n) AS n_sources
    FROM ranked
    WHERE rn IN ((n + 1) / 2, (n + 2) / 2)
    GROUP BY subject_id, predicate
),
bounds AS (
    SELECT subject_id, subject, subject_kind, predicate, MIN(unit) AS unit,
           MIN(low_value) AS low, MAX(high_value) AS high, COUNT(*) AS n_claims
    FROM claims
    GROUP BY subject_id, subject, subject_kind, predicate
)
SELECT b.subject, b.subject_kind, b.predicate AS measure, b.low, e.best, b.high, b.unit,
       e.n_sources, b.n_claims
FROM bounds b
JOIN best e ON e.subject_id = b.subject_id AND e.predicate = b.predicate
WHERE e.n_sources >= :min_sources
  AND (:subject = '' OR LOWER(b.subject) LIKE '%' || LOWER(:subject) || '%')
  AND (:measure = '' OR b.predicate = :measure)
ORDER BY e.n_sources DESC, b.subject, b.predicate
