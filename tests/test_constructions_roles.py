"""Roles in teams, bands and parts of organisations, with the real spaCy model, on invented names.

A national team is its country's node in the graph ("Norway striker X"); a town is no club ("Leeds
striker X": the club is left to the identity of names), and a nationality ("Welsh striker X") names no team. A band's singer is one of its members; a genre is no band. A post
in a named part of a firm ("spokesman for X software", "of X bank") is a post in the firm.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import facts


@pytest.mark.parametrize("text, fact", [
    ("Norway forward Tom Varley is uncertain whether he remains part of the plans.",
     ("Tom Varley", "memberOf", "Norway")),
    ("Norway striker Peter Hollis was fined by the federation.", ("Peter Hollis", "memberOf", "Norway")),
    ("Mark Jarvis, the Norway defender, was injured.", ("Mark Jarvis", "memberOf", "Norway")),
    ("Scotland captain Martin Jonsson has announced he is to retire.", ("Martin Jonsson", "memberOf", "Scotland")),
])
def test_a_national_team_has_its_players(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_a_nationality_is_no_team(tmp_path: Path) -> None:
    got = facts(tmp_path, "Welsh striker Craig Bellam was fined on Monday. Norway striker Peter Hollis was fined "
                          "by the federation.")
    assert ("Peter Hollis", "memberOf", "Norway") in got
    assert not any(s == "Craig Bellam" for s, _, _ in got)


@pytest.mark.parametrize("other", [
    "R&B singer Mark Morrow was jailed on Monday.",  # a genre
    "The former Velvet Foxes singer, Ian Brawn, released a solo album on Monday.",  # no past membership declared
])
def test_band_roles_are_membership_but_not_of_a_genre_nor_a_former_band(tmp_path: Path, other: str) -> None:
    got = facts(tmp_path, "Velvet Foxes singer Kenzie Vale is currently favourite to win the prize. " + other)
    assert ("Kenzie Vale", "memberOf", "Velvet Foxes") in got
    assert not any(s in {"Mark Morrow", "Ian Brawn"} for s, _, _ in got)


def test_drummer_is_a_member(tmp_path: Path) -> None:
    assert ("Kenny Jarvis", "memberOf", "Velvet Foxes") in facts(
        tmp_path, "The Velvet Foxes drummer Kenny Jarvis said the band would tour.")


def test_a_party_frontbencher_is_a_member(tmp_path: Path) -> None:
    got = facts(tmp_path, "The Conservative Party met on Monday. Tory frontbencher Patrick Merrow is pursuing "
                          "the proposal.")
    assert ("Patrick Merrow", "memberOf", "Conservative Party") in got


@pytest.mark.parametrize("text, fact", [
    ("Gary Stowell, spokesman for Belmont Capital software, said money mattered.",
     ("Gary Stowell", "spokespersonOf", "Belmont Capital")),
    ("Henri Bodin, vice-president of the Northwind Energy consultancy, said so.",
     ("Henri Bodin", "worksFor", "Northwind Energy")),
    ("Martin Larsen, general manager of Zentec Holdings' European storage division, said data mattered.",
     ("Martin Larsen", "worksFor", "Zentec Holdings")),
])
def test_a_post_in_a_named_part_of_a_firm_is_a_post_in_the_firm(tmp_path: Path, text: str,
                                                                 fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_a_place_modifier_names_no_employer(tmp_path: Path) -> None:
    got = facts(tmp_path, "Tom Bale, spokesman for the Leeds campaign, said so. Gary Stowell, spokesman for "
                          "Belmont Capital software, agreed.")
    assert ("Gary Stowell", "spokespersonOf", "Belmont Capital") in got
    assert not any(s == "Tom Bale" for s, _, _ in got)


@pytest.mark.parametrize("text, fact", [
    ("Ann Lowe, of the Zentec Holdings software division, said prices would rise.",
     ("Ann Lowe", "worksFor", "Zentec Holdings")),
    ("Mark Serwick, from the Zentec Holdings team, said there should be a strike.",
     ("Mark Serwick", "worksFor", "Zentec Holdings")),
    ("Ann Lowe, from Zentec Holdings' bond unit, said prices would rise.", ("Ann Lowe", "worksFor", "Zentec Holdings")),
])
def test_a_person_of_a_named_part_of_a_firm_works_for_the_firm(tmp_path: Path, text: str,
                                                                fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_what_a_person_speaks_of_is_no_employer(tmp_path: Path) -> None:
    got = facts(tmp_path, '"They have no evidence," said Tom Gale, a partner at Dorsey & Hale who is not connected '
                          'to the case, of the Zentec charges against Cole.')
    assert ("Tom Gale", "worksFor", "Dorsey & Hale") in got
    assert not any(s == "Tom Gale" and o != "Dorsey & Hale" for s, _, o in got)


def test_a_town_is_no_club(tmp_path: Path) -> None:
    got = facts(tmp_path, "Leeds striker Peter Hollis was fined by the club. Norway forward Tom Varley was not.")
    assert ("Tom Varley", "memberOf", "Norway") in got
    assert not any(s == "Peter Hollis" for s, _, _ in got)


@pytest.mark.parametrize("text, fact", [
    ("Such a plan is to be proposed by the new chief executive of the Northern Valdor FA, Howard Wells, at the "
     "next meeting.", ("Howard Wells", "heads", "Northern Valdor FA")),
    ("The plan was proposed by the chairman of Zentec Holdings, Mr Howard Wells, on Monday.",
     ("Howard Wells", "heads", "Zentec Holdings")),
])
def test_a_title_written_before_its_holder(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)  # the parser hangs the holder on the organisation


def test_an_incoming_title_is_not_yet_held(tmp_path: Path) -> None:
    text = ("The plan was proposed by the chairman of Zentec Holdings, Mr Howard Wells, on Monday. It will be up to "
            "the {}chairman of Belmont Capital, Mr Paul Lee, to adopt it.")
    assert ("Paul Lee", "heads", "Belmont Capital") in facts(tmp_path, text.format(""))
    got = facts(tmp_path, text.format("incoming "))
    assert ("Howard Wells", "heads", "Zentec Holdings") in got
    assert not any(s == "Paul Lee" for s, _, _ in got)
