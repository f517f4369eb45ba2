"""Driving a run: find the files, extract in workers, write in one process, record outcomes.

    discover(paths) -> tasks            which files, under which document keys
    process(task)   -> WorkResult       pure: read + extract (runs in a worker process)
    Job.run(tasks)                      workers feed one writer, in input order

Ordering and memory: at most ``jobs * PREFETCH`` documents are in flight; results are written
in the order the tasks were given, whatever order workers finish in, so ``--jobs 2`` writes
exactly what ``--jobs 1`` writes, and memory stays flat however large the corpus.
"""

from __future__ import annotations

import contextlib
import fnmatch
import glob
import logging
import multiprocessing
import os
import pickle
import signal
import stat
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from archive.db import connect
from archive.errors import ArchiveError, InputRejected
from archive.models import Alias, DocumentVersion, Entity, RunDocument, Source
from etl.limits import MAX_EXTRACT_SECONDS, STUCK_WORKER_GRACE_SECONDS, ExtractionTimeout, time_limit
from etl.load import FileStat, Writer
from etl.runs import RunCounts, RunStats, finish_run, peak_rss_mb, start_run

log = logging.getLogger("archive.etl")

IGNORE_FILE = ".archiveignore"
PREFETCH = 4  # documents in flight per worker
# Worker processes run at a lower priority than the writer: the writer is the one serial stage,
# so the CPU should go to it whenever it has a document to write. The workers, at most PREFETCH
# documents ahead, take the rest. (Measured 8 % faster with --jobs 2 on two cores while
# multiprocessing.Pool's threads shared the writer's process; with the workers' own pipes it
# makes no measurable difference on an otherwise idle machine, 0.649 against 0.653 MB/s, and
# still gives the writer the CPU first on a busy one.)
WORKER_NICENESS = 10


@dataclass(frozen=True, slots=True)
class Task:
    """One file to load, and the document key it is archived under."""

    path: str  # absolute path
    key: str  # relative path to the load root, or the identifier given with --id
    stat: FileStat | None = None


@dataclass(frozen=True)
class DiscoveryProblem:
    path: str
    reason: str


@dataclass
class WorkResult:
    task: Task
    extraction: object | None = None  # etl.types.Extraction
    sha256: str | None = None
    error: str | None = None
    unchanged: bool = False  # the bytes match the current version: nothing to extract
    seconds: float = 0.0
    peak_mb: float = 0.0  # the worker process's peak resident memory after this task


# --- discovery ---------------------------------------------------------------------------


