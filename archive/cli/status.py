"""``archive status``: where the archive is, its schema revision, and what it holds."""

from __future__ import annotations

import json

import click
from sqlalchemy import Connection, func, select

from archive import migrate, models
from archive.cli.context import AppContext
from archive.db import connect

pass_app = click.make_pass_decorator(AppContext)


def row_counts(conn: Connection) -> dict[str, int]:
    """How many rows the main tables hold (documents and versions counted separately)."""

    def count(stmt) -> int:
        return int(conn.execute(stmt).scalar_one())

    documents = select(func.count()).select_from(models.Source).where(models.Source.kind == "document")
    counts = {
        "documents": count(documents),
        "document_versions": count(select(func.count()).select_from(models.DocumentVersion)),
        "segments": count(select(func.count()).select_from(models.Segment)),
        "citations": count(select(func.count()).select_from(models.Citation)),
        "reference_entries": count(select(func.count()).select_from(models.ReferenceEntry)),
    }
    for kind in ("person", "unit", "place", "event"):
        counts[kind + "s"] = count(
            select(func.count()).select_from(models.Entity).where(models.Entity.kind == kind)
        )
    counts.update(
        aliases=count(select(func.count()).select_from(models.Alias)),
        mentions=count(select(func.count()).select_from(models.Mention)),
        claims=count(select(func.count()).select_from(models.Claim)),
        etl_runs=count(select(func.count()).select_from(models.EtlRun)),
        quarantined=count(select(func.count()).select_from(models.Quarantine)),
    )
    return counts


@click.command("status")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def status(app: AppContext, fmt: str) -> None:
    """Show the database (password masked), its schema revision and row counts.

    A new or behind SQLite file is created and migrated first; a PostgreSQL database that is
    behind is reported, never migrated (run `archive db upgrade`).
    """
    engine = app.engine
    if app.backend == "sqlite":
        app.ready_engine(auto_upgrade=True)
    with connect(engine) as conn:
        state = migrate.schema_state(conn)
        counts = row_counts(conn) if state.status == "current" else None
    report = {
        "database": app.masked_url,
        "backend": engine.dialect.name,
        "revision": state.current,
        "head": state.head,
        "schema": state.status,
        "counts": counts,
    }
    if fmt == "json":
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(f"database: {report['database']}")
    click.echo(f"backend:  {report['backend']}")
    click.echo(f"schema:   {state.current or 'empty'} (head {state.head}, {state.status})")
    if state.status != "current":
        click.echo("          run `archive db upgrade` to bring it to head")
        return
    width = max(len(k) for k in counts)
    for key, value in counts.items():
        click.echo(f"  {key:<{width}}  {value:>10,}")


COMMANDS = [status]
