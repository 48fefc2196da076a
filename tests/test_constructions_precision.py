"""Precision on unseen news, with the real spaCy model, on invented sentences.

Each construction below made wrong facts on news kg had never seen (a read of BBC stories, issue 14):
every test shows the wrong fact is gone and that a correct sentence next to it still yields its fact.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED, facts, needs_shared


@pytest.mark.parametrize("planned, done, fact", [
    ("Foreign Secretary Tom Reyes is to visit Peru this week.", "Foreign Secretary Tom Reyes visited Peru this week.",
     ("Tom Reyes", "visited", "Peru")),
    ("Tom Reyes will meet Sam Hart in Lima.", "Tom Reyes met Sam Hart in Lima.", ("Sam Hart", "metWith", "Tom Reyes")),
    ("Tom Reyes is set to meet Sam Hart.", "Tom Reyes has met Sam Hart.", ("Sam Hart", "metWith", "Tom Reyes")),
    ("Tom Reyes is going to visit Peru.", "Tom Reyes went to Peru and visited Lima.", ("Tom Reyes", "visited", "Lima")),
    ("Tom Reyes said he will visit Peru.", "Tom Reyes said he visited Peru.", ("Tom Reyes", "visited", "Peru")),
    ("The Bank of Valdoria has been banned from suing Eastco.", "The Bank of Valdoria sued Eastco.",
     ("Bank of Valdoria", "accused", "Eastco")),
    # the model lemmatises "hopes" and "hoped" as "hop"
    ("Calder Motors hopes to land a deal with Ostrava Group.", "Calder Motors landed a deal with Ostrava Group.",
     ("Calder Motors", "signedAgreementWith", "Ostrava Group")),
    ("Calder Motors hoped to buy Ostrava Group.", "Calder Motors bought Ostrava Group.",
     ("Calder Motors", "boughtFrom", "Ostrava Group")),
    # a headline's infinitive announces a plan
    ("Calder Motors to buy Ostrava Group", "Calder Motors buys Ostrava Group", ("Calder Motors", "boughtFrom", "Ostrava Group")),
])
def test_a_plan_is_not_a_fact(tmp_path: Path, planned: str, done: str, fact: tuple[str, str, str]) -> None:
    assert fact not in facts(tmp_path, planned)
    (tmp_path / "done").mkdir()
    assert fact in facts(tmp_path / "done", done)


def test_a_bracketed_alias_is_not_a_place_it_lies_in(tmp_path: Path) -> None:
    assert not facts(tmp_path, "Protesters gathered in Ho Chi Minh City (Saigon) on Wednesday.")
    (tmp_path / "b").mkdir()
    assert ("Lyon", "locatedIn", "France") in facts(tmp_path / "b", "The fair was held in Lyon (France) last year.")


def test_a_name_beside_another_named_place_is_not_of_its_kind(tmp_path: Path) -> None:
    got = facts(tmp_path, "The worst-hit areas, such as Peru, Chile's Tresk island and the Maldives, are resorts.")
    assert ("Maldives", "locatedIn", "Chile") not in got
    assert ("Tresk", "locatedIn", "Chile") in got


@pytest.mark.parametrize("text", [
    "Science Minister Lord Tamworth said the plan was sound.",
    "The Secretary of State for Culture, Media and Sport, Anna Tarrant, has hit out at critics.",
    "Schools Minister Tom Bell said engaging pupils was essential.",
    "Telecom analysts Ovalon welcomed the move.",
])
def test_a_portfolio_is_not_an_employer(tmp_path: Path, text: str) -> None:
    assert not any(p == "worksFor" for _, p, _ in facts(tmp_path, text))


def test_a_department_is_still_an_employer(tmp_path: Path) -> None:
    assert ("Tom Bell", "worksFor", "Home Office") in facts(tmp_path, "Home Office minister Tom Bell said it was sound.")
    (tmp_path / "b").mkdir()
    got = facts(tmp_path / "b", "Kevin Marsh, the EU's Humanitarian Aid Commissioner, was quoted.")
    assert got == {("Kevin Marsh", "worksFor", "EU")}


@pytest.mark.parametrize("phrasal, plain, fact", [
    ("Tom Reyes ruled out Valdoria.", "Tom Reyes ruled Valdoria for a decade.", ("Tom Reyes", "heads", "Valdoria")),
    ("Sam Hart kicked ahead but his chip was charged down by Tom Reyes.", "Tom Reyes charged Sam Hart with fraud.",
     ("Tom Reyes", "accused", "Sam Hart")),
    ("Eastco took over Westco.", "Eastco took over Westco.", ("Eastco", "boughtFrom", "Westco")),
])
def test_a_particle_makes_another_verb(tmp_path: Path, phrasal: str, plain: str, fact: tuple[str, str, str]) -> None:
    if phrasal != plain:
        assert fact not in facts(tmp_path, phrasal)
    (tmp_path / "b").mkdir()
    assert fact in facts(tmp_path / "b", plain)


def test_set_up_is_not_an_open_predicate_set(tmp_path: Path) -> None:
    assert not facts(tmp_path, "Vijay Tandon recently set up Kingfisher Air.")
    (tmp_path / "b").mkdir()
    assert ("Eastco", "boughtFrom", "Westco") in facts(tmp_path / "b", "Eastco bought out Westco.")


def test_rivals_act_for_themselves(tmp_path: Path) -> None:
    assert ("Eastco", "accused", "Westco") not in facts(tmp_path, "Eastco's rivals accused Westco of fraud.")
    (tmp_path / "b").mkdir()
    assert ("Eastco", "accused", "Westco") in facts(tmp_path / "b", "Eastco accused Westco of fraud.")


def test_a_deputy_leader_does_not_head_the_party(tmp_path: Path) -> None:
    got = facts(tmp_path, "The new party was joined by Sam Hart, who is now the Green Union's deputy leader.")
    assert got == {("Sam Hart", "worksFor", "Green Union")}
    (tmp_path / "b").mkdir()
    assert ("Sam Hart", "heads", "Green Union") in facts(
        tmp_path / "b", "The new party was joined by Sam Hart, who is now the Green Union's leader.")


def test_a_chairman_who_resigned_is_a_former_chairman(tmp_path: Path) -> None:
    got = facts(tmp_path, "The affair prompted the resignation of Eastco chairman Tom Hart.")
    assert got == {("Tom Hart", "formerlyHeaded", "Eastco")}
    (tmp_path / "b").mkdir()
    assert ("Tom Hart", "heads", "Eastco") in facts(tmp_path / "b", "The affair prompted the praise of Eastco chairman Tom Hart.")


def test_a_nationality_before_a_job_is_no_employer(tmp_path: Path) -> None:
    assert not facts(tmp_path, "Peruvian economist Tom Hart said prices rose.")
    (tmp_path / "b").mkdir()
    assert ("Tom Hart", "worksFor", "Peru") in facts(tmp_path / "b", "Peruvian ambassador Tom Hart said prices rose.")


def test_the_employer_after_for_outranks_a_nationality(tmp_path: Path) -> None:
    got = facts(tmp_path, '"Prices rose," Tom Hart, chief Peruvian economist for Eastco Bank, told reporters.')
    assert ("Tom Hart", "worksFor", "Peru") not in got
    assert ("Tom Hart", "worksFor", "Eastco Bank") in got


def test_where_a_body_met_is_not_its_seat(tmp_path: Path) -> None:
    assert not facts(tmp_path, "He chaired a meeting of the Commission for Coastal Affairs in Lima.")
    (tmp_path / "b").mkdir()
    assert ("Commission for Coastal Affairs", "basedIn", "Lima") in facts(
        tmp_path / "b", "He worked at the Commission for Coastal Affairs in Lima.")


def test_assembly_members_are_not_the_assembly(tmp_path: Path) -> None:
    got = facts(tmp_path, "The Green Union has lost one of its two Valdoria Assembly members to a new party.")
    assert ("Valdoria Assembly", "memberOf", "Green Union") not in got
    (tmp_path / "b").mkdir()
    assert ("Eastco", "memberOf", "Westco") in facts(tmp_path / "b", "Westco's Eastco subsidiary reported a loss.")


def test_denied_is_no_open_predicate(tmp_path: Path) -> None:
    assert not facts(tmp_path, "Tom Hart denied Sam Reyes said the plans stink.")
    (tmp_path / "b").mkdir()
    assert ("Tom Hart", "open:mock", "Sam Reyes") in facts(tmp_path / "b", "Tom Hart mocked Sam Reyes.")


@pytest.mark.parametrize("later, earlier, fact", [
    ("Tom Hart invited Sam Reyes to a meeting when he visits Lima next week.", "Tom Hart visited Lima last week.",
     ("Tom Hart", "visited", "Lima")),
    ("Tom Hart meets Sam Reyes tomorrow.", "Tom Hart met Sam Reyes yesterday.", ("Sam Reyes", "metWith", "Tom Hart")),
])
def test_a_time_to_come_is_no_fact(tmp_path: Path, later: str, earlier: str, fact: tuple[str, str, str]) -> None:
    assert fact not in facts(tmp_path, later)
    (tmp_path / "b").mkdir()
    assert fact in facts(tmp_path / "b", earlier)


def test_the_content_of_a_claim_is_not_asserted(tmp_path: Path) -> None:
    assert not facts(tmp_path, "Hart said Reyes's claim that Peru is arming Chile is untrue.")
    (tmp_path / "b").mkdir()
    assert ("Peru", "supplied", "Chile") in facts(tmp_path / "b", "Hart said Peru is arming Chile.")


def test_a_firms_agent_in_a_country_works_for_the_firm(tmp_path: Path) -> None:
    got = facts(tmp_path, "Eastco's Peruvian agent Tom Hart was quoted as telling reporters.")
    assert got == {("Tom Hart", "worksFor", "Eastco")}
    (tmp_path / "b").mkdir()
    assert ("Tom Hart", "worksFor", "Peru") in facts(tmp_path / "b", "Peruvian agent Tom Hart was quoted as telling reporters.")


def test_eyeing_a_firm_is_no_fact(tmp_path: Path) -> None:
    assert not facts(tmp_path, "Eastco had been eyeing Westco for a while.")
    (tmp_path / "b").mkdir()
    assert ("Eastco", "boughtFrom", "Westco") in facts(tmp_path / "b", "Eastco bought Westco last year.")


def test_a_commander_heads_no_country(tmp_path: Path) -> None:
    assert not facts(tmp_path, "But former Peruvian Commander Colonel Tom Reyes said the verdict was sad.")
    (tmp_path / "b").mkdir()
    assert ("Tom Reyes", "heads", "Northern Legion") in facts(
        tmp_path / "b", "Northern Legion commander Tom Reyes said the verdict was sad.")


def test_shared_a_word_of_a_name_states_nothing(tmp_path: Path) -> None:
    from kg.pipeline import extract

    story = needs_shared(SHARED / "corpora" / "bbc" / "entertainment" / "080.txt")  # "BBC Films' Dirty War"
    ex = extract([story], progress=False)
    label = {e.id: e.label for e in ex.entities.values()}
    got = {(label[r.subject], r.predicate, label[r.object]) for r in ex.relations}
    assert ("BBC Films", "conflictWith", "Dirty War") not in got  # the war of the film's name
    assert ("Chile", "conflictWith", "Peru") in facts(tmp_path, "Peru and Chile fought a war in 1879.")


def test_a_shareholder_does_not_operate_the_firm(tmp_path: Path) -> None:
    got = facts(tmp_path, "The bid came from Westline Capital, which already owns 6.7% of Eastco's shares.")
    assert ("Westline Capital", "operates", "Eastco") not in got
    (tmp_path / "b").mkdir()
    assert ("Westline Capital", "operates", "Eastco") in facts(
        tmp_path / "b", "Westline Capital, which already owns Eastco, made a bid.")


def test_the_speaker_is_not_named_in_his_own_quote(tmp_path: Path) -> None:
    got = facts(tmp_path, 'Analyst Sam Reyes said the deal was a sign. "That way, Mr Hart can go to the public '
                          'and say he has won," he told BBC News.')
    assert ("BBC News", "communicatedWith", "Hart") not in got
    assert ("BBC News", "communicatedWith", "Sam Reyes") in got


@pytest.mark.parametrize("text", ["Peru's chief executive, Tom Hart, said profits rose.",
                                  "Peruvian managing director Tom Hart said profits rose."])
def test_a_chief_executive_heads_a_firm_not_a_country(tmp_path: Path, text: str) -> None:
    assert ("Tom Hart", "heads", "Peru") not in facts(tmp_path, text)
    (tmp_path / "b").mkdir()
    assert ("Tom Hart", "heads", "Eastco") in facts(tmp_path / "b", "Eastco chief executive Tom Hart said profits rose.")


def test_would_have_is_counterfactual(tmp_path: Path) -> None:
    assert not facts(tmp_path, "Tom Hart said Eastco would have bought Westco.")
    (tmp_path / "b").mkdir()
    assert ("Norvik Holdings", "boughtFrom", "Eastco") in facts(
        tmp_path / "b", "Norvik Holdings said it would buy Eastco for $4 billion in a cash deal.")


def test_shared_a_country_in_brackets_after_a_player_is_a_label() -> None:
    from kg.pipeline import extract

    story = needs_shared(SHARED / "corpora" / "bbc" / "sport" / "476.txt")  # "10 Gaston Gaudio (Argentina)"
    ex = extract([story], progress=False)
    label = {e.id: e.label for e in ex.entities.values()}
    got = {(label[r.subject], r.predicate, label[r.object]) for r in ex.relations}
    assert not any(p == "locatedIn" and s in {"Gaston Gaudio", "Iveta Benesova"} for s, p, _ in got)


def test_a_republic_in_an_apposition_still_places_a_name(tmp_path: Path) -> None:
    assert ("Tresk", "locatedIn", "Valdoria") in facts(tmp_path, "Tresk, a republic of Valdoria, is popular.")


def test_a_post_in_a_body_at_an_institution_is_the_body_s(tmp_path: Path) -> None:
    """'chairman of the X Centre at the University of Y': the post is X's; Y is only where X sits."""
    got = facts(tmp_path, '"Boards rarely pay," said Tom Reyes, chairman of the Centre for Rural Studies '
                          'at the University of Valdoria.')
    assert ("Tom Reyes", "heads", "Centre for Rural Studies") in got
    assert ("Tom Reyes", "heads", "University of Valdoria") not in got
    (tmp_path / "at").mkdir()
    assert ("Tom Reyes", "worksFor", "University of Valdoria") in facts(
        tmp_path / "at", "Tom Reyes, professor of economics at the University of Valdoria, said rates would rise.")


