"""Bad input, interruptions and concurrent builds, through the real ``kg`` command.

A corpus of troublesome files is made here, in a temp folder (nothing committed): empty, blank,
binary, broken encodings, Windows line ends, 5 MB, Russian and Azerbaijani, HTML with scripts,
Markdown, hostile names. ``kg build`` must finish over it, name every file it skipped or repaired
with the reason, exit with the documented code and write a graph every export format can carry.
Then: bad paths fail cleanly without touching earlier outputs, SIGKILL at any moment loses nothing,
two builds on one folder never interleave, and entity IRIs are valid whatever the names hold.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDFS, Dataset, Graph, Literal, URIRef

from kg import ingest
from kg.entities import slug
from kg.model import Article, Entity, Evidence, Extraction, Relation
from kg.rdf import entity_iri, to_dataset, turtle_bytes

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "examples" / "articles"
KG = Path(sys.executable).parent / "kg"
TIMEOUT = 600  # a guard against a hung build, not a speed check (speed lives in benchmarks/)

EN = ("The finance minister of Austria, Magnus Brunner, met Christine Lagarde in Vienna on Monday to discuss "
      "the budget for the new rail project. Lagarde told reporters after the talks that the European Central "
      "Bank would keep interest rates unchanged until the summer, officials said.")
RU = ("Президент России Владимир Путин в субботу извинился перед президентом Азербайджана Ильхамом Алиевым "
      "за трагический инцидент с самолётом в воздушном пространстве России, сообщила пресс-служба Кремля.")
AZ = ("Azərbaycan Prezidenti İlham Əliyev Rusiya Prezidenti Vladimir Putinlə telefon danışığı aparıb. "
      "Söhbət zamanı təyyarə qəzası ilə bağlı məsələlər müzakirə olunub, Prezidentin mətbuat xidməti bildirib.")
HTML = """<!doctype html><html><head><title>Rates stay on hold in Vienna</title>
<style>body {{ font-family: Zorglubstyle; }} nav {{ color: red; }}</style>
<script>var tracker = "Zorglubscript Analytics"; document.write("<p>Zorglubwrite</p>");</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/z">Zorglubnav Menu</a></nav>
<article><h1>Rates stay on hold in Vienna</h1><p>{en}</p><p>{en2}</p></article>
<footer>Subscribe to our newsletter</footer><script>alert("Zorglubfooter")</script></body></html>"""
MARKDOWN = """# Talks in Madrid

**Pedro Sanchez**, the prime minister of Spain, met [Olaf Scholz](https://example.org/scholz) in Madrid
on Thursday to discuss energy prices.

- Sanchez said the two countries would build a new pipeline.
- Scholz praised the agreement, officials said.
"""
NAMES = ("Names from everywhere\n\n"
         "Sean \"The Hammer\" O'Brien, chief executive of AT&T, met Jean-Luc D\\Amato in Paris on Tuesday. "
         "Mohammed \U0001F600 Salah visited London with \u0645\u062d\u0645\u062f \u0628\u0646 \u0633\u0644\u0645\u0627\u0646, "
         "officials said. Vla\u200bdimir Pu\u200dtin spoke with Xi Jinping in Beijing on Friday. "
         "The head of Acme <Industries>, Anna Berg, met \u202eRishi Sunak\u202c in London.\n")

SKIPPED = {"empty.txt": "empty", "blank.txt": "no text", "scan.txt": "binary", "russian.txt": "Russian",
           "azerbaijani.txt": "Azerbaijani"}
REPAIRED = {"broken-utf8.txt": "invalid UTF-8", "huge.txt": "kept the first", "controls.txt": "control character"}
CLEAN = ["utf16.txt", "windows.txt", "page.html", "notes.md", "names.txt"]


def png() -> bytes:
    """A real 1x1 PNG: a binary file that a scraper saved with a .txt name."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\xff")) + chunk(b"IEND", b""))


def huge_article(size: int = 5_000_000) -> str:
    """About *size* characters of distinct paragraphs (identical ones would be dropped as duplicates)."""
    pars, n, i = ["Budget talks go on"], 0, 0
    while n < size:
        par = (f"In round {i} of the talks, the finance minister of Austria, Magnus Brunner, met officials of "
               f"the central bank in Vienna on day {i % 28 + 1} to discuss item {i} of the budget, a spokesman said.")
        pars.append(par)
        n += len(par) + 2
        i += 1
    return "\n\n".join(pars)


