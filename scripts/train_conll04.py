"""Train kg's CoNLL04 models (entity tagger + relation classifier) on the train split, tuned on dev.

    python scripts/train_conll04.py [--data ../shared/benchmarks/conll04] [--seed 0] [--only ner|rel]

Writes kg/models/conll04/ner/ (spaCy pipeline), rel.json and rel.npz. Deterministic for a given seed
on one machine (single-threaded numpy/thinc on CPU). Needs scikit-learn (``pip install -e '.[train]'``);
kg itself needs only numpy to run the relation model. The test split is never read here.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import spacy  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.training import Example  # noqa: E402
from thinc.api import Adam  # noqa: E402
from spacy.util import compounding, fix_random_seed, minibatch  # noqa: E402

from kg import bench, nlp  # noqa: E402
from kg.models import conll04 as cm  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VERSION = "1"
NER_LABELS = cm.ENTITY_TYPES


def read(data: Path, split: str) -> list[dict]:
    return json.loads((data / f"conll04_{split}.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ entities


def ner_examples(vocab, docs: list[dict]) -> list[Example]:
    out = []
    for d in docs:
        tags = ["O"] * len(d["tokens"])
        for e in d["entities"]:
            tags[e["start"]] = "B-" + e["type"]
            for i in range(e["start"] + 1, e["end"]):
                tags[i] = "I-" + e["type"]
        out.append(Example(Doc(vocab, words=d["tokens"]), Doc(vocab, words=d["tokens"], ents=tags)))
    return out


def train_ner(train: list[dict], dev: list[dict], seed: int, epochs: int, out: Path,
              lr: float = 0.001, drop: float = 0.2) -> float:
    """Fine-tune en_core_web_sm's NER to CoNLL04's types; keep the epoch best on dev."""
    fix_random_seed(seed)
    base = spacy.load(nlp.DEFAULT_MODEL)
    tagger = spacy.blank("en")
    tagger.add_pipe("ner", source=base)
    ner = tagger.get_pipe("ner")
    for label in NER_LABELS:
        ner.add_label(label)
    tr, dv = ner_examples(tagger.vocab, train), ner_examples(tagger.vocab, dev)
    opt = tagger.resume_training(sgd=Adam(lr, use_averages=True))
    rng = random.Random(seed)
    best, best_bytes = -1.0, b""
    for ep in range(epochs):
        t0 = time.time()
        rng.shuffle(tr)
        losses: dict[str, float] = {}
        for batch in minibatch(tr, size=compounding(4.0, 32.0, 1.001)):
            tagger.update(batch, sgd=opt, drop=drop, losses=losses)
        with ner.model.use_params(opt.averages):
            f = tagger.evaluate(dv)["ents_f"]
            if f > best:
                best, best_bytes = f, tagger.to_bytes()
        print(f"ner epoch {ep}: loss {losses['ner']:.0f} dev F1 {100 * f:.2f} ({time.time() - t0:.0f}s)", flush=True)
    tagger.from_bytes(best_bytes)
    tagger.meta.update({"name": "kg_conll04_ner", "version": f"0.0.{VERSION}",
                        "description": "en_core_web_sm's NER fine-tuned on CoNLL04 train (Peop, Org, Loc, Other)"})
    tagger.to_disk(out)
    return best


# ------------------------------------------------------------------ relations


def pairs_of(doc: Doc, spans: list[cm.Span], gold: set[tuple] | None):
    for pair in cm.candidates(spans):
        label = gold is not None and (pair.head, pair.tail, pair.relation) in gold
        yield pair, cm.features(doc, pair, spans), cm.dense(doc, pair), label


def gold_spans(d: dict) -> list[cm.Span]:
    return [(e["start"], e["end"], e["type"]) for e in d["entities"]]


def rel_matrix(parsed: list[Doc], docs: list[dict], spans_of, vec: DictVectorizer | None, scale: float):
    feats, dens, ys, where = [], [], [], []
    for k, (doc, d) in enumerate(zip(parsed, docs)):
        gold = bench.relation_set(d)
        for pair, f, v, y in pairs_of(doc, spans_of(k, d), gold):
            feats.append(f)
            dens.append(v)
            ys.append(int(y))
            where.append((k, pair))
    if vec is None:
        vec = DictVectorizer()
        x = vec.fit_transform(feats)
    else:
        x = vec.transform(feats)
    x = sparse.hstack([x, sparse.csr_matrix(np.vstack(dens) * scale)]).tocsr()
    return x, np.array(ys), where, vec


def decode(docs: list[dict], spans: list[list[cm.Span]], where, probs: np.ndarray, threshold: float) -> list[dict]:
    """Predictions in CoNLL04 JSON, decoded as kg decodes them at run time."""
    scored: dict[int, list] = {}
    for (k, pair), p in zip(where, probs):
        scored.setdefault(k, []).append((pair, p))
    out = []
    for k, d in enumerate(docs):
        kept = cm.best_per_pair(scored.get(k, []), threshold)
        triples = [(pair.head[:2], pair.tail[:2], pair.relation) for pair, _ in kept]
        out.append(bench.to_json(d["tokens"], {s[:2]: s[2] for s in spans[k]}, triples))
    return out


def train_rel(train: list[dict], dev: list[dict], seed: int, dev_spans: list[list[cm.Span]]) -> cm.RelationModel:
    language = nlp.load()
    ptrain, pdev = bench.parse(train, language), bench.parse(dev, language)
    best = None
    for scale in (0.0, 0.3, 1.0):
        xtr, ytr, _, vec = rel_matrix(ptrain, train, lambda k, d: gold_spans(d), None, scale)
        xdg, _, wdg, _ = rel_matrix(pdev, dev, lambda k, d: gold_spans(d), vec, scale)
        xdp, _, wdp, _ = rel_matrix(pdev, dev, lambda k, d: dev_spans[k], vec, scale)
        for c in (0.1, 0.3, 1.0, 3.0):
            clf = LogisticRegression(C=c, max_iter=3000, random_state=seed, solver="liblinear")
            clf.fit(xtr, ytr)
            pg, pp = clf.predict_proba(xdg)[:, 1], clf.predict_proba(xdp)[:, 1]
            for th in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
                fg = bench.score(dev, decode(dev, [gold_spans(d) for d in dev], wdg, pg, th)).micro.f1
                fp = bench.score(dev, decode(dev, dev_spans, wdp, pp, th)).micro.f1
                print(f"rel scale {scale} C {c} th {th}: dev F1 gold entities {100 * fg:.2f}, "
                      f"predicted entities {100 * fp:.2f}", flush=True)
                if best is None or fp > best[0]:
                    best = (fp, scale, c, th, clf, vec)
    fp, scale, c, th, clf, vec = best
    print(f"rel chosen on dev: scale {scale} C {c} threshold {th} -> strict micro F1 {100 * fp:.2f}")
    names = vec.get_feature_names_out()
    w = clf.coef_[0]
    keep = [i for i in range(len(names)) if w[i] != 0.0]
    vocab = {names[i]: j for j, i in enumerate(keep)}
    weights = np.concatenate([w[keep], w[len(names):]])
    meta = {"version": VERSION, "threshold": th, "C": c, "dense_scale": scale, "seed": seed,
            "dev_strict_micro_f1": round(100 * fp, 2), "trained_on": "conll04_train.json"}
    return cm.RelationModel(vocab, weights, float(clf.intercept_[0]), meta)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "conll04")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--lr", type=float, default=0.001)
    ap.add_argument("--drop", type=float, default=0.2)
    ap.add_argument("--only", choices=["ner", "rel"])
    args = ap.parse_args(argv)
    train, dev = read(args.data, "train"), read(args.data, "dev")
    cm.HERE.mkdir(parents=True, exist_ok=True)
    if args.only != "rel":
        f = train_ner(train, dev, args.seed, args.epochs, cm.NER_DIR, args.lr, args.drop)
        print(f"ner: best dev F1 {100 * f:.2f} -> {cm.NER_DIR}")
        cm.entity_model.cache_clear()
    if args.only != "ner":
        dev_spans = cm.tag_entities(d["tokens"] for d in dev)
        model = train_rel(train, dev, args.seed, dev_spans)
        model.save()
        print(f"rel: {len(model.vocab)} features -> {cm.REL_META}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
