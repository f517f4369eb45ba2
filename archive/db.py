"""Engines and connections, with the SQLite settings an archive needs.

SQLite: foreign keys on, WAL journal (readers never block the writer and never see a
half-written document), a busy timeout instead of instant "database is locked" errors, and
transactions we begin ourselves so that writers can ask for ``BEGIN IMMEDIATE`` (take the
write lock up front rather than fail half-way when upgrading a read lock).

PostgreSQL: psycopg 3, a connect timeout so an unreachable server fails fast.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from archive.config import database_url, mask_url, parse_url
from archive.errors import ConfigError, DatabaseUnavailable

SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 10
# Execution option that makes the next SQLite transaction BEGIN IMMEDIATE (a write lock).
IMMEDIATE = {"sqlite_immediate": True}


def make_engine(url: str | URL | None = None, *, echo: bool = False) -> Engine:
    """An engine for ``url`` (default: the configured URL), checked but not yet connected."""
    if not isinstance(url, URL):
        url = parse_url(database_url(url))
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, echo=echo)
    return create_engine(
        url,
        echo=echo,
        connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S, "application_name": "archive"},
        pool_pre_ping=False,
    )


def _sqlite_engine(url: URL, *, echo: bool) -> Engine:
    path = url.database
    if path and path != ":memory:" and not path.startswith("file:"):
        parent = Path(path).expanduser().resolve().parent
        if not parent.is_dir():
            raise ConfigError(
                f"cannot create SQLite database {path!r}: directory {str(parent)!r} does not exist"
            )
    engine = create_engine(
        url,
        echo=echo,
        # Each connection is cheap; a pool would only keep file handles (and WAL readers) open.
        poolclass=NullPool,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        # Let SQLAlchemy (not the sqlite3 module) decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS:d}")
        if path and path != ":memory:":
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection):
        if conn.get_execution_options().get("sqlite_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def describe_connect_error(exc: DBAPIError, url: URL) -> str:
    """One line saying why a connection failed, without the password or a traceback."""
    original = getattr(exc, "orig", None) or exc
    first = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    if url.password:
        first = first.replace(url.password, "***")
    return f"cannot connect to {mask_url(url)}: {first}"


def open_connection(engine: Engine) -> Connection:
    """engine.connect(), with a failure to connect turned into DatabaseUnavailable."""
    try:
        return engine.connect()
    except (OperationalError, DBAPIError) as exc:
        raise DatabaseUnavailable(describe_connect_error(exc, engine.url)) from exc


@contextlib.contextmanager
def connect(engine: Engine, *, write: bool = False) -> Iterator[Connection]:
    """A connection in a transaction that commits on success; failures to connect are
    turned into DatabaseUnavailable. ``write=True`` takes SQLite's write lock up front."""
    conn = open_connection(engine)
    with conn:
        if write:
            conn = conn.execution_options(**IMMEDIATE)
        with conn.begin():
            yield conn


def check_connection(engine: Engine) -> None:
    """Connect once, so that a bad server or path is reported before any work starts."""
    with connect(engine) as conn:
        conn.exec_driver_sql("SELECT 1")
