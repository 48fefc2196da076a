"""The overview page for big graphs: sigma.js (WebGL) over graphology, vendored in kg/static and inlined.

What a person sees first is the story, not the archive: entities without relations are not drawn
(they are counted, and the search box and side panel find them), the connected part is laid out
up front (:mod:`kg.views.layout`, biggest components first), the most central entities by PageRank
carry their labels, and each Louvain community has a colour taken from its best-connected member,
so a community keeps its colour from one build to the next while that member stays in it.

Nothing from an article is turned into HTML here or in the page: the data goes into one JSON
``<script type="application/json">`` block (with ``<``, ``>`` and ``&`` escaped so no string can
end the element) and the page script puts every string into the DOM as text, or draws it on the
canvas. The page loads nothing from the network.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import networkx as nx

from kg.views.layout import compute_layout, louvain
from kg.views.model import ViewGraph, style_of

STATIC = Path(__file__).resolve().parent.parent / "static"
#: Vendored scripts, inlined in this order (versions and licences beside them in kg/static).
LIBRARIES = ("graphology.umd.min.js", "sigma.min.js")
#: Labels always drawn: the entities with the highest PageRank, however dense the picture.
FORCED_LABELS = 25
#: Community colours (Tableau 20 without the greys); small communities are drawn grey.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22")
SMALL_COMMUNITY = 3
#: Sizes past which the page draws the whole graph more cheaply. Headless Chromium renders WebGL with
#: SwiftShader, on the CPU, which runs each instance of sigma's instanced programs (discs, arrows,
#: thick lines) as a draw of its own, and fills every pixel of every line: measured with
#: ``benchmarks/view_overview.py`` on 50,000 entities and 100,000 relations, drawing them all took
#: 20-40 s a frame on a loaded machine, where points and 5,000 lines take well under one. On the whole
#: BBC corpus (3,872 entities drawn, 3,594 relations) a frame of discs and arrows took 0.4-0.9 s of
#: SwiftShader's time at load 6-7, one of points and lines 0.05 s, and the page cannot answer a search
#: before the frame is drawn. (Hovering a relation needs no second drawing of them: the page finds the
#: relation under the pointer itself.)
LIMITS = {
    "thin": 2_000,             # relations past which they are 1 px lines (one GL_LINES draw), not arrows
    "hide_on_move": 20_000,    # relations past which they are not drawn while the camera moves
    "overview_edges": 5_000,   # relations past which the whole graph shows only the most central
                               # ones (by the PageRank of their ends) of those the filters keep
    "points": 2_000,           # drawn entities past which they are points (one draw), not discs
}
SMALL_COLOUR = "#a0a4a8"
_MONTH = re.compile(r"^(-?[0-9]{4})(?:-([0-9]{2}))?")
_EXTERNAL_REF = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.I)


@cache
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def communities(g: nx.Graph) -> list[set[str]]:
    """Louvain communities (fixed seed), biggest first: the groups the colours show."""
    if not g.number_of_edges():
        return [{n} for n in sorted(g)]
    return louvain(g)


def community_colour(hub: str, size: int) -> str:
    """A colour that depends only on the community's hub entity (and grey for tiny communities)."""
    if size < SMALL_COMMUNITY:
        return SMALL_COLOUR
    return PALETTE[int(hashlib.sha1(hub.encode("utf-8")).hexdigest(), 16) % len(PALETTE)]


def _simple(vg: ViewGraph) -> nx.Graph:
    """Who is related to whom, undirected, built in sorted order (deterministic Louvain)."""
    g = nx.Graph()
    g.add_nodes_from(sorted(vg.nodes))
    g.add_edges_from(sorted({tuple(sorted((e.source, e.target))) for e in vg.edges if e.source != e.target}))
    return g


def _first_screen(g: nx.Graph) -> set[str]:
    """What the first screen frames: the biggest connected part, with the next ones while they are
    at least a fifth of its size (many small parts would shrink the story to a corner)."""
    out: set[str] = set()
    biggest = 0
    for comp in sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c))):
        if out and len(comp) < biggest / 5:
            break
        biggest = max(biggest, len(comp))
        out |= comp
    return out


