"""Positions computed up front for graphs too big for the browser to lay out: deterministic for the same input."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from kg.views.model import ViewGraph

#: Components up to this size get one spring layout; bigger ones are laid out per Louvain community.
_SPRING_LIMIT = 250
#: Up to this many communities are placed by a spring layout of the graph between them; more are packed.
_QUOTIENT_LIMIT = 400
#: Entities past which communities come from label propagation rather than Louvain (see :func:`louvain`).
LOUVAIN_LIMIT = 20_000
SEED = 42


#: Spring layouts of graphs of one size are run together, this many matrix cells at a time.
_BATCH_CELLS = 2_000_000


def _spring(g: nx.Graph, radius: float) -> dict[str, tuple[float, float]]:
    """Spring layout of a small connected graph, scaled to *radius* pixels."""
    return _springs([g], [radius])[0]


def _springs(graphs: list[nx.Graph], radii: list[float]) -> list[dict[str, tuple[float, float]]]:
    """networkx's spring layout (Fruchterman-Reingold, ``method="force"``, 50 iterations, the same
    seeded start and stopping rule), run on all graphs of one size at once: a news archive has
    thousands of small components and communities, where networkx's per-call overhead dominated."""
    out: list[dict[str, tuple[float, float]]] = [{} for _ in graphs]
    by_size: dict[int, list[int]] = {}
    for i, g in enumerate(graphs):
        by_size.setdefault(len(g), []).append(i)
    for n, members in sorted(by_size.items()):
        if n == 1:
            for i in members:
                out[i] = {next(iter(graphs[i])): (0.0, 0.0)}
            continue
        step = max(1, _BATCH_CELLS // (n * n))
        for b in range(0, len(members), step):
            chunk = members[b:b + step]
            pos = _fruchterman_reingold([nx.to_numpy_array(graphs[i], weight=None) for i in chunk], n)
            for i, p in zip(chunk, pos):
                p = p - p.mean(axis=0)
                lim = np.abs(p).max()
                if lim > 0:
                    p *= radii[i] / lim
                out[i] = {node: (float(x), float(y)) for node, (x, y) in zip(graphs[i], p)}
    return out


def _fruchterman_reingold(adjacency: list[np.ndarray], n: int, iterations: int = 50,
                          threshold: float = 1e-4) -> np.ndarray:
    """networkx's ``_fruchterman_reingold`` for a stack of adjacency matrices of *n* nodes each;
    a graph stops moving at the iteration where networkx's loop would stop for it alone."""
    a = np.stack(adjacency)
    start = np.random.RandomState(SEED).rand(n, 2)  # what spring_layout(seed=SEED) starts from
    pos = np.repeat(start[np.newaxis], len(a), axis=0)
    k = np.sqrt(1.0 / n)
    t = max(np.ptp(start[:, 0]), np.ptp(start[:, 1])) * 0.1
    dt = t / (iterations + 1)
    moving = np.ones(len(a), dtype=bool)
    for _ in range(iterations):
        delta = pos[:, :, np.newaxis, :] - pos[:, np.newaxis, :, :]
        distance = np.maximum(np.sqrt((delta * delta).sum(axis=-1)), 0.01)
        displacement = np.einsum("bijk,bij->bik", delta, k * k / distance**2 - a * distance / k)
        length = np.maximum(np.sqrt((displacement * displacement).sum(axis=-1)), 0.01)
        delta_pos = displacement * (t / length)[..., np.newaxis]
        delta_pos[~moving] = 0.0
        pos += delta_pos
        t -= dt
        moving &= np.sqrt((delta_pos * delta_pos).sum(axis=(1, 2))) / n >= threshold
        if not moving.any():
            break
    return pos


def _radius(n: int) -> float:
    """Pixels a component of *n* entities gets, so nodes sit about 70 px apart."""
    return 40.0 * math.sqrt(n)


def _subgraph(g: nx.Graph, nodes: set[str]) -> nx.Graph:
    """An induced subgraph in sorted order: networkx's subgraph views iterate the node *set* given,
    whose order changes with Python's string hashing from one process to the next."""
    h = nx.Graph()
    h.add_nodes_from(sorted(nodes))
    h.add_edges_from(sorted(tuple(sorted((u, v))) for u, v in g.edges(nodes) if u in nodes and v in nodes))
    return h


def louvain(g: nx.Graph) -> list[set[str]]:
    """Louvain communities with kg's seed, biggest first (ties by smallest id): one order every run.

    Past :data:`LOUVAIN_LIMIT` entities networkx's Louvain takes minutes, so the groups come from
    seeded label propagation instead (linear time, smaller groups).
    """
    if len(g) > LOUVAIN_LIMIT:
        found = list(nx.community.fast_label_propagation_communities(g, seed=SEED))
    else:
        found = nx.community.louvain_communities(g, seed=SEED)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def _fit(pos: dict[str, tuple[float, float]], radius: float) -> dict[str, tuple[float, float]]:
    """*pos* centred on the origin and scaled so its farthest entity sits *radius* pixels out."""
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    far = max(math.hypot(x - cx, y - cy) for x, y in pos.values()) or 1.0
    return {n: ((x - cx) * radius / far, (y - cy) * radius / far) for n, (x, y) in pos.items()}


def _component_layout(g: nx.Graph, member: dict[str, int] | None = None) -> dict[str, tuple[float, float]]:
    """One connected component: a spring layout, or for a big one, its Louvain communities placed by
    a spring layout of the graph between them, each community laid out the same way (recursively).
    *member* maps entities to communities already found (the top level of a recursion)."""
    if len(g) <= _SPRING_LIMIT:
        return _spring(g, _radius(len(g)))
    if member is None:
        communities = louvain(g)
    else:
        groups: dict[int, set[str]] = {}
        for n in g:
            groups.setdefault(member[n], set()).add(n)
        communities = sorted(groups.values(), key=lambda c: (-len(c), min(c)))
    if len(communities) == 1:
        return _spring(g, _radius(len(g)))
    layouts = _layouts([_subgraph(g, c) for c in communities])
    if len(communities) > _QUOTIENT_LIMIT:
        return _pack(layouts)
    member = {n: i for i, c in enumerate(communities) for n in c}
    quotient = nx.Graph()
    quotient.add_nodes_from(range(len(communities)))
    for u, v in g.edges():
        if member[u] != member[v]:
            w = quotient.get_edge_data(member[u], member[v], {"weight": 0})["weight"]
            quotient.add_edge(member[u], member[v], weight=w + 1)
    centres = nx.spring_layout(quotient, seed=SEED, scale=1.0, method="force", weight="weight")
    spread = _radius(len(g)) * 1.6
    pos: dict[str, tuple[float, float]] = {}
    for i, c in enumerate(communities):
        cx, cy = centres[i] * spread
        for n, (x, y) in _fit(layouts[i], _radius(len(c)) * 0.8).items():
            pos[n] = (cx + x, cy + y)
    return pos


def _layouts(graphs: list[nx.Graph], member: dict[str, int] | None = None) -> list[dict[str, tuple[float, float]]]:
    """:func:`_component_layout` of each graph, the small ones' spring layouts run together."""
    small = [i for i, g in enumerate(graphs) if len(g) <= _SPRING_LIMIT]
    out: list[dict[str, tuple[float, float]]] = [{} for _ in graphs]
    for i, pos in zip(small, _springs([graphs[i] for i in small], [_radius(len(graphs[i])) for i in small])):
        out[i] = pos
    for i, g in enumerate(graphs):
        if len(g) > _SPRING_LIMIT:
            out[i] = _component_layout(g, member)
    return out


def _pack(layouts: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Separate layouts side by side in rows, in the order given, the rows about as wide as tall."""
    parts = []
    for local in layouts:
        xs, ys = [p[0] for p in local.values()], [p[1] for p in local.values()]
        parts.append((local, min(xs), min(ys), max(xs) - min(xs) + 90, max(ys) - min(ys) + 90))
    row_width = math.sqrt(sum(w * h for _, _, _, w, h in parts)) * 1.3
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for local, x0, y0, w, h in parts:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (px, py) in local.items():
            pos[n] = (round(x + px - x0, 1), round(y + py - y0, 1))
        x += w
        row_height = max(row_height, h)
    return pos


def compute_layout(vg: ViewGraph, communities: list[set[str]] | None = None) -> dict[str, tuple[float, float]]:
    """Pixel positions for every entity: components laid out alone, then packed in rows, biggest first.

    *communities* are Louvain communities of the whole graph when the caller has them already
    (a community never spans two components), so they are not searched for twice.
    """
    g = nx.Graph()
    g.add_nodes_from(sorted(vg.nodes))
    # sorted so the adjacency order, and with it Louvain and the spring layout, never depends on the
    # order the store returned the edges in: the same graph always gets the same picture
    g.add_edges_from(sorted({tuple(sorted((e.source, e.target))) for e in vg.edges if e.source != e.target}))
    member = {n: i for i, c in enumerate(communities) for n in c} if communities is not None else None
    components = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c)))
    return _pack(_layouts([_subgraph(g, comp) for comp in components], member))
