"""graph.html in a real headless Chromium: it draws every entity, runs offline and stays un-pwned.

Chromium comes from Debian's package (playwright's own browser download is not available here); if it
is missing the fixture installs it and fails loudly when it cannot. This test never skips.
The sample-article pages are built with the real pipeline (spaCy model, Oxigraph store); the numbers
they are checked against are read from that store with SPARQL written here, not by kg.views.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_extraction
from playwright.sync_api import Browser, Error, Page

from kg import api
from kg.views import LAYOUT_THRESHOLD, WEBGL_THRESHOLD, ViewEdge, ViewEvidence, ViewGraph, ViewNode, render_html
from kg.views.pyvis_page import _focus_js

ROOT = Path(__file__).resolve().parent.parent
DOCS_SCREENSHOT = ROOT / "docs" / "graph.png"
PWNED = 'onerror="window.__pwned=1"'
HOSTILE_ARTICLE = f"""Putin meets Xi <script>window.__pwned=1</script>

Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Thursday <img src=x {PWNED}> \
<script>window.__pwned=1</script>.

Putin praised China, the Kremlin said.
"""

ENTITY = "?e a ?t . FILTER(STRSTARTS(STR(?t), STR(kg:)) && ?t != kg:Article && ?t != kg:Evidence)"
RELATION = """
  ?s ?p ?o . FILTER(STRSTARTS(STR(?p), STR(kg:)) || STRSTARTS(STR(?p), STR(kgo:)))
  FILTER(?p != kg:coMentionedWith)  # co-mentions are not relations
  FILTER EXISTS { ?s a ?ts . FILTER(STRSTARTS(STR(?ts), STR(kg:)) && ?ts != kg:Article && ?ts != kg:Evidence) }
  FILTER EXISTS { ?o a ?to . FILTER(STRSTARTS(STR(?to), STR(kg:)) && ?to != kg:Article && ?to != kg:Evidence) }
"""


def count(store: Path, where: str, var: str = "?e") -> int:
    res = api.query(f"SELECT (COUNT(DISTINCT {var}) AS ?n) WHERE {{ {where} }}", store=store)
    return int(res.rows[0][0].value)


def count_relations(store: Path, extra: str = "") -> int:
    res = api.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {RELATION} {extra} }} }}",
                    store=store)
    return int(res.rows[0][0].value)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    api.build_with_summary([ROOT / "examples" / "articles"], out=out, progress=False)
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("hostile-src")
    (src / "evil.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile")
    api.build_with_summary([src], out=out, progress=False)
    return out


def open_page(browser: Browser, html: Path, errors: list[str], requests: list[str] | None = None) -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    if requests is not None:
        page.on("request", lambda req: requests.append(req.url))
    page.goto(html.as_uri())
    page.wait_for_function("window.kgReady === true", timeout=60_000)
    return page


def drawn(page: Page) -> tuple[int, int]:
    """Nodes and edges vis-network draws (hidden ones and edges of hidden nodes are not in these)."""
    nodes, edges = page.evaluate("[network.body.nodeIndices.length, network.body.edgeIndices.length]")
    return nodes, edges


def point_on_edge(page: Page, edge_id: str) -> tuple[float, float]:
    """Page coordinates of a point on the edge that vis-network's hover test matches to that edge alone."""
    box = page.locator("#mynetwork").bounding_box()
    assert box is not None
    x, y = page.evaluate("""id => {
        const edge = network.body.edges[id];
        const ts = [...Array(17).keys()].map(i => 0.1 + i * 0.05).sort((a, b) => Math.abs(a - 0.5) - Math.abs(b - 0.5));
        for (const t of ts) {
          const c = edge.edgeType.getPoint(t);
          const probe = {left: c.x, top: c.y, right: c.x, bottom: c.y};
          const hits = network.body.edgeIndices.filter(e => network.body.edges[e].isOverlappingWith(probe));
          const p = network.canvasToDOM(c);
          if (hits.length === 1 && hits[0] === id && network.getNodeAt(p) === undefined) { return [p.x, p.y]; }
        }
        throw new Error("no point of edge " + id + " is clear of other nodes and edges");
    }""", edge_id)
    return box["x"] + x, box["y"] + y


def hover_edge(page: Page, edge_id: str) -> str:
    """Frame the edge's two ends, move the mouse onto the edge and return the tooltip's text."""
    page.evaluate("id => { const e = edges.get(id); network.fit({nodes: [e.from, e.to], animation: false}); }", edge_id)
    x, y = point_on_edge(page, edge_id)
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=30_000)
    return page.inner_text("div.vis-tooltip")