def _ignore_patterns(root: Path) -> list[str]:
    path = root / IGNORE_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _ignored(relative: str, patterns: list[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _walk(root: Path, problems: list[DiscoveryProblem]) -> Iterator[tuple[str, str]]:
    """Regular files under root, recursively, sorted, as (absolute path, path relative to
    root with "/"); hidden entries skipped; links followed once (a symlink loop is reported,
    not followed forever). Plain strings, not ``Path`` objects: pathlib interns every name it
    parses, which would keep every file name of a large inbox in memory for good."""
    seen_dirs: set[tuple[int, int]] = set()
    top = str(root.absolute())

    def shown(path: str) -> str:  # a directory as the user named it
        return str(root) + path[len(top):] if path.startswith(top) else path

    def onerror(exc: OSError) -> None:
        problems.append(DiscoveryProblem(shown(str(getattr(exc, "filename", top))), f"cannot read directory: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(top, followlinks=True, onerror=onerror):
        try:
            st = os.stat(dirpath)
        except OSError as exc:
            problems.append(DiscoveryProblem(shown(dirpath), f"cannot read directory: {exc.strerror}"))
            dirnames[:] = []
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in seen_dirs:
            problems.append(DiscoveryProblem(shown(dirpath), "directory reached twice (symlink loop); not descended"))
            dirnames[:] = []
            continue
        seen_dirs.add(ident)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        prefix = dirpath[len(top):].strip(os.sep).replace(os.sep, "/")
        for name in sorted(filenames):
            if not name.startswith("."):
                yield os.path.join(dirpath, name), f"{prefix}/{name}" if prefix else name


def discover(
    paths: Iterable[str],
    *,
    explicit_id: str | None = None,
    root: str | None = None,
) -> tuple[list[Task], list[DiscoveryProblem]]:
    """Files to load from files, directories (recursively) and glob patterns.

    Document keys are paths relative to the load root: the directory given (for files found
    in it), or the file's own directory (for a file given directly), or ``root`` if set; or
    ``explicit_id`` for a single file. So ``archive load corpus/`` and
    ``archive load corpus/a.txt`` archive ``a.txt`` under the same key.
    """
    tasks: list[Task] = []
    problems: list[DiscoveryProblem] = []
    for given in paths:
        matches = sorted(glob.glob(given)) if glob.has_magic(given) else [given]
        if not matches:
            problems.append(DiscoveryProblem(given, "no such file or directory (pattern matched nothing)"))
            continue
        for match in matches:
            path = Path(match)
            if path.is_dir():
                base = Path(root) if root else path
                patterns = _ignore_patterns(path)
                for file, relative in _walk(path, problems):
                    if not _ignored(relative, patterns):
                        tasks.append(Task(file, _relative_key(Path(file), base) if root else relative))
            elif path.exists() or path.is_symlink():
                base = Path(root) if root else path.parent
                tasks.append(Task(str(path.absolute()), _relative_key(path, base)))
            else:
                problems.append(DiscoveryProblem(str(path), "no such file or directory"))
    if explicit_id is not None:
        if len(tasks) != 1:
            raise ArchiveError(f"--id names one document, but {len(tasks)} files were given")
        tasks = [Task(tasks[0].path, explicit_id)]
    # One task per key: the same file named twice is loaded once.
    unique: dict[str, Task] = {}
    for task in tasks:
        unique.setdefault(task.key, task)
    return list(unique.values()), problems


def _relative_key(path: Path, base: Path) -> str:
    try:
        return path.absolute().relative_to(base.absolute()).as_posix()
    except ValueError:
        return path.name


def file_stat(path: str) -> FileStat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return FileStat(path=path, size=st.st_size, mtime_ns=st.st_mtime_ns)


# --- the pure part (worker side) ------------------------------------------------------------

_WORKER_STATE: dict = {}


def init_worker(extra_aliases: tuple, known_hashes: dict[str, str]) -> None:
    _WORKER_STATE["extra_aliases"] = extra_aliases
    _WORKER_STATE["known_hashes"] = known_hashes


def process(task: Task) -> WorkResult:
    """Read and extract one file. Never raises: failures come back as ``error``."""
    result = _process(task)
    result.peak_mb = peak_rss_mb()
    return result


def _lost_task(task: Task, reason: str) -> WorkResult:
    return WorkResult(task, error=reason)


def _process(task: Task) -> WorkResult:
    from etl.pipeline import extract
    from etl.read import read_path

    started = time.perf_counter()
    try:
        document = read_path(task.path)
        if _WORKER_STATE.get("known_hashes", {}).get(task.key) == document.sha256:
            return WorkResult(task, sha256=document.sha256, unchanged=True, seconds=time.perf_counter() - started)
        with time_limit():
            extraction = extract(document, extra_aliases=_WORKER_STATE.get("extra_aliases", ()))
        return WorkResult(task, extraction=extraction, sha256=document.sha256, seconds=time.perf_counter() - started)
    except (InputRejected, ExtractionTimeout) as exc:
        return WorkResult(task, error=str(exc), seconds=time.perf_counter() - started)
    except RecursionError:
        return WorkResult(task, error="document too deeply nested to parse", seconds=time.perf_counter() - started)
    except MemoryError:
        return WorkResult(task, error="out of memory while extracting", seconds=time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - a bug in a stage must not stop the batch
        log.debug("extraction failed for %s\n%s", task.path, traceback.format_exc())
        return WorkResult(
            task,
            error=f"internal error while extracting: {type(exc).__name__}: {exc}",
            seconds=time.perf_counter() - started,
        )


def ordered_map(
    function: Callable,
    items: Iterable,
    jobs: int,
    initargs: tuple,
    lost: Callable[[object, str], object],
    *,
    stuck_after: float | None = None,
) -> Iterator:
    """``function(item)`` for every item, in worker processes, yielded in input order.

    At most ``jobs * PREFETCH`` items are in flight, so memory does not grow with the input.
    Workers start from a fork server (no inherited database connections) and run
    ``init_worker(*initargs)`` first. With one job everything runs in this process. If a
    worker process dies (killed, out of memory), the item it was working on yields
    ``lost(item, reason)``, a new worker takes its place and the run goes on. So does a worker
    that gives no answer ``stuck_after`` seconds after it can have begun an item (default: the
    extraction time limit plus a grace period; ``function`` is expected to enforce the limit
    itself, this is for a worker stuck where a signal cannot reach it): it is killed.
    """
    if jobs <= 1:
        init_worker(*initargs)
        for item in items:
            yield function(item)
        return
    if stuck_after is None:
        stuck_after = MAX_EXTRACT_SECONDS + STUCK_WORKER_GRACE_SECONDS
    workers = _Workers(jobs, function, initargs, stuck_after)
    try:
        queue = iter(items)
        in_flight: deque = deque()  # (worker, item, when sent), in input order
        n = 0
        for item in queue:
            in_flight.append((workers.send(n % jobs, item), item, time.monotonic()))
            n += 1
            if len(in_flight) >= jobs * PREFETCH:
                break
        while in_flight:
            w, item, sent_at = in_flight.popleft()
            packed = workers.receive(w, sent_at)
            if packed is None:  # the worker died on this item: start another, give it the rest
                reason = workers.restart(w, [it for v, it, _ in in_flight if v == w])
                log.warning("worker process died", extra={"reason": reason})
            following = next(queue, None)
            if following is not None:
                in_flight.append((workers.send(n % jobs, following), following, time.monotonic()))
                n += 1
            yield lost(item, reason) if packed is None else pickle.loads(packed)
    finally:
        workers.close()


class _Workers:
    """Worker processes, each fed through a pipe of its own and answering through another.

    The caller's thread sends tasks and reads results itself: no pool threads in the writer's
    process (multiprocessing.Pool's three threads took the writer's GIL, and their wake-ups
    preempted the workers, dozens of times per document). Items go to workers in turn, and
    each worker answers in the order it was given them, so reading the workers in turn
    gives the results in input order."""

    def __init__(self, jobs: int, function: Callable, initargs: tuple, stuck_after: float) -> None:
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["etl.warm"])  # (workers start with the lexicons built)
        self.function, self.initargs, self.stuck_after = function, initargs, stuck_after
        self.slots: list = [None] * jobs
        self.answered = [0.0] * jobs  # when each worker's last answer was read (time.monotonic)
        self.stuck = [False] * jobs
        for w in range(jobs):
            self._start(w)

    def _start(self, w: int) -> None:
        tasks_in, tasks_out = self.context.Pipe(duplex=False)
        results_in, results_out = self.context.Pipe(duplex=False)
        _widen(results_out)  # a worker can run ahead of the writer without blocking on its answer
        process = self.context.Process(
            target=_worker_main, args=(tasks_in, results_out, self.function, self.initargs), daemon=True
        )
        process.start()
        tasks_in.close()
        results_out.close()
        self.slots[w] = (process, tasks_out, results_in)
        self.answered[w] = time.monotonic()

    def send(self, w: int, item) -> int:
        with contextlib.suppress(BrokenPipeError):  # it died: receive() tells, restart() sends again
            self.slots[w][1].send(item)
        return w

    def receive(self, w: int, sent_at: float) -> bytes | None:
        """The next result of worker w, or None if it died before sending it or was stuck on it.

        The worker began this item once it had it and had finished the one before, so no later
        than ``max(sent_at, when its previous answer was read)``: the wait is measured from there
        (never too early; later when the writer was busy)."""
        process, _, results_in = self.slots[w]
        try:
            began = max(sent_at, self.answered[w])
            if not results_in.poll(max(0.0, began + self.stuck_after - time.monotonic())):
                self.stuck[w] = True
                process.kill()
                return None
            packed = results_in.recv_bytes()
        except (EOFError, OSError):
            return None
        self.answered[w] = time.monotonic()
        return packed

    def restart(self, w: int, items: list) -> str:
        process, tasks_out, results_in = self.slots[w]
        process.join(5)
        code = process.exitcode
        tasks_out.close()
        results_in.close()
        self._start(w)
        for item in items:
            self.send(w, item)
        if self.stuck[w]:
            self.stuck[w] = False
            return f"worker process gave no answer within {self.stuck_after:g} s: killed while extracting"
        if code is not None and code < 0:
            return f"worker process killed by signal {-code} while extracting"
        return f"worker process died (exit code {code}) while extracting"

    def close(self) -> None:
        for slot in self.slots:
            if slot is None:
                continue
            process, tasks_out, results_in = slot
            with contextlib.suppress(OSError):
                tasks_out.close()  # end of input: an idle worker returns
            results_in.close()  # a busy one gets a broken pipe when it answers
        for slot in self.slots:
            if slot is None:
                continue
            process = slot[0]
            process.join(1)
            if process.is_alive():
                process.terminate()
                process.join()


def _widen(connection, size: int = 1 << 20) -> None:
    """Ask for a 1 MiB pipe (the default is 64 KiB): room for a few extractions. Linux only
    (elsewhere no F_SETPIPE_SZ, or no fcntl: the pipe keeps its size)."""
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl

        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, size)


def _worker_main(tasks, results, function: Callable, initargs: tuple) -> None:
    # Ctrl-C reaches the whole process group: the writer stops and closes the workers' pipes
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_pool_worker(*initargs)
    while True:
        try:
            item = tasks.recv()
        except (EOFError, OSError):
            return  # the writer closed the pipe: no more work
        try:
            results.send_bytes(pickle.dumps(function(item), protocol=pickle.HIGHEST_PROTOCOL))
        except (BrokenPipeError, OSError):
            return  # the writer stopped reading


def _init_pool_worker(*initargs) -> None:
    with contextlib.suppress(OSError, AttributeError):  # (no os.nice on Windows)
        os.nice(WORKER_NICENESS)
    init_worker(*initargs)


# --- the run (writer side) ------------------------------------------------------------------


@dataclass
class DocumentReport:
    key: str
    path: str
    outcome: str  # new | changed | unchanged | failed | skipped
    version: int | None = None
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class JobSummary:
    """What a run did. Per-document outcomes are in the run log (``run_documents``), not kept in
    memory: a run over a million files holds only its counts and its failures. ``results()``
    reads them back, in the order the run recorded them."""

    run_id: int
    status: str
    counts: RunCounts
    stats: RunStats
    failed: list[DocumentReport]
    seconds: float
    engine: Engine = field(repr=False)
    bytes_read: int = 0

    def results(self) -> Iterator[DocumentReport]:
        """Every document the run recorded, from the run log."""
        with connect(self.engine) as conn:
            rows = conn.execute(
                select(RunDocument.document_key, RunDocument.path, RunDocument.outcome, DocumentVersion.version,
                       RunDocument.error)
                .outerjoin(DocumentVersion, DocumentVersion.version_id == RunDocument.version_id)
                .where(RunDocument.run_id == self.run_id)
                .order_by(RunDocument.run_document_id)
                .execution_options(yield_per=500)
            )
            for key, path, outcome, version, error in rows:
                yield DocumentReport(key or path, path or key, outcome, version, error)


def admin_aliases(engine: Engine) -> tuple:
    """(kind, canonical name, alias) of the aliases administrators added: workers apply them."""
    with connect(engine) as conn:
        rows = conn.execute(
            select(Entity.kind, Entity.name, Alias.alias)
            .join(Entity, Entity.entity_id == Alias.entity_id)
            .where(Alias.origin == "admin")
            .order_by(Alias.alias_id)
        ).all()
    return tuple((r.kind, r.name, r.alias) for r in rows)


def current_hashes(engine: Engine, keys: Iterable[str]) -> dict[str, str]:
    wanted = list(keys)
    found: dict[str, str] = {}
    with connect(engine) as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found.update(
                conn.execute(
                    select(Source.key, DocumentVersion.sha256)
                    .join(DocumentVersion, DocumentVersion.source_id == Source.source_id)
                    .where(Source.kind == "document", Source.key.in_(chunk), DocumentVersion.is_current)
                ).all()
            )
    return found


class Job:
    """One run of load or nightly over a list of tasks."""

    def __init__(
        self,
        engine: Engine,
        *,
        command: str = "load",
        jobs: int = 1,
        options: dict | None = None,
        on_document: Callable[[DocumentReport], None] | None = None,
    ):
        self.engine = engine
        self.command = command
        self.jobs = max(1, jobs)
        self.options = options or {}
        self.on_document = on_document or (lambda report: None)

    def run(
        self,
        tasks: list[Task],
        problems: Iterable[DiscoveryProblem] = (),
        *,
        unchanged: int = 0,
        skipped: int = 0,
    ) -> JobSummary:
        """Run the tasks. ``unchanged``/``skipped`` count files the caller already decided
        not to open (the nightly's cheap check and quarantine): they appear in the run's counts."""
        started = time.perf_counter()
        run_id = start_run(self.engine, self.command, self.options)
        writer = Writer(self.engine, run_id)
        counts, stats, failures = RunCounts(), RunStats(), []
        counts.n_unchanged, counts.n_skipped = unchanged, skipped
        counts.n_documents = unchanged + skipped
        bytes_read = 0
        log.info("run started", extra={"run_id": run_id, "documents": len(tasks), "jobs": self.jobs})

        def report(doc: DocumentReport) -> None:
            counts.record(doc.outcome)
            if doc.outcome == "failed":
                failures.append(doc)  # (the others are in the run log: see JobSummary.results)
            self.on_document(doc)

        try:
            for problem in problems:
                writer.record_failure(path=problem.path, key=None, error=problem.reason, quarantine=False)
                report(DocumentReport(problem.path, problem.path, "failed", error=problem.reason))
            initargs = (admin_aliases(self.engine), current_hashes(self.engine, [t.key for t in tasks]))
            # The document begun and not finished (Writer.begin: on PostgreSQL its sentences are
            # written while the one before is finished), as (task, file stat, load, seconds).
            waiting: tuple | None = None

            def finish_waiting() -> None:
                nonlocal waiting
                if waiting is None:
                    return
                (task, stat_now, pending, extract_seconds), waiting = waiting, None
                try:
                    loaded = pending.finish()
                except ArchiveError as exc:
                    failed(task, stat_now, str(exc))
                    return
                done(task, loaded, extract_seconds)

            def failed(task: Task, stat_now, error: str) -> None:
                writer.record_failure(path=task.path, key=task.key, error=error, file_stat=stat_now)
                report(DocumentReport(task.key, task.path, "failed", error=error))

            def done(task: Task, loaded, extract_seconds: float) -> None:
                stats.add_rows(loaded.counts)
                stats.add_seconds({"write": loaded.seconds, "extract_total": extract_seconds})
                report(DocumentReport(task.key, task.path, loaded.outcome, loaded.version, counts=loaded.counts))

            for result in ordered_map(process, tasks, self.jobs, initargs, _lost_task):
                task = result.task
                stats.note_peak("worker" if self.jobs > 1 else "writer", result.peak_mb)
                stat_now = task.stat or file_stat(task.path)
                if result.error is not None:
                    finish_waiting()
                    log.warning("document failed", extra={"run_id": run_id, "path": task.path, "error": result.error})
                    failed(task, stat_now, result.error)
                    continue
                if result.unchanged:
                    finish_waiting()
                    try:
                        loaded = writer.load_unchanged(key=task.key, origin=task.path, file_stat=stat_now, sha256=result.sha256)
                    except ArchiveError as exc:
                        failed(task, stat_now, str(exc))
                        continue
                    done(task, loaded, result.seconds)
                    continue
                bytes_read += len(result.extraction.document.raw)
                stats.add_seconds(result.extraction.timings)
                try:
                    pending = writer.begin(result.extraction, key=task.key, origin=task.path, file_stat=stat_now)
                except ArchiveError as exc:
                    finish_waiting()
                    failed(task, stat_now, str(exc))
                    continue
                finish_waiting()
                waiting = (task, stat_now, pending, result.seconds)
            finish_waiting()
        except BaseException:
            writer.close()
            finish_run(self.engine, run_id, counts, stats, status="interrupted", message="stopped before the end")
            raise
        writer.close()
        stats.note_peak("writer", peak_rss_mb())
        status = finish_run(self.engine, run_id, counts, stats)
        seconds = time.perf_counter() - started
        log.info(
            "run finished",
            extra={"run_id": run_id, "status": status, "seconds": round(seconds, 3), **vars(counts)},
        )
        return JobSummary(run_id, status, counts, stats, failures, seconds, self.engine, bytes_read)
