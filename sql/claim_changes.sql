-- title: Claims that appeared or disappeared when documents were reprocessed
-- description: What a reprocess run changed: for every document version it re-extracted, the
--   figures the new rules found that the previous run had not ("appeared") and those the
--   previous run had found that the new rules no longer find ("disappeared"), with the sentence.
--   By default the latest reprocess run.
-- param: run int = NULL  -- the reprocess run (see archive runs); empty: the latest
WITH chosen AS (
    SELECT COALESCE(:run, (SELECT MAX(run_id) FROM etl_runs WHERE command = 'reprocess')) AS run_id
)
SELECT cc.run_id,
       cc.previous_run_id,
       COALESCE(dv.title, s.key) AS document,
       cc.change,
       cc.subject,
       cc.predicate,
       cc.value,
       cc.value_low,
       cc.value_high,
       cc.hedge,
       cc.qualifier,
       cc.quote
FROM claim_changes cc
JOIN chosen ON chosen.run_id = cc.run_id
JOIN document_versions dv ON dv.version_id = cc.version_id
JOIN sources s ON s.source_id = dv.source_id
ORDER BY document, cc.change, cc.subject, cc.predicate, cc.value