def make_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\t\n   \r\n")
    (folder / "scan.txt").write_bytes(png())
    (folder / "photo.png").write_bytes(png())  # not an article suffix: ignored, not reported
    (folder / "russian.txt").write_text(f"Путин извинился перед Алиевым\n\n{RU}\n", encoding="utf-8")
    (folder / "azerbaijani.txt").write_text(f"Əliyev və Putin danışıb\n\n{AZ}\n", encoding="utf-8")
    (folder / "broken-utf8.txt").write_bytes(
        ("Caf\u00e9 owners protest in Lyon\n\nThe mayor of Lyon, Gr\u00e9gory Doucet, met caf\u00e9 owners on "
         "Monday, officials said. ").encode() + b"\xff\xfe\xc3(" + EN.encode() + b"\n")
    (folder / "utf16.txt").write_bytes(f"Rail talks in Vienna\n\n{EN}\n".encode("utf-16"))
    (folder / "windows.txt").write_bytes(f"Budget deal in Vienna\r\n\r\n{EN}\r\n\r\n{EN.upper()}\r\n".encode())
    (folder / "controls.txt").write_text(f"Bank \x07holds rates\n\n\x1b[31m{EN}\x1b[0m\x08\n", encoding="utf-8")
    (folder / "huge.txt").write_text(huge_article(), encoding="utf-8")
    (folder / "page.html").write_text(HTML.format(en=EN, en2=EN.replace("Monday", "Tuesday")), encoding="utf-8")
    (folder / "notes.md").write_text(MARKDOWN, encoding="utf-8")
    (folder / "names.txt").write_text(NAMES, encoding="utf-8")
    return folder


def kg(*args: str | Path, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KG), *map(str, args)], capture_output=True, text=True, timeout=timeout)


