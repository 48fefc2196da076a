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


# ------------------------------------------------------------------ nouns: places, offices, facilities

def noun_of(owner: tuple, noun: tuple[str, str], named: str, names: dict) -> Context:
    """'<owner> <noun> of <named> .': owner is ("Valdoria", "'s", dep) or ("Valdorian", None, dep)."""
    word, case, dep = owner
    rows = [(word, 2 if case is None else 2, dep, "PROPN" if dep != "amod" else "ADJ", "NNP", word)]
    if case:
        rows.append((case, 0, "case", "PART", "POS", case))
    at = len(rows)
    rows += [(noun[0], at, "ROOT", "NOUN", "NN", noun[1]), ("of", at, "prep", "ADP", "IN", "of"),
             (named, at + 1, "pobj", "PROPN", "NNP", named), (".", at, "punct", "PUNCT", ".", ".")]
    rows[0] = (*rows[0][:1], at, *rows[0][2:])
    return parsed(rows, names)


def test_place_noun_of_lies_in_its_owner() -> None:
    names = {(0, 1): ("valdoria", "Country"), (4, 5): ("tresk", "Region")}
    ctx = noun_of(("Valdoria", "'s", "poss"), ("region", "region"), "Tresk", names)
    assert facts(ctx, "place.noun-of:poss") == {("tresk", "locatedIn", "valdoria")}
    # "Valdoria's mayor of Tresk": not a place noun
    assert facts(noun_of(("Valdoria", "'s", "poss"), ("mayor", "mayor"), "Tresk", names), "place.noun-of:poss") == set()
    # a country does not lie in a region: the places-nest filter, after the match
    names = {(0, 1): ("valdoria", "Region"), (4, 5): ("tresk", "Country")}
    ctx = noun_of(("Valdoria", "'s", "poss"), ("region", "region"), "Tresk", names)
    assert facts(ctx, "place.noun-of:poss") == set() and ctx.candidates


def test_place_noun_of_a_demonym_stands_for_its_country() -> None:
    # "the Russian republic of Tresk": a demonym's token names its country
    rows = [("the", 2, "det", "DET", "DT", "the"), ("Russian", 2, "amod", "ADJ", "JJ", "russian"),
            ("republic", 2, "ROOT", "NOUN", "NN", "republic"), ("of", 2, "prep", "ADP", "IN", "of"),
            ("Tresk", 3, "pobj", "PROPN", "NNP", "Tresk"), (".", 2, "punct", "PUNCT", ".", ".")]
    ctx = parsed(rows, {(4, 5): ("tresk", "Region")})
    ctx.mentions.append(Mention("a", 1, 2, "Russian", "NORP"))
    ctx.__post_init__()  # the demonym read as its country
    russia = ctx.tok2norp[1]
    assert facts(ctx, "place.noun-of:modifier") == {("tresk", "locatedIn", russia)}
    ctx = parsed(rows, {(4, 5): ("tresk", "Region")})  # no demonym: nothing
    assert facts(ctx, "place.noun-of:modifier") == set()


def offices(prep_word: str, place_type: str) -> Context:
    """'the Oslo offices of Tarvik Media .' (a compound place) or the same with 'in Oslo' after."""
    rows = [("the", 2, "det", "DET", "DT", "the"), ("Oslo", 2, "compound", "PROPN", "NNP", "Oslo"),
            ("offices", 2, "ROOT", "NOUN", "NNS", "office"), (prep_word, 2, "prep", "ADP", "IN", prep_word),
            ("Tarvik", 5, "compound", "PROPN", "NNP", "Tarvik"), ("Media", 3, "pobj", "PROPN", "NNP", "Media"),
            (".", 2, "punct", "PUNCT", ".", ".")]
    return parsed(rows, {(1, 2): ("oslo", place_type), (4, 6): ("tarvik", "Organization")})


def test_office_of_an_organisation_is_based_in_the_place() -> None:
    ctx = offices("of", "City")
    assert facts(ctx, "office.based:of-compound") == {("tarvik", "basedIn", "oslo")}
    assert facts(offices("for", "City"), "office.based:of-compound") == set()  # "offices for X": not X's
    ctx = offices("of", "Organization")  # the compound is no place: the type check drops it
    assert facts(ctx, "office.based:of-compound") == set() and not ctx.candidates


