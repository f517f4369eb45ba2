"""Throughput of ``etl.recognise.recognise()`` alone, and a dump of its full output.

    python bench/bench_recognise.py [--synthetic /tmp/bench_recognise_corpus] [--n 300] [--repeat 5]
                                    [--dump OUT.txt] [--compare BASELINE.txt] [--cold] [--wall] [--check]

Documents: ``corpus/*.txt``, ``tests/data/extra/*.txt`` and a synthetic corpus made by
``bench/make_corpus.py`` (generated into ``--synthetic`` when it holds fewer than ``--n``).
Segmentation uses the real reader and segmenter (``etl.read.read_bytes`` + ``etl.segment``)
when they import, else a ReadDocument built by hand, else the simple splitter of
``tests/test_entity_accuracy.py``. Segmentations are cached in a pickle (``--segments``) so
that before/after comparisons are not disturbed by concurrent edits of the segmenter; pass
``--resegment`` to rebuild it.

Only ``recognise()`` is timed. For each set it prints MB/s of document text (UTF-8 bytes of
the whole document, the pipeline's measure) and chars/s of the text of the segments the
recogniser reads (sentence, heading, title, caption). ``first`` is the first pass (the
per-process caches, e.g. ``fold``, start cold, as in a worker), ``best`` the best of the
following repetitions; times are CPU time of the process (``--wall`` for wall time).
``--cold`` clears the string caches and word memos before every repetition.

``--check`` first compares the recogniser's rewritten regex tests with their original
formulations at every position of the segments.

``--dump`` writes every entity and mention (as sorted tuples) per document, one per line,
so two runs can be diffed; ``--compare`` checks the current output against such a dump and
exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import hashlib
import pickle
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.recognise import READ_KINDS, recognise  # noqa: E402


def _segment(path: Path):
    raw = path.read_bytes()
    try:
        from etl.segment import segment
    except Exception:
        segment = None
    if segment is not None:
        try:
            try:
                from etl.read import read_bytes

                document = read_bytes(raw, path=str(path))
            except ImportError:
                from etl.types import ReadDocument

                text = raw.decode("utf-8")
                document = ReadDocument(raw=raw, sha256=hashlib.sha256(raw).hexdigest(), text=text,
                                        encoding="utf-8", encoding_warning=None, media_type="text/plain",
                                        genre="other", path=str(path))
            return document.text, tuple(segment(document).segments), "real"
        except Exception as e:  # pragma: no cover
            print(f"  segmenter failed on {path.name}: {e!r}; using the simple splitter", file=sys.stderr)
    sys.path.insert(0, str(ROOT / "tests"))
    from test_entity_accuracy import simple_segments

    text = raw.decode("utf-8")
    return text, tuple(simple_segments(text)), "simple"


def load_sets(synthetic: Path, n: int, cache: Path, resegment: bool) -> dict[str, list[tuple[str, str, tuple]]]:
    if cache.exists() and not resegment:
        with cache.open("rb") as f:
            sets = pickle.load(f)
        print(f"segments from {cache} (--resegment to rebuild)")
        return sets
    if len(list(synthetic.rglob("*.txt"))) < n:
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(synthetic), "-n", str(n)],
                       check=True)
    sources = {
        "corpus": sorted((ROOT / "corpus").glob("*.txt")),
        "extra": sorted((ROOT / "tests" / "data" / "extra").glob("*.txt")),
        "synthetic": sorted(synthetic.rglob("*.txt"))[:n],
    }
    sets: dict[str, list[tuple[str, str, tuple]]] = {}
    how: set[str] = set()
    for name, paths in sources.items():
        docs = []
        for p in paths:
            text, segs, used = _segment(p)
            how.add(used)
            docs.append((str(p.relative_to(p.parents[1] if name == "synthetic" else p.parent)), text, segs))
        sets[name] = docs
    print(f"segmented with: {', '.join(sorted(how))}; cached in {cache}")
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as f:
        pickle.dump(sets, f)
    return sets


def _clear_caches() -> None:
    import etl.lexicon
    import etl.names
    import etl.recognise
    import etl.resolve

    for mod in (etl.names, etl.recognise, etl.resolve, etl.lexicon):
        for name, obj in vars(mod).items():
            if name in ("default_lexicon", "_upper_class"):
                continue
            if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", None) == mod.__name__:
                obj.cache_clear()
    # the per-lexicon word memos (whatever this version of the recogniser has)
    lex = etl.lexicon.default_lexicon()
    pats = etl.recognise._patterns(lex)
    for holder in (lex, pats):
        for name in dir(holder):
            value = getattr(holder, name, None)
            if name.startswith("__") or not isinstance(value, dict) or name in ("_memo",):
                continue
            if value and isinstance(next(iter(value)), (str, tuple)) and name in _MEMO_NAMES:
                value.clear()
    if isinstance(getattr(lex, "_memo", None), dict):
        lex._memo.clear()


_MEMO_NAMES = {"words_info", "excluded_place_word", "org_word", "surname_like", "org_text"}


# CPU time of this process: the figure stays meaningful when other processes share the cores
# (--wall for wall-clock time).
CLOCK = time.process_time


def run_set(docs, repeat: int, cold: bool) -> tuple[list[float], list]:
    times = []
    outputs = None
    for k in range(repeat):
        if cold:
            _clear_caches()
        gc.collect()
        gc.disable()
        t0 = CLOCK()
        outs = [recognise(text, segs) for _, text, segs in docs]
        times.append(CLOCK() - t0)
        gc.enable()
        if outputs is None:
            outputs = outs
    return times, outputs


def dump_lines(set_name: str, docs, outputs) -> list[str]:
    lines = []
    for (name, _, _), (entities, mentions) in zip(docs, outputs):
        for e in sorted(dataclasses.astuple(e) for e in entities):
            lines.append(f"{set_name}\t{name}\tE\t{e!r}")
        for m in sorted(dataclasses.astuple(m) for m in mentions):
            lines.append(f"{set_name}\t{name}\tM\t{m!r}")
    return lines


def check_rewrites(sets) -> int:
    """The recogniser replaces some regex searches by equivalent cheaper tests (see the comments
    in etl/recognise.py); compare them with the original formulations at every position of the
    documents' segments. Returns the number of disagreements."""
    import etl.recognise as R
    from etl.lexicon import default_lexicon

    pats = R._patterns(default_lexicon())
    texts = [seg.text for docs in sets.values() for _, _, segs in docs[:60] for seg in segs]
    bad = checked = 0

    def old_initial(s: str, a: int) -> bool:
        return a == 0 or s[a - 1].isalpha() or bool(R.SENT_END_BEFORE.search(s[max(0, a - 40):a]))

    def old_prev(before: str) -> str:
        m = R._PREV_WORD.search(before)
        return m.group(1).casefold() if m else ""

    def span(m):
        return m and (m.span(), m.group(1))

    for s in texts:
        lower = R.DOC_LOWER_WORD.findall(s)
        if set(lower) != set(R.DOC_LOWER_WORD.findall(" ".join(set(s.split())))):
            bad += 1
        for a in range(len(s) + 1):
            before = s[max(0, a - 60):a]
            nxt = R._NEXT_VERB.match(s[a:]) if s[a:a + 1] in R._SPACES else None
            follow = R._FOLLOWING_TYPE_AT.match(s, a) if s[a:a + 1] in R._SPACES else None
            results = [
                (old_initial(s, a), R._initial(s, a)),
                (old_prev(before), R._prev_word(before)),
                (bool(R.LIST_CUE_BEFORE.search(before)), R._list_cue_before(before)),
                (bool(R.AGENT_BEFORE.search(before)), bool(R._AGENT_BEFORE_REVERSED.match(before[::-1]))),
                (nxt.group(1) if nxt else None, R._verb_after(follow)),
                (span(pats.title_before.search(s, max(0, a - 40), a)), span(R._title_before(pats, s, max(0, a - 40), a))),
            ]
            checked += 1
            for old, new in results:
                if old != new:
                    bad += 1
                    print(f"  rewrite differs at {a} in {s[max(0, a - 40):a + 20]!r}: {old!r} != {new!r}")
        if (R._looks_titlecase(s)) != _old_looks_titlecase(s):
            bad += 1
    print(f"rewrites checked at {checked} positions of {len(texts)} segments: {bad} differences")
    return bad


