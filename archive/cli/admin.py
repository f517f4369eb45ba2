"""``archive backup`` and ``archive alias``: administration."""

from __future__ import annotations

import csv
import json

import click
from sqlalchemy import func, insert, select

from archive.cli.context import AppContext
from archive.db import connect
from archive.errors import ArchiveError
from archive.models import Alias, Entity, Event, Person, Place, Unit

pass_app = click.make_pass_decorator(AppContext)
KINDS = ("person", "unit", "place", "event")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--overwrite", is_flag=True, help="Replace PATH if it exists.")
@pass_app
def backup_command(app: AppContext, path: str, overwrite: bool) -> None:
    """Write a consistent backup of the archive to PATH.

    SQLite: the online backup API (safe while jobs run), checked for integrity; restore by
    copying the file back. PostgreSQL: pg_dump --format=custom; restore with pg_restore.
    """
    from archive.backup import backup

    engine = app.ready_engine(auto_upgrade=False)
    written = backup(engine, path, overwrite=overwrite)
    click.echo(f"backup written to {written} ({written.stat().st_size:,} bytes)")


@click.group("alias")
def alias_group() -> None:
    """Aliases administrators declare: other names for persons, units, places, events."""


def add_alias(conn, kind: str, name: str, alias: str, attested_by: str) -> tuple[int, bool]:
    """Attach ``alias`` to the entity of this kind named ``name`` (created if new). Returns
    (entity_id, whether the alias row is new)."""
    from etl.keys import match_skeleton
    from etl.names import fold

    entity_id = conn.execute(
        select(Entity.entity_id).where(Entity.kind == kind, Entity.folded == fold(name)).order_by(Entity.entity_id)
    ).scalars().first()
    if entity_id is None:
        entity_id = conn.execute(
            insert(Entity)
            .values(kind=kind, name=name, folded=fold(name), skeleton=match_skeleton(name))
            .returning(Entity.entity_id)
        ).scalar_one()
        subtype = {"person": Person, "unit": Unit, "place": Place, "event": Event}[kind]
        values = {"entity_id": entity_id}
        if kind == "event":
            values["event_type"] = "other"
        conn.execute(insert(subtype).values(**values))
    exists = conn.execute(
        select(func.count()).select_from(Alias).where(
            Alias.entity_id == entity_id, Alias.folded == fold(alias), Alias.origin == "admin"
        )
    ).scalar_one()
    if exists:
        return entity_id, False
    conn.execute(
        insert(Alias).values(
            entity_id=entity_id, alias=alias, folded=fold(alias), skeleton=match_skeleton(alias), origin="admin",
            rule="admin", attested_by=attested_by,
        )
    )
    return entity_id, True


@alias_group.command("add")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("name")
@click.argument("alias")
@click.option("--source", "attested_by", default="administrator", show_default=True,
              help="Who or what attests the alias (a book, a gazetteer, a URL).")
@pass_app
def alias_add(app: AppContext, kind: str, name: str, alias: str, attested_by: str) -> None:
    """Declare ALIAS as another name of the KIND named NAME (created if the archive lacks it).

    Loads from now on resolve ALIAS to NAME; run `archive reprocess --all` to apply it to
    documents already loaded.
    """
    if not name.strip() or not alias.strip():
        raise ArchiveError("NAME and ALIAS must not be empty")
    engine = app.ready_engine()
    with connect(engine, write=True) as conn:
        entity_id, new = add_alias(conn, kind, name.strip(), alias.strip(), attested_by)
    click.echo(f"{kind} {name!r} (entity {entity_id}): alias {alias!r} " + ("added" if new else "already known"))


@alias_group.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@pass_app
def alias_import(app: AppContext, file) -> None:
    """Import aliases from a TSV file: kind, canonical name, alias, source (a header line and
    lines starting with # are skipped)."""
    engine = app.ready_engine()
    added = known = 0
    with connect(engine, write=True) as conn:
        for number, row in enumerate(csv.reader(file, delimiter="\t"), start=1):
            if not row or row[0].startswith("#") or row[0].strip().lower() == "kind":
                continue
            if len(row) < 3 or row[0].strip() not in KINDS or not row[1].strip() or not row[2].strip():
                raise ArchiveError(f"{file.name}, line {number}: expected kind, name, alias[, source] separated by tabs")
            source = row[3].strip() if len(row) > 3 and row[3].strip() else f"{file.name}:{number}"
            _, new = add_alias(conn, row[0].strip(), row[1].strip(), row[2].strip(), source)
            added += new
            known += not new
    click.echo(f"{added} aliases added, {known} already known")


@alias_group.command("list")
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind of entity.")
@click.option("--name", help="Only entities whose name contains this text.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def alias_list(app: AppContext, kind: str | None, name: str | None, fmt: str) -> None:
    """List aliases (of current documents, the curated file and administrators) and who attests them."""
    from sqlalchemy import text

    engine = app.ready_engine()
    query = (
        "SELECT entity_kind, name, alias, origin, attested_by FROM v_aliases "
        "WHERE (:kind = '' OR entity_kind = :kind) AND (:name = '' OR LOWER(name) LIKE '%' || LOWER(:name) || '%') "
        "AND alias <> name ORDER BY entity_kind, name, alias, origin"
    )
    with connect(engine) as conn:
        rows = conn.execute(text(query), {"kind": kind or "", "name": name or ""}).all()
    seen, unique = set(), []
    for r in rows:
        if tuple(r) not in seen:
            seen.add(tuple(r))
            unique.append(r)
    if fmt == "json":
        click.echo(json.dumps([dict(r._mapping) for r in unique], indent=2, ensure_ascii=False))
        return
    for r in unique:
        click.echo(f"{r.entity_kind:<6} {r.name} = {r.alias}   [{r.origin}: {r.attested_by or ''}]")


COMMANDS = [backup_command, alias_group]
