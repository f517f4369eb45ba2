"""Worker processes of --jobs N: results in input order, and a worker that dies costs one document."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.errors import EXIT_DOCUMENTS_FAILED, EXIT_OK
from etl.job import ordered_map
from snapshot import inbox_of_copies, scalar, wait_for_versions

KILL_ON = 7


def square_or_die(item: int) -> int:
    """(runs in a worker) item squared; the worker kills itself on KILL_ON"""
    if item == KILL_ON:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.002 * (item % 3))  # workers finish out of order
    return item * item


def lost(item: int, reason: str) -> str:
    return f"lost {item}: {reason}"


def test_results_come_in_input_order_and_a_dead_worker_loses_only_its_item():
    results = list(ordered_map(square_or_die, range(40), 2, ((), {}), lost))
    assert len(results) == 40
    assert results[KILL_ON] == f"lost {KILL_ON}: worker process killed by signal 9 while extracting"
    # the items queued behind it on the same worker went to its replacement
    assert [r for i, r in enumerate(results) if i != KILL_ON] == [i * i for i in range(40) if i != KILL_ON]


def test_the_fork_servers_warm_up_document_extracts():
    """etl.warm swallows errors (the fork server must start), so check here that its sample works."""
    import etl.warm as warm
    from etl.pipeline import extract
    from etl.read import read_bytes

    ex = extract(read_bytes(warm._SAMPLE.encode("utf-8")))
    assert {e.kind for e in ex.entities} >= {"person", "unit", "place", "event"}
    assert ex.claims and ex.event_dates and ex.commands


def test_one_job_runs_in_this_process():
    assert list(ordered_map(abs, [-1, 2, -3], 1, ((), {}), lost)) == [1, 2, 3]


def test_stopping_early_stops_the_workers():
    started = time.monotonic()
    for result in ordered_map(square_or_die, range(1000), 2, ((), {}), lost):
        if result == 4:
            break  # the generator is closed: its workers are told to stop, and terminated if they don't
    assert time.monotonic() - started < 30


def _grandchildren(pid: int) -> list[int]:
    """Processes whose parent's parent is pid: the workers (children of the fork server)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    return [p for p, parent in parents.items() if parents.get(parent) == pid]