def test_facility_operated_by_its_owner_and_located() -> None:
    # "Tarvik 's Hollin plant in Oslo"
    rows = [("Tarvik", 3, "poss", "PROPN", "NNP", "Tarvik"), ("'s", 0, "case", "PART", "POS", "'s"),
            ("Hollin", 3, "compound", "PROPN", "NNP", "Hollin"), ("plant", 3, "ROOT", "NOUN", "NN", "plant"),
            ("in", 3, "prep", "ADP", "IN", "in"), ("Oslo", 4, "pobj", "PROPN", "NNP", "Oslo"),
            (".", 3, "punct", "PUNCT", ".", ".")]
    names = {(0, 1): ("tarvik", "Organization"), (2, 3): ("hollin", "Organization"), (5, 6): ("oslo", "City")}
    ctx = parsed(rows, names)
    assert facts(ctx, "facility.operates:poss", "facility.located:in") == {
        ("tarvik", "operates", "hollin"), ("hollin", "locatedIn", "oslo")}
    # the owner a person: 'Ms Ruiz's Hollin plant' is no operator's statement of this rule
    ctx = parsed(rows, {**names, (0, 1): ("tarvik", "Person")})
    assert facts(ctx, "facility.operates:poss", "facility.located:in") == {("hollin", "locatedIn", "oslo")}


def test_relational_noun_lists_its_members() -> None:
    # "Tarvik 's customers include Zed Corp ."
    rows = [("Tarvik", 2, "poss", "PROPN", "NNP", "Tarvik"), ("'s", 0, "case", "PART", "POS", "'s"),
            ("customers", 3, "nsubj", "NOUN", "NNS", "customer"), ("include", 3, "ROOT", "VERB", "VBP", "include"),
            ("Zed", 5, "compound", "PROPN", "NNP", "Zed"), ("Corp", 3, "dobj", "PROPN", "NNP", "Corp"),
            (".", 3, "punct", "PUNCT", ".", ".")]
    names = {(0, 1): ("tarvik", "Organization"), (4, 6): ("zed", "Organization")}
    ctx = parsed(rows, names)
    prop, direction = __import__("kg.entities", fromlist=["titles"]).titles()["customer"]
    expected = ("zed", prop, "tarvik") if direction == "holder" else ("tarvik", prop, "zed")
    assert facts(ctx, "title.include:poss-dobj") == {expected}
    rows[3] = ("want", 3, "ROOT", "VERB", "VBP", "want")  # "customers want Zed Corp": no list of members
    assert facts(parsed(rows, names), "title.include:poss-dobj") == set()


def test_relational_noun_whose_stands_for_the_antecedent() -> None:
    # "Tarvik , whose customers include Zed Corp , grew ."
    rows = [("Tarvik", 7, "nsubj", "PROPN", "NNP", "Tarvik"), (",", 0, "punct", "PUNCT", ",", ","),
            ("whose", 3, "poss", "PRON", "WP$", "whose"), ("customers", 4, "nsubj", "NOUN", "NNS", "customer"),
            ("include", 0, "relcl", "VERB", "VBP", "include"), ("Zed", 6, "compound", "PROPN", "NNP", "Zed"),
            ("Corp", 4, "dobj", "PROPN", "NNP", "Corp"), ("grew", 7, "ROOT", "VERB", "VBD", "grow"),
            (".", 7, "punct", "PUNCT", ".", ".")]
    names = {(0, 1): ("tarvik", "Organization"), (5, 7): ("zed", "Organization")}
    found = facts(parsed(rows, names), "title.include:whose-dobj")
    assert len(found) == 1 and {x for f in found for x in (f[0], f[2])} == {"tarvik", "zed"}


# ------------------------------------------------------------------ hyphenated compounds

def hyphenated(participle: tuple[str, str], target: tuple[str, str], names: dict) -> Context:
    """'a Oslo - <participle> <target> .' ('Oslo-based Tarvik', 'a Kremlin-funded outlet')."""
    rows = [("Oslo", 2, "npadvmod", "PROPN", "NNP", "Oslo"), ("-", 2, "punct", "PUNCT", "HYPH", "-"),
            (participle[0], 3, "amod", "VERB", "VBN", participle[1]),
            (target[0], 3, "ROOT", "PROPN" if target[0][0].isupper() else "NOUN", "NN", target[1]),
            (".", 3, "punct", "PUNCT", ".", ".")]
    return parsed(rows, names)


def test_based_compound() -> None:
    names = {(0, 1): ("oslo", "City"), (3, 4): ("tarvik", "Organization")}
    ctx = hyphenated(("based", "base"), ("Tarvik", "Tarvik"), names)
    assert facts(ctx, "place.based:name") == {("tarvik", "basedIn", "oslo")}
    ctx = hyphenated(("based", "base"), ("Tarvik", "Tarvik"), {**names, (3, 4): ("tarvik", "Person")})
    assert facts(ctx, "place.based:name") == set() and not ctx.candidates  # a person has no base: the slot's type


