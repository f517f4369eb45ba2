"""Alembic environment for the archive.

* The URL comes from ``archive.config`` (``-x url=...``, else ``ARCHIVE_DATABASE_URL``, else
  ``sqlite:///archive.db``), so ``alembic`` and ``archive`` always agree on the database.
* A connection passed in ``config.attributes["connection"]`` (by ``archive db ...`` and the
  tests) is used as is, inside the caller's transaction.
* ``render_as_batch`` for SQLite's ALTER limits, ``compare_type`` so ``alembic check`` sees
  type drift, and objects that migrations create by hand (full-text index tables and
  columns) are left out of autogenerate's comparison.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from archive.config import database_url, parse_url
from archive.db import make_engine
from archive.models import Base

config = context.config

if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata

# Created by hand in migrations (full-text search), not described by the models.
HAND_MADE_TABLE_PREFIXES = ("segments_fts",)
HAND_MADE_COLUMNS = {("segments", "search_vector")}
HAND_MADE_INDEXES = {"ix_segments_search_vector"}


def include_name(name, type_, parent_names):
    if type_ == "table" and name and name.startswith(HAND_MADE_TABLE_PREFIXES):
        return False
    if type_ == "column" and (parent_names.get("table_name"), name) in HAND_MADE_COLUMNS:
        return False
    if type_ == "index" and name in HAND_MADE_INDEXES:
        return False
    return True


def _configure(**kwargs) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
        **kwargs,
    )


def _url():
    return parse_url(context.get_x_argument(as_dictionary=True).get("url") or database_url())


def run_migrations_offline() -> None:
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # Batch mode rebuilds tables; with foreign keys on, dropping the old copy would
            # cascade-delete dependent rows. (Cannot be changed inside a transaction.)
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
