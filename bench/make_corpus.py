"""Generate a synthetic corpus for benchmarks: N realistic documents built from the samples.

Each generated document takes one sample document (in turn) as its template and keeps its
structure (headings, captions, bylines, citation markers, reference list), but varies:

* numbers: every run of digits is replaced by random digits of the same length (so "60,000"
  stays a 5-digit figure with a separator, dates stay dates of a plausible shape);
* names: every capitalised word seen mid-sentence that the text never writes in lowercase is
  replaced, consistently within the document, by an invented name of similar length.

The output is deterministic for a given seed, so runs are comparable.

    python bench/make_corpus.py OUT_DIR --documents 1000 [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "corpus"
SYLLABLES = ["ka", "lo", "mi", "ran", "tes", "vor", "zan", "dul", "ber", "sha", "gor", "nik", "tal", "vel",
             "mar", "sol", "den", "rik", "ova", "yan", "lar", "zad", "kur", "bel", "tan", "dor"]
KEEP = {  # words that structure the text (dates), kept so the pipeline does comparable work
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}
WORD = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{2,})\b", re.M)
DIGITS = re.compile(r"\d+")


def invented_name(rng: random.Random, length: int) -> str:
    name = ""
    while len(name) < max(3, length - 1):
        name += rng.choice(SYLLABLES)
    return name.capitalize()


def vary(text: str, rng: random.Random) -> str:
    names: dict[str, str] = {}
    common = set(re.findall(r"\b[a-z]{3,}\b", text))  # words also written in lowercase: not names

    def rename(m: re.Match) -> str:
        word = m.group(1)
        if word.lower() in common or word in KEEP:
            return word
        if word not in names:
            names[word] = invented_name(rng, len(word))
        return names[word]

    def renumber(m: re.Match) -> str:
        digits = m.group(0)
        if len(digits) == 4 and 1000 <= int(digits) <= 2099:  # a year stays a plausible year
            return str(rng.randint(1900, 2025))
        first = str(rng.randint(1, 9)) if len(digits) > 1 or digits != "0" else "0"
        return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])

    text = WORD.sub(rename, text)
    # Names first seen mid-sentence are replaced at the start of sentences too.
    if names:
        everywhere = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b")
        text = everywhere.sub(lambda m: names[m.group(1)], text)
    return DIGITS.sub(renumber, text)


def generate(out: Path, documents: int, seed: int = 7) -> list[Path]:
    templates = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(documents):
        template = templates[i % len(templates)]
        path = out / f"{i // 1000:03d}" / f"doc_{i:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(vary(template, rng), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", "-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = generate(args.out, args.documents, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
