"""The ``archive`` command: a Click group whose subcommands live in modules beside this one.

Errors: the library raises ``ArchiveError`` subclasses; here they become one line on stderr
and the exit code the exception names (see ``archive.errors``). Unexpected exceptions are
bugs: they print one line too, and the traceback when ``ARCHIVE_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys

import click
from sqlalchemy.exc import DBAPIError

from archive import __version__
from archive.cli.context import AppContext
from archive.errors import EXIT_CONFIG, EXIT_ERROR, ArchiveError


class ArchiveCLIError(click.ClickException):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


class ArchiveGroup(click.Group):
    """A group that turns domain errors into clean messages and exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ArchiveError as exc:
            raise ArchiveCLIError(str(exc), exc.exit_code) from exc
        except DBAPIError as exc:
            app = ctx.find_object(AppContext)
            where = app.masked_url if app else "the database"
            first = str(getattr(exc, "orig", exc)).strip().splitlines()
            raise ArchiveCLIError(
                f"database error on {where}: {first[0] if first else type(exc).__name__}",
                EXIT_CONFIG,
            ) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - last resort: a bug, reported in one line
            if os.environ.get("ARCHIVE_DEBUG"):
                raise
            raise ArchiveCLIError(
                f"internal error: {type(exc).__name__}: {exc} (set ARCHIVE_DEBUG=1 for the traceback)",
                EXIT_ERROR,
            ) from exc


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=ArchiveGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Database URL. Default: $ARCHIVE_DATABASE_URL, else sqlite:///archive.db.",
)
@click.version_option(__version__, "--version", prog_name="archive")
@click.pass_context
def main(ctx: click.Context, db_url: str | None) -> None:
    """An archive for conflict history: documents, sentences, persons, units, places,
    events and sourced claims, in SQLite or PostgreSQL.

    \b
    Quick start:
      archive load corpus/          load the sample documents (creates archive.db)
      archive report run conflicts  where do the sources disagree?
      archive status                what is in the archive
    """
    ctx.obj = AppContext(db_url)
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from archive.cli import admin, db, load, nightly, report, status

    for module in (admin, db, load, nightly, report, status):
        for command in module.COMMANDS:
            main.add_command(command)


_register()


def run() -> None:  # pragma: no cover - console entry point alias
    sys.exit(main())
