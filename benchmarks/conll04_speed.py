"""Speed of kg's trained CoNLL04 models on CPU, against the spaCy pipeline alone, in one run.

    .venv/bin/python benchmarks/conll04_speed.py [FILE] [--repeats N]

On the sentences of FILE (default: CoNLL04 dev), times (a) en_core_web_sm over Docs built from the
tokens (the parse every extractor needs), (b) the trained entity tagger(s) (with an ensemble, every tagger and
the majority vote), (c) the relation classifier
over the tagged pairs, and prints words/s of each, of the trained model (b + c) and of the whole
model path (a + b + c), with (a+b+c)/(a) as the ratio to compare across machines.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from kg import bench, nlp
from kg.models import conll04

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "conll04" / "conll04_dev.json"


def timed(fn, repeats: int):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    docs = json.loads(a.file.read_text(encoding="utf-8"))
    words = sum(len(d["tokens"]) for d in docs)
    language, model = nlp.load(), conll04.relation_model()
    conll04.tag_entities([docs[0]["tokens"]])  # load before timing
    t_parse, parsed = timed(lambda: bench.parse(docs, language), a.repeats)
    t_ner, spans = timed(lambda: conll04.tag_entities(d["tokens"] for d in docs), a.repeats)
    t_rel, _ = timed(lambda: [model.relations(p, s) for p, s in zip(parsed, spans)], a.repeats)
    print(f"{len(docs)} sentences, {words} words, median of {a.repeats}")
    for name, t in (("spaCy parse (a)", t_parse), ("entity tagger (b)", t_ner), ("relation classifier (c)", t_rel),
                    ("trained model (b+c)", t_ner + t_rel), ("model path (a+b+c)", t_parse + t_ner + t_rel)):
        print(f"{name:<26}{words / t:10.0f} words/s")
    print(f"ratio (a+b+c)/(a): {(t_parse + t_ner + t_rel) / t_parse:.2f}")


if __name__ == "__main__":
    main()
