"""Pattern rules, the candidate filters and the spaCy components.

Most tests run on Docs built by hand (words, heads, dependency labels, entities), with no model, as
spaCy's own matcher tests do; the worked example of the README runs with the real model.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from kg import ontology
from kg.components import RelationExtractor
from kg.entities import Mention
from kg.matching import default_ruleset, known_predicate
from kg.model import Article, Entity
from kg.relations import Context
from kg.rules import PatternError, RuleSet, parse_rule, read_patterns


def hand_doc(words, heads, deps, pos, lemmas, names):
    """A parsed Doc and its Context: ``names`` maps (start, end) to (entity id, type)."""
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    entities, mentions = {}, []
    for (start, end), (eid, etype) in names.items():
        entities[eid] = Entity(eid, " ".join(words[start:end]), etype)
        mentions.append(Mention("a", start, end, " ".join(words[start:end]), "ORG", entity=eid))
    return Context(doc, Article("a", "a.txt", doc.text), entities, mentions)


def facts(ctx: Context, rules: RuleSet) -> set[tuple[str, str, str]]:
    from kg.matching import pattern_rules

    ctx.ruleset = rules
    pattern_rules(ctx)
    return set(ctx.found)


def only(rule_id: str) -> RuleSet:
    rs = RuleSet()
    rs.add([default_ruleset().rules[rule_id]])
    return rs


# "Tarvik Media has headquarters in Oslo ." with the preposition on the noun or on the verb
HAS_OFFICES = dict(
    words=["Tarvik", "Media", "has", "headquarters", "in", "Oslo", "."],
    deps=["compound", "nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
    pos=["PROPN", "PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
    lemmas=["Tarvik", "Media", "have", "headquarters", "in", "Oslo", "."],
    names={(0, 2): ("tarvik-media", "Organization"), (5, 6): ("oslo", "City")},
)


@pytest.mark.parametrize("heads,rule", [([1, 2, 2, 2, 3, 4, 2], "verb.have-headquarters-in"),
                                        ([1, 2, 2, 2, 2, 4, 2], "verb.have-headquarters-in:verb-prep")])
def test_have_headquarters_in(heads, rule) -> None:
    ctx = hand_doc(heads=heads, **HAS_OFFICES)
    assert facts(ctx, only(rule)) == {("tarvik-media", "basedIn", "oslo")}


def test_have_headquarters_in_negated_asserts_nothing() -> None:
    words = ["Tarvik", "Media", "does", "not", "have", "headquarters", "in", "Oslo", "."]
    kw = dict(heads=[1, 4, 4, 4, 4, 4, 5, 6, 4], deps=["compound", "nsubj", "aux", "neg", "ROOT", "dobj", "prep",
                                                        "pobj", "punct"],
              pos=["PROPN", "PROPN", "AUX", "PART", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
              lemmas=["Tarvik", "Media", "do", "not", "have", "headquarters", "in", "Oslo", "."],
              names={(0, 2): ("tarvik-media", "Organization"), (7, 8): ("oslo", "City")})
    ctx = hand_doc(words, **kw)
    assert facts(ctx, only("verb.have-headquarters-in")) == set()
    assert [c.status for c in ctx.candidates] == ["unasserted"]  # matched, then filtered
    kw["deps"][3] = "advmod"  # the same parse without the negation states the fact
    assert facts(hand_doc(words, **kw), only("verb.have-headquarters-in")) == {("tarvik-media", "basedIn", "oslo")}


def test_domain_and_range_filter_a_person_as_base() -> None:
    ctx = hand_doc(heads=[1, 2, 2, 2, 3, 4, 2], **{**HAS_OFFICES, "names": {
        (0, 2): ("tarvik-media", "Organization"), (5, 6): ("oslo", "Person")}})
    assert facts(ctx, only("verb.have-headquarters-in")) == set()
    assert ctx.candidates and ctx.candidates[0].object_span.text == "Oslo"


MET = dict(words=["Zed", "Corp", "met", "Alpha", "Ltd", "."], heads=[1, 2, 2, 4, 2, 2],
           deps=["compound", "nsubj", "ROOT", "compound", "dobj", "punct"],
           pos=["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT"], lemmas=["Zed", "Corp", "meet", "Alpha", "Ltd", "."],
           names={(0, 2): ("zed-corp", "Organization"), (3, 5): ("alpha-ltd", "Organization")})


def test_lookup_verbs_and_symmetric_order() -> None:
    rs = RuleSet()
    rs.add([parse_rule({"id": "t.meet", "lookup": "verbs", "pattern": [
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"POS": "VERB"}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {"DEP": "dobj"}}]}, "t", known_predicate)])
    ctx = hand_doc(**MET)
    assert facts(ctx, rs) == {("alpha-ltd", "metWith", "zed-corp")}  # symmetric: ids in order
    assert ctx.candidates[0].subject == "zed-corp"  # the candidate keeps the sentence's order


def test_a_slot_can_ask_for_a_name() -> None:
    rs = RuleSet()
    rs.add([parse_rule({"id": "t.meet-name", "predicate": "metWith", "pattern": [
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": "meet"}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {"DEP": "dobj", "_": {"kg_name": True}}}]},
        "t", known_predicate)])
    ctx = hand_doc(**MET)
    ctx.doc._.kg_mentions = ctx.mentions
    assert facts(ctx, rs) == {("alpha-ltd", "metWith", "zed-corp")}
    ctx = hand_doc(**{**MET, "names": {(0, 2): ("zed-corp", "Organization")}})  # "Alpha Ltd" not a name here
    ctx.doc._.kg_mentions = ctx.mentions
    assert facts(ctx, rs) == set() and not ctx.candidates


def test_metonymy_of_a_capital_and_literal_places() -> None:
    words = ["Moscow", "sanctioned", "Alpha", "Ltd", "."]
    kw = dict(heads=[1, 1, 3, 1, 1], deps=["nsubj", "ROOT", "compound", "dobj", "punct"],
              pos=["PROPN", "VERB", "PROPN", "PROPN", "PUNCT"], lemmas=["Moscow", "sanction", "Alpha", "Ltd", "."],
              names={(0, 1): ("moscow", "City"), (2, 4): ("alpha-ltd", "Organization")})
    rs = RuleSet()
    for pred in ("sanctioned", "basedIn"):
        rs.add([parse_rule({"id": f"t.{pred}", "predicate": pred, "pattern": [
            {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": "sanction"}},
            {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {"DEP": "dobj"}}]}, "t",
            known_predicate)])
    found = facts(hand_doc(words, **kw), rs)
    assert ("russia", "sanctioned", "alpha-ltd") in found  # the capital acts for its state
    assert ("moscow", "sanctioned", "alpha-ltd") not in found
    assert "basedIn" in ontology.literal_places()  # and basedIn keeps places literal (domain drops it here)


def test_properties_table_orders_and_marks() -> None:
    assert ontology.symmetric_properties() >= {"metWith", "signedAgreementWith", "conflictWith"}
    assert "apologisedTo" not in ontology.symmetric_properties()
    given = ontology.redundant_given()
    assert "heads" in given["worksFor"] and "captured" in given["conflictWith"]
    assert "worksFor" not in given.get("heads", ())


BAD = [
    ("not json", "not JSON"),
    ('["a"]', "a rule is a JSON object"),
    ('{"id": "x", "pattern": [{"RIGHT_ID": "object", "RIGHT_ATTRS": {}}], "predicate": "metWith"}', "'trigger'"),
    ('{"id": "x", "pattern": [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {}}], "predicate": "metWith"}', "'object'"),
    ('{"id": "x", "pattern": [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {}}, {"LEFT_ID": "trigger", "REL_OP": ">", '
     '"RIGHT_ID": "object", "RIGHT_ATTRS": {}}], "predicate": "aquired"}', "unknown predicate 'aquired'"),
    ('{"id": "x", "pattern": [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {}}, {"LEFT_ID": "trigger", "REL_OP": "~~", '
     '"RIGHT_ID": "object", "RIGHT_ATTRS": {}}], "predicate": "metWith"}', "not a valid DependencyMatcher pattern"),
    ('{"id": "x", "pattern": [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {}}, {"LEFT_ID": "trigger", "REL_OP": ">", '
     '"RIGHT_ID": "object", "RIGHT_ATTRS": {}}], "lookup": "adverbs"}', "'lookup' must be one of"),
]


@pytest.mark.parametrize("line,problem", BAD)
def test_a_bad_pattern_names_file_line_and_problem(tmp_path: Path, line: str, problem: str) -> None:
    good = json.dumps(RelationExtractor().patterns[0])
    path = tmp_path / "rules.jsonl"
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(PatternError) as err:
        read_patterns(path, known_predicate)
    message = str(err.value)
    assert message.startswith(f"{path}:2: ") and problem in message and "\n" not in message
    path.write_text(good + "\n", encoding="utf-8")  # the good line alone loads
    assert [r.id for r in read_patterns(path, known_predicate)] == [json.loads(good)["id"]]


def test_package_patterns_load_and_round_trip(tmp_path: Path) -> None:
    ruler = RelationExtractor()
    assert len(ruler) >= 2 and all(known_predicate(p["predicate"]) for p in ruler.patterns if "predicate" in p)
    ruler.to_disk(tmp_path / "ruler")
    again = RelationExtractor(package_patterns=False).from_disk(tmp_path / "ruler")
    assert again.patterns == ruler.patterns
    assert RelationExtractor(package_patterns=False).from_bytes(ruler.to_bytes()).patterns == ruler.patterns


def test_a_users_properties_table_adds_predicates_for_a_build(tmp_path: Path) -> None:
    table = tmp_path / "props.tsv"
    table.write_text("acquired\tacquired\tn\t\t\t\tBought a company.\tOrganization\tOrganization\tevent\n")
    assert not known_predicate("acquired")
    with ontology.user_properties([table]):
        assert known_predicate("acquired") and ontology.load_properties()["acquired"].kind == "event"
    assert not known_predicate("acquired")
    table.write_text("metWith\tmet\n")
    with pytest.raises(ontology.PropertiesError, match=r"props.tsv:1: property 'metWith' is already defined"):
        with ontology.user_properties([table]):
            pass


README_PROPS = "acquired\tacquired\tn\t\tP1830\t\tBought a company.\tOrganization\tOrganization\tevent\n"
README_TEXT = """Brightwater Holdings Inc buys Calder Motors Ltd

