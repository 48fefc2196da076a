"""The Python API: build a graph from articles, query it, export it. The CLI is a thin layer over this."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, overload

from rdflib import Dataset

from kg import fsutil, ingest
from kg import store as kgstore
from kg.errors import BuildLockedError, InputError, KgError, NoArticlesError, OutputError
from kg.incremental import StoreUpdate, update_store
from kg.model import Extraction
from kg.rdf import to_dataset, turtle_bytes
from kg.views import render_html

if TYPE_CHECKING:
    from kg.validate import Report

DEFAULT_OUT = "output"
DEFAULT_STORE = "output/store"
LOCK_NAME = ingest.LOCK_NAME  # in OUT: held for the whole build, so two builds never write one folder
OUTPUT_FILES = ingest.OUTPUT_FILES
ALIASES_NAME = ingest.ALIASES_NAME  # the identity corrections in force for builds into OUT


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
    skipped: list[ingest.Skipped] = field(default_factory=list)  # files and records left out, with the reason
    repaired: list[ingest.Repaired] = field(default_factory=list)  # files used after a repair
    store_update: StoreUpdate | None = None  # what the build changed in the store
    stats: object | None = None  # kg.pipeline.BuildStats: what was parsed and what reused


def check_inputs(paths: Sequence[str | Path], skipped: list[ingest.Skipped] | None = None,
                 out: str | Path | None = None) -> list[Path]:
    """The article files under *paths*, checked before any model loads.

    Fails fast with an :class:`~kg.errors.InputError` (exit code 2) naming the first path that does
    not exist, folder without article files, or file that cannot be read. The build's outputs in OUT
    are never inputs; links in a folder that are not followed are listed in *skipped*.
    """
    files = ingest.discover(paths, skipped, out)
    ingest.check_readable(files)
    return files


@contextmanager
def writing(path: str | Path) -> Iterator[None]:
    """Report a failure to write *path* (no permission, a file where a folder should be, a name too
    long) as an :class:`~kg.errors.OutputError` naming it."""
    try:
        yield
    except OSError as e:
        raise OutputError(f"{path}: cannot write here ({e.strerror or e})") from None


def output_folder(out: str | Path) -> Path:
    """OUT, created when missing; an :class:`~kg.errors.OutputError` when it cannot be a writable folder."""
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: the output folder is an existing file, not a folder")
    with writing(out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
        fsutil.discard([fsutil.stage_path(out_dir / LOCK_NAME)])  # can a file be created in it?
    return out_dir


@contextmanager
def build_lock(out: str | Path, wait: bool = False, on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold OUT/.kg.lock: refuse at once (:class:`BuildLockedError`) or, with *wait*, block until free.

    The lock is an OS file lock (``filelock``), so a killed build releases it with its process.
    """
    from filelock import FileLock, Timeout

    out_dir = output_folder(out)
    path = out_dir / LOCK_NAME
    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if not wait:
            raise BuildLockedError(f"{out_dir}: another kg build is writing to this folder "
                                   f"(lock {path}); let it finish, or pass --wait to queue behind it") from None
        if on_wait is not None:
            on_wait(f"waiting for another kg build to finish writing to {out_dir} (lock {path}) ...")
        lock.acquire()
    try:
        yield path
    finally:
        lock.release()


