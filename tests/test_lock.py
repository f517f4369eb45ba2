"""The job lock: a second run is refused at once; a SIGKILLed holder never blocks the next run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from archive.db import make_engine
from archive.errors import EXIT_LOCKED, LockHeld
from archive.lock import job_lock

HOLDER = textwrap.dedent(
    """
    import sys, time
    from archive.db import make_engine
    from archive.lock import job_lock
    engine = make_engine(sys.argv[1])
    with job_lock(engine, "test"):
        print("locked", flush=True)
        time.sleep(120)
    """
)


def start_holder(url: str) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, url], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_second_holder_is_refused_in_process(db_url):
    engine = make_engine(db_url)
    with job_lock(engine):
        with pytest.raises(LockHeld) as info:
            with job_lock(make_engine(db_url)):
                pass
        assert info.value.exit_code == EXIT_LOCKED
    with job_lock(engine):  # released
        pass
    engine.dispose()


def test_lock_held_by_other_process_then_sigkill_frees_it(db_url):
    holder = start_holder(db_url)
    engine = make_engine(db_url)
    try:
        started = time.monotonic()
        with pytest.raises(LockHeld, match="another run holds"):
            with job_lock(engine):
                pass
        assert time.monotonic() - started < 5, "a held lock must be refused at once, not waited for"
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        deadline = time.monotonic() + 10
        while True:  # PostgreSQL notices the dead connection within moments
            try:
                with job_lock(engine):
                    break
            except LockHeld:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        if holder.poll() is None:
            holder.kill()
        engine.dispose()
