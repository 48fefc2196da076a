"""End to end over the two sample articles, with the real spaCy model, Oxigraph store and CLI.

The extraction score is measured with the project's scorer (``../shared/eval/score.py``) exactly as
users and reviewers run it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED, needs_shared
from playwright.sync_api import Browser
from rdflib import RDF, Dataset, URIRef

ROOT = Path(__file__).resolve().parent.parent
SCORER = SHARED / "eval" / "score.py"
KG = Path(sys.executable).parent / "kg"

WHO_APOLOGISED = """
SELECT ?who ?whom WHERE {
  ?s kg:apologisedTo ?o . ?s rdfs:label ?who . ?o rdfs:label ?whom .
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    proc = subprocess.run([str(KG), "build", str(ROOT / "examples" / "articles"), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"\d+ articles, \d+ entities, \d+ relations", proc.stdout + proc.stderr)
    return out


def test_build_writes_turtle_view_and_store(built: Path) -> None:
    assert (built / "graph.ttl").stat().st_size > 0
    assert (built / "graph.html").stat().st_size > 0
    assert (built / "store").is_dir()
    ds = Dataset()
    ds.parse(built / "graph.ttl", format="turtle")
    assert len(ds) > 100


def test_shared_scorer_extraction_score_meets_the_bar(built: Path) -> None:
    needs_shared(SCORER)
    proc = subprocess.run([sys.executable, str(SCORER), str(built / "graph.ttl")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    m = re.search(r"SCORE core_recall=([\d.]+) precision=([\d.]+)", proc.stdout)
    assert m, proc.stdout
    recall, precision = float(m.group(1)), float(m.group(2))
    assert recall >= 0.9 and precision >= 0.9, proc.stdout
    assert "0 gold entities split" in proc.stdout and "0 junk" in proc.stdout, proc.stdout


def test_query_who_apologised_to_whom(built: Path) -> None:
    proc = subprocess.run([str(KG), "query", WHO_APOLOGISED, "--store", str(built / "store"), "--format", "csv"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in proc.stdout.splitlines() if "Putin" in line and "Aliyev" in line]
    assert rows, proc.stdout


def test_query_syntax_error_names_line_and_column(built: Path) -> None:
    proc = subprocess.run([str(KG), "query", "SELECT ?x WHERE {\n  ?x ?y \n}", "--store", str(built / "store")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert re.search(r"line \d+", proc.stderr) and "Traceback" not in proc.stderr


def test_export_formats_parse(built: Path, tmp_path: Path) -> None:
    for fmt, rdflib_fmt in [("turtle", "turtle"), ("ntriples", "nt"), ("trig", "trig"), ("jsonld", "json-ld")]:
        out = tmp_path / f"g.{fmt}"
        proc = subprocess.run([str(KG), "export", "--format", fmt, "--store", str(built / "store"), "--out", str(out)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        ds = Dataset()
        ds.parse(out, format=rdflib_fmt)
        assert len(ds) > 100, fmt


def test_missing_path_is_a_one_line_error(tmp_path: Path) -> None:
    proc = subprocess.run([str(KG), "build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "nope" in proc.stderr and "Traceback" not in proc.stderr


def test_sample_graph_view_in_chromium(built: Path, browser: Browser) -> None:
    """The real graph.html of the sample articles: every entity drawn, search focuses Putin."""
    ds = Dataset()
    ds.parse(built / "graph.ttl", format="turtle")
    persons = set(ds.subjects(RDF.type, URIRef("https://w3id.org/kgnews/ontology#Person")))
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto((built / "graph.html").as_uri())
    page.wait_for_function("window.kgStabilized === true", timeout=60_000)
    labels = page.evaluate("network.body.data.nodes.get().map(n => n.label)")
    page.fill("#kg-search", "Vladimir Putin")
    page.press("#kg-search", "Enter")
    page.wait_for_timeout(800)
    selected = page.evaluate("network.getSelectedNodes().map(id => network.body.data.nodes.get(id).label)")
    page.close()
    assert errors == []
    assert {"Vladimir Putin", "Ilham Aliyev", "Gazprom", "Russia", "Azerbaijan"} <= set(labels)
    assert len(labels) >= len(persons) > 5
    assert selected == ["Vladimir Putin"]
