"""graph.html: an interactive, offline, self-contained view of the graph (pyvis / vis-network).

Article text is hostile input: every article-derived string that reaches HTML is escaped here, and the
page turns each tooltip into a DOM element itself, so escaped text shows as text in every pyvis mode.
Labels drawn on the canvas are not HTML and stay raw (jinja's ``tojson`` makes them script-safe).
The page loads nothing from the network: pyvis inlines vis-network, and the bootstrap CDN tags its
template always adds are removed.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path

from pyvis.network import Network
from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, Graph, URIRef

from kg.fsutil import atomic_write_text
from kg.model import Extraction
from kg.ontology import KG, KGO, OPEN_PREFIX, load_properties, open_label, read_table

STYLES_FILE = Path(__file__).resolve().parent / "data" / "node_styles.tsv"
MAX_EVIDENCE_IN_TOOLTIP = 5
_NON_ENTITY_TYPES = {"Article", "Evidence"}
_ANCHOR = "network = new vis.Network(container, data, options);"
#: Parts of pyvis's template to drop: its bootstrap CDN tags (added even with in_line resources), a
#: commented-out script tag, and the empty headings it puts inside <head>.
_STRIP = [
    re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']https?://[^>]*>\s*", re.I),
    re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']https?://[^>]*>\s*</script>\s*", re.I | re.S),
    re.compile(r"<!-- <link rel=\"stylesheet\" href=\"\.\./node_modules.*?-->\s*", re.S),
    re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>\s*"),
]
_EXTERNAL_REF = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.I)

OPTIONS: dict[str, object] = {
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 140, "springConstant": 0.04,
                             "avoidOverlap": 0.5},
        "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 25, "fit": True},
    },
    "nodes": {"font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth": 1},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        "color": {"color": "#9aa5b1", "highlight": "#d62828", "hover": "#264653"},
        "font": {"size": 10, "align": "middle", "color": "#444444"},
        "smooth": {"enabled": True, "type": "continuous"},
    },
    "layout": {"randomSeed": 42},  # same graph, same picture
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False},
}


@dataclass(frozen=True)
class Style:
    """How one entity type is drawn."""

    color: str
    shape: str
    glyph: str


@dataclass
class ViewNode:
    id: str
    label: str
    type: str
    alt_labels: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)


@dataclass
class ViewEvidence:
    sentence: str
    article: str  # article title, or its id when untitled


@dataclass
class ViewEdge:
    source: str
    target: str
    label: str
    evidence: list[ViewEvidence] = field(default_factory=list)


@dataclass
class ViewGraph:
    """What the page shows, independent of whether it came from an Extraction or from RDF."""

    nodes: dict[str, ViewNode] = field(default_factory=dict)
    edges: list[ViewEdge] = field(default_factory=list)


@cache
def load_styles() -> dict[str, Style]:
    """Type -> style from kg/data/node_styles.tsv; the ``*`` row is the fallback."""
    return {r[0]: Style(r[1], r[2], r[3]) for r in read_table(STYLES_FILE, 4)}


def style_of(entity_type: str) -> Style:
    styles = load_styles()
    return styles.get(entity_type, styles["*"])


def predicate_label(predicate: str) -> str:
    """Readable label of a relation predicate (table label, or the open slug with spaces)."""
    prop = load_properties().get(predicate)
    return prop.label if prop else open_label(predicate.removeprefix(OPEN_PREFIX))


# --- building the view model -----------------------------------------------------------------------


def from_extraction(ex: Extraction) -> ViewGraph:
    """View model of an extraction."""
    vg = ViewGraph()
    for e in ex.entities.values():
        vg.nodes[e.id] = ViewNode(e.id, e.label, e.type, sorted(e.alt_labels - {e.label}), list(e.same_as))
    titles = {a.id: a.title or a.id for a in ex.articles}
    for r in ex.relations:
        for end in (r.subject, r.object):
            vg.nodes.setdefault(end, ViewNode(end, end, "Entity"))
        evidence = [ViewEvidence(ev.sentence, titles.get(ev.article_id, ev.article_id)) for ev in r.evidence]
        vg.edges.append(ViewEdge(r.subject, r.object, predicate_label(r.predicate), evidence))
    return vg


def _local_name(iri: URIRef) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def from_graph(g: Graph) -> ViewGraph:
    """View model of an RDF graph written by :func:`kg.rdf.to_dataset` (default graph only)."""
    vg = ViewGraph()
    for s, t in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(t, URIRef) and t.startswith(str(KG)):
            kind = _local_name(t)
            if kind not in _NON_ENTITY_TYPES:
                label = g.value(s, RDFS.label)
                alts = sorted(str(a) for a in g.objects(s, SKOS.altLabel))
                vg.nodes[str(s)] = ViewNode(str(s), str(label or _local_name(s)), kind, alts)
    evidence: dict[tuple[str, str, str], list[ViewEvidence]] = defaultdict(list)
    for stmt in sorted(g.subjects(RDF.type, RDF.Statement)):
        key = (str(g.value(stmt, RDF.subject)), str(g.value(stmt, RDF.predicate)), str(g.value(stmt, RDF.object)))
        article = g.value(stmt, PROV.wasDerivedFrom)
        title = g.value(article, DCTERMS.title) if article is not None else None
        evidence[key].append(ViewEvidence(str(g.value(stmt, KG.sentence) or ""), str(title or article or "")))
    for s, p, o in sorted(g.triples((None, None, None))):
        if str(s) in vg.nodes and str(o) in vg.nodes and (p.startswith(str(KG)) or p.startswith(str(KGO))):
            label = g.value(p, RDFS.label)
            text = str(label) if label is not None else predicate_label(_local_name(p))
            vg.edges.append(ViewEdge(str(s), str(o), text, evidence.get((str(s), str(p), str(o)), [])))
    return vg


# --- HTML ------------------------------------------------------------------------------------------


def _tip(html: str) -> str:
    """pyvis switches node tooltips to a raw innerHTML popup if a title contains 'href'; never let it."""
    return html.replace("href", "hre&#102;")


def node_title(n: ViewNode, degree: int) -> str:
    """Escaped HTML tooltip of an entity."""
    parts = [f"<b>{escape(n.label)}</b>", f"{escape(n.type)} · {degree} relation{'s' if degree != 1 else ''}"]
    if n.alt_labels:
        parts.append("also: " + escape(", ".join(n.alt_labels)))
    parts += [escape(iri) for iri in n.same_as]
    return _tip("<br>".join(parts))


def edge_title(e: ViewEdge, nodes: dict[str, ViewNode]) -> str:
    """Escaped HTML tooltip of a relation: who did what to whom, then the evidence sentences."""
    head = f"<b>{escape(nodes[e.source].label)}</b> {escape(e.label)} <b>{escape(nodes[e.target].label)}</b>"
    parts = [head]
    for ev in e.evidence[:MAX_EVIDENCE_IN_TOOLTIP]:
        parts.append(f"<hr>“{escape(ev.sentence)}”<br><i>{escape(ev.article)}</i>")
    if len(e.evidence) > MAX_EVIDENCE_IN_TOOLTIP:
        parts.append(f"<hr>… and {len(e.evidence) - MAX_EVIDENCE_IN_TOOLTIP} more")
    return _tip("".join(parts))


def build_network(vg: ViewGraph) -> Network:
    """The pyvis network: shape/colour by type, size by degree, parallel edges bent apart."""
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    degree = Counter(end for e in vg.edges for end in (e.source, e.target))
    for n in vg.nodes.values():
        st = style_of(n.type)
        net.add_node(n.id, label=n.label, shape=st.shape, color=st.color, size=10 + 6 * math.sqrt(degree[n.id]),
                     title=node_title(n, degree[n.id]), kgType=n.type, kgNames=[n.label, *n.alt_labels])
    seen: Counter[frozenset[str]] = Counter()
    for i, e in enumerate(vg.edges):
        pair = frozenset((e.source, e.target))
        extra = {"smooth": {"type": "curvedCW", "roundness": 0.2 * seen[pair]}} if seen[pair] else {}
        seen[pair] += 1
        net.add_edge(e.source, e.target, id=f"e{i}", label=e.label, title=edge_title(e, vg.nodes), **extra)
    net.options = json.loads(json.dumps(OPTIONS))  # a dict: pyvis then json.dumps it verbatim
    return net


_CSS = """
<title>kg graph</title>
<style>
  html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; }
  #mynetwork { border: none !important; }
  div.vis-tooltip { white-space: normal !important; max-width: 460px; font: 13px/1.35 system-ui, sans-serif; }
  div.vis-tooltip hr { border: 0; border-top: 1px solid #ccc; margin: 6px 0; }
  #kg-panel { position: fixed; top: 10px; left: 10px; z-index: 10; background: rgba(255,255,255,.93);
              border: 1px solid #ccc; border-radius: 6px; padding: 8px 10px; font-size: 13px; max-width: 260px; }
  #kg-panel input { width: 170px; }
  #kg-legend div { margin: 2px 0; }
  #kg-search-status { color: #b00020; display: block; }
  #kg-search-status:empty { display: none; }
  #kg-stats { color: #555; margin-top: 6px; }
</style>
"""

# Runs before vis.Network is created: tooltips become elements built from kg's escaped HTML, so they
# render formatted and the escaping holds whatever vis does with string titles.
_PRE_JS = """
              (function () {
                function tip(html) { var d = document.createElement("div"); d.innerHTML = html; return d; }
                [nodes, edges].forEach(function (set) {
                  set.update(set.get().filter(function (x) { return typeof x.title === "string"; })
                    .map(function (x) { return {id: x.id, title: tip(x.title)}; }));
                });
              })();
              """

# Runs right after: stop the simulation once the layout has settled so the page goes idle.
_POST_JS = """
              network.once("stabilizationIterationsDone", function () {
                network.setOptions({physics: {enabled: false}});
                window.kgStabilized = true;
              });"""

_SEARCH_JS = """
<script>
(function () {
  var input = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  function names(n) { return (n.kgNames || [n.label]).map(function (s) { return String(s).toLowerCase(); }); }
  window.kgFocus = function (text) {
    var q = String(text || "").trim().toLowerCase();
    var all = nodes.get();
    var hit = q && (all.find(function (n) { return names(n).indexOf(q) !== -1; }) ||
                    all.find(function (n) { return names(n).some(function (s) { return s.indexOf(q) !== -1; }); }));
    status.textContent = hit || !q ? "" : "not found";
    if (!hit) { return null; }
    network.selectNodes([hit.id]);
    network.focus(hit.id, {scale: 1.3, animation: {duration: 600, easingFunction: "easeInOutQuad"}});
    return hit.id;
  };
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    window.kgFocus(input.value);
  });
})();
</script>
"""


def _panel(vg: ViewGraph) -> str:
    """Search box, legend and counts; every article-derived string in it is escaped."""
    names = sorted({name for n in vg.nodes.values() for name in (n.label, *n.alt_labels)}, key=str.lower)
    options = "".join(f'<option value="{escape(name, quote=True)}"></option>' for name in names)
    present = Counter(n.type for n in vg.nodes.values())
    legend = "".join(
        f'<div><span style="color:{style_of(t).color}">{escape(style_of(t).glyph)}</span> '
        f"{escape(t)} ({count})</div>"
        for t, count in sorted(present.items(), key=lambda tc: (-tc[1], tc[0]))
    )
    return (
        '<div id="kg-panel">'
        '<form id="kg-search-form" autocomplete="off">'
        '<input id="kg-search" type="search" list="kg-names" placeholder="Find an entity" '
        'aria-label="Find an entity"> <button type="submit">Find</button>'
        '<span id="kg-search-status" role="status"></span></form>'
        f'<datalist id="kg-names">{options}</datalist>'
        f'<div id="kg-legend">{legend}</div>'
        f'<div id="kg-stats">{len(vg.nodes)} entities · {len(vg.edges)} relations</div>'
        "</div>"
    )


def page_html(vg: ViewGraph) -> str:
    """The complete offline HTML page."""
    html = build_network(vg).generate_html(name="graph.html")
    for pattern in _STRIP:
        html = pattern.sub("", html)
    html = "<!DOCTYPE html>\n" + html.replace("<html>", '<html lang="en">', 1)
    if _ANCHOR not in html:
        raise RuntimeError("pyvis template changed: cannot find where the network is created")
    html = html.replace(_ANCHOR, _PRE_JS + _ANCHOR + _POST_JS, 1)
    html = html.replace("</head>", _CSS + "</head>", 1)
    html = html.replace("</body>", _panel(vg) + _SEARCH_JS + "</body>", 1)
    if _EXTERNAL_REF.search(html):
        raise RuntimeError("graph.html would load a resource from the network")
    return html


def render_html(source: Extraction | Graph, path: str | Path) -> Path:
    """Write graph.html for an extraction or an RDF graph, atomically."""
    vg = from_extraction(source) if isinstance(source, Extraction) else from_graph(source)
    return atomic_write_text(path, page_html(vg))
