"""The frames ported from Python to pattern rules (kg/patterns/verbs.jsonl, nouns.jsonl, places.jsonl), each
on Docs built by hand (words, heads, dependency labels, tags, entity spans), with no model: the fact each
pattern must find, and what it must not find on the same words parsed otherwise."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.entities import Mention
from kg.matching import default_ruleset, pattern_rules
from kg.model import Article, Entity
from kg.relations import Context
from kg.rules import RuleSet


def parsed(rows: list[tuple[str, int, str, str, str, str]], names: dict) -> Context:
    """A Context from rows of (word, head, dep, pos, tag, lemma); ``names`` maps (start, end) to (id, type)."""
    words, heads, deps, pos, tags, lemmas = (list(x) for x in zip(*rows))
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    entities, mentions = {}, []
    for (start, end), (eid, etype) in names.items():
        entities[eid] = Entity(eid, " ".join(words[start:end]), etype)
        mentions.append(Mention("a", start, end, " ".join(words[start:end]), "ORG", entity=eid))
    ctx = Context(doc, Article("a", "a.txt", doc.text), entities, mentions)
    doc._.kg_mentions = mentions
    return ctx


def facts(ctx: Context, *rule_ids: str) -> set[tuple[str, str, str]]:
    rules = RuleSet()
    rules.add([default_ruleset().rules[r] for r in rule_ids])
    ctx.ruleset = rules
    pattern_rules(ctx)
    return set(ctx.found)


def rules_of(ctx: Context) -> set[str]:
    return {c.rule for c in ctx.candidates}


ZED, ALPHA = ("zed", "Organization"), ("alpha", "Organization")
ORGS = {(0, 2): ZED, (3, 5): ALPHA}
VERBS = ("verb.obj", "verb.dative", "verb.prep", "verb.passive-prep", "verb.passive-prep:acl", "verb.passive-agent",
         "verb.passive-agent:acl")


def zed_verb_alpha(lemma: str, word: str, dep: str = "dobj") -> Context:
    """'Zed Corp <word> Alpha Ltd .'"""
    return parsed([("Zed", 1, "compound", "PROPN", "NNP", "Zed"), ("Corp", 2, "nsubj", "PROPN", "NNP", "Corp"),
                   (word, 2, "ROOT", "VERB", "VBD", lemma), ("Alpha", 4, "compound", "PROPN", "NNP", "Alpha"),
                   ("Ltd", 2, dep, "PROPN", "NNP", "Ltd"), (".", 2, "punct", "PUNCT", ".", ".")], ORGS)


def test_verb_obj_reads_the_verbs_table() -> None:
    ctx = zed_verb_alpha("sanction", "sanctioned")
    assert facts(ctx, *VERBS) == {("zed", "sanctioned", "alpha")}
    assert rules_of(ctx) == {"verb.obj"}
    assert facts(zed_verb_alpha("admire", "admired"), *VERBS) == set()  # a verb the table lacks: no pattern fact


def test_verb_obj_is_no_plain_transitive_with_an_object_predicate() -> None:
    rows = [("Zed", 1, "compound", "PROPN", "NNP", "Zed"), ("Corp", 2, "nsubj", "PROPN", "NNP", "Corp"),
            ("holds", 2, "ROOT", "VERB", "VBZ", "hold"), ("Alpha", 4, "compound", "PROPN", "NNP", "Alpha"),
            ("Ltd", 2, "dobj", "PROPN", "NNP", "Ltd"), ("responsible", 2, "oprd", "ADJ", "JJ", "responsible"),
            (".", 2, "punct", "PUNCT", ".", ".")]
    ctx = parsed(rows, ORGS)
    assert facts(ctx, "verb.obj") == set() and not ctx.candidates  # "held X responsible" is not "hold X"
    assert facts(ctx, "verb.hold-responsible") == {("zed", "blamed", "alpha")}
    rows[5] = ("tightly", 2, "advmod", "ADV", "RB", "tightly")  # "holds Alpha Ltd tightly": the table's 'hold'
    assert facts(parsed(rows, ORGS), "verb.obj") == {("zed", "operates", "alpha")}


def test_verb_obj_an_attitude_is_about_whoever_did_the_act() -> None:
    # "Zed Corp condemned Alpha Ltd 's attack ."
    rows = [("Zed", 1, "compound", "PROPN", "NNP", "Zed"), ("Corp", 2, "nsubj", "PROPN", "NNP", "Corp"),
            ("condemned", 2, "ROOT", "VERB", "VBD", "condemn"), ("Alpha", 4, "compound", "PROPN", "NNP", "Alpha"),
            ("Ltd", 6, "poss", "PROPN", "NNP", "Ltd"), ("'s", 4, "case", "PART", "POS", "'s"),
            ("attack", 2, "dobj", "NOUN", "NN", "attack"), (".", 2, "punct", "PUNCT", ".", ".")]
    assert facts(parsed(rows, ORGS), "verb.obj") == {("zed", "criticised", "alpha")}
    rows[2] = ("sanctioned", 2, "ROOT", "VERB", "VBD", "sanction")  # not an attitude: the attack is no one
    assert facts(parsed(rows, ORGS), "verb.obj") == set()


def test_verb_prep_and_dative() -> None:
    ctx = parsed([("Zed", 1, "compound", "PROPN", "NNP", "Zed"), ("Corp", 2, "nsubj", "PROPN", "NNP", "Corp"),
                  ("met", 2, "ROOT", "VERB", "VBD", "meet"), ("with", 2, "prep", "ADP", "IN", "with"),
                  ("Alpha", 5, "compound", "PROPN", "NNP", "Alpha"), ("Ltd", 3, "pobj", "PROPN", "NNP", "Ltd"),
                  (".", 2, "punct", "PUNCT", ".", ".")], {(0, 2): ZED, (4, 6): ALPHA})
    assert facts(ctx, *VERBS) == {("alpha", "metWith", "zed")} and rules_of(ctx) == {"verb.prep"}
    # "Zed Corp sold Alpha Ltd arms .": the indirect object is the 'to' slot, arms are goods
    ctx = parsed([("Zed", 1, "compound", "PROPN", "NNP", "Zed"), ("Corp", 2, "nsubj", "PROPN", "NNP", "Corp"),
                  ("sold", 2, "ROOT", "VERB", "VBD", "sell"), ("Alpha", 4, "compound", "PROPN", "NNP", "Alpha"),
                  ("Ltd", 2, "dative", "PROPN", "NNP", "Ltd"), ("arms", 2, "dobj", "NOUN", "NNS", "arm"),
                  (".", 2, "punct", "PUNCT", ".", ".")], ORGS)
    assert facts(ctx, *VERBS) == {("zed", "supplied", "alpha")} and rules_of(ctx) == {"verb.dative"}


def test_verb_prep_a_company_sold_is_no_supply() -> None:
    # "Zed Corp sold Beta to Alpha Ltd ." is a deal (the Python pair frame's), "sold arms to" a supply
    rows = [("Zed", 1, "compound", "PROPN", "NNP", "Zed"), ("Corp", 2, "nsubj", "PROPN", "NNP", "Corp"),
            ("sold", 2, "ROOT", "VERB", "VBD", "sell"), ("Beta", 2, "dobj", "PROPN", "NNP", "Beta"),
            ("to", 2, "prep", "ADP", "IN", "to"), ("Alpha", 6, "compound", "PROPN", "NNP", "Alpha"),
            ("Ltd", 4, "pobj", "PROPN", "NNP", "Ltd"), (".", 2, "punct", "PUNCT", ".", ".")]
    names = {(0, 2): ZED, (3, 4): ("beta", "Organization"), (5, 7): ALPHA}
    assert facts(parsed(rows, names), "verb.prep") == set()
    rows[3] = ("arms", 2, "dobj", "NOUN", "NNS", "arm")
    assert facts(parsed(rows, {(0, 2): ZED, (5, 7): ALPHA}), "verb.prep") == {("zed", "supplied", "alpha")}


def passive(acl: bool) -> Context:
    """'Alpha Ltd was sanctioned by Zed Corp .' or 'Alpha Ltd , sanctioned by Zed Corp , ...'"""
    if acl:
        rows = [("Alpha", 1, "compound", "PROPN", "NNP", "Alpha"), ("Ltd", 1, "ROOT", "PROPN", "NNP", "Ltd"),
                (",", 1, "punct", "PUNCT", ",", ","), ("sanctioned", 1, "acl", "VERB", "VBN", "sanction")]
    else:
        rows = [("Alpha", 1, "compound", "PROPN", "NNP", "Alpha"), ("Ltd", 3, "nsubjpass", "PROPN", "NNP", "Ltd"),
                ("was", 3, "auxpass", "AUX", "VBD", "be"), ("sanctioned", 3, "ROOT", "VERB", "VBN", "sanction")]
    rows += [("by", 3, "agent", "ADP", "IN", "by"), ("Zed", 6, "compound", "PROPN", "NNP", "Zed"),
             ("Corp", 4, "pobj", "PROPN", "NNP", "Corp"), (".", 3 if not acl else 1, "punct", "PUNCT", ".", ".")]
    return parsed(rows, {(0, 2): ALPHA, (5, 7): ZED})


def test_passive_agent_is_the_subject() -> None:
    ctx = passive(acl=False)
    assert facts(ctx, *VERBS) == {("zed", "sanctioned", "alpha")} and rules_of(ctx) == {"verb.passive-agent"}
    ctx = passive(acl=True)
    assert facts(ctx, *VERBS) == {("zed", "sanctioned", "alpha")} and rules_of(ctx) == {"verb.passive-agent:acl"}


def test_passive_verb_is_not_read_as_active() -> None:
    ctx = passive(acl=False)
    assert facts(ctx, "verb.obj", "verb.prep") == set() and not ctx.candidates
    assert facts(ctx, "verb.passive-agent") == {("zed", "sanctioned", "alpha")}


def test_stative_passive_based_in() -> None:
    rows = [("Zed", 1, "compound", "PROPN", "NNP", "Zed"), ("Corp", 3, "nsubjpass", "PROPN", "NNP", "Corp"),
            ("is", 3, "auxpass", "AUX", "VBZ", "be"), ("based", 3, "ROOT", "VERB", "VBN", "base"),
            ("in", 3, "prep", "ADP", "IN", "in"), ("Oslo", 4, "pobj", "PROPN", "NNP", "Oslo"),
            (".", 3, "punct", "PUNCT", ".", ".")]
    ctx = parsed(rows, {(0, 2): ZED, (5, 6): ("oslo", "City")})
    assert facts(ctx, *VERBS) == {("zed", "basedIn", "oslo")} and rules_of(ctx) == {"verb.passive-prep"}
    # "Zed Corp , based in Oslo ,": the noun the participle modifies
    rows = [("Zed", 1, "compound", "PROPN", "NNP", "Zed"), ("Corp", 1, "ROOT", "PROPN", "NNP", "Corp"),
            (",", 1, "punct", "PUNCT", ",", ","), ("based", 1, "acl", "VERB", "VBN", "base"),
            ("in", 3, "prep", "ADP", "IN", "in"), ("Oslo", 4, "pobj", "PROPN", "NNP", "Oslo"),
            (".", 1, "punct", "PUNCT", ".", ".")]
    ctx = parsed(rows, {(0, 2): ZED, (5, 6): ("oslo", "City")})
    assert facts(ctx, *VERBS) == {("zed", "basedIn", "oslo")} and rules_of(ctx) == {"verb.passive-prep:acl"}
