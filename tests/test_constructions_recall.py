"""Constructions frequent in news generally, with the real spaCy model, on invented names.

Posts taken and left ("joined Y as", "stepped down as", "resigned"), appointments by an agent, lists of
names the parse lost, and the wrong facts these constructions invite (a stake is no purchase of the
firm, a tip is no purchase, a work's title is no employer). Each test asserts the fact the sentence
states and the wrong one it must not yield.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import facts


@pytest.mark.parametrize("text, past, current", [
    ("Paul Lee stepped down as chief executive of Northwind Corp last year.",
     ("Paul Lee", "formerlyHeaded", "Northwind Corp"), ("Paul Lee", "heads", "Northwind Corp")),
    ("Paul Lee, who resigned as chairman of Belmont Capital in May, said the firm was healthy.",
     ("Paul Lee", "formerlyHeaded", "Belmont Capital"), ("Paul Lee", "heads", "Belmont Capital")),
    ("Paul Lee quit as Northwind Corp chairman in 2004.",
     ("Paul Lee", "formerlyHeaded", "Northwind Corp"), ("Paul Lee", "heads", "Northwind Corp")),
    ("Paul Lee was sacked as manager of Valco Group on Monday.",
     ("Paul Lee", "formerlyWorkedFor", "Valco Group"), ("Paul Lee", "worksFor", "Valco Group")),
])
def test_a_post_left_is_a_past_tie(tmp_path: Path, text: str, past: tuple, current: tuple) -> None:
    got = facts(tmp_path, text)
    assert past in got
    assert current not in got


@pytest.mark.parametrize("text, past, current", [
    ("Northwind Corp founder Paul Lee, who left the firm in 2001, criticised the deal.",
     ("Paul Lee", "formerlyHeaded", "Northwind Corp"), ("Paul Lee", "heads", "Northwind Corp")),
    ("Valco Group chief executive Paul Lee has resigned for personal reasons.",
     ("Paul Lee", "formerlyHeaded", "Valco Group"), ("Paul Lee", "heads", "Valco Group")),
])
def test_a_holder_who_left_in_the_same_sentence_holds_a_past_title(tmp_path: Path, text: str, past: tuple,
                                                                     current: tuple) -> None:
    got = facts(tmp_path, text)
    assert past in got
    assert current not in got


@pytest.mark.parametrize("text", [
    "Valco Group chairman Paul Lee said he would resign next year.",  # not yet
    "Valco Group chairman Paul Lee left for Paris on Monday.",  # a journey
])
def test_a_post_not_left_stays_current(tmp_path: Path, text: str) -> None:
    got = facts(tmp_path, text)
    assert ("Paul Lee", "heads", "Valco Group") in got
    assert ("Paul Lee", "formerlyHeaded", "Valco Group") not in got


def test_joined_an_organisation_as_a_title(tmp_path: Path) -> None:
    got = facts(tmp_path, "Paul Lee joined Northwind Corp as chief financial officer in 2003.")
    assert ("Paul Lee", "worksFor", "Northwind Corp") in got


@pytest.mark.parametrize("text", [
    "Paul Lee was appointed chairman by Valco Group on Monday.",
    "Paul Lee, named chairman by Valco Group in May, said profits rose.",
])
def test_appointed_by_an_agent(tmp_path: Path, text: str) -> None:
    assert ("Paul Lee", "heads", "Valco Group") in facts(tmp_path, text)


def test_a_list_the_parse_lost_is_read_from_the_words(tmp_path: Path) -> None:
    got = facts(tmp_path, "Tresk Systems, a new company jointly owned by Northwind Corp, Belmont Capital and "
                          "Valco Group, will start in May.")
    assert {("Northwind Corp", "operates", "Tresk Systems"), ("Belmont Capital", "operates", "Tresk Systems"),
            ("Valco Group", "operates", "Tresk Systems")} <= got


def test_a_next_clause_subject_is_no_list_member(tmp_path: Path) -> None:
    got = facts(tmp_path, "Valco Group bought Northwind Corp, and Belmont Capital bought Tresk Systems.")
    assert ("Valco Group", "boughtFrom", "Northwind Corp") in got
    assert ("Valco Group", "boughtFrom", "Belmont Capital") not in got


@pytest.mark.parametrize("text, kept", [
    ("Valco Group bought a 20% stake in Northwind Corp last year.", ("Valco Group", "funds", "Northwind Corp")),
    ("Valco Group bought shares in Northwind Corp last year.", None),
])
def test_a_stake_bought_in_a_firm_is_no_purchase_from_it(tmp_path: Path, text: str, kept: tuple | None) -> None:
    got = facts(tmp_path, text)
    assert ("Valco Group", "boughtFrom", "Northwind Corp") not in got
    if kept:
        assert kept in got


def test_a_majority_bought_is_a_takeover(tmp_path: Path) -> None:
    assert ("Valco Group", "boughtFrom", "Northwind Corp") in facts(
        tmp_path, "Valco Group bought 60% of Northwind Corp last year.")


def test_tipped_to_buy_is_no_purchase(tmp_path: Path) -> None:
    got = facts(tmp_path, "Valco Group is tipped to buy Northwind Corp. Belmont Capital bought Tresk Systems.")
    assert ("Belmont Capital", "boughtFrom", "Tresk Systems") in got
    assert ("Valco Group", "boughtFrom", "Northwind Corp") not in got


def test_a_works_title_names_no_employer(tmp_path: Path) -> None:
    got = facts(tmp_path, "Lord of the Rings director Peter Halvorsen won the award. Valco Group director "
                          "Ana Ruiz was there.")
    assert ("Ana Ruiz", "worksFor", "Valco Group") in got
    assert not any(s == "Peter Halvorsen" for s, _, _ in got)


def test_a_majority_stake_is_a_takeover(tmp_path: Path) -> None:
    got = facts(tmp_path, "Valco Group has bought a majority stake in Northwind Corp. Belmont Capital bought a "
                          "26% stake in Tresk Systems.")
    assert ("Valco Group", "boughtFrom", "Northwind Corp") in got
    assert ("Belmont Capital", "boughtFrom", "Tresk Systems") not in got


def test_replaced_as_a_title(tmp_path: Path) -> None:
    got = facts(tmp_path, "Tom Reyes has replaced Jo Vance as chief executive of Northwind Corp. Paul Lee was "
                          "replaced as chairman of Valco Group on Monday.")
    assert ("Tom Reyes", "heads", "Northwind Corp") in got
    assert ("Paul Lee", "formerlyHeaded", "Valco Group") in got
    assert ("Paul Lee", "heads", "Valco Group") not in got


def test_a_departure_still_to_come_leaves_no_past_tie(tmp_path: Path) -> None:
    got = facts(tmp_path, "Belmont Capital wants a date to be set for Paul Lee to be replaced as Valco Group "
                          "chairman. Jo Vance stepped down as Valco Group chairman.")
    assert ("Jo Vance", "formerlyHeaded", "Valco Group") in got
    assert ("Paul Lee", "formerlyHeaded", "Valco Group") not in got


def test_a_branch_chairman_heads_no_party(tmp_path: Path) -> None:
    got = facts(tmp_path, "Paul Lee has resigned as Valco Group's branch chairman.")
    assert ("Paul Lee", "formerlyWorkedFor", "Valco Group") in got
    assert ("Paul Lee", "formerlyHeaded", "Valco Group") not in got


@pytest.mark.parametrize("text, fact", [
    ("Northwind Corp is a subsidiary of Valco Group.", ("Northwind Corp", "memberOf", "Valco Group")),
    ("Northwind Corp, which is now a unit of Valco Group, said sales rose.",
     ("Northwind Corp", "memberOf", "Valco Group")),
    ("Valco Group is the parent company of Northwind Corp.", ("Northwind Corp", "memberOf", "Valco Group")),
    ("Valco Group has teamed up with Northwind Corp to make phones.", ("Northwind Corp", "partnerOf", "Valco Group")),
    ("Valco Group joined forces with Northwind Corp last year.", ("Northwind Corp", "partnerOf", "Valco Group")),
    ("Valco Group snapped up Northwind Corp for $2bn.", ("Valco Group", "boughtFrom", "Northwind Corp")),
])
def test_organisations_related_by_copula_and_phrasal_verbs(tmp_path: Path, text: str, fact: tuple) -> None:
    assert fact in facts(tmp_path, text)


def test_a_person_who_was_chairman_is_no_organisations_role(tmp_path: Path) -> None:
    got = facts(tmp_path, "Paul Lee was chairman of Valco Group. Northwind Corp was a unit of Valco Group.")
    assert ("Paul Lee", "formerlyHeaded", "Valco Group") in got
    assert ("Northwind Corp", "memberOf", "Valco Group") not in got  # a past copula is left out


@pytest.mark.parametrize("text", [
    "Paul Lee, managing director of Valco Group's Asian arm, said sales rose.",
    "Paul Lee, head of the Asian business of Valco Group, said sales rose.",
])
def test_the_head_of_a_part_works_for_the_whole(tmp_path: Path, text: str) -> None:
    got = facts(tmp_path, text)
    assert ("Paul Lee", "worksFor", "Valco Group") in got
    assert ("Paul Lee", "heads", "Valco Group") not in got


@pytest.mark.parametrize("text, fact", [
    ("Paul Lee sits on the board of Valco Group.", ("Paul Lee", "memberOf", "Valco Group")),
    ("Paul Lee serves on the Valco Group board.", ("Paul Lee", "memberOf", "Valco Group")),
    ("Paul Lee, a member of the board of Valco Group, said sales rose.", ("Paul Lee", "memberOf", "Valco Group")),
    ("Paul Lee, chairman of the board of Valco Group, said sales rose.", ("Paul Lee", "heads", "Valco Group")),
    ("John Cooper, a barrister and chairman of the League Against Cruel Sports, said so.",
     ("John Cooper", "heads", "League Against Cruel Sports")),
    ("The Conservative Party said no. Conservative Tom Hale agreed.", ("Tom Hale", "memberOf", "Conservative Party")),
])
def test_boards_coordinated_titles_and_party_members(tmp_path: Path, text: str, fact: tuple) -> None:
    assert fact in facts(tmp_path, text)


def test_a_town_on_a_river_sits_on_no_board(tmp_path: Path) -> None:
    got = facts(tmp_path, "Valco Group sits on the Thames. Paul Lee sits on the board of Valco Group.")
    assert ("Paul Lee", "memberOf", "Valco Group") in got
    assert not any(s == "Valco Group" for s, _, _ in got)


def test_a_national_unit_is_based_in_its_country(tmp_path: Path) -> None:
    got = facts(tmp_path, "Valco Group's German unit Tresk Systems reported losses.")
    assert {("Tresk Systems", "basedIn", "Germany"), ("Tresk Systems", "memberOf", "Valco Group")} <= got
    assert ("Tresk Systems", "basedIn", "Valco Group") not in got


@pytest.mark.parametrize("text, state, body", [
    ("Britain's U.N. Ambassador Paul Lee said the claim was untrue.", "United Kingdom", "U.N."),
    ("Valdoria's UN ambassador Paul Lee said the vote was rigged.", "Valdoria", "UN"),
])
def test_an_ambassador_to_an_organisation_works_for_the_state(tmp_path: Path, state: str, body: str,
                                                                text: str) -> None:
    got = facts(tmp_path, text)
    assert ("Paul Lee", "worksFor", state) in got
    assert ("Paul Lee", "worksFor", body) not in got


def test_an_organisations_own_ambassador_works_for_it(tmp_path: Path) -> None:
    assert ("Paul Lee", "worksFor", "UNICEF") in facts(tmp_path, "UNICEF ambassador Paul Lee visited the camp.")



@pytest.mark.parametrize("text, fact", [
    ("The Valco Group-owned Tresk factory closed.", ("Valco Group", "operates", "Tresk")),
    ("Valco Group, whose chief executive is Paul Lee, reported losses.", ("Paul Lee", "heads", "Valco Group")),
    ("Valco Group's owner is Paul Lee.", ("Paul Lee", "operates", "Valco Group")),
])
def test_owned_compounds_and_whose_titles(tmp_path: Path, text: str, fact: tuple) -> None:
    assert fact in facts(tmp_path, text)


def test_a_past_whose_title_is_left_out(tmp_path: Path) -> None:
    got = facts(tmp_path, "Valco Group, whose chairman was Paul Lee, reported losses. Northwind Corp's owner is "
                          "Paul Lee.")
    assert ("Paul Lee", "operates", "Northwind Corp") in got
    assert ("Paul Lee", "heads", "Valco Group") not in got


@pytest.mark.parametrize("text", [
    "Paul Lee, who heads the Valdorian unit of Valco Group, said sales rose.",
    "Paul Lee runs Valco Group's Asian business.",
])
def test_running_a_part_is_working_for_the_whole(tmp_path: Path, text: str) -> None:
    got = facts(tmp_path, text)
    assert ("Paul Lee", "worksFor", "Valco Group") in got
    assert ("Paul Lee", "heads", "Valco Group") not in got


def test_joining_up_with_a_team_is_no_partnership(tmp_path: Path) -> None:
    got = facts(tmp_path, "Paul Lee joins up with Valco Group. Northwind Corp joined forces with Belmont Capital.")
    assert ("Belmont Capital", "partnerOf", "Northwind Corp") in got
    assert not any(p == "partnerOf" and "Paul Lee" in (s, o) for s, p, o in got)


@pytest.mark.parametrize("text", [
    "Valco Group hired Paul Lee in May.",
    "Valco Group recruited Paul Lee from Northwind Corp.",
    "Paul Lee was hired by Valco Group last year.",
    "Paul Lee, who is employed by Valco Group, said sales rose.",
    "Paul Lee, recruited by Valco Group in May, said sales rose.",
    "Paul Lee works at Valco Group.",
])
def test_an_employer_and_its_employee(tmp_path: Path, text: str) -> None:
    got = facts(tmp_path, text)
    assert ("Paul Lee", "worksFor", "Valco Group") in got
    assert not any(p.startswith("open:") for _, p, _ in got)


def test_a_firm_hired_is_no_employee(tmp_path: Path) -> None:
    got = facts(tmp_path, "Valco Group hired Belmont Capital to advise it. Valco Group hired Paul Lee.")
    assert ("Paul Lee", "worksFor", "Valco Group") in got
    assert ("Belmont Capital", "worksFor", "Valco Group") not in got


def test_a_job_told_in_the_past_tense_is_a_past_job(tmp_path: Path) -> None:
    got = facts(tmp_path, "Paul Lee worked at Valco Group for seven years. Tom Reyes has worked at Northwind Corp "
                          "since 2001.")
    assert ("Paul Lee", "formerlyWorkedFor", "Valco Group") in got
    assert ("Paul Lee", "worksFor", "Valco Group") not in got
    assert ("Tom Reyes", "worksFor", "Northwind Corp") in got


def test_a_group_operating_in_a_country_named_in_apposition(tmp_path: Path) -> None:
    """'X, a militant group operating in Y': the appositive's participle speaks of X (as the compound
    'the X group operating in Y' does); a person 'working in Y' is not said to be based there."""
    found = facts(tmp_path, "The Kestrel Front, a militant group operating in Mali and Niger, attacked a town. "
                            "Tom Reyes, a man working in Mali, said so.")
    assert {("Kestrel Front", "basedIn", "Mali"), ("Kestrel Front", "basedIn", "Niger")} <= found
    assert not {f for f in found if f[0] == "Tom Reyes"}


def test_a_demonym_and_a_trade_before_a_name_the_parse_left_apart(tmp_path: Path) -> None:
    """'Russian news agency Tass reported': the parse makes 'agency' and 'Tass' two subjects; the noun
    still classifies the name, and its demonym says where the firm is based; a demonym before a
    person's name says no such thing."""
    found = facts(tmp_path, "Russian news agency Tass reported the plan. Russian lawyer Tom Reyes agreed.")
    assert ("Tass", "basedIn", "Russia") in found
    assert not {f for f in found if f[0] == "Tom Reyes" and f[1] == "basedIn"}


