"""Inputs at scale, incremental builds, parallel and Dask parsing: real spaCy model, real Oxigraph store,
real worker processes and a real (in-process) Dask cluster, on a handful of short articles."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import api
from kg.pipeline import BuildStats, extract
from kg.rdf import COMENTION_GRAPH, to_dataset, turtle_bytes

ARTICLES = {
    "merkel.txt": "Merkel meets Macron\n\nGerman Chancellor Angela Merkel met French President Emmanuel Macron "
                  "in Berlin on Monday. Merkel said the talks were useful.\n",
    "cook.txt": "Cook visits China\n\nTim Cook, the chief executive of Apple, visited Beijing on Tuesday.\n",
    "redmond.txt": "Microsoft news\n\nSatya Nadella heads Microsoft. Microsoft is based in Redmond.\n",
}
CHANGED_COOK = "Pichai in Japan\n\nSundar Pichai, the chief executive of Google, visited Tokyo on Tuesday.\n"
# a surname alone: which entity it names depends on the other articles of the build (one naming her
# in full beside a name this article shares)
SURNAME = "Paris talks\n\nMerkel visited Paris on Sunday and met Emmanuel Macron there.\n"


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def quads(out: Path) -> set[ox.Quad]:
    return set(ox.Store.read_only(str(out / "store")))


def facts(out: Path) -> set[tuple[str, str, str]]:
    rows = api.query("SELECT ?s ?p ?o WHERE { ?a ?p ?b . ?a rdfs:label ?s . ?b rdfs:label ?o . "
                     "FILTER(?p != rdfs:label) }", store=out / "store").rows
    return {(s.value, p.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], o.value) for s, p, o in rows}


def test_jsonl_records_carry_their_metadata_into_provenance(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    good = {"id": "bbc/2024 001", "Title": "Cook visits China", "date": "2024-05-06",
            "url": "https://example.org/cook", "text": ARTICLES["cook.txt"].split("\n\n", 1)[1]}
    lines = [json.dumps(good), "{not json", json.dumps({"title": "no body"}), "", json.dumps(["a", "list"]),
             json.dumps({"body": ARTICLES["merkel.txt"], "headline": "Merkel and Macron"})]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = api.build_with_summary([corpus], out=tmp_path / "out", progress=False, workers=1)
    assert [(s.path, s.reason.split(" (")[0]) for s in result.skipped] == [
        (f"{corpus}:2", "not valid JSON"), (f"{corpus}:3", "no text"), (f"{corpus}:5", "a JSON list, not an object")]
    assert [a.id for a in result.extraction.articles][0] == "bbc-2024-001"
    rows = api.query("""SELECT ?title ?date ?url ?sentence WHERE {
        ?st kg:sentence ?sentence ; prov:wasDerivedFrom ?a .
        ?a dcterms:identifier "bbc-2024-001" ; dcterms:title ?title ; dcterms:date ?date ; kg:url ?url }""",
                     store=tmp_path / "out" / "store").rows
    assert rows, "no evidence derived from the JSONL record"
    title, date, url, sentence = rows[0]
    assert (title.value, date.value, date.datatype.value, url.value) == (
        "Cook visits China", "2024-05-06", "http://www.w3.org/2001/XMLSchema#date", "https://example.org/cook")
    assert "Tim Cook" in sentence.value
    titles = {a.title for a in result.extraction.articles}
    assert "Merkel and Macron" in titles  # 'headline' and 'body' are accepted names


def test_csv_rows_become_articles_and_bad_rows_are_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "news.csv"
    with corpus.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "published", "link", "content"])
        w.writerow(["m1", "Merkel meets Macron", "2024-05-07", "https://example.org/m", ARTICLES["merkel.txt"]])
        w.writerow(["m2", "Empty", "2024-05-07", "https://example.org/e", ""])
        w.writerow(["m3", "Too many", "2024", "https://example.org/x", "Some text.", "surplus"])
        w.writerow(["m1", "Same id again", "", "", ARTICLES["cook.txt"]])
    result = api.build_with_summary([corpus], out=tmp_path / "out", progress=False, workers=1)
    # rows 1 and 2 span two lines each (the quoted text holds blank lines)
    assert [(s.path, s.reason.split(" (")[0]) for s in result.skipped] == [
        (f"{corpus}:6", "no text"), (f"{corpus}:7", "1 more fields than the header names"),
        (f"{corpus}:8", "duplicate article id 'm1'")]
    (article,) = result.extraction.articles
    assert (article.id, article.title, article.date, article.url) == (
        "m1", "Merkel meets Macron", "2024-05-07", "https://example.org/m")
    assert ("Angela Merkel", "metWith", "Emmanuel Macron") in facts(tmp_path / "out")


def test_csv_without_a_text_column_is_skipped_with_the_accepted_names(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("id,title\n1,Nothing here\n", encoding="utf-8")
    write(tmp_path / "in", {"cook.txt": ARTICLES["cook.txt"]})
    result = api.build_with_summary([tmp_path / "bad.csv", tmp_path / "in"], out=tmp_path / "out",
                                    progress=False, workers=1)
    (skip,) = result.skipped
    assert skip.path == str(tmp_path / "bad.csv") and "no text column (accepted: text, body" in skip.reason
    assert len(result.extraction.articles) == 1


def test_incremental_build_equals_a_clean_build(tmp_path: Path) -> None:
    corpus = write(tmp_path / "in", {**ARTICLES, "paris.txt": SURNAME})
    (corpus / "merkel.txt").unlink()  # first build: 'Merkel' alone has no full name to join
    out = tmp_path / "out"
    first = api.build_with_summary([corpus], out=out, progress=False, workers=1)
    assert first.stats.parsed == 3
    before = facts(out)
    assert ("Tim Cook", "heads", "Apple") in before and ("Microsoft", "basedIn", "Redmond") in before
    assert {e.label for e in first.extraction.entities.values()} >= {"Merkel", "Paris"}

    again = api.build_with_summary([corpus], out=out, progress=False, workers=1)
    assert (again.stats.parsed, again.stats.relations_run) == (0, 0)
    assert (again.store_update.added, again.store_update.removed, again.store_update.rebuilt) == (0, 0, False)

    write(corpus, {"merkel.txt": ARTICLES["merkel.txt"], "cook.txt": CHANGED_COOK})  # one added, one changed
    (corpus / "redmond.txt").unlink()  # one removed
    inc = api.build_with_summary([corpus], out=out, progress=False, workers=1)
    assert inc.stats.parsed == 2 and inc.stats.reused_parses == 1
    assert not inc.store_update.rebuilt and inc.store_update.removed > 0 and inc.store_update.added > 0
    after = facts(out)
    assert ("Tim Cook", "heads", "Apple") not in after  # the changed article lost its old facts
    assert not any("Microsoft" in (s, o) for s, _, o in after)  # the removed one too
    assert ("Sundar Pichai", "visited", "Tokyo") in after
    # the unchanged article's surname now names the chancellor the new article introduces
    assert ("Angela Merkel", "visited", "Paris") in after and not any(s == "Merkel" for s, _, _ in after)

    clean = api.build_with_summary([corpus], out=tmp_path / "clean", progress=False, workers=1, rebuild=True)
    assert clean.stats.reused_parses == 0
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "clean" / "graph.ttl").read_bytes()
    assert (out / "graph.html").read_bytes() == (tmp_path / "clean" / "graph.html").read_bytes()
    assert quads(out) == quads(tmp_path / "clean")
    named = {q.graph_name for q in quads(out)} - {ox.DefaultGraph(), ox.NamedNode(str(COMENTION_GRAPH))}
    assert len(named) == 3 and not any("redmond" in g.value for g in named)  # one graph per article


def test_rebuild_after_the_cache_is_deleted_still_updates_the_store(tmp_path: Path) -> None:
    corpus = write(tmp_path / "in", {"cook.txt": ARTICLES["cook.txt"]})
    api.build_with_summary([corpus], out=tmp_path / "out", progress=False, workers=1)
    shutil.rmtree(tmp_path / "out" / ".kg-cache")
    write(corpus, {"merkel.txt": ARTICLES["merkel.txt"]})
    res = api.build_with_summary([corpus], out=tmp_path / "out", progress=False, workers=1)
    assert res.stats.parsed == 2 and not res.store_update.rebuilt
    assert ("Angela Merkel", "metWith", "Emmanuel Macron") in facts(tmp_path / "out")


@pytest.fixture(scope="module")
def corpus4(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """Four articles and the Turtle of their single-process extraction."""
    folder = write(tmp_path_factory.mktemp("corpus4"), {**ARTICLES, "paris.txt": SURNAME})
    ex = extract([folder], progress=False, workers=1)
    return folder, turtle_bytes(to_dataset(ex))


def test_two_worker_processes_give_the_single_process_graph(corpus4: tuple[Path, bytes]) -> None:
    folder, expected = corpus4
    stats = BuildStats()
    ex = extract([folder], progress=False, workers=2, stats=stats)
    assert stats.processes == 2 and stats.parsed == 4
    assert turtle_bytes(to_dataset(ex)) == expected


def test_dask_local_cluster_gives_the_single_process_graph(corpus4: tuple[Path, bytes]) -> None:
    from distributed import Client, LocalCluster

    folder, expected = corpus4
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        stats = BuildStats()
        ex = extract([folder], progress=False, dask=client, stats=stats)
        assert stats.dask and stats.parsed == 4
        plugins = client.run(lambda dask_worker: sorted(dask_worker.plugins))
    assert turtle_bytes(to_dataset(ex)) == expected
    assert all("kg-spacy-pipeline" in names for names in plugins.values())
