"""Train kg's CoNLL04 models (entity tagger + relation classifier): select on dev, then train the final model.

    python scripts/train_conll04.py [--data ../shared/benchmarks/conll04] [--seeds 0] [--epochs 12]
    python scripts/train_conll04.py --final

The protocol is SpERT's for CoNLL04. The default (selection) mode trains on the train split only and
chooses everything on dev: the NER epoch count (and seed, when several are given), then the relation
classifier's dense-vector scale, regularisation C and decision threshold. It writes that train-only
model to ``--out`` (default output/conll04-select/, not shipped), prints its dev scores through the
same code ``kg bench`` runs, and records the choices in kg/models/conll04/hparams.json.
``--final`` reads hparams.json and trains the shipped model (kg/models/conll04/: ner/, rel.json,
rel.npz) on train + dev (conll04_train_dev.json) with exactly those hyperparameters, a fixed epoch
count and no selection of any kind. The test split is never read here: score it afterwards, once,
with ``kg bench conll04 conll04_test.json --extractor model``.

Deterministic for a given seed on one machine (single-threaded numpy/thinc on CPU). Needs scikit-learn
(``pip install -e '.[train]'``); kg itself needs only numpy to run the relation model.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
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
VERSION = "2"
HPARAMS = cm.HERE / "hparams.json"
SCALES = (0.0, 0.3, 1.0)
CS = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
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


def train_ner(train: list[dict], dev: list[dict] | None, seed: int, epochs: int, out: Path,
              lr: float = 0.001, drop: float = 0.2) -> tuple[float, int]:
    """Fine-tune en_core_web_sm's NER to CoNLL04's types. With ``dev``: keep the epoch best on dev and
    return (its dev F1, the number of epochs it took). Without (the final model): train exactly
    ``epochs`` epochs and keep the last; returns (nan, epochs)."""
    fix_random_seed(seed)
    base = spacy.load(nlp.DEFAULT_MODEL)
    tagger = spacy.blank("en")
    tagger.add_pipe("ner", source=base)
    ner = tagger.get_pipe("ner")
    for label in NER_LABELS:
        ner.add_label(label)
    tr = ner_examples(tagger.vocab, train)
    dv = ner_examples(tagger.vocab, dev) if dev is not None else None
    opt = tagger.resume_training(sgd=Adam(lr, use_averages=True))
    rng = random.Random(seed)
    best, best_epochs, best_bytes = -1.0, 0, b""
    for ep in range(epochs):
        t0 = time.time()
        rng.shuffle(tr)
        losses: dict[str, float] = {}
        for batch in minibatch(tr, size=compounding(4.0, 32.0, 1.001)):
            tagger.update(batch, sgd=opt, drop=drop, losses=losses)
        with ner.model.use_params(opt.averages):
            if dv is None:
                f = float("nan")
                if ep == epochs - 1:
                    best, best_epochs, best_bytes = f, ep + 1, tagger.to_bytes()
            else:
                f = tagger.evaluate(dv)["ents_f"]
                if f > best:
                    best, best_epochs, best_bytes = f, ep + 1, tagger.to_bytes()
        score = "" if dv is None else f" dev F1 {100 * f:.2f}"
        print(f"ner seed {seed} epoch {ep + 1}: loss {losses['ner']:.0f}{score} ({time.time() - t0:.0f}s)", flush=True)
    tagger.from_bytes(best_bytes)
    tagger.meta.update({"name": "kg_conll04_ner", "version": f"0.0.{VERSION}",
                        "description": "en_core_web_sm's NER fine-tuned on CoNLL04 "
                                       + ("train" if dev is not None else "train + dev")
                                       + f" (Peop, Org, Loc, Other; {best_epochs} epochs, seed {seed})"})
    tagger.to_disk(out)
    return best, best_epochs


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


def fit_rel(train: list[dict], ptrain: list[Doc], scale: float, c: float, seed: int):
    xtr, ytr, _, vec = rel_matrix(ptrain, train, lambda k, d: gold_spans(d), None, scale)
    clf = LogisticRegression(C=c, max_iter=3000, random_state=seed, solver="liblinear")
    clf.fit(xtr, ytr)
    return clf, vec


def to_model(clf, vec: DictVectorizer, meta: dict) -> cm.RelationModel:
    """The numpy-only run-time model: the nonzero sparse weights by feature name, then the dense ones."""
    names = vec.get_feature_names_out()
    w = clf.coef_[0]
    keep = [i for i in range(len(names)) if w[i] != 0.0]
    vocab = {names[i]: j for j, i in enumerate(keep)}
    weights = np.concatenate([w[keep], w[len(names):]])
    return cm.RelationModel(vocab, weights, float(clf.intercept_[0]), meta)


def select_rel(train: list[dict], dev: list[dict], ptrain: list[Doc], pdev: list[Doc], seed: int,
               dev_spans: list[list[cm.Span]]) -> dict:
    """Choose the dense scale, C and threshold by strict micro F1 on dev with the tagger's dev entities."""
    best = None
    for scale in SCALES:
        xtr, ytr, _, vec = rel_matrix(ptrain, train, lambda k, d: gold_spans(d), None, scale)
        xdg, _, wdg, _ = rel_matrix(pdev, dev, lambda k, d: gold_spans(d), vec, scale)
        xdp, _, wdp, _ = rel_matrix(pdev, dev, lambda k, d: dev_spans[k], vec, scale)
        for c in CS:
            clf = LogisticRegression(C=c, max_iter=3000, random_state=seed, solver="liblinear")
            clf.fit(xtr, ytr)
            pg, pp = clf.predict_proba(xdg)[:, 1], clf.predict_proba(xdp)[:, 1]
            for th in THRESHOLDS:
                fg = bench.score(dev, decode(dev, [gold_spans(d) for d in dev], wdg, pg, th)).micro.f1
                fp = bench.score(dev, decode(dev, dev_spans, wdp, pp, th)).micro.f1
                print(f"rel scale {scale} C {c} th {th}: dev F1 gold entities {100 * fg:.2f}, "
                      f"predicted entities {100 * fp:.2f}", flush=True)
                if best is None or fp > best[0]:
                    best = (fp, fg, scale, c, th)
    fp, fg, scale, c, th = best
    print(f"rel chosen on dev: scale {scale} C {c} threshold {th} -> strict micro F1 {100 * fp:.2f} "
          f"(gold entities {100 * fg:.2f})")
    return {"dense_scale": scale, "C": c, "threshold": th, "dev_f1": fp, "dev_f1_gold_entities": round(100 * fg, 2)}


