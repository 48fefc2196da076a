"""Extraction -> RDF: direct triples for querying, reified statements for evidence.

Each article's evidence lives in its own named graph (named by the article's IRI): the article's
metadata and one statement per fact it supports. What the whole build shares (entities, predicate
declarations and the direct triples, each stated once however many articles support it) is in the
default graph, so a query over the union of graphs sees every fact exactly once. Dropping an
article is exact: remove its graph, then every direct triple left without a statement. Turtle and
N-Triples outputs carry the union of all graphs.

Relations are plain triples (``kgr:a kg:metWith kgr:b``) so simple SPARQL and other tools see the graph
as-is; each supporting sentence is an ``rdf:Statement`` about that triple, so provenance stays reachable
with standard RDF (no RDF-star). Every node has a deterministic IRI, so the same extraction always
serialises to the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.fsutil import atomic_write_bytes
from kg.model import COMENTION, Article, Evidence, Extraction, Relation
from kg.ontology import KG, KGA, KGO, KGR, OPEN_PREFIX, PREFIXES, bind_prefixes, load_properties, open_label

#: ISO's Online Browsing Platform page of a country code: the code's own public IRI.
ISO_3166_IRI = "https://www.iso.org/obp/ui/#iso:code:3166:"
STATEMENT_PREFIX = "stmt/"  # entity ids are percent-encoded, so they never contain '/' and cannot clash
#: The named graph of co-mentions (entities named in one sentence): apart from every article's facts.
COMENTION_GRAPH = KGR["graph/co-mentions"]

#: Date shapes and the XSD type each gets; anything else stays a plain string.
_DATE_TYPES: list[tuple[re.Pattern[str], URIRef]] = [
    (re.compile(r"-?\d{4}-\d{2}-\d{2}"), XSD.date),
    (re.compile(r"-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?"), XSD.dateTime),
    (re.compile(r"-?\d{4}-\d{2}"), XSD.gYearMonth),
    (re.compile(r"-?\d{4}"), XSD.gYear),
]


#: Characters no RDF syntax can carry everywhere: lone surrogates (not encodable as UTF-8, so N-Triples
#: and the store fail) and the controls XML 1.0 forbids. Each becomes U+FFFD, one for one, so the
#: character offsets of evidence still index the sentence.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """*text* with every character that cannot be serialised replaced by U+FFFD."""
    return _UNSAFE.sub("\ufffd", text)


def text_literal(text: str, **kwargs: object) -> Literal:
    """A literal for a string that came from an article or a file name, safe to serialise."""
    return Literal(clean(text), **kwargs)  # type: ignore[arg-type]


def local(text: str) -> str:
    """Percent-encode an id into an IRI-safe local name (every reserved character is escaped)."""
    return quote(clean(text), safe="") or "_"


def entity_iri(entity_id: str) -> URIRef:
    """IRI of an entity."""
    return KGR[local(entity_id)]


def article_iri(article_id: str) -> URIRef:
    """IRI of an article."""
    return KGA[local(article_id)]


def predicate_iri(predicate: str) -> URIRef:
    """A table property becomes ``kg:name``; ``open:slug`` (or an unknown name) becomes ``kgo:slug``."""
    if predicate in load_properties():
        return KG[predicate]
    return KGO[local(predicate.removeprefix(OPEN_PREFIX))]


def statement_iri(relation: Relation, ev: Evidence) -> URIRef:
    """Deterministic IRI of one (relation, evidence) statement node."""
    key = "|".join([relation.subject, relation.predicate, relation.object, ev.article_id,
                    str(ev.start), str(ev.end), ev.rule])
    return KGR[STATEMENT_PREFIX + hashlib.sha1(key.encode("utf-8")).hexdigest()]


def decimal_literal(value: float) -> Literal:
    """xsd:decimal with a stable lexical form (4 places, trailing zeros trimmed)."""
    text = f"{value:.4f}".rstrip("0")
    return Literal(text + "0" if text.endswith(".") else text, datatype=XSD.decimal)


def date_literal(value: str) -> Literal:
    """Typed literal for an ISO date-ish string; a free-text date stays a plain string."""
    text = value.strip()
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(text):
            return Literal(text, datatype=datatype)
    return text_literal(text)


def _add_article(g: Graph, a: Article) -> None:
    node = article_iri(a.id)
    g.add((node, RDF.type, KG.Article))
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, DCTERMS.identifier, text_literal(a.id)))
    if a.title:
        g.add((node, DCTERMS.title, text_literal(a.title)))
    g.add((node, KG.sourceFile, text_literal(a.path)))
    if a.date:
        g.add((node, DCTERMS.date, date_literal(a.date)))
    if a.url:
        g.add((node, KG.url, text_literal(a.url, datatype=XSD.anyURI)))


def _add_entities(g: Graph, ex: Extraction) -> None:
    for e in ex.entities.values():
        node = entity_iri(e.id)
        g.add((node, RDF.type, KG[local(e.type)]))
        g.add((node, RDFS.label, text_literal(e.label)))
        for alt in e.alt_labels - {e.label}:
            g.add((node, SKOS.altLabel, text_literal(alt)))
        for iri in e.same_as:
            g.add((node, OWL.sameAs, URIRef(iri)))
        if e.country_code:
            g.add((node, KG.countryCode, Literal(e.country_code)))
            g.add((node, SKOS.exactMatch, URIRef(ISO_3166_IRI + e.country_code)))


def _declare_predicate(g: Graph, predicate: str) -> None:
    """Copy the label and type of a used predicate into the output, minting open predicates."""
    prop = load_properties().get(predicate)
    iri = predicate_iri(predicate)
    g.add((iri, RDF.type, OWL.ObjectProperty))
    if prop is not None:
        g.add((iri, RDFS.label, Literal(prop.label, lang="en")))
        if prop.symmetric:
            g.add((iri, RDF.type, OWL.SymmetricProperty))
    else:
        g.add((iri, RDFS.label, text_literal(open_label(predicate.removeprefix(OPEN_PREFIX)), lang="en")))
        g.add((iri, RDFS.subPropertyOf, KG.relatedTo))


def _add_evidence(g: Graph, relation: Relation, ev: Evidence) -> None:
    node = statement_iri(relation, ev)
    g.add((node, RDF.type, RDF.Statement))
    g.add((node, RDF.type, KG.Evidence))
    g.add((node, RDF.subject, entity_iri(relation.subject)))
    g.add((node, RDF.predicate, predicate_iri(relation.predicate)))
    g.add((node, RDF.object, entity_iri(relation.object)))
    g.add((node, PROV.wasDerivedFrom, article_iri(ev.article_id)))
    g.add((node, KG.sentence, text_literal(ev.sentence)))
    g.add((node, KG.startOffset, Literal(ev.start, datatype=XSD.integer)))
    g.add((node, KG.endOffset, Literal(ev.end, datatype=XSD.integer)))
    g.add((node, KG.rule, text_literal(ev.rule)))
    g.add((node, KG.confidence, decimal_literal(ev.confidence)))
    if ev.date:
        g.add((node, KG.eventDate, date_literal(ev.date)))
        if ev.date_precision:
            g.add((node, KG.datePrecision, Literal(ev.date_precision)))
    if ev.attributed_to:
        g.add((node, KG.attributedTo, entity_iri(ev.attributed_to)))


def _add_comentions(g: Graph, pairs: dict[tuple[str, str], int]) -> None:
    """Co-mentions, each a triple with a statement counting its sentences, and their predicate declared
    here rather than in the relation table: a co-mention is not a relation (no super-property)."""
    p = KG[COMENTION]
    g.add((p, RDF.type, OWL.ObjectProperty))
    g.add((p, RDF.type, OWL.SymmetricProperty))
    g.add((p, RDFS.label, Literal("co-mentioned with", lang="en")))
    g.add((p, RDFS.comment, Literal("Named in the same sentence, in as many sentences as the statement's "
                                    "kg:sentenceCount; not a relation the text states.", lang="en")))
    for (a, b), n in pairs.items():
        s, o = entity_iri(a), entity_iri(b)
        st = KGR[STATEMENT_PREFIX + hashlib.sha1(f"{COMENTION}|{a}|{b}".encode()).hexdigest()]
        g.add((s, p, o))
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, KG.sentenceCount, Literal(n, datatype=XSD.integer)))


def to_dataset(ex: Extraction) -> Dataset:
    """The whole extraction as an RDF dataset: shared nodes in the default graph, one graph per article."""
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    g = ds.default_graph
    _add_entities(g, ex)
    for predicate in sorted({r.predicate for r in ex.relations}):
        _declare_predicate(g, predicate)
    graphs: dict[str, Graph] = {}
    for a in ex.articles:
        graphs[a.id] = ds.graph(article_iri(a.id))
        _add_article(graphs[a.id], a)
    for r in ex.relations:
        g.add((entity_iri(r.subject), predicate_iri(r.predicate), entity_iri(r.object)))
        for ev in r.evidence:
            if ev.article_id not in graphs:  # evidence from an article the extraction does not list
                graphs[ev.article_id] = ds.graph(article_iri(ev.article_id))
            _add_evidence(graphs[ev.article_id], r, ev)
    if ex.comentions:
        _add_comentions(ds.graph(COMENTION_GRAPH), ex.comentions)
    return ds


def union_graph(ds: Dataset) -> Graph:
    """Every triple of every graph in *ds*, as one graph with kg's prefixes."""
    g = bind_prefixes(Graph())
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))


