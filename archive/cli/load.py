"""``archive load``: archive documents from files, directories and glob patterns."""

from __future__ import annotations

import os

import click

from archive.cli.context import AppContext
from archive.cli.output import configure_logging, echo_json, progress
from archive.errors import EXIT_DOCUMENTS_FAILED

pass_app = click.make_pass_decorator(AppContext)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def print_summary(summary, fmt: str) -> None:
    c = summary.counts
    rows = summary.stats.rows
    if fmt == "json":
        # The per-document results are streamed from the run log (see JobSummary.results).
        echo_json(
            {
                "run_id": summary.run_id,
                "status": summary.status,
                "documents": {
                    "total": c.n_documents,
                    "new": c.n_new,
                    "changed": c.n_changed,
                    "unchanged": c.n_unchanged,
                    "failed": c.n_failed,
                    "skipped": c.n_skipped,
                },
                "rows": rows,
                "peak_memory_mb": summary.stats.memory,
                "stage_seconds": summary.stats.seconds,
                "failures": [{"path": d.path, "error": d.error} for d in summary.failed],
                "results": (
                    {"key": d.key, "path": d.path, "outcome": d.outcome, "version": d.version, "error": d.error}
                    for d in summary.results()
                ),
                "seconds": round(summary.seconds, 3),
            }
        )
        return
    click.echo(
        f"run {summary.run_id} {summary.status}: {c.n_documents} documents "
        f"({c.n_new} new, {c.n_changed} changed, {c.n_unchanged} unchanged, {c.n_failed} failed"
        + (f", {c.n_skipped} skipped" if c.n_skipped else "")
        + f") in {summary.seconds:.1f}s"
    )
    if rows:
        parts = [f"{rows.get(k, 0):,} {k}" for k in ("segments", "citations", "references", "mentions", "claims") if k in rows]
        if rows.get("event_dates"):
            parts.append(f"{rows['event_dates']:,} event dates")
        click.echo("  " + ", ".join(parts))
    for doc in summary.failed:
        click.echo(f"  FAILED {doc.path}: {doc.error}", err=True)


@click.command("load")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--id", "document_id", metavar="ID", help="Archive a single file under this document identifier.")
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    help="Compute document keys relative to this directory (default: the directory given).",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=default_jobs, show_default="cores",
              help="Worker processes for reading and extraction.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only errors and the summary.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def load(app: AppContext, paths, document_id, root, jobs, quiet, fmt) -> None:
    """Archive documents: files, directories (recursively) and glob patterns.

    Each document is loaded in its own transaction: a failure leaves no trace of that document
    and does not stop the others. The same bytes again change nothing; changed bytes for the
    same document (same path relative to the directory given, or the same --id) make a new
    version and keep the old one. Exit code 3 when any document failed.
    """
    from etl.job import Job, discover

    configure_logging(quiet=quiet)
    tasks, problems = discover(paths, explicit_id=document_id, root=root)
    engine = app.ready_engine()
    with progress(len(tasks) + len(problems), "loading", quiet=quiet) as bar:
        job = Job(
            engine,
            command="load",
            jobs=min(jobs, max(1, len(tasks))),
            options={"paths": list(paths), "id": document_id, "jobs": jobs},
            on_document=lambda report: bar.update(1),
        )
        summary = job.run(tasks, problems)
    print_summary(summary, fmt)
    if summary.counts.n_failed:
        raise click.exceptions.Exit(EXIT_DOCUMENTS_FAILED)


COMMANDS = [load]