def evaluate(folder: Path, docs: list[dict]) -> bench.Scores:
    """Score a saved model (tagger + classifier in ``folder``) exactly as ``kg bench --extractor model`` does."""
    parsed = bench.parse(docs, nlp.load())
    preds = bench.model_predict(parsed, rel_model=cm.load_relation_model(folder),
                                tagger=spacy.load(folder / cm.NER_DIR.name))
    return bench.score(docs, preds)


def select(args) -> int:
    """Train on train, choose every hyperparameter on dev, record the choices in hparams.json. With
    several seeds, the seed whose model (tagger + classifier) scores the best strict micro F1 on dev wins."""
    train, dev = read(args.data, "train"), read(args.data, "dev")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    language = nlp.load()
    ptrain, pdev = bench.parse(train, language), bench.parse(dev, language)
    best, tried = None, {}
    for seed in args.seeds:
        f, epochs = train_ner(train, dev, seed, args.epochs, out / f"ner-seed{seed}", args.lr, args.drop)
        print(f"ner seed {seed}: best dev F1 {100 * f:.2f} after {epochs} epochs", flush=True)
        dev_spans = cm.tag_entities((d["tokens"] for d in dev), spacy.load(out / f"ner-seed{seed}"))
        rel = select_rel(train, dev, ptrain, pdev, seed, dev_spans)
        tried[seed] = {"ner_f1": round(100 * f, 2), "ner_epochs": epochs, "strict_micro_f1": round(100 * rel["dev_f1"], 2)}
        if best is None or rel["dev_f1"] > best[0]:
            best = (rel["dev_f1"], f, epochs, seed, rel)
    _, ner_f, epochs, seed, rel = best
    print(f"chosen on dev: seed {seed} ({tried})", flush=True)
    shutil.rmtree(out / cm.NER_DIR.name, ignore_errors=True)
    (out / f"ner-seed{seed}").rename(out / cm.NER_DIR.name)
    clf, vec = fit_rel(train, ptrain, rel["dense_scale"], rel["C"], seed)
    meta = {"version": VERSION, "threshold": rel["threshold"], "C": rel["C"], "dense_scale": rel["dense_scale"],
            "seed": seed, "trained_on": "conll04_train.json"}
    to_model(clf, vec, meta).save(out / cm.REL_META.name, out / cm.REL_WEIGHTS.name)
    s = evaluate(out, dev)
    print(f"selection model (train only) on dev:\n{bench.format_scores(s)}")
    hp = {"seed": seed, "ner": {"epochs": epochs, "lr": args.lr, "drop": args.drop},
          "rel": {k: rel[k] for k in ("dense_scale", "C", "threshold")},
          "selected_on": "conll04_dev.json", "selection_model_trained_on": "conll04_train.json",
          "dev": {"ner_f1": round(100 * ner_f, 2), "entity_f1": round(100 * s.entity_micro.f1, 2),
                  "strict_micro_f1": round(100 * s.micro.f1, 2), "macro_f1": round(100 * s.macro_f1, 2),
                  "strict_micro_f1_gold_entities": rel["dev_f1_gold_entities"]},
          "seeds_tried": tried, "max_epochs": args.epochs}
    args.hparams.write_text(json.dumps(hp, indent=1) + "\n", encoding="utf-8")
    print(f"choices -> {args.hparams}")
    return 0


