"""Train kg's CoNLL04 models (entity tagger + relation classifier): select on dev, then train the final model.

    python scripts/train_conll04.py [--data ../shared/benchmarks/conll04] [--seeds 0 1 2 3 4] [--epochs 12]
    python scripts/train_conll04.py --final

The protocol is SpERT's for CoNLL04. The default (selection) mode trains on the train split only and
chooses everything on dev: the NER epoch count (on the first seed), whether to use the first seed's
tagger alone or the majority vote of one tagger per seed (the others trained for that same epoch
count), then the relation classifier's dense-vector scale, regularisation C and decision threshold. It writes that train-only
model to ``--out`` (default output/conll04-select/, not shipped), prints its dev scores through the
same code ``kg bench`` runs, and records the choices in kg/models/conll04/hparams.json.
``--final`` reads hparams.json and trains the shipped model (kg/models/conll04/: ner/, rel.json,
rel.npz, plus ner-1/, ner-2/, ... for an ensemble) on train + dev (conll04_train_dev.json) with exactly those hyperparameters, a fixed epoch
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
VERSION = "3"
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
               taggings: dict[str, list[list[cm.Span]]]) -> dict:
    """Choose the tagging (one tagger or the ensemble's vote), the dense scale, C and threshold by
    strict micro F1 on dev with the tagged dev entities."""
    best, by_tagging = None, {}
    for scale in SCALES:
        xtr, ytr, _, vec = rel_matrix(ptrain, train, lambda k, d: gold_spans(d), None, scale)
        xdg, _, wdg, _ = rel_matrix(pdev, dev, lambda k, d: gold_spans(d), vec, scale)
        xdp = {name: rel_matrix(pdev, dev, lambda k, d, s=spans: s[k], vec, scale) for name, spans in taggings.items()}
        for c in CS:
            clf = LogisticRegression(C=c, max_iter=3000, random_state=seed, solver="liblinear")
            clf.fit(xtr, ytr)
            pg = clf.predict_proba(xdg)[:, 1]
            pp = {name: clf.predict_proba(m[0])[:, 1] for name, m in xdp.items()}
            for th in THRESHOLDS:
                fg = bench.score(dev, decode(dev, [gold_spans(d) for d in dev], wdg, pg, th)).micro.f1
                line = []
                for name, spans in taggings.items():
                    fp = bench.score(dev, decode(dev, spans, xdp[name][2], pp[name], th)).micro.f1
                    line.append(f"{name} {100 * fp:.2f}")
                    by_tagging[name] = max(by_tagging.get(name, 0.0), fp)
                    if best is None or fp > best[0]:
                        best = (fp, fg, scale, c, th, name)
                print(f"rel scale {scale} C {c} th {th}: dev F1 gold entities {100 * fg:.2f}, "
                      f"tagged entities: {', '.join(line)}", flush=True)
    fp, fg, scale, c, th, name = best
    print(f"chosen on dev: tagging {name}, scale {scale} C {c} threshold {th} -> strict micro F1 {100 * fp:.2f} "
          f"(gold entities {100 * fg:.2f}; best per tagging {({k: round(100 * v, 2) for k, v in by_tagging.items()})})")
    return {"tagging": name, "dense_scale": scale, "C": c, "threshold": th, "dev_f1": fp,
            "dev_f1_gold_entities": round(100 * fg, 2), "best_per_tagging": {k: round(100 * v, 2) for k, v in by_tagging.items()}}


def evaluate(folder: Path, docs: list[dict]) -> bench.Scores:
    """Score a saved model (tagger + classifier in ``folder``) exactly as ``kg bench --extractor model`` does."""
    parsed = bench.parse(docs, nlp.load())
    preds = bench.model_predict(parsed, rel_model=cm.load_relation_model(folder), tagger=cm.load_taggers(folder))
    return bench.score(docs, preds)


def tagger_dir(folder: Path, k: int) -> Path:
    """Where the k-th tagger of an ensemble goes: ner/, ner-1/, ner-2/, ..."""
    return folder / (cm.NER_DIR.name if k == 0 else f"{cm.NER_DIR.name}-{k}")


def clear_taggers(folder: Path) -> None:
    for d in cm.tagger_dirs(folder):
        shutil.rmtree(d)


def select(args) -> int:
    """Train on train, choose every hyperparameter on dev, record the choices in hparams.json. The first
    seed's tagger chooses the epoch count on dev; the other seeds' taggers train that many epochs; dev
    then chooses between the first tagger alone and the majority vote of all of them."""
    train, dev = read(args.data, "train"), read(args.data, "dev")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    clear_taggers(out)
    language = nlp.load()
    ptrain, pdev = bench.parse(train, language), bench.parse(dev, language)
    seeds = args.seeds
    ner_f, epochs = train_ner(train, dev, seeds[0], args.epochs, tagger_dir(out, 0), args.lr, args.drop)
    print(f"ner seed {seeds[0]}: best dev F1 {100 * ner_f:.2f} after {epochs} epochs", flush=True)
    for k, seed in enumerate(seeds[1:], 1):
        train_ner(train, None, seed, epochs, tagger_dir(out, k), args.lr, args.drop)
    taggers = cm.load_taggers(out)
    taggings = {f"seed {seeds[0]}": cm.tag_entities((d["tokens"] for d in dev), taggers[0])}
    if len(seeds) > 1:
        taggings[f"vote of {len(seeds)}"] = cm.tag_entities((d["tokens"] for d in dev), taggers)
    for name, spans in taggings.items():
        ent = bench.score(dev, [bench.to_json(d["tokens"], {x[:2]: x[2] for x in sp}, []) for d, sp in zip(dev, spans)])
        print(f"dev entity F1, {name}: {100 * ent.entity_micro.f1:.2f}", flush=True)
    rel = select_rel(train, dev, ptrain, pdev, seeds[0], taggings)
    chosen = seeds if rel["tagging"].startswith("vote") else seeds[:1]
    for k in range(len(chosen), len(seeds)):
        shutil.rmtree(tagger_dir(out, k))
    clf, vec = fit_rel(train, ptrain, rel["dense_scale"], rel["C"], seeds[0])
    meta = {"version": VERSION, "threshold": rel["threshold"], "C": rel["C"], "dense_scale": rel["dense_scale"],
            "seed": seeds[0], "ner_seeds": chosen, "trained_on": "conll04_train.json"}
    to_model(clf, vec, meta).save(out / cm.REL_META.name, out / cm.REL_WEIGHTS.name)
    s = evaluate(out, dev)
    print(f"selection model (train only) on dev:\n{bench.format_scores(s)}")
    hp = {"seed": seeds[0], "ner": {"epochs": epochs, "lr": args.lr, "drop": args.drop, "seeds": chosen,
                                    "decision": "majority vote" if len(chosen) > 1 else "one tagger"},
          "rel": {k: rel[k] for k in ("dense_scale", "C", "threshold")},
          "selected_on": "conll04_dev.json", "selection_model_trained_on": "conll04_train.json",
          "dev": {"ner_f1_first_seed": round(100 * ner_f, 2), "entity_f1": round(100 * s.entity_micro.f1, 2),
                  "strict_micro_f1": round(100 * s.micro.f1, 2), "macro_f1": round(100 * s.macro_f1, 2),
                  "strict_micro_f1_gold_entities": rel["dev_f1_gold_entities"],
                  "strict_micro_f1_per_tagging": rel["best_per_tagging"]},
          "seeds_tried": seeds, "max_epochs": args.epochs}
    args.hparams.write_text(json.dumps(hp, indent=1) + "\n", encoding="utf-8")
    print(f"choices -> {args.hparams}")
    return 0


def final(args) -> int:
    """Train the shipped model on train + dev with the hyperparameters chosen on dev (no selection here)."""
    hp = json.loads(args.hparams.read_text(encoding="utf-8"))
    seed, data = hp["seed"], read(args.data, "train_dev")
    cm.HERE.mkdir(parents=True, exist_ok=True)
    seeds = hp["ner"].get("seeds", [seed])
    if args.only != "rel":
        clear_taggers(cm.HERE)
        for k, s in enumerate(seeds):
            train_ner(data, None, s, hp["ner"]["epochs"], tagger_dir(cm.HERE, k), hp["ner"]["lr"], hp["ner"]["drop"])
        print(f"ner: {hp['ner']['epochs']} epochs on train + dev, seeds {seeds} -> {cm.HERE}")
    if args.only != "ner":
        r = hp["rel"]
        clf, vec = fit_rel(data, bench.parse(data, nlp.load()), r["dense_scale"], r["C"], seed)
        meta = {"version": VERSION, "threshold": r["threshold"], "C": r["C"], "dense_scale": r["dense_scale"],
                "seed": seed, "ner_seeds": seeds, "trained_on": "conll04_train_dev.json", "selected_on": "conll04_dev.json",
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
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4], help="selection: one tagger per seed; dev chooses the first alone or their majority vote")
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
