"""Terminal output shared by the commands: one progress-bar helper and the logging setup.

* Progress bars appear only when stderr is a terminal and ``--quiet`` is not given.
* Log lines go to stderr: human-readable on a terminal, one JSON object per line otherwise
  (cron, systemd, CI), always with the fields the code attached (``run_id``, ``path``...).
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
import time
from collections.abc import Iterator

import click

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class HumanFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extras = " ".join(f"{k}={v}" for k, v in vars(record).items() if k not in _STANDARD)
        return f"{record.levelname.lower()}: {record.getMessage()}" + (f" ({extras})" if extras else "")


def configure_logging(*, quiet: bool = False, verbose: bool = False, json_lines: bool | None = None) -> None:
    logger = logging.getLogger("archive")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    if json_lines is None:
        json_lines = not sys.stderr.isatty()
    handler.setFormatter(JsonFormatter() if json_lines else HumanFormatter())
    logger.addHandler(handler)
    logger.propagate = False
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    # On a terminal the progress bar and the summary say enough; keep info logs for files.
    if not json_lines and not verbose:
        level = max(level, logging.WARNING)
    logger.setLevel(level)


class _NoProgress:
    def update(self, n: int = 1, label: str | None = None) -> None:
        pass


@contextlib.contextmanager
def progress(total: int, label: str, *, quiet: bool = False) -> Iterator:
    """A progress bar on a terminal; a silent stand-in otherwise."""
    if quiet or not sys.stderr.isatty() or total <= 1:
        yield _NoProgress()
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True, show_eta=True) as bar:
        yield bar


def iter_json(mapping: dict, *, indent: int = 2) -> Iterator[str]:
    """``json.dumps(mapping, indent=indent)`` in pieces, with every value that is an iterator
    (a generator of rows read from the database) written as an array item by item, so a summary
    of a million documents is never held in memory. The text is the same as ``json.dumps`` of
    the materialised mapping."""
    pad = " " * indent

    def nested(value, level: int) -> str:
        return json.dumps(value, indent=indent).replace("\n", "\n" + pad * level)

    if not mapping:
        yield "{}"
        return
    yield "{"
    for number, (key, value) in enumerate(mapping.items()):
        yield ("," if number else "") + "\n" + pad + json.dumps(key) + ": "
        if not isinstance(value, Iterator):
            yield nested(value, 1)
            continue
        empty = True
        for item in value:
            yield ("[" if empty else ",") + "\n" + pad * 2 + nested(item, 2)
            empty = False
        yield "[]" if empty else "\n" + pad + "]"
    yield "\n}"


def echo_json(mapping: dict, *, chunk: int = 1 << 16) -> None:
    """Print ``iter_json(mapping)`` to stdout in chunks of about ``chunk`` characters."""
    buffer: list[str] = []
    size = 0
    for piece in iter_json(mapping):
        buffer.append(piece)
        size += len(piece)
        if size >= chunk:
            click.echo("".join(buffer), nl=False)
            buffer, size = [], 0
    click.echo("".join(buffer))