@pytest.mark.parametrize("text, fact", [
    ("Tom Reyes, the director of the Valdoria Opera House, said it would close.",
     ("Tom Reyes", "worksFor", "Valdoria Opera House")),
    ("Tom Reyes, a spokesman at the Kestrel Valley Hospital, said it would close.",
     ("Tom Reyes", "spokespersonOf", "Kestrel Valley Hospital")),
])
def test_the_name_a_title_is_held_in_is_an_organisation(tmp_path: Path, text: str, fact: tuple) -> None:
    """A name with 'the' after 'director of' names no person, even when NER passed it over."""
    assert fact in facts(tmp_path, text)


@pytest.mark.parametrize("text, wrong", [
    ("Tom Reyes, a UK investment banker who advises Brinmore Capital, said the club needs cash.",
     ("Tom Reyes", "worksFor", "United Kingdom")),
    ("US economist Tom Reyes said rates would rise.", ("Tom Reyes", "worksFor", "United States")),
    ("Moscow-based US lawyer Tom Reyes said the assets would be seized.", ("Tom Reyes", "worksFor", "United States")),
])
def test_a_place_before_a_job_is_no_employer(tmp_path: Path, text: str, wrong: tuple) -> None:
    """A job ('economist', 'banker') written after a state says where its holder is from; a post ('coach')
    whose owners may be places keeps the team a place names."""
    assert wrong not in facts(tmp_path, text)
    (tmp_path / "team").mkdir()
    got = facts(tmp_path / "team", "Valdoria coach Tom Reyes said Brinmore manager Sam Hart was right.")
    assert ("Tom Reyes", "worksFor", "Valdoria") in got
    (tmp_path / "firm").mkdir()
    assert ("Tom Reyes", "worksFor", "Brinmore Capital") in facts(
        tmp_path / "firm", "Brinmore Capital economist Tom Reyes said rates would rise.")


