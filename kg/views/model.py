"""The view model: what a page shows, read from an Extraction, an RDF graph or the store (SPARQL)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

import networkx as nx
from rdflib import Dataset, Graph

from kg.model import COMENTION, Extraction
from kg.ontology import OPEN_PREFIX, PREFIXES, load_properties, open_label
from kg.resources import DATA, read_table
from kg.rdf import union_graph

STYLES_FILE = DATA / "node_styles.tsv"
_NON_ENTITY_TYPES = {"Article", "Evidence"}


@dataclass(frozen=True)
class Style:
    """How one entity type is drawn."""

    color: str
    shape: str
    glyph: str


@dataclass
class ViewNode:
    id: str
    label: str
    type: str
    alt_labels: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)  # every kg class the entity has; ``type`` is the drawn one


@dataclass
class ViewEvidence:
    sentence: str
    article: str  # article title, or its id when untitled
    date: str = ""  # the event's date when the sentence gives one, else the article's date


@dataclass
class ViewEdge:
    source: str
    target: str
    label: str
    evidence: list[ViewEvidence] = field(default_factory=list)
    predicate: str = ""  # the predicate's IRI or table name; ``label`` is what people read


@dataclass
class ViewGraph:
    """What the page shows, independent of whether it came from an Extraction, RDF or the store."""

    nodes: dict[str, ViewNode] = field(default_factory=dict)
    edges: list[ViewEdge] = field(default_factory=list)
    #: (entity, entity, sentences) named together, never a relation: an optional faint layer of the overview
    comentions: list[tuple[str, str, int]] = field(default_factory=list)

    def degree(self) -> Counter[str]:
        """Relations per entity, both directions, parallel relations counted each."""
        return Counter(end for e in self.edges for end in (e.source, e.target))

    def subgraph(self, keep: Iterable[str]) -> ViewGraph:
        """The entities in *keep* and the relations among them."""
        ids = set(keep)
        return ViewGraph({k: n for k, n in self.nodes.items() if k in ids},
                         [e for e in self.edges if e.source in ids and e.target in ids])


@cache
def load_styles() -> dict[str, Style]:
    """Type -> style from kg/data/node_styles.tsv; the ``*`` row is the fallback."""
    return {r[0]: Style(r[1], r[2], r[3]) for r in read_table(STYLES_FILE, 4)}


def style_of(entity_type: str) -> Style:
    styles = load_styles()
    return styles.get(entity_type, styles["*"])


def drawn_type(types: Iterable[str]) -> str:
    """The type an entity is drawn as: the first of its types in the style table's order."""
    order = {t: i for i, t in enumerate(load_styles())}
    return min(types, key=lambda t: (order.get(t, len(order)), t), default="Entity")


def predicate_label(predicate: str) -> str:
    """Readable label of a relation predicate (table label, or the open slug with spaces)."""
    prop = load_properties().get(predicate)
    return prop.label if prop else open_label(predicate.removeprefix(OPEN_PREFIX))


# --- building the view model -----------------------------------------------------------------------


def from_extraction(ex: Extraction) -> ViewGraph:
    """View model of an extraction."""
    vg = ViewGraph()
    for e in ex.entities.values():
        vg.nodes[e.id] = ViewNode(e.id, e.label, e.type, sorted(e.alt_labels - {e.label}), list(e.same_as), [e.type])
    articles = {a.id: a for a in ex.articles}
    for r in ex.relations:
        for end in (r.subject, r.object):
            vg.nodes.setdefault(end, ViewNode(end, end, "Entity", types=["Entity"]))
        evidence = []
        for ev in r.evidence:
            a = articles.get(ev.article_id)
            evidence.append(ViewEvidence(ev.sentence, (a.title if a else "") or ev.article_id,
                                         ev.date or (a.date if a else None) or ""))
        vg.edges.append(ViewEdge(r.subject, r.object, predicate_label(r.predicate), evidence, r.predicate))
    vg.comentions = [(a, b, n) for (a, b), n in sorted(ex.comentions.items()) if a in vg.nodes and b in vg.nodes]
    return vg


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


Rows = list[list[str | None]]
#: Runs one SELECT and returns its rows as plain strings (None for unbound), in the variables' order.
Select = Callable[[str], Rows]

