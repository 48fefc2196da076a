"""The sample graph against the ontology: SHACL shapes, worked queries, GeoNames/ISO links, formats.

One build of the sample articles (real spaCy model, real Oxigraph store) serves every test here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg import api
from kg.ontology import KG, KGA, KGR, ONTOLOGY_DIR, jsonld_context
from kg.rdf import union_graph
from kg.store import load_dataset, query
from kg.validate import validate_graph

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
QUERIES = sorted((ONTOLOGY_DIR / "queries").glob("*.rq"))
FORMATS = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    api.build([EXAMPLES], out=out, progress=False)
    return out


def store_dataset(out: Path) -> Dataset:
    return load_dataset(out / "store")


# --- SHACL -------------------------------------------------------------------------------------------


def test_sample_graph_conforms(built: Path) -> None:
    report = api.validate(built / "store")
    assert report.conforms, str(report)


def test_kg_validate_command(built: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "kg", "validate", "--store", str(built / "store")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "conforms" in proc.stdout, proc.stderr


def test_shapes_catch_broken_graphs(built: Path) -> None:
    g = union_graph(store_dataset(built))
    putin, aliyev = KGR["vladimir-putin"], KGR["ilham-aliyev"]
    for st in list(g.subjects(RDF.subject, putin)):  # the apology loses its evidence
        if (st, RDF.predicate, KG.apologisedTo) in g:
            g.remove((st, None, None))
    g.add((aliyev, RDFS.label, Literal("Second name")))  # two labels
    g.add((KGR["nobody"], KG.metWith, putin))  # an untyped, unlabelled end with no evidence
    st = next(g.subjects(RDF.type, KG.Evidence))
    g.add((st, KG.eventDate, Literal("last spring")))  # not an xsd:date
    g.add((KGR.gazprom, KG.heads, KGR.russia))  # heads needs a person as subject
    report = validate_graph(g)
    assert not report.conforms
    text = str(report)
    assert "apologisedTo" in text and "no evidence" in text
    assert "kgr:ilham-aliyev" in text and "exactly one non-empty rdfs:label" in text
    assert "an event date is one xsd:date" in text
    assert "subject of kg:heads is not a kg:Person" in text


# --- worked queries ----------------------------------------------------------------------------------


def test_there_are_worked_queries() -> None:
    names = {q.stem for q in QUERIES}
    assert {"entity_facts", "evidence_for_triple", "meetings", "sanctions_by_issuer", "timeline"} <= names


@pytest.mark.parametrize("rq", QUERIES, ids=[q.stem for q in QUERIES])
def test_worked_query_returns_rows(built: Path, rq: Path) -> None:
    res = query(built / "store", rq.read_text(encoding="utf-8"))
    assert res.kind == "select" and res.rows, rq.name


def test_entity_facts_and_evidence_answer_with_sources(built: Path) -> None:
    res = query(built / "store", (ONTOLOGY_DIR / "queries" / "entity_facts.rq").read_text(encoding="utf-8"))
    rows = [dict(zip(res.variables, (t.value if t is not None else None for t in r))) for r in res.rows]
    apology = [r for r in rows if r["relation"] == "apologised to" and r["object"] == "Ilham Aliyev"]
    assert apology and all("apologi" in r["sentence"] and r["article"].startswith(str(KGA)) for r in apology)
    res = query(built / "store", (ONTOLOGY_DIR / "queries" / "evidence_for_triple.rq").read_text(encoding="utf-8"))
    col = res.variables.index("file")
    assert {Path(r[col].value).name for r in res.rows} == {p.name for p in EXAMPLES.glob("*.txt")}


def test_evidence_reachable_in_one_pattern_and_per_article_graph(built: Path) -> None:
    sparql = """SELECT ?g ?sentence WHERE { GRAPH ?g { ?st rdf:subject kgr:vladimir-putin ;
                rdf:predicate kg:apologisedTo ; rdf:object kgr:ilham-aliyev ; kg:sentence ?sentence ;
                prov:wasDerivedFrom ?g } }"""
    res = query(built / "store", sparql)
    assert len({r[0].value for r in res.rows}) == 2  # stated by both sample articles, each keeps its own


# --- links to GeoNames and ISO 3166 ------------------------------------------------------------------


def test_places_link_to_geonames_and_countries_to_iso(built: Path) -> None:
    g = union_graph(store_dataset(built))
    russia = KGR.russia
    assert (russia, OWL.sameAs, URIRef("https://sws.geonames.org/2017370/")) in g
    assert g.value(russia, KG.countryCode) == Literal("RU")
    assert (russia, SKOS.exactMatch, URIRef("https://www.iso.org/obp/ui/#iso:code:3166:RU")) in g
    baku = KGR.baku
    assert (baku, OWL.sameAs, URIRef("https://sws.geonames.org/587084/")) in g


# --- formats -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trips(built: Path, fmt: str, tmp_path: Path) -> None:
    data = api.export(fmt, store=built / "store", out=tmp_path / f"graph.{fmt}")
    stored = store_dataset(built)
    if fmt in {"trig", "jsonld"}:
        back = Dataset(default_union=True).parse(data=data, format=FORMATS[fmt])
        names = {g.identifier for g in stored.graphs() if len(g)}
        assert {g.identifier for g in back.graphs() if len(g)} == names
        assert sum(1 for n in names if str(n).startswith(str(KGA))) == 6  # one graph per story
        for name in names:
            assert isomorphic(back.graph(name), stored.graph(name)), name
        assert len(back.graph(DATASET_DEFAULT_GRAPH_ID)) > 0
    else:
        back = Graph().parse(data=data, format=FORMATS[fmt])
        assert isomorphic(back, union_graph(stored))


def test_exports_are_deterministic(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    api.build([EXAMPLES], out=again, progress=False)
    assert (again / "graph.ttl").read_bytes() == (built / "graph.ttl").read_bytes()
    for fmt in FORMATS:
        first = api.export(fmt, store=built / "store")
        assert api.export(fmt, store=again / "store") == first, fmt


def test_jsonld_uses_the_shipped_context(built: Path) -> None:
    context = json.loads((ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8"))
    assert (ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8") == jsonld_context()  # regenerated
    doc = json.loads(api.export("jsonld", store=built / "store"))
    assert doc["@context"] == context["@context"]
