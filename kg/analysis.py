"""Graph analysis with networkx: the store as a MultiDiGraph, its statistics, chains of facts, exports.

Everything starts from the SPARQL store (read through :func:`kg.store.open_store`) or from an rdflib
graph, turned into the same view model the HTML page draws (:class:`kg.views.ViewGraph`) and from there
into a networkx ``MultiDiGraph``: entities are nodes (label, type, names), each relation is an edge
(predicate, label, evidence). Centrality and communities ignore direction and parallel relations where
the measure is about connectedness rather than flow.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg import store as kgstore
from kg.errors import KgError, quoted
from kg.fsutil import atomic_write_bytes
from kg.views import Rows, ViewGraph, from_graph, from_sparql

TOP = 10
#: Louvain and sampled betweenness use this seed, so `kg stats` prints the same thing every run.
SEED = 42
#: Betweenness is exact up to this many entities, then estimated from this many sampled sources.
BETWEENNESS_SAMPLE = 500
MAX_CHAINS = 5
EXPORT_FORMATS = ("graphml", "gexf")


class EntityNotFoundError(KgError):
    """No entity has the name asked for: a usage error, like a missing file."""

    exit_code = 2

    def __init__(self, name: str) -> None:
        super().__init__(f"no entity named {quoted(name)} in the graph (names match labels and alternative labels)")
        self.name = name


class NoPathError(KgError):
    """Two entities exist but no chain of facts links them."""

    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"no chain of facts links {a} and {b}")


# --- reading -----------------------------------------------------------------------------------------


def from_store(store_dir: str | Path) -> ViewGraph:
    """The view model of the store, read with SPARQL."""
    store = kgstore.open_store(store_dir)

    def select(sparql: str) -> Rows:
        res = kgstore.run_query(store, sparql)
        return [[None if t is None else t.value for t in row] for row in res.rows]

    return from_sparql(select)


def to_networkx(vg: ViewGraph) -> nx.MultiDiGraph:
    """Entities as nodes, relations as keyed edges carrying predicate, label and evidence."""
    g = nx.MultiDiGraph()
    for n in vg.nodes.values():
        g.add_node(n.id, label=n.label, type=n.type, types=list(n.types or [n.type]), names=[n.label, *n.alt_labels])
    for i, e in enumerate(vg.edges):
        evidence = [{"sentence": ev.sentence, "article": ev.article, "date": ev.date} for ev in e.evidence]
        g.add_edge(e.source, e.target, key=i, predicate=e.predicate, label=e.label, evidence=evidence)
    return g


def load(source: str | Path | Graph) -> nx.MultiDiGraph:
    """A store directory (or build output directory) or an rdflib graph, as a MultiDiGraph."""
    return to_networkx(from_graph(source) if isinstance(source, Graph) else from_store(source))


# --- finding entities and neighbourhoods ---------------------------------------------------------------


def find_entity(g: nx.MultiDiGraph, name: str) -> str:
    """The node a person means by *name*: its label, else an alternative label, case-insensitive.

    Several entities can share a name; the best connected one is taken (then the first by id) so the
    answer is stable. The node id itself (IRI) or its last segment also match.
    """
    q = " ".join(name.split()).casefold()
    tiers: list[list[str]] = [[], [], []]
    for node, data in g.nodes(data=True):
        if str(data.get("label", "")).casefold() == q:
            tiers[0].append(node)
        elif any(str(n).casefold() == q for n in data.get("names", [])):
            tiers[1].append(node)
        elif str(node).casefold() == q or str(node).rsplit("/", 1)[-1].casefold() == q:
            tiers[2].append(node)
    for tier in tiers:
        if tier:
            return min(tier, key=lambda n: (-g.degree(n), n))
    raise EntityNotFoundError(name)


def ego_view(vg: ViewGraph, center: str, hops: int = 1) -> ViewGraph:
    """The entities within *hops* relations of *center* (either direction) and the relations among them."""
    g = nx.Graph()
    g.add_nodes_from(vg.nodes)
    g.add_edges_from((e.source, e.target) for e in vg.edges)
    return vg.subgraph(nx.single_source_shortest_path_length(g, center, cutoff=max(hops, 0)))


# --- statistics --------------------------------------------------------------------------------------


def _ranked(g: nx.MultiDiGraph, scores: dict[str, float], top: int) -> list[dict[str, object]]:
    best = sorted(scores.items(), key=lambda kv: (-kv[1], g.nodes[kv[0]]["label"], kv[0]))[:top]
    return [{"label": g.nodes[n]["label"], "type": g.nodes[n]["type"], "id": n,
             "value": round(float(v), 6) if isinstance(v, float) else v} for n, v in best]


def stats(g: nx.MultiDiGraph, top: int = TOP) -> dict[str, object]:
    """Counts, the most central entities and the communities, as plain data (JSON-ready)."""
    simple = nx.Graph(g)  # undirected, parallel relations merged: who is connected to whom
    simple.remove_edges_from(nx.selfloop_edges(simple))
    k = None if len(simple) <= BETWEENNESS_SAMPLE else BETWEENNESS_SAMPLE
    betweenness = nx.betweenness_centrality(simple, k=k, seed=SEED) if len(simple) else {}
    communities = nx.community.louvain_communities(simple, seed=SEED) if simple.number_of_edges() else []
    degree = dict(g.degree())
    groups = []
    for c in sorted(communities, key=lambda c: (-len(c), min(c))):
        if len(c) < 2:
            continue
        members = sorted(c, key=lambda n: (-degree[n], g.nodes[n]["label"]))
        groups.append({"size": len(c), "members": [g.nodes[n]["label"] for n in members]})
    return {
        "entities": g.number_of_nodes(),
        "relations": g.number_of_edges(),
        "evidence": sum(len(d.get("evidence", [])) for _, _, d in g.edges(data=True)),
        "components": nx.number_weakly_connected_components(g) if len(g) else 0,
        "types": dict(sorted(Counter(d["type"] for _, d in g.nodes(data=True)).items(),
                             key=lambda kv: (-kv[1], kv[0]))),
        "predicates": dict(sorted(Counter(d["label"] for _, _, d in g.edges(data=True)).items(),
                                  key=lambda kv: (-kv[1], kv[0]))),
        "central": {
            "degree": _ranked(g, {n: float(d) for n, d in degree.items()}, top),
            "pagerank": _ranked(g, nx.pagerank(g) if len(g) else {}, top),
            "betweenness": _ranked(g, betweenness, top),
        },
        "communities": groups,
    }


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return lines


def format_stats(s: dict[str, object], fmt: str = "table") -> str:
    """`kg stats` output: aligned plain-text sections, or JSON."""
    if fmt == "json":
        return json.dumps(s, indent=2, ensure_ascii=False)
    if fmt != "table":
        raise KgError(f"unknown stats format {fmt!r} (choose from table, json)")
    out = [f"{s['entities']} entities, {s['relations']} relations, {s['evidence']} evidence sentences, "
           f"{s['components']} connected components", ""]
    out += _table(["type", "entities"], [[t, str(n)] for t, n in s["types"].items()]) + [""]  # type: ignore[union-attr]
    out += _table(["predicate", "relations"], [[p, str(n)] for p, n in s["predicates"].items()]) + [""]  # type: ignore[union-attr]
    central = s["central"]
    for measure, title in (("degree", "degree (relations)"), ("pagerank", "PageRank"), ("betweenness", "betweenness")):
        rows = [[str(i), r["label"], r["type"], f"{r['value']:g}"]  # type: ignore[index]
                for i, r in enumerate(central[measure], 1)]  # type: ignore[index]
        out += [f"most central by {title}"] + _table(["#", "entity", "type", measure], rows) + [""]
    groups = s["communities"]
    out.append(f"communities (Louvain, seed {SEED}): {len(groups)} with 2 or more entities")  # type: ignore[arg-type]
    for i, grp in enumerate(groups, 1):  # type: ignore[arg-type]
        shown = ", ".join(grp["members"][:8]) + (", …" if grp["size"] > 8 else "")
        out.append(f"  {i:>2}. ({grp['size']}) {shown}")
    return "\n".join(out)


# --- chains of facts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One relation on a chain, oriented as stated in the text (source -> target)."""

    source: str
    target: str
    label: str
    evidence: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class Hop:
    """One step of a chain, from ``start`` to ``end``; each fact between them, whichever its direction."""

    start: str
    end: str
    facts: tuple[Fact, ...]


