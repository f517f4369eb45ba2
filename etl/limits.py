"""Bounds on the work one document may cause, so that hostile input cannot hang a run.

Each limit is named in the error or warning it causes; administrators can raise them with the
environment variables given (read once, at import).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


# A file larger than this is rejected before it is read into memory.
MAX_FILE_BYTES = _env_int("ARCHIVE_MAX_FILE_BYTES", 64 * 1024 * 1024)
# A sentence longer than this is cut into pieces of at most this many characters (at
# whitespace when possible), so every later stage works on bounded input.
MAX_SEGMENT_CHARS = _env_int("ARCHIVE_MAX_SEGMENT_CHARS", 5_000)
# More citation markers than this in one segment: the document is rejected (it is not prose).
MAX_MARKERS_PER_SEGMENT = _env_int("ARCHIVE_MAX_MARKERS_PER_SEGMENT", 500)
# More numbers than this in one segment: its claims are not extracted (a warning says so).
MAX_NUMBERS_PER_SEGMENT = _env_int("ARCHIVE_MAX_NUMBERS_PER_SEGMENT", 200)
# More segments than this in one document: the document is rejected.
MAX_SEGMENTS_PER_DOCUMENT = _env_int("ARCHIVE_MAX_SEGMENTS_PER_DOCUMENT", 200_000)
# Extracting one document (read, segment, recognise, claims) may take at most this many seconds;
# past it the document fails with an error naming this limit and the run goes on. An ordinary
# document takes a few hundredths of a second; one near the other limits, a minute or two. (A catastrophic regex or a rule that loops must not hang a nightly run.)
MAX_EXTRACT_SECONDS = _env_int("ARCHIVE_MAX_EXTRACT_SECONDS", 600)
# A worker process that has not answered this long after its document's limit is stuck where
# the limit cannot reach it (C code that does not check for signals): it is killed.
STUCK_WORKER_GRACE_SECONDS = 60


class ExtractionTimeout(BaseException):
    """Extraction of one document ran past its time limit.

    A BaseException, like KeyboardInterrupt: a stage's ``except Exception`` (which keeps one
    faulty rule from losing a document) must not swallow it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"extraction took longer than {seconds:g} s (the limit, ARCHIVE_MAX_EXTRACT_SECONDS): stopped"
        )


@contextlib.contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Raise ExtractionTimeout in this thread if the block runs longer than ``seconds`` (wall
    clock; default MAX_EXTRACT_SECONDS).

    Uses SIGALRM, so it applies only in the main thread of a POSIX process (elsewhere the block
    runs unbounded, as before). Python checks for signals between bytecodes and inside the
    regex engine, so both a looping rule and a backtracking pattern are stopped. The timer
    repeats until the block ends: an exception raised while Python runs a finaliser or a weakref
    callback is printed and dropped (seen: SQLAlchemy's, during garbage collection), and the next
    tick raises again."""
    limit = MAX_EXTRACT_SECONDS if seconds is None else seconds
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ExtractionTimeout(limit)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, limit, min(limit, 1.0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
