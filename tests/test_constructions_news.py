"""Constructions from wire and newspaper copy (issue 14), with the real spaCy model, on invented names.

Datelines and places written with their state ('KESTREL, Minn.'), ... Each test asserts the fact the
sentence states and, where a wrong reading is near, that it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import facts


def test_state_abbreviations_name_the_state() -> None:
    from kg import gazetteer as gz

    assert gz.lookup("Minn.").name == "Minnesota" and gz.lookup("N.J.").name == "New Jersey"
    assert gz.lookup("Calif").name == "California"
    assert gz.lookup("Miss.") is None and gz.lookup("Ill.") is None  # English words and a title stay apart


@pytest.mark.parametrize("text, fact", [
    ("KESTREL, Minn., March 27 - Northwind Corp said it has completed the sale of its unit.",
     ("KESTREL", "locatedIn", "Minnesota")),
    ("Northwind Corp, based in Kestrel, Minn., said it has completed the sale.", ("Kestrel", "locatedIn", "Minnesota")),
    ("Anna Kell, of Dunmore, Texas, was arrested on Monday.", ("Dunmore", "locatedIn", "Texas")),
])
def test_a_town_written_with_its_state_lies_in_it(tmp_path: Path, text: str, fact: tuple) -> None:
    assert fact in facts(tmp_path, text)


def test_a_list_of_places_is_no_town_in_a_state(tmp_path: Path) -> None:
    got = facts(tmp_path, "The storm hit Kestrel, Texas and Oklahoma. Dunmore, Tenn., was spared.")
    assert ("Dunmore", "locatedIn", "Tennessee") in got
    assert ("Kestrel", "locatedIn", "Texas") not in got


@pytest.mark.parametrize("text, fact", [
    ("Northwind Corp, which operates in Laos and Estonia, said profits fell.", ("Northwind Corp", "basedIn", "Estonia")),
    ("The Kestrel Front pledged to become the local franchise of the Northern Legion group operating in Namibia.",
     ("Northern Legion", "basedIn", "Namibia")),
])
def test_an_organisation_operating_in_a_country_is_based_there(tmp_path: Path, text: str, fact: tuple) -> None:
    got = facts(tmp_path, text)
    assert fact in got
    assert ("Kestrel Front", "basedIn", "Namibia") not in got


def test_a_person_operating_somewhere_is_not_based_there(tmp_path: Path) -> None:
    got = facts(tmp_path, "Tom Reyes, a surgeon at Northwind Corp, operates in Namibia. Northwind Corp operates in Mongolia.")
    assert ("Northwind Corp", "basedIn", "Mongolia") in got
    assert ("Tom Reyes", "basedIn", "Namibia") not in got


@pytest.mark.parametrize("text, fact", [
    ("Ministry of Defence official Anna Jordan Kell, who is alleged to have been paid, is charged with misconduct.",
     ("Anna Jordan Kell", "worksFor", "Ministry of Defence")),
    ("Defence Ministry official Tom Chad Reyes was arrested.", ("Tom Chad Reyes", "worksFor", "Defence Ministry")),
])
def test_a_country_inside_a_person_name_is_a_given_name(tmp_path: Path, text: str, fact: tuple) -> None:
    assert fact in facts(tmp_path, text)


def test_a_name_ending_in_a_country_stays_an_organisation(tmp_path: Path) -> None:
    got = facts(tmp_path, "Police raided the offices of Sputnik Estonia. Sputnik Estonia director Tom Reyes was held.")
    assert ("Tom Reyes", "worksFor", "Sputnik Estonia") in got


@pytest.mark.parametrize("text, fact", [
    ("Former army chief Tom Reyes told the Herald the deal was a huge gain for Northwind Corp.",
     ("Herald", "communicatedWith", "Tom Reyes")),
    ("Speaking to the Globe, Anna Kell said the plan would fail.", ("Anna Kell", "communicatedWith", "Globe")),
    ("In an interview with the Courier, Tom Reyes said he would resign.", ("Courier", "communicatedWith", "Tom Reyes")),
])
def test_a_newspaper_told_by_its_short_name(tmp_path: Path, text: str, fact: tuple) -> None:
    assert fact in facts(tmp_path, text)


def test_told_the_court_names_no_outlet(tmp_path: Path) -> None:
    got = facts(tmp_path, "Tom Reyes told the court he was innocent. He told Anna Kell the same.")
    assert ("Anna Kell", "communicatedWith", "Tom Reyes") in got
    assert not any(o.lower() == "court" or s.lower() == "court" for s, _, o in got)


@pytest.mark.parametrize("text, holder, prop", [
    ("Northwind Corp chief executive Tom Reyes, head of corporate finance Anna Kell and senior corporate finance "
     "director Mark Dunn were named in the report.", "Mark Dunn", "worksFor"),
    ("Those charged are four former Valdoria Herald journalists - news editor Tom Reyes, former head of news Anna Kell, "
     "ex-reporter Mark Dunn and former chief reporter Jim Hale.", "Jim Hale", "formerlyWorkedFor"),
    ("Northwind Corp chief executive Tom Reyes, head of corporate finance Anna Kell and senior director Mark Dunn "
     "attended the meeting.", "Mark Dunn", "worksFor"),
])
def test_titles_listed_with_their_holders_share_the_organisation(tmp_path: Path, text: str, holder: str,
                                                                  prop: str) -> None:
    got = facts(tmp_path, text)
    org = next(o for s, _, o in got if s == "Tom Reyes")
    assert (holder, prop, org) in got
    assert ("Anna Kell", "heads", org) not in got  # 'head of corporate finance' heads a department


def test_a_state_post_in_the_list_is_no_post_in_the_firm(tmp_path: Path) -> None:
    got = facts(tmp_path, "Northwind Corp chief executive Tom Reyes, head of security Anna Kell and finance minister "
                          "Mark Dunn met on Monday.")
    assert ("Anna Kell", "worksFor", "Northwind Corp") in got
    assert ("Mark Dunn", "worksFor", "Northwind Corp") not in got


def test_the_town_is_the_one_town_named_just_before(tmp_path: Path) -> None:
    got = facts(tmp_path, "The army says it has destroyed the rebel base in Marrowby. Rebel chief Tom Reyes declared "
                          "the northeast Kenyan city to be the capital of a new state after he seized the town in August.")
    assert ("Marrowby", "locatedIn", "Kenya") in got
    assert ("Tom Reyes", "captured", "Marrowby") in got


def test_the_town_after_two_towns_is_neither(tmp_path: Path) -> None:
    got = facts(tmp_path, "Rebels hold Marrowby, Texas, and the army holds Kestrelton, Texas. Tom Reyes said he seized "
                          "the town in August.")
    assert ("Kestrelton", "locatedIn", "Texas") in got
    assert not {("Tom Reyes", "captured", "Marrowby"), ("Tom Reyes", "captured", "Kestrelton")} & got


@pytest.mark.parametrize("text, fact", [
    ("The corridor would connect mainland Estonia with its exclave Marrowby via southern Latvia.",
     ("Marrowby", "locatedIn", "Estonia")),
    ("The road runs through the Marrowby region of Kenya.", ("Marrowby", "locatedIn", "Kenya")),
])
def test_a_region_or_exclave_of_a_country_lies_in_it(tmp_path: Path, text: str, fact: tuple) -> None:
    got = facts(tmp_path, text)
    assert fact in got
    assert ("Marrowby", "locatedIn", "Latvia") not in got  # 'via southern Latvia' is only the way


@pytest.mark.parametrize("text, took, fought", [
    ("The Kenyan military forced out the Kestrel Front from Marrowby earlier this month.", True, True),
    ("Kenyan troops drove the Kestrel Front out of Marrowby.", True, True),
    ("Kenyan troops pushed the rebels out of Marrowby.", True, False),
])
def test_forcing_a_group_out_of_a_place_takes_it(tmp_path: Path, text: str, took: bool, fought: bool) -> None:
    got = facts(tmp_path, text)
    assert (("Kenya", "captured", "Marrowby") in got) == took
    assert (("Kenya", "conflictWith", "Kestrel Front") in got) == fought


def test_forcing_a_club_out_of_a_cup_is_no_fight(tmp_path: Path) -> None:
    got = facts(tmp_path, "Kestrel United forced Dunford Rovers out of the cup. Kenyan troops forced the Kestrel Front "
                          "out of Marrowby.")
    assert ("Kenya", "conflictWith", "Kestrel Front") in got
    assert not any(p == "conflictWith" and "Rovers" in s + o for s, p, o in got)


def test_delegates_listed_with_whom_they_represent(tmp_path: Path) -> None:
    got = facts(tmp_path, "Earlier Tuesday, Marrowby met the envoy along with Kenyan Foreign Minister Tom Reyes, "
                          "representing the Union of Valdorian States; Latvia's Foreign Minister Anna Kell, representing "
                          "the Northern Trade Bloc; and Estonia's Deputy Foreign Minister Mark Dunn, on behalf of the "
                          "Union of Baltic Nations.")
    assert ("Tom Reyes", "worksFor", "Union of Valdorian States") in got
    assert ("Mark Dunn", "worksFor", "Union of Baltic Nations") in got
    assert ("Tom Reyes", "worksFor", "Northern Trade Bloc") not in got


def test_representing_a_place_s_organisation(tmp_path: Path) -> None:
    got = facts(tmp_path, "Tom Reyes met Kenyan Foreign Minister Mark Dunn, representing Latvia's Kestrel Trade Council; "
                          "and Anna Kell.")
    assert ("Mark Dunn", "worksFor", "Kestrel Trade Council") in got
    assert ("Mark Dunn", "worksFor", "Latvia") not in got


def test_on_behalf_of_a_client_is_no_post(tmp_path: Path) -> None:
    got = facts(tmp_path, "Tom Reyes, on behalf of his client Northwind Corp, denied the charges. Anna Kell, on behalf "
                          "of the Kestrel Trade Council, said the talks failed.")
    assert ("Anna Kell", "worksFor", "Kestrel Trade Council") in got
    assert ("Tom Reyes", "worksFor", "Northwind Corp") not in got


@pytest.mark.parametrize("text, fact", [
    ("Mr Reyes was poached last summer from his role as retail chief at the Bank of Valdoria.",
     ("Reyes", "formerlyWorkedFor", "Bank of Valdoria")),
    ("Tom Reyes, in his role as chairman of Northwind Corp, approved the loan.", ("Tom Reyes", "heads", "Northwind Corp")),
    ("Anna Kell took up her post as head of the Kestrel Trade Council in May.",
     ("Anna Kell", "heads", "Kestrel Trade Council")),
    ("Tom Reyes recalled his stint as editor of the Valdoria Herald.", ("Tom Reyes", "formerlyWorkedFor", "Valdoria Herald")),
])
def test_a_post_named_after_role_as(tmp_path: Path, text: str, fact: tuple) -> None:
    got = facts(tmp_path, text)
    assert fact in got
    assert (fact[0], "heads", "Bank of Valdoria") not in got  # a retail chief heads retail, not the bank


def test_her_role_as_subject_names_no_holder(tmp_path: Path) -> None:
    got = facts(tmp_path, "Tom Reyes praised Anna Kell. Her role as chairman of Northwind Corp was crucial. Anna Kell, in "
                          "her role as head of Southgate Ltd, signed it.")
    assert ("Anna Kell", "heads", "Southgate Ltd") in got
    assert ("Tom Reyes", "heads", "Northwind Corp") not in got


def test_a_second_possessive_title_in_a_pair_keeps_its_owner(tmp_path: Path) -> None:
    got = facts(tmp_path, "The talks involved two other influential billionaires, Kestrel's founder Xavier Niel and "
                          "Northwind's owner Tom Reyes.")
    assert ("Tom Reyes", "operates", "Northwind") in got
    assert ("Xavier Niel", "heads", "Kestrel") in got
    assert ("Tom Reyes", "heads", "Kestrel") not in got


def test_a_person_s_home_town_with_its_county(tmp_path: Path) -> None:
    got = facts(tmp_path, "In a separate case Kell, of Marrowby, Oxfordshire, along with her husband, Charlie, plus "
                          "five others are accused of perverting the course of justice.")
    assert ("Kell", "livesIn", "Marrowby") in got
    assert ("Marrowby", "locatedIn", "Oxfordshire") in got
    assert ("Kell", "livesIn", "Oxfordshire") not in got


@pytest.mark.parametrize("text", [
    "President Tom Reyes said, after a meeting with Nato Secretary-General Anna Kell, that sanctions would follow.",
    "Tom Reyes said, following talks with Anna Kell, that the deal was close.",
    "\"They just don't go anywhere,\" President Tom Reyes said, after a meeting with Nato Secretary-General Anna Kell "
    "to discuss peace negotiations.",
])
def test_a_meeting_set_off_after_said_is_the_speaker_s(tmp_path: Path, text: str) -> None:
    assert ("Anna Kell", "metWith", "Tom Reyes") in facts(tmp_path, text)


def test_an_event_after_said_names_no_partner_of_its_own(tmp_path: Path) -> None:
    got = facts(tmp_path, "Tom Reyes said, after the clashes, that Anna Kell had resigned. Tom Reyes said, after a call "
                          "with Mark Dunn, that it was over.")
    assert ("Mark Dunn", "communicatedWith", "Tom Reyes") in got
    assert not any(p in {"metWith", "communicatedWith", "conflictWith"} and "Anna Kell" in (s, o) for s, p, o in got)
