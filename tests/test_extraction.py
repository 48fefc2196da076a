"""Entities and relations with the real spaCy model, on sentences written for the tests.

Each test states one grammatical mechanism with names that are not in the sample articles, so a
rule that only fits those articles fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import facts

from kg.pipeline import extract



def entities(tmp_path: Path, text: str) -> dict[str, str]:
    f = tmp_path / "story.txt"
    f.write_text(text, encoding="utf-8")
    return {e.label: e.type for e in extract([f], progress=False).entities.values()}


@pytest.mark.parametrize("text, fact", [
    ("Siemens chief Roland Busch said the plant would open.", ("Roland Busch", "heads", "Siemens")),
    ("French President Emmanuel Macron said talks would continue.", ("Emmanuel Macron", "heads", "France")),
    ("Spain's Prime Minister Pedro Sanchez spoke on Monday.", ("Pedro Sanchez", "heads", "Spain")),
    ("Kremlin spokesman Dmitry Peskov declined to comment.", ("Dmitry Peskov", "spokespersonOf", "Kremlin")),
])
def test_titles(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_active_verb_with_prepositional_object(tmp_path: Path) -> None:
    assert ("Olaf Scholz", "apologisedTo", "Mark Rutte") in facts(
        tmp_path, "Olaf Scholz apologised to Mark Rutte on Tuesday.")


def test_passive_voice_with_coordinated_subjects(tmp_path: Path) -> None:
    got = facts(tmp_path, "Both Huawei and ZTE have been sanctioned by Canada.")
    assert {("Canada", "sanctioned", "Huawei"), ("Canada", "sanctioned", "ZTE")} <= got


def test_nominalisation_with_coordinated_objects(tmp_path: Path) -> None:
    got = facts(tmp_path, "Japan announced new sanctions against Norinco and Poly Technologies.")
    assert {("Japan", "sanctioned", "Norinco"), ("Japan", "sanctioned", "Poly Technologies")} <= got


def test_possessive_visit(tmp_path: Path) -> None:
    assert ("Narendra Modi", "visited", "Brazil") in facts(
        tmp_path, "The deal was signed during Indian Prime Minister Narendra Modi's state visit to Brazil.")


def test_negation_and_hedges_assert_nothing(tmp_path: Path) -> None:
    got = facts(tmp_path, "Lula did not criticise Argentina. Analysts speculated that Gabriel Boric may visit Peru.")
    assert not any(p in {"criticised", "visited"} for _, p, _ in got)
    got = facts(tmp_path, "Lula criticised Argentina. Analysts said that Gabriel Boric visited Peru.")  # asserted
    assert {("Lula", "criticised", "Argentina"), ("Gabriel Boric", "visited", "Peru")} <= got


def test_pronoun_subject_resolves_to_the_clause_subject(tmp_path: Path) -> None:
    got = facts(tmp_path, "Norway said on Monday that it supplied weapons to Ukraine.")
    assert ("Norway", "supplied", "Ukraine") in got


def test_place_appositive_and_possessive_region(tmp_path: Path) -> None:
    got = facts(tmp_path, "Fighting spread to Lviv, Ukraine's seventh-largest city, and to Poland's region of Silesia.")
    assert ("Lviv", "locatedIn", "Ukraine") in got
    assert ("Silesia", "locatedIn", "Poland") in got


def test_relative_clause_passive(tmp_path: Path) -> None:
    got = facts(tmp_path, "Rosatom is a Russian state corporation which is run by Alexei Likhachev.")
    assert ("Alexei Likhachev", "heads", "Rosatom") in got


def test_metonymy_capital_acts_for_its_state(tmp_path: Path) -> None:
    got = facts(tmp_path, "Prime Minister Viktor Orban criticised Brussels on Friday.")
    assert ("Viktor Orban", "criticised", "Belgium") in got


def test_surname_and_misspelling_merge_but_relatives_stay_apart(tmp_path: Path) -> None:
    text = ("Kazakh President Kassym-Jomart Tokayev met investors. Later, Tokayev said the plan "
            "was sound. Tokayev's father, Kemel, was a writer. Kassym-Jomart Tokaev thanked them.")
    got = entities(tmp_path, text)
    assert "Kassym-Jomart Tokayev" in got or "Kassym-Jomart Tokaev" in got
    assert not ("Kassym-Jomart Tokayev" in got and "Kassym-Jomart Tokaev" in got)
    assert "Tokayev" not in got
    assert "Kemel Tokayev" in got and got["Kemel Tokayev"] == "Person"


def test_gazetteer_fixes_types(tmp_path: Path) -> None:
    got = entities(tmp_path, "Talks in Dushanbe ended. Moscow and Tashkent agreed. Gazprom chief Ivan Petrov spoke.")
    assert got.get("Dushanbe") == "City"
    assert got.get("Gazprom") == "Organization"


def test_every_relation_has_evidence_inside_its_article(tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text("Siemens chief Roland Busch met Chinese President Xi Jinping in Beijing.", encoding="utf-8")
    ex = extract([f], progress=False)
    texts = {a.id: a.text for a in ex.articles}
    assert ex.relations
    for r in ex.relations:
        for ev in r.evidence:
            assert texts[ev.article_id][ev.start:ev.end].strip() == ev.sentence
            assert 0 < ev.confidence <= 1 and ev.rule


def test_quoted_claim_is_the_speakers(tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text("Andrzej Duda said Warsaw acted 'because Belarus is threatening Lithuania every day.'",
                 encoding="utf-8")
    ex = extract([f], progress=False)
    threats = [r for r in ex.relations if r.predicate == "threatened"]
    assert threats, ex.relations
    speaker = ex.entities[threats[0].evidence[0].attributed_to]
    assert speaker.label == "Andrzej Duda"
    assert threats[0].confidence < 0.85


@pytest.mark.parametrize("text, fact", [
    # the title's hyphen breaks the parse; the words alone still read as entity, title, person
    ("Rosneft said the board met. Rosneft vice-president Ivan Sechkin, 58, is said to have resigned.",
     ("Ivan Sechkin", "worksFor", "Rosneft")),
    # a state body named with a demonym, or owned by a country, is a member of that state
    ("The French Defence Ministry summoned the envoy.", ("French Defence Ministry", "memberOf", "France")),
    ("Brazil's Foreign Ministry issued a statement.", ("Foreign Ministry", "memberOf", "Brazil")),
    # a passive gerund after a preposition inherits the main clause's subject as its patient
    ("Olaf Ritter resigned hours after being dismissed by Gerhard Lang.",
     ("Gerhard Lang", "dismissed", "Olaf Ritter")),
])
def test_parse_repairs_and_state_bodies(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_a_company_is_not_a_state_body(tmp_path: Path) -> None:
    found = facts(tmp_path, "Japan's Toyota Motor Corp raised prices.")
    assert ("Toyota Motor Corp", "basedIn", "Japan") in found
    assert not any(p == "memberOf" for _, p, _ in found)


def test_relative_clause_on_a_plural_noun_with_its_members(tmp_path: Path) -> None:
    found = facts(tmp_path, "The claims were filed by several airlines, including Lufthansa and Air France, "
                            "which accused Boeing of hiding defects.")
    assert {("Lufthansa", "accused", "Boeing"), ("Air France", "accused", "Boeing")} <= found


@pytest.mark.parametrize("text, fact", [
    ("Within a decade Cheniere Energy had become the largest U.S. LNG producer.",
     ("Cheniere Energy", "basedIn", "United States")),
    ("Within a decade Vestas has become the biggest Danish wind turbine producer.",
     ("Vestas", "basedIn", "Denmark")),
    ("Washington sanctioned two of China's largest chip companies, Huawei and SMIC.", ("SMIC", "basedIn", "China")),
    ("Macron thanked his Italian counterpart Giorgia Meloni during a meeting in Rome.",
     ("Giorgia Meloni", "metWith", "Macron")),
])
def test_owners_lists_and_meeting_settings(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_a_meeting_with_named_participants_is_not_reassigned(tmp_path: Path) -> None:
    found = facts(tmp_path, "Macron praised Olaf Scholz at a meeting with Pedro Sanchez.")
    assert ("Macron", "metWith", "Olaf Scholz") not in found and ("Olaf Scholz", "metWith", "Macron") not in found
    assert ("Macron", "metWith", "Pedro Sanchez") in found  # the meeting named its participant


def test_subject_it_is_not_the_last_named_source(tmp_path: Path) -> None:
    found = facts(tmp_path, "A delegation of firms visited Brussels in May, the Guardian reported.\n\n"
                            "It was led by Karl Weber, head of the Bavarian chamber of commerce.")
    assert not any(s == "Karl Weber" and o == "Guardian" for s, _, o in found)
    found = facts(tmp_path, "Nokia reported higher profits on Monday. It was sued by Ericsson last year.")
    assert ("Ericsson", "accused", "Nokia") in found


def test_a_partner_at_a_firm_works_for_it(tmp_path: Path) -> None:
    found = facts(tmp_path, '"Growth will slow," said Anna Keller, partner at KPMG.')
    assert ("Anna Keller", "worksFor", "KPMG") in found
    assert not any(p == "partnerOf" for _, p, _ in found)


def test_a_mayor_belongs_to_a_place_and_former_is_not_a_name(tmp_path: Path) -> None:
    found = facts(tmp_path, "He spoke as London's Conservative mayor Boris Johnson faced questions.\n\n"
                            "Ex-Kremlin adviser Pavel Orlov will return.")
    assert ("Boris Johnson", "heads", "London") in found
    assert not any("Conservative" in (s, o) for s, _, o in found)
    assert not any("Ex-" in s or "Ex-" in o for s, _, o in found)


def test_a_function_chief_works_for_the_company(tmp_path: Path) -> None:
    found = facts(tmp_path, "The witness, former Enron financial chief Andrew Fastow, testified on Monday.")
    assert ("Andrew Fastow", "formerlyWorkedFor", "Enron") in found  # a former post is a past fact
    assert not {p for s, p, o in found if (s, o) == ("Andrew Fastow", "Enron")} & {"heads", "worksFor", "formerlyHeaded"}


def test_an_event_noun_subject_takes_the_verbs_between(tmp_path: Path) -> None:
    found = facts(tmp_path, "Fierce fighting broke out between Ethiopia and Eritrea in 1998.")
    assert ("Eritrea", "conflictWith", "Ethiopia") in found or ("Ethiopia", "conflictWith", "Eritrea") in found
    found = facts(tmp_path, "The offer was made between Siemens and Alstom in 2019.")
    assert not found  # only event nouns of the lexicon relate the pair


def test_rivalry_between_people_is_not_armed_conflict(tmp_path: Path) -> None:
    found = facts(tmp_path, "Conflict between Olaf Scholz and Christian Lindner paralysed the coalition.")
    assert not any(p == "conflictWith" for _, p, _ in found)
    found = facts(tmp_path, "Conflict between Serbia and Kosovo paralysed the talks.")  # between states it is
    assert ("Kosovo", "conflictWith", "Serbia") in found


def test_a_title_after_and_belongs_to_a_longer_name(tmp_path: Path) -> None:
    found = facts(tmp_path, "Work and Pensions Secretary Alan Johnson said the plan would go ahead.")
    assert not any(s == "Alan Johnson" and o == "Pensions" for s, _, o in found)
    assert entities(tmp_path, "Work and Pensions Secretary Alan Johnson said the plan would go ahead.").get(
        "Alan Johnson") == "Person"  # the name after the title is still found
    found = facts(tmp_path, "Oxfam chief Alan Johnson said the plan would go ahead.")  # a name alone before it
    assert ("Alan Johnson", "heads", "Oxfam") in found


def test_places_nest_by_size(tmp_path: Path) -> None:
    found = facts(tmp_path, "It has opened new missions in Baghdad and Basra in Iraq, Kabul in Afghanistan "
                            "and Pyongyang in North Korea.")
    assert ("Kabul", "locatedIn", "Afghanistan") in found
    assert ("Kabul", "locatedIn", "Pyongyang") not in found


def test_handing_over_words_is_not_supplying(tmp_path: Path) -> None:
    found = facts(tmp_path, "Chancellor Philip Hammond will deliver his Budget to the House of Commons on Monday.")
    assert not any(p == "supplied" for _, p, _ in found)
    found = facts(tmp_path, "Germany delivered tanks to Ukraine in January.")
    assert ("Germany", "supplied", "Ukraine") in found


def test_he_does_not_resolve_to_a_woman(tmp_path: Path) -> None:
    text = ("Tessa Jowell defended the policy on Sunday. Ms Jowell said it was fair.\n\n"
            '"He is a strong Labour Party member," Mr Prescott told the BBC.')
    assert not any(s == "Tessa Jowell" for s, _, _ in facts(tmp_path, text))
    text = "Gordon Brown defended the policy. Mr Brown said he heads the Treasury."
    assert ("Gordon Brown", "heads", "Treasury") in facts(tmp_path, text)
