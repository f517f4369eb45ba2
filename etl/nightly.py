"""The nightly job: load what is new or changed in an inbox, incrementally.

    plan(engine, inbox) -> Plan     which files need loading (cheap: stat only)
    Job.run(plan.tasks)             read, hash, extract, write (see etl.job)

The cheap check: a file whose size and mtime equal what the last load recorded in
``file_states`` is not even opened. A file whose size or mtime changed is read and hashed;
if its bytes equal the current version it is recorded as unchanged without extraction. A file
that failed before (``quarantine``) is retried only when its size or mtime changed, or with
``retry_failed``. Documents whose files disappear from the inbox stay in the archive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from archive.db import connect
from archive.errors import ConfigError
from archive.models import FileState, Quarantine
from etl.job import DiscoveryProblem, Task, discover, file_stat


@dataclass
class Plan:
    tasks: list[Task] = field(default_factory=list)
    problems: list[DiscoveryProblem] = field(default_factory=list)
    unchanged: int = 0  # size and mtime as recorded: not opened
    quarantined: list[str] = field(default_factory=list)  # failed before and unchanged since

    @property
    def seen(self) -> int:
        return len(self.tasks) + self.unchanged + len(self.quarantined) + len(self.problems)


def plan(engine: Engine, inbox: str | Path, *, retry_failed: bool = False) -> Plan:
    inbox = Path(inbox)
    if not inbox.is_dir():
        raise ConfigError(f"inbox {str(inbox)!r} is not a directory")
    candidates, problems = discover([str(inbox)])
    with connect(engine) as conn:
        states = {
            r.path: (r.size, r.mtime_ns)
            for r in conn.execute(select(FileState.path, FileState.size, FileState.mtime_ns))
        }
        failed = {
            r.path: (r.size, r.mtime_ns)
            for r in conn.execute(select(Quarantine.path, Quarantine.size, Quarantine.mtime_ns))
        }
    result = Plan(problems=problems)
    for task in candidates:
        stat_now = file_stat(task.path)
        if stat_now is not None and states.get(task.path) == (stat_now.size, stat_now.mtime_ns):
            result.unchanged += 1
            continue
        if (
            not retry_failed
            and task.path in failed
            and (stat_now is None or failed[task.path] == (stat_now.size, stat_now.mtime_ns))
        ):
            result.quarantined.append(task.path)
            continue
        result.tasks.append(Task(task.path, task.key, stat_now))
    return result
