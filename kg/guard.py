"""Limits on what one query or load may do: reach other hosts, use memory, nest or expand XML.

Oxigraph runs SPARQL ``SERVICE`` (federation) and ``LOAD <http://...>`` by making HTTP requests from
the machine kg runs on, and offers no switch to turn that off; a query text can name any URL, loopback
services included. So every query and update is read with rdflib's SPARQL parser first and refused
(:class:`RemoteRefusedError`) when it names a host the user did not allow (``--allow-service HOST``).

A query or load also runs under a memory cap (:func:`cap_memory`, the process's data limit): pyoxigraph
cannot be interrupted, but an allocation over the cap fails, and the process running the query (never
the one answering other clients) ends with a clear error. RDF/XML is checked with expat before
Oxigraph reads it (:func:`check_xml`): nested or external entity declarations ("billion laughs") and
absurd nesting are refused.
"""

from __future__ import annotations

import os
import re
import resource
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.parsers import expat

from kg.errors import KgError, RdfSyntaxError

ALLOW_OPTION = "--allow-service"
#: Default memory cap of one query or load, in MiB; with the interpreter's own pages a capped process
#: stays under 1 GB.
DEFAULT_MEMORY_MB = 768
#: Default memory cap of ``kg load``: Oxigraph's bulk loader reserves memory per thread (loading a
#: million triples peaks at about 830 MB resident, 1.5 GiB of data pages).
DEFAULT_LOAD_MEMORY_MB = 2048
#: Deepest RDF/XML element nesting accepted; kg's own and typical RDF/XML files nest fewer than 10 deep.
MAX_XML_DEPTH = 1000
#: Longest XML entity value accepted. Ontology files declare namespace abbreviations
#: (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``); plain values this short expand a file at most
#: about 60-fold, while nested entities ("billion laughs") expand exponentially and are refused.
MAX_ENTITY_CHARS = 256

#: Texts without these cannot name a remote target (``\\u`` escapes could spell the keywords).
_MAYBE_REMOTE = re.compile(r"(?i)service|load|\\u")
#: SPARQL tokens that cannot hide a keyword: comments, strings, IRIs, variables, prefixed names; then words.
_TOKEN = re.compile(r'''\#[^\n]*|"""(?:[^\\]|\\.)*?"""|\'\'\'(?:[^\\]|\\.)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'
                        |<[^<>"{}|^`\\\s]*>|[?$][\w\u00b7-\U000effff]+|[\w.-]*:[\w.:%-]*|([A-Za-z_]\w*)''',
                    re.VERBOSE)


class RemoteRefusedError(KgError):
    """A query or update names a remote endpoint or file (SERVICE, LOAD) that was not allowed."""


class MemoryCapError(KgError):
    """A query or load needed more memory than its cap; it was stopped, nothing else was affected."""

    def __init__(self, what: str, mb: int, option: str = "--memory") -> None:
        super().__init__(f"{what} needed more than its {mb} MiB memory cap and was stopped "
                         f"(raise it with {option} MB)")
        self.mb = mb


class XmlRefusedError(KgError):
    """An RDF/XML file declares entities or nests absurdly deep: refused before it is read (exit 1)."""


# --- SERVICE and LOAD ------------------------------------------------------------------------------


def _nodes(tree: Any) -> Iterator[Any]:
    """Every node of an rdflib parse tree (CompValue, ParseResults, lists), without recursion."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)


def _candidates(term: Any, prefixes: dict[str, set[str]], bases: set[str]) -> set[str]:
    """The IRIs *term* can stand for: a prefixed name under every declaration of its prefix, a relative
    IRI against every BASE (an unresolved one stays relative and is refused)."""
    from rdflib.term import URIRef, Variable

    if isinstance(term, Variable):
        return {f"?{term}"}
    if isinstance(term, URIRef):
        iri = str(term)
    elif getattr(term, "name", None) == "pname":
        return {ns + str(term.get("localname") or "") for ns in prefixes.get(str(term.get("prefix") or ""), {""})}
    else:
        iri = str(term)
    if urlsplit(iri).scheme or not bases:
        return {iri}
    return {urljoin(b, iri) for b in bases}


def _remote_targets(text: str, update: bool) -> list[tuple[str, str]] | None:
    """(keyword, IRI) of every SERVICE and LOAD in *text*; None when rdflib cannot parse it."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    from kg.ontology import PREFIXES

    try:
        tree = parseUpdate(text) if update else parseQuery(text)
    except Exception:  # a syntax error, or syntax rdflib does not know (SPARQL 1.2)
        return None
    nodes = list(_nodes(tree))
    prefixes: dict[str, set[str]] = {p: {ns} for p, ns in PREFIXES.items()}
    bases: set[str] = set()
    for node in nodes:
        if node.name == "PrefixDecl":
            prefixes.setdefault(str(node.get("prefix") or ""), set()).add(str(node["iri"]))
        elif node.name == "Base":
            bases.add(str(node["iri"]))
    found = []
    for node in nodes:
        if node.name == "ServiceGraphPattern":
            found += [("SERVICE", iri) for iri in _candidates(node["term"], prefixes, bases)]
        elif node.name == "Load":
            found += [("LOAD", iri) for iri in _candidates(node["iri"], prefixes, bases)]
    return found


