"""The extraction pipeline: ingest -> nlp -> entities -> relations, for a whole build.

Entities are resolved across every article of a build (one node per real-world entity), so the
parse of all stories comes first, then name resolution, then the relation frames per story.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from tqdm import tqdm

from kg import entities as ents
from kg import gazetteer as gz
from kg import ingest, nlp, relations
from kg.model import Evidence, Extraction, Relation

BATCH = 32
WELL_KNOWN_CITY = 1_000_000
# the first property makes the second redundant for the same pair (more specific wins)
SUBSUMES = {"heads": "worksFor", "spokespersonOf": "worksFor", "captured": "conflictWith"}


def extract(paths: Iterable[str | Path], model: str | None = None, progress: bool = True,
            skipped: list[ingest.Skipped] | None = None,
            repaired: list[ingest.Repaired] | None = None, relation_model: bool = False) -> Extraction:
    """Read, parse and extract every article under ``paths``.

    With a ``skipped`` list, files with no usable article (empty, binary, not in the model's
    language) are listed there instead of failing the build; repairs go to ``repaired``. With
    ``relation_model``, the trained CoNLL04 relation classifier adds facts behind the rule-based
    frames (kg/models/conll04.py).
    """
    language = nlp.load(model)
    articles = list(ingest.read_articles(paths, skipped, repaired, lang=language.lang))
    texts = (a.text for a in articles)
    docs = list(tqdm(language.pipe(texts, batch_size=BATCH), total=len(articles), desc="parsing",
                     unit="story", file=sys.stderr, disable=not progress))
    mentions = [ents.find_mentions(doc, a.id) for doc, a in zip(docs, articles)]
    entities = ents.resolve([m for ms in mentions for m in ms])
    found: dict[tuple[str, str, str], Relation] = {}
    used: set[str] = set()
    for doc, article, ms in zip(docs, articles, mentions):
        ctx = relations.Context(doc, article, entities, ms)
        rels = relations.extract(ctx)
        rels += background_places(ctx, rels)
        if relation_model:
            from kg.models import conll04

            rels += conll04.add_relations(ctx, rels)
        for r in prune(rels):
            merged = found.setdefault(r.key, Relation(r.subject, r.predicate, r.object))
            merged.evidence.extend(r.evidence)
        used.update(m.entity for m in ms if m.entity)
        used.update(ctx.tok2norp.values())
    for r in found.values():
        used.update((r.subject, r.object))
    ex = Extraction(articles=articles)
    ex.entities = {k: v for k, v in sorted(entities.items()) if k in used}
    ex.relations = sorted(found.values(), key=lambda r: r.key)
    for ms in mentions:
        for m in ms:
            if m.entity:
                ex.mentions.setdefault(m.entity, []).append((m.article, m.start, m.end))
    return ex


def prune(rels: list[Relation]) -> list[Relation]:
    """Drop a general fact where a specific one links the same pair ('heads' beats 'worksFor')."""
    keys = {r.key for r in rels}
    return [r for r in rels if not any((r.subject, p, r.object) in keys for p, q in SUBSUMES.items()
                                       if q == r.predicate)]


def background_places(ctx: relations.Context, rels: list[Relation]) -> list[Relation]:
    """A city lies in its country (gazetteer), when the article names both and says no better."""
    located = {r.subject for r in rels if r.predicate == "locatedIn"}
    present = {m.entity for m in ctx.mentions if m.entity}
    by_label = {ctx.entities[e].label: e for e in present if ctx.entities[e].type == "Country"}
    out = []
    for eid in sorted(present):
        e = ctx.entities[eid]
        if e.type != "City" or eid in located:
            continue
        place = gz.lookup(e.label)
        if not place or not (place.capital or place.population >= WELL_KNOWN_CITY):
            continue  # small towns share names across countries: only well-known cities
        country = by_label.get(place.country) if place and place.country else None
        if country:
            first = next(m for m in ctx.mentions if m.entity == eid)
            sent = ctx.doc[first.start].sent
            ev = Evidence(ctx.article.id, sent.text.strip(), sent.start_char, sent.end_char,
                          "background:gazetteer", relations.CONF["background"])
            out.append(Relation(eid, "locatedIn", country, [ev]))
    return out
