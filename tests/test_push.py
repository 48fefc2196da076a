"""`kg push` to a real Oxigraph server (the `oxigraph` binary from PyPI) over the Graph Store Protocol."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.rdf import to_dataset
from kg.store import open_store, write_store

from conftest import make_extraction

ARTICLE = "https://w3id.org/kgnews/article/"


def oxigraph_binary() -> str:
    """The server shipped by the `oxigraph` PyPI package (a test extra); fail, never skip, when missing."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if found is None:
        pytest.fail("the `oxigraph` server binary is missing: pip install -e '.[test]' (oxigraph==0.5.13)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def target(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty Oxigraph server on a free loopback port; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "target"),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph serve did not start: {proc.communicate()[0].decode()[-2000:]}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(20)


@pytest.fixture
def built(tmp_path: Path) -> Path:
    write_store(to_dataset(make_extraction()), tmp_path / "out")
    return tmp_path / "out"


def kg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "KG_PUSH_PASSWORD"}
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120,
                          env={**base, **(env or {})})


def fetch_graph(base: str, graph: str | None) -> set:
    qs = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    req = urllib.request.Request(f"{base}/store?{qs}", headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return set(Graph().parse(data=resp.read(), format="nt"))


def local_graph(out: Path, graph: str | None) -> set:
    import pyoxigraph as ox

    store = open_store(out)
    name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    data = ox.serialize([ox.Triple(q.subject, q.predicate, q.object)
                         for q in store.quads_for_pattern(None, None, None, name)], format=ox.RdfFormat.N_TRIPLES)
    return set(Graph().parse(data=data, format="nt"))


def target_graphs(base: str) -> set[str]:
    q = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    req = urllib.request.Request(f"{base}/query?{q}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return set(resp.read().decode().splitlines()[1:])


def test_push_each_graph_and_replace(built: Path, target: str) -> None:
    proc = kg("push", "--endpoint", f"{target}/store", "--store", str(built))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("pushed 3 graphs (")
    assert target_graphs(target) == {ARTICLE + "a1", ARTICLE + "a2-s1"}
    for graph in [None, ARTICLE + "a1", ARTICLE + "a2-s1"]:
        remote = fetch_graph(target, graph)
        assert remote and remote == local_graph(built, graph), graph
    # a second push replaces (PUT): build a smaller graph and push it over the first
    ex = make_extraction()
    ex.relations = ex.relations[:1]
    write_store(to_dataset(ex), built)
    assert kg("push", "--endpoint", f"{target}/store", "--store", str(built)).returncode == 0
    assert fetch_graph(target, ARTICLE + "a1") == local_graph(built, ARTICLE + "a1")
    assert not any(str(o) == "Russia praised China." for _, _, o in fetch_graph(target, ARTICLE + "a1"))


def test_push_union_into_one_graph(built: Path, target: str) -> None:
    graph = "https://example.org/news-graph"
    proc = kg("push", "--endpoint", f"{target}/store", "--store", str(built), "--graph", graph)
    assert proc.returncode == 0, proc.stderr
    union = local_graph(built, None) | local_graph(built, ARTICLE + "a1") | local_graph(built, ARTICLE + "a2-s1")
    assert fetch_graph(target, graph) == union
    assert target_graphs(target) == {graph}
    assert (URIRef("https://w3id.org/kgnews/id/xi-jinping"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("Xi Jinping")) in union


def test_push_dataset_as_nquads(built: Path, target: str) -> None:
    proc = kg("push", "--endpoint", f"{target}/store", "--store", str(built), "--dataset")
    assert proc.returncode == 0, proc.stderr
    assert fetch_graph(target, ARTICLE + "a2-s1") == local_graph(built, ARTICLE + "a2-s1")
    assert fetch_graph(target, None) == local_graph(built, None)


def test_push_errors_are_one_line(built: Path, target: str) -> None:
    refused = kg("push", "--endpoint", f"{target}/no-such-path", "--store", str(built))
    assert refused.returncode == 1 and "HTTP 404" in refused.stderr and len(refused.stderr.splitlines()) == 1
    unreachable = kg("push", "--endpoint", f"http://127.0.0.1:{free_port()}/store", "--store", str(built))
    assert unreachable.returncode == 1 and "cannot reach" in unreachable.stderr
    no_password = kg("push", "--endpoint", f"{target}/store", "--store", str(built), "--user", "admin")
    assert no_password.returncode == 2 and "KG_PUSH_PASSWORD" in no_password.stderr
    with_password = kg("push", "--endpoint", f"{target}/store", "--store", str(built), "--user", "admin",
                       env={"KG_PUSH_PASSWORD": "secret"})  # Oxigraph has no auth: the header must not hurt
    assert with_password.returncode == 0, with_password.stderr
    bad_url = kg("push", "--endpoint", "ftp://example.org/x", "--store", str(built))
    assert bad_url.returncode == 2 and "http(s) URL" in bad_url.stderr
