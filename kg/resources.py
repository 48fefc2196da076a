"""Package data: where kg's tables live and the one loader that reads word lists and TSV tables.

In a source checkout the ontology tables sit in ``ontology/`` beside the package; in an installed wheel
the same files are package data under ``kg/_ontology`` (pyproject.toml maps one onto the other), so
code finds them by :data:`ONTOLOGY_DIR` and never by a path of its own.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DATA = PACKAGE / "data"
PATTERNS = PACKAGE / "patterns"
_INSTALLED = PACKAGE / "_ontology"
ONTOLOGY_DIR = _INSTALLED if (_INSTALLED / "properties.tsv").exists() else PACKAGE.parent / "ontology"
LEXICON = ONTOLOGY_DIR / "lexicon"


def _lines(path: Path) -> list[str]:
    return [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")]


@cache
def lines(name: str, directory: Path = DATA) -> tuple[str, ...]:
    """The entries of a list in ``kg/data`` (or *directory*), one a line, in file order; '#' starts a
    comment line. Entries keep their spaces ("prime minister")."""
    text = (directory / name).read_text(encoding="utf-8")
    return tuple(w for w in text.split("\n") if w and not w.startswith("#"))


@cache
def words(name: str) -> frozenset[str]:
    """A word list of ``kg/data`` as a set."""
    return frozenset(x.strip() for x in lines(name) if x.strip())


@cache
def table(name: str, directory: Path = DATA) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated table of ``kg/data`` (or of *directory*), comments skipped."""
    return tuple(tuple(x.split("\t")) for x in _lines(directory / name))


def mapping(name: str) -> dict[str, str]:
    """A two-column table as a dict: first column -> second."""
    return {r[0]: r[1] for r in table(name)}


def read_table(path: Path, width: int) -> list[list[str]]:
    """Rows of a tab-separated table at *path* (an ontology table or a user's), '#' comments skipped,
    cells stripped and short rows padded to *width*."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r and r[0].strip()]
    return [[c.strip() for c in r] + [""] * (width - len(r)) for r in rows if not r[0].startswith("#")]
