"""Backups: SQLite's online backup API; pg_dump for PostgreSQL.

SQLite: ``sqlite3.Connection.backup`` copies the database page by page while others may keep
reading and writing (WAL): the copy is a consistent snapshot. The copy is then checked with
``PRAGMA integrity_check``. Restore: stop the jobs and copy the backup file over the database.

PostgreSQL: ``pg_dump --format=custom`` (found on PATH or under /usr/lib/postgresql/*/bin); the
password travels in the PGPASSWORD environment variable, never on the command line. Restore
with ``pg_restore --dbname=... FILE`` into an empty database.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine

from archive.errors import ArchiveError, ConfigError


def backup(engine: Engine, destination: str | os.PathLike, *, overwrite: bool = False) -> Path:
    destination = Path(destination)
    if destination.exists() and not overwrite:
        raise ArchiveError(f"{destination} exists", hint="choose another path or pass --overwrite")
    if not destination.parent.is_dir():
        raise ArchiveError(f"directory {destination.parent} does not exist")
    if engine.dialect.name == "sqlite":
        return _backup_sqlite(engine, destination)
    return _backup_postgres(engine, destination)


def _backup_sqlite(engine: Engine, destination: Path) -> Path:
    source_path = engine.url.database
    if not source_path or source_path == ":memory:":
        raise ConfigError("nothing to back up: in-memory database")
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path, timeout=30)
    target = sqlite3.connect(partial)
    try:
        source.backup(target, pages=1024)
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise ArchiveError(f"the backup failed its integrity check: {check}")
        target.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
    finally:
        target.close()
        source.close()
    os.replace(partial, destination)
    return destination


def pg_dump_path() -> str | None:
    found = shutil.which("pg_dump")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))
    return candidates[-1] if candidates else None


def libpq_environment(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment carrying it."""
    url = engine.url
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return uri, env


def _backup_postgres(engine: Engine, destination: Path) -> Path:
    pg_dump = pg_dump_path()
    if pg_dump is None:
        raise ArchiveError(
            "pg_dump was not found",
            hint="install the PostgreSQL client (apt-get install postgresql-client) or run "
            "pg_dump --format=custom --file=BACKUP --dbname=URL yourself",
        )
    uri, env = libpq_environment(engine)
    partial = destination.with_name(destination.name + ".partial")
    result = subprocess.run(
        [pg_dump, "--format=custom", "--no-owner", f"--file={partial}", f"--dbname={uri}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=24 * 3600,
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        message = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
        if engine.url.password:
            message = message.replace(str(engine.url.password), "***")
        raise ArchiveError(f"pg_dump failed: {message}")
    os.replace(partial, destination)
    return destination
