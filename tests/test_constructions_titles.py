"""Entity-anchored constructions with the real spaCy model, on invented sentences.

Titles and roles, former roles, organisations of a state and places. Each test asserts the fact the
sentence states and, where a construction invites one, the wrong fact it must not yield.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import facts



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


@pytest.mark.parametrize("text, fact", [
    ("Belmont Capital, a close ally of Paul Lee, bought the shares.", ("Belmont Capital", "allyOf", "Paul Lee")),
    ("Siemens subsidiary Helix Power filed for bankruptcy.", ("Helix Power", "memberOf", "Siemens")),
    ("Northwind's Helix Power subsidiary filed for bankruptcy.", ("Helix Power", "memberOf", "Northwind")),
    ("Helix Power, a unit of Northwind, filed for bankruptcy.", ("Helix Power", "memberOf", "Northwind")),
    ("Alphabet Inc's Google was fined.", ("Alphabet Inc", "operates", "Google")),
    ("SFR's owner Patrick Drahi met the minister.", ("Patrick Drahi", "operates", "SFR")),
    ("Belmont Capital, whose customers include Northwind and Helix Power, reported a loss.",
     ("Belmont Capital", "exportsTo", "Helix Power")),
])
def test_relational_nouns(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_two_of_its_units(tmp_path: Path) -> None:
    got = facts(tmp_path, "Northwind sold two of its units, Helix Power and Corva Systems, last year.")
    assert {("Helix Power", "memberOf", "Northwind"), ("Corva Systems", "memberOf", "Northwind")} <= got
    assert ("Helix Power", "memberOf", "Corva Systems") not in got


@pytest.mark.parametrize("text, fact", [
    ("Iran's Mehr news agency quoted him.", ("Mehr", "basedIn", "Iran")),
    ("Dmitry Orlov, head of Russia's civil aviation authority Rosaviatsia, said so.",
     ("Rosaviatsia", "memberOf", "Russia")),
    ("Australian stock broker Jacksons Ltd said the offer was fair.", ("Jacksons Ltd", "basedIn", "Australia")),
    ("Barwon Farmlands Ltd, a listed Australian firm, made an offer.",
     ("Barwon Farmlands Ltd", "basedIn", "Australia")),
    ("Compagnie des Machines Bull of France and NEC Corp of Japan bought the unit.", ("NEC Corp", "basedIn", "Japan")),
])
def test_organisations_named_with_their_country(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_a_name_ending_in_an_institution_noun_keeps_its_of_phrase(tmp_path: Path) -> None:
    got = facts(tmp_path, "Officials from the Bank of Lithuania met Northwind's Helix Power subsidiary.")
    assert ("Helix Power", "memberOf", "Northwind") in got
    assert not any(p == "basedIn" and o == "Lithuania" for _, p, o in got)


@pytest.mark.parametrize("text, fact", [
    ("On the roads of the second-biggest town in Kano state, northern Nigeria, the sight is worse.",
     ("Kano", "locatedIn", "Nigeria")),
    ("It wants the troops to leave the Kherson region in Ukraine's south.", ("Kherson", "locatedIn", "Ukraine")),
    ("The claim was made at a hearing in the US bankruptcy court in Denver, where the firm had filed.",
     ("US Bankruptcy Court", "basedIn", "Denver")),
    ("The turning point came with the opening of the Helix Carbamide Plant in Sumgait.",
     ("Helix Carbamide Plant", "locatedIn", "Sumgait")),
])
def test_places_the_parse_attaches_elsewhere(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_a_list_of_cities_and_countries(tmp_path: Path) -> None:
    got = facts(tmp_path, "Talks were held in Paris, France and Berlin, Germany.")
    assert ("Berlin", "locatedIn", "Germany") in got
    assert ("Paris", "locatedIn", "Germany") not in got and ("France", "locatedIn", "Berlin") not in got


@pytest.mark.parametrize("text, fact", [
    ('"The deal helps," said Ana Ruiz, Veltrix\'s interim president and chief operating officer.',
     ("Ana Ruiz", "heads", "Veltrix")),
    ('"This is positive news," Global Asset Management investment chief Tom Reyes said.',
     ("Tom Reyes", "worksFor", "Global Asset Management")),
    ("Ministry of Defence official Nora Quist is charged.", ("Nora Quist", "worksFor", "Ministry of Defence")),
    ("Talks were held with the King of Jordan. The treaty was signed by the country's King Hamad.",
     ("Hamad", "heads", "Jordan")),
])
def test_title_owners_in_harder_positions(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_a_previous_ceo_is_a_past_head(tmp_path: Path) -> None:
    got = facts(tmp_path, "Veltrix's previous CEO, Michael Dorn, left in April.")
    assert ("Michael Dorn", "formerlyHeaded", "Veltrix") in got
    assert ("Michael Dorn", "heads", "Veltrix") not in got


@pytest.mark.parametrize("text, fact", [
    ("Mark Dorn is starting his job as governor of the Bank of Lithuania.", ("Mark Dorn", "heads", "Bank of Lithuania")),
    ("Edi Lako, chairman of the Council for Trade and Co-operation in Asia (CTCA), called for calm.",
     ("Edi Lako", "heads", "Council for Trade and Co-operation in Asia")),
    ("Honeywell Inc sold the unit to <Compagnie des Machines Vert> of France and <Kato Corp> of Japan.",
     ("Kato Corp", "basedIn", "Japan")),
])
def test_title_and_name_boundaries(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_served_as_is_not_a_current_post(tmp_path: Path) -> None:
    got = facts(tmp_path, "Paul Lee served as chairman of Siemens. Jo Vance is taking up her post as head of Siemens.")
    assert ("Jo Vance", "heads", "Siemens") in got
    assert ("Paul Lee", "heads", "Siemens") not in got


def test_an_appositive_subject_of_the_next_clause_classifies_nothing(tmp_path: Path) -> None:
    got = facts(tmp_path, "It plans a takeover of the Philippine brewing firm, <Luzon Brewing Corp>, a Hong Kong "
                          "newspaper said.")
    assert ("Luzon Brewing Corp", "basedIn", "Philippines") in got
    assert ("Luzon Brewing Corp", "basedIn", "Hong Kong") not in got


def test_ambassador_to_a_country_works_for_the_sender(tmp_path: Path) -> None:
    got = facts(tmp_path, "The plan was made by U.S. Ambassador to Turkey Tom Barrack, as reported by Azernews.")
    assert ("Tom Barrack", "worksFor", "United States") in got
    assert not any(s == "Tom Barrack" and o == "Turkey" and p == "worksFor" for s, p, o in got)


def test_a_possessor_of_a_subsidiary_is_an_organisation(tmp_path: Path) -> None:
    got = facts(tmp_path, "Veltrix's Helix Power subsidiary was sold. Veltrix's president Ana Ruiz resigned.")
    assert ("Helix Power", "memberOf", "Veltrix") in got
    assert ("Ana Ruiz", "formerlyHeaded", "Veltrix") in got  # she resigned: a past tie, to an organisation


@pytest.mark.parametrize("text, fact", [
    ("Vert Bull, a new computer company jointly owned by Kato Corp and Honeywell Inc, will open in May.",
     ("Kato Corp", "operates", "Vert Bull")),
    ("The Legislative Assembly of the Isles stressed that their representatives, Dick Sawle and Jan Cheek, "
     "would attend.", ("Jan Cheek", "worksFor", "Legislative Assembly of the Isles")),
    ("Roads link mainland Azerbaijan with its exclave Nakhchivan.", ("Nakhchivan", "locatedIn", "Azerbaijan")),
])
def test_appositions_and_possessive_pronouns(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_their_needs_one_organisation_subject(tmp_path: Path) -> None:
    got = facts(tmp_path, "Estonia and Latvia said that their representatives, John Smith and Mary Jones, "
                          "would attend. The Legislative Assembly of the Isles stressed that their representatives, "
                          "Dick Sawle and Susan Clark, would attend.")
    assert ("Susan Clark", "worksFor", "Legislative Assembly of the Isles") in got
    assert not any(o in {"Estonia", "Latvia"} for s, p, o in got if s in {"John Smith", "Mary Jones"})


def test_the_owner_of_two_companies_is_not_one_of_them(tmp_path: Path) -> None:
    got = facts(tmp_path, "Federated - owner of Macy's and Bloomingdale's - will assume the debt. "
                          "Northwind's Helix Power subsidiary was sold.")
    assert ("Helix Power", "memberOf", "Northwind") in got
    assert not any({s, o} == {"Macy", "Bloomingdale"} for s, _, o in got)


def test_a_demonym_before_a_subsidiary_says_where_it_is(tmp_path: Path) -> None:
    got = facts(tmp_path, "Veltrix took a hit at its joint venture, Japanese subsidiary Kato Motors.")
    assert ("Kato Motors", "basedIn", "Japan") in got
    assert ("Kato Motors", "memberOf", "Japan") not in got


def test_an_employer_at_beats_a_place_before_the_title(tmp_path: Path) -> None:
    got = facts(tmp_path, "Ross Dale, UK economist at Royal Bank of Scotland, was surprised.")
    assert ("Ross Dale", "worksFor", "Royal Bank of Scotland") in got
    assert ("Ross Dale", "worksFor", "United Kingdom") not in got


def test_a_name_runs_on_through_its_particles(tmp_path: Path) -> None:
    got = facts(tmp_path, "EU Commission President Ursula Von der Leyen posted that she spoke by phone to Bessent.")
    assert ("Ursula Von der Leyen", "heads", "EU Commission") in got
    assert not any("Leyen" == s or "Leyen" == o for s, _, o in got)


def test_a_weekday_can_open_a_newspaper_name(tmp_path: Path) -> None:
    got = facts(tmp_path, "The Leeds newspaper Sunday Mirror said on Monday that the deal was off.")
    assert ("Sunday Mirror", "basedIn", "Leeds") in got
    assert not any(s == "Mirror" for s, _, _ in got)
