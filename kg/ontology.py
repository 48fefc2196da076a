"""The kg vocabulary: namespaces, and the TSV tables that ontology/kg.ttl is generated from.

The tables in ontology/ are the single source of truth for labels, hierarchy and alignments, so the
extraction code, the RDF writer and the published ontology cannot drift apart.
Run ``python -m kg.ontology`` to regenerate ontology/kg.ttl.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef

from kg.errors import KgError
from kg.resources import ONTOLOGY_DIR, read_table
ONTOLOGY_VERSION = "0.1.0"

KG = Namespace("https://w3id.org/kgnews/ontology#")
KGR = Namespace("https://w3id.org/kgnews/id/")
KGO = Namespace("https://w3id.org/kgnews/open#")
KGA = Namespace("https://w3id.org/kgnews/article/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
ONTOLOGY_IRI = URIRef("https://w3id.org/kgnews/ontology")
VERSION_IRI = URIRef(f"https://w3id.org/kgnews/ontology/{ONTOLOGY_VERSION}")

#: Prefixes bound in every file kg writes and predeclared in every SPARQL query it runs.
PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": "https://schema.org/",
    "kg": str(KG),
    "kgr": str(KGR),
    "kgo": str(KGO),
    "kga": str(KGA),
}

OPEN_PREFIX = "open:"

METONYMY_RULE = (
    "When a capital city or a seat of government (Kremlin, White House, ...) is the agent or target of a "
    "political act, kg attributes the act to the state it stands for."
)


@dataclass(frozen=True)
class Property:
    """One row of ontology/properties.tsv: a relation between two entities."""

    name: str
    label: str
    symmetric: bool
    super: str | None
    wikidata: tuple[str, ...]  # Wikidata properties it aligns with, closest first
    cameo: str | None
    comment: str
    domain: tuple[str, ...] = ()  # classes its subject may have (empty: any entity)
    range: tuple[str, ...] = ()
    kind: str = "state"  # "event" facts happen at a time and carry a date; "state" facts hold over time
    inverse: str | None = None  # name of the inverse property kg declares
    inverse_label: str | None = None
    schema: str | None = None  # schema.org term, as schema:name
    implies: tuple[str, ...] = ()  # properties a fact of this one makes redundant for the same pair
    metonymy: bool = True  # a capital or seat of power named as subject or object stands for its state


@dataclass(frozen=True)
class OntologyClass:
    """One row of ontology/classes.tsv."""

    name: str
    super: str | None
    label: str
    comment: str
    wikidata: str | None = None
    schema: str | None = None


@dataclass(frozen=True)
class Term:
    """One row of ontology/evidence.tsv: a property describing articles or evidence."""

    name: str
    kind: str  # datatype | object | annotation
    range: str | None
    label: str
    comment: str


PROPERTY_COLUMNS = 14
_USER_TABLES: list[Path] = []  # users' own properties tables in force (see user_properties)
_VOCABULARY_CACHES: list = []


def vocabulary_cache(fn: Callable) -> Callable:
    """``functools.cache`` for a function of the relation vocabulary: cleared when users' tables change it."""
    cached = cache(fn)
    _VOCABULARY_CACHES.append(cached)
    return cached


def _property(r: list[str]) -> Property:
    inverse, _, inverse_label = r[10].partition("|")
    return Property(
        r[0], r[1], r[2] == "y", r[3] or None, tuple(w for w in r[4].split(";") if w), r[5] or None, r[6],
        tuple(c for c in r[7].split("|") if c), tuple(c for c in r[8].split("|") if c), r[9] or "state",
        inverse or None, inverse_label or None, r[11] or None, tuple(c for c in r[12].split("|") if c),
        r[13] != "n")


@vocabulary_cache
def load_properties(directory: Path = ONTOLOGY_DIR) -> dict[str, Property]:
    """The relation vocabulary keyed by local name, in table order (then the users' tables in force)."""
    out = {r[0]: _property(r) for r in read_table(directory / "properties.tsv", PROPERTY_COLUMNS)}
    if directory == ONTOLOGY_DIR:
        for table in _USER_TABLES:
            out.update((p.name, p) for p in read_user_properties(table, out))
    return out


@vocabulary_cache
def symmetric_properties() -> frozenset[str]:
    """Properties stored once per pair, subject and object in id order (``symmetric`` = y)."""
    return frozenset(p.name for p in load_properties().values() if p.symmetric)