def _keywords(text: str) -> set[str]:
    """SERVICE/LOAD used as keywords (not inside strings, IRIs, comments or names): rdflib's fallback."""
    return {m[1].upper() for m in _TOKEN.finditer(text) if m[1] and m[1].upper() in ("SERVICE", "LOAD")}


def allowed(iri: str, hosts: Iterable[str]) -> bool:
    """An http(s) IRI whose host (or host:port) is one of *hosts*."""
    parts = urlsplit(iri)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    names = {h.lower().strip("[]") for h in hosts}
    try:
        port = parts.port
    except ValueError:
        return False
    return parts.hostname in names or f"{parts.hostname}:{port}" in names


def check_remote(text: str, hosts: Iterable[str] = (), update: bool = False) -> None:
    """Refuse a query (or update) whose SERVICE or LOAD would reach a host not in *hosts*."""
    if not _MAYBE_REMOTE.search(text):
        return
    hosts = list(hosts)
    targets = _remote_targets(text, update)
    if targets is None:
        words = _keywords(text)
        if words:
            raise RemoteRefusedError(f"{' and '.join(sorted(words))} refused: kg could not read which host this "
                                     f"query would contact (requests to other hosts are off unless allowed "
                                     f"with {ALLOW_OPTION} HOST)")
        return
    for keyword, iri in targets:
        if not allowed(iri, hosts):
            where = "a host chosen at run time" if iri.startswith("?") else f"<{iri}>"
            raise RemoteRefusedError(f"{keyword} {where} refused: kg sends no requests to other hosts unless "
                                     f"allowed (allow it with {ALLOW_OPTION} HOST)")


# --- memory ----------------------------------------------------------------------------------------


def cap_memory(mb: int) -> None:
    """Cap this process's data (heap and anonymous memory) at *mb* MiB: larger allocations fail.

    Python raises MemoryError; Rust (pyoxigraph) aborts the process, which is why callers run capped
    work in a process of its own and report :class:`MemoryCapError` when it dies that way.
    """
    limit = mb << 20
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    os.environ["RUST_BACKTRACE"] = "0"  # an allocation failure prints one line, not a backtrace


def out_of_memory(stderr: bytes) -> bool:
    """Whether a dead capped process's stderr says an allocation failed."""
    return b"memory allocation of" in stderr or b"MemoryError" in stderr or b"bad_alloc" in stderr


# --- RDF/XML -----------------------------------------------------------------------------------------


def check_xml(path: Path, max_depth: int = MAX_XML_DEPTH) -> None:
    """Read *path* with expat (streaming, no entity expansion) before Oxigraph's RDF/XML parser, which
    expands entities, sees it: refuse entities that nest, hold markup, are long or external, and
    elements nested deeper than *max_depth*."""
    parser = expat.ParserCreate()
    depth = 0

    def refuse(reason: str) -> None:
        raise XmlRefusedError(f"{path}: line {parser.CurrentLineNumber}: {reason}; refused")

    def start(*_: object) -> None:
        nonlocal depth
        depth += 1
        if depth > max_depth:
            refuse(f"elements nested over {max_depth} deep")

    def end(*_: object) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    def entity(name: str, parameter: bool, value: str | None, base: object, system_id: str | None, *_: object) -> None:
        if parameter or value is None or system_id is not None:
            refuse(f"declares the external or parameter entity {name!r}")
        if len(value) > MAX_ENTITY_CHARS or any(c in value for c in "&%<"):
            refuse(f"declares the XML entity {name!r} that nests entities or markup or is over "
                   f"{MAX_ENTITY_CHARS} characters (entity expansion can make a small file huge)")

    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = lambda *_: refuse("refers to an external entity")
    try:
        with open(path, "rb") as fh:
            parser.ParseFile(fh)
    except expat.ExpatError as err:
        raise RdfSyntaxError(f"{path}: line {err.lineno}, column {err.offset + 1}: {expat.ErrorString(err.code)}",
                             err.lineno, err.offset + 1) from None
