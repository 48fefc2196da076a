"""The Python API: build a graph from articles, query it, export it. The CLI is a thin layer over this."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, overload

from rdflib import Dataset

from kg import store as kgstore
from kg.incremental import StoreUpdate, update_store
from kg.ingest import Skipped
from kg.errors import KgError, MissingInputError
from kg.model import Extraction
from kg.rdf import to_dataset, write_turtle
from kg.views import render_html

if TYPE_CHECKING:
    from kg.validate import Report

DEFAULT_OUT = "output"
DEFAULT_STORE = "output/store"


@dataclass(frozen=True)
class Summary:
    """Counts reported at the end of a build."""

    articles: int
    entities: int
    relations: int
    evidence: int
    triples: int
    out: Path

    def __str__(self) -> str:
        return f"{self.articles} articles, {self.entities} entities, {self.relations} relations → {self.out}"


@dataclass(frozen=True)
class BuildResult:
    dataset: Dataset
    extraction: Extraction
    summary: Summary
    skipped: list[Skipped] = field(default_factory=list)  # files and records left out, with the reason
    store_update: StoreUpdate | None = None
    stats: object | None = None  # kg.pipeline.BuildStats: what was parsed and what reused


def check_inputs(paths: Sequence[str | Path]) -> list[Path]:
    """Fail fast, naming the first input that does not exist, before any model loads."""
    resolved = [Path(p) for p in paths]
    for p in resolved:
        if not p.exists():
            raise MissingInputError(str(p))
    return resolved


def write_outputs(ex: Extraction, out: str | Path = DEFAULT_OUT) -> BuildResult:
    """Write OUT/graph.ttl, OUT/graph.html and OUT/store/ for an extraction (each atomically)."""
    out_dir = Path(out)
    ds = to_dataset(ex)
    write_turtle(ds, out_dir / "graph.ttl")
    render_html(ex, out_dir / "graph.html")
    change = update_store(ds, out_dir)  # only what changed since the previous build, in one transaction
    summary = Summary(
        articles=len(ex.articles),
        entities=len(ex.entities),
        relations=len(ex.relations),
        evidence=sum(len(r.evidence) for r in ex.relations),
        triples=len({(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}),  # the union, without copying it
        out=out_dir,
    )
    return BuildResult(ds, ex, summary, store_update=change)


def build_with_summary(
    paths: Sequence[str | Path], out: str | Path = DEFAULT_OUT, model: str | None = None, progress: bool = True,
    workers: int | None = None, dask: object | None = None, rebuild: bool = False,
    relation_model: bool = False,
) -> BuildResult:
    """Extract from *paths* and write every output; returns the dataset, extraction and counts.

    A build reuses what OUT/.kg-cache holds from earlier builds (only new or changed articles are
    parsed) unless *rebuild*; *workers* parse in parallel (default: all cores, when there is enough
    new text to pay for starting them); *dask* is a Dask
    scheduler address, ``"local"`` or a ``distributed.Client``. ``relation_model`` adds the trained
    CoNLL04 relation classifier behind the rules.
    """
    inputs = check_inputs(paths)
    from kg.cache import CACHE_NAME
    from kg.pipeline import BuildStats, extract  # spaCy loads only when a build runs

    cache = Path(out) / CACHE_NAME
    if rebuild:
        import shutil

        shutil.rmtree(cache, ignore_errors=True)
    skipped: list[Skipped] = []
    stats = BuildStats()
    ex = extract(list(inputs), model=model, progress=progress, skipped=skipped,
                 workers=workers, cache_dir=cache, dask=dask, stats=stats,
                 relation_model=relation_model)
    if not ex.articles:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:3])
        raise KgError(f"no article text in {', '.join(map(str, inputs))}" + (f" ({reasons})" if reasons else ""))
    result = write_outputs(ex, out)
    result.skipped.extend(skipped)
    object.__setattr__(result, "stats", stats)
    return result


def build(
    paths: Sequence[str | Path], out: str | Path = DEFAULT_OUT, model: str | None = None, progress: bool = True,
    workers: int | None = None, dask: object | None = None, rebuild: bool = False,
) -> Dataset:
    """Build the knowledge graph for *paths* into OUT and return it as an RDF dataset."""
    return build_with_summary(paths, out, model, progress, workers, dask, rebuild).dataset


@overload
def query(sparql: str, store: str | Path = DEFAULT_STORE, fmt: None = None,
          timeout: float | None = None) -> kgstore.QueryResult: ...
@overload
def query(sparql: str, store: str | Path = DEFAULT_STORE, fmt: str = ..., timeout: float | None = None) -> str: ...


def query(sparql: str, store: str | Path = DEFAULT_STORE, fmt: str | None = None,
          timeout: float | None = None) -> kgstore.QueryResult | str:
    """Run SPARQL (kg prefixes predeclared); a formatted string when *fmt* is table|csv|tsv|json.

    With *timeout* (seconds) the query runs in a child process that is stopped at the deadline
    (:class:`kg.errors.QueryTimeoutError`).
    """
    result = kgstore.query(store, sparql, timeout=timeout)
    return result if fmt is None else kgstore.format_result(result, fmt)


def load(paths: Sequence[str | Path], store: str | Path = DEFAULT_STORE, graph: str | None = None) -> int:
    """Add Turtle/N-Triples/N-Quads/TriG/JSON-LD/RDF-XML files to a store in one all-or-nothing step.

    The store is created when missing; returns the number of quads added.
    """
    return kgstore.load_files(paths, store, graph)


def export(fmt: str, store: str | Path = DEFAULT_STORE, out: str | Path | None = None) -> bytes:
    """Serialise the store as turtle|ntriples|trig|jsonld|graphml|gexf, to *out* when given; returns the bytes."""
    from kg import analysis  # GraphML/GEXF are networkx's formats, not RDF

    if fmt in analysis.EXPORT_FORMATS:
        return analysis.export(store, fmt, out)
    return kgstore.export(store, fmt, out)


def default_view_path(store: str | Path, label: str) -> Path:
    """Where `kg view` writes when no --out is given: view-<name>.html beside the store."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in label.lower()).split()) or "entity"
    return kgstore.resolve_store(store).parent / f"view-{slug}.html"


def validate(store: str | Path = DEFAULT_STORE) -> "Report":
    """SHACL-validate the store's graph against ontology/shapes.ttl."""
    from kg.validate import validate_store

    return validate_store(store)