@vocabulary_cache
def redundant_given() -> dict[str, frozenset[str]]:
    """property -> the properties whose fact for the same pair makes it redundant: its sub-properties
    (``super``) and the properties that imply it (``implies``): "the more specific predicate wins"."""
    out: dict[str, set[str]] = {}
    for p in load_properties().values():
        for general in ({p.super} if p.super else set()) | set(p.implies):
            out.setdefault(general, set()).add(p.name)
    return {k: frozenset(v) for k, v in out.items()}


@vocabulary_cache
def literal_places() -> frozenset[str]:
    """Properties whose places are meant literally (``metonymy`` = n): no capital stands for its state."""
    return frozenset(p.name for p in load_properties().values() if not p.metonymy)


class PropertiesError(KgError):
    """A users' properties table cannot be used; the message names file, line and problem (exit 1)."""


_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*$")
_DOMAIN_CLASSES = {"Person", "Organization", "Place"}


def read_user_properties(path: Path, known: dict[str, Property]) -> list[Property]:
    """The rows of a users' properties table (the columns of ontology/properties.tsv), checked."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise PropertiesError(f"{path}: cannot read properties table ({err.__class__.__name__})") from None
    out: list[Property] = []
    names = set(known)
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        r = [c.strip() for c in line.split("\t")]
        r += [""] * (PROPERTY_COLUMNS - len(r))
        where = f"{path}:{n}"
        if len(r) > PROPERTY_COLUMNS:
            raise PropertiesError(f"{where}: {len(r)} columns, at most {PROPERTY_COLUMNS} (tab-separated)")
        if not _NAME.match(r[0]):
            raise PropertiesError(f"{where}: property name {r[0]!r} is not a name (letters, digits, _)")
        if r[0] in names:
            raise PropertiesError(f"{where}: property {r[0]!r} is already defined")
        if not r[1]:
            raise PropertiesError(f"{where}: property {r[0]!r} needs a label (second column)")
        for col, what in ((7, "domain"), (8, "range")):
            bad = [c for c in r[col].split("|") if c and c not in _DOMAIN_CLASSES]
            if bad:
                raise PropertiesError(f"{where}: {what} {bad[0]!r} is not one of {', '.join(sorted(_DOMAIN_CLASSES))}")
        if r[9] not in {"", "event", "state"}:
            raise PropertiesError(f"{where}: kind must be 'event' or 'state', not {r[9]!r}")
        if r[3] and r[3] not in names:
            raise PropertiesError(f"{where}: super-property {r[3]!r} is not defined")
        names.add(r[0])
        out.append(_property(r))
    return out


@contextmanager
def user_properties(paths: Sequence[str | Path] = ()) -> Iterator[None]:
    """Users' properties tables in force for the duration (a build): checked first, then added."""
    tables = [Path(p) for p in paths]
    known = dict(load_properties())
    for t in tables:
        known.update((p.name, p) for p in read_user_properties(t, known))
    _USER_TABLES.extend(tables)
    _clear_vocabulary()
    try:
        yield
    finally:
        del _USER_TABLES[len(_USER_TABLES) - len(tables):]
        _clear_vocabulary()


def user_properties_fingerprint() -> str:
    """Changes with the users' tables in force: part of the signature of cached relations."""
    h = hashlib.sha256()
    for t in _USER_TABLES:
        h.update(t.read_bytes())
    return h.hexdigest()[:16] if _USER_TABLES else ""


def _clear_vocabulary() -> None:
    for fn in _VOCABULARY_CACHES:
        fn.cache_clear()


@cache
def load_classes(directory: Path = ONTOLOGY_DIR) -> dict[str, OntologyClass]:
    """The class hierarchy keyed by local name."""
    return {r[0]: OntologyClass(r[0], r[1] or None, r[2], r[3], r[4] or None, r[5] or None)
            for r in read_table(directory / "classes.tsv", 6)}


@cache
def load_terms(directory: Path = ONTOLOGY_DIR) -> dict[str, Term]:
    """The article/evidence vocabulary keyed by local name."""
    return {r[0]: Term(r[0], r[1], r[2] or None, r[3], r[4]) for r in read_table(directory / "evidence.tsv", 5)}


def expand(name: str) -> URIRef:
    """``prefix:local`` to an IRI; a bare name is a kg term."""
    prefix, sep, local = name.partition(":")
    return URIRef(PREFIXES[prefix] + local) if sep else KG[name]


def open_label(slug: str) -> str:
    """Human label of an open predicate slug: ``praised_for`` -> ``praised for``."""
    return slug.replace("_", " ").strip()


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kg's prefixes (replacing rdflib defaults) so every output file reads the same way."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph


_KINDS = {"datatype": OWL.DatatypeProperty, "object": OWL.ObjectProperty, "annotation": OWL.AnnotationProperty}


