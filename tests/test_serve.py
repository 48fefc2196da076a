"""`kg serve` as a real subprocess on a free loopback port, queried with SPARQLWrapper and plain HTTP."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from kg.model import Extraction
from kg.rdf import to_dataset
from kg.store import load_files, write_store
from kg.views import render_html

from conftest import make_extraction

KGR = "https://w3id.org/kgnews/id/"
MET = "SELECT ?b ?label WHERE { kgr:vladimir-putin kg:metWith ?b . ?b rdfs:label ?label }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
MAX_REQUEST = 64 * 1024
TOKEN = "test-write-token-0123456789"


@dataclass
class Server:
    url: str
    port: int
    proc: subprocess.Popen[str]
    out: Path

    @property
    def endpoint(self) -> str:
        return self.url + "query"


def start_server(out: Path, *extra: str) -> Server:
    """Start `kg serve` on a free port; fail loudly with its stderr if it does not come up."""
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(out), "--port", "0",
                             "--timeout", "3", "--max-request", str(MAX_REQUEST), "--workers", "2", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    first: list[str] = []
    reader = threading.Thread(target=lambda: first.append(proc.stderr.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(120)
    line = first[0] if first else ""
    if "listening on http://" not in line:
        proc.kill()
        rest = proc.communicate(timeout=10)
        pytest.fail(f"kg serve did not start (exit {proc.returncode}): {line}{rest[1][-3000:]}")
    url = line.split("listening on ", 1)[1].split()[0]
    threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep draining so it never blocks
    return Server(url, int(url.rstrip("/").rsplit(":", 1)[1]), proc, out)


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(20)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        pytest.fail("kg serve did not stop on SIGTERM")


def build_out(out: Path, ex: Extraction) -> Path:
    write_store(to_dataset(ex), out)
    render_html(ex, out / "graph.html")
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    s = start_server(build_out(tmp_path_factory.mktemp("serve"), make_extraction()))
    yield s
    stop_server(s)


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    s = start_server(build_out(tmp_path_factory.mktemp("serve-write"), make_extraction()), "--write", "--token", TOKEN)
    yield s
    stop_server(s)


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def get(server: Server, query: str, accept: str | None = None, **params: str) -> tuple[int, dict[str, str], bytes]:
    qs = urllib.parse.urlencode({"query": query, **params})
    return http(f"{server.endpoint}?{qs}", headers={"Accept": accept} if accept else {})


def wrapper(server: Server, query: str, fmt: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.endpoint)
    sw.setQuery("PREFIX kg: <https://w3id.org/kgnews/ontology#>\nPREFIX kgr: <https://w3id.org/kgnews/id/>\n"
                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + query)
    sw.setReturnFormat(fmt)
    return sw


# --- SPARQLWrapper ---------------------------------------------------------------------------------


def test_sparqlwrapper_select_json(server: Server) -> None:
    doc = wrapper(server, MET, JSON).queryAndConvert()
    assert doc["head"]["vars"] == ["b", "label"]
    assert [(b["b"]["value"], b["label"]["value"]) for b in doc["results"]["bindings"]] == [
        (KGR + "xi-jinping", "Xi Jinping")]


def test_sparqlwrapper_select_xml_csv_tsv(server: Server) -> None:
    xml = wrapper(server, MET, XML).queryAndConvert()  # a DOM document
    assert [n.firstChild.data for n in xml.getElementsByTagName("literal")] == ["Xi Jinping"]
    csv = wrapper(server, MET, CSV).queryAndConvert()
    assert csv.decode().splitlines() == ["b,label", f"{KGR}xi-jinping,Xi Jinping"]
    tsv = wrapper(server, MET, TSV).queryAndConvert()
    assert tsv.decode().splitlines() == ["?b\t?label", f'<{KGR}xi-jinping>\t"Xi Jinping"']


def test_sparqlwrapper_post_ask_and_construct(server: Server) -> None:
    sw = wrapper(server, "ASK { kgr:beijing kg:locatedIn kgr:china }", JSON)
    sw.setMethod("POST")
    assert sw.queryAndConvert()["boolean"] is True
    sw = wrapper(server, "CONSTRUCT { ?a kg:metWith ?b } WHERE { ?a kg:metWith ?b }", TURTLE)
    sw.setMethod("POST")
    g = Graph().parse(data=sw.queryAndConvert(), format="turtle")
    assert set(g) == {(URIRef(KGR + "vladimir-putin"), URIRef("https://w3id.org/kgnews/ontology#metWith"),
                       URIRef(KGR + "xi-jinping"))}


# --- plain HTTP: the protocol's three ways of sending a query, and content negotiation ------------


def test_get_post_form_and_post_body_agree(server: Server) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    answers = [
        get(server, MET, accept["Accept"]),
        http(server.endpoint, urllib.parse.urlencode({"query": MET}).encode(),
             {**accept, "Content-Type": "application/x-www-form-urlencoded"}),
        http(server.url + "sparql", MET.encode(), {**accept, "Content-Type": "application/sparql-query"}),
    ]
    for status, headers, body in answers:
        assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"
        assert json.loads(body)["results"]["bindings"][0]["label"]["value"] == "Xi Jinping"


@pytest.mark.parametrize(("accept", "content_type", "first_line"), [
    ("text/csv", "text/csv; charset=utf-8", "b,label"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", "?b\t?label"),
    ("application/sparql-results+xml", "application/sparql-results+xml", '<?xml version="1.0"?>'),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv; charset=utf-8", "b,label"),
    ("*/*", "application/sparql-results+json", '{"head":{"vars":["b","label"]},'),
])
def test_select_content_negotiation(server: Server, accept: str, content_type: str, first_line: str) -> None:
    status, headers, body = get(server, MET, accept)
    assert status == 200 and headers["Content-Type"] == content_type
    assert body.decode().startswith(first_line)


def test_graph_content_negotiation(server: Server) -> None:
    describe = "DESCRIBE kgr:xi-jinping"
    status, headers, body = get(server, describe, "application/n-triples")
    assert status == 200 and headers["Content-Type"] == "application/n-triples"
    nt = Graph().parse(data=body, format="nt")
    assert (URIRef(KGR + "xi-jinping"), None, None) in nt
    status, headers, body = get(server, describe, "text/turtle")
    assert headers["Content-Type"] == "text/turtle; charset=utf-8" and body.startswith(b"@prefix")
    assert set(Graph().parse(data=body, format="turtle")) == set(nt)
    status, _, body = get(server, describe, "text/html")
    assert status == 406 and b"text/turtle" in body
    status, headers, body = get(server, MET, None, format="tsv")  # ?format= for browsers and curl
    assert headers["Content-Type"].startswith("text/tab-separated-values")


def test_union_default_graph_and_default_graph_uri(server: Server) -> None:
    evidence = "SELECT ?s WHERE { ?st rdf:subject kgr:russia ; kg:sentence ?s }"
    status, _, body = get(server, evidence, "text/csv")
    assert body.decode().splitlines() == ["s", "Russia praised China."]  # evidence lives in a named graph
    status, _, body = get(server, evidence, "text/csv", **{"default-graph-uri": "https://w3id.org/kgnews/article/a2-s1"})
    assert status == 200 and body.decode().splitlines() == ["s"]  # that article does not state it


def test_syntax_error_is_400_with_position(server: Server) -> None:
    status, headers, body = get(server, "SELECT ?s WHERE {\n  ?s ?p }")
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert b"line 2" in body


def test_missing_query_and_wrong_content_type(server: Server) -> None:
    assert http(server.endpoint)[0] == 400
    assert http(server.endpoint, b"x", {"Content-Type": "application/octet-stream"})[0] == 415


# --- limits: read-only, request size, time-out, loopback -------------------------------------------


def test_update_refused_with_403(server: Server) -> None:
    insert = "INSERT DATA { <http://example.org/x> <http://example.org/p> 'pwned' }"
    for url, data, ctype in [
        (server.url + "update", insert.encode(), "application/sparql-update"),
        (server.url + "update", urllib.parse.urlencode({"update": insert}).encode(), "application/x-www-form-urlencoded"),
        (server.endpoint, urllib.parse.urlencode({"update": insert}).encode(), "application/x-www-form-urlencoded"),
        (server.endpoint, insert.encode(), "application/sparql-update"),
    ]:
        status, _, body = http(url, data, {"Content-Type": ctype})
        assert status == 403 and b"read-only" in body, url
    assert json.loads(get(server, "ASK { ?s ?p 'pwned' }")[2])["boolean"] is False


def test_too_large_request_refused_with_413(server: Server) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (MAX_REQUEST + 10)
    status, _, _ = http(server.endpoint, big.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 413
    status, _, _ = http(server.endpoint, urllib.parse.urlencode({"query": big}).encode(),
                        {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413
    assert get(server, big)[0] == 413
    assert get(server, MET)[0] == 200  # and the server is still fine


def test_query_timeout_is_503_and_server_recovers(server: Server) -> None:
    status, _, body = get(server, SLOW)
    assert status == 503 and b"time-out" in body
    for _ in range(3):  # the stopped worker has been replaced; the others answer meanwhile
        assert get(server, MET)[0] == 200


def test_binds_loopback_only_by_default(server: Server) -> None:
    """Started without --host: reachable on 127.0.0.1, refused on another address (127.0.0.2 is not bound)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5):
        pass
    with pytest.raises(OSError), socket.create_connection(("127.0.0.2", server.port), timeout=5):
        pass
    assert server.url == f"http://127.0.0.1:{server.port}/"


