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


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Article files or directories.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path(api.DEFAULT_OUT),
    model: Annotated[str | None, typer.Option("--model", "-m", help="spaCy model name.")] = None,
    wait: Annotated[bool, typer.Option("--wait", help="If another build is writing to OUT, wait for it "
                                       "instead of exiting with code 4.")] = False,
) -> None:
    """Extract a graph from articles and write graph.ttl, graph.html and store/ to OUT.

    Files that hold no usable article (empty, binary, not in the model's language) are skipped and
    files that needed repair (bad bytes, control characters, over 200,000 characters) are used; each
    gets one line on stderr. Outputs are replaced only when the build succeeds.

    Exit codes: 0 built from every input; 1 error; 2 an input is missing or unreadable, or no file
    holds an article (nothing written); 3 built, but some files were skipped; 4 another build is
    writing to OUT (see --wait).
    """
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
    """Export the store as Turtle, N-Triples, TriG or JSON-LD."""
    try:
        data = api.export(fmt.value, store=store, out=out)
    except KgError as err:
        fail(err)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    app()
