"""Constructions that state relations in everyday news (sport, arts, business, politics), found where two
names share a sentence and no fact came out. Invented names; each test checks the fact and the near
miss beside it.
"""

from __future__ import annotations

from pathlib import Path

from conftest import facts

SHEET = ("Forwards: Tom Reyes (Northwind Rovers), Alan Kestrel (Valdoria Saints), Mark Doyle (Northwind Rovers), "
         "Sam Pike (The Harbour Club), Joe Lark (Valdoria Saints, capt), Ned Bray (Tresk Wanderers), Liam O'Dowd "
         "(Tresk Wanderers).")


def test_a_team_sheet_gives_each_player_his_club(tmp_path: Path) -> None:
    got = facts(tmp_path, SHEET)
    assert ("Tom Reyes", "memberOf", "Northwind Rovers") in got
    assert ("Joe Lark", "memberOf", "Valdoria Saints") in got  # "(Valdoria Saints, capt)"
    assert ("Sam Pike", "memberOf", "Harbour Club") in got
    assert ("Liam O'Dowd", "memberOf", "Tresk Wanderers") in got  # an apostrophe in the name
    assert ("Tom Reyes", "memberOf", "Valdoria Saints") not in got  # the next entry's club


def test_nominees_and_their_films_are_no_team_sheet(tmp_path: Path) -> None:
    got = facts(tmp_path, "Nominees include Ann Lowe (Midnight Harbour), Beth Marsh (The Long Road), Cara Finch "
                          "(Glass Towers), Dora Pike (Iron Bay) and Eve Lund (Blue Lantern). " + SHEET)
    assert ("Ned Bray", "memberOf", "Tresk Wanderers") in got
    assert not any(s in {"Ann Lowe", "Beth Marsh", "Cara Finch", "Dora Pike", "Eve Lund"} for s, _, _ in got)


def test_substitutions_are_no_clubs(tmp_path: Path) -> None:
    got = facts(tmp_path, "Reyes, Kestrel (Doyle 82), Pike (Lark 77), Bray (Moss 60), Lund (Hale 85), Finch "
                          "(Lowe 88), Marsh. " + SHEET)
    assert ("Mark Doyle", "memberOf", "Northwind Rovers") in got
    assert not any(o in {"Doyle", "Lark", "Moss", "Hale", "Lowe"} for _, _, o in got)


def test_an_initial_must_fit_the_player(tmp_path: Path) -> None:
    got = facts(tmp_path, "Coach Andy Reyes named his side. J Reyes (Northwind Rovers), A Kestrel (Valdoria "
                          "Saints), M Doyle (Northwind Rovers), S Pike (Tresk Wanderers), J Lark (Valdoria Saints), P O'Dowd "
                          "(Tresk Wanderers).")
    assert ("Andy Reyes", "memberOf", "Northwind Rovers") not in got
    assert any(s.endswith("Doyle") and o == "Northwind Rovers" for s, p, o in got)
    assert any(s.endswith("O'Dowd") and o == "Tresk Wanderers" for s, p, o in got)  # a name the tagger missed


def test_rugby_positions_are_team_roles(tmp_path: Path) -> None:
    got = facts(tmp_path, "Valdoria centre Tom Reyes was injured. Northwind Rovers lock Alan Kestrel will start, and "
                          "Northwind Rovers hooker Joe Lark was cited.")
    assert ("Tom Reyes", "memberOf", "Valdoria") in got
    assert ("Alan Kestrel", "memberOf", "Northwind Rovers") in got
    assert ("Joe Lark", "memberOf", "Northwind Rovers") in got


def test_a_capitalised_position_word_opens_a_name(tmp_path: Path) -> None:
    got = facts(tmp_path, "The Centre for Fiscal Studies said Tom Reyes was wrong, like Valdoria's Media Centre. "
                          "Valdoria wing Sam Pike scored.")
    assert ("Sam Pike", "memberOf", "Valdoria") in got
    assert not any("Fiscal Studies" == x or "Media" == x for f in got for x in (f[0], f[2]))
    assert not any(x == "Tom Reyes" for f in got for x in (f[0], f[2]))


def test_a_country_in_brackets_is_a_nationality(tmp_path: Path) -> None:
    got = facts(tmp_path, "Results: Tom Reyes (Kenya), Alan Kestrel (Ethiopia), Mark Doyle (Kenya), Sam Pike "
                          "(Morocco), Joe Lark (Kenya), Ned Bray (Ethiopia). " + SHEET)
    assert ("Ned Bray", "memberOf", "Tresk Wanderers") in got
    assert not any(o in {"Kenya", "Ethiopia", "Morocco"} for _, _, o in got)


def test_mrs_is_not_mr(tmp_path: Path) -> None:
    got = facts(tmp_path, "Tom Lowe spoke on Monday. Mr Lowe said taxes would fall. Mr Lowe later met Ann Pike. "
                          "Mr Lowe's wife, Sandra, will campaign. Mrs Lowe criticised the Kestrel Trust.")
    assert ("Ann Pike", "metWith", "Tom Lowe") in got  # 'Mr Lowe' is Tom Lowe
    assert ("Tom Lowe", "criticised", "Kestrel Trust") not in got  # 'Mrs Lowe' is not
    assert any(p == "criticised" and o == "Kestrel Trust" for s, p, o in got)


