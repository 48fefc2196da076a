"""Clause-anchored constructions with the real spaCy model, on invented sentences.

Light verbs and event nouns, reciprocals, deals, speech to the media: each test states the fact the
construction must yield and, where a near miss is tempting, the wrong fact it must not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import facts

from kg.pipeline import extract



@pytest.mark.parametrize("text, fact", [
    # the event noun's complement hangs on the light verb, or on a compound's head
    ("Chile slapped a similar sanctions package on Norvik Holdings.", ("Chile", "sanctioned", "Norvik Holdings")),
    ("Chile is imposing export curbs on Peru.", ("Chile", "sanctioned", "Peru")),
    ("Chile announced new sanctions targeting Norvik Holdings.", ("Chile", "sanctioned", "Norvik Holdings")),
    ("Peru launched a bombardment of Chile.", ("Chile", "conflictWith", "Peru")),
    ("Peru unleashed an intense bombardment on Chile.", ("Chile", "conflictWith", "Peru")),
    ("John Miller held talks in Paris this week with Robert Jones.", ("John Miller", "metWith", "Robert Jones")),
    ("The Northern Legion pledged allegiance to the Eastern Front.", ("Eastern Front", "allyOf", "Northern Legion")),
])
def test_light_verbs_carry_event_nouns(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_event_noun_in_an_adverbial_takes_the_clause_subject(tmp_path: Path) -> None:
    got = facts(tmp_path, "President Tom Hart said, after a meeting with Nato Secretary-General Paul Reyes, "
                          "that talks would go on.")
    assert ("Paul Reyes", "metWith", "Tom Hart") in got


def test_demanded_talks_did_not_happen(tmp_path: Path) -> None:
    got = facts(tmp_path, "Chile has demanded negotiations with Peru. Chile imposed sanctions on Peru.")
    assert ("Chile", "sanctioned", "Peru") in got
    assert not any(p == "communicatedWith" for _, p, _ in got)


def test_each_other_runs_both_ways(tmp_path: Path) -> None:
    got = facts(tmp_path, "Peru and Chile accused each other of violating the ceasefire.")
    assert {("Peru", "accused", "Chile"), ("Chile", "accused", "Peru")} <= got
    assert ("Chile", "signedAgreementWith", "Peru") not in got  # violating a truce is not signing one


def test_they_had_agreed_is_between_the_speakers(tmp_path: Path) -> None:
    assert ("Chile", "signedAgreementWith", "Peru") in facts(
        tmp_path, "Peru and Chile said they had agreed to a ceasefire.")


def test_joint_event_between_coordinated_subjects(tmp_path: Path) -> None:
    got = facts(tmp_path, "The leaders of Peru, Chile and Bolivia reached a deal on Thursday.")
    assert {("Chile", "signedAgreementWith", "Peru"), ("Bolivia", "signedAgreementWith", "Peru")} <= got


def test_speech_to_a_news_outlet(tmp_path: Path) -> None:
    got = facts(tmp_path, "Sam Ortega told the BBC's Newsnight programme that he would resign.")
    assert ("BBC", "communicatedWith", "Sam Ortega") in got


def test_a_programme_of_an_organisation_is_not_a_medium(tmp_path: Path) -> None:
    got = facts(tmp_path, "Steve Kellam described the Brightline Group's compliance program. "
                          "Steve Kellam told the BBC's Newsnight programme he was proud.")
    assert ("BBC", "communicatedWith", "Steve Kellam") in got
    assert not any(o == "Brightline Group" for _, _, o in got)


@pytest.mark.parametrize("text, fact", [
    ("Norvik Holdings agreed to buy Eastco's software unit for $2 billion.", ("Norvik Holdings", "boughtFrom", "Eastco")),
    ("Norvik Holdings bought a 20 percent stake in Eastco.", ("Norvik Holdings", "funds", "Eastco")),  # no purchase of Eastco
    ("Norvik Holdings bought 60 percent of Eastco.", ("Norvik Holdings", "boughtFrom", "Eastco")),
    ("Eastco was acquired by Norvik Holdings last year.", ("Norvik Holdings", "boughtFrom", "Eastco")),
    ("The purchase of Eastco by Norvik Holdings was approved on Monday.", ("Norvik Holdings", "boughtFrom", "Eastco")),
    ("Norvik Holdings said it would buy Eastco for $4 billion in a cash deal.", ("Norvik Holdings", "boughtFrom", "Eastco")),
    ("The Brightline Group, which is controlled by Norvik Holdings, said profits rose.",
     ("Norvik Holdings", "operates", "Brightline Group")),
])
def test_acquisitions(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_sale_of_a_unit_is_a_purchase_by_the_buyer(tmp_path: Path) -> None:
    got = facts(tmp_path, "Eastco completed the sale of its Brightline unit to Norvik Holdings.")
    assert ("Norvik Holdings", "boughtFrom", "Brightline") in got
    got = facts(tmp_path, "Norvik Holdings sold its Brightline unit to Eastco for $3 billion.")
    assert ("Eastco", "boughtFrom", "Brightline") in got
    assert ("Norvik Holdings", "supplied", "Eastco") not in got  # a business changed hands, not goods


def test_selling_goods_is_supplying(tmp_path: Path) -> None:
    assert ("Chile", "supplied", "Peru") in facts(tmp_path, "Chile sells copper to Peru.")


def test_would_in_reported_speech_is_a_claim_but_could_is_a_hedge(tmp_path: Path) -> None:
    got = facts(tmp_path, "Peru said it would impose sanctions on Eastco. Norvik Holdings could buy Brightline Inc.")
    assert ("Peru", "sanctioned", "Eastco") in got
    assert ("Norvik Holdings", "boughtFrom", "Brightline Inc") not in got


@pytest.mark.parametrize("text, fact", [
    ("Norvik Holdings named John Miller chief executive on Monday.", ("John Miller", "heads", "Norvik Holdings")),
    ("Norvik Holdings appointed John Miller as its new chief executive.", ("John Miller", "heads", "Norvik Holdings")),
    ("John Miller was appointed chairman of Norvik Holdings last year.", ("John Miller", "heads", "Norvik Holdings")),
    ("Norvik Holdings confirmed the appointment of John Miller as chief executive.",
     ("John Miller", "heads", "Norvik Holdings")),
])
def test_appointments(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    got = facts(tmp_path, text)
    assert fact in got
    assert not any(p.startswith("open:") for _, p, _ in got)  # the appointment is the fact, not "appoint"


def test_appointed_without_an_owner_names_none(tmp_path: Path) -> None:
    got = facts(tmp_path, "Anna Berg was named chief executive on Monday. "
                          "Norvik Holdings appointed John Miller as chairman on Tuesday.")
    assert ("John Miller", "heads", "Norvik Holdings") in got
    assert not any(s == "Anna Berg" for s, _, _ in got)


def test_hit_with_an_event_noun(tmp_path: Path) -> None:
    got = facts(tmp_path, "The United States hit Russia with new sanctions on Friday.")
    assert ("United States", "sanctioned", "Russia") in got
    got = facts(tmp_path, "Eastco, which was hit by a second EU antitrust charge this month, said it would appeal.")
    assert ("EU", "accused", "Eastco") in got


def test_we_in_a_reported_quote_is_the_speaker(tmp_path: Path) -> None:
    got = facts(tmp_path, "Jose Ramirez tweeted: 'We vehemently condemn Chile's attack on Peru.'")
    assert ("Jose Ramirez", "criticised", "Chile") in got
    assert ("Jose Ramirez", "criticised", "Peru") not in got


def test_relative_pronoun_object(tmp_path: Path) -> None:
    got = facts(tmp_path, "Eastco named rivals Norvik Holdings and Brightline Inc, with which it held parallel "
                          "negotiations.")
    assert ("Brightline Inc", "communicatedWith", "Eastco") in got


def test_receiving_a_visitor_is_meeting_but_receiving_a_letter_is_not(tmp_path: Path) -> None:
    got = facts(tmp_path, "Putin received Ilham Aliyev in the Kremlin on Tuesday. Putin received a letter from Chile.")
    assert ("Ilham Aliyev", "metWith", "Putin") in got
    assert not any(o == "Chile" or s == "Chile" for s, _, o in got)


def test_events_that_did_not_happen(tmp_path: Path) -> None:
    got = facts(tmp_path, "A preparatory meeting between Sam Ortega and Ana Lopez was also shelved. "
                          "Chile and Peru cancelled planned talks with Bolivia. Sam Ortega met Ana Lopez in June.")
    assert ("Ana Lopez", "metWith", "Sam Ortega") in got  # the meeting that did happen
    assert not any(o == "Bolivia" or s == "Bolivia" for s, _, o in got)
    assert not any(e.rule == "noun:meeting_between" for e in _evidence(tmp_path))


def _evidence(tmp_path: Path) -> list:
    ex = extract([tmp_path / "story.txt"], progress=False)
    return [e for r in ex.relations for e in r.evidence]


def test_the_company_is_the_organisation_just_named(tmp_path: Path) -> None:
    got = facts(tmp_path, "Norvik Holdings said profits rose. Later, the company purchased the Brightline Group "
                          "for $2 billion.")
    assert ("Norvik Holdings", "boughtFrom", "Brightline Group") in got
    got = facts(tmp_path, "Norvik Holdings said profits rose. A company purchased the Brightline Group.")
    assert not any(p == "boughtFrom" for _, p, _ in got)


def test_apposition_carries_a_participle(tmp_path: Path) -> None:
    got = facts(tmp_path, "Eastco, a new company jointly owned by Norvik Holdings and Brightline Inc, was formed "
                          "on Monday.")
    assert {("Norvik Holdings", "operates", "Eastco"), ("Brightline Inc", "operates", "Eastco")} <= got


@pytest.mark.parametrize("text, fact, wrong", [
    ("Chilean troops now hold the town of Arica.", ("Chile", "captured", "Arica"), ("Chile", "operates", "Arica")),
    ("Norvik Holdings holds 60 percent of Eastco.", ("Norvik Holdings", "operates", "Eastco"),
     ("Norvik Holdings", "captured", "Eastco")),
    ("Tony Blair attacked Michael Howard over the plans.", ("Tony Blair", "criticised", "Michael Howard"),
     ("Michael Howard", "conflictWith", "Tony Blair")),
    ("Peru attacked Chile on Sunday.", ("Chile", "conflictWith", "Peru"), ("Peru", "criticised", "Chile")),
])
def test_the_types_choose_between_readings(tmp_path: Path, text: str, fact: tuple, wrong: tuple) -> None:
    got = facts(tmp_path, text)
    assert fact in got
    assert wrong not in got


def test_held_responsible_is_blame_not_capture(tmp_path: Path) -> None:
    got = facts(tmp_path, "Peru held Chile responsible for the attack.")
    assert ("Peru", "blamed", "Chile") in got
    assert ("Peru", "captured", "Chile") not in got


def test_coordinated_verbs_share_their_object(tmp_path: Path) -> None:
    got = facts(tmp_path, "Chile met and praised Peru on Monday.")
    assert {("Chile", "metWith", "Peru"), ("Chile", "supports", "Peru")} <= got


def test_speaking_on_a_named_channel(tmp_path: Path) -> None:
    got = facts(tmp_path, "Sam Ortega, speaking on Telenova television, said the deal was dead. "
                          "Sam Ortega spoke on Peru for an hour.")
    assert ("Sam Ortega", "communicatedWith", "Telenova") in got
    assert ("Sam Ortega", "communicatedWith", "Peru") not in got  # a topic, not a channel


# ------------------------------------------------------------------ the clause patterns, model-free

def _hand(words, heads, deps, pos, lemmas, names):
    import spacy
    from spacy.tokens import Doc

    from kg.entities import Mention
    from kg.model import Article, Entity
    from kg.relations import Context

    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    entities = {eid: Entity(eid, " ".join(words[a:b]), t) for (a, b), (eid, t) in names.items()}
    mentions = [Mention("a", a, b, " ".join(words[a:b]), "ORG", entity=eid) for (a, b), (eid, _) in names.items()]
    return Context(doc, Article("a", "a.txt", doc.text), entities, mentions)


def _pattern_facts(ctx, rule_id: str) -> set[tuple[str, str, str]]:
    from kg.matching import default_ruleset, pattern_rules
    from kg.rules import RuleSet

    rs = RuleSet()
    rs.add([default_ruleset().rules[rule_id]])
    ctx.ruleset = rs
    pattern_rules(ctx)
    return set(ctx.found)


def test_pattern_hold_responsible_hand_built() -> None:
    words = ["Peru", "held", "Chile", "responsible", "."]
    kw = dict(heads=[1, 1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "oprd", "punct"],
              pos=["PROPN", "VERB", "PROPN", "ADJ", "PUNCT"], lemmas=["Peru", "hold", "Chile", "responsible", "."],
              names={(0, 1): ("peru", "Country"), (2, 3): ("chile", "Country")})
    assert _pattern_facts(_hand(words, **kw), "verb.hold-responsible") == {("peru", "blamed", "chile")}
    kw["lemmas"][3] = words[3] = "hostage"  # "held Chile hostage" blames no one
    assert _pattern_facts(_hand(words, **kw), "verb.hold-responsible") == set()


def test_pattern_speak_on_media_hand_built() -> None:
    words = ["Ana", "Ruiz", "spoke", "on", "Telenova", "radio", "."]
    kw = dict(heads=[1, 2, 2, 2, 5, 3, 2], deps=["compound", "nsubj", "ROOT", "prep", "compound", "pobj", "punct"],
              pos=["PROPN", "PROPN", "VERB", "ADP", "PROPN", "NOUN", "PUNCT"],
              lemmas=["Ana", "Ruiz", "speak", "on", "Telenova", "radio", "."],
              names={(0, 2): ("ana-ruiz", "Person"), (4, 5): ("telenova", "Organization")})
    assert _pattern_facts(_hand(words, **kw), "verb.speak-on-media") == {("ana-ruiz", "communicatedWith", "telenova")}
    kw["lemmas"][5] = words[5] = "issue"  # "spoke on the Telenova issue": a topic
    assert _pattern_facts(_hand(words, **kw), "verb.speak-on-media") == set()


def test_the_two_countries(tmp_path: Path) -> None:
    got = facts(tmp_path, "Chile and Peru resumed talks on Monday. Peace negotiations between the two countries "
                          "collapsed last year.")
    assert ("Chile", "communicatedWith", "Peru") in got
    got = facts(tmp_path, "Chile and Peru met on Monday. Negotiations between the two sides collapsed.")
    assert not any(p == "communicatedWith" for _, p, _ in got)  # "sides" is not in the table: no guess


def test_alleging_is_accusing(tmp_path: Path) -> None:
    got = facts(tmp_path, "Chile alleges that Peru worked on such weapons.")
    assert ("Chile", "accused", "Peru") in got
    got = facts(tmp_path, "Chile says that Peru worked on such weapons.")
    assert ("Chile", "accused", "Peru") not in got


def test_territory_retaken_from_an_enemy_but_not_shares_seized_from_a_bank(tmp_path: Path) -> None:
    got = facts(tmp_path, "The Peruvian army has retaken dozens of towns from the Free Ridge Army. "
                          "Chile seized a block of shares from Norvik Holdings.")
    assert ("Free Ridge Army", "conflictWith", "Peru") in got
    assert not any("Norvik Holdings" in (s, o) and p == "conflictWith" for s, p, o in got)


def test_a_hyphenated_owner_in_a_copula(tmp_path: Path) -> None:
    got = facts(tmp_path, "Norvik Holdings is a big group. Eastco is a Norvik-owned company.")
    assert ("Norvik Holdings", "operates", "Eastco") in got


def test_a_government_stake(tmp_path: Path) -> None:
    got = facts(tmp_path, "The Chilean government, which has a stake of around 23 percent in Norvik Holdings, objected.")
    assert ("Chile", "funds", "Norvik Holdings") in got


@pytest.mark.parametrize("text, fact", [
    ("Norvik Holdings took over Eastco in 2019.", ("Norvik Holdings", "boughtFrom", "Eastco")),
    ("Chile sent troops to Bolivia.", ("Chile", "deployedTo", "Bolivia")),
    ("Chile provided Bolivia with weapons.", ("Chile", "supplied", "Bolivia")),
    ("Eastco filed suit against Norvik Holdings.", ("Eastco", "accused", "Norvik Holdings")),
    ("Eastco agreed to be bought by Norvik Holdings.", ("Norvik Holdings", "boughtFrom", "Eastco")),
])
def test_deals_forces_and_suits(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_control_of_a_place_is_capture_of_a_company_is_running_it(tmp_path: Path) -> None:
    got = facts(tmp_path, "Chilean forces took control of Arica on Sunday. Norvik Holdings took control of the "
                          "Brightline Group last year.")
    assert ("Chile", "captured", "Arica") in got
    assert ("Norvik Holdings", "operates", "Brightline Group") in got
    assert ("Norvik Holdings", "captured", "Brightline Group") not in got


def test_sending_aid_is_not_deploying(tmp_path: Path) -> None:
    got = facts(tmp_path, "Chile sent food to Bolivia. Chile sent warships to Peru.")
    assert ("Chile", "deployedTo", "Peru") in got
    assert ("Chile", "deployedTo", "Bolivia") not in got


def test_a_deal_to_buy_but_not_a_plan_to_buy(tmp_path: Path) -> None:
    got = facts(tmp_path, "Norvik Holdings announced a deal to buy Eastco. Norvik Holdings unveiled a plan to buy "
                          "Brightline Inc.")
    assert ("Norvik Holdings", "boughtFrom", "Eastco") in got
    assert ("Norvik Holdings", "boughtFrom", "Brightline Inc") not in got


def test_condemning_an_attack_by_x_criticises_x(tmp_path: Path) -> None:
    got = facts(tmp_path, "Chile condemned the attack by Peru on Bolivia.")
    assert ("Chile", "criticised", "Peru") in got
    assert ("Chile", "criticised", "Bolivia") not in got


def test_lending_support_is_support_not_funding(tmp_path: Path) -> None:
    got = facts(tmp_path, "Chile lent its support to Peru.")
    assert ("Chile", "supports", "Peru") in got
    assert ("Chile", "funds", "Peru") not in got


def test_object_control_of_a_gerund(tmp_path: Path) -> None:
    got = facts(tmp_path, "Jose Ramirez praised Chile for supporting Peru.")
    assert ("Chile", "supports", "Peru") in got
    assert ("Jose Ramirez", "supports", "Peru") not in got  # the fans, not the one who thanked them


def test_an_event_in_scare_quotes_is_a_characterisation(tmp_path: Path) -> None:
    got = facts(tmp_path, "Jose Ramirez denounced Chile's 'military invasion' of Peru. "
                          "Peru condemned Chile's invasion of Bolivia.")
    assert ("Chile", "invaded", "Bolivia") in got
    assert ("Chile", "invaded", "Peru") not in got
