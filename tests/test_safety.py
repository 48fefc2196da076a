"""Safe by default (issue 17): kg never replaces a folder that is not its store, ...

Each test drives the real ``kg`` command (a subprocess) or the real store; hostile inputs are written
into temp folders and any server used is on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from collections.abc import Iterator
from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest

from kg.model import Extraction
from kg.rdf import to_dataset
from kg.store import STORE_MARKER, query, write_store

from conftest import make_extraction
from test_serve import Server, build_out, get, http, start_server, stop_server

TRIPLE = "<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n"
TOKEN = "a-token-for-the-tests-4b1c"


def kg(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def update(server: Server, text: str, token: str | None = TOKEN,
           headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    sent = {"Content-Type": "application/sparql-update", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    return http(server.url + "update", text.encode(), sent)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under *folder* (files with their bytes), to compare before and after."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def one_error_line(proc: subprocess.CompletedProcess[str], path: Path) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("kg: error:") and str(path) in lines[0] and "Traceback" not in proc.stderr
    return lines[0]


# --- 1. never delete what is not ours --------------------------------------------------------------


def documents(folder: Path) -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "thesis.txt").write_text("four years of work\n", encoding="utf-8")
    (folder / "sub" / "notes.md").write_text("notes\n", encoding="utf-8")
    return folder


def test_load_into_a_folder_of_documents_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "one.nt"
    data.write_text(TRIPLE, encoding="utf-8")
    docs = documents(tmp_path / "d")
    before, beside = tree(docs), sorted(p.name for p in tmp_path.iterdir())
    proc = kg("load", data, "--store", docs)
    assert proc.returncode == 2, proc.stderr
    assert "thesis.txt" in one_error_line(proc, docs)
    assert tree(docs) == before and sorted(p.name for p in tmp_path.iterdir()) == beside


def test_build_into_an_out_whose_store_is_not_kgs_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir()
    article.write_text("Anna Brekova met Tomas Uhlar in Vienna on Monday.\n", encoding="utf-8")
    out = tmp_path / "out"
    documents(out / "store")
    before = tree(out)
    proc = kg("build", article.parent, "--out", out)
    assert proc.returncode == 2, proc.stderr
    one_error_line(proc, out / "store")
    assert tree(out) == before


def test_a_file_or_a_link_in_the_stores_place_is_refused(tmp_path: Path, extraction: Extraction) -> None:
    data = tmp_path / "one.nt"
    data.write_text(TRIPLE, encoding="utf-8")
    thesis = tmp_path / "thesis.txt"
    thesis.write_text("mine\n", encoding="utf-8")
    real = write_store(to_dataset(extraction), tmp_path / "real")
    link = tmp_path / "link"
    link.symlink_to(real)
    for target in (thesis, link):
        proc = kg("load", data, "--store", target)
        assert proc.returncode == 2, proc.stderr
        one_error_line(proc, target)
    assert thesis.read_text(encoding="utf-8") == "mine\n" and link.is_symlink() and link.resolve() == real
    assert query(real, "ASK { <https://example.org/a> ?p ?o }").boolean is False


def test_kg_stores_are_still_created_loaded_and_replaced(tmp_path: Path, extraction: Extraction) -> None:
    data = tmp_path / "one.nt"
    data.write_text(TRIPLE, encoding="utf-8")
    new, empty = tmp_path / "new", tmp_path / "empty"
    empty.mkdir()
    for target in (new, empty):  # a missing folder and an empty one become stores
        proc = kg("load", data, "--store", target)
        assert proc.returncode == 0, proc.stderr
        assert (target / STORE_MARKER).is_file() and query(target, "ASK { ?s ?p ?o }").boolean
    built = write_store(to_dataset(extraction), tmp_path / "out")
    assert (built / STORE_MARKER).is_file()
    proc = kg("load", data, "--store", tmp_path / "out")  # the build folder or the store itself
    assert proc.returncode == 0, proc.stderr
    assert "1 new quads" in proc.stdout and (built / STORE_MARKER).is_file()
    assert query(built, "ASK { <https://example.org/a> ?p ?o }").boolean
    write_store(to_dataset(extraction), tmp_path / "out")  # replaced: the loaded triple is gone
    assert query(built, "ASK { <https://example.org/a> ?p ?o }").boolean is False


def test_a_store_from_before_the_marker_is_adopted(tmp_path: Path) -> None:
    data = tmp_path / "one.nt"
    data.write_text(TRIPLE, encoding="utf-8")
    old = tmp_path / "old"
    store = ox.Store(str(old))  # what kg wrote before it marked its stores: Oxigraph's files only
    store.add(ox.Quad(ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/p"), ox.Literal("1")))
    store.flush()
    del store
    assert not (old / STORE_MARKER).exists()
    proc = kg("load", data, "--store", old)
    assert proc.returncode == 0, proc.stderr
    assert (old / STORE_MARKER).is_file()
    assert len(query(old, "SELECT * WHERE { ?s ?p ?o }").rows) == 2


def test_leftovers_that_look_like_kgs_but_are_not_survive(tmp_path: Path, extraction: Extraction) -> None:
    """Recovery after a killed swap removes only kg's own temp and old stores."""
    built = write_store(to_dataset(extraction), tmp_path)
    lookalikes = [documents(tmp_path / ".store-old-4242"), documents(tmp_path / ".store-new-x1")]
    stale = tmp_path / ".store-old-99999"
    os.rename(built, stale)  # a kill between the swap's two renames
    write_store(to_dataset(extraction), tmp_path)
    assert not stale.exists() and (built / STORE_MARKER).is_file()
    assert all((d / "thesis.txt").is_file() and (d / "sub" / "notes.md").is_file() for d in lookalikes)


