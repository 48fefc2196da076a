"""The on-disk SPARQL store (pyoxigraph), its atomic rebuild, queries and result formatting.

Every change (a build, a load) is written to a sibling directory and swapped in by rename, so a build or
load that fails or is killed half-way leaves the previous store usable. Queries get kg's prefixes
predeclared, syntax errors are reported with the line and column of the user's own text, and a query can
be given a time-out (it then runs in a child process that is killed at the deadline).
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import multiprocessing
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from multiprocessing.connection import Connection
from typing import Literal as Kind

import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import (
    KgError,
    MissingInputError,
    NotAStoreError,
    QuerySyntaxError,
    QueryTimeoutError,
    RdfSyntaxError,
    StoreNotFoundError,
    UsageError,
)
from kg.fsutil import atomic_write_bytes
from kg.guard import MemoryCapError, cap_memory, check_remote, check_xml, out_of_memory
from kg.ontology import ONTOLOGY_DIR, PREFIXES, bind_prefixes

STORE_NAME = "store"
#: Written into every store kg creates. kg moves or removes a folder only when it holds this file (or is
#: an Oxigraph store from before the marker, which is adopted): a --store or --out naming someone's
#: documents is refused, never replaced.
STORE_MARKER = "kg-store.txt"
_MARKER_TEXT = ("This folder is a SPARQL store (Oxigraph) made by kg. kg replaces the whole folder when it\n"
                "rebuilds or loads into the store: keep nothing else in it.\n")
#: The files of an Oxigraph (RocksDB) store directory; a folder holding only these is a store.
_ROCKSDB_FILE = re.compile(r"(CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+|\d+\.(sst|log|blob))")
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

RESULT_FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class QueryResult:
    """A fully read query result: SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples as rows."""

    kind: Kind["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None


# --- building and opening --------------------------------------------------------------------------

#: File extensions ``kg load`` accepts and the RDF syntax each one names.
LOAD_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

#: pyoxigraph's parse errors: "... at line 2 column 1: ...", "... between line 3 column 11 and ...: ...",
#: "... at line 2 between columns 24 and 28: ...", each ending with "(FILE, line N)".
_PARSE_POSITION = re.compile(r"line (\d+) (?:column|between columns) (\d+)[^:]*:\s*(.*?)(?:\s*\([^()]*, line \d+\))?$",
                             re.DOTALL)


def _tmp_prefix(target: Path) -> str:
    return f".{target.name}-new-"


def _old_prefix(target: Path) -> str:
    return f".{target.name}-old-"


@contextmanager
def _writer_lock(target: Path) -> Iterator[None]:
    """One writer at a time per store: a second build or load waits here instead of interleaving swaps.

    The lock file is removed on release (so a build directory holds only its outputs); a waiter that
    wakes up holding a file already unlinked by the previous owner tries again on the current one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.parent / f".{target.name}.lock"
    while True:
        fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.stat(lock).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)
        os.close(fd)  # closing releases the lock


def _foreign(folder: Path) -> list[str]:
    """Names in *folder* that are neither an Oxigraph store file nor kg's marker."""
    return sorted(e.name for e in folder.iterdir()
                  if not (e.name == STORE_MARKER or (_ROCKSDB_FILE.fullmatch(e.name) and e.is_file()
                                                     and not e.is_symlink())))


