"""The trained CoNLL04 models: an entity tagger and a relation classifier, both CPU-only and offline.

- ``ner/`` (and ``ner-1/``, ``ner-2/``, ... when the model is an ensemble) are spaCy pipelines whose
  NER (warm-started from en_core_web_sm's) was fine-tuned on CoNLL04 to tag Peop, Org, Loc and Other
  with the benchmark's span conventions, one per training seed. A span is kept when a majority of
  them tag it (same start, end and type): seeds disagree on a few percent of spans, and the vote
  removes much of that seed-to-seed noise.
- ``rel.json`` + ``rel.npz`` are a logistic-regression pair classifier: for an ordered pair of named
  entities in one sentence whose types fit a relation's signature (Peop-Org: Work_For, Org-Loc:
  OrgBased_In, ...), the probability that the sentence states that relation. Its features come from
  the parse kg already has (dependency path, words between, head words, en_core_web_sm's token
  vectors), so at run time it costs a dot product per pair. Inference is plain numpy: scikit-learn
  is needed only to train (``scripts/train_conll04.py``).

Both are produced by ``scripts/train_conll04.py`` (deterministic for a seed) and ship in the package.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Token

HERE = Path(__file__).parent / "conll04"
NER_DIR = HERE / "ner"
REL_META = HERE / "rel.json"
REL_WEIGHTS = HERE / "rel.npz"
# relation type -> (head type, tail type): CoNLL04's relations each join one pair of entity types
SIGNATURES = {"Work_For": ("Peop", "Org"), "Kill": ("Peop", "Peop"), "OrgBased_In": ("Org", "Loc"),
              "Live_In": ("Peop", "Loc"), "Located_In": ("Loc", "Loc")}
BY_TYPES = {v: k for k, v in SIGNATURES.items()}
ENTITY_TYPES = ("Peop", "Org", "Loc", "Other")
MAX_PATH = 8
# `kg build --relation-model` keeps only findings this likely: at the benchmark's own threshold (tuned
# for F1 on CoNLL04 dev) the model costs precision on news; at 0.8 the sample articles keep >= 0.95
BUILD_THRESHOLD = 0.8
MAP = Path(__file__).resolve().parent.parent / "data" / "conll04_map.tsv"


@lru_cache(maxsize=4)
def mapping(kind: str) -> dict[str, str]:
    """Rows of kg/data/conll04_map.tsv: 'entity' (kg class -> CoNLL04 type), 'relation' (kg
    predicate -> CoNLL04 type) or 'emit' (CoNLL04 type -> the kg predicate the model's finding becomes)."""
    out = {}
    for line in MAP.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            k, a, b = line.split("\t")
            if k == kind:
                out[a] = b
    return out


class ModelMissingError(Exception):
    """The trained model files are not in the package (run scripts/train_conll04.py)."""


Span = tuple[int, int, str]  # start, end (exclusive), CoNLL04 entity type


@dataclass(frozen=True)
class Pair:
    head: Span
    tail: Span
    relation: str


def candidates(spans: Sequence[Span]) -> list[Pair]:
    """Ordered pairs of distinct entities whose types fit some relation's signature."""
    out = []
    for h in spans:
        for t in spans:
            rel = BY_TYPES.get((h[2], t[2]))
            if rel and h[:2] != t[:2]:
                out.append(Pair(h, t, rel))
    return out


# ------------------------------------------------------------------ features


def _root(doc: Doc, span: Span) -> Token:
    return doc[span[0]:span[1]].root


def _ancestors(tok: Token) -> list[Token]:
    out = [tok]
    while out[-1].head.i != out[-1].i and len(out) < 40:
        out.append(out[-1].head)
    return out


def dep_path(doc: Doc, a: Token, b: Token) -> tuple[list[str], list[str]]:
    """The dependency path from a to b: (dep labels with direction, lemmas of the tokens on it)."""
    up_a, up_b = _ancestors(a), _ancestors(b)
    ids_b = {t.i: k for k, t in enumerate(up_b)}
    k_a = next((k for k, t in enumerate(up_a) if t.i in ids_b), None)
    if k_a is None:  # different sentences of a mis-split parse
        return ["<nopath>"], []
    lca = up_a[k_a]
    k_b = ids_b[lca.i]
    deps = [f"{t.dep_}^" for t in up_a[:k_a]] + [f"{t.dep_}v" for t in reversed(up_b[:k_b])]
    words = [t.lemma_.lower() for t in up_a[1:k_a]] + [lca.lemma_.lower()] + [t.lemma_.lower() for t in reversed(up_b[1:k_b])]
    if lca.i in (a.i, b.i):
        words = [w for t, w in zip(up_a[1:k_a] + [lca] + list(reversed(up_b[1:k_b])), words) if t.i not in (a.i, b.i)]
    return deps, words


def _bucket(n: int) -> str:
    return str(n) if n < 5 else "5-9" if n < 10 else "10-19" if n < 20 else "20+"


def features(doc: Doc, pair: Pair, spans: Sequence[Span]) -> dict[str, float]:
    """Sparse features of one candidate pair, each also conjoined with the relation type."""
    h, t, rel = pair.head, pair.tail, pair.relation
    left, right = (h, t) if h[0] < t[0] else (t, h)
    f: dict[str, float] = {}

    def add(name: str, value: float = 1.0) -> None:
        f[name] = value
        f[f"{rel}|{name}"] = value

    add("bias")
    add(f"order={'ht' if h is left else 'th'}")
    between = doc[left[1]:right[0]]
    add(f"nbtw={_bucket(len(between))}")
    for tok in between:
        add(f"btw={tok.lower_}")
        add(f"btwl={tok.lemma_.lower()}")
    for a, b in zip(between, between[1:]):
        add(f"btw2={a.lower_}_{b.lower_}")
    if len(between) == 0:
        add("adjacent")
    inside = [s for s in spans if s[0] >= left[1] and s[1] <= right[0]]
    add(f"nents={_bucket(len(inside))}")
    for s in inside:
        add(f"entbtw={s[2]}")
    for side, s in (("h", h), ("t", t)):
        for tok in doc[s[0]:s[1]]:
            f[f"{side}w={tok.lower_}"] = 1.0
        r = _root(doc, s)
        add(f"{side}dep={r.dep_}")
        add(f"{side}head={r.head.lemma_.lower()}")
        add(f"{side}headdep={r.dep_}:{r.head.lemma_.lower()}")
        if s[0] > 0:
            add(f"{side}prev={doc[s[0] - 1].lower_}")
        if s[1] < len(doc):
            add(f"{side}next={doc[s[1]].lower_}")
    if left[0] > 0:
        add(f"before={doc[left[0] - 1].lower_}")
    if right[1] < len(doc):
        add(f"after={doc[right[1]].lower_}")
    deps, words = dep_path(doc, _root(doc, h), _root(doc, t))
    add(f"plen={_bucket(len(deps))}")
    if len(deps) <= MAX_PATH:
        add("path=" + " ".join(deps))
        add("pathw=" + " ".join(d + " " + w for d, w in zip(deps, words + [""])))
    for d in deps:
        add(f"pdep={d}")
    for w in words:
        add(f"pword={w}")
    for d, w in zip(deps, words):
        add(f"pdw={d}:{w}")
    return f


def dense(doc: Doc, pair: Pair) -> np.ndarray:
    """en_core_web_sm's contextual token vectors of both entity heads and of the words between."""
    width = doc.tensor.shape[1] if doc.tensor is not None and doc.tensor.size else 0
    if not width:
        return np.zeros(0, dtype="float32")
    h, t = pair.head, pair.tail
    left, right = (h, t) if h[0] < t[0] else (t, h)
    btw = doc.tensor[left[1]:right[0]]
    mid = btw.mean(axis=0) if len(btw) else np.zeros(width, dtype="float32")
    return np.concatenate([doc.tensor[_root(doc, h).i], doc.tensor[_root(doc, t).i], mid]).astype("float32")


def best_per_pair(scored: Iterable[tuple[Pair, float]], threshold: float) -> list[tuple[Pair, float]]:
    """Keep pairs at or above the threshold, and only the likeliest relation between two spans."""
    best: dict[tuple, tuple[Pair, float]] = {}
    for pair, p in scored:
        key = (pair.head[:2], pair.tail[:2])
        if p >= threshold and (key not in best or p > best[key][1]):
            best[key] = (pair, p)
    return list(best.values())


# ------------------------------------------------------------------ the classifier


class RelationModel:
    """Logistic regression over hashed-by-name sparse features plus dense vectors (numpy only)."""

    def __init__(self, vocab: dict[str, int], weights: np.ndarray, bias: float, meta: dict) -> None:
        self.vocab = vocab
        self.weights = weights
        self.bias = bias
        self.meta = meta

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "0"))

    @property
    def threshold(self) -> float:
        return float(self.meta.get("threshold", 0.5))

    def vectorize(self, feats: dict[str, float], vec: np.ndarray) -> float:
        score = self.bias + sum(self.weights[self.vocab[k]] * v for k, v in feats.items() if k in self.vocab)
        off = len(self.vocab)
        if len(vec):
            score += float(self.weights[off:off + len(vec)] @ (vec * self.meta.get("dense_scale", 1.0)))
        return score

    def predict(self, doc: Doc, spans: Sequence[Span]) -> list[tuple[Pair, float]]:
        """Every candidate pair with its probability, in the order of :func:`candidates`."""
        out = []
        for pair in candidates(spans):
            z = self.vectorize(features(doc, pair, spans), dense(doc, pair))
            out.append((pair, float(1.0 / (1.0 + np.exp(-z)))))
        return out

    def relations(self, doc: Doc, spans: Sequence[Span], threshold: float | None = None) -> list[tuple[Pair, float]]:
        """The relations the model asserts: above the threshold, at most one per entity pair."""
        return best_per_pair(self.predict(doc, spans), self.threshold if threshold is None else threshold)

    def save(self, meta_path: Path = REL_META, weights_path: Path = REL_WEIGHTS) -> None:
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        meta_path.parent.mkdir(parents=True, exist_ok=True)
        meta_path.write_text(json.dumps({**self.meta, "features": names}, indent=0) + "\n", encoding="utf-8")
        np.savez_compressed(weights_path, weights=self.weights.astype("float32"), bias=np.float32(self.bias))


