"""kg's extraction against the spaCy pipeline alone, on the same texts, in one run.

    .venv/bin/python benchmarks/extraction_speed.py [--limit N] [CORPUS_DIR]

Prints words/s of (a) ``nlp.pipe`` over the cleaned story texts and (b) ``kg.pipeline.extract`` over
the same files, and the ratio (b)/(a). Target (issue 13, extraction as a spaCy pipeline): ratio <= 1.3. Times are medians of
``--repeats`` runs; the ratio is what to compare across machines.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kg import ingest, nlp
from kg.pipeline import BATCH, extract

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=200, help="number of files (default 200)")
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    files = ingest.discover([a.corpus])[: a.limit]
    texts = [s.text for f in files for s in ingest.read_file(f)]
    words = sum(len(t.split()) for t in texts)
    language = nlp.load()
    extract(files[:2], progress=False)  # warm caches (model, gazetteer) outside the timings
    base, full = [], []
    for _ in range(a.repeats):
        t = time.perf_counter()
        for _doc in language.pipe(texts, batch_size=BATCH):
            pass
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        extract(files, progress=False)
        full.append(time.perf_counter() - t)
    b, f = statistics.median(base), statistics.median(full)
    print(f"{len(files)} files, {len(texts)} stories, {words} words")
    print(f"spaCy pipeline alone: {words / b:,.0f} words/s")
    print(f"kg extract:           {words / f:,.0f} words/s")
    print(f"ratio kg/spaCy: {f / b:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
