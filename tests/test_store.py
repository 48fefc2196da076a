"""The pyoxigraph store: atomic builds, predeclared prefixes, positioned syntax errors, formats, export."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.errors import (
    KgError,
    MissingInputError,
    QuerySyntaxError,
    QueryTimeoutError,
    RdfSyntaxError,
    StoreNotFoundError,
    UsageError,
)
from kg.model import Extraction
from kg.rdf import to_dataset, union_graph
from kg.store import export, format_result, load_files, open_store, query, write_store

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


# --- kg load, time-outs, kills --------------------------------------------------------------------

TTL = '@prefix ex: <http://example.org/> .\nex:a ex:p "from turtle" .\n'
NT = '<http://example.org/b> <http://example.org/p> "from n-triples" .\n'
TRIG = '@prefix ex: <http://example.org/> .\nex:g { ex:c ex:p "from trig" . }\n'
JSONLD = '{"@id": "http://example.org/d", "http://example.org/p": "from json-ld"}\n'
VALUES = "SELECT ?v WHERE { ?s <http://example.org/p> ?v } ORDER BY ?v"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_each_format_into_new_store(tmp_path: Path) -> None:
    files = [_write(tmp_path, n, t) for n, t in [("a.ttl", TTL), ("b.nt", NT), ("c.trig", TRIG), ("d.jsonld", JSONLD)]]
    store = tmp_path / "new" / "store"
    assert load_files(files, store) == 4
    assert [r[0].value for r in query(store, VALUES).rows] == [
        "from json-ld", "from n-triples", "from trig", "from turtle"]
    assert query(store, 'ASK { GRAPH <http://example.org/g> { ?s ?p "from trig" } }').boolean is True


def test_load_adds_to_built_store_and_into_named_graph(store_dir: Path, tmp_path: Path) -> None:
    before = len(query(store_dir, "SELECT * WHERE { ?s ?p ?o }").rows)
    assert load_files([_write(tmp_path, "a.ttl", TTL)], store_dir.parent, graph="http://example.org/extra") == 1
    assert len(query(store_dir, "SELECT * WHERE { ?s ?p ?o }").rows) == before + 1
    assert query(store_dir, MET).rows  # the built graph is still there
    assert query(store_dir, 'ASK { GRAPH <http://example.org/extra> { ?s ?p "from turtle" } }').boolean is True


def test_bad_file_leaves_store_unchanged(store_dir: Path, tmp_path: Path) -> None:
    good = _write(tmp_path, "good.ttl", TTL)
    bad = _write(tmp_path, "bad.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:p "ok" .\nex:b ex:p "open .\n')
    before = sorted(str(r) for r in query(store_dir, "SELECT * WHERE { ?s ?p ?o }").rows)
    with pytest.raises(RdfSyntaxError) as info:
        load_files([good, bad], store_dir)
    assert info.value.line == 3 and str(info.value).startswith(f"{bad}: line 3, column ")
    assert "\n" not in str(info.value)
    assert sorted(str(r) for r in query(store_dir, "SELECT * WHERE { ?s ?p ?o }").rows) == before
    assert not list(store_dir.parent.glob(".store-*"))  # the half-built copy is gone


def test_load_refuses_unknown_extension_and_missing_file(store_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"unknown RDF file extension '\.csv'") as info:
        load_files([_write(tmp_path, "x.csv", "a,b\n")], store_dir)
    assert info.value.exit_code == 2
    with pytest.raises(MissingInputError):
        load_files([tmp_path / "nope.ttl"], store_dir)


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def test_query_timeout_stops_a_long_query(store_dir: Path) -> None:
    with pytest.raises(QueryTimeoutError, match="time-out") as info:
        query(store_dir, SLOW, timeout=1)
    assert info.value.exit_code == 3
    # the same path returns results and positioned errors from the child
    assert [r[0].value for r in query(store_dir, MET, timeout=20).rows] == ["https://w3id.org/kgnews/id/xi-jinping"]
    with pytest.raises(QuerySyntaxError) as syntax:
        query(store_dir, "SELECT ?s WHERE {\n ?s ?p }", timeout=20)
    assert syntax.value.line == 2


_LOADER = """
import sys
from kg.store import load_files
load_files(sys.argv[1:2], sys.argv[2])
"""


def test_killed_load_leaves_previous_store_usable(store_dir: Path, tmp_path: Path) -> None:
    """SIGKILL a `load` of a big file at several moments: the store answers with the old or the new data."""
    big = tmp_path / "big.nt"
    with big.open("w", encoding="utf-8") as fh:
        for i in range(300_000):
            fh.write(f'<http://example.org/s{i}> <http://example.org/p> "{i}" .\n')
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = int(query(store_dir, count).rows[0][0].value)
    rng = random.Random(5)
    seen = set()
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-c", _LOADER, str(big), str(store_dir)])
        deadline = time.monotonic() + 60
        while not list(store_dir.parent.glob(".store-new-*")) and proc.poll() is None:  # the load has begun
            assert time.monotonic() < deadline, "the loader never started"
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        n = int(query(store_dir, count).rows[0][0].value)
        assert n in {before, before + 300_000}
        seen.add(n)
        if n != before:  # the load had finished: start again from the built graph
            write_store_again(store_dir)
    assert before in seen  # at least one kill landed mid-load
    assert load_files([big], store_dir) == 300_000


def write_store_again(store_dir: Path) -> None:
    from conftest import make_extraction

    write_store(to_dataset(make_extraction()), store_dir.parent)


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120)


def test_cli_load_and_query_timeout(store_dir: Path, tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad.nt", '<http://example.org/a> <http://example.org/p> "x" .\n<http://example.org/b> oops .\n')
    proc = _kg("load", str(bad), "--store", str(store_dir))
    assert proc.returncode == 1 and proc.stderr.startswith(f"kg: error: {bad}: line 2, column ")
    assert len(proc.stderr.splitlines()) == 1
    proc = _kg("load", str(_write(tmp_path, "a.ttl", TTL)), "--store", str(store_dir))
    assert proc.returncode == 0 and "1 new quads" in proc.stdout
    proc = _kg("query", VALUES, "--store", str(store_dir), "--format", "csv")
    assert proc.returncode == 0 and proc.stdout.splitlines() == ["v", "from turtle"]
    proc = _kg("query", SLOW, "--store", str(store_dir), "--timeout", "1")
    assert proc.returncode == 3 and "time-out" in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_second_writer_waits_for_the_first(store_dir: Path, extraction: Extraction) -> None:
    import threading

    from kg.store import _writer_lock

    done = threading.Event()

    def rebuild() -> None:
        write_store(to_dataset(extraction), store_dir.parent)
        done.set()

    with _writer_lock(store_dir):
        writer = threading.Thread(target=rebuild)
        writer.start()
        assert not done.wait(1.0)  # blocked while the first writer holds the store
    writer.join(60)
    assert done.is_set() and query(store_dir, MET).rows
    assert sorted(p.name for p in store_dir.parent.iterdir()) == ["store"]  # the lock file is gone