def _is_store(folder: Path) -> bool:
    """A real folder marked as kg's, or holding only an Oxigraph store's files."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    return (folder / STORE_MARKER).is_file() or not _foreign(folder)


def mark_store(folder: Path) -> None:
    """Write the marker that tells later builds and loads this folder is kg's to replace."""
    (folder / STORE_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")


def check_replaceable(target: str | Path) -> None:
    """Refuse (:class:`~kg.errors.NotAStoreError`, exit 2) unless *target* is missing, empty, or kg's store.

    A store made before kg wrote its marker is recognised by its layout (only Oxigraph's files, with a
    CURRENT) and adopted: the marker is added. Anything else, a file, a symbolic link or a folder
    holding other files, is left exactly as it is.
    """
    target = Path(target)
    if not target.exists() and not target.is_symlink():
        return
    if target.is_symlink():
        raise NotAStoreError(str(target), "it is a symbolic link, not a store folder kg made")
    if not target.is_dir():
        raise NotAStoreError(str(target), "it is a file, not a store folder")
    if (target / STORE_MARKER).is_file():
        return
    foreign = _foreign(target)
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise NotAStoreError(str(target), f"it is not a kg store (it holds {shown})")
    if (target / "CURRENT").is_file():
        mark_store(target)  # an Oxigraph store from before the marker existed


def _recover(target: Path) -> None:
    """Finish or undo a swap that a killed process interrupted, and drop half-built stores.

    Only kg's leftovers go: an old store (marked) or a temp folder holding nothing but a store.
    """
    out_dir = target.parent
    olds = sorted((p for p in out_dir.glob(_old_prefix(target) + "*") if _is_store(p)),
                  key=lambda p: p.stat().st_mtime)
    if not target.exists() and olds:
        olds.pop().rename(target)  # the swap died between its two renames: put the old store back
    temps = [p for p in out_dir.glob(_tmp_prefix(target) + "*")
             if p.is_dir() and not p.is_symlink()
             and all(e.name == STORE_NAME and _is_store(e) for e in p.iterdir())]
    for leftover in [*olds, *temps]:
        shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(new: Path, target: Path) -> None:
    """Replace *target* by the finished store *new* with two renames; :func:`_recover` mends a kill between."""
    old = target.parent / f"{_old_prefix(target)}{os.getpid()}"
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def rebuild(target: Path, fill: Callable[[ox.Store], None], keep_existing: bool) -> Path:
    """Write a new store beside *target* (a copy of it when *keep_existing*), let *fill* add to it, swap it in.

    Nothing touches *target* until the new store is complete and flushed, so a failure or a kill leaves
    the previous store as it was, and readers that have it open keep a consistent snapshot. The copy is
    a RocksDB checkpoint (hard links), so adding to a big store does not rewrite it. A *target* that is
    not kg's store is refused before anything is written (:func:`check_replaceable`).
    """
    check_replaceable(target)  # before the lock file or any temp appears beside it
    with _writer_lock(target):
        check_replaceable(target)
        _recover(target)
        tmp = Path(tempfile.mkdtemp(prefix=_tmp_prefix(target), dir=target.parent))
        new = tmp / STORE_NAME
        try:
            if keep_existing and (target / "CURRENT").exists():
                try:
                    current = ox.Store(str(target))
                except OSError as err:
                    raise KgError(f"the store at {target} is in use by a writer ({err})") from None
                current.backup(str(new))
                del current  # closes RocksDB
            store = ox.Store(str(new))
            mark_store(new)
            fill(store)
            store.flush()
            del store  # closes RocksDB before the directory moves
            _swap_in(new, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def write_store(ds: Dataset, out_dir: str | Path) -> Path:
    """Load *ds* into a new store at OUT_DIR/store, replacing any previous one atomically."""
    data = ds.serialize(format="nquads", encoding="utf-8")

    def fill(store: ox.Store) -> None:
        try:
            store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
        except Exception as err:  # rdflib raises bare Exception on bad IRIs; pyoxigraph a SyntaxError
            raise KgError(f"could not load the graph into the store: {err}") from err

    return rebuild(Path(out_dir) / STORE_NAME, fill, keep_existing=False)


def _load_error(path: Path, err: Exception) -> RdfSyntaxError:
    """pyoxigraph's parser message reduced to one line: file, line, column, what was wrong."""
    text = " ".join(str(err).split())
    m = _PARSE_POSITION.search(text)
    if not m:
        return RdfSyntaxError(f"{path}: {text}")
    return RdfSyntaxError(f"{path}: line {m[1]}, column {m[2]}: {m[3]}", int(m[1]), int(m[2]))


def load_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a file, from its extension."""
    fmt = LOAD_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(f"{path}: unknown RDF file extension {path.suffix or '(none)'!r} "
                         f"(use one of {', '.join(LOAD_FORMATS)})")
    return fmt


def load_files(paths: Sequence[str | Path], store_dir: str | Path, graph: str | None = None,
               memory_mb: int | None = None) -> int:
    """Add RDF files to a store (created if missing) as one all-or-nothing step; returns the quads added.

    Triples of Turtle/N-Triples/RDF-XML files go to the default graph, or to *graph* when given;
    TriG/N-Quads/JSON-LD keep their own graphs. Relative IRIs resolve against each file's location.
    RDF/XML that declares entities or nests absurdly deep is refused before it is read; with
    *memory_mb* the load runs in a child process capped at that many MiB.
    """
    files = [Path(p) for p in paths]
    for f in files:
        if not f.is_file():
            raise MissingInputError(str(f))
    formats = [load_format(f) for f in files]
    for f, fmt in zip(files, formats, strict=True):
        if fmt == ox.RdfFormat.RDF_XML:
            check_xml(f)
    if memory_mb:
        what = f"loading {files[0]}" + (f" and {len(files) - 1} more files" if len(files) > 1 else "")
        added = call_with_timeout(load_files, (files, store_dir, graph), None, memory_mb, what)
        assert isinstance(added, int)
        return added
    to_graph = ox.NamedNode(graph) if graph else None
    target = resolve_store(store_dir)
    before = 0

    def fill(store: ox.Store) -> None:
        nonlocal before
        before = len(store)
        for f, fmt in zip(files, formats, strict=True):
            try:
                store.bulk_load(path=str(f), format=fmt, base_iri=f.resolve().as_uri(),
                                to_graph=None if fmt.supports_datasets else to_graph)
            except SyntaxError as err:
                raise _load_error(f, err) from None
            except (OSError, ValueError) as err:
                raise KgError(f"{f}: {err}") from None

    rebuild(target, fill, keep_existing=True)
    return len(open_store(target)) - before


def resolve_store(path: str | Path) -> Path:
    """Accept either the store directory itself or the build output directory that holds it."""
    p = Path(path)
    if not (p / "CURRENT").exists() and (p / STORE_NAME / "CURRENT").exists():
        return p / STORE_NAME
    return p


def open_store(store_dir: str | Path, read_only: bool = True) -> ox.Store:
    """Open an existing store; read-only by default so queries never take the write lock."""
    p = resolve_store(store_dir)
    if not (p / "CURRENT").exists():
        raise StoreNotFoundError(str(p))
    return ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))


# --- querying --------------------------------------------------------------------------------------

_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


def _second_opinion(sparql: str) -> tuple[int, int, str] | None:
    """Where rdflib's SPARQL parser stops, if it rejects the query too.

    pyoxigraph reports the furthest point its PEG parser reached, which can be the end of the query
    rather than the offending token; pyparsing usually stops at the token. The earlier of the two is
    shown. Only runs on the error path.
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(sparql, initNs=PREFIXES)
    except ParseBaseException as err:
        return err.lineno, err.col, f"unexpected {err.found}"
    except Exception:  # rdflib also rejects for non-syntax reasons (an unknown prefix, say)
        return None
    return None


def _syntax_error(err: SyntaxError, sparql: str) -> QuerySyntaxError:
    """Turn a parser message into one readable message with a caret under the position."""
    text = str(err)
    m = _POSITION.search(text)
    if not m:
        return QuerySyntaxError(f"SPARQL syntax error: {text}")
    line, column, detail = int(m[1]), int(m[2]), " ".join(m[3].split())
    if "Prefix not found" in detail:
        detail = f"unknown prefix (predeclared: {', '.join(PREFIXES)})"
    elif len(detail) > 120:
        detail = detail[:117] + "..."
    other = _second_opinion(sparql)
    if other and other[:2] < (line, column):
        line, column, detail = other
    lines = sparql.split("\n")
    source = lines[min(line, len(lines)) - 1].rstrip("\r")
    caret = " " * (min(column, len(source) + 1) - 1) + "^"
    message = f"SPARQL syntax error at line {line}, column {column}: {detail}\n  {source}\n  {caret}"
    return QuerySyntaxError(message, line, column)


def run_query(store: ox.Store, sparql: str, allow_service: Sequence[str] = ()) -> QueryResult:
    """Run *sparql* with kg's prefixes predeclared and read the whole result.

    A SERVICE naming a host not in *allow_service* is refused before anything runs (:mod:`kg.guard`).
    """
    check_remote(sparql, allow_service)
    try:
        result = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as err:
        raise _syntax_error(err, sparql) from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return QueryResult("select", names, [[sol[n] for n in names] for sol in result])
    rows: list[list[Term | None]] = [[t.subject, t.predicate, t.object] for t in result]
    return QueryResult("graph", ["subject", "predicate", "object"], rows)


def _query_job(store_dir: str, sparql: str, allow_service: Sequence[str]) -> QueryResult:
    return run_query(open_store(store_dir), sparql, allow_service)


def _child(conn: Connection, fn: Callable[..., object], args: tuple[object, ...], memory_mb: int | None,
           stderr_fd: int) -> None:
    """Run *fn* in the child and send back its value, or the error as plain data (errors do not pickle well)."""
    os.dup2(stderr_fd, 2)  # a Rust allocation failure is reported here; the parent reads it
    try:
        if memory_mb:
            cap_memory(memory_mb)
        conn.send(("ok", fn(*args)))
    except KgError as err:
        conn.send(("err", (str(err), err.exit_code, getattr(err, "line", None), getattr(err, "column", None))))
    except MemoryError:
        conn.send(("oom", None))
    except BaseException as err:  # a bug: keep its name in the message, the parent has no traceback
        conn.send(("err", (f"{type(err).__name__}: {err}", 1, None, None)))
    finally:
        conn.close()


def call_with_timeout(fn: Callable[..., object], args: tuple[object, ...], timeout: float | None,
                      memory_mb: int | None = None, what: str = "the query") -> object:
    """Run ``fn(*args)`` in a forked child, killed at the deadline, its memory capped at *memory_mb* MiB.

    pyoxigraph has no query time-out and a running query cannot be interrupted from Python, so the
    query runs in a process that can be abandoned; an allocation over the cap ends that process, not
    this one (:class:`~kg.guard.MemoryCapError`). *fn* must return something picklable.
    """
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    with tempfile.TemporaryFile() as stderr:
        proc = ctx.Process(target=_child, args=(sender, fn, args, memory_mb, stderr.fileno()), daemon=True)
        proc.start()
        sender.close()
        try:
            if not receiver.poll(timeout):
                raise QueryTimeoutError(timeout or 0)
            try:
                status, payload = receiver.recv()
            except EOFError:
                proc.join(5)
                stderr.seek(0)
                if memory_mb and out_of_memory(stderr.read()):
                    raise MemoryCapError(what, memory_mb) from None
                raise KgError(f"the process running {what} died (exit code {proc.exitcode})") from None
        finally:
            if proc.is_alive():
                proc.kill()
            proc.join()
            receiver.close()
    if status == "oom":
        raise MemoryCapError(what, memory_mb or 0)
    if status == "ok":
        return payload
    message, code, line, column = payload
    err = QuerySyntaxError(message, line, column) if line is not None else KgError(message)
    err.exit_code = code
    raise err


def query(store_dir: str | Path, sparql: str, timeout: float | None = None, allow_service: Sequence[str] = (),
          memory_mb: int | None = None) -> QueryResult:
    """Open the store read-only and run one query.

    With *timeout* (seconds) or *memory_mb* (MiB) it runs in a child process, stopped at the deadline
    or when it needs more memory than that; a SERVICE to a host not in *allow_service* is refused.
    """
    if timeout is None and not memory_mb:
        return run_query(open_store(store_dir), sparql, allow_service)
    if not (resolve_store(store_dir) / "CURRENT").exists():
        raise StoreNotFoundError(str(resolve_store(store_dir)))
    result = call_with_timeout(_query_job, (str(store_dir), sparql, tuple(allow_service)), timeout, memory_mb)
    assert isinstance(result, QueryResult)
    return result


# --- result formatting -----------------------------------------------------------------------------


def compact(iri: str) -> str:
    """``https://w3id.org/kgnews/id/x`` -> ``kgr:x`` for people reading a table."""
    best = max((ns for ns in PREFIXES.items() if iri.startswith(ns[1])), key=lambda ns: len(ns[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"


def _plain(term: Term | None, short: bool) -> str:
    """Lexical form of a term: the CSV rule, or a compact table cell when *short*."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value) if short else term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def format_table(res: QueryResult) -> str:
    """Aligned plain text, one row per solution, for reading in a terminal."""
    if res.kind == "ask":
        return "true" if res.boolean else "false"
    cells = [[" ".join(_plain(t, True).split()) for t in row] for row in res.rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(res.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(res.variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def _delimited(header: Sequence[str], rows: list[list[str]], delimiter: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if delimiter == "," else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def format_csv(res: QueryResult) -> str:
    """SPARQL 1.1 CSV results: plain lexical values."""
    if res.kind == "ask":
        return _delimited(["_askResult"], [["true" if res.boolean else "false"]], ",")
    return _delimited(res.variables, [[_plain(t, False) for t in r] for r in res.rows], ",")


def format_tsv(res: QueryResult) -> str:
    """SPARQL 1.1 TSV results: terms in N-Triples syntax, which needs no quoting."""
    if res.kind == "ask":
        return "?_askResult\n" + ("true" if res.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in res.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in r) for r in res.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def format_json(res: QueryResult) -> str:
    """SPARQL 1.1 JSON results."""
    if res.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(res.boolean)}, indent=2)
    bindings = [{v: _json_term(t) for v, t in zip(res.variables, r, strict=True) if t is not None} for r in res.rows]
    return json.dumps({"head": {"vars": res.variables}, "results": {"bindings": bindings}}, indent=2,
                      ensure_ascii=False)


FORMATTERS = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}


def format_result(res: QueryResult, fmt: str = "table") -> str:
    """Render a result in one of :data:`RESULT_FORMATS`."""
    if fmt not in FORMATTERS:
        raise KgError(f"unknown result format {fmt!r} (choose from {', '.join(RESULT_FORMATS)})")
    return FORMATTERS[fmt](res)


# --- export ----------------------------------------------------------------------------------------


def _dataset(store: ox.Store) -> Dataset:
    ds = bind_prefixes(Dataset(default_union=True))
    ds.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return ds


def load_dataset(store_dir: str | Path) -> Dataset:
    """The whole store as an rdflib Dataset (one graph per article; the default view is their union),
    for tools that need rdflib (pyshacl, JSON-LD)."""
    return _dataset(open_store(store_dir))


def _union_ntriples(store: ox.Store) -> bytes:
    """Every graph's triples as sorted, de-duplicated N-Triples: stable bytes for diffs."""
    lines = {str(ox.Triple(q.subject, q.predicate, q.object)) + " .\n" for q in store}
    return "".join(sorted(lines)).encode("utf-8")


def _canonical_json(value: object) -> object:
    """Sort every JSON-LD node list and key so the same graph always serialises to the same bytes.

    Node and value arrays in JSON-LD are unordered sets; only ``@list`` keeps its order.
    """
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _canonical_json(v)) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(store: ox.Store) -> bytes:
    """JSON-LD via rdflib, one ``@graph`` per article, compacted with ontology/context.jsonld."""
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    data = _dataset(store).serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    doc = _canonical_json(json.loads(data))
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _turtle(store: ox.Store) -> bytes:
    from kg.rdf import turtle_from_triples

    return turtle_from_triples(ox.Triple(q.subject, q.predicate, q.object) for q in store)


def _trig(store: ox.Store) -> bytes:
    """TriG with the default graph first, then one block per article graph, each in a stable order."""
    from kg.rdf import trig_from_quads

    return trig_from_quads(store)


_EXPORTERS: dict[str, Callable[[ox.Store], bytes]] = {
    "turtle": _turtle,
    "ntriples": _union_ntriples,
    "trig": _trig,
    "jsonld": _jsonld,
}
EXPORT_FORMATS = tuple(_EXPORTERS)


def export(store_dir: str | Path, fmt: str, out: str | Path | None = None) -> bytes:
    """Serialise the store as turtle|ntriples|trig|jsonld; write it atomically to *out* when given.

    Turtle and N-Triples carry the union of all graphs; TriG and JSON-LD keep one named graph per
    article.
    """
    if fmt not in _EXPORTERS:
        raise KgError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
    data = _EXPORTERS[fmt](open_store(store_dir))
    if out is not None:
        atomic_write_bytes(out, data)
    return data
