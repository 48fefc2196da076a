"""The ontology tables and the generated ontology/kg.ttl agree."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.ontology import KG, ONTOLOGY_DIR, ONTOLOGY_IRI, VERSION_IRI, build_ontology, load_properties


def test_properties_table() -> None:
    props = load_properties()
    assert props["metWith"].symmetric and not props["heads"].symmetric
    assert props["heads"].super == "worksFor" and props["heads"].wikidata[0] == "P488"
    assert props["heads"].inverse == "headedBy" and props["heads"].domain == ("Person",)
    assert props["metWith"].kind == "event" and props["locatedIn"].kind == "state"
    assert props["summoned"].cameo == "1043"  # leading zeros and codes stay strings


def test_generated_ontology() -> None:
    g = build_ontology()
    assert (ONTOLOGY_IRI, OWL.versionIRI, VERSION_IRI) in g
    assert "seat of government" in str(g.value(ONTOLOGY_IRI, KG.metonymyRule))
    assert (KG.City, RDFS.subClassOf, KG.Place) in g and (KG.Place, RDFS.subClassOf, KG.Entity) in g
    assert (KG.heads, RDFS.subPropertyOf, KG.worksFor) in g
    assert (KG.visited, RDFS.subPropertyOf, KG.relatedTo) in g
    assert (KG.metWith, RDF.type, OWL.SymmetricProperty) in g
    assert (KG.heads, SKOS.closeMatch, URIRef("http://www.wikidata.org/prop/direct/P488")) in g
    assert g.value(KG.apologisedTo, KG.cameoCode) == Literal("055")
    assert (KG.headedBy, OWL.inverseOf, KG.heads) in g
    assert (KG.heads, RDFS.domain, KG.Person) in g and (KG.headedBy, RDFS.range, KG.Person) in g
    assert (KG.parentOf, SKOS.closeMatch, URIRef("https://schema.org/children")) in g
    assert (KG.Person, SKOS.closeMatch, URIRef("http://www.wikidata.org/entity/Q5")) in g
    for prop in set(g.subjects(RDF.type, OWL.ObjectProperty)):  # every property is documented
        assert g.value(prop, RDFS.label) and g.value(prop, RDFS.comment), prop
    assert len(set(g.subjects(RDF.type, OWL.ObjectProperty))) >= len(load_properties())


def test_committed_kg_ttl_is_fresh() -> None:
    """ontology/kg.ttl must be regenerated (python -m kg.ontology) whenever a table changes."""
    on_disk = Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")
    assert isomorphic(on_disk, build_ontology())