@pytest.mark.parametrize("text", [
    "Tom Reyes sent a letter to Ann Lowe on Monday.",
    "Tom Reyes sent Ann Lowe a letter on Monday.",
])
def test_a_message_sent_to_someone(tmp_path: Path, text: str) -> None:
    """'sent a letter to Y': the parse hangs 'to' on the verb as a dative; the light verb's noun still
    takes it. 'sent troops to Y' is no message."""
    found = facts(tmp_path, text + " Valdoria sent troops to Norland.")
    assert ("Ann Lowe", "communicatedWith", "Tom Reyes") in found
    assert not {f for f in found if f[1] == "communicatedWith" and "Valdoria" in (f[0], f[2])}


@pytest.mark.parametrize(("text", "owned"), [
    ("Helix Power is majority-owned by Zentec Corp.", True),
    ("Helix Power is 60 percent owned by Zentec Corp.", True),
    ("Helix Power is wholly owned by Zentec Corp.", True),
    ("Helix Power is 20 percent owned by Zentec Corp.", False),  # a minority holder runs nothing
])
def test_owned_by_after_a_copula(tmp_path: Path, text: str, owned: bool) -> None:
    """'X is 60 percent owned by Y': the parse makes 'owned' the copula's complement, a passive all the same."""
    found = facts(tmp_path, text)
    assert (("Zentec Corp", "operates", "Helix Power") in found) is owned
    assert {e for f in found for e in (f[0], f[2])} <= {"Zentec Corp", "Helix Power"}


