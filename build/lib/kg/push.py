"""``kg push``: send the built graph to another triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Every store that speaks the protocol (Apache Jena Fuseki, Virtuoso, GraphDB, Oxigraph server, ...) accepts
one graph per request at ``URL?default`` or ``URL?graph=IRI``, so that is the default: the default graph
(entities, predicate declarations, direct triples) and then each article's named graph, each as Turtle,
replacing what the target held under that name (PUT) or adding to it (``add=True``: POST). Graphs of the
target that kg did not send are left alone. ``dataset=True`` instead POSTs the whole store as N-Quads in one
request, which Oxigraph and Fuseki accept on their dataset URL (it always adds). ``graph=IRI`` puts the
union of all graphs into that one graph.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, UsageError
from kg.ontology import PREFIXES
from kg.store import open_store

TURTLE = "text/turtle; charset=utf-8"
NQUADS = "application/n-quads"


@dataclass(frozen=True)
class PushSummary:
    graphs: int
    triples: int
    endpoint: str

    def __str__(self) -> str:
        return f"pushed {self.graphs} graph{'s' if self.graphs != 1 else ''} ({self.triples} triples) to {self.endpoint}"


@dataclass(frozen=True)
class Auth:
    """Credentials for the target; *scheme* is ``basic`` (Fuseki, GraphDB) or ``digest`` (Virtuoso)."""

    user: str
    password: str
    scheme: str = "basic"


def graph_url(endpoint: str, graph: str | None) -> str:
    """``URL?default`` or ``URL?graph=IRI`` (kept after any query the endpoint URL already has)."""
    joiner = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return endpoint + joiner + ("default" if graph is None else urllib.parse.urlencode({"graph": graph}))


def _opener(endpoint: str, auth: Auth | None) -> urllib.request.OpenerDirector:
    if auth is not None and auth.scheme == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, endpoint, auth.user, auth.password)
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))
    return urllib.request.build_opener()


def _send(opener: urllib.request.OpenerDirector, method: str, url: str, body: bytes, content_type: str,
          auth: Auth | None, timeout: float) -> None:
    headers = {"Content-Type": content_type}
    if auth is not None and auth.scheme == "basic":  # sent up front: a body is not re-sent after a 401
        token = base64.b64encode(f"{auth.user}:{auth.password}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as err:
        detail = " ".join(err.read(300).decode("utf-8", "replace").split())
        raise KgError(f"{method} {url} failed: HTTP {err.code} {err.reason}" + (f": {detail}" if detail else "")) \
            from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise KgError(f"cannot reach {url}: {reason}") from None


def _turtle(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _triples(store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)]


def push(endpoint: str, store_dir: str | Path, graph: str | None = None, add: bool = False,
         dataset: bool = False, auth: Auth | None = None, timeout: float = 300.0) -> PushSummary:
    """Send the store at *store_dir* to the Graph Store Protocol *endpoint*; see the module docstring."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--endpoint must be an http(s) URL, not {endpoint!r}")
    if dataset and graph:
        raise UsageError("--dataset sends every graph as it is; it cannot be combined with --graph")
    store = open_store(store_dir)
    opener = _opener(endpoint, auth)
    method = "POST" if add else "PUT"
    if dataset:
        body = store.dump(format=ox.RdfFormat.N_QUADS)
        _send(opener, "POST", endpoint, body, NQUADS, auth, timeout)
        return PushSummary(1 + sum(1 for _ in store.named_graphs()), len(store), endpoint)
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError as err:
            raise UsageError(f"--graph must be an absolute IRI: {err}") from None
        union = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in store}, key=str)
        _send(opener, method, graph_url(endpoint, graph), _turtle(union), TURTLE, auth, timeout)
        return PushSummary(1, len(union), endpoint)
    sent = 0
    names: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.DefaultGraph()]
    names += sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    for name in names:
        triples = _triples(store, name)
        iri = None if isinstance(name, ox.DefaultGraph) else name.value
        _send(opener, method, graph_url(endpoint, iri), _turtle(triples), TURTLE, auth, timeout)
        sent += len(triples)
    return PushSummary(len(names), sent, endpoint)