def snapshot(out: Path) -> dict[str, bytes]:
    """Bytes of every output file, the store's files included."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != ".kg.lock" and ".store-" not in str(p) and not p.name.endswith(".tmp")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "news")


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("out")
    return out, kg("build", corpus, "--out", out)


# --- the troublesome corpus ----------------------------------------------------------------------------


def test_build_over_troublesome_corpus_reports_every_file(built: tuple[Path, subprocess.CompletedProcess[str]],
                                                          corpus: Path) -> None:
    out, proc = built
    assert proc.returncode == 5, proc.stderr  # built, but some inputs were skipped
    assert "Traceback" not in proc.stderr
    lines = [x for x in proc.stderr.splitlines() if x.startswith("kg: ")]
    for name, reason in SKIPPED.items():
        hits = [x for x in lines if x.startswith(f"kg: skipped {corpus / name}: ")]
        assert len(hits) == 1 and reason in hits[0], (name, lines)
    for name, reason in REPAIRED.items():
        hits = [x for x in lines if x.startswith(f"kg: repaired {corpus / name}: ")]
        assert len(hits) == 1 and reason in hits[0], (name, lines)
    for name in [*CLEAN, "photo.png"]:
        assert not [x for x in lines if str(corpus / name) in x], (name, lines)
    assert len(lines) == len(SKIPPED) + len(REPAIRED), lines
    assert re.fullmatch(r"\d+ articles, \d+ entities, \d+ relations → .*", proc.stdout.strip())


def test_used_files_are_in_the_graph_and_chrome_is_not(built: tuple[Path, subprocess.CompletedProcess[str]],
                                                       corpus: Path) -> None:
    out, _ = built
    q = kg("query", "SELECT DISTINCT ?f WHERE { ?a kg:sourceFile ?f }", "--store", out / "store", "-f", "csv")
    assert q.returncode == 0, q.stderr
    assert {Path(f).name for f in q.stdout.splitlines()[1:]} == {*CLEAN, *REPAIRED}
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "Zorglub" not in ttl  # script, style and nav of the HTML page never reach the graph
    assert "\r" not in ttl and "\u200b" not in ttl and "\x07" not in ttl and "\x1b" not in ttl
    g = Graph().parse(out / "graph.ttl")
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert "Vladimir Putin" in labels  # zero-width characters do not split a name
    assert "Christine Lagarde" in labels  # read from the UTF-16, Windows, HTML and repaired files
    assert not any("\u202e" in x or "**" in x or "](" in x for x in labels), labels


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "trig", "jsonld"])
def test_graph_parses_back_in_every_export_format(built: tuple[Path, subprocess.CompletedProcess[str]],
                                                  fmt: str, tmp_path: Path) -> None:
    out, _ = built
    target = tmp_path / f"graph.{fmt}"
    proc = kg("export", "--format", fmt, "--store", out / "store", "--out", target)
    assert proc.returncode == 0, proc.stderr
    rdflib_format = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "jsonld": "json-ld"}[fmt]
    ds = Dataset()
    ds.parse(target, format=rdflib_format)
    exported = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    expected = set(Graph().parse(out / "graph.ttl"))
    assert exported == expected
    ox_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
                 "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    assert len({(q.subject, q.predicate, q.object) for q in ox.parse(path=str(target), format=ox_format)}) == len(expected)


def test_language_check_follows_the_model_language(corpus: Path) -> None:
    """Russian is skipped for an English model, read for a Russian one, and short text is not judged."""
    with pytest.raises(ingest.Unusable, match=r"russian\.txt: written in Russian \(ru\)"):
        ingest.read_file(corpus / "russian.txt", lang="en")
    assert "Путин" in ingest.read_file(corpus / "russian.txt", lang="ru")[0].text
    assert ingest.read_file(corpus / "azerbaijani.txt", lang="xx")  # multi-language pipeline: no check
    short = corpus.parent / "short.txt"
    short.write_text("Путин и Алиев.\n", encoding="utf-8")
    assert ingest.read_file(short, lang="en")  # too few letters to tell: kept


def test_huge_article_is_capped_and_chunked(corpus: Path) -> None:
    repairs: list[str] = []
    stories = ingest.read_file(corpus / "huge.txt", repairs=repairs)
    total = sum(len(s.text) for s in stories)
    assert total <= ingest.MAX_CHARS and total > ingest.MAX_CHARS * 0.9
    assert all(len(s.text) <= ingest.CHUNK_CHARS for s in stories) and len(stories) > 1
    assert len({s.id for s in stories}) == len(stories)
    assert all(s.text.endswith("a spokesman said.") for s in stories)  # cut at paragraph breaks
    assert repairs and "5,0" in repairs[0]


# --- inputs that cannot be used at all -------------------------------------------------------------------


def check_clean_failure(proc: subprocess.CompletedProcess[str], names: str, before: dict[str, bytes],
                        out: Path) -> None:
    assert proc.returncode == 2, proc.stderr
    errors = [x for x in proc.stderr.splitlines() if x.startswith("kg: error:")]
    assert len(errors) == 1 and names in errors[0], proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert snapshot(out) == before  # previous outputs untouched


def test_missing_path_is_exit_2(built: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    out, _ = built
    before = snapshot(out)
    missing = tmp_path / "no-such-folder"
    proc = kg("build", ARTICLES, missing, "--out", out)
    check_clean_failure(proc, str(missing), before, out)
    assert proc.stderr.strip() == f"kg: error: no such file or directory: {missing}"


def test_folder_without_articles_is_exit_2(built: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    out, _ = built
    before = snapshot(out)
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "photo.png").write_bytes(png())
    (folder / "README").write_text("not an article\n")
    check_clean_failure(kg("build", folder, "--out", out), str(folder), before, out)


def test_unreadable_file_is_exit_2(built: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    """A socket where a file should be: even root cannot read it (a chmod 000 file root still could)."""
    out, _ = built
    before = snapshot(out)
    feed = tmp_path / "feed.txt"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(feed))
    try:
        proc = kg("build", ARTICLES, feed, "--out", out)
    finally:
        sock.close()
    check_clean_failure(proc, f"{feed}: cannot read", before, out)
    if os.geteuid() != 0:
        locked = tmp_path / "locked.txt"
        locked.write_text(EN)
        locked.chmod(0)
        check_clean_failure(kg("build", locked, "--out", out), f"{locked}: cannot read", before, out)


def test_nothing_usable_is_exit_2_and_names_each_file(built: tuple[Path, subprocess.CompletedProcess[str]],
                                                      corpus: Path, tmp_path: Path) -> None:
    out, _ = built
    before = snapshot(out)
    folder = tmp_path / "useless"
    folder.mkdir()
    for name in ("empty.txt", "russian.txt", "scan.txt"):
        shutil.copy(corpus / name, folder / name)
    proc = kg("build", folder, "--out", out)
    check_clean_failure(proc, "no usable article", before, out)
    for name in ("empty.txt", "russian.txt", "scan.txt"):
        assert f"kg: skipped {folder / name}: " in proc.stderr


def test_exit_codes_are_documented() -> None:
    help_text = " ".join(kg("build", "--help").stdout.split())
    for code in ("0 built from every input", "2 an input is missing", "4 another build",
                 "5 built, but some files were skipped"):
        assert code in help_text, help_text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Errors and exit codes" in readme
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 5 |"):
        assert code in readme


# --- nothing lost: SIGKILL at random moments ------------------------------------------------------------


def store_count(out: Path) -> int:
    proc = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", out / "store",
              "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout.splitlines()[1])


def kill_when(proc: subprocess.Popen[bytes], out: Path, when: str | float, stale: set[Path]) -> None:
    """SIGKILL *proc* after *when* seconds, or as soon as a new file matching the glob *when* appears in
    OUT (*stale*: the matches an earlier killed build left, which do not count)."""
    deadline = time.monotonic() + TIMEOUT
    if isinstance(when, float):
        deadline = time.monotonic() + when
    while time.monotonic() < deadline and proc.poll() is None:
        if isinstance(when, str) and set(out.glob(when)) - stale:
            break
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)


def test_sigkill_at_any_moment_loses_nothing(tmp_path: Path) -> None:
    """Kills in every phase leave the previous graph.ttl, graph.html and store whole, and the next build completes.

    Builds alternate between two corpora (one sample article, both), so every kill has a previous graph
    that differs from the one being built. A kill that lands after the outputs were swapped in (while the
    process prints its summary and exits) must leave the new build whole instead.
    """
    out = tmp_path / "out"
    corpora = {"one": [ARTICLES / "000_f3496e7d5cf0ee14.txt"], "both": [ARTICLES]}
    complete: dict[str, tuple[dict[str, bytes], int]] = {}
    for name, paths in corpora.items():  # what each build writes when it runs to the end
        ref = tmp_path / f"ref-{name}"
        proc = kg("build", *paths, "--out", ref)
        assert proc.returncode == 0, proc.stderr
        complete[name] = (snapshot(ref), store_count(ref))
    assert complete["one"][1] < complete["both"][1]
    shutil.copytree(tmp_path / "ref-one", out)
    state = "one"
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    # model loading, parsing, the staged files, the store bulk load, then anywhere at all
    moments: list[str | float] = [rng.uniform(0.05, 1.0), rng.uniform(1.0, 3.0), ".graph.ttl.*.tmp",
                                  ".store-new-*", rng.uniform(0.05, 5.0)]
    outcomes = []
    for when in moments:
        target = "both" if state == "one" else "one"
        stale = set(out.glob(".*"))
        proc = subprocess.Popen([str(KG), "build", *map(str, corpora[target]), "--out", str(out)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kill_when(proc, out, when, stale)
        now = snapshot(out)
        found = [name for name, (files, _) in complete.items()
                 if now["graph.ttl"] == files["graph.ttl"] and now["graph.html"] == files["graph.html"]]
        outcomes.append((when, proc.returncode, state, found))
        assert proc.returncode in (0, -signal.SIGKILL), outcomes
        expected = [target] if proc.returncode == 0 else [state, target]
        assert len(found) == 1 and found[0] in expected, (outcomes, seed)  # whole outputs, old or new
        assert len(Graph().parse(out / "graph.ttl")) > 0
        assert store_count(out) == complete[found[0]][1], (outcomes, seed)  # the store agrees with them
        state = found[0]
    kept_previous = [o for o in outcomes if o[1] == -signal.SIGKILL and o[3] == [o[2]]]
    assert len(kept_previous) >= 3, f"most kills should land mid-build: {outcomes} (seed {seed})"
    target = "both" if state == "one" else "one"
    final = kg("build", *corpora[target], "--out", out)
    assert final.returncode == 0, final.stderr
    assert sorted(p.name for p in out.iterdir()) == [".kg-cache", ".kg.lock", "graph.html", "graph.ttl",
                                                     "store"]  # no leftovers (.kg-cache: the incremental-build cache)
    assert snapshot(out)["graph.ttl"] == complete[target][0]["graph.ttl"]
    assert store_count(out) == complete[target][1]


# --- one build per output folder -----------------------------------------------------------------------


def lock_holder(lock: Path) -> int | None:
    """Pid holding an flock on *lock*, read from /proc/locks (looking must not take the lock)."""
    if not lock.exists():
        return None
    inode = lock.stat().st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "FLOCK" in fields and fields[-3].endswith(f":{inode}") and fields[-4].isdigit():
            return int(fields[-4])
    return None


def wait_for_lock(proc: subprocess.Popen[str], lock: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while lock_holder(lock) != proc.pid:
        assert proc.poll() is None, "the first build ended before it was seen holding the lock"
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_second_build_refuses_while_first_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = subprocess.Popen([str(KG), "build", str(ARTICLES), "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_lock(first, out / ".kg.lock")
    second = kg("build", ARTICLES / "000_f3496e7d5cf0ee14.txt", "--out", out)
    assert first.poll() is None  # the refusal came while the first build was still running
    assert second.returncode == 4, second.stderr
    assert "another kg build is writing" in second.stderr and str(out) in second.stderr and "--wait" in second.stderr
    assert "Traceback" not in second.stderr
    stdout, stderr = first.communicate(timeout=TIMEOUT)
    assert first.returncode == 0, stderr
    assert stdout.startswith("6 articles")  # the first build's outputs, untouched by the second


def test_second_build_with_wait_queues_behind_the_first(tmp_path: Path) -> None:
    out, reference = tmp_path / "out", tmp_path / "reference"
    one = ARTICLES / "000_f3496e7d5cf0ee14.txt"
    assert kg("build", one, "--out", reference).returncode == 0
    first = subprocess.Popen([str(KG), "build", str(ARTICLES), "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_lock(first, out / ".kg.lock")
    second = subprocess.Popen([str(KG), "build", str(one), "--out", str(out), "--wait"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, first_err = first.communicate(timeout=TIMEOUT)
    assert first.returncode == 0, first_err
    assert second.poll() is None or second.returncode == 0
    _, second_err = second.communicate(timeout=TIMEOUT)
    assert second.returncode == 0, second_err
    assert "waiting for another kg build" in second_err
    # the last build wins whole: its outputs are exactly a clean build of its own input
    assert (out / "graph.ttl").read_bytes() == (reference / "graph.ttl").read_bytes()
    assert (out / "graph.html").read_bytes() == (reference / "graph.html").read_bytes()
    assert store_count(out) == store_count(reference)


# --- entity IRIs and literals, whatever the names hold ------------------------------------------------

NAMES_STRATEGY = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
HYPOTHESIS = settings(max_examples=150, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(NAMES_STRATEGY)
def test_slug_is_always_a_safe_id(name: str) -> None:
    s = slug(name)
    assert s and re.fullmatch(r"[^\W_]+(-[^\W_]+)*", s), s
    assert "/" not in s and not any(c.isspace() for c in s)
    ox.NamedNode(str(entity_iri(s)))  # raises on an invalid IRI


@HYPOTHESIS
@given(NAMES_STRATEGY)
def test_entity_iri_is_valid_for_any_id(entity_id: str) -> None:
    iri = str(entity_iri(entity_id))
    ox.NamedNode(iri)
    assert iri.startswith("https://w3id.org/kgnews/id/") and "/" not in iri.removeprefix("https://w3id.org/kgnews/id/")


def _same_or_replaced(original: str, parsed: str) -> bool:
    """Round-tripped text: equal, except characters no RDF syntax can carry, each now U+FFFD."""
    if len(original) != len(parsed):
        return False
    for a, b in zip(original, parsed):
        unsafe = 0xD800 <= ord(a) <= 0xDFFF or (ord(a) < 0x20 and a not in "\t\n\r") or a in "\ufffe\uffff"
        if a != b and not (unsafe and b == "\ufffd"):
            return False
    return True


@HYPOTHESIS
@given(label=NAMES_STRATEGY, alt=NAMES_STRATEGY, sentence=NAMES_STRATEGY, title=NAMES_STRATEGY)
def test_any_names_round_trip_through_turtle_and_ntriples(label: str, alt: str, sentence: str, title: str) -> None:
    a = Article(id="a1", path=f"news/{title}.txt", text=sentence, title=title)
    ents = {slug(label): Entity(slug(label), label, "Person", {alt}),
            "x-other": Entity("x-other", "Other", "Organization")}
    rel = Relation(slug(label), "worksFor", "x-other", [Evidence("a1", sentence, 0, len(sentence), "test", 0.5)])
    ds = to_dataset(Extraction(articles=[a], entities=ents, relations=[rel]))
    ttl = turtle_bytes(ds)
    nt = Graph().parse(data=ttl, format="turtle").serialize(format="nt", encoding="utf-8")
    for data, fmt, ox_fmt in ((ttl, "turtle", ox.RdfFormat.TURTLE), (nt, "nt", ox.RdfFormat.N_TRIPLES)):
        g = Graph().parse(data=data, format=fmt)
        node = URIRef(str(entity_iri(slug(label))))
        parsed = [str(o) for o in g.objects(node, RDFS.label)]
        assert len(parsed) == 1 and _same_or_replaced(label, parsed[0]), (label, parsed)
        triples = list(ox.parse(data, format=ox_fmt))
        assert len(triples) == len(g)
        ox_labels = [t.object.value for t in triples
                     if t.subject == ox.NamedNode(str(node)) and t.predicate.value == str(RDFS.label)]
        assert ox_labels == parsed
        sentences = [str(o) for o in g.objects(None, URIRef("https://w3id.org/kgnews/ontology#sentence"))
                     if isinstance(o, Literal)]
        assert len(sentences) == 1 and _same_or_replaced(sentence, sentences[0])