def load_relation_model(folder: Path = HERE) -> RelationModel:
    """A relation classifier saved in ``folder`` (rel.json + rel.npz)."""
    meta_path, weights_path = folder / REL_META.name, folder / REL_WEIGHTS.name
    if not meta_path.exists() or not weights_path.exists():
        raise ModelMissingError(f"no trained relation model at {folder} (run scripts/train_conll04.py)")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    names = meta.pop("features")
    data = np.load(weights_path)
    return RelationModel({n: i for i, n in enumerate(names)}, data["weights"], float(data["bias"]), meta)


@lru_cache(maxsize=1)
def relation_model() -> RelationModel:
    """The shipped relation classifier, loaded once per process."""
    return load_relation_model(HERE)


def tagger_dirs(folder: Path = HERE) -> list[Path]:
    """The ensemble's tagger folders in ``folder``: ner/, then ner-1/, ner-2/, ... in order."""
    extra = sorted((p for p in folder.glob("ner-*") if p.is_dir() and p.name[4:].isdigit()), key=lambda p: int(p.name[4:]))
    return ([folder / NER_DIR.name] if (folder / NER_DIR.name).is_dir() else []) + extra


def load_taggers(folder: Path = HERE) -> tuple[Language, ...]:
    """Every entity tagger saved in ``folder`` (see :func:`tagger_dirs`)."""
    import spacy

    dirs = tagger_dirs(folder)
    if not dirs:
        raise ModelMissingError(f"no trained entity model at {folder / NER_DIR.name} (run scripts/train_conll04.py)")
    return tuple(spacy.load(d) for d in dirs)


