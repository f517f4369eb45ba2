"""The command's skeleton: status, db subcommands, errors without tracebacks, help everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import inspect

from archive import __version__
from archive.cli import main
from archive.db import connect, make_engine
from archive.migrate import head_revision

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_version_and_help():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output
    result = run("-h")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_status_creates_and_migrates_new_sqlite(tmp_path):
    path = tmp_path / "sub" / "new.db"
    path.parent.mkdir()
    assert not path.exists()
    result = run("--db", f"sqlite:///{path}", "status")
    assert result.exit_code == 0, result.output
    assert path.exists()
    assert f"{head_revision()} (head {head_revision()}, current)" in result.output
    assert re.search(r"documents\s+0", result.output)


def test_status_uses_environment_variable(tmp_path):
    path = tmp_path / "env.db"
    result = run("status", "--format", "json", env={"ARCHIVE_DATABASE_URL": f"sqlite:///{path}"})
    assert result.exit_code == 0, result.output
    assert '"schema": "current"' in result.output and path.exists()


def test_status_reports_behind_postgres_without_migrating(pg_empty_url):
    result = run("--db", pg_empty_url, "status")
    assert result.exit_code == 0, result.output
    assert "empty" in result.output and "archive db upgrade" in result.output
    engine = make_engine(pg_empty_url)
    with connect(engine) as conn:
        assert "alembic_version" not in inspect(conn).get_table_names()
    engine.dispose()


def test_db_subcommands(empty_db_url):
    result = run("--db", empty_db_url, "db", "upgrade")
    assert result.exit_code == 0, result.output
    result = run("--db", empty_db_url, "db", "current")
    assert result.exit_code == 0 and f"{head_revision()} (head: {head_revision()}; current)" in result.output
    result = run("db", "history")
    assert result.exit_code == 0 and "base -> 0001" in result.output
    result = run("--db", empty_db_url, "db", "downgrade", "base")
    assert result.exit_code == 0, result.output
    result = run("--db", empty_db_url, "db", "current")
    assert "base" in result.output and "empty" in result.output


def test_unknown_revision_is_a_clean_error(db_url):
    result = run("--db", db_url, "db", "downgrade", "nonsense")
    assert result.exit_code == 1
    assert "nonsense" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("postgresql://alice:s3cr3t@127.0.0.1:1/archive", "cannot connect"),
        ("mysql://alice:s3cr3t@localhost/archive", "unsupported database backend"),
        ("sqlite:////no/such/directory/archive.db", "does not exist"),
        ("::::", "invalid database URL"),
    ],
)
def test_bad_database_is_one_line_exit_5(url, fragment):
    result = run("--db", url, "status")
    assert result.exit_code == 5, result.output
    assert fragment in result.output
    assert "s3cr3t" not in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_argument_is_usage_error():
    result = run("db", "downgrade")
    assert result.exit_code == 2


def walk(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from walk(command, prefix + (name,))


def test_every_command_has_help_and_is_documented():
    readme = (PROJECT_ROOT / "README.md").read_text()
    docs = readme + "".join(p.read_text() for p in (PROJECT_ROOT / "docs").glob("*.md"))
    for path, command in walk(main):
        assert command.help and command.help.strip(), f"{' '.join(path)} has no help"
        result = run(*path, "--help")
        assert result.exit_code == 0, (path, result.output)
        assert f"archive {' '.join(path)}" in docs, f"`archive {' '.join(path)}` not in README/docs"


@pytest.mark.parametrize(
    "mapping",
    [
        {},
        {"results": iter([])},
        {"a": 1, "results": iter([{"k": "x\ny", "v": None}, {"k": "é", "v": [1, {"n": 2}]}]), "z": {"b": []}},
        {"only": iter([1, 2, 3])},
        {"nested": {"deep": {"list": [1, 2], "empty": {}}}, "rows": iter([[], {}, "s"])},
    ],
)
def test_streamed_json_is_json_dumps(mapping):
    """The summary's JSON is streamed (results read from the run log as they are printed)
    and must be exactly what json.dumps of the whole would have printed."""
    import json

    from archive.cli.output import iter_json

    materialised = {k: list(v) if hasattr(v, "__next__") else v for k, v in mapping.items()}
    streamed_mapping = {k: iter(v) if isinstance(v, list) and k in ("results", "only", "rows") else v
                        for k, v in materialised.items()}
    assert "".join(iter_json(streamed_mapping)) == json.dumps(materialised, indent=2)
