"""End-to-end load benchmark: MB/s and documents/s, no-op re-run time, peak memory.

    python bench/bench_load.py [--documents 1000] [--big 10000] [--postgres URL] [--json OUT]

For a synthetic corpus (bench/make_corpus.py) it measures, in one run:

* the raw baseline: reading the same bytes and scanning them with a names-and-numbers regex
  (the cheapest thing that still "looks at" every document);
* ``archive nightly`` into a fresh SQLite database (and PostgreSQL with --postgres or
  ARCHIVE_TEST_POSTGRES_URL) with ``--jobs 1`` and ``--jobs 2``: wall time, MB/s, documents/s,
  the ratio to the baseline, and the peak resident memory of the writer and of the workers;
* the no-op re-run: ``archive nightly`` again over the same, unchanged inbox;
* with --big N: the same SQLite --jobs 2 load for N documents, to show that peak memory does
  not grow with the corpus (streaming).

Each load runs ``archive`` in a fresh process, as cron would. Results print as a table (and
JSON with --json); record them in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_corpus import generate  # noqa: E402

BASELINE = re.compile(r"\b[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*|\d[\d,.]*")

RUNNER = """
import contextlib, json, resource, sys, tempfile, time
from archive.cli import main
started = time.perf_counter()
# The summary goes to a file, as cron's output would: holding it in this process would add
# to the peak measured below.
out = tempfile.TemporaryFile("w+", encoding="utf-8")
try:
    with contextlib.redirect_stdout(out):
        returned = main(sys.argv[1:], standalone_mode=False)
    code = returned if isinstance(returned, int) else 0
except SystemExit as exc:
    code = exc.code or 0
except Exception as exc:
    print(repr(exc), file=sys.stderr)
    code = 1
seconds = time.perf_counter() - started
rss_writer_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before reading the summary
out.seek(0)
try:
    summary = json.load(out)
except ValueError:
    summary = {}
memory = summary.get("peak_memory_mb", {})
print(json.dumps({
    "seconds": seconds,
    "code": code,
    "rss_writer_mb": rss_writer_mb,
    # workers start from a fork server (not children of this process): each reports its own peak
    "rss_workers_mb": memory.get("worker", 0.0),
    "stage_seconds": summary.get("stage_seconds", {}),
}))
"""


def corpus(documents: int, cache: Path) -> tuple[Path, list[Path], int]:
    directory = cache / f"corpus_{documents}"
    paths = sorted(directory.rglob("*.txt")) if directory.exists() else []
    if len(paths) != documents:
        paths = generate(directory, documents)
    size = sum(p.stat().st_size for p in paths)
    return directory, paths, size


def baseline(paths: list[Path]) -> float:
    """Seconds to read every file and scan it for names and numbers (best of three)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        found = 0
        for path in paths:
            found += len(BASELINE.findall(path.read_bytes().decode("utf-8")))
        best = min(best, time.perf_counter() - started)
    return best


def archive(url: str, *args: str) -> dict:
    """Run one archive command in a fresh process; wall time and peak memory from inside it."""
    env = {**os.environ, "ARCHIVE_DATABASE_URL": url}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", RUNNER, *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    try:
        data = json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise SystemExit(f"archive {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    if data["code"] not in (0, None):
        raise SystemExit(f"archive {' '.join(args)} exited {data['code']}:\n{result.stderr[-2000:]}")
    data["wall"] = wall
    return data


def fresh_postgres(server_url: str) -> tuple[str, callable]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(make_url(server_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    name = f"archive_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def measure(backend: str, url: str, inbox: Path, size: int, documents: int, jobs: int, base_seconds: float) -> dict:
    load = archive(url, "nightly", "--inbox", str(inbox), "--jobs", str(jobs), "--quiet", "--format", "json")
    noop = archive(url, "nightly", "--inbox", str(inbox), "--jobs", str(jobs), "--quiet", "--format", "json")
    mb = size / 1e6
    return {
        "backend": backend,
        "documents": documents,
        "jobs": jobs,
        "mb": round(mb, 2),
        "seconds": round(load["wall"], 2),
        "mb_per_s": round(mb / load["wall"], 3),
        "docs_per_s": round(documents / load["wall"], 1),
        "ratio_to_baseline": round((mb / load["wall"]) / (mb / base_seconds), 4),
        "noop_seconds": round(noop["wall"], 2),
        "rss_writer_mb": round(load["rss_writer_mb"], 1),
        "rss_workers_mb": round(load["rss_workers_mb"], 1),
        "stage_ms_per_doc": {k: round(v * 1000 / documents, 1) for k, v in load["stage_seconds"].items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", "-n", type=int, default=1000)
    parser.add_argument("--big", type=int, default=0, help="also load this many documents (memory check)")
    parser.add_argument("--postgres", default=os.environ.get("ARCHIVE_TEST_POSTGRES_URL"),
                        help="a PostgreSQL server URL (a database to CREATE DATABASE from)")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "archive-bench")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    args.cache.mkdir(parents=True, exist_ok=True)
    inbox, paths, size = corpus(args.documents, args.cache)
    base_seconds = baseline(paths)
    rows = []
    print(f"corpus: {len(paths)} documents, {size / 1e6:.1f} MB; machine: {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"baseline (read + names/numbers regex): {size / 1e6 / base_seconds:.1f} MB/s")
    jobs_list = [int(j) for j in args.jobs.split(",")]
    for jobs in jobs_list:
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(measure("sqlite", f"sqlite:///{tmp}/bench.db", inbox, size, len(paths), jobs, base_seconds))
    if args.postgres:
        for jobs in jobs_list:
            url, drop = fresh_postgres(args.postgres)
            try:
                archive(url, "db", "upgrade")
                rows.append(measure("postgresql", url, inbox, size, len(paths), jobs, base_seconds))
            finally:
                drop()
    if args.big:
        big_inbox, big_paths, big_size = corpus(args.big, args.cache)
        big_base = baseline(big_paths)
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(measure("sqlite", f"sqlite:///{tmp}/bench.db", big_inbox, big_size, len(big_paths),
                                max(jobs_list), big_base))

    header = ("backend", "documents", "jobs", "mb", "seconds", "mb_per_s", "docs_per_s", "ratio_to_baseline",
              "noop_seconds", "rss_writer_mb", "rss_workers_mb")
    print()
    print(" | ".join(header))
    for row in rows:
        print(" | ".join(str(row[h]) for h in header))
    first = rows[0]
    print(f"\nwhere the time goes ({first['backend']}, --jobs {first['jobs']}; CPU ms per document, summed over "
          "processes): " + ", ".join(f"{k} {v}" for k, v in first["stage_ms_per_doc"].items()))
    sqlite2 = next((r for r in rows if r["backend"] == "sqlite" and r["jobs"] == 2 and r["documents"] == len(paths)), None)
    pg2 = next((r for r in rows if r["backend"] == "postgresql" and r["jobs"] == 2), None)
    if sqlite2 and pg2:
        print(f"\nPostgreSQL / SQLite load rate (--jobs 2): {pg2['mb_per_s'] / sqlite2['mb_per_s']:.0%}")
    if args.big and sqlite2:
        big = rows[-1]
        print(f"peak memory {big['documents']} vs {sqlite2['documents']} documents: writer "
              f"{big['rss_writer_mb'] / sqlite2['rss_writer_mb']:.2f}x, workers "
              f"{big['rss_workers_mb'] / max(sqlite2['rss_workers_mb'], 1):.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"baseline_mb_per_s": size / 1e6 / base_seconds, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
