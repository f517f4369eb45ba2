-- title: ETL runs and quarantine
-- description: The history of load, nightly and reprocess runs (newest first) with their status,
--   counts and code version; then every file in quarantine with the error that put it there, how
--   often it failed and when. A quarantined file is retried when it changes (or with
--   archive nightly --retry-failed).
-- param: limit int = 50  -- at most this many runs
SELECT * FROM (
    SELECT 'run' AS section,
           r.run_id,
           r.command AS what,
           r.status,
           r.started_at AS at_time,
           r.finished_at,
           r.code_version,
           r.n_documents,
           r.n_new,
           r.n_changed,
           r.n_unchanged,
           r.n_failed,
           r.n_skipped,
           r.message AS detail
    FROM etl_runs r
    ORDER BY r.run_id DESC
    LIMIT :limit
) runs
UNION ALL
SELECT 'quarantine',
       q.last_run_id,
       q.path,
       'quarantined',
       q.first_failed_at,
       q.last_failed_at,
       NULL,
       q.failures,
       NULL, NULL, NULL, NULL, NULL,
       q.error
FROM quarantine q
ORDER BY 1 DESC, 2 DESC, 3
