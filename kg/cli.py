"""The ``kg`` command: build, query, export.

Expected failures (missing input, SPARQL syntax, no store) print one line on stderr and exit non-zero
without a traceback; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from kg import api
from kg.errors import EXIT_SKIPPED, KgError, MissingInputError, NoArticlesError
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


def fail(err: KgError) -> NoReturn:
    """Report an expected error as text on stderr and exit with its code."""
    if isinstance(err, NoArticlesError):
        report(err.notices)
    typer.echo(f"kg: error: {err}", err=True)
    raise typer.Exit(err.exit_code)


def report(notices: list[Skipped | Repaired]) -> None:
    """One stderr line per skipped or repaired file: 'kg: skipped PATH: reason'."""
    for n in notices:
        action = "skipped" if isinstance(n, Skipped) else "repaired"
        typer.echo(f"kg: {action} {n.path}: {n.reason}", err=True)


def read_query(text: str) -> str:
    """QUERY is SPARQL text, or the path of a file holding it (``.rq``/``.sparql`` or any existing file)."""
    path = Path(text)
    if "\n" not in text and len(text) < 4096:
        if path.suffix in {".rq", ".sparql"} and not path.exists():
            raise MissingInputError(text)
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return text


BUILD_HELP = (
    "Extract a graph from articles and write graph.ttl, graph.html and store/ to OUT.\n\n"
    "Files that hold no usable article (empty, binary, not in the model's language) are skipped; files "
    "that needed repair (bad bytes, control characters, over 100,000 characters of text) are used. Each "
    "gets one line on stderr. Outputs are replaced, all together, only when the build succeeds.\n\n"
    "Exit codes: 0 built from every input; 1 error; 2 an input is missing or unreadable, or no file holds "
    "an article (nothing written); 3 built, but some files were skipped; 4 another build is writing to OUT "
    "(see --wait)."
)


@app.command(help=BUILD_HELP)
def build(
    paths: Annotated[list[Path], typer.Argument(help="Article files or directories.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path(api.DEFAULT_OUT),
    model: Annotated[str | None, typer.Option("--model", "-m", help="spaCy model name.")] = None,
    wait: Annotated[bool, typer.Option("--wait", help="If another build is writing to OUT, wait for it "
                                       "instead of exiting with code 4.")] = False,
) -> None:
    """Extract a graph from articles and write graph.ttl, graph.html and store/ to OUT."""
    def waiting(message: str) -> None:
        typer.echo(f"kg: {message}", err=True)

    try:
        result = api.build_with_summary(paths, out=out, model=model, progress=True, wait=wait, on_wait=waiting)
    except KgError as err:
        fail(err)
    report([*result.repaired, *result.skipped])
    typer.echo(str(result.summary))
    if result.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(metavar="QUERY", help="SPARQL text, or a path to a .rq file.")],
    store: Annotated[Path, typer.Option("--store", "-s", help="Store directory.")] = Path(api.DEFAULT_STORE),
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="Result format.")] = ResultFormat.table,
) -> None:
    """Run a SPARQL query (prefixes rdf rdfs owl xsd skos prov dcterms kg kgr kgo kga are predeclared)."""
    try:
        text = api.query(read_query(sparql), store=store, fmt=fmt.value)
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
        views.render_html(ego, target, focus=center)
    except KgError as err:
        fail(err)
    typer.echo(f"{len(ego.nodes)} entities, {len(ego.edges)} relations within {hops} of "
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


if __name__ == "__main__":
    app()
