"""The nightly job: incremental, idempotent, locked, parallel, crash-safe, with a run log."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import main
from archive.errors import EXIT_CONFIG, EXIT_DOCUMENTS_FAILED, EXIT_LOCKED, EXIT_OK
from snapshot import inbox_of_copies, scalar, snapshot, table_counts, table_rows, wait_for_versions

HOLD_LOCK = """
import sys, time
from archive.db import make_engine
from archive.lock import job_lock
with job_lock(make_engine(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(120)
"""


def nightly(url: str, inbox: Path, *args: str):
    return CliRunner().invoke(main, ["--db", url, "nightly", "--inbox", str(inbox), "--quiet", *args])


def archive_cli(url: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """The real command in its own process, as cron runs it."""
    return subprocess.run(
        [sys.executable, "-m", "archive.cli", *args],
        env={**os.environ, "ARCHIVE_DATABASE_URL": url},
        capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture
def inbox(tmp_path, corpus_dir) -> Path:
    target = tmp_path / "inbox"
    shutil.copytree(corpus_dir, target)
    return target


def test_second_run_loads_nothing_and_changes_no_row(db_url, inbox):
    first = nightly(db_url, inbox, "--jobs", "1")
    assert first.exit_code == EXIT_OK, first.output
    assert "5 new" in first.output
    before = table_rows(db_url)
    second = nightly(db_url, inbox, "--jobs", "1", "--format", "json")
    assert second.exit_code == EXIT_OK, second.output
    summary = json.loads(second.output)
    assert summary["documents"] == {"total": 5, "new": 0, "changed": 0, "unchanged": 5, "failed": 0, "skipped": 0}
    assert table_rows(db_url) == before
    runs = scalar(db_url, "SELECT COUNT(*) FROM etl_runs WHERE command = 'nightly' AND status = 'succeeded'")
    assert runs == 2


def test_changed_file_is_a_new_version_and_touch_is_not(db_url, inbox):
    assert nightly(db_url, inbox, "--jobs", "1").exit_code == EXIT_OK
    touched = inbox / "000_f15b69dfdb06d471.txt"
    os.utime(touched, (time.time() + 100, time.time() + 100))  # same bytes, new mtime
    changed = inbox / "002_4d65755800a609eb.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA new sentence was added on 1 May 1993.\n",
                       encoding="utf-8")
    result = nightly(db_url, inbox, "--jobs", "1", "--format", "json")
    assert result.exit_code == EXIT_OK, result.output
    docs = json.loads(result.output)["documents"]
    assert docs["changed"] == 1 and docs["new"] == 0 and docs["unchanged"] == 4
    assert scalar(db_url, "SELECT COUNT(*) FROM v_documents WHERE document_key = '002_4d65755800a609eb.txt'") == 2
    assert scalar(db_url, "SELECT COUNT(*) FROM v_documents WHERE document_key = '000_f15b69dfdb06d471.txt'") == 1


def test_dry_run_changes_nothing(db_url, inbox):
    result = nightly(db_url, inbox, "--dry-run")
    assert result.exit_code == EXIT_OK, result.output
    assert "5 to load" in result.output and "load 003_5d65ebbd65e26610.txt" in result.output
    assert table_counts(db_url)["document_versions"] == 0
    assert scalar(db_url, "SELECT COUNT(*) FROM etl_runs") == 0


def test_jobs_2_writes_exactly_what_jobs_1_writes(db_url, inbox, second_db_url):
    assert nightly(db_url, inbox, "--jobs", "1").exit_code == EXIT_OK
    other = second_db_url
    result = archive_cli(other, "nightly", "--inbox", str(inbox), "--jobs", "2", "--quiet", "--format", "json")
    assert result.returncode == EXIT_OK, result.stderr
    assert snapshot(other) == snapshot(db_url)
    memory = json.loads(result.stdout)["peak_memory_mb"]  # each process reports its own peak
    assert memory["writer"] > 10 and memory["worker"] > 10
    ids_1 = scalar(db_url, "SELECT COUNT(*) FROM v_claims")
    ids_2 = scalar(other, "SELECT COUNT(*) FROM v_claims")
    assert ids_1 == ids_2 > 100


def test_second_run_refuses_while_locked(db_url, inbox):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, db_url], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        result = archive_cli(db_url, "nightly", "--inbox", str(inbox), "--quiet")
        assert result.returncode == EXIT_LOCKED, result.stderr
        assert "another run holds" in result.stderr and "Traceback" not in result.stderr
        assert time.monotonic() - started < 30
        assert table_counts(db_url)["document_versions"] == 0
    finally:
        holder.kill()
        holder.wait()
    assert archive_cli(db_url, "nightly", "--inbox", str(inbox), "--quiet").returncode == EXIT_OK


def test_killed_run_then_normal_run_equals_a_clean_run(db_url, inbox, tmp_path, second_db_url):
    """SIGKILL in the middle of a run, then a normal run: same rows as a clean run, no stale lock."""
    big = inbox_of_copies(inbox, tmp_path / "big_inbox", 6)  # more documents, so the kill lands mid-run
    process = subprocess.Popen(
        [sys.executable, "-m", "archive.cli", "nightly", "--inbox", str(big), "--jobs", "1", "--quiet"],
        env={**os.environ, "ARCHIVE_DATABASE_URL": db_url}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    wait_for_versions(db_url, 2)  # at least one document committed
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    loaded_before = scalar(db_url, "SELECT COUNT(*) FROM document_versions")
    assert 1 <= loaded_before < 35, "the kill should land mid-run"

    result = archive_cli(db_url, "nightly", "--inbox", str(big), "--jobs", "1", "--quiet")
    assert result.returncode == EXIT_OK, result.stderr
    clean = second_db_url
    assert archive_cli(clean, "nightly", "--inbox", str(big), "--jobs", "1", "--quiet").returncode == EXIT_OK
    assert snapshot(db_url) == snapshot(clean)
    statuses = scalar(db_url, "SELECT COUNT(*) FROM etl_runs WHERE status = 'interrupted'")
    assert statuses == 1  # the killed run is marked as such by the next one


def test_failed_document_is_quarantined_and_retried_only_when_changed(db_url, inbox):
    bad = inbox / "broken.txt"
    bad.write_bytes(b"")
    result = nightly(db_url, inbox, "--jobs", "1")
    assert result.exit_code == EXIT_DOCUMENTS_FAILED, result.output
    assert "broken.txt" in result.output and "empty" in result.output
    again = nightly(db_url, inbox, "--jobs", "1", "--format", "json")
    assert again.exit_code == EXIT_OK, again.output  # skipped, not failed again
    assert json.loads(again.output)["documents"]["skipped"] == 1
    retried = nightly(db_url, inbox, "--jobs", "1", "--retry-failed")
    assert retried.exit_code == EXIT_DOCUMENTS_FAILED
    bad.write_text("Fixed now: the bridge at Kovsakan was destroyed on 2 June 1993.\n", encoding="utf-8")
    fixed = nightly(db_url, inbox, "--jobs", "1", "--format", "json")
    assert fixed.exit_code == EXIT_OK, fixed.output
    assert json.loads(fixed.output)["documents"]["new"] == 1
    assert scalar(db_url, "SELECT COUNT(*) FROM quarantine") == 0


def test_missing_inbox_is_a_configuration_error(db_url, tmp_path):
    result = nightly(db_url, tmp_path / "nope")
    assert result.exit_code == EXIT_CONFIG
    assert "not a directory" in result.output and "Traceback" not in result.output


def test_runs_history(db_url, inbox):
    assert nightly(db_url, inbox, "--jobs", "1").exit_code == EXIT_OK
    history = CliRunner().invoke(main, ["--db", db_url, "runs"])
    assert history.exit_code == 0 and "nightly" in history.output and "succeeded" in history.output
    listed = CliRunner().invoke(main, ["--db", db_url, "runs", "--format", "json"])
    runs = json.loads(listed.output)
    assert runs[0]["n_new"] == 5 and runs[0]["code_version"]
    one = CliRunner().invoke(main, ["--db", db_url, "runs", "--run", str(runs[0]["run_id"])])
    assert "new" in one.output and "003_5d65ebbd65e26610.txt" in one.output