@pytest.mark.parametrize("text, past, current", [
    ("Tom Reyes - who led the Valdoria Labour Party from 1983 until 1992 - was a commissioner.",
     ("Tom Reyes", "formerlyHeaded", "Valdoria Labour Party"), ("Tom Reyes", "heads", "Valdoria Labour Party")),
    ("Tom Reyes, chairman of Northwind Oil from 1990 to 1995, died on Monday.",
     ("Tom Reyes", "formerlyHeaded", "Northwind Oil"), ("Tom Reyes", "heads", "Northwind Oil")),
    ("Tom Reyes headed Northwind Oil between 1990 and 1995.",
     ("Tom Reyes", "formerlyHeaded", "Northwind Oil"), ("Tom Reyes", "heads", "Northwind Oil")),
])
def test_a_post_held_over_an_ended_span_is_a_past_tie(tmp_path: Path, text: str, past: tuple,
                                                      current: tuple) -> None:
    got = facts(tmp_path, text)
    assert past in got and current not in got
    (tmp_path / "since").mkdir()
    assert ("Tom Reyes", "heads", "Northwind Oil") in facts(tmp_path / "since",
                                                          "Tom Reyes, who has led Northwind Oil since 1990, spoke.")


def test_a_firm_of_a_country_is_not_the_country(tmp_path: Path) -> None:
    """'a Peruvian company bought Y' names some Peruvian firm; 'the Peruvian government' names the state."""
    got = facts(tmp_path, "A little-known Peruvian company has bought Northwind Oil at auction. "
                          "The Peruvian government has bought a stake in Brinmore Mining.")
    assert ("Peru", "boughtFrom", "Northwind Oil") not in got
    assert ("Peru", "funds", "Brinmore Mining") in got