def write_outputs(ex: Extraction, out: str | Path = DEFAULT_OUT) -> BuildResult:
    """Write OUT/graph.ttl, OUT/graph.html and OUT/store/ for an extraction, all or nothing.

    Everything slow happens first into temp files and a temp store; then the store is swapped in and
    the two files renamed straight after it, so a kill at any point leaves the previous outputs (or,
    once the swap is done, the new ones) complete and usable.
    """
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    fsutil.remove_stale(out_dir, OUTPUT_FILES)  # temps of a build killed earlier
    ds = to_dataset(ex)
    staged: list[tuple[Path, Path]] = []
    try:
        staged.append((fsutil.stage_bytes(out_dir / "graph.ttl", turtle_bytes(ds)), out_dir / "graph.ttl"))
        html = fsutil.stage_path(out_dir / "graph.html")
        staged.append((html, out_dir / "graph.html"))
        render_html(ex, html)
        change = update_store(ds, out_dir)  # only what changed since the previous build (kg/incremental.py)
        fsutil.commit(staged)
    except BaseException:
        fsutil.discard(tmp for tmp, _ in staged)
        raise
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
    wait: bool = False, on_wait: Callable[[str], None] | None = None, relation_model: bool = False,
    workers: int | None = None, dask: object | None = None, rebuild: bool = False,
    patterns: Sequence[str | Path] = (), properties: Sequence[str | Path] = (),
    aliases: str | Path | None = None,
) -> BuildResult:
    """Extract from *paths* and write every output; returns the dataset, extraction, counts and the
    files skipped or repaired on the way.

    Raises :class:`~kg.errors.InputError` before anything is written when an input is missing or
    unreadable, or when no file holds a usable article; :class:`~kg.errors.BuildLockedError` when
    another build holds OUT (unless *wait*). ``relation_model`` adds the trained CoNLL04 relation
    classifier behind the rules.

    A build reuses what OUT/.kg-cache holds from earlier builds (only new or changed articles are
    parsed, the store is updated in place) unless *rebuild*; *workers* parse in parallel (default: all
    cores, when there is enough new text to pay for starting them); *dask* is a Dask scheduler address,
    ``"local"`` or a ``distributed.Client``.

    *aliases* is a file of identity corrections (``X = Y``, ``X != Y``, ``X : Type``, see
    :func:`kg.identity.parse_aliases`); it is kept as OUT/aliases.txt and applies to later builds into
    OUT until another file is given.

    *patterns* are users' pattern files (JSONL, docs/patterns.md) run beside kg's own; *properties* are
    users' properties tables (the columns of ontology/properties.tsv) adding predicates. A bad file
    raises :class:`~kg.errors.KgError` naming file, line and problem before anything is read or written.
    """
    skipped: list[ingest.Skipped] = []
    files = check_inputs(paths, skipped, out)
    kgstore.check_replaceable(Path(out) / kgstore.STORE_NAME)  # never someone else's folder; before any work
    from kg.ontology import user_properties

    with user_properties(properties):
        return _build(files, skipped, paths, out, model, progress, wait, on_wait, relation_model, workers, dask,
                      rebuild, patterns, aliases)


def _build(files: list[Path], skipped: list[ingest.Skipped], paths: Sequence[str | Path], out: str | Path,
           model: str | None, progress: bool, wait: bool, on_wait: Callable[[str], None] | None,
           relation_model: bool, workers: int | None, dask: object | None, rebuild: bool,
           patterns: Sequence[str | Path], aliases: str | Path | None = None) -> BuildResult:
    from kg import identity
    from kg.matching import known_predicate
    from kg.rules import read_patterns

    user_rules = [r for p in patterns for r in read_patterns(p, known_predicate)]
    from kg.cache import CACHE_NAME
    from kg.nlp import ModelError
    from kg.pipeline import BuildStats, extract  # spaCy loads only when a build actually runs

    repaired: list[ingest.Repaired] = []
    stats = BuildStats()
    kept = Path(out) / ALIASES_NAME
    alias_text = _read_text(aliases) if aliases is not None else _read_text(kept) if kept.is_file() else ""
    rules = identity.parse_aliases(alias_text, str(aliases or kept))
    with build_lock(out, wait, on_wait):
        cache = Path(out) / CACHE_NAME
        if rebuild:
            import shutil

            shutil.rmtree(cache, ignore_errors=True)
        try:
            ex = extract(files, model=model, progress=progress, skipped=skipped, repaired=repaired,
                         relation_model=relation_model, workers=workers, cache_dir=cache, dask=dask,
                         stats=stats, patterns=user_rules, aliases=rules)
        except ModelError as err:
            raise KgError(str(err)) from None
        if not ex.articles:
            names = ", ".join(map(str, paths))
            raise NoArticlesError(f"no usable article in {names}; nothing written", [*repaired, *skipped])
        result = write_outputs(ex, out)
        if aliases is not None:
            fsutil.commit([(fsutil.stage_bytes(kept, alias_text.encode("utf-8")), kept)])
    return replace(result, skipped=skipped, repaired=repaired, stats=stats)


def _read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read the aliases file ({err.__class__.__name__})") from None


def build(
    paths: Sequence[str | Path], out: str | Path = DEFAULT_OUT, model: str | None = None, progress: bool = True,
    workers: int | None = None, dask: object | None = None, rebuild: bool = False,
    patterns: Sequence[str | Path] = (), properties: Sequence[str | Path] = (),
) -> Dataset:
    """Build the knowledge graph for *paths* into OUT and return it as an RDF dataset.

    Files with no usable article are skipped; :func:`build_with_summary` says which and why.
    """
    return build_with_summary(paths, out, model, progress, workers=workers, dask=dask, rebuild=rebuild,
                              patterns=patterns, properties=properties).dataset


@overload
def query(sparql: str, store: str | Path = DEFAULT_STORE, fmt: None = None, timeout: float | None = None,
          allow_service: Sequence[str] = (), memory_mb: int | None = None) -> kgstore.QueryResult: ...
