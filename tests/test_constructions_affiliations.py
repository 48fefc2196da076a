"""A person named with an organisation: party and team titles, 'X of Y', 'Y's X', founders, spouses, homes.

Hand-built Docs (no model) pin the frames to a parse; real-model tests run invented sentences. Each
test asserts the fact and the near miss the construction invites.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import facts
from test_patterns import facts as pattern_facts
from test_patterns import hand_doc, only

from kg import relations
from kg.entities import Mention


def frame_facts(**kw) -> set[tuple[str, str, str]]:
    ctx = hand_doc(**kw)
    relations.extract(ctx)  # every registered rule: the frames and the package's patterns
    return set(ctx.found)


# "Tory leader Ann Lowe spoke ." with the Conservative Party known to the build (named elsewhere)
def _party_title(title: str, party_node: str = "Conservative Party") -> dict:
    return dict(words=["Tory", title, "Ann", "Lowe", "spoke", ".", party_node],
                heads=[3, 3, 3, 4, 4, 4, 6], deps=["compound", "compound", "compound", "nsubj", "ROOT", "punct", "ROOT"],
                pos=["PROPN", "NOUN", "PROPN", "PROPN", "VERB", "PUNCT", "PROPN"],
                lemmas=["Tory", title, "Ann", "Lowe", "speak", ".", party_node],
                names={(2, 4): ("ann-lowe", "Person"), (6, 7): ("conservative-party", "Organization")})


@pytest.mark.parametrize("title, fact", [
    ("leader", ("ann-lowe", "heads", "conservative-party")),  # a post the party confers
    ("MP", ("ann-lowe", "memberOf", "conservative-party")),
    ("chancellor", ("ann-lowe", "memberOf", "conservative-party")),  # a government post held by a member
])
def test_a_party_word_before_a_title_names_the_party(title: str, fact: tuple[str, str, str]) -> None:
    got = frame_facts(**_party_title(title))
    assert fact in got
    assert {f for f in got if f[0] == "ann-lowe"} == {fact}  # "Tory chancellor" heads no party


def test_a_party_word_is_no_owner_when_the_build_has_no_such_party() -> None:
    kw = _party_title("leader")
    kw["names"] = {(2, 4): ("ann-lowe", "Person"), (6, 7): ("marwick-party", "Organization")}
    assert not {f for f in frame_facts(**kw) if f[0] == "ann-lowe"}


# "Marwick Town striker Tomas Vik scored ." / "Norwegian striker Tomas Vik scored ."
def _team_title(first: tuple[str, str], owner: tuple[str, str] | None) -> dict:
    names = {(3, 5): ("tomas-vik", "Person")}
    if owner:
        names[(0, 2)] = owner
    return dict(words=[*first, "striker", "Tomas", "Vik", "scored", "."], heads=[1, 4, 4, 4, 5, 5, 5],
                deps=["compound", "compound", "compound", "compound", "nsubj", "ROOT", "punct"],
                pos=["PROPN", "PROPN", "NOUN", "PROPN", "PROPN", "VERB", "PUNCT"],
                lemmas=[*first, "striker", "Tomas", "Vik", "score", "."], names=names)


def test_a_team_title_makes_a_player_a_member_of_a_club_not_of_a_country() -> None:
    assert frame_facts(**_team_title(("Marwick", "Town"), ("marwick-town", "Organization"))) == {
        ("tomas-vik", "memberOf", "marwick-town")}
    assert frame_facts(**_team_title(("Marwick", "Town"), ("marwick-town", "City"))) == set()  # a town, no club


# "Ann Lowe , of the Valdor Group , said ." and its variants
def _of(prep: str, owner_type: str, appos: bool = False) -> dict:
    words = ["Ann", "Lowe", ",", prep, "the", "Valdor", "Group", ",", "said", "."]
    heads = [1, 8, 1, 1, 6, 6, 3, 1, 8, 8]
    deps = ["compound", "nsubj", "punct", "prep", "det", "compound", "pobj", "punct", "ROOT", "punct"]
    pos = ["PROPN", "PROPN", "PUNCT", "ADP", "DET", "PROPN", "PROPN", "PUNCT", "VERB", "PUNCT"]
    names = {(0, 2): ("ann-lowe", "Person"), (5, 7): ("valdor-group", owner_type)}
    if appos:  # "Ann Lowe , of the Valdor Group , Kentshire , said ." : an address, not an employer
        words[7:7] = [",", "Kentshire"]
        heads = [1, 10, 1, 1, 6, 6, 3, 6, 6, 1, 10, 10]
        deps[7:7] = ["punct", "appos"]
        pos[7:7] = ["PUNCT", "PROPN"]
        names[(8, 9)] = ("kentshire", "Region")
    return dict(words=words, heads=heads, deps=deps, pos=pos, lemmas=[w.lower() for w in words], names=names)


@pytest.mark.parametrize("prep", ["of", "from"])
def test_a_person_of_an_organisation_works_for_it(prep: str) -> None:
    assert frame_facts(**_of(prep, "Organization")) == {("ann-lowe", "worksFor", "valdor-group")}
    assert ("ann-lowe", "worksFor", "valdor-group") not in frame_facts(**_of(prep, "City"))  # where she is from
    assert frame_facts(**_of(prep, "Organization", appos=True)) == set()  # "Brooks, of Churchill, Oxfordshire"


def test_possessive_organisation_before_a_name(tmp_path: Path) -> None:
    got = facts(tmp_path, "Halvorsen Energy's Ann Lowe said sales fell.")
    assert ("Ann Lowe", "worksFor", "Halvorsen Energy") in got
    got = facts(tmp_path, "Ann Lowe's Halvorsen Energy said sales fell.")  # she owns it; she does not work for it
    assert ("Ann Lowe", "worksFor", "Halvorsen Energy") not in got


def test_a_founder_heads_the_company_and_a_title_stays_with_its_own_name(tmp_path: Path) -> None:
    assert ("Ann Lowe", "heads", "Brightwater Systems") in facts(
        tmp_path, "Brightwater Systems founder Ann Lowe said sales fell.")
    got = facts(tmp_path, "The talks involved two billionaires, Halvorsen Energy's founder Ann Lowe and "
                          "Brightwater Systems' owner Tom Vance.")
    assert ("Ann Lowe", "heads", "Halvorsen Energy") in got
    assert ("Tom Vance", "heads", "Halvorsen Energy") not in got


def test_an_mp_is_a_member_of_the_party_not_of_the_seat(tmp_path: Path) -> None:
    got = facts(tmp_path, "Labour unveiled its plans on Monday. Greta Holm, the Labour MP for Northfield, "
                          "said the plan would fail.")
    assert ("Greta Holm", "memberOf", "Labour") in got
    assert not any(f[0] == "Greta Holm" and f[2] == "Northfield" for f in got)


def test_married_to(tmp_path: Path) -> None:
    assert ("Ann Lowe", "spouseOf", "Tom Vance") in facts(tmp_path, "Ann Lowe is married to Tom Vance.")
    assert not any(f[1] == "spouseOf" for f in facts(tmp_path, "Ann Lowe is not married to Tom Vance."))


# "Ann Lowe died at her home in Leeds ." / "... at the home of Tom Vance in Leeds ."
HOME = dict(words=["Ann", "Lowe", "died", "at", "her", "home", "in", "Leeds", "."], heads=[1, 2, 2, 2, 5, 3, 5, 6, 2],
            deps=["compound", "nsubj", "ROOT", "prep", "poss", "pobj", "prep", "pobj", "punct"],
            pos=["PROPN", "PROPN", "VERB", "ADP", "PRON", "NOUN", "ADP", "PROPN", "PUNCT"],
            lemmas=["Ann", "Lowe", "die", "at", "her", "home", "in", "Leeds", "."],
            names={(0, 2): ("ann-lowe", "Person"), (7, 8): ("leeds", "City")})


def test_a_home_in_a_place_is_where_its_owner_lives() -> None:
    assert pattern_facts(hand_doc(**HOME), only("noun.home-in")) == {("ann-lowe", "livesIn", "leeds")}
    words = ["Ann", "Lowe", "died", "at", "the", "home", "in", "Leeds", "."]  # no owner: nobody's home
    assert pattern_facts(hand_doc(**{**HOME, "words": words, "pos": [*HOME["pos"][:4], "DET", *HOME["pos"][5:]],
                                     "deps": [*HOME["deps"][:4], "det", *HOME["deps"][5:]]}),
                         only("noun.home-in")) == set()


@pytest.mark.parametrize("text, fact", [
    ("Tomas Vik joined Marwick Rovers from Corvo Athletic in 2004.", ("Tomas Vik", "memberOf", "Marwick Rovers")),
    ("Tomas Vik signed for Marwick Rovers in August.", ("Tomas Vik", "memberOf", "Marwick Rovers")),
    ("Ann Lowe, an analyst with Brightwater Research, said sales would rise.",
     ("Ann Lowe", "worksFor", "Brightwater Research")),
    ("Ann Lowe, a security expert at Brightwater Research, said the attack was serious.",
     ("Ann Lowe", "worksFor", "Brightwater Research")),
    ("Halvorsen Energy Ltd was founded by Ann Lowe in 1993.", ("Ann Lowe", "heads", "Halvorsen Energy Ltd")),
    ("Halvorsen Energy Ltd founded Brightwater Systems Ltd in 1993.",
     ("Halvorsen Energy Ltd", "operates", "Brightwater Systems Ltd")),  # a company founding one runs it
])
def test_clubs_employers_and_founders(tmp_path: Path, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts(tmp_path, text)


def test_near_misses_of_clubs_and_employers(tmp_path: Path) -> None:
    assert not facts(tmp_path, "Tomas Vik has not signed for Marwick Rovers.")
    got = facts(tmp_path, "Ann Lowe, the minister with responsibility for Valdoria, said no.")
    assert not any(f[0] == "Ann Lowe" and f[1] == "worksFor" for f in got)


def test_a_club_name_is_an_organisation_not_a_person() -> None:
    from kg.identity import resolve

    ms = [Mention("a", 0, 2, "Corvo United", "PERSON"), Mention("a", 5, 7, "Corvo United", "PERSON"),
          Mention("a", 9, 11, "Corvo City", "GPE")]
    types = {e.label: e.type for e in resolve(ms).values()}
    assert types["Corvo United"] == "Organization"
    assert types["Corvo City"] != "Organization"  # "City" ends places' names too


def test_a_trade_noun_with_a_demonym_says_where_a_company_is_based(tmp_path: Path) -> None:
    got = facts(tmp_path, "Chinese carmaker Halvorsen Motor bought Brightwater Systems Ltd in July.")
    assert ("Halvorsen Motor", "basedIn", "China") in got
    assert ("Brightwater Systems Ltd", "basedIn", "China") not in got  # the company it bought is not


# "Ann Lowe , representing the Valdor Union , spoke ." / "Lawyers representing the Valdor Union spoke ."
REPRESENTING = dict(words=["Ann", "Lowe", ",", "representing", "the", "Valdor", "Union", ",", "spoke", "."],
                    heads=[1, 8, 1, 1, 6, 6, 3, 1, 8, 8],
                    deps=["compound", "nsubj", "punct", "acl", "det", "compound", "dobj", "punct", "ROOT", "punct"],
                    pos=["PROPN", "PROPN", "PUNCT", "VERB", "DET", "PROPN", "PROPN", "PUNCT", "VERB", "PUNCT"],
                    lemmas=["Ann", "Lowe", ",", "represent", "the", "Valdor", "Union", ",", "speak", "."],
                    names={(0, 2): ("ann-lowe", "Person"), (5, 7): ("valdor-union", "Organization")})


def test_a_name_representing_an_organisation_works_for_it() -> None:
    ctx = hand_doc(**REPRESENTING)
    ctx.doc._.kg_mentions = ctx.mentions
    assert pattern_facts(ctx, only("verb.representing")) == {("ann-lowe", "worksFor", "valdor-union")}
    words = ["Lawyers", *REPRESENTING["words"][2:]]  # a common noun represents, not a name
    kw = {**REPRESENTING, "words": words, "heads": [7, 0, 0, 5, 5, 2, 0, 7, 7],
          "deps": ["nsubj", *REPRESENTING["deps"][2:]], "pos": ["NOUN", *REPRESENTING["pos"][2:]],
          "lemmas": ["lawyer", *REPRESENTING["lemmas"][2:]], "names": {(4, 6): ("valdor-union", "Organization")}}
    ctx = hand_doc(**kw)
    ctx.doc._.kg_mentions = ctx.mentions
    assert pattern_facts(ctx, only("verb.representing")) == set()


def test_an_accountant_of_a_regulator_works_for_it(tmp_path: Path) -> None:
    got = facts(tmp_path, "Donald Vell, the SEC's chief accountant, said the rules would change.")
    assert ("Donald Vell", "worksFor", "SEC") in got
    assert ("Donald Vell", "heads", "SEC") not in got  # a chief accountant is no chief of the SEC


def test_a_party_named_in_full_takes_members_not_employees() -> None:
    kw = _of("of", "Organization")
    kw["names"] = {(0, 2): ("ann-lowe", "Person"), (5, 7): ("scottish-national-party", "Organization")}
    kw["words"][5:7] = ["Scottish", "National Party"]
    assert frame_facts(**kw) == {("ann-lowe", "memberOf", "scottish-national-party")}
