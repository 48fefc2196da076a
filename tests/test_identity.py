"""Identity across a corpus (kg/identity.py): one node per real-world entity, homonyms apart.

Most tests build mentions by hand (what ``find_mentions`` yields for an article) and resolve them;
the grammar cues and the command line are tested on real parses and real builds. Every name here is
invented or general world knowledge (countries, cities)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SHARED, needs_shared
from kg import identity, nlp
from kg.cli import app
from kg.entities import Mention, find_mentions
from kg.errors import InputError


def mention(article: str, text: str, label: str = "", start: int = 0, **cues: int) -> Mention:
    return Mention(article, start, start + len(text.split()), text, label, Counter(cues))


def corpus(*articles: list[tuple]) -> list[Mention]:
    """Articles given as lists of (text, label[, cues]) mentions, numbered a0, a1, ..."""
    out = []
    for i, ms in enumerate(articles):
        for j, (text, label, *cues) in enumerate(ms):
            out.append(mention(f"a{i}", text, label, start=10 * j, **(cues[0] if cues else {})))
    return out


def nodes(ms: list[Mention], aliases: identity.Aliases | None = None) -> dict[str, set[tuple[str, str]]]:
    """Surface form -> the (label, type) of every node it ended on."""
    ents = identity.resolve(ms, aliases)
    out: dict[str, set[tuple[str, str]]] = {}
    for m in ms:
        if m.entity:
            out.setdefault(m.text, set()).add((ents[m.entity].label, ents[m.entity].type))
    return out


def labels(ms: list[Mention], aliases: identity.Aliases | None = None) -> Counter:
    return Counter((e.label, e.type) for e in identity.resolve(ms, aliases).values())


# ------------------------------------------------------------------ one node per entity


def test_one_article_mistyping_a_city_is_outvoted_by_the_corpus() -> None:
    ms = corpus(*[[("London", "GPE")]] * 4,
                [("London", "ORG"), ("London Stock Exchange", "ORG"), ("London", "ORG")])
    n = nodes(ms)
    assert n["London"] == {("London", "City")}
    assert n["London Stock Exchange"] == {("London Stock Exchange", "Organization")}


def test_a_company_is_one_node_whatever_one_article_calls_it() -> None:
    ms = corpus([("Quillon", "ORG"), ("Quillon", "ORG")], [("Quillon", "PERSON")], [("Quillon Corp", "ORG")],
                [("Quillon Inc.", "ORG"), ("Quillon", "ORG")])
    assert labels(ms) == Counter({("Quillon", "Organization"): 1})
    ents = identity.resolve(ms)
    (ent,) = ents.values()
    assert ent.alt_labels == {"Quillon Corp", "Quillon Inc."}  # every surface form stays


def test_a_name_that_heads_several_longer_names_keeps_its_own_node() -> None:
    ms = corpus([("Norvane", "ORG"), ("Norvane Energy", "ORG"), ("Norvane Bank", "ORG")], [("Norvane", "ORG")])
    n = nodes(ms)
    assert n["Norvane"] == {("Norvane", "Organization")}
    assert n["Norvane Energy"] == {("Norvane Energy", "Organization")}


def test_a_short_form_joins_the_one_longer_name_it_shortens_in_its_article() -> None:
    ms = corpus([("Valdorian Foreign Ministry", "ORG"), ("Foreign Ministry", "ORG"),
                 ("Kessling Capital Advisors", "ORG"), ("Kessling Capital", "ORG")])
    n = nodes(ms)
    assert n["Foreign Ministry"] == {("Valdorian Foreign Ministry", "Organization")}
    assert n["Kessling Capital"] == {("Kessling Capital Advisors", "Organization")}


def test_a_compass_word_before_a_place_names_another_place() -> None:
    """'Africa' in a story about South Africa is the continent; 'Sudan' beside 'South Sudan' its neighbour."""
    ms = corpus([("South Africa", "GPE"), ("Africa", "LOC"), ("South Sudan", "GPE"), ("Sudan", "GPE"),
                 ("Kessling Capital Advisors", "ORG"), ("Kessling Capital", "ORG")])
    n = nodes(ms)
    assert n["Africa"] != n["South Africa"] and n["Sudan"] != n["South Sudan"]
    assert n["Kessling Capital"] == {("Kessling Capital Advisors", "Organization")}


# ------------------------------------------------------------------ homonyms


def test_jordan_the_country_and_a_person_called_jordan_stay_apart() -> None:
    ms = corpus([("Jordan", "GPE"), ("Jordan", "GPE")], [("Jordan", "GPE")],
                [("Jordan", "PERSON", {"Person": 2, "Honorific": 1}), ("Jordan", "PERSON")])
    n = nodes(ms)
    assert n["Jordan"] == {("Jordan", "Country"), ("Jordan", "Person")}
    ents = identity.resolve(ms)
    assert {(m.article, ents[m.entity].type) for m in ms} == {("a0", "Country"), ("a1", "Country"), ("a2", "Person")}


def test_washington_the_city_the_state_and_george_washington_are_three_nodes() -> None:
    ms = corpus([("Washington", "GPE"), ("Washington", "GPE")],  # the capital
                [("Washington", "GPE", {"Region": 2}), ("Washington", "GPE")],  # "Washington state"
                [("George Washington", "PERSON"), ("Washington", "PERSON")])
    ents = identity.resolve(ms)
    by_article = {(m.article, ents[m.entity].label, ents[m.entity].type) for m in ms}
    assert by_article == {("a0", "Washington", "City"), ("a1", "Washington", "Region"),
                          ("a2", "George Washington", "Person")}


def test_a_small_towns_name_in_a_list_of_players_is_no_town_but_one_things_happen_in_is() -> None:
    mr = [("Darwin", "PERSON", {"Person": 2, "Honorific": 1})] * 2
    assert nodes(corpus(mr, mr, [("Darwin", "GPE")]))["Darwin"] == {("Darwin", "Person")}  # 'Corden, Darwin, Curtis'
    n = nodes(corpus(mr, mr, [("Darwin", "GPE", {"Locative": 1})]))  # 'a defeat in Darwin'
    assert n["Darwin"] == {("Darwin", "Person"), ("Darwin", "City")}


def test_a_weakly_typed_article_follows_the_corpus_not_a_new_node() -> None:
    ms = corpus([("Jordan", "GPE")], [("Jordan", "GPE")], [("Jordan", "PERSON")])  # one tag, no grammar
    assert labels(ms) == Counter({("Jordan", "Country"): 1})


# ------------------------------------------------------------------ variants


def test_acronyms_join_their_expansion_anywhere_in_the_corpus() -> None:
    ms = corpus([("Northern Trade Union", "ORG"), ("NTU", "ORG")], [("NTU", "ORG")],  # shared an article
                [("Marden Valley Authority", "ORG")], [("MVA", "ORG")],  # the only expansion
                [("Pellis Trust", "ORG")], [("PT", "ORG")])  # two letters, never together: no telling
    n = nodes(ms)
    assert n["NTU"] == {("Northern Trade Union", "Organization")}
    assert n["MVA"] == {("Marden Valley Authority", "Organization")}
    assert n["PT"] == {("PT", "Organization")}


def test_an_acronym_of_many_stories_is_not_a_name_spelt_out_once_elsewhere() -> None:
    """'KHS' in five stories is its own body, not the 'Kestrel High School' of one other story that never
    writes 'KHS'; an acronym as rare as its one expansion still joins it."""
    ms = corpus(*[[("KHS", "ORG")] for _ in range(5)], [("Kestrel High School", "ORG")],
                [("Marden Valley Authority", "ORG")], [("MVA", "ORG")])
    n = nodes(ms)
    assert n["KHS"] == {("KHS", "Organization")}
    assert n["MVA"] == {("Marden Valley Authority", "Organization")}


def test_transliteration_spelling_and_middle_names_merge_one_person() -> None:
    ms = corpus([("Aleksei Voronin", "PERSON"), ("Voronin", "PERSON")], [("Alexei Voronin", "PERSON")],
                [("Aleksey Voronin", "PERSON")], [("Peter J. Marsh", "PERSON")], [("Peter Marsh", "PERSON")],
                [("Steven Orlo", "PERSON"), ("Steven Orlo", "PERSON")], [("Steve Orlo", "PERSON")],
                [("Oleksandr Tkachenkko", "ORG")], [("Oleksandr Tkachenko", "PERSON")])
    got = labels(ms)
    assert Counter(t for _, t in got.elements()) == Counter({"Person": 4})
    assert {("Aleksei Voronin", "Person"), ("Peter J. Marsh", "Person"), ("Steven Orlo", "Person")} < set(got)


def test_people_who_share_a_surname_stay_apart() -> None:
    ms = corpus([("Harald Vesk", "PERSON"), ("Vesk", "PERSON")], [("Imre Vesk", "PERSON"), ("Vesk", "PERSON")],
                [("George Lindqvist", "PERSON")], [("Kate Lindqvist", "PERSON")],
                [("George H. W. Lindqvist", "PERSON")], [("George W. Lindqvist", "PERSON")])
    n = nodes(ms)
    assert n["Harald Vesk"] != n["Imre Vesk"]
    assert n["Vesk"] == {("Harald Vesk", "Person"), ("Imre Vesk", "Person")}  # each article its own
    assert len({next(iter(n[x])) for x in ("George Lindqvist", "Kate Lindqvist")}) == 2
    assert n["George H. W. Lindqvist"] != n["George W. Lindqvist"]


def test_first_names_that_end_differently_are_two_people_when_both_are_first_names() -> None:
    ms = corpus([("Robbie Quenby", "PERSON")], [("Robin Quenby", "PERSON")],
                [("Robbie Tarrant", "PERSON")], [("Robin Yelland", "PERSON")],  # both are first names
                [("Katharine Vosk", "PERSON")], [("Katherine Vosk", "PERSON")],  # a spelling
                [("David Pell", "PERSON")], [("Davide Pell", "PERSON")],  # 'Davide' names nobody else
                [("David Orrin", "PERSON")], [("David Sallow", "PERSON")])
    n = nodes(ms)
    assert n["Robbie Quenby"] == {("Robbie Quenby", "Person")} and n["Robin Quenby"] == {("Robin Quenby", "Person")}
    assert n["Katherine Vosk"] == n["Katharine Vosk"] and n["Davide Pell"] == n["David Pell"]


def test_one_edit_apart_is_a_misspelling_only_of_a_long_name_that_is_no_word_or_persons_name() -> None:
    ms = corpus([("Pelvaro", "ORG"), ("Pelvaro", "ORG")], [("Pelbaro", "ORG")],  # a letter swapped, 7 letters
                [("Lantern", "ORG"), ("Lantern", "ORG")], [("Lanterna", "ORG")],  # an English word
                [("Brindlemoor", "ORG"), ("Brindlemoor", "ORG")], [("Brindlemore", "ORG")],  # a long name
                [("Tessa Hallorin", "PERSON"), ("Hallorin", "ORG"), ("Hallorin", "ORG")],
                [("Mark Halloran", "PERSON"), ("Halloran", "ORG")],  # two people's surnames
                [("Quarvex Motors", "ORG"), ("Quarvex Motors", "ORG")], [("QuarvexMotors", "ORG")],
                [("Ostra Chambers of Trade", "ORG")], [("Ostra Chamber of Trade", "ORG")])  # plural
    n = nodes(ms)
    assert n["Pelbaro"] == {("Pelbaro", "Organization")} and n["Lanterna"] == {("Lanterna", "Organization")}
    assert n["Brindlemore"] == {("Brindlemoor", "Organization")}
    assert n["Halloran"] != n["Hallorin"]
    assert n["QuarvexMotors"] == {("Quarvex Motors", "Organization")}
    assert n["Ostra Chamber of Trade"] == n["Ostra Chambers of Trade"]


def test_a_two_letter_acronym_of_a_state_is_no_other_states_acronym() -> None:
    ms = corpus([("UK Exchequer", "ORG")], [("US Exchequer", "ORG")], [("U.S. Kelmar", "ORG")],
                [("EU Tribunal", "ORG")], [("European Tribunal", "ORG")], [("European Union", "ORG")])
    n = nodes(ms)
    assert n["UK Exchequer"] != n["US Exchequer"]
    assert n["EU Tribunal"] == n["European Tribunal"]


def test_a_party_is_one_node_under_its_names_and_nicknames() -> None:
    ms = corpus([("Rulmar Party", "ORG")], [("Rulmar", "ORG"), ("Rulmar", "ORG")], [("Rulmars", "ORG")],
                [("Tories", "ORG")], [("Tory", "ORG")], [("Conservative Party", "ORG"), ("Tories", "ORG")],
                [("Ada Rulmar", "PERSON")])
    n = nodes(ms)
    assert n["Rulmar Party"] == n["Rulmar"] == n["Rulmars"] == {("Rulmar Party", "Organization")}
    assert n["Tories"] == n["Tory"] == n["Conservative Party"] == {("Conservative Party", "Organization")}
    assert n["Ada Rulmar"] == {("Ada Rulmar", "Person")}


def test_a_nation_keeps_its_place_type_when_it_names_its_team() -> None:
    ms = corpus([("Wales", "ORG"), ("England", "ORG")], [("Wales", "ORG")], [("Wales", "GPE")],
                [("Wales", "ORG", {"Organization": 2})])
    n = nodes(ms)
    assert n["Wales"] == {("Wales", "Region")} and n["England"] == {("England", "Region")}


def test_a_hyphenated_name_whose_head_is_no_name_joins_its_tail() -> None:
    ms = corpus([("Vostra-Belak", "GPE")], [("Belak", "GPE"), ("Belak", "GPE")],
                [("TNX-Pellam", "ORG")], [("Pellam", "ORG")])
    n = nodes(ms)
    assert n["Vostra-Belak"] == n["Belak"]
    assert n["TNX-Pellam"] != n["Pellam"]  # an acronym's compound is a name of its own


def test_a_government_is_its_state_and_the_xs_are_the_x_islands() -> None:
    ms = corpus([("Argentina", "GPE")], [("Government of Argentina", "ORG")], [("Chilean Government", "ORG")],
                [("Chile", "GPE")], [("Falklands", "ORG")], [("Falkland Islands", "GPE")])
    assert labels(ms) == Counter({("Argentina", "Country"): 1, ("Chile", "Country"): 1,
                                  ("Falkland Islands", "Country"): 1})


# ------------------------------------------------------------------ name boundaries


def test_parties_verbs_and_other_surnames_are_cut_off_a_persons_name() -> None:
    ms = corpus([("Tomas Kardel", "PERSON"), ("Kardel", "PERSON")], [("Mira Lund", "PERSON")],
                [("Labour", "ORG"), ("Labour", "ORG")],
                [("Labour Kardel", "PERSON")], [("Vote Kardel", "PERSON")], [("Lund Kardel", "PERSON")],
                [("Lib Dem Mira Lund", "PERSON")], [("Chile Ana Vidal", "PERSON")], [("Chad Moreno", "PERSON")],
                [("Tomas Kardel", "PERSON")], [("Tomas Kardel", "PERSON")])  # well known: 'Kardel' alone is he
    n = nodes(ms)
    assert n["Ana Vidal"] == {("Ana Vidal", "Person")}  # a country before a full name is cut off
    assert "Moreno" not in n  # ... but one word after a country may be a full name ("Chad Moreno")
    for fused in ("Labour Kardel", "Vote Kardel", "Lund Kardel", "Lib Dem Mira Lund"):
        assert fused not in n
    assert n["Kardel"] == {("Tomas Kardel", "Person")}
    assert n["Mira Lund"] == {("Mira Lund", "Person")}
    assert [(m.article, m.start, m.end) for m in ms if m.text == "Mira Lund"] == [("a1", 0, 2), ("a6", 2, 4)]
    assert n["Labour"] == {("Labour", "Organization")}
    completed = Mention("a9", 5, 6, "Labour Kardel", "PERSON", Counter(), derived=True)  # "Labour and Kardel"
    nodes(ms + [completed])
    assert completed.text == "Labour" and not completed.derived
    assert labels(corpus([("Lib Dems", "PERSON")])) == Counter({("Lib Dems", "Organization"): 1})


def test_an_organisation_before_a_persons_name_is_cut_off_it() -> None:
    ms = corpus([("Quarvex Media", "ORG"), ("Quarvex Media", "ORG")], [("Ada Vell", "PERSON")],
                [("Quarvex Media Ada Pellinor", "FAC"), ("Quarvex Media Information Systems", "ORG"),
                 ("Quarvex Media Ada Group", "ORG")])
    n = nodes(ms)
    assert n["Ada Pellinor"] == {("Ada Pellinor", "Person")} and "Quarvex Media Ada Pellinor" not in n
    assert n["Quarvex Media Information Systems"] == {("Quarvex Media Information Systems", "Organization")}
    assert n["Quarvex Media Ada Group"] == {("Quarvex Media Ada Group", "Organization")}  # a legal form


def test_common_words_and_titles_alone_are_not_entities() -> None:
    ms = corpus([("Honorary", "PERSON")], [("Library", "PERSON", {"Definite": 1})],
                [("Final Bell", "PERSON")], [("Ada Bell", "PERSON")], [("Pellam", "ORG")])
    n = nodes(ms)
    assert "Honorary" not in n and "Library" not in n and "Final Bell" not in n
    assert n["Pellam"] == {("Pellam", "Organization")} and "Ada Bell" in n


def test_grammar_gives_the_cues_homonyms_are_told_apart_by() -> None:
    language = nlp.load()
    doc = language("Mr Jordan said the deal was fair. Fires spread across Washington state. "
                   "The Library said it would close.")
    cues = {m.text: m.cues for m in find_mentions(doc, "a")}
    assert cues["Jordan"]["Person"] >= 2 and cues["Jordan"]["Honorific"] == 1
    verb = {m.text: m.cues for m in find_mentions(language("The striker will miss Jordan on Sunday."), "b")}
    assert verb["Jordan"]["Honorific"] == 0  # "miss" the verb is no honorific
    assert cues["Washington"]["Region"] >= 2
    assert "Library" not in cues or cues["Library"]["Definite"] == 1


def test_a_firm_named_after_a_person_is_its_surname_and_co() -> None:
    ms = corpus([("Pellham Rusk and Co", "ORG"), ("Rusk", "ORG"), ("Rusk", "ORG")], [("Pellham Strand", "PERSON")],
                [("Old Varna", "ORG"), ("Varna", "ORG")], [("Varna", "ORG")])
    n = nodes(ms)
    assert n["Rusk"] == {("Pellham Rusk and Co", "Organization")}
    assert n["Varna"] == {("Varna", "Organization")}  # 'Old' is no given name: 'Varna' is not 'Old Varna'


def test_one_state_body_under_its_state_s_names_and_in_context() -> None:
    ms = corpus([("British Parliament", "ORG")], [("UK Parliament", "ORG")],
                [("Parliament of the United Kingdom", "ORG")],
                [("Britain", "GPE"), ("Parliament", "ORG")],  # the only state with a parliament here
                [("France", "GPE"), ("Parliament", "ORG")])  # no French parliament is known: left alone
    n = nodes(ms)
    assert n["British Parliament"] == n["UK Parliament"] == n["Parliament of the United Kingdom"]
    (uk,) = n["UK Parliament"]
    assert n["Parliament"] == {uk, ("Parliament", "Organization")} and uk[1] == "Organization"
    assert uk[0] != "Parliament"  # the bare name never becomes the label


def test_a_bare_ministry_is_the_one_of_the_state_named_nearest_before_it() -> None:
    ms = corpus([("Russian Foreign Ministry", "ORG")], [("Chinese Foreign Ministry", "ORG")],
                [("China", "GPE"), ("Russian", "NORP"), ("Foreign Ministry", "ORG"), ("Varno Peshek", "PERSON")])
    assert nodes(ms)["Foreign Ministry"] == {("Russian Foreign Ministry", "Organization")}


def test_an_acronym_written_for_its_expansion_and_a_shortened_court() -> None:
    ms = corpus([("Zentral Union", "ORG"), ("ZU", "ORG")], [("ZU Commission", "ORG")], [("Zentral Commission", "ORG")],
                [("US Salvage Court", "ORG"), ("US Court", "ORG")], [("US Court", "ORG")])
    n = nodes(ms)
    assert n["ZU Commission"] == n["Zentral Commission"] == {("Zentral Commission", "Organization")}
    assert n["US Court"] == {("US Salvage Court", "Organization")}
    assert n["ZU"] == {("Zentral Union", "Organization")}


def test_a_clipped_first_word_is_the_same_organisation_but_a_place_is_no_clipping() -> None:
    ms = corpus([("Metrovale Police", "ORG")], [("Met Police", "ORG")], [("Newcastle Harbour Board", "ORG")],
                [("New Harbour Board", "ORG")], [("Scottish Liberty Party", "ORG")], [("British Liberty Party", "ORG")],
                [("Quarvexneftegas", "ORG"), ("Quarvex", "ORG")], [("Quarvex", "ORG")],
                *[[("Norvane", "ORG")]] * 3, [("Norvanebankas", "ORG"), ("Norvane", "ORG")])
    n = nodes(ms)
    assert n["Met Police"] == n["Metrovale Police"] == {("Metrovale Police", "Organization")}
    assert n["New Harbour Board"] != n["Newcastle Harbour Board"]
    assert n["Scottish Liberty Party"] != n["British Liberty Party"]  # a nation's party is not its state's
    assert n["Quarvex"] == n["Quarvexneftegas"] and len(n["Quarvex"]) == 1  # clipped where written in full
    assert n["Norvane"] == {("Norvane", "Organization")}  # a name of its own in stories of its own


def test_other_names_of_a_territory_from_public_data() -> None:
    from kg import gazetteer as gz

    assert gz.lookup("Malvinas").name == gz.lookup("Las Malvinas").name == "Falkland Islands"
    assert gz.lookup("Burma").name == "Myanmar" and gz.lookup("Reino Unido").name == "United Kingdom"
    assert gz.lookup("Salomon") is None  # a foreign name of one word is too often someone's name
    ms = corpus([("Falkland Islands", "GPE")], [("Malvinas", "ORG")], [("Las Malvinas", "LOC")])
    assert labels(ms) == Counter({("Falkland Islands", "Country"): 1})


def test_known_as_names_one_entity_and_coordinated_names_are_cut_apart() -> None:
    language = nlp.load()
    docs = [language("Talmont, a contract manufacturing firm formally known as Belgrin Precision Industry Co, "
                     "said it would wait."), language("Talmont said profits rose. Talmont shares fell.")]
    ms = [m for i, doc in enumerate(docs) for m in find_mentions(doc, f"a{i}")]
    n = nodes(ms)
    assert n["Talmont"] == n["Belgrin Precision Industry Co"] and len(n["Talmont"]) == 1
    texts = [m.text for m in find_mentions(language("Editors of the Daily Gazette and The Evening Post and "
                                                    "Mr Dorrell were charged."), "b")]
    assert "Daily Gazette" in texts and "Evening Post" in texts
    assert not any(" and " in t for t in texts)


def test_grammar_says_company_or_person() -> None:
    language = nlp.load()
    doc = language("Shares in Quarvex fell sharply. Brantis said he would resign. Velmora, who founded it, left.")
    cues = {m.text: m.cues for m in find_mentions(doc, "a")}
    assert cues["Quarvex"]["Organization"] >= 2 and not cues["Quarvex"]["Person"]
    assert cues["Brantis"]["Person"] >= 1 and not cues["Brantis"]["Organization"]
    assert cues["Velmora"]["Person"] >= 1


def test_titles_of_works_are_no_entities_and_landforms_are_places() -> None:
    language = nlp.load()
    doc = language("Tickets for the musical Vandor sold out, and Ben Aldo won praise for his role as Vandor. "
                   "Crowds gathered on the Kerrow Peninsula. The chief executive of Quarvex resigned.")
    ms = find_mentions(doc, "a")
    cues = {m.text: m.cues for m in ms}
    assert cues["Kerrow Peninsula"]["Location"] >= 2 and cues["Quarvex"]["Organization"] >= 1
    n = nodes(ms)
    assert "Vandor" not in n and n["Ben Aldo"] == {("Ben Aldo", "Person")}
    assert n["Kerrow Peninsula"] == {("Kerrow Peninsula", "Location")}


def test_capitalised_common_nouns_and_dates_are_no_entities() -> None:
    language = nlp.load()
    texts = ["The Budget will raise taxes, and the budget deficit will fall, Quarvex said.",
             "Staff at the Library said the library would close at Christmas. Quarvex shares fell."]
    ms = [m for i, t in enumerate(texts) for m in find_mentions(language(t), f"a{i}")]
    n = nodes(ms)
    assert "Budget" not in n and "Library" not in n and "Christmas" not in n
    assert n["Quarvex"] == {("Quarvex", "Organization")}


def test_a_demonym_before_common_words_is_part_of_the_name_and_the_short_form_refers_back() -> None:
    language = nlp.load()
    doc = language("Visitors to the British Library rose. The Library said so, and American Ada Vell agreed.")
    ms = find_mentions(doc, "a")
    texts = {m.text for m in ms}
    assert "British Library" in texts and "British" not in texts
    assert "Ada Vell" in texts and "American Ada Vell" not in texts  # a person's name stays apart
    n = nodes(ms)
    assert n["Library"] == n["British Library"] == {("British Library", "Organization")}


def test_grammar_cues_for_titles_quotes_and_kinds() -> None:
    language = nlp.load()
    doc = language('Critics praised Scorsese\'s The Navigator, and Ada Vell won an Aurel for "Quarrel".')
    cues = {m.text: m.cues for m in find_mentions(doc, "a")}
    assert cues["Navigator"]["Titled"] == 1 and cues["Navigator"]["Definite"] == 1
    assert cues["Aurel"]["Kind"] == 1 and cues["Quarrel"]["Work"] >= 1
    assert cues["Ada Vell"]["Kind"] == 0 and cues["Ada Vell"]["Work"] == 0


def test_a_word_named_as_a_title_an_award_or_in_lower_case_is_no_entity() -> None:
    ms = corpus(*[[("Navigator", "ORG", {"Definite": 1, "Titled": 1})] for _ in range(8)],
                [("Navigator", "", {"Work": 2, "Definite": 1, "Titled": 1})],  # 'the film The Navigator'
                *[[("Trophy", "PERSON")] for _ in range(8)],
                [("Trophy", "PERSON", {"Kind": 1})], [("Trophy", "PERSON", {"Kind": 1})],  # 'won a Trophy'
                *[[("Horizon", "ORG", {"Common": 1})] for _ in range(2)], [("Horizon", "ORG")],
                [("Horizon", "", {"Organization": 2})],  # 'World number one': lower case in its stories
                *[[("Harbour", "ORG", {"Organization": 2})] for _ in range(4)], [("Harbour", "ORG", {"Common": 1})],
                *[[("Pellam", "ORG", {"Kind": 1})] for _ in range(2)])  # no English word: 'a Pellam phone'
    n = nodes(ms)
    assert "Navigator" not in n and "Trophy" not in n and "Horizon" not in n
    assert n["Harbour"] == {("Harbour", "Organization")}  # the grammar calls it a company
    assert n["Pellam"] == {("Pellam", "Organization")}


def test_acronyms_are_not_spelling_variants_of_one_another() -> None:
    ms = corpus([("Quarvex Quality Council", "ORG"), ("QQC", "ORG")], [("QQC", "ORG")],
                [("Quarvex Chambers of Commerce", "ORG"), ("QCC", "ORG")], [("QCC", "ORG")])
    n = nodes(ms)
    assert n["QQC"] == {("Quarvex Quality Council", "Organization")}
    assert n["QCC"] == {("Quarvex Chambers of Commerce", "Organization")}


# ------------------------------------------------------------------ labels and user aliases


def test_the_label_is_the_most_complete_common_form() -> None:
    ms = corpus([("Ilse Marrow", "PERSON"), ("Marrow", "PERSON"), ("Marrow", "PERSON")],
                [("Ilse K. Marrow", "PERSON"), ("Marrow", "PERSON")], [("Ilse Marrow", "PERSON")])
    (ent,) = identity.resolve(ms).values()
    assert ent.label == "Ilse K. Marrow"
    assert ent.alt_labels == {"Ilse Marrow", "Marrow"}


def test_aliases_merge_keep_apart_and_type() -> None:
    rules = identity.parse_aliases("# corrections\nOld Harbour Co = Harbour Holdings : Organization\n"
                                   "Ana Pell != Ana Pel\nVeldt : Region\n")
    ms = corpus([("Old Harbour Co", "ORG")], [("Harbour Holdings", "PERSON")],
                [("Ana Pell", "PERSON")], [("Ana Pel", "PERSON")], [("Veldt", "ORG")])
    assert nodes(ms)["Ana Pell"] == nodes(ms)["Ana Pel"]  # a misspelling, without the rule
    n = nodes(ms, rules)
    assert n["Old Harbour Co"] == n["Harbour Holdings"]
    assert next(iter(n["Harbour Holdings"]))[1] == "Organization"
    assert n["Ana Pell"] != n["Ana Pel"]
    assert n["Veldt"] == {("Veldt", "Region")}


@pytest.mark.parametrize("line", ["just a name", "A = ", "A = B : Martian", "A != B : Person"])
def test_a_bad_aliases_line_is_named(line: str) -> None:
    with pytest.raises(InputError, match=r"^rules\.txt:2: "):
        identity.parse_aliases(f"A = B\n{line}\n", "rules.txt")


def test_review_lists_the_few_decisions_worth_a_look_ranked_and_cut() -> None:
    nodes = [
        identity.Node("a", "Harald Vesk", "Person", ("Vesk", "H. Vesk"), weight=9),
        identity.Node("b", "Imre Vesk", "Person"), identity.Node("h", "H. Vesk", "Person", weight=2),
        identity.Node("c", "Jordan", "Country"), identity.Node("d", "Jordan", "Person"),
        identity.Node("e", "Quillon Systems", "Organization"), identity.Node("f", "Quilon Systems", "Organization"),
        identity.Node("q", "Quilon Systemz", "Person"),
        identity.Node("g", "Pellam", "Organization"), identity.Node("g2", "Pellam", "Organization"),
        identity.Node("t", "Talmont", "Organization", ("Belgrin Precision Industry Co", "Talmont Corp"), weight=5)]
    lines = identity.review(nodes).splitlines()
    assert "merged\tTalmont [Organization]\t<- Belgrin Precision Industry Co" in lines  # no variant of its label
    assert not any(line.startswith("merged\tHarald Vesk") for line in lines)  # a surname and an initial are plain
    apart = [line for line in lines if line.startswith("apart\t")]
    assert apart == ["apart\tPellam [Organization]\tPellam [Organization]\tsame name, same kind",
                     "apart\tJordan [Country]\tJordan [Person]\tsame name, different kind",
                     "apart\tH. Vesk [Person]\tHarald Vesk [Person]\tsame surname, given names that may be one person's",
                     "apart\tQuillon Systems [Organization]\tQuilon Systems [Organization]\tspelt alike"]
    assert not any("Imre Vesk" in line or "Systemz" in line for line in lines)  # another given name, another kind
    short = identity.review(nodes, limit=1).splitlines()
    assert sum(line.startswith("apart\t") for line in short) == 1 and "Pellam" in short[-2]
    assert short[-1].startswith("# 0 more merges and 3 more pairs")
    every = identity.review(nodes, limit=None)
    assert "merged\tHarald Vesk [Person]\t<- H. Vesk | Vesk" in every and "more pairs" not in every


ARTICLE_A = "Harbour deal\n\nOld Harbour Co signed a deal with Corvin Bank in Leeds on Monday.\n"
ARTICLE_B = "Harbour news\n\nHarbour Holdings said on Tuesday that it would hire 200 people.\n"


def test_build_with_aliases_keeps_them_for_later_builds_and_identities_lists_them(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    rules = tmp_path / "aliases.txt"
    rules.write_text("Harbour Holdings = Old Harbour Co : Organization\n", encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(app, ["build", str(src), "--out", str(out), "--workers", "1", "--aliases", str(rules)])
    assert first.exit_code == 0, first.output
    (src / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    second = runner.invoke(app, ["build", str(src), "--out", str(out), "--workers", "1"])  # no --aliases
    assert second.exit_code == 0, second.output
    listing = runner.invoke(app, ["identities", "--store", str(out / "store"), "--all"])
    assert listing.exit_code == 0, listing.output
    merged = [line for line in listing.output.splitlines() if line.startswith("merged\t")]
    assert any("Harbour Holdings" in line and "Old Harbour Co" in line for line in merged), listing.output
    assert (out / "aliases.txt").read_text(encoding="utf-8") == rules.read_text(encoding="utf-8")


def test_build_with_a_bad_aliases_file_fails_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    rules = tmp_path / "aliases.txt"
    rules.write_text("Harbour Holdings == \n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(src), "--out", str(tmp_path / "out"), "--aliases", str(rules)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"kg: error: {rules}:1: expected 'X = Y', 'X != Y' or "
                                                  "'X : Type', got 'Harbour Holdings =='"]
    assert not (tmp_path / "out" / "graph.ttl").exists()


# ------------------------------------------------------------------ on BBC stories (../shared)

#: BBC stories whose names the issue lists: a fused name ("Vote Blair", "Tories Ken Clarke"), a common
#: word ("the Budget", "Honorary", "World number one"), a title or award ("The Aviator", "an Oscar", "as
#: Dracula"), a back-reference ("the Library"), look-alike names of different entities, and stories
#: that give the corpus evidence these rest on (other Robins and Robbies, "budget" in lower case).
BBC_STORIES = ["tech/204", "politics/013", "politics/190", "entertainment/354", "entertainment/326", "tech/389", "business/443",
               "sport/416", "entertainment/384", "entertainment/138", "politics/320", "sport/217", "politics/336", "politics/319",
               "politics/146", "entertainment/125", "business/227", "business/154", "politics/029", "sport/433", "politics/295"]
NO_ENTITIES = ["Vote Blair", "Labour Blair", "Brown Blair", "Get Brown", "Tories Ken Clarke", "Lib Dem Norman Baker",
               "Final Straw", "Dracula", "Library", "Budget", "Honorary", "Aviator", "Oscar", "World"]


def test_shared_bbc_fused_names_common_words_and_titles_are_no_entities() -> None:
    from kg.pipeline import extract

    stories = [needs_shared(SHARED / "corpora" / "bbc" / f"{s}.txt") for s in BBC_STORIES]
    ex = extract(stories, progress=False)
    names = {e.label: e for e in ex.entities.values()}
    for bad in NO_ENTITIES:
        assert bad not in names, bad
        assert not any(bad in e.alt_labels for e in ex.entities.values() if e.type == "Person"), bad
    assert names["British Library"].type == "Organization" and "Library" in names["British Library"].alt_labels
    assert {"Tony Blair", "Gordon Brown", "Ken Clarke", "Norman Baker"} <= {n for n, e in names.items() if e.type == "Person"}
    assert names["Robbie Williams"] is not names["Robin Williams"]
    assert "PepsiCo" in names and "Persico" not in names["PepsiCo"].alt_labels


def test_grammar_calls_a_name_no_person_shares_a_company():
    """'telecoms company Zentrax', repeated PERSON labels through one story: the grammar's organisation
    wins when no person in the corpus shares a word of the name."""
    ms = corpus([("Zentrax", "PERSON", {"Organization": 2})] + [("Zentrax", "PERSON")] * 5,
                [("Dana Orlek", "PERSON")])
    assert nodes(ms)["Zentrax"] == {("Zentrax", "Organization")}


def test_grammar_does_not_retype_a_name_a_person_shares():
    """A surname that is also a person's elsewhere in the corpus ('Orlek's company' cues) stays a person,
    and a name the grammar also calls a person stays one."""
    ms = corpus([("Orlek", "PERSON", {"Organization": 2})] + [("Orlek", "PERSON")] * 5,
                [("Dana Orlek", "PERSON"), ("Dana Orlek", "PERSON")],
                [("Zentrax", "PERSON", {"Organization": 2, "Person": 1})] + [("Zentrax", "PERSON")] * 5)
    out = nodes(ms)
    assert ("Zentrax", "Person") in out["Zentrax"]
    assert all(t == "Person" for _, t in out["Orlek"])


def test_a_given_name_keeps_a_person_an_organisation_cue_misread():
    """'Dana Orlek manager X' cues an organisation, but every label says a person and 'Dana' starts
    another person's name in the corpus: a person. Without that other Dana the cue still decides."""
    tom = [("Dana Veskin", "PERSON"), ("Dana Veskin", "PERSON")]
    ms = corpus([("Dana Orlek", "PERSON", {"Organization": 2}), ("Dana Orlek", "PERSON")], tom)
    assert nodes(ms)["Dana Orlek"] == {("Dana Orlek", "Person")}
    alone = corpus([("Dana Orlek", "PERSON", {"Organization": 2}), ("Dana Orlek", "PERSON")])
    assert nodes(alone)["Dana Orlek"] == {("Dana Orlek", "Organization")}


def test_a_surname_alone_elsewhere_needs_company_or_fame():
    """'Orlek' alone in a story that shares no name with the one story naming Dana Orlek is another
    Orlek; where the story also names Dana Orlek's firm Northwind, it is Dana Orlek."""
    review = [("Dana Orlek", "PERSON"), ("Northwind", "ORG")]
    ms = corpus(review, [("Orlek", "PERSON"), ("Kestrel", "ORG")])
    assert nodes(ms)["Orlek"] == {("Orlek", "Person")}
    ms = corpus(review, [("Orlek", "PERSON"), ("Northwind", "ORG")])
    assert nodes(ms)["Orlek"] == {("Dana Orlek", "Person")}


def test_a_surname_alone_is_the_famous_person_of_that_name():
    """A person named in full in three stories is who the surname alone means in a fourth."""
    ms = corpus(*[[("Dana Orlek", "PERSON"), (f"Firm{i}", "ORG")] for i in range(3)], [("Orlek", "PERSON")])
    assert nodes(ms)["Orlek"] == {("Dana Orlek", "Person")}
