"""Graph analysis over a real Oxigraph store built from the hand-made extraction (no spaCy).

The hand-made graph: Vladimir Putin -met with-> Xi Jinping; Russia -praised-> China;
Beijing -located in-> China. Expected figures below are worked out by hand from that.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from typer.testing import CliRunner

from kg import analysis
from kg.api import write_outputs
from kg.cli import app
from kg.model import Entity, Extraction, Relation

runner = CliRunner()
KG_BIN = Path(sys.executable).parent / "kg"


@pytest.fixture
def store(extraction: Extraction, tmp_path: Path) -> Path:
    write_outputs(extraction, tmp_path / "out")
    return tmp_path / "out" / "store"


def test_store_as_multidigraph(store: Path) -> None:
    g = analysis.load(store)
    labels = {d["label"]: n for n, d in g.nodes(data=True)}
    assert sorted(labels) == ["Beijing", "China", "Russia", "Vladimir Putin", "Xi Jinping"]
    assert g.nodes[labels["Russia"]]["type"] == "Country"
    assert "Russian Federation" in g.nodes[labels["Russia"]]["names"]
    met = g.get_edge_data(labels["Vladimir Putin"], labels["Xi Jinping"])
    (data,) = met.values()
    assert data["label"] == "met with" and data["predicate"].endswith("#metWith")
    assert sorted(ev["sentence"][:10] for ev in data["evidence"]) == ["Putin met ", "Putin said"]
    assert {ev["date"] for ev in data["evidence"]} == {"2024-05-16", ""}
    assert g.number_of_edges() == 3


def test_find_entity_by_label_alt_label_any_case(store: Path) -> None:
    g = analysis.load(store)
    assert analysis.find_entity(g, "vladimir putin").endswith("/vladimir-putin")
    assert analysis.find_entity(g, "PRESIDENT  Putin").endswith("/vladimir-putin")
    assert analysis.find_entity(g, "russian federation").endswith("/russia")
    with pytest.raises(analysis.EntityNotFoundError) as err:
        analysis.find_entity(g, "Atlantis")
    assert err.value.exit_code == 2 and "Atlantis" in str(err.value)


def test_ego_view_grows_with_hops(store: Path) -> None:
    vg = analysis.from_store(store)
    beijing = next(k for k, n in vg.nodes.items() if n.label == "Beijing")
    one = analysis.ego_view(vg, beijing, 1)
    two = analysis.ego_view(vg, beijing, 2)
    assert sorted(n.label for n in one.nodes.values()) == ["Beijing", "China"]
    assert sorted(n.label for n in two.nodes.values()) == ["Beijing", "China", "Russia"]
    assert sorted(e.label for e in two.edges) == ["located in", "praised"]
    assert len(analysis.ego_view(vg, beijing, 0).nodes) == 1


def test_stats_counts_centrality_and_communities(store: Path) -> None:
    s = analysis.stats(analysis.load(store))
    assert (s["entities"], s["relations"], s["evidence"], s["components"]) == (5, 3, 4, 2)
    assert s["types"] == {"Country": 2, "Person": 2, "City": 1}
    assert s["predicates"] == {"located in": 1, "met with": 1, "praised": 1}
    assert s["central"]["degree"][0]["label"] == "China" and s["central"]["degree"][0]["value"] == 2
    assert s["central"]["betweenness"][0]["label"] == "China"  # the only entity on a path between two others
    assert s["central"]["pagerank"][0]["label"] == "China"  # two relations point at it
    assert sorted(sorted(c["members"]) for c in s["communities"]) == [
        ["Beijing", "China", "Russia"], ["Vladimir Putin", "Xi Jinping"]]


def test_stats_cli_table_and_json(store: Path) -> None:
    table = runner.invoke(app, ["stats", "--store", str(store)])
    assert table.exit_code == 0, table.output
    assert "5 entities, 3 relations" in table.stdout and "most central by PageRank" in table.stdout
    doc = json.loads(runner.invoke(app, ["stats", "--store", str(store), "--format", "json"]).stdout)
    assert doc["entities"] == 5 and doc["central"]["degree"][0]["label"] == "China"


def test_path_prints_direction_and_evidence(store: Path) -> None:
    result = runner.invoke(app, ["path", "Russia", "beijing", "--store", str(store)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Russia → Beijing: 1 shortest chain of 2 hops"
    assert "  Russia —praised→ China" in lines
    assert "  China ←located in— Beijing" in lines  # walked against the relation's direction
    assert "      “Beijing, China” (Putin meets Xi, 2024-05-16)" in lines


def test_path_errors_are_one_line(store: Path) -> None:
    none = runner.invoke(app, ["path", "Vladimir Putin", "China", "--store", str(store)])
    assert none.exit_code == 1 and "no chain of facts links Vladimir Putin and China" in none.stderr
    missing = runner.invoke(app, ["path", "Vladimir Putin", "Atlantis", "--store", str(store)])
    assert missing.exit_code == 2 and missing.stderr.count("\n") == 1 and "Atlantis" in missing.stderr


def test_several_shortest_chains_are_listed(tmp_path: Path) -> None:
    ex = Extraction(entities={k: Entity(k, k.upper(), "Person") for k in "abcd"},
                    relations=[Relation("a", "metWith", "b"), Relation("b", "metWith", "d"),
                               Relation("a", "metWith", "c"), Relation("d", "criticised", "c")])
    write_outputs(ex, tmp_path)
    g = analysis.load(tmp_path)
    chains = analysis.shortest_chains(g, analysis.find_entity(g, "A"), analysis.find_entity(g, "D"))
    assert [[g.nodes[h.end]["label"] for h in c] for c in chains] == [["B", "D"], ["C", "D"]]
    assert chains[1][1].facts[0].source.endswith("/d")  # D criticised C: stated from D's side


def test_view_command_writes_an_ego_page(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "ego.html"
    result = runner.invoke(app, ["view", "beijing", "--hops", "2", "--out", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "3 entities, 2 relations within 2 of Beijing" in result.stdout
    html = out.read_text(encoding="utf-8")
    assert '"label": "Russia"' in html and '"label": "Xi Jinping"' not in html
    default = runner.invoke(app, ["view", "Xi", "--store", str(store)])
    assert default.exit_code == 0 and (store.parent / "view-xi-jinping.html").exists()


def test_view_unknown_entity_exits_2_without_writing(store: Path, tmp_path: Path) -> None:
    proc = subprocess.run([str(KG_BIN), "view", "Atlantis", "--store", str(store), "--out", str(tmp_path / "x.html")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith("kg: error: no entity named 'Atlantis'") and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.html").exists()


def test_view_without_store_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["view", "Putin", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "run `kg build` first" in result.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_graphml_gexf_for_gephi(store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "--store", str(store), "--out", str(out)])
    assert result.exit_code == 0, result.output
    etree.parse(str(out))  # well-formed XML
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert g.is_directed() and g.number_of_nodes() == 5 and g.number_of_edges() == 3
    labels = {n: d["label"] for n, d in g.nodes(data=True)}
    (edge,) = [d for u, v, d in g.edges(data=True) if labels[u] == "Vladimir Putin"]
    assert edge["label"] == "met with" and "Putin met Xi in Beijing on Thursday." in edge["sentences"]
    assert edge["evidence_count"] == 2
    assert runner.invoke(app, ["export", "--format", fmt, "--store", str(store)]).stdout.startswith("<?xml")
