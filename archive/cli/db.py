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


COMMANDS = [db_group]
