"""Extraction -> RDF: direct triples, reified evidence, labels, valid IRIs and byte-stable Turtle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import make_extraction
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef

from kg.model import Entity, Extraction, Relation
from kg.ontology import KG, KGA, KGO, KGR, PREFIXES
from kg.rdf import entity_iri, to_dataset, turtle_bytes, union_graph, write_turtle

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def test_direct_triples_and_types(extraction: Extraction) -> None:
    g = union_graph(to_dataset(extraction))
    assert (KGR["vladimir-putin"], KG.metWith, KGR["xi-jinping"]) in g
    assert (KGR["beijing"], KG.locatedIn, KGR["china"]) in g
    assert (KGR["russia"], KGO.praised, KGR["china"]) in g
    assert (KGR["vladimir-putin"], RDF.type, KG.Person) in g
    assert (KGR["russia"], OWL.sameAs, URIRef("https://sws.geonames.org/2017370/")) in g


def test_labels_and_predicate_declarations(extraction: Extraction) -> None:
    g = union_graph(to_dataset(extraction))
    assert g.value(KGR["vladimir-putin"], RDFS.label) == Literal("Vladimir Putin")
    assert set(g.objects(KGR["vladimir-putin"], SKOS.altLabel)) == {Literal("Putin"), Literal("President Putin")}
    assert g.value(KG.metWith, RDFS.label) == Literal("met with", lang="en")
    assert (KG.metWith, RDF.type, OWL.ObjectProperty) in g
    assert g.value(KGO.praised, RDFS.label) == Literal("praised", lang="en")
    assert (KGO.praised, RDFS.subPropertyOf, KG.relatedTo) in g
    assert (KGO.praised, RDF.type, OWL.ObjectProperty) in g


def test_evidence_reachable_with_one_pattern(extraction: Extraction) -> None:
    g = union_graph(to_dataset(extraction))
    rows = g.query(SPARQL_PREFIXES + """
        SELECT ?sentence ?article ?conf WHERE {
          ?st rdf:subject kgr:vladimir-putin ; rdf:predicate kg:metWith ; rdf:object kgr:xi-jinping ;
              kg:sentence ?sentence ; prov:wasDerivedFrom ?article ; kg:confidence ?conf .
        } ORDER BY DESC(?conf)""")
    got = [(str(r[0]), r[1], r[2]) for r in rows]
    assert got[0] == ("Putin met Xi in Beijing on Thursday.", KGA["a1"], Literal("0.9", datatype=XSD.decimal))
    assert got[1][1] == KGA["a2-s1"] and len(got) == 2


def test_evidence_literals_are_typed(extraction: Extraction) -> None:
    g = union_graph(to_dataset(extraction))
    (st,) = [s for s in g.subjects(RDF.subject, KGR["russia"])]
    assert (st, RDF.type, RDF.Statement) in g and (st, RDF.type, KG.Evidence) in g
    assert g.value(st, KG.startOffset) == Literal(40, datatype=XSD.integer)
    assert g.value(st, KG.endOffset).datatype == XSD.integer
    assert g.value(st, KG.rule) == Literal("open-verb")
    assert g.value(st, KG.attributedTo) == KGR["vladimir-putin"]
    (dated,) = [s for s in g.subjects(KG.eventDate, None)]
    assert g.value(dated, KG.eventDate) == Literal("2024-05-16", datatype=XSD.date)


def test_articles(extraction: Extraction) -> None:
    g = union_graph(to_dataset(extraction))
    from rdflib import DCTERMS, PROV

    assert (KGA["a1"], RDF.type, KG.Article) in g and (KGA["a1"], RDF.type, PROV.Entity) in g
    assert g.value(KGA["a1"], DCTERMS.title) == Literal("Putin meets Xi")
    assert g.value(KGA["a1"], DCTERMS.date) == Literal("2024-05-16", datatype=XSD.date)
    assert g.value(KGA["a2-s1"], KG.sourceFile) == Literal("examples/a2.txt")
    assert g.value(KGA["a2-s1"], DCTERMS.date) is None


def test_turtle_round_trips_without_blank_nodes(extraction: Extraction, tmp_path) -> None:
    ds = to_dataset(extraction)
    path = write_turtle(ds, tmp_path / "graph.ttl")
    back = Graph().parse(path, format="turtle")
    assert set(back) == set(union_graph(ds))
    assert not any(isinstance(t, BNode) for triple in back for t in triple)
    text = path.read_text(encoding="utf-8")
    assert "@prefix kgr: <https://w3id.org/kgnews/id/> ." in text and "<<" not in text
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write left no temp file


_DUMP = (
    "import sys; sys.path.insert(0, 'tests'); from conftest import make_extraction; "
    "from kg.rdf import to_dataset, turtle_bytes; "
    "sys.stdout.buffer.write(turtle_bytes(to_dataset(make_extraction())))"
)


def test_serialisation_is_deterministic() -> None:
    """Byte-identical Turtle within a process and across processes with different hash seeds."""
    assert turtle_bytes(to_dataset(make_extraction())) == turtle_bytes(to_dataset(make_extraction()))
    root = Path(__file__).resolve().parent.parent
    outs = [
        subprocess.run([sys.executable, "-c", _DUMP], cwd=root, env={**os.environ, "PYTHONHASHSEED": seed},
                       check=True, capture_output=True).stdout
        for seed in ("1", "2")
    ]
    assert outs[0] == outs[1] == turtle_bytes(to_dataset(make_extraction()))


WEIRD = ["u.s.", "a b/c#d?e", "<x>", "Ünïcode", "%41", "A", "100%", 'q"uote', "tab\there", "stmt"]


def test_weird_ids_give_valid_distinct_iris(tmp_path) -> None:
    ents = {i: Entity(i, f"label {i}", "Organization") for i in WEIRD}
    rels = [Relation(WEIRD[k], "open:odd verb/é", WEIRD[k + 1]) for k in range(len(WEIRD) - 1)]
    ds = to_dataset(Extraction(entities=ents, relations=rels))
    iris = {entity_iri(i) for i in WEIRD}
    assert len(iris) == len(WEIRD)
    for iri in iris:
        ox.NamedNode(str(iri))  # pyoxigraph validates IRIs strictly and raises on invalid ones
    store = ox.Store()
    store.load(turtle_bytes(ds), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(union_graph(ds))
    back = Graph().parse(data=turtle_bytes(ds), format="turtle")
    assert set(back) == set(union_graph(ds))


@pytest.mark.parametrize("value,expected", [(0.9, "0.9"), (1.0, "1.0"), (0.123456, "0.1235"), (0.0, "0.0")])
def test_confidence_lexical_form(value: float, expected: str) -> None:
    from kg.rdf import decimal_literal

    assert str(decimal_literal(value)) == expected