def test_an_apposition_after_of_a_name_describes_that_name(tmp_path: Path) -> None:
    """'X of the Kestrel Council, a Brussels-based group': the group is the council (the parser hangs
    it on X, which made X an organisation and based X in Brussels)."""
    got = facts(tmp_path, '"The plan is a bold one," said Tom Reyes of the Kestrel Council, a Brussels-based '
                          'citizen action group.')
    assert ("Kestrel Council", "basedIn", "Brussels") in got
    assert ("Tom Reyes", "worksFor", "Kestrel Council") in got
    assert ("Tom Reyes", "basedIn", "Brussels") not in got


@pytest.mark.parametrize("fixture", ["a Marlow Cup meeting with Kestrel Rovers", "their Marlow Cup tie with Kestrel Rovers"])
def test_a_fixture_in_a_competition_is_no_meeting(tmp_path: Path, fixture: str) -> None:
    got = facts(tmp_path, f"Tom Reyes faces a charge after {fixture} earlier this season. "
                          "Brinmore Capital held a meeting with Ostrava Holdings on Monday.")
    assert ("Brinmore Capital", "metWith", "Ostrava Holdings") in got
    assert not any("Marlow Cup" in (s, o) for s, _, o in got)


def test_a_stray_bracket_ends_or_opens_a_name(tmp_path: Path) -> None:
    """The tagger runs names across an unclosed bracket ('Nasa) Ames Research Center') and keeps a
    bracket glued to a word in it ('Party(VP'); a closed pair stays inside the name."""
    from kg.pipeline import extract

    f = tmp_path / "story.txt"
    f.write_text("The Valdoria Freedom Party(VFP) opened an office. The probe was built at the agency's (Vasa) "
                 "Kestrel Research Center in California.", encoding="utf-8")
    ex = extract([f], progress=False)
    labels = {e.id: e.label for e in ex.entities.values()}
    assert {"Valdoria Freedom Party", "Kestrel Research Center"} <= set(labels.values())
    assert not any("(" in x or ")" in x for x in labels.values()), labels
    assert ("Kestrel Research Center", "basedIn", "California") in {
        (labels[r.subject], r.predicate, labels[r.object]) for r in ex.relations}