def _old_looks_titlecase(s: str) -> bool:
    import etl.recognise as R

    words = R._TC_WORD.findall(s)
    if len(words) < 4:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    small = sum(1 for w in words if w in ("Of", "In", "On", "At", "To", "For", "Over", "After", "From", "With", "And", "The"))
    return caps >= 0.75 * len(words) and (small > 0 or caps == len(words))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synthetic", type=Path, default=Path("/tmp/bench_recognise_corpus"))
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--segments", type=Path, default=Path("/tmp/bench_recognise_segments.pkl"))
    ap.add_argument("--resegment", action="store_true")
    ap.add_argument("--cold", action="store_true", help="clear the string caches before every repetition")
    ap.add_argument("--wall", action="store_true", help="time with the wall clock instead of CPU time")
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--compare", type=Path)
    ap.add_argument("--sets", default="corpus,extra,synthetic")
    ap.add_argument("--check", action="store_true", help="also check the recogniser's rewritten tests (slow)")
    args = ap.parse_args()

    if args.wall:
        global CLOCK
        CLOCK = time.perf_counter
    sets = load_sets(args.synthetic, args.n, args.segments, args.resegment)
    if args.check and check_rewrites(sets):
        return 1
    t0 = time.perf_counter()
    from etl.lexicon import default_lexicon
    from etl.recognise import _patterns

    _patterns(default_lexicon())
    print(f"lexicon + patterns: {time.perf_counter() - t0:.2f} s (once per process)")

    lines: list[str] = []
    counts = {}
    print(f"{'set':<10} {'docs':>5} {'MB':>7} {'first MB/s':>11} {'best MB/s':>10} {'median MB/s':>12} {'body kchar/s':>13}")
    for set_name in args.sets.split(","):
        docs = sets[set_name]
        nbytes = sum(len(text.encode("utf-8")) for _, text, _ in docs)
        body = sum(len(s.text) for _, _, segs in docs for s in segs if s.kind in READ_KINDS)
        times, outputs = run_set(docs, args.repeat, args.cold)
        rest = sorted(times[1:]) or times
        best, median = rest[0], rest[len(rest) // 2]
        print(f"{set_name:<10} {len(docs):>5} {nbytes / 1e6:>7.3f} {nbytes / 1e6 / times[0]:>11.2f} "
              f"{nbytes / 1e6 / best:>10.2f} {nbytes / 1e6 / median:>12.2f} {body / best / 1e3:>13.0f}")
        lines.extend(dump_lines(set_name, docs, outputs))
        counts[set_name] = (sum(len(o[0]) for o in outputs), sum(len(o[1]) for o in outputs))
    for set_name, (ne, nm) in counts.items():
        print(f"  {set_name}: {ne} entities, {nm} mentions")
    text = "\n".join(lines) + "\n"
    if args.dump:
        args.dump.write_text(text, encoding="utf-8")
        print(f"output dumped to {args.dump} ({len(lines)} lines)")
    if args.compare:
        wanted = tuple(f"{name}\t" for name in args.sets.split(","))  # (only the sets run here)
        old = "".join(line for line in args.compare.read_text(encoding="utf-8").splitlines(keepends=True)
                      if line.startswith(wanted))
        if old == text:
            print(f"output IDENTICAL to {args.compare} ({len(lines)} lines)")
        else:
            import difflib

            diff = list(difflib.unified_diff(old.splitlines(), text.splitlines(), "baseline", "now", lineterm="", n=0))
            print(f"output DIFFERS from {args.compare}: {sum(1 for d in diff if d[:1] in '+-') - 2} changed lines")
            print("\n".join(diff[:60]))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