#: A string literal (kept as it is) or a prefixed name with a backslash escape such as ``kgr:u.s\.``,
#: which Turtle allows but rdflib's parser rejects: such names are written as full IRIs instead.
_ESCAPED_NAME = re.compile(r'"(?:[^"\\]|\\.)*"|\b([A-Za-z][\w-]*):((?:[\w\-.:%]|\\[^\s])*\\[^\s](?:[\w\-.:%]|\\[^\s])*)')


def _full_iri(m: re.Match[str]) -> str:
    if m[1] is None or m[1] not in PREFIXES:
        return m[0]
    local = re.sub(r"\\(.)", r"\1", m[2])
    return f"<{PREFIXES[m[1]]}{local}>"


def turtle_bytes(ds: Dataset | Graph) -> bytes:
    """The union of all graphs of an rdflib dataset (or one graph) as Turtle: see :func:`turtle_from_triples`."""
    quads = ds.triples((None, None, None)) if not isinstance(ds, Dataset) else (
        (s, p, o) for s, p, o, _ in ds.quads((None, None, None, None)))
    return turtle_from_triples(ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in quads)


def _tidy(text: str) -> bytes:
    """Oxigraph's Turtle or TriG made readable by rdflib and people: prefixed names with backslash
    escapes as full IRIs, prefix lines sorted (Oxigraph writes them in hash order), a blank line after
    each subject."""
    lines = _ESCAPED_NAME.sub(_full_iri, text).split("\n")
    n = next((i for i, line in enumerate(lines) if not line.startswith("@prefix")), len(lines))
    body: list[str] = []
    for line in lines[n:]:  # literals are written with escapes, never across lines
        body.append(line)
        if line.endswith(" .") or line == "}":
            body.append("")  # a blank line after each subject and graph, as people write Turtle
    text = "\n".join([*sorted(lines[:n]), "", *body]).replace(" .\n\n}", " .\n}")
    return (text.rstrip("\n") + "\n").encode("utf-8")