def test_a_comma_in_an_organisation_span_lists_names(tmp_path: Path) -> None:
    """'Rivals Kestrel, Brinmore and Ostrava': a comma inside a name lists names, unless a legal form
    follows it ('Northwind, Inc.')."""
    from kg.pipeline import extract

    f = tmp_path / "story.txt"
    f.write_text("Northwind, Inc. named Tom Reyes its chief executive. Rivals Kestrelsoft, Brinmorely and "
                 "Ostravix sell songs online.", encoding="utf-8")
    labels = {e.label for e in extract([f], progress=False).entities.values()}
    assert "Northwind, Inc" in labels or "Northwind" in labels
    assert not any("," in x and "Inc" not in x for x in labels), labels


def test_a_building_named_after_a_person_is_not_the_person(tmp_path: Path) -> None:
    """'the Tom Kestrel Theater' beside 'Tom Kestrel' in one story: two entities, and what 'he' did
    stays the man's; a stadium a city possesses lies in the city."""
    got = facts(tmp_path, "Hundreds paid tribute to the late TV presenter Tom Kestrel on Sunday. He joined the Navy "
                          "in 1943. Friends gathered at the Tom Kestrel Theater. The final is played at Lyon's "
                          "Brinmore Stadium.")
    assert ("Tom Kestrel", "memberOf", "Navy") in got
    assert not any("Theater" in s for s, _, _ in got)
    assert ("Brinmore Stadium", "locatedIn", "Lyon") in got


