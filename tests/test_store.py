"""The pyoxigraph store: atomic builds, predeclared prefixes, positioned syntax errors, formats, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.errors import KgError, QuerySyntaxError, StoreNotFoundError
from kg.model import Extraction
from kg.rdf import to_dataset, union_graph
from kg.store import export, format_result, open_store, query, write_store

MET = "SELECT ?b WHERE { kgr:vladimir-putin kg:metWith ?b }"


@pytest.fixture
def store_dir(extraction: Extraction, tmp_path: Path) -> Path:
    return write_store(to_dataset(extraction), tmp_path)


def test_write_and_query_with_predeclared_prefixes(store_dir: Path, extraction: Extraction) -> None:
    assert store_dir.name == "store" and (store_dir / "CURRENT").exists()
    res = query(store_dir, MET)
    assert res.kind == "select" and [r[0].value for r in res.rows] == ["https://w3id.org/kgnews/id/xi-jinping"]
    count = query(store_dir, "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Person }")
    assert count.rows[0][0].value == "2"
    evidence = query(store_dir, """
        SELECT ?sentence WHERE { ?st rdf:subject kgr:russia ; rdf:predicate kgo:praised ; kg:sentence ?sentence }""")
    assert [r[0].value for r in evidence.rows] == ["Russia praised China."]
    assert query(store_dir.parent, "ASK { kga:a1 a kg:Article }").boolean is True  # the output dir works too


def test_user_prefix_overrides_predeclared(store_dir: Path) -> None:
    res = query(store_dir, "PREFIX kg: <http://example.org/> ASK { ?s kg:metWith ?o }")
    assert res.boolean is False


def test_syntax_error_has_line_and_column_of_user_text(store_dir: Path) -> None:
    bad = "SELECT ?s\nWHERE {\n  ?s kg:metWith ?o . FILTER(?o = )\n}"
    with pytest.raises(QuerySyntaxError) as info:
        query(store_dir, bad)
    err = info.value
    assert err.line == 3 and err.column is not None and err.column > 1
    assert "line 3, column" in str(err) and "?s kg:metWith ?o . FILTER(?o = )" in str(err)


def test_unknown_prefix_is_explained(store_dir: Path) -> None:
    with pytest.raises(QuerySyntaxError, match=r"line 1, column \d+: unknown prefix"):
        query(store_dir, "SELECT * WHERE { ?s nope:p ?o }")


def test_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFoundError, match="kg build"):
        open_store(tmp_path / "nothing")


def test_failed_rebuild_keeps_previous_store(store_dir: Path) -> None:
    """pyoxigraph rejects a bad IRI (rdflib lets '%zz' through) mid-load: the old store must survive."""
    broken = Dataset()
    broken.add((URIRef("https://example.org/ok"), URIRef("https://example.org/p"), Literal("x")))
    broken.add((URIRef("https://example.org/%zz"), URIRef("https://example.org/p"), Literal("y")))
    with pytest.raises(KgError, match="could not load"):
        write_store(broken, store_dir.parent)
    assert [r[0].value for r in query(store_dir, MET).rows] == ["https://w3id.org/kgnews/id/xi-jinping"]
    assert sorted(p.name for p in store_dir.parent.iterdir()) == ["store"]  # no half-built leftovers


def test_rebuild_replaces_store(store_dir: Path) -> None:
    other = Dataset()
    other.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("new")))
    write_store(other, store_dir.parent)
    assert query(store_dir, MET).rows == []
    assert query(store_dir, "SELECT ?o WHERE { ?s ?p ?o }").rows[0][0].value == "new"
    assert sorted(p.name for p in store_dir.parent.iterdir()) == ["store"]


def test_interrupted_swap_is_recovered(store_dir: Path, extraction: Extraction) -> None:
    """A kill between the two renames leaves only .store-old-*; the next build puts it back first."""
    old = store_dir.parent / ".store-old-99999"
    store_dir.rename(old)
    write_store(to_dataset(extraction), store_dir.parent)
    assert not old.exists() and query(store_dir, MET).rows


def test_result_formats(store_dir: Path) -> None:
    res = query(store_dir, "SELECT ?b ?label WHERE { kgr:vladimir-putin kg:metWith ?b . ?b rdfs:label ?label }")
    table = format_result(res, "table").splitlines()
    assert table[0].split() == ["b", "label"] and "kgr:xi-jinping" in table[2] and table[-1] == "(1 row)"
    assert format_result(res, "csv") == "b,label\r\nhttps://w3id.org/kgnews/id/xi-jinping,Xi Jinping\r\n"
    assert format_result(res, "tsv") == '?b\t?label\n<https://w3id.org/kgnews/id/xi-jinping>\t"Xi Jinping"\n'
    doc = json.loads(format_result(res, "json"))
    assert doc["head"]["vars"] == ["b", "label"]
    assert doc["results"]["bindings"][0]["label"] == {"type": "literal", "value": "Xi Jinping"}
    typed = json.loads(format_result(query(store_dir, "SELECT ?c WHERE { ?s kg:confidence ?c } LIMIT 1"), "json"))
    assert typed["results"]["bindings"][0]["c"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"
    assert json.loads(format_result(query(store_dir, "ASK { ?s ?p ?o }"), "json")) == {"head": {}, "boolean": True}
    with pytest.raises(KgError):
        format_result(res, "xml")


def test_export_formats(store_dir: Path, extraction: Extraction, tmp_path: Path) -> None:
    expected = set(union_graph(to_dataset(extraction)))
    for fmt, rdflib_fmt in [("turtle", "turtle"), ("ntriples", "nt"), ("trig", "trig"), ("jsonld", "json-ld")]:
        out = tmp_path / f"export.{fmt}"
        data = export(store_dir, fmt, out)
        assert out.read_bytes() == data
        parsed = Dataset(default_union=True).parse(data=data, format=rdflib_fmt) if fmt in {"trig", "jsonld"} else Graph().parse(
            data=data, format=rdflib_fmt)
        assert set(parsed.triples((None, None, None))) == expected, fmt
    assert export(store_dir, "turtle").startswith(b"@prefix")
    with pytest.raises(KgError, match="unknown export format"):
        export(store_dir, "rdfxml")
