"""Benchmarks: kg's extraction measured on a public relation-extraction data set (CoNLL04).

Each sentence is parsed from the data set's own tokens (a spaCy Doc built from them, then the
pipeline's components), so kg's token offsets are the benchmark's offsets and spans compare
exactly. kg's entity classes and predicates map to CoNLL04's types through ``kg/data/conll04_map.tsv``.
Scoring is strict, as in the literature (SpERT, REBEL): a relation counts only when both entity
spans, both entity types and the relation type are right.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg import entities as ents
from kg import identity
from kg import nlp, pipeline, relations
from kg.errors import KgError
from kg.fsutil import atomic_write_text
from kg.model import Article
from kg.models import conll04

RELATION_TYPES = ("Work_For", "Kill", "OrgBased_In", "Live_In", "Located_In")

Span = tuple[int, int, str]  # start, end (exclusive), type
Triple = tuple[Span, Span, str]  # head, tail, relation type


class BenchDataError(KgError):
    """The benchmark file is missing or not CoNLL04 JSON."""

    exit_code = 2


def load(path: str | Path) -> list[dict]:
    """Read a CoNLL04 file in SpERT's JSON format, checking the fields kg relies on."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BenchDataError(f"{p}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise BenchDataError(f"{p}: not JSON ({err})") from None
    if not isinstance(data, list) or not all(isinstance(d, dict) and "tokens" in d for d in data):
        raise BenchDataError(f"{p}: expected a JSON list of documents with 'tokens'")
    return data


def parse(docs: Sequence[dict], language: Language) -> list[Doc]:
    """Run the pipeline over Docs built from the given tokens, so offsets are the data set's."""
    built = (Doc(language.vocab, words=d["tokens"]) for d in docs)
    return list(language.pipe(built, batch_size=64))


# ------------------------------------------------------------------ kg's rule-based extraction


def rule_predict(doc: Doc, sid: str) -> dict:
    """kg's own extraction (entities + relation frames) over one sentence, in CoNLL04 terms."""
    etypes, preds = conll04.mapping("entity"), conll04.mapping("relation")
    article = Article(id=sid, path=sid, text=doc.text)
    mentions = ents.find_mentions(doc, sid)
    entities = identity.resolve(mentions)
    doc._.kg_article, doc._.kg_mentions = article, mentions  # what the name patterns ({"kg_name": true}) read,
    # as in a build (kg.pipeline.article_relations): without them kg/patterns/names.jsonl never matched here
    ctx = relations.Context(doc, article, entities, mentions)
    rels = relations.extract(ctx)
    rels += pipeline.background_places(ctx, rels)
    spans: dict[tuple[int, int], str] = {}
    by_entity: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        if m.entity and m.entity in entities and entities[m.entity].type in etypes:
            spans[(m.start, m.end)] = etypes[entities[m.entity].type]
            by_entity.setdefault(m.entity, []).append((m.start, m.end))
    triples: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    for r in pipeline.prune(rels):
        rtype = preds.get(r.predicate)
        heads, tails = by_entity.get(r.subject, []), by_entity.get(r.object, [])
        if not rtype or not heads or not tails:
            continue  # no CoNLL04 counterpart, or an entity the sentence does not name (a demonym's country)
        h, t = min(((h, t) for h in heads for t in tails), key=lambda p: abs(p[0][0] - p[1][0]))
        triples.append((h, t, rtype))
    return to_json(list(doc), spans, triples)


def to_json(tokens: Iterable, spans: dict[tuple[int, int], str],
            triples: Iterable[tuple[tuple[int, int], tuple[int, int], str]]) -> dict:
    """A prediction in the input's format: tokens, entities (start/end/type), relations (head/tail/type)."""
    order = sorted(spans)
    index = {s: i for i, s in enumerate(order)}
    out_rels = []
    for h, t, rtype in triples:
        rel = {"type": rtype, "head": index[h], "tail": index[t]}
        if h in index and t in index and rel not in out_rels:
            out_rels.append(rel)
    return {"tokens": [getattr(t, "text", t) for t in tokens],
            "entities": [{"type": spans[s], "start": s[0], "end": s[1]} for s in order],
            "relations": out_rels}


