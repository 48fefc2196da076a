"""Reference across sentences, with the real spaCy model, on invented sentences: a definite description
('the insurer's chairman', 'chairman of the organisation', 'the company's founder') is the organisation
named before, when exactly one fits; each absence is paired with the presence next to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import facts


@pytest.mark.parametrize("text, fact", [
    ("Migration Forum says it is independent. Sir Tom Reyes, chairman of the organisation, disagrees.",
     ("Tom Reyes", "heads", "Migration Forum")),
    ("The plan will hit Marwick Dairies hard. Ana Ruiz, the company's founder, said it would cost a lot.",
     ("Ana Ruiz", "heads", "Marwick Dairies")),
    ("Northwind Life, Valdoria's largest insurer, cut bonuses. Kestrel Union and Brightwater Mutual also cut "
     "rates. Tom Reyes, managing director of the insurer's pensions division, said so.",
     ("Tom Reyes", "worksFor", "Northwind Life")),
])
def test_a_definite_description_is_the_organisation_that_fits(tmp_path: Path, text: str, fact: tuple) -> None:
    assert fact in facts(tmp_path, text)


def test_two_organisations_named_before_leave_the_description_unresolved(tmp_path: Path) -> None:
    one = "Kestrel Union cut rates last year. Tom Reyes, chairman of the organisation, said so."
    assert ("Tom Reyes", "heads", "Kestrel Union") in facts(tmp_path, one)
    (tmp_path / "two").mkdir()
    two = "Kestrel Union and Brightwater Mutual cut rates last year. Tom Reyes, chairman of the organisation, said so."
    got = facts(tmp_path / "two", two)
    assert not any(p == "heads" for _, p, _ in got)


def test_the_described_one_wins_over_others_named_after_it(tmp_path: Path) -> None:
    text = ("Northwind Life, Valdoria's largest insurer, cut bonuses. Kestrel Union and Brightwater Mutual also "
            "cut rates. Tom Reyes, managing director of the insurer's pensions division, said so.")
    got = facts(tmp_path, text)
    assert ("Tom Reyes", "worksFor", "Kestrel Union") not in got
    assert ("Tom Reyes", "worksFor", "Brightwater Mutual") not in got
    assert ("Tom Reyes", "worksFor", "Northwind Life") in got


def test_a_place_modifying_the_noun_is_not_the_organisation_described(tmp_path: Path) -> None:
    text = "The ruling hits Valdorian company Marwick Dairies. Ana Ruiz, the company's founder, said so."
    assert ("Ana Ruiz", "heads", "Marwick Dairies") in facts(tmp_path, text)


def test_joining_the_club_named_before(tmp_path: Path) -> None:
    one = "Kestrel Rovers lost 2-0 on Saturday. Tom Reyes joined the club in 2003."
    assert ("Tom Reyes", "memberOf", "Kestrel Rovers") in facts(tmp_path, one)
    (tmp_path / "two").mkdir()
    two = "Kestrel Rovers beat Marwick Athletic 2-0 on Saturday. Tom Reyes joined the club in 2003."
    assert not any(p == "memberOf" for _, p, _ in facts(tmp_path / "two", two))  # which club?


def test_a_quoted_description_is_the_speakers(tmp_path: Path) -> None:
    quoted = 'Kestrel Union lost again. "I want to stay and be chairman of the club," said Tom Reyes.'
    assert ("Tom Reyes", "heads", "Kestrel Union") not in facts(tmp_path, quoted)
    (tmp_path / "said").mkdir()
    plain = "Kestrel Union lost again. Tom Reyes, chairman of the club, said he wanted to stay."
    assert ("Tom Reyes", "heads", "Kestrel Union") in facts(tmp_path / "said", plain)


@pytest.mark.parametrize("text, fact", [
    ("Kestrel Rovers striker Tom Reyes was sent off. Chairman Sam Hart accused the striker of cheating the club.",
     ("Sam Hart", "accused", "Tom Reyes")),
    ("Valdorian Culture Minister Ana Ruiz gave the award. Tom Reyes told the minister he was honoured.",
     ("Ana Ruiz", "communicatedWith", "Tom Reyes")),  # a symmetric property, names in order
    ("Tom Reyes, 28, was sent off on Saturday. The 28-year-old midfielder joined Kestrel Rovers in 2003.",
     ("Tom Reyes", "memberOf", "Kestrel Rovers")),
])
def test_a_person_description_is_the_one_person_with_that_title_or_age(tmp_path: Path, text: str, fact: tuple) -> None:
    assert fact in facts(tmp_path, text)


def test_a_person_description_two_people_fit_is_left_alone(tmp_path: Path) -> None:
    one = "Striker Tom Reyes was sent off. Chairman Sam Hart accused the striker of cheating the club."
    assert ("Sam Hart", "accused", "Tom Reyes") in facts(tmp_path, one)
    (tmp_path / "two").mkdir()
    two = ("Striker Tom Reyes and striker Leo Marsh were sent off. Chairman Sam Hart accused the striker of "
           "cheating the club.")
    got = facts(tmp_path / "two", two)
    assert not any(s == "Sam Hart" and p == "accused" for s, p, _ in got)


def test_a_person_description_without_the_title_or_age_before_is_left_alone(tmp_path: Path) -> None:
    plain = "Tom Reyes was sent off on Saturday. The 28-year-old midfielder joined Kestrel Rovers in 2003."
    assert ("Tom Reyes", "memberOf", "Kestrel Rovers") not in facts(tmp_path, plain)
    (tmp_path / "aged").mkdir()
    aged = "Tom Reyes, 28, was sent off on Saturday. The 28-year-old midfielder joined Kestrel Rovers in 2003."
    assert ("Tom Reyes", "memberOf", "Kestrel Rovers") in facts(tmp_path / "aged", aged)


def test_a_quoted_person_description_is_left_alone(tmp_path: Path) -> None:
    quoted = 'Striker Tom Reyes was sent off. "I accused the striker of cheating," said Sam Hart.'
    assert ("Sam Hart", "accused", "Tom Reyes") not in facts(tmp_path, quoted)
    (tmp_path / "plain").mkdir()
    plain = "Striker Tom Reyes was sent off. Sam Hart accused the striker of cheating."
    assert ("Sam Hart", "accused", "Tom Reyes") in facts(tmp_path / "plain", plain)


def test_an_idiom_noun_refers_back_only_to_an_organisation_described_by_it(tmp_path: Path) -> None:
    named = "Kestrel Rovers lost again. Tom Reyes, chairman of the side, said he would stay."
    assert ("Tom Reyes", "heads", "Kestrel Rovers") not in facts(tmp_path, named)
    (tmp_path / "described").mkdir()
    described = "Kestrel Rovers, the Premiership side, lost again. Tom Reyes, chairman of the side, said he would stay."
    assert ("Tom Reyes", "heads", "Kestrel Rovers") in facts(tmp_path / "described", described)


def test_a_name_with_the_noun_in_it_is_described_by_it(tmp_path: Path) -> None:
    text = "Bank of Valdoria cut rates. Ana Ruiz, a spokeswoman for the Oslo-based bank, said so."
    got = facts(tmp_path, text)
    assert ("Bank of Valdoria", "basedIn", "Oslo") in got
    assert ("Ana Ruiz", "spokespersonOf", "Bank of Valdoria") in got
    (tmp_path / "other").mkdir()
    other = "Kestrel Holdings cut rates. Ana Ruiz, a spokeswoman for the Oslo-based bank, said so."
    assert not any(o == "Kestrel Holdings" for _, _, o in facts(tmp_path / "other", other))


def test_a_person_description_with_a_club_is_the_person_introduced_with_it(tmp_path: Path) -> None:
    other = "Marwick defender Leo Marsh scored. Sam Hart accused the Kestrel defender of cheating."
    assert ("Sam Hart", "accused", "Leo Marsh") not in facts(tmp_path, other)
    (tmp_path / "same").mkdir()
    same = ("Marwick defender Leo Marsh scored. Kestrel defender Tom Reyes was sent off. Sam Hart accused the "
            "Kestrel defender of cheating.")
    assert ("Sam Hart", "accused", "Tom Reyes") in facts(tmp_path / "same", same)


def test_an_organisation_named_in_the_same_sentence_makes_the_described_one_doubtful(tmp_path: Path) -> None:
    rival = "Northwind Oil, the oil firm, was sold. Kestrel Gas lost the bid, said Tom Reyes, chairman of the firm."
    assert ("Tom Reyes", "heads", "Northwind Oil") not in facts(tmp_path, rival)
    (tmp_path / "alone").mkdir()
    alone = "Northwind Oil, the oil firm, was sold. The bid failed, said Tom Reyes, chairman of the firm."
    assert ("Tom Reyes", "heads", "Northwind Oil") in facts(tmp_path / "alone", alone)


def test_a_relative_clause_set_off_by_commas_keeps_the_reference(tmp_path: Path) -> None:
    aside = "Brightwater Foods reported higher sales. The company, which is based in Oslo, sells fish."
    assert ("Brightwater Foods", "basedIn", "Oslo") in facts(tmp_path, aside)
    (tmp_path / "restrictive").mkdir()
    restrictive = "Brightwater Foods reported higher sales. The company that is based in Oslo sells fish."
    assert ("Brightwater Foods", "basedIn", "Oslo") not in facts(tmp_path / "restrictive", restrictive)


def test_the_companies_are_not_the_last_company_named(tmp_path: Path) -> None:
    plural = "Northwind Oil and Kestrel Gas cut prices on Monday. Last year the companies bought Brightwater Ltd."
    assert ("Kestrel Gas", "boughtFrom", "Brightwater Ltd") not in facts(tmp_path, plural)
    (tmp_path / "one").mkdir()
    one = "Northwind Oil cut prices on Monday. Last year the company bought Brightwater Ltd."
    assert ("Northwind Oil", "boughtFrom", "Brightwater Ltd") in facts(tmp_path / "one", one)
