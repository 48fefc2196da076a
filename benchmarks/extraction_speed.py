"""kg's extraction against the spaCy pipeline alone, on the same texts, in one run.

    .venv/bin/python benchmarks/extraction_speed.py [--limit N] [CORPUS_DIR]

Prints words/s of (a) ``nlp.pipe`` over the cleaned story texts and (b) ``kg.pipeline.extract`` over
the same files, and the ratio (b)/(a). Target (issue 13, extraction as a spaCy pipeline): ratio <= 1.3. Times are medians of
``--repeats`` runs; the ratio is what to compare across machines. Beside the wall-clock ratio it prints the
ratio of this process's CPU time (``time.process_time``), which other jobs on a shared machine disturb far
less; both phases run in this one process (``extract`` parses here, ``workers=1``).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kg import ingest, nlp
from kg.dates import normalise
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
    normalise("3 May 2004")  # and dateparser's first parse (about 0.3-0.5 s, once per process)
    base, full = Timings(), Timings()
    for _ in range(a.repeats):
        with base:
            for _doc in language.pipe(texts, batch_size=BATCH):
                pass
        with full:
            extract(files, progress=False)
    b, f = base.wall(), full.wall()
    print(f"{len(files)} files, {len(texts)} stories, {words} words")
    print(f"spaCy pipeline alone: {words / b:,.0f} words/s ({b:.1f} s wall, {base.cpu():.1f} s CPU)")
    print(f"kg extract:           {words / f:,.0f} words/s ({f:.1f} s wall, {full.cpu():.1f} s CPU)")
    print(f"ratio kg/spaCy: {f / b:.2f} wall, {full.cpu() / base.cpu():.2f} CPU (target <= 1.3)")


class Timings:
    """Wall-clock and process CPU time of each run of a phase (``with timings: ...``), reported as
    medians: the CPU time is what to trust when other jobs share the machine's cores."""

    def __init__(self) -> None:
        self.walls: list[float] = []
        self.cpus: list[float] = []

    def __enter__(self) -> Timings:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.walls.append(time.perf_counter() - self._wall)
        self.cpus.append(time.process_time() - self._cpu)

    def wall(self) -> float:
        return statistics.median(self.walls)

    def cpu(self) -> float:
        return statistics.median(self.cpus)


if __name__ == "__main__":
    main()
