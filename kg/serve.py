"""``kg serve``: the store as a SPARQL 1.1 Protocol endpoint, with the HTML views and a query editor.

The HTTP side is waitress (a production WSGI server) with werkzeug for request parsing and content
negotiation. Queries run in a small pool of worker processes, each holding the store open: pyoxigraph
cannot interrupt a running query, so a query past its time-out is stopped by killing its worker, which
is then replaced. Workers notice a store rebuilt by ``kg build``/``kg load`` (a new directory swapped in)
and reopen it. Read-only unless started with ``--write`` (then one read-write worker, so updates are
serialised); loopback unless told otherwise; request bodies and query strings above a size limit get 413.
Queries see the union of all graphs as their default graph, like ``kg query``, unless the request names
``default-graph-uri``.
"""

from __future__ import annotations

import hmac
import html
import ipaddress
import multiprocessing
import os
import queue
import re
import secrets
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge
from werkzeug.http import parse_accept_header
from werkzeug.routing import Map, Rule
from werkzeug.utils import send_from_directory
from werkzeug.wrappers import Request, Response

from kg.errors import KgError, StoreNotFoundError
from kg.guard import DEFAULT_MEMORY_MB, RemoteRefusedError, cap_memory, check_remote, out_of_memory
from kg.ontology import PREFIXES

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_REQUEST = 1 << 20  # bytes of query text or request body
DEFAULT_WORKERS = 4
DEFAULT_THREADS = 8