@lru_cache(maxsize=1)
def entity_models() -> tuple[Language, ...]:
    """The shipped CoNLL04 entity taggers (spaCy pipelines holding one NER each), loaded once."""
    return load_taggers(HERE)


def entity_model() -> Language:
    """The first shipped tagger (its meta describes how the ensemble was trained)."""
    return entity_models()[0]


def vote(span_lists: Sequence[Sequence[Span]], need: int | None = None) -> list[Span]:
    """Spans tagged (same start, end and type) by at least ``need`` taggers (default: a majority).
    Overlapping winners are resolved by votes, then by the earlier start."""
    need = len(span_lists) // 2 + 1 if need is None else need
    counts: dict[Span, int] = {}
    for spans in span_lists:
        for s in spans:
            counts[s] = counts.get(s, 0) + 1
    keep: list[Span] = []
    for s in sorted((s for s, n in counts.items() if n >= need), key=lambda s: (-counts[s], s[0], s[1], s[2])):
        if all(s[1] <= o[0] or o[1] <= s[0] for o in keep):
            keep.append(s)
    return sorted(keep)


def tag_entities(tokens_list: Iterable[Sequence[str]],
                 tagger: Language | Sequence[Language] | None = None) -> list[list[Span]]:
    """CoNLL04 entity spans for each tokenised sentence, by the shipped taggers unless others are
    given; with several taggers, the spans a majority of them tag (:func:`vote`)."""
    taggers = entity_models() if tagger is None else (tagger,) if isinstance(tagger, Language) else tuple(tagger)
    sentences = [list(toks) for toks in tokens_list]
    per_tagger = []
    for nlp in taggers:
        docs = (Doc(nlp.vocab, words=toks) for toks in sentences)
        per_tagger.append([[(e.start, e.end, e.label_) for e in d.ents if e.label_ in ENTITY_TYPES]
                           for d in nlp.pipe(docs, batch_size=64)])
    if len(per_tagger) == 1:
        return per_tagger[0]
    return [vote([spans[k] for spans in per_tagger]) for k in range(len(sentences))]


