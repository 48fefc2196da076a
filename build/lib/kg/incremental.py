"""Updating the store of a previous build in place, instead of rebuilding it.

Every article's evidence is in its own named graph and everything shared is in the default graph
(:mod:`kg.rdf`), so the difference between the store and a new build is exactly the graphs of the
articles that were added, changed or removed, plus the direct triples, entities and predicate
declarations that came or went with them. That difference is computed against what the store holds
(not against a manifest, so a store left behind by an interrupted build is repaired too) and applied as
one SPARQL update, which Oxigraph runs as a single transaction, on a checkpoint of the store that
:func:`kg.store.rebuild` swaps in when done: readers see the old store or the new, never half of it.
When most of a large store would change, it is cleared and bulk-loaded instead, which is faster.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg import store as kgstore
from kg.errors import KgError

# rewrite the whole store when this share of its quads, and this many, would change
REBUILD_FRACTION = 0.5
REBUILD_MIN_QUADS = 100_000


@dataclass(frozen=True)
class StoreUpdate:
    """How a build changed the store: quads added and removed, or a full rebuild."""

    added: int
    removed: int
    rebuilt: bool

    def __str__(self) -> str:
        if self.rebuilt:
            return f"store rebuilt ({self.added} quads)"
        return f"store updated (+{self.added} −{self.removed} quads)"


def dataset_quads(ds: Dataset) -> set[ox.Quad]:
    """The quads of an rdflib dataset as pyoxigraph terms (via N-Quads, so both sides compare equal)."""
    try:
        data = ds.serialize(format="nquads", encoding="utf-8")
        return set(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    except Exception as err:  # rdflib raises bare Exception on bad IRIs; pyoxigraph a SyntaxError
        raise KgError(f"could not load the graph into the store: {err}") from err


def _data_block(quads: list[ox.Quad]) -> str:
    """SPARQL DATA block text: default-graph triples, then one GRAPH block per named graph."""
    by_graph: dict[object, list[str]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for graph, lines in by_graph.items():
        body = "\n".join(sorted(lines))
        parts.append(body if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{\n{body}\n}}")
    return "\n".join(parts)


def update_sparql(removed: list[ox.Quad], added: list[ox.Quad]) -> str:
    """One SPARQL 1.1 update request that turns the old quads into the new."""
    ops = []
    if removed:
        ops.append(f"DELETE DATA {{\n{_data_block(removed)}\n}}")
    if added:
        ops.append(f"INSERT DATA {{\n{_data_block(added)}\n}}")
    return " ;\n".join(ops)


def update_store(ds: Dataset, out_dir: str | Path) -> StoreUpdate:
    """Make OUT_DIR/store hold exactly *ds*, changing only what differs.

    The change goes through :func:`kg.store.rebuild` with ``keep_existing``: under the store's writer
    lock, onto a checkpoint of the current store (hard links, not a rewrite), swapped in when complete;
    the difference itself is one SPARQL update, so a failure leaves nothing half-applied either way.
    """
    target = Path(out_dir) / kgstore.STORE_NAME
    if not (target / "CURRENT").exists():
        kgstore.write_store(ds, out_dir)
        return StoreUpdate(sum(1 for _ in ds.quads((None, None, None, None))), 0, True)
    new = dataset_quads(ds)
    counts: dict[str, int] = {}

    def fill(store: ox.Store) -> None:
        old = set(store.quads_for_pattern(None, None, None, None))
        removed, added = old - new, new - old
        counts.update(added=len(added), removed=len(removed), old=len(old))
        if len(removed) + len(added) > max(REBUILD_MIN_QUADS, REBUILD_FRACTION * len(old)):
            store.clear()
            store.bulk_extend(sorted(new, key=str))
            counts["rebuilt"] = 1
        elif removed or added:
            store.update(update_sparql(sorted(removed, key=str), sorted(added, key=str)))

    kgstore.rebuild(target, fill, keep_existing=True)
    if counts.get("rebuilt"):
        return StoreUpdate(len(new), counts["old"], True)
    return StoreUpdate(counts["added"], counts["removed"], False)