def model_predict(parsed: Sequence[Doc], with_rules: bool = False, rel_model: conll04.RelationModel | None = None,
                  tagger: Language | Sequence[Language] | None = None) -> list[dict]:
    """The trained CoNLL04 models: entity tagger, then the pair classifier over kg's parse. With
    ``with_rules``, kg's rule-based relations join wherever both their spans are tagged entities.
    ``rel_model`` and ``tagger`` default to the shipped ones (the training script passes others)."""
    rel_model = rel_model or conll04.relation_model()
    tagged = conll04.tag_entities(([t.text for t in doc] for doc in parsed), tagger)
    out = []
    for i, (doc, spans) in enumerate(zip(parsed, tagged)):
        triples = [(p.head[:2], p.tail[:2], p.relation) for p, _ in rel_model.relations(doc, spans)]
        typed = {s[:2]: s[2] for s in spans}
        if with_rules:
            rules = rule_predict(doc, f"s{i}")
            for h, t, rtype in relation_set(rules):
                if typed.get(h[:2]) == h[2] and typed.get(t[:2]) == t[2]:
                    triples.append((h[:2], t[:2], rtype))
        out.append(to_json(doc, typed, triples))
    return out


# ------------------------------------------------------------------ strict scoring


def entity_set(doc: dict) -> set[Span]:
    return {(e["start"], e["end"], e["type"]) for e in doc.get("entities", [])}


def relation_set(doc: dict) -> set[Triple]:
    es = doc.get("entities", [])
    out = set()
    for r in doc.get("relations", []):
        h, t = es[r["head"]], es[r["tail"]]
        out.add(((h["start"], h["end"], h["type"]), (t["start"], t["end"], t["type"]), r["type"]))
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    relations: dict[str, Counts] = field(default_factory=dict)  # per relation type
    entities: dict[str, Counts] = field(default_factory=dict)  # per entity type

    @staticmethod
    def _micro(table: dict[str, Counts]) -> Counts:
        return Counts(sum(c.tp for c in table.values()), sum(c.fp for c in table.values()),
                      sum(c.fn for c in table.values()))

    @property
    def micro(self) -> Counts:
        return self._micro(self.relations)

    @property
    def macro_f1(self) -> float:
        return sum(c.f1 for c in self.relations.values()) / len(self.relations) if self.relations else 0.0

    @property
    def entity_micro(self) -> Counts:
        return self._micro(self.entities)


def _tally(table: dict[str, Counts], gold: set, pred: set, type_of) -> None:
    for x in gold | pred:
        c = table.setdefault(type_of(x), Counts())
        if x in gold and x in pred:
            c.tp += 1
        elif x in pred:
            c.fp += 1
        else:
            c.fn += 1


def score(gold: Sequence[dict], pred: Sequence[dict]) -> Scores:
    """Strict relation scores (spans, entity types and relation type all right) and entity scores."""
    if len(gold) != len(pred):
        raise BenchDataError(f"{len(pred)} predicted documents for {len(gold)} gold ones")
    s = Scores(relations={t: Counts() for t in RELATION_TYPES})
    for g, p in zip(gold, pred):
        _tally(s.relations, relation_set(g), relation_set(p), lambda x: x[2])
        _tally(s.entities, entity_set(g), entity_set(p), lambda x: x[2])
    return s


def format_scores(s: Scores) -> str:
    """The table `kg bench` prints: P/R/F1 (percent) per relation type, micro and macro, entities."""
    rows = [f"{'relation':<14}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}"]

    def line(name: str, c: Counts) -> str:
        return (f"{name:<14}{100 * c.precision:7.2f}{100 * c.recall:7.2f}{100 * c.f1:7.2f}"
                f"{c.tp + c.fn:6d}{c.tp + c.fp:6d}")

    rows += [line(t, c) for t, c in s.relations.items()]
    rows.append(line("micro", s.micro))
    rows.append(f"{'macro':<14}{'':>14}{100 * s.macro_f1:7.2f}")
    rows.append(f"{'entity':<14}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}")
    rows += [line(t, c) for t, c in sorted(s.entities.items())]
    rows.append(line("micro", s.entity_micro))
    return "\n".join(rows)


# ------------------------------------------------------------------ driver


def predict(docs: Sequence[dict], extractor: str = "rules", model: str | None = None) -> list[dict]:
    """Predictions for every document: kg's rules, the trained CoNLL04 model, or both."""
    language = nlp.load(model)
    parsed = parse(docs, language)
    if extractor == "rules":
        preds = [rule_predict(doc, f"s{i}") for i, doc in enumerate(parsed)]
    else:
        preds = model_predict(parsed, with_rules=extractor == "both")
    for p, d in zip(preds, docs):
        if "orig_id" in d:
            p["orig_id"] = d["orig_id"]
    return preds


def run(path: str | Path, predictions: str | Path | None = None, extractor: str = "rules",
        model: str | None = None) -> tuple[Scores, list[dict]]:
    """Predict over a CoNLL04 file, write the predictions when asked, and score them."""
    gold = load(path)
    preds = predict(gold, extractor, model)
    if predictions:
        atomic_write_text(predictions, json.dumps(preds, ensure_ascii=False, indent=1))
    return score(gold, preds), preds
