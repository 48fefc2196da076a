"""Constructions common in news the rules had not met (grouped from the misses on CoNLL04's train
split, tested here with invented names): fatal verbs of violence, killer titles.

Each test asserts the fact and the near miss the construction invites.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import facts

KILLED = ("Tom Reyes", "killed", "Ann Lowe")


@pytest.mark.parametrize("text", [
    "Tom Reyes shot Ann Lowe dead outside the club.",
    "Tom Reyes fatally shot Ann Lowe outside the club.",
    "Ann Lowe was shot to death by Tom Reyes.",
    "Tom Reyes stabbed Ann Lowe to death.",
    "Ann Lowe was fatally shot by Tom Reyes on Monday.",
])
def test_a_verb_of_violence_made_fatal_is_a_killing(tmp_path: Path, text: str) -> None:
    assert KILLED in facts(tmp_path, text)


def test_a_plain_shooting_is_no_killing(tmp_path: Path) -> None:
    assert KILLED not in facts(tmp_path, "Tom Reyes shot Ann Lowe in the leg.")
    assert KILLED in facts(tmp_path, "Tom Reyes shot Ann Lowe dead.")


@pytest.mark.parametrize("text", [
    "Ann Lowe's killer, Tom Reyes, was jailed.",
    "Tom Reyes, the assassin of Ann Lowe, was jailed.",
    "Tom Reyes, the convicted killer of Ann Lowe, was jailed.",
])
def test_a_killer_title_names_the_victim(tmp_path: Path, text: str) -> None:
    assert KILLED in facts(tmp_path, text)


@pytest.mark.parametrize("modifier", ["alleged", "accused", "suspected"])
def test_a_hedged_title_states_no_tie(tmp_path: Path, modifier: str) -> None:
    assert KILLED not in facts(tmp_path, f"Tom Reyes, the {modifier} killer of Ann Lowe, was jailed.")
    assert KILLED in facts(tmp_path, "Tom Reyes, the killer of Ann Lowe, was jailed.")


@pytest.mark.parametrize("text", [
    "He married actress Mary Kell of Portland.",  # 'of' right after the name, no comma
    "Democrat Mary Kell of Ohio said the summit will help.",
    "Mary Kell, from Portland, voiced frustration.",
    "Mary Kell, 30, from Portland, voiced frustration.",
])
def test_a_person_of_or_from_a_town_lives_there(tmp_path: Path, text: str) -> None:
    place = "Ohio" if "Ohio" in text else "Portland"
    assert ("Mary Kell", "livesIn", place) in facts(tmp_path, text)


def test_a_person_of_a_country_is_a_nationality_not_a_home(tmp_path: Path) -> None:
    assert ("Mary Kell", "livesIn", "France") not in facts(tmp_path, "Mary Kell of France won the race.")
    assert ("Mary Kell", "livesIn", "Portland") in facts(tmp_path, "Mary Kell of Portland won the race.")


def test_a_refugee_from_a_town_no_longer_lives_there(tmp_path: Path) -> None:
    assert ("Mary Kell", "livesIn", "Portland") not in facts(tmp_path, "Mary Kell, a refugee from Portland, spoke.")
    assert ("Mary Kell", "livesIn", "Portland") in facts(tmp_path, "Mary Kell, from Portland, spoke.")


def test_a_dateline_town_lies_in_the_state_before_the_agency(tmp_path: Path) -> None:
    found = facts(tmp_path, "BRACKTON, Iowa (AP) - The plant closed on Monday.")
    assert ("BRACKTON", "locatedIn", "Iowa") in found
    assert not any(p == "locatedIn" and o == "AP" for _, p, o in found)


@pytest.mark.parametrize("state, name", [("N.Y.", "New York"), ("Okla.", "Oklahoma")])
def test_an_abbreviated_state_is_the_state_not_its_namesake_city(tmp_path: Path, state: str, name: str) -> None:
    assert ("Brackton", "locatedIn", name) in facts(tmp_path, f"The plant in Brackton, {state}, closed on Monday.")
    assert ("Tom Reyes", "visited", name) in facts(tmp_path, f"Tom Reyes flew to {name} on Monday.")  # the city


@pytest.mark.parametrize("text, company", [
    ("The boat, owned by Northwind Marine Inc. of Brackton, Texas, sank.", "Northwind Marine Inc"),
    ("The beef was sent to Kestrel Meats Ltd. of Portland.", "Kestrel Meats Ltd"),
])
def test_a_company_of_a_town_is_based_there(tmp_path: Path, text: str, company: str) -> None:
    town = "Brackton" if "Brackton" in text else "Portland"
    assert (company, "basedIn", town) in facts(tmp_path, text)


def test_an_organisation_of_a_town_without_a_legal_form_may_be_named_after_it(tmp_path: Path) -> None:
    assert ("Kestrel Foods", "basedIn", "Portland") not in facts(tmp_path, "The chairman of Kestrel Foods of Portland spoke.")
    assert ("Kestrel Foods Inc", "basedIn", "Portland") in facts(
        tmp_path, "The chairman of Kestrel Foods Inc. of Portland spoke.")


@pytest.mark.parametrize("text, org", [
    ("Tom Reyes, a lobbyist with the Kestrel Petroleum Institute, spoke.", "Kestrel Petroleum Institute"),
    ("Striking Northwind Airlines pilot Tom Reyes spoke.", "Northwind Airlines"),
])
def test_a_job_beside_an_organisation_is_work_for_it(tmp_path: Path, text: str, org: str) -> None:
    assert ("Tom Reyes", "worksFor", org) in facts(tmp_path, text)


def test_a_job_with_a_nationality_names_no_employer(tmp_path: Path) -> None:
    assert not any(p == "worksFor" for _, p, _ in facts(tmp_path, "Tom Reyes, a British lobbyist, spoke."))
    assert ("Tom Reyes", "worksFor", "Northwind Bank") in facts(tmp_path, "Tom Reyes, a lobbyist for Northwind Bank, spoke.")


@pytest.mark.parametrize("text", [
    "A parole board refused to release Tom Reyes, convicted of killing Ann Lowe in 1968.",
    "In 1981, Tom Reyes pleaded guilty to killing Ann Lowe outside her home.",
    "A jury found Tom Reyes guilty of murdering Ann Lowe.",
])
def test_a_conviction_or_guilty_plea_states_the_killing(tmp_path: Path, text: str) -> None:
    assert KILLED in facts(tmp_path, text)


@pytest.mark.parametrize("text", [
    "Tom Reyes was acquitted of killing Ann Lowe.",
    "Tom Reyes was accused of killing Ann Lowe.",
    "Tom Reyes, suspected of killing Ann Lowe, fled.",
    "Tom Reyes was arrested for killing Ann Lowe.",
    "Tom Reyes pleaded not guilty to killing Ann Lowe.",
    "A jury found Tom Reyes not guilty of murdering Ann Lowe.",
])
def test_a_charge_or_acquittal_states_no_killing(tmp_path: Path, text: str) -> None:
    assert KILLED not in facts(tmp_path, text)
    assert KILLED in facts(tmp_path, "Tom Reyes was convicted of killing Ann Lowe.")


def test_only_a_verdict_adjective_passes_its_subject_to_the_gerund(tmp_path: Path) -> None:
    text = "At a summit, the minister insisted Valdoria must stand firm in maintaining sanctions against Kestrel Corp."
    assert not any(p == "sanctioned" for _, p, _ in facts(tmp_path, text))
    assert KILLED in facts(tmp_path, "Tom Reyes pleaded guilty to killing Ann Lowe.")


@pytest.mark.parametrize("text, fact", [
    ("Gov. Tom Reyes of Ohio spoke.", ("Tom Reyes", "heads", "Ohio")),
    ("Ohio Gov. Tom Reyes spoke.", ("Tom Reyes", "heads", "Ohio")),
    ("Sen. Tom Reyes of Ohio spoke.", ("Tom Reyes", "worksFor", "Ohio")),
])
def test_abbreviated_titles_are_titles(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_a_lieutenant_governor_heads_nothing(tmp_path: Path) -> None:
    assert ("Tom Reyes", "heads", "Ohio") not in facts(tmp_path, "Lt. Gov. Tom Reyes of Ohio spoke.")
    assert ("Tom Reyes", "heads", "Ohio") in facts(tmp_path, "Gov. Tom Reyes of Ohio spoke.")
