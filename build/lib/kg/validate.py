"""SHACL validation of a built graph against ontology/shapes.ttl (pyshacl).

The shapes read class and property definitions from ontology/kg.ttl, which pyshacl mixes into the
data graph as the ontology graph, so subclass, domain and range checks need no RDFS inference pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, Namespace
from rdflib.term import Node

from kg.ontology import ONTOLOGY_DIR, PREFIXES
from kg.store import compact

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"


@dataclass(frozen=True)
class Violation:
    """One SHACL result, in terms a reader of the graph recognises."""

    focus: str
    path: str
    value: str
    message: str
    severity: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        return f"{self.severity}: {self.focus}{where}{value}: {self.message}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: list[Violation]
    text: str  # pyshacl's own report, for --verbose

    def __str__(self) -> str:
        if self.conforms:
            return "conforms: the graph satisfies every shape in ontology/shapes.ttl"
        lines = [str(v) for v in self.violations]
        return "\n".join([*lines, f"{len(lines)} violation(s) of ontology/shapes.ttl"])


def _show(node: Node | None) -> str:
    if node is None:
        return ""
    text = compact(str(node)) if not hasattr(node, "language") else repr(str(node))
    return text if len(text) <= 120 else text[:117] + "..."


def _compact_iris(text: str) -> str:
    """Full IRIs that pyshacl puts into messages, written with kg's prefixes."""
    for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        text = text.replace(iri, f"{prefix}:")
    return text


def validate_graph(data: Graph, shapes: Path = SHAPES_FILE, ontology: Path = ONTOLOGY_FILE) -> Report:
    """Validate *data* (the union of a build's graphs) against the shapes."""
    from pyshacl import validate  # slow to import; only validation needs it

    shapes_graph = Graph().parse(shapes, format="turtle")
    ont_graph = Graph().parse(ontology, format="turtle")
    conforms, results, text = validate(data, shacl_graph=shapes_graph, ont_graph=ont_graph, inference="none",
                                       advanced=True, allow_warnings=True)
    violations = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        violations.append(Violation(
            focus=_show(results.value(r, SH.focusNode)),
            path=_show(results.value(r, SH.resultPath)),
            value=_show(results.value(r, SH.value)),
            message=_compact_iris(str(results.value(r, SH.resultMessage) or "constraint violated")),
            severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1].lower(),
        ))
    violations.sort(key=lambda v: (v.focus, v.path, v.message, v.value))
    return Report(bool(conforms), violations, str(text))


def validate_store(store_dir: str | Path) -> Report:
    """Validate the graph held in a kg store (every named graph, as one union)."""
    from kg.rdf import union_graph
    from kg.store import load_dataset

    return validate_graph(union_graph(load_dataset(store_dir)))