def test_a_killed_worker_fails_one_document_and_the_run_goes_on(db_url, corpus_dir, tmp_path, second_db_url):
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to find the worker processes")
    inbox = inbox_of_copies(corpus_dir, tmp_path / "inbox", 8)
    total = len(list(inbox.glob("*.txt")))
    env = {**os.environ, "ARCHIVE_DATABASE_URL": db_url}
    command = [sys.executable, "-m", "archive.cli", "nightly", "--inbox", str(inbox), "--jobs", "2", "--quiet",
               "--format", "json"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_versions(db_url, 2)  # mid-run: a few documents committed, workers busy
    workers = _grandchildren(process.pid)
    assert workers, "no worker processes found"
    os.kill(workers[0], signal.SIGKILL)
    out, err = process.communicate(timeout=300)
    assert process.returncode == EXIT_DOCUMENTS_FAILED, err
    summary = json.loads(out)
    assert summary["documents"]["failed"] == 1
    assert summary["documents"]["new"] == total - 1
    (failure,) = [d for d in summary["results"] if d["outcome"] == "failed"]
    assert "worker process killed by signal 9" in failure["error"]
    assert "Traceback" not in err

    # quarantined like any failure; --retry-failed loads it, and the archive has what a clean run has
    again = subprocess.run([*command, "--retry-failed"], env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == EXIT_OK, again.stderr
    assert json.loads(again.stdout)["documents"]["new"] == 1
    clean = subprocess.run(command, env={**env, "ARCHIVE_DATABASE_URL": second_db_url}, capture_output=True,
                           text=True, timeout=300)
    assert clean.returncode == EXIT_OK, clean.stderr
    for table in ("document_versions", "segments", "claims", "mentions"):
        query = f"SELECT COUNT(*) FROM {table}"
        assert scalar(db_url, query) == scalar(second_db_url, query), table


HANG_ON = 5


def square_or_hang(item: int) -> int:
    """(runs in a worker) item squared; on HANG_ON the worker loops where no time limit reaches it"""
    if item == HANG_ON:
        signal.signal(signal.SIGALRM, signal.SIG_IGN)  # as C code that never checks for signals
        while True:
            pass
    return item * item


def test_a_stuck_worker_is_killed_and_loses_only_its_item():
    started = time.monotonic()
    results = list(ordered_map(square_or_hang, range(20), 2, ((), {}), lost, stuck_after=2))
    assert results[HANG_ON] == f"lost {HANG_ON}: worker process gave no answer within 2 s: killed while extracting"
    assert [r for i, r in enumerate(results) if i != HANG_ON] == [i * i for i in range(20) if i != HANG_ON]
    assert time.monotonic() - started < 60


def test_the_time_limit_stops_a_looping_rule_and_a_backtracking_pattern():
    import re

    from etl.limits import ExtractionTimeout, time_limit

    def looping_rule():
        try:
            while True:
                pass
        except Exception:  # noqa: BLE001 - as a stage that keeps a faulty rule from losing a document
            pass

    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(ExtractionTimeout, match=r"longer than 0\.3 s \(.*ARCHIVE_MAX_EXTRACT_SECONDS\)"):
        with time_limit(0.3):
            looping_rule()
    with pytest.raises(ExtractionTimeout):
        with time_limit(0.3):
            re.match(r"(a+)+b", "a" * 40)  # days of backtracking
    with time_limit(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left behind
    assert signal.getsignal(signal.SIGALRM) == before


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_past_the_time_limit_fails_alone(sqlite_db_url, corpus_dir, tmp_path, jobs):
    """ARCHIVE_MAX_EXTRACT_SECONDS: a document that takes longer fails, named, and the run goes on."""
    inbox = inbox_of_copies(corpus_dir, tmp_path / "inbox", 1)
    paragraphs = [
        f"On {i % 28 + 1} March 1993, Colonel Arvid Tenner of the {i % 90 + 1}th Brigade ordered an attack on "
        f"the village of Vel{i % 50}ka. At least {i + 3} soldiers were killed and {2 * i + 5} wounded, officials "
        f"said. Some {100 * i + 7} people fled their homes, according to the ministry."
        for i in range(4000)
    ]  # about 1 MB of prose: seconds of extraction
    (inbox / "huge.txt").write_text("Fighting around Velka\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "archive.cli", "nightly", "--inbox", str(inbox), "--jobs", jobs, "--quiet",
         "--format", "json"],
        env={**os.environ, "ARCHIVE_DATABASE_URL": sqlite_db_url, "ARCHIVE_MAX_EXTRACT_SECONDS": "1"},
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == EXIT_DOCUMENTS_FAILED, result.stderr
    summary = json.loads(result.stdout)
    (failure,) = summary["failures"]
    assert Path(failure["path"]).name == "huge.txt"
    assert "extraction took longer than 1 s" in failure["error"] and "ARCHIVE_MAX_EXTRACT_SECONDS" in failure["error"]
    assert summary["documents"]["new"] == len(list(inbox.glob("*.txt"))) - 1
    assert "Traceback" not in result.stderr


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # (the dropped first tick)
def test_the_time_limit_is_not_lost_in_a_finaliser():
    """An exception raised in a weakref callback or __del__ is dropped by Python; the timer
    repeats, so the next tick stops the block."""
    import gc
    import weakref

    from etl.limits import ExtractionTimeout, time_limit

    class Slow:
        pass

    def slow_callback(ref):
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:  # the first tick lands here and is dropped
            pass

    started = time.monotonic()
    with pytest.raises(ExtractionTimeout):
        with time_limit(0.1):
            weakref.ref(Slow(), slow_callback)  # (the object is collected at once: the callback runs)
            gc.collect()
            while time.monotonic() - started < 5:  # (bounded: without the repeat, DID NOT RAISE)
                pass