def _boss_doc(first: str, first_type: str):
    """'in <first> Zentec boss Tom Reyes spoke .' with both names hung on 'boss', as the parser does."""
    from test_patterns import hand_doc

    return hand_doc(words=["in", first, "Zentec", "boss", "Tom", "Reyes", "spoke", "."],
                    heads=[6, 3, 3, 5, 5, 6, 6, 6],
                    deps=["prep", "compound", "compound", "compound", "compound", "nsubj", "ROOT", "punct"],
                    pos=["ADP", "PROPN", "PROPN", "NOUN", "PROPN", "PROPN", "VERB", "PUNCT"],
                    lemmas=["in", first, "Zentec", "boss", "Tom", "Reyes", "speak", "."],
                    names={(1, 2): ("first", first_type), (2, 3): ("zentec", "Organization"),
                           (4, 6): ("tom-reyes", "Person")})


def test_a_place_before_the_owner_of_a_title_is_no_second_owner() -> None:
    from kg import relations

    ctx = _boss_doc("Tresk", "City")  # "at the show in Tresk Zentec boss Tom Reyes"
    relations.extract(ctx)
    assert ("tom-reyes", "heads", "zentec") in ctx.found
    assert ("tom-reyes", "heads", "first") not in ctx.found


def test_a_former_party_minister_is_still_of_the_party(tmp_path: Path) -> None:
    got = facts(tmp_path, "Labour won the vote on Monday. Ex-Labour minister Frank Fell told Tresk Radio's "
                          "Evening programme there was a danger.")
    assert ("Frank Fell", "memberOf", "Labour") in got
    assert ("Frank Fell", "formerlyWorkedFor", "Labour") not in got


def test_a_band_named_like_a_person_is_a_band_before_a_band_role(tmp_path: Path) -> None:
    got = facts(tmp_path, "Edwin Marsh frontman Alex Moray has called for more help for musicians. Edwin Marsh "
                          "released a new album in May. Tresk MP Tom Reyes agreed.")
    assert ("Alex Moray", "memberOf", "Edwin Marsh") in got
    assert not any(s == "Tom Reyes" and o == "Tresk" for s, _, o in got)  # a seat before 'MP' is no party


def test_hollywood_stars_is_a_noun_not_a_verb(tmp_path: Path) -> None:
    got = facts(tmp_path, "Hollywood stars Tom Reyes and Ann Lowe were in the audience. London welcomes Sam Pike.")
    assert not any({"Tom Reyes", "Ann Lowe"} & {s, o} for s, _, o in got)
    assert any(p.endswith("welcome") and o == "Sam Pike" for s, p, o in got)


def test_a_short_list_after_a_team_sheet_goes_on_with_it(tmp_path: Path) -> None:
    got = facts(tmp_path, SHEET + " Uncapped: Ian Moss (Tresk Wanderers), Ray Hale (Kestrel City), Lee Lund "
                          "(Valdoria Saints).")
    assert ("Ray Hale", "memberOf", "Kestrel City") in got
    lone = facts(tmp_path, "The shortlist: Ian Moss (Tresk Wanderers), Ray Hale (Kestrel City), Lee Lund (Valdoria "
                           "Saints).")
    assert not any(s == "Ray Hale" for s, _, _ in lone)


def test_a_team_role_after_and_keeps_its_club(tmp_path: Path) -> None:
    got = facts(tmp_path, "Northwind Rovers won on Saturday. The match burst to life from the whistle and Northwind "
                          "Rovers defender Tom Reyes had sight of an open goal. Work and Pensions Secretary Alan "
                          "Kestrel said so.")
    assert ("Tom Reyes", "memberOf", "Northwind Rovers") in got
    assert not any(s == "Alan Kestrel" for s, _, _ in got)  # 'Pensions' is only part of a name


def test_pundits_and_second_rows(tmp_path: Path) -> None:
    got = facts(tmp_path, "The Kestrel Network said so. Kestrel Network pundit Ann Lowe disagreed. Many pundits "
                          "disagreed with Tom Reyes. Northwind Rovers won. Northwind Rovers second row Sam Pike "
                          "will start.")
    assert ("Ann Lowe", "worksFor", "Kestrel Network") in got
    assert ("Sam Pike", "memberOf", "Northwind Rovers") in got
    assert not any(s == "Tom Reyes" or o == "Tom Reyes" for s, _, o in got)


def test_a_defector_joins_the_party_but_not_a_country(tmp_path: Path) -> None:
    got = facts(tmp_path, "The Kestrel Party won seats. Tom Reyes defected to the Kestrel Party last year. Ann "
                          "Lowe defected to the United States in 1979.")
    assert ("Tom Reyes", "memberOf", "Kestrel Party") in got
    assert not any(s == "Ann Lowe" for s, _, _ in got)
