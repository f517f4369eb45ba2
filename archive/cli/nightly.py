"""``archive nightly``, ``archive runs``: the scheduled job and its history."""

from __future__ import annotations

import json

import click
from sqlalchemy import func, select

from archive.cli.context import AppContext
from archive.cli.load import default_jobs, print_summary
from archive.cli.output import configure_logging, progress
from archive.db import connect
from archive.errors import EXIT_DOCUMENTS_FAILED
from archive.lock import job_lock
from archive.models import EtlRun, Quarantine, RunDocument

pass_app = click.make_pass_decorator(AppContext)


@click.command("nightly")
@click.option("--inbox", required=True, type=click.Path(), help="Directory to load new and changed documents from.")
@click.option("--dry-run", is_flag=True, help="Only list what would be loaded; change nothing.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=default_jobs, show_default="cores",
              help="Worker processes for reading and extraction.")
@click.option("--retry-failed", is_flag=True, help="Retry quarantined files even if they did not change.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; only warnings, errors and the summary.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def nightly(app: AppContext, inbox, dry_run, jobs, retry_failed, quiet, fmt) -> None:
    """Load what is new or changed in INBOX: the command cron or a systemd timer runs.

    Incremental (files whose size and mtime are unchanged are not opened), idempotent (a
    second run loads nothing), one transaction per document, locked against a second run.

    \b
    Exit codes: 0 success; 3 some documents failed (quarantined, the rest loaded);
    4 another run holds the lock; 5 configuration or database error.
    """
    from etl.job import Job
    from etl.nightly import plan
    from etl.runs import mark_dead_runs

    configure_logging(quiet=quiet)
    engine = app.ready_engine()
    with job_lock(engine, "nightly"):
        with connect(engine, write=True) as conn:
            mark_dead_runs(conn, command="nightly")
        work = plan(engine, inbox, retry_failed=retry_failed)
        if dry_run:
            _print_plan(work, fmt)
            return
        with progress(len(work.tasks), "nightly", quiet=quiet) as bar:
            job = Job(
                engine,
                command="nightly",
                jobs=min(jobs, max(1, len(work.tasks))),
                options={"inbox": str(inbox), "jobs": jobs, "retry_failed": retry_failed},
                on_document=lambda report: bar.update(1),
            )
            summary = job.run(
                work.tasks, work.problems, unchanged=work.unchanged, skipped=len(work.quarantined)
            )
    print_summary(summary, fmt)
    if summary.counts.n_failed:
        raise click.exceptions.Exit(EXIT_DOCUMENTS_FAILED)


def _print_plan(work, fmt: str) -> None:
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "would_load": [{"path": t.path, "key": t.key} for t in work.tasks],
                    "unchanged": work.unchanged,
                    "quarantined": work.quarantined,
                    "problems": [{"path": p.path, "reason": p.reason} for p in work.problems],
                },
                indent=2,
            )
        )
        return
    click.echo(
        f"dry run: {len(work.tasks)} to load, {work.unchanged} unchanged, "
        f"{len(work.quarantined)} quarantined (unchanged since they failed), {len(work.problems)} unreadable"
    )
    for task in work.tasks:
        click.echo(f"  load {task.key}")
    for path in work.quarantined:
        click.echo(f"  skip {path} (quarantined; --retry-failed to retry)")
    for problem in work.problems:
        click.echo(f"  FAIL {problem.path}: {problem.reason}")


@click.command("runs")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=20, show_default=True, help="How many runs.")
@click.option("--run", "run_id", type=int, help="Show one run's per-document outcomes.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def runs(app: AppContext, limit, run_id, fmt) -> None:
    """Show the history of ETL runs (newest first), or one run's documents with --run."""
    engine = app.ready_engine()
    with connect(engine) as conn:
        if run_id is not None:
            rows = conn.execute(
                select(RunDocument.outcome, RunDocument.document_key, RunDocument.path, RunDocument.error,
                       RunDocument.seconds, RunDocument.n_segments, RunDocument.n_claims)
                .where(RunDocument.run_id == run_id)
                .order_by(RunDocument.run_document_id)
            ).all()
            if fmt == "json":
                click.echo(json.dumps([dict(r._mapping) for r in rows], indent=2, default=str))
                return
            for r in rows:
                detail = r.error or f"{r.n_segments or 0} segments, {r.n_claims or 0} claims"
                click.echo(f"{r.outcome:<11} {r.document_key or r.path}  {detail}")
            return
        rows = conn.execute(
            select(*EtlRun.__table__.columns).order_by(EtlRun.run_id.desc()).limit(limit)
        ).all()
        quarantined = conn.execute(select(func.count()).select_from(Quarantine)).scalar_one()
    if fmt == "json":
        click.echo(json.dumps([
            {c: getattr(r, c) for c in ("run_id", "command", "status", "started_at", "finished_at", "code_version",
                                        "n_documents", "n_new", "n_changed", "n_unchanged", "n_failed", "n_skipped",
                                        "message")}
            for r in rows
        ], indent=2, default=str))
        return
    click.echo(f"{'run':>5}  {'command':<9} {'status':<11} {'started':<19}  {'secs':>7}  new chg unch fail skip")
    for r in rows:
        seconds = (r.finished_at - r.started_at).total_seconds() if r.finished_at and r.started_at else None
        click.echo(
            f"{r.run_id:>5}  {r.command:<9} {r.status:<11} {r.started_at:%Y-%m-%d %H:%M:%S}  "
            f"{'' if seconds is None else f'{seconds:7.1f}':>7}  {r.n_new:>3} {r.n_changed:>3} {r.n_unchanged:>4} "
            f"{r.n_failed:>4} {r.n_skipped:>4}"
        )
    if quarantined:
        click.echo(f"{quarantined} file(s) in quarantine: archive report run etl_runs shows why")




@click.command("reprocess")
@click.option("--all", "all_documents", is_flag=True, help="Reprocess every current document version.")
@click.option("--document", "documents", multiple=True, metavar="ID",
              help="A document key (its path in the archive) or numeric document id (repeatable).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=default_jobs, show_default="cores",
              help="Worker processes for extraction.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def reprocess(app: AppContext, all_documents, documents, jobs, quiet, fmt) -> None:
    """Re-run extraction over the archived text when the rules improved (no files needed).

    Each document's derived rows are replaced in one transaction and record this run; the
    claims that appeared or disappeared are shown by `archive report run claim_changes`.
    """
    from etl.reprocess import reprocess as run_reprocess
    from etl.reprocess import select_versions

    if all_documents == bool(documents):
        raise click.UsageError("give either --all or at least one --document")
    configure_logging(quiet=quiet)
    engine = app.ready_engine()
    with job_lock(engine, "reprocess"):
        versions = select_versions(engine, documents)
        with progress(len(versions), "reprocessing", quiet=quiet) as bar:
            summary = run_reprocess(engine, versions, jobs=min(jobs, max(1, len(versions))),
                                    on_document=lambda report: bar.update(1))
    print_summary(summary, fmt)
    if summary.counts.n_failed:
        raise click.exceptions.Exit(EXIT_DOCUMENTS_FAILED)


COMMANDS = [nightly, runs, reprocess]