def edge_with(page: Page, predicate: str) -> str:
    return page.evaluate("p => edges.get({filter: e => e.kgPredicate === p})[0].id", predicate)


# --- hand-made graph -----------------------------------------------------------------------------------


def test_graph_html_in_chromium(browser: Browser, tmp_path: Path) -> None:
    ex = make_extraction()
    html = render_html(ex, tmp_path / "graph.html")
    errors: list[str] = []
    requests: list[str] = []
    page = open_page(browser, html, errors, requests)

    assert errors == []
    assert requests == [html.as_uri()]  # nothing fetched from anywhere else
    assert drawn(page) == (len(ex.entities), len(ex.relations))
    assert page.evaluate("network.physics.options.enabled") is False  # physics stopped after stabilising
    assert page.evaluate("typeof window.__pwned") == "undefined"

    # the hostile sentence reaches the tooltip as text, not markup
    tip = page.evaluate("network.body.data.edges.get('e0').title.textContent")
    assert '<img src=x onerror="window.__pwned=1">' in tip and "<script>window.__pwned=1</script>" in tip
    assert page.evaluate("network.body.data.edges.get('e0').title.querySelectorAll('img, script').length") == 0

    # hovering the edge shows the tooltip; the search box selects and focuses an entity
    text = hover_edge(page, "e0")
    assert "Putin met Xi in Beijing on Thursday." in text and "Putin meets Xi · 2024-05-16" in text
    page.fill("#kg-search", "russian federation")
    page.press("#kg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["russia"]
    page.fill("#kg-search", "atlantis")
    page.press("#kg-search", "Enter")
    assert page.inner_text("#kg-search-status") == "not found"
    assert page.evaluate("typeof window.__pwned") == "undefined"

    shot = tmp_path / "screenshot.png"  # the test's own folder: tests never write into the checkout's output/
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    page.close()


# --- the sample articles -------------------------------------------------------------------------------


def test_sample_draws_every_entity_and_relation_offline(sample: Path, browser: Browser) -> None:
    store = sample / "store"
    errors: list[str] = []
    requests: list[str] = []
    page = open_page(browser, sample / "graph.html", errors, requests)
    entities, relations = count(store, ENTITY), count_relations(store)
    assert entities > 50 and relations > 40
    assert drawn(page) == (entities, relations)
    assert errors == [] and requests == [(sample / "graph.html").as_uri()]
    assert page.evaluate("network.physics.options.enabled") is False
    assert page.inner_text("#kg-stats").startswith(f"{entities} entities · {relations} relations")
    page.close()


def test_sample_search_focuses_vladimir_putin(sample: Path, browser: Browser) -> None:
    errors: list[str] = []
    page = open_page(browser, sample / "graph.html", errors)
    page.evaluate("network.once('animationFinished', () => { window.focusDone = true; })")
    page.fill("#kg-search", "Vladimir Putin")
    page.press("#kg-search", "Enter")
    page.wait_for_function("window.focusDone === true", timeout=60_000)  # a bound, not a speed test
    selected = page.evaluate("network.getSelectedNodes().map(id => nodes.get(id).label)")
    centre, node = page.evaluate("""[network.getViewPosition(),
                                     network.getPositions(network.getSelectedNodes())[network.getSelectedNodes()[0]]]""")
    assert selected == ["Vladimir Putin"]
    assert math.dist((centre["x"], centre["y"]), (node["x"], node["y"])) < 5  # the view is centred on him
    assert abs(page.evaluate("network.getScale()") - 1.3) < 0.01
    details = page.inner_text("#kg-details")
    assert "Vladimir Putin" in details and "Person" in details and "apologised to" in details
    assert errors == []
    page.close()


def clear_edge(page: Page, preferred: str, frame: bool = True) -> str:
    """The first edge, *preferred* predicate first, with a point that hovers that edge alone.

    With *frame*, the view zooms onto each candidate's two ends first; without, the current view stays.
    """
    ids = page.evaluate("p => edges.get().sort((a, b) => (b.kgPredicate === p) - (a.kgPredicate === p)).map(e => e.id)",
                        preferred)
    for edge_id in ids:
        if frame:
            page.evaluate("id => { const e = edges.get(id); network.fit({nodes: [e.from, e.to], animation: false}); }",
                          edge_id)
        try:
            point_on_edge(page, edge_id)
        except Error:
            continue
        return edge_id
    raise AssertionError("every edge is overlapped by another one")


EVIDENCE_OF = """
SELECT ?sentence ?title WHERE {
  ?s rdfs:label ?from . ?o rdfs:label ?to . ?p rdfs:label ?predicate .
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:sentence ?sentence ; prov:wasDerivedFrom ?a .
  ?a dcterms:title ?title .
  FILTER(STR(?from) = %s && STR(?to) = %s && STR(?predicate) = %s)
}"""


def test_sample_hovering_an_edge_shows_its_evidence(sample: Path, browser: Browser) -> None:
    errors: list[str] = []
    page = open_page(browser, sample / "graph.html", errors)
    edge = clear_edge(page, "apologised to")
    source, predicate, target = page.evaluate(
        "id => { const e = edges.get(id); return [nodes.get(e.from).label, e.kgPredicate, nodes.get(e.to).label]; }",
        edge)
    res = api.query(EVIDENCE_OF % tuple(json.dumps(x) for x in (source, target, predicate)), store=sample / "store")
    assert res.rows, (source, predicate, target)
    text = " ".join(hover_edge(page, edge).split())
    assert f"{source} {predicate} {target}" in text
    assert any(" ".join(row[0].value.split()) in text and row[1].value in text for row in res.rows)
    # clicking the edge keeps the evidence in the panel
    page.mouse.click(*point_on_edge(page, edge))
    details = " ".join(page.inner_text("#kg-details").split())
    assert any(" ".join(row[0].value.split()) in details for row in res.rows)
    assert errors == []
    page.close()


def test_sample_filters_hide_types_and_predicates(sample: Path, browser: Browser) -> None:
    store = sample / "store"
    entities, relations = count(store, ENTITY), count_relations(store)
    persons = count(store, "?e a kg:Person")
    without_persons = count_relations(store, "FILTER NOT EXISTS { ?s a kg:Person } FILTER NOT EXISTS { ?o a kg:Person }")
    located = count_relations(store, "FILTER(?p = kg:locatedIn)")
    assert persons > 5 and 0 < without_persons < relations and located > 0
    errors: list[str] = []
    page = open_page(browser, sample / "graph.html", errors)

    page.uncheck('input[data-kg-type="Person"]')
    assert drawn(page) == (entities - persons, without_persons)
    assert page.evaluate("nodes.get({filter: n => !n.hidden && n.kgType === 'Person'}).length") == 0
    page.fill("#kg-search", "Vladimir Putin")  # a hidden entity cannot be found
    page.press("#kg-search", "Enter")
    assert page.inner_text("#kg-search-status") == "not found"
    page.click('button[data-kg-for="data-kg-type"][data-kg-all="on"]')
    assert drawn(page) == (entities, relations)

    page.uncheck('input[data-kg-predicate="located in"]')
    assert drawn(page) == (entities, relations - located)
    assert f"showing {entities} · {relations - located}" in page.inner_text("#kg-stats")
    page.click('button[data-kg-for="data-kg-predicate"][data-kg-all="off"]')
    assert drawn(page) == (entities, 0)
    page.check('input[data-kg-predicate="located in"]')
    assert drawn(page) == (entities, located)
    assert errors == []
    page.close()


def test_hostile_article_runs_nothing(hostile: Path, browser: Browser) -> None:
    errors: list[str] = []
    page = open_page(browser, hostile / "graph.html", errors)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    met = edge_with(page, "met with")
    text = hover_edge(page, met)
    assert f"<img src=x {PWNED}>" in text and "<script>window.__pwned=1</script>" in text
    page.fill("#kg-search", "Putin")
    page.press("#kg-search", "Enter")
    page.evaluate("id => network.selectEdges([id])", met)
    page.wait_for_timeout(300)
    tips = page.evaluate("""[...nodes.get(), ...edges.get()].map(x => x.title.querySelectorAll('img, script').length)
                            .reduce((a, b) => a + b, 0)""")
    assert tips == 0
    assert page.evaluate("document.querySelectorAll('#kg-panel img, #kg-panel script, .vis-tooltip img').length") == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert errors == []
    page.close()


def test_sample_screenshot_for_the_readme(sample: Path, browser: Browser, tmp_path: Path) -> None:
    """The README's picture: the whole sample graph with one fact's evidence open.

    Written to a temporary file, so a test run leaves the checkout as it was; with
    ``KG_UPDATE_DOCS=1`` it replaces docs/graph.png.
    """
    errors: list[str] = []
    page = open_page(browser, sample / "graph.html", errors)
    page.evaluate("network.fit({animation: false})")
    x, y = point_on_edge(page, clear_edge(page, "apologised to", frame=False))
    page.mouse.move(x - 20, y - 20)
    page.mouse.move(x, y, steps=5)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=30_000)
    shot = DOCS_SCREENSHOT if os.environ.get("KG_UPDATE_DOCS") == "1" else tmp_path / "graph.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 50_000 and errors == []
    page.close()


