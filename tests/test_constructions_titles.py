"""Entity-anchored constructions with the real spaCy model, on invented sentences.

Titles and roles, former roles, organisations of a state and places. Each test asserts the fact the
sentence states and, where a construction invites one, the wrong fact it must not yield.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import extract


def facts(tmp_path: Path, text: str) -> set[tuple[str, str, str]]:
    f = tmp_path / "story.txt"
    f.write_text(text, encoding="utf-8")
    ex = extract([f], progress=False)
    label = {e.id: e.label for e in ex.entities.values()}
    return {(label[r.subject], r.predicate, label[r.object]) for r in ex.relations}


@pytest.mark.parametrize("text, fact", [
    ("Queen Maria of Valdoria arrived in Paris on Monday.", ("Maria", "heads", "Valdoria")),
    ("Tom Reyes, chairman of the Pacific Rim Forum, said the talks had failed.",
     ("Tom Reyes", "heads", "Pacific Rim Forum")),
    ("Valdoria Front leader Ana Ruiz said the vote was rigged.", ("Ana Ruiz", "heads", "Valdoria Front")),
    ("Northwind Energy Holdings spokesman Paul Lee declined to comment.",
     ("Paul Lee", "spokespersonOf", "Northwind Energy Holdings")),
    ("Sam Hart, a senior Valdorian Guard officer, was arrested.", ("Sam Hart", "worksFor", "Valdorian Guard")),
    ("Jon Hale, a spokesman for Belmont Capital, said no.", ("Jon Hale", "spokespersonOf", "Belmont Capital")),
    ("Ivo Brand, a law professor at Queen Mary University of London, said so.",
     ("Ivo Brand", "worksFor", "Queen Mary University of London")),
    ("Mrs Holt's chauffeur Paul Ortega was arrested.", ("Paul Ortega", "worksFor", "Holt")),
])
def test_titles_and_roles(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_respective_titles_pair_owners_and_holders_in_order(tmp_path: Path) -> None:
    got = facts(tmp_path, "Estonia and Latvia sent their respective prime ministers Kaja Tamm and Arturs Berzins "
                          "to the summit.")
    assert {("Kaja Tamm", "heads", "Estonia"), ("Arturs Berzins", "heads", "Latvia")} <= got
    assert ("Kaja Tamm", "heads", "Latvia") not in got


@pytest.mark.parametrize("text, past, current", [
    ("The ousted Estonian president, Ana Ruiz, fled to Spain.",
     ("Ana Ruiz", "formerlyHeaded", "Estonia"), ("Ana Ruiz", "heads", "Estonia")),
    ("Jo Vance - a former Harvard historian - wrote the report.",
     ("Jo Vance", "formerlyWorkedFor", "Harvard"), ("Jo Vance", "worksFor", "Harvard")),
    ("Former Siemens chief executive Paul Lee was charged.",
     ("Paul Lee", "formerlyHeaded", "Siemens"), ("Paul Lee", "heads", "Siemens")),
    ("Nora Quist, 44, ex-editor of the Daily Planet, was charged.",
     ("Nora Quist", "formerlyWorkedFor", "Daily Planet"), ("Nora Quist", "worksFor", "Daily Planet")),
])
def test_former_roles_are_past_facts(tmp_path: Path, text: str, past: tuple, current: tuple) -> None:
    got = facts(tmp_path, text)
    assert past in got
    assert current not in got


def test_relative_clause_before_a_conjunct_is_about_its_head_only(tmp_path: Path) -> None:
    got = facts(tmp_path, "Paul Lee, who was Siemens chairman from 2003 to 2007, and Jo Vance, who edited "
                          "the paper, were accused.")
    assert ("Paul Lee", "formerlyHeaded", "Siemens") in got
    assert not any(s == "Jo Vance" and o == "Siemens" for s, _, o in got)


def test_portfolio_words_are_not_names(tmp_path: Path) -> None:
    got = facts(tmp_path, "Iranian Foreign Minister Reza Tabib and top European Union diplomat Catherine Hale "
                          "made progress. European Competition Commissioner Grete Lund said nothing.")
    assert ("Catherine Hale", "worksFor", "European Union") in got
    assert not any(s == "Grete Lund" for s, _, _ in got)  # "European Competition" names no organisation


@pytest.mark.parametrize("text, fact", [
    ("Estonia's defence ministry said the drone had crashed.",
     ("Estonian Defence Ministry", "memberOf", "Estonia")),
    ("The Estonian interior ministry said the drone had crashed.",
     ("Estonian Interior Ministry", "memberOf", "Estonia")),
    ("Armenian Defence Ministry spokesman Paul Lee said the attack failed.",
     ("Paul Lee", "spokespersonOf", "Armenian Defence Ministry")),
    ("Russia's embassy in London said the sanctions were illegal.", ("Russian Embassy", "basedIn", "London")),
    ("The US bankruptcy court in Houston dismissed the case.",
     ("US Bankruptcy Court", "basedIn", "Houston")),
])
def test_organisations_of_a_state(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


@pytest.mark.parametrize("text, fact", [
    ("Kerry joins the ministers in Geneva, Switzerland, for talks.", ("Geneva", "locatedIn", "Switzerland")),
    ("The town is in Borno state, northeast Nigeria.", ("Borno", "locatedIn", "Nigeria")),
    ("Fighting spread to the Kharkiv region in Ukraine's north.", ("Kharkiv", "locatedIn", "Ukraine")),
    ("The attack hit the city of Tartu in Estonia.", ("Tartu", "locatedIn", "Estonia")),
    ("Rockets hit the Estonian port of Paldiski on Monday.", ("Paldiski", "locatedIn", "Estonia")),
    ("Leeds-based Northwind said profits fell.", ("Northwind", "basedIn", "Leeds")),
    ("Northwind's headquarters in Leeds were raided.", ("Northwind", "basedIn", "Leeds")),
])
def test_places(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_a_list_of_countries_is_not_a_place_inside_another(tmp_path: Path) -> None:
    got = facts(tmp_path, "Sanctions hit Russia, Iran and North Korea, and Kerry flew to Geneva, Switzerland.")
    assert ("Geneva", "locatedIn", "Switzerland") in got
    assert not any(p == "locatedIn" and s in {"Russia", "Iran"} for s, p, _ in got)