def final(args) -> int:
    """Train the shipped model on train + dev with the hyperparameters chosen on dev (no selection here)."""
    hp = json.loads(args.hparams.read_text(encoding="utf-8"))
    seed, data = hp["seed"], read(args.data, "train_dev")
    cm.HERE.mkdir(parents=True, exist_ok=True)
    if args.only != "rel":
        train_ner(data, None, seed, hp["ner"]["epochs"], cm.NER_DIR, hp["ner"]["lr"], hp["ner"]["drop"])
        print(f"ner: {hp['ner']['epochs']} epochs on train + dev -> {cm.NER_DIR}")
    if args.only != "ner":
        r = hp["rel"]
        clf, vec = fit_rel(data, bench.parse(data, nlp.load()), r["dense_scale"], r["C"], seed)
        meta = {"version": VERSION, "threshold": r["threshold"], "C": r["C"], "dense_scale": r["dense_scale"],
                "seed": seed, "trained_on": "conll04_train_dev.json", "selected_on": "conll04_dev.json",
                "dev_strict_micro_f1_of_train_only_model": hp["dev"]["strict_micro_f1"]}
        model = to_model(clf, vec, meta)
        model.save()
        print(f"rel: {len(model.vocab)} features -> {cm.REL_META}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "conll04")
    ap.add_argument("--final", action="store_true",
                    help="train the shipped model on train + dev with the choices in hparams.json")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0], help="selection: NER seeds to try (best on dev)")
    ap.add_argument("--epochs", type=int, default=12, help="selection: most NER epochs (the best on dev is kept)")
    ap.add_argument("--lr", type=float, default=0.001)
    ap.add_argument("--drop", type=float, default=0.2)
    ap.add_argument("--out", type=Path, default=ROOT / "output" / "conll04-select",
                    help="selection: where the train-only model goes")
    ap.add_argument("--hparams", type=Path, default=HPARAMS, help="where the choices made on dev are kept")
    ap.add_argument("--only", choices=["ner", "rel"], help="final: retrain one part only")
    args = ap.parse_args(argv)
    return final(args) if args.final else select(args)


if __name__ == "__main__":
    sys.exit(main())