@pytest.mark.parametrize("text", [
    "Tom Reyes took over as chairman of Zentec Corp in May.",
    "Tom Reyes took over as Zentec Corp's chairman in May.",
    "Tom Reyes stepped in as chairman of Zentec Corp in May.",
    "Tom Reyes became Zentec Corp's chairman in May.",
])
def test_a_post_taken(tmp_path: Path, text: str) -> None:
    """'took over as', 'stepped in as', 'became': the post is taken, not left ('stepped down as' leaves it)."""
    found = facts(tmp_path, text + " Ann Lowe stepped down as chief executive of Vell Holdings.")
    assert ("Tom Reyes", "heads", "Zentec Corp") in found
    assert ("Tom Reyes", "formerlyHeaded", "Zentec Corp") not in found
    assert ("Ann Lowe", "formerlyHeaded", "Vell Holdings") in found


def test_banned_and_suspended_are_sanctions(tmp_path: Path) -> None:
    """'Norway banned X from selling', 'the club suspended Y': a sanction on the object. 'called X a liar'
    or 'which it calls Y' is naming, not a call, so 'call' stays out of the verb table."""
    found = facts(tmp_path, "Norway banned Zentec Corp from selling phones. Kestrel Rovers suspended Tom Reyes "
                            "after the row. Ann Lowe called Tom Reyes a liar.")
    assert {("Norway", "sanctioned", "Zentec Corp"), ("Kestrel Rovers", "sanctioned", "Tom Reyes")} <= found
    assert not {f for f in found if f[0] == "Ann Lowe"}