Brightwater Holdings Inc acquired Calder Motors Ltd on Monday, the companies said.

Separately, the freight firm Norvane Systems Ltd was bought by Ostrava Capital Group last year. Ostrava Capital \
Group did not buy Pellam Freight Ltd.
"""


def test_readme_worked_example(tmp_path: Path) -> None:
    """The README's example: a new predicate, two patterns, the build, a SPARQL query."""
    from typer.testing import CliRunner

    from kg.cli import app

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rules = [line.strip() for line in readme.splitlines() if line.strip().startswith('{"id": "acquire')]
    assert len(rules) == 2
    (tmp_path / "my_rules.jsonl").write_text("\n".join(rules) + "\n")
    (tmp_path / "my_props.tsv").write_text(README_PROPS)
    (tmp_path / "deals").mkdir()
    (tmp_path / "deals" / "deal.txt").write_text(README_TEXT)
    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["build", str(tmp_path / "deals"), "--out", str(out), "--patterns",
                                   str(tmp_path / "my_rules.jsonl"), "--properties", str(tmp_path / "my_props.tsv")])
    assert run.exit_code == 0, run.output
    query = "SELECT ?buyer ?bought WHERE { ?b kg:acquired ?t . ?b rdfs:label ?buyer . ?t rdfs:label ?bought }"
    res = CliRunner().invoke(app, ["query", query, "--store", str(out / "store"), "--format", "csv"])
    rows = set(res.output.strip().splitlines()[1:])
    assert rows == {"Brightwater Holdings Inc,Calder Motors Ltd", "Ostrava Capital Group,Norvane Systems Ltd"}
    bad = CliRunner().invoke(app, ["build", str(tmp_path / "deals"), "--out", str(tmp_path / "o2"), "--patterns",
                                   str(tmp_path / "my_rules.jsonl")])  # the predicate's table left out
    assert bad.exit_code == 1 and "my_rules.jsonl:1: acquire: unknown predicate 'acquired'" in bad.output
    assert "Traceback" not in bad.output and not (tmp_path / "o2" / "graph.ttl").exists()
    again = CliRunner().invoke(app, ["build", str(tmp_path / "deals"), "--out", str(out)])  # without them:
    assert again.exit_code == 0, again.output  # the cached relations are not reused
    res = CliRunner().invoke(app, ["query", "SELECT ?b WHERE { ?b ?p ?t . FILTER(STRENDS(STR(?p), 'acquired')) }",
                                   "--store", str(out / "store"), "--format", "csv"])
    assert res.exit_code == 0 and res.output.strip().splitlines() == ["b"], res.output