def test_post_nominal_letters_are_not_part_of_a_name(tmp_path: Path) -> None:
    """'Tom Reyes MP, Labour's chief secretary': the letters go from the name, the apposition still
    counts; 'Ana Ruiz QC' is a person whatever the tagger said."""
    got = facts(tmp_path, "Tom Reyes MP, Labour's chief secretary to the Treasury, said so. The book was "
                          "written by Ana Ruiz QC, a member of Kestrel Chambers.")
    assert ("Tom Reyes", "memberOf", "Labour") in got
    assert ("Ana Ruiz", "memberOf", "Kestrel Chambers") in got
    assert not any(s.endswith((" MP", " QC")) for s, _, _ in got)


def test_a_name_coordinated_with_a_common_noun_is_another_item(tmp_path: Path) -> None:
    """'Valdorian courts and the European Court of Kestrel Rights': the court is not Valdoria's; an
    apposition still is ('Valdoria's largest banks, Northwind Bank and Brinmore Bank')."""
    got = facts(tmp_path, "Northwind said other forums - Peruvian courts and the European Court of Kestrel Rights - "
                          "were unfriendly. Peru's largest banks, Brinmore Bank and Ostravia Bank, lost money.")
    assert not any(s == "European Court of Kestrel Rights" and o == "Peru" for s, _, o in got)
    assert ("Brinmore Bank", "basedIn", "Peru") in got


def test_a_demonym_before_a_full_name_is_no_part_of_it(tmp_path: Path) -> None:
    got = facts(tmp_path, "Russian Igor Valkov, the Kestrel Rovers striker, scored twice.")
    assert ("Igor Valkov", "memberOf", "Kestrel Rovers") in got
    assert not any(s.startswith("Russian") for s, _, _ in got)


@pytest.mark.parametrize("text, wrong", [
    ("Water firm Kestrel in Peru row", ("Kestrel", "basedIn", "Peru")),
    ("Teams: New Zealand (1), Scotland (8), Tonga, Ireland, Korea, USA.", ("Korea", "locatedIn", "United States")),
    ("Results: Republic of Ireland v Faroe Islands; Cyprus v France.", ("Republic of Ireland", "locatedIn", "Cyprus")),
    ("The fire hit the Kestrel area of Darlington.", ("Darlington", "locatedIn", "Kestrel")),
])
def test_places_in_headlines_lists_and_named_areas(tmp_path: Path, text: str, wrong: tuple[str, str, str]) -> None:
    """A place before a noun modifies it ('in Peru row'); a name after a list item is another item; 'the
    X area of Y' lies in Y, not Y in X; a place and its state still go together."""
    got = facts(tmp_path, text + " Tom Reyes was arrested in Barstow, California, on Saturday. Fighting hit the "
                                 "Donetsk region of Ukraine.")
    assert wrong not in got
    assert ("Barstow", "locatedIn", "California") in got
    assert ("Donetsk", "locatedIn", "Ukraine") in got


def test_an_honorific_ends_the_name_before_it(tmp_path: Path) -> None:
    """'told the Kestrel Times Mr Reyes would': the tagger runs the paper's name into the honorific."""
    from kg.pipeline import extract

    f = tmp_path / "story.txt"
    f.write_text("Tom Reyes resigned. A party source told the Kestrel Times Mr Reyes would front the campaign.",
                 encoding="utf-8")
    labels = {e.label for e in extract([f], progress=False).entities.values()}
    assert "Tom Reyes" in labels
    assert not any(x.endswith((" Mr", " Mrs", " Ms")) for x in labels), labels


@pytest.mark.parametrize("prospect, done, fact", [
    ("Valdoria has offered to supply fuel oil to Peru.", "Valdoria supplies fuel oil to Peru.",
     ("Valdoria", "supplied", "Peru")),
    ("Kestrel Holdings gained the right to sell its car unit to Northwind Corp.",
     "Kestrel Holdings sold its car unit to Northwind Corp.", ("Northwind Corp", "boughtFrom", "Kestrel Holdings")),
    ("Northwind Corp made a bid to buy Kestrel Holdings.", "Northwind Corp bought Kestrel Holdings.",
     ("Northwind Corp", "boughtFrom", "Kestrel Holdings")),
])
def test_an_offer_a_right_or_a_bid_is_not_the_deed(tmp_path: Path, prospect: str, done: str,
                                                   fact: tuple[str, str, str]) -> None:
    assert fact not in facts(tmp_path, prospect)
    (tmp_path / "done").mkdir()
    assert fact in facts(tmp_path / "done", done)