def test_ego_view_from_the_store(sample: Path, browser: Browser, tmp_path: Path) -> None:
    """`kg view "vladimir putin"` draws Putin's neighbourhood, read from the store, with him selected."""
    out = tmp_path / "putin.html"
    proc = subprocess.run([str(Path(sys.executable).parent / "kg"), "view", "vladimir putin", "--store",
                           str(sample / "store"), "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    store = sample / "store"
    kg_predicate = "FILTER((STRSTARTS(STR(?p), STR(kg:)) || STRSTARTS(STR(?p), STR(kgo:))) && ?p != kg:coMentionedWith)"
    neighbours = count(store, f"{{ kgr:vladimir-putin ?p ?e . {kg_predicate} }} UNION "
                              f"{{ ?e ?p kgr:vladimir-putin . {kg_predicate} }} {ENTITY}")
    errors: list[str] = []
    page = open_page(browser, out, errors)
    labels = page.evaluate("network.body.nodeIndices.map(id => nodes.get(id).label)")
    selected = page.evaluate("network.getSelectedNodes().map(id => nodes.get(id).label)")
    assert len(labels) == neighbours + 1 and "Vladimir Putin" in labels and "Ilham Aliyev" in labels
    assert selected == ["Vladimir Putin"] and errors == []
    page.close()


def test_focus_holds_when_the_page_was_ready_before_the_focus_script(browser: Browser, tmp_path: Path) -> None:
    """The cause of a flaky ego view: a small layout can settle, and ``kg-ready`` fire, before the parser
    reaches the focus script. Run that script on a page that is already ready: it still selects."""
    errors: list[str] = []
    page = open_page(browser, render_html(make_extraction(), tmp_path / "ready.html"), errors)
    assert page.evaluate("network.getSelectedNodes()") == []
    script = _focus_js("xi-jinping").removeprefix("<script>").removesuffix("</script>")
    page.add_script_tag(content=script)
    assert page.evaluate("network.getSelectedNodes()") == ["xi-jinping"] and errors == []
    page.close()


def test_large_page_is_laid_out_and_filterable(browser: Browser, tmp_path: Path) -> None:
    """Past the threshold the page starts with precomputed positions, no physics, and still filters."""
    n = LAYOUT_THRESHOLD + 100
    vg = ViewGraph({f"n{i}": ViewNode(f"n{i}", f"N{i}", "Person" if i % 2 else "City") for i in range(n)})
    vg.edges = [ViewEdge(f"n{i}", f"n{(i * 7 + 3) % n}", "met with" if i % 2 else "located in") for i in range(n)]
    errors: list[str] = []
    page = open_page(browser, render_html(vg, tmp_path / "big.html"), errors)
    assert drawn(page) == (n, n)
    assert page.evaluate("network.physics.options.enabled") is False
    positions = page.evaluate("Object.values(network.getPositions()).map(p => [p.x, p.y])")
    assert len({tuple(p) for p in positions}) == n
    page.uncheck('input[data-kg-type="City"]')
    city_free = sum(1 for e in vg.edges if int(e.source[1:]) % 2 and int(e.target[1:]) % 2)
    assert drawn(page) == (n // 2, city_free)
    assert errors == []
    page.close()


# --- the WebGL overview (sigma.js) of a big graph ----------------------------------------------------------

HOSTILE_NAME = "Evil <img src=x onerror=window.__pwned=1> Corp"
HOSTILE_SENTENCE = "They met <script>window.__pwned=1</script> and <img src=x onerror=window.__pwned=1> today."


def overview_graph() -> ViewGraph:
    """Hubs with spokes (hub i links spokes i*10 .. i*10+9), past the WebGL threshold, plus entities
    without relations, one hostile name and one hostile sentence; evidence dated over two years."""
    hubs, spokes = 110, 10
    vg = ViewGraph()
    for h in range(hubs):
        vg.nodes[f"h{h}"] = ViewNode(f"h{h}", f"Hub {h}", "Country", [f"hub alias {h}"], types=["Country"])
        for s in range(spokes):
            k = h * spokes + s
            t = "Person" if k % 2 else "City"
            vg.nodes[f"s{k}"] = ViewNode(f"s{k}", f"Spoke {k}", t, types=[t])
            date = f"{2023 + k % 2}-{k % 12 + 1:02d}-15"
            ev = ViewEvidence(f"Spoke {k} and hub {h} said so.", f"Story {k % 7}", date)
            vg.edges.append(ViewEdge(f"s{k}", f"h{h}", "met with" if k % 3 else "located in", [ev]))
        if h:
            vg.edges.append(ViewEdge(f"h{h}", f"h{h - 1}", "criticised",
                                     [ViewEvidence(f"Hub {h} criticised hub {h - 1}.", "Story 0", "")]))
    vg.nodes["evil"] = ViewNode("evil", HOSTILE_NAME, "Organization", types=["Organization"])
    vg.edges.append(ViewEdge("evil", "h0", "met with", [ViewEvidence(HOSTILE_SENTENCE, "Evil <b>story</b>", "2023-03-01")]))
    for i in range(40):
        vg.nodes[f"lone{i}"] = ViewNode(f"lone{i}", f"Loner {i}", "Person", types=["Person"])
    vg.comentions = [("s1", "s12", 3), ("s2", "s23", 2)]
    return vg


@pytest.fixture(scope="module")
def overview(tmp_path_factory: pytest.TempPathFactory) -> tuple[ViewGraph, Path]:
    vg = overview_graph()
    assert len(vg.nodes) > WEBGL_THRESHOLD
    return vg, render_html(vg, tmp_path_factory.mktemp("overview") / "graph.html")


def shown(page: Page) -> tuple[int, int]:
    return tuple(page.evaluate("kgShown()"))  # type: ignore[return-value]


def viewport_point(page: Page, key: str) -> tuple[float, float]:
    """Page coordinates of an entity drawn now (in the overview, or in the neighbourhood shown)."""
    box = page.locator("#kg-graph").bounding_box()
    assert box is not None
    x, y = page.evaluate("k => { const p = kg.renderer.graphToViewport(kg.renderer.getGraph().getNodeAttributes(k)); "
                         "return [p.x, p.y]; }", key)
    return box["x"] + x, box["y"] + y


#: The labels sigma drew, each as the box its text covers (13 px, bold, right of the disc), in the graph area.
DRAWN_LABEL_BOXES = """() => {
  const r = kg.renderer, ctx = document.createElement("canvas").getContext("2d");
  ctx.font = "600 13px system-ui, Arial, sans-serif";
  return [...r.getNodeDisplayedLabels()].map(key => {
    const d = r.getNodeDisplayData(key), p = r.framedGraphToViewport(d), s = r.scaleSize(d.size);
    return [key, p.x + s + 3, p.y - 10, p.x + s + 3 + ctx.measureText(d.label).width, p.y + 4];
  });
}"""


def assert_labels_readable(page: Page) -> int:
    """Every label the page chose is drawn, whole inside the graph area and clear of every other label."""
    boxes = page.evaluate(DRAWN_LABEL_BOXES)
    width, height = page.evaluate("[kg.renderer.getDimensions().width, kg.renderer.getDimensions().height]")
    assert {b[0] for b in boxes} == set(page.evaluate("[...kg.labelled()]"))
    for i, (key, x0, y0, x1, y1) in enumerate(boxes):
        assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, key
        assert not any(x0 < o[3] and o[1] < x1 and y0 < o[4] and o[2] < y1 for o in boxes[:i]), key
    return len(boxes)


def test_overview_draws_connected_entities_with_webgl(overview: tuple[ViewGraph, Path], browser: Browser) -> None:
    vg, html = overview
    errors: list[str] = []
    requests: list[str] = []
    page = open_page(browser, html, errors, requests)
    connected = len(vg.nodes) - 40
    assert shown(page) == (connected, len(vg.edges))
    assert page.evaluate("kg.lone.length") == 40 and page.evaluate("kg.lone.some(i => kg.graph.hasNode('n' + i))") is False
    assert "40 entities without relations (not drawn)" in page.inner_text("#kg-lone summary")
    assert page.evaluate("!!document.querySelector('#kg-graph canvas').getContext('webgl2')") is True
    labels = page.evaluate("kg.labelled().size")
    assert labels >= 20  # the most central entities are labelled, each label clear of the others
    assert assert_labels_readable(page) == labels  # placed for the camera of the first screen
    page.click("#kg-all")  # the whole graph: labels chosen again for it, as readable
    page.wait_for_timeout(300)
    assert assert_labels_readable(page) >= 20
    panel, graph = page.locator("#kg-panel").bounding_box(), page.locator("#kg-graph").bounding_box()
    assert panel["x"] + panel["width"] <= graph["x"]  # the panel never covers the graph
    assert errors == [] and requests == [html.as_uri()]
    page.close()


def test_overview_search_and_click_show_a_neighbourhood(overview: tuple[ViewGraph, Path], browser: Browser) -> None:
    vg, html = overview
    errors: list[str] = []
    page = open_page(browser, html, errors)
    page.fill("#kg-search", "hub alias 5")  # an alternative name
    page.press("#kg-search", "Enter")
    # hub 5: its 10 spokes, hubs 4 and 6; 12 relations
    assert shown(page) == (13, 12)
    details = page.inner_text("#kg-details")
    assert "Hub 5" in details and "Country" in details and "Spoke 55 met with Hub 5" in " ".join(details.split())
    page.mouse.click(*viewport_point(page, "n" + str(sorted(vg.nodes).index("h4"))))
    page.wait_for_timeout(200)
    assert shown(page) == (13, 12) and "Hub 4" in page.inner_text("#kg-details")
    page.fill("#kg-search", "atlantis")
    page.press("#kg-search", "Enter")
    assert page.inner_text("#kg-search-status") == "not found"
    # an entity without relations is found and shown alone
    page.fill("#kg-search", "Loner 7")
    page.press("#kg-search", "Enter")
    assert shown(page) == (1, 0) and "no relation stated" in page.inner_text("#kg-details")
    box = page.locator("#kg-graph").bounding_box()
    page.mouse.click(box["x"] + 5, box["y"] + 5)  # the stage: back to the whole graph
    page.wait_for_timeout(200)
    assert shown(page) == (len(vg.nodes) - 40, len(vg.edges))
    assert errors == []
    page.close()


def test_overview_filters_and_time_slider(overview: tuple[ViewGraph, Path], browser: Browser) -> None:
    vg, html = overview
    errors: list[str] = []
    page = open_page(browser, html, errors)
    connected = {n for e in vg.edges for n in (e.source, e.target)}
    cities = {n for n in connected if vg.nodes[n].type == "City"}
    page.uncheck('input[data-kg-type="City"]')
    without_cities = [e for e in vg.edges if e.source not in cities and e.target not in cities]
    assert shown(page) == (len(connected - cities), len(without_cities))
    page.fill("#kg-search", "Spoke 998")  # a City: hidden, so not found
    page.press("#kg-search", "Enter")
    assert page.inner_text("#kg-search-status") == "not found"
    page.click('button[data-kg-for="data-kg-type"][data-kg-all="on"]')
    page.uncheck('input[data-kg-predicate="located in"]')
    assert shown(page) == (len(connected), sum(1 for e in vg.edges if e.label != "located in"))
    page.check('input[data-kg-predicate="located in"]')
    # the slider keeps relations with evidence in the period, and the entities they link
    page.evaluate("kgSetTime('2024-01', '2024-06')")
    in_period = [e for e in vg.edges if any("2024-01" <= ev.date[:7] <= "2024-06" for ev in e.evidence if ev.date)]
    ends = {n for e in in_period for n in (e.source, e.target)}
    assert 0 < len(in_period) < len(vg.edges)
    assert shown(page) == (len(ends), len(in_period))
    assert page.inner_text("#kg-time-label") == "2024-01 – 2024-06"
    page.evaluate("kgSetTime('2023-01', '2024-12')")
    assert shown(page) == (len(connected), len(vg.edges))
    assert errors == []
    page.close()


def test_overview_edge_evidence_on_hover_and_hostile_strings_stay_text(overview: tuple[ViewGraph, Path],
                                                                       browser: Browser) -> None:
    vg, html = overview
    errors: list[str] = []
    page = open_page(browser, html, errors)
    assert page.evaluate("window.kgFocus('Evil', 0)") == "evil"
    page.wait_for_timeout(200)
    a, b = viewport_point(page, "n" + str(sorted(vg.nodes).index("evil"))), viewport_point(page, "n" + str(sorted(vg.nodes).index("h0")))
    page.mouse.move(a[0] + 40, a[1] + 40)
    page.mouse.move((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, steps=4)
    page.wait_for_selector("#kg-tooltip", state="visible", timeout=30_000)
    tip = page.inner_text("#kg-tooltip")
    assert HOSTILE_SENTENCE in tip and "Evil <b>story</b> · 2023-03-01" in tip and HOSTILE_NAME in tip
    assert HOSTILE_NAME in page.inner_text("#kg-details")
    page.fill("#kg-search", "evil <img")
    assert HOSTILE_NAME in page.inner_text("#kg-suggestions")
    assert page.evaluate("document.querySelectorAll('#kg-panel img, #kg-panel script, #kg-tooltip img, #kg-tooltip script').length") == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # panning and zooming raise no error
    page.mouse.move(900, 450)
    page.mouse.wheel(0, -400)
    page.mouse.down()
    page.mouse.move(700, 300, steps=5)
    page.mouse.up()
    page.wait_for_timeout(300)
    assert errors == []
    page.close()


def test_overview_first_screen_labels_are_placed_for_its_camera(browser: Browser, tmp_path: Path) -> None:
    """The first screen frames the largest part (a star), not the 150 pairs beside it: its labels are
    chosen where that camera draws them, each whole and clear of the others, most central first."""
    from kg.views import overview

    vg = ViewGraph()
    vg.nodes["hub"] = ViewNode("hub", "Star Hub", "Organization", types=["Organization"])
    for k in range(80):
        vg.nodes[f"p{k}"] = ViewNode(f"p{k}", f"Point {k}", "Person", types=["Person"])
        vg.edges.append(ViewEdge(f"p{k}", "hub", "works for", [ViewEvidence(f"Point {k} works for the hub.", "Story 1", "")]))
    for k in range(150):
        vg.nodes[f"a{k}"] = ViewNode(f"a{k}", f"Pair {k} A", "Person", types=["Person"])
        vg.nodes[f"b{k}"] = ViewNode(f"b{k}", f"Pair {k} B", "Person", types=["Person"])
        vg.edges.append(ViewEdge(f"a{k}", f"b{k}", "met with", [ViewEvidence(f"A met B, pair {k}.", "Story 2", "")]))
    html = tmp_path / "graph.html"
    html.write_text(overview.page_html(vg), encoding="utf-8")
    errors: list[str] = []
    page = open_page(browser, html, errors)
    assert page.evaluate("kg.renderer.getCamera().getState().ratio") < 0.5  # zoomed in on the star
    labelled = page.evaluate("[...kg.labelled()].map(k => kg.graph.getNodeAttribute(k, 'label'))")
    assert "Star Hub" in labelled and len(labelled) >= 20
    assert assert_labels_readable(page) == len(labelled)
    assert errors == []
    page.close()


#: A relation of the whole graph drawn now, and the middle of it on screen when no entity is within 15 px of
#: it and no other relation within 8 px (so the pointer there is over that relation alone).
CLEAR_RELATION = """() => {
  const r = kg.renderer, g = r.getGraph(), dims = r.getDimensions();
  const at = k => r.framedGraphToViewport(r.getNodeDisplayData(k));
  const near = (p, a, b) => { const dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy;
    const u = l ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l)) : 0;
    return Math.hypot(p.x - a.x - u * dx, p.y - a.y - u * dy); };
  const edges = g.filterEdges(k => !r.getEdgeDisplayData(k).hidden);
  for (const k of edges) {
    const a = at(g.source(k)), b = at(g.target(k)), m = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
    if (m.x < 20 || m.y < 20 || m.x > dims.width - 20 || m.y > dims.height - 20) continue;
    if (g.someNode(n => { const p = at(n); return Math.hypot(p.x - m.x, p.y - m.y) < 15; })) continue;
    if (edges.some(o => o !== k && near(m, at(g.source(o)), at(g.target(o))) < 8)) continue;
    return [k, g.getEdgeAttribute(k, "j"), m.x, m.y];
  }
  return null;
}"""


def test_overview_relation_in_the_whole_graph_shows_its_evidence(overview: tuple[ViewGraph, Path],
                                                                 browser: Browser) -> None:
    vg, html = overview
    errors: list[str] = []
    page = open_page(browser, html, errors)
    page.click("#kg-all")
    page.wait_for_timeout(300)
    found = page.evaluate(CLEAR_RELATION)
    assert found is not None
    _, j, x, y = found
    edge = vg.edges[j]
    box = page.locator("#kg-graph").bounding_box()
    page.mouse.move(box["x"] + x + 30, box["y"] + y + 30)
    page.mouse.move(box["x"] + x, box["y"] + y, steps=3)
    page.wait_for_selector("#kg-tooltip", state="visible", timeout=30_000)
    tip = " ".join(page.inner_text("#kg-tooltip").split())
    assert edge.evidence[0].sentence in tip and f"{vg.nodes[edge.source].label} {edge.label} {vg.nodes[edge.target].label}" in tip
    page.mouse.move(box["x"] + 5, box["y"] + 5)  # off it: the tooltip goes
    page.wait_for_selector("#kg-tooltip", state="hidden", timeout=30_000)
    page.mouse.click(box["x"] + x, box["y"] + y)  # a click shows the relation in the panel, the graph stays
    assert edge.evidence[0].sentence in page.inner_text("#kg-details")
    assert shown(page) == (len(vg.nodes) - 40, len(vg.edges))
    assert errors == []
    page.close()


def test_overview_co_mentions_are_an_optional_faint_layer(overview: tuple[ViewGraph, Path], browser: Browser) -> None:
    vg, html = overview
    errors: list[str] = []
    page = open_page(browser, html, errors)
    drawn_co = "kg.graph.filterEdges((k, a) => a.co && !kg.renderer.getEdgeDisplayData(k).hidden).length"
    assert page.evaluate(drawn_co) == 0  # off by default
    assert "(2, same sentence; not relations)" in page.inner_text("#kg-comention-box")
    page.check("#kg-comentions")
    assert page.evaluate(drawn_co) == 2
    assert shown(page) == (len(vg.nodes) - 40, len(vg.edges))  # never counted as relations
    assert page.evaluate("kg.graph.filterEdges((k, a) => a.co).every(k => kg.graph.getEdgeAttribute(k, 'size') < 1)")
    assert errors == []
    page.close()


def test_overview_past_its_limits_draws_central_relations_and_points(browser: Browser, tmp_path: Path) -> None:
    """Past the limits (lowered here; the defaults are for 10,000s) the whole graph holds the most central
    relations of those the filters keep, as lines, entities as points; a search still shows every relation."""
    from kg.views import overview

    vg = overview_graph()
    html = tmp_path / "graph.html"
    html.write_text(overview.page_html(vg, limits={"overview_edges": 300, "points": 500, "thin": 500}), encoding="utf-8")
    errors: list[str] = []
    page = open_page(browser, html, errors)
    connected = len(vg.nodes) - 40
    assert shown(page) == (connected, 300)
    assert "300 most central relations" in page.inner_text("#kg-stats")
    types = page.evaluate("[...new Set(kg.graph.mapNodes((k, a) => a.type))]"), page.evaluate(
        "[...new Set(kg.graph.filterEdges((k, a) => !a.co).map(k => kg.graph.getEdgeAttribute(k, 'type')))]")
    assert types == (["point"], ["thin"])
    # the hubs (highest PageRank) keep the relations between them: 109 'criticised' links
    drawn_labels = "kg.graph.filterEdges((k, a) => !a.co).map(k => kg.graph.getEdgeAttribute(k, 'label'))"
    assert page.evaluate(drawn_labels).count("criticised") == 109
    # hub 5's spoke relations are out of the whole-graph picture, and the search shows all of them
    page.fill("#kg-search", "hub alias 5")
    page.press("#kg-search", "Enter")
    assert shown(page) == (13, 12)
    assert page.evaluate("kg.renderer.getGraph().mapEdges((k, a) => a.type).every(t => t === 'arrow')")
    box = page.locator("#kg-graph").bounding_box()
    page.mouse.click(box["x"] + 5, box["y"] + 5)
    page.wait_for_timeout(200)
    assert shown(page) == (connected, 300)
    # filters choose among the relations they keep
    page.uncheck('input[data-kg-predicate="criticised"]')
    assert shown(page)[1] == 300 and "criticised" not in page.evaluate(drawn_labels)
    page.check('input[data-kg-predicate="criticised"]')
    page.evaluate("kgSetTime('2024-01', '2024-06')")
    in_period = [e for e in vg.edges if any("2024-01" <= ev.date[:7] <= "2024-06" for ev in e.evidence if ev.date)]
    assert shown(page)[1] == min(300, len(in_period)) and 0 < len(in_period) < len(vg.edges)
    assert page.evaluate("""kg.graph.filterEdges((k, a) => !a.co).every(k => kgEvidence(kg.graph.getEdgeAttribute(k, 'j'))
                            .some(ev => ev[2] >= '2024-01' && ev[2] < '2024-07'))""")
    page.evaluate("kgSetTime('2023-01', '2024-12')")
    assert shown(page) == (connected, 300)
    page.mouse.move(900, 450)  # panning and zooming raise no error
    page.mouse.wheel(0, -400)
    page.mouse.down()
    page.mouse.move(700, 300, steps=5)
    page.mouse.up()
    page.wait_for_timeout(300)
    assert errors == []
    page.close()