def shortest_chains(g: nx.MultiDiGraph, a: str, b: str, limit: int = MAX_CHAINS) -> list[list[Hop]]:
    """The shortest chains of facts from node *a* to node *b*, relations read in either direction."""
    undirected = nx.Graph(g)
    try:
        paths = list(islice(nx.all_shortest_paths(undirected, a, b), limit))
    except nx.NetworkXNoPath:
        return []
    chains = []
    for path in sorted(paths, key=lambda p: [g.nodes[n]["label"] for n in p]):
        hops = []
        for u, v in zip(path, path[1:], strict=False):
            facts = [Fact(s, t, d["label"], tuple(d.get("evidence", [])))
                     for s, t in ((u, v), (v, u)) for d in (g.get_edge_data(s, t) or {}).values()]
            hops.append(Hop(u, v, tuple(facts)))
        chains.append(hops)
    return chains


def format_chains(g: nx.MultiDiGraph, a: str, b: str, chains: list[list[Hop]]) -> str:
    """Readable chains: each hop's facts with their direction and the sentence that states them."""
    label = lambda n: g.nodes[n]["label"]  # noqa: E731
    length = len(chains[0])
    out = [f"{label(a)} → {label(b)}: {len(chains)} shortest chain{'s' if len(chains) != 1 else ''} "
           f"of {length} hop{'s' if length != 1 else ''}"]
    for i, chain in enumerate(chains, 1):
        out.append(f"\nchain {i}: " + " — ".join(label(n) for n in [chain[0].start, *(h.end for h in chain)]))
        for hop in chain:
            for f in hop.facts:
                arrow = (f"{label(hop.start)} —{f.label}→ {label(hop.end)}" if f.source == hop.start
                         else f"{label(hop.start)} ←{f.label}— {label(hop.end)}")
                out.append(f"  {arrow}")
                for ev in f.evidence[:2]:
                    source = ev["article"] + (f", {ev['date']}" if ev.get("date") else "")
                    out.append(f"      “{' '.join(ev['sentence'].split())}” ({source})")
    return "\n".join(out)


