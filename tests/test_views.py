"""graph.html: written atomically, self-contained, and every article-derived string escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import HOSTILE
from rdflib import Graph

from kg.model import Entity, Extraction, Relation
from kg.rdf import to_dataset, union_graph
from kg.views import from_extraction, from_graph, render_html

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
    assert 'id="kg-legend"' in html and "Country (2)" in html and 'id="kg-search"' in html
    assert '"stabilization": {"enabled": true' in html and "setOptions({physics: {enabled: false}})" in html
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
    assert "Country (2)" in render_html(to_dataset(extraction), tmp_path / "g2.html").read_text(encoding="utf-8")
