"""ETL run records: every load, nightly and reprocess run is a row in ``etl_runs``.

A run is inserted (and committed) before any document is touched, so that every derived row
can name it, and finished with its status and counts at the end. A run that was killed stays
``running``; the next run on the same host notices that its process is gone and marks it
``interrupted`` (``nightly``, which holds the job lock, marks every stale nightly run).
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Connection, Engine, insert, select, update

from archive import __version__
from archive.db import connect
from archive.models import EtlRun


@dataclass
class RunCounts:
    n_documents: int = 0
    n_new: int = 0
    n_changed: int = 0
    n_unchanged: int = 0
    n_failed: int = 0
    n_skipped: int = 0

    def record(self, outcome: str) -> None:
        self.n_documents += 1
        attribute = {
            "new": "n_new",
            "changed": "n_changed",
            "unchanged": "n_unchanged",
            "failed": "n_failed",
            "skipped": "n_skipped",
            "reprocessed": "n_changed",
        }[outcome]
        setattr(self, attribute, getattr(self, attribute) + 1)


@dataclass
class RunStats:
    """Row counts written and seconds spent per stage, stored as JSON on the run."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    # peak resident memory (MB) of the writer process and of the busiest worker process
    memory: dict[str, float] = field(default_factory=dict)

    def add_rows(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self.rows[key] = self.rows.get(key, 0) + value

    def add_seconds(self, timings: dict[str, float]) -> None:
        for key, value in timings.items():
            self.seconds[key] = round(self.seconds.get(key, 0.0) + value, 6)

    def note_peak(self, process: str, megabytes: float) -> None:
        self.memory[process] = round(max(self.memory.get(process, 0.0), megabytes), 1)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kB, macOS bytes)."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def code_version() -> str:
    return __version__


def start_run(engine: Engine, command: str, options: dict | None = None) -> int:
    with connect(engine, write=True) as conn:
        mark_dead_runs(conn)
        return conn.execute(
            insert(EtlRun)
            .values(
                command=command,
                status="running",
                code_version=code_version(),
                hostname=socket.gethostname(),
                pid=os.getpid(),
                options=json.dumps(options or {}, sort_keys=True, default=str),
            )
            .returning(EtlRun.run_id)
        ).scalar_one()


def finish_run(
    engine: Engine,
    run_id: int,
    counts: RunCounts,
    stats: RunStats | None = None,
    *,
    status: str | None = None,
    message: str | None = None,
) -> str:
    if status is None:
        if counts.n_failed and counts.n_failed == counts.n_documents:
            status = "failed"
        elif counts.n_failed:
            status = "partial"
        else:
            status = "succeeded"
    with connect(engine, write=True) as conn:
        conn.execute(
            update(EtlRun)
            .where(EtlRun.run_id == run_id)
            .values(
                status=status,
                finished_at=datetime.now(timezone.utc),
                stats=json.dumps(asdict(stats)) if stats else None,
                message=message,
                **asdict(counts),
            )
        )
    return status


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_dead_runs(conn: Connection, *, command: str | None = None) -> int:
    """Mark as ``interrupted`` the runs still ``running`` whose process is gone.

    Runs of this host are checked by pid; with ``command`` (used by the job lock holder, who
    knows no other run of that command can be alive) every running run of that command is
    marked, whatever its host.
    """
    host = socket.gethostname()
    rows = conn.execute(
        select(EtlRun.run_id, EtlRun.hostname, EtlRun.pid, EtlRun.command).where(
            EtlRun.status == "running"
        )
    ).all()
    dead = [
        r.run_id
        for r in rows
        if (command is not None and r.command == command and r.pid != os.getpid())
        or (r.hostname == host and r.pid is not None and r.pid != os.getpid() and not _process_alive(r.pid))
    ]
    if dead:
        conn.execute(
            update(EtlRun)
            .where(EtlRun.run_id.in_(dead))
            .values(
                status="interrupted",
                finished_at=datetime.now(timezone.utc),
                message="the process ended without finishing the run (killed or crashed)",
            )
        )
    return len(dead)