# --- pages -----------------------------------------------------------------------------------------


def test_html_view_and_files_outside_the_build_dir(server: Server) -> None:
    status, headers, body = http(server.url + "graph.html")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and b"vis-network" in body
    for path in ["store/CURRENT", "..%2Fstore%2FCURRENT", "store", "nothing.html", ".store.lock"]:
        assert http(server.url + path)[0] == 404, path


def test_editor_page(server: Server) -> None:
    status, headers, body = http(server.url)
    page = body.decode()
    assert status == 200 and "<textarea" in page and 'href="graph.html"' in page and "read-only" in page
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "http://" not in page.replace(server.url, "") and "https://" not in page  # nothing from a CDN
    assert http(server.url + "_kg/editor.js")[0] == 200


def test_editor_runs_a_query_in_the_browser(server: Server, browser) -> None:  # noqa: ANN001
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        page.goto(server.url)
        page.fill("#query", MET + "\n")
        page.click("#run")
        page.wait_for_selector("#results td")
        cells = page.locator("#results td").all_inner_texts()
        assert cells == [KGR + "xi-jinping", "Xi Jinping"]
        assert page.locator("#status").inner_text().startswith("1 row")
        page.fill("#query", "SELECT ?x WHERE {")
        page.click("#run")
        page.wait_for_selector("#results pre")
        assert "error 400" in page.locator("#status").inner_text()
    finally:
        page.close()
    assert errors == []


# --- writes, and a store rebuilt under a running server --------------------------------------------


def test_write_mode_accepts_updates(writable: Server) -> None:
    insert = "INSERT DATA { kgr:xi-jinping kg:metWith kgr:beijing }"
    status, _, _ = http(writable.url + "update", insert.encode(), {"Content-Type": "application/sparql-update",
                                                                  "Authorization": f"Bearer {TOKEN}"})
    assert status == 204
    assert json.loads(get(writable, "ASK { kgr:xi-jinping kg:metWith kgr:beijing }")[2])["boolean"] is True
    assert "read-write" in http(writable.url)[2].decode()


def test_store_reloaded_after_kg_load(server: Server, tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(f"<{KGR}china> <http://www.w3.org/2000/01/rdf-schema#comment> \"added later\" .\n")
    load_files([extra], server.out)
    status, _, body = get(server, "SELECT ?c WHERE { kgr:china rdfs:comment ?c }", "text/csv")
    assert body.decode().splitlines() == ["c", "added later"]
