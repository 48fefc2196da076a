"""Dates on facts: normalised with dateparser, anchored to the article's publication date, never invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.dates import FactDate, normalise, publication_date
from kg.pipeline import extract


@pytest.mark.parametrize(("text", "base", "expected"), [
    ("Dec. 25, 2024", None, FactDate("2024-12-25", "day")),
    ("on 3 February 2021", None, FactDate("2021-02-03", "day")),
    ("in June 2025", None, FactDate("2025-06-01", "month")),
    ("2019", None, FactDate("2019-01-01", "year")),
    ("Earlier in October", "2025-11-03", FactDate("2025-10-01", "month")),
    ("the end of October", "2025-11-03", FactDate("2025-10-01", "month")),
    ("Monday", "2025-11-05", FactDate("2025-11-03", "day")),
    ("June 27", "2025-07-10", FactDate("2025-06-27", "day")),
    # no publication date: the cue that names its year, not a relative one before it read against today
    ("last year, in 2004", None, FactDate("2004-01-01", "year")),
    ("earlier this week, on 3 May 2003", None, FactDate("2003-05-03", "day")),
    ("last year, in 2004", "2005-03-01", FactDate("2004-01-01", "year")),
])
def test_normalise(text: str, base: str | None, expected: FactDate) -> None:
    assert normalise(text, base) == expected


@pytest.mark.parametrize(("text", "base"), [
    ("Monday", None),  # relative, and no publication date to anchor it
    ("Earlier in October", None),
    ("last year", None),
    ("three decades", "2025-11-03"),  # durations and ages are not dates
    ("25-year", "2025-11-03"),
    ("53", "2025-11-03"),
    ("recent years", "2025-11-03"),
])
def test_not_a_date(text: str, base: str | None) -> None:
    assert normalise(text, base) is None


def test_publication_date_from_header() -> None:
    assert publication_date("Talks in Brussels\nPublished: 12 March 2025\n\nBody text.") == "2025-03-12"
    assert publication_date("Talks\nMarch 4, 2024\n\nBody.") == "2024-03-04"
    assert publication_date("The summit of March 4, 2024 and its long aftermath for the region\nBody.") is None
    assert publication_date("No date here.\nNone at all.") is None


def test_event_facts_carry_their_date_and_states_do_not(tmp_path: Path) -> None:
    article = tmp_path / "brussels.txt"
    article.write_text(
        "Brussels talks\nPublished: 12 March 2025\n\n"
        "On Monday, the European Union sanctioned Iran over its drone exports.\n\n"
        "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris in June 2024.\n",
        encoding="utf-8")
    ex = extract([article], progress=False)
    assert ex.articles[0].date == "2025-03-12"
    dates = {(r.subject, r.predicate, r.object): {(e.date, e.date_precision) for e in r.evidence}
             for r in ex.relations}
    assert dates[("european-union", "sanctioned", "iran")] == {("2025-03-10", "day")}  # the Monday before
    assert dates[("emmanuel-macron", "metWith", "olaf-scholz")] == {("2024-06-01", "month")}
    assert dates[("olaf-scholz", "heads", "germany")] == {(None, None)}  # a state, not an event
