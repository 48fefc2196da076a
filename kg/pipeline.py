"""The extraction pipeline: ingest -> nlp -> entities -> relations, for a whole build.

Entities are resolved across every article of a build (one node per real-world entity), so a build
runs in three passes, and holds at most ``KEEP_TOKENS`` tokens of parsed Docs in memory:

1. parse: each new or changed article is parsed (``nlp.pipe`` in batches, in ``workers`` processes or
   on a Dask cluster) and its name mentions found; the Doc goes to the on-disk cache (:mod:`kg.cache`),
   only the mentions stay in memory. Unchanged articles (same content hash) are not parsed again.
2. resolve: the mentions of all articles become entities (:func:`kg.identity.resolve`).
3. relations: Docs stream through the relation frames one at a time, from memory when this process
   parsed them (up to ``KEEP_TOKENS`` tokens, vectors dropped), else back from the cache. An article
   whose text, mentions and the entity facts its frames read are all as in the previous build reuses
   that build's relations instead, which is what makes adding one article to a large corpus cheap while
   the result stays equal to a clean build.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import pickle
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc
from tqdm import tqdm

from kg import entities as ents
from kg import identity
from kg import gazetteer as gz
from kg import components, ingest, nlp, relations
from kg.components import RelationExtractor
from kg.cache import BuildCache, RelationRecord, doc_bytes, parse_fingerprint, tensor_bytes
from kg.entities import Mention
from kg.model import COMENTION, Article, Entity, Evidence, Extraction, Relation
from kg.ontology import redundant_given, user_properties_fingerprint
from kg.rules import PatternRule

BATCH = 32
#: Two entities named together in at least this many sentences of a build form a co-mention.
COMENTION_MIN = 2
#: Docs parsed in this process are kept for the relations pass up to this many tokens (some tens of MB), so
#: they need not be read back from the cache; the rest are.
KEEP_TOKENS = 100_000
AUTO_PARALLEL_CHARS = 300_000  # below this much new text (~50k words), starting worker processes costs more
WELL_KNOWN_CITY = 1_000_000

#: (parse key, text) in; (parse key, DocBin bytes, pickled mentions, token vectors or None) out
Parsed = tuple[str, bytes, bytes, bytes | None]


@dataclass
class BuildStats:
    """What a build did, for the report at its end: how much it could reuse."""

    articles: int = 0
    parsed: int = 0  # distinct texts parsed in this build
    reused_parses: int = 0
    relations_run: int = 0  # articles whose relation frames ran
    relations_reused: int = 0
    processes: int = 1  # parsing processes used (1: this one)
    dask: bool = False


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def extract(paths: Iterable[str | Path], model: str | None = None, progress: bool = True,
            skipped: list[ingest.Skipped] | None = None, *, workers: int | None = 1,
            cache_dir: str | Path | None = None, dask: object | None = None,
            stats: BuildStats | None = None, relation_model: bool = False,
            repaired: list[ingest.Repaired] | None = None, patterns: Sequence[PatternRule] = (),
            aliases: identity.Aliases | None = None) -> Extraction:
    """Read, parse and extract every article under ``paths``.

    With a ``skipped`` list, files (and corpus records) with no usable article (empty, binary, not in
    the model's language) are listed there instead of failing the build; repairs go to ``repaired``.

    ``cache_dir`` keeps parses and relations between builds (a temporary folder when None);
    ``workers`` parse in that many processes (None: all cores when there is enough new text); ``dask`` (a scheduler address, ``"local"`` or a
    ``distributed.Client``) parses on a Dask cluster instead. The result is the same either way.
    With ``relation_model``, the trained CoNLL04 relation classifier adds facts behind the rule-based
    frames (kg/models/conll04.py). ``patterns`` are users' pattern rules, run beside the package's;
    ``aliases`` are the user's identity corrections (:mod:`kg.identity`).
    """
    name = model or nlp.DEFAULT_MODEL
    language = components.load(name)  # fails early on a missing model; its vocab reads cached Docs back
    extractor = language.get_pipe("kg_relations")
    if patterns:  # the users' rules join a component of their own, not the cached pipeline's
        extractor = RelationExtractor()
        extractor.ruleset.add(patterns)
    stats = stats if stats is not None else BuildStats()
    articles = _unique(ingest.read_articles(paths, skipped, repaired, lang=language.lang), skipped)
    stats.articles = len(articles)
    with BuildCache(cache_dir, parse_fingerprint(name)) as cache, Survivors() as survivors:
        keys = [cache.key(a.text) for a in articles]
        todo = list({k: a.text for k, a in zip(keys, articles) if not cache.has_doc(k, relation_model)}.items())
        stats.parsed, stats.reused_parses = len(todo), len(set(keys)) - len(todo)
        if workers is None:
            workers = default_workers() if sum(len(t) for _, t in todo) >= AUTO_PARALLEL_CHARS else 1
        bar = tqdm(total=len(todo), desc="parsing", unit="story", file=sys.stderr, disable=not (progress and todo))
        kept = KeptDocs()
        for key, data, ms, tensor in parse(todo, name, language, workers, dask, stats, relation_model, kept):
            cache.put_parse(key, data, ms, tensor)
            bar.update()
        bar.close()
        for key in dict.fromkeys(k for k in keys if not cache.has_mentions(k)):  # kg's code changed since
            doc = language.get_pipe("kg_mentions")(cache.doc(key, language.vocab))
            cache.put_mentions(key, pickle.dumps(doc._.kg_mentions, protocol=pickle.HIGHEST_PROTOCOL))
        mentions = [cache.mentions(k, a.id) for k, a in zip(keys, articles)]
        entities = identity.resolve([m for ms in mentions for m in ms], aliases)
        survivors.freeze()  # the mentions and entities, and the gazetteer the mentions pass loaded
        found: dict[tuple[str, str, str], Relation] = {}
        together: Counter[tuple[str, str]] = Counter()
        used: set[str] = set()
        for key, article, ms in tqdm(list(zip(keys, articles, mentions)), desc="relations", unit="story",
                                     file=sys.stderr, disable=not progress):
            sig = _signature(cache.code_fp + extractor.ruleset.fingerprint + user_properties_fingerprint(), key,
                             article, ms, relation_model)
            record = cache.relations(article.id)
            if record is not None and record.signature == sig and _still_valid(record, entities):
                stats.relations_reused += 1
            else:
                doc = kept.take(key) or cache.doc(key, language.vocab)
                record = article_relations(doc, article, entities, ms, sig,
                                           relation_model, extractor)
                cache.put_relations(article.id, record)
                stats.relations_run += 1
            for r in record.relations:
                if r.predicate == COMENTION:  # cached beside the relations, never one of them
                    together[(r.subject, r.object)] += len(r.evidence)
                    continue
                merged = found.setdefault(r.key, Relation(r.subject, r.predicate, r.object))
                merged.evidence.extend(r.evidence)
            used.update(m.entity for m in ms if m.entity)
            used.update(record.norp)
        if articles:  # a build with nothing to build fails later: it leaves the cache as it was
            cache.save(set(keys), {a.id for a in articles})
    for r in found.values():
        used.update((r.subject, r.object))
    ex = Extraction(articles=articles)
    ex.entities = {k: v for k, v in sorted(entities.items()) if k in used}
    ex.relations = sorted(found.values(), key=lambda r: r.key)
    ex.comentions = {pair: n for pair, n in sorted(together.items())
                     if n >= COMENTION_MIN and pair[0] in ex.entities and pair[1] in ex.entities}
    for ms in mentions:
        for m in ms:
            if m.entity:
                ex.mentions.setdefault(m.entity, []).append((m.article, m.start, m.end))
    return ex


def _unique(articles: Iterable[Article], skipped: list[ingest.Skipped] | None) -> list[Article]:
    """Articles in input order; a second article with an id already seen is skipped (it would merge
    two stories' provenance)."""
    out: list[Article] = []
    seen: set[str] = set()
    for a in articles:
        if a.id in seen:
            ingest._skip(skipped, a.path, f"duplicate article id {a.id!r}")
            continue
        seen.add(a.id)
        out.append(a)
    return out


class Survivors:
    """Objects alive when a build starts (the model, the gazetteer, the caller's data) outlive it: for its
    duration they are moved out of the garbage collector's generations, so that the full collections
    the build's many small objects set off do not walk them all again each time (a tenth of kg's own
    time went to that). They go back at the end, so nothing is kept longer than it would be; a process
    that froze objects itself (``gc.freeze``) is left as it is."""

    def __enter__(self) -> Survivors:
        self.active = gc.get_freeze_count() == 0
        self.freeze()
        return self

    def freeze(self) -> None:
        """Everything alive now survives the build too."""
        if self.active:
            gc.freeze()

    def __exit__(self, *exc: object) -> None:
        if self.active:
            gc.unfreeze()


# --- pass 1: parsing ---------------------------------------------------------------------------------


class KeptDocs:
    """Docs parsed in this process, kept for the relations pass while they fit in :data:`KEEP_TOKENS`."""

    def __init__(self, room: int = KEEP_TOKENS) -> None:
        self.docs: dict[str, Doc] = {}
        self.room = room

    def put(self, key: str, doc: Doc) -> None:
        if len(doc) <= self.room and key not in self.docs:
            self.docs[key] = doc
            self.room -= len(doc)

    def take(self, key: str) -> Doc | None:
        """The Doc parsed under *key*, once (it is the relations pass's to annotate)."""
        return self.docs.pop(key, None)


def parse_stream(language: Language, items: Iterable[tuple[str, str]], tensors: bool = False,
                 kept: KeptDocs | None = None) -> Iterator[Parsed]:
    """Parse texts in batches; yield each Doc serialised with its mentions, so none is kept (but those
    *kept* takes)."""
    items = iter(items)
    keys: list[str] = []

    def texts() -> Iterator[str]:
        for key, text in items:
            keys.append(key)
            yield text

    for i, doc in enumerate(language.pipe(texts(), batch_size=BATCH, disable=["kg_relations"])):
        ms = doc._.kg_mentions
        yield (keys[i], doc_bytes(doc), pickle.dumps(ms, protocol=pickle.HIGHEST_PROTOCOL),
               tensor_bytes(doc) if tensors else None)
        if kept is not None:
            if not tensors:  # as the cache gives it back: no token vectors (a third of a Doc's memory)
                doc.tensor = np.zeros((0,), dtype="float32")
            kept.put(keys[i], doc)
        keys[i] = ""


def parse_batch(model: str, batch: list[tuple[str, str]], tensors: bool = False) -> list[Parsed]:
    """One batch in a worker process or on a Dask worker; the pipeline loads once per process."""
    return list(parse_stream(components.load(model), batch, tensors))


def chunks(items: list[tuple[str, str]], workers: int) -> list[list[tuple[str, str]]]:
    """Batches of at most BATCH texts, small enough that every worker gets one."""
    size = max(1, min(BATCH, -(-len(items) // max(workers, 1))))
    return [items[i:i + size] for i in range(0, len(items), size)]


def parse(todo: list[tuple[str, str]], model: str, language: Language, workers: int,
          dask: object | None, stats: BuildStats, tensors: bool = False, kept: KeptDocs | None = None) -> Iterator[Parsed]:
    """Parse in this process, in a pool of worker processes, or on Dask; results in any order. Docs parsed
    in this process go to *kept* as they fit."""
    if not todo:
        return
    if dask is not None:
        from kg.distributed import parse_on_dask

        stats.dask = True
        yield from parse_on_dask(dask, model, chunks(todo, 4 * max(workers, 1)), workers, tensors)
        return
    batches = chunks(todo, workers)
    if workers <= 1 or len(batches) <= 1:
        yield from parse_stream(language, todo, tensors, kept)
        return
    context = multiprocessing.get_context("spawn")  # fork would copy a process that may hold threads
    stats.processes = min(workers, len(batches))
    with ProcessPoolExecutor(max_workers=stats.processes, mp_context=context) as pool:
        pending = set()
        queue = iter(batches)
        for batch in queue:  # keep every worker busy with one batch queued behind it, no more
            pending.add(pool.submit(parse_batch, model, batch, tensors))
            if len(pending) >= 2 * workers:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
                nxt = next(queue, None)
                if nxt is not None:
                    pending.add(pool.submit(parse_batch, model, nxt, tensors))


# --- pass 3: relations -------------------------------------------------------------------------------


class _Reads(MutableMapping):
    """The build's entities, recording which ids the relation frames look at and what they saw.

    Writes go through (``country_entity`` adds a country known only from its demonym); scans over
    ``values()`` are the country lookups, recorded separately as ``RelationRecord.countries``.
    """

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.data = entities
        self.reads: dict[str, tuple[bool, str, str]] = {}

    def _see(self, key: str) -> None:
        e = self.data.get(key)
        self.reads[key] = (True, e.type, e.label) if e is not None else (False, "", "")

    def __getitem__(self, key: str) -> Entity:
        if key not in self.reads:  # what an id showed the first time it was read
            self._see(key)
        return self.data[key]

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str) and key not in self.reads:
            self._see(key)
        return key in self.data

    def __setitem__(self, key: str, value: Entity) -> None:
        self.reads.pop(key, None)  # this article's own country lookup made it: RelationRecord.countries covers it
        self.data[key] = value

    def __delitem__(self, key: str) -> None:
        del self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def values(self):  # type: ignore[override]
        return self.data.values()


def _signature(code_fp: str, key: str, article: Article, ms: list[Mention], relation_model: bool = False) -> str:
    """Everything article-local that the relation frames read: code, text, id and resolved mentions."""
    state = [(m.start, m.end, m.text, m.label, m.entity, m.derived) for m in ms]
    return hashlib.sha256(repr((code_fp, key, article.id, state, relation_model)).encode("utf-8")).hexdigest()


def _still_valid(record: RelationRecord, entities: dict[str, Entity]) -> bool:
    """The entity facts a cached record read are unchanged (countries first: they may add entities)."""
    for country, eid in record.countries.items():
        if ents.country_entity(country, entities) != eid:
            return False
    for eid, seen in record.reads.items():
        e = entities.get(eid)
        if ((True, e.type, e.label) if e is not None else (False, "", "")) != seen:
            return False
    return True


def article_relations(doc: Doc, article: Article, entities: dict[str, Entity], ms: list[Mention],
                      signature: str, relation_model: bool = False,
                      extractor: RelationExtractor | None = None) -> RelationRecord:
    """Run the kg_relations component over one article with the corpus's entities, then turn its
    candidates into facts (filters, corpus-level steps), recording what of the entities they read."""
    reads = _Reads(entities)
    doc._.kg_article, doc._.kg_mentions = article, ms
    doc._.kg_context = ctx = relations.Context(doc, article, reads, ms)  # type: ignore[arg-type]
    (extractor or components.default_extractor())(doc)
    rels = list(ctx.found.values())
    rels += background_places(ctx, rels)
    if relation_model:
        from kg.models import conll04

        rels += conll04.add_relations(ctx, rels)
    countries = dict(sorted(ctx.countries.items()))  # every country the frames looked up by name
    return RelationRecord(signature, dict(reads.reads), countries, prune(rels) + co_mentions(doc, article, ms),
                          sorted(set(ctx.tok2norp.values())))


def co_mentions(doc: Doc, article: Article, ms: list[Mention]) -> list[Relation]:
    """Entities named in the same sentence, one :data:`~kg.model.COMENTION` pair per sentence (ids in
    order, one evidence per sentence): the optional layer of the overview, never a stated relation."""
    named: dict[int, set[str]] = defaultdict(set)
    for m in ms:
        if m.entity:
            named[doc[m.start].sent.start].add(m.entity)
    pairs: dict[tuple[str, str], Relation] = {}
    for start, ids in sorted(named.items()):
        sent = doc[start].sent
        for a, b in combinations(sorted(ids), 2):
            pair = pairs.setdefault((a, b), Relation(a, COMENTION, b))
            pair.evidence.append(Evidence(article.id, "", sent.start_char, sent.end_char, "co-mention", 0.0))
    return list(pairs.values())


def prune(rels: list[Relation]) -> list[Relation]:
    """Drop a general fact where a specific one links the same pair ('heads' beats 'worksFor'), as
    ontology/properties.tsv orders them (columns super and implies)."""
    keys = {r.key for r in rels}
    specific = redundant_given()
    return [r for r in rels if not any((r.subject, p, r.object) in keys for p in specific.get(r.predicate, ()))]


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
