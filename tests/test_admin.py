"""Administration: the read-only PostgreSQL role, backups and their restore."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from archive.backup import pg_dump_path
from archive.cli import main
from archive.db import connect, make_engine


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_grant_reader_can_select_but_not_write(pg_db_url):
    db_url = pg_db_url
    role = f"reader_{abs(hash(db_url)) % 10**8}"
    result = run("--db", db_url, "db", "grant-reader", role, "--create", "--password-env", "READER_PW",
                 env={"READER_PW": "s3cret-reader"})
    assert result.exit_code == 0, result.output
    assert "s3cret" not in result.output
    url = make_url(db_url).set(username=role, password="s3cret-reader")
    reader = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with reader.connect() as conn:
            conn.execute(text("SELECT COUNT(*) FROM v_claims")).scalar_one()
            conn.execute(text("SELECT COUNT(*) FROM sources")).scalar_one()
            for statement in (
                "INSERT INTO sources (kind, key) VALUES ('document', 'x')",
                "UPDATE sources SET key = 'y'",
                "DELETE FROM claims",
                "CREATE TABLE intruder (x int)",
                "DROP VIEW v_claims",
                "ALTER TABLE sources ADD COLUMN x int",
            ):
                with pytest.raises(DBAPIError):
                    conn.execute(text(statement))
    finally:
        reader.dispose()
        admin = make_engine(db_url)
        with connect(admin) as conn:
            conn.exec_driver_sql(f'DROP OWNED BY "{role}"')
            conn.exec_driver_sql(f'DROP ROLE "{role}"')
        admin.dispose()


def test_grant_reader_rejects_bad_names_and_sqlite(db_url):
    result = run("--db", db_url, "db", "grant-reader", 'x"; DROP TABLE sources; --')
    assert result.exit_code in (1, 5)
    assert "Traceback" not in result.output


def test_sqlite_backup_restores(tmp_path, sqlite_db_url):
    db_url = sqlite_db_url
    engine = make_engine(db_url)
    with connect(engine) as conn:
        conn.execute(text("INSERT INTO sources (kind, key) VALUES ('document', 'kept.txt')"))
    engine.dispose()
    target = tmp_path / "backup.db"
    result = run("--db", db_url, "backup", str(target))
    assert result.exit_code == 0, result.output
    again = run("--db", db_url, "backup", str(target))
    assert again.exit_code == 1 and "exists" in again.output
    restored = make_engine(f"sqlite:///{target}")
    with connect(restored) as conn:
        assert conn.execute(text("SELECT key FROM sources")).scalars().all() == ["kept.txt"]
    restored.dispose()
    status = run("--db", f"sqlite:///{target}", "status")
    assert status.exit_code == 0 and "current" in status.output


def test_postgres_backup_restores(tmp_path, pg_db_url, pg_server):
    db_url = pg_db_url
    if pg_dump_path() is None:
        pytest.skip("pg_dump not installed")
    engine = make_engine(db_url)
    with connect(engine) as conn:
        conn.execute(text("INSERT INTO sources (kind, key) VALUES ('document', 'kept.txt')"))
    engine.dispose()
    target = tmp_path / "archive.dump"
    result = run("--db", db_url, "backup", str(target))
    assert result.exit_code == 0, result.output
    fresh = pg_server.create()
    try:
        pg_restore = pg_dump_path().replace("pg_dump", "pg_restore")
        url = make_url(pg_server.url_for(fresh)).set(drivername="postgresql")
        subprocess.run([pg_restore, "--no-owner", f"--dbname={url.render_as_string(hide_password=False)}",
                        str(target)], check=True, capture_output=True)
        restored = make_engine(pg_server.url_for(fresh))
        with connect(restored) as conn:
            assert conn.execute(text("SELECT key FROM sources")).scalars().all() == ["kept.txt"]
            assert conn.execute(text("SELECT COUNT(*) FROM v_claims")).scalar_one() == 0
        restored.dispose()
    finally:
        pg_server.drop(fresh)
