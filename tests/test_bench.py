"""CoNLL04 benchmark: the `kg bench` command, the strict scorer, and the shipped trained models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED, needs_shared

from kg import bench
from kg.models import conll04

CONLL = SHARED / "benchmarks" / "conll04"
DEV = CONLL / "conll04_dev.json"


def doc(entities: list[tuple[int, int, str]], relations: list[tuple[int, int, str]]) -> dict:
    return {"tokens": ["w"] * 12,
            "entities": [{"start": s, "end": e, "type": t} for s, e, t in entities],
            "relations": [{"head": h, "tail": t, "type": r} for h, t, r in relations]}


GOLD = doc([(0, 2, "Peop"), (5, 7, "Org"), (9, 10, "Loc")], [(0, 1, "Work_For"), (1, 2, "OrgBased_In")])


def test_strict_scorer_exact_match_counts() -> None:
    s = bench.score([GOLD], [GOLD])
    assert (s.micro.tp, s.micro.fp, s.micro.fn) == (2, 0, 0)
    assert s.micro.f1 == 1.0 and s.entity_micro.f1 == 1.0


@pytest.mark.parametrize("pred", [
    # head span one token short
    doc([(0, 1, "Peop"), (5, 7, "Org"), (9, 10, "Loc")], [(0, 1, "Work_For"), (1, 2, "OrgBased_In")]),
    # head entity mistyped (Org for Peop) with the right spans
    doc([(0, 2, "Org"), (5, 7, "Org"), (9, 10, "Loc")], [(0, 1, "Work_For"), (1, 2, "OrgBased_In")]),
    # wrong relation type on the right pair
    doc([(0, 2, "Peop"), (5, 7, "Org"), (9, 10, "Loc")], [(0, 1, "Kill"), (1, 2, "OrgBased_In")]),
    # direction reversed
    doc([(0, 2, "Peop"), (5, 7, "Org"), (9, 10, "Loc")], [(1, 0, "Work_For"), (1, 2, "OrgBased_In")]),
])
def test_strict_scorer_rejects_a_wrong_span_type_or_relation(pred: dict) -> None:
    s = bench.score([GOLD], [pred])
    assert (s.micro.tp, s.micro.fp, s.micro.fn) == (1, 1, 1)
    assert s.relations["OrgBased_In"].tp == 1
    assert s.micro.precision == 0.5 and s.micro.recall == 0.5


def test_scores_per_type_and_entities() -> None:
    pred = doc([(0, 2, "Peop"), (5, 7, "Org"), (9, 11, "Loc")], [(0, 1, "Work_For"), (1, 2, "OrgBased_In")])
    s = bench.score([GOLD], [pred])
    assert s.relations["Work_For"].f1 == 1.0 and s.relations["OrgBased_In"].f1 == 0.0
    assert (s.entity_micro.tp, s.entity_micro.fp, s.entity_micro.fn) == (2, 1, 1)
    assert s.entities["Loc"].tp == 0
    assert s.macro_f1 == pytest.approx(0.2)  # 1.0 for Work_For, 0 for the four others


def run_kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.fixture(scope="module")
def shared_dev_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    needs_shared(DEV)
    path = tmp_path_factory.mktemp("conll") / "dev20.json"
    path.write_text(json.dumps(json.loads(DEV.read_text(encoding="utf-8"))[:20]), encoding="utf-8")
    return path


@pytest.mark.parametrize("extractor", ["rules", "model"])
def test_shared_conll04_bench_command_writes_predictions_in_the_input_format(shared_dev_slice: Path, tmp_path: Path,
                                                                             extractor: str) -> None:
    dev_slice = shared_dev_slice
    out = tmp_path / "pred.json"
    res = run_kg("bench", "conll04", str(dev_slice), "--predictions", str(out), "--extractor", extractor)
    assert res.returncode == 0, res.stderr
    gold = json.loads(dev_slice.read_text(encoding="utf-8"))
    pred = json.loads(out.read_text(encoding="utf-8"))
    assert len(pred) == len(gold)
    for g, p in zip(gold, pred):
        assert p["tokens"] == g["tokens"]
        for e in p["entities"]:
            assert set(e) == {"start", "end", "type"} and 0 <= e["start"] < e["end"] <= len(p["tokens"])
            assert e["type"] in {"Peop", "Org", "Loc", "Other"}
        for r in p["relations"]:
            assert set(r) == {"head", "tail", "type"} and r["type"] in bench.RELATION_TYPES
            assert 0 <= r["head"] < len(p["entities"]) and 0 <= r["tail"] < len(p["entities"])
    assert sum(len(p["relations"]) for p in pred) > 0
    lines = res.stdout.splitlines()
    rows = {ln.split()[0] for ln in lines if ln.strip()}
    assert set(bench.RELATION_TYPES) | {"micro", "macro", "entity", "Peop", "Org", "Loc"} <= rows
    # the printed micro F1 is the scorer's on the written file
    micro = next(ln for ln in lines if ln.startswith("micro")).split()
    assert float(micro[3]) == pytest.approx(100 * bench.score(gold, pred).micro.f1, abs=0.01)


def test_bench_command_fails_cleanly_on_a_missing_file(tmp_path: Path) -> None:
    res = run_kg("bench", "conll04", str(tmp_path / "nope.json"))
    assert res.returncode == 2
    assert "nope.json" in res.stderr and "Traceback" not in res.stderr


def test_trained_model_loads_from_the_package_and_finds_work_for() -> None:
    model = conll04.relation_model()
    assert Path(conll04.__file__).parent in conll04.REL_META.parents
    assert model.version and 0 < model.threshold < 1
    from kg import nlp

    tokens = "Maria Lindqvist , a senior engineer at Boreal Dynamics , presented the new turbine on Monday .".split()
    parsed = bench.parse([{"tokens": tokens}], nlp.load())[0]
    spans = conll04.tag_entities([tokens])[0]
    assert (0, 2, "Peop") in spans and (7, 9, "Org") in spans
    found = {(p.head[:2], p.tail[:2], p.relation) for p, _ in model.relations(parsed, spans)}
    assert ((0, 2), (7, 9), "Work_For") in found
    # and nothing links the person to the weekday or the organisation back to the person
    assert not any(h == (7, 9) for h, _, _ in found)


def test_build_hook_adds_model_facts_behind_the_rules(tmp_path: Path) -> None:
    from kg import pipeline

    (tmp_path / "a.txt").write_text(
        "Boreal engineer wins award\n\nMaria Lindqvist, who designs turbines for Boreal Dynamics, presented the new "
        "turbine on Monday. Boreal Dynamics is based in Tampere, Finland. Peter Vance, who lives in Oslo, "
        "did not kill Tom Hardwick.\n", encoding="utf-8")
    rules = {r.key: r for r in pipeline.extract([tmp_path], progress=False).relations}
    both = {r.key: r for r in pipeline.extract([tmp_path], progress=False, relation_model=True).relations}
    added = set(both) - set(rules)
    assert ("maria-lindqvist", "worksFor", "boreal-dynamics") in added
    for key in added:
        for ev in both[key].evidence:
            assert ev.rule == f"model:conll04-rel@{conll04.relation_model().version}"
            assert conll04.BUILD_THRESHOLD <= ev.confidence <= 1.0
    # the rules' own facts keep their rule provenance; no killing is read into a negated clause
    assert both[("boreal-dynamics", "basedIn", "tampere")].evidence == rules[("boreal-dynamics", "basedIn", "tampere")].evidence
    assert not any(p == "killed" for _, p, _ in both)


def test_shipped_model_follows_the_protocol_chosen_on_dev_trained_on_train_dev() -> None:
    """SpERT's protocol: the shipped model is trained on train + dev with the choices made on dev
    (by a train-only model), so its decision threshold, regularisation and NER epochs are those."""
    hp = json.loads((conll04.HERE / "hparams.json").read_text(encoding="utf-8"))
    meta = conll04.relation_model().meta
    assert hp["selected_on"] == "conll04_dev.json" and hp["selection_model_trained_on"] == "conll04_train.json"
    assert meta["trained_on"] == "conll04_train_dev.json"
    assert (meta["threshold"], meta["C"], meta["dense_scale"], meta["seed"]) == (
        hp["rel"]["threshold"], hp["rel"]["C"], hp["rel"]["dense_scale"], hp["seed"])
    seeds = hp["ner"].get("seeds", [hp["seed"]])
    assert meta["ner_seeds"] == seeds
    taggers = conll04.entity_models()
    assert len(taggers) == len(seeds) == len(conll04.tagger_dirs())
    for tagger, seed in zip(taggers, seeds):
        assert f"{hp['ner']['epochs']} epochs, seed {seed})" in tagger.meta["description"]
        assert "train + dev" in tagger.meta["description"]


def test_majority_vote_keeps_spans_most_taggers_agree_on() -> None:
    a = [(0, 2, "Peop"), (5, 6, "Loc"), (8, 9, "Org")]
    b = [(0, 2, "Peop"), (5, 6, "Org"), (7, 9, "Org")]
    c = [(0, 2, "Peop"), (5, 6, "Loc"), (7, 9, "Org")]
    # (5, 6) is Loc by two of three; (7, 9) beats the overlapping (8, 9) that only one tagger has
    assert conll04.vote([a, b, c]) == [(0, 2, "Peop"), (5, 6, "Loc"), (7, 9, "Org")]
    assert conll04.vote([a, b, c], need=3) == [(0, 2, "Peop")]
    assert conll04.vote([a]) == a


def test_rule_predictions_read_the_name_patterns() -> None:
    """The bench runs the rules as a build does: the name patterns (kg/patterns/names.jsonl, which read
    the sentence's mentions) find 'Ann Lowe, of Portland' there too."""
    from kg import nlp

    tokens = ["Ann", "Lowe", ",", "of", "Portland", ",", "said", "no", "."]
    doc = bench.parse([{"tokens": tokens}], nlp.load())[0]
    pred = bench.rule_predict(doc, "s1")
    spans = [(e["start"], e["end"]) for e in pred["entities"]]
    assert {(spans[r["head"]], spans[r["tail"]], r["type"]) for r in pred["relations"]} == {
        ((0, 2), (4, 5), "Live_In")}