def turtle_from_triples(triples: Iterable[ox.Triple]) -> bytes:
    """Triples as Turtle with kg's prefixes, de-duplicated and in a stable order.

    Written by Oxigraph's serializer from the sorted triples: several times faster than rdflib's on big
    graphs (what a rebuild of a large corpus waits for), and the same input always gives the same bytes.
    """
    ordered = sorted(set(triples), key=str)
    return _tidy(ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8"))


def trig_from_quads(quads: Iterable[ox.Quad]) -> bytes:
    """Quads as TriG with kg's prefixes: the default graph first, then one block per named graph, each
    in a stable order. Every prefixed name Oxigraph writes uses a declared prefix, whatever characters
    an open predicate or a name starts with (rdflib's serializer mints undeclared ``ns1:`` ones)."""
    ordered = sorted(set(quads), key=lambda q: (not isinstance(q.graph_name, ox.DefaultGraph), str(q.graph_name),
                                                str(q)))
    return _tidy(ox.serialize(ordered, format=ox.RdfFormat.TRIG, prefixes=PREFIXES).decode("utf-8"))


def write_turtle(ds: Dataset, path: str | Path) -> Path:
    """Write the union graph as Turtle, atomically (temp file in the same directory, then rename)."""
    return atomic_write_bytes(path, turtle_bytes(ds))