@overload
def query(sparql: str, store: str | Path = DEFAULT_STORE, fmt: str = ..., timeout: float | None = None,
          allow_service: Sequence[str] = (), memory_mb: int | None = None) -> str: ...


def query(sparql: str, store: str | Path = DEFAULT_STORE, fmt: str | None = None, timeout: float | None = None,
          allow_service: Sequence[str] = (), memory_mb: int | None = None) -> kgstore.QueryResult | str:
    """Run SPARQL (kg prefixes predeclared); a formatted string when *fmt* is table|csv|tsv|json.

    With *timeout* (seconds) or *memory_mb* (MiB) the query runs in a child process that is stopped at
    the deadline (:class:`kg.errors.QueryTimeoutError`) or when it needs more memory
    (:class:`kg.guard.MemoryCapError`). SERVICE is refused unless its host is in *allow_service*.
    """
    result = kgstore.query(store, sparql, timeout=timeout, allow_service=allow_service, memory_mb=memory_mb)
    return result if fmt is None else kgstore.format_result(result, fmt)


def load(paths: Sequence[str | Path], store: str | Path = DEFAULT_STORE, graph: str | None = None,
         memory_mb: int | None = None) -> int:
    """Add Turtle/N-Triples/N-Quads/TriG/JSON-LD/RDF-XML files to a store in one all-or-nothing step.

    The store is created when missing; returns the number of quads added. With *memory_mb* the load
    runs in a child process capped at that many MiB.
    """
    return kgstore.load_files(paths, store, graph, memory_mb)


def export(fmt: str, store: str | Path = DEFAULT_STORE, out: str | Path | None = None) -> bytes:
    """Serialise the store as turtle|ntriples|trig|jsonld|graphml|gexf, to *out* when given; returns the bytes."""
    from kg import analysis  # GraphML/GEXF are networkx's formats, not RDF

    data = analysis.export(store, fmt) if fmt in analysis.EXPORT_FORMATS else kgstore.export(store, fmt)
    if out is not None:
        with writing(out):
            fsutil.atomic_write_bytes(out, data)
    return data


VIEW_SLUG_BYTES = 120  # file names stay well under the 255 bytes file systems allow, whatever the label


def identities(store: str | Path = DEFAULT_STORE, limit: int | None = None) -> str:
    """The identity decisions held in a store, for review (:func:`kg.identity.review`): merges of
    names that are no plain variant of one another and look-alike names kept apart, ranked and cut
    at ``limit`` per list (default :data:`kg.identity.REVIEW_LIMIT`; 0 lists everything)."""
    from kg import identity
    from kg.rdf import entity_iri

    base = str(entity_iri("x"))[:-1]
    rows = query(f"""SELECT ?e ?label ?type ?alt WHERE {{
        ?e a ?type ; rdfs:label ?label . FILTER(STRSTARTS(STR(?e), "{base}"))
        OPTIONAL {{ ?e skos:altLabel ?alt }} }}""", store=store).rows
    degree = query(f"""SELECT ?e (COUNT(*) AS ?n) WHERE {{
        {{ ?e ?p ?o }} UNION {{ ?s ?p ?e }} FILTER(STRSTARTS(STR(?e), "{base}")) }} GROUP BY ?e""", store=store).rows
    weight = {e.value: int(n.value) for e, n in degree}
    nodes: dict[str, tuple[str, str, set[str]]] = {}
    for e, label, etype, alt in rows:
        entry = nodes.setdefault(e.value, (label.value, etype.value.rsplit("#", 1)[-1], set()))
        if alt is not None:
            entry[2].add(alt.value)
    cut = identity.REVIEW_LIMIT if limit is None else limit or None
    return identity.review([identity.Node(e.rsplit("/", 1)[-1], label, etype, tuple(sorted(alts)), weight.get(e, 0))
                            for e, (label, etype, alts) in nodes.items()], cut)


def default_view_path(store: str | Path, label: str) -> Path:
    """Where `kg view` writes when no --out is given: view-<name>.html beside the store.

    A long label is cut and given a hash of the whole label, so different long names stay apart.
    """
    slug = "-".join("".join(c if c.isalnum() else " " for c in label.lower()).split()) or "entity"
    if len(slug.encode("utf-8")) > VIEW_SLUG_BYTES:
        cut = slug.encode("utf-8")[:VIEW_SLUG_BYTES].decode("utf-8", "ignore").rstrip("-")
        slug = f"{cut}-{hashlib.sha1(slug.encode('utf-8')).hexdigest()[:8]}"
    return kgstore.resolve_store(store).parent / f"view-{slug}.html"


def validate(store: str | Path = DEFAULT_STORE) -> "Report":
    """SHACL-validate the store's graph against ontology/shapes.ttl."""
    from kg.validate import validate_store

    return validate_store(store)
