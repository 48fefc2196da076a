"""A 5 MB "article" against the two sample articles, in one run: the cap and the chunking at work.

    .venv/bin/python benchmarks/long_article.py [--size BYTES] [--repeats N]

kg keeps the first ``ingest.MAX_CHARS`` characters of a file (cut at a paragraph break, with a
warning) and parses stories longer than ``ingest.CHUNK_CHARS`` in parts, so a huge file costs about
as much as a long article, not minutes. Prints the median seconds of ``kg.pipeline.extract`` over
(a) examples/articles and (b) one generated file of --size bytes, the ratio (b)/(a), and the
characters each processed per second (the ratio to compare across machines).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kg import ingest, nlp
from kg.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from test_robustness import huge_article  # noqa: E402 - the same generator the tests use


def timed(paths: list[Path], repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        t = time.perf_counter()
        extract(paths, progress=False, skipped=[], repaired=[])
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=5_000_000)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    samples = ingest.discover([ROOT / "examples" / "articles"])
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "huge.txt"
        big.write_text(huge_article(a.size), encoding="utf-8")
        nlp.load()
        extract(samples, progress=False)  # warm caches (model, gazetteer, language identifier)
        sample_chars = sum(len(s.text) for f in samples for s in ingest.read_file(f))
        big_chars = sum(len(s.text) for s in ingest.read_file(big))
        base, full = timed(samples, a.repeats), timed([big], a.repeats)
    print(f"(a) examples/articles: {sample_chars:,} chars of text in {base:.2f} s "
          f"({sample_chars / base:,.0f} chars/s)")
    print(f"(b) {a.size:,}-byte file: {big_chars:,} chars kept (cap {ingest.MAX_CHARS:,}, parts of "
          f"<= {ingest.CHUNK_CHARS:,}) in {full:.2f} s ({big_chars / full:,.0f} chars/s)")
    print(f"ratio (b)/(a) time: {full / base:.1f}x; throughput (b)/(a): {(big_chars / full) / (sample_chars / base):.2f}")


if __name__ == "__main__":
    main()
