"""``archive db``: schema migrations (a thin wrapper around Alembic)."""

from __future__ import annotations

import click

from archive import migrate
from archive.cli.context import AppContext
from archive.db import check_connection, connect

pass_app = click.make_pass_decorator(AppContext)


@click.group("db")
def db_group() -> None:
    """Create and migrate the database schema (Alembic)."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@pass_app
def upgrade(app: AppContext, revision: str) -> None:
    """Upgrade the schema to REVISION (default: head)."""
    engine = app.engine
    check_connection(engine)
    migrate.upgrade(engine, revision)
    with connect(engine) as conn:
        state = migrate.schema_state(conn)
    click.echo(f"{app.masked_url}: schema at {state.current or 'base'} ({state.status})")


@db_group.command("downgrade")
@click.argument("revision")
@pass_app
def downgrade(app: AppContext, revision: str) -> None:
    """Downgrade the schema to REVISION ("base" removes everything, "-1" one step)."""
    engine = app.engine
    check_connection(engine)
    migrate.downgrade(engine, revision)
    with connect(engine) as conn:
        state = migrate.schema_state(conn)
    click.echo(f"{app.masked_url}: schema at {state.current or 'base'}")


@db_group.command("current")
@pass_app
def current(app: AppContext) -> None:
    """Show the database's schema revision and whether it is up to date."""
    engine = app.engine
    check_connection(engine)
    with connect(engine) as conn:
        state = migrate.schema_state(conn)
    click.echo(f"{state.current or 'base'} (head: {state.head}; {state.status})")


@db_group.command("history")
def history() -> None:
    """List the migrations, oldest first."""
    for revision, down, message in migrate.history():
        click.echo(f"{down or 'base'} -> {revision}  {message.splitlines()[0] if message else ''}")




ROLE_NAME = r"^[A-Za-z_][A-Za-z0-9_]{0,62}$"


@db_group.command("grant-reader")
@click.argument("role")
@click.option("--create", is_flag=True, help="Create the role (LOGIN) if it does not exist.")
@click.option("--password-env", metavar="VAR",
              help="With --create: take the new role's password from this environment variable.")
@pass_app
def grant_reader(app: AppContext, role: str, create: bool, password_env: str | None) -> None:
    """PostgreSQL: let ROLE read every table and view, and nothing else.

    Grants CONNECT, USAGE on the schema and SELECT on all tables and views (also those later
    migrations create), and makes the role's transactions read-only by default. The role can
    SELECT but not INSERT, UPDATE, DELETE or change the schema.
    """
    import os
    import re

    from sqlalchemy import text

    from archive.errors import ArchiveError, ConfigError

    if app.backend != "postgresql":
        raise ConfigError("grant-reader is for PostgreSQL; an SQLite file is read-only for whoever "
                          "may only read the file (or open it with ?mode=ro)")
    if not re.match(ROLE_NAME, role):
        raise ArchiveError(f"invalid role name {role!r}", hint="letters, digits and _, starting with a letter")
    password = None
    if password_env:
        password = os.environ.get(password_env)
        if not password:
            raise ArchiveError(f"environment variable {password_env} is not set or empty")
    engine = app.ready_engine(auto_upgrade=False)

    def run(conn, template: str, **params) -> None:
        # Identifiers and literals are quoted by PostgreSQL's own format(%I, %L), from bound values.
        extra = ", CAST(:pw AS text)" if "pw" in params else ""
        statement = conn.execute(text(f"SELECT format('{template}', CAST(:role AS text){extra})"),
                                 {"role": role, **params}).scalar_one()
        conn.exec_driver_sql(statement)

    with connect(engine) as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        if not exists:
            if not create:
                raise ArchiveError(f"role {role!r} does not exist", hint="add --create to create it")
            if password is not None:
                run(conn, "CREATE ROLE %I LOGIN PASSWORD %L", pw=password)
            else:
                run(conn, "CREATE ROLE %I LOGIN")
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        statement = conn.execute(text("SELECT format('GRANT CONNECT ON DATABASE %I TO %I', "
                                      "CAST(:d AS text), CAST(:role AS text))"),
                                 {"d": database, "role": role}).scalar_one()
        conn.exec_driver_sql(statement)
        run(conn, "GRANT USAGE ON SCHEMA public TO %I")
        run(conn, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I")
        run(conn, "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO %I")
        run(conn, "ALTER ROLE %I SET default_transaction_read_only = on")
    click.echo(f"role {role} can now read {app.masked_url} (SELECT only)")


COMMANDS = [db_group]
