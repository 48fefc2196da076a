"""Bad input, careless or hostile, never ends in a traceback (issue 17, defects 5, 6 and the input half of 7).

Each case is one line on stderr and a documented exit code; a bad record or file is skipped (or
repaired) and reported while the rest builds. Names in the articles are invented. The real console
script runs in a subprocess, so a traceback anywhere would show on its stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg import api, ingest
from kg.cache import CACHE_NAME
from kg.errors import EXIT_INPUT, EXIT_SKIPPED, printable
from kg.model import Article, Entity, Evidence, Extraction, Relation
from kg.rdf import to_dataset
from kg.store import STORE_NAME

KG = Path(sys.executable).parent / "kg"
STORY = ("Marta Kovalenko, the chief executive of Brindlewood Partners, met Osric Delacroix in Lisbon on "
         "Monday. Kovalenko praised the new agreement, the company said.\n")
OTHER = ("Tobias Wren, the mayor of Farrowdale, visited Quillon Industries in Oslo on Tuesday. Wren "
         "thanked the workers, a spokesman said.\n")
SECRET = "root:$6$TOPSECRETHASHLINE:19000:0:99999:7:::"
FORGED = "evil\nkg: error: forged\x1b[31m.txt"


def kg(*args: str | Path, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KG), *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, errors="replace")


def one_error_line(proc: subprocess.CompletedProcess[str], code: int) -> str:
    """The single ``kg: error:`` line of a failed command, checked for exit code and no traceback."""
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == code and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), proc.stderr[-3000:]
    return lines[0]


# --- a build over a folder holding every kind of bad input at once --------------------------------------

@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[subprocess.CompletedProcess[str]]]:
    """Builds ``src`` twice into ``src/out`` (OUT inside the input folder)."""
    root = tmp_path_factory.mktemp("hostile-input")
    src = root / "src"
    src.mkdir()
    (src / "plain.txt").write_text(STORY, encoding="utf-8")
    # a JSON Lines record with a lone surrogate, spelled as JSON allows, and a good record after it
    (src / "feed.jsonl").write_text('{"title": "Bad \\ud800 title", "text": "Lone \\udc00 surrogate. ' + STORY.strip()
                                    + '"}\n{"text": "' + OTHER.strip() + '"}\n', encoding="utf-8")
    (src / os.fsdecode(b"caf\xe9-\xff.txt")).write_bytes(OTHER.encode())  # not a UTF-8 file name
    (src / FORGED).write_text("", encoding="utf-8")  # empty, so it is reported with its name
    outside = root / "elsewhere"
    outside.mkdir()
    (outside / "shadow").write_text(SECRET + "\n", encoding="utf-8")
    (outside / "kept.txt").write_text(STORY.replace("Lisbon", "Porto"), encoding="utf-8")
    (src / "leak.txt").symlink_to(outside / "shadow")  # leaves the folder, to no article file: not read
    (src / "corpus.txt").symlink_to(outside / "kept.txt")  # leaves it to an article file: read
    runs = [kg("build", src, "--out", src / "out") for _ in range(2)]
    return src, runs


def test_bad_inputs_are_reported_one_line_each_and_the_rest_builds(hostile_build) -> None:
    src, runs = hostile_build
    for proc in runs:
        assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
        assert proc.returncode == EXIT_SKIPPED, proc.stderr[-3000:]
        notes = [ln for ln in proc.stderr.splitlines() if ln.startswith("kg: ")]
        assert f"kg: repaired {src}/feed.jsonl:1: 1 lone surrogate(s) replaced by U+FFFD" in notes
        assert any(ln.startswith(f"kg: skipped {src}/leak.txt: a link to ") for ln in notes), notes
    ttl = (src / "out" / "graph.ttl").read_text(encoding="utf-8")
    for name in ("Marta Kovalenko", "Tobias Wren", "Bad \ufffd title"):
        assert name in ttl, name
    assert "caf\ufffd-\ufffd.txt" in ttl  # the undecodable bytes of its name, each shown as U+FFFD


def test_a_link_out_of_the_folder_is_not_read_unless_it_is_an_article(hostile_build) -> None:
    src, _ = hostile_build
    out = src / "out"
    for name in ("graph.ttl", "graph.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "TOPSECRETHASHLINE" not in text
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "corpus.txt" in ttl and "Porto" in ttl  # the link to an article file was followed


def test_file_names_cannot_forge_lines_or_drive_the_terminal(hostile_build) -> None:
    _, runs = hostile_build
    stderr = runs[0].stderr
    assert not any(ln.startswith("kg: error: forged") for ln in stderr.splitlines())
    assert "\x1b" not in stderr and "evil\\nkg: error: forged\\x1b[31m.txt: empty file" in stderr


def test_outputs_inside_the_input_folder_are_never_read_back(hostile_build) -> None:
    src, runs = hostile_build
    first, second = (proc.stdout.strip().splitlines()[-1] for proc in runs)
    assert first == second and first.startswith("5 articles, ")  # plain, 2 records, café, corpus link
    assert "out/" not in runs[1].stderr
    ds = Dataset()
    ds.parse(src / "out" / "graph.ttl", format="turtle")
    sources = {str(o) for _, p, o in ds.triples((None, None, None)) if str(p).endswith("#sourceFile")}
    assert len(sources) == 4 and not any("/out/" in s for s in sources), sources


def test_output_folder_names_are_the_ones_kg_writes() -> None:
    assert ingest.OUTPUT_FOLDERS == (STORE_NAME, CACHE_NAME) and ingest.LOCK_NAME == api.LOCK_NAME


# --- ingest on its own (no model) -------------------------------------------------------------------------

def test_article_id_does_not_depend_on_how_the_path_was_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "story.txt").write_text(STORY, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "news")
    typed = [tmp_path / "news" / "story.txt", Path("story.txt"), Path("./story.txt"), Path("../news/story.txt"),
             tmp_path / "news", Path(".")]
    ids = {next(ingest.read_articles([p])).id for p in typed}
    assert len(ids) == 1 and next(iter(ids)).startswith("story-")
    (tmp_path / "news" / "other.txt").write_text(STORY, encoding="utf-8")  # same text, another file
    assert next(ingest.read_articles([Path("other.txt")])).id != next(iter(ids))


def test_file_name_with_invalid_utf8_bytes_is_read(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"r\xe9sum\xe9.txt")).write_bytes(STORY.encode())
    [article] = ingest.read_articles([tmp_path])
    assert article.id.startswith("r-sum-") and "Marta Kovalenko" in article.text
    assert printable(article.path).endswith("r\\udce9sum\\udce9.txt")


def test_lone_surrogates_in_a_record_are_repaired_and_reported(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "T \\ud800", "text": "A \\udfff b. ' + STORY.strip() + '"}\n', encoding="utf-8")
    skipped: list[ingest.Skipped] = []
    repaired: list[ingest.Repaired] = []
    [article] = ingest.read_articles([feed], skipped, repaired)
    assert skipped == [] and repaired == [ingest.Repaired(f"{feed}:1", "1 lone surrogate(s) replaced by U+FFFD")]
    for text in (article.text, article.title):
        text.encode("utf-8")  # raises on a surrogate
    assert article.text.startswith("A \ufffd b.") and article.title == "T \ufffd"


def test_a_record_nested_too_deeply_is_skipped_and_the_next_one_read(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("[" * 100_000 + "]" * 100_000 + '\n{"text": "' + STORY.strip() + '"}\n', encoding="utf-8")
    skipped: list[ingest.Skipped] = []
    [article] = ingest.read_articles([feed], skipped)
    assert skipped == [ingest.Skipped(f"{feed}:1", "JSON nested too deeply")] and "Kovalenko" in article.text


def test_a_path_too_long_or_not_a_regular_file_is_exit_2(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for path in (tmp_path / ("n" * 300), fifo):  # a pipe would block the build for ever
        line = one_error_line(kg("build", path, "--out", tmp_path / "out", timeout=120), EXIT_INPUT)
        assert line.startswith(f"kg: error: {path}: ")
    assert not (tmp_path / "out").exists()


# --- commands over a store built without the model --------------------------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import make_extraction

    ex = make_extraction()
    long_name = "Wide " * 2000
    ex.entities["wide"] = Entity("wide", long_name.strip(), "Person")
    ex.relations.append(Relation("wide", "metWith", "china", [Evidence("a1", "Wide met China.", 0, 15, "t", 0.5)]))
    out = tmp_path_factory.mktemp("cli") / "out"
    api.write_outputs(ex, out)
    return out / "store"


def test_one_line_query_of_any_length_is_sparql_not_a_path(store: Path) -> None:
    for size in (300, 4000):
        q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } #" + "y" * size
        proc = kg("query", q, "--store", store, "--format", "csv")
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
        assert proc.stdout.splitlines()[0] == "n" and int(proc.stdout.splitlines()[1]) > 10


def test_binary_query_file_is_exit_2(store: Path, tmp_path: Path) -> None:
    rq = tmp_path / "garbage.rq"
    rq.write_bytes(bytes(range(256)) * 4)
    line = one_error_line(kg("query", rq, "--store", store), EXIT_INPUT)
    assert str(rq) in line and "not UTF-8" in line


def test_view_of_a_huge_name_is_one_short_line(store: Path) -> None:
    line = one_error_line(kg("view", "Nobody " * 1500, "--store", store), EXIT_INPUT)
    assert len(line) < 600 and "more characters" in line


def test_view_of_an_entity_with_a_huge_label_writes_a_short_file_name(store: Path) -> None:
    proc = kg("view", "Wide " * 2000, "--store", store)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    [written] = store.parent.glob("view-wide-wide-*.html")
    assert len(written.name.encode()) < 200


def unwritable(tmp_path: Path) -> Path:
    """A folder nothing can be created in: a read-only one, or (as root, whom permissions do not stop)
    a path in sysfs, where creating files is not permitted."""
    if os.geteuid() == 0:
        return Path("/sys/kg-test-unwritable")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "sub"


def test_unusable_out_is_exit_2_before_any_work(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(STORY, encoding="utf-8")
    a_file = tmp_path / "a-file"
    a_file.write_text("keep me", encoding="utf-8")
    for out in (a_file, a_file / "sub", unwritable(tmp_path)):
        line = one_error_line(kg("build", src, "--out", out), EXIT_INPUT)
        assert str(out) in line or str(a_file) in line
    assert a_file.read_text(encoding="utf-8") == "keep me"


def test_unwritable_export_and_view_targets_are_exit_2(store: Path, tmp_path: Path) -> None:
    target = unwritable(tmp_path)
    for args in (["export", "--format", "trig", "--out", target / "g.trig"], ["export", "--format", "turtle",
                                                                                "--out", tmp_path],
                 ["view", "Xi Jinping", "--out", target / "v.html"]):
        line = one_error_line(kg(*args, "--store", store), EXIT_INPUT)
        assert "cannot write" in line


def test_an_unforeseen_error_is_still_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                               store: Path) -> None:
    from kg import cli

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("something no rule foresaw\nsecond line")

    monkeypatch.setattr(api, "query", broken)
    monkeypatch.setattr(sys, "argv", ["kg", "query", "ASK {}", "--store", str(store)])
    monkeypatch.delenv("KG_TRACEBACK", raising=False)
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    err = capsys.readouterr().err
    assert exit_.value.code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("kg: error: kg query failed unexpectedly: RuntimeError: something no rule foresaw\\nsecond")


# --- every export format round-trips, whatever an open predicate is called ---------------------------------

OPEN_NAMES = st.builds(lambda first, rest: first + rest,
                       st.characters(categories=["Lu", "Ll", "Lo"], min_codepoint=0x80),
                       st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12))


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow,
                                                                                HealthCheck.function_scoped_fixture])
@given(name=OPEN_NAMES)
def test_every_export_round_trips_with_any_open_predicate(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    a = Article(id="a1", path="news/a1.txt", text="...", title="Invented")
    ents = {"ada-quill": Entity("ada-quill", "Ada Quill", "Person"), "nordvik": Entity("nordvik", "Nordvik", "City")}
    rel = Relation("ada-quill", f"open:{name}", "nordvik", [Evidence("a1", f"Ada Quill {name} Nordvik.", 0, 9, "t", .5)])
    out = tmp_path_factory.mktemp("export")
    api.write_outputs(Extraction(articles=[a], entities=ents, relations=[rel]), out)
    expected = to_dataset(Extraction(articles=[a], entities=ents, relations=[rel]))
    union = Graph()
    for s, p, o, _ in expected.quads((None, None, None, None)):
        union.add((s, p, o))
    for fmt, rdflib_fmt, suffix in (("turtle", "turtle", "ttl"), ("ntriples", "nt", "nt"), ("trig", "trig", "trig"),
                                    ("jsonld", "json-ld", "jsonld")):
        data = api.export(fmt, out / "store", out / f"g.{suffix}")
        if fmt in ("trig", "jsonld"):
            back = Dataset()
            back.parse(data=data, format=rdflib_fmt)
            assert {q[:3] for q in back.quads((None, None, None, None))} == set(union), fmt
            assert len(list(back.graphs())) >= 2, fmt  # the article's named graph is kept
        else:
            assert isomorphic(Graph().parse(data=data, format=rdflib_fmt), union), fmt
        quads = set(expected.quads((None, None, None, None)))
        assert api.load([out / f"g.{suffix}"], store=out / f"loaded-{suffix}") == (
            len(quads) if fmt in ("trig", "jsonld") else len(union)), fmt
        ox.Store.read_only(str(out / f"loaded-{suffix}"))  # a store kg load wrote and can open
