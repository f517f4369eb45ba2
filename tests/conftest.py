"""Test fixtures: real databases, never the user's.

* SQLite: a fresh file under pytest's tmp_path for every test.
* PostgreSQL: when ``ARCHIVE_TEST_POSTGRES_URL`` names a server (a URL to a database the
  tests may connect to and run CREATE DATABASE from, e.g. ``postgresql://postgres@127.0.0.1/postgres``),
  every test gets its own database, cloned from a template migrated once per session, and
  dropped afterwards. Without a server the PostgreSQL cases skip; under ``CI`` they must run,
  so a missing server is an error.

Backend-parametrised tests take the ``backend`` fixture (or ``db_url``/``engine``, which
depend on it) and run once per backend.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from archive.db import make_engine
from archive.migrate import upgrade

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "corpus"
PG_ENV = "ARCHIVE_TEST_POSTGRES_URL"


def pytest_configure(config):
    if os.environ.get("CI") and not os.environ.get(PG_ENV):
        raise pytest.UsageError(
            f"CI is set but {PG_ENV} is not: the PostgreSQL tests must run in CI (see .ci/run)"
        )


class PostgresServer:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self, admin_url: str):
        self.admin_url = make_url(admin_url).set(drivername="postgresql+psycopg")
        self._admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        self.template: str | None = None
        self.created: list[str] = []

    def url_for(self, database: str) -> str:
        return self.admin_url.set(database=database).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"archive_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self.created.append(name)
        return name

    def drop(self, name: str) -> None:
        with self._admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def migrated_template(self) -> str:
        if self.template is None:
            name = self.create()
            engine = make_engine(self.url_for(name))
            upgrade(engine)
            engine.dispose()
            self.template = name
        return self.template

    def close(self) -> None:
        for name in reversed(self.created):  # what tests did not drop themselves
            self.drop(name)
        self._admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer | None]:
    url = os.environ.get(PG_ENV)
    if not url:
        yield None
        return
    server = PostgresServer(url)
    yield server
    server.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request, pg_server) -> str:
    if request.param == "postgresql" and pg_server is None:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV}")
    return request.param


@pytest.fixture
def empty_db_url(backend, tmp_path, pg_server) -> Iterator[str]:
    """The URL of an empty database (no schema) on the current backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = pg_server.create()
    yield pg_server.url_for(name)
    pg_server.drop(name)


@pytest.fixture
def pg_empty_url(pg_server) -> Iterator[str]:
    """An empty PostgreSQL database, for tests of PostgreSQL-only behaviour."""
    if pg_server is None:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV}")
    name = pg_server.create()
    yield pg_server.url_for(name)
    pg_server.drop(name)


def _migrated(backend: str, sqlite_path: Path, pg_server) -> Iterator[str]:
    """A database migrated to head on the backend (a fresh PostgreSQL database, dropped after)."""
    if backend == "sqlite":
        url = f"sqlite:///{sqlite_path}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
        return
    name = pg_server.create(template=pg_server.migrated_template())
    yield pg_server.url_for(name)
    pg_server.drop(name)


@pytest.fixture
def db_url(backend, tmp_path, pg_server) -> Iterator[str]:
    """The URL of a database migrated to head, on the current backend."""
    yield from _migrated(backend, tmp_path / "archive.db", pg_server)


@pytest.fixture
def second_db_url(backend, tmp_path, pg_server) -> Iterator[str]:
    """A second database migrated to head on the current backend (to compare two loads)."""
    yield from _migrated(backend, tmp_path / "second.db", pg_server)


@pytest.fixture
def pg_db_url(pg_server) -> Iterator[str]:
    """A PostgreSQL database migrated to head, for tests of PostgreSQL-only behaviour."""
    if pg_server is None:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV}")
    name = pg_server.create(template=pg_server.migrated_template())
    yield pg_server.url_for(name)
    pg_server.drop(name)


@pytest.fixture
def sqlite_db_url(tmp_path) -> str:
    """An SQLite database migrated to head, for tests of SQLite-only behaviour."""
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


_LOADED: dict[str, str] = {}


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


def load_corpus(url: str) -> None:
    """Load the sample corpus with the real command (one job: the session must stay light)."""
    from click.testing import CliRunner

    from archive.cli import main

    result = CliRunner().invoke(main, ["--db", url, "load", str(CORPUS), "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def loaded_url(backend, tmp_path_factory, pg_server) -> str:
    """A database holding the loaded sample corpus, built once per backend per session.
    Tests must only read it."""
    if backend not in _LOADED:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('loaded') / 'archive.db'}"
            engine = make_engine(url)
            upgrade(engine)
            engine.dispose()
        else:
            url = pg_server.url_for(pg_server.create(template=pg_server.migrated_template()))
        load_corpus(url)
        _LOADED[backend] = url
    return _LOADED[backend]


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()
