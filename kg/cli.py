"""The ``kg`` command: build, query, export.

Expected failures (missing input, SPARQL syntax, no store) print one line on stderr and exit non-zero
without a traceback. Anything else is a bug; :func:`main`, the console script, still reports it as one
line (the traceback with ``KG_TRACEBACK=1``). Every line kg prints about a file or name goes through
:func:`kg.errors.printable`, so a file name cannot forge a line or drive the terminal.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from kg import api
from kg.errors import (EXIT_ERROR, EXIT_INPUT, EXIT_SKIPPED, InputError, KgError, MissingInputError,
                       NoArticlesError, printable, quoted)
from kg.guard import DEFAULT_LOAD_MEMORY_MB, DEFAULT_MEMORY_MB
from kg.ingest import Repaired, Skipped

app = typer.Typer(
    name="kg",
    help="Knowledge graphs from news articles: extract, store as RDF, query with SPARQL, view as HTML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


class ExportFormat(str, Enum):
    turtle = "turtle"
    ntriples = "ntriples"
    trig = "trig"
    jsonld = "jsonld"
    graphml = "graphml"
    gexf = "gexf"


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


def say(line: str, err: bool = False) -> None:
    """Print one line, with anything that could break it or drive the terminal escaped."""
    typer.echo(printable(line), err=err)


def fail(err: KgError) -> NoReturn:
    """Report an expected error as text on stderr and exit with its code."""
    if isinstance(err, NoArticlesError):
        report(err.notices)
    say(f"kg: error: {err}", err=True)
    raise typer.Exit(err.exit_code)


def report(notices: list[Skipped | Repaired]) -> None:
    """One stderr line per skipped or repaired file: 'kg: skipped PATH: reason'."""
    for n in notices:
        action = "skipped" if isinstance(n, Skipped) else "repaired"
        say(f"kg: {action} {n.path}: {n.reason}", err=True)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL: text, not a path
        return False


def read_query(text: str) -> str:
    """QUERY is SPARQL text, or the path of a file holding it (``.rq``/``.sparql`` or any existing file)."""
    path = Path(text)
    if "\n" in text or not _is_file(path):
        if path.suffix in {".rq", ".sparql"} and "\n" not in text:
            raise MissingInputError(text)
        return text
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a SPARQL query (not UTF-8 text)") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None


ALLOW_SERVICE_HELP = ("Let SPARQL SERVICE and LOAD reach HOST (or HOST:PORT); repeatable. Without it kg sends no "
                      "request to any other host.")
MEMORY_HELP = "Stop the work when it needs more than MB MiB of memory (0: no cap; exit 1)."


BUILD_HELP = (
    "Extract a graph from articles and write graph.ttl, graph.html and store/ to OUT.\n\n"
    "Inputs: .txt/.md/.html files, .jsonl/.csv corpora with one article per record, folders. Building "
    "into an OUT built before parses only new or changed articles and updates the store in place "
    "(--rebuild: start clean); --workers N parses in N processes, --dask ADDRESS|local on a Dask cluster.\n\n"
    "Files that hold no usable article (empty, binary, not in the model's language) are skipped; files "
    "that needed repair (bad bytes, control characters, over 100,000 characters of text) are used. Each "
    "gets one line on stderr. Outputs are replaced, all together, only when the build succeeds.\n\n"
    "Exit codes: 0 built from every input; 1 error; 2 an input is missing or unreadable, OUT cannot be "
    "written, or no file holds an article (nothing written); 4 another build is writing to OUT (see --wait); "
    "5 built, but some files were skipped."
)


@app.command(help=BUILD_HELP)
def build(
    paths: Annotated[list[Path], typer.Argument(help="Article files or directories.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path(api.DEFAULT_OUT),
    model: Annotated[str | None, typer.Option("--model", "-m", help="spaCy model name.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, show_default="all cores",
                                                help="Parse in this many processes.")] = None,
    dask: Annotated[str | None, typer.Option("--dask", metavar="ADDRESS",
                                             help="Parse on a Dask cluster (scheduler address, or 'local').")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Ignore what earlier builds into OUT cached.")] = False,
    wait: Annotated[bool, typer.Option("--wait", help="If another build is writing to OUT, wait for it "
                                       "instead of exiting with code 4.")] = False,
    relation_model: Annotated[bool, typer.Option(
        "--relation-model/--no-relation-model",
        help="Add facts from the trained CoNLL04 relation classifier behind the rules.")] = False,
    aliases: Annotated[Path | None, typer.Option(
        "--aliases", metavar="FILE", help="Identity corrections, one a line: 'X = Y' (one entity), 'X != Y' "
        "(two), 'X : Type'. Kept as OUT/aliases.txt for later builds into OUT.")] = None,
    patterns: Annotated[list[Path] | None, typer.Option(
        "--patterns", metavar="FILE.jsonl",
        help="Your own relation patterns (JSONL, one rule a line; see docs/patterns.md). Repeatable.")] = None,
    properties: Annotated[list[Path] | None, typer.Option(
        "--properties", metavar="FILE.tsv",
        help="Your own predicates: a table with the columns of ontology/properties.tsv. Repeatable.")] = None,
) -> None:
    """Extract a graph from articles and write graph.ttl, graph.html and store/ to OUT."""
    def waiting(message: str) -> None:
        say(f"kg: {message}", err=True)

    try:
        result = api.build_with_summary(paths, out=out, model=model, progress=True, wait=wait, on_wait=waiting,
                                        relation_model=relation_model, workers=workers, dask=dask, rebuild=rebuild,
                                        patterns=patterns or (), properties=properties or (), aliases=aliases)
    except KgError as err:
        fail(err)
    report([*result.repaired, *result.skipped])
    stats = result.stats
    if stats is not None and stats.reused_parses:
        typer.echo(f"kg: reused {stats.reused_parses} parses and {stats.relations_reused} articles' relations; "
                   f"parsed {stats.parsed}; {result.store_update}", err=True)
    say(str(result.summary))
    if result.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(metavar="QUERY", help="SPARQL text, or a path to a .rq file.")],
    store: Annotated[Path, typer.Option("--store", "-s", help="Store directory.")] = Path(api.DEFAULT_STORE),
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="Result format.")] = ResultFormat.table,
    timeout: Annotated[float, typer.Option("--timeout", "-t", min=0,
                                           help="Stop the query after SECONDS (0: no limit; exit 3).")] = 30.0,
    allow_service: Annotated[list[str] | None, typer.Option(
        "--allow-service", metavar="HOST", help=ALLOW_SERVICE_HELP, show_default=False)] = None,
    memory: Annotated[int, typer.Option("--memory", min=0, metavar="MB", help=MEMORY_HELP)] = DEFAULT_MEMORY_MB,
) -> None:
    """Run a SPARQL query (prefixes rdf rdfs owl xsd skos prov dcterms kg kgr kgo kga are predeclared)."""
    try:
        text = api.query(read_query(sparql), store=store, fmt=fmt.value, timeout=timeout or None,
                         allow_service=allow_service or (), memory_mb=memory or None)
    except KgError as err:
        fail(err)
    typer.echo(text.rstrip("\n"))


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Serialisation.", show_default=False)],
    store: Annotated[Path, typer.Option("--store", "-s", help="Store directory.")] = Path(api.DEFAULT_STORE),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
) -> None:
    """Export the store as Turtle, N-Triples, TriG or JSON-LD, or as GraphML or GEXF for Gephi/Cytoscape."""
    try:
        data = api.export(fmt.value, store=store, out=out)
    except KgError as err:
        fail(err)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


@app.command()
def view(
    entity: Annotated[str, typer.Argument(help="Entity name (label or alternative label, any case).")],
    hops: Annotated[int, typer.Option("--hops", "-n", min=0, help="Relations away from ENTITY to include.")] = 1,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="HTML file (default: view-NAME.html beside the store).",
                                             show_default=False)] = None,
    store: Annotated[Path, typer.Option("--store", "-s", help="Store directory.")] = Path(api.DEFAULT_STORE),
) -> None:
    """Write an HTML view of the entities within HOPS relations of ENTITY."""
    from kg import analysis, views

    try:
        vg = analysis.from_store(store)
        center = analysis.find_entity(analysis.to_networkx(vg), entity)
        ego = analysis.ego_view(vg, center, hops)
        target = out or api.default_view_path(store, vg.nodes[center].label)
        with api.writing(target):
            views.render_html(ego, target, focus=center)
    except KgError as err:
        fail(err)
    say(f"{len(ego.nodes)} entities, {len(ego.edges)} relations within {hops} of "
               f"{vg.nodes[center].label} → {target}")


@app.command()
def stats(
    store: Annotated[Path, typer.Option("--store", "-s", help="Store directory.")] = Path(api.DEFAULT_STORE),
    fmt: Annotated[StatsFormat, typer.Option("--format", "-f", help="Output format.")] = StatsFormat.table,
    top: Annotated[int, typer.Option("--top", min=1, help="Entities listed per centrality measure.")] = 10,
) -> None:
    """Counts by type and predicate, the most central entities, and communities (Louvain)."""
    from kg import analysis

    try:
        text = analysis.format_stats(analysis.stats(analysis.load(store), top=top), fmt.value)
    except KgError as err:
        fail(err)
    typer.echo(text)


@app.command()
def path(
    a: Annotated[str, typer.Argument(metavar="A", help="First entity name.")],
    b: Annotated[str, typer.Argument(metavar="B", help="Second entity name.")],
    store: Annotated[Path, typer.Option("--store", "-s", help="Store directory.")] = Path(api.DEFAULT_STORE),
) -> None:
    """The shortest chains of facts linking A and B, with the sentence stating each fact."""
    from kg import analysis

    try:
        text = analysis.path_report(analysis.load(store), a, b)
    except KgError as err:
        fail(err)
    typer.echo(text)


@app.command()
def identities(
    store: Annotated[Path, typer.Option("--store", "-s", help="Store directory.")] = Path(api.DEFAULT_STORE),
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Lines per list.")] = 40,
    everything: Annotated[bool, typer.Option("--all", help="Every merge (plain variants too) and every pair.")] = False,
) -> None:
    """Identity decisions worth an analyst's review, two ranked lists of at most --limit lines each.

    merged: entities whose other names are no plain variant of their label (not a surname, initial,
    spelling or legal form of it: an acronym's expansion, 'known as' names, other-language names).

    apart: names kept on different nodes that may be one entity: one name on two nodes (same kind
    first, then different kinds: Jordan the country and a person), one surname whose given names
    agree (an initial, a nickname), names of one kind one letter apart. Left out as different
    entities by rule: people sharing only a surname, look-alike names of different kinds.

    Each list is ranked by that order, then by how much the graph says about the entities; a last
    line counts what was cut. Correct the decisions with `kg build --aliases FILE` ('X = Y', 'X != Y').
    """
    try:
        text = api.identities(store, 0 if everything else limit)
    except KgError as err:
        fail(err)
    typer.echo(text)


@app.command()
def validate(
    store: Annotated[Path, typer.Option("--store", "-s", help="Store directory.")] = Path(api.DEFAULT_STORE),
) -> None:
    """Check the graph against ontology/shapes.ttl (SHACL). Exit 0 when it conforms, 1 with violations."""
    try:
        report = api.validate(store)
    except KgError as err:
        fail(err)
    typer.echo(str(report))
    if not report.conforms:
        raise typer.Exit(1)


class BenchDataset(str, Enum):
    conll04 = "conll04"


class Extractor(str, Enum):
    rules = "rules"
    model = "model"
    both = "both"


@app.command()
def bench(
    dataset: Annotated[BenchDataset, typer.Argument(help="Benchmark (its file format and type mapping).")],
    file: Annotated[Path, typer.Argument(help="Benchmark file, e.g. conll04_dev.json.", show_default=False)],
    predictions: Annotated[Path | None, typer.Option("--predictions", "-p", help="Write predictions here.")] = None,
    extractor: Annotated[Extractor, typer.Option("--extractor", "-e", help="kg's rules, the trained model, or both.")]
    = Extractor.rules,
    model: Annotated[str | None, typer.Option("--model", "-m", help="spaCy model name.")] = None,
) -> None:
    """Score kg's relation extraction on a benchmark: strict P/R/F1 per relation type, micro, entities."""
    from kg import bench as kgbench

    try:
        scores, _ = kgbench.run(file, predictions, extractor=extractor.value, model=model)
    except KgError as err:
        fail(err)
    typer.echo(kgbench.format_scores(scores))

@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="Turtle (.ttl), N-Triples (.nt), N-Quads (.nq), TriG (.trig), "
                                                "JSON-LD (.jsonld/.json) or RDF/XML (.rdf/.owl) files.",
                                                show_default=False)],
    store: Annotated[Path, typer.Option("--store", "-s", help="Store directory (created if missing).")] = Path(
        api.DEFAULT_STORE),
    graph: Annotated[str | None, typer.Option("--graph", "-g", help="Named graph IRI for triple files "
                                              "(default: the default graph).")] = None,
    memory: Annotated[int, typer.Option("--memory", min=0, metavar="MB", help=MEMORY_HELP)] = DEFAULT_LOAD_MEMORY_MB,
) -> None:
    """Add RDF files to a store, all or nothing: a file that does not parse leaves the store unchanged.

    RDF/XML that nests entities ("billion laughs") or elements over 1,000 deep is refused (exit 1).
    """
    try:
        added = api.load(files, store=store, graph=graph, memory_mb=memory or None)
    except KgError as err:
        fail(err)
    say(f"{len(files)} file{'s' if len(files) != 1 else ''}, {added} new quads → {store}")