_Q_ENTITIES = """
SELECT DISTINCT ?e ?type WHERE {
  ?e a ?type .
  FILTER(isIRI(?e) && STRSTARTS(STR(?type), STR(kg:)) && ?type != kg:Article && ?type != kg:Evidence)
}"""
_Q_NAMES = """
SELECT DISTINCT ?e ?kind ?value WHERE {
  { ?e rdfs:label ?value . BIND("label" AS ?kind) }
  UNION { ?e skos:altLabel ?value . BIND("alt" AS ?kind) }
  UNION { ?e owl:sameAs ?value . BIND("same" AS ?kind) }
}"""
_Q_RELATIONS = """
SELECT DISTINCT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?s) && isIRI(?o) && (STRSTARTS(STR(?p), STR(kg:)) || STRSTARTS(STR(?p), STR(kgo:))))
  FILTER(?p != kg:%s)
}""" % COMENTION
_Q_COMENTIONS = """
SELECT ?s ?o ?n WHERE {
  ?st rdf:predicate kg:%s ; rdf:subject ?s ; rdf:object ?o ; kg:sentenceCount ?n .
}""" % COMENTION
_Q_PREDICATE_LABELS = """
SELECT DISTINCT ?p ?label WHERE { ?p a owl:ObjectProperty ; rdfs:label ?label }"""
_Q_EVIDENCE = """
SELECT DISTINCT ?st ?s ?p ?o ?sentence ?article ?title ?adate ?edate WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?st kg:sentence ?sentence }
  OPTIONAL { ?st kg:eventDate ?edate }
  OPTIONAL {
    ?st prov:wasDerivedFrom ?article .
    OPTIONAL { ?article dcterms:title ?title }
    OPTIONAL { ?article dcterms:date ?adate }
  }
}"""


def from_sparql(select: Select) -> ViewGraph:
    """View model read with SPARQL, so an rdflib graph and the Oxigraph store go through one path.

    Entities are IRIs typed with a kg class; relations are the direct kg:/kgo: triples between two
    entities; evidence comes from the reified statements about each triple.
    """
    types: dict[str, set[str]] = defaultdict(set)
    for e, t in select(_Q_ENTITIES):
        if e and t and _local_name(t) not in _NON_ENTITY_TYPES:
            types[e].add(_local_name(t))
    names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e, kind, value in select(_Q_NAMES):
        if e in types and kind and value is not None:
            names[e][kind].add(value)
    vg = ViewGraph()
    for e in sorted(types):
        labels = sorted(names[e]["label"])
        label = labels[0] if labels else _local_name(e)
        alts = sorted((names[e]["alt"] | set(labels[1:])) - {label})
        vg.nodes[e] = ViewNode(e, label, drawn_type(types[e]), alts, sorted(names[e]["same"]), sorted(types[e]))
    plabels: dict[str, str] = {}
    for p, label in sorted(select(_Q_PREDICATE_LABELS), key=lambda r: (r[0] or "", r[1] or "")):
        if p and label:
            plabels.setdefault(p, label)
    evidence: dict[tuple[str, str, str], list[ViewEvidence]] = defaultdict(list)
    seen: set[str] = set()
    for st, s, p, o, sentence, article, title, adate, edate in sorted(select(_Q_EVIDENCE), key=lambda r: str(r)):
        if st is None or s is None or p is None or o is None or st in seen:
            continue  # a statement with several titles or dates is read once
        seen.add(st)
        evidence[(s, p, o)].append(ViewEvidence(sentence or "", title or article or "", edate or adate or ""))
    for s, p, o in sorted(select(_Q_RELATIONS), key=lambda r: tuple(x or "" for x in r)):
        if s in vg.nodes and o in vg.nodes and p is not None:
            label = plabels.get(p) or predicate_label(_local_name(p))
            ev = sorted(evidence.get((s, p, o), []), key=lambda v: (v.date, v.article, v.sentence))
            vg.edges.append(ViewEdge(s, o, label, ev, p))
    vg.comentions = sorted((s, o, int(n)) for s, o, n in select(_Q_COMENTIONS)
                           if s in vg.nodes and o in vg.nodes and n is not None)
    return vg


def rdflib_select(g: Graph) -> Select:
    """A :data:`Select` over an rdflib graph; a Dataset is read as the union of all its graphs."""
    if isinstance(g, Dataset):
        g = union_graph(g)

    def select(sparql: str) -> Rows:
        return [[None if v is None else str(v) for v in row] for row in g.query(sparql, initNs=PREFIXES)]

    return select


def from_graph(g: Graph) -> ViewGraph:
    """View model of an RDF graph written by :func:`kg.rdf.to_dataset`."""
    return from_sparql(rdflib_select(g))



def pagerank(vg: ViewGraph) -> dict[str, float]:
    """PageRank over the relations (parallel relations add weight)."""
    g = nx.MultiDiGraph()
    g.add_nodes_from(vg.nodes)
    g.add_edges_from((e.source, e.target) for e in vg.edges)
    return nx.pagerank(g) if len(g) else {}


def to_view(source: Extraction | Graph | ViewGraph) -> ViewGraph:
    """The view model of whatever the caller has."""
    if isinstance(source, ViewGraph):
        return source
    return from_extraction(source) if isinstance(source, Extraction) else from_graph(source)
