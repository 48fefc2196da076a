"""Shared hand-made extraction: the RDF, store, view and CLI stages are tested without spaCy."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from kg.model import Article, Entity, Evidence, Extraction, Relation

#: The evaluation data beside the checkout (CI and the developers have it; a bare clone does not). Tests
#: that read it have "shared" in their name and skip, with a one-line reason, where it is absent.
SHARED = Path(__file__).resolve().parents[2] / "shared"


def facts(tmp_path: Path, text: str) -> set[tuple[str, str, str]]:
    """The (subject label, predicate, object label) facts that ``extract`` finds in *text*, as one story."""
    from kg.pipeline import extract

    f = tmp_path / "story.txt"
    f.write_text(text, encoding="utf-8")
    ex = extract([f], progress=False)
    label = {e.id: e.label for e in ex.entities.values()}
    return {(label[r.subject], r.predicate, label[r.object]) for r in ex.relations}


def needs_shared(path: Path) -> Path:
    """*path* (under ../shared) when it exists; otherwise skip the test, naming what is missing."""
    if not path.exists():
        pytest.skip(f"needs ../shared: {path} is absent (a bare clone)")
    return path


HOSTILE = 'Putin said <img src=x onerror="window.__pwned=1"> and <script>window.__pwned=1</script> & more.'


def make_extraction() -> Extraction:
    """Two articles, five entities, three relations (one open predicate, one reported claim)."""
    a1 = Article(id="a1", path="examples/a1.txt", text="...", title="Putin meets Xi", date="2024-05-16")
    a2 = Article(id="a2-s1", path="examples/a2.txt", text="...", title="Teaser <b>bold</b>", story=1)
    entities = {
        "vladimir-putin": Entity("vladimir-putin", "Vladimir Putin", "Person", {"Putin", "President Putin"}),
        "xi-jinping": Entity("xi-jinping", "Xi Jinping", "Person", {"Xi"}),
        "russia": Entity("russia", "Russia", "Country", {"Russian Federation"},
                         ["https://sws.geonames.org/2017370/"]),
        "china": Entity("china", "China", "Country"),
        "beijing": Entity("beijing", "Beijing", "City"),
    }
    relations = [
        Relation("vladimir-putin", "metWith", "xi-jinping", [
            Evidence("a1", "Putin met Xi in Beijing on Thursday.", 0, 37, "svo:meet", 0.9, date="2024-05-16"),
            Evidence("a2-s1", HOSTILE, 10, 20, "svo:meet", 0.6),
        ]),
        Relation("russia", "open:praised", "china", [
            Evidence("a1", "Russia praised China.", 40, 61, "open-verb", 0.5, attributed_to="vladimir-putin"),
        ]),
        Relation("beijing", "locatedIn", "china", [Evidence("a1", "Beijing, China", 70, 84, "appos", 0.75)]),
    ]
    return Extraction(articles=[a1, a2], entities=entities, relations=relations)


@pytest.fixture
def extraction() -> Extraction:
    return make_extraction()


CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def ensure_chromium() -> None:
    """Install Debian's chromium when it is missing (CI runs as root); fail, never skip."""
    if Path(CHROMIUM).exists():
        return
    if shutil.which("apt-get") is None:
        pytest.fail(f"{CHROMIUM} is missing and apt-get is not available to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    proc = subprocess.run("apt-get update && apt-get install -y chromium", shell=True, env=env,
                          capture_output=True, text=True, timeout=1500)
    if proc.returncode != 0 or not Path(CHROMIUM).exists():
        pytest.fail(f"could not install chromium (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    ensure_chromium()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
