-- title: Source coverage
-- description: What rests on which source. Section "document": per current document, its
--   figures and how many carry a citation. Section "reference": per cited work, how many figures
--   rest on it (stand in a sentence that cites it) and in how many documents. Section "single
--   source": subjects and measures for which only one document gives a figure. Section
--   "uncited": figures whose sentence cites nothing.
-- param: limit int = 1000  -- at most this many rows per section
WITH claim_citations AS (
    SELECT c.claim_id, c.document_id, COUNT(ci.citation_id) AS n_citations
    FROM v_claims c
    LEFT JOIN citations ci ON ci.segment_id = c.segment_id
    GROUP BY c.claim_id, c.document_id
),
per_document AS (
    SELECT 'document' AS section, d.document_key AS item, COALESCE(d.title, d.document_key) AS source,
           COUNT(cc.claim_id) AS n_claims,
           SUM(CASE WHEN cc.n_citations > 0 THEN 1 ELSE 0 END) AS n_cited,
           NULL AS detail
    FROM v_documents d
    LEFT JOIN claim_citations cc ON cc.document_id = d.document_id
    WHERE d.is_current
    GROUP BY d.document_key, d.title
),
per_reference AS (
    SELECT 'reference' AS section, COALESCE(src.url, src.key) AS item,
           COALESCE(src.title, src.key) AS source,
           COUNT(DISTINCT c.claim_id) AS n_claims,
           COUNT(DISTINCT c.document_id) AS n_cited,
           src.publisher AS detail
    FROM sources src
    JOIN reference_entries re ON re.source_id = src.source_id
    JOIN document_versions dv ON dv.version_id = re.version_id AND dv.is_current
    LEFT JOIN citations ci ON ci.entry_id = re.entry_id
    LEFT JOIN v_claims c ON c.segment_id = ci.segment_id
    WHERE src.kind = 'reference'
    GROUP BY src.source_id, src.url, src.key, src.title, src.publisher
),
single_source AS (
    SELECT 'single source' AS section, c.subject || ' / ' || c.predicate AS item,
           MIN(c.document) AS source, COUNT(*) AS n_claims, 1 AS n_cited,
           MIN(c.figure) AS detail
    FROM v_claims c
    WHERE c.subject_id IS NOT NULL AND c.parent_claim_id IS NULL
    GROUP BY c.subject_id, c.subject, c.predicate
    HAVING COUNT(DISTINCT c.document_id) = 1
),
uncited AS (
    SELECT 'uncited' AS section, COALESCE(c.subject, '(no subject)') || ' / ' || c.predicate AS item,
           c.document AS source, 1 AS n_claims, 0 AS n_cited, c.figure AS detail
    FROM v_claims c
    JOIN claim_citations cc ON cc.claim_id = c.claim_id
    WHERE cc.n_citations = 0
),
numbered AS (
    SELECT x.*, ROW_NUMBER() OVER (PARTITION BY section ORDER BY n_claims DESC, item, source, detail) AS rn
    FROM (SELECT * FROM per_document UNION ALL SELECT * FROM per_reference
          UNION ALL SELECT * FROM single_source UNION ALL SELECT * FROM uncited) x
)
SELECT section, item, source, n_claims, n_cited, detail
FROM numbered
WHERE rn <= :limit
ORDER BY CASE section WHEN 'document' THEN 1 WHEN 'reference' THEN 2 WHEN 'single source' THEN 3 ELSE 4 END,
         n_claims DESC, item, source, detail