def path_report(g: nx.MultiDiGraph, name_a: str, name_b: str, limit: int = MAX_CHAINS) -> str:
    """`kg path A B`: find both entities, then print the shortest chains between them."""
    a, b = find_entity(g, name_a), find_entity(g, name_b)
    if a == b:
        raise KgError(f"{name_a!r} and {name_b!r} are the same entity")
    chains = shortest_chains(g, a, b, limit)
    if not chains:
        raise NoPathError(g.nodes[a]["label"], g.nodes[b]["label"])
    return format_chains(g, a, b, chains)


# --- export ------------------------------------------------------------------------------------------


def flat(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes, which GraphML and GEXF can hold (lists joined with ' | ')."""
    out = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        out.add_node(n, label=d["label"], type=d["type"], types=" | ".join(d["types"]),
                     alt_labels=" | ".join(d["names"][1:]))
    for u, v, k, d in g.edges(keys=True, data=True):
        ev = d.get("evidence", [])
        out.add_edge(u, v, key=k, predicate=d["predicate"], label=d["label"], evidence_count=len(ev),
                     sentences=" | ".join(e["sentence"] for e in ev),
                     articles=" | ".join(dict.fromkeys(e["article"] for e in ev)),
                     dates=" | ".join(dict.fromkeys(e["date"] for e in ev if e["date"])))
    return out


def serialise(g: nx.MultiDiGraph, fmt: str) -> bytes:
    """GraphML or GEXF bytes of a graph."""
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat(g), buf, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(flat(g), buf, encoding="utf-8")
    else:
        raise KgError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
    return buf.getvalue()


def export(store_dir: str | Path, fmt: str, out: str | Path | None = None) -> bytes:
    """The store as GraphML or GEXF, for Gephi and Cytoscape; written atomically to *out* when given."""
    data = serialise(load(store_dir), fmt)
    if out is not None:
        atomic_write_bytes(out, data)
    return data