#: Media types offered for SELECT/ASK results, first is the default: (format, Content-Type sent).
RESULT_TYPES: dict[str, tuple[ox.QueryResultsFormat, str]] = {
    "application/sparql-results+json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "application/json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "application/sparql-results+xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "application/xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "text/xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "text/csv": (ox.QueryResultsFormat.CSV, "text/csv; charset=utf-8"),
    "text/tab-separated-values": (ox.QueryResultsFormat.TSV, "text/tab-separated-values; charset=utf-8"),
}
#: Media types offered for CONSTRUCT/DESCRIBE graphs, first is the default.
GRAPH_TYPES: dict[str, tuple[ox.RdfFormat, str]] = {
    "text/turtle": (ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    "application/turtle": (ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    "application/x-turtle": (ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    "application/n-triples": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "text/plain": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "application/rdf+xml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    "application/ld+json": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}
#: ``?format=`` shortcuts for browsers and curl, mapped to a media type of either table.
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "ntriples": "application/n-triples", "nt": "application/n-triples",
                "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}
#: kg's own outputs in the build directory, the only files served beside the endpoint: graph.html and
#: graph.ttl from `kg build`, view-NAME.html from `kg view` (regular files, never symbolic links).
SITE_FILE = re.compile(r"graph\.html|graph\.ttl|view-[a-z0-9-]{1,200}\.html")
EDITOR_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
              "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: The views are self-contained (inline script and styles, data: images) and fetch nothing.
VIEW_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; "
            "font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
TOKEN_ENV = "KG_SERVE_TOKEN"

Reply = tuple[int, str, bytes]  # status, Content-Type, body


# --- worker processes ------------------------------------------------------------------------------


def _text(status: int, message: str) -> Reply:
    return status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8")


def negotiate(accept: str, offered: Iterable[str]) -> str | None:
    """The offered media type the Accept header prefers; the first offered when there is no header."""
    options = list(offered)
    if not accept.strip():
        return options[0]
    return parse_accept_header(accept, MIMEAccept).best_match(options)


def _graphs(iris: list[str]) -> list[ox.NamedNode]:
    return [ox.NamedNode(i) for i in iris]


def _answer_query(store: ox.Store, job: dict[str, Any]) -> Reply:
    """Run one query and serialise it in the negotiated format (all inside the worker, under the time-out)."""
    from kg.store import _syntax_error

    options: dict[str, Any] = {"prefixes": PREFIXES}
    try:
        if job["default_graphs"]:
            options["default_graph"] = _graphs(job["default_graphs"])
        else:
            options["use_default_graph_as_union"] = True
        if job["named_graphs"]:
            options["named_graphs"] = _graphs(job["named_graphs"])
    except ValueError as err:
        return _text(400, f"bad graph IRI: {err}")
    try:
        check_remote(job["text"], job["allow_service"])
        result = store.query(job["text"], **options)
    except SyntaxError as err:
        return _text(400, str(_syntax_error(err, job["text"])))
    except RemoteRefusedError as err:
        return _text(403, str(err))
    table: dict[str, tuple[Any, str]] = GRAPH_TYPES if isinstance(result, ox.QueryTriples) else RESULT_TYPES
    media = negotiate(job["accept"], table)
    if media is None:
        return _text(406, f"cannot answer in {job['accept']!r}; this result is offered as {', '.join(table)}")
    fmt, content_type = table[media]
    if isinstance(result, ox.QueryTriples):
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return 200, content_type, ox.serialize(result, format=fmt, prefixes=prefixes)
    return 200, content_type, result.serialize(format=fmt)


def _answer_update(store: ox.Store, job: dict[str, Any]) -> Reply:
    from kg.store import _syntax_error

    try:
        check_remote(job["text"], job["allow_service"], update=True)
        store.update(job["text"], prefixes=PREFIXES)
    except SyntaxError as err:
        return _text(400, str(_syntax_error(err, job["text"])))
    except RemoteRefusedError as err:
        return _text(403, str(err))
    return 204, "text/plain; charset=utf-8", b""


def _open(path: str, writable: bool) -> tuple[ox.Store, int]:
    """Open the store and remember which directory it was (a rebuild swaps in a new one)."""
    for attempt in range(20):  # a rebuild's swap leaves the path missing for a moment
        try:
            inode = os.stat(path).st_ino
            return (ox.Store(path) if writable else ox.Store.read_only(path)), inode
        except OSError:
            if attempt == 19:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


def worker_main(conn: Connection, path: str, writable: bool, memory_mb: int | None, stderr_path: str) -> None:
    """Serve jobs from the pool until the pool goes away (EOF on the pipe).

    The worker's memory is capped: a query that needs more ends this worker (the pool reads why from
    its stderr file and starts another), never the server or the other workers.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    fd = os.open(stderr_path, os.O_WRONLY | os.O_APPEND)
    os.dup2(fd, 2)
    os.close(fd)
    if memory_mb:
        cap_memory(memory_mb)
    try:
        store, inode = _open(path, writable)
    except OSError as err:
        conn.send(("failed", f"cannot open the store at {path}: {err}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if os.stat(path).st_ino != inode:
                del store
                store, inode = _open(path, writable)
            handler = _answer_update if job["kind"] == "update" else _answer_query
            reply = handler(store, job)
        except MemoryError:
            reply = _text(503, f"the query needed more than the endpoint's {memory_mb} MiB memory cap and was stopped")
        except Exception as err:  # a store or serialisation error: report it, keep serving
            reply = _text(500, f"{type(err).__name__}: {err}")
        conn.send(reply)


class QueryTimeout(Exception):
    """The job did not finish within its time-out (its worker has been replaced)."""


class WorkerGone(Exception):
    """The worker died while running the job (its worker has been replaced); *out_of_memory* says why."""

    def __init__(self, out_of_memory: bool) -> None:
        super().__init__()
        self.out_of_memory = out_of_memory


@dataclass(eq=False)
class _Worker:
    proc: multiprocessing.process.BaseProcess
    conn: Connection
    stderr: Path

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()
        self.stderr.unlink(missing_ok=True)

    def died_of_memory(self) -> bool:
        self.proc.join(5)
        try:
            return out_of_memory(self.stderr.read_bytes()[-4096:])
        except OSError:
            return False


class WorkerPool:
    """Worker processes that each hold the store open; a job that overruns costs its worker."""

    def __init__(self, path: Path, size: int, writable: bool, memory_mb: int | None = DEFAULT_MEMORY_MB) -> None:
        self.path = str(path)
        self.writable = writable
        self.memory_mb = memory_mb
        self._stderr_dir = tempfile.TemporaryDirectory(prefix="kg-serve-")
        # Workers fork from a clean single-threaded server process that has kg.serve imported (never from
        # this one, which runs server threads): a worker stopped by a time-out or the memory cap is
        # replaced in milliseconds, not the seconds a fresh interpreter takes to import pyoxigraph.
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["kg.serve"])
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        try:
            started = [self._start() for _ in range(1 if writable else max(1, size))]  # they boot in parallel
            for worker in started:
                self._idle.put(self._await_ready(worker))
        except BaseException:
            self.close()
            raise

    def _start(self) -> _Worker:
        ours, theirs = self._ctx.Pipe()
        fd, stderr = tempfile.mkstemp(prefix="worker-", suffix=".err", dir=self._stderr_dir.name)
        os.close(fd)
        proc = self._ctx.Process(target=worker_main, args=(theirs, self.path, self.writable, self.memory_mb, stderr),
                                 daemon=True, name="kg-serve-worker")
        proc.start()
        theirs.close()
        worker = _Worker(proc, ours, Path(stderr))
        with self._lock:
            self._all.add(worker)
        return worker

    def _await_ready(self, worker: _Worker) -> _Worker:
        ours, proc = worker.conn, worker.proc
        if not ours.poll(120):
            self._retire(worker)
            raise KgError("a query worker did not start within 120 s")
        try:
            status, detail = ours.recv()
        except EOFError:
            self._retire(worker)
            raise KgError(f"a query worker died on start (exit code {proc.exitcode})") from None
        if status != "ready":
            self._retire(worker)
            raise KgError(str(detail))
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill *worker* and boot its successor in the background, so the caller answers at once."""
        self._retire(worker)
        if not self._closed:
            threading.Thread(target=self._refill, name="kg-serve-refill", daemon=True).start()

    def _refill(self) -> None:
        try:
            self._idle.put(self._await_ready(self._start()))
        except KgError as err:
            print(f"kg serve: error: {err}", file=sys.stderr, flush=True)

    def run(self, job: dict[str, Any], timeout: float) -> Reply:
        """Run *job* on an idle worker; waiting for one counts against the same *timeout*."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)
                raise QueryTimeout
            reply: Reply = worker.conn.recv()
        except (EOFError, OSError):
            oom = worker.died_of_memory()
            self._replace(worker)
            raise WorkerGone(oom) from None
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()
        self._stderr_dir.cleanup()


# --- the WSGI application --------------------------------------------------------------------------


def _text_response(status: int, message: str) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, content_type="text/plain; charset=utf-8")


@dataclass(frozen=True)
class Guard:
    """Who may talk to the endpoint: the Host names it answers to, and the key that writes need.

    A browser page from another site can send requests to a loopback server (a form POST, an <img>
    GET) and, with DNS rebinding, even read the answers under a name of its own. So a request whose
    Host is not one of this server's names, or that a browser marks as coming from another origin
    (``Origin``, ``Sec-Fetch-Site``), is refused, and updates need ``Authorization: Bearer TOKEN``.
    """

    names: frozenset[str]  # host names (lower case) the server answers to; IP literals are always accepted
    port: int
    token: str | None = None
    allow_service: tuple[str, ...] = ()

    def host_ok(self, host: str | None) -> bool:
        if not host:
            return False
        name = host.lower().rsplit(":", 1)[0] if not host.endswith("]") else host.lower()
        name = name.strip("[]")
        if name in self.names:
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    def refusal(self, request: Request) -> str | None:
        """Why *request* is refused, or None."""
        if not self.host_ok(request.host):
            return (f"Host {request.host!r} is not a name of this server (a DNS rebinding attempt?); use "
                    f"http://127.0.0.1:{self.port}/ or start kg serve with --server-name NAME")
        origin = request.headers.get("Origin")
        if origin is not None:
            parts = urlsplit(origin)
            try:
                port = parts.port or (443 if parts.scheme == "https" else 80)
            except ValueError:
                port = -1
            if parts.scheme != "http" or not self.host_ok(parts.netloc) or port != self.port:
                return f"cross-origin request from {origin!r} refused"
        if request.headers.get("Sec-Fetch-Site", "none") not in ("none", "same-origin"):
            return "cross-site request refused"
        return None

    def authorised(self, request: Request) -> bool:
        given = request.headers.get("Authorization", "")
        scheme, _, value = given.partition(" ")
        return (self.token is not None and scheme.lower() == "bearer"
                and hmac.compare_digest(value.strip().encode(), self.token.encode()))


class Endpoint:
    """The WSGI app: SPARQL Protocol on /query (/sparql) and /update, the editor on /, the build's views."""

    def __init__(self, pool: WorkerPool, site_dir: Path | None, timeout: float, writable: bool,
                 max_request: int, guard: Guard | None = None) -> None:
        self.pool = pool
        self.site_dir = site_dir
        self.timeout = timeout
        self.writable = writable
        self.max_request = max_request
        self.guard = guard or Guard(frozenset({"localhost"}), DEFAULT_PORT)
        self.urls = Map([
            Rule("/", endpoint="index"),
            Rule("/query", endpoint="sparql"),
            Rule("/sparql", endpoint="sparql"),
            Rule("/update", endpoint="update"),
            Rule("/_kg/editor.js", endpoint="script"),
            Rule("/<name>", endpoint="site"),
        ])

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        request.max_content_length = self.max_request
        request.max_form_memory_size = self.max_request
        refusal = self.guard.refusal(request)
        if refusal:
            return _text_response(403, refusal)(environ, start_response)
        try:
            endpoint, values = self.urls.bind_to_environ(environ).match()
            response = getattr(self, f"on_{endpoint}")(request, **values)
        except HTTPException as err:
            response = _text_response(err.code or 500, f"{err.name}: {err.description}")
        return response(environ, start_response)

    # -- pages --

    def _site_file(self, name: str) -> Path | None:
        """*name* in the build directory if it is one of kg's outputs and a regular file, not a link."""
        if self.site_dir is None or not SITE_FILE.fullmatch(name):
            return None
        path = self.site_dir / name
        return path if path.is_file() and not path.is_symlink() else None

    def views(self) -> list[str]:
        if self.site_dir is None or not self.site_dir.is_dir():
            return []
        return sorted(p.name for p in self.site_dir.glob("*.html") if self._site_file(p.name))

    def on_index(self, request: Request) -> Response:
        template = resources.files("kg").joinpath("static/sparql.html").read_text(encoding="utf-8")
        links = "".join(f'<li><a href="{html.escape(quote(v))}">{html.escape(v)}</a></li>' for v in self.views())
        page = template.replace("<!--VIEWS-->", links or "<li>(no HTML views in the build directory)</li>")
        page = page.replace("<!--MODE-->", "read-write" if self.writable else "read-only")
        response = Response(page, content_type="text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = EDITOR_CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    def on_script(self, request: Request) -> Response:
        script = resources.files("kg").joinpath("static/editor.js").read_text(encoding="utf-8")
        return Response(script, content_type="text/javascript; charset=utf-8")

    def on_site(self, request: Request, name: str) -> Response:
        if self._site_file(name) is None:
            raise NotFound()
        response = send_from_directory(self.site_dir, name, request.environ)
        response.headers["X-Content-Type-Options"] = "nosniff"
        if name.endswith(".html"):
            response.headers["Content-Security-Policy"] = VIEW_CSP
        return response

    # -- SPARQL Protocol --

    def _sparql_text(self, request: Request) -> tuple[str, str | None]:
        """(kind, text) of a protocol request: GET ?query=, POST form query=/update=, or a direct POST body."""
        if len(request.query_string) > self.max_request:
            raise RequestEntityTooLarge(f"the query string is over {self.max_request} bytes")
        if request.method == "GET":
            if "update" in request.args:
                return "update", request.args["update"]
            return "query", request.args.get("query")
        if request.method != "POST":
            return "bad-method", None
        mimetype = request.mimetype
        if mimetype == "application/sparql-query":
            return "query", request.get_data(as_text=True)
        if mimetype == "application/sparql-update":
            return "update", request.get_data(as_text=True)
        if mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            if "update" in request.form:
                return "update", request.form["update"]
            return "query", request.form.get("query")
        return "bad-type", mimetype

    def on_sparql(self, request: Request) -> Response:
        kind, text = self._sparql_text(request)
        if kind == "update":
            return self._update(request, text)
        if kind == "bad-method":
            return _text_response(405, "use GET or POST for SPARQL queries")
        if kind == "bad-type":
            return _text_response(415, f"unsupported Content-Type {text!r}: send application/sparql-query, "
                                       "application/sparql-update or a form")
        if not text:
            return _text_response(400, "missing query: send ?query=... or POST one (the editor is at /)")
        accept = request.headers.get("Accept", "")
        fmt = request.values.get("format")
        if fmt:
            if fmt not in FORMAT_PARAM:
                return _text_response(400, f"unknown format {fmt!r} (choose from {', '.join(FORMAT_PARAM)})")
            accept = FORMAT_PARAM[fmt]
        job = {"kind": "query", "text": text, "accept": accept, "allow_service": self.guard.allow_service,
               "default_graphs": request.values.getlist("default-graph-uri"),
               "named_graphs": request.values.getlist("named-graph-uri")}
        return self._run(job)

    def on_update(self, request: Request) -> Response:
        kind, text = self._sparql_text(request)
        if kind in ("bad-method", "bad-type") or request.method != "POST":
            return _text_response(405 if kind != "bad-type" else 415,
                                  "POST application/sparql-update or a form with update=...")
        return self._update(request, text)

    def _update(self, request: Request, text: str | None) -> Response:
        if not self.writable:
            return _text_response(403, "SPARQL Update is refused: this endpoint is read-only "
                                       "(start `kg serve --write` to allow updates)")
        if request.method != "POST":
            return _text_response(405, "SPARQL Update needs POST")
        if not self.guard.authorised(request):
            response = _text_response(401, "SPARQL Update needs the write token kg serve printed at start "
                                           f"(or was given with --token or {TOKEN_ENV}), sent as "
                                           "'Authorization: Bearer TOKEN'")
            response.headers["WWW-Authenticate"] = 'Bearer realm="kg"'
            return response
        if not text:
            return _text_response(400, "missing update")
        return self._run({"kind": "update", "text": text, "allow_service": self.guard.allow_service})

    def _run(self, job: dict[str, Any]) -> Response:
        try:
            status, content_type, body = self.pool.run(job, self.timeout)
        except QueryTimeout:
            return _text_response(503, f"query stopped after the endpoint's {self.timeout:g} s time-out")
        except WorkerGone as gone:
            if gone.out_of_memory:
                return _text_response(503, f"the query needed more than the endpoint's {self.pool.memory_mb} MiB "
                                           "memory cap and was stopped")
            return _text_response(500, "the query worker died while running this request")
        response = Response(body, status=status, content_type=content_type)
        response.headers["Vary"] = "Accept"
        return response


# --- the server ------------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def server_names(host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Host names the server answers to: loopback names, the bound name and, when it listens beyond
    loopback, this machine's own names, plus *extra* (``--server-name``)."""
    names = {"localhost", host.lower().strip("[]"), *(n.lower() for n in extra)}
    if not is_loopback(host):
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset(names)


def write_token(given: str | None = None) -> tuple[str, bool]:
    """The write token: *given* (``--token``), else ``$KG_SERVE_TOKEN``, else a new random one (True)."""
    token = given or os.environ.get(TOKEN_ENV)
    if token:
        return token, False
    return secrets.token_urlsafe(24), True


def serve(store_dir: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          timeout: float = DEFAULT_TIMEOUT, write: bool = False, max_request: int = DEFAULT_MAX_REQUEST,
          workers: int = DEFAULT_WORKERS, threads: int = DEFAULT_THREADS, site_dir: str | Path | None = None,
          ready: Any = None, token: str | None = None, allow_service: Iterable[str] = (),
          memory_mb: int | None = DEFAULT_MEMORY_MB, names: Iterable[str] = ()) -> None:
    """Serve the store until SIGINT/SIGTERM. *ready* (optional) is called with the bound URL.

    With *write*, updates need *token* (see :func:`write_token`); SERVICE and LOAD reach only the
    hosts in *allow_service*; each worker is capped at *memory_mb* MiB.
    """
    from waitress.server import create_server

    from kg.store import resolve_store

    if write and not token:
        raise KgError("kg serve --write needs a write token")
    path = resolve_store(store_dir)
    if not (path / "CURRENT").exists():
        raise StoreNotFoundError(str(path))
    site = Path(site_dir) if site_dir is not None else path.parent
    pool = WorkerPool(path, workers, write, memory_mb)
    try:
        try:
            server = create_server(lambda environ, start: app(environ, start), host=host, port=port,
                                   threads=threads, ident="kg", max_request_body_size=max_request,
                                   max_request_header_size=max_request + 64 * 1024)
        except OSError as err:
            raise KgError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
        bound = getattr(server, "effective_host", host), getattr(server, "effective_port", port)
        guard = Guard(server_names(host, names), int(bound[1]), token if write else None, tuple(allow_service))
        app = Endpoint(pool, site, timeout, write, max_request, guard)
        shown = f"[{bound[0]}]" if ":" in str(bound[0]) else bound[0]
        url = f"http://{shown}:{bound[1]}/"
        if ready is not None:
            ready(url)

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
    finally:
        pool.close()


def announce(url: str, host: str, write: bool, timeout: float, token: str | None = None, generated: bool = False,
             memory_mb: int | None = DEFAULT_MEMORY_MB, allow_service: Iterable[str] = ()) -> None:
    """The start-up lines on stderr (tests and scripts read the URL from the first one)."""
    def say(line: str) -> None:
        print(f"kg serve: {line}", file=sys.stderr, flush=True)

    mode = "read-write" if write else "read-only"
    say(f"listening on {url} (SPARQL endpoint {url}query, {mode}, time-out {timeout:g} s)")
    if write:
        source = "generated for this run" if generated else f"from --token or {TOKEN_ENV}"
        say(f"write token ({source}): {token if generated else '(as given)'}; updates need the header "
            "'Authorization: Bearer TOKEN'")
    if not is_loopback(host):
        cap = f"{memory_mb} MiB" if memory_mb else "no memory cap"
        remote = f"SERVICE/LOAD only to {', '.join(allow_service)}" if allow_service else "no SERVICE or LOAD"
        what = "read the whole graph with SPARQL queries"
        if write:
            what += " and, with the write token (sent in clear text over plain HTTP), change or delete it"
        everyone = "all interfaces" if host in ("0.0.0.0", "::", "") else "a non-loopback address"
        say(f"warning: listening on {host} ({everyone}): anyone who can reach port {url.rstrip('/').rsplit(':', 1)[1]} "
            f"of this machine can {what} (queries limited to {timeout:g} s and {cap}, {remote})")
