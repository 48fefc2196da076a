"""Throughput of ``kg build`` on the BBC corpus against the spaCy pipeline alone, in one run.

    .venv/bin/python benchmarks/bbc_throughput.py [CORPUS_DIR] [--limit N] [--workers 2] [--no-incremental]

Times, on the same texts:

- (a) the spaCy pipeline alone (kg's ``nlp.load``: the model plus its paragraph component) over the
  cleaned story texts with ``nlp.pipe``, in this process, model already loaded;
- (b) ``kg build --workers 1 --rebuild`` over the same files, as its own process (start-up, ingest,
  parse, entities, relations, RDF, view and store included);
- (c) the same with ``--workers N`` (default 2);
- then, on (b)'s output, adding one article against building it alone (``benchmarks/incremental.py``).

Prints words/s, (b)/(a) (target <= 1.3), (b)/(c) (target >= 1.6 with two workers on two cores), the
peak resident memory of each build (whole process tree, sampled; target < 2 GB) and whether (b) and (c)
wrote the same graph.ttl. The machine's load average is printed too: other work on the same cores
depresses (c) first.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from incremental import DEFAULT_CORPUS, DEFAULT_NEW, corpus_inputs, measure, report  # noqa: E402

from kg import ingest, nlp  # noqa: E402
from kg.pipeline import BATCH  # noqa: E402


def peak_tree_rss(pid: int, stop: threading.Event, out: list[int]) -> None:
    """Sample the summed RSS of a process and its descendants until *stop*; keep the peak in out[0]."""
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    while not stop.is_set():
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
        except psutil.NoSuchProcess:
            break
        out[0] = max(out[0], total)
        stop.wait(0.1)


def timed_build(inputs: list[str], out: Path, workers: int) -> tuple[float, int]:
    """Wall time and peak tree RSS of one clean ``kg build`` process."""
    cmd = [sys.executable, "-m", "kg", "build", *inputs, "--out", str(out), "--workers", str(workers), "--rebuild"]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stop, peak = threading.Event(), [0]
    sampler = threading.Thread(target=peak_tree_rss, args=(proc.pid, stop, peak), daemon=True)
    sampler.start()
    code = proc.wait()
    elapsed = time.perf_counter() - t
    stop.set()
    sampler.join()
    if code:
        raise SystemExit(f"kg build failed with exit code {code}")
    return elapsed, peak[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="first N files only (default: all)")
    ap.add_argument("--workers", type=int, default=2, help="workers of run (c) (default 2)")
    ap.add_argument("--no-incremental", action="store_true", help="skip the add-one-article figure")
    a = ap.parse_args()
    inputs = corpus_inputs(a.corpus, a.limit)
    texts = [s.text for s in ingest.read_articles(inputs, skipped=[])]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} stories, {words:,} words; {os.cpu_count()} cores; load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    language = nlp.load()
    for _ in language.pipe(texts[:8]):
        pass  # warm up outside the timing
    t = time.perf_counter()
    for _doc in language.pipe(texts, batch_size=BATCH):
        pass
    base = time.perf_counter() - t
    del texts

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        one, rss1 = timed_build(inputs, Path(tmp) / "w1", 1)
        many, rssn = timed_build(inputs, Path(tmp) / "wn", a.workers)
        same = (Path(tmp) / "w1" / "graph.ttl").read_bytes() == (Path(tmp) / "wn" / "graph.ttl").read_bytes()
        print(f"(a) spaCy pipeline alone:        {words / base:8,.0f} words/s  ({base:.1f} s)")
        print(f"(b) kg build, 1 worker:          {words / one:8,.0f} words/s  ({one:.1f} s, peak RSS "
              f"{rss1 / 2**20:,.0f} MB)")
        print(f"(c) kg build, {a.workers} workers:         {words / many:8,.0f} words/s  ({many:.1f} s, peak RSS "
              f"{rssn / 2**20:,.0f} MB)")
        print(f"(b)/(a) = {one / base:.2f} (target <= 1.3)")
        print(f"(b)/(c) = {one / many:.2f} (target >= 1.6 with 2 workers on 2 cores)")
        print(f"(b) and (c) wrote the same graph.ttl: {same}")
        if not a.no_incremental:
            report(measure(inputs, Path(tmp) / "w1", DEFAULT_NEW))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