def test_a_town_tagged_like_its_demonym(tmp_path: Path) -> None:
    """'the Syrian city of Aleppo': the tagger reads the town as a nationality like the demonym before it;
    in a place noun's 'of' phrase it is a place. A demonym standing alone stays none ('Brits see ...')."""
    found = facts(tmp_path, "Rebels seized the Syrian city of Aleppo. Brits see no further than phones.")
    assert ("Aleppo", "locatedIn", "Syria") in found
    assert not {f for f in found if "Brits" in (f[0], f[2])}


def test_a_trade_noun_before_a_name_makes_it_a_firm(tmp_path: Path) -> None:
    """'Apple supplier Foxconn': the trade noun before the name types it a firm (the tagger read a place)
    and says who it supplies; 'Hollywood studios' does not make Hollywood a firm."""
    found = facts(tmp_path, "Apple supplier Foxconn said profits rose. Hollywood studios backed Tom Reyes.")
    assert ("Foxconn", "supplied", "Apple") in found
    assert not {f for f in found if f[0] == "Hollywood"}


def test_a_club_signs_a_player_from_another(tmp_path: Path) -> None:
    """'Kestrel Rovers signed X from Tresk United': X joins Kestrel Rovers and comes from Tresk United, for
    which he no longer plays ('Ann Lowe, from Zentec Corp,' still works there)."""
    found = facts(tmp_path, "Kestrel Rovers signed Tom Reyes from Tresk United for 2m. Ann Lowe, from the "
                            "Valdorian Retail Consortium, said so.")
    assert ("Tom Reyes", "memberOf", "Kestrel Rovers") in found
    assert ("Ann Lowe", "worksFor", "Valdorian Retail Consortium") in found
    assert not {f for f in found if f[0] == "Tom Reyes" and f[2] == "Tresk United"}


@pytest.mark.parametrize("text", ["Ann Lowe, a resident of Oslo, said so.", "Oslo resident Ann Lowe said so."])
def test_a_resident_lives_there(tmp_path: Path, text: str) -> None:
    found = facts(tmp_path, text)
    assert ("Ann Lowe", "livesIn", "Oslo") in found
    assert not {f for f in found if f[1] != "livesIn"}


@pytest.mark.parametrize("text", ["The European Commission fined Zentec Corp.",
                                  "Zentec Corp was fined by the European Commission.",
                                  "The US slapped tariffs on Canada."])
def test_fines_and_tariffs_are_sanctions(tmp_path: Path, text: str) -> None:
    """'fined' (which the model lemmatises 'fin') and 'tariffs on Y' sanction Y."""
    found = facts(tmp_path, text)
    assert {f[1] for f in found} == {"sanctioned"}
    assert {f[2] for f in found} <= {"Zentec Corp", "Canada"}
