"""notebooks/explore.ipynb runs top to bottom in a real Jupyter kernel of this venv, and is stored clean.

The kernel is ipykernel's ``python3`` spec, which jupyter_client starts with the interpreter running
the tests, so the notebook sees the same installed kg. Nothing is skipped: a missing kernel fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def _text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        parts.append(out.get("data", {}).get("text/html", ""))
        parts.append(out.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def test_notebook_is_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


OUT_LINE = 'OUT = ROOT / "output" / "notebook"'


def test_notebook_runs_top_to_bottom(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    setup = next(c for c in nb.cells if c.cell_type == "code")
    assert OUT_LINE in setup.source
    setup.source = setup.source.replace(OUT_LINE, f"OUT = Path({str(tmp_path / 'notebook')!r})")  # not the checkout
    client = NotebookClient(nb, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    texts = [_text(c) for c in nb.cells if c.cell_type == "code"]
    everything = "\n".join(texts)
    assert f"python: {sys.executable}" in texts[0]  # the venv's own interpreter ran the notebook
    assert "6 articles" in everything and "entities" in everything
    assert "Vladimir Putin" in everything and "Ilham Aliyev" in everything  # who apologised to whom
    worked = len(list((NOTEBOOK.parent.parent / "ontology" / "queries").glob("*.rq")))
    assert f"{worked} worked queries run" in everything and everything.count("### ") == worked
    assert "pagerank" in everything and "community 1" in everything
    assert "Aleksei Miller → Ilham Aliyev:" in everything and "“" in everything  # a chain with its evidence
    assert "<iframe srcdoc=" in texts[-1] and "vis.Network" in texts[-1]
    assert all(o.get("output_type") != "error" for c in nb.cells for o in c.get("outputs", []))
    assert (tmp_path / "notebook" / "store").is_dir() and (tmp_path / "notebook" / "graph.ttl").is_file()
