"""Alembic, wrapped: the only way the schema is created or changed.

Policy (also in the README):
* A command that needs the schema upgrades an empty or behind **SQLite** file by itself, so
  the very first ``archive load`` just works. The upgrade runs under SQLite's write lock, so
  two processes starting at once on a new file migrate it once.
* On **PostgreSQL** nothing migrates on its own: the command stops and says to run
  ``archive db upgrade``.
* A database whose revision this code does not know (newer code migrated it) is an error.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import DBAPIError

from archive.db import IMMEDIATE, connect, describe_connect_error
from archive.errors import ArchiveError, DatabaseUnavailable, SchemaError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"
SCRIPT_LOCATION = PROJECT_ROOT / "alembic"
VERSION_LOCATION = PROJECT_ROOT / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at this checkout's scripts, using ``connection`` if given."""
    if not SCRIPT_LOCATION.is_dir() or not VERSION_LOCATION.is_dir():
        raise ArchiveError(
            f"migration scripts not found under {PROJECT_ROOT}",
            hint="install from a checkout: pip install -e .",
        )
    cfg = Config(str(ALEMBIC_INI) if ALEMBIC_INI.exists() else None)
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.set_main_option("version_locations", str(VERSION_LOCATION))
    cfg.attributes["connection"] = connection
    # When we drive Alembic, our logging setup stays; alembic.ini's is for the alembic CLI.
    cfg.attributes["configure_logger"] = False
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    heads = script_directory().get_heads()
    if len(heads) != 1:  # pragma: no cover - guarded by test_migrations
        raise ArchiveError(f"migrations have {len(heads)} heads; expected one")
    return heads[0]


@dataclasses.dataclass(frozen=True)
class SchemaState:
    current: str | None  # None: never migrated
    head: str
    known: bool  # is `current` a revision this code has?
    foreign_tables: tuple[str, ...]  # tables present although the archive was never migrated here

    @property
    def status(self) -> str:
        if self.current == self.head:
            return "current"
        if self.current is None:
            return "empty" if not self.foreign_tables else "foreign"
        return "behind" if self.known else "ahead"


def schema_state(conn: Connection) -> SchemaState:
    current = MigrationContext.configure(conn).get_current_revision()
    script = script_directory()
    head = head_revision()
    known = True
    if current is not None:
        try:
            known = script.get_revision(current) is not None
        except CommandError:
            known = False
    foreign: tuple[str, ...] = ()
    if current is None:
        foreign = tuple(t for t in inspect(conn).get_table_names() if t != "alembic_version")
    return SchemaState(current=current, head=head, known=known, foreign_tables=foreign)


def _raise_for(state: SchemaState, backend: str) -> None:
    if state.status == "ahead":
        raise SchemaError(
            f"the database is at schema revision {state.current}, which this code does not know "
            f"(its newest is {state.head}): the database was migrated by a newer version",
            hint="upgrade the archive package before using this database",
        )
    if state.status == "foreign":
        raise SchemaError(
            "the database has tables but was never migrated by the archive "
            f"({', '.join(state.foreign_tables[:5])}...)",
            hint="point --db at an empty or archive database",
        )
    if state.status in ("empty", "behind"):
        where = "empty" if state.current is None else f"at revision {state.current}"
        raise SchemaError(
            f"the {backend} database schema is behind: it is {where}, this code needs {state.head}",
            hint="run: archive db upgrade",
        )


def ensure_schema(engine: Engine, *, auto_upgrade: bool = True) -> SchemaState:
    """Make sure the schema is at head, upgrading an SQLite file if allowed; else raise."""
    with connect(engine) as conn:
        state = schema_state(conn)
    if state.status == "current":
        return state
    backend = engine.dialect.name
    if backend == "sqlite" and auto_upgrade and state.status in ("empty", "behind"):
        return _upgrade_sqlite_locked(engine)
    _raise_for(state, backend)
    return state  # pragma: no cover


@contextlib.contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for running migrations, in one transaction holding the write lock.

    On SQLite, foreign keys are switched off first (it cannot be done inside a transaction):
    Alembic's batch mode rebuilds tables, and dropping the old copy with foreign keys on
    would cascade-delete dependent rows. Integrity is checked before committing instead.
    """
    try:
        conn = engine.connect()
    except DBAPIError as exc:
        raise DatabaseUnavailable(describe_connect_error(exc, engine.url)) from exc
    with conn:
        if engine.dialect.name == "sqlite":
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        conn = conn.execution_options(**IMMEDIATE)
        with conn.begin():
            yield conn
            if engine.dialect.name == "sqlite":
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise SchemaError(f"migration left {len(broken)} broken foreign keys; rolled back")


def _upgrade_sqlite_locked(engine: Engine) -> SchemaState:
    # Holding the write lock, look again: another process may have migrated meanwhile.
    with _migration_connection(engine) as conn:
        state = schema_state(conn)
        if state.status in ("empty", "behind"):
            command.upgrade(alembic_config(conn), "head")
        elif state.status != "current":
            _raise_for(state, "sqlite")
    with connect(engine) as conn:
        return schema_state(conn)


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, lambda cfg: command.upgrade(cfg, revision))


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, lambda cfg: command.downgrade(cfg, revision))


def _run(engine: Engine, action) -> None:
    with connect(engine) as conn:
        state = schema_state(conn)
    if state.status in ("ahead", "foreign"):
        _raise_for(state, engine.dialect.name)
    with _migration_connection(engine) as conn:
        try:
            action(alembic_config(conn))
        except CommandError as exc:
            raise ArchiveError(str(exc).splitlines()[0], hint="see: archive db history") from exc


def history() -> list[tuple[str, str | None, str]]:
    """(revision, down_revision, message) from oldest to newest."""
    revisions = list(script_directory().walk_revisions())
    revisions.reverse()
    return [(r.revision, r.down_revision, (r.doc or "").strip()) for r in revisions]
