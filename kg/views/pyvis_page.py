"""The pyvis page for small graphs and ego views: interactive, offline, self-contained (vis-network).

Article text is hostile input: every article-derived string that reaches HTML is escaped here, and the
page turns each tooltip into a DOM element itself, so escaped text shows as text in every pyvis mode.
Labels drawn on the canvas are not HTML and stay raw (jinja's ``tojson`` makes them script-safe).
The page loads nothing from the network: pyvis inlines vis-network, and the bootstrap CDN tags its
template always adds are removed.

Small graphs settle with vis-network's physics, which is then switched off. Past
:data:`LAYOUT_THRESHOLD` nodes the browser would spend many seconds simulating, so positions are
computed here with networkx (components packed side by side, big components laid out community by
community) and the page starts with physics off.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from html import escape

from pyvis.network import Network

from kg.views.layout import compute_layout
from kg.views.model import ViewEdge, ViewGraph, ViewNode, pagerank, style_of

MAX_EVIDENCE_IN_TOOLTIP = 5
#: Above this many entities the layout is computed in Python and the page starts with physics off.
LAYOUT_THRESHOLD = 300
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

#: Overrides for pages whose positions come precomputed: no simulation, straight edges, and no edge
#: redraws while the user drags or zooms, which keeps thousands of edges responsive.
LARGE_OPTIONS: dict[str, object] = {
    "physics": {"enabled": False, "stabilization": {"enabled": False}},
    "edges": {"smooth": {"enabled": False}, "font": {"size": 9}},
    "interaction": {"hideEdgesOnDrag": True, "hideEdgesOnZoom": True},
}



# --- HTML ------------------------------------------------------------------------------------------


def _tip(html: str) -> str:
    """pyvis switches node tooltips to a raw innerHTML popup if a title contains 'href'; never let it."""
    return html.replace("href", "hre&#102;")


def node_title(n: ViewNode, degree: int, pagerank: float | None = None) -> str:
    """Escaped HTML tooltip of an entity: its names, its types, how connected it is."""
    types = ", ".join(n.types or [n.type])
    rank = f" · PageRank {pagerank:.3f}" if pagerank is not None else ""
    parts = [f"<b>{escape(n.label)}</b>",
             f"{escape(types)} · {degree} relation{'s' if degree != 1 else ''}{rank}"]
    if n.alt_labels:
        parts.append("also: " + escape(", ".join(n.alt_labels)))
    parts += [escape(iri) for iri in n.same_as]
    return _tip("<br>".join(parts))


def edge_title(e: ViewEdge, nodes: dict[str, ViewNode]) -> str:
    """Escaped HTML tooltip of a relation: who did what to whom, then each evidence sentence and source."""
    head = f"<b>{escape(nodes[e.source].label)}</b> {escape(e.label)} <b>{escape(nodes[e.target].label)}</b>"
    parts = [head]
    for ev in e.evidence[:MAX_EVIDENCE_IN_TOOLTIP]:
        source = escape(ev.article) + (f" · {escape(ev.date)}" if ev.date else "")
        parts.append(f"<hr>“{escape(ev.sentence)}”<br><i>{source}</i>")
    if len(e.evidence) > MAX_EVIDENCE_IN_TOOLTIP:
        parts.append(f"<hr>… and {len(e.evidence) - MAX_EVIDENCE_IN_TOOLTIP} more")
    return _tip("".join(parts))


def _merge(base: dict[str, object], extra: dict[str, object]) -> dict[str, object]:
    out = json.loads(json.dumps(base))
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def build_network(vg: ViewGraph) -> Network:
    """The pyvis network: shape/colour by type, size by degree, parallel edges bent apart."""
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    degree = vg.degree()
    rank = pagerank(vg)
    large = len(vg.nodes) > LAYOUT_THRESHOLD
    pos = compute_layout(vg) if large else {}
    for n in vg.nodes.values():
        st = style_of(n.type)
        extra = {"x": pos[n.id][0], "y": pos[n.id][1]} if large else {}
        net.add_node(n.id, label=n.label, shape=st.shape, color=st.color, size=10 + 6 * math.sqrt(degree[n.id]),
                     title=node_title(n, degree[n.id], rank.get(n.id)), kgType=n.type,
                     kgTypes=n.types or [n.type], kgNames=[n.label, *n.alt_labels], **extra)
    seen: Counter[frozenset[str]] = Counter()
    for i, e in enumerate(vg.edges):
        pair = frozenset((e.source, e.target))
        extra = {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2 * seen[pair]}} if seen[pair] else {}
        seen[pair] += 1
        net.add_edge(e.source, e.target, id=f"e{i}", label=e.label, title=edge_title(e, vg.nodes),
                     kgPredicate=e.label, **extra)
    net.options = _merge(OPTIONS, LARGE_OPTIONS) if large else json.loads(json.dumps(OPTIONS))
    return net


_CSS = """
<title>kg graph</title>
<style>
  html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; }
  #mynetwork { border: none !important; }
  div.vis-tooltip { white-space: normal !important; max-width: 460px; font: 13px/1.35 system-ui, sans-serif; }
  div.vis-tooltip hr, #kg-details hr { border: 0; border-top: 1px solid #ccc; margin: 6px 0; }
  #kg-panel { position: fixed; top: 10px; left: 10px; z-index: 10; background: rgba(255,255,255,.94);
              border: 1px solid #ccc; border-radius: 6px; padding: 8px 10px; font-size: 13px; width: 250px;
              max-height: calc(100vh - 40px); overflow-y: auto; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
  #kg-panel input[type=search] { width: 165px; }
  #kg-panel h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #666;
                 margin: 8px 0 3px; display: flex; justify-content: space-between; }
  #kg-panel h2 button { font-size: 11px; padding: 0 4px; }
  #kg-panel label { display: block; margin: 1px 0; cursor: pointer; white-space: nowrap; overflow: hidden;
                    text-overflow: ellipsis; }
  #kg-predicates { max-height: 180px; overflow-y: auto; }
  .kg-glyph { display: inline-block; width: 1.1em; text-align: center; }
  .kg-count { color: #888; }
  #kg-search-status { color: #b00020; display: block; }
  #kg-search-status:empty { display: none; }
  #kg-stats { color: #555; margin-top: 6px; }
  #kg-details { margin-top: 6px; border-top: 1px solid #ddd; padding-top: 6px; }
  #kg-details:empty { display: none; }
  #kg-details ul { margin: 4px 0; padding-left: 16px; }
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

# Runs right after: the page is ready once the layout has settled (physics then stops so the page goes
# idle) or, for a precomputed layout, once the first frame is drawn.
_POST_JS = """
              function kgReady() { if (window.kgReady) { return; }
                                   window.kgReadyAt = performance.now(); window.kgStabilized = true; window.kgReady = true;
                                   document.dispatchEvent(new Event("kg-ready")); }
              if (options.physics && options.physics.enabled === false) {
                network.once("afterDrawing", kgReady);
              } else {
                // vis-network still emits "stabilized" (from a timer) after the last iteration, and the view
                // it leaves then would undo a search made in between: ready after it (or after 1 s)
                network.once("stabilizationIterationsDone", function () {
                  network.setOptions({physics: {enabled: false}});
                  network.once("stabilized", function () { setTimeout(kgReady, 0); });
                  setTimeout(kgReady, 1000);
                });
              }"""

_PANEL_JS = """
<script>
(function () {
  var input = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  var details = document.getElementById("kg-details");
  function names(n) { return (n.kgNames || [n.label]).map(function (s) { return String(s).toLowerCase(); }); }

  // --- search: select and zoom to the best match (exact name first, then substring) ---
  window.kgFocus = function (text) {
    var q = String(text || "").trim().toLowerCase();
    var all = nodes.get({filter: function (n) { return !n.hidden; }});
    var hit = q && (all.find(function (n) { return names(n).indexOf(q) !== -1; }) ||
                    all.find(function (n) { return names(n).some(function (s) { return s.indexOf(q) !== -1; }); }));
    status.textContent = hit || !q ? "" : "not found";
    if (!hit) { return null; }
    network.selectNodes([hit.id]);
    network.focus(hit.id, {scale: 1.3, animation: {duration: 600, easingFunction: "easeInOutQuad"}});
    showNode(hit.id);
    return hit.id;
  };
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    window.kgFocus(input.value);
  });

  // --- filters: entity types and predicates; an edge shows only when both its ends do ---
  function checked(selector, attr) {
    var on = {};
    document.querySelectorAll(selector).forEach(function (box) { on[box.getAttribute(attr)] = box.checked; });
    return on;
  }
  window.kgApplyFilters = function () {
    var types = checked("input[data-kg-type]", "data-kg-type");
    var preds = checked("input[data-kg-predicate]", "data-kg-predicate");
    var hiddenNode = {};
    nodes.update(nodes.get().map(function (n) {
      hiddenNode[n.id] = types[n.kgType] === false;
      return {id: n.id, hidden: hiddenNode[n.id]};
    }));
    edges.update(edges.get().map(function (e) {
      return {id: e.id, hidden: preds[e.kgPredicate] === false || hiddenNode[e.from] || hiddenNode[e.to]};
    }));
    var shownNodes = network.body.nodeIndices.length, shownEdges = network.body.edgeIndices.length;
    document.getElementById("kg-shown").textContent =
      shownNodes === nodes.length && shownEdges === edges.length ? "" :
      " (showing " + shownNodes + " · " + shownEdges + ")";
  };
  document.querySelectorAll("input[data-kg-type], input[data-kg-predicate]").forEach(function (box) {
    box.addEventListener("change", window.kgApplyFilters);
  });
  document.querySelectorAll("button[data-kg-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      var on = button.getAttribute("data-kg-all") === "on";
      document.querySelectorAll("input[" + button.getAttribute("data-kg-for") + "]")
        .forEach(function (box) { box.checked = on; });
      window.kgApplyFilters();
    });
  });

  // --- click: the tooltip's content stays in the panel, with the entity's relations listed ---
  function copyTip(item) {
    details.textContent = "";
    if (item && item.title instanceof Element) { details.appendChild(item.title.cloneNode(true)); }
  }
  function showNode(id) {
    copyTip(nodes.get(id));
    var list = document.createElement("ul");
    network.getConnectedEdges(id).forEach(function (eid) {
      var e = edges.get(eid);
      if (!e || e.hidden) { return; }
      var li = document.createElement("li");
      li.textContent = nodes.get(e.from).label + " " + e.label + " " + nodes.get(e.to).label;
      list.appendChild(li);
    });
    if (list.childNodes.length) { details.appendChild(list); }
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { copyTip(edges.get(params.edges[0])); }
    else { details.textContent = ""; }
  });
})();
</script>
"""


def _checkbox(attr: str, value: str, glyph: str, color: str, count: int) -> str:
    v = escape(value, quote=True)
    mark = f'<span class="kg-glyph" style="color:{escape(color, quote=True)}">{escape(glyph)}</span>' if glyph else ""
    return (f'<label title="{v}"><input type="checkbox" checked {attr}="{v}"> {mark}{escape(value)} '
            f'<span class="kg-count">({count})</span></label>')


def _panel(vg: ViewGraph) -> str:
    """Search box, legend with type filters, predicate filters, counts and a details box; all escaped."""
    names = sorted({name for n in vg.nodes.values() for name in (n.label, *n.alt_labels)}, key=str.lower)
    options = "".join(f'<option value="{escape(name, quote=True)}"></option>' for name in names)
    present = Counter(n.type for n in vg.nodes.values())
    legend = "".join(_checkbox("data-kg-type", t, style_of(t).glyph, style_of(t).color, count)
                     for t, count in sorted(present.items(), key=lambda tc: (-tc[1], tc[0])))
    used = Counter(e.label for e in vg.edges)
    predicates = "".join(_checkbox("data-kg-predicate", p, "", "", count)
                         for p, count in sorted(used.items(), key=lambda pc: (-pc[1], pc[0])))

    def toggles(attr: str) -> str:
        return "".join(f'<button type="button" data-kg-all="{state}" data-kg-for="{attr}">{state}</button>'
                       for state in ("on", "off"))

    return (
        '<div id="kg-panel">'
        '<form id="kg-search-form" autocomplete="off">'
        '<input id="kg-search" type="search" list="kg-names" placeholder="Find an entity" '
        'aria-label="Find an entity"> <button type="submit">Find</button>'
        '<span id="kg-search-status" role="status"></span></form>'
        f'<datalist id="kg-names">{options}</datalist>'
        f'<h2>Entity types <span>{toggles("data-kg-type")}</span></h2><div id="kg-legend">{legend}</div>'
        f'<h2>Relations <span>{toggles("data-kg-predicate")}</span></h2><div id="kg-predicates">{predicates}</div>'
        f'<div id="kg-stats">{len(vg.nodes)} entities · {len(vg.edges)} relations<span id="kg-shown"></span>'
        "<br>size: number of relations · hover or click for sources</div>"
        '<div id="kg-details" aria-live="polite"></div>'
        "</div>"
    )


def _focus_js(node_id: str) -> str:
    """Select one entity once the page is ready (the centre of an ego view).

    The layout can settle, and ``kg-ready`` fire, before the parser reaches this script (a timer may
    run between two script elements), so a page that is already ready selects at once.
    """
    return ("<script>(function () { function focus() {"
            f" network.selectNodes([{_js_string(node_id)}]); }}"
            " if (window.kgReady) { focus(); } else { document.addEventListener('kg-ready', focus); } })();</script>")


def _js_string(text: str) -> str:
    """A JS string literal that cannot close the surrounding <script> element."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_html(vg: ViewGraph, focus: str | None = None) -> str:
    """The complete offline HTML page; *focus* names an entity id to select once the page is ready."""
    html = build_network(vg).generate_html(name="graph.html")
    for pattern in _STRIP:
        html = pattern.sub("", html)
    html = "<!DOCTYPE html>\n" + html.replace("<html>", '<html lang="en">', 1)
    if _ANCHOR not in html:
        raise RuntimeError("pyvis template changed: cannot find where the network is created")
    html = html.replace(_ANCHOR, _PRE_JS + _ANCHOR + _POST_JS, 1)
    html = html.replace("</head>", _CSS + "</head>", 1)
    tail = _panel(vg) + _PANEL_JS + (_focus_js(focus) if focus and focus in vg.nodes else "")
    html = html.replace("</body>", tail + "</body>", 1)
    if _EXTERNAL_REF.search(html):
        raise RuntimeError("graph.html would load a resource from the network")
    return html


def iframe(page: str, height: int = 600) -> str:
    """An <iframe> holding a whole page inline (notebooks): sandboxed, scripts allowed, no file needed."""
    return (f'<div><iframe srcdoc="{escape(page, quote=True)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe></div>')