def period(dates: Iterable[str]) -> list[int]:
    """The first and last month (year * 12 + month - 1) the dates cover, a year-only date covering
    its twelve months; empty when no date has a year. The page's time slider spans this period."""
    lo = hi = None
    for date in dates:
        m = _MONTH.match(date or "")
        if not m:
            continue
        first = int(m[1]) * 12 + (int(m[2]) - 1 if m[2] else 0)
        last = first if m[2] else first + 11
        lo = first if lo is None else min(lo, first)
        hi = last if hi is None else max(hi, last)
    return [] if lo is None else [lo, hi]


def overview_data(vg: ViewGraph, limits: dict[str, int] | None = None) -> dict[str, object]:
    """Everything the page draws, as compact JSON-ready lists (entities are numbered); ``evidence``
    holds each relation's evidence, in the order of ``edges``, as [sentence, article number, date]."""
    degree = vg.degree()
    drawn = vg.subgraph(n for n in vg.nodes if degree[n])
    simple = _simple(drawn)
    groups = communities(simple)
    pos = compute_layout(drawn, groups)
    rank = nx.pagerank(simple) if len(simple) else {}
    order = sorted(vg.nodes)  # drawn and undrawn entities share one numbering
    index = {n: i for i, n in enumerate(order)}
    member: dict[str, int] = {}
    comm_rows = []
    for ci, c in enumerate(groups):
        ranked = sorted(c, key=lambda n: (-rank.get(n, 0.0), n))
        member.update(dict.fromkeys(c, ci))
        comm_rows.append([community_colour(ranked[0], len(c)), len(c), [index[n] for n in ranked[:4]]])
    top = set(sorted(rank, key=lambda n: (-rank[n], n))[:FORCED_LABELS])
    nodes = []
    for n in order:
        v = vg.nodes[n]
        row: list[object] = [v.id, v.label, v.type, v.alt_labels, v.types or [v.type], v.same_as, degree[n]]
        if n in pos:
            x, y = pos[n]
            row += [x, -y, round(rank.get(n, 0.0), 6), member[n], int(n in top)]
        nodes.append(row)
    predicates = sorted({e.label for e in vg.edges})
    pindex = {p: i for i, p in enumerate(predicates)}
    articles: dict[str, int] = {}
    edges, evidence = [], []
    for e in vg.edges:
        evidence.append([[ev.sentence, articles.setdefault(ev.article, len(articles)), ev.date] for ev in e.evidence])
        edges.append([index[e.source], index[e.target], pindex[e.label]])
    first = _first_screen(simple)
    co = [[index[a], index[b], k] for a, b, k in vg.comentions if a in pos and b in pos]
    return {
        "nodes": nodes, "edges": edges, "evidence": evidence, "predicates": predicates, "articles": list(articles),
        "communities": comm_rows, "comentions": co,
        "limits": {**LIMITS, **(limits or {})},
        "period": period(ev.date for e in vg.edges for ev in e.evidence), "first": sorted(index[n] for n in first),
        "types": {t: {"color": style_of(t).color, "glyph": style_of(t).glyph}
                  for t in sorted({v.type for v in vg.nodes.values()})},
    }


def json_for_script(data: object) -> str:
    """JSON that cannot close the <script> element holding it, whatever the strings contain."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_html(vg: ViewGraph, limits: dict[str, int] | None = None) -> str:
    """The complete offline sigma.js page (*limits* overrides :data:`LIMITS`)."""
    scripts = "".join(f"<script>\n{_static(name)}\n</script>\n" for name in LIBRARIES)
    data = overview_data(vg, limits)
    # each relation's evidence on a line of its own, outside the data the page parses up front: the page
    # reads a line when it shows that relation (most of the bytes of a big graph are evidence sentences)
    evidence = "\n".join(json_for_script(ev) for ev in data.pop("evidence"))
    blocks = (f'<script type="application/json" id="kg-data">{json_for_script(data)}</script>\n'
              f'<script type="application/json" id="kg-evidence">{evidence}</script>\n')
    html = (_static("overview.html")
            .replace("<!--KG-STYLE-->", f"<style>\n{_static('overview.css')}</style>")
            .replace("<!--KG-SCRIPTS-->", blocks + scripts + f"<script>\n{_static('overview.js')}\n</script>"))
    if _EXTERNAL_REF.search(html):
        raise RuntimeError("graph.html would load a resource from the network")
    return html
