"""Safe by default (issue 17): kg never replaces a folder that is not its store, ...

Each test drives the real ``kg`` command (a subprocess) or the real store; hostile inputs are written
into temp folders and any server used is on 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from kg.model import Extraction
from kg.rdf import to_dataset
from kg.store import STORE_MARKER, query, write_store

TRIPLE = "<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n"


def kg(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under *folder* (files with their bytes), to compare before and after."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def one_error_line(proc: subprocess.CompletedProcess[str], path: Path) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("kg: error:") and str(path) in lines[0] and "Traceback" not in proc.stderr
    return lines[0]


# --- 1. never delete what is not ours --------------------------------------------------------------


def documents(folder: Path) -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "thesis.txt").write_text("four years of work\n", encoding="utf-8")
    (folder / "sub" / "notes.md").write_text("notes\n", encoding="utf-8")
    return folder


def test_load_into_a_folder_of_documents_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "one.nt"
    data.write_text(TRIPLE, encoding="utf-8")
    docs = documents(tmp_path / "d")
    before, beside = tree(docs), sorted(p.name for p in tmp_path.iterdir())
    proc = kg("load", data, "--store", docs)
    assert proc.returncode == 2, proc.stderr
    assert "thesis.txt" in one_error_line(proc, docs)
    assert tree(docs) == before and sorted(p.name for p in tmp_path.iterdir()) == beside


def test_build_into_an_out_whose_store_is_not_kgs_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir()
    article.write_text("Anna Brekova met Tomas Uhlar in Vienna on Monday.\n", encoding="utf-8")
    out = tmp_path / "out"
    documents(out / "store")
    before = tree(out)
    proc = kg("build", article.parent, "--out", out)
    assert proc.returncode == 2, proc.stderr
    one_error_line(proc, out / "store")
    assert tree(out) == before


def test_a_file_or_a_link_in_the_stores_place_is_refused(tmp_path: Path, extraction: Extraction) -> None:
    data = tmp_path / "one.nt"
    data.write_text(TRIPLE, encoding="utf-8")
    thesis = tmp_path / "thesis.txt"
    thesis.write_text("mine\n", encoding="utf-8")
    real = write_store(to_dataset(extraction), tmp_path / "real")
    link = tmp_path / "link"
    link.symlink_to(real)
    for target in (thesis, link):
        proc = kg("load", data, "--store", target)
        assert proc.returncode == 2, proc.stderr
        one_error_line(proc, target)
    assert thesis.read_text(encoding="utf-8") == "mine\n" and link.is_symlink() and link.resolve() == real
    assert query(real, "ASK { <https://example.org/a> ?p ?o }").boolean is False


def test_kg_stores_are_still_created_loaded_and_replaced(tmp_path: Path, extraction: Extraction) -> None:
    data = tmp_path / "one.nt"
    data.write_text(TRIPLE, encoding="utf-8")
    new, empty = tmp_path / "new", tmp_path / "empty"
    empty.mkdir()
    for target in (new, empty):  # a missing folder and an empty one become stores
        proc = kg("load", data, "--store", target)
        assert proc.returncode == 0, proc.stderr
        assert (target / STORE_MARKER).is_file() and query(target, "ASK { ?s ?p ?o }").boolean
    built = write_store(to_dataset(extraction), tmp_path / "out")
    assert (built / STORE_MARKER).is_file()
    proc = kg("load", data, "--store", tmp_path / "out")  # the build folder or the store itself
    assert proc.returncode == 0, proc.stderr
    assert "1 new quads" in proc.stdout and (built / STORE_MARKER).is_file()
    assert query(built, "ASK { <https://example.org/a> ?p ?o }").boolean
    write_store(to_dataset(extraction), tmp_path / "out")  # replaced: the loaded triple is gone
    assert query(built, "ASK { <https://example.org/a> ?p ?o }").boolean is False


def test_a_store_from_before_the_marker_is_adopted(tmp_path: Path) -> None:
    data = tmp_path / "one.nt"
    data.write_text(TRIPLE, encoding="utf-8")
    old = tmp_path / "old"
    store = ox.Store(str(old))  # what kg wrote before it marked its stores: Oxigraph's files only
    store.add(ox.Quad(ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/p"), ox.Literal("1")))
    store.flush()
    del store
    assert not (old / STORE_MARKER).exists()
    proc = kg("load", data, "--store", old)
    assert proc.returncode == 0, proc.stderr
    assert (old / STORE_MARKER).is_file()
    assert len(query(old, "SELECT * WHERE { ?s ?p ?o }").rows) == 2


def test_leftovers_that_look_like_kgs_but_are_not_survive(tmp_path: Path, extraction: Extraction) -> None:
    """Recovery after a killed swap removes only kg's own temp and old stores."""
    built = write_store(to_dataset(extraction), tmp_path)
    lookalikes = [documents(tmp_path / ".store-old-4242"), documents(tmp_path / ".store-new-x1")]
    stale = tmp_path / ".store-old-99999"
    os.rename(built, stale)  # a kill between the swap's two renames
    write_store(to_dataset(extraction), tmp_path)
    assert not stale.exists() and (built / STORE_MARKER).is_file()
    assert all((d / "thesis.txt").is_file() and (d / "sub" / "notes.md").is_file() for d in lookalikes)