def test_a_uk_chancellor_is_a_minister_a_german_one_heads_the_state(tmp_path: Path) -> None:
    got = facts(tmp_path, "UK chancellor Tom Reyes met German Chancellor Sam Hart. Former UK chancellor Ann Lowe "
                          "said so.")
    assert ("Tom Reyes", "worksFor", "United Kingdom") in got
    assert ("Tom Reyes", "heads", "United Kingdom") not in got
    assert ("Sam Hart", "heads", "Germany") in got
    assert ("Ann Lowe", "formerlyWorkedFor", "United Kingdom") in got


def test_versus_and_as_end_a_name(tmp_path: Path) -> None:
    """'Kestrel Rovers v Tresk United', 'at Riverside as Tresk lost': the tagger runs two names together."""
    from kg.pipeline import extract

    f = tmp_path / "story.txt"
    f.write_text("Kestrel Rovers v Tresk United kicks off at noon. Kestrel Rovers played at Riverside as Tresk "
                 "United lost.", encoding="utf-8")
    labels = {e.label for e in extract([f], progress=False).entities.values()}
    assert {"Kestrel Rovers", "Tresk United"} <= labels
    assert not any(" v " in x or " as " in x for x in labels), labels


def test_former_reaches_across_a_coordination_of_owners(tmp_path: Path) -> None:
    """'former Spurs and England defender X': the post is past for both owners (no current membership);
    without 'former' it is current."""
    assert not any(p == "memberOf" for _, p, _ in facts(
        tmp_path, "However, former Spurs and England defender Gary Stevens said he would not be surprised."))
    (tmp_path / "now").mkdir()
    assert ("Tom Reyes", "memberOf", "Kestrel Rovers") in facts(tmp_path / "now", "The Kestrel Rovers defender Tom Reyes said so.")


def test_a_legal_form_ends_a_firm_not_a_person(tmp_path: Path) -> None:
    """'Harold Fenwick and Co' is a firm whatever the tagger reads: an analyst there works for it."""
    text = ("Brokers at Harold Fenwick and Co expect the shares to rise. Tom Reyes, an analyst at Harold "
            "Fenwick and Co, agreed. Ann Lowe, a partner at Kestrel Vell, said so too.")
    found = facts(tmp_path, text)
    assert ("Tom Reyes", "worksFor", "Harold Fenwick and Co") in found
    assert ("Ann Lowe", "worksFor", "Kestrel Vell") in found  # a firm without a legal form still counts
    assert not {e for e in found if "Co" in (e[0], e[2]) or "Harold Fenwick" in (e[0], e[2])}


def test_and_joins_two_names_unless_a_firm_tail_follows(tmp_path: Path) -> None:
    found = facts(tmp_path, "Zentec Corp and Kestrel Mining Ltd signed a supply agreement with Vell Holdings.")
    pairs = {frozenset((s, o)) for s, p, o in found if p == "signedAgreementWith"}
    assert {frozenset(("Zentec Corp", "Vell Holdings")), frozenset(("Kestrel Mining Ltd", "Vell Holdings"))} <= pairs


def test_a_purpose_clause_belongs_to_the_subject(tmp_path: Path) -> None:
    """'X left Y to join Z': X joins Z, not Y (only verbs like 'persuade' hand the infinitive to the object)."""
    found = facts(tmp_path, "Tom Reyes left Zentec Corp to join Vell Holdings.")
    assert ("Tom Reyes", "memberOf", "Vell Holdings") in found
    assert not {f for f in found if f[0] == "Zentec Corp"}


def test_used_to_is_a_past_habit(tmp_path: Path) -> None:
    """'X, who used to run Y': a former post; 'X runs Z' stays current."""
    found = facts(tmp_path, "Tom Reyes, who used to run Zentec Corp, said so. Ann Lowe runs Vell Holdings.")
    assert ("Tom Reyes", "formerlyHeaded", "Zentec Corp") in found
    assert ("Tom Reyes", "heads", "Zentec Corp") not in found
    assert ("Ann Lowe", "heads", "Vell Holdings") in found