def test_reported_speech_is_the_speakers_claim() -> None:
    words = ['"', "Zed", "Corp", "met", "Alpha", "Ltd", ",", '"', "said", "Bo", "Li", "."]
    ctx = hand_doc(words, heads=[8, 2, 3, 8, 5, 3, 8, 8, 8, 10, 8, 8],
                   deps=["punct", "compound", "nsubj", "ccomp", "compound", "dobj", "punct", "punct", "ROOT", "compound",
                         "nsubj", "punct"],
                   pos=["PUNCT", "PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT", "PUNCT", "VERB", "PROPN", "PROPN",
                        "PUNCT"],
                   lemmas=['"', "Zed", "Corp", "meet", "Alpha", "Ltd", ",", '"', "say", "Bo", "Li", "."],
                   names={(1, 3): ("zed-corp", "Organization"), (4, 6): ("alpha-ltd", "Organization"),
                          (9, 11): ("bo-li", "Person")})
    rs = RuleSet()
    rs.add([parse_rule({"id": "t.meet", "predicate": "metWith", "confidence": 0.5, "pattern": [
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": "meet"}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {"DEP": "dobj"}}]}, "t",
        known_predicate)])
    assert facts(ctx, rs) == {("alpha-ltd", "metWith", "zed-corp")}
    ev = ctx.found[("alpha-ltd", "metWith", "zed-corp")].evidence[0]
    assert ev.attributed_to == "bo-li" and ev.confidence == 0.4  # a claim: 0.8 x the rule's confidence
    assert ctx.candidates[0].status == "reported"


def test_places_nest_by_size_filter() -> None:
    from kg.relations.context import Candidate
    from kg.relations.filters import places_nest

    ctx = hand_doc(["Oslo", "Norway"], heads=[0, 0], deps=["ROOT", "appos"], pos=["PROPN", "PROPN"],
                   lemmas=["Oslo", "Norway"], names={(0, 1): ("oslo", "City"), (1, 2): ("norway", "Country")})
    inside = Candidate("oslo", "locatedIn", "norway", ctx.doc[0], "t")
    assert places_nest(inside, ctx) is inside
    assert places_nest(Candidate("norway", "locatedIn", "oslo", ctx.doc[0], "t"), ctx) is None


def test_every_package_node_is_tested_by_kg() -> None:
    """A node kg cannot test itself (a REGEX, an unknown attribute) sends every token of every Doc through
    spaCy's token Matcher and its extension getters; the package's patterns keep to what kg tests. A
    REGEX node is such a node."""
    from kg.rules import NodeTest, RuleSet, package_pattern_files, read_patterns

    rules = RuleSet()
    for path in package_pattern_files():
        rules.add(read_patterns(path, lambda p: True))
    slow = [r.id for r in rules.rules.values() for n in r.nodes if NodeTest.of(n.get("RIGHT_ATTRS", {})) is None]
    assert len(rules) > 100 and not slow
    assert NodeTest.of({"LOWER": {"REGEX": "^inc$"}}) is None
    both = NodeTest.of({"LEMMA": {"IN": ["city", "area"], "NOT_IN": ["area"]}})
    assert both is not None and both.index == ("LEMMA", frozenset({"city", "area"}))
    test = dict(both.tests)["LEMMA"]  # the index finds 'area' too; the test still turns it away
    assert test("city") and not test("area")