# ------------------------------------------------------------------ kg build: the model behind the rules


def rule_name() -> str:
    """The provenance of a model-found fact (Evidence.rule)."""
    return f"model:conll04-rel@{relation_model().version}"


def add_relations(ctx, rules: Sequence, threshold: float | None = None) -> list:
    """Facts the relation model finds in one article that kg's rules did not state between the same
    two entities. Each passes the ontology's domain/range checks (Context.add) and, like the
    rules, is dropped in negated, hedged or conditional clauses; its confidence is the model's
    probability. ``ctx`` is a :class:`kg.relations.context.Context`, ``rules`` the rule-based relations."""
    from kg import relations

    model = relation_model()
    cut = BUILD_THRESHOLD if threshold is None else threshold
    types, emit = mapping("entity"), mapping("emit")
    linked = {frozenset((r.subject, r.object)) for r in rules}
    before = set(ctx.found)
    doc = ctx.doc
    for sent in doc.sents:
        at: dict[tuple[int, int], str] = {}
        for m in ctx.mentions:
            if m.start >= sent.start and m.end <= sent.end and m.entity in ctx.entities:
                etype = types.get(ctx.etype(m.entity))
                if etype:
                    at[(m.start, m.end)] = m.entity
        spans = [(s, e, types[ctx.etype(eid)]) for (s, e), eid in sorted(at.items())]
        for pair, p in model.relations(doc, spans, cut):
            subj, obj = at[pair.head[:2]], at[pair.tail[:2]]
            prop = emit.get(pair.relation)
            if not prop or subj == obj or frozenset((subj, obj)) in linked:
                continue
            h, t = _root(doc, pair.head), _root(doc, pair.tail)
            anchor = _lowest_common_ancestor(h, t)
            asserted, speaker = relations.clause_status(anchor, ctx)
            if asserted:
                ctx.add(subj, prop, obj, anchor, rule_name(), speaker, confidence=round(p, 2))
    return [r for k, r in ctx.found.items() if k not in before]


def _lowest_common_ancestor(a: Token, b: Token) -> Token:
    ids = {t.i for t in _ancestors(b)}
    return next((t for t in _ancestors(a) if t.i in ids), a)