SERVE_HELP = (
    "Serve the store over the SPARQL 1.1 Protocol at /query, with a query editor at / and the HTML views.\n\n"
    "Safe by default: it listens on 127.0.0.1 only; answers only requests whose Host is one of its names "
    "and refuses requests a browser marks as coming from another site (Origin, Sec-Fetch-Site), so a web "
    "page cannot use it; SPARQL SERVICE and LOAD reach no other host unless --allow-service HOST; each "
    "query runs in a worker under --timeout and --memory (503 with the reason past either); only kg's own "
    "outputs (graph.html, graph.ttl, view-*.html) are served beside the store.\n\n"
    "--write allows SPARQL Update (POST /update) with a write token sent as 'Authorization: Bearer TOKEN': "
    "given with --token or the KG_SERVE_TOKEN environment variable, otherwise generated and printed at "
    "start. --host 0.0.0.0 exposes the endpoint to every machine that can reach this one (it says so)."
)


@app.command(help=SERVE_HELP)
def serve(
    store: Annotated[Path, typer.Option("--store", "-s", help="Store directory (or the build directory).")] = Path(
        api.DEFAULT_STORE),
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback unless told otherwise).")] = (
        "127.0.0.1"),
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="TCP port (0: any free port).")] = 7878,
    timeout: Annotated[float, typer.Option("--timeout", "-t", min=0.1, help="Query time-out in seconds.")] = 30.0,
    write: Annotated[bool, typer.Option("--write", help="Allow SPARQL Update with the write token (403 "
                                        "otherwise).")] = False,
    token: Annotated[str | None, typer.Option("--token", help="Write token (default: $KG_SERVE_TOKEN, else "
                                              "generated and printed).", show_default=False)] = None,
    max_request: Annotated[int, typer.Option("--max-request", min=1024,
                                             help="Largest query or request body in bytes (413 above).")] = 1 << 20,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Query worker processes.")] = 4,
    allow_service: Annotated[list[str] | None, typer.Option(
        "--allow-service", metavar="HOST", help=ALLOW_SERVICE_HELP, show_default=False)] = None,
    memory: Annotated[int, typer.Option("--memory", min=0, metavar="MB",
                                        help="Memory cap of each query worker in MiB (0: none).")] = DEFAULT_MEMORY_MB,
    server_name: Annotated[list[str] | None, typer.Option(
        "--server-name", metavar="NAME", help="Another host name clients use to reach the server (its Host "
        "header); repeatable.", show_default=False)] = None,
) -> None:
    from kg import serve as kgserve

    secret, generated = kgserve.write_token(token) if write else (None, False)
    try:
        kgserve.serve(store, host=host, port=port, timeout=timeout, write=write, max_request=max_request,
                      workers=workers, token=secret, allow_service=allow_service or (), memory_mb=memory or None,
                      names=server_name or (),
                      ready=lambda url: kgserve.announce(url, host, write, timeout, secret, generated, memory or None,
                                                         allow_service or ()))
    except KgError as err:
        fail(err)


