"""The writer alone: load pre-extracted documents and time only the database side.

    python bench/bench_writer.py [--documents 200] [--rounds 1] [--postgres URL]

Extraction runs first (not timed; its results are cached in a pickle per corpus size), then
one ``Writer`` loads every document into a fresh SQLite database (and PostgreSQL with
--postgres or ARCHIVE_TEST_POSTGRES_URL). Prints milliseconds per document of wall time and of
this process's CPU time: on a busy machine the CPU figure is the steadier one. On PostgreSQL
the server's own CPU is not in it (it is in the wall time).

With ``--rounds R`` the same documents are loaded R times under new keys (R x N documents in
one archive, names recurring as in a real archive) and each round's figures are printed: a
writer whose cost grows with the archive shows it as rising figures from round to round.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from bench_load import corpus, fresh_postgres  # noqa: E402


def extractions(documents: int, cache: Path) -> list:
    path = cache / f"extractions_{documents}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    from etl.pipeline import extract
    from etl.read import read_path

    _, paths, _ = corpus(documents, cache)
    found = [(str(p.relative_to(cache)), extract(read_path(str(p)))) for p in paths]
    path.write_bytes(pickle.dumps(found))
    return found


def load_all(url: str, items: list, rounds: int = 1) -> list[tuple[float, float]]:
    from archive.db import make_engine
    from archive.migrate import upgrade
    from etl.load import Writer
    from etl.runs import RunCounts, RunStats, finish_run, start_run

    engine = make_engine(url)
    upgrade(engine)
    run_id = start_run(engine, "load", {})
    writer = Writer(engine, run_id)
    figures = []
    for round_ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        pending = None  # as the nightly job does: begin a document, then finish the one before
        for key, extraction in items:
            begun = writer.begin(extraction, key=f"{key}#{round_}" if round_ else key)
            if pending is not None:
                pending.finish()
            pending = begun
        if pending is not None:
            pending.finish()
        figures.append((time.perf_counter() - wall, time.process_time() - cpu))
    writer.close()
    finish_run(engine, run_id, RunCounts(), RunStats())
    engine.dispose()
    return figures


def show(backend: str, figures: list[tuple[float, float]], n: int) -> None:
    for round_, (wall, cpu) in enumerate(figures, 1):
        label = backend if len(figures) == 1 else f"{backend} round {round_} (archive {(round_ - 1) * n}->{round_ * n})"
        print(f"{label + ':':<46} {wall * 1000 / n:6.1f} ms/document wall, {cpu * 1000 / n:6.1f} ms CPU (writer process)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", "-n", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1, help="load the documents this many times")
    parser.add_argument("--postgres", default=os.environ.get("ARCHIVE_TEST_POSTGRES_URL"))
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "archive-bench")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    items = extractions(args.documents, args.cache)
    n = len(items)
    with tempfile.TemporaryDirectory() as tmp:
        show("sqlite", load_all(f"sqlite:///{tmp}/bench.db", items, args.rounds), n)
    if args.postgres:
        url, drop = fresh_postgres(args.postgres)
        try:
            figures = load_all(url, items, args.rounds)
        finally:
            drop()
        show("postgresql", figures, n)


if __name__ == "__main__":
    main()
