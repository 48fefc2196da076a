"""graph.html: an interactive, offline, self-contained view of the graph, in one of two renderers.

- :mod:`kg.views.pyvis_page` (vis-network, canvas): small graphs and `kg view` ego views.
- :mod:`kg.views.overview` (sigma.js over graphology, WebGL): past :data:`WEBGL_THRESHOLD` entities,
  where vis-network's redraws pass ~0.3 s (measured with ``benchmarks/view_2000.py``: 0.32 s per
  redraw at 1,000 entities, 0.75 s at 3,000) and its labels can no longer be read.

Both read the same view model (:mod:`kg.views.model`); big graphs get positions computed up front
(:mod:`kg.views.layout`).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.fsutil import atomic_write_text
from kg.model import Extraction
from kg.views import overview, pyvis_page
from kg.views.layout import compute_layout
from kg.views.model import (
    Rows,
    Select,
    Style,
    ViewEdge,
    ViewEvidence,
    ViewGraph,
    ViewNode,
    drawn_type,
    from_extraction,
    from_graph,
    from_sparql,
    load_styles,
    pagerank,
    predicate_label,
    rdflib_select,
    style_of,
    to_view,
)
from kg.views.pyvis_page import LAYOUT_THRESHOLD, MAX_EVIDENCE_IN_TOOLTIP, edge_title, iframe, node_title

#: Above this many entities graph.html is drawn with WebGL (sigma.js) instead of vis-network.
WEBGL_THRESHOLD = 1000

__all__ = [
    "LAYOUT_THRESHOLD", "MAX_EVIDENCE_IN_TOOLTIP", "WEBGL_THRESHOLD", "Rows", "Select", "Style", "ViewEdge",
    "ViewEvidence", "ViewGraph", "ViewNode", "compute_layout", "drawn_type", "edge_title", "from_extraction",
    "from_graph", "from_sparql", "iframe", "load_styles", "node_title", "page_html", "pagerank",
    "predicate_label", "rdflib_select", "render_html", "style_of", "to_view",
]


def page_html(vg: ViewGraph, focus: str | None = None, renderer: str | None = None) -> str:
    """The complete offline page. *renderer* is ``"pyvis"`` or ``"webgl"``; by default ego views
    (a *focus* entity) and graphs up to :data:`WEBGL_THRESHOLD` entities get pyvis."""
    if renderer is None:
        renderer = "webgl" if focus is None and len(vg.nodes) > WEBGL_THRESHOLD else "pyvis"
    if renderer == "webgl":
        return overview.page_html(vg)
    if renderer != "pyvis":
        raise ValueError(f"unknown renderer {renderer!r} (pyvis or webgl)")
    return pyvis_page.page_html(vg, focus)


def render_html(source: Extraction | Graph | ViewGraph, path: str | Path, focus: str | None = None,
                renderer: str | None = None) -> Path:
    """Write graph.html for an extraction, an RDF graph or a view model, atomically."""
    return atomic_write_text(path, page_html(to_view(source), focus, renderer))