class AuthScheme(str, Enum):
    basic = "basic"
    digest = "digest"


@app.command()
def push(
    endpoint: Annotated[str, typer.Option("--endpoint", "-e", help="Graph Store Protocol URL, e.g. "
                                          "http://host:3030/ds/data (Fuseki).", show_default=False)],
    graph: Annotated[str | None, typer.Option("--graph", "-g", help="Put the union of all graphs into this one "
                                              "named graph (default: default graph + one graph per article).")] = None,
    store: Annotated[Path, typer.Option("--store", "-s", help="Store directory.")] = Path(api.DEFAULT_STORE),
    add: Annotated[bool, typer.Option("--add", help="POST (add to) instead of PUT (replace) each graph.")] = False,
    dataset: Annotated[bool, typer.Option("--dataset", help="POST the whole store as N-Quads in one request "
                                          "(Oxigraph, Fuseki).")] = False,
    user: Annotated[str | None, typer.Option("--user", "-u", help="User name for the target store.")] = None,
    password_env: Annotated[str, typer.Option("--password-env", help="Environment variable holding the "
                                              "password.")] = "KG_PUSH_PASSWORD",
    auth: Annotated[AuthScheme, typer.Option("--auth", help="HTTP authentication scheme (Virtuoso: digest).")] = (
        AuthScheme.basic),
) -> None:
    """Send the graph to another triple store over the SPARQL 1.1 Graph Store HTTP Protocol."""
    import os

    from kg import push as kgpush
    from kg.errors import UsageError

    try:
        credentials = None
        if user is not None:
            password = os.environ.get(password_env)
            if password is None:
                raise UsageError(f"--user {user} needs the password in the environment variable {password_env}")
            credentials = kgpush.Auth(user, password, auth.value)
        summary = kgpush.push(endpoint, store, graph=graph, add=add, dataset=dataset, auth=credentials)
    except KgError as err:
        fail(err)
    typer.echo(str(summary))


def main() -> None:
    """The ``kg`` console script: :data:`app`, with an exception nobody foresaw still reported as one line.

    Expected failures are :class:`KgError` and handled in each command; what reaches here is a bug or a
    system failure, reported with the command and the exception (``KG_TRACEBACK=1`` re-raises it).
    """
    try:
        app(prog_name="kg")
    except Exception as err:
        if os.environ.get("KG_TRACEBACK"):
            raise
        command = sys.argv[1] if len(sys.argv) > 1 else ""
        if isinstance(err, OSError) and err.filename is not None:
            say(f"kg: error: {err.filename}: {err.strerror or err}", err=True)
            sys.exit(EXIT_INPUT)
        say(f"kg: error: kg {quoted(command, 40)[1:-1]} failed unexpectedly: {type(err).__name__}: "
            f"{quoted(str(err))[1:-1]} (please report it; KG_TRACEBACK=1 shows where)", err=True)
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
