"""The kg command against a store built from a hand-made extraction (no spaCy)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.api import write_outputs
from kg.cli import app
from kg.model import Extraction

runner = CliRunner()


@pytest.fixture
def out(extraction: Extraction, tmp_path: Path) -> Path:
    result = write_outputs(extraction, tmp_path / "output")
    assert str(result.summary) == f"2 articles, 5 entities, 3 relations → {tmp_path / 'output'}"
    return tmp_path / "output"


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "query", "export"):
        assert command in result.stdout


def test_build_writes_all_outputs(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl", "store"]
    assert len(Graph().parse(out / "graph.ttl")) > 0


def test_query_table_and_formats(out: Path) -> None:
    q = "SELECT ?who WHERE { ?who kg:metWith kgr:xi-jinping }"
    table = runner.invoke(app, ["query", q, "--store", str(out / "store")])
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[2].strip() == "kgr:vladimir-putin"
    csv = runner.invoke(app, ["query", q, "--store", str(out / "store"), "--format", "csv"])
    assert csv.stdout.splitlines() == ["who", "https://w3id.org/kgnews/id/vladimir-putin"]
    doc = json.loads(runner.invoke(app, ["query", q, "--store", str(out), "-f", "json"]).stdout)
    assert doc["results"]["bindings"][0]["who"]["value"].endswith("/vladimir-putin")
    tsv = runner.invoke(app, ["query", q, "--store", str(out), "-f", "tsv"])
    assert tsv.stdout.splitlines()[0] == "?who"


def test_query_from_rq_file(out: Path, tmp_path: Path) -> None:
    rq = tmp_path / "labels.rq"
    rq.write_text("SELECT ?l WHERE {\n  ?c a kg:Country ; rdfs:label ?l\n} ORDER BY ?l\n", encoding="utf-8")
    result = runner.invoke(app, ["query", str(rq), "--store", str(out / "store"), "-f", "csv"])
    assert result.exit_code == 0 and result.stdout.splitlines() == ["l", "China", "Russia"]
    missing = runner.invoke(app, ["query", str(tmp_path / "nope.rq"), "--store", str(out / "store")])
    assert missing.exit_code == 2 and "nope.rq" in missing.stderr


def test_query_syntax_error(out: Path) -> None:
    result = runner.invoke(app, ["query", "SELECT ?s\nWHERE { ?s kg:metWith }", "--store", str(out / "store")])
    assert result.exit_code == 1
    assert "line 2, column" in result.stderr and result.stdout == ""
    assert "Traceback" not in result.output


def test_query_without_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "ASK {}", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1 and "kg build" in result.stderr


def test_export(out: Path, extraction: Extraction, tmp_path: Path) -> None:
    ttl = runner.invoke(app, ["export", "--format", "turtle", "--store", str(out / "store")])
    assert ttl.exit_code == 0
    assert len(Graph().parse(data=ttl.stdout_bytes, format="turtle")) == len(Graph().parse(out / "graph.ttl"))
    target = tmp_path / "graph.jsonld"
    result = runner.invoke(app, ["export", "-f", "jsonld", "--store", str(out / "store"), "--out", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert len(Dataset().parse(target, format="json-ld")) == len(Graph().parse(out / "graph.ttl"))
    nt = runner.invoke(app, ["export", "-f", "ntriples", "--store", str(out / "store")])
    assert nt.stdout.count(" .\n") == len(Graph().parse(out / "graph.ttl"))
    bad = runner.invoke(app, ["export", "-f", "xml", "--store", str(out / "store")])
    assert bad.exit_code == 2


def test_build_missing_path_exits_2_naming_it(tmp_path: Path) -> None:
    """A real process: one line on stderr naming the path, exit 2, no traceback, nothing written."""
    present = tmp_path / "a.txt"
    present.write_text("Putin met Xi.", encoding="utf-8")
    missing = tmp_path / "no-such-article.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(present), str(missing), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert str(missing) in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr and not (tmp_path / "out").exists()
