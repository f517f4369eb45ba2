"""Dump, or check, the full output of the pure pipeline (``etl.pipeline.extract``).

    python bench/extract_snapshot.py --dump OUT.txt   [--synthetic N]
    python bench/extract_snapshot.py --compare OUT.txt [--synthetic N]

Documents: the sample corpus, ``tests/data/*/`` and N synthetic documents
(``bench/make_corpus.py``, default 200). Every record of every document's extraction (segments,
citations, references, entities, mentions, event dates, participants, places, commands, claims)
is written one per line, so two versions of the code can be compared: a speed-up must leave
the dump byte for byte the same. ``--compare`` exits 1 on the first difference and names it.
Also prints extraction milliseconds per document (one process, CPU time).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from make_corpus import generate  # noqa: E402


def documents(synthetic: int) -> list[Path]:
    paths = sorted((ROOT / "corpus").glob("*.txt"))
    for sub in sorted((ROOT / "tests" / "data").iterdir()):
        if sub.is_dir():
            paths += sorted(p for p in sub.iterdir() if p.suffix in (".txt", ".html", ".md") and p.name != "README.md")
    if synthetic:
        directory = Path(tempfile.gettempdir()) / "archive-bench" / f"corpus_{synthetic}"
        found = sorted(directory.rglob("*.txt")) if directory.exists() else []
        if len(found) != synthetic:
            found = generate(directory, synthetic)
        paths += sorted(found)
    return paths


def lines_of(extraction) -> list[str]:
    out = []
    seg = extraction.segmented
    for name, records in (
        ("segment", seg.segments),
        ("citation", seg.citations),
        ("reference", seg.references),
        ("entity", extraction.entities),
        ("mention", extraction.mentions),
        ("event_date", extraction.event_dates),
        ("participant", extraction.participants),
        ("event_place", extraction.event_places),
        ("command", extraction.commands),
        ("claim", extraction.claims),
    ):
        out.extend(f"{name}\t{record!r}" for record in records)
    return out


def main() -> int:
    from etl.pipeline import extract
    from etl.read import read_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--dump", type=Path)
    group.add_argument("--compare", type=Path)
    parser.add_argument("--synthetic", type=int, default=200)
    args = parser.parse_args()

    paths = documents(args.synthetic)
    expected = None
    if args.compare:
        expected = iter(args.compare.read_text(encoding="utf-8").splitlines())
    written = []
    cpu = 0.0
    for path in paths:
        document = read_path(str(path))
        started = time.process_time()
        extraction = extract(document)
        cpu += time.process_time() - started
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
        lines = [f"document\t{rel}"] + lines_of(extraction)
        if expected is not None:
            for line in lines:
                want = next(expected, "<end of dump>")
                if line != want:
                    print(f"DIFFERENT in {rel}:\n  expected: {want[:400]}\n  got:      {line[:400]}")
                    return 1
        else:
            written.extend(lines)
    if expected is not None and next(expected, None) is not None:
        print("DIFFERENT: the dump has more lines than this run produced")
        return 1
    if args.dump:
        args.dump.write_text("\n".join(written) + "\n", encoding="utf-8")
    print(f"{len(paths)} documents, extraction {cpu * 1000 / len(paths):.1f} ms/document (CPU)"
          + (": identical" if expected is not None else f"; dump in {args.dump}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
