"""Adding one article to a built corpus against building that article alone, in one run.

    .venv/bin/python benchmarks/incremental.py [CORPUS_DIR] [--limit N] [--out DIR] [--new FILE] [--verify]

Builds CORPUS (default ../shared/corpora/bbc) into OUT unless OUT already holds a build of it, then
times, each as its own ``kg build --workers 1`` process:

- (i) adding NEW (default: a sample article, not part of the corpus) to the built corpus, and
- (ii) building NEW alone into an empty folder,

and prints (i)/(ii). Target (issue 7): < 5. ``--verify`` also builds CORPUS+NEW from scratch and checks
that the incremental result is byte-identical (graph.ttl) and quad-identical (store).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "bbc"
DEFAULT_NEW = HERE.parent / "examples" / "articles" / "002_863de59f3c3807f1.txt"


def kg_build(inputs: list[str], out: Path, *extra: str) -> float:
    """Run ``kg build`` in a fresh process; its wall time in seconds."""
    cmd = [sys.executable, "-m", "kg", "build", *inputs, "--out", str(out), *extra]
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def corpus_inputs(corpus: Path, limit: int | None) -> list[str]:
    """The corpus folder, or its first LIMIT article files (the same paths, so the same article ids)."""
    if limit is None:
        return [str(corpus)]
    from kg import ingest

    return [str(f) for f in ingest.discover([corpus])[:limit]]


def same_store(a: Path, b: Path) -> bool:
    import pyoxigraph as ox

    return set(ox.Store.read_only(str(a / "store"))) == set(ox.Store.read_only(str(b / "store")))


def measure(inputs: list[str], built: Path, new: Path, verify: bool = False) -> dict[str, float | bool]:
    """Time adding NEW to the build in BUILT, and building NEW alone; optionally verify against clean."""
    with tempfile.TemporaryDirectory(prefix="kg-bench-new-") as tmp:
        new_copy = Path(tmp) / "new" / new.name  # a path outside the corpus: a genuinely new article
        new_copy.parent.mkdir()
        shutil.copy(new, new_copy)
        add = kg_build([*inputs, str(new_copy)], built, "--workers", "1")
        alone = kg_build([str(new_copy)], Path(tmp) / "alone", "--workers", "1")
        result: dict[str, float | bool] = {"add": add, "alone": alone}
        if verify:
            clean = Path(tmp) / "clean"
            kg_build([*inputs, str(new_copy)], clean, "--workers", "2", "--rebuild")
            result["identical"] = ((built / "graph.ttl").read_bytes() == (clean / "graph.ttl").read_bytes()
                                   and same_store(built, clean))
        kg_build(inputs, built, "--workers", "1")  # take the article out again: OUT is as it was
    return result


def report(r: dict[str, float | bool]) -> None:
    print(f"add one article to the built corpus: {r['add']:.1f} s")
    print(f"build that article alone:           {r['alone']:.1f} s")
    print(f"ratio add/alone: {r['add'] / r['alone']:.2f} (target < 5)")
    if "identical" in r:
        print(f"incremental result identical to a clean build: {r['identical']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="first N files only (default: all)")
    ap.add_argument("--out", type=Path, default=None, help="build folder to reuse (default: a temporary one)")
    ap.add_argument("--new", type=Path, default=DEFAULT_NEW, help="the article to add")
    ap.add_argument("--verify", action="store_true", help="compare with a clean build of corpus + article")
    a = ap.parse_args()
    inputs = corpus_inputs(a.corpus, a.limit)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        built = a.out or Path(tmp) / "corpus"
        t = kg_build(inputs, built)  # all cores; a no-op re-check when OUT is already built
        print(f"corpus build (or re-check) with all cores: {t:.1f} s")
        report(measure(inputs, built, a.new, a.verify))


if __name__ == "__main__":
    main()
