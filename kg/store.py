"""The on-disk SPARQL store (pyoxigraph), its atomic rebuild, queries and result formatting.

A rebuild is written to a sibling directory and swapped in by rename, so a build killed half-way leaves
the previous store usable. Queries get kg's prefixes predeclared, and syntax errors are reported with the
line and column of the user's own text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as Kind

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import KgError, QuerySyntaxError, StoreNotFoundError
from kg.fsutil import atomic_write_bytes
from kg.ontology import ONTOLOGY_DIR, PREFIXES, bind_prefixes

STORE_NAME = "store"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
_TMP_PREFIX = ".store-new-"
_OLD_PREFIX = ".store-old-"

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


def _recover(out_dir: Path) -> None:
    """Finish or undo a swap that a killed process interrupted, and drop half-built stores."""
    target = out_dir / STORE_NAME
    olds = sorted(out_dir.glob(_OLD_PREFIX + "*"), key=lambda p: p.stat().st_mtime)
    if not target.exists() and olds:
        olds.pop().rename(target)  # the swap died between its two renames: put the old store back
    for leftover in [*olds, *out_dir.glob(_TMP_PREFIX + "*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def write_store(ds: Dataset, out_dir: str | Path) -> Path:
    """Load *ds* into a new store at OUT_DIR/store, replacing any previous one atomically."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _recover(out)
    target = out / STORE_NAME
    old = out / f"{_OLD_PREFIX}{os.getpid()}"
    tmp = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=out))
    try:
        store = ox.Store(str(tmp / STORE_NAME))
        try:
            store.bulk_load(input=ds.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
        except Exception as err:  # rdflib raises bare Exception on bad IRIs; pyoxigraph a SyntaxError
            raise KgError(f"could not load the graph into the store: {err}") from err
        store.flush()
        del store  # closes RocksDB before the directory moves
        if target.exists():
            target.rename(old)
        try:
            (tmp / STORE_NAME).rename(target)
        except OSError:
            if old.exists():
                old.rename(target)
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    return target


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


def run_query(store: ox.Store, sparql: str) -> QueryResult:
    """Run *sparql* with kg's prefixes predeclared and read the whole result."""
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


def query(store_dir: str | Path, sparql: str) -> QueryResult:
    """Open the store read-only and run one query."""
    return run_query(open_store(store_dir), sparql)


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
    from kg.rdf import turtle_bytes

    return turtle_bytes(_dataset(store))


def _trig(store: ox.Store) -> bytes:
    """TriG with the default graph first, then one block per article graph, each in a stable order."""
    ds = _dataset(store)
    graphs = sorted(ds.graphs(), key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, str(g.identifier)))
    parts = ["".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(PREFIXES.items()))]
    for graph in graphs:
        g = bind_prefixes(Graph())
        for t in graph.triples((None, None, None)):
            g.add(t)
        if len(g) == 0:
            continue
        turtle = g.serialize(format="turtle")
        # drop the prefix block (declared once above); the body is not re-indented so that a
        # multi-line literal keeps its exact bytes
        text = (turtle.split("\n\n", 1)[1] if turtle.startswith("@prefix") else turtle).strip("\n")
        name = "" if graph.identifier == DATASET_DEFAULT_GRAPH_ID else f"<{graph.identifier}> "
        parts.append(f"{name}{{\n{text}\n}}\n")
    return "\n".join(parts).encode("utf-8")


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