def build_ontology() -> Graph:
    """The OWL ontology as an rdflib graph, generated from the tables in ontology/."""
    g = bind_prefixes(Graph())
    g.bind("wdt", WDT)
    g.bind("wd", WD)
    g.bind("schema", SCHEMA)
    g.add((ONTOLOGY_IRI, RDF.type, OWL.Ontology))
    g.add((ONTOLOGY_IRI, OWL.versionIRI, VERSION_IRI))
    g.add((ONTOLOGY_IRI, OWL.versionInfo, Literal(ONTOLOGY_VERSION)))
    g.add((ONTOLOGY_IRI, RDFS.label, Literal("kg news ontology", lang="en")))
    g.add((ONTOLOGY_IRI, RDFS.comment, Literal(
        "Relations between people, organisations and places extracted from news articles, "
        "with evidence recorded as reified statements.", lang="en")))
    g.add((ONTOLOGY_IRI, KG.metonymyRule, Literal(METONYMY_RULE, lang="en")))

    for c in load_classes().values():
        g.add((KG[c.name], RDF.type, OWL.Class))
        g.add((KG[c.name], RDFS.label, Literal(c.label, lang="en")))
        g.add((KG[c.name], RDFS.comment, Literal(c.comment, lang="en")))
        if c.super:
            g.add((KG[c.name], RDFS.subClassOf, expand(c.super)))
        if c.wikidata:
            g.add((KG[c.name], SKOS.closeMatch, WD[c.wikidata]))
        if c.schema:
            g.add((KG[c.name], SKOS.closeMatch, expand(c.schema)))

    for t in load_terms().values():
        g.add((KG[t.name], RDF.type, _KINDS[t.kind]))
        g.add((KG[t.name], RDFS.label, Literal(t.label, lang="en")))
        g.add((KG[t.name], RDFS.comment, Literal(t.comment, lang="en")))
        if t.range:
            g.add((KG[t.name], RDFS.range, expand(t.range)))

    for p in load_properties().values():
        iri = KG[p.name]
        g.add((iri, RDF.type, OWL.ObjectProperty))
        g.add((iri, RDFS.label, Literal(p.label, lang="en")))
        g.add((iri, RDFS.comment, Literal(p.comment, lang="en")))
        g.add((iri, RDFS.domain, owl_class(p.domain)))
        g.add((iri, RDFS.range, owl_class(p.range)))
        g.add((iri, KG.relationKind, Literal(p.kind)))
        if p.name != "relatedTo":
            g.add((iri, RDFS.subPropertyOf, KG[p.super or "relatedTo"]))
        if p.symmetric:
            g.add((iri, RDF.type, OWL.SymmetricProperty))
        for wikidata in p.wikidata:
            g.add((iri, SKOS.closeMatch, WDT[wikidata]))
        if p.schema:
            g.add((iri, SKOS.closeMatch, expand(p.schema)))
        if p.cameo:
            g.add((iri, KG.cameoCode, Literal(p.cameo)))
        if p.inverse:
            inv = KG[p.inverse]
            g.add((inv, RDF.type, OWL.ObjectProperty))
            g.add((inv, OWL.inverseOf, iri))
            g.add((inv, RDFS.label, Literal(p.inverse_label or p.inverse, lang="en")))
            g.add((inv, RDFS.comment, Literal(f"Inverse of kg:{p.name}: {p.comment}", lang="en")))
            g.add((inv, RDFS.domain, owl_class(p.range)))
            g.add((inv, RDFS.range, owl_class(p.domain)))
    return g


def owl_class(names: tuple[str, ...]) -> URIRef:
    """One class for a domain or range: the table's class, or kg:Entity when it lists several.

    The exact alternatives (Organization or Place, say) are enforced by the SHACL shapes; OWL keeps a
    named class so the ontology stays free of anonymous union classes.
    """
    return KG[names[0]] if len(names) == 1 else KG.Entity


def jsonld_context() -> str:
    """ontology/context.jsonld: kg's prefixes as a JSON-LD context, for exports and for users' own tools."""
    import json

    return json.dumps({"@context": dict(sorted(PREFIXES.items()))}, indent=2) + "\n"


def main() -> None:
    """Regenerate ontology/kg.ttl and ontology/context.jsonld atomically."""
    from kg.fsutil import atomic_write_bytes, atomic_write_text

    out = atomic_write_bytes(ONTOLOGY_DIR / "kg.ttl", build_ontology().serialize(format="turtle", encoding="utf-8"))
    print(f"wrote {out}")
    print(f"wrote {atomic_write_text(ONTOLOGY_DIR / 'context.jsonld', jsonld_context())}")


if __name__ == "__main__":
    main()