# --- 2. no requests to elsewhere -------------------------------------------------------------------


class Counter(BaseHTTPRequestHandler):
    """A loopback HTTP server that counts every request it receives and answers an empty result."""

    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        self.hits.append(self.path)
        body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    handler = type("Handler", (Counter,), {"hits": hits})
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/", hits
    srv.shutdown()
    srv.server_close()


def service(url: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_out(tmp_path_factory.mktemp("safety"), make_extraction())


def test_kg_query_sends_no_service_request(built: Path, listener: tuple[str, list[str]]) -> None:
    url, hits = listener
    for q in (service(url), f"PREFIX x: <{url}> SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE SILENT x:s {{ ?a ?b ?c }} }} }}"):
        proc = kg("query", q, "--store", built)
        assert proc.returncode == 1, proc.stderr
        line = proc.stderr.strip()
        assert len(line.splitlines()) == 1 and line.startswith("kg: error: SERVICE") and "--allow-service" in line
    assert hits == []
    proc = kg("query", service(url), "--store", built, "--allow-service", "127.0.0.1")  # the presence side
    assert proc.returncode == 0, proc.stderr
    assert len(hits) == 1 and hits[0].startswith("/sparql")


def test_kg_serve_sends_no_service_or_load_request(built: Path, listener: tuple[str, list[str]]) -> None:
    url, hits = listener
    server = start_server(built, "--write", "--token", TOKEN)
    try:
        status, _, body = get(server, service(url))
        assert status == 403 and b"--allow-service" in body
        nested = service(server.endpoint + "?query=" + urllib.parse.quote(service(url)) + "&x=")
        assert get(server, nested)[0] == 403
        status, _, body = update(server, f"LOAD <{url}data.ttl>")
        assert status == 403 and b"LOAD" in body
        assert get(server, "ASK { ?s ?p ?o }")[0] == 200
    finally:
        stop_server(server)
    assert hits == []


# --- 3. writes need a key; other sites cannot use the endpoint -------------------------------------

INSERT = "INSERT DATA { <https://example.org/x> <https://example.org/p> 'written' }"
WRITTEN = "ASK { <https://example.org/x> ?p 'written' }"


def written(server: Server) -> bool:
    status, _, body = get(server, WRITTEN)
    assert status == 200, body
    return json.loads(body)["boolean"]


def test_writes_need_the_token_and_other_sites_are_refused(tmp_path: Path) -> None:
    server = start_server(build_out(tmp_path / "out", make_extraction()), "--write", "--token", TOKEN)
    try:
        assert update(server, INSERT, token=None)[0] == 401
        assert update(server, INSERT, token="wrong")[0] == 401
        form = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()  # a cross-origin form POST
        status, _, body = http(server.url + "update", form, {"Origin": "http://evil.example",
                                                           "Content-Type": "application/x-www-form-urlencoded",
                                                           "Authorization": f"Bearer {TOKEN}"})
        assert status == 403 and b"cross-origin" in body
        rebound = {"Host": f"evil.example:{server.port}"}  # DNS rebinding: the attacker's name, our address
        assert update(server, INSERT, headers=rebound)[0] == 403
        assert http(server.endpoint + "?query=ASK%7B%7D", headers=rebound)[0] == 403
        assert http(server.url + "graph.html", headers={"Sec-Fetch-Site": "cross-site"})[0] == 403
        assert not written(server)
        assert get(server, "ASK { ?s ?p ?o }")[2].find(b"true") > 0  # CLEAR ALL did not run
        # the presence side: the owner writes, same-origin pages and plain clients read
        assert update(server, INSERT, headers={"Origin": server.url.rstrip("/")})[0] == 204
        assert written(server)
        assert http(server.url + "graph.html", headers={"Sec-Fetch-Site": "same-origin"})[0] == 200
    finally:
        stop_server(server)


def test_a_generated_token_is_printed_and_works(tmp_path: Path) -> None:
    out = build_out(tmp_path / "out", make_extraction())
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(out), "--port", "0", "--write",
                             "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={k: v for k, v in os.environ.items() if k != "KG_SERVE_TOKEN"})
    lines: list[str] = []
    assert proc.stderr is not None
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr.readline() for _ in range(2)), daemon=True)
    reader.start()
    try:
        reader.join(120)
        assert len(lines) == 2 and "listening on http://" in lines[0] and "write token" in lines[1], lines
        url = lines[0].split("listening on ", 1)[1].split()[0]
        token = lines[1].split("): ", 1)[1].split(";", 1)[0]
        assert len(token) >= 24
        server = Server(url, int(url.rstrip("/").rsplit(":", 1)[1]), proc, out)
        assert update(server, INSERT, token=None)[0] == 401
        assert update(server, INSERT, token=token)[0] == 204 and written(server)
    finally:
        proc.terminate()
        proc.wait(20)