def test_bare_mass_noun_is_no_short_reference(tmp_path: Path) -> None:
    """'restrictions on capital' (no determiner) names no organisation '... Capital' of the story; 'the
    capital' and a bare possessor ('committee's spokesman') still refer back."""
    text = ("Kestrel Capital expects growth. Valdoria, like others, has restrictions on capital, he says. "
            "Valdoria also lifted the restrictions on the capital.")
    got = facts(tmp_path, text)
    assert ("Valdoria", "sanctioned", "Kestrel Capital") in got  # "the capital" refers back
    bare = facts(tmp_path, "Kestrel Capital expects growth. Valdoria, like others, has restrictions on capital, he says.")
    assert ("Valdoria", "sanctioned", "Kestrel Capital") not in bare
    poss = facts(tmp_path, "The Valdoria Oversight Committee opened a case. The case was filed on Monday, "
                           "committee's spokeswoman Ana Vell said.")
    assert any(p == "spokespersonOf" and o == "Valdoria Oversight Committee" for _, p, o in poss)


@pytest.mark.parametrize("text, whole, piece", [
    # a hyphen inside a word joins the parts of one name
    ("\"It works,\" said Professor Maria Valdez-Thorne of the research group Kestrel Labs.", "Maria Valdez-Thorne",
     "Thorne"),
    ("Tom Reyes joined the Kestrel-net Disc Association last year.", "Kestrel-net Disc Association",
     "Disc Association"),
    # a demonym coordinated with the name's first word modifies the same name
    ("Scottish and Welsh Falcons coach Tom Reyes says he is unlikely to go.", "Scottish and Welsh Falcons",
     "Welsh Falcons"),
    # the tagger's two pieces of one name: the first hangs on the second's head
    ("Tom Reyes, director of the Valdoria Arts and Heritage Council, said it.", "Valdoria Arts and Heritage Council",
     "Heritage Council"),
    # a plural word after 'the' and before the possessive is part of the organisation's name
    ("The Women's Rowing Association banned Tom Reyes for a year.", "Women's Rowing Association",
     "Rowing Association"),
])
def test_name_is_not_cut(tmp_path: Path, text: str, whole: str, piece: str) -> None:
    """Names cut in pieces ('Tennis Association', 'Irish Lions', 'Wildlife Department', 'Disc Association'
    on BBC) come back whole, and the facts go to the whole name."""
    labels = {x for s, _, o in facts(tmp_path, text) for x in (s, o)}
    assert whole in labels
    assert piece not in labels


@pytest.mark.parametrize("text, names", [
    ("Both the Kestrel Fund and Northwind Bank have urged Valdoria to act.", {"Kestrel Fund", "Northwind Bank"}),
    ("Both the KFV and Northwind Bank have urged Valdoria to act.", {"KFV", "Northwind Bank"}),
    ("The KVTX-TV Northwind affiliate refused. Tom Reyes, KVTX-TV's general manager, said it.", {"KVTX-TV"}),
    ("The Paris-based Northwind Group sold shares.", {"Northwind Group", "Paris"}),
    ("Tom Reyes bought a stake in Valdorian firm Kestrel. Kestrel owns the Hindi-language Northwind Times.",
     {"Northwind Times"}),
    ("Kestrel's chairman Tom Reyes said it.", {"Kestrel"}),
])
def test_two_names_stay_two(tmp_path: Path, text: str, names: set[str]) -> None:
    """The joins above leave apart what are two names: 'the IMF and World Bank', 'WRAZ-TV Fox', a named
    owner's possessive, a place before '-based'."""
    labels = {x for s, _, o in facts(tmp_path, text) for x in (s, o)}
    assert names <= labels


@pytest.mark.parametrize("event, body", [
    ("The Vell Music Awards in Lima opened on Monday.", "The Vell Music Academy in Lima opened on Monday."),
    ("The Vell Film Festival in Lima opened on Monday.", "The Vell Film Group in Lima opened on Monday."),
])
def test_event_is_held_not_based(tmp_path: Path, event: str, body: str) -> None:
    """'the MTV Europe Music Awards in Rome' (an event held there that year) is no organisation based in
    Rome; an organisation named with 'in Lima' still is."""
    assert not any(p == "basedIn" for _, p, _ in facts(tmp_path, event))
    assert any(p == "basedIn" and o == "Lima" for _, p, o in facts(tmp_path, body))


def test_bid_is_no_purchase(tmp_path: Path) -> None:
    """'X's bid for Y' is an offer, which may fail (BBC: 'Deutsche Boerse's bid for LSE' gave boughtFrom);
    'X's successful bid for Y' is a purchase done."""
    fact = ("Kestrel Group", "boughtFrom", "Northwind Bank")
    assert fact not in facts(tmp_path, "Investors opposed Kestrel Group's bid for Northwind Bank.")
    assert fact in facts(tmp_path, "Kestrel Group's successful bid for Northwind Bank was completed in May.")
