"""graph.html: written atomically, self-contained, and every article-derived string escaped."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from conftest import HOSTILE
from rdflib import Dataset, Graph, URIRef

from kg.model import Entity, Extraction, Relation
from kg.rdf import to_dataset, union_graph
from kg.views import (
    LAYOUT_THRESHOLD,
    ViewEdge,
    ViewEvidence,
    ViewGraph,
    ViewNode,
    compute_layout,
    edge_title,
    from_extraction,
    from_graph,
    render_html,
)

_NODES = re.compile(r"nodes = new vis\.DataSet\((\[.*?\])\);")
_EDGES = re.compile(r"edges = new vis\.DataSet\((\[.*?\])\);")


def _data(html: str) -> tuple[list[dict], list[dict]]:
    return json.loads(_NODES.search(html)[1]), json.loads(_EDGES.search(html)[1])


def test_html_written_with_every_entity_and_relation(extraction: Extraction, tmp_path: Path) -> None:
    path = render_html(extraction, tmp_path / "graph.html")
    html = path.read_text(encoding="utf-8")
    nodes, edges = _data(html)
    assert {n["id"] for n in nodes} == set(extraction.entities)
    assert {(e["from"], e["label"], e["to"]) for e in edges} == {
        ("vladimir-putin", "met with", "xi-jinping"), ("russia", "praised", "china"), ("beijing", "located in", "china")}
    assert all(e["arrows"] == "to" for e in edges)
    sizes = {n["id"]: n["size"] for n in nodes}
    assert sizes["china"] > sizes["vladimir-putin"]  # degree 2 vs 1
    shapes = {n["id"]: n["shape"] for n in nodes}
    assert shapes["vladimir-putin"] != shapes["russia"] != shapes["beijing"]
    assert 'id="kg-legend"' in html and 'id="kg-search"' in html
    assert re.search(r'data-kg-type="Country">.*?Country <span class="kg-count">\(2\)</span>', html)
    for predicate in ("met with", "praised", "located in"):
        assert f'data-kg-predicate="{predicate}"' in html
    assert '"stabilization": {"enabled": true' in html and "setOptions({physics: {enabled: false}})" in html
    assert all("x" not in n for n in nodes)  # small graphs are laid out by the browser's physics
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_no_external_resources(extraction: Extraction, tmp_path: Path) -> None:
    html = render_html(extraction, tmp_path / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", html, re.I)
    assert "vis.Network" in html and len(html) > 400_000  # vis-network is inlined


def test_article_text_is_escaped(extraction: Extraction, tmp_path: Path) -> None:
    extraction.entities["xi-jinping"].alt_labels.add('<script>alert("x")</script>')
    html = render_html(extraction, tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert '<script>alert("x")' not in html and "<b>bold</b>" not in html
    nodes, edges = _data(html)
    met = next(e for e in edges if e["label"] == "met with")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in met["title"]
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in met["title"]
    assert "<i>Teaser &lt;b&gt;bold&lt;/b&gt;</i>" in met["title"]
    xi = next(n for n in nodes if n["id"] == "xi-jinping")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in xi["title"]
    assert HOSTILE not in html


def test_href_in_text_does_not_switch_pyvis_to_raw_popups(tmp_path: Path) -> None:
    ex = Extraction(entities={"a": Entity("a", 'x href="javascript:alert(1)"', "Person"), "b": Entity("b", "B", "City")},
                    relations=[Relation("a", "livesIn", "b")])
    html = render_html(ex, tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "popup.innerHTML" not in html


def test_render_from_rdf_graph_matches_extraction(extraction: Extraction, tmp_path: Path) -> None:
    ttl = tmp_path / "graph.ttl"
    ttl.write_bytes(union_graph(to_dataset(extraction)).serialize(format="turtle", encoding="utf-8"))
    vg = from_graph(Graph().parse(ttl))
    direct = from_extraction(extraction)
    assert sorted(n.label for n in vg.nodes.values()) == sorted(n.label for n in direct.nodes.values())
    assert sorted((vg.nodes[e.source].label, e.label, len(e.evidence)) for e in vg.edges) == sorted(
        (direct.nodes[e.source].label, e.label, len(e.evidence)) for e in direct.edges)
    html = render_html(to_dataset(extraction), tmp_path / "g2.html").read_text(encoding="utf-8")
    assert 'Country <span class="kg-count">(2)</span>' in html


def test_edge_tooltip_names_article_and_date(extraction: Extraction) -> None:
    vg = from_extraction(extraction)
    met = next(e for e in vg.edges if e.label == "met with")
    title = edge_title(met, vg.nodes)
    assert "“Putin met Xi in Beijing on Thursday.”<br><i>Putin meets Xi · 2024-05-16</i>" in title
    located = next(e for e in vg.edges if e.label == "located in")
    assert "<i>Putin meets Xi · 2024-05-16</i>" in edge_title(located, vg.nodes)  # the article's date


def test_rdf_with_named_graphs_reads_as_their_union(extraction: Extraction) -> None:
    ds = Dataset()
    for i, triple in enumerate(sorted(union_graph(to_dataset(extraction)))):
        ds.graph(URIRef(f"urn:g{i % 3}")).add(triple)  # everything spread over named graphs
    assert len(ds.default_graph) == 0
    vg = from_graph(ds)
    assert len(vg.nodes) == len(extraction.entities) and len(vg.edges) == len(extraction.relations)
    assert sum(len(e.evidence) for e in vg.edges) == sum(len(r.evidence) for r in extraction.relations)


def _big(n: int) -> ViewGraph:
    """n entities in chains of 5 (n/5 components) with one relation label containing markup."""
    vg = ViewGraph({f"n{i}": ViewNode(f"n{i}", f"N{i}", "Person" if i % 2 else "City") for i in range(n)})
    vg.edges = [ViewEdge(f"n{i}", f"n{i + 1}", "<b>rel</b>" if i % 3 else "met with") for i in range(n - 1) if i % 5 != 4]
    return vg


def test_large_graph_gets_positions_and_no_physics(tmp_path: Path) -> None:
    vg = _big(LAYOUT_THRESHOLD + 50)
    html = render_html(vg, tmp_path / "graph.html").read_text(encoding="utf-8")
    nodes, edges = _data(html)
    assert len(nodes) == len(vg.nodes) and len(edges) == len(vg.edges)
    points = [(n["x"], n["y"]) for n in nodes]
    assert len(set(points)) == len(points)
    options = json.loads(re.search(r"var options = (\{.*?\});\n", html)[1])
    assert options["physics"]["enabled"] is False and options["edges"]["smooth"]["enabled"] is False
    # the entities of one chain sit closer together than the chains' spread
    pos = dict(zip((n["id"] for n in nodes), points, strict=True))
    within = max(math.dist(pos[f"n{i}"], pos[f"n{i + 1}"]) for i in range(0, 300, 5))
    spread = max(math.dist(p, q) for p in points[:50] for q in points[:50])
    assert within < spread / 3
    assert 'data-kg-predicate="&lt;b&gt;rel&lt;/b&gt;"' in html and "<b>rel</b>" not in html.split("<body>")[1]


def test_layout_is_deterministic() -> None:
    vg = _big(LAYOUT_THRESHOLD + 50)
    assert compute_layout(vg) == compute_layout(vg)


_LAYOUT_SCRIPT = """
import json, random
from kg.views import ViewEdge, ViewGraph, ViewNode, compute_layout
rng = random.Random(3)
ids = [f"e{i:03d}" for i in range(400)]
vg = ViewGraph({i: ViewNode(i, i.upper(), "Person") for i in ids})
vg.edges = [ViewEdge(rng.choice(ids), rng.choice(ids), "met with") for _ in range(500)]
print(json.dumps(sorted(compute_layout(vg).items())))
"""


def test_layout_does_not_depend_on_string_hashing() -> None:
    """Two processes hash strings differently; the picture of a big graph (communities and all) must not change."""
    import os
    import subprocess
    import sys

    outs = [subprocess.run([sys.executable, "-c", _LAYOUT_SCRIPT], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert outs[0] == outs[1] and len(json.loads(outs[0])) == 400


def test_focus_id_cannot_close_the_script(extraction: Extraction, tmp_path: Path) -> None:
    extraction.entities["x</script><script>window.__pwned=1//"] = Entity("x</script><script>window.__pwned=1//",
                                                                        "X", "Person")
    html = render_html(extraction, tmp_path / "g.html", focus="x</script><script>window.__pwned=1//").read_text()
    assert "network.selectNodes([" in html and "</script><script>window.__pwned" not in html


def _overview(n: int) -> ViewGraph:
    """n entities in chains of 5, a hostile name among them, and two entities without relations."""
    vg = _big(n)
    vg.nodes["n0"].label = "</script><script>window.__pwned=1</script>"
    vg.nodes["lone-a"] = ViewNode("lone-a", "Lone A", "Person")
    vg.nodes["lone-b"] = ViewNode("lone-b", "Lone B", "City")
    return vg


def _overview_data(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)[1])


def test_big_graph_gets_the_webgl_overview_small_and_ego_views_keep_pyvis(tmp_path: Path) -> None:
    from kg.views import WEBGL_THRESHOLD, page_html

    big = _overview(WEBGL_THRESHOLD + 50)
    hostile = "Line one\nline two </script><script>window.__pwned=1</script>"
    big.edges[0].evidence = [ViewEvidence(hostile, "Story <b>1</b>", "2024-01-02")]
    html = page_html(big)
    assert "new Sigma(" in html and "graphology" in html and "vis.Network" not in html
    assert "vis.Network" in page_html(big, focus="n1")  # an ego view stays pyvis
    assert "vis.Network" in page_html(_overview(LAYOUT_THRESHOLD))
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I) and "sourceMappingURL" not in html
    # the hostile label cannot close the data block: only the page's own script elements are there
    assert html.count("</script>") == 5 and "<script>window.__pwned" not in html
    data = _overview_data(html)
    rows = {row[0]: row for row in data["nodes"]}
    assert rows["n0"][1] == "</script><script>window.__pwned=1</script>"  # the name itself survives
    assert len(rows["lone-a"]) == 7 and len(rows["n1"]) == 12  # entities without relations get no position
    # evidence: one line per relation, in the order of the relations, read by the page when shown
    lines = re.search(r'<script type="application/json" id="kg-evidence">(.*?)</script>', html, re.S)[1].split("\n")
    assert len(lines) == len(data["edges"]) == len(big.edges)
    assert json.loads(lines[0]) == [[hostile, data["articles"].index("Story <b>1</b>"), "2024-01-02"]]
    assert data["period"] == [2024 * 12, 2024 * 12]
    assert page_html(big) == html  # same graph, same bytes


def test_overview_colours_follow_each_community_hub() -> None:
    from kg.views.overview import PALETTE, SMALL_COLOUR, community_colour

    assert community_colour("kgr:a", 10) == community_colour("kgr:a", 500) in PALETTE
    assert community_colour("kgr:a", 2) == SMALL_COLOUR
    assert len({community_colour(f"kgr:{i}", 10) for i in range(100)}) > 10


def test_co_mentions_stay_apart_from_relations(extraction: Extraction) -> None:
    """Co-mentions go to their own named graph and the view's faint layer, never among the relations."""
    from kg import analysis
    from kg.ontology import KG, KGR
    from kg.rdf import COMENTION_GRAPH

    extraction.comentions = {("russia", "vladimir-putin"): 3, ("china", "xi-jinping"): 2}
    ds = to_dataset(extraction)
    assert len(list(ds.graph(COMENTION_GRAPH).subject_objects(KG.coMentionedWith))) == 2
    vg = from_graph(ds)
    assert len(vg.edges) == len(extraction.relations)
    assert str(KG.coMentionedWith) not in {e.predicate for e in vg.edges}
    assert sorted(vg.comentions) == [(str(KGR["china"]), str(KGR["xi-jinping"]), 2),
                                     (str(KGR["russia"]), str(KGR["vladimir-putin"]), 3)]
    assert analysis.stats(analysis.to_networkx(vg))["relations"] == len(extraction.relations)
    assert from_extraction(extraction).comentions == [("china", "xi-jinping", 2), ("russia", "vladimir-putin", 3)]


def test_co_mentions_count_sentences_naming_both() -> None:
    import spacy

    from kg.entities import Mention
    from kg.model import Article
    from kg.pipeline import co_mentions

    doc = spacy.blank("en")("Ann Moss met Bo Lind . Bo Lind and Ann Moss and Cy Pell spoke . Cy Pell left .")
    for tok in doc:
        tok.is_sent_start = tok.i == 0 or doc[tok.i - 1].text == "."
    spans = {"ann": [(0, 2), (9, 11)], "bo": [(3, 5), (6, 8)], "cy": [(12, 14), (16, 18)]}
    ms = [Mention("a1", s, e, doc[s:e].text, "PERSON", entity=k) for k, offsets in spans.items() for s, e in offsets]
    found = {(r.subject, r.object): len(r.evidence) for r in co_mentions(doc, Article("a1", "a1.txt", doc.text), ms)}
    assert found == {("ann", "bo"): 2, ("ann", "cy"): 1, ("bo", "cy"): 1}