def test_a_non_loopback_host_is_announced_truthfully(capsys: pytest.CaptureFixture[str]) -> None:
    from kg.serve import announce

    announce("http://0.0.0.0:7878/", "0.0.0.0", True, 30, "t0k3n", True, 768, ())
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and "t0k3n" in err[1]
    assert "all interfaces" in err[2] and "port 7878" in err[2] and "read the whole graph" in err[2]
    assert "change or delete it" in err[2] and "768 MiB" in err[2] and "no SERVICE or LOAD" in err[2]
    announce("http://127.0.0.1:7878/", "127.0.0.1", False, 30)
    assert len(capsys.readouterr().err.splitlines()) == 1  # loopback, read-only: no warning, no token


# --- 4. bounded memory -----------------------------------------------------------------------------

GB = 1_000_000_000
#: Runs a command and reports its exit code, stderr and the peak resident memory of it and everything
#: it started (getrusage over waited-for descendants); a 3 GB address-space limit guards the machine.
MEASURE = """
import json, resource, subprocess, sys
def guard(): resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
p = subprocess.run(sys.argv[1:], capture_output=True, text=True, preexec_fn=guard, timeout=600)
print(json.dumps([p.returncode, p.stderr, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024]))
"""


def measured(*args: str | Path) -> tuple[int, str, int]:
    proc = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "kg", *map(str, args)],
                          capture_output=True, text=True, timeout=900)
    code, stderr, peak = json.loads(proc.stdout)
    return code, stderr, peak


def billion_laughs(path: Path) -> Path:
    """Ten entities, each ten of the one before: 10^9 'ha's from under 1 kB."""
    ents = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(ents) + "\n]>\n"
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">\n'
                    '<rdf:Description rdf:about="http://example.org/s"><e:p>&a9;</e:p></rdf:Description>\n'
                    "</rdf:RDF>\n", encoding="utf-8")
    assert path.stat().st_size < 1000
    return path


def deep_xml(path: Path, depth: int = 100_000) -> Path:
    path.write_text('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                    'xmlns:e="http://example.org/"><rdf:Description rdf:about="http://example.org/s">'
                    + "<e:p><rdf:Description>" * depth + "</rdf:Description></e:p>" * depth
                    + "</rdf:Description></rdf:RDF>", encoding="utf-8")
    return path


def concat_bomb(doublings: int = 34) -> str:
    """Each BIND doubles the string: 64 characters become 2^40 bytes in a query of about 1 kB."""
    binds = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(doublings))
    return f'SELECT (STRLEN(?a{doublings}) AS ?n) WHERE {{ BIND("{"x" * 64}" AS ?a0) {binds} }}'


