"""Reprocessing archived text, and aliases declared by administrators."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from archive.cli import main
from archive.db import connect, make_engine
from archive.errors import EXIT_DOCUMENTS_FAILED, EXIT_LOCKED, EXIT_USAGE
from snapshot import snapshot, table_counts

HOLD_LOCK = (
    "import sys, time\nfrom archive.db import make_engine\nfrom archive.lock import job_lock\n"
    "with job_lock(make_engine(sys.argv[1])):\n    print('locked', flush=True)\n    time.sleep(60)\n"
)


def run(url, *args):
    return CliRunner().invoke(main, ["--db", url, *map(str, args)])


def sql(url, statement, **params):
    engine = make_engine(url)
    with connect(engine) as conn:
        result = conn.execute(text(statement), params)
        rows = result.all() if result.returns_rows else None
    engine.dispose()
    return rows


def test_reprocess_replaces_derived_rows_and_logs_claim_changes(db_url, corpus_dir):
    assert run(db_url, "load", corpus_dir, "--jobs", "1", "-q").exit_code == 0
    before = snapshot(db_url)
    # Pretend the old rules missed one claim and invented another.
    missed = sql(db_url, "SELECT claim_id, value FROM claims WHERE value = 54000")[0]
    sql(db_url, "DELETE FROM claims WHERE claim_id = :c", c=missed.claim_id)
    sql(db_url, "INSERT INTO claims (predicate, value, hedge, segment_id, version_id, char_start, char_end, rule, "
                "etl_run_id, year_inferred) SELECT 'killed', 999999, 'exact', segment_id, version_id, char_start, "
                "char_end, 'old.rule', etl_run_id, false FROM claims WHERE value = 511 LIMIT 1")

    result = run(db_url, "reprocess", "--all", "--jobs", "1", "-q", "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"]["changed"] == 5 and summary["status"] == "succeeded"
    run_id = summary["run_id"]
    assert snapshot(db_url) == before  # same rules, same text: the same archive
    stale = sql(db_url, "SELECT COUNT(*) FROM claims c JOIN document_versions v ON v.version_id = c.version_id "
                        "WHERE v.is_current AND c.etl_run_id <> :r", r=run_id)[0][0]
    assert stale == 0
    assert sql(db_url, "SELECT COUNT(DISTINCT extracted_run_id) FROM document_versions")[0][0] == 1

    report = CliRunner().invoke(main, ["--db", db_url, "report", "run", "claim_changes", "--format", "json"])
    changes = json.loads(report.output)
    rows = [dict(zip(changes["columns"], r)) for r in changes["rows"]]
    assert {(r["change"], r["value"]) for r in rows} == {("appeared", 54000), ("disappeared", 999999)}
    assert all(r["run_id"] == run_id for r in rows)


def test_reprocess_in_two_workers_gives_what_one_gives(db_url, corpus_dir):
    assert run(db_url, "load", corpus_dir, "--jobs", "1", "-q").exit_code == 0
    before = snapshot(db_url)
    result = run(db_url, "reprocess", "--all", "--jobs", "2", "-q", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"]["changed"] == 5
    assert snapshot(db_url) == before


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # (a tick dropped in a finaliser)
def test_a_reprocess_past_the_time_limit_keeps_the_rows_it_had(db_url, corpus_dir, monkeypatch):
    import etl.limits

    assert run(db_url, "load", corpus_dir, "--jobs", "1", "-q").exit_code == 0
    before = snapshot(db_url)
    monkeypatch.setattr(etl.limits, "MAX_EXTRACT_SECONDS", 0.01)  # (ARCHIVE_MAX_EXTRACT_SECONDS, in seconds)
    result = run(db_url, "reprocess", "--all", "--jobs", "1", "-q", "--format", "json")
    assert result.exit_code == EXIT_DOCUMENTS_FAILED, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"]["failed"] >= 1
    assert all("extraction took longer than 0.01 s" in f["error"] for f in summary["failures"])
    assert snapshot(db_url) == before  # nothing replaced by half a document's rows


def test_reprocess_one_document_and_usage(db_url, corpus_dir):
    assert run(db_url, "load", corpus_dir, "--jobs", "1", "-q").exit_code == 0
    one = run(db_url, "reprocess", "--document", "003_5d65ebbd65e26610.txt", "-q", "--format", "json")
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["documents"]["total"] == 1
    assert run(db_url, "reprocess").exit_code == EXIT_USAGE
    assert run(db_url, "reprocess", "--all", "--document", "x").exit_code == EXIT_USAGE
    unknown = run(db_url, "reprocess", "--document", "nope.txt")
    assert unknown.exit_code == 1 and "no document" in unknown.output


def test_reprocess_respects_the_job_lock(db_url):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, db_url], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert run(db_url, "reprocess", "--all").exit_code == EXIT_LOCKED
    finally:
        holder.kill()
        holder.wait()


def test_admin_alias_applies_to_later_loads(db_url, tmp_path):
    added = run(db_url, "alias", "add", "place", "Lachin", "Berdzor", "--source", "Armenian gazetteer (1995)")
    assert added.exit_code == 0, added.output
    again = run(db_url, "alias", "add", "place", "Lachin", "Berdzor")
    assert "already known" in again.output
    doc = tmp_path / "news.txt"
    doc.write_text("Refugees from Lachin crossed the river. On 12 May 1994 the convoy reached Berdzor, "
                   "where about 300 families were resettled.\n", encoding="utf-8")
    assert run(db_url, "load", doc, "-q").exit_code == 0
    places = sql(db_url, "SELECT name, aliases, mentions FROM v_places WHERE name = 'Lachin'")
    assert places and "Berdzor" in (places[0].aliases or "") and places[0].mentions >= 2
    listed = run(db_url, "alias", "list", "--kind", "place", "--name", "Lachin")
    assert "Berdzor" in listed.output and "Armenian gazetteer (1995)" in listed.output


def test_alias_import_and_hostile_names(db_url, tmp_path):
    tsv = tmp_path / "aliases.tsv"
    tsv.write_text("kind\tname\talias\tsource\n# a comment\nperson\tMonte Melkonian\tAvo\tBiography (2005)\n"
                   "place\tShusha\tShushi\t\n", encoding="utf-8")
    result = run(db_url, "alias", "import", tsv)
    assert result.exit_code == 0 and "2 aliases added" in result.output
    bad = tmp_path / "bad.tsv"
    bad.write_text("planet\tMars\tRed\n", encoding="utf-8")
    failed = run(db_url, "alias", "import", bad)
    assert failed.exit_code == 1 and "line 1" in failed.output
    before = table_counts(db_url)
    hostile = "Robert'); DROP TABLE entities;--"
    assert run(db_url, "alias", "add", "person", hostile, "x' OR '1'='1").exit_code == 0
    stored = sql(db_url, "SELECT name FROM entities WHERE name = :n", n=hostile)
    assert stored and table_counts(db_url)["entities"] == before["entities"] + 1
    assert run(db_url, "alias", "add", "person", " ", "x").exit_code == 1
