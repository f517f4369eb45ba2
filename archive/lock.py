"""The job lock: at most one nightly (or reprocess) run per archive at a time.

* SQLite: an exclusive ``flock`` on ``<database>.lock`` beside the database file. The kernel
  releases it when the holding process ends in any way, SIGKILL included, so a killed run
  never blocks the next night. The file's content (pid, start time) only feeds the message.
* PostgreSQL: a session-level advisory lock held on a dedicated connection for the whole run.
  The server releases it when that connection ends, which a killed process's does at once.

A second run that finds the lock held raises ``LockHeld`` (exit code 4) immediately.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from archive.db import describe_connect_error
from archive.errors import ConfigError, DatabaseUnavailable, LockHeld

# pg_try_advisory_lock(classid, objid): two int4 keys, so the lock is easy to find in pg_locks.
PG_LOCK_CLASS = 0x41524348  # "ARCH"
PG_LOCK_OBJECT = 1  # the job lock


def lock_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise ConfigError("the job lock needs an SQLite database file, not an in-memory database")
    return Path(database).expanduser().resolve().with_name(Path(database).name + ".lock")


@contextlib.contextmanager
def job_lock(engine: Engine, purpose: str = "nightly") -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with _postgres_lock(engine, purpose):
            yield
    else:
        with _file_lock(lock_path(engine), purpose):
            yield


@contextlib.contextmanager
def _file_lock(path: Path, purpose: str) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 512, 0).decode("utf-8", "replace").strip() or "unknown process"
            raise LockHeld(
                f"another run holds the archive's job lock ({holder})",
                hint=f"lock file {path}; it is released when that process ends",
            ) from None
        info = f"{purpose} pid {os.getpid()} on {socket.gethostname()} since {time.strftime('%Y-%m-%d %H:%M:%S')}"
        os.ftruncate(fd, 0)
        os.pwrite(fd, info.encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _postgres_lock(engine: Engine, purpose: str) -> Iterator[None]:
    try:
        conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    except DBAPIError as exc:
        raise DatabaseUnavailable(describe_connect_error(exc, engine.url)) from exc
    with conn:
        got = conn.execute(
            text("SELECT pg_try_advisory_lock(:c, :o)"), {"c": PG_LOCK_CLASS, "o": PG_LOCK_OBJECT}
        ).scalar_one()
        if not got:
            holder = conn.execute(
                text(
                    "SELECT a.pid, a.application_name, a.backend_start FROM pg_locks l "
                    "JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.classid = :c AND l.objid = :o AND l.granted"
                ),
                {"c": PG_LOCK_CLASS, "o": PG_LOCK_OBJECT},
            ).first()
            who = f"server pid {holder.pid}, connected {holder.backend_start:%Y-%m-%d %H:%M:%S}" if holder else "unknown"
            raise LockHeld(
                f"another run holds the archive's job lock ({who})",
                hint="it is released when that run's connection ends",
            )
        try:
            yield
        finally:
            with contextlib.suppress(DBAPIError):
                conn.execute(text("SELECT pg_advisory_unlock(:c, :o)"), {"c": PG_LOCK_CLASS, "o": PG_LOCK_OBJECT})