def test_rdf_xml_entity_bomb_and_deep_nesting_are_refused(tmp_path: Path) -> None:
    for bomb, reason in [(billion_laughs(tmp_path / "laughs.rdf"), "entit"), (deep_xml(tmp_path / "deep.rdf"), "deep")]:
        code, stderr, peak = measured("load", bomb, "--store", tmp_path / "store")
        assert code == 1, stderr[-2000:]
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"kg: error: {bomb}") and reason in lines[0]
        assert peak < GB
    assert not (tmp_path / "store").exists()
    ontology = tmp_path / "onto.owl"  # the presence side: plain namespace entities, as ontology editors write
    ontology.write_text('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ex "http://example.org/"> ]>\n'
                        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                        '<rdf:Description rdf:about="&ex;s"><rdf:type rdf:resource="&ex;T"/></rdf:Description>'
                        "</rdf:RDF>\n", encoding="utf-8")
    assert kg("load", ontology, "--store", tmp_path / "store").returncode == 0
    assert query(tmp_path / "store", "ASK { <http://example.org/s> a <http://example.org/T> }").boolean


def test_kg_query_memory_bomb_is_stopped_at_the_cap(built: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.rq"
    bomb.write_text(concat_bomb(), encoding="utf-8")
    code, stderr, peak = measured("query", bomb, "--store", built)
    assert code == 1, stderr[-2000:]
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "memory cap" in lines[0] and "--memory" in lines[0]
    assert peak < GB
    proc = kg("query", concat_bomb(4), "--store", built, "--format", "csv")  # the presence side: small is fine
    assert proc.returncode == 0 and proc.stdout.splitlines() == ["n", str(64 * 2**4)]


def worker_peak(pid: int, stop: threading.Event, peaks: list[int]) -> None:
    """The highest VmHWM (peak resident memory) of any process under *pid*, sampled until *stop*."""
    root = psutil.Process(pid)
    while not stop.is_set():
        for child in root.children(recursive=True):
            try:
                status = Path(f"/proc/{child.pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) * 1024)
        stop.wait(0.02)


def test_kg_serve_memory_bomb_is_503_and_others_keep_their_answers(built: Path) -> None:
    server = start_server(built, "--timeout", "120")
    stop, peaks = threading.Event(), [0]
    sampler = threading.Thread(target=worker_peak, args=(server.proc.pid, stop, peaks), daemon=True)
    sampler.start()
    answers: list[int] = []

    def other_client() -> None:
        while not stop.is_set():
            answers.append(get(server, "ASK { ?s ?p ?o }")[0])

    others = threading.Thread(target=other_client, daemon=True)
    others.start()
    try:
        status, _, body = get(server, concat_bomb())
        assert status == 503 and b"memory cap" in body
        assert get(server, concat_bomb(4))[0] == 200
    finally:
        stop.set()
        others.join(60)
        sampler.join(10)
        stop_server(server)
    assert answers and set(answers) == {200}
    assert 0 < max(peaks) < GB


# --- 7. kg serve serves only kg's own outputs, under a CSP -----------------------------------------


def test_serve_offers_only_kgs_outputs_with_a_csp(tmp_path: Path, browser) -> None:  # noqa: ANN001
    out = build_out(tmp_path / "out", make_extraction())
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web\n", encoding="utf-8")
    (out / "notes.html").write_text("<p>private notes</p>", encoding="utf-8")
    (out / "thesis.ttl").write_text("<a:b> <a:c> 'mine' .\n", encoding="utf-8")
    (out / "view-leak.html").symlink_to(secret)
    (out / "graph.ttl").symlink_to(secret)
    server = start_server(out)
    try:
        for name in ["notes.html", "thesis.ttl", "view-leak.html", "graph.ttl", "secret.txt", "store/CURRENT"]:
            assert http(server.url + name)[0] == 404, name
        index = http(server.url)[2].decode()
        assert 'href="graph.html"' in index and "notes.html" not in index and "view-leak" not in index
        status, headers, body = http(server.url + "graph.html")
        csp = headers["Content-Security-Policy"]
        assert status == 200 and b"vis-network" in body
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None)
        page.on("pageerror", lambda err: problems.append(str(err)))
        try:
            page.goto(server.url + "graph.html")
            page.wait_for_function("window.kgReady === true", timeout=60_000)
            drawn = page.evaluate("[network.body.nodeIndices.length, network.body.edgeIndices.length]")
        finally:
            page.close()
        ex = make_extraction()
        assert drawn == [len(ex.entities), len(ex.relations)]  # the page still works under its CSP
        assert problems == []
    finally:
        stop_server(server)