def test_participle_compound_reads_the_verbs_table() -> None:
    names = {(0, 1): ("oslo", "City"), (3, 4): ("tarvik", "Organization")}
    ctx = hyphenated(("funded", "fund"), ("Tarvik", "Tarvik"), names)
    assert facts(ctx, "compound.participle:name") == {("oslo", "funds", "tarvik")}
    assert facts(hyphenated(("admired", "admire"), ("Tarvik", "Tarvik"), names), "compound.participle:name") == set()


def test_word_list_references_and_types_in_pattern_files() -> None:
    from kg.matching import known_predicate
    from kg.rules import PatternError, parse_rule
    from kg.resources import words

    r = parse_rule({"id": "t", "predicate": "locatedIn", "types": {"object": ["Place"]}, "pattern": [
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": "@place_nouns"}}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {"DEP": "poss"}}]}, "t", known_predicate)
    listed = set(r.nodes[0]["RIGHT_ATTRS"]["LEMMA"]["IN"])
    assert words("place_nouns.txt") <= listed and "Region" in listed
    assert r.to_dict()["types"] == {"object": ["Place"]}
    for bad, problem in (({"LEMMA": {"IN": "@no_such_list"}}, "word list"), ({"LEMMA": {"IN": "place_nouns"}}, "word list")):
        try:
            parse_rule({"id": "t", "predicate": "locatedIn", "pattern": [
                {"RIGHT_ID": "trigger", "RIGHT_ATTRS": bad},
                {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {}}]}, "t", known_predicate)
        except ValueError as err:
            assert problem in str(err)
        else:
            raise AssertionError("a bad word list reference must be refused")
    try:
        parse_rule({"id": "t", "predicate": "locatedIn", "types": {"object": ["Planet"]}, "pattern": [
            {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {}},
            {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {}}]}, "t", known_predicate)
    except ValueError as err:
        assert "entity types" in str(err)
    else:
        raise AssertionError("an unknown entity type must be refused")
    assert PatternError


# ------------------------------------------------------------------ copulas

def copula(subject_type: str, noun: tuple[str, str], names_extra: dict | None = None) -> Context:
    """'Tresk is Valdoria 's largest <noun> .'"""
    rows = [("Tresk", 1, "nsubj", "PROPN", "NNP", "Tresk"), ("is", 1, "ROOT", "AUX", "VBZ", "be"),
            ("Valdoria", 5, "poss", "PROPN", "NNP", "Valdoria"), ("'s", 2, "case", "PART", "POS", "'s"),
            ("largest", 5, "amod", "ADJ", "JJS", "large"), (noun[0], 1, "attr", "NOUN", "NN", noun[1]),
            (".", 1, "punct", "PUNCT", ".", ".")]
    return parsed(rows, {(0, 1): ("tresk", subject_type), (2, 3): ("valdoria", "Country"), **(names_extra or {})})


def test_copula_place_and_organisation_nouns() -> None:
    every = [r for r in default_ruleset().rules if r.startswith("copula.")]
    assert facts(copula("City", ("city", "city")), *every) == {("tresk", "locatedIn", "valdoria")}
    assert facts(copula("Organization", ("bank", "bank")), *every) == {("tresk", "basedIn", "valdoria")}
    # a city is no bank, a person neither: the noun's kind must be the subject's
    assert facts(copula("City", ("bank", "bank")), *every) == set()
    assert facts(copula("Person", ("city", "city")), *every) == set()


def test_copula_negated_asserts_nothing() -> None:
    ctx = copula("City", ("city", "city"))
    rows = [(t.text, t.head.i + (t.head.i >= 2), t.dep_, t.pos_, t.tag_, t.lemma_) for t in ctx.doc]
    rows.insert(2, ("not", 1, "neg", "PART", "RB", "not"))
    ctx = parsed(rows, {(0, 1): ("tresk", "City"), (3, 4): ("valdoria", "Country")})
    assert facts(ctx, "copula.place-noun:poss") == set()
    assert [c.status for c in ctx.candidates] == ["unasserted"]


# ------------------------------------------------------------------ around a name

def test_organisation_of_a_country_alone() -> None:
    # "Zed Bull of Valdoria and Alpha Ltd of Ostia": each 'of' is its own name's
    rows = [("Zed", 1, "compound", "PROPN", "NNP", "Zed"), ("Bull", 1, "ROOT", "PROPN", "NNP", "Bull"),
            ("of", 1, "prep", "ADP", "IN", "of"), ("Valdoria", 2, "pobj", "PROPN", "NNP", "Valdoria"),
            ("and", 1, "cc", "CCONJ", "CC", "and"), ("Alpha", 6, "compound", "PROPN", "NNP", "Alpha"),
            ("Ltd", 1, "conj", "PROPN", "NNP", "Ltd"), ("of", 6, "prep", "ADP", "IN", "of"),
            ("Ostia", 7, "pobj", "PROPN", "NNP", "Ostia")]
    names = {(0, 2): ("zed", "Organization"), (3, 4): ("valdoria", "Country"), (5, 7): ("alpha", "Organization"),
             (8, 9): ("ostia", "Country")}
    assert facts(parsed(rows, names), "name.org-of-country") == {("zed", "basedIn", "valdoria"),
                                                                  ("alpha", "basedIn", "ostia")}
    rows[1] = ("Bank", 1, "ROOT", "PROPN", "NNP", "Bank")  # "the Zed Bank of Valdoria" is a name, not a base
    assert facts(parsed(rows, names), "name.org-of-country") == {("alpha", "basedIn", "ostia")}


def test_person_of_a_place_needs_the_comma() -> None:
    rows = [("Ann", 1, "compound", "PROPN", "NNP", "Ann"), ("Lowe", 1, "ROOT", "PROPN", "NNP", "Lowe"),
            (",", 1, "punct", "PUNCT", ",", ","), ("of", 1, "prep", "ADP", "IN", "of"),
            ("Tresk", 3, "pobj", "PROPN", "NNP", "Tresk")]
    names = {(0, 2): ("ann-lowe", "Person"), (4, 5): ("tresk", "City")}
    assert facts(parsed(rows, names), "name.person-of-place") == {("ann-lowe", "livesIn", "tresk")}
    rows[2] = ("Jr", 1, "appos", "PROPN", "NNP", "Jr")  # "Ann Lowe Jr of Tresk": no comma, no home
    assert facts(parsed(rows, names), "name.person-of-place") == set()


def test_possessive_place_and_state_body() -> None:
    def doc(head_word: str, owner_type: str) -> Context:
        rows = [("Valdoria", 2, "poss", "PROPN", "NNP", "Valdoria"), ("'s", 0, "case", "PART", "POS", "'s"),
                (head_word, 2, "ROOT", "PROPN", "NNP", head_word)]
        return parsed(rows, {(0, 1): ("valdoria", owner_type), (2, 3): ("body", "Organization")})
    every = [r for r in default_ruleset().rules if r.startswith("name.possessive")]
    assert facts(doc("Ministry", "Country"), *every) == {("body", "memberOf", "valdoria")}
    assert facts(doc("Zentec", "Country"), *every) == {("body", "basedIn", "valdoria")}
    assert facts(doc("Ministry", "City"), *every) == {("body", "basedIn", "valdoria")}
    assert facts(doc("Zentec", "Person"), *every) == set()  # a person's company is not based in the person


# ------------------------------------------------------------------ kg's matching is spaCy's DependencyMatcher's

def test_rule_set_finds_what_the_dependency_matcher_finds() -> None:
    from spacy.matcher import DependencyMatcher

    from kg.rules import parse_rule
    from kg.matching import known_predicate

    sibling = parse_rule({"id": "t.sibling", "predicate": "metWith", "pattern": [  # "$++": spaCy's own path
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"POS": "VERB"}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "subject", "RIGHT_ATTRS": {"DEP": "nsubj"}},
        {"LEFT_ID": "subject", "REL_OP": "$++", "RIGHT_ID": "object", "RIGHT_ATTRS": {"DEP": {"IN": ["dobj", "prep"]}}}]},
        "t", known_predicate)
    rules = RuleSet()
    rules.add([*default_ruleset().rules.values(), sibling])
    ctxs = [zed_verb_alpha("sanction", "sanctioned"), passive(acl=False), passive(acl=True), offices("of", "City"),
            copula("City", ("city", "city")),
            hyphenated(("based", "base"), ("Tarvik", "Tarvik"), {(0, 1): ("oslo", "City"), (3, 4): ("tarvik", "Organization")})]
    docs = [c.doc for c in ctxs]
    seen = 0
    for ctx, doc in zip(ctxs, docs):
        doc._.kg_context = ctx  # what kg_type reads
        spacy_matcher = DependencyMatcher(doc.vocab)
        for r in rules.rules.values():
            spacy_matcher.add(r.id, [r.nodes])
        expected = {(doc.vocab.strings[m], tuple(ids)) for m, ids in spacy_matcher(doc)}
        got = {(r.id, tuple(toks[n].i for n in r.names)) for r, toks in rules.matches(doc)}
        assert got == expected
        seen += len(got)
    assert seen >= len(docs)  # the documents do match rules (several each)
    assert ("t.sibling", (2, 1, 4)) in {(r.id, tuple(t[n].i for n in r.names)) for r, t in rules.matches(docs[0])}
