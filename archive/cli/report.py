"""``archive report`` and ``archive search``: canned SQL reports and full-text search."""

from __future__ import annotations

import json

import click

from archive.cli.context import AppContext
from archive.reports import FORMATS, get_report, load_reports, render, run_report

pass_app = click.make_pass_decorator(AppContext)


@click.group("report")
def report_group() -> None:
    """Canned SQL reports (one file each in sql/): list, show, run."""


@report_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_reports(fmt: str) -> None:
    """List the reports with their titles and parameters."""
    reports = load_reports()
    if fmt == "json":
        click.echo(json.dumps([
            {
                "name": r.name,
                "title": r.title,
                "description": r.description,
                "parameters": [
                    {"name": p.name, "type": p.type,
                     "default": p.default.isoformat() if hasattr(p.default, "isoformat") else p.default,
                     "help": p.help}
                    for p in r.parameters
                ],
            }
            for r in reports.values()
        ], indent=2))
        return
    width = max(len(n) for n in reports)
    for r in reports.values():
        params = " ".join(f"-p {p.name}=" for p in r.parameters)
        click.echo(f"{r.name:<{width}}  {r.title}" + (f"   [{params}]" if params else ""))


@report_group.command("show")
@click.argument("name")
@click.option("--dialect", type=click.Choice(["sqlite", "postgresql"]), help="Show the variant for this backend.")
def show_report(name: str, dialect: str | None) -> None:
    """Print a report's SQL (to copy into sqlite3, psql or DBeaver)."""
    click.echo(get_report(name).sql(dialect).rstrip())


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        if "=" not in item:
            raise click.UsageError(f"parameter {item!r} must look like key=value")
        key, value = item.split("=", 1)
        params[key.strip()] = value
    return params


@report_group.command("run")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A report parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="json: an object with 'columns' and 'rows' (rows are lists in column order).")
@click.option("--max-width", type=click.IntRange(min=10), default=80, show_default=True,
              help="Clip table cells to this many characters (table format only).")
@pass_app
def run(app: AppContext, name: str, params: tuple[str, ...], fmt: str, max_width: int) -> None:
    """Run report NAME and print its rows."""
    report = get_report(name)
    given = _parse_params(params)
    engine = app.ready_engine()
    result = run_report(engine, report, given)
    if fmt == "table":
        click.echo(report.title)
        click.echo("")
    click.echo(render(result, fmt, max_width=max_width))


@click.command("search")
@click.argument("text_", metavar="TEXT")
@click.option("--limit", "-n", type=click.IntRange(min=1, max=10_000), default=20, show_default=True)
@click.option("--raw", is_flag=True, help="Use the backend's own query syntax (FTS5 MATCH / to_tsquery).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def search_command(app: AppContext, text_: str, limit: int, raw: bool, fmt: str) -> None:
    """Search the sentences of current documents; matches are shown [like this].

    TEXT: words that must all appear, "a phrase" in quotes, OR between alternatives,
    -word to exclude. English stemming: "passes" also finds "pass".
    """
    from archive.search import search

    engine = app.ready_engine()
    hits = search(engine, text_, limit=limit, raw=raw)
    if fmt == "json":
        click.echo(json.dumps([vars(h) for h in hits], indent=2, ensure_ascii=False))
        return
    if not hits:
        click.echo("no matches")
        return
    for hit in hits:
        click.echo(f"{hit.document} [{hit.char_start}:{hit.char_end}] ({hit.kind})")
        click.echo(f"    {hit.snippet}")


COMMANDS = [report_group, search_command]
